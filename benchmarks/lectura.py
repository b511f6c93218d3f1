"""Input-layer benchmark: reading a padrón of N rows with ``archivo.base.tablas`` against the bare libraries.

The issue names no target for reading; this measures what the one input layer costs over the minimum a reader can
do, in the same run, so that a regression shows:

* CSV (UTF-8 and Excel's UTF-16 «Texto Unicode»): ``leer_tabla`` (decoding, separator, places, control-character
  check) against ``csv.reader`` over the already-decoded text;
* XLSX: ``leer_tabla`` (openpyxl read-only, every cell with its place, number format and fill kept) against
  openpyxl read-only ``values_only`` and against openpyxl's default mode (what the risk and PAT importers used
  before: every cell object with its styles loaded);
* the padrón import's reading and validation of every row (``personal.leer_padron`` + ``personal.validar``),
  without writing to a catalog.

Usage:
  .venv/bin/python benchmarks/lectura.py               # 20,000 rows
  .venv/bin/python benchmarks/lectura.py --filas 2000  # quick run
Writes benchmarks/resultados/lectura-<N>.json and prints the table (median of --repeticiones runs).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RAIZ_REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ_REPO))

from openpyxl import Workbook, load_workbook  # noqa: E402

from archivo import personal  # noqa: E402
from archivo.base.tablas import leer_tabla  # noqa: E402

RESULTADOS = Path(__file__).resolve().parent / "resultados"


def _filas(n: int) -> list[list[str]]:
    encabezado = [e for _, e, _, _ in personal.COLUMNAS]
    filas = [encabezado]
    for i in range(n):
        filas.append([f"SPEN-{i:05d}", "María Fernanda", "López", "Hernández", "Coordinadora de Organización Electoral",
                      "Nivel 5", "ABC"[i % 3], "DEOE", "sí" if i % 2 else "no", "2022-03-15" if i % 2 else "",
                      "Concurso Público 2017", "01/09/2017", "activo", f"persona{i}@ejemplo.org.mx"])
    return filas


def _medir(funcion: Callable[[], object], repeticiones: int) -> float:
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos)


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--filas", type=int, default=20_000)
    argumentos.add_argument("--repeticiones", type=int, default=5)
    args = argumentos.parse_args()
    filas = _filas(args.filas)
    with tempfile.TemporaryDirectory() as carpeta:
        d = Path(carpeta)
        salida = io.StringIO()
        csv.writer(salida, lineterminator="\r\n").writerows(filas)
        (d / "padron.csv").write_bytes(salida.getvalue().encode("utf-8-sig"))
        salida = io.StringIO()
        csv.writer(salida, delimiter="\t", lineterminator="\r\n").writerows(filas)
        (d / "padron16.csv").write_bytes(salida.getvalue().encode("utf-16"))
        libro = Workbook()
        hoja = libro.active
        hoja.title = "Padrón"
        for f in filas:
            hoja.append(f)
        libro.save(d / "padron.xlsx")

        def csv_base(nombre: str, codificacion: str, separador: str) -> Callable[[], object]:
            texto = (d / nombre).read_bytes().decode(codificacion)
            return lambda: list(csv.reader(io.StringIO(texto, newline=""), delimiter=separador))

        def xlsx_base(solo_lectura: bool) -> Callable[[], object]:
            def leer() -> object:
                wb = load_workbook(d / "padron.xlsx", read_only=solo_lectura, data_only=True)
                valores = list(wb.worksheets[0].iter_rows(values_only=solo_lectura))
                wb.close()
                return valores
            return leer

        def padron(nombre: str) -> Callable[[], object]:
            def importar() -> object:
                return [personal.validar(datos, f"fila {n}") for n, datos in personal.leer_padron(d / nombre)]
            return importar

        casos = [
            ("CSV UTF-8", "csv.reader (texto ya decodificado)", csv_base("padron.csv", "utf-8-sig", ","),
             lambda: leer_tabla(d / "padron.csv")),
            ("CSV UTF-16 (Texto Unicode)", "csv.reader (texto ya decodificado)",
             csv_base("padron16.csv", "utf-16", "\t"), lambda: leer_tabla(d / "padron16.csv")),
            ("XLSX", "openpyxl solo lectura, values_only", xlsx_base(True), lambda: leer_tabla(d / "padron.xlsx")),
            ("XLSX", "openpyxl modo normal (riesgos y PAT antes)", xlsx_base(False),
             lambda: leer_tabla(d / "padron.xlsx")),
            ("Padrón CSV: leer y validar", "csv.reader (texto ya decodificado)",
             csv_base("padron.csv", "utf-8-sig", ","), padron("padron.csv")),
            ("Padrón XLSX: leer y validar", "openpyxl solo lectura, values_only", xlsx_base(True),
             padron("padron.xlsx")),
        ]
        resultados = []
        print(f"{args.filas} filas × {len(filas[0])} columnas, mediana de {args.repeticiones} corridas\n")
        print(f"{'Lectura':<30} {'archivo (s)':>12} {'base (s)':>10} {'razón':>7}  base")
        for nombre, base_nombre, base, nuestro in casos:
            t_base = _medir(base, args.repeticiones)
            t_nuestro = _medir(nuestro, args.repeticiones)
            resultados.append({"lectura": nombre, "base": base_nombre, "archivo_s": round(t_nuestro, 4),
                               "base_s": round(t_base, 4), "razon": round(t_nuestro / t_base, 2)})
            print(f"{nombre:<30} {t_nuestro:>12.3f} {t_base:>10.3f} {t_nuestro / t_base:>6.2f}×  {base_nombre}")
    RESULTADOS.mkdir(exist_ok=True)
    destino = RESULTADOS / f"lectura-{args.filas}.json"
    destino.write_text(json.dumps({"filas": args.filas, "repeticiones": args.repeticiones,
                                   "python": platform.python_version(), "resultados": resultados}, indent=2,
                                  ensure_ascii=False), encoding="utf-8")
    print(f"\nResultados en {destino}")


if __name__ == "__main__":
    main()
