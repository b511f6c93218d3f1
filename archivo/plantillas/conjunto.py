"""The template set of an archive: ``plantillas/NOMBRE.docx`` with its schema ``NOMBRE.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archivo.base import formato
from archivo.base.errors import ArchivoError, NoEncontrado
from archivo.base.fsutil import sha256_file
from archivo.base.raiz import Raiz
from archivo.plantillas.esquema import Esquema, cargar_esquema

NOMBRE_MAXIMO = 120  # characters of a template name (file names are limited to 255 bytes)


@dataclass
class Plantilla:
    nombre: str
    docx: Path
    esquema: Esquema

    @property
    def sha256(self) -> str:
        return sha256_file(self.docx)


def rutas_plantillas(raiz: Raiz) -> list[Path]:
    """Every .docx template of the archive (Word's lock files ``~$*.docx`` excluded)."""
    if not raiz.plantillas.is_dir():
        return []
    return sorted(p for p in raiz.plantillas.glob("*.docx") if not p.name.startswith(("~$", ".")))


def ruta_docx(raiz: Raiz, nombre: str) -> Path:
    """The .docx of the template called ``nombre``; ``NoEncontrado`` lists the available ones."""
    nombre = nombre.removesuffix(".docx")
    if "/" in nombre or "\\" in nombre or nombre.startswith("."):
        raise ArchivoError(f"«{nombre}» no es un nombre de plantilla; use el nombre sin carpeta ni extensión.")
    docx = raiz.plantillas / f"{nombre}.docx"
    try:
        existe = len(nombre) <= NOMBRE_MAXIMO and docx.is_file()
    except OSError:  # a name the file system cannot hold (too long, invalid characters)
        existe = False
    if not existe:
        disponibles = ", ".join(p.stem for p in rutas_plantillas(raiz)) or "ninguna"
        mostrado = nombre if len(nombre) <= 60 else f"{nombre[:57]}… ({len(nombre)} caracteres)"
        raise NoEncontrado(f"No existe la plantilla «{mostrado}». Plantillas disponibles: {disponibles}.")
    return docx


def cargar(raiz: Raiz, nombre: str) -> Plantilla:
    """The template called ``nombre`` (file name without .docx) with its validated schema."""
    docx = ruta_docx(raiz, nombre)
    return Plantilla(docx.stem, docx, cargar_esquema(docx.with_suffix(".yaml")))


def entorno_jinja(inhabiles_extra: tuple[str, ...] = ()):
    """The Jinja environment templates render in: the immutable sandbox with a budget per render
    (``limites.EntornoLimitado``), autoescaped, strict about undefined names.

    Filters: Jinja's built-ins, ``formato.FILTROS`` and ``mas_dias_habiles(n)``.
    """
    # heavy library: imported where used (fast start) — Jinja, and limites, which subclasses Jinja's sandbox
    from jinja2 import StrictUndefined

    from archivo.plantillas.limites import EntornoLimitado

    env = EntornoLimitado(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)
    env.filters.update(formato.FILTROS)

    def mas_dias_habiles(valor, dias):
        return formato.sumar_dias_habiles(valor, int(dias), inhabiles_extra)

    env.filters["mas_dias_habiles"] = formato._filtro_seguro(mas_dias_habiles)
    return env
