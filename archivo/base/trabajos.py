"""Background jobs: long work (a batch of documents, an import, a PDF, OCR) that runs outside the request or
command that asked for it, with its progress recorded in the catalog.

A job is a row of ``trabajos``: its type, its parameters (JSON), its state (pendiente → en curso → terminado /
fallido / cancelado), its progress (``hechos`` of ``total``, a message), who asked for it and when. Because the
state lives in the catalog, a progress bar survives a page reload, any process can show it, and a job whose process
died (a server restart, a power cut) is taken up again by the next ``Ejecutor`` that starts.

How a package adds a job type (see docs/arquitectura.md, «Trabajos en segundo plano»)::

    def _emitir_lote(cat: Catalogo, parametros: dict, avance: trabajos.Avance) -> dict:
        avance(total=len(filas))
        for fila in filas[avance.hechos:]:      # resume where an interrupted run stopped
            ...                                 # the work, in catalog transactions
            avance.sumar()                      # inside a transaction it commits with the work
        return {"mensaje": "Se emitieron 40 documentos.", ...}

    trabajos.registrar_tipo("emitir-lote", _emitir_lote, titulo="Emisión de un lote", en_proceso=True)

and then ``trabajos.encolar(cat, "emitir-lote", {...})`` from any interface; an ``Ejecutor`` (the portal starts one)
runs it. ``en_proceso=True`` runs the job in its own Python process (CPU-heavy work, LibreOffice, OCR: the portal
keeps answering meanwhile); otherwise in one of the executor's threads. At most one job per core runs at a time.

The job function receives a catalog opened as the user who asked for it (so the audit log names that person),
raises ``ArchivoError`` for problems the user can fix (the job ends «fallido» with that message and its problems),
and must be **resumable**: it may run again from the start after an interruption, with ``avance.hechos`` telling
how much of it was committed (progress written inside a transaction commits with the work).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path
from typing import Any

from archivo.base import pendientes
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.fsutil import pid_alive
from archivo.base.raiz import Raiz
from archivo.base.valores import a_id

registro = logging.getLogger("archivo")

ESTADOS = ("pendiente", "en curso", "terminado", "fallido", "cancelado")
NOMBRES_ESTADO = {"pendiente": "en espera", "en curso": "en curso", "terminado": "terminado",
                  "fallido": "no se completó", "cancelado": "cancelado"}
CARPETA = ".trabajos"  # under the archive root: input files of a job (uploads) and what it produces
MAX_INTENTOS = 3  # a job interrupted this many times is marked fallido instead of being resumed again
INTERVALO_AVANCE_S = 0.25  # progress is written at most this often (outside transactions)


class Cancelado(ArchivoError):
    """The user asked to stop the job: raised by ``Avance`` at its next progress report."""


@dataclass(frozen=True)
class TipoTrabajo:
    nombre: str
    funcion: Callable[[Catalogo, dict[str, Any], Avance], dict[str, Any] | None]
    titulo: str
    en_proceso: bool = False


_TIPOS: dict[str, TipoTrabajo] = {}


def registrar_tipo(nombre: str, funcion: Callable[[Catalogo, dict[str, Any], Avance], dict[str, Any] | None], *,
                   titulo: str, en_proceso: bool = False) -> None:
    """Register the job type ``nombre``; ``funcion`` must be a module-level function (a new process imports its
    module to run it)."""
    _TIPOS[nombre] = TipoTrabajo(nombre, funcion, titulo, en_proceso)


def tipo(nombre: str, modulo: str | None = None) -> TipoTrabajo:
    """The registered type; if this process has not imported the module that registers it, import it now."""
    if nombre not in _TIPOS and modulo:
        importlib.import_module(modulo)
    try:
        return _TIPOS[nombre]
    except KeyError:
        raise ArchivoError(f"No hay un tipo de trabajo «{nombre}» en esta versión del programa.") from None


@dataclass
class Trabajo:
    id: int
    tipo: str
    modulo: str
    titulo: str
    parametros: dict[str, Any]
    estado: str
    cancelar: bool
    hechos: int
    total: int | None
    mensaje: str
    resultado: dict[str, Any] | None
    usuario: str
    creado: str
    iniciado: str | None
    terminado: str | None
    intentos: int
    pid: int | None
    anfitrion: str | None

    @property
    def activo(self) -> bool:
        return self.estado in ("pendiente", "en curso")

    @property
    def porcentaje(self) -> int | None:
        if self.estado == "terminado":
            return 100
        if not self.total:
            return None
        return max(0, min(100, int(100 * self.hechos / self.total)))

    @property
    def nombre_estado(self) -> str:
        if self.estado == "en curso" and self.cancelar:
            return "cancelándose"
        return NOMBRES_ESTADO[self.estado]

    def como_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d.update(activo=self.activo, porcentaje=self.porcentaje, nombre_estado=self.nombre_estado)
        return d


def _de_fila(fila: Any) -> Trabajo:
    valores = {f.name: fila[f.name] for f in fields(Trabajo)}
    valores["parametros"] = json.loads(valores["parametros"] or "{}")
    valores["resultado"] = json.loads(valores["resultado"]) if valores["resultado"] else None
    valores["cancelar"] = bool(valores["cancelar"])
    return Trabajo(**valores)


def _json(valor: Any) -> str:
    return json.dumps(valor, ensure_ascii=False, default=str, sort_keys=True)


def encolar(cat: Catalogo, nombre_tipo: str, parametros: dict[str, Any], *, titulo: str | None = None) -> Trabajo:
    """Record a new job (pendiente) for the user of ``cat``; an ``Ejecutor`` runs it."""
    t = tipo(nombre_tipo)
    try:
        texto = _json(parametros)
    except (TypeError, ValueError) as e:
        raise ArchivoError(f"Los parámetros del trabajo no se pueden guardar: {e}") from None
    with cat.transaccion(f"encolar {t.titulo.lower()}") as tx:
        cur = tx.execute("INSERT INTO trabajos (tipo, modulo, titulo, parametros, usuario, creado) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (t.nombre, t.funcion.__module__, titulo or t.titulo, texto, cat.usuario, tx.momento))
        trabajo_id = int(cur.lastrowid)
        tx.registrar("trabajo", trabajo_id, None, {"tipo": t.nombre, "titulo": titulo or t.titulo})
    return obtener(cat, trabajo_id)


def obtener(cat: Catalogo, trabajo_id: int | str) -> Trabajo:
    tid = a_id(trabajo_id)
    if tid is None and not str(trabajo_id).strip().lstrip("#").isdecimal():
        raise EntradaInvalida(f"«{trabajo_id}» no es un número de trabajo.")
    fila = cat.uno("SELECT * FROM trabajos WHERE id = ?", (tid,)) if tid is not None else None
    if fila is None:
        raise NoEncontrado(f"No existe el trabajo {tid or trabajo_id}.")
    return _de_fila(fila)


def lista(cat: Catalogo, *, usuario: str | None = None, tipo_: str | None = None, activos: bool | None = None,
          limite: int = 50) -> list[Trabajo]:
    condiciones, params = [], []
    if usuario:
        condiciones.append("usuario = ?")
        params.append(usuario)
    if tipo_:
        condiciones.append("tipo = ?")
        params.append(tipo_)
    if activos is not None:
        condiciones.append("estado IN ('pendiente', 'en curso')" if activos
                           else "estado NOT IN ('pendiente', 'en curso')")
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    return [_de_fila(f) for f in cat.todos(f"SELECT * FROM trabajos{donde} ORDER BY id DESC LIMIT ?",
                                           (*params, limite))]


def pedir_cancelacion(cat: Catalogo, trabajo_id: int) -> Trabajo:
    """A job waiting is cancelled at once; a running one stops at its next progress report."""
    with cat.transaccion("cancelar trabajo") as tx:
        fila = tx.uno("SELECT estado FROM trabajos WHERE id = ?", (trabajo_id,))
        if fila is None:
            raise NoEncontrado(f"No existe el trabajo {trabajo_id}.")
        if fila["estado"] not in ("pendiente", "en curso"):
            raise ArchivoError(f"El trabajo {trabajo_id} ya terminó ({NOMBRES_ESTADO[fila['estado']]}).")
        if fila["estado"] == "pendiente":
            tx.execute("UPDATE trabajos SET estado = 'cancelado', cancelar = 1, terminado = ?, "
                       "mensaje = 'Cancelado antes de empezar.' WHERE id = ?", (tx.momento, trabajo_id))
        else:
            tx.execute("UPDATE trabajos SET cancelar = 1 WHERE id = ?", (trabajo_id,))
        tx.registrar("trabajo", trabajo_id, {"estado": fila["estado"]}, {"cancelar": True})
    return obtener(cat, trabajo_id)


def carpeta(raiz: Raiz, trabajo_id: int) -> Path:
    """The job's own folder (``.trabajos/ID``): files it receives (uploads) and files it produces."""
    return raiz.ruta / CARPETA / str(int(trabajo_id))


class Avance:
    """What a job calls to report progress: ``avance(hechos=, total=, mensaje=)`` or ``avance.sumar(n)``.

    Inside a transaction of the job's catalog the progress is written in that transaction (it commits with the
    work, so ``hechos`` always matches what was committed); outside, in a tiny transaction of its own, at most
    every ``INTERVALO_AVANCE_S``. Each write also notices a cancellation request and raises ``Cancelado``."""

    def __init__(self, cat: Catalogo, trabajo: Trabajo, intervalo: float = INTERVALO_AVANCE_S) -> None:
        self.cat = cat
        self.id = trabajo.id
        self.hechos = trabajo.hechos
        self.total = trabajo.total
        self.mensaje = trabajo.mensaje
        # What an interrupted run recorded of its partial result (e.g. the ids it created), to resume from it.
        self.parcial: dict[str, Any] = dict(trabajo.resultado or {})
        self.intervalo = intervalo
        self._escrito = 0.0

    def __call__(self, hechos: int | None = None, total: int | None = None, mensaje: str | None = None, *,
                 parcial: dict[str, Any] | None = None, forzar: bool = False) -> None:
        """Record progress. ``parcial``: the partial result so far (written with the work when inside a
        transaction, so a resumed run knows exactly what was committed)."""
        if hechos is not None:
            self.hechos = hechos
        if total is not None:
            self.total = total
        if mensaje is not None:
            self.mensaje = mensaje
        if parcial is not None:
            self.parcial = parcial
            forzar = True
        if self.cat._en_transaccion:
            self._escribir(self.cat.conn)
        elif forzar or total is not None or mensaje is not None or \
                time.monotonic() - self._escrito >= self.intervalo:
            with self.cat.transaccion("avance de trabajo") as tx:
                self._escribir(tx.conn)

    def sumar(self, n: int = 1) -> None:
        self(hechos=self.hechos + n)

    def _escribir(self, conn: Any) -> None:
        conn.execute("UPDATE trabajos SET hechos = ?, total = ?, mensaje = ?, resultado = ? WHERE id = ?",
                     (self.hechos, self.total, self.mensaje, _json(self.parcial) if self.parcial else None, self.id))
        self._escrito = time.monotonic()
        fila = conn.execute("SELECT cancelar FROM trabajos WHERE id = ?", (self.id,)).fetchone()
        if fila is not None and fila[0]:
            raise Cancelado("El trabajo se canceló a petición del usuario; lo ya hecho se conserva.")


def _terminar(cat: Catalogo, trabajo_id: int, estado: str, mensaje: str, resultado: dict[str, Any] | None) -> None:
    with cat.transaccion("terminar trabajo") as tx:
        tx.execute("UPDATE trabajos SET estado = ?, mensaje = ?, resultado = ?, terminado = ?, pid = NULL, "
                   "hechos = CASE WHEN ? = 'terminado' AND total IS NOT NULL THEN total ELSE hechos END "
                   "WHERE id = ?", (estado, mensaje, _json(resultado) if resultado is not None else None,
                                    tx.momento, estado, trabajo_id))
        tx.registrar("trabajo", trabajo_id, {"estado": "en curso"}, {"estado": estado, "mensaje": mensaje[:300]})


def ejecutar(raiz: Raiz, trabajo_id: int) -> Trabajo:
    """Run a claimed job (state «en curso») to its end in this process and record how it ended."""
    with Catalogo.abrir(raiz, usuario="sistema", migrar=False) as cat:
        trabajo = obtener(cat, trabajo_id)
        cat.usuario = trabajo.usuario  # the audit log names the person who asked for the job
        try:
            t = tipo(trabajo.tipo, trabajo.modulo)
            resultado = t.funcion(cat, trabajo.parametros, Avance(cat, trabajo)) or {}
        except Cancelado as e:
            _terminar(cat, trabajo_id, "cancelado", e.mensaje, None)
        except ArchivoError as e:
            _terminar(cat, trabajo_id, "fallido", e.mensaje,
                      {"problemas": [p.como_dict() for p in e.problemas]})
        except Exception:  # a bug: details to the log, a reference to the user
            referencia = f"T{trabajo_id}-{int(time.time())}"
            registro.exception("Error inesperado en el trabajo %s (referencia %s)", trabajo_id, referencia)
            _terminar(cat, trabajo_id, "fallido", "Ocurrió un error inesperado; no se completó. Dé a quien "
                      f"administra el sistema la referencia {referencia}.", {"referencia": referencia})
        else:
            _terminar(cat, trabajo_id, "terminado", str(resultado.get("mensaje") or "Terminado."), resultado)
        return obtener(cat, trabajo_id)


def reclamar(cat: Catalogo, trabajo_id: int) -> bool:
    """Take a pendiente job for this process (atomic: two processes never run the same job)."""
    with cat.transaccion("iniciar trabajo") as tx:
        cur = tx.execute("UPDATE trabajos SET estado = 'en curso', pid = ?, anfitrion = ?, "
                         "iniciado = COALESCE(iniciado, ?), intentos = intentos + 1 "
                         "WHERE id = ? AND estado = 'pendiente'",
                         (os.getpid(), socket.gethostname(), tx.momento, trabajo_id))
        return cur.rowcount == 1


def recuperar_interrumpidos(cat: Catalogo) -> list[int]:
    """Jobs «en curso» whose process on this machine no longer runs go back to pendiente (or fail after
    ``MAX_INTENTOS``). Returns their ids."""
    anfitrion = socket.gethostname()
    vueltos = []
    filas = cat.todos("SELECT id, pid, intentos FROM trabajos WHERE estado = 'en curso' AND anfitrion = ?",
                      (anfitrion,))
    for fila in filas:
        if fila["pid"] and pid_alive(fila["pid"]):
            continue
        if fila["intentos"] >= MAX_INTENTOS:
            _terminar(cat, fila["id"], "fallido", f"Se interrumpió {fila['intentos']} veces (el programa se detuvo "
                      "mientras trabajaba); no se reintenta más. Lo ya hecho se conserva.", None)
            continue
        with cat.transaccion("reanudar trabajo") as tx:
            cur = tx.execute("UPDATE trabajos SET estado = 'pendiente', pid = NULL WHERE id = ? AND "
                             "estado = 'en curso' AND (pid IS NULL OR pid = ?)", (fila["id"], fila["pid"]))
            if cur.rowcount:
                tx.registrar("trabajo", fila["id"], {"estado": "en curso"}, {"estado": "pendiente",
                                                                              "motivo": "proceso interrumpido"})
                vueltos.append(fila["id"])
    return vueltos


def limpiar_carpetas(cat: Catalogo, *, dias: int = 7) -> int:
    """Remove the folders of jobs that ended more than ``dias`` days ago. Returns how many."""
    base = cat.raiz.ruta / CARPETA
    if not base.is_dir():
        return 0
    limite = time.time() - dias * 86400
    quitadas = 0
    for sub in base.iterdir():
        if not sub.is_dir() or sub.stat().st_mtime >= limite:
            continue
        activo = False
        if sub.name.isdigit():
            fila = cat.uno("SELECT estado FROM trabajos WHERE id = ?", (int(sub.name),))
            activo = fila is not None and fila["estado"] in ("pendiente", "en curso")
        else:  # a staging folder of uploads: in use while a waiting or running job names it
            activo = cat.uno("SELECT 1 FROM trabajos WHERE estado IN ('pendiente', 'en curso') AND parametros "
                             "LIKE ?", (f'%"{sub.name}/%',)) is not None
        if not activo:
            shutil.rmtree(sub, ignore_errors=True)
            quitadas += 1
    return quitadas


class Ejecutor:
    """Runs the archive's pending jobs: at most ``hilos`` at a time (by default one per core), each in a thread
    of this process or, for ``en_proceso`` types, in a Python process of its own. On start it takes up jobs left
    «en curso» by a process that died; it looks for new jobs when told (``avisar``) and every ``intervalo``
    seconds (jobs queued by other processes, e.g. the CLI)."""

    def __init__(self, raiz: Raiz, *, hilos: int | None = None, intervalo: float = 2.0) -> None:
        self.raiz = raiz
        self.hilos = max(1, hilos or os.cpu_count() or 1)
        self.intervalo = intervalo
        self._despertar = threading.Event()
        self._detener = threading.Event()
        self._activos: dict[int, threading.Thread] = {}
        self._candado = threading.Lock()
        self._hilo: threading.Thread | None = None

    def iniciar(self) -> None:
        if self._hilo is not None:
            return
        self._hilo = threading.Thread(target=self._bucle, name="archivo-trabajos", daemon=True)
        self._hilo.start()

    def avisar(self) -> None:
        """A job was queued: look now instead of at the next interval."""
        self._despertar.set()

    def detener(self, espera: float = 5.0) -> None:
        """Stop taking new jobs. Threads running a job finish it (they are daemons: a process exit cuts them,
        and the next start resumes those jobs); jobs in their own process go on to their end."""
        self._detener.set()
        self._despertar.set()
        if self._hilo is not None:
            self._hilo.join(espera)
            self._hilo = None

    def ocupados(self) -> int:
        with self._candado:
            return sum(1 for h in self._activos.values() if h.is_alive())

    def _bucle(self) -> None:
        try:
            with Catalogo.abrir(self.raiz, usuario="sistema", migrar=False) as cat:
                recuperar_interrumpidos(cat)
                limpiar_carpetas(cat)
                while not self._detener.is_set():
                    try:
                        self._repartir(cat)
                    except Exception:  # never let the dispatcher die: log and keep going
                        registro.exception("Error al repartir trabajos en segundo plano")
                    self._despertar.wait(self.intervalo)
                    self._despertar.clear()
        except Exception:
            registro.exception("El ejecutor de trabajos se detuvo por un error")

    def _repartir(self, cat: Catalogo) -> None:
        with self._candado:
            for tid in [t for t, h in self._activos.items() if not h.is_alive()]:
                del self._activos[tid]
            libres = self.hilos - len(self._activos)
        if libres <= 0:
            return
        filas = cat.todos("SELECT id FROM trabajos WHERE estado = 'pendiente' ORDER BY id LIMIT ?", (libres,))
        for fila in filas:
            if not reclamar(cat, fila["id"]):
                continue
            hilo = threading.Thread(target=self._correr, args=(fila["id"],), name=f"trabajo-{fila['id']}",
                                    daemon=True)
            with self._candado:
                self._activos[fila["id"]] = hilo
            hilo.start()

    def _correr(self, trabajo_id: int) -> None:
        try:
            with Catalogo.abrir(self.raiz, usuario="sistema", migrar=False) as cat:
                trabajo = obtener(cat, trabajo_id)
                en_proceso = tipo(trabajo.tipo, trabajo.modulo).en_proceso
            if en_proceso:
                _en_otro_proceso(self.raiz, trabajo_id)
            else:
                ejecutar(self.raiz, trabajo_id)
        except Exception:
            registro.exception("No se pudo ejecutar el trabajo %s", trabajo_id)
            with Catalogo.abrir(self.raiz, usuario="sistema", migrar=False) as cat:
                if obtener(cat, trabajo_id).estado == "en curso":
                    _terminar(cat, trabajo_id, "fallido", "No se pudo ejecutar el trabajo; vea el registro de "
                              "errores del portal.", None)
        finally:
            self._despertar.set()


def _en_otro_proceso(raiz: Raiz, trabajo_id: int) -> None:
    """Run the job in a new Python process (``python -m archivo.base.trabajos RAIZ ID``) and wait for it."""
    proceso = subprocess.run([sys.executable, "-m", "archivo.base.trabajos", str(raiz.ruta), str(trabajo_id)],
                             capture_output=True, text=True, check=False)
    if proceso.returncode == 0:
        if proceso.stderr.strip():  # the job's own log lines (e.g. the traceback of an unexpected error)
            registro.warning("Trabajo %s (proceso propio):\n%s", trabajo_id, proceso.stderr[-8000:])
        return
    registro.error("El proceso del trabajo %s terminó con código %s: %s", trabajo_id, proceso.returncode,
                   proceso.stderr[-8000:])
    with Catalogo.abrir(raiz, usuario="sistema", migrar=False) as cat:
        if obtener(cat, trabajo_id).estado == "en curso":
            _terminar(cat, trabajo_id, "fallido", "El proceso del trabajo terminó de forma inesperada; vea el "
                      "registro de errores del portal.", None)


def _principal(argumentos: list[str]) -> int:
    """Entry point of a job's own process: record this pid, then run it."""
    raiz = Raiz(Path(argumentos[0]))
    trabajo_id = int(argumentos[1])
    with Catalogo.abrir(raiz, usuario="sistema", migrar=False) as cat, cat.transaccion("proceso de trabajo") as tx:
        tx.execute("UPDATE trabajos SET pid = ? WHERE id = ? AND estado = 'en curso'", (os.getpid(), trabajo_id))
    ejecutar(raiz, trabajo_id)
    return 0


def _con_problemas(cat: Catalogo, hoy: Any) -> list[pendientes.Pendiente]:
    """Jobs of the last two weeks that did not complete, or completed with files or rows left out."""
    desde = (hoy - timedelta(days=14)).isoformat()
    salida = []
    for f in cat.todos("SELECT * FROM trabajos WHERE creado >= ? AND estado IN ('fallido', 'terminado') "
                       "ORDER BY id DESC LIMIT 200", (desde,)):
        t = _de_fila(f)
        rechazados = int((t.resultado or {}).get("rechazados") or 0)
        if t.estado == "fallido":
            salida.append(pendientes.Pendiente(f"{t.titulo}: no se completó", "trabajo", str(t.id),
                                               (t.terminado or t.creado)[:10], True, t.mensaje))
        elif rechazados:
            salida.append(pendientes.Pendiente(f"{t.titulo}: {rechazados} archivo(s) con problemas", "trabajo",
                                               str(t.id), (t.terminado or t.creado)[:10], True, t.mensaje))
    return salida


pendientes.registrar(pendientes.Seccion("trabajos", "Trabajos e importaciones con problemas", _con_problemas,
                                        orden=80, vacio="Ningún trabajo reciente tuvo problemas."))


if __name__ == "__main__":
    # Run as «python -m archivo.base.trabajos»: delegate to the imported module, where job types register.
    from archivo.base import trabajos as _modulo

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(_modulo._principal(sys.argv[1:]))
