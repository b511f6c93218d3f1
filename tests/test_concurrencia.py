"""The library under the portal's threads: several requests at once must not corrupt shared state."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.render import PlantillaCompilada
from tests.test_render import CONTEXTO
from tests.utilidades import docx_prueba, texto_docx


def test_una_plantilla_compilada_se_llena_desde_varios_hilos_a_la_vez() -> None:
    """The compiled renderer reuses one lxml tree: without its lock two threads rendering the same template
    mixed their documents (or crashed the process inside lxml, as the portal's benchmark found)."""
    pc = PlantillaCompilada(docx_prueba(), entorno_jinja())

    def llenar(i: int) -> tuple[int, str]:
        return i, texto_docx(pc.render(dict(CONTEXTO, asunto=f"Asunto número {i}", folio=f"X/{i:03d}/2025")))

    with ThreadPoolExecutor(8) as grupo:
        resultados = list(grupo.map(llenar, range(200)))
    for i, texto in resultados:
        assert f"Asunto número {i}" in texto and f"X/{i:03d}/2025" in texto
        otros = [j for j in (i - 1, i + 1) if 0 <= j < 200]
        assert all(f"Asunto número {j}\n" not in texto for j in otros)
