"""OCR of the archive's scanned documents: which wait for it, doing it, redoing one, and its state.

A document whose file has pages without a text layer (a scanned PDF, an image) gets a row in ``ocr`` when it is
imported (``solicitar``, «pendiente»). ``procesar`` recognises the waiting ones in a batch (``ocr.reconocer_lote``:
one engine start, one Tesseract per core) and, for each, in ONE transaction: stores the searchable PDF beside the
original (``tx.escribir_archivo``: journaled, hashed, never over another file; registered in ``archivos`` as
``derivado_de`` the original, which is never touched), detects the number, date and title from the recognised
text as for a text PDF (updating the document, and moving it to the acervo of its real year when the date
changes it), marks it «hecho» (or «fallido» with the reason) and queues it for the search index.

A process takes the documents it works on («en proceso», with its pid), so two processes (``archivo ocr`` and
the portal's background work) never do the same one. A process killed mid-OCR leaves no partial file in the
archive (its temporary work lies outside it and its transaction never committed): its documents stay «en
proceso» under a dead pid, and the next ``procesar`` takes them again and finishes the job.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base import pendientes, trabajos
from archivo.base.catalogo import TAREA_INDEXAR, Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import pid_alive, sha256_bytes
from archivo.busqueda import ocr
from archivo.busqueda.extraccion import ArchivoIlegible, detectar, extraer
from archivo.busqueda.indice import IndiceArchivo

ESTADOS = ("pendiente", "en proceso", "hecho", "fallido")
RECLAMO_VENCIDO = timedelta(hours=12)  # a claim older than this is taken again even if its pid is alive
SUFIJO = ".buscable"  # acervo/2020/acuerdo.pdf -> acervo/2020/acuerdo.buscable.pdf


@dataclass
class EstadoOCR:
    """The OCR of one document, as the user sees it."""

    documento_id: int
    estado: str
    motivo: str | None = None
    paginas: int | None = None
    reconocidas: int | None = None
    caracteres: int | None = None
    derivado: str | None = None  # path of the searchable copy (relative to the root)
    derivado_sha256: str | None = None
    tipo_pdf: str | None = None
    motor: str | None = None
    avisos: list[str] = field(default_factory=list)
    intentos: int = 0
    actualizado: str | None = None

    @property
    def etiqueta(self) -> str:
        """«OCR hecho (PDF/A-2B)», «OCR en proceso», «OCR fallido: motivo»…"""
        if self.estado == "hecho":
            return f"OCR hecho ({self.tipo_pdf})" if self.tipo_pdf else "OCR hecho"
        if self.estado == "fallido":
            return f"OCR fallido: {self.motivo}" if self.motivo else "OCR fallido"
        return "OCR en proceso" if self.estado == "en proceso" else "OCR pendiente"

    def como_dict(self) -> dict[str, Any]:
        return {"documento_id": self.documento_id, "estado": self.estado, "etiqueta": self.etiqueta,
                "motivo": self.motivo, "paginas": self.paginas, "reconocidas": self.reconocidas,
                "caracteres": self.caracteres, "copia_buscable": self.derivado, "sha256_copia": self.derivado_sha256,
                "tipo_pdf": self.tipo_pdf, "motor": self.motor, "avisos": self.avisos, "intentos": self.intentos,
                "actualizado": self.actualizado}


_SELECT = ("SELECT o.*, a.ruta AS derivado, a.sha256 AS derivado_sha256 FROM ocr o "
           "LEFT JOIN archivos a ON a.id = o.derivado_id")


def _de_fila(f: Any) -> EstadoOCR:
    try:
        avisos = json.loads(f["avisos"] or "[]")
    except ValueError:
        avisos = []
    return EstadoOCR(f["documento_id"], f["estado"], f["motivo"], f["paginas"], f["reconocidas"], f["caracteres"],
                     f["derivado"], f["derivado_sha256"], f["tipo_pdf"], f["motor"], avisos, f["intentos"],
                     f["actualizado"])


def estado(cat: Catalogo | Transaccion, documento_id: int) -> EstadoOCR | None:
    """The OCR of a document, or None if it has no pages to recognise."""
    fila = cat.uno(f"{_SELECT} WHERE o.documento_id = ?", (documento_id,))
    return _de_fila(fila) if fila else None


def estados(cat: Catalogo | Transaccion, ids: Sequence[int]) -> dict[int, EstadoOCR]:
    """The OCR of several documents (those without one are absent)."""
    salida: dict[int, EstadoOCR] = {}
    ids = list(ids)
    for i in range(0, len(ids), 500):
        lote = ids[i: i + 500]
        for f in cat.todos(f"{_SELECT} WHERE o.documento_id IN ({','.join('?' * len(lote))})", lote):
            salida[f["documento_id"]] = _de_fila(f)
    return salida


def lista(cat: Catalogo, estado_: str | None = None) -> list[dict[str, Any]]:
    """Documents with OCR (all, or in one state), with their name and number, for ``archivo ocr --estado``."""
    donde, params = ("WHERE o.estado = ?", (estado_,)) if estado_ else ("", ())
    filas = cat.todos(
        f"SELECT o.documento_id, d.folio, i.nombre_original, a.ruta AS original FROM ocr o "
        f"JOIN documentos d ON d.id = o.documento_id LEFT JOIN importaciones i ON i.documento_id = d.id "
        f"LEFT JOIN archivos a ON a.id = d.archivo_id {donde} ORDER BY o.documento_id", params)
    detalles = estados(cat, [f["documento_id"] for f in filas])
    salida = []
    for f in filas:
        e = detalles[f["documento_id"]]
        salida.append({**e.como_dict(), "documento": f["folio"] or f"#{f['documento_id']}",
                       "nombre": f["nombre_original"] or Path(f["original"] or "").name, "original": f["original"]})
    return salida


def resumen_estados(cat: Catalogo) -> dict[str, int]:
    """How many documents are in each OCR state."""
    cuentas = {e: 0 for e in ESTADOS}
    for f in cat.todos("SELECT estado, COUNT(*) FROM ocr GROUP BY estado"):
        cuentas[f[0]] = f[1]
    return cuentas


def solicitar(tx: Transaccion, documento_id: int, paginas: int | None) -> None:
    """Mark a document as waiting for OCR (inside the transaction that files it)."""
    tx.execute("INSERT INTO ocr (documento_id, estado, paginas, solicitado, actualizado) VALUES (?, 'pendiente', ?, "
               "?, ?) ON CONFLICT (documento_id) DO UPDATE SET estado = 'pendiente', motivo = NULL, proceso = NULL, "
               "desde = NULL, actualizado = excluded.actualizado", (documento_id, paginas, tx.momento, tx.momento))


def expediente_acervo(tx: Transaccion, anio: int) -> exps.Expediente:
    """The acervo expediente of a year (it opens with that year: its documents are dated then)."""
    return exps.asegurar(tx, "acervo", str(anio), f"Acervo documental {anio}", fecha=date(anio, 1, 1))


# --- the report --------------------------------------------------------------------------------------------------

@dataclass
class ResultadoOCR:
    """What OCR did to one document: one line of the report."""

    documento_id: int
    documento: str  # folio or #id
    nombre: str  # the original's name
    estado: str  # "hecho" | "fallido"
    detalle: str = ""
    derivado: str | None = None
    tipo_pdf: str | None = None
    paginas: int = 0
    reconocidas: int = 0
    avisos: list[str] = field(default_factory=list)

    def linea(self) -> str:
        if self.estado == "hecho":
            texto = (f"OCR hecho: {self.nombre} ({self.documento}) — {self.reconocidas} página(s) reconocida(s); "
                     f"copia buscable {self.derivado} ({self.tipo_pdf})")
        else:
            texto = (f"OCR FALLIDO: {self.nombre} ({self.documento}) — {self.detalle}. El original quedó archivado; "
                     f"reintente con «archivo ocr --rehacer {self.documento}»")
        return texto + (f" — {'; '.join(self.avisos)}" if self.avisos else "")

    def como_dict(self) -> dict[str, Any]:
        return {"documento_id": self.documento_id, "documento": self.documento, "nombre": self.nombre,
                "estado": self.estado, "detalle": self.detalle, "copia_buscable": self.derivado,
                "tipo_pdf": self.tipo_pdf, "paginas": self.paginas, "reconocidas": self.reconocidas,
                "avisos": self.avisos}


@dataclass
class InformeOCR:
    documentos: list[ResultadoOCR] = field(default_factory=list)
    no_instalado: str = ""  # why OCR could not run at all (and how to install it)
    ocupados: list[str] = field(default_factory=list)  # documents another process is doing now

    @property
    def hechos(self) -> int:
        return sum(1 for d in self.documentos if d.estado == "hecho")

    @property
    def fallidos(self) -> int:
        return sum(1 for d in self.documentos if d.estado == "fallido")

    def resumen(self) -> str:
        if self.no_instalado:
            return self.no_instalado
        if not self.documentos and not self.ocupados:
            return "No hay documentos en espera de OCR."
        paginas = sum(d.reconocidas for d in self.documentos if d.estado == "hecho")
        texto = (f"OCR: {len(self.documentos)} documento(s), {self.hechos} con texto reconocido ({paginas} página(s)), "
                 f"{self.fallidos} fallido(s).")
        if self.ocupados:
            texto += f" {len(self.ocupados)} los está procesando otro proceso: {', '.join(self.ocupados)}."
        return texto


# --- doing it ----------------------------------------------------------------------------------------------------

def _ahora() -> datetime:
    return datetime.now().astimezone()


def _reclamable(fila: Any) -> bool:
    """A document «en proceso» whose process died (or took far too long) can be taken again."""
    if fila["estado"] != "en proceso":
        return True
    if not fila["proceso"] or not pid_alive(int(fila["proceso"])) or int(fila["proceso"]) == os.getpid():
        return True
    try:
        return _ahora() - datetime.fromisoformat(fila["desde"]) > RECLAMO_VENCIDO
    except (TypeError, ValueError):
        return True


def _tomar(cat: Catalogo, ids: Sequence[int] | None, *, fallidos: bool) -> tuple[list[int], list[int]]:
    """Take the documents to do (this process's pid) in one transaction; returns (taken, busy elsewhere)."""
    estados_validos = ("pendiente", "en proceso", "fallido") if fallidos or ids is not None else (
        "pendiente", "en proceso")
    tomados, ocupados = [], []
    with cat.transaccion("tomar documentos para OCR") as tx:
        if ids is None:
            filas = tx.todos(f"SELECT * FROM ocr WHERE estado IN ({','.join('?' * len(estados_validos))}) "
                             "ORDER BY documento_id", estados_validos)
        else:
            filas = [f for i in ids if (f := tx.uno("SELECT * FROM ocr WHERE documento_id = ?", (i,))) is not None]
        for f in filas:
            if f["estado"] not in estados_validos:
                continue
            if not _reclamable(f):
                ocupados.append(f["documento_id"])
                continue
            tx.execute("UPDATE ocr SET estado = 'en proceso', proceso = ?, desde = ?, intentos = intentos + 1, "
                       "actualizado = ? WHERE documento_id = ?",
                       (os.getpid(), tx.momento, tx.momento, f["documento_id"]))
            tomados.append(f["documento_id"])
    return tomados, ocupados


def _soltar(cat: Catalogo, ids: Sequence[int]) -> None:
    """Give back documents this process took and did not finish (interrupted): they wait again."""
    if not ids:
        return
    with cat.transaccion("devolver documentos a la espera de OCR") as tx:
        for i in ids:
            tx.execute("UPDATE ocr SET estado = 'pendiente', proceso = NULL, desde = NULL, actualizado = ? "
                       "WHERE documento_id = ? AND estado = 'en proceso' AND proceso = ?", (tx.momento, i, os.getpid()))


def _nombre_derivado(tx: Transaccion, original: Path) -> Path:
    """``acuerdo.pdf`` -> ``acuerdo.buscable.pdf`` beside it (``acuerdo.buscable-2.pdf``… if taken)."""
    base = original.with_name(f"{original.stem}{SUFIJO}.pdf")
    candidato, n = base, 2
    while candidato.exists() or tx.uno("SELECT 1 FROM archivos WHERE ruta = ?",
                                       (tx.catalogo.raiz.relativa(candidato),)):
        candidato = base.with_name(f"{original.stem}{SUFIJO}-{n}.pdf")
        n += 1
    return candidato


def _texto_derivado(ruta: Path) -> str:
    try:
        return extraer(ruta).texto
    except ArchivoIlegible as e:
        raise ocr.FalloOCR(f"la copia buscable no se pudo leer ({e.mensaje})") from None


def _actualizar_documento(tx: Transaccion, doc: documentos.Documento, texto: str, original: Path) -> list[str]:
    """Number, date, title and type detected from the recognised text, as for a text PDF; the document moves to
    the acervo of its real year when the date found changes it. Returns notes for the report."""
    imp = tx.uno("SELECT * FROM importaciones WHERE documento_id = ?", (doc.id,))
    if imp is None:
        return []
    titulo_meta = fecha_meta = None
    if original.suffix.lower() == ".pdf":
        with contextlib.suppress(ArchivoError):
            previa = extraer(original)
            titulo_meta, fecha_meta = previa.titulo_metadatos, previa.fecha_metadatos
    fecha_actual = date.fromisoformat(doc.fecha)
    meta = detectar(texto, imp["nombre_original"], fecha_metadatos=fecha_meta, fecha_archivo=fecha_actual,
                    titulo_metadatos=titulo_meta)
    fecha, origen = (meta.fecha, "texto") if meta.fecha_origen == "texto" and meta.fecha else (
        fecha_actual, imp["fecha_origen"])
    tipo = meta.tipo if doc.tipo == "importado" else doc.tipo
    notas: list[str] = []
    expediente_id = doc.expediente_id
    actual = exps.por_id(tx, doc.expediente_id)
    if fecha.year != fecha_actual.year and actual.tipo == "acervo":
        destino = expediente_acervo(tx, fecha.year)
        if destino.estado == "abierto":
            expediente_id = destino.id
            notas.append(f"fecha reconocida {fecha:%d/%m/%Y}: pasó al {destino.titulo} (el archivo sigue en "
                         f"{Path(doc.ruta or '').parent})")
        else:
            notas.append(f"fecha reconocida {fecha:%d/%m/%Y}, pero el {destino.titulo} está cerrado: sigue en el "
                         f"{actual.titulo}")
    antes = {"fecha": doc.fecha, "asunto": doc.asunto, "tipo": doc.tipo, "expediente": actual.numero,
             "numero": imp["numero"]}
    tx.execute("UPDATE documentos SET fecha = ?, asunto = ?, tipo = ?, expediente_id = ? WHERE id = ?",
               (fecha.isoformat(), meta.titulo, tipo, expediente_id, doc.id))
    tx.execute("UPDATE importaciones SET texto = 'con texto', caracteres = ?, numero = ?, identificadores = ?, "
               "fecha_origen = ? WHERE documento_id = ?",
               (len(texto), meta.numero, json.dumps(meta.identificadores, ensure_ascii=False), origen, doc.id))
    despues = {"fecha": fecha.isoformat(), "asunto": meta.titulo, "tipo": tipo,
               "expediente": exps.por_id(tx, expediente_id).numero, "numero": meta.numero}
    if antes != despues:
        tx.registrar("documento", doc.etiqueta, antes, despues, accion="datos reconocidos por OCR")
    exps.marcar_cambio(tx, sorted({doc.expediente_id, expediente_id}))
    return notas


@dataclass
class Copia:
    """A searchable PDF made by OCR, ready to be filed (its bytes, its text and what OCR did)."""

    datos: bytes
    texto: str
    reconocimiento: ocr.Reconocimiento
    avisos: list[str]

    @property
    def sha256(self) -> str:
        return sha256_bytes(self.datos)


def leer_copia(temporal: Path, r: ocr.Reconocimiento) -> Copia:
    """The searchable PDF OCR wrote to ``temporal``, read and checked. Raises ``FalloOCR`` when nothing could be
    read in it (blank or illegible pages)."""
    datos = temporal.read_bytes()
    texto = _texto_derivado(temporal)
    if sum(1 for c in texto if c.isalpha()) < ocr.MIN_LETRAS_PAGINA:
        raise ocr.FalloOCR(f"no se reconoció texto en ninguna de sus {r.paginas} página(s) (¿están en blanco o "
                           "son ilegibles?)")
    avisos = list(r.avisos)
    if r.sin_texto:
        avisos.append(f"sin texto legible en la(s) página(s) {', '.join(map(str, r.sin_texto))} (¿en blanco, "
                      "ilegibles o solo imagen?)")
    if r.enderezadas:
        avisos.append(f"página(s) {', '.join(map(str, r.enderezadas))} giradas o enderezadas para reconocerlas")
    return Copia(datos, texto, r, avisos)


def archivar_copia(tx: Transaccion, doc: documentos.Documento, copia: Copia, motor: str,
                   avisos: Sequence[str] = ()) -> str:
    """File the searchable copy beside the document's original (registered as derived from it), mark the OCR
    «hecho» and queue the document for the index, inside the caller's transaction. Returns the copy's path."""
    cat = tx.catalogo
    original = doc.archivo(cat.raiz)
    original_id = tx.uno("SELECT archivo_id FROM documentos WHERE id = ?", (doc.id,))[0]
    destino = _nombre_derivado(tx, original)
    derivado_id = tx.escribir_archivo(destino, copia.datos, tipo="ocr")
    tx.execute("UPDATE archivos SET derivado_de = ? WHERE id = ?", (original_id, derivado_id))
    r = copia.reconocimiento
    notas = [*copia.avisos, *avisos]
    tx.execute("INSERT INTO ocr (documento_id, estado, solicitado, actualizado) VALUES (?, 'hecho', ?, ?) "
               "ON CONFLICT (documento_id) DO NOTHING", (doc.id, tx.momento, tx.momento))
    tx.execute("UPDATE ocr SET estado = 'hecho', motivo = NULL, paginas = ?, reconocidas = ?, caracteres = ?, "
               "derivado_id = ?, tipo_pdf = ?, motor = ?, avisos = ?, proceso = NULL, desde = NULL, "
               "actualizado = ? WHERE documento_id = ?",
               (r.paginas, len(r.reconocidas), len(copia.texto), derivado_id, r.tipo_pdf, motor,
                json.dumps(notas, ensure_ascii=False), tx.momento, doc.id))
    tx.execute("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)", (doc.id,))
    tx.programar(TAREA_INDEXAR)
    ruta = cat.raiz.relativa(destino)
    tx.registrar("ocr", doc.etiqueta, None, {
        "estado": "hecho", "copia_buscable": ruta, "sha256": copia.sha256, "tipo_pdf": r.tipo_pdf,
        "paginas_reconocidas": r.reconocidas, "caracteres": len(copia.texto), "motor": motor, "avisos": notas})
    return ruta


def marcar_fallido(tx: Transaccion, doc: documentos.Documento, motivo: str, motor: str) -> None:
    """Record «OCR fallido: motivo» for a document filed in this transaction (the import's path)."""
    tx.execute("INSERT INTO ocr (documento_id, estado, motivo, motor, intentos, solicitado, actualizado) "
               "VALUES (?, 'fallido', ?, ?, 1, ?, ?) ON CONFLICT (documento_id) DO UPDATE SET estado = 'fallido', "
               "motivo = excluded.motivo, motor = excluded.motor, intentos = ocr.intentos + 1, proceso = NULL, "
               "desde = NULL, actualizado = excluded.actualizado", (doc.id, motivo, motor, tx.momento, tx.momento))
    tx.registrar("ocr", doc.etiqueta, None, {"estado": "fallido", "motivo": motivo, "motor": motor})


def _guardar(cat: Catalogo, doc_id: int, temporal: Path, r: ocr.Reconocimiento, motor: str,
             indice: IndiceArchivo) -> ResultadoOCR:
    """One transaction: the searchable copy filed beside the original, the document updated, queued for the
    index. Raises ``FalloOCR`` when nothing could be read."""
    copia = leer_copia(temporal, r)
    with cat.transaccion("OCR de documento") as tx:
        fila = tx.uno("SELECT estado, proceso FROM ocr WHERE documento_id = ?", (doc_id,))
        if fila is None or fila["estado"] != "en proceso" or fila["proceso"] != os.getpid():
            raise ocr.FalloOCR("otro proceso lo tomó mientras se reconocía; se conserva su resultado")
        doc = documentos.obtener(tx, doc_id)
        notas = _actualizar_documento(tx, doc, copia.texto, doc.archivo(cat.raiz))
        ruta = archivar_copia(tx, doc, copia, motor, notas)
    indice.guardar_texto(copia.sha256, copia.texto)  # indexing after commit needs no second extraction
    return ResultadoOCR(doc_id, doc.etiqueta, Path(doc.ruta or "").name, "hecho", derivado=ruta,
                        tipo_pdf=r.tipo_pdf, paginas=r.paginas, reconocidas=len(r.reconocidas),
                        avisos=[*copia.avisos, *notas])


def _fallido(cat: Catalogo, doc_id: int, motivo: str, motor: str) -> ResultadoOCR:
    with cat.transaccion("OCR de documento") as tx:
        doc = documentos.obtener(tx, doc_id)
        cambio = tx.execute("UPDATE ocr SET estado = 'fallido', motivo = ?, motor = ?, proceso = NULL, desde = NULL, "
                            "actualizado = ? WHERE documento_id = ? AND proceso = ?",
                            (motivo, motor, tx.momento, doc_id, os.getpid())).rowcount
        if cambio:
            tx.registrar("ocr", doc.etiqueta, None, {"estado": "fallido", "motivo": motivo, "motor": motor})
    return ResultadoOCR(doc_id, doc.etiqueta, Path(doc.ruta or "").name, "fallido", detalle=motivo)


def procesar(cat: Catalogo, ids: Sequence[int] | None = None, *, fallidos: bool = False,
             progreso: Callable[..., Any] | None = None, nucleos: int | None = None) -> InformeOCR:
    """Recognise the documents waiting for OCR (or ``ids``; with ``fallidos`` the failed ones too), in a batch.

    Each document is committed as it finishes (see the module docstring). When OCR is not installed nothing is
    done and ``InformeOCR.no_instalado`` says how to install it. ``progreso`` is ``archivo.cli.salida.progreso``
    or compatible (counts pages)."""
    inst = ocr.instalacion()
    informe = InformeOCR()
    if not inst.disponible:
        informe.no_instalado = inst.motivo
        return informe
    motor = inst.descripcion()
    tomados, ocupados = _tomar(cat, ids, fallidos=fallidos)
    informe.ocupados = [f"#{i}" for i in ocupados]
    if not tomados:
        return informe
    indice = IndiceArchivo(cat.raiz)
    pendientes = set(tomados)
    try:
        with tempfile.TemporaryDirectory(prefix=ocr._prefijo()) as trabajo:
            tareas = []
            for doc_id in tomados:
                doc = documentos.obtener(cat, doc_id)
                fila = cat.uno("SELECT paginas FROM ocr WHERE documento_id = ?", (doc_id,))
                original = doc.archivo(cat.raiz) if doc.ruta else None
                if original is None or not original.is_file():
                    informe.documentos.append(_fallido(cat, doc_id, "falta el archivo original (revíselo con "
                                                       "«archivo verificar»)", motor))
                    pendientes.discard(doc_id)
                    continue
                tareas.append(ocr.Tarea(doc_id, original, Path(trabajo) / f"{doc_id}.pdf", fila["paginas"] or 1))
            total = sum(t.paginas for t in tareas)
            contexto = (progreso(f"Reconociendo texto (OCR) de {len(tareas)} documento(s)", total) if progreso
                        else contextlib.nullcontext(lambda n=1: None))
            with contexto as avanzar:
                for tarea, resultado in ocr.reconocer_lote(tareas, nucleos=nucleos):
                    doc_id = int(tarea.clave)  # type: ignore[call-overload]
                    try:
                        if isinstance(resultado, ocr.FalloOCR):
                            raise resultado
                        informe.documentos.append(_guardar(cat, doc_id, tarea.destino, resultado, motor, indice))
                    except ArchivoError as e:  # OCR failed, or the copy could not be filed: this one only
                        informe.documentos.append(_fallido(cat, doc_id, e.mensaje, motor))
                    finally:
                        pendientes.discard(doc_id)
                        tarea.destino.unlink(missing_ok=True)
                        avanzar(tarea.paginas)
    finally:
        if pendientes:
            _soltar(cat, sorted(pendientes))
    informe.documentos.sort(key=lambda d: d.documento_id)
    return informe


def documento(cat: Catalogo | Transaccion, folio_o_id: str | int) -> documentos.Documento:
    """A document by folio, number («#12», «12») or its own number as imported (INE/CG682/2023)."""
    try:
        return documentos.obtener(cat, folio_o_id)
    except NoEncontrado:
        fila = cat.uno("SELECT documento_id FROM importaciones WHERE numero = ?", (str(folio_o_id).strip(),))
        if fila is None:
            raise
        return documentos.obtener(cat, fila[0])


def solicitar_de_nuevo(cat: Catalogo, folio_o_id: str | int) -> documentos.Documento:
    """Mark one document as waiting for OCR again (a failed one, or a done one whose text came out poor), in its
    own audited transaction. Raises ``EntradaInvalida`` for a document that cannot have OCR, ``ArchivoError`` if
    another process is recognising it now."""
    doc = documento(cat, folio_o_id)
    extension = Path(doc.ruta or "").suffix.lower()
    if extension not in (".pdf", *ocr.EXTENSIONES_IMAGEN):
        raise EntradaInvalida(f"El documento {doc.etiqueta} no es un PDF ni una imagen: no tiene texto que reconocer.",
                              [Problema("--rehacer", f"es un archivo {extension or 'sin extensión'}",
                                        "indique un documento escaneado (PDF, JPG, PNG o TIFF)")])
    actual = estado(cat, doc.id)
    if actual is not None and actual.estado == "en proceso":
        fila = cat.uno("SELECT * FROM ocr WHERE documento_id = ?", (doc.id,))
        if not _reclamable(fila):
            raise ArchivoError(f"El documento {doc.etiqueta} se está reconociendo ahora en otro proceso "
                               f"(pid {fila['proceso']}); espere a que termine.")
    with cat.transaccion("solicitar OCR de nuevo") as tx:
        fila = tx.uno("SELECT paginas FROM importaciones WHERE documento_id = ?", (doc.id,))
        solicitar(tx, doc.id, actual.paginas if actual else (fila[0] if fila else None))
        tx.registrar("ocr", doc.etiqueta, actual.como_dict() if actual else None, {"estado": "pendiente"},
                     accion="rehacer OCR")
    return doc


def rehacer(cat: Catalogo, folio_o_id: str | int, *, progreso: Callable[..., Any] | None = None,
            nucleos: int | None = None) -> InformeOCR:
    """OCR of one document again, now: a new searchable copy; the previous one stays registered."""
    inst = ocr.instalacion()
    if not inst.disponible:
        documento(cat, folio_o_id)  # a wrong number is reported as such first
        return InformeOCR(no_instalado=inst.motivo)
    doc = solicitar_de_nuevo(cat, folio_o_id)
    return procesar(cat, [doc.id], progreso=progreso, nucleos=nucleos)


def texto(cat: Catalogo, folio_o_id: str | int) -> str:
    """The text of a document as the search reads it: its searchable copy's, if it has one (for copying)."""
    doc = documento(cat, folio_o_id)
    e = estado(cat, doc.id)
    ruta = cat.raiz.absoluta(e.derivado) if e and e.derivado else doc.archivo(cat.raiz)
    indice = IndiceArchivo(cat.raiz)
    sha = e.derivado_sha256 if e and e.derivado else doc.sha256
    guardado = indice.texto_guardado(sha) if sha else None
    if guardado is not None:
        return guardado
    try:
        return extraer(ruta).texto
    except ArchivoIlegible as ex:
        raise ArchivoError(ex.mensaje) from None


# --- OCR as a background job (the portal: the upload answers at once, OCR runs outside the request) ----------

TIPO_TRABAJO = "ocr"


def _trabajo_ocr(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    """OCR of the documents of ``parametros["documentos"]`` (all those waiting, if absent). Resumable: documents
    done before an interruption are skipped and those its dead process had are taken again. Uses the cores not
    taken by other OCR jobs running at the same time (one job per core in all)."""
    ocupados = cat.uno("SELECT COUNT(*) FROM trabajos WHERE tipo = ? AND estado = 'en curso'", (TIPO_TRABAJO,))[0]
    nucleos = max(1, (os.cpu_count() or 1) // max(1, ocupados))

    @contextlib.contextmanager
    def progreso(descripcion: str, total: int | None) -> Any:
        avance(hechos=0, total=total, mensaje=descripcion)
        yield lambda n=1: avance.sumar(n)

    informe = procesar(cat, parametros.get("documentos"), progreso=progreso, nucleos=nucleos)
    if informe.no_instalado:
        raise ArchivoError(informe.no_instalado)
    return {"mensaje": informe.resumen(), "documentos": [d.como_dict() for d in informe.documentos],
            "hechos": informe.hechos, "fallidos": informe.fallidos, "rechazados": informe.fallidos}


trabajos.registrar_tipo(TIPO_TRABAJO, _trabajo_ocr, titulo="Reconocimiento de texto (OCR)", en_proceso=True)


def encolar(cat: Catalogo, ids: Sequence[int]) -> trabajos.Trabajo | None:
    """Queue the OCR of these documents (waiting for it) as a background job; None if there is nothing to do or
    OCR is not installed (the documents stay waiting for «archivo ocr», and the tablero says so)."""
    ids = [i for i in ids if (e := estado(cat, i)) is not None and e.estado in ("pendiente", "fallido")]
    if not ids or not ocr.instalacion().disponible:
        return None
    return trabajos.encolar(cat, TIPO_TRABAJO, {"documentos": ids},
                            titulo=f"Reconocimiento de texto (OCR) de {len(ids)} documento(s)")


def _pendientes(cat: Catalogo, hoy: date) -> list[pendientes.Pendiente]:
    """Scans waiting for OCR, being recognised, or whose OCR failed (with the reason): the tablero's section."""
    salida = []
    inst = ocr.instalacion()
    for f in cat.todos("SELECT o.documento_id, o.estado, o.motivo, o.actualizado, i.nombre_original, d.asunto "
                       "FROM ocr o JOIN documentos d ON d.id = o.documento_id LEFT JOIN importaciones i "
                       "ON i.documento_id = d.id WHERE o.estado != 'hecho' ORDER BY o.estado = 'fallido' DESC, "
                       "o.documento_id DESC LIMIT 100"):
        nombre = f["nombre_original"] or f["asunto"]
        if f["estado"] == "fallido":
            detalle = f"OCR fallido: {f['motivo']}" if f["motivo"] else "OCR fallido"
        elif f["estado"] == "en proceso":
            detalle = "OCR en proceso"
        else:
            detalle = "en espera de OCR" + (f" ({inst.motivo})" if not inst.disponible else "")
        salida.append(pendientes.Pendiente(nombre, "escaneo", str(f["documento_id"]), (f["actualizado"] or "")[:10],
                                           f["estado"] == "fallido", detalle))
    return salida


pendientes.registrar(pendientes.Seccion("ocr", "Escaneos en espera de OCR o con el OCR fallido", _pendientes,
                                        orden=70, vacio="Todos los escaneos tienen su texto reconocido."))
