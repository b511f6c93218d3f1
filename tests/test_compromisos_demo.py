"""The demo part for compromisos and the PAT, on a fresh archive of the demo institution."""

from __future__ import annotations

from docx import Document

from archivo import compromisos, pat
from archivo.archivistica import documentos
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.demo import TOML_DEMO, compromisos_pat


def test_demo_de_compromisos_y_pat(tmp_path):
    raiz = iniciar_archivo(tmp_path / "demo", toml=TOML_DEMO)
    informe: list[str] = []
    with Catalogo.abrir(raiz, usuario="demo") as cat:
        compromisos_pat.poblar(raiz, cat, informe)
        emitidos = documentos.lista(cat, anio=2024)
        assert [(d.folio, d.tipo) for d in emitidos] == [
            ("IEA/DEVySPE/INF-001/2024", "programa"), ("IEA/DEVySPE/INF-002/2024", "informe"),
            ("IEA/DEVySPE/INF-003/2024", "informe"), ("IEA/DEVySPE/INF-004/2024", "informe")]
        for d in emitidos:
            assert d.archivo(raiz).is_file()
        assert len(compromisos.lista(cat)) == 11
        assert [len(m.actividades) for m in pat.obtener(cat, 2024).mecanismos] == [6, 2, 5, 1, 5, 11, 9, 7, 6, 5]
        segundo = Document(emitidos[3].archivo(raiz))
        assert len(segundo.tables[2].rows) == 2  # only the item still open carried over
    assert len(informe) == 4
    assert any("10 de ellos están cumplidos y 1 en proceso de cumplimiento" in linea for linea in informe)
    assert any("supuesto de la demostración" in linea for linea in informe)
