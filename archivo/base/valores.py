"""Values as people write them, read once for every input: tables, data files, command options and forms.

One parser per kind of value, each raising ``ValorInvalido`` (a ``ValueError``) with a Spanish message that says
what is wrong and how to write it; the caller adds the place (file, sheet, row, column; line; option). Decisions:

- **Dates**: 17/06/2024 (also with «-» or «.»), 2024-06-17 (also 2024/06/17 and with a time), «17 de junio de 2024»
  («del 2024», «1o.», «1º» or «primero de», a weekday in front, month names without accents), 17-jun-2024 and the
  dates of Excel cells. A number is a date only when it comes from an Excel cell (``serial_excel``) and falls
  between 1950 and 2100: a cell that lost its date format. Two-digit years, impossible dates (31/02) and the
  month/day order of the United States (06/17/2024) are rejected with the form to use.
- **Numbers and amounts**: the point separates decimals, as in Mexico; commas (or spaces) group thousands only in
  groups of three: 1,234.50 and $1 234.50 are 1234.50. «1234,5» and «1.234,50» are rejected (the comma would be
  read as a decimal point by some and as thousands by others); so are NaN, Infinity, scientific notation and
  numbers of a thousand billion or more.
- **Percentages** are whole numbers from 0 to 100: «80», «80 %», «80.0». An Excel cell formatted as percentage
  stores a fraction (it shows 80 % and holds 0.8): its reader passes ``fraccion=True`` and 0.8 becomes 80. Typed
  as text, «0.8» is rejected (not a whole percentage), never read silently as 0.8 % or as 80 %.
- **Booleans**: sí/no, s/n, x, verdadero/falso, 1/0 (any case, with or without accent); empty is «no».
- **Text**: control characters (NUL, U+0001…U+001F except tab and line breaks, U+007F…U+009F) and broken
  characters (lone surrogates, U+FFFE/U+FFFF) are never stripped silently: ``revisar_texto`` names the first one.
- **Names compared loosely** (headers, mecanismos, áreas, filters): ``plegar`` (lower case without accents) and
  ``comparable`` (plegar + only letters and digits, one space between words). The search analyzer uses the same
  ``plegar``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from archivo.base.errors import Problema

MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre"]

ID_MAXIMO = 2**63 - 1  # SQLite's largest INTEGER
NUMERO_MAXIMO = Decimal(10) ** 15  # a thousand billion: no amount or grade of an office reaches it
ANIO_MINIMO, ANIO_MAXIMO = 1900, 2199


class ValorInvalido(ValueError):
    """A value that does not read as what was expected: ``str(e)`` is the Spanish message with its fix."""

    def __init__(self, mensaje: str, sugerencia: str = "") -> None:
        self.mensaje = mensaje
        self.sugerencia = sugerencia
        super().__init__(f"{mensaje}; {sugerencia}" if sugerencia else mensaje)

    def problema(self, lugar: str) -> Problema:
        return Problema(lugar, self.mensaje, self.sugerencia)


def mostrar(valor: Any, largo: int = 60) -> str:
    """A value as a message quotes it: on one line, at most ``largo`` characters («…» marks the cut)."""
    texto = "" if valor is None else " ".join(str(valor).split())
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


# --- names compared loosely -----------------------------------------------------------------------------------

_PLIEGUE = str.maketrans({
    "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a",
    "é": "e", "è": "e", "ê": "e", "ë": "e",
    "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ó": "o", "ò": "o", "ô": "o", "ö": "o", "õ": "o",
    "ú": "u", "ù": "u", "û": "u", "ü": "u",
    "ñ": "n", "ç": "c", "ý": "y", "ÿ": "y",
    "ª": "a", "º": "o",
})
_PLIEGUE_MAYUSCULAS = str.maketrans({k.upper(): v.upper() for k, v in
                                     {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ü": "u", "ñ": "n"}.items()})


def sin_acentos(texto: Any) -> str:
    """The same text without accents, case kept: «Número de Año» -> «Numero de Ano»."""
    t = str(texto).translate(_PLIEGUE).translate(_PLIEGUE_MAYUSCULAS)
    if t.isascii():
        return t
    descompuesto = unicodedata.normalize("NFKD", t)
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def plegar(texto: Any) -> str:
    """Lower case without accents: «Constitución Política» -> «constitucion politica».

    The one folding of the project (the search analyzer indexes with it too): the common Spanish letters go
    through a translation table (fast: it runs on every word indexed), rare ones are decomposed.
    """
    bajo = str(texto).lower().translate(_PLIEGUE)
    if bajo.isascii():
        return bajo
    descompuesto = unicodedata.normalize("NFKD", bajo)
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


_PALABRA = re.compile(r"[^\W_]+")


def comparable(texto: Any) -> str:
    """A name as compared loosely: folded, only its letters and digits, one space between words.

    «Área de adscripción:» -> «area de adscripcion»; «Rango (A/B/C)» -> «rango a b c».
    """
    return " ".join(_PALABRA.findall(plegar("" if texto is None else texto)))


# --- text ---------------------------------------------------------------------------------------------------

_INVALIDO = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOMBRES_CONTROL = {0: "nulo, NUL", 9: "tabulador", 0x0B: "tabulador vertical, un salto de línea de Word",
                    0x0C: "salto de página", 0x1B: "escape, ESC", 0x7F: "borrar, DEL"}


def describir_caracter(c: str) -> str:
    """«el carácter de control U+0000 (nulo (NUL))», for messages."""
    codigo = ord(c)
    if 0xD800 <= codigo <= 0xDFFF:
        return f"un carácter dañado U+{codigo:04X} (medio par sustituto: el texto se cortó o se convirtió mal)"
    if codigo in (0xFFFE, 0xFFFF):
        return f"un carácter que no existe U+{codigo:04X}"
    nombre = _NOMBRES_CONTROL.get(codigo)
    return f"el carácter de control U+{codigo:04X}" + (f" ({nombre})" if nombre else "")


def caracter_invalido(texto: str) -> tuple[int, str] | None:
    """(position, character) of the first control or broken character of ``texto``; None if there is none."""
    m = _INVALIDO.search(texto)
    return (m.start(), m.group()) if m else None


def problema_texto(texto: str) -> ValorInvalido | None:
    """The error for a text with a control or broken character (tab and line breaks are fine); None if clean."""
    hallado = caracter_invalido(texto)
    if hallado is None:
        return None
    posicion, c = hallado
    donde = f" (carácter {posicion + 1} del texto)" if len(texto) > 1 else ""
    return ValorInvalido(f"contiene {describir_caracter(c)}{donde}",
                         "bórrelo y escriba el texto de nuevo; no se quitan caracteres sin avisar")


def revisar_texto(texto: str) -> str:
    """``texto`` itself, or ``ValorInvalido`` when it has a control or broken character."""
    error = problema_texto(texto)
    if error is not None:
        raise error
    return texto


def a_texto(valor: Any) -> str:
    """A cell or field as text, stripped: 12.0 -> «12», None -> «»; control characters rejected."""
    if valor is None:
        return ""
    if isinstance(valor, str):  # the common case, without the calls below
        if _INVALIDO.search(valor):
            revisar_texto(valor)
        return valor.strip()
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, datetime) and valor.time() == datetime.min.time():
        valor = valor.date()
    return revisar_texto(str(valor)).strip()


# --- dates --------------------------------------------------------------------------------------------------

_MESES_POR_NOMBRE = {m: i for i, m in enumerate(MESES, start=1)}
_MESES_POR_NOMBRE.update({m[:3]: i for i, m in enumerate(MESES, start=1)})
_MESES_POR_NOMBRE.update({"sept": 9, "setiembre": 9, "set": 9})
_DIAS_SEMANA = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$")
_DMY = re.compile(r"^(\d{1,2})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})$")
_TEXTO = re.compile(r"^(\d{1,2}|primero)(?:o|º|°|ro)?\.?(?:\s+de|\s*[-/]|\s)\s*([a-z]+)\.?(?:\s+del?|\s*[-/,]|\s)\s*"
                    r"(\d{4})$")
_SERIAL_MINIMO, _SERIAL_MAXIMO = 18264, 73415  # 1950-01-01 and 2100-12-31 as Excel numbers
_EPOCA_EXCEL = date(1899, 12, 30)
_SUGERENCIA_FECHA = "escríbala como 17/06/2024, 2024-06-17 o «17 de junio de 2024»"


def _dias_del_mes(anio: int, mes: int) -> int:
    siguiente = date(anio + (mes == 12), mes % 12 + 1, 1)
    return (siguiente - timedelta(days=1)).day


def _construir(anio: int, mes: int, dia: int, original: Any) -> date:
    if not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        raise ValorInvalido(f"«{mostrar(original)}» no es una fecha válida: el año {anio} está fuera de lo razonable",
                            "revise el año")
    if not 1 <= mes <= 12:
        sugerencia = _SUGERENCIA_FECHA
        if 1 <= dia <= 12 and 13 <= mes <= 31:
            sugerencia = f"el orden es día/mes/año: {mes:02d}/{dia:02d}/{anio}"
        raise ValorInvalido(f"«{mostrar(original)}» no es una fecha válida: el mes {mes} no existe", sugerencia)
    if not 1 <= dia <= _dias_del_mes(anio, mes):
        raise ValorInvalido(f"«{mostrar(original)}» no es una fecha válida: {MESES[mes - 1]} de {anio} tiene "
                            f"{_dias_del_mes(anio, mes)} días", "revise el día")
    return date(anio, mes, dia)


def a_fecha(valor: Any, *, serial_excel: bool = False) -> date:
    """A date as people write it (see the module's docstring); ``ValorInvalido`` with the form to use."""
    if isinstance(valor, datetime):
        return _construir(valor.year, valor.month, valor.day, valor)
    if isinstance(valor, date):
        return _construir(valor.year, valor.month, valor.day, valor)
    if isinstance(valor, bool) or valor is None:
        raise ValorInvalido(f"«{mostrar(valor)}» no es una fecha válida", _SUGERENCIA_FECHA)
    if isinstance(valor, int | float | Decimal):
        numero = float(valor) if not isinstance(valor, Decimal) or valor.is_finite() else math.nan
        if serial_excel and math.isfinite(numero) and _SERIAL_MINIMO <= numero <= _SERIAL_MAXIMO:
            return _EPOCA_EXCEL + timedelta(days=int(numero))
        raise ValorInvalido(f"«{mostrar(valor)}» no es una fecha válida (es un número)",
                            "dé formato de fecha a la celda o " + _SUGERENCIA_FECHA)
    original = str(valor)
    error = problema_texto(original)
    if error is not None:
        raise error
    rapido = original.strip()
    if (m := _ISO.match(rapido)) or (m := _DMY.match(rapido)):  # the usual forms, before any folding
        if len(m.groups()) == 3:
            return _construir(int(m[1]), int(m[2]), int(m[3]), original)
        if len(m[4]) == 4:
            return _construir(int(m[4]), int(m[3]), int(m[1]), original)
    texto = " ".join(plegar(original).split())
    for dia in _DIAS_SEMANA:
        if texto.startswith(dia + " ") or texto.startswith(dia + ","):
            texto = texto[len(dia) + 1:].lstrip(" ,")
            break
    if m := _ISO.match(texto):
        return _construir(int(m[1]), int(m[2]), int(m[3]), original)
    if m := _DMY.match(texto):
        if len(m[4]) == 2:
            raise ValorInvalido(f"«{mostrar(original)}» no es una fecha válida: el año necesita sus cuatro cifras",
                                f"escríbala como {int(m[1]):02d}/{int(m[3]):02d}/20{m[4]}")
        return _construir(int(m[4]), int(m[3]), int(m[1]), original)
    if m := _TEXTO.match(texto):
        mes = _MESES_POR_NOMBRE.get(m[2])
        if mes is None:
            raise ValorInvalido(f"«{mostrar(original)}» no es una fecha válida: «{m[2]}» no es un mes", _SUGERENCIA_FECHA)
        dia = 1 if m[1] == "primero" else int(m[1])
        return _construir(int(m[3]), mes, dia, original)
    raise ValorInvalido(f"«{mostrar(original)}» no es una fecha válida", _SUGERENCIA_FECHA)


# --- numbers ------------------------------------------------------------------------------------------------

_ESPACIOS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
_NUMERO_SIMPLE = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_NUMERO_MILES = re.compile(r"^\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?$")
_SUGERENCIA_NUMERO = "escríbalo con punto decimal y sin separar los miles con punto, p. ej. 1234.50 o 1,234.50"


def a_decimal(valor: Any) -> Decimal:
    """A number or amount as written in Mexico: 1234.5, 1,234.50, $1,234.50, -3, 9.125 (see the docstring)."""
    if isinstance(valor, bool) or valor is None:
        raise ValorInvalido(f"«{mostrar(valor)}» no es un número", _SUGERENCIA_NUMERO)
    if isinstance(valor, Decimal):
        numero = valor
    elif isinstance(valor, int):
        numero = Decimal(valor)
    elif isinstance(valor, float):
        if not math.isfinite(valor):
            raise ValorInvalido(f"«{mostrar(valor)}» no es un número", "escriba una cantidad, p. ej. 9.125")
        numero = Decimal(str(valor))
    else:
        numero = _decimal_de_texto(str(valor))
    if not numero.is_finite():
        raise ValorInvalido(f"«{mostrar(valor)}» no es un número", "escriba una cantidad, p. ej. 9.125")
    if abs(numero) >= NUMERO_MAXIMO:
        raise ValorInvalido(f"«{mostrar(valor)}» es demasiado grande", "revise la cantidad: el máximo es 999,999,999,999,999")
    return numero


def _decimal_de_texto(original: str) -> Decimal:
    error = problema_texto(original)
    if error is not None:
        raise error
    texto = original.translate(_ESPACIOS).strip()
    signo = ""
    if texto[:1] and texto[0] in "+-":
        signo, texto = texto[0], texto[1:].strip()
    if texto.startswith("$"):
        texto = texto[1:].strip()
    if texto[:1] and texto[0] in "+-" and not signo:
        signo, texto = texto[0], texto[1:].strip()
    if _NUMERO_SIMPLE.match(texto):
        limpio = texto
    elif _NUMERO_MILES.match(texto):
        limpio = texto.replace(",", "").replace(" ", "")
    else:
        plegado = plegar(texto)
        if plegado in ("nan", "inf", "infinity", "infinito", "snan") or re.fullmatch(r"[\d.]+e[+-]?\d+", plegado):
            raise ValorInvalido(f"«{mostrar(original)}» no es una cantidad que se pueda escribir en un documento",
                                "escriba la cantidad con cifras, p. ej. 9.125")
        if re.fullmatch(r"\d+,\d+", texto) or re.fullmatch(r"\d{1,3}(?:\.\d{3})+,\d+", texto):
            raise ValorInvalido(f"«{mostrar(original)}» no es un número: en México el punto separa los decimales",
                                f"escriba {texto.replace('.', '').replace(',', '.')}")
        raise ValorInvalido(f"«{mostrar(original)}» no es un número", _SUGERENCIA_NUMERO)
    try:
        return Decimal(signo + limpio)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise ValorInvalido(f"«{mostrar(original)}» no es un número", _SUGERENCIA_NUMERO) from None


def a_entero(valor: Any, *, minimo: int | None = None, maximo: int | None = None, que: str = "número") -> int:
    """A whole number (12, «12», 12.0), optionally within [minimo, maximo]."""
    limites = (f"de {minimo} a {maximo}" if minimo is not None and maximo is not None
               else f"mayor o igual que {minimo}" if minimo is not None
               else f"menor o igual que {maximo}" if maximo is not None else "")
    try:
        numero = a_decimal(valor)
    except ValorInvalido as e:
        if "demasiado grande" in e.mensaje and limites:
            raise ValorInvalido(f"«{mostrar(valor)}» es demasiado grande", f"escriba un número {limites}") from None
        raise ValorInvalido(f"«{mostrar(valor)}» no es un {que}", "escriba un número entero, p. ej. 3") from None
    if numero != numero.to_integral_value():
        raise ValorInvalido(f"«{mostrar(valor)}» no es un {que} entero", "escriba un número sin decimales")
    n = int(numero)
    if (minimo is not None and n < minimo) or (maximo is not None and n > maximo):
        raise ValorInvalido(f"«{mostrar(valor)}» no es un {que} válido", f"escriba un número {limites}")
    return n


def a_id(valor: Any) -> int | None:
    """The record number a person typed (``12`` or ``#12``), or None when it is not one (letters, 0, too big)."""
    if isinstance(valor, bool):
        return None
    if isinstance(valor, int):
        return valor if 1 <= valor <= ID_MAXIMO else None
    texto = str(valor).strip().removeprefix("#")
    if not texto.isascii() or not texto.isdigit() or len(texto) > 19:
        return None
    n = int(texto)
    return n if 1 <= n <= ID_MAXIMO else None


_SUGERENCIA_PORCENTAJE = "escriba un número entero de 0 a 100, p. ej. 80 o «80 %»"


def a_porcentaje(valor: Any, *, fraccion: bool = False) -> int:
    """A whole percentage from 0 to 100: 80, «80», «80 %», 80.0; with ``fraccion`` (an Excel cell formatted as
    percentage) 0.8 is 80. See the module's docstring for why «0.8» typed as text is rejected."""
    if isinstance(valor, bool) or valor is None:
        raise ValorInvalido(f"«{mostrar(valor)}» no es un porcentaje", _SUGERENCIA_PORCENTAJE)
    if isinstance(valor, str):
        error = problema_texto(valor)
        if error is not None:
            raise error
        texto = valor.translate(_ESPACIOS).strip()
        if texto.endswith("%"):
            texto = texto[:-1].strip()
        elif fraccion:
            fraccion = False  # a number typed as text in a percentage cell is the percentage itself
        try:
            numero = a_decimal(texto)
        except ValorInvalido:
            raise ValorInvalido(f"«{mostrar(valor)}» no es un porcentaje", _SUGERENCIA_PORCENTAJE) from None
    else:
        try:
            numero = a_decimal(valor)
        except ValorInvalido:
            raise ValorInvalido(f"«{mostrar(valor)}» no es un porcentaje", _SUGERENCIA_PORCENTAJE) from None
    if fraccion:
        numero = (numero * 100).quantize(Decimal("0.000001"))
    if numero != numero.to_integral_value() or not 0 <= numero <= 100:
        mostrado = f"{numero.normalize():f} %" if fraccion else f"«{mostrar(valor)}»"
        raise ValorInvalido(f"{mostrado} no es un porcentaje entero de 0 a 100", _SUGERENCIA_PORCENTAJE)
    return int(numero)


# --- yes / no -----------------------------------------------------------------------------------------------

_SI = frozenset(("si", "s", "verdadero", "true", "1", "x", "yes", "cierto"))
_NO = frozenset(("no", "n", "falso", "false", "0", ""))


def a_booleano(valor: Any) -> bool:
    """sí/no as people write it (see the module's docstring); ``ValorInvalido`` for anything else."""
    if isinstance(valor, bool):
        return valor
    if isinstance(valor, int) and valor in (0, 1):
        return bool(valor)
    if isinstance(valor, float) and valor in (0.0, 1.0):
        return bool(valor)
    texto = plegar("" if valor is None else valor).strip().rstrip(".")
    if texto in _SI:
        return True
    if texto in _NO:
        return False
    raise ValorInvalido(f"«{mostrar(valor)}» no es sí o no", "escriba «sí» o «no»")
