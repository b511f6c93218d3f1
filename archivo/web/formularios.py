"""The form helper: a form re-shown with each problem beside its field and the user's input kept.

The library reports bad input as ``EntradaInvalida`` with a list of ``Problema(lugar, mensaje, sugerencia)``. A
page builds a ``Formulario`` with the submitted values and the labels of its fields and calls
``formulario.desde_error(e)``: each problem goes to the field its ``lugar`` names — the field's name or its label,
whole or between «», e.g. «alta, columna «Nombre(s)»», «datos del documento, campo «asunto»», «--desde» —, and the
rest to the summary at the top of the form. The template macros of ``_formulario.html`` show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from archivo.base.errors import ArchivoError, Problema
from archivo.base.valores import comparable

_ENTRE_COMILLAS = re.compile(r"«([^«»]+)»")


def _plano(texto: str) -> str:
    return comparable(texto)  # the project's one folding: «Área de adscripción:» -> «area de adscripcion»


class Formulario:
    """Submitted values, problems by field and problems of the whole form."""

    def __init__(self, valores: Mapping[str, Any] | None = None, etiquetas: Mapping[str, str] | None = None) -> None:
        self.valores: dict[str, Any] = dict(valores or {})
        self.etiquetas: dict[str, str] = dict(etiquetas or {})
        self.errores: dict[str, list[str]] = {}
        self.generales: list[str] = []
        self.titulo_error = ""
        self.nota_resumen = "Corrija lo señalado y vuelva a enviar; no se guardó nada."

    # --- reading ------------------------------------------------------------------------------------
    def valor(self, campo: str, defecto: Any = "") -> Any:
        v = self.valores.get(campo)
        return defecto if v is None else v

    def errores_de(self, campo: str) -> list[str]:
        return self.errores.get(campo, [])

    @property
    def valido(self) -> bool:
        return not self.errores and not self.generales

    @property
    def total_problemas(self) -> int:
        return sum(len(v) for v in self.errores.values()) + len(self.generales)

    def resumen(self) -> list[tuple[str | None, str]]:
        """(field or None, message) in the order of the form's fields, for the summary at the top."""
        salida: list[tuple[str | None, str]] = [(None, m) for m in self.generales]
        orden = list(self.etiquetas) + [c for c in self.errores if c not in self.etiquetas]
        for campo in orden:
            for m in self.errores.get(campo, []):
                salida.append((campo, f"{self.etiquetas.get(campo, campo)}: {m}"))
        return salida

    # --- problems -----------------------------------------------------------------------------------
    def error(self, campo: str | None, mensaje: str) -> None:
        if campo is None:
            self.generales.append(mensaje)
        else:
            self.errores.setdefault(campo, []).append(mensaje)

    def campo_de(self, lugar: str) -> str | None:
        """The field a problem's ``lugar`` names, or None."""
        if not lugar:
            return None
        por_nombre = {_plano(c): c for c in self.etiquetas} | {_plano(c): c for c in self.valores}
        por_etiqueta = {_plano(e): c for c, e in self.etiquetas.items() if e}
        candidatos = [lugar, lugar.removeprefix("--"), lugar.rsplit(",", 1)[-1]]
        candidatos += list(reversed(_ENTRE_COMILLAS.findall(lugar)))
        for candidato in candidatos:
            plano = _plano(candidato)
            if plano in por_nombre:
                return por_nombre[plano]
            if plano in por_etiqueta:
                return por_etiqueta[plano]
            guion_bajo = plano.replace(" ", "_")
            if guion_bajo in por_nombre.values():
                return guion_bajo
        return None

    def problema(self, p: Problema) -> None:
        texto = p.mensaje + (f" ({p.sugerencia})" if p.sugerencia else "")
        campo = self.campo_de(p.lugar)
        if campo is None:
            self.generales.append(f"{p.lugar}: {texto}" if p.lugar else texto)
        else:
            # beside its field, «campo «asunto»: …» needs no name: the field is right there
            texto = re.sub(rf"^campo «{re.escape(campo)}»:\s*", "", texto, flags=re.IGNORECASE)
            self.errores.setdefault(campo, []).append(_primera_mayuscula(texto))

    def desde_error(self, e: ArchivoError) -> Formulario:
        """Place every problem of ``e`` (its message becomes the summary's title)."""
        self.titulo_error = e.mensaje
        if not e.problemas:
            self.generales.append(e.mensaje)
        for p in e.problemas:
            self.problema(p)
        return self

    def problemas(self, problemas: Iterable[Problema]) -> Formulario:
        for p in problemas:
            self.problema(p)
        return self


def _primera_mayuscula(texto: str) -> str:
    return texto[:1].upper() + texto[1:] if texto else texto
