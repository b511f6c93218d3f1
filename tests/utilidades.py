"""Helpers shared by tests: the test institution's archivo.toml, the CLI run in-process, a small real Word template
with its schema, docx text extraction and a padrón. Test modules import helpers from here, never from each other."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader, Transformation
from reportlab.pdfgen.canvas import Canvas

from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.cli import main

REPO = Path(__file__).resolve().parent.parent

TOML_PRUEBA = """\
[institucion]
nombre = "Instituto Electoral de Prueba"
siglas = "IEP"
entidad = "Estado de Prueba"
ciudad = "Ciudad Prueba"
domicilio = "Av. Siempre Viva 742, Centro"

[organo_enlace]
nombre = "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"
siglas = "DEVySPE"

[[areas]]
siglas = "DEVySPE"
nombre = "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"

[[areas]]
siglas = "CSPE"
nombre = "Coordinación del Servicio Profesional Electoral"

[[areas]]
siglas = "DEOE"
nombre = "Dirección Ejecutiva de Organización Electoral"

[roles]
direccion = "DEVySPE"
coordinacion-servicio = "CSPE"
vinculacion-ine = "DEVySPE"

[[firmantes]]
clave = "titular"
nombre = "Mtra. Ana Prueba Ejemplo"
cargo = "Directora Ejecutiva de Vinculación y Servicio Profesional Electoral"
area = "DEVySPE"

[folios]
oficio = "{siglas}/{area}/{consecutivo:03d}/{anio}"
circular = "{siglas}/{area}/CIRC-{consecutivo:03d}/{anio}"
tarjeta-informativa = "{siglas}/{area}/TI-{consecutivo:03d}/{anio}"
acuerdo-comision = "{siglas}-CSPEN-{consecutivo:03d}/{anio}"
acuerdo-consejo = "{siglas}-CG-{consecutivo}/{anio}"
dictamen = "{siglas}/{area}/DICT-{consecutivo:03d}/{anio}"
informe = "{siglas}/{area}/INF-{consecutivo:03d}/{anio}"
instrumento-archivistico = "{siglas}/{area}/IA-{consecutivo:03d}/{anio}"

[archivistica]
fondo = "IEP"
seccion = "Servicio Profesional Electoral Nacional"

[archivistica.series]
persona = "SPEN.01 Expedientes del personal del Servicio"
procedimiento = "SPEN.02 Mecanismos del Servicio"
mecanismo = "SPEN.03 Administración de riesgos"
sesion = "SPEN.04 Comisión de Seguimiento del Servicio"
acervo = "SPEN.05 Acervo documental"

[calendario]
dias_inhabiles = ["2024-11-04"]
"""


@dataclass
class Resultado:
    codigo: int
    salida: str
    errores: str

    @property
    def todo(self) -> str:
        return self.salida + self.errores


def invocar(args: list[str], env: dict[str, str] | None = None, entrada: str | None = None) -> Resultado:
    """Run ``archivo ARGS`` in-process through the real entry point (error handling included)."""
    runner = CliRunner()
    with runner.isolation(input=entrada, env=env) as (out, err, _):
        try:
            main([str(a) for a in args])
            codigo = 0
        except SystemExit as e:
            codigo = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        return Resultado(codigo, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


ESQUEMA_PRUEBA = {
    "nombre": "oficio-prueba",
    "titulo": "Oficio de prueba",
    "tipo": "oficio",
    "serie": "oficio",
    "area": "DEVySPE",
    "descripcion": "Oficio mínimo para las pruebas.",
    "pasos": ["concurso-publico:1", "evaluacion-desempeno:11"],
    "campos": [
        {"nombre": "asunto", "tipo": "texto", "requerido": True, "descripcion": "Asunto del oficio",
         "ejemplo": "Notificación"},
        {"nombre": "destinatario", "tipo": "persona", "requerido": True, "descripcion": "Persona destinataria",
         "ejemplo": "SPEN-0001"},
        {"nombre": "cuerpo", "tipo": "texto", "requerido": True, "descripcion": "Texto del oficio",
         "ejemplo": "Por este medio…"},
        {"nombre": "fecha_limite", "tipo": "fecha", "requerido": False, "descripcion": "Fecha límite",
         "ejemplo": "2025-06-30"},
        {"nombre": "monto", "tipo": "moneda", "requerido": False, "descripcion": "Monto", "ejemplo": 1500},
        {"nombre": "copias", "tipo": "lista", "requerido": False, "descripcion": "Con copia para",
         "ejemplo": ["Archivo"]},
        {"nombre": "calificaciones", "tipo": "tabla", "requerido": False, "descripcion": "Tabla de factores",
         "columnas": [{"nombre": "factor", "tipo": "texto"}, {"nombre": "valor", "tipo": "número"}],
         "ejemplo": [{"factor": "Metas", "valor": 9.5}]},
    ],
}


def docx_prueba() -> bytes:
    """A real template using system variables, a persona field, filters, a list loop and a table row loop."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("{{ institucion.nombre }} — {{ area.nombre }}")
    doc.add_paragraph().add_run("Oficio No. {{ folio }}")
    doc.add_paragraph().add_run("ASUNTO: {{ asunto }}")
    doc.add_paragraph().add_run("{{ lugar }}, a {{ fecha|fecha_larga }}.")
    doc.add_paragraph().add_run("{{ destinatario.nombre_completo|mayusculas }}")
    doc.add_paragraph().add_run("{{ destinatario.cargo }} ({{ destinatario.adscripcion_nombre }})")
    doc.add_paragraph().add_run("{{ cuerpo }}")
    doc.add_paragraph().add_run("{% if fecha_limite %}Plazo: {{ fecha_limite|fecha_larga }}.{% endif %}")
    doc.add_paragraph().add_run("{% if monto %}Monto: {{ monto|moneda_completa }}{% endif %}")
    tabla = doc.add_table(rows=3, cols=2)
    tabla.rows[0].cells[0].paragraphs[0].add_run("{%tr for c in calificaciones %}")
    tabla.rows[1].cells[0].paragraphs[0].add_run("{{ c.factor }}")
    tabla.rows[1].cells[1].paragraphs[0].add_run("{{ c.valor|calificacion }}")
    tabla.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    doc.add_paragraph().add_run("A T E N T A M E N T E")
    doc.add_paragraph().add_run("{{ firmante.nombre }}")
    doc.add_paragraph().add_run("{{ firmante.cargo }}")
    doc.add_paragraph().add_run("{%p for c in copias %}")
    doc.add_paragraph().add_run("c.c.p. {{ c }}")
    doc.add_paragraph().add_run("{%p endfor %}")
    salida = io.BytesIO()
    doc.save(salida)
    return salida.getvalue()


def instalar_plantilla_prueba(carpeta: Path, esquema: dict | None = None, docx: bytes | None = None) -> str:
    esquema = esquema or ESQUEMA_PRUEBA
    (carpeta / f"{esquema['nombre']}.docx").write_bytes(docx or docx_prueba())
    (carpeta / f"{esquema['nombre']}.yaml").write_text(yaml.safe_dump(esquema, allow_unicode=True), encoding="utf-8")
    return esquema["nombre"]


def texto_docx(ruta_o_bytes: Path | bytes) -> str:
    """All text of a .docx: body paragraphs, tables, headers and footers."""
    fuente = io.BytesIO(ruta_o_bytes) if isinstance(ruta_o_bytes, bytes) else str(ruta_o_bytes)
    doc = Document(fuente)
    partes = [p.text for p in doc.paragraphs]
    for tabla in doc.tables:
        for fila in tabla.rows:
            partes.extend(c.text for c in fila.cells)
    for seccion in doc.sections:
        for marco in (seccion.header, seccion.footer):
            partes.extend(p.text for p in marco.paragraphs)
            for tabla in marco.tables:  # the membrete sets the logo and the names side by side in a table
                for fila in tabla.rows:
                    partes.extend(c.text for c in fila.cells)
    return "\n".join(partes)


PADRON_CSV = '''Clave SIISPEN,Nombre(s),Primer apellido,Segundo apellido,Cargo o puesto,Nivel,Rango (A/B/C),Adscripción,Titularidad (sí/no),Fecha de titularidad,Vía de ingreso,Fecha de ingreso,Situación,Correo electrónico
SPEN-0001,Ana Laura,Pérez,Ruiz,Técnica de Organización Electoral,Nivel 3,A,DEOE,sí,2021-06-30,Concurso Público 2017,2017-09-01,activo,ana.perez@ejemplo.mx
SPEN-0002,José Luis,García,,Coordinador de Educación Cívica,Nivel 7,,DEECyPC,no,,Concurso Público 2020,01/03/2021,activo,jose.garcia@ejemplo.mx
SPEN-0003,María,O'Connor & Hijos <SA>,López,"Jefa de Departamento ""A""",Nivel 5,B,CSPE,sí,2019-06-30,Certamen Interno 2018,2015-08-01,activo,
'''


def pagina_escaneada(lineas: list[str], *, dpi: int = 200, angulo: float = 0.7, girada: bool = False):
    """A page as a scanner would picture it (a PIL image, grey, slightly skewed): the lines printed with
    ReportLab and rasterised by PDFium, so it needs no system fonts. ``girada``: upside down."""
    import pypdfium2
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    salida = io.BytesIO()
    c = canvas.Canvas(salida, pagesize=letter)
    c.setFont("Helvetica", 13)
    y = 700
    for linea in lineas:
        c.drawString(72, y, linea)
        y -= 22
    c.showPage()
    c.save()
    imagen = pypdfium2.PdfDocument(salida.getvalue())[0].render(scale=dpi / 72).to_pil().convert("L")
    imagen = imagen.rotate(angulo, resample=Image.BICUBIC, fillcolor=255)
    return imagen.rotate(180) if girada else imagen


def pdf_de_imagenes(imagenes, ruta: Path, dpi: int = 200) -> Path:
    """An image-only PDF (a scan without text layer), one page per image."""
    import img2pdf

    datos = []
    for im in imagenes:
        b = io.BytesIO()
        im.save(b, format="JPEG", quality=85, dpi=(dpi, dpi))
        datos.append(b.getvalue())
    ruta.write_bytes(img2pdf.convert(datos, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))))
    return ruta
# --- sessions and their carpeta PDF ----------------------------------------------------------------


def emitir_docx(cat: Catalogo, asunto: str, texto: str | None = None, serie: str = "oficio") -> documentos.Documento:
    """A real issued Word document (with folio) in a mecanismo's expediente."""
    def construir(folio: str | None) -> bytes:
        d = Document()
        d.add_heading(asunto, level=1)
        d.add_paragraph(f"Folio {folio}. {texto or asunto}")
        salida = io.BytesIO()
        d.save(salida)
        return salida.getvalue()

    with cat.transaccion("emitir documento de prueba") as tx:
        exp = exps.asegurar(tx, "mecanismo", "incentivos", "Incentivos")
        return documentos.emitir_en(tx, tipo=serie, asunto=asunto, expediente=exp, construir=construir, serie=serie,
                                    indexar=False)


def pdf(ruta: Path, texto: str, paginas: int = 1) -> Path:
    c = Canvas(str(ruta))
    for n in range(1, paginas + 1):
        c.drawString(72, 720, f"{texto} hoja {n}")
        c.showPage()
    c.save()
    return ruta


_NUMERO_PUNTO = re.compile(r"\d+(?:\.\d+)*\.")
_PUNTOS_GUIA = re.compile(r"\.{3,}")


def lineas_de(pagina) -> list[list[str]]:
    """The text runs of a page grouped in lines (top to bottom), each line's runs left to right."""
    corridas: dict[float, list[tuple[float, str]]] = {}

    def visitante(texto, cm, tm, *_):
        if texto.strip():
            x, y = Transformation(tm).transform(Transformation(cm)).ctm[4:]
            corridas.setdefault(round(y, 1), []).append((x, texto.strip()))

    pagina.extract_text(visitor_text=visitante)
    return [[t for _, t in sorted(corridas[y])] for y in sorted(corridas, reverse=True)]


def paginas_del_indice(contenido: bytes, paginas_indice: range) -> dict[str, int | None]:
    """Parse the printed index: point number → the page it prints (None when it prints none).

    A point's line starts with its number («2.1.») followed by its title; the page is printed after the dot
    leaders on the last line of the title, before the lines of its documents.
    """
    lector = PdfReader(io.BytesIO(contenido))
    resultado: dict[str, int | None] = {}
    actual: str | None = None
    for i in paginas_indice:
        for linea in lineas_de(lector.pages[i]):
            es_punto = (len(linea) >= 2 and _NUMERO_PUNTO.fullmatch(linea[0])
                        and not _PUNTOS_GUIA.fullmatch(linea[1]) and not linea[1].isdigit())
            if es_punto:
                actual = linea[0].rstrip(".")
                resultado[actual] = None
            if actual is not None and len(linea) >= 2 and linea[-1].isdigit() and _PUNTOS_GUIA.fullmatch(linea[-2]):
                resultado[actual] = int(linea[-1])
                actual = None  # the document lines that follow do not change the point's page
    return resultado


def marcadores(lector: PdfReader, outline=None) -> list:
    """The outline as nested [(title, 1-based page, children)]."""
    outline = lector.outline if outline is None else outline
    arbol: list = []
    for elemento in outline:
        if isinstance(elemento, list):
            arbol[-1][2].extend(marcadores(lector, elemento))
        else:
            arbol.append((elemento.title, lector.get_destination_page_number(elemento) + 1, []))
    return arbol


# --- the web portal -----------------------------------------------------------------------------------------

def csrf_de(html: str) -> str:
    """The CSRF token a page's forms carry."""
    import re

    m = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert m, "la página no tiene un formulario con su código de seguridad"
    return m.group(1)


def entrar(cliente, usuario: str, contrasena: str):
    """Log a TestClient in through the login form (as a person would)."""
    pagina = cliente.get("/entrar")
    r = cliente.post("/entrar", data={"_csrf": csrf_de(pagina.text), "usuario": usuario, "contrasena": contrasena},
                     follow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    return r


def archivo_portal(destino: Path):
    """A small archive for the portal's browser tests: accounts, padrón, a procedure, the test template."""
    from archivo import personal, procedimientos
    from archivo.base.catalogo import Catalogo, iniciar_archivo
    from tests.conftest import TOML_PRUEBA, crear_usuarios_prueba

    raiz = iniciar_archivo(destino, toml=TOML_PRUEBA)
    crear_usuarios_prueba(raiz)
    instalar_plantilla_prueba(raiz.plantillas)
    csv = destino.parent / "padron.csv"
    csv.write_text(PADRON_CSV, encoding="utf-8")
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        personal.importar(cat, csv)
        procedimientos.abrir(cat, "concurso publico", "Concurso Público 2025", personas=["SPEN-0001"])
    return raiz


class ServidorPrueba:
    """uvicorn serving the portal in a thread on a free loopback port (stopped on exit)."""

    def __init__(self, raiz) -> None:
        self.raiz = raiz
        self.url = ""

    def __enter__(self):
        import socket
        import threading
        import time

        import uvicorn

        from archivo.web.app import crear_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            puerto = s.getsockname()[1]
        app = crear_app(self.raiz)
        self.servidor = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=puerto, log_level="warning",
                                                      access_log=False))
        self.hilo = threading.Thread(target=self.servidor.run, daemon=True)
        self.hilo.start()
        limite = time.monotonic() + 30
        while not self.servidor.started:
            if time.monotonic() > limite or not self.hilo.is_alive():
                raise RuntimeError("el portal de prueba no arrancó")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{puerto}"
        return self

    def __exit__(self, *exc) -> None:
        self.servidor.should_exit = True
        self.hilo.join(15)


def resumen_errores(html: str) -> str:
    """The text of a page's error summary and error page (for assertion messages)."""
    import re

    partes = re.findall(r'<div class="resumen-errores.*?</div>|<section class="tarjeta error-pagina">.*?</section>',
                        html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", " ".join(partes))).strip()


# --- correspondence with INE ---------------------------------------------------------------------------------

TOML_CORRESPONDENCIA = TOML_PRUEBA + """
[correspondencia]
abrir_procedimiento = true

[correspondencia.titulares]
DEOE = { nombre = "Mtro. Raúl Quintero Lagunas", cargo = "Director Ejecutivo de Organización Electoral" }
"""


def pdf_simple(ruta: Path, *lineas: str) -> Path:
    """A real one-page PDF with a text layer (a document received, an acuse)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(ruta), pagesize=letter)
    for i, linea in enumerate(lineas):
        c.drawString(72, 720 - 16 * i, linea)
    c.showPage()
    c.save()
    return ruta


def captura_navegador(pagina, nombre: str) -> None:
    """A full-page screenshot into ARCHIVO_CAPTURAS (a folder outside the repository), when that variable is set."""
    import os

    carpeta = os.environ.get("ARCHIVO_CAPTURAS")
    if carpeta:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
        pagina.screenshot(path=str(Path(carpeta) / f"{nombre}.png"), full_page=True)
