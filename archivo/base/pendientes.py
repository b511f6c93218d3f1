"""Lo pendiente: what needs attention today, each package contributing its own section.

The portal's tablero (and any other interface) shows ``reunir(cat, hoy)``: for each registered section, its
lines. A package registers a section when it is imported::

    pendientes.registrar(pendientes.Seccion("borradores", "Borradores por emitir", _borradores, orden=20,
                                            vacio="No hay borradores esperando."))

where ``_borradores(cat, hoy) -> list[Pendiente]``. A ``Pendiente`` names what it is about (``entidad`` and
``clave``: «procedimiento» 3, «documento» 12, «riesgo» R-CP-02…) so an interface can link it; it knows nothing of
URLs. A section that fails is shown as failed (with the error logged), never hiding the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

registro = logging.getLogger("archivo")


@dataclass(frozen=True)
class Pendiente:
    texto: str
    entidad: str = ""  # what it is about, for a link: procedimiento, documento, riesgo, sesion, trabajo…
    clave: str = ""
    fecha: str | None = None  # ISO date it is due (or happened)
    vencido: bool = False
    detalle: str = ""


@dataclass(frozen=True)
class Seccion:
    nombre: str
    titulo: str
    funcion: Callable[[Any, date], list[Pendiente]]
    orden: int = 50
    vacio: str = "Nada pendiente."


@dataclass
class Resultado:
    seccion: Seccion
    pendientes: list[Pendiente] = field(default_factory=list)
    error: str | None = None


_SECCIONES: dict[str, Seccion] = {}


def registrar(seccion: Seccion) -> None:
    _SECCIONES[seccion.nombre] = seccion


def secciones() -> list[Seccion]:
    return sorted(_SECCIONES.values(), key=lambda s: (s.orden, s.titulo))


def reunir(cat: Any, hoy: date | None = None) -> list[Resultado]:
    """Every section's lines (a failing section reports its error instead of its lines)."""
    hoy = hoy or date.today()
    salida = []
    for s in secciones():
        try:
            salida.append(Resultado(s, list(s.funcion(cat, hoy))))
        except Exception as e:  # one broken section must not hide the rest of the tablero
            registro.exception("No se pudo reunir lo pendiente de «%s»", s.titulo)
            salida.append(Resultado(s, [], f"No se pudo consultar ({type(e).__name__})."))
    return salida


def cifras(cat: Any) -> dict[str, int]:
    """The archive at a glance (the tablero's four figures)."""
    fila = cat.uno("SELECT (SELECT COUNT(*) FROM personas WHERE situacion = 'activo'), "
                   "(SELECT COUNT(*) FROM procedimientos WHERE estado = 'abierto'), "
                   "(SELECT COUNT(*) FROM documentos WHERE estado = 'emitido'), "
                   "(SELECT COUNT(*) FROM documentos WHERE origen = 'importado')")
    return {"personas": fila[0], "procedimientos": fila[1], "documentos": fila[2], "acervo": fila[3]}
