"""Riesgos in the portal, in-process: the register with its four sections and incomplete rows, alta/edición with
every problem beside its field, actions with progress and evidence upload, re-evaluation keeping history, both
heat maps, what is overdue, the report with folio, and the Excel round trip with every problem at once."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from archivo import riesgos
from archivo.base.catalogo import Catalogo
from tests.utilidades import csrf_de, pdf, texto_docx


def _campo_con_error(html: str, campo: str) -> str:
    bloque = re.search(rf'<div class="campo[^"]*con-error[^"]*">\s*<label for="campo-{campo}".*?</div>', html, re.S)
    assert bloque, f"el campo {campo} no muestra su problema"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", bloque.group(0))).lower()


def _celda(html: str, mapa: str, celda: str) -> str:
    m = re.search(rf'data-mapa="{mapa}" data-celda="{celda}">(.*?)</td>', html, re.S)
    assert m, (mapa, celda)
    return m.group(1)


@pytest.fixture
def base(portal) -> None:
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        riesgos.cargar_base(cat)


def test_registro_por_mecanismo_con_renglones_incompletos(cliente, base) -> None:
    c = cliente("consulta")
    r = c.get("/riesgos")
    assert r.status_code == 200 and "I. Identificación" in r.text and "IV. Revaloración" in r.text
    assert "Falta: texto del riesgo; NR del análisis (sin impacto)" in r.text
    assert "Nuevo riesgo" not in r.text and "Importar desde Excel" not in r.text
    r = c.get("/riesgos", params={"mecanismo": "vinculacion-ine", "incompletos": "1"})
    assert "Ningún renglón incompleto con este filtro." in r.text
    r = c.get("/riesgos", params={"mecanismo": "concurso-publico"})
    assert "R-CP-01" in r.text and "R-VI-01" not in r.text
    assert c.get("/riesgos/R-ZZ-01").status_code == 404


def test_alta_accion_evidencia_revaloracion_y_mapas(portal, cliente, tmp_path) -> None:
    c = cliente("captura")
    pagina = c.get("/riesgos/nuevo")
    assert 'data-nr data-probabilidad="campo-probabilidad"' in pagina.text
    csrf = csrf_de(pagina.text)
    r = c.post("/riesgos/nuevo", data={"_csrf": csrf, "mecanismo": "", "riesgo": "", "probabilidad": "2",
                                       "impacto": "", "proxima_revision": "pronto", "tratamiento": ["ADIVINAR"]})
    assert r.status_code == 400
    assert "falta el mecanismo" in _campo_con_error(r.text, "mecanismo")
    assert "falta el texto del riesgo" in _campo_con_error(r.text, "riesgo")
    assert "falta el impacto" in _campo_con_error(r.text, "impacto")
    assert "no es una fecha válida" in _campo_con_error(r.text, "proxima_revision")
    assert "no es una opción de tratamiento" in r.text
    r = c.post("/riesgos/nuevo", data={
        "_csrf": csrf, "mecanismo": "concurso-publico", "riesgo": "Que no acepten la plaza", "area": "CSPE",
        "probabilidad": "2", "impacto": "3", "tratamiento": ["REDUCIR"], "proxima_revision": "2030-09-30"})
    assert "Riesgo R-CP-01 registrado; NR 6 (ALTO)." in r.text and r.url.path == "/riesgos/R-CP-01"
    mapa = c.get("/riesgos/mapa").text
    assert "R-CP-01" in _celda(mapa, "inherente", "2-3") and "R-CP-01" not in _celda(mapa, "residual", "2-3")
    # an action, its progress with an evidence file, then the re-evaluation
    r = c.post("/riesgos/R-CP-01/acciones", data={"_csrf": csrf, "descripcion": "", "responsable": "",
                                                  "compromiso": "31/02/2030"})
    assert r.status_code == 400
    assert "falta la descripción" in _campo_con_error(r.text, "descripcion")
    assert "falta quién es responsable" in _campo_con_error(r.text, "responsable")
    assert "no es una fecha válida" in _campo_con_error(r.text, "compromiso")
    r = c.post("/riesgos/R-CP-01/acciones", data={
        "_csrf": csrf, "descripcion": "Notificar el mismo día", "responsable": "CSPE", "inicio": "2025-05-01",
        "compromiso": "2030-06-30", "evidencia": "Oficios con acuse", "estatus": "sin iniciar"})
    assert "Acción A1 registrada." in r.text
    r = c.post("/riesgos/R-CP-01/acciones/1", data={
        "_csrf": csrf, "descripcion": "Notificar el mismo día", "responsable": "CSPE", "inicio": "2025-05-01",
        "compromiso": "2030-06-30", "evidencia": "Oficios con acuse", "avance": "60", "estatus": "en proceso"})
    assert "Acción A1: en proceso, 60 % (versión 2" in r.text
    acuses = pdf(tmp_path / "acuses.pdf", "ACUSES", 1).read_bytes()
    r = c.post("/riesgos/R-CP-01/acciones/1/evidencia", data={"_csrf": csrf},
               files={"evidencia": ("falso.pdf", b"no es PDF", "application/pdf")})
    assert r.status_code == 400 and "no es un pdf" in r.text.lower()
    r = c.post("/riesgos/R-CP-01/acciones/1/evidencia", data={"_csrf": csrf},
               files={"evidencia": ("acuses.pdf", acuses, "application/pdf")})
    assert "Evidencia agregada a la acción A1: acuses.pdf." in r.text
    enlace = re.search(r'href="(/riesgos/documentos/\d+)">acuses.pdf</a>', r.text).group(1)
    assert c.get(enlace).content == acuses
    r = c.post("/riesgos/R-CP-01/evaluacion", data={"_csrf": csrf, "tipo": "residual", "probabilidad": "",
                                                    "impacto": "9"})
    assert r.status_code == 400 and "falta el nivel" in r.text.lower() and "«9» no es un nivel" in r.text
    r = c.post("/riesgos/R-CP-01/evaluacion", data={"_csrf": csrf, "tipo": "residual", "probabilidad": "1",
                                                    "impacto": "3", "proxima_revision": "2031-01-31"})
    assert "Revaloración (sección IV) registrada: NR 3 (MEDIO)." in r.text
    mapa = c.get("/riesgos/mapa").text
    assert "R-CP-01" in _celda(mapa, "residual", "1-3") and "R-CP-01" in _celda(mapa, "inherente", "2-3")
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        r = riesgos.obtener(cat, "R-CP-01")
    assert [(e.tipo, e.nr) for e in r.evaluaciones] == [("inherente", 6), ("residual", 3)]  # history kept
    assert [v.avance for v in r.acciones[0].versiones] == [0, 60, 60]
    assert cliente("consulta").post("/riesgos/R-CP-01/evaluacion", data={"_csrf": csrf}).status_code == 403


def test_vencidos_reporte_con_folio_y_excel(portal, cliente, base) -> None:
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        riesgos.accion(cat, "R-VI-02", descripcion="Recordatorio semanal a las áreas", responsable="CV-INE",
                       fecha_inicio="2025-01-06", fecha_compromiso="2025-03-31")
    c = cliente("emision")
    r = c.get("/riesgos/pendientes", params={"al": "2030-01-01"})
    assert r.status_code == 200 and "Acción vencida</strong>: A2. Recordatorio semanal a las áreas" in r.text
    assert "R-VI-02" in c.get("/riesgos/pendientes", params={"al": "2025-04-01"}).text
    assert "Nada vencido a esa fecha." in c.get("/riesgos/pendientes", params={"al": "2025-03-01"}).text
    assert c.get("/riesgos/pendientes", params={"al": "ayer"}).status_code == 400
    csrf = csrf_de(c.get("/riesgos").text)
    r = c.post("/riesgos/reporte", data={"_csrf": csrf, "mecanismo": "vinculacion-ine"})
    folio = re.search(r"Reporte emitido con el folio (\S+):", r.text).group(1)
    enlace = re.search(rf'href="(/riesgos/documentos/\d+)">{re.escape(folio)}</a>', r.text).group(1)
    assert folio in texto_docx(c.get(enlace).content)
    # Excel: export, break two things, import: every problem at once and nothing written
    libro = load_workbook(io.BytesIO(c.get("/riesgos/registro.xlsx").content))
    hoja = libro[riesgos.HOJA_RIESGOS]
    encabezados = [x.value for x in hoja[1]]
    hoja.cell(row=2, column=encabezados.index("Mecanismo") + 1).value = "inventado"
    hoja.cell(row=3, column=encabezados.index("ID") + 1).value = "no-es-id"
    malo = io.BytesIO()
    libro.save(malo)
    captura = cliente("captura")
    csrf = csrf_de(captura.get("/riesgos").text)
    r = captura.post("/riesgos/importar", data={"_csrf": csrf}, files={"libro": ("riesgos.xlsx", malo.getvalue())})
    assert r.status_code == 400 and "no se importó nada" in r.text
    filas = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", r.text)
    assert len(filas) >= 2 and any("fila 2" in lugar for lugar, _ in filas) and any("fila 3" in lugar for lugar, _ in filas)
    bueno = captura.post("/riesgos/importar", data={"_csrf": csrf},
                         files={"libro": ("riesgos.xlsx", c.get("/riesgos/registro.xlsx").content)})
    assert "riesgos.xlsx importado: 0 riesgo(s) nuevo(s)" in bueno.text
