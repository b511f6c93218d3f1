"""Dates typed in options: read as every command reads them, and a bad one named by its option."""

from __future__ import annotations

from datetime import date

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.formato import a_fecha


def de_opcion(valor: str | None, opcion: str) -> date | None:
    """The date of ``opcion`` (None when it was not given); ``EntradaInvalida`` naming the option otherwise."""
    if not valor:
        return None
    try:
        return a_fecha(valor)
    except ValueError as e:
        raise EntradaInvalida(f"La opción {opcion} no es válida:", [Problema(opcion, str(e))]) from None
