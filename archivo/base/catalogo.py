"""The catalog: the one source of truth for metadata (SQLite, WAL, foreign keys, versioned migrations).

Every user action is one transaction (``Catalogo.transaccion``) that also records the audit log
(``historial``). Files written during a transaction go through ``Transaccion.escribir_archivo``: the path is
journaled in ``.diario/`` before the file appears, so a process killed mid-transaction leaves nothing
behind: the next writer rolls the orphan files back (``_recuperar``) while it holds the write lock.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from archivo.base.errors import (
    COMO_RESTAURAR,
    ArchivoError,
    CatalogoDanado,
    CatalogoNoDisponible,
    Ocupado,
    SinEspacio,
    SinPermiso,
    error_de_disco,
)
from archivo.base.fsutil import (
    atomic_path,
    atomic_write_bytes,
    escribir_en,
    fsync_dir,
    pid_alive,
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


class TareaEnSegundoPlano:
    """Runs the post-commit work ``tarea`` in a thread of its own, with its own catalog connection, instead of in
    the process's request that committed (the portal: issuing a document does not wait for the carátula and the
    índice of its expedientes). Install it with ``registrar_tarea(tarea, t.avisar)`` after ``iniciar``; notices
    that arrive while it works are served by one more run. ``detener`` runs it once more if a notice is pending.
    Derived data only: what a run leaves undone (a crash) is marked stale and done by the next one."""

    def __init__(self, raiz: Raiz, tarea: str, funcion: Callable[[Catalogo], Any]) -> None:
        self.raiz = raiz
        self.tarea = tarea
        self.funcion = funcion
        self._evento = threading.Event()
        self._detener = threading.Event()
        self._hilo: threading.Thread | None = None

    def iniciar(self) -> None:
        if self._hilo is None:
            self._hilo = threading.Thread(target=self._bucle, name=f"archivo-{self.tarea}", daemon=True)
            self._hilo.start()

    def avisar(self, cat: Catalogo | None = None) -> None:
        """A transaction asked for the work: this thread does it, unless the transaction was on another archive
        opened by the same process (the registry of tasks is per process): that one is done at once, as before."""
        if cat is not None and cat.raiz.ruta != self.raiz.ruta:
            self.funcion(cat)
            return
        self._evento.set()

    def detener(self, espera: float = 10.0) -> None:
        self._detener.set()
        if self._hilo is not None:
            self._hilo.join(espera)
            self._hilo = None

    def _bucle(self) -> None:
        while True:
            while not self._evento.wait(0.5):
                if self._detener.is_set():
                    return
            self._evento.clear()
            try:
                with Catalogo.abrir(self.raiz, usuario="sistema", migrar=False) as cat:
                    self.funcion(cat)
            except Exception:  # never let the thread die: the stale marks stay for the next run
                registro.exception("No se pudo hacer en segundo plano la tarea «%s»", self.tarea)


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


# Journals this process has open (a journal named with our own pid but not here is a leftover of an earlier
# process that had the same pid).
_DIARIOS_ACTIVOS: set[str] = set()


def _abrir_diario(raiz: Raiz) -> tuple[Path, Any]:
    """A new journal file ``.diario/<pid>-<uuid>.jsonl`` (the pid says whether its writer still runs)."""
    raiz.diario.mkdir(exist_ok=True)
    ruta = raiz.diario / f"{os.getpid()}-{uuid.uuid4().hex}.jsonl"
    _DIARIOS_ACTIVOS.add(str(ruta))
    return ruta, open(ruta, "a", encoding="utf-8")  # noqa: SIM115 - closed by its owner


def _cerrar(ruta: Path, fd: Any) -> None:
    fd.close()
    ruta.unlink(missing_ok=True)
    _DIARIOS_ACTIVOS.discard(str(ruta))


def _en_curso(diario: Path) -> bool:
    """Whether the writer of this journal is still at work."""
    pid = _pid_del_diario(diario)
    if pid is None:
        return False
    if pid == os.getpid():
        return str(diario) in _DIARIOS_ACTIVOS
    return pid_alive(pid)


def _anotar(fd: Any, entrada: dict[str, str]) -> None:
    fd.write(json.dumps(entrada) + "\n")
    fd.flush()
    os.fsync(fd.fileno())


def _pid_del_diario(ruta: Path) -> int | None:
    try:
        return int(ruta.name.split("-", 1)[0])
    except ValueError:
        return None


def _leer_diario(ruta: Path) -> list[dict[str, str]]:
    entradas = []
    try:
        texto = ruta.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    for linea in texto.splitlines():
        try:
            entrada = json.loads(linea)
        except ValueError:
            continue  # a line cut short by the crash: its file was never created
        if isinstance(entrada, dict):
            entradas.append({k: v for k, v in entrada.items() if isinstance(v, str)})
    return entradas


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
    def _journal(self, ruta: Path, clave: str = "ruta") -> None:
        """Append ``ruta`` to this transaction's journal (one JSON line per file, fsynced) before writing it.

        ``clave`` is «ruta» for a file of the archive, «temporal» for the temporary file it is written through."""
        raiz = self.catalogo.raiz
        if self._diario is None:
            self._diario, self._diario_fd = _abrir_diario(raiz)
        if clave == "ruta":
            self._escritos.append(ruta)
        _anotar(self._diario_fd, {clave: raiz.relativa(ruta)})

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
        with atomic_path(ruta, overwrite=False, sync_dir=sync_dir,
                         anunciar=lambda tmp: self._journal(tmp, "temporal")) as tmp:
            escribir_en(tmp, data)
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
        try:
            for p in self._escritos:
                with contextlib.suppress(FileNotFoundError):
                    if p.exists():
                        p.unlink()
        finally:
            self._cerrar_diario()

    def _cerrar_diario(self) -> None:
        if self._diario is not None:
            _cerrar(self._diario, self._diario_fd)
            self._diario = None


def _json(valor: Any) -> str | None:
    if valor is None:
        return None
    return json.dumps(valor, ensure_ascii=False, default=str, sort_keys=True)


MARCA_DANO = ".catalogo-danado.json"  # beside the catalog: damage found, no writes until restored or repaired
# Catalogs this process has already checked with PRAGMA quick_check before its first write (path -> True).
_COMPROBADOS: set[str] = set()


@dataclass
class EstadoCatalogo:
    """The result of SQLite's integrity check of the catalog (``Catalogo.comprobar``)."""

    correcto: bool
    problemas: list[str]  # each one in Spanish
    rapida: bool

    @property
    def mensaje(self) -> str:
        if self.correcto:
            return ("El catálogo está íntegro (comprobación rápida de SQLite)." if self.rapida
                    else "El catálogo está íntegro (comprobación completa de SQLite).")
        return (f"El catálogo está dañado: SQLite encontró {len(self.problemas)} problema(s). No se escribirá en él. "
                + COMO_RESTAURAR)


_TRADUCCIONES_INTEGRIDAD = [
    (re.compile(r"^\*\*\* in database (\w+) \*\*\*$"), "en la base de datos {0}:"),
    (re.compile(r"^row (\d+) missing from index (\S+)$"), "falta la fila {0} en el índice {1}"),
    (re.compile(r"^wrong # of entries in index (\S+)$"), "el índice {0} no tiene el número correcto de entradas"),
    (re.compile(r"^Page (\d+): never used$"), "la página {0} no se usa"),
    (re.compile(r"^Page (\d+) is never used$"), "la página {0} no se usa"),
    (re.compile(r"^On tree page (\d+) cell (\d+): (.*)$"), "página {0}, celda {1}: {2}"),
    (re.compile(r"^Tree (\d+) page (\d+) cell (\d+): (.*)$"), "árbol {0}, página {1}, celda {2}: {3}"),
    (re.compile(r"^Tree (\d+) page (\d+): (.*)$"), "árbol {0}, página {1}: {2}"),
    (re.compile(r"^NULL value in (\S+)$"), "valor vacío (NULL) no permitido en {0}"),
    (re.compile(r"^CHECK constraint failed in (\S+)$"), "no se cumple una restricción CHECK en {0}"),
    (re.compile(r"^database disk image is malformed$"), "el archivo de la base de datos tiene un formato dañado"),
    (re.compile(r"^file is not a database$"), "el archivo no es una base de datos SQLite"),
]


def traducir_integridad(linea: str) -> str:
    """One line of ``PRAGMA integrity_check`` in Spanish (SQLite's own words kept when there is no translation)."""
    texto = linea.strip()
    for patron, plantilla in _TRADUCCIONES_INTEGRIDAD:
        m = patron.match(texto)
        if m:
            return plantilla.format(*m.groups())
    return f"detalle técnico de SQLite: {texto}"


def disco_lleno(ruta: Path | str, margen: int = 1 << 20) -> bool:
    """Whether the file system of ``ruta`` has less than ``margen`` bytes left for this user."""
    carpeta = Path(ruta)
    while not carpeta.exists() and carpeta != carpeta.parent:
        carpeta = carpeta.parent
    try:
        st = os.statvfs(carpeta)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < margen


def traducir_sqlite(e: sqlite3.Error, ruta: Path | str, accion: str = "usar el catálogo") -> ArchivoError | None:
    """A Spanish error for a SQLite failure that is not a bug (damage, full disk, read-only), or None."""
    codigo = getattr(e, "sqlite_errorcode", None)
    primario = codigo & 0xFF if isinstance(codigo, int) else None
    texto = str(e).lower()
    if primario in (11, 26) or "malformed" in texto or "not a database" in texto:  # SQLITE_CORRUPT, SQLITE_NOTADB
        return CatalogoDanado(f"El catálogo {ruta} está dañado (SQLite: «{e}»). No se escribió nada. "
                              + COMO_RESTAURAR)
    if primario == 13 or "disk is full" in texto or (primario in (10, 14) and disco_lleno(ruta)):  # SQLITE_FULL
        return SinEspacio(f"No se pudo {accion}: no queda espacio en el disco donde está el catálogo ({ruta}). "
                          "No se guardó nada de esta operación y lo ya archivado está intacto. Libere espacio y "
                          "repita la operación.")
    if primario == 8 or "readonly" in texto or "read-only" in texto:  # SQLITE_READONLY
        return SinPermiso(f"No se pudo {accion}: el catálogo {ruta} (o su carpeta) es de solo lectura para su "
                          "usuario. No se guardó nada. Pida permiso de escritura sobre la carpeta del archivo y "
                          "sus archivos catalogo.sqlite*; para solo consultar y buscar no hace falta.")
    if primario == 14 or "unable to open" in texto:  # SQLITE_CANTOPEN
        return SinPermiso(f"No se pudo abrir el catálogo {ruta}: su usuario no puede leerlo o no puede crear "
                          "sus archivos auxiliares (catalogo.sqlite-wal y -shm) en la carpeta. Revise los permisos "
                          "de la carpeta del archivo.")
    if primario == 10 or "disk i/o error" in texto:  # SQLITE_IOERR
        return ArchivoError(f"No se pudo {accion}: el disco donde está el catálogo ({ruta}) dio un error de "
                            "escritura o lectura (¿lleno, desconectado o de solo lectura?). No se guardó nada de "
                            "esta operación. Revise el disco y repita la operación.")
    return None


class Catalogo:
    """A connection to an archive's catalog."""

    def __init__(self, raiz: Raiz, conn: sqlite3.Connection, usuario: str) -> None:
        self.raiz = raiz
        self.conn = conn
        self.usuario = usuario
        self._en_transaccion = False
        self.solo_lectura = False  # this user may read the catalog but not write it (see ``abrir``)

    @classmethod
    def abrir(cls, raiz: Raiz, usuario: str | None = None, *, migrar: bool = True, crear: bool = False) -> Catalogo:
        """Open the catalog of ``raiz``. Only ``crear=True`` (``iniciar_archivo``, ``archivo recuperar``) may make a
        new one: a missing, empty or blank catalog on an existing archive is refused, never silently recreated
        (it would hand out folios that already exist)."""
        path = raiz.catalogo_path
        if not crear:
            _exigir_catalogo(path)
        solo_lectura = not crear and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        try:
            conn = _conectar_para_leer(path) if solo_lectura else _conectar(path, "rwc" if crear else "rw")
            if conn is None:
                raise sqlite3.OperationalError("attempt to write a readonly database")
        except sqlite3.Error as e:
            error = traducir_sqlite(e, path, "abrir el catálogo")
            if isinstance(error, CatalogoDanado):
                _marcar_dano(raiz, [traducir_integridad(str(e))], "error al abrir el catálogo")
            if crear or solo_lectura or not isinstance(error, SinPermiso):
                raise error or ArchivoError(f"No se pudo abrir el catálogo {path}: {e}.") from None
            conn = _conectar_para_leer(path)
            if conn is None:
                raise error from None
            solo_lectura = True
        cat = cls(raiz, conn, usuario or usuario_del_sistema())
        cat.solo_lectura = solo_lectura
        if solo_lectura:
            cat._exigir_version()
            return cat
        if migrar:
            try:
                cat.migrar()
            except sqlite3.Error as e:
                cat.cerrar()
                error = traducir_sqlite(e, path, "actualizar el catálogo")
                if error is None:
                    raise
                if isinstance(error, CatalogoDanado):
                    _marcar_dano(raiz, [traducir_integridad(str(e))], "error al actualizar el catálogo")
                if isinstance(error, SinPermiso):
                    error = SinPermiso(
                        f"El catálogo {path} necesita actualizarse a esta versión de archivo y su usuario no puede "
                        "escribir en él. Ejecute cualquier comando una vez con un usuario que tenga permiso de "
                        "escritura.")
                raise error from None
        cat._limpiar_interrumpidos()
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

    def _exigir_version(self) -> None:
        """A catalog opened only for reading cannot be migrated: it must already be at this version."""
        if any(v not in self._aplicadas() for v, _, _ in _migraciones()):
            self.cerrar()
            raise SinPermiso(
                f"El catálogo {self.raiz.catalogo_path} necesita actualizarse a esta versión de archivo y su usuario "
                "solo puede leerlo. Ejecute cualquier comando una vez con un usuario que tenga permiso de escritura.")

    def _aplicadas(self) -> set[int]:
        existe = self.conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = '_migraciones'").fetchone()[0]
        if not existe and self.solo_lectura:
            return set()
        if not existe:
            self.conn.execute("CREATE TABLE IF NOT EXISTS _migraciones (version INTEGER PRIMARY KEY, "
                              "nombre TEXT NOT NULL, aplicada TEXT NOT NULL)")
        return {f[0] for f in self.conn.execute("SELECT version FROM _migraciones")}

    # --- integrity ----------------------------------------------------------------------------
    @property
    def marca_dano(self) -> Path:
        return self.raiz.ruta / MARCA_DANO

    def comprobar(self, *, rapida: bool = True) -> EstadoCatalogo:
        """SQLite's ``PRAGMA quick_check`` (``rapida``) or ``integrity_check``, in Spanish.

        Damage found is remembered beside the catalog (``.catalogo-danado.json``) and every later write is
        refused until a check passes again; a clean check clears that mark. The portal runs the quick check at
        start; ``archivo verificar`` runs the complete one."""
        return _comprobar(self.raiz, self.conn, rapida)

    def _marcar_dano(self, problemas: list[str], origen: str) -> None:
        _marcar_dano(self.raiz, problemas, origen)

    def dano_conocido(self) -> dict[str, Any] | None:
        """What the damage mark says (None: no damage known)."""
        try:
            return json.loads(self.marca_dano.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"detectado": "", "origen": "", "problemas": []}

    def _exigir_sano(self) -> None:
        """Refuse to write into a catalog known to be damaged; check it once per process before its first write."""
        dano = self.dano_conocido()
        if dano is not None:
            cuando = f" el {dano.get('detectado', '')[:16].replace('T', ' ')}" if dano.get("detectado") else ""
            raise CatalogoDanado(
                f"El catálogo {self.raiz.catalogo_path} está dañado (se detectó{cuando}): no se escribe en él "
                "para no perder ni repetir folios. Consulte el detalle con «archivo verificar». " + COMO_RESTAURAR)
        if str(self.raiz.catalogo_path) not in _COMPROBADOS:
            estado = self.comprobar(rapida=True)
            if not estado.correcto:
                raise CatalogoDanado(
                    f"El catálogo {self.raiz.catalogo_path} está dañado: no se escribe en él para no perder ni "
                    f"repetir folios ({'; '.join(estado.problemas[:3])}). " + COMO_RESTAURAR)

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
        """One user action: BEGIN IMMEDIATE … COMMIT, with audit and journaled files.

        A refused write (read-only file or folder, full disk) or damage SQLite reports becomes a Spanish
        ``ArchivoError`` naming the path; nothing of the action is kept."""
        if self._en_transaccion:
            raise RuntimeError("transacción anidada")
        if self.solo_lectura:
            raise SinPermiso(
                f"No se pudo completar «{accion}»: su usuario solo puede leer este archivo (el catálogo "
                f"{self.raiz.catalogo_path} o su carpeta no admiten escritura). No se guardó nada. Para consultar y buscar no hace falta más; "
                "para hacer cambios, pida permiso de escritura sobre la carpeta del archivo.")
        self._exigir_sano()
        try:
            self._begin()
        except sqlite3.Error as e:
            raise self._traducir(e, accion) from None
        self._en_transaccion = True
        tx = Transaccion(self, accion)
        try:
            self._recuperar()
            yield tx
            self.conn.execute("COMMIT")
        except BaseException as e:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite already rolled back (e.g. after SQLITE_FULL)
            finally:
                self._en_transaccion = False
                with contextlib.suppress(OSError):
                    tx._deshacer_archivos()
            if isinstance(e, sqlite3.Error):
                traducido = self._traducir(e, accion)
                if traducido is not None:
                    raise traducido from None
            if isinstance(e, OSError):
                traducido = error_de_disco(e, f"completar «{accion}»")
                if traducido is not None:
                    raise traducido from None
            raise
        self._en_transaccion = False
        tx._cerrar_diario()
        for funcion in tx._al_confirmar:
            try:
                funcion()
            except Exception as e:  # derived data only: the committed change stands and can be rebuilt
                registro.warning(
                    "El cambio quedó guardado, pero no se pudo actualizar un dato derivado (%s). "
                    "Ejecute «archivo verificar» y, si hace falta, «archivo reindexar».", _describir(e))

    def _traducir(self, e: sqlite3.Error, accion: str) -> ArchivoError | None:
        traducido = traducir_sqlite(e, self.raiz.catalogo_path, f"completar «{accion}»")
        if isinstance(traducido, CatalogoDanado):
            _COMPROBADOS.discard(str(self.raiz.catalogo_path))
            self._marcar_dano([traducir_integridad(str(e))], f"error al {accion}")
        return traducido

    def escribir_regenerable(self, ruta: Path, data: bytes, *, tipo: str) -> None:
        """(Re)write a derived file (carátula, índice) atomically and record its new SHA-256.

        Call it outside any transaction (e.g. from ``Transaccion.al_confirmar``). Its temporary file is journaled
        first, so a process killed mid-write leaves nothing the next command does not clean up. The file is
        replaced and its SHA-256 recorded while holding the catalog's write lock: two processes refreshing the same
        carátula at once leave on disk the one the catalog records.
        """
        ruta = Path(ruta)
        self._exigir_sano()
        rel = self.raiz.relativa(ruta)
        with self.transaccion(f"regenerar {tipo}") as tx:
            diario, fd = _abrir_diario(self.raiz)
            try:
                digest = atomic_write_bytes(ruta, data,
                                            anunciar=lambda tmp: _anotar(fd, {"temporal": self.raiz.relativa(tmp)}))
            finally:
                _cerrar(diario, fd)
            tx.execute(
                "INSERT INTO archivos (ruta, sha256, bytes, tipo, regenerable, creado) VALUES (?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (ruta) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes",
                (rel, digest, len(data), tipo, tx.momento),
            )

    def recuperar(self) -> None:
        """Finish the cleanup of any writer that died mid-transaction (a write transaction does it too)."""
        with self.transaccion("recuperar"):
            pass

    def _limpiar_interrumpidos(self) -> None:
        """On opening: if a writer was killed (its journal is still there), clean up after it now, so the
        next command of any kind leaves no ``.tmp-*`` behind. Skipped quietly when this user may not write or
        the catalog is busy: the next write does it."""
        if self.solo_lectura or not self.raiz.diario.is_dir() or all(
                _en_curso(d) for d in self.raiz.diario.glob("*.jsonl")):
            return
        with contextlib.suppress(ArchivoError, sqlite3.Error, OSError):
            self.recuperar()

    def temporales_en_curso(self) -> set[str]:
        """Temporary files (relative paths) that a running writer has journaled: the only ``.tmp-*`` files
        ``archivo verificar`` does not report (a file named like one but unknown to any journal is reported)."""
        vivos: set[str] = set()
        if not self.raiz.diario.is_dir():
            return vivos
        for entrada in self.raiz.diario.glob("*.jsonl"):
            if _en_curso(entrada):
                vivos.update(e["temporal"] for e in _leer_diario(entrada) if "temporal" in e)
        return vivos

    def registrar_evento(self, accion: str, entidad: str, clave: Any, antes: Any, despues: Any) -> None:
        with self.transaccion(accion) as tx:
            tx.registrar(entidad, clave, antes, despues)

    def _recuperar(self) -> None:
        """Roll back files of writers that died mid-transaction (we hold the write lock now).

        Journals of processes still running are left alone (a derived file may be being rewritten outside any
        transaction). For the others: every temporary file they named is removed, and every archive file they
        named that the catalog does not have (its transaction never committed)."""
        diario = self.raiz.diario
        if not diario.is_dir():
            return
        for entrada in diario.glob("*.jsonl"):
            if _en_curso(entrada):
                continue
            carpetas: set[Path] = set()
            for linea in _leer_diario(entrada):
                for clave, rel in linea.items():
                    if clave not in ("ruta", "temporal"):
                        continue
                    try:
                        ruta = self.raiz.absoluta(rel)
                    except ArchivoError:
                        continue
                    carpetas.add(ruta.parent)
                    if clave == "temporal" or self.conn.execute(
                            "SELECT 1 FROM archivos WHERE ruta = ?", (rel,)).fetchone() is None:
                        ruta.unlink(missing_ok=True)
            pid = _pid_del_diario(entrada)
            for carpeta in carpetas:
                if pid is not None and carpeta.is_dir():  # its writer's temporaries carry its pid
                    for tmp in carpeta.glob(f".tmp-{pid}-*"):
                        tmp.unlink(missing_ok=True)
                fsync_dir(carpeta)
            entrada.unlink(missing_ok=True)
        remove_stale_temporaries(diario)

    # --- reads --------------------------------------------------------------------------------
    def uno(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def todos(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()


def catalogo_comprobado(cat: Catalogo) -> bool:
    """Whether this process checked ``cat``'s catalog with SQLite and found it sound (and no damage since)."""
    return str(cat.raiz.catalogo_path) in _COMPROBADOS and cat.dano_conocido() is None


def comprobar_catalogo(raiz: Raiz, *, rapida: bool = True) -> EstadoCatalogo:
    """The integrity of ``raiz``'s catalog, even when it is too damaged to open as usual (the portal calls it at
    start and shows the result on its tablero; ``Catalogo.comprobar`` does the same with an open catalog).

    A missing or empty catalog is reported as such; damage is remembered (writes refused) and a clean result
    clears that mark."""
    ruta = raiz.catalogo_path
    if not ruta.exists() or ruta.stat().st_size == 0:
        que = "falta el catálogo" if not ruta.exists() else "el catálogo está vacío (0 bytes)"
        return EstadoCatalogo(False, [que], rapida)
    try:
        conn = sqlite3.connect(f"{ruta.absolute().as_uri()}?mode=ro", uri=True, timeout=ESPERA_ESCRITURA_S)
    except sqlite3.Error as e:
        return EstadoCatalogo(False, [traducir_integridad(str(e))], rapida)
    try:
        return _comprobar(raiz, conn, rapida)
    finally:
        conn.close()


def _comprobar(raiz: Raiz, conn: sqlite3.Connection, rapida: bool) -> EstadoCatalogo:
    pragma = "quick_check" if rapida else "integrity_check"
    try:
        filas = [str(f[0]) for f in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as e:
        filas = [str(e)]
    correcto = filas == ["ok"]
    estado = EstadoCatalogo(correcto, [] if correcto else [traducir_integridad(f) for f in filas], rapida)
    if correcto:
        _COMPROBADOS.add(str(raiz.catalogo_path))
        with contextlib.suppress(OSError):
            (raiz.ruta / MARCA_DANO).unlink(missing_ok=True)
    else:
        _COMPROBADOS.discard(str(raiz.catalogo_path))
        _marcar_dano(raiz, estado.problemas, "comprobación de integridad de SQLite")
    return estado


def _marcar_dano(raiz: Raiz, problemas: list[str], origen: str) -> None:
    """Remember beside the catalog that it is damaged (every write is refused until a check passes again)."""
    datos = {"detectado": ahora(), "origen": origen, "problemas": problemas[:50]}
    with contextlib.suppress(OSError):
        atomic_write_bytes(raiz.ruta / MARCA_DANO, json.dumps(datos, ensure_ascii=False, indent=2).encode("utf-8"))


def _describir(e: BaseException) -> str:
    if isinstance(e, ArchivoError):
        return e.mensaje
    if isinstance(e, OSError):
        traducido = error_de_disco(e, "actualizar el dato derivado")
        if traducido is not None:
            return traducido.mensaje
    return f"{type(e).__name__}: {e}"


def _conectar(path: Path, modo: str) -> sqlite3.Connection:
    """A connection to the catalog in WAL mode (``modo``: rw, rwc); raises sqlite3.Error."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={modo}", uri=True, isolation_level=None,
                           timeout=ESPERA_ESCRITURA_S, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(ESPERA_ESCRITURA_S * 1000)}")
        if modo == "rw" and conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = '_migraciones'").fetchone()[0] == 0:
            raise CatalogoNoDisponible(
                f"El catálogo {path} está en blanco: no tiene ninguna tabla del archivo (¿se vació o se "
                "reemplazó?). No se usa así, porque volvería a emitir folios que ya existen. " + COMO_RESTAURAR)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across process crashes
    except BaseException:
        conn.close()
        raise
    return conn


def _conectar_para_leer(path: Path) -> sqlite3.Connection | None:
    """A read-only connection for a user who may read the catalog but not write beside it (no -shm can be made).

    Read-only mode first (it sees other writers' work); when SQLite cannot use it without writing, and no writer
    has uncommitted pages in a -wal file, the file is read as unchanging (``immutable``)."""
    intentos = [f"{path.absolute().as_uri()}?mode=ro"]
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        intentos.append(f"{path.absolute().as_uri()}?mode=ro&immutable=1")
    for uri in intentos:
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=ESPERA_ESCRITURA_S,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            if conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = '_migraciones'").fetchone()[0] == 0:
                conn.close()
                return None
            return conn
        except sqlite3.Error:
            continue
    return None


def _exigir_catalogo(path: Path) -> None:
    """A catalog must exist and have content: only ``iniciar`` (or ``recuperar``) creates one."""
    try:
        tamano = path.stat().st_size
    except FileNotFoundError:
        raise CatalogoNoDisponible(
            f"Falta el catálogo del archivo ({path}). Es el registro de todos los documentos, folios y "
            "expedientes; sin él se repetirían folios ya emitidos, así que ningún comando lo vuelve a crear. "
            + COMO_RESTAURAR) from None
    except OSError as e:
        raise error_de_disco(e, "leer el catálogo") or ArchivoError(
            f"No se pudo leer el catálogo {path}: {e.strerror}.") from None
    if tamano == 0:
        raise CatalogoNoDisponible(
            f"El catálogo del archivo ({path}) está vacío (0 bytes): se perdió su contenido. No se usa así, "
            "porque volvería a emitir folios que ya existen. " + COMO_RESTAURAR)


def iniciar_archivo(ruta: Path | str, *, toml: str | None = None) -> Raiz:
    """Create a new archive: folders, ``archivo.toml`` and its catalog (the only way a catalog is created)."""
    raiz = Raiz.preparar(ruta, toml=toml)
    with Catalogo.abrir(raiz, usuario="sistema", crear=True) as cat:
        cat.registrar_evento("iniciar archivo", "archivo", raiz.config.siglas, None,
                             {"institucion": raiz.config.institucion["nombre"]})
    return raiz
