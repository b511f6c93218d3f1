"""A carpeta: documents compiled into one PDF with a cover and a clickable index (the carpeta de sesión, with the
orden del día as its index; an expediente exported for an access request, with its índice).

Layout: a cover, the orden del día as an index (each point and each document with the page where it starts,
dot leaders, clickable), then the documents in order. Every page is stamped «Página N de M»; the outline has one
bookmark per point (documents and sub-points nested under it); page labels match the stamped numbers (the cover
is labelled «Portada»), so a viewer's page box and the printed numbers agree.

Word documents are converted in one LibreOffice batch (``archivo.conversion``); PDFs go in as they are. The
index pages need page numbers that are known only after conversion, so the front matter is laid out after
measuring the documents, repeating the layout until the number of index pages is stable.

This module builds bytes from files; filing the carpeta in the session's expediente is ``sesiones``' job.
The cover and index headings default to a session's («ORDEN DEL DÍA»); ``Portada.titulo_indice`` changes them.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.annotations import Link
from pypdf.errors import PyPdfError
from reportlab.lib.colors import Color, black, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from archivo.base import pdf
from archivo.base.configuracion import FORMATO_PAGINA, validar_formato_pagina
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.word.conversion import convertir_a_pdf

MAX_TITULO = 400  # characters of a title shown in the index

GRIS = Color(0.35, 0.35, 0.35)
FUENTE = "Helvetica"
FUENTE_NEGRITA = "Helvetica-Bold"
FUENTE_CURSIVA = "Helvetica-Oblique"


@dataclass
class DocumentoCarpeta:
    """One document of a point: its title in the index and bookmarks, and its file (.pdf, or .docx to convert)."""

    titulo: str
    archivo: Path


@dataclass
class PuntoCarpeta:
    """A point of the orden del día: ``numero`` as printed ("2", "2.1"), its documents, its sub-points."""

    numero: str
    titulo: str
    documentos: list[DocumentoCarpeta] = field(default_factory=list)
    subpuntos: list[PuntoCarpeta] = field(default_factory=list)


@dataclass
class Portada:
    """What the cover and the index heading say."""

    institucion: str
    organo: str                  # "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"
    sesion: str                  # "Primera sesión ordinaria de 2025"
    fecha: str                   # "jueves 27 de marzo de 2025"
    hora: str = ""
    lugar: str = ""
    secretaria: str = ""         # who prepares it (the Secretaría Técnica)
    titulo: str = "Carpeta de la sesión"
    titulo_indice: str = "ORDEN DEL DÍA"
    leyenda: str = ""            # a line under the page count (e.g. how the document may be used)
    documento: Path | None = None  # the cover as a Word document (the archive's template, with its membrete)


@dataclass
class EntradaIndice:
    """A line of the index: a point or a document, the page where it starts (1-based) and its level."""

    tipo: str                    # "punto" | "documento"
    numero: str                  # the point's number ("" for documents)
    titulo: str
    pagina: int | None           # None: a point with no documents
    nivel: int


@dataclass
class Carpeta:
    contenido: bytes
    paginas: int
    paginas_preliminares: int    # cover + index
    indice: list[EntradaIndice]
    segundos_conversion: float
    segundos_total: float

    def inicio(self, numero: str) -> int | None:
        """Page (1-based) where point ``numero`` starts, as the index prints it."""
        for e in self.indice:
            if e.tipo == "punto" and e.numero == numero:
                return e.pagina
        raise KeyError(numero)


def _recorrer(puntos: Sequence[PuntoCarpeta], nivel: int = 0) -> Iterator[tuple[PuntoCarpeta, int]]:
    for p in puntos:
        yield p, nivel
        yield from _recorrer(p.subpuntos, nivel + 1)


# --- reading the documents ---------------------------------------------------------------------


def _abrir_pdf(ruta: Path, titulo: str) -> tuple[PdfReader | None, Problema | None]:
    lugar = f"«{titulo}» ({ruta.name})"
    try:
        lector = PdfReader(ruta, strict=False)
        # Permission-only encryption (empty user password) still reads; a real password does not.
        if lector.is_encrypted and not lector.decrypt(""):
            return None, Problema(lugar, "el PDF está protegido con contraseña",
                                  "pida una versión sin contraseña e impórtela de nuevo")
        if len(lector.pages) == 0:
            return None, Problema(lugar, "el PDF no tiene páginas")
        for pagina in lector.pages:  # touch every page now: a broken one must fail here, not mid-merge
            _ = pagina.mediabox
        return lector, None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        return None, Problema(lugar, f"el PDF está dañado y no se puede leer: {pdf.describir_error(e)}",
                              "ábralo y guárdelo de nuevo como PDF, o vuelva a generarlo")


# --- front matter: cover and index ---------------------------------------------------------------


class _FilaIndice(Flowable):
    """One index line: number, wrapped title, dot leaders, page number. Records where it was drawn (for links)."""

    ANCHO_NUMERO = 1.3 * cm
    ANCHO_PAGINA = 1.2 * cm
    SANGRIA = 0.8 * cm

    def __init__(self, entrada: EntradaIndice, destino: int | None, enlaces: list) -> None:
        super().__init__()
        self.entrada = entrada
        self.destino = destino  # 0-based page index in the final PDF
        self.enlaces = enlaces
        es_punto = entrada.tipo == "punto"
        self.fuente = FUENTE_NEGRITA if es_punto and entrada.nivel == 0 else (FUENTE if es_punto else FUENTE_CURSIVA)
        self.tamano = 11.0 if es_punto else 9.5
        self.interlinea = self.tamano * 1.3
        self.espacio_antes = 5.0 if es_punto and entrada.nivel == 0 else 1.5
        self.x_numero = self.SANGRIA * entrada.nivel
        self.x_texto = self.x_numero + self.ANCHO_NUMERO + (0 if es_punto else 0.5 * cm)
        self.lineas: list[str] = []

    def wrap(self, ancho_disponible: float, alto_disponible: float) -> tuple[float, float]:
        self.ancho = ancho_disponible
        ancho_texto = ancho_disponible - self.x_texto - self.ANCHO_PAGINA - 0.3 * cm
        titulo = self.entrada.titulo
        if len(titulo) > MAX_TITULO:  # an index line must fit on a page
            titulo = titulo[:MAX_TITULO].rsplit(" ", 1)[0] + "…"
        self.lineas = simpleSplit(titulo, self.fuente, self.tamano, ancho_texto) or [""]
        self.alto = self.espacio_antes + self.interlinea * len(self.lineas)
        return ancho_disponible, self.alto

    def draw(self) -> None:
        c = self.canv
        e = self.entrada
        y = self.alto - self.espacio_antes - self.tamano
        c.setFillColor(black)
        if e.tipo == "punto":
            c.setFont(self.fuente, self.tamano)
            c.drawString(self.x_numero, y, f"{e.numero}.")
        c.setFont(self.fuente, self.tamano)
        for i, linea in enumerate(self.lineas):
            c.drawString(self.x_texto, y - i * self.interlinea, linea)
        if e.pagina is not None:
            y_ultima = y - (len(self.lineas) - 1) * self.interlinea
            fin_texto = self.x_texto + stringWidth(self.lineas[-1], self.fuente, self.tamano) + 4
            numero = str(e.pagina)
            x_numero = self.ancho - stringWidth(numero, self.fuente, self.tamano)
            ancho_punto = stringWidth(".", FUENTE, self.tamano)
            puntos = int((x_numero - 4 - fin_texto) / ancho_punto)
            if puntos > 0:
                c.setFont(FUENTE, self.tamano)
                c.setFillColor(GRIS)
                c.drawRightString(x_numero - 4, y_ultima, "." * puntos)
                c.setFillColor(black)
            c.setFont(self.fuente, self.tamano)
            c.drawString(x_numero, y_ultima, numero)
        x0, y0 = c.absolutePosition(0, 0)
        self.enlaces.append((self.entrada, c.getPageNumber() - 1,
                             (x0, y0, x0 + self.ancho, y0 + self.alto - self.espacio_antes), self.destino))


def _preliminares(portada: Portada, indice: list[EntradaIndice], enlaces: list, total: int | None,
                  con_portada: bool = True) -> bytes:
    """Cover (one page, unless the cover is a Word document) and the index, as PDF bytes.

    ``enlaces`` receives, per index line, (entry, 0-based page it is drawn on, rectangle, 0-based target page).
    """
    enlaces.clear()
    salida = io.BytesIO()
    doc = SimpleDocTemplate(salida, pagesize=letter, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.5 * cm, bottomMargin=2.5 * cm, title=f"{portada.titulo}: {portada.sesion}",
                            author=portada.institucion, subject=portada.organo, creator="archivo")
    centro = ParagraphStyle("centro", fontName=FUENTE, fontSize=12, leading=16, alignment=TA_CENTER)
    institucion = ParagraphStyle("inst", parent=centro, fontName=FUENTE_NEGRITA, fontSize=16, leading=21)
    grande = ParagraphStyle("grande", parent=centro, fontName=FUENTE_NEGRITA, fontSize=22, leading=28)
    sesion = ParagraphStyle("sesion", parent=centro, fontName=FUENTE_NEGRITA, fontSize=15, leading=20)
    pie = ParagraphStyle("pie", parent=centro, fontSize=10, leading=13, textColor=GRIS)
    titulo_indice = ParagraphStyle("titind", parent=centro, fontName=FUENTE_NEGRITA, fontSize=14, leading=18)

    def p(texto: str, estilo: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(texto), estilo)

    historia: list[Flowable] = []
    if con_portada:
        historia += [p(portada.institucion, institucion), Spacer(1, 0.4 * cm),
                     p(portada.organo, centro), Spacer(1, 5 * cm),
                     p(portada.titulo.upper(), grande), Spacer(1, 0.8 * cm),
                     p(portada.sesion, sesion), Spacer(1, 0.4 * cm), p(portada.fecha, centro)]
        if portada.hora:
            historia.append(p(portada.hora, centro))
        if portada.lugar:
            historia.append(p(portada.lugar, centro))
        historia.append(Spacer(1, 5 * cm))
        if portada.secretaria:
            historia.append(p(f"Integra: {portada.secretaria}", pie))
        if total is not None:
            historia.append(p(f"Esta carpeta contiene {total} páginas.", pie))
        if portada.leyenda:
            historia.append(p(portada.leyenda, pie))
        historia.append(PageBreak())
    historia += [p(portada.titulo_indice, titulo_indice), Spacer(1, 0.2 * cm),
                 p(f"{portada.sesion} · {portada.fecha}", centro), Spacer(1, 0.5 * cm)]
    encabezado = ParagraphStyle("enc", fontName=FUENTE, fontSize=9, leading=11, textColor=GRIS, alignment=2)
    historia += [Paragraph("Página", encabezado), Spacer(1, 0.1 * cm)]
    for entrada in indice:
        destino = entrada.pagina - 1 if entrada.pagina is not None else None
        historia.append(_FilaIndice(entrada, destino, enlaces))
    doc.build(historia)
    return salida.getvalue()


# --- stamping ----------------------------------------------------------------------------------


def _sellos(tamanos: list[tuple[float, float]], formato: str) -> PdfReader:
    """One overlay page per page: «Página N de M» at the bottom right, on a white band for legibility."""
    salida = io.BytesIO()
    c = Canvas(salida, pagesize=tamanos[0] if tamanos else letter)
    total = len(tamanos)
    for n, (ancho, alto) in enumerate(tamanos, start=1):
        c.setPageSize((ancho, alto))
        texto = formato.format(n=n, total=total)
        tamano = 8.5
        w = stringWidth(texto, FUENTE, tamano)
        margen = min(1.2 * cm, ancho * 0.05)
        x, y = ancho - margen - w, min(0.8 * cm, alto * 0.03)
        c.setFillColor(white)
        c.rect(x - 3, y - 2.5, w + 6, tamano + 4, stroke=0, fill=1)
        c.setFillColor(GRIS)
        c.setFont(FUENTE, tamano)
        c.drawString(x, y, texto)
        c.showPage()
    c.save()
    return PdfReader(io.BytesIO(salida.getvalue()))


# --- assembly ----------------------------------------------------------------------------------


def armar(puntos: Sequence[PuntoCarpeta], portada: Portada, *, soffice: str | None = None,
          formato_pagina: str = FORMATO_PAGINA, procesos: int | None = None,
          avisar: Callable[[str], None] | None = None) -> Carpeta:
    """Build the carpeta PDF of ``puntos`` (in order). Raises ``EntradaInvalida`` naming every bad document.

    ``procesos``: LibreOffice processes for the Word documents (None: ``conversion.procesos_automaticos``).
    """
    inicio = time.perf_counter()
    avisar = avisar or (lambda _mensaje: None)
    problema_formato = validar_formato_pagina(formato_pagina)
    if problema_formato:
        raise EntradaInvalida(f"El formato de número de página «{formato_pagina}» no sirve: {problema_formato}.")
    todos = [(p, nivel) for p, nivel in _recorrer(puntos)]
    documentos = [d for p, _ in todos for d in p.documentos]
    if not todos:
        raise EntradaInvalida("El orden del día no tiene puntos; agregue al menos uno antes de armar la carpeta.")
    numeros = [p.numero for p, _ in todos]
    repetidos = sorted({n for n in numeros if numeros.count(n) > 1})
    if repetidos:
        raise EntradaInvalida(f"El orden del día repite los números de punto {', '.join(repetidos)}.")

    with tempfile.TemporaryDirectory(prefix="archivo-carpeta-") as tmp:
        # a Word cover is converted in the same LibreOffice batch as the documents
        cubierta = DocumentoCarpeta("Portada", portada.documento) if portada.documento else None
        documentos_y_portada = [*([cubierta] if cubierta else []), *documentos]
        por_convertir = [d for d in documentos_y_portada if d.archivo.suffix.lower() != ".pdf"]
        pdf_de: dict[int, Path] = {id(d): d.archivo for d in documentos_y_portada
                                   if d.archivo.suffix.lower() == ".pdf"}
        inicio_conversion = time.perf_counter()
        if por_convertir:
            avisar(f"Convirtiendo {len(por_convertir)} documento(s) de Word a PDF con LibreOffice…")
            convertidos = convertir_a_pdf([d.archivo for d in por_convertir], Path(tmp), soffice=soffice,
                                          procesos=procesos)
            for d, pdf in zip(por_convertir, convertidos, strict=True):
                pdf_de[id(d)] = pdf
        segundos_conversion = time.perf_counter() - inicio_conversion

        avisar("Uniendo los documentos…")
        lectores: dict[int, PdfReader] = {}
        problemas: list[Problema] = []
        for d in documentos_y_portada:
            lector, problema = _abrir_pdf(pdf_de[id(d)], d.titulo)
            if problema:
                problemas.append(problema)
            else:
                lectores[id(d)] = lector
        if problemas:
            raise EntradaInvalida(f"No se puede armar la carpeta: {len(problemas)} documento(s) con problemas:",
                                  problemas)
        paginas_portada = len(lectores.pop(id(cubierta)).pages) if cubierta else 0
        lector_portada = PdfReader(pdf_de[id(cubierta)]) if cubierta else None
        paginas_doc = {k: len(r.pages) for k, r in lectores.items()}
        paginas_documentos = sum(paginas_doc.values())

        # Lay out the front matter until the number of index pages stops changing.
        enlaces: list = []
        preliminares = paginas_portada + 1 if cubierta else 2
        for _ in range(6):
            indice = _indice(todos, paginas_doc, preliminares)
            total = preliminares + paginas_documentos
            bytes_prelim = _preliminares(portada, indice, enlaces, total, con_portada=cubierta is None)
            obtenidas = len(PdfReader(io.BytesIO(bytes_prelim)).pages) + paginas_portada
            if obtenidas == preliminares:
                break
            preliminares = obtenidas
        else:
            raise ArchivoError("No se pudo acomodar el índice de la carpeta (el número de páginas no se estabiliza).")

        escritor = PdfWriter()
        if lector_portada is not None:
            escritor.append(lector_portada, import_outline=False)
            # the index lines were drawn on pages counted from the index: they follow the cover's pages
            enlaces[:] = [(e, pagina + paginas_portada, rect, destino) for e, pagina, rect, destino in enlaces]
        escritor.append(PdfReader(io.BytesIO(bytes_prelim)), import_outline=False)
        for d in documentos:
            escritor.append(lectores[id(d)], import_outline=False)

        avisar("Numerando las páginas…")
        tamanos = []
        for pagina in escritor.pages:
            if pagina.rotation % 360:
                pagina.transfer_rotation_to_content()
            caja = pagina.cropbox
            tamanos.append((float(caja.width), float(caja.height)))
        sellos = _sellos(tamanos, formato_pagina)
        for pagina, sello in zip(escritor.pages, sellos.pages, strict=True):
            caja = pagina.cropbox
            pagina.merge_transformed_page(sello, Transformation().translate(float(caja.left), float(caja.bottom)))

        for _, pagina_indice, rect, destino in enlaces:
            if destino is not None:
                escritor.add_annotation(pagina_indice, Link(rect=rect, target_page_index=destino))
        en_indice = {e.numero: pagina for e, pagina, _, _ in enlaces if e.tipo == "punto"}
        _marcadores(escritor, puntos, paginas_doc, preliminares, indice, en_indice)
        escritor.set_page_label(0, max(paginas_portada, 1) - 1, prefix="Portada")
        primera = max(paginas_portada, 1)
        if len(escritor.pages) > primera:
            escritor.set_page_label(primera, len(escritor.pages) - 1, style="/D", start=primera + 1)
        escritor.page_mode = "/UseOutlines"
        escritor.add_metadata({"/Title": f"{portada.titulo}: {portada.sesion}", "/Author": portada.institucion,
                               "/Subject": portada.organo, "/Creator": "archivo"})
        salida = io.BytesIO()
        escritor.write(salida)
    return Carpeta(salida.getvalue(), total, preliminares, indice, segundos_conversion,
                   time.perf_counter() - inicio)


def _indice(todos: list[tuple[PuntoCarpeta, int]], paginas_doc: dict[int, int], preliminares: int) -> list[EntradaIndice]:
    """Index lines with their start pages, given how many front-matter pages precede the documents."""
    inicio_doc: dict[int, int] = {}
    siguiente = preliminares + 1
    for p, _ in todos:
        for d in p.documentos:
            inicio_doc[id(d)] = siguiente
            siguiente += paginas_doc[id(d)]

    def primera_pagina(p: PuntoCarpeta) -> int | None:
        if p.documentos:
            return inicio_doc[id(p.documentos[0])]
        for sub in p.subpuntos:
            pagina = primera_pagina(sub)
            if pagina is not None:
                return pagina
        return None

    entradas = []
    for p, nivel in todos:
        entradas.append(EntradaIndice("punto", p.numero, p.titulo, primera_pagina(p), nivel))
        for d in p.documentos:
            entradas.append(EntradaIndice("documento", "", d.titulo, inicio_doc[id(d)], nivel))
    return entradas


def _marcadores(escritor: PdfWriter, puntos: Sequence[PuntoCarpeta], paginas_doc: dict[int, int],
                preliminares: int, indice: list[EntradaIndice], en_indice: dict[str, int]) -> None:
    """One bookmark per point (sub-points and documents nested).

    A point with no documents (e.g. «Asuntos generales») points to the index page that lists it.
    """
    paginas = {e.numero: e.pagina for e in indice if e.tipo == "punto"}
    siguiente = [preliminares]  # 0-based index of the next document's first page

    def agregar(p: PuntoCarpeta, padre) -> None:
        pagina = paginas[p.numero]
        destino = pagina - 1 if pagina is not None else en_indice[p.numero]
        marca = escritor.add_outline_item(title=f"{p.numero}. {p.titulo}", page_number=destino, parent=padre,
                                          is_open=False)
        for d in p.documentos:
            escritor.add_outline_item(title=d.titulo, page_number=siguiente[0], parent=marca)
            siguiente[0] += paginas_doc[id(d)]
        for sub in p.subpuntos:
            agregar(sub, marca)

    for p in puntos:
        agregar(p, None)
