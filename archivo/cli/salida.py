"""How commands print: a readable table for people, ``--formato json`` for scripts, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click
from rich.console import Console
from rich.text import Text


def _ancho() -> int | None:
    """Tables keep their shape when the output goes to a file or another program."""
    return None if sys.stdout.isatty() else 200


consola = Console(highlight=False, soft_wrap=False, width=_ancho())
consola_err = Console(stderr=True, highlight=False)

opcion_formato = click.option(
    "--formato", type=click.Choice(["tabla", "json"]), default="tabla", show_default=True,
    help="«tabla» para leer en pantalla; «json» (una lista de objetos) para otros programas.",
)


def _por_defecto(valor: Any) -> Any:
    if isinstance(valor, date | datetime):
        return valor.isoformat()
    if isinstance(valor, Decimal):
        return float(valor)
    if isinstance(valor, set | tuple):
        return list(valor)
    return str(valor)


def imprimir_json(datos: Any) -> None:
    click.echo(json.dumps(datos, ensure_ascii=False, indent=2, default=_por_defecto))


def imprimir_lista(filas: Sequence[dict[str, Any]], columnas: Sequence[tuple[str, str]], formato: str,
                   *, titulo: str | None = None, vacio: str = "No hay registros.") -> None:
    """Print rows as a table (``columnas`` = (key, Spanish heading)) or, with ``json``, every field."""
    if formato == "json":
        imprimir_json(list(filas))
        return
    if not filas:
        consola.print(vacio)
        return
    from rich.table import Table  # heavy library: imported where used (fast start)

    tabla = Table(title=titulo, show_lines=False, header_style="bold")
    for _, encabezado in columnas:
        tabla.add_column(encabezado, overflow="fold")
    for fila in filas:
        tabla.add_row(*[Text(_celda(fila.get(clave))) for clave, _ in columnas])
    consola.print(tabla)


def imprimir_ficha(datos: dict[str, Any], etiquetas: Sequence[tuple[str, str]], formato: str,
                   *, titulo: str | None = None) -> None:
    """One record as label: value lines (or JSON)."""
    if formato == "json":
        imprimir_json(datos)
        return
    if titulo:
        consola.print(f"[bold]{titulo}[/bold]")
    ancho = max((len(e) for _, e in etiquetas), default=0)
    for clave, etiqueta in etiquetas:
        consola.print(f"{etiqueta.ljust(ancho)}  {_celda(datos.get(clave))}", markup=False)


def _celda(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, list | tuple):
        return ", ".join(_celda(v) for v in valor)
    return str(valor)


def exito(mensaje: str) -> None:
    consola.print(f"[green]✔[/green] {mensaje}")


def aviso(mensaje: str) -> None:
    consola_err.print(f"[yellow]Aviso:[/yellow] {mensaje}", markup=True)


@contextmanager
def progreso(descripcion: str, total: int | None) -> Iterator[Any]:
    """A progress bar on stderr (hidden when stderr is not a terminal). Yields ``avanzar(n=1)``."""
    mostrar = sys.stderr.isatty()
    from rich.progress import (  # heavy library: imported where used (fast start)
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=consola_err, disable=not mostrar, transient=False) as barra:
        tarea = barra.add_task(descripcion, total=total)

        def avanzar(n: int = 1) -> None:
            barra.advance(tarea, n)

        yield avanzar


def iterar_con_progreso(elementos: Iterable[Any], descripcion: str, total: int | None = None) -> Iterator[Any]:
    if total is None and hasattr(elementos, "__len__"):
        total = len(elementos)  # type: ignore[arg-type]
    with progreso(descripcion, total) as avanzar:
        for e in elementos:
            yield e
            avanzar()
