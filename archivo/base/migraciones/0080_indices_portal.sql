-- Pages of the portal at 100,000 documents and 5,000 personas: a document's page looks for the documents that
-- replace it (a scan of every document before); the padrón is listed in name order and the expedientes of a type
-- newest first (the 5,000 rows were sorted on every page before; now the index gives the order and only the
-- page's rows are read).

CREATE INDEX IF NOT EXISTS documentos_sustituye ON documentos (sustituye_a);
CREATE INDEX IF NOT EXISTS personas_orden ON personas (primer_apellido, segundo_apellido, nombre, clave);
CREATE INDEX IF NOT EXISTS expedientes_tipo ON expedientes (tipo);
