"""The portal's «Escaneos»: the upload answers at once, the document shows «OCR en proceso» and becomes searchable
when the background job ends; its page offers the original, the searchable copy and the recognised text.

In-process pages with Starlette's TestClient (bad input, the job run by the test) and the whole flow in Chromium
against a real uvicorn server whose executor runs the OCR job in its own process."""

from __future__ import annotations

import io
import re
import time

import pytest

from archivo import busqueda
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.busqueda import escaneos
from tests.test_ocr import OFICIO
from tests.test_web_navegador import captura, entrar
from tests.utilidades import csrf_de, pagina_escaneada


def _png(lineas: list[str], dpi: int = 150) -> bytes:
    salida = io.BytesIO()
    pagina_escaneada(lineas, dpi=dpi).save(salida, format="PNG", dpi=(dpi, dpi))
    return salida.getvalue()


def test_subir_sin_archivo_o_con_uno_que_no_es_imagen(cliente, raiz) -> None:
    c = cliente("captura")
    formulario = c.get("/escaneos/subir")
    assert formulario.status_code == 200 and "Subir escaneos" in formulario.text
    r = c.post("/escaneos/subir", data={"_csrf": csrf_de(formulario.text)})
    assert r.status_code == 200 and "elija al menos un archivo escaneado" in r.text
    r = c.post("/escaneos/subir", data={"_csrf": csrf_de(formulario.text)},
               files={"archivos": ("foto.jpg", b"no soy una foto", "image/jpeg")})
    assert r.status_code == 200 and 'aria-invalid="true"' in r.text
    assert "foto.jpg" in r.text and "no es una imagen" in r.text
    with Catalogo.abrir(raiz) as cat:
        assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0  # nothing half-written


@pytest.mark.ocr
def test_subir_responde_al_momento_y_el_trabajo_hace_el_ocr(cliente, raiz, ocr) -> None:
    c = cliente("captura")
    formulario = c.get("/escaneos/subir")
    r = c.post("/escaneos/subir", data={"_csrf": csrf_de(formulario.text)},
               files={"archivos": ("oficio.png", _png(OFICIO), "image/png")}, follow_redirects=False)
    assert r.status_code == 303
    pagina = c.get(r.headers["location"])
    assert "OCR en proceso" in pagina.text and "Descargar la copia" not in pagina.text
    doc_id = int(re.search(r"/escaneos/(\d+)", r.headers["location"]).group(1))
    with Catalogo.abrir(raiz, usuario="captura") as cat:
        assert not busqueda.buscar(cat, "Villa Esperanza").resultados  # not yet: the job has not run
        (t,) = trabajos.lista(cat, tipo_="ocr")
        assert trabajos.reclamar(cat, t.id)
    assert trabajos.ejecutar(raiz, t.id).estado == "terminado"
    pagina = c.get(f"/escaneos/{doc_id}")
    assert "OCR hecho" in pagina.text and "Descargar la copia en PDF con texto" in pagina.text
    assert "Villa Esperanza" in pagina.text  # the recognised text, to copy
    copia = c.get(f"/escaneos/{doc_id}/copia")
    assert copia.status_code == 200 and copia.content.startswith(b"%PDF-")
    original = c.get(f"/escaneos/{doc_id}/original")
    assert original.content.startswith(b"\x89PNG")
    with Catalogo.abrir(raiz) as cat:
        assert busqueda.buscar(cat, "Villa Esperanza")[0].id == doc_id
        assert escaneos.estado(cat, doc_id).estado == "hecho"
    assert c.get("/escaneos").status_code == 200


@pytest.mark.navegador
@pytest.mark.ocr
def test_en_el_navegador_subir_un_escaneo_y_encontrarlo(navegador, servidor_portal, ocr, tmp_path) -> None:
    contexto = navegador.new_context(viewport={"width": 1366, "height": 768}, locale="es-MX",
                                     base_url=servidor_portal.url)
    p = contexto.new_page()
    try:
        entrar(p, "captura")
        p.get_by_role("link", name="Escaneos").click()
        p.wait_for_url("**/escaneos")
        captura(p, "ocr-01-escaneos")
        p.get_by_role("link", name="Subir escaneos").click()
        p.get_by_role("button", name="Subir y archivar").click()
        assert p.get_by_text("elija al menos un archivo escaneado").first.is_visible()
        captura(p, "ocr-02-subir-error")
        archivo = tmp_path / "acta-entrega.png"
        archivo.write_bytes(_png(["Acta de entrega de la bodega de Tierra Colorada,", "firmada por las personas",
                                  "funcionarias del consejo distrital el 4 de julio de 2024."]))
        p.get_by_label("Escaneos (PDF, JPG, PNG o TIFF)").set_input_files(str(archivo))
        inicio = time.monotonic()
        p.get_by_role("button", name="Subir y archivar").click()
        p.wait_for_url(re.compile(r".*/escaneos/\d+$"))
        assert p.get_by_text("OCR en proceso").first.is_visible()  # the upload answered before the OCR ended
        captura(p, "ocr-03-en-proceso")
        doc_id = int(p.url.rsplit("/", 1)[1])
        limite = inicio + 600
        while "OCR hecho" not in p.locator("#estado-ocr").inner_text() and time.monotonic() < limite:
            time.sleep(1)
            p.reload()
        assert "OCR hecho" in p.locator("#estado-ocr").inner_text()
        assert "Tierra Colorada" in p.locator("#texto-reconocido").input_value()
        assert p.get_by_role("link", name="Descargar la copia en PDF con texto").is_visible()
        captura(p, "ocr-04-hecho")
        respuesta = p.request.get(f"/escaneos/{doc_id}/copia")
        assert respuesta.ok and respuesta.body().startswith(b"%PDF-")
        with Catalogo.abrir(servidor_portal.raiz) as cat:
            encontrados = busqueda.buscar(cat, '"Tierra Colorada"')
            assert [r.id for r in encontrados] == [doc_id] and encontrados[0].ocr
    finally:
        contexto.close()


@pytest.mark.ocr
def test_la_importacion_del_portal_deja_los_escaneos_al_trabajo_de_ocr(cliente, raiz, ocr, tmp_path) -> None:
    """«Importar» files a scanned PDF at once (ocr=False) and queues its OCR as a job of its own; the document's
    page says it is a scan and links to its OCR page."""
    from tests.test_web_paginas import correr_trabajos
    from tests.utilidades import pdf_de_imagenes

    escaneo = pdf_de_imagenes([pagina_escaneada(OFICIO, dpi=150)], tmp_path / "oficio.pdf", dpi=150)
    c = cliente("captura")
    r = c.post("/importar", data={"_csrf": csrf_de(c.get("/importar").text)}, follow_redirects=False,
               files=[("archivos", ("escaneos/oficio.pdf", escaneo.read_bytes(), "application/pdf"))])
    assert r.status_code == 303
    with Catalogo.abrir(raiz, usuario="captura") as cat:
        (importacion,) = trabajos.lista(cat, tipo_="importar-acervo")
        assert trabajos.reclamar(cat, importacion.id)
    hecho = trabajos.ejecutar(raiz, importacion.id)
    assert hecho.estado == "terminado" and hecho.resultado["ocr_pendientes"] == 1
    with Catalogo.abrir(raiz) as cat:
        (trabajo_ocr,) = trabajos.lista(cat, tipo_="ocr")  # queued, not run inside the import
        assert trabajo_ocr.id == hecho.resultado["ocr_trabajo"] and trabajo_ocr.estado == "pendiente"
        doc_id = cat.uno("SELECT documento_id FROM importaciones")[0]
        assert escaneos.estado(cat, doc_id).estado == "pendiente"
    pagina = c.get(f"/documentos/{doc_id}")
    assert "Es un escaneo (OCR pendiente)" in pagina.text and f'href="/escaneos/{doc_id}"' in pagina.text
    assert [t.estado for t in correr_trabajos(raiz)] == ["terminado"]  # the OCR job itself
    pagina = c.get(f"/documentos/{doc_id}")
    assert "OCR hecho" in pagina.text and "el texto y la copia buscable" in pagina.text
