"""File helpers: atomic writes, hashing and safe paths. Every write in the archive goes through here."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from slugify import slugify as _slugify

from archivo.base.errors import ArchivoError

_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def fsync_dir(path: Path) -> None:
    """Make a rename durable: fsync the directory entry (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def nombre_temporal(dest: Path) -> Path:
    """A fresh temporary name beside ``dest``: ``.tmp-<pid>-<random><suffix>`` (the pid tells whose it is)."""
    dest = Path(dest)
    return dest.parent / f".tmp-{os.getpid()}-{secrets.token_hex(6)}{dest.suffix}"


def escribir_en(ruta: Path, data: bytes) -> None:
    """Write ``data`` into the (new, empty) temporary file ``ruta`` (``atomic_path`` fsyncs it before the rename).

    The one place the archive's file bytes reach the disk: tests inject a full disk here when they cannot mount
    a small file system."""
    try:
        with open(ruta, "r+b") as f:
            f.write(data)
    except OSError as e:
        if e.filename is None:  # say where: the folder the file was going to (a full disk, a quota)
            raise OSError(e.errno, e.strerror, str(Path(ruta).parent)) from e
        raise


@contextmanager
def atomic_path(dest: Path, *, overwrite: bool = True, sync_dir: bool = True,
                anunciar: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it is fsynced and renamed onto ``dest``.

    The temporary name starts with ``.tmp-`` and carries the pid. ``anunciar(tmp)`` is called before the
    temporary file exists (the catalog journals it there), so a writer killed at any moment leaves nothing that
    the journal does not name. With ``overwrite=False`` an existing ``dest`` is never replaced.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and dest.exists():
        raise ArchivoError(f"El archivo {dest} ya existe y no se sobrescribe.")
    tmp = nombre_temporal(dest)
    if anunciar is not None:
        anunciar(tmp)
    # Created like any file (permissions from the umask), never over an existing name.
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, dest)
        else:
            # link() fails if dest exists: no window in which an issued file can be replaced.
            try:
                os.link(tmp, dest)
                tmp.unlink()
            except FileExistsError:
                raise ArchivoError(f"El archivo {dest} ya existe y no se sobrescribe.") from None
            except OSError as e:
                if e.errno not in (None, 1, 18, 38, 95) and not isinstance(e, PermissionError):
                    raise  # not «no hard links here» (EPERM, EXDEV, ENOSYS, EOPNOTSUPP): a real failure
                # Filesystems without hard links (some network shares): check, then rename. Writers of the
                # archive hold the catalog's write lock here, so no other writer races for this name.
                if dest.exists():
                    raise ArchivoError(f"El archivo {dest} ya existe y no se sobrescribe.") from None
                os.replace(tmp, dest)
        if sync_dir:
            fsync_dir(dest.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(dest: Path, data: bytes, *, overwrite: bool = True, sync_dir: bool = True,
                       anunciar: Callable[[Path], None] | None = None) -> str:
    """Write ``data`` atomically to ``dest`` and return its SHA-256."""
    with atomic_path(dest, overwrite=overwrite, sync_dir=sync_dir, anunciar=anunciar) as tmp:
        escribir_en(tmp, data)
    return sha256_bytes(data)


def atomic_write_text(dest: Path, text: str, *, overwrite: bool = True) -> str:
    return atomic_write_bytes(dest, text.encode("utf-8"), overwrite=overwrite)


def slug(texto: str, *, max_length: int = 60, respaldo: str = "sin-nombre") -> str:
    """A folder-safe name: accents folded, lower case, only [a-z0-9-]; never empty, never '..'."""
    s = _slugify(texto or "", max_length=max_length, word_boundary=True, separator="-")
    return s or respaldo


def safe_join(base: Path, *partes: str) -> Path:
    """Join user-influenced parts under ``base`` and refuse anything that escapes it."""
    base = Path(base).resolve()
    destino = base.joinpath(*partes).resolve()
    if destino != base and base not in destino.parents:
        raise ArchivoError(
            f"La ruta «{'/'.join(partes)}» sale de la carpeta del archivo; use un nombre sin «..» ni «/»."
        )
    return destino


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> int:
    """Delete ``.tmp-<pid>-*`` files left by writers that no longer run. Returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for p in folder.glob(".tmp-*"):
        try:
            pid = int(p.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        if not pid_alive(pid):
            p.unlink(missing_ok=True)
            removed += 1
    return removed
