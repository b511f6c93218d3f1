-- Gestión documental (Ley General de Archivos): the cuadro general de clasificación archivística, the catálogo de
-- disposición documental (CADIDO) per serie, the life of an expediente (fase, ubicación topográfica), transfers
-- and bajas with their inventories, préstamos, and documents marked with historical value.

-- The cuadro: one fondo, its secciones, their series and subseries. Codes are unique in the whole cuadro.
CREATE TABLE cuadro (
    id           INTEGER PRIMARY KEY,
    nivel        TEXT NOT NULL CHECK (nivel IN ('fondo', 'seccion', 'serie', 'subserie')),
    codigo       TEXT NOT NULL UNIQUE CHECK (length(trim(codigo)) > 0),
    nombre       TEXT NOT NULL CHECK (length(trim(nombre)) > 0),
    padre_id     INTEGER REFERENCES cuadro (id),
    descripcion  TEXT NOT NULL DEFAULT '',
    area         TEXT NOT NULL DEFAULT '',          -- siglas of the área responsable (guía de archivo)
    creado       TEXT NOT NULL,
    modificado   TEXT NOT NULL,
    CHECK ((nivel = 'fondo') = (padre_id IS NULL))
);
CREATE INDEX cuadro_padre ON cuadro (padre_id);

-- Which serie a new expediente gets: «persona», «procedimiento», «procedimiento:<mecanismo>», «mecanismo»,
-- «mecanismo:<referencia>», «sesion», «acervo» (the most specific key wins).
CREATE TABLE cuadro_asignaciones (
    clave     TEXT PRIMARY KEY,
    serie_id  INTEGER NOT NULL REFERENCES cuadro (id)
);

-- The CADIDO of a serie or subserie. NULL plazos: not yet valued (listed as a problem, never guessed).
CREATE TABLE cadido (
    serie_id             INTEGER PRIMARY KEY REFERENCES cuadro (id),
    administrativo       INTEGER NOT NULL DEFAULT 0 CHECK (administrativo IN (0, 1)),
    legal                INTEGER NOT NULL DEFAULT 0 CHECK (legal IN (0, 1)),
    fiscal               INTEGER NOT NULL DEFAULT 0 CHECK (fiscal IN (0, 1)),   -- fiscal o contable
    plazo_tramite        INTEGER CHECK (plazo_tramite >= 0),                    -- years in the archivo de trámite
    plazo_concentracion  INTEGER CHECK (plazo_concentracion >= 0),              -- years in concentración
    destino              TEXT CHECK (destino IN ('baja', 'conservacion', 'muestreo')),
    acceso               TEXT NOT NULL DEFAULT 'publica' CHECK (acceso IN ('publica', 'reservada', 'confidencial')),
    fundamento           TEXT NOT NULL DEFAULT '',
    plazo_reserva        INTEGER CHECK (plazo_reserva > 0),                     -- years, reservada only
    observaciones        TEXT NOT NULL DEFAULT '',
    modificado           TEXT NOT NULL
);

-- The archival life of an expediente: its serie, the archive it is in and where (caja, estante).
ALTER TABLE expedientes ADD COLUMN serie_id INTEGER REFERENCES cuadro (id);
ALTER TABLE expedientes ADD COLUMN fase TEXT NOT NULL DEFAULT 'tramite'
    CHECK (fase IN ('tramite', 'concentracion', 'historico', 'baja'));
ALTER TABLE expedientes ADD COLUMN fecha_fase TEXT;
ALTER TABLE expedientes ADD COLUMN caja TEXT;
ALTER TABLE expedientes ADD COLUMN estante TEXT;
ALTER TABLE expedientes ADD COLUMN datos_personales INTEGER NOT NULL DEFAULT 0;
UPDATE expedientes SET datos_personales = 1 WHERE tipo = 'persona';
CREATE INDEX expedientes_serie ON expedientes (serie_id);

-- Instruments issued with folio: the Word document (documentos) and its Excel beside it (archivos).
CREATE TABLE instrumentos (
    id              INTEGER PRIMARY KEY,
    tipo            TEXT NOT NULL CHECK (tipo IN ('general', 'primaria', 'baja', 'secundaria', 'guia')),
    documento_id    INTEGER NOT NULL UNIQUE REFERENCES documentos (id),
    xlsx_id         INTEGER NOT NULL REFERENCES archivos (id),
    area            TEXT NOT NULL,
    fecha           TEXT NOT NULL,
    expedientes     INTEGER NOT NULL,
    emitido         TEXT NOT NULL,
    emitido_por     TEXT NOT NULL
);

-- A transfer (primaria, secundaria) or a baja documental: the expedientes it moved, each with its ubicación and,
-- when it happened before the plazo ended, the reason given.
CREATE TABLE movimientos (
    id              INTEGER PRIMARY KEY,
    tipo            TEXT NOT NULL CHECK (tipo IN ('primaria', 'secundaria', 'baja')),
    fecha           TEXT NOT NULL,
    instrumento_id  INTEGER REFERENCES instrumentos (id),
    registrado      TEXT NOT NULL,
    registrado_por  TEXT NOT NULL
);
CREATE TABLE movimiento_expedientes (
    movimiento_id   INTEGER NOT NULL REFERENCES movimientos (id),
    expediente_id   INTEGER NOT NULL REFERENCES expedientes (id),
    orden           INTEGER NOT NULL,
    caja            TEXT,
    estante         TEXT,
    anticipada      INTEGER NOT NULL DEFAULT 0,
    motivo          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (movimiento_id, expediente_id)
);
CREATE INDEX movimiento_expedientes_expediente ON movimiento_expedientes (expediente_id);

-- Préstamos (vale de préstamo): who took the expediente, when, when it must come back, and when it did.
CREATE TABLE prestamos (
    id                  INTEGER PRIMARY KEY,
    expediente_id       INTEGER NOT NULL REFERENCES expedientes (id),
    solicitante         TEXT NOT NULL CHECK (length(trim(solicitante)) > 0),
    area                TEXT NOT NULL,
    fecha               TEXT NOT NULL,
    devolucion_prevista TEXT NOT NULL,
    motivo              TEXT NOT NULL DEFAULT '',
    devuelto            TEXT,
    observaciones       TEXT NOT NULL DEFAULT '',
    registrado          TEXT NOT NULL,
    registrado_por      TEXT NOT NULL,
    recibido_por        TEXT,
    CHECK (devolucion_prevista >= fecha),
    CHECK (devuelto IS NULL OR devuelto >= fecha)
);
CREATE INDEX prestamos_expediente ON prestamos (expediente_id);
CREATE UNIQUE INDEX prestamos_uno_abierto ON prestamos (expediente_id) WHERE devuelto IS NULL;

-- Documents valued as of historical value: their expediente cannot be given de baja.
CREATE TABLE valor_historico (
    documento_id  INTEGER PRIMARY KEY REFERENCES documentos (id),
    motivo        TEXT NOT NULL CHECK (length(trim(motivo)) > 0),
    marcado       TEXT NOT NULL,
    marcado_por   TEXT NOT NULL
);
