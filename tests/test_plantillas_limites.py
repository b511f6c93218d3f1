"""Templates run in an immutable sandbox with a budget: they stop with a Spanish message naming the tag, never
change shared data, and `plantillas verificar` warns about what would stop them."""

import io
from pathlib import Path

import pytest
import yaml
from docx import Document

from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.limites import ErrorPlantilla
from tests.utilidades import texto_docx

ESQUEMA = {"nombre": "x", "titulo": "Prueba", "tipo": "oficio", "serie": "oficio", "area": "DEVySPE",
           "descripcion": "Plantilla de prueba.",
           "campos": [{"nombre": "asunto", "tipo": "texto", "requerido": True, "descripcion": "Asunto",
                       "ejemplo": "Aviso"}]}

# name: (body of the template, words of the error when generating, words of `plantillas verificar`, exit code)
CASOS = {
    "include": ("{% include 'otra.docx' %}", "no puede incluir", "no se permite", 1),
    "import": ("{% import 'otra' as m %}", "no puede incluir", "no se permite", 1),
    "extends": ("{% extends 'base' %}", "no puede incluir", "no se permite", 1),
    "rango": ("{% for i in range(10**9) %}x{% endfor %}", "«range(1000000000)» pide", "«range(…)» pide", 1),
    "recursiva": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "La macro «f» se llama a sí misma",
                  "la macro «f» se llama a sí misma", 0),
    "anidados": ("{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",
                 "se detuvo en «{% for j in range(100000) %}»", "dos ciclos anidados repiten", 1),
    "modifica": ("{{ institucion.update({'nombre': 'OTRA INSTITUCION'}) }}", "intenta modificar un dato",
                 "«.update(…)» modifica un dato", 1),
    "repite": ("{{ 'x' * 1000000000 }}", "demasiado grande", None, 0),
    "ancho": ("{{ asunto|center(1000000000) }}", "El ancho 1000000000", None, 0),
    "cero": ("{{ 1 / 0 }}", "divide entre cero", None, 0),
}


@pytest.fixture
def plantillas(raiz: Raiz, cli) -> Raiz:
    for nombre, (cuerpo, *_r) in CASOS.items():
        doc = Document()
        doc.add_paragraph("Asunto: {{ asunto }}")
        doc.add_paragraph(cuerpo)
        salida = io.BytesIO()
        doc.save(salida)
        (raiz.plantillas / f"{nombre}.docx").write_bytes(salida.getvalue())
        (raiz.plantillas / f"{nombre}.yaml").write_text(yaml.safe_dump({**ESQUEMA, "nombre": nombre},
                                                                       allow_unicode=True), encoding="utf-8")
    assert cli("personal", "alta", "--clave", "P-1", "--nombre", "Ana", "--primer-apellido", "Ruiz", "--cargo",
               "Técnica", "--adscripcion", "DEOE").codigo == 0
    return raiz


@pytest.mark.parametrize("nombre", list(CASOS))
def test_generar_se_detiene_con_mensaje_en_espanol(plantillas: Raiz, cli, nombre: str) -> None:
    _, al_generar, _, _ = CASOS[nombre]
    antes = sorted(p.name for p in plantillas.expedientes.rglob("*"))
    r = cli("generar", nombre, "--persona", "P-1", "--campo", "asunto=Aviso")
    assert r.codigo == 1, r.todo
    assert al_generar in r.errores and f"«{nombre}»" in r.errores, r.todo
    for ingles in ("Error inesperado", "Traceback", "unsafe", "object", "Range too big", "no loader", "Recursion"):
        assert ingles not in r.todo
    assert sorted(p.name for p in plantillas.expedientes.rglob("*")) == antes  # nothing issued, no folio spent


@pytest.mark.parametrize("nombre", [n for n, c in CASOS.items() if c[2]])
def test_verificar_advierte(plantillas: Raiz, cli, nombre: str) -> None:
    _, _, al_verificar, codigo = CASOS[nombre]
    r = cli("plantillas", "verificar", nombre)
    assert r.codigo == codigo and al_verificar in r.salida, r.todo


def test_una_plantilla_no_cambia_los_datos_de_la_siguiente(plantillas: Raiz, cat: Catalogo, cli) -> None:
    nombre_institucion = plantillas.config.institucion["nombre"]
    assert cli("generar", "modifica", "--persona", "P-1", "--campo", "asunto=Aviso").codigo == 1
    assert plantillas.config.institucion["nombre"] == nombre_institucion
    exp = exps.obtener(cat, "persona", "P-1")
    exps.regenerar(cat, exp)
    texto = texto_docx(exp.carpeta(plantillas) / exps.CARATULA)
    assert nombre_institucion in texto and "OTRA INSTITUCION" not in texto


def test_cada_llenado_tiene_sus_propios_datos_y_su_presupuesto() -> None:
    env = entorno_jinja()
    plantilla = env.from_string("{% for x in lista %}{{ x }}{% endfor %}|{{ loop_total }}")
    datos = {"lista": [1, 2, 3], "loop_total": 3}
    assert plantilla.render(datos) == "123|3"
    assert datos == {"lista": [1, 2, 3], "loop_total": 3}
    grande = env.from_string("{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}ok")
    assert grande.render() == "ok"  # a million steps is within the budget, every time (budgets do not add up)
    assert grande.render() == "ok"
    with pytest.raises(ErrorPlantilla, match="se detuvo en «{% for b in range"):
        env.from_string("{% for a in range(3000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}").render()
    assert env.from_string("{% for x in l %}{{ loop.length }}{% endfor %}").render(l=[1, 2]) == "22"


def test_plantillas_incluidas_siguen_pasando(raiz: Raiz, cli) -> None:
    r = cli("plantillas", "verificar")
    assert r.codigo == 0, r.todo
    assert "limite" not in r.salida


def test_lipsum_no_existe(raiz: Raiz) -> None:
    with pytest.raises(Exception, match="no está definido"):
        entorno_jinja().from_string("{{ lipsum(10**6) }}").render()


def test_nombre_reservado(tmp_path: Path) -> None:
    from jinja2 import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        entorno_jinja().from_string("{% set __limite_ciclo__ = 1 %}")
