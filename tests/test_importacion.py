"""Import of past files into the acervo: copies, hashes, duplicates, bad files, metadata, the report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from archivo import busqueda
from archivo.archivistica import expedientes
from archivo.base.errors import EntradaInvalida
from archivo.busqueda import IndiceArchivo
from archivo.busqueda import acervo as importacion


def docx(ruta: Path, *parrafos: str) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    d = Document()
    for p in parrafos:
        d.add_paragraph(p)
    d.save(ruta)
    return ruta


def pdf(ruta: Path, *lineas: str, contrasena: str | None = None) -> Path:
    from reportlab.pdfgen import canvas

    ruta.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(ruta))
    y = 760
    for linea in lineas:
        c.drawString(72, y, linea)
        y -= 18
    c.showPage()
    c.save()
    if contrasena:
        w = PdfWriter(clone_from=PdfReader(ruta))
        w.encrypt(contrasena, algorithm="AES-256")
        with open(ruta, "wb") as f:
            w.write(f)
    return ruta


def carpeta_de_prueba(base: Path) -> Path:
    origen = base / "acuerdos viejos"
    docx(origen / "2023" / "IEA-CG-112-2023.docx",
         "ACUERDO IEA-CG-112/2023 DEL CONSEJO GENERAL POR EL QUE SE DESIGNAN ENCARGADOS DE DESPACHO",
         "En cumplimiento del acuerdo INE/CG682/2023.", "Aprobado el 30 de noviembre de 2023.")
    pdf(origen / "dictamen incentivos.pdf", "DICTAMEN IEA/CSPE/DICT-004/2024 DE OTORGAMIENTO DE INCENTIVOS",
        "Santa Lucia del Valle, a 15 de octubre de 2024.", "Se otorgan los incentivos del ejercicio 2023.")
    (origen / "nota.txt").write_text("Nota informativa del 2 de febrero de 2022 sobre la rotación de personal.",
                                     encoding="utf-8")
    (origen / "una copia del dictamen.pdf").write_bytes((origen / "dictamen incentivos.pdf").read_bytes())
    (origen / "pagina.pdf").write_text("<!DOCTYPE html><html><body>No es PDF</body></html>", encoding="utf-8")
    pdf(origen / "reservado.pdf", "Documento con contraseña", contrasena="secreto")
    (origen / "foto.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    (origen / "~$IEA-CG-112-2023.docx").write_bytes(b"lock de Word")
    (origen / ".DS_Store").write_bytes(b"\x00")
    return origen


def _resultado(informe, nombre: str) -> importacion.ArchivoImportado:
    return next(a for a in informe.archivos if a.origen.name == nombre)


def test_importa_carpeta_con_su_informe(cat, raiz, tmp_path):
    origen = carpeta_de_prueba(tmp_path)
    informe = importacion.importar(cat, [origen])
    assert len(informe.archivos) == 9  # one line per file
    assert (informe.importados, informe.duplicados, informe.rechazados, informe.omitidos) == (3, 1, 2, 3)

    acuerdo = _resultado(informe, "IEA-CG-112-2023.docx")
    assert acuerdo.ruta == "acervo/2023/IEA-CG-112-2023.docx" and acuerdo.numero == "IEA-CG-112/2023"
    dictamen = _resultado(informe, "dictamen incentivos.pdf")
    assert dictamen.ruta == "acervo/2024/dictamen incentivos.pdf"
    assert _resultado(informe, "nota.txt").ruta == "acervo/2022/nota.txt"
    # The copy keeps the original bytes and its SHA-256 is recorded.
    for a in (acuerdo, dictamen):
        copia = raiz.absoluta(a.ruta)
        assert copia.read_bytes() == a.origen.read_bytes()
        sha = cat.uno("SELECT sha256 FROM archivos WHERE ruta = ?", (a.ruta,))[0]
        assert sha == hashlib.sha256(a.origen.read_bytes()).hexdigest()
    fila = cat.uno("SELECT d.estado, d.origen, d.tipo, d.fecha, d.asunto, i.* FROM documentos d "
                   "JOIN importaciones i ON i.documento_id = d.id WHERE d.id = ?", (acuerdo.documento_id,))
    assert (fila["estado"], fila["origen"], fila["tipo"], fila["fecha"]) == ("importado", "importado",
                                                                           "acuerdo-consejo", "2023-11-30")
    assert fila["nombre_original"] == "IEA-CG-112-2023.docx" and fila["texto"] == "con texto"
    assert json.loads(fila["identificadores"]) == ["IEA-CG-112/2023", "INE/CG682/2023"]
    assert fila["asunto"].startswith("ACUERDO IEA-CG-112/2023 DEL CONSEJO GENERAL")
    # The expediente of each year exists.
    assert expedientes.buscar(cat, "acervo", "2023") and expedientes.buscar(cat, "acervo", "2024")

    # Every bad file has its own reason.
    assert "mismo contenido" in _resultado(informe, "una copia del dictamen.pdf").detalle
    assert "no es un PDF" in _resultado(informe, "pagina.pdf").detalle
    assert "contraseña" in _resultado(informe, "reservado.pdf").detalle
    assert "no es PDF, DOCX, TXT ni imagen (JPG, PNG, TIFF)" in _resultado(informe, "foto.heic").detalle
    assert "temporal" in _resultado(informe, "~$IEA-CG-112-2023.docx").detalle
    lineas = [a.linea() for a in informe.archivos]
    assert sum(linea.startswith("NO SE IMPORTÓ") for linea in lineas) == 2

    # Indexed: searchable at once, by words, number and filters.
    assert [r.id for r in busqueda.buscar(cat, "INE/CG682/2023")] == [acuerdo.documento_id]
    assert [r.id for r in busqueda.buscar(cat, "IEA/CSPE/DICT-004/2024")] == [dictamen.documento_id]
    r = busqueda.buscar(cat, "designan", origen="importado")
    assert r[0].nombre_original == "IEA-CG-112-2023.docx"
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0


def test_reimportar_no_cambia_nada(cat, raiz, tmp_path):
    origen = carpeta_de_prueba(tmp_path)
    importacion.importar(cat, [origen])

    def estado() -> tuple:
        tablas = tuple(cat.uno(f"SELECT COUNT(*) FROM {t}")[0]
                       for t in ("documentos", "archivos", "historial", "importaciones", "expedientes"))
        archivos = sorted(p.relative_to(raiz.ruta).as_posix() for p in raiz.acervo.rglob("*") if p.is_file())
        return tablas, archivos, IndiceArchivo(raiz).abrir().ix.latest_generation()

    antes = estado()
    informe = importacion.importar(cat, [origen])
    assert estado() == antes
    assert (informe.importados, informe.duplicados, informe.rechazados) == (0, 4, 2)
    assert all("ya está en el archivo" in a.detalle for a in informe.archivos
               if a.resultado == "duplicado" and a.origen.name != "una copia del dictamen.pdf")


def test_mismo_nombre_en_dos_carpetas(cat, raiz, tmp_path):
    a = docx(tmp_path / "uno" / "acuerdo.docx", "ACUERDO primero de la Comisión", "17 de junio de 2024")
    b = docx(tmp_path / "dos" / "acuerdo.docx", "ACUERDO segundo de la Comisión", "18 de junio de 2024")
    informe = importacion.importar(cat, [tmp_path / "uno", tmp_path / "dos"])
    rutas = sorted(x.ruta for x in informe.archivos)
    assert rutas == ["acervo/2024/acuerdo-2.docx", "acervo/2024/acuerdo.docx"]
    resultados = busqueda.buscar(cat, "acuerdo comisión")
    assert {r.nombre_original for r in resultados} == {"acuerdo.docx"}
    assert {r.ruta for r in resultados} == set(rutas)
    assert a.exists() and b.exists()  # the originals are never touched


def test_rutas_inexistentes_se_reportan_todas_y_no_se_importa_nada(cat, tmp_path):
    bueno = docx(tmp_path / "bueno.docx", "Oficio")
    with pytest.raises(EntradaInvalida) as e:
        importacion.importar(cat, [bueno, tmp_path / "no-existe.pdf", tmp_path / "tampoco"])
    assert {p.lugar for p in e.value.problemas} == {str(tmp_path / "no-existe.pdf"), str(tmp_path / "tampoco")}
    assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0


def test_tipo_y_mecanismo(cat, tmp_path):
    archivo = docx(tmp_path / "d.docx", "Dictamen de otorgamiento", "10 de enero de 2024")
    with pytest.raises(EntradaInvalida) as e:
        importacion.importar(cat, [archivo], tipo="memorandum", mecanismo="no existe")
    assert {p.lugar for p in e.value.problemas} == {"--tipo", "--mecanismo"}
    informe = importacion.importar(cat, [archivo], tipo="dictamen", mecanismo="incentivos")
    doc_id = informe.archivos[0].documento_id
    assert cat.uno("SELECT tipo FROM documentos WHERE id = ?", (doc_id,))[0] == "dictamen"
    assert cat.uno("SELECT mecanismo FROM importaciones WHERE documento_id = ?", (doc_id,))[0] == "incentivos"
    assert [r.id for r in busqueda.buscar(cat, "otorgamiento", mecanismo="Incentivos")] == [doc_id]
    assert busqueda.buscar(cat, "otorgamiento", mecanismo="evaluacion-desempeno").resultados == []


def test_un_acervo_cerrado_no_detiene_a_los_demas(cat, tmp_path):
    viejo = docx(tmp_path / "o" / "viejo.docx", "Oficio del 3 de marzo de 2014")
    nuevo = docx(tmp_path / "o" / "nuevo.docx", "Oficio del 3 de marzo de 2024")
    with cat.transaccion("preparar") as tx:
        expedientes.asegurar(tx, "acervo", "2014", "Acervo documental 2014")
    expedientes.cerrar(cat, expedientes.obtener(cat, "acervo", "2014").id)
    informe = importacion.importar(cat, [tmp_path / "o"])
    assert _resultado(informe, "viejo.docx").resultado == "rechazado"
    assert "cerrado" in _resultado(informe, "viejo.docx").detalle
    assert _resultado(informe, "nuevo.docx").resultado == "importado"
    assert viejo.exists() and nuevo.exists()


def test_sin_texto_se_importa_y_se_marca(cat, tmp_path):
    from PIL import Image
    from reportlab.pdfgen import canvas

    from tests.utilidades import pdf_de_imagenes

    ruta = pdf_de_imagenes([Image.new("L", (850, 1100), 200)], tmp_path / "escaneo.pdf", dpi=100)
    informe = importacion.importar(cat, [ruta], ocr=False)  # the OCR itself: tests/test_ocr.py
    a = informe.archivos[0]
    assert a.resultado == "importado" and a.texto == "sin texto" and informe.sin_texto == 1
    assert a.ocr == "pendiente" and "en espera de OCR" in a.linea()
    assert cat.uno("SELECT texto FROM importaciones")[0] == "sin texto"
    assert cat.uno("SELECT estado FROM ocr")[0] == "pendiente"
    # A page with no text and nothing to recognise (a drawing): no OCR, and the line says why it has no text.
    dibujo = tmp_path / "dibujo.pdf"
    c = canvas.Canvas(str(dibujo))
    c.rect(72, 600, 300, 100, fill=1)
    c.showPage()
    c.save()
    b = importacion.importar(cat, [dibujo]).archivos[0]
    assert b.resultado == "importado" and b.texto == "sin texto" and b.ocr is None
    assert "nada que reconocer" in b.linea()


def test_cli_importar(cli, cat, tmp_path):
    origen = carpeta_de_prueba(tmp_path)
    r = cli("importar", origen)
    assert r.codigo == 1  # two files could not be imported …
    assert "2 archivo(s) no se importaron" in r.errores
    assert "importado: " in r.salida and "NO SE IMPORTÓ" in r.salida and "duplicado" in r.salida
    assert "9 archivo(s): 3 importado(s)" in r.salida  # … the others were
    assert "Traceback" not in r.todo
    r = cli("importar", origen / "nota.txt", "--formato", "json")
    assert r.codigo == 0
    assert json.loads(r.salida)[0]["resultado"] == "duplicado"


@pytest.mark.corpus
@pytest.mark.lento
def test_importar_todo_el_corpus(cat, raiz, corpus):
    # OCR waits (it is tested on the corpus's scans in tests/test_ocr.py): only the scans are waiting for it.
    informe = importacion.importar(cat, [corpus / "pdf", corpus / "docx-es"], ocr=False)
    rechazados = {a.origen.name: a.detalle for a in informe.archivos if a.resultado == "rechazado"}
    assert set(rechazados) == {"pypdf-crazyones-encrypted-256.pdf", "pypdf-encrypted-file.pdf",
                               "pypdf-libreoffice-writer-password.pdf"}
    assert all("contraseña" in d for d in rechazados.values())
    sin_texto = {a.origen.name for a in informe.archivos if a.texto == "sin texto"}
    assert sin_texto == {"mx-pjdgo-acuerdo-10-2020.pdf", "mx-pjdgo-acuerdo-covid19.pdf",
                         "mx-pjdgo-acuerdo-notificaciones-electronicas.pdf", "pypdf-encrypted-doc-no-id.pdf",
                         "pypdf-imagemagick-images-only.pdf"}
    assert {a.origen.name for a in informe.archivos if a.ocr == "pendiente"} == sin_texto
    total = len([p for c in ("pdf", "docx-es") for p in (corpus / c).iterdir() if p.is_file()])
    assert len(informe.archivos) == total
    assert informe.importados == total - 3
    reparado = next(a for a in informe.archivos if a.origen.name == "pypdf-issue-297-broken-xref.pdf")
    assert any("xref" in x for x in reparado.avisos)
    # Indexed, all of it.
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0
    assert busqueda.buscar(cat, "juicio de amparo")[0].nombre_original == "mx-fed-ley-de-amparo.pdf"
    assert busqueda.buscar(cat, "OPDM/DG/CGTL/0296/2025")[0].nombre_original == \
        "mx-opdm-tlalnepantla-oficio-0296-2025.docx"
    # Running it again changes nothing.
    otra = importacion.importar(cat, [corpus / "pdf", corpus / "docx-es"], ocr=False)
    assert otra.importados == 0 and otra.duplicados == total - 3
