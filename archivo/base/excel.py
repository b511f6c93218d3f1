"""Writing cells of the Excel workbooks the project produces, safely (one helper for every writer).

Text a user typed (a risk, an activity, a name) may begin with «=», «+», «-», «@», a tab or a carriage return;
a spreadsheet program would take it as a formula («=HYPERLINK(…)», «=cmd|' /C calc'!A0»: spreadsheet formula
injection). Every writer puts values through ``poner``/``agregar_fila``: such text is stored as text (a string
cell with Excel's «quote prefix», shown as typed and still text if edited), never as a live formula. Numbers,
dates and empty cells are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")


def es_peligroso(valor: Any) -> bool:
    """Whether ``valor`` is text a spreadsheet program could read as a formula."""
    return isinstance(valor, str) and valor.startswith(PELIGROSOS)


def poner(celda: Any, valor: Any) -> Any:
    """Set an openpyxl cell's value; text that could be read as a formula is stored as text. Returns the cell."""
    celda.value = valor
    if es_peligroso(valor):
        celda.data_type = "s"  # openpyxl made it a formula ('f') because of the «=»: a string it is
        celda.quotePrefix = True
    return celda


def celda(hoja: Any, fila: int, columna: int, valor: Any = None) -> Any:
    """``hoja.cell(row=fila, column=columna, value=valor)``, safely."""
    return poner(hoja.cell(row=fila, column=columna), valor)


def agregar_fila(hoja: Any, valores: Iterable[Any]) -> None:
    """``hoja.append(valores)``, safely: the row goes after the last one used."""
    fila = hoja.max_row + 1 if hoja.max_row > 1 or hoja.cell(row=1, column=1).value is not None else 1
    for columna, valor in enumerate(valores, start=1):
        poner(hoja.cell(row=fila, column=columna), valor)
