"""Read-only catalog, tree or expediente folder, and a full disk: each says which path and what to do; nothing is
half-written; a user who may only read can still search.

Real file systems where the machine allows it (as root: a small tmpfs for the full disk, read-only bind mounts for
the rest); otherwise plain permissions (a user who is not root), or, as a last resort, the refusal injected at the
write layer (``fsutil.escribir_en``) and ``os.access`` — the same messages are checked either way.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from archivo import personal
from archivo import procedimientos as procs
from archivo.base import catalogo, fsutil
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz
from tests.conftest import TOML_PRUEBA, invocar
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba


def _mount(*args: str) -> bool:
    try:
        return subprocess.run(["mount", *args], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _umount(ruta: Path) -> None:
    if subprocess.run(["umount", str(ruta)], capture_output=True, timeout=30).returncode != 0:
        subprocess.run(["umount", "-l", str(ruta)], capture_output=True, timeout=30)  # still in use: detach it


@pytest.fixture(scope="module")
def modo() -> str:
    """«montaje» (real read-only mounts and a small tmpfs), «permisos» (chmod, not root) or «inyeccion».

    ARCHIVO_PRUEBA_PERMISOS=inyeccion forces the last one (to check it on a machine that can mount)."""
    if os.environ.get("ARCHIVO_PRUEBA_PERMISOS"):
        return os.environ["ARCHIVO_PRUEBA_PERMISOS"]
    prueba = Path(f"/tmp/archivo-prueba-montaje-{os.getpid()}")
    prueba.mkdir(exist_ok=True)
    try:
        if _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(prueba)):
            _umount(prueba)
            return "montaje"
    finally:
        prueba.rmdir()
    return "permisos" if os.geteuid() != 0 else "inyeccion"


def _preparar(ruta: Path) -> Raiz:
    raiz = iniciar_archivo(ruta, toml=TOML_PRUEBA)
    instalar_plantilla_prueba(raiz.plantillas)
    padron = ruta.parent / f"{ruta.name}-padron.csv"
    padron.write_text(PADRON_CSV, encoding="utf-8")
    with Catalogo.abrir(raiz, "prueba") as cat:
        personal.importar(cat, padron)
        procs.abrir(cat, "incentivos", "Incentivos 2025")
    r = _generar(raiz)
    assert r.codigo == 0, r.todo
    return raiz


def _generar(raiz: Raiz, *extra: str, cuerpo: str = "Texto.") -> object:
    destino = ["--procedimiento", "1", "--repetir"] if not extra else list(extra)
    return invocar(["--raiz", raiz.ruta, "generar", "oficio-prueba", *destino, "--campo", "asunto=Aviso",
                    "--campo", "destinatario=SPEN-0001", "--campo", f"cuerpo={cuerpo}"])


def _foto(raiz: Raiz) -> dict[str, int]:
    return {str(p.relative_to(raiz.ruta)): p.stat().st_size for p in raiz.ruta.rglob("*")
            if p.is_file() and "indices" not in p.parts and not p.name.startswith("catalogo.sqlite-")}


def _documentos(raiz: Raiz) -> int:
    with Catalogo.abrir(raiz) as cat:
        return cat.uno("SELECT COUNT(*) FROM documentos")[0]


@pytest.fixture
def solo_lectura(modo: str, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """``hacer(ruta)`` makes a file or folder read-only (and everything under it)."""
    montados: list[Path] = []
    cambiados: list[tuple[Path, int]] = []

    def hacer(ruta: Path) -> None:
        if modo == "montaje":
            assert _mount("--bind", str(ruta), str(ruta)) and _mount("-o", "remount,ro,bind", str(ruta))
            montados.append(ruta)
        elif modo == "permisos":
            for p in [ruta, *(ruta.rglob("*") if ruta.is_dir() else [])]:
                cambiados.append((p, p.stat().st_mode))
                p.chmod(p.stat().st_mode & ~0o222)
        else:
            bloqueada = str(ruta)

            def acceso(p: object, m: int, *a: object, **k: object) -> bool:
                if m & os.W_OK and str(p).startswith(bloqueada):
                    return False
                return os.path.exists(p)  # type: ignore[arg-type]

            original = fsutil.escribir_en

            def escribir(destino: Path, data: bytes) -> None:
                if str(destino).startswith(bloqueada):
                    raise PermissionError(errno.EACCES, "Permission denied", str(Path(destino).parent))
                original(destino, data)

            monkeypatch.setattr(catalogo.os, "access", acceso)
            monkeypatch.setattr(fsutil, "escribir_en", escribir)
            monkeypatch.setattr(catalogo, "escribir_en", escribir)

    yield hacer
    for ruta in reversed(montados):
        _umount(ruta)
    for p, m in cambiados:
        p.chmod(m)


def test_arbol_de_solo_lectura_se_consulta_y_se_busca(solo_lectura, tmp_path: Path, modo: str) -> None:
    raiz = _preparar(tmp_path / "archivo")
    assert invocar(["--raiz", raiz.ruta, "buscar", "Aviso"]).codigo == 0  # the index exists
    antes = _foto(raiz)
    solo_lectura(raiz.ruta)
    r = invocar(["--raiz", raiz.ruta, "buscar", "Aviso", "--formato", "json"])
    assert r.codigo == 0 and '"folio": "IEP/DEVySPE/001/' in r.salida, r.todo
    for args in (["personal", "lista"], ["documento", "lista"], ["expediente", "ver", "--procedimiento", "1"]):
        r = invocar(["--raiz", raiz.ruta, *args])
        assert r.codigo == 0, (args, r.todo)
    r = invocar(["--raiz", raiz.ruta, "verificar"])
    assert r.codigo == 0 and "Todo en orden" in r.salida, r.todo
    r = _generar(raiz)
    assert r.codigo == 1 and "solo puede leer" in r.errores and str(raiz.catalogo_path) in r.errores, r.todo
    assert "Error inesperado" not in r.todo and "respaldo" not in r.errores
    r = invocar(["--raiz", raiz.ruta, "personal", "alta", "--clave", "X-1", "--nombre", "A", "--primer-apellido",
                 "B", "--cargo", "C", "--adscripcion", "DEOE"])
    assert r.codigo == 1 and "solo puede leer" in r.errores, r.todo
    r = invocar(["--raiz", raiz.ruta, "respaldo", "crear", tmp_path / "respaldos"])  # a backup user may only read
    assert r.codigo == 0 and "no se anotó en el catálogo" in r.todo, r.todo
    assert _foto(raiz) == antes


def test_catalogo_de_solo_lectura(solo_lectura, tmp_path: Path) -> None:
    raiz = _preparar(tmp_path / "archivo")
    with Catalogo.abrir(raiz) as cat:
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    antes = _foto(raiz)
    solo_lectura(raiz.catalogo_path)
    r = _generar(raiz)
    assert r.codigo == 1 and str(raiz.catalogo_path) in r.errores and "escritura" in r.errores, r.todo
    assert "Error inesperado" not in r.todo
    assert _foto(raiz) == antes
    r = invocar(["--raiz", raiz.ruta, "buscar", "Aviso", "--formato", "json"])
    assert r.codigo == 0 and "IEP/DEVySPE/001/" in r.salida, r.todo


def test_expediente_de_solo_lectura(solo_lectura, tmp_path: Path) -> None:
    raiz = _preparar(tmp_path / "archivo")
    carpeta = next(raiz.expedientes.glob("procedimientos/*"))
    documentos = _documentos(raiz)
    antes = _foto(raiz)
    solo_lectura(carpeta)
    r = _generar(raiz)
    assert r.codigo == 1 and str(carpeta) in r.errores and "permiso de escritura" in r.errores, r.todo
    assert "Error inesperado" not in r.todo and "respaldo" not in r.errores
    assert _documentos(raiz) == documentos and _foto(raiz) == antes  # no folio spent, nothing half-written
    r = _generar(raiz, "--persona", "SPEN-0002")  # another expediente still takes documents
    assert r.codigo == 0 and "IEP/DEVySPE/002/" in r.salida, r.todo


@pytest.fixture
def disco(modo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, object]]:
    """A folder on a small file system and ``llenar(dejar)``, which leaves only ``dejar`` bytes free."""
    carpeta = tmp_path / "disco"
    carpeta.mkdir()
    if modo == "montaje":
        assert _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(carpeta))
        relleno = carpeta / "relleno"

        def llenar(dejar: int) -> None:
            st = os.statvfs(carpeta)
            with open(relleno, "wb") as f:
                f.write(b"\0" * max(st.f_bavail * st.f_frsize - dejar, 0))

        def vaciar() -> None:
            relleno.unlink(missing_ok=True)

        yield carpeta, (llenar, vaciar)
        _umount(carpeta)
        return
    estado = {"lleno": False}
    original = fsutil.escribir_en

    def escribir(destino: Path, data: bytes) -> None:
        if estado["lleno"] and len(data) > 4096:
            raise OSError(errno.ENOSPC, "No space left on device", str(Path(destino).parent))
        original(destino, data)

    monkeypatch.setattr(fsutil, "escribir_en", escribir)
    monkeypatch.setattr(catalogo, "escribir_en", escribir)
    yield carpeta, (lambda _dejar: estado.update(lleno=True), lambda: estado.update(lleno=False))


def test_disco_lleno(disco, tmp_path: Path) -> None:
    carpeta, (llenar, vaciar) = disco
    raiz = _preparar(carpeta / "archivo")
    documentos = _documentos(raiz)
    antes = _foto(raiz)
    grande = os.urandom(400_000).hex()  # a document larger than what is left
    for dejar in (300_000, 16_384):  # room for the catalog but not the document; no room at all
        llenar(dejar)
        r = _generar(raiz, cuerpo=grande)
        assert r.codigo == 1, r.todo
        assert "no queda espacio" in r.errores and str(carpeta) in r.errores, r.todo
        assert "Libere espacio" in r.errores and "respaldo" not in r.errores and "Error inesperado" not in r.todo
        vaciar()
        assert _documentos(raiz) == documentos and _foto(raiz) == antes
    r = _generar(raiz, cuerpo=grande)  # space freed: it works, and the archive is sound
    assert r.codigo == 0, r.todo
    r = invocar(["--raiz", raiz.ruta, "verificar"])
    assert r.codigo == 0, r.todo
