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


@pytest.fixture(scope="session")
def ocr():
    """Tesseract with Spanish (and OCRmyPDF), required in CI (ARCHIVO_EXIGIR_OCR=1), skipped locally when absent."""
    from archivo.busqueda import ocr as motor

    instalacion = motor.instalacion()
    if instalacion.disponible:
        return instalacion
    if os.environ.get("ARCHIVO_EXIGIR_OCR"):
        pytest.fail(f"El OCR no está instalado y ARCHIVO_EXIGIR_OCR=1: {instalacion.motivo}")
    pytest.skip(f"OCR no disponible en esta máquina: {instalacion.motivo}")
# --- the web portal -----------------------------------------------------------------------------------------

CONTRASENA_PRUEBA = "una frase de prueba"
# One account per role (roles are cumulative); the user name says the role.
USUARIOS_PRUEBA = {"consulta": "consulta", "captura": "captura", "emision": "emision",
                   "administracion": "admin"}


def crear_usuarios_prueba(raiz: Raiz) -> dict[str, str]:
    """One account per role on ``raiz`` (password ``CONTRASENA_PRUEBA``); returns role -> user name."""
    from archivo import cuentas

    with Catalogo.abrir(raiz, usuario="prueba") as c:
        for rol, usuario in USUARIOS_PRUEBA.items():
            if cuentas.buscar(c, usuario) is None:
                cuentas.alta(c, usuario, f"Persona de {rol}", rol, CONTRASENA_PRUEBA)
    return dict(USUARIOS_PRUEBA)


@pytest.fixture
def portal(raiz: Raiz):
    """The portal's application on the fixture archive (one account per role; jobs are run by the test)."""
    from archivo.web.app import crear_app

    crear_usuarios_prueba(raiz)
    return crear_app(raiz, trabajos_en_segundo_plano=False)


@pytest.fixture
def cliente(portal):
    """``cliente("captura")``: a TestClient logged in with that role's account (``cliente(None)``: anonymous)."""
    from starlette.testclient import TestClient

    from tests.utilidades import entrar

    abiertos = []

    def abrir(rol: str | None = None, **opciones):
        c = TestClient(portal, base_url="http://testserver", **opciones)
        c.__enter__()
        abiertos.append(c)
        if rol is not None:
            entrar(c, USUARIOS_PRUEBA[rol], CONTRASENA_PRUEBA)
        return c

    yield abrir
    for c in abiertos:
        c.__exit__(None, None, None)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium for Playwright; CI requires it (ARCHIVO_EXIGIR_NAVEGADOR=1)."""
    for nombre in ("chromium", "chromium-browser"):
        ruta = shutil.which(nombre)
        if ruta:
            return ruta
    if os.environ.get("ARCHIVO_EXIGIR_NAVEGADOR"):
        pytest.fail("Chromium no está instalado y ARCHIVO_EXIGIR_NAVEGADOR=1 (instálelo: apt-get install chromium).")
    pytest.skip("Chromium no está instalado en esta máquina")


ARGUMENTOS_CHROMIUM = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                       "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def navegador(chromium: str):
    """One headless Chromium for the whole session, driven by Playwright (its bundled browsers are not used:
    ``playwright install`` cannot download here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("ARCHIVO_EXIGIR_NAVEGADOR"):
            pytest.fail("Falta Playwright para Python (pip install playwright) y ARCHIVO_EXIGIR_NAVEGADOR=1.")
        pytest.skip("Playwright no está instalado")
    argumentos = list(ARGUMENTOS_CHROMIUM)
    if os.geteuid() == 0:
        argumentos.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    with sync_playwright() as p:
        nav = p.chromium.launch(executable_path=chromium, args=argumentos, headless=True)
        yield nav
        nav.close()


@pytest.fixture(scope="session")
def servidor_portal(tmp_path_factory):
    """A real uvicorn server on a free loopback port, for the whole session, over a small archive with one account
    per role, a padrón, a procedure and the test template. Yields (base URL, Raiz)."""
    from tests.utilidades import ServidorPrueba, archivo_portal

    raiz = archivo_portal(tmp_path_factory.mktemp("portal") / "archivo")
    with ServidorPrueba(raiz) as servidor:
        yield servidor
