"""Limits of the template sandbox: what a Word template may do while it is filled, and what it may not.

Templates are written by the office (``plantillas/*.docx``) and run inside Jinja's immutable sandbox
(``jinja2.sandbox.ImmutableSandboxedEnvironment``): they read the data they are given, never change it
(``{{ institucion.update(…) }}`` is refused, so one document cannot alter the next one's carátula), and each render
gets its own copy of the data. On top of that, ``EntornoLimitado`` gives every render a budget:

* every ``{% for %}`` step and every call (a macro, ``caller()``…) counts; past ``MAX_PASOS`` steps, or
  ``MAX_SEGUNDOS`` seconds, the render stops with a Spanish message naming the tag (two nested ``range(100000)``
  loops would otherwise run for hours);
* a macro nested in itself more than ``MAX_ANIDACION`` times stops, naming the macro (recursion without end);
* ``range()`` is limited to ``MAX_RANGO`` numbers, text or lists repeated with ``*`` to ``MAX_TEXTO`` items,
  ``**`` to small exponents, widths in ``%``/``format``/``center``/``indent``… to ``MAX_ANCHO``;
* ``{% include %}``, ``{% import %}``, ``{% extends %}`` are refused when the template is compiled
  (``ConstruccionNoPermitida``): a template is one Word document.

Every stop is a ``ErrorPlantilla`` (a Jinja ``TemplateRuntimeError``) with a Spanish message; Python's own errors
raised while filling (``TypeError``, ``ZeroDivisionError``, ``RecursionError``, the sandbox's ``SecurityError``…)
are turned into one too, so no English reaches the user. ``revisar(ast)`` finds the same constructs without running
the template, for ``archivo plantillas verificar``.
"""

from __future__ import annotations

import contextlib
import contextvars
import html
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.environment import Template
from jinja2.exceptions import SecurityError, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_PASOS = 2_000_000  # loop steps + calls in one render (a large legitimate document needs a few thousand)
MAX_SEGUNDOS = 30.0  # wall time of one render
MAX_ANIDACION = 60  # a macro inside itself
MAX_RANGO = 100_000  # numbers in one range()
MAX_TEXTO = 1_000_000  # characters or items built with «*»
MAX_ANCHO = 10_000  # a width in «%10000s», format, center, indent, wordwrap, truncate
MAX_EXPONENTE = 1_000
_CADA = 1024  # steps between clock readings

_NOMBRE_CICLO = "__limite_ciclo__"
_MUTADORES = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem", "sort",
              "reverse", "add", "discard", "difference_update", "intersection_update",
              "symmetric_difference_update", "appendleft", "extendleft", "popleft", "rotate"}
_ETIQUETA_FOR = re.compile(r"\{%-?\s*for\b.*?-?%\}", re.DOTALL)
_ANCHO_FORMATO = re.compile(r"%[-#0 +]*(\d+)|\{[^{}]*:[^{}]*?(\d{5,})[^{}]*\}")


class ErrorPlantilla(TemplateRuntimeError):
    """A template stopped while being filled; ``message`` is Spanish and says what to change."""


class ConstruccionNoPermitida(TemplateSyntaxError):
    """A template uses what a template may not (include, import, extends); ``message`` is Spanish."""


class _Presupuesto:
    __slots__ = ("pasos", "inicio", "anidacion")

    def __init__(self) -> None:
        self.pasos = 0
        self.inicio = time.monotonic()
        self.anidacion: dict[str, int] = {}

    def paso(self, etiqueta: str) -> None:
        self.pasos += 1
        if self.pasos > MAX_PASOS:
            raise ErrorPlantilla(
                f"La plantilla se detuvo en «{etiqueta}»: repite más de {MAX_PASOS:,} pasos al llenarse (¿ciclos "
                "anidados sobre listas muy grandes?). Reduzca los ciclos o el tamaño de los datos.".replace(",", " "))
        if self.pasos % _CADA == 0 and time.monotonic() - self.inicio > MAX_SEGUNDOS:
            raise ErrorPlantilla(
                f"La plantilla se detuvo en «{etiqueta}»: llenarla tardaba más de {int(MAX_SEGUNDOS)} segundos. "
                "Revise ese ciclo o macro: hace demasiado trabajo para un documento.")


_PRESUPUESTO: contextvars.ContextVar[_Presupuesto | None] = contextvars.ContextVar("presupuesto", default=None)


def _actual() -> _Presupuesto:
    p = _PRESUPUESTO.get()
    if p is None:  # filled outside PlantillaLimitada.render (e.g. a generator): still a budget
        p = _Presupuesto()
        _PRESUPUESTO.set(p)
    return p


class _Contado:
    """An iterable seen through the budget (with its length when it has one, for ``loop.length``)."""

    __slots__ = ("_iterable", "_etiqueta")

    def __init__(self, iterable: Any, etiqueta: str) -> None:
        self._iterable = iterable
        self._etiqueta = etiqueta

    def __iter__(self) -> Iterator[Any]:
        presupuesto = _actual()
        for x in self._iterable:
            presupuesto.paso(self._etiqueta)
            yield x

    def __len__(self) -> int:
        return len(self._iterable)  # TypeError when it has none: LoopContext then counts as it goes


def _ciclo(iterable: Any, etiqueta: str) -> _Contado:
    return _Contado(iterable, etiqueta)


def _rango(*args: Any) -> range:
    if not all(isinstance(a, int) for a in args):
        raise ErrorPlantilla("range() solo acepta números enteros.")
    try:
        r = range(*args)
    except (TypeError, ValueError):
        raise ErrorPlantilla(f"range{args} no es un intervalo válido.") from None
    if len(r) > MAX_RANGO:
        raise ErrorPlantilla(f"«range{args if len(args) > 1 else '(' + str(args[0]) + ')'}» pide {len(r):,} números; "
                             f"una plantilla puede contar hasta {MAX_RANGO:,}.".replace(",", " "))
    return r


def _ancho(valor: Any, nombre: str) -> int:
    if isinstance(valor, int) and valor > MAX_ANCHO:
        raise ErrorPlantilla(f"El ancho {valor} en «{nombre}» es demasiado grande (máximo {MAX_ANCHO}).")
    return valor


def _linea_fuente(fuente: str, lineno: int) -> str:
    lineas = fuente.splitlines()
    return lineas[lineno - 1] if 0 < lineno <= len(lineas) else ""


def _legible(etiqueta: str) -> str:
    """A tag as the user wrote it in Word (no XML left by docxtpl, entities decoded, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", etiqueta)).split())


class PlantillaLimitada(Template):
    """A template whose render has a budget, works on its own copy of the data and speaks Spanish when it fails."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if len(args) == 1 and not kwargs and id(args[0]) == _COPIA_DEL_DOCUMENTO.get():
            datos = dict(args[0])  # the document's own copy, made once for all its parts (``datos_propios``)
        else:
            datos = _copia(dict(*args, **kwargs))
        if _PRESUPUESTO.get() is not None:  # already inside a render (a document's parts share one budget)
            return self._llenar(datos)
        token = _PRESUPUESTO.set(_Presupuesto())
        try:
            return self._llenar(datos)
        finally:
            _PRESUPUESTO.reset(token)

    def _llenar(self, datos: dict[str, Any]) -> str:
        try:
            return super().render(datos)
        except (ErrorPlantilla, TemplateSyntaxError):
            raise
        except UndefinedError as e:
            raise UndefinedError(_indefinido(str(e))) from None
        except SecurityError as e:
            raise ErrorPlantilla(_seguridad(e)) from None
        except RecursionError:
            raise ErrorPlantilla("La plantilla se llama a sí misma sin fin (una macro dentro de sí misma, o un "
                                 "ciclo recursivo). Revise sus macros.") from None
        except TemplateRuntimeError as e:
            raise ErrorPlantilla(_traducir_runtime(str(e))) from None
        except ZeroDivisionError:
            raise ErrorPlantilla("Una operación de la plantilla divide entre cero. Revise sus cálculos.") from None
        except OverflowError:
            raise ErrorPlantilla("Un cálculo de la plantilla da un número demasiado grande.") from None
        except MemoryError:
            raise ErrorPlantilla("La plantilla intenta construir un texto o una lista demasiado grande.") from None
        except (TypeError, ValueError, AttributeError, KeyError, IndexError):
            raise ErrorPlantilla(
                "Una operación de la plantilla no se puede hacer con estos datos (por ejemplo, sumar texto y "
                "números, o pedir un elemento que no existe). Revise las operaciones y filtros de la plantilla con "
                "«archivo plantillas verificar».") from None


_COPIA_DEL_DOCUMENTO: contextvars.ContextVar[int | None] = contextvars.ContextVar("copia", default=None)


@contextlib.contextmanager
def datos_propios(contexto: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """One copy of ``contexto`` for every part of one document (body, headers, footers, properties): each part
    copied the whole data again (an índice lists every document of its expediente), nine copies a document."""
    copia = _copia(dict(contexto))
    token = _COPIA_DEL_DOCUMENTO.set(id(copia))
    try:
        yield copia
    finally:
        _COPIA_DEL_DOCUMENTO.reset(token)


def _copia(valor: Any) -> Any:
    """Plain containers copied (dict, list, set, tuple), anything else as it is: the render's own data."""
    if isinstance(valor, dict):
        return {k: _copia(v) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_copia(v) for v in valor]
    if isinstance(valor, tuple) and type(valor) is tuple:
        return tuple(_copia(v) for v in valor)
    if isinstance(valor, set):
        return {_copia(v) for v in valor}
    return valor


def _indefinido(texto: str) -> str:
    """Jinja's «'x' is undefined» / «'dict object' has no attribute 'y'» in Spanish."""
    if m := re.match(r"'([^']+)' is undefined", texto):
        return f"«{m.group(1)}» no está definido"
    if m := re.match(r"'([^']+)' has no attribute '([^']+)'", texto):
        return f"el dato no tiene «{m.group(2)}»"
    if m := re.match(r"'([^']+)' object has no attribute '([^']+)'", texto):
        return f"el dato no tiene «{m.group(2)}»"
    return "un dato que la plantilla usa no existe"


def _seguridad(e: SecurityError) -> str:
    texto = str(e)
    m = re.search(r"attribute '([^']+)' of '([^']+)' object", texto)
    if m and m.group(1) in _MUTADORES:
        return (f"La plantilla intenta modificar un dato («.{m.group(1)}()»): las plantillas solo leen los datos, no "
                "los cambian. Quite esa operación de la plantilla.")
    if m:
        return (f"La plantilla intenta usar «.{m.group(1)}», que no está permitido en una plantilla. Quite esa "
                "operación de la plantilla.")
    return "La plantilla intenta una operación que no está permitida en una plantilla. Quite esa operación."


def _traducir_runtime(texto: str) -> str:
    if "no loader" in texto or "include" in texto.lower() or "import" in texto.lower():
        return _NO_INCLUIR
    return ("La plantilla no se pudo llenar: una de sus instrucciones falló. Revísela con «archivo plantillas "
            "verificar».")


_NO_INCLUIR = ("Una plantilla no puede incluir, importar ni extender otras ({% include %}, {% import %}, "
               "{% extends %}): cada plantilla es un solo documento de Word. Copie en ella el texto que necesite.")


class EntornoLimitado(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a budget per render (see the module docstring)."""

    template_class = PlantillaLimitada
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **opciones: Any) -> None:
        super().__init__(**opciones)
        self.globals["range"] = _rango
        self.globals.pop("lipsum", None)
        self.globals[_NOMBRE_CICLO] = _ciclo
        for nombre, posicion in (("center", 1), ("indent", 1), ("wordwrap", 1), ("truncate", 1)):
            self.filters[nombre] = _filtro_acotado(self.filters[nombre], nombre, posicion)
        formato = self.filters["format"]

        def format_acotado(valor: Any, *args: Any, **kwargs: Any) -> Any:
            _anchos_de(valor, "format")
            return formato(valor, *args, **kwargs)

        self.filters["format"] = format_acotado

    # --- reading: no include/import/extends; every for loop counted
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if _NOMBRE_CICLO in source:
            raise TemplateSyntaxError("nombre reservado", 1, name, filename)
        arbol = super()._parse(source, name, filename)
        por_linea: dict[int, list[nodes.For]] = {}
        for nodo in arbol.find_all(nodes.For):
            por_linea.setdefault(nodo.lineno, []).append(nodo)
        for lineno, bucles in por_linea.items():
            etiquetas = _ETIQUETA_FOR.findall(_linea_fuente(source, lineno))
            for i, nodo in enumerate(bucles):
                nodo.etiqueta_fuente = _legible(etiquetas[i]) if i < len(etiquetas) else "{% for … %}"
        return arbol

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        for nodo in source.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            raise ConstruccionNoPermitida(_NO_INCLUIR, nodo.lineno, name, filename)
        for nodo in list(source.find_all(nodes.For)):
            etiqueta = getattr(nodo, "etiqueta_fuente", "{% for … %}")
            nodo.iter = nodes.Call(nodes.Name(_NOMBRE_CICLO, "load", lineno=nodo.lineno),
                                   [nodo.iter, nodes.Const(etiqueta, lineno=nodo.lineno)], [], None, None,
                                   lineno=nodo.lineno)
        return super()._generate(source, name, filename, defer_init)

    # --- filling: calls and operators
    def call(self, contexto: Any, objeto: Any, /, *args: Any, **kwargs: Any) -> Any:
        presupuesto = _actual()
        if isinstance(objeto, Macro):
            nombre = objeto.name
            presupuesto.paso(f"{{% macro {nombre} %}}")
            nivel = presupuesto.anidacion.get(nombre, 0) + 1
            if nivel > MAX_ANIDACION:
                raise ErrorPlantilla(f"La macro «{nombre}» se llama a sí misma más de {MAX_ANIDACION} veces "
                                     "anidadas: no termina. Revise la condición que la detiene.")
            presupuesto.anidacion[nombre] = nivel
            try:
                return super().call(contexto, objeto, *args, **kwargs)
            finally:
                presupuesto.anidacion[nombre] = nivel - 1
        presupuesto.paso(f"{getattr(objeto, '__name__', 'una llamada')}()")
        return super().call(contexto, objeto, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_TEXTO:
                    raise ErrorPlantilla(f"La plantilla repite un texto o una lista {n:,} veces: el resultado sería "
                                         f"demasiado grande (máximo {MAX_TEXTO:,} caracteres o elementos)."
                                         .replace(",", " "))
        elif operator == "**":
            if isinstance(right, int) and isinstance(left, int | float) and abs(right) > MAX_EXPONENTE:
                raise ErrorPlantilla(f"El exponente {right} es demasiado grande para una plantilla.")
        elif operator == "%" and isinstance(left, str):
            _anchos_de(left, "%")
        return super().call_binop(context, operator, left, right)


def _anchos_de(texto: Any, nombre: str) -> None:
    if isinstance(texto, str):
        for m in _ANCHO_FORMATO.finditer(texto):
            ancho = int(m.group(1) or m.group(2))
            if ancho > MAX_ANCHO:
                raise ErrorPlantilla(f"El ancho {ancho} en «{nombre}» es demasiado grande (máximo {MAX_ANCHO}).")


def _filtro_acotado(filtro: Any, nombre: str, posicion: int) -> Any:
    def acotado(*args: Any, **kwargs: Any) -> Any:
        if len(args) > posicion:
            _ancho(args[posicion], nombre)
        for clave in ("width", "length"):
            if clave in kwargs:
                _ancho(kwargs[clave], nombre)
        return filtro(*args, **kwargs)

    for atributo in ("jinja_pass_arg",):  # keep how Jinja passes the environment/context to the filter
        if hasattr(filtro, atributo):
            setattr(acotado, atributo, getattr(filtro, atributo))
    return acotado


# --- the check without running the template (archivo plantillas verificar) --------------------------------------

@dataclass(frozen=True)
class Riesgo:
    """A construct of a template that will fail or stop when it is filled."""

    severidad: str  # "error" | "aviso"
    nodo: Any  # the Jinja node (its lineno places it)
    aguja: str  # text to find it in its paragraph
    mensaje: str
    sugerencia: str


def _constante(nodo: Any) -> Any:
    if isinstance(nodo, nodes.Const):
        return nodo.value
    if isinstance(nodo, nodes.Neg) and isinstance(nodo.node, nodes.Const) and isinstance(nodo.node.value, int):
        return -nodo.node.value
    if isinstance(nodo, nodes.Pow | nodes.Mul):
        a, b = _constante(nodo.left), _constante(nodo.right)
        if isinstance(a, int) and isinstance(b, int) and abs(b) <= MAX_EXPONENTE and abs(a) < 10**6:
            return a ** b if isinstance(nodo, nodes.Pow) else a * b
    return None


def _tamano_rango(iterable: Any) -> int | None:
    """The length of ``range(<constants>)``, or None when it is not one."""
    if (isinstance(iterable, nodes.Call) and isinstance(iterable.node, nodes.Name) and iterable.node.name == "range"
            and not iterable.kwargs):
        valores = [_constante(a) for a in iterable.args]
        if valores and all(isinstance(v, int) for v in valores):
            try:
                return len(range(*valores))
            except (TypeError, ValueError):
                return None
    return None


def revisar(arbol: nodes.Template) -> list[Riesgo]:
    """Every construct of ``arbol`` that the sandbox refuses or that would exhaust the budget: data modified,
    ``lipsum``, ``range`` too large, nested loops too long, macros that call themselves."""
    riesgos: list[Riesgo] = []  # include/import/extends: the verifier reports them with their tag already
    for llamada in arbol.find_all(nodes.Call):
        if isinstance(llamada.node, nodes.Getattr) and llamada.node.attr in _MUTADORES:
            riesgos.append(Riesgo("error", llamada, f".{llamada.node.attr}",
                                  f"«.{llamada.node.attr}(…)» modifica un dato: las plantillas solo leen sus datos",
                                  "quite esa operación; calcule el valor con un filtro o en una variable nueva "
                                  "({% set … %})"))
        elif isinstance(llamada.node, nodes.Name) and llamada.node.name == "lipsum":
            riesgos.append(Riesgo("error", llamada, "lipsum", "«lipsum()» no existe en las plantillas",
                                  "escriba el texto de relleno directamente"))
        tamano = _tamano_rango(llamada)
        if tamano is not None and tamano > MAX_RANGO:
            riesgos.append(Riesgo("error", llamada, "range", f"«range(…)» pide {tamano:,} números; el máximo es "
                                  f"{MAX_RANGO:,}".replace(",", " "), "use un intervalo más pequeño"))
    for bucle in arbol.find_all(nodes.For):
        total = _tamano_rango(bucle.iter)
        if total is None:
            continue
        for interior in bucle.find_all(nodes.For):
            adentro = _tamano_rango(interior.iter)
            if adentro is not None and total * adentro > MAX_PASOS:
                riesgos.append(Riesgo("error", interior, "for",
                                      f"dos ciclos anidados repiten {total * adentro:,} veces: la generación se "
                                      f"detendría al pasar de {MAX_PASOS:,} pasos".replace(",", " "),
                                      "reduzca los intervalos de los ciclos"))
            elif adentro is not None and total * adentro > MAX_PASOS // 20:
                riesgos.append(Riesgo("aviso", interior, "for",
                                      f"dos ciclos anidados repiten {total * adentro:,} veces: el documento "
                                      "tardará en generarse".replace(",", " "), "¿hacen falta tantas repeticiones?"))
    macros = {m.name: m for m in arbol.find_all(nodes.Macro)}
    for nombre, macro in macros.items():
        if any(isinstance(c.node, nodes.Name) and c.node.name == nombre for c in macro.find_all(nodes.Call)):
            riesgos.append(Riesgo("aviso", macro, nombre, f"la macro «{nombre}» se llama a sí misma: si su condición "
                                  f"no la detiene, la generación se parará a las {MAX_ANIDACION} llamadas anidadas",
                                  "compruebe que siempre llega a un caso que no se llama de nuevo"))
    return riesgos
