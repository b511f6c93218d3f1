"""Base: the archive root and its configuration, the SQLite catalog, files and Spanish formatting.

Everything else builds on these modules; they import nothing from the rest of archivo.
"""
