"""Start-up benchmark: how long a user waits for `archivo --help` and for a search, against the interpreter itself.

Baseline, measured in the same run with the same interpreter: `python -c pass`. On the demo archive (`archivo demo`
into a temporary folder, built once), each command runs as a user runs it (the `archivo` script of this
interpreter's environment, a new process each time, with its .pyc as users have them), ``--repeticiones`` times (≥ 10);
the median wall-clock time is reported with its ratio to the baseline's median, and so is the median CPU time (user +
system), which other work on a shared machine disturbs less. Targets (issue 9): `archivo --help` ≤ 0.25 s and ≤ 8× the baseline;
`archivo buscar designacion` ≤ 0.5 s (≈ 1.2 s before commands were loaded on use).

With ``--importes`` it also prints, for each command, the modules that take longest to import
(`python -X importtime`), which is how a missed target is explained.

Usage:
  .venv/bin/python benchmarks/arranque.py                    # 15 runs each
  .venv/bin/python benchmarks/arranque.py --repeticiones 30 --importes
Writes benchmarks/resultados/arranque.json and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTADOS = Path(__file__).resolve().parent / "resultados"
METAS = {"archivo --help": (0.25, 8.0), "archivo buscar designacion": (0.5, None)}


def programa() -> list[str]:
    """How a user runs archivo with this interpreter: the environment's `archivo` script."""
    script = Path(sys.executable).with_name("archivo")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "archivo"]


def _cpu_hijos() -> float:
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


def medir(args: list[str], repeticiones: int, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system of the process) of each run. On a shared machine the CPU time is
    the steadier figure: the wall clock also counts the time other processes hold the cores."""
    tiempos, cpu = [], []
    subprocess.run(args, capture_output=True, env=env, check=False)  # warm the file cache once, write .pyc
    for _ in range(repeticiones):
        cpu_antes = _cpu_hijos()
        inicio = time.perf_counter()
        r = subprocess.run(args, capture_output=True, env=env, check=False)
        tiempos.append(time.perf_counter() - inicio)
        cpu.append(_cpu_hijos() - cpu_antes)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(args)} terminó con {r.returncode}:\n{r.stderr.decode()}")
    return tiempos, cpu


def importes(args: list[str], env: dict[str, str], cuantos: int = 12) -> list[tuple[float, str]]:
    """The slowest top-level imports (cumulative ms) of ``args`` run under ``python -X importtime -m archivo``."""
    comando = [sys.executable, "-X", "importtime", "-m", "archivo", *args[len(programa()):]]
    r = subprocess.run(comando, capture_output=True, text=True, env=env, check=False)
    filas = []
    for linea in r.stderr.splitlines():
        partes = linea.split("|")
        if not linea.startswith("import time:") or len(partes) != 3 or not partes[1].strip().isdigit():
            continue
        nombre = partes[2]
        if nombre.startswith("  "):  # nested: counted in its parent's cumulative time
            continue
        filas.append((int(partes[1]) / 1000, nombre.strip()))
    return sorted(filas, reverse=True)[:cuantos]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeticiones", type=int, default=15)
    parser.add_argument("--importes", action="store_true", help="mostrar las importaciones más lentas")
    parser.add_argument("--demo", type=Path, help="un archivo de demostración ya construido (si no, se construye)")
    opciones = parser.parse_args()
    if opciones.repeticiones < 10:
        raise SystemExit("Use al menos 10 repeticiones.")
    env = {**os.environ, "ARCHIVO_USUARIO": "benchmark"}
    env.pop("ARCHIVO_RAIZ", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run it: with compiled .pyc (written by the warm-up run)
    archivo = programa()
    temporal = None
    if opciones.demo:
        demo = opciones.demo.resolve()
    else:
        temporal = Path(tempfile.mkdtemp(prefix="arranque-"))
        demo = temporal / "demo"
        print(f"Construyendo el archivo de demostración en {demo} …", flush=True)
        subprocess.run([*archivo, "demo", str(demo)], capture_output=True, env=env, check=True)
    try:
        casos = {
            "python -c pass (base)": [sys.executable, "-c", "pass"],
            "archivo --version": [*archivo, "--version"],
            "archivo --help": [*archivo, "--help"],
            "archivo buscar designacion": [*archivo, "--raiz", str(demo), "buscar", "designacion"],
            "archivo configuracion revisar": [*archivo, "--raiz", str(demo), "configuracion", "revisar"],
        }
        carga_inicio = os.getloadavg()
        medidas = {nombre: medir(args, opciones.repeticiones, env) for nombre, args in casos.items()}
        base = statistics.median(medidas["python -c pass (base)"][0])
        base_cpu = statistics.median(medidas["python -c pass (base)"][1])
        filas = []
        for nombre, (tiempos, cpu) in medidas.items():
            mediana, mediana_cpu = statistics.median(tiempos), statistics.median(cpu)
            meta = METAS.get(nombre)
            cumple = None
            if meta:
                segundos, veces = meta
                cumple = mediana <= segundos and (veces is None or mediana / base <= veces)
            filas.append({"medicion": nombre, "mediana_s": round(mediana, 4), "min_s": round(min(tiempos), 4),
                          "max_s": round(max(tiempos), 4), "veces_base": round(mediana / base, 2),
                          "cpu_mediana_s": round(mediana_cpu, 4), "cpu_veces_base": round(mediana_cpu / base_cpu, 2),
                          "meta": (f"≤ {meta[0]} s" + (f" y ≤ {meta[1]:g}× la base" if meta[1] else "")) if meta
                          else "", "cumple": cumple})
        print(f"\n{'Medición':<32} {'mediana':>9} {'mín':>8} {'máx':>8} {'× base':>7} {'CPU':>8} {'× base':>7}  meta")
        for f in filas:
            marca = "" if f["cumple"] is None else ("  cumplida" if f["cumple"] else "  NO CUMPLIDA")
            print(f"{f['medicion']:<32} {f['mediana_s']:>8.3f}s {f['min_s']:>7.3f}s {f['max_s']:>7.3f}s "
                  f"{f['veces_base']:>6.2f}× {f['cpu_mediana_s']:>7.3f}s {f['cpu_veces_base']:>6.2f}×  "
                  f"{f['meta']}{marca}")
        lentas = {}
        if opciones.importes:
            for nombre in ("archivo --help", "archivo buscar designacion"):
                lentas[nombre] = importes(casos[nombre], env)
                print(f"\nImportaciones más lentas de «{nombre}» (ms acumulados):")
                for ms, modulo in lentas[nombre]:
                    print(f"  {ms:8.1f}  {modulo}")
        RESULTADOS.mkdir(exist_ok=True)
        salida = RESULTADOS / "arranque.json"
        salida.write_text(json.dumps({
            "repeticiones": opciones.repeticiones, "python": platform.python_version(),
            "carga_inicio": carga_inicio, "carga_fin": os.getloadavg(), "nucleos": os.cpu_count(), "filas": filas,
            "importaciones_lentas": lentas,
        }, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nCarga del equipo: {' '.join(f'{x:.2f}' for x in os.getloadavg())}. Resultados: {salida}")
    finally:
        if temporal is not None:
            shutil.rmtree(temporal, ignore_errors=True)


if __name__ == "__main__":
    main()
