-- The document list's «Tipo» filter reads the types in use one index seek per type (a scan of 100,000 rows before).

CREATE INDEX IF NOT EXISTS documentos_tipo ON documentos (tipo);
