-- Correspondence with INE (SIVOPLE) and the office's control de gestión (archivo/correspondencia/).
-- Entradas (documents received), their turnos to the areas, salidas (documents sent) and the links between them,
-- grouped in asuntos (the thread of a matter). Files are documents of the catalog (acervo imports, issued
-- tarjetas and oficios); these tables only point at them.

-- The thread of a matter: every entrada and salida belongs to one.
CREATE TABLE asuntos (
    id      INTEGER PRIMARY KEY,
    titulo  TEXT NOT NULL,
    creado  TEXT NOT NULL
);

CREATE TABLE entradas (
    id                     INTEGER PRIMARY KEY,
    folio                  TEXT NOT NULL UNIQUE,     -- the office's own registration number, per year (E-0001/2024)
    anio                   INTEGER NOT NULL,
    consecutivo            INTEGER NOT NULL,
    folio_origen           TEXT NOT NULL DEFAULT '', -- «No.» of an imported Excel bitácora, as it was written
    numero                 TEXT NOT NULL,            -- the document's own number as written (INE/DESPEN/2817/2024)
    numero_normal          TEXT NOT NULL,            -- compared for duplicates (upper case, no accents, no spaces)
    tipo                   TEXT NOT NULL,
    fecha_documento        TEXT,
    recibido               TEXT NOT NULL,            -- date and time of receipt: 2024-08-05T10:32
    medio                  TEXT NOT NULL CHECK (medio IN ('sivople', 'correo', 'oficialia', 'mensajeria')),
    actividad_sivople      TEXT NOT NULL DEFAULT '',
    remitente_institucion  TEXT NOT NULL,
    remitente_area         TEXT NOT NULL DEFAULT '',
    remitente_persona      TEXT NOT NULL DEFAULT '',
    remitente_normal       TEXT NOT NULL,
    destinatario           TEXT NOT NULL DEFAULT '',
    asunto                 TEXT NOT NULL,
    anexos                 TEXT NOT NULL DEFAULT '',
    requiere_respuesta     INTEGER NOT NULL DEFAULT 1,
    plazo                  TEXT,                     -- date by which it must be answered
    plazo_dias             INTEGER,                  -- when the plazo was given as N días hábiles from receipt
    estado                 TEXT NOT NULL DEFAULT 'recibido'
                           CHECK (estado IN ('recibido', 'turnado', 'en atención', 'atendido', 'concluido')),
    concluido              TEXT,                     -- date it was answered or closed
    motivo_conclusion      TEXT NOT NULL DEFAULT '',
    asunto_id              INTEGER NOT NULL REFERENCES asuntos (id),
    responde_a_salida      INTEGER REFERENCES salidas (id),  -- INE's answer to a request the office sent
    procedimiento_id       INTEGER REFERENCES procedimientos (id),
    observaciones          TEXT NOT NULL DEFAULT '',
    registrado             TEXT NOT NULL,
    registrado_por         TEXT NOT NULL,
    UNIQUE (anio, consecutivo)
);
CREATE INDEX entradas_pendientes ON entradas (estado, plazo);
-- What is still open (a few rows among thousands): «pendientes» and the tablero read only these.
CREATE INDEX entradas_abiertas ON entradas (plazo) WHERE estado != 'concluido';
CREATE INDEX entradas_recibido ON entradas (recibido);
CREATE INDEX entradas_numero ON entradas (numero_normal, remitente_normal);
CREATE INDEX entradas_asunto ON entradas (asunto_id);

-- The files of an entrada (the oficio and its anexos), imported into the acervo.
CREATE TABLE entrada_documentos (
    entrada_id    INTEGER NOT NULL REFERENCES entradas (id),
    documento_id  INTEGER NOT NULL REFERENCES documentos (id),
    orden         INTEGER NOT NULL,
    PRIMARY KEY (entrada_id, documento_id)
);
CREATE INDEX entrada_documentos_documento ON entrada_documentos (documento_id);

-- An entrada turned to an área, with its tarjeta informativa, its own plazo and state.
CREATE TABLE turnos (
    id                      INTEGER PRIMARY KEY,
    entrada_id              INTEGER NOT NULL REFERENCES entradas (id),
    area                    TEXT NOT NULL,
    fecha                   TEXT NOT NULL,
    plazo                   TEXT,
    plazo_dias              INTEGER,
    instrucciones           TEXT NOT NULL DEFAULT '',
    estado                  TEXT NOT NULL DEFAULT 'turnado' CHECK (estado IN ('turnado', 'en atención', 'atendido')),
    tarjeta_id              INTEGER REFERENCES documentos (id),
    en_atencion             TEXT,                     -- date the área started working on it
    atendido                TEXT,                     -- date the área answered
    respuesta_numero        TEXT NOT NULL DEFAULT '', -- the área's answer (its oficio number), as written
    respuesta_documento_id  INTEGER REFERENCES documentos (id),
    registrado              TEXT NOT NULL,
    registrado_por          TEXT NOT NULL,
    UNIQUE (entrada_id, area)
);
CREATE INDEX turnos_pendientes ON turnos (estado, plazo);
CREATE INDEX turnos_area ON turnos (area, fecha);

CREATE TABLE salidas (
    id                        INTEGER PRIMARY KEY,
    folio                     TEXT NOT NULL UNIQUE,     -- the office's registration number, per year (S-0001/2024)
    anio                      INTEGER NOT NULL,
    consecutivo               INTEGER NOT NULL,
    folio_origen              TEXT NOT NULL DEFAULT '',
    numero                    TEXT NOT NULL,            -- the oficio's folio (archivo-issued) or its number as written
    numero_normal             TEXT NOT NULL,
    tipo                      TEXT NOT NULL,
    documento_id              INTEGER REFERENCES documentos (id),
    fecha                     TEXT NOT NULL,            -- date sent
    medio                     TEXT NOT NULL CHECK (medio IN ('sivople', 'correo', 'oficialia', 'mensajeria')),
    actividad_sivople         TEXT NOT NULL DEFAULT '',
    destinatario_institucion  TEXT NOT NULL,
    destinatario_area         TEXT NOT NULL DEFAULT '',
    destinatario_persona      TEXT NOT NULL DEFAULT '',
    asunto                    TEXT NOT NULL,
    anexos                    TEXT NOT NULL DEFAULT '',
    acuse_documento_id        INTEGER REFERENCES documentos (id),
    acuse_fecha               TEXT,
    espera_respuesta          INTEGER NOT NULL DEFAULT 0,  -- a request that waits for its answer (an entrada)
    plazo_respuesta           TEXT,
    respondida                TEXT,                        -- date its answer was received
    asunto_id                 INTEGER NOT NULL REFERENCES asuntos (id),
    procedimiento_id          INTEGER REFERENCES procedimientos (id),
    observaciones             TEXT NOT NULL DEFAULT '',
    registrado                TEXT NOT NULL,
    registrado_por            TEXT NOT NULL,
    UNIQUE (anio, consecutivo)
);
CREATE INDEX salidas_fecha ON salidas (fecha);
CREATE INDEX salidas_espera ON salidas (espera_respuesta, respondida, plazo_respuesta);
CREATE INDEX salidas_numero ON salidas (numero_normal);
CREATE INDEX salidas_asunto ON salidas (asunto_id);
CREATE INDEX salidas_documento ON salidas (documento_id);

-- A salida that answers entradas (and closes them).
CREATE TABLE respuestas (
    salida_id   INTEGER NOT NULL REFERENCES salidas (id),
    entrada_id  INTEGER NOT NULL REFERENCES entradas (id),
    PRIMARY KEY (salida_id, entrada_id)
);
CREATE INDEX respuestas_entrada ON respuestas (entrada_id);
