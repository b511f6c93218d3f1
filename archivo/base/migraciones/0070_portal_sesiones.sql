-- Portal (2): a point of the orden del día may be marked as one that takes no documents («Lista de asistencia y
-- declaración de quórum»), so «what is missing» lists only the points still waiting for theirs.
ALTER TABLE sesion_puntos ADD COLUMN sin_documentos INTEGER NOT NULL DEFAULT 0 CHECK (sin_documentos IN (0, 1));
