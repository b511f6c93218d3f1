"""archivo usuarios alta | lista | baja | contrasena | rol | reactivar: the accounts of the web portal."""

from __future__ import annotations

import sys

import click

from archivo import cuentas
from archivo.base.errors import EntradaInvalida
from archivo.cli import GrupoOrdenado
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import exito, imprimir_lista, opcion_formato

_AYUDA_STDIN = ("Lee la contraseña de la entrada estándar (una línea), para scripts: "
                "printf '%s\\n' \"$CLAVE\" | archivo usuarios alta …")
_ROLES = ", ".join(cuentas.NOMBRES_ROL.values())


def _leer_contrasena(desde_stdin: bool, usuario: str) -> str:
    """Never from the command line (it would stay in the shell history and in the process list)."""
    if desde_stdin:
        linea = sys.stdin.readline()
        if not linea:
            raise EntradaInvalida("No llegó ninguna contraseña por la entrada estándar.")
        return linea.rstrip("\r\n")
    return click.prompt(f"Contraseña para {usuario}", hide_input=True, confirmation_prompt="Repítala",
                        prompt_suffix=": ")


@click.group("usuarios", cls=GrupoOrdenado)
def grupo() -> None:
    """Cuentas del portal web: altas, roles, contraseñas y bajas."""


@grupo.command("alta")
@click.argument("usuario")
@click.option("--nombre", required=True, help="Nombre completo de la persona.")
@click.option("--rol", required=True, metavar="ROL",
              help=f"{_ROLES} (cada rol incluye lo que permiten los anteriores).")
@click.option("--contrasena-stdin", "desde_stdin", is_flag=True, help=_AYUDA_STDIN)
@pasar_contexto
def alta(ctx: Contexto, usuario: str, nombre: str, rol: str, desde_stdin: bool) -> None:
    """Crea la cuenta USUARIO. La contraseña se pide en pantalla (nunca en la línea de comandos)."""
    cuentas.normalizar_rol(rol)  # a wrong role is reported before asking for the password
    u = cuentas.alta(ctx.catalogo, usuario, nombre, rol, _leer_contrasena(desde_stdin, usuario))
    exito(f"Cuenta «{u.usuario}» creada para {u.nombre}, con rol {u.nombre_rol}.")


@grupo.command("lista")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, formato: str) -> None:
    """Lista las cuentas con su rol, su estado y su último acceso."""
    filas = []
    for u in cuentas.lista(ctx.catalogo):
        d = u.como_dict()
        d["estado"] = "bloqueada" if u.bloqueado() else ("activa" if u.activo else "dada de baja")
        filas.append(d)
    imprimir_lista(filas, [("usuario", "Usuario"), ("nombre", "Nombre"), ("nombre_rol", "Rol"),
                           ("estado", "Estado"), ("ultimo_acceso", "Último acceso")], formato,
                   titulo="Cuentas del portal",
                   vacio="No hay cuentas. Cree la primera con «archivo usuarios alta USUARIO --nombre … "
                         "--rol administración».")


@grupo.command("contrasena")
@click.argument("usuario")
@click.option("--contrasena-stdin", "desde_stdin", is_flag=True, help=_AYUDA_STDIN)
@pasar_contexto
def contrasena(ctx: Contexto, usuario: str, desde_stdin: bool) -> None:
    """Asigna una contraseña nueva a USUARIO (también desbloquea la cuenta y cierra sus sesiones)."""
    u = cuentas.obtener(ctx.catalogo, usuario)
    cuentas.cambiar_contrasena(ctx.catalogo, u.usuario, _leer_contrasena(desde_stdin, u.usuario))
    exito(f"Contraseña de «{u.usuario}» cambiada; sus sesiones abiertas se cerraron.")


@grupo.command("rol")
@click.argument("usuario")
@click.argument("rol")
@pasar_contexto
def rol(ctx: Contexto, usuario: str, rol: str) -> None:
    """Cambia el ROL de USUARIO (consulta, captura, emisión o administración)."""
    u = cuentas.cambiar_rol(ctx.catalogo, usuario, rol)
    exito(f"«{u.usuario}» tiene ahora el rol {u.nombre_rol}.")


@grupo.command("baja")
@click.argument("usuario")
@pasar_contexto
def baja(ctx: Contexto, usuario: str) -> None:
    """Da de baja la cuenta USUARIO: ya no puede entrar y sus sesiones se cierran. El registro se conserva."""
    u = cuentas.baja(ctx.catalogo, usuario)
    exito(f"Cuenta «{u.usuario}» dada de baja.")


@grupo.command("reactivar")
@click.argument("usuario")
@pasar_contexto
def reactivar(ctx: Contexto, usuario: str) -> None:
    """Vuelve a activar una cuenta dada de baja."""
    u = cuentas.reactivar(ctx.catalogo, usuario)
    exito(f"Cuenta «{u.usuario}» activa de nuevo, con rol {u.nombre_rol}.")


comandos = [grupo]
