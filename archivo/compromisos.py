"""Compromisos y acuerdos de la Comisión: the ledger, its history, and the informe presented at each session.

Each item is born at a session of the Comisión (date, type and ordinal: «Tercera sesión extraordinaria») and has a
text and an área responsable. Its state — avance, estatus (en curso / concluido), % de avance and the acuerdos that
fulfilled it — lives in ``compromiso_estados``, an append-only history: an update adds a row dated when it holds,
and the item shows its latest row. An informe with a corte shows each item as it stood on that date.

Carry-over rule (``seleccion``): an informe with corte C reports every item born on or before C, except those an
earlier informe (corte before C, not cancelled) already reported as concluido. So an item still open carries into
the next informe, an item concluded since the last informe is reported once more as concluded, and then drops out.

The informe (``construir_informe``) follows seed 001: title, the session and punto it is presented at, índice,
I. Glosario, II. Presentación, III. Contenido (count table by session and the totals sentence), IV. Anexo (the
table of items, with real footnotes citing the acuerdos that fulfilled them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archivo import sesiones
from archivo.archivistica import documentos, expedientes
from archivo.base import formato, lectura
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida, NoEncontrado, Problema
from archivo.base.raiz import Raiz
from archivo.base.valores import ValorInvalido, a_id, a_porcentaje
from archivo.plantillas import compilacion
from archivo.word import marco
from archivo.word.informe import DocumentoWord, Negrita, Parte

TIPOS_SESION = ("ordinaria", "extraordinaria")
ESTATUS = ("en curso", "concluido")
SERIE = "informe"
EXPEDIENTE = ("mecanismo", "comision-seguimiento", "Comisión de Seguimiento: compromisos y acuerdos")


_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Acuerdo:
    """An acuerdo that fulfilled an item (e.g. INE/JGE38/2024), with the link the footnote cites."""

    acuerdo: str
    liga: str = ""

    def como_dict(self) -> dict[str, str]:
        return {"acuerdo": self.acuerdo, "liga": self.liga}


@dataclass(frozen=True)
class Estado:
    """One row of an item's history."""

    id: int
    fecha: date
    avance: str
    estatus: str
    porcentaje: int
    acuerdos: tuple[Acuerdo, ...]
    registrado: str
    registrado_por: str

    def como_dict(self) -> dict[str, Any]:
        return {"fecha": self.fecha.isoformat(), "avance": self.avance, "estatus": self.estatus,
                "porcentaje": self.porcentaje, "acuerdos": [a.como_dict() for a in self.acuerdos],
                "registrado": self.registrado, "registrado_por": self.registrado_por}


@dataclass
class Compromiso:
    id: int
    sesion_fecha: date
    sesion_tipo: str
    sesion_numero: int
    sesion_id: int | None
    texto: str
    area: str
    creado: str
    creado_por: str
    historial: list[Estado] = field(default_factory=list)

    @property
    def estado(self) -> Estado:
        return self.historial[-1]

    def estado_al(self, corte: date) -> Estado | None:
        """The state on ``corte``: the latest history row dated on or before it."""
        vigente = None
        for e in self.historial:
            if e.fecha <= corte:
                vigente = e
        return vigente

    @property
    def sesion(self) -> str:
        return descripcion_sesion(self.sesion_numero, self.sesion_tipo)

    def como_dict(self) -> dict[str, Any]:
        e = self.estado
        return {
            "id": self.id, "sesion_fecha": self.sesion_fecha.isoformat(), "sesion_tipo": self.sesion_tipo,
            "sesion_numero": self.sesion_numero, "sesion": self.sesion, "sesion_id": self.sesion_id,
            "texto": self.texto, "area": self.area, "avance": e.avance, "estatus": e.estatus,
            "porcentaje": e.porcentaje, "acuerdos": [a.como_dict() for a in e.acuerdos],
            "actualizado": e.fecha.isoformat(), "creado": self.creado, "creado_por": self.creado_por,
        }


def descripcion_sesion(numero: int, tipo: str) -> str:
    """3, 'extraordinaria' -> 'Tercera sesión extraordinaria'."""
    ordinal = formato.ordinal_femenino(numero)
    return f"{ordinal[:1].upper()}{ordinal[1:]} sesión {tipo}"


# --- reading ----------------------------------------------------------------------------------------


def _estado_de_fila(f: Any) -> Estado:
    return Estado(id=f["id"], fecha=date.fromisoformat(f["fecha"]), avance=f["avance"], estatus=f["estatus"],
                  porcentaje=int(f["porcentaje"]),
                  acuerdos=tuple(Acuerdo(a["acuerdo"], a.get("liga", "")) for a in json.loads(f["acuerdos"])),
                  registrado=f["registrado"], registrado_por=f["registrado_por"])


def _cargar(cat: Catalogo | Transaccion, filas: Iterable[Any]) -> list[Compromiso]:
    salida = []
    por_id: dict[int, Compromiso] = {}
    for f in filas:
        c = Compromiso(id=f["id"], sesion_fecha=date.fromisoformat(f["sesion_fecha"]), sesion_tipo=f["sesion_tipo"],
                       sesion_numero=int(f["sesion_numero"]), sesion_id=f["sesion_id"], texto=f["texto"],
                       area=f["area"], creado=f["creado"], creado_por=f["creado_por"])
        salida.append(c)
        por_id[c.id] = c
    if por_id:
        marcas = ",".join("?" * len(por_id))
        for e in cat.todos(f"SELECT * FROM compromiso_estados WHERE compromiso_id IN ({marcas}) "
                           "ORDER BY compromiso_id, fecha, id", list(por_id)):
            por_id[e["compromiso_id"]].historial.append(_estado_de_fila(e))
    return salida


def obtener(cat: Catalogo | Transaccion, numero: int | str) -> Compromiso:
    ident = a_id(numero)
    fila = cat.uno("SELECT * FROM compromisos WHERE id = ?", (ident,)) if ident is not None else None
    if fila is None:
        raise NoEncontrado(f"No existe el compromiso «{numero}». Consulte los números con «archivo compromisos lista».")
    return _cargar(cat, [fila])[0]


def clave_sesion(c: Compromiso) -> str:
    """The session an item was born at, as one value (for a filter): «2024-03-13/ordinaria/1»."""
    return f"{c.sesion_fecha.isoformat()}/{c.sesion_tipo}/{c.sesion_numero}"


def lista(cat: Catalogo | Transaccion, *, estatus: str | None = None, area: str | None = None,
          sesion: str | None = None) -> list[Compromiso]:
    """Every item with its current state, in order of session date and number; filtered by estatus, área (part of
    its name, accents and case aside) and the session it was born at (``clave_sesion``)."""
    items = _cargar(cat, cat.todos("SELECT * FROM compromisos ORDER BY sesion_fecha, id"))
    if estatus:
        items = [c for c in items if c.estado.estatus == estatus]
    if area:
        buscada = formato.plegar(area)
        items = [c for c in items if buscada in formato.plegar(c.area)]
    if sesion:
        items = [c for c in items if clave_sesion(c) == sesion]
    return items


def sesiones_de_origen(cat: Catalogo | Transaccion) -> list[tuple[str, str]]:
    """(clave_sesion, «Tercera sesión extraordinaria, 9 de octubre de 2023») of every session items were born at,
    oldest first."""
    filas = cat.todos("SELECT DISTINCT sesion_fecha, sesion_tipo, sesion_numero FROM compromisos "
                      "ORDER BY sesion_fecha, sesion_tipo, sesion_numero")
    return [(f"{f[0]}/{f[1]}/{f[2]}", f"{descripcion_sesion(f[2], f[1])}, {formato.fecha_larga(f[0])}")
            for f in filas]


def areas(cat: Catalogo | Transaccion) -> list[str]:
    """The áreas responsables written so far (to suggest them)."""
    return [f[0] for f in cat.todos("SELECT DISTINCT area FROM compromisos ORDER BY area")]


@dataclass(frozen=True)
class InformeEmitido:
    corte: date
    documento_id: int
    folio: str | None
    fecha: str
    estado: str
    asunto: str
    total: int
    concluidos: int


def informes(cat: Catalogo | Transaccion) -> list[InformeEmitido]:
    """The informes issued, newest first, with how many items each reported and how many as concluded."""
    filas = cat.todos(
        "SELECT n.corte, n.documento_id, d.folio, d.fecha, d.estado, d.asunto, COUNT(i.compromiso_id) AS total, "
        "COALESCE(SUM(i.estatus = 'concluido'), 0) AS concluidos FROM compromiso_informes n "
        "JOIN documentos d ON d.id = n.documento_id LEFT JOIN compromiso_informe_items i ON i.informe_id = n.id "
        "GROUP BY n.id ORDER BY n.corte DESC, n.id DESC")
    return [InformeEmitido(date.fromisoformat(f["corte"]), f["documento_id"], f["folio"], f["fecha"], f["estado"],
                           f["asunto"], f["total"], f["concluidos"]) for f in filas]


def documentos_de_acuerdos(cat: Catalogo | Transaccion, acuerdos: Iterable[Acuerdo]) -> dict[str, int]:
    """acuerdo → id of the archive's document that carries that number (issued folio or an imported acuerdo's
    own number), for the acuerdos the archive holds."""
    salida = {}
    for a in acuerdos:
        if a.acuerdo.strip().lstrip("#").isdigit():  # not an acuerdo's number: never an archive id
            continue
        try:
            salida[a.acuerdo] = sesiones.resolver_documento(cat, a.acuerdo).id
        except NoEncontrado:
            continue
    return salida


# --- validation -------------------------------------------------------------------------------------


def leer_acuerdo(texto: str) -> Acuerdo:
    """'INE/JGE38/2024 https://…' -> Acuerdo (the link is optional)."""
    partes = str(texto).strip().split(None, 1)
    if not partes:
        raise ValueError("el acuerdo está vacío")
    liga = partes[1].strip() if len(partes) > 1 else ""
    if liga and not _URL.match(liga):
        raise ValueError(f"«{liga}» no es una liga; escriba el identificador y, separada por un espacio, "
                         "la dirección que empieza con https://")
    return Acuerdo(partes[0], liga)


def _fecha(valor: Any, lugar: str, campo: str, problemas: list[Problema]) -> date | None:
    if valor is None or str(valor).strip() == "":
        problemas.append(Problema(lugar, f"falta «{campo}»", "escriba la fecha como 2024-06-17"))
        return None
    try:
        return formato.a_fecha(valor)
    except ValueError as e:
        problemas.append(Problema(lugar, f"«{campo}»: {e}"))
        return None


def _validar_estado(lugar: str, estatus: Any, porcentaje: Any, acuerdos: Sequence[Any],
                    problemas: list[Problema]) -> tuple[str, int, tuple[Acuerdo, ...]]:
    est = str(estatus or "").strip().lower().rstrip(".")
    if est == "en proceso":
        est = "en curso"
    if est not in ESTATUS:
        problemas.append(Problema(lugar, f"estatus «{estatus}» no válido", "use «en curso» o «concluido»"))
    pct = 100 if est == "concluido" and porcentaje in (None, "") else porcentaje
    try:
        pct = a_porcentaje(pct if pct is not None else 0)
    except ValorInvalido as e:
        problemas.append(Problema(lugar, f"porcentaje «{porcentaje}» no válido", e.sugerencia))
        pct = 0
    if est == "concluido" and pct != 100:
        problemas.append(Problema(lugar, f"un compromiso concluido debe tener 100 % de avance (tiene {pct} %)",
                                  "corrija el porcentaje o deje el estatus «en curso»"))
    lista_acuerdos: list[Acuerdo] = []
    for a in acuerdos:
        try:
            if isinstance(a, Acuerdo):
                acuerdo = a
            elif isinstance(a, dict):
                acuerdo = leer_acuerdo(f"{a.get('acuerdo', '')} {a.get('liga', '') or ''}")
            else:
                acuerdo = leer_acuerdo(str(a))
            lista_acuerdos.append(acuerdo)
        except ValueError as e:
            problemas.append(Problema(lugar, f"acuerdo: {e}"))
    return est, pct, tuple(lista_acuerdos)


def _sumar_acuerdos(previos: Sequence[Acuerdo], nuevos: Sequence[Acuerdo]) -> tuple[Acuerdo, ...]:
    """Acuerdos accumulate; repeating one replaces its link."""
    orden: dict[str, Acuerdo] = {a.acuerdo: a for a in previos}
    for a in nuevos:
        anterior = orden.get(a.acuerdo)
        orden[a.acuerdo] = a if (a.liga or anterior is None) else anterior
    return tuple(orden.values())


def _datos_sesion(cat: Catalogo | Transaccion, sesion_id: int) -> dict[str, Any]:
    """Date, type, number and órgano of a session of this archive."""
    ses = sesiones.obtener(cat, sesion_id)
    return {"fecha": ses.fecha, "tipo": ses.tipo, "numero": ses.numero, "organo": ses.organo}


def expediente_sesion(tx: Transaccion, sesion_id: int):
    """The expediente of a session of this archive (created with the session's own title if it has none yet)."""
    return sesiones.asegurar_expediente(tx, sesiones.obtener(tx, sesion_id))


# --- writing ----------------------------------------------------------------------------------------


def _insertar_estado(tx: Transaccion, compromiso_id: int, fecha: date, avance: str, estatus: str,
                     porcentaje: int, acuerdos: Sequence[Acuerdo]) -> None:
    tx.execute(
        "INSERT INTO compromiso_estados (compromiso_id, fecha, avance, estatus, porcentaje, acuerdos, registrado, "
        "registrado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (compromiso_id, fecha.isoformat(), avance, estatus, porcentaje,
         json.dumps([a.como_dict() for a in acuerdos], ensure_ascii=False), tx.momento, tx.catalogo.usuario),
    )


def alta_en(tx: Transaccion, *, texto: str, area: str, sesion_fecha: Any = None, sesion_tipo: str | None = None,
            sesion_numero: Any = None, sesion_id: int | None = None, avance: str = "", estatus: str = "en curso",
            porcentaje: Any = None, acuerdos: Sequence[Any] = (), fecha: Any = None,
            lugar: str = "compromiso") -> Compromiso:
    """Register a new item (and its first state) inside the caller's transaction."""
    problemas: list[Problema] = []
    if sesion_id is not None:
        datos = _datos_sesion(tx, sesion_id)
        if datos["organo"] != "comision":
            problemas.append(Problema(lugar, f"la sesión {sesion_id} no es de la Comisión",
                                      "los compromisos y acuerdos que se siguen aquí son los de la Comisión"))
        sesion_fecha = sesion_fecha or datos.get("fecha")
        sesion_tipo = sesion_tipo or datos.get("tipo")
        sesion_numero = sesion_numero or datos.get("numero")
    f_sesion = _fecha(sesion_fecha, lugar, "fecha de la sesión", problemas)
    tipo = str(sesion_tipo or "").strip().lower()
    if tipo not in TIPOS_SESION:
        problemas.append(Problema(lugar, f"tipo de sesión «{sesion_tipo or ''}» no válido",
                                  "use «ordinaria» o «extraordinaria»"))
    try:
        numero = int(sesion_numero)
        if numero <= 0:
            raise ValueError
    except (TypeError, ValueError):
        problemas.append(Problema(lugar, f"número de sesión «{sesion_numero}» no válido",
                                  "el número ordinal de la sesión en el año: 1 para la primera, 3 para la tercera"))
        numero = 0
    if not str(texto or "").strip():
        problemas.append(Problema(lugar, "falta el texto del compromiso o acuerdo"))
    if not str(area or "").strip():
        problemas.append(Problema(lugar, "falta el área responsable"))
    est, pct, lista_acuerdos = _validar_estado(lugar, estatus, porcentaje, acuerdos, problemas)
    f_estado = f_sesion
    if fecha not in (None, ""):
        f_estado = _fecha(fecha, lugar, "fecha del avance", problemas)
        if f_estado and f_sesion and f_estado < f_sesion:
            problemas.append(Problema(lugar, "la fecha del avance es anterior a la sesión",
                                      f"use una fecha desde el {formato.fecha_corta(f_sesion)}"))
    if problemas:
        raise EntradaInvalida(f"No se registró el compromiso: {len(problemas)} problema(s).", problemas)
    assert f_sesion is not None and f_estado is not None
    cur = tx.execute(
        "INSERT INTO compromisos (sesion_id, sesion_fecha, sesion_tipo, sesion_numero, texto, area, creado, "
        "creado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (sesion_id, f_sesion.isoformat(), tipo, numero, _limpio(texto), _limpio(area).rstrip("."),
         tx.momento, tx.catalogo.usuario),
    )
    ident = int(cur.lastrowid)
    _insertar_estado(tx, ident, f_estado, _limpio(avance), est, pct, lista_acuerdos)
    nuevo = obtener(tx, ident)
    tx.registrar("compromiso", ident, None, nuevo.como_dict())
    return nuevo


def alta(cat: Catalogo, **datos: Any) -> Compromiso:
    """Register a new item in its own transaction (see ``alta_en``)."""
    with cat.transaccion("alta de compromiso") as tx:
        return alta_en(tx, **datos)


def actualizar_en(tx: Transaccion, numero: int | str, *, fecha: Any = None, avance: str | None = None,
                  estatus: str | None = None, porcentaje: Any = None, acuerdos: Sequence[Any] = (),
                  lugar: str | None = None) -> Compromiso:
    """Append a new state. Fields not given keep their previous value; acuerdos add to the previous ones."""
    c = obtener(tx, numero)
    previo = c.estado
    lugar = lugar or f"compromiso {c.id}"
    problemas: list[Problema] = []
    f = date.today() if fecha in (None, "") else _fecha(fecha, lugar, "fecha", problemas)
    if f is not None and f < previo.fecha:
        problemas.append(Problema(lugar, f"la fecha {formato.fecha_corta(f)} es anterior a la última actualización "
                                         f"({formato.fecha_corta(previo.fecha)})",
                                  "el historial no se reescribe: use una fecha igual o posterior"))
    nuevo_estatus = estatus if estatus not in (None, "") else previo.estatus
    if porcentaje in (None, ""):
        porcentaje = 100 if str(nuevo_estatus).strip().lower().startswith("concluido") else previo.porcentaje
    est, pct, nuevos = _validar_estado(lugar, nuevo_estatus, porcentaje, acuerdos, problemas)
    texto_avance = previo.avance if avance is None else _limpio(avance)
    if avance is None and estatus is None and _mismo_porcentaje(porcentaje, previo.porcentaje) and not acuerdos:
        problemas.append(Problema(lugar, "no hay nada que actualizar",
                                  "indique --avance, --estatus, --porcentaje o --acuerdo"))
    if problemas:
        raise EntradaInvalida(f"No se actualizó el compromiso {c.id}: {len(problemas)} problema(s).", problemas)
    assert f is not None
    _insertar_estado(tx, c.id, f, texto_avance, est, pct, _sumar_acuerdos(previo.acuerdos, nuevos))
    despues = obtener(tx, c.id)
    tx.registrar("compromiso", c.id, previo.como_dict(), despues.estado.como_dict())
    return despues


def _mismo_porcentaje(porcentaje: Any, previo: int) -> bool:
    """The percentage given («80», «80 %», 80) is the one already recorded (an invalid one is not)."""
    try:
        return a_porcentaje(porcentaje) == previo
    except ValorInvalido:
        return False


def actualizar(cat: Catalogo, numero: int | str, **datos: Any) -> Compromiso:
    with cat.transaccion("actualizar compromiso") as tx:
        return actualizar_en(tx, numero, **datos)


def _limpio(texto: Any) -> str:
    return " ".join(str(texto or "").split())


# --- loading a ledger from YAML (demo data, migrations from spreadsheets) -----------------------------


def leer_yaml(ruta: Path) -> dict[str, Any]:
    datos = lectura.leer_yaml(ruta)
    if not isinstance(datos, dict) or not isinstance(datos.get("compromisos"), list):
        raise EntradaInvalida(f"{ruta} debe tener una lista «compromisos:».")
    return datos


def importar(cat: Catalogo, ruta: Path) -> list[Compromiso]:
    """Load items (each with its history of updates) from a YAML file; all problems are reported at once.

    Format (see archivo/datos/compromisos_seed001.yaml)::

        compromisos:
          - sesion: {fecha: 2023-10-09, tipo: extraordinaria, numero: 3}
            texto: "…"
            area: "Subdirección de Ascenso"
            historial:
              - {fecha: 2023-10-09, avance: "", estatus: en curso, porcentaje: 0}
              - {fecha: 2024-05-24, avance: "…", estatus: en curso, porcentaje: 75,
                 acuerdos: [{acuerdo: INE/JGE38/2024, liga: "https://…"}]}
    """
    datos = leer_yaml(ruta)
    nombre = Path(ruta).name
    problemas: list[Problema] = []
    creados: list[Compromiso] = []
    with cat.transaccion(f"importar compromisos de {nombre}") as tx:
        for i, item in enumerate(datos["compromisos"], start=1):
            lugar = f"{nombre}, compromiso {i}"
            if not isinstance(item, dict):
                problemas.append(Problema(lugar, "cada compromiso debe ser un conjunto de campos"))
                continue
            sesion = item.get("sesion") or {}
            historial = item.get("historial") or [{}]
            primero, resto = historial[0], historial[1:]
            try:
                c = alta_en(tx, texto=item.get("texto", ""), area=item.get("area", ""),
                            sesion_fecha=sesion.get("fecha"), sesion_tipo=sesion.get("tipo"),
                            sesion_numero=sesion.get("numero"), sesion_id=sesion.get("id"),
                            avance=primero.get("avance", ""), estatus=primero.get("estatus", "en curso"),
                            porcentaje=primero.get("porcentaje"), acuerdos=primero.get("acuerdos") or (),
                            fecha=primero.get("fecha"), lugar=lugar)
                for j, paso in enumerate(resto, start=2):
                    c = actualizar_en(tx, c.id, fecha=paso.get("fecha"), avance=paso.get("avance"),
                                      estatus=paso.get("estatus"), porcentaje=paso.get("porcentaje"),
                                      acuerdos=paso.get("acuerdos") or (), lugar=f"{lugar}, actualización {j}")
                creados.append(c)
            except EntradaInvalida as e:
                problemas.extend(e.problemas or [Problema(lugar, e.mensaje)])
        if problemas:
            raise EntradaInvalida(f"{nombre} tiene {len(problemas)} problema(s); no se importó nada.", problemas)
    return creados


# --- the informe ------------------------------------------------------------------------------------


@dataclass
class Fila:
    """One row of the informe's annex: the item and its state at the corte."""

    numero: int
    compromiso: Compromiso
    estado: Estado


def seleccion(cat: Catalogo | Transaccion, corte: date) -> list[Fila]:
    """The items an informe with this corte reports (see the carry-over rule in the module docstring)."""
    ya_concluidos = {f[0] for f in cat.todos(
        "SELECT i.compromiso_id FROM compromiso_informe_items i "
        "JOIN compromiso_informes n ON n.id = i.informe_id JOIN documentos d ON d.id = n.documento_id "
        "WHERE i.estatus = 'concluido' AND n.corte < ? AND d.estado != 'cancelado'", (corte.isoformat(),))}
    filas = []
    items = _cargar(cat, cat.todos(
        "SELECT * FROM compromisos WHERE sesion_fecha <= ? ORDER BY sesion_fecha, sesion_tipo, sesion_numero, id",
        (corte.isoformat(),)))
    for c in items:
        if c.id in ya_concluidos:
            continue
        estado = c.estado_al(corte)
        if estado is None:  # registered with a first state after the corte: not yet known at the corte
            continue
        filas.append(Fila(len(filas) + 1, c, estado))
    return filas


@dataclass
class Sesion:
    fecha: date
    tipo: str
    numero: int
    cantidad: int

    @property
    def descripcion(self) -> str:
        return descripcion_sesion(self.numero, self.tipo)


def conteo_por_sesion(filas: Sequence[Fila]) -> list[Sesion]:
    sesiones: dict[tuple[date, str, int], Sesion] = {}
    for f in filas:
        c = f.compromiso
        clave = (c.sesion_fecha, c.sesion_tipo, c.sesion_numero)
        if clave not in sesiones:
            sesiones[clave] = Sesion(c.sesion_fecha, c.sesion_tipo, c.sesion_numero, 0)
        sesiones[clave].cantidad += 1
    return sorted(sesiones.values(), key=lambda s: (s.fecha, s.tipo, s.numero))


def texto_plano(partes: Sequence[Parte]) -> str:
    return "".join(str(p) for p in partes)


def frase_totales(total: int, cumplidos: int, sesiones: int, corte: date, comision: str) -> list[Parte]:
    """«De los 11 compromisos y acuerdos que se generaron en las sesiones de la Comisión del Servicio, con corte al
    24 de mayo de 2024, 10 de ellos están cumplidos y 1 en proceso de cumplimiento.» with singular and plural."""
    en_proceso = total - cumplidos
    fecha = formato.fecha_larga(corte)
    if total == 0:
        return [f"Con corte al {fecha}, no hay compromisos ni acuerdos de la ", Negrita(comision),
                " en seguimiento."]
    donde = "en la sesión" if sesiones == 1 else "en las sesiones"
    if total == 1:
        final = "está cumplido." if cumplidos else "se encuentra en proceso de cumplimiento."
        return [f"El único compromiso o acuerdo que se generó {donde} de la ", Negrita(comision),
                f", con corte al {fecha}, {final}"]
    inicio: list[Parte] = ["De los ", Negrita(str(total)), f" compromisos y acuerdos que se generaron {donde} de la ",
                           Negrita(comision), f", con corte al {fecha}, "]
    todos = "ambos" if total == 2 else f"los {total}"
    if cumplidos == total:
        return [*inicio, f"{todos} están cumplidos."]
    if en_proceso == total:
        return [*inicio, f"{todos} están en proceso de cumplimiento."]
    verbo = "está cumplido" if cumplidos == 1 else "están cumplidos"
    return [*inicio, Negrita(str(cumplidos)), f" de ellos {verbo} y ", Negrita(str(en_proceso)),
            " en proceso de cumplimiento."]


def frase_contenido(total: int, sesiones: Sequence[Sesion], comision: str) -> list[Parte]:
    """«El informe da cuenta del seguimiento de 11 compromisos y acuerdos que se generaron en las sesiones
    ordinaria y extraordinarias de la Comisión del Servicio, en las fechas siguientes:»"""
    ordinarias = len([s for s in sesiones if s.tipo == "ordinaria"])
    extraordinarias = len(sesiones) - ordinarias
    tipos = []
    if ordinarias:
        tipos.append("ordinaria" if ordinarias == 1 else "ordinarias")
    if extraordinarias:
        tipos.append("extraordinaria" if extraordinarias == 1 else "extraordinarias")
    donde = f"en la sesión {tipos[0]}" if len(sesiones) == 1 else f"en las sesiones {' y '.join(tipos)}"
    fechas = "en la fecha siguiente" if len(sesiones) == 1 else "en las fechas siguientes"
    cosa = "compromiso o acuerdo que se generó" if total == 1 else "compromisos y acuerdos que se generaron"
    return ["El informe da cuenta del seguimiento de ", Negrita(str(total)), f" {cosa} {donde} de la ",
            Negrita(comision), f", {fechas}:"]


@dataclass
class DatosInforme:
    """Everything the informe shows (built from the ledger and the archive's configuration)."""

    corte: date
    fecha: date
    institucion: str
    organo_nombre: str
    organo_siglas: str
    comision_nombre: str
    comision_corta: str
    fundamento: str
    glosario: list[tuple[str, str]]
    filas: list[Fila]
    sesion_informe: str | None = None  # «Ordinaria: 17 de junio de 2024»
    punto: str | None = None

    @property
    def cumplidos(self) -> int:
        return len([f for f in self.filas if f.estado.estatus == "concluido"])

    @property
    def sesiones(self) -> list[Sesion]:
        return conteo_por_sesion(self.filas)

    @property
    def titulo(self) -> str:
        return (f"INFORME QUE PRESENTA LA {self.organo_nombre.upper()} SOBRE EL SEGUIMIENTO Y CUMPLIMIENTO DE "
                f"COMPROMISOS Y ACUERDOS DE LA {self.comision_nombre.upper()}.")

    def frase_totales(self) -> str:
        return texto_plano(frase_totales(len(self.filas), self.cumplidos, len(self.sesiones), self.corte,
                                         self.comision_corta))

    def como_dict(self) -> dict[str, Any]:
        """The informe's input data (kept as JSON beside the issued document)."""
        return {
            "corte": self.corte.isoformat(), "fecha": self.fecha.isoformat(), "comision": self.comision_nombre,
            "sesion_informe": self.sesion_informe, "punto": self.punto, "glosario": self.glosario,
            "fundamento": self.fundamento, "totales": self.frase_totales(),
            "filas": [{"numero": f.numero, "compromiso": f.compromiso.id, "sesion": f.compromiso.sesion,
                       "sesion_fecha": f.compromiso.sesion_fecha.isoformat(), "texto": f.compromiso.texto,
                       "area": f.compromiso.area, **f.estado.como_dict()} for f in self.filas],
        }


def glosario_base(cat: Catalogo | Transaccion, comision_nombre: str, comision_corta: str) -> list[tuple[str, str]]:
    config = cat.catalogo.raiz.config if isinstance(cat, Transaccion) else cat.raiz.config
    inst = config.institucion
    oe = config.organo_enlace
    return [
        ("Consejo General", f"Consejo General del {inst['nombre']}."),
        (comision_corta, f"{comision_nombre}."),
        (oe["siglas"], f"{oe['nombre']}."),
        ("DESPEN", "Dirección Ejecutiva del Servicio Profesional Electoral Nacional."),
        (f"Instituto/{inst['siglas']}", f"{inst['nombre']}."),
        ("INE", "Instituto Nacional Electoral."),
        ("SPEN", "Servicio Profesional Electoral Nacional."),
    ]


def datos_informe(cat: Catalogo | Transaccion, corte: Any, *, fecha: Any = None, sesion_informe: str | None = None,
                  punto: str | None = None, glosario: Sequence[tuple[str, str]] | None = None,
                  fundamento: str | None = None, comision_nombre: str | None = None,
                  comision_corta: str | None = None) -> DatosInforme:
    corte = formato.a_fecha(corte)
    config = cat.catalogo.raiz.config if isinstance(cat, Transaccion) else cat.raiz.config
    conf = config.comision
    nombre = comision_nombre or conf.nombre
    corta = comision_corta or conf.nombre_corto
    return DatosInforme(
        corte=corte, fecha=formato.a_fecha(fecha) if fecha else date.today(),
        institucion=config.institucion["nombre"], organo_nombre=config.organo_enlace["nombre"],
        organo_siglas=config.organo_enlace["siglas"], comision_nombre=nombre, comision_corta=corta,
        fundamento=fundamento or conf.fundamento_informe,
        glosario=list(glosario) if glosario else glosario_base(cat, nombre, corta),
        filas=seleccion(cat, corte), sesion_informe=sesion_informe, punto=punto,
    )


def _con_punto(texto: str) -> str:
    texto = texto.strip()
    return texto if texto.endswith((".", ":", ";")) else f"{texto}."


def construir_informe(raiz: Raiz, d: DatosInforme, folio: str | None, *, area: str | None = None) -> bytes:
    """The informe as a .docx: the ``informe-compromisos`` frame (the office edits its wording in Word) with the
    sentences, the sessions and the annex built from the ledger (seed 001's layout)."""
    etiqueta, valor = "", ""
    if d.sesion_informe:
        antes, separador, despues = d.sesion_informe.partition(":")
        etiqueta, valor = (antes.strip(), despues.strip()) if separador and despues.strip() else ("", d.sesion_informe)
    sesiones_informe = d.sesiones
    total = len(d.filas)
    contexto = compilacion.contexto_sistema(raiz, area=area, fecha=d.fecha, folio=folio)
    contexto.update({
        "titulo": d.titulo, "sesion_informe_etiqueta": etiqueta, "sesion_informe": valor.rstrip("."),
        "punto": (d.punto or "").strip().rstrip("."),
        "glosario": [{"termino": t, "significado": g} for t, g in d.glosario], "fundamento": d.fundamento,
        "comision_nombre": d.comision_nombre, "comision_corta": d.comision_corta, "corte": d.corte,
        "total": total, "cumplidos": d.cumplidos, "en_proceso": total - d.cumplidos,
        "sesiones": [{"descripcion": s.descripcion, "fecha": s.fecha, "cantidad": s.cantidad} for s in sesiones_informe],
        "frase_contenido": marco.marcador("frase_contenido"), "frase_totales": marco.marcador("frase_totales"),
        "anexo": marco.marcador("anexo"),
    })
    datos = compilacion.documento(raiz, "informe-compromisos", contexto, tuple(raiz.config.dias_inhabiles))

    def anexo(insercion: marco.Insercion) -> None:
        w = DocumentoWord.en(insercion)
        t = w.tabla(["No.", "Fecha y tipo de sesión", "Acuerdo/ Compromiso", "Área Responsable",
                     "Avance/cumplimiento", "Estatus", "Porcentaje de Avance"], [], [1.0, 2.7, 6.0, 3.0, 6.2, 1.9, 2.1])
        for f in d.filas:
            c, e = f.compromiso, f.estado
            fila = w.fila(t, [f"{f.numero}.", f"{formato.fecha_corta(c.sesion_fecha)}\n{c.sesion}.", c.texto,
                              _con_punto(c.area), "", _con_punto(e.estatus.capitalize()), f"{e.porcentaje}%"])
            _avance_con_notas(w, fila.cells[4], e)

    return marco.rellenar(datos, {
        "frase_contenido": lambda i: DocumentoWord.en(i).parrafo(
            *frase_contenido(total, sesiones_informe, d.comision_corta)),
        "frase_totales": lambda i: DocumentoWord.en(i).parrafo(
            *frase_totales(total, d.cumplidos, len(sesiones_informe), d.corte, d.comision_corta)),
        "anexo": anexo,
    })


def _avance_con_notas(w: DocumentoWord, celda: Any, e: Estado) -> None:
    """The avance text with a footnote mark right after each acuerdo it cites (or at the end)."""
    from docx.shared import Pt

    p = celda.paragraphs[0]
    texto = e.avance or "Sin avance registrado."
    posiciones = []
    for a in e.acuerdos:
        i = texto.find(a.acuerdo)
        posiciones.append((i + len(a.acuerdo) if i >= 0 else len(texto), a))
    posiciones.sort(key=lambda x: x[0])
    inicio = 0
    for fin, a in posiciones:
        if fin > inicio:
            p.add_run(texto[inicio:fin]).font.size = Pt(9)
            inicio = fin
        nota = f"Acuerdo {a.acuerdo}." + (" Consultable en la liga:" if a.liga else "")
        w.nota_al_pie(p, nota, liga=a.liga or None, tam=9)
    if inicio < len(texto):
        p.add_run(texto[inicio:]).font.size = Pt(9)


def sesion_informe_texto(cat: Catalogo | Transaccion, valor: str | None, sesion_id: int | None) -> str | None:
    """«Sesión Ordinaria: 17 de junio de 2024» from «ordinaria 2024-06-17», or from a session of this archive."""
    if sesion_id is not None:
        datos = _datos_sesion(cat, sesion_id)
        return f"Sesión {str(datos['tipo']).capitalize()}: {formato.fecha_larga(datos['fecha'])}"
    if not valor:
        return None
    partes = valor.strip().split(None, 1)
    if len(partes) == 2 and partes[0].lower() in TIPOS_SESION:
        try:
            return f"Sesión {partes[0].capitalize()}: {formato.fecha_larga(partes[1])}"
        except ValueError as e:
            raise EntradaInvalida(f"--sesion-informe: {e}") from None
    return valor.strip()


def emitir_informe(cat: Catalogo, corte: Any, *, fecha: Any = None, sesion_informe: str | None = None,
                   sesion_id: int | None = None, punto: str | None = None,
                   glosario: Sequence[tuple[str, str]] | None = None, fundamento: str | None = None,
                   comision_nombre: str | None = None, comision_corta: str | None = None,
                   area: str | None = None):
    """Issue the informe with a folio (serie «informe») into the Comisión's expediente (or the session's)."""
    problemas = []
    corte_f = fecha_f = None
    for nombre, valor in (("corte", corte), ("fecha", fecha)):
        try:
            if nombre == "corte":
                corte_f = formato.a_fecha(valor)
            else:
                fecha_f = formato.a_fecha(valor) if valor else date.today()
        except ValueError as e:
            problemas.append(Problema(f"--{nombre}", str(e)))
    if problemas:
        raise EntradaInvalida("Las fechas del informe no son válidas:", problemas)
    assert corte_f is not None and fecha_f is not None
    if corte_f > fecha_f:
        raise EntradaInvalida(f"El corte ({formato.fecha_larga(corte_f)}) no puede ser posterior a la fecha del "
                              f"informe ({formato.fecha_larga(fecha_f)}).")
    with cat.transaccion("emitir informe de compromisos y acuerdos") as tx:
        texto_sesion = sesion_informe_texto(tx, sesion_informe, sesion_id)
        d = datos_informe(tx, corte_f, fecha=fecha_f, sesion_informe=texto_sesion, punto=punto, glosario=glosario,
                          fundamento=fundamento, comision_nombre=comision_nombre, comision_corta=comision_corta)
        if sesion_id is not None:
            exp = expediente_sesion(tx, sesion_id)
        else:
            exp = expedientes.asegurar(tx, *EXPEDIENTE, fecha=fecha_f)
        doc = documentos.emitir_en(
            tx, tipo="informe", serie=SERIE, area=area, fecha=fecha_f, expediente=exp,
            asunto=f"Informe de compromisos y acuerdos de la {d.comision_corta} con corte al "
                   f"{formato.fecha_larga(d.corte)}",
            construir=lambda folio: construir_informe(cat.raiz, d, folio, area=area), datos=d.como_dict())
        cur = tx.execute("INSERT INTO compromiso_informes (corte, documento_id, creado) VALUES (?, ?, ?)",
                         (d.corte.isoformat(), doc.id, tx.momento))
        tx.conn.executemany(
            "INSERT INTO compromiso_informe_items (informe_id, compromiso_id, numero, estatus, porcentaje) "
            "VALUES (?, ?, ?, ?, ?)",
            [(cur.lastrowid, f.compromiso.id, f.numero, f.estado.estatus, f.estado.porcentaje) for f in d.filas])
        tx.registrar("informe de compromisos", doc.etiqueta, None,
                     {"corte": d.corte.isoformat(), "compromisos": [f.compromiso.id for f in d.filas],
                      "totales": d.frase_totales()})
    return doc, d


def leer_glosario(ruta: Path) -> list[tuple[str, str]]:
    """A glossary from YAML: a list of {termino, definicion} (or of two-item lists)."""
    datos = lectura.leer_yaml(ruta)
    if isinstance(datos, dict):
        datos = datos.get("glosario", datos)
    problemas, salida = [], []
    if not isinstance(datos, list):
        raise EntradaInvalida(f"{ruta}: el glosario debe ser una lista de términos con «termino» y «definicion».")
    for i, e in enumerate(datos, start=1):
        if isinstance(e, dict) and e.get("termino") and e.get("definicion"):
            salida.append((str(e["termino"]).strip(), str(e["definicion"]).strip()))
        elif isinstance(e, list | tuple) and len(e) == 2:
            salida.append((str(e[0]).strip(), str(e[1]).strip()))
        else:
            problemas.append(Problema(f"{ruta}, término {i}", "falta «termino» o «definicion»"))
    if problemas:
        raise EntradaInvalida(f"El glosario {ruta} tiene {len(problemas)} problema(s):", problemas)
    return salida
