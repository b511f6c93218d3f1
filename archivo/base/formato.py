"""Spanish (Mexico) formatting: dates, numbers, amounts in words, names and días hábiles.

Backed by babel (CLDR es_MX), num2words and holidays (Mexican official holidays). These functions are the
template filters (see ``FILTROS``) and are used by every module that writes text for people.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from archivo.base.errors import EntradaInvalida

# Parsing lives in archivo.base.valores (one parser per kind of value for every input); the names stay importable
# from here because the template filters and many modules use them.
from archivo.base.valores import MESES as MESES
from archivo.base.valores import a_booleano, a_decimal, a_fecha
from archivo.base.valores import plegar as plegar_valor

LOCALE = "es_MX"
MESES_CORTOS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]


def plegar(texto: str) -> str:
    """A name in the form to compare it as people mean it: no accents, any case, spaces collapsed
    («En Curso» and «en  curso» → «en curso»; «Comisión» → «comision»; «año» → «ano»): the project's one
    folding (``archivo.base.valores.plegar``) with the spaces collapsed, for choices and configuration keys.
    """
    return " ".join(plegar_valor(texto).split())


def format_date(dia: date, patron: str, *, locale: str) -> str:
    from babel.dates import format_date as formatear  # heavy library: imported where used (fast start)

    return formatear(dia, patron, locale=locale)


def format_decimal(numero: Decimal, format: str | None = None, *, locale: str) -> str:
    from babel.numbers import format_decimal as formatear  # heavy library: imported where used (fast start)

    return formatear(numero, format=format, locale=locale)


def num2words(numero: Any, *, lang: str) -> str:
    from num2words import num2words as en_letras  # heavy library: imported where used (fast start)

    return en_letras(numero, lang=lang)


def fecha_larga(valor: Any) -> str:
    """17 de junio de 2024."""
    return format_date(a_fecha(valor), "d 'de' MMMM 'de' y", locale=LOCALE)


def fecha_con_dia(valor: Any) -> str:
    """lunes 17 de junio de 2024."""
    return format_date(a_fecha(valor), "EEEE d 'de' MMMM 'de' y", locale=LOCALE)


def fecha_corta(valor: Any) -> str:
    """17/06/2024."""
    return a_fecha(valor).strftime("%d/%m/%Y")


def mes_anio(valor: Any) -> str:
    """junio de 2024."""
    return format_date(a_fecha(valor), "MMMM 'de' y", locale=LOCALE)


def numero(valor: Any, decimales: int | None = None) -> str:
    """1,234.5 (es_MX groups with commas)."""
    d = a_decimal(valor)
    if decimales is None:
        return format_decimal(d, locale=LOCALE)
    patron = "#,##0" + ("." + "0" * decimales if decimales else "")
    return format_decimal(d, format=patron, locale=LOCALE)


def calificacion(valor: Any) -> str:
    """Evaluation grades are written with three decimals: 9.125."""
    return numero(valor, 3)


def moneda(valor: Any) -> str:
    """$12,345.60"""
    d = a_decimal(valor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    signo = "-" if d < 0 else ""
    return f"{signo}${format_decimal(abs(d), format='#,##0.00', locale=LOCALE)}"


def letras(valor: Any) -> str:
    """A number in words: 1234 -> 'mil doscientos treinta y cuatro'."""
    d = a_decimal(valor)
    if d == d.to_integral_value():
        return num2words(int(d), lang="es")
    return num2words(d, lang="es")


def moneda_letras(valor: Any) -> str:
    """Amount as written in Mexican official documents: 'doce mil trescientos cuarenta y cinco pesos 60/100 M.N.'"""
    d = a_decimal(valor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    enteros = int(abs(d))
    centavos = int((abs(d) - enteros) * 100)
    palabras = num2words(enteros, lang="es")
    # "un peso", "veintiún pesos": apocope before a masculine noun.
    palabras = re.sub(r"veintiuno$", "veintiún", palabras)
    palabras = re.sub(r"uno$", "un", palabras)
    unidad = "peso" if enteros == 1 else "pesos"
    if enteros and enteros % 1_000_000 == 0:
        unidad = "de pesos"
    return f"{palabras} {unidad} {centavos:02d}/100 M.N."


def moneda_completa(valor: Any) -> str:
    """$12,345.60 (doce mil trescientos cuarenta y cinco pesos 60/100 M.N.)"""
    return f"{moneda(valor)} ({moneda_letras(valor)})"


_MINUSCULAS = {"de", "del", "la", "las", "los", "y", "e", "el", "da", "van", "von", "di"}


def nombre_propio(valor: Any) -> str:
    """'MARÍA DE LOS ÁNGELES PÉREZ' -> 'María de los Ángeles Pérez'."""
    palabras = str(valor).split()
    salida = []
    for i, p in enumerate(palabras):
        baja = p.lower()
        if i > 0 and baja in _MINUSCULAS:
            salida.append(baja)
        else:
            salida.append("-".join(s[:1].upper() + s[1:] for s in baja.split("-")))
    return " ".join(salida)


def mayusculas(valor: Any) -> str:
    return str(valor).upper()


_ORDINALES_F = ["", "primera", "segunda", "tercera", "cuarta", "quinta", "sexta", "séptima", "octava", "novena",
                "décima", "decimoprimera", "decimosegunda"]
_ORDINALES_M = ["", "PRIMERO", "SEGUNDO", "TERCERO", "CUARTO", "QUINTO", "SEXTO", "SÉPTIMO", "OCTAVO", "NOVENO",
                "DÉCIMO", "DÉCIMO PRIMERO", "DÉCIMO SEGUNDO", "DÉCIMO TERCERO", "DÉCIMO CUARTO",
                "DÉCIMO QUINTO", "DÉCIMO SEXTO", "DÉCIMO SÉPTIMO", "DÉCIMO OCTAVO", "DÉCIMO NOVENO", "VIGÉSIMO"]


def ordinal_femenino(valor: Any) -> str:
    """3 -> 'tercera' (Tercera sesión extraordinaria)."""
    n = int(valor)
    return _ORDINALES_F[n] if 0 < n < len(_ORDINALES_F) else f"{n}a."


def punto_acuerdo(valor: Any) -> str:
    """1 -> 'PRIMERO' (puntos de acuerdo, considerandos)."""
    n = int(valor)
    return _ORDINALES_M[n] if 0 < n < len(_ORDINALES_M) else f"{n}o."


def romano(valor: Any) -> str:
    n = int(valor)
    if n <= 0:
        return str(n)
    pares = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    salida = ""
    for v, s in pares:
        while n >= v:
            salida += s
            n -= v
    return salida


def si_no(valor: Any) -> str:
    return "Sí" if a_booleano(valor) else "No"


# --- días hábiles -----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _feriados(anio: int) -> frozenset[date]:
    import holidays  # heavy library: imported where used (fast start)

    return frozenset(holidays.Mexico(years=anio).keys())


def es_habil(dia: date, inhabiles_extra: tuple[str, ...] = ()) -> bool:
    """Monday to Friday, not a Mexican official holiday, not a day the institution declared inhábil."""
    return dia.weekday() < 5 and dia not in _feriados(dia.year) and dia.isoformat() not in inhabiles_extra


def sumar_dias_habiles(inicio: Any, dias: int, inhabiles_extra: tuple[str, ...] = ()) -> date:
    """The date ``dias`` días hábiles after ``inicio`` (negative: before). The start day is not counted."""
    actual = a_fecha(inicio)
    paso = 1 if dias >= 0 else -1
    restantes = abs(int(dias))
    while restantes:
        actual += timedelta(days=paso)
        if es_habil(actual, inhabiles_extra):
            restantes -= 1
    return actual


def dias_habiles_entre(inicio: Any, fin: Any, inhabiles_extra: tuple[str, ...] = ()) -> int:
    """Días hábiles after ``inicio`` up to and including ``fin``."""
    a, b = a_fecha(inicio), a_fecha(fin)
    signo = 1
    if b < a:
        a, b, signo = b, a, -1
    n, actual = 0, a
    while actual < b:
        actual += timedelta(days=1)
        if es_habil(actual, inhabiles_extra):
            n += 1
    return signo * n


def _filtro_seguro(funcion):
    """Template filters raise a Spanish message naming the filter when a value does not fit."""

    def envoltura(valor, *args, **kwargs):
        try:
            return funcion(valor, *args, **kwargs)
        except (ValueError, TypeError, ArithmeticError) as e:
            raise EntradaInvalida(f"El filtro «{funcion.__name__}» no pudo dar formato a «{valor}»: {e}") from None

    envoltura.__name__ = funcion.__name__
    envoltura.__doc__ = funcion.__doc__
    return envoltura


# Filters available in every template: {{ fecha|fecha_larga }}, {{ monto|moneda_letras }} …
FILTROS = {
    f.__name__: _filtro_seguro(f)
    for f in (fecha_larga, fecha_con_dia, fecha_corta, mes_anio, numero, calificacion, moneda, letras,
              moneda_letras, moneda_completa, nombre_propio, mayusculas, ordinal_femenino, punto_acuerdo,
              romano, si_no)
}
