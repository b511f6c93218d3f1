"""The risk-matrix report: the .docx (sections, computed NR, heat maps, PTAR %), its filing, LibreOffice, xlsx."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook
from pypdf import PdfReader

from archivo import riesgos
from archivo.archivistica import documentos, expedientes
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError
from archivo.riesgos import reporte as riesgos_reporte


def _dias(n: int) -> date:
    return date.today() + timedelta(days=n)  # read when called: a suite may run past midnight


@pytest.fixture
def registro(cat: Catalogo) -> Catalogo:
    """The seed's matrices plus two complete risks with actions and re-evaluations."""
    riesgos.cargar_base(cat)
    cp = riesgos.alta(cat, mecanismo="concurso-publico", texto="Que no acepten la plaza en el plazo",
                      causas="Aviso tardío", efectos="Vacantes", area="CSPE", tratamiento=["REDUCIR"],
                      probabilidad=2, impacto=3, fecha=_dias(-60)).riesgo.codigo
    riesgos.accion(cat, cp, descripcion="Notificar el mismo día", responsable="CSPE", fecha_inicio=_dias(-50),
                   fecha_compromiso=_dias(-10), evidencia="Oficios", avance=20, fecha=_dias(-45))
    riesgos.accion(cat, cp, numero=1, avance=70, fecha=_dias(-20))
    riesgos.accion(cat, cp, descripcion="Lista de reserva", responsable="DEVySPE", fecha_inicio=_dias(-5),
                   fecha_compromiso=_dias(30))
    riesgos.revaluar(cat, cp, probabilidad=1, impacto=3, fecha=_dias(-2))
    ev = riesgos.alta(cat, mecanismo="evaluacion-desempeno", texto="Metas capturadas fuera de plazo",
                      tratamiento=["COMPARTIR"], probabilidad=1, impacto=2, fecha=_dias(-30)).riesgo.codigo
    riesgos.revaluar(cat, ev, probabilidad=3, impacto=1, fecha=_dias(-1))
    assert (cp, ev) == ("R-CP-02", "R-EV-02")
    return cat


def _tabla_con(doc, texto: str):
    for tabla in doc.tables:
        if any(texto == c.text for c in tabla.rows[0].cells):
            return tabla
    raise AssertionError(f"no hay tabla con «{texto}»")


def _filas_por_id(tabla) -> dict[str, list]:
    salida = {}
    for fila in tabla.rows[2:]:
        primera = fila.cells[0].paragraphs[0].text
        if primera.startswith("R-"):
            salida[primera] = fila.cells
    return salida


def test_reporte_emitido_y_su_contenido(registro, raiz, hoy):
    doc_registro = riesgos_reporte.emitir(registro, fecha=hoy)
    assert doc_registro.folio == f"IEP/DEVySPE/INF-001/{hoy.year}"
    assert (doc_registro.tipo, doc_registro.estado, doc_registro.serie, doc_registro.area) == (
        "informe", "emitido", "informe", "DEVySPE")
    exp = expedientes.por_id(registro, doc_registro.expediente_id)
    assert (exp.tipo, exp.referencia, exp.titulo) == ("mecanismo", "todos",
                                                      "Administración de riesgos: todos los mecanismos")
    assert documentos.obtener(registro, doc_registro.folio).id == doc_registro.id
    ruta = doc_registro.archivo(raiz)
    assert ruta.is_file() and ruta.parent == exp.carpeta(raiz)
    doc = Document(io.BytesIO(ruta.read_bytes()))

    seccion = doc.sections[0]
    assert seccion.orientation == WD_ORIENT.LANDSCAPE and seccion.page_width > seccion.page_height
    texto = "\n".join(p.text for p in doc.paragraphs)
    assert doc_registro.folio in texto and "MATRIZ DE ADMINISTRACIÓN DE RIESGOS" in texto

    matriz = _tabla_con(doc, riesgos_reporte.SECCIONES[0])
    assert list(dict.fromkeys(c.text for c in matriz.rows[0].cells)) == list(riesgos_reporte.SECCIONES)
    filas = _filas_por_id(matriz)
    assert len(filas) == 15
    cp = filas["R-CP-02"]
    assert [cp[j].paragraphs[0].text for j in (5, 6, 7)] == ["MEDIO (2)", "ALTO (3)", "6"]
    assert [cp[j].text for j in range(8, 13)] == ["", "X", "", "", ""]
    assert [cp[j].paragraphs[0].text for j in (15, 16, 17)] == ["BAJO (1)", "ALTO (3)", "3"]
    assert "A1. Notificar el mismo día" in cp[13].text and cp[14].text == _dias(-50).strftime("%d/%m/%Y")
    ev = filas["R-EV-02"]
    assert ev[7].paragraphs[0].text == "2" and ev[17].paragraphs[0].text == "3"
    assert "mayor que II" in ev[17].text  # residual above inherent is flagged in the matrix itself
    base = filas["R-CI-01"]
    assert "INCOMPLETO" in base[0].text and base[1].text == "(sin texto del riesgo)"
    assert base[7].text == "falta" and base[17].paragraphs[0].text == "1"
    assert filas["R-VI-01"][7].paragraphs[0].text == "1" and filas["R-VI-01"][17].paragraphs[0].text == "2"
    assert filas["R-TP-01"][17].text == "—"

    mapa = _tabla_con(doc, "RIESGO INHERENTE (SECCIÓN II)")

    def celda(tipo: str, p: int, i: int) -> tuple[int, str]:
        fila = mapa.rows[{3: 1, 2: 2, 1: 3}[p]]
        c = fila.cells[(0 if tipo == "inherente" else 5) + i]
        return int(c.paragraphs[0].text), c.paragraphs[1].text

    assert celda("inherente", 1, 1) == (2, "R-VI-01, R-VI-02")
    assert celda("inherente", 2, 3) == (1, "R-CP-02")
    assert celda("inherente", 1, 2) == (1, "R-EV-02")
    assert sum(celda("inherente", p, i)[0] for p in (1, 2, 3) for i in (1, 2, 3)) == 4
    assert celda("residual", 1, 1)[0] == 9
    assert celda("residual", 1, 2) == (2, "R-VI-01, R-VI-02")
    assert celda("residual", 2, 1) == (1, "R-ED-01")
    assert celda("residual", 1, 3) == (1, "R-CP-02")
    assert celda("residual", 3, 1) == (1, "R-EV-02")
    assert sum(celda("residual", p, i)[0] for p in (1, 2, 3) for i in (1, 2, 3)) == 14
    sombreados = mapa.rows[1].cells[3]._tc.xml  # P ALTO × I ALTO = 9: red
    assert riesgos_reporte.COLORES["ALTO"] in sombreados

    ptar = _tabla_con(doc, "% DE AVANCE")
    acciones = {(f.cells[0].text, f.cells[1].text): f.cells for f in ptar.rows[1:] if f.cells[1].text.startswith("A")}
    assert acciones[("R-CP-02", "A1")][7].text == "70 %"
    assert acciones[("R-CP-02", "A1")][8].text == "en proceso (vencida)"
    assert "v1 " in acciones[("R-CP-02", "A1")][2].text and "20 %" in acciones[("R-CP-02", "A1")][2].text
    assert acciones[("R-CP-02", "A2")][7].text == "0 %"
    assert acciones[("R-VI-01", "A1")][7].text == "sin dato"
    assert ptar.rows[-1].cells[7].text == "35 %"  # mean of 70 and 0; seed actions have no progress

    incompletos = _tabla_con(doc, "FALTA")
    ids = [f.cells[0].text for f in incompletos.rows[1:]]
    assert len(ids) == 11 and "R-CI-01" in ids and "R-CP-02" not in ids

    pendientes = _tabla_con(doc, "DÍAS DE ATRASO")
    assert [f.cells[1].text for f in pendientes.rows[1:]] == ["R-CP-02"]
    assert pendientes.rows[1].cells[5].text == "10"


def test_reporte_de_un_mecanismo(registro, raiz, hoy):
    doc_registro = riesgos_reporte.emitir(registro, mecanismo="CONCURSO", fecha=hoy)
    exp = expedientes.por_id(registro, doc_registro.expediente_id)
    assert (exp.referencia, exp.titulo) == ("concurso-publico",
                                            "Administración de riesgos: Selección e Ingreso (Concurso Público)")
    assert exp.ruta == "expedientes/mecanismos/concurso-publico"
    doc = Document(doc_registro.archivo(raiz))
    filas = _filas_por_id(_tabla_con(doc, riesgos_reporte.SECCIONES[0]))
    assert sorted(filas) == ["R-CP-01", "R-CP-02"]
    segundo = riesgos_reporte.emitir(registro, mecanismo="concurso-publico", fecha=hoy)
    assert segundo.folio == f"IEP/DEVySPE/INF-002/{hoy.year}" and segundo.expediente_id == exp.id


def test_sin_riesgos_no_emite(cat):
    with pytest.raises(ArchivoError, match="No hay riesgos registrados"):
        riesgos_reporte.emitir(cat)
    assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0


def test_borrador_sin_folio(registro, raiz, hoy):
    datos = riesgos_reporte.reunir(registro, fecha=hoy)
    doc = Document(io.BytesIO(riesgos_reporte.construir_docx(raiz, datos, None)))
    assert "sin folio (borrador)" in "\n".join(p.text for p in doc.paragraphs)


def test_reporte_xlsx(registro, tmp_path, hoy):
    ruta = riesgos_reporte.exportar_xlsx(registro, tmp_path / "matriz.xlsx", fecha=hoy)
    libro = load_workbook(ruta)
    assert libro.sheetnames == ["Matriz", "Mapa de calor", "Seguimiento PTAR", "Incompletos"]
    matriz = libro["Matriz"]
    assert [matriz.cell(row=3, column=c).value for c in (1, 6, 9, 16)] == list(riesgos_reporte.SECCIONES)
    filas = {str(f[0]).split("\n")[0]: f for f in matriz.iter_rows(min_row=5, values_only=True)}
    assert filas["R-CP-02"][7] == 6 and filas["R-CP-02"][17] == 3 and filas["R-CI-01"][7] == "falta"
    mapa = libro["Mapa de calor"]
    assert mapa["B4"].value.startswith("2\nR-VI-01")  # inherent, P BAJO × I BAJO
    assert mapa["G4"].value.startswith("9\n")  # residual, P BAJO × I BAJO
    ptar = {(f[0], f[1]): f for f in libro["Seguimiento PTAR"].iter_rows(min_row=2, values_only=True)}
    assert ptar[("R-CP-02", "A1")][7] == "70 %"
    assert libro["Incompletos"].max_row == 12


@pytest.mark.libreoffice
def test_reporte_abre_en_libreoffice(registro, raiz, soffice, tmp_path, hoy):
    from archivo.word.conversion import convertir_a_pdf

    doc_registro = riesgos_reporte.emitir(registro, fecha=hoy)
    (pdf,) = convertir_a_pdf([doc_registro.archivo(raiz)], tmp_path, soffice=soffice)
    lector = PdfReader(pdf)
    caja = lector.pages[0].mediabox
    assert caja.width > caja.height  # landscape
    texto = " ".join(" ".join(p.extract_text() for p in lector.pages).split())
    for encabezado in ("SECCIÓN I IDENTIFICACIÓN DE LOS RIESGOS", "SECCIÓN III TRATAMIENTO DE LOS RIESGOS"):
        assert encabezado in texto
    assert "SECCIÓN II" in texto and "ANÁLISIS DE" in texto
    assert "SECCIÓN IV" in texto and "REVALORACIÓN DEL" in texto
    assert doc_registro.folio in texto
    for fragmento in ("RIESGO INHERENTE (SECCIÓN II)", "RIESGO RESIDUAL (SECCIÓN IV)", "Seguimiento de las acciones",
                      "Notificar el mismo día", "70 %", "R-VI-01, R-VI-02", "Riesgos incompletos", "INCOMPLETO"):
        assert fragmento in texto, fragmento
    assert len(lector.pages) >= 3
