"""Benchmark of what issue 10 (confiabilidad) adds to everyday work, measured in one run on one archive.

  1. the folio guard (a folio is never issued if its document is already on disk): a batch issued with the guard
     against the same batch with the guard switched off (baseline), on archives with few and with many files;
  2. SQLite's quick check, run once per process before its first write, against the time of one document issued;
  3. backups: the first backup and a second one with nothing new, against a plain copy of the whole folder
     (``shutil.copytree``, the baseline an office would otherwise use), and the restore;
  4. ``archivo recuperar`` of the archive's catalog.

    .venv/bin/python benchmarks/confiabilidad.py [--documentos 400] [--relleno 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from archivo import generacion, personal, respaldo
from archivo import procedimientos as procs
from archivo.archivistica import folios
from archivo.base import catalogo as catalogo_mod
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.raiz import Raiz
from archivo.demo import TOML_DEMO

RESULTADOS = Path(__file__).resolve().parent / "resultados"


def _preparar(ruta: Path) -> Catalogo:
    raiz = iniciar_archivo(ruta, toml=TOML_DEMO)
    cat = Catalogo.abrir(raiz, usuario="benchmark")
    padron = ruta.parent / f"{ruta.name}-padron.csv"
    encabezado = ("Clave SIISPEN,Nombre(s),Primer apellido,Segundo apellido,Cargo o puesto,Nivel,Rango (A/B/C),"
                  "Adscripción,Titularidad (sí/no),Fecha de titularidad,Vía de ingreso,Fecha de ingreso,"
                  "Situación,Correo electrónico\n")
    padron.write_text(encabezado + "SPEN-0001,Ana,Ruiz,,Técnica,Nivel 3,A,DEOE,no,,Concurso,2017-09-01,activo,\n",
                      encoding="utf-8")
    personal.importar(cat, padron)
    procs.abrir(cat, "evaluacion-desempeno", "Evaluación 2024-2025")
    return cat


def _solicitudes(n: int, inicio: int = 0) -> list[generacion.Solicitud]:
    return [generacion.Solicitud({"asunto": f"Aviso {i}", "destinatario_nombre": "Lic. Ana Ruiz",
                                  "destinatario_cargo": "Técnica", "cuerpo": f"Texto del oficio {i}."})
            for i in range(inicio, inicio + n)]


def _lote(cat: Catalogo, n: int, inicio: int) -> float:
    t = time.perf_counter()
    generacion.generar_lote(cat, "oficio", _solicitudes(n, inicio), procedimiento_id=1)
    return time.perf_counter() - t


def _rellenar(carpeta: Path, n: int) -> None:
    """``n`` files named like issued documents in other expedientes (an archive of some years)."""
    for i in range(n):
        sub = carpeta / "expedientes" / "personal" / f"relleno-{i // 50:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"2020-01-01_otro-{i:06d}-2020.docx").write_bytes(b"x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documentos", type=int, default=400, help="documents per measured batch")
    parser.add_argument("--relleno", type=int, default=20000, help="extra files on disk for the «many files» case")
    args = parser.parse_args()
    n = args.documentos
    filas: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as d:
        base = Path(d)
        cat = _preparar(base / "archivo")
        _lote(cat, 20, 0)  # warm up: template compiled, carátulas built once
        original = folios.documento_en_disco
        for etiqueta, relleno in (("pocos archivos", 0), (f"{args.relleno} archivos más", args.relleno)):
            if relleno:
                _rellenar(cat.raiz.ruta, relleno)
            con = _lote(cat, n, 1000 + relleno)
            folios.documento_en_disco = lambda tx, folio: None  # the baseline: no look at the disk
            try:
                sin = _lote(cat, n, 2000 + relleno)
            finally:
                folios.documento_en_disco = original
            filas.append((f"lote de {n} con la guardia de folios ({etiqueta})", sin, con))
        # the quick check of a process's first write, against one document issued
        catalogo_mod._COMPROBADOS.clear()
        t = time.perf_counter()
        cat.comprobar(rapida=True)
        rapida = time.perf_counter() - t
        t = time.perf_counter()
        generacion.generar(cat, "oficio", procedimiento_id=1, datos=_solicitudes(1, 9000)[0].datos)
        uno = time.perf_counter() - t
        filas.append(("comprobación rápida antes de la primera escritura (contra emitir 1 documento)", uno, rapida))
        for p in list(cat.raiz.expedientes.glob("personal/relleno-*")):
            shutil.rmtree(p)
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # backups against a plain copy of the folder
        t = time.perf_counter()
        shutil.copytree(cat.raiz.ruta, base / "copia-simple")
        copia = time.perf_counter() - t
        t = time.perf_counter()
        primero = respaldo.crear(cat, base / "respaldos")
        t1 = time.perf_counter() - t
        t = time.perf_counter()
        segundo = respaldo.crear(cat, base / "respaldos")
        t2 = time.perf_counter() - t
        filas.append((f"primer respaldo ({primero.archivos} archivos) contra copiar la carpeta", copia, t1))
        filas.append((f"segundo respaldo sin cambios ({segundo.copiados} copiados) contra copiar la carpeta", copia, t2))
        t = time.perf_counter()
        respaldo.restaurar(base / "respaldos", base / "restaurado")
        filas.append(("restaurar (con verificación) contra copiar la carpeta", copia, time.perf_counter() - t))
        documentos = cat.uno("SELECT COUNT(*) FROM documentos")[0]
        cat.cerrar()
        raiz = Raiz(base / "restaurado")
        os.remove(raiz.catalogo_path)
        for sufijo in ("-wal", "-shm"):
            Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)
        t = time.perf_counter()
        informe = respaldo.recuperar(raiz)
        filas.append((f"recuperar {informe.documentos} de {documentos} documentos contra copiar la carpeta", copia,
                      time.perf_counter() - t))

    print(f"{'Medición':<96} {'Base (s)':>9} {'Nuevo (s)':>9} {'Razón':>7}")
    for nombre, base_s, nuevo_s in filas:
        print(f"{nombre:<96} {base_s:>9.3f} {nuevo_s:>9.3f} {nuevo_s / base_s:>7.2f}")
    RESULTADOS.mkdir(exist_ok=True)
    salida = {"maquina": platform.platform(), "python": platform.python_version(), "carga": os.getloadavg(),
              "documentos": n, "relleno": args.relleno,
              "filas": [{"medicion": a, "base_s": b, "nuevo_s": c, "razon": c / b} for a, b, c in filas]}
    (RESULTADOS / "confiabilidad.json").write_text(json.dumps(salida, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
