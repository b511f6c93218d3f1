"""``archivo sesion …`` through the real entry point: output, JSON, exit codes, Spanish errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from archivo import busqueda, sesiones
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from tests.utilidades import emitir_docx, pdf


def test_nueva_lista_ver_y_plazo(cli, cat: Catalogo) -> None:
    r = cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2025-02-05",
            "--hora", "11:00", "--lugar", "Sala de sesiones")
    assert r.codigo == 0, r.todo
    assert "Sesión 1: Primera sesión ordinaria de 2025" in r.salida
    assert "a más tardar el jueves 30 de enero de 2025 (3 días hábiles antes de la sesión)" in r.salida
    r = cli("sesion", "nueva", "--organo", "consejo", "--tipo", "extraordinaria", "--fecha", "2025-02-08")
    assert r.codigo == 0 and "sábado" in r.todo  # a warning, not an error
    filas = json.loads(cli("sesion", "lista", "--formato", "json").salida)
    assert [(f["id"], f["nombre"], f["organo"], f["plazo_envio"]) for f in filas] == [
        (1, "Primera sesión ordinaria de 2025", "comision", "2025-01-30"),
        (2, "Primera sesión extraordinaria de 2025", "consejo", "2025-02-07")]
    assert "Primera sesión ordinaria de 2025" in cli("sesion", "lista", "--organo", "comision").salida
    assert cli("sesion", "lista", "--anio", "2030").salida.startswith("No hay sesiones")

    cli("sesion", "punto", "agregar", "1", "Informes")
    cli("sesion", "punto", "agregar", "1", "Informe de compromisos", "--dentro-de", "1")
    oficio = emitir_docx(cat, "Oficio sobre incentivos")
    r = cli("sesion", "adjuntar", "1", "1.1", "--folio", oficio.folio)
    assert r.codigo == 0 and f"Punto 1.1: {oficio.folio} — Oficio sobre incentivos" in r.salida
    ver = cli("sesion", "ver", "1")
    assert ver.codigo == 0
    for texto in ("Sesión 1: Primera sesión ordinaria de 2025", "miércoles 5 de febrero de 2025, 11:00 horas",
                  "1. Informes", "1.1. Informe de compromisos", f"· {oficio.folio} — Oficio sobre incentivos",
                  "todavía no se arma"):
        assert texto in ver.salida
    datos = json.loads(cli("sesion", "ver", "1", "--formato", "json").salida)
    assert datos["plazo"]["fecha_limite"] == "2025-01-30"
    assert datos["orden_del_dia"][0]["subpuntos"][0]["documentos"][0]["folio"] == oficio.folio
    plazo = json.loads(cli("sesion", "plazo", "2", "--formato", "json").salida)
    assert (plazo["dias_habiles"], plazo["fecha_limite"]) == (1, "2025-02-07")
    assert "a más tardar el viernes 7 de febrero de 2025" in cli("sesion", "plazo", "2").salida


def test_calendario_y_reprogramar(cli) -> None:
    previa = cli("sesion", "calendario", "--anio", "2025", "--vista-previa")
    assert previa.codigo == 0 and "Vista previa: no se registró nada" in previa.salida
    r = cli("sesion", "calendario", "--anio", "2025", "--organo", "comision", "--formato", "json")
    filas = json.loads(r.salida)
    assert [(f["nombre"], f["fecha"], f["situacion"]) for f in filas] == [
        ("Primera sesión ordinaria de 2025", "2025-03-27", "nueva"),
        ("Segunda sesión ordinaria de 2025", "2025-06-26", "nueva"),
        ("Tercera sesión ordinaria de 2025", "2025-09-25", "nueva"),
        ("Cuarta sesión ordinaria de 2025", "2025-12-18", "nueva")]
    assert "ya estaba completo" in cli("sesion", "calendario", "--anio", "2025").salida
    r = cli("sesion", "reprogramar", str(filas[1]["sesion_id"]), "--fecha", "2025-06-24", "--hora", "10:00")
    assert r.codigo == 0 and "martes 24 de junio de 2025, 10:00 horas" in r.salida
    r = cli("sesion", "estado", str(filas[0]["sesion_id"]), "celebrada")
    assert r.codigo == 0 and "celebrada" in r.salida


def test_errores_en_espanol_sin_traza(cli, tmp_path: Path) -> None:
    r = cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "31/02/2025")
    assert r.codigo == 1 and "no es una fecha válida" in r.errores and "Traceback" not in r.todo
    assert cli("sesion", "ver", "99").errores.startswith("Error: No existe la sesión «99»")
    cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2025-03-27")
    cli("sesion", "punto", "agregar", "1", "Comunicaciones")
    falso = tmp_path / "falso.pdf"
    falso.write_text("no soy un PDF", encoding="utf-8")
    r = cli("sesion", "adjuntar", "1", "1", "--pdf", str(falso), "--folio", "IEP/NO/001/2025")
    assert r.codigo == 1
    assert "falso.pdf: el archivo tiene extensión .pdf pero no es un PDF" in r.errores
    assert "IEP/NO/001/2025: no existe ese documento" in r.errores
    r = cli("sesion", "adjuntar", "1", "4", "--folio", "X")
    assert r.codigo == 1 and "no tiene el punto 4" in r.errores
    r = cli("sesion", "adjuntar", "1", "1", "--primero")
    assert r.codigo == 1 and "--primero y --elegir se usan con --buscar" in r.errores


def test_adjuntar_pdf_y_quitar_punto_con_confirmacion(cli, cat: Catalogo, tmp_path: Path) -> None:
    cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2025-03-27")
    cli("sesion", "punto", "agregar", "1", "Comunicaciones")
    cli("sesion", "punto", "agregar", "1", "Asuntos generales")
    archivo_pdf = pdf(tmp_path / "acuerdo_INE-CG546-2024.pdf", "Acuerdo recibido")
    r = cli("sesion", "adjuntar", "1", "1", "--pdf", str(archivo_pdf), "--asunto", "Acuerdo INE/CG546/2024")
    assert r.codigo == 0 and "Acuerdo INE/CG546/2024" in r.salida
    [doc] = documentos.lista(cat, tipo="importado")
    assert doc.archivo(cat.raiz).name == "acuerdo_INE-CG546-2024.pdf"
    assert len(PdfReader(doc.archivo(cat.raiz)).pages) == 1
    r = cli("sesion", "punto", "quitar", "1", "1", entrada="n\n")
    assert r.codigo == 1 and "¿Quitarlo?" in r.salida
    assert len(sesiones.orden_del_dia(cat, 1)) == 2
    r = cli("sesion", "punto", "quitar", "1", "1", "--si")
    assert r.codigo == 0 and "Se quitó el punto 1" in r.salida
    assert [p.titulo for p in sesiones.orden_del_dia(cat, 1)] == ["Asuntos generales"]
    assert doc.archivo(cat.raiz).is_file()  # the document stays in the archive
    r = cli("sesion", "punto", "mover", "1", "1", "--posicion", "1")
    assert r.codigo == 0 and "ahora es el 1" in r.salida


def test_orden_del_dia_por_cli(cli) -> None:
    cli("sesion", "nueva", "--organo", "consejo", "--tipo", "extraordinaria", "--fecha", "2025-05-02")
    cli("sesion", "punto", "agregar", "1", "Proyecto de acuerdo")
    r = cli("sesion", "orden-del-dia", "1")
    assert r.codigo == 0 and "orden-del-dia-primera-sesion-extraordinaria-de-2025.docx" in r.salida


@pytest.mark.libreoffice
def test_carpeta_por_cli(cli, cat: Catalogo, soffice: str) -> None:
    cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2025-03-27")
    cli("sesion", "punto", "agregar", "1", "Informes")
    informe = emitir_docx(cat, "Informe de avance", "CONTENIDO-DEL-INFORME", serie="informe")
    cli("sesion", "adjuntar", "1", "1", "--folio", informe.folio)
    r = cli("sesion", "carpeta", "1")
    assert r.codigo == 0, r.todo
    assert "Carpeta versión 1:" in r.salida and "SHA-256:" in r.salida
    [carpeta] = documentos.lista(cat, tipo="carpeta")
    assert carpeta.sha256 in r.salida
    assert "CONTENIDO-DEL-INFORME" in PdfReader(carpeta.archivo(cat.raiz)).pages[2].extract_text()
    assert "al día" in cli("sesion", "ver", "1").salida


def test_carpeta_sin_libreoffice_por_cli(cli, cat: Catalogo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2025-03-27")
    cli("sesion", "punto", "agregar", "1", "Informes")
    cli("sesion", "adjuntar", "1", "1", "--folio", emitir_docx(cat, "Informe en Word", serie="informe").folio)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("ARCHIVO_SOFFICE", raising=False)
    r = cli("sesion", "carpeta", "1")
    assert r.codigo == 1 and "No se encontró LibreOffice" in r.errores and "Traceback" not in r.todo
    assert documentos.lista(cat, tipo="carpeta") == []


def _indexados(cat: Catalogo) -> list[documentos.Documento]:
    """Three issued documents that go through the real search index (indexed after commit)."""
    emitidos = []
    for asunto, texto in (("Dictamen de otorgamiento de titularidad", "Se otorga la titularidad en el rango A."),
                          ("Dictamen de procedencia de cambio de adscripción", "Procede el cambio de adscripción."),
                          ("Oficio de notificación de resultados", "Se notifican los resultados de la evaluación.")):
        def construir(folio, asunto=asunto, texto=texto) -> bytes:
            d = Document()
            d.add_heading(asunto, level=1)
            d.add_paragraph(f"{folio}. {texto}")
            salida = io.BytesIO()
            d.save(salida)
            return salida.getvalue()

        with cat.transaccion("emitir documento de prueba") as tx:
            exp = exps.asegurar(tx, "mecanismo", "titularidad", "Titularidad")
            emitidos.append(documentos.emitir_en(tx, tipo="dictamen" if "Dictamen" in asunto else "oficio",
                                                 asunto=asunto, expediente=exp, construir=construir,
                                                 serie="dictamen" if "Dictamen" in asunto else "oficio"))
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0, "los documentos deben quedar indexados"
    assert len(busqueda.buscar(cat, "dictamenes")) == 2
    return emitidos


def test_adjuntar_por_busqueda_eligiendo_o_el_primero(cli, cat: Catalogo) -> None:
    titularidad, adscripcion, oficio = _indexados(cat)
    cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2025-03-27")
    for titulo in ("Dictámenes", "Oficios", "Otros"):
        cli("sesion", "punto", "agregar", "1", titulo)
    candidatos, _ = sesiones.buscar_documentos(cat, "dictamenes")
    assert {c.documento.id for c in candidatos} == {titularidad.id, adscripcion.id}
    # interactive: the results are listed and the user types the numbers
    r = cli("sesion", "adjuntar", "1", "1", "--buscar", "dictamenes", entrada="2,1\n")
    assert r.codigo == 0, r.todo
    assert "Resultados de «dictamenes»" in r.salida and titularidad.folio in r.salida
    esperados = [candidatos[1].documento.folio, candidatos[0].documento.folio]
    assert [d.folio for d in sesiones.orden_del_dia(cat, 1)[0].documentos] == esperados
    # --primero takes the best hit without asking
    r = cli("sesion", "adjuntar", "1", "2", "--buscar", "notificacion resultados", "--primero")
    assert r.codigo == 0 and f"Punto 2: {oficio.folio}" in r.salida
    # an empty answer attaches nothing; a wrong number is an error; no hits is an error
    assert "No se adjuntó nada" in cli("sesion", "adjuntar", "1", "3", "--buscar", "dictamen", entrada="\n").salida
    r = cli("sesion", "adjuntar", "1", "3", "--buscar", "dictamen", "--elegir", "7")
    assert r.codigo == 1 and "7: no es un número de la lista (1 a 2)" in r.errores
    r = cli("sesion", "adjuntar", "1", "3", "--buscar", "presupuesto")
    assert r.codigo == 1 and "no encontró documentos" in r.errores
    assert sesiones.orden_del_dia(cat, 1)[2].documentos == []
