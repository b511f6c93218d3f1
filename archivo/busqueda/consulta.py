"""The query language of ``archivo buscar``: ``interpretar`` -> a small tree -> ``consulta_whoosh``."""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from archivo.base.errors import EntradaInvalida, Problema
from archivo.busqueda.analisis import (
    TOKEN,
    VACIAS,
    es_identificador,
    normalizar_identificador,
    piezas,
    plegar,
    termino,
    termino_identificador,
)

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


