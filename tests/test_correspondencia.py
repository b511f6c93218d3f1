"""The correspondence register: the whole thread (entrada → turno with tarjeta → the área's answer → salida with
acuse → concluded), días hábiles deadlines across holidays, the pending list, bad input, the Excel bitácora import
and the Word/Excel bitácora, all on real files and a real catalog."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from archivo import busqueda, procedimientos
from archivo.archivistica import expedientes as exps
from archivo.archivistica.integridad import verificar
from archivo.base import formato
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.errors import EntradaInvalida
from archivo.correspondencia import bitacora, consultas, importacion
from archivo.correspondencia import opciones as op
from archivo.correspondencia import registro as reg
from tests.conftest import TOML_PRUEBA, invocar
from tests.utilidades import TOML_CORRESPONDENCIA, pdf_simple, texto_docx

TOML = TOML_CORRESPONDENCIA
INE = "Instituto Nacional Electoral"
DESPEN = "Dirección Ejecutiva del Servicio Profesional Electoral Nacional"
OFICIO = {"destinatario_nombre": "Mtra. Mariana Solís Arreola",
          "destinatario_cargo": "Directora Ejecutiva del Servicio Profesional Electoral Nacional",
          "asunto": "Se remite la información del personal del Servicio solicitada.",
          "cuerpo": ["En atención a su oficio INE/DESPEN/2817/2024, se remite la información solicitada."]}


pdf = pdf_simple


@pytest.fixture
def cat(tmp_path: Path):
    raiz = iniciar_archivo(tmp_path / "archivo", toml=TOML)
    c = Catalogo.abrir(raiz, usuario="prueba")
    yield c
    c.cerrar()


def entrada(cat: Catalogo, numero: str = "INE/DESPEN/2817/2024", **cambios) -> reg.Entrada:
    datos = dict(numero=numero, tipo="oficio", recibido="2024-10-28 10:32", medio="SIVOPLE",
                 remitente_institucion=INE, remitente_area=DESPEN, asunto="Solicita información del personal del "
                 "Servicio que cursará el periodo formativo 2024/2.", fecha_documento="2024-10-25", plazo_dias=5,
                 actividad_sivople="IEP/2024/0387")
    if "plazo" in cambios:
        datos["plazo_dias"] = None
    datos.update(cambios)
    return reg.registrar_entrada(cat, **datos)


def cuenta(cat: Catalogo, tabla: str) -> int:
    return cat.uno(f"SELECT COUNT(*) FROM {tabla}")[0]


# --- the whole thread --------------------------------------------------------------------------------------------


def test_hilo_completo_de_la_entrada_a_la_salida_con_acuse(cat: Catalogo, tmp_path: Path) -> None:
    raiz = cat.raiz
    oficio_ine = pdf(tmp_path / "INE-DESPEN-2817-2024.pdf", "INSTITUTO NACIONAL ELECTORAL",
                     "Oficio INE/DESPEN/2817/2024", "Se solicita el numero de personas que cursaran el periodo",
                     "formativo 2024/2 del Programa de Formacion.")
    e = entrada(cat, archivos=[oficio_ine])
    assert (e.folio, e.estado, e.plazo, e.plazo_dias) == ("E-0001/2024", "recibido", date(2024, 11, 5), 5)
    # the file is in the acervo, byte for byte, and searchable by its number and by its remitente
    assert len(e.documentos) == 1 and e.documentos[0]["ruta"].startswith("acervo/2024/")
    assert (raiz.ruta / e.documentos[0]["ruta"]).read_bytes() == oficio_ine.read_bytes()
    por_numero = busqueda.buscar(cat, "INE/DESPEN/2817/2024").resultados
    assert por_numero and por_numero[0].id == e.documentos[0]["id"]
    assert busqueda.buscar(cat, "Servicio Profesional Electoral Nacional").resultados[0].id == e.documentos[0]["id"]
    proc = procedimientos.obtener(cat, e.procedimiento_id)
    assert proc.tipo == "notificacion-areas" and {p.cvo for p in proc.pasos if p.estado == "hecho"} == {1, 3}

    [turno] = reg.turnar(cat, e.folio, ["DEOE"], fecha="2024-10-28",
                         instrucciones="Remitir el número de personas inscritas; verificar sus datos de contacto")
    assert turno.tarjeta_folio == "IEP/DEVySPE/TI-001/2024" and turno.plazo == date(2024, 11, 5)
    tarjeta = cat.uno("SELECT a.ruta FROM documentos d JOIN archivos a ON a.id = d.archivo_id WHERE d.id = ?",
                      (turno.tarjeta_id,))[0]
    texto = texto_docx(raiz.ruta / tarjeta)
    for esperado in ("TARJETA INFORMATIVA", "IEP/DEVySPE/TI-001/2024", "Mtro. Raúl Quintero Lagunas",
                     "Director Ejecutivo de Organización Electoral", "INE/DESPEN/2817/2024", DESPEN,
                     "28 de octubre de 2024", "25 de octubre de 2024", "5 de noviembre de 2024", "IEP/2024/0387",
                     "Remitir el número de personas inscritas", "verificar sus datos de contacto",
                     "Solicita información del personal"):
        assert esperado in texto, esperado
    assert tarjeta.startswith(exps.por_id(cat, proc.expediente_id).ruta)  # filed in the procedure's expediente
    assert reg.obtener_entrada(cat, e.folio).estado == "turnado"
    assert {p.cvo for p in procedimientos.obtener(cat, proc.id).pasos if p.estado == "hecho"} == {1, 2, 3, 4}

    assert reg.en_atencion(cat, e.folio, fecha="2024-10-29").estado == "en atención"
    assert reg.obtener_entrada(cat, e.folio).estado == "en atención"
    respuesta_area = pdf(tmp_path / "IEP-DEOE-100-2024.pdf", "Oficio IEP/DEOE/100/2024", "Se informa: 12 personas.")
    t = reg.atender(cat, e.folio, fecha="2024-10-31", numero="IEP/DEOE/100/2024", archivo=respuesta_area)
    assert (t.estado, t.atendido, t.respuesta_numero) == ("atendido", date(2024, 10, 31), "IEP/DEOE/100/2024")
    assert reg.obtener_entrada(cat, e.folio).estado == "atendido"

    acuse = pdf(tmp_path / "acuse-sivople.pdf", "SIVOPLE - Acuse de recibo", "Actividad IEP/2024/0399")
    s = reg.registrar_salida(cat, responde_a=[e.folio], plantilla="oficio", datos=OFICIO, fecha="2024-11-05",
                             actividad_sivople="IEP/2024/0399", acuse=acuse, acuse_fecha="2024-11-05")
    assert (s.folio, s.numero, s.medio) == ("S-0001/2024", "IEP/DEVySPE/001/2024", "sivople")
    assert s.destinatario == f"{DESPEN} ({INE})" and s.asunto == OFICIO["asunto"]
    assert s.documento["ruta"].startswith(exps.por_id(cat, proc.expediente_id).ruta)
    assert "INE/DESPEN/2817/2024" in texto_docx(raiz.ruta / s.documento["ruta"])
    assert (raiz.ruta / s.acuse["ruta"]).read_bytes() == acuse.read_bytes() and s.acuse_fecha == date(2024, 11, 5)
    cerrada = reg.obtener_entrada(cat, e.folio)
    assert (cerrada.estado, cerrada.concluido) == ("concluido", date(2024, 11, 5))
    cal = op.Calendario.de(raiz)
    assert not reg.situacion_entrada(cerrada, date(2024, 12, 1), cal, 2).fuera_de_plazo  # sent on its last day
    proc = procedimientos.obtener(cat, proc.id)
    assert proc.estado == "concluido" and all(p.estado == "hecho" for p in proc.pasos)

    h = consultas.hilo(cat, s.folio)  # the thread, from either end
    assert [ev.clase for ev in h.eventos] == ["entrada", "turno", "atencion", "respuesta_area", "salida", "acuse"]
    assert [ev.clase for ev in consultas.hilo(cat, e.numero).eventos] == [ev.clase for ev in h.eventos]
    assert "IEP/DEVySPE/TI-001/2024" in h.eventos[1].texto and "IEP/DEOE/100/2024" in h.eventos[3].texto
    assert consultas.pendientes(cat, al="2024-11-06") == []
    assert verificar(cat) == []


def test_solicitud_al_ine_espera_su_respuesta(cat: Catalogo, tmp_path: Path) -> None:
    """The reverse path: a request sent waits for INE's answer (an entrada) like an entrada waits for its salida."""
    s = reg.registrar_salida(cat, numero="IEP/DEVySPE/210/2024", archivo=pdf(tmp_path / "solicitud.pdf",
                             "Oficio IEP/DEVySPE/210/2024", "Solicitud de capacitacion en materia de archivos"),
                             destinatario_institucion=INE, destinatario_area="Unidad Técnica de Vinculación con los "
                             "Organismos Públicos Locales", asunto="Solicitud de capacitación en materia de archivos.",
                             fecha="2024-09-02", espera_respuesta=True, plazo_dias=10, abrir_procedimiento=True)
    assert s.espera_respuesta and s.plazo_respuesta == date(2024, 9, 17)  # 16 de septiembre: feriado
    proc = procedimientos.obtener(cat, s.procedimiento_id)
    assert proc.tipo == "notificacion-ine" and {p.cvo for p in proc.pasos if p.estado == "hecho"} == {1, 2, 3}
    [pendiente] = consultas.pendientes(cat, al="2024-09-20")
    assert pendiente["clase"] == "salida" and pendiente["vencido"] and "VENCIDO hace 3 días hábiles" in \
        pendiente["situacion"]
    respuesta = entrada(cat, "INE/UTVOPL/1234/2024", recibido="2024-09-23 09:00", fecha_documento="2024-09-20",
                        remitente_area="Unidad Técnica de Vinculación con los Organismos Públicos Locales",
                        asunto="Respuesta sobre la capacitación en archivos.", responde_a=s.folio,
                        requiere_respuesta=False, plazo_dias=None, abrir_procedimiento=False)
    assert respuesta.asunto_id == s.asunto_id and respuesta.plazo is None
    assert reg.obtener_salida(cat, s.folio).respondida == date(2024, 9, 23)
    assert {p.cvo for p in procedimientos.obtener(cat, proc.id).pasos if p.estado == "hecho"} == {1, 2, 3, 4, 6}
    reg.turnar(cat, respuesta.folio, ["DEOE"], fecha="2024-09-23")  # notified to the área that asked: step 5
    assert reg.obtener_entrada(cat, respuesta.folio).estado == "concluido"  # for knowledge: closed when turned
    assert procedimientos.obtener(cat, proc.id).estado == "concluido"
    assert consultas.pendientes(cat, al="2024-09-30") == []
    assert [ev.clase for ev in consultas.hilo(cat, s.folio).eventos] == ["salida", "entrada", "turno", "conclusion"]


# --- días hábiles ------------------------------------------------------------------------------------------------


def test_plazos_en_dias_habiles_con_feriados_e_inhabiles(cat: Catalogo) -> None:
    cal = op.Calendario.de(cat.raiz)
    inicio = date(2024, 10, 20)
    dias = [inicio + timedelta(days=i) for i in range(0, 120, 3)]
    for a in dias:  # the fast counter is formato's count, holidays and the institution's inhábiles included
        for b in dias[::4]:
            assert cal.entre(a, b) == formato.dias_habiles_entre(a, b, ("2024-11-04",)), (a, b)
    # 18 de noviembre de 2024: feriado oficial (tercer lunes de noviembre)
    e = entrada(cat, "INE/DESPEN/3000/2024", recibido="2024-11-14 16:00", fecha_documento="2024-11-13",
                plazo_dias=3, abrir_procedimiento=False)
    assert e.plazo == date(2024, 11, 20)
    textos = {al: reg.situacion_entrada(e, date.fromisoformat(al), cal, 2) for al in
              ("2024-11-15", "2024-11-20", "2024-11-21", "2024-11-25")}
    assert textos["2024-11-15"].texto.startswith("Vence en 2 días hábiles") and textos["2024-11-15"].por_vencer
    assert textos["2024-11-20"].texto.startswith("Vence hoy")
    assert textos["2024-11-21"].vencido and textos["2024-11-21"].texto.startswith("VENCIDO hace 1 día hábil ")
    assert textos["2024-11-25"].texto.startswith("VENCIDO hace 3 días hábiles")
    # 4 de noviembre de 2024: inhábil de la institución (archivo.toml)
    assert entrada(cat, "INE/DESPEN/3001/2024", recibido="2024-10-31 12:00", fecha_documento="2024-10-30",
                   plazo_dias=3, abrir_procedimiento=False).plazo == date(2024, 11, 6)
    # answered late: after its plazo, by how many días hábiles
    tarde = entrada(cat, "INE/DESPEN/3002/2024", recibido="2024-11-14", fecha_documento="2024-11-14",
                    plazo="2024-11-15", abrir_procedimiento=False)
    reg.registrar_salida(cat, responde_a=[tarde.folio], numero="IEP/DEVySPE/300/2024", fecha="2024-11-20")
    s = reg.situacion_entrada(reg.obtener_entrada(cat, tarde.folio), date(2024, 12, 1), cal, 2)
    assert s.fuera_de_plazo and "fuera de plazo (2 días hábiles después del 15/11/2024)" in s.texto


def test_pendientes_lo_vencido_primero(cat: Catalogo) -> None:
    vencida = entrada(cat, "INE/DESPEN/0001/2024", recibido="2024-10-01 10:00", fecha_documento="2024-09-30",
                      plazo="2024-10-04", abrir_procedimiento=False)
    pronto = entrada(cat, "INE/DESPEN/0002/2024", recibido="2024-10-07 10:00", fecha_documento="2024-10-07",
                     plazo_dias=3, abrir_procedimiento=False)
    lejos = entrada(cat, "INE/DESPEN/0003/2024", recibido="2024-10-07 11:00", fecha_documento="2024-10-07",
                    plazo_dias=20, abrir_procedimiento=False)
    respondida = entrada(cat, "INE/DESPEN/0004/2024", recibido="2024-10-02", fecha_documento="2024-10-02",
                         plazo="2024-10-03", abrir_procedimiento=False)
    conocimiento = entrada(cat, "INE/UTVOPL/0005/2024", recibido="2024-10-07", fecha_documento="2024-10-07",
                           tipo="circular", requiere_respuesta=False, plazo_dias=None, abrir_procedimiento=False)
    reg.registrar_salida(cat, responde_a=[respondida.folio], numero="IEP/DEVySPE/050/2024", fecha="2024-10-03")
    reg.turnar(cat, pronto.folio, ["DEOE"], fecha="2024-10-07", tarjeta=False)
    items = consultas.pendientes(cat, al="2024-10-08")
    assert [i["folio"] for i in items] == [vencida.folio, pronto.folio, lejos.folio, conocimiento.folio]
    assert items[0]["vencido"] and items[0]["situacion"] == "VENCIDO hace 2 días hábiles (plazo: 04/10/2024)"
    assert items[1]["por_vencer"] and items[1]["situacion"].startswith("Vence en 2 días hábiles")
    assert not items[2]["por_vencer"] and items[3]["situacion"] == "Para conocimiento"
    assert [i["folio"] for i in consultas.pendientes(cat, al="2024-10-08", area="DEOE")] == [pronto.folio]
    # an entrada registered later did not exist yet at an earlier date
    assert [i["folio"] for i in consultas.pendientes(cat, al="2024-10-01")] == [vencida.folio]
    tablero = consultas.tablero(cat, al="2024-10-08")
    assert [i["folio"] for i in tablero["vencidos"]] == [vencida.folio]
    assert [i["folio"] for i in tablero["por_vencer"]] == [pronto.folio]
    # the register page: filters and paging
    pagina = consultas.lista(cat, estado="pendiente", al="2024-10-08", por_pagina=2)
    assert pagina.total == 4 and pagina.paginas == 2 and len(pagina.filas) == 2
    assert [f["folio"] for f in consultas.lista(cat, vencidas=True, al="2024-10-08").filas] == [vencida.folio]
    assert [f["folio"] for f in consultas.lista(cat, texto="0003 DESPEN").filas] == [lejos.folio]
    assert [f["folio"] for f in consultas.lista(cat, area="deoe").filas] == [pronto.folio]
    assert consultas.lista(cat, tipo="circular").filas[0]["folio"] == conocimiento.folio


# --- bad input ---------------------------------------------------------------------------------------------------


def test_entrada_erronea_todos_los_problemas_y_nada_escrito(cat: Catalogo, tmp_path: Path) -> None:
    manana = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(EntradaInvalida) as error:
        reg.registrar_entrada(cat, numero="", tipo="memorándum", recibido=manana, medio="fax",
                              remitente_institucion=INE, asunto="", fecha_documento="2099-01-01", plazo="2024-01-01",
                              archivos=[tmp_path / "no-existe.pdf"])
    lugares = [p.lugar for p in error.value.problemas]
    for lugar in ("número", "asunto", "tipo", "medio", "recibido", "plazo"):
        assert lugar in lugares, lugar
    assert any("en el futuro" in p.mensaje for p in error.value.problemas)
    assert any("anterior a la fecha del documento" in p.mensaje for p in error.value.problemas)
    assert any("no-existe.pdf" in p.lugar for p in error.value.problemas)
    # before the document's date; plazo before the receipt
    with pytest.raises(EntradaInvalida) as error:
        entrada(cat, recibido="2024-10-20 09:00", fecha_documento="2024-10-25", plazo="2024-10-19")
    mensajes = " ".join(p.mensaje for p in error.value.problemas)
    assert "anterior a la fecha del documento" in mensajes and "es anterior a la recepción" in mensajes
    with pytest.raises(EntradaInvalida, match="no ambos"):
        entrada(cat, plazo="2024-11-30", plazo_dias=5)
    assert cuenta(cat, "entradas") == 0 and cuenta(cat, "documentos") == 0 and cuenta(cat, "procedimientos") == 0


def test_duplicados_muestran_la_entrada_existente(cat: Catalogo, tmp_path: Path) -> None:
    archivo = pdf(tmp_path / "oficio.pdf", "Oficio INE/DESPEN/2817/2024")
    primera = entrada(cat, archivos=[archivo])
    # same number and remitente, written differently
    with pytest.raises(reg.Duplicado) as error:
        entrada(cat, "ine / despen / 2817 / 2024", remitente_institucion="INSTITUTO NACIONAL ELECTORAL")
    assert error.value.existente == primera.folio and primera.folio in error.value.mensaje
    # the same file under another number
    copia = tmp_path / "copia.pdf"
    copia.write_bytes(archivo.read_bytes())
    with pytest.raises(reg.Duplicado) as error:
        entrada(cat, "INE/DESPEN/9999/2024", archivos=[copia])
    assert error.value.existente == primera.folio
    # the same number from another remitente is another document
    otra = entrada(cat, remitente_institucion="Instituto Electoral de Otro Estado", abrir_procedimiento=False)
    assert otra.folio == "E-0002/2024"
    assert cuenta(cat, "entradas") == 2 and cuenta(cat, "entrada_documentos") == 1


def test_turno_a_un_area_inexistente_y_respuesta_de_otro_asunto(cat: Catalogo) -> None:
    e = entrada(cat, abrir_procedimiento=False)
    with pytest.raises(EntradaInvalida) as error:
        reg.turnar(cat, e.folio, ["DEOE", "DJURIDICA", "CSPE"], fecha="2024-10-27")
    textos = [str(p) for p in error.value.problemas]
    assert any("«DJURIDICA» no es un área de archivo.toml" in t and "DEVySPE, CSPE, DEOE" in t for t in textos)
    assert any("anterior a la recepción" in t for t in textos)
    assert any("a quién dirigir la tarjeta para CSPE" in t and "[correspondencia.titulares] CSPE" in t for t in textos)
    assert cuenta(cat, "turnos") == 0 and cuenta(cat, "documentos") == 0
    otra = entrada(cat, "INE/UTVOPL/0400/2024", asunto="Otro asunto", abrir_procedimiento=False)
    with pytest.raises(reg.ConfirmacionRequerida, match="asuntos distintos"):
        reg.registrar_salida(cat, responde_a=[e.folio, otra.folio], numero="IEP/DEVySPE/099/2024",
                             fecha="2024-11-04")
    assert cuenta(cat, "salidas") == 0
    s = reg.registrar_salida(cat, responde_a=[e.folio, otra.folio], numero="IEP/DEVySPE/099/2024",
                             fecha="2024-11-04", confirmar=True)
    assert {x["folio"] for x in s.responde_a} == {e.folio, otra.folio}
    assert all(reg.obtener_entrada(cat, x).estado == "concluido" for x in (e.folio, otra.folio))
    tercera = entrada(cat, "INE/UTVOPL/0401/2024", asunto="Tercer asunto", abrir_procedimiento=False)
    with pytest.raises(reg.ConfirmacionRequerida):
        reg.vincular(cat, s.folio, tercera.folio)
    with pytest.raises(reg.Duplicado):
        reg.registrar_salida(cat, numero="IEP/DEVySPE/099/2024", destinatario_institucion=INE, asunto="x",
                             fecha="2024-11-04")


# --- the bitácora ------------------------------------------------------------------------------------------------


def _registro_de_octubre(cat: Catalogo) -> tuple[reg.Entrada, reg.Entrada, reg.Salida]:
    a = entrada(cat, "INE/DESPEN/2817/2024", abrir_procedimiento=False)
    b = entrada(cat, "INE/UTVOPL/0500/2024", recibido="2024-10-29 12:15", fecha_documento="2024-10-29",
                remitente_area="Unidad Técnica de Vinculación con los Organismos Públicos Locales",
                asunto="Consulta sobre el calendario de la evaluación del desempeño.", plazo="2024-10-30",
                tipo="consulta", abrir_procedimiento=False)
    reg.turnar(cat, a.folio, ["DEOE"], fecha="2024-10-28")
    reg.atender(cat, a.folio, fecha="2024-10-30", numero="IEP/DEOE/101/2024")
    s = reg.registrar_salida(cat, responde_a=[a.folio], plantilla="oficio", datos=OFICIO, fecha="2024-10-31")
    return a, b, s


def test_bitacora_en_word_con_folio_y_en_excel(cat: Catalogo, tmp_path: Path) -> None:
    a, b, s = _registro_de_octubre(cat)
    doc, datos = bitacora.emitir(cat, "2024-10-01", "2024-10-31", fecha="2024-11-04")
    assert doc.folio == "IEP/DEVySPE/INF-001/2024" and doc.plantilla == "bitacora-correspondencia"
    exp = exps.por_id(cat, doc.expediente_id)
    assert (exp.tipo, exp.referencia, exp.titulo) == ("mecanismo", "vinculacion-ine", "Vinculación con el INE")
    texto = texto_docx(cat.raiz.ruta / doc.ruta)
    for esperado in ("BITÁCORA DE SEGUIMIENTO DE ACTIVIDADES INE–IEP", "del 1 de octubre de 2024 al 31 de octubre "
                     "de 2024", doc.folio, a.folio, "28/10/2024", "INE/DESPEN/2817/2024", b.numero,
                     "DEOE 28/10/2024", f"{s.numero} del 31/10/2024", "Respondido el 31/10/2024",
                     "VENCIDO hace 2 días hábiles", s.folio, "Documentos recibidos: 2.",
                     "Pendientes al 04/11/2024: 1, de ellos vencidos: 1.", "Turnos por área"):
        assert esperado in texto, esperado
    assert datos.estadisticas.promedio_dias == 3 and datos.estadisticas.por_area[0]["atendidos"] == 1
    with pytest.raises(EntradaInvalida, match="no puede llevar una fecha anterior"):
        bitacora.emitir(cat, "2024-10-01", "2024-10-31", fecha="2024-10-15")
    with pytest.raises(EntradaInvalida, match="No hay documentos"):
        bitacora.emitir(cat, "2024-07-01", "2024-07-31", fecha="2024-11-04")

    excel = tmp_path / "bitacora.xlsx"
    bitacora.exportar_xlsx(cat, excel, "2024-10-01", "2024-10-31", al="2024-11-04")
    libro = load_workbook(excel)
    assert libro.sheetnames == ["Recibidos", "Enviados", "Estadísticas"]
    hoja = libro["Recibidos"]
    encabezados = [c.value for c in hoja[2]]
    filas = [dict(zip(encabezados, (c.value for c in fila), strict=True)) for fila in hoja.iter_rows(min_row=3)]
    assert [f["Número del documento"] for f in filas] == ["INE/DESPEN/2817/2024", "INE/UTVOPL/0500/2024"]
    assert filas[0]["Fecha de recepción"] == datetime(2024, 10, 28) and filas[0]["Hora"] == "10:32"
    assert (filas[0]["Área turnada"], filas[0]["Respuesta"], filas[0]["Estatus"]) == ("DEOE", s.numero, "concluido")
    assert filas[1]["Situación (calculada)"].startswith("VENCIDO") and filas[1]["Estatus"] == "recibido"
    assert [c.value for c in libro["Enviados"][3]][5] == s.numero
    estadisticas = [c.value for fila in libro["Estadísticas"].iter_rows() for c in fila if c.value is not None]
    assert "Octubre 2024" in estadisticas and "DEOE" in estadisticas

    # the exported workbook imports back into another archive: same register, and a second time nothing changes
    otra = Catalogo.abrir(iniciar_archivo(tmp_path / "otro", toml=TOML), usuario="prueba")
    try:
        r = importacion.importar(otra, excel)
        assert (r.entradas_nuevas, r.salidas_nuevas, r.turnos_nuevos) == (2, 1, 1)
        copia = reg.obtener_entrada(otra, "INE/DESPEN/2817/2024")
        assert (copia.estado, copia.plazo, copia.recibido) == ("concluido", date(2024, 11, 5),
                                                               datetime(2024, 10, 28, 10, 32))
        assert copia.respuestas[0]["numero"] == s.numero and copia.folio_origen == a.folio
        assert reg.obtener_entrada(otra, b.numero).estado == "recibido"
        r = importacion.importar(otra, excel)
        assert (r.entradas_nuevas, r.entradas_sin_cambios, r.salidas_nuevas) == (0, 2, 0)
        assert cuenta(otra, "entradas") == 2 and cuenta(otra, "salidas") == 1
    finally:
        otra.cerrar()


def _libro(filas: list[list], titulo: str | None = "Bitácora de seguimiento INE-IEP 2024") -> bytes:
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Bitácora"
    if titulo:
        hoja.append([titulo])
    for fila in filas:
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


ENCABEZADO = ["NO.", "FECHA DE RECEPCION", "Número del Documento", "Remitente", "ASUNTO", "Área turnada",
              "Fecha de turno", "Respuesta", "Fecha de respuesta", "Estatus", "Columna propia"]


def test_importar_bitacora_de_excel_con_filas_malas(cat: Catalogo, tmp_path: Path) -> None:
    malas = [
        ENCABEZADO,
        [1, "05/08/2024", "INE/DESPEN/1500/2024", INE, "Solicita información", "DEOE", "05/08/2024",
         "IEP/DEVySPE/200/2024", "09/08/2024", "Concluido", "x"],
        [2, "31/02/2024", "INE/DESPEN/1501/2024", INE, "Fecha imposible", "", "", "", "", "", ""],
        [3, "06/08/2024", "INE/DESPEN/1502/2024", INE, "", "DJURIDICA", "07/08/2024", "", "", "archivadísimo", ""],
        [4, datetime(2099, 1, 1), "INE/DESPEN/1503/2024", INE, "En el futuro", "DEOE", "04/08/2024", "", "", "", ""],
        [5, "07/08/2024", "INE/DESPEN/1500/2024", INE, "Repetida", "", "", "", "", "", ""],
        [6, "08/08/2024", "INE/DESPEN/1504/2024", INE, "Respuesta sin fecha", "DEOE", "08/08/2024",
         "IEP/DEVySPE/201/2024", "", "", ""],
    ]
    ruta = tmp_path / "bitacora-2024.xlsx"
    ruta.write_bytes(_libro(malas))
    with pytest.raises(EntradaInvalida) as error:
        importacion.importar(cat, ruta)
    problemas = {str(p) for p in error.value.problemas}
    esperados = [
        "hoja «Bitácora», fila 4, columna B («FECHA DE RECEPCION»): «31/02/2024» no es una fecha válida",
        "hoja «Bitácora», fila 5, columna E («ASUNTO»): falta «Asunto»",
        "hoja «Bitácora», fila 5, columna F («Área turnada»): «DJURIDICA» no es un área de archivo.toml",
        "hoja «Bitácora», fila 5, columna J («Estatus»): «archivadísimo» no es un estatus",
        "hoja «Bitácora», fila 6, columna B («FECHA DE RECEPCION»): la recepción (01/01/2099) está en el futuro",
        "hoja «Bitácora», fila 6, columna G («Fecha de turno»): es anterior a la recepción",
        "hoja «Bitácora», fila 7, columna C («Número del Documento»): el documento INE/DESPEN/1500/2024 de "
        "Instituto Nacional Electoral ya está en la fila 3",
        "hoja «Bitácora», fila 8, columna I («Fecha de respuesta»): falta la fecha de la respuesta IEP/DEVySPE/201/2024",
    ]
    for esperado in esperados:  # the input layer's one form: the file, then sheet, row, column and header
        assert any(p.startswith(f"bitacora-2024.xlsx, {esperado}") for p in problemas), (esperado, problemas)
    assert len(problemas) == len(esperados)
    assert cuenta(cat, "entradas") == 0 and cuenta(cat, "salidas") == 0 and cuenta(cat, "asuntos") == 0

    buenas = [ENCABEZADO, malas[1],
              [2, "06/08/2024", "INE/DESPEN/1502/2024", INE, "Consulta de plazos", "DEOE / DEVySPE", "07/08/2024",
               "", "", "en trámite", ""],
              [3, datetime(2024, 8, 8), "INE/UTVOPL/0300/2024", INE, "Circular para conocimiento", "", "", "", "",
               "Para conocimiento", ""]]
    ruta.write_bytes(_libro(buenas, titulo=None))
    r = importacion.importar(cat, ruta)
    assert (r.entradas_nuevas, r.turnos_nuevos, r.salidas_nuevas) == (3, 3, 1)
    assert r.columnas_ignoradas == ["«Columna propia» (hoja «Bitácora»)"]
    primera = reg.obtener_entrada(cat, "INE/DESPEN/1500/2024")
    assert (primera.estado, primera.concluido, primera.folio_origen) == ("concluido", date(2024, 8, 9), "1")
    assert primera.respuestas[0]["numero"] == "IEP/DEVySPE/200/2024"
    segunda = reg.obtener_entrada(cat, "INE/DESPEN/1502/2024")
    assert segunda.estado == "en atención" and {t.area for t in segunda.turnos} == {"DEOE", "DEVySPE"}
    assert reg.obtener_entrada(cat, "INE/UTVOPL/0300/2024").estado == "concluido"
    # importing again updates by number: a corrected asunto, a new answer; nothing duplicated
    buenas[2] = [2, "06/08/2024", "INE/DESPEN/1502/2024", INE, "Consulta sobre los plazos de la evaluación",
                 "DEOE / DEVySPE", "07/08/2024", "IEP/DEVySPE/230/2024", "12/08/2024", "Concluido", ""]
    ruta.write_bytes(_libro(buenas))
    r = importacion.importar(cat, ruta)
    assert (r.entradas_nuevas, r.entradas_actualizadas, r.entradas_sin_cambios, r.salidas_nuevas) == (0, 1, 2, 1)
    segunda = reg.obtener_entrada(cat, "INE/DESPEN/1502/2024")
    assert segunda.asunto == "Consulta sobre los plazos de la evaluación" and segunda.estado == "concluido"
    assert cuenta(cat, "entradas") == 3 and cuenta(cat, "salidas") == 2 and cuenta(cat, "turnos") == 3
    sin_encabezados = tmp_path / "otra.xlsx"
    sin_encabezados.write_bytes(_libro([["a", "b"], [1, 2]], titulo=None))
    with pytest.raises(EntradaInvalida, match="no se encontró la fila de encabezados"):
        importacion.importar(cat, sin_encabezados)


# --- the command line --------------------------------------------------------------------------------------------


def test_linea_de_comandos(cat: Catalogo, tmp_path: Path) -> None:
    raiz = str(cat.raiz.ruta)

    def cli(*args: object):
        return invocar(["--raiz", raiz, "--usuario", "prueba", "correspondencia", *map(str, args)])

    oficio = pdf(tmp_path / "oficio.pdf", "Oficio INE/DESPEN/2817/2024")
    r = cli("recibir", oficio, "--numero", "INE/DESPEN/2817/2024", "--recibido", "28/10/2024 10:32",
            "--remitente", INE, "--remitente-area", "DESPEN", "--asunto", "Solicita información",
            "--fecha-documento", "2024-10-25", "--plazo-dias", "5", "--sin-procedimiento")
    assert r.codigo == 0, r.todo
    assert "Entrada E-0001/2024 registrada" in r.salida and "plazo: 05/11/2024 (5 días hábiles)" in r.salida
    r = cli("recibir", "--numero", "INE/DESPEN/2817/2024", "--recibido", "2024-10-29", "--remitente", INE,
            "--asunto", "Otra vez")
    assert r.codigo == 1 and "ya está registrado como la entrada E-0001/2024" in r.errores
    assert "Entrada E-0001/2024" in r.salida and "Solicita información" in r.salida  # the existing one is shown
    r = cli("recibir", "--numero", "X/1", "--recibido", "2024-10-29", "--remitente", INE, "--asunto", "x",
            "--medio", "paloma mensajera", "--plazo", "2024-10-01")
    assert r.codigo == 1 and "--medio" in r.errores and "--plazo/--plazo-dias" in r.errores
    assert "Traceback" not in r.todo and "inesperado" not in r.todo
    r = cli("turnar", "E-0001/2024", "--area", "JURIDICO", "--fecha", "2024-10-28")
    assert r.codigo == 1 and "Áreas registradas: DEVySPE, CSPE, DEOE" in r.errores.replace("áreas", "Áreas")
    r = cli("turnar", "E-0001/2024", "--area", "DEOE", "--fecha", "2024-10-28")
    assert r.codigo == 0 and "tarjeta IEP/DEVySPE/TI-001/2024" in r.salida, r.todo
    r = cli("pendientes", "--al", "2024-11-06", "--formato", "json")
    [pendiente] = json.loads(r.salida)
    assert pendiente["folio"] == "E-0001/2024" and pendiente["vencido"]
    r = cli("pendientes", "--al", "2024-11-01")
    assert "Pendientes: 1 (vencidos: 0; vencen pronto: 1)" in r.salida and "E-0001/2024" in r.salida
    assert json.loads(cli("pendientes", "--al", "2024-11-01", "--formato", "json").salida)[0]["situacion"] == \
        "Vence en 1 día hábil (05/11/2024)"
    r = cli("atender", "E-0001/2024", "--fecha", "2024-10-31", "--numero", "IEP/DEOE/100/2024")
    assert r.codigo == 0 and "está atendido" in r.salida
    datos = tmp_path / "oficio.yaml"
    datos.write_text(json.dumps(OFICIO, ensure_ascii=False), encoding="utf-8")
    r = cli("enviar", "--responde-a", "E-0001/2024", "--plantilla", "oficio", "--datos", datos, "--fecha",
            "2024-11-04")
    assert r.codigo == 0 and "Salida S-0001/2024 registrada" in r.salida and "Concluye la entrada E-0001/2024" in \
        r.salida, r.todo
    r = cli("acuse", "S-0001/2024", pdf(tmp_path / "acuse.pdf", "Acuse"), "--fecha", "2024-11-04")
    assert r.codigo == 0, r.todo
    r = cli("ver", "E-0001/2024")
    assert r.codigo == 0 and "Hilo del asunto" in r.salida and "Acuse de recibo" in r.salida
    r = cli("lista", "--formato", "json")
    assert json.loads(r.salida)["total"] == 1
    r = cli("bitacora", "--desde", "2024-10-01", "--hasta", "2024-11-30", "--excel", tmp_path / "b.xlsx")
    assert r.codigo == 0 and (tmp_path / "b.xlsx").is_file()
    r = cli("bitacora", "--desde", "2024-10-01", "--hasta", "2024-11-30", "--fecha", "2024-12-02")
    assert r.codigo == 0 and "Bitácora IEP/DEVySPE/INF-001/2024 emitida" in r.salida
    r = cli("estadisticas", "--desde", "2024-10-01", "--hasta", "2024-11-30")
    assert r.codigo == 0 and "Documentos recibidos: 1." in r.salida and "DEOE" in r.salida


# --- the demo's month of SIVOPLE traffic -------------------------------------------------------------------------


def test_demo_un_mes_de_sivople(tmp_path: Path) -> None:
    from archivo.demo import TOML_DEMO
    from archivo.demo import correspondencia as demo

    raiz = iniciar_archivo(tmp_path / "demo", toml=TOML_DEMO)
    informe: list[str] = []
    with Catalogo.abrir(raiz, usuario="demo") as c:
        demo.poblar(raiz, c, informe)
        agosto = consultas.lista(c, desde="2024-08-01", hasta="2024-08-31", por_pagina=100).filas
        assert len(agosto) == 13 and cuenta(c, "entradas") == 19  # + the six of July, imported from Excel
        assert all(reg.obtener_entrada(c, f["folio"]).documentos for f in agosto)  # every one with its PDF
        assert cuenta(c, "turnos") >= 12 and c.uno("SELECT COUNT(*) FROM turnos WHERE tarjeta_id IS NOT NULL")[0] >= 12
        respondidas = [f for f in agosto if f["respuestas"]]
        assert len(respondidas) == 5
        for f in respondidas:
            salida = reg.obtener_salida(c, f["respuestas"][0]["folio"])
            assert salida.documento and salida.documento["ruta"].endswith(".docx") and salida.acuse
        pendientes = consultas.pendientes(c, al=demo.CORTE)
        assert [p["numero"] for p in pendientes if p["vencido"]] == ["INE/DECEyEC/0877/2024"]
        assert [p["numero"] for p in pendientes if p["dias"] == 0] == ["INE/DESPEN/3244/2024"]
        assert [f["numero"] for f in agosto if f["fuera_de_plazo"]] == ["INE/DESPEN/2901/2024"]
        assert reg.obtener_salida(c, "IEA/DEVySPE/152/2024").respondida == date(2024, 8, 29)
        bitacora_doc = c.uno("SELECT d.folio, a.ruta FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                             "WHERE d.plantilla = 'bitacora-correspondencia'")
        texto = texto_docx(raiz.ruta / bitacora_doc["ruta"])
        assert bitacora_doc["folio"] == "IEA/CV-INE/INF-001/2024" and "INE/DECEyEC/0877/2024" in texto
        assert "Lic. Paulina Ibarra Cienfuegos" in texto  # signed by the CV-INE
        assert bitacora_doc["ruta"] in informe[-1] and "bitacora-agosto-2024.xlsx" in informe[-1]
        assert (raiz.ruta / demo.CARPETA / "bitacora-agosto-2024.xlsx").is_file()
        assert verificar(c) == []


def test_opciones_de_archivo_toml_con_todos_sus_problemas(tmp_path: Path) -> None:
    """[correspondencia] is declared in the configuration's schema: every problem at once, with its place."""
    from archivo.base import configuracion

    malo = TOML_PRUEBA + """
[correspondencia]
area = "OFICIALIA"
plazo_dias = "cinco"
folio_entrada = "E-{numero}"
folio_salida = "E-{consecutivo}"
abrir_procedimiento = "sí"
plazo_dia = 3

[correspondencia.titulares]
DEOE = "Mtro. Raúl Quintero"
CSPE = { nombre = "Lic. Andrés Villaseñor" }
XYZ = { nombre = "Alguien", cargo = "Algo" }
"""
    with pytest.raises(EntradaInvalida) as error:
        configuracion.cargar_texto(malo)
    lugares = {p.lugar for p in error.value.problemas}
    esperados = {f"archivo.toml, [correspondencia] {c}" for c in (
        "area", "plazo_dias", "folio_entrada", "folio_salida", "abrir_procedimiento", "plazo_dia")} | {
        f"archivo.toml, [correspondencia.titulares] {a}" for a in ("DEOE", "CSPE", "XYZ")}
    assert lugares == esperados, lugares
    mensajes = " ".join(str(p) for p in error.value.problemas)
    assert "¿quiso decir «plazo_dias»?" in mensajes and "abrir_procedimiento = true" in mensajes
    with pytest.raises(EntradaInvalida):
        iniciar_archivo(tmp_path / "a", toml=malo)  # nothing is created with a bad archivo.toml
    assert not (tmp_path / "a" / "archivo.toml").exists()
    bueno = configuracion.cargar_texto(TOML)
    assert op.configuracion.__doc__ and bueno.tabla("correspondencia")["titulares"]["DEOE"]["cargo"] == \
        "Director Ejecutivo de Organización Electoral"
