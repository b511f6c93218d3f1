"""Report frames: the office's template holds the fixed text, the program puts the data tables in it.

A report (the informe de compromisos, the PAT, the risk matrix…) is a Word template the office edits — title page,
glossary, presentation, signature — with one paragraph per block of data the program builds: ``{{p anexo }}``. The
template is rendered with ``marcador("anexo")`` as that value (an empty paragraph that names the block); then
``rellenar`` opens the result and, for each block, calls the function that builds it at that place: tables,
paragraphs and footnotes are inserted where the marker was, with the template's styles, and the marker goes away.
A block whose paragraph the office removed is simply not built.

``Insercion`` is a python-docx document seen from one place: ``add_paragraph``/``add_table``/``add_page_break``
insert before the marker instead of at the end, so the builders written against a ``Document`` work unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from archivo.base.errors import ArchivoError

_MARCA = "⟦bloque:{}⟧"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def marcador(nombre: str) -> Markup:
    """The paragraph a template's ``{{p nombre }}`` becomes until ``rellenar`` puts the block there."""
    return Markup(f'<w:p><w:r><w:t>{_MARCA.format(nombre)}</w:t></w:r></w:p>')


class Insercion:
    """A python-docx ``Document`` whose additions go before ``ancla`` (a ``w:p`` of its body)."""

    def __init__(self, doc: Any, ancla: Any) -> None:
        self.documento = doc
        self.ancla = ancla

    def __getattr__(self, nombre: str) -> Any:  # styles, settings, part, sections, element… of the document
        return getattr(self.documento, nombre)

    def _mover(self, elemento: Any) -> None:
        self.ancla.addprevious(elemento)

    def add_paragraph(self, text: str = "", style: Any = None) -> Any:
        p = self.documento.add_paragraph(text, style)
        self._mover(p._p)
        return p

    def add_heading(self, text: str = "", level: int = 1) -> Any:
        p = self.documento.add_heading(text, level)
        self._mover(p._p)
        return p

    def add_table(self, rows: int, cols: int, style: Any = None) -> Any:
        t = self.documento.add_table(rows, cols, style)
        self._mover(t._tbl)
        return t

    def add_page_break(self) -> Any:
        p = self.documento.add_page_break()
        self._mover(p._p)
        return p

    def add_section(self, *args: Any, **kwargs: Any) -> Any:
        raise ArchivoError("Un bloque de datos no puede cambiar de sección (orientación o márgenes): ponga el salto "
                           "de sección en la plantilla de Word, antes o después de la variable del bloque.")

    def ancho_util_cm(self) -> float:
        """Width between the margins of the section the block is in (wide tables are fitted to it), in cm."""
        seccion = None
        for siguiente in self.ancla.itersiblings():
            seccion = siguiente.find(f"{{{W}}}pPr/{{{W}}}sectPr")
            if seccion is None and siguiente.tag == f"{{{W}}}sectPr":
                seccion = siguiente
            if seccion is not None:
                break
        if seccion is None:
            return 16.59
        tam, mar = seccion.find(f"{{{W}}}pgSz"), seccion.find(f"{{{W}}}pgMar")
        ancho = int(tam.get(f"{{{W}}}w", "12240")) if tam is not None else 12240
        izq = int(mar.get(f"{{{W}}}left", "1440")) if mar is not None else 1440
        der = int(mar.get(f"{{{W}}}right", "1440")) if mar is not None else 1440
        return (ancho - izq - der) * 2.54 / 1440


def ajustar_anchos(anchos_cm: list[float] | tuple[float, ...], disponible_cm: float) -> list[float]:
    """Column widths scaled down (never up) to fit ``disponible_cm``: the membrete decides the margins."""
    total = sum(anchos_cm)
    if total <= disponible_cm + 0.01:
        return list(anchos_cm)
    factor = disponible_cm / total
    return [round(a * factor, 3) for a in anchos_cm]


def _parrafos_marcados(doc: Any) -> dict[str, Any]:
    marcados: dict[str, Any] = {}
    prefijo, sufijo = _MARCA.split("{}")
    for p in doc.element.body.iter(f"{{{W}}}p"):
        texto = "".join(t.text or "" for t in p.iter(f"{{{W}}}t")).strip()
        if texto.startswith(prefijo) and texto.endswith(sufijo):
            marcados[texto[len(prefijo):-len(sufijo)]] = p
    return marcados


def rellenar(datos: bytes, bloques: Mapping[str, Callable[[Insercion], None]]) -> bytes:
    """Build each block at its marker in the rendered frame ``datos``; returns the finished .docx."""
    from docx import Document  # heavy library: imported where used (fast start)

    doc = Document(io.BytesIO(datos))
    marcados = _parrafos_marcados(doc)
    for nombre, construir in bloques.items():
        ancla = marcados.pop(nombre, None)
        if ancla is None:
            continue
        construir(Insercion(doc, ancla))
        ancla.getparent().remove(ancla)
    for sobrante in marcados.values():  # a marker nobody builds leaves no trace
        sobrante.getparent().remove(sobrante)
    salida = io.BytesIO()
    doc.save(salida)
    return salida.getvalue()
