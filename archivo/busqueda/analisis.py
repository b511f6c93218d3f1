"""Spanish text analysis for the search index: tokens, accent folding, stemming, identifiers.

Why not Whoosh's own Spanish analysis (2.7.4)? Measured facts, each covered by a test in
``tests/test_busqueda_analisis.py``:

* ``StemmingAnalyzer(lang='es')`` raises TypeError (the argument does not exist).
* ``LanguageAnalyzer('es')`` stems the accented and the unaccented spelling differently
  (constitución -> ``constitu``, constitucion -> ``constitucion``): its Snowball suffix lists carry accents
  (``ución``, ``ación``, ``logía``), so a query typed without accents misses.
* Folding accents *before* that stemmer breaks plurals instead (resolución -> ``resolucion`` but
  resoluciones -> ``resolu``): ``uciones`` has no accent in its list, ``ución`` has one.
* Its ``SpanishStemmer`` raises IndexError on words such as «Bègue» (step 3 reads ``rv[-1]`` of an empty
  region), which would abort the indexing of the whole document.
* Its tokenizers split ``INE/CG682/2023`` into three tokens, so a query for that acuerdo matches any
  document that mentions INE, CG682 and 2023 anywhere.
* Its stop filter drops one-letter tokens, so «fracción I» and «inciso a» cannot be told apart from
  «fracción II» or «inciso b».

The design here:

1. One pass over the text with one regular expression (fast: indexing speed is the bottleneck of Whoosh).
   Identifiers (letters and digits joined by ``/`` or ``-``, with at least one letter and one digit) are a
   single token (``ine/cg682/2023``) *and* their parts are tokens too, at consecutive positions, so
   ``CG682`` alone still finds the acuerdo while the whole identifier matches only where it is written whole.
2. Lower case and accent folding (á->a, ü->u, ñ->n), so every spelling a person types ends up the same.
3. A Snowball Spanish stemmer rewritten for folded input (``raiz_snowball``): the algorithm of
   snowballstem.org with its suffix lists folded, regions computed on a/e/i/o/u, steps 2a/2b chained as the
   reference implementation does, and the empty-region bug fixed.
4. Before it, a plural normalisation (``singular``): Snowball alone maps ``dictamen`` to ``dictam`` but
   ``dictámenes`` to ``dictamen`` (and the same for examen, certamen, régimen, origen, juez/jueces).
   Reducing the plural to its singular first makes both forms enter the stemmer as the same string, so they
   cannot end with different stems. The rules follow Spanish orthography: ``-es`` is removed only after
   the consonants that can end a Spanish singular (l, n, r, d, j, y, s, x) preceded by a vowel; otherwise
   only ``-s`` after a vowel; a final ``z`` is written ``ce`` in both forms (juez/jueces, índice/índices).
   ``tests/test_busqueda_analisis.py`` measures on the corpus vocabulary that singular/plural pairs
   share their stem far more often with this than with the plain stemmer.
5. Any exception in the stemmer falls back to the folded word: a rare word never stops a document.
6. Numbers and one- or two-letter tokens are kept as they are (not stemmed, not dropped).
7. Stop words are *indexed* (so a quoted phrase matches exactly, «Ley General de Instituciones»), and
   removed only from the unquoted words of a query (see ``archivo.busqueda``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.analysis import Analyzer, Token

from archivo.base.valores import plegar

# --- folding ---------------------------------------------------------------------------------------------
# ``plegar`` (lower case, á->a, ü->u, ñ->n; rare letters decomposed) is the project's one folding, in
# archivo.base.valores: the index, the queries and every importer fold names the same way.

# --- Snowball Spanish for folded words ---------------------------------------------------------------------

_VOCALES = frozenset("aeiou")


def _por_longitud(*sufijos: str) -> tuple[str, ...]:
    return tuple(sorted(set(sufijos), key=len, reverse=True))


_PRONOMBRES = _por_longitud("me", "se", "sela", "selo", "selas", "selos", "la", "le", "lo", "las", "les", "los",
                            "nos")
_ANTE_PRONOMBRE = _por_longitud("iendo", "ando", "ar", "er", "ir")
_PASO1 = {
    **dict.fromkeys(("anza", "anzas", "ico", "ica", "icos", "icas", "ismo", "ismos", "able", "ables", "ible",
                     "ibles", "ista", "istas", "oso", "osa", "osos", "osas", "amiento", "amientos", "imiento",
                     "imientos"), "borrar"),
    **dict.fromkeys(("adora", "ador", "acion", "adoras", "adores", "aciones", "ante", "antes", "ancia",
                     "ancias"), "borrar_ic"),
    **dict.fromkeys(("logia", "logias"), "log"),
    **dict.fromkeys(("ucion", "uciones"), "u"),
    **dict.fromkeys(("encia", "encias"), "ente"),
    "amente": "amente",
    "mente": "mente",
    **dict.fromkeys(("idad", "idades"), "idad"),
    **dict.fromkeys(("iva", "ivo", "ivas", "ivos"), "iva"),
}
_PASO1_SUFIJOS = _por_longitud(*_PASO1)
_PASO2A = _por_longitud("ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yas", "yes", "yais", "yamos")
_PASO2B_GU = frozenset(("en", "es", "eis", "emos"))
_PASO2B = _por_longitud(
    "en", "es", "eis", "emos",
    "arian", "arias", "aran", "aras", "ariais", "aria", "areis", "ariamos", "aremos", "ara", "are",
    "erian", "erias", "eran", "eras", "eriais", "eria", "ereis", "eriamos", "eremos", "era", "ere",
    "irian", "irias", "iran", "iras", "iriais", "iria", "ireis", "iriamos", "iremos", "ira", "ire",
    "aba", "ada", "ida", "ia", "ara", "iera", "ad", "ed", "id", "ase", "iese", "aste", "iste", "an", "aban",
    "ian", "aran", "ieran", "asen", "iesen", "aron", "ieron", "ado", "ido", "ando", "iendo", "io", "ar", "er",
    "ir", "as", "abas", "adas", "idas", "ias", "aras", "ieras", "ases", "ieses", "is", "ais", "abais", "iais",
    "arais", "ierais", "aseis", "ieseis", "asteis", "isteis", "ados", "idos", "amos", "abamos", "iamos", "imos",
    "aramos", "ieramos", "iesemos", "asemos",
)
_RESIDUAL = _por_longitud("os", "a", "o", "i")


def _regiones(p: str) -> tuple[int, int, int]:
    """Start indexes of RV, R1 and R2 (snowballstem.org definitions) of a folded word."""
    n = len(p)
    r1 = n
    for i in range(1, n):
        if p[i] not in _VOCALES and p[i - 1] in _VOCALES:
            r1 = i + 1
            break
    r2 = n
    for i in range(r1 + 1, n):
        if p[i] not in _VOCALES and p[i - 1] in _VOCALES:
            r2 = i + 1
            break
    rv = n
    if n >= 2:
        if p[1] not in _VOCALES:
            for i in range(2, n):
                if p[i] in _VOCALES:
                    rv = i + 1
                    break
        elif p[0] in _VOCALES:
            for i in range(2, n):
                if p[i] not in _VOCALES:
                    rv = i + 1
                    break
        else:
            rv = min(3, n)
    return rv, r1, r2


def _sufijo(p: str, sufijos: tuple[str, ...]) -> str | None:
    for s in sufijos:
        if p.endswith(s):
            return s
    return None


def _paso1(p: str, r1: int, r2: int) -> str | None:
    """Standard suffix removal; returns the new word, or None when the step does not apply."""
    s = _sufijo(p, _PASO1_SUFIJOS)
    if s is None:
        return None
    inicio = len(p) - len(s)
    regla = _PASO1[s]
    if regla == "amente":
        if inicio < r1:
            return None
        p = p[:inicio]
        if p.endswith("iv") and len(p) - 2 >= r2:
            p = p[:-2]
            if p.endswith("at") and len(p) - 2 >= r2:
                p = p[:-2]
        elif p.endswith(("os", "ic", "ad")) and len(p) - 2 >= r2:
            p = p[:-2]
        return p
    if inicio < r2:
        return None
    base = p[:inicio]
    if regla == "borrar":
        return base
    if regla == "borrar_ic":
        if base.endswith("ic") and len(base) - 2 >= r2:
            base = base[:-2]
        return base
    if regla in ("log", "u", "ente"):
        return base + regla
    if regla == "mente":
        for previo in ("ante", "able", "ible"):
            if base.endswith(previo) and len(base) - 4 >= r2:
                return base[:-4]
        return base
    if regla == "idad":
        for previo in ("abil", "ic", "iv"):
            if base.endswith(previo) and len(base) - len(previo) >= r2:
                return base[: -len(previo)]
        return base
    # regla == "iva"
    if base.endswith("at") and len(base) - 2 >= r2:
        base = base[:-2]
    return base


def raiz_snowball(p: str) -> str:
    """The Snowball Spanish stem of a lower-case, accent-folded word (see the module docstring)."""
    if len(p) < 3:
        return p
    rv, r1, r2 = _regiones(p)
    # Step 0: attached pronoun after a gerund or infinitive (both inside RV).
    s = _sufijo(p, _PRONOMBRES)
    if s is not None and len(p) - len(s) >= rv:
        base = p[: -len(s)]
        verbo = _sufijo(base, _ANTE_PRONOMBRE)
        if (verbo is not None and len(base) - len(verbo) >= rv) or (
                base.endswith("uyendo") and len(base) - 5 >= rv):
            p = base
    # Step 1, else 2a, else 2b.
    nuevo = _paso1(p, r1, r2)
    if nuevo is not None:
        p = nuevo
    else:
        s = _sufijo(p, _PASO2A)
        if s is not None and len(p) - len(s) >= rv and p[: -len(s)].endswith("u"):
            p = p[: -len(s)]
        else:
            s = _sufijo(p, _PASO2B)
            if s is not None and len(p) - len(s) >= rv:
                p = p[: -len(s)]
                if s in _PASO2B_GU and p.endswith("gu"):
                    p = p[:-1]
    # Step 3: residual suffix.
    s = _sufijo(p, _RESIDUAL)
    if s is not None and len(p) - len(s) >= rv:
        p = p[: -len(s)]
    elif p.endswith("e") and len(p) - 1 >= rv:
        p = p[:-1]
        if p.endswith("gu") and len(p) - 1 >= rv:
            p = p[:-1]
    return p


# --- plural normalisation ---------------------------------------------------------------------------------

_FINAL_DE_SINGULAR = frozenset("lnrdjysx")  # consonants that end Spanish singulars taking «-es»


def singular(p: str) -> str:
    """Reduce a folded plural to its singular so both forms reach the stemmer as the same string.

    dictamenes -> dictamen, resoluciones -> resolucion, leyes -> ley, responsables -> responsable,
    indices -> indice, jueces -> juece and juez -> juece (a final z is spelled «ce» in both forms).
    """
    n = len(p)
    if n >= 5 and p.endswith("es") and p[-3] in _FINAL_DE_SINGULAR and p[-4] in _VOCALES:
        return p[:-2]
    if n >= 4 and p.endswith("s") and p[-2] in "aeo":
        return p[:-1]
    if n >= 3 and p.endswith("z"):
        return p[:-1] + "ce"
    return p


# --- terms -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def termino(palabra: str) -> str:
    """The index term of one word: folded, singular, stemmed. Never raises.

    Numbers and words of one or two letters are kept whole (fracción I, inciso a, artículo 41).
    """
    p = plegar(palabra)
    if len(p) <= 2 or not p.isalpha():
        return p
    try:
        return raiz_snowball(singular(p)) or p
    except Exception:  # a stemmer bug must never abort the indexing of a document
        return p


# Function words: indexed (phrases stay exact) but ignored in the unquoted words of a query.
_VACIAS = """
a al ante bajo con contra de del desde durante e el en entre hacia hasta la las le les lo los mas mediante
ni o para pero por que se segun sin so sobre su sus tras u un una unas uno unos y ya cual cuales cuyo cuya
cuyos cuyas donde cuando como este esta estos estas ese esa esos esas aquel aquella dicho dicha dichos dichas
es son fue sera ser han ha sido haber
"""
VACIAS = frozenset(plegar(p) for p in _VACIAS.split())


# --- identifiers -------------------------------------------------------------------------------------------

_GUIONES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                          "\u2212": "-", "\u2044": "/", "\u2215": "/"})
_SEP = r"/\-\u2010-\u2014\u2212\u2044\u2215"
_SEGMENTO = r"[^\W_]+(?:\.[^\W_]+)*"
# A word, or segments joined by / or - (any dash): a candidate identifier when ``resto`` matched.
TOKEN = re.compile(rf"[^\W_]+(?P<resto>(?:\.[^\W_]+)*(?:[{_SEP}]{_SEGMENTO})+)?")
_PARTE = re.compile(r"[^\W_]+")


def es_identificador(texto: str) -> bool:
    """Letters and digits joined by / or -: ``INE/CG682/2023``, ``IEM-CG-24/2014``, ``IEA/DEVySPE/045/2024``.

    Hyphenated words («político-electoral») and dates («17/06/2024», «2023-2024») are not identifiers.
    """
    return (len(texto) >= 6 and any(c.isdigit() for c in texto) and any(c.isalpha() for c in texto))


def normalizar_identificador(texto: str) -> str:
    """The canonical form of an identifier: upper case, ASCII dashes and slashes, no accents."""
    return plegar(texto.translate(_GUIONES)).upper()


def termino_identificador(texto: str) -> str:
    """The token an identifier becomes in the text field: ``ine/cg682/2023``."""
    return normalizar_identificador(texto).lower()


@dataclass(frozen=True)
class Pieza:
    """One token of a text: its term, position, characters and whether it is a whole identifier."""

    termino: str
    posicion: int
    inicio: int
    fin: int
    identificador: bool = False
    original: str = ""


def piezas(texto: str, *, enteros: bool = True, inicio: int = 0) -> Iterator[Pieza]:
    """Tokenise ``texto``. With ``enteros`` each identifier also yields itself whole (same position as its
    first part); without, only its parts (what a quoted phrase needs)."""
    pos = inicio
    for m in TOKEN.finditer(texto):
        if m.lastgroup is None:
            w = m.group()
            yield Pieza(termino(w), pos, m.start(), m.end(), False, w)
            pos += 1
            continue
        compuesto = m.group()
        if enteros and es_identificador(compuesto):
            yield Pieza(termino_identificador(compuesto), pos, m.start(), m.end(), True, compuesto)
        base = m.start()
        for parte in _PARTE.finditer(compuesto):
            w = parte.group()
            yield Pieza(termino(w), pos, base + parte.start(), base + parte.end(), False, w)
            pos += 1


def identificadores(texto: str, *, como_se_escribieron: bool = False) -> list[str]:
    """Every identifier written in ``texto``, in order of first appearance, without repeats: normalised
    (``INE/CG682/2023``), or as written the first time («IEA/DEVySPE/045/2024», only dashes unified)."""
    vistos: dict[str, str] = {}
    for m in TOKEN.finditer(texto):
        if m.lastgroup is not None and es_identificador(m.group()):
            vistos.setdefault(normalizar_identificador(m.group()), m.group().translate(_GUIONES))
    return list(vistos.values() if como_se_escribieron else vistos)


class AnalizadorEspanol(Analyzer):
    """The Whoosh analyzer of the text fields: ``piezas`` + ``termino`` in a single generator.

    Whoosh calls it to index (``mode='index'``), and to highlight or find similar documents. It reuses one
    Token object, as Whoosh expects. ``enteros=False`` gives the parts of identifiers only.
    """

    def __init__(self, enteros: bool = True) -> None:
        self.enteros = enteros

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: object) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        enteros = self.enteros and mode != "query"
        for p in piezas(value, enteros=enteros, inicio=start_pos):
            t.text = p.termino
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = p.original
            if positions:
                t.pos = p.posicion
            if chars:
                t.startchar = start_char + p.inicio
                t.endchar = start_char + p.fin
            yield t


# --- the fast path for indexing ----------------------------------------------------------------------------

_CACHE: dict[str, str] = {}
_CACHE_MAXIMO = 500_000


def posiciones(texto: str) -> dict[str, list[int]]:
    """term -> positions of ``texto``: exactly the terms and positions of ``piezas(texto)``, computed in a
    tight loop without intermediate objects (indexing speed is what Whoosh lacks most)."""
    cache = _CACHE
    if len(cache) > _CACHE_MAXIMO:
        cache.clear()
    salida: dict[str, list[int]] = {}
    pos = 0
    for m in TOKEN.finditer(texto):
        w = m.group()
        if m.lastgroup is None:
            t = cache.get(w)
            if t is None:
                t = cache[w] = termino(w)
            lista = salida.get(t)
            if lista is None:
                salida[t] = [pos]
            else:
                lista.append(pos)
            pos += 1
            continue
        for p in piezas(w, inicio=pos):
            lista = salida.get(p.termino)
            if lista is None:
                salida[p.termino] = [p.posicion]
            else:
                lista.append(p.posicion)
            pos = p.posicion + 1
    return salida
