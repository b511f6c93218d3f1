"""Institutional folios: one gapless series per (serie, área, año), formatted as archivo.toml says.

The next consecutive is computed inside the caller's write transaction (``BEGIN IMMEDIATE``), and the document
row that carries it is inserted in that same transaction: a folio exists only together with its document, so
numbers are never duplicated, never skipped, never reused (a cancelled document keeps its row and its number).

The catalog is not trusted alone: before a folio is handed out, the archive's folders are searched for a document
file of that folio that the catalog does not know (a catalog restored from an old copy, or replaced): if there is
one, nothing is issued and the user is told how to bring the catalog back in line (``archivo recuperar``).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

from archivo.base.catalogo import Transaccion
from archivo.base.configuracion import Configuracion
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import slug

# A document file issued with a folio is named «AAAA-MM-DD_<slug del folio>.<ext>», its data «….datos.json».
_NOMBRE_EMITIDO = re.compile(r"^(\d{4}-\d{2}-\d{2})_(.+?)(\.datos\.json|\.[A-Za-z0-9]+)$")


def formatear(config: Configuracion, serie: str, area: str, anio: int, consecutivo: int) -> str:
    formato = config.formato_folio(serie)
    return formato.format(siglas=config.siglas, area=area, anio=anio, consecutivo=consecutivo,
                          organo=config.organo_enlace["siglas"])


def siguiente(tx: Transaccion, config: Configuracion, serie: str, area: str, anio: int) -> tuple[int, str]:
    """(consecutivo, folio) of the next document of the series. Call inside the transaction that inserts it."""
    fila = tx.uno("SELECT MAX(consecutivo) FROM documentos WHERE serie = ? AND area = ? AND anio = ?",
                  (serie, area, anio))
    consecutivo = (fila[0] or 0) + 1
    folio = formatear(config, serie, area, anio, consecutivo)
    if tx.uno("SELECT 1 FROM documentos WHERE folio = ?", (folio,)):
        raise EntradaInvalida(
            f"El folio {folio} ya existe en otra serie. Revise los formatos de [folios] en archivo.toml: "
            "cada serie necesita un formato distinto."
        )
    en_disco = documento_en_disco(tx, folio)
    if en_disco is not None:
        raise ArchivoError(
            f"No se emitió nada: el folio {folio} ya tiene un documento en el archivo ({en_disco}) que el catálogo "
            "no registra. El catálogo está atrasado respecto de los documentos (¿se restauró una copia antigua o "
            "se reemplazó?) y emitir volvería a usar ese folio. Ejecute «archivo verificar» para ver qué falta; "
            "«archivo recuperar» reconstruye el catálogo desde los documentos emitidos.")
    return consecutivo, folio


# How long after a folder's last change its listing is trusted. A file added in the same clock tick as the listing
# leaves the folder's times unchanged (file-system times are coarse: a few ms here, up to 2 s on some disks), so a
# folder changed less than this before it was listed is listed again the next time.
_CONFIANZA_NS = 2_000_000_000
_VISTAS_MAX = 8  # archives remembered per process (the portal serves one; the tests open many)


class _Vista:
    """The issued-looking files under one archive's ``expedientes/``, kept between issues in the process.

    Each folder is remembered with its identity and times (``st_ino``, ``st_mtime_ns``, ``st_ctime_ns``) when it was
    listed: adding, removing or renaming an entry changes its folder's mtime and ctime, and ctime cannot be set back
    (a restore that puts the old mtime back with ``cp -a``/``rsync -a`` still moves it). Bringing the view up to
    date costs one ``stat`` per folder instead of listing them all; a folder whose times changed, or that changed
    less than ``_CONFIANZA_NS`` before it was listed, is listed again. The result is what a full walk would find."""

    def __init__(self, raiz: str) -> None:
        self.raiz = raiz
        self.carpetas: dict[str, tuple[tuple[int, int, int, int] | None, list[str], list[tuple[str, str]]]] = {}
        self.por_slug: dict[str, set[str]] = {}
        self.bloqueo = threading.Lock()

    def _listar(self, carpeta: str, inicio_ns: int) -> tuple[list[str], list[tuple[str, str]]] | None:
        """(subfolders, (slug, path) of issued-looking files) of ``carpeta``, or None if it is gone."""
        subcarpetas: list[str] = []
        archivos: list[tuple[str, str]] = []
        try:
            firma = _firma(carpeta)
            with os.scandir(carpeta) as entradas:
                for e in entradas:
                    if e.name.startswith("."):
                        continue
                    if e.is_dir(follow_symlinks=False):
                        subcarpetas.append(e.path)
                    elif (m := _NOMBRE_EMITIDO.match(e.name)) is not None:
                        archivos.append((m.group(2), e.path))
        except (FileNotFoundError, NotADirectoryError):
            return None
        if firma[3] > inicio_ns - _CONFIANZA_NS:
            firma = None  # changed too recently to trust that nothing else arrived in the same tick: list it again
        self.carpetas[carpeta] = (firma, subcarpetas, archivos)
        for clave, ruta in archivos:
            self.por_slug.setdefault(clave, set()).add(ruta)
        return subcarpetas, archivos

    def _olvidar(self, carpeta: str) -> None:
        _, _, archivos = self.carpetas.pop(carpeta)
        for clave, ruta in archivos:
            rutas = self.por_slug.get(clave)
            if rutas is not None:
                rutas.discard(ruta)
                if not rutas:
                    del self.por_slug[clave]

    def actualizar(self) -> None:
        """Bring the view in line with the disk: stat every known folder, list again the ones that changed."""
        inicio_ns = time.time_ns()
        vistas: set[str] = set()
        pendientes = [self.raiz]
        while pendientes:
            carpeta = pendientes.pop()
            vistas.add(carpeta)
            conocida = self.carpetas.get(carpeta)
            if conocida is not None and conocida[0] is not None:
                try:
                    firma = _firma(carpeta)
                except (FileNotFoundError, NotADirectoryError):
                    firma = None
                if firma == conocida[0]:
                    pendientes.extend(conocida[1])
                    continue
            if conocida is not None:
                self._olvidar(carpeta)
            listado = self._listar(carpeta, inicio_ns)
            if listado is not None:
                pendientes.extend(listado[0])
        for carpeta in [c for c in self.carpetas if c not in vistas]:  # folders removed or moved away
            self._olvidar(carpeta)


def _firma(carpeta: str) -> tuple[int, int, int, int]:
    st = os.stat(carpeta)
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns


_vistas: dict[str, _Vista] = {}
_vistas_bloqueo = threading.Lock()


def _nombres_en_disco(tx: Transaccion, clave: str) -> list[str]:
    """Issued-looking files under expedientes/ whose name carries the folio slug ``clave`` (absolute paths).

    The view of the disk is brought up to date once per transaction (a batch issues many documents in one): the
    process keeps the listing between transactions and checks each folder's times instead of listing the thousands
    of folders of a large archive on every issue, inside the catalog's write lock (see ``_Vista``)."""
    vista = getattr(tx, "_folios_en_disco", None)
    if vista is None:
        raiz = os.path.realpath(tx.catalogo.raiz.expedientes)
        with _vistas_bloqueo:
            vista = _vistas.pop(raiz, None) or _Vista(raiz)
            _vistas[raiz] = vista  # most recently used last
            while len(_vistas) > _VISTAS_MAX:
                del _vistas[next(iter(_vistas))]
        with vista.bloqueo:
            vista.actualizar()
        tx._folios_en_disco = vista  # type: ignore[attr-defined]
    with vista.bloqueo:
        return sorted(vista.por_slug.get(clave, ()))


def documento_en_disco(tx: Transaccion, folio: str) -> str | None:
    """The relative path of a file of ``folio`` that is on disk but not in the catalog, or None.

    Names are compared by the folio's slug; a match the catalog knows (another folio that slugs alike) or whose
    ``.datos.json`` names another folio is not a conflict."""
    raiz = tx.catalogo.raiz
    for nombre in _nombres_en_disco(tx, slug(folio, max_length=80)):
        ruta = Path(nombre)
        rel = raiz.relativa(ruta)
        if tx.uno("SELECT 1 FROM archivos WHERE ruta = ?", (rel,)) or not ruta.exists():
            continue
        datos = ruta if ruta.name.endswith(".datos.json") else None
        if datos is not None:
            try:
                registrado = json.loads(datos.read_text(encoding="utf-8")).get("_documento", {}).get("folio")
            except (OSError, ValueError, AttributeError):
                registrado = None
            if registrado and registrado != folio:
                continue
        return rel
    return None


def series(tx_o_cat, anio: int | None = None) -> list[dict]:
    """Used numbers per series: for `archivo documento folios` and reports."""
    condicion, params = ("serie IS NOT NULL AND anio = ?", (anio,)) if anio else ("serie IS NOT NULL", ())
    filas = tx_o_cat.todos(
        "SELECT serie, area, anio, COUNT(*) AS emitidos, MAX(consecutivo) AS ultimo, "
        f"SUM(estado = 'cancelado') AS cancelados FROM documentos WHERE {condicion} "
        "GROUP BY serie, area, anio ORDER BY anio, serie, area",
        params,
    )
    return [dict(f) for f in filas]
