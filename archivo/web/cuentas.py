"""Cuentas: log in and out, one's own account (password), and the administration of users and roles."""

from __future__ import annotations

from starlette.responses import Response

from archivo import cuentas
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
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
                raise EntradaInvalida("No se cambió la contraseña:", [
                    *cuentas.problemas_contrasena(nueva, p.usuario.usuario, "nueva"), Problema(
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


# --- administration of accounts -------------------------------------------------------------------------

def usuarios(p: Peticion) -> Response:
    """The accounts, and the form for a new one."""
    f = Formulario({"rol": "consulta"}, ETIQUETAS_ALTA)
    if p.request.method == "POST":
        f.valores = {k: p.valor(k) for k in ("usuario", "nombre", "rol")}
        contrasena = p.valor("contrasena")
        try:
            if contrasena != p.valor("confirmacion"):
                problemas = cuentas.problemas_alta(f.valores["usuario"], f.valores["nombre"], f.valores["rol"],
                                                   contrasena)
                raise EntradaInvalida("No se creó la cuenta:", [*problemas, Problema(
                    "confirmacion", "no coincide con la contraseña", "escríbala igual en ambos campos")])
            nueva = cuentas.alta(p.cat, f.valores["usuario"], f.valores["nombre"], f.valores["rol"], contrasena)
        except EntradaInvalida as e:
            f.desde_error(e)
        else:
            return p.redirigir("/cuentas", f"Cuenta «{nueva.usuario}» creada para {nueva.nombre}, con rol "
                               f"{nueva.nombre_rol}. Comuníquele su contraseña en persona.")
    return p.render("cuentas/lista.html", estado=200 if f.valido else 400, f=f, usuarios=cuentas.lista(p.cat),
                    roles=[(r, cuentas.NOMBRES_ROL[r]) for r in cuentas.ROLES], descripcion=cuentas.DESCRIPCION_ROL,
                    sesiones=cuentas.sesiones_abiertas(p.cat), longitud=cuentas.LONGITUD_MINIMA,
                    titulo="Cuentas de usuario")


def usuario(p: Peticion) -> Response:
    """One account: change its role, set a new password (also unlocks it), deactivate or reactivate it."""
    u = cuentas.obtener(p.cat, p.param("usuario"))
    f = Formulario({"rol": u.rol}, {"rol": "Rol", "contrasena": "Contraseña nueva",
                                    "confirmacion": "Repita la contraseña nueva"})
    if p.request.method == "POST":
        accion = p.valor("accion")
        try:
            if accion == "rol":
                f.valores["rol"] = p.valor("rol")
                cambiado = cuentas.cambiar_rol(p.cat, u.usuario, p.valor("rol"))
                return p.redirigir(f"/cuentas/{u.usuario}", f"«{u.usuario}» tiene ahora el rol {cambiado.nombre_rol}; "
                                   "sus sesiones abiertas se cerraron.")
            if accion == "contrasena":
                if p.valor("contrasena") != p.valor("confirmacion"):
                    raise EntradaInvalida("No se cambió la contraseña:", [
                        *cuentas.problemas_contrasena(p.valor("contrasena"), u.usuario), Problema(
                            "confirmacion", "no coincide con la contraseña nueva", "escríbala igual en ambos campos")])
                cuentas.cambiar_contrasena(p.cat, u.usuario, p.valor("contrasena"))
                return p.redirigir(f"/cuentas/{u.usuario}", f"Contraseña de «{u.usuario}» cambiada (y la cuenta "
                                   "desbloqueada). Comuníquela en persona.")
            if accion == "baja":
                cuentas.baja(p.cat, u.usuario)
                return p.redirigir(f"/cuentas/{u.usuario}", f"Cuenta «{u.usuario}» dada de baja.")
            if accion == "reactivar":
                cuentas.reactivar(p.cat, u.usuario)
                return p.redirigir(f"/cuentas/{u.usuario}", f"Cuenta «{u.usuario}» activa de nuevo.")
            raise EntradaInvalida("Acción desconocida.")
        except EntradaInvalida as e:
            f.desde_error(e)
            for campo in ("nueva",):
                if campo in f.errores:
                    f.errores.setdefault("contrasena", []).extend(f.errores.pop(campo))
        except ArchivoError as e:
            f.error(None, e.mensaje)
    return p.render("cuentas/usuario.html", estado=200 if f.valido else 400, f=f, u=cuentas.obtener(p.cat, u.usuario),
                    roles=[(r, cuentas.NOMBRES_ROL[r]) for r in cuentas.ROLES], descripcion=cuentas.DESCRIPCION_ROL,
                    sesiones=cuentas.sesiones_abiertas(p.cat, u.usuario), longitud=cuentas.LONGITUD_MINIMA,
                    titulo=f"Cuenta {u.usuario}")
