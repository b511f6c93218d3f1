"""Checks for files that arrive from outside (a browser upload): size, type by content (never by the name's
extension), zip bombs (a .docx or .xlsx is a zip package) and oversized images. Each check answers with a Spanish
``Problema`` naming the file, so one bad file is reported without stopping the others.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from archivo.base.errors import Problema

MB = 1024 * 1024
NOMBRES_TIPO = {"pdf": "PDF", "docx": "documento de Word (.docx)", "xlsx": "libro de Excel (.xlsx)",
                "txt": "texto", "csv": "texto separado por comas (.csv)", "png": "imagen PNG",
                "jpeg": "imagen JPEG", "zip": "archivo ZIP", "otro": "archivo de otro tipo"}
EXTENSIONES = {"pdf": {".pdf"}, "docx": {".docx"}, "xlsx": {".xlsx", ".xlsm"}, "txt": {".txt"}, "csv": {".csv"},
               "png": {".png"}, "jpeg": {".jpg", ".jpeg"}}

# A package that unpacks to more than this, has more entries, or compresses better than this ratio is refused:
# real Word and Excel files stay far below (a 300-page .docx unpacks to a few tens of MB).
MAX_DESCOMPRIMIDO = 300 * MB
MAX_ENTRADAS = 10_000
MAX_RAZON = 150
MAX_PIXELES = 40_000_000  # about 7,300 × 5,500: a page scanned at 600 ppp fits; a decompression bomb does not


def tipo_por_contenido(ruta: Path) -> str:
    """What the file is, from its first bytes (and, for zip packages, their parts): pdf, docx, xlsx, zip, png,
    jpeg, txt (text without NUL bytes, UTF-8 or Windows-1252) or otro."""
    with open(ruta, "rb") as f:
        inicio = f.read(8192)
    if inicio.startswith(b"%PDF-") or b"%PDF-" in inicio[:1024]:
        return "pdf"
    if inicio.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(ruta) as z:
                nombres = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "otro"
        if "word/document.xml" in nombres:
            return "docx"
        if "xl/workbook.xml" in nombres:
            return "xlsx"
        return "zip"
    if inicio.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if inicio.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if b"\x00" in inicio:
        return "otro"
    for codificacion in ("utf-8", "cp1252"):
        try:
            inicio.decode(codificacion)
            return "txt"
        except UnicodeDecodeError as e:
            if codificacion == "utf-8" and e.start >= len(inicio) - 4:  # a character cut by the 8 KB window
                return "txt"
    return "otro"


def problemas_zip(ruta: Path, nombre: str) -> list[Problema]:
    """A .docx/.xlsx that would unpack to an absurd size (a «zip bomb») or is not a readable package."""
    try:
        with zipfile.ZipFile(ruta) as z:
            entradas = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [Problema(nombre, "el archivo está dañado (no se puede abrir su paquete)",
                         "ábralo en Word o Excel y guárdelo de nuevo")]
    total = sum(e.file_size for e in entradas)
    comprimido = max(1, sum(e.compress_size for e in entradas))
    if len(entradas) > MAX_ENTRADAS or total > MAX_DESCOMPRIMIDO or total / comprimido > MAX_RAZON:
        return [Problema(nombre, f"se rechazó: al abrirlo ocuparía {total // MB} MB en {len(entradas)} partes, "
                         "algo que un documento real no hace (posible archivo malicioso)",
                         "si es un documento legítimo, ábralo y guárdelo de nuevo, o divídalo")]
    return []


def problemas_imagen(ruta: Path, nombre: str) -> list[Problema]:
    """An image too large to handle (by pixels, read from its header without decoding it)."""
    # heavy library: imported where used (fast start)
    from PIL import Image

    try:
        with Image.open(ruta) as imagen:
            ancho, alto = imagen.size
    except Exception:  # noqa: BLE001 - Pillow raises many types (and DecompressionBombError) for bad images
        return [Problema(nombre, "la imagen está dañada o es demasiado grande para abrirla",
                         "guárdela de nuevo como PNG o JPEG de menor tamaño")]
    if ancho * alto > MAX_PIXELES:
        return [Problema(nombre, f"la imagen mide {ancho} × {alto} píxeles, más de lo que se admite",
                         "redúzcala (p. ej. a 2,000 píxeles de ancho) y vuelva a enviarla")]
    return []


def revisar(ruta: Path, nombre: str, *, permitidos: set[str], max_bytes: int) -> tuple[str, list[Problema]]:
    """(type by content, problems) of an uploaded file: its size, whether its type is one of ``permitidos``, and
    for packages and images their specific dangers. The name's extension only matters if it contradicts the
    content (a Word document called «acuerdo.pdf» is reported, so the archive never files it under a false name)."""
    tamano = ruta.stat().st_size
    if tamano > max_bytes:
        return "otro", [Problema(nombre, f"pesa {tamano / MB:.1f} MB y el límite es {max_bytes // MB} MB",
                                 "envíe un archivo más pequeño (p. ej. un PDF comprimido)")]
    if tamano == 0:
        return "otro", [Problema(nombre, "el archivo está vacío", "revise que se haya guardado bien")]
    tipo = tipo_por_contenido(ruta)
    if tipo == "txt" and Path(nombre).suffix.lower() == ".csv":
        tipo = "csv"
    if tipo not in permitidos:
        aceptados = ", ".join(NOMBRES_TIPO[t] for t in sorted(permitidos))
        return tipo, [Problema(nombre, f"su contenido es {_articulo(tipo)}, que aquí no se admite",
                               f"se aceptan: {aceptados}")]
    sufijo = Path(nombre).suffix.lower()
    esperados = EXTENSIONES.get(tipo, set())
    if sufijo and esperados and sufijo not in esperados and not (tipo == "txt" and sufijo in (".csv", ".txt")):
        return tipo, [Problema(nombre, f"el nombre termina en «{sufijo}» pero su contenido es {_articulo(tipo)}",
                               f"cámbiele la extensión a «{sorted(esperados)[0]}» y vuelva a enviarlo")]
    if tipo in ("docx", "xlsx", "zip"):
        return tipo, problemas_zip(ruta, nombre)
    if tipo in ("png", "jpeg"):
        return tipo, problemas_imagen(ruta, nombre)
    return tipo, []


def _articulo(tipo: str) -> str:
    nombre = NOMBRES_TIPO[tipo]
    return f"una {nombre}" if nombre.startswith("imagen") else f"un {nombre}"


def nombre_seguro(nombre: str) -> list[str]:
    """The parts of an uploaded file's relative name (a folder upload sends «carpeta/sub/a.pdf») that are safe to
    use under a folder of ours: no empty, «.», «..», hidden or absolute parts, no backslashes."""
    partes = [p.strip() for p in nombre.replace("\\", "/").split("/")]
    limpias = [p for p in partes if p and p not in (".", "..") and not p.startswith(".")]
    return [p[:180] for p in limpias] or ["archivo"]
