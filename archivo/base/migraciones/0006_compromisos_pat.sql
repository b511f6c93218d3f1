-- Compromisos y acuerdos of the Comisión (a ledger with append-only history) and the Programa Anual de Trabajo.

-- One commitment or agreement, born at a session of the Comisión. The session is given by its date, type and
-- ordinal (the ledger must hold sessions that are not in this archive); sesion_id links it when it is.
CREATE TABLE compromisos (
    id             INTEGER PRIMARY KEY,
    sesion_id      INTEGER REFERENCES sesiones (id),
    sesion_fecha   TEXT NOT NULL,
    sesion_tipo    TEXT NOT NULL CHECK (sesion_tipo IN ('ordinaria', 'extraordinaria')),
    sesion_numero  INTEGER NOT NULL CHECK (sesion_numero > 0),
    texto          TEXT NOT NULL,
    area           TEXT NOT NULL,
    creado         TEXT NOT NULL,
    creado_por     TEXT NOT NULL
);
CREATE INDEX compromisos_sesion ON compromisos (sesion_fecha);

-- Every state the item went through (avance, estatus, %, acuerdos that fulfilled it). Append-only: the
-- item's current state is its latest row; an informe with a corte uses the latest row dated on or before it.
CREATE TABLE compromiso_estados (
    id              INTEGER PRIMARY KEY,
    compromiso_id   INTEGER NOT NULL REFERENCES compromisos (id),
    fecha           TEXT NOT NULL,
    avance          TEXT NOT NULL,
    estatus         TEXT NOT NULL CHECK (estatus IN ('en curso', 'concluido')),
    porcentaje      INTEGER NOT NULL CHECK (porcentaje BETWEEN 0 AND 100),
    acuerdos        TEXT NOT NULL DEFAULT '[]',   -- JSON list of {"acuerdo": "INE/JGE38/2024", "liga": "https://…"}
    registrado      TEXT NOT NULL,
    registrado_por  TEXT NOT NULL
);
CREATE INDEX compromiso_estados_compromiso ON compromiso_estados (compromiso_id, fecha);

CREATE TRIGGER compromiso_estados_sin_cambios BEFORE UPDATE ON compromiso_estados
BEGIN
    SELECT RAISE(ABORT, 'el historial de un compromiso no se modifica: registre una actualización nueva');
END;
CREATE TRIGGER compromiso_estados_sin_borrado BEFORE DELETE ON compromiso_estados
BEGIN
    SELECT RAISE(ABORT, 'el historial de un compromiso no se borra');
END;

-- Each informe issued and what it reported of each item: the carry-over rule reads this (an item reported
-- as concluido in an earlier informe is not repeated).
CREATE TABLE compromiso_informes (
    id            INTEGER PRIMARY KEY,
    corte         TEXT NOT NULL,
    documento_id  INTEGER NOT NULL REFERENCES documentos (id),
    creado        TEXT NOT NULL
);
CREATE TABLE compromiso_informe_items (
    informe_id     INTEGER NOT NULL REFERENCES compromiso_informes (id),
    compromiso_id  INTEGER NOT NULL REFERENCES compromisos (id),
    numero         INTEGER NOT NULL,
    estatus        TEXT NOT NULL,
    porcentaje     INTEGER NOT NULL,
    PRIMARY KEY (informe_id, compromiso_id)
);
CREATE INDEX compromiso_informe_items_compromiso ON compromiso_informe_items (compromiso_id);

-- Programa Anual de Trabajo: one per year, its mecanismos (grouped by área) and their activities.
CREATE TABLE pat_programas (
    anio            INTEGER PRIMARY KEY,
    titulo          TEXT NOT NULL,
    nombre_corto    TEXT NOT NULL,
    textos          TEXT NOT NULL DEFAULT '{}',   -- JSON: glosario, introduccion, marco_normativo, prioritarias
    origen          TEXT NOT NULL,
    importado       TEXT NOT NULL,
    importado_por   TEXT NOT NULL
);
CREATE TABLE pat_mecanismos (
    id                 INTEGER PRIMARY KEY,
    anio               INTEGER NOT NULL REFERENCES pat_programas (anio),
    orden              INTEGER NOT NULL,
    area               TEXT NOT NULL,
    nombre             TEXT NOT NULL,
    titulo_cronograma  TEXT NOT NULL,
    nota               TEXT NOT NULL DEFAULT '',
    UNIQUE (anio, nombre)
);
CREATE TABLE pat_actividades (
    id            INTEGER PRIMARY KEY,
    mecanismo_id  INTEGER NOT NULL REFERENCES pat_mecanismos (id),
    numero        INTEGER NOT NULL CHECK (numero > 0),
    actividad     TEXT NOT NULL,
    meses         TEXT NOT NULL,                  -- JSON list of month numbers 1..12
    nota          TEXT NOT NULL DEFAULT '',
    UNIQUE (mecanismo_id, numero)
);
-- Progress per activity and semester, append-only (the latest row of a semester is its state).
CREATE TABLE pat_avances (
    id              INTEGER PRIMARY KEY,
    actividad_id    INTEGER NOT NULL REFERENCES pat_actividades (id),
    semestre        INTEGER NOT NULL CHECK (semestre IN (1, 2)),
    fecha           TEXT NOT NULL,
    avance          TEXT NOT NULL,
    estatus         TEXT NOT NULL CHECK (estatus IN ('sin iniciar', 'en proceso', 'concluida', 'cancelada')),
    porcentaje      INTEGER NOT NULL CHECK (porcentaje BETWEEN 0 AND 100),
    registrado      TEXT NOT NULL,
    registrado_por  TEXT NOT NULL
);
CREATE INDEX pat_avances_actividad ON pat_avances (actividad_id, semestre);

CREATE TRIGGER pat_avances_sin_cambios BEFORE UPDATE ON pat_avances
BEGIN
    SELECT RAISE(ABORT, 'el avance registrado no se modifica: registre uno nuevo');
END;
CREATE TRIGGER pat_avances_sin_borrado BEFORE DELETE ON pat_avances
BEGIN
    SELECT RAISE(ABORT, 'el avance registrado no se borra');
END;
