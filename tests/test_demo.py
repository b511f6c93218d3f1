"""The README's first command: the whole demo archive, end to end."""

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from archivo.archivistica import expedientes as exps
from archivo.archivistica.integridad import verificar
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.plantillas.conjunto import rutas_plantillas
from tests.utilidades import invocar, texto_docx

pytestmark = [pytest.mark.lento, pytest.mark.libreoffice]


def test_demo_completa(tmp_path: Path, soffice: str) -> None:
    destino = tmp_path / "demo"
    r = invocar(["demo", destino])
    assert r.codigo == 0, r.todo
    assert "Dónde mirar" in r.salida and str(destino) in r.salida
    raiz = Raiz(destino)
    with Catalogo.abrir(raiz) as cat:
        assert cat.uno("SELECT COUNT(*) FROM personas")[0] == 40
        assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE tipo = 'persona'")[0] == 40
        usadas = {f[0] for f in cat.todos("SELECT DISTINCT plantilla FROM documentos WHERE estado != 'borrador'")}
        assert {p.stem for p in rutas_plantillas(raiz, sistema=False)} <= usadas  # every template issued at least once
        mecanismos = {f[0] for f in cat.todos("SELECT DISTINCT mecanismo FROM procedimientos")}
        assert len(mecanismos) >= 10
        assert verificar(cat) == []
        for exp in exps.lista(cat, "procedimiento"):
            indice = texto_docx(exp.carpeta(raiz) / exps.INDICE)
            for d in exps.documentos_de(cat, exp):
                if d["folio"]:
                    assert d["folio"] in indice
        carpeta = cat.uno("SELECT a.ruta FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                          "WHERE d.tipo = 'carpeta'")[0]
    pdf = PdfReader(raiz.ruta / carpeta)
    assert len(pdf.outline) >= 5
    assert all(f"de {len(pdf.pages)}" in p.extract_text() for p in pdf.pages)
    encontrados = json.loads(invocar(["--raiz", destino, "buscar", "designacion", "--formato", "json"]).salida)
    assert encontrados and all("**design" in " ".join(e["fragmentos"]).lower() for e in encontrados)
    # running it again replaces the demo archive (and only a demo archive)
    assert invocar(["demo", destino]).codigo == 0
    ajeno = tmp_path / "mis-datos"
    ajeno.mkdir()
    (ajeno / "nota.txt").write_text("importante")
    r = invocar(["demo", ajeno])
    assert r.codigo == 1 and "no es un archivo de demostración" in r.errores
    assert (ajeno / "nota.txt").read_text() == "importante"
