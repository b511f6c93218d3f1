"""Reading PDFs a user brings (imports, session attachments): pypdf's English warnings never reach the screen,
and its errors are told in Spanish (what is wrong with the file, not the library's exception).

pypdf logs every detail it repairs on the «pypdf» logger; with no handler configured, Python would print those
lines on stderr in English («EOF marker not found», «incorrect startxref pointer»). ``silenciar_pypdf`` sends them
nowhere (both interfaces call it at start); ``describir_error`` turns an exception into a Spanish phrase.
"""

from __future__ import annotations

import logging
import re

_CAUSAS = (
    (re.compile(r"EOF marker not found|Stream has ended unexpectedly|unexpected end|truncated", re.I),
     "el archivo está incompleto (le falta una parte: ¿una descarga o una copia interrumpida?)"),
    (re.compile(r"startxref|xref|trailer|object .* not (found|defined)|Could not read Boolean", re.I),
     "su índice interno de objetos está dañado"),
    (re.compile(r"encrypt|decrypt|password", re.I), "está cifrado con un método que no se puede leer"),
    (re.compile(r"header|not a PDF|invalid pdf", re.I), "no empieza como un PDF"),
)


def silenciar_pypdf() -> None:
    """Keep pypdf's log lines (English, about repairs it already made) off stderr."""
    registro = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in registro.handlers):
        registro.addHandler(logging.NullHandler())
    registro.propagate = False


def describir_error(e: BaseException) -> str:
    """What is wrong with a PDF, in Spanish, from the exception pypdf raised reading it."""
    if isinstance(e, RecursionError):
        return "su estructura interna se refiere a sí misma sin fin"
    texto = str(e)
    for patron, causa in _CAUSAS:
        if patron.search(texto):
            return causa
    return "su estructura interna está dañada"
