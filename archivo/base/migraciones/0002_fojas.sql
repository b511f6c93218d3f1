-- Pages (fojas) of every file whose pages were counted, by content: a file under a SHA-256 never changes, so it is
-- counted once (PDF: read directly; Word: converted with LibreOffice). Derived data: it can always be recounted.
CREATE TABLE paginas (
    sha256   TEXT PRIMARY KEY,
    paginas  INTEGER,                          -- NULL: the file could not be read (a damaged PDF)
    metodo   TEXT NOT NULL CHECK (metodo IN ('pdf', 'libreoffice')),
    contado  TEXT NOT NULL
);
