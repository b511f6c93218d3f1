"""The carpeta de sesión: one PDF of every point's documents, filed in the session's expediente with its
SHA-256 (``armar_carpeta``), also as a background job with its progress (``encolar_carpeta``: the portal).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from archivo.archivistica import documentos
from archivo.base import formato, trabajos
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.fsutil import sha256_file, slug
from archivo.base.raiz import Raiz
from archivo.plantillas import compilacion
from archivo.sesiones.orden_del_dia import asegurar_expediente, orden_del_dia, problemas_documento
from archivo.sesiones.registro import Punto, Sesion, obtener
from archivo.word import carpeta_pdf, conversion


@dataclass
class ResultadoCarpeta:
    documento: documentos.Documento
    version: int
    carpeta: carpeta_pdf.Carpeta


def huella(ses: Sesion, puntos: Sequence[Punto]) -> str:
    """Fingerprint of what a carpeta shows: the session's data, the points and their documents' files."""
    def arbol(ps: Sequence[Punto]) -> list:
        return [[p.numero, p.titulo, [[d.id, d.sha256, d.estado, d.folio, d.asunto] for d in p.documentos],
                 arbol(p.subpuntos)] for p in ps]

    datos = [ses.organo_nombre, ses.nombre, ses.fecha, ses.hora, ses.lugar, arbol(puntos)]
    return hashlib.sha256(json.dumps(datos, ensure_ascii=False).encode("utf-8")).hexdigest()


def titulo_documento(doc: documentos.Documento) -> str:
    return f"{doc.folio} — {doc.asunto}" if doc.folio else doc.asunto


def carpetas(cat: Catalogo | Transaccion, sesion_id: int) -> list[dict[str, Any]]:
    """The carpetas built for a session, oldest first (version, pages, file, SHA-256, date)."""
    filas = cat.todos(
        "SELECT c.version, c.paginas, c.huella, c.creada, c.creada_por, c.documento_id, a.ruta, a.sha256 "
        "FROM sesion_carpetas c JOIN documentos d ON d.id = c.documento_id LEFT JOIN archivos a "
        "ON a.id = d.archivo_id WHERE c.sesion_id = ? ORDER BY c.version", (sesion_id,))
    return [dict(f) for f in filas]


def _portada_word(raiz: Raiz, ses: Sesion, carpeta: Path, soffice: str | None,
                  arbol: list[carpeta_pdf.PuntoCarpeta], avisar: Callable[[str], None] | None) -> Path | None:
    """The cover from the ``portada-carpeta`` template (the archive's own if it edited it) with the membrete.

    Without LibreOffice a carpeta of PDF documents only can still be built: its cover is then drawn without the
    membrete (and the user is told)."""
    def con_word(puntos: list[carpeta_pdf.PuntoCarpeta]) -> bool:
        return any(d.archivo.suffix.lower() != ".pdf" for p in puntos for d in p.documentos) or any(
            con_word(p.subpuntos) for p in puntos)

    if not con_word(arbol):
        try:
            conversion.localizar_soffice(soffice)
        except ArchivoError:
            if avisar:
                avisar("Sin LibreOffice la portada se dibuja sin el membrete (los documentos son todos PDF).")
            return None
    contexto = compilacion.contexto_sistema(raiz)
    contexto.update({
        "titulo": "Carpeta de la sesión", "organo_colegiado": ses.organo_nombre, "sesion": ses.nombre,
        "fecha_sesion": formato.a_fecha(ses.fecha), "hora": ses.hora or "", "lugar_sesion": ses.lugar or "",
        "secretaria_tecnica": raiz.config.organo_enlace["nombre"],
    })
    ruta = carpeta / "portada.docx"
    ruta.write_bytes(compilacion.documento(raiz, "portada-carpeta", contexto, tuple(raiz.config.dias_inhabiles)))
    return ruta


def revisar_carpeta(cat: Catalogo, ses: Sesion, puntos: Sequence[Punto], *,
                    huellas: bool = True) -> list[carpeta_pdf.PuntoCarpeta]:
    """The points as the carpeta will hold them, after checking every attached document (cancelled, missing or
    altered file, format); every problem at once. ``huellas=False`` skips re-hashing the files (a page that only
    shows the orden del día; building the carpeta always checks them)."""
    raiz = cat.raiz
    if not puntos:
        raise EntradaInvalida(f"La {ses.nombre.lower()} no tiene orden del día; agregue sus puntos con "
                              f"«archivo sesion punto agregar {ses.id} \"TÍTULO\"».")
    problemas: list[Problema] = []

    def a_carpeta(p: Punto) -> carpeta_pdf.PuntoCarpeta:
        docs = []
        for d in p.documentos:
            lugar = f"punto {p.numero}, {d.etiqueta}"
            encontrados = problemas_documento(d, lugar)
            if not encontrados and d.ruta:
                ruta = d.archivo(raiz)
                if not ruta.is_file():
                    encontrados.append(Problema(lugar, f"falta el archivo {d.ruta}",
                                                "revise el archivo con «archivo verificar»"))
                elif huellas and d.sha256 and sha256_file(ruta) != d.sha256:
                    encontrados.append(Problema(lugar, f"el archivo {d.ruta} fue alterado (su SHA-256 no coincide "
                                                       "con el registrado)", "revise el archivo con «archivo verificar»"))
                else:
                    docs.append(carpeta_pdf.DocumentoCarpeta(titulo_documento(d), ruta))
            problemas.extend(encontrados)
        return carpeta_pdf.PuntoCarpeta(p.numero, p.titulo, docs, [a_carpeta(s) for s in p.subpuntos])

    arbol = [a_carpeta(p) for p in puntos]
    if problemas:
        raise EntradaInvalida(f"No se armó la carpeta: {len(problemas)} documento(s) con problemas:", problemas)
    return arbol


def armar_carpeta(cat: Catalogo, sesion_id: int | str, *, soffice: str | None = None,
                  avisar: Callable[[str], None] | None = None, fecha: date | None = None) -> ResultadoCarpeta:
    """Build the carpeta PDF of a session and file it in the session's expediente (a new version each time).

    Every attached document is checked first (cancelled, missing or altered file, format) and all problems are
    reported at once. The slow part (LibreOffice, merging) runs outside any transaction; if the orden del día
    changes meanwhile, nothing is filed and the user is asked to run it again.
    """
    raiz = cat.raiz
    config = raiz.config.sesiones
    ses = obtener(cat, sesion_id)
    puntos = orden_del_dia(cat, ses.id)
    arbol = revisar_carpeta(cat, ses, puntos)
    dia_sesion = formato.fecha_con_dia(ses.fecha)
    portada = carpeta_pdf.Portada(
        institucion=raiz.config.institucion["nombre"], organo=ses.organo_nombre, sesion=ses.nombre,
        fecha=dia_sesion[:1].upper() + dia_sesion[1:], hora=f"{ses.hora} horas" if ses.hora else "", lugar=ses.lugar,
        secretaria=f"Secretaría Técnica — {raiz.config.organo_enlace['nombre']}")
    huella_inicial = huella(ses, puntos)
    with tempfile.TemporaryDirectory(prefix="archivo-portada-") as tmp:
        portada.documento = _portada_word(raiz, ses, Path(tmp), soffice, arbol, avisar)
        resultado = carpeta_pdf.armar(arbol, portada, soffice=soffice, formato_pagina=config.formato_pagina,
                                      procesos=config.procesos_libreoffice, avisar=avisar)
    if avisar is not None:
        avisar("Archivando la carpeta en el expediente de la sesión…")

    with cat.transaccion("armar carpeta de sesión") as tx:
        actual = obtener(tx, ses.id)
        if huella(actual, orden_del_dia(tx, ses.id)) != huella_inicial:
            raise ArchivoError("El orden del día o sus documentos cambiaron mientras se armaba la carpeta; no se "
                               "archivó. Vuelva a ejecutar el comando.")
        exp = asegurar_expediente(tx, actual)
        previa = tx.uno("SELECT documento_id, version FROM sesion_carpetas WHERE sesion_id = ? "
                        "ORDER BY version DESC LIMIT 1", (ses.id,))
        version = previa["version"] + 1 if previa else 1
        doc = documentos.emitir_en(
            tx, tipo="carpeta", asunto=f"Carpeta de la {ses.nombre.lower()} ({ses.organo_nombre}), versión {version}",
            expediente=exp, construir=lambda _folio: resultado.contenido, serie=None, extension=".pdf", fecha=fecha,
            nombre_archivo=f"carpeta-{slug(ses.nombre)}-v{version}.pdf",
            sustituye_a=previa["documento_id"] if previa else None,
            indexar=False)  # its text is its documents' text: indexing it would duplicate every search hit
        tx.execute("INSERT INTO sesion_carpetas (sesion_id, documento_id, version, paginas, huella, creada, "
                   "creada_por) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (ses.id, doc.id, version, resultado.paginas, huella_inicial, tx.momento, cat.usuario))
        tx.registrar("sesion", ses.id, None, {"carpeta": doc.ruta, "version": version, "paginas": resultado.paginas,
                                               "sha256": doc.sha256})
    return ResultadoCarpeta(doc, version, resultado)


def estado_carpeta(cat: Catalogo, ses: Sesion, puntos: Sequence[Punto]) -> dict[str, Any] | None:
    """The latest carpeta and whether it still matches the orden del día (``al_dia``)."""
    todas = carpetas(cat, ses.id)
    if not todas:
        return None
    ultima = todas[-1]
    return ultima | {"al_dia": ultima["huella"] == huella(ses, puntos), "versiones": len(todas)}


# --- the carpeta as a background job (the portal) ----------------------------------------------------------

TRABAJO_CARPETA = "carpeta-sesion"
# The steps a build goes through, in order, as ``armar_carpeta`` announces them: the progress bar's stages.
FASES = ("Revisando", "Convirtiendo", "Uniendo", "Numerando", "Archivando")


def trabajo_de(cat: Catalogo, sesion_id: int, *, activo: bool | None = None) -> trabajos.Trabajo | None:
    """The latest carpeta job of the session (only a waiting or running one with ``activo=True``)."""
    condicion = " AND estado IN ('pendiente', 'en curso')" if activo else ""
    fila = cat.uno(f"SELECT id FROM trabajos WHERE tipo = ? AND json_extract(parametros, '$.sesion') = ?{condicion} "
                   "ORDER BY id DESC LIMIT 1", (TRABAJO_CARPETA, int(sesion_id)))
    return trabajos.obtener(cat, fila["id"]) if fila else None


def encolar_carpeta(cat: Catalogo, sesion_id: int | str) -> trabajos.Trabajo:
    """Ask for the carpeta to be built in the background. The documents are checked now, so the person who asks
    sees every problem at once instead of a failed job; a build already waiting or running for the session is
    returned instead of starting a second one."""
    ses = obtener(cat, sesion_id)
    revisar_carpeta(cat, ses, orden_del_dia(cat, ses.id))
    previo = trabajo_de(cat, ses.id, activo=True)
    if previo is not None:
        return previo
    versiones = carpetas(cat, ses.id)
    # the latest version when asked: a run resumed after an interruption knows a newer one is its own result
    return trabajos.encolar(cat, TRABAJO_CARPETA, {"sesion": ses.id,
                                                   "version_previa": versiones[-1]["version"] if versiones else 0},
                            titulo=f"Carpeta de la {ses.nombre.lower()} ({ses.organo_nombre})")


def _trabajo_carpeta(cat: Catalogo, parametros: dict[str, Any], avance: trabajos.Avance) -> dict[str, Any]:
    sesion_id = int(parametros["sesion"])
    avance(hechos=0, total=len(FASES), mensaje="Revisando los documentos de cada punto…")
    # Resumed after an interruption: a version newer than the one there was when the job was asked for, that
    # still matches the orden del día, is this job's result (its earlier run filed it before the process died).
    ses = obtener(cat, sesion_id)
    actual = estado_carpeta(cat, ses, orden_del_dia(cat, ses.id))
    if actual is not None and actual["al_dia"] and actual["version"] > int(parametros.get("version_previa", 0)):
        version, paginas, documento_id = actual["version"], actual["paginas"], actual["documento_id"]
    else:
        def avisar(mensaje: str) -> None:
            fase = next((i for i, f in enumerate(FASES) if mensaje.startswith(f)), None)
            avance(hechos=fase if fase is not None else avance.hechos, mensaje=mensaje)

        r = armar_carpeta(cat, sesion_id, avisar=avisar)
        version, paginas, documento_id = r.version, r.carpeta.paginas, r.documento.id
    avance(hechos=len(FASES), forzar=True)
    return {"mensaje": f"Carpeta lista: versión {version}, {paginas} páginas.", "sesion": sesion_id,
            "version": version, "paginas": paginas, "documento": documento_id}


trabajos.registrar_tipo(TRABAJO_CARPETA, _trabajo_carpeta, titulo="Carpeta de sesión", en_proceso=True)
