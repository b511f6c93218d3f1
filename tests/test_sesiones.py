"""Sessions: registration, numbering, deadline in días hábiles, calendar, orden del día and its documents."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from archivo import sesiones
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.fsutil import sha256_file
from archivo.base.raiz import Raiz
from tests.utilidades import emitir_docx, pdf, texto_docx


def con_toml_extra(raiz: Raiz, extra: str) -> Raiz:
    """The same archive with ``extra`` appended to archivo.toml (a fresh Raiz re-reads it)."""
    with open(raiz.archivo_toml, "a", encoding="utf-8") as f:
        f.write("\n" + extra)
    return Raiz(raiz.ruta)


# --- registration and numbering ------------------------------------------------------------------


def test_nueva_sesion_con_nombre_y_numero_siguiente(cat: Catalogo) -> None:
    s1 = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", hora="11:00")
    s2 = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="26/06/2025")
    e1 = sesiones.nueva(cat, organo="comision", tipo="extraordinaria", fecha="2025-04-29")
    c1 = sesiones.nueva(cat, organo="consejo", tipo="ordinaria", fecha="2025-01-30")
    otro_anio = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2026-03-26")
    assert [s.nombre for s in (s1, s2, e1, c1, otro_anio)] == [
        "Primera sesión ordinaria de 2025", "Segunda sesión ordinaria de 2025",
        "Primera sesión extraordinaria de 2025", "Primera sesión ordinaria de 2025",
        "Primera sesión ordinaria de 2026"]
    assert s1.organo_nombre == "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"
    assert c1.organo_nombre == "Consejo General"
    assert s2.fecha == "2025-06-26" and s1.hora == "11:00"
    decima = sesiones.nueva(cat, organo="comision", tipo="extraordinaria", fecha="2025-11-11", numero=10)
    assert decima.nombre == "Décima sesión extraordinaria de 2025"
    assert sesiones.nueva(cat, organo="comision", tipo="extraordinaria", fecha="2025-11-20").numero == 11
    historial = cat.todos("SELECT accion FROM historial WHERE entidad = 'sesion'")
    assert len(historial) == 7 and historial[0]["accion"] == "registrar sesión"


def test_numero_repetido_y_datos_invalidos_se_informan_todos(cat: Catalogo) -> None:
    sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    with pytest.raises(EntradaInvalida, match="Ya existe la primera sesión ordinaria de 2025"):
        sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-09-25", numero=1)
    with pytest.raises(EntradaInvalida) as e:
        sesiones.nueva(cat, organo="junta", tipo="solemne", fecha="31/02/2025", hora="25:00", numero=0)
    assert {p.lugar for p in e.value.problemas} == {"--organo", "--tipo", "--fecha", "--hora", "--numero"}
    assert len(sesiones.lista(cat)) == 1


def test_reprogramar_y_estado(cat: Catalogo) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    movida = sesiones.reprogramar(cat, s.id, fecha="2025-03-26", hora="17:30", lugar="Sala virtual")
    assert (movida.fecha, movida.hora, movida.lugar) == ("2025-03-26", "17:30", "Sala virtual")
    with pytest.raises(EntradaInvalida, match="no puede pasar a 2026"):
        sesiones.reprogramar(cat, s.id, fecha="2026-01-15")
    celebrada = sesiones.cambiar_estado(cat, s.id, "celebrada")
    assert celebrada.estado == "celebrada"
    with pytest.raises(ArchivoError, match="está celebrada; su orden del día ya no se modifica"):
        sesiones.agregar_punto(cat, s.id, "Punto tardío")
    assert sesiones.avisos_fecha(cat.raiz, date(2025, 3, 29)) == [
        "El 29 de marzo de 2025 es sábado; revise la fecha de la sesión."]


# --- deadline ------------------------------------------------------------------------------------


def _sesion(cat: Catalogo, tipo: str, fecha: str, organo: str = "comision") -> sesiones.Sesion:
    return sesiones.nueva(cat, organo=organo, tipo=tipo, fecha=fecha)


def test_plazo_salta_fines_de_semana_y_feriados(cat: Catalogo) -> None:
    raiz = cat.raiz
    # Wednesday 5 Feb 2025; Monday 3 Feb is a holiday (Día de la Constitución): 4 Feb, 31 Jan, 30 Jan.
    p = sesiones.plazo(raiz, _sesion(cat, "ordinaria", "2025-02-05"), hoy=date(2025, 1, 27))
    assert (p.dias, p.fecha_limite) == (3, date(2025, 1, 30))
    assert p.restantes == 3 and "faltan 3 días hábiles" in p.texto
    assert p.texto.startswith("a más tardar el jueves 30 de enero de 2025 (3 días hábiles antes de la sesión)")
    # Extraordinaria, Tuesday 18 March 2025; Monday 17 is a holiday: 1 día hábil before is Friday 14.
    e = sesiones.plazo(raiz, _sesion(cat, "extraordinaria", "2025-03-18"), hoy=date(2025, 3, 14))
    assert (e.dias, e.fecha_limite, e.restantes) == (1, date(2025, 3, 14), 0)
    assert e.texto.endswith("; vence hoy")
    vencido = sesiones.plazo(raiz, _sesion(cat, "ordinaria", "2025-03-27"), hoy=date(2025, 3, 26))
    assert vencido.fecha_limite == date(2025, 3, 24) and vencido.restantes == -2
    assert vencido.texto.endswith("venció hace 2 días hábiles")


def test_plazo_con_dia_inhabil_de_la_institucion(cat: Catalogo) -> None:
    # conftest declares 2024-11-04 inhábil: Thursday 7 Nov → 6, 5, (4 inhábil), 1 Nov (2-3 weekend).
    p = sesiones.plazo(cat.raiz, _sesion(cat, "ordinaria", "2024-11-07"))
    assert p.fecha_limite == date(2024, 11, 1)
    assert sesiones.plazo(cat.raiz, _sesion(cat, "ordinaria", "2024-11-07", "consejo")).fecha_limite == date(2024, 11, 1)


def test_anticipacion_configurable_por_organo(raiz: Raiz) -> None:
    raiz = con_toml_extra(raiz, "[sesiones]\nanticipacion_ordinaria = 5\n\n[sesiones.consejo]\n"
                                "anticipacion_extraordinaria = 2\n")
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        comision = sesiones.plazo(raiz, _sesion(cat, "ordinaria", "2025-06-26"))
        consejo_ext = sesiones.plazo(raiz, _sesion(cat, "extraordinaria", "2025-06-26", "consejo"))
        comision_ext = sesiones.plazo(raiz, _sesion(cat, "extraordinaria", "2025-06-27"))
    assert (comision.dias, comision.fecha_limite) == (5, date(2025, 6, 19))
    assert (consejo_ext.dias, consejo_ext.fecha_limite) == (2, date(2025, 6, 24))
    assert (comision_ext.dias, comision_ext.fecha_limite) == (1, date(2025, 6, 26))


def test_configuracion_invalida_se_informa_completa(raiz: Raiz) -> None:
    raiz = con_toml_extra(raiz, '[sesiones]\nanticipacion_ordinaria = "tres"\nmeses_ordinarias = [3, 13]\n'
                                'dia_calendario = "domingo"\nhora = "once"\nformato_pagina = "Hoja"\n')
    with pytest.raises(EntradaInvalida) as e:
        _ = raiz.config
    lugares = {p.lugar for p in e.value.problemas}
    assert lugares == {f"archivo.toml, [sesiones] {c}" for c in
                       ("anticipacion_ordinaria", "meses_ordinarias", "dia_calendario", "hora", "formato_pagina")}


# --- calendar ------------------------------------------------------------------------------------


def test_calendario_anual_en_marzo_junio_septiembre_y_diciembre(cat: Catalogo) -> None:
    previa = sesiones.calendario(cat, 2025, "comision", crear=False)
    assert [f.situacion for f in previa] == ["propuesta"] * 4 and sesiones.lista(cat) == []
    filas = sesiones.calendario(cat, 2025, "comision")
    # the last Thursday hábil of each month; 25 Dec 2025 is Christmas, so December's is the 18th
    assert [f.fecha for f in filas] == [date(2025, 3, 27), date(2025, 6, 26), date(2025, 9, 25), date(2025, 12, 18)]
    assert [f.nombre for f in filas] == ["Primera sesión ordinaria de 2025", "Segunda sesión ordinaria de 2025",
                                         "Tercera sesión ordinaria de 2025", "Cuarta sesión ordinaria de 2025"]
    assert [f.situacion for f in filas] == ["nueva"] * 4
    registradas = sesiones.lista(cat, anio=2025)
    assert [(s.numero, s.fecha, s.origen) for s in registradas] == [
        (1, "2025-03-27", "calendario"), (2, "2025-06-26", "calendario"), (3, "2025-09-25", "calendario"),
        (4, "2025-12-18", "calendario")]
    otra_vez = sesiones.calendario(cat, 2025, "comision")
    assert [f.situacion for f in otra_vez] == ["existente"] * 4 and len(sesiones.lista(cat)) == 4


def test_calendario_respeta_la_sesion_ya_registrada_y_detecta_choques(cat: Catalogo) -> None:
    marzo = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-13")
    filas = sesiones.calendario(cat, 2025, "comision")
    assert [(f.numero, f.situacion) for f in filas] == [(1, "existente"), (2, "nueva"), (3, "nueva"), (4, "nueva")]
    assert filas[0].sesion_id == marzo.id and filas[0].fecha == date(2025, 3, 13)
    # 2026: a session numbered 2 in January takes the place the March proposal would need.
    sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2026-01-15", numero=2)
    with pytest.raises(EntradaInvalida) as e:
        sesiones.calendario(cat, 2026, "comision")
    assert e.value.problemas[0].lugar == "marzo de 2026"
    assert "segunda sesión ordinaria de 2026" in e.value.problemas[0].mensaje
    assert len(sesiones.lista(cat, anio=2026)) == 1  # nothing created


def test_calendario_configurable_y_dia_inhabil(raiz: Raiz) -> None:
    raiz = con_toml_extra(raiz, '[sesiones]\nmeses_ordinarias = [11, 2]\ndia_calendario = "lunes"\n')
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        filas = sesiones.calendario(cat, 2024, "consejo")
    # February 2024: last Monday is the 26th. November 2024: Mondays 25 and 18 are hábiles (the 18th is the
    # Revolution holiday, but the 25th comes first from the end).
    assert [f.fecha for f in filas] == [date(2024, 2, 26), date(2024, 11, 25)]
    assert sesiones.fecha_calendario(2024, 11, 0, ("2024-11-25",)) == date(2024, 11, 11)  # 25 inhábil, 18 feriado


# --- orden del día -------------------------------------------------------------------------------


def _numeros(cat: Catalogo, sesion_id: int) -> list[tuple[str, str]]:
    return [(p.numero, p.titulo) for p in sesiones.recorrer(sesiones.orden_del_dia(cat, sesion_id))]


def test_puntos_con_subpuntos_se_numeran_por_su_lugar(cat: Catalogo) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    assert sesiones.agregar_punto(cat, s.id, "Lista de asistencia") == "1"
    assert sesiones.agregar_punto(cat, s.id, "Informes") == "2"
    assert sesiones.agregar_punto(cat, s.id, "Asuntos generales") == "3"
    assert sesiones.agregar_punto(cat, s.id, "Informe de compromisos", dentro_de="2") == "2.1"
    assert sesiones.agregar_punto(cat, s.id, "Informe del PAT", dentro_de="2") == "2.2"
    assert sesiones.agregar_punto(cat, s.id, "  Aprobación   del orden del día ", posicion=2) == "2"
    assert sesiones.agregar_punto(cat, s.id, "Avance semestral", dentro_de="3.2") == "3.2.1"
    assert _numeros(cat, s.id) == [
        ("1", "Lista de asistencia"), ("2", "Aprobación del orden del día"), ("3", "Informes"),
        ("3.1", "Informe de compromisos"), ("3.2", "Informe del PAT"), ("3.2.1", "Avance semestral"),
        ("4", "Asuntos generales")]
    with pytest.raises(EntradaInvalida, match="hasta 3 niveles"):
        sesiones.agregar_punto(cat, s.id, "Demasiado hondo", dentro_de="3.2.1")
    assert sesiones.mover_punto(cat, s.id, "3.2", 1) == "3.1"
    sesiones.editar_punto(cat, s.id, "4", "Asuntos generales.")
    quitado = sesiones.quitar_punto(cat, s.id, "2")
    assert quitado.titulo == "Aprobación del orden del día"
    assert _numeros(cat, s.id) == [
        ("1", "Lista de asistencia"), ("2", "Informes"), ("2.1", "Informe del PAT"), ("2.1.1", "Avance semestral"),
        ("2.2", "Informe de compromisos"), ("3", "Asuntos generales.")]
    with pytest.raises(NoEncontrado, match="no tiene el punto 7. Puntos: 1, 2, 2.1, 2.1.1, 2.2, 3"):
        sesiones.editar_punto(cat, s.id, "7", "x")
    with pytest.raises(EntradaInvalida, match="no es un número de punto"):
        sesiones.quitar_punto(cat, s.id, "dos")
    with pytest.raises(EntradaInvalida, match="La posición 9 no existe: use de 1 a 4"):
        sesiones.agregar_punto(cat, s.id, "x", posicion=9)
    with pytest.raises(EntradaInvalida, match="necesita un título"):
        sesiones.agregar_punto(cat, s.id, "   ")
    with pytest.raises(EntradaInvalida, match="el máximo es 500"):
        sesiones.editar_punto(cat, s.id, "1", "x" * 501)


def test_adjuntar_por_folio_informa_todos_los_problemas_y_no_duplica(cat: Catalogo) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    sesiones.agregar_punto(cat, s.id, "Informes")
    sesiones.agregar_punto(cat, s.id, "Oficios")
    oficio = emitir_docx(cat, "Oficio sobre incentivos")
    informe = emitir_docx(cat, "Informe de avance", serie="informe")
    cancelado = emitir_docx(cat, "Oficio equivocado")
    documentos.cancelar(cat, cancelado.folio, "Error en el destinatario")
    with pytest.raises(EntradaInvalida) as e:
        sesiones.adjuntar(cat, s.id, "1", [informe.folio, "IEP/NO/EXISTE", cancelado.folio])
    assert [p.lugar for p in e.value.problemas] == ["IEP/NO/EXISTE", cancelado.folio]
    assert "está cancelado" in e.value.problemas[1].mensaje
    assert sesiones.orden_del_dia(cat, s.id)[0].documentos == []  # nothing half-attached
    r = sesiones.adjuntar(cat, s.id, "1", [informe.folio, f"#{oficio.id}"])
    assert [d.id for d in r.adjuntados] == [informe.id, oficio.id] and r.omitidos == []
    otra = sesiones.adjuntar(cat, s.id, "2", [oficio.folio])
    assert otra.adjuntados == [] and otra.omitidos == [f"{oficio.folio} ya estaba en el punto 1"]
    sesiones.desadjuntar(cat, s.id, "1", informe.folio)
    assert [d.folio for d in sesiones.orden_del_dia(cat, s.id)[0].documentos] == [oficio.folio]
    with pytest.raises(NoEncontrado, match="no está en el punto 2"):
        sesiones.desadjuntar(cat, s.id, "2", oficio.folio)


def test_importar_pdf_lo_copia_al_expediente_de_la_sesion(cat: Catalogo, tmp_path: Path) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    sesiones.agregar_punto(cat, s.id, "Comunicaciones")
    original = pdf(tmp_path / "Oficio INE-DESPEN-0001-2025.pdf", "Oficio de la DESPEN", 2)
    r = sesiones.adjuntar(cat, s.id, "1", pdfs=[original])
    [doc] = r.adjuntados
    assert (doc.estado, doc.origen, doc.folio, doc.tipo) == ("importado", "importado", None, "importado")
    assert doc.asunto == "Oficio INE-DESPEN-0001-2025"
    copia = doc.archivo(cat.raiz)
    assert copia.name == "Oficio INE-DESPEN-0001-2025.pdf" and copia.read_bytes() == original.read_bytes()
    assert doc.sha256 == sha256_file(original)
    assert cat.uno("SELECT sha256 FROM archivos WHERE ruta = ?", (doc.ruta,))["sha256"] == doc.sha256
    exp = exps.por_id(cat, sesiones.obtener(cat, s.id).expediente_id)
    assert (exp.tipo, exp.referencia) == ("sesion", str(s.id))
    assert copia.parent == exp.carpeta(cat.raiz)
    assert "2025-1-comision-primera-sesion-ordinaria-de-2025" in exp.ruta
    # the same file again is the same document, not a second copy
    sesiones.agregar_punto(cat, s.id, "Otro")
    otra = sesiones.adjuntar(cat, s.id, "2", pdfs=[original])
    assert otra.omitidos == [f"#{doc.id} ya estaba en el punto 1"]
    assert len(documentos.lista(cat, tipo="importado")) == 1


def test_pdf_cifrado_danado_o_falso_se_rechaza_sin_escribir_nada(cat: Catalogo, tmp_path: Path) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    sesiones.agregar_punto(cat, s.id, "Comunicaciones")
    bueno = pdf(tmp_path / "bueno.pdf", "Bueno")
    escritor = PdfWriter(clone_from=PdfReader(bueno))
    escritor.encrypt("clave-secreta")
    cifrado = tmp_path / "cifrado.pdf"
    with open(cifrado, "wb") as f:
        escritor.write(f)
    danado = tmp_path / "danado.pdf"
    danado.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>")
    falso = tmp_path / "falso.pdf"
    falso.write_text("Esto es texto con extensión .pdf", encoding="utf-8")
    archivos_antes = cat.uno("SELECT COUNT(*) FROM archivos")[0]
    with pytest.raises(EntradaInvalida) as e:
        sesiones.adjuntar(cat, s.id, "1", pdfs=[bueno, cifrado, danado, falso])
    mensajes = {Path(p.lugar).name: p.mensaje for p in e.value.problemas}
    assert set(mensajes) == {"cifrado.pdf", "danado.pdf", "falso.pdf"}
    assert mensajes["cifrado.pdf"] == "el PDF está protegido con contraseña"
    assert "dañado" in mensajes["danado.pdf"] or "no tiene páginas" in mensajes["danado.pdf"]
    assert "no es un PDF" in mensajes["falso.pdf"]
    assert cat.uno("SELECT COUNT(*) FROM archivos")[0] == archivos_antes
    assert documentos.lista(cat, tipo="importado") == []


def test_orden_del_dia_en_word(cat: Catalogo) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", hora="11:00",
                       lugar="Sala de sesiones")
    with pytest.raises(EntradaInvalida, match="no tiene puntos"):
        sesiones.emitir_orden_del_dia(cat, s.id)
    sesiones.agregar_punto(cat, s.id, "Lista de asistencia y declaración de quórum.")
    sesiones.agregar_punto(cat, s.id, "Informes.")
    sesiones.agregar_punto(cat, s.id, "Informe de compromisos y acuerdos.", dentro_de="2")
    primero = sesiones.emitir_orden_del_dia(cat, s.id)
    texto = texto_docx(primero.archivo(cat.raiz))  # the institution is in the membrete's header
    for esperado in ("Instituto Electoral de Prueba", "Comisión de Seguimiento del Servicio Profesional Electoral "
                     "Nacional", "ORDEN DEL DÍA", "Primera sesión ordinaria de 2025",
                     "Jueves 27 de marzo de 2025, 11:00 horas", "Sala de sesiones",
                     "1.\tLista de asistencia y declaración de quórum.", "2.\tInformes.",
                     "2.1.\tInforme de compromisos y acuerdos.",
                     "Secretaría Técnica: Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"):
        assert esperado in texto
    assert (primero.tipo, primero.folio, primero.estado) == ("orden-del-dia", None, "emitido")
    sesiones.agregar_punto(cat, s.id, "Asuntos generales.")
    segundo = sesiones.emitir_orden_del_dia(cat, s.id)
    assert segundo.sustituye_a == primero.id and segundo.ruta != primero.ruta
    assert primero.archivo(cat.raiz).is_file()
    assert "3.\tAsuntos generales." in "\n".join(p.text for p in Document(segundo.archivo(cat.raiz)).paragraphs)
    datos = json.loads(cat.raiz.absoluta(segundo.datos_ruta).read_text(encoding="utf-8"))
    assert [p["numero"] for p in datos["puntos"]] == ["1", "2", "3"]
