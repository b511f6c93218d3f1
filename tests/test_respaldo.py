"""Backups that restore, and a lost catalog rebuilt from the documents (`archivo respaldo`, `archivo recuperar`)."""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archivo import generacion, personal, respaldo
from archivo import procedimientos as procs
from archivo.archivistica import expedientes as exps
from archivo.archivistica import integridad
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError
from archivo.base.raiz import Raiz
from tests.conftest import REPO, invocar
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba

DATOS = {"asunto": "Aviso", "destinatario": "SPEN-0001", "cuerpo": "Texto."}


@pytest.fixture
def archivo_listo(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Raiz:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    procs.abrir(cat, "evaluacion-desempeno", "Evaluación 2024-2025")
    for _ in range(3):
        generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)
    generacion.generar(cat, "oficio-prueba", personas=["SPEN-0002"], datos={**DATOS, "destinatario": "SPEN-0002"})
    return raiz


def _folios(raiz: Raiz) -> list[tuple]:
    with Catalogo.abrir(raiz) as cat:
        return [tuple(f) for f in cat.todos("SELECT folio, serie, area, anio, consecutivo FROM documentos "
                                            "WHERE folio IS NOT NULL ORDER BY serie, area, anio, consecutivo")]


def _generar(raiz: Raiz) -> str:
    r = invocar(["--raiz", raiz.ruta, "generar", "oficio-prueba", "--procedimiento", "1", "--repetir", "--campo", "asunto=Otro",
                 "--campo", "destinatario=SPEN-0001", "--campo", "cuerpo=Más texto."])
    assert r.codigo == 0, r.todo
    return r.salida.split("folio ")[1].split(".\n")[0].strip()


def test_crear_verificar_restaurar(archivo_listo: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    destino = tmp_path / "respaldos"
    assert not respaldo.ultimo(cat).hay and "Aún no hay" in respaldo.ultimo(cat).descripcion()
    r = invocar(["--raiz", archivo_listo.ruta, "respaldo", "crear", destino])
    assert r.codigo == 0 and "Respaldo «" in r.salida, r.todo
    primero = respaldo.lista(destino)[0]
    manifiesto = json.loads((destino / "respaldos" / primero["nombre"] / "manifiesto.json").read_text("utf-8"))
    rutas = {a["ruta"] for a in manifiesto["archivos"]}
    assert "archivo.toml" in rutas and "plantillas/oficio-prueba.docx" in rutas
    assert all(not r.startswith(("indices/", ".diario/")) and "catalogo.sqlite" not in r for r in rutas)
    for a in manifiesto["archivos"]:  # every object is the file's content, under its SHA-256
        assert (destino / "objetos" / a["sha256"][:2] / a["sha256"]).read_bytes() == \
            (archivo_listo.ruta / a["ruta"]).read_bytes()
    ultimo = respaldo.ultimo(cat)
    assert ultimo.hay and ultimo.dias == 0 and "hoy" in ultimo.descripcion() and not ultimo.atrasado
    r = invocar(["--raiz", archivo_listo.ruta, "verificar"])
    assert r.codigo == 0 and "Último respaldo: hoy" in r.todo, r.todo

    # a second backup copies nothing new; one more document: only its files and the refreshed derived ones
    segundo = respaldo.crear(cat, destino)
    assert segundo.copiados == 0 and segundo.archivos == len(manifiesto["archivos"])
    generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)
    tercero = respaldo.crear(cat, destino)
    assert 2 <= tercero.copiados <= 6 < tercero.archivos  # docx + datos.json + carátulas/índices that changed

    r = invocar(["respaldo", "verificar", destino])
    assert r.codigo == 0 and "3 respaldo(s) completo(s)" in r.salida, r.todo
    nueva = tmp_path / "restaurado"
    r = invocar(["respaldo", "restaurar", destino, nueva])
    assert r.codigo == 0 and "la verificación no encontró problemas" in r.salida, r.todo
    assert _folios(Raiz(nueva)) == _folios(archivo_listo)
    with Catalogo.abrir(Raiz(nueva)) as restaurado:
        assert integridad.verificar(restaurado) == []
    assert _generar(Raiz(nueva)) == "IEP/DEVySPE/006/" + _folios(archivo_listo)[-1][0][-4:]
    r = invocar(["--raiz", nueva, "buscar", "Aviso", "--formato", "json"])  # the index was rebuilt
    assert r.codigo == 0 and len(json.loads(r.salida)) >= 4, r.todo


def test_un_respaldo_danado_se_detecta_y_no_se_restaura(archivo_listo: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    destino = tmp_path / "respaldos"
    informe = respaldo.crear(cat, destino)
    manifiesto = json.loads((informe.carpeta / "manifiesto.json").read_text("utf-8"))
    docx = next(a for a in manifiesto["archivos"] if a["ruta"].endswith(".docx") and "_" in a["ruta"])
    objeto = destino / "objetos" / docx["sha256"][:2] / docx["sha256"]
    objeto.chmod(0o644)
    objeto.write_bytes(objeto.read_bytes()[:-10])
    r = invocar(["respaldo", "verificar", destino])
    assert r.codigo == 1 and docx["ruta"] in r.salida and "SHA-256 distinto" in r.salida, r.todo
    nueva = tmp_path / "restaurado"
    r = invocar(["respaldo", "restaurar", destino, nueva])
    assert r.codigo == 1 and "No se restauró" in r.errores and "Error inesperado" not in r.todo, r.todo
    assert not nueva.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
    ocupada = tmp_path / "ocupada"
    ocupada.mkdir()
    (ocupada / "algo.txt").write_text("x", encoding="utf-8")
    r = invocar(["respaldo", "restaurar", destino, ocupada])
    assert r.codigo == 1 and "no es una carpeta vacía" in r.errores, r.todo
    r = invocar(["--raiz", archivo_listo.ruta, "respaldo", "crear", archivo_listo.ruta / "expedientes"])
    assert r.codigo == 1 and "dentro del propio archivo" in r.errores, r.todo


TRABAJADOR = textwrap.dedent("""
    import sys
    from archivo.base.catalogo import Catalogo
    from archivo.generacion import generar
    from archivo.base.raiz import Raiz
    with Catalogo.abrir(Raiz(sys.argv[1]), usuario="lote") as cat:
        for i in range(int(sys.argv[2])):
            generar(cat, "oficio-prueba", procedimiento_id=1,
                    datos={"asunto": f"Lote {i}", "destinatario": "SPEN-0001", "cuerpo": "x"}, repetir=True)
""")


@pytest.mark.lento
def test_respaldo_durante_un_lote_restaura_y_la_numeracion_continua(archivo_listo: Raiz, tmp_path: Path) -> None:
    raiz = archivo_listo
    guion = tmp_path / "trabajador.py"
    guion.write_text(TRABAJADOR, encoding="utf-8")
    carpeta = next(raiz.expedientes.glob("procedimientos/*"))
    proceso = subprocess.Popen([sys.executable, str(guion), str(raiz.ruta), "120"], stderr=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        limite = time.monotonic() + 120
        while len(list(carpeta.glob("*.docx"))) < 20 and time.monotonic() < limite:
            assert proceso.poll() is None, proceso.stderr.read().decode()
            time.sleep(0.01)
        r = invocar(["--raiz", raiz.ruta, "respaldo", "crear", tmp_path / "respaldos"])
        assert r.codigo == 0, r.todo
        assert proceso.poll() is None, "el lote terminó antes del respaldo: la prueba no probó nada"
    finally:
        _, err = proceso.communicate(timeout=300)
    assert proceso.returncode == 0, err.decode()
    nueva = tmp_path / "restaurado"
    r = invocar(["respaldo", "restaurar", tmp_path / "respaldos", nueva])
    assert r.codigo == 0, r.todo
    restaurados = _folios(Raiz(nueva))
    consecutivos = [f[4] for f in restaurados if f[1] == "oficio" and f[2] == "DEVySPE"]
    assert 4 < len(consecutivos) < 124 and consecutivos == list(range(1, len(consecutivos) + 1))
    assert r.codigo == 0 and invocar(["--raiz", nueva, "verificar"]).codigo == 0
    siguiente = _generar(Raiz(nueva))
    assert siguiente.startswith(f"IEP/DEVySPE/{len(consecutivos) + 1:03d}/")


def test_recuperar_un_catalogo_borrado(archivo_listo: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    raiz = archivo_listo
    antes = _folios(raiz)
    expedientes_antes = {e.ruta: (e.numero, e.titulo, e.tipo, e.referencia) for e in exps.lista(cat)}
    persona = personal.obtener(cat, "SPEN-0001")
    cat.cerrar()
    for sufijo in ("", "-wal", "-shm"):
        Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)

    r = invocar(["--raiz", raiz.ruta, "recuperar"])
    assert r.codigo == 0 and "Catálogo reconstruido (faltaba el catálogo)" in r.salida, r.todo
    assert "No se pudo recuperar" in r.salida and "historial de cambios" in r.salida
    assert _folios(raiz) == antes
    with Catalogo.abrir(raiz) as nuevo:
        recuperados = {e.ruta: (e.numero, e.titulo, e.tipo, e.referencia) for e in exps.lista(nuevo)}
        # every expediente with documents comes back with its number; SPEN-0003 was named in none
        assert {k: v for k, v in expedientes_antes.items() if "spen-0003" not in k} == recuperados
        assert personal.obtener(nuevo, "SPEN-0001").nombre_completo == persona.nombre_completo
        p = procs.obtener(nuevo, 1)
        assert p.mecanismo == "evaluacion-desempeno" and p.paso(11).estado == "hecho"
        assert nuevo.uno("SELECT COUNT(*) FROM documento_personas WHERE persona_clave = 'SPEN-0001'")[0] == 3
        hallazgos = integridad.verificar(nuevo)
    # only the carátula and índice of the expediente nobody could be told the owner of
    assert {Path(h.ruta).name for h in hallazgos} == {"caratula.docx", "indice.docx"}
    assert all("spen-0003" in h.ruta for h in hallazgos)
    assert _generar(raiz).startswith("IEP/DEVySPE/005/")  # the numbering continues

    # the padrón imported again takes that folder back: nothing left over
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    assert invocar(["--raiz", raiz.ruta, "personal", "importar", f]).codigo == 0
    r = invocar(["--raiz", raiz.ruta, "verificar"])
    assert r.codigo == 0, r.todo
    assert not [p for p in raiz.expedientes.glob("personal/*--2")]


def test_recuperar_un_catalogo_danado_lo_conserva_aparte(archivo_listo: Raiz, cat: Catalogo) -> None:
    raiz = archivo_listo
    antes = _folios(raiz)
    cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cat.cerrar()
    with open(raiz.catalogo_path, "r+b") as f:
        f.seek(4096)
        f.write(b"\xab" * 8192)
    r = invocar(["--raiz", raiz.ruta, "recuperar", "--formato", "json"])
    assert r.codigo == 0, r.todo
    informe = json.loads(r.salida)
    assert informe["motivo"] == "el catálogo estaba dañado"
    assert Path(informe["anterior"]).is_file() and Path(informe["anterior"]).name.startswith("catalogo.sqlite.perdido-")
    assert _folios(raiz) == antes
    r = invocar(["--raiz", raiz.ruta, "recuperar"])  # sound now: refused, nothing touched
    assert r.codigo == 1 and "está en buen estado" in r.errores, r.todo


def test_recuperar_desde_datos_anteriores_al_registro(archivo_listo: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    """An archive issued before .datos.json carried the catalog's record: folios come back from the file names."""
    raiz = archivo_listo
    antes = _folios(raiz)
    cat.cerrar()
    for datos in raiz.expedientes.rglob("*.datos.json"):
        contenido = json.loads(datos.read_text("utf-8"))
        contenido.pop("_documento")
        datos.write_text(json.dumps(contenido), encoding="utf-8")
    raiz.catalogo_path.write_bytes(b"")
    for sufijo in ("-wal", "-shm"):
        Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)
    r = invocar(["--raiz", raiz.ruta, "recuperar"])
    assert r.codigo == 0 and "el catálogo estaba vacío" in r.salida, r.todo
    assert _folios(raiz) == antes
    with Catalogo.abrir(raiz) as nuevo:
        assert procs.obtener(nuevo, 1).mecanismo == "evaluacion-desempeno"  # from its expediente's carátula
        assert exps.obtener(nuevo, "persona", "SPEN-0002").numero  # her clave begins her folder's name
    assert "persona(s) nombradas en documentos sin sus datos (SPEN-0001, SPEN-0002)" in r.salida
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    assert invocar(["--raiz", raiz.ruta, "personal", "importar", f]).codigo == 0
    assert _generar(raiz).startswith("IEP/DEVySPE/005/")
    r = invocar(["--raiz", raiz.ruta, "verificar"])
    assert r.codigo == 0, r.todo


def test_el_catalogo_de_un_respaldo_es_un_solo_archivo(archivo_listo: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    informe = respaldo.crear(cat, tmp_path / "r")
    copia = informe.carpeta / "catalogo.sqlite"
    assert not Path(f"{copia}-wal").exists()
    with sqlite3.connect(copia) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert c.execute("SELECT COUNT(*) FROM documentos").fetchone()[0] == 4


def test_el_tablero_del_portal_dice_la_integridad_y_la_edad_del_respaldo(raiz: Raiz, tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from archivo.web.app import crear_app
    from tests.conftest import CONTRASENA_PRUEBA, USUARIOS_PRUEBA, crear_usuarios_prueba
    from tests.utilidades import entrar

    crear_usuarios_prueba(raiz)
    galletas: dict[str, str] = {}

    def tablero() -> str:
        with TestClient(crear_app(raiz, trabajos_en_segundo_plano=False)) as c:  # the quick check runs at start
            if galletas:
                c.cookies.update(galletas)
            else:
                entrar(c, USUARIOS_PRUEBA["consulta"], CONTRASENA_PRUEBA)
                galletas.update(c.cookies)
            return c.get("/").text

    texto = tablero()
    assert "Resguardo del archivo" in texto and "El catálogo está íntegro" in texto
    assert "Aún no hay ningún respaldo de este archivo" in texto
    with Catalogo.abrir(raiz) as cat:
        respaldo.crear(cat, tmp_path / "respaldos")
    texto = tablero()
    assert "Último respaldo: hoy" in texto and "Aún no hay ningún respaldo" not in texto
    with Catalogo.abrir(raiz) as cat:
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        ultima = cat.uno("PRAGMA page_count")[0]
    with open(raiz.catalogo_path, "r+b") as f:  # the last page (an index of a table the tablero does not read)
        f.seek((ultima - 1) * 4096)
        f.write(b"\xab" * 4096)
    try:
        texto = tablero()
    except ArchivoError as e:  # too damaged to even open: the portal does not start, and says why in Spanish
        assert "dañado" in e.mensaje and "archivo recuperar" in e.mensaje
    else:
        assert "El catálogo está dañado" in texto and "El catálogo está íntegro" not in texto
    assert (raiz.ruta / ".catalogo-danado.json").is_file()
