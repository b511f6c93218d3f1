"""Sesiones in the portal, in-process: the calendar, a session and its orden del día, the documents of a point
(by folio, by an imported acuerdo's own number, by search, by PDF upload), the carpeta as a job with its
progress, the orden del día in Word, the state; each form with its problems beside the fields and the input kept."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from archivo import sesiones
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.busqueda import acervo, indice
from tests.utilidades import csrf_de, emitir_docx, marcadores, pdf


def _campo_con_error(html: str, campo: str) -> str:
    bloque = re.search(rf'<div class="campo[^"]*con-error[^"]*">\s*<label for="campo-{campo}".*?</div>', html, re.S)
    assert bloque, f"el campo {campo} no muestra su problema"
    return re.sub(r"<[^>]+>", " ", bloque.group(0))


@pytest.fixture
def archivo_sesion(portal, tmp_path: Path) -> dict:
    """A session with three points and, in the archive, an issued oficio, an imported acuerdo (PDF) with its
    own number, and a PDF to upload."""
    raiz = portal.state.portal.raiz
    with Catalogo.abrir(raiz, "prueba") as cat:
        s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", hora="11:00")
        sesiones.agregar_punto(cat, s.id, "Lista de asistencia y declaración de quórum.", sin_documentos=True)
        sesiones.agregar_punto(cat, s.id, "Informes.")
        sesiones.agregar_punto(cat, s.id, "Comunicaciones.")
        oficio = emitir_docx(cat, "Oficio a la DESPEN sobre la evaluación", "TEXTO-OFICIO")
        acuerdo = tmp_path / "acuerdo-cg.pdf"
        pdf(acuerdo, "ACUERDO IEM-CG-24/2014 DEL CONSEJO GENERAL SOBRE EL PROGRAMA DE INCENTIVOS", 2)
        importado = acervo.importar(cat, [acuerdo]).archivos[0]
        indice.reindexar(cat)  # the test's oficio is filed without indexing: the search must find it
        puntos = {x.numero: x.id for x in sesiones.recorrer(sesiones.orden_del_dia(cat, s.id))}
    return {"sesion": s, "oficio": oficio, "importado": importado, "puntos": puntos,
            "subir": pdf(tmp_path / "oficio-despen-2817.pdf", "OFICIO INE/DESPEN/2817/2025", 2)}


def _orden(portal, sesion_id: int) -> list[tuple[str, str, list[str]]]:
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        return [(x.numero, x.titulo, [d.folio or f"#{d.id}" for d in x.documentos])
                for x in sesiones.recorrer(sesiones.orden_del_dia(cat, sesion_id))]


def test_nueva_sesion_con_errores_junto_a_cada_campo(portal, cliente) -> None:
    c = cliente("captura")
    pagina = c.get("/sesiones/nueva")
    assert pagina.status_code == 200
    r = c.post("/sesiones/nueva", data={"_csrf": csrf_de(pagina.text), "organo": "comision", "tipo": "ordinaria",
                                        "fecha": "31/02/2025", "hora": "25:00", "lugar": "Sala de sesiones",
                                        "numero": "tres"})
    assert r.status_code == 400
    assert "no es una fecha válida" in _campo_con_error(r.text, "fecha")
    assert "«tres» no es un número de sesión" in _campo_con_error(r.text, "numero")
    assert 'value="Sala de sesiones"' in r.text and 'value="31/02/2025"' in r.text  # the input is kept
    r = c.post("/sesiones/nueva", data={"_csrf": csrf_de(pagina.text), "organo": "comision", "tipo": "ordinaria",
                                        "fecha": "31/02/2025", "hora": "25:00", "numero": ""})
    assert "no es una fecha válida" in _campo_con_error(r.text, "fecha")
    assert "no es una hora" in _campo_con_error(r.text, "hora")
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert sesiones.lista(cat) == []  # nothing half-saved
    r = c.post("/sesiones/nueva", data={"_csrf": csrf_de(pagina.text), "organo": "comision", "tipo": "extraordinaria",
                                        "fecha": "2025-03-29", "hora": "12:00", "numero": ""})
    assert r.status_code == 200 and r.url.path == "/sesiones/1"
    assert "Se registró la primera sesión extraordinaria de 2025" in r.text
    assert "sábado" in r.text  # the weekend is warned about, not refused
    # the deadline in días hábiles, as the CLI counts it
    assert "viernes 28 de marzo de 2025" in r.text and "1 día hábil antes de la sesión" in r.text


def test_calendario_del_anio_por_organo(portal, cliente) -> None:
    c = cliente("captura")
    r = c.get("/sesiones", params={"anio": 2025, "organo": "comision"})
    assert r.status_code == 200 and "Consejo General</h2>" not in r.text
    assert "Cuarta sesión ordinaria de 2025: jueves 18 de diciembre de 2025" in r.text
    r = c.post("/sesiones/calendario", data={"_csrf": csrf_de(r.text), "anio": "2025", "organo": "comision"})
    assert "Se registraron 4 sesión(es) ordinaria(s) de 2025" in r.text
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert [s.fecha for s in sesiones.lista(cat, anio=2025)] == ["2025-03-27", "2025-06-26", "2025-09-25",
                                                                       "2025-12-18"]
    assert "Registrar estas" not in c.get("/sesiones", params={"anio": 2025, "organo": "comision"}).text
    # consulta sees the calendar but has no button to change it
    r = cliente("consulta").get("/sesiones", params={"anio": 2025})
    assert "Segunda sesión ordinaria de 2025" in r.text and "Nueva sesión" not in r.text
    assert "Sin puntos todavía" in r.text


def test_orden_del_dia_agregar_subpunto_reordenar_anidar_y_quitar(portal, cliente, archivo_sesion) -> None:
    s = archivo_sesion["sesion"]
    c = cliente("captura")
    pagina = c.get(f"/sesiones/{s.id}")
    csrf = csrf_de(pagina.text)
    assert "faltan documentos en los puntos 2, 3" in pagina.text
    r = c.post(f"/sesiones/{s.id}/puntos", data={"_csrf": csrf, "titulo": "   ", "dentro_de": "2"})
    assert r.status_code == 400 and "necesita un título" in _campo_con_error(r.text, "titulo")
    r = c.post(f"/sesiones/{s.id}/puntos", data={"_csrf": csrf, "titulo": "Informe del PAT.", "dentro_de": "2"})
    assert "Punto 2.1 agregado." in r.text
    c.post(f"/sesiones/{s.id}/puntos", data={"_csrf": csrf, "titulo": "Asuntos generales.", "sin_documentos": "1"})
    puntos = {x[0]: x[1] for x in _orden(portal, s.id)}
    assert puntos == {"1": "Lista de asistencia y declaración de quórum.", "2": "Informes.",
                      "2.1": "Informe del PAT.", "3": "Comunicaciones.", "4": "Asuntos generales."}
    ids = {n: i for n, i in archivo_sesion["puntos"].items()}
    # up (3 → 2, «Informes» with its sub-point goes down), then back down by dragging (posicion)
    r = c.post(f"/sesiones/{s.id}/puntos/{ids['3']}/mover", data={"_csrf": csrf, "direccion": "arriba"})
    assert "El punto 3 ahora es el 2." in r.text
    assert [x[:2] for x in _orden(portal, s.id)][1:4] == [("2", "Comunicaciones."), ("3", "Informes."),
                                                          ("3.1", "Informe del PAT.")]
    r = c.post(f"/sesiones/{s.id}/puntos/{ids['3']}/mover", data={"_csrf": csrf, "posicion": "3"},
               headers={"X-CSRF-Token": csrf})
    assert [x[:2] for x in _orden(portal, s.id)][1:3] == [("2", "Informes."), ("2.1", "Informe del PAT.")]
    r = c.post(f"/sesiones/{s.id}/puntos/{archivo_sesion['puntos']['1']}/mover",
               data={"_csrf": csrf, "direccion": "arriba"})
    assert r.status_code == 400 and "ya está al principio de su nivel" in r.text
    # nest «Comunicaciones» (now 3) inside «Informes» and take it out again
    r = c.post(f"/sesiones/{s.id}/puntos/{ids['3']}/mover", data={"_csrf": csrf, "direccion": "adentro"})
    assert "ahora es el 2.2" in r.text
    c.post(f"/sesiones/{s.id}/puntos/{ids['3']}/mover", data={"_csrf": csrf, "direccion": "afuera"})
    r = c.post(f"/sesiones/{s.id}/puntos/{ids['3']}/quitar", data={"_csrf": csrf})
    assert "Se quitó el punto 3 («Comunicaciones.»)" in r.text
    assert [x[0] for x in _orden(portal, s.id)] == ["1", "2", "2.1", "3"]
    # consulta cannot change it
    assert cliente("consulta").post(f"/sesiones/{s.id}/puntos", data={"_csrf": csrf}).status_code == 403


def test_adjuntar_por_folio_numero_busqueda_y_pdf(portal, cliente, archivo_sesion) -> None:
    s, puntos = archivo_sesion["sesion"], archivo_sesion["puntos"]
    c = cliente("captura")
    url = f"/sesiones/{s.id}/puntos/{puntos['2']}"
    pagina = c.get(url)
    csrf = csrf_de(pagina.text)
    # unknown folio and a .txt-less mistake: every problem beside the field, nothing attached, input kept
    r = c.post(url + "/adjuntar", data={"_csrf": csrf, "referencias": "IEP/NO/001/2025\nIEM-CG-99/2014"})
    assert r.status_code == 400
    texto = _campo_con_error(r.text, "referencias")
    assert "IEP/NO/001/2025: no existe ese documento" in texto and "IEM-CG-99/2014: no existe" in texto
    assert "IEP/NO/001/2025\nIEM-CG-99/2014</textarea>" in r.text
    assert _orden(portal, s.id)[1][2] == []
    # by folio and by the acuerdo's own number
    oficio, importado = archivo_sesion["oficio"], archivo_sesion["importado"]
    r = c.post(url + "/adjuntar", data={"_csrf": csrf, "referencias": f"{oficio.folio}\niem-cg-24/2014"})
    assert "Se adjuntaron 2 documento(s) al punto 2" in r.text
    assert _orden(portal, s.id)[1][2] == [oficio.folio, f"#{importado.documento_id}"]
    # by search: the results carry checkboxes; one already in the session cannot be marked again
    r = c.get(url, params={"q": "evaluación DESPEN"})
    assert f'value="{oficio.id}" disabled' in r.text and "ya está en el punto 2" in r.text
    otro = c.get(f"/sesiones/{s.id}/puntos/{puntos['3']}", params={"q": "incentivos"})
    assert f'name="documentos" value="{importado.documento_id}" disabled' in otro.text
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        nuevo = emitir_docx(cat, "Dictamen de incentivos del ejercicio", "TEXTO-DICTAMEN")
        indice.reindexar(cat)
    r = c.get(f"/sesiones/{s.id}/puntos/{puntos['3']}", params={"q": "dictamen incentivos"})
    assert f'name="documentos" value="{nuevo.id}">' in r.text
    r = c.post(f"/sesiones/{s.id}/puntos/{puntos['3']}/adjuntar",
               data={"_csrf": csrf, "origen": "busqueda", "documentos": [str(nuevo.id)]})
    assert f"{nuevo.folio} Dictamen de incentivos del ejercicio" in r.text
    r = c.post(f"/sesiones/{s.id}/puntos/{puntos['3']}/adjuntar", data={"_csrf": csrf, "origen": "busqueda"})
    assert r.status_code == 400 and "marque al menos un documento" in r.text
    # by upload: a file that is not a PDF is refused beside the field; a real one is copied into the expediente
    r = c.post(f"/sesiones/{s.id}/puntos/{puntos['3']}/adjuntar", data={"_csrf": csrf, "origen": "pdf"},
               files={"pdf": ("falso.pdf", b"no soy un PDF", "application/pdf")})
    assert r.status_code == 400
    assert "falso.pdf: el archivo tiene extensión .pdf pero no es un PDF" in _campo_con_error(r.text, "pdf")
    subir = archivo_sesion["subir"]
    r = c.post(f"/sesiones/{s.id}/puntos/{puntos['3']}/adjuntar",
               data={"_csrf": csrf, "origen": "pdf", "asunto": "Oficio INE/DESPEN/2817/2025"},
               files={"pdf": (subir.name, subir.read_bytes(), "application/pdf")})
    assert "Oficio INE/DESPEN/2817/2025" in r.text
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        (punto3,) = [x for x in sesiones.recorrer(sesiones.orden_del_dia(cat, s.id)) if x.numero == "3"]
        subido = punto3.documentos[-1]
        assert subido.archivo(cat.raiz).read_bytes() == subir.read_bytes()  # the original, byte for byte
        assert subido.archivo(cat.raiz).name == subir.name
    # the page lists what is attached; nothing is missing now
    r = c.get(f"/sesiones/{s.id}")
    assert "todos tienen sus documentos" in r.text
    descarga = c.get(f"/sesiones/{s.id}/documentos/{subido.id}")
    assert descarga.content == subir.read_bytes() and descarga.headers["content-disposition"].startswith("inline")
    # detach: the document stays in the archive
    r = c.post(f"/sesiones/{s.id}/puntos/{puntos['3']}/desadjuntar", data={"_csrf": csrf, "documento": subido.id})
    assert "sigue en el archivo" in r.text
    # a document that is not the session's is not served through it
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        ajeno = emitir_docx(cat, "Oficio ajeno", "AJENO")
    assert c.get(f"/sesiones/{s.id}/documentos/{ajeno.id}").status_code == 404


def test_carpeta_con_avance_versiones_y_orden_del_dia_en_word(portal, cliente, archivo_sesion) -> None:
    s, puntos = archivo_sesion["sesion"], archivo_sesion["puntos"]
    c = cliente("captura")
    csrf = csrf_de(c.get(f"/sesiones/{s.id}").text)
    subir = archivo_sesion["subir"]
    for numero in ("2", "3"):
        c.post(f"/sesiones/{s.id}/puntos/{puntos[numero]}/adjuntar", data={"_csrf": csrf, "origen": "pdf"},
               files={"pdf": (f"p{numero}-{subir.name}", pdf(subir.parent / f"p{numero}.pdf", f"PUNTO {numero}", 2)
                              .read_bytes(), "application/pdf")})
    r = c.post(f"/sesiones/{s.id}/carpeta", data={"_csrf": csrf})
    assert "Se está armando la carpeta" in r.text
    t = sesiones.trabajo_de(Catalogo.abrir(portal.state.portal.raiz), s.id)
    # the progress survives a reload: the session page shows the waiting job, for anyone who sees the session
    r = cliente("consulta").get(f"/sesiones/{s.id}")
    assert 'data-activo="1"' in r.text and "Armando la carpeta" in r.text and "Armar la carpeta" not in r.text
    # asking twice does not start a second build
    c.post(f"/sesiones/{s.id}/carpeta", data={"_csrf": csrf})
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert cat.uno("SELECT COUNT(*) FROM trabajos WHERE tipo = 'carpeta-sesion'")[0] == 1
        assert trabajos.reclamar(cat, t.id)
    trabajos.ejecutar(portal.state.portal.raiz, t.id)
    avance = c.get(f"/sesiones/{s.id}/carpeta/avance", headers={"X-Fragmento": "1"})
    assert 'data-activo="0"' in avance.text and "Carpeta lista: versión 1" in avance.text
    vista = c.get(f"/sesiones/{s.id}/carpetas/1")
    assert vista.headers["content-type"] == "application/pdf"
    assert vista.headers["content-disposition"].startswith("inline")
    bajada = c.get(f"/sesiones/{s.id}/carpetas/1", params={"descargar": "1"})
    assert bajada.headers["content-disposition"].startswith("attachment")
    lector = PdfReader(io.BytesIO(bajada.content))
    assert [t for t, _, _ in marcadores(lector)] == ["1. Lista de asistencia y declaración de quórum.",
                                                     "2. Informes.", "3. Comunicaciones."]
    n = len(lector.pages)
    assert all(f"Página {i} de {n}" in p.extract_text() for i, p in enumerate(lector.pages, start=1))
    assert c.get(f"/sesiones/{s.id}/carpetas/2").status_code == 404
    # the orden del día in Word, downloadable from the session
    r = c.post(f"/sesiones/{s.id}/orden-del-dia", data={"_csrf": csrf})
    assert "Orden del día generado en Word" in r.text
    enlace = re.search(rf'href="(/sesiones/{s.id}/documentos/\d+)">Orden del día generado', r.text).group(1)
    texto = "\n".join(p.text for p in Document(io.BytesIO(c.get(enlace).content)).paragraphs)
    assert "ORDEN DEL DÍA" in texto and "Comunicaciones." in texto
    # an earlier version stays listed after a change
    c.post(f"/sesiones/{s.id}/puntos", data={"_csrf": csrf, "titulo": "Asuntos generales.", "sin_documentos": "1"})
    assert "Desactualizada: el orden del día cambió" in c.get(f"/sesiones/{s.id}").text


def test_estado_de_la_sesion_solo_emision(portal, cliente, archivo_sesion) -> None:
    s = archivo_sesion["sesion"]
    captura = cliente("captura")
    csrf = csrf_de(captura.get(f"/sesiones/{s.id}").text)
    assert "Cambiar el estado" not in captura.get(f"/sesiones/{s.id}").text
    assert captura.post(f"/sesiones/{s.id}/estado", data={"_csrf": csrf, "estado": "celebrada"}).status_code == 403
    e = cliente("emision")
    csrf = csrf_de(e.get(f"/sesiones/{s.id}").text)
    r = e.post(f"/sesiones/{s.id}/estado", data={"_csrf": csrf, "estado": "celebrada"})
    assert "quedó celebrada" in r.text and "su orden del día se conserva como quedó" in r.text
    assert "Agregar un punto" not in r.text
    r = e.post(f"/sesiones/{s.id}/puntos", data={"_csrf": csrf, "titulo": "Tarde."})
    assert r.status_code == 409 and "está celebrada" in r.text
    assert e.get("/sesiones/999").status_code == 404
