"""YAML and JSON data files (archivo.base.lectura): Spanish errors with line, column and fix; encodings; limits."""

from __future__ import annotations

from datetime import date

import pytest

from archivo.base.errors import EntradaInvalida
from archivo.base.lectura import PROFUNDIDAD_MAXIMA, cargar_json, cargar_yaml, decodificar, leer_datos


def _problema(funcion, texto: str, nombre: str) -> str:
    with pytest.raises(EntradaInvalida) as e:
        funcion(texto, nombre)
    assert len(e.value.problemas) == 1, e.value.problemas
    return str(e.value.problemas[0])


def test_dos_puntos_sin_comillas_dice_linea_columna_y_como_arreglarlo():
    texto = "cuerpo: hola\ndestinatario: SPEN-0101\nasunto: Notificación: resultados de la evaluación\n"
    assert _problema(cargar_yaml, texto, "datos.yaml") == (
        "datos.yaml, línea 3, columna 21: hay dos puntos seguidos de un espacio («: ») dentro de un valor "
        '(ponga el texto entre comillas: asunto: "Notificación: resultados de la evaluación")')


@pytest.mark.parametrize(("texto", "lugar", "mensaje"), [
    ("a: 1\n\tb: 2\n", "línea 2, columna 1", "hay un tabulador en la sangría"),
    ("a: @hola\n", "línea 1, columna 4", "un valor no puede empezar con «@»"),
    ("a: `x`\n", "línea 1, columna 4", "un valor no puede empezar con «`»"),
    ('a: "hola\nb: 2\n', "línea 1, columna 4", "las comillas que abren aquí no se cierran"),
    ('a: "C:\\q"\n', "línea 1, columna 8", "«\\q» no se puede escribir dentro de comillas dobles"),
    ("a: 1\nesto no\nb: 2\n", "línea 2, columna 1", "a esta línea le falta «:»"),
    ("a:\n  b: 1\n c: 2\n", "línea 3, columna 2", "la sangría de esta línea no corresponde"),
    ("a: [1, 2\nb: 3\n", "línea 2, columna 2", "falta cerrar «]» (abre en la línea 1)"),
    ("a: *x\n", "línea 1, columna 4", "se lee como alias"),
    ("a: *\n", "línea 1, columna 5", "un valor no puede empezar con «*» ni con «&»"),
    ("a: &x 1\nb: &x 2\n", "línea 2, columna 4", "el ancla «&» se repite"),
    ("a: 1\n---\nb: 2\n", "línea 2, columna 1", "más de un documento"),
    ("a: !!python/object:os.system x\n", "línea 1, columna 4", "la etiqueta «!» de este valor no está permitida"),
    ("? [a]\n: 1\n", "línea 1, columna 3", "un nombre de campo no puede ser una lista"),
    ('a: "x" y\n', "línea 1, columna 8", "sobra texto después de las comillas de cierre"),
    ("a: b\x01c\n", "línea 1, columna 5", "contiene el carácter de control U+0001"),
    ('a: "x\\0y"\n', "línea 1, columna 4", "contiene el carácter de control U+0000"),
    ('a: "\\ud800"\n', "línea 1, columna 4", "contiene un carácter dañado U+D800"),
    ("a: 1\nb: 2\na: 3\n", "línea 3, columna 1", "«a» está repetido (también en la línea 1)"),
    ("a: 2024-02-30\n", "línea 1, columna 4", "«2024-02-30» no es una fecha válida"),
    ("a: " + "1" * 5000 + "\n", "línea 1, columna 4", "el número de 5000 cifras es demasiado grande"),
    ("a: &x [*x]\n", "línea 1, columna 4", "un alias se contiene a sí mismo"),
])
def test_errores_de_yaml_en_espanol(texto, lugar, mensaje):
    problema = _problema(cargar_yaml, texto, "datos.yaml")
    assert problema.startswith(f"datos.yaml, {lugar}: "), problema
    assert mensaje in problema
    for ingles in ("mapping values", "expected", "found", "while scanning", "could not"):
        assert ingles not in problema


def test_yaml_anidado_miles_de_niveles():
    for texto in ("a: " + "[" * 5000 + "]" * 5000, "a: " + "{b: " * 3000 + "1" + "}" * 3000,
                  "".join("  " * i + f"k{i}:\n" for i in range(200))):
        problema = _problema(cargar_yaml, texto, "datos.yaml")
        assert f"anidados a más de {PROFUNDIDAD_MAXIMA} niveles" in problema and "línea" in problema


def test_yaml_alias_que_se_multiplican():
    texto = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{m}'] * 10)}]\n" for m, n in zip("abcde", "bcdef", strict=True))
    with pytest.raises(EntradaInvalida, match="más de 200 000 valores"):
        cargar_yaml(texto, "datos.yaml")


def test_yaml_valido_sigue_igual():
    texto = ("asunto: 'Notificación: resultados'\nfecha: 2024-06-17\nmonto: 1500.5\ncopias:\n  - Archivo\n"
             "base: &b {x: 1}\notra:\n  <<: *b\n  y: 2\nvacio:\n")
    assert cargar_yaml(texto, "d.yaml") == {
        "asunto": "Notificación: resultados", "fecha": date(2024, 6, 17), "monto": 1500.5, "copias": ["Archivo"],
        "base": {"x": 1}, "otra": {"x": 1, "y": 2}, "vacio": None}
    assert cargar_yaml("", "d.yaml") is None


@pytest.mark.parametrize(("texto", "lugar", "mensaje"), [
    ("{'a': 1}", "línea 1, columna 2", "el nombre de un campo debe ir entre comillas dobles"),
    ('{"a": 1,}', "línea 1, columna 9", "o sobra una coma antes de «}»"),
    ('{"a" 1}', "línea 1, columna 6", "falta «:» entre el nombre del campo y su valor"),
    ('{"a": 1\n "b": 2}', "línea 2, columna 2", "falta una coma entre dos elementos"),
    ('{"a": "x}', "línea 1, columna 7", "las comillas que abren aquí no se cierran"),
    ('{"a": "x\ny"}', "línea 1, columna 9", "hay un salto de línea o un carácter de control dentro de un texto"),
    ('{"a": "\\q"}', "línea 1, columna 8", "una barra invertida «\\» inicia una secuencia no válida"),
    ('{"a": 1} x', "línea 1, columna 10", "sobra texto después del final de los datos"),
    ("", "línea 1, columna 1", "está vacío"),
    ('{"a": NaN}', "línea 1, columna 7", "«NaN» no es un número"),
    ('{"a": -Infinity}', "línea 1, columna 7", "«-Infinity» no es un número"),
    ('{"asunto": "\\ud800"}', "línea 1, columna 12", "contiene un carácter dañado U+D800"),
    ('{"a": "b\\u0000"}', "línea 1, columna 7", "contiene el carácter de control U+0000"),
    ('{"a": 1, "a": 2}', "línea 1, columna 1", "el objeto que empieza aquí repite «a»"),
])
def test_errores_de_json_en_espanol(texto, lugar, mensaje):
    problema = _problema(cargar_json, texto, "datos.json")
    assert problema.startswith(f"datos.json, {lugar}: "), problema
    assert mensaje in problema and "Expecting" not in problema


def test_json_anidado_miles_de_niveles():
    texto = '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    problema = _problema(cargar_json, texto, "datos.json")
    assert problema.startswith("datos.json, línea 1, columna 70: las listas u objetos están anidados a más de 64")


def test_json_valido_sigue_igual():
    assert cargar_json('{"a": [1, 2.5, "x", null, true], "b": {"c": "NaN"}}', "d.json") == {
        "a": [1, 2.5, "x", None, True], "b": {"c": "NaN"}}


@pytest.mark.parametrize(("contenido", "esperado"), [
    ("asunto: Notificación\n".encode(), "utf-8"),
    ("\ufeffasunto: Notificación\n".encode(), "utf-8"),
    ("asunto: Notificación\n".encode("utf-16"), "utf-16-le"),
    ("asunto: Notificación\n".encode("utf-16-be"), "utf-16-be"),
    ("asunto: Notificación\n".encode("utf-32"), "utf-32-le"),
    ("asunto: Notificación\n".encode("cp1252"), "cp1252"),  # Latin-1/ANSI as Notepad saves it
])
def test_datos_en_las_codificaciones_de_windows(tmp_path, contenido, esperado):
    texto, codificacion = decodificar(contenido, "datos.yaml")
    assert codificacion == esperado and texto.lstrip("\ufeff") == "asunto: Notificación\n"
    ruta = tmp_path / "datos.yaml"
    ruta.write_bytes(contenido)
    assert leer_datos(ruta) == {"asunto": "Notificación"}


def test_datos_binarios_o_ausentes(tmp_path):
    ruta = tmp_path / "datos.yaml"
    ruta.write_bytes(bytes(range(256)))
    with pytest.raises(EntradaInvalida, match="no es un archivo de texto"):
        leer_datos(ruta)
    with pytest.raises(EntradaInvalida, match="No existe el archivo"):
        leer_datos(tmp_path / "no.yaml")
    with pytest.raises(EntradaInvalida, match="es una carpeta"):
        leer_datos(tmp_path)
