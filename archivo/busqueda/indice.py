"""The archive's index: where it lives, one writer at a time (a file lock with a bounded wait, then
``Ocupado``), generations built aside and switched atomically, detection of a missing or damaged index;
and catalog -> index: ``indexar_pendientes`` (after each commit), ``reindexar``, ``buscar``, ``similares``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.util.filelock import FileLock

from archivo import mecanismos
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida, Ocupado, Problema, SinPermiso
from archivo.base.formato import a_fecha
from archivo.base.fsutil import atomic_write_bytes, atomic_write_text, remove_stale_temporaries
from archivo.base.valores import a_id
from archivo.busqueda.analisis import (
    identificadores,
    normalizar_identificador,
)
from archivo.busqueda.consulta import interpretar
from archivo.busqueda.extraccion import es_numero_de_documento, extraer
from archivo.busqueda.motor import (
    ERRORES_DANO,
    Buscador,
    Filtros,
    IndiceInvalido,
    Motor,
    Resultado,
    huella,
    identificadores_de,
    valor_filtro,
)

log = logging.getLogger("archivo.busqueda")

# =====================================================================================================
# 3. The archive's index: location, one writer at a time, generations
# =====================================================================================================

CARPETA_INDICE = "whoosh"
ESPERA_ESCRITURA_S = 30.0  # a writer (reindexar, importar) waits this long for another one, then «ocupado»
ESPERA_PENDIENTES_S = 5.0  # indexing after issuing waits less: the documents stay queued if it cannot
VERSION_TEXTOS = 1  # bump when text extraction changes: cached texts of another version are not used
UMBRAL_PARALELO = 2000  # a rebuild of this many documents or more uses two writer processes
LIMITE_MAXIMO = 10_000  # results a search may return


def espera_escritura() -> float:
    """How long a writer waits for the index lock (``ARCHIVO_ESPERA_INDICE`` overrides, in seconds)."""
    try:
        return float(os.environ.get("ARCHIVO_ESPERA_INDICE", ESPERA_ESCRITURA_S))
    except ValueError:
        return ESPERA_ESCRITURA_S


_abiertos: dict[str, Motor] = {}
_candado_abiertos = threading.Lock()


class IndiceArchivo:
    """The index of an archive root: ``indices/whoosh/`` holds the generations (``gen-*``), the pointer
    ``ACTUAL`` to the one in use, the writers' lock and the cache of extracted texts.

    A rebuild writes a new generation beside the current one and switches ``ACTUAL`` atomically, so a crash
    at any moment leaves either the old index or the new one, never a half-written one. The lock is an OS
    file lock (Whoosh's ``FileLock``: ``flock``), released by the system if its process dies.
    """

    def __init__(self, raiz: Any) -> None:
        self.raiz = raiz
        self.base = Path(raiz.indices) / CARPETA_INDICE
        self.puntero = self.base / "ACTUAL"
        self.textos = self.base / f"textos-v{VERSION_TEXTOS}"

    def carpeta_actual(self) -> Path | None:
        try:
            nombre = self.puntero.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not re.fullmatch(r"gen-[0-9a-z-]+", nombre):
            return None
        return self.base / nombre

    def abrir(self) -> Motor:
        carpeta = self.carpeta_actual()
        if carpeta is None or not carpeta.is_dir():
            raise IndiceInvalido("no existe")
        return Motor.abrir(carpeta)

    def abierto(self) -> Motor:
        """The index in use, opened and checked once per process and generation (a portal searches many times a
        second: reopening and checking it each time cost more than the search)."""
        carpeta = self.carpeta_actual()
        if carpeta is None or not carpeta.is_dir():
            raise IndiceInvalido("no existe")
        clave = str(carpeta)
        with _candado_abiertos:
            motor = _abiertos.get(clave)
        if motor is not None:
            try:
                motor.ix.latest_generation()
                return motor
            except ERRORES_DANO:
                pass
        motor = Motor.abrir(carpeta)
        with _candado_abiertos:
            anteriores = list(_abiertos.values())
            _abiertos.clear()  # only the generation in use is kept
            _abiertos[clave] = motor
        for anterior in anteriores:
            anterior.soltar_buscadores()
        return motor

    @contextlib.contextmanager
    def bloqueo(self, espera: float) -> Iterator[None]:
        """Hold the writers' lock, waiting at most ``espera`` seconds; then ``Ocupado`` (exit code 3)."""
        self.base.mkdir(parents=True, exist_ok=True)
        candado = FileLock(str(self.base / "escritura.lock"))
        limite = time.monotonic() + max(espera, 0.0)
        while not candado.acquire(blocking=False):
            if time.monotonic() >= limite:
                raise Ocupado(
                    f"El índice de búsqueda está ocupado: otro proceso lo está actualizando (una importación, una "
                    f"reconstrucción o la indexación de documentos recién emitidos) y no terminó en {espera:g} s. "
                    "Espere a que termine y vuelva a intentarlo; no se modificó nada.")
            time.sleep(0.01)  # a search waiting for the indexer of a just-issued document: a short step
        try:
            yield
        finally:
            candado.release()

    def nueva_generacion(self) -> Motor:
        carpeta = self.base / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        return Motor.crear(carpeta)

    def activar(self, motor: Motor) -> None:
        """Make ``motor`` the index in use (atomic rename of the pointer), then remove the others."""
        atomic_write_text(self.puntero, motor.carpeta.name)
        self.limpiar()

    def limpiar(self) -> None:
        """Remove generations other than the current one (left by rebuilds that were interrupted)."""
        actual = self.carpeta_actual()
        for carpeta in self.base.glob("gen-*"):
            if carpeta != actual and carpeta.is_dir():
                shutil.rmtree(carpeta, ignore_errors=True)

    # --- cache of extracted texts (by SHA-256 of the file: never stale) ---
    def ruta_texto(self, sha256: str) -> Path:
        return self.textos / sha256[:2] / f"{sha256}.txt"

    def guardar_texto(self, sha256: str, texto: str) -> None:
        atomic_write_bytes(self.ruta_texto(sha256), texto.encode("utf-8"), sync_dir=False)

    def texto_guardado(self, sha256: str) -> str | None:
        try:
            return self.ruta_texto(sha256).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None


# =====================================================================================================
# 4. Catalog -> index, and the public API
# =====================================================================================================

_SELECT_DOCS = """
SELECT d.id, d.folio, d.tipo, d.estado, d.origen, d.fecha, d.asunto, d.area, d.procedimiento_id,
       a.ruta AS ruta, a.sha256 AS sha256, p.mecanismo AS mecanismo_proc, e.tipo AS exp_tipo,
       e.referencia AS exp_ref, e.area AS exp_area, i.nombre_original, i.numero, i.identificadores,
       i.mecanismo AS mecanismo_imp, ao.ruta AS texto_ruta, ao.sha256 AS texto_sha256
FROM documentos d
LEFT JOIN archivos a ON a.id = d.archivo_id
LEFT JOIN procedimientos p ON p.id = d.procedimiento_id
LEFT JOIN expedientes e ON e.id = d.expediente_id
LEFT JOIN importaciones i ON i.documento_id = d.id
LEFT JOIN ocr o ON o.documento_id = d.id
LEFT JOIN archivos ao ON ao.id = o.derivado_id
"""


def _lotes(valores: Sequence[int], n: int = 500) -> Iterator[Sequence[int]]:
    for i in range(0, len(valores), n):
        yield valores[i: i + n]


def _metadatos(cat: Any, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """id -> the catalog data of each document (no text), for the index and its fingerprint."""
    salida: dict[int, dict[str, Any]] = {}
    for lote in _lotes(list(ids)):
        marcas = ",".join("?" * len(lote))
        for f in cat.todos(f"{_SELECT_DOCS} WHERE d.id IN ({marcas})", list(lote)):
            mecanismo = f["mecanismo_proc"] or f["mecanismo_imp"] or (
                f["exp_ref"] if f["exp_tipo"] == "mecanismo" else None)
            try:
                identificadores = json.loads(f["identificadores"]) if f["identificadores"] else None
            except ValueError:
                identificadores = None
            salida[f["id"]] = {
                "id": f["id"], "folio": f["folio"], "numero": f["numero"] or f["folio"], "titulo": f["asunto"],
                "tipo": f["tipo"], "mecanismo": mecanismo,
                "procedimiento": str(f["procedimiento_id"]) if f["procedimiento_id"] is not None else None,
                "area": f["area"] or f["exp_area"], "fecha": f["fecha"], "estado": f["estado"],
                "origen": f["origen"], "ruta": f["ruta"], "sha256": f["sha256"],
                "nombre_original": f["nombre_original"], "identificadores_importados": identificadores,
                # a scan's text is read from its searchable copy (OCR), when it has one
                "texto_ruta": f["texto_ruta"], "texto_sha256": f["texto_sha256"],
                "personas": [], "nombres": [],
            }
        for f in cat.todos(
                "SELECT dp.documento_id, p.clave, p.nombre, p.primer_apellido, p.segundo_apellido "
                f"FROM documento_personas dp JOIN personas p ON p.clave = dp.persona_clave "
                f"WHERE dp.documento_id IN ({marcas}) ORDER BY dp.documento_id, p.clave", list(lote)):
            d = salida.get(f["documento_id"])
            if d is not None:
                d["personas"].append(f["clave"])
                d["nombres"].append(" ".join(x for x in (f["nombre"], f["primer_apellido"],
                                                         f["segundo_apellido"]) if x))
    for d in salida.values():
        d["huella"] = huella(d)
    return salida


def _texto(indice: IndiceArchivo, datos: dict[str, Any]) -> str:
    """The text of a document's file (of its searchable copy, for a scan with OCR): from the cache, else
    extracted (and cached). Raises ArchivoError."""
    ruta, sha = datos.get("texto_ruta") or datos.get("ruta"), datos.get("texto_sha256") or datos.get("sha256")
    if not ruta:
        return ""
    if sha:
        guardado = indice.texto_guardado(sha)
        if guardado is not None:
            return guardado
    archivo = indice.raiz.absoluta(ruta)
    if not archivo.is_file():
        raise ArchivoError(f"falta el archivo {ruta} (revíselo con «archivo verificar»)")
    texto = extraer(archivo).texto
    if sha:
        indice.guardar_texto(sha, texto)
    return texto


def _documento_indice(indice: IndiceArchivo, datos: dict[str, Any]) -> dict[str, Any]:
    doc = dict(datos)
    doc["texto"] = _texto(indice, datos)
    importados = datos.get("identificadores_importados")
    doc["identificadores"] = importados if importados is not None else identificadores_de(
        datos.get("titulo") or "", datos.get("folio") or "", doc["texto"])
    if not doc.get("numero"):
        # A file filed without folio (a PDF received, a carpeta): its own number as written at its top.

        propios = [i for i in identificadores(f"{datos.get('titulo') or ''}\n{doc['texto'][:1500]}",
                                              como_se_escribieron=True) if es_numero_de_documento(i)]
        doc["numero"] = propios[0] if propios else None
    return doc


def _indexables(cat: Any) -> list[int]:
    return [f[0] for f in cat.todos("SELECT id FROM documentos WHERE estado != 'borrador' ORDER BY id")]


@dataclass
class InformeIndexado:
    documentos: int = 0
    segundos: float = 0.0
    problemas: list[Problema] = field(default_factory=list)
    reconstruido: bool = False
    motivo: str = ""


def _preparar(cat: Any, indice: IndiceArchivo, ids: Sequence[int], informe: InformeIndexado,
              ) -> Iterator[dict[str, Any]]:
    """Index documents of ``ids``; a document whose file cannot be read is indexed by its catalog data
    (title, folio, personas) and reported, so it can still be found by them."""
    for lote in _lotes(list(ids), 200):
        metadatos = _metadatos(cat, lote)
        for i in lote:
            datos = metadatos.get(i)
            if datos is None or datos["estado"] == "borrador":
                continue
            try:
                yield _documento_indice(indice, datos)
            except ArchivoError as e:
                informe.problemas.append(Problema(f"documento {datos['folio'] or '#' + str(i)}",
                                                  f"no se pudo leer su texto: {e.mensaje}",
                                                  "se indexó solo con su título y folio"))
                yield {**datos, "texto": "", "identificadores": datos.get("identificadores_importados") or [],
                       "error_texto": True}


def _quitar_pendientes(cat: Any, indexados: dict[int, str], con_problemas: set[int]) -> None:
    """Remove from the queue the documents indexed as they are now in the catalog.

    A document changed meanwhile (its fingerprint differs) stays queued for the next pass."""
    if not indexados:
        return
    with cat.transaccion("actualizar índice de búsqueda") as tx:
        actuales = _metadatos(tx, list(indexados))
        quitar = [i for i, h in indexados.items()
                  if i not in con_problemas and (i not in actuales or actuales[i]["huella"] == h)]
        for lote in _lotes(quitar):
            tx.execute(f"DELETE FROM indice_pendientes WHERE documento_id IN ({','.join('?' * len(lote))})",
                       list(lote))


def _reconstruir(cat: Any, indice: IndiceArchivo, informe: InformeIndexado,
                 progreso: Callable[..., Any] | None = None, optimizar: bool = False) -> Motor:
    """Build a whole new generation from the catalog and switch to it (the lock is held by the caller)."""
    inicio = time.monotonic()
    pendientes_antes = {f[0] for f in cat.todos("SELECT documento_id FROM indice_pendientes")}
    ids = _indexables(cat)
    motor = indice.nueva_generacion()
    contexto = progreso("Reconstruyendo el índice de búsqueda", len(ids)) if progreso else contextlib.nullcontext(
        lambda n=1: None)
    huellas: dict[int, str] = {}
    con_problemas: set[int] = set()
    try:
        with contexto as avanzar:
            docs = _preparar(cat, indice, ids, informe)

            def registrar(docs_: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
                for d in docs_:
                    huellas[d["id"]] = d["huella"]
                    if d.get("error_texto"):
                        con_problemas.add(d["id"])
                    yield d

            paralelo = len(ids) >= UMBRAL_PARALELO and (os.cpu_count() or 1) > 1
            motor.escribir(registrar(docs), procs=2 if paralelo else 1, multisegment=paralelo, limitmb=256,
                           al_agregar=avanzar)
        if optimizar:
            motor.escribir([], optimizar=True)  # one segment: slower to build, faster heavy queries
        indice.activar(motor)
    except BaseException:
        shutil.rmtree(motor.carpeta, ignore_errors=True)
        raise
    _quitar_pendientes(cat, {i: h for i, h in huellas.items() if i in pendientes_antes}, con_problemas)
    informe.documentos = len(huellas)
    informe.segundos = time.monotonic() - inicio
    informe.reconstruido = True
    # Documents issued while the index was being rebuilt were queued: index them now.
    _indexar(cat, indice, motor, informe)
    return motor


def _indexar(cat: Any, indice: IndiceArchivo, motor: Motor, informe: InformeIndexado) -> int:
    """Index every queued document in one commit (the lock is held by the caller)."""
    pendientes = [f[0] for f in cat.todos("SELECT documento_id FROM indice_pendientes ORDER BY documento_id")]
    if not pendientes:
        return 0
    docs = list(_preparar(cat, indice, pendientes, informe))
    existentes = {d["id"] for d in docs}
    ausentes = [i for i in pendientes if i not in existentes]  # borradores or rows without a document
    motor.escribir(docs, borrar=[str(i) for i in ausentes])
    con_problemas = {d["id"] for d in docs if d.get("error_texto")}
    _quitar_pendientes(cat, {**{d["id"]: d["huella"] for d in docs}, **{i: "" for i in ausentes}}, con_problemas)
    informe.documentos += len(docs)
    return len(docs)


def _motor(cat: Any, indice: IndiceArchivo, informe: InformeIndexado,
           progreso: Callable[..., Any] | None = None) -> Motor:
    """The usable index (lock held): open it, or rebuild it when missing, damaged or of another version."""
    try:
        return indice.abrir()
    except IndiceInvalido as e:
        motivo = str(e)
    informe.motivo = motivo
    if motivo == "no existe":
        log.info("El índice de búsqueda no existe; se construye a partir del catálogo.")
    else:
        log.warning("El índice de búsqueda está dañado o es de otra versión (%s); se reconstruye a partir del "
                    "catálogo.", motivo)
    return _reconstruir(cat, indice, informe, progreso)


def indexar_pendientes(cat: Any, *, espera: float | None = None) -> int:
    """Index every document queued in ``indice_pendientes`` in one Whoosh commit; returns how many.

    Called after each commit that issues documents (``documentos.emitir_en``), so a batch of a thousand
    documents pays one commit per transaction, not one per document. Never raises: if the index is busy or
    a document cannot be read, the documents stay queued (or indexed by their catalog data) and a warning
    is logged; the next search or ``archivo reindexar`` catches up.
    """
    try:
        if cat.uno("SELECT 1 FROM indice_pendientes LIMIT 1") is None:
            return 0
        indice = IndiceArchivo(cat.raiz)
        informe = InformeIndexado()
        with indice.bloqueo(ESPERA_PENDIENTES_S if espera is None else espera):
            motor = _motor(cat, indice, informe)
            n = informe.documentos if informe.reconstruido else _indexar(cat, indice, motor, informe)
        for p in informe.problemas:
            log.warning("Índice de búsqueda: %s", p)
        return n
    except Ocupado:
        n = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
        log.warning("El índice de búsqueda está ocupado por otro proceso: %d documento(s) quedan en espera y se "
                    "indexarán en la próxima búsqueda (o con «archivo reindexar»).", n)
        return 0
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as e:  # the document is issued and committed: indexing problems must not hide that
        log.warning("No se pudo actualizar el índice de búsqueda (%s: %s); los documentos quedan en espera "
                    "y se indexarán en la próxima búsqueda o con «archivo reindexar».", type(e).__name__, e)
        return 0


def reindexar(cat: Any, *, progreso: Callable[..., Any] | None = None, espera: float | None = None,
              optimizar: bool = False) -> InformeIndexado:
    """Rebuild the index from the catalog and the files (into a new folder, then switch). Raises ``Ocupado``
    if another writer holds the index longer than ``espera`` seconds. ``optimizar`` merges it into a single
    segment (measured: about 3 minutes more per 100,000 documents, p95 of queries about 25 % lower)."""
    indice = IndiceArchivo(cat.raiz)
    informe = InformeIndexado()
    with indice.bloqueo(espera_escritura() if espera is None else espera):
        _reconstruir(cat, indice, informe, progreso, optimizar)
        _limpiar_textos(cat, indice)
    return informe


def _limpiar_textos(cat: Any, indice: IndiceArchivo) -> None:
    """Drop cached texts of files the catalog no longer has (e.g. an import rolled back)."""
    if not indice.textos.is_dir():
        return
    conocidos = {f[0] for f in cat.todos("SELECT sha256 FROM archivos")}
    for ruta in indice.textos.glob("*/*.txt"):
        if ruta.stem not in conocidos:
            ruta.unlink(missing_ok=True)
    for carpeta in indice.textos.iterdir():  # half-written texts of a process that was killed (derived data)
        if carpeta.is_dir():
            remove_stale_temporaries(carpeta)


def _al_dia(cat: Any, indice: IndiceArchivo, *, espera: float, solo_propios: bool = False,
            ) -> tuple[Motor, list[str]]:
    """The index ready to search: queued documents indexed and the entries checked against the catalog.

    Returns the engine and warnings for the user (e.g. documents still queued because the index was busy).
    The usual case — nothing queued, the index holds as many documents as the catalog — takes no lock, so
    searches of several people run side by side; otherwise the writers' lock is taken to catch up.

    ``solo_propios`` (the portal, whose own thread indexes each document as soon as it is issued): the search
    catches up only with the documents its user (``cat.usuario``) queued — whoever issues a document finds it
    in the next search — and otherwise searches the index as it is, without waiting for the documents
    colleagues issued in the last moments (they appear as soon as the portal's indexer commits them, well
    within a second). Waiting for every colleague's document made each search of a busy office queue behind
    the indexer."""
    motor = _sin_pendientes(cat, indice)
    if motor is not None:
        return motor, []
    if solo_propios and cat.uno(
            "SELECT 1 FROM indice_pendientes ip JOIN documentos d ON d.id = ip.documento_id "
            "WHERE d.creado_por = ? LIMIT 1", (cat.usuario,)) is None:
        try:
            return indice.abierto(), []
        except (IndiceInvalido, *ERRORES_DANO):
            pass  # no usable index: build it below, like any other search
    avisos: list[str] = []
    informe = InformeIndexado()
    if getattr(cat, "solo_lectura", False) or not _escribible(indice.base):
        return _solo_lectura(cat, indice)
    try:
        with indice.bloqueo(espera):
            # The usual wait in a portal: its indexer was writing the documents just issued, and is done.
            motor = _sin_pendientes(cat, indice)
            if motor is not None:
                return motor, []
            motor = _motor(cat, indice, informe)
            if not informe.reconstruido:
                _indexar(cat, indice, motor, informe)
                _conciliar(cat, indice, motor, informe)
            return motor, avisos + [str(p) for p in informe.problemas]
    except Ocupado:
        pass
    # Another process is writing: search what is there, if it is usable.
    try:
        motor = indice.abrir()
    except IndiceInvalido:
        with indice.bloqueo(espera_escritura()):
            motor = _motor(cat, indice, informe)
        return motor, avisos
    n = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
    if n:
        avisos.append(f"{n} documento(s) recientes aún no están en el índice (otro proceso lo está actualizando).")
    return motor, avisos


def _sin_pendientes(cat: Any, indice: IndiceArchivo) -> Motor | None:
    """The index in use when nothing is queued and it holds as many documents as the catalog, else None."""
    if cat.uno("SELECT 1 FROM indice_pendientes LIMIT 1") is not None:
        return None
    try:
        motor = indice.abierto()
        with motor.buscador_reusado() as b:
            al_dia = b.cuantos() == cat.uno("SELECT (SELECT COUNT(*) FROM documentos) - (SELECT COUNT(*) FROM "
                                             "documentos WHERE estado = 'borrador')")[0]
    except (IndiceInvalido, *ERRORES_DANO):
        return None
    return motor if al_dia else None


def _escribible(carpeta: Path) -> bool:
    while not carpeta.exists():
        carpeta = carpeta.parent
    return os.access(carpeta, os.W_OK)


def _solo_lectura(cat: Any, indice: IndiceArchivo) -> tuple[Motor, list[str]]:
    """A user who may only read the archive still searches: the index as it is, without updating it."""
    try:
        motor = indice.abrir()
    except IndiceInvalido:
        raise SinPermiso(
            f"No hay un índice de búsqueda utilizable en {indice.base} y su usuario no puede crearlo (solo puede "
            "leer este archivo). Pida a quien tiene permiso de escritura que ejecute «archivo reindexar».") from None
    avisos = []
    n = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
    if n:
        avisos.append(f"{n} documento(s) recientes aún no están en el índice y su usuario no puede agregarlos "
                      "(solo puede leer este archivo); aparecerán cuando alguien con permiso de escritura busque.")
    return motor, avisos


def _conciliar(cat: Any, indice: IndiceArchivo, motor: Motor, informe: InformeIndexado) -> None:
    """Make the index hold exactly the catalog's documents (after a lost update or a restored catalog).

    Each search checks the counts (cheap); when they disagree the ids are compared and fixed. A divergence
    that keeps the count equal (a catalog restored from a backup and then written again) is only found by a
    full rebuild: «archivo reindexar», which the user guide advises after restoring a backup."""
    # One statement, one snapshot: documents queued at that moment (issued after the queue was drained, while
    # this writer holds the index lock) may be missing from the index without any divergence; the next pass
    # indexes them (comparing the whole lexicon of ids each time a colleague issues a document cost seconds).
    esperados, en_cola = cat.uno("SELECT (SELECT COUNT(*) FROM documentos WHERE estado != 'borrador'), "
                                 "(SELECT COUNT(*) FROM indice_pendientes)")
    with motor.buscador() as b:
        if esperados - en_cola <= b.cuantos() <= esperados:
            return
        en_indice = b.ids()
    catalogo = set(_indexables(cat))
    sobran = en_indice - catalogo
    faltan = catalogo - en_indice
    if sobran:
        motor.escribir([], borrar=[str(i) for i in sobran])
    if faltan:
        with cat.transaccion("actualizar índice de búsqueda") as tx:
            tx.conn.executemany("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)",
                                [(i,) for i in sorted(faltan)])
        _indexar(cat, indice, motor, informe)


def _validar_filtros(cat: Any, *, tipo: str | None, mecanismo: str | None, persona: str | None,
                     area: str | None, desde: Any, hasta: Any, origen: str | None, estado: str | None,
                     limite: int) -> Filtros:
    """The filters, checked all at once (every problem reported together)."""
    problemas: list[Problema] = []
    filtros = Filtros(tipo=tipo or None, area=area or None, origen=origen or None, estado=estado or None)
    for nombre, valor in (("--desde", desde), ("--hasta", hasta)):
        if valor in (None, ""):
            continue
        try:
            setattr(filtros, nombre[2:], a_fecha(valor))
        except ValueError:
            problemas.append(Problema(nombre, f"«{valor}» no es una fecha", "escríbala como 2024-06-17 o 17/06/2024"))
    if filtros.desde and filtros.hasta and filtros.desde > filtros.hasta:
        problemas.append(Problema("--desde/--hasta", f"el periodo empieza ({filtros.desde:%d/%m/%Y}) después de "
                                  f"terminar ({filtros.hasta:%d/%m/%Y})", "invierta las fechas"))
    if origen and valor_filtro(origen) not in ("generado", "importado"):
        problemas.append(Problema("--origen", f"«{origen}» no es un origen", "use «generado» o «importado»"))
    if limite < 1:
        problemas.append(Problema("--limite", "debe ser 1 o más", "p. ej. --limite 20"))
    elif limite > LIMITE_MAXIMO:
        problemas.append(Problema("--limite", f"no puede pasar de {LIMITE_MAXIMO} resultados", "p. ej. --limite 200"))
    if area:
        areas = [a.siglas for a in cat.raiz.config.areas]
        if valor_filtro(area) not in {valor_filtro(a) for a in areas}:
            problemas.append(Problema("--area", f"no existe el área «{area}» en archivo.toml",
                                      f"áreas: {', '.join(areas)}"))
    if mecanismo:
        try:
            filtros.mecanismo = mecanismos.cargar(cat.raiz).mecanismo(mecanismo).clave
        except ArchivoError as e:
            problemas.append(Problema("--mecanismo", e.mensaje))
    if persona:
        fila = cat.uno("SELECT clave, nombre, primer_apellido, segundo_apellido FROM personas WHERE clave = ?",
                       (persona.strip(),))
        if fila is None:
            problemas.append(Problema("--persona", f"no existe en el padrón la persona con clave «{persona}»",
                                      "consulte las claves con «archivo personal lista»"))
        else:
            nombre = " ".join(x for x in (fila["nombre"], fila["primer_apellido"], fila["segundo_apellido"]) if x)
            inverso = " ".join(x for x in (fila["primer_apellido"], fila["segundo_apellido"], fila["nombre"]) if x)
            filtros.persona = fila["clave"]
            filtros.persona_nombres = list(dict.fromkeys([nombre, inverso]))
    if problemas:
        raise EntradaInvalida("Los filtros de la búsqueda tienen problemas:", problemas)
    return filtros


@dataclass
class Busqueda:
    """What ``buscar`` returns: the results (best first) and notes for the user; ``buscar_pagina`` adds the total
    number of matches and the facets (value -> how many matches have it, per filter field)."""

    resultados: list[Resultado]
    avisos: list[str] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)
    total: int | None = None
    facetas: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Resultado]:
        return iter(self.resultados)

    def __len__(self) -> int:
        return len(self.resultados)

    def __getitem__(self, i: int) -> Resultado:
        return self.resultados[i]


def _con_indice(cat: Any, funcion: Callable[[Buscador], list[Resultado]], *,
                espera: float = 1.0, solo_propios: bool = False) -> tuple[list[Resultado], list[str]]:
    """Run a search; if the index turns out to be damaged mid-search, rebuild it and try once more. ``espera``:
    how long to wait for a writer before searching what the index holds (queued documents are then noted);
    ``solo_propios``: see ``_al_dia``."""
    indice = IndiceArchivo(cat.raiz)
    motor, avisos = _al_dia(cat, indice, espera=espera, solo_propios=solo_propios)
    try:
        with motor.buscador_reusado() as b:
            return funcion(b), avisos
    except ERRORES_DANO as e:
        log.warning("El índice de búsqueda está dañado (%s); se reconstruye.", type(e).__name__)
        with indice.bloqueo(espera_escritura()):
            motor = _reconstruir(cat, indice, InformeIndexado())
        with motor.buscador() as b:
            return funcion(b), avisos


def buscar(cat: Any, consulta: str, *, tipo: str | None = None, mecanismo: str | None = None,
           persona: str | None = None, area: str | None = None, desde: Any = None, hasta: Any = None,
           origen: str | None = None, estado: str | None = None, limite: int = 20,
           fragmentos: bool = True) -> Busqueda:
    """Search the archive: ranked results with fragments. ``consulta`` may be empty when a filter is given
    (then the newest documents first). Raises ``EntradaInvalida`` for a malformed query or filter."""
    interpretada = interpretar(consulta)
    filtros = _validar_filtros(cat, tipo=tipo, mecanismo=mecanismo, persona=persona, area=area, desde=desde,
                               hasta=hasta, origen=origen, estado=estado, limite=limite)
    resultados, avisos = _con_indice(
        cat, lambda b: b.buscar(interpretada, filtros, limite=limite, con_fragmentos=fragmentos))
    _marcar_ocr(cat, resultados)
    return Busqueda(resultados, avisos, interpretada.ignoradas)


FACETAS = ("tipo", "mecanismo", "area", "origen", "anio")


def buscar_pagina(cat: Any, consulta: str, *, pagina: int = 1, por_pagina: int = 20, tipo: str | None = None,
                  mecanismo: str | None = None, persona: str | None = None, area: str | None = None,
                  desde: Any = None, hasta: Any = None, origen: str | None = None, estado: str | None = None,
                  facetas: Sequence[str] = FACETAS, espera: float = 1.0, solo_propios: bool = False) -> Busqueda:
    """``buscar`` one page at a time, with the total and the facets of the whole result (for the portal).
    Facet values are as indexed (folded: «devyspe», «acuerdo-consejo», «2024» for the year). ``solo_propios``:
    a process that indexes in the background waits only for its user's own queued documents (``_al_dia``)."""
    pagina = max(1, int(pagina))
    interpretada = interpretar(consulta)
    filtros = _validar_filtros(cat, tipo=tipo, mecanismo=mecanismo, persona=persona, area=area, desde=desde,
                               hasta=hasta, origen=origen, estado=estado, limite=por_pagina)
    datos: dict[str, Any] = {}

    def ejecutar(b: Buscador) -> list[Resultado]:
        resultados, datos["total"], datos["facetas"] = b.pagina(
            interpretada, filtros, desde=(pagina - 1) * por_pagina, cuantos=por_pagina, facetas=facetas)
        return resultados

    resultados, avisos = _con_indice(cat, ejecutar, espera=espera, solo_propios=solo_propios)
    _marcar_ocr(cat, resultados)
    return Busqueda(resultados, avisos, interpretada.ignoradas, datos.get("total"), datos.get("facetas") or {})


class IndexadorEnSegundoPlano:
    """Indexes the queued documents in a thread of its own, so a process that issues documents for many people
    (the portal) never waits for the index in the request: a commit only ``avisar``s it, and it drains
    ``indice_pendientes`` (one writer at a time, with its own catalog connection). A search that finds documents
    still queued waits briefly for it, or searches what the index holds and says so."""

    def __init__(self, raiz: Any) -> None:
        self.raiz = raiz
        self._evento = threading.Event()
        self._detener = threading.Event()
        self._hilo: threading.Thread | None = None

    def iniciar(self) -> None:
        if self._hilo is None:
            self._hilo = threading.Thread(target=self._bucle, name="archivo-indexador", daemon=True)
            self._hilo.start()

    def avisar(self, cat: Any = None) -> None:
        """Documents were queued (the post-commit work ``TAREA_INDEXAR``): index them soon."""
        self._evento.set()

    def detener(self, espera: float = 10.0) -> None:
        self._detener.set()
        self._evento.set()
        if self._hilo is not None:
            self._hilo.join(espera)
            self._hilo = None

    def _bucle(self) -> None:
        while not self._detener.is_set():
            self._evento.wait(5.0)  # also every few seconds: documents queued by other processes
            self._evento.clear()
            if self._detener.is_set():
                break
            try:
                with Catalogo.abrir(self.raiz, usuario="sistema", migrar=False) as cat:
                    while indexar_pendientes(cat, espera=espera_escritura()) and not self._detener.is_set():
                        pass
            except Exception:  # never let the thread die: the next search or «archivo reindexar» catches up
                log.exception("No se pudo actualizar el índice de búsqueda en segundo plano")


def _marcar_ocr(cat: Any, resultados: list[Resultado]) -> None:
    """Results whose text was recognised by OCR say so (from the catalog: the index stores no such flag)."""
    ids = [r.id for r in resultados]
    if not ids:
        return
    con_ocr = {f[0] for f in cat.todos(f"SELECT documento_id FROM ocr WHERE derivado_id IS NOT NULL AND "
                                       f"documento_id IN ({','.join('?' * len(ids))})", ids)}
    for r in resultados:
        r.ocr = r.id in con_ocr


def similares(cat: Any, folio_o_id: str, *, limite: int = 10, tipo: str | None = None,
              mecanismo: str | None = None, persona: str | None = None, area: str | None = None,
              desde: Any = None, hasta: Any = None, origen: str | None = None) -> Busqueda:
    """Documents related to the one with this folio, number or id (its most distinctive words, ranked)."""
    filtros = _validar_filtros(cat, tipo=tipo, mecanismo=mecanismo, persona=persona, area=area, desde=desde,
                               hasta=hasta, origen=origen, estado=None, limite=limite)
    clave = str(folio_o_id).strip().lstrip("#")
    fila = cat.uno("SELECT id FROM documentos WHERE folio = ?", (clave,))
    if fila is None and (ident := a_id(clave)) is not None:
        fila = cat.uno("SELECT id FROM documentos WHERE id = ?", (ident,))
    if fila is None:
        buscado = normalizar_identificador(clave)
        fila = next((f for f in cat.todos("SELECT documento_id AS id, numero FROM importaciones "
                                          "WHERE numero IS NOT NULL") if normalizar_identificador(f["numero"]) == buscado),
                    None)
    if fila is None:
        raise EntradaInvalida(f"No existe el documento «{folio_o_id}».",
                              [Problema("--similares", "no hay un documento con ese folio, número o id",
                                        "use el folio completo (p. ej. IEA/DEVySPE/045/2024) o el número «#12» "
                                        "que muestra la búsqueda")])
    doc_id = fila["id"]

    def ejecutar(b: Buscador) -> list[Resultado]:
        docnum = b.searcher.document_number(id=str(doc_id))
        if docnum is None:
            raise ArchivoError(f"El documento #{doc_id} no está en el índice (es un borrador o aún no se indexa); "
                               "ejecute «archivo reindexar».")
        return b.similares(docnum, filtros, limite=limite)

    resultados, avisos = _con_indice(cat, ejecutar)
    _marcar_ocr(cat, resultados)
    return Busqueda(resultados, avisos)
