"""Demo: the 2024 calendar of ordinary sessions of the Comisión and the third one's orden del día and carpeta.

The session gathers what the earlier demo steps filed: the informe de compromisos y acuerdos (corte al 13 de
septiembre de 2024), the PAT 2024 and its semestral report, the risk-matrix report, a dictamen found by search,
an acuerdo and an oficio by folio, and a fictitious oficio of the DESPEN received as a PDF and imported. Then it
issues the orden del día (.docx) and builds the carpeta PDF, filed in the session's expediente.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from archivo import sesiones
from archivo.archivistica import documentos
from archivo.base import formato
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError
from archivo.base.raiz import Raiz
from archivo.word import conversion

ANIO = 2024
FECHA_SESION = date(2024, 9, 25)  # moved from the calendar's last Thursday (26) to Wednesday 25
FECHA_ENVIO = date(2024, 9, 20)  # the deadline: 3 días hábiles before the session

PUNTOS = [
    ("Lista de asistencia y declaración de quórum.", []),
    ("Lectura y, en su caso, aprobación del orden del día.", []),
    ("Informe sobre el seguimiento y cumplimiento de los compromisos y acuerdos de la Comisión.", []),
    ("Programa Anual de Trabajo 2024.", [
        "Informe de avance del primer semestre de 2024.",
        "Programa Anual de Trabajo del Servicio Profesional Electoral Nacional 2024.",
    ]),
    ("Informe sobre la matriz de administración de riesgos de los mecanismos del Servicio.", []),
    ("Proyectos de acuerdo, dictámenes y comunicaciones de los mecanismos del Servicio.", [
        "Dictamen del mecanismo (localizado con la búsqueda del archivo).",
        "Proyecto de acuerdo y oficios del Órgano de Enlace.",
        "Comunicación recibida de la DESPEN (PDF importado).",
    ]),
    ("Asuntos generales.", []),
]


def _oficio_despen_pdf(destino: Path) -> Path:
    """A fictitious two-page oficio of the DESPEN, as a PDF received by mail would be."""
    c = Canvas(str(destino), pagesize=letter)
    c.setTitle("Oficio INE/DESPEN/2817/2024")
    ancho, alto = letter
    lineas_1 = [
        ("Helvetica-Bold", 12, "INSTITUTO NACIONAL ELECTORAL"),
        ("Helvetica", 10, "Dirección Ejecutiva del Servicio Profesional Electoral Nacional"),
        ("Helvetica", 10, ""),
        ("Helvetica-Bold", 10, "Oficio núm. INE/DESPEN/2817/2024"),
        ("Helvetica", 10, "Ciudad de México, a 2 de septiembre de 2024"),
        ("Helvetica", 10, ""),
        ("Helvetica", 10, "Mtra. Lucía Fernanda Ortega Salvatierra"),
        ("Helvetica", 10, "Directora Ejecutiva de Vinculación y Servicio Profesional Electoral"),
        ("Helvetica", 10, "Instituto Electoral de Anáhuac"),
        ("Helvetica", 10, ""),
        ("Helvetica", 10, "Presente"),
        ("Helvetica", 10, ""),
        ("Helvetica", 10, "Con fundamento en el Estatuto del Servicio Profesional Electoral Nacional y del Personal"),
        ("Helvetica", 10, "de la Rama Administrativa, le comunico el calendario para la aplicación de la evaluación"),
        ("Helvetica", 10, "del desempeño del periodo septiembre 2023 a agosto 2024 en los Organismos Públicos"),
        ("Helvetica", 10, "Locales Electorales, que se detalla en el anexo de este oficio (documento ficticio de la"),
        ("Helvetica", 10, "demostración)."),
    ]
    y = alto - 3 * cm
    for fuente, tamano, texto in lineas_1:
        c.setFont(fuente, tamano)
        c.drawString(2.5 * cm, y, texto)
        y -= tamano * 1.6
    c.showPage()
    c.setFont("Helvetica-Bold", 11)
    c.drawString(2.5 * cm, alto - 3 * cm, "Anexo del oficio INE/DESPEN/2817/2024: calendario de la evaluación")
    c.setFont("Helvetica", 10)
    y = alto - 4 * cm
    for etapa, periodo in (("Captura de evaluaciones", "1 al 30 de septiembre de 2024"),
                           ("Revisión del Órgano de Enlace", "1 al 15 de octubre de 2024"),
                           ("Publicación de resultados", "noviembre de 2024")):
        c.drawString(2.5 * cm, y, f"{etapa}: {periodo}")
        y -= 16
    c.showPage()
    c.save()
    return destino


def _elegir(cat: Catalogo, *, tipo: str, contiene: str = "", ultimo: bool = True,
            emitido: bool = False) -> documentos.Documento | None:
    """The latest (or first) non-cancelled document of ``tipo`` whose asunto contains ``contiene``."""
    # only documents that existed when the carpeta was sent
    candidatos = [d for d in documentos.lista(cat, tipo=tipo)
                  if d.estado in ("emitido", "importado") and contiene.lower() in d.asunto.lower()
                  and d.fecha <= FECHA_ENVIO.isoformat() and (d.estado == "emitido" or not emitido)
                  and d.ruta and Path(d.ruta).suffix.lower() in sesiones.EXTENSIONES_CARPETA]
    if not candidatos:
        return None
    return candidatos[-1] if ultimo else candidatos[0]


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    # 1. The annual calendar (seed 002 §4); the September session is then moved one day earlier.
    filas = sesiones.calendario(cat, ANIO, "comision")
    septiembre = next(f for f in filas if f.mes == 9)
    ses = sesiones.reprogramar(cat, septiembre.sesion_id, fecha=FECHA_SESION, hora="11:00",
                               lugar="Sala de sesiones del Consejo General (modalidad semipresencial)")
    fechas = "; ".join(f"{f.nombre}: {formato.fecha_larga(f.fecha)}" for f in filas)
    informe.append(f"Calendario de sesiones ordinarias {ANIO} de la Comisión (último jueves hábil de marzo, junio, "
                   f"septiembre y diciembre): {fechas}. La tercera se movió al "
                   f"{formato.fecha_larga(ses.fecha)} con «archivo sesion reprogramar».")

    # 2. The orden del día: points and sub-points.
    for titulo, subpuntos in PUNTOS:
        # the roll call and «asuntos generales» take no documents: they are never listed as missing theirs
        sin_documentos = titulo.startswith(("Lista de asistencia", "Asuntos generales"))
        numero = sesiones.agregar_punto(cat, ses.id, titulo, sin_documentos=sin_documentos)
        for sub in subpuntos:
            sesiones.agregar_punto(cat, ses.id, sub, dentro_de=numero)

    # 3. Documents by folio (what the earlier demo steps issued).
    por_folio: list[str] = []

    def adjuntar(numero: str, doc: documentos.Documento | None) -> None:
        if doc is not None:
            sesiones.adjuntar(cat, ses.id, numero, [doc.folio or f"#{doc.id}"])
            por_folio.append(doc.folio or f"#{doc.id}")

    adjuntar("3", _elegir(cat, tipo="informe", contiene="compromisos"))
    adjuntar("4.1", _elegir(cat, tipo="informe", contiene="semestre"))
    adjuntar("4.2", _elegir(cat, tipo="programa"))
    adjuntar("5", _elegir(cat, tipo="informe", contiene="riesgos", ultimo=False))  # the one of all mecanismos
    for tipo in ("acuerdo-comision", "oficio"):
        adjuntar("6.2", _elegir(cat, tipo=tipo, emitido=True))  # the Órgano de Enlace's own, with folio

    # 4. A dictamen found with the archive's search (the first hit, as «--buscar … --primero» does).
    encontrados, _ = sesiones.buscar_documentos(cat, "dictamen", limite=10)
    anteriores = [c.documento for c in encontrados if c.documento.fecha <= FECHA_ENVIO.isoformat()]
    dictamen = anteriores[0] if anteriores else None
    if dictamen is not None:
        sesiones.adjuntar(cat, ses.id, "6.1", [f"#{dictamen.id}"])

    # 5. A PDF received from the DESPEN, imported into the session's expediente.
    with tempfile.TemporaryDirectory(prefix="archivo-demo-") as tmp:
        pdf = _oficio_despen_pdf(Path(tmp) / "Oficio INE-DESPEN-2817-2024.pdf")
        importado = sesiones.adjuntar(cat, ses.id, "6.3", pdfs=[pdf],
                                      asunto="Oficio INE/DESPEN/2817/2024: calendario de la evaluación del desempeño "
                                             "2023-2024 (recibido)", fecha=date(2024, 9, 10)).adjuntados[0]

    # 6. The orden del día as a Word document, which also goes with point 2.
    orden = sesiones.emitir_orden_del_dia(cat, ses.id, fecha=FECHA_ENVIO)
    sesiones.adjuntar(cat, ses.id, "2", [f"#{orden.id}"])

    puntos = sesiones.recorrer(sesiones.orden_del_dia(cat, ses.id))
    total_docs = sum(len(p.documentos) for p in puntos)
    plazo = sesiones.plazo(raiz, ses)
    informe.append(
        f"Sesión {ses.id}: {ses.nombre} de la Comisión ({formato.fecha_larga(ses.fecha)}), con {len(puntos)} puntos "
        f"y subpuntos y {total_docs} documentos: por folio ({', '.join(por_folio)}), por búsqueda "
        f"(«dictamen» → {dictamen.folio if dictamen else 'sin resultados'}) y un PDF importado "
        f"({importado.ruta}). Orden del día en Word: {orden.ruta}.")
    informe.append(f"Plazo para enviar los documentos de esa sesión: {plazo.texto.split(';')[0]}. "
                   f"Vea «archivo sesion ver {ses.id}».")

    # 7. The carpeta (LibreOffice converts the Word documents).
    try:
        conversion.localizar_soffice()
    except ArchivoError:
        informe.append("Carpeta de sesión: no se armó porque LibreOffice no está instalado. Instálelo y ejecute "
                       f"«archivo sesion carpeta {ses.id}».")
        return
    r = sesiones.armar_carpeta(cat, ses.id, fecha=FECHA_ENVIO)
    marcadores = sum(1 for e in r.carpeta.indice if e.tipo == "punto" and e.nivel == 0)
    informe.append(
        f"Carpeta de la sesión: {r.documento.ruta} ({r.carpeta.paginas} páginas, portada, orden del día con la "
        f"página de cada punto, {marcadores} marcadores de primer nivel, «Página N de {r.carpeta.paginas}» en cada "
        f"hoja), SHA-256 {r.documento.sha256[:16]}…")
