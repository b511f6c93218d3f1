"""Document work that runs in the background (``archivo.base.trabajos``): a PDF preview of a document before it is
issued, a batch's preview as borradores, and the issue of a batch. Any interface queues them; the portal does.

Each job is resumable: the ids it has created are recorded with each committed chunk (``avance.parcial``), so a
run taken up after an interruption continues where the last one stopped and reports the whole batch.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from archivo import (
    busqueda,  # noqa: F401 - registers the search index's post-commit work in a job's process
    generacion,
)
from archivo.archivistica import documentos
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.base.formato import a_fecha
from archivo.base.fsutil import atomic_write_bytes, slug
from archivo.word import conversion

TAMANO_TRAMO = 20  # documents per transaction in a job: the progress bar moves, a crash loses at most this many


def _fecha(valor: Any) -> date | None:
    return a_fecha(valor) if valor else None


def parametros_documento(plantilla: str, *, procedimiento_id: int | None, personas: list[str], datos: dict[str, Any],
                         fecha: date | None, area: str | None, firmante: str | None,
                         sustituye: str | None) -> dict[str, Any]:
    """The JSON-safe parameters of one document (for ``vista-previa-pdf``)."""
    return {"plantilla": plantilla, "procedimiento_id": procedimiento_id, "personas": personas, "datos": datos,
            "fecha": fecha.isoformat() if fecha else None, "area": area, "firmante": firmante,
            "sustituye": sustituye}


def _vista_previa_pdf(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    avance(total=2, mensaje="Preparando el documento…")
    docx = generacion.vista_previa(
        cat, parametros["plantilla"], procedimiento_id=parametros.get("procedimiento_id"),
        personas=parametros.get("personas") or [], datos=parametros.get("datos") or {},
        fecha=_fecha(parametros.get("fecha")), area=parametros.get("area"), firmante=parametros.get("firmante"),
        sustituye=parametros.get("sustituye"))
    carpeta = trabajos.carpeta(cat.raiz, avance.id)
    nombre = f"vista-previa-{slug(parametros['plantilla'])}"
    atomic_write_bytes(carpeta / f"{nombre}.docx", docx)
    avance(hechos=1, mensaje="Convirtiendo a PDF con LibreOffice…")
    pdf = conversion.convertir_a_pdf([carpeta / f"{nombre}.docx"], carpeta)[0]
    avance(hechos=2)
    return {"mensaje": "La vista previa en PDF está lista.", "archivo": pdf.name, "nombre_descarga": f"{nombre}.pdf"}


def solicitudes_json(solicitudes: list[generacion.Solicitud]) -> list[dict[str, Any]]:
    return [{"datos": generacion._json_seguro(s.datos), "personas": list(s.personas), "lugar": s.lugar}
            for s in solicitudes]


def _borradores_lote(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    solicitudes = [generacion.Solicitud(s["datos"], s["personas"], s["lugar"]) for s in parametros["solicitudes"]]
    ids: list[int] = list(avance.parcial.get("borradores", []))
    avance(total=len(solicitudes), mensaje=f"Generando {len(solicitudes)} borrador(es)…")

    def hecho(doc: documentos.Documento) -> None:
        ids.append(doc.id)
        avance(hechos=len(ids), parcial={"borradores": ids})

    generacion.generar_borradores(
        cat, parametros["plantilla"], solicitudes, procedimiento_id=parametros.get("procedimiento_id"),
        fecha=_fecha(parametros.get("fecha")), area=parametros.get("area"), firmante=parametros.get("firmante"),
        al_generar=hecho, omitir=len(ids), propios=list(ids), tamano=TAMANO_TRAMO,
        repetir=bool(parametros.get("repetir")))
    return {"mensaje": f"Se generaron {len(ids)} borrador(es): revíselos y emítalos todos con su folio.",
            "borradores": ids, "plantilla": parametros["plantilla"], "fecha": parametros.get("fecha")}


def _emitir_lote(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    emitidos: list[list[Any]] = list(avance.parcial.get("emitidos", []))
    pendientes = [i for i in parametros["borradores"]
                  if cat.uno("SELECT 1 FROM documentos WHERE id = ? AND estado = 'borrador'", (i,))]
    avance(total=len(emitidos) + len(pendientes), mensaje=f"Emitiendo {len(pendientes)} documento(s)…")

    def hecho(doc: documentos.Documento) -> None:
        emitidos.append([doc.id, doc.folio])
        avance(hechos=len(emitidos), parcial={"emitidos": emitidos})

    generacion.emitir_borradores(cat, pendientes, fecha=_fecha(parametros.get("fecha")), al_emitir=hecho,
                                 tamano=TAMANO_TRAMO, repetir=bool(parametros.get("repetir")))
    folios = [f for _, f in emitidos]
    rango = f": folios {folios[0]} a {folios[-1]}" if len(folios) > 1 else (f": folio {folios[0]}" if folios else "")
    return {"mensaje": f"Se emitieron {len(emitidos)} documento(s){rango}.", "emitidos": emitidos}


def _copia_pdf(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    avance(total=1, mensaje="Convirtiendo a PDF con LibreOffice…")
    doc = documentos.obtener(cat, parametros["documento"])
    ruta = crear_copia_pdf(cat, doc)
    avance(hechos=1)
    return {"mensaje": f"La copia en PDF de {doc.etiqueta} está lista.", "documento": doc.id,
            "ruta": cat.raiz.relativa(ruta)}


def ruta_copia_pdf(cat: Catalogo, doc: documentos.Documento) -> Path | None:
    """Where the PDF of a document is: the original itself if it is a PDF, else its PDF copy (beside the original,
    registered in the catalog) once made; None while there is none."""
    if not doc.ruta:
        return None
    original = doc.archivo(cat.raiz)
    if original.suffix.lower() == ".pdf":
        return original
    copia = original.with_suffix(".pdf")
    if cat.uno("SELECT 1 FROM archivos WHERE ruta = ?", (cat.raiz.relativa(copia),)) and copia.is_file():
        return copia
    return None


def crear_copia_pdf(cat: Catalogo, doc: documentos.Documento) -> Path:
    """Convert a document's Word original to PDF with LibreOffice and file the copy beside it (the original is
    kept byte for byte; the copy is registered with its SHA-256)."""
    existente = ruta_copia_pdf(cat, doc)
    if existente is not None:
        return existente
    original = doc.archivo(cat.raiz)
    if original.suffix.lower() not in conversion.EXTENSIONES:
        raise conversion.ErrorConversion(f"El documento {doc.etiqueta} no es de Word ({original.suffix}); no tiene "
                                         "copia en PDF.")
    with tempfile.TemporaryDirectory(prefix="archivo-pdf-") as tmp:
        salida = conversion.convertir_a_pdf([original], Path(tmp))
        datos = Path(salida[0]).read_bytes()
    destino = original.with_suffix(".pdf")
    with cat.transaccion("copia en PDF") as tx:
        if tx.uno("SELECT 1 FROM archivos WHERE ruta = ?", (cat.raiz.relativa(destino),)):
            return destino  # made meanwhile by another job
        tx.escribir_archivo(destino, datos, tipo="copia-pdf")
        tx.registrar("documento", doc.etiqueta, None, {"copia_pdf": cat.raiz.relativa(destino)})
    return destino


trabajos.registrar_tipo("vista-previa-pdf", _vista_previa_pdf, titulo="Vista previa en PDF")
trabajos.registrar_tipo("copia-pdf", _copia_pdf, titulo="Copia en PDF de un documento")
trabajos.registrar_tipo("borradores-lote", _borradores_lote, titulo="Lote en borrador", en_proceso=True)
trabajos.registrar_tipo("emitir-lote", _emitir_lote, titulo="Emisión de un lote", en_proceso=True)
