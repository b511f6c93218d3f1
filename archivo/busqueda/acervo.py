"""Import of past files (PDF, DOCX, TXT) into the archive's acervo, where the search finds them.

``importar(cat, rutas)`` takes files and folders (recursively). Each file is copied unchanged into
``acervo/<año>/`` with its original name (via ``documentos.emitir_en``: SHA-256 recorded, never overwritten),
its text and metadata extracted (``archivo.texto``: own number, cited identifiers, date, title, type) and the
document queued for the search index. A file whose content is already in the archive is skipped as a
duplicate, so running the same import twice changes nothing.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archivo import mecanismos
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.fsutil import sha256_bytes
from archivo.base.raiz import Raiz
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

    def linea(self) -> str:
        if self.resultado == "importado":
            partes = [f"#{self.documento_id}"]
            if self.numero:
                partes.append(self.numero)
            if self.texto == "sin texto":
                partes.append("SIN TEXTO")
            linea = f"importado: {self.origen} → {self.ruta} ({', '.join(partes)})"
            avisos = [a for a in self.avisos if not a.startswith("sin texto")]
            if self.texto == "sin texto":
                avisos.insert(0, "es un escaneo sin capa de texto: se archivó, pero su contenido no se puede "
                                 "buscar hasta aplicarle OCR")
            return linea + (f" — {'; '.join(avisos)}" if avisos else "")
        if self.resultado == "duplicado":
            return f"duplicado (no se importó de nuevo): {self.origen} — {self.detalle}"
        if self.resultado == "omitido":
            return f"omitido: {self.origen} — {self.detalle}"
        return f"NO SE IMPORTÓ: {self.origen} — {self.detalle}"

    def como_dict(self) -> dict[str, Any]:
        return {"origen": str(self.origen), "resultado": self.resultado, "detalle": self.detalle,
                "documento_id": self.documento_id, "ruta": self.ruta, "numero": self.numero, "texto": self.texto,
                "avisos": self.avisos}


@dataclass
class InformeImportacion:
    archivos: list[ArchivoImportado] = field(default_factory=list)
    pendientes_indice: int = 0

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

    def resumen(self) -> str:
        partes = [f"{self.importados} importado(s)"]
        if self.sin_texto:
            partes.append(f"{self.sin_texto} de ellos sin texto (escaneos)")
        partes.append(f"{self.duplicados} duplicado(s)")
        partes.append(f"{self.rechazados} no importado(s) por problemas")
        if self.omitidos:
            partes.append(f"{self.omitidos} omitido(s) por no ser PDF, DOCX ni TXT")
        texto = f"{len(self.archivos)} archivo(s): " + ", ".join(partes) + "."
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

def _es_temporal(nombre: str) -> bool:
    return nombre.startswith(("~$", ".~lock", "."))


def reunir(rutas: Sequence[Path]) -> tuple[list[Path], list[ArchivoImportado]]:
    """The files to import (folders walked recursively, in name order) and the ignored ones.

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
        if _es_temporal(p.name):
            omitidos.append(ArchivoImportado(p, "omitido", "archivo oculto o temporal (p. ej. de Word abierto)"))
        elif p.suffix.lower() not in EXTENSIONES:
            omitidos.append(ArchivoImportado(p, "omitido", "no es PDF, DOCX ni TXT"))
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
               numero: str | None = None) -> ArchivoImportado:
    """File one prepared document inside ``tx`` (``asunto``/``numero``: what the caller knows better than the
    detection, e.g. an entrada of the correspondence register)."""
    duplicado = _duplicado(tx, p.sha256)
    if duplicado:
        return ArchivoImportado(p.origen, "duplicado", duplicado)
    anio = p.fecha.year
    # The acervo of a year opens with that year (its documents are dated then), not on the import day.
    expediente = exps.asegurar(tx, "acervo", str(anio), f"Acervo documental {anio}", fecha=date(anio, 1, 1))
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
        "texto": p.extraccion.estado, "numero": numero or p.meta.numero, "avisos": avisos})
    return ArchivoImportado(p.origen, "importado", documento_id=doc.id, ruta=doc.ruta, numero=numero or p.meta.numero,
                            texto=p.extraccion.estado, avisos=avisos)


def _guardar_lote(cat: Catalogo, lote: list[ArchivoPreparado], mecanismo: str | None) -> list[ArchivoImportado]:
    """One transaction for the batch; if one file fails there, each file again in its own transaction so
    only that one is reported as not imported."""
    if len(lote) > 1:
        try:
            with cat.transaccion(f"importar {len(lote)} documentos al acervo") as tx:
                return [_registrar(tx, p, mecanismo=mecanismo) for p in lote]
        except ArchivoError:
            pass  # find out which file it was: one transaction each
    salida = []
    for p in lote:
        try:
            with cat.transaccion("importar documento al acervo") as tx:
                salida.append(_registrar(tx, p, mecanismo=mecanismo))
        except ArchivoError as e:
            salida.append(ArchivoImportado(p.origen, "rechazado", e.mensaje))
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
             progreso: Callable[..., Any] | None = None, tamano_lote: int = TAMANO_LOTE) -> InformeImportacion:
    """Import files and folders into the acervo (see the module docstring). ``progreso`` is
    ``archivo.cli.salida.progreso`` or compatible: ``progreso(descripcion, total)`` -> context of ``avanzar``."""
    tipo, mecanismo = validar_opciones(cat, tipo=tipo, mecanismo=mecanismo)
    archivos, omitidos = reunir([Path(r) for r in rutas])
    informe = InformeImportacion(list(omitidos))
    resultados: dict[Path, ArchivoImportado] = {}
    indice = IndiceArchivo(cat.raiz)
    vistos: dict[str, Path] = {}  # sha256 -> first file of this run with that content
    lote: list[ArchivoPreparado] = []
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
                    lote.append(preparado)
                    bytes_lote += len(datos)
                    if len(lote) >= tamano_lote or bytes_lote >= BYTES_LOTE:
                        vaciar()
            avanzar(1)
        vaciar()
    informe.archivos.extend(resultados[a] for a in archivos if a in resultados)
    informe.archivos.sort(key=lambda a: str(a.origen))
    informe.pendientes_indice = cat.uno("SELECT COUNT(*) FROM indice_pendientes")[0]
    return informe


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
    ``asunto``, ``numero`` and ``fecha`` replace what was detected in the file when the caller knows them."""
    if fecha is not None:
        preparado = dataclasses.replace(preparado, fecha=fecha)
    return _registrar(tx, preparado, mecanismo=mecanismo, asunto=asunto, numero=numero)
