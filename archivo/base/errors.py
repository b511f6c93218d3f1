"""User-facing errors: always a Spanish message, optionally with every problem found in an input."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problema:
    """One problem of an input: where it is, what is wrong and how to fix it."""

    lugar: str
    mensaje: str
    sugerencia: str = ""

    def __str__(self) -> str:
        texto = f"{self.lugar}: {self.mensaje}" if self.lugar else self.mensaje
        if self.sugerencia:
            texto += f" ({self.sugerencia})"
        return texto

    def como_dict(self) -> dict[str, str]:
        return {"lugar": self.lugar, "mensaje": self.mensaje, "sugerencia": self.sugerencia}


class ArchivoError(Exception):
    """An error the user can act on. The CLI prints it without a traceback and exits with 1."""

    codigo_salida = 1

    def __init__(self, mensaje: str, problemas: list[Problema] | None = None) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.problemas = list(problemas or [])

    def __str__(self) -> str:
        if not self.problemas:
            return self.mensaje
        lineas = [self.mensaje] + [f"  - {p}" for p in self.problemas]
        return "\n".join(lineas)


class NoEncontrado(ArchivoError):
    """A record the user named does not exist."""


class EntradaInvalida(ArchivoError):
    """Input data (a CSV, a template, a field) has problems; nothing was written."""


class Ocupado(ArchivoError):
    """Another process holds the archive (catalog or index) for writing for too long."""

    codigo_salida = 3


class CatalogoNoDisponible(ArchivoError):
    """The catalog is missing, empty or unreadable: nothing is written until it is restored or rebuilt."""


class CatalogoDanado(CatalogoNoDisponible):
    """SQLite reports damage in the catalog (integrity check, or an error while reading it)."""


class SinPermiso(ArchivoError):
    """The operating system refused to write (read-only file, folder or file system)."""


class SinEspacio(ArchivoError):
    """The disk (or the user's quota) is full."""


COMO_RESTAURAR = ("Para reponerlo: si tiene un respaldo, «archivo respaldo restaurar RESPALDO CARPETA_NUEVA» lo "
                  "restaura en una carpeta nueva; si no, «archivo recuperar» reconstruye la numeración de folios, "
                  "los documentos y los expedientes desde los documentos emitidos.")

# errno values, without importing errno at every call site.
_SIN_PERMISO = {1, 13, 30}  # EPERM, EACCES, EROFS
_SIN_ESPACIO = {28, 122}  # ENOSPC, EDQUOT


def error_de_disco(e: OSError, accion: str = "guardar los cambios") -> ArchivoError | None:
    """A Spanish error for a refused or failed write (which path, what to do), or None if ``e`` is another kind.

    A full disk is never «restaure su respaldo»: nothing was damaged, nothing of the action was kept.
    """
    ruta = e.filename or ""
    donde = f" en «{ruta}»" if ruta else ""
    if e.errno in _SIN_ESPACIO:
        return SinEspacio(
            f"No se pudo {accion}: no queda espacio en el disco{donde}. No se guardó nada de esta operación y lo "
            "ya archivado está intacto. Libere espacio en ese disco (o mueva el archivo a uno con más espacio) y "
            "repita la operación.")
    if e.errno in _SIN_PERMISO:
        if e.errno == 30:
            causa = "el disco o la carpeta está montado como de solo lectura"
        else:
            causa = "su usuario no tiene permiso de escritura ahí"
        return SinPermiso(
            f"No se pudo {accion}: {causa}{donde}. No se guardó nada de esta operación. Pida a quien administra el "
            "equipo permiso de escritura sobre la carpeta del archivo (o use un usuario que lo tenga); para solo "
            "consultar y buscar no hace falta.")
    if e.errno == 36:  # ENAMETOOLONG
        return ArchivoError(f"No se pudo {accion}: el nombre o la ruta es demasiado largo{donde}. Use un nombre "
                            "más corto o una carpeta con una ruta más corta.")
    return None
