"""Issue 10's «Files» and «Values» cases, through the CLI as a user runs them.

Each bad input: a Spanish message naming the place, a non-zero exit, no «Error inesperado» nor traceback, and
nothing written (every file of the archive and a dump of the catalog are the same before and after). Inputs that
are now accepted (UTF-16 and CR-only CSV, Latin-1 and UTF-16 data files, «80 %») are checked to import right.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from archivo import personal
from archivo import procedimientos as procs
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba, texto_docx

GRANDE = "99999999999999999999999"  # beyond 64 bits
NOMBRE_LARGO = "p" * 300


@pytest.fixture
def listo(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Raiz:
    instalar_plantilla_prueba(raiz.plantillas)
    padron = tmp_path / "padron-inicial.csv"
    padron.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, padron)
    procs.abrir(cat, "concurso-publico", "Concurso Público 2025", personas=["SPEN-0001"])
    return raiz


def instantanea(raiz: Raiz) -> tuple[dict[str, str], list[str]]:
    """Every file of the archive with its SHA-256, and the catalog's content."""
    archivos = {}
    for ruta in sorted(raiz.ruta.rglob("*")):
        if ruta.is_file() and not ruta.name.startswith("catalogo.sqlite"):
            archivos[ruta.relative_to(raiz.ruta).as_posix()] = hashlib.sha256(ruta.read_bytes()).hexdigest()
    conexion = sqlite3.connect(f"file:{raiz.ruta / 'catalogo.sqlite'}?mode=ro", uri=True)
    try:
        volcado = list(conexion.iterdump())
    finally:
        conexion.close()
    return archivos, volcado


def _rechazado(cli, raiz: Raiz, args: list, *esperados: str) -> str:
    antes = instantanea(raiz)
    r = cli(*args)
    assert r.codigo != 0, r.todo
    assert "Error inesperado" not in r.todo and "Traceback" not in r.todo, r.todo
    for esperado in esperados:
        assert esperado in r.errores, (esperado, r.errores)
    assert instantanea(raiz) == antes, "la entrada rechazada modificó el archivo"
    return r.errores


# --- Files ------------------------------------------------------------------------------------------------------

def _padron_excel_csv(texto: str, separador: str) -> str:
    return texto.replace(",", separador) if separador != "," else texto


def test_padron_csv_utf16_de_excel_texto_unicode(cli, raiz: Raiz, tmp_path: Path) -> None:
    ruta = tmp_path / "padron.csv"
    # «Texto Unicode» of Excel: UTF-16 LE with BOM, tab-separated (PADRON_CSV has a quoted comma-free text)
    filas = [linea.split(",") for linea in PADRON_CSV.strip().splitlines()]
    filas[3][4] = 'Jefa de Departamento "A"'
    texto = "\r\n".join("\t".join(f) for f in filas).replace('""A""', '"A"') + "\r\n"
    ruta.write_bytes(codecs.BOM_UTF16_LE + texto.encode("utf-16-le"))
    r = cli("personal", "importar", ruta)
    assert r.codigo == 0, r.todo
    assert "3 alta(s)" in r.salida
    r = json.loads(cli("personal", "lista", "--formato", "json").salida)
    assert {p["clave"]: p["nombre_completo"] for p in r}["SPEN-0002"] == "José Luis García"


def test_padron_csv_con_fin_de_linea_cr_y_windows_1252(cli, tmp_path: Path) -> None:
    ruta = tmp_path / "padron.csv"
    ruta.write_bytes(PADRON_CSV.replace("\n", "\r").encode("cp1252"))
    r = cli("personal", "importar", ruta)
    assert r.codigo == 0 and "3 alta(s)" in r.salida, r.todo
    persona = json.loads(cli("personal", "ver", "SPEN-0001", "--formato", "json").salida)
    assert persona["cargo"] == "Técnica de Organización Electoral"


def test_padron_csv_con_punto_y_coma(cli, tmp_path: Path) -> None:
    ruta = tmp_path / "padron.csv"
    lineas = PADRON_CSV.strip().splitlines()
    lineas[3] = lineas[3].replace('"Jefa de Departamento ""A"""', "Jefa de Departamento A")
    ruta.write_bytes(("\r\n".join(x.replace(",", ";") for x in lineas) + "\r\n").encode("cp1252"))
    r = cli("personal", "importar", ruta)
    assert r.codigo == 0 and "3 alta(s)" in r.salida, r.todo


def test_padron_celda_de_mas_de_131072_caracteres(cli, listo: Raiz, tmp_path: Path) -> None:
    ruta = tmp_path / "padron.csv"
    ruta.write_text(PADRON_CSV.replace("Concurso Público 2020", "x" * 140_000), encoding="utf-8")
    _rechazado(cli, listo, ["personal", "importar", ruta],
               "padron.csv, fila 3: una celda tiene más de 131 072 caracteres", "comillas")


def test_lote_con_comillas_sin_cerrar(cli, listo: Raiz, tmp_path: Path) -> None:
    ruta = tmp_path / "lote.csv"
    ruta.write_text('destinatario,asunto,cuerpo\nSPEN-0001,"Aviso,Texto\nSPEN-0002,Aviso,Texto\n', encoding="utf-8")
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--lote", ruta],
               "lote.csv, fila 2: unas comillas (\") que abren en esta fila no se cierran")


def test_riesgos_libro_sin_su_hoja_dice_las_que_tiene(cli, listo: Raiz, tmp_path: Path) -> None:
    libro = Workbook()
    libro.active.title = "Hoja1"
    libro.active.append(["ID", "Mecanismo", "Riesgo"])
    libro.create_sheet("Notas")
    libro.save(tmp_path / "riesgos.xlsx")
    _rechazado(cli, listo, ["riesgos", "importar", tmp_path / "riesgos.xlsx"],
               "riesgos.xlsx: no tiene la hoja «Riesgos» (sus hojas son: «Hoja1», «Notas»")


def test_padron_libro_danado_sin_la_parte_de_su_hoja(cli, listo: Raiz, tmp_path: Path) -> None:
    origen = tmp_path / "bien.xlsx"
    personal.escribir_formato(origen)
    roto = tmp_path / "padron.xlsx"
    with zipfile.ZipFile(origen) as o, zipfile.ZipFile(roto, "w") as d:
        for item in o.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                d.writestr(item, o.read(item.filename))
    _rechazado(cli, listo, ["personal", "importar", roto], "padron.xlsx está dañado", "«Padrón»")


def test_lote_excel_con_solo_el_encabezado(cli, listo: Raiz, tmp_path: Path) -> None:
    libro = Workbook()
    libro.active.append(["destinatario", "asunto", "cuerpo"])
    libro.save(tmp_path / "lote.xlsx")
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--lote", tmp_path / "lote.xlsx"],
               "lote.xlsx, hoja «Sheet»: no hay filas de datos debajo del encabezado (fila 1)")


def test_padron_excel_con_solo_el_encabezado(cli, listo: Raiz, tmp_path: Path) -> None:
    ruta = tmp_path / "vacio.xlsx"
    personal.escribir_formato(ruta, filas=[])
    _rechazado(cli, listo, ["personal", "importar", ruta], "vacio.xlsx: no hay filas de datos")


@pytest.mark.parametrize("codificacion", ["latin-1", "utf-16"])
def test_datos_en_latin1_o_utf16_se_leen(cli, listo: Raiz, tmp_path: Path, codificacion: str) -> None:
    ruta = tmp_path / "datos.yaml"
    ruta.write_bytes("asunto: Notificación de señalamiento\ncuerpo: Año de elección\ndestinatario: SPEN-0002\n"
                     .encode(codificacion))
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--datos", ruta, "--borrador")
    assert r.codigo == 0, r.todo
    ruta_doc = next(listo.expedientes.rglob("borrador-oficio-prueba.docx"))
    texto = texto_docx(ruta_doc)
    assert "ASUNTO: Notificación de señalamiento" in texto and "Año de elección" in texto


@pytest.mark.parametrize(("nombre", "contenido", "esperados"), [
    ("datos.yaml", bytes(range(256)) * 3, ["datos.yaml no es un archivo de texto"]),
    ("datos.json", b"%PDF-1.7\n\x00\x01", ["datos.json no es un archivo de texto: parece un PDF"]),
    ("datos.yaml", b"asunto: " + b"[" * 5000 + b"]" * 5000, ["datos.yaml, línea 1, columna 73",
                                                                 "anidados a más de 64 niveles"]),
    ("datos.json", b'{"asunto": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", ["datos.json, línea 1, columna 75",
                                                                              "anidados a más de 64 niveles"]),
    ("datos.json", b'{"asunto": "\\ud800 resultados", "cuerpo": "x", "destinatario": "SPEN-0001"}',
     ["datos.json, línea 1, columna 12", "carácter dañado U+D800"]),
    ("datos.yaml", "cuerpo: Texto\ndestinatario: SPEN-0001\nasunto: Notificación: resultados de la evaluación\n"
     .encode(), ["datos.yaml, línea 3, columna 21", 'ponga el texto entre comillas: asunto: "Notificación: '
                 'resultados de la evaluación"']),
    ("datos.yaml", b'asunto: "Aviso\\0oculto"\ncuerpo: x\ndestinatario: SPEN-0001\n',
     ["datos.yaml, línea 1, columna 9", "carácter de control U+0000"]),
    ("datos.yaml", b"asunto: Aviso\ncuerpo: x\nasunto: Otro\ndestinatario: SPEN-0001\n",
     ["datos.yaml, línea 3, columna 1", "«asunto» está repetido (también en la línea 1)"]),
])
def test_datos_malos(cli, listo: Raiz, tmp_path: Path, nombre: str, contenido: bytes, esperados: list[str]) -> None:
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido)
    errores = _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--datos", ruta], *esperados)
    assert "mapping values" not in errores and "Expecting" not in errores


def test_compromisos_y_pat_en_yaml_con_errores_en_espanol(cli, listo: Raiz, tmp_path: Path) -> None:
    ruta = tmp_path / "compromisos.yaml"
    ruta.write_text("compromisos:\n  - texto: Informar: avance del concurso\n    area: DEOE\n", encoding="utf-8")
    _rechazado(cli, listo, ["compromisos", "importar", ruta], "compromisos.yaml, línea 2, columna 20",
               'ponga el texto entre comillas: - texto: "Informar: avance del concurso"')
    ruta = tmp_path / "pat.yaml"
    ruta.write_text("anio: 2025\nmecanismos: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    _rechazado(cli, listo, ["pat", "importar", ruta], "pat.yaml, línea 2, columna 77", "anidados a más de 64 niveles")


def test_esquema_de_plantilla_con_yaml_malo(cli, listo: Raiz) -> None:
    esquema = listo.plantillas / "oficio-prueba.yaml"
    esquema.write_text(esquema.read_text(encoding="utf-8").replace("titulo: Oficio de prueba",
                                                                  "titulo: Oficio: de prueba"), encoding="utf-8")
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--campo", "asunto=x"],
               "oficio-prueba.yaml, línea", "ponga el texto entre comillas: titulo: \"Oficio: de prueba\"")


# --- Values -----------------------------------------------------------------------------------------------------

BASICOS = ["--campo", "asunto=Aviso", "--campo", "cuerpo=Texto", "--campo", "destinatario=SPEN-0001"]


@pytest.mark.parametrize("monto", ["NaN", "nan", "Infinity", "-inf", "1e400", "sNaN"])
def test_nan_e_infinito_no_gastan_un_folio(cli, listo: Raiz, monto: str) -> None:
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", *BASICOS, "--campo", f"monto={monto}"],
               f"campo «monto»: «{monto}» no es una cantidad")


@pytest.mark.parametrize(("nombre", "contenido", "esperado"), [
    ("datos.yaml", "asunto: a\ncuerpo: b\ndestinatario: SPEN-0001\nmonto: .nan\n", "campo «monto»: «nan» no es un número"),
    ("datos.yaml", "asunto: a\ncuerpo: b\ndestinatario: SPEN-0001\nmonto: -.inf\n", "campo «monto»: «-inf» no es un número"),
    ("datos.json", '{"asunto": "a", "cuerpo": "b", "destinatario": "SPEN-0001", "monto": NaN}',
     "datos.json, línea 1, columna 70: «NaN» no es un número"),
    ("datos.yaml", "asunto: a\ncuerpo: b\ndestinatario: SPEN-0001\ncalificaciones:\n  - {factor: Metas, valor: NaN}\n",
     "campo «calificaciones»: fila 1: «NaN» no es una cantidad"),
])
def test_nan_en_archivos_de_datos(cli, listo: Raiz, tmp_path: Path, nombre: str, contenido: str, esperado: str) -> None:
    ruta = tmp_path / nombre
    ruta.write_text(contenido, encoding="utf-8")
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--datos", ruta], esperado)


def test_nan_en_una_celda_del_lote(cli, listo: Raiz, tmp_path: Path) -> None:
    ruta = tmp_path / "lote.csv"
    ruta.write_text("destinatario,asunto,cuerpo,monto\nSPEN-0001,Aviso,Texto,100\nSPEN-0002,Aviso,Texto,NaN\n",
                    encoding="utf-8")
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--lote", ruta],
               "lote.csv, fila 3, columna D («monto»): campo «monto»: «NaN» no es una cantidad")


@pytest.mark.parametrize(("args", "esperado"), [
    (["generar", "oficio-prueba", "--procedimiento", "1", *BASICOS[:-2], "--campo", "destinatario=SPEN-0001",
      "--campo", "cuerpo=Primera\x01línea"], "la opción --campo: contiene el carácter de control U+0001"),
    (["personal", "alta", "--clave", "X9", "--nombre", "Ana\x1b[31m", "--primer-apellido", "Ruiz", "--cargo", "Jefa",
      "--adscripcion", "DEOE"], "la opción --nombre: contiene el carácter de control U+001B"),
    (["compromisos", "alta", "--texto", "Informar\x07", "--area", "DEOE", "--sesion-fecha", "2025-01-10",
      "--sesion-tipo", "ordinaria", "--sesion-numero", "1"], "la opción --texto: contiene el carácter de control"),
    (["procedimiento", "abrir", "concurso-publico", "Concurso\x0b2026"],
     "el argumento TÍTULO: contiene el carácter de control U+000B (tabulador vertical, un salto de línea de Word)"),
    (["--usuario", "ana\x00", "personal", "lista"], "la opción --usuario: contiene el carácter de control U+0000"),
])
def test_caracteres_de_control_en_opciones(cli, listo: Raiz, args: list, esperado: str) -> None:
    _rechazado(cli, listo, args, esperado, "no se quitan caracteres sin avisar")


@pytest.mark.parametrize(("contenido", "esperado"), [
    (PADRON_CSV.replace("Ana Laura", "Ana\x00Laura"), "padron.csv, fila 2, columna B («Nombre(s)»): contiene el "
                                                      "carácter de control U+0000"),
    (PADRON_CSV.replace("Técnica de", "Técnica\x0bde"), "padron.csv, fila 2, columna E («Cargo o puesto»): contiene "
                                                       "el carácter de control U+000B"),
])
def test_caracteres_de_control_en_celdas(cli, listo: Raiz, tmp_path: Path, contenido: str, esperado: str) -> None:
    ruta = tmp_path / "padron.csv"
    ruta.write_text(contenido, encoding="utf-8")
    _rechazado(cli, listo, ["personal", "importar", ruta], esperado)


def test_caracter_de_control_en_una_celda_de_excel(cli, listo: Raiz, tmp_path: Path) -> None:
    """Excel stores a control character of a cell as «_x0008_» (XML cannot hold it): decoded, then refused."""
    origen = tmp_path / "bien.xlsx"
    libro = Workbook()
    libro.active.append(["destinatario", "asunto", "cuerpo"])
    libro.active.append(["SPEN-0001", "AvisoMARCA", "Texto"])
    libro.save(origen)

    def con(reemplazo: bytes) -> Path:
        destino = tmp_path / "lote.xlsx"
        with zipfile.ZipFile(origen) as o, zipfile.ZipFile(destino, "w") as d:
            for item in o.infolist():
                d.writestr(item, o.read(item.filename).replace(b"MARCA", reemplazo))
        return destino

    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--lote", con(b"_x0008_")],
               "lote.xlsx, hoja «Sheet», fila 2, columna B («asunto»): contiene el carácter de control U+0008")
    # a raw control character is not even valid XML: the sheet is reported damaged, in Spanish
    _rechazado(cli, listo, ["generar", "oficio-prueba", "--procedimiento", "1", "--lote", con(b"&#8;")],
               "lote.xlsx, hoja «Sheet» está dañada y no se pudo leer; ábrala en Excel")


@pytest.mark.parametrize("args", [
    ["documento", "ver", GRANDE],
    ["documento", "emitir", GRANDE],
    ["documento", "cancelar", GRANDE, "--motivo", "x"],
    ["documento", "lista", "--procedimiento", GRANDE],
    ["documento", "lista", "--anio", GRANDE],
    ["procedimiento", "ver", GRANDE],
    ["procedimiento", "avanzar", GRANDE, "1"],
    ["procedimiento", "avanzar", "1", GRANDE],
    ["generar", "oficio-prueba", "--procedimiento", GRANDE, *BASICOS],
    ["generar", "oficio-prueba", "--procedimiento", "1", "--paso", GRANDE, *BASICOS],
    ["expediente", "ver", "--procedimiento", GRANDE],
    ["compromisos", "ver", GRANDE],
    ["compromisos", "actualizar", GRANDE, "--avance", "x"],
    ["compromisos", "alta", "--texto", "x", "--area", "DEOE", "--sesion", GRANDE],
    ["sesion", "ver", GRANDE],
    ["sesion", "lista", "--anio", GRANDE],
    ["pat", "avance", "--anio", "2025", "--semestre", "1", "--actividad", GRANDE, "--avance", "x", "--estatus",
     "concluida"],
    ["riesgos", "accion", "R-CP-01", "--numero", GRANDE, "--descripcion", "x"],
    ["buscar", "designación", "--limite", GRANDE],
    ["archivistica", "ver", GRANDE],
    ["archivistica", "devolver", GRANDE],
    ["correspondencia", "ver", f"#{GRANDE}"],
    ["correspondencia", "lista", "--pagina", GRANDE],
])
def test_numeros_de_mas_de_64_bits(cli, listo: Raiz, args: list) -> None:
    errores = _rechazado(cli, listo, args)
    assert "Error" in errores and "OverflowError" not in errores
    assert any(x in errores for x in ("No existe", "no es un número de registro", "demasiado grande",
                                      "no puede pasar de")), errores


def test_limite_enorme_del_historial_es_todo(cli, listo: Raiz) -> None:
    r = cli("historial", "--limite", GRANDE, "--formato", "json")
    assert r.codigo == 0, r.todo
    assert len(json.loads(r.salida)) >= 4  # the padrón import and the procedure, not an overflow


@pytest.mark.parametrize("args", [
    ["generar", NOMBRE_LARGO, "--procedimiento", "1"],
    ["plantillas", "ver", NOMBRE_LARGO],
    ["plantillas", "verificar", NOMBRE_LARGO],
])
def test_nombre_de_plantilla_de_300_caracteres(cli, listo: Raiz, args: list) -> None:
    _rechazado(cli, listo, args, f"No existe la plantilla «{'p' * 57}… (300 caracteres)». Plantillas disponibles:")


def test_porcentaje_con_signo_y_sin_el(cli, listo: Raiz) -> None:
    r = cli("compromisos", "alta", "--texto", "Informar el avance", "--area", "DEOE", "--sesion-fecha", "2025-01-10",
            "--sesion-tipo", "ordinaria", "--sesion-numero", "1", "--porcentaje", "80 %")
    assert r.codigo == 0, r.todo
    ver = json.loads(cli("compromisos", "ver", "1", "--formato", "json").salida)
    assert ver["porcentaje"] == 80
    _rechazado(cli, listo, ["compromisos", "actualizar", "1", "--porcentaje", "0.8"],
               "porcentaje «0.8» no válido", "escriba un número entero de 0 a 100, p. ej. 80 o «80 %»")


def test_excel_con_porcentaje_en_formato_de_porcentaje(cli, listo: Raiz, tmp_path: Path) -> None:
    """A risk action's «% de avance» typed in a cell formatted as percentage (Excel holds 0.9, shows 90 %)."""
    assert cli("riesgos", "cargar-base").codigo == 0
    ruta = tmp_path / "registro.xlsx"
    assert cli("riesgos", "exportar", ruta).codigo == 0
    libro = load_workbook(ruta)
    hoja = libro["Acciones"]
    fila = [c.value for c in hoja[2]]
    codigo = fila[0]
    hoja.append([*fila[:2], None, *fila[3:9], 0.9, "en proceso"])  # a new version of the first action
    hoja.cell(row=hoja.max_row, column=10).number_format = "0%"
    libro.save(ruta)
    r = cli("riesgos", "importar", ruta)
    assert r.codigo == 0, r.todo
    accion = json.loads(cli("riesgos", "ver", codigo, "--formato", "json").salida)["acciones"][0]
    assert (accion["avance"], accion["estatus"]) == (90, "en proceso")


def test_buscar_en_un_archivo_recien_creado(cli) -> None:
    """Found while trying the query language: an empty index answered «Error inesperado: math domain error»."""
    for consulta in ("designación", '"frase exacta"', "dictamen Y NO incentivos"):
        r = cli("buscar", consulta)
        assert r.codigo == 0 and "Error inesperado" not in r.todo, r.todo
        assert "No se encontraron documentos" in r.salida
