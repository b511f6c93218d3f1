"""OCR of scans on import and with «archivo ocr»: real Tesseract through OCRmyPDF, real files, real catalog.

OCR is CPU-heavy, so one archive with every kind of input (images, a multi-page TIFF with an upside-down page, a
PDF with a text page and a scanned one, bad files) is imported once per session and the tests read it; tests that
change an archive work on a copy of it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from archivo import busqueda
from archivo.archivistica import integridad
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz
from archivo.busqueda import acervo as importacion
from archivo.busqueda import escaneos
from archivo.busqueda import ocr as motor
from tests.conftest import TOML_PRUEBA, invocar
from tests.utilidades import pagina_escaneada, pdf_de_imagenes

pytestmark = pytest.mark.ocr

OFICIO = ["OFICIO IEP/DEVySPE/077/2024", "Ciudad Prueba, a 3 de abril de 2024.",
          "Se remite el inventario de la bodega de materiales electorales",
          "de Villa Esperanza, con la relación de paquetes y boletas sobrantes",
          "del proceso electoral local, para los efectos que procedan."]
TIFF_1 = ["ACUERDO IEP-CG-015/2023 DEL CONSEJO GENERAL", "por el que se aprueba la lista de reserva del concurso",
          "público para ocupar plazas del Servicio Profesional Electoral", "Nacional en el Instituto Electoral de Prueba."]
TIFF_2 = ["SEGUNDO. Se ordena notificar a las personas aspirantes que", "integran la lista de reserva las plazas vacantes de",
          "Técnico de Participación Ciudadana en los distritos de", "la entidad, por conducto de la Secretaría Ejecutiva."]
MIXTO_2 = ["Anexo escaneado: acta circunstanciada de entrega-recepción", "de la Coordinación del Servicio Profesional Electoral,",
           "firmada por quienes intervinieron en el acto y por", "dos testigos de asistencia de la propia coordinación."]
LEGIBLE = ["Tarjeta informativa sobre la capacitación en materia de", "igualdad de género impartida al personal del Servicio",
           "durante el segundo semestre, con la lista de asistencia", "y las evaluaciones de reacción de las personas participantes."]


def _escribir_entradas(carpeta: Path) -> Path:
    carpeta.mkdir(parents=True)
    pagina_escaneada(OFICIO, dpi=200).save(carpeta / "oficio-foto.jpg", format="JPEG", quality=85)
    uno, dos = pagina_escaneada(TIFF_1), pagina_escaneada(TIFF_2, girada=True)
    uno.save(carpeta / "expediente-escaneado.tif", save_all=True, append_images=[dos], compression="tiff_lzw",
             dpi=(200, 200))
    # A digital page followed by a scanned one.
    from reportlab.pdfgen import canvas

    digital = io.BytesIO()
    c = canvas.Canvas(digital)
    c.drawString(72, 760, "Oficio de remisión del acta de entrega-recepción, página generada en computadora.")
    c.showPage()
    c.save()
    escaneada = io.BytesIO()
    pdf_de_imagenes([pagina_escaneada(MIXTO_2)], carpeta / "tmp.pdf")
    escaneada.write((carpeta / "tmp.pdf").read_bytes())
    (carpeta / "tmp.pdf").unlink()
    escritor = PdfWriter()
    for fuente in (digital, escaneada):
        escritor.append(PdfReader(io.BytesIO(fuente.getvalue())))
    with open(carpeta / "remision-con-anexo.pdf", "wb") as f:
        escritor.write(f)
    # A scan whose second page is only noise: Tesseract reads nothing there.
    ruido = Image.effect_noise((1700, 2200), 90).convert("L")
    pdf_de_imagenes([pagina_escaneada(LEGIBLE), ruido], carpeta / "tarjeta-con-hoja-ilegible.pdf")
    Image.new("L", (1700, 2200), 255).save(carpeta / "hoja-en-blanco.png", dpi=(200, 200))
    Image.new("1", (12000, 12000), 1).save(carpeta / "plano-gigante.png")  # 144 megapixels
    (carpeta / "no-es-foto.jpg").write_text("Esto es texto, no una fotografía.", encoding="utf-8")
    (carpeta / "vacio.jpg").write_bytes(b"")
    protegido = PdfWriter(clone_from=PdfReader(carpeta / "tarjeta-con-hoja-ilegible.pdf"))
    protegido.encrypt("secreto", algorithm="AES-256")
    with open(carpeta / "protegido.pdf", "wb") as f:
        protegido.write(f)
    datos = (carpeta / "remision-con-anexo.pdf").read_bytes()
    (carpeta / "truncado.pdf").write_bytes(datos[: len(datos) // 2])
    return carpeta


@pytest.fixture(scope="session")
def acervo_escaneos(tmp_path_factory, ocr):
    """An archive where a folder with every kind of scan and bad file was imported (OCR included)."""
    base = tmp_path_factory.mktemp("ocr")
    raiz = iniciar_archivo(base / "archivo", toml=TOML_PRUEBA)
    carpeta = _escribir_entradas(base / "escaneos")
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        informe = importacion.importar(cat, [carpeta])
    return raiz, informe


def _linea(informe, nombre: str) -> importacion.ArchivoImportado:
    return next(a for a in informe.archivos if a.origen.name == nombre)


def _copia(raiz: Raiz, destino: Path) -> Raiz:
    shutil.copytree(raiz.ruta, destino)
    return Raiz.localizar(str(destino))


def _paginas(ruta: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(ruta).pages]


def test_imagenes_importadas_y_encontradas(acervo_escaneos):
    raiz, informe = acervo_escaneos
    foto = _linea(informe, "oficio-foto.jpg")
    assert foto.resultado == "importado" and foto.ocr == "hecho" and foto.texto == "con texto"
    assert foto.ruta == "acervo/2024/oficio-foto.jpg"  # the date read by OCR (3 de abril de 2024) chose the year
    assert foto.numero == "IEP/DEVySPE/077/2024"
    assert "copia buscable acervo/2024/oficio-foto.buscable.pdf" in foto.linea()
    tiff = _linea(informe, "expediente-escaneado.tif")
    assert tiff.ocr == "hecho" and tiff.paginas_ocr == 2
    with Catalogo.abrir(raiz) as cat:
        r = busqueda.buscar(cat, '"bodega de materiales electorales"')
        assert [x.nombre_original for x in r] == ["oficio-foto.jpg"] and r[0].ocr
        assert r[0].numero == "IEP/DEVySPE/077/2024" and r[0].fecha == "2024-04-03" and r[0].tipo == "oficio"
        # both pages of the TIFF, the second one printed upside down and turned for recognition
        assert busqueda.buscar(cat, '"lista de reserva del concurso"')[0].nombre_original == "expediente-escaneado.tif"
        assert busqueda.buscar(cat, '"Técnico de Participación Ciudadana"')[0].nombre_original == \
            "expediente-escaneado.tif"
        e = escaneos.estado(cat, tiff.documento_id)
        assert any("página(s) 2 giradas o enderezadas" in a for a in e.avisos)
        # the originals are kept byte for byte; the copies are registered as derived from them
        original = cat.uno("SELECT a.id, a.sha256 FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                           "WHERE d.id = ?", (foto.documento_id,))
        copia = cat.uno("SELECT a.* FROM ocr o JOIN archivos a ON a.id = o.derivado_id WHERE o.documento_id = ?",
                        (foto.documento_id,))
    assert (raiz.ruta / "acervo/2024/oficio-foto.jpg").read_bytes() == \
        (raiz.ruta.parent / "escaneos/oficio-foto.jpg").read_bytes()
    assert copia["derivado_de"] == original["id"] and copia["tipo"] == "ocr" and copia["regenerable"] == 0
    assert copia["ruta"] == "acervo/2024/oficio-foto.buscable.pdf"
    assert "bodega de materiales" in _paginas(raiz.ruta / copia["ruta"])[0]


def test_pdf_con_paginas_de_texto_y_escaneadas(acervo_escaneos):
    raiz, informe = acervo_escaneos
    mixto = _linea(informe, "remision-con-anexo.pdf")
    assert mixto.ocr == "hecho" and mixto.paginas_ocr == 1  # only the scanned page was recognised
    with Catalogo.abrir(raiz) as cat:
        e = escaneos.estado(cat, mixto.documento_id)
        assert e.reconocidas == 1 and e.paginas == 2
        assert busqueda.buscar(cat, '"acta circunstanciada de entrega-recepción"')[0].id == mixto.documento_id
    digital, escaneada = _paginas(raiz.ruta / e.derivado)
    assert digital.strip() == _paginas(raiz.ruta / mixto.ruta)[0].strip()  # the text page left as it was
    assert "testigos de asistencia" in escaneada
    assert e.tipo_pdf in ("PDF/A-2B", "PDF")
    # the kind recorded is the kind of the file
    from ocrmypdf.pdfa import file_claims_pdfa

    claim = file_claims_pdfa(raiz.ruta / e.derivado)
    assert (e.tipo_pdf == "PDF") == (not claim["pass"])


def test_malas_entradas_cada_una_con_su_linea(acervo_escaneos):
    raiz, informe = acervo_escaneos
    assert "no es una imagen" in _linea(informe, "no-es-foto.jpg").detalle
    assert _linea(informe, "no-es-foto.jpg").resultado == "rechazado"
    assert "vacío (0 bytes)" in _linea(informe, "vacio.jpg").detalle
    assert "contraseña" in _linea(informe, "protegido.pdf").detalle
    truncado = _linea(informe, "truncado.pdf")
    assert truncado.resultado == "rechazado" and "dañado" in truncado.detalle or (
        truncado.ocr == "fallido" and "dañado o incompleto" in truncado.ocr_detalle)
    # valid images that cannot be recognised: imported, marked «OCR fallido: motivo», retryable
    gigante = _linea(informe, "plano-gigante.png")
    assert gigante.resultado == "importado" and gigante.ocr == "fallido" and "megapíxeles" in gigante.ocr_detalle
    assert "archivo ocr --rehacer" in gigante.linea()
    blanco = _linea(informe, "hoja-en-blanco.png")
    assert blanco.ocr == "fallido" and "no se reconoció texto" in blanco.ocr_detalle
    # a page Tesseract cannot read: the document is searchable by its other page and the page is named
    ilegible = _linea(informe, "tarjeta-con-hoja-ilegible.pdf")
    assert ilegible.ocr == "hecho" and any("página(s) 2" in a for a in ilegible.avisos)
    with Catalogo.abrir(raiz) as cat:
        assert escaneos.estado(cat, gigante.documento_id).etiqueta.startswith("OCR fallido: la imagen es demasiado")
        assert busqueda.buscar(cat, '"igualdad de género"')[0].id == ilegible.documento_id
        # nothing else was affected: every file on disk is in the catalog and intact
        assert integridad.verificar(cat) == []
        en_disco = {p.name for p in (raiz.acervo).rglob("*") if p.is_file() and p.suffix != ".docx"}
    assert "protegido.pdf" not in en_disco and "no-es-foto.jpg" not in en_disco and "vacio.jpg" not in en_disco
    assert informe.rechazados == len([a for a in informe.archivos if a.resultado == "rechazado"]) >= 3
    assert "con el OCR fallido" in informe.resumen()


def test_cli_resultados_y_ficha_dicen_ocr(acervo_escaneos):
    raiz, informe = acervo_escaneos
    foto = _linea(informe, "oficio-foto.jpg")
    r = invocar(["--raiz", raiz.ruta, "buscar", "Villa Esperanza"])
    assert r.codigo == 0 and "texto reconocido por OCR" in r.salida and "oficio-foto.jpg" in r.salida
    r = invocar(["--raiz", raiz.ruta, "buscar", "Villa Esperanza", "--formato", "json"])
    assert json.loads(r.salida)[0]["texto_ocr"] is True
    r = invocar(["--raiz", raiz.ruta, "documento", "ver", str(foto.documento_id)])
    assert "OCR hecho" in r.salida and "oficio-foto.buscable.pdf" in r.salida
    r = invocar(["--raiz", raiz.ruta, "ocr", "--texto", str(foto.documento_id)])
    assert r.codigo == 0 and "Villa Esperanza" in r.salida
    r = invocar(["--raiz", raiz.ruta, "ocr", "--estado"])
    assert r.codigo == 0 and "plano-gigante.png" in r.salida and "OCR fallido" in r.salida
    assert "oficio-foto.jpg" not in r.salida  # done ones are only counted
    r = invocar(["--raiz", raiz.ruta, "ocr", "--rehacer", "#999"])
    assert r.codigo != 0 and "No existe el documento" in r.errores and "Traceback" not in r.todo


def test_verificar_revisa_original_y_copia(acervo_escaneos, tmp_path):
    raiz = _copia(acervo_escaneos[0], tmp_path / "copia")
    copia = next(raiz.acervo.rglob("oficio-foto.buscable.pdf"))
    copia.write_bytes(copia.read_bytes() + b"%")
    with Catalogo.abrir(raiz) as cat:
        hallazgos = integridad.verificar(cat)
    assert [(h.categoria, h.ruta) for h in hallazgos] == [("alterado", "acervo/2024/oficio-foto.buscable.pdf")]


def test_rehacer_deja_copia_nueva_y_conserva_la_anterior(acervo_escaneos, tmp_path):
    raiz = _copia(acervo_escaneos[0], tmp_path / "copia")
    foto = _linea(acervo_escaneos[1], "oficio-foto.jpg")
    r = invocar(["--raiz", raiz.ruta, "ocr", "--rehacer", str(foto.documento_id)])
    assert r.codigo == 0, r.todo
    assert "OCR hecho: oficio-foto.jpg" in r.salida and "oficio-foto.buscable-2.pdf" in r.salida
    with Catalogo.abrir(raiz) as cat:
        assert escaneos.estado(cat, foto.documento_id).derivado == "acervo/2024/oficio-foto.buscable-2.pdf"
        assert cat.uno("SELECT COUNT(*) FROM archivos WHERE tipo = 'ocr' AND ruta LIKE '%oficio-foto%'")[0] == 2
        assert integridad.verificar(cat) == []
        assert busqueda.buscar(cat, "Villa Esperanza")[0].id == foto.documento_id


def test_sin_ocr_y_luego_archivo_ocr(raiz, cat, tmp_path, ocr):
    pagina_escaneada(OFICIO).save(tmp_path / "oficio.png", dpi=(200, 200))
    informe = importacion.importar(cat, [tmp_path / "oficio.png"], ocr=False)
    a = informe.archivos[0]
    assert a.ocr == "pendiente" and "en espera de OCR" in a.linea() and "1 escaneado(s) en espera" in informe.resumen()
    assert not busqueda.buscar(cat, "Villa Esperanza").resultados
    assert escaneos.estado(cat, a.documento_id).etiqueta == "OCR pendiente"
    r = invocar(["--raiz", raiz.ruta, "ocr"])
    assert r.codigo == 0, r.todo
    assert "OCR hecho: oficio.png" in r.salida and "1 con texto reconocido" in r.salida
    assert busqueda.buscar(cat, "Villa Esperanza")[0].id == a.documento_id
    assert invocar(["--raiz", raiz.ruta, "ocr"]).salida.strip() == "No hay documentos en espera de OCR."


def test_sin_ocr_instalado_importa_y_dice_como_instalarlo(raiz, cat, tmp_path, monkeypatch):
    pagina_escaneada(OFICIO, dpi=100).save(tmp_path / "oficio.png", dpi=(100, 100))
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    assert not motor.instalacion().disponible
    informe = importacion.importar(cat, [tmp_path / "oficio.png"])
    a = informe.archivos[0]
    assert a.resultado == "importado" and a.ocr == "pendiente"
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-spa" in informe.resumen()
    r = invocar(["--raiz", raiz.ruta, "ocr"])
    assert r.codigo == 1 and "no está instalado" in r.errores and "Traceback" not in r.todo
    assert escaneos.estado(cat, a.documento_id).estado == "pendiente"


LUGARES = ["Villa Esperanza", "San Mateo del Mar", "Real de Catorce", "Santa María del Oro"]


@pytest.mark.lento
def test_sigkill_durante_ocr_y_otra_vez_archivo_ocr(raiz, cat, tmp_path, ocr):
    carpeta = tmp_path / "escaneos"
    carpeta.mkdir()
    for i, lugar in enumerate(LUGARES, start=1):
        lineas = [f"Acta de entrega de paquetes electorales número {i}", f"en la cabecera municipal de {lugar},",
                  "con la firma de las personas funcionarias de casilla."]
        pdf_de_imagenes([pagina_escaneada(lineas, dpi=150)], carpeta / f"acta-{i}.pdf", dpi=150)
    assert importacion.importar(cat, [carpeta], ocr=False).ocr_pendientes == 4
    archivo = [str(Path(sys.executable).with_name("archivo")), "--raiz", str(raiz.ruta), "ocr"]
    proceso = subprocess.Popen(archivo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        # Wait until it is in the middle of the batch: one document done, others being recognised.
        limite = time.monotonic() + 900
        while proceso.poll() is None and time.monotonic() < limite:
            hechos, en_proceso = cat.uno("SELECT COALESCE(SUM(estado = 'hecho'), 0), "
                                         "COALESCE(SUM(estado = 'en proceso'), 0) FROM ocr")
            if hechos >= 1 and en_proceso >= 1:
                break
            time.sleep(0.05)
        assert proceso.poll() is None, "el OCR terminó antes de poder interrumpirlo"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proceso.pid, signal.SIGKILL)  # the process and its Tesseracts, as in a power cut
        proceso.wait()
    estados = dict(cat.todos("SELECT documento_id, estado FROM ocr"))
    assert "en proceso" in estados.values() and "hecho" in estados.values()
    # No partial searchable copy: what is on disk is either committed (and intact) or rolled back by the next
    # writer, which finds the dead process's journal.
    cat.recuperar()
    registradas = {f["ruta"]: f["sha256"] for f in cat.todos("SELECT ruta, sha256 FROM archivos WHERE tipo = 'ocr'")}
    en_disco = {raiz.relativa(p) for p in raiz.acervo.rglob("*") if p.is_file() and ".buscable" in p.name}
    assert en_disco == set(registradas) and len(registradas) == list(estados.values()).count("hecho")
    assert not list(raiz.acervo.rglob(".tmp-*"))
    # The next «archivo ocr» takes the documents the dead process had and finishes the job.
    r = subprocess.run(archivo, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    assert set(dict(cat.todos("SELECT documento_id, estado FROM ocr")).values()) == {"hecho"}
    for lugar in LUGARES:
        encontrados = busqueda.buscar(cat, f'"{lugar}"')
        assert len(encontrados) == 1 and encontrados[0].ocr, lugar
    assert integridad.verificar(cat) == []


def test_ocr_como_trabajo_en_segundo_plano_y_en_el_tablero(raiz, cat, tmp_path, ocr):
    """The portal's path: the upload files the scan at once (OCR waiting), a background job does the OCR, an
    executor started later (a server restart) takes the pending job; the tablero lists what waits or failed."""
    from archivo.base import pendientes, trabajos

    pagina_escaneada(OFICIO, dpi=150).save(tmp_path / "oficio.png", dpi=(150, 150))
    a = importacion.importar(cat, [tmp_path / "oficio.png"], ocr=False).archivos[0]
    seccion = {r.seccion.nombre: r for r in pendientes.reunir(cat)}["ocr"]
    assert [(p.clave, p.detalle) for p in seccion.pendientes] == [(str(a.documento_id), "en espera de OCR")]
    t = escaneos.encolar(cat, [a.documento_id])
    assert t is not None and t.estado == "pendiente"
    ejecutor = trabajos.Ejecutor(raiz, intervalo=0.2)
    ejecutor.iniciar()
    try:
        limite = time.monotonic() + 600
        while trabajos.obtener(cat, t.id).activo and time.monotonic() < limite:
            time.sleep(0.2)
    finally:
        ejecutor.detener()
    t = trabajos.obtener(cat, t.id)
    assert t.estado == "terminado" and "1 con texto reconocido" in t.mensaje, t.mensaje
    assert busqueda.buscar(cat, "Villa Esperanza")[0].id == a.documento_id
    assert not {r.seccion.nombre: r for r in pendientes.reunir(cat)}["ocr"].pendientes
    assert escaneos.encolar(cat, [a.documento_id]) is None  # nothing left to do


def test_la_lectura_detecta_paginas_que_no_se_leen():
    assert motor._se_lee("Que el artículo 61, en su primer párrafo, de la Constitución Política del Estado Libre y "
                         "Soberano de Durango establece que el Poder del Estado se divide para su ejercicio")
    assert not motor._se_lee("9] Y] * AQLOSUEz 98 [Eno 19 “0208/960 ON OPESTUNLIOO 19 QNTuUTO UDIEN Pl SP PORSTY "
                             "3P 31100 tursidng Y] 9P OU9IA [9 OSM U9 OYE [9P OZIRU 3P AOISIDA")
    assert motor._se_lee("IEP/DEVySPE/077/2024")  # a short stamp is not gibberish


# --- the corpus's three signed scans ---------------------------------------------------------------------------

# A phrase read on each page image (rendered to PNG and looked at), by file and page.
FRASES_CORPUS = {
    "mx-pjdgo-acuerdo-10-2020.pdf": ["Tribunal Laboral Burocrático", "Plan Trianual de Desarrollo Estratégico",
                                     "sala de Juicio Oral", "Periódico Oficial del Gobierno del Estado"],
    "mx-pjdgo-acuerdo-covid19.pdf": ["Alerta Sanitaria", "receso educativo", "Organización Mundial de la Salud",
                                     "Sistema de Justicia Penal Acusatorio", "normas básicas de higiene",
                                     "acciones preventivas", "MAGISTRADA", "FOJA PERTENECE"],
    "mx-pjdgo-acuerdo-notificaciones-electronicas.pdf": [
        "Reinicio de Actividades Jurisdiccionales y Administrativas", "adecuado funcionamiento",
        "pronta, completa, imparcial y gratuita", "MIRIAM GUADALUPE LANZARÍN ROLDÁN"],
}


@pytest.fixture(scope="session")
def acervo_corpus(tmp_path_factory, ocr, corpus):
    base = tmp_path_factory.mktemp("ocr-corpus")
    raiz = iniciar_archivo(base / "archivo", toml=TOML_PRUEBA)
    cifrados = sorted(p for p in (corpus / "pdf").iterdir() if "encrypt" in p.name or "password" in p.name)
    assert len(cifrados) == 6
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        informe = importacion.importar(cat, [corpus / "pdf" / n for n in FRASES_CORPUS] + cifrados)
    return raiz, informe


def _normal(texto: str) -> str:
    from archivo.busqueda.analisis import plegar

    return " ".join(plegar(texto).split())


@pytest.mark.corpus
def test_escaneos_firmados_del_corpus_se_encuentran_por_cada_pagina(acervo_corpus):
    raiz, informe = acervo_corpus
    with Catalogo.abrir(raiz) as cat:
        for nombre, frases in FRASES_CORPUS.items():
            a = _linea(informe, nombre)
            assert a.ocr == "hecho" and a.paginas_ocr == len(frases), a.linea()
            e = escaneos.estado(cat, a.documento_id)
            paginas = _paginas(raiz.ruta / e.derivado)
            for n, frase in enumerate(frases, start=1):
                assert _normal(frase) in _normal(paginas[n - 1]), f"{nombre}, página {n}: «{frase}»"
                encontrados = busqueda.buscar(cat, f'"{frase}"', limite=5)
                assert a.documento_id in [r.id for r in encontrados], f"{nombre}: «{frase}»"
                assert all(r.ocr for r in encontrados)
        # number, date and title detected from the recognised text, as for a text PDF
        notif = _linea(informe, "mx-pjdgo-acuerdo-notificaciones-electronicas.pdf")
        doc = cat.uno("SELECT d.fecha, d.tipo, d.asunto, e.referencia FROM documentos d JOIN expedientes e "
                      "ON e.id = d.expediente_id WHERE d.id = ?", (notif.documento_id,))
        assert doc["fecha"] == "2022-01-26" and doc["referencia"] == "2022" and doc["tipo"] == "acuerdo"
        assert doc["asunto"].startswith("ACUERDO DEL H. PLENO DEL TRIBUNAL SUPERIOR DE JUSTICIA")
        assert integridad.verificar(cat) == []


@pytest.mark.corpus
def test_pdf_cifrados_del_corpus(acervo_corpus):
    raiz, informe = acervo_corpus
    rechazados = {a.origen.name for a in informe.archivos if a.resultado == "rechazado"}
    assert rechazados == {"pypdf-crazyones-encrypted-256.pdf", "pypdf-encrypted-file.pdf",
                          "pypdf-libreoffice-writer-password.pdf"}
    assert all("contraseña" in a.detalle for a in informe.archivos if a.resultado == "rechazado")
    # protected only against changes: imported; the one that is a scan got its searchable copy
    sin_id = _linea(informe, "pypdf-encrypted-doc-no-id.pdf")
    assert sin_id.resultado == "importado" and sin_id.ocr == "hecho"
    with Catalogo.abrir(raiz) as cat:
        assert busqueda.buscar(cat, "PCT Gazette")[0].id == sin_id.documento_id
