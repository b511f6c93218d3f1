"""archivo: documentos, expedientes y búsqueda para los Órganos de Enlace del SPEN."""

__version__ = "0.1.0"
