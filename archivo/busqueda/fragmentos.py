"""Highlighted fragments of a document's text around the terms searched."""

from __future__ import annotations

import re
from collections.abc import Sequence

from archivo.busqueda.analisis import (
    TOKEN,
    piezas,
)

# --- fragments -----------------------------------------------------------------------------------------------

MARCA_INICIO, MARCA_FIN = "**", "**"
_LIMITE_FRAGMENTOS = 400_000  # characters scanned for matches in a very long document


_VARIANTES = {"a": "aáàâäãª", "e": "eéèêë", "i": "iíìîï", "o": "oóòôöõº", "u": "uúùûü", "n": "nñ", "c": "cç",
              "y": "yýÿ"}


def _patron_candidatos(terminos: Sequence[str]) -> re.Pattern[str] | None:
    """A regex for the places where a searched term may start: the beginning of its stem, in any accent or case.

    Every candidate is then confirmed with the analyzer, so the marks are exactly the index's matches."""
    alternativas = []
    for t in sorted(set(terminos), key=len, reverse=True):
        if not t:
            continue
        prefijo = t if len(t) <= 3 else t[: max(3, len(t) - 2)]
        partes = []
        for c in prefijo:
            variantes = _VARIANTES.get(c)
            partes.append(f"[{variantes}]" if variantes else re.escape(c))
        alternativas.append("".join(partes))
    if not alternativas:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternativas) + ")", re.IGNORECASE)


def fragmentos(texto: str, terminos: Sequence[str], *, maximo: int = 3, ancho: int = 220) -> list[str]:
    """Up to ``maximo`` passages of ``texto`` around the words searched, matches marked ``**así**``.

    Candidates are found with a regular expression (fast even in a 1,000-page law) and confirmed with the
    index analyzer, so «resoluciones» is marked for a query «resolución». Windows with more distinct
    searched words come first. Without any match: the beginning of the text.
    """
    if not texto:
        return []
    buscados = set(terminos)
    coincidencias: list[tuple[int, int, str]] = []
    patron = _patron_candidatos(list(buscados))
    if patron is not None:
        ultimo_fin = -1
        for m in patron.finditer(texto, 0, _LIMITE_FRAGMENTOS):
            inicio = m.start()
            if inicio < ultimo_fin:
                continue
            token = TOKEN.match(texto, inicio)
            if token is None:
                continue
            for p in piezas(token.group()):
                if p.termino in buscados:
                    coincidencias.append((inicio + p.inicio, inicio + p.fin, p.termino))
                    ultimo_fin = inicio + p.fin
                    break
            if len(coincidencias) >= 200:
                break
    if not coincidencias:
        return [_recortar(texto, 0, min(len(texto), ancho), [])]
    ventanas: list[tuple[int, int, int, int]] = []  # (-distinct, order, start, end)
    for i, (ini, fin, _) in enumerate(coincidencias):
        centro = (ini + fin) // 2
        a = max(0, centro - ancho // 2)
        b = min(len(texto), a + ancho)
        a = max(0, b - ancho)
        distintos = {t for s, e, t in coincidencias if s >= a and e <= b}
        ventanas.append((-len(distintos), i, a, b))
    ventanas.sort()
    elegidas: list[tuple[int, int]] = []
    for _, _, a, b in ventanas:
        if all(b <= x or a >= y for x, y in elegidas):
            elegidas.append((a, b))
        if len(elegidas) >= maximo:
            break
    elegidas.sort()
    return [_recortar(texto, a, b, [(s, e) for s, e, _ in coincidencias if s >= a and e <= b]) for a, b in elegidas]


def _recortar(texto: str, a: int, b: int, marcas: list[tuple[int, int]]) -> str:
    # Move the edges to word boundaries.
    if a > 0:
        espacio = texto.find(" ", a, min(len(texto), a + 25))
        if espacio >= 0 and all(espacio < s for s, _ in marcas):
            a = espacio + 1
    if b < len(texto):
        espacio = texto.rfind(" ", max(a, b - 25), b)
        if espacio > a and all(espacio >= e for _, e in marcas):
            b = espacio
    partes, cursor = [], a
    for s, e in marcas:
        partes.append(texto[cursor:s])
        partes.append(f"{MARCA_INICIO}{texto[s:e]}{MARCA_FIN}")
        cursor = e
    partes.append(texto[cursor:b])
    salida = re.sub(r"\s+", " ", "".join(partes)).strip()
    return ("…" if a > 0 else "") + salida + ("…" if b < len(texto) else "")


