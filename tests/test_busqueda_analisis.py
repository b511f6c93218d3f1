"""The Spanish analysis of the search index: each Whoosh 2.7.4 fact of issue 4 and how the design answers it."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer, StemmingAnalyzer
from whoosh.lang.snowball.spanish import SpanishStemmer

from archivo.busqueda import Filtros, Motor, analisis, interpretar
from archivo.busqueda.analisis import (
    AnalizadorEspanol,
    es_identificador,
    identificadores,
    normalizar_identificador,
    piezas,
    plegar,
    posiciones,
    raiz_snowball,
    singular,
    termino,
)


def _terminos(texto: str) -> list[str]:
    return [p.termino for p in piezas(texto)]


@pytest.fixture
def motor(tmp_path: Path) -> Motor:
    return Motor.crear(tmp_path / "indice")


def _ids(motor: Motor, consulta: str, **filtros) -> list[int]:
    with motor.buscador() as b:
        return [r.id for r in b.buscar(interpretar(consulta), Filtros(**filtros), limite=50)]


# --- fact 1: StemmingAnalyzer(lang='es') raises TypeError ----------------------------------------------------

def test_whoosh_stemminganalyzer_no_acepta_lang():
    with pytest.raises(TypeError):
        StemmingAnalyzer(lang="es")


def test_el_analizador_propio_se_construye_y_lematiza_en_espanol():
    a = AnalizadorEspanol()
    assert [t.text for t in a("Las resoluciones del Consejo")] == ["las", "resolu", "del", "consej"]


# --- fact 2: LanguageAnalyzer('es') stems accented and unaccented forms differently --------------------------

def test_whoosh_languageanalyzer_separa_con_y_sin_acento():
    a = LanguageAnalyzer("es")
    assert [t.text for t in a("constitución")] == ["constitu"]
    assert [t.text for t in a("constitucion")] == ["constitucion"]


@pytest.mark.parametrize("formas", [
    ("constitución", "Constitución", "constitucion", "CONSTITUCIÓN", "constituciones"),
    ("resolución", "resoluciones", "resolucion", "RESOLUCIONES"),
    ("designación", "designaciones", "designacion", "Designaciones"),
    ("dictamen", "dictámenes", "dictamenes", "DICTÁMENES"),
    ("examen", "exámenes"), ("certamen", "certámenes"), ("régimen", "regímenes"), ("origen", "orígenes"),
    ("juez", "jueces"), ("índice", "índices"), ("ley", "leyes"), ("responsable", "responsables"),
    ("actividad", "actividades"), ("órgano", "órganos"), ("función", "funciones"), ("vez", "veces"),
    ("mes", "meses"), ("país", "países"), ("acuerdo", "acuerdos"), ("notificación", "notificaciones"),
    ("evaluación", "evaluaciones"), ("año", "años", "ano"),
])
def test_singular_plural_acentos_y_mayusculas_dan_el_mismo_termino(formas):
    assert len({termino(f) for f in formas}) == 1, {f: termino(f) for f in formas}


def test_verbo_y_sustantivo_comparten_raiz():
    assert termino("designar") == termino("designación") == termino("designados")


# --- fact 3: folding before Whoosh's stemmer breaks plurals ----------------------------------------------------

def test_whoosh_plegar_antes_de_lematizar_rompe_los_plurales():
    s = SpanishStemmer()
    assert s.stem("resolucion") == "resolucion"
    assert s.stem("resoluciones") == "resolu"


def test_snowball_para_texto_plegado_empareja_los_plurales():
    assert raiz_snowball("resolucion") == raiz_snowball("resoluciones") == "resolu"
    assert raiz_snowball("designacion") == raiz_snowball("designaciones") == "design"


def test_snowball_plegado_coincide_con_el_de_whoosh_en_palabras_sin_acento():
    """Where the folded suffix lists make no difference, the result is Whoosh's (reference) Snowball."""
    s = SpanishStemmer()
    palabras = ["acuerdos", "consejo", "general", "electoral", "servicio", "profesional", "nacional",
                "lineamientos", "procedimiento", "evaluacion", "desempeno", "titularidad", "incentivos",
                "cargos", "puestos", "organismos", "publicos", "locales", "comision", "seguimiento",
                "aprobado", "aprueban", "considerando", "corresponde", "establecidos", "rapidamente"]
    distintas = {p: (raiz_snowball(p), s.stem(p)) for p in palabras if raiz_snowball(p) != s.stem(p)}
    # Only words ending in a suffix that Whoosh lists only with its accent may differ: «-ación» (evaluación)
    # and the verb ending «-ió», which folded reads «-io» (servicio -> servic).
    assert set(distintas) == {"evaluacion", "servicio"}, distintas


def test_singular():
    assert singular("dictamenes") == "dictamen"
    assert singular("resoluciones") == "resolucion"
    assert singular("responsables") == "responsable"
    assert singular("jueces") == "juece" and singular("juez") == "juece"
    assert singular("mes") == "mes"


@pytest.mark.corpus
def test_en_el_vocabulario_del_corpus_singular_y_plural_comparten_termino(corpus):
    """Measured on the words of the laws: pairs (w, w+s / w+es / z→ces) that share a term."""
    cuenta: Counter[str] = Counter()
    for ruta in sorted((corpus / "corpus-es" / "leyesmx-articulos").glob("*.json"))[:8]:
        for a in json.loads(ruta.read_text(encoding="utf-8")).get("articulos", []):
            for p in a.get("parrafos", []):
                cuenta.update(re.findall(r"[^\W\d_]+", p.get("contenido", "").lower()))
    vocabulario = {plegar(w) for w, c in cuenta.items() if c >= 2 and len(w) >= 3}
    pares = []
    for w in vocabulario:
        if w[-1] in "aeiou" and w + "s" in vocabulario:
            pares.append((w, w + "s"))
        elif w[-1] not in "aeiouz" and w + "es" in vocabulario:
            pares.append((w, w + "es"))
        elif w.endswith("z") and w[:-1] + "ces" in vocabulario:
            pares.append((w, w[:-1] + "ces"))
    assert len(pares) > 1000
    s = SpanishStemmer()

    def whoosh(w: str) -> str:
        try:
            return s.stem(w)
        except IndexError:
            return w

    propios = sum(termino(a) != termino(b) for a, b in pares) / len(pares)
    de_whoosh = sum(whoosh(a) != whoosh(b) for a, b in pares) / len(pares)
    assert propios < 0.01, propios
    assert de_whoosh > 0.05 and propios < de_whoosh / 5


# --- fact 4: Whoosh's SpanishStemmer raises IndexError on some words -------------------------------------------

def test_whoosh_spanishstemmer_falla_con_begue():
    with pytest.raises(IndexError):
        SpanishStemmer().stem("Bègue")


def test_el_termino_de_begue_no_falla():
    assert termino("Bègue") == raiz_snowball("begue")


def test_un_error_del_lematizador_no_detiene_el_documento(monkeypatch, motor):
    original = analisis.raiz_snowball

    def falla(palabra: str) -> str:
        if palabra.startswith("begu"):
            raise IndexError("string index out of range")
        return original(palabra)

    monkeypatch.setattr(analisis, "raiz_snowball", falla)
    analisis.termino.cache_clear()
    analisis._CACHE.clear()
    try:
        assert termino("Bègue") == "begue"  # the folded word, as a fallback
        motor.escribir([{"id": 1, "titulo": "Nota", "texto": "Informe de Juliette Bègue sobre el concurso"}])
        assert _ids(motor, "begue concurso") == [1]
    finally:
        analisis.termino.cache_clear()
        analisis._CACHE.clear()


# --- fact 5: identifiers split into three tokens ----------------------------------------------------------------

def test_whoosh_parte_los_identificadores():
    assert [t.text for t in StandardAnalyzer()("INE/CG682/2023")] == ["ine", "cg682", "2023"]


def test_identificador_es_un_token_entero_y_tambien_sus_partes():
    assert _terminos("INE/CG682/2023") == ["ine/cg682/2023", "ine", "cg682", "2023"]
    assert [p.posicion for p in piezas("acuerdo INE/CG682/2023 del")] == [0, 1, 1, 2, 3, 4]


@pytest.mark.parametrize("ident", ["INE/CG682/2023", "INE/JGE38/2024", "IEM-CG-24/2014", "INE/DJ/6820/2024",
                                   "INE-CSPEN-ST-001-2024", "IEA/DEVySPE/045/2024", "IEA-CSPEN-003/2024",
                                   "IEA/CV-INE/TI-012/2025", "INE–CG–682–2023"])
def test_formatos_de_identificador(ident):
    assert es_identificador(ident)
    assert identificadores(f"Véase el acuerdo {ident}, aprobado.") == [normalizar_identificador(ident)]


def test_los_folios_del_archivo_son_identificadores(raiz):
    """Every folio format of archivo.toml produces one whole identifier."""
    config = raiz.config
    for serie, formato in config.folios.items():
        folio = formato.format(siglas=config.siglas, area="CV-INE", anio=2024, consecutivo=7, organo="DEVySPE")
        assert identificadores(f"Oficio {folio}.") == [normalizar_identificador(folio)], serie


@pytest.mark.parametrize("texto", ["político-electoral", "17/06/2024", "2023-2024", "y/o", "teórico-práctico"])
def test_no_son_identificadores(texto):
    assert identificadores(texto) == []


def test_un_identificador_no_encuentra_sus_partes_sueltas(motor):
    motor.escribir([
        {"id": 1, "titulo": "Acuerdo", "texto": "En cumplimiento del acuerdo INE/CG682/2023 del Consejo General."},
        {"id": 2, "titulo": "Otro", "texto": "El INE aprobó en 2023 el punto CG682 de la orden del día."},
    ])
    assert _ids(motor, "INE/CG682/2023") == [1]
    assert _ids(motor, "ine/cg682/2023") == [1]
    assert sorted(_ids(motor, "CG682")) == [1, 2]  # a part alone still finds it


def test_el_documento_que_lleva_el_numero_va_primero(motor):
    motor.escribir([
        {"id": 1, "titulo": "Cita", "texto": "Se cita el acuerdo IEM-CG-24/2014 varias veces: IEM-CG-24/2014, "
                                            "IEM-CG-24/2014 y de nuevo IEM-CG-24/2014."},
        {"id": 2, "titulo": "Acuerdo del Consejo", "numero": "IEM-CG-24/2014",
         "texto": "ACUERDO IEM-CG-24/2014 por el que se aprueba el calendario."},
    ])
    assert _ids(motor, "IEM-CG-24/2014") == [2, 1]
    assert _ids(motor, "calendario IEM-CG-24/2014") == [2]


# --- fact 6: one-letter tokens vanish under the default analyzer ------------------------------------------------

def test_whoosh_pierde_las_letras_sueltas():
    texto = [t.text for t in StandardAnalyzer()("fracción I, inciso a")]
    assert "i" not in texto and "a" not in texto


def test_las_letras_sueltas_se_conservan():
    assert _terminos("fracción I, inciso a)") == ["fraccion", "i", "incis", "a"]


def test_fraccion_e_inciso_se_distinguen(motor):
    motor.escribir([
        {"id": 1, "titulo": "A", "texto": "Conforme al artículo 11, fracción I, inciso a), de los lineamientos."},
        {"id": 2, "titulo": "B", "texto": "Conforme al artículo 11, fracción II, inciso b), de los lineamientos."},
        {"id": 3, "titulo": "C", "texto": "Conforme a la fracción III del artículo 41 y al inciso c)."},
    ])
    assert _ids(motor, "fracción I") == [1]
    assert _ids(motor, "fraccion II") == [2]
    assert _ids(motor, '"inciso b"') == [2]
    assert _ids(motor, "inciso a") == [1]
    assert _ids(motor, "artículo 41") == [3]


# --- the fast indexing path is the same analysis ---------------------------------------------------------------

@pytest.mark.parametrize("texto", [
    "Las RESOLUCIONES del Consejo, según el acuerdo INE/CG682/2023 (fracción I, inciso a).",
    "IEA/DEVySPE/045/2024 y IEM-CG-24/2014; político-electoral 17/06/2024 — Bègue, Ñandú, ﬁnal.",
    "", "   ", "¿Qué? ¡Nada! 1,234.56 $ 12 %",
])
def test_posiciones_coincide_con_piezas(texto):
    esperado: dict[str, list[int]] = {}
    for p in piezas(texto):
        esperado.setdefault(p.termino, []).append(p.posicion)
    assert posiciones(texto) == esperado


def test_analizador_whoosh_da_posiciones_y_caracteres():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in AnalizadorEspanol()("Ley INE/CG682/2023", positions=True, chars=True)]
    assert tokens[0] == ("ley", 0, 0, 3)
    assert ("ine/cg682/2023", 1, 4, 18) in tokens


def test_palabras_vacias_se_indexan_para_las_frases(motor):
    motor.escribir([
        {"id": 1, "titulo": "A", "texto": "Ley General de Instituciones y Procedimientos Electorales"},
        {"id": 2, "titulo": "B", "texto": "Ley General y las instituciones de procedimientos"},
    ])
    assert _ids(motor, '"ley general de instituciones"') == [1]
    assert sorted(_ids(motor, "ley general de instituciones")) == [1, 2]
