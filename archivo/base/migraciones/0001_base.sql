-- Base schema: audit log, files, padrón, expedientes, procedures and documents.

CREATE TABLE historial (
    id        INTEGER PRIMARY KEY,
    momento   TEXT NOT NULL,
    usuario   TEXT NOT NULL,
    accion    TEXT NOT NULL,
    entidad   TEXT NOT NULL,
    clave     TEXT,
    antes     TEXT,
    despues   TEXT
);
CREATE INDEX historial_momento ON historial (momento);
CREATE INDEX historial_entidad ON historial (entidad, clave);

-- Every file under the archive root that the catalog knows, with its SHA-256.
-- regenerable = 1 for derived files (carátula, índice) that may be rewritten.
CREATE TABLE archivos (
    id           INTEGER PRIMARY KEY,
    ruta         TEXT NOT NULL UNIQUE,
    sha256       TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    tipo         TEXT NOT NULL,
    regenerable  INTEGER NOT NULL DEFAULT 0,
    creado       TEXT NOT NULL
);

CREATE TABLE personas (
    clave              TEXT PRIMARY KEY,
    nombre             TEXT NOT NULL,
    primer_apellido    TEXT NOT NULL,
    segundo_apellido   TEXT NOT NULL DEFAULT '',
    cargo              TEXT NOT NULL,
    nivel              TEXT NOT NULL DEFAULT '',
    rango              TEXT NOT NULL DEFAULT '' CHECK (rango IN ('', 'A', 'B', 'C')),
    adscripcion        TEXT NOT NULL,
    titularidad        INTEGER NOT NULL DEFAULT 0,
    fecha_titularidad  TEXT,
    via_ingreso        TEXT NOT NULL DEFAULT '',
    fecha_ingreso      TEXT,
    situacion          TEXT NOT NULL DEFAULT 'activo'
                       CHECK (situacion IN ('activo', 'separación temporal', 'separación definitiva')),
    correo             TEXT NOT NULL DEFAULT '',
    fecha_baja         TEXT,
    motivo_baja        TEXT,
    alta               TEXT NOT NULL,
    modificado         TEXT NOT NULL
);

-- One per persona, procedure, mecanismo (risk register), session, and acervo year.
CREATE TABLE expedientes (
    id                    INTEGER PRIMARY KEY,
    tipo                  TEXT NOT NULL CHECK (tipo IN ('persona', 'procedimiento', 'mecanismo', 'sesion', 'acervo')),
    referencia            TEXT NOT NULL,
    numero                TEXT NOT NULL UNIQUE,
    titulo                TEXT NOT NULL,
    ruta                  TEXT NOT NULL UNIQUE,
    area                  TEXT NOT NULL,
    fondo                 TEXT NOT NULL,
    seccion               TEXT NOT NULL,
    serie                 TEXT NOT NULL,
    valores               TEXT NOT NULL,
    vigencia_anios        INTEGER NOT NULL,
    clasificacion         TEXT NOT NULL,
    fecha_apertura        TEXT NOT NULL,
    fecha_cierre          TEXT,
    estado                TEXT NOT NULL DEFAULT 'abierto' CHECK (estado IN ('abierto', 'cerrado')),
    caratula_vigente      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tipo, referencia)
);

CREATE TABLE procedimientos (
    id              INTEGER PRIMARY KEY,
    mecanismo       TEXT NOT NULL,
    tipo            TEXT NOT NULL,
    titulo          TEXT NOT NULL,
    estado          TEXT NOT NULL DEFAULT 'abierto' CHECK (estado IN ('abierto', 'concluido')),
    abierto         TEXT NOT NULL,
    abierto_por     TEXT NOT NULL,
    concluido       TEXT,
    expediente_id   INTEGER REFERENCES expedientes (id)
);

CREATE TABLE procedimiento_personas (
    procedimiento_id  INTEGER NOT NULL REFERENCES procedimientos (id),
    persona_clave     TEXT NOT NULL REFERENCES personas (clave),
    PRIMARY KEY (procedimiento_id, persona_clave)
);

-- The checklist of a procedure: a snapshot of the manual's steps when it was opened.
CREATE TABLE pasos (
    procedimiento_id  INTEGER NOT NULL REFERENCES procedimientos (id),
    cvo               INTEGER NOT NULL,
    accion            TEXT NOT NULL,
    responsable       TEXT NOT NULL,
    insumos           TEXT NOT NULL,   -- JSON list
    salidas           TEXT NOT NULL,   -- JSON list
    estado            TEXT NOT NULL DEFAULT 'pendiente' CHECK (estado IN ('pendiente', 'en curso', 'hecho')),
    iniciado          TEXT,
    iniciado_por      TEXT,
    hecho             TEXT,
    hecho_por         TEXT,
    nota              TEXT,
    PRIMARY KEY (procedimiento_id, cvo)
);

CREATE TABLE documentos (
    id                 INTEGER PRIMARY KEY,
    folio              TEXT UNIQUE,
    serie              TEXT,
    area               TEXT,
    anio               INTEGER,
    consecutivo        INTEGER,
    tipo               TEXT NOT NULL,
    estado             TEXT NOT NULL CHECK (estado IN ('borrador', 'emitido', 'cancelado', 'importado')),
    origen             TEXT NOT NULL DEFAULT 'generado' CHECK (origen IN ('generado', 'importado')),
    fecha              TEXT NOT NULL,
    asunto             TEXT NOT NULL,
    expediente_id      INTEGER NOT NULL REFERENCES expedientes (id),
    procedimiento_id   INTEGER REFERENCES procedimientos (id),
    paso               INTEGER,
    plantilla          TEXT,
    plantilla_sha256   TEXT,
    datos_sha256       TEXT,
    archivo_id         INTEGER REFERENCES archivos (id),
    datos_archivo_id   INTEGER REFERENCES archivos (id),
    sustituye_a        INTEGER REFERENCES documentos (id),
    creado             TEXT NOT NULL,
    creado_por         TEXT NOT NULL,
    cancelado          TEXT,
    cancelado_por      TEXT,
    motivo_cancelacion TEXT,
    UNIQUE (serie, area, anio, consecutivo)
);
CREATE INDEX documentos_expediente ON documentos (expediente_id);
CREATE INDEX documentos_procedimiento ON documentos (procedimiento_id);

-- A document appears in the expediente of each persona it concerns (one file, no copies).
CREATE TABLE documento_personas (
    documento_id   INTEGER NOT NULL REFERENCES documentos (id),
    persona_clave  TEXT NOT NULL REFERENCES personas (clave),
    PRIMARY KEY (documento_id, persona_clave)
);
CREATE INDEX documento_personas_persona ON documento_personas (persona_clave);

-- Documents committed but not yet in the search index (the index is derived; see busqueda.py).
CREATE TABLE indice_pendientes (
    documento_id  INTEGER PRIMARY KEY REFERENCES documentos (id)
);
