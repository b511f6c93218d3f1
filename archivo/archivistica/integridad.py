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
from datetime import date, datetime, timedelta
from typing import Any

from archivo.archivistica import expedientes as exps
from archivo.base import configuracion, pendientes, trabajos
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


# What to do about each kind of finding (shown beside them in the portal).
QUE_HACER = {
    "catalogo": "Nada se escribe en el catálogo mientras esté dañado. Restaure el respaldo más reciente en una carpeta "
                "nueva («archivo respaldo restaurar») y trabaje desde ella; sin respaldo, «archivo recuperar» lo "
                "reconstruye desde los documentos. Avise a quien administra el sistema.",
    "configuracion": "Corrija archivo.toml (en el portal, la página de configuración; o con un editor de texto) y "
                     "vuelva a verificar.",
    "faltante": "Restaure el archivo desde el respaldo más reciente, en la misma ruta. Si no hay respaldo, avise a "
                "quien administra el sistema: el registro queda señalado y no se borra.",
    "alterado": "El archivo cambió después de archivarse. Restaure del respaldo la versión cuyo SHA-256 coincide con "
                "el registrado; si hacía falta corregir el documento, emita uno nuevo que lo sustituya en lugar de "
                "modificar el archivado.",
    "huerfano": "El catálogo no conoce este archivo. Si es un documento válido, sáquelo del expediente e impórtelo "
                "(Importar); si lo dejó un proceso interrumpido, puede borrarlo.",
    "sin_archivo": "El documento quedó registrado sin su archivo: restaure el archivo desde el respaldo o cancele el "
                   "documento con su motivo.",
}
DIAS_SIN_VERIFICAR = 30  # the tablero reminds to verify after this many days


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


# --- verificar as a background job (the portal) and its line on the tablero -------------------------------------

TRABAJO_VERIFICAR = "verificar"


def _trabajo_verificar(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    """Re-hash every file, with its progress; the findings (and what to do about each) are the result."""
    total = total_archivos(cat)
    avance(hechos=0, total=total, mensaje=f"Verificando {total} archivos…")
    hallazgos = verificar(cat, lambda n: avance.sumar(n))
    avance(hechos=total, forzar=True)
    mensaje = (f"Todo en orden: {total} archivos verificados, sin hallazgos." if not hallazgos else
               f"Se verificaron {total} archivos: {len(hallazgos)} "
               f"{'hallazgo' if len(hallazgos) == 1 else 'hallazgos'}.")
    return {"mensaje": mensaje, "archivos": total,
            "hallazgos": [h.como_dict() | {"que_hacer": QUE_HACER[h.categoria]} for h in hallazgos]}


trabajos.registrar_tipo(TRABAJO_VERIFICAR, _trabajo_verificar, titulo="Verificación del archivo", en_proceso=True)


def ultima_verificacion(cat: Catalogo) -> trabajos.Trabajo | None:
    """The latest verification asked for (running, or ended), or None."""
    fila = cat.uno("SELECT id FROM trabajos WHERE tipo = ? ORDER BY id DESC LIMIT 1", (TRABAJO_VERIFICAR,))
    return trabajos.obtener(cat, fila["id"]) if fila else None


def _pendientes(cat: Catalogo, hoy: date) -> list[pendientes.Pendiente]:
    """The findings of the latest verification, or a reminder when the archive has not been verified lately."""
    ultima = cat.uno("SELECT id, terminado, resultado FROM trabajos WHERE tipo = ? AND estado = 'terminado' "
                     "ORDER BY id DESC LIMIT 1", (TRABAJO_VERIFICAR,))
    if ultima is None:
        return [pendientes.Pendiente("El archivo no se ha verificado desde el portal", "integridad", "archivo",
                                     detalle="Verifique que cada archivo siga íntegro (SHA-256).")]
    t = trabajos.obtener(cat, ultima["id"])
    hallazgos = (t.resultado or {}).get("hallazgos", [])
    salida = [pendientes.Pendiente(f"{h['descripcion']}: {h['ruta']}", "integridad", str(t.id), (t.terminado or "")[:10],
                                   True, h["que_hacer"]) for h in hallazgos[:20]]
    terminado = datetime.fromisoformat(t.terminado).date() if t.terminado else hoy
    if not hallazgos and hoy - terminado > timedelta(days=DIAS_SIN_VERIFICAR):
        salida.append(pendientes.Pendiente(f"Última verificación del archivo: hace {(hoy - terminado).days} días",
                                           "integridad", str(t.id), terminado.isoformat(), False,
                                           "Conviene verificarlo al menos una vez al mes."))
    return salida


pendientes.registrar(pendientes.Seccion("integridad", "Integridad del archivo", _pendientes, orden=90,
                                        vacio="La última verificación no encontró problemas."))
