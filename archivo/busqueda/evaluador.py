"""The evaluator: ranking straight from Whoosh's posting blocks (faster than its searcher for broad queries)."""

from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
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
# segment's postings once instead of on every search, and its memory stays bounded: each cache drops its least
# recently used entries past its size.
MAX_POSTINGS_CACHE = 2_500_000  # decoded postings kept for ranking (docnum and frequency: 8 bytes each, 20 MB)
MAX_BYTES_MAPAS = 12 * 2**20  # bitmaps of the documents of terms and phrases (one bit per document: 12 MB)
_listas: OrderedDict[tuple[Any, ...], tuple[array, array]] = OrderedDict()
_postings = 0
_mapas: OrderedDict[tuple[Any, ...], int] = OrderedDict()
_bytes_mapas = 0
_valores_segmento: dict[tuple[Any, ...], dict[str, int]] = {}
_longitudes_segmento: dict[tuple[Any, ...], bytes] = {}
_candado_cache = threading.Lock()
_BITS = [tuple(k for k in range(8) if v >> k & 1) for v in range(256)]  # the bits set in each byte


def a_mapa(ids: Iterable[int], n: int) -> int:
    """A set of docnums (each below ``n``) as a bitmap: bit d is set when d is in the set. AND, OR, NOT and
    counting (``int.bit_count``) are then single C operations over 8 documents a byte (a set of 95,000
    docnums is 4 MB of Python objects; its bitmap, 12 KB)."""
    if n <= 0:
        return 0
    marcas = bytearray(b"0") * n
    for d in ids:
        marcas[d] = 49  # "1"
    marcas.reverse()
    return int(marcas, 2)


def docnums(mapa: int, base: int = 0) -> list[int]:
    """The docnums (plus ``base``) of the bits set in ``mapa``, ascending."""
    salida: list[int] = []
    bits = _BITS
    for i, byte in enumerate(mapa.to_bytes((mapa.bit_length() + 7) // 8, "little")):
        if byte:
            inicio = base + (i << 3)
            salida.extend([inicio + k for k in bits[byte]])
    return salida


def _en_lista(ids: array, pesos: array, buscados: Iterable[int]) -> Iterator[tuple[int, float]]:
    """(docnum, frequency) of each of ``buscados`` found in a segment's sorted list (a few documents among many:
    a binary search each instead of walking the whole list)."""
    for d in buscados:
        i = bisect_left(ids, d)
        if i < len(ids) and ids[i] == d:
            yield d, pesos[i]


def _guardar_mapa(clave: tuple[Any, ...], mapa: int) -> None:
    global _bytes_mapas
    with _candado_cache:
        if clave in _mapas:
            return
        _mapas[clave] = mapa
        _bytes_mapas += mapa.bit_length() // 8 + 32
        while _bytes_mapas > MAX_BYTES_MAPAS and len(_mapas) > 1:
            _, viejo = _mapas.popitem(last=False)
            _bytes_mapas -= viejo.bit_length() // 8 + 32


def _mapa_guardado(clave: tuple[Any, ...]) -> int | None:
    with _candado_cache:
        mapa = _mapas.get(clave)
        if mapa is not None:
            _mapas.move_to_end(clave)
        return mapa


def _clave_segmento(lector: Any) -> tuple[Any, ...]:
    segmento = getattr(lector, "_segment", None)
    ident = segmento.segment_id() if segmento is not None else id(lector)
    return (str(getattr(getattr(lector, "_storage", None), "folder", "")), ident, lector.doc_count_all())


class Evaluador:
    """Ranks a query by reading Whoosh's posting lists block by block, with BM25F (the same formula and
    constants as Whoosh: ``bm25(idf, tf, fl, avgfl, B=0.75, K1=1.2)``, summed over the query's parts).

    Why: Whoosh's matcher tree scores each posting through several Python method calls (about 5 µs each);
    a word present in most documents («artículo», «ley») then costs half a second at 100,000 documents.
    Here a posting costs one list comprehension step: each segment's postings are decoded once per process
    into two compact arrays (docnums, frequencies), document lengths are one byte per document and segment
    with a table of 256 BM25 norms per search, totals, facets and filters are bitmaps (AND, OR and bit counts
    in C), and only phrase candidates have their positions decoded. The result
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
        self._tablas: dict[str, list[float]] = {}
        self._vivos: list[int] | None = None
        self._formato = searcher.schema["texto"].format

    # --- document lengths ---
    def tabla(self, campo: str) -> list[float]:
        """K1·((1−B) + B·fl/avgfl) for each of the 256 encoded field lengths (``avgfl``: this searcher's)."""
        if campo not in self._tablas:
            from whoosh.util.numeric import byte_to_length

            promedio = self.s.avg_field_length(campo) or 1
            self._tablas[campo] = [self.K1 * ((1 - self.B) + self.B * byte_to_length(b) / promedio)
                                   for b in range(256)]
        return self._tablas[campo]

    def longitudes(self, lector: Any, campo: str) -> bytes:
        """The encoded length (one byte per document) of the field in each document of one segment, read once
        per process: a BM25 norm is then ``tabla[longitudes[d]]``, with nothing to rebuild when a document
        issued in another segment moves the average length."""
        clave = (_clave_segmento(lector), campo)
        with _candado_cache:
            guardadas = _longitudes_segmento.get(clave)
        if guardadas is None:
            guardadas = self._longitudes(lector, campo)
            with _candado_cache:
                vivos = {_clave_segmento(h) for h, _, _ in self.hojas}
                for viejo in [k for k in _longitudes_segmento if k[0] not in vivos and k[0][0] == clave[0][0]]:
                    del _longitudes_segmento[viejo]  # segments merged away
                _longitudes_segmento[clave] = guardadas
        return guardadas

    def normas(self, campo: str) -> _Normas:
        """The BM25 norm of any document by its global docnum (for the few documents a phrase verifies)."""
        return _Normas([(base, self.longitudes(lector, campo)) for lector, base, _ in self.hojas], self.tabla(campo))

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
            ids = list(map(base.__add__, ids))
        return ids, pesos, vals

    def vivos(self) -> list[int]:
        """Each segment's documents that are not deleted, as bitmaps (see ``a_mapa``)."""
        if self._vivos is None:
            self._vivos = [((1 << lector.doc_count_all()) - 1) & ~a_mapa(borrados, lector.doc_count_all())
                           if borrados else (1 << lector.doc_count_all()) - 1 for lector, _, borrados in self.hojas]
        return self._vivos

    def mascara(self, mapas: Sequence[int]) -> bytes:
        """Per-segment bitmaps as one byte per document (global docnum): 1 for the documents of ``mapas``."""
        partes = []
        a_bytes = bytes.maketrans(b"01", b"\x00\x01")
        for (lector, _, _), mapa in zip(self.hojas, mapas, strict=True):
            n = lector.doc_count_all()
            if n:
                partes.append(format(mapa, f"0{n}b")[::-1].encode("ascii").translate(a_bytes))
        return b"".join(partes)

    def a_conjunto(self, mapas: Sequence[int]) -> set[int]:
        """Per-segment bitmaps as one set of global docnums."""
        salida: set[int] = set()
        for (_, base, _), mapa in zip(self.hojas, mapas, strict=True):
            if mapa:
                salida.update(docnums(mapa, base))
        return salida

    def documentos(self, campo: str, termino_: str) -> set[int]:
        """The documents (global docnums) that hold the term, deleted ones left out."""
        return self.a_conjunto(self.mapas_termino(campo, termino_))

    def mapas_termino(self, campo: str, termino_: str) -> list[int]:
        """The term's documents in each segment (bitmaps, deleted ones left out)."""
        return [self._mapa(lector, campo, termino_) & vivos
                for (lector, _, _), vivos in zip(self.hojas, self.vivos(), strict=True)]

    def _mapa(self, lector: Any, campo: str, termino_: str) -> int:
        """The term's documents in one segment as a bitmap (the segment's own docnums, deleted ones included),
        kept per process."""
        clave = (_clave_segmento(lector), campo, termino_)
        mapa = _mapa_guardado(clave)
        if mapa is None:
            mapa = a_mapa(self._lista(lector, campo, termino_)[0], lector.doc_count_all())
            _guardar_mapa(clave, mapa)
        return mapa

    def _por_segmento(self, clave: tuple[Any, ...], calcular: Callable[[], Iterable[int]]) -> list[int]:
        """Bitmaps of ``calcular()`` (which works on ``self.hojas``), computed one segment at a time and kept per
        segment like a term's documents (deleted ones left out)."""
        salida: list[int] = []
        hojas, tablas, vivos = self.hojas, self._tablas, self.vivos()
        try:
            for (lector, _, _), vivo in zip(hojas, vivos, strict=True):
                completa = (_clave_segmento(lector), *clave)
                mapa = _mapa_guardado(completa)
                if mapa is None:
                    self.hojas = [(lector, 0, frozenset())]  # this segment alone (the searcher's average lengths)
                    mapa = a_mapa(calcular(), lector.doc_count_all())
                    _guardar_mapa(completa, mapa)
                salida.append(mapa & vivo)
        finally:
            self.hojas, self._tablas = hojas, tablas
        return salida

    def _lista(self, lector: Any, campo: str, termino_: str) -> tuple[array, array]:
        """The term's postings in one segment, decoded: its docnums (the segment's own, ascending, deleted ones
        included) and their frequencies, as two compact arrays. Decoding Whoosh's blocks (unpickle, inflate,
        delta-decode) was most of the cost of ranking a word present in most documents, so each segment's list
        is decoded once per process and kept while there is room (least recently used first out)."""
        global _postings
        clave = (_clave_segmento(lector), campo, termino_)
        with _candado_cache:
            guardada = _listas.get(clave)
            if guardada is not None:
                _listas.move_to_end(clave)
                return guardada
        ids, pesos = array("i"), array("f")
        hojas, self.hojas = self.hojas, [(lector, 0, frozenset())]
        try:
            for bloque, frecuencias, _ in self._bloques(campo, termino_):
                ids.extend(bloque)
                pesos.extend(frecuencias)
        finally:
            self.hojas = hojas
        with _candado_cache:
            if clave not in _listas and len(ids) <= MAX_POSTINGS_CACHE:
                _listas[clave] = (ids, pesos)
                _postings += len(ids)
                while _postings > MAX_POSTINGS_CACHE:
                    _, (viejos, _p) = _listas.popitem(last=False)
                    _postings -= len(viejos)
        return ids, pesos

    def cuentas(self, campos: Sequence[str], mapas: Sequence[int]) -> dict[str, dict[str, int]]:
        """For each filter field, how many of the documents of ``mapas`` (per-segment bitmaps) have each of its
        values (the search's facets): one AND and one bit count per value and segment. The value → documents
        table of each segment is read once per process."""
        salida: dict[str, dict[str, int]] = {}
        for campo in campos:
            cuenta: dict[str, int] = {}
            for (lector, _, _), mapa in zip(self.hojas, mapas, strict=True):
                if not mapa:
                    continue
                for valor, suyos in self._valores(lector, campo).items():
                    k = (suyos & mapa).bit_count()
                    if k:
                        cuenta[valor] = cuenta.get(valor, 0) + k
            salida[campo] = cuenta
        return salida

    def _valores(self, lector: Any, campo: str) -> dict[str, int]:
        clave = (_clave_segmento(lector), campo)
        with _candado_cache:
            guardado = _valores_segmento.get(clave)
        if guardado is not None:
            return guardado
        valores: dict[str, int] = {}
        for termino_ in lector.expand_prefix(campo, ""):
            texto = termino_.decode("utf-8") if isinstance(termino_, bytes) else termino_
            valores[texto] = a_mapa(self._lista(lector, campo, texto)[0], lector.doc_count_all())
        with _candado_cache:
            vivos = {_clave_segmento(h) for h, _, _ in self.hojas}
            for viejo in [k for k in _valores_segmento if k[0] not in vivos and k[0][0] == clave[0][0]]:
                del _valores_segmento[viejo]  # segments merged away
            _valores_segmento[clave] = valores
        return valores

    def frecuencia(self, campo: str, termino_: str) -> int:
        return self.s.doc_frequency(campo, termino_)

    def puntuar(self, campo: str, termino_: str, peso: float = 1.0,
                solo: Collection[int] | None = None) -> dict[int, float]:
        """docnum -> BM25 of the term in the field (only for the documents of ``solo``, if given)."""
        if self.s.doc_count_all() == 0:  # an empty index: Whoosh's idf would take the logarithm of zero
            return {}
        idf = self.s.idf(campo, termino_)
        c = idf * (self.K1 + 1) * peso
        tabla = self.tabla(campo)
        salida: dict[int, float] = {}
        for lector, base, borrados in self.hojas:
            ids, pesos = self._lista(lector, campo, termino_)
            if not ids:
                continue
            lon = self.longitudes(lector, campo)
            if solo is not None and len(solo) * 16 < len(ids):  # a few allowed: look each one up in the list
                fin = base + lector.doc_count_all()
                for d, w in _en_lista(ids, pesos, (g - base for g in solo if base <= g < fin)):
                    if d not in borrados:
                        salida[d + base] = c * w / (w + tabla[lon[d]])
                continue
            puntos = [c * w / (w + tabla[lon[d]]) for d, w in zip(ids, pesos, strict=True)]
            globales = map(base.__add__, ids)
            if solo is None and not borrados:  # the common case, without a tuple per posting
                salida.update(zip(globales, puntos, strict=True))
            elif not borrados:
                salida.update([(g, p) for g, p in zip(globales, puntos, strict=True) if g in solo])
            else:
                salida.update([(g, p) for g, d, p in zip(globales, ids, puntos, strict=True)
                               if d not in borrados and (solo is None or g in solo)])
        return salida

    def sumar(self, puntos: dict[int, float], campo: str, termino_: str, peso: float = 1.0) -> None:
        """Add to each document of ``puntos`` the BM25 of the term in the field (the title's bonus); documents
        not in ``puntos`` are left out."""
        if not puntos or self.s.doc_count_all() == 0:
            return
        c = self.s.idf(campo, termino_) * (self.K1 + 1) * peso
        tabla = self.tabla(campo)
        for lector, base, _ in self.hojas:
            ids, pesos = self._lista(lector, campo, termino_)
            if not ids:
                continue
            lon = self.longitudes(lector, campo)
            if len(puntos) * 16 < len(ids):  # few documents to add to: look each one up in the sorted list
                fin = base + lector.doc_count_all()
                for d, w in _en_lista(ids, pesos, [g - base for g in puntos if base <= g < fin]):
                    puntos[d + base] += c * w / (w + tabla[lon[d]])
                continue
            extra = [c * w / (w + tabla[lon[d]]) for d, w in zip(ids, pesos, strict=True)]
            for g, e in zip(map(base.__add__, ids), extra, strict=True):
                if g in puntos:
                    puntos[g] += e

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
                      solo: set[int] | None, limite: int, mascara: bytes | None = None) -> list[tuple[int, float]]:
        """The best ``limite`` documents of a phrase query, exactly, without reading everything.

        1. The documents that have the two rarest words (ids and frequencies only, no positions): the phrase
           cannot occur more often than its least frequent word, which bounds each document's score.
        2. Candidates go from the highest bound down, in batches; for each batch every word is read only in
           the blocks of those documents, and the phrase is verified with the positions.
        3. It stops when the next bound cannot enter the top ``limite``.
        Common words (de, la, ley…) are in nearly every document: reading all their postings, and decoding
        positions for every candidate, was most of a phrase's cost. ``extra`` gives the title bonus of a set
        of documents, added exactly. Step 1 reads the lists the process keeps decoded (``_lista``).
        """
        por_frecuencia = sorted(range(len(terminos)), key=lambda i: self.frecuencia(campo, terminos[i]))
        tabla = self.tabla(campo)
        por_hoja: list[tuple[int, bytes, dict[int, float]]] = []  # (base, lengths, local docnum -> least freq.)
        for lector, base, borrados in self.hojas:
            minimo: dict[int, float] | None = None
            for i in por_frecuencia[:2]:  # from the decoded lists the process keeps (see ``_lista``)
                ids, pesos = self._lista(lector, campo, terminos[i])
                if minimo is None:
                    minimo = dict(zip(ids, pesos, strict=True))
                    for d in borrados:
                        minimo.pop(d, None)
                    if solo is not None:
                        minimo = {d: w for d, w in minimo.items() if d + base in solo}
                    if mascara is not None:
                        minimo = {d: w for d, w in minimo.items() if mascara[d + base]}
                else:
                    anterior = minimo
                    minimo = {d: min(w, anterior[d]) for d, w in zip(ids, pesos, strict=True) if d in anterior}
                if not minimo:
                    break
            if minimo:
                por_hoja.append((base, self.longitudes(lector, campo), minimo))
        if not por_hoja:
            return []
        normas = self.normas(campo)
        constante = sum(self.s.idf(campo, t) for t in terminos) * (self.K1 + 1)
        bonos = extra({d + base for base, _, m in por_hoja for d in m})
        cotas: list[tuple[float, int]] = []
        for base, lon, m in por_hoja:
            cotas.extend([(constante * w / (w + tabla[lon[d]]) + bonos.get(d + base, 0.0), -(d + base))
                          for d, w in m.items()])
        cotas.sort(reverse=True)
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

    def coincidencias(self, nodo: Nodo) -> list[int]:
        """Every document matching ``nodo``, without scoring, as one bitmap per segment (deleted documents left
        out): ANDs, ORs and NOTs of the terms' bitmaps (for the total of a search and its facets)."""
        if isinstance(nodo, Palabra):
            return self.mapas_termino("texto", nodo.termino)
        if isinstance(nodo, Frase):
            return self._por_segmento(("frase", *nodo.terminos), lambda: self.frase("texto", nodo.terminos))
        if isinstance(nodo, Identificador):
            return [a | b for a, b in zip(self.mapas_termino("texto", termino_identificador(nodo.normalizado)),
                                          self.mapas_termino("numero", nodo.normalizado), strict=True)]
        if isinstance(nodo, O):
            salida = [0] * len(self.hojas)
            for h in nodo.hijos:
                salida = [a | b for a, b in zip(salida, self.coincidencias(h), strict=True)]
            return salida
        if isinstance(nodo, No):  # only exclusions (with a filter): every document but those
            return [v & ~b for v, b in zip(self.vivos(), self.coincidencias(nodo.hijo), strict=True)]
        positivos = [h for h in nodo.hijos if not isinstance(h, No)]
        salida = self.coincidencias(positivos[0]) if positivos else list(self.vivos())
        for h in positivos[1:]:
            salida = [a & b for a, b in zip(salida, self.coincidencias(h), strict=True)]
        for h in nodo.hijos:
            if isinstance(h, No):
                salida = [a & ~b for a, b in zip(salida, self.coincidencias(h.hijo), strict=True)]
        return salida

    def conjunto(self, q: wq.Query) -> set[int]:
        """The documents a filter query matches (Terms, ranges, phrases, And/Or) as a set of global docnums."""
        return self.a_conjunto(self.mapas(q))

    def mapas(self, q: wq.Query) -> list[int]:
        """The documents a filter query matches, as one bitmap per segment (deleted documents left out)."""
        if isinstance(q, wq.Term):
            return self.mapas_termino(q.fieldname, q.text)
        if isinstance(q, wq.Phrase):
            return self._por_segmento(("frase-" + q.fieldname, *q.words), lambda: self.frase(q.fieldname, q.words))
        if isinstance(q, wq.And):
            partes = [self.mapas(h) for h in q.subqueries]
            salida = partes[0]
            for p in partes[1:]:
                salida = [a & b for a, b in zip(salida, p, strict=True)]
            return salida
        if isinstance(q, wq.Or | wq.TermRange):
            if isinstance(q, wq.Or):
                partes = [self.mapas(h) for h in q.subqueries]
            else:
                partes = []
                for termino_ in self.s.reader().expand_prefix(q.fieldname, ""):
                    texto = termino_.decode("utf-8") if isinstance(termino_, bytes) else termino_
                    if (q.start is None or texto >= q.start) and (q.end is None or texto <= q.end):
                        partes.append(self.mapas_termino(q.fieldname, texto))
            salida = [0] * len(self.hojas)
            for p in partes:
                salida = [a | b for a, b in zip(salida, p, strict=True)]
            return salida
        globales = sorted(q.docs(self.s))
        salida = []
        for (lector, base, _), vivo in zip(self.hojas, self.vivos(), strict=True):
            trozo = globales[bisect_left(globales, base):bisect_left(globales, base + lector.doc_count_all())]
            salida.append(a_mapa(map((-base).__add__, trozo), lector.doc_count_all()) & vivo)
        return salida

    def buscar(self, consulta: Consulta, permitidos: set[int] | None, limite: int, *,
               mascara: bytes | None = None) -> list[tuple[int, float]]:
        """The best ``limite`` (docnum, score), best first (ties: older docnum first, as Whoosh). ``permitidos``:
        only these documents are scored; ``mascara`` (one byte per document): the matches it marks 0 are dropped
        after scoring."""

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
            return self.mejores_frase("texto", arbol.terminos, titulo, permitidos, limite, mascara)
        puntos = self.evaluar(arbol, permitidos)
        if mascara is not None:
            puntos = {d: p for d, p in puntos.items() if mascara[d]}
        if not puntos:
            return []
        for t in consulta.terminos_positivos():
            self.sumar(puntos, "titulo", t, PESO_TITULO)
        return mejores(puntos, limite)


def mejores(puntos: dict[int, float], limite: int) -> list[tuple[int, float]]:
    """The ``limite`` best (docnum, score), best first, ties by docnum (as Whoosh). The cut-off score is found
    among the bare scores (compared in C), and only the documents that reach it are sorted."""

    if len(puntos) > limite > 0:
        corte = heapq.nlargest(limite, puntos.values())[-1]
        candidatos = [(d, p) for d, p in puntos.items() if p >= corte]
    else:
        candidatos = list(puntos.items())
    return heapq.nsmallest(limite, candidatos, key=lambda x: (-x[1], x[0])) if limite > 0 else []


class _Normas:
    """The BM25 norm of a document by its global docnum: each segment's encoded lengths and the 256-entry table
    of the searcher's average length (no list of 100,000 floats to build for each new index generation)."""

    def __init__(self, partes: list[tuple[int, bytes]], tabla: list[float]) -> None:
        self._bases = [base for base, _ in partes]
        self._longitudes = [lon for _, lon in partes]
        self._tabla = tabla

    def __getitem__(self, docnum: int) -> float:
        i = bisect_left(self._bases, docnum + 1) - 1
        return self._tabla[self._longitudes[i][docnum - self._bases[i]]]
