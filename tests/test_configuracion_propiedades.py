"""Property tests of the archivo.toml parser: whatever the file says, the answer is a configuration or the project's
own error (a Spanish message with every problem and its place), never another exception."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivo.base import configuracion as conf
from archivo.base.errors import EntradaInvalida, Problema
from tests.utilidades import TOML_PRUEBA

PRUEBA = tomllib.loads(TOML_PRUEBA)
# Derandomized: the same examples on every run, so CI never fails by chance.
AJUSTES = settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

nombres = st.sampled_from(["institucion", "nombre", "siglas", "areas", "folios", "oficio", "sesiones", "hora",
                           "consejo", "fondo", "series", "persona", "dias_inhabiles", "x", "Año", "a b", ""])
escalares = st.one_of(
    st.text(max_size=30), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.times(),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(["{siglas}/{area}/{consecutivo:c}/{anio}", "{consecutivo:%Y}/{anio}", "{", "}{",
                     "{siglas!r}{consecutivo}{anio}", "Página {n}", "25:00", "Miércoles", "2025-02-30"]),
)
valores = st.recursive(escalares, lambda hijos: st.one_of(
    st.lists(hijos, max_size=4), st.dictionaries(nombres, hijos, max_size=4)), max_leaves=12)
documentos = st.dictionaries(nombres, valores, max_size=6)


def _responde_bien(datos) -> None:
    problemas = conf.validar(datos)
    assert all(isinstance(p, Problema) and p.lugar.startswith("archivo.toml") for p in problemas)
    try:
        config = conf.construir(datos)
    except EntradaInvalida as e:
        assert e.problemas and [str(p) for p in e.problemas] == [str(p) for p in problemas]
        return
    assert not problemas and config.siglas


@AJUSTES
@given(documentos)
def test_documentos_arbitrarios(datos) -> None:
    _responde_bien(datos)


@AJUSTES
@given(st.lists(st.sampled_from(["institucion", "organo_enlace", "areas", "firmantes", "comision", "folios",
                                 "archivistica", "calendario", "sesiones"]), min_size=1, max_size=3),
       st.lists(nombres, max_size=2), valores)
def test_un_valor_arbitrario_en_cualquier_lugar_de_una_configuracion_valida(tablas, claves, valor) -> None:
    datos = copy.deepcopy(PRUEBA)
    destino = datos
    for t in tablas[:-1]:
        destino = destino.setdefault(t, {}) if isinstance(destino, dict) else destino
    if not isinstance(destino, dict):
        return
    if claves:
        destino = destino.setdefault(tablas[-1], {})
        if isinstance(destino, list):
            destino = destino[0] if destino and isinstance(destino[0], dict) else {}
        if isinstance(destino, dict):
            for c in claves[:-1]:
                siguiente = destino.setdefault(c, {})
                destino = siguiente if isinstance(siguiente, dict) else destino
            destino[claves[-1]] = valor
    else:
        destino[tablas[-1]] = valor
    _responde_bien(datos)


@AJUSTES
@given(documentos)
def test_el_texto_toml_de_documentos_arbitrarios(datos) -> None:
    try:
        texto = tomlkit.dumps(datos)
    except (TypeError, ValueError):
        return  # not representable in TOML (e.g. a list mixing tables and values)
    try:
        conf.cargar_texto(texto)
    except EntradaInvalida as e:
        assert e.problemas


@AJUSTES
@given(st.text(max_size=300))
def test_texto_cualquiera(texto) -> None:
    try:
        conf.cargar_texto(texto)
    except EntradaInvalida as e:
        assert e.problemas and all(p.lugar.startswith("archivo.toml") for p in e.problemas)


@AJUSTES
@given(st.integers(min_value=0, max_value=len(TOML_PRUEBA)), st.text(max_size=8))
def test_la_configuracion_de_prueba_con_texto_insertado(posicion, insercion) -> None:
    texto = TOML_PRUEBA[:posicion] + insercion + TOML_PRUEBA[posicion:]
    try:
        conf.cargar_texto(texto)
    except EntradaInvalida as e:
        assert e.problemas
        assert "Invalid" not in str(e) and "Expected" not in str(e)  # the parser's English never shows


@AJUSTES
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_formatos_de_folio_arbitrarios(formato) -> None:
    problemas = conf.problemas_formato_folio(formato)
    if not problemas:  # accepted: it works with every realistic value, as generation will use it
        for consecutivo in (1, 2, 999, 123456):
            folio = formato.format(siglas="IEM", area="CV-INE", anio=2031, consecutivo=consecutivo, organo="DEVySPE")
            assert folio.strip() and folio.isprintable()
