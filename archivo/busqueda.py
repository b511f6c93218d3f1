"""Search: a Spanish full-text index (Whoosh) over every document of the archive.

The catalog is the source of truth; the index in ``indices/whoosh/`` is derived data that can always be
rebuilt (``reindexar``). Parts of this module, in order:

1. The query language of ``archivo buscar`` (``interpretar`` -> a small tree -> ``consulta_whoosh``).
2. The index schema and the engine (``Motor``: write documents; ``Buscador``: ranked results, filters,
   fragments, similar documents). It works on plain document dicts, so the benchmark uses it directly.
3. The archive's index: where it lives, one writer at a time (a file lock with a bounded wait, then
   ``Ocupado``), generations built aside and switched atomically, detection of a missing or damaged index.
4. Catalog -> index: ``indexar_pendientes`` (after each commit), ``reindexar``, ``buscar``, ``similares``.

Text analysis (accents, plurals, identifiers such as ``INE/CG682/2023``) lives in ``archivo.analisis``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint
from whoosh.util.filelock import FileLock

from archivo.analisis import (
    TOKEN,
    VACIAS,
    AnalizadorEspanol,
    es_identificador,
    normalizar_identificador,
    piezas,
    plegar,
    posiciones,
    termino,
    termino_identificador,
)
from archivo.errors import ArchivoError, EntradaInvalida, Ocupado, Problema

log = logging.getLogger("archivo.busqueda")

# =====================================================================================================
# 1. The query language
# =====================================================================================================

# Score added to the document whose own number (folio) is the identifier searched: it always ranks first.
PUNTOS_NUMERO_PROPIO = 1000.0
PESO_TITULO = 2.0

_OPERADORES = {"Y": "Y", "AND": "Y", "O": "O", "OR": "O", "NO": "NO", "NOT": "NO"}
_COMILLAS = {'"': '"', "“": "”", "«": "»", "„": "”"}
# Numbering words after which a short numeral is part of a phrase: «fracción I», «inciso a», «artículo 41».
_ANCLAS = frozenset(termino(p) for p in ("artículo", "fracción", "inciso", "apartado", "numeral", "base",
                                          "punto", "párrafo", "capítulo", "título", "sección", "transitorio",
                                          "regla", "anexo"))
_ROMANOS = frozenset("ivxlc")


# --- the tree ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Palabra:
    termino: str
    original: str


@dataclass(frozen=True)
class Frase:
    terminos: tuple[str, ...]
    original: str


@dataclass(frozen=True)
class Identificador:
    normalizado: str

    @property
    def termino(self) -> str:
        return self.normalizado.lower()


@dataclass(frozen=True)
class Y:
    hijos: tuple[Nodo, ...]


@dataclass(frozen=True)
class O:  # noqa: E742 - the operator's Spanish name
    hijos: tuple[Nodo, ...]


@dataclass(frozen=True)
class No:
    hijo: Nodo


Nodo = Palabra | Frase | Identificador | Y | O | No


@dataclass
class Consulta:
    """A parsed query: the tree (None when it has no words, only filters) and what was ignored."""

    texto: str
    arbol: Nodo | None
    ignoradas: list[str] = field(default_factory=list)

    def terminos_positivos(self) -> list[str]:
        """Index terms of the words, phrases and identifiers that are not excluded (for fragments)."""
        salida: list[str] = []

        def recorrer(n: Nodo, negado: bool) -> None:
            if isinstance(n, Palabra) and not negado:
                salida.append(n.termino)
            elif isinstance(n, Frase) and not negado:
                salida.extend(n.terminos)
            elif isinstance(n, Identificador) and not negado:
                salida.append(n.termino)
                salida.extend(p.termino for p in piezas(n.normalizado, enteros=False))
            elif isinstance(n, Y | O):
                for h in n.hijos:
                    recorrer(h, negado)
            elif isinstance(n, No):
                recorrer(n.hijo, not negado)

        if self.arbol is not None:
            recorrer(self.arbol, False)
        return list(dict.fromkeys(salida))

    def solo_exclusiones(self) -> bool:
        n = self.arbol
        if isinstance(n, No):
            return True
        return isinstance(n, Y) and all(isinstance(h, No) for h in n.hijos)


# --- lexing ------------------------------------------------------------------------------------------------

@dataclass
class _Pieza:
    tipo: str  # "palabra" | "frase" | "op" | "(" | ")"
    valor: str
    posicion: int


def _mostrar(texto: str, posicion: int) -> str:
    """The query with a marker where the problem is."""
    return f"«{texto[:posicion]}⟨aquí⟩{texto[posicion:]}»"


def _lexico(texto: str) -> list[_Pieza]:
    salida: list[_Pieza] = []
    i, n = 0, len(texto)
    while i < n:
        c = texto[i]
        if c.isspace():
            i += 1
            continue
        if c in "()":
            salida.append(_Pieza(c, c, i))
            i += 1
            continue
        if c in _COMILLAS:
            cierre = _COMILLAS[c]
            fin = texto.find(cierre, i + 1)
            if fin < 0 and cierre != '"':
                fin = texto.find('"', i + 1)
            if fin < 0:
                raise EntradaInvalida(
                    "La consulta tiene comillas sin cerrar.",
                    [Problema(_mostrar(texto, i), "las comillas que abren aquí no se cierran",
                              f"agregue {cierre} al final de la frase, o quite las comillas para buscar las "
                              "palabras sueltas")],
                )
            salida.append(_Pieza("frase", texto[i + 1: fin], i))
            i = fin + 1
            continue
        j = i
        while j < n and not texto[j].isspace() and texto[j] not in "()" and texto[j] not in _COMILLAS:
            j += 1
        palabra = texto[i:j]
        if palabra in _OPERADORES:
            salida.append(_Pieza("op", _OPERADORES[palabra], i))
        else:
            salida.append(_Pieza("palabra", palabra, i))
        i = j
    return salida


def _es_numeral(palabra: str) -> bool:
    p = plegar(palabra.strip(".,;:)º°"))
    return bool(p) and (p.isdigit() or (len(p) <= 4 and set(p) <= _ROMANOS) or (len(p) == 1 and p.isalpha())
                        or (p[:-1].isdigit() and p[-1] in "oa" and len(p) > 1))


def _unir_numerales(piezas_: list[_Pieza]) -> list[_Pieza]:
    """«fracción I» -> the phrase "fracción I" (an unquoted «I» alone would match any letter i)."""
    salida: list[_Pieza] = []
    for p in piezas_:
        previa = salida[-1] if salida else None
        if (p.tipo == "palabra" and previa is not None and previa.tipo == "palabra" and _es_numeral(p.valor)):
            ultima = previa.valor.split()[-1]
            if termino(ultima) in _ANCLAS:
                salida[-1] = _Pieza("frase", f"{previa.valor} {p.valor}", previa.posicion)
                continue
        salida.append(p)
    return salida


# --- parsing -----------------------------------------------------------------------------------------------

_NOMBRE_OP = {"Y": "Y (AND)", "O": "O (OR)", "NO": "NO (NOT)"}


class _Interprete:
    def __init__(self, texto: str) -> None:
        self.texto = texto
        self.piezas = _unir_numerales(_lexico(texto))
        self.i = 0
        self.ignoradas: list[str] = []

    def _ver(self) -> _Pieza | None:
        return self.piezas[self.i] if self.i < len(self.piezas) else None

    def _error(self, pieza: _Pieza | None, mensaje: str, sugerencia: str) -> EntradaInvalida:
        posicion = pieza.posicion if pieza is not None else len(self.texto)
        return EntradaInvalida("La consulta no se puede interpretar.",
                               [Problema(_mostrar(self.texto, posicion), mensaje, sugerencia)])

    def consulta(self) -> Nodo | None:
        nodo = self._o()
        resto = self._ver()
        if resto is not None:
            if resto.tipo == ")":
                raise self._error(resto, "hay un paréntesis que cierra sin otro que abra",
                                  "quítelo o agregue «(» donde empieza el grupo")
            raise self._error(resto, "sobra esta parte de la consulta", "revise los paréntesis")
        return nodo

    def _falta_termino(self, op: _Pieza, lado: str) -> EntradaInvalida:
        nombre = _NOMBRE_OP[op.valor]
        return self._error(op, f"el operador {nombre} no tiene qué unir a su {lado}",
                           f"escriba una palabra o frase a cada lado de {op.valor} o quite el operador; "
                           "las palabras sin operador ya se buscan todas juntas")

    def _o(self) -> Nodo | None:
        hijos = [self._y()]
        while (p := self._ver()) is not None and p.tipo == "op" and p.valor == "O":
            self.i += 1
            siguiente = self._ver()
            if siguiente is None or siguiente.tipo == ")" or (siguiente.tipo == "op" and siguiente.valor != "NO"):
                raise self._falta_termino(p, "derecha")
            hijos.append(self._y())
        validos = tuple(h for h in hijos if h is not None)
        if not validos:
            return None
        return validos[0] if len(validos) == 1 else O(validos)

    def _y(self) -> Nodo | None:
        primero = self._ver()
        if primero is not None and primero.tipo == "op" and primero.valor in ("Y", "O"):
            raise self._falta_termino(primero, "izquierda")
        hijos = [self._no()]
        while (p := self._ver()) is not None and p.tipo != ")" and not (p.tipo == "op" and p.valor == "O"):
            if p.tipo == "op" and p.valor == "Y":
                self.i += 1
                siguiente = self._ver()
                if siguiente is None or siguiente.tipo == ")" or (
                        siguiente.tipo == "op" and siguiente.valor != "NO"):
                    raise self._falta_termino(p, "derecha")
            hijos.append(self._no())
        validos = tuple(h for h in hijos if h is not None)
        if not validos:
            return None
        return validos[0] if len(validos) == 1 else Y(validos)

    def _no(self) -> Nodo | None:
        p = self._ver()
        if p is not None and p.tipo == "op" and p.valor == "NO":
            self.i += 1
            siguiente = self._ver()
            if siguiente is None or siguiente.tipo == ")" or (siguiente.tipo == "op" and siguiente.valor != "NO"):
                raise self._error(p, "el operador NO (NOT) no dice qué excluir",
                                  "escriba después de NO la palabra o frase que no debe aparecer")
            hijo = self._no()
            return None if hijo is None else No(hijo)
        return self._atomo()

    def _atomo(self) -> Nodo | None:
        p = self._ver()
        if p is None:
            raise self._error(None, "la consulta termina antes de tiempo", "complete la consulta")
        if p.tipo == "(":
            self.i += 1
            if (q := self._ver()) is not None and q.tipo == ")":
                raise self._error(q, "los paréntesis están vacíos", "escriba algo entre ellos o quítelos")
            nodo = self._o()
            cierre = self._ver()
            if cierre is None or cierre.tipo != ")":
                raise self._error(p, "el paréntesis que abre aquí no se cierra",
                                  "agregue «)» al final del grupo")
            self.i += 1
            return nodo
        if p.tipo == ")":
            raise self._error(p, "hay un paréntesis que cierra sin otro que abra",
                              "quítelo o agregue «(» donde empieza el grupo")
        if p.tipo == "op":
            raise self._falta_termino(p, "izquierda")
        self.i += 1
        if p.tipo == "frase":
            return self._frase(p)
        return self._palabra(p)

    def _frase(self, p: _Pieza) -> Nodo | None:
        texto = p.valor.strip()
        if not texto:
            raise self._error(p, "las comillas no contienen ninguna palabra", "escriba la frase entre ellas")
        if TOKEN.fullmatch(texto) and es_identificador(texto):
            return Identificador(normalizar_identificador(texto))
        terminos = tuple(x.termino for x in piezas(texto, enteros=False))
        if not terminos:
            return None
        if len(terminos) == 1:
            return Palabra(terminos[0], texto)
        return Frase(terminos, texto)

    def _palabra(self, p: _Pieza) -> Nodo | None:
        todas = list(piezas(p.valor, enteros=True))
        ids = [x for x in todas if x.identificador]
        nodos: list[Nodo] = [Identificador(normalizar_identificador(x.original)) for x in ids]
        resto = [x for x in todas if not x.identificador and not any(i.inicio <= x.inicio < i.fin for i in ids)]
        if len(resto) == 1:
            x = resto[0]
            if plegar(x.original) in VACIAS:
                self.ignoradas.append(x.original)
            else:
                nodos.append(Palabra(x.termino, x.original))
        elif resto:
            nodos.append(Frase(tuple(x.termino for x in resto), " ".join(x.original for x in resto)))
        if not nodos:
            return None
        return nodos[0] if len(nodos) == 1 else Y(tuple(nodos))


def interpretar(texto: str) -> Consulta:
    """Parse a query; raise ``EntradaInvalida`` (Spanish, with the place and a fix) when it is malformed."""
    texto = (texto or "").strip()
    if not texto:
        return Consulta(texto, None)
    interprete = _Interprete(texto)
    arbol = interprete.consulta()
    if arbol is None:
        if interprete.ignoradas:
            comunes = ", ".join(f"«{w}»" for w in dict.fromkeys(interprete.ignoradas))
            raise EntradaInvalida(
                f"La consulta «{texto}» solo tiene palabras demasiado comunes para buscarlas ({comunes}).",
                [Problema("consulta", "no hay ninguna palabra distintiva",
                          "agregue una palabra más específica, o escriba la frase entre comillas para buscarla "
                          "tal cual")],
            )
        raise EntradaInvalida(f"La consulta «{texto}» no tiene ninguna palabra que buscar.",
                              [Problema("consulta", "solo hay signos de puntuación u operadores",
                                        "escriba al menos una palabra")])
    return Consulta(texto, arbol, interprete.ignoradas)


# --- to Whoosh ---------------------------------------------------------------------------------------------

def _termino_texto(t: str) -> wq.Query:
    return wq.Term("texto", t)


def a_whoosh(nodo: Nodo) -> wq.Query:
    """The Whoosh query for a tree (``texto`` holds title, names, folio and body; ``numero`` the own number)."""
    if isinstance(nodo, Palabra):
        return _termino_texto(nodo.termino)
    if isinstance(nodo, Frase):
        return wq.Phrase("texto", list(nodo.terminos))
    if isinstance(nodo, Identificador):
        return wq.Or([
            wq.ConstantScoreQuery(wq.Term("numero", nodo.normalizado), PUNTOS_NUMERO_PROPIO),
            _termino_texto(termino_identificador(nodo.normalizado)),
        ])
    if isinstance(nodo, O):
        return wq.Or([a_whoosh(h) for h in nodo.hijos])
    if isinstance(nodo, No):
        return wq.Not(a_whoosh(nodo.hijo))
    positivos = [a_whoosh(h) for h in nodo.hijos if not isinstance(h, No)]
    negativos = [a_whoosh(h.hijo) for h in nodo.hijos if isinstance(h, No)]
    base: wq.Query = wq.And(positivos) if len(positivos) > 1 else (positivos[0] if positivos else wq.Every())
    if negativos:
        return wq.AndNot(base, negativos[0] if len(negativos) == 1 else wq.Or(negativos))
    return base


def consulta_whoosh(consulta: Consulta) -> wq.Query:
    """The full query: the tree, plus an optional boost for documents whose title has the words."""
    if consulta.arbol is None:
        return wq.Every()
    principal = a_whoosh(consulta.arbol)
    titulo = [wq.Term("titulo", t, boost=PESO_TITULO) for t in consulta.terminos_positivos()]
    if not titulo:
        return principal
    return wq.AndMaybe(principal, wq.Or(titulo) if len(titulo) > 1 else titulo[0])


# =====================================================================================================
# 2. The index schema and the engine
# =====================================================================================================

# Bump when the schema or the analysis changes: an index of another version is rebuilt automatically.
VERSION_ESQUEMA = 2

UMBRAL_EVALUADOR = 40_000  # postings: see Buscador._usar_evaluador
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
              "origen", "personas", "nombres", "ruta", "nombre_original", "sha256")
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
    from archivo.analisis import identificadores

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

    def como_dict(self) -> dict[str, Any]:
        datos = {
            "id": self.id, "folio": self.folio, "numero": self.numero, "titulo": self.titulo, "tipo": self.tipo,
            "fecha": self.fecha, "ruta": self.ruta, "puntuacion": self.puntuacion, "fragmentos": self.fragmentos,
            "estado": self.estado, "origen": self.origen, "area": self.area, "mecanismo": self.mecanismo,
            "personas": self.personas, "identificadores": self.identificadores,
        }
        if self.origen == "importado" or self.nombre_original:
            datos["nombre_original"] = self.nombre_original
        return datos


class IndiceInvalido(Exception):
    """The index folder is missing, incomplete, of another version or damaged (internal: it gets rebuilt)."""


# Exceptions Whoosh raises on damaged files (truncated, overwritten, missing segment files).
_ERRORES_DANO = (OSError, EOFError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
                 ImportError, RuntimeError, __import__("struct").error, __import__("zlib").error,
                 __import__("pickle").UnpicklingError, windex.IndexError)


class Motor:
    """One Whoosh index in one folder."""

    def __init__(self, carpeta: Path, ix: windex.FileIndex) -> None:
        self.carpeta = carpeta
        self.ix = ix

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
                list(s.reader().lexicon("id"))[:1]
        except IndiceInvalido:
            raise
        except _ERRORES_DANO as e:
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


class Buscador:
    """A searcher kept open across queries (opening one per query costs more than the query itself)."""

    def __init__(self, ix: windex.FileIndex, *, evaluador_propio: bool | None = None) -> None:
        """``evaluador_propio``: None (the default) chooses per query (see ``_usar_evaluador``); True or False
        forces the project's evaluator or Whoosh's own search (the benchmark measures the three)."""
        self.ix = ix
        self.searcher = ix.searcher()
        self.modo = evaluador_propio
        self.lector = Evaluador(self.searcher)

    def _usar_evaluador(self, consulta: Consulta, permitidos: set[int] | None = None) -> bool:
        """Which path answers faster (measured in benchmarks/busqueda.py, 100,000 documents):

        * phrases (and «fracción I»): the evaluator, which bounds the phrase by its rarest words and reads
          the common ones (de, la, ley…) only for the best candidates;
        * words and operators reading up to ``UMBRAL_EVALUADOR`` postings: the evaluator too (its cost grows
          with the postings, about 1.5 µs each, with no surprises);
        * with a filter that leaves at most half of the documents: the evaluator, which scores only the
          documents the filter allows (Whoosh scores every match and then checks the filter);
        * more than that (words present in most documents): Whoosh, whose block-quality skipping then
          avoids scoring most postings."""
        if consulta.arbol is None or consulta.solo_exclusiones():
            return False
        if self.modo is not None:
            return self.modo
        if _tiene_frase(consulta.arbol):
            return True
        if permitidos is not None and len(permitidos) <= self.searcher.doc_count() // 2:
            return True
        lectura = sum(self.searcher.doc_frequency("texto", t) for t in consulta.terminos_positivos())
        return lectura <= UMBRAL_EVALUADOR

    def cerrar(self) -> None:
        self.searcher.close()

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
        if consulta.arbol is None and filtros.vacio():
            raise EntradaInvalida("Escriba qué buscar, o use al menos un filtro (--tipo, --persona, --desde…).")
        if consulta.solo_exclusiones() and filtros.vacio():
            raise EntradaInvalida(
                f"La consulta «{consulta.texto}» solo dice qué excluir (NO …).",
                [Problema("consulta", "falta qué buscar", "agregue una palabra que sí deba aparecer, o un filtro "
                          "como --tipo o --desde")])
        filtro = filtros.consulta()
        terminos = consulta.terminos_positivos()
        # Filters become a set of docnums read straight from the postings (Whoosh would walk them one by one).
        permitidos = self.lector.conjunto(filtro) if filtro is not None else None
        if self._usar_evaluador(consulta, permitidos):
            mejores = self.lector.buscar(consulta, permitidos, limite)
            return [self._resultado(self.searcher.stored_fields(doc), puntos, terminos, con_fragmentos)
                    for doc, puntos in mejores]
        q = consulta_whoosh(consulta)
        if consulta.arbol is None:
            hits = self.searcher.search(q, limit=limite, filter=permitidos, sortedby="fecha", reverse=True)
        else:
            hits = self.searcher.search(q, limit=limite, filter=permitidos)
        return [self._resultado(h.fields(), h.score if consulta.arbol is not None else 0.0, terminos,
                                con_fragmentos) for h in hits]

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


# --- the evaluator: ranking straight from the posting blocks --------------------------------------------------

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
            tabla = [self.K1 * ((1 - self.B) + self.B * byte_to_length(b) / promedio) for b in range(256)]
            salida: list[float] = []
            for lector, _, _ in self.hojas:
                salida.extend(tabla[b] for b in self._longitudes(lector, campo))
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
        salida: set[int] = set()
        for ids, _, _ in self._bloques(campo, termino_):
            salida.update(ids)
        return salida

    def frecuencia(self, campo: str, termino_: str) -> int:
        return self.s.doc_frequency(campo, termino_)

    def puntuar(self, campo: str, termino_: str, peso: float = 1.0,
                solo: set[int] | None = None) -> dict[int, float]:
        """docnum -> BM25 of the term in the field (only for the documents of ``solo``, if given)."""
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


def _tiene_frase(nodo: Nodo | None) -> bool:
    if isinstance(nodo, Frase):
        return True
    if isinstance(nodo, Y | O):
        return any(_tiene_frase(h) for h in nodo.hijos)
    if isinstance(nodo, No):
        return _tiene_frase(nodo.hijo)
    return False


# --- fragments -----------------------------------------------------------------------------------------------

MARCA_INICIO, MARCA_FIN = "**", "**"
_LIMITE_FRAGMENTOS = 400_000  # characters scanned for matches in a very long document


_VARIANTES = {"a": "aáàâäãª", "e": "eéèêë", "i": "iíìîï", "o": "oóòôöõº", "u": "uúùûü", "n": "nñ", "c": "cç",
              "y": "yýÿ"}


def _patron_candidatos(terminos: Sequence[str]) -> re.Pattern[str] | None:
    """A regex for the places where a searched term may start: the beginning of its stem, in any accent or case.

    Every candidate is then confirmed with the analyzer, so the marks are exactly the index's matches."""
    alternativas = []
    for t in sorted(set(terminos), key=len, reverse=True):
        if not t:
            continue
        prefijo = t if len(t) <= 3 else t[: max(3, len(t) - 2)]
        partes = []
        for c in prefijo:
            variantes = _VARIANTES.get(c)
            partes.append(f"[{variantes}]" if variantes else re.escape(c))
        alternativas.append("".join(partes))
    if not alternativas:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternativas) + ")", re.IGNORECASE)


def fragmentos(texto: str, terminos: Sequence[str], *, maximo: int = 3, ancho: int = 220) -> list[str]:
    """Up to ``maximo`` passages of ``texto`` around the words searched, matches marked ``**así**``.

    Candidates are found with a regular expression (fast even in a 1,000-page law) and confirmed with the
    index analyzer, so «resoluciones» is marked for a query «resolución». Windows with more distinct
    searched words come first. Without any match: the beginning of the text.
    """
    if not texto:
        return []
    buscados = set(terminos)
    coincidencias: list[tuple[int, int, str]] = []
    patron = _patron_candidatos(list(buscados))
    if patron is not None:
        ultimo_fin = -1
        for m in patron.finditer(texto, 0, _LIMITE_FRAGMENTOS):
            inicio = m.start()
            if inicio < ultimo_fin:
                continue
            token = TOKEN.match(texto, inicio)
            if token is None:
                continue
            for p in piezas(token.group()):
                if p.termino in buscados:
                    coincidencias.append((inicio + p.inicio, inicio + p.fin, p.termino))
                    ultimo_fin = inicio + p.fin
                    break
            if len(coincidencias) >= 200:
                break
    if not coincidencias:
        return [_recortar(texto, 0, min(len(texto), ancho), [])]
    ventanas: list[tuple[int, int, int, int]] = []  # (-distinct, order, start, end)
    for i, (ini, fin, _) in enumerate(coincidencias):
        centro = (ini + fin) // 2
        a = max(0, centro - ancho // 2)
        b = min(len(texto), a + ancho)
        a = max(0, b - ancho)
        distintos = {t for s, e, t in coincidencias if s >= a and e <= b}
        ventanas.append((-len(distintos), i, a, b))
    ventanas.sort()
    elegidas: list[tuple[int, int]] = []
    for _, _, a, b in ventanas:
        if all(b <= x or a >= y for x, y in elegidas):
            elegidas.append((a, b))
        if len(elegidas) >= maximo:
            break
    elegidas.sort()
    return [_recortar(texto, a, b, [(s, e) for s, e, _ in coincidencias if s >= a and e <= b]) for a, b in elegidas]


def _recortar(texto: str, a: int, b: int, marcas: list[tuple[int, int]]) -> str:
    # Move the edges to word boundaries.
    if a > 0:
        espacio = texto.find(" ", a, min(len(texto), a + 25))
        if espacio >= 0 and all(espacio < s for s, _ in marcas):
            a = espacio + 1
    if b < len(texto):
        espacio = texto.rfind(" ", max(a, b - 25), b)
        if espacio > a and all(espacio >= e for _, e in marcas):
            b = espacio
    partes, cursor = [], a
    for s, e in marcas:
        partes.append(texto[cursor:s])
        partes.append(f"{MARCA_INICIO}{texto[s:e]}{MARCA_FIN}")
        cursor = e
    partes.append(texto[cursor:b])
    salida = re.sub(r"\s+", " ", "".join(partes)).strip()
    return ("…" if a > 0 else "") + salida + ("…" if b < len(texto) else "")


# =====================================================================================================
# 3. The archive's index: location, one writer at a time, generations
# =====================================================================================================

CARPETA_INDICE = "whoosh"
ESPERA_ESCRITURA_S = 30.0  # a writer (reindexar, importar) waits this long for another one, then «ocupado»
ESPERA_PENDIENTES_S = 5.0  # indexing after issuing waits less: the documents stay queued if it cannot
VERSION_TEXTOS = 1  # bump when text extraction changes: cached texts of another version are not used
UMBRAL_PARALELO = 2000  # a rebuild of this many documents or more uses two writer processes


def espera_escritura() -> float:
    """How long a writer waits for the index lock (``ARCHIVO_ESPERA_INDICE`` overrides, in seconds)."""
    try:
        return float(os.environ.get("ARCHIVO_ESPERA_INDICE", ESPERA_ESCRITURA_S))
    except ValueError:
        return ESPERA_ESCRITURA_S


class IndiceArchivo:
    """The index of an archive root: ``indices/whoosh/`` holds the generations (``gen-*``), the pointer
    ``ACTUAL`` to the one in use, the writers' lock and the cache of extracted texts.

    A rebuild writes a new generation beside the current one and switches ``ACTUAL`` atomically, so a crash
    at any moment leaves either the old index or the new one, never a half-written one. The lock is an OS
    file lock (Whoosh's ``FileLock``: ``flock``), released by the system if its process dies.
    """

    def __init__(self, raiz: Any) -> None:
        self.raiz = raiz
        self.base = Path(raiz.indices) / CARPETA_INDICE
        self.puntero = self.base / "ACTUAL"
        self.textos = self.base / f"textos-v{VERSION_TEXTOS}"

    def carpeta_actual(self) -> Path | None:
        try:
            nombre = self.puntero.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not re.fullmatch(r"gen-[0-9a-z-]+", nombre):
            return None
        return self.base / nombre

    def abrir(self) -> Motor:
        carpeta = self.carpeta_actual()
        if carpeta is None or not carpeta.is_dir():
            raise IndiceInvalido("no existe")
        return Motor.abrir(carpeta)

    @contextlib.contextmanager
    def bloqueo(self, espera: float) -> Iterator[None]:
        """Hold the writers' lock, waiting at most ``espera`` seconds; then ``Ocupado`` (exit code 3)."""
        self.base.mkdir(parents=True, exist_ok=True)
        candado = FileLock(str(self.base / "escritura.lock"))
        limite = time.monotonic() + max(espera, 0.0)
        while not candado.acquire(blocking=False):
            if time.monotonic() >= limite:
                raise Ocupado(
                    f"El índice de búsqueda está ocupado: otro proceso lo está actualizando (una importación, una "
                    f"reconstrucción o la indexación de documentos recién emitidos) y no terminó en {espera:g} s. "
                    "Espere a que termine y vuelva a intentarlo; no se modificó nada.")
            time.sleep(0.05)
        try:
            yield
        finally:
            candado.release()

    def nueva_generacion(self) -> Motor:
        carpeta = self.base / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        return Motor.crear(carpeta)

    def activar(self, motor: Motor) -> None:
        """Make ``motor`` the index in use (atomic rename of the pointer), then remove the others."""
        from archivo.fsutil import atomic_write_text

        atomic_write_text(self.puntero, motor.carpeta.name)
        self.limpiar()

    def limpiar(self) -> None:
        """Remove generations other than the current one (left by rebuilds that were interrupted)."""
        actual = self.carpeta_actual()
        for carpeta in self.base.glob("gen-*"):
            if carpeta != actual and carpeta.is_dir():
                shutil.rmtree(carpeta, ignore_errors=True)

    # --- cache of extracted texts (by SHA-256 of the file: never stale) ---
    def ruta_texto(self, sha256: str) -> Path:
        return self.textos / sha256[:2] / f"{sha256}.txt"

    def guardar_texto(self, sha256: str, texto: str) -> None:
        from archivo.fsutil import atomic_write_bytes

        atomic_write_bytes(self.ruta_texto(sha256), texto.encode("utf-8"), sync_dir=False)

    def texto_guardado(self, sha256: str) -> str | None:
        try:
            return self.ruta_texto(sha256).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


# =====================================================================================================
# 4. Catalog -> index, and the public API
# =====================================================================================================

_SELECT_DOCS = """
SELECT d.id, d.folio, d.tipo, d.estado, d.origen, d.fecha, d.asunto, d.area, d.procedimiento_id,
       a.ruta AS ruta, a.sha256 AS sha256, p.mecanismo AS mecanismo_proc, e.tipo AS exp_tipo,
       e.referencia AS exp_ref, e.area AS exp_area, i.nombre_original, i.numero, i.identificadores,
       i.mecanismo AS mecanismo_imp
FROM documentos d
LEFT JOIN archivos a ON a.id = d.archivo_id
LEFT JOIN procedimientos p ON p.id = d.procedimiento_id
LEFT JOIN expedientes e ON e.id = d.expediente_id
LEFT JOIN importaciones i ON i.documento_id = d.id
"""


def _lotes(valores: Sequence[int], n: int = 500) -> Iterator[Sequence[int]]:
    for i in range(0, len(valores), n):
        yield valores[i: i + n]


def _metadatos(cat: Any, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """id -> the catalog data of each document (no text), for the index and its fingerprint."""
    salida: dict[int, dict[str, Any]] = {}
    for lote in _lotes(list(ids)):
        marcas = ",".join("?" * len(lote))
        for f in cat.todos(f"{_SELECT_DOCS} WHERE d.id IN ({marcas})", list(lote)):
            mecanismo = f["mecanismo_proc"] or f["mecanismo_imp"] or (
                f["exp_ref"] if f["exp_tipo"] == "mecanismo" else None)
            try:
                identificadores = json.loads(f["identificadores"]) if f["identificadores"] else None
            except ValueError:
                identificadores = None
            salida[f["id"]] = {
                "id": f["id"], "folio": f["folio"], "numero": f["numero"] or f["folio"], "titulo": f["asunto"],
                "tipo": f["tipo"], "mecanismo": mecanismo,
                "procedimiento": str(f["procedimiento_id"]) if f["procedimiento_id"] is not None else None,
                "area": f["area"] or f["exp_area"], "fecha": f["fecha"], "estado": f["estado"],
                "origen": f["origen"], "ruta": f["ruta"], "sha256": f["sha256"],
                "nombre_original": f["nombre_original"], "identificadores_importados": identificadores,
                "personas": [], "nombres": [],
            }
        for f in cat.todos(
                "SELECT dp.documento_id, p.clave, p.nombre, p.primer_apellido, p.segundo_apellido "
                f"FROM documento_personas dp JOIN personas p ON p.clave = dp.persona_clave "
                f"WHERE dp.documento_id IN ({marcas}) ORDER BY dp.documento_id, p.clave", list(lote)):
            d = salida.get(f["documento_id"])
            if d is not None:
                d["personas"].append(f["clave"])
                d["nombres"].append(" ".join(x for x in (f["nombre"], f["primer_apellido"],
                                                         f["segundo_apellido"]) if x))
    for d in salida.values():
        d["huella"] = huella(d)
    return salida


def _texto(indice: IndiceArchivo, datos: dict[str, Any]) -> str:
    """The text of a document's file: from the cache, else extracted (and cached). Raises ArchivoError."""
    from archivo.texto import extraer

    ruta, sha = datos.get("ruta"), datos.get("sha256")
    if not ruta:
        return ""
    if sha:
        guardado = indice.texto_guardado(sha)
        if guardado is not None:
            return guardado
    archivo = indice.raiz.absoluta(ruta)
    if not archivo.is_file():
        raise ArchivoError(f"falta el archivo {ruta} (revíselo con «archivo verificar»)")
    texto = extraer(archivo).texto
    if sha:
        indice.guardar_texto(sha, texto)
    return texto


def _documento_indice(indice: IndiceArchivo, datos: dict[str, Any]) -> dict[str, Any]:
    doc = dict(datos)
    doc["texto"] = _texto(indice, datos)
    importados = datos.get("identificadores_importados")
    doc["identificadores"] = importados if importados is not None else identificadores_de(
        datos.get("titulo") or "", datos.get("folio") or "", doc["texto"])
    if not doc.get("numero"):
        # A file filed without folio (a PDF received, a carpeta): its own number as written at its top.
        from archivo.analisis import identificadores
        from archivo.texto import es_numero_de_documento

        propios = [i for i in identificadores(f"{datos.get('titulo') or ''}\n{doc['texto'][:1500]}",
                                              como_se_escribieron=True) if es_numero_de_documento(i)]
        doc["numero"] = propios[0] if propios else None
    return doc


def _indexables(cat: Any) -> list[int]:
    return [f[0] for f in cat.todos("SELECT id FROM documentos WHERE estado != 'borrador' ORDER BY id")]


@dataclass
class InformeIndexado:
    documentos: int = 0
    segundos: float = 0.0
    problemas: list[Problema] = field(default_factory=list)
    reconstruido: bool = False
    motivo: str = ""


def _preparar(cat: Any, indice: IndiceArchivo, ids: Sequence[int], informe: InformeIndexado,
              ) -> Iterator[dict[str, Any]]:
    """Index documents of ``ids``; a document whose file cannot be read is indexed by its catalog data
    (title, folio, personas) and reported, so it can still be found by them."""
    for lote in _lotes(list(ids), 200):
        metadatos = _metadatos(cat, lote)
        for i in lote:
            datos = metadatos.get(i)
            if datos is None or datos["estado"] == "borrador":
                continue
            try:
                yield _documento_indice(indice, datos)
            except ArchivoError as e:
                informe.problemas.append(Problema(f"documento {datos['folio'] or '#' + str(i)}",
                                                  f"no se pudo leer su texto: {e.mensaje}",
                                                  "se indexó solo con su título y folio"))
                yield {**datos, "texto": "", "identificadores": datos.get("identificadores_importados") or [],
                       "error_texto": True}


def _quitar_pendientes(cat: Any, indexados: dict[int, str], con_problemas: set[int]) -> None:
    """Remove from the queue the documents indexed as they are now in the catalog.

    A document changed meanwhile (its fingerprint differs) stays queued for the next pass."""
    if not indexados:
        return
    with cat.transaccion("actualizar índice de búsqueda") as tx:
        actuales = _metadatos(tx, list(indexados))
        quitar = [i for i, h in indexados.items()
                  if i not in con_problemas and (i not in actuales or actuales[i]["huella"] == h)]
        for lote in _lotes(quitar):
            tx.execute(f"DELETE FROM indice_pendientes WHERE documento_id IN ({','.join('?' * len(lote))})",
                       list(lote))


def _reconstruir(cat: Any, indice: IndiceArchivo, informe: InformeIndexado,
                 progreso: Callable[..., Any] | None = None, optimizar: bool = False) -> Motor:
    """Build a whole new generation from the catalog and switch to it (the lock is held by the caller)."""
    inicio = time.monotonic()
    pendientes_antes = {f[0] for f in cat.todos("SELECT documento_id FROM indice_pendientes")}
    ids = _indexables(cat)
    motor = indice.nueva_generacion()
    contexto = progreso("Reconstruyendo el índice de búsqueda", len(ids)) if progreso else contextlib.nullcontext(
        lambda n=1: None)
    huellas: dict[int, str] = {}
    con_problemas: set[int] = set()
    try:
        with contexto as avanzar:
            docs = _preparar(cat, indice, ids, informe)

            def registrar(docs_: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
                for d in docs_:
                    huellas[d["id"]] = d["huella"]
                    if d.get("error_texto"):
                        con_problemas.add(d["id"])
                    yield d

            paralelo = len(ids) >= UMBRAL_PARALELO and (os.cpu_count() or 1) > 1
            motor.escribir(registrar(docs), procs=2 if paralelo else 1, multisegment=paralelo, limitmb=256,
                           al_agregar=avanzar)
        if optimizar:
            motor.escribir([], optimizar=True)  # one segment: slower to build, faster heavy queries
        indice.activar(motor)
    except BaseException:
        shutil.rmtree(motor.carpeta, ignore_errors=True)
        raise
    _quitar_pendientes(cat, {i: h for i, h in huellas.items() if i in pendientes_antes}, con_problemas)
    informe.documentos = len(huellas)
    informe.segundos = time.monotonic() - inicio
    informe.reconstruido = True
    # Documents issued while the index was being rebuilt were queued: index them now.
    _indexar(cat, indice, motor, informe)
    return motor


def _indexar(cat: Any, indice: IndiceArchivo, motor: Motor, informe: InformeIndexado) -> int:
    """Index every queued document in one commit (the lock is held by the caller)."""
    pendientes = [f[0] for f in cat.todos("SELECT documento_id FROM indice_pendientes ORDER BY documento_id")]
    if not pendientes:
        return 0
    docs = list(_preparar(cat, indice, pendientes, informe))
    existentes = {d["id"] for d in docs}
    ausentes = [i for i in pendientes if i not in existentes]  # borradores or rows without a document
    motor.escribir(docs, borrar=[str(i) for i in ausentes])
    con_problemas = {d["id"] for d in docs if d.get("error_texto")}
    _quitar_pendientes(cat, {**{d["id"]: d["huella"] for d in docs}, **{i: "" for i in ausentes}}, con_problemas)
    informe.documentos += len(docs)
    return len(docs)


def _motor(cat: Any, indice: IndiceArchivo, informe: InformeIndexado,
           progreso: Callable[..., Any] | None = None) -> Motor:
    """The usable index (lock held): open it, or rebuild it when missing, damaged or of another version."""
    try:
        return indice.abrir()
    except IndiceInvalido as e:
        motivo = str(e)
    informe.motivo = motivo
    if motivo == "no existe":
        log.info("El índice de búsqueda no existe; se construye a partir del catálogo.")
    else:
        log.warning("El índice de búsqueda está dañado o es de otra versión (%s); se reconstruye a partir del "
                    "catálogo.", motivo)
    return _reconstruir(cat, indice, informe, progreso)


def indexar_pendientes(cat: Any, *, espera: float | None = None) -> int:
    """Index every document queued in ``indice_pendientes`` in one Whoosh commit; returns how many.

    Called after each commit that issues documents (``documentos.emitir_en``), so a batch of a thousand
    documents pays one commit per transaction, not one per document. Never raises: if the index is busy or
    a document cannot be read, the documents stay queued (or indexed by their catalog data) and a warning
    is logged; the next search or ``archivo reindexar`` catches up.
    """
    try:
        if cat.uno("SELECT 1 FROM indice_pendientes LIMIT 1") is None:
            return 0
        indice = IndiceArchivo(cat.raiz)
        informe = InformeIndexado()
        with indice.bloqueo(ESPERA_PENDIENTES_S if espera is None else espera):
            motor = _motor(cat, indice, informe)
            n = informe.documentos if informe.reconstruido else _indexar(cat, indice, motor, informe)
        for p in informe.problemas:
            log.warning("Índice de búsqueda: %s", p)
        return n
    except Ocupado:
        n = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
        log.warning("El índice de búsqueda está ocupado por otro proceso: %d documento(s) quedan en espera y se "
                    "indexarán en la próxima búsqueda (o con «archivo reindexar»).", n)
        return 0
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # the document is issued and committed: indexing problems must not hide that
        log.warning("No se pudo actualizar el índice de búsqueda (%s: %s); los documentos quedan en espera "
                    "y se indexarán en la próxima búsqueda o con «archivo reindexar».", type(e).__name__, e)
        return 0


def reindexar(cat: Any, *, progreso: Callable[..., Any] | None = None, espera: float | None = None,
              optimizar: bool = False) -> InformeIndexado:
    """Rebuild the index from the catalog and the files (into a new folder, then switch). Raises ``Ocupado``
    if another writer holds the index longer than ``espera`` seconds. ``optimizar`` merges it into a single
    segment (measured: about 3 minutes more per 100,000 documents, p95 of queries about 25 % lower)."""
    indice = IndiceArchivo(cat.raiz)
    informe = InformeIndexado()
    with indice.bloqueo(espera_escritura() if espera is None else espera):
        _reconstruir(cat, indice, informe, progreso, optimizar)
        _limpiar_textos(cat, indice)
    return informe


def _limpiar_textos(cat: Any, indice: IndiceArchivo) -> None:
    """Drop cached texts of files the catalog no longer has (e.g. an import rolled back)."""
    if not indice.textos.is_dir():
        return
    conocidos = {f[0] for f in cat.todos("SELECT sha256 FROM archivos")}
    for ruta in indice.textos.glob("*/*.txt"):
        if ruta.stem not in conocidos:
            ruta.unlink(missing_ok=True)


def _al_dia(cat: Any, indice: IndiceArchivo, *, espera: float) -> tuple[Motor, list[str]]:
    """The index ready to search: queued documents indexed and the entries checked against the catalog.

    Returns the engine and warnings for the user (e.g. documents still queued because the index was busy)."""
    avisos: list[str] = []
    informe = InformeIndexado()
    try:
        with indice.bloqueo(espera):
            motor = _motor(cat, indice, informe)
            if not informe.reconstruido:
                _indexar(cat, indice, motor, informe)
                _conciliar(cat, indice, motor, informe)
            return motor, avisos + [str(p) for p in informe.problemas]
    except Ocupado:
        pass
    # Another process is writing: search what is there, if it is usable.
    try:
        motor = indice.abrir()
    except IndiceInvalido:
        with indice.bloqueo(espera_escritura()):
            motor = _motor(cat, indice, informe)
        return motor, avisos
    n = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
    if n:
        avisos.append(f"{n} documento(s) recientes aún no están en el índice (otro proceso lo está actualizando).")
    return motor, avisos


def _conciliar(cat: Any, indice: IndiceArchivo, motor: Motor, informe: InformeIndexado) -> None:
    """Make the index hold exactly the catalog's documents (after a lost update or a restored catalog).

    Each search checks the counts (cheap); when they disagree the ids are compared and fixed. A divergence
    that keeps the count equal (a catalog restored from a backup and then written again) is only found by a
    full rebuild: «archivo reindexar», which the user guide advises after restoring a backup."""
    esperados = cat.uno("SELECT COUNT(*) FROM documentos WHERE estado != 'borrador'")[0]
    with motor.buscador() as b:
        if b.cuantos() == esperados:
            return
        en_indice = b.ids()
    catalogo = set(_indexables(cat))
    sobran = en_indice - catalogo
    faltan = catalogo - en_indice
    if sobran:
        motor.escribir([], borrar=[str(i) for i in sobran])
    if faltan:
        with cat.transaccion("actualizar índice de búsqueda") as tx:
            tx.conn.executemany("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)",
                                [(i,) for i in sorted(faltan)])
        _indexar(cat, indice, motor, informe)


def _validar_filtros(cat: Any, *, tipo: str | None, mecanismo: str | None, persona: str | None,
                     area: str | None, desde: Any, hasta: Any, origen: str | None, estado: str | None,
                     limite: int) -> Filtros:
    """The filters, checked all at once (every problem reported together)."""
    from archivo.formato import a_fecha

    problemas: list[Problema] = []
    filtros = Filtros(tipo=tipo or None, area=area or None, origen=origen or None, estado=estado or None)
    for nombre, valor in (("--desde", desde), ("--hasta", hasta)):
        if valor in (None, ""):
            continue
        try:
            setattr(filtros, nombre[2:], a_fecha(valor))
        except ValueError:
            problemas.append(Problema(nombre, f"«{valor}» no es una fecha", "escríbala como 2024-06-17 o 17/06/2024"))
    if filtros.desde and filtros.hasta and filtros.desde > filtros.hasta:
        problemas.append(Problema("--desde/--hasta", f"el periodo empieza ({filtros.desde:%d/%m/%Y}) después de "
                                  f"terminar ({filtros.hasta:%d/%m/%Y})", "invierta las fechas"))
    if origen and valor_filtro(origen) not in ("generado", "importado"):
        problemas.append(Problema("--origen", f"«{origen}» no es un origen", "use «generado» o «importado»"))
    if limite < 1:
        problemas.append(Problema("--limite", "debe ser 1 o más", "p. ej. --limite 20"))
    if area:
        areas = [a.siglas for a in cat.raiz.config.areas]
        if valor_filtro(area) not in {valor_filtro(a) for a in areas}:
            problemas.append(Problema("--area", f"no existe el área «{area}» en archivo.toml",
                                      f"áreas: {', '.join(areas)}"))
    if mecanismo:
        from archivo import mecanismos

        try:
            filtros.mecanismo = mecanismos.cargar(cat.raiz).mecanismo(mecanismo).clave
        except ArchivoError as e:
            problemas.append(Problema("--mecanismo", e.mensaje))
    if persona:
        fila = cat.uno("SELECT clave, nombre, primer_apellido, segundo_apellido FROM personas WHERE clave = ?",
                       (persona.strip(),))
        if fila is None:
            problemas.append(Problema("--persona", f"no existe en el padrón la persona con clave «{persona}»",
                                      "consulte las claves con «archivo personal lista»"))
        else:
            nombre = " ".join(x for x in (fila["nombre"], fila["primer_apellido"], fila["segundo_apellido"]) if x)
            inverso = " ".join(x for x in (fila["primer_apellido"], fila["segundo_apellido"], fila["nombre"]) if x)
            filtros.persona = fila["clave"]
            filtros.persona_nombres = list(dict.fromkeys([nombre, inverso]))
    if problemas:
        raise EntradaInvalida("Los filtros de la búsqueda tienen problemas:", problemas)
    return filtros


@dataclass
class Busqueda:
    """What ``buscar`` returns: the results (best first) and notes for the user."""

    resultados: list[Resultado]
    avisos: list[str] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Resultado]:
        return iter(self.resultados)

    def __len__(self) -> int:
        return len(self.resultados)

    def __getitem__(self, i: int) -> Resultado:
        return self.resultados[i]


def _con_indice(cat: Any, funcion: Callable[[Buscador], list[Resultado]]) -> tuple[list[Resultado], list[str]]:
    """Run a search; if the index turns out to be damaged mid-search, rebuild it and try once more."""
    indice = IndiceArchivo(cat.raiz)
    motor, avisos = _al_dia(cat, indice, espera=1.0)
    try:
        with motor.buscador() as b:
            return funcion(b), avisos
    except _ERRORES_DANO as e:
        log.warning("El índice de búsqueda está dañado (%s); se reconstruye.", type(e).__name__)
        with indice.bloqueo(espera_escritura()):
            motor = _reconstruir(cat, indice, InformeIndexado())
        with motor.buscador() as b:
            return funcion(b), avisos


def buscar(cat: Any, consulta: str, *, tipo: str | None = None, mecanismo: str | None = None,
           persona: str | None = None, area: str | None = None, desde: Any = None, hasta: Any = None,
           origen: str | None = None, estado: str | None = None, limite: int = 20,
           fragmentos: bool = True) -> Busqueda:
    """Search the archive: ranked results with fragments. ``consulta`` may be empty when a filter is given
    (then the newest documents first). Raises ``EntradaInvalida`` for a malformed query or filter."""
    interpretada = interpretar(consulta)
    filtros = _validar_filtros(cat, tipo=tipo, mecanismo=mecanismo, persona=persona, area=area, desde=desde,
                               hasta=hasta, origen=origen, estado=estado, limite=limite)
    resultados, avisos = _con_indice(
        cat, lambda b: b.buscar(interpretada, filtros, limite=limite, con_fragmentos=fragmentos))
    return Busqueda(resultados, avisos, interpretada.ignoradas)


def similares(cat: Any, folio_o_id: str, *, limite: int = 10, tipo: str | None = None,
              mecanismo: str | None = None, persona: str | None = None, area: str | None = None,
              desde: Any = None, hasta: Any = None, origen: str | None = None) -> Busqueda:
    """Documents related to the one with this folio, number or id (its most distinctive words, ranked)."""
    filtros = _validar_filtros(cat, tipo=tipo, mecanismo=mecanismo, persona=persona, area=area, desde=desde,
                               hasta=hasta, origen=origen, estado=None, limite=limite)
    clave = str(folio_o_id).strip().lstrip("#")
    fila = cat.uno("SELECT id FROM documentos WHERE folio = ?", (clave,))
    if fila is None and clave.isdigit():
        fila = cat.uno("SELECT id FROM documentos WHERE id = ?", (int(clave),))
    if fila is None:
        buscado = normalizar_identificador(clave)
        fila = next((f for f in cat.todos("SELECT documento_id AS id, numero FROM importaciones "
                                          "WHERE numero IS NOT NULL") if normalizar_identificador(f["numero"]) == buscado),
                    None)
    if fila is None:
        raise EntradaInvalida(f"No existe el documento «{folio_o_id}».",
                              [Problema("--similares", "no hay un documento con ese folio, número o id",
                                        "use el folio completo (p. ej. IEA/DEVySPE/045/2024) o el número «#12» "
                                        "que muestra la búsqueda")])
    doc_id = fila["id"]

    def ejecutar(b: Buscador) -> list[Resultado]:
        docnum = b.searcher.document_number(id=str(doc_id))
        if docnum is None:
            raise ArchivoError(f"El documento #{doc_id} no está en el índice (es un borrador o aún no se indexa); "
                               "ejecute «archivo reindexar».")
        return b.similares(docnum, filtros, limite=limite)

    resultados, avisos = _con_indice(cat, ejecutar)
    return Busqueda(resultados, avisos)
