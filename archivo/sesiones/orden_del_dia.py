"""The orden del día of a session: numbered points with sub-points (1, 2, 2.1…), each with the archive
documents that go with it (attached by folio, found by search, or imported PDFs copied into the session's
expediente), and the orden del día as a Word document (``emitir_orden_del_dia``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from archivo import busqueda
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base import formato, pdf, pendientes
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import slug
from archivo.base.raiz import Raiz
from archivo.plantillas import compilacion

# --- orden del día -------------------------------------------------------------------------------
from archivo.sesiones.calendario import plazo
from archivo.sesiones.opciones import EXTENSIONES_CARPETA, MAX_NIVELES, MAX_TITULO_PUNTO, NUMERO_PUNTO
from archivo.sesiones.registro import Punto, Sesion, exigir_programada, obtener


def orden_del_dia(cat: Catalogo | Transaccion, sesion_id: int) -> list[Punto]:
    """The points of a session as a tree, numbered as printed, each with its documents in order."""
    filas = cat.todos("SELECT * FROM sesion_puntos WHERE sesion_id = ? ORDER BY orden, id", (sesion_id,))
    adjuntos: dict[int, list[int]] = {}
    for f in cat.todos("SELECT pd.punto_id, pd.documento_id FROM punto_documentos pd JOIN sesion_puntos p "
                       "ON p.id = pd.punto_id WHERE p.sesion_id = ? ORDER BY pd.orden", (sesion_id,)):
        adjuntos.setdefault(f["punto_id"], []).append(f["documento_id"])
    hijos: dict[int | None, list[Any]] = {}
    for f in filas:
        hijos.setdefault(f["padre_id"], []).append(f)

    def construir(padre: int | None, prefijo: str, nivel: int) -> list[Punto]:
        puntos = []
        for i, f in enumerate(hijos.get(padre, []), start=1):
            numero = f"{prefijo}{i}"
            p = Punto(f["id"], numero, f["titulo"], nivel, f["orden"], f["padre_id"],
                      [documentos.obtener(cat, d) for d in adjuntos.get(f["id"], [])],
                      sin_documentos=bool(f["sin_documentos"]))
            p.subpuntos = construir(f["id"], f"{numero}.", nivel + 1)
            puntos.append(p)
        return puntos

    return construir(None, "", 0)


def recorrer(puntos: Sequence[Punto]) -> list[Punto]:
    """Every point in print order (a point, then its sub-points)."""
    todos: list[Punto] = []
    for p in puntos:
        todos.append(p)
        todos.extend(recorrer(p.subpuntos))
    return todos


def _punto(puntos: list[Punto], numero: str, ses: Sesion) -> Punto:
    numero = str(numero).strip().rstrip(".")
    if not NUMERO_PUNTO.match(numero):
        raise EntradaInvalida(f"«{numero}» no es un número de punto; escríbalo como 3 o 2.1.")
    for p in recorrer(puntos):
        if p.numero == numero:
            return p
    existentes = ", ".join(p.numero for p in recorrer(puntos)) or "ninguno todavía"
    raise NoEncontrado(f"La {ses.nombre.lower()} no tiene el punto {numero}. Puntos: {existentes}.")


def obtener_punto(cat: Catalogo | Transaccion, sesion_id: int | str, numero: str) -> Punto:
    """Point ``numero`` ("2.1") of a session, with its documents and sub-points."""
    ses = obtener(cat, sesion_id)
    return _punto(orden_del_dia(cat, ses.id), numero, ses)


def _hermanos(tx: Transaccion, sesion_id: int, padre_id: int | None) -> list[int]:
    return [f["id"] for f in tx.todos(
        "SELECT id FROM sesion_puntos WHERE sesion_id = ? AND padre_id IS ? ORDER BY orden, id",
        (sesion_id, padre_id))]


def _reordenar(tx: Transaccion, ids: list[int]) -> None:
    for i, punto_id in enumerate(ids, start=1):
        tx.execute("UPDATE sesion_puntos SET orden = ? WHERE id = ?", (i, punto_id))


def _numero_de(tx: Transaccion, sesion_id: int, punto_id: int) -> str:
    for p in recorrer(orden_del_dia(tx, sesion_id)):
        if p.id == punto_id:
            return p.numero
    raise NoEncontrado(f"El punto {punto_id} no existe.")


def _titulo_punto(titulo: str) -> str:
    titulo = " ".join((titulo or "").split())
    if not titulo:
        raise EntradaInvalida("El punto necesita un título.")
    if len(titulo) > MAX_TITULO_PUNTO:
        raise EntradaInvalida(f"El título del punto tiene {len(titulo)} caracteres; el máximo es {MAX_TITULO_PUNTO}. "
                              "Resúmalo: el texto completo va en el documento del punto.")
    return titulo


def agregar_punto(cat: Catalogo, sesion_id: int | str, titulo: str, *, dentro_de: str | None = None,
                  posicion: int | None = None, sin_documentos: bool = False) -> str:
    """Add a point (or a sub-point of ``dentro_de``) at ``posicion`` (default: last). Returns its number.

    ``sin_documentos``: a point that takes no documents (lista de asistencia, asuntos generales): it is never
    listed as missing its documents."""
    titulo = _titulo_punto(titulo)
    with cat.transaccion("agregar punto al orden del día") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        padre = _punto(orden_del_dia(tx, ses.id), dentro_de, ses) if dentro_de else None
        if padre is not None and padre.nivel + 1 >= MAX_NIVELES:
            raise EntradaInvalida(f"El orden del día admite hasta {MAX_NIVELES} niveles (p. ej. 2.1.1); el punto "
                                  f"{padre.numero} ya está en el último.")
        hermanos = _hermanos(tx, ses.id, padre.id if padre else None)
        if posicion is not None and not 1 <= posicion <= len(hermanos) + 1:
            raise EntradaInvalida(f"La posición {posicion} no existe: use de 1 a {len(hermanos) + 1}.")
        cur = tx.execute("INSERT INTO sesion_puntos (sesion_id, padre_id, orden, titulo, sin_documentos) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (ses.id, padre.id if padre else None, len(hermanos) + 1, titulo, int(sin_documentos)))
        nuevo = int(cur.lastrowid)
        hermanos.insert((posicion or len(hermanos) + 1) - 1, nuevo)
        _reordenar(tx, hermanos)
        numero = _numero_de(tx, ses.id, nuevo)
        tx.registrar("sesion", ses.id, None, {"punto": numero, "titulo": titulo}
                     | ({"sin_documentos": True} if sin_documentos else {}))
    return numero


def editar_punto(cat: Catalogo, sesion_id: int | str, numero: str, titulo: str | None = None, *,
                 sin_documentos: bool | None = None) -> None:
    """Change a point's title and/or whether it takes documents (None: unchanged)."""
    if titulo is not None:
        titulo = _titulo_punto(titulo)
    with cat.transaccion("editar punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        p = _punto(orden_del_dia(tx, ses.id), numero, ses)
        antes: dict[str, Any] = {"punto": p.numero}
        despues: dict[str, Any] = {"punto": p.numero}
        if titulo is not None and titulo != p.titulo:
            tx.execute("UPDATE sesion_puntos SET titulo = ? WHERE id = ?", (titulo, p.id))
            antes["titulo"], despues["titulo"] = p.titulo, titulo
        if sin_documentos is not None and sin_documentos != p.sin_documentos:
            tx.execute("UPDATE sesion_puntos SET sin_documentos = ? WHERE id = ?", (int(sin_documentos), p.id))
            antes["sin_documentos"], despues["sin_documentos"] = p.sin_documentos, sin_documentos
        if len(despues) > 1:
            tx.registrar("sesion", ses.id, antes, despues)


def mover_punto(cat: Catalogo, sesion_id: int | str, numero: str, posicion: int) -> str:
    """Move a point among its siblings (its sub-points and documents go with it). Returns its new number."""
    with cat.transaccion("mover punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        p = _punto(orden_del_dia(tx, ses.id), numero, ses)
        hermanos = _hermanos(tx, ses.id, p.padre_id)
        if not 1 <= posicion <= len(hermanos):
            raise EntradaInvalida(f"La posición {posicion} no existe: use de 1 a {len(hermanos)}.")
        hermanos.remove(p.id)
        hermanos.insert(posicion - 1, p.id)
        _reordenar(tx, hermanos)
        nuevo = _numero_de(tx, ses.id, p.id)
        tx.registrar("sesion", ses.id, {"punto": p.numero}, {"punto": nuevo, "titulo": p.titulo})
    return nuevo


def _profundidad(p: Punto) -> int:
    """Levels of ``p``'s subtree (1 for a point without sub-points)."""
    return 1 + max((_profundidad(s) for s in p.subpuntos), default=0)


def anidar_punto(cat: Catalogo, sesion_id: int | str, numero: str, direccion: str) -> str:
    """Change a point's level with its sub-points and documents: ``adentro`` makes it the last sub-point of the
    point before it; ``afuera`` makes it the point right after its parent. Returns its new number."""
    if direccion not in ("adentro", "afuera"):
        raise ValueError(direccion)
    with cat.transaccion("cambiar el nivel de un punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        puntos = orden_del_dia(tx, ses.id)
        p = _punto(puntos, numero, ses)
        hermanos = _hermanos(tx, ses.id, p.padre_id)
        if direccion == "adentro":
            i = hermanos.index(p.id)
            if i == 0:
                raise EntradaInvalida(f"El punto {p.numero} es el primero de su nivel: no hay un punto anterior "
                                      "dentro del cual ponerlo. Agréguelo como subpunto del que corresponda.")
            anterior = next(x for x in recorrer(puntos) if x.id == hermanos[i - 1])
            if anterior.nivel + _profundidad(p) >= MAX_NIVELES:
                raise EntradaInvalida(f"El orden del día admite hasta {MAX_NIVELES} niveles (p. ej. 2.1.1); el punto "
                                      f"{p.numero} y sus subpuntos no caben dentro del punto {anterior.numero}.")
            nuevo_padre: int | None = anterior.id
            destino = [x.id for x in anterior.subpuntos] + [p.id]
        else:
            if p.padre_id is None:
                raise EntradaInvalida(f"El punto {p.numero} ya está en el primer nivel.")
            padre = next(x for x in recorrer(puntos) if x.id == p.padre_id)
            nuevo_padre = padre.padre_id
            destino = _hermanos(tx, ses.id, nuevo_padre)
            destino.insert(destino.index(padre.id) + 1, p.id)
        tx.execute("UPDATE sesion_puntos SET padre_id = ? WHERE id = ?", (nuevo_padre, p.id))
        _reordenar(tx, [x for x in hermanos if x != p.id])
        _reordenar(tx, destino)
        nuevo = _numero_de(tx, ses.id, p.id)
        tx.registrar("sesion", ses.id, {"punto": p.numero}, {"punto": nuevo, "titulo": p.titulo})
    return nuevo


def quitar_punto(cat: Catalogo, sesion_id: int | str, numero: str) -> Punto:
    """Remove a point with its sub-points (their documents stay in the archive; only the link goes)."""
    with cat.transaccion("quitar punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        p = _punto(orden_del_dia(tx, ses.id), numero, ses)
        quitados = recorrer([p])
        for q in reversed(quitados):
            tx.execute("DELETE FROM punto_documentos WHERE punto_id = ?", (q.id,))
            tx.execute("DELETE FROM sesion_puntos WHERE id = ?", (q.id,))
        _reordenar(tx, _hermanos(tx, ses.id, p.padre_id))
        tx.registrar("sesion", ses.id, p.como_dict(), None)
    return p


# --- documents of the points ---------------------------------------------------------------------


@dataclass
class Adjuntos:
    adjuntados: list[documentos.Documento]
    omitidos: list[str]  # Spanish notes: already attached, etc.


def problemas_documento(doc: documentos.Documento, lugar: str) -> list[Problema]:
    problemas = []
    if doc.estado == "cancelado":
        problemas.append(Problema(lugar, f"el documento {doc.etiqueta} está cancelado",
                                  "adjunte el documento que lo sustituye"))
    if not doc.ruta:
        problemas.append(Problema(lugar, f"el documento {doc.etiqueta} no tiene archivo"))
    elif Path(doc.ruta).suffix.lower() not in EXTENSIONES_CARPETA:
        problemas.append(Problema(lugar, f"el documento {doc.etiqueta} es un archivo {Path(doc.ruta).suffix}, que "
                                         "no puede ir en la carpeta", "la carpeta admite Word (.docx) y PDF"))
    return problemas


def _adjuntar_en(tx: Transaccion, ses: Sesion, punto: Punto, docs: Sequence[documentos.Documento]) -> Adjuntos:
    en_sesion = {d.id: p.numero for p in recorrer(orden_del_dia(tx, ses.id)) for d in p.documentos}
    siguiente = tx.uno("SELECT COALESCE(MAX(orden), 0) + 1 FROM punto_documentos WHERE punto_id = ?",
                       (punto.id,))[0]
    resultado = Adjuntos([], [])
    for doc in docs:
        if doc.id in en_sesion:
            resultado.omitidos.append(f"{doc.etiqueta} ya estaba en el punto {en_sesion[doc.id]}")
            continue
        tx.execute("INSERT INTO punto_documentos (punto_id, documento_id, orden, agregado, agregado_por) "
                   "VALUES (?, ?, ?, ?, ?)", (punto.id, doc.id, siguiente, tx.momento, tx.catalogo.usuario))
        en_sesion[doc.id] = punto.numero
        siguiente += 1
        resultado.adjuntados.append(doc)
        tx.registrar("sesion", ses.id, None, {"punto": punto.numero, "documento": doc.etiqueta})
    return resultado


def adjuntar(cat: Catalogo, sesion_id: int | str, numero: str, referencias: Sequence[str | int] = (), *,
             pdfs: Sequence[Path | str] = (), asunto: str | None = None, fecha: date | None = None) -> Adjuntos:
    """Attach documents to point ``numero``, in order: archive documents (folio or number) and PDF files.

    A PDF is copied into the session's expediente and registered (SHA-256) as an imported document; one that is
    already in the archive (same SHA-256) is attached instead of copied again. Everything is checked first —
    unknown or cancelled documents, PDFs that are encrypted, damaged or not PDFs — and all problems are reported
    at once; then everything is attached in one transaction, or nothing is.
    """
    rutas = [Path(r) for r in pdfs]
    if not referencias and not rutas:
        raise EntradaInvalida("Indique al menos un documento (--folio, --buscar o --pdf).")
    if asunto and len(rutas) != 1:
        raise EntradaInvalida("--asunto se usa con un solo PDF; con varios, cada uno toma el nombre de su archivo.")
    problemas = [p for p in (revisar_pdf(r) for r in rutas) if p]
    contenidos = [] if problemas else [r.read_bytes() for r in rutas]
    with cat.transaccion("adjuntar documentos a un punto") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        punto = _punto(orden_del_dia(tx, ses.id), numero, ses)
        docs = []
        for ref in referencias:
            try:
                doc = resolver_documento(tx, ref)
            except DocumentoAmbiguo as e:
                problemas.append(Problema(str(ref), e.mensaje))
                continue
            except NoEncontrado:
                problemas.append(Problema(str(ref), "no existe ese documento", SUGERENCIA_REFERENCIA))
                continue
            problemas += problemas_documento(doc, str(ref))
            docs.append(doc)
        if problemas:
            raise EntradaInvalida(f"No se adjuntó nada al punto {punto.numero}: {len(problemas)} problema(s):",
                                  problemas)
        if rutas:
            exp = asegurar_expediente(tx, ses)
        for ruta, datos in zip(rutas, contenidos, strict=True):
            digest = hashlib.sha256(datos).hexdigest()
            previo = tx.uno("SELECT d.id FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                            "WHERE a.sha256 = ? AND d.estado != 'cancelado' ORDER BY d.id LIMIT 1", (digest,))
            if previo:
                docs.append(documentos.obtener(tx, previo["id"]))
                continue
            docs.append(documentos.emitir_en(
                tx, tipo="importado", asunto=asunto or _asunto_de_archivo(ruta), expediente=exp,
                construir=lambda _folio, datos=datos: datos, serie=None, extension=".pdf", fecha=fecha,
                nombre_archivo=ruta.name, estado="importado", origen="importado"))
        return _adjuntar_en(tx, ses, punto, docs)


SUGERENCIA_REFERENCIA = ("escriba el folio completo (p. ej. IEA/DEVySPE/045/2025), el número de un acuerdo importado "
                         "tal como aparece en él (p. ej. IEM-CG-24/2014) o el número del archivo (#12)")


class DocumentoAmbiguo(NoEncontrado):
    """Several imported documents carry the number given: the user must choose one."""


def _numero_plano(texto: str) -> str:
    return re.sub(r"\s+", "", str(texto)).upper()


def resolver_documento(cat: Catalogo | Transaccion, referencia: str | int) -> documentos.Documento:
    """A document by its folio, its number in the archive (#12), or — for an imported document — the number it
    carries as written in it («IEM-CG-24/2014», spaces and case aside). The one not cancelled wins; two
    documents carrying the same number are named so the user can choose by folio or number."""
    try:
        return documentos.obtener(cat, referencia)
    except NoEncontrado:
        pass
    texto = str(referencia).strip()
    plano = _numero_plano(texto)
    encontrados = [documentos.obtener(cat, f["documento_id"]) for f in cat.todos(
        "SELECT i.documento_id FROM importaciones i JOIN documentos d ON d.id = i.documento_id "
        "WHERE i.numero IS NOT NULL AND upper(replace(i.numero, ' ', '')) = ? ORDER BY d.estado = 'cancelado', "
        "d.id", (plano,))] if plano else []
    vigentes = [d for d in encontrados if d.estado != "cancelado"] or encontrados
    if len(vigentes) == 1:
        return vigentes[0]
    if len(vigentes) > 1:
        cuales = "; ".join(f"#{d.id} «{d.asunto}» ({d.fecha})" for d in vigentes[:5])
        raise DocumentoAmbiguo(f"Hay {len(vigentes)} documentos importados con el número «{texto}»: {cuales}. "
                           "Indique cuál por su número (#N).")
    raise NoEncontrado(f"No hay un documento con el folio o el número «{texto}»: {SUGERENCIA_REFERENCIA}.")


def marcar_sin_documentos(cat: Catalogo, sesion_id: int | str, numero: str, valor: bool = True) -> None:
    """Mark (or unmark) a point as one that takes no documents."""
    editar_punto(cat, sesion_id, numero, sin_documentos=valor)


def desadjuntar(cat: Catalogo, sesion_id: int | str, numero: str, referencia: str | int) -> documentos.Documento:
    """Detach a document from a point (the document itself stays in the archive)."""
    with cat.transaccion("quitar documento de un punto") as tx:
        ses = obtener(tx, sesion_id)
        exigir_programada(ses)
        punto = _punto(orden_del_dia(tx, ses.id), numero, ses)
        doc = documentos.obtener(tx, referencia)
        if doc.id not in {d.id for d in punto.documentos}:
            raise NoEncontrado(f"El documento {doc.etiqueta} no está en el punto {punto.numero}.")
        tx.execute("DELETE FROM punto_documentos WHERE punto_id = ? AND documento_id = ?", (punto.id, doc.id))
        restantes = [d.id for d in punto.documentos if d.id != doc.id]
        for i, doc_id in enumerate(restantes, start=1):
            tx.execute("UPDATE punto_documentos SET orden = ? WHERE punto_id = ? AND documento_id = ?",
                       (i, punto.id, doc_id))
        tx.registrar("sesion", ses.id, {"punto": punto.numero, "documento": doc.etiqueta}, None)
    return doc


@dataclass
class Candidato:
    """A document the search found for a point, with the fragments that matched (to help choose)."""

    documento: documentos.Documento
    puntuacion: float
    fragmentos: list[str]


def buscar_documentos(cat: Catalogo, consulta: str, *, limite: int = 5) -> tuple[list[Candidato], list[str]]:
    """Documents that could go in a point, found with the archive's search (best first), and the search's notes
    for the user (e.g. that the index was rebuilt).

    Left out: cancelled documents, carpetas, and files the carpeta cannot hold (only Word and PDF).
    """
    if not consulta.strip():
        raise EntradaInvalida("La búsqueda está vacía; escriba las palabras o el folio que busca.")
    candidatos: list[Candidato] = []
    encontrados = busqueda.buscar(cat, consulta, limite=limite * 3)
    for r in encontrados:
        try:
            doc = documentos.obtener(cat, r.id)
        except NoEncontrado:  # the index may lag behind the catalog by a document
            continue
        if (doc.estado == "cancelado" or doc.tipo == "carpeta" or not doc.ruta
                or Path(doc.ruta).suffix.lower() not in EXTENSIONES_CARPETA):
            continue
        candidatos.append(Candidato(doc, r.puntuacion, list(r.fragmentos)))
        if len(candidatos) == limite:
            break
    return candidatos, list(encontrados.avisos)


def revisar_pdf(ruta: Path) -> Problema | None:
    """Why a PDF cannot be imported into a session (missing, not a PDF, damaged, encrypted, empty), or None."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    lugar = str(ruta)
    if not ruta.is_file():
        return Problema(lugar, "el archivo no existe", "revise la ruta")
    if ruta.suffix.lower() != ".pdf":
        return Problema(lugar, "no es un PDF", "convierta el archivo a PDF o adjúntelo por folio si ya está en el archivo")
    with open(ruta, "rb") as f:
        inicio = f.read(1024)
    if b"%PDF-" not in inicio:
        return Problema(lugar, "el archivo tiene extensión .pdf pero no es un PDF", "ábralo y guárdelo de nuevo como PDF")
    try:
        lector = PdfReader(ruta, strict=False)
        if lector.is_encrypted and not lector.decrypt(""):
            return Problema(lugar, "el PDF está protegido con contraseña",
                            "pida una versión sin contraseña: la carpeta no puede incluirlo")
        if len(lector.pages) == 0:
            return Problema(lugar, "el PDF no tiene páginas")
        for pagina in lector.pages:
            _ = pagina.mediabox
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        return Problema(lugar, f"el PDF está dañado y no se puede leer: {pdf.describir_error(e)}",
                        "ábralo y guárdelo de nuevo como PDF, o pida otra copia")
    return None


def _asunto_de_archivo(ruta: Path) -> str:
    texto = re.sub(r"[_]+", " ", ruta.stem).strip()
    return texto[:1].upper() + texto[1:] if texto else ruta.name


def asegurar_expediente(tx: Transaccion, ses: Sesion) -> exps.Expediente:
    """The session's expediente, created (with the session's title) the first time something is filed in it."""
    exp = exps.asegurar(tx, "sesion", str(ses.id), ses.titulo,
                        fecha=min(date.today(), formato.a_fecha(ses.fecha)),
                        nombre_carpeta=f"{ses.organo} {ses.nombre}")
    if ses.expediente_id != exp.id:
        tx.execute("UPDATE sesiones SET expediente_id = ? WHERE id = ?", (exp.id, ses.id))
        ses.expediente_id = exp.id
    return exp


_expediente = asegurar_expediente  # the name compromisos.expediente_sesion calls


# --- orden del día document ----------------------------------------------------------------------


def _docx_orden_del_dia(raiz: Raiz, ses: Sesion, puntos: list[Punto], fecha: date | None = None) -> bytes:
    """The orden del día from the ``orden-del-dia`` template (the archive's own if it edited it) and the membrete."""
    config = raiz.config
    contexto = compilacion.contexto_sistema(raiz, fecha=fecha)
    contexto.update({
        "organo_colegiado": ses.organo_nombre, "sesion": ses.nombre, "fecha_sesion": formato.a_fecha(ses.fecha),
        "hora": ses.hora or "", "lugar_sesion": ses.lugar or "",
        "puntos": [{"numero": p.numero, "titulo": p.titulo, "nivel": p.nivel} for p in recorrer(puntos)],
        "secretaria_tecnica": config.organo_enlace["nombre"],
    })
    return compilacion.documento(raiz, "orden-del-dia", contexto, tuple(config.dias_inhabiles))


def emitir_orden_del_dia(cat: Catalogo, sesion_id: int | str, *, fecha: date | None = None) -> documentos.Documento:
    """The orden del día as a Word document, filed (without folio) in the session's expediente.

    Issuing it again files a new version that names the previous one (never overwrites it).
    """
    with cat.transaccion("emitir orden del día") as tx:
        ses = obtener(tx, sesion_id)
        puntos = orden_del_dia(tx, ses.id)
        if not puntos:
            raise EntradaInvalida(f"La {ses.nombre.lower()} no tiene puntos en su orden del día; agréguelos con "
                                  f"«archivo sesion punto agregar {ses.id} \"TÍTULO\"».")
        exp = asegurar_expediente(tx, ses)
        previo = tx.uno("SELECT id FROM documentos WHERE expediente_id = ? AND tipo = 'orden-del-dia' "
                        "AND estado != 'cancelado' ORDER BY id DESC LIMIT 1", (exp.id,))
        contenido = _docx_orden_del_dia(cat.raiz, ses, puntos, fecha)
        return documentos.emitir_en(
            tx, tipo="orden-del-dia", asunto=f"Orden del día de la {ses.nombre.lower()} ({ses.organo_nombre})",
            expediente=exp, construir=lambda _folio: contenido, serie=None, fecha=fecha,
            nombre_archivo=f"orden-del-dia-{slug(ses.nombre)}.docx",
            sustituye_a=previo["id"] if previo else None,
            datos={"sesion": ses.id, "puntos": [p.como_dict() for p in puntos]})




# --- what needs attention (the portal's tablero) ------------------------------------------------------------

def _proximas(cat: Catalogo, hoy: date) -> list[pendientes.Pendiente]:
    """The programmed sessions of the next two months: the deadline to send their documents (días hábiles) and
    the points of their orden del día that have no document yet."""
    limite = (hoy + timedelta(days=62)).isoformat()
    salida = []
    for f in cat.todos("SELECT id FROM sesiones WHERE estado = 'programada' AND fecha >= ? AND fecha <= ? "
                       "ORDER BY fecha", (hoy.isoformat(), limite)):
        ses = obtener(cat, f["id"])
        p = plazo(cat.raiz, ses, hoy=hoy)
        puntos = recorrer(orden_del_dia(cat, ses.id))
        vacios = [x.numero for x in puntos if not x.documentos and not x.subpuntos]
        faltan = ("sin orden del día" if not puntos else
                  f"puntos sin documentos: {', '.join(vacios)}" if vacios else "todos los puntos tienen documentos")
        salida.append(pendientes.Pendiente(
            f"{ses.titulo}, {formato.fecha_larga(formato.a_fecha(ses.fecha))}", "sesion", str(ses.id),
            p.fecha_limite.isoformat(), p.restantes is not None and p.restantes <= 1, f"{p.texto} · {faltan}"))
    return salida


pendientes.registrar(pendientes.Seccion("sesiones", "Próximas sesiones: plazo y orden del día", _proximas, orden=40,
                                        vacio="No hay sesiones programadas en los próximos dos meses."))
