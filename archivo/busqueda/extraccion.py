"""Text extraction from .docx, .pdf and .txt files, and detection of a document's number, date and title.

``extraer(ruta)`` returns an ``Extraccion`` (text, pages, whether it has a text layer, Spanish notes about
what had to be repaired) or raises ``ArchivoIlegible`` with a Spanish message that says why the file cannot be
read and what to do. Every case seen in real archives has its own message:

* PDF protected with a password (one that opens with an empty password, i.e. only an owner password, is read);
* PDF with a damaged cross-reference table: pypdf's tolerant mode recovers it (noted as repaired);
* PDF without a text layer (a scan): extracted as "sin texto" (OCR comes later), never an error;
* a file named .pdf that is not a PDF (an HTML page, a Word file, an empty file…);
* a .docx that python-docx cannot open (broken relationships, a «NULL» or backslash target): the text is
  read straight from ``word/document.xml`` (and headers/footers) when the package itself is sound;
* a .txt in UTF-8, UTF-16 or Windows-1252;
* an image (JPG, PNG, TIFF, multi-page TIFF): checked to be one by its content, no text until OCR (``ocr``).

A PDF's pages without a text layer that carry an image (scanned pages, e.g. the signed last page of an otherwise
digital oficio) are listed in ``Extraccion.paginas_escaneadas``: those are what OCR recognises.

``detectar(...)`` finds the metadata of an imported file: its own number (``INE/CG682/2023``), every
identifier it cites, its date and its title, and a document type.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from archivo.base import pdf
from archivo.base.errors import ArchivoError
from archivo.base.formato import MESES
from archivo.busqueda.analisis import identificadores, normalizar_identificador, plegar
from archivo.busqueda.ocr import EXTENSIONES_IMAGEN, revisar_imagen

EXTENSIONES_TEXTO = (".pdf", ".docx", ".txt")
EXTENSIONES = EXTENSIONES_TEXTO + EXTENSIONES_IMAGEN
_LETRAS_POR_PAGINA = 10  # fewer letters than this per page: the PDF has no real text layer
_CONTENIDO_DIBUJADO = 4096  # bytes of drawing on a page without text: probably text turned into outlines


class ArchivoIlegible(ArchivoError):
    """The file cannot be read as what its extension says; the message says why and how to fix it."""


@dataclass
class Extraccion:
    texto: str
    con_texto: bool
    paginas: int | None = None
    avisos: list[str] = field(default_factory=list)
    titulo_metadatos: str | None = None
    fecha_metadatos: date | None = None
    paginas_escaneadas: list[int] = field(default_factory=list)  # pages OCR would recognise (1 = first)

    @property
    def estado(self) -> str:
        return "con texto" if self.con_texto else "sin texto"

    @property
    def necesita_ocr(self) -> bool:
        return bool(self.paginas_escaneadas)


def extraer(ruta: Path) -> Extraccion:
    """The text of a .docx, .pdf or .txt file, or an image's pages (by extension). Raises ``ArchivoIlegible``."""
    ruta = Path(ruta)
    extension = ruta.suffix.lower()
    if extension == ".pdf":
        return texto_pdf(ruta)
    if extension == ".docx":
        return texto_docx(ruta)
    if extension == ".txt":
        return texto_txt(ruta)
    if extension in EXTENSIONES_IMAGEN:
        return texto_imagen(ruta)
    raise ArchivoIlegible(f"«{ruta.name}» no es PDF, DOCX, TXT ni imagen; no se puede extraer su texto.")


def _cabecera(ruta: Path, n: int = 2048) -> bytes:
    try:
        with open(ruta, "rb") as f:
            return f.read(n)
    except OSError as e:
        raise ArchivoIlegible(f"No se pudo leer «{ruta.name}»: {e.strerror or e}.") from None


def _que_es(inicio: bytes) -> str:
    """A guess of what a file really is, for messages."""
    if not inicio.strip():
        return "está vacío"
    if inicio.startswith(b"PK"):
        return "parece un archivo de Office o ZIP"
    if inicio.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "es una página web (HTML)"
    if inicio.startswith(b"\xd0\xcf\x11\xe0"):
        return "es un documento de Office antiguo (.doc/.xls)"
    if inicio.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "es una imagen"
    return "no tiene la firma %PDF- al inicio"


# --- PDF --------------------------------------------------------------------------------------------------

def _fecha_pdf(valor: object) -> date | None:
    m = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(valor or ""))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def texto_pdf(ruta: Path) -> Extraccion:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    inicio = _cabecera(ruta, 1024)
    if b"%PDF-" not in inicio:
        raise ArchivoIlegible(f"«{ruta.name}» tiene extensión .pdf pero no es un PDF ({_que_es(inicio)}). "
                              "Ábralo con el programa que lo creó y guárdelo como PDF.")
    avisos: list[str] = []
    registro = logging.getLogger("pypdf")
    nivel = registro.level
    registro.setLevel(logging.ERROR)  # pypdf reports every repaired detail as a warning
    try:
        try:
            lector = PdfReader(ruta, strict=True)
            if not lector.is_encrypted:
                len(lector.pages)
        except PyPdfError:
            try:
                lector = PdfReader(ruta, strict=False)
                len(lector.pages)
            except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
                raise ArchivoIlegible(
                    f"«{ruta.name}» es un PDF dañado que no se pudo recuperar: {pdf.describir_error(e)}. "
                    "Pida una copia sana del documento o vuelva a exportarlo a PDF.") from None
            avisos.append("PDF con la estructura interna (tabla xref) dañada: se recuperó en modo tolerante")
        if lector.is_encrypted:
            try:
                resultado = lector.decrypt("")
            except (DependencyError, NotImplementedError, PyPdfError):
                raise ArchivoIlegible(f"«{ruta.name}» está cifrado con un método que no se puede leer. "
                                      "Ábralo y guárdelo como PDF sin protección.") from None
            if not resultado:
                raise ArchivoIlegible(
                    f"«{ruta.name}» está protegido con contraseña. Ábralo con su contraseña, guárdelo como PDF "
                    "sin protección (Imprimir → Guardar como PDF) e impórtelo de nuevo.")
            avisos.append("PDF protegido solo contra cambios (sin contraseña de apertura): se leyó su texto")
        paginas = len(lector.pages)
        partes = []
        escaneadas = []
        for i, pagina in enumerate(lector.pages, start=1):
            try:
                partes.append(pagina.extract_text() or "")
            except Exception as e:  # one unreadable page must not lose the rest of the document
                avisos.append(f"no se pudo leer el texto de la página {i} ({pdf.describir_error(e)})")
                partes.append("")
            if sum(1 for c in partes[-1] if c.isalpha()) < _LETRAS_POR_PAGINA and _tiene_imagen(pagina):
                escaneadas.append(i)
        titulo = fecha = None
        try:
            meta = lector.metadata
            if meta:
                titulo = str(meta.get("/Title") or "").strip() or None
                fecha = _fecha_pdf(meta.get("/CreationDate"))
        except Exception:  # damaged metadata is not worth failing the import
            pass
    finally:
        registro.setLevel(nivel)
    texto = "\n".join(partes).replace("\x00", "")
    letras = sum(1 for c in texto if c.isalpha())
    con_texto = letras >= _LETRAS_POR_PAGINA * max(paginas, 1)
    if not con_texto:
        avisos.append("sin texto: parece un documento escaneado (se podrá buscar cuando se le aplique OCR)")
    return Extraccion(texto, con_texto, paginas, avisos, titulo, fecha, escaneadas)


def _tiene_imagen(pagina) -> bool:  # noqa: ANN001 - a pypdf page
    """Whether a page draws an image (directly or inside a form) or a lot of paths: a page without text that does
    is a scan (or text turned into outlines), which OCR can read."""
    try:
        recursos = pagina.get("/Resources")
        recursos = recursos.get_object() if recursos is not None else None
        if recursos is None:
            return False
        pendientes, vistos = [recursos], set()
        while pendientes:
            actual = pendientes.pop()
            objetos = actual.get("/XObject")
            objetos = objetos.get_object() if objetos is not None else {}
            for nombre in objetos:
                objeto = objetos[nombre].get_object()
                subtipo = objeto.get("/Subtype")
                if subtipo == "/Image":
                    return True
                if subtipo == "/Form" and id(objeto) not in vistos:
                    vistos.add(id(objeto))
                    internos = objeto.get("/Resources")
                    if internos is not None:
                        pendientes.append(internos.get_object())
        contenido = pagina.get_contents()
        datos = contenido.get_data() if contenido is not None else b""
        # an inline image, or a page drawn with many paths (text turned into outlines): OCR can read it
        return re.search(rb"(?:^|\s)BI\s+/", datos) is not None or len(datos) >= _CONTENIDO_DIBUJADO
    except Exception:  # damaged resources: let OCR decide
        return True


# --- images ---------------------------------------------------------------------------------------------------

def texto_imagen(ruta: Path) -> Extraccion:
    """An image has no text until OCR; this checks it is one (by content) and counts its pages."""
    try:
        info = revisar_imagen(ruta)
    except ArchivoError as e:
        raise ArchivoIlegible(e.mensaje) from None
    avisos = ["imagen: se podrá buscar cuando se le aplique OCR"]
    return Extraccion("", False, info.paginas, avisos, paginas_escaneadas=list(range(1, info.paginas + 1)))


# --- DOCX -------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OMITIR = (f"{_W}txbxContent", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
           f"{_W}delText", f"{_W}instrText")


def _texto_parrafo(p, partes: list[str]) -> None:  # noqa: ANN001 - an lxml element
    """The text of one paragraph, without the text boxes it anchors (they are paragraphs of their own)."""
    for hijo in p:
        etiqueta = hijo.tag
        if not isinstance(etiqueta, str) or etiqueta in _OMITIR:
            continue
        if etiqueta == f"{_W}t":
            partes.append(hijo.text or "")
        elif etiqueta == f"{_W}tab":
            partes.append("\t")
        elif etiqueta in (f"{_W}br", f"{_W}cr"):
            partes.append("\n")
        else:
            _texto_parrafo(hijo, partes)


def _texto_elemento(raiz) -> str:  # noqa: ANN001 - an lxml element
    """Paragraph texts of a WordprocessingML element, in document order (tables and text boxes included)."""
    lineas = []
    for p in raiz.iter(f"{_W}p"):
        if any(a.tag in _OMITIR[1:2] for a in p.iterancestors()):
            continue  # the copy of a text box kept for old versions of Word
        partes: list[str] = []
        _texto_parrafo(p, partes)
        lineas.append("".join(partes))
    return "\n".join(lineas)


def _texto_xml(xml: bytes) -> str:
    from lxml import etree

    raiz = etree.fromstring(xml, parser=etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False))
    return "" if raiz is None else _texto_elemento(raiz)


def _texto_docx_xml(ruta: Path, motivo: str) -> Extraccion:
    """Fallback for packages python-docx rejects: read the XML parts directly."""
    try:
        with zipfile.ZipFile(ruta) as z:
            nombres = z.namelist()
            if "word/document.xml" not in nombres:
                raise ArchivoIlegible(f"«{ruta.name}» no es un documento de Word: le falta word/document.xml. "
                                      "Ábralo con Word o LibreOffice y guárdelo de nuevo como .docx.")
            partes = [_texto_xml(z.read("word/document.xml"))]
            for nombre in sorted(nombres):
                if re.fullmatch(r"word/(header|footer)\d*\.xml", nombre):
                    partes.append(_texto_xml(z.read(nombre)))
    except zipfile.BadZipFile:
        raise ArchivoIlegible(f"«{ruta.name}» no es un .docx válido (el paquete ZIP está dañado o incompleto). "
                              "Ábralo con Word o LibreOffice y guárdelo de nuevo.") from None
    except (OSError, ValueError, KeyError) as e:
        raise ArchivoIlegible(f"No se pudo leer «{ruta.name}»: {e}.") from None
    texto = "\n".join(p for p in partes if p.strip())
    aviso = f"Word no estándar ({motivo}): el texto se leyó directamente del XML del documento"
    return Extraccion(texto, bool(texto.strip()), None, [aviso])


_RELS_DOCUMENTO = "word/_rels/document.xml.rels"
_TIPOS_PARTE = ("/header", "/footer", "/footnotes", "/endnotes")


def _texto_docx_directo(ruta: Path) -> Extraccion | None:
    """The fast path: the same text as the python-docx path (body, then each header and footer once), plus
    footnotes and endnotes, read straight from the package's XML — no full package load (which costs ~10 ms per
    file and dominated indexing). Returns None if the package is unusual, so the python-docx path decides."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False)
    try:
        with zipfile.ZipFile(ruta) as z:
            documento = etree.fromstring(z.read("word/document.xml"), parser=parser)
            cuerpo = documento.find(f"{_W}body") if documento is not None else None
            if cuerpo is None:
                return None
            partes = [_texto_elemento(cuerpo)]
            rels = etree.fromstring(z.read(_RELS_DOCUMENTO), parser=parser)
            destinos, rotas = [], []
            nombres = set(z.namelist())
            for rel in rels if rels is not None else ():
                tipo, destino = rel.get("Type", ""), rel.get("Target", "")
                if rel.get("TargetMode") == "External":
                    continue
                # targets are relative to word/ («../customXml/item1.xml») or absolute within the package
                interno = destino.lstrip("/") if destino.startswith("/") else \
                    posixpath.normpath(posixpath.join("word", destino))
                if interno not in nombres:
                    rotas.append(destino)  # python-docx refuses such packages; Word usually repairs them
                elif tipo.endswith(_TIPOS_PARTE):
                    destinos.append(interno)
            vistos: set[str] = set()
            for nombre in sorted(destinos, key=lambda n: (not n.startswith("word/header"), n)):
                rels_parte = posixpath.join(posixpath.dirname(nombre), "_rels", posixpath.basename(nombre) + ".rels")
                if rels_parte in nombres:
                    raiz_rels = etree.fromstring(z.read(rels_parte), parser=parser)
                    for rel in raiz_rels if raiz_rels is not None else ():
                        destino = rel.get("Target", "")
                        if rel.get("TargetMode") != "External" and posixpath.normpath(
                                posixpath.join(posixpath.dirname(nombre), destino)) not in nombres:
                            rotas.append(destino)
                texto = _texto_xml(z.read(nombre))
                if texto.strip() and texto not in vistos:
                    vistos.add(texto)
                    partes.append(texto)
            titulo = fecha = None
            if "docProps/core.xml" in z.namelist():
                core = etree.fromstring(z.read("docProps/core.xml"), parser=parser)
                if core is not None:
                    t = core.find("{http://purl.org/dc/elements/1.1/}title")
                    titulo = (t.text or "").strip() or None if t is not None else None
                    c = core.find("{http://purl.org/dc/terms/}created")
                    if c is not None and c.text:
                        try:
                            fecha = datetime.fromisoformat(c.text.strip().replace("Z", "+00:00")).date()
                        except ValueError:
                            fecha = None
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    texto = "\n".join(p for p in partes if p.strip())
    avisos = [f"Word no estándar (relación a una parte que no existe: {', '.join(rotas[:3])}): el texto se leyó "
              "directamente del XML del documento"] if rotas else []
    return Extraccion(texto, bool(texto.strip()), None, avisos, titulo, fecha)


def texto_docx(ruta: Path) -> Extraccion:
    """Body paragraphs and tables in order, text boxes, then headers, footers and notes (direct XML; python-docx
    and a raw-XML reading for packages the direct path does not understand)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    inicio = _cabecera(ruta, 8)
    if not inicio.startswith(b"PK"):
        raise ArchivoIlegible(f"«{ruta.name}» tiene extensión .docx pero no es un documento de Word "
                              f"({_que_es(_cabecera(ruta))}). Ábralo y guárdelo como .docx.")
    directo = _texto_docx_directo(ruta)
    if directo is not None:
        return directo
    try:
        doc = Document(str(ruta))
    except PackageNotFoundError:
        raise ArchivoIlegible(f"«{ruta.name}» no es un .docx válido (el paquete ZIP está dañado). "
                              "Ábralo con Word o LibreOffice y guárdelo de nuevo.") from None
    except (KeyError, ValueError, zipfile.BadZipFile, AttributeError, TypeError) as e:
        return _texto_docx_xml(ruta, f"python-docx no pudo abrirlo: {type(e).__name__} {e}")
    except Exception as e:  # lxml syntax errors and other package damage: try the raw XML
        return _texto_docx_xml(ruta, f"python-docx no pudo abrirlo: {type(e).__name__}")
    partes = [_texto_elemento(doc.element.body)]
    vistos: set[str] = set()
    for seccion in doc.sections:
        for parte in (seccion.header, seccion.first_page_header, seccion.even_page_header,
                      seccion.footer, seccion.first_page_footer, seccion.even_page_footer):
            try:
                if parte.is_linked_to_previous:
                    continue
                texto = _texto_elemento(parte._element)
            except (KeyError, ValueError, AttributeError):
                continue
            if texto.strip() and texto not in vistos:
                vistos.add(texto)
                partes.append(texto)
    titulo = fecha = None
    try:
        props = doc.core_properties
        titulo = (props.title or "").strip() or None
        if isinstance(props.created, datetime):
            fecha = props.created.date()
    except (ValueError, TypeError, AttributeError):
        pass
    texto = "\n".join(p for p in partes if p.strip())
    return Extraccion(texto, bool(texto.strip()), None, [], titulo, fecha)


# --- TXT --------------------------------------------------------------------------------------------------

def texto_txt(ruta: Path) -> Extraccion:
    try:
        datos = ruta.read_bytes()
    except OSError as e:
        raise ArchivoIlegible(f"No se pudo leer «{ruta.name}»: {e.strerror or e}.") from None
    if b"\x00" in datos[:4096] and not datos.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArchivoIlegible(f"«{ruta.name}» tiene extensión .txt pero no es texto (contiene datos binarios).")
    avisos = []
    if datos.startswith((b"\xff\xfe", b"\xfe\xff")):
        texto = datos.decode("utf-16", errors="replace")
    else:
        try:
            texto = datos.decode("utf-8-sig")
        except UnicodeDecodeError:
            texto = datos.decode("cp1252", errors="replace")
            avisos.append("texto en codificación Windows-1252 (no UTF-8): se convirtió")
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    return Extraccion(texto, bool(texto.strip()), None, avisos)


# --- metadata detection ---------------------------------------------------------------------------------------

_MES = "|".join(MESES)
_FECHA_LARGA = re.compile(rf"\b(\d{{1,2}})(?:º|°|o)?\s+de\s+({_MES})\s+(?:de|del)\s+(\d{{4}})\b", re.IGNORECASE)
_FECHA_CORTA = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_TIPOS_TITULO = [
    ("acuerdo", "acuerdo"), ("dictamen", "dictamen"), ("resolucion", "resolucion"), ("oficio", "oficio"),
    ("informe", "informe"), ("circular", "circular"), ("tarjeta informativa", "tarjeta-informativa"),
    ("lineamientos", "lineamientos"), ("reglamento", "reglamento"), ("convocatoria", "convocatoria"),
    ("acta", "acta"), ("minuta", "minuta"), ("ley", "ley"), ("decreto", "decreto"), ("programa", "programa"),
    ("constitucion", "constitucion"), ("codigo", "codigo"), ("estatuto", "estatuto"), ("manual", "manual"),
    ("protocolo", "protocolo"), ("instructivo", "instructivo"), ("norma", "norma"),
]
# Headings that end a title: the first section of the document begins.
_SECCION = re.compile(r"^\s*(antecedentes|considerandos?|resultandos?|glosario|indice|fundamento|puntos de acuerdo|"
                      r"primero|presentacion|introduccion|visto|vistos)\b")
_PALABRA_TIPO = re.compile(r"^\s*(" + "|".join(re.escape(p) for p, _ in _TIPOS_TITULO) + r")\b")


@dataclass
class Metadatos:
    numero: str | None  # the document's own number as written (an identifier in its title or first lines)
    identificadores: list[str]  # every identifier it cites, normalised
    fecha: date | None
    fecha_origen: str  # "texto" | "metadatos" | "archivo"
    titulo: str
    tipo: str


def _fecha_valida(anio: int, mes: int, dia: int) -> date | None:
    try:
        d = date(anio, mes, dia)
    except ValueError:
        return None
    return d if 1917 <= anio <= date.today().year + 1 else None


def fechas(texto: str) -> list[tuple[int, date]]:
    """Dates written in ``texto`` («17 de junio de 2024», «17/06/2024»), with their positions."""
    salida = []
    for m in _FECHA_LARGA.finditer(texto):
        d = _fecha_valida(int(m[3]), MESES.index(m[2].lower()) + 1, int(m[1]))
        if d:
            salida.append((m.start(), d))
    for m in _FECHA_CORTA.finditer(texto):
        d = _fecha_valida(int(m[3]), int(m[2]), int(m[1]))
        if d:
            salida.append((m.start(), d))
    salida.sort(key=lambda x: x[0])
    return salida


def detectar_fecha(texto: str) -> date | None:
    """The document's date: the first date in its first 3,000 characters, else the last one in the text
    (acuerdos often end with «…aprobado en sesión celebrada el 17 de junio de 2024»)."""
    encontradas = fechas(texto[:3000])
    if encontradas:
        return encontradas[0][1]
    resto = fechas(texto[-5000:]) if len(texto) > 3000 else []
    return resto[-1][1] if resto else None


def _lineas(texto: str, maximo: int = 60) -> list[str]:
    salida = []
    for linea in texto.splitlines():
        limpia = re.sub(r"\s+", " ", linea).strip()
        if limpia:
            salida.append(limpia)
        if len(salida) >= maximo:
            break
    return salida


def detectar_titulo(texto: str, respaldo: str) -> str:
    """The title: the first line (within the first 40) that starts like a document type («ACUERDO…»,
    «DICTAMEN…»), with the lines that continue it; else the first line of four or more words; else
    ``respaldo`` (the file name)."""
    lineas = _lineas(texto, 40)
    for i, linea in enumerate(lineas):
        if linea[:1].isupper() and _PALABRA_TIPO.match(plegar(linea)) and len(linea.split()) >= 2:
            titulo = linea
            for siguiente in lineas[i + 1: i + 6]:
                if (len(titulo) >= 240 or titulo.endswith((".", ":")) or _PALABRA_TIPO.match(plegar(siguiente))
                        or len(siguiente.split()) <= 1 or _SECCION.match(plegar(siguiente))):
                    break
                if siguiente.isupper() == linea.isupper():
                    titulo += " " + siguiente
                else:
                    break
            return _acotar(titulo)
    for linea in lineas:
        if len(linea.split()) >= 4 and sum(c.isalpha() for c in linea) >= 15:
            return _acotar(linea)
    return respaldo


def _acotar(titulo: str, maximo: int = 300) -> str:
    titulo = titulo.strip(" .:-–—")
    if len(titulo) <= maximo:
        return titulo
    corte = titulo.rfind(" ", 0, maximo)
    return titulo[: corte if corte > 100 else maximo] + "…"


def detectar_tipo(titulo: str) -> str:
    """A document type from the title's first word: acuerdo-consejo, acuerdo-comision, dictamen, oficio…"""
    t = plegar(titulo).strip()
    m = _PALABRA_TIPO.match(t)
    if not m:
        return "importado"
    palabra = m.group(1)
    tipo = dict(_TIPOS_TITULO)[palabra]
    if tipo == "acuerdo":
        cabeza = t[:200]
        if "consejo general" in cabeza:
            return "acuerdo-consejo"
        if "comision" in cabeza:
            return "acuerdo-comision"
    return tipo


def es_numero_de_documento(identificador: str) -> bool:
    """An acuerdo or oficio number has at least two separators (INE/CG682/2023, IEM-CG-24/2014); «COVID-19»
    or «31-A» are identifiers in the text but not a document's own number."""
    return sum(identificador.count(c) for c in "/-") >= 2


def _nombre_con_numero(nombre_archivo: str) -> str:
    """The file name, when it looks like an institutional number (has capitals: «INE-CG682-2023.pdf»), not a
    lower-case slug («acuerdo-10-2020.pdf»)."""
    stem = Path(nombre_archivo).stem
    return stem if re.search(r"[A-Z]{2,}", stem) else ""


def detectar(texto: str, nombre_archivo: str, *, fecha_metadatos: date | None = None,
             fecha_archivo: date | None = None, titulo_metadatos: str | None = None) -> Metadatos:
    """Number, identifiers, date, title and type of an imported document."""
    respaldo = titulo_metadatos or Path(nombre_archivo).stem.replace("_", " ").strip() or nombre_archivo
    titulo = detectar_titulo(texto, respaldo)
    ids = identificadores(texto)
    numero = None  # as written (IEA/DEVySPE/045/2024): shown in results; the index compares it normalised
    for fuente in (titulo if titulo != respaldo else "", texto[:1500], _nombre_con_numero(nombre_archivo)):
        encontrados = [i for i in identificadores(fuente, como_se_escribieron=True) if es_numero_de_documento(i)]
        if encontrados:
            numero = encontrados[0]
            break
    if numero and normalizar_identificador(numero) not in ids:
        ids.insert(0, normalizar_identificador(numero))
    fecha, origen = detectar_fecha(texto), "texto"
    if fecha is None and fecha_metadatos is not None and fecha_metadatos <= date.today():
        fecha, origen = fecha_metadatos, "metadatos"
    if fecha is None:
        fecha, origen = fecha_archivo, "archivo"
    return Metadatos(numero=numero, identificadores=ids,
                     fecha=fecha, fecha_origen=origen, titulo=titulo, tipo=detectar_tipo(titulo))
