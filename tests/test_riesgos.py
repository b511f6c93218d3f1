"""The risk register: validation (every problem at once), NR always computed, append-only history, pendientes."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from archivo import riesgos
from archivo.archivistica import documentos
from archivo.base import historial
from archivo.base.catalogo import Catalogo
from archivo.base.errors import EntradaInvalida, NoEncontrado
from tests.utilidades import pdf


def _dias(n: int) -> date:
    return date.today() + timedelta(days=n)  # read when called: a suite may run past midnight


def _alta(cat: Catalogo, **extra) -> str:
    datos = {"mecanismo": "concurso-publico", "texto": "Que las personas ganadoras no acepten la plaza",
             "probabilidad": "MEDIO", "impacto": "ALTO", "fecha": _dias(-30)}
    datos.update(extra)
    return riesgos.alta(cat, **datos).riesgo.codigo


def _cuenta(cat: Catalogo, tabla: str) -> int:
    return cat.uno(f"SELECT COUNT(*) FROM {tabla}")[0]


# --- levels and options ---------------------------------------------------------------------------


@pytest.mark.parametrize("valor, esperado", [
    ("ALTO", 3), ("alto", 3), ("Alto (3)", 3), ("ALTO (3)", 3), (3, 3), ("3", 3), (3.0, 3),
    ("MEDIO", 2), ("medio", 2), (2, 2), ("BAJO", 1), (" bajo ", 1), ("1", 1), ("(1)", 1),
])
def test_leer_nivel_acepta_como_lo_escriben(valor, esperado):
    assert riesgos.leer_nivel(valor) == esperado


@pytest.mark.parametrize("valor", ["4", 0, "MUY ALTO", "ALTO (2)", "", "tres", 2.5, True])
def test_leer_nivel_rechaza_lo_demas(valor):
    with pytest.raises(ValueError):
        riesgos.leer_nivel(valor)


def test_nivel_del_nr():
    assert [riesgos.nivel_nr(n) for n in (1, 2, 3, 4, 6, 9)] == ["BAJO", "BAJO", "MEDIO", "MEDIO", "ALTO", "ALTO"]


def test_normalizar_codigo():
    assert riesgos.normalizar_codigo("r-cp-1") == "R-CP-01"
    assert riesgos.normalizar_codigo(" R-VI-12 ") == "R-VI-12"
    assert riesgos.normalizar_codigo("7") is None


# --- alta and its validation ----------------------------------------------------------------------


def test_alta_reporta_todos_los_problemas_y_no_escribe_nada(cat):
    with pytest.raises(EntradaInvalida) as e:
        riesgos.alta(cat, mecanismo="no-existe", texto="  ", probabilidad="7", impacto=None,
                     tratamiento=["REDUCIR, nada"], fecha="31/02/2025", proxima_revision="mañana")
    lugares = {p.lugar for p in e.value.problemas}
    assert lugares == {"mecanismo", "riesgo", "probabilidad", "impacto", "tratamiento", "fecha", "proxima-revision"}
    assert len(e.value.problemas) == 7
    assert "«nada» no es una opción de tratamiento" in str(e.value)
    assert _cuenta(cat, "riesgos") == 0
    assert _cuenta(cat, "riesgo_evaluaciones") == 0


def test_alta_con_analisis_calcula_el_nr_y_numera_por_mecanismo(cat):
    a = riesgos.alta(cat, mecanismo="Concurso Público", texto="Riesgo A", probabilidad="alto", impacto="2",
                     tratamiento=["reducir", "COMPARTIR"], area="cspe", causas="c", efectos="e")
    assert a.riesgo.codigo == "R-CP-01"
    assert a.riesgo.nr_inherente == 6
    assert a.riesgo.tratamiento == ("REDUCIR", "COMPARTIR")
    assert a.riesgo.area == "CSPE"  # normalized to the área's siglas in archivo.toml
    assert not a.riesgo.incompleto
    assert riesgos.alta(cat, mecanismo="concurso-publico", texto="Riesgo B").riesgo.codigo == "R-CP-02"
    assert riesgos.alta(cat, mecanismo="ASCENSO", texto="Riesgo C").riesgo.codigo == "R-CI-01"
    assert riesgos.obtener(cat, "r-cp-1").texto == "Riesgo A"


def test_alta_sin_analisis_queda_incompleta(cat):
    r = riesgos.alta(cat, mecanismo="incentivos", texto="Sin análisis todavía").riesgo
    assert r.incompleto
    assert r.faltantes == ["análisis (probabilidad e impacto)"]


def test_area_no_registrada_es_aviso_no_error(cat):
    res = riesgos.alta(cat, mecanismo="incentivos", texto="x", area="XYZ")
    assert res.riesgo.area == "XYZ"
    assert any("XYZ" in a and "no está registrada" in a for a in res.avisos)


def test_fecha_de_evaluacion_futura_es_problema(cat):
    codigo = _alta(cat)
    with pytest.raises(EntradaInvalida) as e:
        riesgos.evaluar(cat, codigo, probabilidad=1, impacto=1, fecha=_dias(5))
    assert e.value.problemas[0].lugar == "fecha"


def test_obtener_inexistente(cat):
    with pytest.raises(NoEncontrado, match="No existe el riesgo R-CP-09"):
        riesgos.obtener(cat, "R-CP-9")
    with pytest.raises(NoEncontrado, match="se escriben como R-CP-01"):
        riesgos.obtener(cat, "12")


# --- NR always computed, history append-only ------------------------------------------------------


def test_nr_es_columna_generada_nunca_capturada(cat):
    codigo = _alta(cat)
    fila = cat.uno("SELECT e.probabilidad, e.impacto, e.nr FROM riesgo_evaluaciones e "
                   "JOIN riesgos r ON r.id = e.riesgo_id WHERE r.codigo = ?", (codigo,))
    assert (fila["probabilidad"], fila["impacto"], fila["nr"]) == (2, 3, 6)
    riesgo_id = cat.uno("SELECT id FROM riesgos WHERE codigo = ?", (codigo,))[0]
    with pytest.raises(sqlite3.OperationalError), cat.transaccion("intento") as tx:
        tx.execute("INSERT INTO riesgo_evaluaciones (riesgo_id, numero, tipo, probabilidad, impacto, nr, "
                   "registrada, registrada_por) VALUES (?, 9, 'inherente', 1, 1, 9, 'x', 'x')", (riesgo_id,))


def test_nr_no_se_acepta_como_argumento(cat):
    codigo = _alta(cat)
    with pytest.raises(TypeError):
        riesgos.evaluar(cat, codigo, probabilidad=1, impacto=1, nr=9)  # type: ignore[call-arg]


def test_reevaluar_agrega_y_conserva_la_anterior(cat):
    codigo = _alta(cat)
    antes = riesgos.obtener(cat, codigo).evaluaciones
    riesgos.evaluar(cat, codigo, probabilidad="ALTO", impacto="ALTO", fecha=_dias(-10))
    res = riesgos.revaluar(cat, codigo, probabilidad="BAJO", impacto="MEDIO", fecha=_dias(-1), nota="tras acciones")
    evs = res.riesgo.evaluaciones
    assert [(e.numero, e.tipo, e.nr) for e in evs] == [(1, "inherente", 6), (2, "inherente", 9), (3, "residual", 2)]
    assert evs[0] == antes[0]  # the first evaluation is untouched
    assert res.riesgo.nr_inherente == 9 and res.riesgo.nr_residual == 2
    assert res.avisos == []


def test_el_catalogo_rechaza_modificar_o_borrar_evaluaciones(cat):
    codigo = _alta(cat)
    for sql in ("UPDATE riesgo_evaluaciones SET probabilidad = 1", "DELETE FROM riesgo_evaluaciones"):
        with pytest.raises(sqlite3.IntegrityError, match="no se"), cat.transaccion("intento") as tx:
            tx.execute(sql)
    assert riesgos.obtener(cat, codigo).evaluaciones[0].nr == 6


def test_residual_mayor_que_inherente_es_aviso(cat):
    codigo = _alta(cat, probabilidad="BAJO", impacto="MEDIO")
    res = riesgos.revaluar(cat, codigo, probabilidad="ALTO", impacto="ALTO")
    assert res.riesgo.nr_residual == 9
    assert any("NR residual (9) es mayor que el NR inherente (2)" in a for a in res.avisos)
    assert riesgos.obtener(cat, codigo).avisos  # and it stays visible on the risk


def test_evaluar_reporta_todo_a_la_vez(cat):
    with pytest.raises(EntradaInvalida) as e:
        riesgos.evaluar(cat, "R-XX-01", probabilidad="ALTÍSIMO", impacto=None, fecha="ayer")
    assert {p.lugar for p in e.value.problemas} == {"ID", "probabilidad", "impacto", "fecha"}


def test_evaluacion_da_por_hecha_la_revision(cat):
    codigo = _alta(cat, proxima_revision=_dias(-3))
    assert riesgos.pendientes(cat)[0].tipo == "revisión vencida"
    res = riesgos.revaluar(cat, codigo, probabilidad=1, impacto=3)
    assert res.riesgo.proxima_revision is None
    assert any("se dio por hecha la revisión" in a for a in res.avisos)
    res = riesgos.evaluar(cat, codigo, probabilidad=2, impacto=3, proxima_revision=_dias(90))
    assert res.riesgo.proxima_revision == _dias(90).isoformat()
    assert riesgos.pendientes(cat) == []


# --- treatment and actions ------------------------------------------------------------------------


def test_tratar_varias_opciones_y_valida(cat):
    codigo = _alta(cat)
    assert riesgos.tratar(cat, codigo, ["asumir", "Evitar"]).riesgo.tratamiento == ("EVITAR", "ASUMIR")
    with pytest.raises(EntradaInvalida) as e:
        riesgos.tratar(cat, codigo, ["MITIGAR", "ignorar"])
    assert len(e.value.problemas) == 2
    with pytest.raises(EntradaInvalida, match="falta al menos una opción"):
        riesgos.tratar(cat, codigo, [])
    assert riesgos.obtener(cat, codigo).tratamiento == ("EVITAR", "ASUMIR")


def test_accion_nueva_reporta_todo_a_la_vez(cat):
    codigo = _alta(cat)
    with pytest.raises(EntradaInvalida) as e:
        riesgos.accion(cat, codigo, descripcion="", avance="150", estatus="casi", fecha_inicio="32/01/2025")
    lugares = {p.lugar for p in e.value.problemas}
    assert lugares == {"descripcion", "responsable", "compromiso", "avance", "estatus", "inicio"}
    assert _cuenta(cat, "riesgo_acciones") == 0


def test_accion_coherencia_de_fechas_y_estatus(cat):
    codigo = _alta(cat)
    with pytest.raises(EntradaInvalida, match="anterior a la de inicio"):
        riesgos.accion(cat, codigo, descripcion="d", responsable="CSPE", fecha_inicio="2025-05-01",
                       fecha_compromiso="2025-04-01")
    with pytest.raises(EntradaInvalida, match="100 % de avance"):
        riesgos.accion(cat, codigo, descripcion="d", responsable="CSPE", fecha_compromiso=_dias(10),
                       avance="60 %", estatus="concluida")


def test_actualizar_accion_conserva_versiones(cat):
    codigo = _alta(cat)
    nueva = riesgos.accion(cat, codigo, descripcion="Revisión doble", responsable="CSPE",
                           fecha_inicio=_dias(-20), fecha_compromiso=_dias(20), avance=10, fecha=_dias(-20))
    assert nueva.accion.numero == 1 and nueva.accion.actual.estatus == "en proceso"
    res = riesgos.accion(cat, codigo, numero=1, avance="60 %", evidencia="Minuta 3/2025", fecha=_dias(-5))
    res = riesgos.accion(cat, codigo, numero=1, avance=40, nota="corrección")
    a = res.accion
    assert [(v.version, v.avance) for v in a.versiones] == [(1, 10), (2, 60), (3, 40)]
    assert a.actual.evidencia == "Minuta 3/2025"  # fields not given are carried over
    assert a.actual.descripcion == "Revisión doble"
    assert any("el avance baja de 60 % a 40 %" in x for x in res.avisos)
    fin = riesgos.accion(cat, codigo, numero=1, estatus="concluida").accion.actual
    assert (fin.avance, fin.estatus) == (100, "concluida")
    with pytest.raises(sqlite3.IntegrityError), cat.transaccion("intento") as tx:
        tx.execute("UPDATE riesgo_accion_versiones SET avance = 0")


def test_actualizar_accion_inexistente(cat):
    codigo = _alta(cat)
    with pytest.raises(EntradaInvalida) as e:
        riesgos.accion(cat, codigo, numero=3, avance=10)
    assert e.value.problemas[0].lugar == "numero"
    assert "no tiene la acción 3" in e.value.problemas[0].mensaje


# --- pendientes -------------------------------------------------------------------------------------


def test_pendientes_acciones_y_revisiones_vencidas(cat):
    a = _alta(cat, proxima_revision=_dias(-2))
    b = riesgos.alta(cat, mecanismo="incentivos", texto="Otro", probabilidad=1, impacto=1).riesgo.codigo
    riesgos.accion(cat, a, descripcion="Vencida", responsable="CSPE", fecha_inicio=_dias(-40),
                   fecha_compromiso=_dias(-10), avance=30)
    riesgos.accion(cat, a, descripcion="Concluida", responsable="CSPE", fecha_inicio=_dias(-40),
                   fecha_compromiso=_dias(-10), avance=100)
    riesgos.accion(cat, b, descripcion="En plazo", responsable="DEVySPE", fecha_inicio=_dias(-1),
                   fecha_compromiso=_dias(15))
    riesgos.accion(cat, b, descripcion="Cancelada", responsable="DEVySPE", fecha_inicio=_dias(-40),
                   fecha_compromiso=_dias(-30), estatus="cancelada")
    ps = riesgos.pendientes(cat)
    assert [(p.tipo, p.riesgo, p.dias_atraso) for p in ps] == [("acción vencida", a, 10), ("revisión vencida", a, 2)]
    assert ps[0].descripcion == "A1. Vencida" and ps[0].avance == 30
    # as of a later date the action still in plazo is overdue too; as of an earlier one, nothing is
    assert {p.descripcion for p in riesgos.pendientes(cat, al=_dias(20))} >= {"A1. En plazo"}
    assert riesgos.pendientes(cat, al=_dias(-15)) == []
    assert [p.riesgo for p in riesgos.pendientes(cat, mecanismo="incentivos")] == []


# --- editar and the audit log -------------------------------------------------------------------------


def test_editar_completa_la_seccion_i_y_queda_en_el_historial(cat):
    codigo = riesgos.alta(cat, mecanismo="incentivos", texto="Texto inicial").riesgo.codigo
    res = riesgos.editar(cat, codigo, texto="Texto corregido", causas="Causa", proxima_revision="30/06/2030")
    assert res.riesgo.texto == "Texto corregido" and res.riesgo.proxima_revision == "2030-06-30"
    fila = cat.uno("SELECT antes, despues FROM historial WHERE entidad = 'riesgo' AND accion = 'editar riesgo'")
    assert "Texto inicial" in fila["antes"] and "Texto corregido" in fila["despues"]
    with pytest.raises(EntradaInvalida, match="no se indicó ningún cambio"):
        riesgos.editar(cat, codigo)


def test_accion_incoherente_se_reporta_junto_con_lo_demas(cat):
    codigo = _alta(cat)
    with pytest.raises(EntradaInvalida) as e:
        riesgos.accion(cat, codigo, descripcion="d", fecha_inicio="2025-05-01", fecha_compromiso="2025-04-01",
                       avance="40", estatus="concluida")
    mensajes = {p.lugar: p.mensaje for p in e.value.problemas}
    assert set(mensajes) == {"responsable", "compromiso", "avance"}
    assert "anterior a la de inicio" in mensajes["compromiso"] and "100 %" in mensajes["avance"]


# --- the portal's needs: evidence files of an action ------------------------------------------------------------

def test_evidencia_de_una_accion_se_archiva_tal_cual_y_agrega_una_version(cat, tmp_path):
    r = riesgos.alta(cat, mecanismo="concurso-publico", texto="Que no acepten la plaza", area="CSPE",
                     probabilidad="MEDIO", impacto="ALTO")
    codigo = r.riesgo.codigo
    riesgos.accion(cat, codigo, descripcion="Notificar el mismo día", responsable="CSPE",
                   fecha_compromiso="2030-06-30", evidencia="Oficios con acuse")
    datos = pdf(tmp_path / "acuses.pdf", "ACUSES DE NOTIFICACION", 2).read_bytes()
    hecho = riesgos.adjuntar_evidencia(cat, codigo, 1, "acuses.pdf", datos)
    accion = hecho.accion
    assert [v.version for v in accion.versiones] == [1, 2]
    assert accion.actual.evidencia == "Oficios con acuse; archivo «acuses.pdf»"
    assert accion.versiones[0].evidencia == "Oficios con acuse"  # the earlier version stays
    (ev,) = accion.evidencias
    assert (ev.nombre, ev.version) == ("acuses.pdf", 2)
    doc = documentos.obtener(cat, ev.documento_id)
    assert doc.archivo(cat.raiz).read_bytes() == datos and doc.folio is None
    assert "mecanismos" in doc.ruta
    # by content, not by name: a text file called .pdf is refused, with its place
    with pytest.raises(EntradaInvalida) as e:
        riesgos.adjuntar_evidencia(cat, codigo, 1, "falso.pdf", b"solo texto")
    assert e.value.problemas[0].lugar == "evidencia" and "no es un PDF" in e.value.problemas[0].mensaje
    with pytest.raises(EntradaInvalida, match="no tiene la acción 7"):
        riesgos.adjuntar_evidencia(cat, codigo, 7, "acuses.pdf", datos)
    assert len(riesgos.obtener(cat, codigo).acciones[0].versiones) == 2  # nothing half-saved
    cambio = historial.consultar(cat, clave=codigo).registros[0]
    assert cambio.titulo == f"Acción de riesgo {codigo}/A1"
    assert "Evidencia: Oficios con acuse → Oficios con acuse; archivo «acuses.pdf»" in cambio.lineas
