"""The catalog is guarded: only `iniciar` creates one, a folio is never handed out twice even if the catalog is
older than the documents, damage is found by `verificar` and then no command writes."""

import json
import sqlite3
import time
from pathlib import Path

import pytest

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import folios
from archivo.base.catalogo import MARCA_DANO, Catalogo, comprobar_catalogo
from archivo.base.errors import ArchivoError, CatalogoDanado, CatalogoNoDisponible
from archivo.base.raiz import Raiz
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba

DATOS = {"asunto": "Aviso", "destinatario": "SPEN-0001", "cuerpo": "Texto."}


@pytest.fixture
def con_documentos(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Raiz:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    procs.abrir(cat, "incentivos", "Incentivos 2025")
    for _ in range(3):
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)
    cat.cerrar()
    return raiz


def _documentos_en_disco(raiz: Raiz) -> list[str]:
    return sorted(p.name for p in raiz.expedientes.rglob("*.docx") if "_" in p.name)


@pytest.mark.parametrize("como", ["vacio", "borrado", "en_blanco"])
def test_un_catalogo_perdido_no_se_recrea(con_documentos: Raiz, cli, como: str) -> None:
    raiz = con_documentos
    antes = _documentos_en_disco(raiz)
    for sufijo in ("-wal", "-shm"):
        Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)
    if como == "vacio":
        raiz.catalogo_path.write_bytes(b"")  # «: > catalogo.sqlite»
    elif como == "borrado":
        raiz.catalogo_path.unlink()
    else:
        raiz.catalogo_path.unlink()
        sqlite3.connect(raiz.catalogo_path).close()  # a valid SQLite file with nothing in it
    tamano = raiz.catalogo_path.stat().st_size if raiz.catalogo_path.exists() else None
    for args in (["personal", "lista"],
                 ["generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--campo", "asunto=X", "--campo",
                  "destinatario=SPEN-0001", "--campo", "cuerpo=Y"],
                 ["personal", "alta", "--clave", "SPEN-0001", "--nombre", "Ana", "--primer-apellido", "P",
                  "--cargo", "C", "--adscripcion", "DEOE"]):
        r = cli(*args)
        assert r.codigo == 1, r.todo
        assert "catálogo" in r.errores and "archivo recuperar" in r.errores
        assert "archivo respaldo restaurar" in r.errores
        assert "Error inesperado" not in r.todo
    # nothing was created, nothing was issued
    assert (raiz.catalogo_path.stat().st_size if raiz.catalogo_path.exists() else None) == tamano
    assert _documentos_en_disco(raiz) == antes
    with pytest.raises(CatalogoNoDisponible):
        Catalogo.abrir(raiz)


def test_un_catalogo_atrasado_no_repite_folios(con_documentos: Raiz, cli, tmp_path: Path) -> None:
    """A catalog older than the documents (a copy put back by hand): the next folio's file is on disk."""
    raiz = con_documentos
    viejo = tmp_path / "viejo.sqlite"
    with Catalogo.abrir(raiz) as cat:
        with sqlite3.connect(viejo) as destino:
            cat.conn.backup(destino)
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)  # folio 004
        nuevo = cat.uno("SELECT folio FROM documentos ORDER BY id DESC LIMIT 1")["folio"]
    antes = _documentos_en_disco(raiz)
    for sufijo in ("-wal", "-shm"):
        Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)
    raiz.catalogo_path.write_bytes(viejo.read_bytes())
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--campo", "asunto=X", "--campo",
            "destinatario=SPEN-0001", "--campo", "cuerpo=Y")
    assert r.codigo == 1, r.todo
    assert f"el folio {nuevo} ya tiene un documento en el archivo" in r.errores
    assert "archivo recuperar" in r.errores and "Error inesperado" not in r.todo
    assert _documentos_en_disco(raiz) == antes
    with Catalogo.abrir(raiz) as cat:
        assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 3


@pytest.mark.parametrize("confianza_ns", [folios._CONFIANZA_NS, 0])
def test_un_catalogo_atrasado_no_repite_folios_en_el_mismo_proceso(con_documentos: Raiz, tmp_path: Path,
                                                                     monkeypatch, confianza_ns: int) -> None:
    """The portal keeps its view of the folders between issues: a document filed after the view was taken and
    then forgotten by the catalog (an old copy put back while the portal runs) is still found. With the default
    trust window the folder just written is listed again; with none, the folder's changed times give it away."""
    raiz = con_documentos
    monkeypatch.setattr(folios, "_CONFIANZA_NS", confianza_ns)
    viejo = tmp_path / "viejo.sqlite"
    time.sleep(0.05)  # the folders' last change falls in an earlier clock tick than the next file (see _Vista)
    with Catalogo.abrir(raiz) as cat:
        with sqlite3.connect(viejo) as destino:
            cat.conn.backup(destino)
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)  # the view is taken here
        nuevo = cat.uno("SELECT folio FROM documentos ORDER BY id DESC LIMIT 1")["folio"]
    antes = _documentos_en_disco(raiz)
    for sufijo in ("-wal", "-shm"):
        Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)
    raiz.catalogo_path.write_bytes(viejo.read_bytes())
    with Catalogo.abrir(raiz) as cat:
        with pytest.raises(ArchivoError, match=f"el folio {nuevo} ya tiene un documento en el archivo"):
            generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)
        assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 3
    assert _documentos_en_disco(raiz) == antes
    # the file moved to a new folder elsewhere in expedientes/ is found as well
    documento = next(p for p in raiz.expedientes.rglob("*.docx") if p.name in antes and nuevo[-8:-5] in p.name)
    otra = raiz.expedientes / "procedimientos" / "otra-carpeta"
    otra.mkdir()
    documento.rename(otra / documento.name)
    documento.with_name(documento.stem + ".datos.json").rename(otra / (documento.stem + ".datos.json"))
    with Catalogo.abrir(raiz) as cat, pytest.raises(ArchivoError, match="otra-carpeta"):
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)


def _danar(ruta: Path) -> None:
    """Overwrite 8 KB in the middle of the file (as the tester did), on page boundaries."""
    tamano = ruta.stat().st_size
    inicio = (tamano // 2) // 4096 * 4096
    with open(ruta, "r+b") as f:
        f.seek(inicio)
        f.write(bytes(range(256)) * 32)


def test_un_catalogo_danado_no_pasa_verificar_y_no_se_escribe(con_documentos: Raiz, cli) -> None:
    raiz = con_documentos
    with Catalogo.abrir(raiz) as cat:
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    original = raiz.catalogo_path.read_bytes()
    _danar(raiz.catalogo_path)
    antes = _documentos_en_disco(raiz)

    r = cli("verificar")
    assert r.codigo == 1, r.todo
    assert "Todo en orden" not in r.todo and "dañado" in r.todo
    assert "Error inesperado" not in r.todo
    assert (raiz.ruta / MARCA_DANO).is_file()
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--campo", "asunto=X", "--campo",
            "destinatario=SPEN-0001", "--campo", "cuerpo=Y")
    assert r.codigo == 1 and "dañado" in r.errores and "archivo recuperar" in r.errores, r.todo
    assert _documentos_en_disco(raiz) == antes
    with pytest.raises(CatalogoDanado), Catalogo.abrir(raiz) as cat, cat.transaccion("x"):
        pass  # refused when opening (SQLite reads the damage while migrating) or, at the latest, when writing

    # repaired (here: the good bytes back): a clean check lifts the mark and writing works again
    raiz.catalogo_path.write_bytes(original)
    r = cli("verificar")
    assert r.codigo == 0 and "Todo en orden" in r.salida, r.todo
    assert not (raiz.ruta / MARCA_DANO).exists()
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--campo", "asunto=X", "--campo",
            "destinatario=SPEN-0001", "--campo", "cuerpo=Y")
    assert r.codigo == 0, r.todo


def test_comprobacion_rapida_para_el_portal(con_documentos: Raiz) -> None:
    with Catalogo.abrir(raiz := con_documentos) as cat:
        estado = cat.comprobar(rapida=True)
        assert estado.correcto and estado.rapida and "íntegro" in estado.mensaje
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert comprobar_catalogo(raiz).correcto
    _danar(raiz.catalogo_path)
    estado = comprobar_catalogo(raiz)  # works even when the catalog is too damaged to open as usual
    assert not estado.correcto and estado.problemas
    assert "dañado" in estado.mensaje and "archivo recuperar" in estado.mensaje
    assert json.loads((raiz.ruta / MARCA_DANO).read_text(encoding="utf-8"))["problemas"]


def test_buscar_con_filtros_sin_coincidencias_no_devuelve_nada(con_documentos: Raiz, cli) -> None:
    r = cli("buscar", "--desde", "2030-01-01", "--formato", "json")
    assert r.codigo == 0 and json.loads(r.salida) == [], r.todo
    r = cli("buscar", "--area", "CSPE", "--desde", "2030-01-01", "--hasta", "2030-02-01", "--formato", "json")
    assert r.codigo == 0 and json.loads(r.salida) == [], r.todo
    r = cli("buscar", "oficio", "--desde", "2030-01-01", "--formato", "json")
    assert json.loads(r.salida) == []
    r = cli("buscar", "--similares", "1", "--desde", "2030-01-01", "--formato", "json")
    assert json.loads(r.salida) == []
    r = cli("buscar", "--desde", "2020-01-01", "--formato", "json")  # and a filter that keeps them: all three
    assert len(json.loads(r.salida)) == 3
