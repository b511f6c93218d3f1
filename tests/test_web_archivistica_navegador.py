"""Gestión documental in a real browser: classify an expediente, close it, transfer it and see its inventory.

Screenshots of each page go to ARCHIVO_CAPTURAS when that variable is set (a folder outside the repository).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from archivo.base.catalogo import Catalogo
from tests.conftest import CONTRASENA_PRUEBA
from tests.utilidades_archivistica import procedimiento

pytestmark = pytest.mark.navegador

TAMANO_LAPTOP = {"width": 1366, "height": 768}


def _captura(p, nombre: str) -> None:
    carpeta = os.environ.get("ARCHIVO_CAPTURAS")
    if carpeta:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(Path(carpeta) / f"archivistica-{nombre}.png"), full_page=True)


@pytest.fixture
def pagina(navegador, servidor_portal):
    contexto = navegador.new_context(viewport=TAMANO_LAPTOP, locale="es-MX", base_url=servidor_portal.url)
    p = contexto.new_page()
    errores: list[str] = []
    p.on("pageerror", lambda e: errores.append(str(e)))
    p.on("console", lambda m: errores.append(m.text) if m.type == "error" and "Failed to load resource"
         not in m.text else None)
    yield p
    contexto.close()
    assert not errores, f"errores de JavaScript o de CSP en el navegador: {errores}"


def test_clasificar_cerrar_transferir_y_ver_el_inventario(pagina, servidor_portal) -> None:
    with Catalogo.abrir(servidor_portal.raiz, "prueba") as cat:  # a past procedure with a scanned PDF, still open
        exp = procedimiento(cat, "incentivos", "Incentivos del ejercicio 2014", date(2015, 3, 2), paginas=3)
    p = pagina
    p.goto("/entrar")
    p.get_by_label("Usuario").fill("emision")
    p.get_by_label("Contraseña").fill(CONTRASENA_PRUEBA)
    p.get_by_role("button", name="Entrar").click()
    p.wait_for_url("**/")
    p.get_by_role("navigation", name="Áreas del archivo").get_by_role("link", name="Archivo").click()
    p.wait_for_url("**/archivistica")
    expect(p.get_by_role("heading", name="Gestión documental")).to_be_visible()
    _captura(p, "01-pendientes")

    p.get_by_label("Número, título o clave del expediente").fill("Incentivos del ejercicio 2014")
    p.get_by_role("button", name="Buscar", exact=True).click()
    p.get_by_role("link", name=exp.numero).click()
    p.wait_for_url(f"**/archivistica/expedientes/{exp.id}")
    _captura(p, "02-expediente-abierto")

    # classify it in another subserie
    p.get_by_label("Serie o subserie").select_option("SPEN.02.08")
    p.get_by_role("button", name="Clasificar el expediente").click()
    expect(p.get_by_text("Expediente clasificado en SPEN.02.08 Titularidad y promoción en rango")).to_be_visible()

    # close it: first with a date before its document (every problem beside the date), then right
    p.once("dialog", lambda d: d.accept())
    p.get_by_label("Fecha de cierre").fill("2014-12-01")
    p.get_by_role("button", name="Cerrar el expediente").click()
    expect(p.locator("#cerrar .error").first).to_be_visible()
    expect(p.locator("#cerrar")).to_contain_text("después de la fecha de cierre 2014-12-01")
    _captura(p, "03-cerrar-con-error")
    p.once("dialog", lambda d: d.accept())
    p.get_by_label("Fecha de cierre").fill("2015-03-02")
    p.get_by_role("button", name="Cerrar el expediente").click()
    expect(p.get_by_text("Expediente cerrado el 2015-03-02")).to_be_visible()
    expect(p.get_by_text("Transferencia primaria a partir del 2 de marzo de 2018")).to_be_visible()
    _captura(p, "04-expediente-cerrado")

    # transfer it to concentración with its caja and estante
    p.get_by_role("link", name="Transferencia primaria (al archivo de concentración)").click()
    p.wait_for_url("**/archivistica/movimientos**")
    expect(p.get_by_role("checkbox", name=exp.numero)).to_be_checked()
    p.get_by_label(f"Caja de {exp.numero}").fill("12")
    p.get_by_role("button", name="Transferir y emitir el inventario").click()
    expect(p.get_by_role("alert")).to_be_visible()  # the estante is missing: said beside its field
    expect(p.locator(".con-error").filter(has=p.get_by_label(f"Estante de {exp.numero}"))).to_contain_text(
        "Falta el estante")
    expect(p.get_by_label(f"Caja de {exp.numero}")).to_have_value("12")
    _captura(p, "05-transferir-con-error")
    p.get_by_label(f"Estante de {exp.numero}").fill("C-4")
    p.get_by_label("Quién recibe").fill("Lic. Marcela Ibáñez Soto")
    p.get_by_role("button", name="Transferir y emitir el inventario").click()
    p.wait_for_url("**/archivistica/instrumentos/*")

    # the inventory, issued with folio, with the expediente and where it is now
    expect(p.get_by_role("heading", name="Inventario de transferencia primaria")).to_be_visible()
    inventario = p.get_by_role("table", name="Inventario")
    expect(inventario).to_contain_text(exp.numero)
    expect(inventario).to_contain_text("Archivo de concentración, caja 12, estante C-4")
    expect(p.get_by_role("link", name="Descargar en Word")).to_be_visible()
    _captura(p, "06-inventario")
    with p.expect_download() as descarga:
        p.get_by_role("link", name="Descargar en Excel").click()
    assert descarga.value.suggested_filename.endswith(".xlsx")

    # the expediente now says where it is, and accepts no more documents
    p.goto(f"/archivistica/expedientes/{exp.id}")
    expect(p.get_by_text("Archivo de concentración, caja 12, estante C-4").first).to_be_visible()
    _captura(p, "07-expediente-transferido")
    for ruta, nombre in (("/archivistica/cuadro", "08-cuadro"), ("/archivistica/cadido", "09-cadido"),
                         ("/archivistica/instrumentos", "10-instrumentos"), ("/", "11-tablero")):
        p.goto(ruta)
        _captura(p, nombre)
