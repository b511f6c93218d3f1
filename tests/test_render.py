"""The compiled renderer writes exactly what plain docxtpl writes, only faster."""

import io
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from jinja2 import Environment

from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.render import PlantillaCompilada
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


@pytest.mark.corpus
@pytest.mark.parametrize("nombre,contexto", [
    ("order_tpl.docx", {"customer_name": "Eric", "items": [{"desc": "Python", "qty": 2, "price": "FREE"}],
                        "in_europe": True, "is_paid": False, "company_name": "ACME", "total_price": "100"}),
    ("header_footer_tpl.docx", {"title": "Título & <b>", "company_name": "Empresa", "date": "2016-03-17",
                                "mysubdoc": ""}),
    ("footnotes_tpl.docx", {"a_jinja_variable": "Una variable"}),
    ("nested_for_tpl.docx", {"dishes": [{"name": "Pizza", "ingredients": ["pan", "tomate"]}],
                             "authors": [{"name": "Rulfo", "books": [{"title": "Pedro Páramo"}]}]}),
    ("vertical_merge_tpl.docx", {}),
    ("dynamic_table_tpl.docx", {"col_labels": ["a", "b"], "tbl_contents": [{"label": "x", "cols": ["1", "2"]}]}),
])
def test_identico_a_docxtpl_en_plantillas_de_docxtpl(corpus: Path, nombre: str, contexto: dict) -> None:
    fuente = (corpus / "docxtpl-templates" / nombre).read_bytes()
    rapido = PlantillaCompilada(fuente, Environment(autoescape=True)).render(contexto)
    assert _partes(rapido) == _partes(_plain(fuente, contexto, Environment(autoescape=True)))


def test_variables_de_la_plantilla() -> None:
    pc = PlantillaCompilada(docx_prueba(), entorno_jinja())
    assert {"folio", "asunto", "destinatario", "calificaciones", "copias", "institucion"} <= pc.variables()
    assert "c" not in pc.variables()  # loop variables are not template inputs
