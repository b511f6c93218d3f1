"""Programa Anual de Trabajo in the portal, in-process: import by upload (every problem in a table), the cronograma
grid edited by marking months (form and one-row JSON), Excel export, semestral progress with problems beside
their fields, the PAT and its informe semestral issued with folio."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

import archivo
from archivo import pat
from archivo.base.catalogo import Catalogo
from tests.utilidades import csrf_de, texto_docx

PAT2024 = Path(archivo.__file__).parent / "datos" / "pat_2024.yaml"


@pytest.fixture
def programa(portal) -> pat.programa.Programa:
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        pat.importar(cat, PAT2024)
        return pat.obtener(cat, 2024)


def test_sin_programa_importar_con_todos_los_problemas(portal, cliente, hoy) -> None:
    c = cliente("captura")
    r = c.get("/pat")
    assert r.status_code == 200 and "Todavía no hay ningún programa" in r.text
    formato = c.get("/pat/formato.xlsx")
    libro = load_workbook(io.BytesIO(formato.content))
    hoja = libro["Actividades"]
    hoja.append(["", "", 3, "", "x", "quizá", None, None, None, None, None, None, None, None, None, None, ""])
    malo = io.BytesIO()
    libro.save(malo)
    csrf = csrf_de(r.text)
    r = c.post("/pat/importar", data={"_csrf": csrf}, files={"libro": ("pat-2025.xlsx", malo.getvalue())})
    assert r.status_code == 400 and "no se importó nada" in r.text
    filas = re.findall(r"<tr><td>(pat-2025\.xlsx[^<]*fila 4[^<]*)</td><td>([^<]*)</td>", r.text)
    assert any("columna D" in lugar and m == "falta el texto de la actividad" for lugar, m in filas), filas
    assert any("columna F" in lugar and "no reconocido" in m for lugar, m in filas), filas
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert pat.anios(cat) == []
    r = c.post("/pat/importar", data={"_csrf": csrf}, files={"libro": ("notas.xlsx", b"texto plano")})
    assert r.status_code == 400 and "no es un libro de Excel" in r.text
    r = c.post("/pat/importar", data={"_csrf": csrf}, files={"libro": ("pat-2025.xlsx", formato.content)})
    assert f"Programa {hoy.year} importado de pat-2025.xlsx: 2 actividades" in r.text  # the format's year
    assert cliente("consulta").post("/pat/importar", data={"_csrf": csrf}).status_code == 403


def test_cronograma_por_formulario_y_por_fila(portal, cliente, programa) -> None:
    a1, a2 = programa.mecanismos[0].actividades[:2]
    c = cliente("captura")
    pagina = c.get("/pat/2024")
    assert pagina.status_code == 200 and "57 actividades en 10 mecanismos" in pagina.text
    assert f'name="meses_{a1.id}" value="1" checked' in pagina.text
    csrf = csrf_de(pagina.text)
    # the form of a mecanismo: every row it holds (a row left without months is refused with its place)
    r = c.post("/pat/2024/cronograma", data={"_csrf": csrf, "actividades": [str(a1.id), str(a2.id)],
                                             f"meses_{a1.id}": ["1", "2", "12"]})
    assert r.status_code == 400 and "quedaría sin meses programados" in r.text
    assert f"actividad {a2.numero} de «{a2.mecanismo}»" in r.text
    r = c.post("/pat/2024/cronograma", data={"_csrf": csrf, "actividades": [str(a1.id), str(a2.id)],
                                             f"meses_{a1.id}": ["1", "2", "12"], f"meses_{a2.id}": ["3"]})
    assert "Cronograma guardado (2 actividad(es))." in r.text
    # one row, as the page's script sends it
    r = c.post("/pat/2024/cronograma", data={"_csrf": csrf, "actividades": str(a1.id), f"meses_{a1.id}": ["6"]},
               headers={"Accept": "application/json"})
    assert r.json() == {"mensaje": "Guardado.", "actividades": {str(a1.id): "Jun"}}
    r = c.post("/pat/2024/cronograma", data={"_csrf": csrf, "actividades": str(a1.id)},
               headers={"Accept": "application/json"})
    assert r.status_code == 400 and "quedaría sin meses" in r.json()["problemas"][0]["mensaje"]
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert [a.meses for a in pat.obtener(cat, 2024).actividades[:2]] == [[6], [3]]
    # the Excel export carries the change
    hoja = load_workbook(io.BytesIO(c.get("/pat/2024/excel").content))["Actividades"]
    assert [hoja.cell(row=2, column=4 + m).value for m in range(1, 13)] == [None] * 5 + ["x"] + [None] * 6
    # consulta sees the grid without checkboxes
    r = cliente("consulta").get("/pat/2024")
    assert "<input type=\"checkbox\"" not in r.text and "Jun: programada" in r.text


def test_avance_semestral_con_errores_y_documentos_con_folio(portal, cliente, programa) -> None:
    a = programa.actividades[0]
    c = cliente("captura")
    pagina = c.get(f"/pat/2024/actividades/{a.id}?semestre=1")
    assert pagina.status_code == 200
    csrf = csrf_de(pagina.text)
    r = c.post(f"/pat/2024/actividades/{a.id}/avance", data={
        "_csrf": csrf, "semestre": "1", "fecha": "2023-12-01", "avance": "", "estatus": "concluida",
        "porcentaje": "70"})
    assert r.status_code == 400
    for campo, texto in (("avance", "falta la descripción del avance"), ("porcentaje", "tiene 100 % de avance"),
                         ("fecha", "es anterior al semestre 1 de 2024")):
        bloque = re.search(rf'<div class="campo con-error">\s*<label for="campo-{campo}".*?</div>', r.text, re.S)
        assert bloque and texto in bloque.group(0).lower(), campo
    r = c.post(f"/pat/2024/actividades/{a.id}/avance", data={
        "_csrf": csrf, "semestre": "1", "fecha": "2024-06-28", "avance": "Se publicaron las listas.",
        "estatus": "en proceso", "porcentaje": "60"})
    assert "en proceso, 60 % al 28 de junio de 2024" in r.text and r.url.path == "/pat/2024/semestre/1"
    assert "Se publicaron las listas." in r.text
    assert c.post("/pat/2024/documento", data={"_csrf": csrf}).status_code == 403
    e = cliente("emision")
    csrf = csrf_de(e.get("/pat/2024").text)
    r = e.post("/pat/2024/documento", data={"_csrf": csrf})
    folio = re.search(r"emitido con el folio (IEP/DEVySPE/INF-\d{3}/\d{4})", r.text).group(1)
    r = e.post("/pat/2024/semestre/1/informe", data={"_csrf": csrf})
    assert "primer semestre de 2024: emitido con el folio" in r.text
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        documento, informe = reversed(pat.emitidos(cat, 2024))
    assert documento.folio == folio
    assert folio in texto_docx(e.get(f"/pat/documentos/{documento.id}").content)
    assert "Se publicaron las listas." in texto_docx(e.get(f"/pat/documentos/{informe.id}").content)
    assert e.get("/pat/documentos/99999").status_code == 404
    assert e.get("/pat/2030").status_code == 404
