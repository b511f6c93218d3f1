"""The evaluator: ranking straight from Whoosh's posting blocks (faster than its searcher for broad queries)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh import query as wq

from archivo.busqueda.analisis import (
    termino_identificador,
)
from archivo.busqueda.consulta import (
    PESO_TITULO,
    PUNTOS_NUMERO_PROPIO,
    Consulta,
    Frase,
    Identificador,
    No,
    Nodo,
    O,
    Palabra,
    Y,
)

# --- the evaluator: ranking straight from the posting blocks --------------------------------------------------

# Caches shared by every searcher of the process, by segment: a Whoosh segment never changes once written (a new
# document goes to a new segment; deletions are kept apart, in ``borrados``), so what was read from it stays
# true until a merge replaces it. A portal searching many times a second over 100,000 documents reads the big
# segment's postings once instead of on every search, and its memory stays bounded.
MAX_ELEMENTOS_CACHE = 1_500_000  # docnums kept for terms (about 60 MB)
_terminos: OrderedDict[tuple[Any, ...], frozenset[int]] = OrderedDict()
_elementos = 0
_valores_segmento: dict[tuple[Any, ...], dict[str, frozenset[int]]] = {}
_normas_generacion: dict[tuple[Any, ...], list[float]] = {}
_candado_cache = threading.Lock()


def _clave_segmento(lector: Any) -> tuple[Any, ...]:
    segmento = getattr(lector, "_segment", None)
    ident = segmento.segment_id() if segmento is not None else id(lector)
    return (str(getattr(getattr(lector, "_storage", None), "folder", "")), ident, lector.doc_count_all())


class Evaluador:
    """Ranks a query by reading Whoosh's posting lists block by block, with BM25F (the same formula and
    constants as Whoosh: ``bm25(idf, tf, fl, avgfl, B=0.75, K1=1.2)``, summed over the query's parts).

    Why: Whoosh's matcher tree scores each posting through several Python method calls (about 5 µs each);
    a word present in most documents («artículo», «ley») then costs half a second at 100,000 documents.
    Here a posting costs one list comprehension step: document lengths are read once per searcher into a
    list of BM25 norms, a block's ids and frequencies are decoded by Whoosh itself (one ``pickle.loads``),
    AND/OR are set operations in C, and only phrase candidates have their positions decoded. The result
    (documents and scores) is that of Whoosh's own search for words, AND, OR and NOT, which
    ``tests/test_busqueda.py`` checks; phrases are scored as the sum of their words' BM25 with the phrase
    frequency. It reads Whoosh 2.7.4 internals (``W3LeafMatcher`` blocks, the lengths column): the version
    is pinned in pyproject.toml, and any other matcher falls back to Whoosh's public per-posting API.
    """

    K1 = 1.2
    B = 0.75

    def __init__(self, searcher: Any) -> None:
        from whoosh.matching.wrappers import FilterMatcher

        self._filtro_cls = FilterMatcher
        self.s = searcher
        self.hojas: list[tuple[Any, int, frozenset[int]]] = []
        for sub, base in searcher.leaf_searchers():
            lector = sub.reader()
            borrados = frozenset(lector._perdoc.deleted_docs()) if lector.has_deletions() else frozenset()
            self.hojas.append((lector, base, borrados))
        self._normas: dict[str, list[float]] = {}
        self._formato = searcher.schema["texto"].format

    # --- document lengths ---
    def normas(self, campo: str) -> list[float]:
        """K1·((1−B) + B·fl/avgfl) of every document (global docnum), from the lengths column."""
        if campo not in self._normas:
            from whoosh.util.numeric import byte_to_length

            promedio = self.s.avg_field_length(campo) or 1
            clave = (tuple(_clave_segmento(lector) for lector, _, _ in self.hojas), campo, promedio)
            with _candado_cache:
                salida = _normas_generacion.get(clave)
            if salida is None:
                tabla = [self.K1 * ((1 - self.B) + self.B * byte_to_length(b) / promedio) for b in range(256)]
                salida = []
                for lector, _, _ in self.hojas:
                    salida.extend(tabla[b] for b in self._longitudes(lector, campo))
                with _candado_cache:
                    if len(_normas_generacion) >= 4:  # the current generation's, and a few being replaced
                        _normas_generacion.pop(next(iter(_normas_generacion)))
                    _normas_generacion[clave] = salida
            self._normas[campo] = salida
        return self._normas[campo]

    @staticmethod
    def _longitudes(lector: Any, campo: str) -> bytes:
        from whoosh.util.numeric import length_to_byte

        n = lector.doc_count_all()
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            columna = lector._perdoc._cached_reader(_lenfield(campo), LENGTHS_COLUMN)
            if columna is None:
                return bytes(n)
            cuenta = min(columna._count, n)
            datos = columna._dbfile.get(columna._basepos, cuenta) if cuenta else b""
            return bytes(datos) + bytes(n - cuenta)
        except (AttributeError, ImportError):
            return bytes(length_to_byte(lector.doc_field_length(d, campo) or 0) for d in range(n))

    # --- postings ---
    def _bloques(self, campo: str, termino_: str, valores: bool = False, solo: Sequence[int] | None = None,
                 ) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[bytes] | None]]:
        """(global docnums, weights, values) of each block of the term's postings, deleted docs left out.

        With ``solo`` (sorted global docnums), blocks whose id range holds none of them are skipped undecoded
        (the block header carries its last id): an AND reads only the blocks its rarest word points to."""
        from bisect import bisect_left

        from whoosh.codec.whoosh3 import W3LeafMatcher
        from whoosh.reading import TermNotFound

        clave = termino_.encode("utf-8")
        for lector, base, borrados in self.hojas:
            if solo is not None:
                desde = bisect_left(solo, base)
                hasta = bisect_left(solo, base + lector.doc_count_all())
                if desde == hasta:
                    continue
            try:
                m = lector.postings(campo, clave)
            except TermNotFound:
                continue
            if isinstance(m, self._filtro_cls):
                m = m.child
            if isinstance(m, W3LeafMatcher):
                anterior = -1  # last id of the previous block
                while m.is_active():
                    maximo = m._maxid
                    if solo is not None:
                        i = bisect_left(solo, base + anterior + 1, desde, hasta)
                        if i == hasta or solo[i] > base + maximo:
                            if i == hasta or m._lastblock:
                                break
                            anterior = maximo
                            m._next_block()
                            continue
                    m._read_ids()
                    m._read_weights()
                    ids, pesos = m._ids, m._weights
                    vals = None
                    if valores:
                        m._read_values()
                        vals = m._values
                    yield self._ajustar(ids, pesos, vals, base, borrados)
                    if m._lastblock:
                        break
                    anterior = maximo
                    m._next_block()
            else:  # an inlined single posting, or another codec: Whoosh's public API
                ids, pesos, vals = [], [], []
                while m.is_active():
                    ids.append(m.id())
                    pesos.append(m.weight())
                    if valores:
                        vals.append(m.value())
                    m.next()
                yield self._ajustar(ids, pesos, vals if valores else None, base, borrados)

    @staticmethod
    def _ajustar(ids: Sequence[int], pesos: Sequence[float], vals: Sequence[bytes] | None, base: int,
                 borrados: frozenset[int]) -> tuple[Sequence[int], Sequence[float], Sequence[bytes] | None]:
        if borrados:
            vivos = [i for i, d in enumerate(ids) if d not in borrados]
            ids = [ids[i] for i in vivos]
            pesos = [pesos[i] for i in vivos]
            vals = [vals[i] for i in vivos] if vals is not None else None
        if base:
            ids = [d + base for d in ids]
        return ids, pesos, vals

    def documentos(self, campo: str, termino_: str) -> set[int]:
        """The documents (global docnums) that hold the term, deleted ones left out; each segment's part is read
        once per process (see the module's caches)."""
        salida: set[int] = set()
        for lector, base, borrados in self.hojas:
            locales = self._locales(lector, campo, termino_)
            if not locales:
                continue
            if borrados:
                locales = locales - borrados
            if base == 0:
                salida |= locales
            else:
                salida.update(d + base for d in locales)
        return salida

    def _por_segmento(self, clave: tuple[Any, ...], calcular: Callable[[], set[int]]) -> set[int]:
        """Global docnums of ``calcular()`` (which works on ``self.hojas``), computed one segment at a time and
        cached per segment like a term's documents."""
        global _elementos
        salida: set[int] = set()
        hojas, normas = self.hojas, self._normas
        try:
            for lector, base, borrados in hojas:
                completa = (_clave_segmento(lector), *clave)
                with _candado_cache:
                    locales = _terminos.get(completa)
                    if locales is not None:
                        _terminos.move_to_end(completa)
                if locales is None:
                    self.hojas, self._normas = [(lector, 0, frozenset())], {}  # this segment alone
                    locales = frozenset(calcular())
                    with _candado_cache:
                        if completa not in _terminos:
                            _terminos[completa] = locales
                            _elementos += len(locales)
                            while _elementos > MAX_ELEMENTOS_CACHE and len(_terminos) > 1:
                                _, viejo = _terminos.popitem(last=False)
                                _elementos -= len(viejo)
                if borrados:
                    locales = locales - borrados
                if base == 0:
                    salida |= locales
                else:
                    salida.update(d + base for d in locales)
        finally:
            self.hojas, self._normas = hojas, normas
        return salida

    def _locales(self, lector: Any, campo: str, termino_: str) -> frozenset[int]:
        """The term's documents in one segment (its own docnums, deleted ones included), cached."""
        global _elementos
        clave = (_clave_segmento(lector), campo, termino_)
        with _candado_cache:
            guardado = _terminos.get(clave)
            if guardado is not None:
                _terminos.move_to_end(clave)
                return guardado
        ids: list[int] = []
        hojas, self.hojas = self.hojas, [(lector, 0, frozenset())]
        try:
            for bloque, _, _ in self._bloques(campo, termino_):
                ids.extend(bloque)
        finally:
            self.hojas = hojas
        locales = frozenset(ids)
        with _candado_cache:
            if clave not in _terminos:
                _terminos[clave] = locales
                _elementos += len(locales)
                while _elementos > MAX_ELEMENTOS_CACHE and len(_terminos) > 1:
                    _, viejo = _terminos.popitem(last=False)
                    _elementos -= len(viejo)
        return locales

    def cuentas(self, campos: Sequence[str], docs: set[int]) -> dict[str, dict[str, int]]:
        """For each filter field, how many of ``docs`` (global docnums) have each of its values (the search's
        facets). The value → documents table of each segment is read once per process."""
        from bisect import bisect_left

        ordenados = sorted(docs) if len(self.hojas) > 1 else []
        por_hoja = []
        for lector, base, _ in self.hojas:
            if len(self.hojas) == 1 and base == 0:
                locales: set[int] = docs
            else:
                trozo = ordenados[bisect_left(ordenados, base):bisect_left(ordenados, base + lector.doc_count_all())]
                locales = set(trozo) if base == 0 else {d - base for d in trozo}
            if locales:
                por_hoja.append((lector, locales))
        salida: dict[str, dict[str, int]] = {}
        for campo in campos:
            cuenta: dict[str, int] = {}
            for lector, locales in por_hoja:
                for valor, ids in self._valores(lector, campo).items():
                    k = len(ids & locales)
                    if k:
                        cuenta[valor] = cuenta.get(valor, 0) + k
            salida[campo] = cuenta
        return salida

    def _valores(self, lector: Any, campo: str) -> dict[str, frozenset[int]]:
        clave = (_clave_segmento(lector), campo)
        with _candado_cache:
            guardado = _valores_segmento.get(clave)
        if guardado is not None:
            return guardado
        valores: dict[str, frozenset[int]] = {}
        for termino_ in lector.expand_prefix(campo, ""):
            texto = termino_.decode("utf-8") if isinstance(termino_, bytes) else termino_
            valores[texto] = self._locales(lector, campo, texto)
        with _candado_cache:
            vivos = {_clave_segmento(h) for h, _, _ in self.hojas}
            for viejo in [k for k in _valores_segmento if k[0] not in vivos and k[0][0] == clave[0][0]]:
                del _valores_segmento[viejo]  # segments merged away
            _valores_segmento[clave] = valores
        return valores

    def frecuencia(self, campo: str, termino_: str) -> int:
        return self.s.doc_frequency(campo, termino_)

    def puntuar(self, campo: str, termino_: str, peso: float = 1.0,
                solo: set[int] | None = None) -> dict[int, float]:
        """docnum -> BM25 of the term in the field (only for the documents of ``solo``, if given)."""
        if self.s.doc_count_all() == 0:  # an empty index: Whoosh's idf would take the logarithm of zero
            return {}
        idf = self.s.idf(campo, termino_)
        c = idf * (self.K1 + 1) * peso
        normas = self.normas(campo)
        salida: dict[int, float] = {}
        if solo is None:
            for ids, pesos, _ in self._bloques(campo, termino_):
                salida.update(zip(ids, [c * w / (w + normas[d]) for d, w in zip(ids, pesos, strict=False)],
                                  strict=True))
            return salida
        for ids, pesos, _ in self._bloques(campo, termino_, solo=sorted(solo)):
            for d, w in zip(ids, pesos, strict=False):
                if d in solo:
                    salida[d] = c * w / (w + normas[d])
        return salida

    def _leer(self, campo: str, terminos: Sequence[str], indices: Sequence[int], solo: set[int] | None,
              ) -> tuple[dict[int, dict[int, bytes]], dict[int, float]]:
        """Values (positions) of the words ``indices`` of the phrase in the documents that have all of them,
        and each document's least word frequency. The rarest word is read first; the others only in the
        blocks of the documents still possible."""
        valores: dict[int, dict[int, bytes]] = {}
        minimo: dict[int, float] = {}
        candidatos = solo
        for i in sorted(indices, key=lambda i: self.frecuencia(campo, terminos[i])):
            d: dict[int, bytes] = {}
            restringir = sorted(candidatos) if candidatos is not None else None
            for ids, pesos, vals in self._bloques(campo, terminos[i], valores=True, solo=restringir):
                for doc, w, v in zip(ids, pesos, vals or (), strict=True):
                    if candidatos is None or doc in candidatos:
                        d[doc] = v
                        if w < minimo.get(doc, 1e9):
                            minimo[doc] = w
            valores[i] = d
            candidatos = set(d)
            if not d:
                break
        return valores, {doc: minimo[doc] for doc in candidatos or ()}

    def _veces(self, valores: dict[int, dict[int, bytes]], doc: int) -> int:
        """How many times the words of ``valores`` (by their place in the phrase) are where the phrase puts
        them in ``doc``: the phrase frequency when ``valores`` has every word, an upper bound otherwise."""
        decodificar = self._formato.decode_positions
        posibles: set[int] | None = None
        for i, por_doc in sorted(valores.items(), key=lambda x: len(x[1])):
            desplazadas = {p - i for p in decodificar(por_doc[doc])}
            posibles = desplazadas if posibles is None else posibles & desplazadas
            if not posibles:
                return 0
        return len(posibles or ())

    def frase(self, campo: str, terminos: Sequence[str], solo: set[int] | None = None) -> dict[int, float]:
        """docnum -> score of the documents where the terms appear one after another (BM25 of the phrase
        frequency, with the summed idf of its words)."""
        valores, minimo = self._leer(campo, terminos, range(len(terminos)), solo)
        normas = self.normas(campo)
        constante = sum(self.s.idf(campo, t) for t in terminos) * (self.K1 + 1)
        salida = {}
        for doc in minimo:
            f = self._veces(valores, doc)
            if f:
                salida[doc] = constante * f / (f + normas[doc])
        return salida

    def mejores_frase(self, campo: str, terminos: Sequence[str], extra: Callable[[set[int]], dict[int, float]],
                      solo: set[int] | None, limite: int) -> list[tuple[int, float]]:
        """The best ``limite`` documents of a phrase query, exactly, without reading everything.

        1. The documents that have the two rarest words (ids and frequencies only, no positions): the phrase
           cannot occur more often than its least frequent word, which bounds each document's score.
        2. Candidates go from the highest bound down, in batches; for each batch every word is read only in
           the blocks of those documents, and the phrase is verified with the positions.
        3. It stops when the next bound cannot enter the top ``limite``.
        Common words (de, la, ley…) are in nearly every document: reading all their postings, and decoding
        positions for every candidate, was most of a phrase's cost. ``extra`` gives the title bonus of a set
        of documents, added exactly.
        """
        import heapq

        por_frecuencia = sorted(range(len(terminos)), key=lambda i: self.frecuencia(campo, terminos[i]))
        minimo: dict[int, float] | None = None
        for i in por_frecuencia[:2]:
            d: dict[int, float] = {}
            restringir = sorted(minimo) if minimo is not None else (sorted(solo) if solo is not None else None)
            for ids, pesos, _ in self._bloques(campo, terminos[i], solo=restringir):
                for doc, w in zip(ids, pesos, strict=False):
                    if minimo is None:
                        if solo is None or doc in solo:
                            d[doc] = w
                    elif doc in minimo:
                        d[doc] = min(w, minimo[doc])
            minimo = d
            if not minimo:
                return []
        assert minimo is not None
        normas = self.normas(campo)
        constante = sum(self.s.idf(campo, t) for t in terminos) * (self.K1 + 1)
        bonos = extra(set(minimo))
        cotas = sorted(((constante * w / (w + normas[d]) + bonos.get(d, 0.0), -d) for d, w in minimo.items()),
                       reverse=True)
        mejores: list[tuple[float, int]] = []  # min-heap of (score, -docnum)
        lote, hecho = max(64, 8 * limite), 0
        while hecho < len(cotas):
            if len(mejores) >= limite and cotas[hecho][0] < mejores[0][0]:
                break
            tanda = cotas[hecho: hecho + lote]
            hecho += len(tanda)
            valores, presentes = self._leer(campo, terminos, range(len(terminos)), {-d for _, d in tanda})
            for _, d in tanda:
                doc = -d
                if doc not in presentes:
                    continue
                f = self._veces(valores, doc)
                if not f:
                    continue
                clave = (constante * f / (f + normas[doc]) + bonos.get(doc, 0.0), d)
                if len(mejores) < limite:
                    heapq.heappush(mejores, clave)
                elif clave > mejores[0]:
                    heapq.heapreplace(mejores, clave)
            lote *= 2
        return [(-d, p) for p, d in sorted(mejores, reverse=True)]

    # --- the query tree ---
    def _costo(self, nodo: Nodo) -> int:
        """An estimate of how many postings a node reads (to evaluate the rarest first)."""
        if isinstance(nodo, Palabra):
            return self.frecuencia("texto", nodo.termino)
        if isinstance(nodo, Frase):
            return min(self.frecuencia("texto", t) for t in nodo.terminos)
        if isinstance(nodo, Identificador):
            return self.frecuencia("texto", termino_identificador(nodo.normalizado))
        if isinstance(nodo, Y):
            return min((self._costo(h) for h in nodo.hijos if not isinstance(h, No)), default=0)
        if isinstance(nodo, O):
            return sum(self._costo(h) for h in nodo.hijos)
        return self.s.doc_count_all()

    def evaluar(self, nodo: Nodo, solo: set[int] | None = None) -> dict[int, float]:
        """docnum -> score of the documents matching ``nodo`` (within ``solo``, if given)."""
        if isinstance(nodo, Palabra):
            return self.puntuar("texto", nodo.termino, solo=solo)
        if isinstance(nodo, Frase):
            return self.frase("texto", nodo.terminos, solo=solo)
        if isinstance(nodo, Identificador):
            salida = self.puntuar("texto", termino_identificador(nodo.normalizado), solo=solo)
            for doc in self.documentos("numero", nodo.normalizado):
                if solo is None or doc in solo:
                    salida[doc] = salida.get(doc, 0.0) + PUNTOS_NUMERO_PROPIO
            return salida
        if isinstance(nodo, O):
            salida: dict[int, float] = {}
            for h in nodo.hijos:
                for doc, puntos in self.evaluar(h, solo).items():
                    salida[doc] = salida.get(doc, 0.0) + puntos
            return salida
        if isinstance(nodo, No):
            raise ValueError("NO sin términos positivos")
        positivos = sorted((h for h in nodo.hijos if not isinstance(h, No)), key=self._costo)
        negativos = [h.hijo for h in nodo.hijos if isinstance(h, No)]
        if not positivos:
            raise ValueError("NO sin términos positivos")
        total: dict[int, float] | None = None
        for h in positivos:
            parcial = self.evaluar(h, solo if total is None else set(total))
            total = parcial if total is None else {d: total[d] + p for d, p in parcial.items() if d in total}
            if not total:
                return {}
        for n in negativos:
            for doc in self.evaluar(n, set(total)):
                total.pop(doc, None)
        return total or {}

    def coincidencias(self, nodo: Nodo, solo: set[int] | None = None) -> set[int]:
        """Every document matching ``nodo`` (within ``solo``), without scoring: set operations on the postings
        (for the total of a search and its facets)."""
        if isinstance(nodo, Palabra):
            docs = self.documentos("texto", nodo.termino)
        elif isinstance(nodo, Frase):
            docs = self._por_segmento(("frase", *nodo.terminos),
                                      lambda: set(self.frase("texto", nodo.terminos)))
        elif isinstance(nodo, Identificador):
            docs = self.documentos("texto", termino_identificador(nodo.normalizado))
            docs |= self.documentos("numero", nodo.normalizado)
        elif isinstance(nodo, O):
            docs = set()
            for h in nodo.hijos:
                docs |= self.coincidencias(h, solo)
        elif isinstance(nodo, No):
            raise ValueError("NO sin términos positivos")
        else:
            positivos = sorted((h for h in nodo.hijos if not isinstance(h, No)), key=self._costo)
            if not positivos:
                raise ValueError("NO sin términos positivos")
            docs = self.coincidencias(positivos[0], solo)
            for h in positivos[1:]:
                if not docs:
                    break
                docs &= self.coincidencias(h, docs)
            for h in nodo.hijos:
                if isinstance(h, No) and docs:
                    docs -= self.coincidencias(h.hijo, docs)
        return docs & solo if solo is not None else docs

    def conjunto(self, q: wq.Query) -> set[int]:
        """The documents a filter query matches (Terms, ranges, phrases, And/Or) as a set."""
        if isinstance(q, wq.Term):
            return self.documentos(q.fieldname, q.text)
        if isinstance(q, wq.Phrase):
            return set(self.frase(q.fieldname, q.words))
        if isinstance(q, wq.And):
            partes = sorted((self.conjunto(h) for h in q.subqueries), key=len)
            salida = set(partes[0])
            for p in partes[1:]:
                salida &= p
            return salida
        if isinstance(q, wq.Or):
            salida = set()
            for h in q.subqueries:
                salida |= self.conjunto(h)
            return salida
        if isinstance(q, wq.TermRange):
            salida = set()
            for termino_ in self.s.reader().expand_prefix(q.fieldname, ""):
                texto = termino_.decode("utf-8") if isinstance(termino_, bytes) else termino_
                if (q.start is None or texto >= q.start) and (q.end is None or texto <= q.end):
                    salida |= self.documentos(q.fieldname, texto)
            return salida
        return set(q.docs(self.s))

    def buscar(self, consulta: Consulta, permitidos: set[int] | None, limite: int) -> list[tuple[int, float]]:
        """The best ``limite`` (docnum, score), best first (ties: older docnum first, as Whoosh)."""
        import heapq

        arbol = consulta.arbol
        if arbol is None or consulta.solo_exclusiones():
            raise ValueError("sin términos positivos")
        if isinstance(arbol, Frase):
            def titulo(docs: set[int]) -> dict[int, float]:
                bonos: dict[int, float] = {}
                for t in consulta.terminos_positivos():
                    for doc, extra in self.puntuar("titulo", t, PESO_TITULO, solo=docs).items():
                        bonos[doc] = bonos.get(doc, 0.0) + extra
                return bonos
            return self.mejores_frase("texto", arbol.terminos, titulo, permitidos, limite)
        puntos = self.evaluar(arbol, permitidos)
        if not puntos:
            return []
        for t in consulta.terminos_positivos():
            for doc, extra in self.puntuar("titulo", t, PESO_TITULO, solo=set(puntos)).items():
                puntos[doc] += extra
        return heapq.nlargest(limite, puntos.items(), key=lambda x: (x[1], -x[0]))


def tiene_frase(nodo: Nodo | None) -> bool:
    if isinstance(nodo, Frase):
        return True
    if isinstance(nodo, Y | O):
        return any(tiene_frase(h) for h in nodo.hijos)
    if isinstance(nodo, No):
        return tiene_frase(nodo.hijo)
    return False


