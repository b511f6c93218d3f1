"""Search pages with their total and facets, and the per-segment caches under them (new segments, deletions)."""

from __future__ import annotations

import pytest

from archivo import busqueda, generacion, personal, procedimientos
from archivo.archivistica import documentos
from archivo.busqueda import evaluador
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba


@pytest.fixture
def archivo_con_documentos(raiz, cat, tmp_path):
    csv = tmp_path / "padron.csv"
    csv.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, csv)
    instalar_plantilla_prueba(raiz.plantillas)
    proc = procedimientos.abrir(cat, "concurso publico", "Concurso 2025")
    return proc.id


def _emitir(cat, proc_id: int, asunto: str, area: str | None = None):
    return generacion.generar(cat, "oficio-prueba", procedimiento_id=proc_id, area=area,
                              datos={"asunto": asunto, "destinatario": "SPEN-0001", "cuerpo": f"{asunto}. Texto."},
                              repetir=True)  # many oficios to the same persona in one procedure, on purpose


def _facetas(r) -> dict[str, dict[str, int]]:
    return {campo: dict(valores) for campo, valores in r.facetas.items()}


def test_total_facetas_y_paginas_siguen_al_indice(cat, archivo_con_documentos) -> None:
    proc = archivo_con_documentos
    for i in range(7):  # each issue is its own commit: a segment each
        _emitir(cat, proc, f"Aviso de mandarinas {i}", area="CSPE" if i < 3 else None)
    r = busqueda.buscar_pagina(cat, "mandarinas", por_pagina=5)
    assert r.total == 7 and len(r) == 5
    assert _facetas(r)["area"] == {"cspe": 3, "devyspe": 4} and _facetas(r)["tipo"] == {"oficio": 7}
    assert len(busqueda.buscar_pagina(cat, "mandarinas", pagina=2, por_pagina=5)) == 2
    # a cancelled document is re-indexed: its old entry is deleted in its segment; counts stay right
    doc = documentos.lista(cat, estado="emitido")[0]
    documentos.cancelar(cat, doc.folio, "Prueba")
    r = busqueda.buscar_pagina(cat, "mandarinas")
    assert r.total == 7 and sum(_facetas(r)["area"].values()) == 7
    assert busqueda.buscar_pagina(cat, "mandarinas", estado="cancelado").total == 1
    # new documents after the caches were filled are counted (new segments)
    for i in range(3):
        _emitir(cat, proc, f"Aviso de mandarinas tardío {i}", area="CSPE")
    r = busqueda.buscar_pagina(cat, "mandarinas")
    assert r.total == 10 and _facetas(r)["area"] == {"cspe": 6, "devyspe": 4}
    # a phrase's matches come from the same per-segment cache
    r = busqueda.buscar_pagina(cat, '"mandarinas tardío"')
    assert r.total == 3
    assert any(k[1] == "frase" for k in evaluador._mapas)  # the phrase's documents were kept per segment


def test_mapas_de_bits_ida_y_vuelta() -> None:
    import random

    azar = random.Random(7)
    for n in (1, 7, 8, 9, 1000, 50_001):
        ids = sorted(azar.sample(range(n), azar.randint(0, n)))
        mapa = evaluador.a_mapa(ids, n)
        assert mapa.bit_count() == len(ids) and mapa < (1 << n)
        assert evaluador.docnums(mapa) == ids
        assert evaluador.docnums(mapa, 100) == [i + 100 for i in ids]


def test_solo_exclusiones_con_filtro_cuenta_el_resto(cat, archivo_con_documentos) -> None:
    proc = archivo_con_documentos
    for i in range(6):
        _emitir(cat, proc, f"Dictamen {'uvas' if i % 2 else 'peras'} número {i}")
    todos = busqueda.buscar_pagina(cat, "", tipo="oficio", por_pagina=50)
    sin_uvas = busqueda.buscar_pagina(cat, "NO uvas", tipo="oficio", por_pagina=50)
    assert sin_uvas.total == todos.total - 3 == len(sin_uvas)
    assert all("uvas" not in x.titulo for x in sin_uvas)


def test_buscar_pagina_coincide_con_buscar(cat, archivo_con_documentos) -> None:
    proc = archivo_con_documentos
    for i in range(12):
        _emitir(cat, proc, f"Dictamen {'uvas' if i % 2 else 'peras'} número {i}")
    for consulta in ("uvas", "peras", "uvas O peras", "dictamen NO uvas", '"uvas número"'):
        completa = busqueda.buscar(cat, consulta, limite=50)
        pagina = busqueda.buscar_pagina(cat, consulta, por_pagina=50)
        assert [x.id for x in pagina] == [x.id for x in completa], consulta
        assert pagina.total == len(completa), consulta


def test_un_documento_en_cola_se_indexa_antes_de_buscar(cat, archivo_con_documentos) -> None:
    proc = archivo_con_documentos
    doc = _emitir(cat, proc, "Aviso de toronjas")
    with cat.transaccion("prueba: dejar en cola") as tx:
        tx.execute("INSERT INTO indice_pendientes (documento_id) VALUES (?)", (doc.id,))
    assert busqueda.buscar_pagina(cat, "toronjas").total == 1
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0


def test_el_buscador_se_reusa_mientras_el_indice_no_cambia(raiz, cat, archivo_con_documentos) -> None:
    from archivo.busqueda.indice import IndiceArchivo

    proc = archivo_con_documentos
    _emitir(cat, proc, "Aviso de ciruelas")
    assert busqueda.buscar_pagina(cat, "ciruelas").total == 1
    motor = IndiceArchivo(raiz).abierto()
    guardado = motor._libres[-1]
    assert busqueda.buscar_pagina(cat, "ciruelas").total == 1
    assert motor._libres[-1] is guardado  # the same searcher answered again
    _emitir(cat, proc, "Aviso de ciruelas rojas")  # a new generation: the old searcher does not see it
    assert busqueda.buscar_pagina(cat, "ciruelas").total == 2
    assert guardado not in motor._libres


def test_lo_que_espera_en_la_cola_no_es_una_divergencia(raiz, cat, archivo_con_documentos, monkeypatch) -> None:
    """A document issued while the index lock is held waits in the queue: the check after indexing does not
    compare the whole lexicon of ids for it (seconds at 100,000 documents); a document lost with an empty queue
    is still found and indexed."""
    from archivo.busqueda import indice as modulo
    from archivo.busqueda.motor import Buscador

    proc = archivo_con_documentos
    _emitir(cat, proc, "Aviso de nísperos")
    en_cola = _emitir(cat, proc, "Aviso de nísperos en cola")
    carpeta = modulo.IndiceArchivo(raiz)
    carpeta.abierto().escribir([], borrar=[str(en_cola.id)])  # as if issued after the queue was drained
    with cat.transaccion("prueba: dejar en cola") as tx:
        tx.execute("INSERT INTO indice_pendientes (documento_id) VALUES (?)", (en_cola.id,))

    def sin_lexico(self):
        raise AssertionError("comparó todos los ids")

    with monkeypatch.context() as m:
        m.setattr(Buscador, "ids", sin_lexico)
        with carpeta.bloqueo(5):
            modulo._conciliar(cat, carpeta, carpeta.abierto(), modulo.InformeIndexado())
    assert busqueda.buscar_pagina(cat, "nísperos").total == 2  # the search indexed the queue first
    perdido = _emitir(cat, proc, "Aviso de nísperos perdido")
    carpeta.abierto().escribir([], borrar=[str(perdido.id)])  # lost, and nothing queued: a real divergence
    assert cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0] == 0
    assert busqueda.buscar_pagina(cat, "nísperos").total == 3
