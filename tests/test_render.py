"""The compiled renderer writes exactly what plain docxtpl writes, only faster."""

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2 import Environment, TemplateSyntaxError

from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.render import PlantillaCompilada, RelacionRota
from archivo.word.paquete import relaciones_sin_resolver
from tests import casos_docxtpl
from tests.utilidades import docx_prueba, texto_docx

CONTEXTO = {
    "institucion": {"nombre": "Instituto & Cía"}, "area": {"nombre": "Área <1>"}, "folio": "X/001/2025",
    "asunto": 'Dice "hola"', "lugar": "Ciudad", "fecha": "2025-06-17",
    "destinatario": {"nombre_completo": "Ana Ruiz", "cargo": "Técnica", "adscripcion_nombre": "DEOE"},
    "cuerpo": "Línea uno\nLínea dos", "fecha_limite": None, "monto": None,
    "calificaciones": [{"factor": "Metas", "valor": 9.5}, {"factor": "Competencias", "valor": 8}],
    "firmante": {"nombre": "Mtra. X", "cargo": "Directora"}, "copias": ["Archivo", "Minutario"],
}


def _plain(fuente: bytes, contexto: dict, env: Environment) -> bytes:
    tpl = DocxTemplate(io.BytesIO(fuente))
    tpl.render(contexto, env, autoescape=True)
    salida = io.BytesIO()
    tpl.save(salida)
    return salida.getvalue()


def _partes(datos: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


def test_identico_a_docxtpl_en_plantilla_propia() -> None:
    fuente = docx_prueba()
    pc = PlantillaCompilada(fuente, entorno_jinja())
    rapido = pc.render(CONTEXTO)
    plano = _plain(fuente, CONTEXTO, entorno_jinja())
    assert _partes(rapido) == _partes(plano)
    texto = texto_docx(rapido)
    assert "Instituto & Cía — Área <1>" in texto and 'ASUNTO: Dice "hola"' in texto
    assert "Línea uno\nLínea dos" in texto  # \n becomes a line break, as docxtpl does
    # rendering again with other data does not leak the previous render
    otro = pc.render(dict(CONTEXTO, asunto="Segundo", copias=[]))
    assert "Segundo" in texto_docx(otro) and "c.c.p." not in texto_docx(otro)
    assert _partes(pc.render(CONTEXTO)) == _partes(plano)


@pytest.fixture(scope="module")
def recursos_docxtpl(corpus: Path, tmp_path_factory) -> dict[str, Path]:
    return casos_docxtpl.recursos(corpus, tmp_path_factory.mktemp("docxtpl"))


@pytest.mark.corpus
@pytest.mark.parametrize("caso", casos_docxtpl.CASOS, ids=lambda c: c.nombre)
def test_casos_de_docxtpl_identicos_y_sin_relaciones_rotas(corpus: Path, recursos_docxtpl, caso) -> None:
    """docxtpl's own test templates with the contexts of its scripts: RichText hyperlinks, InlineImage (body and
    header), subdocuments built with python-docx and merged from a .docx (styles, numbering, pictures), replaced
    media and embedded objects, several renders of one template. Every package is the one docxtpl writes."""
    planos = casos_docxtpl.render_docxtpl(caso, corpus, recursos_docxtpl)
    rapidos = casos_docxtpl.render_compilado(caso, corpus, recursos_docxtpl)
    assert len(rapidos) == len(planos) == 1 + len(caso.repeticiones)
    for plano, rapido in zip(planos, rapidos, strict=True):
        assert relaciones_sin_resolver(rapido) == []
        assert _partes(rapido) == _partes(plano)
        Document(io.BytesIO(rapido))  # python-docx opens it


def test_son_37_casos() -> None:
    assert sum(1 + len(c.repeticiones) for c in casos_docxtpl.CASOS) == 37
    assert len({c.plantilla for c in casos_docxtpl.CASOS}) == 35


@pytest.mark.corpus
def test_el_error_de_plantilla_de_docxtpl_tambien_falla_aqui(corpus: Path) -> None:
    fuente = (corpus / "docxtpl-templates" / "template_error_tpl.docx").read_bytes()
    with pytest.raises(TemplateSyntaxError, match="endif"):
        PlantillaCompilada(fuente, Environment())
    with pytest.raises(TemplateSyntaxError, match="endif"):
        _plain(fuente, {"test_variable": "x"}, Environment())


@pytest.mark.corpus
def test_un_literal_con_entidades_no_se_escapa_dos_veces(corpus: Path) -> None:
    """{{ x|default("Testé&xx;") }}: Word stores the literal as Testé&amp;xx; and autoescape must not escape it
    again (plain docxtpl with autoescape writes Testé&amp;amp;xx;, shown as «Testé&amp;xx;»)."""
    fuente = (corpus / "docxtpl-templates" / "header_footer_entities_tpl.docx").read_bytes()
    datos = PlantillaCompilada(fuente, entorno_jinja()).render({"title": "Título & <b>"})
    assert relaciones_sin_resolver(datos) == []
    doc = Document(io.BytesIO(datos))
    pie = "\n".join(p.text for s in doc.sections for p in s.footer.paragraphs)
    cabecera = "\n".join(p.text for s in doc.sections for p in s.header.paragraphs)
    assert "Testé&xx;" in pie and "&amp;" not in pie
    assert "Título & <b>" in cabecera + texto_docx(datos)
    plano = Document(io.BytesIO(_plain(fuente, {"title": "x"}, Environment(autoescape=True))))
    assert "Testé&amp;xx;" in "\n".join(p.text for s in plano.sections for p in s.footer.paragraphs)


def test_imagen_en_linea_con_la_plantilla_compilada(tmp_path: Path) -> None:
    """An InlineImage (the «imagen» field) adds a picture part: the package is written whole, then reloaded, so
    the next document neither loses it nor inherits it."""
    imagenes = casos_docxtpl.dibujar_imagenes(tmp_path)
    doc = Document()
    doc.add_paragraph().add_run("Firma: {{ firma }}")
    doc.add_paragraph().add_run("{{ nombre }}")
    fuente = io.BytesIO()
    doc.save(fuente)
    pc = PlantillaCompilada(fuente.getvalue(), entorno_jinja())
    con = pc.render({"firma": InlineImage(pc, str(imagenes["python.png"]), width=Mm(30)), "nombre": "Ana"})
    sin = pc.render({"firma": "", "nombre": "Luis"})
    otra = pc.render({"firma": InlineImage(pc, str(imagenes["django.png"]), width=Mm(30)), "nombre": "Eva"})
    for datos in (con, sin, otra):
        assert relaciones_sin_resolver(datos) == []
    medios = [n for n in _partes(con) if n.startswith("word/media/")]
    assert len(medios) == 1 and _partes(con)[medios[0]] == imagenes["python.png"].read_bytes()
    assert not [n for n in _partes(sin) if n.startswith("word/media/")] and "Luis" in texto_docx(sin)
    assert [_partes(otra)[n] for n in _partes(otra) if n.startswith("word/media/")] == [
        imagenes["django.png"].read_bytes()]
    assert len(Document(io.BytesIO(otra)).inline_shapes) == 1


def test_hipervinculo_de_otra_plantilla_se_rechaza() -> None:
    """A RichText whose url_id belongs to another template would leave a dangling r:id: refused, not written."""
    pc = PlantillaCompilada(docx_prueba(), entorno_jinja())
    with pytest.raises(RelacionRota, match="rId99"):
        pc.render(dict(CONTEXTO, asunto=RichText("sitio", url_id="rId99")))


def test_hipervinculo_resuelto() -> None:
    pc = PlantillaCompilada(docx_prueba(), entorno_jinja())
    enlace = RichText("Consulte el sitio ")
    enlace.add("del Instituto", url_id=pc.build_url_id("https://www.iep.mx/"), underline=True)
    datos = pc.render(dict(CONTEXTO, asunto=enlace))
    assert relaciones_sin_resolver(datos) == []
    documento = Document(io.BytesIO(datos))
    externas = [r.target_ref for r in documento.part.rels.values() if r.is_external]
    assert externas == ["https://www.iep.mx/"]
    # the next document, without the link, has no relationship left over
    siguiente = Document(io.BytesIO(pc.render(CONTEXTO)))
    assert not [r for r in siguiente.part.rels.values() if r.is_external]


def test_relaciones_sin_resolver_detecta_un_paquete_danado() -> None:
    datos = docx_prueba()
    assert relaciones_sin_resolver(datos) == []
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(datos)) as z, zipfile.ZipFile(salida, "w") as w:
        for n in z.namelist():
            contenido = z.read(n)
            if n == "word/document.xml":
                contenido = contenido.replace(b'r:id="rId', b'r:id="rIdX', 1)
            if n == "word/_rels/document.xml.rels":
                contenido = contenido.replace(b'Target="styles.xml"', b'Target="no-existe.xml"')
            w.writestr(n, contenido)
    problemas = relaciones_sin_resolver(salida.getvalue())
    assert any("rIdX" in p for p in problemas) and any("no-existe.xml" in p for p in problemas)


def test_variables_de_la_plantilla() -> None:
    pc = PlantillaCompilada(docx_prueba(), entorno_jinja())
    assert {"folio", "asunto", "destinatario", "calificaciones", "copias", "institucion"} <= pc.variables()
    assert "c" not in pc.variables()  # loop variables are not template inputs
