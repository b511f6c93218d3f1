"""Compiled docxtpl rendering: load and compile a template once, render many documents fast.

``PlantillaCompilada`` runs docxtpl's own preprocessing (``patch_xml``) and Jinja compilation once per template,
then renders each context into the same XML docxtpl would produce (body with ``fix_tables`` and docPr ids,
headers, footers, footnotes, core properties) and writes the package with its static parts compressed once.
``tests/test_render.py`` checks the text is identical to plain docxtpl's for the same template and context.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docxtpl import DocxTemplate
    from jinja2 import Environment

_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CORE_PROPS = ("author", "comments", "identifier", "language", "subject", "title")


_PARRAFO = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_ESPECIALES = ("\t", "\a", "\n", "\f")


def _tiene_especiales(texto: str) -> bool:
    return any(c in texto for c in _ESPECIALES)


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
    """A docxtpl template compiled once for many renders. Not thread-safe (one per thread)."""

    def __init__(self, fuente: Path | bytes, env: Environment) -> None:
        from docxtpl import DocxTemplate  # heavy library: imported where used (fast start)

        # One render at a time per compiled template: it reuses one lxml tree (the body is swapped in and
        # serialised), which two threads must not touch at once (the portal renders from several threads; lxml
        # crashed the process when two issues of the same template overlapped).
        self._candado = threading.Lock()
        self.env = env
        datos_fuente = fuente if isinstance(fuente, bytes) else Path(fuente).read_bytes()
        self._tpl = DocxTemplate(io.BytesIO(datos_fuente))
        self._tpl.render_init()
        tpl = self._tpl
        doc = tpl.docx
        self._raiz = doc._element  # w:document; its body is replaced on every render (as docxtpl does)
        self._documento = doc.part.partname.lstrip("/")

        cuerpo = tpl.patch_xml(tpl.get_xml())
        self.fuentes: dict[str, str] = {self._documento: cuerpo}
        self._cuerpo = env.from_string(_pre_render(cuerpo))

        # headers and footers: (zip name, compiled template, encoding)
        self._partes: list[tuple[str, Any, str]] = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _rel, parte in tpl.get_headers_footers(uri):
                xml = tpl.get_part_xml(parte)
                codificacion = tpl.get_headers_footers_encoding(xml)
                xml = tpl.patch_xml(xml)
                nombre = parte.partname.lstrip("/")
                self.fuentes[nombre] = xml
                self._partes.append((nombre, env.from_string(_pre_render(xml)), codificacion))
        self._notas: list[tuple[str, Any]] = []
        for parte in doc.part.package.parts:
            if parte.content_type == _FOOTNOTES_CT:
                blob = parte.blob.decode("utf-8") if isinstance(parte.blob, bytes) else parte.blob
                xml = tpl.patch_xml(blob)
                nombre = parte.partname.lstrip("/")
                self.fuentes[nombre] = xml
                self._notas.append((nombre, env.from_string(_pre_render(xml))))
        self._core = doc.core_properties
        self._props = {p: env.from_string(getattr(self._core, p) or "") for p in _CORE_PROPS}
        self._ultimas_props: tuple[str, ...] | None = None
        self._core_blob = b""

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
        self._core_parte = doc.part.package._core_properties_part if "docProps/core.xml" in self._orden else None

    def variables(self) -> set[str]:
        """Every top-level name the template uses (body, headers, footers, footnotes, properties)."""
        from jinja2 import meta as jinja_meta  # heavy library: imported where used (fast start)

        nombres: set[str] = set()
        for fuente in self.fuentes.values():
            nombres |= jinja_meta.find_undeclared_variables(self.env.parse(fuente))
        return nombres

    def render(self, contexto: Mapping[str, Any]) -> bytes:
        """The .docx bytes for ``contexto`` (what DocxTemplate.render + save would write). Thread-safe."""
        with self._candado:
            return self._render(contexto)

    def _render(self, contexto: Mapping[str, Any]) -> bytes:
        from docx.opc.oxml import parse_xml  # heavy libraries: imported where used (fast start)
        from lxml import etree

        tpl = self._tpl
        tpl.docx_ids_index = 1000
        dinamicas: dict[str, bytes] = {}

        cuerpo = _post_render(tpl, self._cuerpo.render(contexto))
        arbol = tpl.fix_tables(cuerpo)
        tpl.fix_docpr_ids(arbol)
        self._raiz.replace(self._raiz.body, arbol)
        dinamicas[self._documento] = etree.tostring(self._raiz, encoding="UTF-8", standalone=True)

        for nombre, plantilla, codificacion in self._partes:
            xml = _post_render(tpl, plantilla.render(contexto))
            # docxtpl reloads the part through lxml; serialising the parsed tree gives the same bytes it saves.
            dinamicas[nombre] = etree.tostring(parse_xml(xml.encode(codificacion)), encoding="UTF-8",
                                               standalone=True)
        for nombre, plantilla in self._notas:
            dinamicas[nombre] = _post_render(tpl, plantilla.render(contexto)).encode("utf-8")
        if self._core_parte is not None:
            valores = tuple(plantilla.render(contexto) for plantilla in self._props.values())
            if valores != self._ultimas_props:  # usually the same every time: serialise once
                for prop, valor in zip(self._props, valores, strict=True):
                    setattr(self._core, prop, valor)
                self._ultimas_props = valores
                self._core_blob = self._core_parte.blob
            dinamicas["docProps/core.xml"] = self._core_blob

        entradas = []
        for nombre in self._orden:
            if nombre in dinamicas:
                entradas.append(_Entrada(nombre, dinamicas[nombre]))
            else:
                entradas.append(self._estaticas[nombre])
        return escribir_zip(entradas)


def medir(plantilla: PlantillaCompilada, contexto: Mapping[str, Any], n: int = 10) -> float:
    """Seconds per render (benchmarks)."""
    inicio = time.perf_counter()
    for _ in range(n):
        plantilla.render(contexto)
    return (time.perf_counter() - inicio) / n
