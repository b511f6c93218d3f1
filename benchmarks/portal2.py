"""Benchmark of the portal's pages of issue «Portal web (2)», against a real server (``archivo servir`` in its own
process, with its job executor), measured in the same run:

1. **The carpeta from the portal vs. from the CLI**: a session with 20 two-page Word documents; its carpeta built
   with ``archivo sesion carpeta`` (a process, as a person runs it) and from the portal (the button's POST, then the
   job, which runs in its own process, polled until it ends), alternately (the order too), ``--repeticiones`` times
   each (5 by default), both while
   the office's users below keep the server busy. Target: the portal's median ≤ 1.1 × the CLI's.
2. **Other users meanwhile**: while the portal builds the carpeta, ``--usuarios`` logged-in users keep viewing
   pages (tablero, sesiones, compromisos, PAT, riesgos, historial), each waiting 0.5–1.5 s between requests (an
   office's load); their latencies during the builds, against the portal's page target (p95 ≤ 100 ms). The same
   load with no build running is the reference.
3. **Risk pages of 500 risks**: the register (``/riesgos``) and the heat maps (``/riesgos/mapa``) of an archive of 500
   risks (with evaluations and actions), one request at a time after a warm-up. Target: p95 ≤ 150 ms.

    .venv/bin/python benchmarks/portal2.py [--repeticiones 5] [--usuarios 19] [--riesgos 500] [--solo-riesgos]

Prints a table and writes benchmarks/resultados/portal2.json. The archives are built in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from carpeta import documento  # noqa: E402 - the same two-page Word documents as benchmarks/carpeta.py
from portal import Servidor, cuentas_benchmark, entrar, percentil  # noqa: E402 - server, accounts, login, p95

from archivo import riesgos, sesiones  # noqa: E402
from archivo.archivistica import documentos  # noqa: E402
from archivo.archivistica import expedientes as exps  # noqa: E402
from archivo.base.catalogo import Catalogo, iniciar_archivo  # noqa: E402
from archivo.base.raiz import Raiz  # noqa: E402
from archivo.demo import TOML_DEMO  # noqa: E402

RESULTADOS = Path(__file__).resolve().parent / "resultados"
MECANISMOS = ("concurso-publico", "certamen-interno", "cambios-adscripcion", "encargos-despacho",
              "reingreso-reincorporacion", "programa-formacion", "capacitacion", "evaluacion-desempeno",
              "titularidad-promocion", "incentivos", "permanencia-disciplina", "vinculacion-ine")
META_CARPETA = 1.1
META_PAGINAS_MS = 100
META_RIESGOS_MS = 150


# --- archives ---------------------------------------------------------------------------------------------

def archivo_sesion(destino: Path, n_documentos: int) -> tuple[Raiz, int]:
    """An archive with one session whose orden del día holds ``n_documentos`` two-page Word documents (issued with
    folio), two per point, plus a little of everything the other users' pages show."""
    raiz = iniciar_archivo(destino, toml=TOML_DEMO)
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", hora="11:00")
        carpeta_docs = destino.parent / "docs"
        carpeta_docs.mkdir(exist_ok=True)
        folios = []
        with cat.transaccion("documentos del benchmark") as tx:
            exp = exps.asegurar(tx, "mecanismo", "incentivos", "Incentivos")
            for i in range(1, n_documentos + 1):
                datos = documento(carpeta_docs / f"informe-{i:02d}.docx", i).read_bytes()
                folios.append(documentos.emitir_en(tx, tipo="informe", asunto=f"Informe {i} de la Secretaría "
                                                   "Técnica", expediente=exp, construir=lambda _f, d=datos: d,
                                                   serie="informe", indexar=False).folio)
        for k in range((n_documentos + 1) // 2):
            sesiones.agregar_punto(cat, s.id, f"Punto {k + 1} del orden del día.")
            sesiones.adjuntar(cat, s.id, str(k + 1), folios[2 * k:2 * k + 2])
        for i in range(40):
            riesgos.alta(cat, mecanismo=MECANISMOS[i % len(MECANISMOS)], texto=f"Riesgo de prueba {i + 1}",
                         probabilidad=1 + i % 3, impacto=1 + (i // 3) % 3)
    return raiz, s.id


def archivo_riesgos(destino: Path, n: int) -> Raiz:
    """``n`` risks over the twelve matrices, each analysed; half re-evaluated; a third with an action."""
    raiz = iniciar_archivo(destino, toml=TOML_DEMO)
    azar = random.Random(3)
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        for i in range(n):
            r = riesgos.alta(cat, mecanismo=MECANISMOS[i % len(MECANISMOS)],
                             texto=f"Que la actividad {i + 1} del mecanismo no se cumpla en el plazo previsto por "
                                   "falta de información de las áreas", causas="Falta de coordinación.",
                             efectos="Retraso del procedimiento.", area="CSPE", tratamiento=["REDUCIR"],
                             probabilidad=azar.randint(1, 3), impacto=azar.randint(1, 3)).riesgo
            if i % 2 == 0:
                riesgos.revaluar(cat, r.codigo, probabilidad=azar.randint(1, 2), impacto=azar.randint(1, 3))
            if i % 3 == 0:
                riesgos.accion(cat, r.codigo, descripcion="Recordatorio semanal a las áreas", responsable="CSPE",
                               fecha_inicio="2024-01-08",
                               fecha_compromiso=date(2024 + i % 4, 6, 30).isoformat(), avance=azar.randint(0, 90))
    return raiz


# --- the server ---------------------------------------------------------------------------------------------

PUERTOS = range(8600, 8700)  # the ports given to this benchmark on the shared machine


def puerto_libre(puertos: range = PUERTOS) -> int:
    """The first port of ``puertos`` nobody is listening on."""
    for puerto in puertos:
        with socket.socket() as s, contextlib.suppress(OSError):
            s.bind(("127.0.0.1", puerto))
            return puerto
    raise RuntimeError(f"no hay un puerto libre entre {puertos.start} y {puertos.stop - 1}")


def resumen(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50": round(percentil(ms, 50), 1), "p95": round(percentil(ms, 95), 1),
            "max": round(max(ms), 1) if ms else 0.0}


# --- 1 and 2: the carpeta, and the other users meanwhile ------------------------------------------------------

def carpeta_cli(raiz: Raiz, sesion_id: int) -> float:
    programa = Path(sys.executable).parent / "archivo"
    inicio = time.perf_counter()
    subprocess.run([str(programa), "--raiz", str(raiz.ruta), "--usuario", "benchmark", "sesion", "carpeta",
                    str(sesion_id)], check=True, capture_output=True)
    return time.perf_counter() - inicio


async def carpeta_portal(url: str, usuario: str, sesion_id: int) -> float:
    """From the button's POST until the job has ended (polled every 0.1 s, as the page's script does every 1 s)."""
    async with httpx.AsyncClient(base_url=url, timeout=120) as cliente:
        csrf = await entrar(cliente, usuario)
        inicio = time.perf_counter()
        r = await cliente.post(f"/sesiones/{sesion_id}/carpeta", data={"_csrf": csrf})
        if r.status_code != 303:
            raise RuntimeError(f"no se pidió la carpeta: {r.status_code} {r.text[:500]}")
        while True:
            r = await cliente.get(f"/sesiones/{sesion_id}/carpeta/avance", headers={"X-Fragmento": "1"})
            if 'data-activo="1"' not in r.text:
                if "Carpeta lista" not in r.text:
                    raise RuntimeError(f"la carpeta no se armó: {re.sub(r'<[^>]+>', ' ', r.text)[:800]}")
                return time.perf_counter() - inicio
            await asyncio.sleep(0.1)


PAGINAS = ["/", "/sesiones", "/sesiones/{sesion}", "/compromisos", "/pat", "/riesgos", "/riesgos/mapa",
           "/historial"]


async def _usuario(url: str, nombre: str, sesion_id: int, fin: asyncio.Event, registros: list[float],
                   errores: list[str], semilla: int) -> None:
    azar = random.Random(semilla)
    async with httpx.AsyncClient(base_url=url, timeout=60, follow_redirects=False) as cliente:
        await entrar(cliente, nombre)
        await asyncio.sleep(azar.uniform(0, 1.5))
        while not fin.is_set():
            ruta = azar.choice(PAGINAS).format(sesion=sesion_id)
            if ruta == "/historial" and not nombre.startswith("emis"):
                ruta = "/"
            inicio = time.perf_counter()
            try:
                r = await cliente.get(ruta)
                if r.status_code != 200:
                    errores.append(f"{ruta}: {r.status_code}")
            except httpx.HTTPError as e:
                errores.append(f"{ruta}: {type(e).__name__}")
            registros.append((time.perf_counter() - inicio) * 1000)
            await asyncio.sleep(azar.uniform(0.5, 1.5))


async def con_oficina(url: str, nombres: list[str], sesion_id: int, tarea) -> tuple[Any, dict[str, Any]]:
    """Run ``tarea`` (a coroutine function) while the office's users view pages; their latencies meanwhile."""
    fin = asyncio.Event()
    registros: list[float] = []
    errores: list[str] = []
    usuarios = [asyncio.create_task(_usuario(url, n, sesion_id, fin, registros, errores, i))
                for i, n in enumerate(nombres)]
    await asyncio.sleep(2.0)  # everyone logged in and walking before the clock starts
    registros.clear()
    try:
        resultado = await tarea()
    finally:
        fin.set()
        await asyncio.gather(*usuarios)
    return resultado, resumen(registros) | {"errores": len(errores), "ejemplos_errores": errores[:5]}


# --- 3: risk pages of 500 risks ---------------------------------------------------------------------------------

async def paginas_riesgos(url: str, usuario: str, veces: int) -> dict[str, Any]:
    salida = {}
    async with httpx.AsyncClient(base_url=url, timeout=60) as cliente:
        await entrar(cliente, usuario)
        for ruta in ("/riesgos", "/riesgos/mapa"):
            for _ in range(3):  # warm-up
                await cliente.get(ruta)
            ms = []
            for _ in range(veces):
                inicio = time.perf_counter()
                r = await cliente.get(ruta)
                ms.append((time.perf_counter() - inicio) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{ruta}: {r.status_code}")
            salida[ruta] = resumen(ms) | {"bytes": len(r.content)}
    return salida


@contextlib.contextmanager
def carpeta_temporal() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="bench-portal2-") as tmp:
        yield Path(tmp)


def carpeta_y_oficina(base: Path, args: argparse.Namespace, resultado: dict[str, Any]) -> None:
    print(f"Preparando un archivo con una sesión de {args.documentos} documentos de Word…", flush=True)
    raiz, sesion_id = archivo_sesion(base / "sesion" / "archivo", args.documentos)
    quien = cuentas_benchmark(raiz, 1, "captura", "capt")[0]
    oficina = cuentas_benchmark(raiz, args.usuarios - args.usuarios // 4, "consulta", "cons") + \
        cuentas_benchmark(raiz, args.usuarios // 4, "emision", "emis")
    cli, portal, durante = [], [], []
    with Servidor(raiz, puerto_libre()) as servidor:
        _, referencia = asyncio.run(con_oficina(servidor.url, oficina, sesion_id,
                                                lambda: asyncio.sleep(20)))
        print(f"  páginas sin carpeta en curso: {referencia}", flush=True)
        for r in range(args.repeticiones):
            # both builds under the same office load, so the comparison is of the build alone; their order
            # alternates, so a change of the machine's load during the run does not favour one of them
            def por_cli() -> tuple[float, Any]:
                return asyncio.run(con_oficina(servidor.url, oficina, sesion_id,
                                               lambda: asyncio.to_thread(carpeta_cli, raiz, sesion_id)))

            def por_portal() -> tuple[float, Any]:
                return asyncio.run(con_oficina(servidor.url, oficina, sesion_id,
                                               lambda: carpeta_portal(servidor.url, quien, sesion_id)))

            if r % 2:
                segundos, paginas = por_portal()
                cli.append(por_cli()[0])
            else:
                cli.append(por_cli()[0])
                segundos, paginas = por_portal()
            portal.append(segundos)
            durante.append(paginas)
            print(f"  repetición {r + 1}: CLI {cli[-1]:.2f} s, portal {portal[-1]:.2f} s; páginas de los demás "
                  f"mientras tanto: p95 {paginas['p95']} ms, {paginas['errores']} errores", flush=True)
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        (ultima,) = sesiones.carpetas(cat, sesion_id)[-1:]
    resultado["carpeta"] = {
        "documentos": args.documentos, "paginas": ultima["paginas"], "cli_s": [round(x, 2) for x in cli],
        "portal_s": [round(x, 2) for x in portal], "cli_mediana_s": round(statistics.median(cli), 2),
        "portal_mediana_s": round(statistics.median(portal), 2),
        "razon": round(statistics.median(portal) / statistics.median(cli), 3), "meta": META_CARPETA}
    resultado["paginas_de_los_demas"] = {
        "referencia": referencia, "durante_carpeta": durante,
        "p95_max_durante_ms": max(d["p95"] for d in durante), "errores": sum(d["errores"] for d in durante),
        "meta_p95_ms": META_PAGINAS_MS}



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeticiones", type=int, default=5, help="carpetas de cada lado (CLI y portal)")
    ap.add_argument("--documentos", type=int, default=20)
    ap.add_argument("--usuarios", type=int, default=19, help="usuarios que ven páginas mientras se arma")
    ap.add_argument("--riesgos", type=int, default=500)
    ap.add_argument("--veces", type=int, default=100, help="peticiones de cada página de riesgos")
    ap.add_argument("--solo-riesgos", action="store_true", help="solo las páginas de riesgos (sin carpetas)")
    args = ap.parse_args()
    carga_inicial = os.getloadavg()[0]
    resultado: dict[str, Any] = {"fecha": date.today().isoformat(), "python": platform.python_version(),
                                 "nucleos": os.cpu_count()}
    with carpeta_temporal() as base:
        if not args.solo_riesgos:
            carpeta_y_oficina(base, args, resultado)
        print(f"Preparando un archivo de {args.riesgos} riesgos…", flush=True)
        raiz_r = archivo_riesgos(base / "riesgos" / "archivo", args.riesgos)
        lector = cuentas_benchmark(raiz_r, 1, "consulta", "cons")[0]
        with Servidor(raiz_r, puerto_libre()) as servidor:
            resultado["riesgos"] = asyncio.run(paginas_riesgos(servidor.url, lector, args.veces)) | {
                "riesgos": args.riesgos, "meta_p95_ms": META_RIESGOS_MS}
    resultado["carga_maquina"] = [round(carga_inicial, 2), round(os.getloadavg()[0], 2)]

    if "carpeta" in resultado:
        imprimir_carpeta(resultado, args)
    imprimir_riesgos(resultado, args)
    RESULTADOS.mkdir(exist_ok=True)
    nombre = "portal2-riesgos.json" if args.solo_riesgos else "portal2.json"
    (RESULTADOS / nombre).write_text(json.dumps(resultado, ensure_ascii=False, indent=2), encoding="utf-8")


def imprimir_carpeta(resultado: dict[str, Any], args: argparse.Namespace) -> None:
    c = resultado["carpeta"]
    print(f"\nCarpeta de {c['documentos']} documentos de Word de dos páginas ({c['paginas']} páginas), mediana de "
          f"{args.repeticiones}:")
    print(f"  {'desde la CLI (archivo sesion carpeta)':<48}{c['cli_mediana_s']:>8.2f} s")
    print(f"  {'desde el portal (botón, trabajo, avance)':<48}{c['portal_mediana_s']:>8.2f} s")
    print(f"  {'razón portal / CLI':<48}{c['razon']:>8.3f}   meta ≤ {META_CARPETA}")
    p = resultado["paginas_de_los_demas"]
    print(f"\nPáginas de otros {args.usuarios} usuarios (pausa de 0.5 a 1.5 s), meta p95 ≤ {META_PAGINAS_MS} ms:")
    print(f"  {'':<30}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'máx ms':>10}{'errores':>9}")
    print(f"  {'sin carpeta en curso':<30}{p['referencia']['n']:>6}{p['referencia']['p50']:>10}"
          f"{p['referencia']['p95']:>10}{p['referencia']['max']:>10}{p['referencia']['errores']:>9}")
    for i, d in enumerate(p["durante_carpeta"], start=1):
        print(f"  {f'mientras se arma (rep. {i})':<30}{d['n']:>6}{d['p50']:>10}{d['p95']:>10}{d['max']:>10}"
              f"{d['errores']:>9}")


def imprimir_riesgos(resultado: dict[str, Any], args: argparse.Namespace) -> None:
    r = resultado["riesgos"]
    print(f"\nPáginas de riesgos con {r['riesgos']} riesgos, {args.veces} peticiones cada una, meta p95 ≤ "
          f"{META_RIESGOS_MS} ms:")
    for ruta in ("/riesgos", "/riesgos/mapa"):
        x = r[ruta]
        print(f"  {ruta:<30}{x['p50']:>8} ms p50{x['p95']:>8} ms p95{x['max']:>8} ms máx   {x['bytes'] // 1024} KB")
    print(f"\nPython {platform.python_version()}; {os.cpu_count()} núcleos; carga media de la máquina (1 min) al "
          f"empezar {resultado['carga_maquina'][0]} y al terminar {resultado['carga_maquina'][1]}")


if __name__ == "__main__":
    main()
