"""The template set of an archive: ``plantillas/NOMBRE.docx`` with its schema ``NOMBRE.yaml``."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import atomic_write_bytes, sha256_file
from archivo.base.raiz import Raiz
from archivo.plantillas.esquema import Esquema, cargar_esquema, escribir_esquema, esquema_desde_datos

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
    return Plantilla(docx.stem, docx, _esquema(docx.with_suffix(".yaml")))


_esquemas: dict[Path, tuple[tuple[int, int], Esquema]] = {}


def _esquema(ruta: Path) -> Esquema:
    """The schema of ``ruta``, read again only when the file changes (a portal loads it on every form and issue;
    parsing the YAML cost more than rendering the document)."""
    try:
        estado = ruta.stat()
    except OSError:
        return cargar_esquema(ruta)  # reports the missing schema
    firma = (estado.st_mtime_ns, estado.st_size)
    guardado = _esquemas.get(ruta)
    if guardado is not None and guardado[0] == firma:
        return copy.deepcopy(guardado[1])
    esquema = cargar_esquema(ruta)
    _esquemas[ruta] = (firma, esquema)
    return copy.deepcopy(esquema)


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


NOMBRE_PLANTILLA = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def instalar(raiz: Raiz, nombre: str, docx: bytes, esquema: dict[str, Any]) -> Plantilla:
    """Add a new template to the archive's set: ``NOMBRE.docx`` and its schema ``NOMBRE.yaml``, both checked first
    (the name, the schema) and written atomically; an existing template is never replaced."""
    problemas = []
    if not NOMBRE_PLANTILLA.match(nombre or ""):
        problemas.append(Problema("nombre", f"«{nombre}» no sirve como nombre de plantilla",
                                  "minúsculas sin acentos, números y guiones, p. ej. oficio-comision"))
    elif (raiz.plantillas / f"{nombre}.docx").exists() or (raiz.plantillas / f"{nombre}.yaml").exists():
        problemas.append(Problema("nombre", f"ya existe la plantilla «{nombre}»", "elija otro nombre"))
    if problemas:
        raise EntradaInvalida("No se agregó la plantilla:", problemas)
    esquema_desde_datos(dict(esquema, nombre=nombre), f"{nombre}.yaml", nombre)  # every problem before writing
    raiz.plantillas.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(raiz.plantillas / f"{nombre}.docx", docx, overwrite=False)
    try:
        escribir_esquema(raiz.plantillas / f"{nombre}.yaml", dict(esquema, nombre=nombre))
    except BaseException:
        (raiz.plantillas / f"{nombre}.docx").unlink(missing_ok=True)
        raise
    return cargar(raiz, nombre)
