"""«archivo servir» (options, warnings) and the checks of uploaded files (type by content, zip bombs, images)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from starlette.testclient import TestClient

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import expedientes as exps
from archivo.base import subidas
from archivo.base.catalogo import Catalogo, TareaEnSegundoPlano, iniciar_archivo, tarea_registrada
from archivo.web import servidor
from archivo.web.app import crear_app
from tests.utilidades import PADRON_CSV, TOML_PRUEBA, instalar_plantilla_prueba


@pytest.fixture
def sin_servidor(monkeypatch):
    """uvicorn.run recorded instead of serving (the command's checks and messages are under test)."""
    llamadas = []
    monkeypatch.setattr(servidor.uvicorn, "run", lambda app, **kw: llamadas.append(kw))
    return llamadas


def test_servir_en_este_equipo_por_omision(cli, sin_servidor) -> None:
    r = cli("servir")
    assert r.codigo == 0, r.todo
    assert sin_servidor[0]["host"] == "127.0.0.1" and sin_servidor[0]["port"] == 8080
    assert "http://127.0.0.1:8080/" in r.salida and "SIN CIFRAR" not in r.todo
    assert "No hay cuentas de usuario" in r.errores  # nobody could log in: said plainly


def test_servir_a_la_red_sin_tls_advierte(cli, sin_servidor) -> None:
    r = cli("servir", "--direccion", "0.0.0.0", "--puerto", "8201")
    assert r.codigo == 0 and "SIN CIFRAR (HTTP)" in r.salida and "--certificado" in r.salida
    assert sin_servidor[0]["ssl_certfile"] is None


def test_servir_con_tls_y_opciones_invalidas(cli, sin_servidor, tmp_path: Path) -> None:
    cert, llave = tmp_path / "cert.pem", tmp_path / "llave.pem"
    cert.write_text("x")
    llave.write_text("x")
    r = cli("servir", "--direccion", "0.0.0.0", "--certificado", cert, "--llave", llave)
    assert r.codigo == 0 and "https://" in r.salida and "SIN CIFRAR" not in r.salida
    assert sin_servidor[0]["ssl_keyfile"] == str(llave)
    r = cli("servir", "--direccion", "la-red", "--certificado", cert)
    assert r.codigo == 1 and not sin_servidor[1:]
    for texto in ("«la-red» no es una dirección IP", "se necesitan los dos"):
        assert texto in r.errores
    r = cli("servir", "--puerto", "70000")
    assert r.codigo == 2 and not sin_servidor[1:] and "escriba un número de 1 a 65535" in r.errores


def _zip(partes: dict[str, bytes]) -> bytes:
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, datos in partes.items():
            z.writestr(nombre, datos)
    return salida.getvalue()


@pytest.mark.parametrize(("nombre", "datos", "tipo"), [
    ("a.pdf", b"%PDF-1.7\n...", "pdf"),
    ("a.docx", _zip({"word/document.xml": b"<w:document/>"}), "docx"),
    ("a.xlsx", _zip({"xl/workbook.xml": b"<workbook/>"}), "xlsx"),
    ("a.txt", "Acuerdo con acentos: señalización".encode("cp1252"), "txt"),
    ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "png"),
    ("a.bin", b"\x00\x01\x02binario", "otro"),
])
def test_tipo_por_contenido(tmp_path: Path, nombre: str, datos: bytes, tipo: str) -> None:
    ruta = tmp_path / nombre
    ruta.write_bytes(datos)
    assert subidas.tipo_por_contenido(ruta) == tipo


def test_revisar_tamano_tipo_nombre_y_zip_bomba(tmp_path: Path) -> None:
    grande = tmp_path / "grande.pdf"
    grande.write_bytes(b"%PDF-" + b"0" * (2 * subidas.MB))
    assert "el límite es 1 MB" in subidas.revisar(grande, "grande.pdf", permitidos={"pdf"}, max_bytes=subidas.MB)[1][0].mensaje
    disfrazado = tmp_path / "acuerdo.pdf"
    disfrazado.write_bytes(_zip({"word/document.xml": b"<w:document/>"}))
    tipo, [problema] = subidas.revisar(disfrazado, "acuerdo.pdf", permitidos={"pdf", "docx"}, max_bytes=subidas.MB)
    assert tipo == "docx" and "su contenido es un documento de Word" in problema.mensaje
    assert "«.docx»" in problema.sugerencia
    bomba = tmp_path / "bomba.docx"
    bomba.write_bytes(_zip({"word/document.xml": b"a" * (310 * subidas.MB)}))
    _, [problema] = subidas.revisar(bomba, "bomba.docx", permitidos={"docx"}, max_bytes=10 * subidas.MB)
    assert "posible archivo malicioso" in problema.mensaje


def test_imagen_demasiado_grande_se_rechaza_sin_decodificarla(tmp_path: Path) -> None:
    from PIL import Image

    pequena = tmp_path / "firma.png"
    Image.new("RGB", (400, 120), "white").save(pequena)
    assert subidas.revisar(pequena, "firma.png", permitidos={"png"}, max_bytes=subidas.MB) == ("png", [])
    enorme = tmp_path / "enorme.png"
    Image.new("1", (9000, 6000)).save(enorme)  # 54 megapixels, a few KB on disk
    _, [problema] = subidas.revisar(enorme, "enorme.png", permitidos={"png"}, max_bytes=subidas.MB)
    assert "9000 × 6000 píxeles" in problema.mensaje


def test_nombres_de_carpetas_subidas_no_salen_de_su_lugar() -> None:
    assert subidas.nombre_seguro("acuerdos/2023/a.pdf") == ["acuerdos", "2023", "a.pdf"]
    assert subidas.nombre_seguro("../../etc/passwd") == ["etc", "passwd"]
    assert subidas.nombre_seguro("C:\\Users\\x\\.oculto\\b.pdf") == ["C:", "Users", "x", "b.pdf"]
    assert subidas.nombre_seguro("") == ["archivo"]


def test_el_portal_actualiza_caratulas_e_indices_en_segundo_plano(raiz, cat, tmp_path: Path) -> None:
    """Issuing from the portal does not wait for the expedientes' carátula and índice: a thread of the portal
    regenerates them (the request only marks them stale); when the portal stops, nothing is left stale."""
    instalar_plantilla_prueba(raiz.plantillas)
    padron = tmp_path / "padron.csv"
    padron.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, padron)
    proc = procs.abrir(cat, "incentivos", "Incentivos 2025")
    datos = {"asunto": "Aviso", "destinatario": "SPEN-0001", "cuerpo": "Texto."}
    generacion.generar(cat, "oficio-prueba", procedimiento_id=proc.id, datos=datos)
    otra = iniciar_archivo(tmp_path / "otro-archivo", toml=TOML_PRUEBA)
    instalar_plantilla_prueba(otra.plantillas)
    with Catalogo.abrir(otra, usuario="prueba") as cat_otra:
        personal.importar(cat_otra, padron)
        proc_otra = procs.abrir(cat_otra, "incentivos", "Incentivos 2025")
    with TestClient(crear_app(raiz)):
        aviso = tarea_registrada(exps.TAREA_CARATULAS)
        assert isinstance(getattr(aviso, "__self__", None), TareaEnSegundoPlano)
        doc = generacion.generar(cat, "oficio-prueba", procedimiento_id=proc.id, datos=datos, repetir=True)
        # another archive opened by the same process (the tests' portal runs in their process) is not the
        # portal's: its carátulas are regenerated at once, as without a portal
        with Catalogo.abrir(otra, usuario="prueba") as cat_otra:
            generacion.generar(cat_otra, "oficio-prueba", procedimiento_id=proc_otra.id, datos=datos)
            assert cat_otra.uno("SELECT COUNT(*) FROM expedientes WHERE caratula_vigente = 0")[0] == 0
    assert tarea_registrada(exps.TAREA_CARATULAS) is exps.regenerar_pendientes  # put back when the portal stops
    assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE caratula_vigente = 0")[0] == 0
    exp = exps.por_id(cat, doc.expediente_id)
    indice = docx.Document(str(exps.derivado_listo(cat, raiz, exp, exps.INDICE)))
    texto = "\n".join(c.text for t in indice.tables for fila in t.rows for c in fila.cells)
    assert doc.folio and doc.folio in texto and "Total: 2 documento(s)" in "\n".join(p.text for p in indice.paragraphs)
