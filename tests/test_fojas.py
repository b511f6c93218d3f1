"""Fojas: the pages of an expediente's documents (PDF read directly, Word counted once with LibreOffice)."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

from pypdf import PdfWriter

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import expedientes as exps
from archivo.archivistica import fojas
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.busqueda import acervo
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba, texto_docx

DATOS = {"asunto": "Aviso", "destinatario": "SPEN-0001", "cuerpo": "Texto del oficio."}


def _pdf(paginas: int) -> bytes:
    w = PdfWriter()
    for _ in range(paginas):
        w.add_blank_page(612, 792)
    salida = io.BytesIO()
    w.write(salida)
    return salida.getvalue()


def _preparar(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> exps.Expediente:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    proc = procs.abrir(cat, "concurso-publico", "Concurso Público 2025", personas=["SPEN-0001"])
    for dia in (17, 18):
        generacion.generar(cat, "oficio-prueba", procedimiento_id=proc.id, datos=DATOS, fecha=date(2025, 6, dia),
                           repetir=True)
    return exps.por_id(cat, proc.expediente_id)


def test_texto_de_las_fojas() -> None:
    assert fojas.Fojas(12).texto() == "12"
    assert fojas.Fojas(12, por_contar=1).texto() == "12 (y 1 documento de Word por contar)"
    assert fojas.Fojas(3, por_contar=2, ilegibles=1).texto() == \
        "3 (y 2 documentos de Word por contar y 1 archivo ilegible)"
    assert not fojas.Fojas(3, por_contar=2).completas and fojas.Fojas(3).completas


def test_pdf_se_cuenta_y_word_espera_a_libreoffice(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    exp = _preparar(raiz, cat, tmp_path)
    docs = exps.documentos_de(cat, exp)
    assert fojas.contar(cat, docs) == fojas.Fojas(0, por_contar=2)
    assert len(fojas.pendientes(cat, docs)) == 2
    # a PDF of 3 pages and a damaged one, imported into the acervo, are counted (or named unreadable) at once
    (tmp_path / "tres.pdf").write_bytes(_pdf(3))
    (tmp_path / "roto.pdf").write_bytes(_pdf(2)[:-200])
    acervo.importar(cat, [tmp_path / "tres.pdf"])
    pdfs = [d for d in (dict(f) for f in cat.todos(
        "SELECT a.ruta, a.sha256 FROM documentos d JOIN archivos a ON a.id = d.archivo_id WHERE d.origen = "
        "'importado'"))]
    assert fojas.contar(cat, pdfs) == fojas.Fojas(3)
    assert cat.uno("SELECT paginas, metodo FROM paginas WHERE sha256 = ?", (pdfs[0]["sha256"],))[:] == (3, "pdf")


def test_word_contado_con_libreoffice_y_caratula_actualizada(raiz: Raiz, cat: Catalogo, tmp_path: Path,
                                                            soffice: str) -> None:
    exp = _preparar(raiz, cat, tmp_path)
    caratula = exp.carpeta(raiz) / exps.CARATULA
    assert "2 documentos de Word por contar" in texto_docx(caratula)
    contados = exps.contar_fojas(cat)
    assert contados == 2
    docs = exps.documentos_de(cat, exp)
    cuenta = fojas.contar(cat, docs)
    assert cuenta.completas and cuenta.paginas >= 2  # each oficio is at least one page
    texto = texto_docx(caratula)
    assert f"Número de fojas\n{cuenta.paginas}" in texto and "por contar" not in texto
    # the persona's expediente lists the same documents: its carátula was refreshed too
    persona = exps.obtener(cat, "persona", "SPEN-0001")
    assert f"Número de fojas\n{cuenta.paginas}" in texto_docx(persona.carpeta(raiz) / exps.CARATULA)
    # counted once: nothing left, a second run converts nothing
    assert fojas.pendientes(cat) == [] and exps.contar_fojas(cat) == 0


def test_cerrar_cuenta_las_fojas_del_expediente(raiz: Raiz, cat: Catalogo, tmp_path: Path, soffice: str,
                                                cli) -> None:
    exp = _preparar(raiz, cat, tmp_path)
    r = cli("expediente", "cerrar", "--numero", exp.numero, "--fecha", "2025-06-30")
    assert r.codigo == 0, r.todo
    assert "por contar" not in texto_docx(exp.carpeta(raiz) / exps.CARATULA)
    assert fojas.pendientes(cat, exps.documentos_de(cat, exp)) == []


def test_sin_libreoffice_la_caratula_dice_cuantos_faltan(raiz: Raiz, cat: Catalogo, tmp_path: Path, cli,
                                                         monkeypatch) -> None:
    exp = _preparar(raiz, cat, tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    monkeypatch.delenv("ARCHIVO_SOFFICE", raising=False)
    assert shutil.which("soffice") is None
    r = cli("expediente", "fojas")
    assert r.codigo == 1 and "LibreOffice" in r.errores and "Traceback" not in r.todo
    r = cli("expediente", "cerrar", "--numero", exp.numero, "--fecha", "2025-06-30")
    assert r.codigo == 0, r.todo
    assert "2 documentos de Word por contar" in texto_docx(exp.carpeta(raiz) / exps.CARATULA)


def test_cli_fojas_de_un_expediente(raiz: Raiz, cat: Catalogo, tmp_path: Path, soffice: str, cli) -> None:
    exp = _preparar(raiz, cat, tmp_path)
    r = cli("expediente", "fojas", "--numero", exp.numero)
    assert r.codigo == 0, r.todo
    assert "Se contaron las fojas de 2 documento(s) de Word" in r.salida
    r = cli("expediente", "fojas")
    assert r.codigo == 0 and "ya están contadas" in r.salida
