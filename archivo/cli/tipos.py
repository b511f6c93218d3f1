"""Shared click types for the values commands take, read by ``archivo.base.valores`` like every other input.

- ``ID``: the number of a record (procedimiento, sesión, compromiso, actividad…): a whole number from 1 to
  SQLite's largest (2⁶³ − 1); anything else, 20 digits included, is a Spanish usage error, never an overflow.
- ``Entero(minimo, maximo)``: a whole number in a range (paso, número, posición, límite); ``ANIO`` a year.
- ``PORCENTAJE``: 0 to 100, written «80» or «80 %».
- ``revisar_textos``: every text a command receives (options and arguments, paths excepted) is refused when it
  carries a control character, naming the option — never stripped silently.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.valores import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    ID_MAXIMO,
    ValorInvalido,
    a_entero,
    a_id,
    a_porcentaje,
    problema_texto,
)


class Identificador(click.ParamType):
    """The number of a record, as ``archivo … lista`` shows it (``12`` or ``#12``)."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ID_MAXIMO:
            return value
        ident = a_id(value)
        if ident is None:
            self.fail(f"«{value}» no es un número de registro: escriba el número entero (de 1 en adelante) que "
                      "muestra la lista correspondiente, p. ej. 12.", param, ctx)
        return ident


class Entero(click.ParamType):
    """A whole number within [minimo, maximo]."""

    def __init__(self, minimo: int | None = 1, maximo: int | None = 1_000_000, nombre: str = "N") -> None:
        self.minimo = minimo
        self.maximo = maximo
        self.name = nombre

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and \
                (self.minimo is None or value >= self.minimo) and (self.maximo is None or value <= self.maximo):
            return value
        try:
            return a_entero(value, minimo=self.minimo, maximo=self.maximo)
        except ValorInvalido as e:
            self.fail(f"{e.mensaje}: {e.sugerencia}." if e.sugerencia else f"{e.mensaje}.", param, ctx)


class Porcentaje(click.ParamType):
    """A whole percentage: «80» or «80 %»."""

    name = "0-100"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return a_porcentaje(value)
        except ValorInvalido as e:
            self.fail(f"{e.mensaje}: {e.sugerencia}.", param, ctx)


ID = Identificador()
ANIO = Entero(ANIO_MINIMO, ANIO_MAXIMO, "AÑO")
PORCENTAJE = Porcentaje()


# --- control characters in any text a command receives -------------------------------------------------------

def _nombre(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return f"la opción {max(param.opts, key=len)}"
    return f"el argumento {param.human_readable_name}"


def _problemas(ctx: click.Context, comando: click.Command) -> list[Problema]:
    problemas = []
    for param in comando.params:
        if isinstance(param.type, click.Path | click.File):
            continue  # a file name is what the disk says it is; the file's content is checked when read
        valor = ctx.params.get(param.name or "")
        valores = valor if isinstance(valor, list | tuple) else [valor]
        for v in valores:
            if isinstance(v, str):
                error = problema_texto(v)
                if error is not None:
                    problemas.append(error.problema(_nombre(param)))
    return problemas


def revisar_textos(comando: click.Command) -> click.Command:
    """Wrap ``comando`` (and its subcommands) so that a text with a control character stops it before it runs."""
    original: Callable[..., Any] | None = comando.callback
    if original is not None and not getattr(original, "_revisa_textos", False):
        @functools.wraps(original)
        def envoltura(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            problemas = _problemas(ctx, comando)
            if problemas:
                raise EntradaInvalida("Un valor escrito en el comando tiene caracteres que no se pueden guardar; no "
                                      "se hizo nada:", problemas)
            return original(*args, **kwargs)

        envoltura._revisa_textos = True  # type: ignore[attr-defined]
        comando.callback = envoltura
    if isinstance(comando, click.Group):
        for sub in comando.commands.values():
            revisar_textos(sub)
    return comando
