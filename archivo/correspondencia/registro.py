"""The register: entradas (documents received), turnos to the areas with their tarjeta informativa, salidas
(documents sent) with their acuse, the links between them and the thread of each asunto.

Every user action is one transaction: registering an entrada imports its files into the acervo (text extracted
before the transaction, filed inside it), turning it issues one tarjeta per área with its folio, an answer issues
or registers the oficio sent and closes the entradas it answers. States and deadlines (días hábiles with the
institution's inhábiles) follow from the facts; the manual's two procedures (seed 004, §1.6), when opened, get
their steps marked as the register advances.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from archivo import generacion, procedimientos
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base import formato
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.valores import a_id, comparable
from archivo.busqueda import acervo
from archivo.busqueda.analisis import normalizar_identificador
from archivo.correspondencia import opciones as op
from archivo.correspondencia.opciones import Calendario

PLANTILLA_TARJETA = "tarjeta-informativa"
TITULO_EXPEDIENTE = "Vinculación con el INE"

# Steps of the manual's procedures (seed 004, §1.6) that the register marks as it advances.
PASOS_ENTRADA = {"recepcion": (1, 3), "tarjeta": (2, 4), "respuesta_area": (5,), "oficio": (6,), "sivople": (7,),
                 "registro_salida": (8,)}
PASOS_SALIDA = {"solicitud": (1,), "oficio": (2,), "registro_salida": (3,), "respuesta": (4, 6), "notificacion": (5,)}


class Duplicado(ArchivoError):
    """The document is already registered: nothing was written; ``existente`` is its registration folio."""

    def __init__(self, mensaje: str, existente: str) -> None:
        super().__init__(mensaje)
        self.existente = existente


class ConfirmacionRequerida(ArchivoError):
    """The action links documents of different asuntos: it runs again only with ``confirmar=True``."""


# --- records ------------------------------------------------------------------------------------------------


@dataclass
class Turno:
    id: int
    entrada_id: int
    area: str
    area_nombre: str
    fecha: date
    plazo: date | None
    plazo_dias: int | None
    instrucciones: str
    estado: str
    tarjeta_id: int | None
    tarjeta_folio: str | None
    en_atencion: date | None
    atendido: date | None
    respuesta_numero: str
    respuesta_documento_id: int | None
    registrado: str
    registrado_por: str

    def como_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Entrada:
    id: int
    folio: str
    folio_origen: str
    numero: str
    tipo: str
    fecha_documento: date | None
    recibido: datetime | date
    medio: str
    actividad_sivople: str
    remitente_institucion: str
    remitente_area: str
    remitente_persona: str
    destinatario: str
    asunto: str
    anexos: str
    requiere_respuesta: bool
    plazo: date | None
    plazo_dias: int | None
    estado: str
    concluido: date | None
    motivo_conclusion: str
    asunto_id: int
    responde_a_salida: int | None
    procedimiento_id: int | None
    observaciones: str
    registrado: str
    registrado_por: str
    documentos: list[dict[str, Any]] = field(default_factory=list)
    turnos: list[Turno] = field(default_factory=list)
    respuestas: list[dict[str, Any]] = field(default_factory=list)  # salidas that answer it

    @property
    def fecha_recepcion(self) -> date:
        return self.recibido.date() if isinstance(self.recibido, datetime) else self.recibido

    @property
    def remitente(self) -> str:
        return remitente_texto(self.remitente_institucion, self.remitente_area, self.remitente_persona)

    @property
    def tipo_nombre(self) -> str:
        return op.TIPOS.get(self.tipo, self.tipo)

    @property
    def medio_nombre(self) -> str:
        return op.MEDIOS.get(self.medio, self.medio)

    def como_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "turnos"}
        d.update(remitente=self.remitente, tipo_nombre=self.tipo_nombre, medio_nombre=self.medio_nombre,
                 fecha_recepcion=self.fecha_recepcion, turnos=[t.como_dict() for t in self.turnos])
        return d


@dataclass
class Salida:
    id: int
    folio: str
    folio_origen: str
    numero: str
    tipo: str
    documento_id: int | None
    fecha: date
    medio: str
    actividad_sivople: str
    destinatario_institucion: str
    destinatario_area: str
    destinatario_persona: str
    asunto: str
    anexos: str
    acuse_documento_id: int | None
    acuse_fecha: date | None
    espera_respuesta: bool
    plazo_respuesta: date | None
    respondida: date | None
    asunto_id: int
    procedimiento_id: int | None
    observaciones: str
    registrado: str
    registrado_por: str
    documento: dict[str, Any] | None = None
    acuse: dict[str, Any] | None = None
    responde_a: list[dict[str, Any]] = field(default_factory=list)  # entradas it answers
    respuestas_recibidas: list[dict[str, Any]] = field(default_factory=list)  # entradas that answer it

    @property
    def destinatario(self) -> str:
        return remitente_texto(self.destinatario_institucion, self.destinatario_area, self.destinatario_persona)

    @property
    def tipo_nombre(self) -> str:
        return op.TIPOS.get(self.tipo, self.tipo)

    @property
    def medio_nombre(self) -> str:
        return op.MEDIOS.get(self.medio, self.medio)

    def como_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d.update(destinatario=self.destinatario, tipo_nombre=self.tipo_nombre, medio_nombre=self.medio_nombre)
        return d


def remitente_texto(institucion: str, area: str = "", persona: str = "") -> str:
    """«Mtra. …, Dirección Ejecutiva del Servicio Profesional Electoral Nacional (INE)»."""
    texto = f"{area} ({institucion})" if area and institucion else (area or institucion)
    return f"{persona}, {texto}" if persona else texto


# --- values -------------------------------------------------------------------------------------------------


_HORA = re.compile(r"^(.*?\d)[ T]+(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:h|hrs?|horas)?\.?$", re.IGNORECASE)


def a_momento(valor: Any) -> datetime | date:
    """A date with an optional time, as people write it: «2024-08-05 10:32», «05/08/2024 10:32», «2024-08-05»."""
    if isinstance(valor, datetime):
        return valor.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(valor, date):
        return valor
    texto = str(valor).strip()
    if m := _HORA.match(texto):
        dia = formato.a_fecha(m[1])
        hora, minuto = int(m[2]), int(m[3])
        if hora > 23 or minuto > 59:
            raise ValueError(f"«{valor}» no tiene una hora válida; escríbala como 10:32 (24 horas)")
        return datetime(dia.year, dia.month, dia.day, hora, minuto)
    return formato.a_fecha(texto)


def _texto_momento(valor: datetime | date) -> str:
    return valor.strftime("%Y-%m-%dT%H:%M") if isinstance(valor, datetime) else valor.isoformat()


def _leer_momento(texto: str) -> datetime | date:
    return datetime.fromisoformat(texto) if "T" in texto else date.fromisoformat(texto)


def _fecha(texto: str | None) -> date | None:
    return date.fromisoformat(texto[:10]) if texto else None


def _dia(valor: datetime | date) -> date:
    return valor.date() if isinstance(valor, datetime) else valor


def normalizar_numero(numero: str) -> str:
    """How document numbers are compared: upper case, no accents, ASCII dashes, no spaces."""
    return re.sub(r"\s+", "", normalizar_identificador(str(numero or "")))


def normalizar_nombre(texto: str) -> str:
    return comparable(texto)  # the input layer's folding: «Instituto Nacional Electoral.» -> «instituto nacional electoral»


class _Revision:
    """Collects every problem of an input; ``lanzar`` raises them together."""

    def __init__(self) -> None:
        self.problemas: list[Problema] = []

    def problema(self, lugar: str, mensaje: str, sugerencia: str = "") -> None:
        self.problemas.append(Problema(lugar, mensaje, sugerencia))

    def fecha(self, valor: Any, lugar: str) -> date | None:
        if valor is None or (isinstance(valor, str) and not valor.strip()):
            return None
        try:
            return formato.a_fecha(valor)
        except ValueError as e:
            self.problema(lugar, str(e))
            return None

    def lanzar(self, mensaje: str) -> None:
        if self.problemas:
            raise EntradaInvalida(f"{mensaje} {len(self.problemas)} problema(s):", self.problemas)


def _plazo(r: _Revision, *, plazo: Any, plazo_dias: Any, desde: date, cal: Calendario, lugar: str,
           defecto: int | None) -> tuple[date | None, int | None]:
    """A plazo given as a date or as N días hábiles after ``desde`` (``defecto`` días when neither is given)."""
    if plazo not in (None, "") and plazo_dias not in (None, ""):
        r.problema(lugar, "indique el plazo como fecha o como días hábiles, no ambos")
        return None, None
    if plazo_dias not in (None, ""):
        try:
            dias = int(str(plazo_dias).strip())
        except ValueError:
            r.problema(lugar, f"«{plazo_dias}» no es un número de días hábiles", "p. ej. 5")
            return None, None
        if not 1 <= dias <= 365:
            r.problema(lugar, f"{dias} días hábiles está fuera de lo razonable", "use de 1 a 365")
            return None, None
        return cal.sumar(desde, dias), dias
    if plazo not in (None, ""):
        fecha_plazo = r.fecha(plazo, lugar)
        if fecha_plazo is not None and fecha_plazo < desde:
            r.problema(lugar, f"el plazo ({formato.fecha_corta(fecha_plazo)}) es anterior a la recepción "
                              f"({formato.fecha_corta(desde)})", "revise la fecha del plazo")
            return None, None
        return fecha_plazo, None
    if defecto:
        return cal.sumar(desde, defecto), defecto
    return None, None


# --- reading ------------------------------------------------------------------------------------------------


def _turnos(cat: Catalogo | Transaccion, ids: Sequence[int]) -> dict[int, list[Turno]]:
    salida: dict[int, list[Turno]] = {i: [] for i in ids}
    if not ids:
        return salida
    config = _raiz(cat).config
    nombres = {a.siglas: a.nombre for a in config.areas}
    for lote in _lotes(ids):
        marcas = ",".join("?" * len(lote))
        for f in cat.todos(f"SELECT t.*, d.folio AS tarjeta_folio FROM turnos t LEFT JOIN documentos d "
                           f"ON d.id = t.tarjeta_id WHERE t.entrada_id IN ({marcas}) ORDER BY t.fecha, t.id", lote):
            salida[f["entrada_id"]].append(Turno(
                f["id"], f["entrada_id"], f["area"], nombres.get(f["area"], f["area"]), date.fromisoformat(f["fecha"]),
                _fecha(f["plazo"]), f["plazo_dias"], f["instrucciones"], f["estado"], f["tarjeta_id"],
                f["tarjeta_folio"], _fecha(f["en_atencion"]), _fecha(f["atendido"]), f["respuesta_numero"],
                f["respuesta_documento_id"], f["registrado"], f["registrado_por"]))
    return salida


def _lotes(valores: Sequence[int], n: int = 500) -> Iterable[list[int]]:
    valores = list(valores)
    for i in range(0, len(valores), n):
        yield valores[i:i + n]


def _raiz(cat: Catalogo | Transaccion):
    return cat.catalogo.raiz if isinstance(cat, Transaccion) else cat.raiz


def _doc_resumen(fila: Any) -> dict[str, Any]:
    return {"id": fila["id"], "folio": fila["folio"], "tipo": fila["tipo"], "fecha": fila["fecha"],
            "asunto": fila["asunto"], "ruta": fila["ruta"], "estado": fila["estado"]}


_SELECT_DOC = ("SELECT d.id, d.folio, d.tipo, d.fecha, d.asunto, d.estado, a.ruta FROM documentos d "
               "LEFT JOIN archivos a ON a.id = d.archivo_id")


def _documento(cat: Catalogo | Transaccion, documento_id: int | None) -> dict[str, Any] | None:
    if documento_id is None:
        return None
    fila = cat.uno(f"{_SELECT_DOC} WHERE d.id = ?", (documento_id,))
    return _doc_resumen(fila) if fila else None


def _entrada_de_fila(f: Any) -> Entrada:
    return Entrada(
        f["id"], f["folio"], f["folio_origen"], f["numero"], f["tipo"], _fecha(f["fecha_documento"]),
        _leer_momento(f["recibido"]), f["medio"], f["actividad_sivople"], f["remitente_institucion"],
        f["remitente_area"], f["remitente_persona"], f["destinatario"], f["asunto"], f["anexos"],
        bool(f["requiere_respuesta"]), _fecha(f["plazo"]), f["plazo_dias"], f["estado"], _fecha(f["concluido"]),
        f["motivo_conclusion"], f["asunto_id"], f["responde_a_salida"], f["procedimiento_id"], f["observaciones"],
        f["registrado"], f["registrado_por"])


def _salida_de_fila(f: Any) -> Salida:
    return Salida(
        f["id"], f["folio"], f["folio_origen"], f["numero"], f["tipo"], f["documento_id"],
        date.fromisoformat(f["fecha"]), f["medio"], f["actividad_sivople"], f["destinatario_institucion"],
        f["destinatario_area"], f["destinatario_persona"], f["asunto"], f["anexos"], f["acuse_documento_id"],
        _fecha(f["acuse_fecha"]), bool(f["espera_respuesta"]), _fecha(f["plazo_respuesta"]), _fecha(f["respondida"]),
        f["asunto_id"], f["procedimiento_id"], f["observaciones"], f["registrado"], f["registrado_por"])


def _completar_entrada(cat: Catalogo | Transaccion, e: Entrada) -> Entrada:
    e.documentos = [_doc_resumen(f) for f in cat.todos(
        f"{_SELECT_DOC} JOIN entrada_documentos ed ON ed.documento_id = d.id WHERE ed.entrada_id = ? "
        "ORDER BY ed.orden", (e.id,))]
    e.turnos = _turnos(cat, [e.id])[e.id]
    e.respuestas = [dict(f) for f in cat.todos(
        "SELECT s.id, s.folio, s.numero, s.fecha, s.medio, s.acuse_fecha FROM respuestas r "
        "JOIN salidas s ON s.id = r.salida_id WHERE r.entrada_id = ? ORDER BY s.fecha, s.id", (e.id,))]
    return e


def _completar_salida(cat: Catalogo | Transaccion, s: Salida) -> Salida:
    s.documento = _documento(cat, s.documento_id)
    s.acuse = _documento(cat, s.acuse_documento_id)
    s.responde_a = [dict(f) for f in cat.todos(
        "SELECT e.id, e.folio, e.numero, e.recibido, e.plazo, e.asunto_id FROM respuestas r "
        "JOIN entradas e ON e.id = r.entrada_id WHERE r.salida_id = ? ORDER BY e.recibido, e.id", (s.id,))]
    s.respuestas_recibidas = [dict(f) for f in cat.todos(
        "SELECT id, folio, numero, recibido FROM entradas WHERE responde_a_salida = ? ORDER BY recibido, id",
        (s.id,))]
    return s


def _buscar(cat: Catalogo | Transaccion, tabla: str, referencia: Any) -> Any:
    texto = str(referencia).strip()
    fila = cat.uno(f"SELECT * FROM {tabla} WHERE folio = ?", (texto,))
    ident = a_id(texto)
    if fila is None and ident is not None and (texto.startswith("#") or isinstance(referencia, int)):
        fila = cat.uno(f"SELECT * FROM {tabla} WHERE id = ?", (ident,))
    if fila is None and texto:
        filas = cat.todos(f"SELECT * FROM {tabla} WHERE numero_normal = ? ORDER BY id", (normalizar_numero(texto),))
        if len(filas) == 1:
            fila = filas[0]
        elif len(filas) > 1:
            raise EntradaInvalida(f"Hay {len(filas)} registros con el número «{texto}»: "
                                  f"{', '.join(f['folio'] for f in filas)}. Indique el folio de registro.")
    if fila is None and ident is not None:
        fila = cat.uno(f"SELECT * FROM {tabla} WHERE id = ?", (ident,))
    return fila


def obtener_entrada(cat: Catalogo | Transaccion, referencia: Any) -> Entrada:
    """An entrada by its registration folio (E-0001/2024), its number as written, or #id."""
    fila = _buscar(cat, "entradas", referencia)
    if fila is None:
        raise NoEncontrado(f"No existe la entrada «{referencia}». Indique su folio de registro (p. ej. "
                           "E-0001/2024), el número del documento o #id; vea «archivo correspondencia lista».")
    return _completar_entrada(cat, _entrada_de_fila(fila))


def obtener_salida(cat: Catalogo | Transaccion, referencia: Any) -> Salida:
    """A salida by its registration folio (S-0001/2024), its number (the oficio's folio), or #id."""
    fila = _buscar(cat, "salidas", referencia)
    if fila is None:
        raise NoEncontrado(f"No existe la salida «{referencia}». Indique su folio de registro (p. ej. "
                           "S-0001/2024), el número del oficio o #id; vea «archivo correspondencia lista --salidas».")
    return _completar_salida(cat, _salida_de_fila(fila))


def obtener(cat: Catalogo | Transaccion, referencia: Any) -> Entrada | Salida:
    """An entrada or a salida, whichever the reference names."""
    try:
        return obtener_entrada(cat, referencia)
    except NoEncontrado:
        pass
    try:
        return obtener_salida(cat, referencia)
    except NoEncontrado:
        raise NoEncontrado(f"No existe una entrada ni una salida «{referencia}». Indique el folio de registro "
                           "(E-0001/2024, S-0001/2024), el número del documento o #id.") from None


# --- situation and deadlines --------------------------------------------------------------------------------


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def dias_habiles_texto(n: int) -> str:
    return _plural(n, "día hábil", "días hábiles")


@dataclass(frozen=True)
class Situacion:
    """Where a deadline stands at a date: vencido, vence hoy, vence en N días hábiles, or closed (late or not)."""

    texto: str
    vencido: bool = False
    por_vencer: bool = False
    dias: int | None = None  # días hábiles left (negative: overdue by)
    fuera_de_plazo: bool = False


def _corta(dia: date) -> str:
    """17/06/2024 (``formato.fecha_corta`` for a date already parsed: thousands of lines per page)."""
    return f"{dia.day:02d}/{dia.month:02d}/{dia.year}"


def situacion(plazo: date | None, cerrado: date | None, al: date, cal: Calendario, aviso: int,
              cerrado_texto: str = "Concluido") -> Situacion:
    if cerrado is not None:
        texto = f"{cerrado_texto} el {_corta(cerrado)}"
        if plazo is not None and cerrado > plazo:
            retraso = cal.entre(plazo, cerrado)
            return Situacion(f"{texto}, fuera de plazo ({dias_habiles_texto(retraso)} después del "
                             f"{_corta(plazo)})", fuera_de_plazo=True, dias=-retraso)
        return Situacion(texto)
    if plazo is None:
        return Situacion("Sin plazo")
    if al > plazo:
        n = cal.entre(plazo, al)
        return Situacion(f"VENCIDO hace {dias_habiles_texto(n)} (plazo: {_corta(plazo)})", vencido=True, dias=-n)
    n = cal.entre(al, plazo)
    if n == 0:
        return Situacion(f"Vence hoy ({_corta(plazo)})", por_vencer=True, dias=0)
    return Situacion(f"Vence en {dias_habiles_texto(n)} ({_corta(plazo)})", por_vencer=n <= aviso, dias=n)


def situacion_entrada(e: Entrada, al: date, cal: Calendario, aviso: int) -> Situacion:
    if e.estado == "concluido":
        texto = "Respondido" if e.respuestas else "Concluido"
        return situacion(e.plazo, e.concluido, al, cal, aviso, texto)
    if not e.requiere_respuesta and e.plazo is None:
        return Situacion("Para conocimiento")
    return situacion(e.plazo, None, al, cal, aviso)


# --- the steps of the manual's procedures --------------------------------------------------------------------


def _marcar(tx: Transaccion, procedimiento_id: int | None, pasos: Iterable[int], nota: str) -> None:
    """Mark the procedure's steps hecho (skipped when the procedure is concluded or an adapted manual lacks
    the step)."""
    if procedimiento_id is None:
        return
    fila = tx.uno("SELECT estado FROM procedimientos WHERE id = ?", (procedimiento_id,))
    if fila is None or fila["estado"] != "abierto":
        return
    existentes = {f[0] for f in tx.todos("SELECT cvo FROM pasos WHERE procedimiento_id = ?", (procedimiento_id,))}
    for cvo in pasos:
        if cvo in existentes:
            procedimientos.marcar_paso_hecho(tx, procedimiento_id, cvo, nota=nota)


def _concluir_procedimiento(tx: Transaccion, procedimiento_id: int | None) -> None:
    """The register closed the matter: its procedure concludes when every step is done."""
    if procedimiento_id is None:
        return
    fila = tx.uno("SELECT estado FROM procedimientos WHERE id = ?", (procedimiento_id,))
    pendientes = tx.uno("SELECT COUNT(*) FROM pasos WHERE procedimiento_id = ? AND estado != 'hecho'",
                        (procedimiento_id,))[0]
    if fila is not None and fila["estado"] == "abierto" and pendientes == 0:
        procedimientos.concluir_en(tx, procedimiento_id)


def _titulo_procedimiento(tipo: str, numero: str, asunto: str) -> str:
    texto = f"{op.TIPOS.get(tipo, tipo)} {numero}: {asunto}"
    return texto if len(texto) <= 200 else texto[:199] + "…"


def expediente_vinculacion(tx: Transaccion, fecha: date | None = None) -> exps.Expediente:
    """The mecanismo's expediente «Vinculación con el INE»: the bitácora and the documents of matters without a
    procedure of their own."""
    opciones = op.configuracion(tx.catalogo.raiz)
    return exps.asegurar(tx, "mecanismo", op.MECANISMO, TITULO_EXPEDIENTE, area=opciones.area, fecha=fecha)


# --- registering an entrada ----------------------------------------------------------------------------------


def _siguiente(tx: Transaccion, tabla: str, formato_folio: str, anio: int) -> tuple[int, str]:
    consecutivo = (tx.uno(f"SELECT MAX(consecutivo) FROM {tabla} WHERE anio = ?", (anio,))[0] or 0) + 1
    folio = op.formatear_folio(formato_folio, tx.catalogo.raiz.config.siglas, anio, consecutivo)
    while tx.uno(f"SELECT 1 FROM {tabla} WHERE folio = ?", (folio,)):  # a format without {anio} in a new year
        consecutivo += 1
        folio = op.formatear_folio(formato_folio, tx.catalogo.raiz.config.siglas, anio, consecutivo)
    return consecutivo, folio


def _nuevo_asunto(tx: Transaccion, titulo: str) -> int:
    return int(tx.execute("INSERT INTO asuntos (titulo, creado) VALUES (?, ?)", (titulo, tx.momento)).lastrowid)


def _documento_por_contenido(cat: Catalogo | Transaccion, sha256: str) -> int | None:
    fila = cat.uno("SELECT d.id FROM archivos a JOIN documentos d ON d.archivo_id = a.id "
                   "WHERE a.sha256 = ? AND d.estado != 'borrador' ORDER BY d.id LIMIT 1", (sha256,))
    return fila[0] if fila else None


def _importar_archivos(tx: Transaccion, preparados: Sequence[acervo.ArchivoPreparado], *, asunto: str,
                       numero: str | None, fecha: date) -> list[int]:
    """File the prepared files in the acervo (or reuse the document that already holds the same content)."""
    ids = []
    for i, p in enumerate(preparados):
        r = acervo.registrar_en(tx, p, mecanismo=op.MECANISMO, asunto=asunto if i == 0 else f"Anexo: {asunto}",
                                numero=numero if i == 0 else None, fecha=fecha)
        documento_id = r.documento_id if r.resultado == "importado" else _documento_por_contenido(tx, p.sha256)
        if documento_id is None:
            raise ArchivoError(f"{p.origen.name}: {r.detalle}")
        ids.append(documento_id)
    return ids


def _preparar_archivos(raiz, rutas: Sequence[Path | str], r: _Revision, lugar: str,
                       tipo: str | None = None) -> list[acervo.ArchivoPreparado]:
    preparados = []
    for ruta in rutas:
        try:
            preparados.append(acervo.preparar_archivo(raiz, ruta, tipo=tipo))
        except EntradaInvalida as e:
            r.problema(f"{lugar} {Path(ruta).name}", e.mensaje)
    return preparados


def _existente_por_contenido(cat: Catalogo, preparados: Sequence[acervo.ArchivoPreparado],
                             tabla: str) -> tuple[str, str] | None:
    """(registration folio, file name) of an entrada/salida that already holds one of these files."""
    for p in preparados:
        documento_id = _documento_por_contenido(cat, p.sha256)
        if documento_id is None:
            continue
        if tabla == "entradas":
            fila = cat.uno("SELECT e.folio FROM entrada_documentos ed JOIN entradas e ON e.id = ed.entrada_id "
                           "WHERE ed.documento_id = ?", (documento_id,))
        else:
            fila = cat.uno("SELECT folio FROM salidas WHERE documento_id = ? OR acuse_documento_id = ?",
                           (documento_id, documento_id))
        if fila:
            return fila[0], p.origen.name
    return None


def registrar_entrada(cat: Catalogo, *, numero: str, tipo: str, recibido: Any, medio: str,
                      remitente_institucion: str, asunto: str, fecha_documento: Any = None,
                      actividad_sivople: str = "", remitente_area: str = "", remitente_persona: str = "",
                      destinatario: str = "", anexos: str = "", plazo: Any = None, plazo_dias: Any = None,
                      requiere_respuesta: bool = True, archivos: Sequence[Path | str] = (),
                      responde_a: str | None = None, mismo_asunto: str | None = None,
                      abrir_procedimiento: bool | None = None, observaciones: str = "") -> Entrada:
    """Register a document received: its files into the acervo, its plazo, its thread (one transaction).

    The same number from the same remitente, or a file already registered with another entrada, raises
    ``Duplicado`` naming the existing entrada (nothing is written)."""
    raiz = cat.raiz
    opciones = op.configuracion(raiz)
    cal = Calendario.de(raiz)
    r = _Revision()
    numero = (numero or "").strip()
    asunto = (asunto or "").strip()
    remitente_institucion = (remitente_institucion or "").strip()
    if not numero:
        r.problema("número", "falta el número del documento tal como está escrito", "p. ej. INE/DESPEN/2817/2024")
    if not asunto:
        r.problema("asunto", "falta el asunto", "una oración que diga de qué trata el documento")
    if not remitente_institucion:
        r.problema("remitente", "falta la institución remitente", "p. ej. Instituto Nacional Electoral")
    clave_tipo = op.tipo(tipo)
    if clave_tipo is None:
        r.problema("tipo", f"«{tipo}» no es un tipo de documento", f"use: {', '.join(op.TIPOS.values())}")
    clave_medio = op.medio(medio)
    if clave_medio is None:
        r.problema("medio", f"«{medio}» no es un medio de recepción", f"use: {', '.join(op.MEDIOS.values())}")
    momento = None
    try:
        momento = a_momento(recibido) if recibido not in (None, "") else None
        if momento is None:
            r.problema("recibido", "falta la fecha (y hora) de recepción", "p. ej. 2024-08-05 10:32")
    except ValueError as e:
        r.problema("recibido", str(e))
    fecha_doc = r.fecha(fecha_documento, "fecha del documento")
    dia_recibido = _dia(momento) if momento is not None else None
    if momento is not None:
        ahora = datetime.now()
        if (isinstance(momento, datetime) and momento > ahora) or _dia(momento) > ahora.date():
            r.problema("recibido", f"la recepción ({_texto_momento(momento).replace('T', ' ')}) está en el futuro",
                       "revise la fecha y la hora")
        if fecha_doc is not None and fecha_doc > _dia(momento):
            r.problema("recibido", f"la recepción ({formato.fecha_corta(_dia(momento))}) es anterior a la fecha del "
                                   f"documento ({formato.fecha_corta(fecha_doc)})", "revise ambas fechas")
    fecha_plazo = dias = None
    if dia_recibido is not None:
        fecha_plazo, dias = _plazo(r, plazo=plazo, plazo_dias=plazo_dias, desde=dia_recibido, cal=cal,
                                   lugar="plazo", defecto=opciones.plazo_dias if requiere_respuesta else None)
    salida_respondida = None
    if responde_a:
        try:
            salida_respondida = obtener_salida(cat, responde_a)
        except ArchivoError as e:
            r.problema("responde a", e.mensaje)
    asunto_previo = None
    if mismo_asunto:
        try:
            asunto_previo = obtener(cat, mismo_asunto).asunto_id
        except ArchivoError as e:
            r.problema("mismo asunto que", e.mensaje)
    preparados = _preparar_archivos(raiz, archivos, r, "archivo", op.TIPO_ACERVO.get(clave_tipo or ""))
    numero_normal = normalizar_numero(numero)
    remitente_normal = normalizar_nombre(remitente_institucion)
    if numero and remitente_institucion:
        previa = cat.uno("SELECT folio, recibido FROM entradas WHERE numero_normal = ? AND remitente_normal = ?",
                         (numero_normal, remitente_normal))
        if previa:
            raise Duplicado(f"El {op.TIPOS.get(clave_tipo or '', 'documento').lower()} {numero} de "
                            f"{remitente_institucion} ya está registrado como la entrada {previa['folio']} "
                            f"(recibida el {formato.fecha_corta(previa['recibido'])}); no se registró de nuevo. "
                            f"Consúltela con «archivo correspondencia ver {previa['folio']}».", previa["folio"])
    if (existente := _existente_por_contenido(cat, preparados, "entradas")) is not None:
        raise Duplicado(f"El archivo {existente[1]} ya está registrado con la entrada {existente[0]}; no se "
                        f"registró de nuevo. Consúltela con «archivo correspondencia ver {existente[0]}».", existente[0])
    r.lanzar("No se registró la entrada;")
    assert momento is not None and clave_tipo and clave_medio and dia_recibido is not None
    abrir = opciones.abrir_procedimiento and requiere_respuesta if abrir_procedimiento is None else abrir_procedimiento

    with cat.transaccion("registrar entrada") as tx:
        anio = dia_recibido.year
        consecutivo, folio = _siguiente(tx, "entradas", opciones.folio_entrada, anio)
        if salida_respondida is not None:
            asunto_id = salida_respondida.asunto_id
        elif asunto_previo is not None:
            asunto_id = asunto_previo
        else:
            asunto_id = _nuevo_asunto(tx, asunto)
        cur = tx.execute(
            "INSERT INTO entradas (folio, anio, consecutivo, numero, numero_normal, tipo, fecha_documento, recibido, "
            "medio, actividad_sivople, remitente_institucion, remitente_area, remitente_persona, remitente_normal, "
            "destinatario, asunto, anexos, requiere_respuesta, plazo, plazo_dias, asunto_id, responde_a_salida, "
            "observaciones, registrado, registrado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?)",
            (folio, anio, consecutivo, numero, numero_normal, clave_tipo,
             fecha_doc.isoformat() if fecha_doc else None, _texto_momento(momento), clave_medio,
             (actividad_sivople or "").strip(), remitente_institucion, (remitente_area or "").strip(),
             (remitente_persona or "").strip(), remitente_normal, (destinatario or "").strip(), asunto,
             (anexos or "").strip(), int(bool(requiere_respuesta)), fecha_plazo.isoformat() if fecha_plazo else None,
             dias, asunto_id, salida_respondida.id if salida_respondida else None, (observaciones or "").strip(),
             tx.momento, cat.usuario))
        entrada_id = int(cur.lastrowid)
        titulo_doc = f"{op.TIPOS[clave_tipo]} {numero} — {remitente_texto(remitente_institucion, remitente_area)}: " \
                     f"{asunto}"
        ids = _importar_archivos(tx, preparados, asunto=titulo_doc, numero=numero, fecha=fecha_doc or dia_recibido)
        tx.conn.executemany("INSERT INTO entrada_documentos (entrada_id, documento_id, orden) VALUES (?, ?, ?)",
                            [(entrada_id, d, i) for i, d in enumerate(ids, start=1)])
        if salida_respondida is not None:
            tx.execute("UPDATE salidas SET respondida = COALESCE(respondida, ?) WHERE id = ?",
                       (dia_recibido.isoformat(), salida_respondida.id))
            _marcar(tx, salida_respondida.procedimiento_id, PASOS_SALIDA["respuesta"], f"Entrada {folio}")
        if abrir:
            proc = procedimientos.abrir_en(tx, op.MECANISMO, _titulo_procedimiento(clave_tipo, numero, asunto),
                                           tipo=op.TIPO_PROC_ENTRADA, fecha=dia_recibido, area=opciones.area)
            tx.execute("UPDATE entradas SET procedimiento_id = ? WHERE id = ?", (proc.id, entrada_id))
            _marcar(tx, proc.id, PASOS_ENTRADA["recepcion"], f"Entrada {folio}")
        entrada = obtener_entrada(tx, entrada_id)
        tx.registrar("entrada", folio, None, {
            "numero": numero, "tipo": clave_tipo, "recibido": _texto_momento(momento), "medio": clave_medio,
            "remitente": entrada.remitente, "asunto": asunto, "plazo": entrada.plazo, "documentos": ids,
            "responde_a": salida_respondida.folio if salida_respondida else None,
            "procedimiento": entrada.procedimiento_id})
    return obtener_entrada(cat, entrada_id)


def _recalcular(tx: Transaccion, entrada_id: int) -> str:
    """The entrada's state from its facts: closed, else from its turnos."""
    fila = tx.uno("SELECT estado, concluido FROM entradas WHERE id = ?", (entrada_id,))
    if fila["concluido"]:
        nuevo = "concluido"
    else:
        estados = [f[0] for f in tx.todos("SELECT estado FROM turnos WHERE entrada_id = ?", (entrada_id,))]
        if not estados:
            nuevo = "recibido"
        elif all(e == "atendido" for e in estados):
            nuevo = "atendido"
        elif any(e in ("en atención", "atendido") for e in estados):
            nuevo = "en atención"
        else:
            nuevo = "turnado"
    if nuevo != fila["estado"]:
        tx.execute("UPDATE entradas SET estado = ? WHERE id = ?", (nuevo, entrada_id))
    return nuevo


def _exigir_abierta(e: Entrada, accion: str) -> None:
    if e.estado == "concluido":
        raise ArchivoError(f"La entrada {e.folio} ({e.numero}) está concluida desde el "
                           f"{formato.fecha_corta(e.concluido)}; no se puede {accion}.")


# --- turnos --------------------------------------------------------------------------------------------------

_ARTICULOS = {"oficio": ("el", "o"), "circular": ("la", "a"), "consulta": ("la", "a"), "acuerdo": ("el", "o"),
              "resolucion": ("la", "a"), "formato": ("el", "o"), "correo": ("el", "o"), "otro": ("el", "o")}
_MEDIO_FRASE = {"sivople": "mediante el SIVOPLE", "correo": "por correo electrónico",
                "oficialia": "en la Oficialía de Partes", "mensajeria": "por mensajería"}


def _datos_tarjeta(e: Entrada, raiz, titular: op.Titular, plazo: date | None, instrucciones: str,
                   sintesis: str | None) -> dict[str, Any]:
    articulo, genero = _ARTICULOS.get(e.tipo, ("el", "o"))
    nombre_tipo = e.tipo_nombre.lower() if e.tipo != "otro" else "documento"
    datos: dict[str, Any] = {
        "para_nombre": titular.nombre, "para_cargo": titular.cargo,
        "asunto": f"Se turna {articulo} {nombre_tipo} {e.numero}, recibid{genero} {_MEDIO_FRASE[e.medio]}.",
        "sintesis": (sintesis or "").strip() or e.asunto,
        "ccp": [f"Bitácora de seguimiento de actividades INE-{raiz.config.siglas}."],
    }
    if e.medio == "sivople":
        datos.update(tipo_documento_ine=e.tipo_nombre, numero_documento_ine=e.numero,
                     emisor_documento_ine=remitente_texto(e.remitente_institucion, e.remitente_area),
                     fecha_recepcion=e.fecha_recepcion.isoformat())
        if e.fecha_documento:
            datos["fecha_documento_ine"] = e.fecha_documento.isoformat()
        if e.actividad_sivople:
            datos["actividad_sivople"] = e.actividad_sivople
    else:
        fecha_doc = f" del {formato.fecha_larga(e.fecha_documento)}" if e.fecha_documento else ""
        datos["sintesis"] = (f"{articulo.capitalize()} {nombre_tipo} {e.numero}{fecha_doc}, de {e.remitente}, "
                             f"recibid{genero} {_MEDIO_FRASE[e.medio]} el {formato.fecha_larga(e.fecha_recepcion)}: "
                             f"{datos['sintesis']}")
    acciones = [linea.strip() for linea in re.split(r"\n|;", instrucciones or "") if linea.strip()]
    if not acciones and e.requiere_respuesta:
        acciones = ["Remitir a esta Dirección Ejecutiva la información o respuesta que corresponda, para su envío "
                    f"{'al INE mediante el SIVOPLE' if e.medio == 'sivople' else 'a quien la solicita'}."]
    if acciones:
        datos["acciones"] = acciones
    if plazo is not None:
        datos["fecha_limite"] = plazo.isoformat()
    return datos


def turnar(cat: Catalogo, referencia: Any, areas: Sequence[str], *, fecha: Any = None, plazo: Any = None,
           plazo_dias: Any = None, instrucciones: str = "", para: str | None = None, para_cargo: str | None = None,
           sintesis: str | None = None, tarjeta: bool = True) -> list[Turno]:
    """Turn an entrada to one or more áreas, each with its tarjeta informativa issued with folio (prefilled from
    the entrada), its own plazo (by default the entrada's) and state."""
    raiz = cat.raiz
    config = raiz.config
    opciones = op.configuracion(raiz)
    cal = Calendario.de(raiz)
    e = obtener_entrada(cat, referencia)
    _exigir_abierta(e, "turnar")
    r = _Revision()
    siglas = [a.siglas for a in config.areas]
    pedidas = list(dict.fromkeys(a.strip() for a in areas if a and a.strip()))
    if not pedidas:
        r.problema("área", "indique al menos un área a la que se turna", f"áreas: {', '.join(siglas)}")
    validas = []
    for area in pedidas:
        real = next((s for s in siglas if s.lower() == area.lower()), None)
        if real is None:
            r.problema("área", f"«{area}» no es un área de archivo.toml", f"áreas registradas: {', '.join(siglas)}")
            continue
        previo = next((t for t in e.turnos if t.area == real), None)
        if previo is not None:
            r.problema("área", f"la entrada ya se turnó a {real} el {formato.fecha_corta(previo.fecha)}",
                       "cada área recibe un solo turno por entrada")
            continue
        validas.append(real)
    dia = r.fecha(fecha, "fecha del turno") or date.today()
    if dia < e.fecha_recepcion:
        r.problema("fecha del turno", f"es anterior a la recepción ({formato.fecha_corta(e.fecha_recepcion)})")
    if dia > date.today():
        r.problema("fecha del turno", f"({formato.fecha_corta(dia)}) está en el futuro")
    if plazo in (None, "") and plazo_dias in (None, ""):
        fecha_plazo, dias = e.plazo, None
    else:
        fecha_plazo, dias = _plazo(r, plazo=plazo, plazo_dias=plazo_dias, desde=dia, cal=cal, lugar="plazo del turno",
                                   defecto=None)
    titulares: dict[str, op.Titular] = {}
    if tarjeta:
        if (para or para_cargo) and len(validas) > 1:
            r.problema("para", "--para y --para-cargo se usan al turnar a una sola área",
                       "turne a cada área por separado o registre sus titulares en archivo.toml")
        for area in validas:
            if para:
                nombre_area = config.area(area).nombre
                titulares[area] = op.Titular(para.strip(), (para_cargo or "").strip() or f"Titular de {nombre_area}")
                continue
            t = op.titular(raiz, opciones, area)
            if t is None:
                r.problema("para", f"no se sabe a quién dirigir la tarjeta para {area}",
                           f"indique --para NOMBRE --para-cargo CARGO, o agréguelo a archivo.toml: "
                           f"[correspondencia.titulares] {area} = {{ nombre = \"…\", cargo = \"…\" }}")
            else:
                titulares[area] = t
    r.lanzar("No se turnó la entrada;")

    with cat.transaccion("turnar entrada") as tx:
        creados = []
        for area in validas:
            cur = tx.execute(
                "INSERT INTO turnos (entrada_id, area, fecha, plazo, plazo_dias, instrucciones, registrado, "
                "registrado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (e.id, area, dia.isoformat(), fecha_plazo.isoformat() if fecha_plazo else None, dias,
                 (instrucciones or "").strip(), tx.momento, cat.usuario))
            turno_id = int(cur.lastrowid)
            tarjeta_folio = None
            if tarjeta:
                datos = _datos_tarjeta(e, raiz, titulares[area], fecha_plazo, instrucciones, sintesis)
                if e.procedimiento_id is not None:
                    preparado, problemas = generacion.preparar(
                        tx, PLANTILLA_TARJETA, datos=datos, procedimiento_id=e.procedimiento_id, fecha=dia,
                        paso=PASOS_ENTRADA["tarjeta"][0], lugar=f"tarjeta para {area}")
                else:
                    preparado, problemas = generacion.preparar(
                        tx, PLANTILLA_TARJETA, datos=datos, expediente=expediente_vinculacion(tx, dia), fecha=dia,
                        lugar=f"tarjeta para {area}")
                if problemas or preparado is None:
                    raise EntradaInvalida("No se turnó la entrada: la tarjeta informativa no se pudo llenar "
                                          f"({len(problemas)} problema(s)); revise la plantilla "
                                          f"«{PLANTILLA_TARJETA}»:", problemas)
                doc = generacion.emitir_en(tx, preparado)
                tarjeta_folio = doc.folio
                tx.execute("UPDATE turnos SET tarjeta_id = ? WHERE id = ?", (doc.id, turno_id))
            _marcar(tx, e.procedimiento_id, PASOS_ENTRADA["tarjeta"], f"Turno a {area}"
                    + (f", tarjeta {tarjeta_folio}" if tarjeta_folio else ""))
            tx.registrar("turno", f"{e.folio}:{area}", None, {
                "fecha": dia, "plazo": fecha_plazo, "tarjeta": tarjeta_folio, "instrucciones": instrucciones})
            creados.append(turno_id)
        if e.responde_a_salida is not None:  # INE's answer to a request: notified to the área that asked
            fila = tx.uno("SELECT procedimiento_id FROM salidas WHERE id = ?", (e.responde_a_salida,))
            if fila and fila["procedimiento_id"]:
                _marcar(tx, fila["procedimiento_id"], PASOS_SALIDA["notificacion"], f"Entrada {e.folio} turnada")
                _concluir_procedimiento(tx, fila["procedimiento_id"])
        if not e.requiere_respuesta:
            tx.execute("UPDATE entradas SET concluido = ?, motivo_conclusion = ? WHERE id = ? AND concluido IS NULL",
                       (dia.isoformat(), f"Para conocimiento: turnada a {', '.join(validas)}.", e.id))
        estado = _recalcular(tx, e.id)
        tx.registrar("entrada", e.folio, {"estado": e.estado}, {"estado": estado, "turnada_a": validas})
    turnos = obtener_entrada(cat, e.id).turnos
    return [t for t in turnos if t.id in creados]


def _turno_de(e: Entrada, area: str | None, estados: Sequence[str]) -> Turno:
    candidatos = [t for t in e.turnos if t.estado in estados]
    if area:
        elegido = next((t for t in e.turnos if t.area.lower() == area.strip().lower()), None)
        if elegido is None:
            turnadas = ", ".join(t.area for t in e.turnos) or "ninguna"
            raise EntradaInvalida(f"La entrada {e.folio} no está turnada a «{area}»; áreas turnadas: {turnadas}.")
        return elegido
    if len(candidatos) == 1:
        return candidatos[0]
    if not e.turnos:
        raise EntradaInvalida(f"La entrada {e.folio} no se ha turnado a ninguna área; túrnela primero con "
                              f"«archivo correspondencia turnar {e.folio} --area SIGLAS».")
    if not candidatos:
        raise EntradaInvalida(f"Los turnos de la entrada {e.folio} ya están atendidos.")
    raise EntradaInvalida(f"La entrada {e.folio} está turnada a varias áreas ({', '.join(t.area for t in candidatos)});"
                          " indique cuál con --area.")


def en_atencion(cat: Catalogo, referencia: Any, *, area: str | None = None, fecha: Any = None) -> Turno:
    """The área started working on its turno (the entrada is «en atención»)."""
    e = obtener_entrada(cat, referencia)
    _exigir_abierta(e, "modificar sus turnos")
    t = _turno_de(e, area, ("turnado",))
    if t.estado != "turnado":
        raise ArchivoError(f"El turno a {t.area} ya está «{t.estado}».")
    r = _Revision()
    dia = r.fecha(fecha, "fecha") or date.today()
    if dia < t.fecha:
        r.problema("fecha", f"es anterior al turno ({formato.fecha_corta(t.fecha)})")
    r.lanzar("No se registró;")
    with cat.transaccion("turno en atención") as tx:
        tx.execute("UPDATE turnos SET estado = 'en atención', en_atencion = ? WHERE id = ?", (dia.isoformat(), t.id))
        tx.registrar("turno", f"{e.folio}:{t.area}", {"estado": t.estado}, {"estado": "en atención", "fecha": dia})
        _recalcular(tx, e.id)
    return next(x for x in obtener_entrada(cat, e.id).turnos if x.id == t.id)


def atender(cat: Catalogo, referencia: Any, *, area: str | None = None, fecha: Any = None, numero: str = "",
            archivo: Path | str | None = None) -> Turno:
    """The área answered its turno (its oficio, optionally with the file): the turno is «atendido»; when every
    turno is, the entrada is «atendido» and waits for the salida that answers it."""
    raiz = cat.raiz
    e = obtener_entrada(cat, referencia)
    _exigir_abierta(e, "registrar respuestas de las áreas")
    t = _turno_de(e, area, ("turnado", "en atención"))
    if t.estado == "atendido":
        raise ArchivoError(f"El turno a {t.area} ya está atendido desde el {formato.fecha_corta(t.atendido)}.")
    r = _Revision()
    dia = r.fecha(fecha, "fecha") or date.today()
    if dia < t.fecha:
        r.problema("fecha", f"es anterior al turno ({formato.fecha_corta(t.fecha)})")
    if dia > date.today():
        r.problema("fecha", f"({formato.fecha_corta(dia)}) está en el futuro")
    preparados = _preparar_archivos(raiz, [archivo] if archivo else [], r, "archivo")
    r.lanzar("No se registró la respuesta del área;")
    with cat.transaccion("registrar respuesta de área") as tx:
        documento_id = None
        if preparados:
            titulo = (f"Respuesta de {t.area} {numero.strip() + ' ' if numero.strip() else ''}a la entrada "
                      f"{e.folio} ({e.numero})")
            documento_id = _importar_archivos(tx, preparados, asunto=titulo, numero=numero.strip() or None,
                                              fecha=dia)[0]
        tx.execute("UPDATE turnos SET estado = 'atendido', atendido = ?, respuesta_numero = ?, "
                   "respuesta_documento_id = ? WHERE id = ?", (dia.isoformat(), numero.strip(), documento_id, t.id))
        tx.registrar("turno", f"{e.folio}:{t.area}", {"estado": t.estado},
                     {"estado": "atendido", "fecha": dia, "respuesta": numero.strip(), "documento": documento_id})
        if _recalcular(tx, e.id) == "atendido":
            _marcar(tx, e.procedimiento_id, PASOS_ENTRADA["respuesta_area"], f"Respuesta de {t.area}")
    return next(x for x in obtener_entrada(cat, e.id).turnos if x.id == t.id)


def concluir(cat: Catalogo, referencia: Any, *, motivo: str, fecha: Any = None) -> Entrada:
    """Close an entrada without a salida (for knowledge only, answered by other means…), with its reason."""
    e = obtener_entrada(cat, referencia)
    _exigir_abierta(e, "concluirla de nuevo")
    r = _Revision()
    if not (motivo or "").strip():
        r.problema("motivo", "indique por qué se concluye sin respuesta", "p. ej. «Para conocimiento»")
    dia = r.fecha(fecha, "fecha") or date.today()
    if dia < e.fecha_recepcion:
        r.problema("fecha", f"es anterior a la recepción ({formato.fecha_corta(e.fecha_recepcion)})")
    r.lanzar("No se concluyó la entrada;")
    with cat.transaccion("concluir entrada") as tx:
        tx.execute("UPDATE entradas SET concluido = ?, motivo_conclusion = ? WHERE id = ?",
                   (dia.isoformat(), motivo.strip(), e.id))
        _recalcular(tx, e.id)
        tx.registrar("entrada", e.folio, {"estado": e.estado}, {"estado": "concluido", "fecha": dia,
                                                                 "motivo": motivo.strip()})
    return obtener_entrada(cat, e.id)


# --- salidas -------------------------------------------------------------------------------------------------


def registrar_salida(cat: Catalogo, *, responde_a: Sequence[str] = (), folio: str | None = None,
                     plantilla: str | None = None, datos: dict[str, Any] | None = None,
                     archivo: Path | str | None = None, numero: str | None = None, tipo: str = "oficio",
                     fecha: Any = None, medio: str = "sivople", actividad_sivople: str = "",
                     destinatario_institucion: str | None = None, destinatario_area: str | None = None,
                     destinatario_persona: str | None = None, asunto: str | None = None, anexos: str = "",
                     espera_respuesta: bool = False, plazo: Any = None, plazo_dias: Any = None,
                     acuse: Path | str | None = None, acuse_fecha: Any = None, confirmar: bool = False,
                     mismo_asunto: str | None = None, abrir_procedimiento: bool | None = None,
                     area: str | None = None, firmante: str | None = None, observaciones: str = "") -> Salida:
    """Register a document sent, in one step: an oficio archivo already issued (``folio``), one issued now from a
    template (``plantilla`` + ``datos``), or an external file (``archivo``, with its ``numero``). A salida that
    answers entradas closes them; one that ``espera_respuesta`` waits for its answer (an entrada) like an entrada
    waits for its salida. Linking entradas of different asuntos needs ``confirmar``."""
    raiz = cat.raiz
    opciones = op.configuracion(raiz)
    cal = Calendario.de(raiz)
    r = _Revision()
    fuentes = [n for n, v in (("--folio", folio), ("--plantilla", plantilla), ("--archivo", archivo)) if v]
    if len(fuentes) > 1:
        r.problema("documento", f"indique el documento de una sola forma, no {' y '.join(fuentes)}",
                   "--folio (ya emitido), --plantilla (se emite ahora) o --archivo (externo)")
    entradas: list[Entrada] = []
    for ref in dict.fromkeys(responde_a):
        try:
            entradas.append(obtener_entrada(cat, ref))
        except ArchivoError as err:
            r.problema("responde a", err.mensaje)
    asunto_previo = None
    if mismo_asunto:
        try:
            asunto_previo = obtener(cat, mismo_asunto).asunto_id
        except ArchivoError as err:
            r.problema("mismo asunto que", err.mensaje)
    clave_medio = op.medio(medio)
    if clave_medio is None:
        r.problema("medio", f"«{medio}» no es un medio de envío", f"use: {', '.join(op.MEDIOS.values())}")
    clave_tipo = op.tipo(tipo)
    if clave_tipo is None:
        r.problema("tipo", f"«{tipo}» no es un tipo de documento", f"use: {', '.join(op.TIPOS.values())}")
    dia = r.fecha(fecha, "fecha de envío") or date.today()
    if dia > date.today():
        r.problema("fecha de envío", f"({formato.fecha_corta(dia)}) está en el futuro")
    for e in entradas:
        if dia < e.fecha_recepcion:
            r.problema("fecha de envío", f"es anterior a la recepción de la entrada {e.folio} "
                                         f"({formato.fecha_corta(e.fecha_recepcion)})")
    documento = None
    if folio:
        try:
            documento = documentos.obtener(cat, folio)
        except ArchivoError as err:
            r.problema("--folio", err.mensaje)
        else:
            if documento.estado != "emitido":
                r.problema("--folio", f"el documento {documento.etiqueta} está «{documento.estado}»",
                           "solo se envía un documento emitido")
            previa = cat.uno("SELECT folio FROM salidas WHERE documento_id = ?", (documento.id,))
            if previa:
                raise Duplicado(f"El documento {documento.etiqueta} ya está registrado como la salida {previa[0]}; "
                                f"no se registró de nuevo. Consúltela con «archivo correspondencia ver {previa[0]}».",
                                previa[0])
    if archivo and not (numero or "").strip():
        r.problema("--numero", "indique el número del documento externo tal como está escrito")
    if not folio and not plantilla and not archivo and not (numero or "").strip():
        r.problema("documento", "falta el documento enviado",
                   "indique --folio (emitido en archivo), --plantilla (se emite ahora), --archivo con --numero "
                   "(externo) o al menos --numero")
    preparados = _preparar_archivos(raiz, [archivo] if archivo else [], r, "archivo",
                                    op.TIPO_ACERVO.get(clave_tipo or ""))
    acuse_preparado = _preparar_archivos(raiz, [acuse] if acuse else [], r, "acuse")
    fecha_acuse = r.fecha(acuse_fecha, "fecha del acuse") if acuse_fecha not in (None, "") else (dia if acuse else None)
    if acuse_fecha not in (None, "") and not acuse:
        r.problema("fecha del acuse", "se indica junto con el archivo del acuse")
    if fecha_acuse is not None and fecha_acuse < dia:
        r.problema("fecha del acuse", f"es anterior al envío ({formato.fecha_corta(dia)})")
    if (existente := _existente_por_contenido(cat, preparados + acuse_preparado, "salidas")) is not None:
        raise Duplicado(f"El archivo {existente[1]} ya está registrado con la salida {existente[0]}; no se registró "
                        f"de nuevo. Consúltela con «archivo correspondencia ver {existente[0]}».", existente[0])
    if (numero or "").strip() and not folio and not plantilla:
        previa = cat.uno("SELECT folio FROM salidas WHERE numero_normal = ?", (normalizar_numero(numero),))
        if previa:
            raise Duplicado(f"El documento {numero.strip()} ya está registrado como la salida {previa[0]}; no se "
                            f"registró de nuevo. Consúltela con «archivo correspondencia ver {previa[0]}».", previa[0])
    fecha_plazo, dias = (None, None)
    if espera_respuesta:
        fecha_plazo, dias = _plazo(r, plazo=plazo, plazo_dias=plazo_dias, desde=dia, cal=cal,
                                   lugar="plazo de respuesta", defecto=None)
    elif plazo not in (None, "") or plazo_dias not in (None, ""):
        r.problema("plazo de respuesta", "un plazo de respuesta solo aplica a una salida que espera respuesta",
                   "agregue --espera-respuesta")
    primera = entradas[0] if entradas else None
    institucion = (destinatario_institucion or "").strip() or (primera.remitente_institucion if primera else "")
    area_dest = (destinatario_area if destinatario_area is not None else
                 (primera.remitente_area if primera and not destinatario_institucion else "")).strip()
    persona_dest = (destinatario_persona if destinatario_persona is not None else
                    (primera.remitente_persona if primera and not destinatario_institucion else "")).strip()
    if not institucion:
        r.problema("destinatario", "falta la institución destinataria", "p. ej. Instituto Nacional Electoral")
    texto_asunto = (asunto or "").strip() or (documento.asunto if documento else "")
    if not texto_asunto and not plantilla and entradas:
        texto_asunto = "Respuesta " + ", ".join(
            f"{'al' if _ARTICULOS.get(x.tipo, ('el', 'o'))[0] == 'el' else 'a la'} "
            f"{x.tipo_nombre.lower() if x.tipo != 'otro' else 'documento'} {x.numero}" for x in entradas)
    if not texto_asunto and not plantilla:
        r.problema("asunto", "falta el asunto", "una oración que diga de qué trata el documento enviado")
    asuntos = {x.asunto_id for x in entradas} | ({asunto_previo} if asunto_previo else set())
    r.lanzar("No se registró la salida;")
    if len(asuntos) > 1 and not confirmar:
        detalle = "; ".join(f"{x.folio} ({x.numero}): asunto #{x.asunto_id}" for x in entradas)
        raise ConfirmacionRequerida(
            "La salida respondería a entradas de asuntos distintos (" + detalle + "). Si es correcto, repita con "
            "--confirmar; si no, revise a qué entradas responde.")
    assert clave_medio and clave_tipo
    procedimiento_id = next((x.procedimiento_id for x in entradas if x.procedimiento_id), None)
    abrir = (opciones.abrir_procedimiento and espera_respuesta and not entradas
             if abrir_procedimiento is None else abrir_procedimiento) and procedimiento_id is None

    with cat.transaccion("registrar salida") as tx:
        if entradas:
            asunto_id = entradas[0].asunto_id
        elif asunto_previo is not None:
            asunto_id = asunto_previo
        else:
            asunto_id = _nuevo_asunto(tx, texto_asunto or "Salida")
        tipo_proc = op.TIPO_PROC_ENTRADA
        if abrir:
            proc = procedimientos.abrir_en(tx, op.MECANISMO, _titulo_procedimiento(
                clave_tipo, (numero or folio or "").strip() or "(por emitir)", texto_asunto or "Solicitud al INE"),
                tipo=op.TIPO_PROC_SALIDA, fecha=dia, area=opciones.area)
            procedimiento_id, tipo_proc = proc.id, op.TIPO_PROC_SALIDA
            _marcar(tx, procedimiento_id, PASOS_SALIDA["solicitud"], "Solicitud del área")
        elif procedimiento_id is not None:
            tipo_proc = tx.uno("SELECT tipo FROM procedimientos WHERE id = ?", (procedimiento_id,))["tipo"]
        pasos = PASOS_SALIDA if tipo_proc == op.TIPO_PROC_SALIDA else PASOS_ENTRADA
        documento_id = documento.id if documento else None
        numero_salida = documento.folio if documento and documento.folio else (numero or "").strip()
        if plantilla:
            paso_oficio = pasos["oficio"][0]
            if procedimiento_id is not None:
                preparado, problemas = generacion.preparar(tx, plantilla, datos=datos or {}, fecha=dia, area=area,
                                                           firmante=firmante, procedimiento_id=procedimiento_id,
                                                           paso=paso_oficio, lugar="oficio")
            else:
                preparado, problemas = generacion.preparar(tx, plantilla, datos=datos or {}, fecha=dia, area=area,
                                                           firmante=firmante, expediente=expediente_vinculacion(tx, dia),
                                                           lugar="oficio")
            if problemas or preparado is None:
                raise EntradaInvalida(f"No se registró la salida: el documento no se pudo generar; hay "
                                      f"{len(problemas)} problema(s):", problemas)
            emitido = generacion.emitir_en(tx, preparado)
            documento_id, numero_salida = emitido.id, emitido.folio or ""
            texto_asunto = texto_asunto or emitido.asunto
        titulo_doc = f"{op.TIPOS[clave_tipo]} {numero_salida} enviado a {remitente_texto(institucion, area_dest)}: " \
                     f"{texto_asunto}"
        if preparados:
            documento_id = _importar_archivos(tx, preparados, asunto=titulo_doc, numero=numero_salida, fecha=dia)[0]
        acuse_id = None
        if acuse_preparado:
            acuse_id = _importar_archivos(tx, acuse_preparado, asunto=f"Acuse de {titulo_doc}", numero=None,
                                          fecha=fecha_acuse or dia)[0]
        consecutivo, folio_registro = _siguiente(tx, "salidas", opciones.folio_salida, dia.year)
        cur = tx.execute(
            "INSERT INTO salidas (folio, anio, consecutivo, numero, numero_normal, tipo, documento_id, fecha, medio, "
            "actividad_sivople, destinatario_institucion, destinatario_area, destinatario_persona, asunto, anexos, "
            "acuse_documento_id, acuse_fecha, espera_respuesta, plazo_respuesta, asunto_id, procedimiento_id, "
            "observaciones, registrado, registrado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?)",
            (folio_registro, dia.year, consecutivo, numero_salida, normalizar_numero(numero_salida), clave_tipo,
             documento_id, dia.isoformat(), clave_medio, (actividad_sivople or "").strip(), institucion, area_dest,
             persona_dest, texto_asunto, (anexos or "").strip(), acuse_id,
             fecha_acuse.isoformat() if acuse_id and fecha_acuse else None, int(bool(espera_respuesta)),
             fecha_plazo.isoformat() if fecha_plazo else None, asunto_id, procedimiento_id,
             (observaciones or "").strip(),
             tx.momento, cat.usuario))
        salida_id = int(cur.lastrowid)
        nota = f"Salida {folio_registro} ({numero_salida})"
        for e in entradas:
            tx.execute("INSERT INTO respuestas (salida_id, entrada_id) VALUES (?, ?)", (salida_id, e.id))
            if e.estado != "concluido":
                tx.execute("UPDATE entradas SET concluido = ?, motivo_conclusion = ? WHERE id = ?",
                           (dia.isoformat(), f"Respondida con {numero_salida or folio_registro}.", e.id))
                _recalcular(tx, e.id)
                tx.registrar("entrada", e.folio, {"estado": e.estado}, {"estado": "concluido", "salida": folio_registro})
            _marcar(tx, e.procedimiento_id, [*PASOS_ENTRADA["oficio"], *PASOS_ENTRADA["registro_salida"],
                                             *(PASOS_ENTRADA["sivople"] if clave_medio == "sivople" else ())], nota)
            _concluir_procedimiento(tx, e.procedimiento_id)
        if not entradas and procedimiento_id is not None:
            _marcar(tx, procedimiento_id, [*pasos["oficio"], *pasos["registro_salida"]], nota)
        salida = obtener_salida(tx, salida_id)
        tx.registrar("salida", folio_registro, None, {
            "numero": numero_salida, "documento": documento_id, "fecha": dia, "medio": clave_medio,
            "destinatario": salida.destinatario, "asunto": texto_asunto, "responde_a": [e.folio for e in entradas],
            "acuse": acuse_id, "espera_respuesta": bool(espera_respuesta), "plazo_respuesta": fecha_plazo})
    return obtener_salida(cat, salida_id)


def registrar_acuse(cat: Catalogo, referencia: Any, archivo: Path | str, *, fecha: Any = None) -> Salida:
    """Attach the acuse (the receipt of the salida: SIVOPLE's, a stamped copy) and its date."""
    s = obtener_salida(cat, referencia)
    if s.acuse_documento_id is not None:
        raise ArchivoError(f"La salida {s.folio} ya tiene su acuse (del {formato.fecha_corta(s.acuse_fecha)}); un "
                           "documento archivado no se sustituye.")
    r = _Revision()
    dia = r.fecha(fecha, "fecha del acuse") or date.today()
    if dia < s.fecha:
        r.problema("fecha del acuse", f"es anterior al envío ({formato.fecha_corta(s.fecha)})")
    if dia > date.today():
        r.problema("fecha del acuse", f"({formato.fecha_corta(dia)}) está en el futuro")
    preparados = _preparar_archivos(cat.raiz, [archivo], r, "acuse")
    if (existente := _existente_por_contenido(cat, preparados, "salidas")) is not None:
        raise Duplicado(f"El archivo {existente[1]} ya está registrado con la salida {existente[0]}.", existente[0])
    r.lanzar("No se registró el acuse;")
    with cat.transaccion("registrar acuse") as tx:
        acuse_id = _importar_archivos(tx, preparados, asunto=f"Acuse de {s.tipo_nombre.lower()} {s.numero} enviado "
                                      f"a {s.destinatario}: {s.asunto}", numero=None, fecha=dia)[0]
        tx.execute("UPDATE salidas SET acuse_documento_id = ?, acuse_fecha = ? WHERE id = ?",
                   (acuse_id, dia.isoformat(), s.id))
        tx.registrar("salida", s.folio, {"acuse": None}, {"acuse": acuse_id, "fecha": dia})
    return obtener_salida(cat, s.id)


def vincular(cat: Catalogo, salida: Any, entrada: Any, *, confirmar: bool = False) -> Salida:
    """Record that a salida answers an entrada (closing it), after the fact."""
    s = obtener_salida(cat, salida)
    e = obtener_entrada(cat, entrada)
    if any(x["id"] == e.id for x in s.responde_a):
        raise ArchivoError(f"La salida {s.folio} ya responde a la entrada {e.folio}.")
    if s.fecha < e.fecha_recepcion:
        raise EntradaInvalida(f"La salida {s.folio} ({formato.fecha_corta(s.fecha)}) es anterior a la recepción de "
                              f"la entrada {e.folio} ({formato.fecha_corta(e.fecha_recepcion)}); no puede responderla.")
    if s.asunto_id != e.asunto_id and not confirmar:
        raise ConfirmacionRequerida(
            f"La salida {s.folio} es del asunto #{s.asunto_id} y la entrada {e.folio} ({e.numero}) del asunto "
            f"#{e.asunto_id}. Si de verdad la responde, repita con --confirmar.")
    with cat.transaccion("vincular salida con entrada") as tx:
        tx.execute("INSERT INTO respuestas (salida_id, entrada_id) VALUES (?, ?)", (s.id, e.id))
        if e.estado != "concluido":
            tx.execute("UPDATE entradas SET concluido = ?, motivo_conclusion = ? WHERE id = ?",
                       (s.fecha.isoformat(), f"Respondida con {s.numero or s.folio}.", e.id))
            _recalcular(tx, e.id)
        _marcar(tx, e.procedimiento_id, [*PASOS_ENTRADA["oficio"], *PASOS_ENTRADA["registro_salida"],
                                         *(PASOS_ENTRADA["sivople"] if s.medio == "sivople" else ())],
                f"Salida {s.folio} ({s.numero})")
        _concluir_procedimiento(tx, e.procedimiento_id)
        tx.registrar("respuesta", f"{s.folio}:{e.folio}", None, {"salida": s.folio, "entrada": e.folio})
    return obtener_salida(cat, s.id)


# --- the manual's procedures opened from the register ---------------------------------------------------------


def abrir_procedimiento(cat: Catalogo, referencia: Any) -> procedimientos.Procedimiento:
    """Open the manual's procedure of an entrada («Notificación a las áreas…») or of a salida («Notificación al
    INE…») and mark the steps the register already shows done."""
    opciones = op.configuracion(cat.raiz)
    registro = obtener(cat, referencia)
    if registro.procedimiento_id is not None:
        raise ArchivoError(f"{registro.folio} ya tiene su procedimiento ({registro.procedimiento_id}); consúltelo con "
                           f"«archivo procedimiento ver {registro.procedimiento_id}».")
    with cat.transaccion("abrir procedimiento de correspondencia") as tx:
        if isinstance(registro, Entrada):
            e = registro
            proc = procedimientos.abrir_en(tx, op.MECANISMO, _titulo_procedimiento(e.tipo, e.numero, e.asunto),
                                           tipo=op.TIPO_PROC_ENTRADA, fecha=e.fecha_recepcion, area=opciones.area)
            tx.execute("UPDATE entradas SET procedimiento_id = ? WHERE id = ?", (proc.id, e.id))
            _marcar(tx, proc.id, PASOS_ENTRADA["recepcion"], f"Entrada {e.folio}")
            if e.turnos:
                _marcar(tx, proc.id, PASOS_ENTRADA["tarjeta"], "Turnada a " + ", ".join(t.area for t in e.turnos))
            if e.turnos and all(t.estado == "atendido" for t in e.turnos):
                _marcar(tx, proc.id, PASOS_ENTRADA["respuesta_area"], "Respuestas de las áreas")
            for s in e.respuestas:
                _marcar(tx, proc.id, [*PASOS_ENTRADA["oficio"], *PASOS_ENTRADA["registro_salida"],
                                      *(PASOS_ENTRADA["sivople"] if s["medio"] == "sivople" else ())],
                        f"Salida {s['folio']} ({s['numero']})")
            if e.estado == "concluido":
                _concluir_procedimiento(tx, proc.id)
        else:
            s = registro
            proc = procedimientos.abrir_en(tx, op.MECANISMO, _titulo_procedimiento(s.tipo, s.numero, s.asunto),
                                           tipo=op.TIPO_PROC_SALIDA, fecha=s.fecha, area=opciones.area)
            tx.execute("UPDATE salidas SET procedimiento_id = ? WHERE id = ?", (proc.id, s.id))
            _marcar(tx, proc.id, [*PASOS_SALIDA["solicitud"], *PASOS_SALIDA["oficio"],
                                  *PASOS_SALIDA["registro_salida"]], f"Salida {s.folio} ({s.numero})")
            if s.respuestas_recibidas:
                _marcar(tx, proc.id, PASOS_SALIDA["respuesta"], f"Entrada {s.respuestas_recibidas[0]['folio']}")
        tx.registrar("procedimiento", proc.id, None, {"desde": registro.folio})
    return procedimientos.obtener(cat, proc.id)
