"""Tables people fill in Excel, from a CSV file or a workbook (.xlsx), every value with its place.

One reader for every importer (padrón, batch data, risk register, PAT…), so that their messages have one form::

    padron.xlsx, hoja «Padrón», fila 7, columna C («Cargo o puesto»): está vacía y es obligatoria
    padron.csv, fila 7, columna C («Cargo o puesto»): …

CSV: any encoding ``lectura.decodificar`` reads (UTF-8 with or without BOM, UTF-16 as Excel's «Texto Unicode»,
Windows-1252 as Excel's «CSV» on Windows), separated by «,», «;» or tabulators (taken from the header line; Excel's
``sep=;`` first line is honoured), lines ending in LF, CRLF or CR. Rows are numbered as Excel shows them (a text
with line breaks inside quotes is one row). A cell longer than Python's limit (131,072 characters) and quotes
that never close are reported with their row.

Excel: read with openpyxl in read-only mode (values, their number format and fill), whatever dimensions the
workbook declares; a missing sheet is reported with the list of the workbook's sheets.

Texts with control characters (NUL…) are refused here, with their place: no importer receives them.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.lectura import TAMANO_MAXIMO_TABLA, decodificar, error_de_lectura, leer_bytes
from archivo.base.valores import caracter_invalido, problema_texto

EXTENSIONES_EXCEL = (".xlsx", ".xlsm")
FILAS_PARA_ENCABEZADO = 10  # rows searched for the header row (title rows may come first)
PROBLEMAS_MOSTRADOS = 50
DESCOMPRIMIDO_MAXIMO = 1024 * 1024 * 1024  # a workbook of 100,000 rows expands to ~150 MB; refuse zip bombs


def letra_columna(numero: int) -> str:
    """1 -> A, 27 -> AA (as Excel names its columns)."""
    letras = ""
    while numero > 0:
        numero, resto = divmod(numero - 1, 26)
        letras = chr(65 + resto) + letras
    return letras


def _vacio(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


class Celda:
    """One value of a table with its place (``lugar``); Excel cells also keep their number format and fill."""

    __slots__ = ("tabla", "fila", "columna", "valor", "_origen")

    def __init__(self, tabla: Tabla, fila: int, columna: int, valor: Any, origen: Any = None) -> None:
        self.tabla = tabla
        self.fila = fila  # as Excel numbers rows, from 1
        self.columna = columna  # from 1 (column A)
        self.valor = valor
        self._origen = origen

    @property
    def lugar(self) -> str:
        return self.tabla.lugar(self.fila, self.columna)

    @property
    def vacia(self) -> bool:
        return _vacio(self.valor)

    @property
    def formato(self) -> str:
        """The Excel number format («0%», «dd/mm/yyyy»…) when the table was read with ``estilos``; else empty."""
        return str(getattr(self._origen, "number_format", "") or "")

    @property
    def es_porcentaje(self) -> bool:
        """An Excel cell formatted as percentage (it shows 80 % and holds 0.8)."""
        return "%" in self.formato

    @property
    def relleno(self) -> Any:
        """The cell's fill (openpyxl PatternFill) in Excel; None in CSV."""
        return getattr(self._origen, "fill", None) if self._origen is not None else None

    @property
    def de_excel(self) -> bool:
        return self.tabla.hoja is not None

    def __repr__(self) -> str:
        return f"Celda({self.lugar!r}, {self.valor!r})"


class Fila:
    """A row of data (never the header, never an empty row): its values, and its cells built when asked for."""

    __slots__ = ("tabla", "numero", "valores", "_origenes")

    def __init__(self, tabla: Tabla, numero: int, valores: list[Any], origenes: list[Any] | None = None) -> None:
        self.tabla = tabla
        self.numero = numero
        self.valores = valores
        self._origenes = origenes

    def celda(self, indice: int) -> Celda:
        """The cell of column ``indice`` (0 = column A); an empty one, with its place, past the row's end."""
        if 0 <= indice < len(self.valores):
            origen = self._origenes[indice] if self._origenes is not None else None
            return Celda(self.tabla, self.numero, indice + 1, self.valores[indice], origen)
        return Celda(self.tabla, self.numero, indice + 1, None)

    @property
    def celdas(self) -> list[Celda]:
        return [self.celda(i) for i in range(len(self.valores))]

    @property
    def lugar(self) -> str:
        return self.tabla.lugar(self.numero)


class Tabla:
    """A sheet (or a CSV file): its header row and its non-empty data rows."""

    def __init__(self, archivo: str, hoja: str | None) -> None:
        self.archivo = archivo
        self.hoja = hoja
        self.fila_encabezado = 1
        self.encabezados: list[str] = []
        self.filas: list[Fila] = []

    def lugar(self, fila: int | None = None, columna: int | None = None) -> str:
        """«archivo.xlsx, hoja «H», fila 7, columna C («Encabezado»)»; the parts not given are left out."""
        partes = [self.archivo]
        if self.hoja is not None:
            partes.append(f"hoja «{self.hoja}»")
        if fila is not None:
            partes.append(f"fila {fila}")
        if columna is not None:
            texto = f"columna {letra_columna(columna)}"
            encabezado = self.encabezado(columna - 1)
            if fila != self.fila_encabezado and encabezado:
                corto = encabezado if len(encabezado) <= 40 else encabezado[:39] + "…"
                texto += f" («{corto}»)"
            partes.append(texto)
        return ", ".join(partes)

    def encabezado(self, indice: int) -> str:
        return self.encabezados[indice] if 0 <= indice < len(self.encabezados) else ""

    def exigir_filas(self, que: str = "filas de datos") -> None:
        """``EntradaInvalida`` («no hay filas…») when the table has only its header."""
        if not self.filas:
            raise EntradaInvalida(f"{self.lugar()}: no hay {que} debajo del encabezado (fila {self.fila_encabezado}); "
                                  "escriba una fila por registro.")

    def columnas(self, resolver: Callable[[str], str | None], *, obligatorias: Iterable[tuple[str, str]] = (),
                 ignorar: Callable[[str], bool] | None = None,
                 sugerencia: str = "") -> tuple[dict[str, int], list[Problema]]:
        """Map the header to fields: {campo: column index (0 = A)} and the problems (unknown, repeated, missing).

        ``resolver`` gives the field of a header text (None: unknown); ``obligatorias`` are (campo, header shown
        in the message) pairs; ``ignorar`` skips headers on purpose (calculated columns).
        """
        mapa: dict[str, int] = {}
        problemas: list[Problema] = []
        for i, encabezado in enumerate(self.encabezados):
            if not encabezado or (ignorar is not None and ignorar(encabezado)):
                continue
            campo = resolver(encabezado)
            lugar = self.lugar(self.fila_encabezado, i + 1)
            if campo is None:
                problemas.append(Problema(lugar, f"columna desconocida «{encabezado}»", sugerencia))
            elif campo in mapa:
                problemas.append(Problema(lugar, f"la columna «{encabezado}» está repetida (también en la columna "
                                                 f"{letra_columna(mapa[campo] + 1)})", "deje una sola"))
            else:
                mapa[campo] = i
        faltantes = [nombre for campo, nombre in obligatorias if campo not in mapa]
        if len(faltantes) == 1:
            problemas.append(Problema(self.lugar(self.fila_encabezado), f"falta la columna «{faltantes[0]}»",
                                      "agréguela al encabezado"))
        elif faltantes:
            problemas.append(Problema(self.lugar(self.fila_encabezado), "faltan columnas obligatorias: "
                                      + ", ".join(f"«{n}»" for n in faltantes), "agréguelas al encabezado"))
        return mapa, problemas

    def __iter__(self) -> Iterator[Fila]:
        return iter(self.filas)

    def __len__(self) -> int:
        return len(self.filas)


def _texto_encabezado(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    if isinstance(valor, datetime) and valor.time() == datetime.min.time():
        valor = valor.date()
    return " ".join(str(valor).split())


Encabezado = Callable[[list[Any]], bool] | None | bool


def _es_vacia(valores: list[Any]) -> bool:
    return not any(v is not None and (not isinstance(v, str) or v.strip()) for v in valores)


# Rows come as (number, values, origins): the origins are the openpyxl cells (number format, fill) or None.
FilasCrudas = Iterable[tuple[int, list[Any], list[Any] | None]]


def _armar(tabla: Tabla, filas: FilasCrudas, encabezado: Encabezado, que_encabezado: str) -> Tabla:
    """Fill ``tabla`` from its raw rows: find the header, keep the non-empty rows after it, and refuse texts with
    control characters (all of them listed, with their place).

    ``encabezado``: None, the first non-empty row is the header; a function, the first of the first rows it
    accepts; False, there is no header (every non-empty row is data: a sheet of «name, value» pairs).
    """
    problemas: list[Problema] = []
    ocultos = 0
    encontrada = encabezado is False
    if encontrada:
        tabla.fila_encabezado = 0
    revisadas = 0
    for numero, valores, origenes in filas:
        textos = [v for v in valores if isinstance(v, str)]
        if textos and caracter_invalido("\n".join(textos)):  # one search per row; the cells only when needed
            for j, valor in enumerate(valores, start=1):
                error = problema_texto(valor) if isinstance(valor, str) else None
                if error is None:
                    continue
                if len(problemas) < PROBLEMAS_MOSTRADOS:
                    problemas.append(error.problema(tabla.lugar(numero, j)))
                else:
                    ocultos += 1
        vacia = _es_vacia(valores)
        if not encontrada:
            if vacia:
                continue
            revisadas += 1
            if encabezado is None or encabezado is True or (callable(encabezado) and encabezado(valores)):
                encontrada = True
                tabla.fila_encabezado = numero
                tabla.encabezados = [_texto_encabezado(v) for v in valores]
                continue
            if revisadas >= FILAS_PARA_ENCABEZADO:
                break
            continue
        if not vacia:
            tabla.filas.append(Fila(tabla, numero, valores, origenes))
    if problemas:
        resto = f" (y {ocultos} más)" if ocultos else ""
        raise EntradaInvalida(f"{tabla.lugar()} tiene textos con caracteres de control{resto}; no se usó nada del "
                              "archivo. Corríjalos (suelen venir de copiar y pegar desde otro programa):", problemas)
    if not encontrada:
        if not callable(encabezado):
            raise EntradaInvalida(f"{tabla.lugar()} está vacía: no tiene ni la fila de encabezados.")
        raise EntradaInvalida(f"{tabla.lugar()}: no se encontró la fila de encabezados {que_encabezado} en sus "
                              f"primeras {FILAS_PARA_ENCABEZADO} filas.")
    return tabla


# --- CSV ------------------------------------------------------------------------------------------------------

_SEPARADORES = ("\t", ";", ",")
_NOMBRES_SEPARADOR = {"\t": "tabulador", ";": "punto y coma «;»", ",": "coma «,»"}


def _separador(primera_linea: str) -> str:
    """The separator of a CSV: the one the header line uses most (quoted texts not counted)."""
    fuera = re.sub(r'"[^"]*"?', "", primera_linea)
    cuentas = {s: fuera.count(s) for s in _SEPARADORES}
    mejor = max(_SEPARADORES, key=lambda s: cuentas[s])
    return mejor if cuentas[mejor] else ","


def _primera_linea(texto: str) -> str:
    """The first record's text: up to the first line break outside quotes (a header may hold one)."""
    entre_comillas = False
    for i, c in enumerate(texto[:65536]):
        if c == '"':
            entre_comillas = not entre_comillas
        elif c in "\r\n" and not entre_comillas:
            return texto[:i]
    return texto[:65536]


def _filas_csv(texto: str, tabla: Tabla) -> FilasCrudas:
    primera = _primera_linea(texto)
    m = re.fullmatch(r'"?sep=(.)"?', primera.strip())
    if m:  # Excel's hint line: «sep=;» says which separator the file uses; it is not a row
        separador = m[1]
        texto = texto[len(primera):].lstrip("\r\n")
    else:
        separador = _separador(primera)
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador, strict=True)
    numero = 0
    while True:
        try:
            valores = next(lector)
        except StopIteration:
            return
        except csv.Error as e:
            fila = numero + 1
            detalle = str(e)
            if "field larger than field limit" in detalle:
                limite = f"{csv.field_size_limit():,}".replace(",", " ")
                mensaje = (f"una celda tiene más de {limite} caracteres, el máximo",
                           'suele deberse a unas comillas (") que abren en esta fila o antes y no se cierran')
            elif "unexpected end of data" in detalle:
                mensaje = ('unas comillas (") que abren en esta fila no se cierran antes del final del archivo',
                           "cierre las comillas; dentro de un texto entre comillas, unas comillas se escriben \"\"")
            elif "expected after" in detalle:
                mensaje = (f'después de cerrar unas comillas (") debe venir el separador '
                           f'({_NOMBRES_SEPARADOR.get(separador, separador)})',
                           'ponga todo el texto de la celda entre comillas y escriba "" para unas comillas dentro')
            else:
                mensaje = ("esta fila no se pudo leer", "revise las comillas de la fila")
            raise EntradaInvalida(f"{tabla.lugar()} no se pudo leer:", [Problema(tabla.lugar(fila), *mensaje)]) from None
        numero += 1
        yield numero, valores, None


def _tabla_csv(ruta: Path, encabezado: Encabezado, que_encabezado: str) -> Tabla:
    datos = leer_bytes(ruta, maximo=TAMANO_MAXIMO_TABLA)
    texto, _codificacion = decodificar(datos, ruta.name)
    tabla = Tabla(ruta.name, None)
    if not texto.strip():
        raise EntradaInvalida(f"{ruta.name} está vacío.")
    return _armar(tabla, _filas_csv(texto, tabla), encabezado, que_encabezado)


# --- Excel ----------------------------------------------------------------------------------------------------

class Libro:
    """An Excel workbook opened read-only; use it in a ``with`` block (it keeps the file open)."""

    def __init__(self, ruta: Path | str, *, maximo_descomprimido: int = DESCOMPRIMIDO_MAXIMO) -> None:
        from openpyxl import load_workbook  # heavy library: imported where used (fast start)

        self.ruta = Path(ruta)
        self.nombre = self.ruta.name
        datos = leer_bytes(self.ruta, maximo=TAMANO_MAXIMO_TABLA)
        if datos.startswith(b"\xd0\xcf\x11\xe0"):
            raise EntradaInvalida(f"{self.nombre} es un libro de Excel 97-2003 (.xls), no un libro de Excel (.xlsx); "
                                  "ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)».")
        if not datos.startswith(b"PK"):
            raise EntradaInvalida(f"{self.nombre} no es un libro de Excel (.xlsx): su contenido no es el de un libro; "
                                  "ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)».")
        _revisar_descomprimido(datos, self.nombre, maximo_descomprimido)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns in English; what matters is checked below
                self._libro = load_workbook(io.BytesIO(datos), read_only=True, data_only=True, keep_links=False)
            declaradas = _hojas_declaradas(datos)
        except Exception:  # openpyxl raises many unrelated types for a damaged workbook
            raise EntradaInvalida(f"{self.nombre} no es un libro de Excel válido o está dañado; ábralo en Excel y "
                                  "guárdelo de nuevo como .xlsx.") from None
        # openpyxl silently leaves out a sheet whose part is missing: the first sheet would then be another one.
        perdidas = [h for h in declaradas if h not in self._libro.sheetnames]
        if perdidas or not self._libro.sheetnames:
            self._libro.close()
            que = ", ".join(f"«{h}»" for h in perdidas) if perdidas else "ninguna"
            raise EntradaInvalida(f"{self.nombre} está dañado: nombra la(s) hoja(s) {que} pero no las contiene; "
                                  "ábralo en Excel y guárdelo de nuevo como .xlsx.")

    @property
    def hojas(self) -> list[str]:
        return list(self._libro.sheetnames)

    def tiene(self, hoja: str) -> bool:
        return hoja in self._libro.sheetnames

    def falta_hoja(self, hoja: str) -> Problema:
        """The problem of a sheet the workbook lacks, naming the sheets it has."""
        return Problema(self.nombre, f"no tiene la hoja «{hoja}»",
                        "sus hojas son: " + ", ".join(f"«{h}»" for h in self.hojas))

    def tabla(self, hoja: str | None = None, *, encabezado: Encabezado = None, que_encabezado: str = "",
              estilos: bool = False) -> Tabla:
        """The table of ``hoja`` (None: the first sheet); ``encabezado`` and ``estilos`` as in ``leer_tabla``."""
        if hoja is None:
            hoja = self.hojas[0]
        elif not self.tiene(hoja):
            raise EntradaInvalida(f"{self.nombre} no tiene la hoja «{hoja}». Sus hojas son: "
                                  + ", ".join(f"«{h}»" for h in self.hojas) + ".")
        hoja_xl = self._libro[hoja]
        if not hasattr(hoja_xl, "iter_rows"):
            raise EntradaInvalida(f"{self.nombre}: la hoja «{hoja}» es un gráfico, no una tabla.")
        if hasattr(hoja_xl, "reset_dimensions"):
            hoja_xl.reset_dimensions()  # workbooks written by some programs declare a wrong size
        tabla = Tabla(self.nombre, hoja)
        try:
            return _armar(tabla, self._filas(hoja_xl, estilos), encabezado, que_encabezado)
        except EntradaInvalida:
            raise
        except Exception:  # a damaged sheet inside a valid package (invalid XML, missing parts)
            raise EntradaInvalida(f"{tabla.lugar()} está dañada y no se pudo leer; ábrala en Excel y guarde el libro "
                                  "de nuevo.") from None

    @staticmethod
    def _filas(hoja: Any, estilos: bool) -> FilasCrudas:
        if not estilos:  # values only: twice as fast as building openpyxl's cell objects
            for numero, fila in enumerate(hoja.iter_rows(values_only=True), start=1):
                yield numero, [_desescapar(v) for v in fila], None
            return
        for numero, fila in enumerate(hoja.iter_rows(), start=1):
            yield numero, [_desescapar(getattr(c, "value", None)) for c in fila], list(fila)

    def cerrar(self) -> None:
        self._libro.close()

    def __enter__(self) -> Libro:
        return self

    def __exit__(self, *_: Any) -> None:
        self.cerrar()


def _revisar_descomprimido(datos: bytes, nombre: str, maximo: int) -> None:
    """A workbook is a zip: refuse one that would expand beyond ``maximo`` bytes (a «zip bomb»)."""
    try:
        with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
            descomprimido = sum(i.file_size for i in paquete.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise EntradaInvalida(f"{nombre} no es un libro de Excel válido o está dañado; ábralo en Excel y guárdelo "
                              "de nuevo como .xlsx.") from None
    if descomprimido > maximo:
        raise EntradaInvalida(f"{nombre} ocupa {descomprimido // (1024 * 1024)} MB al abrirlo, más de los "
                              f"{maximo // (1024 * 1024)} MB que se admiten; revise que sea el libro correcto.")


_ESCAPE_OOXML = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _desescapar(valor: Any) -> Any:
    """Excel writes the characters XML cannot hold as «_xHHHH_» (a CR of a pasted text is «_x000D_»); openpyxl
    leaves them so. They are decoded here: a CR stays a line break, a control character is refused with its
    place instead of reaching a document as «_x0008_». «_x005F_» is the escaped underscore."""
    if isinstance(valor, str) and "_x" in valor:
        return _ESCAPE_OOXML.sub(lambda m: chr(int(m[1], 16)), valor)
    return valor


_HOJA_DECLARADA = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def _hojas_declaradas(datos: bytes) -> list[str]:
    """The sheet names xl/workbook.xml declares (worksheets and chartsheets)."""
    with zipfile.ZipFile(io.BytesIO(datos)) as paquete:
        nombre = next((n for n in paquete.namelist() if n.lower() == "xl/workbook.xml"), None)
        if nombre is None:
            return []
        return [_sin_entidades(m.decode("utf-8", "replace")) for m in _HOJA_DECLARADA.findall(paquete.read(nombre))]


_ENTIDAD = re.compile(r"&(?:#(\d+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));")
_ENTIDADES_XML = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _sin_entidades(texto: str) -> str:
    """An XML attribute's text with its entities resolved (the five of XML and numeric ones)."""
    def una(m: re.Match[str]) -> str:
        if m[3]:
            return _ENTIDADES_XML[m[3]]
        codigo = int(m[1]) if m[1] else int(m[2], 16)
        return chr(codigo) if codigo <= 0x10FFFF else m.group()
    return _ENTIDAD.sub(una, texto)


def abrir_libro(ruta: Path | str, *, maximo_descomprimido: int = DESCOMPRIMIDO_MAXIMO) -> Libro:
    return Libro(ruta, maximo_descomprimido=maximo_descomprimido)


# --- either ---------------------------------------------------------------------------------------------------

def leer_tabla(ruta: Path | str, *, hoja: str | None = None, encabezado: Encabezado = None,
               que_encabezado: str = "", extensiones: tuple[str, ...] = (".csv", *EXTENSIONES_EXCEL),
               formato_esperado: str = "", estilos: bool = False) -> Tabla:
    """The table of a .csv or .xlsx file (``hoja``: the sheet of a workbook; the first one when None).

    ``encabezado`` recognises the header row among the first rows (default: the first non-empty row; False:
    no header);
    ``formato_esperado`` completes the message for a file of another kind (how to get a good one);
    ``estilos`` keeps each Excel cell's number format and fill (``Celda.es_porcentaje``, ``Celda.relleno``).
    """
    ruta = Path(ruta)
    sufijo = ruta.suffix.lower()
    if sufijo not in extensiones:
        admitidas = " o ".join(e for e in extensiones if e != ".xlsm").replace(".xlsx", ".xlsx (Excel)")
        raise EntradaInvalida(f"{ruta.name}: use un archivo {admitidas}." + (f" {formato_esperado}"
                                                                               if formato_esperado else ""))
    if sufijo == ".csv":
        return _tabla_csv(ruta, encabezado, que_encabezado)
    try:
        libro = Libro(ruta)
    except OSError as e:  # pragma: no cover - leer_bytes already turns these into messages
        raise error_de_lectura(ruta, e) from None
    with libro:
        return libro.tabla(hoja, encabezado=encabezado, que_encabezado=que_encabezado, estilos=estilos)
