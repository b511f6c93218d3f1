"""Building blocks of the Word reports the office takes to the sessions (informes, programas de trabajo).

python-docx covers paragraphs and tables; what it lacks and these reports need is written here against the
WordprocessingML schema: real footnotes (a ``word/footnotes.xml`` part, related from the document), cell shading
(``w:shd``), header rows repeated on every page (``w:tblHeader``), landscape sections, and an índice whose page
numbers are ``PAGEREF`` fields to bookmarks on the headings (Word and LibreOffice compute them when they lay out
the document). The result opens in Word and LibreOffice and its text, footnotes included, is readable by
python-docx and, once converted to PDF, by pypdf.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from archivo.word.marco import Insercion, ajustar_anchos

FUENTE = "Arial"
ESTILO_TABLA = "Textodetabla"  # styleId of the "Texto de tabla" paragraph style
ESTILO_CUERPO = "Cuerpo del documento"  # body text of the shipped templates and frames (membrete.docx)
GRIS_ENCABEZADO = "D9D9D9"
AZUL_TITULO = "1F3864"
# Elements that follow w:footnotePr inside w:settings (ECMA-376 order), to insert it in the right place.
_DESPUES_DE_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


class Negrita(str):
    """A piece of a paragraph written in bold: ``doc.parrafo("De los ", Negrita("11"), " compromisos")``."""


Parte = str | Negrita


class DocumentoWord:
    """A Word document under construction, with the house style of the reports.

    ``DocumentoWord.en(insercion)`` writes a block of a report frame (``archivo.word.marco``): everything is added
    at the block's place, in the frame's styles (the few the blocks need are added if the office's frame lacks
    them), footnotes numbered after the frame's own.
    """

    def __init__(self, *, encabezado: str, folio: str | None) -> None:
        self.doc = Document()
        self._notas = None  # the footnotes part, created with the first note
        self._siguiente_nota = 1
        self._siguiente_marcador = 1
        self._estilo_parrafo: str | None = None
        self._estilos()
        seccion = self.doc.sections[0]
        seccion.page_width, seccion.page_height = Cm(21.59), Cm(27.94)  # carta
        for lado in ("left_margin", "right_margin"):
            setattr(seccion, lado, Cm(2.5))
        seccion.top_margin, seccion.bottom_margin = Cm(2.5), Cm(2.0)
        self._encabezado_y_pie(encabezado, folio)

    @classmethod
    def en(cls, insercion: Any) -> DocumentoWord:
        """Write at a block's place in a report frame (see ``archivo.word.marco.Insercion``)."""
        w = cls.__new__(cls)
        w.doc = insercion
        w._notas = None
        elemento = insercion.documento.element
        ids = [int(e.get(qn("w:id"))) for e in elemento.iter(qn("w:bookmarkStart"))
               if (e.get(qn("w:id")) or "").lstrip("-").isdigit()]
        w._siguiente_marcador = max(ids, default=0) + 1
        w._siguiente_nota = 1
        for rel in insercion.documento.part.rels.values():
            if rel.reltype == RT.FOOTNOTES:
                w._notas = _parte_xml(rel)
                ids_notas = [int(n.get(qn("w:id"))) for n in w._notas.element.findall(qn("w:footnote"))]
                w._siguiente_nota = max([0, *ids_notas]) + 1
        asegurar_estilos(insercion.documento)
        nombres = {e.name for e in insercion.documento.styles}
        w._estilo_parrafo = ESTILO_CUERPO if ESTILO_CUERPO in nombres else None
        return w

    # --- style --------------------------------------------------------------------------------
    def _estilos(self) -> None:
        estilos = self.doc.styles
        normal = estilos["Normal"]
        normal.font.name = FUENTE
        normal.font.size = Pt(11)
        rpr = normal.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        for atributo in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(atributo), FUENTE)
        idioma = OxmlElement("w:lang")
        idioma.set(qn("w:val"), "es-MX")
        rpr.append(idioma)
        normal.paragraph_format.space_after = Pt(6)
        for nombre, tam in (("Heading 1", 12), ("Heading 2", 11), ("Title", 14)):
            estilo = estilos[nombre]
            estilo.font.name = FUENTE
            estilo.font.size = Pt(tam)
            estilo.font.bold = True
            estilo.font.color.rgb = RGBColor.from_string(AZUL_TITULO)
            rpr_e = estilo.element.get_or_add_rPr()
            rf = rpr_e.find(qn("w:rFonts"))
            if rf is None:
                rf = OxmlElement("w:rFonts")
                rpr_e.insert(0, rf)
            # Theme fonts win over explicit ones in Word: drop them so the reports use FUENTE everywhere.
            for atributo in [a for a in rf.attrib if a.lower().endswith("theme")]:
                del rf.attrib[atributo]
            for atributo in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rf.set(qn(atributo), FUENTE)
            estilo.paragraph_format.space_before = Pt(12)
            estilo.paragraph_format.space_after = Pt(6)
        titulo = estilos["Title"]
        titulo.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # The Title style of the default template draws a border under the text; the reports do not.
        ppr = titulo.element.pPr
        if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
            ppr.remove(ppr.find(qn("w:pBdr")))
        nota = estilos.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        nota.base_style = normal
        nota.font.size = Pt(8)
        nota.paragraph_format.space_after = Pt(0)
        tabla = estilos.add_style("Texto de tabla", WD_STYLE_TYPE.PARAGRAPH)
        assert tabla.style_id == ESTILO_TABLA
        tabla.base_style = normal
        tabla.font.size = Pt(9)
        tabla.paragraph_format.space_after = Pt(0)

    def _encabezado_y_pie(self, encabezado: str, folio: str | None) -> None:
        seccion = self.doc.sections[0]
        p = seccion.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        r = p.add_run(encabezado)
        r.font.size = Pt(8)
        if folio:
            p2 = seccion.header.add_paragraph()
            p2.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            r2 = p2.add_run(f"Folio: {folio}")
            r2.bold = True
            r2.font.size = Pt(9)
        pie = seccion.footer.paragraphs[0]
        pie.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        pie.add_run("Página ").font.size = Pt(8)
        self._campo(pie, "PAGE", "1", tam=8)
        pie.add_run(" de ").font.size = Pt(8)
        self._campo(pie, "NUMPAGES", "1", tam=8)

    # --- text ---------------------------------------------------------------------------------
    def titulo(self, texto: str) -> Paragraph:
        return self.doc.add_paragraph(texto, style="Title")

    def seccion(self, texto: str) -> tuple[Paragraph, str]:
        """A numbered heading (``I. Glosario.``) with a bookmark the índice points to."""
        p = self.doc.add_paragraph(style="Heading 1")
        marcador = f"_Ref_archivo_{self._siguiente_marcador}"
        inicio = OxmlElement("w:bookmarkStart")
        inicio.set(qn("w:id"), str(self._siguiente_marcador))
        inicio.set(qn("w:name"), marcador)
        fin = OxmlElement("w:bookmarkEnd")
        fin.set(qn("w:id"), str(self._siguiente_marcador))
        self._siguiente_marcador += 1
        p._p.append(inicio)
        p.add_run(texto)
        p._p.append(fin)
        return p, marcador

    def parrafo(self, *partes: Parte, alineacion: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
                estilo: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph(style=estilo or self._estilo_parrafo)
        p.alignment = alineacion
        for parte in partes:
            run = p.add_run(str(parte))
            if isinstance(parte, Negrita):
                run.bold = True
        return p

    def vineta(self, texto: str, *, negrita: bool = False) -> Paragraph:
        p = self.doc.add_paragraph(style="List Bullet")
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.add_run(texto).bold = negrita
        return p

    def indice(self, entradas: Sequence[tuple[str, str]], *, titulo: str = "ÍNDICE") -> None:
        """Entries (text, bookmark) with a dotted tab and the page number as a PAGEREF field."""
        cab = self.doc.add_paragraph()
        cab.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cab.add_run(titulo).bold = True
        ancho = self._ancho_util()
        for texto, marcador in entradas:
            p = self.doc.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(ancho, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            p.add_run(f"{texto}\t")
            self._campo(p, f"PAGEREF {marcador} \\h", "")
        self._actualizar_campos_al_abrir()

    def _campo(self, p: Paragraph, instruccion: str, valor: str, *, tam: int | None = None) -> None:
        def run_con(hijo) -> None:
            r = OxmlElement("w:r")
            if tam:
                rpr = OxmlElement("w:rPr")
                sz = OxmlElement("w:sz")
                sz.set(qn("w:val"), str(tam * 2))
                rpr.append(sz)
                r.append(rpr)
            r.append(hijo)
            p._p.append(r)

        def fld(tipo: str):
            e = OxmlElement("w:fldChar")
            e.set(qn("w:fldCharType"), tipo)
            return e

        run_con(fld("begin"))
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruccion} "
        run_con(instr)
        run_con(fld("separate"))
        t = OxmlElement("w:t")
        t.text = valor
        run_con(t)
        run_con(fld("end"))

    def _actualizar_campos_al_abrir(self) -> None:
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            e = OxmlElement("w:updateFields")
            e.set(qn("w:val"), "true")
            settings.insert_element_before(e, "w:hdrShapeDefaults", "w:footnotePr", *_DESPUES_DE_FOOTNOTEPR)

    def salto_de_pagina(self) -> None:
        self.doc.add_page_break()

    # --- sections -----------------------------------------------------------------------------
    def _ancho_util(self):
        s = self.doc.sections[-1]
        return s.page_width - s.left_margin - s.right_margin

    # --- tables -------------------------------------------------------------------------------
    def tabla(self, encabezados: Sequence[str], filas: Sequence[Sequence[str]], anchos_cm: Sequence[float],
              *, filas_encabezado: int = 1, tam: int = 9, espacio: bool = True) -> Table:
        """A bordered table with a grey header row repeated on every page (and a little space after it)."""
        columnas = len(anchos_cm)
        anchos_cm = self._ajustar(anchos_cm)
        t = self.doc.add_table(rows=0, cols=columnas)
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False  # w:tblLayout fixed: the widths below are kept
        self._anchos(t, anchos_cm)
        if encabezados:
            fila = self.fila(t, encabezados, tam=tam, negrita=True, alineacion=WD_ALIGN_PARAGRAPH.CENTER)
            for c in fila.cells:
                sombrear(c, GRIS_ENCABEZADO)
        for valores in filas:
            self.fila(t, valores, tam=tam)
        for i, fila in enumerate(t.rows):
            if i < filas_encabezado and encabezados:
                repetir_como_encabezado(fila)
        if espacio:
            separador = self.doc.add_paragraph()
            separador.paragraph_format.space_after = Pt(4)
            separador.paragraph_format.line_spacing = 0.8
        return t

    def _ajustar(self, anchos_cm: Sequence[float]) -> list[float]:
        """In a report frame, the widths fitted to the block's section (the membrete sets the margins)."""
        if isinstance(self.doc, Insercion):
            return ajustar_anchos(list(anchos_cm), self.doc.ancho_util_cm())
        return list(anchos_cm)

    def _anchos(self, t: Table, anchos_cm: Sequence[float]) -> None:
        grid = t._tbl.tblGrid
        for col, ancho in zip(grid.findall(qn("w:gridCol")), anchos_cm, strict=True):
            col.set(qn("w:w"), str(int(Cm(ancho).twips)))
        t._anchos_cm = list(anchos_cm)  # type: ignore[attr-defined]

    def fila(self, t: Table, valores: Sequence[str], *, tam: int = 9, negrita: bool = False,
             alineacion: WD_ALIGN_PARAGRAPH | None = None):
        fila = t.add_row()
        anchos = getattr(t, "_anchos_cm", None)
        for i, (celda, valor) in enumerate(zip(fila.cells, valores, strict=False)):
            if anchos:
                celda.width = Cm(anchos[i])
            escribir(celda, str(valor), tam=tam, negrita=negrita, alineacion=alineacion)
        if anchos:
            for i in range(len(valores), len(fila.cells)):
                fila.cells[i].width = Cm(anchos[i])
        return fila

    # --- footnotes ----------------------------------------------------------------------------
    def nota_al_pie(self, p: Paragraph, texto: str, *, liga: str | None = None, tam: int | None = None) -> int:
        """Append a footnote reference to ``p``; the note reads ``texto`` followed by ``liga`` as a link."""
        notas = self._parte_notas()
        numero = self._siguiente_nota
        self._siguiente_nota += 1
        ref = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        if tam:  # CT_RPr order: w:sz comes before w:vertAlign
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(tam * 2))
            rpr.append(sz)
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        ref.append(rpr)
        fr = OxmlElement("w:footnoteReference")
        fr.set(qn("w:id"), str(numero))
        ref.append(fr)
        p._p.append(ref)

        nota = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{numero}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        parrafo = nota[0]
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = texto + (" " if liga else "")
        r.append(t)
        parrafo.append(r)
        if liga:
            rid = notas.relate_to(liga, RT.HYPERLINK, is_external=True)
            h = OxmlElement("w:hyperlink")
            h.set(qn("r:id"), rid)
            hr = OxmlElement("w:r")
            hrpr = OxmlElement("w:rPr")
            color = OxmlElement("w:color")
            color.set(qn("w:val"), "0563C1")
            u = OxmlElement("w:u")
            u.set(qn("w:val"), "single")
            hrpr.append(color)
            hrpr.append(u)
            hr.append(hrpr)
            ht = OxmlElement("w:t")
            ht.set(qn("xml:space"), "preserve")
            ht.text = liga
            hr.append(ht)
            h.append(hr)
            parrafo.append(h)
        notas.element.append(nota)
        return numero

    def _parte_notas(self) -> XmlPart:
        if self._notas is not None:
            return self._notas
        # Word expects the two separator notes (ids -1 and 0) and their declaration in settings.xml.
        elemento = parse_xml(
            f'<w:footnotes {nsdecls("w", "r")}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            "</w:footnotes>"
        )
        documento = self.doc.part
        parte = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, elemento, documento.package)
        documento.relate_to(parte, RT.FOOTNOTES)
        settings = self.doc.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                           "</w:footnotePr>")
            settings.insert_element_before(pr, *_DESPUES_DE_FOOTNOTEPR)
        self._notas = parte
        return parte

    # --- output -------------------------------------------------------------------------------
    def bytes(self) -> bytes:
        salida = io.BytesIO()
        self.doc.save(salida)
        return salida.getvalue()


def _parte_xml(rel: Any) -> XmlPart:
    """The footnotes part as an XmlPart (python-docx loads it as a plain part): notes can be appended to it."""
    parte = rel.target_part
    if isinstance(parte, XmlPart):
        return parte
    nueva = XmlPart(parte.partname, parte.content_type, parse_xml(parte.blob), parte.package)
    for rid, r in parte.rels.items():
        nueva.rels.add_relationship(r.reltype, r._target, rid, r.is_external)
    rel._target = nueva
    return nueva


def asegurar_estilos(doc: Any) -> None:
    """The styles the report blocks use, added when a frame lacks them (the office may have removed them)."""
    estilos = doc.styles
    nombres = {e.name for e in estilos}
    normal = estilos["Normal"]
    if "Texto de tabla" not in nombres:
        tabla = estilos.add_style("Texto de tabla", WD_STYLE_TYPE.PARAGRAPH)
        tabla.base_style = normal
        tabla.font.size = Pt(9)
        tabla.paragraph_format.space_after = Pt(0)
    if "Footnote Text" not in nombres:
        nota = estilos.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        nota.base_style = normal
        nota.font.size = Pt(8)
        nota.paragraph_format.space_after = Pt(0)
    if "Table Grid" not in nombres:
        grid = estilos.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        grid.element.append(parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:tblBorders>'
            + "".join(f'<w:{lado} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for lado in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders></w:tblPr>"))
    if "List Bullet" not in nombres:
        vineta = estilos.add_style("List Bullet", WD_STYLE_TYPE.PARAGRAPH)
        vineta.base_style = normal
        vineta.paragraph_format.left_indent = Cm(0.63)


def _id_estilo_tabla(celda: _Cell) -> str:
    """The id of the «Texto de tabla» style in this document (a frame edited in Word may give it another id)."""
    parte = celda.part
    identificador = getattr(parte, "_archivo_estilo_tabla", None)
    if identificador is None:
        estilo = next((e for e in parte.styles if e.name == "Texto de tabla"), None)
        identificador = estilo.style_id if estilo is not None else ESTILO_TABLA
        parte._archivo_estilo_tabla = identificador
    return identificador


def escribir(celda: _Cell, texto: str, *, tam: int = 9, negrita: bool = False,
             alineacion: WD_ALIGN_PARAGRAPH | None = None) -> Paragraph:
    """Replace the cell's text (one paragraph per line of ``texto``) in the table style."""
    lineas = texto.split("\n") if texto else [""]
    estilo = _id_estilo_tabla(celda)
    p = celda.paragraphs[0]
    for extra in celda.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    for i, linea in enumerate(lineas):
        if i:
            p = celda.add_paragraph()
        p._p.style = estilo  # by id: looking the style up by name costs milliseconds per cell
        if alineacion is not None:
            p.alignment = alineacion
        run = p.add_run(linea)
        run.font.size = Pt(tam)
        run.bold = negrita or None
    return celda.paragraphs[0]


def sombrear(celda: _Cell, color: str) -> None:
    """Fill a cell with a solid colour (``w:shd w:fill``): the shaded months of a cronograma."""
    tcpr = celda._tc.get_or_add_tcPr()
    for viejo in tcpr.findall(qn("w:shd")):
        tcpr.remove(viejo)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    # w:shd goes after borders and before noWrap/margins/vAlign in CT_TcPr.
    tcpr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                               "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                               "w:tcPrChange")


def relleno(celda: _Cell) -> str | None:
    """The fill colour of a cell (``w:shd/@w:fill``), or None."""
    tcpr = celda._tc.tcPr
    if tcpr is None:
        return None
    shd = tcpr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def repetir_como_encabezado(fila) -> None:
    trpr = fila._tr.get_or_add_trPr()
    if trpr.find(qn("w:tblHeader")) is None:
        e = OxmlElement("w:tblHeader")
        trpr.append(e)


def notas_al_pie(data: bytes) -> dict[int, str]:
    """The footnotes of a .docx (id -> text), read back with python-docx: for tests and checks."""
    doc = Document(io.BytesIO(data))
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            elemento = parse_xml(rel.target_part.blob)
            salida = {}
            for nota in elemento.findall(qn("w:footnote")):
                ident = int(nota.get(qn("w:id")))
                if ident <= 0:
                    continue
                salida[ident] = "".join(t.text or "" for t in nota.iter(qn("w:t"))).strip()
            return salida
    return {}


def referencias_de_notas(p: Paragraph) -> list[int]:
    """Footnote ids referenced from a paragraph."""
    return [int(e.get(qn("w:id"))) for e in p._p.iter(qn("w:footnoteReference"))]
