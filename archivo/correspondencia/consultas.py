"""Reading the register: the list with filters (one page at a time), what is pending with its deadline in días
hábiles (``pendientes``), and the thread of an asunto (``hilo``): every entrada, turno, tarjeta, salida and acuse
of the matter in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archivo.base import formato
from archivo.base import pendientes as lo_pendiente
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida, Problema
from archivo.correspondencia import opciones as op
from archivo.correspondencia import registro as reg
from archivo.correspondencia.opciones import Calendario

POR_PAGINA = 50


@dataclass
class Pagina:
    filas: list[dict[str, Any]]
    total: int
    pagina: int
    por_pagina: int

    @property
    def paginas(self) -> int:
        return max(1, -(-self.total // self.por_pagina))


def _filtro_fechas(r: reg._Revision, desde: Any, hasta: Any) -> tuple[date | None, date | None]:
    d = r.fecha(desde, "desde")
    h = r.fecha(hasta, "hasta")
    if d and h and h < d:
        r.problema("hasta", f"es anterior a «desde» ({formato.fecha_corta(d)})")
    return d, h


def _resumen_entrada(f: Any, turnos: list[reg.Turno], respuestas: list[dict[str, Any]], al: date, cal: Calendario,
                     aviso: int) -> dict[str, Any]:
    e = reg._entrada_de_fila(f)
    e.turnos, e.respuestas = turnos, respuestas
    s = reg.situacion_entrada(e, al, cal, aviso)
    return {
        "clase": "entrada", "id": e.id, "folio": e.folio, "numero": e.numero, "tipo": e.tipo,
        "tipo_nombre": e.tipo_nombre, "recibido": e.recibido, "fecha": e.fecha_recepcion, "medio": e.medio,
        "medio_nombre": e.medio_nombre, "actividad_sivople": e.actividad_sivople, "remitente": e.remitente,
        "remitente_corto": e.remitente_area or e.remitente_institucion,
        "asunto": e.asunto, "estado": e.estado, "plazo": e.plazo, "situacion": s.texto, "vencido": s.vencido,
        "por_vencer": s.por_vencer, "fuera_de_plazo": s.fuera_de_plazo, "dias": s.dias,
        "areas": ", ".join(t.area for t in turnos),
        "turnos": [{"area": t.area, "fecha": t.fecha, "estado": t.estado, "plazo": t.plazo,
                    "tarjeta": t.tarjeta_folio, "atendido": t.atendido} for t in turnos],
        "respuesta": ", ".join(x["numero"] or x["folio"] for x in respuestas),
        "respuestas": respuestas, "asunto_id": e.asunto_id, "procedimiento_id": e.procedimiento_id,
    }


def _respuestas(cat: Catalogo | Transaccion, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    salida: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for lote in reg._lotes(ids):
        marcas = ",".join("?" * len(lote))
        for f in cat.todos(f"SELECT r.entrada_id, s.id, s.folio, s.numero, s.fecha, s.medio, s.acuse_fecha "
                           f"FROM respuestas r JOIN salidas s ON s.id = r.salida_id WHERE r.entrada_id IN ({marcas}) "
                           "ORDER BY s.fecha, s.id", lote):
            salida[f["entrada_id"]].append({k: f[k] for k in ("id", "folio", "numero", "fecha", "medio",
                                                              "acuse_fecha")})
    return salida


def filas_entradas(cat: Catalogo | Transaccion, filas: list[Any], *, al: date | None = None) -> list[dict[str, Any]]:
    """Summaries of entradas rows (turnos, answers and situation loaded for all of them at once)."""
    raiz = reg._raiz(cat)
    opciones = op.configuracion(raiz)
    cal = Calendario.de(raiz)
    al = al or date.today()
    ids = [f["id"] for f in filas]
    turnos = reg._turnos(cat, ids)
    respuestas = _respuestas(cat, ids)
    return [_resumen_entrada(f, turnos[f["id"]], respuestas[f["id"]], al, cal, opciones.aviso_dias) for f in filas]


def lista(cat: Catalogo | Transaccion, *, desde: Any = None, hasta: Any = None, estado: str | None = None,
          area: str | None = None, medio: str | None = None, tipo: str | None = None, texto: str | None = None,
          vencidas: bool = False, al: Any = None, pagina: int = 1, por_pagina: int = POR_PAGINA) -> Pagina:
    """The register of entradas, newest first, with filters: received between ``desde`` and ``hasta``, state
    («pendiente» = not concluded), área turned to, medio, type, words in number/remitente/asunto, overdue at
    ``al``."""
    r = reg._Revision()
    d, h = _filtro_fechas(r, desde, hasta)
    dia_al = r.fecha(al, "al") or date.today()
    condiciones, params = [], []
    if estado:
        if op.plegar(estado) in ("pendiente", "pendientes"):
            condiciones.append("e.estado != 'concluido'")
        elif (clave := op.estado(estado)) is not None:
            condiciones.append("e.estado = ?")
            params.append(clave)
        else:
            r.problema("estado", f"«{estado}» no es un estado", f"use: {', '.join(op.ESTADOS)} o pendiente")
    if medio:
        if (clave := op.medio(medio)) is None:
            r.problema("medio", f"«{medio}» no es un medio", f"use: {', '.join(op.MEDIOS.values())}")
        else:
            condiciones.append("e.medio = ?")
            params.append(clave)
    if tipo:
        if (clave := op.tipo(tipo)) is None:
            r.problema("tipo", f"«{tipo}» no es un tipo de documento", f"use: {', '.join(op.TIPOS.values())}")
        else:
            condiciones.append("e.tipo = ?")
            params.append(clave)
    if area:
        siglas = [a.siglas for a in reg._raiz(cat).config.areas]
        real = next((s for s in siglas if s.lower() == area.strip().lower()), None)
        if real is None:
            r.problema("área", f"«{area}» no es un área de archivo.toml", f"áreas: {', '.join(siglas)}")
        else:
            condiciones.append("e.id IN (SELECT entrada_id FROM turnos WHERE area = ?)")
            params.append(real)
    if pagina < 1 or por_pagina < 1:
        r.problema("página", "la página y su tamaño empiezan en 1")
    r.lanzar("No se pudo consultar el registro;")
    if d:
        condiciones.append("e.recibido >= ?")
        params.append(d.isoformat())
    if h:
        condiciones.append("e.recibido < ?")
        params.append(date.fromordinal(h.toordinal() + 1).isoformat())
    if texto and texto.strip():
        for palabra in texto.split():
            patron = f"%{palabra}%"
            condiciones.append("(e.numero LIKE ? OR e.numero_normal LIKE ? OR e.asunto LIKE ? OR "
                               "e.remitente_institucion LIKE ? OR e.remitente_area LIKE ? OR e.remitente_persona "
                               "LIKE ? OR e.folio LIKE ? OR e.actividad_sivople LIKE ?)")
            params += [patron, f"%{reg.normalizar_numero(palabra)}%", patron, patron, patron, patron, patron, patron]
    if vencidas:
        condiciones.append("e.estado != 'concluido' AND e.plazo IS NOT NULL AND e.plazo < ?")
        params.append(dia_al.isoformat())
    donde = f"WHERE {' AND '.join(condiciones)}" if condiciones else ""
    total = cat.uno(f"SELECT COUNT(*) FROM entradas e {donde}", params)[0]
    filas = cat.todos(f"SELECT e.* FROM entradas e {donde} ORDER BY e.recibido DESC, e.id DESC LIMIT ? OFFSET ?",
                      [*params, por_pagina, (pagina - 1) * por_pagina])
    return Pagina(filas_entradas(cat, filas, al=dia_al), total, pagina, por_pagina)


def _resumen_salida(f: Any, al: date, cal: Calendario, aviso: int) -> dict[str, Any]:
    s = reg._salida_de_fila(f)
    if s.espera_respuesta:
        sit = reg.situacion(s.plazo_respuesta, s.respondida, al, cal, aviso, "Respondida")
        if s.respondida is None and s.plazo_respuesta is None:
            sit = reg.Situacion("En espera de respuesta (sin plazo)")
    else:
        sit = reg.Situacion(f"Enviada el {formato.fecha_corta(s.fecha)}"
                            + (f"; acuse del {formato.fecha_corta(s.acuse_fecha)}" if s.acuse_fecha else "; sin acuse"))
    return {
        "clase": "salida", "id": s.id, "folio": s.folio, "numero": s.numero, "tipo": s.tipo,
        "tipo_nombre": s.tipo_nombre, "fecha": s.fecha, "medio": s.medio, "medio_nombre": s.medio_nombre,
        "actividad_sivople": s.actividad_sivople, "destinatario": s.destinatario,
        "destinatario_corto": s.destinatario_area or s.destinatario_institucion, "asunto": s.asunto,
        "acuse_fecha": s.acuse_fecha, "espera_respuesta": s.espera_respuesta, "plazo": s.plazo_respuesta,
        "respondida": s.respondida, "situacion": sit.texto, "vencido": sit.vencido, "por_vencer": sit.por_vencer,
        "dias": sit.dias, "asunto_id": s.asunto_id, "documento_id": s.documento_id,
        "estado": ("respondida" if s.respondida else "en espera") if s.espera_respuesta else "enviada",
    }


def filas_salidas(cat: Catalogo | Transaccion, filas: list[Any], *, al: date | None = None) -> list[dict[str, Any]]:
    raiz = reg._raiz(cat)
    opciones = op.configuracion(raiz)
    cal = Calendario.de(raiz)
    al = al or date.today()
    salida = [_resumen_salida(f, al, cal, opciones.aviso_dias) for f in filas]
    ids = [f["id"] for f in filas]
    responde: dict[int, list[str]] = {i: [] for i in ids}
    for lote in reg._lotes(ids):
        marcas = ",".join("?" * len(lote))
        for f in cat.todos(f"SELECT r.salida_id, e.folio, e.numero FROM respuestas r JOIN entradas e "
                           f"ON e.id = r.entrada_id WHERE r.salida_id IN ({marcas}) ORDER BY e.id", lote):
            responde[f["salida_id"]].append(f"{f['folio']} ({f['numero']})")
    for fila in salida:
        fila["responde_a"] = ", ".join(responde[fila["id"]])
    return salida


def lista_salidas(cat: Catalogo | Transaccion, *, desde: Any = None, hasta: Any = None, medio: str | None = None,
                  texto: str | None = None, en_espera: bool = False, al: Any = None, pagina: int = 1,
                  por_pagina: int = POR_PAGINA) -> Pagina:
    """The register of salidas, newest first."""
    r = reg._Revision()
    d, h = _filtro_fechas(r, desde, hasta)
    dia_al = r.fecha(al, "al") or date.today()
    condiciones, params = [], []
    if medio:
        if (clave := op.medio(medio)) is None:
            r.problema("medio", f"«{medio}» no es un medio", f"use: {', '.join(op.MEDIOS.values())}")
        else:
            condiciones.append("s.medio = ?")
            params.append(clave)
    if pagina < 1 or por_pagina < 1:
        r.problema("página", "la página y su tamaño empiezan en 1")
    r.lanzar("No se pudo consultar el registro de salidas;")
    if d:
        condiciones.append("s.fecha >= ?")
        params.append(d.isoformat())
    if h:
        condiciones.append("s.fecha <= ?")
        params.append(h.isoformat())
    if texto and texto.strip():
        for palabra in texto.split():
            patron = f"%{palabra}%"
            condiciones.append("(s.numero LIKE ? OR s.numero_normal LIKE ? OR s.asunto LIKE ? OR "
                               "s.destinatario_institucion LIKE ? OR s.destinatario_area LIKE ? OR s.folio LIKE ?)")
            params += [patron, f"%{reg.normalizar_numero(palabra)}%", patron, patron, patron, patron]
    if en_espera:
        condiciones.append("s.espera_respuesta = 1 AND s.respondida IS NULL")
    donde = f"WHERE {' AND '.join(condiciones)}" if condiciones else ""
    total = cat.uno(f"SELECT COUNT(*) FROM salidas s {donde}", params)[0]
    filas = cat.todos(f"SELECT s.* FROM salidas s {donde} ORDER BY s.fecha DESC, s.id DESC LIMIT ? OFFSET ?",
                      [*params, por_pagina, (pagina - 1) * por_pagina])
    return Pagina(filas_salidas(cat, filas, al=dia_al), total, pagina, por_pagina)


def pendientes(cat: Catalogo | Transaccion, *, al: Any = None, area: str | None = None) -> list[dict[str, Any]]:
    """What is still open at ``al`` (today by default): entradas not concluded (for an ``area``: those whose turno
    to it is not answered) and requests sent that wait for their answer; overdue first, then by deadline."""
    r = reg._Revision()
    dia_al = r.fecha(al, "--al") or date.today()
    raiz = reg._raiz(cat)
    real = None
    if area:
        siglas = [a.siglas for a in raiz.config.areas]
        real = next((s for s in siglas if s.lower() == area.strip().lower()), None)
        if real is None:
            r.problema("área", f"«{area}» no es un área de archivo.toml", f"áreas: {', '.join(siglas)}")
    r.lanzar("No se pudo consultar lo pendiente;")
    # Entradas registered after ``al`` did not exist yet at that date. («+recibido»: the open entradas are read
    # through their partial index, not through the index of every receipt date.)
    limite = date.fromordinal(dia_al.toordinal() + 1).isoformat()
    filas = cat.todos("SELECT * FROM entradas WHERE estado != 'concluido' AND +recibido < ? "
                      "ORDER BY plazo IS NULL, plazo, recibido", (limite,))
    resumen = filas_entradas(cat, filas, al=dia_al)
    if real is not None:
        opciones = op.configuracion(raiz)
        cal = Calendario.de(raiz)
        propias = []
        for fila in resumen:
            turno = next((t for t in fila["turnos"] if t["area"] == real and t["estado"] != "atendido"), None)
            if turno is None:
                continue
            s = reg.situacion(turno["plazo"], None, dia_al, cal, opciones.aviso_dias)
            propias.append(dict(fila, plazo=turno["plazo"], situacion=s.texto, vencido=s.vencido,
                                por_vencer=s.por_vencer, dias=s.dias, estado=f"turno {turno['estado']}"))
        resumen = propias
    else:
        esperas = cat.todos("SELECT * FROM salidas WHERE espera_respuesta = 1 AND respondida IS NULL AND fecha <= ? "
                            "ORDER BY plazo_respuesta IS NULL, plazo_respuesta, fecha", (dia_al.isoformat(),))
        resumen += filas_salidas(cat, esperas, al=dia_al)

    def orden(fila: dict[str, Any]) -> tuple:
        return (not fila["vencido"], fila["plazo"] is None, fila["plazo"] or date.max, str(fila.get("fecha")))

    return sorted(resumen, key=orden)


def tablero(cat: Catalogo | Transaccion, *, al: Any = None) -> dict[str, Any]:
    """The portal's tablero section: overdue and due-soon entradas and requests, with counts."""
    items = pendientes(cat, al=al)
    return {"vencidos": [i for i in items if i["vencido"]], "por_vencer": [i for i in items if i["por_vencer"]],
            "pendientes": len(items)}


# --- the thread of an asunto -----------------------------------------------------------------------------------


@dataclass
class Evento:
    fecha: date
    momento: str
    clase: str  # entrada | turno | atencion | respuesta_area | salida | acuse | conclusion
    folio: str
    texto: str
    documento_id: int | None = None
    documento: str | None = None

    def como_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Hilo:
    asunto_id: int
    titulo: str
    entradas: list[reg.Entrada] = field(default_factory=list)
    salidas: list[reg.Salida] = field(default_factory=list)
    eventos: list[Evento] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        return {"asunto_id": self.asunto_id, "titulo": self.titulo,
                "entradas": [e.como_dict() for e in self.entradas], "salidas": [s.como_dict() for s in self.salidas],
                "eventos": [e.como_dict() for e in self.eventos]}


def _sin_punto(texto: str) -> str:
    return texto.rstrip().rstrip(".")


def hilo(cat: Catalogo | Transaccion, referencia: Any) -> Hilo:
    """Everything about the asunto of an entrada or salida (and the salidas/entradas linked to it), in order."""
    registro = reg.obtener(cat, referencia)
    asunto_id = registro.asunto_id
    titulo = cat.uno("SELECT titulo FROM asuntos WHERE id = ?", (asunto_id,))[0]
    ids_e = {f[0] for f in cat.todos("SELECT id FROM entradas WHERE asunto_id = ?", (asunto_id,))}
    ids_s = {f[0] for f in cat.todos("SELECT id FROM salidas WHERE asunto_id = ?", (asunto_id,))}
    if ids_e:  # salidas answering these entradas, and entradas answering these salidas, even from another asunto
        marcas = ",".join("?" * len(ids_e))
        ids_s |= {f[0] for f in cat.todos(f"SELECT salida_id FROM respuestas WHERE entrada_id IN ({marcas})",
                                          list(ids_e))}
    if ids_s:
        marcas = ",".join("?" * len(ids_s))
        ids_e |= {f[0] for f in cat.todos(f"SELECT id FROM entradas WHERE responde_a_salida IN ({marcas})",
                                          list(ids_s))}
    h = Hilo(asunto_id, titulo)
    h.entradas = sorted((reg.obtener_entrada(cat, f"#{i}") for i in ids_e), key=lambda e: (str(e.recibido), e.id))
    h.salidas = sorted((reg.obtener_salida(cat, f"#{i}") for i in ids_s), key=lambda s: (s.fecha, s.id))
    for e in h.entradas:
        doc = e.documentos[0] if e.documentos else None
        h.eventos.append(Evento(e.fecha_recepcion, str(e.recibido), "entrada", e.folio,
                                f"Se recibió {e.tipo_nombre.lower()} {e.numero} de {e.remitente} "
                                f"({e.medio_nombre}{', actividad ' + e.actividad_sivople if e.actividad_sivople else ''}):"
                                f" {_sin_punto(e.asunto)}"
                                + (f". Plazo: {formato.fecha_corta(e.plazo)}" if e.plazo else ""),
                                doc["id"] if doc else None, doc["ruta"] if doc else None))
        for t in e.turnos:
            h.eventos.append(Evento(t.fecha, t.registrado, "turno", e.folio,
                                    f"Turnada a {t.area_nombre} ({t.area})"
                                    + (f" con la tarjeta {t.tarjeta_folio}" if t.tarjeta_folio else "")
                                    + (f"; plazo del área: {formato.fecha_corta(t.plazo)}" if t.plazo else ""),
                                    t.tarjeta_id, t.tarjeta_folio))
            if t.en_atencion:
                h.eventos.append(Evento(t.en_atencion, t.en_atencion.isoformat(), "atencion", e.folio,
                                        f"{t.area} la tiene en atención"))
            if t.atendido:
                h.eventos.append(Evento(t.atendido, t.atendido.isoformat(), "respuesta_area", e.folio,
                                        f"{t.area} respondió" + (f" con {t.respuesta_numero}" if t.respuesta_numero
                                                                 else ""),
                                        t.respuesta_documento_id))
        if e.estado == "concluido" and not e.respuestas and e.concluido:
            h.eventos.append(Evento(e.concluido, e.concluido.isoformat(), "conclusion", e.folio,
                                    f"Concluida sin salida: {e.motivo_conclusion}"))
    for s in h.salidas:
        responde = ", ".join(f"{x['folio']} ({x['numero']})" for x in s.responde_a)
        h.eventos.append(Evento(s.fecha, s.registrado, "salida", s.folio,
                                f"Se envió {s.tipo_nombre.lower()} {s.numero} a {s.destinatario} ({s.medio_nombre}"
                                f"{', actividad ' + s.actividad_sivople if s.actividad_sivople else ''}): "
                                f"{_sin_punto(s.asunto)}"
                                + (f". Responde a {responde}" if responde else "")
                                + (". Espera respuesta" + (f" a más tardar el {formato.fecha_corta(s.plazo_respuesta)}"
                                                           if s.plazo_respuesta else "") if s.espera_respuesta else ""),
                                s.documento_id, s.documento["ruta"] if s.documento else None))
        if s.acuse_fecha:
            h.eventos.append(Evento(s.acuse_fecha, s.acuse_fecha.isoformat(), "acuse", s.folio,
                                    f"Acuse de recibo de {s.numero}", s.acuse_documento_id,
                                    s.acuse["ruta"] if s.acuse else None))
    orden = {"entrada": 0, "turno": 1, "atencion": 2, "respuesta_area": 3, "salida": 4, "acuse": 5, "conclusion": 6}
    h.eventos.sort(key=lambda ev: (ev.fecha, orden[ev.clase], ev.momento))
    return h


def validar_periodo(desde: Any, hasta: Any) -> tuple[date, date]:
    """A period given by the user (both ends required), every problem at once."""
    r = reg._Revision()
    if desde in (None, ""):
        r.problema("--desde", "falta el inicio del periodo", "p. ej. 2024-08-01")
    if hasta in (None, ""):
        r.problema("--hasta", "falta el fin del periodo", "p. ej. 2024-08-31")
    d, h = _filtro_fechas(r, desde, hasta)
    r.lanzar("El periodo tiene")
    if d is None or h is None:  # pragma: no cover - reported above
        raise EntradaInvalida("Indique el periodo.", [Problema("--desde", "falta")])
    return d, h


# --- the tablero: what needs attention today (archivo.base.pendientes) -----------------------------------------


def _para_el_tablero(cat: Any, hoy: date) -> list[lo_pendiente.Pendiente]:
    """Overdue and due-soon entradas and requests, each naming what it is about («entrada»/«salida» and its id)."""
    salida = []
    for i in pendientes(cat, al=hoy):
        if not (i["vencido"] or i["por_vencer"]):
            continue
        quien = i.get("remitente_corto") or i.get("destinatario_corto") or ""
        salida.append(lo_pendiente.Pendiente(
            f"{i['folio']}: {i['numero']}" + (f" — {quien}" if quien else ""), entidad=i["clase"], clave=str(i["id"]),
            fecha=i["plazo"].isoformat() if i["plazo"] else None, vencido=i["vencido"], detalle=i["situacion"]))
    return salida


lo_pendiente.registrar(lo_pendiente.Seccion(
    "correspondencia", "Correspondencia con el INE: vencida y por vencer", _para_el_tablero, orden=12,
    vacio="No hay correspondencia vencida ni por vencer."))
