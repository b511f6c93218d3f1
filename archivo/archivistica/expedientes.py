"""Expedientes: one folder per persona, procedure, mecanismo (risk register), session and acervo year.

Each expediente has a carátula (cover sheet with the Ley General de Archivos fields) and an índice (its documents in
order). Both are derived files: marked stale in the transaction that changes the expediente and regenerated after
commit (``regenerar_pendientes``), so a crash can at worst leave them stale, never wrong for long.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from archivo.archivistica import clasificacion, fojas
from archivo.base.catalogo import Catalogo, Transaccion, registrar_tarea
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import safe_join, slug
from archivo.base.raiz import Raiz
from archivo.base.valores import a_id
from archivo.plantillas import compilacion
from archivo.word import conversion

TIPOS = {
    "persona": "Expediente personal",
    "procedimiento": "Procedimiento",
    "mecanismo": "Mecanismo (administración de riesgos)",
    "sesion": "Sesión",
    "acervo": "Acervo documental",
}
CARATULA = "caratula.docx"
INDICE = "indice.docx"


# Post-commit work: the carátulas and índices of the expedientes a transaction changed are refreshed (the name is
# defined by ``clasificacion``, which changes expedientes too and cannot import this module).
TAREA_CARATULAS = clasificacion.TAREA_CARATULAS

# Document types as users name them (carátulas, índices, lists).
NOMBRES_TIPO = {
    "oficio": "Oficio",
    "tarjeta-informativa": "Tarjeta informativa",
    "circular": "Circular",
    "acuerdo-comision": "Acuerdo de la Comisión",
    "acuerdo-consejo": "Acuerdo del Consejo General",
    "dictamen": "Dictamen",
    "informe": "Informe",
    "lista": "Lista",
    "programa": "Programa",
    "orden-del-dia": "Orden del día",
    "carpeta": "Carpeta de sesión",
    "importado": "Documento importado",
    "inventario": "Inventario documental",
    "guia-archivo": "Guía de archivo documental",
}

# Where an expediente is in its archival life (Ley General de Archivos).
FASES = {
    "tramite": "Archivo de trámite",
    "concentracion": "Archivo de concentración",
    "historico": "Archivo histórico",
    "baja": "Dado de baja",
}


@dataclass
class Expediente:
    id: int
    tipo: str
    referencia: str
    numero: str
    titulo: str
    ruta: str
    area: str
    fondo: str
    seccion: str
    serie: str
    valores: str
    vigencia_anios: int
    clasificacion: str
    fecha_apertura: str
    fecha_cierre: str | None
    estado: str
    caratula_vigente: int = 0
    serie_id: int | None = None
    fase: str = "tramite"
    fecha_fase: str | None = None
    caja: str | None = None
    estante: str | None = None
    datos_personales: int = 0

    def carpeta(self, raiz: Raiz) -> Path:
        return raiz.absoluta(self.ruta)

    @property
    def ubicacion(self) -> str:
        """Where the expediente is: the archive and, outside trámite, its caja and estante."""
        if self.fase == "tramite":
            return f"{FASES['tramite']} ({self.area})"
        partes = [FASES.get(self.fase, self.fase)]
        if self.caja:
            partes.append(f"caja {self.caja}")
        if self.estante:
            partes.append(f"estante {self.estante}")
        return ", ".join(partes)

    def como_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "caratula_vigente"}
        d["fase_nombre"] = FASES.get(self.fase, self.fase)
        d["ubicacion"] = self.ubicacion
        return d


def _de_fila(fila: Any) -> Expediente:
    return Expediente(**{f.name: fila[f.name] for f in fields(Expediente)})


def buscar(cat: Catalogo | Transaccion, tipo: str, referencia: str) -> Expediente | None:
    fila = cat.uno("SELECT * FROM expedientes WHERE tipo = ? AND referencia = ?", (tipo, str(referencia)))
    return _de_fila(fila) if fila else None


def obtener(cat: Catalogo | Transaccion, tipo: str, referencia: str) -> Expediente:
    exp = buscar(cat, tipo, referencia)
    if exp is None:
        raise NoEncontrado(f"No existe el expediente de {TIPOS.get(tipo, tipo).lower()} «{referencia}».")
    return exp


def por_id(cat: Catalogo | Transaccion, expediente_id: int) -> Expediente:
    fila = cat.uno("SELECT * FROM expedientes WHERE id = ?", (expediente_id,))
    if fila is None:
        raise NoEncontrado(f"No existe el expediente {expediente_id}.")
    return _de_fila(fila)


def por_numero(cat: Catalogo | Transaccion, numero: str) -> Expediente:
    fila = cat.uno("SELECT * FROM expedientes WHERE numero = ?", (numero,))
    if fila is None:
        raise NoEncontrado(f"No existe el expediente con número «{numero}».")
    return _de_fila(fila)


def lista(cat: Catalogo, tipo: str | None = None) -> list[Expediente]:
    if tipo:
        filas = cat.todos("SELECT * FROM expedientes WHERE tipo = ? ORDER BY id", (tipo,))
    else:
        filas = cat.todos("SELECT * FROM expedientes ORDER BY id")
    return [_de_fila(f) for f in filas]


def pagina(cat: Catalogo, *, tipo: str | None = None, texto: str = "", limite: int = 50, desde: int = 0
           ) -> tuple[int, list[dict[str, Any]]]:
    """(how many match, one page of them, newest first, each with its count of documents other than
    borradores): the portal's list of expedientes by type and by words of its title, number or reference."""
    condiciones, params = [], []
    if tipo:
        condiciones.append("tipo = ?")
        params.append(tipo)
    if texto:
        condiciones.append("(titulo LIKE ? OR numero LIKE ? OR referencia LIKE ?)")
        params += [f"%{texto}%"] * 3
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    total = cat.uno(f"SELECT COUNT(*) FROM expedientes{donde}", params)[0]
    # the page first, then its counts (counting the documents of every expediente before sorting cost 12 ms)
    filas = cat.todos(f"SELECT e.*, (SELECT COUNT(*) FROM documentos d WHERE d.expediente_id = e.id AND "
                      f"d.estado != 'borrador') AS documentos FROM (SELECT * FROM expedientes{donde} ORDER BY id "
                      "DESC LIMIT ? OFFSET ?) e ORDER BY e.id DESC", (*params, limite, desde))
    return total, [dict(f) for f in filas]


def cuentas_por_tipo(cat: Catalogo) -> dict[str, int]:
    return {f[0]: f[1] for f in cat.todos("SELECT tipo, COUNT(*) FROM expedientes GROUP BY tipo")}


def derivado_listo(cat: Catalogo, raiz: Raiz, exp: Expediente, nombre: str) -> Path | None:
    """The expediente's carátula or índice (``CARATULA``/``INDICE``) once generated and recorded, else None."""
    ruta = exp.carpeta(raiz) / nombre
    return ruta if cat.uno("SELECT 1 FROM archivos WHERE ruta = ?", (raiz.relativa(ruta),)) else None


def _ruta_relativa(tipo: str, referencia: str, titulo: str, anio: int) -> list[str]:
    if tipo == "persona":
        return ["expedientes", "personal", slug(f"{referencia} {titulo}", max_length=80)]
    if tipo == "procedimiento":
        return ["expedientes", "procedimientos", f"{anio}-{int(referencia):04d}-{slug(titulo, max_length=60)}"]
    if tipo == "mecanismo":
        return ["expedientes", "mecanismos", slug(referencia)]
    if tipo == "sesion":
        return ["expedientes", "sesiones", f"{anio}-{slug(referencia)}-{slug(titulo, max_length=60)}"]
    if tipo == "acervo":
        return ["acervo", slug(referencia)]
    raise ArchivoError(f"Tipo de expediente desconocido: {tipo}.")


def asegurar(tx: Transaccion, tipo: str, referencia: str, titulo: str, *, area: str | None = None,
             fecha: date | None = None, nombre_carpeta: str | None = None,
             mecanismo: str | None = None) -> Expediente:
    """Get or create the expediente (tipo, referencia) and its folder, inside the caller's transaction.

    ``nombre_carpeta`` overrides the text the folder name is derived from (e.g. a persona's name instead of the
    title "Expediente personal de …"). A new expediente gets the serie of the cuadro assigned to its type
    (``mecanismo``: a procedure's, for the subserie of its mecanismo); without one it stays listed as «sin
    clasificar» (``clasificacion.revisar``).
    """
    referencia = str(referencia)
    existente = buscar(tx, tipo, referencia)
    if existente is not None:
        return existente
    if tipo not in TIPOS:
        raise ArchivoError(f"Tipo de expediente desconocido: {tipo}.")
    raiz = tx.catalogo.raiz
    config = raiz.config
    # Its number and classification (fondo, institution) are fixed at creation: never with the example institution.
    config.exigir_datos_reales(f"No se puede crear el expediente «{titulo}»")
    fecha = fecha or date.today()
    area = area or config.organo_enlace["siglas"]
    clasificacion.preparar_en(tx)
    serie = clasificacion.serie_para(tx, tipo, referencia, mecanismo)
    datos_personales = tipo == "persona"
    textos = clasificacion.textos(tx, serie.id if serie else None, datos_personales)
    codigo_serie = serie.codigo if serie else tipo.upper()
    prefijo = f"{textos['fondo']}/{area}/{codigo_serie}/{fecha.year}/"
    usados = [f[0][len(prefijo):] for f in tx.todos(
        "SELECT numero FROM expedientes WHERE substr(numero, 1, ?) = ?", (len(prefijo), prefijo))]
    n = max((int(u) for u in usados if u.isdigit()), default=0) + 1
    numero = f"{prefijo}{n:04d}"
    partes = _ruta_relativa(tipo, referencia, nombre_carpeta or titulo, fecha.year)
    carpeta = safe_join(raiz.ruta, *partes)
    rel = raiz.relativa(carpeta)
    # Two titles can slug to the same folder: add a suffix rather than share a folder. A folder no expediente owns
    # that holds only a carátula and an índice (derived files: «archivo recuperar» could not tell whose it was) is
    # taken over; they are regenerated.
    sufijo = 2
    while tx.uno("SELECT 1 FROM expedientes WHERE ruta = ?", (rel,)) or (
            carpeta.exists() and any(p.name not in (CARATULA, INDICE) for p in carpeta.iterdir())):
        carpeta = carpeta.with_name(f"{carpeta.name.rsplit('--', 1)[0]}--{sufijo}")
        rel = raiz.relativa(carpeta)
        sufijo += 1
    anterior = leer_caratula(carpeta).get("Número de expediente") if carpeta.is_dir() else None
    if anterior and not tx.uno("SELECT 1 FROM expedientes WHERE numero = ?", (anterior,)):
        numero = anterior  # the folder taken over keeps the number its carátula already showed
    cur = tx.execute(
        "INSERT INTO expedientes (tipo, referencia, numero, titulo, ruta, area, fondo, seccion, serie, valores, "
        "vigencia_anios, clasificacion, fecha_apertura, serie_id, datos_personales, fecha_fase) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (tipo, referencia, numero, titulo, rel, area, textos["fondo"], textos["seccion"], textos["serie"],
         textos["valores"], textos["vigencia_anios"], textos["clasificacion"], fecha.isoformat(),
         serie.id if serie else None, int(datos_personales), fecha.isoformat()),
    )
    carpeta.mkdir(parents=True, exist_ok=True)
    exp = por_id(tx, int(cur.lastrowid))
    tx.registrar("expediente", exp.numero, None, exp.como_dict(), accion=tx.accion)
    marcar_cambio(tx, [exp.id])
    return exp


def leer_caratula(carpeta: Path) -> dict[str, str]:
    """What an expediente's carátula says (label -> value of its table); empty if there is none or it is unreadable.

    «archivo recuperar» reads it back when the catalog is lost."""
    ruta = carpeta / CARATULA
    if not ruta.is_file():
        return {}
    try:
        from docx import Document  # heavy library: imported where used (fast start)

        doc = Document(str(ruta))
        return {fila.cells[0].text.strip(): fila.cells[1].text.strip() for t in doc.tables for fila in t.rows
                if len(fila.cells) >= 2}
    except Exception:  # a damaged carátula (derived data): nothing is read from it
        return {}


def marcar_cambio(tx: Transaccion, ids: list[int]) -> None:
    """The expedientes changed: their carátula and índice are regenerated after commit."""
    if not ids:
        return
    marcas = ",".join("?" * len(ids))
    tx.execute(f"UPDATE expedientes SET caratula_vigente = 0 WHERE id IN ({marcas})", ids)
    tx.programar(TAREA_CARATULAS)


def documentos_de(cat: Catalogo | Transaccion, exp: Expediente) -> list[dict[str, Any]]:
    """The documents of an expediente, in order (for a persona: also those of procedures that concern it)."""
    columnas = ("d.id, d.folio, d.tipo, d.estado, d.origen, d.fecha, d.asunto, d.creado, a.ruta AS ruta, "
                "a.sha256 AS sha256, d.procedimiento_id, d.paso, d.plantilla")
    if exp.tipo == "persona":
        filas = cat.todos(
            f"SELECT {columnas} FROM documentos d LEFT JOIN archivos a ON a.id = d.archivo_id "
            "WHERE (d.expediente_id = ? OR d.id IN (SELECT documento_id FROM documento_personas "
            "WHERE persona_clave = ?)) AND d.estado != 'borrador' ORDER BY d.fecha, d.id",
            (exp.id, exp.referencia),
        )
    else:
        filas = cat.todos(
            f"SELECT {columnas} FROM documentos d LEFT JOIN archivos a ON a.id = d.archivo_id "
            "WHERE d.expediente_id = ? AND d.estado != 'borrador' ORDER BY d.fecha, d.id",
            (exp.id,),
        )
    return [dict(f) for f in filas]


def cerrar(cat: Catalogo, numero_o_id: str | int, fecha: date | None = None) -> Expediente:
    """Close an expediente: its closing date is fixed and it accepts no new documents.

    Every document dated after the closing date is reported at once.
    """
    with cat.transaccion("cerrar expediente") as tx:
        ident = a_id(numero_o_id) if str(numero_o_id).isdecimal() else None
        exp = por_id(tx, ident) if ident is not None else por_numero(tx, str(numero_o_id))
        if exp.estado == "cerrado":
            raise ArchivoError(f"El expediente {exp.numero} ya está cerrado desde el {exp.fecha_cierre}.")
        fecha = fecha or date.today()
        problemas = []
        posteriores = [d for d in documentos_de(tx, exp) if d["fecha"] > fecha.isoformat()]
        for d in posteriores:
            problemas.append(Problema(
                f"documento {d['folio'] or '#' + str(d['id'])}",
                f"está fechado el {d['fecha']}, después de la fecha de cierre {fecha.isoformat()}",
                "corrija la fecha de cierre"))
        if problemas:
            mensaje = f"No se cerró el expediente {exp.numero}"
            if posteriores:
                mensaje += f"; ciérrelo el {max(d['fecha'] for d in posteriores)} o después"
            raise EntradaInvalida(mensaje + ":", problemas)
        tx.execute("UPDATE expedientes SET estado = 'cerrado', fecha_cierre = ? WHERE id = ?",
                   (fecha.isoformat(), exp.id))
        tx.registrar("expediente", exp.numero, {"estado": exp.estado}, {"estado": "cerrado",
                                                                         "fecha_cierre": fecha.isoformat()})
        marcar_cambio(tx, [exp.id])
    _contar_fojas_word(cat, exp)
    return por_id(cat, exp.id)


def _contar_fojas_word(cat: Catalogo, exp: Expediente) -> None:
    """A closed expediente's carátula states its final fojas: count its Word documents with LibreOffice (when it is
    installed; otherwise the carátula says how many are still to be counted) and refresh it."""
    with contextlib.suppress(conversion.ErrorConversion):
        contar_fojas(cat, documentos_de(cat, exp))


def contar_fojas(cat: Catalogo, docs: list[dict[str, Any]] | None = None, *,
                 progreso: Callable[[int, int], None] | None = None) -> int:
    """Count with LibreOffice the pages of the Word documents not counted yet (of ``docs``, or of the whole
    archive) and refresh the carátulas that list them. Returns how many were counted."""
    pendientes = fojas.pendientes(cat, docs)
    contados = fojas.contar_word(cat, pendientes, progreso=progreso)
    if contados:
        hashes = [d["sha256"] for d in pendientes]
        ids: set[int] = set()
        for i in range(0, len(hashes), 500):
            lote = hashes[i:i + 500]
            marcas = ", ".join("?" * len(lote))
            ids |= {f[0] for f in cat.todos(
                "SELECT d.expediente_id FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                f"WHERE a.sha256 IN ({marcas}) UNION SELECT e.id FROM expedientes e JOIN documento_personas dp "
                "ON e.tipo = 'persona' AND e.referencia = dp.persona_clave JOIN documentos d ON d.id = "
                f"dp.documento_id JOIN archivos a ON a.id = d.archivo_id WHERE a.sha256 IN ({marcas})",
                lote + lote)}
        with cat.transaccion("actualizar fojas") as tx:
            marcar_cambio(tx, sorted(ids))
    return contados


def exigir_abierto(exp: Expediente) -> None:
    if exp.fase != "tramite":
        desde = f" desde el {exp.fecha_fase}" if exp.fecha_fase else ""
        raise ArchivoError(
            f"El expediente {exp.numero} («{exp.titulo}») ya no está en el archivo de trámite: "
            f"{exp.ubicacion}{desde}. No admite documentos nuevos."
        )
    if exp.estado == "cerrado":
        raise ArchivoError(
            f"El expediente {exp.numero} («{exp.titulo}») está cerrado desde el {exp.fecha_cierre}; "
            "no admite documentos nuevos."
        )


# --- carátula and índice ------------------------------------------------------------------------


def contexto(exp: Expediente) -> dict[str, Any]:
    """An expediente as templates see it (``{{ expediente.serie }}``): its fields and the name of its type."""
    return dict(exp.como_dict(), tipo_nombre=TIPOS.get(exp.tipo, exp.tipo))


def regenerar(cat: Catalogo, exp: Expediente) -> None:
    """Rewrite the carátula and the índice of ``exp`` (derived files, registered as regenerable) from the
    ``caratula`` and ``indice`` templates (the archive's own if it edited them) with the membrete.

    Another process may add a document while this one renders: if the expediente's documents changed meanwhile, it
    is rendered again, so the last carátula written lists them all."""
    for _ in range(_INTENTOS_REGENERAR):
        docs = documentos_de(cat, exp)
        _escribir_caratula_e_indice(cat, exp, docs)
        with cat.transaccion("actualizar carátula") as tx:
            if _firma(documentos_de(tx, exp)) != _firma(docs):
                continue  # changed while rendering: stays pending and is rendered again
            tx.execute("UPDATE expedientes SET caratula_vigente = 1 WHERE id = ?", (exp.id,))
        return


_INTENTOS_REGENERAR = 5


def _firma(docs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(d["id"], d["estado"], d["sha256"], d["folio"]) for d in docs]


def _escribir_caratula_e_indice(cat: Catalogo, exp: Expediente, docs: list[dict[str, Any]]) -> None:
    raiz = cat.raiz
    hoy = date.today()
    contexto_doc = compilacion.contexto_sistema(raiz, area=exp.area, fecha=hoy, expediente=contexto(exp))
    contexto_doc.update({
        "num_documentos": len(docs), "fojas": fojas.contar(cat, docs).texto(), "generada": hoy,
        "documentos": [{"folio": d["folio"] or "", "fecha": d["fecha"], "tipo": NOMBRES_TIPO.get(d["tipo"], d["tipo"]),
                        "asunto": d["asunto"], "estado": d["estado"]} for d in docs],
    })
    inhabiles = tuple(raiz.config.dias_inhabiles)
    carpeta = exp.carpeta(raiz)
    cat.escribir_regenerable(carpeta / CARATULA, compilacion.documento(raiz, "caratula", contexto_doc, inhabiles),
                             tipo="caratula")
    cat.escribir_regenerable(carpeta / INDICE, compilacion.documento(raiz, "indice", contexto_doc, inhabiles),
                             tipo="indice")


def regenerar_pendientes(cat: Catalogo) -> int:
    """Regenerate every stale carátula/índice. Returns how many expedientes were refreshed."""
    filas = cat.todos("SELECT * FROM expedientes WHERE caratula_vigente = 0 ORDER BY id")
    for fila in filas:
        regenerar(cat, _de_fila(fila))
    return len(filas)


registrar_tarea(TAREA_CARATULAS, regenerar_pendientes)
