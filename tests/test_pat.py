"""Programa Anual de Trabajo: months, import and validation (YAML and Excel), progress by semester, and the .docx
documents (summary table totals, cronograma shading read from ``w:shd``, semestral report)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

import archivo
from archivo import pat, sesiones
from archivo.archivistica import expedientes
from archivo.base import historial
from archivo.base.errors import EntradaInvalida
from archivo.word.informe import notas_al_pie, relleno

PAT2024 = Path(archivo.__file__).parent / "datos" / "pat_2024.yaml"
POR_MECANISMO = [6, 2, 5, 1, 5, 11, 9, 7, 6, 5]


@pytest.mark.parametrize(("valor", "meses"), [
    ("sep-oct", [9, 10]),
    ("Septiembre a noviembre", [9, 10, 11]),
    ("ene–mar, may", [1, 2, 3, 5]),
    ("mar y sep", [3, 9]),
    ([9, 11], [9, 11]),
    (["Sep", "nov"], [9, 11]),
    ("todo el año", list(range(1, 13))),
    (12, [12]),
    ("dic", [12]),
])
def test_leer_meses(valor, meses):
    assert pat.leer_meses(valor) == meses


@pytest.mark.parametrize("valor", ["oct-mar", "setiembre-x", "13", "primavera"])
def test_meses_invalidos(valor):
    with pytest.raises(ValueError):
        pat.leer_meses(valor)


def test_meses_texto():
    assert pat.meses_texto([1, 2, 3, 5, 9, 10, 12]) == "Ene–Mar, May, Sep–Oct, Dic"
    assert pat.meses_texto([]) == ""


# --- import -------------------------------------------------------------------------------------------


def test_importa_el_pat_spen_2024(cat):
    r = pat.importar(cat, PAT2024)
    assert (r.anio, r.nuevas, r.total) == (2024, 57, 57)
    prog = pat.obtener(cat, 2024)
    assert [len(m.actividades) for m in prog.mecanismos] == POR_MECANISMO and prog.total == 57
    assert [(a, [m.nombre for m in ms]) for a, ms in prog.por_area()] == [
        ("Carrera Profesional Electoral", ["Selección e ingreso", "Ascenso (Certamen Interno)",
                                           "Cambios de adscripción o rotación y ocupaciones temporales",
                                           "Reingreso o reincorporación al Servicio"]),
        ("Profesionalización", ["Formación", "Capacitación", "Evaluación del desempeño"]),
        ("Planeación SPEN", ["Planeación y Evaluación del SPEN", "Titularidad, Promoción en rango e Incentivos",
                             "Permanencia y registro SPEN"]),
    ]
    evaluacion = prog.mecanismos[6]
    assert evaluacion.actividades[2].actividad == "Aplicación de la evaluación anual del desempeño."
    assert evaluacion.actividades[2].meses == [9, 10]
    assert prog.mecanismos[1].nota.startswith("De conformidad con el Programa Anual de Trabajo de la Comisión")
    assert [a.numero for a in prog.mecanismos[5].actividades] == list(range(1, 12))
    # re-importing the same file changes nothing
    r2 = pat.importar(cat, PAT2024)
    assert (r2.nuevas, r2.actualizadas, r2.sin_cambios, r2.eliminadas) == (0, 0, 57, 0)


@pytest.mark.corpus
def test_las_57_actividades_son_las_del_seed_000(corpus):
    """Texts, numbering and cronograma titles against seed 000 itself (../shared/seeds, beside the corpus)."""
    semilla = next((corpus.parent / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    cronograma = semilla[semilla.index("IV. Cronograma del PAT SPEN 2024."):]
    esperadas, titulo = [], None
    for linea in cronograma.splitlines():
        partes = linea.split("\t")
        if partes[0].isdigit() and len(partes) > 1:
            esperadas.append((titulo, int(partes[0]), re.sub(r"\s*[¹²³⁴⁵]$", "", partes[1].strip())))
        elif partes[0].strip() and partes[0].strip().isupper() and len(partes) > 5:
            titulo = re.sub(r"\s*[¹²³⁴⁵]$", "", partes[0].strip())
    datos = yaml.safe_load(PAT2024.read_text(encoding="utf-8"))
    nuestras = [(m["titulo_cronograma"], a["numero"], a["actividad"]) for m in datos["mecanismos"]
                for a in m["actividades"]]
    assert nuestras == esperadas
    assert "integra **57** actividades" in semilla


def _libro(filas: list[list], *, programa: dict | None = None, rellenos: dict | None = None) -> Workbook:
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Actividades"
    hoja.append(["Área", "Mecanismo", "No.", "Actividad", *pat.MESES_CORTOS, "Nota"])
    for f in filas:
        hoja.append(f)
    for (fila, col), color in (rellenos or {}).items():
        hoja.cell(row=fila, column=col).fill = PatternFill("solid", fgColor=color)
    if programa:
        datos = libro.create_sheet("Programa")
        for k, v in programa.items():
            datos.append([k, v])
    return libro


def _meses(*marcados: int, marca: str = "x") -> list:
    return [marca if m in marcados else None for m in range(1, 13)]


def test_excel_con_problemas_los_reporta_todos_y_no_importa(cat, tmp_path):
    ruta = tmp_path / "pat.xlsx"
    _libro([
        ["Profesionalización", "Formación", 1, "Oferta formativa.", *_meses(3, 4), ""],          # fila 2: bien
        ["", "", "uno", "Maestría.", *_meses(1), ""],                                               # 3: No. malo
        ["", "", 3, "", *_meses(2), ""],                                                            # 4: sin texto
        ["", "", 4, "Sin meses.", *_meses(), ""],                                                   # 5: sin meses
        ["", "", 5, "Marca rara.", *_meses(5, marca="?"), ""],                                      # 6: «?» en May
        ["Planeación SPEN", "Formación", 6, "Otra área.", *_meses(6), ""],                          # 7: dos áreas
        ["Profesionalización", "Formación", 1, "Número repetido.", *_meses(7), ""],                 # 8: No. repetido
    ], programa={"Año": 2025}).save(ruta)
    with pytest.raises(EntradaInvalida) as e:
        pat.importar(cat, ruta)
    problemas = [str(p) for p in e.value.problemas]
    assert len(problemas) == 6, problemas
    esperados = [
        "pat.xlsx, hoja «Actividades», fila 3, columna C («No.»): «uno» no es un número de actividad",
        "pat.xlsx, hoja «Actividades», fila 4, columna D («Actividad»): falta el texto de la actividad",
        "pat.xlsx, hoja «Actividades», fila 5, columnas de los meses: la actividad no tiene meses programados",
        "pat.xlsx, hoja «Actividades», fila 6, columna I («May»): valor «?» no reconocido en un mes",
        "pat.xlsx, hoja «Actividades», fila 7, columna A («Área»): el mecanismo «Formación» ya apareció en el área "
        "«Profesionalización»",
        "pat.xlsx, hoja «Actividades», fila 8: el número de actividad 1 se repite en «Formación»",
    ]
    for esperado in esperados:
        assert any(p.startswith(esperado) for p in problemas), (esperado, problemas)
    assert cat.uno("SELECT COUNT(*) FROM pat_programas")[0] == 0
    assert cat.uno("SELECT COUNT(*) FROM pat_actividades")[0] == 0


def test_excel_encabezado_y_anio_invalidos(cat, tmp_path):
    libro = Workbook()
    hoja = libro.active
    hoja.append(["Área", "Actividad", "Responsable", "Ene"])
    hoja.append(["X", "Y", "Z", "x"])
    ruta = tmp_path / "mal.xlsx"
    libro.save(ruta)
    with pytest.raises(EntradaInvalida) as e:
        pat.importar(cat, ruta)
    mensajes = [str(p) for p in e.value.problemas]
    assert any("columna desconocida «Responsable»" in m for m in mensajes)
    assert any("falta la columna «Mecanismo»" in m for m in mensajes)
    assert any("el año «» no es válido" in m for m in mensajes)


def test_excel_con_celdas_sombreadas_y_combinadas(cat, tmp_path):
    ruta = tmp_path / "pat-sombreado.xlsx"
    libro = _libro([
        ["Profesionalización", "Evaluación del desempeño", 1, "Aplicación de la evaluación.", *_meses(), ""],
        [None, None, 2, "Dictamen general.", *_meses(12), "Supeditado al cierre del periodo."],
        ["Planeación SPEN", "Permanencia", None, "Cómputo anual.", *_meses(1, 2), ""],
    ], programa={"Año": 2025, "Título": "Programa Anual de Trabajo 2025 del Órgano de Enlace",
                 "Nombre corto": "PAT OE 2025"},
        rellenos={(2, 13): "FF5B9BD5", (2, 14): "FF5B9BD5"})  # Sep (col 13) and Oct (col 14) shaded, no «x»
    libro.save(ruta)
    r = pat.importar(cat, ruta)
    assert (r.anio, r.nuevas) == (2025, 3)
    prog = pat.obtener(cat, 2025)
    assert (prog.titulo, prog.nombre_corto) == ("Programa Anual de Trabajo 2025 del Órgano de Enlace", "PAT OE 2025")
    eval_, perm = prog.mecanismos
    assert [(a.numero, a.meses) for a in eval_.actividades] == [(1, [9, 10]), (2, [12])]
    assert eval_.actividades[1].nota == "Supeditado al cierre del periodo."
    assert (perm.area, perm.actividades[0].numero) == ("Planeación SPEN", 1)
    # a programme without glossary, marco normativo or priorities still makes a complete document
    data = pat.construir_documento(cat.raiz, prog, None)
    parrafos = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "I. Introducción" in parrafos and "II. Cronograma del PAT OE 2025." in parrafos
    assert "Glosario." not in parrafos
    assert pat.celdas_sombreadas(data) == {("EVALUACIÓN DEL DESEMPEÑO", 1): [9, 10],
                                           ("EVALUACIÓN DEL DESEMPEÑO", 2): [12], ("PERMANENCIA", 1): [1, 2]}
    assert list(notas_al_pie(data).values()) == ["Supeditado al cierre del periodo."]


def test_yaml_con_problemas_los_reporta_todos(cat, tmp_path):
    ruta = tmp_path / "pat.yaml"
    ruta.write_text(yaml.safe_dump({"anio": "veinticuatro", "mecanismos": [
        {"area": "A", "mecanismo": "M1", "actividades": [{"actividad": "Bien.", "meses": "ene"},
                                                          {"actividad": "Mal.", "meses": "oct-mar"}]},
        {"mecanismo": "M2", "actividades": []},
    ]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        pat.importar(cat, ruta)
    assert [str(p).split(":")[0] for p in e.value.problemas] == [
        "pat.yaml, campo «anio»", "pat.yaml, mecanismo 1 («M1»), actividad 2, campo «meses»",
        "pat.yaml, mecanismo 2 («M2»)", "pat.yaml, mecanismo 2 («M2»)"]


def test_reimportar_conserva_el_avance(cat, tmp_path):
    datos = {"anio": 2025, "mecanismos": [{"area": "A", "mecanismo": "M", "actividades": [
        {"numero": 1, "actividad": "Uno.", "meses": "ene"}, {"numero": 2, "actividad": "Dos.", "meses": "feb"},
        {"numero": 3, "actividad": "Tres.", "meses": "mar"}]}]}
    ruta = tmp_path / "pat.yaml"
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    pat.importar(cat, ruta)
    uno, dos, _ = pat.obtener(cat, 2025).actividades
    pat.registrar_avance(cat, 2025, uno.id, 1, avance="Hecho.", estatus="concluida", fecha="2025-01-31")
    # activity 1 changes months, 3 is removed (no progress): fine
    datos["mecanismos"][0]["actividades"] = [{"numero": 1, "actividad": "Uno.", "meses": "ene-feb"},
                                             {"numero": 2, "actividad": "Dos.", "meses": "feb"}]
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    r = pat.importar(cat, ruta)
    assert (r.actualizadas, r.sin_cambios, r.eliminadas) == (1, 1, 1)
    prog = pat.obtener(cat, 2025)
    assert prog.actividades[0].id == uno.id and prog.actividades[0].meses == [1, 2]
    assert pat.historial_avance(cat, uno.id)[0][1].estatus == "concluida"
    # removing an activity that has progress is refused, and nothing changes
    datos["mecanismos"][0]["actividades"] = [{"numero": 2, "actividad": "Dos (nuevo texto).", "meses": "feb"}]
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        pat.importar(cat, ruta)
    assert "ya tiene avance registrado" in e.value.problemas[0].mensaje
    assert [a.actividad for a in pat.obtener(cat, 2025).actividades] == ["Uno.", "Dos."]


# --- progress -----------------------------------------------------------------------------------------


def test_avance_valida_todo_y_se_agrega(cat):
    pat.importar(cat, PAT2024)
    prog = pat.obtener(cat, 2024)
    act = prog.actividades[0]
    with pytest.raises(EntradaInvalida) as e:
        pat.registrar_avance(cat, 2024, act.id, 1, avance=" ", estatus="terminada", porcentaje=120,
                             fecha="2023-12-01")
    assert len(e.value.problemas) == 4
    with pytest.raises(EntradaInvalida, match="100 %"):
        pat.registrar_avance(cat, 2024, act.id, 1, avance="Casi.", estatus="concluida", porcentaje=50)
    pat.registrar_avance(cat, 2024, act.id, 1, avance="Primera designación.", estatus="en proceso", porcentaje=40,
                         fecha="2024-03-01")
    pat.registrar_avance(cat, 2024, act.id, 1, avance="Designaciones concluidas.", estatus="concluida",
                         fecha="2024-05-31")
    assert [a.porcentaje for _, a in pat.historial_avance(cat, act.id)] == [40, 100]
    _, filas = pat.avance_semestral(cat, 2024, 1)
    fila = next(f for f in filas if f.actividad.id == act.id)
    assert (fila.estatus, fila.avance.avance, fila.meses) == ("concluida", "Designaciones concluidas.",
                                                             [1, 2, 3, 4, 5])


def test_semestres_separan_las_actividades(cat):
    pat.importar(cat, PAT2024)
    _, primero = pat.avance_semestral(cat, 2024, 1)
    _, segundo = pat.avance_semestral(cat, 2024, 2)
    nombres1 = {(f.actividad.mecanismo, f.actividad.numero) for f in primero}
    nombres2 = {(f.actividad.mecanismo, f.actividad.numero) for f in segundo}
    assert ("Evaluación del desempeño", 3) in nombres2 and ("Evaluación del desempeño", 3) not in nombres1
    assert ("Planeación y Evaluación del SPEN", 1) in nombres1 and ("Planeación y Evaluación del SPEN", 1) \
        not in nombres2
    assert len(primero) + len(segundo) > 57  # year-round activities are in both
    with pytest.raises(EntradaInvalida, match="semestre «3»"):
        pat.avance_semestral(cat, 2024, 3)


# --- documents ----------------------------------------------------------------------------------------


def test_documento_del_pat(cat, raiz):
    pat.importar(cat, PAT2024)
    doc = pat.emitir_documento(cat, 2024, fecha="2024-01-25")
    assert doc.folio == "IEP/DEVySPE/INF-001/2024" and doc.tipo == "programa"
    exp = expedientes.por_id(cat, doc.expediente_id)
    assert (exp.tipo, exp.referencia) == ("mecanismo", "programa-anual-de-trabajo")
    data = doc.archivo(raiz).read_bytes()
    w = Document(io.BytesIO(data))
    parrafos = [p.text for p in w.paragraphs]
    assert parrafos[0] == ("PROGRAMA ANUAL DE TRABAJO DEL SERVICIO PROFESIONAL ELECTORAL NACIONAL CORRESPONDIENTE "
                           "AL EJERCICIO 2024.")
    for titulo in ("Glosario.", "I. Introducción", "II. Marco normativo", "III. Actividades prioritarias o "
                   "estratégicas", "IV. Cronograma del PAT SPEN 2024."):
        assert titulo in parrafos
    assert ("Con base en lo anterior, el PAT SPEN 2024 integra 57 actividades que los mecanismos del Servicio "
            "implementarán durante el ejercicio, lo cual se muestra en la siguiente tabla:") in parrafos

    glosario, sintesis, *cronogramas = w.tables
    assert glosario.rows[0].cells[0].text == "ASF" and len(glosario.rows) == 22
    filas = [[c.text for c in f.cells] for f in sintesis.rows]
    assert filas[0] == ["Área", "Mecanismo, proceso y sistema de ascenso", "Número de actividades"]
    assert [int(f[2]) for f in filas[1:-1]] == POR_MECANISMO
    assert filas[1] == ["Carrera Profesional Electoral", "Selección e ingreso", "6"]
    assert filas[4][0] == "Carrera Profesional Electoral"  # the área cell is merged down its mecanismos
    assert filas[-1] == ["Total de actividades", "Total de actividades", "57"]

    assert len(cronogramas) == 10
    assert [t.rows[0].cells[0].text for t in cronogramas][:2] == ["SELECCIÓN E INGRESO", "ASCENSO (CERTAMEN INTERNO)"]
    assert [len(t.rows) - 3 for t in cronogramas] == POR_MECANISMO
    evaluacion = cronogramas[6]
    assert [c.text for c in evaluacion.rows[2].cells[2:]] == pat.MESES_CORTOS
    aplicacion = evaluacion.rows[3 + 2].cells  # activity 3
    assert aplicacion[1].text == "Aplicación de la evaluación anual del desempeño."
    assert [m for m in range(1, 13) if relleno(aplicacion[1 + m]) == pat.COLOR_MES] == [9, 10]
    assert relleno(aplicacion[1 + 8]) is None and relleno(aplicacion[1 + 11]) is None
    dictamen = evaluacion.rows[3 + 3].cells  # activity 4: December only
    assert [m for m in range(1, 13) if relleno(dictamen[1 + m]) == pat.COLOR_MES] == [12]
    sombreadas = pat.celdas_sombreadas(data)
    assert sombreadas[("ASCENSO (CERTAMEN INTERNO)", 2)] == [9, 10, 11]
    assert len(sombreadas) == 57
    assert w.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    # the notes of the cronograma are real footnotes: one on a mecanismo title, four on activities
    notas = notas_al_pie(data)
    assert len(notas) == 5 and notas[1].startswith("De conformidad con el Programa Anual de Trabajo")


def test_informe_semestral(cat, raiz):
    pat.importar(cat, PAT2024)
    prog = pat.obtener(cat, 2024)
    catalogo_cargos = next(a for a in prog.actividades if a.mecanismo == "Planeación y Evaluación del SPEN"
                           and a.numero == 7)
    pat.registrar_avance(cat, 2024, catalogo_cargos.id, 1, estatus="concluida", fecha="2024-03-25",
                         avance="La Junta aprobó la actualización del Catálogo mediante el Acuerdo INE/JGE38/2024.")
    pat.registrar_avance(cat, 2024, prog.actividades[0].id, 1, estatus="en proceso", porcentaje=70,
                         avance="Se designaron personas de la lista de reserva.", fecha="2024-06-28")
    doc = pat.emitir_informe_semestral(cat, 2024, 1, fecha="2024-07-15")
    assert doc.folio == "IEP/DEVySPE/INF-001/2024" and doc.tipo == "informe"
    w = Document(doc.archivo(raiz))
    parrafos = [p.text for p in w.paragraphs]
    assert parrafos[0].startswith("INFORME SOBRE EL AVANCE EN LA EJECUCIÓN DEL PROGRAMA ANUAL DE TRABAJO DEL "
                                  "SERVICIO PROFESIONAL ELECTORAL NACIONAL CORRESPONDIENTE AL EJERCICIO 2024: "
                                  "PRIMER SEMESTRE (ENERO A JUNIO DE 2024).")
    _, filas = pat.avance_semestral(cat, 2024, 1)
    n = len(filas)
    assert (f"De las {n} actividades programadas en el semestre, 1 está concluida, 1 está en proceso y {n - 2} no "
            "tienen avance registrado.") in parrafos
    resumen = w.tables[0]
    total = [c.text for c in resumen.rows[-1].cells]
    assert total == ["Total", "Total", str(n), "1", "1", "0", str(n - 2)]
    planeacion = next(t for t in w.tables[1:] if any("Catálogo de cargos" in c.text for c in t.columns[1].cells))
    fila = next(f for f in planeacion.rows if f.cells[0].text == "7")
    assert [c.text for c in fila.cells] == [
        "7", "Actualización del Catálogo de cargos y puestos del SPEN, en su caso.", "Feb–Mar",
        "La Junta aprobó la actualización del Catálogo mediante el Acuerdo INE/JGE38/2024.", "Concluida", "100%"]
    seleccion = w.tables[1]
    assert [c.text for c in seleccion.rows[1].cells][2:] == [
        "Ene–May", "Se designaron personas de la lista de reserva.", "En proceso", "70%"]


def test_documentos_en_el_expediente_de_una_sesion(cat):
    pat.importar(cat, PAT2024)
    ses = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2024-03-14")
    doc = pat.emitir_documento(cat, 2024, fecha="2024-03-01", sesion_id=ses.id)
    exp = expedientes.por_id(cat, doc.expediente_id)
    assert (exp.tipo, exp.referencia) == ("sesion", str(ses.id))
    assert sesiones.obtener(cat, ses.id).expediente_id == exp.id


def test_formato_de_excel_se_puede_importar(cat, tmp_path):
    ruta = pat.escribir_formato(tmp_path / "formato.xlsx", 2026)
    r = pat.importar(cat, ruta)
    assert (r.anio, r.nuevas) == (2026, 2)
    prog = pat.obtener(cat, 2026)
    assert [a.meses for a in prog.actividades] == [[9, 10], [12]]
    with pytest.raises(Exception, match="ya existe"):
        pat.escribir_formato(ruta)


# --- the portal's needs: the cronograma edited, the Excel round trip, the documents issued ---------------------

def test_cambiar_meses_del_cronograma_con_todos_los_problemas(cat, tmp_path):
    f = tmp_path / "pat.xlsx"
    pat.escribir_formato(f, 2025)
    pat.importar(cat, f)
    a1, a2 = pat.obtener(cat, 2025).actividades
    with pytest.raises(EntradaInvalida) as e:
        pat.cambiar_meses(cat, 2025, {a1.id: [], a2.id: ["trece"], 999: [1]})
    assert [p.lugar for p in e.value.problemas] == ["actividad 1 de «Evaluación del desempeño»",
                                                    "actividad 2 de «Evaluación del desempeño»", "actividad 999"]
    assert "quedaría sin meses" in e.value.problemas[0].mensaje
    assert pat.obtener(cat, 2025).actividades[0].meses == [9, 10]  # nothing changed
    pat.cambiar_meses(cat, 2025, {a1.id: [9, 10, 11], a2.id: "dic"})
    assert [a.meses for a in pat.obtener(cat, 2025).actividades] == [[9, 10, 11], [12]]
    (cambio,) = historial.consultar(cat, entidad="actividad del PAT").registros
    assert cambio.lineas == ["Meses: Sep–Oct → Sep–Nov"]


def test_exportar_a_excel_y_volver_a_importar_conserva_textos_y_avance(cat, tmp_path):
    pat.importar(cat, PAT2024)
    prog = pat.obtener(cat, 2024)
    primera = prog.actividades[0]
    pat.registrar_avance(cat, 2024, primera.id, 1, avance="Se hizo.", estatus="en proceso", porcentaje=40,
                         fecha="2024-06-30")
    libro = tmp_path / "pat-2024.xlsx"
    libro.write_bytes(pat.exportar_xlsx(cat, 2024))
    r = pat.importar(cat, libro)
    assert (r.nuevas, r.actualizadas, r.eliminadas, r.sin_cambios) == (0, 0, 0, prog.total)
    despues = pat.obtener(cat, 2024)
    assert despues.textos() == prog.textos() and despues.glosario  # the texts are not lost
    assert [m.titulo_cronograma for m in despues.mecanismos] == [m.titulo_cronograma for m in prog.mecanismos]
    assert [(a.numero, a.actividad, a.meses) for a in despues.actividades] == \
        [(a.numero, a.actividad, a.meses) for a in prog.actividades]
    assert pat.historial_avance(cat, primera.id)[0][1].porcentaje == 40
    # edited in Excel: one month more for the first activity
    wb = load_workbook(libro)
    wb["Actividades"].cell(row=2, column=4 + 12).value = "x"
    wb.save(libro)
    assert pat.importar(cat, libro).actualizadas == 1
    assert 12 in pat.obtener(cat, 2024).actividades[0].meses


def test_documentos_emitidos_del_programa(cat):
    pat.importar(cat, PAT2024)
    assert pat.emitidos(cat, 2024) == []
    doc = pat.emitir_documento(cat, 2024, fecha="2024-02-01")
    informe = pat.emitir_informe_semestral(cat, 2024, 1, fecha="2024-07-05")
    assert [d.id for d in pat.emitidos(cat, 2024)] == [informe.id, doc.id]
