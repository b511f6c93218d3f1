"""Generate the institution's template set: ``plantillas/NOMBRE.docx`` with its schema ``NOMBRE.yaml``.

Run from the repository root::

    .venv/bin/python scripts/generar_plantillas.py            # writes plantillas/
    .venv/bin/python scripts/generar_plantillas.py --destino DIR

The output is byte-stable: fixed document properties and fixed zip timestamps, so re-running the script
on the same code reproduces the same files (``tests/test_plantillas_conjunto.py`` checks it).

Every Jinja tag is written inside a single run (``add_run``) so Word's run splitting cannot break it;
paragraph-level control uses docxtpl's ``{%p … %}`` and table rows ``{%tr … %}``. Nothing institutional
is hard-coded: names, áreas, signers, domicile and lema come from the template context (``archivo.toml``)
or from the fields each schema declares.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

REPO = Path(__file__).resolve().parent.parent
DESTINO = REPO / "plantillas"

FUENTE = "Arial"
ANCHO_TEXTO = 21.59 - 2 * 2.5  # carta menos márgenes, en cm
FECHA_FIJA = datetime(2025, 1, 1, 0, 0, 0)
GRIS_ENCABEZADO = "D9D9D9"

# --------------------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------------------

# name shown in Word -> styleId (ASCII)
CUERPO = "Cuerpo del documento"
NUMERADO = "Párrafo numerado"
TITULO = "Título del documento"
SUBTITULO = "Subtítulo del documento"
DATOS = "Datos del documento"
ASUNTO = "Asunto"
DESTINATARIO = "Destinatario"
SALUDO = "Presente"
FIRMA = "Firma"
NOMBRE_FIRMA = "Nombre de quien firma"
COPIAS = "Copias"
TABLA_TEXTO = "Texto de tabla"
TABLA_ENCABEZADO = "Encabezado de tabla"
MEMBRETE_INST = "Membrete institución"
MEMBRETE_AREA = "Membrete área"
MEMBRETE_LEMA = "Membrete lema"
MEMBRETE_LINEA = "Membrete línea"
AVISO = "Aviso de borrador"
PORTADA = "Portada del informe"
SECCION = "Heading 1"
SUBSECCION = "Heading 2"

_IDS = {
    CUERPO: "CuerpoDocumento", NUMERADO: "ParrafoNumerado", TITULO: "TituloDocumento",
    SUBTITULO: "SubtituloDocumento", DATOS: "DatosDocumento", ASUNTO: "AsuntoDocumento",
    DESTINATARIO: "Destinatario", SALUDO: "Presente", FIRMA: "Firma", NOMBRE_FIRMA: "NombreFirma",
    COPIAS: "Copias", TABLA_TEXTO: "TextoTabla", TABLA_ENCABEZADO: "EncabezadoTabla",
    MEMBRETE_INST: "MembreteInstitucion", MEMBRETE_AREA: "MembreteArea", MEMBRETE_LEMA: "MembreteLema",
    MEMBRETE_LINEA: "MembreteLinea", AVISO: "AvisoBorrador", PORTADA: "PortadaInforme",
}

_SUCESORES_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                   "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _fuente(rpr_padre, nombre: str = FUENTE) -> None:
    """Set the font on every script slot and drop theme fonts (they would override it)."""
    rpr = rpr_padre.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for atributo in list(rfonts.attrib):
        del rfonts.attrib[atributo]
    for ranura in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(ranura), nombre)


def _borde(ppr, lado: str, color: str = "808080", grosor: int = 6) -> None:
    pbdr = ppr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        ppr.insert_element_before(pbdr, *_SUCESORES_PBDR)
    borde = OxmlElement(f"w:{lado}")
    borde.set(qn("w:val"), "single")
    borde.set(qn("w:sz"), str(grosor))
    borde.set(qn("w:space"), "1")
    borde.set(qn("w:color"), color)
    pbdr.append(borde)


def _estilo_parrafo(doc, nombre: str, *, base: str = "Normal", tam: float | None = None, negrita: bool = False,
                    cursiva: bool = False, alineacion=None, antes: float = 0, despues: float = 0,
                    interlineado: float | None = None, sangria: float | None = None,
                    sangria_derecha: float | None = None, primera_linea: float | None = None,
                    con_siguiente: bool = False, color: RGBColor | None = None, siguiente: str | None = None):
    estilos = doc.styles
    estilo = estilos.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
    estilo.style_id = _IDS[nombre]
    estilo.base_style = estilos[base]
    estilo.quick_style = True
    if siguiente:
        estilo.next_paragraph_style = estilos[siguiente]
    fuente = estilo.font
    if tam:
        fuente.size = Pt(tam)
    fuente.bold = negrita or None
    fuente.italic = cursiva or None
    if color is not None:
        fuente.color.rgb = color
    fp = estilo.paragraph_format
    if alineacion is not None:
        fp.alignment = alineacion
    fp.space_before = Pt(antes)
    fp.space_after = Pt(despues)
    if interlineado:
        fp.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fp.line_spacing = interlineado
    if sangria is not None:
        fp.left_indent = Cm(sangria)
    if sangria_derecha is not None:
        fp.right_indent = Cm(sangria_derecha)
    if primera_linea is not None:
        fp.first_line_indent = Cm(primera_linea)
    if con_siguiente:
        fp.keep_with_next = True
    return estilo


def _estilos(doc) -> None:
    estilos = doc.styles
    # Document defaults: Arial 11, Spanish (Mexico) for spelling and hyphenation.
    rpr_defecto = estilos.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for hijo in list(rpr_defecto):
        if hijo.tag in (qn("w:rFonts"), qn("w:lang")):
            rpr_defecto.remove(hijo)
    rfonts = OxmlElement("w:rFonts")
    for ranura in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(ranura), FUENTE)
    rpr_defecto.insert(0, rfonts)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "es-MX")
    lang.set(qn("w:eastAsia"), "es-MX")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr_defecto.append(lang)

    normal = estilos["Normal"]
    _fuente(normal.element)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    for nombre, alineacion, antes, despues in ((SECCION, WD_ALIGN_PARAGRAPH.CENTER, 12, 8),
                                               (SUBSECCION, WD_ALIGN_PARAGRAPH.LEFT, 8, 6)):
        h = estilos[nombre]
        _fuente(h.element)
        h.font.size = Pt(11)
        h.font.bold = True
        h.font.color.rgb = RGBColor(0, 0, 0)
        h.paragraph_format.alignment = alineacion
        h.paragraph_format.space_before = Pt(antes)
        h.paragraph_format.space_after = Pt(despues)
        h.paragraph_format.keep_with_next = True

    for nombre in ("Header", "Footer"):
        _fuente(estilos[nombre].element)
        estilos[nombre].paragraph_format.tab_stops.clear_all()
    estilos["Footer"].font.size = Pt(8)
    estilos["Footer"].font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    j, c, d, iz = (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                   WD_ALIGN_PARAGRAPH.LEFT)
    _estilo_parrafo(doc, CUERPO, alineacion=j, despues=8, interlineado=1.15)
    numerado = _estilo_parrafo(doc, NUMERADO, base=CUERPO, despues=6, sangria=1.25, primera_linea=-1.25)
    numerado.paragraph_format.tab_stops.add_tab_stop(Cm(1.25))
    _estilo_parrafo(doc, TITULO, tam=12, negrita=True, alineacion=c, despues=12, con_siguiente=True)
    _estilo_parrafo(doc, SUBTITULO, negrita=True, alineacion=c, despues=6, con_siguiente=True)
    _estilo_parrafo(doc, DATOS, alineacion=d, con_siguiente=True)
    _estilo_parrafo(doc, ASUNTO, alineacion=iz, sangria=8.5, antes=2, despues=2, con_siguiente=True)
    _estilo_parrafo(doc, DESTINATARIO, alineacion=iz, con_siguiente=True)
    _estilo_parrafo(doc, SALUDO, negrita=True, alineacion=iz, despues=14, siguiente=CUERPO)
    _estilo_parrafo(doc, FIRMA, alineacion=c, con_siguiente=True)
    nombre_firma = _estilo_parrafo(doc, NOMBRE_FIRMA, negrita=True, alineacion=c, antes=42, sangria=4.3,
                                   sangria_derecha=4.3, con_siguiente=True)
    _borde(nombre_firma.element.get_or_add_pPr(), "top", color="000000")
    copias = _estilo_parrafo(doc, COPIAS, tam=8, alineacion=iz, sangria=1.2, primera_linea=-1.2)
    copias.paragraph_format.tab_stops.add_tab_stop(Cm(1.2))
    _estilo_parrafo(doc, TABLA_TEXTO, tam=9, alineacion=iz, antes=1, despues=1)
    _estilo_parrafo(doc, TABLA_ENCABEZADO, tam=9, negrita=True, alineacion=c, antes=1, despues=1)
    _estilo_parrafo(doc, MEMBRETE_INST, base="Header", tam=12, negrita=True, alineacion=c)
    _estilo_parrafo(doc, MEMBRETE_AREA, base="Header", tam=10, alineacion=c)
    _estilo_parrafo(doc, MEMBRETE_LEMA, base="Header", tam=8, cursiva=True, alineacion=c, antes=2)
    linea = _estilo_parrafo(doc, MEMBRETE_LINEA, base="Header", tam=4, alineacion=c, despues=6)
    _borde(linea.element.get_or_add_pPr(), "bottom", grosor=8)
    _estilo_parrafo(doc, AVISO, base="Header", tam=10, negrita=True, alineacion=c, antes=2,
                    color=RGBColor(0xC0, 0x00, 0x00))
    _estilo_parrafo(doc, PORTADA, tam=16, negrita=True, alineacion=c, antes=36, despues=18, con_siguiente=True)


# --------------------------------------------------------------------------------------------------
# Paragraph, field and table primitives
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Texto:
    """A run: text (with its Jinja tags complete) and its direct character formatting."""

    texto: str
    negrita: bool = False
    cursiva: bool = False


def B(texto: str) -> Texto:
    return Texto(texto, negrita=True)


def I(texto: str) -> Texto:  # noqa: E743 (the usual name for an italic run)
    return Texto(texto, cursiva=True)


Parte = str | Texto


def _runs(parrafo, partes: Iterable[Parte]) -> None:
    for parte in partes:
        t = parte if isinstance(parte, Texto) else Texto(parte)
        run = parrafo.add_run(t.texto)
        if t.negrita:
            run.bold = True
        if t.cursiva:
            run.italic = True


def _campo_word(parrafo, instruccion: str, muestra: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instrText / separate / result / end runs."""
    def fld(tipo: str):
        run = parrafo.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), tipo)
        run._r.append(el)

    fld("begin")
    run = parrafo.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruccion} "
    run._r.append(instr)
    fld("separate")
    parrafo.add_run(muestra)
    fld("end")


def _sombrear(celda, color: str = GRIS_ENCABEZADO) -> None:
    tcpr = celda._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color)
    tcpr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                               "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                               "w:tcPrChange")


def _repetir_encabezado(fila) -> None:
    trpr = fila._tr.get_or_add_trPr()
    for etiqueta in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(etiqueta)
        trpr.append(el)


def _anchos(tabla, anchos_cm: list[float]) -> None:
    tabla.autofit = False  # fixed layout: Word and LibreOffice keep the column widths below
    for i, ancho in enumerate(anchos_cm):
        tabla.columns[i].width = Cm(ancho)
        for celda in tabla.columns[i].cells:
            celda.width = Cm(ancho)


def _celda(celda, partes: Iterable[Parte] | str, estilo: str = TABLA_TEXTO, alineacion=None) -> None:
    p = celda.paragraphs[0]
    p.style = estilo
    if alineacion is not None:
        p.alignment = alineacion
    _runs(p, [partes] if isinstance(partes, str | Texto) else partes)
    celda.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# --------------------------------------------------------------------------------------------------
# Schema fields
# --------------------------------------------------------------------------------------------------

def campo(nombre: str, tipo: str, descripcion: str, ejemplo: Any, requerido: bool = True,
          columnas: list[tuple[str, str, str]] | None = None) -> dict[str, Any]:
    """A schema field; ``columnas`` (tabla only) are (nombre, tipo, descripcion)."""
    d: dict[str, Any] = {"nombre": nombre, "tipo": tipo, "requerido": requerido, "descripcion": descripcion}
    if columnas:
        d["columnas"] = [{"nombre": n, "tipo": t, "descripcion": desc} for n, t, desc in columnas]
    d["ejemplo"] = ejemplo
    return d


COLUMNAS_REQUISITOS = [
    ("requisito", "texto", "El requisito, como lo establece la norma"),
    ("cumple", "booleano", "Sí o no"),
    ("soporte", "texto", "Documento o constancia con que se acredita (o por qué no se cumple)"),
]
COLUMNAS_GLOSARIO = [("termino", "texto", "Sigla o término abreviado"),
                     ("significado", "texto", "Lo que significa en el documento")]


def c_asunto(ejemplo: str) -> dict:
    return campo("asunto", "texto", "Síntesis del asunto en una sola oración; aparece junto al folio.", ejemplo)


def c_ccp(ejemplo: list[str]) -> dict:
    return campo("ccp", "lista", "Personas que reciben copia, una por renglón: grado, nombre, cargo y, si se "
                 "acostumbra, «Para su conocimiento». Puede terminar con «Minutario y archivo».", ejemplo,
                 requerido=False)


def c_iniciales(ejemplo: str = "LERC/jmv") -> dict:
    return campo("iniciales", "texto", "Iniciales de quien firma y de quien elaboró, separadas por diagonal "
                 "(línea de referencia al pie).", ejemplo, requerido=False)


def c_anexos(ejemplo: list[str]) -> dict:
    return campo("anexos", "lista", "Documentos que se acompañan, uno por renglón, con su número de fojas.",
                 ejemplo, requerido=False)


def c_antecedentes(ejemplo: list[str], descripcion: str = "") -> dict:
    return campo("antecedentes", "lista", descripcion or "Antecedentes en orden cronológico, uno por renglón; "
                 "se numeran con romanos (I, II, III…).", ejemplo)


def c_considerandos(ejemplo: list[str]) -> dict:
    return campo("considerandos", "lista", "Considerandos: fundamentación y motivación, uno por renglón, "
                 "comenzando normalmente con «Que…»; se numeran PRIMERO, SEGUNDO…", ejemplo)


def c_requisitos(ejemplo: list[dict], requerido: bool = True) -> dict:
    return campo("requisitos", "tabla", "Requisitos que se verifican: uno por fila, con si se cumple y el "
                 "documento que lo acredita.", ejemplo, requerido=requerido, columnas=COLUMNAS_REQUISITOS)


def c_glosario(ejemplo: list[dict]) -> dict:
    return campo("glosario", "tabla", "Glosario de siglas y términos usados en el documento (opcional).",
                 ejemplo, requerido=False, columnas=COLUMNAS_GLOSARIO)


# --------------------------------------------------------------------------------------------------
# The template builder: document + schema, with the reusable blocks
# --------------------------------------------------------------------------------------------------

def _opcional(nombre: str, vacio: str = "''") -> str:
    """Jinja expression for an optional field: absent or empty -> ``vacio`` (StrictUndefined-safe)."""
    return f"{nombre}|default({vacio}, true)"


@dataclass
class Plantilla:
    nombre: str
    titulo: str
    tipo: str
    serie: str
    area: str
    descripcion: str
    pasos: list[str]
    campos: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.doc = Document()
        seccion = self.doc.sections[0]
        seccion.page_width, seccion.page_height = Cm(21.59), Cm(27.94)
        for lado in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(seccion, lado, Cm(2.5))
        seccion.header_distance = seccion.footer_distance = Cm(1.25)
        _estilos(self.doc)
        propiedades = self.doc.core_properties
        propiedades.title = self.titulo
        propiedades.subject = self.descripcion
        propiedades.author = ""
        propiedades.last_modified_by = ""
        propiedades.comments = "Plantilla del juego institucional de archivo. Sus campos se describen en " \
                               f"{self.nombre}.yaml."
        propiedades.keywords = f"plantilla, {self.tipo}"
        propiedades.language = "es-MX"
        propiedades.created = propiedades.modified = FECHA_FIJA
        propiedades.revision = 1
        self._membrete()
        self._pie()

    # --- schema -------------------------------------------------------------------------------
    def declarar(self, *campos: dict) -> None:
        self.campos.extend(campos)

    def esquema_yaml(self) -> str:
        datos = {"nombre": self.nombre, "titulo": self.titulo, "tipo": self.tipo, "serie": self.serie,
                 "area": self.area, "descripcion": self.descripcion, "pasos": self.pasos, "campos": self.campos}
        cabecera = (f"# Esquema de la plantilla {self.nombre}.docx: qué campos llena quien redacta el documento.\n"
                    "# Generado por scripts/generar_plantillas.py. Para una plantilla propia, copie un par\n"
                    "# .docx/.yaml, cambie el nombre en ambos y declare aquí cada campo que use el .docx.\n")
        return cabecera + yaml.safe_dump(datos, allow_unicode=True, sort_keys=False, width=110,
                                         default_flow_style=False)

    # --- primitives ---------------------------------------------------------------------------
    def p(self, *partes: Parte, estilo: str = CUERPO, alineacion=None):
        parrafo = self.doc.add_paragraph(style=estilo)
        if alineacion is not None:
            parrafo.alignment = alineacion
        _runs(parrafo, partes)
        return parrafo

    def control(self, etiqueta: str) -> None:
        """A paragraph holding only a docxtpl paragraph tag (``{%p … %}``); docxtpl removes it."""
        self.doc.add_paragraph(style=CUERPO).add_run(etiqueta)

    def si(self, condicion: str, bloque: Callable[[], None]) -> None:
        self.control(f"{{%p if {condicion} %}}")
        bloque()
        self.control("{%p endif %}")

    def seccion(self, titulo: str) -> None:
        self.doc.add_paragraph(titulo, style=SECCION)

    def subseccion(self, titulo: str) -> None:
        self.doc.add_paragraph(titulo, style=SUBSECCION)

    def titulo_documento(self, *partes: Parte) -> None:
        self.p(*partes, estilo=TITULO)

    def parrafos(self, variable: str, opcional: bool = False) -> None:
        """One body paragraph per element of a ``lista`` field."""
        origen = _opcional(variable, "[]") if opcional else variable
        self.control(f"{{%p for parrafo in {origen} %}}")
        self.p("{{ parrafo }}")
        self.control("{%p endfor %}")

    def numerados(self, variable: str, numero: str, opcional: bool = False) -> None:
        """Numbered items of a ``lista``: ``numero`` is the Jinja expression of the label (bold).

        Short labels (I., 1.) hang in the margin; ordinal words (PRIMERO.) run into the text, as in acuerdos.
        """
        origen = _opcional(variable, "[]") if opcional else variable
        self.control(f"{{%p for elemento in {origen} %}}")
        if "punto_acuerdo" in numero:
            self.p(B(f"{{{{ {numero} }}}}."), " {{ elemento }}")
        else:
            self.p(B(f"{{{{ {numero} }}}}."), "\t{{ elemento }}", estilo=NUMERADO)
        self.control("{%p endfor %}")

    def tabla(self, columnas: list[tuple[str, str, float]], bucle: str, *, alineaciones: dict[int, Any] | None = None,
              pie: list[str] | None = None, junta: bool = False):
        """A table with a repeated header row and one row per element of a ``tabla`` field.

        ``columnas``: (encabezado, expresión Jinja de la celda, ancho en cm); ``bucle``: "fila in registros".
        ``pie``: optional closing row (e.g. a promedio), one Jinja text per column. ``junta``: keep the table
        on one page with the paragraph that follows (short analysis tables).
        """
        alineaciones = alineaciones or {}
        filas = 4 + (1 if pie else 0)
        t = self.doc.add_table(rows=filas, cols=len(columnas))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        encabezado = t.rows[0]
        _repetir_encabezado(encabezado)
        for i, (titulo, _, _) in enumerate(columnas):
            _celda(encabezado.cells[i], titulo, TABLA_ENCABEZADO)
            _sombrear(encabezado.cells[i])
        _celda(t.rows[1].cells[0], f"{{%tr for {bucle} %}}")
        for i, (_, expresion, _) in enumerate(columnas):
            _celda(t.rows[2].cells[i], expresion, alineacion=alineaciones.get(i))
        _celda(t.rows[3].cells[0], "{%tr endfor %}")
        if pie:
            for i, texto in enumerate(pie):
                _celda(t.rows[4].cells[i], B(texto) if texto else "", alineacion=alineaciones.get(i))
                _sombrear(t.rows[4].cells[i], "F2F2F2")
        _anchos(t, [ancho for _, _, ancho in columnas])
        if junta:
            for fila in t.rows:
                for celda in fila.cells:
                    for parrafo in celda.paragraphs:
                        parrafo.paragraph_format.keep_with_next = True
        self.p("", estilo=CUERPO)  # breathing space after the table (and Word needs a paragraph there)
        return t

    def ficha(self, filas: list[tuple[str, Parte | list[Parte]]], ancho_etiqueta: float = 5.0) -> None:
        """A two-column data sheet: label (shaded, bold) and value."""
        t = self.doc.add_table(rows=len(filas), cols=2)
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for fila, (etiqueta, valor) in zip(t.rows, filas, strict=True):
            _celda(fila.cells[0], B(etiqueta))
            _sombrear(fila.cells[0])
            if isinstance(valor, list):
                primero, *resto = valor
                _celda(fila.cells[1], primero)
                for extra in resto:
                    _runs(fila.cells[1].add_paragraph(style=TABLA_TEXTO), [extra])
            else:
                _celda(fila.cells[1], valor)
        _anchos(t, [ancho_etiqueta, ANCHO_TEXTO - ancho_etiqueta])
        self.p("", estilo=CUERPO)

    # --- header and footer (every template) ----------------------------------------------------
    def _membrete(self) -> None:
        encabezado = self.doc.sections[0].header
        primero = encabezado.paragraphs[0]
        primero.style = MEMBRETE_INST
        primero.add_run("{{ institucion.nombre }}")

        def linea(texto: str, estilo: str) -> None:
            encabezado.add_paragraph(style=estilo).add_run(texto)

        linea("{{ organo_enlace.nombre }}", MEMBRETE_AREA)
        linea("{%p if area.nombre != organo_enlace.nombre %}", MEMBRETE_AREA)
        linea("{{ area.nombre }}", MEMBRETE_AREA)
        linea("{%p endif %}", MEMBRETE_AREA)
        linea("{%p if institucion.lema %}", MEMBRETE_LEMA)
        linea("«{{ institucion.lema }}»", MEMBRETE_LEMA)
        linea("{%p endif %}", MEMBRETE_LEMA)
        encabezado.add_paragraph(style=MEMBRETE_LINEA)
        linea("{%p if es_borrador %}", AVISO)
        linea("BORRADOR — SIN FOLIO Y SIN VALIDEZ OFICIAL", AVISO)
        linea("{%p endif %}", AVISO)
        linea("{%p if sustituye %}", AVISO)
        linea("Este documento sustituye al folio {{ sustituye }}.", AVISO)
        linea("{%p endif %}", AVISO)

    def _pie(self) -> None:
        pie = self.doc.sections[0].footer
        datos = pie.paragraphs[0]
        datos.style = "Footer"
        datos.alignment = WD_ALIGN_PARAGRAPH.CENTER
        datos.add_run("{{ [institucion.domicilio, ('Tel. ' ~ institucion.telefono) if institucion.telefono "
                      "else '', institucion.sitio_web]|select|join(' · ') }}")
        paginas = pie.add_paragraph(style="Footer")
        paginas.paragraph_format.tab_stops.add_tab_stop(Cm(ANCHO_TEXTO), WD_TAB_ALIGNMENT.RIGHT)
        paginas.add_run("{{ folio }}\tPágina ")
        _campo_word(paginas, "PAGE", "1")
        paginas.add_run(" de ")
        _campo_word(paginas, "NUMPAGES", "1")

    # --- blocks shared by the genres -----------------------------------------------------------
    def datos_oficio(self, etiqueta_folio: str = "Oficio No.", asunto: bool = True) -> None:
        """Folio, ASUNTO and «lugar, a fecha» aligned to the right, as in every oficio."""
        self.p(B(f"{etiqueta_folio} {{{{ folio }}}}"), estilo=DATOS)
        if asunto:
            self.p(B("ASUNTO: "), "{{ asunto }}", estilo=ASUNTO)
        self.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_after = Pt(18)

    def destinatario(self, nombre: str, lineas: list[str | tuple[str, str]]) -> None:
        """Name in bold capitals, cargo lines (``(condición, texto)`` for optional ones) and P R E S E N T E."""
        self.p(B(f"{{{{ {nombre}|mayusculas }}}}"), estilo=DESTINATARIO)
        for linea in lineas:
            if isinstance(linea, tuple):
                condicion, texto = linea
                self.si(condicion, lambda texto=texto: self.p(texto, estilo=DESTINATARIO))
            else:
                self.p(linea, estilo=DESTINATARIO)
        self.p("P R E S E N T E", estilo=SALUDO)

    def despedida(self) -> None:
        self.p("Sin otro particular, aprovecho la ocasión para enviarle un cordial saludo.")

    def firma(self, saludo: str | None = "A T E N T A M E N T E", etiqueta: str | None = None,
              nombre: str = "{{ firmante.nombre }}", cargo: str = "{{ firmante.cargo }}") -> None:
        """One signer, centered: salutation, optional label, signature line, name and cargo."""
        primero = self.p(B(saludo), estilo=FIRMA) if saludo else None
        if primero is not None:
            primero.paragraph_format.space_before = Pt(12)
        if etiqueta:
            self.p(B(etiqueta), estilo=FIRMA)
        self.p(nombre, estilo=NOMBRE_FIRMA)
        ultimo = self.p(cargo, estilo=FIRMA).paragraph_format
        ultimo.keep_with_next = False
        ultimo.space_after = Pt(18)

    def firmas(self, firmantes: list[tuple[str, str, str | None]]) -> None:
        """Signers side by side in a borderless table: (etiqueta, nombre, cargo or None)."""
        t = self.doc.add_table(rows=1, cols=len(firmantes))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for celda, (etiqueta, nombre, cargo) in zip(t.rows[0].cells, firmantes, strict=True):
            _celda(celda, B(etiqueta), FIRMA)
            celda.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            p_nombre = celda.add_paragraph(style=NOMBRE_FIRMA)
            p_nombre.paragraph_format.left_indent = p_nombre.paragraph_format.right_indent = Cm(0.6)
            _runs(p_nombre, [nombre])
            if cargo:
                _runs(celda.add_paragraph(style=FIRMA), [cargo])
        _anchos(t, [ANCHO_TEXTO / len(firmantes)] * len(firmantes))
        self.p("", estilo=CUERPO)

    def copias(self) -> None:
        """c.c.p. list and the initials line (both optional fields)."""
        self.control(f"{{%p for copia in {_opcional('ccp', '[]')} %}}")
        primera = self.p("{% if loop.first %}c.c.p.{% endif %}\t{{ copia }}", estilo=COPIAS)
        primera.paragraph_format.space_before = Pt(0)
        self.control("{%p endfor %}")
        self.si(_opcional("iniciales"), lambda: self.p("{{ iniciales }}", estilo=COPIAS))

    def lista_anexos(self) -> None:
        def bloque() -> None:
            self.p(B("Anexos:"), estilo=COPIAS)
            self.control("{%p for anexo in anexos %}")
            self.p("\t{{ anexo }}", estilo=COPIAS)
            self.control("{%p endfor %}")
            self.p("", estilo=COPIAS)
        self.si(_opcional("anexos", "[]"), bloque)

    def glosario(self) -> None:
        def bloque() -> None:
            self.seccion("GLOSARIO")
            self.tabla([("Término", "{{ termino.termino }}", 4.0),
                        ("Significado", "{{ termino.significado }}", ANCHO_TEXTO - 4.0)],
                       "termino in glosario")
        self.si(_opcional("glosario", "[]"), bloque)

    def ficha_persona(self, variable: str, etiqueta: str = "Nombre", extra: list[tuple[str, Parte]] | None = None,
                      nivel_rango: bool = False) -> None:
        filas: list[tuple[str, Parte | list[Parte]]] = [
            (etiqueta, B(f"{{{{ {variable}.nombre_completo }}}}")),
            ("Clave en el padrón", f"{{{{ {variable}.clave }}}}"),
            ("Cargo o puesto", f"{{{{ {variable}.cargo|default('—', true) }}}}"),
            ("Adscripción", f"{{{{ {variable}.adscripcion_nombre|default({variable}.adscripcion, true)"
                            f"|default('—', true) }}}}"),
        ]
        if nivel_rango:
            filas.append(("Nivel y rango actuales", f"Nivel {{{{ {variable}.nivel|default('—', true) }}}}, "
                                                    f"rango {{{{ {variable}.rango|default('—', true) }}}}"))
        filas.extend(extra or [])
        self.ficha(filas)

    def cuerpo_dictamen(self) -> None:
        self.seccion("ANTECEDENTES")
        self.numerados("antecedentes", "loop.index|romano")
        self.seccion("CONSIDERANDOS")
        self.numerados("considerandos", "loop.index|punto_acuerdo")

    def resolutivo(self, numero: str, *partes: Parte) -> None:
        self.p(B(f"{numero}."), " ", *partes)

    def cierre_dictamen(self) -> None:
        self.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_before = Pt(12)
        self.firma(saludo=None)

    # --- output -------------------------------------------------------------------------------
    def docx_bytes(self) -> bytes:
        crudo = io.BytesIO()
        self.doc.save(crudo)
        return _zip_estable(crudo.getvalue())


def _zip_estable(datos: bytes) -> bytes:
    """Rewrite the package with a fixed timestamp so the same content gives the same bytes."""
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(datos)) as entrada, zipfile.ZipFile(salida, "w") as z:
        for info in entrada.infolist():
            nueva = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            nueva.compress_type = zipfile.ZIP_DEFLATED
            nueva.external_attr = 0o644 << 16
            z.writestr(nueva, entrada.read(info.filename))
    return salida.getvalue()


# --------------------------------------------------------------------------------------------------
# Shared example texts (fictitious institution «Instituto Electoral de Anáhuac», fictitious people)
# --------------------------------------------------------------------------------------------------

ESTATUTO = "Estatuto del Servicio Profesional Electoral Nacional y del Personal de la Rama Administrativa"
LINEAMIENTOS_EVALUACION = ("Lineamientos para la evaluación del desempeño del personal del Servicio Profesional "
                           "Electoral Nacional del sistema de los Organismos Públicos Locales Electorales")
CONSIDERANDO_CONSTITUCION = (
    "Que el artículo 41, párrafo tercero, Base V, Apartado D, de la Constitución Política de los Estados Unidos "
    "Mexicanos establece que el Servicio Profesional Electoral Nacional comprende la selección, ingreso, "
    "capacitación, profesionalización, promoción, evaluación, rotación, permanencia y disciplina de las personas "
    "servidoras públicas de los órganos ejecutivos y técnicos del Instituto Nacional Electoral y de los "
    "Organismos Públicos Locales Electorales, y que el Instituto Nacional Electoral regulará su organización y "
    "funcionamiento.")
CONSIDERANDO_COMISION = (
    "Que el artículo 376, fracción II, del Estatuto dispone que el Órgano Superior de Dirección de cada Organismo "
    "Público Local Electoral integrará una Comisión de Seguimiento al Servicio, con carácter permanente, "
    "responsable de garantizar la correcta implementación y funcionamiento de los mecanismos del Servicio.")
ANTECEDENTE_ESTATUTO = (
    "El 8 de julio de 2020, el Consejo General del Instituto Nacional Electoral aprobó, mediante el Acuerdo "
    "INE/CG162/2020, la reforma al Estatuto del Servicio Profesional Electoral Nacional y del Personal de la Rama "
    "Administrativa.")
GLOSARIO_EJEMPLO = [
    {"termino": "Comisión", "significado": "Comisión de Seguimiento del Servicio Profesional Electoral Nacional "
                                           "del Instituto Electoral de Anáhuac."},
    {"termino": "DESPEN", "significado": "Dirección Ejecutiva del Servicio Profesional Electoral Nacional del "
                                         "Instituto Nacional Electoral."},
    {"termino": "Estatuto", "significado": f"{ESTATUTO}."},
    {"termino": "Órgano de Enlace", "significado": "Dirección Ejecutiva de Vinculación y Servicio Profesional "
                                                   "Electoral del Instituto Electoral de Anáhuac."},
]
CCP_EJEMPLO = [
    "Mtra. Gabriela Montes de Oca Ibarra, Consejera Presidenta del Instituto Electoral de Anáhuac. "
    "Para su conocimiento.",
    "Dra. Sofía Ramírez Olvera, Presidenta de la Comisión de Seguimiento del Servicio Profesional Electoral "
    "Nacional. Mismo fin.",
    "Minutario y archivo.",
]
VOTACION_COMISION = ("unanimidad de votos de las Consejeras Electorales Dra. Sofía Ramírez Olvera y "
                     "Lic. Daniela Cortés Aguilar, y del Consejero Electoral Mtro. Héctor Luna Zamora")


def c_votacion(ejemplo: str) -> dict:
    return campo("votacion", "texto", "Sentido de la votación y quiénes votaron, tal como se leerá después de "
                 "«Así lo aprobó por»; p. ej. «unanimidad de votos de las Consejeras…».", ejemplo)


def c_tipo_sesion(ejemplo: str = "extraordinaria") -> dict:
    return campo("tipo_sesion", "texto", "Tipo de sesión en que se aprobó, en minúsculas: ordinaria o "
                 "extraordinaria.", ejemplo)


def c_numero_sesion(ejemplo: int) -> dict:
    return campo("numero_sesion", "número", "Número de la sesión en el año (3 = tercera sesión); si se omite, "
                 "solo se menciona el tipo.", ejemplo, requerido=False)


def c_objeto(ejemplo: str) -> dict:
    return campo("objeto", "texto", "Lo que aprueba o determina el acuerdo, empezando por el verbo y sin «por el "
                 "que se» (el título lo agrega): p. ej. «aprueba el calendario de…». Se escribe en mayúsculas "
                 "en el título.", ejemplo)


def c_puntos(ejemplo: list[str]) -> dict:
    return campo("puntos", "lista", "Puntos de acuerdo, uno por renglón, en el orden en que se aprueban; se "
                 "numeran PRIMERO, SEGUNDO…", ejemplo)


def c_transitorios(ejemplo: list[str]) -> dict:
    return campo("transitorios", "lista", "Artículos transitorios, uno por renglón (opcional); se numeran "
                 "PRIMERO, SEGUNDO…", ejemplo, requerido=False)


# --------------------------------------------------------------------------------------------------
# The templates
# --------------------------------------------------------------------------------------------------

def oficio() -> Plantilla:
    t = Plantilla(
        "oficio", "Oficio", "oficio", "oficio", "DEVySPE",
        "Oficio de uso general: comunicaciones con las áreas del Instituto, la Secretaría Ejecutiva, "
        "instituciones externas o el INE (difusión, solicitudes de publicación, remisiones, requerimientos).",
        ["concurso-publico:2", "concurso-publico:3", "concurso-publico:4", "concurso-publico:5",
         "concurso-publico:6", "concurso-publico:7", "concurso-publico:9", "concurso-publico:10",
         "certamen-interno:1", "certamen-interno:10", "certamen-interno:15", "encargos-despacho:1",
         "encargos-despacho:6", "encargos-despacho:9", "profesionalizacion:1", "profesionalizacion:4",
         "profesionalizacion:9", "profesionalizacion:12", "evaluacion-desempeno:3", "evaluacion-desempeno:4",
         "evaluacion-desempeno:5", "evaluacion-desempeno:8", "evaluacion-desempeno:9",
         "evaluacion-desempeno:12", "titularidad-promocion:5", "incentivos:1", "incentivos:4",
         "notificacion-areas:6", "notificacion-areas:7", "notificacion-ine:2", "notificacion-ine:5"])
    t.declarar(
        campo("destinatario_nombre", "texto", "Grado y nombre completo de la persona a quien se dirige el oficio.",
              "Lic. Arturo Benítez Salgado"),
        campo("destinatario_cargo", "texto", "Cargo de la persona destinataria.",
              "Secretario Ejecutivo"),
        campo("destinatario_institucion", "texto", "Institución o área de la persona destinataria, si el cargo "
              "no basta para identificarla.", "Instituto Electoral de Anáhuac", requerido=False),
        c_asunto("Se remite el Proyecto de Acuerdo de designación de las personas ganadoras del Concurso Público "
                 "2024."),
        campo("cuerpo", "lista", "Párrafos del cuerpo del oficio, en orden; cada renglón es un párrafo.", [
            "Con fundamento en lo dispuesto por el Estatuto del Servicio Profesional Electoral Nacional y del "
            "Personal de la Rama Administrativa y por los Lineamientos del Concurso Público para el Ingreso al "
            "Servicio Profesional Electoral Nacional del sistema de los Organismos Públicos Locales Electorales, "
            "me permito remitirle el Proyecto de Acuerdo por el que se designa a las personas ganadoras del "
            "Concurso Público 2024 que ocuparán plazas vacantes del Servicio en este Instituto.",
            "Lo anterior, a efecto de que tenga a bien someterlo a la consideración del Consejo General en la "
            "próxima sesión que celebre, toda vez que la Comisión de Seguimiento del Servicio Profesional "
            "Electoral Nacional conoció las designaciones mediante el Acuerdo IEA-CSPEN-007/2024, aprobado en "
            "su tercera sesión extraordinaria del 12 de septiembre de 2024.",
        ]),
        c_anexos(["Proyecto de Acuerdo del Consejo General (12 fojas).",
                  "Acuerdo IEA-CSPEN-007/2024 de la Comisión de Seguimiento (8 fojas)."]),
        c_ccp(CCP_EJEMPLO),
        c_iniciales(),
    )
    t.datos_oficio()
    t.destinatario("destinatario_nombre", ["{{ destinatario_cargo }}",
                                           (_opcional("destinatario_institucion"),
                                            "{{ destinatario_institucion }}")])
    t.parrafos("cuerpo")
    t.despedida()
    t.firma()
    t.lista_anexos()
    t.copias()
    return t


def oficio_notificacion() -> Plantilla:
    t = Plantilla(
        "oficio-notificacion", "Oficio de notificación a una persona del Servicio", "oficio", "oficio", "CSPE",
        "Oficio por el que se notifica a una persona integrante del Servicio un resultado, dictamen, acuerdo o "
        "autorización que le concierne, con su fundamentación y, en su caso, el plazo de que dispone.",
        ["concurso-publico:7", "certamen-interno:14", "reingreso-reincorporacion:3", "reingreso-reincorporacion:5",
         "profesionalizacion:5", "profesionalizacion:10", "evaluacion-desempeno:11", "evaluacion-desempeno:12",
         "incentivos:6"])
    t.declarar(
        campo("destinatario", "persona", "Persona del Servicio a quien se notifica: su clave en el padrón.",
              "SPEN-0001"),
        c_asunto("Notificación del Dictamen de resultados individuales de la evaluación del desempeño."),
        campo("fundamento", "texto", "Disposiciones en que se funda la notificación, tal como se leerán después "
              "de «Con fundamento en».",
              f"lo dispuesto por el {ESTATUTO} y por los {LINEAMIENTOS_EVALUACION}"),
        campo("materia", "texto", "Lo que se notifica (resultado, dictamen, acuerdo o autorización), tal como se "
              "leerá después de «me permito notificarle».",
              "el Dictamen de resultados individuales de la evaluación del desempeño que le corresponde"),
        campo("instrumento", "texto", "Cómo y cuándo se aprobó lo notificado; se lee después de una coma: "
              "p. ej. «aprobado por el Consejo General mediante el Acuerdo…».",
              "aprobado por el Consejo General mediante el Acuerdo IEA-CG-045/2024, de fecha 30 de octubre de 2024",
              requerido=False),
        campo("periodo", "texto", "Periodo evaluado o ejercicio al que se refiere lo notificado.",
              "septiembre 2023 a agosto 2024", requerido=False),
        campo("calificacion", "número", "Calificación obtenida, si se notifica un resultado (de 0 a 10; se "
              "escribe con tres decimales).", 9.125, requerido=False),
        campo("detalle", "lista", "Párrafos adicionales: indicaciones, documentos que se adjuntan, efectos.", [
            "El Dictamen se adjunta al presente oficio y puede consultarse también en el Sistema Integral de "
            "Información del Servicio Profesional Electoral Nacional (SIISPEN).",
        ], requerido=False),
        campo("plazo_dias", "número", "Días hábiles de que dispone la persona para actuar, si los hay.", 10,
              requerido=False),
        campo("plazo_motivo", "texto", "Para qué es el plazo, tal como se leerá después de «para».",
              "presentar, en su caso, la solicitud de revisión de su calificación ante el Órgano de Enlace",
              requerido=False),
        c_ccp(["Lic. Arturo Benítez Salgado, Secretario Ejecutivo del Instituto Electoral de Anáhuac. Para su "
               "conocimiento.", "Expediente personal y archivo."]),
        c_iniciales("LERC/amg"),
    )
    t.datos_oficio()
    t.destinatario("destinatario.nombre_completo", [
        "{{ destinatario.cargo }}",
        ("destinatario.adscripcion_nombre|default('', true)", "{{ destinatario.adscripcion_nombre }}"),
        "Persona integrante del Servicio Profesional Electoral Nacional",
    ])
    t.p("Con fundamento en {{ fundamento }}, me permito notificarle {{ materia }}"
        f"{{% if {_opcional('instrumento')} %}}, {{{{ instrumento }}}}{{% endif %}}"
        f"{{% if {_opcional('periodo')} %}}, correspondiente al periodo {{{{ periodo }}}}{{% endif %}}.")
    t.si(_opcional("calificacion"),
         lambda: t.p("De acuerdo con lo anterior, la calificación final que usted obtuvo es de ",
                     B("{{ calificacion|calificacion }}"), "."))
    t.parrafos("detalle", opcional=True)
    t.si(_opcional("plazo_dias"),
         lambda: t.p("Asimismo, le informo que cuenta con un plazo de {{ plazo_dias|letras }} "
                     "({{ plazo_dias|numero }}) días hábiles, contados a partir del día hábil siguiente al de la "
                     "notificación del presente, para "
                     "{{ plazo_motivo|default('ejercer los derechos que le correspondan', true) }}."))
    t.despedida()
    t.firma()
    t.copias()
    return t


def oficio_despen() -> Plantilla:
    t = Plantilla(
        "oficio-despen", "Oficio a la DESPEN", "oficio", "oficio", "DEVySPE",
        "Oficio dirigido a la Dirección Ejecutiva del Servicio Profesional Electoral Nacional del INE: informes, "
        "remisión de expedientes y propuestas, respuestas a requerimientos y avisos de separación.",
        ["concurso-publico:1", "concurso-publico:8", "certamen-interno:1", "encargos-despacho:2",
         "encargos-despacho:4", "encargos-despacho:7", "encargos-despacho:9", "encargos-despacho:10",
         "reingreso-reincorporacion:2", "reingreso-reincorporacion:3", "profesionalizacion:3",
         "profesionalizacion:5", "profesionalizacion:6", "profesionalizacion:11", "profesionalizacion:12",
         "evaluacion-desempeno:1", "evaluacion-desempeno:2", "evaluacion-desempeno:3", "evaluacion-desempeno:5",
         "evaluacion-desempeno:9", "titularidad-promocion:1", "titularidad-promocion:2",
         "titularidad-promocion:6", "titularidad-promocion:7", "incentivos:2", "incentivos:3", "incentivos:7",
         "permanencia-disciplina:1", "permanencia-disciplina:2", "notificacion-areas:6", "notificacion-ine:2"])
    t.declarar(
        campo("titular_despen", "texto", "Grado y nombre de la persona titular de la DESPEN.",
              "Mtra. Mariana Solís Arreola"),
        campo("cargo_titular_despen", "texto", "Cargo de la persona titular de la DESPEN.",
              "Directora Ejecutiva del Servicio Profesional Electoral Nacional"),
        c_asunto("Se informa el presupuesto asignado para el otorgamiento de incentivos del ejercicio valorado "
                 "2024."),
        campo("referencia", "texto", "Si el oficio responde a un documento de la DESPEN: cuál, tal como se leerá "
              "después de «En atención a».", "la circular INE/DESPEN/045/2025, de fecha 14 de febrero de 2025",
              requerido=False),
        campo("cuerpo", "lista", "Párrafos del cuerpo del oficio, en orden; cada renglón es un párrafo.", [
            "Con fundamento en lo dispuesto por los Lineamientos para el otorgamiento de incentivos al personal "
            "del Servicio Profesional Electoral Nacional en el sistema de los Organismos Públicos Locales "
            "Electorales, le informo que el Consejo General del Instituto Electoral de Anáhuac asignó para el "
            "otorgamiento de incentivos correspondientes al ejercicio valorado 2024 un presupuesto de "
            "$350,000.00 (trescientos cincuenta mil pesos 00/100 M.N.).",
            "Dicho monto se ejercerá conforme al Programa de Incentivos vigente, una vez que se cuente con los "
            "resultados de la evaluación del desempeño y del Programa de Formación del personal del Servicio.",
        ]),
        campo("por_sivople", "booleano", "Sí, si el oficio y sus anexos se envían a través del SIVOPLE.", True,
              requerido=False),
        c_anexos(["Acuerdo IEA-CG-012/2025 del Consejo General (6 fojas)."]),
        c_ccp(CCP_EJEMPLO),
        c_iniciales(),
    )
    t.datos_oficio()
    t.destinatario("titular_despen", ["{{ cargo_titular_despen }}", "Instituto Nacional Electoral"])
    t.si(_opcional("referencia"), lambda: t.p("En atención a {{ referencia }}, me permito informarle lo siguiente."))
    t.parrafos("cuerpo")
    t.si(_opcional("por_sivople", "false"),
         lambda: t.p("El presente oficio y sus anexos se remiten a través del Sistema de Vinculación con los "
                     "Organismos Públicos Locales Electorales (SIVOPLE)."))
    t.despedida()
    t.firma()
    t.lista_anexos()
    t.copias()
    return t


def tarjeta_informativa() -> Plantilla:
    t = Plantilla(
        "tarjeta-informativa", "Tarjeta informativa", "tarjeta-informativa", "tarjeta-informativa", "DEVySPE",
        "Tarjeta informativa para notificar a un área del Instituto los documentos del INE recibidos por el "
        "SIVOPLE (oficios, circulares, acuerdos, resoluciones, consultas) o para informar un asunto interno.",
        ["notificacion-areas:2", "notificacion-areas:4", "profesionalizacion:4", "profesionalizacion:5"])
    t.declarar(
        campo("para_nombre", "texto", "Grado y nombre de la persona titular del área a la que se informa.",
              "Mtro. Raúl Quintero Lagunas"),
        campo("para_cargo", "texto", "Cargo de la persona a la que se informa.",
              "Director Ejecutivo de Organización Electoral"),
        c_asunto("Se notifica la circular INE/DESPEN/045/2025 recibida mediante el SIVOPLE."),
        campo("tipo_documento_ine", "texto", "Tipo del documento del INE que se notifica: oficio, circular, "
              "acuerdo, resolución, consulta o formato.", "Circular", requerido=False),
        campo("numero_documento_ine", "texto", "Número del documento del INE; si se llena, la tarjeta describe "
              "la recepción por el SIVOPLE.", "INE/DESPEN/045/2025", requerido=False),
        campo("fecha_documento_ine", "fecha", "Fecha del documento del INE.", "2025-02-14", requerido=False),
        campo("emisor_documento_ine", "texto", "Área del INE que emite el documento.",
              "Dirección Ejecutiva del Servicio Profesional Electoral Nacional", requerido=False),
        campo("fecha_recepcion", "fecha", "Fecha en que se recibió el documento en el SIVOPLE.", "2025-02-17",
              requerido=False),
        campo("actividad_sivople", "texto", "Número de la actividad registrada en el SIVOPLE.", "IEA/2025/0387",
              requerido=False),
        campo("sintesis", "texto", "Síntesis de lo que informa, solicita o resuelve el documento (o de lo que se "
              "informa, si no es un documento del INE).",
              "La DESPEN solicita a los Órganos de Enlace informar el número de personas del Servicio que "
              "cursarán el periodo formativo 2025/1 del Programa de Formación y verificar que sus datos de "
              "contacto estén actualizados en el SIISPEN."),
        campo("acciones", "lista", "Atención que se sugiere al área, una acción por renglón.", [
            "Remitir a esta Dirección Ejecutiva la información solicitada, para su envío al INE mediante el "
            "SIVOPLE.",
            "Informar cualquier cambio en los datos de contacto del personal del Servicio adscrito al área.",
        ], requerido=False),
        campo("fecha_limite", "fecha", "Fecha límite para que el área atienda lo solicitado.", "2025-02-25",
              requerido=False),
        c_ccp(["Lic. Arturo Benítez Salgado, Secretario Ejecutivo. Para su conocimiento.",
               "Bitácora de seguimiento INE-IEA."]),
        c_iniciales("LERC/cbc"),
    )
    t.titulo_documento("TARJETA INFORMATIVA")
    t.p(B("No. {{ folio }}"), estilo=DATOS).paragraph_format.space_after = Pt(10)
    t.ficha([("PARA:", [B("{{ para_nombre }}"), "{{ para_cargo }}"]),
             ("DE:", [B("{{ firmante.nombre }}"), "{{ firmante.cargo }}"]),
             ("ASUNTO:", "{{ asunto }}"),
             ("FECHA:", "{{ lugar }}, a {{ fecha|fecha_larga }}")], ancho_etiqueta=3.0)

    def recibido_ine() -> None:
        t.p("Por este medio le informo que"
            f"{{% if {_opcional('fecha_recepcion')} %}} el {{{{ fecha_recepcion|fecha_larga }}}}{{% endif %}} "
            "se recibió a través del Sistema de Vinculación con los Organismos Públicos Locales Electorales "
            "(SIVOPLE) el documento que se describe a continuación, cuya atención compete al área a su cargo:")
        t.ficha([("Tipo de documento", f"{{{{ {_opcional('tipo_documento_ine', repr('Documento'))} }}}}"),
                 ("Número", B("{{ numero_documento_ine }}")),
                 ("Fecha", f"{{% if {_opcional('fecha_documento_ine')} %}}{{{{ fecha_documento_ine|fecha_larga }}}}"
                           "{% else %}—{% endif %}"),
                 ("Emitido por", f"{{{{ {_opcional('emisor_documento_ine', repr('—'))} }}}}"),
                 ("Actividad en el SIVOPLE", f"{{{{ {_opcional('actividad_sivople', repr('—'))} }}}}")])

    t.control(f"{{%p if {_opcional('numero_documento_ine')} %}}")
    recibido_ine()
    t.control("{%p else %}")
    t.p("Por este medio me permito informarle lo siguiente:")
    t.control("{%p endif %}")
    t.p(B("Síntesis: "), "{{ sintesis }}")

    def acciones() -> None:
        t.p(B("Atención que se sugiere:"))
        t.numerados("acciones", "loop.index")
    t.si(_opcional("acciones", "[]"), acciones)
    t.si(_opcional("fecha_limite"),
         lambda: t.p(B("Fecha límite para la atención: "), "{{ fecha_limite|fecha_larga }}."))
    t.si(_opcional("numero_documento_ine"),
         lambda: t.p("Se adjunta el documento para su conocimiento y la atención que corresponda."))
    t.firma()
    t.copias()
    return t


def circular() -> Plantilla:
    t = Plantilla(
        "circular", "Circular", "circular", "circular", "DEVySPE",
        "Circular dirigida al personal del Servicio (o a las áreas del Instituto): difusión de metas, "
        "convocatorias, periodos de solicitudes y avisos generales.",
        ["concurso-publico:2", "cambios-adscripcion:2", "profesionalizacion:1", "evaluacion-desempeno:4"])
    t.declarar(
        campo("destinatarios", "texto", "A quiénes se dirige la circular; se escribe en mayúsculas.",
              "Personal del Servicio Profesional Electoral Nacional del Instituto Electoral de Anáhuac"),
        c_asunto("Difusión de las metas para la evaluación del desempeño del periodo septiembre 2024 a agosto "
                 "2025."),
        campo("cuerpo", "lista", "Párrafos de la circular, en orden; cada renglón es un párrafo.", [
            f"Con fundamento en lo dispuesto por el {ESTATUTO} y por los {LINEAMIENTOS_EVALUACION}, hago de su "
            "conocimiento que las metas individuales y colectivas que se considerarán en la evaluación del "
            "desempeño del periodo septiembre 2024 a agosto 2025 se encuentran disponibles para su consulta en el "
            "Sistema Integral de Información del Servicio Profesional Electoral Nacional (SIISPEN).",
            "Les solicito revisar con su superior jerárquico las metas que les corresponden y conservar, desde el "
            "inicio del periodo, la evidencia documental de su cumplimiento.",
            "Para cualquier duda sobre el contenido de las metas o sobre los soportes documentales, la "
            "Coordinación del Servicio Profesional Electoral se encuentra a sus órdenes.",
        ]),
        c_ccp(["Dra. Sofía Ramírez Olvera, Presidenta de la Comisión de Seguimiento del Servicio Profesional "
               "Electoral Nacional. Para su conocimiento.", "Minutario y archivo."]),
        c_iniciales("LERC/jmv"),
    )
    t.datos_oficio(etiqueta_folio="CIRCULAR No.")
    t.p(B("{{ destinatarios|mayusculas }}"), estilo=DESTINATARIO)
    t.p("P R E S E N T E S", estilo=SALUDO)
    t.parrafos("cuerpo")
    t.firma()
    t.copias()
    return t


def _acuerdo(t: Plantilla, titulo: str, emisor: str) -> None:
    """Body shared by the acuerdos of the Comisión and of the Consejo General."""
    t.titulo_documento("ACUERDO {{ folio }}")
    t.titulo_documento(titulo)
    t.glosario()
    t.seccion("ANTECEDENTES")
    t.numerados("antecedentes", "loop.index|romano")
    t.seccion("CONSIDERANDOS")
    t.numerados("considerandos", "loop.index|punto_acuerdo")
    t.p(f"Por lo expuesto y fundado, {emisor} emite los siguientes:")
    t.seccion("PUNTOS DE ACUERDO")
    t.numerados("puntos", "loop.index|punto_acuerdo")

    def transitorios() -> None:
        t.seccion("TRANSITORIOS")
        t.numerados("transitorios", "loop.index|punto_acuerdo")
    t.si(_opcional("transitorios", "[]"), transitorios)


def _aprobacion(t: Plantilla, organo: str) -> None:
    n = _opcional("numero_sesion")
    p = t.p(f"Así lo aprobó por {{{{ votacion }}}}, {organo}, en {{% if {n} %}}su {{{{ numero_sesion|ordinal_femenino }}}} "
            "{% endif %}sesión {{ tipo_sesion }} celebrada el {{ fecha|fecha_larga }}.")
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True


def acuerdo_comision() -> Plantilla:
    t = Plantilla(
        "acuerdo-comision", "Acuerdo de la Comisión de Seguimiento del Servicio", "acuerdo-comision",
        "acuerdo-comision", "DEVySPE",
        "Acuerdo de la Comisión de Seguimiento del Servicio: antecedentes, considerandos, puntos de acuerdo, "
        "transitorios y firmas de la Presidencia y de la Secretaría Técnica.",
        ["concurso-publico:6", "concurso-publico:9", "certamen-interno:3", "certamen-interno:9",
         "certamen-interno:13", "certamen-interno:16", "certamen-interno:17", "cambios-adscripcion:1",
         "reingreso-reincorporacion:2", "reingreso-reincorporacion:4", "profesionalizacion:1",
         "evaluacion-desempeno:2", "evaluacion-desempeno:3", "evaluacion-desempeno:10", "titularidad-promocion:2",
         "titularidad-promocion:4", "incentivos:4"])
    t.declarar(
        campo("comision", "texto", "Nombre completo de la Comisión, como aparece en su acuerdo de integración.",
              "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"),
        c_objeto("aprueba el calendario de entrevistas del Certamen Interno 2025 para ocupar plazas vacantes del "
                 "Servicio Profesional Electoral Nacional en el Instituto Electoral de Anáhuac"),
        c_glosario(GLOSARIO_EJEMPLO + [{"termino": "Lineamientos", "significado":
                                        "Lineamientos para el Ascenso y Certamen Interno del Servicio Profesional "
                                        "Electoral Nacional del sistema de los Organismos Públicos Locales "
                                        "Electorales."}]),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 20 de enero de 2025, mediante el Acuerdo IEA-CSPEN-001/2025, la Comisión conoció el plan de trabajo "
            "del Certamen Interno 2025 elaborado por el Órgano de Enlace.",
            "El 24 de marzo de 2025, el Órgano de Enlace publicó la lista con los resultados de la evaluación, de "
            "mayor a menor, en la que se identifica a las personas aspirantes que pasan a la etapa de entrevistas.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            CONSIDERANDO_COMISION,
            "Que, conforme a los Lineamientos, las entrevistas a las personas aspirantes las realiza el Comité "
            "Dictaminador, y corresponde a esta Comisión aprobar el calendario en que se llevarán a cabo.",
            "Que el calendario propuesto por el Órgano de Enlace respeta los plazos de la Convocatoria y la "
            "disponibilidad de las personas integrantes del Comité Dictaminador, por lo que esta Comisión estima "
            "procedente aprobarlo.",
        ]),
        c_puntos([
            "Se aprueba el calendario de entrevistas del Certamen Interno 2025, conforme al anexo único del "
            "presente Acuerdo, que forma parte integral del mismo.",
            "Se instruye al Órgano de Enlace para que publique el calendario en la página electrónica del "
            "Instituto y lo notifique a las personas aspirantes.",
            "Hágase del conocimiento de la DESPEN el presente Acuerdo, por conducto del Órgano de Enlace.",
        ]),
        c_transitorios(["El presente Acuerdo entrará en vigor a partir de su aprobación por la Comisión.",
                        "Publíquese el presente Acuerdo en la página electrónica del Instituto."]),
        c_votacion(VOTACION_COMISION),
        c_tipo_sesion(),
        c_numero_sesion(2),
        campo("presidencia_nombre", "texto", "Grado y nombre de quien preside la Comisión.",
              "Dra. Sofía Ramírez Olvera"),
        campo("presidencia_cargo", "texto", "Cargo de quien preside la Comisión, como firmará.",
              "Consejera Electoral y Presidenta de la Comisión"),
    )
    _acuerdo(t, "ACUERDO DE LA {{ comision|mayusculas }} DEL {{ institucion.nombre|mayusculas }}, POR EL QUE SE "
                "{{ objeto|mayusculas }}.", "la {{ comision }}")
    _aprobacion(t, "la {{ comision }} del {{ institucion.nombre }}")
    t.firmas([("PRESIDENCIA DE LA COMISIÓN", "{{ presidencia_nombre }}", "{{ presidencia_cargo }}"),
              ("SECRETARÍA TÉCNICA", "{{ firmante.nombre }}", "{{ firmante.cargo }}")])
    return t


def acuerdo_consejo() -> Plantilla:
    t = Plantilla(
        "acuerdo-consejo", "Acuerdo del Consejo General", "acuerdo-consejo", "acuerdo-consejo", "DEVySPE",
        "Proyecto de acuerdo del Consejo General en materia del Servicio (designaciones, dictámenes, "
        "otorgamientos, programas), con firmas de la Presidencia y de la Secretaría Ejecutiva.",
        ["concurso-publico:9", "certamen-interno:3", "certamen-interno:13", "reingreso-reincorporacion:4",
         "evaluacion-desempeno:3", "evaluacion-desempeno:10", "titularidad-promocion:2", "titularidad-promocion:5",
         "incentivos:4"])
    t.declarar(
        c_objeto("aprueba el Dictamen General de Resultados de la evaluación del desempeño del personal del "
                 "Servicio Profesional Electoral Nacional del Instituto Electoral de Anáhuac, correspondiente al "
                 "periodo septiembre 2023 a agosto 2024"),
        c_glosario(GLOSARIO_EJEMPLO + [{"termino": "Lineamientos", "significado": f"{LINEAMIENTOS_EVALUACION}."}]),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 29 de agosto de 2024 concluyó el periodo de la evaluación del desempeño septiembre 2023 a agosto "
            "2024 del personal del Servicio del Instituto.",
            "El 15 de octubre de 2024, la DESPEN remitió al Órgano de Enlace los resultados de la evaluación del "
            "desempeño del personal del Servicio del Instituto.",
            "El 24 de octubre de 2024, mediante el Acuerdo IEA-CSPEN-009/2024, la Comisión de Seguimiento del "
            "Servicio aprobó someter a la consideración de este Consejo General el Dictamen General de Resultados.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que la evaluación del desempeño es el procedimiento mediante el cual se valora, cualitativa y "
            "cuantitativamente, el cumplimiento individual y colectivo de las metas asignadas a las personas "
            "evaluadas, así como las competencias asociadas a sus funciones y los principios y valores "
            "institucionales.",
            "Que, conforme a los Lineamientos, corresponde al Órgano Superior de Dirección aprobar el Dictamen "
            "General de Resultados, previo conocimiento de la Comisión de Seguimiento del Servicio.",
            "Que el Dictamen General de Resultados que se somete a consideración fue integrado por el Órgano de "
            "Enlace con los resultados remitidos por la DESPEN y contiene las calificaciones de las 24 personas "
            "evaluadas, por lo que procede su aprobación.",
        ]),
        c_puntos([
            "Se aprueba el Dictamen General de Resultados de la evaluación del desempeño del personal del Servicio "
            "Profesional Electoral Nacional del Instituto, correspondiente al periodo septiembre 2023 a agosto "
            "2024, que se anexa al presente Acuerdo y forma parte integral del mismo.",
            "Se instruye al Órgano de Enlace para que notifique a cada persona evaluada su Dictamen de resultados "
            "individuales.",
            "Infórmese a la DESPEN la aprobación del presente Acuerdo, por conducto del Órgano de Enlace.",
        ]),
        c_transitorios(["El presente Acuerdo entrará en vigor el día de su aprobación por el Consejo General.",
                        "Publíquese el presente Acuerdo en el Periódico Oficial del Estado y en la página "
                        "electrónica del Instituto."]),
        c_votacion("unanimidad de votos de las Consejeras y los Consejeros Electorales presentes"),
        c_tipo_sesion("ordinaria"),
        c_numero_sesion(10),
        campo("presidencia_nombre", "texto", "Grado y nombre de quien preside el Consejo General.",
              "Mtra. Gabriela Montes de Oca Ibarra"),
        campo("presidencia_cargo", "texto", "Cargo de quien preside el Consejo General, como firmará.",
              "Consejera Presidenta"),
        campo("secretaria_nombre", "texto", "Grado y nombre de quien ocupa la Secretaría Ejecutiva.",
              "Lic. Arturo Benítez Salgado"),
        campo("secretaria_cargo", "texto", "Cargo de quien ocupa la Secretaría Ejecutiva, como firmará.",
              "Secretario Ejecutivo"),
    )
    _acuerdo(t, "ACUERDO DEL CONSEJO GENERAL DEL {{ institucion.nombre|mayusculas }}, POR EL QUE SE "
                "{{ objeto|mayusculas }}.", "este Consejo General")
    _aprobacion(t, "el Consejo General del {{ institucion.nombre }}")
    t.firmas([("{{ presidencia_cargo|mayusculas }}", "{{ presidencia_nombre }}", None),
              ("{{ secretaria_cargo|mayusculas }}", "{{ secretaria_nombre }}", None)])
    return t


def _tabla_requisitos(t: Plantilla, variable: str = "requisitos") -> None:
    t.tabla([("No.", "{{ loop.index }}", 1.0),
             ("Requisito", "{{ requisito.requisito }}", 7.6),
             ("¿Cumple?", "{{ requisito.cumple|si_no }}", 2.1),
             ("Documento con que se acredita", "{{ requisito.soporte }}", ANCHO_TEXTO - 10.7)],
            f"requisito in {variable}", alineaciones={0: WD_ALIGN_PARAGRAPH.CENTER, 2: WD_ALIGN_PARAGRAPH.CENTER},
            junta=True)


def dictamen_procedencia_reingreso() -> Plantilla:
    t = Plantilla(
        "dictamen-procedencia-reingreso", "Dictamen de procedencia de reingreso o reincorporación", "dictamen",
        "dictamen", "DEVySPE",
        "Dictamen sobre la procedencia de una solicitud de reingreso o de reincorporación al Servicio: "
        "verificación de requisitos y determinación, para conocimiento de la Comisión y aprobación del Consejo "
        "General.",
        ["reingreso-reincorporacion:3", "reingreso-reincorporacion:4"])
    t.declarar(
        campo("solicitante", "persona", "Persona que solicita el reingreso o la reincorporación: su clave en el "
              "padrón.", "SPEN-0003"),
        campo("tipo_solicitud", "texto", "«reingreso» (volver al Servicio tras concluir la relación laboral) o "
              "«reincorporación» (volver al Servicio tras ocupar una plaza de la rama administrativa).",
              "reincorporación"),
        campo("fecha_solicitud", "fecha", "Fecha en que se presentó la solicitud.", "2024-10-07"),
        campo("fecha_separacion", "fecha", "Fecha en que la persona dejó el Servicio o pasó a la rama "
              "administrativa.", "2024-01-16"),
        campo("motivo_separacion", "texto", "Motivo por el que la persona dejó el Servicio.",
              "Ocupó, por decisión del Instituto, la plaza de Jefatura de Departamento de Capacitación de la rama "
              "administrativa."),
        campo("cargo_solicitado", "texto", "Cargo o puesto del Servicio que ocuparía la persona.",
              "Técnica / Técnico de Organización Electoral"),
        campo("adscripcion_solicitada", "texto", "Área de adscripción de la plaza.",
              "Dirección Ejecutiva de Organización Electoral"),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 16 de enero de 2024, la persona solicitante pasó a ocupar una plaza de la rama administrativa del "
            "Instituto, por decisión de este.",
            "El 7 de octubre de 2024, la persona solicitante presentó ante el Órgano de Enlace su solicitud de "
            "reincorporación al Servicio, de la que se dio cuenta a la Comisión de Seguimiento del Servicio y a la "
            "DESPEN.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que la reincorporación al Servicio es el procedimiento mediante el cual la persona integrante del "
            "Servicio vuelve a activar su pertenencia, después de cubrir una plaza de la rama administrativa por "
            "decisión del Organismo Público Local Electoral.",
            "Que los Lineamientos para el Reingreso y la Reincorporación al Servicio Profesional Electoral Nacional "
            "del sistema de los Organismos Públicos Locales establecen los requisitos que debe cumplir la persona "
            "solicitante y disponen que el Órgano de Enlace verifique su cumplimiento y elabore el dictamen de "
            "procedencia.",
        ]),
        c_requisitos([
            {"requisito": "Presentar la solicitud por escrito ante el Órgano de Enlace, dentro del plazo que "
                          "establecen los Lineamientos.", "cumple": True,
             "soporte": "Escrito de solicitud del 7 de octubre de 2024."},
            {"requisito": "Haber obtenido calificación aprobatoria en la última evaluación del desempeño en que "
                          "participó como integrante del Servicio.", "cumple": True,
             "soporte": "Dictamen de resultados del periodo septiembre 2021 a agosto 2022 (9.310)."},
            {"requisito": "No haber sido sancionada con destitución ni estar inhabilitada para el servicio "
                          "público.", "cumple": True,
             "soporte": "Constancia de no inhabilitación del 2 de octubre de 2024."},
            {"requisito": "Existir una plaza vacante en el cargo o puesto solicitado.", "cumple": True,
             "soporte": "Registro de plazas vacantes del Órgano de Enlace al 30 de septiembre de 2024."},
        ]),
        campo("procedente", "booleano", "Sí, si la solicitud es procedente; no, si es improcedente.", True),
        campo("fecha_efectos", "fecha", "Fecha a partir de la cual surtiría efectos el reingreso o la "
              "reincorporación.", "2024-11-16", requerido=False),
    )
    t.titulo_documento("DICTAMEN {{ folio }}")
    t.titulo_documento("DICTAMEN DE PROCEDENCIA DE LA SOLICITUD DE {{ tipo_solicitud|mayusculas }} AL SERVICIO "
                       "PROFESIONAL ELECTORAL NACIONAL")
    t.ficha_persona("solicitante", "Persona solicitante", extra=[
        ("Fecha de la solicitud", "{{ fecha_solicitud|fecha_larga }}"),
        ("Separación del Servicio", "{{ fecha_separacion|fecha_larga }}. {{ motivo_separacion }}"),
        ("Cargo o puesto solicitado", "{{ cargo_solicitado }}"),
        ("Adscripción de la plaza", "{{ adscripcion_solicitada }}"),
    ])
    t.cuerpo_dictamen()
    t.seccion("ANÁLISIS DEL CUMPLIMIENTO DE REQUISITOS")
    _tabla_requisitos(t)
    t.p("Del análisis anterior se concluye que la persona solicitante "
        "{% if procedente %}cumple{% else %}no cumple{% endif %} con los requisitos para su "
        "{{ tipo_solicitud }} al Servicio, por lo que se emite el siguiente:")
    t.seccion("DICTAMEN")
    efectos = _opcional("fecha_efectos")
    t.resolutivo("PRIMERO", "Es ", B("{% if procedente %}PROCEDENTE{% else %}IMPROCEDENTE{% endif %}"),
                 " la solicitud de {{ tipo_solicitud }} al Servicio Profesional Electoral Nacional presentada por "
                 "{{ solicitante.nombre_completo }} el {{ fecha_solicitud|fecha_larga }}{% if procedente %}, para "
                 "ocupar el cargo o puesto de {{ cargo_solicitado }} con adscripción en {{ adscripcion_solicitada }}"
                 f"{{% if {efectos} %}}, con efectos a partir del {{{{ fecha_efectos|fecha_larga }}}}{{% endif %}}"
                 "{% endif %}.")
    t.resolutivo("SEGUNDO", "{% if procedente %}Preséntese el presente Dictamen a la Comisión de Seguimiento del "
                 "Servicio para su conocimiento y, por su conducto, al Consejo General para su aprobación."
                 "{% else %}Infórmese a la DESPEN los motivos por los que la solicitud no es procedente."
                 "{% endif %}")
    t.resolutivo("TERCERO", "Notifíquese el presente Dictamen a la persona solicitante.")
    t.cierre_dictamen()
    return t


def dictamen_cambio_adscripcion() -> Plantilla:
    t = Plantilla(
        "dictamen-cambio-adscripcion", "Dictamen de cambio de adscripción o rotación", "dictamen", "dictamen",
        "DEVySPE",
        "Dictamen de procedencia de un cambio de adscripción o de una rotación (a petición de la persona "
        "interesada o por necesidades del Servicio), para conocimiento de la Comisión y de la DESPEN.",
        ["cambios-adscripcion:3", "cambios-adscripcion:4"])
    t.declarar(
        campo("integrante", "persona", "Persona del Servicio a la que se refiere el movimiento: su clave en el "
              "padrón.", "SPEN-0002"),
        campo("movimiento", "texto", "«cambio de adscripción» (mismo cargo, otra área) o «rotación» (cargo "
              "equivalente del mismo nivel).", "rotación"),
        campo("motivo", "texto", "Origen del movimiento, tal como se leerá después del movimiento: «a petición de "
              "la persona interesada» o «por necesidades del Servicio».", "a petición de la persona interesada"),
        campo("fecha_solicitud", "fecha", "Fecha de la solicitud, si el movimiento es a petición de la persona.",
              "2025-01-20", requerido=False),
        campo("cargo_destino", "texto", "Solo en una rotación: cargo o puesto equivalente que ocuparía. En un "
              "cambio de adscripción se omite: se conserva el cargo actual.",
              "Técnica / Técnico de Educación Cívica", requerido=False),
        campo("adscripcion_destino", "texto", "Área de adscripción propuesta.",
              "Dirección Ejecutiva de Educación Cívica y Participación Ciudadana"),
        campo("fecha_efectos", "fecha", "Fecha a partir de la cual surtiría efectos el movimiento.", "2025-03-01"),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 13 de enero de 2025, mediante el Acuerdo IEA-CSPEN-002/2025, la Comisión de Seguimiento del "
            "Servicio conoció el periodo para atender las solicitudes de cambios de adscripción y rotación a "
            "petición de persona interesada.",
            "El 20 de enero de 2025, la persona integrante del Servicio presentó ante el Órgano de Enlace su "
            "solicitud de rotación a un cargo equivalente de la Dirección Ejecutiva de Educación Cívica y "
            "Participación Ciudadana.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que el cambio de adscripción es la movilidad de las personas integrantes del Servicio al interior del "
            "Organismo Público Local Electoral en el mismo cargo o puesto, y la rotación es su movilidad hacia un "
            "cargo o puesto distinto, pero equivalente u homólogo, dentro de un mismo nivel.",
            "Que los Lineamientos para Cambios de Adscripción y Rotación del Personal del Servicio Profesional "
            "Electoral Nacional del sistema de los Organismos Públicos Locales Electorales disponen que el Órgano de "
            "Enlace verifique el cumplimiento de los requisitos y proponga los dictámenes de las solicitudes que "
            "resulten procedentes.",
        ]),
        c_requisitos([
            {"requisito": "Contar con la titularidad en el cargo o puesto que ocupa.", "cumple": True,
             "soporte": "Acuerdo IEA-CG-018/2022 de otorgamiento de titularidad."},
            {"requisito": "Haber permanecido al menos un año en el cargo y la adscripción actuales.",
             "cumple": True, "soporte": "Nombramiento y constancia de adscripción del 1 de marzo de 2022."},
            {"requisito": "Que el cargo propuesto sea equivalente u homólogo y del mismo nivel que el que ocupa.",
             "cumple": True, "soporte": "Catálogo del Servicio: ambos cargos en el mismo nivel de la estructura."},
            {"requisito": "Cumplir el perfil del cargo propuesto, conforme al Catálogo del Servicio.",
             "cumple": True, "soporte": "Cédula del cargo y expediente personal."},
            {"requisito": "Existir plaza vacante en la adscripción propuesta.", "cumple": True,
             "soporte": "Registro de plazas vacantes del Órgano de Enlace al 31 de enero de 2025."},
        ]),
        campo("procedente", "booleano", "Sí, si el movimiento es procedente; no, si no lo es.", True),
    )
    t.titulo_documento("DICTAMEN {{ folio }}")
    t.titulo_documento("DICTAMEN DE PROCEDENCIA DE {{ movimiento|mayusculas }} {{ motivo|mayusculas }}")
    t.ficha_persona("integrante", "Persona integrante del Servicio", extra=[
        ("Movimiento", "{{ movimiento|capitalize }} {{ motivo }}"
                       f"{{% if {_opcional('fecha_solicitud')} %}} (solicitud del "
                       "{{ fecha_solicitud|fecha_larga }}){% endif %}"),
    ])
    t.cuerpo_dictamen()
    t.seccion("ANÁLISIS")
    t.subseccion("Situación actual y propuesta")
    destino = "{{ cargo_destino|default(integrante.cargo, true) }}"
    tabla = t.doc.add_table(rows=3, cols=3)
    tabla.style = t.doc.styles["Table Grid"]
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, texto in enumerate(("Concepto", "Situación actual", "Propuesta")):
        _celda(tabla.rows[0].cells[i], texto, TABLA_ENCABEZADO)
        _sombrear(tabla.rows[0].cells[i])
    for fila, (concepto, actual, propuesta) in zip(tabla.rows[1:], (
            ("Cargo o puesto", "{{ integrante.cargo }}", destino),
            ("Adscripción", "{{ integrante.adscripcion_nombre|default(integrante.adscripcion, true) }}",
             "{{ adscripcion_destino }}")), strict=True):
        _celda(fila.cells[0], B(concepto))
        _celda(fila.cells[1], actual)
        _celda(fila.cells[2], propuesta)
    _anchos(tabla, [4.0, (ANCHO_TEXTO - 4.0) / 2, (ANCHO_TEXTO - 4.0) / 2])
    t.p("")
    t.subseccion("Cumplimiento de requisitos")
    _tabla_requisitos(t)
    t.p("Del análisis anterior se concluye que el movimiento de {{ movimiento }} "
        "{% if procedente %}es{% else %}no es{% endif %} procedente, por lo que se emite el siguiente:")
    t.seccion("DICTAMEN")
    t.resolutivo("PRIMERO", "Es ", B("{% if procedente %}PROCEDENTE{% else %}IMPROCEDENTE{% endif %}"),
                 " el movimiento de {{ movimiento }} {{ motivo }} de {{ integrante.nombre_completo }}, quien "
                 "ocupa el cargo o puesto de {{ integrante.cargo }} en "
                 "{{ integrante.adscripcion_nombre|default(integrante.adscripcion, true) }}, para ocupar el de "
                 f"{destino} en {{{{ adscripcion_destino }}}}{{% if procedente %}}, con efectos a partir del "
                 "{{ fecha_efectos|fecha_larga }}{% endif %}.")
    t.resolutivo("SEGUNDO", "Preséntese el presente Dictamen a la Comisión de Seguimiento del Servicio y hágase del "
                 "conocimiento de la DESPEN{% if procedente %}, para que se expida la adscripción "
                 "correspondiente{% endif %}.")
    t.resolutivo("TERCERO", "Notifíquese el presente Dictamen a la persona integrante del Servicio.")
    t.cierre_dictamen()
    return t


def dictamen_evaluacion() -> Plantilla:
    t = Plantilla(
        "dictamen-evaluacion", "Dictamen de resultados individuales de la evaluación del desempeño", "dictamen",
        "dictamen", "CSPE",
        "Dictamen individual de resultados de la evaluación del desempeño: factores evaluados, calificación "
        "final, nivel de desempeño y, si la calificación es inferior a 7.000, las acciones de mejora.",
        ["evaluacion-desempeno:10", "evaluacion-desempeno:11"])
    t.declarar(
        campo("integrante", "persona", "Persona evaluada: su clave en el padrón.", "SPEN-0001"),
        campo("periodo", "texto", "Periodo evaluado.", "septiembre 2023 a agosto 2024"),
        campo("factores", "tabla", "Factores de la evaluación, uno por fila, con su ponderación (en por ciento), "
              "su calificación y el resultado ponderado.", [
                  {"factor": "Metas individuales", "ponderacion": 40, "calificacion": 9.5, "resultado": 3.8},
                  {"factor": "Metas colectivas", "ponderacion": 30, "calificacion": 9.0, "resultado": 2.7},
                  {"factor": "Competencias", "ponderacion": 30, "calificacion": 8.75, "resultado": 2.625},
              ], columnas=[("factor", "texto", "Factor evaluado"),
                           ("ponderacion", "número", "Ponderación del factor, en por ciento"),
                           ("calificacion", "número", "Calificación del factor (0 a 10)"),
                           ("resultado", "número", "Calificación ponderada: ponderación × calificación ÷ 100")]),
        campo("calificacion_final", "número", "Calificación final (suma de los resultados ponderados), con tres "
              "decimales.", 9.125),
        campo("nivel_desempeno", "texto", "Nivel de desempeño que corresponde a la calificación final.",
              "Altamente competente"),
        campo("acuerdo_dictamen_general", "texto", "Acuerdo del Consejo General que aprobó el Dictamen General de "
              "Resultados.", "IEA-CG-045/2024", requerido=False),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "Del 1 de septiembre de 2023 al 31 de agosto de 2024 se llevó a cabo el periodo de la evaluación del "
            "desempeño del personal del Servicio del Instituto.",
            "El 30 de octubre de 2024, el Consejo General aprobó el Dictamen General de Resultados de la evaluación "
            "del desempeño del periodo septiembre 2023 a agosto 2024.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que la evaluación del desempeño es el procedimiento mediante el cual se valora, cualitativa y "
            "cuantitativamente, el cumplimiento individual y colectivo de las metas asignadas a las personas "
            "evaluadas, así como las competencias asociadas a sus funciones y los principios y valores "
            "institucionales.",
            f"Que los {LINEAMIENTOS_EVALUACION} disponen que el Órgano de Enlace notifique a cada persona evaluada "
            "el dictamen de sus resultados individuales, y que quien obtenga una calificación inferior a 7.000 "
            "deberá acreditar las acciones de mejora que se determinen.",
        ]),
    )
    t.titulo_documento("DICTAMEN {{ folio }}")
    t.titulo_documento("DICTAMEN DE RESULTADOS INDIVIDUALES DE LA EVALUACIÓN DEL DESEMPEÑO DEL PERIODO "
                       "{{ periodo|mayusculas }}")
    t.ficha_persona("integrante", "Persona evaluada", extra=[("Periodo evaluado", "{{ periodo }}")])
    t.cuerpo_dictamen()
    t.seccion("RESULTADOS DE LA EVALUACIÓN")
    derecha = WD_ALIGN_PARAGRAPH.RIGHT
    t.tabla([("Factor", "{{ factor.factor }}", 6.6),
             ("Ponderación", "{{ factor.ponderacion|numero }} %", 3.0),
             ("Calificación", "{{ factor.calificacion|calificacion }}", 3.3),
             ("Resultado ponderado", "{{ factor.resultado|calificacion }}", ANCHO_TEXTO - 12.9)],
            "factor in factores", alineaciones={1: derecha, 2: derecha, 3: derecha},
            pie=["Calificación final", "", "", "{{ calificacion_final|calificacion }}"], junta=True)
    t.seccion("DICTAMEN")
    t.resolutivo("PRIMERO", "{{ integrante.nombre_completo }}, {{ integrante.cargo }}, obtuvo en la evaluación del "
                 "desempeño del periodo {{ periodo }} una calificación final de ",
                 B("{{ calificacion_final|calificacion }}"),
                 ", que corresponde al nivel de desempeño «{{ nivel_desempeno }}»"
                 f"{{% if {_opcional('acuerdo_dictamen_general')} %}}, conforme al Dictamen General de Resultados "
                 "aprobado mediante el Acuerdo {{ acuerdo_dictamen_general }}{% endif %}.")
    t.resolutivo("SEGUNDO", "{% if calificacion_final|float < 7 %}Toda vez que la calificación obtenida es inferior "
                 "a 7.000, la persona evaluada deberá acreditar las acciones de mejora que determine el Órgano de "
                 "Enlace, las cuales tendrán carácter obligatorio.{% else %}La calificación obtenida es "
                 "aprobatoria.{% endif %}")
    t.resolutivo("TERCERO", "Notifíquese el presente Dictamen a la persona evaluada, quien podrá solicitar la "
                 "revisión de su calificación en los términos y plazos que establecen los Lineamientos aplicables.")
    t.cierre_dictamen()
    return t


def dictamen_titularidad() -> Plantilla:
    t = Plantilla(
        "dictamen-titularidad", "Dictamen de otorgamiento de titularidad o de promoción en rango", "dictamen",
        "dictamen", "DEVySPE",
        "Dictamen para el otorgamiento de la titularidad o de la promoción en rango (según el campo "
        "tipo_otorgamiento): evaluaciones del ciclo, Programa de Formación, requisitos, retribución y efectos.",
        ["titularidad-promocion:3", "titularidad-promocion:4"])
    t.declarar(
        campo("integrante", "persona", "Persona del Servicio a quien se otorga: su clave en el padrón.",
              "SPEN-0004"),
        campo("tipo_otorgamiento", "texto", "Qué se otorga: «titularidad» o «promoción en rango».",
              "promoción en rango"),
        campo("rango_otorgado", "texto", "Solo en promoción: rango que se otorga (B o C). Con la titularidad la "
              "persona se ubica en el rango A.", "B", requerido=False),
        campo("periodo_valorado", "texto", "Ciclo o periodo que se valora.",
              "ciclo trianual septiembre 2020 a agosto 2023"),
        campo("evaluaciones", "tabla", "Evaluaciones del desempeño del periodo valorado, una por fila.", [
            {"periodo": "septiembre 2020 a agosto 2021", "calificacion": 9.412},
            {"periodo": "septiembre 2021 a agosto 2022", "calificacion": 9.275},
            {"periodo": "septiembre 2022 a agosto 2023", "calificacion": 9.603},
        ], columnas=[("periodo", "texto", "Periodo evaluado"), ("calificacion", "número", "Calificación final")]),
        campo("promedio", "número", "Promedio de las evaluaciones del periodo, con tres decimales.", 9.43),
        campo("formacion", "texto", "Situación de la persona en el Programa de Formación.",
              "Acreditó los módulos de las fases básica y profesional del Programa de Formación, con un promedio "
              "de 9.150."),
        c_requisitos([
            {"requisito": "Contar con la titularidad en el nivel del cargo o puesto que ocupa.", "cumple": True,
             "soporte": "Acuerdo IEA-CG-018/2021 de otorgamiento de titularidad."},
            {"requisito": "Haber participado en al menos un proceso electoral ordinario durante el ciclo "
                          "trianual.", "cumple": True, "soporte": "Proceso Electoral Local Ordinario 2020-2021."},
            {"requisito": "Acreditar la profesionalización conforme al esquema aprobado por la DESPEN.",
             "cumple": True, "soporte": "Historial académico del Programa de Formación (SIISPEN)."},
            {"requisito": "Obtener en la evaluación del desempeño del ciclo un promedio igual o superior al "
                          "establecido.", "cumple": True, "soporte": "Dictámenes de resultados individuales del "
                                                                      "ciclo (promedio 9.430)."},
        ]),
        campo("retribucion", "moneda", "Retribución económica que se otorga, si la hay (en pesos).", 12500.0,
              requerido=False),
        campo("fecha_efectos", "fecha", "Fecha a partir de la cual surte efectos el otorgamiento.", "2025-01-01"),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 27 de marzo de 2024, el Consejo General aprobó, previo conocimiento de la Comisión de Seguimiento "
            "del Servicio, el programa para el otorgamiento de la titularidad y de la promoción en rango del "
            "personal del Servicio del Instituto.",
            "El 14 de noviembre de 2024, el Órgano de Enlace concluyó la revisión de los expedientes del personal "
            "del Servicio que podía obtener el otorgamiento.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que la titularidad es la categoría que la persona integrante del Servicio adquiere en cada nivel por "
            "el cumplimiento de los requisitos que acreditan su adecuado desempeño en el cargo o puesto. Al "
            "obtenerla se ubica en el rango A del nivel respectivo, a partir del cual puede iniciar su promoción "
            "en los rangos B y C al final de cada ciclo trianual.",
            "Que los Lineamientos para el otorgamiento de la Titularidad y de la Promoción en rango, en el nivel "
            "del cargo y puesto que ocupe, al personal del Servicio Profesional Electoral Nacional en el sistema "
            "de los Organismos Públicos Locales Electorales establecen los requisitos que se verifican en el "
            "presente Dictamen.",
        ]),
    )
    t.control("{%p set es_promocion = 'rango' in tipo_otorgamiento|lower %}")
    t.titulo_documento("DICTAMEN {{ folio }}")
    t.titulo_documento("DICTAMEN PARA EL OTORGAMIENTO DE LA {{ tipo_otorgamiento|mayusculas }} AL PERSONAL DEL "
                       "SERVICIO PROFESIONAL ELECTORAL NACIONAL")
    t.ficha_persona("integrante", "Persona integrante del Servicio", nivel_rango=True,
                    extra=[("Periodo valorado", "{{ periodo_valorado }}")])
    t.cuerpo_dictamen()
    t.seccion("ANÁLISIS")
    t.subseccion("Evaluaciones del desempeño")
    t.tabla([("Periodo", "{{ evaluacion.periodo }}", 10.0),
             ("Calificación", "{{ evaluacion.calificacion|calificacion }}", ANCHO_TEXTO - 10.0)],
            "evaluacion in evaluaciones", alineaciones={1: WD_ALIGN_PARAGRAPH.RIGHT},
            pie=["Promedio", "{{ promedio|calificacion }}"], junta=True)
    t.subseccion("Programa de Formación")
    t.p("{{ formacion }}")
    t.subseccion("Requisitos")
    _tabla_requisitos(t)
    t.seccion("DICTAMEN")
    t.resolutivo("PRIMERO", "Se otorga la {{ tipo_otorgamiento }} a {{ integrante.nombre_completo }}, "
                 "{{ integrante.cargo }}, ",
                 B(f"{{% if es_promocion %}}en el rango {{{{ {_opcional('rango_otorgado', repr('superior'))} }}}}"
                   "{% else %}en el rango A{% endif %}"),
                 " del nivel del cargo o puesto que ocupa, con efectos a partir del {{ fecha_efectos|fecha_larga }}.")
    t.resolutivo("SEGUNDO", f"{{% if {_opcional('retribucion')} %}}Se otorga a la persona una retribución "
                 "económica de {{ retribucion|moneda_completa }}, con cargo al presupuesto asignado para tal "
                 "efecto. {% endif %}Remítase el presente Dictamen a la DESPEN y preséntese a la Comisión de "
                 "Seguimiento del Servicio y al Consejo General para su aprobación.")
    t.resolutivo("TERCERO", "Una vez aprobado, notifíquese a la persona integrante del Servicio y solicítese a la "
                 "DESPEN su incorporación al sistema de información del Servicio.")
    t.cierre_dictamen()
    return t


def dictamen_incentivos() -> Plantilla:
    t = Plantilla(
        "dictamen-incentivos", "Dictamen de otorgamiento de incentivos", "dictamen", "dictamen", "CSPE",
        "Dictamen individual para el otorgamiento de incentivos del ejercicio valorado: resultados que lo "
        "sustentan, puntaje, monto (con número y letra) y notificación.",
        ["incentivos:5"])
    t.declarar(
        campo("integrante", "persona", "Persona del Servicio a quien se otorga el incentivo: su clave en el "
              "padrón.", "SPEN-0005"),
        campo("ejercicio_valorado", "texto", "Ejercicio valorado.", "2024"),
        campo("tipo_incentivo", "texto", "Incentivo que se otorga, como se nombra en el programa.",
              "incentivo por rendimiento"),
        campo("programa", "texto", "Programa de incentivos aplicable y el acuerdo que lo aprobó.",
              "Programa de Incentivos del Instituto Electoral de Anáhuac para el ejercicio valorado 2024, aprobado "
              "mediante el Acuerdo IEA-CG-012/2025"),
        campo("resultados", "tabla", "Resultados que sustentan el otorgamiento, uno por fila.", [
            {"concepto": "Evaluación del desempeño, septiembre 2023 a agosto 2024", "calificacion": 9.48},
            {"concepto": "Programa de Formación, periodo formativo 2024/1", "calificacion": 9.3},
            {"concepto": "Mecanismo de Capacitación, 2024", "calificacion": 9.65},
        ], columnas=[("concepto", "texto", "Evaluación o actividad valorada"),
                     ("calificacion", "número", "Calificación obtenida")]),
        campo("puntaje", "número", "Puntaje con que se determinó el otorgamiento, según las directivas de la "
              "DESPEN, con tres decimales.", 9.477),
        campo("monto", "moneda", "Monto del incentivo, en pesos.", 18500.0),
        c_requisitos([
            {"requisito": "Estar en activo en el Servicio durante el ejercicio valorado.", "cumple": True,
             "soporte": "Registro del padrón del Servicio."},
            {"requisito": "Haber obtenido en la evaluación del desempeño una calificación dentro del veinte por "
                          "ciento superior.", "cumple": True, "soporte": "Dictamen General de Resultados."},
            {"requisito": "No haber sido sancionada durante el ejercicio valorado.", "cumple": True,
             "soporte": "Constancia de la Dirección Jurídica del 10 de febrero de 2025."},
        ], requerido=False),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 28 de febrero de 2025, el Consejo General aprobó, previo visto bueno de la DESPEN, el Programa de "
            "Incentivos para el ejercicio valorado 2024.",
            "El 21 de marzo de 2025, la DESPEN remitió las directivas para el cálculo de los incentivos por "
            "rendimiento del ejercicio valorado 2024.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que los incentivos son los reconocimientos, beneficios o retribuciones individuales que el Organismo "
            "Público Local Electoral puede otorgar al personal del Servicio que cumple los méritos y requisitos "
            "que establecen los Lineamientos y su Programa de Incentivos.",
            "Que los Lineamientos para el otorgamiento de incentivos al personal del Servicio Profesional "
            "Electoral Nacional en el sistema de los Organismos Públicos Locales Electorales disponen que el "
            "Órgano de Enlace elabore los dictámenes individuales conforme a las directivas de la DESPEN.",
        ]),
    )
    t.titulo_documento("DICTAMEN {{ folio }}")
    t.titulo_documento("DICTAMEN DE OTORGAMIENTO DE INCENTIVOS DEL EJERCICIO VALORADO "
                       "{{ ejercicio_valorado|mayusculas }}")
    t.ficha_persona("integrante", "Persona integrante del Servicio",
                    extra=[("Incentivo", "{{ tipo_incentivo|capitalize }}")])
    t.cuerpo_dictamen()
    t.seccion("ANÁLISIS")
    t.subseccion("Resultados que sustentan el otorgamiento")
    t.tabla([("Evaluación o actividad", "{{ resultado.concepto }}", 11.5),
             ("Calificación", "{{ resultado.calificacion|calificacion }}", ANCHO_TEXTO - 11.5)],
            "resultado in resultados", alineaciones={1: WD_ALIGN_PARAGRAPH.RIGHT},
            pie=["Puntaje", "{{ puntaje|calificacion }}"], junta=True)

    def requisitos() -> None:
        t.subseccion("Requisitos")
        _tabla_requisitos(t)
    t.si(_opcional("requisitos", "[]"), requisitos)
    t.seccion("DICTAMEN")
    t.resolutivo("PRIMERO", "Se otorga a {{ integrante.nombre_completo }}, {{ integrante.cargo }}, el "
                 "{{ tipo_incentivo }} correspondiente al ejercicio valorado {{ ejercicio_valorado }}, conforme "
                 "al {{ programa }}.")
    t.resolutivo("SEGUNDO", "El monto del incentivo es de ", B("{{ monto|moneda_completa }}"),
                 ", que se cubrirá con cargo al presupuesto asignado para tal efecto.")
    t.resolutivo("TERCERO", "Notifíquese el presente Dictamen a la persona integrante del Servicio y solicítese a la "
                 "DESPEN la incorporación del otorgamiento al sistema de información del Servicio.")
    t.cierre_dictamen()
    return t


def dictamen_designacion() -> Plantilla:
    t = Plantilla(
        "dictamen-designacion", "Dictamen con la propuesta de designación del Certamen Interno", "dictamen",
        "dictamen", "DEVySPE",
        "Proyecto de dictamen con la propuesta de designación de la persona ganadora de una plaza sometida a "
        "Certamen Interno (ascenso): resultados finales y propuesta, para la Comisión y el Consejo General.",
        ["certamen-interno:12"])
    t.declarar(
        campo("integrante", "persona", "Persona con la calificación final más alta que se propone designar: su "
              "clave en el padrón.", "SPEN-0006"),
        campo("certamen", "texto", "Certamen Interno de que se trata.",
              "Certamen Interno 2025 para ocupar plazas vacantes del Servicio Profesional Electoral Nacional en el "
              "Instituto Electoral de Anáhuac"),
        campo("cargo_vacante", "texto", "Cargo o puesto de la plaza vacante.",
              "Coordinadora / Coordinador de Organización Electoral"),
        campo("adscripcion_vacante", "texto", "Área de adscripción de la plaza vacante.",
              "Dirección Ejecutiva de Organización Electoral"),
        campo("resultados", "tabla", "Calificaciones finales de las personas aspirantes a la plaza, de mayor a "
              "menor (folio o nombre de cada una).", [
                  {"aspirante": "CI-2025-004", "calificacion": 9.215},
                  {"aspirante": "CI-2025-011", "calificacion": 8.93},
                  {"aspirante": "CI-2025-002", "calificacion": 8.41},
              ], columnas=[("aspirante", "texto", "Folio o nombre de la persona aspirante"),
                           ("calificacion", "número", "Calificación final")]),
        campo("fecha_efectos", "fecha", "Fecha a partir de la cual surtiría efectos la designación.", "2025-06-16"),
        c_antecedentes([
            ANTECEDENTE_ESTATUTO,
            "El 17 de febrero de 2025, el Consejo General aprobó las plazas que se someterían al Certamen Interno "
            "2025.",
            "El 9 de mayo de 2025 concluyeron las entrevistas del Comité Dictaminador y se integraron las "
            "calificaciones finales de las personas aspirantes.",
        ]),
        c_considerandos([
            CONSIDERANDO_CONSTITUCION,
            "Que el ascenso en el Servicio es la obtención de un cargo o puesto en un nivel superior de la "
            "estructura, que se lleva a cabo mediante un Certamen Interno cuyas etapas dictamina la DESPEN.",
            "Que los Lineamientos para el Ascenso y Certamen Interno del Servicio Profesional Electoral Nacional "
            "del sistema de los Organismos Públicos Locales Electorales disponen que se proponga designar a la "
            "persona aspirante que obtenga la calificación final más alta en cada plaza.",
        ]),
    )
    t.titulo_documento("DICTAMEN {{ folio }}")
    t.titulo_documento("DICTAMEN CON LA PROPUESTA DE DESIGNACIÓN DE LA PERSONA GANADORA DEL "
                       "{{ certamen|mayusculas }}")
    t.ficha_persona("integrante", "Persona que se propone designar", extra=[
        ("Plaza vacante", "{{ cargo_vacante }}"), ("Adscripción de la plaza", "{{ adscripcion_vacante }}")])
    t.cuerpo_dictamen()
    t.seccion("RESULTADOS FINALES")
    t.tabla([("Lugar", "{{ loop.index }}", 1.6), ("Persona aspirante", "{{ resultado.aspirante }}", 10.0),
             ("Calificación final", "{{ resultado.calificacion|calificacion }}", ANCHO_TEXTO - 11.6)],
            "resultado in resultados", alineaciones={0: WD_ALIGN_PARAGRAPH.CENTER, 2: WD_ALIGN_PARAGRAPH.RIGHT})
    t.seccion("DICTAMEN")
    t.resolutivo("PRIMERO", "Se propone designar a ", B("{{ integrante.nombre_completo }}"),
                 " como persona ganadora del {{ certamen }}, para ocupar la plaza de {{ cargo_vacante }} con "
                 "adscripción en {{ adscripcion_vacante }}, con efectos a partir del {{ fecha_efectos|fecha_larga }}.")
    t.resolutivo("SEGUNDO", "Preséntese el presente Dictamen a la Comisión de Seguimiento del Servicio y, por su "
                 "conducto, al Consejo General para su aprobación.")
    t.resolutivo("TERCERO", "Hágase del conocimiento de la DESPEN y notifíquese a las personas aspirantes.")
    t.cierre_dictamen()
    return t


def acuse_recibo() -> Plantilla:
    t = Plantilla(
        "acuse-recibo", "Acuse de recibo", "oficio", "oficio", "DEVySPE",
        "Constancia de recepción de un documento (solicitudes de reingreso, respuestas de las áreas, "
        "solicitudes de apoyo dirigidas al INE): qué se recibió, de quién, cuándo y con cuántas fojas.",
        ["reingreso-reincorporacion:1", "notificacion-areas:5", "notificacion-ine:1"])
    t.declarar(
        campo("remitente_nombre", "texto", "Grado y nombre de quien entrega el documento.",
              "Lic. Ricardo Almazán Torres"),
        campo("remitente_cargo", "texto", "Cargo de quien entrega el documento, si lo tiene.",
              "Director Ejecutivo de Administración, Prerrogativas y Partidos Políticos", requerido=False),
        campo("documento", "texto", "Documento recibido: tipo, número y fecha.",
              "oficio IEA/DEAPyPP/311/2024, de fecha 9 de octubre de 2024"),
        campo("contenido", "texto", "Lo que informa o solicita el documento, tal como se leerá después de "
              "«mediante el cual».",
              "solicita gestionar ante el INE la capacitación del personal de la rama administrativa en materia "
              "de archivos"),
        campo("fecha_recepcion", "fecha", "Fecha en que se recibió.", "2024-10-10"),
        campo("hora_recepcion", "texto", "Hora en que se recibió (formato de 24 horas).", "13:45"),
        campo("fojas", "número", "Número de fojas útiles que se recibieron.", 3, requerido=False),
        c_anexos(["Programa de capacitación propuesto (5 fojas)."]),
        campo("observaciones", "texto", "Observaciones de la recepción (faltantes, copias simples, etc.).",
              "Se recibe en original con firma autógrafa.", requerido=False),
    )
    t.titulo_documento("ACUSE DE RECIBO")
    t.p(B("No. {{ folio }}"), estilo=DATOS)
    t.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_after = Pt(18)
    fojas = _opcional("fojas")
    t.p("Se hace constar que el {{ fecha_recepcion|fecha_larga }}, a las {{ hora_recepcion }} horas, se recibió en "
        "la {{ area.nombre }} el {{ documento }}"
        f"{{% if {fojas} %}}, constante de {{{{ fojas|numero }}}} "
        "{{ 'foja útil' if fojas|int == 1 else 'fojas útiles' }}{% endif %}, suscrito por {{ remitente_nombre }}"
        f"{{% if {_opcional('remitente_cargo')} %}}, {{{{ remitente_cargo }}}}{{% endif %}}, mediante el cual "
        "{{ contenido }}.")
    t.si(_opcional("observaciones"), lambda: t.p(B("Observaciones: "), "{{ observaciones }}"))
    t.p("El presente acuse no prejuzga sobre la procedencia de lo solicitado.")
    t.firma(saludo=None, etiqueta="RECIBIÓ")
    t.lista_anexos()
    return t


def informe() -> Plantilla:
    t = Plantilla(
        "informe", "Informe", "informe", "informe", "DEVySPE",
        "Informe general del Órgano de Enlace (a la Comisión, al Consejo General, a la DESPEN): presentación, "
        "apartados, una tabla de datos y conclusiones. Sirve también para planes de trabajo y programas.",
        ["certamen-interno:2", "encargos-despacho:8", "encargos-despacho:10", "incentivos:3", "incentivos:6"])
    t.declarar(
        campo("titulo", "texto", "Título del informe.",
              "Informe semestral de la gestión de los encargos de despacho del Servicio Profesional Electoral "
              "Nacional, enero a junio de 2025"),
        campo("presentado_a", "texto", "Órgano ante el que se presenta y la sesión, si aplica.",
              "Comisión de Seguimiento del Servicio Profesional Electoral Nacional, sesión ordinaria de julio de "
              "2025", requerido=False),
        c_glosario(GLOSARIO_EJEMPLO),
        campo("presentacion", "lista", "Párrafos de la presentación: fundamento y propósito del informe.", [
            "En cumplimiento de los Lineamientos para la designación de encargos de despacho para ocupar cargos y "
            "puestos del Servicio Profesional Electoral Nacional en el Sistema de los Organismos Públicos Locales "
            "Electorales, el Órgano de Enlace presenta el informe semestral de la gestión de los encargos de "
            "despacho correspondiente al periodo de enero a junio de 2025.",
        ]),
        campo("secciones", "tabla", "Apartados del cuerpo del informe: un título y su texto por fila.", [
            {"titulo": "Encargos de despacho vigentes",
             "contenido": "Durante el semestre se gestionaron tres encargos de despacho, todos con el visto bueno "
                          "de la DESPEN sobre su viabilidad normativa y designados por la Secretaría Ejecutiva."},
            {"titulo": "Conclusión de encargos",
             "contenido": "Uno de los encargos concluyó el 30 de abril de 2025 por la ocupación definitiva de la "
                          "plaza mediante el Certamen Interno 2025; la persona encargada rindió su informe de "
                          "conclusión."},
        ], columnas=[("titulo", "texto", "Título del apartado"), ("contenido", "texto", "Texto del apartado")]),
        campo("titulo_tabla", "texto", "Título de la tabla de datos.", "Encargos de despacho gestionados en el "
              "semestre"),
        campo("encabezados", "lista", "Títulos de las cuatro columnas de la tabla, en orden (si se omite: "
              "Concepto, Descripción, Referencia, Situación).",
              ["Cargo o puesto", "Adscripción", "Periodo", "Situación"], requerido=False),
        campo("datos", "tabla", "Filas de la tabla de datos (cuatro columnas).", [
            {"concepto": "Coordinación de Organización Electoral",
             "descripcion": "Dirección Ejecutiva de Organización Electoral",
             "referencia": "1 de enero al 30 de abril de 2025", "situacion": "Concluido"},
            {"concepto": "Técnica / Técnico de Educación Cívica",
             "descripcion": "Dirección Ejecutiva de Educación Cívica y Participación Ciudadana",
             "referencia": "1 de febrero al 31 de julio de 2025", "situacion": "Vigente"},
            {"concepto": "Técnica / Técnico de Organización Electoral",
             "descripcion": "Dirección Ejecutiva de Organización Electoral",
             "referencia": "16 de marzo al 15 de septiembre de 2025", "situacion": "Vigente"},
        ], columnas=[("concepto", "texto", "Primera columna"), ("descripcion", "texto", "Segunda columna"),
                     ("referencia", "texto", "Tercera columna"), ("situacion", "texto", "Cuarta columna")]),
        campo("conclusiones", "lista", "Conclusiones del informe, una por renglón.", [
            "Los encargos de despacho del semestre se gestionaron conforme a los Lineamientos y con el visto bueno "
            "de la DESPEN.",
            "Dos encargos permanecen vigentes. El Órgano de Enlace informará su renovación o conclusión en el "
            "próximo informe semestral.",
        ]),
        c_anexos(["Relación de oficios de designación de los encargos de despacho (3 fojas)."]),
    )
    t.p("{{ titulo|mayusculas }}", estilo=PORTADA)
    t.si(_opcional("presentado_a"), lambda: t.p("Presentado a: {{ presentado_a }}", estilo=SUBTITULO))
    t.p("{{ lugar }}, a {{ fecha|fecha_larga }}", estilo=SUBTITULO)
    t.p(B("Informe No. {{ folio }}"), estilo=SUBTITULO).paragraph_format.space_after = Pt(24)
    t.glosario()
    t.seccion("PRESENTACIÓN")
    t.parrafos("presentacion")
    t.control("{%p for apartado in secciones %}")
    t.p("{{ apartado.titulo|mayusculas }}", estilo=SECCION)
    t.p("{{ apartado.contenido }}")
    t.control("{%p endfor %}")
    t.seccion("{{ titulo_tabla|mayusculas }}")
    ancho = (ANCHO_TEXTO - 1.0) / 4
    def encabezado(i: int, omision: str) -> str:
        # a missing or short list of headers falls back to the default title of that column
        return f"{{{{ ({_opcional('encabezados', '[]')})[{i}]|default('{omision}', true) }}}}"

    t.tabla([("No.", "{{ loop.index }}", 1.0), (encabezado(0, "Concepto"), "{{ fila.concepto }}", ancho),
             (encabezado(1, "Descripción"), "{{ fila.descripcion }}", ancho),
             (encabezado(2, "Referencia"), "{{ fila.referencia }}", ancho),
             (encabezado(3, "Situación"), "{{ fila.situacion }}", ancho)],
            "fila in datos", alineaciones={0: WD_ALIGN_PARAGRAPH.CENTER})
    t.seccion("CONCLUSIONES")
    t.numerados("conclusiones", "loop.index")
    t.firma()
    t.lista_anexos()
    return t


def lista() -> Plantilla:
    t = Plantilla(
        "lista", "Lista de personas o de resultados", "lista", "informe", "CSPE",
        "Lista de personas aspirantes, de resultados o de convocados a una etapa (Concurso Público, Certamen "
        "Interno, cambios de adscripción, titularidad), para publicarse o anexarse a un oficio.",
        ["concurso-publico:3", "concurso-publico:4", "concurso-publico:5", "concurso-publico:6",
         "concurso-publico:7", "concurso-publico:10", "certamen-interno:6", "certamen-interno:7",
         "certamen-interno:8", "certamen-interno:9", "certamen-interno:11", "cambios-adscripcion:4",
         "cambios-adscripcion:5", "titularidad-promocion:3"])
    t.declarar(
        campo("titulo", "texto", "Título de la lista.",
              "Lista de las personas aspirantes que acreditaron los requisitos para el cargo de Coordinadora / "
              "Coordinador de Organización Electoral"),
        campo("proceso", "texto", "Procedimiento al que pertenece la lista.",
              "Certamen Interno 2025 del Servicio Profesional Electoral Nacional del sistema de los Organismos "
              "Públicos Locales Electorales"),
        campo("introduccion", "texto", "Párrafo introductorio: fundamento y qué contiene la lista.",
              "Con fundamento en los Lineamientos para el Ascenso y Certamen Interno del Servicio Profesional "
              "Electoral Nacional del sistema de los Organismos Públicos Locales Electorales y en la Convocatoria "
              "respectiva, se da a conocer la lista de las personas aspirantes que acreditaron los requisitos y "
              "que pasan a la etapa de valoración de méritos, ordenada de mayor a menor calificación."),
        campo("columna_resultado", "texto", "Título de la columna de resultado (si se omite: «Resultado»); "
              "p. ej. «Calificación» o «Fecha y hora de entrevista».", "Calificación", requerido=False),
        campo("registros", "tabla", "Personas de la lista, una por fila.", [
            {"folio": "CI-2025-004", "nombre": "Adriana Beltrán Osorio",
             "cargo": "Técnica / Técnico de Organización Electoral", "resultado": "9.215",
             "observaciones": "Acredita requisitos"},
            {"folio": "CI-2025-011", "nombre": "Jorge Iván Pacheco Ledesma",
             "cargo": "Técnica / Técnico de Organización Electoral", "resultado": "8.930",
             "observaciones": "Acredita requisitos"},
            {"folio": "CI-2025-002", "nombre": "Rosa Elvira Cano Medrano",
             "cargo": "Técnica / Técnico de Educación Cívica", "resultado": "8.410",
             "observaciones": "Acredita requisitos"},
        ], columnas=[("folio", "texto", "Folio de la persona aspirante o clave"),
                     ("nombre", "texto", "Nombre completo"),
                     ("cargo", "texto", "Cargo o puesto que ocupa o al que aspira"),
                     ("resultado", "texto", "Calificación, fecha de entrevista u otro resultado"),
                     ("observaciones", "texto", "Observaciones (puede quedar vacía)")]),
        campo("notas", "lista", "Notas al pie de la lista, una por renglón.", [
            "Las personas aspirantes podrán consultar el detalle de su resultado en el Órgano de Enlace, en días "
            "y horas hábiles.",
            "La presente lista se publica en la página electrónica del Instituto y en los estrados del Órgano de "
            "Enlace.",
        ], requerido=False),
    )
    t.titulo_documento("{{ titulo|mayusculas }}")
    t.p("{{ proceso }}", estilo=SUBTITULO)
    t.p(B("Folio: {{ folio }}"), estilo=DATOS)
    t.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_after = Pt(12)
    t.p("{{ introduccion }}")
    t.tabla([("No.", "{{ loop.index }}", 1.0), ("Folio", "{{ registro.folio }}", 2.4),
             ("Nombre", "{{ registro.nombre }}", 4.6), ("Cargo o puesto", "{{ registro.cargo }}", 3.6),
             ("{{ columna_resultado|default('Resultado', true) }}", "{{ registro.resultado }}", 2.2),
             ("Observaciones", "{{ registro.observaciones|default('', true) }}", ANCHO_TEXTO - 13.8)],
            "registro in registros", alineaciones={0: WD_ALIGN_PARAGRAPH.CENTER, 4: WD_ALIGN_PARAGRAPH.CENTER})

    def notas() -> None:
        t.control("{%p for nota in notas %}")
        t.p("{{ nota }}", estilo=COPIAS)
        t.control("{%p endfor %}")
    t.si(_opcional("notas", "[]"), notas)
    t.firma(saludo=None)
    return t


def bitacora_correspondencia() -> Plantilla:
    """The bitácora de seguimiento INE–OPLE of a period (landscape): ``archivo correspondencia bitacora`` fills
    it from the register; the office may edit its text and layout in Word."""
    t = Plantilla(
        "bitacora-correspondencia", "Bitácora de seguimiento de actividades INE–OPLE", "informe", "informe",
        "DEVySPE",
        "Bitácora de los documentos recibidos del INE (SIVOPLE, correo, oficialía de partes) y de los enviados en un "
        "periodo: turno a las áreas, respuesta con su folio y fecha, estatus y estadísticas. La llena "
        "«archivo correspondencia bitacora» desde el registro.",
        ["notificacion-areas:3", "notificacion-areas:8", "notificacion-ine:3", "notificacion-ine:6"])
    seccion = t.doc.sections[0]
    seccion.orientation = WD_ORIENT.LANDSCAPE
    seccion.page_width, seccion.page_height = Cm(27.94), Cm(21.59)
    ancho = 27.94 - 2 * 2.5
    paginas = seccion.footer.paragraphs[1].paragraph_format.tab_stops
    paginas.clear_all()
    paginas.add_tab_stop(Cm(ancho), WD_TAB_ALIGNMENT.RIGHT)
    t.declarar(
        campo("desde", "fecha", "Primer día del periodo.", "2025-02-01"),
        campo("hasta", "fecha", "Último día del periodo.", "2025-02-28"),
        campo("al", "fecha", "Fecha a la que se informa el estatus de cada documento.", "2025-03-03"),
        campo("recibidos", "tabla", "Documentos recibidos en el periodo, uno por fila.", [
            {"no": "E-0012/2025", "fecha_recepcion": "14/02/2025", "numero": "INE/DESPEN/045/2025",
             "remitente": "Dirección Ejecutiva del Servicio Profesional Electoral Nacional",
             "asunto": "Solicita informar el número de personas del Servicio que cursarán el periodo formativo "
                       "2025/1.",
             "area_turnada": "CSPE 14/02/2025", "respuesta": "IEA/DEVySPE/031/2025 del 20/02/2025",
             "estatus": "Respondido el 20/02/2025"},
            {"no": "E-0013/2025", "fecha_recepcion": "17/02/2025", "numero": "INE/UTVOPL/0391/2025",
             "remitente": "Unidad Técnica de Vinculación con los Organismos Públicos Locales",
             "asunto": "Circular sobre la actualización del directorio de enlaces institucionales.",
             "area_turnada": "SE 17/02/2025", "respuesta": "—", "estatus": "Concluido el 17/02/2025 (para conocimiento)"},
        ], columnas=[("no", "texto", "Número de registro de la entrada"),
                     ("fecha_recepcion", "texto", "Fecha de recepción (dd/mm/aaaa)"),
                     ("numero", "texto", "Número del documento, como está escrito"),
                     ("remitente", "texto", "Remitente (el área, o la institución si no se indicó el área)"),
                     ("asunto", "texto", "Asunto"),
                     ("area_turnada", "texto", "Área(s) a la(s) que se turnó y fecha del turno"),
                     ("respuesta", "texto", "Respuesta: folio y fecha"),
                     ("estatus", "texto", "Estatus y situación del plazo")]),
        campo("enviados", "tabla", "Documentos enviados en el periodo, uno por fila.", [
            {"no": "S-0008/2025", "fecha_envio": "20/02/2025", "numero": "IEA/DEVySPE/031/2025",
             "destinatario": "Dirección Ejecutiva del Servicio Profesional Electoral Nacional",
             "asunto": "Se informa el número de personas del Servicio que cursarán el periodo formativo 2025/1.",
             "responde_a": "E-0012/2025 (INE/DESPEN/045/2025)", "acuse": "20/02/2025",
             "estatus": "Enviada el 20/02/2025; acuse del 20/02/2025"},
        ], requerido=False, columnas=[("no", "texto", "Número de registro de la salida"),
                                      ("fecha_envio", "texto", "Fecha de envío (dd/mm/aaaa)"),
                                      ("numero", "texto", "Número o folio del documento"),
                                      ("destinatario", "texto", "Destinatario (el área, o la institución)"),
                                      ("asunto", "texto", "Asunto"),
                                      ("responde_a", "texto", "Entrada(s) que responde"),
                                      ("acuse", "texto", "Fecha del acuse"),
                                      ("estatus", "texto", "Estatus")]),
        campo("resumen", "lista", "Resumen del periodo, una oración por renglón.", [
            "Documentos recibidos: 2.",
            "Respondidos: 1. Concluidos sin respuesta (para conocimiento u otra vía): 1. Concluidos fuera de "
            "plazo: 0.",
            "Pendientes al 03/03/2025: 0, de ellos vencidos: 0.",
            "Tiempo promedio de respuesta: 4.0 días hábiles desde la recepción.",
        ], requerido=False),
        campo("por_area", "tabla", "Turnos por área: atendidos, vencidos y tiempo promedio.", [
            {"area": "CSPE", "turnos": "1", "atendidos": "1", "vencidos": "0", "fuera_de_plazo": "0",
             "promedio": "3.0"},
            {"area": "SE", "turnos": "1", "atendidos": "0", "vencidos": "0", "fuera_de_plazo": "0", "promedio": "—"},
        ], requerido=False, columnas=[("area", "texto", "Área"), ("turnos", "texto", "Turnos"),
                                      ("atendidos", "texto", "Atendidos"), ("vencidos", "texto", "Vencidos"),
                                      ("fuera_de_plazo", "texto", "Atendidos fuera de plazo"),
                                      ("promedio", "texto", "Días hábiles promedio para atender")]),
        campo("observaciones", "lista", "Observaciones, una por renglón (opcional).",
              ["El SIVOPLE no estuvo disponible el 18 de febrero. Los documentos de ese día se recibieron por "
               "correo electrónico institucional."], requerido=False),
    )
    t.titulo_documento("BITÁCORA DE SEGUIMIENTO DE ACTIVIDADES INE–{{ institucion.siglas|mayusculas }}")
    t.p("Documentos recibidos y enviados del {{ desde|fecha_larga }} al {{ hasta|fecha_larga }}", estilo=SUBTITULO)
    t.p(B("Folio: {{ folio }}"), estilo=DATOS)
    t.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_after = Pt(12)
    t.p("La {{ area.nombre }} registra en esta bitácora los documentos recibidos del Instituto Nacional Electoral y "
        "de otras instancias, su turno a las áreas del {{ institucion.nombre }} mediante tarjeta informativa, la "
        "respuesta enviada con su folio y fecha, y el estatus de cada uno al {{ al|fecha_larga }}, conforme a los "
        "procedimientos de notificación del Manual de Procedimientos.")
    t.seccion("I. DOCUMENTOS RECIBIDOS")
    centro = WD_ALIGN_PARAGRAPH.CENTER
    t.tabla([("No.", "{{ r.no }}", 2.5), ("Recepción", "{{ r.fecha_recepcion }}", 2.0),
             ("Número del documento", "{{ r.numero }}", 3.0), ("Remitente", "{{ r.remitente }}", 3.2),
             ("Asunto", "{{ r.asunto }}", 4.44), ("Área turnada y fecha", "{{ r.area_turnada }}", 2.2),
             ("Respuesta: folio y fecha", "{{ r.respuesta }}", 2.8), ("Estatus", "{{ r.estatus }}", 2.8)],
            "r in recibidos", alineaciones={0: centro, 1: centro})

    def enviados() -> None:
        t.seccion("II. DOCUMENTOS ENVIADOS")
        t.tabla([("No.", "{{ s.no }}", 2.5), ("Envío", "{{ s.fecha_envio }}", 2.0),
                 ("Número o folio", "{{ s.numero }}", 3.0), ("Destinatario", "{{ s.destinatario }}", 3.2),
                 ("Asunto", "{{ s.asunto }}", 4.64), ("Responde a", "{{ s.responde_a }}", 2.6),
                 ("Acuse", "{{ s.acuse }}", 2.0), ("Estatus", "{{ s.estatus }}", 3.0)],
                "s in enviados", alineaciones={0: centro, 1: centro, 6: centro})
    t.si(_opcional("enviados", "[]"), enviados)

    def resumen() -> None:
        t.seccion("RESUMEN")
        t.parrafos("resumen")
    t.si(_opcional("resumen", "[]"), resumen)

    def por_area() -> None:
        t.subseccion("Turnos por área")
        t.tabla([("Área", "{{ a.area }}", 3.0), ("Turnos", "{{ a.turnos }}", 2.4),
                 ("Atendidos", "{{ a.atendidos }}", 2.4), ("Vencidos", "{{ a.vencidos }}", 2.4),
                 ("Atendidos fuera de plazo", "{{ a.fuera_de_plazo }}", 3.2),
                 ("Días hábiles promedio para atender", "{{ a.promedio }}", 4.0)],
                "a in por_area", alineaciones={i: centro for i in range(6)})
    t.si(_opcional("por_area", "[]"), por_area)

    def observaciones() -> None:
        t.subseccion("Observaciones")
        t.parrafos("observaciones")
    t.si(_opcional("observaciones", "[]"), observaciones)
    t.firma(saludo=None, etiqueta="ELABORÓ")
    return t


# --------------------------------------------------------------------------------------------------
# Archival instruments (Ley General de Archivos): filled by «archivo archivistica» from the catalog, never by
# hand; the office edits their wording and layout in Word like any other template.
# --------------------------------------------------------------------------------------------------

ANCHO_HORIZONTAL = 27.94 - 2 * 2.0  # carta horizontal menos márgenes, en cm

COLUMNAS_INVENTARIO = [
    ("consecutivo", "número", "Número consecutivo del expediente en el inventario"),
    ("codigo", "texto", "Código de clasificación (serie o subserie del cuadro)"),
    ("numero", "texto", "Número del expediente"),
    ("titulo", "texto", "Título del expediente"),
    ("fechas_extremas", "texto", "Fechas del documento más antiguo y del más reciente"),
    ("fojas", "texto", "Número de fojas (páginas)"),
    ("valores", "texto", "Valores documentales (A administrativo, L legal, F/C fiscal o contable)"),
    ("vigencia", "texto", "Vigencia documental: años en trámite (AT) y en concentración (AC)"),
    ("ubicacion", "texto", "Ubicación topográfica (archivo, caja, estante)"),
    ("observaciones", "texto", "Observaciones (acceso, transferencia anticipada, préstamo…)"),
]
EJEMPLO_INVENTARIO = [
    {"consecutivo": 1, "codigo": "SPEN.02.09", "numero": "IEA/DEVySPE/SPEN.02.09/2019/0001",
     "titulo": "Incentivos: Incentivos del ejercicio valorado 2018", "fechas_extremas": "13/05/2019 – 29/11/2019",
     "fojas": "46", "valores": "A, L, F/C", "vigencia": "AT 3 + AC 7 = 10 años",
     "ubicacion": "Archivo de concentración, caja 4, estante B-2", "observaciones": "Pública"},
    {"consecutivo": 2, "codigo": "SPEN.01", "numero": "IEA/CSPE/SPEN.01/2019/0007",
     "titulo": "Expediente personal de Rosa Elvira Cano Medrano", "fechas_extremas": "01/11/2017 – 31/08/2019",
     "fojas": "112", "valores": "A, L", "vigencia": "AT 5 + AC 10 = 15 años",
     "ubicacion": "Archivo de concentración, caja 4, estante B-2",
     "observaciones": "Confidencial: contiene datos personales"},
]
NOTA_DATOS_PERSONALES = ("Los expedientes señalados como confidenciales contienen datos personales: su consulta y "
                         "reproducción se sujetan a la legislación de transparencia y de protección de datos "
                         "personales.")


def _horizontal(t: Plantilla) -> None:
    """Landscape letter with 2 cm side margins (inventories have ten columns); the footer follows."""
    seccion = t.doc.sections[0]
    seccion.orientation = WD_ORIENT.LANDSCAPE
    seccion.page_width, seccion.page_height = Cm(27.94), Cm(21.59)
    seccion.left_margin = seccion.right_margin = Cm(2.0)
    seccion.top_margin = seccion.bottom_margin = Cm(2.0)
    paginas = seccion.footer.paragraphs[-1]
    paginas.paragraph_format.tab_stops.clear_all()
    paginas.paragraph_format.tab_stops.add_tab_stop(Cm(ANCHO_HORIZONTAL), WD_TAB_ALIGNMENT.RIGHT)


def c_fondo() -> dict:
    return campo("fondo", "texto", "Fondo documental: el código y el nombre de la institución en el cuadro de "
                 "clasificación.", "IEA Instituto Electoral de Anáhuac")


def c_unidad() -> dict:
    return campo("unidad_administrativa", "texto", "Unidad administrativa productora de los expedientes (nombre y "
                 "siglas).", "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral (DEVySPE)")


def c_totales() -> tuple[dict, dict]:
    return (campo("total_expedientes", "número", "Número total de expedientes del inventario.", 2),
            campo("total_fojas", "texto", "Número total de fojas de los expedientes del inventario.", "158"))


def c_expedientes(descripcion: str) -> dict:
    return campo("expedientes", "tabla", descripcion, EJEMPLO_INVENTARIO, columnas=COLUMNAS_INVENTARIO)


def c_nota_datos_personales() -> dict:
    return campo("nota_datos_personales", "texto", "Leyenda cuando el inventario incluye expedientes con datos "
                 "personales (si se omite, no se imprime).", NOTA_DATOS_PERSONALES, requerido=False)


def _tabla_inventario(t: Plantilla) -> None:
    t.tabla([("No.", "{{ expediente.consecutivo }}", 0.8),
             ("Código de clasificación", "{{ expediente.codigo }}", 2.3),
             ("Número de expediente", "{{ expediente.numero }}", 4.0),
             ("Título del expediente", "{{ expediente.titulo }}", 4.3),
             ("Fechas extremas", "{{ expediente.fechas_extremas }}", 2.2),
             ("Fojas", "{{ expediente.fojas }}", 1.2),
             ("Valores", "{{ expediente.valores }}", 1.6),
             ("Vigencia", "{{ expediente.vigencia }}", 2.1),
             ("Ubicación", "{{ expediente.ubicacion }}", 2.5),
             ("Observaciones", "{{ expediente.observaciones }}", ANCHO_HORIZONTAL - 21.0)],
            "expediente in expedientes",
            alineaciones={0: WD_ALIGN_PARAGRAPH.CENTER, 5: WD_ALIGN_PARAGRAPH.CENTER, 6: WD_ALIGN_PARAGRAPH.CENTER})
    t.si(_opcional("nota_datos_personales"), lambda: t.p(I("{{ nota_datos_personales }}"), estilo=COPIAS))


def _encabezado_instrumento(t: Plantilla, titulo: str, subtitulo: str | None = None) -> None:
    t.titulo_documento(titulo)
    if subtitulo:
        t.p(subtitulo, estilo=SUBTITULO)
    t.p(B("No. {{ folio }}"), estilo=DATOS)
    t.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_after = Pt(10)


def _ficha_horizontal(t: Plantilla, filas: list[tuple[str, Parte]]) -> None:
    t.ficha(filas, ancho_etiqueta=6.0)
    _anchos(t.doc.tables[-1], [6.0, ANCHO_HORIZONTAL - 6.0])


def _firmas_horizontal(t: Plantilla, firmantes: list[tuple[str, str, str | None]]) -> None:
    t.firmas(firmantes)
    _anchos(t.doc.tables[-1], [ANCHO_HORIZONTAL / len(firmantes)] * len(firmantes))


def inventario_general() -> Plantilla:
    t = Plantilla(
        "inventario-general", "Inventario general por área", "inventario", "instrumento-archivistico", "DEVySPE",
        "Inventario general de los expedientes de una unidad administrativa (archivo de trámite y los que ya "
        "transfirió), con las columnas de la Ley General de Archivos. Lo llena «archivo archivistica inventario».",
        [])
    t.declarar(c_fondo(), c_unidad(),
               campo("corte", "texto", "Qué expedientes comprende el inventario y a qué fecha.",
                     "Expedientes abiertos y cerrados al 4 de noviembre de 2024"),
               *c_totales(), c_expedientes("Expedientes del área, uno por fila, en orden de clasificación."),
               c_nota_datos_personales())
    _horizontal(t)
    _encabezado_instrumento(t, "INVENTARIO GENERAL DE EXPEDIENTES", "{{ unidad_administrativa }}")
    _ficha_horizontal(t, [("Fondo", "{{ fondo }}"), ("Unidad administrativa", "{{ unidad_administrativa }}"),
                          ("Comprende", "{{ corte }}"),
                          ("Total", "{{ total_expedientes }} expediente(s), {{ total_fojas }} foja(s)")])
    _tabla_inventario(t)
    t.firma(saludo=None, etiqueta="Elaboró")
    return t


def inventario_transferencia_primaria() -> Plantilla:
    t = Plantilla(
        "inventario-transferencia-primaria", "Inventario de transferencia primaria", "inventario",
        "instrumento-archivistico", "DEVySPE",
        "Inventario con que el archivo de trámite de una unidad administrativa transfiere expedientes al archivo de "
        "concentración, con su ubicación topográfica. Lo llena «archivo archivistica transferir».", [])
    t.declarar(c_fondo(), c_unidad(),
               campo("fecha_transferencia", "fecha", "Fecha en que se realiza la transferencia.", "2024-11-04"),
               campo("cajas", "texto", "Cajas y estantes en que quedan los expedientes en el archivo de "
                     "concentración.", "Caja 4, estante B-2"),
               *c_totales(), c_expedientes("Expedientes transferidos, uno por fila, en el orden de las cajas."),
               c_nota_datos_personales(),
               campo("recibe", "texto", "Quien recibe en el archivo de concentración (nombre o cargo).",
                     "Responsable del Archivo de Concentración"))
    _horizontal(t)
    _encabezado_instrumento(t, "INVENTARIO DE TRANSFERENCIA PRIMARIA",
                            "Del archivo de trámite al archivo de concentración")
    _ficha_horizontal(t, [("Fondo", "{{ fondo }}"), ("Unidad administrativa que transfiere",
                                                      "{{ unidad_administrativa }}"),
                          ("Fecha de transferencia", "{{ fecha_transferencia|fecha_larga }}"),
                          ("Ubicación en el archivo de concentración", "{{ cajas }}"),
                          ("Total", "{{ total_expedientes }} expediente(s), {{ total_fojas }} foja(s)")])
    _tabla_inventario(t)
    _firmas_horizontal(t, [("ENTREGA", "{{ firmante.nombre }}", "{{ firmante.cargo }}"),
                           ("RECIBE", "{{ recibe }}", "Archivo de Concentración")])
    return t


def inventario_transferencia_secundaria() -> Plantilla:
    t = Plantilla(
        "inventario-transferencia-secundaria", "Inventario de transferencia secundaria", "inventario",
        "instrumento-archivistico", "DEVySPE",
        "Inventario con que el archivo de concentración transfiere al archivo histórico los expedientes de "
        "conservación permanente. Lo llena «archivo archivistica transferir --secundaria».", [])
    t.declarar(c_fondo(), c_unidad(),
               campo("fecha_transferencia", "fecha", "Fecha en que se realiza la transferencia.", "2024-11-04"),
               campo("series", "texto", "Series documentales de los expedientes transferidos.",
                     "SPEN.02.01 Selección e ingreso (Concurso Público)"),
               campo("cajas", "texto", "Cajas y estantes en que quedan los expedientes en el archivo histórico.",
                     "Caja H-1, estante 1"),
               *c_totales(), c_expedientes("Expedientes transferidos, uno por fila."),
               c_nota_datos_personales(),
               campo("recibe", "texto", "Quien recibe en el archivo histórico (nombre o cargo).",
                     "Responsable del Archivo Histórico"))
    _horizontal(t)
    _encabezado_instrumento(t, "INVENTARIO DE TRANSFERENCIA SECUNDARIA",
                            "Del archivo de concentración al archivo histórico")
    _ficha_horizontal(t, [("Fondo", "{{ fondo }}"), ("Unidad administrativa productora",
                                                      "{{ unidad_administrativa }}"),
                          ("Series", "{{ series }}"),
                          ("Fecha de transferencia", "{{ fecha_transferencia|fecha_larga }}"),
                          ("Ubicación en el archivo histórico", "{{ cajas }}"),
                          ("Total", "{{ total_expedientes }} expediente(s), {{ total_fojas }} foja(s)")])
    _tabla_inventario(t)
    _firmas_horizontal(t, [("ENTREGA", "{{ firmante.nombre }}", "{{ firmante.cargo }}"),
                           ("RECIBE", "{{ recibe }}", "Archivo Histórico")])
    return t


def inventario_baja() -> Plantilla:
    t = Plantilla(
        "inventario-baja", "Dictamen, inventario y acta de baja documental", "inventario",
        "instrumento-archivistico", "DEVySPE",
        "Dictamen de valoración, inventario de baja documental y acta de baja de los expedientes que cumplieron "
        "su vigencia en el archivo de concentración y no tienen valor histórico. Lo llena «archivo archivistica "
        "baja».", [])
    t.declarar(c_fondo(), c_unidad(),
               campo("series", "texto", "Series documentales de los expedientes que se dan de baja.",
                     "SPEN.02.09 Incentivos"),
               campo("fechas_extremas", "texto", "Fechas extremas del conjunto de expedientes.",
                     "13/05/2019 – 31/08/2019"),
               *c_totales(), c_expedientes("Expedientes que se dan de baja, uno por fila."),
               campo("considerandos", "lista", "Considerandos del dictamen de valoración, uno por renglón.", [
                   "Que los expedientes relacionados en el inventario cumplieron los plazos de conservación en los "
                   "archivos de trámite y de concentración que establece el Catálogo de Disposición Documental.",
                   "Que su destino final en el Catálogo es la baja documental y ninguno de sus documentos fue "
                   "valorado con valor histórico.",
               ]),
               campo("metodo", "texto", "Forma en que se eliminarán los documentos.",
                     "trituración del papel y su entrega para reciclaje"),
               campo("responsable_concentracion", "texto", "Responsable del archivo de concentración que firma el "
                     "acta.", "Responsable del Archivo de Concentración"),
               campo("organo_control", "texto", "Representante del órgano interno de control que firma el acta.",
                     "Titular del Órgano Interno de Control"),
               c_nota_datos_personales())
    _horizontal(t)
    t.titulo_documento("DICTAMEN DE BAJA DOCUMENTAL")
    t.p(B("No. {{ folio }}"), estilo=DATOS)
    t.p("{{ lugar }}, a {{ fecha|fecha_larga }}.", estilo=DATOS).paragraph_format.space_after = Pt(10)
    t.p("El Área Coordinadora de Archivos, con fundamento en la Ley General de Archivos y en el Catálogo de "
        "Disposición Documental, emite el presente dictamen de valoración de "
        "{{ total_expedientes }} expediente(s), con {{ total_fojas }} foja(s), de la unidad administrativa "
        "{{ unidad_administrativa }}, del fondo {{ fondo }}, de la(s) serie(s) {{ series }}, con fechas extremas "
        "{{ fechas_extremas }}.")
    t.seccion("CONSIDERANDOS")
    t.numerados("considerandos", "loop.index|romano")
    t.seccion("DICTAMEN")
    t.resolutivo("PRIMERO", "Procede la baja documental de los expedientes relacionados en el inventario "
                 "siguiente, por haber concluido su vigencia documental y carecer de valores históricos.")
    t.resolutivo("SEGUNDO", "Se elimine la documentación mediante {{ metodo }}, de lo que se levantará el acta "
                 "correspondiente.")
    t.seccion("INVENTARIO DE BAJA DOCUMENTAL")
    _tabla_inventario(t)
    t.seccion("ACTA DE BAJA DOCUMENTAL")
    t.p("En {{ lugar }}, el {{ fecha|fecha_larga }}, se hace constar la baja documental de los "
        "{{ total_expedientes }} expediente(s) relacionados en el inventario anterior, con {{ total_fojas }} "
        "foja(s), mediante {{ metodo }}, conforme al dictamen que antecede. Firman quienes intervinieron.")
    _firmas_horizontal(t, [("ÁREA COORDINADORA DE ARCHIVOS", "{{ firmante.nombre }}", "{{ firmante.cargo }}"),
                           ("ARCHIVO DE CONCENTRACIÓN", "{{ responsable_concentracion }}", None),
                           ("ÓRGANO INTERNO DE CONTROL", "{{ organo_control }}", None)])
    return t


def guia_archivo() -> Plantilla:
    t = Plantilla(
        "guia-archivo", "Guía de archivo documental", "guia-archivo", "instrumento-archivistico", "DEVySPE",
        "Guía de archivo documental: cada serie del cuadro con su descripción, volumen, fechas extremas, "
        "ubicación y área responsable. La llena «archivo archivistica guia».", [])
    t.declarar(c_fondo(),
               campo("total_series", "número", "Número de series y subseries descritas.", 2),
               campo("total_expedientes", "número", "Número total de expedientes descritos.", 58),
               campo("series", "tabla", "Series y subseries con expedientes, una por fila.", [
                   {"codigo": "SPEN.01", "serie": "Expedientes del personal del Servicio",
                    "descripcion": "Un expediente por cada persona miembro del Servicio.",
                    "volumen": "40 expediente(s); 1280 foja(s)", "fechas_extremas": "2017 – 2024",
                    "ubicacion": "Archivo de trámite (40)",
                    "responsable": "Coordinación del Servicio Profesional Electoral (CSPE)"},
                   {"codigo": "SPEN.02.09", "serie": "Incentivos",
                    "descripcion": "Procedimientos para el otorgamiento de incentivos.",
                    "volumen": "18 expediente(s); 610 foja(s)", "fechas_extremas": "2016 – 2024",
                    "ubicacion": "Archivo de trámite (2); archivo de concentración (16): cajas 3, 4",
                    "responsable": "Coordinación del Servicio Profesional Electoral (CSPE)"},
               ], columnas=[("codigo", "texto", "Código de la serie o subserie"),
                            ("serie", "texto", "Nombre de la serie o subserie"),
                            ("descripcion", "texto", "Descripción de su contenido"),
                            ("volumen", "texto", "Número de expedientes y de fojas"),
                            ("fechas_extremas", "texto", "Años del expediente más antiguo y del más reciente"),
                            ("ubicacion", "texto", "Archivos y cajas en que se encuentra"),
                            ("responsable", "texto", "Área responsable")]))
    _horizontal(t)
    _encabezado_instrumento(t, "GUÍA DE ARCHIVO DOCUMENTAL")
    _ficha_horizontal(t, [("Fondo", "{{ fondo }}"), ("Área coordinadora de archivos", "{{ area.nombre }}"),
                          ("Contenido", "{{ total_series }} serie(s) con {{ total_expedientes }} expediente(s)")])
    t.tabla([("Código", "{{ serie.codigo }}", 2.3), ("Serie documental", "{{ serie.serie }}", 4.0),
             ("Descripción", "{{ serie.descripcion }}", 5.8), ("Volumen", "{{ serie.volumen }}", 2.8),
             ("Fechas extremas", "{{ serie.fechas_extremas }}", 2.0), ("Ubicación", "{{ serie.ubicacion }}", 3.6),
             ("Responsable", "{{ serie.responsable }}", ANCHO_HORIZONTAL - 20.5)], "serie in series")
    t.firma(saludo=None, etiqueta="Elaboró")
    return t


CONSTRUCTORES: tuple[Callable[[], Plantilla], ...] = (
    oficio, oficio_notificacion, oficio_despen, tarjeta_informativa, circular, acuerdo_comision, acuerdo_consejo,
    dictamen_procedencia_reingreso, dictamen_cambio_adscripcion, dictamen_evaluacion, dictamen_titularidad,
    dictamen_incentivos, dictamen_designacion, acuse_recibo, informe, lista, bitacora_correspondencia,
    inventario_general, inventario_transferencia_primaria, inventario_transferencia_secundaria, inventario_baja,
    guia_archivo,
)


def generar(destino: Path = DESTINO) -> list[Path]:
    """Write every template (.docx + .yaml) into ``destino``; returns the paths written."""
    destino.mkdir(parents=True, exist_ok=True)
    escritos: list[Path] = []
    for constructor in CONSTRUCTORES:
        plantilla = constructor()
        docx = destino / f"{plantilla.nombre}.docx"
        yml = destino / f"{plantilla.nombre}.yaml"
        docx.write_bytes(plantilla.docx_bytes())
        yml.write_text(plantilla.esquema_yaml(), encoding="utf-8")
        escritos += [docx, yml]
    return escritos


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Genera el juego de plantillas institucionales (.docx y .yaml).")
    parser.add_argument("--destino", type=Path, default=DESTINO, help="carpeta de salida (por omisión plantillas/)")
    args = parser.parse_args(argv)
    escritos = generar(args.destino)
    print(f"Se generaron {len(escritos) // 2} plantillas en {args.destino}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
