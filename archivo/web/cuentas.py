"""Cuentas: log in and out, one's own account (password), and the administration of users and roles."""

from __future__ import annotations

from starlette.responses import Response

from archivo import cuentas
from archivo.base.errors import EntradaInvalida, Problema
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, csrf_entrada

ETIQUETAS_ALTA = {"usuario": "Nombre de usuario", "nombre": "Nombre completo", "rol": "Rol",
                  "contrasena": "Contraseña", "confirmacion": "Repita la contraseña"}
ETIQUETAS_CONTRASENA = {"actual": "Contraseña actual", "nueva": "Contraseña nueva",
                        "confirmacion": "Repita la contraseña nueva"}


def _destino_seguro(siguiente: str) -> str:
    """Only a path of this portal (never another site: «//otro», «https://…»)."""
    if siguiente.startswith("/") and not siguiente.startswith("//") and "\\" not in siguiente:
        return siguiente
    return "/"


def entrar(p: Peticion) -> Response:
    """The login page (GET) and the login itself (POST)."""
    if p.usuario is not None:
        return p.redirigir("/")
    try:
        p.valor("usuario")
    except EntradaInvalida as e:  # control characters in a field: the form again, with the problem beside it
        f = Formulario({"usuario": ""}, {"usuario": "Usuario", "contrasena": "Contraseña"}).desde_error(e)
        return p.render("entrar.html", estado=400, f=f, siguiente="", csrf_entrada=csrf_entrada(p.request))
    siguiente = p.valor("siguiente") or p.query("siguiente")
    f = Formulario({"usuario": p.valor("usuario")}, {"usuario": "Usuario", "contrasena": "Contraseña"})
    if p.request.method == "POST":
        usuario = p.valor("usuario").strip().lower()
        p.cat.usuario = usuario[:60] or "anónimo"
        try:
            sesion, token = cuentas.iniciar_sesion(p.cat, usuario, p.valor("contrasena"),
                                                   direccion=p.request.client.host if p.request.client else "")
        except cuentas.AccesoDenegado as e:
            f.titulo_error, f.nota_resumen = "No se pudo entrar", ""
            f.error(None, e.mensaje)
            return p.render("entrar.html", estado=400, f=f, siguiente=siguiente, csrf_entrada=csrf_entrada(p.request))
        p.request.session.pop("c", None)
        p.request.session["t"] = token
        return p.redirigir(_destino_seguro(siguiente), f"Bienvenida o bienvenido, {sesion.usuario.nombre}.")
    return p.render("entrar.html", f=f, siguiente=siguiente, csrf_entrada=csrf_entrada(p.request))


def salir(p: Peticion) -> Response:
    cuentas.cerrar_sesion(p.cat, p.request.session.get("t"))
    p.request.session.clear()
    return p.redirigir("/entrar", "Cerró su sesión. Para volver, escriba su usuario y contraseña.")


def cuenta(p: Peticion) -> Response:
    """One's own account: name, role and what it allows, open sessions, and the password change."""
    f = Formulario({}, ETIQUETAS_CONTRASENA)
    if p.request.method == "POST":
        nueva = p.valor("nueva")
        try:
            if nueva != p.valor("confirmacion"):
                raise EntradaInvalida("No se cambió la contraseña:", [Problema(
                    "confirmacion", "no coincide con la contraseña nueva", "escríbala igual en ambos campos")])
            cuentas.cambiar_contrasena(p.cat, p.usuario.usuario, nueva, actual=p.valor("actual"))
        except EntradaInvalida as e:
            f.desde_error(e)
        else:
            p.request.session.clear()
            return p.redirigir("/entrar", "Su contraseña cambió. Entre con la contraseña nueva.")
    return p.render("cuenta.html", estado=400 if not f.valido else 200, f=f,
                    descripcion=cuentas.DESCRIPCION_ROL, sesiones=cuentas.sesiones_abiertas(p.cat, p.usuario.usuario),
                    longitud=cuentas.LONGITUD_MINIMA)
