"""Article-level documents from ../shared/corpus/corpus-es, for the search benchmark.

The JSON laws (leyesmx-articulos) give one document per article; the plain-text laws
(madfam-leyes-federales-txt) are split at each line that starts with «Artículo N» / «ARTICULO N».
``documentos(n)`` repeats the set with distinct ids (and folios) until there are ``n``.
"""

from __future__ import annotations

import functools
import json
import re
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "corpus-es"
_ENCABEZADO = re.compile(r"^(?:ART[IÍ]CULO|Art[ií]culo)\s+(\d+[\w]*)", re.MULTILINE)
AREAS = ("DEVySPE", "CSPE", "CV-INE")


def _tipo(titulo: str) -> str:
    primera = titulo.split()[0].lower() if titulo.split() else "documento"
    return {"ley": "ley", "reglamento": "reglamento", "código": "codigo", "codigo": "codigo",
            "estatuto": "estatuto", "constitución": "constitucion", "resolución": "resolucion"}.get(primera, "otro")


def articulos(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """Every article of the corpus once: (titulo, tipo, texto)."""
    salida: list[dict[str, Any]] = []
    for ruta in sorted((corpus / "leyesmx-articulos").glob("*.json")):
        datos = json.loads(ruta.read_text(encoding="utf-8"))
        ley = datos.get("ley") or ruta.stem
        for a in datos.get("articulos", []):
            texto = "\n".join(p.get("contenido", "") for p in a.get("parrafos", []) if p.get("contenido"))
            if texto.strip():
                salida.append({"titulo": f"{ley}, artículo {a.get('numero')}", "tipo": "ley", "texto": texto})
    for ruta in sorted((corpus / "madfam-leyes-federales-txt").glob("*.txt")):
        texto = ruta.read_text(encoding="utf-8", errors="replace")
        ley = texto.split("\n", 1)[0].strip()[:120] or ruta.stem
        cortes = [m.start() for m in _ENCABEZADO.finditer(texto)]
        for i, inicio in enumerate(cortes):
            fin = cortes[i + 1] if i + 1 < len(cortes) else len(texto)
            trozo = texto[inicio:fin].strip()
            m = _ENCABEZADO.match(trozo)
            if len(trozo) > 40 and m:
                salida.append({"titulo": f"{ley}, artículo {m.group(1)}", "tipo": _tipo(ley), "texto": trozo})
    return salida


@functools.lru_cache(maxsize=1)
def _base() -> list[dict[str, Any]]:
    return articulos()


def documentos(n: int) -> Iterator[dict[str, Any]]:
    """``n`` documents: the articles, repeated with distinct ids, folios, dates and áreas."""
    return documentos_desde(0, n)


def documentos_desde(inicio: int, cuantos: int) -> Iterator[dict[str, Any]]:
    """Documents number ``inicio`` to ``inicio + cuantos - 1`` of the sequence ``documentos`` generates."""
    base = _base()
    origen = date(2014, 1, 1)
    for i in range(inicio, inicio + cuantos):
        a = base[i % len(base)]
        h = zlib.crc32(f"{i}".encode())
        fecha = origen + timedelta(days=h % 4300)
        area = AREAS[h % len(AREAS)]
        folio = f"IEA/{area}/{i + 1:06d}/{fecha.year}"
        yield {
            "id": i + 1, "folio": folio, "titulo": a["titulo"], "tipo": a["tipo"], "fecha": fecha.isoformat(),
            "area": area, "estado": "importado", "origen": "importado", "texto": a["texto"],
            "ruta": f"acervo/{fecha.year}/{i + 1}.txt",
        }
