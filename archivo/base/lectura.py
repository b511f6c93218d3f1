"""Reading the files people give archivo: their text (any encoding Windows or Excel writes) and YAML/JSON data.

- ``leer_bytes``/``decodificar``/``leer_texto``: UTF-8 with or without BOM, UTF-16 (with BOM, as Excel's «Texto
  Unicode» and Notepad's «Unicode» write it, or without one), UTF-32 with BOM, and Windows-1252 (Excel's «CSV»
  on Windows, Notepad's «ANSI»). A file that is not text (a workbook with the wrong extension, a PDF, an
  image) or UTF-8 with broken bytes is refused with its place and how to save it.
- ``cargar_yaml``/``cargar_json``/``leer_datos``: every problem in Spanish with line, column and the fix (an
  unquoted colon inside a value: «ponga el texto entre comillas»), never the parser's English; nesting deeper
  than ``PROFUNDIDAD_MAXIMA``, aliases that expand without end, repeated keys, invalid dates and control or broken
  characters inside texts are problems too.
"""

from __future__ import annotations

import codecs
import errno
import json
import re
from functools import cache
from json import decoder as json_decoder
from json import scanner as json_scanner
from pathlib import Path
from typing import Any

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.valores import describir_caracter, problema_texto

PROFUNDIDAD_MAXIMA = 64  # levels of lists/mappings inside a data file; the project's own need at most 6
ELEMENTOS_MAXIMOS = 200_000  # values of a data file once its aliases are expanded
TAMANO_MAXIMO_DATOS = 2 * 1024 * 1024  # PyYAML (pure Python, as before) reads about 70 KB per second
TAMANO_MAXIMO_TABLA = 200 * 1024 * 1024
_SUGERENCIA_UTF8 = ("guárdelo de nuevo como texto UTF-8 (en el Bloc de notas: Archivo › Guardar como › "
                    "Codificación: UTF-8)")


# --- reading bytes --------------------------------------------------------------------------------------------

_ERRORES_SISTEMA = {
    errno.ENOENT: "no existe",
    errno.EACCES: "no tiene permiso para leerlo",
    errno.EPERM: "no tiene permiso para leerlo",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.ELOOP: "es un enlace que apunta a sí mismo",
    errno.EIO: "el disco no pudo leerlo (error de lectura)",
}


def error_de_lectura(ruta: Path, e: OSError) -> EntradaInvalida:
    """A Spanish message for a file that could not be read."""
    motivo = _ERRORES_SISTEMA.get(e.errno or 0, f"el sistema no pudo leerlo (error {e.errno})")
    return EntradaInvalida(f"No se pudo leer {ruta}: {motivo}.")


def leer_bytes(ruta: Path | str, *, maximo: int = TAMANO_MAXIMO_DATOS) -> bytes:
    """The bytes of a file the user named; a missing, unreadable or oversized file is an ``EntradaInvalida``."""
    ruta = Path(ruta)
    try:
        if not ruta.is_file():
            if ruta.is_dir():
                raise EntradaInvalida(f"{ruta} es una carpeta; indique un archivo.")
            raise EntradaInvalida(f"No existe el archivo {ruta}.")
        tamano = ruta.stat().st_size
        if tamano > maximo:
            raise EntradaInvalida(f"{ruta.name} pesa {tamano / 1024 / 1024:.1f} MB; el máximo para este tipo de "
                                  f"archivo es {maximo // 1024 // 1024} MB. Divídalo en partes.")
        return ruta.read_bytes()
    except OSError as e:
        raise error_de_lectura(ruta, e) from None


# --- text encodings -------------------------------------------------------------------------------------------

_FIRMAS_BINARIAS = (
    (b"PK\x03\x04", "un libro de Excel (.xlsx) o un documento de Word (.docx) comprimido",
     "si es un libro de Excel, cámbiele la extensión a .xlsx; si no, guárdelo como texto"),
    (b"\xd0\xcf\x11\xe0", "un archivo de Office 97-2003 (.xls o .doc)",
     "ábralo en Excel o Word y guárdelo como .xlsx o como texto"),
    (b"%PDF", "un PDF", "copie su contenido a un archivo de texto"),
    (b"\x89PNG", "una imagen PNG", "use un archivo de texto"),
    (b"\xff\xd8\xff", "una imagen JPEG", "use un archivo de texto"),
)


def _posicion_en_bytes(datos: bytes, indice: int) -> tuple[int, int]:
    linea = datos.count(b"\n", 0, indice) + 1
    inicio = datos.rfind(b"\n", 0, indice) + 1
    columna = len(datos[inicio:indice].decode("utf-8", "replace")) + 1
    return linea, columna


def _utf16_sin_firma(datos: bytes) -> str | None:
    """«utf-16-le»/«utf-16-be» when ``datos`` look like UTF-16 without BOM (half of the bytes are zero)."""
    muestra = datos[:4096]
    if len(muestra) < 4 or len(muestra) % 2:
        muestra = muestra[: len(muestra) - len(muestra) % 2]
    if len(muestra) < 4:
        return None
    ceros_pares, ceros_impares = muestra[0::2].count(0), muestra[1::2].count(0)
    mitad = len(muestra) // 2
    if ceros_impares >= 0.4 * mitad and ceros_impares > 2 * ceros_pares:
        return "utf-16-le"
    if ceros_pares >= 0.4 * mitad and ceros_pares > 2 * ceros_impares:
        return "utf-16-be"
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decodificar(datos: bytes, nombre: str) -> tuple[str, str]:
    """(text, encoding) of a file's bytes; ``EntradaInvalida`` naming the place when they are not text."""
    for firma, que, sugerencia in _FIRMAS_BINARIAS:
        if datos.startswith(firma):
            raise EntradaInvalida(f"{nombre} no es un archivo de texto: parece {que}; {sugerencia}.")
    for firma, codificacion in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                                (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                (codecs.BOM_UTF16_BE, "utf-16-be")):
        if datos.startswith(firma):
            try:
                return datos[len(firma):].decode(codificacion), codificacion
            except UnicodeDecodeError as e:
                raise EntradaInvalida(
                    f"{nombre} dice estar en {codificacion.upper()} pero tiene bytes dañados "
                    f"(posición {e.start + len(firma)}); {_SUGERENCIA_UTF8}.") from None
    utf16 = _utf16_sin_firma(datos) if b"\x00" in datos else None  # text in UTF-8 has no zero bytes
    if utf16:
        try:
            return datos.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return datos.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        error_utf8 = e
    if b"\x00" in datos:
        raise EntradaInvalida(f"{nombre} no es un archivo de texto (tiene bytes nulos, como un programa o una "
                              f"imagen); {_SUGERENCIA_UTF8}.")
    if _UTF8_MULTIBYTE.search(datos):
        # Valid UTF-8 sequences next to invalid bytes: a damaged UTF-8 file, not Windows-1252 (reading it as
        # Windows-1252 would put «Ã³» in an official document).
        linea, columna = _posicion_en_bytes(datos, error_utf8.start)
        raise EntradaInvalida(f"{nombre} está en UTF-8 pero tiene un byte dañado (0x{datos[error_utf8.start]:02X}) "
                              f"en la línea {linea}, columna {columna}; corrija esa letra o {_SUGERENCIA_UTF8}.")
    try:
        return datos.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as e:
        linea, columna = _posicion_en_bytes(datos, e.start)
        raise EntradaInvalida(f"{nombre} no es un archivo de texto: el byte 0x{datos[e.start]:02X} de la línea "
                              f"{linea}, columna {columna} no es una letra en ninguna codificación de Windows; "
                              f"{_SUGERENCIA_UTF8}.") from None


def leer_texto(ruta: Path | str, *, maximo: int = TAMANO_MAXIMO_DATOS) -> str:
    """The text of a file in any encoding ``decodificar`` reads."""
    ruta = Path(ruta)
    return decodificar(leer_bytes(ruta, maximo=maximo), ruta.name)[0]


def linea_columna(texto: str, indice: int) -> tuple[int, int]:
    """1-based (line, column) of a character of ``texto`` (lines end with LF, CRLF or CR)."""
    previo = texto[:indice]
    linea = previo.count("\n") + previo.count("\r") - previo.count("\r\n") + 1
    inicio = max(previo.rfind("\n"), previo.rfind("\r")) + 1
    return linea, indice - inicio + 1


def _lugar(nombre: str, linea: int, columna: int | None = None) -> str:
    return f"{nombre}, línea {linea}" + (f", columna {columna}" if columna is not None else "")


def _error(nombre: str, formato: str, problemas: list[Problema]) -> EntradaInvalida:
    n = len(problemas)
    return EntradaInvalida(f"{nombre} no se pudo leer como {formato}: {n} problema{'s' if n > 1 else ''}; "
                           "no se usó nada de él:", problemas)


# --- YAML ---------------------------------------------------------------------------------------------------

class _Profundo(Exception):
    def __init__(self, marca: Any) -> None:
        self.marca = marca


@cache
def _yaml() -> tuple[Any, type]:
    """PyYAML and the project's loader class, built on first use (heavy library: imported where used, fast
    start). The loader is SafeLoader stopping before nesting deeper than ``PROFUNDIDAD_MAXIMA`` (the composer
    is recursive)."""
    import yaml  # heavy library: imported where used (fast start)

    class CargadorYAML(yaml.SafeLoader):
        def __init__(self, texto: str) -> None:
            super().__init__(texto)
            self._nivel = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self._nivel += 1
            try:
                if self._nivel > PROFUNDIDAD_MAXIMA:
                    raise _Profundo(self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self._nivel -= 1

    return yaml, CargadorYAML


_CLAVE_VALOR = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'][^:#]*?):\s+(.*?)\s*$")


def _entre_comillas(linea: str) -> str:
    """The line with its value quoted: `asunto: Notificación: resultados` -> `asunto: "Notificación: resultados"`."""
    m = _CLAVE_VALOR.match(linea)
    if not m:
        return ""
    valor = m[3].replace("\\", "\\\\").replace('"', '\\"')
    return f'{m[1]}{m[2]}: "{valor}"'.strip()


def _explicar_yaml(e: Any, lineas: list[str]) -> tuple[Any, str, str]:
    """(mark, mensaje, sugerencia) in Spanish for a PyYAML error."""
    problema = str(getattr(e, "problem", "") or "")
    contexto = str(getattr(e, "context", "") or "")
    marca = getattr(e, "problem_mark", None)
    marca_contexto = getattr(e, "context_mark", None)
    linea = lineas[marca.line] if marca is not None and marca.line < len(lineas) else ""
    comillas = "ponga el texto entre comillas"
    if "mapping values are not allowed" in problema:
        propuesta = _entre_comillas(linea)
        return marca, "hay dos puntos seguidos de un espacio («: ») dentro de un valor", (
            f"{comillas}: {propuesta}" if propuesta else comillas)
    if "'\\t'" in problema or "tab character" in problema:
        return marca, "hay un tabulador en la sangría", "sangre las líneas con espacios, no con tabuladores"
    if "cannot start any token" in problema:
        caracter = problema.split("'")[1] if "'" in problema else "?"
        return marca, f"un valor no puede empezar con «{caracter}»", comillas
    if "quoted scalar" in contexto and "end of stream" in problema:
        return marca_contexto or marca, "las comillas que abren aquí no se cierran", (
            "cierre las comillas al final del texto; dentro de comillas simples, un apóstrofo se escribe ''")
    if "unknown escape character" in problema:
        caracter = problema.split("'")[1] if "'" in problema else "?"
        return marca, f"«\\{caracter}» no se puede escribir dentro de comillas dobles", (
            "escriba \\\\ para una barra invertida, o use comillas simples")
    if "could not find expected ':'" in problema:
        return marca_contexto or marca, "a esta línea le falta «:» entre el nombre del campo y su valor", (
            "escriba «campo: valor»; si el texto sigue de la línea anterior, ponga todo el valor entre comillas")
    if "found undefined alias" in problema:
        return marca, "un valor que empieza con «*» se lee como alias, y no hay ninguno con ese nombre", comillas
    if "duplicate anchor" in contexto:
        return marca, "el ancla «&» se repite", "use un nombre distinto para cada ancla"
    if "alias" in contexto or "anchor" in contexto or "alphabetic or numeric" in problema:
        return marca, "un valor no puede empezar con «*» ni con «&»", comillas
    if "another document" in problema:
        return marca, "el archivo tiene más de un documento (una línea «---» en medio)", (
            "deje un solo documento: quite esa línea")
    if "constructor for the tag" in problema:
        return marca, "la etiqueta «!» de este valor no está permitida", "quítela"
    if "unhashable key" in problema:
        return marca, "un nombre de campo no puede ser una lista ni un conjunto", "escriba un nombre de campo"
    if "did not find expected '-'" in problema:
        return marca, "en una lista, cada elemento empieza con «- » y la misma sangría", (
            "alinee los guiones de la lista")
    if "expected ',' or ']'" in problema or "expected ',' or '}'" in problema:
        cierre = "]" if "]" in problema else "}"
        abre = f" (abre en la línea {marca_contexto.line + 1})" if marca_contexto is not None else ""
        return marca, f"falta cerrar «{cierre}»{abre} o una coma entre sus elementos", (
            f"{comillas} si el valor lleva «[» o «{{»")
    if "expected <block end>" in problema or "did not find expected key" in problema:
        antes = linea[:marca.column].rstrip() if marca is not None else ""
        if antes.endswith(('"', "'")):
            return marca, "sobra texto después de las comillas de cierre", "ponga todo el texto dentro de las comillas"
        return marca, "la sangría de esta línea no corresponde con la de las anteriores", (
            "alinee los campos del mismo nivel con el mismo número de espacios, o " + comillas)
    return marca, "la sintaxis no es correcta aquí", (
        "revise las comillas, los dos puntos y la sangría de esta línea y de la anterior")


def _revisar_nodos(cargador: Any, raiz: Any, nombre: str, problemas: list[Problema]) -> None:
    """Texts, dates, numbers, repeated keys, cycles and expanded size of a composed YAML document."""
    yaml, _ = _yaml()
    tamanos: dict[int, int] = {}
    en_curso: set[int] = set()
    pila: list[tuple[Any, bool]] = [(raiz, False)]
    revisados: set[int] = set()

    def lugar(nodo: Any) -> str:
        return _lugar(nombre, nodo.start_mark.line + 1, nodo.start_mark.column + 1)

    while pila:
        nodo, salida = pila.pop()
        ident = id(nodo)
        if salida:
            en_curso.discard(ident)
            hijos = _hijos(yaml, nodo)
            tamanos[ident] = 1 + sum(tamanos.get(id(h), 1) for h in hijos)
            if tamanos[ident] > ELEMENTOS_MAXIMOS:
                raise EntradaInvalida(f"{nombre} tiene más de {ELEMENTOS_MAXIMOS:,} valores (¿alias «*» que se "
                                      "repiten unos dentro de otros?); simplifíquelo.".replace(",", " "))
            continue
        if ident in en_curso:
            problemas.append(Problema(lugar(nodo), "un alias se contiene a sí mismo (una estructura sin fin)",
                                      "quite el alias «*» que apunta a su propia ancla"))
            raise _Ciclo()
        if ident in revisados:
            continue
        revisados.add(ident)
        if isinstance(nodo, yaml.ScalarNode):
            _revisar_escalar(cargador, nodo, lugar(nodo), problemas)
            tamanos[ident] = 1
            continue
        en_curso.add(ident)
        pila.append((nodo, True))
        if isinstance(nodo, yaml.MappingNode):
            vistas: dict[str, int] = {}
            for clave, _valor in nodo.value:
                if isinstance(clave, yaml.ScalarNode) and clave.tag != "tag:yaml.org,2002:merge":
                    if clave.value in vistas:
                        problemas.append(Problema(lugar(clave), f"«{clave.value}» está repetido (también en la línea "
                                                                f"{vistas[clave.value]})",
                                                  "deje una sola vez cada nombre"))
                    vistas.setdefault(clave.value, clave.start_mark.line + 1)
        for hijo in reversed(_hijos(yaml, nodo)):
            pila.append((hijo, False))


class _Ciclo(Exception):
    pass


def _hijos(yaml: Any, nodo: Any) -> list[Any]:
    if isinstance(nodo, yaml.MappingNode):
        return [x for par in nodo.value for x in par]
    if isinstance(nodo, yaml.SequenceNode):
        return list(nodo.value)
    return []


def _revisar_escalar(cargador: Any, nodo: Any, lugar: str, problemas: list[Problema]) -> None:
    error = problema_texto(nodo.value)
    if error is not None:
        problemas.append(error.problema(lugar))
        return
    if nodo.tag == "tag:yaml.org,2002:timestamp":
        try:
            cargador.construct_yaml_timestamp(nodo)
        except (ValueError, OverflowError):
            problemas.append(Problema(lugar, f"«{nodo.value}» no es una fecha válida",
                                      "revise el día y el mes: año-mes-día, p. ej. 2024-06-17"))
    elif nodo.tag == "tag:yaml.org,2002:int":
        digitos = sum(c.isdigit() for c in nodo.value)
        if digitos > 30:
            problemas.append(Problema(lugar, f"el número de {digitos} cifras es demasiado grande",
                                      "si es un texto, como una clave o un folio, póngalo entre comillas"))


_CORCHETES = re.compile(r"[\[\]{}]")


def _corchetes_profundos(texto: str) -> int | None:
    """Index of the first «[»/«{» opened more than ``PROFUNDIDAD_MAXIMA`` deep (quotes not considered).

    PyYAML's scanner takes quadratic time on deeply nested flow collections, so they are refused before parsing.
    Counting brackets inside quoted texts too can only make a file look deeper than it is, and no real data file
    opens 64 brackets inside its texts.
    """
    nivel = 0
    for m in _CORCHETES.finditer(texto):
        if m.group() in "[{":
            nivel += 1
            if nivel > PROFUNDIDAD_MAXIMA:
                return m.start()
        else:
            nivel = max(0, nivel - 1)
    return None


def cargar_yaml(texto: str, nombre: str) -> Any:
    """The data of a YAML text; ``EntradaInvalida`` with every problem in Spanish (line, column, fix)."""
    profundo = _corchetes_profundos(texto)
    if profundo is not None:
        raise _error(nombre, "YAML", [Problema(_lugar(nombre, *linea_columna(texto, profundo)),
                                               f"las listas o campos están anidados a más de {PROFUNDIDAD_MAXIMA} "
                                               "niveles", "simplifique la estructura del archivo")])
    yaml, CargadorYAML = _yaml()
    lineas = texto.splitlines()
    problemas: list[Problema] = []
    cargador = None
    try:
        try:
            cargador = CargadorYAML(texto)
            nodo = cargador.get_single_node()
        except _Profundo as p:
            raise _error(nombre, "YAML", [Problema(
                _lugar(nombre, p.marca.line + 1, p.marca.column + 1),
                f"las listas o campos están anidados a más de {PROFUNDIDAD_MAXIMA} niveles",
                "simplifique la estructura del archivo")]) from None
        except yaml.MarkedYAMLError as e:
            marca, mensaje, sugerencia = _explicar_yaml(e, lineas)
            lugar = _lugar(nombre, marca.line + 1, marca.column + 1) if marca is not None else nombre
            raise _error(nombre, "YAML", [Problema(lugar, mensaje, sugerencia)]) from None
        except yaml.reader.ReaderError as e:
            linea, columna = linea_columna(texto, e.position)
            c = chr(e.character) if isinstance(e.character, int) else str(e.character)
            raise _error(nombre, "YAML", [Problema(_lugar(nombre, linea, columna), f"contiene {describir_caracter(c)}",
                                                   "bórrelo; no se quitan caracteres sin avisar")]) from None
        except yaml.YAMLError:
            raise _error(nombre, "YAML", [Problema(nombre, "la sintaxis no es correcta",
                                                   "revise las comillas, los dos puntos y la sangría")]) from None
        if nodo is None:
            return None
        try:
            _revisar_nodos(cargador, nodo, nombre, problemas)
        except _Ciclo:
            raise _error(nombre, "YAML", problemas) from None
        if problemas:
            raise _error(nombre, "YAML", problemas)
        try:
            return cargador.construct_document(nodo)
        except yaml.MarkedYAMLError as e:
            marca, mensaje, sugerencia = _explicar_yaml(e, lineas)
            lugar = _lugar(nombre, marca.line + 1, marca.column + 1) if marca is not None else nombre
            raise _error(nombre, "YAML", [Problema(lugar, mensaje, sugerencia)]) from None
        except (ValueError, OverflowError, TypeError, RecursionError):
            raise _error(nombre, "YAML", [Problema(nombre, "un valor no se pudo leer",
                                                   "revise fechas, números y etiquetas «!»")]) from None
    finally:
        if cargador is not None:
            cargador.dispose()


# --- JSON ---------------------------------------------------------------------------------------------------

_FICHAS_JSON = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]|-?Infinity|NaN')
_EXPLICACIONES_JSON = (
    ("Expecting property name", "el nombre de un campo debe ir entre comillas dobles (o sobra una coma antes de «}»)",
     'escriba "campo": valor; JSON usa comillas dobles, no simples'),
    ("Expecting ':' delimiter", "falta «:» entre el nombre del campo y su valor", 'escriba "campo": valor'),
    ("Expecting ',' delimiter", "falta una coma entre dos elementos, o sobra texto",
     "separe los elementos con comas y ponga los textos entre comillas dobles"),
    ("Unterminated string", "las comillas que abren aquí no se cierran", "cierre las comillas dobles del texto"),
    ("Invalid control character", "hay un salto de línea o un carácter de control dentro de un texto",
     "escriba un salto de línea como \\n y un tabulador como \\t"),
    ("Invalid \\uXXXX escape", "una secuencia \\u no tiene cuatro cifras hexadecimales",
     "escríbala como \\u00e1, o escriba la letra tal cual"),
    ("Invalid \\escape", "una barra invertida «\\» inicia una secuencia no válida",
     "escriba \\\\ para una barra invertida"),
    ("Extra data", "sobra texto después del final de los datos", "quítelo, o ponga todo dentro de un solo { }"),
    ("Expecting value", "falta un valor aquí (o sobra una coma)",
     "un valor es un texto entre comillas dobles, un número, true, false, null, una lista [ ] o un objeto { }"),
)


def _prerrevisar_json(texto: str, nombre: str) -> list[Problema]:
    """Nesting depth and the NaN/Infinity that Python's json would accept, found without recursion."""
    problemas: list[Problema] = []
    nivel = 0
    for m in _FICHAS_JSON.finditer(texto):
        ficha = m.group()
        if ficha in ("[", "{"):
            nivel += 1
            if nivel > PROFUNDIDAD_MAXIMA:
                linea, columna = linea_columna(texto, m.start())
                problemas.append(Problema(_lugar(nombre, linea, columna),
                                          f"las listas u objetos están anidados a más de {PROFUNDIDAD_MAXIMA} niveles",
                                          "simplifique la estructura del archivo"))
                break
        elif ficha in ("]", "}"):
            nivel = max(0, nivel - 1)
        elif ficha in ("NaN", "Infinity", "-Infinity"):
            linea, columna = linea_columna(texto, m.start())
            problemas.append(Problema(_lugar(nombre, linea, columna), f"«{ficha}» no es un número",
                                      "escriba la cantidad con cifras, p. ej. 9.125"))
    return problemas


def cargar_json(texto: str, nombre: str) -> Any:
    """The data of a JSON text; ``EntradaInvalida`` with every problem in Spanish (line, column, fix)."""
    problemas = _prerrevisar_json(texto, nombre)
    if problemas:
        raise _error(nombre, "JSON", problemas)

    def lugar(indice: int) -> str:
        return _lugar(nombre, *linea_columna(texto, indice))

    def cadena(s: str, fin: int, estricto: bool = True) -> tuple[str, int]:
        valor, nuevo_fin = json_decoder.scanstring(s, fin, estricto)
        error = problema_texto(valor)
        if error is not None:
            problemas.append(error.problema(lugar(fin - 1)))
        return valor, nuevo_fin

    def objeto(s_y_fin: tuple[str, int], estricto: bool, escanear: Any, _gancho: Any, _pares: Any,
               memo: Any = None) -> tuple[dict[str, Any], int]:
        inicio = s_y_fin[1] - 1

        def pares(lista: list[tuple[str, Any]]) -> dict[str, Any]:
            vistas: set[str] = set()
            for clave, _ in lista:
                error = problema_texto(clave)
                if error is not None:
                    problemas.append(error.problema(lugar(inicio)))
                elif clave in vistas:
                    problemas.append(Problema(lugar(inicio), f"el objeto que empieza aquí repite «{clave}»",
                                              "deje una sola vez cada nombre"))
                vistas.add(clave)
            return dict(lista)

        return json_decoder.JSONObject(s_y_fin, estricto, escanear, None, pares, memo)

    decodificador = json.JSONDecoder()
    decodificador.parse_string = cadena
    decodificador.parse_object = objeto
    decodificador.scan_once = json_scanner.py_make_scanner(decodificador)
    try:
        datos = decodificador.decode(texto)
    except json.JSONDecodeError as e:
        mensaje, sugerencia = "la sintaxis no es correcta aquí", "revise comillas, comas y llaves"
        for clave, explicado, arreglo in _EXPLICACIONES_JSON:
            if e.msg.startswith(clave):
                mensaje, sugerencia = explicado, arreglo
                break
        if not texto.strip():
            mensaje, sugerencia = "está vacío", "escriba los datos entre { }"
        raise _error(nombre, "JSON", [Problema(_lugar(nombre, e.lineno, e.colno), mensaje, sugerencia)]) from None
    except RecursionError:  # pragma: no cover - the depth is checked before
        raise _error(nombre, "JSON", [Problema(nombre, "los datos están anidados a demasiados niveles",
                                               "simplifique la estructura")]) from None
    if problemas:
        raise _error(nombre, "JSON", problemas)
    return datos


# --- data files ---------------------------------------------------------------------------------------------

def leer_yaml(ruta: Path | str) -> Any:
    """The data of a YAML file (any text encoding), with every problem in Spanish."""
    ruta = Path(ruta)
    return cargar_yaml(leer_texto(ruta), ruta.name)


def leer_json(ruta: Path | str) -> Any:
    ruta = Path(ruta)
    return cargar_json(leer_texto(ruta), ruta.name)


def leer_datos(ruta: Path | str) -> Any:
    """A data file: ``.json`` is JSON, anything else (``.yaml``, ``.yml``) YAML."""
    ruta = Path(ruta)
    return leer_json(ruta) if ruta.suffix.lower() == ".json" else leer_yaml(ruta)
