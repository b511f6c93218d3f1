"""Fidelity of the compiled renderer against plain docxtpl, on docxtpl's own test templates.

The 37 render cases of docxtpl's test suite (``tests/casos_docxtpl.py``: 35 templates of
``../shared/corpus/docxtpl-templates/`` with the contexts of their scripts, ``multi_rendering`` three times) are
rendered by plain docxtpl and by ``PlantillaCompilada``; a case is identical when every part of the package is
byte-identical. Every package is also checked for relationships that do not resolve. Prints a table and writes
``benchmarks/resultados/fidelidad_docxtpl.json``.

    .venv/bin/python benchmarks/fidelidad_docxtpl.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archivo.word.paquete import relaciones_sin_resolver  # noqa: E402
from tests import casos_docxtpl  # noqa: E402

RESULTADOS = REPO / "benchmarks" / "resultados"


def main() -> None:
    corpus = REPO.parent / "shared" / "corpus"
    if not (corpus / casos_docxtpl.CARPETA).is_dir():
        raise SystemExit(f"Falta el corpus de docxtpl en {corpus / casos_docxtpl.CARPETA}.")
    filas = []
    with tempfile.TemporaryDirectory() as tmp:
        recursos = casos_docxtpl.recursos(corpus, Path(tmp))
        for caso in casos_docxtpl.CASOS:
            planos = casos_docxtpl.render_docxtpl(caso, corpus, recursos)
            rapidos = casos_docxtpl.render_compilado(caso, corpus, recursos)
            for i, (plano, rapido) in enumerate(zip(planos, rapidos, strict=True), start=1):
                nombre = caso.nombre if len(planos) == 1 else f"{caso.nombre} ({i})"
                filas.append({"caso": nombre, "plantilla": caso.plantilla,
                              "identico": casos_docxtpl.partes(plano) == casos_docxtpl.partes(rapido),
                              "relaciones_rotas_docxtpl": len(relaciones_sin_resolver(plano)),
                              "relaciones_rotas_compilado": len(relaciones_sin_resolver(rapido))})
    identicos = sum(f["identico"] for f in filas)
    print(f"{'Caso':<40}{'idéntico':>10}{'rotas (docxtpl / compilado)':>30}")
    for f in filas:
        rotas = f"{f['relaciones_rotas_docxtpl']} / {f['relaciones_rotas_compilado']}"
        print(f"{f['caso']:<40}{'sí' if f['identico'] else 'NO':>10}{rotas:>30}")
    print(f"Idénticos a docxtpl: {identicos} de {len(filas)}; paquetes con relaciones rotas del compilado: "
          f"{sum(1 for f in filas if f['relaciones_rotas_compilado'])}")
    RESULTADOS.mkdir(exist_ok=True)
    (RESULTADOS / "fidelidad_docxtpl.json").write_text(
        json.dumps({"identicos": identicos, "casos": len(filas), "detalle": filas}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
