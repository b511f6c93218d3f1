"""The archive proper: expedientes, documents with their folios, and integrity checks."""
