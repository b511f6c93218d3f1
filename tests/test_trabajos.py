"""Background jobs: recorded in the catalog, run outside the caller, resumable, cancellable, bounded."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.base.errors import EntradaInvalida, Problema

_candado = threading.Condition()  # guards _simultaneos; notified when a «prueba-espera» job starts or ends
_simultaneos = {"ahora": 0, "maximo": 0}
_liberar = threading.Event()


def _contar(cat, parametros, avance):
    """Counts to ``n`` committing each step with its progress; resumes from what was committed."""
    avance(total=parametros["n"], mensaje="Contando…")
    for i in range(avance.hechos, parametros["n"]):
        with cat.transaccion("contar") as tx:
            tx.registrar("cuenta", i, None, {"i": i})
            avance(hechos=i + 1)
        if parametros.get("fallar_en") == i + 1:
            raise RuntimeError("corte simulado")
    return {"mensaje": f"Se contó hasta {parametros['n']}.", "pid": os.getpid()}


def _con_problemas(cat, parametros, avance):
    raise EntradaInvalida("El lote tiene problemas:", [Problema("fila 3", "falta el asunto", "escríbalo")])


def _espera(cat, parametros, avance):
    """Runs until told to stop (by the test) or cancelled; records how many ran at once."""
    with _candado:
        _simultaneos["ahora"] += 1
        _simultaneos["maximo"] = max(_simultaneos["maximo"], _simultaneos["ahora"])
        _candado.notify_all()
    try:
        avance(total=100)
        while not _liberar.wait(0.05):
            avance(forzar=True)
        return {"mensaje": "listo"}
    finally:
        with _candado:
            _simultaneos["ahora"] -= 1
            _candado.notify_all()


trabajos.registrar_tipo("prueba-contar", _contar, titulo="Cuenta de prueba")
trabajos.registrar_tipo("prueba-contar-proceso", _contar, titulo="Cuenta de prueba en su proceso", en_proceso=True)
trabajos.registrar_tipo("prueba-problemas", _con_problemas, titulo="Trabajo con problemas")
trabajos.registrar_tipo("prueba-espera", _espera, titulo="Trabajo que espera")


def esperar(cat, trabajo_id, estados=("terminado", "fallido", "cancelado"), limite=120.0):
    """Poll until the job reaches one of ``estados`` (a bounded wait, not a timing assertion)."""
    fin = time.monotonic() + limite
    while time.monotonic() < fin:
        t = trabajos.obtener(cat, trabajo_id)
        if t.estado in estados:
            return t
        time.sleep(0.05)
    raise AssertionError(f"el trabajo {trabajo_id} no llegó a {estados}: {trabajos.obtener(cat, trabajo_id)}")


@pytest.fixture
def ejecutor(raiz):
    creados = []

    def crear(hilos=2):
        e = trabajos.Ejecutor(raiz, hilos=hilos, intervalo=0.2)
        e.iniciar()
        creados.append(e)
        return e

    yield crear
    _liberar.set()
    for e in creados:
        e.detener()


def test_un_trabajo_corre_fuera_del_que_lo_pide_y_deja_su_avance(cat, ejecutor) -> None:
    cat.usuario = "laura"
    t = trabajos.encolar(cat, "prueba-contar", {"n": 5}, titulo="Contar cinco")
    assert (t.estado, t.titulo, t.usuario, t.porcentaje) == ("pendiente", "Contar cinco", "laura", None)
    ejecutor()
    t = esperar(cat, t.id)
    assert (t.estado, t.hechos, t.total, t.porcentaje) == ("terminado", 5, 5, 100)
    assert t.mensaje == "Se contó hasta 5." and t.resultado["pid"] == os.getpid()
    # the work is audited as the person who asked for it
    quienes = {f["usuario"] for f in cat.todos("SELECT usuario FROM historial WHERE entidad = 'cuenta'")}
    assert quienes == {"laura"}


def test_en_proceso_propio(cat, ejecutor) -> None:
    t = trabajos.encolar(cat, "prueba-contar-proceso", {"n": 3})
    ejecutor()
    t = esperar(cat, t.id)
    assert t.estado == "terminado", t.mensaje
    assert t.resultado["pid"] != os.getpid()


def test_un_trabajo_interrumpido_se_reanuda_donde_quedo(raiz, cat, ejecutor) -> None:
    """A process that dies mid-job leaves it «en curso» with the progress it committed; the next executor takes it
    up and the job goes on from there (nothing done twice)."""
    t = trabajos.encolar(cat, "prueba-contar", {"n": 6, "fallar_en": 3})
    assert trabajos.reclamar(cat, t.id)
    with pytest.raises(RuntimeError):
        trabajos.tipo("prueba-contar").funcion(cat, t.parametros, trabajos.Avance(cat, trabajos.obtener(cat, t.id)))
    muerto = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                            text=True, check=True)
    with cat.transaccion("simular proceso muerto") as tx:
        tx.execute("UPDATE trabajos SET pid = ?, parametros = ? WHERE id = ?",
                   (int(muerto.stdout), '{"n": 6}', t.id))
    assert trabajos.obtener(cat, t.id).hechos == 3
    ejecutor()
    t = esperar(cat, t.id)
    assert (t.estado, t.hechos, t.intentos) == ("terminado", 6, 2)
    cuentas = [f["clave"] for f in cat.todos("SELECT clave FROM historial WHERE entidad = 'cuenta' ORDER BY id")]
    assert cuentas == ["0", "1", "2", "3", "4", "5"]


def test_problemas_del_usuario_quedan_en_el_resultado(cat, ejecutor) -> None:
    t = trabajos.encolar(cat, "prueba-problemas", {})
    ejecutor()
    t = esperar(cat, t.id)
    assert t.estado == "fallido" and t.mensaje == "El lote tiene problemas:"
    assert t.resultado["problemas"] == [{"lugar": "fila 3", "mensaje": "falta el asunto", "sugerencia": "escríbalo"}]


def test_error_inesperado_da_una_referencia(cat, ejecutor, caplog) -> None:
    t = trabajos.encolar(cat, "prueba-contar", {"n": 4, "fallar_en": 2})
    ejecutor()
    t = esperar(cat, t.id)
    assert t.estado == "fallido" and t.resultado["referencia"] in t.mensaje
    assert "corte simulado" not in t.mensaje  # no technical detail for the user…
    assert any(t.resultado["referencia"] in r.getMessage() for r in caplog.records)  # …it goes to the log


def test_cancelar(cat, ejecutor) -> None:
    _liberar.clear()
    espera = trabajos.encolar(cat, "prueba-espera", {})
    en_cola = trabajos.encolar(cat, "prueba-contar", {"n": 2})
    ejecutor(hilos=1)
    esperar(cat, espera.id, ("en curso",))
    assert trabajos.pedir_cancelacion(cat, en_cola.id).estado == "cancelado"  # waiting: cancelled at once
    assert trabajos.pedir_cancelacion(cat, espera.id).nombre_estado == "cancelándose"
    t = esperar(cat, espera.id)
    assert t.estado == "cancelado" and "lo ya hecho se conserva" in t.mensaje


def test_concurrencia_acotada(cat, ejecutor) -> None:
    """Two slots: two jobs run at once and the third waits for one of them to end. No timing: the test waits for
    the two jobs to be inside their work and for the dispatcher to go round once more with both slots taken."""
    _liberar.clear()
    _simultaneos.update(ahora=0, maximo=0)
    ids = [trabajos.encolar(cat, "prueba-espera", {}).id for _ in range(3)]
    e = ejecutor(hilos=2)
    vueltas = threading.Condition()
    cuenta = {"vueltas": 0}
    repartir = e._repartir

    def contar_vueltas(c):
        repartir(c)
        with vueltas:
            cuenta["vueltas"] += 1
            vueltas.notify_all()

    e._repartir = contar_vueltas
    with _candado:
        assert _candado.wait_for(lambda: _simultaneos["ahora"] == 2, timeout=120), _simultaneos
    with vueltas:
        despues = cuenta["vueltas"] + 2  # a whole round that began with both jobs running
        e.avisar()
        assert vueltas.wait_for(lambda: cuenta["vueltas"] >= despues, timeout=120)
    assert [trabajos.obtener(cat, i).estado for i in ids] == ["en curso", "en curso", "pendiente"]
    assert _simultaneos == {"ahora": 2, "maximo": 2}  # the third did not start beside them
    _liberar.set()
    for i in ids:
        assert esperar(cat, i).estado == "terminado"
    assert _simultaneos == {"ahora": 0, "maximo": 2}  # never three at once


def test_tipo_desconocido_y_parametros(cat) -> None:
    with pytest.raises(Exception, match="No hay un tipo de trabajo «nada»"):
        trabajos.encolar(cat, "nada", {})
    t = trabajos.encolar(cat, "prueba-contar", {"n": 1, "texto": "ñandú «x»"})
    assert trabajos.obtener(cat, t.id).parametros == {"n": 1, "texto": "ñandú «x»"}
    assert [x.id for x in trabajos.lista(cat, activos=True)] == [t.id]


def test_otro_proceso_ve_el_avance(raiz, cat, ejecutor) -> None:
    """The progress lives in the catalog: any connection (another process, a reloaded page) reads it."""
    t = trabajos.encolar(cat, "prueba-contar", {"n": 3})
    ejecutor()
    esperar(cat, t.id)
    with Catalogo.abrir(raiz, usuario="otro") as otro:
        assert trabajos.obtener(otro, t.id).hechos == 3
