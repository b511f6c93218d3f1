"""Institutional folios: one gapless series per (serie, área, año), formatted as archivo.toml says.

The next consecutive is computed inside the caller's write transaction (``BEGIN IMMEDIATE``), and the document
row that carries it is inserted in that same transaction: a folio exists only together with its document, so
numbers are never duplicated, never skipped, never reused (a cancelled document keeps its row and its number).
"""

from __future__ import annotations

from archivo.base.catalogo import Transaccion
from archivo.base.configuracion import Configuracion
from archivo.base.errors import EntradaInvalida


def formatear(config: Configuracion, serie: str, area: str, anio: int, consecutivo: int) -> str:
    formato = config.formato_folio(serie)
    return formato.format(siglas=config.siglas, area=area, anio=anio, consecutivo=consecutivo,
                          organo=config.organo_enlace["siglas"])


def siguiente(tx: Transaccion, config: Configuracion, serie: str, area: str, anio: int) -> tuple[int, str]:
    """(consecutivo, folio) of the next document of the series. Call inside the transaction that inserts it."""
    fila = tx.uno("SELECT MAX(consecutivo) FROM documentos WHERE serie = ? AND area = ? AND anio = ?",
                  (serie, area, anio))
    consecutivo = (fila[0] or 0) + 1
    folio = formatear(config, serie, area, anio, consecutivo)
    if tx.uno("SELECT 1 FROM documentos WHERE folio = ?", (folio,)):
        raise EntradaInvalida(
            f"El folio {folio} ya existe en otra serie. Revise los formatos de [folios] en archivo.toml: "
            "cada serie necesita un formato distinto."
        )
    return consecutivo, folio


def series(tx_o_cat, anio: int | None = None) -> list[dict]:
    """Used numbers per series: for `archivo documento folios` and reports."""
    condicion, params = ("serie IS NOT NULL AND anio = ?", (anio,)) if anio else ("serie IS NOT NULL", ())
    filas = tx_o_cat.todos(
        "SELECT serie, area, anio, COUNT(*) AS emitidos, MAX(consecutivo) AS ultimo, "
        f"SUM(estado = 'cancelado') AS cancelados FROM documentos WHERE {condicion} "
        "GROUP BY serie, area, anio ORDER BY anio, serie, area",
        params,
    )
    return [dict(f) for f in filas]
