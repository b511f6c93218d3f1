-- Risk-matrix register (seed 004, sections 1.7 and 2.7; see archivo/riesgos.py).
-- A risk (section I), its evaluations as an append-only history (sections II and IV), its treatment
-- options (section III) and its actions (PTAR follow-up), every update of an action kept as a new version.

CREATE TABLE riesgos (
    id                INTEGER PRIMARY KEY,
    codigo            TEXT NOT NULL UNIQUE,         -- what users see and type: R-CP-01
    prefijo           TEXT NOT NULL,                -- CP (per mecanismo)
    numero            INTEGER NOT NULL,             -- 1 in R-CP-01
    mecanismo         TEXT NOT NULL,                -- clave in mecanismos.yaml
    texto             TEXT NOT NULL DEFAULT '',     -- '' = no risk text (the row is incompleto)
    causas            TEXT NOT NULL DEFAULT '',
    efectos           TEXT NOT NULL DEFAULT '',
    area              TEXT NOT NULL DEFAULT '',     -- área dueña del riesgo
    inicio_anotado    TEXT NOT NULL DEFAULT '',     -- «fecha de inicio» of a transcribed matrix that is not a date
    proxima_revision  TEXT,
    origen            TEXT NOT NULL DEFAULT 'captura'
                      CHECK (origen IN ('captura', 'matriz base', 'importación')),
    clave_base        TEXT UNIQUE,                  -- row of archivo/datos/matriz_riesgos_base.yaml
    nota              TEXT NOT NULL DEFAULT '',
    creado            TEXT NOT NULL,
    creado_por        TEXT NOT NULL,
    modificado        TEXT NOT NULL,
    UNIQUE (prefijo, numero)
);
CREATE INDEX riesgos_mecanismo ON riesgos (mecanismo);

CREATE TABLE riesgo_tratamientos (
    riesgo_id  INTEGER NOT NULL REFERENCES riesgos (id),
    opcion     TEXT NOT NULL CHECK (opcion IN ('EVITAR', 'REDUCIR', 'COMPARTIR', 'TRANSFERIR', 'ASUMIR')),
    PRIMARY KEY (riesgo_id, opcion)
);

-- NR is never stored as typed: it is a generated column, probabilidad × impacto (NULL while either is missing).
-- nr_anotado keeps the NR a transcribed matrix wrote by hand, only to show where it disagrees.
CREATE TABLE riesgo_evaluaciones (
    id              INTEGER PRIMARY KEY,
    riesgo_id       INTEGER NOT NULL REFERENCES riesgos (id),
    numero          INTEGER NOT NULL,
    tipo            TEXT NOT NULL CHECK (tipo IN ('inherente', 'residual')),
    fecha           TEXT,                          -- NULL only for an undated transcribed matrix
    probabilidad    INTEGER CHECK (probabilidad BETWEEN 1 AND 3),
    impacto         INTEGER CHECK (impacto BETWEEN 1 AND 3),
    nr              INTEGER GENERATED ALWAYS AS (probabilidad * impacto) VIRTUAL,
    nr_anotado      INTEGER,
    nota            TEXT NOT NULL DEFAULT '',
    registrada      TEXT NOT NULL,
    registrada_por  TEXT NOT NULL,
    UNIQUE (riesgo_id, numero)
);

CREATE TRIGGER riesgo_evaluaciones_sin_cambios BEFORE UPDATE ON riesgo_evaluaciones
BEGIN
    SELECT RAISE(ABORT, 'las evaluaciones de riesgo no se modifican: registre una nueva');
END;

CREATE TRIGGER riesgo_evaluaciones_sin_borrado BEFORE DELETE ON riesgo_evaluaciones
BEGIN
    SELECT RAISE(ABORT, 'las evaluaciones de riesgo no se borran');
END;

CREATE TABLE riesgo_acciones (
    id         INTEGER PRIMARY KEY,
    riesgo_id  INTEGER NOT NULL REFERENCES riesgos (id),
    numero     INTEGER NOT NULL,
    UNIQUE (riesgo_id, numero)
);

-- Every state of an action; the current one is the highest version. avance/estatus NULL = not reported
-- (actions transcribed from a matrix that had none).
CREATE TABLE riesgo_accion_versiones (
    id                INTEGER PRIMARY KEY,
    accion_id         INTEGER NOT NULL REFERENCES riesgo_acciones (id),
    version           INTEGER NOT NULL,
    fecha             TEXT,                        -- date of the update (corte)
    descripcion       TEXT NOT NULL,
    responsable       TEXT NOT NULL DEFAULT '',
    fecha_inicio      TEXT,
    fecha_compromiso  TEXT,
    evidencia         TEXT NOT NULL DEFAULT '',
    avance            INTEGER CHECK (avance BETWEEN 0 AND 100),
    estatus           TEXT CHECK (estatus IN ('sin iniciar', 'en proceso', 'concluida', 'cancelada')),
    nota              TEXT NOT NULL DEFAULT '',
    registrada        TEXT NOT NULL,
    registrada_por    TEXT NOT NULL,
    UNIQUE (accion_id, version)
);

CREATE TRIGGER riesgo_accion_versiones_sin_cambios BEFORE UPDATE ON riesgo_accion_versiones
BEGIN
    SELECT RAISE(ABORT, 'las versiones de una acción no se modifican: registre una actualización');
END;

CREATE TRIGGER riesgo_accion_versiones_sin_borrado BEFORE DELETE ON riesgo_accion_versiones
BEGIN
    SELECT RAISE(ABORT, 'las versiones de una acción no se borran');
END;
