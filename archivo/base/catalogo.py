"""The catalog: the one source of truth for metadata (SQLite, WAL, foreign keys, versioned migrations).

Every user action is one transaction (``Catalogo.transaccion``) that also records the audit log
(``historial``). Files written during a transaction go through ``Transaccion.escribir_archivo``: the path is
journaled in ``.diario/`` before the file appears, so a process killed mid-transaction leaves nothing
behind: the next writer rolls the orphan files back (``_recuperar``) while it holds the write lock.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from archivo.base.errors import ArchivoError, Ocupado
from archivo.base.fsutil import (
    atomic_path,
    atomic_write_bytes,
    fsync_dir,
    remove_stale_temporaries,
    sha256_bytes,
    sha256_file,
)
from archivo.base.raiz import Raiz

registro = logging.getLogger("archivo")
ESPERA_ESCRITURA_S = 60.0  # how long a writer waits for another one before giving up

# Work that runs after a transaction commits, by name: a domain package registers it (``registrar_tarea``) and
# a transaction asks for it once (``Transaccion.programar``). Derived data only: if it fails the change stands.
TAREA_INDEXAR = "indexar"  # the search index takes the documents queued in ``indice_pendientes``
_TAREAS: dict[str, Callable[[Catalogo], None]] = {}


def registrar_tarea(nombre: str, funcion: Callable[[Catalogo], None]) -> None:
    """Register the post-commit work called ``nombre`` (a transaction asks for it with ``programar``)."""
    _TAREAS[nombre] = funcion


def tarea_registrada(nombre: str) -> Callable[[Catalogo], None] | None:
    """The post-commit work registered as ``nombre`` in this process (to put it back after replacing it)."""
    return _TAREAS.get(nombre)


def usuario_del_sistema() -> str:
    for var in ("ARCHIVO_USUARIO",):
        if os.environ.get(var):
            return os.environ[var]
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers)
        return f"uid-{os.getuid()}"


def ahora() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _migraciones() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every ``archivo/migraciones/NNNN_nombre.sql``, in order."""
    encontradas = []
    for entrada in resources.files("archivo.base.migraciones").iterdir():
        nombre = entrada.name
        if nombre.endswith(".sql") and nombre[:4].isdigit():
            encontradas.append((int(nombre[:4]), nombre[5:-4], entrada.read_text(encoding="utf-8")))
    encontradas.sort()
    versiones = [v for v, _, _ in encontradas]
    if len(set(versiones)) != len(versiones):
        raise RuntimeError(f"migraciones con número repetido: {versiones}")
    return encontradas


def _sentencias(sql: str) -> list[str]:
    sentencias, actual = [], ""
    for linea in sql.splitlines(keepends=True):
        actual += linea
        if sqlite3.complete_statement(actual):
            if actual.strip():
                sentencias.append(actual.strip())
            actual = ""
    if actual.strip() and not actual.strip().startswith("--"):
        sentencias.append(actual.strip())
    return sentencias


class Transaccion:
    """A write transaction: SQL, audit records, and journaled file writes."""

    def __init__(self, catalogo: Catalogo, accion: str) -> None:
        self.catalogo = catalogo
        self.conn = catalogo.conn
        self.accion = accion
        self.momento = ahora()
        self._diario: Path | None = None
        self._escritos: list[Path] = []
        self._al_confirmar: list[Callable[[], None]] = []
        self._programadas: set[str] = set()

    # --- SQL ----------------------------------------------------------------------------------
    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def uno(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def todos(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    # --- audit --------------------------------------------------------------------------------
    def registrar(self, entidad: str, clave: Any, antes: Any, despues: Any, accion: str | None = None) -> None:
        """Record one change in the audit log (``antes``/``despues`` are JSON-serialisable or None)."""
        self.conn.execute(
            "INSERT INTO historial (momento, usuario, accion, entidad, clave, antes, despues) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.momento, self.catalogo.usuario, accion or self.accion, entidad,
             None if clave is None else str(clave), _json(antes), _json(despues)),
        )

    # --- files --------------------------------------------------------------------------------
    def _journal(self, ruta: Path) -> None:
        """Append ``ruta`` to this transaction's journal (one JSON line per file, fsynced) before writing it."""
        raiz = self.catalogo.raiz
        if self._diario is None:
            raiz.diario.mkdir(exist_ok=True)
            self._diario = raiz.diario / f"{os.getpid()}-{uuid.uuid4().hex}.jsonl"
            self._diario_fd = open(self._diario, "a", encoding="utf-8")  # noqa: SIM115 - closed in _cerrar_diario
        self._escritos.append(ruta)
        self._diario_fd.write(json.dumps({"ruta": raiz.relativa(ruta)}) + "\n")
        self._diario_fd.flush()
        os.fsync(self._diario_fd.fileno())

    def escribir_archivo(self, ruta: Path, data: bytes, *, tipo: str, sync_dir: bool = True) -> int:
        """Write a new file atomically (never over an existing one) and register it in ``archivos``.

        Returns the ``archivos.id``. If the transaction does not commit, the file is removed.
        """
        raiz = self.catalogo.raiz
        ruta = Path(ruta)
        rel = raiz.relativa(ruta)
        if self.uno("SELECT 1 FROM archivos WHERE ruta = ?", (rel,)):
            raise ArchivoError(f"Ya existe un archivo registrado en {rel}; un documento emitido no se sobrescribe.")
        if ruta.exists():
            raise ArchivoError(
                f"Ya hay un archivo no registrado en {rel}. Revíselo con «archivo verificar» y muévalo "
                "fuera del expediente antes de volver a intentar."
            )
        self._journal(ruta)
        with atomic_path(ruta, overwrite=False, sync_dir=sync_dir) as tmp:
            tmp.write_bytes(data)
        digest = sha256_bytes(data)
        cur = self.execute(
            "INSERT INTO archivos (ruta, sha256, bytes, tipo, creado) VALUES (?, ?, ?, ?, ?)",
            (rel, digest, len(data), tipo, self.momento),
        )
        return int(cur.lastrowid)

    def registrar_archivo_existente(self, ruta: Path, *, tipo: str) -> int:
        """Register a file already written under the root in this transaction (e.g. a copy)."""
        raiz = self.catalogo.raiz
        ruta = Path(ruta)
        cur = self.execute(
            "INSERT INTO archivos (ruta, sha256, bytes, tipo, creado) VALUES (?, ?, ?, ?, ?)",
            (raiz.relativa(ruta), sha256_file(ruta), ruta.stat().st_size, tipo, self.momento),
        )
        return int(cur.lastrowid)

    def journal_path(self, ruta: Path) -> None:
        """Journal a path the caller is about to write itself (removed if the transaction fails)."""
        self._journal(Path(ruta))

    def al_confirmar(self, funcion: Callable[[], None]) -> None:
        """Run ``funcion`` after a successful commit (derived data: carátulas, files of discarded borradores)."""
        self._al_confirmar.append(funcion)

    def programar(self, tarea: str) -> None:
        """Run the registered post-commit work ``tarea`` once after this transaction commits (see
        ``registrar_tarea``); if no package registered it in this process, its queue waits for the next one."""
        if tarea in self._programadas:
            return
        self._programadas.add(tarea)

        def ejecutar() -> None:
            funcion = _TAREAS.get(tarea)
            if funcion is not None:
                funcion(self.catalogo)

        self._al_confirmar.append(ejecutar)

    def _deshacer_archivos(self) -> None:
        for p in self._escritos:
            p.unlink(missing_ok=True)
        self._cerrar_diario()

    def _cerrar_diario(self) -> None:
        if self._diario is not None:
            self._diario_fd.close()
            self._diario.unlink(missing_ok=True)
            self._diario = None


def _json(valor: Any) -> str | None:
    if valor is None:
        return None
    return json.dumps(valor, ensure_ascii=False, default=str, sort_keys=True)


class Catalogo:
    """A connection to an archive's catalog."""

    def __init__(self, raiz: Raiz, conn: sqlite3.Connection, usuario: str) -> None:
        self.raiz = raiz
        self.conn = conn
        self.usuario = usuario
        self._en_transaccion = False

    @classmethod
    def abrir(cls, raiz: Raiz, usuario: str | None = None, *, migrar: bool = True) -> Catalogo:
        path = raiz.catalogo_path
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=ESPERA_ESCRITURA_S,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across process crashes
            conn.execute(f"PRAGMA busy_timeout = {int(ESPERA_ESCRITURA_S * 1000)}")
        except sqlite3.DatabaseError as e:
            raise ArchivoError(
                f"No se pudo abrir el catálogo {path}: {e}. Si el archivo está dañado, restaure su respaldo."
            ) from None
        cat = cls(raiz, conn, usuario or usuario_del_sistema())
        if migrar:
            cat.migrar()
        return cat

    def cerrar(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalogo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cerrar()

    # --- schema -------------------------------------------------------------------------------
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrar(self) -> list[str]:
        """Apply every migration not yet applied (tracked one by one, so a gap filled later still runs)."""
        disponibles = _migraciones()
        aplicadas = self._aplicadas()
        if all(v in aplicadas for v, _, _ in disponibles):
            return []
        hechas = []
        self._begin()
        try:
            aplicadas = self._aplicadas()  # re-read under the lock: another process may have migrated
            for version, nombre, sql in disponibles:
                if version in aplicadas:
                    continue
                for sentencia in _sentencias(sql):
                    self.conn.execute(sentencia)
                self.conn.execute("INSERT INTO _migraciones (version, nombre, aplicada) VALUES (?, ?, ?)",
                                  (version, nombre, ahora()))
                hechas.append(nombre)
            self.conn.execute(f"PRAGMA user_version = {max(v for v, _, _ in disponibles)}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return hechas

    def _aplicadas(self) -> set[int]:
        self.conn.execute("CREATE TABLE IF NOT EXISTS _migraciones (version INTEGER PRIMARY KEY, nombre TEXT NOT NULL, "
                          "aplicada TEXT NOT NULL)")
        return {f[0] for f in self.conn.execute("SELECT version FROM _migraciones")}

    # --- transactions -------------------------------------------------------------------------
    def _begin(self) -> None:
        inicio = time.monotonic()
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if time.monotonic() - inicio > ESPERA_ESCRITURA_S:
                    raise Ocupado(
                        f"El catálogo está ocupado por otro proceso desde hace más de {int(ESPERA_ESCRITURA_S)} s. "
                        "Espere a que termine e intente de nuevo."
                    ) from None
                time.sleep(0.05)

    @contextmanager
    def transaccion(self, accion: str) -> Iterator[Transaccion]:
        """One user action: BEGIN IMMEDIATE … COMMIT, with audit and journaled files."""
        if self._en_transaccion:
            raise RuntimeError("transacción anidada")
        self._begin()
        self._en_transaccion = True
        tx = Transaccion(self, accion)
        try:
            self._recuperar()
            yield tx
            self.conn.execute("COMMIT")
        except BaseException:
            try:
                self.conn.execute("ROLLBACK")
            finally:
                self._en_transaccion = False
                tx._deshacer_archivos()
            raise
        self._en_transaccion = False
        tx._cerrar_diario()
        for funcion in tx._al_confirmar:
            try:
                funcion()
            except Exception as e:  # derived data only: the committed change stands and can be rebuilt
                registro.warning(
                    "El cambio quedó guardado, pero no se pudo actualizar un dato derivado (%s: %s). "
                    "Ejecute «archivo verificar» y, si hace falta, «archivo reindexar».", type(e).__name__, e)

    def escribir_regenerable(self, ruta: Path, data: bytes, *, tipo: str) -> None:
        """(Re)write a derived file (carátula, índice) atomically and record its new SHA-256.

        Call it outside any transaction (e.g. from ``Transaccion.al_confirmar``).
        """
        ruta = Path(ruta)
        digest = atomic_write_bytes(ruta, data)
        rel = self.raiz.relativa(ruta)
        with self.transaccion(f"regenerar {tipo}") as tx:
            tx.execute(
                "INSERT INTO archivos (ruta, sha256, bytes, tipo, regenerable, creado) VALUES (?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (ruta) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes",
                (rel, digest, len(data), tipo, tx.momento),
            )

    def recuperar(self) -> None:
        """Finish the cleanup of any writer that died mid-transaction (a write transaction does it too)."""
        with self.transaccion("recuperar"):
            pass

    def registrar_evento(self, accion: str, entidad: str, clave: Any, antes: Any, despues: Any) -> None:
        with self.transaccion(accion) as tx:
            tx.registrar(entidad, clave, antes, despues)

    def _recuperar(self) -> None:
        """Roll back files of writers that died mid-transaction (we hold the write lock now)."""
        diario = self.raiz.diario
        if not diario.is_dir():
            return
        for entrada in diario.glob("*.jsonl"):
            rutas = []
            try:
                for linea in entrada.read_text(encoding="utf-8").splitlines():
                    try:
                        rutas.append(json.loads(linea)["ruta"])
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by the crash: its file was never created
            except OSError:
                continue
            carpetas = set()
            for rel in rutas:
                ruta = self.raiz.ruta / rel
                carpetas.add(ruta.parent)
                fila = self.conn.execute("SELECT sha256 FROM archivos WHERE ruta = ?", (rel,)).fetchone()
                if fila is None and ruta.exists():
                    ruta.unlink()
            for carpeta in carpetas:
                remove_stale_temporaries(carpeta)
                fsync_dir(carpeta)
            entrada.unlink(missing_ok=True)
        remove_stale_temporaries(diario)

    # --- reads --------------------------------------------------------------------------------
    def uno(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def todos(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()


def iniciar_archivo(ruta: Path | str, *, toml: str | None = None) -> Raiz:
    """Create a new archive: folders, ``archivo.toml`` and its catalog (the only way a catalog is created)."""
    raiz = Raiz.preparar(ruta, toml=toml)
    with Catalogo.abrir(raiz, usuario="sistema") as cat:
        cat.registrar_evento("iniciar archivo", "archivo", raiz.config.siglas, None,
                             {"institucion": raiz.config.institucion["nombre"]})
    return raiz
