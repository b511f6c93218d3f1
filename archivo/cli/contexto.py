"""What every command receives: where the archive is and who is acting (``pasar_contexto``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from archivo.base.catalogo import Catalogo, usuario_del_sistema
from archivo.base.raiz import Raiz
from archivo.cli import Opciones


class Contexto:
    """What every command receives: where the archive is and who is acting."""

    def __init__(self, raiz: str | None, usuario: str | None) -> None:
        self.ruta_raiz = raiz
        self.usuario = usuario or usuario_del_sistema()
        self._raiz: Raiz | None = None
        self._catalogo: Catalogo | None = None

    @property
    def raiz(self) -> Raiz:
        if self._raiz is None:
            self._raiz = Raiz.localizar(self.ruta_raiz)
        return self._raiz

    @property
    def catalogo(self) -> Catalogo:
        if self._catalogo is None:
            self._catalogo = Catalogo.abrir(self.raiz, self.usuario)
        return self._catalogo

    def cerrar(self) -> None:
        if self._catalogo is not None:
            self._catalogo.cerrar()
            self._catalogo = None


def pasar_contexto(funcion: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: the command receives the ``Contexto`` built from the global options (closed at the end)."""

    @functools.wraps(funcion)
    def envoltura(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        contexto = ctx.find_object(Contexto)
        if contexto is None:
            opciones = ctx.find_object(Opciones) or Opciones(None, None)
            contexto = Contexto(opciones.raiz, opciones.usuario)
            raiz_ctx = ctx.find_root()
            raiz_ctx.obj = contexto
            raiz_ctx.call_on_close(contexto.cerrar)
        return funcion(contexto, *args, **kwargs)

    return envoltura
