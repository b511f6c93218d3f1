-- Indexes for what the portal asks on every page of a large archive (100,000 documents): documents newest first,
-- counts by state and origin (tablero, search's up-to-date check), borradores waiting, scans without text.

CREATE INDEX IF NOT EXISTS documentos_fecha ON documentos (fecha, id);
CREATE INDEX IF NOT EXISTS documentos_estado ON documentos (estado);
CREATE INDEX IF NOT EXISTS documentos_origen ON documentos (origen);
CREATE INDEX IF NOT EXISTS importaciones_texto ON importaciones (texto);
