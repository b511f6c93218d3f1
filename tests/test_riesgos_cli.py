"""archivo riesgos …: the commands through the real entry point (exit codes, Spanish messages, no tracebacks)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from docx import Document
from openpyxl import load_workbook

from archivo import riesgos
from archivo.base.catalogo import Catalogo


def _plano(texto: str) -> str:
    """Output as one line (rich wraps long warnings)."""
    return " ".join(texto.split())


def _dias(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()  # read when called, never at import


def test_cargar_base_dos_veces_y_lista(cli, cat):
    r = cli("riesgos", "cargar-base")
    assert r.codigo == 0, r.todo
    assert "Se cargaron 13 riesgos" in r.salida and "11 están incompletos" in _plano(r.errores)
    r = cli("riesgos", "cargar-base")
    assert r.codigo == 0 and "Ya estaban cargados 13" in r.salida and "Se cargaron" not in r.salida
    assert cat.uno("SELECT COUNT(*) FROM riesgos")[0] == 13

    r = cli("riesgos", "lista", "--formato", "json")
    datos = json.loads(r.salida)
    assert len(datos) == 13 and sum(d["incompleto"] for d in datos) == 11
    r = cli("riesgos", "lista")
    assert "INCOMPLETO: falta texto del riesgo" in r.salida and "R-CI-01" in r.salida
    r = cli("riesgos", "lista", "--mecanismo", "vinculacion-ine", "--formato", "json")
    assert [d["id"] for d in json.loads(r.salida)] == ["R-VI-01", "R-VI-02"]
    r = cli("riesgos", "lista", "--incompletos", "--formato", "json")
    assert len(json.loads(r.salida)) == 11


def test_alta_con_errores_los_reporta_todos(cli, cat):
    r = cli("riesgos", "alta", "--mecanismo", "inventado", "--probabilidad", "ALTÍSIMO", "--impacto", "9",
            "--tratamiento", "MITIGAR", "--fecha", "2025-02-30")
    assert r.codigo == 1
    for lugar in ("--mecanismo", "--riesgo", "--probabilidad", "--impacto", "--tratamiento", "--fecha"):
        assert f"  - {lugar}:" in r.errores, lugar
    assert "Traceback" not in r.todo
    assert cat.uno("SELECT COUNT(*) FROM riesgos")[0] == 0


def test_flujo_completo(cli, cat: Catalogo):
    r = cli("riesgos", "alta", "--mecanismo", "concurso-publico", "--riesgo", "Que no acepten la plaza",
            "--causas", "Aviso tardío", "--area", "CSPE", "--tratamiento", "REDUCIR, compartir",
            "--probabilidad", "MEDIO", "--impacto", "ALTO", "--fecha", _dias(-30),
            "--proxima-revision", _dias(-1))
    assert r.codigo == 0, r.todo
    assert "Riesgo R-CP-01 registrado" in r.salida and "NR inherente 6" in r.salida

    r = cli("riesgos", "accion", "R-CP-01", "--descripcion", "Notificar el mismo día", "--responsable", "CSPE",
            "--inicio", _dias(-20), "--compromiso", _dias(-5), "--avance", "30")
    assert r.codigo == 0, r.todo
    assert "Acción A1 de R-CP-01 registrada: 30 %, en proceso" in r.salida
    assert "vencida" in r.errores  # warning on stderr

    r = cli("riesgos", "accion", "r-cp-1", "--numero", "1", "--avance", "150", "--estatus", "lista")
    assert r.codigo == 1 and "--avance" in r.errores and "--estatus" in r.errores

    r = cli("riesgos", "pendientes", "--formato", "json")
    pend = json.loads(r.salida)
    assert [(p["tipo"], p["riesgo"]) for p in pend] == [("acción vencida", "R-CP-01"), ("revisión vencida", "R-CP-01")]
    r = cli("riesgos", "pendientes", "--al", _dias(-10))
    assert r.codigo == 0 and "No hay acciones ni revisiones vencidas" in r.salida
    r = cli("riesgos", "pendientes", "--al", "el lunes")
    assert r.codigo == 1 and "--al" in r.errores

    r = cli("riesgos", "accion", "R-CP-01", "--numero", "1", "--avance", "100", "--evidencia", "Oficios con acuse")
    assert r.codigo == 0 and "versión 2" in r.salida and "concluida" in r.salida

    r = cli("riesgos", "revaluar", "R-CP-01", "--probabilidad", "ALTO", "--impacto", "ALTO")
    assert r.codigo == 0, r.todo
    assert "Revaloración de R-CP-01 registrada (evaluación 2)" in r.salida
    assert "es mayor que el NR inherente (6)" in _plano(r.errores)
    assert "Se dio por hecha la revisión programada" in _plano(r.errores)

    r = cli("riesgos", "evaluar", "R-CP-01", "--probabilidad", "BAJO", "--impacto", "ALTO",
            "--proxima-revision", _dias(90))
    assert r.codigo == 0 and "evaluación 3" in r.salida
    r = cli("riesgos", "evaluar", "R-CP-01")
    assert r.codigo == 1 and "--probabilidad: falta el nivel" in r.errores and "--impacto: falta el nivel" in r.errores

    r = cli("riesgos", "tratar", "R-CP-01", "EVITAR", "ASUMIR", "--inicio", "2025-2026")
    assert r.codigo == 0 and "EVITAR, ASUMIR" in r.salida
    r = cli("riesgos", "tratar", "R-CP-01", "MITIGAR")
    assert r.codigo == 1 and "OPCIÓN: «MITIGAR»" in r.errores

    r = cli("riesgos", "editar", "R-CP-01", "--efectos", "Vacantes")
    assert r.codigo == 0 and "actualizado (completo)" in r.salida

    r = cli("riesgos", "ver", "R-CP-01")
    assert r.codigo == 0
    for texto in ("Que no acepten la plaza", "Historial de evaluaciones", "revaloración (IV)", "Vacantes",
                  "Notificar el mismo día", "Oficios con acuse", "EVITAR, ASUMIR", "2025-2026"):
        assert texto in r.salida, texto
    datos = json.loads(cli("riesgos", "ver", "R-CP-01", "--formato", "json").salida)
    assert [e["nr"] for e in datos["evaluaciones"]] == [6, 9, 3]
    assert [v["avance"] for v in datos["acciones"][0]["versiones"]] == [30, 100]
    assert datos["nr_inherente"] == 3 and datos["nr_residual"] == 9

    r = cli("riesgos", "ver", "R-XX-01")
    assert r.codigo == 1 and "No existe el riesgo R-XX-01" in r.errores


def test_exportar_importar_por_la_linea_de_comandos(cli, cat, tmp_path, hoy):
    cli("riesgos", "cargar-base")
    ruta = tmp_path / "registro.xlsx"
    r = cli("riesgos", "exportar", ruta)
    assert r.codigo == 0 and "Se exportaron 13 riesgos" in r.salida
    r = cli("riesgos", "exportar", ruta)
    assert r.codigo == 1 and "--reemplazar" in r.errores
    libro = load_workbook(ruta)
    libro[riesgos.HOJA_EVALUACIONES].append(["R-CP-01", None, "inherente", hoy, "bajo", "7"])
    libro[riesgos.HOJA_ACCIONES].append(["R-CP-01", None, None, None, "", "CSPE", None, None, None, "-3"])
    libro.save(ruta)
    r = cli("riesgos", "importar", ruta)
    assert r.codigo == 1
    assert "hoja «Evaluaciones», fila 27, columna F («Impacto»)" in r.errores
    assert "hoja «Acciones», fila 5, columna E («Descripción»)" in r.errores
    assert "hoja «Acciones», fila 5, columna J («% de avance»)" in r.errores
    libro = load_workbook(ruta)
    libro[riesgos.HOJA_EVALUACIONES]["F27"] = "BAJO"
    libro[riesgos.HOJA_ACCIONES].delete_rows(5)
    libro.save(ruta)
    r = cli("riesgos", "importar", ruta)
    assert r.codigo == 0, r.todo
    assert "0 riesgos nuevos, 0 actualizados, 1 evaluaciones" in r.salida
    assert riesgos.obtener(cat, "R-CP-01").nr_inherente == 1
    assert not riesgos.obtener(cat, "R-CP-01").incompleto


def test_reporte_docx_y_xlsx(cli, cat, raiz, tmp_path, monkeypatch, hoy):
    r = cli("riesgos", "reporte")
    assert r.codigo == 1 and "No hay riesgos registrados" in r.errores
    cli("riesgos", "cargar-base")
    r = cli("riesgos", "reporte", "--mecanismo", "vinculacion-ine")
    assert r.codigo == 0, r.todo
    folio = f"IEP/DEVySPE/INF-001/{hoy.year}"
    assert f"Informe {folio} emitido" in r.salida
    ruta = next((raiz.expedientes / "mecanismos" / "vinculacion-ine").glob("*inf-001*.docx"))
    assert any("R-VI-02" in c.text for t in Document(ruta).tables for c in t.columns[0].cells)

    monkeypatch.chdir(tmp_path)
    r = cli("riesgos", "reporte", "--formato", "xlsx", "--mecanismo", "concurso-publico")
    assert r.codigo == 0, r.todo
    assert (tmp_path / f"matriz-riesgos-concurso-publico-{hoy.isoformat()}.xlsx").is_file()
    assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 1  # the workbook is not filed
    r = cli("riesgos", "reporte", "--salida", "x.xlsx")
    assert r.codigo == 1 and "--salida solo se usa con --formato xlsx" in r.errores


def test_demo_de_riesgos(raiz, cat):
    from archivo.demo import riesgos as demo

    informe: list[str] = []
    demo.poblar(raiz, cat, informe)
    assert len(informe) == 2 and "13 renglones" in informe[0] and "INF-001" in informe[1]
    rs = riesgos.lista(cat)
    completos = [r for r in rs if r.origen == "captura"]
    assert len(completos) == 3 and all(not r.incompleto and r.acciones for r in completos)
    assert any(r.nr_residual is not None for r in completos)
    avances = {a.actual.avance for r in completos for a in r.acciones}
    assert {0, 40, 50, 75, 100} <= avances
    tipos = [p.tipo for p in riesgos.pendientes(cat, al=demo.FECHA_DEMO)]
    assert tipos.count("acción vencida") == 1 and tipos.count("revisión vencida") == 1
    # later on, more actions fall due: the register is read as of any date
    assert len(riesgos.pendientes(cat, al="2030-01-01")) > len(tipos)
    assert cat.uno("SELECT COUNT(*) FROM documentos WHERE tipo = 'informe'")[0] == 2
