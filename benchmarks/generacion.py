"""Benchmark of document generation (issue «Generación de documentos»).

Measures, in the same run and on the same template and contexts:
  1. baseline: plain docxtpl per document (DocxTemplate(path), render, save);
  2. this project's compiled renderer: render + atomic write (tmp file, fsync, rename) per document;
  3. the whole batch through `generacion.generar_lote` (folios, catalog, filing, data JSON, carátulas and
     índices), with the search index measured separately afterwards.
Also checks that the output text is identical to plain docxtpl's for the same template and context.

    .venv/bin/python benchmarks/generacion.py [--documentos 1000] [--base 100]
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from docxtpl import DocxTemplate

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.fsutil import atomic_write_bytes
from archivo.demo import TOML_DEMO
from archivo.demo.personal import personas_demo
from archivo.plantillas import compilacion
from archivo.plantillas.conjunto import cargar, entorno_jinja

RESULTADOS = Path(__file__).resolve().parent / "resultados"
PARRAFO = ("Con fundamento en lo dispuesto por el Estatuto del Servicio Profesional Electoral Nacional y del Personal "
           "de la Rama Administrativa, y en los Lineamientos aplicables, me permito comunicarle lo siguiente respecto "
           "del procedimiento en curso, para los efectos legales y administrativos a que haya lugar, así como para "
           "que se sirva tomar las previsiones necesarias en el ámbito de su competencia. ")


def _texto(datos: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(datos))
    partes = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for f in t.rows:
            partes.extend(c.text for c in f.cells)
    for s in doc.sections:
        partes.extend(p.text for p in s.header.paragraphs + s.footer.paragraphs)
    return "\n".join(partes)


def _paginas_estimadas(datos: bytes) -> int:
    """Rough page count of the oficio (for the report): about 3,000 characters per letter page."""
    return max(1, round(len(_texto(datos)) / 3000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documentos", type=int, default=1000)
    parser.add_argument("--base", type=int, default=100, help="documents for the plain docxtpl baseline")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        raiz = iniciar_archivo(Path(tmp) / "archivo", toml=TOML_DEMO)
        cat = Catalogo.abrir(raiz, usuario="benchmark")
        padron = Path(tmp) / "padron.xlsx"
        personal.escribir_formato(padron, personas_demo())
        personal.importar(cat, padron)
        proc = procs.abrir(cat, "evaluacion-desempeno", "Evaluación del desempeño 2024-2025")
        plantilla = cargar(raiz, "oficio")
        pc = generacion.compilada(raiz, plantilla)
        claves = [p.clave for p in personal.lista(cat, situacion="activo")]
        datos_base = generacion.datos_de_ejemplo(plantilla.esquema)
        datos_base["cuerpo"] = [PARRAFO * 3] * 5  # a two-page oficio

        padron_ctx = generacion._Padron(cat)
        solicitudes = [generacion.Solicitud(dict(datos_base, asunto=f"Oficio de prueba {i}"), [claves[i % len(claves)]],
                                            f"fila {i + 2}") for i in range(args.documentos)]
        encargos = []
        for s in solicitudes[: max(args.base, 50)]:
            e, probs = generacion._preparar(cat, plantilla, s, padron_ctx, procedimiento_id=proc.id, fecha=None,
                                            area=None, firmante=None, paso=None, sustituye=None)
            assert not probs, probs
            encargos.append(e)
        contextos = [e.contexto(cat, padron_ctx, f"IEA/DEVySPE/{i + 1:03d}/2025") for i, e in enumerate(encargos)]

        # 1. baseline: plain docxtpl, one DocxTemplate per document, as its documentation shows, on the same
        #    template the archive renders (the oficio with the membrete applied)
        salida_base = Path(tmp) / "base"
        salida_base.mkdir()
        con_membrete = Path(tmp) / "oficio-con-membrete.docx"
        con_membrete.write_bytes(compilacion.fuente(raiz, plantilla))
        tiempos_base = []
        cpu = time.process_time()
        for i in range(args.base):
            inicio = time.perf_counter()
            tpl = DocxTemplate(con_membrete)
            tpl.render(contextos[i], entorno_jinja(tuple(raiz.config.dias_inhabiles)), autoescape=True)
            tpl.save(salida_base / f"{i}.docx")
            tiempos_base.append(time.perf_counter() - inicio)
        base = statistics.mean(tiempos_base)
        base_cpu = (time.process_time() - cpu) / args.base

        # identical text for the same template and context
        identicos = all(_texto((salida_base / f"{i}.docx").read_bytes()) == _texto(pc.render(contextos[i]))
                        for i in range(min(20, args.base)))

        # 2. compiled render + atomic write, same contexts
        salida_rapida = Path(tmp) / "rapido"
        salida_rapida.mkdir()
        inicio, cpu = time.perf_counter(), time.process_time()
        for i in range(args.documentos):
            atomic_write_bytes(salida_rapida / f"{i}.docx", pc.render(contextos[i % len(contextos)]))
        rapido = (time.perf_counter() - inicio) / args.documentos
        rapido_cpu = (time.process_time() - cpu) / args.documentos
        paginas = _paginas_estimadas((salida_rapida / "0.docx").read_bytes())

        # 3. the whole batch with catalog and filing; search indexing measured separately
        from archivo import busqueda

        indexar = busqueda.indexar_pendientes
        busqueda.indexar_pendientes = lambda _cat: 0  # noqa: E731 - measured below, on its own
        try:
            inicio, cpu = time.perf_counter(), time.process_time()
            resultado = generacion.generar_lote(cat, "oficio", solicitudes, procedimiento_id=proc.id, repetir=True)
            lote = (time.perf_counter() - inicio) / args.documentos
            lote_cpu = (time.process_time() - cpu) / args.documentos
        finally:
            busqueda.indexar_pendientes = indexar
        assert len(resultado.emitidos) == args.documentos
        inicio = time.perf_counter()
        indexados = busqueda.indexar_pendientes(cat)
        indice = (time.perf_counter() - inicio) / max(indexados, 1)
        cat.cerrar()

    resultado_json = {
        "maquina": {"procesador": platform.processor() or platform.machine(), "python": platform.python_version(),
                    "nucleos": __import__("os").cpu_count()},
        "documentos": args.documentos, "paginas_por_oficio_estimadas": paginas,
        "base_docxtpl_ms": base * 1000, "compilado_render_y_escritura_ms": rapido * 1000,
        "aceleracion": base / rapido, "lote_completo_ms": lote * 1000, "indexado_por_documento_ms": indice * 1000,
        "texto_identico_a_docxtpl": identicos,
        # CPU time of this process: what other work on the machine (disk, other processes) changes least
        "cpu_ms": {"base": base_cpu * 1000, "compilado": rapido_cpu * 1000, "lote": lote_cpu * 1000},
        "carga_del_equipo": __import__("os").getloadavg()[0],
    }
    RESULTADOS.mkdir(exist_ok=True)
    (RESULTADOS / "generacion.json").write_text(json.dumps(resultado_json, indent=2, ensure_ascii=False))
    print(f"Oficio de ~{paginas} página(s); {args.documentos} documentos; línea base con {args.base}.")
    print(f"{'Medición':<58}{'ms/doc':>10}{'vs base':>10}{'CPU ms':>10}")
    print(f"{'docxtpl simple (DocxTemplate, render, save)':<58}{base * 1000:>10.2f}{1:>10.1f}x{base_cpu * 1000:>9.2f}")
    print(f"{'plantilla compilada: render + escritura atómica':<58}{rapido * 1000:>10.2f}{base / rapido:>10.1f}x"
          f"{rapido_cpu * 1000:>9.2f}")
    print(f"{'lote completo: folio, catálogo, archivo, carátulas':<58}{lote * 1000:>10.2f}{base / lote:>10.1f}x"
          f"{lote_cpu * 1000:>9.2f}")
    print(f"{'índice de búsqueda (aparte, por documento)':<58}{indice * 1000:>10.2f}")
    print(f"Texto idéntico al de docxtpl: {'sí' if identicos else 'NO'}; carga del equipo "
          f"{resultado_json['carga_del_equipo']:.1f}")


if __name__ == "__main__":
    main()
