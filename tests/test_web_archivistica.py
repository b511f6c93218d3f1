"""Gestión documental in the portal, in-process: pages per role, forms with each problem beside its field and the
input kept, the actions of an expediente's life, the instruments and their downloads."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from archivo import personal
from archivo.archivistica import expedientes as exps
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from tests.utilidades import PADRON_CSV, csrf_de
from tests.utilidades_archivistica import procedimiento


@pytest.fixture
def datos(raiz, monkeypatch, tmp_path: Path) -> dict[str, exps.Expediente]:
    """Two past procedures (PDFs only) and the padrón; Word pages are left «por contar» (fast)."""
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    monkeypatch.delenv("ARCHIVO_SOFFICE", raising=False)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    with Catalogo.abrir(raiz, "prueba") as cat:
        personal.importar(cat, f)
        abierto = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2))
        cerrado = procedimiento(cat, "titularidad-promocion", "Titularidad 2016", date(2016, 3, 1),
                                date(2016, 11, 30))
        persona = exps.obtener(cat, "persona", "SPEN-0001")
    return {"abierto": abierto, "cerrado": cerrado, "persona": persona}


def test_consulta_ve_y_descarga(portal, cliente, datos) -> None:
    c = cliente("consulta")
    r = c.get("/archivistica")
    assert r.status_code == 200
    assert "Transferencia primaria" in r.text and datos["cerrado"].numero in r.text  # due since 2019
    assert "Hacer una transferencia primaria" not in r.text  # only emisión moves expedientes
    r = c.get("/archivistica", params={"q": "Titularidad"})
    assert f'href="/archivistica/expedientes/{datos["cerrado"].id}"' in r.text
    r = c.get("/archivistica", params={"al": "mañana"})
    assert r.status_code == 400 and "no es una fecha válida" in r.text
    r = c.get("/archivistica/cuadro")
    assert r.status_code == 200 and "SPEN.02.07" in r.text and "Importar el cuadro" not in r.text
    r = c.get("/archivistica/cuadro.xlsx")
    hoja = load_workbook(io.BytesIO(r.content))["Cuadro de clasificación"]
    assert any(f[1].value == "SPEN.02.09" for f in hoja.iter_rows(min_row=4))
    r = c.get("/archivistica/cadido")
    assert r.status_code == 200 and "AT 3" not in r.text and "Conservación (archivo histórico)" in r.text
    assert load_workbook(io.BytesIO(c.get("/archivistica/cadido.xlsx").content))["CADIDO"]
    r = c.get(f"/archivistica/expedientes/{datos['persona'].id}")
    assert r.status_code == 200 and "Confidencial (contiene datos personales)" in r.text
    assert "Prestar" not in r.text and "Exportar para una solicitud" not in r.text
    assert c.get("/archivistica/expedientes/99999").status_code == 404


def test_editar_el_cadido_con_errores_junto_a_cada_campo(portal, cliente, datos) -> None:
    c = cliente("administracion")
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        serie_id = cat.uno("SELECT id FROM cuadro WHERE codigo = 'SPEN.03'")[0]
    pagina = c.get(f"/archivistica/cadido/{serie_id}")
    assert pagina.status_code == 200 and 'value="2"' in pagina.text
    r = c.post(f"/archivistica/cadido/{serie_id}", data={
        "_csrf": csrf_de(pagina.text), "valores": ["administrativo"], "plazo_tramite": "dos",
        "plazo_concentracion": "3", "destino": "baja", "acceso": "reservada", "fundamento": "", "plazo_reserva": ""})
    assert r.status_code == 400
    for campo, texto in (("plazo_tramite", "«dos» no es un número de años"),
                         ("fundamento", "necesita su fundamento legal"), ("plazo_reserva", "falta el plazo de reserva")):
        bloque = re.search(rf'<div class="campo con-error">\s*<label for="campo-{campo}".*?</div>', r.text, re.S)
        assert bloque and texto.lower() in bloque.group(0).lower(), campo
    assert 'value="dos"' in r.text  # the input is kept
    r = c.post(f"/archivistica/cadido/{serie_id}", data={
        "_csrf": csrf_de(pagina.text), "valores": ["administrativo", "legal"], "plazo_tramite": "2",
        "plazo_concentracion": "3", "destino": "baja", "acceso": "reservada", "fundamento": "Art. 113, fr. IX",
        "plazo_reserva": "2"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/archivistica/cadido"
    assert "Reservada por 2 años" in c.get("/archivistica/cadido").text
    # a file that is not a workbook is refused by its content
    r = c.post("/archivistica/cuadro/importar", data={"_csrf": csrf_de(pagina.text)},
               files={"libro": ("cuadro.xlsx", b"esto no es un libro", "application/octet-stream")})
    assert r.status_code == 400 and "no es un libro de Excel" in r.text
    # a new serie, then its CADIDO
    nueva = c.get("/archivistica/cuadro/nueva")
    r = c.post("/archivistica/cuadro/nueva", data={"_csrf": csrf_de(nueva.text), "nivel": "serie", "codigo": "",
                                                   "nombre": "Estadística", "padre": "SPEN", "asignaciones": "nada"})
    assert r.status_code == 400 and "falta el código" in r.text.lower() and 'value="Estadística"' in r.text
    r = c.post("/archivistica/cuadro/nueva", data={"_csrf": csrf_de(nueva.text), "nivel": "serie",
                                                   "codigo": "SPEN.07", "nombre": "Estadística", "padre": "SPEN",
                                                   "asignaciones": "mecanismo:estadistica"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/archivistica/cadido/")


def test_la_vida_de_un_expediente_desde_el_portal(portal, cliente, datos) -> None:
    c = cliente("emision")
    exp = datos["abierto"]
    pagina = c.get(f"/archivistica/expedientes/{exp.id}")
    csrf = csrf_de(pagina.text)
    assert "Cerrar el expediente" in pagina.text and "Clasificar el expediente" in pagina.text
    r = c.post(f"/archivistica/expedientes/{exp.id}/clasificar", data={"_csrf": csrf, "serie": "SPEN.02.08"},
               follow_redirects=False)
    assert r.status_code == 303
    r = c.post(f"/archivistica/expedientes/{exp.id}/cerrar", data={"_csrf": csrf, "fecha_cierre": "2014-12-01"})
    assert r.status_code == 400 and "después de la fecha de cierre 2014-12-01" in r.text
    assert 'value="2014-12-01"' in r.text
    r = c.post(f"/archivistica/expedientes/{exp.id}/cerrar", data={"_csrf": csrf, "fecha_cierre": "2015-03-02"},
               follow_redirects=False)
    assert r.status_code == 303
    pagina = c.get(r.headers["location"])
    assert "SPEN.02.08 Titularidad" in pagina.text and "cerrado" in pagina.text
    assert f"/archivistica/movimientos?tipo=primaria&amp;expediente={exp.id}" in pagina.text

    movimientos = c.get(f"/archivistica/movimientos?tipo=primaria&expediente={exp.id}")
    assert f'name="expedientes" value="{exp.id}" checked' in movimientos.text
    r = c.post("/archivistica/movimientos", data={"_csrf": csrf, "tipo": "primaria", "expedientes": [str(exp.id)],
                                                  f"caja_{exp.id}": "7", "fecha": "2019-02-01"})
    assert r.status_code == 400
    bloque = re.search(rf'<div class="campo con-error oculta-etiqueta">\s*<label for="campo-estante_{exp.id}".*?'
                       r'</div>', r.text, re.S)
    assert bloque and "falta el estante" in bloque.group(0).lower()
    r = c.post("/archivistica/movimientos", data={"_csrf": csrf, "tipo": "primaria", "expedientes": [str(exp.id)],
                                                  f"caja_{exp.id}": "7", f"estante_{exp.id}": "B-1",
                                                  "fecha": "2019-02-01"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/archivistica/instrumentos/")
    inventario = c.get(r.headers["location"])
    assert "Inventario de transferencia primaria" in inventario.text and exp.numero in inventario.text
    assert "Archivo de concentración, caja 7, estante B-1" in inventario.text
    word = c.get(r.headers["location"] + "/word")
    filas = [[x.text for x in f.cells] for t in Document(io.BytesIO(word.content)).tables for f in t.rows]
    assert any(exp.numero in f for f in filas)
    excel = c.get(r.headers["location"] + "/excel")
    assert exp.numero in [f[2].value for f in load_workbook(io.BytesIO(excel.content)).worksheets[0].iter_rows()]
    r = c.post("/archivistica/instrumentos/inventario", data={"_csrf": csrf, "area": "DEVySPE"},
               follow_redirects=False)
    assert r.status_code == 303
    assert "Inventario general por área" in c.get("/archivistica/instrumentos").text


def test_prestar_y_devolver(portal, cliente, datos) -> None:
    c = cliente("captura")
    exp = datos["cerrado"]
    pagina = c.get(f"/archivistica/expedientes/{exp.id}")
    csrf = csrf_de(pagina.text)
    assert "Registrar el préstamo" in pagina.text and "Cerrar el expediente" not in pagina.text
    r = c.post(f"/archivistica/expedientes/{exp.id}/prestar", data={
        "_csrf": csrf, "solicitante": "Ana Pérez", "area": "CSPE", "fecha_prestamo": "2026-02-10",
        "devolucion": "2026-02-01"})
    assert r.status_code == 400 and "es anterior al préstamo" in r.text and 'value="Ana Pérez"' in r.text
    r = c.post(f"/archivistica/expedientes/{exp.id}/prestar", data={
        "_csrf": csrf, "solicitante": "Ana Pérez", "area": "CSPE", "fecha_prestamo": "2026-02-10",
        "devolucion": "2026-02-24"}, follow_redirects=False)
    assert r.status_code == 303
    assert "Ana Pérez" in c.get("/archivistica/prestamos?pendientes=1").text
    r = c.post(f"/archivistica/expedientes/{exp.id}/devolver", data={"_csrf": csrf, "fecha_devuelto": "2026-02-20"},
               follow_redirects=False)
    assert r.status_code == 303
    assert "devuelto el" in c.get("/archivistica/prestamos").text
    assert c.post("/archivistica/movimientos", data={"_csrf": csrf}).status_code == 403  # captura cannot move


def test_el_tablero_muestra_lo_que_toca(portal, cliente, datos) -> None:
    r = cliente("consulta").get("/")
    assert "Gestión documental: transferencias, bajas y préstamos" in r.text
    assert f'href="/archivistica/expedientes/{datos["cerrado"].id}"' in r.text


@pytest.mark.libreoffice
def test_exportar_el_expediente_personal(portal, cliente, datos, soffice, monkeypatch) -> None:
    monkeypatch.setenv("ARCHIVO_SOFFICE", soffice)
    c = cliente("administracion")
    exp = datos["persona"]
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        from tests.utilidades_archivistica import archivar_pdf
        archivar_pdf(cat, exps.por_id(cat, exp.id), date(2017, 9, 1), 2, "Nombramiento")
    pagina = c.get(f"/archivistica/expedientes/{exp.id}")
    csrf = csrf_de(pagina.text)
    r = c.post(f"/archivistica/expedientes/{exp.id}/exportar", data={"_csrf": csrf, "solicitud": ""})
    assert r.status_code == 400 and "scriba el número o la referencia de la solicitud" in r.text
    r = c.post(f"/archivistica/expedientes/{exp.id}/exportar", data={"_csrf": csrf, "solicitud": "S-0123/2025"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/trabajos/")
    trabajo_id = int(r.headers["location"].rsplit("/", 1)[1])
    raiz = portal.state.portal.raiz
    with Catalogo.abrir(raiz) as cat:
        assert trabajos.reclamar(cat, trabajo_id)
    t = trabajos.ejecutar(raiz, trabajo_id)
    assert t.estado == "terminado", t.mensaje
    pagina = c.get(f"/trabajos/{trabajo_id}")
    assert "Abrir el PDF del expediente" in pagina.text
    pdf = c.get(f"/trabajos/{trabajo_id}/archivo")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # only the person who asked for it (and administración) may open it
    assert cliente("consulta").get(f"/trabajos/{trabajo_id}/archivo").status_code == 403
    with Catalogo.abrir(raiz) as cat:
        evento = cat.uno("SELECT usuario, despues FROM historial WHERE accion = 'exportar expediente para solicitud "
                         "de acceso'")
    assert evento["usuario"] == "admin" and "S-0123/2025" in evento["despues"]
