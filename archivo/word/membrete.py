"""The membrete: one Word file (``membrete.docx``) with the office's letterhead, applied to every document built.

``aplicar_membrete(plantilla, membrete)`` returns the template's package with, taken from the membrete:

* **page size and margins** of every section (a landscape section of the template stays landscape: the
  membrete's paper is turned, its margins kept);
* **header and footer** (default, first-page and even-page ones, whatever the membrete has), with their pictures
  (the logo) and hyperlinks; the template's own header and footer are dropped. Only the first section names
  them: the following ones show the same (Word's «vincular al anterior»);
* **styles**: the document defaults and every style the membrete defines replace the template's style of the same
  name (its id in the template is kept, so the template's paragraphs keep pointing to it); styles only the
  template has are kept. Change the font of «Normal» or of «Cuerpo del documento» in the membrete and every
  document follows.

The template's body is not touched. The result is an ordinary template: the header and footer may use the
template variables (``{{ institucion.nombre }}``, ``{{ folio }}``…) and are rendered with it.
"""

from __future__ import annotations

import copy
import io
from typing import Any

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
RT_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


def _w(nombre: str) -> str:
    return f"{{{NS_W}}}{nombre}"


_REFERENCIAS = (_w("headerReference"), _w("footerReference"))
# CT_SectPr children after the margins (ECMA-376 order), to insert w:titlePg and w:pgSz/w:pgMar in place.
_DESPUES_DE_PGMAR = ("paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                     "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
_DESPUES_DE_TITLEPG = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _secciones(doc: Any) -> list[Any]:
    """Every w:sectPr of the body: those closing a section inside a paragraph, then the final one."""
    cuerpo = doc.element.body
    return list(cuerpo.iter(_w("sectPr")))


def _insertar_antes(padre: Any, elemento: Any, siguientes: tuple[str, ...]) -> None:
    for hijo in padre:
        if isinstance(hijo.tag, str) and hijo.tag.startswith(f"{{{NS_W}}}") and \
                hijo.tag.split("}", 1)[1] in siguientes:
            hijo.addprevious(elemento)
            return
    padre.append(elemento)


def _pagina(destino: Any, origen: Any) -> None:
    """Paper size and margins of ``origen`` onto section ``destino`` (turned if ``destino`` is landscape)."""
    tam_origen, tam_destino = origen.find(_w("pgSz")), destino.find(_w("pgSz"))
    if tam_origen is not None:
        nuevo = copy.deepcopy(tam_origen)
        horizontal = False
        if tam_destino is not None:
            ancho, alto = tam_destino.get(_w("w")), tam_destino.get(_w("h"))
            horizontal = tam_destino.get(_w("orient")) == "landscape" or (
                ancho is not None and alto is not None and int(ancho) > int(alto))
        a, b = int(nuevo.get(_w("w"), "12240")), int(nuevo.get(_w("h"), "15840"))
        menor, mayor = sorted((a, b))
        if horizontal:
            nuevo.set(_w("w"), str(mayor))
            nuevo.set(_w("h"), str(menor))
            nuevo.set(_w("orient"), "landscape")
        else:
            nuevo.set(_w("w"), str(menor))
            nuevo.set(_w("h"), str(mayor))
            nuevo.attrib.pop(_w("orient"), None)
        if tam_destino is not None:
            destino.replace(tam_destino, nuevo)
        else:
            _insertar_antes(destino, nuevo, ("pgMar", *_DESPUES_DE_PGMAR))
    mar_origen, mar_destino = origen.find(_w("pgMar")), destino.find(_w("pgMar"))
    if mar_origen is not None:
        nuevo = copy.deepcopy(mar_origen)
        if mar_destino is not None:
            destino.replace(mar_destino, nuevo)
        else:
            _insertar_antes(destino, nuevo, _DESPUES_DE_PGMAR)


def _copiar_parte(parte: Any, paquete: Any, clase: Any, plantilla_nombre: str, tipo_contenido: str) -> Any:
    """A copy of header/footer ``parte`` (of the membrete) in ``paquete``, with its relationships."""
    from docx.opc.part import Part  # heavy library: imported where used (fast start)
    from docx.oxml.parser import parse_xml

    nueva = clase(paquete.next_partname(plantilla_nombre), tipo_contenido, parse_xml(parte.blob), paquete)
    mapa: dict[str, str] = {}
    for rid, rel in parte.rels.items():
        if rel.is_external:
            mapa[rid] = nueva.relate_to(rel.target_ref, rel.reltype, is_external=True)
        elif rel.reltype == RT_IMAGE:
            mapa[rid], _ = nueva.get_or_add_image(io.BytesIO(rel.target_part.blob))
        else:
            destino = rel.target_part
            extension = destino.partname.ext
            copia = Part(paquete.next_partname(f"/word/media/membrete%d.{extension}"), destino.content_type,
                         destino.blob, paquete)
            mapa[rid] = nueva.relate_to(copia, rel.reltype)
    if mapa:
        prefijo = f"{{{NS_R}}}"
        for elemento in nueva.element.iter():
            for atributo, valor in list(elemento.attrib.items()):
                if atributo.startswith(prefijo) and valor in mapa:
                    elemento.set(atributo, mapa[valor])
    return nueva


def _estilos(doc: Any, mem: Any) -> None:
    """The membrete's document defaults and styles over the template's (matched by style name)."""
    destino = doc.styles.element
    origen = mem.styles.element
    defectos_origen, defectos_destino = origen.find(_w("docDefaults")), destino.find(_w("docDefaults"))
    if defectos_origen is not None:
        if defectos_destino is not None:
            destino.replace(defectos_destino, copy.deepcopy(defectos_origen))
        else:
            destino.insert(0, copy.deepcopy(defectos_origen))

    def nombre(estilo: Any) -> str:
        n = estilo.find(_w("name"))
        return (n.get(_w("val")) if n is not None else estilo.get(_w("styleId"), "")).strip().lower()

    existentes = {(e.get(_w("type")), nombre(e)): e for e in destino.findall(_w("style"))}
    ids_ocupados = {e.get(_w("styleId")) for e in destino.findall(_w("style"))}
    # membrete styleId -> the id the same style has in the template (references are rewritten to it)
    ids: dict[str, str] = {}
    nuevos = []
    for estilo in origen.findall(_w("style")):
        clave = (estilo.get(_w("type")), nombre(estilo))
        propio = existentes.get(clave)
        if propio is not None:
            ids[estilo.get(_w("styleId"))] = propio.get(_w("styleId"))
        else:
            identificador = estilo.get(_w("styleId"))
            if identificador in ids_ocupados:  # same id, another style in the template: give it a new id
                n = 2
                while f"{identificador}{n}" in ids_ocupados:
                    n += 1
                ids[identificador] = f"{identificador}{n}"
                ids_ocupados.add(ids[identificador])
            else:
                ids[identificador] = identificador
        nuevos.append((clave, estilo))
    for clave, estilo in nuevos:
        copia = copy.deepcopy(estilo)
        copia.set(_w("styleId"), ids[estilo.get(_w("styleId"))])
        for referencia in ("basedOn", "next", "link"):
            ref = copia.find(_w(referencia))
            if ref is not None and ref.get(_w("val")) in ids:
                ref.set(_w("val"), ids[ref.get(_w("val"))])
        if copia.get(_w("default")) == "1":  # one default per type: the membrete's
            for otro in destino.findall(_w("style")):
                if otro.get(_w("type")) == copia.get(_w("type")) and otro.get(_w("default")) == "1":
                    del otro.attrib[_w("default")]
        propio = existentes.get(clave)
        if propio is not None:
            destino.replace(propio, copia)
        else:
            destino.append(copia)
    return None


def aplicar_membrete(plantilla: bytes, membrete: bytes) -> bytes:
    """``plantilla`` with the page setup, header, footer and styles of ``membrete`` (both .docx bytes)."""
    from docx import Document  # heavy library: imported where used (fast start)
    from docx.parts.hdrftr import FooterPart, HeaderPart

    doc = Document(io.BytesIO(plantilla))
    mem = Document(io.BytesIO(membrete))
    secciones = _secciones(doc)
    sect_mem = _secciones(mem)[-1]

    # drop the template's own header and footer references (their parts go with them)
    for sect in secciones:
        for ref in [r for r in sect if r.tag in _REFERENCIAS]:
            rid = ref.get(f"{{{NS_R}}}id")
            sect.remove(ref)
            if rid in doc.part.rels:
                doc.part.drop_rel(rid)
        titulo = sect.find(_w("titlePg"))
        if titulo is not None:
            sect.remove(titulo)
    for rid in [rid for rid, rel in doc.part.rels.items() if rel.reltype in (RT_HEADER, RT_FOOTER)]:
        doc.part.drop_rel(rid)

    paquete = doc.part.package
    referencias = []
    for ref in sect_mem:
        if ref.tag not in _REFERENCIAS:
            continue
        rel = mem.part.rels.get(ref.get(f"{{{NS_R}}}id"))
        if rel is None:
            continue
        es_cabecera = ref.tag == _w("headerReference")
        nueva = _copiar_parte(rel.target_part, paquete, HeaderPart if es_cabecera else FooterPart,
                              "/word/header%d.xml" if es_cabecera else "/word/footer%d.xml",
                              CT_HEADER if es_cabecera else CT_FOOTER)
        rid = doc.part.relate_to(nueva, RT_HEADER if es_cabecera else RT_FOOTER)
        copia = copy.deepcopy(ref)
        copia.set(f"{{{NS_R}}}id", rid)
        referencias.append(copia)
    primera = secciones[0]
    for copia in reversed(referencias):
        primera.insert(0, copia)
    if sect_mem.find(_w("titlePg")) is not None:
        _insertar_antes(primera, copy.deepcopy(sect_mem.find(_w("titlePg"))), _DESPUES_DE_TITLEPG)
    for sect in secciones:
        _pagina(sect, sect_mem)
    _estilos(doc, mem)
    salida = io.BytesIO()
    doc.save(salida)
    return salida.getvalue()


def ancho_util_cm(datos: bytes, seccion: int = -1) -> float:
    """Width between the margins of a section of a .docx, in cm (wide tables are sized to fit it)."""
    from docx import Document  # heavy library: imported where used (fast start)

    s = Document(io.BytesIO(datos)).sections[seccion]
    return (s.page_width - s.left_margin - s.right_margin) / 360000
