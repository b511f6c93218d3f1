-- OCR of scanned documents (busqueda/escaneos.py, busqueda/ocr.py).

-- A file derived from another one (the searchable PDF made from a scan): both are hashed and checked by
-- «archivo verificar»; the original is never changed.
ALTER TABLE archivos ADD COLUMN derivado_de INTEGER REFERENCES archivos (id);
CREATE INDEX archivos_derivado_de ON archivos (derivado_de);

-- One row per document that has pages without a text layer (a scanned PDF, an image): its OCR, from waiting
-- to done or failed. The searchable copy is a row of archivos (derivado_de = the document's file).
CREATE TABLE ocr (
    documento_id   INTEGER PRIMARY KEY REFERENCES documentos (id),
    estado         TEXT NOT NULL CHECK (estado IN ('pendiente', 'en proceso', 'hecho', 'fallido')),
    motivo         TEXT,                        -- why it failed, in Spanish («OCR fallido: motivo»)
    paginas        INTEGER,                     -- pages of the original
    reconocidas    INTEGER,                     -- pages recognised (they had no text layer)
    caracteres     INTEGER,                     -- characters of text after OCR
    derivado_id    INTEGER REFERENCES archivos (id),  -- the searchable PDF (the latest, when redone)
    tipo_pdf       TEXT,                        -- what the searchable copy is: 'PDF/A-2B', 'PDF'
    motor          TEXT,                        -- OCRmyPDF, Tesseract and Ghostscript versions used
    avisos         TEXT NOT NULL DEFAULT '[]',  -- JSON list of Spanish notes (pages unreadable, turned…)
    intentos       INTEGER NOT NULL DEFAULT 0,
    proceso        INTEGER,                     -- pid of the process doing it (estado 'en proceso')
    desde          TEXT,                        -- when that process took it
    solicitado     TEXT NOT NULL,
    actualizado    TEXT NOT NULL
);
CREATE INDEX ocr_estado ON ocr (estado);

-- Scans imported before OCR existed wait for «archivo ocr».
INSERT INTO ocr (documento_id, estado, paginas, solicitado, actualizado)
SELECT documento_id, 'pendiente', paginas, importado, importado FROM importaciones WHERE texto = 'sin texto';
