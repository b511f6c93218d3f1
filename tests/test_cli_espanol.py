"""The command line speaks Spanish to the last word: every help of every command and subcommand, its metavars and
ranges, and choices accepted as people type them (with or without accents, in any case)."""

from __future__ import annotations

import json
import re

import click
import pytest

from archivo import procedimientos as procs
from archivo.cli import COMANDOS, cli
from archivo.cli.click_es import Eleccion

# What click writes by itself in English: default metavars, ranges, headings.
INGLES = re.compile(r"\b(TEXT|INTEGER|FLOAT|PATH|FILENAME|DIRECTORY|FILE|BOOLEAN|RANGE|CHOICE|UUID|DATETIME|"
                    r"Usage|Options|Commands|Arguments|Show this message|default|required)\b|x[<>]=?|[<>]=?x")


def _todos() -> list[tuple[str, click.Command]]:
    comandos = []

    def recorrer(comando: click.Command, ruta: str) -> None:
        comandos.append((ruta, comando))
        if isinstance(comando, click.Group):
            for nombre in comando.list_commands(click.Context(comando)):
                recorrer(comando.get_command(click.Context(comando), nombre), f"{ruta} {nombre}")

    recorrer(cli, "archivo")
    for nombre in COMANDOS:
        recorrer(cli.get_command(click.Context(cli), nombre), f"archivo {nombre}")
    return comandos


def test_ninguna_ayuda_muestra_el_ingles_de_click() -> None:
    comandos = _todos()
    assert len(comandos) > 90  # every command and subcommand
    for ruta, comando in comandos:
        with click.Context(comando, info_name=ruta) as ctx:
            ayuda = comando.get_help(ctx)
        assert ayuda.startswith(f"Uso: {ruta} [OPCIONES]"), ruta
        assert not INGLES.search(ayuda), (ruta, INGLES.search(ayuda).group(), ayuda)
        for param in comando.params:
            if isinstance(param, click.Option) and not param.is_flag and param.name != "help":
                metavar = param.make_metavar(ctx)
                assert metavar and not INGLES.search(metavar), (ruta, param.name, metavar)
                assert param.help, f"{ruta} {param.opts[0]}: sin texto de ayuda"
            if isinstance(param.type, click.Choice):
                assert isinstance(param.type, Eleccion), (ruta, param.name)


def test_metavars_con_nombre_y_rangos_en_espanol() -> None:
    ayuda = {ruta: c for ruta, c in _todos()}

    def texto(ruta: str) -> str:
        with click.Context(ayuda[ruta], info_name=ruta) as ctx:
            return ayuda[ruta].get_help(ctx)

    assert "--limite N" in texto("archivo historial") and "[predeterminado: 200; 1 o más]" in texto("archivo historial")
    assert "--clave CLAVE" in texto("archivo personal alta") and "--nombre TEXTO" in texto("archivo personal alta")
    assert "--anio AÑO" in texto("archivo documento folios") and "--paso PASO" in texto("archivo generar")
    assert "Uso: archivo procedimiento abrir [OPCIONES] MECANISMO TÍTULO" in texto("archivo procedimiento abrir")
    assert "[de 1 a 2; obligatorio]" in texto("archivo pat avance")
    assert "Uso: archivo importar [OPCIONES] RUTA..." in texto("archivo importar")
    assert "Uso: archivo demo [OPCIONES] [RUTA]" in texto("archivo demo")


def test_rango_fuera_de_limites_en_espanol(cli) -> None:
    r = cli("historial", "--limite", "0")
    assert r.codigo == 2 and "0 está fuera del intervalo permitido: 1 o más." in r.errores


def test_opciones_con_o_sin_acentos_y_en_cualquier_caso(cli, cat) -> None:
    r = cli("sesion", "nueva", "--organo", "Comisión", "--tipo", "ORDINARIA", "--fecha", "2025-03-27")
    assert r.codigo == 0, r.todo
    r = cli("sesion", "lista", "--organo", "comisión", "--formato", "JSON")
    assert r.codigo == 0, r.todo
    (sesion,) = json.loads(r.salida)
    assert sesion["organo"] == "comision" and sesion["tipo"] == "ordinaria"
    r = cli("sesion", "estado", str(sesion["id"]), "Celebrada")
    assert r.codigo == 0, r.todo
    procs.abrir(cat, "incentivos", "Incentivos 2025")
    r = cli("procedimiento", "avanzar", "1", "2", "--estado", "En  Curso")
    assert r.codigo == 0, r.todo
    assert procs.obtener(cat, 1).paso(2).estado == "en curso"


@pytest.mark.parametrize(("args", "mensaje"), [
    (["sesion", "lista", "--organo", "senado"], "no es uno de"),
    (["procedimiento", "lista", "--estado", "cerrado"], "no es uno de"),
])
def test_opcion_invalida_en_espanol(cli, args, mensaje) -> None:
    r = cli(*args)
    assert r.codigo == 2 and mensaje in r.errores and "is not" not in r.errores and "Traceback" not in r.todo
