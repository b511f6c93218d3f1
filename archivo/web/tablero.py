"""Tablero: what needs attention today, each line a link.

The sections come from ``archivo.base.pendientes``: each package registers its own (procedures, borradores, jobs,
risks, sessions…), so a package added later appears here without touching this page. ``ENLACES`` turns what a line
is about (``entidad``, ``clave``) into the page that shows it, when the portal has that page.
"""

from __future__ import annotations

from starlette.responses import Response

from archivo import riesgos, sesiones  # noqa: F401 - their sections of the tablero register on import
from archivo.base import pendientes
from archivo.web.nucleo import Peticion

# What a pending line is about → the page that shows it (only used when the portal has a route of that form).
ENLACES = {
    "procedimiento": "/procedimientos/{clave}",
    "documento": "/documentos/{clave}",
    "escaneo": "/escaneos/{clave}",
    "persona": "/personal/{clave}",
    "expediente": "/expedientes/{clave}",
    "trabajo": "/trabajos/{clave}",
    "riesgo": "/riesgos/{clave}",
    "sesion": "/sesiones/{clave}",
    "compromiso": "/compromisos/{clave}",
    "entrada": "/correspondencia/entradas/{clave}",
    "salida": "/correspondencia/salidas/{clave}",
    "archivistica": "/archivistica/expedientes/{clave}",
    "integridad": "/integridad",
}


def enlace(p: Peticion, entidad: str, clave: str) -> str | None:
    patron = ENLACES.get(entidad)
    if not patron or not clave or not p.portal.tiene_pagina(patron):
        return None
    return patron.format(clave=clave)


def inicio(p: Peticion) -> Response:
    resultados = pendientes.reunir(p.cat)
    secciones = []
    for r in resultados:
        lineas = [{"p": x, "url": enlace(p, x.entidad, x.clave)} for x in r.pendientes]
        secciones.append({"seccion": r.seccion, "lineas": lineas, "error": r.error,
                          "vencidos": sum(1 for x in r.pendientes if x.vencido)})
    return p.render("tablero.html", secciones=secciones, cifras=pendientes.cifras(p.cat), titulo="Tablero")
