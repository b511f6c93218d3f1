-- Backups made with «archivo respaldo crear» (archivo/respaldo/copia.py): when, where, how much. The backup
-- itself lives in its destination folder; this is what «archivo verificar» and the portal's tablero read to say
-- how old the last one is.

CREATE TABLE respaldos (
    id                 INTEGER PRIMARY KEY,
    momento            TEXT NOT NULL,               -- when the catalog was copied (ISO, with offset)
    nombre             TEXT NOT NULL,               -- the backup's folder inside DESTINO/respaldos/
    destino            TEXT NOT NULL,               -- DESTINO as an absolute path
    archivos           INTEGER NOT NULL,            -- files in its manifest (the catalog apart)
    bytes              INTEGER NOT NULL,
    copiados           INTEGER NOT NULL,            -- files that were not yet in DESTINO (the rest are shared)
    bytes_copiados     INTEGER NOT NULL,
    manifiesto_sha256  TEXT NOT NULL,
    usuario            TEXT NOT NULL
);
CREATE INDEX respaldos_momento ON respaldos (momento);
