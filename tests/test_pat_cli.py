"""`archivo pat …` through the real entry point (the `cli` fixture)."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

import archivo
from archivo import pat

PAT2024 = Path(archivo.__file__).parent / "datos" / "pat_2024.yaml"


def test_importar_lista_avance_documento_e_informe(cli, raiz):
    r = cli("pat", "importar", PAT2024)
    assert r.codigo == 0, r.todo
    assert "Programa 2024 importado de pat_2024.yaml: 57 actividades (57 nueva(s)" in r.salida

    actividades = json.loads(cli("pat", "lista", "--anio", "2024", "--formato", "json").salida)
    assert len(actividades) == 57
    aplicacion = next(a for a in actividades if a["actividad"] == "Aplicación de la evaluación anual del desempeño.")
    assert (aplicacion["mecanismo"], aplicacion["numero"], aplicacion["meses_texto"]) == (
        "Evaluación del desempeño", 3, "Sep–Oct")
    filtradas = json.loads(cli("pat", "lista", "--mecanismo", "capacita", "--formato", "json").salida)
    assert len(filtradas) == 11

    catalogo = next(a for a in actividades if a["mecanismo"] == "Planeación y Evaluación del SPEN"
                    and a["numero"] == 7)
    r = cli("pat", "avance", "--anio", "2024", "--semestre", "1", "--actividad", catalogo["id"],
            "--estatus", "concluida", "--avance", "Aprobado mediante el Acuerdo INE/JGE38/2024.",
            "--fecha", "2024-03-25")
    assert r.codigo == 0, r.todo
    assert f"Avance de la actividad {catalogo['id']} registrado: concluida, 100 %." in r.salida
    semestre = json.loads(cli("pat", "avance", "--anio", "2024", "--semestre", "1", "--formato", "json").salida)
    fila = next(f for f in semestre if f["id"] == catalogo["id"])
    assert (fila["estatus"], fila["porcentaje"], fila["meses_semestre"]) == ("concluida", 100, "Feb–Mar")
    assert all(f["meses_semestre"] != "No programada" for f in semestre)
    segundo = json.loads(cli("pat", "avance", "--semestre", "2", "--formato", "json").salida)
    assert catalogo["id"] not in {f["id"] for f in segundo}

    r = cli("pat", "documento", "--anio", "2024", "--fecha", "2024-01-25")
    assert r.codigo == 0, r.todo
    assert "Programa emitido con folio IEP/DEVySPE/INF-001/2024" in r.salida
    r = cli("pat", "informe-semestral", "--anio", "2024", "--semestre", "1", "--fecha", "2024-07-15")
    assert r.codigo == 0, r.todo
    assert "Informe emitido con folio IEP/DEVySPE/INF-002/2024" in r.salida
    carpeta = raiz.ruta / "expedientes" / "mecanismos" / "programa-anual-de-trabajo"
    (programa,) = carpeta.glob("*inf-001-2024.docx")
    assert pat.celdas_sombreadas(programa.read_bytes())[("EVALUACIÓN DEL DESEMPEÑO", 3)] == [9, 10]
    (semestral,) = carpeta.glob("*inf-002-2024.docx")
    assert any("1 está concluida" in p.text for p in Document(semestral).paragraphs)


def test_formato_e_importacion_de_excel(cli, tmp_path):
    salida = tmp_path / "pat.xlsx"
    r = cli("pat", "formato", "--salida", salida, "--anio", "2025")
    assert r.codigo == 0, r.todo
    libro = load_workbook(salida)
    assert [c.value for c in libro["Actividades"][1]][:6] == ["Área", "Mecanismo", "No.", "Actividad", "Ene", "Feb"]
    hoja = libro["Actividades"]
    hoja.append(["Planeación SPEN", "Planeación y Evaluación del SPEN", 1, "Informe semestral.", None, None, None,
                 None, None, None, "x", None, None, None, None, None])
    libro.save(salida)
    r = cli("pat", "importar", salida)
    assert r.codigo == 0, r.todo
    assert "Programa 2025 importado de pat.xlsx: 3 actividades" in r.salida
    filas = json.loads(cli("pat", "lista", "--anio", "2025", "--formato", "json").salida)
    assert [(f["mecanismo"], f["meses_texto"]) for f in filas] == [
        ("Evaluación del desempeño", "Sep–Oct"), ("Evaluación del desempeño", "Dic"),
        ("Planeación y Evaluación del SPEN", "Jul")]


def test_errores_en_espanol_sin_traza(cli, tmp_path):
    r = cli("pat", "lista")
    assert r.codigo == 1 and "No hay ningún Programa Anual de Trabajo" in r.errores

    malo = tmp_path / "malo.xlsx"
    r = cli("pat", "formato", "--salida", malo)
    libro = load_workbook(malo)
    hoja = libro["Actividades"]
    hoja["D2"] = None  # no text
    hoja["M3"] = "tal vez"  # an unreadable mark in Sep
    libro.save(malo)
    r = cli("pat", "importar", malo)
    assert r.codigo == 1
    assert "malo.xlsx, hoja «Actividades», fila 2, columna D («Actividad»): falta el texto de la actividad" \
        in r.errores
    assert "malo.xlsx, hoja «Actividades», fila 3, columna M («Sep»): valor «tal vez» no reconocido en un mes" \
        in r.errores
    assert "Traceback" not in r.todo

    texto = tmp_path / "pat.txt"
    texto.write_text("hola", encoding="utf-8")
    r = cli("pat", "importar", texto)
    assert r.codigo == 1 and "use un archivo .yaml o .xlsx" in r.errores

    assert cli("pat", "importar", PAT2024).codigo == 0
    r = cli("pat", "avance", "--semestre", "1", "--actividad", "1", "--avance", "Algo.")
    assert r.codigo == 1 and "indique --estatus y --avance" in r.errores
    r = cli("pat", "avance", "--semestre", "1", "--actividad", "999", "--estatus", "concluida", "--avance", "X.")
    assert r.codigo == 1 and "No existe la actividad 999 en el programa 2024" in r.errores
    r = cli("pat", "documento", "--anio", "2030")
    assert r.codigo == 1 and "No hay Programa Anual de Trabajo del 2030 (programas registrados: 2024)" in r.errores
