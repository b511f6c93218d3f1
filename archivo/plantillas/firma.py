"""The signature block stays on the page of the last paragraph before it.

Word and LibreOffice break a page wherever the text runs out: a letter whose body ends at the foot of a page gets
its «A T E N T A M E N T E», name and cargo alone on the next one — a signature with nothing above it. The signature
paragraphs keep with the next (their styles say so); what is missing is the link from the last paragraph of the
text to the signature, and it cannot be set in the template (that paragraph is often the last turn of a loop).
So every rendered body gets it: the first paragraph (or signature table) in a signature style — «Firma» or
«Nombre de quien firma», the styles of the shipped templates and of the membrete — makes the paragraph before it
(and any empty paragraph in between) keep with it.
"""

from __future__ import annotations

from typing import Any

ESTILOS_FIRMA = ("Firma", "Nombre de quien firma")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _PPR, _PSTYLE, _KEEPNEXT, _T = (f"{_W}{n}" for n in ("p", "tbl", "tr", "pPr", "pStyle", "keepNext",
                                                                   "t"))
_VAL = f"{_W}val"


def ids_de_estilo(estilos: Any, nombres: tuple[str, ...] = ESTILOS_FIRMA) -> frozenset[str]:
    """The style ids (in this document) of the signature styles, found by name."""
    return frozenset(e.style_id for e in estilos if e.name in nombres)


def _estilo(p: Any) -> str | None:
    ppr = p.find(_PPR)
    estilo = ppr.find(_PSTYLE) if ppr is not None else None
    return estilo.get(_VAL) if estilo is not None else None


def _es_firma(elemento: Any, ids: frozenset[str]) -> bool:
    if elemento.tag == _P:
        return _estilo(elemento) in ids
    if elemento.tag == _TBL and len(elemento.findall(_TR)) <= 2:  # signers side by side: a one-row table
        return any(e.get(_VAL) in ids for e in elemento.iter(_PSTYLE))
    return False


def _vacio(p: Any) -> bool:
    return not "".join(t.text or "" for t in p.iter(_T)).strip()


def _mantener_con_siguiente(p: Any) -> None:
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = p.makeelement(_PPR, {})
        p.insert(0, ppr)
    if ppr.find(_KEEPNEXT) is not None:
        return
    mantener = ppr.makeelement(_KEEPNEXT, {})
    estilo = ppr.find(_PSTYLE)
    ppr.insert(1 if estilo is not None and ppr.index(estilo) == 0 else 0, mantener)


def unir_con_firma(ids: frozenset[str], cuerpo: Any) -> None:
    """In a rendered body (``w:body``), make the paragraph before the signature keep with it."""
    if not ids:
        return
    hijos = list(cuerpo)
    inicio = next((i for i, e in enumerate(hijos) if _es_firma(e, ids)), None)
    if not inicio:
        return
    i = inicio - 1
    while i >= 0 and hijos[i].tag == _P:
        _mantener_con_siguiente(hijos[i])
        if not _vacio(hijos[i]):
            break
        i -= 1
