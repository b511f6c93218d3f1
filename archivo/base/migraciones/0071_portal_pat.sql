-- Portal (2): the documents issued from each year's Programa Anual de Trabajo (the PAT itself and its informes
-- semestrales), to list them beside the programme.
CREATE TABLE pat_documentos (
    documento_id  INTEGER PRIMARY KEY REFERENCES documentos (id),
    anio          INTEGER NOT NULL REFERENCES pat_programas (anio),
    tipo          TEXT NOT NULL CHECK (tipo IN ('programa', 'informe semestral')),
    semestre      INTEGER CHECK (semestre IN (1, 2))
);
CREATE INDEX pat_documentos_anio ON pat_documentos (anio);
