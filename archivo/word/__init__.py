"""Word documents: the building blocks of generated reports and the conversion to PDF (LibreOffice)."""
