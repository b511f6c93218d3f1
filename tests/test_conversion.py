"""LibreOffice headless conversion: real soffice, real .docx, PDFs opened with pypdf."""

from __future__ import annotations

import stat
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from archivo.base.errors import EntradaInvalida
from archivo.word import conversion


def _docx(ruta: Path, texto: str, parrafos: int = 3) -> Path:
    d = Document()
    d.add_heading(texto, level=1)
    for i in range(parrafos):
        d.add_paragraph(f"{texto}: párrafo {i + 1} con acentos (María, Comisión, señal).")
    d.save(ruta)
    return ruta


def _texto_pdf(ruta: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(ruta).pages)


def _docx_roto(ruta: Path, base: Path) -> Path:
    """A zip that looks like a .docx (has word/document.xml) but whose XML is cut in half."""
    with zipfile.ZipFile(base) as origen, zipfile.ZipFile(ruta, "w") as z:
        for info in origen.infolist():
            datos = origen.read(info.filename)
            if info.filename == "word/document.xml":
                datos = datos[: len(datos) // 2]
            z.writestr(info, datos)
    return ruta


@pytest.mark.libreoffice
def test_convierte_un_docx_generado_y_el_texto_esta_en_el_pdf(tmp_path: Path, soffice: str) -> None:
    docx = _docx(tmp_path / "oficio.docx", "Oficio de notificación a la Comisión")
    [pdf] = conversion.convertir_a_pdf([docx], tmp_path / "salida", soffice=soffice)
    assert pdf.parent == tmp_path / "salida"
    texto = _texto_pdf(pdf)
    assert "Oficio de notificación a la Comisión" in texto
    assert "María, Comisión, señal" in texto


@pytest.mark.libreoffice
def test_un_lote_en_un_proceso_conserva_el_orden_y_no_choca_con_nombres_repetidos(tmp_path: Path,
                                                                                   soffice: str) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    archivos = [_docx(tmp_path / "a" / "informe.docx", "Primero del lote"),
                _docx(tmp_path / "b" / "informe.docx", "Segundo del lote"),
                _docx(tmp_path / "tercero.docx", "Tercero del lote")]
    pdfs = conversion.convertir_a_pdf(archivos, tmp_path / "salida", soffice=soffice)
    assert len(pdfs) == 3 and len(set(pdfs)) == 3
    for pdf, esperado in zip(pdfs, ["Primero", "Segundo", "Tercero"], strict=True):
        assert f"{esperado} del lote" in _texto_pdf(pdf)


@pytest.mark.libreoffice
def test_dos_procesos_con_perfiles_propios_convierten_todo(tmp_path: Path, soffice: str) -> None:
    archivos = [_docx(tmp_path / f"d{i}.docx", f"Documento número {i}") for i in range(5)]
    pdfs = conversion.convertir_a_pdf(archivos, tmp_path / "salida", soffice=soffice, procesos=2)
    assert [f"Documento número {i}" in _texto_pdf(p) for i, p in enumerate(pdfs)] == [True] * 5


@pytest.mark.libreoffice
def test_un_archivo_que_falla_en_el_lote_se_nombra(tmp_path: Path, soffice: str) -> None:
    bueno = _docx(tmp_path / "bueno.docx", "Documento correcto")
    roto = _docx_roto(tmp_path / "dictamen-dañado.docx", bueno)
    otro = _docx(tmp_path / "otro.docx", "Otro documento")
    with pytest.raises(conversion.ErrorConversion) as e:
        conversion.convertir_a_pdf([bueno, roto, otro], tmp_path / "salida", soffice=soffice)
    assert [p.lugar for p in e.value.problemas] == [str(roto)]
    assert "no convirtió 1 de 3" in str(e.value)
    assert "dictamen-dañado.docx" in str(e.value)
    assert not list((tmp_path / "salida").glob("*.pdf")), "no debe quedar ningún PDF a medias"


def test_sin_libreoffice_el_error_es_claro_y_en_espanol(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without soffice
    monkeypatch.delenv(conversion.ENV_SOFFICE, raising=False)
    docx = _docx(tmp_path / "a.docx", "Texto")
    with pytest.raises(conversion.ErrorConversion) as e:
        conversion.convertir_a_pdf([docx], tmp_path / "salida")
    mensaje = str(e.value)
    assert "No se encontró LibreOffice" in mensaje
    assert "libreoffice-writer-nogui" in mensaje and conversion.ENV_SOFFICE in mensaje


def test_ruta_de_soffice_inexistente_en_la_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(conversion.ENV_SOFFICE, str(tmp_path / "no-existe" / "soffice"))
    with pytest.raises(conversion.ErrorConversion, match="No se encontró LibreOffice en"):
        conversion.localizar_soffice()


def _programa(ruta: Path, guion: str) -> str:
    ruta.write_text("#!/bin/sh\n" + guion, encoding="utf-8")
    ruta.chmod(ruta.stat().st_mode | stat.S_IXUSR)
    return str(ruta)


@pytest.mark.lento
def test_un_libreoffice_colgado_se_detiene_al_vencer_el_tiempo(tmp_path: Path) -> None:
    marca = tmp_path / "hijo.pid"
    # The launcher starts a child (like soffice does with soffice.bin) and both hang.
    falso = _programa(tmp_path / "soffice", f"sleep 60 & echo $! > {marca}\nwait\n")
    docx = _docx(tmp_path / "a.docx", "Texto")
    with pytest.raises(conversion.ErrorConversion, match="no terminó de convertir 1 documento"):
        conversion.convertir_a_pdf([docx], tmp_path / "salida", soffice=falso, tiempo_limite=1)
    hijo = Path("/proc") / marca.read_text().strip() / "stat"
    # The whole process group was killed, not only the launcher: the child is gone (or a zombie, when no
    # init process reaps orphans in this container).
    for _ in range(50):
        if not hijo.exists() or hijo.read_text().split(")")[-1].split()[0] == "Z":
            break
        time.sleep(0.1)
    else:
        pytest.fail("el proceso hijo de LibreOffice sigue vivo después del tiempo límite")


def test_libreoffice_que_termina_con_error_se_informa(tmp_path: Path) -> None:
    falso = _programa(tmp_path / "soffice", "echo 'Error: no se pudo iniciar' >&2\nexit 81\n")
    docx = _docx(tmp_path / "a.docx", "Texto")
    with pytest.raises(conversion.ErrorConversion) as e:
        conversion.convertir_a_pdf([docx], tmp_path / "salida", soffice=falso)
    assert "terminó con código 81" in str(e.value)
    assert "no se pudo iniciar" in str(e.value)
    assert e.value.problemas[0].lugar == str(docx)


def test_entradas_invalidas_se_reportan_todas_antes_de_convertir(tmp_path: Path) -> None:
    texto = tmp_path / "nota.docx"
    texto.write_text("esto es texto, no Word", encoding="utf-8")
    cifrado = tmp_path / "protegido.docx"
    cifrado.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    hoja = tmp_path / "tabla.xlsx"
    hoja.write_bytes(b"PK")
    with pytest.raises(EntradaInvalida) as e:
        # soffice is never reached: a missing program would raise ErrorConversion instead
        conversion.convertir_a_pdf([texto, cifrado, hoja, tmp_path / "falta.docx"], tmp_path / "s",
                                   soffice=str(tmp_path / "no-existe"))
    lugares = {p.lugar: p.mensaje for p in e.value.problemas}
    assert set(lugares) == {str(texto), str(cifrado), str(hoja), str(tmp_path / "falta.docx")}
    assert "contraseña" in lugares[str(cifrado)]
    assert "no existe" in lugares[str(tmp_path / "falta.docx")]
    assert ".xlsx" in lugares[str(hoja)]


def test_procesos_automaticos_segun_nucleos_y_documentos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conversion.os, "cpu_count", lambda: 2)
    assert [conversion.procesos_automaticos(n) for n in (1, 4, 9, 10, 20, 200)] == [1, 1, 1, 2, 2, 2]
    monkeypatch.setattr(conversion.os, "cpu_count", lambda: 16)
    assert [conversion.procesos_automaticos(n) for n in (5, 15, 20, 200)] == [1, 3, 4, 4]
    monkeypatch.setattr(conversion.os, "cpu_count", lambda: None)
    assert conversion.procesos_automaticos(50) == 1
