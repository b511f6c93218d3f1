"""Date options checked where they are typed: a bad date is a usage error that names its option.

Every option whose metavar is ``FECHA`` (the convention of every command) gets the ``FechaTexto`` type when its
module loads (``validar_fechas``, called by the command table): the value is read as the commands read it
(``formato.a_fecha``), and if it is not a date click says «Valor inválido para '--fecha': «mañana» no es una
fecha…» before the command runs. The command still receives the text it expects.
"""

from __future__ import annotations

from typing import Any

import click

from archivo.base.formato import a_fecha


class FechaTexto(click.ParamType):
    name = "FECHA"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None or value == "":
            return value
        try:
            a_fecha(value)
        except (ValueError, TypeError) as e:
            self.fail(str(e) if isinstance(e, ValueError) else f"«{value}» no es una fecha", param, ctx)
        return value


FECHA = FechaTexto()


def validar_fechas(comando: click.Command) -> None:
    """Give every ``FECHA`` text option of ``comando`` (and its subcommands) the ``FechaTexto`` type."""
    for param in comando.params:
        if isinstance(param, click.Option) and param.metavar == "FECHA" and param.type is click.STRING:
            param.type = FECHA
    if isinstance(comando, click.Group):
        for sub in comando.commands.values():
            validar_fechas(sub)
