-- Background jobs (archivo.base.trabajos): long work that runs outside the request that asked for it.

CREATE TABLE trabajos (
    id          INTEGER PRIMARY KEY,
    tipo        TEXT NOT NULL,               -- registered name, e.g. «emitir-lote»
    modulo      TEXT NOT NULL,               -- Python module that registers the type (imported to resume it)
    titulo      TEXT NOT NULL,               -- what the user sees: «Emisión de 40 oficios»
    parametros  TEXT NOT NULL,               -- JSON
    estado      TEXT NOT NULL DEFAULT 'pendiente'
                CHECK (estado IN ('pendiente', 'en curso', 'terminado', 'fallido', 'cancelado')),
    cancelar    INTEGER NOT NULL DEFAULT 0,  -- 1: the user asked to stop it
    hechos      INTEGER NOT NULL DEFAULT 0,
    total       INTEGER,                     -- NULL while unknown
    mensaje     TEXT NOT NULL DEFAULT '',
    resultado   TEXT,                        -- JSON written by the job when it ends
    usuario     TEXT NOT NULL,
    creado      TEXT NOT NULL,
    iniciado    TEXT,
    terminado   TEXT,
    intentos    INTEGER NOT NULL DEFAULT 0,
    pid         INTEGER,                     -- process running it (to resume it if that process died)
    anfitrion   TEXT                         -- host of that process
);
CREATE INDEX trabajos_estado ON trabajos (estado);
CREATE INDEX trabajos_usuario ON trabajos (usuario, id);
