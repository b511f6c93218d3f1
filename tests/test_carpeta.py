"""The carpeta PDF: real .docx converted by LibreOffice, real PDFs, the result opened with pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen.canvas import Canvas

from archivo.base.errors import EntradaInvalida
from archivo.word import carpeta_pdf as carpeta
from archivo.word.carpeta_pdf import DocumentoCarpeta, Portada, PuntoCarpeta
from tests.utilidades import marcadores, paginas_del_indice

PORTADA = Portada(
    institucion="Instituto Electoral de Prueba",
    organo="Comisión de Seguimiento del Servicio Profesional Electoral Nacional",
    sesion="Primera sesión ordinaria de 2025",
    fecha="jueves 27 de marzo de 2025",
    hora="11:00 horas",
    lugar="Sala de sesiones del Consejo General",
    secretaria="Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral",
)


def docx_de(ruta: Path, marca: str, paginas: int = 2) -> Path:
    """A Word document whose every page carries ``marca`` (about ``paginas`` pages long)."""
    d = Document()
    d.add_heading(f"Documento {marca}", level=1)
    for i in range(24 * paginas):
        d.add_paragraph(f"{marca} párrafo {i + 1}: texto de relleno para ocupar la página del documento.")
    d.save(ruta)
    return ruta


def pdf_de(ruta: Path, marca: str, tamanos: list[tuple[float, float]], rotacion: int = 0,
           desplazamiento: tuple[float, float] = (0, 0)) -> Path:
    """A PDF (as if imported) with one page per size, each saying ``marca``."""
    salida = io.BytesIO()
    c = Canvas(salida)
    for n, tamano in enumerate(tamanos, start=1):
        c.setPageSize(tamano)
        c.setFont("Helvetica", 14)
        c.drawString(72, tamano[1] - 100, f"{marca} hoja {n}")
        c.showPage()
    c.save()
    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(salida.getvalue())))
    for pagina in escritor.pages:
        if rotacion:
            pagina.rotate(rotacion)
        if desplazamiento != (0, 0):
            dx, dy = desplazamiento
            for caja in (pagina.mediabox, pagina.cropbox):
                caja.lower_left = (caja.left + dx, caja.bottom + dy)
    with open(ruta, "wb") as f:
        escritor.write(f)
    return ruta


def texto_paginas(contenido: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(contenido)).pages]


@pytest.fixture(scope="module")
def armada(tmp_path_factory: pytest.TempPathFactory, soffice: str):
    d = tmp_path_factory.mktemp("carpeta")
    puntos = [
        PuntoCarpeta("1", "Lista de asistencia y declaración de quórum"),
        PuntoCarpeta("2", "Lectura y, en su caso, aprobación del orden del día",
                      [DocumentoCarpeta("Orden del día", docx_de(d / "orden.docx", "ALFA", 1))]),
        PuntoCarpeta("3", "Informes de la Secretaría Técnica", [], [
            PuntoCarpeta("3.1", "Informe sobre el seguimiento de compromisos y acuerdos", [
                DocumentoCarpeta("IEP/DEVySPE/INF-001/2025 — Informe de compromisos", docx_de(d / "inf.docx", "BRAVO")),
                DocumentoCarpeta("Anexo: acuerdo escaneado", pdf_de(d / "anexo.pdf", "CHARLIE", [letter, letter, letter])),
            ]),
            PuntoCarpeta("3.2", "Avance del Programa Anual de Trabajo", [
                DocumentoCarpeta("Cronograma (horizontal)", pdf_de(d / "crono.pdf", "DELTA", [letter], rotacion=90)),
                DocumentoCarpeta("Oficio con caja desplazada", pdf_de(d / "caja.pdf", "ECHO", [A4], desplazamiento=(30, 40))),
            ]),
        ]),
        PuntoCarpeta("4", "Proyecto de acuerdo por el que se aprueba el calendario de sesiones",
                     [DocumentoCarpeta("Proyecto de acuerdo", docx_de(d / "acuerdo.docx", "FOXTROT", 3))]),
        PuntoCarpeta("5", "Asuntos generales"),
    ]
    resultado = carpeta.armar(puntos, PORTADA, soffice=soffice, formato_pagina="Página {n} de {total}")
    return puntos, resultado


PRIMERA_MARCA = {"2": "ALFA", "3": "BRAVO", "3.1": "BRAVO", "3.2": "DELTA", "4": "FOXTROT"}


@pytest.mark.libreoffice
def test_cada_pagina_lleva_su_numero_estampado(armada) -> None:
    _, c = armada
    textos = texto_paginas(c.contenido)
    assert len(textos) == c.paginas
    for i, texto in enumerate(textos, start=1):
        assert f"Página {i} de {c.paginas}" in texto, f"la página {i} no tiene su número"


@pytest.mark.libreoffice
def test_el_indice_dice_la_pagina_correcta_de_cada_punto(armada) -> None:
    _, c = armada
    textos = texto_paginas(c.contenido)
    impresas = paginas_del_indice(c.contenido, range(1, c.paginas_preliminares))
    assert set(impresas) == {"1", "2", "3", "3.1", "3.2", "4", "5"}
    assert impresas["1"] is None and impresas["5"] is None  # points without documents print no page
    for numero, marca in PRIMERA_MARCA.items():
        pagina = impresas[numero]
        assert pagina is not None and marca in textos[pagina - 1], f"el punto {numero} no empieza en la página {pagina}"
        assert marca not in textos[pagina - 2], f"el documento del punto {numero} empieza antes de la página {pagina}"
        assert c.inicio(numero) == pagina
    # the documents follow one another without gaps: the 3-page annex sits between BRAVO and DELTA
    assert "CHARLIE hoja 1" in textos[impresas["3.2"] - 4] and "CHARLIE hoja 3" in textos[impresas["3.2"] - 2]


@pytest.mark.libreoffice
def test_un_marcador_por_punto_con_sus_documentos_anidados(armada) -> None:
    _, c = armada
    lector = PdfReader(io.BytesIO(c.contenido))
    arbol = marcadores(lector)
    assert [t for t, _, _ in arbol] == [
        "1. Lista de asistencia y declaración de quórum",
        "2. Lectura y, en su caso, aprobación del orden del día",
        "3. Informes de la Secretaría Técnica",
        "4. Proyecto de acuerdo por el que se aprueba el calendario de sesiones",
        "5. Asuntos generales",
    ]
    textos = texto_paginas(c.contenido)
    _, pagina2, hijos2 = arbol[1]
    assert [t for t, _, _ in hijos2] == ["Orden del día"] and "ALFA" in textos[pagina2 - 1]
    _, pagina3, hijos3 = arbol[2]
    assert [t for t, _, _ in hijos3] == ["3.1. Informe sobre el seguimiento de compromisos y acuerdos",
                                         "3.2. Avance del Programa Anual de Trabajo"]
    documentos31 = hijos3[0][2]
    assert [t for t, _, _ in documentos31] == ["IEP/DEVySPE/INF-001/2025 — Informe de compromisos",
                                               "Anexo: acuerdo escaneado"]
    assert "BRAVO" in textos[documentos31[0][1] - 1] and "CHARLIE hoja 1" in textos[documentos31[1][1] - 1]
    assert [("ECHO hoja 1" in textos[p - 1]) for _, p, _ in hijos3[1][2]] == [False, True]
    # a point with no documents takes the reader to the index page that lists it
    _, pagina5, hijos5 = arbol[4]
    assert hijos5 == [] and "Asuntos generales" in textos[pagina5 - 1] and pagina5 <= c.paginas_preliminares


@pytest.mark.libreoffice
def test_etiquetas_de_pagina_coinciden_con_los_numeros_estampados(armada) -> None:
    _, c = armada
    lector = PdfReader(io.BytesIO(c.contenido))
    assert "/PageLabels" in lector.trailer["/Root"]
    assert lector.page_labels[0] == "Portada"
    assert lector.page_labels[1:] == [str(n) for n in range(2, c.paginas + 1)]


@pytest.mark.libreoffice
def test_portada_indice_enlaces_y_paginas_giradas(armada) -> None:
    _, c = armada
    lector = PdfReader(io.BytesIO(c.contenido))
    portada = lector.pages[0].extract_text()
    for texto in ("Instituto Electoral de Prueba", "CARPETA DE LA SESIÓN", "Primera sesión ordinaria de 2025",
                  "jueves 27 de marzo de 2025", f"Esta carpeta contiene {c.paginas} páginas"):
        assert texto in portada
    assert "ORDEN DEL DÍA" in lector.pages[1].extract_text()
    # every index line with a page is a link to it
    destinos = set()
    for i in range(1, c.paginas_preliminares):
        for anotacion in lector.pages[i].get("/Annots", []):
            a = anotacion.get_object()
            if a["/Subtype"] == "/Link":
                destinos.add(lector.get_page_number(a["/Dest"][0].get_object()) + 1)
    assert destinos == {e.pagina for e in c.indice if e.pagina is not None}
    # the page shown landscape through /Rotate was normalised, and its stamp sits at the bottom right of
    # the page as seen; so does the stamp of the page whose boxes do not start at (0, 0)
    for numero_pagina, marca in ((c.inicio("3.2"), "DELTA hoja 1"), (c.inicio("3.2") + 1, "ECHO hoja 1")):
        pagina = lector.pages[numero_pagina - 1]
        caja = pagina.cropbox
        assert pagina.rotation == 0 and marca in pagina.extract_text()
        posiciones = []

        def visitante(texto, cm, tm, *_):
            if texto.startswith("Página"):
                posiciones.append(Transformation(tm).transform(Transformation(cm)).ctm[4:])  # noqa: B023

        pagina.extract_text(visitor_text=visitante)
        [(x, y)] = posiciones
        assert caja.left + caja.width / 2 < x < caja.right and caja.bottom < y < caja.bottom + 40
    assert lector.pages[c.inicio("3.2") - 1].cropbox.width > lector.pages[c.inicio("3.2") - 1].cropbox.height


def _punto(tmp: Path, *documentos: DocumentoCarpeta) -> list[PuntoCarpeta]:
    return [PuntoCarpeta("1", "Único punto", list(documentos))]


def test_pdf_cifrado_o_danado_se_rechaza_nombrando_cada_uno(tmp_path: Path) -> None:
    bueno = pdf_de(tmp_path / "bueno.pdf", "BUENO", [letter])
    escritor = PdfWriter(clone_from=bueno)
    escritor.encrypt("secreta")
    cifrado = tmp_path / "cifrado.pdf"
    with open(cifrado, "wb") as f:
        escritor.write(f)
    danado = tmp_path / "danado.pdf"
    danado.write_bytes(b"%PDF-1.4\n esto no es un PDF completo")
    with pytest.raises(EntradaInvalida) as e:
        carpeta.armar(_punto(tmp_path, DocumentoCarpeta("Bueno", bueno), DocumentoCarpeta("Con clave", cifrado),
                             DocumentoCarpeta("Roto", danado)), PORTADA)
    lugares = {p.lugar: p.mensaje for p in e.value.problemas}
    assert lugares == {"«Con clave» (cifrado.pdf)": "el PDF está protegido con contraseña",
                       "«Roto» (danado.pdf)": lugares["«Roto» (danado.pdf)"]}
    assert "dañado" in lugares["«Roto» (danado.pdf)"]


def test_solo_pdf_no_necesita_libreoffice_y_respeta_el_formato_de_pagina(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere: PDFs only must still work
    puntos = [PuntoCarpeta("1", "Primero", [DocumentoCarpeta("A", pdf_de(tmp_path / "a.pdf", "AAA", [letter] * 2))]),
              PuntoCarpeta("2", "Segundo", [DocumentoCarpeta("B", pdf_de(tmp_path / "b.pdf", "BBB", [letter]))])]
    c = carpeta.armar(puntos, PORTADA, formato_pagina="Hoja {n}/{total}")
    textos = texto_paginas(c.contenido)
    assert c.paginas == c.paginas_preliminares + 3 == len(textos)
    assert all(f"Hoja {i}/{c.paginas}" in t for i, t in enumerate(textos, start=1))
    assert "AAA hoja 1" in textos[c.inicio("1") - 1] and "BBB hoja 1" in textos[c.inicio("2") - 1]


def test_un_indice_largo_ocupa_varias_paginas_y_los_numeros_siguen_bien(tmp_path: Path) -> None:
    documento = pdf_de(tmp_path / "uno.pdf", "UNO", [letter])
    puntos = [PuntoCarpeta(str(i), f"Punto número {i} con un título suficientemente largo para ocupar espacio "
                                   "en el índice de la carpeta y obligar a que el índice crezca",
                           [DocumentoCarpeta(f"Documento del punto {i}", documento)]) for i in range(1, 41)]
    puntos[0].titulo = "Título desmesurado " * 300  # cut in the index, never a layout error
    c = carpeta.armar(puntos, PORTADA)
    assert c.paginas_preliminares >= 3  # cover + at least two index pages
    textos = texto_paginas(c.contenido)
    impresas = paginas_del_indice(c.contenido, range(1, c.paginas_preliminares))
    assert len(impresas) == 40
    assert [impresas[str(i)] for i in range(1, 41)] == list(range(c.paginas_preliminares + 1, c.paginas + 1))
    assert all("UNO hoja 1" in textos[p - 1] for p in impresas.values())


def test_formato_de_pagina_invalido_y_orden_vacio(tmp_path: Path) -> None:
    with pytest.raises(EntradaInvalida, match="debe incluir"):
        carpeta.armar(_punto(tmp_path), PORTADA, formato_pagina="Hoja sin número")
    with pytest.raises(EntradaInvalida, match="solo puede usar"):
        carpeta.armar(_punto(tmp_path), PORTADA, formato_pagina="{pagina}")
    with pytest.raises(EntradaInvalida, match="no tiene puntos"):
        carpeta.armar([], PORTADA)
