"""The carpeta of a session: built from the orden del día, filed in the session's expediente with its SHA-256."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from archivo import sesiones
from archivo.archivistica import documentos
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import sha256_file
from tests.utilidades import emitir_docx, marcadores, paginas_del_indice, pdf


def _sesion_con_documentos(cat: Catalogo, tmp_path: Path) -> tuple[sesiones.Sesion, dict[str, documentos.Documento]]:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", hora="11:00")
    for titulo in ("Lista de asistencia y declaración de quórum.", "Informes.", "Comunicaciones.",
                   "Asuntos generales."):
        sesiones.agregar_punto(cat, s.id, titulo)
    sesiones.agregar_punto(cat, s.id, "Informe de compromisos y acuerdos.", dentro_de="2")
    sesiones.agregar_punto(cat, s.id, "Informe de avance del PAT.", dentro_de="2")
    docs = {
        "informe": emitir_docx(cat, "Informe de compromisos", "TEXTO-INFORME-COMPROMISOS", serie="informe"),
        "pat": emitir_docx(cat, "Avance del PAT", "TEXTO-AVANCE-PAT", serie="informe"),
        "oficio": emitir_docx(cat, "Oficio a la DESPEN", "TEXTO-OFICIO-DESPEN"),
    }
    sesiones.adjuntar(cat, s.id, "2.1", [docs["informe"].folio])
    sesiones.adjuntar(cat, s.id, "2.2", [docs["pat"].folio])
    sesiones.adjuntar(cat, s.id, "3", [docs["oficio"].folio],
                      pdfs=[pdf(tmp_path / "oficio-recibido.pdf", "TEXTO-PDF-RECIBIDO", 2)])
    return s, docs


@pytest.mark.libreoffice
def test_carpeta_archivada_con_marcadores_indice_y_sha256(cat: Catalogo, tmp_path: Path, soffice: str) -> None:
    s, _ = _sesion_con_documentos(cat, tmp_path)
    r = sesiones.armar_carpeta(cat, s.id, soffice=soffice)
    doc = r.documento
    ruta = doc.archivo(cat.raiz)
    # filed in the session's expediente, without folio, with the SHA-256 of the file on disk
    assert (doc.tipo, doc.folio, doc.estado, r.version) == ("carpeta", None, "emitido", 1)
    assert doc.expediente_id == sesiones.obtener(cat, s.id).expediente_id
    assert ruta.name == "carpeta-primera-sesion-ordinaria-de-2025-v1.pdf"
    assert doc.sha256 == sha256_file(ruta)
    assert cat.uno("SELECT sha256 FROM archivos WHERE ruta = ?", (doc.ruta,))["sha256"] == doc.sha256
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes WHERE documento_id = ?", (doc.id,))[0] == 0

    lector = PdfReader(ruta)
    n = len(lector.pages)
    textos = [p.extract_text() for p in lector.pages]
    assert all(f"Página {i} de {n}" in t for i, t in enumerate(textos, start=1))
    assert "Primera sesión ordinaria de 2025" in textos[0] and "Jueves 27 de marzo de 2025" in textos[0]
    arbol = marcadores(lector)
    assert [t for t, _, _ in arbol] == ["1. Lista de asistencia y declaración de quórum.", "2. Informes.",
                                        "3. Comunicaciones.", "4. Asuntos generales."]
    assert [t for t, _, _ in arbol[1][2]] == ["2.1. Informe de compromisos y acuerdos.", "2.2. Informe de avance del PAT."]
    assert [t for t, _, _ in arbol[2][2]] == [sesiones.titulo_documento(d) for d in
                                             sesiones.orden_del_dia(cat, s.id)[2].documentos]
    impresas = paginas_del_indice(r.carpeta.contenido, range(1, r.carpeta.paginas_preliminares))
    for numero, marca in (("2", "TEXTO-INFORME-COMPROMISOS"), ("2.1", "TEXTO-INFORME-COMPROMISOS"),
                          ("2.2", "TEXTO-AVANCE-PAT"), ("3", "TEXTO-OFICIO-DESPEN")):
        assert marca in textos[impresas[numero] - 1], f"el índice dice que el punto {numero} empieza en {impresas[numero]}"
    assert "TEXTO-PDF-RECIBIDO hoja 2" in textos[-1]
    assert lector.page_labels[0] == "Portada" and lector.page_labels[-1] == str(n)

    estado = sesiones.estado_carpeta(cat, sesiones.obtener(cat, s.id), sesiones.orden_del_dia(cat, s.id))
    assert estado["al_dia"] and estado["paginas"] == n and estado["version"] == 1


@pytest.mark.libreoffice
def test_volver_a_armar_archiva_una_version_nueva_sin_tocar_la_anterior(cat: Catalogo, tmp_path: Path,
                                                                        soffice: str) -> None:
    s, docs = _sesion_con_documentos(cat, tmp_path)
    v1 = sesiones.armar_carpeta(cat, s.id, soffice=soffice)
    contenido_v1 = v1.documento.archivo(cat.raiz).read_bytes()
    sesiones.desadjuntar(cat, s.id, "3", docs["oficio"].folio)
    ses = sesiones.obtener(cat, s.id)
    assert not sesiones.estado_carpeta(cat, ses, sesiones.orden_del_dia(cat, s.id))["al_dia"]
    v2 = sesiones.armar_carpeta(cat, s.id, soffice=soffice)
    assert v2.version == 2 and v2.documento.sustituye_a == v1.documento.id
    assert v2.documento.ruta != v1.documento.ruta
    assert v1.documento.archivo(cat.raiz).read_bytes() == contenido_v1
    assert v2.carpeta.paginas < v1.carpeta.paginas
    assert [c["version"] for c in sesiones.carpetas(cat, s.id)] == [1, 2]
    assert "TEXTO-OFICIO-DESPEN" not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(v2.carpeta.contenido)).pages)


def test_carpeta_rechaza_documentos_cancelados_o_alterados(cat: Catalogo, tmp_path: Path) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    sesiones.agregar_punto(cat, s.id, "Informes")
    oficio = emitir_docx(cat, "Oficio que se cancelará")
    informe = emitir_docx(cat, "Informe que se alterará", serie="informe")
    sesiones.adjuntar(cat, s.id, "1", [oficio.folio, informe.folio])
    documentos.cancelar(cat, oficio.folio, "Se emitió por error")
    informe.archivo(cat.raiz).write_bytes(b"alterado a mano")
    with pytest.raises(EntradaInvalida) as e:
        sesiones.armar_carpeta(cat, s.id)
    mensajes = [str(p) for p in e.value.problemas]
    assert len(mensajes) == 2
    assert f"punto 1, {oficio.folio}" in mensajes[0] and "cancelado" in mensajes[0]
    assert f"punto 1, {informe.folio}" in mensajes[1] and "fue alterado" in mensajes[1]
    assert documentos.lista(cat, tipo="carpeta") == []


def test_carpeta_sin_orden_del_dia_y_sin_libreoffice(cat: Catalogo, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    with pytest.raises(EntradaInvalida, match="no tiene orden del día"):
        sesiones.armar_carpeta(cat, s.id)
    sesiones.agregar_punto(cat, s.id, "Informes")
    sesiones.adjuntar(cat, s.id, "1", [emitir_docx(cat, "Informe en Word", serie="informe").folio])
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("ARCHIVO_SOFFICE", raising=False)
    with pytest.raises(ArchivoError, match="No se encontró LibreOffice"):
        sesiones.armar_carpeta(cat, s.id)
    assert documentos.lista(cat, tipo="carpeta") == [] and sesiones.carpetas(cat, s.id) == []
