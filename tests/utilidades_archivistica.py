"""Helpers of the gestión documental tests: closed procedures with scanned PDFs, and reading inventories."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfWriter

from archivo import procedimientos as procs
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo

ENCABEZADOS = ["No.", "Código de clasificación", "Número de expediente", "Título del expediente", "Fechas extremas",
               "Fojas", "Valores documentales", "Vigencia", "Ubicación", "Observaciones"]


def pdf(paginas: int) -> bytes:
    w = PdfWriter()
    for _ in range(paginas):
        w.add_blank_page(612, 792)
    salida = io.BytesIO()
    w.write(salida)
    return salida.getvalue()


def archivar_pdf(cat: Catalogo, exp: exps.Expediente, fecha: date, paginas: int, asunto: str = "Escaneo",
                 procedimiento_id: int | None = None) -> documentos.Documento:
    return documentos.emitir(cat, tipo="oficio", asunto=asunto, expediente=exp, construir=lambda _f: pdf(paginas),
                             serie=None, fecha=fecha, procedimiento_id=procedimiento_id, extension=".pdf",
                             estado="importado", origen="importado")


def procedimiento(cat: Catalogo, mecanismo: str, titulo: str, apertura: date, cierre: date | None = None,
                  paginas: int = 2) -> exps.Expediente:
    """A procedure opened on ``apertura`` with a scanned PDF of ``paginas`` pages, closed on ``cierre``."""
    proc = procs.abrir(cat, mecanismo, titulo, fecha=apertura)
    exp = exps.por_id(cat, proc.expediente_id)
    archivar_pdf(cat, exp, cierre or apertura, paginas, f"Escaneo de {titulo}", proc.id)
    if cierre is not None:
        return exps.cerrar(cat, exp.id, cierre)
    return exps.por_id(cat, exp.id)


def tabla_docx(ruta: Path, primera: str = "No.") -> list[list[str]]:
    """The rows (header excluded) of the first table of ``ruta`` whose header starts with ``primera``."""
    doc = Document(ruta)
    for t in doc.tables:
        if t.rows and t.rows[0].cells[0].text.strip() == primera:
            return [[c.text for c in f.cells] for f in t.rows[1:]]
    raise AssertionError(f"{ruta.name} no tiene una tabla que empiece con «{primera}»")


def texto_docx(ruta: Path) -> str:
    doc = Document(ruta)
    partes = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for f in t.rows:
            partes.extend(c.text for c in f.cells)
    seccion = doc.sections[0]
    partes += [p.text for p in seccion.header.paragraphs] + [p.text for p in seccion.footer.paragraphs]
    return "\n".join(partes)


def filas_xlsx(ruta: Path, primera: str = "No.") -> tuple[list[str], list[list[Any]], list[str]]:
    """(title lines above the table, rows of the table, notes below it) of the workbook's first sheet."""
    hoja = load_workbook(ruta, data_only=True).worksheets[0]
    filas = [list(f) for f in hoja.iter_rows(values_only=True)]
    inicio = next(i for i, f in enumerate(filas) if f and f[0] == primera)
    titulo = [str(f[0]) for f in filas[:inicio] if f and f[0]]
    cuerpo, notas = [], []
    for f in filas[inicio + 1:]:
        if all(v in (None, "") for v in f):
            continue
        if f[1] in (None, "") and isinstance(f[0], str) and f[0]:
            notas.append(f[0])
        else:
            cuerpo.append(f)
    return titulo, [list(filas[inicio])] + cuerpo, notas
