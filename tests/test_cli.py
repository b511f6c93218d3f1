"""The ``archivo`` command itself: its table of commands and a start that loads no heavy library."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click

from archivo.cli import COMANDOS, cli


def test_la_tabla_de_comandos_es_la_de_los_modulos() -> None:
    """Every command listed loads from its module with the same first line of help, and none is missing."""
    modulos = {m for m, _ in COMANDOS.values()}
    definidos = {}
    for m in modulos:
        for comando in importlib.import_module(f"archivo.cli.{m}").comandos:
            definidos[comando.name] = (m, comando)
    assert set(definidos) == set(COMANDOS)
    for nombre, (modulo, ayuda) in COMANDOS.items():
        m, comando = definidos[nombre]
        assert m == modulo
        assert comando.get_short_help_str(limit=500) == ayuda, nombre
        assert cli.get_command(click.Context(cli), nombre) is comando or cli.get_command(
            click.Context(cli), nombre).name == nombre


def test_la_ayuda_no_carga_bibliotecas_pesadas() -> None:
    """``archivo --help`` lists every command without importing Word, PDF, Excel or search libraries."""
    codigo = (
        "import sys\n"
        "from archivo.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('\\n' + __import__('json').dumps(sorted(sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True)
    cargados = set(json.loads(r.stdout.strip().splitlines()[-1]))
    for pesada in ("docx", "docxtpl", "pypdf", "reportlab", "openpyxl", "whoosh", "jinja2", "babel", "holidays",
                   "yaml", "rich", "lxml"):
        assert pesada not in cargados, pesada
    assert "buscar" in r.stdout and "Comandos:" in r.stdout


def test_buscar_no_carga_word_ni_pdf(tmp_path) -> None:
    """A search loads the search engine, not the libraries that build Word or PDF documents."""
    codigo = (
        "import sys\n"
        "from archivo.cli import main\n"
        f"try:\n    main(['--raiz', {str(tmp_path / 'no-existe')!r}, 'buscar', 'x'])\nexcept SystemExit:\n    pass\n"
        "print('\\n' + __import__('json').dumps(sorted(sys.modules)))\n"
    )
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True)
    cargados = set(json.loads(r.stdout.strip().splitlines()[-1]))
    for pesada in ("docx", "docxtpl", "reportlab", "openpyxl", "babel", "holidays", "num2words"):
        assert pesada not in cargados, pesada
