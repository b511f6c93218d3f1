"""Historial in the portal (administración and emisión): the audit log filtered by dates, user, kind of record and
key, each change told in words (before → after) with Spanish dates, newest first and paged. The page reads
``archivo.base.historial`` (the same reading the CLI prints)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.responses import Response

from archivo import compromisos, pat, riesgos, sesiones  # noqa: F401 - their records register how they read
from archivo.base import historial
from archivo.base.errors import EntradaInvalida
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion

ETIQUETAS = {"desde": "Desde", "hasta": "Hasta", "usuario": "Usuario", "entidad": "Qué", "clave": "Clave",
             "accesos": "Incluir las entradas y salidas del portal"}

# What a record is about → the page that shows it (only when the portal has it): (pattern, how to get the key).
_CODIGO_RIESGO = re.compile(r"^(R-[A-Z]{1,6}-\d{1,4})")
ENLACES = {
    "sesion": ("/sesiones/{clave}", str),
    "compromiso": ("/compromisos/{clave}", str),
    "riesgo": ("/riesgos/{clave}", str),
    "evaluacion de riesgo": ("/riesgos/{clave}", lambda c: (_CODIGO_RIESGO.match(c) or [None])[0]),
    "accion de riesgo": ("/riesgos/{clave}", lambda c: (_CODIGO_RIESGO.match(c) or [None])[0]),
    "trabajo": ("/trabajos/{clave}", str),
    "persona": ("/personal/{clave}", str),
    "procedimiento": ("/procedimientos/{clave}", str),
}


def _enlace(p: Peticion, r: historial.Registro) -> str | None:
    regla = ENLACES.get(r.entidad)
    if regla is None or not r.clave or not p.portal.tiene_pagina(regla[0]):
        return None
    clave = regla[1](r.clave)
    return regla[0].format(clave=clave) if clave else None


def lista(p: Peticion) -> Response:
    filtros = {k: p.query(k) for k in ETIQUETAS}
    f = Formulario(filtros, ETIQUETAS)
    pagina = p.entero("pagina", 1)
    consulta = historial.Consulta([], pagina, False)
    try:
        consulta = historial.consultar(p.cat, desde=filtros["desde"] or None, hasta=filtros["hasta"] or None,
                                       usuario=filtros["usuario"] or None, entidad=filtros["entidad"] or None,
                                       clave=filtros["clave"] or None, pagina=pagina,
                                       sin_accesos=filtros["accesos"] != "1")
    except EntradaInvalida as e:
        f.desde_error(e)
    registros = [{"r": r, "url": _enlace(p, r)} for r in consulta.registros]
    return p.render("historial.html", estado=200 if f.valido else 400, f=f, registros=registros,
                    consulta=consulta, usuarios=[(u, u) for u in historial.usuarios(p.cat)],
                    entidades=historial.entidades(p.cat), filtros=filtros,
                    consulta_url=urlencode({k: v for k, v in filtros.items() if v}), titulo="Historial de cambios")
