"""Benchmark of the web portal (issue «Portal web (1)»): an office's load against a real server.

For each archive — the demo and a large one (100,000 documents, 5,000 personas; built once and kept in
benchmarks/resultados/, not versioned) — it starts ``archivo servir`` in its own process and measures:

1. **Office load**: 20 logged-in users, each waiting about a second between requests (≈ 20 requests/s offered),
   mixing page views (60 %), searches (30 %) and document issues through the form (10 %), for ``--duracion``
   seconds. Latency percentiles by kind, errors, throughput. Targets: p95 ≤ 100 ms pages, ≤ 150 ms searches,
   ≤ 300 ms issuing, zero errors.
2. **Saturation**: the same 20 users with no wait, for ``--saturacion`` seconds: the throughput the server sustains.
3. **The web layer's cost**: the same kinds of request one at a time, through HTTP and through the library
   in-process (the calls the page makes, without HTTP, session, CSRF or rendering), as a ratio.
4. **Memory**: the server process's resident memory (peak, ``VmHWM``); target < 300 MB.

    .venv/bin/python benchmarks/portal.py [--duracion 60] [--saturacion 20] [--solo-demo]

The load generator is an httpx.AsyncClient per user (its own cookies), bounded in time and count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import hashlib
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_leyes import articulos  # noqa: E402

from archivo import busqueda, cuentas, generacion, personal  # noqa: E402
from archivo import procedimientos as procs  # noqa: E402
from archivo.archivistica import documentos  # noqa: E402
from archivo.archivistica import expedientes as exps  # noqa: E402
from archivo.base import catalogo as catalogo_mod  # noqa: E402
from archivo.base import pendientes  # noqa: E402
from archivo.base.catalogo import Catalogo, iniciar_archivo  # noqa: E402
from archivo.base.raiz import Raiz  # noqa: E402
from archivo.demo import TOML_DEMO, construir  # noqa: E402
from archivo.demo.personal import APELLIDOS, NOMBRES_F, NOMBRES_M  # noqa: E402

RESULTADOS = Path(__file__).resolve().parent / "resultados"
CONTRASENA = "frase de prueba del benchmark"
CONSULTAS = ["designación", "evaluación del desempeño", "titularidad", "incentivos", "encargo de despacho",
             "\"servicio profesional electoral\"", "dictamen", "reingreso", "Comisión de Seguimiento",
             "constitución política", "artículo", "derechos humanos", "plazo", "notificación", "convocatoria",
             "adscripción", "oficio", "acuerdo", "lineamientos", "informe"]
PESOS = {"pagina": 0.6, "busqueda": 0.3, "emision": 0.1}
AREAS = ("DEVySPE", "CSPE", "CV-INE", "SE", "DEOE", "DEECyPC", "DEAPyPP", "UTCE")
CARGOS = ("Técnica de Organización Electoral", "Técnico de Organización Electoral", "Coordinadora de Educación Cívica",
          "Coordinador de Organización Electoral", "Jefa de Departamento de Vinculación",
          "Jefe de Departamento del Servicio", "Subdirectora de Capacitación", "Técnica de lo Contencioso Electoral")


# --- archives ---------------------------------------------------------------------------------------------

def archivo_demo(destino: Path) -> Raiz:
    if (destino / "archivo.toml").is_file() and (destino / ".benchmark-completo").is_file():
        return Raiz(destino)
    construir(destino, mostrar=lambda *_: None)
    (destino / ".benchmark-completo").write_text("listo\n")
    return Raiz(destino)


def _personas(n: int, semilla: int = 7) -> Iterator[dict[str, str]]:
    azar = random.Random(semilla)
    for i in range(1, n + 1):
        mujer = azar.random() < 0.55
        nombre = azar.choice(NOMBRES_F if mujer else NOMBRES_M)
        ap1, ap2 = azar.sample(APELLIDOS, 2)
        ingreso = date(2008, 1, 1) + timedelta(days=azar.randint(0, 5800))
        yield {"Clave SIISPEN": f"SPEN-{i:05d}", "Nombre(s)": nombre, "Primer apellido": ap1, "Segundo apellido": ap2,
               "Cargo o puesto": azar.choice(CARGOS), "Nivel": f"Nivel {azar.randint(3, 9)}",
               "Rango (A/B/C)": azar.choice(["", "A", "B", "C"]), "Adscripción": azar.choice(AREAS),
               "Titularidad (sí/no)": "no", "Fecha de ingreso": ingreso.isoformat(),
               "Vía de ingreso": "Concurso Público", "Situación": "activo"}


@contextlib.contextmanager
def _sin_derivados() -> Iterator[None]:
    """While building the large archive (test data, built once): no search index or carátula update after each
    commit (both are rebuilt once at the end: ``reindexar`` and ``regenerar_pendientes``), and no fsync of each
    file (95,000 fsyncs took over an hour on the benchmark machine; the archive's own writes keep them)."""
    tarea = catalogo_mod._TAREAS.pop(catalogo_mod.TAREA_INDEXAR, None)
    regenerar = exps.regenerar_pendientes
    fsync = os.fsync
    exps.regenerar_pendientes = lambda cat: 0
    os.fsync = lambda fd: None
    try:
        yield
    finally:
        os.fsync = fsync
        exps.regenerar_pendientes = regenerar
        if tarea is not None:
            catalogo_mod._TAREAS[catalogo_mod.TAREA_INDEXAR] = tarea


def _acervo_directo(raiz: Raiz, cat: Catalogo, base: list[dict[str, Any]], n: int) -> None:
    """``n`` past acuerdos in the acervo: the rows ``acervo.importar`` writes (documentos, archivos, importaciones)
    inserted directly, and their .txt files written plainly. Test data only: filing 95,000 files one by one
    through the library (temporary file, link, rename, journal) took hours on the shared two-core machine; the
    5,000 oficios of the archive are issued through the library, and the search index is built by ``reindexar``."""
    meses = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]
    azar = random.Random(11)
    with cat.transaccion("acervo del benchmark") as tx:
        expedientes = {anio: exps.asegurar(tx, "acervo", str(anio), f"Acervo documental {anio}",
                                           fecha=date(anio, 1, 1)) for anio in range(2015, 2025)}
        momento = tx.momento
        filas_arch, filas_doc, filas_imp = [], [], []
        siguiente_archivo = (tx.uno("SELECT COALESCE(MAX(id), 0) FROM archivos")[0] or 0) + 1
        siguiente_doc = (tx.uno("SELECT COALESCE(MAX(id), 0) FROM documentos")[0] or 0) + 1
        for i in range(n):
            a = base[i % len(base)]
            anio = 2015 + i % 10
            fecha = date(anio, 1, 1) + timedelta(days=azar.randint(0, 360))
            numero = f"IEA-CG-{i + 1:05d}/{anio}"
            titulo = f"ACUERDO {numero} DEL CONSEJO GENERAL: {a['titulo']}"[:300]
            texto = (f"{titulo}\nSanta Lucía del Valle, Anáhuac, a {fecha.day} de {meses[fecha.month - 1]} de {anio}."
                     f"\n{a['texto']}\n").encode()
            exp = expedientes[anio]
            ruta = exp.carpeta(raiz) / f"acuerdo-{i + 1:06d}.txt"
            ruta.write_bytes(texto)
            sha = hashlib.sha256(texto).hexdigest()
            archivo_id, doc_id = siguiente_archivo + i, siguiente_doc + i
            filas_arch.append((archivo_id, raiz.relativa(ruta), sha, len(texto), "documento", momento))
            filas_doc.append((doc_id, "acuerdo-consejo" if i % 3 else a["tipo"], "importado", "importado",
                              fecha.isoformat(), titulo, exp.id, archivo_id, momento, "benchmark"))
            filas_imp.append((doc_id, ruta.name, str(ruta), sha, "con texto", len(texto), numero,
                              json.dumps([numero]), "texto", momento, "benchmark"))
        tx.conn.executemany("INSERT INTO archivos (id, ruta, sha256, bytes, tipo, creado) VALUES (?, ?, ?, ?, ?, ?)",
                            filas_arch)
        tx.conn.executemany("INSERT INTO documentos (id, tipo, estado, origen, fecha, asunto, expediente_id, "
                            "archivo_id, creado, creado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", filas_doc)
        tx.conn.executemany("INSERT INTO importaciones (documento_id, nombre_original, ruta_origen, sha256, texto, "
                            "caracteres, numero, identificadores, fecha_origen, importado, importado_por) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", filas_imp)
        tx.registrar("benchmark", "acervo", None, {"documentos": n})


def archivo_grande(destino: Path, *, documentos_total: int = 100_000, n_personas: int = 5_000,
                   generados: int = 5_000, mostrar: Callable[[str], None] = print) -> Raiz:
    """An archive of ``documentos_total`` documents (past acuerdos and articles imported from the shared corpus,
    plus ``generados`` oficios issued through procedures) and ``n_personas`` personas. Built once, then reused."""
    marca = destino / ".benchmark-completo"
    if marca.is_file():
        return Raiz(destino)
    if destino.exists():
        import shutil

        shutil.rmtree(destino)
    inicio = time.perf_counter()
    raiz = iniciar_archivo(destino, toml=TOML_DEMO)
    with Catalogo.abrir(raiz, usuario="benchmark") as cat, _sin_derivados():
        with tempfile.TemporaryDirectory() as tmp:
            padron = Path(tmp) / "padron.csv"
            filas = list(_personas(n_personas))
            with open(padron, "w", newline="", encoding="utf-8") as f:
                escritor = csv.DictWriter(f, fieldnames=list(filas[0]))
                escritor.writeheader()
                escritor.writerows(filas)
            personal.importar(cat, padron)
            mostrar(f"  padrón: {n_personas} personas ({time.perf_counter() - inicio:.0f} s)")
        # past documents: real Spanish text (the corpus's laws), dated over ten years, filed in the acervo
        base = articulos()
        _acervo_directo(raiz, cat, base, documentos_total - generados)
        mostrar(f"  acervo: {documentos_total - generados} documentos ({time.perf_counter() - inicio:.0f} s)")
        claves = [f"SPEN-{i:05d}" for i in range(1, n_personas + 1)]
        por_proc = 50
        for k in range(generados // por_proc):
            proc = procs.abrir(cat, "evaluacion-desempeno", f"Evaluación del desempeño, grupo {k + 1}",
                               personas=claves[k * 10:(k + 1) * 10], fecha=date(2024, 1, 1) + timedelta(days=k))
            solicitudes = [generacion.Solicitud(
                {"destinatario_nombre": "Persona del Servicio", "destinatario_cargo": "Cargo del Servicio",
                 "asunto": f"Notificación {k}-{j} de resultados de la evaluación",
                 "cuerpo": [base[(k * por_proc + j) % len(base)]["texto"][:1500]]},
                [claves[(k * por_proc + j) % n_personas]], f"fila {j}") for j in range(por_proc)]
            generacion.generar_lote(cat, "oficio", solicitudes, procedimiento_id=proc.id, fecha=date(2024, 6, 1))
        mostrar(f"  {generados} oficios emitidos en {generados // por_proc} procedimientos "
                f"({time.perf_counter() - inicio:.0f} s)")
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        informe = busqueda.reindexar(cat)
        mostrar(f"  índice de búsqueda: {informe.documentos} documentos ({time.perf_counter() - inicio:.0f} s)")
        # The acervo's yearly expedientes (9,500 documents each) are marked current without rendering their índices
        # (test data: no page reads them); every other carátula and índice is generated as the library does.
        with cat.transaccion("benchmark: acervo sin índice") as tx:
            tx.execute("UPDATE expedientes SET caratula_vigente = 1 WHERE tipo = 'acervo'")
        exps.regenerar_pendientes(cat)
        mostrar(f"  carátulas e índices de expedientes ({time.perf_counter() - inicio:.0f} s)")
    marca.write_text(f"construido en {time.perf_counter() - inicio:.0f} s\n")
    return raiz


def cuentas_benchmark(raiz: Raiz, n: int, rol: str = "emision", prefijo: str = "bench") -> list[str]:
    """``n`` accounts of ``rol`` named «<prefijo>01»… (created once; benchmarks/portal2.py uses them too)."""
    nombres = [f"{prefijo}{i:02d}" for i in range(1, n + 1)]
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        for u in nombres:
            if cuentas.buscar(cat, u) is None:
                cuentas.alta(cat, u, f"Usuaria de prueba {u}", rol, CONTRASENA)
    return nombres


def muestras(raiz: Raiz) -> dict[str, Any]:
    """Real ids for the requests: personas, open procedures, documents, surnames."""
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        claves = [f[0] for f in cat.todos("SELECT clave FROM personas ORDER BY random() LIMIT 200")]
        procedimientos = [f[0] for f in cat.todos("SELECT id FROM procedimientos WHERE estado = 'abierto'")]
        docs = [f[0] for f in cat.todos("SELECT id FROM documentos WHERE estado != 'borrador' "
                                        "ORDER BY random() LIMIT 300")]
        apellidos = [f[0] for f in cat.todos("SELECT DISTINCT primer_apellido FROM personas LIMIT 50")]
        total_docs = cat.uno("SELECT COUNT(*) FROM documentos")[0]
        total_personas = cat.uno("SELECT COUNT(*) FROM personas")[0]
    return {"claves": claves, "procedimientos": procedimientos, "documentos": docs, "apellidos": apellidos,
            "total_documentos": total_docs, "total_personas": total_personas}


# --- the server -------------------------------------------------------------------------------------------

class Servidor:
    """``archivo servir`` in its own process (the real command), and its memory."""

    def __init__(self, raiz: Raiz, puerto: int = 0) -> None:
        self.raiz = raiz
        self.puerto = puerto

    def __enter__(self) -> Servidor:
        if not self.puerto:  # a free port chosen by the system
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.puerto = s.getsockname()[1]
        programa = Path(sys.executable).parent / "archivo"
        RESULTADOS.mkdir(parents=True, exist_ok=True)
        self.salida = open(RESULTADOS / "servidor-stderr.log", "ab")  # noqa: SIM115 - closed in __exit__
        self.proceso = subprocess.Popen([str(programa), "--raiz", str(self.raiz.ruta), "servir", "--puerto",
                                         str(self.puerto)], stdout=subprocess.DEVNULL, stderr=self.salida)
        self.url = f"http://127.0.0.1:{self.puerto}"
        limite = time.monotonic() + 60
        while time.monotonic() < limite:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/entrar", timeout=2).status_code == 200:
                    return self
            if self.proceso.poll() is not None:
                raise RuntimeError("el servidor no arrancó: vea benchmarks/resultados/servidor-stderr.log")
            time.sleep(0.2)
        raise RuntimeError("el servidor no respondió en 60 s")

    def memoria(self) -> dict[str, float]:
        """Resident memory of the server process now and at its peak, in MB."""
        datos = {}
        for linea in Path(f"/proc/{self.proceso.pid}/status").read_text().splitlines():
            if linea.startswith(("VmRSS", "VmHWM")):
                nombre, valor = linea.split(":")
                datos[nombre] = int(valor.split()[0]) / 1024
        return {"actual_mb": round(datos.get("VmRSS", 0), 1), "pico_mb": round(datos.get("VmHWM", 0), 1)}

    def vivo(self) -> None:
        if self.proceso.poll() is not None:
            raise RuntimeError(f"el servidor terminó (código {self.proceso.returncode}) durante la medición")

    def __exit__(self, *exc: object) -> None:
        self.proceso.terminate()
        try:
            self.proceso.wait(15)
        except subprocess.TimeoutExpired:
            self.proceso.kill()
        self.salida.close()


# --- the load ---------------------------------------------------------------------------------------------

async def entrar(cliente: httpx.AsyncClient, usuario: str) -> str:
    pagina = await cliente.get("/entrar")
    csrf = re.search(r'name="_csrf" value="([^"]+)"', pagina.text).group(1)
    r = await cliente.post("/entrar", data={"_csrf": csrf, "usuario": usuario, "contrasena": CONTRASENA})
    if r.status_code != 303:
        raise RuntimeError(f"no se pudo entrar como {usuario}: {r.status_code}")
    tablero = await cliente.get("/")
    return re.search(r'name="_csrf" value="([^"]+)"', tablero.text).group(1)


def _peticion(tipo: str, m: dict[str, Any], azar: random.Random, csrf: str) -> tuple[str, str, dict | None]:
    if tipo == "busqueda":
        q = azar.choice(CONSULTAS)
        extra = azar.choice(["", "", "&origen=importado", "&desde=2018-01-01&hasta=2021-12-31", "&pagina=2"])
        return "GET", f"/buscar?q={q}{extra}", None
    if tipo == "emision":
        proc = azar.choice(m["procedimientos"])
        return "POST", "/documentos/nuevo/oficio", {
            "_csrf": csrf, "procedimiento": str(proc), "destinatario_nombre": "Mtra. Persona de prueba",
            "destinatario_cargo": "Titular del área", "asunto": f"Oficio de prueba del benchmark {azar.random():.6f}",
            "cuerpo.0": "Por este medio le comunico el resultado de la revisión solicitada.",
            "cuerpo.1": "Sin otro particular, le envío un cordial saludo.", "fecha": date.today().isoformat(),
            "area": "CSPE", "_accion": "emitir"}
    paginas = [
        "/", f"/personal?pagina={azar.randint(1, 5)}", f"/personal?q={azar.choice(m['apellidos'])}",
        f"/personal/{azar.choice(m['claves'])}", f"/procedimientos/{azar.choice(m['procedimientos'])}",
        f"/documentos/{azar.choice(m['documentos'])}", f"/documentos?pagina={azar.randint(1, 20)}",
        "/expedientes?tipo=persona", "/procedimientos",
    ]
    return "GET", azar.choice(paginas), None


async def _usuario(url: str, nombre: str, m: dict[str, Any], fin: float, pausa: tuple[float, float],
                   registros: list[tuple[str, float, int, str]], maximo: int, semilla: int) -> None:
    azar = random.Random(semilla)
    tipos, pesos = zip(*PESOS.items(), strict=True)
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=False) as cliente:
        csrf = await entrar(cliente, nombre)
        await asyncio.sleep(azar.uniform(0, pausa[1]))
        hechas = 0
        while time.monotonic() < fin and hechas < maximo:
            tipo = azar.choices(tipos, pesos)[0]
            metodo, ruta, datos = _peticion(tipo, m, azar, csrf)
            inicio = time.perf_counter()
            try:
                r = await (cliente.post(ruta, data=datos) if metodo == "POST" else cliente.get(ruta))
                estado = r.status_code
            except httpx.HTTPError:
                estado = 0
            registros.append((tipo, (time.perf_counter() - inicio) * 1000, estado, _pagina_de(ruta)))
            hechas += 1
            if pausa[1]:
                await asyncio.sleep(azar.uniform(*pausa))


def percentil(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    ordenados = sorted(valores)
    k = (len(ordenados) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(ordenados) - 1)
    return ordenados[f] + (ordenados[c] - ordenados[f]) * (k - f)


def _pagina_de(ruta: str) -> str:
    """The page a request's path is an instance of («/personal/SPEN-0042» → «/personal/{clave}»); a search, its
    query («/buscar?q=acuerdo&pagina=2» → «acuerdo [pagina]»)."""
    camino, _, consulta = ruta.partition("?")
    if camino == "/buscar":
        partes_q = dict(k.split("=", 1) for k in consulta.split("&") if "=" in k)
        extras = sorted(k for k in partes_q if k != "q")
        return partes_q.get("q", "") + (f" [{' '.join(extras)}]" if extras else "")
    partes = camino.split("/")
    if len(partes) > 2 and partes[1] in ("personal", "procedimientos", "documentos") and partes[2] != "nuevo":
        partes[2] = "{clave}" if partes[1] == "personal" else "{id}"
    nombres = sorted(k.split("=")[0] for k in consulta.split("&") if k)
    return "/".join(partes) + (f"?{'&'.join(nombres)}" if nombres else "")


def _por_pagina(registros: list[tuple[str, float, int, str]], tipo_: str = "pagina") -> dict[str, dict[str, float]]:
    paginas: dict[str, list[float]] = {}
    for tipo, ms, _, pagina in registros:
        if tipo == tipo_:
            paginas.setdefault(pagina, []).append(ms)
    return {k: {"n": len(v), "p50": round(percentil(v, 50), 1), "p95": round(percentil(v, 95), 1)}
            for k, v in sorted(paginas.items())}


def _resumen(registros: list[tuple[str, float, int, str]], segundos: float) -> dict[str, Any]:
    salida: dict[str, Any] = {"peticiones": len(registros), "por_segundo": round(len(registros) / segundos, 1),
                              "errores": sum(1 for _, _, e, _ in registros if e not in (200, 303)), "tipos": {}}
    for tipo in PESOS:
        ms = [t for k, t, _, _ in registros if k == tipo]
        salida["tipos"][tipo] = {"n": len(ms), "p50": round(percentil(ms, 50), 1), "p95": round(percentil(ms, 95), 1),
                                 "max": round(max(ms), 1) if ms else 0.0,
                                 "errores": sum(1 for k, _, e, _ in registros if k == tipo and e not in (200, 303))}
    salida["paginas"] = _por_pagina(registros)
    salida["busquedas"] = _por_pagina(registros, "busqueda")
    return salida


async def _carga(url: str, nombres: list[str], m: dict[str, Any], segundos: float, pausa: tuple[float, float],
                 maximo: int) -> dict[str, Any]:
    registros: list[tuple[str, float, int, str]] = []
    fin = time.monotonic() + segundos
    inicio = time.monotonic()
    await asyncio.gather(*[_usuario(url, n, m, fin, pausa, registros, maximo, i) for i, n in enumerate(nombres)])
    return _resumen(registros, time.monotonic() - inicio)


# --- one at a time: HTTP and the library ------------------------------------------------------------------

def _en_biblioteca(raiz: Raiz, m: dict[str, Any], repeticiones: int) -> dict[str, float]:
    """Mean ms of the calls each kind of request makes in the library (no HTTP, session, CSRF or rendering)."""
    azar = random.Random(5)
    tiempos: dict[str, list[float]] = {"pagina": [], "busqueda": [], "emision": []}
    with Catalogo.abrir(raiz, usuario="bench01") as cat:
        paginas = [
            lambda: pendientes.reunir(cat),
            lambda: personal.lista(cat)[:50],
            lambda: personal.lista(cat, texto=azar.choice(m["apellidos"])),
            lambda: (personal.obtener(cat, c := azar.choice(m["claves"])),
                     exps.documentos_de(cat, exps.obtener(cat, "persona", c)), procs.lista(cat, persona=c)),
            lambda: (p := procs.obtener(cat, azar.choice(m["procedimientos"])),
                     documentos.lista(cat, procedimiento_id=p.id)),
            lambda: (d := documentos.obtener(cat, azar.choice(m["documentos"])), exps.por_id(cat, d.expediente_id)),
            lambda: (documentos.contar(cat), documentos.lista(cat, limite=50, desde=azar.randint(0, 19) * 50,
                                                                recientes_primero=True)),
            lambda: exps.lista(cat, "persona")[:50],
            lambda: procs.lista(cat),
        ]
        for _ in range(repeticiones):
            for funcion in paginas:
                inicio = time.perf_counter()
                funcion()
                tiempos["pagina"].append((time.perf_counter() - inicio) * 1000)
            inicio = time.perf_counter()
            busqueda.buscar_pagina(cat, azar.choice(CONSULTAS))
            tiempos["busqueda"].append((time.perf_counter() - inicio) * 1000)
            inicio = time.perf_counter()
            generacion.generar(cat, "oficio", procedimiento_id=azar.choice(m["procedimientos"]), area="CSPE", datos={
                "destinatario_nombre": "Mtra. Persona de prueba", "destinatario_cargo": "Titular del área",
                "asunto": f"Oficio de prueba {azar.random():.6f}",
                "cuerpo": ["Por este medio le comunico el resultado.", "Sin otro particular."]})
            tiempos["emision"].append((time.perf_counter() - inicio) * 1000)
    return {k: round(statistics.mean(v), 2) for k, v in tiempos.items()}


async def _de_uno_en_uno(url: str, nombre: str, m: dict[str, Any], repeticiones: int) -> dict[str, float]:
    azar = random.Random(5)
    tiempos: dict[str, list[float]] = {"pagina": [], "busqueda": [], "emision": []}
    async with httpx.AsyncClient(base_url=url, timeout=60) as cliente:
        csrf = await entrar(cliente, nombre)
        for _ in range(repeticiones):
            for tipo, veces in (("pagina", 9), ("busqueda", 1), ("emision", 1)):
                for _ in range(veces):
                    metodo, ruta, datos = _peticion(tipo, m, azar, csrf)
                    inicio = time.perf_counter()
                    r = await (cliente.post(ruta, data=datos) if metodo == "POST" else cliente.get(ruta))
                    tiempos[tipo].append((time.perf_counter() - inicio) * 1000)
                    if r.status_code not in (200, 303):
                        raise RuntimeError(f"{ruta}: {r.status_code}")
    return {k: round(statistics.mean(v), 2) for k, v in tiempos.items()}


# --- the run ----------------------------------------------------------------------------------------------

def medir(nombre: str, raiz: Raiz, args: argparse.Namespace) -> dict[str, Any]:
    nombres = cuentas_benchmark(raiz, args.usuarios)
    m = muestras(raiz)
    print(f"\n{nombre}: {m['total_documentos']} documentos, {m['total_personas']} personas", flush=True)
    resultado: dict[str, Any] = {"archivo": nombre, "documentos": m["total_documentos"],
                                 "personas": m["total_personas"]}
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        busqueda.buscar(cat, "designación")  # the index is up to date before the clock starts
    with Servidor(raiz, args.puerto) as servidor:
        asyncio.run(_de_uno_en_uno(servidor.url, nombres[0], m, 2))  # warm-up: templates, caches, index readers
        resultado["oficina"] = asyncio.run(_carga(servidor.url, nombres, m, args.duracion, (0.5, 1.5),
                                                  args.maximo))
        servidor.vivo()
        print(f"  oficina: {json.dumps(resultado['oficina'], ensure_ascii=False)}", flush=True)
        resultado["saturacion"] = asyncio.run(_carga(servidor.url, nombres, m, args.saturacion, (0.0, 0.0),
                                                     args.maximo))
        servidor.vivo()
        print(f"  saturación: {json.dumps(resultado['saturacion'], ensure_ascii=False)}", flush=True)
        resultado["http_uno_a_uno_ms"] = asyncio.run(_de_uno_en_uno(servidor.url, nombres[0], m, args.uno_a_uno))
        resultado["memoria"] = servidor.memoria()
        print(f"  memoria del servidor: {resultado['memoria']}", flush=True)
    resultado["biblioteca_ms"] = _en_biblioteca(raiz, m, args.uno_a_uno)
    resultado["costo_web"] = {k: round(resultado["http_uno_a_uno_ms"][k] / resultado["biblioteca_ms"][k], 2)
                              for k in PESOS}
    return resultado


def imprimir(r: dict[str, Any]) -> None:
    print(f"\n{r['archivo']} ({r['documentos']:,} documentos, {r['personas']:,} personas)".replace(",", " "))
    o = r["oficina"]
    print(f"  Carga de oficina: {o['peticiones']} peticiones en {args_duracion} s, {o['por_segundo']}/s, "
          f"{o['errores']} errores")
    print(f"  {'tipo':<10}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'máx ms':>10}{'meta p95':>10}")
    for tipo, meta in (("pagina", 100), ("busqueda", 150), ("emision", 300)):
        t = o["tipos"][tipo]
        print(f"  {tipo:<10}{t['n']:>6}{t['p50']:>10}{t['p95']:>10}{t['max']:>10}{meta:>10}")
    print(f"  Saturación (sin pausa): {r['saturacion']['por_segundo']} peticiones/s, "
          f"{r['saturacion']['errores']} errores")
    print(f"  De una en una, ms: HTTP {r['http_uno_a_uno_ms']}  biblioteca {r['biblioteca_ms']}  "
          f"razón {r['costo_web']}")
    print(f"  Memoria del servidor: {r['memoria']['pico_mb']} MB de pico (meta < 300 MB)")


args_duracion = 0.0


def main() -> None:
    global args_duracion
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duracion", type=float, default=60.0, help="segundos de carga de oficina")
    ap.add_argument("--saturacion", type=float, default=20.0, help="segundos de carga sin pausa")
    ap.add_argument("--usuarios", type=int, default=20)
    ap.add_argument("--maximo", type=int, default=2000, help="peticiones como máximo por usuario y fase")
    ap.add_argument("--uno-a-uno", type=int, default=10, help="repeticiones de la medición de una en una")
    ap.add_argument("--documentos", type=int, default=100_000)
    ap.add_argument("--personas", type=int, default=5_000)
    ap.add_argument("--puerto", type=int, default=0, help="puerto del servidor (0: uno libre cualquiera)")
    ap.add_argument("--solo-demo", action="store_true")
    ap.add_argument("--solo-grande", action="store_true")
    args = ap.parse_args()
    args_duracion = args.duracion
    RESULTADOS.mkdir(parents=True, exist_ok=True)
    resultados = []
    carga = os.getloadavg()
    if not args.solo_grande:
        resultados.append(medir("demo", archivo_demo(RESULTADOS / "archivo-demo"), args))
    if not args.solo_demo:
        print("Archivo grande (se construye una vez):", flush=True)
        raiz = archivo_grande(RESULTADOS / f"archivo-{args.documentos}", documentos_total=args.documentos,
                              n_personas=args.personas)
        resultados.append(medir(f"{args.documentos} documentos", raiz, args))
    for r in resultados:
        imprimir(r)
    salida = {"fecha": datetime.now().isoformat(timespec="seconds"), "maquina": platform.platform(),
              "nucleos": os.cpu_count(), "python": platform.python_version(), "carga_inicial": carga,
              "carga_final": os.getloadavg(), "parametros": vars(args), "resultados": resultados}
    destino = RESULTADOS / f"portal-{datetime.now():%Y%m%d-%H%M%S}.json"
    destino.write_text(json.dumps(salida, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nResultados en {destino}")


if __name__ == "__main__":
    main()
