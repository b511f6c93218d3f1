"""Excel workbooks of the archival instruments: the cuadro, the CADIDO and the inventories.

``escribir_hoja`` lays out one sheet (bold shaded header, widths, frozen header, dates as dates, drop-down lists);
``leer_hoja`` reads one back by its header names (accents, case and spacing ignored) and gives every value with its
place («cadido.xlsx, hoja «CADIDO», fila 7, columna D («Trámite (años)»)», the input layer's form) so an import can
report every problem at once.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from archivo.base import excel
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.tablas import Libro
from archivo.base.valores import comparable

GRIS = "D9D9D9"
MAXIMO_DESCOMPRIMIDO = 50 * 1024 * 1024  # an Excel of a cuadro or a CADIDO is a few hundred KB: refuse zip bombs


@dataclass(frozen=True)
class Columna:
    clave: str
    encabezado: str
    ancho: float = 14
    opciones: tuple[str, ...] = ()  # drop-down list in the sheet
    alias: tuple[str, ...] = ()     # other headers accepted on import


@dataclass
class Revision:
    """Problems of an input, collected so they are reported all at once."""

    problemas: list[Problema] = field(default_factory=list)

    def problema(self, lugar: str, mensaje: str, sugerencia: str = "") -> None:
        self.problemas.append(Problema(lugar, mensaje, sugerencia))

    def lanzar(self, mensaje: str) -> None:
        if self.problemas:
            raise EntradaInvalida(f"{mensaje} ({len(self.problemas)} problema(s))", self.problemas)


def normalizar(texto: Any) -> str:
    """Lower case, no accents, single spaces: how headers and choices are compared (the input layer's folding)."""
    return comparable(texto or "")


def nuevo_libro():
    from openpyxl import Workbook  # heavy library: imported where used (fast start)

    libro = Workbook()
    libro.remove(libro.active)
    return libro


def escribir_hoja(libro: Any, nombre: str, columnas: Sequence[Columna], filas: Sequence[dict[str, Any]], *,
                  titulo: Sequence[str] = (), notas: Sequence[str] = ()) -> Any:
    """Add a sheet: optional title lines, the header row, one row per dict, then notes below the table."""
    # heavy library: imported where used (fast start)
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    hoja = libro.create_sheet(nombre)
    negrita = Font(bold=True)
    envolver = Alignment(vertical="top", wrap_text=True)
    fina = Side(style="thin", color="808080")
    borde = Border(left=fina, right=fina, top=fina, bottom=fina)
    fila = 1
    for linea in titulo:
        excel.celda(hoja, fila, 1, linea).font = Font(bold=True, size=12 if fila == 1 else 11)
        fila += 1
    if titulo:
        fila += 1
    encabezado = fila
    for j, c in enumerate(columnas, start=1):
        celda = excel.celda(hoja, fila, j, c.encabezado)
        celda.font, celda.fill, celda.alignment, celda.border = negrita, PatternFill("solid", fgColor=GRIS), \
            Alignment(vertical="center", wrap_text=True), borde
        hoja.column_dimensions[get_column_letter(j)].width = c.ancho
    for datos in filas:
        fila += 1
        for j, c in enumerate(columnas, start=1):
            valor = datos.get(c.clave)
            celda = excel.celda(hoja, fila, j, "" if valor is None else valor)  # a formula-like text stays text
            celda.border = borde
            celda.alignment = envolver
            if isinstance(valor, date):
                celda.number_format = "dd/mm/yyyy"
    hoja.freeze_panes = hoja.cell(row=encabezado + 1, column=1)
    ultima = max(fila, encabezado + 200)
    for j, c in enumerate(columnas, start=1):
        if c.opciones:
            lista = DataValidation(type="list", formula1='"' + ",".join(c.opciones) + '"', allow_blank=True)
            hoja.add_data_validation(lista)
            letra = get_column_letter(j)
            lista.add(f"{letra}{encabezado + 1}:{letra}{ultima}")
    if notas:
        fila += 2
        for nota in notas:
            excel.celda(hoja, fila, 1, nota)
            fila += 1
    return hoja


def escribir_leame(libro: Any, lineas: Sequence[str]) -> None:
    """A «Léame» sheet with how to fill in the workbook (kept apart so added rows never meet it)."""
    from openpyxl.styles import Alignment  # heavy library: imported where used (fast start)

    hoja = libro.create_sheet("Léame")
    hoja.column_dimensions["A"].width = 120
    for i, linea in enumerate(lineas, start=1):
        excel.celda(hoja, i, 1, linea).alignment = Alignment(wrap_text=True, vertical="top")


def bytes_de(libro: Any) -> bytes:
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


Dato = tuple[Any, str]  # (value, place)


def abrir(ruta: Path | str) -> Libro:
    """A workbook to import (values, not formulas) through the input layer, or a clear error."""
    ruta = Path(ruta)
    if ruta.suffix.lower() not in (".xlsx", ".xlsm"):
        if not ruta.is_file():
            raise ArchivoError(f"No existe el archivo {ruta}.")
        raise EntradaInvalida(f"{ruta.name}: use un libro de Excel (.xlsx).")
    return Libro(ruta, maximo_descomprimido=MAXIMO_DESCOMPRIMIDO)


def leer_hoja(libro: Libro, nombre: str, columnas: Sequence[Columna], obligatorias: Sequence[str],
              r: Revision, archivo: str) -> list[tuple[int, dict[str, Dato]]]:
    """Rows of sheet ``nombre`` (or of the only sheet) as (row number, {clave: (value, place)}).

    The header row is the first row that names an obligatory column (a title may sit above it). Unknown headers
    and missing obligatory columns are problems; empty rows are skipped. Places have the input layer's form:
    «cadido.xlsx, hoja «CADIDO», fila 7, columna D («Trámite (años)»)».
    """
    hoja = next((h for h in libro.hojas if normalizar(h) == normalizar(nombre)), None)
    if hoja is None and len(libro.hojas) == 1:
        hoja = libro.hojas[0]
    if hoja is None:
        falta = libro.falta_hoja(nombre)
        r.problema(falta.lugar, falta.mensaje, falta.sugerencia)
        return []
    por_nombre = {}
    for c in columnas:
        for texto_ in (c.encabezado, c.clave, *c.alias):
            por_nombre[normalizar(texto_)] = c
    nombres_obligatorios = {normalizar(c.encabezado) for c in columnas if c.clave in obligatorias}
    faltan = ", ".join(f"«{c.encabezado}»" for c in columnas if c.clave in obligatorias)
    try:
        tabla = libro.tabla(hoja, encabezado=lambda valores: any(normalizar(v) in nombres_obligatorios
                                                                 for v in valores if v not in (None, "")),
                            que_encabezado=f"(columnas {faltan}); use un libro creado con «exportar»")
    except EntradaInvalida as e:
        r.problemas.extend(e.problemas or [Problema(f"{archivo}, hoja «{hoja}»", e.mensaje)])
        return []
    mapa, problemas = tabla.columnas(
        lambda encabezado: (c.clave if (c := por_nombre.get(normalizar(encabezado))) else None),
        obligatorias=[(c.clave, c.encabezado) for c in columnas if c.clave in obligatorias],
        sugerencia="columnas válidas: " + ", ".join(f"«{x.encabezado}»" for x in columnas))
    r.problemas.extend(problemas)
    salida = []
    for fila in tabla.filas:
        datos: dict[str, Dato] = {}
        for clave, j in mapa.items():
            celda = fila.celda(j)
            valor = celda.valor.strip() if isinstance(celda.valor, str) else celda.valor
            datos[clave] = (valor, celda.lugar)
        salida.append((fila.numero, datos))
    return salida


def texto(dato: Dato | None) -> str:
    if dato is None or dato[0] is None:
        return ""
    valor = dato[0]
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, datetime):
        valor = valor.date()
    if isinstance(valor, date):
        return valor.isoformat()
    return str(valor).strip()
