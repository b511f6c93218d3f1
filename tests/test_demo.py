"""The README's first command: the whole demo archive, end to end."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from archivo.archivistica import expedientes as exps
from archivo.archivistica.integridad import verificar
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.plantillas.conjunto import rutas_plantillas
from archivo.word.paquete import relaciones_sin_resolver
from tests.utilidades import invocar, texto_docx

pytestmark = [pytest.mark.lento, pytest.mark.libreoffice]


def _membrete_propio(tmp_path: Path) -> tuple[Path, bytes]:
    """The shipped membrete edited as an office would: another logo (an image), another address, a new line."""
    from docx import Document
    from PIL import Image

    from archivo.base.raiz import plantillas_incluidas

    logo = io.BytesIO()
    Image.new("RGB", (240, 240), (150, 20, 40)).save(logo, "PNG")
    doc = Document(plantillas_incluidas() / "membrete.docx")
    encabezado = doc.sections[0].header
    (imagen,) = [r.target_part for r in encabezado.part.rels.values() if r.reltype.endswith("/image")]
    imagen._blob = logo.getvalue()
    encabezado.add_paragraph("MEMBRETE DE PRUEBA DE LA OFICINA")
    pie = doc.sections[0].footer.paragraphs[0]
    for run in pie.runs:
        run.text = ""
    pie.runs[0].text = "Calle Nueva 1, Barrio Alto · Tel. 55 0000 0000"
    ruta = tmp_path / "membrete-propio.docx"
    doc.save(ruta)
    return ruta, logo.getvalue()


def _con_membrete_propio(datos: bytes, logo: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        medios = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
        marco = b"".join(z.read(n) for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
    return logo in medios and b"MEMBRETE DE PRUEBA DE LA OFICINA" in marco and \
        b"Calle Nueva 1, Barrio Alto" in marco


def test_demo_completa(tmp_path: Path, soffice: str) -> None:
    destino = tmp_path / "demo"
    membrete, logo = _membrete_propio(tmp_path)
    r = invocar(["demo", destino, "--membrete", membrete])
    assert r.codigo == 0, r.todo
    assert "Dónde mirar" in r.salida and str(destino) in r.salida
    # the portal first: how to start it and the demo accounts, one per role
    assert f"--raiz {destino} servir" in r.salida and "http://127.0.0.1:8080/" in r.salida
    assert "admin     contraseña configurar-2024-demo" in r.salida and "(rol emisión)" in r.salida
    raiz = Raiz(destino)
    with Catalogo.abrir(raiz) as cat:
        assert cat.uno("SELECT COUNT(*) FROM personas")[0] == 40
        assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE tipo = 'persona'")[0] == 40
        usadas = {f[0] for f in cat.todos("SELECT DISTINCT plantilla FROM documentos WHERE estado != 'borrador'")}
        assert {p.stem for p in rutas_plantillas(raiz, sistema=False)} <= usadas  # every template issued at least once
        mecanismos = {f[0] for f in cat.todos("SELECT DISTINCT mecanismo FROM procedimientos")}
        assert len(mecanismos) >= 10
        assert verificar(cat) == []
        assert {f[0] for f in cat.todos("SELECT rol FROM usuarios")} == {"consulta", "captura", "emision",
                                                                          "administracion"}
        # gestión documental: expedientes in every state, one of each instrument, what is due
        fases = {f[0] for f in cat.todos("SELECT DISTINCT fase FROM expedientes")}
        assert fases == {"tramite", "concentracion", "historico", "baja"}
        assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE serie_id IS NULL")[0] == 0
        assert {f[0] for f in cat.todos("SELECT tipo FROM instrumentos")} == {"general", "primaria", "baja",
                                                                               "secundaria", "guia"}
        assert cat.uno("SELECT COUNT(*) FROM prestamos WHERE devuelto IS NOT NULL")[0] >= 1
        assert cat.uno("SELECT COUNT(*) FROM prestamos WHERE devuelto IS NULL")[0] >= 1
        assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE estado = 'abierto'")[0] > 0
        assert "Word por contar" not in texto_docx(destino / cat.uno(
            "SELECT a.ruta FROM instrumentos i JOIN documentos d ON d.id = i.documento_id "
            "JOIN archivos a ON a.id = d.archivo_id WHERE i.tipo = 'general'")[0])
    pendientes = json.loads(invocar(["--raiz", destino, "archivistica", "pendientes", "--formato", "json"]).salida)
    assert [p["accion"] for p in pendientes].count("primaria") == 2
    with Catalogo.abrir(raiz) as cat:
        for exp in exps.lista(cat, "procedimiento"):
            indice = texto_docx(exp.carpeta(raiz) / exps.INDICE)
            for d in exps.documentos_de(cat, exp):
                if d["folio"]:
                    assert d["folio"] in indice
        carpeta = cat.uno("SELECT a.ruta FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                          "WHERE d.tipo = 'carpeta'")[0]
    # every kind of document the demo produces carries the office's membrete: its logo (an image part), its
    # address and its new line — issued documents, carátulas, índices, the orden del día and every report
    documentos_word = sorted((raiz.ruta / "expedientes").rglob("*.docx"))
    tipos = {p.name if p.name in ("caratula.docx", "indice.docx") else p.parent.parent.name for p in documentos_word}
    assert {"caratula.docx", "indice.docx", "procedimientos", "mecanismos", "sesiones"} <= tipos
    sin = [str(p.relative_to(raiz.ruta)) for p in documentos_word if not _con_membrete_propio(p.read_bytes(), logo)]
    assert sin == []
    rotas = {str(p.relative_to(raiz.ruta)): relaciones_sin_resolver(p.read_bytes()) for p in documentos_word}
    assert {k: v for k, v in rotas.items() if v} == {}  # every relationship of every package resolves
    pdf = PdfReader(raiz.ruta / carpeta)
    assert "MEMBRETE DE PRUEBA DE LA OFICINA" in pdf.pages[0].extract_text()  # the carpeta's cover too
    assert pdf.pages[0].images  # with the logo
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
