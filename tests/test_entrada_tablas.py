"""Tables from CSV and Excel (archivo.base.tablas): encodings, separators, line endings, places, sheets."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from archivo.base.errors import EntradaInvalida
from archivo.base.tablas import Libro, leer_tabla, letra_columna

ENCABEZADO = ["Clave SIISPEN", "Nombre(s)", "Cargo o puesto"]
FILAS = [["SPEN-0101", "María Fernanda", "Coordinadora de Organización Electoral"],
         ["SPEN-0102", "José Ángel", "Técnico «A», de Educación Cívica; turno matutino"],
         ["SPEN-0103", "Ñuñez \"Pepe\"", "Jefa de\nDepartamento"]]


def _csv(separador: str = ",", fin: str = "\r\n") -> str:
    salida = io.StringIO()
    # Excel quotes a text with a line break; Python's writer does so only for the characters of its line ending
    escritor = csv.writer(salida, delimiter=separador, lineterminator=fin,
                          quoting=csv.QUOTE_MINIMAL if "\n" in fin else csv.QUOTE_ALL)
    escritor.writerow(ENCABEZADO)
    escritor.writerows(FILAS)
    return salida.getvalue()


def _valores(tabla) -> list[list]:
    return [fila.valores for fila in tabla.filas]


@pytest.mark.parametrize(("codificacion", "separador", "fin"), [
    ("utf-8", ",", "\n"),                  # LibreOffice, Google Sheets
    ("utf-8-sig", ",", "\r\n"),            # Excel «CSV UTF-8»
    ("cp1252", ",", "\r\n"),               # Excel «CSV (delimitado por comas)» on Windows
    ("cp1252", ";", "\r\n"),               # the same where the list separator is «;»
    ("utf-16", "\t", "\r\n"),              # Excel «Texto Unicode»: UTF-16 LE with BOM, tab-separated
    ("utf-16-le", "\t", "\r\n"),           # the same without BOM
    ("utf-16-be", ";", "\n"),
    ("utf-8", ";", "\r"),                  # CR-only line endings (old Mac Excel)
    ("utf-8", "\t", "\r"),
])
def test_csv_en_cualquier_codificacion_separador_y_fin_de_linea(tmp_path, codificacion, separador, fin):
    ruta = tmp_path / "padron.csv"
    ruta.write_bytes(_csv(separador, fin).encode(codificacion))
    tabla = leer_tabla(ruta)
    assert tabla.encabezados == ENCABEZADO
    assert _valores(tabla) == FILAS
    # rows numbered as Excel shows them: a text with a line break inside quotes is one row
    assert [f.numero for f in tabla.filas] == [2, 3, 4]
    assert tabla.filas[2].celda(1).lugar == "padron.csv, fila 4, columna B («Nombre(s)»)"


def test_linea_sep_de_excel(tmp_path):
    ruta = tmp_path / "lote.csv"
    ruta.write_text("sep=;\nasunto;monto\nAviso, importante;1,234.50\n", encoding="utf-8")
    tabla = leer_tabla(ruta)
    assert tabla.encabezados == ["asunto", "monto"] and _valores(tabla) == [["Aviso, importante", "1,234.50"]]
    assert tabla.filas[0].numero == 2


def test_filas_vacias_se_saltan_pero_cuentan(tmp_path):
    ruta = tmp_path / "p.csv"
    ruta.write_text("\n\nClave,Nombre\n\nX1,Ana\n,\nX2,Luis\n", encoding="utf-8")
    tabla = leer_tabla(ruta)
    assert tabla.fila_encabezado == 3 and [f.numero for f in tabla.filas] == [5, 7]
    assert tabla.filas[1].celda(5).lugar == "p.csv, fila 7, columna F"  # past the row's end: empty, with its place
    assert tabla.filas[1].celda(5).valor is None


def test_celda_de_mas_de_131072_caracteres(tmp_path):
    ruta = tmp_path / "lote.csv"
    ruta.write_text("asunto,cuerpo\nAviso,corto\nAviso," + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        leer_tabla(ruta)
    (problema,) = e.value.problemas
    assert problema.lugar == "lote.csv, fila 3"
    assert "más de 131 072 caracteres" in problema.mensaje and "comillas" in problema.sugerencia


def test_comillas_sin_cerrar_y_texto_tras_comillas(tmp_path):
    ruta = tmp_path / "a.csv"
    ruta.write_text('clave,nombre\nX1,"Ana\nX2,Luis\n', encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        leer_tabla(ruta)
    assert str(e.value.problemas[0]).startswith('a.csv, fila 2: unas comillas (") que abren en esta fila no se cierran')
    ruta.write_text('clave;nombre\nX1;"Ana" López\n', encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        leer_tabla(ruta)
    assert "a.csv, fila 2: después de cerrar unas comillas" in str(e.value) and "punto y coma" in str(e.value)


@pytest.mark.parametrize(("contenido", "mensaje"), [
    (b"", "est\u00e1 vac\u00edo"),
    (b"PK\x03\x04\x14\x00\x00\x00", "parece un libro de Excel (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office 97-2003"),
    (bytes(range(256)) * 4, "no es un archivo de texto"),
    ("clave,nombre\nX1,Jos\u00e9\n".encode() + b"X2,Mar\xeda\n", "est\u00e1 en UTF-8 pero tiene un byte da\u00f1ado"),
])
def test_archivos_que_no_son_texto(tmp_path, contenido, mensaje):
    ruta = tmp_path / "malo.csv"
    ruta.write_bytes(contenido)
    with pytest.raises(EntradaInvalida, match=re.escape(mensaje)):
        leer_tabla(ruta)


def test_utf8_danado_dice_la_linea(tmp_path):
    ruta = tmp_path / "malo.csv"
    ruta.write_bytes("clave,nombre\nX1,José\n".encode() + b"X2,Mar\xeda\n")
    with pytest.raises(EntradaInvalida, match="línea 3, columna 7"):
        leer_tabla(ruta)


def test_caracteres_de_control_en_celdas_con_su_lugar(tmp_path):
    ruta = tmp_path / "p.csv"
    ruta.write_text("Clave,Nombre\nX1,Ana\x00María\nX2,Luis\x07\n", encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        leer_tabla(ruta)
    lugares = [(p.lugar, p.mensaje.split(" (")[0]) for p in e.value.problemas]
    assert lugares == [("p.csv, fila 2, columna B («Nombre»)", "contiene el carácter de control U+0000"),
                       ("p.csv, fila 3, columna B («Nombre»)", "contiene el carácter de control U+0007")]


def test_extension_no_admitida(tmp_path):
    ruta = tmp_path / "p.ods"
    ruta.write_bytes(b"x")
    with pytest.raises(EntradaInvalida, match=r"p\.ods: use un archivo \.csv o \.xlsx \(Excel\)\. Obtenga"):
        leer_tabla(ruta, formato_esperado="Obtenga uno con «archivo personal formato».")


# --- Excel ----------------------------------------------------------------------------------------------------

def _libro(tmp_path: Path, nombre: str = "padron.xlsx", hoja: str = "Padrón") -> Path:
    libro = Workbook()
    h = libro.active
    h.title = hoja
    h.append(["Clave", "Cargo", "Avance", "Fecha de ingreso"])
    h.append(["X1", "Jefa", 0.8, datetime(2017, 9, 1)])
    h["C2"].number_format = "0%"
    h.append([None, None, None, None])
    h.append(["X2", 12, 75, 43000])
    libro.create_sheet("Notas").append(["otra hoja"])
    ruta = tmp_path / nombre
    libro.save(ruta)
    return ruta


def test_excel_valores_con_su_lugar(tmp_path):
    tabla = leer_tabla(_libro(tmp_path), estilos=True)
    assert tabla.hoja == "Padrón" and tabla.encabezados == ["Clave", "Cargo", "Avance", "Fecha de ingreso"]
    x1, x2 = tabla.filas
    assert x1.valores == ["X1", "Jefa", 0.8, datetime(2017, 9, 1)] and x2.numero == 4
    assert x1.celda(1).lugar == "padron.xlsx, hoja «Padrón», fila 2, columna B («Cargo»)"
    assert x1.celda(2).es_porcentaje and not x2.celda(2).es_porcentaje
    assert x1.celda(0).de_excel
    assert not leer_tabla(_libro(tmp_path)).filas[0].celda(2).es_porcentaje  # without estilos: values only
    assert tabla.lugar(1, 2) == "padron.xlsx, hoja «Padrón», fila 1, columna B"


def test_excel_hoja_que_falta_dice_las_que_hay(tmp_path):
    ruta = _libro(tmp_path)
    with pytest.raises(EntradaInvalida) as e:
        leer_tabla(ruta, hoja="Riesgos")
    assert str(e.value) == "padron.xlsx no tiene la hoja «Riesgos». Sus hojas son: «Padrón», «Notas»."
    with Libro(ruta) as libro:
        falta = libro.falta_hoja("Riesgos")
    assert (falta.mensaje, falta.sugerencia) == ("no tiene la hoja «Riesgos»", "sus hojas son: «Padrón», «Notas»")


def test_excel_con_solo_el_encabezado(tmp_path):
    libro = Workbook()
    libro.active.append(["destinatario", "asunto"])
    libro.save(tmp_path / "lote.xlsx")
    tabla = leer_tabla(tmp_path / "lote.xlsx")
    with pytest.raises(EntradaInvalida, match=r"lote\.xlsx, hoja «Sheet»: no hay filas de datos debajo del "
                                              r"encabezado \(fila 1\)"):
        tabla.exigir_filas()


def test_excel_con_dimensiones_declaradas_mal(tmp_path):
    """Some programs write a wrong <dimension ref="A1"/>: the reader does not trust it."""
    ruta = _libro(tmp_path)
    dañado = tmp_path / "dimension.xlsx"
    with zipfile.ZipFile(ruta) as origen, zipfile.ZipFile(dañado, "w") as destino:
        for item in origen.infolist():
            datos = origen.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                datos = datos.replace(b'<dimension ref="A1:D4"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in datos
            destino.writestr(item, datos)
    tabla = leer_tabla(dañado)
    assert len(tabla.encabezados) == 4 and [f.numero for f in tabla.filas] == [2, 4]


def test_excel_sin_la_parte_de_su_hoja(tmp_path):
    ruta = _libro(tmp_path)
    roto = tmp_path / "roto.xlsx"
    with zipfile.ZipFile(ruta) as origen, zipfile.ZipFile(roto, "w") as destino:
        for item in origen.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                destino.writestr(item, origen.read(item.filename))
    with pytest.raises(EntradaInvalida, match=r"roto\.xlsx está dañado: nombra la\(s\) hoja\(s\) «Padrón» pero no "
                                              r"las contiene"):
        leer_tabla(roto)


@pytest.mark.parametrize(("contenido", "mensaje"), [
    (b"hola", "no es un libro de Excel (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003 (.xls)"),
    (b"PK\x03\x04 no es un zip", "no es un libro de Excel válido o está dañado"),
])
def test_archivos_que_no_son_libros(tmp_path, contenido, mensaje):
    ruta = tmp_path / "x.xlsx"
    ruta.write_bytes(contenido)
    with pytest.raises(EntradaInvalida, match=re.escape(mensaje)):
        leer_tabla(ruta)


def test_encabezado_buscado_entre_las_primeras_filas(tmp_path):
    libro = Workbook()
    h = libro.active
    h.append(["PROGRAMA ANUAL DE TRABAJO 2025"])
    h.append([])
    h.append(["Área", "Actividad"])
    h.append(["CSPE", "Capacitar"])
    libro.save(tmp_path / "pat.xlsx")
    tabla = leer_tabla(tmp_path / "pat.xlsx", encabezado=lambda v: "Actividad" in v)
    assert tabla.fila_encabezado == 3 and _valores(tabla) == [["CSPE", "Capacitar"]]
    with pytest.raises(EntradaInvalida, match="no se encontró la fila de encabezados"):
        leer_tabla(tmp_path / "pat.xlsx", encabezado=lambda v: "Meses" in v)


def test_columnas_desconocidas_repetidas_y_faltantes(tmp_path):
    ruta = tmp_path / "p.csv"
    ruta.write_text("Clave,Color favorito,clave\nX1,azul,X2\n", encoding="utf-8")
    tabla = leer_tabla(ruta)
    mapa, problemas = tabla.columnas(lambda e: {"clave": "clave", "nombre": "nombre"}.get(e.lower()),
                                     obligatorias=[("clave", "Clave"), ("nombre", "Nombre"), ("cargo", "Cargo")],
                                     sugerencia="use el formato")
    assert mapa == {"clave": 0}
    assert [str(p) for p in problemas] == [
        "p.csv, fila 1, columna B: columna desconocida «Color favorito» (use el formato)",
        "p.csv, fila 1, columna C: la columna «clave» está repetida (también en la columna A) (deje una sola)",
        "p.csv, fila 1: faltan columnas obligatorias: «Nombre», «Cargo» (agréguelas al encabezado)",
    ]


def test_letras_de_columna():
    assert [letra_columna(n) for n in (1, 2, 26, 27, 52, 53, 702, 703)] == [
        "A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
