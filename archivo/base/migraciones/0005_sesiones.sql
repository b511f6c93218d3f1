-- Sessions of the Comisión de Seguimiento del Servicio and of the Consejo General, their orden del día
-- (numbered points with sub-points), the archive documents attached to each point, and the carpetas built.

CREATE TABLE sesiones (
    id             INTEGER PRIMARY KEY,
    organo         TEXT NOT NULL CHECK (organo IN ('comision', 'consejo')),
    tipo           TEXT NOT NULL CHECK (tipo IN ('ordinaria', 'extraordinaria')),
    numero         INTEGER NOT NULL CHECK (numero > 0),
    anio           INTEGER NOT NULL,
    fecha          TEXT NOT NULL,                      -- ISO date; its year is always anio
    hora           TEXT NOT NULL DEFAULT '',           -- "11:00"
    lugar          TEXT NOT NULL DEFAULT '',
    estado         TEXT NOT NULL DEFAULT 'programada'
                   CHECK (estado IN ('programada', 'celebrada', 'cancelada')),
    origen         TEXT NOT NULL DEFAULT 'manual' CHECK (origen IN ('manual', 'calendario')),
    expediente_id  INTEGER REFERENCES expedientes (id),  -- created when the session first files something
    creada         TEXT NOT NULL,
    creada_por     TEXT NOT NULL,
    UNIQUE (organo, tipo, anio, numero)
);
CREATE INDEX sesiones_fecha ON sesiones (fecha);

-- A point of the orden del día. Its printed number (2, 2.1…) is its position among its siblings, so
-- inserting, moving or removing a point renumbers the others; padre_id is NULL for a top-level point.
CREATE TABLE sesion_puntos (
    id         INTEGER PRIMARY KEY,
    sesion_id  INTEGER NOT NULL REFERENCES sesiones (id),
    padre_id   INTEGER REFERENCES sesion_puntos (id),
    orden      INTEGER NOT NULL CHECK (orden > 0),
    titulo     TEXT NOT NULL CHECK (length(trim(titulo)) > 0)
);
CREATE INDEX sesion_puntos_sesion ON sesion_puntos (sesion_id, padre_id, orden);

-- Documents of the archive attached to a point, in the order they go into the carpeta.
CREATE TABLE punto_documentos (
    punto_id      INTEGER NOT NULL REFERENCES sesion_puntos (id),
    documento_id  INTEGER NOT NULL REFERENCES documentos (id),
    orden         INTEGER NOT NULL CHECK (orden > 0),
    agregado      TEXT NOT NULL,
    agregado_por  TEXT NOT NULL,
    PRIMARY KEY (punto_id, documento_id)
);
CREATE INDEX punto_documentos_documento ON punto_documentos (documento_id);

-- Every carpeta built (each one a document of the session's expediente; a rebuild is a new version).
-- huella fingerprints the orden del día and its files, to tell whether the latest carpeta is current.
CREATE TABLE sesion_carpetas (
    id            INTEGER PRIMARY KEY,
    sesion_id     INTEGER NOT NULL REFERENCES sesiones (id),
    documento_id  INTEGER NOT NULL REFERENCES documentos (id),
    version       INTEGER NOT NULL CHECK (version > 0),
    paginas       INTEGER NOT NULL,
    huella        TEXT NOT NULL,
    creada        TEXT NOT NULL,
    creada_por    TEXT NOT NULL,
    UNIQUE (sesion_id, version)
);
