-- Portal (2): evidence files of a risk's actions (PTAR). Each file is a document of the mecanismo's expediente
-- (kept byte for byte, with its SHA-256); this links it to the action and to the version of the action it added.
CREATE TABLE riesgo_evidencias (
    id            INTEGER PRIMARY KEY,
    accion_id     INTEGER NOT NULL REFERENCES riesgo_acciones (id),
    version       INTEGER NOT NULL,
    documento_id  INTEGER NOT NULL UNIQUE REFERENCES documentos (id),
    nombre        TEXT NOT NULL,
    agregada      TEXT NOT NULL,
    agregada_por  TEXT NOT NULL
);
CREATE INDEX riesgo_evidencias_accion ON riesgo_evidencias (accion_id);
