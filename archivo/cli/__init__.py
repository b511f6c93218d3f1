"""The ``archivo`` command: a thin click layer over the library. Each command group lives in its own file."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import click

from archivo import __version__
from archivo.base import pdf
from archivo.base.errors import ArchivoError
from archivo.cli import click_es, tipos

click_es.instalar()

# Every command of ``archivo``, in the order of the help: the module of archivo.cli that defines it and the line
# the main help shows (tests/test_cli.py keeps it equal to the command's own help). A module is imported only when
# one of its commands runs, so ``archivo --help`` starts without loading Word, PDF or search libraries.
COMANDOS: dict[str, tuple[str, str]] = {
    "iniciar": ("general", "Crea un archivo nuevo en la carpeta RUTA (nueva o vacía)."),
    "demo": ("general", "Construye un archivo de demostración de un OPLE ficticio (por omisión en ./demo)."),
    "servir": ("servir", "Inicia el portal web del archivo para trabajar desde el navegador."),
    "usuarios": ("usuarios", "Cuentas del portal web: altas, roles, contraseñas y bajas."),
    "historial": ("general", "Muestra el historial de cambios: quién, cuándo, qué, y los valores antes y "
                  "después."),
    "verificar": ("general", "Comprueba la integridad del archivo: el catálogo con SQLite y el SHA-256 de cada "
                  "archivo."),
    "respaldo": ("respaldo", "Respaldos del archivo: crearlos (mientras otros trabajan), comprobarlos y "
                 "restaurarlos."),
    "recuperar": ("respaldo", "Reconstruye un catálogo perdido o dañado desde los documentos emitidos (si no hay "
                  "respaldo)."),
    "configuracion": ("configuracion", "Revisa y muestra la configuración del archivo (archivo.toml)."),
    "personal": ("personal", "Padrón del personal del Servicio (MSPEN): altas, cambios, bajas e "
                 "importación desde Excel o CSV."),
    "procedimiento": ("procedimiento", "Procedimientos de cada mecanismo: abrirlos, seguir sus pasos y "
                      "concluirlos."),
    "mecanismos": ("procedimiento", "Lista los mecanismos del Servicio o, con MECANISMO, los pasos de sus "
                   "procedimientos según el manual."),
    "expediente": ("expediente", "Expedientes: uno por persona del Servicio y uno por procedimiento (más "
                   "los de riesgos y sesiones)."),
    "archivistica": ("archivistica", "Gestión documental (Ley General de Archivos): cuadro, CADIDO, "
                     "transferencias, bajas e inventarios."),
    "generar": ("documento", "Genera un documento desde PLANTILLA y lo archiva con su folio."),
    "documento": ("documento", "Documentos emitidos: consultarlos, emitir borradores, cancelarlos y ver el "
                  "uso de folios."),
    "plantillas": ("plantillas", "Plantillas de Word: cuáles hay, qué campos piden y si están bien "
                   "escritas."),
    "buscar": ("busqueda", "Busca documentos por palabras, frases, número de acuerdo o folio, persona y "
               "fechas."),
    "reindexar": ("busqueda", "Reconstruye el índice de búsqueda desde el catálogo y los archivos."),
    "importar": ("busqueda", "Importa documentos anteriores (PDF, DOCX, TXT e imágenes escaneadas) al acervo "
                 "para poder buscarlos."),
    "ocr": ("busqueda", "Reconoce el texto (OCR) de los documentos escaneados en espera, para poder "
            "buscarlos."),
    "riesgos": ("riesgos", "Matrices de riesgo por mecanismo: análisis, tratamiento, acciones (PTAR), "
                "revaloración y reportes."),
    "sesion": ("sesion", "Sesiones de la Comisión de Seguimiento y del Consejo General: orden del día, "
               "plazos, calendario y carpeta."),
    "compromisos": ("compromisos", "Compromisos y acuerdos de la Comisión: registro, seguimiento con "
                    "historial e informe para la sesión."),
    "pat": ("pat", "Programa Anual de Trabajo: actividades por área y mecanismo, cronograma, avance "
            "semestral e informes."),
    "correspondencia": ("correspondencia", "Correspondencia con el INE (SIVOPLE): entradas, turnos con tarjeta, "
                        "salidas con acuse, plazos y bitácora."),
}




@dataclass(frozen=True)
class Opciones:
    """The global options of ``archivo`` (``--raiz``, ``--usuario``)."""

    raiz: str | None
    usuario: str | None


class GrupoOrdenado(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def _recortar(texto: str, ancho: int) -> str:
    """A help line cut at a word so it fits ``ancho`` characters (as click shortens a command's help)."""
    if len(texto) <= ancho:
        return texto
    corte = texto.rfind(" ", 0, max(ancho - 3, 1))
    return texto[:corte if corte > 0 else ancho - 3].rstrip(" ,;:") + "..."


class GrupoPerezoso(click.Group):
    """The root group: commands come from ``COMANDOS`` and their modules load on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMANDOS)

    def get_command(self, ctx: click.Context, nombre: str) -> click.Command | None:
        if nombre not in COMANDOS:
            return None
        if nombre not in self.commands:
            modulo = importlib.import_module(f"archivo.cli.{COMANDOS[nombre][0]}")
            for comando in getattr(modulo, "comandos", []):
                click_es.en_espanol(comando)
                tipos.revisar_textos(comando)  # control characters in any option: refused, naming it
                self.commands[comando.name] = comando
        return self.commands.get(nombre)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ancho = formatter.width - 6 - max(len(n) for n in COMANDOS)
        filas = [(n, _recortar(ayuda, ancho)) for n, (_, ayuda) in COMANDOS.items()]
        with formatter.section(click_es.traducir("Commands")):
            formatter.write_dl(filas)


@click.group(cls=GrupoPerezoso, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    # What the command's ``Contexto`` is built from (archivo.cli.contexto, when the command runs).
    ctx.obj = Opciones(raiz, usuario)


click_es.en_espanol(cli)
tipos.revisar_textos(cli)


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
    pdf.silenciar_pypdf()  # its English log lines about repaired PDFs never reach the screen
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
