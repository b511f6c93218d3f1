"""The archive's copies of shipped templates: which the office edited, which are stock, which archivo changed.

An archive uses the templates shipped with archivo unless its ``plantillas/`` folder has its own file of the same
name (``conjunto``: layered lookup). ``copiar`` puts a shipped template (or the membrete) there to be edited in
Word. ``estado`` compares every such copy by SHA-256 with ``plantillas/versiones.json`` — the SHA-256 of every
version of every shipped file archivo ever had:

* **sin cambios**: the copy is the shipped file of this version;
* **versión anterior**: the copy is a shipped file of an older version, never edited: a newer archivo changed it;
* **editada**: the copy is no shipped version — the office edited it;
* **propia**: a template of the office that archivo does not ship.

``actualizar`` brings the unedited copies up to date and never replaces an edited one without ``forzar``; every
replaced file is kept in ``plantillas/anteriores/`` with the date in its name. Each change is in the audit log.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, NoEncontrado
from archivo.base.fsutil import atomic_write_bytes, sha256_file
from archivo.base.raiz import Raiz, plantillas_incluidas
from archivo.plantillas.conjunto import MEMBRETE

VERSIONES = "versiones.json"
ANTERIORES = "anteriores"
SIN_CAMBIOS, ANTERIOR, EDITADA, PROPIA = "sin cambios", "versión anterior", "editada", "propia"
DESCRIPCION = {
    SIN_CAMBIOS: "igual a la incluida en esta versión de archivo",
    ANTERIOR: "sin editar, de una versión anterior de archivo: «archivo plantillas actualizar» la pone al día",
    EDITADA: "editada por la oficina: se usa la suya; «actualizar» no la toca sin --forzar",
    PROPIA: "plantilla propia de la oficina (archivo no trae una con ese nombre)",
}


@dataclass(frozen=True)
class Estado:
    """One file of the archive's ``plantillas/`` folder compared with the shipped set."""

    nombre: str  # template name («oficio», «membrete»)
    archivo: str  # file name («oficio.docx», «oficio.yaml»)
    estado: str  # SIN_CAMBIOS, ANTERIOR, EDITADA or PROPIA
    sha256: str
    sha256_incluida: str | None  # the shipped file of this version (None: archivo ships none)

    @property
    def actualizable(self) -> bool:
        return self.estado in (ANTERIOR, EDITADA) and self.sha256_incluida is not None

    def como_dict(self) -> dict[str, Any]:
        return {"nombre": self.nombre, "archivo": self.archivo, "estado": self.estado,
                "descripcion": DESCRIPCION[self.estado], "sha256": self.sha256,
                "sha256_incluida": self.sha256_incluida}


@lru_cache(maxsize=4)
def _versiones(carpeta: str) -> dict[str, frozenset[str]]:
    ruta = Path(carpeta) / VERSIONES
    try:
        datos = json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {nombre: frozenset(hashes) for nombre, hashes in datos.get("archivos", {}).items()}


def versiones_conocidas() -> dict[str, frozenset[str]]:
    """File name -> SHA-256 of every version archivo has shipped of it (``plantillas/versiones.json``)."""
    return _versiones(str(plantillas_incluidas()))


def _archivos_propios(raiz: Raiz) -> list[Path]:
    if not raiz.plantillas.is_dir():
        return []
    return sorted(p for p in raiz.plantillas.iterdir()
                  if p.is_file() and p.suffix.lower() in (".docx", ".yaml") and not p.name.startswith(("~$", ".")))


def estado(raiz: Raiz) -> list[Estado]:
    """Every template file of the archive's ``plantillas/`` folder, compared by SHA-256 with the shipped set."""
    incluidas = plantillas_incluidas()
    conocidas = versiones_conocidas()
    salida = []
    for ruta in _archivos_propios(raiz):
        sha = sha256_file(ruta)
        enviada = incluidas / ruta.name
        actual = sha256_file(enviada) if enviada.is_file() else None
        if actual is None and ruta.name not in conocidas:
            situacion = PROPIA
        elif sha == actual:
            situacion = SIN_CAMBIOS
        elif sha in conocidas.get(ruta.name, frozenset()):
            situacion = ANTERIOR
        else:
            situacion = EDITADA
        salida.append(Estado(ruta.stem, ruta.name, situacion, sha, actual))
    return salida


@dataclass(frozen=True)
class Cambio:
    archivo: str
    accion: str  # «actualizada», «reemplazada», «sin tocar», «copiada»
    detalle: str
    anterior: str | None = None  # where the replaced file was kept (relative to the archive)


def _guardar_anterior(raiz: Raiz, ruta: Path) -> Path:
    carpeta = raiz.plantillas / ANTERIORES
    carpeta.mkdir(exist_ok=True)
    marca = datetime.now().strftime("%Y%m%d-%H%M%S")
    destino = carpeta / f"{ruta.stem}-{marca}{ruta.suffix}"
    n = 2
    while destino.exists():
        destino = carpeta / f"{ruta.stem}-{marca}-{n}{ruta.suffix}"
        n += 1
    os.replace(ruta, destino)
    return destino


def actualizar(cat: Catalogo, *, forzar: bool = False) -> list[Cambio]:
    """Bring the copies of shipped templates up to date: unedited old versions always, edited ones only with
    ``forzar``. A replaced file is kept in ``plantillas/anteriores/``. Returns what happened to each copy."""
    raiz = cat.raiz
    incluidas = plantillas_incluidas()
    cambios: list[Cambio] = []
    with cat.transaccion("actualizar plantillas") as tx:
        for e in estado(raiz):
            if e.estado in (SIN_CAMBIOS, PROPIA):
                continue
            if e.estado == EDITADA and not forzar:
                cambios.append(Cambio(e.archivo, "sin tocar", "la editó la oficina; para reemplazarla por la "
                                      "incluida use --forzar (la suya se guarda en plantillas/anteriores/)"))
                continue
            ruta = raiz.plantillas / e.archivo
            datos = (incluidas / e.archivo).read_bytes()
            guardada = _guardar_anterior(raiz, ruta)
            atomic_write_bytes(ruta, datos, overwrite=False)
            accion = "actualizada" if e.estado == ANTERIOR else "reemplazada"
            tx.registrar("plantilla", e.archivo, {"sha256": e.sha256, "estado": e.estado},
                         {"sha256": e.sha256_incluida, "anterior": raiz.relativa(guardada)}, accion=accion)
            cambios.append(Cambio(e.archivo, accion, "ahora es la incluida en esta versión de archivo",
                                  raiz.relativa(guardada)))
    return cambios


def copiar(cat: Catalogo, nombre: str, *, con_esquema: bool = False) -> list[Path]:
    """Copy a shipped template (``NOMBRE.docx``, and its schema with ``con_esquema``) or the membrete into the
    archive's ``plantillas/`` to edit it in Word. Never overwrites a file the archive already has."""
    raiz = cat.raiz
    nombre = nombre.removesuffix(".docx").removesuffix(".yaml")
    incluidas = plantillas_incluidas()
    origen = incluidas / f"{nombre}.docx"
    if "/" in nombre or "\\" in nombre or nombre.startswith(".") or not origen.is_file():
        disponibles = ", ".join(sorted(p.stem for p in incluidas.glob("*.docx")))
        raise NoEncontrado(f"archivo no trae una plantilla «{nombre}». Incluidas: {disponibles}.")
    archivos = [origen]
    if con_esquema and nombre != MEMBRETE:
        archivos.append(incluidas / f"{nombre}.yaml")
    existentes = [raiz.plantillas / a.name for a in archivos if (raiz.plantillas / a.name).exists()]
    if existentes:
        raise ArchivoError(f"El archivo ya tiene {', '.join(p.name for p in existentes)} en plantillas/; edítelo "
                           "ahí (no se sobrescribe). «archivo plantillas estado» dice si está editado.")
    raiz.plantillas.mkdir(exist_ok=True)
    copiados = []
    with cat.transaccion("copiar plantilla") as tx:
        for a in archivos:
            destino = raiz.plantillas / a.name
            atomic_write_bytes(destino, a.read_bytes(), overwrite=False)
            tx.registrar("plantilla", a.name, None, {"sha256": sha256_file(destino), "copiada": "de las incluidas"},
                         accion="copiar plantilla")
            copiados.append(destino)
    return copiados
