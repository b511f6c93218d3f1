"""Compromisos y acuerdos: the ledger and its history, the totals sentence, the carry-over rule, and the informe
(.docx opened with python-docx: glossary, count table, totals sentence, annex rows and real footnotes)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from archivo import compromisos, sesiones
from archivo.archivistica import documentos, expedientes
from archivo.base.errors import EntradaInvalida, NoEncontrado
from archivo.compromisos import Acuerdo
from archivo.word.informe import notas_al_pie, referencias_de_notas
from archivo.word.paquete import relaciones_sin_resolver
from tests.utilidades import texto_docx

SEED001 = Path(compromisos.__file__).parent / "datos" / "compromisos_seed001.yaml"
FRASE_SEED = ("De los 11 compromisos y acuerdos que se generaron en las sesiones de la Comisión del Servicio, con "
              "corte al 24 de mayo de 2024, 10 de ellos están cumplidos y 1 en proceso de cumplimiento.")


def _alta(cat, texto="Revisar el mecanismo de certamen interno.", fecha="2024-03-13", tipo="ordinaria", numero=1,
          **extra):
    return compromisos.alta(cat, texto=texto, area="Subdirección de Ascenso", sesion_fecha=fecha, sesion_tipo=tipo,
                            sesion_numero=numero, **extra)


def _informe_seed(cat):
    """Load seed 001 and issue its informe with the seed's own settings (as the demo does)."""
    compromisos.importar(cat, SEED001)
    conf = yaml.safe_load(SEED001.read_text(encoding="utf-8"))["informe"]
    return compromisos.emitir_informe(
        cat, conf["corte"], fecha=conf["fecha"], sesion_informe=conf["sesion_informe"], punto=conf["punto"],
        glosario=[(g["termino"], g["definicion"]) for g in conf["glosario"]], fundamento=conf["fundamento"],
        comision_nombre=conf["comision_nombre"], comision_corta=conf["comision_corta"])


# --- ledger and history -----------------------------------------------------------------------------


def test_historial_se_agrega_y_el_estado_es_el_ultimo(cat):
    c = _alta(cat)
    assert c.sesion == "Primera sesión ordinaria"
    assert (c.estado.estatus, c.estado.porcentaje, c.estado.fecha) == ("en curso", 0, date(2024, 3, 13))
    compromisos.actualizar(cat, c.id, fecha="2024-04-10", avance="Se inició el análisis.", porcentaje=40,
                           acuerdos=["INE/JGE38/2024 https://ejemplo.org/jge38.pdf"])
    c = compromisos.actualizar(cat, c.id, fecha="2024-05-02", avance="La Junta lo aprobó.", estatus="concluido",
                               acuerdos=["INE/JGE55/2024"])
    assert [e.porcentaje for e in c.historial] == [0, 40, 100]
    assert c.estado.estatus == "concluido" and c.estado.porcentaje == 100  # concluido implies 100 %
    # acuerdos accumulate over the updates; the earlier link is kept
    assert c.estado.acuerdos == (Acuerdo("INE/JGE38/2024", "https://ejemplo.org/jge38.pdf"),
                                 Acuerdo("INE/JGE55/2024", ""))
    # the state at a date is the latest row on or before it
    assert c.estado_al(date(2024, 4, 30)).avance == "Se inició el análisis."
    assert c.estado_al(date(2024, 3, 1)) is None
    # the audit log recorded the three changes
    assert cat.uno("SELECT COUNT(*) FROM historial WHERE entidad = 'compromiso' AND clave = ?", (str(c.id),))[0] == 3


def test_el_historial_no_se_puede_reescribir(cat):
    c = _alta(cat)
    with pytest.raises(sqlite3.DatabaseError, match="historial"):
        cat.conn.execute("UPDATE compromiso_estados SET porcentaje = 99 WHERE compromiso_id = ?", (c.id,))
    with pytest.raises(sqlite3.DatabaseError, match="historial"):
        cat.conn.execute("DELETE FROM compromiso_estados WHERE compromiso_id = ?", (c.id,))


def test_alta_reporta_todos_los_problemas_y_no_escribe(cat):
    with pytest.raises(EntradaInvalida) as e:
        compromisos.alta(cat, texto=" ", area="", sesion_fecha="31/02/2024", sesion_tipo="especial",
                         sesion_numero=0, estatus="concluido", porcentaje=60, acuerdos=["INE/JGE1/2024 ftp://x"])
    mensajes = " | ".join(p.mensaje for p in e.value.problemas)
    for esperado in ("fecha de la sesión", "tipo de sesión «especial»", "número de sesión «0»", "falta el texto",
                     "falta el área", "100 % de avance", "no es una liga"):
        assert esperado in mensajes
    assert len(e.value.problemas) == 7
    assert cat.uno("SELECT COUNT(*) FROM compromisos")[0] == 0


def test_actualizar_no_reescribe_fechas_anteriores(cat):
    c = _alta(cat, fecha="2024-04-29", tipo="extraordinaria", numero=4)
    with pytest.raises(EntradaInvalida) as e:
        compromisos.actualizar(cat, c.id, fecha="2024-04-01", porcentaje=150)
    assert {p.mensaje.split(" ")[0] for p in e.value.problemas} == {"la", "porcentaje"}
    assert len(compromisos.obtener(cat, c.id).historial) == 1
    with pytest.raises(EntradaInvalida, match="nada que actualizar"):
        compromisos.actualizar(cat, c.id, fecha="2024-05-01")
    with pytest.raises(NoEncontrado, match="No existe el compromiso «99»"):
        compromisos.actualizar(cat, 99, porcentaje=10)


def test_alta_desde_una_sesion_del_archivo(cat):
    ses = sesiones.nueva(cat, organo="comision", tipo="extraordinaria", fecha="2025-02-14", numero=2)
    c = compromisos.alta(cat, texto="Presentar el calendario de sesiones.", area="DEVySPE", sesion_id=ses.id)
    assert (c.sesion_id, c.sesion_fecha, c.sesion, c.sesion_numero) == (ses.id, date(2025, 2, 14),
                                                                         "Segunda sesión extraordinaria", 2)
    consejo = sesiones.nueva(cat, organo="consejo", tipo="ordinaria", fecha="2025-03-27")
    with pytest.raises(EntradaInvalida) as e:
        compromisos.alta(cat, texto="Otro.", area="DEVySPE", sesion_id=consejo.id)
    assert "no es de la Comisión" in e.value.problemas[0].mensaje


def test_importar_yaml_con_problemas_no_importa_nada(cat, tmp_path):
    ruta = tmp_path / "compromisos.yaml"
    ruta.write_text(yaml.safe_dump({"compromisos": [
        {"sesion": {"fecha": "2024-03-13", "tipo": "ordinaria", "numero": 1}, "texto": "Bien.", "area": "DJ"},
        {"sesion": {"fecha": "2024-03-13", "tipo": "ordinaria", "numero": 1}, "texto": "", "area": "DJ"},
        {"sesion": {"fecha": "2024-03-13", "tipo": "ordinaria", "numero": 1}, "texto": "Mal historial.",
         "area": "DJ", "historial": [{"fecha": "2024-03-13"}, {"fecha": "2024-03-01", "porcentaje": 20}]},
    ]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        compromisos.importar(cat, ruta)
    lugares = [p.lugar for p in e.value.problemas]
    assert lugares == ["compromisos.yaml, compromiso 2", "compromisos.yaml, compromiso 3, actualización 2"]
    assert cat.uno("SELECT COUNT(*) FROM compromisos")[0] == 0


# --- sentences ----------------------------------------------------------------------------------------


CORTE = date(2024, 5, 24)


@pytest.mark.parametrize(("total", "cumplidos", "sesiones_n", "esperado"), [
    (11, 10, 3, FRASE_SEED),
    (5, 1, 2, "De los 5 compromisos y acuerdos que se generaron en las sesiones de la Comisión del Servicio, con "
              "corte al 24 de mayo de 2024, 1 de ellos está cumplido y 4 en proceso de cumplimiento."),
    (2, 2, 1, "De los 2 compromisos y acuerdos que se generaron en la sesión de la Comisión del Servicio, con "
              "corte al 24 de mayo de 2024, ambos están cumplidos."),
    (3, 0, 2, "De los 3 compromisos y acuerdos que se generaron en las sesiones de la Comisión del Servicio, con "
              "corte al 24 de mayo de 2024, los 3 están en proceso de cumplimiento."),
    (1, 1, 1, "El único compromiso o acuerdo que se generó en la sesión de la Comisión del Servicio, con corte al "
              "24 de mayo de 2024, está cumplido."),
    (1, 0, 1, "El único compromiso o acuerdo que se generó en la sesión de la Comisión del Servicio, con corte al "
              "24 de mayo de 2024, se encuentra en proceso de cumplimiento."),
    (0, 0, 0, "Con corte al 24 de mayo de 2024, no hay compromisos ni acuerdos de la Comisión del Servicio en "
              "seguimiento."),
])
def test_frase_de_totales(total, cumplidos, sesiones_n, esperado):
    partes = compromisos.frase_totales(total, cumplidos, sesiones_n, CORTE, "Comisión del Servicio")
    assert compromisos.texto_plano(partes) == esperado


def test_frase_de_contenido_concuerda_con_las_sesiones():
    s = compromisos.Sesion
    tres = [s(date(2023, 10, 9), "extraordinaria", 3, 1), s(date(2024, 3, 13), "ordinaria", 1, 6),
            s(date(2024, 4, 29), "extraordinaria", 4, 4)]
    assert compromisos.texto_plano(compromisos.frase_contenido(11, tres, "Comisión del Servicio")) == (
        "El informe da cuenta del seguimiento de 11 compromisos y acuerdos que se generaron en las sesiones "
        "ordinaria y extraordinarias de la Comisión del Servicio, en las fechas siguientes:")
    una = [s(date(2024, 3, 13), "ordinaria", 1, 1)]
    assert compromisos.texto_plano(compromisos.frase_contenido(1, una, "Comisión del Servicio")) == (
        "El informe da cuenta del seguimiento de 1 compromiso o acuerdo que se generó en la sesión ordinaria de la "
        "Comisión del Servicio, en la fecha siguiente:")


# --- carry-over ---------------------------------------------------------------------------------------


def test_arrastre_entre_informes(cat):
    """An item reported as concluido is not repeated; an open one carries over; a cancelled informe is ignored."""
    a = _alta(cat, "A: concluido antes del primer informe.", "2024-01-10")
    compromisos.actualizar(cat, a.id, fecha="2024-02-01", avance="Hecho.", estatus="concluido")
    b = _alta(cat, "B: concluye entre el primero y el segundo.", "2024-01-10")
    _alta(cat, "C: sigue abierto.", "2024-03-13")
    _alta(cat, "D: nace después del primer corte.", "2024-06-20", tipo="extraordinaria", numero=2)

    _, d1 = compromisos.emitir_informe(cat, "2024-05-31", fecha="2024-06-03")
    assert [f.compromiso.texto[0] for f in d1.filas] == ["A", "B", "C"]
    assert d1.cumplidos == 1

    compromisos.actualizar(cat, b.id, fecha="2024-07-15", avance="Hecho.", estatus="concluido")
    doc2, d2 = compromisos.emitir_informe(cat, "2024-08-31", fecha="2024-09-02")
    # A was reported concluded in the first informe: gone. B concluded since: reported once more. C, D open.
    assert [f.compromiso.texto[0] for f in d2.filas] == ["B", "C", "D"]
    assert [f.numero for f in d2.filas] == [1, 2, 3]
    assert d2.frase_totales().endswith("1 de ellos está cumplido y 2 en proceso de cumplimiento.")

    assert [f.compromiso.texto[0] for f in compromisos.seleccion(cat, date(2024, 11, 30))] == ["C", "D"]
    # An informe with an earlier corte is rebuilt as it was: later informes do not count for it.
    assert [f.compromiso.texto[0] for f in compromisos.seleccion(cat, date(2024, 5, 31))] == ["A", "B", "C"]
    # Cancelling the second informe: B was never validly reported concluded, so it comes back.
    documentos.cancelar(cat, doc2.folio, "Se corrigió el corte.")
    assert [f.compromiso.texto[0] for f in compromisos.seleccion(cat, date(2024, 11, 30))] == ["B", "C", "D"]


def test_el_estado_es_el_del_corte(cat):
    c = _alta(cat, fecha="2024-03-13")
    compromisos.actualizar(cat, c.id, fecha="2024-06-10", avance="Aprobado.", estatus="concluido")
    fila = compromisos.seleccion(cat, date(2024, 5, 24))[0]
    assert (fila.estado.estatus, fila.estado.porcentaje) == ("en curso", 0)
    assert compromisos.seleccion(cat, date(2024, 6, 10))[0].estado.estatus == "concluido"


# --- the informe ----------------------------------------------------------------------------------------


def _textos_tabla(tabla) -> list[list[str]]:
    return [[c.text for c in fila.cells] for fila in tabla.rows]


def test_informe_del_seed_001(cat, raiz):
    doc, d = _informe_seed(cat)
    assert doc.folio == "IEP/DEVySPE/INF-001/2024" and doc.tipo == "informe" and doc.serie == "informe"
    exp = expedientes.por_id(cat, doc.expediente_id)
    assert (exp.tipo, exp.referencia) == ("mecanismo", "comision-seguimiento")
    data = doc.archivo(raiz).read_bytes()
    w = Document(io.BytesIO(data))
    parrafos = [p.text for p in w.paragraphs]

    assert parrafos[0] == ("INFORME QUE PRESENTA LA DIRECCIÓN EJECUTIVA DE VINCULACIÓN Y SERVICIO PROFESIONAL "
                           "ELECTORAL SOBRE EL SEGUIMIENTO Y CUMPLIMIENTO DE COMPROMISOS Y ACUERDOS DE LA COMISIÓN "
                           "DEL SERVICIO PROFESIONAL ELECTORAL NACIONAL.")
    assert "Sesión Ordinaria: 17 de junio de 2024." in parrafos
    assert "Punto: 2." in parrafos
    # the membrete: institution in the header, folio and page in the footer
    assert "Instituto Electoral de Prueba" in texto_docx(data)
    pie = [c.text for t in w.sections[0].footer.tables for c in t.rows[0].cells]
    assert pie[0] == "IEP/DEVySPE/INF-001/2024" and pie[1].startswith("Página 1 de ")
    assert relaciones_sin_resolver(data) == []
    for titulo in ("I. Glosario.", "II. Presentación.", "III. Contenido del Informe.", "IV. Anexo."):
        assert titulo in parrafos
    assert any(p.startswith("En cumplimiento a lo previsto en los artículos 7, párrafo primero, inciso a); 14")
               for p in parrafos)
    assert ("El informe da cuenta del seguimiento de 11 compromisos y acuerdos que se generaron en las sesiones "
            "ordinaria y extraordinarias de la Comisión del Servicio, en las fechas siguientes:") in parrafos
    assert FRASE_SEED in parrafos
    assert d.frase_totales() == FRASE_SEED

    glosario, conteo, anexo = w.tables
    assert _textos_tabla(glosario)[0] == ["Consejo General/CG:", "Consejo General del Instituto Nacional Electoral."]
    assert len(glosario.rows) == 9 and _textos_tabla(glosario)[-1][0] == "UTCE:"
    assert _textos_tabla(conteo) == [
        ["Tipo de sesión", "Fecha de celebración", "Compromisos y acuerdos"],
        ["Tercera sesión extraordinaria", "9 de octubre de 2023", "1"],
        ["Primera sesión ordinaria", "13 de marzo de 2024", "6"],
        ["Cuarta sesión extraordinaria", "29 de abril de 2024", "4"],
    ]
    filas = _textos_tabla(anexo)
    assert filas[0] == ["No.", "Fecha y tipo de sesión", "Acuerdo/ Compromiso", "Área Responsable",
                        "Avance/cumplimiento", "Estatus", "Porcentaje de Avance"]
    assert len(filas) == 12
    assert filas[1][:2] == ["1.", "09/10/2023\nTercera sesión extraordinaria."]
    assert filas[1][3:] == ["Subdirección de Ascenso.", filas[1][4], "En curso.", "75%"]
    assert filas[1][4].startswith("Se continúan los trabajos de análisis de bases de información")
    assert filas[2][4] == ("La Junta aprobó por unanimidad la actualización del Catálogo de Cargos y Puestos del "
                           "Servicio Profesional Electoral Nacional, mediante el Acuerdo INE/JGE38/2024.")
    assert [f[5] for f in filas[1:]] == ["En curso."] + ["Concluido."] * 10
    assert [f[0] for f in filas[1:]] == [f"{n}." for n in range(1, 12)]
    # the header row repeats on every page; the annex is in landscape
    assert anexo.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert w.sections[-1].orientation == WD_ORIENT.LANDSCAPE

    # real footnotes: seven acuerdos, each cited right after it appears in the avance text
    notas = notas_al_pie(data)
    assert len(notas) == 7
    assert notas[1] == ("Acuerdo INE/JGE38/2024. Consultable en la liga: https://repositoriodocumental.ine.mx/"
                        "xmlui/bitstream/handle/123456789/168246/JGEor202403-25-ap-4-1.pdf")
    assert [n.split(".")[0] for n in notas.values()] == [
        "Acuerdo INE/JGE38/2024", "Acuerdo INE/JGE39/2024", "Acuerdo INE/JGE55/2024", "Acuerdo INE/JGE56/2024",
        "Acuerdo INE/JGE57/2024", "Acuerdo INE/JGE58/2024", "Acuerdo INE/CG546/2024"]
    celda_11 = anexo.rows[11].cells[4].paragraphs[0]
    assert referencias_de_notas(celda_11) == [6, 7]
    runs = [r for r in celda_11._p.iter(qn("w:r"))]
    texto_antes_de_nota = "".join(t.text for r in runs[:[i for i, r in enumerate(runs)
                                                         if r.find(qn("w:footnoteReference")) is not None][0]]
                                  for t in r.iter(qn("w:t")))
    assert texto_antes_de_nota.endswith("mediante el Acuerdo INE/JGE58/2024")
    assert referencias_de_notas(anexo.rows[3].cells[4].paragraphs[0]) == []  # item 3 cites no acuerdo

    # what the informe reported is recorded for the carry-over rule
    assert cat.uno("SELECT COUNT(*), SUM(estatus = 'concluido') FROM compromiso_informe_items")[:] == (11, 10)


def test_informe_sin_compromisos_y_glosario_por_omision(cat, raiz):
    doc, d = compromisos.emitir_informe(cat, "2024-05-24", fecha="2024-05-27")
    w = Document(doc.archivo(raiz))
    parrafos = [p.text for p in w.paragraphs]
    assert ("Con corte al 24 de mayo de 2024, no hay compromisos ni acuerdos de la Comisión de Seguimiento en "
            "seguimiento.") in parrafos
    assert "No hay compromisos ni acuerdos que informar con este corte." in parrafos
    glosario = [c.text for c in w.tables[0].columns[0].cells]
    assert "DEVySPE:" in glosario and "Instituto/IEP:" in glosario
    assert notas_al_pie(doc.archivo(raiz).read_bytes()) == {}


def test_informe_en_el_expediente_de_la_sesion(cat, raiz):
    ses = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    _alta(cat, fecha="2025-02-14", tipo="extraordinaria", numero=1)
    doc, d = compromisos.emitir_informe(cat, "2025-03-20", fecha="2025-03-21", sesion_id=ses.id, punto="4")
    exp = expedientes.por_id(cat, doc.expediente_id)
    assert (exp.tipo, exp.referencia) == ("sesion", str(ses.id))
    assert d.sesion_informe == "Sesión Ordinaria: 27 de marzo de 2025"
    assert "Sesión Ordinaria: 27 de marzo de 2025." in [p.text for p in Document(doc.archivo(raiz)).paragraphs]


def test_corte_posterior_a_la_fecha_se_rechaza(cat):
    with pytest.raises(EntradaInvalida, match="no puede ser posterior"):
        compromisos.emitir_informe(cat, "2024-06-30", fecha="2024-06-01")
    assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0


@pytest.mark.libreoffice
def test_informe_en_pdf_conserva_las_notas_al_pie(cat, raiz, soffice, tmp_path):
    from pypdf import PdfReader

    from archivo.word.conversion import convertir_a_pdf

    doc, _ = _informe_seed(cat)
    (pdf,) = convertir_a_pdf([doc.archivo(raiz)], tmp_path, soffice=soffice)
    paginas = [p.extract_text() for p in PdfReader(pdf).pages]
    texto = " ".join(" ".join(paginas).split())  # lines wrap differently in the PDF
    assert FRASE_SEED in texto
    for acuerdo in ("INE/JGE38/2024", "INE/JGE57/2024", "INE/CG546/2024"):
        assert f"Acuerdo {acuerdo}. Consultable en la liga:" in texto
    assert "170666/CGex202405-16-ap-13.pdf" in texto
    # the índice's page numbers were computed (PAGEREF fields): «IV. Anexo……3»
    indice = [linea for linea in paginas[0].splitlines() if linea.startswith("IV. Anexo")]
    assert indice and indice[0].rstrip()[-1].isdigit()
    numero = int(indice[0].rstrip(".").split(".")[-1])
    assert "IV. Anexo." in paginas[numero - 1]
