"""The demo's search part: fictitious past acuerdos written as .docx and .pdf, imported and searched."""

from __future__ import annotations

import pytest

from archivo import busqueda
from archivo.busqueda.extraccion import extraer
from archivo.demo import busqueda as demo


def test_la_carpeta_de_ejemplo_tiene_word_pdf_escaneo_y_copia(tmp_path):
    archivos = demo.escribir_carpeta(tmp_path / "ejemplos", "Itzel Ramírez Cruz")
    assert {p.suffix for p in archivos} == {".docx", ".pdf"}
    textos = {p.name: extraer(p) for p in archivos}
    assert "IEA-CG-112/2023" in textos["IEA-CG-112-2023.pdf"].texto
    assert "Itzel Ramírez Cruz" in textos["IEA-CSPEN-003-2023.pdf"].texto
    assert not textos["acta-sesion-2012-escaneada.pdf"].con_texto
    assert (tmp_path / "ejemplos" / "copia de IEA-CG-24-2014.docx").read_bytes() == \
        (tmp_path / "ejemplos" / "IEA-CG-24-2014.docx").read_bytes()


@pytest.mark.ocr
def test_poblar_importa_y_busca(raiz, cat, ocr):
    cat.conn.execute(  # one persona, as the demo padrón would have
        "INSERT INTO personas (clave, nombre, primer_apellido, segundo_apellido, cargo, adscripcion, alta, "
        "modificado) VALUES ('SPEN-0001', 'Itzel', 'Ramírez', 'Cruz', 'Técnica', 'DEOE', '2024-01-01', "
        "'2024-01-01')")
    informe: list[str] = []
    demo.poblar(raiz, cat, informe)
    texto = "\n".join(informe)
    assert "copió 6 a acervo/AÑO/" in texto and "omitió 1 duplicado" in texto
    assert "1 acta escaneada cuyo texto reconoció el OCR, con su copia buscable al lado del original" in texto
    # a word from the scanned page finds it (OCR'd during the demo); the report says so
    assert "«bodega distrital» (palabras del acta escaneada, leídas por OCR): 1 resultado(s)" in texto
    assert "«INE/CG682/2023»: 2 resultado(s), el primero IEA-CG-112/2023" in texto
    assert "«IEA-CG-112/2023»: 2 resultado(s), el primero IEA-CG-112/2023" in texto
    assert "de la persona SPEN-0001 (su nombre en el texto): 2 resultado(s)" in texto
    assert sorted(p.name for p in (raiz.acervo / "2014").iterdir() if p.suffix == ".docx") == [
        "IEA-CG-24-2014.docx", "caratula.docx", "indice.docx"]
    escaneo = busqueda.buscar(cat, "acta sesión", desde="2012-01-01", hasta="2012-12-31")
    assert escaneo[0].nombre_original == "acta-sesion-2012-escaneada.pdf" and escaneo[0].fecha == "2012-05-10"
    acta = busqueda.buscar(cat, "bodega distrital San Juan de las Huertas")
    assert [r.nombre_original for r in acta] == ["acta-sesion-2012-escaneada.pdf"] and acta[0].ocr
    assert acta[0].titulo.startswith("ACTA DE LA SESIÓN ORDINARIA DEL CONSEJO GENERAL")
    assert (raiz.acervo / "2012" / "acta-sesion-2012-escaneada.buscable.pdf").is_file()
