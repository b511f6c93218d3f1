"""Integridad in the portal (administración): run «verificar» as a background job with its progress (it survives
a reload), then see the missing, altered and orphan files, each with what to do. The check is
``archivo.archivistica.integridad``, the same as «archivo verificar»."""

from __future__ import annotations

from starlette.responses import Response

from archivo.archivistica import integridad
from archivo.base import trabajos
from archivo.web.nucleo import Peticion


def _agrupados(t: trabajos.Trabajo | None) -> list[dict]:
    if t is None or t.estado != "terminado":
        return []
    grupos: dict[str, dict] = {}
    for h in (t.resultado or {}).get("hallazgos", []):
        g = grupos.setdefault(h["categoria"], {"categoria": h["categoria"], "descripcion": h["descripcion"],
                                               "que_hacer": h["que_hacer"], "hallazgos": []})
        g["hallazgos"].append(h)
    orden = list(integridad.CATEGORIAS)
    return sorted(grupos.values(), key=lambda g: orden.index(g["categoria"]) if g["categoria"] in orden else 99)


def inicio(p: Peticion) -> Response:
    t = integridad.ultima_verificacion(p.cat)
    return p.render("integridad.html", t=t, grupos=_agrupados(t), total=integridad.total_archivos(p.cat),
                    categorias=integridad.CATEGORIAS, que_hacer=integridad.QUE_HACER,
                    titulo="Integridad del archivo")


def avance(p: Peticion) -> Response:
    """The part of the page the script refreshes while the verification runs."""
    t = integridad.ultima_verificacion(p.cat)
    return p.render("_integridad_avance.html", t=t)


def verificar(p: Peticion) -> Response:
    activo = integridad.ultima_verificacion(p.cat)
    if activo is not None and activo.activo:
        return p.redirigir("/integridad", "Ya hay una verificación en curso; su avance está abajo.")
    trabajos.encolar(p.cat, integridad.TRABAJO_VERIFICAR, {}, titulo="Verificación del archivo")
    p.portal.avisar_trabajos()
    return p.redirigir("/integridad", "Verificación pedida. Puede cerrar esta página: el trabajo sigue y su avance se guarda.")
