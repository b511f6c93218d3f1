"""Compiled docxtpl rendering: load and compile a template once, render many documents fast.

``PlantillaCompilada`` runs docxtpl's own preprocessing (``patch_xml``) and Jinja compilation once per template,
then renders each context into the same XML docxtpl would produce (body with ``fix_tables`` and docPr ids,
headers, footers, footnotes, core properties).

Two ways of writing the package:

* **fast** (every document of the archive's own templates): the package's static parts are compressed once at
  compile time and reused; only the rendered parts are written per document.
* **complete** (when the package itself changes): docxtpl's rich objects add parts and relationships to the
  package — a hyperlink of ``RichText(url_id=tpl.build_url_id(url))``, the picture of an ``InlineImage`` (the
  ``imagen`` field type), a subdocument from ``new_subdoc()`` with its styles, numbering, pictures and footnotes,
  ``replace_media``/``replace_pic``/``replace_embedded``. Those go through this object (it answers the same calls
  as ``DocxTemplate``), which notes the change; the document is then written whole by docxtpl's own ``save`` and
  the package reloaded for the next render. A frozen package would otherwise leave a dangling ``r:id``.

Either way no package leaves with a relationship that does not resolve: a rendered part that names an ``r:id``
its part does not have is refused (``RelacionRota``).

With an autoescaping environment (the archive's) a string literal inside a tag keeps the XML escaping Word wrote
(``{{ x|default("Testé&xx;") }}`` is ``…Testé&amp;xx;…`` in the file); it is unescaped before compiling so that
autoescape escapes it once, not twice. ``tests/test_render.py`` checks the output against plain docxtpl's.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archivo.plantillas.limites import datos_propios
from archivo.word.paquete import relaciones_sin_resolver

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2 import Environment

_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_HIPERVINCULO = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_CORE_PROPS = ("author", "comments", "identifier", "language", "subject", "title")


_PARRAFO = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_ESPECIALES = ("\t", "\a", "\n", "\f")
_ETIQUETA = re.compile(r"\{\{(?:(?!\}\}).)*\}\}|\{%(?:(?!%\}).)*%\}", re.DOTALL)
# Attributes of WordprocessingML/DrawingML that name a relationship of their part.
_REFERENCIA = re.compile(r' r:(?:id|embed|link|pict|dm|lo|qs|cs|href)="([^"]*)"')


class RelacionRota(Exception):
    """A rendered part names a relationship its part does not have: the package would be damaged."""


def _tiene_especiales(texto: str) -> bool:
    return any(c in texto for c in _ESPECIALES)


_DECLARACION = re.compile(rb' xmlns(?::([\w.-]+))?="([^"]*)"')


def _post_render(tpl: DocxTemplate, xml: str) -> str:
    """What docxtpl.render_xml_part does after Jinja (kept in one place).

    docxtpl's ``resolve_listing`` turns tab, newline, bell and form feed inside text into Word breaks by running
    regexes over every paragraph; it changes nothing in a paragraph without those characters, so it is applied
    only to the paragraphs that have them (same matches, same output, a fraction of the time).
    """
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if not _tiene_especiales(xml):
        return xml
    return _PARRAFO.sub(lambda m: tpl.resolve_listing(m.group(0)) if _tiene_especiales(m.group(0)) else m.group(0),
                        xml)


def _pre_render(xml: str) -> str:
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _literal_sin_entidades(m: re.Match[str]) -> str:
    return m.group(0).replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def sin_entidades_en_etiquetas(xml: str) -> str:
    """Undo the XML escaping of ``&``, ``"`` and ``'`` inside Jinja tags (autoescape will escape the output)."""
    if "&" not in xml:
        return xml
    return _ETIQUETA.sub(_literal_sin_entidades, xml)


class _Entrada:
    """A zip member compressed once: reused verbatim in every output package."""

    __slots__ = ("nombre", "datos", "crc", "tam", "tam_comp", "metodo")

    def __init__(self, nombre: str, datos: bytes, comprimir: bool = True) -> None:
        self.nombre = nombre.encode("utf-8")
        self.crc = zlib.crc32(datos) & 0xFFFFFFFF
        self.tam = len(datos)
        if comprimir:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            self.datos = c.compress(datos) + c.flush()
            self.metodo = zipfile.ZIP_DEFLATED
        else:
            self.datos = datos
            self.metodo = zipfile.ZIP_STORED
        self.tam_comp = len(self.datos)


# A fixed timestamp keeps output packages byte-stable for the same content (1980-01-01, the zip epoch).
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


def escribir_zip(entradas: list[_Entrada]) -> bytes:
    """A minimal, standard zip writer (local headers, central directory, end record)."""
    salida = io.BytesIO()
    central = io.BytesIO()
    for e in entradas:
        desplazamiento = salida.tell()
        salida.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, e.metodo, _DOS_TIME, _DOS_DATE,
                                 e.crc, e.tam_comp, e.tam, len(e.nombre), 0))
        salida.write(e.nombre)
        salida.write(e.datos)
        central.write(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, 0, e.metodo, _DOS_TIME,
                                  _DOS_DATE, e.crc, e.tam_comp, e.tam, len(e.nombre), 0, 0, 0, 0, 0,
                                  desplazamiento))
        central.write(e.nombre)
    inicio_central = salida.tell()
    salida.write(central.getvalue())
    salida.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entradas), len(entradas),
                             len(central.getvalue()), inicio_central, 0))
    return salida.getvalue()


class PlantillaCompilada:
    """A docxtpl template compiled once for many renders. Not thread-safe (one per thread).

    Besides ``render`` it answers what docxtpl's rich objects ask of a template: ``build_url_id``, ``new_subdoc``,
    ``current_rendering_part`` (``InlineImage``), ``get_docx`` and the ``replace_*`` calls.
    """

    def __init__(self, fuente: Path | bytes, env: Environment,
                 ajustar: Callable[[PlantillaCompilada, Any], None] | None = None) -> None:
        """``ajustar(self, cuerpo)``: a last touch to every rendered body (``w:body``), e.g. keeping the signature
        with the paragraph before it (``archivo.plantillas.firma``)."""
        # One render at a time per compiled template: it reuses one lxml tree and the package, which two threads
        # must not touch at once (the portal renders from several threads; lxml crashed the process when two
        # issues of the same template overlapped).
        self._candado = threading.Lock()
        self.env = env
        self.ajustar = ajustar
        self._fuente = fuente if isinstance(fuente, bytes) else Path(fuente).read_bytes()
        self._sin_entidades = bool(env.autoescape)
        tpl = self._cargar()
        doc = tpl.docx

        cuerpo = self._preparar(tpl.get_xml())
        self.fuentes: dict[str, str] = {self._documento: cuerpo}
        self._cuerpo = env.from_string(_pre_render(cuerpo))

        # headers and footers: (zip name, compiled template, encoding)
        self._partes: list[tuple[str, Any, str]] = []
        for nombre, parte in self._cabeceras.items():
            xml = tpl.get_part_xml(parte)
            codificacion = tpl.get_headers_footers_encoding(xml)
            xml = self._preparar(xml)
            self.fuentes[nombre] = xml
            self._partes.append((nombre, env.from_string(_pre_render(xml)), codificacion))
        self._notas: list[tuple[str, Any]] = []
        for parte in doc.part.package.parts:
            if parte.content_type == _FOOTNOTES_CT:
                blob = parte.blob.decode("utf-8") if isinstance(parte.blob, bytes) else parte.blob
                xml = self._preparar(blob)
                nombre = parte.partname.lstrip("/")
                self.fuentes[nombre] = xml
                self._notas.append((nombre, env.from_string(_pre_render(xml))))
        self._props = {p: env.from_string(getattr(self._core, p) or "") for p in _CORE_PROPS}
        self._ultimas_props: tuple[str, ...] | None = None
        self._core_blob = b""
        # the last rendering of each header/footer and its bytes: usually the same from one document to the next
        self._ultimas_cabeceras: dict[str, tuple[str, bytes]] = {}
        self._ultimas_entradas: dict[str, tuple[bytes, _Entrada]] = {}  # each dynamic part compressed last time

        self._envoltura = self._envolver()

        # The package exactly as python-docx saves it; dynamic parts are replaced per render.
        paquete = io.BytesIO()
        doc.save(paquete)
        dinamicas = {self._documento, "docProps/core.xml"} | {n for n, _, _ in self._partes} | {
            n for n, _ in self._notas}
        self._orden: list[str] = []
        self._estaticas: dict[str, _Entrada] = {}
        with zipfile.ZipFile(paquete) as z:
            for info in z.infolist():
                self._orden.append(info.filename)
                if info.filename not in dinamicas:
                    self._estaticas[info.filename] = _Entrada(info.filename, z.read(info.filename))
        # the relationships each rendered part may name (a frozen package cannot gain new ones)
        self._rids: dict[str, frozenset[str]] = {self._documento: frozenset(doc.part.rels)}
        for nombre, parte in self._cabeceras.items():
            self._rids[nombre] = frozenset(parte.rels)
        for nombre, _ in self._notas:
            parte = next(p for p in doc.part.package.parts if p.partname.lstrip("/") == nombre)
            self._rids[nombre] = frozenset(parte.rels)

    # --- the package and what changes it -----------------------------------------------------------

    def _cargar(self) -> DocxTemplate:
        """(Re)load the package from the template's bytes: a fresh state, as docxtpl has before each render."""
        from docxtpl import DocxTemplate  # heavy library: imported where used (fast start)

        tpl = DocxTemplate(io.BytesIO(self._fuente))
        tpl.render_init()
        self._tpl = tpl
        doc = tpl.docx
        self._raiz = doc._element  # w:document; a fast render leaves its rendered body in it (``_restaurar``)
        self._cuerpo_plantilla = self._raiz.body
        self._documento = doc.part.partname.lstrip("/")
        self._cabeceras: dict[str, Any] = {}
        self._rel_de: dict[str, str] = {}
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for rel, parte in tpl.get_headers_footers(uri):
                nombre = parte.partname.lstrip("/")
                self._cabeceras[nombre] = parte
                self._rel_de[nombre] = rel
        self._core = doc.core_properties
        self._core_parte = doc.part.package._core_properties_part if any(
            p.partname == "/docProps/core.xml" for p in doc.part.package.parts) else None
        self._mutada = False
        self._parte_actual: Any = None
        return tpl

    def _envolver(self) -> tuple[bytes, bytes, dict[str | None, str]] | None:
        """What ``word/document.xml`` has around its body, serialised once: the bytes before and after ``w:body``
        and the namespaces the root declares. None when the body cannot be spliced in (``_documento_xml``)."""
        from lxml import etree  # heavy library: imported where used (fast start)

        cuerpo = self._raiz.body
        marca = etree.Element(cuerpo.tag)
        self._raiz.replace(cuerpo, marca)
        try:
            texto = etree.tostring(self._raiz, encoding="UTF-8", standalone=True)
        finally:
            self._raiz.replace(marca, cuerpo)
        vacio = f"<{cuerpo.prefix}:body/>".encode() if cuerpo.prefix else b"<body/>"
        if texto.count(vacio) != 1:
            return None
        antes, despues = texto.split(vacio)
        return antes, despues, dict(self._raiz.nsmap)

    def _documento_xml(self, arbol: Any) -> bytes:
        """``word/document.xml`` with the rendered body: the bytes lxml writes once the body is moved into the
        document (what docxtpl saves), spliced instead of moved — moving a parsed body into the document costs lxml
        more than rendering it. lxml drops the body's namespace declarations the root already makes; so does this.
        """
        from lxml import etree  # heavy library: imported where used (fast start)

        if self._envoltura is not None:
            antes, despues, del_documento = self._envoltura
            cuerpo = etree.tostring(arbol, encoding="UTF-8", xml_declaration=False)
            fin = cuerpo.find(b">")
            inicio = cuerpo[:fin]
            propias = {p: h for p, h in arbol.nsmap.items()}
            valido = fin > 0 and all(c not in h for h in propias.values() for c in '"&<>')
            for prefijo, href in propias.items():
                if href not in del_documento.values():
                    continue
                if del_documento.get(prefijo) != href:  # lxml would rename the prefix: not spliced
                    valido = False
                    break
                declaracion = (f' xmlns:{prefijo}="{href}"' if prefijo else f' xmlns="{href}"').encode()
                if inicio.count(declaracion) != 1:
                    valido = False
                    break
                inicio = inicio.replace(declaracion, b"")
            # lxml also drops a declaration deeper in the body whose namespace an ancestor already declares (and
            # may rename its prefix): such a body is moved, not spliced
            if valido:
                vistas = set(del_documento.values()) | set(propias.values())
                for _, crudo in _DECLARACION.findall(cuerpo, fin):
                    href = crudo.decode("utf-8")
                    if href in vistas:
                        valido = False
                        break
                    vistas.add(href)
            if valido:
                return antes + inicio + cuerpo[fin:] + despues
        self._raiz.replace(self._raiz.body, arbol)  # left there until the package is needed (``_restaurar``)
        return etree.tostring(self._raiz, encoding="UTF-8", standalone=True)

    def _preparar(self, xml: str) -> str:
        xml = self._tpl.patch_xml(xml)
        return sin_entidades_en_etiquetas(xml) if self._sin_entidades else xml

    @property
    def current_rendering_part(self) -> Any:
        """The part being rendered (``InlineImage`` adds its picture to it): the package changes."""
        self._mutada = True
        return self._parte_actual

    def _restaurar(self) -> None:
        """Put the template's body back in the package (a fast render leaves the rendered one: moving it out again
        on every render costs lxml more than the render itself)."""
        actual = self._raiz.body
        if actual is not self._cuerpo_plantilla:
            self._raiz.replace(actual, self._cuerpo_plantilla)

    def get_docx(self) -> Any:
        """The python-docx document of the package (``Subdoc`` composes into it): the package changes."""
        self._mutada = True
        self._restaurar()
        return self._tpl.docx

    def init_docx(self, reload: bool = True) -> None:  # noqa: ARG002 - docxtpl's signature
        """What docxtpl's helpers call before touching the package; the package is always loaded here."""

    def build_url_id(self, url: str) -> str:
        """A relationship to the external ``url`` (for ``RichText(..., url_id=…)``)."""
        self._mutada = True
        return self._tpl.docx._part.relate_to(url, _HIPERVINCULO, is_external=True)

    def new_subdoc(self, docpath: Any = None) -> Any:
        """A subdocument, empty or from a .docx (its styles, numbering, pictures and footnotes are merged)."""
        from docxtpl.subdoc import Subdoc  # heavy library: imported where used (fast start)

        self._mutada = True
        return Subdoc(self, docpath)

    def replace_media(self, src_file: Any, dst_file: Any) -> None:
        self._mutada = True
        self._tpl.replace_media(src_file, dst_file)

    def replace_pic(self, embedded_file: str, dst_file: Any) -> None:
        self._mutada = True
        self._tpl.replace_pic(embedded_file, dst_file)

    def replace_embedded(self, src_file: Any, dst_file: Any) -> None:
        self._mutada = True
        self._tpl.replace_embedded(src_file, dst_file)

    def replace_zipname(self, zipname: str, dst_file: Any) -> None:
        self._mutada = True
        self._tpl.replace_zipname(zipname, dst_file)

    # --- rendering ----------------------------------------------------------------------------------

    @property
    def estilos(self) -> Any:
        """The styles of the template (python-docx), e.g. to find a style's id by its name."""
        return self._tpl.docx.styles

    def variables(self) -> set[str]:
        """Every top-level name the template uses (body, headers, footers, footnotes, properties)."""
        from jinja2 import meta as jinja_meta  # heavy library: imported where used (fast start)

        nombres: set[str] = set()
        for fuente in self.fuentes.values():
            nombres |= jinja_meta.find_undeclared_variables(self.env.parse(fuente))
        return nombres

    def _comprobar_referencias(self, nombre: str, xml: str) -> None:
        if "r:" not in xml:
            return
        validas = self._rids.get(nombre, frozenset())
        for rid in _REFERENCIA.findall(xml):
            if rid not in validas:
                raise RelacionRota(
                    f"La parte {nombre} del documento nombra la relación «{rid}», que no existe en la plantilla; "
                    "un dato enriquecido (hipervínculo, imagen, subdocumento) se creó con otra plantilla.")

    def _renderizar(self, contexto: Mapping[str, Any], cuerpo: Any, partes: list[tuple[str, Any, str]]
                    ) -> tuple[str, Any, list[tuple[str, str, str]], tuple[str, ...]]:
        """Body (rendered XML and its fixed tree), headers and footers, and the core properties for ``contexto``."""
        with datos_propios(contexto) as propios:
            return self._renderizar_partes(propios, cuerpo, partes)

    def _renderizar_partes(self, contexto: Mapping[str, Any], cuerpo: Any, partes: list[tuple[str, Any, str]]
                           ) -> tuple[str, Any, list[tuple[str, str, str]], tuple[str, ...]]:
        tpl = self._tpl
        tpl.docx_ids_index = 1000
        try:
            self._parte_actual = tpl.docx._part
            xml = _post_render(tpl, cuerpo.render(contexto))
            arbol = tpl.fix_tables(xml)
            tpl.fix_docpr_ids(arbol)
            if self.ajustar is not None:
                self.ajustar(self, arbol)
            cabeceras: list[tuple[str, str, str]] = []
            for nombre, plantilla, codificacion in partes:
                self._parte_actual = self._cabeceras[nombre]
                cabeceras.append((nombre, _post_render(tpl, plantilla.render(contexto)), codificacion))
        finally:
            self._parte_actual = None
        valores = tuple(plantilla.render(contexto) for plantilla in self._props.values())
        return xml, arbol, cabeceras, valores

    def render(self, contexto: Mapping[str, Any]) -> bytes:
        """The .docx bytes for ``contexto`` (what DocxTemplate.render + save would write). Thread-safe."""
        with self._candado:
            return self._render(contexto)

    def _render(self, contexto: Mapping[str, Any]) -> bytes:
        from lxml import etree  # heavy library: imported where used (fast start)

        if self._mutada:
            # changed before rendering (a subdocument merged into it, a hyperlink, replaced media): render the
            # package as it is now, as docxtpl does
            return self._render_actual(contexto)
        cuerpo, arbol, cabeceras, valores = self._renderizar(contexto, self._cuerpo, self._partes)
        if self._mutada:  # changed while rendering (an InlineImage added its picture)
            return self._escribir_completo(contexto, arbol, cabeceras, valores)

        tpl = self._tpl
        dinamicas: dict[str, bytes] = {}
        documento = self._documento_xml(arbol)
        self._comprobar_referencias(self._documento, cuerpo)
        dinamicas[self._documento] = documento
        for nombre, xml, codificacion in cabeceras:
            ultima = self._ultimas_cabeceras.get(nombre)
            if ultima is not None and ultima[0] == xml:
                dinamicas[nombre] = ultima[1]
                continue
            self._comprobar_referencias(nombre, xml)
            # docxtpl reloads the part through lxml; serialising the parsed tree gives the same bytes it saves.
            dinamicas[nombre] = etree.tostring(etree.fromstring(xml.encode(codificacion), _analizador()),
                                               encoding="UTF-8", standalone=True)
            self._ultimas_cabeceras[nombre] = (xml, dinamicas[nombre])
        for nombre, plantilla in self._notas:
            xml = _post_render(tpl, plantilla.render(contexto))
            self._comprobar_referencias(nombre, xml)
            dinamicas[nombre] = xml.encode("utf-8")
        if self._core_parte is not None:
            if valores != self._ultimas_props:  # usually the same every time: serialise once
                for prop, valor in zip(self._props, valores, strict=True):
                    setattr(self._core, prop, valor)
                self._ultimas_props = valores
                self._core_blob = self._core_parte.blob
            dinamicas["docProps/core.xml"] = self._core_blob

        entradas = []
        for nombre in self._orden:
            if nombre in dinamicas:
                datos = dinamicas[nombre]
                previa = self._ultimas_entradas.get(nombre)
                if previa is None or previa[0] != datos:  # a header or the properties: usually as last time
                    previa = (datos, _Entrada(nombre, datos))
                    self._ultimas_entradas[nombre] = previa
                entradas.append(previa[1])
            else:
                entradas.append(self._estaticas[nombre])
        return escribir_zip(entradas)

    def _render_actual(self, contexto: Mapping[str, Any]) -> bytes:
        """Compile the parts as they are now (a merge renumbers pictures, adds styles) and render them."""
        self._restaurar()
        tpl = self._tpl
        cuerpo = self.env.from_string(_pre_render(self._preparar(tpl.get_xml())))
        partes = []
        for nombre, parte in self._cabeceras.items():
            xml = tpl.get_part_xml(parte)
            codificacion = tpl.get_headers_footers_encoding(xml)
            partes.append((nombre, self.env.from_string(_pre_render(self._preparar(xml))), codificacion))
        _, arbol, cabeceras, valores = self._renderizar(contexto, cuerpo, partes)
        return self._escribir_completo(contexto, arbol, cabeceras, valores)

    def _escribir_completo(self, contexto: Mapping[str, Any], arbol: Any, cabeceras: list[tuple[str, str, str]],
                         valores: tuple[str, ...]) -> bytes:
        """Write the changed package whole, as docxtpl does, then reload it for the next render."""
        self._restaurar()
        tpl = self._tpl
        try:
            tpl.map_tree(arbol)
            for nombre, xml, codificacion in cabeceras:
                tpl.map_headers_footers_xml(self._rel_de[nombre], xml.encode(codificacion))
            for prop, valor in zip(self._props, valores, strict=True):
                setattr(self._core, prop, valor)
            # footnotes as they are now: a merged subdocument may have brought its own
            for parte in tpl.docx.part.package.parts:
                if parte.content_type == _FOOTNOTES_CT:
                    blob = parte.blob.decode("utf-8") if isinstance(parte.blob, bytes) else parte.blob
                    plantilla = self.env.from_string(_pre_render(self._preparar(blob)))
                    parte._blob = _post_render(tpl, plantilla.render(contexto)).encode("utf-8")
            tpl.is_rendered = True
            salida = io.BytesIO()
            tpl.save(salida)
            datos = salida.getvalue()
        finally:
            self._cargar()
        rotas = relaciones_sin_resolver(datos)
        if rotas:
            raise RelacionRota("El documento tendría relaciones que no se resuelven: " + "; ".join(rotas[:5]))
        return datos


def _analizador() -> Any:
    from docx.oxml.parser import oxml_parser  # heavy library: imported where used (fast start)

    return oxml_parser


def medir(plantilla: PlantillaCompilada, contexto: Mapping[str, Any], n: int = 10) -> float:
    """Seconds per render (benchmarks)."""
    inicio = time.perf_counter()
    for _ in range(n):
        plantilla.render(contexto)
    return (time.perf_counter() - inicio) / n
