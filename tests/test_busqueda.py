"""Search: the query language, filters, fragments, similar documents, and the index kept in step with the catalog."""

from __future__ import annotations

import io
import json
import logging
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from archivo import busqueda, personal
from archivo.archivistica import documentos, expedientes
from archivo.base.errors import EntradaInvalida
from archivo.busqueda import Filtros, IndiceArchivo, Motor, interpretar

# --- helpers ---------------------------------------------------------------------------------------------


def construir_docx(parrafos: list[str], *, encabezado: str = "Instituto Electoral de Prueba",
                   tabla: list[list[str]] | None = None):
    def construir(folio: str | None) -> bytes:
        doc = Document()
        doc.sections[0].header.paragraphs[0].add_run(encabezado)
        doc.add_paragraph(f"Oficio No. {folio}")
        for p in parrafos:
            doc.add_paragraph(p)
        if tabla:
            t = doc.add_table(rows=len(tabla), cols=len(tabla[0]))
            for i, fila in enumerate(tabla):
                for j, celda in enumerate(fila):
                    t.cell(i, j).text = celda
        salida = io.BytesIO()
        doc.save(salida)
        return salida.getvalue()
    return construir


def emitir(cat, asunto: str, parrafos: list[str], *, personas=(), tipo="oficio", serie="oficio",
           fecha: date | None = None, area="DEVySPE", **kw) -> documentos.Documento:
    with cat.transaccion("emitir") as tx:
        exp = expedientes.asegurar(tx, "acervo", "2024", "Acervo documental 2024")
        return documentos.emitir_en(tx, tipo=tipo, asunto=asunto, expediente=exp, construir=construir_docx(parrafos, **kw),
                                    serie=serie, area=area, fecha=fecha or date(2024, 6, 17), personas=personas)


def alta_persona(cat, clave="SPEN-0101", nombre="María Fernanda", ap1="López", ap2="Hernández"):
    return personal.alta(cat, {"clave": clave, "nombre": nombre, "primer_apellido": ap1, "segundo_apellido": ap2,
                               "cargo": "Coordinadora de Organización Electoral", "adscripcion": "DEOE"})


# --- the query language ------------------------------------------------------------------------------------

def test_operadores_en_espanol_e_ingles():
    from archivo.busqueda import No, O, Palabra, Y

    assert interpretar("designación Y consejo").arbol == interpretar("designación AND consejo").arbol \
        == interpretar("designación consejo").arbol
    assert isinstance(interpretar("designación O consejo").arbol, O)
    assert interpretar("designación OR consejo").arbol == interpretar("designación O consejo").arbol
    arbol = interpretar("designación NO cancelado").arbol
    assert isinstance(arbol, Y) and isinstance(arbol.hijos[1], No)
    assert interpretar("designación NOT cancelado").arbol == arbol
    # Y binds tighter than O; parentheses group.
    arbol = interpretar("a1 Y b1 O c1").arbol
    assert isinstance(arbol, O) and isinstance(arbol.hijos[0], Y)
    arbol = interpretar("a1 Y (b1 O c1)").arbol
    assert isinstance(arbol, Y) and isinstance(arbol.hijos[1], O)
    # Lower-case y/o/no are words (common ones), not operators.
    c = interpretar("dictamen y acuerdo")
    assert c.arbol == Y((Palabra("dictam", "dictamen"), Palabra("acuerd", "acuerdo"))) and c.ignoradas == ["y"]


@pytest.mark.parametrize("comillas", ['"{}"', "«{}»", "“{}”"])
def test_frases_con_cualquier_comilla(comillas):
    from archivo.busqueda import Frase

    assert interpretar(comillas.format("Consejo General")).arbol == Frase(("consej", "general"), "Consejo General")


@pytest.mark.parametrize(("consulta", "mensaje"), [
    ('"ley general', "comillas sin cerrar"),
    ('acuerdo «consejo', "comillas sin cerrar"),
    ("ley Y", "no tiene qué unir a su derecha"),
    ("Y ley", "no tiene qué unir a su izquierda"),
    ("O ley", "no tiene qué unir a su izquierda"),
    ("ley O O reglamento", "no tiene qué unir a su derecha"),
    ("ley AND", "no tiene qué unir a su derecha"),
    ("ley NO", "no dice qué excluir"),
    ("(ley", "no se cierra"),
    ("ley)", "cierra sin otro que abra"),
    ("()", "vacíos"),
    ('""', "no contienen ninguna palabra"),
    ("de la que", "demasiado comunes"),
    ("Y", "no tiene qué unir"),
    ("— … ¡!", "ninguna palabra"),
])
def test_consultas_mal_formadas_dan_un_mensaje_en_espanol(consulta, mensaje, cli):
    with pytest.raises(EntradaInvalida) as e:
        interpretar(consulta)
    assert mensaje in str(e.value)
    r = cli("buscar", consulta)
    assert r.codigo == 1
    assert "Error:" in r.errores and mensaje in r.errores
    assert "Traceback" not in r.todo


def test_consulta_solo_con_exclusiones(cli, cat):
    emitir(cat, "Designación", ["Designación de encargados."])
    r = cli("buscar", "NO cancelado")
    assert r.codigo == 1 and "solo dice qué excluir" in r.errores
    r = cli("buscar", "NO cancelado", "--tipo", "oficio", "--formato", "json")
    assert r.codigo == 0 and len(json.loads(r.salida)) == 1


def test_numerales_se_leen_como_frase():
    from archivo.busqueda import Frase

    assert interpretar("fracción I").arbol == Frase(("fraccion", "i"), "fracción I")
    assert interpretar("artículo 41").arbol == Frase(("articul", "41"), "artículo 41")
    assert interpretar("inciso a").arbol == Frase(("incis", "a"), "inciso a")


# --- engine: filters, fragments, similar ---------------------------------------------------------------------

DOCS = [
    {"id": 1, "titulo": "Acuerdo de designación", "tipo": "acuerdo-consejo", "area": "DEVySPE", "fecha": "2014-06-17",
     "estado": "importado", "origen": "importado", "numero": "IEA-CG-24/2014", "personas": [],
     "texto": "Se aprueba la designación de la titular de la Dirección Ejecutiva. Las resoluciones previas "
              "se confirman."},
    {"id": 2, "titulo": "Dictamen de incentivos", "tipo": "dictamen", "area": "CSPE", "fecha": "2023-08-24",
     "estado": "emitido", "origen": "generado", "folio": "IEA/CSPE/DICT-001/2023", "personas": ["SPEN-0101"],
     "nombres": ["María Fernanda López Hernández"],
     "texto": "Los dictámenes de otorgamiento de incentivos por la evaluación del desempeño. Incentivos anuales."},
    {"id": 3, "titulo": "Oficio de notificación", "tipo": "oficio", "area": "DEVySPE", "fecha": "2024-06-17",
     "estado": "cancelado", "origen": "generado", "folio": "IEA/DEVySPE/045/2024", "personas": [],
     "texto": "Se notifica a María Fernanda López Hernández el resultado de su evaluación del desempeño."},
    {"id": 4, "titulo": "Programa de incentivos", "tipo": "informe", "area": "CSPE", "fecha": "2025-01-10",
     "estado": "emitido", "origen": "generado", "folio": "IEA/CSPE/INF-001/2025", "personas": [],
     "texto": "Informe sobre los incentivos otorgados y los dictámenes aprobados por la Comisión."},
]


@pytest.fixture
def motor(tmp_path: Path) -> Motor:
    m = Motor.crear(tmp_path / "indice")
    m.escribir(DOCS)
    return m


def _ids(motor: Motor, consulta: str, **filtros) -> list[int]:
    with motor.buscador() as b:
        return [r.id for r in b.buscar(interpretar(consulta), Filtros(**filtros), limite=20)]


@pytest.mark.parametrize(("filtros", "esperados"), [
    ({"tipo": "dictamen"}, [2]),
    ({"tipo": "DICTAMEN"}, [2]),
    ({"area": "cspe"}, [2, 4]),
    ({"estado": "cancelado"}, [3]),
    ({"origen": "importado"}, [1]),
    ({"desde": date(2023, 1, 1)}, [2, 3, 4]),
    ({"hasta": date(2023, 8, 24)}, [1, 2]),
    ({"desde": date(2023, 8, 25), "hasta": date(2024, 12, 31)}, [3]),
    ({"desde": date(2024, 6, 17), "hasta": date(2024, 6, 17)}, [3]),
    ({"persona": "SPEN-0101"}, [2]),
    ({"persona": "SPEN-0101", "persona_nombres": ["María Fernanda López Hernández"]}, [2, 3]),
    ({"tipo": "informe", "area": "CSPE", "desde": date(2025, 1, 1)}, [4]),
])
def test_filtros(motor, filtros, esperados):
    with motor.buscador() as b:
        todos = sorted(r.id for r in b.buscar(interpretar(""), Filtros(**filtros), limite=50))
    assert todos == esperados
    # The same filter with words.
    if 2 in esperados:
        assert 2 in _ids(motor, "incentivos O designación O evaluación", **filtros)


def test_solo_filtros_ordena_por_fecha_reciente(motor):
    with motor.buscador() as b:
        r = b.buscar(interpretar(""), Filtros(desde=date(2000, 1, 1)), limite=2)
    assert [x.id for x in r] == [4, 3]


def test_sin_consulta_ni_filtros_es_un_error(motor):
    with motor.buscador() as b, pytest.raises(EntradaInvalida, match="Escriba qué buscar"):
        b.buscar(interpretar(""), Filtros(), limite=5)


def test_fragmentos_marcan_las_formas_flexionadas(motor):
    with motor.buscador() as b:
        r = b.buscar(interpretar("resolución designacion"), limite=5)
    assert [x.id for x in r] == [1]
    texto = " ".join(r[0].fragmentos)
    assert "**designación**" in texto and "**resoluciones**" in texto


def test_el_titulo_sube_la_puntuacion(motor):
    assert _ids(motor, "incentivos")[:2] == [2, 4]  # both have it in the title, more often in 2


def test_similares(motor):
    with motor.buscador() as b:
        docnum = b.searcher.document_number(id="2")
        r = b.similares(docnum, limite=3)
    assert r and r[0].id == 4  # incentivos, dictámenes
    assert 2 not in [x.id for x in r]


def test_limite(motor):
    with motor.buscador() as b:
        assert len(b.buscar(interpretar("desempeño O incentivos O designación"), limite=2)) == 2


def test_evaluador_propio_y_whoosh_dan_lo_mismo(tmp_path):
    """The evaluator reads Whoosh's postings directly: same documents and BM25F scores as Whoosh's search."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import corpus_leyes

    if not corpus_leyes.CORPUS.is_dir():
        docs = [dict(d, id=i * 10 + d["id"]) for i in range(50) for d in DOCS]
    else:
        docs = list(corpus_leyes.documentos(3000))
    m = Motor.crear(tmp_path / "i")
    m.escribir(docs[: len(docs) // 2])
    m.escribir(docs[len(docs) // 2:])  # two segments
    m.escribir([], borrar=[str(docs[5]["id"]), str(docs[-5]["id"])])  # and deletions
    consultas = ["incentivos", "evaluación desempeño", "incentivos O designación", "dictámenes NO programa",
                 "artículo", "ley federal", "trabajadores O patrones", "impuesto salario", "ley NO federal",
                 docs[7].get("folio") or "IEA-CG-24/2014"]
    with m.buscador(evaluador_propio=True) as propio, m.buscador(evaluador_propio=False) as whoosh:
        for q in consultas:
            c = interpretar(q)
            a = propio.buscar(c, limite=15, con_fragmentos=False)
            b = whoosh.buscar(c, limite=15, con_fragmentos=False)
            assert [round(x.puntuacion, 2) for x in a] == [round(x.puntuacion, 2) for x in b], q
            assert {x.id for x in a} == {x.id for x in b} or len(a) == 15, q
        # with a filter that allows most documents (scored without it, then masked) and one that allows few
        # (only those scored): the same as Whoosh's search with the filter
        total = propio.searcher.doc_count()
        for filtros in (Filtros(desde=date(2014, 1, 1), hasta=date(2024, 12, 31)), Filtros(origen="importado"),
                        Filtros(desde=date(2015, 1, 1), hasta=date(2015, 6, 30))):
            assert 0 < len(propio.lector.conjunto(filtros.consulta())) <= total
            permitidos = {propio.searcher.stored_fields(d)["id"] for d in propio.lector.conjunto(filtros.consulta())}
            for q in ("artículo", "ley federal", "trabajadores O patrones", '"ley federal"', "ley NO federal"):
                c = interpretar(q)
                a = propio.buscar(c, filtros, limite=15, con_fragmentos=False)
                todos = propio.buscar(c, limite=total, con_fragmentos=False)  # unfiltered, every match ranked
                esperado = [x for x in todos if str(x.id) in permitidos][:15]
                assert [(x.id, x.puntuacion) for x in a] == [(x.id, x.puntuacion) for x in esperado], (q, filtros)
                if '"' not in q:  # phrases are scored by the evaluator's own formula (see Evaluador)
                    b = whoosh.buscar(c, filtros, limite=15, con_fragmentos=False)
                    assert [round(x.puntuacion, 2) for x in a] == [round(x.puntuacion, 2) for x in b], (q, filtros)


# --- the archive: issuing, cancelling, pending queue ---------------------------------------------------------

def test_documento_emitido_se_encuentra_al_instante(cat, raiz):
    doc = emitir(cat, "Designación de encargada de despacho",
                 ["Se designan encargados de despacho conforme al acuerdo INE/CG682/2023."],
                 tabla=[["Plaza", "Persona"], ["Coordinación de Organización", "Itzel Ramírez Cruz"]])
    assert cat.todos("SELECT * FROM indice_pendientes") == []
    for consulta in ("designaciones", "INE/CG682/2023", doc.folio, "Itzel Ramírez", '"Instituto Electoral de Prueba"'):
        r = busqueda.buscar(cat, consulta)
        assert [x.id for x in r] == [doc.id], consulta
    r = busqueda.buscar(cat, doc.folio)[0]
    assert r.folio == doc.folio and r.ruta == doc.ruta and r.tipo == "oficio" and r.fecha == "2024-06-17"
    assert r.puntuacion >= busqueda.PUNTOS_NUMERO_PROPIO


def test_lote_en_una_transaccion_es_un_solo_commit_del_indice(cat, raiz):
    emitir(cat, "Primero", ["Primer oficio."])  # the index exists from here on
    motor = IndiceArchivo(raiz).abrir()
    generacion = motor.ix.latest_generation()
    with cat.transaccion("emitir lote") as tx:
        exp = expedientes.asegurar(tx, "acervo", "2024", "Acervo documental 2024")
        for i in range(40):
            documentos.emitir_en(tx, tipo="oficio", asunto=f"Notificación {i}", expediente=exp,
                                 construir=construir_docx([f"Notificación número {i} de resultados."]),
                                 serie="oficio", area="DEVySPE", fecha=date(2024, 6, 17))
    motor = IndiceArchivo(raiz).abrir()
    assert motor.ix.latest_generation() == generacion + 1
    assert len(busqueda.buscar(cat, "notificación", limite=100)) == 40


def test_cancelar_actualiza_el_indice(cat, cli):
    doc = emitir(cat, "Oficio a cancelar", ["Texto del oficio de prueba."])
    documentos.cancelar(cat, doc.folio, "Error en el destinatario")
    r = busqueda.buscar(cat, "oficio prueba", estado="cancelado")
    assert [x.id for x in r] == [doc.id] and r[0].estado == "cancelado"
    assert busqueda.buscar(cat, "oficio prueba", estado="emitido").resultados == []


def test_un_documento_ilegible_queda_pendiente_y_los_demas_se_indexan(cat, raiz, caplog):
    malo = emitir(cat, "Documento que se dañará", ["Texto original irrepetible."])
    # Damage its file and queue it again, with a new document in the same pass.
    raiz.absoluta(malo.ruta).write_bytes(b"no es un docx")
    with cat.transaccion("reencolar") as tx:
        tx.execute("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)", (malo.id,))
    IndiceArchivo(raiz).textos.joinpath(malo.sha256[:2], f"{malo.sha256}.txt").unlink()
    with caplog.at_level(logging.WARNING, logger="archivo.busqueda"):
        bueno = emitir(cat, "Documento sano", ["Texto sano indexado."])
    pendientes = [f[0] for f in cat.todos("SELECT documento_id FROM indice_pendientes")]
    assert pendientes == [malo.id]
    assert any("no se pudo leer su texto" in m for m in caplog.messages)
    assert [x.id for x in busqueda.buscar(cat, "texto sano")] == [bueno.id]
    assert [x.id for x in busqueda.buscar(cat, "dañará")] == [malo.id]  # still found by its title


def test_indexar_pendientes_nunca_lanza(cat, raiz, monkeypatch, caplog):
    doc = emitir(cat, "Primero", ["Texto."])
    with cat.transaccion("reencolar") as tx:
        tx.execute("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)", (doc.id,))

    def roto(*a, **k):
        raise OSError("disco lleno")
    monkeypatch.setattr(Motor, "escribir", roto)
    with caplog.at_level(logging.WARNING, logger="archivo.busqueda"):
        assert busqueda.indexar_pendientes(cat) == 0
    assert "disco lleno" in caplog.text
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 1


def test_persona_por_vinculo_y_por_nombre_en_el_texto(cat):
    alta_persona(cat)
    vinculado = emitir(cat, "Oficio de notificación", ["Resultado de la evaluación."], personas=["SPEN-0101"])
    nombrado = emitir(cat, "Dictamen", ["Se otorga el incentivo a María Fernanda López Hernández."])
    invertido = emitir(cat, "Lista", ["LÓPEZ HERNÁNDEZ MARÍA FERNANDA, Coordinadora."])
    otro = emitir(cat, "Otro", ["María Fernanda Hernández López es otra persona."])
    r = busqueda.buscar(cat, "", persona="SPEN-0101", limite=10)
    assert {x.id for x in r} == {vinculado.id, nombrado.id, invertido.id}
    assert otro.id not in {x.id for x in r}
    # Linked personas' names are searchable words too.
    assert vinculado.id in {x.id for x in busqueda.buscar(cat, "López Hernández")}


def test_filtros_invalidos_se_reportan_juntos(cat):
    with pytest.raises(EntradaInvalida) as e:
        busqueda.buscar(cat, "x1", desde="31/02/2024", hasta="mañana", origen="otro", area="ZZZ",
                        persona="NADIE", mecanismo="mecanismo inexistente", limite=0)
    lugares = {p.lugar for p in e.value.problemas}
    assert lugares == {"--desde", "--hasta", "--origen", "--area", "--persona", "--mecanismo", "--limite"}


def test_desde_posterior_a_hasta(cat):
    with pytest.raises(EntradaInvalida, match="después de terminar"):
        busqueda.buscar(cat, "x1", desde="2024-12-31", hasta="01/01/2024")


# --- the CLI -------------------------------------------------------------------------------------------------

def test_cli_buscar_tabla_y_json(cli, cat, raiz, tmp_path):
    doc = emitir(cat, "Designación de encargados de despacho", ["Designación conforme al acuerdo INE/CG682/2023."])
    txt = tmp_path / "origen" / "acuerdo viejo.txt"
    txt.parent.mkdir()
    txt.write_text("ACUERDO IEA-CG-7/2019 POR EL QUE SE APRUEBAN DESIGNACIONES\nTexto del 3 de mayo de 2019.",
                   encoding="utf-8")
    assert cli("importar", txt.parent).codigo == 0
    r = cli("buscar", "designaciones")
    assert r.codigo == 0
    assert doc.folio in r.salida and "acuerdo viejo.txt" in r.salida and "IEA-CG-7/2019" in r.salida
    r = cli("buscar", "designaciones", "--formato", "json")
    datos = json.loads(r.salida)
    assert {d["id"] for d in datos} == {doc.id, doc.id + 1}
    for d in datos:
        assert {"id", "folio", "titulo", "tipo", "fecha", "ruta", "puntuacion", "fragmentos"} <= set(d)
    importado = next(d for d in datos if d["id"] != doc.id)
    assert importado["nombre_original"] == "acuerdo viejo.txt" and importado["folio"] is None
    assert importado["numero"] == "IEA-CG-7/2019" and importado["fecha"] == "2019-05-03"
    assert any("**DESIGNACIONES**" in f for f in importado["fragmentos"])


def test_cli_filtros_y_similares(cli, cat):
    a = emitir(cat, "Dictamen de incentivos", ["Otorgamiento de incentivos por evaluación del desempeño."],
               tipo="dictamen", serie="dictamen", fecha=date(2023, 5, 1))
    b = emitir(cat, "Informe de incentivos", ["Incentivos otorgados y evaluación del desempeño anual."],
               tipo="informe", serie="informe", fecha=date(2024, 5, 1))
    emitir(cat, "Calendario de sesiones", ["Sesiones ordinarias de la Comisión."], fecha=date(2024, 7, 1))
    r = cli("buscar", "incentivos", "--tipo", "dictamen", "--formato", "json")
    assert [d["id"] for d in json.loads(r.salida)] == [a.id]
    r = cli("buscar", "incentivos", "--desde", "01/01/2024", "--formato", "json")
    assert [d["id"] for d in json.loads(r.salida)] == [b.id]
    r = cli("buscar", "--similares", a.folio, "--formato", "json")
    assert [d["id"] for d in json.loads(r.salida)][0] == b.id
    r = cli("buscar", "algo", "--similares", a.folio)
    assert r.codigo == 1 and "no ambas" in r.errores
    r = cli("buscar", "--similares", "IEP/NO/EXISTE/2024")
    assert r.codigo == 1 and "No existe el documento" in r.errores


def test_cli_reindexar(cli, cat, raiz, monkeypatch):
    with cat.transaccion("emitir lote") as tx:
        exp = expedientes.asegurar(tx, "acervo", "2024", "Acervo documental 2024")
        for i in range(250):
            documentos.emitir_en(tx, tipo="oficio", asunto=f"Designación {i}", expediente=exp,
                                 construir=construir_docx([f"Texto de la designación número {i}."]),
                                 serie="oficio", area="DEVySPE", fecha=date(2024, 6, 17))
    monkeypatch.setattr("archivo.busqueda.indice.UMBRAL_PARALELO", 1)  # two writer processes, as for a big archive
    r = cli("reindexar")
    assert r.codigo == 0 and "250 documento(s)" in r.salida
    assert len(IndiceArchivo(raiz).abrir().ix._segments()) == 2  # one segment per process
    assert len(busqueda.buscar(cat, "designación", limite=300)) == 250
    r = cli("reindexar", "--optimizar")
    assert r.codigo == 0 and "250 documento(s)" in r.salida
    assert len(IndiceArchivo(raiz).abrir().ix._segments()) == 1
    assert len(busqueda.buscar(cat, "designación", limite=300)) == 250


def test_sin_resultados(cli, cat):
    emitir(cat, "Designación", ["Texto."])
    r = cli("buscar", "cinematografía")
    assert r.codigo == 0 and "No se encontraron documentos" in r.salida


def test_frase_con_cota_da_los_mismos_mejores_que_la_frase_completa(tmp_path):
    """The phrase search that stops early (bounded by its rarest words) ranks exactly as the full one."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import corpus_leyes

    if corpus_leyes.CORPUS.is_dir():
        docs = list(corpus_leyes.documentos(4000))
    else:
        docs = [dict(d, id=i * 10 + d["id"]) for i in range(100) for d in DOCS]
    m = Motor.crear(tmp_path / "i")
    m.escribir(docs)
    frases = ['"días hábiles"', '"diario oficial de la federación"', '"ley federal del trabajo"', "fracción I",
              '"evaluación del desempeño"', '"de la"', '"consejo general"']
    with m.buscador() as b:
        ev = b.lector
        for q in frases:
            c = interpretar(q)
            arbol = c.arbol
            completa = ev.frase("texto", arbol.terminos)
            for t in c.terminos_positivos():
                for doc, extra in ev.puntuar("titulo", t, busqueda.PESO_TITULO, solo=set(completa)).items():
                    completa[doc] += extra
            esperado = sorted(completa.items(), key=lambda x: (-x[1], x[0]))[:10]
            obtenido = b.lector.buscar(c, None, 10)
            assert [d for d, _ in obtenido] == [d for d, _ in esperado], q
            assert [round(p, 6) for _, p in obtenido] == [round(p, 6) for _, p in esperado], q


def test_el_portal_espera_solo_los_documentos_de_quien_busca(cat, raiz):
    """With an indexer of its own (the portal), a search catches up only with what its user issued: a colleague's
    document still queued does not make it wait nor index; the colleague's own search finds it at once."""
    from archivo.base.catalogo import TAREA_INDEXAR, registrar_tarea, tarea_registrada

    emitir(cat, "Primero", ["Texto del primero."])  # the index exists, nothing queued
    anterior = tarea_registrada(TAREA_INDEXAR)
    registrar_tarea(TAREA_INDEXAR, lambda _cat: None)  # the portal's indexer, not running yet
    try:
        cat.usuario = "colega"
        doc = emitir(cat, "Resolución sobre la readscripción", ["Texto irrepetible de la colega."])
        assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 1
        cat.usuario = "otra"
        r = busqueda.buscar_pagina(cat, "readscripción", solo_propios=True)
        assert r.total == 0 and r.avisos == []
        assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 1  # untouched: the indexer's work
        cat.usuario = "colega"
        r = busqueda.buscar_pagina(cat, "readscripción", solo_propios=True)
        assert [x.id for x in r] == [doc.id] and r.total == 1
        assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0
    finally:
        registrar_tarea(TAREA_INDEXAR, anterior)
