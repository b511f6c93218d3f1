"""The portal's pages in-process (Starlette's TestClient): padrón, procedures, the form built from a template's
schema, borradores, issuing, corrections, cancellations, batches, imports, expedientes, search and accounts."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from archivo import generacion, personal, procedimientos
from archivo.archivistica import documentos
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from tests.utilidades import PADRON_CSV, csrf_de, instalar_plantilla_prueba, resumen_errores, texto_docx


@pytest.fixture
def datos(raiz, portal, tmp_path):
    """The fixture archive with a padrón, the test template and an open procedure."""
    csv = tmp_path / "padron.csv"
    csv.write_text(PADRON_CSV, encoding="utf-8")
    instalar_plantilla_prueba(raiz.plantillas)
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        personal.importar(cat, csv)
        proc = procedimientos.abrir(cat, "concurso publico", "Concurso Público 2025", personas=["SPEN-0001"])
    return {"raiz": raiz, "proc": proc.id}


def correr_trabajos(raiz) -> list[trabajos.Trabajo]:
    """Run every waiting job in this process (as the executor would, without threads)."""
    hechos = []
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        for t in trabajos.lista(cat, activos=True):
            if t.estado == "pendiente" and trabajos.reclamar(cat, t.id):
                hechos.append(trabajos.ejecutar(raiz, t.id))
    return hechos


def historial(raiz, accion: str) -> list[dict]:
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        return [dict(f) for f in cat.todos("SELECT * FROM historial WHERE accion = ? ORDER BY id", (accion,))]


# --- padrón ------------------------------------------------------------------------------------------------

def test_padron_busqueda_sin_acentos_filtros_y_sugerencias(datos, cliente) -> None:
    c = cliente("consulta")
    r = c.get("/personal", params={"q": "perez"})
    assert r.status_code == 200 and "Ana Laura Pérez Ruiz" in r.text and "José Luis" not in r.text
    r = c.get("/personal", params={"rango": "B"})
    assert "O&#39;Connor" in r.text and "Ana Laura" not in r.text  # escaped, never raw HTML
    parcial = c.get("/personal", params={"q": "garcia"}, headers={"X-Fragmento": "1"})
    assert "<html" not in parcial.text and "José Luis García" in parcial.text
    sugerencias = c.get("/personal/buscar", params={"q": "jose"}).json()
    assert [s["clave"] for s in sugerencias] == ["SPEN-0002"]
    ficha = c.get("/personal/SPEN-0001")
    assert "Técnica de Organización Electoral" in ficha.text and "Concurso Público 2025" in ficha.text
    assert "30 de junio de 2021" in ficha.text  # dates in Spanish


def test_alta_muestra_cada_problema_junto_a_su_campo_y_conserva_lo_escrito(datos, cliente) -> None:
    c = cliente("captura")
    csrf = csrf_de(c.get("/personal/nueva").text)
    r = c.post("/personal/nueva", data={"_csrf": csrf, "clave": "SPEN-0500", "nombre": "", "primer_apellido": "Ruiz",
                                        "cargo": "Técnico", "adscripcion": "DEOE", "correo": "no-es-correo",
                                        "fecha_ingreso": "31/02/2020", "situacion": "activo"})
    assert r.status_code == 400
    for campo in ("nombre", "correo", "fecha_ingreso"):
        assert f'id="error-{campo}-1"' in r.text, campo
        assert re.search(rf'id="campo-{campo}"[^>]*aria-invalid="true"', r.text), campo
    assert 'value="Ruiz"' in r.text and 'value="SPEN-0500"' in r.text  # what was typed stays
    assert 'href="#campo-nombre"' in r.text  # the summary links to the field
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        assert personal.buscar(cat, "SPEN-0500") is None
    r = c.post("/personal/nueva", data={"_csrf": csrf, "clave": "SPEN-0500", "nombre": "Rosa", "primer_apellido": "Ruiz",
                                        "cargo": "Técnico", "adscripcion": "DEOE", "situacion": "activo"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/personal/SPEN-0500"
    assert historial(datos["raiz"], "alta de persona")[-1]["usuario"] == "captura"


def test_importar_padron_muestra_todos_los_problemas_y_no_importa_nada(datos, cliente) -> None:
    c = cliente("captura")
    csrf = csrf_de(c.get("/personal/importar").text)
    malo = PADRON_CSV + "SPEN-0009,,Sin Nombre,,Cargo,,Z,DEOE,,,,,activo,\n"
    r = c.post("/personal/importar", data={"_csrf": csrf}, files={"archivo": ("padron.csv", malo.encode(), "text/csv")})
    assert r.status_code == 400 and "No se importó nada" in r.text
    assert "<td>5</td><td>Nombre(s) (columna B)</td>" in r.text and "<td>5</td><td>Rango (A/B/C) (columna G)</td>" in r.text
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        assert personal.buscar(cat, "SPEN-0009") is None
    # the type is checked by content, not by the name
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    r = c.post("/personal/importar", data={"_csrf": csrf}, files={"archivo": ("padron.xlsx", docx.getvalue())})
    assert r.status_code == 400 and "su contenido es un documento de Word" in r.text


def test_un_zip_bomba_se_rechaza(datos, cliente) -> None:
    bomba = io.BytesIO()
    with zipfile.ZipFile(bomba, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (320 * 1024 * 1024))  # 320 MB of zeros, ~300 KB packed
    c = cliente("captura")
    csrf = csrf_de(c.get("/personal/importar").text)
    r = c.post("/personal/importar", data={"_csrf": csrf}, files={"archivo": ("padron.xlsx", bomba.getvalue())})
    assert r.status_code == 400 and "posible archivo malicioso" in r.text


def test_envio_demasiado_grande_da_un_mensaje_en_espanol(datos, cliente) -> None:
    c = cliente("captura")
    csrf = csrf_de(c.get("/personal/importar").text)
    r = c.post("/personal/importar", data={"_csrf": csrf}, files={"archivo": ("padron.csv", b"x" * (26 * 1024 * 1024))})
    assert r.status_code == 413 and "pesa más de 25 MB" in r.text


# --- procedures --------------------------------------------------------------------------------------------

def test_abrir_un_procedimiento_y_avanzar_sus_pasos(datos, cliente) -> None:
    c = cliente("captura")
    pagina = c.get("/procedimientos/nuevo")
    assert 'value="concurso-publico:concurso-publico"' in pagina.text
    csrf = csrf_de(pagina.text)
    r = c.post("/procedimientos/nuevo", data={"_csrf": csrf, "tipo": "", "titulo": "", "personas": "NO-EXISTE"})
    assert r.status_code == 400 and 'id="error-tipo-1"' in r.text and 'id="error-titulo-1"' in r.text
    assert "existen en el padrón: NO-EXISTE" in r.text
    r = c.post("/procedimientos/nuevo", data={"_csrf": csrf, "tipo": "incentivos:incentivos",
                                              "titulo": "Incentivos 2025", "personas": ["SPEN-0002", "SPEN-0003"]},
               follow_redirects=False)
    assert r.status_code == 303
    destino = r.headers["location"]
    pagina = c.get(destino)
    assert "Incentivos 2025" in pagina.text and "José Luis García" in pagina.text
    r = c.post(f"{destino}/pasos/1", data={"_csrf": csrf, "estado": "hecho"}, follow_redirects=False)
    assert r.status_code == 303
    pagina = c.get(destino)
    assert re.search(r'id="paso-1".*?hecho</span>\s*el \d+ de \w+ de \d{4} por captura', pagina.text, re.S)
    assert cliente("captura").post(f"{destino}/concluir", data={"_csrf": csrf}).status_code == 403


# --- the form built from the template's schema ---------------------------------------------------------------

def _form(c, ruta="/documentos/nuevo/oficio-prueba"):
    pagina = c.get(ruta)
    assert pagina.status_code == 200, pagina.text[:500]
    return pagina, csrf_de(pagina.text)


def test_formulario_de_la_plantilla_tiene_un_campo_por_campo_declarado(datos, cliente) -> None:
    c = cliente("captura")
    pagina, _ = _form(c, f"/documentos/nuevo/oficio-prueba?procedimiento={datos['proc']}")
    html = pagina.text
    assert 'name="asunto"' in html and 'name="cuerpo"' in html and "<textarea" in html
    assert re.search(r'type="date"[^>]*name="fecha_limite"', html)  # a date picker
    assert re.search(r'name="destinatario"[^>]*data-persona', html)  # a persona picker
    assert 'name="copias.0"' in html and 'data-agregar-fila="copias"' in html  # a list with rows
    assert 'name="calificaciones.0.factor"' in html and 'name="calificaciones.0.valor"' in html  # a table
    assert "Persona destinataria" in html and "Ejemplo: Notificación" in html  # description and example as hint
    assert 'name="monto"' in html and "(pesos)" in html
    assert "Emitir con folio" not in html  # captura saves borradores; emisión issues


def test_error_junto_al_campo_corregir_vista_previa_emitir_descargar_y_encontrar(datos, cliente) -> None:
    c = cliente("emision")
    _, csrf = _form(c)
    datos_form = {"_csrf": csrf, "procedimiento": str(datos["proc"]), "asunto": "Notificación de resultados",
                  "destinatario": "SPEN-0001", "cuerpo": "", "fecha_limite": "2025-06-30", "copias.0": "Archivo",
                  "copias.1": "Minutario", "calificaciones.0.factor": "Metas", "calificaciones.0.valor": "9.5",
                  "fecha": "2025-03-10", "area": "DEVySPE", "_accion": "emitir"}
    r = c.post("/documentos/nuevo/oficio-prueba", data=datos_form)
    assert r.status_code == 400
    # the one mistake, beside its field; everything else kept
    assert 'id="error-cuerpo-1"' in r.text and "Falta el campo obligatorio «cuerpo»" in r.text
    assert 'value="Notificación de resultados"' in r.text and 'value="Minutario"' in r.text and 'value="9.5"' in r.text
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        assert documentos.contar(cat) == 0
    datos_form["cuerpo"] = "Se le comunica el resultado zarzamora de su evaluación."
    vista = c.post("/documentos/nuevo/oficio-prueba", data=dict(datos_form, _accion="texto"))
    assert vista.status_code == 200 and "SIN FOLIO — BORRADOR" in vista.text and "zarzamora" in vista.text
    r = c.post("/documentos/nuevo/oficio-prueba", data=datos_form, follow_redirects=False)
    assert r.status_code == 303
    pagina = c.get(r.headers["location"])
    folio = re.search(r"<h1>([^<]+)</h1>", pagina.text).group(1)
    assert folio == "IEP/DEVySPE/001/2025" and "Documento emitido con folio" in pagina.text
    docx = c.get(re.search(r'href="(/documentos/\d+/archivo)"', pagina.text).group(1))
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    texto = texto_docx(docx.content)
    assert "zarzamora" in texto and folio in texto and "c.c.p. Minutario" in texto and "9.500" in texto
    encontrado = c.get("/buscar", params={"q": "zarzamora"})
    assert folio in encontrado.text and "<mark>zarzamora</mark>" in encontrado.text
    assert historial(datos["raiz"], "emitir documento")[-1]["usuario"] == "emision"
    # the same template to the same persona in the same procedure again: refused beside the form, unless the
    # office says it is another document on purpose
    otra = dict(datos_form, asunto="Segunda notificación")
    r = c.post("/documentos/nuevo/oficio-prueba", data=otra)
    assert r.status_code == 400 and f"ya se emitió a SPEN-0001 en el procedimiento {datos['proc']}" in r.text
    assert 'name="repetir"' in r.text and 'value="Segunda notificación"' in r.text
    r = c.post("/documentos/nuevo/oficio-prueba", data=dict(otra, repetir="1"), follow_redirects=False)
    assert r.status_code == 303
    assert "IEP/DEVySPE/002/2025" in c.get(r.headers["location"]).text


def test_consulta_y_captura_no_pueden_emitir(datos, cliente) -> None:
    r = cliente("consulta").post("/documentos/nuevo/oficio-prueba", data={"_csrf": "x", "_accion": "emitir"})
    assert r.status_code == 403
    c = cliente("captura")
    _, csrf = _form(c)
    r = c.post("/documentos/nuevo/oficio-prueba", data={
        "_csrf": csrf, "procedimiento": str(datos["proc"]), "asunto": "A", "destinatario": "SPEN-0001",
        "cuerpo": "B", "fecha": "2025-03-10", "_accion": "emitir"})
    assert r.status_code == 403 and "rol «emisión»" in r.text
    r = c.post("/documentos/nuevo/oficio-prueba", data={
        "_csrf": csrf, "procedimiento": str(datos["proc"]), "asunto": "A", "destinatario": "SPEN-0001",
        "cuerpo": "B", "fecha": "2025-03-10", "_accion": "borrador"}, follow_redirects=False)
    assert r.status_code == 303
    borrador = r.headers["location"]
    assert "Borrador #" in c.get(borrador).text
    assert c.post(f"{borrador}/emitir", data={"_csrf": csrf}).status_code == 403
    e = cliente("emision")
    r = e.post(f"{borrador}/emitir", data={"_csrf": csrf_de(e.get(borrador).text)}, follow_redirects=False)
    assert r.status_code == 303 and "Borrador emitido con folio IEP/DEVySPE/001/" in e.get(r.headers["location"]).text


def test_agregar_y_quitar_renglones_sin_javascript(datos, cliente) -> None:
    c = cliente("captura")
    _, csrf = _form(c)
    base = {"_csrf": csrf, "asunto": "Uno", "copias.0": "Archivo", "calificaciones.0.factor": "Metas",
            "calificaciones.0.valor": "9"}
    r = c.post("/documentos/nuevo/oficio-prueba", data=dict(base, _accion="agregar:copias"))
    assert r.status_code == 200 and 'name="copias.1"' in r.text and 'value="Archivo"' in r.text
    assert "error" not in re.sub(r'class="[^"]*"', "", r.text).lower().split("<main")[1][:0]  # no problems shown
    assert "Hay problemas" not in r.text
    r = c.post("/documentos/nuevo/oficio-prueba", data=dict(base, _accion="agregar:calificaciones"))
    assert 'name="calificaciones.1.factor"' in r.text
    r = c.post("/documentos/nuevo/oficio-prueba", data=dict(base, **{"copias.1": "Minutario"}, _accion="quitar:copias:0"))
    assert 'value="Minutario"' in r.text and 'value="Archivo"' not in r.text and 'name="copias.1"' not in r.text


def test_corregir_y_cancelar(datos, cliente) -> None:
    with Catalogo.abrir(datos["raiz"], usuario="emision") as cat:
        doc = generacion.generar(cat, "oficio-prueba", procedimiento_id=datos["proc"], datos={
            "asunto": "Original", "destinatario": "SPEN-0001", "cuerpo": "Texto con error."})
    c = cliente("emision")
    r = c.get(f"/documentos/{doc.id}/corregir", follow_redirects=False)
    formulario = c.get(r.headers["location"])
    assert f"corrige</strong> al {doc.folio}" in formulario.text and 'value="Original"' in formulario.text
    campos = {"_csrf": csrf_de(formulario.text), "procedimiento": str(datos["proc"]), "sustituye": doc.folio,
              "asunto": "Original", "destinatario": "SPEN-0001", "cuerpo": "Texto corregido.", "_accion": "emitir"}
    r = c.post("/documentos/nuevo/oficio-prueba", data=campos, follow_redirects=False)
    nuevo = c.get(r.headers["location"])
    assert f"Corrige a</dt><dd><a href=\"/documentos/{doc.id}\">{doc.folio}" in nuevo.text
    pagina = c.get(f"/documentos/{doc.id}/cancelar")
    r = c.post(f"/documentos/{doc.id}/cancelar", data={"_csrf": csrf_de(pagina.text), "motivo": "  "})
    assert r.status_code == 400 and 'id="error-motivo-1"' in r.text
    r = c.post(f"/documentos/{doc.id}/cancelar", data={"_csrf": csrf_de(pagina.text), "motivo": "Sustituido"})
    assert "cancelado" in r.text and "Sustituido" in r.text


# --- batches -------------------------------------------------------------------------------------------------

def test_lote_desde_excel_con_vista_previa_en_borradores_y_emision_con_avance(datos, cliente) -> None:
    c = cliente("emision")
    formato = c.get("/documentos/lote/oficio-prueba/formato.xlsx")
    descargado = load_workbook(io.BytesIO(formato.content))
    assert descargado.sheetnames == ["Lote", "Ejemplo", "Instrucciones"]  # the same workbook as the CLI's
    hoja = descargado.active
    encabezados = [x.value for x in hoja[1]]
    assert encabezados[:3] == ["asunto", "destinatario", "cuerpo"] and hoja.max_row == 1  # no example row
    assert "En el portal" in " ".join(str(c.value) for c in descargado["Instrucciones"]["A"])
    libro = Workbook()
    h = libro.active
    h.append(["asunto", "destinatario", "cuerpo"])
    h.append(["Aviso uno", "SPEN-0001", "Texto uno."])
    h.append(["Aviso dos", "NO-EXISTE", ""])
    h.append(["Aviso tres", "SPEN-0003", "Texto tres."])
    malo = io.BytesIO()
    libro.save(malo)
    pagina = c.get(f"/documentos/lote/oficio-prueba?procedimiento={datos['proc']}")
    csrf = csrf_de(pagina.text)
    campos = {"_csrf": csrf, "origen": "excel", "procedimiento": str(datos["proc"]), "fecha": "2025-04-01"}
    r = c.post("/documentos/lote/oficio-prueba", data=campos, files={"archivo": ("lote.xlsx", malo.getvalue())})
    assert r.status_code == 400 and "lote.xlsx, hoja «Sheet», fila 3, columna B («destinatario»)" in r.text
    assert "lote.xlsx, hoja «Sheet», fila 3, columna C («cuerpo»)" in r.text and "fila 2" not in r.text
    h["B3"], h["C3"] = "SPEN-0002", "Texto dos."
    bueno = io.BytesIO()
    libro.save(bueno)
    r = c.post("/documentos/lote/oficio-prueba", data=campos, files={"archivo": ("lote.xlsx", bueno.getvalue())},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/trabajos/")
    assert "en espera" in c.get(r.headers["location"]).text
    [vista] = correr_trabajos(datos["raiz"])
    assert vista.estado == "terminado" and len(vista.resultado["borradores"]) == 3
    pagina = c.get(f"/trabajos/{vista.id}")
    assert "Emitir los 3 documentos con folio" in pagina.text
    r = c.post("/documentos/lote/emitir", data={"_csrf": csrf, "trabajo": str(vista.id), "fecha": "2025-04-01"},
               follow_redirects=False)
    [emision] = correr_trabajos(datos["raiz"])
    assert emision.estado == "terminado" and emision.hechos == emision.total == 3
    pagina = c.get(r.headers["location"])
    for n in (1, 2, 3):
        assert f"IEP/DEVySPE/00{n}/2025" in pagina.text
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        assert documentos.contar(cat, estado="borrador") == 0 and documentos.contar(cat, estado="emitido") == 3


def test_lote_con_una_persona_repetida_pide_confirmarlo_y_se_emite_con_la_casilla(datos, cliente) -> None:
    c = cliente("emision")
    libro = Workbook()
    h = libro.active
    h.append(["asunto", "destinatario", "cuerpo"])
    h.append(["Aviso uno", "SPEN-0001", "Texto uno."])
    h.append(["Aviso dos", "SPEN-0001", "Otro texto para la misma persona."])
    contenido = io.BytesIO()
    libro.save(contenido)
    pagina = c.get(f"/documentos/lote/oficio-prueba?procedimiento={datos['proc']}")
    assert 'name="repetir"' in pagina.text
    campos = {"_csrf": csrf_de(pagina.text), "origen": "excel", "procedimiento": str(datos["proc"]),
              "fecha": "2025-04-01"}
    archivo = {"archivo": ("lote.xlsx", contenido.getvalue())}
    r = c.post("/documentos/lote/oficio-prueba", data=campos, files=archivo)
    assert r.status_code == 400 and "SPEN-0001 ya tiene un documento en este lote" in r.text
    assert "Emitirlos aunque" in r.text  # the fix named in the message is on the page
    assert correr_trabajos(datos["raiz"]) == []  # nothing was queued
    r = c.post("/documentos/lote/oficio-prueba", data={**campos, "repetir": "1"}, files=archivo,
               follow_redirects=False)
    assert r.status_code == 303
    [vista] = correr_trabajos(datos["raiz"])
    assert vista.estado == "terminado" and len(vista.resultado["borradores"]) == 2, vista.error
    c.post("/documentos/lote/emitir", data={"_csrf": campos["_csrf"], "trabajo": str(vista.id)},
           follow_redirects=False)
    [emision] = correr_trabajos(datos["raiz"])
    assert emision.estado == "terminado" and emision.hechos == 2, emision.error
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        assert documentos.contar(cat, estado="emitido") == 2


def test_lote_desde_el_padron(datos, cliente) -> None:
    c = cliente("captura")
    csrf = csrf_de(c.get("/documentos/lote/oficio-prueba").text)
    r = c.post("/documentos/lote/oficio-prueba", data={"_csrf": csrf, "origen": "padron", "rango": "A",
                                                       "asunto": "Aviso a rango A", "cuerpo": "Texto común."},
               follow_redirects=False)
    assert r.status_code == 303
    [vista] = correr_trabajos(datos["raiz"])
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        borradores = [documentos.obtener(cat, i) for i in vista.resultado["borradores"]]
    assert [b.personas for b in borradores] == [["SPEN-0001"]]
    assert "Para emitirlos se necesita el rol «emisión»" in c.get(f"/trabajos/{vista.id}").text


# --- import ----------------------------------------------------------------------------------------------------

def _pdf(texto: str) -> bytes:
    from reportlab.pdfgen import canvas

    salida = io.BytesIO()
    hoja = canvas.Canvas(salida)
    hoja.drawString(72, 720, texto)
    hoja.save()
    return salida.getvalue()


def test_importar_una_carpeta_con_informe_por_archivo(datos, cliente) -> None:
    c = cliente("captura")
    csrf = csrf_de(c.get("/importar").text)
    pdf = _pdf("ACUERDO IEP-CG-07/2023 sobre la designación de encargados de despacho")
    archivos = [
        ("archivos", ("acuerdos/2023/acuerdo-07.pdf", pdf, "application/pdf")),
        ("archivos", ("acuerdos/2023/copia.pdf", pdf, "application/pdf")),
        ("archivos", ("acuerdos/nota.txt", b"Nota sobre incentivos 2022.", "text/plain")),
        ("archivos", ("acuerdos/falso.pdf", b"PK\x03\x04 no es un pdf", "application/pdf")),
        ("archivos", ("acuerdos/foto.jpg", b"\xff\xd8\xff\xe0 imagen", "image/jpeg")),
        ("archivos", ("acuerdos/../../fuera.txt", b"intento de salir de la carpeta", "text/plain")),
    ]
    r = c.post("/importar", data={"_csrf": csrf}, files=archivos, follow_redirects=False)
    assert r.status_code == 303
    [t] = correr_trabajos(datos["raiz"])
    assert t.estado == "terminado", t.mensaje
    filas = {f["origen"]: f for f in t.resultado["archivos"]}
    assert filas["acuerdos/2023/acuerdo-07.pdf"]["resultado"] == "importado"
    assert filas["acuerdos/2023/copia.pdf"]["resultado"] == "duplicado"
    assert filas["acuerdos/nota.txt"]["resultado"] == "importado"
    assert filas["acuerdos/falso.pdf"]["resultado"] == "rechazado"
    assert filas["acuerdos/foto.jpg"]["resultado"] == "omitido"
    assert filas["acuerdos/fuera.txt"]["resultado"] == "importado"  # «..» never leaves the upload folder
    pagina = c.get(r.headers["location"])
    assert "Informe por archivo" in pagina.text and "acuerdos/2023/copia.pdf" in pagina.text
    assert not (datos["raiz"].ruta / ".trabajos").exists() or not any(
        (datos["raiz"].ruta / ".trabajos").glob("subida-*/entrada/*"))  # uploads are not kept
    assert "IEP-CG-07/2023" in c.get("/buscar", params={"q": "encargados de despacho"}).text


# --- expedientes, search, accounts -------------------------------------------------------------------------------

def test_expediente_caratula_indice_y_cierre(datos, cliente) -> None:
    with Catalogo.abrir(datos["raiz"], usuario="prueba") as cat:
        exp_id = procedimientos.obtener(cat, datos["proc"]).expediente_id
    c = cliente("emision")
    pagina = c.get(f"/expedientes/{exp_id}")
    assert "Descargar la carátula" in pagina.text
    caratula = c.get(f"/expedientes/{exp_id}/caratula")
    assert "Concurso Público 2025" in texto_docx(caratula.content)
    assert "Cerrar el expediente" not in cliente("captura").get(f"/expedientes/{exp_id}").text
    r = c.post(f"/expedientes/{exp_id}/cerrar", data={"_csrf": csrf_de(pagina.text), "fecha": "99/99/2025"})
    assert r.status_code == 400 and 'id="error-fecha-1"' in r.text
    r = c.post(f"/expedientes/{exp_id}/cerrar", data={"_csrf": csrf_de(pagina.text)})
    assert "cerrado" in r.text and "ya no admite documentos nuevos" in r.text


def test_listas_de_expedientes_y_documentos_con_sus_filtros(datos, cliente) -> None:
    with Catalogo.abrir(datos["raiz"], usuario="emision") as cat:
        generacion.generar(cat, "oficio-prueba", procedimiento_id=datos["proc"],
                           datos={"asunto": "Aviso de guayabas", "destinatario": "SPEN-0001", "cuerpo": "Texto."})
    c = cliente("consulta")
    todos = c.get("/expedientes")
    assert "Concurso Público 2025" in todos.text and "Ana" in todos.text  # procedure and personal expedientes
    por_tipo = c.get("/expedientes", params={"tipo": "procedimiento"})
    assert "Concurso Público 2025" in por_tipo.text and "/personal/SPEN-0001" not in por_tipo.text
    fila = re.search(r"Concurso Público 2025.*?</tr>", por_tipo.text, re.S).group(0)
    assert re.search(r">\s*1\s*<", fila)  # its one issued document counted
    assert "Concurso Público 2025" not in c.get("/expedientes", params={"q": "no existe tal cosa"}).text
    anio = str(date.today().year)
    lista = c.get("/documentos")
    assert f'<option value="{anio}"' in lista.text and "Aviso de guayabas" in lista.text
    assert "Aviso de guayabas" in c.get("/documentos", params={"anio": anio}).text
    assert "Aviso de guayabas" not in c.get("/documentos", params={"anio": "1999"}).text
    assert "Ana" in c.get(f"/procedimientos/{datos['proc']}").text  # the person's name beside the procedure


def test_busqueda_con_facetas_paginas_y_resultados_al_escribir(datos, cliente) -> None:
    with Catalogo.abrir(datos["raiz"], usuario="emision") as cat:
        for i in range(23):
            generacion.generar(cat, "oficio-prueba", procedimiento_id=datos["proc"], area="CSPE" if i % 2 else None,
                               datos={"asunto": f"Aviso {i} sobre arándanos", "destinatario": "SPEN-0001",
                                      "cuerpo": "Texto sobre arándanos."}, repetir=True)
    c = cliente("consulta")
    r = c.get("/buscar", params={"q": "arandanos"})
    assert "23 documentos encontrados" in r.text and "página 1 de 2" in r.text
    assert re.search(r">Oficio</a> <span class=\"cuenta\">\(23\)</span>", r.text)
    assert re.search(r">CSPE</a> <span class=\"cuenta\">\(11\)</span>", r.text)
    filtrada = c.get("/buscar", params={"q": "arandanos", "area": "CSPE"})
    assert "11 documentos encontrados" in filtrada.text
    segunda = c.get("/buscar", params={"q": "arandanos", "pagina": "2"})
    assert len(re.findall(r'<li class="resultado">', segunda.text)) == 3
    viva = c.get("/buscar", params={"q": "arandanos"}, headers={"X-Fragmento": "1"})
    assert "<html" not in viva.text and "23 documentos encontrados" in viva.text
    r = c.get("/buscar", params={"q": "(arandanos"})
    assert r.status_code == 200 and "resumen-errores" in r.text


def test_cuentas_alta_rol_y_contrasena_desde_el_portal(datos, cliente) -> None:
    c = cliente("administracion")
    pagina = c.get("/cuentas")
    csrf = csrf_de(pagina.text)
    r = c.post("/cuentas", data={"_csrf": csrf, "usuario": "Mal Nombre", "nombre": "", "rol": "captura",
                                 "contrasena": "corta", "confirmacion": "otra"})
    assert r.status_code == 400
    for campo in ("usuario", "nombre", "contrasena"):
        assert f'id="error-{campo}-1"' in r.text, campo
    r = c.post("/cuentas", data={"_csrf": csrf, "usuario": "lucia", "nombre": "Lucía Ortega", "rol": "emision",
                                 "contrasena": "una frase larga segura", "confirmacion": "una frase larga segura"})
    assert "Cuenta «lucia» creada" in r.text
    r = c.post("/cuentas/lucia", data={"_csrf": csrf, "accion": "rol", "rol": "consulta"})
    assert "tiene ahora el rol consulta" in r.text
    assert cliente("captura").get("/cuentas").status_code == 403


def test_configuracion_como_formulario_con_la_validacion_del_modulo(datos, cliente) -> None:
    raiz = datos["raiz"]
    antes = raiz.archivo_toml.read_text(encoding="utf-8")
    c = cliente("administracion")
    pagina = c.get("/configuracion")
    assert 'name="institucion.nombre" value="Instituto Electoral de Prueba"' in pagina.text
    assert 'name="areas.1.siglas" value="CSPE"' in pagina.text and 'name="folios.0._clave" value="oficio"' in pagina.text
    sin_moldes = re.sub(r"<template.*?</template>", "", pagina.text, flags=re.S)  # a browser never sends them
    campos = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', sin_moldes))
    campos = {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in campos.items() if k != "_accion"}
    campos.update({"institucion.siglas": "I E P", "institucion.ciudad": "", "areas.1.siglas": "CS PE",
                   "sesiones.anticipacion_ordinaria": "tres"})
    r = c.post("/configuracion", data=campos)
    assert r.status_code == 400 and "no se guardó nada" in r.text
    for campo in ("institucion.siglas", "institucion.ciudad", "areas.1.siglas", "sesiones.anticipacion_ordinaria"):
        assert f'id="error-{campo}-1"' in r.text, campo
    assert 'value="CS PE"' in r.text  # what was typed stays
    assert raiz.archivo_toml.read_text(encoding="utf-8") == antes
    campos.update({"institucion.siglas": "IEP", "institucion.ciudad": "Ciudad Prueba", "areas.1.siglas": "CSPE",
                   "sesiones.anticipacion_ordinaria": "4", "institucion.lema": "Lema de prueba"})
    r = c.post("/configuracion", data=campos, follow_redirects=False)
    assert r.status_code == 303, re.sub(r"\s+", " ", r.text)[:3000]
    texto = raiz.archivo_toml.read_text(encoding="utf-8")
    assert 'lema = "Lema de prueba"' in texto and "anticipacion_ordinaria = 4" in texto
    assert c.get("/configuracion").text.count('value="Lema de prueba"') == 1
    registro = historial(raiz, "cambiar la configuración")
    assert registro and registro[-1]["usuario"] == "admin"
    assert cliente("emision").get("/configuracion").status_code == 403


def test_configuracion_verdadero_o_falso_se_elige_y_se_guarda_igual(datos, cliente) -> None:
    """A true/false key is a «Sí»/«No» choice; the form sent back unchanged saves the same value (it was shown as
    the text «True», which the module's validation refused)."""
    raiz = datos["raiz"]
    with open(raiz.archivo_toml, "a", encoding="utf-8") as toml:
        toml.write("\n[correspondencia]\nabrir_procedimiento = true\n")
    c = cliente("administracion")
    pagina = c.get("/configuracion")
    seleccion = re.search(r'<select id="campo-correspondencia.abrir_procedimiento".*?</select>', pagina.text, re.S)
    assert seleccion and '<option value="true" selected>Sí</option>' in seleccion.group(0)
    assert "Como viene por omisión (no)" in seleccion.group(0)
    sin_moldes = re.sub(r"<template.*?</template>", "", pagina.text, flags=re.S)
    campos = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', sin_moldes))
    campos = {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in campos.items() if k != "_accion"}
    campos["correspondencia.abrir_procedimiento"] = "true"  # as the browser sends the selected option
    r = c.post("/configuracion", data=campos, follow_redirects=False)
    assert r.status_code == 303, resumen_errores(r.text)
    assert "abrir_procedimiento = true" in raiz.archivo_toml.read_text(encoding="utf-8")
    campos["correspondencia.abrir_procedimiento"] = "false"
    assert c.post("/configuracion", data=campos, follow_redirects=False).status_code == 303
    assert "abrir_procedimiento = false" in raiz.archivo_toml.read_text(encoding="utf-8")


def test_plantillas_subir_revisar_y_completar_su_esquema(datos, cliente) -> None:
    from docx import Document

    from tests.utilidades import docx_prueba

    c = cliente("administracion")
    pagina = c.get("/plantillas")
    assert "oficio-prueba" in pagina.text
    csrf = csrf_de(pagina.text)
    # a .docx with a broken tag: the check says where
    roto = Document()
    roto.add_paragraph("Asunto: {{ asunto }")
    salida = io.BytesIO()
    roto.save(salida)
    r = c.post("/plantillas/subir", data={"_csrf": csrf, "nombre": "rota"},
               files={"archivo": ("rota.docx", salida.getvalue())}, follow_redirects=True)
    assert "Nueva plantilla: rota" in r.text and "error" in r.text and "cuerpo, párrafo 1" in r.text
    r = c.post(r.url.path, data={"_csrf": csrf, "titulo": "Rota", "tipo": "oficio", "serie": "oficio"})
    assert r.status_code == 400 and "corríjalos en Word" in r.text
    assert not (datos["raiz"].plantillas / "rota.docx").exists()
    # a good one without its schema: drafted from its variables, completed in the form
    r = c.post("/plantillas/subir", data={"_csrf": csrf, "nombre": "oficio-nuevo"},
               files={"archivo": ("oficio.docx", docx_prueba())}, follow_redirects=True)
    assert 'value="asunto"' in r.text and 'value="destinatario"' in r.text
    formulario = r.url.path
    campos = {"_csrf": csrf, "titulo": "Oficio nuevo", "tipo": "oficio", "serie": "oficio", "pasos": "concurso-publico:1",
              "campos.0.nombre": "asunto", "campos.0.tipo": "texto", "campos.0.requerido": "sí",
              "campos.0.descripcion": "", "campos.1.nombre": "destinatario", "campos.1.tipo": "persona"}
    r = c.post(formulario, data=campos)
    assert r.status_code == 400 and "descripcion" in r.text and "no se agregó la plantilla" in r.text
    variables = ["asunto", "destinatario", "cuerpo", "fecha_limite", "monto", "copias", "calificaciones"]
    tipos = ["texto", "persona", "texto", "fecha", "moneda", "lista", "tabla"]
    campos = {"_csrf": csrf, "titulo": "Oficio nuevo", "tipo": "oficio", "serie": "oficio",
              "pasos": "concurso-publico:1"}
    for i, (v, t) in enumerate(zip(variables, tipos, strict=True)):
        campos |= {f"campos.{i}.nombre": v, f"campos.{i}.tipo": t, f"campos.{i}.requerido": "sí" if i < 3 else "no",
                   f"campos.{i}.descripcion": f"Descripción de {v}"}
    campos["campos.6.columnas"] = "factor:texto, valor:número"
    r = c.post(formulario, data=campos, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/plantillas/oficio-nuevo"
    assert (datos["raiz"].plantillas / "oficio-nuevo.yaml").is_file()
    assert "Sin problemas" in c.get("/plantillas/oficio-nuevo").text
    assert 'name="calificaciones.0.valor"' in c.get("/documentos/nuevo/oficio-nuevo").text  # its form is ready
    # a zip bomb is refused before anything else
    bomba = io.BytesIO()
    with zipfile.ZipFile(bomba, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b" " * (320 * 1024 * 1024))
    r = c.post("/plantillas/subir", data={"_csrf": csrf, "nombre": "bomba"}, files={"archivo": ("b.docx", bomba.getvalue())})
    assert r.status_code == 400 and "posible archivo malicioso" in r.text


def test_editar_el_esquema_de_una_plantilla(datos, cliente) -> None:
    c = cliente("administracion")
    pagina = c.get("/plantillas/oficio-prueba/esquema")
    assert '>Asunto del oficio</textarea>' in pagina.text
    sin_moldes = re.sub(r"<template.*?</template>", "", pagina.text, flags=re.S)
    campos = {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in
              re.findall(r'name="([^"]+)" value="([^"]*)"', sin_moldes) if k != "_accion"}
    campos |= {k: v for k, v in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected',
                                           sin_moldes, re.S)}
    campos |= {k: html.unescape(v) for k, v in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>',
                                                          sin_moldes, re.S)}
    campos |= {"titulo": "Oficio de prueba", "descripcion": "Oficio mínimo.", "pasos": "concurso-publico:1 mal:paso",
               "campos.0.descripcion": "Asunto, en una oración"}
    r = c.post("/plantillas/oficio-prueba/esquema", data=campos)
    assert r.status_code == 400 and 'id="error-pasos-1"' in r.text
    campos["pasos"] = "concurso-publico:1"
    r = c.post("/plantillas/oficio-prueba/esquema", data=campos, follow_redirects=False)
    assert r.status_code == 303
    assert "Asunto, en una oración" in (datos["raiz"].plantillas / "oficio-prueba.yaml").read_text(encoding="utf-8")
    assert "Asunto, en una oración" in c.get("/documentos/nuevo/oficio-prueba").text


def test_el_tablero_reune_lo_pendiente_de_cada_paquete(datos, cliente, cli) -> None:
    from datetime import date, timedelta

    assert cli("riesgos", "alta", "--mecanismo", "concurso-publico", "--riesgo", "Que no acepten la plaza",
               "--area", "CSPE", "--probabilidad", "MEDIO", "--impacto", "ALTO", "--tratamiento", "REDUCIR",
               "--proxima-revision", "2024-01-31").codigo == 0
    dentro_de_diez = date.today() + timedelta(days=10)
    assert cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha",
               dentro_de_diez.isoformat()).codigo == 0
    assert cli("sesion", "punto", "agregar", "1", "Informe de compromisos y acuerdos.").codigo == 0
    with Catalogo.abrir(datos["raiz"], usuario="captura") as cat:
        generacion.generar(cat, "oficio-prueba", procedimiento_id=datos["proc"], borrador=True, datos={
            "asunto": "Borrador pendiente", "destinatario": "SPEN-0001", "cuerpo": "Texto."})
    html = cliente("consulta").get("/").text
    secciones = re.findall(r'<section class="seccion-tablero".*?</section>', html, re.S)
    texto = {re.search(r"<h2[^>]*>([^<]+)", s).group(1).strip(): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s))
             for s in secciones}
    assert "Concurso Público 2025: paso 1." in texto["Pasos de procedimientos en curso y siguientes"]
    assert "Borrador pendiente" in texto["Borradores por emitir"]
    assert "revisión vencida — Que no acepten la plaza" in texto["Riesgos: acciones y revisiones vencidas"]
    assert "Primera sesión ordinaria" in texto["Próximas sesiones: plazo y orden del día"]
    assert "puntos sin documentos: 1" in texto["Próximas sesiones: plazo y orden del día"]
    assert 'href="/documentos/' in html and 'href="/procedimientos/' in html  # each line links to its page
