"""The hostile battery: every input the CLI (and the portal's forms) accept, given bad values.

Each case asserts what a user must see when an input is wrong: a non-zero exit (a 4xx page with the form again,
for the portal), a Spanish message that names the place (the option, the argument, the file, the field, the line),
no «Error inesperado» nor any English from a library, and nothing changed — every file of the archive and a dump
of the catalog are the same before and after. The archive is built once per module; a case that changed it would
fail on its own comparison.

The battery is data: ``Caso`` (one command line) and ``CasoFormulario`` (one form of the portal), each run by its
interface's runner. To add a command's cases, add a ``Caso`` (or a family: a list of bad values times the places
that take that kind of value); to add a portal form as the portal grows, add ``CasoFormulario`` entries with the
form's path, the role that may use it, the fields sent (the CSRF token is added by the runner) and the field the
message must stand beside.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import Workbook

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz
from tests.conftest import CONTRASENA_PRUEBA, TOML_PRUEBA, USUARIOS_PRUEBA, crear_usuarios_prueba, invocar
from tests.utilidades import PADRON_CSV, csrf_de, entrar, instalar_plantilla_prueba

# English a user must never read (library messages, click's own, Python's).
INGLES = re.compile(
    r"Traceback|Error inesperado|Usage:|Try '|No such|Invalid value|invalid literal|is not a valid|does not exist|"
    r"not found|unexpected|Missing (argument|option|parameter)|Got unexpected|object has no|NoneType|\[Errno|"
    r"Permission denied|No space left|codec can't|surrogates|Expected|expected token|is undefined|Exception|"
    r"File name too long|OverflowError|ValueError|TypeError|KeyError", re.I)
# A message in Spanish has at least one of these.
ESPANOL = re.compile(r"\b(no|el|la|los|las|de|del|un|una|debe|falta|existe|es|se|con|en|para|por|que|y)\b|"
                     r"[áéíóúñ«»]", re.I)


@dataclass(frozen=True)
class Caso:
    """One command line with a bad input: ``lugar`` (any of them) must appear in the message."""

    nombre: str
    args: tuple[str, ...]
    lugar: tuple[str, ...]
    archivos: tuple[tuple[str, bytes], ...] = ()  # made in the case's folder; «{entrada}» in args is that folder
    entrada: str | None = None  # standard input
    preparar: Callable[[Raiz], Callable[[], None]] | None = None  # changes the archive first; returns the undo


@dataclass(frozen=True)
class CasoFormulario:
    """One form of the portal sent with bad values: the page comes back (4xx) with ``lugar``'s message."""

    nombre: str
    ruta: str
    rol: str
    campos: dict[str, str]
    lugar: str  # the field whose message must be there
    conservar: tuple[str, ...] = ()  # fields whose typed value the re-shown form keeps
    mensaje: str = ""  # words of the message
    # A failed login is recorded by design (the account's failure count for the lockout, and the audit log).
    ignorar: Callable[[str], bool] | None = None


# --- the archive every case runs against ------------------------------------------------------------------------

PLANTILLAS_HOSTILES = {
    "h-include": "{% include 'otra.docx' %}",
    "h-import": "{% import 'otra' as m %}",
    "h-extends": "{% extends 'base' %}",
    "h-rango": "{% for i in range(10**9) %}x{% endfor %}",
    "h-recursiva": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}",
    "h-anidados": "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}",
    "h-modifica": "{{ institucion.update({'nombre': 'OTRA'}) }}",
    "h-repite": "{{ 'x' * 1000000000 }}",
    "h-ancho": "{{ asunto|center(1000000000) }}",
    "h-cero": "{{ 1 / 0 }}",
    "h-sintaxis": "{{ asunto ",
    "h-no-declarada": "{{ variable_que_no_existe }}",
    "h-indefinida": "{{ asunto.no.existe }}",
    "h-tipo": "{{ asunto + 1 }}",
}


def _plantilla(carpeta: Path, nombre: str, cuerpo: str) -> None:
    doc = Document()
    doc.add_paragraph("Asunto: {{ asunto }}")
    doc.add_paragraph(cuerpo)
    salida = io.BytesIO()
    doc.save(salida)
    (carpeta / f"{nombre}.docx").write_bytes(salida.getvalue())
    esquema = {"nombre": nombre, "titulo": "Prueba", "tipo": "oficio", "serie": "oficio", "area": "DEVySPE",
               "descripcion": "Plantilla hostil.",
               "campos": [{"nombre": "asunto", "tipo": "texto", "requerido": True, "descripcion": "Asunto",
                           "ejemplo": "Aviso"}]}
    (carpeta / f"{nombre}.yaml").write_text(yaml.safe_dump(esquema, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def archivo_hostil(tmp_path_factory: pytest.TempPathFactory) -> Raiz:
    base = tmp_path_factory.mktemp("hostil")
    raiz = iniciar_archivo(base / "archivo", toml=TOML_PRUEBA)
    instalar_plantilla_prueba(raiz.plantillas)
    for nombre, cuerpo in PLANTILLAS_HOSTILES.items():
        _plantilla(raiz.plantillas, nombre, cuerpo)
    padron = base / "padron.csv"
    padron.write_text(PADRON_CSV, encoding="utf-8")
    datos = {"asunto": "Aviso", "destinatario": "SPEN-0001", "cuerpo": "Texto."}
    with Catalogo.abrir(raiz, "prueba") as cat:
        personal.importar(cat, padron)
        procs.abrir(cat, "incentivos", "Incentivos 2025", personas=["SPEN-0001"])
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=datos)
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=datos, borrador=True)
    for args in (["riesgos", "alta", "--mecanismo", "incentivos", "--riesgo", "Que no se entregue a tiempo"],
                 ["sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2030-03-28"],
                 ["sesion", "punto", "agregar", "1", "Informe."],
                 ["compromisos", "alta", "--texto", "Entregar el informe", "--area", "CSPE", "--sesion", "1"],
                 ["buscar", "Aviso"]):
        r = invocar(["--raiz", raiz.ruta, "--usuario", "prueba", *args])
        assert r.codigo == 0, (args, r.todo)
    crear_usuarios_prueba(raiz)
    return raiz


def instantanea(raiz: Raiz, ignorar: Callable[[str], bool] | None = None) -> tuple[dict[str, str], list[str]]:
    """Every file of the archive (derived search data apart) with its SHA-256, and the catalog's content
    (``ignorar`` leaves out lines of the dump a case may change by design)."""
    archivos = {}
    for ruta in sorted(raiz.ruta.rglob("*")):
        rel = ruta.relative_to(raiz.ruta)
        if ruta.is_file() and rel.parts[0] not in ("indices",) and not ruta.name.startswith("catalogo.sqlite"):
            archivos[rel.as_posix()] = hashlib.sha256(ruta.read_bytes()).hexdigest()
    conexion = sqlite3.connect(f"file:{raiz.catalogo_path}?mode=ro", uri=True)
    try:
        volcado = [linea for linea in conexion.iterdump() if ignorar is None or not ignorar(linea)]
    finally:
        conexion.close()
    return archivos, volcado


def _borrador(raiz: Raiz) -> str:
    with Catalogo.abrir(raiz) as cat:
        return str(cat.uno("SELECT id FROM documentos WHERE estado = 'borrador'")[0])


def _serie(raiz: Raiz) -> str:
    """The id of the cuadro's serie SPEN.01 (its CADIDO form is /archivistica/cadido/ID)."""
    with Catalogo.abrir(raiz) as cat:
        return str(cat.uno("SELECT id FROM cuadro WHERE codigo = 'SPEN.01'")[0])


def _folio(raiz: Raiz) -> str:
    with Catalogo.abrir(raiz) as cat:
        return cat.uno("SELECT folio FROM documentos WHERE folio IS NOT NULL")[0]


# --- the cases: commands × bad values ---------------------------------------------------------------------------

GRANDE = "99999999999999999999999"  # beyond 64 bits
FECHAS_MALAS = ["2024-13-01", "2024-02-30", "31/02/2024", "mañana", "1-1"]
ENTEROS_MALOS = ["abc", "1.5", "1e3", "diez"]
GENERAR = ("generar", "oficio-prueba", "--procedimiento", "1", "--campo", "asunto=A", "--campo",
           "destinatario=SPEN-0001", "--campo", "cuerpo=B")
ALTA = ("personal", "alta", "--clave", "N-1", "--nombre", "Ana", "--primer-apellido", "Ruiz", "--cargo", "Técnica",
        "--adscripcion", "DEOE")

OPCIONES_FECHA = [
    (GENERAR, "--fecha"),
    (("personal", "baja", "SPEN-0003", "--motivo", "Renuncia"), "--fecha"),
    (("personal", "editar", "SPEN-0003"), "--fecha-titularidad"),
    (ALTA, "--fecha-ingreso"),
    (("procedimiento", "abrir", "incentivos", "Otro procedimiento"), "--fecha"),
    (("expediente", "cerrar", "--procedimiento", "1"), "--fecha"),
    (("buscar", "Aviso"), "--desde"),
    (("buscar", "Aviso"), "--hasta"),
    (("historial",), "--desde"),
    (("historial",), "--hasta"),
    (("riesgos", "alta", "--mecanismo", "incentivos", "--riesgo", "Otro"), "--fecha"),
    (("riesgos", "evaluar", "R-IN-01", "--probabilidad", "ALTO", "--impacto", "BAJO"), "--fecha"),
    (("riesgos", "accion", "R-IN-01", "--descripcion", "Revisar"), "--compromiso"),
    (("riesgos", "accion", "R-IN-01", "--descripcion", "Revisar"), "--inicio"),
    (("riesgos", "pendientes"), "--al"),
    (("sesion", "nueva", "--organo", "comision", "--tipo", "extraordinaria"), "--fecha"),
    (("sesion", "reprogramar", "1"), "--fecha"),
    (("compromisos", "alta", "--texto", "Otro", "--area", "CSPE", "--sesion", "1"), "--fecha"),
    (("compromisos", "informe"), "--corte"),
]

NOMBRES_DE_FECHA = {("personal", "--fecha-titularidad"): ("columna «Fecha de titularidad»",),
                    ("personal", "--fecha-ingreso"): ("columna «Fecha de ingreso»",),
                    ("compromisos", "--fecha"): ("«fecha del avance»",)}

OPCIONES_ENTERO = [
    (("generar", "oficio-prueba", "--campo", "asunto=A"), "--procedimiento"),
    (GENERAR, "--paso"),
    (("documento", "lista"), "--procedimiento"),
    (("documento", "lista"), "--anio"),
    (("documento", "folios"), "--anio"),
    (("historial",), "--limite"),
    (("buscar", "Aviso"), "--limite"),
    (("sesion", "lista"), "--anio"),
    (("sesion", "calendario"), "--anio"),
    (("sesion", "nueva", "--organo", "comision", "--tipo", "extraordinaria", "--fecha", "2030-05-01"), "--numero"),
    (("sesion", "punto", "mover", "1", "1"), "--posicion"),
    (("riesgos", "accion", "R-IN-01", "--descripcion", "Revisar"), "--numero"),
    (("pat", "lista"), "--anio"),
    (("pat", "avance"), "--semestre"),
    (("compromisos", "alta", "--texto", "Otro", "--area", "CSPE", "--sesion", "1"), "--porcentaje"),
    (("servir",), "--puerto"),
]

# Arguments that name a record: a value that names none.
REFERENCIAS = [
    (("procedimiento", "ver"), ("abc", "999", GRANDE)),
    (("procedimiento", "concluir"), ("999",)),
    (("sesion", "ver"), ("abc", "999")),
    (("sesion", "plazo"), ("999",)),
    (("riesgos", "ver"), ("R-XX-99", "abc")),
    (("documento", "ver"), ("IEP/NADA/001/2024", "#999")),
    (("personal", "ver"), ("SPEN-9999",)),
    (("personal", "baja", "{v}", "--fecha", "2025-01-31", "--motivo", "Renuncia"), ("SPEN-9999",)),
    (("plantillas", "ver"), ("no-existe",)),
    (("mecanismos",), ("no-existe",)),
    (("compromisos", "ver"), ("999",)),
    (("usuarios", "baja"), ("nadie",)),
]

OPCIONES_ELECCION = [
    (("personal", "lista"), "--formato"), (("procedimiento", "lista"), "--formato"),
    (("documento", "lista"), "--formato"), (("riesgos", "lista"), "--formato"), (("sesion", "lista"), "--formato"),
    (("compromisos", "lista"), "--formato"), (("pat", "lista"), "--formato"), (("historial",), "--formato"),
    (("verificar",), "--formato"), (("buscar", "Aviso"), "--formato"), (("plantillas", "lista"), "--formato"),
    (("expediente", "lista"), "--formato"), (("configuracion", "revisar"), "--formato"),
    (("usuarios", "lista"), "--formato"), (("documento", "lista"), "--estado"),
    (("procedimiento", "lista"), "--estado"), (("expediente", "lista"), "--tipo"),
    (("sesion", "lista"), "--organo"), (("sesion", "lista"), "--estado"), (("compromisos", "lista"), "--estatus"),
    (("riesgos", "reporte"), "--formato"),
    (("sesion", "nueva", "--tipo", "ordinaria", "--fecha", "2030-05-01"), "--organo"),
    (("sesion", "nueva", "--organo", "comision", "--fecha", "2030-05-01"), "--tipo"),
    (("procedimiento", "avanzar", "1", "1"), "--estado"),
]

OBLIGATORIAS = [
    (("personal", "alta", "--nombre", "A", "--primer-apellido", "B", "--cargo", "C", "--adscripcion", "DEOE"),
     "--clave"),
    (("personal", "baja", "SPEN-0003", "--fecha", "2025-01-01"), "--motivo"),
    (("personal", "formato"), "--salida"),
    (("documento", "cancelar", "IEP/DEVySPE/001/2025"), "--motivo"),
    (("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria"), "--fecha"),
    (("compromisos", "alta", "--area", "CSPE"), "--texto"),
    (("compromisos", "informe",), "--corte"),
    (("sesion", "calendario",), "--anio"),
    (("pat", "avance",), "--semestre"),
    (("usuarios", "alta", "nueva"), "--nombre"),
    (("sesion", "punto", "mover", "1", "1"), "--posicion"),
    (("procedimiento", "abrir", "incentivos"), "TÍTULO"),
    (("generar",), "PLANTILLA"),
    (("respaldo", "restaurar", "/tmp"), "RAIZ"),
]

INEXISTENTES = [
    (("generar", "no-existe", "--procedimiento", "1"), ("no-existe",)),
    (("generar", "oficio-prueba", "--persona", "NO-EXISTE", "--campo", "asunto=A", "--campo",
      "destinatario=SPEN-0001", "--campo", "cuerpo=B"), ("NO-EXISTE",)),
    ((*GENERAR, "--area", "XYZ"), ("XYZ",)),
    ((*GENERAR, "--firmante", "nadie"), ("nadie",)),
    ((*GENERAR, "--sustituye", "IEP/NADA/9/2020"), ("IEP/NADA/9/2020",)),
    ((*GENERAR[:4],), ("destinatario", "asunto", "cuerpo")),
    (("generar", "oficio-prueba", "--campo", "asunto=A", "--campo", "cuerpo=B"), ("--procedimiento",)),
    ((*GENERAR, "--campo", "sin-igual"), ("sin-igual",)),
    ((*GENERAR, "--campo", "no_declarado=1"), ("no_declarado",)),
    (("generar", "oficio-prueba", "--procedimiento", "1", "--personas", "rango=Z", "--campo", "asunto=A",
      "--campo", "cuerpo=B"), ("rango",)),
    (("procedimiento", "abrir", "no-existe", "Título"), ("no-existe",)),
    (("procedimiento", "abrir", "incentivos", "Título", "--persona", "SPEN-9999"), ("SPEN-9999",)),
    (("procedimiento", "abrir", "incentivos", "  "), ("título",)),
    (("procedimiento", "avanzar", "1", "999"), ("999",)),
    (("expediente", "ver", "--persona", "SPEN-9999"), ("SPEN-9999",)),
    (("expediente", "ver"), ("--persona", "--procedimiento")),
    (("expediente", "ver", "--persona", "SPEN-0001", "--procedimiento", "1"), ("--persona",)),
    (("documento", "cancelar", "IEP/NADA/001/2024", "--motivo", "x"), ("IEP/NADA/001/2024",)),
    (("documento", "cancelar", "IEP/DEVySPE/001/2025", "--motivo", "  "), ("--motivo",)),
    (("riesgos", "alta", "--mecanismo", "no-existe", "--riesgo", "R"), ("no-existe",)),
    (("riesgos", "alta", "--mecanismo", "incentivos", "--tratamiento", "NADA"), ("NADA",)),
    (("riesgos", "evaluar", "R-IN-01", "--probabilidad", "ENORME"), ("--probabilidad",)),
    (("riesgos", "evaluar", "R-IN-01", "--impacto", "7"), ("--impacto",)),
    (("riesgos", "tratar", "R-IN-01", "NADA"), ("NADA",)),
    (("riesgos", "accion", "R-IN-01", "--descripcion", "x", "--avance", "150"), ("--avance",)),
    (("riesgos", "accion", "R-IN-01", "--descripcion", "x", "--avance", "mucho"), ("--avance",)),
    (("riesgos", "accion", "R-IN-01", "--descripcion", "x", "--estatus", "nada"), ("--estatus",)),
    (("riesgos", "exportar", "{entrada}/registro.txt"), ("registro.txt", ".xlsx")),
    (("riesgos", "reporte", "--formato", "xlsx", "--salida", "{entrada}/reporte.doc"), ("reporte.doc", ".xlsx")),
    (("importar", "{entrada}/no-existe.pdf"), ("no-existe.pdf",)),
    (("importar", "{entrada}", "--tipo", "nada"), ("--tipo",)),
    (("importar", "{entrada}", "--mecanismo", "nada"), ("--mecanismo",)),
    (("buscar", "Aviso", "--persona", "SPEN-9999"), ("--persona",)),
    (("buscar", "Aviso", "--area", "XYZ"), ("--area",)),
    (("buscar", "Aviso", "--mecanismo", "nada"), ("--mecanismo",)),
    (("buscar", "Aviso", "--origen", "nada"), ("--origen",)),
    (("buscar", "Aviso", "--desde", "2025-02-01", "--hasta", "2025-01-01"), ("--desde",)),
    (("buscar", "--similares", "IEP/NADA/1/2020"), ("--similares",)),
    (("buscar", "Aviso", "--similares", "#1"), ("--similares",)),
    (("buscar",), ("filtro",)),
    (("buscar", "NO aviso"), ("consulta",)),
    (("buscar", "Aviso", "--limite", "0"), ("--limite",)),
    (("historial", "--limite", "0"), ("--limite",)),
    (("sesion", "punto", "agregar", "1", "  "), ("título",)),
    (("sesion", "punto", "agregar", "999", "Punto"), ("999",)),
    (("sesion", "punto", "quitar", "1", "99", "--si"), ("99",)),
    (("sesion", "punto", "editar", "1", "99", "Nuevo"), ("99",)),
    (("sesion", "adjuntar", "1", "1", "--folio", "IEP/NADA/1/2020"), ("IEP/NADA/1/2020",)),
    (("sesion", "adjuntar", "1", "1", "--pdf", "{entrada}/no-existe.pdf"), ("no-existe.pdf",)),
    (("sesion", "adjuntar", "1", "1"), ("--folio",)),
    (("sesion", "adjuntar", "1", "1", "--primero"), ("--buscar",)),
    (("sesion", "desadjuntar", "1", "1", "IEP/NADA/1/2020"), ("IEP/NADA/1/2020",)),
    (("sesion", "estado", "999", "celebrada"), ("999",)),
    (("sesion", "reprogramar", "1", "--hora", "25:99"), ("--hora",)),
    (("compromisos", "alta", "--texto", "Otro", "--area", "CSPE", "--sesion", "1", "--porcentaje", "150"),
     ("porcentaje",)),
    (("compromisos", "actualizar", "999", "--avance", "x"), ("999",)),
    (("pat", "avance", "--semestre", "3"), ("--semestre",)),
    (("usuarios", "alta", "nueva", "--nombre", "Ana", "--rol", "jefa", "--contrasena-stdin"), ("rol",)),
    (("usuarios", "rol", "consulta", "jefa"), ("jefa",)),
    (("respaldo", "verificar", "{entrada}"), ("{entrada}",)),
    (("respaldo", "lista", "{entrada}"), ("{entrada}",)),
    (("respaldo", "restaurar", "{entrada}", "{entrada}/nueva"), ("{entrada}",)),
    (("recuperar",), ("catálogo",)),
    (("iniciar", "{raiz}"), ("{raiz}",)),
    (("iniciar", "{entrada}/no-vacia"), ("no-vacia",)),
    (("plantillas", "verificar", "{entrada}/no-existe.docx"), ("no-existe.docx",)),
    (("personal", "editar", "SPEN-9999", "--cargo", "x"), ("SPEN-9999",)),
    ((*ALTA[:3], "SPEN-0001", *ALTA[4:]), ("SPEN-0001",)),
    ((*ALTA, "--rango", "Z"), ("Rango",)),
    ((*ALTA, "--situacion", "jubilada"), ("Situación",)),
    ((*ALTA, "--titularidad", "quizá"), ("Titularidad",)),
    ((*ALTA, "--correo", "no es un correo"), ("Correo",)),
    (("personal", "alta", "--clave", " ", "--nombre", "A", "--primer-apellido", "B", "--cargo", "C",
      "--adscripcion", "DEOE"), ("Clave",)),
]

# Texts with control characters (refused, never stripped): options and arguments that take free text.
TEXTOS_MALOS = ["Ana\x00Ruiz", "Aviso\x1b[31m rojo", "línea\x0bvertical"]
TEXTOS = [
    (ALTA, "--nombre"),
    (("riesgos", "alta", "--mecanismo", "incentivos"), "--riesgo"),
    (("compromisos", "alta", "--area", "CSPE", "--sesion", "1"), "--texto"),
    (("sesion", "punto", "agregar", "1"), "TÍTULO"),
    (("buscar",), "CONSULTA"),
    (("documento", "cancelar", "IEP/DEVySPE/001/2025"), "--motivo"),
]
# Record numbers beyond 64 bits.
IDS = [
    (("generar", "oficio-prueba", "--campo", "asunto=A"), "--procedimiento"),
    (("documento", "lista"), "--procedimiento"),
    (("procedimiento", "avanzar", "1"), "PASO"),
    (("compromisos", "ver"), "NÚMERO"),
    (("sesion", "ver"), "ID"),
]

EXCEL_SIN_HOJAS = b"PK\x03\x04" + b"\0" * 60
ARCHIVOS_MALOS = {
    "vacio": ("vacio.{ext}", b""),
    "binario": ("binario.{ext}", bytes(range(256)) * 8),
    "zip-roto": ("roto.{ext}", EXCEL_SIN_HOJAS),
    "otra-extension": ("datos.doc", b"texto"),
    "no-existe": (None, None),
    "carpeta": ("", None),
}
LECTORES = [
    (("personal", "importar"), "csv"),
    (("riesgos", "importar"), "xlsx"),
    (("pat", "importar"), "xlsx"),
    (("compromisos", "importar"), "yaml"),
    ((*GENERAR[:4], "--lote"), "csv"),
    ((*GENERAR[:4], "--datos"), "yaml"),
]


def _csv_con(texto: str) -> bytes:
    return texto.encode("utf-8")


def _xlsx(filas: list[list[object]]) -> bytes:
    libro = Workbook()
    for fila in filas:
        libro.active.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


TABLAS_MALAS = [
    (("personal", "importar"), "padron.csv", _csv_con("Nombre,Cargo\nAna,Técnica\n"), ("Clave",)),
    (("personal", "importar"), "padron.csv",
     _csv_con(PADRON_CSV.splitlines()[0] + "\nSPEN-7,Ana,Ruiz,,Técnica,,Z,DEOE,sí,,,2017-13-01,activo,x\n"),
     ("fila 2",)),
    (("personal", "importar"), "padron.csv", _csv_con(PADRON_CSV.splitlines()[0] + "\n"), ("padron.csv",)),
    (("personal", "importar"), "padron.xlsx", _xlsx([["Nombre"], ["Ana"]]), ("Clave",)),
    ((*GENERAR[:4], "--lote"), "lote.csv", _csv_con("destinatario,asunto\nSPEN-9999,A\n"), ("fila 2",)),
    ((*GENERAR[:4], "--lote"), "lote.csv", _csv_con("columna_rara\n1\n"), ("columna_rara",)),
    ((*GENERAR[:4], "--lote"), "lote.xlsx", _xlsx([["destinatario", "asunto", "cuerpo"]]), ("lote.xlsx",)),
    ((*GENERAR, "--datos"), "datos.yaml", b"asunto: [sin cerrar\n", ("datos.yaml",)),
    ((*GENERAR, "--datos"), "datos.json", b"[1, 2, 3]", ("datos.json",)),
    ((*GENERAR, "--datos"), "datos.json", b'{"asunto": ', ("datos.json",)),
    ((*GENERAR, "--datos"), "datos.yaml", b"fecha_limite: 2024-13-45\n", ("fecha_limite", "línea 1, columna")),
    ((*GENERAR, "--datos"), "datos.yaml", b"monto: muchos\n", ("monto",)),
    ((*GENERAR, "--datos"), "datos.yaml", b"calificaciones: 7\n", ("calificaciones",)),
    (("compromisos", "importar"), "c.yaml", b"- texto: x\n", ("c.yaml",)),
    (("riesgos", "importar"), "r.xlsx", _xlsx([["no", "es", "el", "registro"]]), ("r.xlsx",)),
    (("pat", "importar"), "pat.xlsx", _xlsx([["Área", "Mecanismo"], ["x", "y"]]), ("pat.xlsx",)),
]

TOML_MALOS = {
    "institucion-texto": ('institucion = "IEA"\n', "institucion"),
    "areas-texto": ('areas = "x"\n', "areas"),
    "areas-numeros": ("areas = [1, 2]\n", "areas"),
    "vigencia-texto": ('[archivistica]\nvigencia_anios = "cinco"\n', "vigencia_anios"),
    "folio-formato-c": ('[folios]\noficio = "{siglas}/{area}/{consecutivo:c}/{anio}"\n', "oficio"),
    "toml-roto": ("[institucion\nnombre = \n", "archivo.toml"),
    "sin-folios": ("[folios]\n", "oficio"),
}


def _con_toml(cambio: str, lugar: str) -> Callable[[Raiz], Callable[[], None]]:
    def preparar(raiz: Raiz) -> Callable[[], None]:
        original = raiz.archivo_toml.read_bytes()
        texto = original.decode("utf-8")
        if cambio == "\ufeff":
            nuevo = "\ufeff" + texto
        elif cambio.startswith("["):
            seccion = cambio.split("]")[0] + "]"
            cuerpo = cambio[len(seccion):].lstrip("\n")
            if seccion in texto and cuerpo:
                clave = cuerpo.split("=")[0].strip()
                nuevo = re.sub(rf"(?m)^{re.escape(clave)}\s*=.*$", cuerpo.rstrip("\n"), texto, count=1) \
                    if re.search(rf"(?m)^{re.escape(clave)}\s*=", texto) else texto.replace(seccion, cambio.rstrip("\n"))
            elif seccion in texto:  # an emptied section
                inicio = texto.index(seccion)
                fin = texto.find("\n[", inicio + 1)
                nuevo = texto[:inicio] + seccion + "\n" + (texto[fin:] if fin >= 0 else "")
            else:
                nuevo = cambio + texto
        else:
            clave = cambio.split("=")[0].strip()
            nuevo = re.sub(rf"(?m)^\[{clave}\]$", f"[{clave}_anterior]", texto)
            nuevo = re.sub(rf"(?m)^\[\[{clave}\]\]$", f"[[{clave}_anterior]]", nuevo)
            nuevo = cambio + nuevo
        raiz.archivo_toml.write_text(nuevo, encoding="utf-8")

        def deshacer() -> None:
            raiz.archivo_toml.write_bytes(original)

        return deshacer

    return preparar


def casos() -> list[Caso]:
    salida: list[Caso] = []
    for args, opcion in OPCIONES_FECHA:
        for valor in FECHAS_MALAS:  # the padrón and the compromisos name the field in their own words
            salida.append(Caso(f"fecha:{' '.join(args[:2])}:{opcion}={valor}", (*args, opcion, valor),
                               (opcion, *NOMBRES_DE_FECHA.get((args[0], opcion), ()))))
    for args, opcion in OPCIONES_ENTERO:
        for valor in ENTEROS_MALOS:  # «porcentaje «abc» no válido» names it too
            salida.append(Caso(f"entero:{' '.join(args[:2])}:{opcion}={valor}", (*args, opcion, valor),
                               (opcion, f"{opcion[2:]} «{valor}»")))
    for args, valores in REFERENCIAS:
        for valor in valores:
            linea = tuple(valor if a == "{v}" else a for a in args) if "{v}" in args else (*args, valor)
            salida.append(Caso(f"referencia:{' '.join(args[:2])}:{valor}", linea, (valor,)))
    for args, opcion in OPCIONES_ELECCION:
        salida.append(Caso(f"eleccion:{' '.join(args[:2])}:{opcion}", (*args, opcion, "nada"), (opcion,)))
    for args, opcion in OBLIGATORIAS:
        salida.append(Caso(f"obligatoria:{' '.join(args[:2])}:{opcion}", args, (opcion,)))
    for i, (args, lugar) in enumerate(INEXISTENTES):
        salida.append(Caso(f"entrada-{i:02d}:{' '.join(args[:3])}", args, lugar,
                           archivos=(("no-vacia/algo.txt", b"x"),) if "no-vacia" in " ".join(args) else ()))
    for args, extension in LECTORES:
        donde = f"{args[0]} {args[-1]}"
        for clase, (nombre, contenido) in ARCHIVOS_MALOS.items():
            if clase == "no-existe":
                salida.append(Caso(f"archivo:{donde}:{clase}", (*args, "{entrada}/falta." + extension),
                                   ("falta." + extension,)))
            elif clase == "carpeta":
                salida.append(Caso(f"archivo:{donde}:{clase}", (*args, "{entrada}/carpeta"),
                                   ("carpeta",), archivos=(("carpeta/x.txt", b"x"),)))
            else:
                archivo = nombre.format(ext=extension)
                # an empty data file is no data: the missing fields are the problem, said as such
                lugares = (archivo, "datos del documento") if args[-1] == "--datos" else (archivo,)
                salida.append(Caso(f"archivo:{donde}:{clase}", (*args, "{entrada}/" + archivo),
                                   lugares, archivos=((archivo, contenido),)))
    for i, (args, nombre, contenido, lugar) in enumerate(TABLAS_MALAS):
        salida.append(Caso(f"tabla-{i:02d}:{' '.join(args[:2])}:{nombre}", (*args, "{entrada}/" + nombre), lugar,
                           archivos=((nombre, contenido),)))
    for nombre in PLANTILLAS_HOSTILES:
        salida.append(Caso(f"plantilla:{nombre}", ("generar", nombre, "--persona", "SPEN-0001", "--campo",
                                                   "asunto=Aviso"), (f"«{nombre}»",)))
    for nombre, (cambio, lugar) in TOML_MALOS.items():
        for args in (GENERAR, ("verificar",)) if nombre != "sin-folios" else (GENERAR,):
            salida.append(Caso(f"toml:{nombre}:{args[0]}", args, (lugar,), preparar=_con_toml(cambio, lugar)))
    for args, opcion in TEXTOS:
        for i, valor in enumerate(TEXTOS_MALOS):
            linea = (*args, opcion, valor) if opcion.startswith("-") else (*args, valor)
            salida.append(Caso(f"control-{i}:{' '.join(args[:2])}:{opcion}", linea, (opcion,)))
    for args, opcion in IDS:
        linea = (*args, opcion, GRANDE) if opcion.startswith("-") else (*args, GRANDE)
        salida.append(Caso(f"id-64:{' '.join(args[:2])}:{opcion}", linea, (opcion, GRANDE)))
    for valor in ("NaN", "Infinity", "-inf", "1e400"):
        salida.append(Caso(f"numero:monto={valor}", (*GENERAR, "--campo", f"monto={valor}"), ("monto",)))
    salida += [
        Caso("plantilla:nombre-300", ("generar", "p" * 300, "--procedimiento", "1"), ("PLANTILLA", "plantilla")),
        Caso("tabla:celda-enorme", ("personal", "importar", "{entrada}/padron.csv"), ("fila 2", "padron.csv"),
             archivos=(("padron.csv", (PADRON_CSV.splitlines()[0] + "\nSPEN-9," + "x" * 140_000
                                       + ",Ruiz,,Técnica,,A,DEOE,no,,,,activo,\n").encode("utf-8")),)),
        Caso("global:raiz-inexistente", ("--raiz", "{entrada}/no-hay", "personal", "lista"), ("no-hay",)),
        Caso("global:comando", ("comando-que-no-existe",), ("comando-que-no-existe",)),
        Caso("global:opcion", ("personal", "lista", "--opcion-rara"), ("--opcion-rara",)),
        Caso("usuarios:contrasena-debil", ("usuarios", "alta", "nueva", "--nombre", "Ana", "--rol", "consulta",
                                           "--contrasena-stdin"), ("contraseña",), entrada="123\n123\n"),
        Caso("respaldo:dentro-del-archivo", ("respaldo", "crear", "{raiz}/expedientes"), ("DESTINO",)),
        Caso("respaldo:destino-archivo", ("respaldo", "crear", "{entrada}/un-archivo.txt"), ("DESTINO",),
             archivos=(("un-archivo.txt", b"x"),)),
        Caso("documento:emitir-no-borrador", ("documento", "emitir", "{folio}"), ("{folio}",)),
        Caso("documento:emitir-fecha", ("documento", "emitir", "{borrador}", "--fecha", "ayer-no"), ("--fecha",)),
    ]
    return salida


CASOS = casos()


def _preparar_entrada(carpeta: Path, caso: Caso) -> None:
    for nombre, contenido in caso.archivos:
        ruta = carpeta / nombre
        ruta.parent.mkdir(parents=True, exist_ok=True)
        ruta.write_bytes(contenido)


def _sustituir(texto: str, raiz: Raiz, entrada: Path) -> str:
    if "{folio}" in texto:
        texto = texto.replace("{folio}", _folio(raiz))
    if "{borrador}" in texto:
        texto = texto.replace("{borrador}", _borrador(raiz))
    return texto.replace("{entrada}", str(entrada)).replace("{raiz}", str(raiz.ruta))


def test_la_bateria_tiene_al_menos_300_casos() -> None:
    assert len(CASOS) >= 300, len(CASOS)
    assert len({c.nombre for c in CASOS}) == len(CASOS)


@pytest.mark.parametrize("caso", CASOS, ids=[c.nombre for c in CASOS])
def test_entrada_hostil_por_la_linea_de_comandos(archivo_hostil: Raiz, tmp_path: Path, caso: Caso) -> None:
    raiz = archivo_hostil
    _preparar_entrada(tmp_path, caso)
    args = [_sustituir(a, raiz, tmp_path) for a in caso.args]
    lugares = [_sustituir(lugar, raiz, tmp_path) for lugar in caso.lugar]
    deshacer = caso.preparar(raiz) if caso.preparar else None
    try:
        antes = instantanea(raiz)
        r = invocar(["--raiz", raiz.ruta, "--usuario", "prueba", *args], entrada=caso.entrada)
        despues = instantanea(raiz)
    finally:
        if deshacer:
            deshacer()
    mensaje = r.todo
    assert r.codigo != 0, f"aceptó una entrada mala (código 0):\n{mensaje}"
    assert not INGLES.search(mensaje), f"inglés en el mensaje:\n{mensaje}"
    assert ESPANOL.search(r.errores), f"sin mensaje en español en la salida de errores:\n{mensaje}"
    assert any(lugar in mensaje for lugar in lugares), f"el mensaje no dice dónde ({lugares}):\n{mensaje}"
    assert despues == antes, "la entrada rechazada modificó el archivo o su catálogo"


# --- the portal's forms ----------------------------------------------------------------------------------------

def _acceso_fallido(linea: str) -> bool:
    return linea.startswith('INSERT INTO "usuarios"') or (
        linea.startswith('INSERT INTO "historial"') and "'acceso fallido'" in linea)


RECIBIR = {"numero": "INE/DESPEN/2817/2024", "tipo": "oficio", "recibido": "2024-08-05", "medio": "sivople",
           "remitente": "Instituto Nacional Electoral", "asunto": "Solicitud de información"}

FORMULARIOS = [
    CasoFormulario("entrar:vacio", "/entrar", "", {"usuario": "", "contrasena": ""}, "usuario",
                   mensaje="Usuario o contraseña", ignorar=_acceso_fallido),
    CasoFormulario("entrar:incorrecta", "/entrar", "", {"usuario": "captura", "contrasena": "no es"}, "usuario",
                   conservar=("usuario",), mensaje="Usuario o contraseña incorrectos", ignorar=_acceso_fallido),
    CasoFormulario("entrar:control", "/entrar", "", {"usuario": "cap\x00tura", "contrasena": "x"}, "usuario",
                   ignorar=_acceso_fallido),
    CasoFormulario("entrar:largo", "/entrar", "", {"usuario": "u" * 5000, "contrasena": "x" * 5000}, "usuario",
                   ignorar=_acceso_fallido),
    CasoFormulario("cuenta:actual-incorrecta", "/cuenta", "captura",
                   {"actual": "no es", "nueva": "otra frase muy segura", "confirmacion": "otra frase muy segura"},
                   "actual"),
    CasoFormulario("cuenta:no-coinciden", "/cuenta", "captura",
                   {"actual": CONTRASENA_PRUEBA, "nueva": "otra frase muy segura", "confirmacion": "otra distinta"},
                   "confirmacion"),
    CasoFormulario("cuenta:corta", "/cuenta", "captura",
                   {"actual": CONTRASENA_PRUEBA, "nueva": "123", "confirmacion": "123"}, "nueva"),
    CasoFormulario("cuenta:vacia", "/cuenta", "captura", {"actual": "", "nueva": "", "confirmacion": ""}, "actual"),
    CasoFormulario("cuadro:codigo", "/archivistica/cuadro/nueva", "administracion",
                   {"nivel": "serie", "codigo": "mal codigo!", "nombre": "Serie nueva", "padre": "SPEN"}, "codigo",
                   conservar=("codigo", "nombre"), mensaje="no es un código válido"),
    CasoFormulario("cuadro:sin-nombre", "/archivistica/cuadro/nueva", "administracion",
                   {"nivel": "serie", "codigo": "SPEN.77", "nombre": "", "padre": "SPEN"}, "nombre",
                   conservar=("codigo",), mensaje="falta el nombre"),
    CasoFormulario("cuadro:padre", "/archivistica/cuadro/nueva", "administracion",
                   {"nivel": "serie", "codigo": "SPEN.78", "nombre": "Serie", "padre": "NOEXISTE"}, "padre",
                   mensaje="NOEXISTE"),
    CasoFormulario("cuadro:nivel", "/archivistica/cuadro/nueva", "administracion",
                   {"nivel": "planeta", "codigo": "SPEN.79", "nombre": "Serie", "padre": "SPEN"}, "nivel"),
    CasoFormulario("cuadro:repetido", "/archivistica/cuadro/nueva", "administracion",
                   {"nivel": "serie", "codigo": "SPEN.01", "nombre": "Otra", "padre": "SPEN"}, "codigo",
                   mensaje="SPEN.01"),
    CasoFormulario("cuadro:control", "/archivistica/cuadro/nueva", "administracion",
                   {"nivel": "serie", "codigo": "SPEN.80", "nombre": "Se\x00rie", "padre": "SPEN"}, "nombre"),
    CasoFormulario("cadido:tramite", "/archivistica/cadido/{serie}", "administracion",
                   {"valores": "administrativo", "plazo_tramite": "mucho", "plazo_concentracion": "5",
                    "destino": "baja", "acceso": "publica"}, "plazo_tramite", conservar=("plazo_tramite",)),
    CasoFormulario("cadido:negativo", "/archivistica/cadido/{serie}", "administracion",
                   {"valores": "administrativo", "plazo_tramite": "2", "plazo_concentracion": "-5",
                    "destino": "baja", "acceso": "publica"}, "plazo_concentracion"),
    CasoFormulario("cadido:valores", "/archivistica/cadido/{serie}", "administracion",
                   {"valores": "inventado", "plazo_tramite": "2", "plazo_concentracion": "5", "destino": "baja",
                    "acceso": "publica"}, "valores"),
    CasoFormulario("correspondencia:sin-numero", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "numero": ""}, "numero", mensaje="Falta el número"),
    CasoFormulario("correspondencia:recibido", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "recibido": "ayer no"}, "recibido", conservar=("recibido", "asunto")),
    CasoFormulario("correspondencia:futuro", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "recibido": "2099-01-01"}, "recibido", mensaje="futuro"),
    CasoFormulario("correspondencia:plazo", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "plazo": "2024-13-45"}, "plazo"),
    CasoFormulario("correspondencia:tipo", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "tipo": "telegrama"}, "tipo", mensaje="telegrama"),
    CasoFormulario("correspondencia:medio", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "medio": "paloma"}, "medio", mensaje="paloma"),
    CasoFormulario("correspondencia:plazo-dias", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "plazo_dias": "muchos"}, "plazo_dias"),
    CasoFormulario("correspondencia:control", "/correspondencia/recibir", "captura",
                   {**RECIBIR, "asunto": "Oficio\x07 con campana"}, "asunto"),
    CasoFormulario("cadido:destino", "/archivistica/cadido/{serie}", "administracion",
                   {"valores": "administrativo", "plazo_tramite": "2", "plazo_concentracion": "5",
                    "destino": "a la basura", "acceso": "publica"}, "destino"),
]


@pytest.fixture(scope="module")
def portal_hostil(archivo_hostil: Raiz):
    from archivo.web.app import crear_app

    return crear_app(archivo_hostil, trabajos_en_segundo_plano=False)


@pytest.mark.parametrize("caso", FORMULARIOS, ids=[c.nombre for c in FORMULARIOS])
def test_entrada_hostil_por_el_portal(archivo_hostil: Raiz, portal_hostil, caso: CasoFormulario) -> None:
    from starlette.testclient import TestClient

    with TestClient(portal_hostil, base_url="http://testserver") as c:
        if caso.rol:
            entrar(c, USUARIOS_PRUEBA[caso.rol], CONTRASENA_PRUEBA)
        ruta = caso.ruta.replace("{serie}", _serie(archivo_hostil))
        pagina = c.get(ruta)
        antes = instantanea(archivo_hostil, caso.ignorar)
        r = c.post(ruta, data={"_csrf": csrf_de(pagina.text), **caso.campos})
        despues = instantanea(archivo_hostil, caso.ignorar)
    assert 400 <= r.status_code < 500, r.status_code
    texto = re.sub(r"<[^>]+>", " ", r.text)
    assert not INGLES.search(texto) and ESPANOL.search(texto)
    assert f'name="{caso.lugar}"' in r.text, "el formulario no se volvió a mostrar con el campo"
    if caso.mensaje:
        assert caso.mensaje in texto
    for nombre in caso.conservar:  # in an <input value="…"> or inside a <textarea>
        escrito = html.escape(caso.campos[nombre], quote=True)
        assert f'value="{escrito}"' in r.text or f">{escrito}</textarea>" in r.text, \
            f"no conservó lo escrito en «{nombre}»"
    assert despues == antes
