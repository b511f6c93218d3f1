-- Search and import of past documents (busqueda.py, importacion.py).

-- One row per imported document: where it came from and what was found in it. The document itself (its file
-- in acervo/<año>/, SHA-256, fecha, asunto, tipo) is a row of documentos like any other.
CREATE TABLE importaciones (
    documento_id     INTEGER PRIMARY KEY REFERENCES documentos (id),
    nombre_original  TEXT NOT NULL,               -- the file name as it was (shown in search results)
    ruta_origen      TEXT NOT NULL,               -- where it was imported from
    sha256           TEXT NOT NULL,
    texto            TEXT NOT NULL CHECK (texto IN ('con texto', 'sin texto')),  -- 'sin texto': a scan, OCR pending
    paginas          INTEGER,
    caracteres       INTEGER NOT NULL DEFAULT 0,
    numero           TEXT,                        -- its own number detected in it, as written (IEA/DEVySPE/045/2024)
    identificadores  TEXT NOT NULL DEFAULT '[]',  -- JSON list of the identifiers it cites
    fecha_origen     TEXT NOT NULL CHECK (fecha_origen IN ('texto', 'metadatos', 'archivo')),
    mecanismo        TEXT,                        -- --mecanismo given when importing
    avisos           TEXT NOT NULL DEFAULT '[]',  -- JSON list of Spanish notes (repaired PDF, text read from XML…)
    importado        TEXT NOT NULL,
    importado_por    TEXT NOT NULL
);
CREATE INDEX importaciones_sha256 ON importaciones (sha256);

-- Duplicates are found by content: look files up by hash.
CREATE INDEX archivos_sha256 ON archivos (sha256);
