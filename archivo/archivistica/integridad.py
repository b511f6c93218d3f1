"""`archivo verificar`: check the catalog with SQLite, re-hash every file it knows and look for what does not add up.

Findings: damage in the catalog itself (``PRAGMA integrity_check``), problems of archivo.toml
(``configuracion.revisar``: wrong values and example values left), files missing or altered (SHA-256 differs from
the one recorded), orphan files in the expedientes and the acervo that the catalog does not know (a ``.tmp-*`` file
is skipped only while a running writer's journal names it), and documents whose file the catalog does not have.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from archivo.archivistica import expedientes as exps
from archivo.base import configuracion
from archivo.base.catalogo import Catalogo, EstadoCatalogo
from archivo.base.errors import EntradaInvalida, SinPermiso
from archivo.base.fsutil import sha256_file

CATEGORIAS = {
    "catalogo": "El catálogo está dañado (comprobación de integridad de SQLite)",
    "configuracion": "Problema de configuración (archivo.toml)",
    "faltante": "Archivo registrado que no existe",
    "alterado": "Archivo cuyo contenido cambió (SHA-256 distinto)",
    "huerfano": "Archivo que el catálogo no conoce",
    "sin_archivo": "Documento del catálogo sin archivo",
}


@dataclass
class Hallazgo:
    categoria: str
    ruta: str
    detalle: str

    def como_dict(self) -> dict[str, str]:
        return {"categoria": self.categoria, "descripcion": CATEGORIAS[self.categoria], "ruta": self.ruta,
                "detalle": self.detalle}


def verificar(cat: Catalogo, avanzar: Callable[[int], None] | None = None) -> list[Hallazgo]:
    """All findings (empty list: the archive is sound)."""
    estado = cat.comprobar(rapida=False)
    if not estado.correcto:
        return hallazgos_del_catalogo(cat, estado)
    try:
        return _verificar_archivos(cat, avanzar)
    except sqlite3.DatabaseError as e:  # damage the integrity check did not see (a page read only now)
        return [Hallazgo("catalogo", str(cat.raiz.catalogo_path), f"SQLite no pudo leerlo: {e}")]


def hallazgos_del_catalogo(cat: Catalogo, estado: EstadoCatalogo) -> list[Hallazgo]:
    ruta = str(cat.raiz.catalogo_path)
    return [Hallazgo("catalogo", ruta, p) for p in estado.problemas] or [
        Hallazgo("catalogo", ruta, "SQLite informa daño sin detalle")]


def _verificar_archivos(cat: Catalogo, avanzar: Callable[[int], None] | None) -> list[Hallazgo]:
    raiz = cat.raiz
    hallazgos = [Hallazgo("configuracion", p.lugar, f"{p.mensaje} ({p.sugerencia})" if p.sugerencia else p.mensaje)
                 for p in configuracion.revisar(raiz.archivo_toml)]
    try:
        cat.recuperar()  # roll back what an interrupted writer left
        # Carátulas/índices a crash may have left stale; if archivo.toml cannot be read (reported above), they are
        # regenerated once it is fixed.
        with contextlib.suppress(EntradaInvalida):
            exps.regenerar_pendientes(cat)
    except SinPermiso:
        pass  # a user who may only read still gets the check of what is there
    en_curso = cat.temporales_en_curso()
    filas = cat.todos("SELECT id, ruta, sha256, tipo FROM archivos ORDER BY ruta")
    conocidas = set()
    for fila in filas:
        conocidas.add(fila["ruta"])
        ruta = raiz.ruta / fila["ruta"]
        if not ruta.is_file():
            hallazgos.append(Hallazgo("faltante", fila["ruta"], f"{fila['tipo']} registrado sin archivo en disco"))
        elif sha256_file(ruta) != fila["sha256"]:
            hallazgos.append(Hallazgo("alterado", fila["ruta"],
                                      f"SHA-256 registrado {fila['sha256'][:16]}…, en disco {sha256_file(ruta)[:16]}…"))
        if avanzar:
            avanzar(1)
    for carpeta in (raiz.expedientes, raiz.acervo):
        if not carpeta.is_dir():
            continue
        for ruta in sorted(carpeta.rglob("*")):
            if ruta.is_dir():
                continue
            rel = raiz.relativa(ruta)
            if rel not in conocidas and rel not in en_curso:
                hallazgos.append(Hallazgo("huerfano", rel, "no está en el catálogo"))
    for fila in cat.todos("SELECT id, folio, estado FROM documentos WHERE archivo_id IS NULL"):
        hallazgos.append(Hallazgo("sin_archivo", fila["folio"] or f"#{fila['id']}",
                                  f"documento {fila['estado']} sin archivo registrado"))
    return hallazgos


def total_archivos(cat: Catalogo) -> int:
    return int(cat.uno("SELECT COUNT(*) FROM archivos")[0])
