"""Fast tables for large generated reports, written on the WordprocessingML directly.

python-docx's property setters cost about a millisecond each; a register of hundreds of risks has tens of thousands
of cells. These helpers build rows, cells and runs as XML elements of python-docx's own classes (so the result is
an ordinary python-docx table) and cover what python-docx lacks: vertical text, header rows repeated on every page,
rows that never split, cell margins, simple fields. ``tabla(doc, filas, anchos)`` works on a ``Document`` or on a
report frame's ``Insercion`` (``archivo.word.marco``), fitting the widths to the section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.shared import Cm, RGBColor
from docx.table import _Cell

from archivo.word import marco


def vertical(celda: Any) -> None:
    tcPr = celda._tc.get_or_add_tcPr()
    direccion = OxmlElement("w:textDirection")
    direccion.set(qn("w:val"), "btLr")
    tcPr.insert_element_before(direccion, "w:tcFitText", "w:vAlign", "w:hideMark")


def fila_encabezado(fila: Any) -> None:
    """Repeat the row at the top of every page, and never split a row across pages."""
    trPr = fila._tr.get_or_add_trPr()
    for etiqueta in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(etiqueta)
        trPr.insert_element_before(el, "w:tblCellSpacing", "w:jc", "w:hidden")


def sin_partir(fila: Any) -> None:
    trPr = fila._tr.get_or_add_trPr()
    trPr.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing",
                               "w:jc", "w:hidden")


def margenes_celdas(tabla: Any, cm: float) -> None:
    tblPr = tabla._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for lado in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{lado}")
        el.set(qn("w:w"), str(int(Cm(cm).twips if lado in ("left", "right") else Cm(cm / 2).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblPr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def anchos(tabla: Any, anchos_cm: Sequence[float]) -> None:
    tabla.autofit = False
    for columna, ancho in zip(tabla.columns, anchos_cm, strict=True):
        columna.width = Cm(ancho)
        for celda in columna.cells:
            celda.width = Cm(ancho)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def w(etiqueta: str, **atributos: str) -> Any:
    """A w: element of python-docx's classes (lxml puts it in the document's «w» namespace when appended)."""
    elemento = oxml_parser.makeelement(W + etiqueta)
    for clave, valor in atributos.items():
        elemento.set(W + clave, valor)
    return elemento


def escribir(celda: Any, texto: str, *, tam: float = 7, negrita: bool = False, cursiva: bool = False,
              centro: bool = False, color: RGBColor | None = None, nuevo: bool = False) -> Any:
    """Write a run into a cell's first paragraph (or a new one). Built on the XML directly: python-docx's
    property setters cost a millisecond each, and a register of hundreds of risks has tens of thousands."""
    tc = celda._tc
    if nuevo:
        p = w("p")
        tc.append(p)
    else:
        p = tc.find(qn("w:p"))
    if p.find(qn("w:pPr")) is None:
        pPr = w("pPr")
        pPr.append(w("spacing", before="0", after="0"))
        if centro:
            pPr.append(w("jc", val="center"))
        p.insert(0, pPr)
    run = w("r")
    rPr = w("rPr")
    if negrita:
        rPr.append(w("b"))
    if cursiva:
        rPr.append(w("i"))
    if color is not None:
        rPr.append(w("color", val=str(color)))
    rPr.append(w("sz", val=str(round(tam * 2))))
    run.append(rPr)
    t = w("t")
    t.text = texto
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    p.append(run)
    return p


def fila(tabla: Any, *, unir: tuple[int, int] | None = None, centrar: bool = False) -> list[Any]:
    """Append a row that never splits across pages; ``unir`` = (first, last) columns merged into one cell.
    Returns one cell per grid column (a merged cell appears once per column it spans, as in python-docx)."""
    anchos = [int(g.get(qn("w:w"))) for g in tabla._tbl.tblGrid.findall(qn("w:gridCol"))]
    tr = w("tr")
    trPr = w("trPr")
    trPr.append(w("cantSplit"))
    tr.append(trPr)
    celdas: list[Any] = []
    j = 0
    while j < len(anchos):
        fin = unir[1] if unir and j == unir[0] else j
        tc = w("tc")
        tcPr = w("tcPr")
        tcPr.append(w("tcW", w=str(sum(anchos[j:fin + 1])), type="dxa"))
        if fin > j:
            tcPr.append(w("gridSpan", val=str(fin - j + 1)))
        if centrar:
            tcPr.append(w("vAlign", val="center"))
        tc.append(tcPr)
        tc.append(w("p"))
        tr.append(tc)
        celda = _Cell(tc, tabla)
        celdas.extend([celda] * (fin - j + 1))
        j = fin + 1
    tabla._tbl.append(tr)
    return celdas


def campo(parrafo: Any, instruccion: str, tam: float) -> None:
    campo = OxmlElement("w:fldSimple")
    campo.set(qn("w:instr"), instruccion)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(tam * 2)))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    campo.append(r)
    parrafo._p.append(campo)


def tabla(doc: Any, filas: int, anchos_cm: Sequence[float]) -> Any:
    """A bordered table («Table Grid»), centred, with narrow cell margins and fixed column widths."""
    if isinstance(doc, marco.Insercion):  # the membrete sets the margins: wide tables are fitted to them
        anchos_cm = marco.ajustar_anchos(list(anchos_cm), doc.ancho_util_cm())
    nueva = doc.add_table(rows=filas, cols=len(anchos_cm))
    nueva.style = "Table Grid"
    nueva.alignment = WD_TABLE_ALIGNMENT.CENTER
    margenes_celdas(nueva, 0.08)
    anchos(nueva, anchos_cm)
    return nueva
