"""archivo configuracion revisar | ver."""

from __future__ import annotations

import click

from archivo.base import configuracion
from archivo.base.errors import ArchivoError
from archivo.cli import GrupoOrdenado
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import exito, imprimir_json, imprimir_lista, opcion_formato


@click.group("configuracion", cls=GrupoOrdenado)
def grupo() -> None:
    """Revisa y muestra la configuración del archivo (archivo.toml)."""


@grupo.command()
@opcion_formato
@pasar_contexto
def revisar(ctx: Contexto, formato: str) -> None:
    """Revisa archivo.toml: lo que está mal escrito, lo que falta y los datos de ejemplo que quedan.

    Muestra todos los problemas a la vez, cada uno con su lugar y cómo corregirlo, y termina con código distinto de
    cero si hay alguno. Con la configuración completa dice «La configuración está completa».
    """
    problemas = configuracion.revisar(ctx.raiz.archivo_toml)
    if formato == "json":
        imprimir_json([p.como_dict() for p in problemas])
    elif not problemas:
        exito(f"La configuración está completa ({ctx.raiz.archivo_toml}).")
    else:
        click.echo(f"Problemas de {ctx.raiz.archivo_toml}:")
        for p in problemas:
            click.echo(f"  - {p}")
    if problemas:
        raise ArchivoError(f"archivo.toml tiene {len(problemas)} problema(s); corríjalos con un editor de texto y "
                           "vuelva a ejecutar «archivo configuracion revisar».")


@grupo.command()
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, formato: str) -> None:
    """Muestra la configuración en uso: cada tabla y clave, con los valores por omisión de lo no escrito."""
    config = ctx.raiz.config
    if formato == "json":
        imprimir_json(config.efectiva)
        return
    click.echo(f"# Configuración en uso de {ctx.raiz.archivo_toml}")
    click.echo(configuracion.texto_efectivo(config))
    ejemplo = config.valores_de_ejemplo()
    if ejemplo:
        imprimir_lista([p.como_dict() for p in ejemplo], [("lugar", "Dato de ejemplo por cambiar"),
                                                          ("sugerencia", "Qué escribir")], "tabla")


comandos = [grupo]
