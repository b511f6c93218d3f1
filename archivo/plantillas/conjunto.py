"""The template set of an archive: ``NOMBRE.docx`` with its schema ``NOMBRE.yaml``, looked up in layers.

The archive's ``plantillas/`` folder comes first (the office's own templates and its edited copies of shipped ones),
then the set shipped with archivo. An edited copy without its own .yaml uses the shipped schema. ``membrete.docx``
(the letterhead) is looked up the same way.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import atomic_write_bytes, sha256_file
from archivo.base.raiz import Raiz, plantillas_incluidas
from archivo.plantillas.esquema import Esquema, cargar_esquema, escribir_esquema, esquema_desde_datos

MEMBRETE = "membrete"  # plantillas/membrete.docx: the letterhead every document is built with
ORIGEN_ARCHIVO = "archivo"
ORIGEN_INCLUIDA = "incluida"
NOMBRE_MAXIMO = 120  # characters of a template name (file names are limited to 255 bytes)


@dataclass
class Plantilla:
    nombre: str
    docx: Path
    esquema: Esquema
    origen: str = ORIGEN_INCLUIDA  # «archivo» (the archive's plantillas/) or «incluida» (shipped with archivo)

    @property
    def sha256(self) -> str:
        return sha256_file(self.docx)


def carpetas(raiz: Raiz) -> list[tuple[str, Path]]:
    """Where templates are looked up, in order: the archive's ``plantillas/``, then the set shipped with archivo."""
    return [(ORIGEN_ARCHIVO, raiz.plantillas), (ORIGEN_INCLUIDA, plantillas_incluidas())]


def _valido(nombre: str) -> bool:
    return not (not nombre or "/" in nombre or "\\" in nombre or nombre.startswith(".") or nombre.startswith("~$"))


def buscar(raiz: Raiz, archivo: str) -> tuple[str, Path] | None:
    """The first of the layers that has ``archivo`` (``oficio.docx``, ``oficio.yaml``…), with its origin."""
    for origen, carpeta in carpetas(raiz):
        ruta = carpeta / archivo
        if ruta.is_file():
            return origen, ruta
    return None


def rutas_plantillas(raiz: Raiz, *, sistema: bool = True) -> list[Path]:
    """Every template's .docx, one per name: the archive's own or edited copy first, else the shipped one.

    Word's lock files (``~$*.docx``) and the membrete are not templates. ``sistema=False`` leaves out the templates
    the program fills by itself (carátula, índice, orden del día, the frames of the reports).
    """
    elegidas: dict[str, Path] = {}
    for _origen, carpeta in carpetas(raiz):
        if not carpeta.is_dir():
            continue
        for ruta in carpeta.glob("*.docx"):
            if _valido(ruta.name) and ruta.stem != MEMBRETE and ruta.stem not in elegidas:
                elegidas[ruta.stem] = ruta
    rutas = sorted(elegidas.values(), key=lambda r: r.stem)
    if not sistema:
        rutas = [r for r in rutas if not _es_de_sistema(raiz, r.stem)]
    return rutas


def _es_de_sistema(raiz: Raiz, nombre: str) -> bool:
    encontrado = buscar(raiz, f"{nombre}.yaml")
    if encontrado is None:
        return False
    try:
        return cargar_esquema(encontrado[1]).sistema
    except EntradaInvalida:
        return False


def ruta_esquema(raiz: Raiz, docx: Path) -> Path:
    """The schema of a template: beside its .docx, or (an edited copy without its own) the shipped one."""
    propio = docx.with_suffix(".yaml")
    if propio.is_file():
        return propio
    encontrado = buscar(raiz, propio.name)
    return encontrado[1] if encontrado else propio


def ruta_docx(raiz: Raiz, nombre: str) -> Path:
    """The .docx of the template called ``nombre`` (the archive's, else the shipped one); ``NoEncontrado`` lists
    the available ones."""
    return _encontrar(raiz, nombre)[1]


def _encontrar(raiz: Raiz, nombre: str) -> tuple[str, Path]:
    nombre = nombre.removesuffix(".docx")
    if not _valido(nombre) or nombre == MEMBRETE:
        raise ArchivoError(f"«{nombre}» no es un nombre de plantilla; use el nombre sin carpeta ni extensión.")
    try:
        encontrado = buscar(raiz, f"{nombre}.docx") if len(nombre) <= NOMBRE_MAXIMO else None
    except OSError:  # a name the file system cannot hold (too long, invalid characters)
        encontrado = None
    if encontrado is None:
        disponibles = ", ".join(p.stem for p in rutas_plantillas(raiz, sistema=False)) or "ninguna"
        mostrado = nombre if len(nombre) <= 60 else f"{nombre[:57]}… ({len(nombre)} caracteres)"
        raise NoEncontrado(f"No existe la plantilla «{mostrado}». Plantillas disponibles: {disponibles}.")
    return encontrado


def cargar(raiz: Raiz, nombre: str) -> Plantilla:
    """The template called ``nombre`` (file name without .docx) with its validated schema."""
    origen, docx = _encontrar(raiz, nombre)
    return Plantilla(docx.stem, docx, _esquema(ruta_esquema(raiz, docx)), origen)


def ruta_membrete(raiz: Raiz) -> Path:
    """The membrete in use: the archive's ``plantillas/membrete.docx`` if it has one, else the shipped one."""
    encontrado = buscar(raiz, f"{MEMBRETE}.docx")
    if encontrado is None:
        raise ArchivoError("No se encontró el membrete (membrete.docx) del juego de plantillas; reinstale archivo.")
    return encontrado[1]


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
