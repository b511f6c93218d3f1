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
