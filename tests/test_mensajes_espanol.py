"""No English reaches the user: pypdf's log lines when a damaged PDF is attached to a session point, its
exception names in the messages, Jinja's wording in template errors."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from archivo.base.catalogo import Catalogo
from tests.conftest import REPO, Resultado

INGLES = re.compile(r"EOF marker|startxref|xref table|PdfReadError|PdfStreamError|Traceback|Error inesperado|"
                    r"is undefined|unexpected|Invalid|not found|Exception", re.I)


def _pdf() -> bytes:
    salida = io.BytesIO()
    c = canvas.Canvas(salida)
    c.drawString(100, 700, "Oficio INE/DESPEN/2817/2024 recibido para la sesión.")
    c.save()
    return salida.getvalue()


@pytest.fixture
def sesion(cli) -> str:
    r = cli("sesion", "nueva", "--organo", "comision", "--tipo", "ordinaria", "--fecha", "2030-03-28")
    assert r.codigo == 0, r.todo
    assert cli("sesion", "punto", "agregar", "1", "Informe de la DESPEN.").codigo == 0
    return "1"


@pytest.mark.parametrize("dano", ["sin-final", "cortado", "basura", "xref-corrido"])
def test_adjuntar_un_pdf_danado_no_muestra_ingles(cli, cat: Catalogo, sesion: str, tmp_path: Path,
                                                 dano: str) -> None:
    sano = _pdf()
    contenido = {"sin-final": sano.replace(b"%%EOF", b""), "cortado": sano[: len(sano) // 2],
                 "basura": b"%PDF-1.4\n" + bytes(range(256)) * 4,
                 "xref-corrido": re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n" + str(int(m.group(1)) + 7)
                                        .encode(), sano)}[dano]
    ruta = tmp_path / f"{dano}.pdf"
    ruta.write_bytes(contenido)
    # a real process: pytest captures log records itself, so only a process shows what reaches stderr
    p = subprocess.run([sys.executable, "-m", "archivo", "--raiz", str(cat.raiz.ruta), "sesion", "adjuntar", sesion,
                        "1", "--pdf", str(ruta)], capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(REPO)))
    r = Resultado(p.returncode, p.stdout, p.stderr)
    assert not INGLES.search(r.errores) and not INGLES.search(r.salida), r.todo
    if dano == "xref-corrido":  # pypdf repairs it: attached, and its repair notes stay off the screen
        assert r.codigo == 0, r.todo
    else:
        assert r.codigo == 1 and "el PDF está dañado y no se puede leer:" in r.errores, r.todo
        assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0


def test_importar_un_pdf_danado_lo_dice_en_espanol(cli, tmp_path: Path) -> None:
    (tmp_path / "cortado.pdf").write_bytes(_pdf()[:300])
    r = cli("importar", tmp_path / "cortado.pdf")
    assert r.codigo == 1 and "es un PDF dañado que no se pudo recuperar" in r.salida, r.todo
    assert not INGLES.search(r.todo), r.todo
