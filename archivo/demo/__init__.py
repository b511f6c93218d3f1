"""`archivo demo`: a complete demo archive of a fictitious OPLE (the «Instituto Electoral de Anáhuac»).

Each capability adds its part from its own module (``poblar(raiz, cat, informe)``), in dependency order: padrón,
procedures and their documents, search (imported past acuerdos), risk matrices, compromisos and PAT, the session
that gathers documents from all of them into its carpeta, the archival life of the expedientes and the instruments
that describe them (gestión documental), and last the fojas of every Word document. No real person's data is used.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable
from pathlib import Path

from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import atomic_write_bytes
from archivo.base.raiz import Raiz
from archivo.cuentas import NOMBRES_ROL
from archivo.demo.cuentas import CUENTAS_DEMO
from archivo.plantillas import verificacion

MARCA_DEMO = ".archivo-demo"
PARTES = ["personal", "procedimientos", "busqueda", "riesgos", "compromisos_pat", "correspondencia", "sesiones",
          "archivistica", "fojas", "cuentas"]

TOML_DEMO = """\
# Archivo de demostración: institución y personas FICTICIAS.

[institucion]
nombre = "Instituto Electoral de Anáhuac"
siglas = "IEA"
entidad = "Anáhuac"
ciudad = "Santa Lucía del Valle"
domicilio = "Av. de la Democracia 1450, Col. Centro, C.P. 58000"
telefono = "(443) 555 0100"
sitio_web = "www.iea-anahuac.example.mx"
lema = ""

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
siglas = "CV-INE"
nombre = "Coordinación de Vinculación con el Instituto Nacional Electoral"

[[areas]]
siglas = "SE"
nombre = "Secretaría Ejecutiva"

[[areas]]
siglas = "DEOE"
nombre = "Dirección Ejecutiva de Organización Electoral"

[[areas]]
siglas = "DEECyPC"
nombre = "Dirección Ejecutiva de Educación Cívica y Participación Ciudadana"

[[areas]]
siglas = "DEAPyPP"
nombre = "Dirección Ejecutiva de Administración, Prerrogativas y Partidos Políticos"

[[areas]]
siglas = "UTCE"
nombre = "Unidad Técnica de lo Contencioso Electoral"

# Qué área cumple cada papel que nombran las plantillas.
[roles]
direccion = "DEVySPE"
coordinacion-servicio = "CSPE"
vinculacion-ine = "CV-INE"

[[firmantes]]
clave = "titular-devyspe"
nombre = "Mtra. Lucía Fernanda Ortega Salvatierra"
cargo = "Directora Ejecutiva de Vinculación y Servicio Profesional Electoral"
area = "DEVySPE"

[[firmantes]]
clave = "coordinador-cspe"
nombre = "Lic. Andrés Villaseñor Quiroga"
cargo = "Coordinador del Servicio Profesional Electoral"
area = "CSPE"

[[firmantes]]
clave = "coordinadora-cvine"
nombre = "Lic. Paulina Ibarra Cienfuegos"
cargo = "Coordinadora de Vinculación con el Instituto Nacional Electoral"
area = "CV-INE"

[[firmantes]]
clave = "secretario-ejecutivo"
nombre = "Mtro. Esteban Ruelas Montaño"
cargo = "Secretario Ejecutivo"
area = "SE"

# La Comisión de Seguimiento del Servicio (para los informes de compromisos y acuerdos).
[comision]
nombre = "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"
nombre_corto = "Comisión de Seguimiento"
fundamento_informe = "el Reglamento de Comisiones del Consejo General"

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
fondo = "IEA"
seccion = "Servicio Profesional Electoral Nacional"
valores = "Administrativo, legal"
vigencia_anios = 5

[archivistica.series]
persona = "SPEN.01 Expedientes del personal del Servicio"
procedimiento = "SPEN.02 Mecanismos del Servicio"
mecanismo = "SPEN.03 Administración de riesgos"
sesion = "SPEN.04 Comisión de Seguimiento del Servicio"
acervo = "SPEN.05 Acervo documental"

[archivistica.clasificacion]
persona = "Confidencial (contiene datos personales)"
procedimiento = "Pública, con versión pública de datos personales"
mecanismo = "Pública"
sesion = "Pública"
acervo = "Pública"

# Correspondencia con el INE: cada entrada que requiere respuesta abre su procedimiento del manual; a quién se
# dirigen las tarjetas informativas de las áreas que no tienen firmante.
[correspondencia]
abrir_procedimiento = true

[correspondencia.titulares]
DEOE = { nombre = "Mtro. Raúl Quintero Lagunas", cargo = "Director Ejecutivo de Organización Electoral" }
DEECyPC = { nombre = "Mtra. Itzel Barragán Ochoa", cargo = "Directora Ejecutiva de Educación Cívica y Participación Ciudadana" }
DEAPyPP = { nombre = "Lic. Ricardo Almazán Torres", cargo = "Director Ejecutivo de Administración, Prerrogativas y Partidos Políticos" }
UTCE = { nombre = "Mtra. Gabriela Nava Cisneros", cargo = "Titular de la Unidad Técnica de lo Contencioso Electoral" }

[calendario]
# Días que el Consejo General declaró inhábiles (ficticios): Semana Santa y Día de Muertos.
dias_inhabiles = ["2025-04-17", "2025-04-18", "2025-11-02"]
"""


def _preparar_destino(destino: Path) -> None:
    """A previous demo archive is replaced; anything else is never touched."""
    if not destino.exists():
        return
    if not destino.is_dir():
        raise ArchivoError(f"«{destino}» existe y no es una carpeta.")
    if not any(destino.iterdir()):
        return
    if (destino / MARCA_DEMO).is_file():
        shutil.rmtree(destino)
        return
    raise ArchivoError(f"La carpeta «{destino}» ya tiene contenido que no es un archivo de demostración; "
                       "elija otra ruta: archivo demo OTRA_RUTA")


NOMBRES_PARTES = {"personal": "padrón", "procedimientos": "procedimientos y documentos", "busqueda": "acervo y búsqueda",
                  "riesgos": "matrices de riesgo", "compromisos_pat": "compromisos y PAT",
                  "correspondencia": "correspondencia con el INE", "sesiones": "sesión y carpeta",
                  "archivistica": "gestión documental", "fojas": "fojas de los expedientes",
                  "cuentas": "cuentas del portal"}


def construir(destino: Path, mostrar: Callable[[str], None] = print,
              avanzar: Callable[[str], None] | None = None, programa: str = "archivo",
              membrete: Path | None = None) -> Raiz:
    """Build the demo archive at ``destino`` and report what it made and where.

    ``avanzar(parte)`` is called before each part (for a progress bar); ``programa`` is how the user runs archivo,
    for the example commands printed at the end. ``membrete``: a membrete.docx every document is built with.
    """
    destino = Path(destino)
    if membrete is not None:
        problemas = verificacion.verificar_docx(Path(membrete), buscar_esquema=False).errores
        if problemas:
            raise EntradaInvalida(f"El membrete {membrete} tiene {len(problemas)} error(es); revíselo con «archivo "
                                  f"plantillas verificar {membrete}».")
    _preparar_destino(destino)
    raiz = iniciar_archivo(destino, toml=TOML_DEMO)
    if membrete is not None:
        atomic_write_bytes(raiz.plantillas / "membrete.docx", Path(membrete).read_bytes(), overwrite=False)
    (raiz.ruta / MARCA_DEMO).write_text("Archivo de demostración con datos ficticios; «archivo demo» lo reemplaza.\n",
                                        encoding="utf-8")
    mostrar(f"Construyendo el archivo de demostración en {raiz.ruta} …")
    informe: list[str] = []
    with Catalogo.abrir(raiz, usuario="demo") as cat:
        for parte in PARTES:
            if avanzar:
                avanzar(NOMBRES_PARTES[parte])
            modulo = importlib.import_module(f"archivo.demo.{parte}")
            modulo.poblar(raiz, cat, informe)
    mostrar("")
    mostrar("Listo. Esto es lo que contiene el archivo de demostración (institución y personas ficticias):")
    for linea in informe:
        mostrar(f"  • {linea}")
    mostrar("")
    mostrar("El portal web (en el navegador): inícielo con")
    mostrar(f"        {programa} --raiz {raiz.ruta} servir")
    mostrar("  abra http://127.0.0.1:8080/ y entre con una de estas cuentas de demostración:")
    ancho = max(len(c[3]) for c in CUENTAS_DEMO)
    for usuario, _nombre, rol, contrasena in CUENTAS_DEMO:
        mostrar(f"        {usuario:<9} contraseña {contrasena:<{ancho}}  (rol {NOMBRES_ROL[rol]})")
    mostrar("  Para detener el portal: Ctrl+C.")
    mostrar("")
    mostrar(f"Dónde mirar: {raiz.ruta}")
    mostrar("  expedientes/   carpetas de documentos (.docx), cada una con su caratula.docx e indice.docx")
    mostrar("  acervo/        acuerdos anteriores importados")
    mostrar(f"En la terminal, pruebe: {programa} --raiz {raiz.ruta} personal lista")
    mostrar(f"                        {programa} --raiz {raiz.ruta} procedimiento ver 1")
    mostrar(f"                        {programa} --raiz {raiz.ruta} buscar \"designacion\"")
    mostrar(f"                        {programa} --raiz {raiz.ruta} sesion ver 3")
    mostrar(f"                        {programa} --raiz {raiz.ruta} riesgos lista")
    mostrar(f"                        {programa} --raiz {raiz.ruta} correspondencia pendientes --al 2024-09-02")
    mostrar(f"                        {programa} --raiz {raiz.ruta} archivistica pendientes")
    return raiz
