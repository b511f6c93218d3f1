"""Shared fixtures: a fresh archive root, its catalog, the CLI, and the optional shared corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz
from tests.utilidades import REPO, TOML_PRUEBA, Resultado, invocar

CORPUS = REPO.parent / "shared" / "corpus"

__all__ = ["REPO", "TOML_PRUEBA", "Resultado", "invocar"]  # helpers live in tests/utilidades.py


@pytest.fixture
def raiz(tmp_path: Path) -> Raiz:
    """A fresh archive root with the test institution."""
    return iniciar_archivo(tmp_path / "archivo", toml=TOML_PRUEBA)


@pytest.fixture
def hoy() -> date:
    """Today, read when the test runs: never at import (a whole suite may run past midnight)."""
    return date.today()


@pytest.fixture
def cat(raiz: Raiz) -> Iterator[Catalogo]:
    c = Catalogo.abrir(raiz, usuario="prueba")
    yield c
    c.cerrar()


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
