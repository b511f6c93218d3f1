"""SIGKILL at any moment of a batch, an import, a carátula regeneration or a backup: the next command cleans what
the journal knows, `verificar` is clean, folios stay gapless, and a user file that merely looks temporary is still
reported. Real processes, real kills (`@pytest.mark.lento`).

Two kinds of kill: inside a write (the process kills itself right after the bytes of its N-th file reach a
temporary file, so a leftover is certain), and at moments taken from the progress on disk.
"""

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
from archivo.base.raiz import Raiz
from tests.conftest import REPO, invocar
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba

pytestmark = pytest.mark.lento

# Runs «archivo ARGS…»; with MATAR_EN=N the process SIGKILLs itself right after writing its N-th file's bytes into
# a temporary file (files of the archive, carátulas/índices and backup objects alike). Batches commit every
# TAMANO_LOTE documents (40 here instead of 500, so that a kill lands after a committed chunk without issuing
# hundreds of documents).
ARCHIVO_QUE_MUERE = textwrap.dedent("""
    import os, signal, sys
    from archivo import generacion
    from archivo.base import catalogo, fsutil
    from archivo.respaldo import copia
    from archivo.cli import main
    generacion.generar_lote.__kwdefaults__["tamano"] = int(os.environ.get("TAMANO_LOTE", "500"))
    objetivo = int(os.environ.get("MATAR_EN", "0"))
    cuenta = [0]
    def contar():
        cuenta[0] += 1
        if objetivo and cuenta[0] >= objetivo:
            os.kill(os.getpid(), signal.SIGKILL)
    escribir, copiar = fsutil.escribir_en, copia._copiar_con_hash
    def escribir_y_quizas_morir(ruta, data):
        escribir(ruta, data)
        contar()
    def copiar_y_quizas_morir(origen, destino):
        resultado = copiar(origen, destino)
        contar()
        return resultado
    fsutil.escribir_en = catalogo.escribir_en = escribir_y_quizas_morir
    copia._copiar_con_hash = copiar_y_quizas_morir
    main(sys.argv[1:])
""")


@pytest.fixture
def preparado(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Raiz:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    procs.abrir(cat, "evaluacion-desempeno", "Evaluación 2024-2025")
    (tmp_path / "muere.py").write_text(ARCHIVO_QUE_MUERE, encoding="utf-8")
    return raiz


def _lanzar(tmp_path: Path, raiz: Raiz, *args: object, matar_en: int = 0) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), ARCHIVO_USUARIO="proceso", MATAR_EN=str(matar_en),
               TAMANO_LOTE="40")
    return subprocess.Popen([sys.executable, str(tmp_path / "muere.py"), "--raiz", str(raiz.ruta),
                             *map(str, args)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _temporales(*carpetas: Path) -> list[Path]:
    return [p for c in carpetas for p in c.rglob(".tmp-*")]


def _sano(raiz: Raiz) -> None:
    """The next command (a read) cleans up; `verificar` finds nothing; no temporary file or journal is left."""
    r = invocar(["--raiz", raiz.ruta, "personal", "lista", "--formato", "json"])
    assert r.codigo == 0, r.todo
    assert _temporales(raiz.expedientes, raiz.acervo) == [] and list(raiz.diario.glob("*.jsonl")) == []
    r = invocar(["--raiz", raiz.ruta, "verificar"])
    assert r.codigo == 0 and "Todo en orden" in r.salida, r.todo


def _consecutivos(raiz: Raiz) -> list[int]:
    with Catalogo.abrir(raiz) as cat:
        return [f[0] for f in cat.todos("SELECT consecutivo FROM documentos WHERE serie = 'oficio' "
                                        "ORDER BY consecutivo")]


def _esperar(proceso: subprocess.Popen, condicion, limite_s: float = 120) -> None:
    limite = time.monotonic() + limite_s
    while not condicion():
        assert proceso.poll() is None, proceso.stderr.read().decode()
        assert time.monotonic() < limite, "el proceso no avanzó"
        time.sleep(0.005)


def test_muerte_dentro_de_una_escritura(preparado: Raiz, tmp_path: Path) -> None:
    """Each kind of write, killed with its bytes in a temporary file: the leftover exists, then it is gone."""
    raiz = preparado
    lote = tmp_path / "lote.csv"
    lote.write_text("destinatario,asunto,cuerpo\n" + "".join(
        f"SPEN-0001,Aviso {i},Texto {i}\n" for i in range(30)), encoding="utf-8")
    anteriores = tmp_path / "anteriores"
    anteriores.mkdir()
    for i in range(8):
        (anteriores / f"oficio-{i}.txt").write_text(f"OFICIO número {i} del 3 de marzo de 2024.", encoding="utf-8")
    respaldos = tmp_path / "respaldos"
    casos = [
        (["generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--lote", lote], 7),  # mid-batch
        (["importar", anteriores], 10),  # mid-import: 8 texts go to the index's cache first, then the files
        (["generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--campo", "asunto=A", "--campo",
          "destinatario=SPEN-0002", "--campo", "cuerpo=B"], 3),  # 1: document, 2: datos, 3: first carátula
        (["respaldo", "crear", respaldos], 5),  # mid-backup
    ]
    for args, n in casos:
        proceso = _lanzar(tmp_path, raiz, *args, matar_en=n)
        proceso.wait(timeout=300)
        assert proceso.returncode == -signal.SIGKILL, (args, proceso.stderr.read().decode())
        dejados = _temporales(raiz.expedientes, raiz.acervo, respaldos if respaldos.exists() else raiz.acervo)
        assert dejados, f"{args[0]}: la muerte no dejó un temporal; la prueba no probó nada"
        _sano(raiz)
        assert _consecutivos(raiz) == list(range(1, len(_consecutivos(raiz)) + 1))
    # the backup destination: the next backup clears the dead one's leftovers and verifies clean
    assert invocar(["--raiz", raiz.ruta, "respaldo", "crear", respaldos]).codigo == 0
    assert _temporales(respaldos) == []
    assert invocar(["respaldo", "verificar", respaldos]).codigo == 0


def test_un_archivo_del_usuario_que_parece_temporal_se_informa(preparado: Raiz) -> None:
    carpeta = next(preparado.expedientes.glob("procedimientos/*"))
    for nombre in (".tmp-1-x.docx", f".tmp-{os.getpid()}-y.docx", ".tmp-999999-z.docx"):
        (carpeta / nombre).write_bytes(b"del usuario")
    r = invocar(["--raiz", preparado.ruta, "verificar", "--formato", "json"])
    assert r.codigo == 1
    for nombre in (".tmp-1-x.docx", f".tmp-{os.getpid()}-y.docx", ".tmp-999999-z.docx"):
        assert nombre in r.salida and (carpeta / nombre).exists()  # reported, never deleted


def test_bucle_de_sigkill(preparado: Raiz, tmp_path: Path) -> None:
    """Kills at moments read from the progress on disk, for a batch, an import, carátulas and a backup."""
    raiz = preparado
    carpeta = next(raiz.expedientes.glob("procedimientos/*"))
    lote = tmp_path / "lote.csv"
    lote.write_text("destinatario,asunto,cuerpo\n" + "".join(
        f"SPEN-000{1 + i % 3},Aviso {i},Texto {i}\n" for i in range(100)), encoding="utf-8")
    for umbral in (10, 45):  # in the first chunk of 40, and in the second (the first one committed)
        proceso = _lanzar(tmp_path, raiz, "generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--lote", lote)
        antes = len(list(carpeta.glob("*.docx")))
        _esperar(proceso, lambda a=antes, u=umbral: len(list(carpeta.glob("*.docx"))) >= a + u)
        proceso.send_signal(signal.SIGKILL)
        proceso.wait()
        _sano(raiz)
        consecutivos = _consecutivos(raiz)
        assert consecutivos == list(range(1, len(consecutivos) + 1))

    anteriores = tmp_path / "anteriores"
    anteriores.mkdir()
    for i in range(45):
        (anteriores / f"acuerdo-{i:03d}.txt").write_text(f"ACUERDO {i} del Consejo General, 17 de junio de 2024."
                                                         + " texto" * 200, encoding="utf-8")
    for umbral in (5, 25):  # in the first group of 20 files, and in the second
        proceso = _lanzar(tmp_path, raiz, "importar", anteriores)
        _esperar(proceso, lambda u=umbral: len(list(raiz.acervo.rglob("acuerdo-*.txt"))) >= u)
        proceso.send_signal(signal.SIGKILL)
        proceso.wait()
        _sano(raiz)
    r = invocar(["--raiz", raiz.ruta, "importar", anteriores])  # the next run finishes the job, no duplicates
    assert r.codigo == 0, r.todo
    assert len(list(raiz.acervo.rglob("acuerdo-*.txt"))) == 45

    encabezado, *_ = PADRON_CSV.splitlines()
    padron = tmp_path / "padron-grande.csv"
    padron.write_text(encabezado + "\n" + "".join(
        f"SPEN-{1000 + i},Persona {i},Apellido,,Técnica,Nivel 3,A,DEOE,no,,Concurso,2017-09-01,activo,\n"
        for i in range(120)), encoding="utf-8")
    with Catalogo.abrir(raiz) as cat:
        personal.importar(cat, padron)  # 120 more expedientes: regenerating them all takes a while
        with cat.transaccion("todas las carátulas viejas") as tx:
            tx.execute("UPDATE expedientes SET caratula_vigente = 0")
    proceso = _lanzar(tmp_path, raiz, "verificar")  # regenerates every carátula and índice first
    marcas = {p: p.stat().st_mtime_ns for p in raiz.ruta.rglob("caratula.docx")}
    _esperar(proceso, lambda: any(p.stat().st_mtime_ns != m for p, m in marcas.items()))
    proceso.send_signal(signal.SIGKILL)
    proceso.wait()
    _sano(raiz)

    respaldos = tmp_path / "respaldos"
    for umbral in (10, 300):
        proceso = _lanzar(tmp_path, raiz, "respaldo", "crear", respaldos)
        _esperar(proceso, lambda u=umbral: respaldos.is_dir()
                 and sum(1 for _ in (respaldos / "objetos").rglob("*")) >= u)
        proceso.send_signal(signal.SIGKILL)
        proceso.wait()
    r = invocar(["--raiz", raiz.ruta, "respaldo", "crear", respaldos])
    assert r.codigo == 0, r.todo
    assert invocar(["respaldo", "verificar", respaldos]).codigo == 0
    r = invocar(["respaldo", "restaurar", respaldos, tmp_path / "restaurado"])
    assert r.codigo == 0, r.todo


def test_muerte_durante_el_ocr(preparado: Raiz, tmp_path: Path, ocr) -> None:
    """«archivo ocr» killed right after the searchable copy's bytes reach its temporary file: the next command
    removes it, `verificar` is clean, and the next «archivo ocr» finishes the job."""
    from archivo.busqueda import acervo
    from tests.utilidades import pagina_escaneada, pdf_de_imagenes

    raiz = preparado
    carpeta = tmp_path / "escaneos"
    carpeta.mkdir()
    pdf_de_imagenes([pagina_escaneada(["Acta de entrega de paquetes electorales número 7",
                                       "en la cabecera municipal de Real de Catorce."], dpi=150)],
                    carpeta / "acta-7.pdf", dpi=150)
    with Catalogo.abrir(raiz) as cat:
        assert acervo.importar(cat, [carpeta], ocr=False).ocr_pendientes == 1
    proceso = _lanzar(tmp_path, raiz, "ocr", matar_en=1)
    proceso.wait(timeout=600)
    assert proceso.returncode == -signal.SIGKILL, proceso.stderr.read().decode()
    assert _temporales(raiz.acervo), "la muerte no dejó un temporal; la prueba no probó nada"
    _sano(raiz)
    r = invocar(["--raiz", raiz.ruta, "ocr"])
    assert r.codigo == 0, r.todo
    assert [p.name for p in raiz.acervo.rglob("*.pdf") if ".buscable" in p.name]
    r = invocar(["--raiz", raiz.ruta, "verificar"])
    assert r.codigo == 0, r.todo
