"""archivo iniciar | demo | historial | verificar."""

from __future__ import annotations

from pathlib import Path

import click

from archivo import respaldo
from archivo.archivistica import integridad
from archivo.base import historial as historial_lib
from archivo.base.catalogo import iniciar_archivo
from archivo.base.errors import COMO_RESTAURAR, ArchivoError, CatalogoDanado, EntradaInvalida
from archivo.base.valores import ID_MAXIMO
from archivo.cli import fechas
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import aviso, consola, exito, imprimir_lista, opcion_formato, progreso
from archivo.demo import PARTES, construir


@click.command()
@click.argument("ruta", type=click.Path(file_okay=False, path_type=Path))
def iniciar(ruta: Path) -> None:
    """Crea un archivo nuevo en la carpeta RUTA (nueva o vacía).

    Deja listo archivo.toml (edítelo con los datos de su institución), las plantillas, las carpetas de
    expedientes y del índice, y el catálogo. Nunca sobrescribe un archivo existente.
    """
    raiz = iniciar_archivo(ruta)
    exito(f"Archivo creado en {raiz.ruta}")
    click.echo(f"Edite {raiz.archivo_toml} con el nombre, siglas, áreas, firmantes y formatos de folio de su "
               "institución. Mientras tenga los datos de ejemplo, archivo no emite folios ni crea expedientes; "
               "cambie al menos:")
    for p in raiz.config.valores_de_ejemplo():
        click.echo(f"  - {p.lugar.removeprefix('archivo.toml, ')}: {p.mensaje}")
    click.echo("Compruébelo con «archivo configuracion revisar». Después: «archivo personal formato --salida "
               "padron.xlsx» para capturar el padrón.")


@click.command()
@click.argument("ruta", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--membrete", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="RUTA.docx",
              help="Construye la demostración con este membrete (p. ej. el de su institución).")
def demo(ruta: Path | None, membrete: Path | None) -> None:
    """Construye un archivo de demostración de un OPLE ficticio (por omisión en ./demo).

    Crea unas 40 personas ficticias del Servicio, procedimientos de varios mecanismos con sus documentos,
    carátulas e índices, importa acuerdos anteriores, carga las matrices de riesgo, prepara una sesión con su
    carpeta en PDF, e indica dónde ver cada resultado. Con --membrete, todos sus documentos llevan ese membrete.
    """
    import shutil
    import sys


    destino = ruta or Path("demo")
    # How the user runs archivo, for the example commands: «archivo» if it is on the PATH, else the path typed.
    invocado = sys.argv[0] if sys.argv and sys.argv[0] else "archivo"
    programa = "archivo" if shutil.which("archivo") and Path(shutil.which("archivo")).resolve() == \
        Path(invocado).resolve() else invocado
    with progreso("Construyendo la demostración", len(PARTES)) as avanzar:
        hechas = []

        def paso(parte: str) -> None:
            if hechas:
                avanzar()
            hechas.append(parte)

        construir(destino, mostrar=consola.print, avanzar=paso, programa=programa, membrete=membrete)
        avanzar()


@click.command()
@click.option("--desde", metavar="FECHA", help="Solo cambios desde esta fecha (AAAA-MM-DD o DD/MM/AAAA).")
@click.option("--hasta", metavar="FECHA", help="Solo cambios hasta esta fecha, inclusive.")
@click.option("--usuario", "quien", metavar="NOMBRE", help="Solo los cambios de esta persona usuaria.")
@click.option("--entidad", help="Solo cambios de: persona, documento, procedimiento, paso, expediente…")
@click.option("--limite", type=click.IntRange(min=1), default=200, show_default=True, help="Máximo de registros.")
@opcion_formato
@pasar_contexto
def historial(ctx: Contexto, desde: str | None, hasta: str | None, quien: str | None, entidad: str | None,
              limite: int, formato: str) -> None:
    """Muestra el historial de cambios: quién, cuándo, qué, y los valores antes y después."""
    problemas = []
    for opcion, valor in (("--desde", desde), ("--hasta", hasta)):  # both checked: every problem at once
        try:
            fechas.de_opcion(valor, opcion)
        except EntradaInvalida as e:
            problemas += e.problemas
    if problemas:
        raise EntradaInvalida("Las fechas del historial tienen problemas:", problemas)
    # a limit beyond SQLite's integers (2⁶³ − 1) means «all of them», not an overflow
    consulta = historial_lib.consultar(ctx.catalogo, desde=desde, hasta=hasta, usuario=quien, entidad=entidad,
                                       por_pagina=min(limite, ID_MAXIMO - 1))
    if formato == "json":
        imprimir_lista([r.como_dict() for r in consulta.registros], [], formato)
        return
    filas_tabla = [{"momento": r.momento, "usuario": r.usuario, "accion": r.accion, "titulo": r.titulo,
                    "cambios": "\n".join(r.lineas)} for r in consulta.registros]
    imprimir_lista(filas_tabla, [("momento", "Cuándo"), ("usuario", "Quién"), ("accion", "Acción"),
                                 ("titulo", "Qué"), ("cambios", "Antes → después")],
                   formato, vacio="No hay cambios registrados con esos filtros.")


@click.command()
@opcion_formato
@pasar_contexto
def verificar(ctx: Contexto, formato: str) -> None:
    """Comprueba la integridad del archivo: el catálogo con SQLite y el SHA-256 de cada archivo.

    Revisa el catálogo con la comprobación de integridad de SQLite e informa problemas de archivo.toml (como
    «archivo configuracion revisar»), archivos faltantes o alterados, archivos huérfanos que el catálogo no conoce
    y documentos sin archivo; dice también cuándo se hizo el último respaldo. Termina con código distinto de cero
    si encuentra algo.
    """
    cat = ctx.catalogo
    with progreso("Verificando archivos", integridad.total_archivos(cat)) as avanzar:
        hallazgos = integridad.verificar(cat, avanzar)
    danado = any(h.categoria == "catalogo" for h in hallazgos)
    ultimo = None if danado else respaldo.ultimo(cat)
    if formato == "json":
        imprimir_lista([h.como_dict() for h in hallazgos], [], formato)
    else:
        if not hallazgos:
            exito(f"Todo en orden: el catálogo está íntegro y {integridad.total_archivos(cat)} archivos verificados, "
                  "sin hallazgos.")
        else:
            imprimir_lista([h.como_dict() for h in hallazgos],
                           [("descripcion", "Hallazgo"), ("ruta", "Ruta o folio"), ("detalle", "Detalle")], formato)
        if ultimo is not None:
            (aviso if ultimo.atrasado else consola.print)(ultimo.descripcion())
    if danado:
        raise CatalogoDanado(f"El catálogo {ctx.raiz.catalogo_path} está dañado: no se escribirá en él. "
                             + COMO_RESTAURAR)
    if hallazgos:
        raise ArchivoError(f"La verificación encontró {len(hallazgos)} problema(s).")


comandos = [iniciar, demo, historial, verificar]
