"""Fojas: the pages of an expediente's documents, as the Ley General de Archivos counts them.

A PDF's pages are read from the file; a Word document has no pages until it is laid out, so it is converted with
LibreOffice (where it is installed) and the PDF's pages counted. Files under a SHA-256 never change, so every file is
counted once and the result kept in the catalog's ``paginas`` table.

Counting Word documents costs a LibreOffice run, so it is not done on every carátula refresh (issuing a batch of a
thousand oficios must stay fast): ``contar`` uses what is already counted and says how many Word documents are still
to be counted; ``contar_word`` converts those (one LibreOffice batch) — run when an expediente is closed, when an
archival instrument is issued, by ``archivo expediente fojas`` and at the end of the demo.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivo.base.catalogo import Catalogo, Transaccion, ahora
from archivo.base.errors import EntradaInvalida
from archivo.word import conversion

EXTENSIONES_WORD = conversion.EXTENSIONES


@dataclass(frozen=True)
class Fojas:
    """The pages of a set of documents."""

    paginas: int  # pages counted
    por_contar: int = 0  # Word documents not counted yet (LibreOffice missing, or not run yet)
    ilegibles: int = 0  # files whose pages cannot be known (a damaged PDF)

    @property
    def completas(self) -> bool:
        return not self.por_contar and not self.ilegibles

    def texto(self) -> str:
        """How a carátula or an inventory says it: «12», «12 (y 2 documentos de Word por contar)»."""
        notas = []
        if self.por_contar:
            notas.append(f"{self.por_contar} documento{'s' if self.por_contar != 1 else ''} de Word por contar")
        if self.ilegibles:
            notas.append(f"{self.ilegibles} archivo{'s' if self.ilegibles != 1 else ''} ilegible"
                         f"{'s' if self.ilegibles != 1 else ''}")
        return f"{self.paginas} (y {' y '.join(notas)})" if notas else str(self.paginas)


def _es_word(ruta: str) -> bool:
    return Path(ruta).suffix.lower() in EXTENSIONES_WORD


def _paginas_pdf(ruta: Path) -> int | None:
    from pypdf import PdfReader  # heavy library: imported where used (fast start)

    registro_pypdf = logging.getLogger("pypdf")
    nivel = registro_pypdf.level
    registro_pypdf.setLevel(logging.ERROR)  # damaged-but-readable PDFs are expected in an acervo
    try:
        return len(PdfReader(ruta, strict=False).pages)
    except Exception:  # an unreadable PDF still counts as a document, never as pages
        return None
    finally:
        registro_pypdf.setLevel(nivel)


def _guardar(cat: Catalogo, filas: Sequence[tuple[str, int | None, str]]) -> None:
    if not filas:
        return
    with cat.transaccion("contar fojas") as tx:
        momento = ahora()
        tx.conn.executemany(
            "INSERT INTO paginas (sha256, paginas, metodo, contado) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (sha256) DO UPDATE SET paginas = excluded.paginas, metodo = excluded.metodo, "
            "contado = excluded.contado",
            [(sha, n, metodo, momento) for sha, n, metodo in filas])


def _conocidas(cat: Catalogo | Transaccion, hashes: Iterable[str]) -> dict[str, int | None]:
    lista = sorted({h for h in hashes if h})
    salida: dict[str, int | None] = {}
    for i in range(0, len(lista), 500):
        lote = lista[i:i + 500]
        marcas = ", ".join("?" * len(lote))
        for fila in cat.todos(f"SELECT sha256, paginas FROM paginas WHERE sha256 IN ({marcas})", lote):
            salida[fila["sha256"]] = fila["paginas"]
    return salida


def contar(cat: Catalogo, documentos: Sequence[dict[str, Any]]) -> Fojas:
    """The pages of ``documentos`` (dicts with ``ruta`` and ``sha256``, as ``expedientes.documentos_de`` gives):
    PDFs are read (and remembered), Word documents come from what ``contar_word`` already counted."""
    raiz = cat.raiz
    conocidas = _conocidas(cat, (d.get("sha256") for d in documentos))
    paginas = por_contar = ilegibles = 0
    nuevas: list[tuple[str, int | None, str]] = []
    for d in documentos:
        ruta, sha = d.get("ruta"), d.get("sha256")
        if not ruta:
            continue
        if sha in conocidas:
            n = conocidas[sha]
        elif ruta.lower().endswith(".pdf"):
            n = _paginas_pdf(raiz.ruta / ruta)
            if sha:
                nuevas.append((sha, n, "pdf"))
                conocidas[sha] = n
        elif _es_word(ruta):
            por_contar += 1
            continue
        else:
            continue  # a file kind without pages (none is filed today)
        if n is None:
            ilegibles += 1
        else:
            paginas += n
    _guardar(cat, nuevas)
    return Fojas(paginas, por_contar, ilegibles)


def pendientes(cat: Catalogo, documentos: Sequence[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Word documents (of ``documentos``, or of the whole archive) whose pages are not counted yet."""
    if documentos is None:
        documentos = [dict(f) for f in cat.todos(
            "SELECT a.ruta AS ruta, a.sha256 AS sha256 FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
            "WHERE d.estado != 'borrador'")]
    conocidas = _conocidas(cat, (d.get("sha256") for d in documentos))
    vistos: set[str] = set()
    salida = []
    for d in documentos:
        sha, ruta = d.get("sha256"), d.get("ruta")
        if ruta and sha and _es_word(ruta) and sha not in conocidas and sha not in vistos:
            vistos.add(sha)
            salida.append(d)
    return salida


def contar_word(cat: Catalogo, documentos: Sequence[dict[str, Any]] | None = None, *, soffice: str | None = None,
                progreso: Callable[[int, int], None] | None = None) -> int:
    """Count the pages of the Word documents not counted yet (of ``documentos`` or of the whole archive) with
    LibreOffice, in batches; returns how many were counted. Raises ``ErrorConversion`` when LibreOffice is missing.
    A document LibreOffice cannot open is recorded as unreadable, never blocks the others."""
    faltan = pendientes(cat, documentos)
    if not faltan:
        return 0
    programa = conversion.localizar_soffice(soffice)
    raiz = cat.raiz
    hechos = 0
    tamano = 50
    for i in range(0, len(faltan), tamano):
        lote = faltan[i:i + tamano]
        filas: list[tuple[str, int | None, str]] = []
        with tempfile.TemporaryDirectory(prefix="archivo-fojas-") as tmp:
            rutas = [raiz.ruta / d["ruta"] for d in lote]
            pdfs = _convertir(rutas, Path(tmp), programa)
            for d, ruta in zip(lote, rutas, strict=True):
                pdf = pdfs.get(ruta)
                filas.append((d["sha256"], _paginas_pdf(pdf) if pdf is not None else None, "libreoffice"))
        _guardar(cat, filas)
        hechos += len(lote)
        if progreso is not None:
            progreso(hechos, len(faltan))
    return hechos


def _convertir(rutas: list[Path], carpeta: Path, programa: str) -> dict[Path, Path]:
    """PDF of each convertible file; a file LibreOffice cannot open (damaged, protected) is left out and the rest
    converted in a second run."""
    try:
        pdfs = conversion.convertir_a_pdf(rutas, carpeta / "1", soffice=programa, procesos=None)
        return dict(zip(rutas, pdfs, strict=True))
    except (conversion.ErrorConversion, EntradaInvalida) as e:
        malas = {p.lugar for p in e.problemas}
        buenas = [r for r in rutas if str(r) not in malas]
        if len(buenas) == len(rutas):
            raise  # LibreOffice itself failed: nothing is recorded, the next run tries again
    return _convertir(buenas, carpeta / "2", programa) if buenas else {}
