"""Demo of the correspondence register: a month of SIVOPLE traffic of the fictitious «Instituto Electoral de
Anáhuac» (August 2024), after importing the Excel bitácora the office kept until July.

Oficios, circulares, a consulta and an acuerdo of INE arrive as PDF files (fictitious), are registered with their
plazo in días hábiles, turned to the áreas with a tarjeta informativa, answered by the áreas and sent back to INE by
oficio with its acuse; one request of the Instituto to INE waits for its answer and gets it. At the cut-off date
(2 September 2024) one entrada is overdue, one was answered late and one is due that day. The bitácora of August is
issued as a Word report with folio and exported to Excel.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from archivo.base.catalogo import Catalogo
from archivo.base.formato import fecha_larga
from archivo.base.raiz import Raiz
from archivo.correspondencia import bitacora, consultas, importacion
from archivo.correspondencia import registro as reg

CARPETA = "ejemplos/correspondencia"
CORTE = date(2024, 9, 2)  # the day the bitácora of August is issued
AVISO = "Documento ficticio del archivo de demostración; no corresponde a ningún acto real."
INE = "Instituto Nacional Electoral"
DESPEN = "Dirección Ejecutiva del Servicio Profesional Electoral Nacional"
UTVOPL = "Unidad Técnica de Vinculación con los Organismos Públicos Locales"
TITULAR_DESPEN = "Mtra. Mariana Solís Arreola"
CARGO_DESPEN = "Directora Ejecutiva del Servicio Profesional Electoral Nacional"
ENCARGADA_UTVOPL = "Mtro. Octavio Lemus Carranza"
CARGO_UTVOPL = "Director de la Unidad Técnica de Vinculación con los Organismos Públicos Locales"


@dataclass
class Recibido:
    """One document of INE received in August, and what the office did with it."""

    numero: str
    tipo: str
    recibido: str
    fecha_documento: date
    medio: str
    area_remitente: str
    persona: str
    asunto: str
    cuerpo: tuple[str, ...]
    plazo_dias: int | None = 5
    actividad: str = ""
    turnar_a: tuple[str, ...] = ()
    fecha_turno: date | None = None
    instrucciones: str = ""
    en_atencion: date | None = None
    respuestas: dict[str, tuple[date, str]] = field(default_factory=dict)  # área -> (fecha, su oficio)
    envio: date | None = None
    actividad_envio: str = ""
    cuerpo_respuesta: tuple[str, ...] = ()
    responde_a_solicitud: bool = False


def _recibidos() -> list[Recibido]:
    return [
        Recibido("INE/DESPEN/2717/2024", "oficio", "2024-08-01 09:40", date(2024, 7, 31), "sivople", DESPEN,
                 TITULAR_DESPEN, "Solicita informar el número de personas del Servicio que cursarán el periodo "
                 "formativo 2024/2 del Programa de Formación.",
                 ("Con fundamento en los Lineamientos del Programa de Formación del Servicio Profesional Electoral "
                  "Nacional, solicito a ese Órgano de Enlace informar el número de personas del Servicio que cursarán "
                  "el periodo formativo 2024/2 y verificar que sus datos de contacto estén actualizados en el "
                  "SIISPEN.",), 5, "IEA/2024/0411", ("CSPE",), date(2024, 8, 1),
                 "Remitir el número de personas inscritas en el periodo formativo 2024/2; verificar sus datos de "
                 "contacto en el SIISPEN", None, {"CSPE": (date(2024, 8, 6), "IEA/CSPE/088/2024")}, date(2024, 8, 7),
                 "IEA/2024/0436",
                 ("En atención al oficio INE/DESPEN/2717/2024, le informo que 37 personas del Servicio adscritas a "
                  "este Instituto cursarán el periodo formativo 2024/2 del Programa de Formación, y que sus datos de "
                  "contacto en el SIISPEN se verificaron el 6 de agosto de 2024.",)),
        Recibido("INE/UTVOPL/1432/2024", "circular", "2024-08-02 11:15", date(2024, 8, 1), "sivople", UTVOPL,
                 ENCARGADA_UTVOPL, "Circular sobre la actualización del directorio de enlaces institucionales en el "
                 "SIVOPLE.",
                 ("Se solicita a los Organismos Públicos Locales mantener actualizado el directorio de enlaces "
                  "institucionales registrado en el SIVOPLE.",), None, "IEA/2024/0413", ("SE",), date(2024, 8, 2)),
        Recibido("INE/DESPEN/2901/2024", "oficio", "2024-08-05 10:05", date(2024, 8, 2), "sivople", DESPEN,
                 TITULAR_DESPEN, "Solicita validar los resultados preliminares de la evaluación del desempeño del "
                 "periodo septiembre 2023 a agosto 2024.",
                 ("Se remiten los resultados preliminares de la evaluación del desempeño del periodo septiembre 2023 "
                  "a agosto 2024 del personal del Servicio adscrito a ese Instituto, a efecto de que sean validados "
                  "en un plazo de tres días hábiles.",), 3, "IEA/2024/0418", ("CSPE",), date(2024, 8, 5),
                 "Validar los resultados preliminares y, en su caso, señalar las diferencias encontradas",
                 date(2024, 8, 6), {"CSPE": (date(2024, 8, 12), "IEA/CSPE/093/2024")}, date(2024, 8, 13),
                 "IEA/2024/0447",
                 ("En atención al oficio INE/DESPEN/2901/2024, le informo que este Órgano de Enlace validó los "
                  "resultados preliminares de la evaluación del desempeño del periodo septiembre 2023 a agosto 2024 "
                  "sin observaciones.",)),
        Recibido("INE/CG950/2024", "acuerdo", "2024-08-07 13:20", date(2024, 8, 5), "sivople",
                 "Secretaría Ejecutiva", "", "Acuerdo del Consejo General por el que se aprueban las modificaciones "
                 "a los Lineamientos para el otorgamiento de incentivos del sistema OPLE.",
                 ("El Consejo General aprueba las modificaciones a los Lineamientos para el otorgamiento de "
                  "incentivos al personal del Servicio del sistema de los Organismos Públicos Locales Electorales.",),
                 None, "IEA/2024/0424", ("SE", "CSPE"), date(2024, 8, 7)),
        Recibido("INE/UTVOPL/1510/2024", "consulta", "2024-08-08 12:00", date(2024, 8, 8), "sivople", UTVOPL,
                 ENCARGADA_UTVOPL, "Consulta sobre la integración de los consejos distritales para el Proceso "
                 "Electoral Local 2024-2025.",
                 ("Se consulta a ese Instituto el calendario previsto para la integración de sus consejos "
                  "distritales.",), 10, "IEA/2024/0427", ("DEOE",), date(2024, 8, 8), "", None,
                 {"DEOE": (date(2024, 8, 20), "IEA/DEOE/214/2024")}, date(2024, 8, 21), "IEA/2024/0466",
                 ("En atención a la consulta INE/UTVOPL/1510/2024, le informo que los consejos distritales de este "
                  "Instituto se integrarán a más tardar el 30 de noviembre de 2024, conforme al calendario del "
                  "Proceso Electoral Local 2024-2025.",)),
        Recibido("INE/DECEyEC/0877/2024", "oficio", "2024-08-12 09:30", date(2024, 8, 9), "correo",
                 "Dirección Ejecutiva de Capacitación Electoral y Educación Cívica", "Mtra. Sandra Iturbe Pizano",
                 "Solicita el programa de actividades de educación cívica del segundo semestre de 2024.",
                 ("Se solicita remitir el programa de actividades de educación cívica que ese Instituto realizará en "
                  "el segundo semestre de 2024.",), 5, "", ("DEECyPC",), date(2024, 8, 12),
                 "Remitir el programa de actividades del segundo semestre", date(2024, 8, 14)),
        Recibido("INE/DEA/0512/2024", "oficio", "2024-08-14 16:45", date(2024, 8, 13), "sivople",
                 "Dirección Ejecutiva de Administración", "Lic. Rodrigo Ancira Paredes",
                 "Solicita información sobre el ejercicio del presupuesto de incentivos 2023.",
                 ("Se solicita informar el monto ejercido en el otorgamiento de incentivos correspondientes al "
                  "ejercicio valorado 2023.",), 7, "IEA/2024/0452", ("DEAPyPP",), date(2024, 8, 15), "", None,
                 {"DEAPyPP": (date(2024, 8, 21), "IEA/DEAPyPP/311/2024")}, date(2024, 8, 22), "IEA/2024/0471",
                 ("En atención al oficio INE/DEA/0512/2024, le informo que en el ejercicio valorado 2023 este "
                  "Instituto ejerció $350,000.00 (trescientos cincuenta mil pesos 00/100 M.N.) en el otorgamiento de "
                  "incentivos.",)),
        Recibido("INE/DESPEN/3120/2024", "oficio", "2024-08-19 10:10", date(2024, 8, 16), "sivople", DESPEN,
                 TITULAR_DESPEN, "Remite el calendario de la evaluación del desempeño del periodo septiembre 2024 a "
                 "agosto 2025.",
                 ("Se remite, para conocimiento, el calendario de actividades de la evaluación del desempeño del "
                  "periodo septiembre 2024 a agosto 2025.",), None, "IEA/2024/0459", ("CSPE",), date(2024, 8, 19)),
        Recibido("INE/JLE/ANA/0915/2024", "oficio", "2024-08-21 12:40", date(2024, 8, 20), "oficialia",
                 "Junta Local Ejecutiva en Anáhuac", "Lic. Ernesto Galindo Sáenz",
                 "Solicita espacios para la capacitación de personas observadoras electorales.",
                 ("Se solicita a ese Instituto el apoyo con espacios para la capacitación de personas observadoras "
                  "electorales durante septiembre de 2024.",), 5, "", ("DEOE",), date(2024, 8, 21), "", None,
                 {"DEOE": (date(2024, 8, 27), "IEA/DEOE/229/2024")}, date(2024, 8, 28), "",
                 ("En atención al oficio INE/JLE/ANA/0915/2024, le informo que este Instituto pone a su disposición "
                  "la sala de capacitación de sus oficinas centrales los días 10, 11 y 12 de septiembre de 2024.",)),
        Recibido("INE/DESPEN/3244/2024", "oficio", "2024-08-26 09:05", date(2024, 8, 23), "sivople", DESPEN,
                 TITULAR_DESPEN, "Solicita informar los avisos de separación del personal del Servicio de enero a "
                 "julio de 2024.",
                 ("Se solicita remitir la relación de avisos de separación del personal del Servicio registrados de "
                  "enero a julio de 2024.",), 5, "IEA/2024/0478", ("CSPE",), date(2024, 8, 26)),
        Recibido("INE/UTCE/0421/2024", "resolucion", "2024-08-28 14:30", date(2024, 8, 27), "sivople",
                 "Unidad Técnica de lo Contencioso Electoral", "", "Notifica una resolución del Consejo General en un "
                 "procedimiento sancionador ordinario.",
                 ("Se notifica, para su conocimiento, la resolución dictada en un procedimiento sancionador "
                  "ordinario.",), None, "IEA/2024/0483", ("UTCE",), date(2024, 8, 28)),
        Recibido("INE/UTVOPL/1622/2024", "oficio", "2024-08-29 11:50", date(2024, 8, 28), "sivople", UTVOPL,
                 ENCARGADA_UTVOPL, "Responde la solicitud de capacitación en materia de archivos del personal de la "
                 "rama administrativa.",
                 ("En atención al oficio IEA/DEVySPE/152/2024, se informa que la capacitación en materia de archivos "
                  "se impartirá en modalidad virtual el 24 de septiembre de 2024.",), None, "IEA/2024/0486",
                 ("DEAPyPP",), date(2024, 8, 29), responde_a_solicitud=True),
        Recibido("INE/DESPEN/3301/2024", "oficio", "2024-08-30 18:10", date(2024, 8, 30), "sivople", DESPEN,
                 TITULAR_DESPEN, "Convoca a la reunión virtual de Órganos de Enlace del 5 de septiembre de 2024.",
                 ("Se convoca a la reunión virtual de Órganos de Enlace que se celebrará el 5 de septiembre de "
                  "2024.",), None, "IEA/2024/0490"),
    ]


def _pdf(*, encabezado: str, area: str, numero: str, lugar_fecha: str, destinatario: list[str],
         parrafos: tuple[str, ...], firma: list[str]) -> bytes:
    from reportlab.lib.pagesizes import letter  # heavy library: imported where used (fast start)
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    estilos = getSampleStyleSheet()
    salida = io.BytesIO()
    doc = SimpleDocTemplate(salida, pagesize=letter, title=f"Oficio {numero}", author=encabezado)
    partes = [Paragraph(f"<b>{encabezado}</b>", estilos["Title"]), Paragraph(area, estilos["Normal"]),
              Spacer(1, 12), Paragraph(f"<b>{numero}</b>", estilos["Normal"]), Paragraph(lugar_fecha,
                                                                                      estilos["Normal"]),
              Spacer(1, 12)]
    partes += [Paragraph(linea, estilos["Normal"]) for linea in destinatario]
    partes.append(Spacer(1, 12))
    for p in parrafos:
        partes += [Paragraph(p, estilos["BodyText"]), Spacer(1, 6)]
    partes.append(Spacer(1, 18))
    partes += [Paragraph(linea, estilos["Normal"]) for linea in firma]
    partes += [Spacer(1, 18), Paragraph(f"<i>{AVISO}</i>", estilos["Normal"])]
    doc.build(partes)
    return salida.getvalue()


def _pdf_recibido(r: Recibido, raiz: Raiz) -> bytes:
    config = raiz.config
    titular = next((f for f in config.firmantes if f.area == config.organo_enlace["siglas"]), config.firmante())
    etiqueta = {"circular": "Circular No.", "acuerdo": "Acuerdo"}.get(r.tipo, "Oficio No.")
    return _pdf(encabezado="INSTITUTO NACIONAL ELECTORAL", area=r.area_remitente, numero=f"{etiqueta} {r.numero}",
                lugar_fecha=f"Ciudad de México, a {fecha_larga(r.fecha_documento)}.",
                destinatario=[titular.nombre, titular.cargo, config.institucion["nombre"], "P r e s e n t e"],
                parrafos=r.cuerpo, firma=["A t e n t a m e n t e", r.persona or r.area_remitente, r.area_remitente])


def _acuse(numero: str, actividad: str, dia: date, destinatario: str = INE) -> bytes:
    if actividad:
        return _pdf(encabezado="SIVOPLE — ACUSE DE RECIBO", area="Sistema de Vinculación con los Organismos "
                    "Públicos Locales Electorales", numero=f"Actividad {actividad}",
                    lugar_fecha=f"Fecha de recepción: {fecha_larga(dia)}.", destinatario=[],
                    parrafos=(f"El Instituto Nacional Electoral recibió el documento {numero} y sus anexos.",),
                    firma=["Acuse generado por el sistema"])
    return _pdf(encabezado="ACUSE DE RECIBO", area=f"Oficialía de Partes — {destinatario}",
                numero=f"Copia sellada del oficio {numero}", lugar_fecha=f"Recibido el {fecha_larga(dia)}.",
                destinatario=[], parrafos=("Se recibe original con firma autógrafa, en una foja útil.",),
                firma=["Sello de recibido de la Oficialía de Partes"])


def _oficio_area(area: str, numero: str, dia: date, asunto: str) -> bytes:
    return _pdf(encabezado="INSTITUTO ELECTORAL DE ANÁHUAC", area=area, numero=f"Oficio No. {numero}",
                lugar_fecha=f"Santa Lucía del Valle, Anáhuac, a {fecha_larga(dia)}.",
                destinatario=["Mtra. Lucía Fernanda Ortega Salvatierra",
                              "Directora Ejecutiva de Vinculación y Servicio Profesional Electoral"],
                parrafos=(f"En atención a la tarjeta informativa sobre «{asunto}», remito la información solicitada "
                          "para su envío al Instituto Nacional Electoral.",), firma=["A t e n t a m e n t e", area])


def _bitacora_julio(ruta: Path) -> None:
    """The Excel the office kept until July, as offices write it (a title row, their own headers)."""
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Bitácora INE-IEA"
    hoja.append(["BITÁCORA DE SEGUIMIENTO DE ACTIVIDADES INE-IEA 2024"])
    hoja.append(["NO.", "FECHA DE RECEPCIÓN", "NO. DE OFICIO", "REMITENTE", "ÁREA REMITENTE", "ASUNTO",
                 "ÁREA TURNADA", "FECHA DE TURNO", "RESPUESTA", "FECHA DE RESPUESTA", "ESTATUS", "OBSERVACIONES"])
    filas = [
        (1, date(2024, 7, 2), "INE/DESPEN/2410/2024", INE, DESPEN, "Solicita la plantilla de cargos y puestos del "
         "Servicio vigente.", "CSPE", date(2024, 7, 2), "IEA/DEVySPE/121/2024", date(2024, 7, 8), "Concluido", ""),
        (2, date(2024, 7, 5), "INE/UTVOPL/1188/2024", INE, UTVOPL, "Circular sobre el uso del SIVOPLE durante el "
         "periodo vacacional.", "SE", date(2024, 7, 5), "", None, "Para conocimiento", ""),
        (3, date(2024, 7, 10), "INE/DESPEN/2533/2024", INE, DESPEN, "Solicita los expedientes de las personas "
         "propuestas para el otorgamiento de la titularidad.", "CSPE", date(2024, 7, 10), "IEA/DEVySPE/130/2024",
         date(2024, 7, 17), "Concluido", "Se remitieron en formato digital."),
        (4, date(2024, 7, 16), "INE/DEOE/0644/2024", INE, "Dirección Ejecutiva de Organización Electoral",
         "Solicita el inventario de bodegas electorales.", "DEOE", date(2024, 7, 16), "IEA/DEVySPE/134/2024",
         date(2024, 7, 24), "Concluido", ""),
        (5, date(2024, 7, 22), "INE/DESPEN/2702/2024", INE, DESPEN, "Solicita confirmar las sedes de aplicación del "
         "examen del Certamen Interno.", "CSPE", date(2024, 7, 22), "IEA/DEVySPE/140/2024", date(2024, 7, 25),
         "Concluido", ""),
        (6, date(2024, 7, 29), "INE/UTVOPL/1401/2024", INE, UTVOPL, "Remite el informe trimestral de actividades "
         "de vinculación.", "SE", date(2024, 7, 29), "", None, "Para conocimiento", ""),
    ]
    for fila in filas:
        hoja.append(list(fila))
    libro.save(ruta)


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    carpeta = raiz.ruta / CARPETA
    carpeta.mkdir(parents=True, exist_ok=True)

    # 1. The Excel bitácora the office kept until July.
    julio = carpeta / "bitacora-julio-2024.xlsx"
    _bitacora_julio(julio)
    importado = importacion.importar(cat, julio)

    # 2. A request of the Instituto to INE (sent on 9 August) that waits for its answer.
    solicitud_pdf = carpeta / "IEA-DEVySPE-152-2024.pdf"
    solicitud_pdf.write_bytes(_oficio_area("Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral",
                                           "IEA/DEVySPE/152/2024", date(2024, 8, 9),
                                           "capacitación en materia de archivos"))
    solicitud = reg.registrar_salida(
        cat, archivo=solicitud_pdf, numero="IEA/DEVySPE/152/2024", fecha="2024-08-09", actividad_sivople="IEA/2024/0441",
        destinatario_institucion=INE, destinatario_area=UTVOPL, destinatario_persona=ENCARGADA_UTVOPL,
        asunto="Solicita capacitación en materia de archivos para el personal de la rama administrativa.",
        espera_respuesta=True, plazo_dias=15, acuse=_escribir(carpeta / "acuse-IEA-2024-0441.pdf",
                                                              _acuse("IEA/DEVySPE/152/2024", "IEA/2024/0441",
                                                                     date(2024, 8, 9))), abrir_procedimiento=True)

    # 3. August: each document received, turned, answered and sent back.
    entradas: dict[str, reg.Entrada] = {}
    tarjetas = respuestas = 0
    for r in _recibidos():
        archivo = _escribir(carpeta / f"{r.numero.replace('/', '-')}.pdf", _pdf_recibido(r, raiz))
        e = reg.registrar_entrada(
            cat, numero=r.numero, tipo=r.tipo, recibido=r.recibido, medio=r.medio, actividad_sivople=r.actividad,
            remitente_institucion=INE, remitente_area=r.area_remitente, remitente_persona=r.persona,
            asunto=r.asunto, fecha_documento=r.fecha_documento, plazo_dias=r.plazo_dias,
            requiere_respuesta=r.plazo_dias is not None, archivos=[archivo],
            responde_a=solicitud.folio if r.responde_a_solicitud else None)
        entradas[r.numero] = e
        if r.turnar_a:
            turnos = reg.turnar(cat, e.folio, list(r.turnar_a), fecha=r.fecha_turno, instrucciones=r.instrucciones)
            tarjetas += sum(1 for t in turnos if t.tarjeta_folio)
        if r.en_atencion:
            reg.en_atencion(cat, e.folio, area=r.turnar_a[0], fecha=r.en_atencion)
        for area, (dia, numero) in r.respuestas.items():
            pdf_area = _escribir(carpeta / f"{numero.replace('/', '-')}.pdf", _oficio_area(area, numero, dia,
                                                                                           r.asunto))
            reg.atender(cat, e.folio, area=area, fecha=dia, numero=numero, archivo=pdf_area)
        if r.envio:
            datos_oficio = _oficio_de_respuesta(r)
            plantilla = "oficio-despen" if r.area_remitente == DESPEN else "oficio"
            acuse = _escribir(carpeta / f"acuse-respuesta-{r.numero.replace('/', '-')}.pdf",
                              _acuse(r.numero, r.actividad_envio, r.envio, r.area_remitente))
            reg.registrar_salida(cat, responde_a=[e.folio], plantilla=plantilla, datos=datos_oficio, fecha=r.envio,
                                 medio="sivople" if r.actividad_envio else "oficialia",
                                 actividad_sivople=r.actividad_envio, acuse=acuse)
            respuestas += 1

    # 4. The bitácora of August: Word with folio in «Vinculación con el INE», and Excel.
    doc, datos = bitacora.emitir(cat, "2024-08-01", "2024-08-31", fecha=CORTE, al=CORTE)
    excel = carpeta / "bitacora-agosto-2024.xlsx"
    bitacora.exportar_xlsx(cat, excel, "2024-08-01", "2024-08-31", al=CORTE)
    pendientes = consultas.pendientes(cat, al=CORTE)
    vencida = next(p for p in pendientes if p["vencido"])
    hoy = next(p for p in pendientes if p["dias"] == 0)
    tarde = next(f for f in datos.recibidos if f["fuera_de_plazo"])
    e = datos.estadisticas
    informe.append(
        f"Correspondencia: la bitácora que la oficina llevaba en Excel hasta julio ({CARPETA}/{julio.name}) se "
        f"importó ({importado.entradas_nuevas} entradas); en agosto de 2024 se recibieron {len(entradas)} documentos "
        f"del INE (PDF en acervo/2024/, buscables), se turnaron con {tarjetas} tarjetas informativas con folio y se "
        f"enviaron {respuestas} respuestas con oficio y acuse; la solicitud {solicitud.numero} al INE recibió su "
        "respuesta.")
    informe.append(
        f"Al {CORTE.strftime('%d/%m/%Y')}: {vencida['folio']} ({vencida['numero']}) está vencida, "
        f"{tarde['folio']} ({tarde['numero']}) se respondió fuera de plazo y {hoy['folio']} vence ese día; "
        f"promedio de respuesta: {e.promedio_dias:.1f} días hábiles.")
    informe.append(f"Bitácora de agosto: {doc.ruta} (Word, folio {doc.folio}) y {CARPETA}/{excel.name} (Excel); "
                   f"pendientes: archivo correspondencia pendientes --al {CORTE.isoformat()}.")


def _escribir(ruta: Path, datos: bytes) -> Path:
    ruta.write_bytes(datos)
    return ruta


def _oficio_de_respuesta(r: Recibido) -> dict[str, object]:
    referencia = f"el {'oficio' if r.tipo == 'oficio' else r.tipo} {r.numero}, de fecha {fecha_larga(r.fecha_documento)}"
    asunto = f"Respuesta {'a la' if r.tipo in ('consulta', 'circular', 'resolucion') else 'al'} {r.tipo} {r.numero}."
    if r.area_remitente == DESPEN:
        return {"titular_despen": TITULAR_DESPEN, "cargo_titular_despen": CARGO_DESPEN, "asunto": asunto,
                "referencia": referencia, "cuerpo": list(r.cuerpo_respuesta), "por_sivople": True}
    return {"destinatario_nombre": r.persona, "destinatario_cargo": f"Titular de la {r.area_remitente}",
            "destinatario_institucion": INE, "asunto": asunto, "cuerpo": list(r.cuerpo_respuesta)}
