"""A draft schema for a new template: every variable it uses, with its type inferred and an example.

``archivo plantillas esquema RUTA.docx`` writes ``RUTA.yaml`` beside it (never over an existing one) so that nobody
has to write YAML from nothing. The template is read as the renderer reads it (docxtpl's preprocessing, then the
archive's Jinja environment) and every name it uses is classified by how it is used:

* a date filter (``fecha_larga``, ``fecha_corta``, ``mes_anio``, ``fecha_con_dia``, ``mas_dias_habiles``) → fecha;
* ``moneda``, ``moneda_letras``, ``moneda_completa`` → moneda; ``numero``, ``calificacion``, ``letras`` → número;
* iterated (``{% for x in v %}``) → lista, or tabla when the loop reads ``x.columna`` (one column each);
* read as ``v.nombre_completo``, ``v.cargo``… (a padrón record) → persona;
* only tested (``{% if v %}``) → booleano; written as ``{{ v }}`` → texto; ``|default(…)`` → optional.

The system variables (``institucion``, ``folio``, ``fecha``…) are not fields. Each field gets a description to
complete («COMPLETE: …») and an example of its type; the draft validates as it is, and ``archivo generar NOMBRE
--ejemplo`` fills the template with those examples once they are real (a persona needs a clave of the padrón).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import atomic_write_text
from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.esquema import CLAVES_PERSONA, NOMBRE_VALIDO, VARIABLES_SISTEMA
from archivo.plantillas.render import PlantillaCompilada

FILTROS_FECHA = {"fecha_larga", "fecha_con_dia", "fecha_corta", "mes_anio", "mas_dias_habiles"}
FILTROS_MONEDA = {"moneda", "moneda_letras", "moneda_completa"}
FILTROS_NUMERO = {"numero", "calificacion", "letras", "ordinal_femenino", "punto_acuerdo", "romano", "int", "float"}
# Attributes that only a padrón record has (``v.cargo`` alone could be anything; ``v.nombre_completo`` is a persona).
ATRIBUTOS_PERSONA = set(CLAVES_PERSONA) - {"nombre", "fecha_baja", "alta", "modificado"}
_GLOBALES = {"loop", "range", "lipsum", "dict", "cycler", "joiner", "namespace", "true", "false", "none"}

EJEMPLOS = {
    "texto": "Texto de ejemplo", "fecha": "2025-01-15", "número": 1, "moneda": 1500.0, "booleano": True,
    "persona": "SPEN-0001", "imagen": "firma.png",
}


@dataclass
class Uso:
    """How a name is used in the template (filled while walking the Jinja tree)."""

    nombre: str
    filtros: set[str] = field(default_factory=set)
    atributos: set[str] = field(default_factory=set)
    iterado: bool = False
    columnas: dict[str, set[str]] = field(default_factory=dict)  # column -> filters used on it
    escrito: bool = False
    probado: bool = False
    con_omision: bool = False

    def tipo(self) -> str:
        if self.iterado:
            return "tabla" if self.columnas else "lista"
        if self.atributos & ATRIBUTOS_PERSONA:
            return "persona"
        if self.filtros & FILTROS_FECHA:
            return "fecha"
        if self.filtros & FILTROS_MONEDA:
            return "moneda"
        if self.filtros & FILTROS_NUMERO:
            return "número"
        if self.probado and not self.escrito and not self.atributos:
            return "booleano"
        return "texto"

    def razon(self) -> str:
        tipo = self.tipo()
        if tipo == "tabla":
            return "se recorre con {% for %} y se leen sus columnas"
        if tipo == "lista":
            return "se recorre con {% for %}"
        if tipo == "persona":
            return f"se leen datos del padrón: {', '.join(sorted(self.atributos & ATRIBUTOS_PERSONA))}"
        if tipo in ("fecha", "moneda", "número"):
            return f"se usa con |{sorted(self.filtros & (FILTROS_FECHA | FILTROS_MONEDA | FILTROS_NUMERO))[0]}"
        if tipo == "booleano":
            return "solo se usa como condición ({% if %})"
        return "se escribe tal cual"


def _tipo_columna(filtros: set[str]) -> str:
    if filtros & FILTROS_FECHA:
        return "fecha"
    if filtros & FILTROS_MONEDA:
        return "moneda"
    if filtros & FILTROS_NUMERO:
        return "número"
    return "texto"


class _Recorrido:
    def __init__(self) -> None:
        self.usos: dict[str, Uso] = {}

    def uso(self, nombre: str) -> Uso:
        return self.usos.setdefault(nombre, Uso(nombre))

    def raiz_de(self, nodo: Any, ligados: dict[str, str | None]) -> tuple[str | None, str | None, list[str]]:
        """For ``a.b.c`` (Getattr/Getitem chains): (top-level field, loop field it comes from, attribute path)."""
        from jinja2 import nodes  # heavy library: imported where used (fast start)

        ruta: list[str] = []
        while isinstance(nodo, nodes.Getattr | nodes.Getitem):
            if isinstance(nodo, nodes.Getattr):
                ruta.insert(0, nodo.attr)
            elif isinstance(nodo.arg, nodes.Const) and isinstance(nodo.arg.value, str):
                ruta.insert(0, nodo.arg.value)
            nodo = nodo.node
        if not isinstance(nodo, nodes.Name):
            return None, None, ruta
        if nodo.name in ligados:
            return None, ligados[nodo.name], ruta
        return nodo.name, None, ruta

    def visitar(self, nodo: Any, ligados: dict[str, str | None], marcas: frozenset[str] = frozenset()) -> None:
        """Walk ``nodo``. ``marcas`` say how the value at hand is used: «salida» (written), «prueba» (a
        condition), «iterado», «omision» (has a default), «filtro:NAME» (each filter applied to it)."""
        from jinja2 import nodes  # heavy library: imported where used (fast start)

        if isinstance(nodo, nodes.For):
            self.visitar(nodo.iter, ligados, frozenset({"iterado"}))
            base = nodo.iter
            while isinstance(base, nodes.Filter) and base.node is not None:
                base = base.node
            origen, _, _ = self.raiz_de(base, ligados)
            nuevos = dict(ligados)
            for nombre in _nombres_destino(nodo.target):
                nuevos[nombre] = origen
            for hijo in [*nodo.body, *nodo.else_]:
                self.visitar(hijo, nuevos)
            if nodo.test is not None:
                self.visitar(nodo.test, nuevos, frozenset({"prueba"}))
            return
        if isinstance(nodo, nodes.If):
            self.visitar(nodo.test, ligados, frozenset({"prueba"}))
            for hijo in [*nodo.body, *nodo.elif_, *nodo.else_]:
                self.visitar(hijo, ligados)
            return
        if isinstance(nodo, nodes.Output):
            for hijo in nodo.nodes:
                self.visitar(hijo, ligados, frozenset({"salida"}))
            return
        if isinstance(nodo, nodes.Assign | nodes.AssignBlock):
            for nombre in _nombres_destino(nodo.target):
                ligados[nombre] = None
            for hijo in nodo.iter_child_nodes():
                if hijo is not nodo.target:
                    self.visitar(hijo, ligados)
            return
        if isinstance(nodo, nodes.Filter):
            if nodo.node is not None:
                extra = "omision" if nodo.name == "default" else f"filtro:{nodo.name}"
                self.visitar(nodo.node, ligados, marcas | {extra})
            for hijo in [*nodo.args, *(k.value for k in nodo.kwargs)]:
                self.visitar(hijo, ligados)
            return
        if isinstance(nodo, nodes.Test):
            self.visitar(nodo.node, ligados, frozenset({"omision" if nodo.name == "defined" else "prueba"}))
            for hijo in [*nodo.args, *(k.value for k in nodo.kwargs)]:
                self.visitar(hijo, ligados)
            return
        if isinstance(nodo, nodes.Getattr | nodes.Getitem | nodes.Name):
            campo, de_lazo, ruta = self.raiz_de(nodo, ligados)
            if campo is not None and campo not in _GLOBALES:
                u = self.uso(campo)
                if ruta:  # a default on «v.cargo» protects the attribute, not the field
                    u.atributos.add(ruta[0])
                    marcas = marcas - {"omision"}
                self._marcar(u, marcas)
            elif de_lazo is not None and ruta:
                columnas = self.uso(de_lazo).columnas.setdefault(ruta[0], set())
                columnas.update(m.split(":", 1)[1] for m in marcas if m.startswith("filtro:"))
            base, indexado = nodo, False
            while isinstance(base, nodes.Getattr | nodes.Getitem):
                if isinstance(base, nodes.Getitem):
                    indexado |= isinstance(base.arg, nodes.Const) and isinstance(base.arg.value, int)
                    self.visitar(base.arg, ligados)
                base = base.node
            if campo is None and de_lazo is None and not isinstance(base, nodes.Name):
                # «(v|default([]))[0]»: the value inside is used (a list, when indexed by number)
                self.visitar(base, ligados, marcas | ({"iterado"} if indexado else frozenset()))
            return
        # a condition or an expression keeps its marks for its operands (``a if b else c``, ``a ~ b``)
        heredar = isinstance(nodo, nodes.CondExpr | nodes.BinExpr | nodes.Concat | nodes.UnaryExpr)
        for hijo in nodo.iter_child_nodes():
            self.visitar(hijo, ligados, marcas if heredar else frozenset())

    @staticmethod
    def _marcar(u: Uso, marcas: frozenset[str]) -> None:
        u.escrito |= "salida" in marcas
        u.probado |= "prueba" in marcas
        u.iterado |= "iterado" in marcas
        u.con_omision |= "omision" in marcas
        u.filtros |= {m.split(":", 1)[1] for m in marcas if m.startswith("filtro:")}


def _nombres_destino(objetivo: Any) -> list[str]:
    from jinja2 import nodes  # heavy library: imported where used (fast start)

    if isinstance(objetivo, nodes.Name):
        return [objetivo.name]
    if isinstance(objetivo, nodes.Tuple):
        return [n for item in objetivo.items for n in _nombres_destino(item)]
    return []


def usos(docx: Path) -> list[Uso]:
    """Every field the template uses (system variables left out), in alphabetical order."""
    from jinja2 import TemplateSyntaxError  # heavy library: imported where used (fast start)

    try:
        pc = PlantillaCompilada(Path(docx).read_bytes(), entorno_jinja())
    except TemplateSyntaxError as e:
        raise EntradaInvalida(f"{Path(docx).name} tiene un error de sintaxis ({e.message}); revísela con «archivo "
                              f"plantillas verificar {docx}» antes de escribir su esquema.") from None
    except Exception as e:  # not a Word document: python-docx/lxml raise many kinds
        raise EntradaInvalida(f"No se pudo leer {Path(docx).name} como documento de Word ({type(e).__name__}).") from None
    recorrido = _Recorrido()
    for fuente in pc.fuentes.values():
        recorrido.visitar(pc.env.parse(fuente), {})
    return [u for n, u in sorted(recorrido.usos.items()) if n not in VARIABLES_SISTEMA]


def _campo(u: Uso) -> dict[str, Any]:
    tipo = u.tipo()
    campo: dict[str, Any] = {"nombre": u.nombre, "tipo": tipo, "requerido": not u.con_omision,
                             "descripcion": f"COMPLETE: qué debe escribir quien llena «{u.nombre}»."}
    if tipo == "tabla":
        campo["columnas"] = [{"nombre": c, "tipo": _tipo_columna(f), "descripcion": f"COMPLETE: la columna «{c}»"}
                             for c, f in sorted(u.columnas.items())]
        campo["ejemplo"] = [{c: EJEMPLOS[_tipo_columna(f)] if _tipo_columna(f) != "texto" else f"{c} 1"
                             for c, f in sorted(u.columnas.items())}]
    elif tipo == "lista":
        campo["ejemplo"] = [f"Primer elemento de {u.nombre}", f"Segundo elemento de {u.nombre}"]
    elif tipo == "texto":
        campo["ejemplo"] = f"Texto de ejemplo de {u.nombre}"
    else:
        campo["ejemplo"] = EJEMPLOS[tipo]
    return campo


def escribir_borrador(docx: Path, destino: Path | None = None) -> tuple[Path, list[Uso]]:
    """Write the draft schema of ``docx`` (default: beside it, same name .yaml). Never overwrites."""
    docx = Path(docx)
    if not docx.is_file():
        raise EntradaInvalida(f"No existe el archivo {docx}.")
    if docx.suffix.lower() != ".docx":
        raise EntradaInvalida(f"{docx.name} no es una plantilla de Word (.docx).")
    destino = Path(destino) if destino else docx.with_suffix(".yaml")
    if destino.exists():
        raise ArchivoError(f"{destino} ya existe y no se sobrescribe. Para empezar de nuevo, cámbiele el nombre o "
                           "bórrelo; para revisar el que tiene, «archivo plantillas verificar».")
    encontrados = usos(docx)
    invalidos = [u.nombre for u in encontrados if not NOMBRE_VALIDO.match(u.nombre)]
    if invalidos:
        raise EntradaInvalida(f"{docx.name} usa nombres que un esquema no admite: {', '.join(invalidos)}. Corríjalos "
                              f"(«archivo plantillas verificar {docx}» dice cómo) y vuelva a intentarlo.")
    nombre = docx.stem
    lineas = [
        f"# Borrador del esquema de {docx.name}, escrito por «archivo plantillas esquema».",
        "# Complete cada «COMPLETE:» y cambie los ejemplos por valores reales; revíselo con",
        f"# «archivo plantillas verificar {nombre}». Cada campo dice por qué se le dio su tipo.",
        yaml.safe_dump({"nombre": nombre}, allow_unicode=True, width=1000).strip(),
        yaml.safe_dump({"titulo": nombre.replace("-", " ").capitalize()}, allow_unicode=True, width=1000).strip(),
        "# tipo de documento: oficio, tarjeta-informativa, circular, acuerdo-comision, acuerdo-consejo, dictamen,",
        "# informe o lista",
        "tipo: oficio",
        "# serie de folio: una de [folios] de archivo.toml",
        "serie: oficio",
        "# el papel del área que emite (direccion, coordinacion-servicio, vinculacion-ine…): [roles] de archivo.toml",
        "area: direccion",
        "descripcion: 'COMPLETE: para qué sirve el documento y cuándo se usa.'",
        "# pasos de procedimiento a los que sirve, como tipo-de-procedimiento:número (p. ej. concurso-publico:6)",
        "pasos: []",
        "campos:" if encontrados else "campos: []",
    ]
    for u in encontrados:
        lineas.append(f"# {u.nombre}: {u.tipo()} porque {u.razon()}"
                      + ("; opcional porque tiene |default" if u.con_omision else ""))
        bloque = yaml.safe_dump([_campo(u)], allow_unicode=True, sort_keys=False, width=110)
        lineas.extend(bloque.rstrip("\n").split("\n"))
    atomic_write_text(destino, "\n".join(lineas) + "\n", overwrite=False)
    return destino, encontrados
