"""The index under stress: a second writer, a busy index, a missing or damaged index, interrupted rebuilds and
imports (real SIGKILL): catalog and index stay consistent."""

from __future__ import annotations

import io
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from whoosh.util.filelock import FileLock

from archivo import busqueda
from archivo.archivistica import documentos, expedientes
from archivo.base.catalogo import Catalogo
from archivo.base.errors import Ocupado
from archivo.busqueda import IndiceArchivo, Motor
from tests.utilidades import REPO, invocar


def _docx(texto: str) -> bytes:
    d = Document()
    d.add_paragraph(texto)
    b = io.BytesIO()
    d.save(b)
    return b.getvalue()


def emitir_varios(cat, n: int, palabra: str = "designación") -> list[int]:
    with cat.transaccion("emitir") as tx:
        exp = expedientes.asegurar(tx, "acervo", "2024", "Acervo documental 2024")
        return [documentos.emitir_en(tx, tipo="oficio", asunto=f"Oficio {i} de {palabra}", expediente=exp,
                                     construir=lambda folio, i=i: _docx(f"Oficio {folio}: {palabra} número {i}."),
                                     serie="oficio", area="DEVySPE", fecha=date(2024, 6, 17)).id
                for i in range(n)]


def ids_del_indice(raiz) -> set[int]:
    with IndiceArchivo(raiz).abrir().buscador() as b:
        return b.ids()


def ids_del_catalogo(cat) -> set[int]:
    return {f[0] for f in cat.todos("SELECT id FROM documentos WHERE estado != 'borrador'")}


@pytest.fixture
def candado(raiz):
    """Another writer holding the index lock (an OS lock on its own file descriptor)."""
    base = IndiceArchivo(raiz).base
    base.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(base / "escritura.lock"))
    assert lock.acquire()
    yield lock
    if lock.fd is not None:
        lock.release()


# --- one writer at a time --------------------------------------------------------------------------------

class RelojSimulado:
    """The index module's clock: ``sleep`` advances ``monotonic`` instead of waiting (no wall clock in tests)."""

    def __init__(self) -> None:
        self.ahora = 1000.0
        self.esperas: list[float] = []

    def monotonic(self) -> float:
        return self.ahora

    def sleep(self, segundos: float) -> None:
        self.esperas.append(segundos)
        self.ahora += segundos

    def __getattr__(self, nombre: str):
        return getattr(time, nombre)


def test_segundo_escritor_espera_y_dice_ocupado(cat, raiz, candado, monkeypatch):
    reloj = RelojSimulado()
    monkeypatch.setattr("archivo.busqueda.indice.time", reloj)
    with pytest.raises(Ocupado) as e:
        busqueda.reindexar(cat, espera=0.6)
    espera = reloj.ahora - 1000.0
    # It kept trying for the whole wait, in short steps, and gave up right after it.
    assert 0.6 <= espera < 0.6 + max(reloj.esperas) + 1e-9
    assert len(reloj.esperas) >= 10
    assert "El índice de búsqueda está ocupado" in str(e.value) and "no se modificó nada" in str(e.value)
    assert e.value.codigo_salida == 3


def test_cli_ocupado_sale_con_codigo_3(raiz, candado):
    r = invocar(["--raiz", raiz.ruta, "reindexar"], env={"ARCHIVO_ESPERA_INDICE": "0.3"})
    assert r.codigo == 3
    assert "ocupado" in r.errores and "Traceback" not in r.todo


def test_el_escritor_espera_a_que_termine_el_otro(cat, raiz, candado, monkeypatch):
    monkeypatch.setattr("archivo.busqueda.indice.ESPERA_PENDIENTES_S", 0.1)
    emitir_varios(cat, 2)
    import threading

    threading.Timer(0.5, candado.release).start()
    informe = busqueda.reindexar(cat, espera=10)
    assert informe.documentos == 2


def test_indice_ocupado_al_emitir_los_deja_pendientes(cat, raiz, monkeypatch, caplog):
    primero = emitir_varios(cat, 1, "calendario")  # the index exists
    base = IndiceArchivo(raiz).base
    candado = FileLock(str(base / "escritura.lock"))
    assert candado.acquire()
    try:
        monkeypatch.setattr("archivo.busqueda.indice.ESPERA_PENDIENTES_S", 0.2)
        with caplog.at_level(logging.WARNING, logger="archivo.busqueda"):
            ids = emitir_varios(cat, 3)  # issuing is not blocked: the documents wait for the index
        assert "ocupado" in caplog.text
        assert {f[0] for f in cat.todos("SELECT documento_id FROM indice_pendientes")} == set(ids)
        # A search meanwhile still answers from the index as it is, and says some documents are not in yet.
        r = busqueda.buscar(cat, "calendario O designación")
        assert [x.id for x in r] == primero
        assert any("aún no están en el índice" in a for a in r.avisos)
    finally:
        candado.release()
    assert {x.id for x in busqueda.buscar(cat, "designación")} == set(ids)  # the next search catches up
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0


def test_sin_indice_y_con_otro_escritor_la_busqueda_dice_ocupado(cat, raiz, candado, monkeypatch):
    monkeypatch.setattr("archivo.busqueda.indice.ESPERA_PENDIENTES_S", 0.1)
    monkeypatch.setenv("ARCHIVO_ESPERA_INDICE", "0.3")
    emitir_varios(cat, 1)
    with pytest.raises(Ocupado):
        busqueda.buscar(cat, "designación")


# --- missing, damaged, of another version ------------------------------------------------------------------

def _danar_toc(carpeta: Path) -> None:
    for toc in carpeta.glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00basura" * 20)


def _archivos_de_segmento(carpeta: Path) -> list[Path]:
    archivos = [p for p in carpeta.glob("MAIN_*") if p.name != "MAIN_WRITELOCK"]
    assert archivos, "el índice no tiene archivos de segmento"
    return archivos


def _truncar_segmentos(carpeta: Path) -> None:
    for seg in _archivos_de_segmento(carpeta):
        if seg.suffix in (".trm", ".pst"):  # the term dictionary and the postings
            datos = seg.read_bytes()
            seg.write_bytes(datos[: len(datos) // 3])


def _borrar_segmentos(carpeta: Path) -> None:
    for seg in _archivos_de_segmento(carpeta):
        seg.unlink()


def _otra_version(carpeta: Path) -> None:
    (carpeta / "archivo-indice.json").write_text('{"version": 0}', encoding="utf-8")


@pytest.mark.parametrize("dano", [_danar_toc, _truncar_segmentos, _borrar_segmentos, _otra_version])
def test_indice_danado_se_detecta_y_se_reconstruye(cat, raiz, dano, caplog):
    ids = emitir_varios(cat, 5)
    indice = IndiceArchivo(raiz)
    dano(indice.carpeta_actual())
    with caplog.at_level(logging.WARNING, logger="archivo.busqueda"):
        r = busqueda.buscar(cat, "designación", limite=10)
    assert {x.id for x in r} == set(ids)
    assert "se reconstruye" in caplog.text
    assert ids_del_indice(raiz) == set(ids)
    assert len(list(indice.base.glob("gen-*"))) == 1  # the damaged generation was removed


@pytest.mark.parametrize("dano", ["borrar_todo", "puntero_basura", "puntero_ajeno"])
def test_indice_ausente_o_puntero_invalido(cat, raiz, dano):
    ids = emitir_varios(cat, 4)
    indice = IndiceArchivo(raiz)
    if dano == "borrar_todo":
        shutil.rmtree(raiz.indices)
    elif dano == "puntero_basura":
        indice.puntero.write_text("\x00\x01", encoding="latin-1")
    else:
        indice.puntero.write_text("../../catalogo.sqlite", encoding="utf-8")
    assert {x.id for x in busqueda.buscar(cat, "designación", limite=10)} == set(ids)
    assert ids_del_indice(raiz) == set(ids)


def test_dano_descubierto_a_mitad_de_busqueda(cat, raiz, monkeypatch):
    ids = emitir_varios(cat, 3)
    original = busqueda.Buscador.buscar
    llamadas = {"n": 0}

    def falla_una_vez(self, *a, **k):
        llamadas["n"] += 1
        if llamadas["n"] == 1:
            raise EOFError("segmento truncado")
        return original(self, *a, **k)

    monkeypatch.setattr(busqueda.Buscador, "buscar", falla_una_vez)
    assert {x.id for x in busqueda.buscar(cat, "designación")} == set(ids)
    assert llamadas["n"] == 2


def test_catalogo_y_indice_se_concilian(cat, raiz):
    """An index with an entry the catalog lacks, and without one it has (e.g. a catalog restored from backup)."""
    ids = emitir_varios(cat, 3)
    motor = IndiceArchivo(raiz).abrir()
    motor.escribir([{"id": 998, "titulo": "Fantasma", "texto": "designación fantasma"},
                    {"id": 999, "titulo": "Otro fantasma", "texto": "designación fantasma"}], borrar=[str(ids[0])])
    assert ids_del_indice(raiz) == {998, 999, *ids[1:]}
    r = busqueda.buscar(cat, "designación", limite=10)
    assert {x.id for x in r} == set(ids)
    assert ids_del_indice(raiz) == set(ids)


def test_reconstruccion_interrumpida_deja_el_indice_anterior(cat, raiz, monkeypatch):
    ids = emitir_varios(cat, 6)
    indice = IndiceArchivo(raiz)
    anterior = indice.carpeta_actual()
    original = Motor.escribir

    def interrumpe(self, docs, **kw):
        def algunos():
            for i, d in enumerate(docs):
                if i == 3:
                    raise KeyboardInterrupt
                yield d
        return original(self, algunos(), **kw)

    monkeypatch.setattr(Motor, "escribir", interrumpe)
    with pytest.raises(KeyboardInterrupt):
        busqueda.reindexar(cat)
    monkeypatch.setattr(Motor, "escribir", original)
    assert indice.carpeta_actual() == anterior
    assert [p for p in indice.base.glob("gen-*")] == [anterior]
    assert {x.id for x in busqueda.buscar(cat, "designación", limite=10)} == set(ids)


# --- real processes killed -------------------------------------------------------------------------------------

def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), ARCHIVO_USUARIO="proceso")


def _matar_cuando(proceso: subprocess.Popen, condicion, limite_s: float = 120) -> None:
    fin = time.monotonic() + limite_s
    while time.monotonic() < fin:
        if condicion():
            break
        assert proceso.poll() is None, proceso.stderr.read().decode() if proceso.stderr else "terminó antes"
        time.sleep(0.01)
    else:
        pytest.fail("la condición para interrumpir no se cumplió a tiempo")
    proceso.send_signal(signal.SIGKILL)
    proceso.wait()
    assert proceso.returncode == -signal.SIGKILL


def _contar(raiz, sql: str) -> int:
    con = sqlite3.connect(raiz.catalogo_path, timeout=30)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


@pytest.mark.lento
def test_sigkill_a_mitad_de_una_importacion(raiz, tmp_path):
    origen = tmp_path / "origen"
    origen.mkdir()
    for i in range(150):
        d = Document()
        d.add_paragraph(f"ACUERDO IEA-CG-{i + 1}/2023 POR EL QUE SE APRUEBA LA DESIGNACIÓN NÚMERO {i}")
        d.add_paragraph(f"Aprobado el {1 + i % 28} de marzo de 2023. " + "Texto del considerando. " * 40)
        d.save(origen / f"acuerdo-{i:03d}.docx")
    proceso = subprocess.Popen([sys.executable, "-m", "archivo", "--raiz", str(raiz.ruta), "importar", str(origen)],
                               env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _matar_cuando(proceso, lambda: _contar(raiz, "SELECT COUNT(*) FROM documentos") >= 45)

    r = invocar(["--raiz", raiz.ruta, "buscar", "designación", "--limite", "500", "--formato", "json"])
    assert r.codigo == 0, r.todo
    with Catalogo.abrir(raiz) as cat:
        en_catalogo = ids_del_catalogo(cat)
        assert 45 <= len(en_catalogo) < 150
        assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0
    import json

    assert {d["id"] for d in json.loads(r.salida)} == en_catalogo  # every catalog document is searchable
    assert ids_del_indice(raiz) == en_catalogo  # and the index has nothing else

    # Running the import again finishes the job; nothing is duplicated.
    r = invocar(["--raiz", raiz.ruta, "importar", str(origen)])
    assert r.codigo == 0, r.todo
    with Catalogo.abrir(raiz) as cat:
        assert len(ids_del_catalogo(cat)) == 150
        assert cat.uno("SELECT COUNT(DISTINCT sha256) FROM importaciones")[0] == 150
        assert ids_del_indice(raiz) == ids_del_catalogo(cat)
    en_acervo = [p.name for p in (raiz.acervo / "2023").iterdir() if p.name.startswith("acuerdo-")]
    assert sorted(en_acervo) == sorted(f"acuerdo-{i:03d}.docx" for i in range(150))  # no orphans, no «-2» copies


@pytest.mark.lento
def test_sigkill_a_mitad_de_una_reconstruccion(raiz, cat):
    ids = set(emitir_varios(cat, 400))
    indice = IndiceArchivo(raiz)
    anterior = indice.carpeta_actual()
    shutil.rmtree(indice.textos)  # texts must be extracted again: the rebuild takes a few seconds
    proceso = subprocess.Popen([sys.executable, "-m", "archivo", "--raiz", str(raiz.ruta), "reindexar"],
                               env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _matar_cuando(proceso, lambda: len(list(indice.base.glob("gen-*"))) >= 2 and indice.textos.is_dir()
                  and len(list(indice.textos.glob("*/*.txt"))) >= 50)
    assert indice.carpeta_actual() == anterior  # the pointer was never switched to the half-built index
    assert {x.id for x in busqueda.buscar(cat, "designación", limite=1000)} == ids
    assert ids_del_indice(raiz) == ids == ids_del_catalogo(cat)
    r = invocar(["--raiz", raiz.ruta, "reindexar"])
    assert r.codigo == 0, r.todo
    assert [p.name for p in indice.base.glob("gen-*")] == [indice.carpeta_actual().name]  # leftovers removed
    assert ids_del_indice(raiz) == ids
