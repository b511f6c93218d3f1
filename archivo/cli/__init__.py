"""The ``archivo`` command: a thin click layer over the library. Each command group lives in its own file."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path

import click

from archivo import __version__
from archivo.catalogo import Catalogo, usuario_del_sistema
from archivo.cli import click_es
from archivo.errors import ArchivoError
from archivo.raiz import Raiz

click_es.instalar()

# Command modules, in the order their commands appear in the help.
_MODULOS = ["general", "personal", "procedimiento", "expediente", "documento", "plantillas", "busqueda",
            "riesgos", "sesion", "compromisos", "pat"]


class Contexto:
    """What every command receives: where the archive is and who is acting."""

    def __init__(self, raiz: str | None, usuario: str | None) -> None:
        self.ruta_raiz = raiz
        self.usuario = usuario or usuario_del_sistema()
        self._raiz: Raiz | None = None
        self._catalogo: Catalogo | None = None

    @property
    def raiz(self) -> Raiz:
        if self._raiz is None:
            self._raiz = Raiz.localizar(self.ruta_raiz)
        return self._raiz

    @property
    def catalogo(self) -> Catalogo:
        if self._catalogo is None:
            self._catalogo = Catalogo.abrir(self.raiz, self.usuario)
        return self._catalogo

    def cerrar(self) -> None:
        if self._catalogo is not None:
            self._catalogo.cerrar()
            self._catalogo = None


pasar_contexto = click.make_pass_decorator(Contexto)


class GrupoOrdenado(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=GrupoOrdenado, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--raiz", metavar="RUTA", envvar="ARCHIVO_RAIZ",
              help="Carpeta del archivo (se puede escribir en cualquier lugar del comando). Si se omite: "
                   "ARCHIVO_RAIZ o la carpeta actual (o una superior).")
@click.option("--usuario", metavar="NOMBRE", envvar="ARCHIVO_USUARIO",
              help="Quién realiza los cambios (para el historial). Por omisión, el usuario del sistema.")
@click.version_option(__version__, "--version", message="archivo, versión %(version)s")
@click.pass_context
def cli(ctx: click.Context, raiz: str | None, usuario: str | None) -> None:
    """archivo: documentos, expedientes y búsqueda del Servicio Profesional Electoral Nacional.

    Genera oficios, acuerdos, dictámenes e informes desde plantillas de Word con su folio, los archiva
    en expedientes (uno por persona del Servicio y uno por procedimiento), sigue los pasos de cada
    mecanismo, busca documentos, lleva las matrices de riesgo y prepara las sesiones.

    Para empezar: «archivo demo» crea un archivo de ejemplo; «archivo iniciar RUTA» uno nuevo.
    """
    contexto = Contexto(raiz, usuario)
    ctx.obj = contexto
    ctx.call_on_close(contexto.cerrar)


for _nombre in _MODULOS:
    _modulo = importlib.import_module(f"archivo.cli.{_nombre}")
    for _comando in getattr(_modulo, "comandos", []):
        cli.add_command(_comando)


def _metavars_en_espanol(comando: click.Command) -> None:
    comando.options_metavar = "[OPCIONES]"
    if isinstance(comando, click.Group):
        comando.subcommand_metavar = "COMANDO [ARGUMENTOS]..."
        for sub in comando.commands.values():
            _metavars_en_espanol(sub)


_metavars_en_espanol(cli)


def _raiz_al_frente(args: list[str]) -> list[str]:
    """``--raiz RUTA`` is accepted anywhere (``archivo personal lista --raiz R``): move it before the command.

    Only --raiz: «--usuario» after ``historial`` is that command's own filter.
    """
    frente: list[str] = []
    resto: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            resto.extend(args[i:])
            break
        if a == "--raiz" and i + 1 < len(args):
            frente += [a, args[i + 1]]
            i += 2
            continue
        if a.startswith("--raiz="):
            frente.append(a)
        else:
            resto.append(a)
        i += 1
    return frente + resto


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors print a Spanish message (no traceback) and set the exit code."""
    args = _raiz_al_frente(list(sys.argv[1:] if argv is None else argv))
    try:
        codigo = cli.main(args=args, prog_name="archivo", standalone_mode=False)
    except ArchivoError as e:
        click.echo(click.style("Error: ", fg="red", bold=True) + str(e), err=True)
        sys.exit(e.codigo_salida)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.Abort:
        click.echo("Cancelado.", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\nInterrumpido por el usuario.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # a bug: say so plainly, keep the details for whoever fixes it
        if os.environ.get("ARCHIVO_DEPURAR"):
            traceback.print_exc()
        click.echo(
            click.style("Error inesperado: ", fg="red", bold=True)
            + f"{type(e).__name__}: {e}\nNo se modificó nada que no estuviera confirmado. "
            "Vuelva a ejecutar con ARCHIVO_DEPURAR=1 para ver el detalle técnico y repórtelo.",
            err=True,
        )
        sys.exit(2)
    sys.exit(codigo if isinstance(codigo, int) else 0)


def ruta_path(valor: str) -> Path:
    return Path(valor).expanduser()
