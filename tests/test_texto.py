"""Text extraction (.docx, .pdf, .txt) and detection of number, date, title and type."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from pypdf import PdfReader, PdfWriter

from archivo.busqueda.extraccion import (
    ArchivoIlegible,
    detectar,
    detectar_fecha,
    detectar_tipo,
    extraer,
    texto_docx,
)

# --- helpers that build real files -----------------------------------------------------------------------

CUADRO_DE_TEXTO = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>Al contestar cite el número IEA/DEVySPE/045/2024</w:t></w:r></w:p>'
    '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')


def docx_completo(ruta: Path) -> Path:
    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("Instituto Electoral de Anáhuac — encabezado")
    doc.sections[0].footer.paragraphs[0].add_run("Pie: Av. de la Democracia 1450")
    doc.add_paragraph("ACUERDO IEA-CG-24/2014 DEL CONSEJO GENERAL")
    p = doc.add_paragraph("Primer párrafo del cuerpo.")
    p._p.append(parse_xml(CUADRO_DE_TEXTO))
    tabla = doc.add_table(rows=2, cols=2)
    tabla.cell(0, 0).text = "Factor"
    tabla.cell(0, 1).text = "Calificación"
    tabla.cell(1, 0).text = "Metas"
    interna = tabla.cell(1, 1).add_table(rows=1, cols=1)
    interna.cell(0, 0).text = "9.250 en tabla anidada"
    doc.add_paragraph("Último párrafo, después de la tabla.")
    doc.save(ruta)
    return ruta


def pdf_con_texto(ruta: Path, lineas: list[str]) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(ruta))
    y = 760
    for linea in lineas:
        c.drawString(72, y, linea)
        y -= 18
    c.showPage()
    c.save()
    return ruta


def pdf_cifrado(ruta: Path, usuario: str, propietario: str) -> Path:
    origen = pdf_con_texto(ruta.with_suffix(".tmp.pdf"), ["Dictamen reservado de prueba"])
    escritor = PdfWriter(clone_from=PdfReader(origen))
    escritor.encrypt(user_password=usuario, owner_password=propietario, algorithm="AES-256")
    with open(ruta, "wb") as f:
        escritor.write(f)
    origen.unlink()
    return ruta


# --- DOCX -----------------------------------------------------------------------------------------------

def test_docx_cuerpo_tablas_cuadros_encabezado_y_pie_en_orden(tmp_path):
    e = extraer(docx_completo(tmp_path / "acuerdo.docx"))
    t = e.texto
    assert e.con_texto and e.avisos == []
    for fragmento in ("ACUERDO IEA-CG-24/2014", "Primer párrafo del cuerpo.", "Factor", "Calificación", "Metas",
                      "9.250 en tabla anidada", "Último párrafo", "Al contestar cite el número IEA/DEVySPE/045/2024",
                      "encabezado", "Pie: Av. de la Democracia"):
        assert fragmento in t, fragmento
    assert t.index("Primer párrafo") < t.index("Factor") < t.index("Último párrafo")
    assert t.count("Al contestar cite") == 1


def test_docx_con_relaciones_rotas_se_lee_del_xml(tmp_path):
    sano = docx_completo(tmp_path / "sano.docx")
    roto = tmp_path / "roto.docx"
    with zipfile.ZipFile(sano) as z_in, zipfile.ZipFile(roto, "w", zipfile.ZIP_DEFLATED) as z_out:
        for item in z_in.infolist():
            datos = z_in.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                datos = datos.replace(b"</Relationships>", (
                    b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/image" Target="NULL"/></Relationships>'))
            z_out.writestr(item, datos)
    with pytest.raises(KeyError):
        Document(str(roto))  # python-docx cannot open it …
    e = extraer(roto)  # … the text is still read
    assert "ACUERDO IEA-CG-24/2014" in e.texto and "9.250 en tabla anidada" in e.texto
    assert "encabezado" in e.texto
    assert any("XML" in a for a in e.avisos)


def test_docx_que_no_es_zip(tmp_path):
    ruta = tmp_path / "falso.docx"
    ruta.write_text("esto no es Word", encoding="utf-8")
    with pytest.raises(ArchivoIlegible, match="no es un documento de Word"):
        extraer(ruta)


def test_docx_sin_document_xml(tmp_path):
    ruta = tmp_path / "vacio.docx"
    with zipfile.ZipFile(ruta, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ArchivoIlegible, match="document.xml"):
        extraer(ruta)


def test_docx_zip_truncado(tmp_path):
    sano = docx_completo(tmp_path / "sano.docx")
    ruta = tmp_path / "truncado.docx"
    ruta.write_bytes(sano.read_bytes()[:800])
    with pytest.raises(ArchivoIlegible, match="dañado"):
        extraer(ruta)


# --- PDF ------------------------------------------------------------------------------------------------

def test_pdf_con_texto(tmp_path):
    e = extraer(pdf_con_texto(tmp_path / "a.pdf", ["Acuerdo INE/CG682/2023", "Designación de encargados"]))
    assert e.con_texto and e.paginas == 1
    assert "INE/CG682/2023" in e.texto and "Designación de encargados" in e.texto


def test_pdf_con_contrasena_no_se_lee(tmp_path):
    with pytest.raises(ArchivoIlegible, match="protegido con contraseña"):
        extraer(pdf_cifrado(tmp_path / "cifrado.pdf", "secreto", "dueño"))


def test_pdf_solo_con_contrasena_de_propietario_se_lee(tmp_path):
    e = extraer(pdf_cifrado(tmp_path / "permisos.pdf", "", "dueño"))
    assert "Dictamen reservado de prueba" in e.texto
    assert any("contra cambios" in a for a in e.avisos)


def test_pdf_con_xref_danada_se_recupera(tmp_path):
    sano = pdf_con_texto(tmp_path / "sano.pdf", ["Acuerdo con la tabla de referencias dañada"]).read_bytes()
    i = sano.rfind(b"startxref")
    desplazamiento = int(re.search(rb"startxref\s+(\d+)", sano[i:]).group(1))
    roto = tmp_path / "roto.pdf"
    roto.write_bytes(sano[:i] + b"startxref\n" + str(desplazamiento + 7).encode() + b"\n%%EOF\n")
    with pytest.raises(Exception, match="xref"):
        PdfReader(roto, strict=True)
    e = extraer(roto)
    assert "tabla de referencias" in e.texto
    assert any("xref" in a and "recuperó" in a for a in e.avisos)


def test_pdf_sin_capa_de_texto(tmp_path):
    from reportlab.pdfgen import canvas

    ruta = tmp_path / "escaneo.pdf"
    c = canvas.Canvas(str(ruta))
    for i in range(10):
        c.rect(72, 700 - 30 * i, 300, 12, fill=1)
    c.showPage()
    c.save()
    e = extraer(ruta)
    assert not e.con_texto and e.estado == "sin texto"
    assert any("escaneado" in a for a in e.avisos)


@pytest.mark.parametrize(("contenido", "motivo"), [
    (b"<!DOCTYPE html><html><body>Acuerdo</body></html>", "página web"),
    (b"", "vacío"),
    (b"PK\x03\x04 algo de zip", "Office o ZIP"),
    (b"\x89PNG\r\n\x1a\n....", "imagen"),
])
def test_pdf_que_no_es_pdf(tmp_path, contenido, motivo):
    ruta = tmp_path / "acuerdo.pdf"
    ruta.write_bytes(contenido)
    with pytest.raises(ArchivoIlegible, match=motivo):
        extraer(ruta)


# --- TXT ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("codificacion", "aviso"), [("utf-8", False), ("utf-8-sig", False), ("utf-16", False),
                                                     ("cp1252", True)])
def test_txt_codificaciones(tmp_path, codificacion, aviso):
    ruta = tmp_path / "nota.txt"
    ruta.write_bytes("Designación del titular de la DEVySPE\r\nAño 2024".encode(codificacion))
    e = extraer(ruta)
    assert e.texto == "Designación del titular de la DEVySPE\nAño 2024"
    assert bool(e.avisos) is aviso


def test_txt_binario(tmp_path):
    ruta = tmp_path / "x.txt"
    ruta.write_bytes(b"\x00\x01\x02binario")
    with pytest.raises(ArchivoIlegible, match="binarios"):
        extraer(ruta)


def test_extension_no_soportada(tmp_path):
    # A photo is an image to OCR now; a truncated one is reported as damaged, another format as unsupported.
    ruta = tmp_path / "foto.jpg"
    ruta.write_bytes(b"\xff\xd8")
    with pytest.raises(ArchivoIlegible, match="es una imagen dañada o incompleta"):
        extraer(ruta)
    ruta = tmp_path / "foto.heic"
    ruta.write_bytes(b"\x00\x00\x00\x18ftypheic")
    with pytest.raises(ArchivoIlegible, match="no es PDF, DOCX, TXT ni imagen"):
        extraer(ruta)


# --- metadata -------------------------------------------------------------------------------------------

ACUERDO = """INSTITUTO ELECTORAL DE ANÁHUAC
CONSEJO GENERAL
ACUERDO IEA-CG-112/2023 DEL CONSEJO GENERAL DEL INSTITUTO ELECTORAL DE ANÁHUAC
POR EL QUE SE DESIGNAN ENCARGADOS DE DESPACHO
ANTECEDENTES
I. En cumplimiento del acuerdo INE/CG682/2023 y del oficio INE/DESPEN/2817/2024 …
Así lo aprobó el Consejo General en sesión celebrada el 30 de noviembre de 2023.
"""


def test_detectar_numero_identificadores_fecha_titulo_y_tipo():
    m = detectar(ACUERDO, "escaneo 7.pdf")
    assert m.numero == "IEA-CG-112/2023"
    assert m.identificadores[:3] == ["IEA-CG-112/2023", "INE/CG682/2023", "INE/DESPEN/2817/2024"]
    assert m.fecha == date(2023, 11, 30) and m.fecha_origen == "texto"
    assert m.titulo == ("ACUERDO IEA-CG-112/2023 DEL CONSEJO GENERAL DEL INSTITUTO ELECTORAL DE ANÁHUAC POR EL "
                        "QUE SE DESIGNAN ENCARGADOS DE DESPACHO")
    assert m.tipo == "acuerdo-consejo"


def test_detectar_sin_texto_usa_metadatos_y_nombre():
    m = detectar("", "acta-sesion.pdf", fecha_metadatos=date(2012, 5, 10), fecha_archivo=date(2026, 1, 1),
                 titulo_metadatos="Acta de la sesión del 10 de mayo de 2012")
    assert m.fecha == date(2012, 5, 10) and m.fecha_origen == "metadatos"
    assert m.titulo == "Acta de la sesión del 10 de mayo de 2012"
    assert m.numero is None
    m = detectar("", "mx-acuerdo-10-2020.pdf", fecha_archivo=date(2026, 1, 1))
    assert m.fecha_origen == "archivo" and m.titulo == "mx-acuerdo-10-2020" and m.numero is None
    assert detectar("", "INE-CG682-2023.pdf").numero == "INE-CG682-2023"


@pytest.mark.parametrize(("texto", "esperada"), [
    ("Santa Lucía del Valle, a 17 de junio de 2024.", date(2024, 6, 17)),
    ("Fecha: 03/02/2021", date(2021, 2, 3)),
    ("1o de JULIO de 2019", date(2019, 7, 1)),
    ("el 31 de febrero de 2024 no existe", None),
])
def test_detectar_fecha(texto, esperada):
    assert detectar_fecha(texto) == esperada


@pytest.mark.parametrize(("titulo", "tipo"), [
    ("ACUERDO IEA-CSPEN-003/2023 DE LA COMISIÓN DE SEGUIMIENTO", "acuerdo-comision"),
    ("Acuerdo General 09/2020 del Pleno", "acuerdo"),
    ("DICTAMEN DE RESULTADOS", "dictamen"),
    ("Oficio IEA/DEVySPE/045/2024", "oficio"),
    ("Constancia de hechos", "importado"),
])
def test_detectar_tipo(titulo, tipo):
    assert detectar_tipo(titulo) == tipo


# --- the shared corpus ------------------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.lento
def test_corpus_cada_archivo_se_lee_o_dice_por_que_no(corpus):
    ilegibles, sin_texto, avisos = set(), set(), {}
    for carpeta in ("pdf", "docx-es"):
        for ruta in sorted((corpus / carpeta).iterdir()):
            if ruta.suffix.lower() not in (".pdf", ".docx"):
                continue
            try:
                e = extraer(ruta)
            except ArchivoIlegible:
                ilegibles.add(ruta.name)
                continue
            if not e.con_texto:
                sin_texto.add(ruta.name)
            avisos[ruta.name] = e.avisos
    assert ilegibles == {"pypdf-crazyones-encrypted-256.pdf", "pypdf-encrypted-file.pdf",
                         "pypdf-libreoffice-writer-password.pdf"}
    assert sin_texto == {"mx-pjdgo-acuerdo-10-2020.pdf", "mx-pjdgo-acuerdo-covid19.pdf",
                         "mx-pjdgo-acuerdo-notificaciones-electronicas.pdf", "pypdf-encrypted-doc-no-id.pdf",
                         "pypdf-imagemagick-images-only.pdf"}
    assert any("xref" in a for a in avisos["pypdf-issue-297-broken-xref.pdf"])
    for nombre in ("mx-opdm-tlalnepantla-oficio-0296-2025.docx", "co-cormacarena-resolucion-cesion-derechos.docx"):
        assert any("XML" in a for a in avisos[nombre]), nombre


@pytest.mark.corpus
def test_corpus_docx_rotos_dan_su_texto(corpus):
    e = extraer(corpus / "docx-es" / "mx-opdm-tlalnepantla-oficio-0296-2025.docx")
    assert "OPDM/DG/CGTl/0296/2025" in e.texto and "PROYECTOR" in e.texto
    m = detectar(e.texto, "mx-opdm-tlalnepantla-oficio-0296-2025.docx")
    assert m.numero == "OPDM/DG/CGTl/0296/2025" and m.tipo == "oficio" and m.fecha == date(2025, 7, 8)
    assert "OPDM/DG/CGTL/0296/2025" in m.identificadores


def test_pdf_de_varias_paginas_con_una_ilegible_no_pierde_las_demas(tmp_path, monkeypatch):
    ruta = tmp_path / "varias.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(ruta))
    for i in range(3):
        c.drawString(72, 700, f"Página número {i + 1} del acuerdo")
        c.showPage()
    c.save()
    from pypdf import PageObject

    original = PageObject.extract_text
    llamadas = {"n": 0}

    def a_veces_falla(self, *a, **k):
        llamadas["n"] += 1
        if llamadas["n"] == 2:
            raise ValueError("contenido dañado")
        return original(self, *a, **k)

    monkeypatch.setattr(PageObject, "extract_text", a_veces_falla)
    e = extraer(ruta)
    assert "Página número 1" in e.texto and "Página número 3" in e.texto and "número 2" not in e.texto
    assert any("página 2" in a for a in e.avisos)


def test_docx_generado_por_plantilla_se_lee(tmp_path):
    """A .docx as the issuing code writes it (docxtpl render of a real template)."""
    from docxtpl import DocxTemplate

    plantilla = Document()
    plantilla.add_paragraph("Oficio No. {{ folio }}")
    plantilla.add_paragraph("{{ cuerpo }}")
    b = io.BytesIO()
    plantilla.save(b)
    b.seek(0)
    tpl = DocxTemplate(b)
    tpl.render({"folio": "IEA/DEVySPE/045/2024", "cuerpo": "Se notifican las calificaciones."})
    ruta = tmp_path / "oficio.docx"
    tpl.save(ruta)
    e = extraer(ruta)
    assert "Oficio No. IEA/DEVySPE/045/2024" in e.texto and "calificaciones" in e.texto


def test_docx_notas_al_pie_se_leen(tmp_path):
    """The acuerdos cited in footnotes (informe de compromisos) are searchable text."""
    from archivo.word.informe import DocumentoWord

    w = DocumentoWord(encabezado="Instituto Electoral de Anáhuac", folio="IEA/DEVySPE/INF-002/2024")
    p = w.parrafo("La Junta aprobó la actualización del Catálogo.")
    w.nota_al_pie(p, "Acuerdo INE/JGE38/2024, consultable en el repositorio documental.")
    ruta = tmp_path / "informe.docx"
    ruta.write_bytes(w.bytes())
    e = texto_docx(ruta)
    assert "La Junta aprobó" in e.texto and "Acuerdo INE/JGE38/2024, consultable" in e.texto
    assert e.avisos == []
