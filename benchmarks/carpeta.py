"""Benchmark: the carpeta de sesión of 20 two-page Word documents.

Measured in the same run, on the same documents:
- baseline: one ``soffice --convert-to pdf`` process per document (sequential, sharing one warmed-up private
  profile, which is the kindest setting for the baseline: a profile per process would add its creation);
- batched: ``archivo.conversion.convertir_a_pdf`` with the whole batch in one process (and in two processes,
  one per core, each with its own profile);
- the whole carpeta: ``archivo.carpeta.armar`` (conversion + cover + index + merge + stamping + bookmarks),
  with the automatic number of LibreOffice processes (``conversion.procesos_automaticos``: 2 on 2 cores).

Targets (issue 6): ≤ 0.3 s per document amortized, whole carpeta ≤ 10 s.

    .venv/bin/python benchmarks/carpeta.py [--documentos 20] [--repeticiones 3]

Prints a table and writes benchmarks/resultados/carpeta.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.shared import Pt
from pypdf import PdfReader

from archivo.word import carpeta_pdf as carpeta
from archivo.word import conversion

RESULTADOS = Path(__file__).resolve().parent / "resultados"


def documento(ruta: Path, n: int) -> Path:
    """A two-page oficio-like document: heading, paragraphs and a small table."""
    d = Document()
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(11)
    d.add_heading(f"Informe {n} de la Secretaría Técnica", level=1)
    d.add_paragraph(f"Folio IEP/DEVySPE/INF-{n:03d}/2025 · Ciudad Prueba, a 27 de marzo de 2025.")
    for i in range(9):
        d.add_paragraph(
            f"Párrafo {i + 1}. En cumplimiento de lo previsto en el Estatuto del Servicio Profesional Electoral "
            "Nacional y del Personal de la Rama Administrativa, la Dirección Ejecutiva informa a la Comisión de "
            "Seguimiento del Servicio sobre el avance de las actividades del Programa Anual de Trabajo, así como "
            "del seguimiento de los compromisos y acuerdos adoptados en sesiones anteriores."
        )
    tabla = d.add_table(rows=1, cols=3)
    tabla.style = "Table Grid"
    for celda, texto in zip(tabla.rows[0].cells, ["Actividad", "Área", "Avance"], strict=True):
        celda.text = texto
    for i in range(8):
        fila = tabla.add_row().cells
        fila[0].text, fila[1].text, fila[2].text = f"Actividad {i + 1}", "CSPE", f"{(i + 1) * 10} %"
    d.save(ruta)
    return ruta


def base_por_documento(soffice: str, docs: list[Path], salida: Path, perfil: Path) -> float:
    salida.mkdir(parents=True, exist_ok=True)
    inicio = time.perf_counter()
    for doc in docs:
        subprocess.run([soffice, f"-env:UserInstallation={perfil.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(salida), str(doc)], check=True, capture_output=True, timeout=120)
    segundos = time.perf_counter() - inicio
    faltan = [d.name for d in docs if not (salida / f"{d.stem}.pdf").is_file()]
    if faltan:
        raise SystemExit(f"La línea base no convirtió: {', '.join(faltan)}")
    return segundos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documentos", type=int, default=20)
    parser.add_argument("--repeticiones", type=int, default=3)
    args = parser.parse_args()
    carga_inicial = os.getloadavg()[0]  # other work on the machine skews LibreOffice timings a lot
    soffice = conversion.localizar_soffice()
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()

    with tempfile.TemporaryDirectory(prefix="bench-carpeta-") as tmp:
        base = Path(tmp)
        docs = [documento(base / f"informe-{i:02d}.docx", i) for i in range(1, args.documentos + 1)]
        perfil = base / "perfil-base"
        base_por_documento(soffice, docs[:1], base / "calentar", perfil)  # create the baseline's profile once

        # Check the documents really are two pages long.
        muestra = conversion.convertir_a_pdf(docs, base / "muestra")
        paginas = [len(PdfReader(p).pages) for p in muestra]

        medidas: dict[str, list[float]] = {"base": [], "lote_1": [], "lote_2": [], "carpeta": [],
                                           "carpeta_conversion": []}
        puntos = [carpeta.PuntoCarpeta(str(i + 1), f"Punto {i + 1} del orden del día",
                                       [carpeta.DocumentoCarpeta(f"Documento {2 * i + j + 1}", docs[2 * i + j])
                                        for j in range(2) if 2 * i + j < len(docs)])
                  for i in range((len(docs) + 1) // 2)]
        portada = carpeta.Portada("Instituto Electoral de Prueba", "Comisión de Seguimiento del Servicio",
                                  "Primera sesión ordinaria de 2025", "jueves 27 de marzo de 2025")
        paginas_carpeta = 0
        for r in range(args.repeticiones):
            print(f"Repetición {r + 1} de {args.repeticiones}…", file=sys.stderr)
            medidas["base"].append(base_por_documento(soffice, docs, base / f"base-{r}", perfil))
            for procesos in (1, 2):
                inicio = time.perf_counter()
                conversion.convertir_a_pdf(docs, base / f"lote{procesos}-{r}", procesos=procesos)
                medidas[f"lote_{procesos}"].append(time.perf_counter() - inicio)
            inicio = time.perf_counter()
            resultado = carpeta.armar(puntos, portada)  # procesos automáticos
            medidas["carpeta"].append(time.perf_counter() - inicio)
            medidas["carpeta_conversion"].append(resultado.segundos_conversion)
            paginas_carpeta = resultado.paginas

    n = len(docs)
    procesos_auto = conversion.procesos_automaticos(n)
    mediana = {k: statistics.median(v) for k, v in medidas.items()}
    filas = [
        ("Línea base: un soffice por documento", mediana["base"], mediana["base"] / n),
        ("Lote en un proceso (convertir_a_pdf)", mediana["lote_1"], mediana["lote_1"] / n),
        ("Lote en dos procesos (procesos=2)", mediana["lote_2"], mediana["lote_2"] / n),
        (f"Carpeta completa (carpeta.armar, {procesos_auto} proceso(s))", mediana["carpeta"], mediana["carpeta"] / n),
        ("  de ella, conversión", mediana["carpeta_conversion"], mediana["carpeta_conversion"] / n),
        ("  de ella, portada, índice, unión y sellos", mediana["carpeta"] - mediana["carpeta_conversion"],
         (mediana["carpeta"] - mediana["carpeta_conversion"]) / n),
    ]
    print(f"\n{n} documentos de Word ({sum(paginas)} páginas: {min(paginas)}–{max(paginas)} por documento); "
          f"carpeta de {paginas_carpeta} páginas; mediana de {args.repeticiones} repeticiones")
    carga = (carga_inicial, os.getloadavg()[0])
    print(f"{version}; {os.cpu_count()} núcleos; Python {platform.python_version()}; carga media de la máquina "
          f"(1 min) al empezar {carga[0]:.2f} y al terminar {carga[1]:.2f}\n")
    print(f"{'Medición':<52} {'total (s)':>10} {'por documento (s)':>18}")
    for nombre, total, por_doc in filas:
        print(f"{nombre:<52} {total:>10.2f} {por_doc:>18.3f}")
    print(f"\nAceleración del lote frente a la línea base: {mediana['base'] / mediana['lote_1']:.1f}×")
    print(f"Meta ≤ 0.3 s por documento: {'cumplida' if mediana['carpeta'] / n <= 0.3 else 'NO cumplida'}; "
          f"meta carpeta ≤ 10 s: {'cumplida' if mediana['carpeta'] <= 10 else 'NO cumplida'}")

    RESULTADOS.mkdir(exist_ok=True)
    datos = {"documentos": n, "paginas_por_documento": paginas, "paginas_carpeta": paginas_carpeta,
             "repeticiones": args.repeticiones, "procesos_carpeta": procesos_auto, "libreoffice": version, "nucleos": os.cpu_count(),
             "python": platform.python_version(), "plataforma": platform.platform(), "carga_media_1min": carga,
             "mediciones_s": medidas, "mediana_s": mediana,
             "por_documento_s": {k: v / n for k, v in mediana.items()}}
    (RESULTADOS / "carpeta.json").write_text(json.dumps(datos, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nResultados en {RESULTADOS / 'carpeta.json'}")


if __name__ == "__main__":
    main()
