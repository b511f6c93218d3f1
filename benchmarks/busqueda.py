"""Search benchmark: this project's index (Whoosh) against SQLite FTS5 on the same documents, in the same run.

Corpus: the laws of ../shared/corpus/corpus-es split into article-level documents (``corpus_leyes``), repeated
with distinct ids, folios, dates and áreas up to ``--documentos`` (100,000 by default).

Measured:
* indexing: documents per second for the archive's index (``busqueda.Motor``: Spanish analysis, identifiers,
  positions, stored text) with the chosen writer settings, and for FTS5 (``unicode61 remove_diacritics 2``);
  plus a table of Whoosh writer tricks on a sample (procs, limitmb, multisegment, commits, analyzer path,
  optimize);
* queries: p50 / p95 latency of a fixed mix of 50 queries (rare, mid and common words, AND/OR/NOT, phrases,
  identifiers, with and without filters), each engine with a searcher opened once: Whoosh's own search, the
  project's evaluator (``busqueda.Evaluador``) and FTS5; with the fragments ``archivo buscar`` prints, and
  without them; plus the time to open a searcher (what a one-shot ``archivo buscar`` also pays);
* a single new document: time from adding it to finding it (engine level on the big index, and end to end in
  a real archive: ``documentos.emitir`` of a .docx, then ``busqueda.buscar``);
* a cProfile summary of indexing and of the slowest queries, to show where the time goes.

Usage:
  .venv/bin/python benchmarks/busqueda.py                    # 100,000 documents (several minutes)
  .venv/bin/python benchmarks/busqueda.py --documentos 20000 # quick run
Writes benchmarks/resultados/busqueda-<N>.json and prints the tables.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

RAIZ_REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ_REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_leyes  # noqa: E402

from archivo import busqueda  # noqa: E402
from archivo.base.catalogo import iniciar_archivo  # noqa: E402
from archivo.busqueda import Filtros, Motor, interpretar  # noqa: E402

RESULTADOS = Path(__file__).resolve().parent / "resultados"
# The archive's search as shipped (it chooses per query), and each of its two paths forced.
MOTORES = (("archivo", None), ("whoosh", False), ("evaluador", True))


# --- the query mix ------------------------------------------------------------------------------------------

def mezcla(n: int) -> list[dict[str, Any]]:
    """50 queries: (category, query as typed in «archivo buscar», FTS5 expression, filters)."""
    def q(categoria: str, consulta: str, fts: str, **filtros: Any) -> dict[str, Any]:
        return {"categoria": categoria, "consulta": consulta, "fts5": fts, "filtros": filtros}

    folios = []
    for i in (7, max(8, n // 2), max(9, n - 3)):
        d = next(corpus_leyes.documentos_desde(i - 1, 1))
        folios.append(d["folio"])
    salida = [
        *[q("rara", w, f'"{w}"') for w in ("cinematografía", "apicultura", "sismo", "jubilación", "migrantes",
                                           "bosques", "biodiversidad", "ferrocarril", "aeronaves", "radiodifusión")],
        *[q("media", w, f'"{w}"') for w in ("amparo", "concesión", "dictamen", "designación", "notificación",
                                            "impuesto", "vivienda", "pensión", "energía")],
        *[q("común", w, f'"{w}"') for w in ("artículo", "ley", "secretaría", "servicio", "general", "fracción",
                                            "federal", "disposiciones")],
        q("varias", "amparo notificación", '"amparo" "notificación"'),
        q("varias", "servicio profesional electoral", '"servicio" "profesional" "electoral"'),
        q("varias", "plazo días hábiles", '"plazo" "días" "hábiles"'),
        q("varias", "impuesto salario", '"impuesto" "salario"'),
        q("varias", "trabajadores vivienda pensión", '"trabajadores" "vivienda" "pensión"'),
        q("varias", "ley federal", '"ley" "federal"'),
        q("operadores", "trabajadores O patrones", '"trabajadores" OR "patrones"'),
        q("operadores", "pensión NO jubilación", '"pensión" NOT "jubilación"'),
        q("operadores", "ley NO federal", '"ley" NOT "federal"'),
        q("frase", '"días hábiles"', '"días hábiles"'),
        q("frase", '"servicio profesional"', '"servicio profesional"'),
        q("frase", '"estados unidos mexicanos"', '"estados unidos mexicanos"'),
        q("frase", '"consejo general"', '"consejo general"'),
        q("frase", '"diario oficial de la federación"', '"diario oficial de la federación"'),
        q("frase", "fracción I", '"fracción i"'),
        q("frase", '"ley federal del trabajo"', '"ley federal del trabajo"'),
        *[q("identificador", f, '"' + " ".join(f.replace("/", " ").split()) + '"') for f in folios],
        q("filtro", "impuesto", '"impuesto"', desde=date(2016, 1, 1), hasta=date(2018, 12, 31)),
        q("filtro", "ley", '"ley"', tipo="reglamento"),
        q("filtro", "trabajadores", '"trabajadores"', area="CSPE"),
        q("filtro", "amparo", '"amparo"', tipo="ley", desde=date(2020, 1, 1)),
    ]
    assert len(salida) == 50, len(salida)
    return salida


def percentil(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    if not ordenados:
        return 0.0
    k = (len(ordenados) - 1) * p / 100
    f, c = int(k), min(int(k) + 1, len(ordenados) - 1)
    return ordenados[f] + (ordenados[c] - ordenados[f]) * (k - f)


# --- Whoosh ---------------------------------------------------------------------------------------------------

def indexar_whoosh(docs: list[dict[str, Any]], carpeta: Path, **opciones: Any) -> tuple[Motor, float]:
    shutil.rmtree(carpeta, ignore_errors=True)
    motor = Motor.crear(carpeta)
    inicio = time.perf_counter()
    motor.escribir(docs, **opciones)
    return motor, time.perf_counter() - inicio


def trucos_escritura(docs: list[dict[str, Any]], base: Path) -> list[dict[str, Any]]:
    """Whoosh writer settings on a sample: documents per second of each."""
    from whoosh.fields import TEXT

    filas = []

    def medir(nombre: str, funcion: Any) -> None:
        carpeta = base / "truco"
        shutil.rmtree(carpeta, ignore_errors=True)
        inicio = time.perf_counter()
        funcion(carpeta)
        dt = time.perf_counter() - inicio
        filas.append({"ajuste": nombre, "documentos": len(docs), "segundos": round(dt, 2),
                      "docs_por_s": round(len(docs) / dt, 1)})
        shutil.rmtree(carpeta, ignore_errors=True)

    medir("procs=1, limitmb=128 (un commit)", lambda c: Motor.crear(c).escribir(docs, limitmb=128))
    medir("procs=1, limitmb=512", lambda c: Motor.crear(c).escribir(docs, limitmb=512))

    def por_lotes(c: Path) -> None:
        m = Motor.crear(c)
        for i in range(0, len(docs), 500):
            m.escribir(docs[i:i + 500])
    medir("procs=1, un commit cada 500 documentos", por_lotes)

    def analizador_lento(c: Path) -> None:
        # The same analysis through Whoosh's Token stream (the standard path) instead of analisis.posiciones.
        original = busqueda.TextoEspanol.index
        busqueda.TextoEspanol.index = TEXT.index  # type: ignore[method-assign]
        try:
            Motor.crear(c).escribir(docs, limitmb=128)
        finally:
            busqueda.TextoEspanol.index = original  # type: ignore[method-assign]
    medir("procs=1, analizador por flujo de Tokens (ruta estándar de Whoosh)", analizador_lento)
    if (os.cpu_count() or 1) > 1:
        medir("procs=2, multisegment=False (fusiona al final)",
              lambda c: Motor.crear(c).escribir(docs, procs=2, limitmb=128))
        medir("procs=2, multisegment=True", lambda c: Motor.crear(c).escribir(docs, procs=2, limitmb=128,
                                                                             multisegment=True))

        def con_optimize(c: Path) -> None:
            Motor.crear(c).escribir(docs, procs=2, limitmb=128, multisegment=True, optimizar=True)
        medir("procs=2, multisegment=True + optimize al final", con_optimize)
    return filas


def perfil(funcion: Any, n: int = 8) -> list[dict[str, Any]]:
    """The ``n`` functions with most own time, as rows (function, calls, own s, cumulative s)."""
    pr = cProfile.Profile()
    pr.enable()
    funcion()
    pr.disable()
    st = pstats.Stats(pr, stream=io.StringIO())
    filas = []
    for (archivo, linea, nombre), (_, llamadas, propio, acumulado, _) in sorted(
            st.stats.items(), key=lambda x: -x[1][2])[:n]:
        corto = archivo.split("site-packages/")[-1].split("/work/main/")[-1]
        filas.append({"funcion": f"{corto}:{linea}({nombre})", "llamadas": llamadas,
                      "propio_s": round(propio, 3), "acumulado_s": round(acumulado, 3)})
    return filas


def consultas_whoosh(motor: Motor, consultas: list[dict[str, Any]], repeticiones: int, *, propio: bool | None,
                     fragmentos: bool) -> dict[str, Any]:
    inicio = time.perf_counter()
    buscador = motor.buscador(evaluador_propio=propio)
    apertura = time.perf_counter() - inicio
    preparadas = [(c, interpretar(c["consulta"]), Filtros(**c["filtros"])) for c in consultas]
    por_consulta: dict[str, list[float]] = {c["consulta"] + repr(c["filtros"]): [] for c in consultas}
    resultados: dict[str, int] = {}
    for r in range(repeticiones + 1):
        for c, consulta, filtros in preparadas:
            t = time.perf_counter()
            hits = buscador.buscar(consulta, filtros, limite=10, con_fragmentos=fragmentos)
            dt = time.perf_counter() - t
            clave = c["consulta"] + repr(c["filtros"])
            if r:  # the first pass warms caches
                por_consulta[clave].append(dt * 1000)
            resultados[clave] = len(hits)
    buscador.cerrar()
    return _resumen(por_consulta, consultas, resultados, apertura)


def _resumen(por_consulta: dict[str, list[float]], consultas: list[dict[str, Any]], resultados: dict[str, int],
             apertura: float) -> dict[str, Any]:
    todas = [t for ts in por_consulta.values() for t in ts]
    medianas = {k: statistics.median(v) for k, v in por_consulta.items()}
    categorias: dict[str, list[float]] = {}
    for c in consultas:
        categorias.setdefault(c["categoria"], []).append(medianas[c["consulta"] + repr(c["filtros"])])
    lentas = sorted(medianas.items(), key=lambda x: -x[1])[:5]
    return {
        "p50_ms": round(percentil(todas, 50), 1), "p95_ms": round(percentil(todas, 95), 1),
        "max_ms": round(max(todas), 1), "apertura_ms": round(apertura * 1000, 1),
        "por_categoria_mediana_ms": {k: round(statistics.median(v), 1) for k, v in categorias.items()},
        "mas_lentas": [{"consulta": k, "mediana_ms": round(v, 1)} for k, v in lentas],
        "resultados_por_consulta": resultados,
    }


def trucos_consulta(motor: Motor, consultas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Whoosh query-side tricks: scoring with a limit (block-quality skipping) against scoring every match,
    and a searcher opened once against one opened per query (what a one-shot «archivo buscar» pays)."""
    from archivo.busqueda import consulta_whoosh

    filas = []
    buscador = motor.buscador(evaluador_propio=False)
    for texto in ("artículo", "ley", "secretaría", "ley federal", '"consejo general"'):
        q = consulta_whoosh(interpretar(texto))
        for limite in (10, None):
            tiempos = []
            for _ in range(3):
                t = time.perf_counter()
                buscador.searcher.search(q, limit=limite)
                tiempos.append((time.perf_counter() - t) * 1000)
            filas.append({"truco": f"«{texto}» con limit={limite}", "ms": round(min(tiempos), 1)})
    buscador.cerrar()
    muestra = [interpretar(c["consulta"]) for c in consultas[::5]]
    for nuevo in (False, True):
        b = None if nuevo else motor.buscador()
        t = time.perf_counter()
        for c in muestra:
            if nuevo:
                with motor.buscador() as b2:
                    b2.buscar(c, limite=10)
            else:
                b.buscar(c, limite=10)
        if b is not None:
            b.cerrar()
        filas.append({"truco": "buscador abierto por consulta" if nuevo else "buscador abierto una vez",
                      "ms": round((time.perf_counter() - t) * 1000 / len(muestra), 1)})
    return filas


# --- FTS5 -------------------------------------------------------------------------------------------------

def indexar_fts5(docs: list[dict[str, Any]], ruta: Path) -> tuple[sqlite3.Connection, float]:
    ruta.unlink(missing_ok=True)
    con = sqlite3.connect(ruta)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, folio TEXT, titulo TEXT, tipo TEXT, area TEXT, "
                "fecha TEXT, ruta TEXT)")
    con.execute("CREATE VIRTUAL TABLE f USING fts5(titulo, texto, tokenize = 'unicode61 remove_diacritics 2')")
    inicio = time.perf_counter()
    with con:
        for d in docs:
            con.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (d["id"], d["folio"], d["titulo"], d["tipo"], d["area"], d["fecha"], d["ruta"]))
            con.execute("INSERT INTO f (rowid, titulo, texto) VALUES (?, ?, ?)",
                        (d["id"], f"{d['titulo']}\n{d['folio']}", d["texto"]))
        con.execute("CREATE INDEX docs_tipo ON docs (tipo)")
        con.execute("CREATE INDEX docs_fecha ON docs (fecha)")
        con.execute("CREATE INDEX docs_area ON docs (area)")
    return con, time.perf_counter() - inicio


def consultas_fts5(con: sqlite3.Connection, consultas: list[dict[str, Any]], repeticiones: int,
                   fragmentos: bool) -> dict[str, Any]:
    por_consulta: dict[str, list[float]] = {c["consulta"] + repr(c["filtros"]): [] for c in consultas}
    resultados: dict[str, int] = {}
    for r in range(repeticiones + 1):
        for c in consultas:
            condiciones, params = ["f MATCH ?"], [c["fts5"]]
            filtros = c["filtros"]
            for campo in ("tipo", "area"):
                if filtros.get(campo):
                    condiciones.append(f"d.{campo} = ?")
                    params.append(filtros[campo])
            if filtros.get("desde"):
                condiciones.append("d.fecha >= ?")
                params.append(filtros["desde"].isoformat())
            if filtros.get("hasta"):
                condiciones.append("d.fecha <= ?")
                params.append(filtros["hasta"].isoformat())
            columnas = "d.id, d.folio, d.titulo, d.ruta, bm25(f, 2.0, 1.0) AS r"
            if fragmentos:
                columnas += ", snippet(f, 1, '**', '**', '…', 24)"
            sql = (f"SELECT {columnas} FROM f JOIN docs d ON d.id = f.rowid WHERE {' AND '.join(condiciones)} "
                   "ORDER BY r LIMIT 10")
            t = time.perf_counter()
            filas = con.execute(sql, params).fetchall()
            dt = time.perf_counter() - t
            clave = c["consulta"] + repr(c["filtros"])
            if r:
                por_consulta[clave].append(dt * 1000)
            resultados[clave] = len(filas)
    return _resumen(por_consulta, consultas, resultados, 0.0)


# --- one new document ---------------------------------------------------------------------------------------

def nuevo_documento_motor(motor: Motor, base: dict[str, Any], veces: int = 10) -> dict[str, Any]:
    """Add one document to the big index (its own commit) and find it by its folio with a new searcher."""
    tiempos = []
    for i in range(veces):
        doc = dict(base, id=10_000_000 + i, folio=f"IEA/DEVySPE/{900 + i:03d}/2099",
                   titulo=f"Documento nuevo {i}")
        inicio = time.perf_counter()
        motor.escribir([doc])
        with motor.buscador() as b:
            encontrados = b.buscar(interpretar(doc["folio"]), limite=1, con_fragmentos=False)
        tiempos.append(time.perf_counter() - inicio)
        assert encontrados and encontrados[0].id == doc["id"], "el documento nuevo no se encontró"
    return {"p50_ms": round(percentil([t * 1000 for t in tiempos], 50), 1),
            "max_ms": round(max(tiempos) * 1000, 1), "veces": veces}


def nuevo_documento_archivo(veces: int = 5) -> dict[str, Any]:
    """End to end in a real archive: emitir a .docx (folio, file, carátula) and find it with buscar."""
    from docx import Document

    from archivo.archivistica import documentos, expedientes
    from archivo.base.catalogo import Catalogo
    sys.path.insert(0, str(RAIZ_REPO / "tests"))
    from conftest import TOML_PRUEBA

    with tempfile.TemporaryDirectory() as d:
        raiz = iniciar_archivo(Path(d) / "archivo", toml=TOML_PRUEBA)
        emitir, indexar, buscar = [], [], []
        with Catalogo.abrir(raiz, usuario="benchmark") as cat:
            with cat.transaccion("preparar") as tx:
                exp = expedientes.asegurar(tx, "acervo", "2025", "Acervo documental 2025")
            original = busqueda.indexar_pendientes

            def medido(c: Any, **kw: Any) -> int:
                t = time.perf_counter()
                n = original(c, **kw)
                indexar.append(time.perf_counter() - t)
                return n
            busqueda.indexar_pendientes = medido  # type: ignore[assignment]
            try:
                for i in range(veces):
                    def construir(folio: str | None, i: int = i) -> bytes:
                        doc = Document()
                        doc.add_paragraph(f"Oficio No. {folio}")
                        doc.add_paragraph(f"Designación número {i} de encargados de despacho del Servicio.")
                        salida = io.BytesIO()
                        doc.save(salida)
                        return salida.getvalue()
                    t = time.perf_counter()
                    emitido = documentos.emitir(cat, tipo="oficio", asunto=f"Designación {i}", expediente=exp,
                                                construir=construir, serie="oficio", area="DEVySPE")
                    t2 = time.perf_counter()
                    r = busqueda.buscar(cat, emitido.folio, limite=1)
                    t3 = time.perf_counter()
                    assert r.resultados and r.resultados[0].id == emitido.id
                    emitir.append(t2 - t)
                    buscar.append(t3 - t2)
            finally:
                busqueda.indexar_pendientes = original  # type: ignore[assignment]
    return {"emitir_con_indexado_ms_p50": round(percentil([x * 1000 for x in emitir], 50), 1),
            "indexar_pendientes_ms_p50": round(percentil([x * 1000 for x in indexar], 50), 1),
            "buscar_ms_p50": round(percentil([x * 1000 for x in buscar], 50), 1),
            "emitido_a_encontrado_ms_max": round(max(a + b for a, b in zip(emitir, buscar, strict=True)) * 1000, 1),
            "veces": veces}


# --- main ---------------------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--documentos", type=int, default=100_000)
    ap.add_argument("--repeticiones", type=int, default=3)
    ap.add_argument("--procs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--limitmb", type=int, default=256)
    ap.add_argument("--muestra-trucos", type=int, default=5000, help="documentos para la tabla de ajustes (0: no)")
    ap.add_argument("--carpeta", type=Path, default=None, help="dónde crear los índices (por omisión, temporal)")
    args = ap.parse_args()
    if not corpus_leyes.CORPUS.is_dir():
        sys.exit(f"No está el corpus en {corpus_leyes.CORPUS}")
    carga_inicial = os.getloadavg()
    base = args.carpeta or Path(tempfile.mkdtemp(prefix="bench-busqueda-"))
    base.mkdir(parents=True, exist_ok=True)
    n = args.documentos
    print(f"Cargando {n} documentos del corpus…", flush=True)
    docs = list(corpus_leyes.documentos(n))
    caracteres = sum(len(d["texto"]) for d in docs)
    consultas = mezcla(n)
    informe: dict[str, Any] = {
        "documentos": n, "caracteres_medios": round(caracteres / n), "maquina": {
            "cpus": os.cpu_count(), "python": platform.python_version(), "plataforma": platform.platform(),
            "carga_media_al_empezar": [round(x, 2) for x in carga_inicial]},
        "ajustes": {"procs": args.procs, "limitmb": args.limitmb, "repeticiones": args.repeticiones},
    }

    if args.muestra_trucos:
        print(f"Ajustes del escritor de Whoosh sobre {args.muestra_trucos} documentos…", flush=True)
        informe["trucos_escritura"] = trucos_escritura(docs[: args.muestra_trucos], base)
        informe["perfil_indexado"] = perfil(lambda: Motor.crear(base / "perfil").escribir(docs[:2000]))
        shutil.rmtree(base / "perfil", ignore_errors=True)

    print(f"Indexando {n} documentos con Whoosh (procs={args.procs})…", flush=True)
    motor, t_whoosh = indexar_whoosh(docs, base / "whoosh", procs=args.procs, limitmb=args.limitmb,
                                     multisegment=args.procs > 1)
    print(f"Indexando {n} documentos con FTS5…", flush=True)
    con, t_fts = indexar_fts5(docs, base / "fts5.sqlite")
    informe["indexado"] = {
        "whoosh_docs_por_s": round(n / t_whoosh, 1), "whoosh_segundos": round(t_whoosh, 1),
        "fts5_docs_por_s": round(n / t_fts, 1), "fts5_segundos": round(t_fts, 1),
        "whoosh_mb": round(sum(p.stat().st_size for p in (base / "whoosh").iterdir()) / 1e6, 1),
        "fts5_mb": round((base / "fts5.sqlite").stat().st_size / 1e6, 1),
    }

    print("Consultas…", flush=True)
    motores = {}
    for nombre, propio in MOTORES:
        for frag in (False, True):
            motores[f"{nombre}{'+fragmentos' if frag else ''}"] = consultas_whoosh(
                motor, consultas, args.repeticiones, propio=propio, fragmentos=frag)
    motores["fts5"] = consultas_fts5(con, consultas, args.repeticiones, fragmentos=False)
    motores["fts5+snippet"] = consultas_fts5(con, consultas, args.repeticiones, fragmentos=True)
    informe["consultas"] = motores

    informe["trucos_consulta"] = trucos_consulta(motor, consultas)
    lentas = [c for c in consultas if c["consulta"] in {x["consulta"].split("{")[0]
                                                         for x in motores["whoosh"]["mas_lentas"][:3]}]
    buscador = motor.buscador(evaluador_propio=False)

    def correr_lentas() -> None:
        for c in lentas:
            buscador.buscar(interpretar(c["consulta"]), Filtros(**c["filtros"]), limite=10)
    informe["perfil_consultas_lentas"] = {"consultas": [c["consulta"] for c in lentas],
                                          "funciones": perfil(correr_lentas)}
    buscador.cerrar()

    print("Optimize (un solo segmento) y consultas de nuevo…", flush=True)
    t = time.perf_counter()
    motor.escribir([], optimizar=True)
    informe["optimize"] = {"segundos": round(time.perf_counter() - t, 1)}
    motor = Motor.abrir(motor.carpeta)
    for nombre, propio in MOTORES:
        r = consultas_whoosh(motor, consultas, args.repeticiones, propio=propio, fragmentos=True)
        informe["optimize"][f"{nombre}+fragmentos"] = {k: r[k] for k in ("p50_ms", "p95_ms", "max_ms")}

    print("Un documento nuevo…", flush=True)
    informe["documento_nuevo_indice_grande"] = nuevo_documento_motor(motor, docs[0])
    informe["documento_nuevo_archivo_real"] = nuevo_documento_archivo()
    informe["maquina"]["carga_media_al_terminar"] = [round(x, 2) for x in os.getloadavg()]
    con.close()
    if args.carpeta is None:
        shutil.rmtree(base, ignore_errors=True)

    RESULTADOS.mkdir(parents=True, exist_ok=True)
    salida = RESULTADOS / f"busqueda-{n}.json"
    salida.write_text(json.dumps(informe, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    imprimir(informe)
    print(f"\nResultados en {salida}")


def imprimir(r: dict[str, Any]) -> None:
    m = r["maquina"]
    print(f"\n=== Búsqueda: {r['documentos']} documentos (≈{r['caracteres_medios']} caracteres c/u), "
          f"{m['cpus']} núcleos, carga media {m['carga_media_al_empezar'][0]} → {m['carga_media_al_terminar'][0]} ===")
    ix = r["indexado"]
    print(f"Indexado: Whoosh {ix['whoosh_docs_por_s']} docs/s ({ix['whoosh_segundos']} s, {ix['whoosh_mb']} MB) | "
          f"FTS5 {ix['fts5_docs_por_s']} docs/s ({ix['fts5_segundos']} s, {ix['fts5_mb']} MB)")
    print(f"\n{'motor':<24}{'p50 ms':>9}{'p95 ms':>9}{'máx ms':>9}{'abrir ms':>10}")
    for nombre, c in r["consultas"].items():
        print(f"{nombre:<24}{c['p50_ms']:>9}{c['p95_ms']:>9}{c['max_ms']:>9}{c['apertura_ms']:>10}")
    print("\nMediana por categoría (ms):")
    categorias = list(next(iter(r["consultas"].values()))["por_categoria_mediana_ms"])
    print(f"{'motor':<24}" + "".join(f"{c:>14}" for c in categorias))
    for nombre, c in r["consultas"].items():
        print(f"{nombre:<24}" + "".join(f"{c['por_categoria_mediana_ms'][k]:>14}" for k in categorias))
    for nombre in ("archivo+fragmentos", "whoosh+fragmentos", "evaluador+fragmentos", "fts5"):
        print(f"Más lentas ({nombre}): " + "; ".join(f"{x['consulta']} {x['mediana_ms']} ms"
                                                     for x in r["consultas"][nombre]["mas_lentas"]))
    o = r["optimize"]
    print(f"\nDespués de optimize ({o['segundos']} s): " + "; ".join(
        f"{k} p50 {v['p50_ms']} / p95 {v['p95_ms']} ms" for k, v in o.items() if isinstance(v, dict)))
    d = r["documento_nuevo_indice_grande"]
    a = r["documento_nuevo_archivo_real"]
    print(f"Documento nuevo en el índice grande: agregar+encontrar p50 {d['p50_ms']} ms, máx {d['max_ms']} ms")
    print(f"En un archivo real: emitir (con indexado) p50 {a['emitir_con_indexado_ms_p50']} ms, de ello "
          f"indexar_pendientes {a['indexar_pendientes_ms_p50']} ms; buscar {a['buscar_ms_p50']} ms; "
          f"de emitir a encontrarlo, máx {a['emitido_a_encontrado_ms_max']} ms")
    if "trucos_escritura" in r:
        print("\nAjustes del escritor (muestra):")
        for f in r["trucos_escritura"]:
            print(f"  {f['ajuste']:<62}{f['docs_por_s']:>9} docs/s")
        print("Perfil del indexado (2000 documentos, tiempo propio):")
        for f in r["perfil_indexado"][:6]:
            print(f"  {f['propio_s']:>7} s  {f['llamadas']:>9} llamadas  {f['funcion']}")
    print("Ajustes de consulta (Whoosh):")
    for f in r["trucos_consulta"]:
        print(f"  {f['truco']:<62}{f['ms']:>9} ms")
    print(f"Perfil de las consultas más lentas de Whoosh ({', '.join(r['perfil_consultas_lentas']['consultas'])}):")
    for f in r["perfil_consultas_lentas"]["funciones"][:6]:
        print(f"  {f['propio_s']:>7} s  {f['llamadas']:>9} llamadas  {f['funcion']}")


if __name__ == "__main__":
    main()
