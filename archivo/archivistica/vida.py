"""The life of an expediente under the Ley General de Archivos, and what is due.

abierto → cerrado (``expedientes.cerrar`` fixes the fecha de cierre) → kept in the archivo de trámite until its plazo
ends → transferencia primaria to concentración (``transferencias``) → at the end of concentración: baja documental or
transferencia secundaria to the archivo histórico. The dates come from the CADIDO of the expediente's serie, counted
from the fecha de cierre: end of trámite = cierre + plazo de trámite; end of concentración = that + plazo de
concentración. ``pendientes`` lists what is due up to a date, across years; ``ficha`` shows one expediente.

Also here: préstamos (vale de préstamo with its return tracked) and documents marked with historical value (their
expediente cannot be given de baja).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archivo.archivistica import cadido, clasificacion, cuadro, documentos
from archivo.archivistica import expedientes as exps
from archivo.archivistica.cadido import Disposicion
from archivo.archivistica.cuadro import Entrada
from archivo.archivistica.libros import Revision
from archivo.base import pendientes as tablero
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.formato import a_fecha, fecha_corta, fecha_larga
from archivo.base.valores import a_id

Fuente = Catalogo | Transaccion

ACCIONES = {
    "clasificar": "Clasificar en el cuadro",
    "valorar": "Completar el CADIDO de su serie",
    "primaria": "Transferencia primaria",
    "baja": "Baja documental",
    "secundaria": "Transferencia secundaria",
    "muestreo": "Muestreo: baja o transferencia secundaria",
    "devolucion": "Devolución de préstamo",
}


def sumar_anios(fecha: date, anios: int) -> date:
    """The same day ``anios`` years later (29 February → 28 February)."""
    try:
        return fecha.replace(year=fecha.year + anios)
    except ValueError:
        return fecha.replace(year=fecha.year + anios, day=28)


def plazos(exp: exps.Expediente, d: Disposicion | None) -> tuple[date | None, date | None]:
    """(end of trámite, end of concentración) of a closed expediente, or None where the CADIDO does not say."""
    if not exp.fecha_cierre or d is None or d.plazo_tramite is None:
        return None, None
    fin_tramite = sumar_anios(date.fromisoformat(exp.fecha_cierre), d.plazo_tramite)
    if d.plazo_concentracion is None:
        return fin_tramite, None
    return fin_tramite, sumar_anios(fin_tramite, d.plazo_concentracion)


def resolver(fuente: Fuente, referencia: str | int) -> exps.Expediente:
    """An expediente by its number (IEA/DEVySPE/SPEN.02.07/2024/0001), its id, «persona:CLAVE» or
    «procedimiento:ID»."""
    texto = str(referencia).strip()
    if texto.isdecimal():
        ident = a_id(texto)
        if ident is None:
            raise NoEncontrado(f"No existe el expediente {texto}.")
        return exps.por_id(fuente, ident)
    tipo, _, clave = texto.partition(":")
    if clave and tipo.lower() in ("persona", "procedimiento"):
        return exps.obtener(fuente, tipo.lower(), clave.strip())
    return exps.por_numero(fuente, texto)


def fecha_de(valor: Any, lugar: str, r: Revision, *, requerida: bool = False) -> date | None:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        if requerida:
            r.problema(lugar, "falta la fecha", "escríbala como AAAA-MM-DD o DD/MM/AAAA")
        return None
    try:
        return a_fecha(valor)
    except ValueError as e:
        r.problema(lugar, str(e), "escríbala como AAAA-MM-DD o DD/MM/AAAA")
        return None


# --- préstamos -----------------------------------------------------------------------------------------


@dataclass
class Prestamo:
    id: int
    expediente_id: int
    numero: str
    titulo: str
    solicitante: str
    area: str
    fecha: str
    devolucion_prevista: str
    motivo: str
    devuelto: str | None
    observaciones: str
    registrado_por: str
    recibido_por: str | None

    def vencido(self, al: date) -> bool:
        return self.devuelto is None and self.devolucion_prevista < al.isoformat()

    @property
    def estado(self) -> str:
        return f"devuelto el {fecha_corta(self.devuelto)}" if self.devuelto else "prestado"

    def como_dict(self, al: date | None = None) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["estado"] = self.estado
        d["vencido"] = self.vencido(al or date.today())
        return d


_SELECT_PRESTAMO = ("SELECT p.*, e.numero, e.titulo FROM prestamos p JOIN expedientes e ON e.id = p.expediente_id")


def _prestamo(fila: Any) -> Prestamo:
    return Prestamo(fila["id"], fila["expediente_id"], fila["numero"], fila["titulo"], fila["solicitante"],
                    fila["area"], fila["fecha"], fila["devolucion_prevista"], fila["motivo"], fila["devuelto"],
                    fila["observaciones"], fila["registrado_por"], fila["recibido_por"])


def prestamo_abierto(fuente: Fuente, expediente_id: int) -> Prestamo | None:
    fila = fuente.uno(f"{_SELECT_PRESTAMO} WHERE p.expediente_id = ? AND p.devuelto IS NULL", (expediente_id,))
    return _prestamo(fila) if fila else None


def prestamos(fuente: Fuente, *, pendientes: bool = False, expediente_id: int | None = None) -> list[Prestamo]:
    condiciones, params = [], []
    if pendientes:
        condiciones.append("p.devuelto IS NULL")
    if expediente_id is not None:
        condiciones.append("p.expediente_id = ?")
        params.append(expediente_id)
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    return [_prestamo(f) for f in fuente.todos(f"{_SELECT_PRESTAMO}{donde} ORDER BY p.fecha, p.id", params)]


def prestar(cat: Catalogo, expediente: str | int, *, solicitante: str, area: str, devolucion: Any,
            fecha: Any = None, motivo: str = "") -> Prestamo:
    """Record a vale de préstamo: who takes the expediente, when, and when it must come back."""
    r = Revision()
    f = fecha_de(fecha, "fecha del préstamo", r) or date.today()
    prevista = fecha_de(devolucion, "fecha de devolución", r, requerida=True)
    if not str(solicitante or "").strip():
        r.problema("solicitante", "falta el nombre de quien recibe el expediente en préstamo")
    config = cat.raiz.config
    siglas = [a.siglas for a in config.areas]
    if area not in siglas:
        r.problema("área", f"el área «{area}» no está en archivo.toml", f"áreas: {', '.join(siglas)}")
    if prevista is not None and prevista < f:
        r.problema("fecha de devolución", f"el {prevista.isoformat()} es anterior al préstamo ({f.isoformat()})")
    with cat.transaccion("prestar expediente") as tx:
        exp = resolver(tx, expediente)
        if exp.fase == "baja":
            r.problema(exp.numero, f"fue dado de baja el {exp.fecha_fase}; ya no se presta")
        abierto = prestamo_abierto(tx, exp.id)
        if abierto is not None:
            r.problema(exp.numero, f"está prestado a {abierto.solicitante} ({abierto.area}) desde el "
                       f"{abierto.fecha}", "registre su devolución primero")
        r.lanzar(f"No se registró el préstamo de {exp.numero}")
        cur = tx.execute(
            "INSERT INTO prestamos (expediente_id, solicitante, area, fecha, devolucion_prevista, motivo, "
            "registrado, registrado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (exp.id, solicitante.strip(), area, f.isoformat(), prevista.isoformat(), (motivo or "").strip(),
             tx.momento, cat.usuario))
        tx.registrar("prestamo", exp.numero, None, {"solicitante": solicitante.strip(), "area": area,
                                                     "fecha": f.isoformat(),
                                                     "devolucion_prevista": prevista.isoformat(),
                                                     "motivo": (motivo or "").strip()})
        return _prestamo(tx.uno(f"{_SELECT_PRESTAMO} WHERE p.id = ?", (cur.lastrowid,)))


def devolver(cat: Catalogo, expediente: str | int, *, fecha: Any = None, observaciones: str = "") -> Prestamo:
    """Record the return of a lent expediente (who received it is the user acting)."""
    r = Revision()
    f = fecha_de(fecha, "fecha de devolución", r) or date.today()
    with cat.transaccion("registrar devolución de expediente") as tx:
        exp = resolver(tx, expediente)
        abierto = prestamo_abierto(tx, exp.id)
        if abierto is None:
            raise ArchivoError(f"El expediente {exp.numero} no está prestado.")
        if f.isoformat() < abierto.fecha:
            r.problema("fecha de devolución", f"el {f.isoformat()} es anterior al préstamo ({abierto.fecha})")
        r.lanzar(f"No se registró la devolución de {exp.numero}")
        tx.execute("UPDATE prestamos SET devuelto = ?, observaciones = ?, recibido_por = ? WHERE id = ?",
                   (f.isoformat(), (observaciones or "").strip(), cat.usuario, abierto.id))
        tx.registrar("prestamo", exp.numero, {"devuelto": None}, {"devuelto": f.isoformat(),
                                                                   "observaciones": (observaciones or "").strip()})
        return _prestamo(tx.uno(f"{_SELECT_PRESTAMO} WHERE p.id = ?", (abierto.id,)))


# --- documents of historical value ----------------------------------------------------------------------


def marcar_valor_historico(cat: Catalogo, folio: str, motivo: str) -> dict[str, Any]:
    """Mark a document as of historical value: its expediente will not be given de baja."""
    if not str(motivo or "").strip():
        raise EntradaInvalida("Indique con --motivo por qué el documento tiene valor histórico.")
    with cat.transaccion("marcar valor histórico") as tx:
        doc = documentos.obtener(tx, folio)
        if tx.uno("SELECT 1 FROM valor_historico WHERE documento_id = ?", (doc.id,)):
            raise ArchivoError(f"El documento {doc.etiqueta} ya tiene valor histórico.")
        tx.execute("INSERT INTO valor_historico (documento_id, motivo, marcado, marcado_por) VALUES (?, ?, ?, ?)",
                   (doc.id, motivo.strip(), tx.momento, cat.usuario))
        tx.registrar("documento", doc.etiqueta, None, {"valor_historico": motivo.strip()})
        return {"documento": doc.etiqueta, "asunto": doc.asunto, "motivo": motivo.strip()}


def valor_historico(fuente: Fuente, expediente: exps.Expediente) -> list[dict[str, Any]]:
    """The documents of the expediente marked as of historical value."""
    ids = {d["id"] for d in exps.documentos_de(fuente, expediente)}
    filas = fuente.todos("SELECT v.*, d.folio, d.asunto, d.fecha FROM valor_historico v "
                         "JOIN documentos d ON d.id = v.documento_id ORDER BY d.fecha, d.id")
    return [dict(f) for f in filas if f["documento_id"] in ids]


# --- one expediente ---------------------------------------------------------------------------------------


@dataclass
class Ficha:
    """An expediente's archival state: serie, CADIDO, dates, where it is, préstamos and movements."""

    expediente: exps.Expediente
    serie: Entrada | None
    disposicion: Disposicion | None
    fin_tramite: date | None
    fin_concentracion: date | None
    prestamo: Prestamo | None
    prestamos: list[Prestamo] = field(default_factory=list)
    movimientos: list[dict[str, Any]] = field(default_factory=list)
    valor_historico: list[dict[str, Any]] = field(default_factory=list)

    @property
    def siguiente(self) -> str:
        """The next step of its life, in words."""
        e = self.expediente
        if e.fase == "baja":
            return f"Dado de baja el {fecha_larga(e.fecha_fase)}" if e.fecha_fase else "Dado de baja"
        if e.fase == "historico":
            return "Conservación permanente en el archivo histórico"
        if self.serie is None:
            return "Clasificarlo en una serie del cuadro"
        if e.estado == "abierto":
            return "Cerrarlo cuando concluya su trámite"
        if self.disposicion is None or not self.disposicion.completa:
            return "Completar el CADIDO de su serie para calcular sus plazos"
        if e.fase == "tramite":
            return f"Transferencia primaria a partir del {fecha_larga(self.fin_tramite)}"
        accion = {"baja": "Baja documental", "conservacion": "Transferencia secundaria",
                  "muestreo": "Muestreo (baja o transferencia secundaria)"}[self.disposicion.destino or "baja"]
        return f"{accion} a partir del {fecha_larga(self.fin_concentracion)}"

    def como_dict(self) -> dict[str, Any]:
        e = self.expediente
        return e.como_dict() | {
            "serie_codigo": self.serie.codigo if self.serie else None,
            "cadido": self.disposicion.como_dict() if self.disposicion else None,
            "fin_tramite": self.fin_tramite.isoformat() if self.fin_tramite else None,
            "fin_concentracion": self.fin_concentracion.isoformat() if self.fin_concentracion else None,
            "siguiente": self.siguiente,
            "prestamo": self.prestamo.como_dict() if self.prestamo else None,
            "prestamos": [p.como_dict() for p in self.prestamos],
            "movimientos": self.movimientos, "valor_historico": self.valor_historico,
        }


def ficha(cat: Catalogo, referencia: str | int) -> Ficha:
    clasificacion.preparar(cat)
    exp = resolver(cat, referencia)
    serie = cuadro.por_id(cat, exp.serie_id) if exp.serie_id else None
    d = cadido.de_serie(cat, exp.serie_id)
    fin_tramite, fin_concentracion = plazos(exp, d)
    movimientos = [dict(f) for f in cat.todos(
        "SELECT m.id, m.tipo, m.fecha, x.caja, x.estante, x.anticipada, x.motivo, d.folio AS inventario "
        "FROM movimiento_expedientes x JOIN movimientos m ON m.id = x.movimiento_id "
        "LEFT JOIN instrumentos i ON i.id = m.instrumento_id LEFT JOIN documentos d ON d.id = i.documento_id "
        "WHERE x.expediente_id = ? ORDER BY m.fecha, m.id", (exp.id,))]
    return Ficha(exp, serie, d, fin_tramite, fin_concentracion, prestamo_abierto(cat, exp.id),
                 prestamos(cat, expediente_id=exp.id), movimientos, valor_historico(cat, exp))


# --- what is due ------------------------------------------------------------------------------------------


@dataclass
class Pendiente:
    fecha: date
    accion: str
    numero: str
    titulo: str
    serie: str
    detalle: str

    @property
    def accion_texto(self) -> str:
        return ACCIONES[self.accion]

    def como_dict(self) -> dict[str, Any]:
        return {"fecha": self.fecha.isoformat(), "accion": self.accion, "accion_texto": self.accion_texto,
                "numero": self.numero, "titulo": self.titulo, "serie": self.serie, "detalle": self.detalle}


def pendientes(cat: Catalogo, al: Any = None) -> list[Pendiente]:
    """Everything due on or before ``al`` (default: today), oldest first, whatever its year.

    Transfers and bajas by the CADIDO's plazos, overdue préstamos, expedientes without serie, and closed
    expedientes whose serie has no plazos yet.
    """
    clasificacion.preparar(cat)
    limite = a_fecha(al) if al is not None else date.today()
    disposiciones = {d.serie_id: d for d in cadido.lista(cat)}
    series = {e.id: e for e in cuadro.lista(cat)}
    salida: list[Pendiente] = []
    for fila in cat.todos("SELECT * FROM expedientes WHERE fase IN ('tramite', 'concentracion') ORDER BY id"):
        exp = exps._de_fila(fila)
        codigo = series[exp.serie_id].codigo if exp.serie_id in series else ""
        if exp.serie_id is None:
            apertura = date.fromisoformat(exp.fecha_apertura)
            if apertura <= limite:
                salida.append(Pendiente(apertura, "clasificar", exp.numero, exp.titulo, "",
                                        "Sin serie del cuadro: no se pueden calcular sus plazos"))
            continue
        if exp.estado != "cerrado":
            continue
        d = disposiciones.get(exp.serie_id)
        fin_tramite, fin_concentracion = plazos(exp, d)
        cierre = date.fromisoformat(exp.fecha_cierre)
        if d is None or not d.completa:
            if cierre <= limite:
                salida.append(Pendiente(cierre, "valorar", exp.numero, exp.titulo, codigo,
                                        f"La serie {codigo} no tiene " + ", ".join(d.faltantes() if d else
                                                                                    ["CADIDO"])))
            continue
        if exp.fase == "tramite" and fin_tramite <= limite:
            salida.append(Pendiente(fin_tramite, "primaria", exp.numero, exp.titulo, codigo,
                                    f"Cerrado el {fecha_corta(cierre)}; {d.plazo_tramite} año(s) en trámite"))
        elif exp.fase == "concentracion" and fin_concentracion <= limite:
            accion = {"baja": "baja", "conservacion": "secundaria", "muestreo": "muestreo"}[d.destino]
            ubicacion = exp.ubicacion.removeprefix(exps.FASES["concentracion"]).lstrip(", ")
            salida.append(Pendiente(fin_concentracion, accion, exp.numero, exp.titulo, codigo,
                                    f"Vigencia de {d.vigencia} años cumplida; {ubicacion or 'sin ubicación'}"))
    for p in prestamos(cat, pendientes=True):
        prevista = date.fromisoformat(p.devolucion_prevista)
        serie_id = exps.por_id(cat, p.expediente_id).serie_id
        if prevista <= limite:
            salida.append(Pendiente(prevista, "devolucion", p.numero, p.titulo,
                                    series[serie_id].codigo if serie_id in series else "",
                                    f"Prestado a {p.solicitante} ({p.area}) el {fecha_corta(p.fecha)}"))
    orden = list(ACCIONES)
    salida.sort(key=lambda x: (x.fecha, orden.index(x.accion), x.numero))
    return salida


def _para_el_tablero(cat: Catalogo, hoy: date) -> list[tablero.Pendiente]:
    """Transfers, bajas, overdue préstamos and classification due today: the tablero's section (empty while the
    archive has no cuadro yet: nothing can be due)."""
    if cuadro.vacio(cat):
        return []
    salida = []
    for p in pendientes(cat, hoy):
        exp = exps.por_numero(cat, p.numero)
        salida.append(tablero.Pendiente(f"{p.accion_texto}: {p.numero} · {p.titulo}", "archivistica", str(exp.id),
                                        p.fecha.isoformat(), p.accion == "devolucion", p.detalle))
    return salida


tablero.registrar(tablero.Seccion(
    "archivistica", "Gestión documental: transferencias, bajas y préstamos", _para_el_tablero, orden=60,
    vacio="Ningún expediente por transferir o dar de baja, ni préstamos vencidos."))
