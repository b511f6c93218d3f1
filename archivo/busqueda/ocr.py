"""The OCR engine: OCRmyPDF (its library call ``ocrmypdf.ocr``) over Tesseract with Spanish, no catalog here.

``reconocer(origen, destino)`` turns a scanned PDF or an image (JPG, PNG, TIFF, multi-page TIFF) into a searchable
PDF and says what it did (``Reconocimiento``) or raises ``FalloOCR`` with a Spanish reason. ``reconocer_lote``
does a batch in this one process (one engine start per batch): several files at a time and the pages of a file
in parallel, one Tesseract per core. Facts this module is built around (measured here, see docs/rendimiento.md):

- Pages that already carry text are left as they are (``mode="skip"``); only pages without a text layer are
  rasterised and recognised.
- Straightening is done where recognition needs it. Tesseract reads slightly skewed pages well by itself; a
  page turned 90° or 180°, or strongly skewed, comes out as gibberish. OCRmyPDF's ``rotate_pages`` and ``deskew``
  cost two more Tesseract passes on every page (about 1.7× the work), so the first pass runs without them and
  only the pages whose text does not read as Spanish (too few of its most common words) are done again, with
  rotation and deskew, from the first pass's output (``mode="force"`` on those pages only).
- PDF/A: OCRmyPDF first makes PDF/A itself (pikepdf, validated) and otherwise falls back to Ghostscript.
  Ghostscript 10.0.0 to 10.02.0 (Debian 12 has 10.0.0) corrupts pages that already carry text, which OCRmyPDF
  17 refuses for PDF/A with skipped pages («serious regressions»); with those versions Ghostscript is kept out
  (``pdfa_backend="internal"``) whenever the input has pages with text. Each derivative is checked and its kind
  recorded: «PDF/A-2B» when it is one, else «PDF».
- Images get their resolution from the file when it is credible, else from the assumption that the picture
  is a letter-size page; an image beyond ``LIMITE_MEGAPIXELES`` per page (a decompression bomb, or a poster)
  is refused before it is decoded.
- Tesseract, its Spanish data and (optionally) Ghostscript are Debian packages; when they are missing nothing
  here is called and the caller says how to install them (``instalacion().motivo``).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from archivo.base.errors import ArchivoError
from archivo.base.fsutil import pid_alive

IDIOMA = "spa"
EXTENSIONES_IMAGEN = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
LIMITE_MEGAPIXELES = 100.0  # per page; a letter page at 600 dpi is 34 Mpx, A3 at 600 dpi 70 Mpx
MAX_PAGINAS_IMAGEN = 1000  # frames of a multi-page TIFF
TIEMPO_PAGINA_S = 180.0  # Tesseract on one page; beyond this the page is left without text and reported
PAQUETES = "tesseract-ocr tesseract-ocr-spa ghostscript unpaper"
INSTALAR = f"sudo apt-get install {PAQUETES}"
# A page whose OCR text has fewer of these words than this share of its words is not Spanish prose as read:
# upside down, sideways or strongly skewed (measured: 0.04–0.06 then, 0.35–0.45 on real pages).
COMUNES = frozenset({"de", "la", "el", "en", "y", "que", "los", "las", "del", "se", "por", "a", "con", "para", "al",
                     "su", "sus", "un", "una", "lo", "es", "no", "o", "como", "le"})
UMBRAL_COMUNES = 0.15
# Orientation confidence enough to turn a page that did not read (OCRmyPDF's default, 14, is for pages that did:
# a correct guess on a real 200 dpi scan with signatures scores 11–12).
UMBRAL_GIRO = 2.0
MIN_LETRAS_PAGINA = 10  # fewer letters than this: the page has no text layer (or none worth keeping)
_PREFIJO_TRABAJO = "archivo-ocr-"

log = logging.getLogger("archivo.ocr")


class FalloOCR(ArchivoError):
    """OCR could not be done on this file; ``mensaje`` is the reason shown as «OCR fallido: …»."""


# --- what is installed ---------------------------------------------------------------------------------------

def _version(args: list[str], patron: str) -> str | None:
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(patron, (r.stdout or "") + (r.stderr or ""))
    return m.group(1) if m else None


def _tupla(version: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version or ""))


@dataclass(frozen=True)
class Instalacion:
    """What this machine has for OCR."""

    tesseract: str | None  # its version, None when missing
    espanol: bool  # Tesseract's Spanish data (tesseract-ocr-spa)
    ghostscript: str | None
    ocrmypdf: str | None

    @property
    def disponible(self) -> bool:
        return bool(self.tesseract and self.espanol and self.ocrmypdf)

    @property
    def ghostscript_para_pdfa(self) -> bool:
        """Whether Ghostscript may make PDF/A of files with pages that already carry text (not 10.0.0–10.02.0)."""
        v = _tupla(self.ghostscript)
        return bool(v) and not ((10, 0, 0) <= v[:3] < (10, 2, 1))

    @property
    def motivo(self) -> str:
        """Why OCR is not available and how to install it (empty when it is)."""
        if self.disponible:
            return ""
        if not self.ocrmypdf:
            falta = "falta el paquete de Python ocrmypdf (vuelva a ejecutar «sh instalar.sh»)"
            return f"El reconocimiento de texto (OCR) no está instalado: {falta}."
        falta = "falta Tesseract" if not self.tesseract else "a Tesseract le falta el idioma español"
        return (f"El reconocimiento de texto (OCR) no está instalado: {falta}. Instálelo con «{INSTALAR}» "
                "y después ejecute «archivo ocr» para procesar los escaneos en espera.")

    def descripcion(self) -> str:
        partes = [f"OCRmyPDF {self.ocrmypdf}" if self.ocrmypdf else "sin OCRmyPDF",
                  f"Tesseract {self.tesseract} ({IDIOMA})" if self.tesseract else "sin Tesseract"]
        partes.append(f"Ghostscript {self.ghostscript}" if self.ghostscript else "sin Ghostscript")
        return " · ".join(partes)


@functools.lru_cache(maxsize=1)
def _instalacion(path: str) -> Instalacion:
    tesseract = _version(["tesseract", "--version"], r"tesseract\s+v?(\d[\w.]*)") if shutil.which(
        "tesseract", path=path) else None
    idiomas = ""
    if tesseract:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            idiomas = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30,
                                     check=False).stdout
    gs = _version(["gs", "--version"], r"(\d+\.\d+(?:\.\d+)?)") if shutil.which("gs", path=path) else None
    try:
        from importlib.metadata import version

        ocrmypdf = version("ocrmypdf")
    except Exception:  # not installed
        ocrmypdf = None
    return Instalacion(tesseract, IDIOMA in idiomas.split(), gs, ocrmypdf)


def instalacion() -> Instalacion:
    """What is installed (looked up once per process and PATH)."""
    return _instalacion(os.environ.get("PATH", ""))


# --- images ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Imagen:
    formato: str  # JPEG, PNG, TIFF
    paginas: int
    ancho: int
    alto: int
    megapixeles: float  # of the largest page
    dpi: float | None  # as recorded in the file, when credible


_FORMATOS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "TIFF": "TIFF"}


def revisar_imagen(ruta: Path) -> Imagen:
    """Read an image's header (nothing is decoded): its format, pages and size.

    Raises ``ArchivoError`` (the caller's «not imported» line) when the file is empty or not a JPG, PNG or TIFF
    image, whatever its name says. A size beyond the pixel limit is not an error here: the file is a valid image
    and is kept; ``reconocer`` refuses to decode it."""
    from PIL import Image, UnidentifiedImageError  # heavy library: imported where used (fast start)

    try:
        if ruta.stat().st_size == 0:
            raise ArchivoError(f"«{ruta.name}» está vacío (0 bytes): no es una imagen. Pida el archivo de nuevo.")
    except OSError as e:
        raise ArchivoError(f"No se pudo leer «{ruta.name}»: {e.strerror or e}.") from None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(ruta) as im:
                formato = _FORMATOS.get(im.format or "")
                if formato is None:
                    raise ArchivoError(f"«{ruta.name}» es una imagen {im.format}, no JPG, PNG ni TIFF. Guárdela "
                                       "como PNG o JPG (o escanee en PDF) e impórtela de nuevo.")
                paginas = min(getattr(im, "n_frames", 1) or 1, MAX_PAGINAS_IMAGEN + 1)
                mayor, ancho, alto = 0, im.width, im.height
                for i in range(paginas):
                    if i:
                        im.seek(i)
                    if im.width * im.height > mayor:
                        mayor, ancho, alto = im.width * im.height, im.width, im.height
                dpi = im.info.get("dpi")
        except Image.DecompressionBombError:
            return Imagen("desconocido", 1, 0, 0, float("inf"), None)
        except UnidentifiedImageError:
            que_es = _que_es(ruta)
            if que_es is None:
                raise ArchivoError(f"«{ruta.name}» es una imagen dañada o incompleta que no se pudo leer. "
                                   "Escanéela de nuevo o pida el archivo original.") from None
            raise ArchivoError(f"«{ruta.name}» tiene extensión {ruta.suffix} pero no es una imagen "
                               f"({que_es}). Pida el archivo original de nuevo.") from None
        except (OSError, ValueError, SyntaxError, EOFError) as e:
            raise ArchivoError(f"«{ruta.name}» es una imagen dañada que no se pudo leer ({e}). Escanéela de "
                               "nuevo.") from None
    if paginas > MAX_PAGINAS_IMAGEN:
        raise ArchivoError(f"«{ruta.name}» tiene más de {MAX_PAGINAS_IMAGEN} páginas: divídalo en varios "
                           "archivos.")
    valor = None
    with contextlib.suppress(TypeError, ValueError, IndexError):
        valor = float(dpi[0]) if dpi else None
    return Imagen(formato, paginas, ancho, alto, mayor / 1e6, valor if valor and 70 <= valor <= 1200 else None)


def _que_es(ruta: Path) -> str | None:
    """What a file that is not a readable image really is (None: it starts as an image, so it is a damaged one)."""
    with open(ruta, "rb") as f:
        inicio = f.read(16)
    if inicio.startswith((b"\xff\xd8", b"\x89PNG", b"II*\x00", b"MM\x00*")):
        return None
    if inicio.startswith(b"%PDF-"):
        return "es un PDF"
    if inicio.startswith(b"PK"):
        return "parece un archivo de Office o ZIP"
    if inicio.lstrip()[:1] in (b"<",):
        return "parece una página web o un XML"
    return "su contenido no corresponde a ningún formato de imagen"


def _dpi_carta(ancho: int, alto: int) -> float:
    """Resolution that makes a picture with no credible one a letter-size page (8.5 × 11 in)."""
    corto, largo = sorted((ancho, alto))
    return max(72.0, min(1200.0, max(corto / 8.5, largo / 11.0)))


def _imagen_a_pdf(origen: Path, destino: Path, info: Imagen) -> None:
    """An image-only PDF of every page of the image (lossless: JPEG data kept as is)."""
    import img2pdf  # heavy library: imported where used (fast start)
    from PIL import Image, ImageOps

    if info.megapixeles > LIMITE_MEGAPIXELES:
        tamano = (f"{info.ancho} × {info.alto} píxeles, {info.megapixeles:.0f} megapíxeles"
                  if info.megapixeles != float("inf") else "más de 178 megapíxeles")
        raise FalloOCR(f"la imagen es demasiado grande para reconocerla ({tamano}; el límite es "
                       f"{LIMITE_MEGAPIXELES:.0f} por página). Escanéela a 300 dpi")
    dpi = info.dpi or _dpi_carta(info.ancho, info.alto)
    disposicion = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    try:
        destino.write_bytes(img2pdf.convert(str(origen), layout_fun=disposicion, rotation=img2pdf.Rotation.ifvalid))
        return
    except Exception as e:  # alpha channel, 16-bit or odd TIFF compressions: re-encode below
        log.debug("img2pdf no convirtió %s directamente (%s); se recodifica", origen.name, e)
    partes = []
    try:
        with Image.open(origen) as im:
            for i in range(info.paginas):
                im.seek(i)
                pagina = ImageOps.exif_transpose(im.copy()) if i == 0 else im.copy()
                if pagina.mode in ("RGBA", "LA", "PA") or (pagina.mode == "P" and "transparency" in pagina.info):
                    fondo = Image.new("RGB", pagina.size, "white")
                    fondo.paste(pagina.convert("RGBA"), mask=pagina.convert("RGBA").getchannel("A"))
                    pagina = fondo
                elif pagina.mode not in ("1", "L", "RGB"):
                    pagina = pagina.convert("RGB")
                ruta = destino.with_name(f"{destino.stem}-{i:04d}.png")
                pagina.save(ruta, format="PNG")
                partes.append(str(ruta))
        destino.write_bytes(img2pdf.convert(partes, layout_fun=disposicion))
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        raise FalloOCR(f"la imagen está dañada o incompleta y no se pudo leer completa ({e})") from None
    finally:
        for p in partes:
            Path(p).unlink(missing_ok=True)


# --- the engine --------------------------------------------------------------------------------------------------

@dataclass
class Reconocimiento:
    """What OCR did to one file."""

    tipo_pdf: str  # «PDF/A-2B» or «PDF»
    paginas: int
    reconocidas: list[int] = field(default_factory=list)  # pages recognised (they had no text layer)
    sin_texto: list[int] = field(default_factory=list)  # of those, pages where nothing could be read
    enderezadas: list[int] = field(default_factory=list)  # pages done again turned or straightened
    avisos: list[str] = field(default_factory=list)
    segundos: float = 0.0


def _silenciar_bibliotecas() -> None:
    """OCRmyPDF, pikepdf and fpdf2 log in English for the console; the user reads our Spanish report instead."""
    for nombre in ("ocrmypdf", "pikepdf", "fpdf", "fontTools", "PIL", "pdfminer"):
        registro = logging.getLogger(nombre)
        if not any(isinstance(h, logging.NullHandler) for h in registro.handlers):
            registro.addHandler(logging.NullHandler())
        registro.propagate = False


def _letras(texto: str) -> int:
    return sum(1 for c in texto if c.isalpha())


def _se_lee(texto: str) -> bool:
    """Whether OCR text reads as Spanish prose (see ``COMUNES``); short texts (a stamp, a number) pass."""
    palabras = re.findall(r"[^\W\d_]+", texto.lower())
    if len(palabras) < 12:
        return _letras(texto) >= MIN_LETRAS_PAGINA or not palabras
    return sum(1 for p in palabras if p in COMUNES) / len(palabras) >= UMBRAL_COMUNES


def _textos_por_pagina(ruta: Path) -> list[str]:
    from pypdf import PdfReader  # heavy library: imported where used (fast start)

    registro = logging.getLogger("pypdf")
    nivel = registro.level
    registro.setLevel(logging.ERROR)
    try:
        lector = PdfReader(ruta, strict=False)
        if lector.is_encrypted:
            lector.decrypt("")
        salida = []
        for pagina in lector.pages:
            try:
                salida.append(pagina.extract_text() or "")
            except Exception:  # an unreadable page counts as a page without text
                salida.append("")
        return salida
    finally:
        registro.setLevel(nivel)


def _tipo_pdf(ruta: Path) -> str:
    from ocrmypdf.pdfa import file_claims_pdfa  # heavy library: imported where used (fast start)

    try:
        claim = file_claims_pdfa(ruta)
    except Exception:
        return "PDF"
    return str(claim.get("conformance") or "PDF/A").upper() if claim.get("pass") else "PDF"


def _motivo(e: BaseException) -> str:
    """A Spanish reason for an OCRmyPDF failure."""
    from ocrmypdf import exceptions as ex  # heavy library: imported where used (fast start)

    if isinstance(e, ex.EncryptedPdfError):
        return "el PDF está protegido con contraseña; guárdelo sin protección y vuelva a intentarlo"
    if isinstance(e, ex.MissingDependencyError):
        return f"falta un programa del OCR ({str(e).strip() or 'Tesseract'}); instálelo con «{INSTALAR}»"
    if isinstance(e, ex.InputFileError):
        detalle = str(e).strip()
        return ("el PDF está dañado o incompleto (¿se cortó al copiarlo o descargarlo?) y no se pudo leer para el "
                "OCR" + (f": {detalle}" if detalle else "") + "; pida una copia completa")
    if isinstance(e, ex.SubprocessOutputError):
        detalle = str(e).strip().splitlines()[-1:] if str(e).strip() else []
        return "Tesseract no pudo leer una página" + (f" ({detalle[0]})" if detalle else "")
    if isinstance(e, ex.DpiError | ex.UnsupportedImageFormatError):
        return f"la imagen no se pudo preparar para el OCR ({e})"
    if isinstance(e, MemoryError):
        return "no alcanzó la memoria del equipo para reconocer este archivo"
    if type(e).__name__ == "DecompressionBombError":
        return f"el archivo contiene una imagen de más de {LIMITE_MEGAPIXELES:.0f} megapíxeles (límite del OCR)"
    if isinstance(e, ex.ExitCodeException):
        return f"el motor de OCR no pudo procesarlo ({type(e).__name__}: {str(e).strip() or e.exit_code})"
    return f"error inesperado del motor de OCR ({type(e).__name__}: {e})"


def _opciones(hilos: int, ghostscript: bool) -> dict:
    return dict(language=[IDIOMA], output_type="auto", pdfa_backend="auto" if ghostscript else "internal",
                optimize=0, progress_bar=False, jobs=max(1, hilos), max_image_mpixels=LIMITE_MEGAPIXELES,
                tesseract_timeout=TIEMPO_PAGINA_S, invalidate_digital_signatures=False)


def _ocr(entrada: Path, salida: Path, opciones: dict, avisos: list[str]) -> None:
    import ocrmypdf  # heavy library: imported where used (fast start)
    from ocrmypdf import exceptions as ex

    try:
        ocrmypdf.ocr(entrada, salida, **opciones)
    except ex.DigitalSignatureError:
        # The original keeps its signature untouched; the searchable copy cannot.
        opciones = {**opciones, "invalidate_digital_signatures": True}
        ocrmypdf.ocr(entrada, salida, **opciones)
        if not any("firma digital" in a for a in avisos):
            avisos.append("el PDF tiene firma digital: la copia buscable no la conserva (el original sí, intacto)")


@contextlib.contextmanager
def _salidas_intactas() -> Iterator[None]:
    """OCRmyPDF's (disabled) rich progress bar swaps ``sys.stderr`` for a proxy and, with several files at once,
    may leave it swapped: error messages and tracebacks would vanish. Put the process's own streams back."""
    salidas = sys.stdout, sys.stderr
    try:
        yield
    finally:
        sys.stdout, sys.stderr = salidas


def reconocer(origen: Path, destino: Path, *, hilos: int | None = None, trabajo: Path | None = None) -> Reconocimiento:
    """Make ``destino``, a searchable PDF of ``origen`` (a PDF or an image). Raises ``FalloOCR``.

    ``hilos``: pages recognised at the same time (default: one per core). ``trabajo``: a folder for
    intermediate files (default: a temporary one)."""
    if threading.current_thread() is threading.main_thread():
        with _salidas_intactas():
            return _reconocer(origen, destino, hilos=hilos, trabajo=trabajo)
    return _reconocer(origen, destino, hilos=hilos, trabajo=trabajo)


def _reconocer(origen: Path, destino: Path, *, hilos: int | None, trabajo: Path | None) -> Reconocimiento:
    inicio = time.monotonic()
    inst = instalacion()
    if not inst.disponible:
        raise FalloOCR(inst.motivo)
    _silenciar_bibliotecas()
    hilos = hilos or os.cpu_count() or 1
    with contextlib.ExitStack() as pila:
        if trabajo is None:
            trabajo = Path(pila.enter_context(tempfile.TemporaryDirectory(prefix=_prefijo())))
        avisos: list[str] = []
        entrada = origen
        if origen.suffix.lower() in EXTENSIONES_IMAGEN:
            try:
                info = revisar_imagen(origen)
            except ArchivoError as e:
                raise FalloOCR(e.mensaje) from None
            entrada = trabajo / "imagen.pdf"
            _imagen_a_pdf(origen, entrada, info)
            if info.dpi is None:
                avisos.append("la imagen no indica su resolución: se tomó como una página tamaño carta")
        try:
            textos = _textos_por_pagina(entrada)
        except Exception as e:  # pypdf could not read it: let OCRmyPDF (qpdf) try, it repairs more
            log.debug("pypdf no leyó %s: %s", origen.name, e)
            textos = []
        candidatas = [i + 1 for i, t in enumerate(textos) if _letras(t) < MIN_LETRAS_PAGINA]
        con_texto = len(textos) - len(candidatas)
        ghostscript = inst.ghostscript_para_pdfa or (bool(textos) and con_texto == 0)
        opciones = _opciones(hilos, ghostscript)
        primera = trabajo / "primera.pdf"
        try:
            _ocr(entrada, primera, {**opciones, "mode": "skip"}, avisos)
            salida = primera
            leidas = _textos_por_pagina(primera)
            if not textos:
                candidatas = list(range(1, len(leidas) + 1))
            malas = [p for p in candidatas if p <= len(leidas) and not _se_lee(leidas[p - 1])]
            enderezadas: list[int] = []
            if malas:
                segunda = trabajo / "segunda.pdf"
                _ocr(primera, segunda, {**opciones, "mode": "force", "pages": ",".join(map(str, malas)),
                                        "rotate_pages": True, "deskew": True,
                                        "rotate_pages_threshold": UMBRAL_GIRO}, avisos)
                releidas = _textos_por_pagina(segunda)
                mejor = sum(_letras(releidas[p - 1]) for p in malas if _se_lee(releidas[p - 1]))
                antes = sum(_letras(leidas[p - 1]) for p in malas if _se_lee(leidas[p - 1]))
                if mejor > antes:
                    salida, leidas = segunda, releidas
                    enderezadas = [p for p in malas if _se_lee(releidas[p - 1])]
        except FalloOCR:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:
            raise FalloOCR(_motivo(e)) from None
        sin_texto = [p for p in candidatas if p <= len(leidas) and _letras(leidas[p - 1]) < MIN_LETRAS_PAGINA]
        shutil.copyfile(salida, destino)
    return Reconocimiento(tipo_pdf=_tipo_pdf(destino), paginas=len(leidas), reconocidas=candidatas,
                          sin_texto=sin_texto, enderezadas=enderezadas, avisos=avisos,
                          segundos=time.monotonic() - inicio)


# --- a batch in this process ---------------------------------------------------------------------------------------

def _prefijo() -> str:
    return f"{_PREFIJO_TRABAJO}{os.getpid()}-"


def limpiar_trabajos_abandonados() -> int:
    """Remove the work folders of OCR processes that died (killed mid-file). Returns how many."""
    quitadas = 0
    for carpeta in Path(tempfile.gettempdir()).glob(f"{_PREFIJO_TRABAJO}*"):
        try:
            pid = int(carpeta.name[len(_PREFIJO_TRABAJO):].split("-")[0])
        except ValueError:
            continue
        if not pid_alive(pid):
            shutil.rmtree(carpeta, ignore_errors=True)
            quitadas += 1
    return quitadas


@dataclass
class Tarea:
    clave: object  # the caller's identifier (a document id)
    origen: Path
    destino: Path
    paginas: int = 1  # to schedule the largest first and size the progress bar


def procesos_por_omision() -> int:
    return max(1, os.cpu_count() or 1)


def reconocer_lote(tareas: Sequence[Tarea], *, nucleos: int | None = None,
                   ) -> Iterator[tuple[Tarea, Reconocimiento | FalloOCR]]:
    """OCR of every task in this process, yielding each result as it finishes (largest files first).

    With one file, its pages go in parallel, one per core; with several, files run side by side and the cores
    are shared among them (``nucleos`` Tesseracts at a time in all)."""
    nucleos = nucleos or procesos_por_omision()
    if not tareas:
        return
    limpiar_trabajos_abandonados()
    orden = sorted(tareas, key=lambda t: -t.paginas)
    simultaneos = min(nucleos, len(orden))
    hilos = max(1, nucleos // simultaneos)

    def uno(tarea: Tarea) -> Reconocimiento | FalloOCR:
        try:
            return reconocer(tarea.origen, tarea.destino, hilos=hilos)
        except FalloOCR as e:
            return e

    with _salidas_intactas(), ThreadPoolExecutor(max_workers=simultaneos, thread_name_prefix="ocr") as grupo:
        futuros = {grupo.submit(uno, t): t for t in orden}
        try:
            for futuro in as_completed(futuros):
                yield futuros[futuro], futuro.result()
        finally:
            for f in futuros:
                f.cancel()

