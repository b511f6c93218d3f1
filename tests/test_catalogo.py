import json
import os
from pathlib import Path

import pytest

from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz
from tests.utilidades import TOML_PRUEBA


def test_esquema_wal_llaves_y_version(cat: Catalogo) -> None:
    assert cat.version() >= 1
    assert cat.uno("PRAGMA journal_mode")[0] == "wal"
    assert cat.uno("PRAGMA foreign_keys")[0] == 1
    assert cat.migrar() == []  # idempotent


def test_transaccion_fallida_no_deja_archivos_ni_filas(raiz: Raiz, cat: Catalogo) -> None:
    destino = raiz.expedientes / "x" / "a.txt"
    with pytest.raises(RuntimeError), cat.transaccion("prueba") as tx:
        tx.escribir_archivo(destino, b"hola", tipo="prueba")
        tx.registrar("prueba", "1", None, {"a": 1})
        assert destino.exists()
        raise RuntimeError("falla a la mitad")
    assert not destino.exists()
    assert cat.uno("SELECT COUNT(*) FROM archivos")[0] == 0
    assert cat.uno("SELECT COUNT(*) FROM historial WHERE entidad = 'prueba'")[0] == 0
    assert list(raiz.diario.iterdir()) == []


def test_no_se_sobrescribe_un_archivo_registrado(raiz: Raiz, cat: Catalogo) -> None:
    destino = raiz.expedientes / "x" / "a.txt"
    with cat.transaccion("uno") as tx:
        tx.escribir_archivo(destino, b"original", tipo="prueba")
    with pytest.raises(Exception, match="no se sobrescribe"), cat.transaccion("dos") as tx:
        tx.escribir_archivo(destino, b"otro", tipo="prueba")
    assert destino.read_bytes() == b"original"


def test_recuperacion_de_un_escritor_muerto(raiz: Raiz, cat: Catalogo) -> None:
    """A journal left by a dead process: its unregistered files are removed, registered ones kept."""
    carpeta = raiz.expedientes / "p"
    carpeta.mkdir()
    with cat.transaccion("confirmado") as tx:
        tx.escribir_archivo(carpeta / "bueno.txt", b"bueno", tipo="prueba")
    (carpeta / "huerfano.txt").write_bytes(b"a medias")
    (carpeta / ".tmp-999999-abc.docx").write_bytes(b"parcial")
    diario = raiz.diario / "999999-deadbeef.jsonl"
    diario.write_text("\n".join(json.dumps({"ruta": r}) for r in ("expedientes/p/bueno.txt",
                                                                    "expedientes/p/huerfano.txt"))
                      + '\n{"ruta": "expedientes/p/cort', encoding="utf-8")
    cat.recuperar()
    assert (carpeta / "bueno.txt").read_bytes() == b"bueno"
    assert not (carpeta / "huerfano.txt").exists()
    assert not (carpeta / ".tmp-999999-abc.docx").exists()
    assert not diario.exists()


def test_historial_registra_quien_y_que(raiz: Raiz) -> None:
    with Catalogo.abrir(raiz, usuario="laura") as cat:
        with cat.transaccion("cambio de prueba") as tx:
            tx.registrar("persona", "SPEN-1", {"cargo": "A"}, {"cargo": "B"})
        fila = cat.uno("SELECT * FROM historial WHERE entidad = 'persona'")
    assert fila["usuario"] == "laura" and fila["accion"] == "cambio de prueba"
    assert json.loads(fila["antes"]) == {"cargo": "A"} and json.loads(fila["despues"]) == {"cargo": "B"}


def test_usuario_del_sistema_por_variable(raiz: Raiz, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVO_USUARIO", "pedro")
    with Catalogo.abrir(raiz) as cat:
        assert cat.usuario == "pedro"


def test_migracion_desde_catalogo_viejo(tmp_path: Path) -> None:
    """A catalog at version 0 (just created) reaches the latest version in one call."""
    raiz = iniciar_archivo(tmp_path / "r", toml=TOML_PRUEBA)
    os.remove(raiz.catalogo_path)
    with Catalogo.abrir(raiz, crear=True) as cat:
        tablas = {f[0] for f in cat.todos("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"personas", "documentos", "expedientes", "archivos", "historial", "pasos"} <= tablas


def test_escritura_sin_enlaces_duros(raiz: Raiz, cat: Catalogo, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a share without hard links an issued file is still written once and never overwritten."""
    def sin_enlaces(*_a, **_k):
        raise PermissionError("operation not permitted")

    monkeypatch.setattr(os, "link", sin_enlaces)
    destino = raiz.expedientes / "x" / "a.txt"
    with cat.transaccion("uno") as tx:
        tx.escribir_archivo(destino, b"original", tipo="prueba")
    assert destino.read_bytes() == b"original"
    assert not list(destino.parent.glob(".tmp-*"))
    from archivo.base.fsutil import atomic_write_bytes

    with pytest.raises(Exception, match="no se sobrescribe"):
        atomic_write_bytes(destino, b"otro", overwrite=False)
    assert destino.read_bytes() == b"original"
