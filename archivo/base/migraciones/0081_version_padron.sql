-- The padrón's version: a value that changes with every alta, edición or baja, whoever writes it (the triggers
-- run for the CLI, the portal, imports and recovery alike). A portal keeps the padrón's names ready to search in
-- memory and reads them again only when this value changes. It is random rather than a counter, so a catalog
-- restored from a backup never repeats a value the portal remembers from before the restore.

CREATE TABLE IF NOT EXISTS versiones (
    tabla    TEXT PRIMARY KEY,
    version  INTEGER NOT NULL
);
INSERT OR IGNORE INTO versiones (tabla, version) VALUES ('personas', random());

CREATE TRIGGER IF NOT EXISTS personas_version_alta AFTER INSERT ON personas BEGIN
    UPDATE versiones SET version = random() WHERE tabla = 'personas';
END;

CREATE TRIGGER IF NOT EXISTS personas_version_cambio AFTER UPDATE ON personas BEGIN
    UPDATE versiones SET version = random() WHERE tabla = 'personas';
END;

CREATE TRIGGER IF NOT EXISTS personas_version_baja AFTER DELETE ON personas BEGIN
    UPDATE versiones SET version = random() WHERE tabla = 'personas';
END;
