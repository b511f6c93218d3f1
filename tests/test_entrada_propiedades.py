"""Property-based tests (hypothesis) of the parsers: whatever the input, the only exceptions are the project's own.

The table reader (CSV bytes, CSV written by Excel-like writers, workbooks built from arbitrary cells), the value
parsers, the data-file reader (YAML and JSON) and the search query language. Example counts stay small for CI;
no deadline (the CI machine is shared), no example database written into the repository.
"""

from __future__ import annotations

import csv
import io
import json
import math
import string
from datetime import date, datetime
from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.lectura import cargar_json, cargar_yaml, decodificar
from archivo.base.tablas import leer_tabla
from archivo.base.valores import (
    MESES,
    ValorInvalido,
    a_booleano,
    a_decimal,
    a_entero,
    a_fecha,
    a_id,
    a_porcentaje,
    comparable,
    plegar,
    problema_texto,
)
from archivo.busqueda.consulta import Consulta, interpretar

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

RAPIDO = settings(max_examples=150, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
MEDIO = settings(max_examples=60, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LENTO = settings(max_examples=25, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text as people type it: any character except control and broken ones (those are refused, tested elsewhere).
TEXTO_LIMPIO = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
                       max_size=30)
CUALQUIER_VALOR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.text(),
                            st.dates(), st.datetimes(), st.binary(max_size=10))


# --- values -------------------------------------------------------------------------------------------------

@RAPIDO
@given(CUALQUIER_VALOR)
def test_los_parsers_de_valores_solo_lanzan_valor_invalido(valor):
    for parser in (a_fecha, a_decimal, a_porcentaje, a_booleano, lambda v: a_entero(v, minimo=0, maximo=10),
                   lambda v: a_fecha(v, serial_excel=True), lambda v: a_porcentaje(v, fraccion=True)):
        try:
            resultado = parser(valor)
        except ValorInvalido as e:
            assert e.mensaje and "\n" not in e.mensaje
            continue
        if isinstance(resultado, Decimal):
            assert resultado.is_finite()  # NaN and infinity never come out as numbers
    assert a_id(valor) is None or 1 <= a_id(valor) <= 2**63 - 1
    assert isinstance(plegar(str(valor)), str) and isinstance(comparable(valor), str)


@RAPIDO
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_fechas_en_todas_sus_formas_dan_la_misma_fecha(dia):
    formas = [dia.isoformat(), dia.strftime("%d/%m/%Y"), f"{dia.day}/{dia.month}/{dia.year}", dia.strftime("%d-%m-%Y"),
              f"{dia.day} de {MESES[dia.month - 1]} de {dia.year}", f"{dia.day} de {MESES[dia.month - 1].upper()} del "
              f"{dia.year}", f"{dia.day}-{MESES[dia.month - 1][:3]}-{dia.year}", datetime(dia.year, dia.month, dia.day)]
    for forma in formas:
        assert a_fecha(forma) == dia, forma


@RAPIDO
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_montos_con_separador_de_miles_dan_el_mismo_numero(monto):
    assert a_decimal(f"{monto:,.2f}") == monto
    assert a_decimal(f"${monto:,.2f}") == monto
    assert a_decimal(f"{monto:.2f}") == monto


@RAPIDO
@given(st.integers(min_value=0, max_value=100), st.sampled_from(["{}", "{} %", "{}%", "{}.0", " {} "]))
def test_porcentajes_en_sus_formas(n, forma):
    assert a_porcentaje(forma.format(n)) == n
    assert a_porcentaje(n / 100, fraccion=True) == n


# --- tables ---------------------------------------------------------------------------------------------------

@MEDIO
@given(st.binary(max_size=400), st.sampled_from(["datos.csv", "datos.xlsx"]))
def test_cualquier_archivo_como_tabla_solo_da_errores_del_proyecto(tmp_path_factory, contenido, nombre):
    ruta = tmp_path_factory.mktemp("t") / nombre
    ruta.write_bytes(contenido)
    try:
        tabla = leer_tabla(ruta)
    except ArchivoError as e:
        assert str(e)
        return
    for fila in tabla.filas:
        for celda in fila.celdas:
            assert celda.lugar.startswith(nombre)
            assert celda.valor is None or problema_texto(str(celda.valor)) is None


_CP1252 = string.ascii_letters + string.digits + " .,;:-/()\"'%$#@!?&*+=_áéíóúÁÉÍÓÚñÑüÜ\t"
CELDA_CSV = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff",
                                  whitelist_characters="\t\n\r"), max_size=12)


@st.composite
def tablas_csv(draw):
    columnas = draw(st.integers(1, 5))
    codificacion = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]))
    if codificacion == "cp1252":
        celda = st.text(st.sampled_from(_CP1252), max_size=10)
    elif codificacion == "utf-16-le":  # without BOM: recognised by its zero bytes, as Latin text has them
        celda = st.text(st.characters(max_codepoint=0x24F, blacklist_categories=("Cc", "Cs"),
                                      whitelist_characters="\t\n\r"), max_size=12)
    else:
        celda = CELDA_CSV
    fila = st.lists(celda, min_size=columnas, max_size=columnas)
    encabezado = draw(fila.filter(lambda f: any(c.strip() for c in f)))
    assume(not encabezado[0].strip().lstrip('"').startswith("sep="))
    filas = draw(st.lists(fila, max_size=6))
    return codificacion, draw(st.sampled_from([",", ";", "\t"])), draw(st.sampled_from(["\n", "\r\n", "\r"])), \
        encabezado, filas


@MEDIO
@given(tablas_csv())
def test_csv_escrito_como_excel_se_lee_igual(tmp_path_factory, tabla):
    codificacion, separador, fin, encabezado, filas = tabla
    salida = io.StringIO()
    csv.writer(salida, delimiter=separador, lineterminator=fin, quoting=csv.QUOTE_ALL).writerows([encabezado, *filas])
    ruta = tmp_path_factory.mktemp("csv") / "tabla.csv"
    ruta.write_bytes(salida.getvalue().encode(codificacion))
    leida = leer_tabla(ruta)
    assert leida.encabezados == [" ".join(c.split()) for c in encabezado]
    esperadas = [f for f in filas if any(c.strip() for c in f)]
    assert [f.valores for f in leida.filas] == esperadas


CELDA_EXCEL = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0)),
    st.text(max_size=20).map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)).filter(lambda t: not t.startswith("=")),
)


@LENTO
@given(st.lists(st.lists(CELDA_EXCEL, min_size=1, max_size=5), min_size=1, max_size=6),
       st.text(string.ascii_letters + "ÁÉÍÓÚáéíóúñ ", min_size=1, max_size=12).filter(lambda t: t.strip() == t))
def test_libros_de_excel_con_celdas_arbitrarias(tmp_path_factory, filas, hoja):
    libro = Workbook()
    h = libro.active
    h.title = hoja
    for fila in filas:
        h.append(fila)
    ruta = tmp_path_factory.mktemp("xlsx") / "libro.xlsx"
    libro.save(ruta)
    try:
        tabla = leer_tabla(ruta)
    except EntradaInvalida as e:
        # only a sheet without any non-empty row, or texts with characters that cannot be kept
        assert "está vacía" in str(e) or "caracteres de control" in str(e)
        return
    assert tabla.hoja == hoja
    for fila in tabla.filas:
        original = filas[fila.numero - 1]
        for i, celda in enumerate(fila.celdas):
            esperado = original[i] if i < len(original) else None
            if isinstance(esperado, str | int | float) and not isinstance(esperado, bool) and esperado != "":
                assert celda.valor == esperado or (isinstance(esperado, float) and math.isclose(celda.valor, esperado))
            assert celda.lugar.startswith(f"libro.xlsx, hoja «{hoja}», fila {fila.numero}, columna ")


# --- data files -------------------------------------------------------------------------------------------------

@RAPIDO
@given(st.text(max_size=200))
def test_cualquier_texto_como_yaml_o_json_solo_da_errores_del_proyecto(texto):
    for cargar in (cargar_yaml, cargar_json):
        try:
            cargar(texto, "datos")
        except EntradaInvalida as e:
            assert e.problemas or e.mensaje
            for p in e.problemas:
                assert p.lugar.startswith("datos") and p.mensaje


@RAPIDO
@given(st.text(alphabet=st.sampled_from(list(":-[]{}\"'#&*!|>%@`?,\\ \n\ta1ñ")), max_size=60))
def test_yaml_con_sus_simbolos_solo_da_errores_del_proyecto(texto):
    try:
        cargar_yaml(texto, "datos.yaml")
    except EntradaInvalida as e:
        for p in e.problemas:
            assert p.lugar.startswith("datos.yaml") and "found" not in p.mensaje and "expected" not in p.mensaje


@RAPIDO
@given(st.binary(max_size=200))
def test_cualquier_archivo_de_datos_en_bytes(datos):
    try:
        texto, _ = decodificar(datos, "datos.yaml")
        cargar_yaml(texto, "datos.yaml")
    except EntradaInvalida:
        pass


VALOR_DATOS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**12), max_value=10**12),
              st.floats(allow_nan=False, allow_infinity=False), TEXTO_LIMPIO),
    lambda hijos: st.one_of(st.lists(hijos, max_size=4), st.dictionaries(TEXTO_LIMPIO, hijos, max_size=4)),
    max_leaves=20)


@MEDIO
@given(st.dictionaries(TEXTO_LIMPIO, VALOR_DATOS, max_size=5))
def test_datos_validos_se_leen_igual_en_json_y_yaml(datos):
    assert cargar_json(json.dumps(datos, ensure_ascii=False), "d.json") == datos
    assert cargar_json(json.dumps(datos), "d.json") == datos
    assert cargar_yaml(yaml.safe_dump(datos, allow_unicode=True), "d.yaml") == datos


# --- the search query language --------------------------------------------------------------------------------

PIEZAS_CONSULTA = st.sampled_from(["designación", "dictamen", "Y", "O", "NO", "AND", "OR", "NOT", "(", ")", '"',
                                   "«", "»", "INE/CG682/2023", "fracción", "I", "a", "de", "la", "-", "*", "?",
                                   "IEM-CG-24/2014", "41", "2024", ":", "“", "”"])


@RAPIDO
@given(st.one_of(st.text(max_size=80), st.lists(PIEZAS_CONSULTA, max_size=12).map(" ".join),
                 st.lists(PIEZAS_CONSULTA, max_size=12).map("".join)))
def test_el_lenguaje_de_consulta_solo_da_errores_del_proyecto(texto):
    try:
        consulta = interpretar(texto)
    except EntradaInvalida as e:
        assert e.mensaje
        return
    assert isinstance(consulta, Consulta)
