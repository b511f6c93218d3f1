"""Issue 13's «Done when», in a real browser (Debian's Chromium driven by Playwright) against a real uvicorn server
with its job executor: a session with its orden del día (a subpunto, a reorder by button and one by dragging),
documents attached by folio, by an acuerdo's own number, by search and by PDF upload, the carpeta built in the
background with its progress and checked with pypdf; a compromiso updated and its informe issued; months marked in
the PAT grid and the PAT issued; a risk, an action and a re-evaluation with both heat maps changing; and the history
of those changes read in words.

Screenshots of every page go to ARCHIVO_CAPTURAS when that variable is set (a folder outside the repository).
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

import archivo
from archivo import compromisos, pat, sesiones
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.busqueda import acervo, indice
from tests.conftest import CONTRASENA_PRUEBA
from tests.utilidades import marcadores, pdf

pytestmark = pytest.mark.navegador

TAMANO_LAPTOP = {"width": 1366, "height": 768}
ESPERA_CARPETA_MS = 120_000  # the carpeta is built in its own process; a busy CI machine is slow


def _captura(p, nombre: str) -> None:
    carpeta = os.environ.get("ARCHIVO_CAPTURAS")
    if carpeta:
        Path(carpeta).mkdir(parents=True, exist_ok=True)
        p.screenshot(path=str(Path(carpeta) / f"portal2-{nombre}.png"), full_page=True)


@pytest.fixture
def pagina(navegador, servidor_portal):
    contexto = navegador.new_context(viewport=TAMANO_LAPTOP, locale="es-MX", base_url=servidor_portal.url,
                                     accept_downloads=True)
    p = contexto.new_page()
    errores: list[str] = []
    p.on("pageerror", lambda e: errores.append(str(e)))
    p.on("console", lambda m: errores.append(m.text) if m.type == "error" and "Failed to load resource"
         not in m.text else None)
    yield p
    contexto.close()
    assert not errores, f"errores de JavaScript o de CSP en el navegador: {errores}"


def _entrar(p, usuario: str) -> None:
    p.goto("/entrar")
    p.get_by_label("Usuario").fill(usuario)
    p.get_by_label("Contraseña").fill(CONTRASENA_PRUEBA)
    p.get_by_role("button", name="Entrar").click()
    p.wait_for_url("**/")


@pytest.fixture(scope="module")
def material(servidor_portal, tmp_path_factory) -> dict:
    """In the server's archive: an oficio issued with folio (a PDF), an acuerdo of the Consejo imported with its
    own number, a dictamen to find by search, a compromiso and the PAT 2024; and a PDF received by mail."""
    raiz = servidor_portal.raiz
    tmp_path = tmp_path_factory.mktemp("portal2")
    with Catalogo.abrir(raiz, "prueba") as cat:
        with cat.transaccion("emitir oficio de prueba") as tx:
            exp = exps.asegurar(tx, "mecanismo", "incentivos", "Incentivos")
            contenido = pdf(tmp_path / "oficio.pdf", "OFICIO SOBRE EL CALENDARIO DE INCENTIVOS", 2).read_bytes()
            oficio = documentos.emitir_en(tx, tipo="oficio", asunto="Oficio sobre el calendario de incentivos",
                                          expediente=exp, construir=lambda _folio: contenido, serie="oficio",
                                          extension=".pdf")
        acuerdo = tmp_path / "acuerdo-cg.pdf"
        pdf(acuerdo, "ACUERDO IEM-CG-24/2014 DEL CONSEJO GENERAL POR EL QUE SE APRUEBAN LOS LINEAMIENTOS", 2)
        dictamen = tmp_path / "dictamen-titularidad.pdf"
        pdf(dictamen, "DICTAMEN DE OTORGAMIENTO DE TITULARIDAD A LOS MIEMBROS DEL SERVICIO PORTALDOS", 2)
        acervo.importar(cat, [acuerdo, dictamen])
        indice.reindexar(cat)
        c = compromisos.alta(cat, texto="Presentar el calendario de incentivos del ejercicio.",
                             area="Subdirección de Incentivos", sesion_fecha="2024-03-13", sesion_tipo="ordinaria",
                             sesion_numero=1, fecha="2024-03-13")
        if 2024 not in pat.anios(cat):
            pat.importar(cat, Path(archivo.__file__).parent / "datos" / "pat_2024.yaml")
    return {"oficio": oficio, "compromiso": c, "recibido": pdf(tmp_path / "oficio-despen-2817.pdf",
                                                               "OFICIO INE/DESPEN/2817/2025 RECIBIDO", 3)}


def test_sesion_orden_del_dia_adjuntos_y_carpeta(pagina, servidor_portal, material) -> None:
    p = pagina
    _entrar(p, "captura")
    p.get_by_role("navigation", name="Áreas del archivo").get_by_role("link", name="Sesiones").click()
    p.wait_for_url("**/sesiones")
    _captura(p, "01-sesiones")
    p.get_by_role("link", name="Nueva sesión").click()
    p.get_by_label("Órgano").select_option("comision")
    p.get_by_label("Tipo de sesión").select_option("extraordinaria")
    p.get_by_label("Fecha").fill("2025-11-27")
    p.get_by_label("Hora").fill("11:00")
    p.get_by_label("Lugar o modalidad").fill("Sala de sesiones")
    _captura(p, "02-nueva-sesion")
    p.get_by_role("button", name="Registrar la sesión").click()
    p.wait_for_url(re.compile(r".*/sesiones/\d+$"))
    sesion_id = int(p.url.rsplit("/", 1)[1])
    expect(p.get_by_role("heading", name="Primera sesión extraordinaria de 2025")).to_be_visible()
    expect(p.get_by_text("a más tardar el miércoles 26 de noviembre de 2025")).to_be_visible()

    def agregar(titulo: str, dentro_de: str = "", sin_documentos: bool = False) -> None:
        p.get_by_label("Título del punto").fill(titulo)
        if dentro_de:
            p.get_by_label("Dentro del punto").select_option(dentro_de)
        if sin_documentos:
            p.get_by_label("Este punto no lleva documentos").check()
        p.get_by_role("button", name="Agregar el punto").click()
        expect(p.locator(".mensaje-exito")).to_contain_text("agregado")

    agregar("Lista de asistencia y declaración de quórum.", sin_documentos=True)
    agregar("Comunicaciones recibidas.")
    agregar("Informes de la Secretaría Técnica.")
    agregar("Informe sobre los incentivos.", dentro_de="3")
    agregar("Dictámenes.")
    # a reorder with the buttons: «Informes» (3, with its subpunto) goes up to 2
    p.get_by_role("button", name="Subir el punto 3", exact=True).click()
    expect(p.locator(".mensaje-exito")).to_contain_text("El punto 3 ahora es el 2.")
    # and one by dragging: «Dictámenes» (4) dropped before «Comunicaciones» (3)
    origen = p.locator("li.punto", has_text="Dictámenes.").first
    destino = p.locator("li.punto", has_text="Comunicaciones recibidas.").first
    origen.locator(".punto-cabeza").drag_to(destino.locator(".punto-cabeza"), target_position={"x": 30, "y": 3})
    expect(p.locator(".mensaje-exito")).to_contain_text("El punto 4 ahora es el 3.")
    with Catalogo.abrir(servidor_portal.raiz) as cat:
        orden = [(x.numero, x.titulo) for x in sesiones.recorrer(sesiones.orden_del_dia(cat, sesion_id))]
    assert orden == [("1", "Lista de asistencia y declaración de quórum."), ("2", "Informes de la Secretaría Técnica."),
                     ("2.1", "Informe sobre los incentivos."), ("3", "Dictámenes."), ("4", "Comunicaciones recibidas.")]
    _captura(p, "03-orden-del-dia")

    # 2.1: by folio and by the acuerdo's own number
    p.get_by_role("link", name="Informe sobre los incentivos.", exact=True).click()
    p.get_by_label("Folios o números").fill(f"{material['oficio'].folio}\nIEM-CG-24/2014")
    p.get_by_role("button", name="Adjuntar", exact=True).click()
    expect(p.locator(".mensaje-exito")).to_contain_text("Se adjuntaron 2 documento(s) al punto 2.1")
    expect(p.get_by_role("table")).to_contain_text(material["oficio"].folio)
    _captura(p, "04-punto-adjuntos")
    # 3: by search, marking the result
    p.get_by_role("link", name="Volver al orden del día").click()
    p.get_by_role("link", name="Dictámenes.", exact=True).click()
    p.get_by_label("Buscar en el archivo").fill("titularidad portaldos")
    p.get_by_role("button", name="Buscar", exact=True).click()
    p.get_by_role("checkbox", name=re.compile("Dictamen", re.I)).first.check()
    _captura(p, "05-punto-busqueda")
    p.get_by_role("button", name="Adjuntar los marcados").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("Se adjuntaron 1 documento(s) al punto 3")
    # 4: a PDF uploaded (a wrong file first: said beside the field)
    p.get_by_role("link", name="Volver al orden del día").click()
    p.get_by_role("link", name="Comunicaciones recibidas.", exact=True).click()
    falso = material["recibido"].parent / "falso.pdf"
    falso.write_text("no soy un PDF", encoding="utf-8")
    p.get_by_label("PDF recibido").set_input_files(str(falso))
    p.get_by_role("button", name="Subir y adjuntar").click()
    expect(p.locator(".con-error")).to_contain_text("falso.pdf: el archivo tiene extensión .pdf pero no es un PDF")
    p.get_by_label("PDF recibido").set_input_files(str(material["recibido"]))
    p.get_by_label("Asunto del PDF").fill("Oficio INE/DESPEN/2817/2025")
    p.get_by_role("button", name="Subir y adjuntar").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("Oficio INE/DESPEN/2817/2025")

    # the carpeta, in the background: the progress bar survives a reload
    p.get_by_role("link", name="Volver al orden del día").click()
    expect(p.get_by_text("todos tienen sus documentos")).to_be_visible()
    p.get_by_role("button", name="Armar la carpeta").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("Se está armando la carpeta")
    p.reload()
    avance = p.locator("#avance-carpeta")
    expect(avance.get_by_text("Carpeta lista: versión 1")).to_be_visible(timeout=ESPERA_CARPETA_MS)
    _captura(p, "06-carpeta-lista")
    with p.expect_download() as descarga:
        avance.get_by_role("link", name="Descargarla").click()
    lector = PdfReader(io.BytesIO(Path(descarga.value.path()).read_bytes()))
    arbol = marcadores(lector)
    assert [t for t, _, _ in arbol] == ["1. Lista de asistencia y declaración de quórum.",
                                        "2. Informes de la Secretaría Técnica.", "3. Dictámenes.",
                                        "4. Comunicaciones recibidas."]
    assert any(t == "2.1. Informe sobre los incentivos." for t, _, _ in arbol[1][2])
    n = len(lector.pages)
    assert n >= 2 + 2 + 2 + 2 + 3  # cover and index, then the documents
    assert all(f"Página {i} de {n}" in pg.extract_text() for i, pg in enumerate(lector.pages, start=1))
    # the versions listed in the same refreshed part of the page, without reloading it
    expect(p.get_by_role("table", name="Versiones de la carpeta")).to_contain_text("Al día")
    expect(p.get_by_role("button", name="Armar de nuevo la carpeta")).to_be_visible()
    _captura(p, "07-sesion-con-carpeta")


def test_compromiso_pat_riesgo_mapas_e_historial(pagina, servidor_portal, material) -> None:
    p = pagina
    _entrar(p, "emision")
    # a compromiso updated, then its informe with the totals sentence shown before issuing
    c = material["compromiso"]
    p.goto("/compromisos")
    _captura(p, "08-compromisos")
    p.get_by_role("link", name=c.texto).click()
    p.get_by_label("Fecha del avance").fill("2024-05-02")
    p.get_by_label("Avance o cumplimiento").fill("Se presentó en la sesión del 2 de mayo (Acuerdo INE/JGE55/2024).")
    p.get_by_label("Estatus").select_option("concluido")
    p.get_by_label("Porcentaje de avance").fill("100")
    p.get_by_label("Acuerdos que lo cumplieron").fill("INE/JGE55/2024 https://repositoriodocumental.ine.mx/xmlui/")
    p.get_by_role("button", name="Registrar el avance").click()
    expect(p.locator(".mensaje-exito")).to_contain_text(f"Compromiso {c.id}: concluido, 100 %")
    _captura(p, "09-compromiso")
    p.goto("/compromisos/informe")
    p.get_by_label("Fecha de corte").fill("2024-05-24")
    p.get_by_label("O bien, la sesión escrita").fill("ordinaria 2024-06-17")
    p.get_by_label("Fecha del informe").fill("2024-05-30")
    p.get_by_role("button", name="Ver el resumen antes de emitir").click()
    frase = p.locator(".frase-totales")
    expect(frase).to_contain_text("con corte al 24 de mayo de 2024")
    _captura(p, "10-informe-resumen")
    p.get_by_role("button", name="Emitir el informe con folio").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("emitido")
    with p.expect_download() as descarga:
        p.get_by_role("table", name="Informes de compromisos y acuerdos emitidos").get_by_role("link", name="Word") \
            .first.click()
    assert descarga.value.suggested_filename.endswith(".docx")

    # months marked in the PAT grid (each click saved by the page's script), then the PAT issued
    p.goto("/pat/2024")
    primera = p.locator("table.tabla-cronograma").first
    casilla = primera.get_by_role("checkbox", name=re.compile(r"^Dic, actividad 1 "))
    expect(casilla).not_to_be_checked()
    casilla.check()
    expect(primera.locator("xpath=ancestor::form").locator(".estado-guardado")).to_have_text("Guardado.")
    primera.get_by_role("checkbox", name=re.compile(r"^Nov, actividad 1 ")).check()
    expect(primera.locator("xpath=ancestor::form").locator(".estado-guardado")).to_have_text("Guardado.")
    with Catalogo.abrir(servidor_portal.raiz) as cat:
        assert {11, 12} <= set(pat.obtener(cat, 2024).actividades[0].meses)
    _captura(p, "11-pat-cronograma")
    p.get_by_role("button", name="Emitir el PAT 2024 con folio").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("emitido con el folio")
    expect(p.locator("#documentos").locator("xpath=..")).to_contain_text("Programa Anual de Trabajo")

    # a risk, an action and a re-evaluation; both heat maps change
    p.goto("/riesgos/nuevo")
    p.get_by_label("Mecanismo").select_option("evaluacion-desempeno")
    p.get_by_label("Riesgo (obligatorio)").fill("Que las metas se capturen fuera del plazo en el sistema PORTALDOS")
    p.get_by_label("Área responsable").select_option("CSPE")
    p.get_by_label("Probabilidad").select_option("3")
    p.get_by_label("Impacto").select_option("2")
    expect(p.locator("output[data-nr]")).to_contain_text("= 6 · ALTO")  # computed as it is chosen
    p.get_by_label("REDUCIR").check()
    _captura(p, "12-riesgo-nuevo")
    p.get_by_role("button", name="Registrar el riesgo").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("registrado; NR 6 (ALTO)")
    codigo = re.search(r"/riesgos/(R-EV-\d+)$", p.url).group(1)
    p.goto("/riesgos/mapa")
    inherente = p.locator('td[data-mapa="inherente"][data-celda="3-2"]')
    expect(inherente.get_by_role("link", name=codigo)).to_be_visible()
    expect(p.locator('td[data-mapa="residual"]').get_by_role("link", name=codigo)).to_have_count(0)
    _captura(p, "13-mapas-antes")
    p.goto(f"/riesgos/{codigo}")
    p.get_by_text("Agregar una acción").click()
    p.get_by_label("Acción (obligatorio)").fill("Recordatorios semanales a las áreas")
    p.get_by_label("Responsable (obligatorio)").fill("CSPE")
    p.get_by_label("Fecha compromiso (obligatorio)").fill("2030-06-30")
    p.get_by_role("button", name="Agregar la acción").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("Acción A1 registrada.")
    p.get_by_text("Registrar una revaloración").click()
    p.locator("#residual-probabilidad").select_option("1")
    p.locator("#residual-impacto").select_option("2")
    expect(p.locator("#revaloracion output[data-nr]")).to_contain_text("= 2 · BAJO")
    p.locator("#revaloracion").get_by_role("button", name="Registrar").click()
    expect(p.locator(".mensaje-exito")).to_contain_text("Revaloración (sección IV) registrada: NR 2 (BAJO)")
    _captura(p, "14-riesgo")
    p.goto("/riesgos/mapa")
    expect(p.locator('td[data-mapa="residual"][data-celda="1-2"]').get_by_role("link", name=codigo)).to_be_visible()
    expect(p.locator('td[data-mapa="inherente"][data-celda="3-2"]').get_by_role("link", name=codigo)).to_be_visible()
    _captura(p, "15-mapas-despues")

    # the history of those changes, in words
    p.goto(f"/historial?clave={codigo}")
    historial = p.locator("ol.historial")
    expect(historial).to_contain_text(f"Evaluación de riesgo {codigo}#2")
    expect(historial).to_contain_text("Probabilidad: BAJO (1)")
    expect(historial).to_contain_text("Tipo: revaloración (sección IV)")
    expect(historial).to_contain_text(f"Acción de riesgo {codigo}/A1")
    expect(historial).to_contain_text("Descripción: Recordatorios semanales a las áreas")
    expect(historial).to_contain_text("Fecha compromiso: 30 de junio de 2030")
    expect(historial).to_contain_text("Tratamiento: REDUCIR")
    assert "{" not in historial.inner_text()
    _captura(p, "16-historial")
    p.goto(f"/historial?entidad=compromiso&clave={c.id}")
    expect(p.locator("ol.historial")).to_contain_text("Estatus: en curso → concluido")
    expect(p.locator("ol.historial")).to_contain_text("Porcentaje de avance: 0 → 100")


def test_integridad_desde_la_pagina(pagina) -> None:
    """The verification runs in the background; when it ends the page shows its result and the button again."""
    p = pagina
    _entrar(p, "admin")
    p.goto("/integridad")
    p.get_by_role("button", name="Verificar ahora").click()
    expect(p.locator(".mensaje-exito").first).to_contain_text("Verificación pedida")
    expect(p.get_by_role("heading", name=re.compile("Última verificación"))).to_be_visible(timeout=60_000)
    expect(p.get_by_role("button", name="Verificar ahora")).to_be_visible()
    _captura(p, "17-integridad")
