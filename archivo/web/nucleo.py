"""What every page of the portal shares: the route declaration with its role, who is logged in, the CSRF check,
rendering, flash messages, file responses and the Spanish error pages.

A page is a plain (synchronous) function ``pagina(p: Peticion) -> Response``: the route wrapper (``manejador``) has
already checked the session, the role the route declares, the request size and, for a POST, the CSRF token; it runs
the page in a worker thread with a catalog connection of that thread whose «quién» is the logged-in user.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import re
import secrets
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import URL, FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from archivo import cuentas
from archivo.base import formato
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.raiz import Raiz
from archivo.base.trabajos import Ejecutor
from archivo.base.valores import problema_texto
from archivo.busqueda.fragmentos import MARCA_INICIO

registro = logging.getLogger("archivo.web")

LIMITE_FORMULARIO = 2 * 1024 * 1024  # bytes of a request body without uploads
CAMPO_CSRF = "_csrf"
COOKIE_SESION = "archivo_sesion"


@dataclass(frozen=True)
class Ruta:
    """One route of the portal and the role it requires (``None``: public, e.g. the login page)."""

    ruta: str
    pagina: Callable[[Peticion], Response]
    rol: str | None
    metodos: tuple[str, ...] = ("GET",)
    limite: int = LIMITE_FORMULARIO  # largest request body accepted (uploads declare theirs)
    archivos: int = 20  # most files one request may upload

    @property
    def nombre(self) -> str:
        return f"{self.pagina.__module__.rsplit('.', 1)[-1]}.{self.pagina.__name__}"


@dataclass(frozen=True)
class Enlace:
    """An entry of the navigation bar, shown only to roles that may use it."""

    etiqueta: str
    url: str
    rol: str
    prefijo: str = ""  # paths under it mark the entry as current


class CuerpoDemasiadoGrande(Exception):
    def __init__(self, limite: int) -> None:
        super().__init__(limite)
        self.limite = limite


def tamano_legible(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, n // 1024)} KB"


class Portal:
    """The application's state: the archive, templates, the job executor and each thread's catalog connection."""

    def __init__(self, raiz: Raiz, *, navegacion: list[Enlace], https: bool = False,
                 ejecutor: Ejecutor | None = None, registro_errores: Path | None = None) -> None:
        self.raiz = raiz
        self.navegacion = navegacion
        self.https = https
        self.ejecutor = ejecutor
        self.registro_errores = registro_errores
        self._local = threading.local()
        self.entorno = _entorno_jinja()
        self.rutas: list[Ruta] = []
        self.indexador: Any = None  # the thread that indexes issued documents (None: searches index them)

    def tiene_pagina(self, patron: str) -> bool:
        """Whether a GET route of the form ``patron`` exists (``/procedimientos/{clave}`` ~ ``/procedimientos/{id:int}``)."""
        forma = re.sub(r"\{[^}]*\}", "{}", patron)
        return any(re.sub(r"\{[^}]*\}", "{}", r.ruta) == forma and "GET" in r.metodos for r in self.rutas)

    def catalogo(self, usuario: str) -> Catalogo:
        """This thread's connection to the catalog, acting as ``usuario`` (for the audit log)."""
        cat = getattr(self._local, "catalogo", None)
        if cat is None:
            cat = Catalogo.abrir(self.raiz, usuario, migrar=False)
            self._local.catalogo = cat
        cat.usuario = usuario
        return cat

    def avisar_trabajos(self) -> None:
        if self.ejecutor is not None:
            self.ejecutor.avisar()

    def renderizar(self, plantilla: str, contexto: dict[str, Any]) -> str:
        return self.entorno.get_template(plantilla).render(contexto)


def _fecha(valor: Any) -> str:
    """«17 de junio de 2024» from a date or an ISO date/moment; empty for None."""
    if valor in (None, ""):
        return ""
    if isinstance(valor, datetime):
        valor = valor.date()
    if isinstance(valor, str):
        valor = valor[:10]
    try:
        return formato.fecha_larga(valor)
    except (ValueError, TypeError):
        return str(valor)


def _fecha_dia(valor: Any) -> str:
    """«jueves 27 de marzo de 2025» (the weekday matters for sessions and deadlines)."""
    if valor in (None, ""):
        return ""
    try:
        return formato.fecha_con_dia(valor)
    except (ValueError, TypeError):
        return str(valor)


def _fecha_hora(valor: Any) -> str:
    """«17 de junio de 2024, 10:35» from an ISO moment."""
    if not valor:
        return ""
    try:
        momento = datetime.fromisoformat(str(valor))
    except ValueError:
        return str(valor)
    return f"{formato.fecha_larga(momento.date())}, {momento:%H:%M}"


def _fecha_iso(valor: Any) -> str:
    """The value an ``<input type=date>`` expects."""
    if isinstance(valor, date | datetime):
        return valor.isoformat()[:10]
    try:
        return formato.a_fecha(valor).isoformat() if valor else ""
    except (ValueError, TypeError):
        return str(valor or "")


def _resaltado(fragmento: str) -> Markup:
    """A search fragment with its ``**marks**`` as <mark>, everything else escaped."""
    partes = str(fragmento).split(MARCA_INICIO)
    return Markup("").join(Markup("<mark>{}</mark>").format(p) if i % 2 else Markup("{}").format(p)
                           for i, p in enumerate(partes))


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _entorno_jinja() -> Environment:
    env = Environment(loader=PackageLoader("archivo.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fecha=_fecha, fecha_hora=_fecha_hora, fecha_iso=_fecha_iso, resaltado=_resaltado,
                       plural=_plural, moneda=formato.moneda, numero=formato.numero, tamano=tamano_legible,
                       urlq=lambda v: quote(str(v), safe=""), pares=lambda xs: [(x, x) for x in xs])
    env.filters["fecha_dia"] = _fecha_dia
    env.globals.update(NOMBRES_ROL=cuentas.NOMBRES_ROL, ROLES=cuentas.ROLES, CAMPO_CSRF=CAMPO_CSRF,
                       MAX_FALLOS=cuentas.MAX_FALLOS, BLOQUEO_MINUTOS=cuentas.BLOQUEO_MINUTOS)
    return env


class Peticion:
    """What a page receives: the request, the submitted form, the logged-in user and a catalog acting as them."""

    def __init__(self, request: Request, form: FormData | None, sesion: cuentas.SesionWeb | None,
                 portal: Portal, ruta: Ruta) -> None:
        self.request = request
        self.form = form
        self.sesion = sesion
        self.portal = portal
        self.ruta = ruta
        self.usuario = sesion.usuario if sesion else None
        self._cat: Catalogo | None = None

    # --- the archive -------------------------------------------------------------------------------
    @property
    def cat(self) -> Catalogo:
        if self._cat is None:
            self._cat = self.portal.catalogo(self.usuario.usuario if self.usuario else "anónimo")
        return self._cat

    @property
    def raiz(self) -> Raiz:
        return self.portal.raiz

    def puede(self, rol: str) -> bool:
        return self.usuario is not None and self.usuario.puede(rol)

    # --- input -------------------------------------------------------------------------------------
    def param(self, nombre: str) -> str:
        return str(self.request.path_params[nombre])

    def query(self, nombre: str, defecto: str = "") -> str:
        return self.request.query_params.get(nombre, defecto).strip()

    def entero(self, nombre: str, defecto: int, minimo: int = 1, maximo: int = 10_000) -> int:
        try:
            return max(minimo, min(maximo, int(self.query(nombre) or defecto)))
        except ValueError:
            return defecto

    def valor(self, nombre: str, defecto: str = "") -> str:
        if self.form is None:
            return defecto
        v = self.form.get(nombre)
        return defecto if v is None or isinstance(v, UploadFile) else _revisado(nombre, str(v))

    def valores(self, nombre: str) -> list[str]:
        if self.form is None:
            return []
        return [_revisado(nombre, str(v)) for v in self.form.getlist(nombre) if not isinstance(v, UploadFile)]

    def archivos(self, nombre: str) -> list[UploadFile]:
        if self.form is None:
            return []
        return [v for v in self.form.getlist(nombre) if isinstance(v, UploadFile) and v.filename]

    def campos(self, excluir: Iterable[str] = ()) -> dict[str, str]:
        """Every text field of the form (first value of each), without the CSRF token."""
        fuera = {CAMPO_CSRF, *excluir}
        if self.form is None:
            return {}
        # As typed, for showing the form again: a control character is refused when the page reads the value
        # (``valor``), where the page puts the problem beside its field.
        return {k: str(v) for k, v in self.form.multi_items() if k not in fuera and not isinstance(v, UploadFile)}

    @property
    def quiere_fragmento(self) -> bool:
        """The page's script asked for the part of the page that changes (live search, progress)."""
        return self.request.headers.get("x-fragmento") == "1"

    # --- output ------------------------------------------------------------------------------------
    def mensaje(self, texto: str, tipo: str = "exito") -> None:
        """A message shown once, on the next page (after a redirect)."""
        mensajes = list(self.request.session.get("m", []))
        mensajes.append([tipo, texto])
        self.request.session["m"] = mensajes[-5:]

    def contexto(self, **extra: Any) -> dict[str, Any]:
        usuario = self.usuario
        config = None
        with contextlib.suppress(ArchivoError):
            config = self.raiz.config
        ruta = self.request.url.path
        navegacion = []
        if usuario is not None:
            for e in self.portal.navegacion:
                if usuario.puede(e.rol):
                    actual = ruta == e.url if not e.prefijo else (ruta == e.url or ruta.startswith(e.prefijo))
                    navegacion.append({"etiqueta": e.etiqueta, "url": e.url, "actual": actual})
        return {
            "request": self.request, "usuario": usuario, "csrf": self.sesion.csrf if self.sesion else "",
            "navegacion": navegacion, "institucion": config.institucion if config else {"nombre": "archivo"},
            "organo_enlace": config.organo_enlace if config else {}, "mensajes": self.request.session.pop("m", []),
            "puede": self.puede, "existe": self.portal.tiene_pagina, "hoy": date.today(), **extra,
        }

    def render(self, nombre_plantilla: str, /, *, estado: int = 200, fragmento: str | None = None,
               **contexto: Any) -> Response:
        """A whole page, or only ``fragmento`` (a partial) when the page's script asked for it."""
        nombre = fragmento if fragmento and self.quiere_fragmento else nombre_plantilla
        html = self.portal.renderizar(nombre, self.contexto(**contexto))
        return HTMLResponse(html, status_code=estado)

    def redirigir(self, url: str, mensaje: str | None = None) -> Response:
        if mensaje:
            self.mensaje(mensaje)
        return RedirectResponse(url, status_code=303)


# --- files -------------------------------------------------------------------------------------------------

TIPOS_MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              ".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
              ".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def archivo(ruta: Path, nombre: str | None = None, *, en_linea: bool = False) -> Response:
    """A file of the archive as a download (or shown in the browser: PDF). The caller resolved ``ruta`` from a
    catalog id after the role check; never from a path in the request."""
    ruta = Path(ruta)
    if not ruta.is_file():
        raise NoEncontrado("El archivo no está en el disco. Avise a quien administra el sistema («archivo "
                           "verificar» lo reporta).")
    tipo = TIPOS_MIME.get(ruta.suffix.lower(), "application/octet-stream")
    return FileResponse(ruta, media_type=tipo, filename=nombre or ruta.name,
                        content_disposition_type="inline" if en_linea else "attachment")


def descarga(datos: bytes, nombre: str) -> Response:
    """Bytes built for this request (an Excel format, a preview) as a download."""
    tipo = TIPOS_MIME.get(Path(nombre).suffix.lower(), "application/octet-stream")
    return Response(datos, media_type=tipo, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(nombre)}"})


# --- errors ------------------------------------------------------------------------------------------------

TITULOS_ERROR = {400: "No se pudo completar", 403: "Sin permiso", 404: "No se encontró", 405: "Acción no válida",
                 409: "No se pudo completar", 413: "Envío demasiado grande", 500: "Error del sistema"}


def pagina_error(portal: Portal, request: Request, estado: int, mensaje: str, *, problemas: Iterable[Any] = (),
                 usuario: cuentas.Usuario | None = None, referencia: str | None = None) -> Response:
    """The Spanish error page (a way back included); JSON for the page's own scripts."""
    if request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({"error": mensaje, "referencia": referencia}, status_code=estado)
    contexto = {"request": request, "usuario": usuario, "csrf": "", "navegacion": [], "mensajes": [],
                "institucion": {"nombre": "archivo"}, "puede": lambda rol: False, "existe": portal.tiene_pagina,
                "hoy": date.today(),
                "estado": estado, "titulo": TITULOS_ERROR.get(estado, "Error"), "mensaje": mensaje,
                "problemas": list(problemas), "referencia": referencia, "volver": _volver(request)}
    with contextlib.suppress(Exception):  # an error page must render even with a broken archivo.toml
        contexto["institucion"] = portal.raiz.config.institucion
    try:
        html = portal.renderizar("error.html", contexto)
    except Exception:  # noqa: BLE001 - last resort: plain Spanish text
        registro.exception("No se pudo mostrar la página de error")
        html = f"<!doctype html><html lang=es><title>Error</title><p>{estado}: error del sistema.</p>"
    return HTMLResponse(html, status_code=estado)


def _volver(request: Request) -> str | None:
    """The previous page of this portal (from the Referer), to offer a way back; None if there is none."""
    anterior = request.headers.get("referer", "")
    if not anterior:
        return None
    try:
        url = URL(anterior)
    except ValueError:
        return None
    if url.netloc != request.url.netloc or url.path == request.url.path:
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def referencia_error() -> str:
    return f"E{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2).upper()}"


def _revisado(campo: str, texto: str) -> str:
    """A submitted text, or ``EntradaInvalida`` naming the field when it carries a control character (never
    stripped silently: the input layer's rule, as for files and command options)."""
    error = problema_texto(texto)
    if error is not None:
        raise EntradaInvalida("Un campo del formulario tiene caracteres que no se pueden guardar; no se guardó nada:",
                              [error.problema(campo)])
    return texto


def registrar_error(request: Request, usuario: cuentas.Usuario | None) -> str:
    """Log an unexpected error with its traceback (the portal's error log) and return the reference shown."""
    referencia = referencia_error()
    quien = usuario.usuario if usuario else "anónimo"
    registro.error("Referencia %s: %s %s (usuario %s)\n%s", referencia, request.method, request.url.path, quien,
                   traceback.format_exc())
    return referencia


def _error_de_archivo(portal: Portal, request: Request, e: ArchivoError, usuario: cuentas.Usuario | None) -> Response:
    estado = 404 if isinstance(e, NoEncontrado) else (400 if isinstance(e, EntradaInvalida) else 409)
    return pagina_error(portal, request, estado, e.mensaje, problemas=e.problemas, usuario=usuario)


# --- the route wrapper -------------------------------------------------------------------------------------

def _receptor_con_limite(receive: Callable[[], Any], limite: int) -> Callable[[], Any]:
    leidos = 0

    async def recibir() -> Any:
        nonlocal leidos
        mensaje = await receive()
        if mensaje.get("type") == "http.request":
            leidos += len(mensaje.get("body", b""))
            if leidos > limite:
                raise CuerpoDemasiadoGrande(limite)
        return mensaje

    return recibir


def _sesion_de(portal: Portal, request: Request) -> cuentas.SesionWeb | None:
    token = request.session.get("t")
    if not token:
        return None
    cat = portal.catalogo("portal")
    s = cuentas.sesion(cat, token)
    if s is None:
        request.session.pop("t", None)
    return s


def csrf_entrada(request: Request) -> str:
    """The login form's token (there is no session yet): kept in the signed cookie."""
    token = request.session.get("c")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["c"] = token
    return token


def _a_entrar(request: Request) -> Response:
    if request.headers.get("accept", "").startswith("application/json") or request.headers.get("x-fragmento"):
        return JSONResponse({"error": "La sesión terminó; vuelva a entrar."}, status_code=401)
    siguiente = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    destino = "/entrar" if request.method != "GET" or siguiente == "/" else f"/entrar?{urlencode({'siguiente': siguiente})}"
    return RedirectResponse(destino, status_code=303)


def manejador(ruta: Ruta, portal: Portal) -> Callable[[Request], Any]:
    """The ASGI endpoint of ``ruta``: session, role, size and CSRF checks, then the page in a worker thread."""

    async def endpoint(request: Request) -> Response:
        sesion = None
        form = None
        try:
            sesion = await run_in_threadpool(_sesion_de, portal, request)
            usuario = sesion.usuario if sesion else None
            if ruta.rol is not None:
                if sesion is None:
                    return _a_entrar(request)
                if not sesion.usuario.puede(ruta.rol):
                    return pagina_error(
                        portal, request, 403,
                        f"Su cuenta tiene el rol «{sesion.usuario.nombre_rol}», que no permite esta acción (requiere "
                        f"«{cuentas.NOMBRES_ROL[ruta.rol]}»). Si la necesita, pídala a quien administra el portal.",
                        usuario=usuario)
            if request.method == "POST":
                largo = request.headers.get("content-length", "")
                if largo.isdigit() and int(largo) > ruta.limite:
                    raise CuerpoDemasiadoGrande(ruta.limite)
                request = Request(request.scope, _receptor_con_limite(request.receive, ruta.limite))
                form = await request.form(max_files=ruta.archivos, max_fields=2000, max_part_size=LIMITE_FORMULARIO)
                enviado = str(form.get(CAMPO_CSRF) or request.headers.get("x-csrf-token") or "")
                esperado = sesion.csrf if sesion else str(request.session.get("c") or "")
                if not enviado or not esperado or not hmac.compare_digest(enviado, esperado):
                    return pagina_error(
                        portal, request, 403,
                        "El formulario no se aceptó: le falta su código de seguridad o ya caducó (por ejemplo, si "
                        "la sesión se cerró o la página estuvo abierta mucho tiempo). Vuelva a la página, "
                        "recárguela e intente de nuevo.", usuario=usuario)
            p = Peticion(request, form, sesion, portal, ruta)
            return await run_in_threadpool(ruta.pagina, p)
        except CuerpoDemasiadoGrande as e:
            return pagina_error(portal, request, 413,
                                f"Lo que envió pesa más de {tamano_legible(e.limite)}, el límite de esta página. "
                                "Envíe menos archivos a la vez o archivos más pequeños.",
                                usuario=sesion.usuario if sesion else None)
        except HTTPException as e:
            if e.status_code == 400:  # the multipart parser: too many files or fields, a malformed body
                return pagina_error(portal, request, 400, "El envío no se pudo leer (demasiados archivos o campos, "
                                    f"o un formulario incompleto): {e.detail}", usuario=sesion.usuario if sesion
                                    else None)
            raise
        except ArchivoError as e:
            return _error_de_archivo(portal, request, e, sesion.usuario if sesion else None)
        except Exception:
            usuario = sesion.usuario if sesion else None
            referencia = registrar_error(request, usuario)
            return pagina_error(portal, request, 500, "Ocurrió un error inesperado y no se completó la acción. "
                                "Si se repite, comunique a quien administra el sistema esta referencia.",
                                usuario=usuario, referencia=referencia)
        finally:
            if form is not None:
                await form.close()

    endpoint.__name__ = ruta.nombre
    return endpoint
