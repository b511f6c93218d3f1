"""Import of past files (PDF, DOCX, TXT, and scans as JPG, PNG or TIFF images) into the archive's acervo, where the
search finds them.

``importar(cat, rutas)`` takes files and folders (recursively). Each file is copied unchanged into
``acervo/<año>/`` with its original name (via ``documentos.emitir_en``: SHA-256 recorded, never overwritten),
its text and metadata extracted (``archivo.texto``: own number, cited identifiers, date, title, type) and the
document queued for the search index. A file whose content is already in the archive is skipped as a
duplicate, so running the same import twice changes nothing. Scans (PDF pages without a text layer, images) are
recognised by OCR in a batch after the other files, each then filed in one transaction with its searchable PDF
beside the original (which is never changed) and the number, date and title read from the recognised text; a
scan OCR cannot read is filed all the same, marked «OCR fallido: motivo». With ``ocr=False``, or when OCR is not
installed, scans are filed at once and wait for ``archivo ocr`` (``escaneos.procesar``).

Every file gets one line in the report (``InformeImportacion``): imported (with what had to be repaired, or
"sin texto" for a scan), duplicate, not imported (with the reason and the fix), or ignored (not a PDF, DOCX
or TXT). A bad file never stops the others. Files are committed in small transactions, so an interruption
keeps what was already imported and the next run continues where it stopped.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archivo import mecanismos
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import (
    ArchivoError,
    CatalogoNoDisponible,
    EntradaInvalida,
    Problema,
    SinEspacio,
    SinPermiso,
    error_de_disco,
)
from archivo.base.fsutil import safe_join, sha256_bytes
from archivo.base.raiz import Raiz
from archivo.busqueda import escaneos
from archivo.busqueda import ocr as motor_ocr
from archivo.busqueda.extraccion import EXTENSIONES, ArchivoIlegible, Extraccion, Metadatos, detectar, extraer
from archivo.busqueda.indice import IndiceArchivo

TAMANO_LOTE = 20  # files per transaction
BYTES_LOTE = 64 * 1024 * 1024  # … or this many bytes, whichever comes first
# Document types an import may be given with --tipo (the detected type is one of these too).
TIPOS = sorted({*documentos.NOMBRES_TIPO, "acuerdo", "resolucion", "lineamientos", "reglamento", "convocatoria",
                "acta", "minuta", "ley", "decreto", "constitucion", "codigo", "estatuto", "manual", "protocolo",
                "instructivo", "norma"} - {"carpeta", "orden-del-dia"})


@dataclass
class ArchivoImportado:
    """What happened to one file: one line of the report."""

    origen: Path
    resultado: str  # "importado" | "duplicado" | "rechazado" | "omitido"
    detalle: str = ""
    documento_id: int | None = None
    ruta: str | None = None
    numero: str | None = None
    texto: str | None = None  # "con texto" | "sin texto"
    avisos: list[str] = field(default_factory=list)
    ocr: str | None = None  # None (no scanned pages) | "pendiente" | "hecho" | "fallido"
    ocr_detalle: str = ""  # the searchable copy, or why OCR failed
    paginas_ocr: int = 0  # pages recognised

    @property
    def visible(self) -> str:
        """The origin path as it can be printed (a byte of another encoding shown as \\xNN)."""
        return documentos.nombre_visible(self.origen)

    def linea(self) -> str:
        if self.resultado == "importado":
            partes = [f"#{self.documento_id}"]
            if self.numero:
                partes.append(self.numero)
            if self.ocr == "hecho":
                partes.append(f"OCR: {self.paginas_ocr} página(s) reconocida(s)")
            elif self.texto == "sin texto":
                partes.append("SIN TEXTO")
            linea = f"importado: {self.visible} → {self.ruta} ({', '.join(partes)})"
            avisos = [a for a in self.avisos if not a.startswith(("sin texto", "imagen:"))]
            if self.ocr == "hecho":
                avisos.insert(0, f"copia buscable {self.ocr_detalle}")
            elif self.ocr == "fallido":
                avisos.insert(0, f"OCR fallido: {self.ocr_detalle} (el original quedó archivado; reintente con "
                                 f"«archivo ocr --rehacer {self.documento_id}»)")
            elif self.ocr == "pendiente":
                avisos.insert(0, "es un escaneo: se archivó y queda en espera de OCR («archivo ocr» lo procesará)"
                              if self.texto == "sin texto" else
                              "tiene páginas escaneadas: quedan en espera de OCR («archivo ocr» las procesará)")
            elif self.texto == "sin texto":
                avisos.insert(0, "no tiene capa de texto ni imágenes: no hay nada que reconocer con OCR")
            return linea + (f" — {'; '.join(avisos)}" if avisos else "")
        if self.resultado == "duplicado":
            return f"duplicado (no se importó de nuevo): {self.visible} — {self.detalle}"
        if self.resultado == "omitido":
            return f"omitido: {self.visible} — {self.detalle}"
        return f"NO SE IMPORTÓ: {self.visible} — {self.detalle}"

    def como_dict(self) -> dict[str, Any]:
        return {"origen": self.visible, "resultado": self.resultado, "detalle": self.detalle,
                "documento_id": self.documento_id, "ruta": self.ruta, "numero": self.numero, "texto": self.texto,
                "avisos": self.avisos, "ocr": self.ocr, "ocr_detalle": self.ocr_detalle}


@dataclass
class InformeImportacion:
    archivos: list[ArchivoImportado] = field(default_factory=list)
    pendientes_indice: int = 0
    ocr_no_instalado: str = ""  # why the scans wait (OCR not installed) and how to install it

    def _cuenta(self, resultado: str) -> int:
        return sum(1 for a in self.archivos if a.resultado == resultado)

    @property
    def importados(self) -> int:
        return self._cuenta("importado")

    @property
    def duplicados(self) -> int:
        return self._cuenta("duplicado")

    @property
    def rechazados(self) -> int:
        return self._cuenta("rechazado")

    @property
    def omitidos(self) -> int:
        return self._cuenta("omitido")

    @property
    def sin_texto(self) -> int:
        return sum(1 for a in self.archivos if a.resultado == "importado" and a.texto == "sin texto")

    def _ocr(self, estado: str) -> int:
        return sum(1 for a in self.archivos if a.resultado == "importado" and a.ocr == estado)

    @property
    def ocr_hechos(self) -> int:
        return self._ocr("hecho")

    @property
    def ocr_fallidos(self) -> int:
        return self._ocr("fallido")

    @property
    def ocr_pendientes(self) -> int:
        return self._ocr("pendiente")

    def resumen(self) -> str:
        partes = [f"{self.importados} importado(s)"]
        if self.ocr_hechos:
            partes.append(f"{self.ocr_hechos} de ellos escaneados, con su texto reconocido por OCR")
        if self.ocr_fallidos:
            partes.append(f"{self.ocr_fallidos} con el OCR fallido (archivados; se pueden reintentar)")
        if self.ocr_pendientes:
            partes.append(f"{self.ocr_pendientes} escaneado(s) en espera de OCR")
        partes.append(f"{self.duplicados} duplicado(s)")
        partes.append(f"{self.rechazados} no importado(s) por problemas")
        if self.omitidos:
            partes.append(f"{self.omitidos} omitido(s) por no ser PDF, DOCX, TXT ni imagen")
        texto = f"{len(self.archivos)} archivo(s): " + ", ".join(partes) + "."
        if self.ocr_no_instalado and self.ocr_pendientes:
            texto += f" {self.ocr_no_instalado}"
        if self.pendientes_indice:
            texto += (f" {self.pendientes_indice} documento(s) esperan al índice de búsqueda (estaba ocupado); "
                      "se indexarán en la próxima búsqueda.")
        return texto


@dataclass
class ArchivoPreparado:
    """One file read and its text extracted (``preparar_archivo``), not yet filed."""

    origen: Path
    datos: bytes
    sha256: str
    extraccion: Extraccion
    meta: Metadatos
    fecha: date
    tipo: str


# --- collecting the files ---------------------------------------------------------------------------------

def _es_texto(nombre: str) -> bool:
    try:
        nombre.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _es_temporal(nombre: str) -> bool:
    return nombre.startswith(("~$", ".~lock", "."))


def reunir(rutas: Sequence[Path]) -> tuple[list[Path], list[ArchivoImportado]]:
    """The files to import (folders walked recursively, in name order) and the ignored or refused ones (a name
    with bytes of another encoding is refused alone: the others are imported).

    Raises ``EntradaInvalida`` naming every path that does not exist (nothing is imported then)."""
    problemas = [Problema(str(r), "no existe", "revise la ruta (entre comillas si tiene espacios)")
                 for r in rutas if not Path(r).exists()]
    if problemas:
        raise EntradaInvalida("No se puede importar: hay rutas que no existen.", problemas)
    archivos: list[Path] = []
    omitidos: list[ArchivoImportado] = []
    vistos: set[Path] = set()

    def considerar(p: Path) -> None:
        real = p.resolve()
        if real in vistos:
            return
        vistos.add(real)
        if not _es_texto(p.name):
            omitidos.append(ArchivoImportado(
                p, "rechazado", "su nombre tiene bytes que no son texto UTF-8 (se escribió con otra codificación, "
                "p. ej. en un equipo antiguo); cámbiele el nombre y vuelva a importarlo"))
        elif _es_temporal(p.name):
            omitidos.append(ArchivoImportado(p, "omitido", "archivo oculto o temporal (p. ej. de Word abierto)"))
        elif p.suffix.lower() not in EXTENSIONES:
            omitidos.append(ArchivoImportado(p, "omitido", "no es PDF, DOCX, TXT ni imagen (JPG, PNG, TIFF)"))
        else:
            archivos.append(p)

    for r in map(Path, rutas):
        if r.is_dir():
            for carpeta, subcarpetas, nombres in os.walk(r):  # symlinked folders are not followed
                subcarpetas[:] = sorted(s for s in subcarpetas if not s.startswith("."))
                for nombre in sorted(nombres):
                    considerar(Path(carpeta) / nombre)
        else:
            considerar(r)
    return archivos, omitidos


# --- one file ----------------------------------------------------------------------------------------------

def _duplicado(cat: Catalogo | Transaccion, sha256: str) -> str | None:
    """Where the archive already holds this content, or None."""
    fila = cat.uno(
        "SELECT a.ruta, d.id, d.folio FROM archivos a LEFT JOIN documentos d ON d.archivo_id = a.id "
        "WHERE a.sha256 = ? AND a.regenerable = 0 ORDER BY d.id IS NULL, d.id LIMIT 1", (sha256,))
    if fila is None:
        return None
    quien = f" (documento {fila['folio'] or '#' + str(fila['id'])})" if fila["id"] is not None else ""
    return f"su contenido ya está en el archivo como {fila['ruta']}{quien}"


def _preparar(origen: Path, datos: bytes, *, tipo: str | None) -> ArchivoPreparado:
    extraccion = extraer(origen)
    try:
        fecha_archivo = date.fromtimestamp(origen.stat().st_mtime)
    except OSError:
        fecha_archivo = date.today()
    meta = detectar(extraccion.texto, origen.name, fecha_metadatos=extraccion.fecha_metadatos,
                    fecha_archivo=fecha_archivo, titulo_metadatos=extraccion.titulo_metadatos)
    fecha = meta.fecha or fecha_archivo
    return ArchivoPreparado(origen, datos, sha256_bytes(datos), extraccion, meta, fecha, tipo or meta.tipo)


def _registrar(tx: Transaccion, p: ArchivoPreparado, *, mecanismo: str | None, asunto: str | None = None,
               numero: str | None = None, ocr_pendiente: bool = True) -> ArchivoImportado:
    """File one prepared document inside ``tx`` (``asunto``/``numero``: what the caller knows better than the
    detection, e.g. an entrada of the correspondence register; a scan is marked as waiting for OCR if
    ``ocr_pendiente``)."""
    duplicado = _duplicado(tx, p.sha256)
    if duplicado:
        return ArchivoImportado(p.origen, "duplicado", duplicado)
    anio = p.fecha.year
    # The acervo of a year opens with that year (its documents are dated then), not on the import day.
    expediente = escaneos.expediente_acervo(tx, anio)
    if expediente.estado != "abierto":
        raise ArchivoError(f"el expediente del acervo de {anio} ({expediente.numero}) está cerrado; "
                           "reábralo o importe el documento con otra fecha")
    avisos = list(p.extraccion.avisos)
    if p.meta.fecha_origen == "metadatos":
        avisos.append(f"fecha tomada de las propiedades del archivo ({p.fecha:%d/%m/%Y})")
    elif p.meta.fecha_origen == "archivo":
        avisos.append(f"sin fecha en el texto: se usó la de modificación del archivo ({p.fecha:%d/%m/%Y})")
    doc = documentos.emitir_en(
        tx, tipo=p.tipo, asunto=asunto or p.meta.titulo, expediente=expediente, construir=lambda _folio: p.datos,
        serie=None, fecha=p.fecha, estado="importado", origen="importado", nombre_archivo=p.origen.name,
        extension=p.origen.suffix.lower())
    return _anotar_importacion(tx, doc, p, avisos, mecanismo=mecanismo, numero=numero, ocr_pendiente=ocr_pendiente)


def _anotar_importacion(tx: Transaccion, doc: documentos.Documento, p: ArchivoPreparado, avisos: list[str], *,
                        mecanismo: str | None, numero: str | None = None,
                        ocr_pendiente: bool = True) -> ArchivoImportado:
    tx.execute(
        "INSERT INTO importaciones (documento_id, nombre_original, ruta_origen, sha256, texto, paginas, "
        "caracteres, numero, identificadores, fecha_origen, mecanismo, avisos, importado, importado_por) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc.id, p.origen.name, str(p.origen.resolve()), p.sha256, p.extraccion.estado, p.extraccion.paginas,
         len(p.extraccion.texto), numero or p.meta.numero, json.dumps(p.meta.identificadores, ensure_ascii=False),
         p.meta.fecha_origen, mecanismo, json.dumps(avisos, ensure_ascii=False), tx.momento,
         tx.catalogo.usuario))
    tx.registrar("importacion", doc.etiqueta, None, {
        "origen": str(p.origen.resolve()), "nombre_original": p.origen.name, "sha256": p.sha256, "ruta": doc.ruta,
        "texto": p.extraccion.estado, "numero": numero or p.meta.numero, "avisos": avisos,
        "paginas_escaneadas": p.extraccion.paginas_escaneadas})
    pendiente = p.extraccion.necesita_ocr and ocr_pendiente
    if pendiente:
        escaneos.solicitar(tx, doc.id, p.extraccion.paginas)
    return ArchivoImportado(p.origen, "importado", documento_id=doc.id, ruta=doc.ruta, numero=numero or p.meta.numero,
                            texto=p.extraccion.estado, avisos=avisos, ocr="pendiente" if pendiente else None)


def reincorporar(tx: Transaccion, ruta: Path, expediente: exps.Expediente) -> ArchivoImportado:
    """Register, where it is, a file of ``expediente``'s folder that the catalog does not know, as an imported
    document (its text and metadata extracted as on import; a scan waits for OCR as on import). «archivo
    recuperar» uses it for documents that have no ``.datos.json`` (past documents of the acervo, PDFs received for a
    session). Never copies or rewrites it."""
    datos = ruta.read_bytes()
    p = _preparar(ruta, datos, tipo=None)
    avisos = list(p.extraccion.avisos)
    doc = documentos.emitir_en(
        tx, tipo=p.tipo, asunto=p.meta.titulo, expediente=expediente, construir=lambda _folio: datos, serie=None,
        fecha=p.fecha, estado="importado", origen="importado", archivo_existente=ruta)
    return _anotar_importacion(tx, doc, p, avisos, mecanismo=None)


def _guardar_lote(cat: Catalogo, lote: list[ArchivoPreparado], mecanismo: str | None) -> list[ArchivoImportado]:
    """One transaction for the batch; if one file fails there, each file again in its own transaction so
    only that one is reported as not imported."""
    if len(lote) > 1:
        try:
            with cat.transaccion(f"importar {len(lote)} documentos al acervo") as tx:
                return [_registrar(tx, p, mecanismo=mecanismo) for p in lote]
        except (SinEspacio, SinPermiso, CatalogoNoDisponible):
            raise  # every file would fail alike: say it once
        except (ArchivoError, OSError, UnicodeError):
            pass  # find out which file it was: one transaction each
    salida = []
    for p in lote:
        try:
            with cat.transaccion("importar documento al acervo") as tx:
                salida.append(_registrar(tx, p, mecanismo=mecanismo))
        except (SinEspacio, SinPermiso, CatalogoNoDisponible):
            raise
        except ArchivoError as e:
            salida.append(ArchivoImportado(p.origen, "rechazado", e.mensaje))
        except (OSError, UnicodeError) as e:
            salida.append(ArchivoImportado(p.origen, "rechazado", f"no se pudo guardar en el acervo ({_motivo(e)})"))
    return salida


def _motivo(e: OSError | UnicodeError) -> str:
    if isinstance(e, UnicodeError):
        return "su nombre no es texto válido"
    traducido = error_de_disco(e, "guardarlo")
    return traducido.mensaje if traducido else (e.strerror or type(e).__name__)


# --- scans: OCR first, then filed with their searchable copy -------------------------------------------------

def _con_texto_reconocido(p: ArchivoPreparado, texto: str, *, tipo: str | None) -> ArchivoPreparado:
    """The prepared scan with the text OCR read: number, date, title and type detected from it."""
    try:
        fecha_archivo = date.fromtimestamp(p.origen.stat().st_mtime)
    except OSError:
        fecha_archivo = date.today()
    e = p.extraccion
    meta = detectar(texto, p.origen.name, fecha_metadatos=e.fecha_metadatos, fecha_archivo=fecha_archivo,
                    titulo_metadatos=e.titulo_metadatos)
    avisos = [a for a in e.avisos if not a.startswith(("sin texto", "imagen:"))]
    extraccion = dataclasses.replace(e, texto=texto, con_texto=True, avisos=avisos)
    return dataclasses.replace(p, extraccion=extraccion, meta=meta, fecha=meta.fecha or fecha_archivo,
                               tipo=tipo or meta.tipo)


def _guardar_escaneado(cat: Catalogo, p: ArchivoPreparado, copia: escaneos.Copia | None, motivo: str, motor: str,
                       mecanismo: str | None) -> ArchivoImportado:
    """One transaction: the original filed and, beside it, its searchable copy (or «OCR fallido: motivo»)."""
    try:
        with cat.transaccion("importar documento escaneado al acervo") as tx:
            a = _registrar(tx, p, mecanismo=mecanismo, ocr_pendiente=False)
            if a.resultado != "importado":
                return a
            doc = documentos.obtener(tx, a.documento_id)
            if copia is not None:
                r = copia.reconocimiento
                ruta = escaneos.archivar_copia(tx, doc, copia, motor)
                a.ocr, a.ocr_detalle, a.paginas_ocr = "hecho", f"{ruta} ({r.tipo_pdf})", len(r.reconocidas)
                a.avisos.extend(copia.avisos)
            else:
                escaneos.marcar_fallido(tx, doc, motivo, motor)
                a.ocr, a.ocr_detalle = "fallido", motivo
            return a
    except ArchivoError as e:
        return ArchivoImportado(p.origen, "rechazado", e.mensaje)


def _importar_escaneados(cat: Catalogo, escaneados: list[ArchivoPreparado], *, tipo: str | None, mecanismo: str | None,
                         progreso: Callable[..., Any] | None, indice: IndiceArchivo) -> list[ArchivoImportado]:
    """OCR of the scans in one batch (one engine start, one Tesseract per core), each filed as it finishes."""
    motor = motor_ocr.instalacion().descripcion()
    salida = []
    with tempfile.TemporaryDirectory(prefix=motor_ocr._prefijo()) as trabajo:
        tareas = [motor_ocr.Tarea(i, p.origen, Path(trabajo) / f"{i}.pdf", p.extraccion.paginas or 1)
                  for i, p in enumerate(escaneados)]
        contexto = (progreso(f"Reconociendo texto (OCR) de {len(tareas)} escaneo(s)", sum(t.paginas for t in tareas))
                    if progreso else contextlib.nullcontext(lambda n=1: None))
        with contexto as avanzar:
            for tarea, resultado in motor_ocr.reconocer_lote(tareas):
                p = escaneados[int(tarea.clave)]  # type: ignore[call-overload]
                copia, motivo = None, ""
                try:
                    if isinstance(resultado, motor_ocr.FalloOCR):
                        raise resultado
                    copia = escaneos.leer_copia(tarea.destino, resultado)
                    p = _con_texto_reconocido(p, copia.texto, tipo=tipo)
                except motor_ocr.FalloOCR as e:
                    motivo = e.mensaje
                finally:
                    tarea.destino.unlink(missing_ok=True)
                a = _guardar_escaneado(cat, p, copia, motivo, motor, mecanismo)
                if copia is not None and a.ocr == "hecho":
                    indice.guardar_texto(copia.sha256, copia.texto)
                salida.append(a)
                avanzar(tarea.paginas)
    return salida


# --- the import --------------------------------------------------------------------------------------------

def validar_opciones(cat: Catalogo, *, tipo: str | None, mecanismo: str | None) -> tuple[str | None, str | None]:
    """--tipo and --mecanismo checked together (a mecanismo can be written by name: «evaluación»)."""
    problemas = []
    if tipo is not None and tipo not in TIPOS:
        problemas.append(Problema("--tipo", f"«{tipo}» no es un tipo de documento", f"use uno de: {', '.join(TIPOS)}"))
    clave = None
    if mecanismo:
        try:
            clave = mecanismos.cargar(cat.raiz).mecanismo(mecanismo).clave
        except ArchivoError as e:
            problemas.append(Problema("--mecanismo", e.mensaje))
    if problemas:
        raise EntradaInvalida("Las opciones de la importación tienen problemas:", problemas)
    return tipo, clave


def importar(cat: Catalogo, rutas: Sequence[Path | str], *, tipo: str | None = None, mecanismo: str | None = None,
             progreso: Callable[..., Any] | None = None, tamano_lote: int = TAMANO_LOTE,
             ocr: bool = True) -> InformeImportacion:
    """Import files and folders into the acervo (see the module docstring). ``progreso`` is
    ``archivo.cli.salida.progreso`` or compatible: ``progreso(descripcion, total)`` -> context of ``avanzar``.

    ``ocr``: recognise the scans now (each is filed when its OCR ends). ``False`` files them at once, waiting
    («pendiente») for ``archivo ocr`` or for background work (``escaneos.procesar``), e.g. when a page must
    answer at once."""
    tipo, mecanismo = validar_opciones(cat, tipo=tipo, mecanismo=mecanismo)
    # the acervo's expedientes carry the fondo in their numbers: refuse before any file is read or recognised
    cat.raiz.config.exigir_datos_reales("No se puede importar al acervo")
    archivos, omitidos = reunir([Path(r) for r in rutas])
    informe = InformeImportacion(list(omitidos))
    resultados: dict[Path, ArchivoImportado] = {}
    indice = IndiceArchivo(cat.raiz)
    vistos: dict[str, Path] = {}  # sha256 -> first file of this run with that content
    lote: list[ArchivoPreparado] = []
    con_ocr = ocr and motor_ocr.instalacion().disponible
    escaneados: list[ArchivoPreparado] = []  # recognised after the rest, then filed
    bytes_lote = 0

    def vaciar() -> None:
        nonlocal lote, bytes_lote
        if lote:
            for r in _guardar_lote(cat, lote, mecanismo):
                resultados[r.origen] = r
        lote, bytes_lote = [], 0

    contexto = (progreso(f"Importando {len(archivos)} archivo(s)", len(archivos)) if progreso
                else contextlib.nullcontext(lambda n=1: None))
    with contexto as avanzar:
        for origen in archivos:
            try:
                datos = origen.read_bytes()
            except OSError as e:
                resultados[origen] = ArchivoImportado(origen, "rechazado", f"no se pudo leer: {e.strerror or e}")
                avanzar(1)
                continue
            sha = sha256_bytes(datos)
            if sha in vistos:
                resultados[origen] = ArchivoImportado(origen, "duplicado",
                                                      f"tiene el mismo contenido que {vistos[sha]}")
            elif (duplicado := _duplicado(cat, sha)) is not None:
                resultados[origen] = ArchivoImportado(origen, "duplicado", duplicado)
            else:
                vistos[sha] = origen
                try:
                    preparado = _preparar(origen, datos, tipo=tipo)
                except ArchivoIlegible as e:
                    resultados[origen] = ArchivoImportado(origen, "rechazado", e.mensaje)
                else:
                    # The text goes to the index's cache now, so indexing after commit does not extract it again.
                    indice.guardar_texto(sha, preparado.extraccion.texto)
                    if con_ocr and preparado.extraccion.necesita_ocr:
                        escaneados.append(preparado)
                        avanzar(1)
                        continue
                    lote.append(preparado)
                    bytes_lote += len(datos)
                    if len(lote) >= tamano_lote or bytes_lote >= BYTES_LOTE:
                        vaciar()
            avanzar(1)
        vaciar()
    if escaneados:
        for a in _importar_escaneados(cat, escaneados, tipo=tipo, mecanismo=mecanismo, progreso=progreso,
                                      indice=indice):
            resultados[a.origen] = a
    if any(r.ocr == "pendiente" for r in resultados.values()):
        informe.ocr_no_instalado = motor_ocr.instalacion().motivo
    informe.archivos.extend(resultados[a] for a in archivos if a in resultados)
    informe.archivos.sort(key=lambda a: str(a.origen))
    informe.pendientes_indice = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
    return informe


# --- the import as a background job (the portal's «Importar») ------------------------------------------------

CARPETA_ENTRADA = "entrada"  # inside the job's folder: the uploaded files, with their folders


def _importar_trabajo(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    """Import the files the job received into the acervo. Resumable: files already imported are duplicates the
    second time (same SHA-256), so an interrupted run simply goes again."""
    base = cat.raiz.ruta / trabajos.CARPETA
    entrada = safe_join(base, *parametros["carpeta"].split("/")) if parametros.get("carpeta") else \
        trabajos.carpeta(cat.raiz, avance.id) / CARPETA_ENTRADA

    @contextlib.contextmanager
    def progreso(descripcion: str, total: int | None):
        avance(hechos=0, total=total, mensaje=descripcion)
        yield lambda n=1: avance.sumar(n)

    rutas = [entrada] if entrada.is_dir() else []
    # Scans are filed at once and recognised by their own «ocr» job, so the import ends without waiting for OCR.
    informe = importar(cat, rutas, tipo=parametros.get("tipo"), mecanismo=parametros.get("mecanismo"),
                       progreso=progreso, ocr=False) if rutas else InformeImportacion()
    en_espera = [a.documento_id for a in informe.archivos if a.ocr == "pendiente" and a.documento_id is not None]
    trabajo_ocr = escaneos.encolar(cat, en_espera) if en_espera else None
    filas = [dict(origen=o["origen"], resultado=o.get("resultado", "rechazado"), detalle=o["detalle"])
             for o in parametros.get("rechazados", [])]
    for a in informe.archivos:
        d = a.como_dict()
        d["avisos"] = [x for x in a.avisos if not x.startswith(("sin texto", "imagen:"))]  # the page says it
        with contextlib.suppress(ValueError):
            d["origen"] = a.origen.relative_to(entrada).as_posix()
        filas.append(d)
    filas.sort(key=lambda f: f["origen"])
    informe.archivos.extend(ArchivoImportado(Path(o["origen"]), o.get("resultado", "rechazado"), o["detalle"])
                            for o in parametros.get("rechazados", []))
    shutil.rmtree(entrada.parent if parametros.get("carpeta") else entrada, ignore_errors=True)  # uploads not kept
    return {"mensaje": informe.resumen(), "archivos": filas, "importados": informe.importados,
            "duplicados": informe.duplicados, "rechazados": informe.rechazados, "omitidos": informe.omitidos,
            "sin_texto": informe.sin_texto, "ocr_pendientes": len(en_espera),
            "ocr_trabajo": trabajo_ocr.id if trabajo_ocr else None, "ocr_no_instalado": informe.ocr_no_instalado}


trabajos.registrar_tipo("importar-acervo", _importar_trabajo, titulo="Importación de documentos al acervo",
                        en_proceso=True)


# --- one file inside a caller's transaction (the correspondence register, uploads) --------------------------

def preparar_archivo(raiz: Raiz, origen: Path | str, *, tipo: str | None = None) -> ArchivoPreparado:
    """Read one file and extract its text and metadata outside any transaction (the slow part), and keep its
    text in the index's cache. A file that cannot be imported raises ``EntradaInvalida`` naming it and why."""
    origen = Path(origen)
    if tipo is not None and tipo not in TIPOS:
        raise EntradaInvalida(f"«{tipo}» no es un tipo de documento; use uno de: {', '.join(TIPOS)}.")
    if not origen.is_file():
        raise EntradaInvalida(f"No existe el archivo {origen}.", [
            Problema(str(origen), "no existe", "revise la ruta (entre comillas si tiene espacios)")])
    try:
        datos = origen.read_bytes()
    except OSError as e:
        raise EntradaInvalida(f"No se pudo leer {origen.name}: {e.strerror or e}.") from None
    try:
        preparado = _preparar(origen, datos, tipo=tipo)
    except ArchivoIlegible as e:
        raise EntradaInvalida(e.mensaje, [Problema(origen.name, e.mensaje)]) from None
    IndiceArchivo(raiz).guardar_texto(preparado.sha256, preparado.extraccion.texto)
    return preparado


def registrar_en(tx: Transaccion, preparado: ArchivoPreparado, *, mecanismo: str | None = None,
                 asunto: str | None = None, numero: str | None = None, fecha: date | None = None) -> ArchivoImportado:
    """File a prepared file into the acervo inside the caller's transaction, like ``importar`` does: the result
    is «importado» or, when the archive already holds the same content, «duplicado» (nothing is copied twice).
    ``asunto``, ``numero`` and ``fecha`` replace what was detected in the file when the caller knows them.

    A scan is filed waiting for OCR («pendiente»): after the caller's transaction commits, its OCR is queued as a
    background job (the portal's executor runs it; «archivo ocr» does it from the command line)."""
    if fecha is not None:
        preparado = dataclasses.replace(preparado, fecha=fecha)
    resultado = _registrar(tx, preparado, mecanismo=mecanismo, asunto=asunto, numero=numero)
    if resultado.ocr == "pendiente" and resultado.documento_id is not None:
        documento_id = resultado.documento_id
        tx.al_confirmar(lambda: escaneos.encolar(tx.catalogo, [documento_id]))
    return resultado
