"""Backups: ``archivo respaldo crear | verificar | restaurar | lista``.

A backup destination (a folder on another disk, a network share) holds any number of backups of one or more
archives::

    DESTINO/LEAME.txt                      what the folder is and how to restore it (Spanish)
    DESTINO/objetos/ab/<sha256>            every file once, by its content (shared by all backups)
    DESTINO/respaldos/<nombre>/catalogo.sqlite        the catalog, copied with SQLite's online backup API
    DESTINO/respaldos/<nombre>/manifiesto.json        every file: path, SHA-256, size; the catalog's SHA-256
    DESTINO/respaldos/<nombre>/manifiesto.json.sha256 the manifest's own SHA-256

Consistency while others keep working: the catalog is copied first (one consistent snapshot, writers go on); the
files are then taken from what *that copy* lists, so a document issued a moment later is neither in the copy nor in
its manifest. Issued documents never change, so a file in the object store is never copied twice: a second backup
copies only what is new. Derived files (carátulas, índices) that changed since the snapshot are copied as they are
and marked stale in the copy, so a restore regenerates them; a borrador discarded after the snapshot is dropped
from the copy. Files under ``expedientes/`` and ``acervo/`` that the catalog does not know (an unfinished write,
something put there by hand) are not copied and are named in the report.

A restore goes into an empty folder, through a temporary folder beside it that is renamed at the end, and
finishes with ``archivo verificar``'s checks clean and the same folios as the manifest, or it leaves nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from archivo.archivistica import folios as fol
from archivo.archivistica import integridad
from archivo.base import pendientes
from archivo.base.catalogo import MARCA_DANO, Catalogo, ahora, catalogo_comprobado, traducir_integridad
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema, error_de_disco
from archivo.base.fsutil import fsync_dir, nombre_temporal, pid_alive, sha256_file
from archivo.base.raiz import ARCHIVO_TOML, CATALOGO, Raiz

FORMATO = "archivo-respaldo"
VERSION = 1
MANIFIESTO = "manifiesto.json"
_CHUNK = 1 << 20

# What a backup never takes from the root: the live catalog (copied with the backup API instead), derived or
# transient data, and temporary files.
_EXCLUIDOS_RAIZ = {CATALOGO, f"{CATALOGO}-wal", f"{CATALOGO}-shm", f"{CATALOGO}-journal", "indices", ".diario",
                   MARCA_DANO}
# Folders whose files are taken only from the catalog's list.
_CATALOGADAS = ("expedientes", "acervo")

LEAME = """\
Esta carpeta contiene respaldos de uno o más archivos de «archivo» (documentos, expedientes y su catálogo).

  respaldos/NOMBRE/   un respaldo: su catálogo (catalogo.sqlite) y su manifiesto (cada archivo con su SHA-256)
  objetos/            el contenido de los archivos, una sola vez cada uno, nombrado por su SHA-256

No modifique ni borre nada aquí a mano. Para comprobar los respaldos:

  archivo respaldo verificar {destino}

Para restaurar el más reciente en una carpeta nueva o vacía:

  archivo respaldo restaurar {destino} /ruta/de/la/carpeta/nueva

(con --respaldo NOMBRE se elige otro; «archivo respaldo lista {destino}» los muestra).
"""


# --- results ------------------------------------------------------------------------------------------------

@dataclass
class InformeRespaldo:
    """What ``crear`` did."""

    nombre: str
    destino: Path
    momento: str
    archivos: int = 0
    bytes: int = 0
    copiados: int = 0
    bytes_copiados: int = 0
    documentos: int = 0
    no_incluidos: list[str] = field(default_factory=list)  # under expedientes/ or acervo/, unknown to the catalog
    faltantes: list[str] = field(default_factory=list)  # listed by the catalog, not on disk
    alterados: list[str] = field(default_factory=list)  # on disk with another SHA-256 than the catalog's
    avisos: list[str] = field(default_factory=list)

    @property
    def carpeta(self) -> Path:
        return self.destino / "respaldos" / self.nombre

    def resumen(self) -> str:
        return (f"Respaldo «{self.nombre}» creado en {self.destino}: el catálogo ({self.documentos} documento(s)) y "
                f"{self.archivos} archivo(s), {_tamano(self.bytes)}; {self.copiados} archivo(s) nuevo(s) copiado(s) "
                f"({_tamano(self.bytes_copiados)}), los demás ya estaban en el destino.")

    def como_dict(self) -> dict[str, Any]:
        return {"nombre": self.nombre, "destino": str(self.destino), "momento": self.momento,
                "archivos": self.archivos, "bytes": self.bytes, "copiados": self.copiados,
                "bytes_copiados": self.bytes_copiados, "documentos": self.documentos,
                "no_incluidos": self.no_incluidos, "faltantes": self.faltantes, "alterados": self.alterados,
                "avisos": self.avisos}


@dataclass
class HallazgoRespaldo:
    respaldo: str
    ruta: str
    detalle: str

    def como_dict(self) -> dict[str, str]:
        return {"respaldo": self.respaldo, "ruta": self.ruta, "detalle": self.detalle}


@dataclass
class InformeRestauracion:
    nombre: str
    raiz: Path
    archivos: int
    documentos: int
    series: list[dict[str, Any]]
    avisos: list[str] = field(default_factory=list)


@dataclass
class UltimoRespaldo:
    """The last backup recorded in an archive's catalog (for ``verificar`` and the portal's tablero)."""

    momento: datetime | None
    destino: str | None
    nombre: str | None
    dias: int | None  # whole days since then (None: there is none)

    @property
    def hay(self) -> bool:
        return self.momento is not None

    @property
    def atrasado(self) -> bool:
        """No backup, or the last one is more than a week old."""
        return self.dias is None or self.dias > 7

    def descripcion(self) -> str:
        if self.momento is None:
            return ("Aún no hay ningún respaldo de este archivo. Haga uno con «archivo respaldo crear DESTINO» "
                    "y prográmelo para que se haga solo (vea «Respaldos» en el README).")
        if self.dias == 0:
            hace = "hoy"
        elif self.dias == 1:
            hace = "ayer"
        else:
            hace = f"hace {self.dias} días"
        texto = f"Último respaldo: {hace} ({self.momento:%d/%m/%Y %H:%M}), en {self.destino}."
        if self.atrasado:
            texto += " Conviene respaldar al menos una vez por semana: «archivo respaldo crear DESTINO»."
        return texto

    def como_dict(self) -> dict[str, Any]:
        return {"momento": self.momento.isoformat() if self.momento else None, "destino": self.destino,
                "nombre": self.nombre, "dias": self.dias, "atrasado": self.atrasado,
                "descripcion": self.descripcion()}


def ultimo(cat: Catalogo, *, hoy: datetime | None = None) -> UltimoRespaldo:
    """How old the archive's last backup is (library function for ``verificar`` and the portal's tablero)."""
    fila = cat.uno("SELECT momento, destino, nombre FROM respaldos ORDER BY momento DESC, id DESC LIMIT 1")
    if fila is None:
        return UltimoRespaldo(None, None, None, None)
    momento = datetime.fromisoformat(fila["momento"])
    ahora_ = hoy or datetime.now(momento.tzinfo)
    return UltimoRespaldo(momento, fila["destino"], fila["nombre"], max((ahora_ - momento).days, 0))


# --- helpers ------------------------------------------------------------------------------------------------

def _tamano(n: int) -> str:
    for unidad in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unidad == "GB":
            return f"{n} {unidad}" if unidad == "bytes" else f"{n:.1f} {unidad}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


def _ruta_objeto(destino: Path, sha256: str) -> Path:
    return destino / "objetos" / sha256[:2] / sha256


def _copiar_con_hash(origen: Path, destino_tmp: Path) -> tuple[str, int]:
    """Copy ``origen`` into ``destino_tmp`` (fsynced), hashing on the way: (sha256, bytes)."""
    h = hashlib.sha256()
    total = 0
    with open(origen, "rb") as f, open(destino_tmp, "wb") as g:
        while bloque := f.read(_CHUNK):
            h.update(bloque)
            g.write(bloque)
            total += len(bloque)
        g.flush()
        os.fsync(g.fileno())
    return h.hexdigest(), total


def _error_disco(e: OSError, accion: str) -> ArchivoError:
    return error_de_disco(e, accion) or ArchivoError(
        f"No se pudo {accion}: {e.strerror or e} ({e.filename or 'sin ruta'}).")


class _Almacen:
    """The content-addressed object store of a destination."""

    def __init__(self, destino: Path) -> None:
        self.destino = destino

    def guardar(self, origen: Path, esperado: str | None) -> tuple[str, int, bool]:
        """Store the file ``origen``: (its sha256, bytes, whether it had to be copied)."""
        if esperado is not None:
            objeto = _ruta_objeto(self.destino, esperado)
            if objeto.is_file() and objeto.stat().st_size == origen.stat().st_size:
                return esperado, objeto.stat().st_size, False
        carpeta_tmp = self.destino / "objetos"
        tmp = nombre_temporal(carpeta_tmp / "objeto")
        try:
            sha, tamano = _copiar_con_hash(origen, tmp)
            objeto = _ruta_objeto(self.destino, sha)
            if objeto.is_file() and objeto.stat().st_size == tamano:
                tmp.unlink()
                return sha, tamano, False
            objeto.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, objeto)
            with contextlib.suppress(OSError):
                objeto.chmod(0o444)  # never changed again
            return sha, tamano, True
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _archivos_no_catalogados(raiz: Raiz) -> Iterator[Path]:
    """Files of the root outside expedientes/ and acervo/ (archivo.toml, plantillas/, other folders)."""
    for entrada in sorted(raiz.ruta.iterdir()):
        if entrada.name in _EXCLUIDOS_RAIZ or entrada.name in _CATALOGADAS or entrada.name.startswith(".tmp-"):
            continue
        if entrada.is_file():
            yield entrada
        elif entrada.is_dir():
            for carpeta, subcarpetas, nombres in os.walk(entrada):
                subcarpetas.sort()
                for nombre in sorted(nombres):
                    if not nombre.startswith(".tmp-"):
                        yield Path(carpeta) / nombre


def _exigir_destino(raiz: Raiz, destino: Path) -> Path:
    destino = Path(destino).expanduser().absolute()
    problemas = []
    if destino.exists() and not destino.is_dir():
        problemas.append(Problema("DESTINO", f"«{destino}» existe y no es una carpeta", "indique una carpeta"))
    elif destino.resolve() == raiz.ruta or raiz.ruta in destino.resolve().parents:
        problemas.append(Problema("DESTINO", f"«{destino}» está dentro del propio archivo",
                                  "respalde en otro disco o en otra carpeta, fuera de " + str(raiz.ruta)))
    elif Raiz.es_raiz(destino):
        problemas.append(Problema("DESTINO", f"«{destino}» es un archivo de «archivo», no una carpeta de respaldos",
                                  "indique una carpeta vacía o una que ya tenga respaldos"))
    elif destino.is_dir() and any(destino.iterdir()) and not (destino / "respaldos").is_dir():
        problemas.append(Problema("DESTINO", f"«{destino}» no está vacía y no es una carpeta de respaldos",
                                  "indique una carpeta nueva, vacía, o una que ya tenga respaldos"))
    if problemas:
        raise EntradaInvalida("No se creó el respaldo.", problemas)
    return destino


def _nombre_respaldo(raiz: Raiz, destino: Path) -> str:
    base = f"{datetime.now():%Y%m%d-%H%M%S}-{raiz.config.siglas}".replace("/", "-")
    nombre, n = base, 2
    while (destino / "respaldos" / nombre).exists():
        nombre = f"{base}-{n}"
        n += 1
    return nombre


def _resumen_folios(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    return [dict(f) for f in conn.execute(
        "SELECT serie, area, anio, MAX(consecutivo) AS ultimo, COUNT(*) AS documentos FROM documentos "
        "WHERE serie IS NOT NULL AND consecutivo IS NOT NULL GROUP BY serie, area, anio ORDER BY serie, area, anio")]


def _borrar_borrador(copia: sqlite3.Connection, archivo_id: int) -> bool:
    """Drop from the snapshot a borrador whose file was discarded after it was taken."""
    doc = copia.execute("SELECT id, archivo_id, datos_archivo_id FROM documentos WHERE estado = 'borrador' AND "
                        "(archivo_id = ? OR datos_archivo_id = ?)", (archivo_id, archivo_id)).fetchone()
    if doc is None:
        return False
    copia.execute("DELETE FROM documento_personas WHERE documento_id = ?", (doc[0],))
    copia.execute("DELETE FROM indice_pendientes WHERE documento_id = ?", (doc[0],))
    copia.execute("DELETE FROM documentos WHERE id = ?", (doc[0],))
    copia.executemany("DELETE FROM archivos WHERE id = ?", [(i,) for i in (doc[1], doc[2]) if i is not None])
    return True


def _limpiar_interrumpidos(destino: Path) -> None:
    """What a backup killed midway left in the destination (its half-written backup folder and objects)."""
    for carpeta in (destino / "respaldos", destino / "objetos"):
        for resto in carpeta.glob(".tmp-*"):
            try:
                pid = int(resto.name.split("-")[1])
            except (IndexError, ValueError):
                continue
            if not pid_alive(pid):
                if resto.is_dir():
                    shutil.rmtree(resto, ignore_errors=True)
                else:
                    resto.unlink(missing_ok=True)


# --- crear --------------------------------------------------------------------------------------------------

def crear(cat: Catalogo, destino: Path | str, *, avanzar: Callable[[int], None] | None = None,
          total: Callable[[int], None] | None = None) -> InformeRespaldo:
    """Back up the archive of ``cat`` into ``destino`` (see the module docstring)."""
    raiz = cat.raiz
    destino = _exigir_destino(raiz, Path(destino))
    try:
        return _crear(cat, destino, avanzar, total)
    except OSError as e:
        raise _error_disco(e, f"crear el respaldo en {destino}") from None


def _crear(cat: Catalogo, destino: Path, avanzar: Callable[[int], None] | None,
           total: Callable[[int], None] | None) -> InformeRespaldo:
    raiz = cat.raiz
    (destino / "objetos").mkdir(parents=True, exist_ok=True)
    (destino / "respaldos").mkdir(exist_ok=True)
    leame = destino / "LEAME.txt"
    if not leame.exists():
        leame.write_text(LEAME.format(destino=destino), encoding="utf-8")
    _limpiar_interrumpidos(destino)
    nombre = _nombre_respaldo(raiz, destino)
    carpeta_tmp = destino / "respaldos" / f".tmp-{os.getpid()}-{nombre}"
    carpeta_tmp.mkdir()
    try:
        informe = InformeRespaldo(nombre, destino, ahora())
        # 1. The catalog: one consistent snapshot while other processes keep writing.
        copia_ruta = carpeta_tmp / CATALOGO
        copia = sqlite3.connect(copia_ruta, isolation_level=None)
        try:
            cat.conn.backup(copia)
            copia.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            estado = copia.execute("PRAGMA quick_check").fetchall()
            if [f[0] for f in estado] != ["ok"]:
                raise ArchivoError("No se creó el respaldo: el catálogo está dañado ("
                                   + "; ".join(traducir_integridad(str(f[0])) for f in estado[:3])
                                   + "). Un respaldo de un catálogo dañado no serviría para restaurar.")
            archivos = copia.execute("SELECT id, ruta, sha256, bytes, regenerable, tipo FROM archivos "
                                     "ORDER BY ruta").fetchall()
            if total:
                total(len(archivos))
            almacen = _Almacen(destino)
            manifiesto: list[dict[str, Any]] = []
            conocidas = set()
            copia.execute("BEGIN")
            for id_, rel, sha, _bytes, regenerable, _tipo in archivos:
                conocidas.add(rel)
                try:
                    origen = raiz.absoluta(rel)
                except ArchivoError:
                    informe.avisos.append(f"ruta fuera del archivo en el catálogo: {rel}")
                    continue
                if not origen.is_file():
                    if not _borrar_borrador(copia, id_):
                        informe.faltantes.append(rel)
                    continue
                sha_copia, tamano, nuevo = almacen.guardar(origen, sha)
                if sha_copia != sha:
                    if regenerable:
                        copia.execute("UPDATE archivos SET sha256 = ?, bytes = ? WHERE id = ?",
                                      (sha_copia, tamano, id_))
                        copia.execute("UPDATE expedientes SET caratula_vigente = 0 WHERE ? IN (ruta || '/caratula.docx', "
                                      "ruta || '/indice.docx')", (rel,))
                    else:
                        informe.alterados.append(rel)
                manifiesto.append({"ruta": rel, "sha256": sha_copia, "bytes": tamano})
                informe.archivos += 1
                informe.bytes += tamano
                if nuevo:
                    informe.copiados += 1
                    informe.bytes_copiados += tamano
                if avanzar:
                    avanzar(1)
            copia.execute("COMMIT")
            for carpeta in _CATALOGADAS:
                base = raiz.ruta / carpeta
                if base.is_dir():
                    for ruta in sorted(base.rglob("*")):
                        if ruta.is_file() and raiz.relativa(ruta) not in conocidas:
                            informe.no_incluidos.append(raiz.relativa(ruta))
            for ruta in _archivos_no_catalogados(raiz):
                sha_copia, tamano, nuevo = almacen.guardar(ruta, None)
                manifiesto.append({"ruta": raiz.relativa(ruta), "sha256": sha_copia, "bytes": tamano})
                informe.archivos += 1
                informe.bytes += tamano
                if nuevo:
                    informe.copiados += 1
                    informe.bytes_copiados += tamano
            informe.documentos = copia.execute("SELECT COUNT(*) FROM documentos").fetchone()[0]
            series = _resumen_folios(copia)
        finally:
            copia.close()
        datos = {
            "formato": FORMATO, "version": VERSION, "nombre": nombre, "creado": informe.momento,
            "origen": str(raiz.ruta), "institucion": raiz.config.siglas,
            "catalogo": {"sha256": sha256_file(copia_ruta), "bytes": copia_ruta.stat().st_size},
            "documentos": informe.documentos, "folios": series, "archivos": manifiesto,
            "no_incluidos": informe.no_incluidos, "faltantes": informe.faltantes, "alterados": informe.alterados,
        }
        texto = json.dumps(datos, ensure_ascii=False, indent=1).encode("utf-8")
        (carpeta_tmp / MANIFIESTO).write_bytes(texto)
        sha_manifiesto = hashlib.sha256(texto).hexdigest()
        (carpeta_tmp / f"{MANIFIESTO}.sha256").write_text(f"{sha_manifiesto}  {MANIFIESTO}\n", encoding="utf-8")
        for f in carpeta_tmp.iterdir():
            with open(f, "rb") as g:
                os.fsync(g.fileno())
        fsync_dir(carpeta_tmp)
        os.rename(carpeta_tmp, informe.carpeta)
        fsync_dir(destino / "respaldos")
    except BaseException:
        shutil.rmtree(carpeta_tmp, ignore_errors=True)
        raise
    if cat.solo_lectura:
        informe.avisos.append("el respaldo está completo; no se anotó en el catálogo porque su usuario solo puede "
                              "leerlo, así que «archivo verificar» no lo contará como el último")
        return informe
    try:
        with cat.transaccion("crear respaldo") as tx:
            tx.execute("INSERT INTO respaldos (momento, nombre, destino, archivos, bytes, copiados, bytes_copiados, "
                       "manifiesto_sha256, usuario) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (informe.momento, nombre, str(destino), informe.archivos, informe.bytes, informe.copiados,
                        informe.bytes_copiados, sha_manifiesto, cat.usuario))
            tx.registrar("respaldo", nombre, None, {"destino": str(destino), "archivos": informe.archivos,
                                                    "copiados": informe.copiados, "manifiesto": sha_manifiesto})
    except ArchivoError as e:
        informe.avisos.append(f"el respaldo está completo, pero no se pudo anotar en el catálogo ({e.mensaje}); "
                              "«archivo verificar» no lo contará como el último")
    return informe


# --- reading a destination ----------------------------------------------------------------------------------

def _exigir_carpeta_de_respaldos(destino: Path) -> Path:
    destino = Path(destino).expanduser().absolute()
    if not (destino / "respaldos").is_dir():
        raise EntradaInvalida(f"«{destino}» no es una carpeta de respaldos.",
                              [Problema("DESTINO", "no tiene la carpeta «respaldos»",
                                        "indique la carpeta donde se crearon con «archivo respaldo crear»")])
    return destino


def lista(destino: Path | str) -> list[dict[str, Any]]:
    """The backups in ``destino``, newest first (name, date, institution, files, documents)."""
    destino = _exigir_carpeta_de_respaldos(Path(destino))
    salida = []
    for carpeta in sorted((destino / "respaldos").iterdir(), reverse=True):
        if not carpeta.is_dir() or carpeta.name.startswith("."):
            continue
        try:
            datos = json.loads((carpeta / MANIFIESTO).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            salida.append({"nombre": carpeta.name, "creado": None, "institucion": None, "archivos": None,
                           "documentos": None, "estado": "manifiesto ilegible"})
            continue
        salida.append({"nombre": carpeta.name, "creado": datos.get("creado"), "institucion": datos.get("institucion"),
                       "archivos": len(datos.get("archivos", [])), "documentos": datos.get("documentos"),
                       "origen": datos.get("origen"), "estado": "completo"})
    return sorted(salida, key=lambda r: (r["creado"] or "", r["nombre"]), reverse=True)


def _elegir(destino: Path, nombre: str | None) -> Path:
    respaldos = [r for r in lista(destino) if r["estado"] == "completo"]
    if nombre is None:
        if not respaldos:
            raise EntradaInvalida(f"«{destino}» no tiene ningún respaldo completo.")
        return destino / "respaldos" / respaldos[0]["nombre"]
    carpeta = destino / "respaldos" / nombre
    if "/" in nombre or nombre.startswith(".") or not carpeta.is_dir():
        disponibles = ", ".join(r["nombre"] for r in respaldos) or "ninguno"
        raise EntradaInvalida(f"No existe el respaldo «{nombre}» en {destino}.",
                              [Problema("--respaldo", "no existe", f"respaldos disponibles: {disponibles}")])
    return carpeta


def _leer_manifiesto(carpeta: Path, hallazgos: list[HallazgoRespaldo]) -> dict[str, Any] | None:
    nombre = carpeta.name
    try:
        texto = (carpeta / MANIFIESTO).read_bytes()
    except OSError:
        hallazgos.append(HallazgoRespaldo(nombre, MANIFIESTO, "falta el manifiesto"))
        return None
    try:
        esperado = (carpeta / f"{MANIFIESTO}.sha256").read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        esperado = None
    if esperado != hashlib.sha256(texto).hexdigest():
        hallazgos.append(HallazgoRespaldo(nombre, MANIFIESTO, "el manifiesto no coincide con su SHA-256 "
                                          "(se modificó o está dañado)"))
        return None
    try:
        datos = json.loads(texto)
    except ValueError:
        hallazgos.append(HallazgoRespaldo(nombre, MANIFIESTO, "el manifiesto no es JSON válido"))
        return None
    if datos.get("formato") != FORMATO:
        hallazgos.append(HallazgoRespaldo(nombre, MANIFIESTO, "no es un manifiesto de respaldo de archivo"))
        return None
    return datos


def _revisar_catalogo(carpeta: Path, datos: dict[str, Any], hallazgos: list[HallazgoRespaldo]) -> None:
    copia = carpeta / CATALOGO
    if not copia.is_file():
        hallazgos.append(HallazgoRespaldo(carpeta.name, CATALOGO, "falta la copia del catálogo"))
        return
    if sha256_file(copia) != datos["catalogo"]["sha256"]:
        hallazgos.append(HallazgoRespaldo(carpeta.name, CATALOGO, "la copia del catálogo cambió (SHA-256 distinto)"))
        return
    try:
        conn = sqlite3.connect(f"{copia.absolute().as_uri()}?mode=ro", uri=True)
        try:
            filas = [str(f[0]) for f in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        filas = [str(e)]
    if filas != ["ok"]:
        hallazgos.extend(HallazgoRespaldo(carpeta.name, CATALOGO, traducir_integridad(f)) for f in filas[:20])


def verificar(destino: Path | str, *, nombre: str | None = None,
              avanzar: Callable[[int], None] | None = None) -> tuple[list[str], list[HallazgoRespaldo]]:
    """Re-hash every backup in ``destino`` (or only ``nombre``): (backups checked, findings)."""
    destino = _exigir_carpeta_de_respaldos(Path(destino))
    carpetas = [_elegir(destino, nombre)] if nombre else [destino / "respaldos" / r["nombre"] for r in lista(destino)]
    hallazgos: list[HallazgoRespaldo] = []
    revisados: dict[str, bool] = {}  # sha256 -> sound (each object hashed once, however many backups share it)
    for carpeta in carpetas:
        datos = _leer_manifiesto(carpeta, hallazgos)
        if datos is None:
            continue
        _revisar_catalogo(carpeta, datos, hallazgos)
        for entrada in datos.get("archivos", []):
            sha = entrada["sha256"]
            if sha not in revisados:
                objeto = _ruta_objeto(destino, sha)
                revisados[sha] = objeto.is_file() and sha256_file(objeto) == sha
            if not revisados[sha]:
                objeto = _ruta_objeto(destino, sha)
                detalle = "falta su contenido en objetos/" if not objeto.is_file() else \
                    "su contenido cambió (SHA-256 distinto)"
                hallazgos.append(HallazgoRespaldo(carpeta.name, entrada["ruta"], detalle))
            if avanzar:
                avanzar(1)
    return [c.name for c in carpetas], hallazgos


def total_archivos(destino: Path | str, nombre: str | None = None) -> int:
    destino = _exigir_carpeta_de_respaldos(Path(destino))
    carpetas = [_elegir(destino, nombre)] if nombre else [destino / "respaldos" / r["nombre"] for r in lista(destino)]
    total = 0
    for carpeta in carpetas:
        with contextlib.suppress(OSError, ValueError):
            total += len(json.loads((carpeta / MANIFIESTO).read_text(encoding="utf-8")).get("archivos", []))
    return total


# --- restaurar ----------------------------------------------------------------------------------------------

def restaurar(destino: Path | str, raiz_nueva: Path | str, *, nombre: str | None = None,
              usuario: str | None = None, avanzar: Callable[[int], None] | None = None,
              reindexar: Callable[[Catalogo], Any] | None = None) -> InformeRestauracion:
    """Restore a backup of ``destino`` (the newest, or ``nombre``) into the new or empty folder ``raiz_nueva``.

    Every file is checked against its SHA-256 on the way; the result must pass the checks of ``archivo verificar``
    and keep the manifest's folios, otherwise nothing is left behind. ``reindexar`` rebuilds the search index."""
    destino = _exigir_carpeta_de_respaldos(Path(destino))
    carpeta = _elegir(destino, nombre)
    raiz_nueva = Path(raiz_nueva).expanduser().absolute()
    if raiz_nueva.exists() and (not raiz_nueva.is_dir() or any(raiz_nueva.iterdir())):
        raise EntradaInvalida("No se restauró el respaldo.", [
            Problema("RAIZ", f"«{raiz_nueva}» no es una carpeta vacía",
                     "restaure en una carpeta nueva o vacía; nunca se escribe sobre un archivo existente")])
    hallazgos: list[HallazgoRespaldo] = []
    datos = _leer_manifiesto(carpeta, hallazgos)
    if datos is not None:
        _revisar_catalogo(carpeta, datos, hallazgos)
    if hallazgos:
        raise ArchivoError(f"No se restauró el respaldo «{carpeta.name}»: está dañado. Pruebe con otro "
                           "(«archivo respaldo lista DESTINO», y --respaldo NOMBRE).",
                           [Problema(h.ruta, h.detalle) for h in hallazgos])
    assert datos is not None
    raiz_nueva.parent.mkdir(parents=True, exist_ok=True)
    for resto in raiz_nueva.parent.glob(f".tmp-*-restaurar-{raiz_nueva.name}"):  # a restore killed midway
        with contextlib.suppress(IndexError, ValueError):
            if not pid_alive(int(resto.name.split("-")[1])):
                shutil.rmtree(resto, ignore_errors=True)
    tmp = raiz_nueva.parent / f".tmp-{os.getpid()}-restaurar-{raiz_nueva.name}"
    try:
        return _restaurar(destino, carpeta, datos, tmp, raiz_nueva, usuario, avanzar, reindexar)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _error_disco(e, f"restaurar el respaldo en {raiz_nueva}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _restaurar(destino: Path, carpeta: Path, datos: dict[str, Any], tmp: Path, raiz_nueva: Path,
               usuario: str | None, avanzar: Callable[[int], None] | None,
               reindexar: Callable[[Catalogo], Any] | None) -> InformeRestauracion:
    tmp.mkdir()
    problemas: list[Problema] = []
    for entrada in datos["archivos"]:
        rel = entrada["ruta"]
        partes = rel.split("/")
        if any(p in ("", ".", "..") for p in partes):
            problemas.append(Problema(rel, "ruta inválida en el manifiesto"))
            continue
        objeto = _ruta_objeto(destino, entrada["sha256"])
        if not objeto.is_file():
            problemas.append(Problema(rel, "falta su contenido en objetos/"))
            continue
        salida = tmp.joinpath(*partes)
        salida.parent.mkdir(parents=True, exist_ok=True)
        sha, _ = _copiar_con_hash(objeto, salida)
        if sha != entrada["sha256"]:
            problemas.append(Problema(rel, "su contenido cambió en el respaldo (SHA-256 distinto)"))
        if avanzar:
            avanzar(1)
    if problemas:
        raise ArchivoError(f"No se restauró el respaldo «{carpeta.name}»: hay {len(problemas)} archivo(s) dañados "
                           "o faltantes en él. Pruebe con otro (--respaldo NOMBRE).", problemas)
    sha, _ = _copiar_con_hash(carpeta / CATALOGO, tmp / CATALOGO)
    if sha != datos["catalogo"]["sha256"]:
        raise ArchivoError(f"No se restauró el respaldo «{carpeta.name}»: la copia del catálogo cambió.")
    if not (tmp / ARCHIVO_TOML).is_file():
        raise ArchivoError(f"No se restauró el respaldo «{carpeta.name}»: no contiene archivo.toml.")
    for nombre_carpeta in ("expedientes", "acervo", "indices", ".diario", "plantillas"):
        (tmp / nombre_carpeta).mkdir(exist_ok=True)
    raiz = Raiz(tmp)
    with Catalogo.abrir(raiz, usuario or "restauración") as cat:
        hallazgos = integridad.verificar(cat)
        if hallazgos:
            raise ArchivoError(f"No se restauró el respaldo «{carpeta.name}»: el archivo restaurado no pasa la "
                               "verificación.", [Problema(h.ruta, f"{integridad.CATEGORIAS[h.categoria]}: {h.detalle}")
                                                 for h in hallazgos[:50]])
        series = [{k: s[k] for k in ("serie", "area", "anio", "ultimo")} for s in fol.series(cat)]
        esperadas = [{k: s[k] for k in ("serie", "area", "anio", "ultimo")} for s in datos.get("folios", [])]
        clave = (lambda s: (s["serie"], s["area"], s["anio"]))  # noqa: E731
        if sorted(series, key=clave) != sorted(esperadas, key=clave):
            raise ArchivoError(f"No se restauró el respaldo «{carpeta.name}»: sus folios no coinciden con su "
                               "manifiesto.")
        documentos = cat.uno("SELECT COUNT(*) FROM documentos")[0]
        cat.registrar_evento("restaurar respaldo", "respaldo", carpeta.name, None,
                             {"destino": str(destino), "origen": datos.get("origen"), "creado": datos.get("creado")})
    fsync_dir(tmp)
    if raiz_nueva.exists():
        raiz_nueva.rmdir()  # empty (checked above)
    os.rename(tmp, raiz_nueva)
    fsync_dir(raiz_nueva.parent)
    informe = InformeRestauracion(carpeta.name, raiz_nueva, len(datos["archivos"]), documentos, series)
    if reindexar is not None:
        try:
            with Catalogo.abrir(Raiz(raiz_nueva), usuario or "restauración") as cat:
                reindexar(cat)
        except ArchivoError as e:
            informe.avisos.append(f"el índice de búsqueda no se pudo reconstruir ({e.mensaje}); ejecute "
                                  "«archivo reindexar» en el archivo restaurado")
    return informe


# --- the tablero's section: the catalog's integrity and the age of the last backup --------------------------

def _resguardo(cat: Catalogo, hoy: date) -> list[pendientes.Pendiente]:
    lineas = []
    dano = cat.dano_conocido()
    if dano is not None:
        lineas.append(pendientes.Pendiente(
            "El catálogo está dañado: no se registra nada nuevo hasta reponerlo", vencido=True,
            detalle="restáurelo de su respaldo («archivo respaldo restaurar») o reconstrúyalo («archivo recuperar»); "
                    "«archivo verificar» da el detalle"))
    elif catalogo_comprobado(cat):
        lineas.append(pendientes.Pendiente("El catálogo está íntegro", detalle="comprobación rápida de SQLite"))
    anterior = ultimo(cat, hoy=datetime.combine(hoy, datetime.now().time()).astimezone())
    if not anterior.hay:
        lineas.append(pendientes.Pendiente("Aún no hay ningún respaldo de este archivo", vencido=True,
                                           detalle="haga uno con «archivo respaldo crear DESTINO» y prográmelo"))
    else:
        lineas.append(pendientes.Pendiente(
            anterior.descripcion().split(" Conviene")[0], vencido=anterior.atrasado,
            fecha=anterior.momento.date().isoformat() if anterior.momento else None,
            detalle="conviene respaldar al menos una vez por semana" if anterior.atrasado else ""))
    return lineas


pendientes.registrar(pendientes.Seccion("resguardo", "Resguardo del archivo", _resguardo, orden=5,
                                        vacio="Sin novedades."))
