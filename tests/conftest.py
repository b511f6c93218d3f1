"""Shared fixtures: a fresh archive root, its catalog, the CLI, and the optional shared corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"

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


@pytest.fixture
def raiz(tmp_path: Path) -> Raiz:
    """A fresh archive root with the test institution."""
    return iniciar_archivo(tmp_path / "archivo", toml=TOML_PRUEBA)


@pytest.fixture
def cat(raiz: Raiz) -> Iterator[Catalogo]:
    c = Catalogo.abrir(raiz, usuario="prueba")
    yield c
    c.cerrar()


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
    from archivo.cli import main

    runner = CliRunner()
    with runner.isolation(input=entrada, env=env) as (out, err, _):
        try:
            main([str(a) for a in args])
            codigo = 0
        except SystemExit as e:
            codigo = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        return Resultado(codigo, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


@pytest.fixture
def cli(raiz: Raiz):
    """``cli("personal", "lista")`` runs the CLI against the fixture's archive root as user «prueba»."""

    def ejecutar(*args: object, entrada: str | None = None) -> Resultado:
        return invocar(["--raiz", str(raiz.ruta), "--usuario", "prueba", *map(str, args)], entrada=entrada)

    return ejecutar


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus, required in CI (ARCHIVO_EXIGIR_CORPUS=1), skipped locally when absent."""
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("ARCHIVO_EXIGIR_CORPUS"):
        pytest.fail(f"Falta el corpus compartido en {CORPUS} y ARCHIVO_EXIGIR_CORPUS=1.")
    pytest.skip("../shared/corpus no está disponible en esta máquina")


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's soffice; CI requires it (ARCHIVO_EXIGIR_LIBREOFFICE=1)."""
    for nombre in ("soffice", "libreoffice"):
        ruta = shutil.which(nombre)
        if ruta:
            return ruta
    if os.environ.get("ARCHIVO_EXIGIR_LIBREOFFICE"):
        pytest.fail("LibreOffice (soffice) no está instalado y ARCHIVO_EXIGIR_LIBREOFFICE=1.")
    pytest.skip("LibreOffice no está instalado en esta máquina")
