"""The correspondence pages of the portal: the register, an entrada's thread, the forms (register with upload, turn,
the área's answer, answer with acuse), pendientes, the tablero section, the bitácora and the Excel import — in-process
(TestClient) on a real archive, and in Chromium: register an entry with an upload, turn it, answer it and see it leave
the pending list."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.correspondencia import registro as reg
from tests.conftest import CONTRASENA_PRUEBA, crear_usuarios_prueba
from tests.utilidades import TOML_CORRESPONDENCIA as TOML
from tests.utilidades import ServidorPrueba, captura_navegador, csrf_de, entrar, texto_docx
from tests.utilidades import pdf_simple as pdf


@pytest.fixture
def raiz_c(tmp_path: Path):
    raiz = iniciar_archivo(tmp_path / "archivo", toml=TOML)
    crear_usuarios_prueba(raiz)
    return raiz


@pytest.fixture
def cliente_c(raiz_c):
    from starlette.testclient import TestClient

    from archivo.web.app import crear_app
    from tests.conftest import USUARIOS_PRUEBA

    app = crear_app(raiz_c, trabajos_en_segundo_plano=False)
    abiertos = []

    def abrir(rol: str):
        c = TestClient(app, base_url="http://testserver")
        c.__enter__()
        abiertos.append(c)
        entrar(c, USUARIOS_PRUEBA[rol], CONTRASENA_PRUEBA)
        return c

    yield abrir
    for c in abiertos:
        c.__exit__(None, None, None)


def _post(c, url: str, datos: dict, archivos=None):
    pagina = c.get(url)
    assert pagina.status_code == 200, pagina.text[:500]
    return c.post(url, data={"_csrf": csrf_de(pagina.text), **datos}, files=archivos, follow_redirects=False)


def _id(respuesta) -> int:
    assert respuesta.status_code == 303, respuesta.text[:3000]
    return int(re.search(r"/entradas/(\d+)", respuesta.headers["location"]).group(1))


def test_registrar_turnar_responder_y_bitacora_en_el_portal(cliente_c, raiz_c, tmp_path: Path) -> None:
    c = cliente_c("emision")
    assert "Correspondencia con el INE" in c.get("/correspondencia").text
    hace_tres = (date.today() - timedelta(days=3)).isoformat()
    # every problem beside its field, the input kept, nothing written
    r = _post(c, "/correspondencia/recibir", {"numero": "", "tipo": "oficio", "recibido": "2099-01-01", "hora": "",
                                               "medio": "sivople", "remitente": "Instituto Nacional Electoral",
                                               "asunto": "", "remitente_area": "DESPEN", "plazo_dias": "5"})
    assert r.status_code == 400
    assert 'id="error-numero-1"' in r.text and 'id="error-asunto-1"' in r.text and 'id="error-recibido-1"' in r.text
    assert 'value="DESPEN"' in r.text
    oficio = pdf(tmp_path / "INE-DESPEN-2817-2024.pdf", "Oficio INE/DESPEN/2817/2024", "Solicitud de informacion")
    datos = {"numero": "INE/DESPEN/2817/2024", "tipo": "oficio", "recibido": hace_tres, "hora": "10:32",
             "medio": "sivople", "actividad": "IEP/2024/0411", "remitente": "Instituto Nacional Electoral",
             "remitente_area": "DESPEN", "asunto": "Solicita información del personal", "plazo_dias": "",
             "plazo": (date.today() + timedelta(days=1)).isoformat()}
    r = _post(c, "/correspondencia/recibir", datos,
              archivos={"archivos": (oficio.name, oficio.read_bytes(), "application/pdf")})
    entrada_id = _id(r)
    pagina = c.get(f"/correspondencia/entradas/{entrada_id}").text
    assert "Entrada E-0001/" in pagina and "INE-DESPEN-2817-2024.pdf" in pagina and "Turnar a un área" in pagina
    documento = re.search(r'href="/correspondencia/documentos/(\d+)">INE-DESPEN', pagina).group(1)
    assert c.get(f"/correspondencia/documentos/{documento}").content == oficio.read_bytes()
    # the same number again: the existing entrada is shown
    r = _post(c, "/correspondencia/recibir", datos)
    assert r.status_code == 400 and "Ya está registrado" in r.text and f"/correspondencia/entradas/{entrada_id}" in r.text
    # turn it: an area not chosen is a problem; DEOE gets its tarjeta
    r = _post(c, f"/correspondencia/entradas/{entrada_id}/turnar", {"fecha": hace_tres})
    assert r.status_code == 400 and "ndique al menos un área" in r.text
    r = _post(c, f"/correspondencia/entradas/{entrada_id}/turnar", {"areas": "DEOE", "fecha": hace_tres,
                                                                    "instrucciones": "Remitir la información"})
    assert _id(r) == entrada_id
    pagina = c.get(f"/correspondencia/entradas/{entrada_id}").text
    tarjeta = re.search(r'href="/correspondencia/documentos/(\d+)">(IEP/DEVySPE/TI-\d+/\d+)', pagina)
    assert tarjeta and "Mtro. Raúl Quintero Lagunas" in texto_docx(c.get(f"/correspondencia/documentos/"
                                                                        f"{tarjeta.group(1)}").content)
    # the tablero shows it while it is due soon or overdue (due tomorrow: at most one día hábil left)
    tablero = c.get("/").text
    assert "Correspondencia con el INE" in tablero and f"/correspondencia/entradas/{entrada_id}" in tablero
    r = c.post(f"/correspondencia/entradas/{entrada_id}/atencion", data={"_csrf": csrf_de(pagina), "area": "DEOE"},
               follow_redirects=False)
    assert r.status_code == 303
    r = _post(c, f"/correspondencia/entradas/{entrada_id}/atender", {"area": "DEOE", "fecha": date.today().isoformat(),
                                                                     "numero": "IEP/DEOE/100/2024"})
    assert _id(r) == entrada_id
    # answer it with an external oficio and its acuse
    enviado = pdf(tmp_path / "respuesta.pdf", "Oficio IEP/DEVySPE/300/2024")
    acuse = pdf(tmp_path / "acuse.pdf", "Acuse SIVOPLE")
    r = _post(c, f"/correspondencia/entradas/{entrada_id}/responder", {"numero": "", "fecha": date.today().isoformat(),
                                                                       "medio": "sivople"},
              archivos={"archivo": ("respuesta.pdf", enviado.read_bytes(), "application/pdf")})
    assert r.status_code == 400 and "Indique el número del documento externo" in r.text
    r = _post(c, f"/correspondencia/entradas/{entrada_id}/responder",
              {"numero": "IEP/DEVySPE/300/2024", "fecha": date.today().isoformat(), "medio": "sivople",
               "actividad": "IEP/2024/0436"},
              archivos=[("archivo", ("respuesta.pdf", enviado.read_bytes(), "application/pdf")),
                        ("acuse", ("acuse.pdf", acuse.read_bytes(), "application/pdf"))])
    assert _id(r) == entrada_id
    pagina = c.get(f"/correspondencia/entradas/{entrada_id}").text
    assert "concluido" in pagina and "S-0001/" in pagina and "Acuse de recibo de IEP/DEVySPE/300/2024" in pagina
    assert "E-0001/" not in c.get("/correspondencia/pendientes").text
    salida_id = re.search(r'href="/correspondencia/salidas/(\d+)"', pagina).group(1)
    assert "IEP/2024/0436" in c.get(f"/correspondencia/salidas/{salida_id}").text
    # the bitácora: Excel download and the Word report issued with folio
    consulta = f"desde={hace_tres[:8]}01&hasta={date.today().isoformat()}"
    assert "Documentos recibidos: 1." in c.get(f"/correspondencia/bitacora?{consulta}").text
    libro = load_workbook(io.BytesIO(c.get(f"/correspondencia/bitacora.xlsx?{consulta}").content))
    assert [x.value for x in libro["Recibidos"][3]][6] == "INE/DESPEN/2817/2024"
    pagina = c.get(f"/correspondencia/bitacora?{consulta}").text
    r = c.post("/correspondencia/bitacora/emitir", data={"_csrf": csrf_de(pagina), "desde": f"{hace_tres[:8]}01",
                                                         "hasta": date.today().isoformat(), "al": ""},
               follow_redirects=False)
    assert r.status_code == 303
    pagina = c.get(r.headers["location"]).text
    assert "Bitácora IEP/DEVySPE/INF-001/" in pagina and "emitida" in pagina
    with Catalogo.abrir(raiz_c) as cat:
        assert reg.obtener_entrada(cat, "INE/DESPEN/2817/2024").estado == "concluido"


def test_importar_bitacora_con_errores_y_permisos(cliente_c, raiz_c) -> None:
    c = cliente_c("captura")
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Recibidos"
    hoja.append(["No.", "Fecha de recepción", "Número del documento", "Remitente", "Asunto", "Área turnada"])
    hoja.append([1, "31/02/2024", "INE/DESPEN/1/2024", "INE", "Fecha imposible", "DEOE"])
    hoja.append([2, "05/08/2024", "INE/DESPEN/2/2024", "INE", "Área desconocida", "JURIDICO"])
    salida = io.BytesIO()
    libro.save(salida)
    r = _post(c, "/correspondencia/importar", {},
              archivos={"bitacora": ("bitacora.xlsx", salida.getvalue(),
                                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
    assert r.status_code == 400
    assert "hoja «Recibidos», fila 2, columna B" in r.text and "hoja «Recibidos», fila 3, columna F" in r.text
    with Catalogo.abrir(raiz_c) as cat:
        assert cat.uno("SELECT COUNT(*) FROM entradas")[0] == 0
    # captura may not issue folios: turning (tarjeta with folio) and the Word bitácora need «emisión»
    assert c.get("/correspondencia/entradas/1/turnar").status_code in (403, 404)
    consulta = cliente_c("consulta")
    assert consulta.get("/correspondencia/recibir").status_code == 403
    assert consulta.get("/correspondencia").status_code == 200


# --- in Chromium ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def servidor_c(tmp_path_factory):
    raiz = iniciar_archivo(tmp_path_factory.mktemp("portal-correspondencia") / "archivo", toml=TOML)
    crear_usuarios_prueba(raiz)
    with ServidorPrueba(raiz) as servidor:
        yield servidor


@pytest.mark.navegador
def test_en_el_navegador_registrar_turnar_responder_y_sale_de_pendientes(navegador, servidor_c, tmp_path) -> None:
    captura = captura_navegador
    contexto = navegador.new_context(viewport={"width": 1366, "height": 768}, locale="es-MX", base_url=servidor_c.url)
    p = contexto.new_page()
    errores: list[str] = []
    p.on("pageerror", lambda e: errores.append(str(e)))
    p.on("console", lambda m: errores.append(m.text) if m.type == "error" and "Failed to load resource"
         not in m.text else None)
    try:
        p.goto("/entrar")
        p.get_by_label("Usuario").fill("emision")
        p.get_by_label("Contraseña").fill(CONTRASENA_PRUEBA)
        p.get_by_role("button", name="Entrar").click()
        p.wait_for_url("**/")
        p.get_by_role("link", name="Correspondencia").first.click()
        p.wait_for_url("**/correspondencia")
        captura(p, "correspondencia-01-registro-vacio")
        p.get_by_role("link", name="Registrar una entrada").click()
        p.get_by_label("Número del documento").fill("INE/DESPEN/3120/2024")
        p.get_by_label("Asunto").fill("Solicita los avisos de separación del personal del Servicio")
        p.get_by_label("Área remitente").fill("Dirección Ejecutiva del Servicio Profesional Electoral Nacional")
        p.get_by_label("Hora de recepción").fill("09:15")
        p.get_by_label("Actividad SIVOPLE").fill("IEP/2024/0500")
        oficio = pdf(tmp_path / "INE-DESPEN-3120-2024.pdf", "Oficio INE/DESPEN/3120/2024",
                     "Avisos de separacion del personal")
        p.get_by_label("Archivos del documento").set_input_files(str(oficio))
        captura(p, "correspondencia-02-recibir")
        p.get_by_role("button", name="Registrar la entrada").click()
        p.wait_for_url("**/correspondencia/entradas/*")
        assert p.get_by_text("registrada").first.is_visible()
        assert p.get_by_role("link", name="INE-DESPEN-3120-2024.pdf").is_visible()
        captura(p, "correspondencia-03-entrada")
        p.get_by_role("link", name="Pendientes", exact=True).click()
        anio = date.today().year
        assert p.get_by_role("link", name=f"E-0001/{anio}").is_visible()
        captura(p, "correspondencia-04-pendientes")
        p.go_back()
        p.get_by_role("link", name="Turnar a un área").click()
        p.get_by_role("checkbox", name=re.compile("DEOE")).check()
        p.get_by_label("Atención que se pide").fill("Remitir la relación de avisos de separación")
        captura(p, "correspondencia-05-turnar")
        p.get_by_role("button", name="Turnar y emitir las tarjetas").click()
        p.wait_for_url("**/correspondencia/entradas/*")
        assert p.get_by_role("link", name=f"IEP/DEVySPE/TI-001/{anio}").is_visible()
        p.get_by_role("link", name="Registrar la respuesta del área").click()
        p.get_by_label("Número de su oficio").fill("IEP/DEOE/120/2024")
        captura(p, "correspondencia-06-atender")
        p.get_by_role("button", name="Registrar la respuesta").click()
        p.wait_for_url("**/correspondencia/entradas/*")
        p.get_by_role("link", name="Responder (registrar la salida)").click()
        enviado = pdf(tmp_path / "IEP-DEVySPE-310-2024.pdf", "Oficio IEP/DEVySPE/310/2024")
        acuse = pdf(tmp_path / "acuse-0510.pdf", "Acuse de recibo SIVOPLE, actividad IEP/2024/0510")
        p.get_by_label("o archivo del documento enviado").set_input_files(str(enviado))
        p.get_by_label("Número del documento enviado").fill("IEP/DEVySPE/310/2024")
        p.get_by_label("Actividad SIVOPLE").fill("IEP/2024/0510")
        p.get_by_label("Acuse de recibo").set_input_files(str(acuse))
        captura(p, "correspondencia-07-responder")
        p.get_by_role("button", name="Registrar la salida").click()
        p.wait_for_url("**/correspondencia/entradas/*")
        assert p.get_by_text("quedó concluida").is_visible()
        assert p.get_by_text("Acuse de recibo de IEP/DEVySPE/310/2024").is_visible()
        captura(p, "correspondencia-08-entrada-concluida")
        p.get_by_role("link", name="Correspondencia", exact=True).first.click()
        p.get_by_role("link", name="Pendientes", exact=True).click()
        assert p.get_by_text("No hay nada pendiente.").is_visible()
        captura(p, "correspondencia-09-pendientes-vacio")
        p.get_by_role("link", name="Bitácora", exact=True).click()
        captura(p, "correspondencia-10-bitacora")
        p.goto("/")
        captura(p, "correspondencia-11-tablero")
    finally:
        contexto.close()
    assert not errores, f"errores de JavaScript o de CSP en el navegador: {errores}"
