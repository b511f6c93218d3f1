"""The seed's two risk matrices (seed 004, sections 1.7 and 2.7): transcription and faithful, idempotent load."""

from __future__ import annotations

import re

import pytest

from archivo import mecanismos, riesgos
from archivo.riesgos import NIVELES, OPCIONES

# How the YAML's comment says the flattened rows are read (positions of the data rows).
PROBABILIDAD_II = {1: 3, 2: 2, 3: 1}
TRATAMIENTO = {5 + k: opcion for k, opcion in enumerate(OPCIONES)}
PROBABILIDAD_IV = {14: 3, 15: 2, 16: 1}
IMPACTO_IV = {17: 3, 18: 2, 19: 1}


def _sin_marcas(texto: str) -> str:
    return re.sub(r"</?b>", "", texto).strip()


def test_cada_renglon_corresponde_a_sus_celdas():
    """The interpreted fields of every row follow from its raw cells under the documented column map."""
    _, filas = riesgos.matriz_base()
    assert len(filas) == 13
    for f in filas:
        c = f.celdas
        marcas = {pos for pos, v in c.items() if v.strip().upper() == "X"}
        assert f.analisis["probabilidad"] == next(PROBABILIDAD_II[p] for p in marcas if p in PROBABILIDAD_II), f.clave
        assert f.analisis["impacto"] is None  # the form's section II has no impact columns
        assert f.analisis["nr"] == (int(_sin_marcas(c[4])) if 4 in c else None), f.clave
        assert set(f.tratamiento) == {TRATAMIENTO[p] for p in marcas if p in TRATAMIENTO}, f.clave
        assert list(f.acciones) == ([c[10]] if 10 in c else []), f.clave
        assert f.inicio == c.get(13), f.clave
        iv = f.revaloracion
        if not any(p in c for p in range(14, 21)):
            assert iv is None, f.clave
            continue
        assert iv is not None
        assert iv["probabilidad"] == next((PROBABILIDAD_IV[p] for p in marcas if p in PROBABILIDAD_IV), None)
        assert iv["impacto"] == next((IMPACTO_IV[p] for p in marcas if p in IMPACTO_IV), None), f.clave
        assert iv["nr"] == (int(_sin_marcas(c[20])) if 20 in c else None), f.clave
        assert not set(c) - {0, 3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 18, 19, 20}, f.clave


def test_texto_y_mecanismo_salen_de_la_primera_celda():
    catalogo = mecanismos.cargar()
    _, filas = riesgos.matriz_base()
    for f in filas:
        primera = f.celdas[0]
        m = re.match(r"<b>(.+?)</b>\s*(.*)", primera)
        if m:  # section 2.7: the mecanismo label, then maybe the risk
            assert catalogo.mecanismos[f.mecanismo].etiqueta_matriz == m[1]
            assert f.riesgo == (m[2] or None)
        else:  # section 1.7: the risk text; the matrix is the vinculación one
            assert f.mecanismo == "vinculacion-ine" and f.riesgo == primera
    assert {f.mecanismo for f in filas} == set(catalogo.mecanismos)


@pytest.mark.corpus
def test_celdas_identicas_a_la_semilla(corpus):
    """Each row's cells are exactly the non-empty cells of its line in seed 004 (../shared/seeds)."""
    semilla = (corpus.parent / "seeds" / "004_a11a5be39bc47ffa.txt").read_text(encoding="utf-8").splitlines()
    renglones = []
    for linea in semilla:
        celdas = linea.split("\t")
        if len(celdas) == 22 and any(c.strip().upper() == "X" for c in celdas):
            renglones.append({i: c for i, c in enumerate(celdas) if c.strip()})
    _, filas = riesgos.matriz_base()
    assert [f.celdas for f in filas] == renglones


def test_cargar_base_fiel_e_idempotente(cat):
    primero = riesgos.cargar_base(cat)
    assert len(primero.creados) == 13 and primero.existentes == []
    conteos = [cat.uno(f"SELECT COUNT(*) FROM {t}")[0]
               for t in ("riesgos", "riesgo_evaluaciones", "riesgo_acciones", "riesgo_accion_versiones")]
    assert conteos == [13, 25, 3, 3]
    segundo = riesgos.cargar_base(cat)
    assert segundo.creados == [] and sorted(segundo.existentes) == sorted(primero.creados)
    assert [cat.uno(f"SELECT COUNT(*) FROM {t}")[0]
            for t in ("riesgos", "riesgo_evaluaciones", "riesgo_acciones", "riesgo_accion_versiones")] == conteos

    por_base = {r.clave_base: r for r in riesgos.lista(cat)}
    assert sum(r.incompleto for r in por_base.values()) == 11

    vi1 = por_base["1.7-1"]
    assert vi1.codigo == "R-VI-01" and vi1.area == "CV-INE" and not vi1.incompleto
    assert (vi1.inherente.probabilidad, vi1.inherente.impacto, vi1.nr_inherente) == (1, 1, 1)
    assert "deducido del NR anotado" in vi1.inherente.nota
    assert (vi1.residual.probabilidad, vi1.residual.impacto, vi1.residual.nr_anotado, vi1.nr_residual) == (1, 2, 1, 2)
    assert any("anota NR 1 en la sección IV" in a for a in vi1.avisos)
    assert any("mayor que el NR inherente" in a for a in vi1.avisos)
    assert vi1.tratamiento == ("COMPARTIR",)
    assert vi1.inicio_anotado == "Durante el tiempo en el sistema no esté disponible."
    assert vi1.acciones[0].actual.descripcion == "Comunicación Institucional alterna"
    assert (vi1.acciones[0].actual.avance, vi1.acciones[0].actual.responsable) == (None, "")
    assert por_base["1.7-2"].tratamiento == ("EVITAR",)

    cp = por_base["2.7-concurso"]
    assert cp.codigo == "R-CP-01" and cp.texto == "Que no se presenten a tomar posesión del puesto"
    assert cp.incompleto and cp.faltantes == ["NR del análisis (sin impacto)"]
    assert cp.tratamiento == ("EVITAR", "ASUMIR") and cp.inicio_anotado == "2025"
    assert cp.nr_residual == 1 and cp.residual.nr_anotado == 1
    assert cp.inherente.fecha is None  # the matrix has no evaluation date: none is invented

    ascenso = por_base["2.7-ascenso"]
    assert ascenso.texto == "" and ascenso.faltantes[0] == "texto del riesgo"

    ed = por_base["2.7-encargos-despacho"]
    assert ed.inherente.probabilidad == 3 and ed.nr_inherente is None
    assert (ed.residual.probabilidad, ed.residual.impacto, ed.residual.nr_anotado, ed.nr_residual) == (2, 1, None, 2)
    assert ed.inicio_anotado == "2022-2025"

    tp = por_base["2.7-titularidad-promocion"]
    assert tp.residual is None and tp.tratamiento == ("COMPARTIR", "ASUMIR")

    pf = por_base["2.7-programa-formacion"]
    assert pf.acciones[0].actual.descripcion == "Se postpone" and pf.inicio_anotado == "2023"
    assert all(NIVELES.get(r.inherente.probabilidad) for r in por_base.values())


def test_cargar_base_despues_de_capturas_no_choca(cat):
    propio = riesgos.alta(cat, mecanismo="concurso-publico", texto="Capturado antes").riesgo.codigo
    res = riesgos.cargar_base(cat)
    assert propio == "R-CP-01" and "R-CP-02" in res.creados
    assert riesgos.obtener(cat, "R-CP-02").clave_base == "2.7-concurso"
