-- Portal users (archivo.cuentas) and their browser sessions.

-- One row per person who logs in to the portal. Roles are cumulative (consulta < captura < emision <
-- administracion). A user is never deleted: «baja» sets activo = 0 and keeps the row for the audit log.
CREATE TABLE usuarios (
    usuario          TEXT PRIMARY KEY,
    nombre           TEXT NOT NULL,
    rol              TEXT NOT NULL CHECK (rol IN ('consulta', 'captura', 'emision', 'administracion')),
    hash             TEXT NOT NULL,          -- argon2id, with its parameters and salt
    activo           INTEGER NOT NULL DEFAULT 1,
    fallos           INTEGER NOT NULL DEFAULT 0,   -- consecutive failed logins
    bloqueado_hasta  TEXT,                   -- ISO moment; NULL = not locked
    ultimo_acceso    TEXT,
    creado           TEXT NOT NULL,
    modificado       TEXT NOT NULL
);

-- Open browser sessions. The cookie carries a random token; only its SHA-256 is stored here, so a copy of the
-- catalog does not let anyone log in. Logging out, changing the password or a «baja» deletes the rows.
CREATE TABLE sesiones_web (
    id        TEXT PRIMARY KEY,              -- sha256 of the token
    usuario   TEXT NOT NULL REFERENCES usuarios (usuario),
    creada    TEXT NOT NULL,
    ultima    TEXT NOT NULL,                 -- last activity (refreshed at most once a minute)
    expira    TEXT NOT NULL,                 -- absolute limit
    direccion TEXT NOT NULL DEFAULT '',
    csrf      TEXT NOT NULL
);
CREATE INDEX sesiones_web_usuario ON sesiones_web (usuario);
