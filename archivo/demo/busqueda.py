"""Demo of search: past acuerdos of the fictitious «Instituto Electoral de Anáhuac» imported into the acervo.

It writes a folder of fictitious past documents (Word and PDF, one PDF without a text layer as a scan would
be, and one repeated file), imports it the way staff would (``archivo importar``), and runs a few searches
whose results go to the demo's report: words without accents, an acuerdo number, a phrase, a persona.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from archivo import busqueda
from archivo.base.catalogo import Catalogo
from archivo.base.formato import fecha_larga
from archivo.base.raiz import Raiz
from archivo.busqueda import acervo as importacion

CARPETA = "ejemplos/acuerdos-anteriores"
AVISO = "Documento ficticio del archivo de demostración; no corresponde a ningún acto real."


@dataclass(frozen=True)
class Acuerdo:
    archivo: str
    titulo: str
    fecha: date
    parrafos: tuple[str, ...]


def _acuerdos(persona: str | None) -> list[Acuerdo]:
    nombre = persona or "la persona servidora pública designada"
    return [
        Acuerdo("IEA-CG-24-2014.docx",
                "ACUERDO IEA-CG-24/2014 DEL CONSEJO GENERAL DEL INSTITUTO ELECTORAL DE ANÁHUAC POR EL QUE SE "
                "APRUEBA LA DESIGNACIÓN DE LA TITULAR DE LA DIRECCIÓN EJECUTIVA DE VINCULACIÓN Y SERVICIO "
                "PROFESIONAL ELECTORAL",
                date(2014, 6, 17),
                ("ANTECEDENTES",
                 "I. El Consejo General del Instituto Nacional Electoral emitió los lineamientos para la "
                 "designación de las personas titulares de las áreas ejecutivas de dirección de los Organismos "
                 "Públicos Locales Electorales.",
                 "II. La Presidencia del Consejo General presentó la propuesta de designación, acompañada del "
                 "dictamen de idoneidad de la persona propuesta.",
                 "CONSIDERANDOS",
                 "Con fundamento en el artículo 41, Base V, apartado C, de la Constitución Política de los Estados "
                 "Unidos Mexicanos, corresponde a este Consejo General aprobar las designaciones de las personas "
                 "titulares de sus direcciones ejecutivas.",
                 "ACUERDO",
                 "PRIMERO. Se aprueba la designación de la titular de la Dirección Ejecutiva de Vinculación y "
                 "Servicio Profesional Electoral.",
                 "SEGUNDO. Publíquese en el Periódico Oficial del Estado de Anáhuac.")),
        Acuerdo("IEA-CSPEN-003-2023.pdf",
                "ACUERDO IEA-CSPEN-003/2023 DE LA COMISIÓN DE SEGUIMIENTO DEL SERVICIO PROFESIONAL ELECTORAL "
                "NACIONAL POR EL QUE SE APRUEBAN LOS DICTÁMENES PARA EL OTORGAMIENTO DE INCENTIVOS "
                "CORRESPONDIENTES AL EJERCICIO 2022",
                date(2023, 8, 24),
                ("ANTECEDENTES",
                 "I. Mediante el acuerdo INE/JGE38/2024 la Junta General Ejecutiva aprobó la actualización de los "
                 "lineamientos para el otorgamiento de incentivos a los miembros del Servicio Profesional "
                 "Electoral Nacional del sistema OPLE.",
                 f"II. El órgano de enlace remitió los dictámenes de procedencia, entre ellos el de {nombre}, "
                 "con los resultados de la evaluación del desempeño del periodo septiembre 2021 a agosto 2022.",
                 "CONSIDERANDOS",
                 "Conforme al artículo 11, fracción I, inciso a), de los lineamientos, el incentivo se otorga a "
                 "quienes obtengan una calificación igual o superior a 9.000 en la evaluación del desempeño.",
                 "ACUERDO",
                 "PRIMERO. Se aprueban los dictámenes de otorgamiento de incentivos que forman parte de este "
                 "acuerdo.",
                 "SEGUNDO. Remítase al Consejo General para su conocimiento.")),
        Acuerdo("IEA-CG-112-2023.pdf",
                "ACUERDO IEA-CG-112/2023 DEL CONSEJO GENERAL DEL INSTITUTO ELECTORAL DE ANÁHUAC POR EL QUE SE "
                "DESIGNAN ENCARGADOS DE DESPACHO EN CARGOS DEL SERVICIO PROFESIONAL ELECTORAL NACIONAL",
                date(2023, 11, 30),
                ("ANTECEDENTES",
                 "I. En cumplimiento del acuerdo INE/CG682/2023 del Consejo General del Instituto Nacional "
                 "Electoral, este Instituto debe cubrir las plazas vacantes del Servicio mientras concluye el "
                 "Concurso Público.",
                 "II. La Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral verificó que las "
                 "personas propuestas cumplen los requisitos del cargo.",
                 "ACUERDO",
                 "PRIMERO. Se designan encargados de despacho en las plazas vacantes de Coordinación de "
                 "Organización Electoral, por un periodo de seis meses.",
                 "SEGUNDO. Notifíquese a la DESPEN mediante el sistema SIVOPLE.")),
        Acuerdo("dictamen-evaluacion-2024.docx",
                "DICTAMEN IEA/DEVySPE/DICT-004/2024 DE RESULTADOS DE LA EVALUACIÓN DEL DESEMPEÑO DEL PERIODO "
                "SEPTIEMBRE 2023 A AGOSTO 2024",
                date(2024, 10, 15),
                ("Los resultados se calcularon conforme al artículo 23, fracción II, de los Lineamientos para la "
                 "evaluación del desempeño de los miembros del Servicio Profesional Electoral Nacional del "
                 "sistema OPLE.",
                 f"Entre las personas evaluadas se encuentra {nombre}, cuya calificación final fue de 9.250.",
                 "Las calificaciones inferiores a 7.000 dan lugar a acciones de mejora, conforme al inciso b) del "
                 "mismo artículo.")),
        Acuerdo("oficio-IEA-DEVySPE-045-2024.docx",
                "OFICIO IEA/DEVySPE/045/2024 POR EL QUE SE INFORMA A LA DESPEN LA CONCLUSIÓN DE LAS "
                "DESIGNACIONES DE ENCARGADOS DE DESPACHO",
                date(2024, 6, 17),
                ("Por este medio informo que concluyeron las designaciones aprobadas en el acuerdo "
                 "IEA-CG-112/2023, en cumplimiento del acuerdo INE/CG682/2023.",
                 "Sin otro particular, reciba un cordial saludo.")),
    ]


def _docx(a: Acuerdo) -> bytes:
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("Instituto Electoral de Anáhuac")
    doc.add_heading(a.titulo, level=1)
    doc.add_paragraph(f"Santa Lucía del Valle, Anáhuac, a {fecha_larga(a.fecha)}.")
    for p in a.parrafos:
        doc.add_paragraph(p)
    doc.sections[0].footer.paragraphs[0].add_run(AVISO)
    salida = io.BytesIO()
    doc.save(salida)
    return salida.getvalue()


def _pdf(a: Acuerdo) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    estilos = getSampleStyleSheet()
    salida = io.BytesIO()
    doc = SimpleDocTemplate(salida, pagesize=letter, title=a.titulo[:120], author="Instituto Electoral de Anáhuac")
    partes = [Paragraph("Instituto Electoral de Anáhuac", estilos["Normal"]), Spacer(1, 12),
              Paragraph(a.titulo, estilos["Heading2"]),
              Paragraph(f"Santa Lucía del Valle, Anáhuac, a {fecha_larga(a.fecha)}.", estilos["Normal"]),
              Spacer(1, 12)]
    for p in a.parrafos:
        partes += [Paragraph(p, estilos["BodyText"]), Spacer(1, 6)]
    partes.append(Paragraph(f"<i>{AVISO}</i>", estilos["Normal"]))
    doc.build(partes)
    return salida.getvalue()


ACTA_TITULO = "ACTA DE LA SESIÓN ORDINARIA DEL CONSEJO GENERAL DEL INSTITUTO ELECTORAL DE ANÁHUAC"
ACTA_PARRAFOS = (
    "En Santa Lucía del Valle, Anáhuac, siendo las once horas del diez de mayo de dos mil doce, se reunieron "
    "en la sala de sesiones las consejeras y los consejeros electorales, la Secretaría Ejecutiva y las "
    "representaciones de los partidos políticos, para celebrar la sesión ordinaria del Consejo General.",
    "PRIMERO. La Secretaría Ejecutiva pasó lista de asistencia y declaró la existencia del quórum legal.",
    "SEGUNDO. Se aprobó por unanimidad el informe sobre el resguardo de la documentación electoral en la "
    "bodega distrital de San Juan de las Huertas, con las medidas de seguridad acordadas con la DESPEN.",
    "TERCERO. Se instruyó a la Dirección Ejecutiva de Organización Electoral para que verifique el inventario "
    "de los paquetes electorales antes del treinta de junio de dos mil doce.",
    "No habiendo otro asunto que tratar, se levantó la sesión a las doce horas con cuarenta minutos.",
)


def _pdf_escaneado() -> bytes:
    """A page as a scanner makes it: only a picture of the printed acta (grey, slightly skewed, with specks and a
    signature over the text), no text layer. Without OCR it imports as «sin texto»; OCR makes it searchable."""
    # heavy libraries: imported where used (fast start)
    import random

    import img2pdf
    import pypdfium2
    from PIL import Image, ImageDraw, ImageFilter
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    estilos = getSampleStyleSheet()
    impreso = io.BytesIO()
    doc = SimpleDocTemplate(impreso, pagesize=letter, leftMargin=80, rightMargin=80, topMargin=80)
    partes = [Paragraph("Instituto Electoral de Anáhuac", estilos["Normal"]), Spacer(1, 10),
              Paragraph(ACTA_TITULO, estilos["Heading3"]), Spacer(1, 6)]
    for p in ACTA_PARRAFOS:
        partes += [Paragraph(p, estilos["BodyText"]), Spacer(1, 6)]
    partes.append(Paragraph(f"<i>{AVISO}</i>", estilos["Normal"]))
    doc.build(partes)
    pagina = pypdfium2.PdfDocument(impreso.getvalue())[0]
    imagen = pagina.render(scale=200 / 72).to_pil().convert("L")
    azar = random.Random(2012)
    dibujo = ImageDraw.Draw(imagen)
    for _ in range(400):  # dust
        x, y = azar.randrange(imagen.width), azar.randrange(imagen.height)
        dibujo.point((x, y), fill=azar.randrange(60, 160))
    x0, y0 = int(imagen.width * 0.5), int(imagen.height * 0.40)
    trazo = [(x0 + i * 6, y0 + int(40 * ((i % 7) - 3) / 3) + i) for i in range(45)]
    dibujo.line(trazo, fill=70, width=4)  # a signature over the last lines
    imagen = imagen.filter(ImageFilter.GaussianBlur(0.6)).rotate(0.8, resample=Image.BICUBIC, fillcolor=255)
    jpg = io.BytesIO()
    imagen.save(jpg, format="JPEG", quality=80, dpi=(200, 200))
    escaneado = img2pdf.convert(jpg.getvalue(), layout_fun=img2pdf.get_fixed_dpi_layout_fun((200, 200)))
    # A scanner records the date and a title in the file's properties: the import uses them until OCR reads it.
    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(escaneado)))
    escritor.add_metadata({"/Title": "Acta de la sesión ordinaria del Consejo General del 10 de mayo de 2012",
                           "/CreationDate": "D:20120510120000-06'00'"})
    final = io.BytesIO()
    escritor.write(final)
    return final.getvalue()


def escribir_carpeta(destino: Path, persona: str | None = None) -> list[Path]:
    """Write the fictitious past documents into ``destino`` (a scan without text and a repeated file included)."""
    destino.mkdir(parents=True, exist_ok=True)
    escritos = []
    for a in _acuerdos(persona):
        ruta = destino / a.archivo
        ruta.write_bytes(_pdf(a) if ruta.suffix == ".pdf" else _docx(a))
        escritos.append(ruta)
    escaneo = destino / "acta-sesion-2012-escaneada.pdf"
    escaneo.write_bytes(_pdf_escaneado())
    copia = destino / "copia de IEA-CG-24-2014.docx"
    copia.write_bytes((destino / "IEA-CG-24-2014.docx").read_bytes())
    return [*escritos, escaneo, copia]


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    fila = cat.uno("SELECT clave, nombre, primer_apellido, segundo_apellido FROM personas "
                   "WHERE situacion = 'activo' ORDER BY clave LIMIT 1")
    nombre = " ".join(x for x in (fila["nombre"], fila["primer_apellido"], fila["segundo_apellido"]) if x) \
        if fila else None
    carpeta = raiz.ruta / CARPETA
    archivos = escribir_carpeta(carpeta, nombre)
    resultado = importacion.importar(cat, [carpeta])
    if resultado.ocr_hechos:
        escaneo = (f"{resultado.ocr_hechos} acta escaneada cuyo texto reconoció el OCR, con su copia buscable al "
                   "lado del original")
    elif resultado.ocr_fallidos:
        escaneo = f"{resultado.ocr_fallidos} acta escaneada con el OCR fallido («archivo ocr --estado» dice por qué)"
    else:
        escaneo = (f"{resultado.ocr_pendientes} acta escaneada en espera de OCR: "
                   f"{resultado.ocr_no_instalado or 'ejecute «archivo ocr»'}")
    informe.append(
        f"Acervo: {len(archivos)} documentos anteriores ficticios en {CARPETA}/ (Word, PDF y un acta escaneada); "
        f"«archivo importar» copió {resultado.importados} a acervo/AÑO/ con su nombre original ({escaneo}) y "
        f"omitió {resultado.duplicados} duplicado.")

    def primero(consulta: str, **filtros: str) -> str:
        r = busqueda.buscar(cat, consulta, limite=5, **filtros)
        if not r.resultados:
            return "sin resultados"
        p = r.resultados[0]
        return f"{len(r.resultados)} resultado(s), el primero {p.numero or p.folio or '#' + str(p.id)}"

    informe.append(f"Búsqueda «designacion» (sin acento): {primero('designacion')}; «dictamenes incentivos»: "
                   f"{primero('dictamenes incentivos')}.")
    informe.append(f"Búsqueda por número «INE/CG682/2023»: {primero('INE/CG682/2023')} (solo documentos que lo citan "
                   f"completo); «IEA-CG-112/2023»: {primero('IEA-CG-112/2023')} (el acuerdo mismo va primero).")
    if resultado.ocr_hechos:
        informe.append(f"Búsqueda «bodega distrital» (palabras del acta escaneada, leídas por OCR): "
                       f"{primero('bodega distrital')}.")
    informe.append(f"Búsqueda de frase «\"fracción I\"»: {primero(chr(34) + 'fracción I' + chr(34))}"
                   + (f"; de la persona {fila['clave']} (su nombre en el texto): "
                      f"{primero('', persona=fila['clave'])}" if fila else "") + ".")
