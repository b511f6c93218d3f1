"""The index schema and the engine: ``Motor`` writes documents, ``Buscador`` ranks results with filters,
fragments and similar documents. It works on plain document dicts, so the benchmark uses it directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from archivo.base.errors import EntradaInvalida, Problema
from archivo.busqueda.analisis import (
    VACIAS,
    AnalizadorEspanol,
    identificadores,
    normalizar_identificador,
    piezas,
    plegar,
    posiciones,
)
from archivo.busqueda.consulta import Consulta, consulta_whoosh
from archivo.busqueda.evaluador import Evaluador
from archivo.busqueda.fragmentos import fragmentos

# =====================================================================================================
# 2. The index schema and the engine
# =====================================================================================================

# Bump when the schema or the analysis changes: an index of another version is rebuilt automatically.
VERSION_ESQUEMA = 2

_CAMPOS_FILTRO = ("tipo", "mecanismo", "procedimiento", "area", "estado", "origen")


class TextoEspanol(TEXT):
    """A TEXT field whose ``index`` goes straight from the text to term positions (``analisis.posiciones``)
    instead of through a stream of Token objects: the same terms, about three times faster. The analyzer
    (``AnalizadorEspanol``) stays for everything else Whoosh does with the field."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        fmt = self.format
        boost = fmt.field_boost
        con_posiciones = fmt.supports("positions")
        for t, lista in posiciones(value).items():
            n = len(lista)
            valor = fmt.encode(lista) if con_posiciones else pack_uint(n)
            yield t.encode("utf-8"), n, n * boost, valor


def esquema() -> Schema:
    """The fields of the index. ``texto`` holds title, persona names, folio and body (what words match);
    ``titulo`` is searched again only to rank title matches higher; ``numero`` is the document's own number
    (its folio, or the acuerdo number detected in an imported file)."""
    analizador = AnalizadorEspanol()
    return Schema(
        id=ID(stored=True, unique=True),
        numero=ID(stored=True),
        folio=STORED(),
        identificadores=KEYWORD(stored=True, commas=True),
        titulo=TextoEspanol(analyzer=analizador, stored=True, phrase=False),
        texto=TextoEspanol(analyzer=analizador, stored=True, phrase=True),
        tipo=ID(stored=True),
        mecanismo=ID(stored=True),
        procedimiento=ID(stored=True),
        area=ID(stored=True),
        estado=ID(stored=True),
        origen=ID(stored=True),
        personas=KEYWORD(stored=True, commas=True),
        fecha=ID(stored=True, sortable=True),
        mes=ID(),  # «2024-06»: date ranges use whole months and years instead of every day
        anio=ID(),
        nombres=STORED(),
        ruta=STORED(),
        nombre_original=STORED(),
        huella=STORED(),
    )


def valor_filtro(valor: Any) -> str:
    """How a filter value is indexed and compared: folded, lower case, trimmed («DEVySPE» = «devyspe»)."""
    return plegar(str(valor or "")).strip()


def huella(doc: dict[str, Any]) -> str:
    """A fingerprint of what the index holds for a document (to tell whether an entry is current)."""
    claves = ("id", "folio", "numero", "titulo", "tipo", "mecanismo", "procedimiento", "area", "fecha", "estado",
              "origen", "personas", "nombres", "ruta", "nombre_original", "sha256", "texto_sha256")
    datos = json.dumps([doc.get(k) for k in claves], ensure_ascii=False, default=str)
    return hashlib.sha256(datos.encode("utf-8")).hexdigest()[:32]


def campos(doc: dict[str, Any]) -> dict[str, Any]:
    """The Whoosh fields of one document dict.

    Keys: id, folio, numero, titulo, tipo, mecanismo, procedimiento, area, fecha (ISO), estado, origen,
    personas (claves), nombres (persona names), ruta, nombre_original, texto, identificadores (optional:
    detected from the text when absent), huella (optional).
    """
    texto = doc.get("texto") or ""
    titulo = doc.get("titulo") or ""
    folio = doc.get("folio") or ""
    numero = doc.get("numero") or folio
    nombres = [n for n in doc.get("nombres") or [] if n]
    ids = doc.get("identificadores")
    if ids is None:
        ids = identificadores_de(titulo, folio, texto)
    cabecera = "\n".join(x for x in (titulo, " ".join(nombres), folio if folio != titulo else "") if x)
    salida: dict[str, Any] = {
        "id": str(doc["id"]),
        "numero": normalizar_identificador(numero) if numero else None,
        "_stored_numero": numero or None,
        "folio": folio or None,
        "identificadores": ",".join(ids) if ids else None,
        "titulo": titulo,
        "texto": f"{cabecera}\n{texto}" if cabecera else texto,
        "_stored_texto": texto,
        "fecha": str(doc.get("fecha") or "")[:10] or None,
        "mes": str(doc.get("fecha") or "")[:7] or None,
        "anio": str(doc.get("fecha") or "")[:4] or None,
        "personas": ",".join(doc.get("personas") or []) or None,
        "nombres": nombres,
        "ruta": doc.get("ruta"),
        "nombre_original": doc.get("nombre_original"),
        "huella": doc.get("huella") or huella(doc),
    }
    for campo in _CAMPOS_FILTRO:
        valor = doc.get(campo)
        if valor not in (None, ""):
            salida[campo] = valor_filtro(valor)
            salida[f"_stored_{campo}"] = str(valor)
    return {k: v for k, v in salida.items() if v is not None}


def identificadores_de(*textos: str) -> list[str]:
    """Every identifier in the texts, normalised, first appearance first."""
    vistos: dict[str, None] = {}
    for t in textos:
        if t:
            for i in identificadores(t):
                vistos.setdefault(i, None)
    return list(vistos)


@dataclass
class Filtros:
    """Restrictions on the results. Values compare without accents or case."""

    tipo: str | None = None
    mecanismo: str | None = None
    procedimiento: str | None = None
    area: str | None = None
    estado: str | None = None
    origen: str | None = None
    desde: date | None = None
    hasta: date | None = None
    persona: str | None = None  # clave: documents linked to the persona …
    persona_nombres: Sequence[str] = ()  # … or whose text names her (each a full name as written)

    def vacio(self) -> bool:
        return not any((self.tipo, self.mecanismo, self.procedimiento, self.area, self.estado, self.origen,
                        self.desde, self.hasta, self.persona, self.persona_nombres))

    def consulta(self) -> wq.Query | None:
        partes: list[wq.Query] = []
        for campo in _CAMPOS_FILTRO:
            valor = getattr(self, campo)
            if valor:
                partes.append(wq.Term(campo, valor_filtro(valor)))
        if self.desde or self.hasta:
            partes.append(rango_fechas(self.desde, self.hasta))
        if self.persona or self.persona_nombres:
            opciones: list[wq.Query] = []
            if self.persona:
                opciones.append(wq.Term("personas", self.persona))
            for nombre in self.persona_nombres:
                terminos = [p.termino for p in piezas(nombre, enteros=False)]
                if len(terminos) > 1:
                    opciones.append(wq.Phrase("texto", terminos))
            partes.append(wq.Or(opciones) if len(opciones) > 1 else opciones[0])
        if not partes:
            return None
        return wq.And(partes) if len(partes) > 1 else partes[0]


def rango_fechas(desde: date | None, hasta: date | None) -> wq.Query:
    """Documents dated within [desde, hasta] as whole years, whole months and single days.

    Listing every day of a three-year range would be a thousand terms; this is at most about eighty."""
    from datetime import timedelta

    a = desde or date(1, 1, 1)
    b = hasta or date(9999, 12, 31)
    partes: list[wq.Query] = []
    while a <= b:
        if a.month == 1 and a.day == 1 and date(a.year, 12, 31) <= b:
            ultimo = b.year if b == date(b.year, 12, 31) else b.year - 1
            partes.append(wq.TermRange("anio", None if desde is None else f"{a.year:04d}",
                                       None if hasta is None and ultimo == 9999 else f"{ultimo:04d}"))
            if ultimo >= 9999:
                break
            a = date(ultimo + 1, 1, 1)
            continue
        siguiente = date(a.year + (a.month == 12), a.month % 12 + 1, 1)
        if a.day == 1 and siguiente - timedelta(days=1) <= b:
            partes.append(wq.Term("mes", f"{a.year:04d}-{a.month:02d}"))
            a = siguiente
            continue
        partes.append(wq.Term("fecha", a.isoformat()))
        if a == date(9999, 12, 31):
            break
        a += timedelta(days=1)
    if not partes:
        return wq.NullQuery
    return wq.Or(partes) if len(partes) > 1 else partes[0]


@dataclass
class Resultado:
    id: int
    folio: str | None
    numero: str | None
    titulo: str
    tipo: str | None
    fecha: str | None
    ruta: str | None
    puntuacion: float
    fragmentos: list[str]
    estado: str | None = None
    origen: str | None = None
    area: str | None = None
    mecanismo: str | None = None
    personas: list[str] = field(default_factory=list)
    identificadores: list[str] = field(default_factory=list)
    nombre_original: str | None = None
    ocr: bool = False  # its text was recognised by OCR (a scan): set by the search from the catalog

    def como_dict(self) -> dict[str, Any]:
        datos = {
            "id": self.id, "folio": self.folio, "numero": self.numero, "titulo": self.titulo, "tipo": self.tipo,
            "fecha": self.fecha, "ruta": self.ruta, "puntuacion": self.puntuacion, "fragmentos": self.fragmentos,
            "estado": self.estado, "origen": self.origen, "area": self.area, "mecanismo": self.mecanismo,
            "personas": self.personas, "identificadores": self.identificadores,
        }
        if self.origen == "importado" or self.nombre_original:
            datos["nombre_original"] = self.nombre_original
        datos["texto_ocr"] = self.ocr
        return datos


class IndiceInvalido(Exception):
    """The index folder is missing, incomplete, of another version or damaged (internal: it gets rebuilt)."""


# Exceptions Whoosh raises on damaged files (truncated, overwritten, missing segment files).
ERRORES_DANO = (OSError, EOFError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
                 ImportError, RuntimeError, __import__("struct").error, __import__("zlib").error,
                 __import__("pickle").UnpicklingError, windex.IndexError)


BUSCADORES_LIBRES = 4  # searchers kept open between searches, per engine (one is used by one thread at a time)


class Motor:
    """One Whoosh index in one folder."""

    def __init__(self, carpeta: Path, ix: windex.FileIndex) -> None:
        self.carpeta = carpeta
        self.ix = ix
        self._libres: list[Buscador] = []
        self._candado = threading.Lock()
        self._soltado = False  # replaced by a newer engine: searchers in use are closed when they come back

    @classmethod
    def crear(cls, carpeta: Path) -> Motor:
        carpeta.mkdir(parents=True, exist_ok=True)
        ix = windex.create_in(str(carpeta), esquema())
        (carpeta / "archivo-indice.json").write_text(
            json.dumps({"version": VERSION_ESQUEMA}), encoding="utf-8")
        return cls(carpeta, ix)

    @classmethod
    def abrir(cls, carpeta: Path) -> Motor:
        """Open and check the index; ``IndiceInvalido`` when it cannot be trusted."""
        try:
            info = json.loads((carpeta / "archivo-indice.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise IndiceInvalido(f"sin marca de versión ({e})") from None
        if info.get("version") != VERSION_ESQUEMA:
            raise IndiceInvalido(f"versión {info.get('version')} (se usa {VERSION_ESQUEMA})")
        try:
            ix = windex.open_dir(str(carpeta))
            if set(ix.schema.names()) != set(esquema().names()):
                raise IndiceInvalido("campos distintos a los esperados")
            with ix.searcher() as s:
                if s.doc_count_all():
                    s.stored_fields(0)
                next(iter(s.reader().lexicon("id")), None)  # readable (the first term: not all 100,000)
        except IndiceInvalido:
            raise
        except ERRORES_DANO as e:
            raise IndiceInvalido(f"{type(e).__name__}: {e}") from None
        return cls(carpeta, ix)

    def escribir(self, docs: Iterable[dict[str, Any]], *, borrar: Iterable[str] = (), procs: int = 1,
                 limitmb: int = 128, multisegment: bool = False, optimizar: bool = False,
                 al_agregar: Callable[[int], None] | None = None) -> int:
        """Add ``docs`` (replacing any entry with the same id) and delete ``borrar``, in one commit."""
        # compound=False: Whoosh copies a compound segment into memory every time a reader opens it (150 ms per
        # search or commit at 100,000 documents); separate files are opened in place.
        opciones: dict[str, Any] = {"limitmb": limitmb, "compound": False}
        if procs > 1:
            opciones.update(procs=procs, multisegment=multisegment)
        escritor = self.ix.writer(**opciones)
        n = 0
        try:
            docs = list(docs)
            ids = {str(d["id"]) for d in docs} | {str(i) for i in borrar}
            if ids and self.ix.doc_count_all():
                escritor.delete_by_query(wq.Or([wq.Term("id", i) for i in sorted(ids)]))
            for d in docs:
                escritor.add_document(**campos(d))
                n += 1
                if al_agregar:
                    al_agregar(1)
        except BaseException:
            escritor.cancel()
            raise
        escritor.commit(optimize=optimizar)
        return n

    def buscador(self, *, evaluador_propio: bool | None = None) -> Buscador:
        return Buscador(self.ix, evaluador_propio=evaluador_propio)

    @contextlib.contextmanager
    def buscador_reusado(self) -> Iterator[Buscador]:
        """A searcher kept open from an earlier search when it still sees the index's latest generation (a
        portal searches many times a second: opening one over a dozen segments cost as much as the query). Each
        is used by one thread at a time; one whose search failed is closed, never reused."""
        b = None
        with self._candado:
            if self._libres:
                b = self._libres.pop()
        if b is not None and not b.al_dia():
            b.cerrar()
            b = None
        if b is None:
            b = Buscador(self.ix)
        try:
            yield b
        except BaseException:
            b.cerrar()
            raise
        with self._candado:
            if not self._soltado and len(self._libres) < BUSCADORES_LIBRES:
                self._libres.append(b)
                return
        b.cerrar()

    def soltar_buscadores(self) -> None:
        """Close the searchers kept open (the engine is being replaced)."""
        with self._candado:
            self._soltado = True
            libres, self._libres = self._libres, []
        for b in libres:
            b.cerrar()


class Buscador:
    """A searcher kept open across queries (opening one per query costs more than the query itself)."""

    def __init__(self, ix: windex.FileIndex, *, evaluador_propio: bool | None = None) -> None:
        """``evaluador_propio``: None (the default) chooses per query (see ``_usar_evaluador``); True or False
        forces the project's evaluator or Whoosh's own search (the benchmark measures the three)."""
        self.ix = ix
        self.searcher = ix.searcher()
        self.modo = evaluador_propio
        self.lector = Evaluador(self.searcher)

    def _usar_evaluador(self, consulta: Consulta) -> bool:
        """Whether the project's evaluator answers (rather than Whoosh's own search): always, for a query with
        something to find, unless the searcher was built to force one path (the benchmark measures both).

        Measured on 100,000 documents (benchmarks/busqueda.py and the portal's benchmark): each segment's decoded
        postings are kept by the evaluator, so a word costs about 0.2 µs per document that holds it, and
        «acuerdo» (95,000 documents, in the title of all of them) 42 ms where Whoosh takes 134 ms: its block
        skipping cannot work when the title's boost can lift any document, and it scores each posting through
        several method calls. Phrases are bounded by their rarest words; filters restrict the scoring to the
        documents they allow."""
        if consulta.arbol is None or consulta.solo_exclusiones():
            return False
        return True if self.modo is None else self.modo

    def cerrar(self) -> None:
        self.searcher.close()

    def al_dia(self) -> bool:
        """Whether this searcher sees the index's latest generation (documents written since are not seen)."""
        try:
            return self.modo is None and self.searcher.up_to_date()
        except Exception:  # a damaged or replaced index: open a new searcher
            return False

    def __enter__(self) -> Buscador:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cerrar()

    def refrescar(self) -> None:
        self.searcher = self.searcher.refresh()
        self.lector = Evaluador(self.searcher)

    def cuantos(self) -> int:
        return self.searcher.doc_count()

    def ids(self) -> set[int]:
        return {int(t.decode() if isinstance(t, bytes) else t) for t in self.searcher.lexicon("id")
                if self._vivo(t)}

    def _vivo(self, termino_id: Any) -> bool:
        texto = termino_id.decode() if isinstance(termino_id, bytes) else termino_id
        return self.searcher.document_number(id=texto) is not None

    def buscar(self, consulta: Consulta, filtros: Filtros | None = None, *, limite: int = 20,
               con_fragmentos: bool = True) -> list[Resultado]:
        filtros = filtros or Filtros()
        filtro = filtros.consulta()
        mapas_filtro = self.lector.mapas(filtro) if filtro is not None else None
        terminos = consulta.terminos_positivos()
        return [self._resultado(self.searcher.stored_fields(doc), puntos, terminos, con_fragmentos)
                for doc, puntos in self._mejores(consulta, filtros, mapas_filtro, limite)]

    def _mejores(self, consulta: Consulta, filtros: Filtros, mapas_filtro: list[int] | None,
                 limite: int) -> list[tuple[int, float]]:
        """(docnum, score) of the best ``limite`` matches, best first (``mapas_filtro``: the filters' documents,
        one bitmap per segment)."""
        if consulta.arbol is None and filtros.vacio():
            raise EntradaInvalida("Escriba qué buscar, o use al menos un filtro (--tipo, --persona, --desde…).")
        if consulta.solo_exclusiones() and filtros.vacio():
            raise EntradaInvalida(
                f"La consulta «{consulta.texto}» solo dice qué excluir (NO …).",
                [Problema("consulta", "falta qué buscar", "agregue una palabra que sí deba aparecer, o un filtro "
                          "como --tipo o --desde")])
        # Filters become a set of docnums read straight from the postings (Whoosh would walk them one by one).
        if mapas_filtro is not None and not any(mapas_filtro):
            return []  # no document passes the filters (an empty set is not «no filter»)
        if self._usar_evaluador(consulta):
            # Few documents allowed: only they are scored. Most of the archive allowed (origen importado, a span
            # of years): every match is scored as without a filter and a mask of one byte per document drops the
            # others (building a set of 95,000 docnums cost more than the ranking itself).
            if mapas_filtro is None:
                return list(self.lector.buscar(consulta, None, limite))
            if sum(m.bit_count() for m in mapas_filtro) * 2 > self.searcher.doc_count_all():
                return list(self.lector.buscar(consulta, None, limite, mascara=self.lector.mascara(mapas_filtro)))
            return list(self.lector.buscar(consulta, self.lector.a_conjunto(mapas_filtro), limite))
        permitidos = self.lector.a_conjunto(mapas_filtro) if mapas_filtro is not None else None
        q = consulta_whoosh(consulta)
        if consulta.arbol is None:
            hits = self.searcher.search(q, limit=limite, filter=permitidos, sortedby="fecha", reverse=True)
            return [(h.docnum, 0.0) for h in hits]
        hits = self.searcher.search(q, limit=limite, filter=permitidos)
        return [(h.docnum, h.score) for h in hits]

    def pagina(self, consulta: Consulta, filtros: Filtros | None = None, *, desde: int = 0, cuantos: int = 20,
               facetas: Sequence[str] = (), con_fragmentos: bool = True,
               ) -> tuple[list[Resultado], int, dict[str, list[tuple[str, int]]]]:
        """One page of results (``cuantos`` from ``desde``), the total number of matches, and for each field
        of ``facetas`` how many of them have each value (e.g. {"tipo": [("dictamen", 12), …]}).

        The filters' docnums are read once for the page and the totals, and only the page's documents are read
        from the index's stored fields, once each (their text gives the fragments)."""
        filtros = filtros or Filtros()
        filtro = filtros.consulta()
        mapas_filtro = self.lector.mapas(filtro) if filtro is not None else None
        terminos = consulta.terminos_positivos()
        resultados = [self._resultado(self.searcher.stored_fields(doc), puntos, terminos, con_fragmentos)
                      for doc, puntos in self._mejores(consulta, filtros, mapas_filtro, desde + cuantos)[desde:]]
        # The total and the facets count bitmaps (one per segment): one AND and one bit count per value.
        if consulta.arbol is None:
            mapas = mapas_filtro if mapas_filtro is not None else self.lector.vivos()
        else:
            mapas = self.lector.coincidencias(consulta.arbol)
            if mapas_filtro is not None:
                mapas = [a & b for a, b in zip(mapas, mapas_filtro, strict=True)]
        total = sum(m.bit_count() for m in mapas)
        cuentas = self.lector.cuentas(facetas, mapas) if facetas and total else {}
        salida = {campo: sorted(cuentas.get(campo, {}).items(), key=lambda x: (-x[1], x[0])) for campo in facetas}
        return resultados, total, salida

    def similares(self, docnum: int, filtros: Filtros | None = None, *, limite: int = 10,
                  terminos: int = 15) -> list[Resultado]:
        """Documents about the same things as ``docnum``: its most distinctive words, ranked (more-like-this)."""
        datos = self.searcher.stored_fields(docnum)
        texto = f"{datos.get('titulo') or ''}\n{datos.get('texto') or ''}"[:200_000]
        clave = self.searcher.key_terms_from_text("texto", texto, numterms=terminos * 2)
        elegidos = [(t, peso) for t, peso in clave if t not in VACIAS and not t.isdigit()][:terminos]
        if not elegidos:
            return []
        q = wq.Or([wq.Term("texto", t, boost=max(peso, 0.01)) for t, peso in elegidos])
        filtro = filtros.consulta() if filtros else None
        if filtro is not None:
            filtro = self.lector.conjunto(filtro)
            if not filtro:
                return []  # no document passes the filters (an empty set is not «no filter»)
        hits = self.searcher.search(q, limit=limite + 1, filter=filtro)
        salida = []
        palabras = [t for t, _ in elegidos]
        for h in hits:
            if h.docnum == docnum:
                continue
            salida.append(self._resultado(h.fields(), h.score, palabras, True))
        return salida[:limite]

    def _resultado(self, datos: dict[str, Any], puntuacion: float, terminos: list[str],
                   con_fragmentos: bool) -> Resultado:
        texto = datos.get("texto") or ""
        return Resultado(
            id=int(datos["id"]), folio=datos.get("folio"), numero=datos.get("numero"),
            titulo=datos.get("titulo") or "", tipo=datos.get("tipo"), fecha=datos.get("fecha"),
            ruta=datos.get("ruta"), puntuacion=round(float(puntuacion), 3),
            fragmentos=fragmentos(texto, terminos) if con_fragmentos else [],
            estado=datos.get("estado"), origen=datos.get("origen"), area=datos.get("area"),
            mecanismo=datos.get("mecanismo"),
            personas=[p for p in (datos.get("personas") or "").split(",") if p],
            identificadores=[i for i in (datos.get("identificadores") or "").split(",") if i],
            nombre_original=datos.get("nombre_original"),
        )


