"""Trabajos en segundo plano: a job's page with its progress bar (which survives a reload), its result, and the
list of one's jobs. Each job type may have its own result partial ``trabajos/_TIPO.html``."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateNotFound
from starlette.responses import JSONResponse, Response

from archivo.base import trabajos
from archivo.base.errors import ArchivoError
from archivo.base.fsutil import safe_join
from archivo.web.nucleo import Peticion, archivo, pagina_error


def _propio(p: Peticion, trabajo: trabajos.Trabajo) -> bool:
    return trabajo.usuario == p.usuario.usuario or p.puede("administracion")


def _obtener(p: Peticion) -> trabajos.Trabajo | Response:
    t = trabajos.obtener(p.cat, p.param("id"))
    if not _propio(p, t):
        return pagina_error(p.portal, p.request, 403, "Este trabajo lo inició otra persona; solo ella y "
                            "administración pueden verlo.", usuario=p.usuario)
    return t


def parcial_resultado(p: Peticion, t: trabajos.Trabajo) -> str | None:
    nombre = f"trabajos/_{t.tipo}.html"
    try:
        p.portal.entorno.get_template(nombre)
    except TemplateNotFound:
        return None
    return nombre


def ver(p: Peticion) -> Response:
    t = _obtener(p)
    if isinstance(t, Response):
        return t
    if p.request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({k: v for k, v in t.como_dict().items() if k != "parametros"})
    return p.render("trabajo.html", fragmento="_trabajo.html", t=t, parcial=parcial_resultado(p, t),
                    titulo=t.titulo)


def cancelar(p: Peticion) -> Response:
    t = _obtener(p)
    if isinstance(t, Response):
        return t
    try:
        trabajos.pedir_cancelacion(p.cat, t.id)
    except ArchivoError as e:
        p.mensaje(e.mensaje, "aviso")
        return p.redirigir(f"/trabajos/{t.id}")
    return p.redirigir(f"/trabajos/{t.id}", "Se pidió cancelar el trabajo; lo ya hecho se conserva.")


def lista(p: Peticion) -> Response:
    todos = p.puede("administracion") and p.query("todos") == "1"
    filas = trabajos.lista(p.cat, usuario=None if todos else p.usuario.usuario, limite=100)
    return p.render("trabajos.html", trabajos=filas, todos=todos, titulo="Trabajos en segundo plano")


def archivo_producido(p: Peticion) -> Response:
    """A file a job produced in its own folder (a preview PDF), by job id and the name the job recorded."""
    t = _obtener(p)
    if isinstance(t, Response):
        return t
    nombre = (t.resultado or {}).get("archivo")
    if t.estado != "terminado" or not nombre:
        return pagina_error(p.portal, p.request, 404, "Este trabajo no produjo un archivo para descargar.",
                            usuario=p.usuario)
    ruta = safe_join(trabajos.carpeta(p.raiz, t.id), Path(str(nombre)).name)
    return archivo(ruta, (t.resultado or {}).get("nombre_descarga") or ruta.name,
                   en_linea=ruta.suffix.lower() == ".pdf")
