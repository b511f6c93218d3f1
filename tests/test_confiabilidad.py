"""Crash safety and concurrency with real processes: SIGKILL mid-batch, four writers at once."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archivo import personal
from archivo import procedimientos as procs
from archivo.base.catalogo import Catalogo
from archivo.base.fsutil import sha256_file
from archivo.base.raiz import Raiz
from tests.utilidades import PADRON_CSV, REPO, instalar_plantilla_prueba, invocar

pytestmark = pytest.mark.lento


@pytest.fixture
def preparado(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Raiz:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    procs.abrir(cat, "evaluacion-desempeno", "Evaluación 2024-2025")
    return raiz


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), ARCHIVO_USUARIO="proceso")


def test_sigkill_a_mitad_de_un_lote(preparado: Raiz, tmp_path: Path) -> None:
    raiz = preparado
    lote = tmp_path / "lote.csv"
    claves = ["SPEN-0001", "SPEN-0002", "SPEN-0003"]
    lote.write_text("destinatario,asunto,cuerpo\n" + "".join(
        f"{claves[i % 3]},Resultados {i},Texto del oficio {i}\n" for i in range(1200)), encoding="utf-8")
    with Catalogo.abrir(raiz) as cat:
        carpeta = raiz.absoluta(cat.uno("SELECT ruta FROM expedientes WHERE tipo = 'procedimiento'")[0])
    proceso = subprocess.Popen([sys.executable, "-m", "archivo", "--raiz", str(raiz.ruta), "generar",
                                "oficio-prueba", "--procedimiento", "1", "--lote", str(lote), "--repetir"],
                               env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Kill it while the second chunk of 500 is being written: the first chunk is committed, the second is not.
    limite = time.monotonic() + 120
    while time.monotonic() < limite:
        if len(list(carpeta.glob("*.docx"))) > 650:
            break
        assert proceso.poll() is None, proceso.stderr.read().decode()
        time.sleep(0.005)
    proceso.send_signal(signal.SIGKILL)
    proceso.wait()
    assert proceso.returncode == -signal.SIGKILL

    r = invocar(["--raiz", raiz.ruta, "verificar"])  # the next command cleans up, and must find nothing wrong
    assert r.codigo == 0, r.todo
    assert "Todo en orden" in r.salida
    with Catalogo.abrir(raiz) as cat:
        filas = cat.todos("SELECT d.consecutivo, a.ruta, a.sha256 FROM documentos d JOIN archivos a "
                          "ON a.id = d.archivo_id WHERE d.estado = 'emitido' ORDER BY d.consecutivo")
    assert [f["consecutivo"] for f in filas] == list(range(1, 501))  # gapless: exactly the committed chunk
    for f in filas:
        assert sha256_file(raiz.ruta / f["ruta"]) == f["sha256"]
    documentos_en_disco = sorted(p.name for p in carpeta.glob("*.docx") if p.name not in ("caratula.docx",
                                                                                          "indice.docx"))
    assert len(documentos_en_disco) == 500
    assert not list(carpeta.glob(".tmp-*")) and not list(raiz.diario.glob("*.jsonl"))


TRABAJADOR = textwrap.dedent("""
    import sys
    from archivo.base.catalogo import Catalogo
    from archivo.generacion import generar
    from archivo.base.raiz import Raiz
    raiz = Raiz(sys.argv[1])
    with Catalogo.abrir(raiz, usuario="trabajador-" + sys.argv[2]) as cat:
        for i in range(int(sys.argv[3])):
            generar(cat, "oficio-prueba", procedimiento_id=1,
                    datos={"asunto": f"P{sys.argv[2]}-{i}", "destinatario": "SPEN-0001", "cuerpo": "x"}, repetir=True)
""")


def test_cuatro_procesos_a_la_vez_folios_unicos_sin_huecos(preparado: Raiz, tmp_path: Path) -> None:
    guion = tmp_path / "trabajador.py"
    guion.write_text(TRABAJADOR, encoding="utf-8")
    procesos = [subprocess.Popen([sys.executable, str(guion), str(preparado.ruta), str(n), "15"], env=_env(),
                                 stderr=subprocess.PIPE) for n in range(4)]
    for p in procesos:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    with Catalogo.abrir(preparado) as cat:
        filas = cat.todos("SELECT folio, consecutivo, creado_por FROM documentos ORDER BY consecutivo")
    assert [f["consecutivo"] for f in filas] == list(range(1, 61))
    assert len({f["folio"] for f in filas}) == 60
    assert {f["creado_por"] for f in filas} == {f"trabajador-{n}" for n in range(4)}
    assert invocar(["--raiz", preparado.ruta, "verificar"]).codigo == 0
