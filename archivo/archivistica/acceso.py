"""Personal data: the export of a person's expediente for an access request (solicitud de acceso a datos
personales, derechos ARCO).

All the documents of the expediente personal, in order, in one PDF with a cover and its índice (each document with
the page where it starts, clickable, one bookmark each, «Página N de M» on every page). Word documents are converted
with LibreOffice. The PDF is written outside the archive (it is a copy for delivery, not a document of the
expediente) and the export is recorded in the historial: who, when, for which request, which documents and the
SHA-256 of what was delivered. In the portal only the role administración may do it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from archivo.archivistica import expedientes as exps
from archivo.archivistica.expedientes import NOMBRES_TIPO
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.formato import fecha_corta, fecha_larga
from archivo.base.fsutil import atomic_write_bytes, sha256_bytes
from archivo.word import carpeta_pdf

LEYENDA = ("Contiene datos personales confidenciales. Se entrega únicamente a su titular o a su representante "
           "acreditado, en respuesta a la solicitud indicada.")


@dataclass
class Exportacion:
    numero: str
    titulo: str
    solicitud: str
    documentos: int
    paginas: int
    sha256: str
    contenido: bytes


def titulo_documento(d: dict) -> str:
    """The index line of a document: «Oficio IEA/DEVySPE/045/2024 del 05/09/2024» (its asunto goes below)."""
    tipo = NOMBRES_TIPO.get(d["tipo"], d["tipo"])
    folio = d["folio"] or "sin folio"
    cancelado = " (cancelado)" if d["estado"] == "cancelado" else ""
    return f"{tipo} {folio} del {fecha_corta(d['fecha'])}{cancelado}"


def armar_personal(cat: Catalogo, clave: str, *, solicitud: str, soffice: str | None = None) -> Exportacion:
    """Build the PDF of the expediente personal of ``clave`` and record the export (nothing is written to disk)."""
    solicitud = (solicitud or "").strip()
    if not solicitud:
        raise EntradaInvalida("Indique la solicitud de acceso que se atiende (su número o referencia).",
                              [Problema("--solicitud", "falta la referencia de la solicitud",
                                        "p. ej. «Solicitud 0123/2025 de la Unidad de Transparencia»")])
    exp = exps.obtener(cat, "persona", clave)
    raiz = cat.raiz
    docs = [d for d in exps.documentos_de(cat, exp) if d["ruta"]]
    if not docs:
        raise ArchivoError(f"El expediente {exp.numero} no tiene documentos que exportar.")
    puntos = [carpeta_pdf.PuntoCarpeta(str(i), titulo_documento(d),
                                       [carpeta_pdf.DocumentoCarpeta(d["asunto"], raiz.absoluta(d["ruta"]))])
              for i, d in enumerate(docs, start=1)]
    config = raiz.config
    portada = carpeta_pdf.Portada(
        institucion=config.institucion["nombre"], organo=exp.titulo, sesion=f"Expediente {exp.numero}",
        fecha=f"Exportado el {fecha_larga(date.today())} para: {solicitud}", titulo="Expediente personal",
        secretaria=config.organo_enlace["nombre"], titulo_indice="ÍNDICE DEL EXPEDIENTE", leyenda=LEYENDA)
    carpeta = carpeta_pdf.armar(puntos, portada, soffice=soffice)
    digest = sha256_bytes(carpeta.contenido)
    cat.registrar_evento("exportar expediente para solicitud de acceso", "expediente", exp.numero, None, {
        "solicitud": solicitud, "documentos": [d["folio"] or f"#{d['id']}" for d in docs],
        "paginas": carpeta.paginas, "sha256": digest})
    return Exportacion(exp.numero, exp.titulo, solicitud, len(docs), carpeta.paginas, digest, carpeta.contenido)


def exportar_personal(cat: Catalogo, clave: str, *, solicitud: str, salida: Path | str,
                      soffice: str | None = None) -> Exportacion:
    """``armar_personal`` written to ``salida`` (a new .pdf outside the archive)."""
    salida = Path(salida).expanduser()
    problemas = []
    if salida.suffix.lower() != ".pdf":
        problemas.append(Problema("--salida", f"«{salida.name}» debe terminar en .pdf"))
    if salida.exists():
        problemas.append(Problema("--salida", f"ya existe {salida}", "elija otro nombre"))
    try:
        salida.resolve().relative_to(cat.raiz.ruta)
        problemas.append(Problema("--salida", "está dentro del archivo",
                                  "escriba la copia fuera de la carpeta del archivo: no es un documento del "
                                  "expediente"))
    except ValueError:
        pass
    if problemas:
        raise EntradaInvalida("No se exportó el expediente:", problemas)
    resultado = armar_personal(cat, clave, solicitud=solicitud, soffice=soffice)
    atomic_write_bytes(salida, resultado.contenido, overwrite=False)
    return resultado


def _trabajo_exportar(cat: Catalogo, parametros: dict, avance: trabajos.Avance) -> dict:
    """The export as a background job (the portal): the PDF goes to the job's folder, downloadable by whoever
    asked for it."""
    avance(total=1, mensaje="Reuniendo y convirtiendo los documentos del expediente…")
    r = armar_personal(cat, parametros["clave"], solicitud=parametros["solicitud"])
    nombre = f"expediente-{parametros['clave']}.pdf"
    carpeta = trabajos.carpeta(cat.raiz, avance.id)
    carpeta.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(carpeta / nombre, r.contenido)
    avance(hechos=1)
    return {"mensaje": f"Expediente {r.numero}: {r.documentos} documento(s), {r.paginas} página(s).",
            "archivo": nombre, "nombre_descarga": nombre, "sha256": r.sha256}


TRABAJO_EXPORTAR = "exportar-personal"
trabajos.registrar_tipo(TRABAJO_EXPORTAR, _trabajo_exportar, titulo="Expediente personal para una solicitud de "
                        "acceso", en_proceso=True)
