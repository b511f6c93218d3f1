"""Documents: issue (with folio), file into expedientes, cancel, list.

``emitir_en`` is the one way any capability files a document: it assigns the folio of the series (gapless, inside
the caller's transaction), builds the bytes, writes the file atomically into the expediente (never over an existing
one), keeps the input data as JSON beside it, records SHA-256s, links personas (their expedientes list the same
file, no copies), marks the procedure step hecho, queues the document for the search index and marks the affected
expedientes' carátulas for regeneration after commit.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from archivo.archivistica import expedientes as exps
from archivo.archivistica import folios
from archivo.archivistica.expedientes import NOMBRES_TIPO
from archivo.base import pendientes
from archivo.base.catalogo import TAREA_INDEXAR, Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.fsutil import sha256_bytes, slug
from archivo.base.raiz import Raiz
from archivo.base.valores import a_id

ESTADOS = ("borrador", "emitido", "cancelado", "importado")
# The key of a document's ``.datos.json`` that holds what the catalog knows of it (see ``_registro``).
CLAVE_REGISTRO = "_documento"


@dataclass
class Documento:
    id: int
    folio: str | None
    serie: str | None
    area: str | None
    anio: int | None
    consecutivo: int | None
    tipo: str
    estado: str
    origen: str
    fecha: str
    asunto: str
    expediente_id: int
    procedimiento_id: int | None
    paso: int | None
    plantilla: str | None
    plantilla_sha256: str | None
    datos_sha256: str | None
    sustituye_a: int | None
    creado: str
    creado_por: str
    cancelado: str | None
    cancelado_por: str | None
    motivo_cancelacion: str | None
    ruta: str | None = None
    sha256: str | None = None
    datos_ruta: str | None = None
    personas: list[str] = field(default_factory=list)

    def archivo(self, raiz: Raiz) -> Path:
        if not self.ruta:
            raise ArchivoError(f"El documento {self.etiqueta} no tiene archivo.")
        return raiz.absoluta(self.ruta)

    @property
    def etiqueta(self) -> str:
        return self.folio or f"#{self.id}"

    def como_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["tipo_nombre"] = NOMBRES_TIPO.get(self.tipo, self.tipo)
        return d


_SELECT = (
    "SELECT d.*, a.ruta AS ruta, a.sha256 AS sha256, j.ruta AS datos_ruta FROM documentos d "
    "LEFT JOIN archivos a ON a.id = d.archivo_id LEFT JOIN archivos j ON j.id = d.datos_archivo_id"
)


def _de_fila(cat: Catalogo | Transaccion, fila: Any) -> Documento:
    valores = {f.name: fila[f.name] for f in fields(Documento) if f.name != "personas"}
    personas = [r[0] for r in cat.todos(
        "SELECT persona_clave FROM documento_personas WHERE documento_id = ? ORDER BY persona_clave", (fila["id"],))]
    return Documento(**valores, personas=personas)


def obtener(cat: Catalogo | Transaccion, folio_o_id: str | int) -> Documento:
    """A document by folio (exact) or by its number (#12 or 12)."""
    texto = str(folio_o_id).strip()
    fila = cat.uno(f"{_SELECT} WHERE d.folio = ?", (texto,))
    if fila is None and (ident := a_id(texto)) is not None:
        fila = cat.uno(f"{_SELECT} WHERE d.id = ?", (ident,))
    if fila is None:
        raise NoEncontrado(f"No existe el documento «{texto}». Use el folio completo (p. ej. IEA/DEVySPE/045/2024) "
                           "o el número que muestra «archivo documento lista».")
    return _de_fila(cat, fila)


def _condiciones(procedimiento_id: int | None, persona: str | None, tipo: str | None, expediente_id: int | None,
                 estado: str | None, anio: int | None, origen: str | None = None) -> tuple[str, list[Any]]:
    condiciones: list[str] = []
    params: list[Any] = []
    if procedimiento_id is not None:
        condiciones.append("d.procedimiento_id = ?")
        params.append(procedimiento_id)
    if persona:
        condiciones.append("d.id IN (SELECT documento_id FROM documento_personas WHERE persona_clave = ?)")
        params.append(persona)
    if tipo:
        condiciones.append("d.tipo = ?")
        params.append(tipo)
    if expediente_id is not None:
        condiciones.append("d.expediente_id = ?")
        params.append(expediente_id)
    if estado:
        condiciones.append("d.estado = ?")
        params.append(estado)
    if anio:
        condiciones.append("substr(d.fecha, 1, 4) = ?")
        params.append(str(anio))
    if origen:
        condiciones.append("d.origen = ?")
        params.append(origen)
    return (f" WHERE {' AND '.join(condiciones)}" if condiciones else ""), params


def lista(cat: Catalogo | Transaccion, *, procedimiento_id: int | None = None, persona: str | None = None,
          tipo: str | None = None, expediente_id: int | None = None, estado: str | None = None,
          anio: int | None = None, origen: str | None = None, limite: int | None = None, desde: int = 0,
          recientes_primero: bool = False) -> list[Documento]:
    """Documents in date order (``recientes_primero``: newest first), filtered; ``limite``/``desde`` for a page."""
    donde, params = _condiciones(procedimiento_id, persona, tipo, expediente_id, estado, anio, origen)
    orden = "d.fecha DESC, d.id DESC" if recientes_primero else "d.fecha, d.id"
    pagina = ""
    if limite is not None:
        pagina = " LIMIT ? OFFSET ?"
        params = [*params, int(limite), int(desde)]
    return [_de_fila(cat, f) for f in cat.todos(f"{_SELECT}{donde} ORDER BY {orden}{pagina}", params)]


def contar(cat: Catalogo | Transaccion, *, procedimiento_id: int | None = None, persona: str | None = None,
           tipo: str | None = None, expediente_id: int | None = None, estado: str | None = None,
           anio: int | None = None, origen: str | None = None) -> int:
    donde, params = _condiciones(procedimiento_id, persona, tipo, expediente_id, estado, anio, origen)
    return int(cat.uno(f"SELECT COUNT(*) FROM documentos d{donde}", params)[0])


def tipos_usados(cat: Catalogo | Transaccion) -> list[tuple[str, str]]:
    """(tipo, nombre) of the document types the archive holds, for filter lists."""
    tipos: list[str] = []
    fila = cat.uno("SELECT min(tipo) FROM documentos")
    while fila is not None and fila[0] is not None:  # one index seek per type, not a scan of every document
        tipos.append(fila[0])
        fila = cat.uno("SELECT min(tipo) FROM documentos WHERE tipo > ?", (fila[0],))
    return [(t, NOMBRES_TIPO.get(t, t)) for t in tipos]


MAX_NOMBRE = 255  # bytes of a file name on the usual file systems (ext4, NTFS, APFS)


def anios(cat: Catalogo | Transaccion) -> list[int]:
    """The years that have documents, the most recent first (the «Año» filter of the document list)."""
    anios: list[int] = []
    fila = cat.uno("SELECT max(fecha) FROM documentos")
    while fila is not None and fila[0]:  # one seek on the index of dates per year, not a scan of every document
        anio = str(fila[0])[:4]
        if anio.isdigit():
            anios.append(int(anio))
        fila = cat.uno("SELECT max(fecha) FROM documentos WHERE fecha < ?", (anio,))
    return anios


def solo_borradores(cat: Catalogo | Transaccion, ids: list[int]) -> list[int]:
    """Of ``ids``, those still borradores (a batch's preview: some may have been issued or discarded since)."""
    return [i for i in ids if cat.uno("SELECT 1 FROM documentos WHERE id = ? AND estado = 'borrador'", (i,))]


def _acotar(tronco: str, resto: str) -> str:
    """``tronco + resto`` cut (in ``tronco``, on a character boundary) to fit in ``MAX_NOMBRE`` bytes, leaving room
    for the data file beside it (``.datos.json``)."""
    limite = MAX_NOMBRE - len(b".datos.json")
    sobra = len((tronco + resto).encode("utf-8")) - limite
    if sobra > 0:
        tronco = tronco.encode("utf-8")[: max(len(tronco.encode("utf-8")) - sobra, 1)].decode("utf-8", "ignore")
    return tronco.rstrip() + resto


def _nombre_libre(carpeta: Path, nombre: str, tx: Transaccion) -> Path:
    """``nombre`` inside ``carpeta``, with -2, -3… before the extension if taken (on disk or in the catalog); a name
    too long for the file system is shortened (before the extension), so two long names never collide into an
    error."""
    base = Path(nombre)
    candidato = carpeta / _acotar(base.stem, base.suffix)
    n = 2
    while candidato.exists() or tx.uno("SELECT 1 FROM archivos WHERE ruta = ?",
                                       (tx.catalogo.raiz.relativa(candidato),)):
        candidato = carpeta / _acotar(base.stem, f"-{n}{base.suffix}")
        n += 1
    return candidato


def _nombre_original_seguro(nombre: str) -> str:
    """An imported file keeps its name, but only its last component and never a hidden or parent name, nor one
    that is not valid text (a byte of another encoding)."""
    limpio = Path(nombre.replace("\\", "/")).name.strip()
    if not limpio or limpio in (".", "..") or limpio.startswith("."):
        raise EntradaInvalida(f"El nombre de archivo «{nombre_visible(nombre)}» no es válido.")
    try:
        limpio.encode("utf-8")
    except UnicodeEncodeError:
        raise EntradaInvalida(
            f"El nombre de archivo «{nombre_visible(nombre)}» tiene bytes que no son texto UTF-8 (se escribió con "
            "otra codificación); cámbiele el nombre y vuelva a intentarlo.") from None
    return limpio


def nombre_visible(nombre: str | Path) -> str:
    """A file name as it can be shown: bytes that are not UTF-8 as \\xNN instead of failing."""
    return os.fsencode(str(nombre)).decode("utf-8", "backslashreplace")


def emitir_en(tx: Transaccion, *, tipo: str, asunto: str, expediente: exps.Expediente,
              construir: Callable[[str | None], bytes], serie: str | None, area: str | None = None,
              fecha: date | None = None, personas: Sequence[str] = (), procedimiento_id: int | None = None,
              paso: int | None = None, plantilla: str | None = None, plantilla_sha256: str | None = None,
              datos: dict[str, Any] | None = None, sustituye_a: int | None = None, extension: str = ".docx",
              nombre_archivo: str | None = None, estado: str = "emitido", origen: str = "generado",
              indexar: bool = True, archivo_existente: Path | None = None) -> Documento:
    """File a document inside the caller's transaction (see the module docstring).

    ``archivo_existente``: a file already in the expediente's folder that the catalog does not know («archivo
    recuperar» registers documents where they are); it is registered as it is, never rewritten."""
    cat = tx.catalogo
    raiz = cat.raiz
    config = raiz.config
    if estado not in ("emitido", "importado", "borrador"):
        raise ValueError(estado)
    exps.exigir_abierto(expediente)
    fecha = fecha or date.today()
    if not asunto.strip():
        raise EntradaInvalida("El documento necesita un asunto.")
    personas = list(dict.fromkeys(personas))
    for clave in personas:
        if not tx.uno("SELECT 1 FROM personas WHERE clave = ?", (clave,)):
            raise NoEncontrado(f"No existe en el padrón la persona con clave «{clave}».")
    if sustituye_a is not None and not tx.uno("SELECT 1 FROM documentos WHERE id = ?", (sustituye_a,)):
        raise NoEncontrado(f"No existe el documento {sustituye_a} que se quiere sustituir.")

    folio = consecutivo = None
    area = area or config.organo_enlace["siglas"]
    if serie is not None and estado == "emitido":
        config.exigir_datos_reales("No se puede emitir un folio")  # a folio is never reused: only with real data
        config.area(area)  # the área must exist
        consecutivo, folio = folios.siguiente(tx, config, serie, area, fecha.year)
    tipo_archivo = "borrador" if estado == "borrador" else "documento"
    if archivo_existente is not None:
        destino = Path(archivo_existente)
        archivo_id = tx.registrar_archivo_existente(destino, tipo=tipo_archivo)
    else:
        data = construir(folio)
        carpeta = expediente.carpeta(raiz)
        if estado == "borrador":
            carpeta = carpeta / "borradores"
        if nombre_archivo:
            destino = _nombre_libre(carpeta, _nombre_original_seguro(nombre_archivo), tx)
        else:
            etiqueta = slug(folio, max_length=80) if folio else slug(f"{tipo} {asunto}", max_length=50)
            destino = _nombre_libre(carpeta, f"{fecha.isoformat()}_{etiqueta}{extension}", tx)
        archivo_id = tx.escribir_archivo(destino, data, tipo=tipo_archivo)

    datos_id = datos_sha = None
    if datos is not None:
        registro = dict(datos)
        registro[CLAVE_REGISTRO] = _registro(
            tx, folio=folio, serie=serie if folio else None, area=area if folio else None,
            anio=fecha.year if folio else None, consecutivo=consecutivo, tipo=tipo, estado=estado, origen=origen,
            fecha=fecha, asunto=asunto.strip(), expediente=expediente, procedimiento_id=procedimiento_id, paso=paso,
            plantilla=plantilla, personas=personas, sustituye_a=sustituye_a)
        texto = json.dumps(registro, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode("utf-8")
        datos_sha = sha256_bytes(texto)
        datos_id = tx.escribir_archivo(destino.with_name(destino.stem + ".datos.json"), texto, tipo="datos")

    cur = tx.execute(
        "INSERT INTO documentos (folio, serie, area, anio, consecutivo, tipo, estado, origen, fecha, asunto, "
        "expediente_id, procedimiento_id, paso, plantilla, plantilla_sha256, datos_sha256, archivo_id, "
        "datos_archivo_id, sustituye_a, creado, creado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        (folio, serie if folio else None, area if folio else None, fecha.year if folio else None, consecutivo,
         tipo, estado, origen, fecha.isoformat(), asunto.strip(), expediente.id, procedimiento_id, paso, plantilla,
         plantilla_sha256, datos_sha, archivo_id, datos_id, sustituye_a, tx.momento, cat.usuario),
    )
    doc_id = int(cur.lastrowid)
    tx.conn.executemany("INSERT INTO documento_personas (documento_id, persona_clave) VALUES (?, ?)",
                        [(doc_id, p) for p in personas])
    afectados = [expediente.id]
    for clave in personas:
        exp_p = exps.buscar(tx, "persona", clave)
        if exp_p is not None:
            afectados.append(exp_p.id)
    if estado != "borrador":
        exps.marcar_cambio(tx, afectados)
        if indexar:
            tx.execute("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)", (doc_id,))
            _programar_indexado(tx)
    doc = obtener(tx, doc_id)
    tx.registrar("documento", doc.etiqueta, None, {
        "folio": folio, "tipo": tipo, "estado": estado, "asunto": doc.asunto, "ruta": doc.ruta,
        "sha256": doc.sha256, "expediente": expediente.numero, "personas": personas,
        "sustituye_a": sustituye_a})
    return doc


def _registro(tx: Transaccion, *, folio: str | None, serie: str | None, area: str | None, anio: int | None,
              consecutivo: int | None, tipo: str, estado: str, origen: str, fecha: date, asunto: str,
              expediente: exps.Expediente, procedimiento_id: int | None, paso: int | None, plantilla: str | None,
              personas: list[str], sustituye_a: int | None) -> dict[str, Any]:
    """What the catalog knows of a document, kept in its ``.datos.json``: «archivo recuperar» rebuilds the
    numbering, the documents, their expedientes, procedures and personas from it if the catalog is lost."""
    proc = None
    if procedimiento_id is not None:
        fila = tx.uno("SELECT id, mecanismo, tipo, titulo, estado, abierto, abierto_por FROM procedimientos "
                      "WHERE id = ?", (procedimiento_id,))
        proc = dict(fila) if fila else None
    filas_personas = [dict(f) for f in tx.todos(
        f"SELECT * FROM personas WHERE clave IN ({','.join('?' * len(personas))})", personas)] if personas else []
    sustituye = None
    if sustituye_a is not None:
        fila = tx.uno("SELECT folio FROM documentos WHERE id = ?", (sustituye_a,))
        sustituye = fila["folio"] if fila else None
    return {
        "version": 1, "folio": folio, "serie": serie, "area": area, "anio": anio, "consecutivo": consecutivo,
        "tipo": tipo, "estado": estado, "origen": origen, "fecha": fecha.isoformat(), "asunto": asunto,
        "plantilla": plantilla, "paso": paso, "sustituye": sustituye, "creado": tx.momento,
        "creado_por": tx.catalogo.usuario, "expediente": expediente.como_dict(), "procedimiento": proc,
        "personas": filas_personas,
    }


def _programar_indexado(tx: Transaccion) -> None:
    """The search index picks up ``indice_pendientes`` after commit (``busqueda`` registers the work)."""
    tx.programar(TAREA_INDEXAR)


def emitir(cat: Catalogo, accion: str = "emitir documento", **argumentos: Any) -> Documento:
    """``emitir_en`` in its own transaction."""
    with cat.transaccion(accion) as tx:
        return emitir_en(tx, **argumentos)


def cancelar(cat: Catalogo, folio: str, motivo: str) -> Documento:
    """Record a cancellation: the document keeps its folio (never reused) and its file."""
    if not motivo or not motivo.strip():
        raise EntradaInvalida("Indique el motivo de la cancelación con --motivo.")
    with cat.transaccion("cancelar documento") as tx:
        doc = obtener(tx, folio)
        if doc.estado == "cancelado":
            raise ArchivoError(f"El documento {doc.etiqueta} ya estaba cancelado desde el {doc.cancelado}.")
        if doc.estado != "emitido":
            raise ArchivoError(f"Solo se cancelan documentos emitidos; {doc.etiqueta} está en estado «{doc.estado}».")
        tx.execute("UPDATE documentos SET estado = 'cancelado', cancelado = ?, cancelado_por = ?, "
                   "motivo_cancelacion = ? WHERE id = ?", (tx.momento, cat.usuario, motivo.strip(), doc.id))
        tx.registrar("documento", doc.etiqueta, {"estado": doc.estado},
                     {"estado": "cancelado", "motivo": motivo.strip()})
        tx.execute("INSERT OR IGNORE INTO indice_pendientes (documento_id) VALUES (?)", (doc.id,))
        _programar_indexado(tx)
        afectados = [doc.expediente_id] + [e.id for e in (exps.buscar(tx, "persona", p) for p in doc.personas) if e]
        exps.marcar_cambio(tx, afectados)
    return obtener(cat, doc.id)


def sustituido_por(cat: Catalogo | Transaccion, doc_id: int) -> list[Documento]:
    return [_de_fila(cat, f) for f in cat.todos(f"{_SELECT} WHERE d.sustituye_a = ? ORDER BY d.id", (doc_id,))]


# --- what needs attention (the portal's tablero) ------------------------------------------------------------

def _borradores(cat: Catalogo, hoy: date) -> list[pendientes.Pendiente]:
    filas = cat.todos("SELECT id, tipo, asunto, creado, creado_por FROM documentos WHERE estado = 'borrador' "
                      "ORDER BY creado")
    return [pendientes.Pendiente(f"{NOMBRES_TIPO.get(f['tipo'], f['tipo'])}: {f['asunto']}", "documento", str(f["id"]),
                                 f["creado"][:10], False, f"borrador de {f['creado_por']}") for f in filas]


pendientes.registrar(pendientes.Seccion("borradores", "Borradores por emitir", _borradores, orden=20,
                                        vacio="No hay borradores esperando su folio."))
