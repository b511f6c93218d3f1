"""The template set of an archive: ``plantillas/NOMBRE.docx`` with its schema ``NOMBRE.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archivo.base import formato
from archivo.base.errors import ArchivoError, NoEncontrado
from archivo.base.fsutil import sha256_file
from archivo.base.raiz import Raiz
from archivo.plantillas.esquema import Esquema, cargar_esquema


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


def cargar(raiz: Raiz, nombre: str) -> Plantilla:
    """The template called ``nombre`` (file name without .docx) with its validated schema."""
    nombre = nombre.removesuffix(".docx")
    if "/" in nombre or "\\" in nombre or nombre.startswith("."):
        raise ArchivoError(f"«{nombre}» no es un nombre de plantilla; use el nombre sin carpeta ni extensión.")
    docx = raiz.plantillas / f"{nombre}.docx"
    if not docx.is_file():
        disponibles = ", ".join(p.stem for p in rutas_plantillas(raiz)) or "ninguna"
        raise NoEncontrado(f"No existe la plantilla «{nombre}». Plantillas disponibles: {disponibles}.")
    return Plantilla(nombre, docx, cargar_esquema(docx.with_suffix(".yaml")))


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
