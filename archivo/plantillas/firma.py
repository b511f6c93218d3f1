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

from functools import lru_cache
from typing import Any

ESTILOS_FIRMA = ("Firma", "Nombre de quien firma")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _PPR, _PSTYLE, _KEEPNEXT, _T = (f"{_W}{n}" for n in ("p", "pPr", "pStyle", "keepNext", "t"))


def ids_de_estilo(estilos: Any, nombres: tuple[str, ...] = ESTILOS_FIRMA) -> frozenset[str]:
    """The style ids (in this document) of the signature styles, found by name."""
    return frozenset(e.style_id for e in estilos if e.name in nombres)


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


@lru_cache(maxsize=32)
def _buscador(ids: frozenset[str]) -> Any:
    """An XPath (compiled once) to the first body element of the signature block."""
    from lxml import etree  # heavy library: imported where used (fast start)

    valores = " or ".join(f"@w:val='{i}'" for i in sorted(ids) if "'" not in i) or "false()"
    return etree.XPath(f"./*[self::w:p[w:pPr/w:pStyle[{valores}]] or self::w:tbl[count(w:tr) <= 2 and "
                       f".//w:pStyle[{valores}]]][1]", namespaces={"w": _W[1:-1]})


def unir_con_firma(ids: frozenset[str], cuerpo: Any) -> None:
    """In a rendered body (``w:body``), make the paragraph before the signature keep with it."""
    if not ids:
        return
    encontrados = _buscador(ids)(cuerpo)
    if not encontrados:
        return
    hijos = list(cuerpo)
    inicio = cuerpo.index(encontrados[0])
    i = inicio - 1
    while i >= 0 and hijos[i].tag == _P:
        _mantener_con_siguiente(hijos[i])
        if not _vacio(hijos[i]):
            break
        i -= 1
