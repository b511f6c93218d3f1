"""``archivo plantillas verificar``: every problem of a Word template at once, with its place and text.

The check works on the XML parts of the .docx package (body, headers, footers, footnotes, endnotes and the
document properties), so it also runs on packages python-docx cannot open. For each paragraph it looks at the
text Word shows (the ``w:t`` runs joined) and finds the Jinja tags, what Word did to them (tags split across
paragraphs or across a hyperlink, curly quotes, a dash instead of a hyphen), fields of other template
languages and names Jinja cannot use. Then it runs exactly the preprocessing docxtpl runs before rendering
(``DocxTemplate.patch_xml``) and parses each part with ``plantillas.entorno_jinja()``: block errors (an
``{% if %}`` never closed, a stray ``{% endfor %}``) are mapped back to the paragraph, the offending tag is
neutralised and parsing goes on, so one error never hides the next. Finally the variables the template uses are
compared with its schema (``NOMBRE.yaml``) and ``esquema.VARIABLES_SISTEMA``.

Severities: «error» means the document cannot be generated, or comes out wrong; «aviso» means it will be
generated but something deserves a look (the renderer fixes curly quotes, a declared field is never used…).
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import meta, nodes
from jinja2.exceptions import TemplateError, TemplateSyntaxError
from lxml import etree

from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.lectura import leer_yaml
from archivo.base.raiz import Raiz
from archivo.base.valores import sin_acentos
from archivo.plantillas import conjunto, limites, roles
from archivo.plantillas.conjunto import entorno_jinja, ruta_docx, rutas_plantillas
from archivo.plantillas.esquema import CLAVES_PERSONA, VARIABLES_SISTEMA, Esquema, cargar_esquema

ERROR = "error"
AVISO = "aviso"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(nombre: str) -> str:
    return f"{{{W}}}{nombre}"


W_P, W_T, W_TBL, W_TR, W_TC, W_BODY = _w("p"), _w("t"), _w("tbl"), _w("tr"), _w("tc"), _w("body")
W_SDT, W_SDTCONTENT, W_CUSTOMXML, W_TXBX = _w("sdt"), _w("sdtContent"), _w("customXml"), _w("txbxContent")
W_DELTEXT, W_INSTRTEXT, W_FLDSIMPLE = _w("delText"), _w("instrText"), _w("fldSimple")
MC_FALLBACK = f"{{{MC}}}Fallback"
_MARCA = "vpu"  # attribute added to every w:p before serialising: maps Jinja's line numbers to paragraphs

# Elements a tag may enclose that docxtpl's joining of runs would delete (see _revisar_interior).
_CONTENIDO_PERDIDO = {
    _w("fldChar"): "un campo de Word (número de página, fecha…)",
    _w("instrText"): "un campo de Word (número de página, fecha…)",
    _w("fldSimple"): "un campo de Word (número de página, fecha…)",
    _w("drawing"): "una imagen u objeto",
    _w("pict"): "una imagen u objeto",
    _w("object"): "una imagen u objeto",
    _w("footnoteReference"): "la llamada de una nota al pie",
    _w("endnoteReference"): "la llamada de una nota final",
    _w("commentReference"): "un comentario",
}
# Containers a tag must not straddle: docxtpl would leave the XML unbalanced.
_CONTENEDORES = {
    "hyperlink": "un hipervínculo",
    "ins": "un cambio controlado (texto insertado)",
    "del": "un cambio controlado (texto eliminado)",
    "moveTo": "un cambio controlado (texto movido)",
    "moveFrom": "un cambio controlado (texto movido)",
    "sdt": "un control de contenido",
    "sdtContent": "un control de contenido",
    "smartTag": "una etiqueta inteligente de Word",
    "fldSimple": "un campo de Word",
    "customXml": "un elemento XML personalizado",
    "r": "un fragmento de texto",
}

_CIERRE = {"{": "}}", "%": "%}", "#": "#}"}
_ABRE = re.compile(r"\{[{%#]")
_PREFIJO = re.compile(r"^\{([{%])(p|tr|tc|r) ")
_PREFIJO_COMENTARIO = re.compile(r"^\{#(p|tr|tc) ")
_COMILLAS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_ABREN_BLOQUE = {"if", "for", "with", "macro", "call", "filter", "autoescape", "block", "raw"}
_CIERRAN_BLOQUE = {f"end{k}" for k in _ABREN_BLOQUE} | {"endset"}
_INTERMEDIAS = {"else", "elif"}
_DOCXTPL_CELDA = {"cellbg", "colspan", "vm", "hm"}
_NO_PERMITIDAS = {"include", "import", "from", "extends"}

# Placeholders of other template languages (searched in the text outside Jinja tags).
_DOCXTEMPLATER = re.compile(r"\{[#/^@]\s*[A-Za-z_][\w.\-]*\s*\}")
_DOLAR_LLAVE = re.compile(r"\$\{\s*([^{}]{1,60}?)\s*\}")
_LLAVE_SIMPLE = re.compile(r"(?<![{$\w_])\{\s*([^\W\d][\w.\-]*(?: [\w.\-]+){0,5})\s*\}(?![}_])")
_CORCHETES = re.compile(r"\[\s*([^\[\]\n]{1,60}?)\s*\]")
_ANGULARES = re.compile(r"«\s*([^«»\s]{2,60})\s*»")
_DOBLE_ANGULO = re.compile(r"<<\s*([^<>]{2,60}?)\s*>>")
_IDENTIFICADOR = re.compile(r"^[^\W\d]\w*$")
_ROMANO = re.compile(r"^[IVXLCDM]+$")
# Words editors put between brackets in legal texts: never template fields.
_CORCHETES_NORMALES = {"sic", "sic.", "sics", "nota", "énfasis", "enfasis", "del", "las", "los", "una", "uno",
                       "que", "por", "con", "sus", "ella", "ellas", "ellos", "este", "esta", "dicho", "dicha",
                       "sin", "para", "otro", "otra", "etc", "etc.", "omissis", "ilegible", "rúbrica", "rubrica",
                       "firma", "sello"}


@dataclass(frozen=True)
class ProblemaPlantilla:
    """One problem of a template: where, what, how to fix it, and the text around it."""

    severidad: str  # "error" | "aviso"
    tipo: str  # short code: sintaxis, etiqueta-partida, comillas, nombre-invalido, marcador-ajeno…
    lugar: str
    mensaje: str
    sugerencia: str = ""
    contexto: str = ""
    orden: tuple[int, int] = (0, 0)  # (part, paragraph): keeps the report in document order

    def como_dict(self) -> dict[str, str]:
        return {"severidad": self.severidad, "tipo": self.tipo, "lugar": self.lugar, "mensaje": self.mensaje,
                "sugerencia": self.sugerencia, "contexto": self.contexto}

    def __str__(self) -> str:
        texto = f"{self.lugar}: {self.mensaje}"
        if self.sugerencia:
            texto += f" ({self.sugerencia})"
        return texto


@dataclass
class InformeVerificacion:
    """The result of checking one .docx: its problems and the variables it uses."""

    archivo: Path
    esquema: Path | None
    problemas: list[ProblemaPlantilla] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)

    @property
    def errores(self) -> list[ProblemaPlantilla]:
        return [p for p in self.problemas if p.severidad == ERROR]

    @property
    def avisos(self) -> list[ProblemaPlantilla]:
        return [p for p in self.problemas if p.severidad == AVISO]

    @property
    def correcta(self) -> bool:
        return not self.errores

    def como_dict(self) -> dict[str, Any]:
        return {"archivo": str(self.archivo), "esquema": str(self.esquema) if self.esquema else None,
                "errores": len(self.errores), "avisos": len(self.avisos), "variables": self.variables,
                "problemas": [p.como_dict() for p in self.problemas]}


# ---------------------------------------------------------------------------------------------- paragraphs


@dataclass
class _Etiqueta:
    inicio: int
    fin: int
    texto: str

    @property
    def clase(self) -> str:
        return self.texto[1]  # "{", "%" or "#"


@dataclass
class _Unidad:
    """One paragraph (or a document property): its place and the text Word shows."""

    indice: int
    lugar: str
    texto: str = ""
    elemento: Any = None  # the w:p element (None for document properties)
    segmentos: list[tuple[int, Any]] = field(default_factory=list)  # (offset in texto, w:t element)
    oculto: str = ""  # text of w:delText / w:instrText: invisible in Word, but Jinja reads it
    campos: list[str] = field(default_factory=list)  # field codes (instrText joined, fldSimple/@instr)
    celda: Any = None
    fila: Any = None
    etiquetas: list[_Etiqueta] = field(default_factory=list)
    nombres: set[str] = field(default_factory=set)  # names read in its tags (for locating variables)
    error_sintaxis: bool = False


@dataclass
class _Parte:
    nombre: str  # zip member name (or "propiedades")
    descripcion: str
    orden: int
    raiz: Any = None  # the element docxtpl serialises (w:body for the main document)
    unidades: list[_Unidad] = field(default_factory=list)
    parchear: bool = True  # docxtpl runs patch_xml on it (not on document properties)
    texto_directo: str = ""  # for document properties: the template text itself
    renderizada: bool = True  # endnotes are not rendered by docxtpl


def _hijos(elemento: Any, etiquetas: set[str]) -> list[Any]:
    """Children with one of ``etiquetas``, looking through content controls and custom XML wrappers."""
    salida = []
    for hijo in elemento:
        if hijo.tag == W_SDT:
            contenido = hijo.find(W_SDTCONTENT)
            if contenido is not None:
                salida.extend(_hijos(contenido, etiquetas))
        elif hijo.tag == W_CUSTOMXML:
            salida.extend(_hijos(hijo, etiquetas))
        elif hijo.tag in etiquetas:
            salida.append(hijo)
    return salida


class _Recolector:
    """Walks a part in document order and makes one _Unidad per paragraph with its Spanish place."""

    def __init__(self) -> None:
        self.unidades: list[_Unidad] = []

    def bloques(self, contenedor: Any, prefijo: str, siempre_parrafo: bool, tabla_prefijo: str,
                celda: Any = None, fila: Any = None) -> None:
        hijos = _hijos(contenedor, {W_P, W_TBL})
        total = sum(1 for h in hijos if h.tag == W_P)
        n_parrafo = n_tabla = 0
        for hijo in hijos:
            if hijo.tag == W_P:
                n_parrafo += 1
                lugar = f"{prefijo}, párrafo {n_parrafo}" if (siempre_parrafo or total > 1) else prefijo
                self.parrafo(hijo, lugar, celda, fila)
            else:
                n_tabla += 1
                base = f"{tabla_prefijo}tabla {n_tabla}"
                for i_fila, tr in enumerate(_hijos(hijo, {W_TR}), start=1):
                    for i_celda, tc in enumerate(_hijos(tr, {W_TC}), start=1):
                        lugar_celda = f"{base}, fila {i_fila}, celda {i_celda}"
                        self.bloques(tc, lugar_celda, False, f"{lugar_celda}, ", tc, tr)

    def parrafo(self, p: Any, lugar: str, celda: Any, fila: Any) -> None:
        unidad = _Unidad(indice=len(self.unidades), lugar=lugar, elemento=p, celda=celda, fila=fila)
        self.unidades.append(unidad)
        partes: list[str] = []
        instr: list[str] = []
        cajas: list[Any] = []

        def visitar(elemento: Any) -> None:
            for hijo in elemento:
                etiqueta = hijo.tag
                if not isinstance(etiqueta, str):
                    continue  # comments, processing instructions
                if etiqueta == W_TXBX:
                    cajas.append(hijo)
                elif etiqueta in (W_P, MC_FALLBACK):
                    continue  # nested paragraphs are their own units; Fallback duplicates the Choice
                elif etiqueta == W_T:
                    texto = hijo.text or ""
                    unidad.segmentos.append((sum(map(len, partes)), hijo))
                    partes.append(texto)
                elif etiqueta in (W_DELTEXT, W_INSTRTEXT):
                    unidad.oculto += hijo.text or ""
                    if etiqueta == W_INSTRTEXT:
                        instr.append(hijo.text or "")
                    visitar(hijo)
                else:
                    if etiqueta == W_FLDSIMPLE:
                        unidad.campos.append(hijo.get(_w("instr"), ""))
                    visitar(hijo)

        visitar(p)
        unidad.texto = "".join(partes)
        if instr:
            unidad.campos.append("".join(instr))
        for k, caja in enumerate(cajas, start=1):
            self.bloques(caja, f"{lugar}, cuadro de texto {k}" if len(cajas) > 1 else f"{lugar}, cuadro de texto",
                         False, f"{lugar}, cuadro de texto, ")


def _contexto(texto: str, inicio: int = 0, fin: int | None = None) -> str:
    """About 60 characters of the paragraph around [inicio, fin), whitespace collapsed."""
    if fin is None:
        fin = inicio
    limpio = texto.replace("\t", " ")
    if len(limpio) <= 80:
        return re.sub(r"\s+", " ", limpio).strip()
    antes = max(0, inicio - 30)
    despues = min(len(limpio), max(fin, inicio) + 30)
    trozo = re.sub(r"\s+", " ", limpio[antes:despues]).strip()
    return ("…" if antes > 0 else "") + trozo + ("…" if despues < len(limpio) else "")


def _breve(texto: str, largo: int = 40) -> str:
    texto = re.sub(r"\s+", " ", texto).strip()
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


# ------------------------------------------------------------------------------------------------- tags


def _tokenizar(texto: str, docxtemplater: bool = False) -> tuple[list[_Etiqueta], list[_Etiqueta], list[_Etiqueta]]:
    """Jinja tags of ``texto`` as Jinja's lexer splits them: (complete tags, unclosed openers, docxtemplater)."""
    etiquetas: list[_Etiqueta] = []
    abiertas: list[_Etiqueta] = []
    ajenas: list[_Etiqueta] = []
    i = 0
    while (m := _ABRE.search(texto, i)) is not None:
        if docxtemplater and m.group() == "{#" and (d := _DOCXTEMPLATER.match(texto, m.start())):
            ajenas.append(_Etiqueta(d.start(), d.end(), d.group()))
            i = d.end()
            continue
        cierre = _CIERRE[m.group()[1]]
        j = texto.find(cierre, m.end())
        if j < 0:
            abiertas.append(_Etiqueta(m.start(), m.end(), m.group()))
            i = m.end()
            continue
        etiquetas.append(_Etiqueta(m.start(), j + 2, texto[m.start(): j + 2]))
        i = j + 2
    return etiquetas, abiertas, ajenas


def _partes_bloque(texto: str) -> tuple[str, str, str]:
    """For a ``{% … %}`` tag: (docxtpl prefix, keyword, content without delimiters/prefix)."""
    prefijo = ""
    if m := _PREFIJO.match(texto):
        prefijo = m.group(2)
        texto = "{" + m.group(1) + " " + texto[m.end():]
    contenido = texto[2:-2]
    contenido = contenido.strip()
    if contenido[:1] in "-+":
        contenido = contenido[1:]
    if contenido[-1:] in "-+":
        contenido = contenido[:-1]
    contenido = contenido.strip()
    palabra = re.match(r"[^\W\d]\w*", contenido)
    return prefijo, (palabra.group() if palabra else ""), contenido


def _normalizar(texto: str) -> str:
    """A tag reduced to what matters for comparing it across the XML and the visible text."""
    texto = texto.translate(_COMILLAS)
    if m := _PREFIJO.match(texto):
        texto = "{" + m.group(1) + " " + texto[m.end():]
    elif m := _PREFIJO_COMENTARIO.match(texto):
        texto = "{# " + texto[m.end():]
    cuerpo = texto[2:-2].strip().strip("-+").strip()
    return texto[:2] + re.sub(r"\s+", " ", cuerpo) + texto[-2:]




_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "el final del texto",
    "name": "un nombre",
    "integer": "un número",
    "string": "un texto entre comillas",
    "operator": "un operador",
}


def _token(nombre: str) -> str:
    return _TOKENS.get(nombre, nombre)


def _traducir(mensaje: str) -> tuple[str, str]:
    """Jinja's syntax message in Spanish, with a suggestion when the cause is a usual one."""
    if m := re.match(r"unexpected char '(.)'", mensaje):
        c = m.group(1)
        if c in "«»":
            return (f"la etiqueta tiene comillas angulares «{c}»",
                    'escriba los textos entre comillas rectas " o \'')
        if c in "–—":
            return (f"la etiqueta tiene una raya «{c}» en lugar de un guion", "Word cambió «-» por «–»: corríjalo")
        if c in "…":
            return "la etiqueta tiene puntos suspensivos «…» (un solo carácter)", "escriba tres puntos o quítelos"
        if c in "“”‘’":
            return f"comillas tipográficas «{c}» que no se pueden corregir aquí", "use comillas rectas"
        return f"la etiqueta tiene un carácter no permitido «{c}»", "bórrelo o escríbalo dentro de comillas"
    if m := re.match(r"expected token '([^']+)', got '([^']+)'", mensaje):
        esperado, hallado = _token(m.group(1)), _token(m.group(2))
        if m.group(1) in ("end of print statement", "end of statement block"):
            return (f"sobra «{hallado}» antes de cerrar la etiqueta con «{esperado}»",
                    "un nombre no puede tener espacios ni llaves dentro")
        return f"se esperaba {esperado} y hay «{hallado}»", ""
    if m := re.match(r"Expected an expression, got '([^']+)'", mensaje):
        return "la etiqueta está vacía o le falta el nombre o valor", "escriba el nombre de la variable"
    if m := re.match(r"unexpected end of template, expected '([^']+)'", mensaje):
        return f"la etiqueta está incompleta: falta {_token(m.group(1))}", ""
    if m := re.match(r"unexpected '([^']+)'(?:, expected '([^']+)')?", mensaje):
        if m.group(2):
            return f"sobra «{m.group(1)}»: se esperaba «{m.group(2)}»", "revise paréntesis y comillas"
        return f"sobra «{m.group(1)}»", "revise paréntesis, llaves y comillas"
    if mensaje.startswith("Missing end of comment tag"):
        return "un comentario «{#» no se cierra con «#}»", "agregue «#}» o borre «{#»"
    if m := re.match(r"Encountered unknown tag '(\w+)'", mensaje):
        return f"etiqueta desconocida «{m.group(1)}»", ""
    if mensaje.startswith("Unexpected end of template"):
        return "un bloque abierto no se cierra", ""
    return f"la etiqueta no es válida para Jinja ({mensaje})", ""


@dataclass
class _Revision:
    """What a single tag looks like to Jinja."""

    errores: list[tuple[str, str, str]] = field(default_factory=list)  # (tipo, mensaje, sugerencia)
    ast: Any = None
    prefijo: str = ""
    palabra: str = ""
    guiones: list[str] = field(default_factory=list)
    comillas: bool = False

    @property
    def sintaxis(self) -> bool:
        return any(t == "sintaxis" for t, _, _ in self.errores)


def _revisar_etiqueta(env: Any, texto: str, en_celda: bool, corregir_comillas: bool = True) -> _Revision:
    """Check one complete tag on its own (blocks get a synthetic end so they parse alone)."""
    r = _Revision()
    r.comillas = any(c in texto for c in "“”‘’")
    if corregir_comillas:
        texto = texto.translate(_COMILLAS)
    if texto.startswith("{#"):
        m = _PREFIJO_COMENTARIO.match(texto)
        if m and m.group(1) in ("tr", "tc") and not en_celda:
            r.errores.append(("fuera-de-tabla", f"«{{#{m.group(1)} …#}}» solo funciona dentro de una tabla",
                              "use un comentario normal {# … #}"))
        return r
    if texto.startswith("{{"):
        if m := _PREFIJO.match(texto):
            r.prefijo = m.group(2)
            texto = "{{ " + texto[m.end():]
        fuente = texto
    else:
        r.prefijo, r.palabra, contenido = _partes_bloque(texto)
        palabra = r.palabra
        cuerpo = "{% " + contenido + " %}"
        if palabra in _ABREN_BLOQUE - {"raw"}:
            fuente = cuerpo + "{% end" + palabra + " %}"
        elif palabra == "raw":
            fuente = "{% raw %}{% endraw %}" if contenido == "raw" else cuerpo
        elif palabra == "set":
            fuente = cuerpo if "=" in contenido else cuerpo + "{% endset %}"
        elif palabra in _INTERMEDIAS:
            fuente = "{% if true %}" + cuerpo + "{% endif %}"
        elif palabra in _CIERRAN_BLOQUE:
            if contenido != palabra:
                r.errores.append(("sintaxis", f"«{{% {palabra} %}}» no lleva nada más", f"escriba {{% {palabra} %}}"))
            fuente = ""
        elif palabra in _DOCXTPL_CELDA:
            if not en_celda:
                r.errores.append(("fuera-de-tabla", f"«{{% {palabra} … %}}» solo funciona dentro de una celda de tabla",
                                  "muévala a la celda que debe combinar o colorear, o bórrela"))
            resto = contenido[len(palabra):].strip()
            fuente = ("{{ " + resto + " }}") if palabra in ("cellbg", "colspan") and resto else ""
        elif palabra in _NO_PERMITIDAS:
            r.errores.append(("no-permitida", f"«{{% {palabra} %}}» no se permite en las plantillas",
                              "copie el texto en esta plantilla en lugar de traerlo de otra"))
            fuente = ""
        elif not palabra:
            r.errores.append(("sintaxis", "la etiqueta {% %} está vacía o no empieza con una instrucción",
                              "use {% if … %}, {% for … in … %}, {% else %}, {% endif %}…"))
            fuente = ""
        else:
            r.errores.append(("sintaxis", f"instrucción desconocida «{palabra}»",
                              "las instrucciones válidas son if, elif, else, for, set y sus end…"))
            fuente = ""
    if r.prefijo in ("tr", "tc") and not en_celda:
        r.errores.append(("fuera-de-tabla", f"«{texto[:2]}{r.prefijo} …» solo funciona dentro de una tabla",
                          "quite «" + r.prefijo + "» o lleve la etiqueta a la fila o celda que debe repetir"))
    if not fuente:
        return r
    # Names Jinja reads as something else: firma-pro-coordinador is a subtraction; accents are not allowed
    # in schema names.
    try:
        tokens = list(env.lex(fuente))
    except TemplateSyntaxError:
        tokens = []
    i = 0
    while i < len(tokens):
        _, tipo, valor = tokens[i]
        if tipo == "name":
            cadena = [valor]
            j = i
            while (j + 2 < len(tokens) and tokens[j + 1][1:] == ("operator", "-")
                   and tokens[j + 2][1] == "name"):
                cadena.append(tokens[j + 2][2])
                j += 2
            if len(cadena) > 1:
                r.guiones.append("-".join(cadena))
            for nombre in cadena:
                if not nombre.isascii():
                    r.errores.append(("nombre-invalido", f"«{nombre}» lleva acentos o ñ",
                                      f"los nombres de variable no pueden llevarlos: use «{sin_acentos(nombre)}» "
                                      "aquí y en el esquema"))
            i = j + 1
            continue
        i += 1
    for nombre in r.guiones:
        r.errores.append(("nombre-invalido",
                          f"«{nombre}» no es un nombre válido: Jinja lo lee como una resta "
                          f"({' menos '.join(nombre.split('-'))})",
                          f"use {nombre.replace('-', '_')} (guion bajo) aquí y en el esquema"))
    try:
        r.ast = env.parse(fuente)
    except TemplateSyntaxError as e:
        mensaje, sugerencia = _traducir(e.message or str(e))
        interior = texto[2:-2].strip(" -+")
        if re.fullmatch(r"[^\W\d]\w*(?:\s+\w+)+", interior) and texto.startswith("{{"):
            sugerencia = "un nombre no puede tener espacios: use " + re.sub(r"\s+", "_", interior)
        r.errores.append(("sintaxis", mensaje, sugerencia))
        return r
    for nodo in r.ast.find_all(nodes.Filter):
        if nodo.name not in env.filters:
            parecidos = difflib.get_close_matches(nodo.name, list(env.filters), n=1, cutoff=0.6)
            sugerencia = (f"¿quiso decir «{parecidos[0]}»?" if parecidos
                          else "filtros en español: " + ", ".join(_filtros_propios()))
            r.errores.append(("filtro-desconocido", f"el filtro «{nodo.name}» no existe", sugerencia))
    for nodo in r.ast.find_all(nodes.Test):
        if nodo.name not in env.tests:
            r.errores.append(("filtro-desconocido", f"la prueba «is {nodo.name}» no existe",
                              "use is defined, is none, is number, is string…"))
    for nodo in r.ast.find_all(nodes.Getattr):
        if nodo.attr.startswith("_"):
            r.errores.append(("no-permitida", f"«.{nodo.attr}» no está permitido en las plantillas",
                              "use solo los datos del documento"))
    if any(True for _ in r.ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
        r.errores.append(("no-permitida", "no se permite incluir otras plantillas", ""))
    return r


def _nombres_leidos(ast: Any) -> set[str]:
    return {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}


def _filtros_propios() -> list[str]:
    return sorted([*formato.FILTROS, "mas_dias_habiles"])


# --------------------------------------------------------------------------------------------- the check


class _Verificador:
    def __init__(self, ruta: Path, esquema: Esquema | None = None) -> None:
        self.ruta = ruta
        self.esquema = esquema
        self.env = entorno_jinja()
        self.problemas: list[ProblemaPlantilla] = []
        self.vistos: set[tuple[str, str, str]] = set()
        self.posibles: set[str] = set()  # names in tags that had to be neutralised (for "field never used")
        self.guiones: dict[str, str] = {}  # firma_pro_coordinador -> firma-pro-coordinador
        self.hay_etiquetas = False
        self.hay_ajenos = False
        self.partes: list[_Parte] = []
        self.cruzados: set[str] = set()  # block keywords of a crossed-nesting error already reported in a part
        self.corchetes: list[tuple[_Unidad, re.Match[str], tuple[int, int]]] = []
        self.corchetes_dudosos: list[tuple[_Unidad, re.Match[str], tuple[int, int]]] = []

    def agregar(self, severidad: str, tipo: str, lugar: str, mensaje: str, sugerencia: str = "",
                contexto: str = "", orden: tuple[int, int] = (0, 0)) -> None:
        clave = (lugar, mensaje, contexto)
        if clave in self.vistos:
            return
        self.vistos.add(clave)
        self.problemas.append(ProblemaPlantilla(severidad, tipo, lugar, mensaje, sugerencia, contexto, orden))

    # ---- the package

    def abrir(self) -> zipfile.ZipFile | None:
        nombre = self.ruta.name
        try:
            cabecera = self.ruta.read_bytes()[:8]
        except OSError as e:
            self.agregar(ERROR, "no-es-docx", nombre, f"no se pudo leer el archivo: {e.strerror or e}")
            return None
        if not cabecera:
            self.agregar(ERROR, "no-es-docx", nombre, "el archivo está vacío",
                         "vuelva a guardar la plantilla desde Word como .docx")
            return None
        if cabecera.startswith(b"\xd0\xcf\x11\xe0"):
            self.agregar(ERROR, "no-es-docx", nombre,
                         "es un documento de Word 97-2003 (.doc) o un .docx protegido con contraseña",
                         "ábralo en Word y guárdelo como «Documento de Word (.docx)», sin contraseña")
            return None
        if cabecera.startswith(b"%PDF"):
            self.agregar(ERROR, "no-es-docx", nombre, "es un PDF, no un documento de Word",
                         "use el .docx original de la plantilla")
            return None
        if cabecera.startswith(b"{\\rtf"):
            self.agregar(ERROR, "no-es-docx", nombre, "es un documento RTF, no un .docx",
                         "ábralo en Word y guárdelo como «Documento de Word (.docx)»")
            return None
        try:
            z = zipfile.ZipFile(self.ruta)
            nombres = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            self.agregar(ERROR, "no-es-docx", nombre, "no es un documento de Word .docx (no es un paquete ZIP)",
                         "guarde la plantilla desde Word como «Documento de Word (.docx)»")
            return None
        if "mimetype" in nombres and "content.xml" in nombres:
            self.agregar(ERROR, "no-es-docx", nombre, "es un documento de OpenDocument (.odt), no un .docx",
                         "ábralo en LibreOffice o Word y guárdelo como «Documento de Word (.docx)»")
            return None
        if self.documento_principal(z) not in nombres:
            self.agregar(ERROR, "no-es-docx", nombre, "no es un documento de Word: le falta word/document.xml",
                         "guarde la plantilla desde Word como «Documento de Word (.docx)»")
            return None
        return z

    @staticmethod
    def documento_principal(z: zipfile.ZipFile) -> str:
        try:
            rels = etree.fromstring(z.read("_rels/.rels"), _analizador())
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
            return "word/document.xml"
        for rel in rels.iter(f"{{{REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "word/document.xml").lstrip("/")
        return "word/document.xml"

    def revisar_python_docx(self, z: zipfile.ZipFile) -> None:
        """Rendering opens the file with python-docx: if it cannot, say why in Spanish."""
        import docx

        try:
            docx.Document(str(self.ruta))
            return
        except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors… on broken packages
            tecnico = f"{type(e).__name__}: {e}"
        razones = _relaciones_rotas(z)
        razon = "; ".join(razones[:3]) if razones else f"el paquete está dañado ({tecnico})"
        self.agregar(ERROR, "python-docx", self.ruta.name, f"python-docx no puede abrir este archivo: {razon}",
                     "ábralo en Word y guárdelo de nuevo (Archivo › Guardar como › Documento de Word); "
                     "sin esto no se puede generar ningún documento con él", orden=(-1, 0))

    def cargar_partes(self, z: zipfile.ZipFile) -> None:
        nombres = z.namelist()
        principal = self.documento_principal(z)
        candidatas: list[tuple[str, str, int]] = [(principal, "cuerpo", 0)]
        for n in sorted(nombres, key=_orden_natural):
            if re.fullmatch(r"word/header\d*\.xml", n):
                candidatas.append((n, "encabezado", 1))
            elif re.fullmatch(r"word/footer\d*\.xml", n):
                candidatas.append((n, "pie", 2))
        for n, tipo, prioridad in (("word/footnotes.xml", "notas", 3), ("word/endnotes.xml", "finales", 4)):
            if n in nombres:
                candidatas.append((n, tipo, prioridad))
        for orden, (nombre, tipo, _) in enumerate(candidatas):
            try:
                raiz = etree.fromstring(z.read(nombre), _analizador())
            except etree.XMLSyntaxError as e:
                self.agregar(ERROR, "xml-invalido", nombre, f"esta parte del .docx no es XML válido ({e})",
                             "abra el documento en Word y guárdelo de nuevo", orden=(orden, 0))
                continue
            except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
                self.agregar(ERROR, "xml-invalido", nombre, f"no se pudo leer esta parte del .docx ({e})",
                             "el archivo está dañado: recupérelo desde Word", orden=(orden, 0))
                continue
            archivo = nombre.rsplit("/", 1)[-1]
            rec = _Recolector()
            parte = _Parte(nombre=nombre, descripcion=tipo, orden=orden)
            if tipo == "cuerpo":
                cuerpo = raiz.find(W_BODY)
                if cuerpo is None:
                    continue
                parte.raiz = cuerpo
                rec.bloques(cuerpo, "cuerpo", True, "")
            elif tipo in ("encabezado", "pie"):
                titulo = "encabezado" if tipo == "encabezado" else "pie de página"
                parte.raiz = raiz
                rec.bloques(raiz, f"{titulo} ({archivo})", True, f"{titulo} ({archivo}), ")
            else:
                parte.raiz = raiz
                parte.renderizada = tipo == "notas"
                titulo = "nota al pie" if tipo == "notas" else "nota final"
                numero = 0
                for nota in raiz:
                    if not isinstance(nota.tag, str) or nota.get(_w("type")) in (
                            "separator", "continuationSeparator", "continuationNotice"):
                        continue
                    numero += 1
                    rec.bloques(nota, f"{titulo} {numero}", False, f"{titulo} {numero}, ")
            parte.unidades = rec.unidades
            self.partes.append(parte)

    def cargar_propiedades(self, z: zipfile.ZipFile) -> None:
        """docxtpl also renders six core properties (title, subject…) as templates."""
        try:
            raiz = etree.fromstring(z.read("docProps/core.xml"), _analizador())
        except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
            return
        nombres = {"title": "título", "subject": "asunto", "creator": "autor", "description": "comentarios",
                   "identifier": "identificador", "language": "idioma"}
        for elemento in raiz:
            if not isinstance(elemento.tag, str):
                continue
            local = etree.QName(elemento).localname
            texto = elemento.text or ""
            if local in nombres and _ABRE.search(texto):
                parte = _Parte(nombre="docProps/core.xml", descripcion="propiedades", orden=len(self.partes),
                               parchear=False, texto_directo=texto)
                parte.unidades = [_Unidad(0, f"propiedades del documento ({nombres[local]})", texto=texto)]
                self.partes.append(parte)

    # ---- per paragraph

    def revisar_unidades(self, parte: _Parte) -> None:
        unidades = parte.unidades
        consumidos: dict[int, int] = {}  # unit index -> position of a closer that belongs to an earlier unit
        for u in unidades:
            orden = (parte.orden, u.indice)
            etiquetas, abiertas, ajenas = _tokenizar(u.texto, docxtemplater=True)
            u.etiquetas = etiquetas
            if etiquetas or abiertas:
                self.hay_etiquetas = True
            en_celda = u.celda is not None
            restante = list(u.texto)
            for e in etiquetas + abiertas + ajenas:
                restante[e.inicio:e.fin] = " " * (e.fin - e.inicio)
            resto = "".join(restante)

            if etiquetas and not parte.renderizada:
                e = etiquetas[0]
                self.agregar(ERROR, "no-se-procesa", u.lugar,
                             "las notas finales no se procesan al generar: la etiqueta quedaría escrita tal cual",
                             "pase el texto a una nota al pie o al cuerpo del documento",
                             _contexto(u.texto, e.inicio, e.fin), orden)
            if parte.renderizada:
                for e in etiquetas:
                    self.revisar_etiqueta(parte, u, e, en_celda, orden)
                for a in abiertas:
                    self.etiqueta_abierta(parte, u, a, consumidos, orden)
            for a in ajenas:
                self.hay_ajenos = True
                self.agregar(ERROR, "marcador-ajeno", u.lugar,
                             f"«{a.texto}» es la sintaxis de docxtemplater, no de Jinja: no se llenará "
                             "(y «{#» abre un comentario de Jinja que se come el texto)",
                             _sugerencia_docxtemplater(a.texto), _contexto(u.texto, a.inicio, a.fin), orden)
                u.error_sintaxis = True
            self.marcadores_ajenos(u, resto, etiquetas, consumidos.get(u.indice), orden)
            if u.oculto and _ABRE.search(u.oculto):
                self.agregar(ERROR, "texto-oculto", u.lugar,
                             "hay una etiqueta en texto eliminado con control de cambios o en un código de campo: "
                             "no se ve en Word pero el programa la procesa",
                             "acepte o rechace todos los cambios (Revisar › Aceptar todos los cambios) y "
                             "vuelva a verificar", _breve(u.oculto, 60), orden)
            for campo in u.campos:
                if m := re.search(r"MERGEFIELD\s+\"?([^\s\"\\]+)", campo):
                    self.hay_ajenos = True
                    nombre = m.group(1)
                    self.agregar(ERROR, "marcador-ajeno", u.lugar,
                                 f"campo de combinación de correspondencia de Word «{nombre}»: el programa no lo llena",
                                 f"bórrelo y escriba {{{{ {_nombre_sugerido(nombre)} }}}}", _contexto(u.texto), orden)

    def revisar_etiqueta(self, parte: _Parte, u: _Unidad, e: _Etiqueta, en_celda: bool,
                         orden: tuple[int, int]) -> None:
        ctx = _contexto(u.texto, e.inicio, e.fin)
        r = _revisar_etiqueta(self.env, e.texto, en_celda, corregir_comillas=parte.parchear)
        if r.comillas and parte.parchear and not r.sintaxis:
            self.agregar(AVISO, "comillas", u.lugar,
                         f"la etiqueta «{_breve(e.texto)}» tiene comillas tipográficas (“ ” ‘ ’) que puso Word",
                         "el programa las cambia por comillas rectas al generar; para evitar el aviso, desactive "
                         "en Word «Reemplazar comillas rectas por tipográficas»", ctx, orden)
        for tipo, mensaje, sugerencia in r.errores:
            if tipo == "sintaxis":
                mensaje = f"{mensaje} en «{_breve(e.texto)}»"
            self.agregar(ERROR, tipo, u.lugar, mensaje, sugerencia, ctx, orden)
        if any(t in ("sintaxis", "fuera-de-tabla") for t, _, _ in r.errores):
            u.error_sintaxis = True
        for g in r.guiones:
            self.guiones[g.replace("-", "_")] = g
        if r.ast is not None:
            u.nombres |= _nombres_leidos(r.ast)
        # docxtpl replaces the whole paragraph/row/cell holding {%p …%}, {%tr …%}, {%tc …%} by the tag.
        if r.prefijo in ("p", "tr", "tc"):
            if r.prefijo == "p":
                otros, donde = self.texto_sin(u, e), "el párrafo"
            elif r.prefijo == "tr" and u.fila is not None:
                otros, donde = self.texto_contenedor(parte, u.fila, e), "la fila"
            elif r.prefijo == "tc" and u.celda is not None:
                otros, donde = self.texto_contenedor(parte, u.celda, e), "la celda"
            else:
                otros, donde = "", ""
            if otros.strip():
                self.agregar(ERROR, "texto-perdido", u.lugar,
                             f"«{_breve(e.texto)}» reemplaza {donde} completo: se perdería «{_breve(otros, 50)}»",
                             f"deje la etiqueta sola en {donde} y mueva el texto a otro lugar", ctx, orden)
        self.revisar_interior(u, e, orden)

    def texto_sin(self, u: _Unidad, e: _Etiqueta) -> str:
        resto = u.texto[:e.inicio] + u.texto[e.fin:]
        for otra in u.etiquetas:
            if otra is not e:
                resto = resto.replace(otra.texto, " ")
        return resto

    def texto_contenedor(self, parte: _Parte, contenedor: Any, e: _Etiqueta) -> str:
        textos = []
        for otra in parte.unidades:
            if otra.elemento is not None and contenedor in otra.elemento.iterancestors():
                texto = otra.texto
                for t in otra.etiquetas:
                    texto = texto.replace(t.texto, " ")
                textos.append(texto)
        return " ".join(textos).replace(e.texto, " ")

    def revisar_interior(self, u: _Unidad, e: _Etiqueta, orden: tuple[int, int]) -> None:
        """A tag split over several runs: docxtpl joins them, deleting the XML in between."""
        tramos = [el for pos, el in u.segmentos
                  if pos < e.fin and pos + len(el.text or "") > e.inicio]
        if len(tramos) < 2:
            return
        ctx = _contexto(u.texto, e.inicio, e.fin)
        primero, ultimo = tramos[0], tramos[-1]
        cadena_1 = _cadena(primero, u.elemento)
        cadena_2 = _cadena(ultimo, u.elemento)
        if cadena_1 != cadena_2:
            distinto = next((a for a, b in zip(cadena_1 + [""], cadena_2 + [""], strict=False) if a != b), "")
            if not distinto:
                distinto = (cadena_1 if len(cadena_1) > len(cadena_2) else cadena_2)[-1]
            que = _CONTENEDORES.get(distinto, f"un elemento «{distinto}» de Word")
            self.agregar(ERROR, "etiqueta-partida", u.lugar,
                         f"la etiqueta «{_breve(e.texto)}» empieza dentro de {que} y termina fuera "
                         "(o al revés): al generar se unen sus fragmentos y el texto que sigue queda dentro de "
                         "ese elemento, o el documento queda dañado",
                         "borre la etiqueta y escríbala de nuevo de corrido, fuera del hipervínculo, cambio "
                         "controlado o control de contenido", ctx, orden)
        todos = list(u.elemento.iter())
        posicion = {id(el): i for i, el in enumerate(todos)}
        desde, hasta = posicion[id(primero)], posicion[id(ultimo)]
        perdidos = sorted({_CONTENIDO_PERDIDO[el.tag] for el in todos[desde + 1:hasta]
                           if el.tag in _CONTENIDO_PERDIDO})
        for que in perdidos:
            self.agregar(ERROR, "etiqueta-partida", u.lugar,
                         f"la etiqueta «{_breve(e.texto)}» tiene dentro {que}, que se borraría al generar",
                         "saque ese elemento de la etiqueta (antes de «{{» o después de «}}»)", ctx, orden)

    def etiqueta_abierta(self, parte: _Parte, u: _Unidad, a: _Etiqueta, consumidos: dict[int, int],
                         orden: tuple[int, int]) -> None:
        cierre = _CIERRE[a.texto[1]]
        u.error_sintaxis = True
        ctx = _contexto(u.texto, a.inicio, len(u.texto))
        fragmento = _breve(u.texto[a.inicio:], 30)
        siguiente = None
        for otra in parte.unidades[u.indice + 1:]:
            if (pos := otra.texto.find(cierre)) >= 0:
                siguiente = otra
                consumidos.setdefault(otra.indice, pos)
                break
        if a.texto == "{#":
            mensaje = f"el comentario «{fragmento}» no se cierra con «#}}» en este párrafo"
        else:
            mensaje = f"la etiqueta «{fragmento}» no se cierra con «{cierre}» en este párrafo"
        if siguiente is not None:
            mensaje += (f"; continúa en {siguiente.lugar}: Word la partió en dos párrafos y al generar se unirían "
                        "ambos párrafos y se borraría lo que hay en medio")
            sugerencia = "borre la etiqueta y escríbala completa en un solo párrafo (sin Intro en medio)"
        else:
            sugerencia = f"escriba «{cierre}» al final de la etiqueta, en el mismo párrafo"
        self.agregar(ERROR, "etiqueta-partida", u.lugar, mensaje, sugerencia, ctx, orden)

    def marcadores_ajenos(self, u: _Unidad, resto: str, etiquetas: list[_Etiqueta], consumido: int | None,
                          orden: tuple[int, int]) -> None:
        texto = u.texto
        for e in etiquetas:
            if e.inicio > 0 and texto[e.inicio - 1] == "$" and e.clase == "{":
                self.hay_ajenos = True
                interior = _breve(e.texto[2:-2].strip(), 30)
                self.agregar(AVISO, "marcador-ajeno", u.lugar,
                             f"«${_breve(e.texto)}» parece la sintaxis ${{…}} de otro sistema: se imprimirá un "
                             "signo $ seguido del valor",
                             f"si es una cantidad en pesos use {{{{ {interior}|moneda }}}} (ya pone el signo $)",
                             _contexto(texto, e.inicio - 1, e.fin), orden)
        ocupado = [False] * len(resto)

        def marcar(m: re.Match[str]) -> bool:
            if any(ocupado[m.start():m.end()]):
                return False
            ocupado[m.start():m.end()] = [True] * (m.end() - m.start())
            return True

        for m in _DOLAR_LLAVE.finditer(resto):
            if marcar(m):
                self.hay_ajenos = True
                self.agregar(ERROR, "marcador-ajeno", u.lugar,
                             f"«{m.group()}» es un marcador de otro sistema (${{…}}): no se llenará",
                             f"escríbalo como {{{{ {_nombre_sugerido(m.group(1))} }}}}",
                             _contexto(texto, m.start(), m.end()), orden)
        for m in _DOCXTEMPLATER.finditer(resto):
            if marcar(m):
                self.hay_ajenos = True
                u.error_sintaxis = True
                self.agregar(ERROR, "marcador-ajeno", u.lugar,
                             f"«{m.group()}» es la sintaxis de docxtemplater, no de Jinja: no se llenará",
                             _sugerencia_docxtemplater(m.group()), _contexto(texto, m.start(), m.end()), orden)
        for m in _LLAVE_SIMPLE.finditer(resto):
            if marcar(m):
                self.hay_ajenos = True
                self.agregar(ERROR, "marcador-ajeno", u.lugar,
                             f"«{m.group()}» está entre llaves sencillas: el programa no lo llena",
                             f"use llaves dobles: {{{{ {_nombre_sugerido(m.group(1))} }}}}",
                             _contexto(texto, m.start(), m.end()), orden)
        for m in _DOBLE_ANGULO.finditer(resto):
            if _parece_campo(m.group(1)) and marcar(m):
                self.hay_ajenos = True
                self.agregar(AVISO, "marcador-ajeno", u.lugar,
                             f"«{m.group()}» parece un marcador de otro sistema: no se llenará",
                             f"si es un dato del documento escríbalo como {{{{ {_nombre_sugerido(m.group(1))} }}}}",
                             _contexto(texto, m.start(), m.end()), orden)
        for m in _ANGULARES.finditer(resto):
            contenido = m.group(1)
            if ("_" in contenido or re.fullmatch(r"[a-z]+[A-Z]\w*|[A-Z][a-z]+[A-Z]\w*", contenido)) and marcar(m):
                self.hay_ajenos = True
                self.agregar(AVISO, "marcador-ajeno", u.lugar,
                             f"«{m.group()}» parece un campo de combinación de correspondencia: no se llenará",
                             f"escríbalo como {{{{ {_nombre_sugerido(contenido)} }}}}",
                             _contexto(texto, m.start(), m.end()), orden)
        for m in _CORCHETES.finditer(resto):
            if _parece_campo(m.group(1)) and marcar(m):
                self.hay_ajenos = True
                self.corchetes.append((u, m, orden))
            elif (_IDENTIFICADOR.match(m.group(1)) and len(m.group(1)) >= 3
                  and m.group(1).lower() not in _CORCHETES_NORMALES and m.group(1).isascii()):
                self.corchetes_dudosos.append((u, m, orden))
        # «{ {nombre}}»: a tag whose opening signs are apart (only when its closing «}}»/«%}» follows).
        separadas = list(re.finditer(r"\{[ \t\u00a0]+(?:\{[^{}]*\}\}|%[^{}]*%\})", resto))
        for m in separadas:
            apertura = re.match(r"\{\s+[{%]", m.group()).group()
            self.agregar(ERROR, "etiqueta-partida", u.lugar,
                         f"la etiqueta «{_breve(m.group())}» empieza con «{apertura}»: los signos de apertura están "
                         "separados por un espacio y no se reconoce como etiqueta",
                         f"borre el espacio: «{{{apertura[-1]}»", _contexto(texto, m.start(), m.end()), orden)
            u.error_sintaxis = True
        for m in re.finditer(r"\}\}|%\}|#\}", resto):
            if consumido is not None and m.start() == consumido:
                continue
            if any(s.start() < m.start() for s in separadas):
                continue  # the closer of the tag whose opening braces are apart
            if m.start() > 0 and resto[m.start() - 1] == "}":
                continue  # «}}}»: the extra brace after a tag, reported with that tag
            self.agregar(ERROR, "etiqueta-partida", u.lugar,
                         f"sobra «{m.group()}»: no hay una etiqueta abierta antes en este párrafo",
                         "bórrelo, o complete la etiqueta que debía cerrar", _contexto(texto, m.start(), m.end()),
                         orden)
            u.error_sintaxis = True

    def reportar_corchetes(self) -> None:
        """[NOMBRE] and [fecha_de_ingreso] are template fields; [nombre] too, once the document has others."""
        hallados = self.corchetes + (self.corchetes_dudosos if self.corchetes else [])
        for u, m, orden in hallados:
            self.agregar(AVISO, "marcador-ajeno", u.lugar,
                         f"«{m.group()}» parece un marcador entre corchetes: el programa no lo llena",
                         f"si es un dato del documento escríbalo como {{{{ {_nombre_sugerido(m.group(1))} }}}}; "
                         "si es texto fijo, ignore este aviso", _contexto(u.texto, m.start(), m.end()), orden)

    # ---- per part: what Jinja sees after docxtpl's preprocessing

    def analizar_parte(self, parte: _Parte) -> set[str] | None:
        if parte.parchear:
            for u in parte.unidades:
                u.elemento.set(_MARCA, str(u.indice))
            for p in parte.raiz.iter(W_P):
                if p.get(_MARCA) is None:
                    anfitrion = next((a for a in p.iterancestors(W_P) if a.get(_MARCA) is not None), None)
                    if anfitrion is not None:
                        p.set(_MARCA, anfitrion.get(_MARCA))
            xml = etree.tostring(parte.raiz, encoding="unicode", pretty_print=False)
            fuente = _PARCHE.patch_xml(xml)
            fuente = re.sub(r"<w:p([ >])", r"\n<w:p\1", fuente)
        else:
            fuente = parte.texto_directo
        if not _ABRE.search(fuente):
            return set()
        lineas_unidad = _unidad_por_linea(fuente) if parte.parchear else None
        fuente = self.neutralizar_invalidas(fuente)
        intentos = 0
        repetidos: set[tuple[int, str, int]] = set()
        self.cruzados: set[str] = set()
        while True:
            try:
                ast = self.env.parse(fuente)
                break
            except TemplateSyntaxError as e:
                intentos += 1
                if intentos > 60:
                    u = parte.unidades[0]
                    self.agregar(ERROR, "sintaxis", u.lugar, "hay demasiados errores de sintaxis en esta parte",
                                 "corrija los señalados y vuelva a verificar", orden=(parte.orden, 0))
                    return None
                nueva = self.error_de_parte(parte, fuente, e, lineas_unidad, repetidos)
                if nueva is None:
                    return None
                fuente = nueva
        self.revisar_usos(ast, parte, lineas_unidad)
        self.revisar_limites(ast, parte, lineas_unidad)
        return self.variables_de(ast, parte)

    def revisar_limites(self, ast: Any, parte: _Parte, lineas_unidad: list[int | None] | None) -> None:
        """What the sandbox would refuse or stop while filling (``limites.revisar``), in its paragraph."""
        for r in limites.revisar(ast):
            u = self.unidad_por_texto(parte, lineas_unidad, (r.nodo.lineno or 1) - 1, r.aguja)
            pos = u.texto.find(r.aguja) if u else -1
            ctx = _contexto(u.texto, pos, pos + len(r.aguja)) if u and pos >= 0 else (_contexto(u.texto) if u else "")
            self.agregar(ERROR if r.severidad == "error" else AVISO, "limite", u.lugar if u else parte.descripcion,
                         r.mensaje, r.sugerencia, ctx, (parte.orden, u.indice if u else 0))

    def revisar_usos(self, ast: Any, parte: _Parte, lineas_unidad: list[int | None] | None) -> None:
        """Fields used the way the generator fills them: table columns and persona data that exist, dates and
        amounts printed with their Spanish filter."""
        if self.esquema is None:
            return
        campos = {c.nombre: c for c in self.esquema.campos}
        claves_persona = set(CLAVES_PERSONA)
        registros = {n: claves_persona for n, c in campos.items() if c.tipo == "persona"}
        registros["persona"] = claves_persona
        tipos: dict[str, str] = {n: c.tipo for n, c in campos.items()}
        tipos["fecha"] = "fecha"

        def atributos(nodo: Any, nombre: str) -> list[tuple[Any, str]]:
            hallados = []
            for g in nodo.find_all(nodes.Getattr):
                if isinstance(g.node, nodes.Name) and g.node.name == nombre:
                    hallados.append((g, g.attr))
            for g in nodo.find_all(nodes.Getitem):
                if (isinstance(g.node, nodes.Name) and g.node.name == nombre and isinstance(g.arg, nodes.Const)
                        and isinstance(g.arg.value, str)):
                    hallados.append((g, g.arg.value))
            return hallados

        def informar(nodo: Any, aguja: str, mensaje: str, sugerencia: str, severidad: str = ERROR,
                     tipo: str = "dato-inexistente") -> None:
            u = self.unidad_por_texto(parte, lineas_unidad, (nodo.lineno or 1) - 1, aguja)
            lugar = u.lugar if u else parte.descripcion
            pos = u.texto.find(aguja) if u else -1
            ctx = _contexto(u.texto, pos, pos + len(aguja)) if u and pos >= 0 else (_contexto(u.texto) if u else "")
            self.agregar(severidad, tipo, lugar, mensaje, sugerencia, ctx, (parte.orden, u.indice if u else 0))

        for nombre, permitidas in registros.items():
            for nodo, attr in atributos(ast, nombre):
                if attr not in permitidas:
                    parecido = difflib.get_close_matches(attr, sorted(permitidas), n=1, cutoff=0.6)
                    informar(nodo, f".{attr}", f"«{nombre}.{attr}»: la persona no tiene el dato «{attr}»",
                             f"¿quiso decir «{nombre}.{parecido[0]}»?" if parecido else
                             "datos de una persona: " + ", ".join(sorted(permitidas)))
        columnas_de: dict[str, dict[str, str]] = {
            n: {col.nombre: col.tipo for col in c.columnas} for n, c in campos.items() if c.tipo == "tabla"}
        for bucle in ast.find_all(nodes.For):
            if not (isinstance(bucle.iter, nodes.Name) and isinstance(bucle.target, nodes.Name)):
                continue
            origen, fila = bucle.iter.name, bucle.target.name
            if origen in columnas_de:
                permitidas = set(columnas_de[origen])
                descripcion = f"la tabla «{origen}» no tiene la columna"
            elif origen == "personas" or tipos.get(origen) == "persona":
                permitidas = claves_persona
                descripcion = "la persona no tiene el dato"
            else:
                continue
            for parte_cuerpo in bucle.body:
                for nodo, attr in atributos(parte_cuerpo, fila):
                    if attr not in permitidas and attr not in ("loop",):
                        parecido = difflib.get_close_matches(attr, sorted(permitidas), n=1, cutoff=0.6)
                        informar(nodo, f".{attr}", f"«{fila}.{attr}»: {descripcion} «{attr}»",
                                 f"¿quiso decir «{fila}.{parecido[0]}»?" if parecido else
                                 "use una de: " + ", ".join(sorted(permitidas)))
                if origen in columnas_de:
                    salidas = [parte_cuerpo] if isinstance(parte_cuerpo, nodes.Output) else []
                    for salida in [*salidas, *parte_cuerpo.find_all(nodes.Output)]:
                        for expr in salida.nodes:
                            if (isinstance(expr, nodes.Getattr) and isinstance(expr.node, nodes.Name)
                                    and expr.node.name == fila):
                                self.sin_formato(informar, expr, f"{fila}.{expr.attr}",
                                                 columnas_de[origen].get(expr.attr, ""))
        for salida in ast.find_all(nodes.Output):
            for expr in salida.nodes:
                if isinstance(expr, nodes.Name) and expr.ctx == "load" and expr.name in tipos:
                    self.sin_formato(informar, expr, expr.name, tipos[expr.name])

    @staticmethod
    def sin_formato(informar: Any, nodo: Any, nombre: str, tipo: str) -> None:
        if tipo == "fecha":
            informar(nodo, nombre, f"«{{{{ {nombre} }}}}» es una fecha sin formato: saldrá como 2024-06-17",
                     f"escriba {{{{ {nombre}|fecha_larga }}}} (17 de junio de 2024) u otro filtro de fecha",
                     AVISO, "sin-formato")
        elif tipo == "moneda":
            informar(nodo, nombre, f"«{{{{ {nombre} }}}}» es una cantidad sin formato: saldrá como 12345.60",
                     f"escriba {{{{ {nombre}|moneda }}}} ($12,345.60) o {{{{ {nombre}|moneda_completa }}}}",
                     AVISO, "sin-formato")

    def unidad_por_texto(self, parte: _Parte, lineas_unidad: list[int | None] | None, linea: int,
                         aguja: str) -> _Unidad | None:
        """The paragraph of a line of the patched XML whose tags contain ``aguja``."""
        if not parte.unidades:
            return None
        indice = None
        if lineas_unidad is not None and 0 <= linea < len(lineas_unidad):
            indice = lineas_unidad[linea]
        inicio = indice or 0
        for u in parte.unidades[inicio:]:
            if any(aguja in t.texto for t in u.etiquetas):
                return u
        for u in parte.unidades[:inicio]:
            if any(aguja in t.texto for t in u.etiquetas):
                return u
        return parte.unidades[inicio] if inicio < len(parte.unidades) else None

    def neutralizar_invalidas(self, fuente: str) -> str:
        """Tags that fail on their own (already reported per paragraph) become harmless equivalents with the
        same block structure; hyphenated names become underscore names so their variables can be tracked."""
        etiquetas, abiertas, _ = _tokenizar(fuente)
        cortes = sorted(etiquetas + abiertas, key=lambda e: e.inicio)
        trozos: list[str] = []
        ultimo = 0
        for e in cortes:
            trozos.append(fuente[ultimo:e.inicio])
            ultimo = e.fin
            if e.fin - e.inicio == 2:  # an opener never closed: make it plain text
                trozos.append("{ " + e.texto[1:])
                continue
            limpio = re.sub(r"<[^>]*>", "", e.texto)
            r = _revisar_etiqueta(self.env, limpio, True)
            texto = e.texto
            for g in r.guiones:
                texto = re.sub(r"(?<![\w.-])" + re.escape(g) + r"(?![\w-])", g.replace("-", "_"), texto)
            if r.sintaxis:
                self.posibles |= _nombres_posibles(self.env, limpio)
                texto = _equivalente(texto, r) + "\n" * texto.count("\n")
            trozos.append(texto)
        trozos.append(fuente[ultimo:])
        return "".join(trozos)

    def error_de_parte(self, parte: _Parte, fuente: str, e: TemplateSyntaxError,
                       lineas_unidad: list[int | None] | None, repetidos: set[tuple[int, str, int]]) -> str | None:
        """Report a block error Jinja found in the whole part, neutralise its cause, return the new source."""
        mensaje = e.message or str(e)
        linea = (e.lineno or 1) - 1
        etiquetas, _, _ = _tokenizar(fuente)
        inicios = _inicios_de_linea(fuente)
        culpable: _Etiqueta | None = None
        informado = False
        agregar_final = ""
        m_desconocida = re.match(r"Encountered unknown tag '(\w+)'", mensaje)
        m_bloque = re.search(r"innermost block that needs to be closed is '(\w+)'", mensaje)
        if mensaje.startswith("Unexpected end of template"):
            pila = _bloques_abiertos(etiquetas)
            if m_bloque:
                candidatos = [x for x in pila if _partes_bloque(x.texto)[1] == m_bloque.group(1)]
                culpable = candidatos[-1] if candidatos else (pila[-1] if pila else None)
            elif pila:
                culpable = pila[-1]
            palabra = _partes_bloque(culpable.texto)[1] if culpable else (m_bloque.group(1) if m_bloque else "if")
            agregar_final = "{% end" + palabra + " %}"
            informado = palabra in self.cruzados
            texto_msj = (f"el bloque «{_breve(culpable.texto if culpable else palabra)}» no se cierra: "
                         f"falta {{% end{palabra} %}}")
            sugerencia = f"agregue {{% end{palabra} %}} donde termina la parte que abarca el bloque"
            if culpable is not None:
                linea = _linea_de(inicios, culpable.inicio)
        else:
            en_linea = [x for x in etiquetas if _linea_de(inicios, x.inicio) <= linea <= _linea_de(inicios, x.fin)]
            if m_desconocida:
                palabra = m_desconocida.group(1)
                culpable = _huerfana(etiquetas, en_linea, palabra)
                if palabra in _CIERRAN_BLOQUE or palabra in _INTERMEDIAS:
                    if palabra.removeprefix("end") in self.cruzados:
                        informado = True
                    if m_bloque:
                        abierto = m_bloque.group(1)
                        # Crossed blocks: the other end of the same mistake would be reported again.
                        self.cruzados |= {palabra.removeprefix("end"), abierto}
                        texto_msj = (f"«{{% {palabra} %}}» no corresponde al bloque abierto: el último bloque abierto "
                                     f"es «{abierto}», que se cierra con {{% end{abierto} %}}")
                        sugerencia = "revise que cada {% if %} y {% for %} se cierre en orden, del más interno al externo"
                    elif palabra in _INTERMEDIAS:
                        texto_msj = f"«{{% {palabra} %}}» está fuera de un bloque {{% if %}} o {{% for %}}"
                        sugerencia = "bórrela o agregue antes el {% if … %} que le corresponde"
                    else:
                        texto_msj = f"«{{% {palabra} %}}» cierra un bloque que nunca se abrió"
                        sugerencia = "bórrela o agregue antes la etiqueta que abre el bloque"
                else:
                    texto_msj, sugerencia = f"etiqueta desconocida «{palabra}»", ""
                    if palabra in _DOCXTPL_CELDA or palabra in ("tr", "tc"):
                        sugerencia = "esta etiqueta de docxtpl solo funciona dentro de una tabla"
            else:
                texto_msj, sugerencia = _traducir(mensaje)
                culpable = next((x for x in en_linea if _revisar_etiqueta(self.env, x.texto, True).sintaxis), None)
        clave = (linea, mensaje, culpable.inicio if culpable else -1)
        unidad = self.unidad_de(parte, lineas_unidad, linea, culpable)
        if culpable is not None:
            # Already reported per paragraph when the tag itself is wrong (unknown, outside a table…).
            individual = _revisar_etiqueta(self.env, re.sub(r"<[^>]*>", "", culpable.texto), False)
            informado = informado or any(t in ("sintaxis", "fuera-de-tabla") for t, _, _ in individual.errores)
        else:
            informado = informado or (unidad is not None and unidad.error_sintaxis)
        if clave not in repetidos and not informado:
            if unidad is None:
                unidad = parte.unidades[0] if parte.unidades else _Unidad(0, parte.nombre)
            ordinal = 0
            if culpable is not None:
                linea_culpable = _linea_de(inicios, culpable.inicio)
                buscada = _normalizar(re.sub(r"<[^>]*>", "", culpable.texto))
                ordinal = sum(1 for x in etiquetas if x.inicio < culpable.inicio
                              and _linea_de(inicios, x.inicio) == linea_culpable
                              and _normalizar(re.sub(r"<[^>]*>", "", x.texto)) == buscada)
            ctx = _contexto_etiqueta(unidad, culpable, ordinal)
            self.agregar(ERROR, "sintaxis", unidad.lugar, texto_msj, sugerencia, ctx, (parte.orden, unidad.indice))
        if agregar_final:
            if clave in repetidos:
                return None
            repetidos.add(clave)
            return fuente + agregar_final
        repetidos.add(clave)
        if culpable is not None:
            return fuente[:culpable.inicio] + "\n" * culpable.texto.count("\n") + fuente[culpable.fin:]
        # Nothing identifiable: neutralise every tag on that line.
        en_linea = [x for x in etiquetas if _linea_de(inicios, x.inicio) <= linea <= _linea_de(inicios, x.fin)]
        if not en_linea:
            return None
        for x in reversed(en_linea):
            fuente = fuente[:x.inicio] + "\n" * x.texto.count("\n") + fuente[x.fin:]
        return fuente

    def unidad_de(self, parte: _Parte, lineas_unidad: list[int | None] | None, linea: int,
                  culpable: _Etiqueta | None) -> _Unidad | None:
        """The paragraph of a line of the patched XML; refined by the tag text ({%p …%} moves to the line before)."""
        if not parte.unidades:
            return None
        if lineas_unidad is None:
            return parte.unidades[0]
        indice = lineas_unidad[linea] if 0 <= linea < len(lineas_unidad) else None
        inicio = indice if indice is not None else 0
        if culpable is not None:
            buscada = _normalizar(re.sub(r"<[^>]*>", "", culpable.texto))
            for u in parte.unidades[inicio:]:
                if any(_normalizar(t.texto) == buscada for t in u.etiquetas):
                    return u
        return parte.unidades[inicio] if indice is not None else None

    def variables_de(self, ast: Any, parte: _Parte) -> set[str]:
        # find_undeclared_variables compiles the template: unknown filters (already reported) get a stand-in.
        for nodo in ast.find_all(nodes.Filter):
            if nodo.name not in self.env.filters:
                self.env.filters[nodo.name] = _sin_efecto
        for nodo in ast.find_all(nodes.Test):
            if nodo.name not in self.env.tests:
                self.env.tests[nodo.name] = _sin_efecto
        try:
            return set(meta.find_undeclared_variables(ast))
        except TemplateError as e:
            u = parte.unidades[0] if parte.unidades else _Unidad(0, parte.nombre)
            self.agregar(ERROR, "sintaxis", u.lugar, f"Jinja no puede compilar esta parte: {e}", "",
                         orden=(parte.orden, 0))
            return set()

    # ---- variables against the schema

    def comparar(self, usadas: set[str], esquema: Esquema | None, ruta_esquema: Path | None) -> None:
        sistema = set(VARIABLES_SISTEMA) | set(self.env.globals)
        if esquema is None:
            return
        declaradas = esquema.nombres
        nombre_yaml = ruta_esquema.name if ruta_esquema else f"{esquema.nombre}.yaml"
        for nombre in sorted(usadas - declaradas - sistema):
            if nombre in self.guiones or not nombre.isascii():
                continue  # already reported as an invalid name
            u, parte = self.ubicar(nombre)
            parecidos = difflib.get_close_matches(nombre, sorted(declaradas | set(VARIABLES_SISTEMA)), n=1,
                                                  cutoff=0.7)
            sugerencia = (f"¿quiso decir «{parecidos[0]}»?" if parecidos else
                          f"declárela en {nombre_yaml} (nombre, tipo, requerido, descripcion, ejemplo) "
                          "o corrija el nombre en la plantilla")
            self.agregar(ERROR, "variable-no-declarada", u.lugar if u else self.ruta.name,
                         f"la variable «{nombre}» se usa en la plantilla pero no está declarada en {nombre_yaml}",
                         sugerencia, _contexto_nombre(u, nombre), (parte.orden, u.indice) if u and parte else (0, 0))
        for campo in esquema.campos:
            if esquema.sistema:  # the program offers these data; the office's template may leave some out
                break
            if campo.nombre not in usadas and campo.nombre not in self.posibles:
                self.agregar(AVISO, "campo-sin-usar", f"{nombre_yaml}, campo «{campo.nombre}»",
                             f"el campo «{campo.nombre}» está declarado en el esquema pero la plantilla no lo usa",
                             "bórrelo del esquema o agréguelo a la plantilla como {{ " + campo.nombre + " }}",
                             orden=(99, 0))

    def ubicar(self, nombre: str) -> tuple[_Unidad | None, _Parte | None]:
        for parte in self.partes:
            for u in parte.unidades:
                if nombre in u.nombres:
                    return u, parte
        patron = re.compile(r"(?<![\w.])" + re.escape(nombre) + r"(?!\w)")
        for parte in self.partes:
            for u in parte.unidades:
                if any(patron.search(t.texto) for t in u.etiquetas):
                    return u, parte
        return None, None


# ------------------------------------------------------------------------------------------------ helpers


class _Parche:
    """docxtpl's own preprocessing (``DocxTemplate.patch_xml`` uses no instance state)."""

    def patch_xml(self, xml: str) -> str:
        from docxtpl import DocxTemplate

        return DocxTemplate.patch_xml(self, xml)  # type: ignore[arg-type]


_PARCHE = _Parche()


def _sin_efecto(valor: Any, *args: Any, **kwargs: Any) -> Any:
    return valor


def _analizador() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)


def _orden_natural(nombre: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", nombre)]


def _cadena(elemento: Any, parrafo: Any) -> list[str]:
    """Local names of the ancestors of a w:t up to its paragraph (outermost first)."""
    cadena = []
    for a in elemento.iterancestors():
        if a is parrafo:
            break
        cadena.append(etree.QName(a).localname)
    return list(reversed(cadena))


def _unidad_por_linea(fuente: str) -> list[int | None]:
    resultado: list[int | None] = []
    actual: int | None = None
    marca = re.compile(r'^<w:p[ >][^>]*?\b' + _MARCA + r'="(\d+)"')
    for linea in fuente.split("\n"):
        if m := marca.match(linea):
            actual = int(m.group(1))
        resultado.append(actual)
    return resultado


def _inicios_de_linea(fuente: str) -> list[int]:
    inicios = [0]
    inicios.extend(m.end() for m in re.finditer("\n", fuente))
    return inicios


def _linea_de(inicios: list[int], posicion: int) -> int:
    return bisect.bisect_right(inicios, posicion) - 1


def _bloques_abiertos(etiquetas: list[_Etiqueta]) -> list[_Etiqueta]:
    pila: list[_Etiqueta] = []
    for e in etiquetas:
        if e.clase != "%":
            continue
        _, palabra, contenido = _partes_bloque(e.texto)
        if palabra in _ABREN_BLOQUE or (palabra == "set" and "=" not in contenido):
            pila.append(e)
        elif palabra in _CIERRAN_BLOQUE:
            for i in range(len(pila) - 1, -1, -1):
                if "end" + _partes_bloque(pila[i].texto)[1] == palabra:
                    del pila[i:]
                    break
    return pila


def _huerfana(etiquetas: list[_Etiqueta], en_linea: list[_Etiqueta], palabra: str) -> _Etiqueta | None:
    """The tag Jinja rejected as unknown: for end/else tags, the first on the line that closes nothing open."""
    if palabra in _CIERRAN_BLOQUE or palabra in _INTERMEDIAS:
        pila: list[str] = []
        candidatas = {id(x) for x in en_linea}
        for e in etiquetas:
            if e.clase != "%":
                continue
            _, clave, contenido = _partes_bloque(e.texto)
            if clave in _ABREN_BLOQUE or (clave == "set" and "=" not in contenido):
                pila.append(clave)
            elif clave in _CIERRAN_BLOQUE:
                if pila and "end" + pila[-1] == clave:
                    pila.pop()
                elif id(e) in candidatas and clave == palabra:
                    return e
            elif clave in _INTERMEDIAS:
                valido = bool(pila) and (pila[-1] == "if" or (clave == "else" and pila[-1] == "for"))
                if not valido and id(e) in candidatas and clave == palabra:
                    return e
    return next((x for x in en_linea if x.clase == "%" and palabra in _partes_bloque(x.texto)[:2]), None)


def _equivalente(texto: str, r: _Revision) -> str:
    """A harmless tag with the same block structure as an invalid one."""
    if not texto.startswith("{%"):
        return ""
    return {
        "if": "{% if true %}", "elif": "{% elif true %}", "else": "{% else %}", "for": "{% for _ in () %}",
        "with": "{% with %}", "filter": "{% filter upper %}", "autoescape": "{% autoescape true %}",
        "macro": "{% macro _m() %}", "call": "{% call _m() %}", "block": "",
    }.get(r.palabra, "{% " + r.palabra + " %}" if r.palabra in _CIERRAN_BLOQUE else "")


def _nombres_posibles(env: Any, texto: str) -> set[str]:
    try:
        tokens = [t for t in env.lex("{{ " + texto[2:-2] + " }}") if t[1] != "whitespace"]
    except TemplateSyntaxError:
        return set(re.findall(r"[A-Za-z_]\w*", texto))
    nombres = set()
    for i, (_, tipo, valor) in enumerate(tokens):
        if tipo == "name" and (i == 0 or tokens[i - 1][2] not in (".", "|", "is")):
            nombres.add(valor)
    return nombres


def _contexto_etiqueta(u: _Unidad, e: _Etiqueta | None, ordinal: int = 0) -> str:
    """The text around the ``ordinal``-th tag of the paragraph equal to ``e`` (as Jinja saw it)."""
    if e is not None:
        buscada = _normalizar(re.sub(r"<[^>]*>", "", e.texto))
        iguales = [t for t in u.etiquetas if _normalizar(t.texto) == buscada]
        if iguales:
            t = iguales[min(ordinal, len(iguales) - 1)]
            return _contexto(u.texto, t.inicio, t.fin)
    return _contexto(u.texto)


def _contexto_nombre(u: _Unidad | None, nombre: str) -> str:
    if u is None:
        return ""
    m = re.search(r"(?<![\w.])" + re.escape(nombre) + r"(?!\w)", u.texto)
    return _contexto(u.texto, m.start(), m.end()) if m else _contexto(u.texto)


def _parece_campo(contenido: str) -> bool:
    """[NOMBRE_COMPLETO], [FECHA], [NOMBRE DEL TRABAJADOR], [fecha_de_ingreso]: not [sic], [...], [I]."""
    contenido = contenido.strip()
    if not re.search(r"[^\W\d_]", contenido):
        return False
    if _IDENTIFICADOR.match(contenido) and "_" in contenido:
        return True
    if re.fullmatch(r"[^\W\d_][\w ]*", contenido) and contenido.upper() == contenido:
        if _ROMANO.match(contenido) or contenido.lower() in _CORCHETES_NORMALES:
            return False
        return sum(1 for c in contenido if c.isalpha()) >= 2
    return False


def _nombre_sugerido(texto: str) -> str:
    """A valid variable name for a foreign template field: its own spelling if it already is one, else snake_case."""
    nombre = sin_acentos(texto.strip())
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", nombre):
        nombre = re.sub(r"[^a-z0-9_]+", "_", nombre.lower()).strip("_")
    if not nombre or nombre[0].isdigit():
        nombre = "campo_" + nombre
    return nombre


def _sugerencia_docxtemplater(texto: str) -> str:
    nombre = _nombre_sugerido(texto[2:-1])
    signo = texto[1]
    if signo == "#":
        return f"para repetir use {{% for elemento in {nombre} %}} … {{% endfor %}}; para una condición {{% if {nombre} %}}"
    if signo == "/":
        return "cierre el bloque con {% endfor %} o {% endif %}"
    if signo == "^":
        return f"use {{% if not {nombre} %}} … {{% endif %}}"
    return f"use {{{{ {nombre} }}}}"


def _relaciones_rotas(z: zipfile.ZipFile) -> list[str]:
    """Relationships pointing to parts that are not in the package (python-docx fails on them)."""
    nombres = set(z.namelist())
    razones = []
    for nombre in sorted(n for n in nombres if n.endswith(".rels")):
        try:
            raiz = etree.fromstring(z.read(nombre), _analizador())
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError):
            razones.append(f"{nombre} no es XML válido")
            continue
        carpeta = posixpath.dirname(posixpath.dirname(nombre))
        for rel in raiz.iter(f"{{{REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            destino = rel.get("Target", "")
            ruta = destino.lstrip("/") if destino.startswith("/") else posixpath.normpath(
                posixpath.join(carpeta, destino.replace("\\", "/")))
            if "\\" in destino:
                razones.append(f"en {nombre} la relación {rel.get('Id')} apunta a «{destino}», escrito con barra "
                               "invertida (\\) en lugar de «/»")
            elif ruta not in nombres:
                razones.append(f"en {nombre} la relación {rel.get('Id')} apunta a «{destino}», que no existe "
                               "dentro del archivo")
    return razones


# -------------------------------------------------------------------------------------------- public API


def verificar_docx(ruta: Path, esquema: Path | None = None, *, buscar_esquema: bool = True,
                   exigir_esquema: bool = False) -> InformeVerificacion:
    """Check any .docx: every problem at once. ``esquema`` defaults to the sidecar ``RUTA.yaml`` if present.

    A missing schema is an «aviso» for a loose file and an «error» with ``exigir_esquema`` (the templates of an
    archive cannot be used without theirs).
    """
    ruta = Path(ruta)
    if not ruta.is_file():
        raise NoEncontrado(f"No existe el archivo {ruta}.")
    if esquema is None and buscar_esquema and ruta.with_suffix(".yaml").is_file():
        esquema = ruta.with_suffix(".yaml")
    informe = InformeVerificacion(archivo=ruta, esquema=esquema)
    v = _Verificador(ruta)
    cargado: Esquema | None = None
    if esquema is not None:
        try:
            cargado = v.esquema = cargar_esquema(esquema)
        except EntradaInvalida as e:
            if e.problemas:
                for p in e.problemas:
                    v.agregar(ERROR, "esquema-invalido", p.lugar, p.mensaje, p.sugerencia, orden=(-2, 0))
            else:
                v.agregar(ERROR, "esquema-invalido", esquema.name, e.mensaje, orden=(-2, 0))

    z = v.abrir()
    usadas: set[str] = set()
    completas = True
    if z is not None:
        with z:
            v.revisar_python_docx(z)
            v.cargar_partes(z)
            v.cargar_propiedades(z)
        for parte in v.partes:
            v.revisar_unidades(parte)
        v.reportar_corchetes()
        for parte in v.partes:
            if not parte.renderizada:
                continue
            variables = v.analizar_parte(parte)
            if variables is None:
                completas = False
            else:
                usadas |= variables
        if not v.hay_etiquetas and not v.hay_ajenos:
            v.agregar(AVISO, "sin-etiquetas", ruta.name, "el documento no tiene ninguna etiqueta {{ … }} ni {% … %}",
                      "si es una plantilla, escriba los datos variables como {{ nombre_del_campo }}", orden=(-1, 1))
        if esquema is None:
            falta = ruta.with_suffix(".yaml").name
            if exigir_esquema:
                v.agregar(ERROR, "sin-esquema", ruta.name,
                          f"no tiene esquema: falta {falta} junto a la plantilla, y sin él no se puede usar",
                          "cree el esquema con los campos que aparecen en «variables» (copie el .yaml de otra "
                          "plantilla y ajústelo)", orden=(-1, 2))
            else:
                v.agregar(AVISO, "sin-esquema", ruta.name,
                          f"no tiene esquema: falta {falta} junto a la plantilla, así que no se comprueba qué "
                          "variables debe llenar quien la use",
                          "cree el esquema con los campos que aparecen en «variables»", orden=(-1, 2))
        elif cargado is not None and completas:
            v.comparar(usadas, cargado, esquema)
    sistema_y_globales = set(v.env.globals)
    informe.variables = sorted(v.guiones.get(n, n) for n in usadas - sistema_y_globales)
    informe.problemas = sorted(v.problemas, key=lambda p: (p.severidad != ERROR, p.orden))
    return informe


def ruta_plantilla(raiz: Raiz, nombre: str) -> Path:
    """The .docx of template ``nombre`` (the archive's, else the shipped one); NoEncontrado lists the available."""
    return ruta_docx(raiz, nombre)


def verificar_membrete(raiz: Raiz) -> InformeVerificacion:
    """The membrete in use: its tags may only use the system variables (it has no schema of its own)."""
    ruta = conjunto.ruta_membrete(raiz)
    informe = verificar_docx(ruta, buscar_esquema=False)
    informe.problemas = [p for p in informe.problemas if p.tipo != "sin-esquema"]
    ajenas = sorted(set(informe.variables) - set(VARIABLES_SISTEMA))
    if ajenas:
        informe.problemas.insert(0, ProblemaPlantilla(
            ERROR, "variable-desconocida", ruta.name,
            f"el membrete usa {', '.join(ajenas)}, que no son variables del sistema",
            f"en el membrete use solo {', '.join(VARIABLES_SISTEMA)}"))
    return informe


def verificar_plantilla(raiz: Raiz, nombre: str) -> InformeVerificacion:
    """Check template ``nombre`` of the archive against its schema."""
    if nombre.removesuffix(".docx") == conjunto.MEMBRETE:
        return verificar_membrete(raiz)
    return _verificar_de_archivo(raiz, ruta_plantilla(raiz, nombre))


def _verificar_de_archivo(raiz: Raiz, docx: Path) -> InformeVerificacion:
    esquema = conjunto.ruta_esquema(raiz, docx)
    informe = verificar_docx(docx, esquema if esquema.is_file() else None, buscar_esquema=False,
                             exigir_esquema=True)
    if esquema.is_file():
        try:
            cargado = cargar_esquema(esquema)
        except EntradaInvalida:
            return informe  # already reported
        informe.problemas.extend(revisar_configuracion(raiz, cargado))
        informe.problemas.sort(key=lambda p: (p.severidad != ERROR, p.orden))
    return informe


def revisar_configuracion(raiz: Raiz, esquema: Esquema) -> list[ProblemaPlantilla]:
    """What this archive's archivo.toml lacks for the template: the área of its role, the format of its serie."""
    if esquema.sistema:
        return []
    lugar = f"{esquema.nombre}.yaml"
    try:
        config = raiz.config
    except EntradaInvalida as e:
        return [ProblemaPlantilla(ERROR, "configuracion", "archivo.toml",
                                  f"no se pudo leer la configuración para revisar la plantilla: {e.mensaje}",
                                  "corrija archivo.toml (archivo configuracion revisar)", orden=(-3, 0))]
    problemas = []
    r = roles.resolver(config, esquema.area or "direccion")
    if r.siglas is None:
        problemas.append(ProblemaPlantilla(
            ERROR, "rol-sin-area", f"{lugar}, area", f"la plantilla emite como «{r.rol}» y {r.mensaje}",
            r.sugerencia, orden=(-3, 1)))
    elif r.como == "omision" and r.rol in roles.ROLES and roles.ROLES[r.rol][1]:
        problemas.append(ProblemaPlantilla(
            AVISO, "rol-por-omision", f"{lugar}, area",
            f"archivo.toml no dice qué área cumple el papel «{r.rol}»; se usa {r.siglas}, su área habitual",
            f"confírmelo agregando en [roles] de archivo.toml la línea: {roles.linea(r)}", orden=(-3, 1)))
    if esquema.serie and esquema.serie not in config.folios:
        ejemplo = config.folios.get("oficio", "{siglas}/{area}/{consecutivo:03d}/{anio}")
        problemas.append(ProblemaPlantilla(
            ERROR, "serie-sin-formato", f"{lugar}, serie",
            f"la serie de folio «{esquema.serie}» no tiene formato en [folios] de archivo.toml",
            f"agregue en [folios] la línea: {esquema.serie} = \"{ejemplo}\" (ajústela)", orden=(-3, 2)))
    return problemas


def verificar_plantillas(raiz: Raiz) -> list[InformeVerificacion]:
    """Check every template of the archive, shipped ones included, and the membrete (and report schemas left
    without their .docx in the archive's folder)."""
    informes = [_verificar_de_archivo(raiz, p) for p in rutas_plantillas(raiz)]
    informes.append(verificar_membrete(raiz))
    if raiz.plantillas.is_dir():
        for yaml in sorted(raiz.plantillas.glob("*.yaml")):
            if not yaml.name.startswith(".") and conjunto.buscar(raiz, yaml.with_suffix(".docx").name) is None:
                informe = InformeVerificacion(archivo=yaml.with_suffix(".docx"), esquema=yaml)
                informe.problemas.append(ProblemaPlantilla(
                    ERROR, "sin-docx", yaml.name, f"el esquema {yaml.name} no tiene su plantilla {yaml.stem}.docx",
                    "agregue la plantilla de Word con ese nombre o borre el esquema"))
                informes.append(informe)
    return informes


def verificar_carpeta(carpeta: Path) -> list[InformeVerificacion]:
    """Check every .docx of a folder (Word's lock files excluded)."""
    return [verificar_docx(p) for p in sorted(Path(carpeta).glob("*.docx"))
            if not p.name.startswith(("~$", "."))]


def listar_plantillas(raiz: Raiz) -> list[dict[str, Any]]:
    """The template set with each schema's header; a template whose schema is invalid is flagged, not hidden."""
    filas: list[dict[str, Any]] = []
    for docx in rutas_plantillas(raiz):
        fila: dict[str, Any] = {"nombre": docx.stem, "titulo": "", "tipo": "", "serie": "", "area": "",
                                "campos": 0, "pasos": [], "estado": "correcta", "problemas": [],
                                "origen": "archivo" if docx.parent == raiz.plantillas else "incluida",
                                "uso": "documento"}
        yaml = conjunto.ruta_esquema(raiz, docx)
        if not yaml.is_file():
            fila["estado"] = "sin esquema"
            fila["problemas"] = [f"falta {yaml.name}"]
        else:
            try:
                e = cargar_esquema(yaml)
                fila.update(titulo=e.titulo, tipo=e.tipo, serie=e.serie, area=e.area, campos=len(e.campos),
                            pasos=e.pasos, uso="sistema" if e.sistema else "documento")
            except EntradaInvalida as error:
                problemas = [str(p) for p in error.problemas] or [error.mensaje]
                fila["estado"] = f"esquema inválido ({len(problemas)} problema{'s' if len(problemas) != 1 else ''})"
                fila["problemas"] = problemas
                fila["titulo"] = _titulo_crudo(yaml)
        filas.append(fila)
    return filas


def _titulo_crudo(yaml_ruta: Path) -> str:
    """The título of a schema that does not validate, if it can be read at all."""
    try:
        datos = leer_yaml(yaml_ruta)
    except ArchivoError:
        return ""
    return str(datos.get("titulo", "")) if isinstance(datos, dict) else ""
