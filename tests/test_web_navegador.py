"""The portal in a real browser (Debian's Chromium driven by Playwright), against a real uvicorn server.

Walks, as each role, what issue 12's «Done when» lists. Screenshots of every page go to ARCHIVO_CAPTURAS (a
folder outside the repository, e.g. /tmp/capturas-portal) when that variable is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CONTRASENA_PRUEBA

pytestmark = pytest.mark.navegador

TAMANO_LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def pagina(navegador, servidor_portal):
    contexto = navegador.new_context(viewport=TAMANO_LAPTOP, locale="es-MX", base_url=servidor_portal.url)
    p = contexto.new_page()
    errores = []
    p.on("pageerror", lambda e: errores.append(str(e)))
    # JavaScript errors and Content-Security-Policy violations (an HTTP error status is not one: pages test those)
    p.on("console", lambda m: errores.append(m.text) if m.type == "error" and "Failed to load resource"
         not in m.text else None)
    yield p
    contexto.close()
    assert not errores, f"errores de JavaScript o de CSP en el navegador: {errores}"


def captura(p, nombre: str) -> None:
    carpeta = os.environ.get("ARCHIVO_CAPTURAS")
    if carpeta:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(Path(carpeta) / f"{nombre}.png"), full_page=True)


def entrar(p, usuario: str, contrasena: str = CONTRASENA_PRUEBA) -> None:
    p.goto("/entrar")
    p.get_by_label("Usuario").fill(usuario)
    p.get_by_label("Contraseña").fill(contrasena)
    p.get_by_role("button", name="Entrar").click()
    p.wait_for_url("**/")


def test_entrar_ver_el_tablero_y_salir(pagina) -> None:
    p = pagina
    p.goto("/")
    assert "/entrar" in p.url
    captura(p, "01-entrar")
    # a mistake: the form says so and keeps the user name
    p.get_by_label("Usuario").fill("captura")
    p.get_by_label("Contraseña").fill("equivocada")
    p.get_by_role("button", name="Entrar").click()
    assert p.get_by_text("Usuario o contraseña incorrectos.").is_visible()
    assert p.get_by_label("Usuario").input_value() == "captura"
    captura(p, "02-entrar-error")
    p.get_by_label("Contraseña").fill(CONTRASENA_PRUEBA)
    p.get_by_role("button", name="Entrar").click()
    p.wait_for_url("**/")
    assert p.get_by_role("heading", name="Tablero").is_visible()
    assert p.get_by_text("rol: captura").is_visible()
    captura(p, "03-tablero")
    p.get_by_role("button", name="Cerrar sesión").click()
    p.wait_for_url("**/entrar")
    assert p.get_by_text("Cerró su sesión").is_visible()


def test_validacion_en_el_navegador_muestra_todos_los_problemas(pagina) -> None:
    p = pagina
    entrar(p, "consulta")
    p.goto("/cuenta")
    p.get_by_role("button", name="Cambiar la contraseña").click()
    resumen = p.locator(".resumen-cliente")
    assert resumen.is_visible() and resumen.locator("li").count() == 3
    assert p.locator(".error-cliente").count() == 3
    captura(p, "04-cuenta-validacion")


def test_consulta_busca_en_el_padron_abre_un_procedimiento_y_no_puede_emitir(pagina) -> None:
    p = pagina
    entrar(p, "consulta")
    p.get_by_role("link", name="Padrón", exact=True).click()
    p.get_by_label("Buscar por nombre, clave o cargo").fill("perez")  # results follow what is typed
    p.locator("#resultados").get_by_text("1 persona con estos filtros").wait_for()
    assert p.locator("#resultados").get_by_role("link", name="Ana Laura Pérez Ruiz").is_visible()
    assert p.locator("#resultados").get_by_text("José Luis").count() == 0
    captura(p, "05-padron-busqueda")
    p.get_by_role("link", name="Procedimientos").click()
    p.get_by_role("link", name="Concurso Público 2025").click()
    assert p.get_by_role("heading", name="Concurso Público 2025").is_visible()
    assert p.get_by_role("button", name="Marcar hecho").count() == 0  # consulta only reads
    captura(p, "06-procedimiento")
    respuesta = p.goto("/documentos/nuevo/oficio-prueba")
    assert respuesta.status == 403 and p.get_by_text("no permite esta acción").is_visible()
    captura(p, "07-consulta-403")


def test_emision_llena_el_formulario_corrige_emite_descarga_y_encuentra(pagina, tmp_path) -> None:
    from tests.utilidades import texto_docx

    p = pagina
    entrar(p, "emision")
    p.goto("/procedimientos")
    p.get_by_role("link", name="Concurso Público 2025").click()
    p.get_by_role("link", name="Nuevo documento de este procedimiento").click()
    p.get_by_role("link", name="Oficio de prueba").first.click()  # the template that serves step 1
    p.wait_for_url("**/documentos/nuevo/oficio-prueba?**")
    p.get_by_label("Asunto").fill("Aviso de resultados")
    p.get_by_label("Destinatario").fill("SPEN-9999")  # the mistake: no such persona
    p.get_by_label("Cuerpo").fill("Texto con la palabra guanábana para encontrarlo.")
    p.get_by_role("button", name="Emitir con folio").click()
    error = p.locator(".campo.con-error").filter(has=p.get_by_label("Destinatario"))
    error.locator(".error").wait_for()
    assert "SPEN-9999" in error.inner_text()
    assert p.get_by_label("Asunto").input_value() == "Aviso de resultados"  # the input is kept
    captura(p, "08-formulario-error")
    p.get_by_label("Destinatario").fill("SPEN-0001")
    p.get_by_role("button", name="Vista previa en texto").click()
    vista = p.locator(".vista-previa")
    vista.wait_for()
    assert "guanábana" in vista.inner_text() and "SIN FOLIO" in vista.inner_text()
    captura(p, "09-vista-previa")
    p.get_by_role("button", name="Emitir con folio").click()
    p.get_by_text("Documento emitido con folio").wait_for()
    folio = p.locator("h1").inner_text()
    assert folio.startswith("IEP/") and "/0" in folio
    captura(p, "10-documento-emitido")
    with p.expect_download() as descarga:
        p.get_by_role("link", name="Descargar Word (.docx)").click()
    ruta = tmp_path / "descargado.docx"
    descarga.value.save_as(ruta)
    assert "guanábana" in texto_docx(ruta) and folio in texto_docx(ruta)
    p.get_by_role("link", name="Búsqueda").click()
    p.get_by_label("Qué buscar").fill("guanabana")
    p.locator("#resultados").get_by_role("link", name=folio).wait_for()
    assert p.locator("#resultados mark").first.inner_text().lower().startswith("guan")
    captura(p, "11-busqueda")


def test_un_lote_pequeno_con_barra_de_avance(pagina) -> None:
    p = pagina
    entrar(p, "emision")
    p.goto("/documentos/lote/oficio-prueba")
    p.get_by_label("Una por persona del padrón").check()
    p.locator("#campo-situacion").select_option("activo")
    p.locator("summary", has_text="Datos iguales para todos").click()
    p.get_by_label("Asunto").fill("Aviso general del lote")
    p.get_by_label("Cuerpo").fill("Texto igual para todas las personas.")
    captura(p, "12-lote")
    p.get_by_role("button", name="Revisar y generar los borradores").click()
    p.wait_for_url("**/trabajos/*")
    p.get_by_text("Estado: terminado").wait_for(timeout=120_000)
    assert p.locator("progress").get_attribute("value") == "100"
    captura(p, "13-lote-borradores")
    p.once("dialog", lambda d: d.accept())
    p.get_by_role("button", name="Emitir los 3 documentos con folio").click()
    p.wait_for_url("**/trabajos/*")
    p.get_by_text("Se emitieron 3 documento(s)").wait_for(timeout=120_000)
    assert p.locator("table a").count() >= 3
    captura(p, "14-lote-emitido")


def test_importar_una_carpeta_y_leer_el_informe(pagina, tmp_path) -> None:
    carpeta = tmp_path / "acuerdos-anteriores"
    (carpeta / "2022").mkdir(parents=True)
    (carpeta / "2022" / "acuerdo.txt").write_text("ACUERDO IEP-CG-01/2022 por el que se aprueba el calendario.",
                                                  encoding="utf-8")
    (carpeta / "nota.txt").write_text("Nota informativa sobre mandarinas.", encoding="utf-8")
    (carpeta / "falso.pdf").write_bytes(b"esto no es un PDF")
    p = pagina
    entrar(p, "captura")
    p.get_by_role("link", name="Importar", exact=True).click()
    p.set_input_files("#campo-archivos-carpeta", str(carpeta))
    p.locator(".lista-archivos").get_by_text("3 archivos listos para enviar").wait_for()
    captura(p, "15-importar")
    p.get_by_role("button", name="Importar").click()
    p.wait_for_url("**/trabajos/*")
    p.get_by_role("heading", name="Informe por archivo").wait_for(timeout=120_000)
    tabla = p.locator("table").last
    assert "acuerdos-anteriores/2022/acuerdo.txt" in tabla.inner_text()
    fila_falsa = tabla.locator("tr", has_text="falso.pdf")
    assert "no se importó" in fila_falsa.inner_text()
    captura(p, "16-importar-informe")


def test_un_formulario_sin_su_codigo_de_seguridad_se_rechaza(pagina) -> None:
    p = pagina
    entrar(p, "captura")
    p.goto("/personal/nueva")
    assert p.evaluate("document.querySelectorAll('main form input[name=_csrf]').length") == 1
    p.evaluate("document.querySelector('main form input[name=_csrf]').remove()")
    p.get_by_label("Clave SIISPEN").fill("SPEN-0778")
    p.get_by_label("Nombre(s)").fill("Prueba")
    p.get_by_label("Primer apellido").fill("Sin Código")
    p.get_by_label("Cargo o puesto").fill("Técnico")
    p.locator("#campo-adscripcion").select_option("DEOE")
    p.get_by_role("button", name="Dar de alta y abrir su expediente").click()
    p.get_by_text("le falta su código de seguridad").wait_for()
    assert p.get_by_role("heading", name="Sin permiso").is_visible()
    captura(p, "17-csrf")
    p.goto("/personal?q=SPEN-0778")
    assert p.get_by_text("No hay personas con esos filtros").is_visible()
