"""The package of a .docx as Word reads it: every relationship named by a part must resolve.

A WordprocessingML part names the other parts and external targets it uses by relationship id (``r:id`` of a
hyperlink or header reference, ``r:embed`` of a picture…); the ids live in the part's ``_rels/NAME.rels``. An id
missing there, or a relationship whose target is not in the package, makes Word refuse or «repair» the file.
``relaciones_sin_resolver`` lists every such problem in Spanish: the renderer refuses to write them and the tests
assert it on every document they produce.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_PREFIJO_R = f"{{{NS_R}}}"


def _rels_de(nombre: str) -> str:
    carpeta, archivo = posixpath.split(nombre)
    return posixpath.join(carpeta, "_rels", f"{archivo}.rels")


def _destino(origen: str, objetivo: str) -> str:
    if objetivo.startswith("/"):
        return objetivo.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(origen), objetivo))


def relaciones_sin_resolver(datos: bytes) -> list[str]:
    """Every relationship id named by a part that its .rels lacks, and every internal target not in the package."""
    from lxml import etree  # heavy library: imported where used (fast start)

    analizador = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    problemas: list[str] = []
    try:
        z = zipfile.ZipFile(io.BytesIO(datos))
    except zipfile.BadZipFile:
        return ["el archivo no es un paquete .docx (zip) válido"]
    with z:
        nombres = set(z.namelist())
        relaciones: dict[str, set[str]] = {}
        for nombre in sorted(n for n in nombres if n.endswith(".rels")):
            carpeta = posixpath.dirname(posixpath.dirname(nombre))
            origen = posixpath.join(carpeta, posixpath.basename(nombre)[: -len(".rels")])
            try:
                raiz = etree.fromstring(z.read(nombre), analizador)
            except etree.XMLSyntaxError:
                problemas.append(f"{nombre} no es XML válido")
                continue
            ids = relaciones.setdefault(origen, set())
            for rel in raiz.iter(f"{{{NS_REL}}}Relationship"):
                ids.add(rel.get("Id", ""))
                if rel.get("TargetMode") == "External":
                    continue
                objetivo = rel.get("Target", "")
                if _destino(origen, objetivo) not in nombres:
                    problemas.append(f"en {nombre} la relación {rel.get('Id')} apunta a «{objetivo}», que no está "
                                     "en el paquete")
        for nombre in sorted(nombres):
            if not nombre.endswith(".xml") or nombre == "[Content_Types].xml":
                continue
            contenido = z.read(nombre)
            if NS_R.encode() not in contenido:
                continue
            try:
                raiz = etree.fromstring(contenido, analizador)
            except etree.XMLSyntaxError:
                problemas.append(f"{nombre} no es XML válido")
                continue
            ids = relaciones.get(nombre, set())
            for elemento in raiz.iter():
                for atributo, valor in elemento.attrib.items():
                    if atributo.startswith(_PREFIJO_R) and valor and valor not in ids:
                        etiqueta = etree.QName(elemento).localname
                        problemas.append(f"{nombre}: <{etiqueta}> nombra la relación «{valor}», que "
                                         f"{_rels_de(nombre)} no tiene")
    return problemas
