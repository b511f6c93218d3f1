"""The bitácora de seguimiento de actividades INE–OPLE of a period: what was received and sent, with the columns
offices keep (no., fecha de recepción, número del documento, remitente, asunto, área turnada, fecha de turno,
respuesta con su folio y fecha, estatus), as an Excel workbook (re-importable) and as a Word report issued with
folio from the editable template ``bitacora-correspondencia`` and filed in the mecanismo's expediente «Vinculación
con el INE»; plus its statistics (received, answered and overdue by área and month, average días hábiles to
answer)."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from archivo import generacion
from archivo.archivistica import documentos
from archivo.base import formato
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida
from archivo.base.fsutil import atomic_write_bytes
from archivo.correspondencia import consultas
from archivo.correspondencia import opciones as op
from archivo.correspondencia import registro as reg
from archivo.correspondencia.opciones import Calendario

PLANTILLA = "bitacora-correspondencia"
HOJA_RECIBIDOS = "Recibidos"
HOJA_ENVIADOS = "Enviados"
HOJA_ESTADISTICAS = "Estadísticas"

# (key, header, width) of each sheet. The headers are the ones ``importacion`` reads back.
COLUMNAS_RECIBIDOS = [
    ("folio", "No.", 13), ("fecha_recepcion", "Fecha de recepción", 12), ("hora", "Hora", 7),
    ("medio", "Medio", 14), ("actividad_sivople", "Actividad SIVOPLE", 15), ("tipo", "Tipo", 11),
    ("numero", "Número del documento", 26), ("fecha_documento", "Fecha del documento", 12),
    ("remitente_institucion", "Remitente", 28), ("remitente_area", "Área remitente", 30),
    ("remitente_persona", "Persona remitente", 24), ("asunto", "Asunto", 60), ("plazo", "Plazo", 12),
    ("areas", "Área turnada", 14), ("fecha_turno", "Fecha de turno", 12), ("tarjetas", "Tarjeta informativa", 22),
    ("respuesta", "Respuesta", 24), ("fecha_respuesta", "Fecha de respuesta", 12), ("estado", "Estatus", 12),
    ("situacion", "Situación (calculada)", 40), ("observaciones", "Observaciones", 30),
]
COLUMNAS_ENVIADOS = [
    ("folio", "No.", 13), ("fecha", "Fecha de envío", 12), ("medio", "Medio", 14),
    ("actividad_sivople", "Actividad SIVOPLE", 15), ("tipo", "Tipo", 11), ("numero", "Número del documento", 26),
    ("destinatario_institucion", "Destinatario", 28), ("destinatario_area", "Área destinataria", 30),
    ("destinatario_persona", "Persona destinataria", 24), ("asunto", "Asunto", 60), ("responde_a", "Responde a", 30),
    ("acuse_fecha", "Fecha del acuse", 12), ("espera_respuesta", "Espera respuesta", 10),
    ("plazo", "Plazo de respuesta", 12), ("respondida", "Respondida", 12), ("situacion", "Situación (calculada)", 40),
    ("observaciones", "Observaciones", 30),
]


@dataclass
class Estadisticas:
    desde: date
    hasta: date
    al: date
    recibidas: int = 0
    respondidas: int = 0
    concluidas_sin_respuesta: int = 0
    pendientes: int = 0
    vencidas: int = 0
    fuera_de_plazo: int = 0
    promedio_dias: float | None = None
    enviadas: int = 0
    en_espera: int = 0
    sin_acuse: int = 0
    por_mes: list[dict[str, Any]] = field(default_factory=list)
    por_area: list[dict[str, Any]] = field(default_factory=list)
    por_area_mes: list[dict[str, Any]] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def lineas(self) -> list[str]:
        """The summary as sentences for the report (one fact per line, no «;»: a list item)."""
        lineas = [f"Documentos recibidos: {self.recibidas}.",
                  f"Respondidos: {self.respondidas}. Concluidos sin respuesta (para conocimiento u otra vía): "
                  f"{self.concluidas_sin_respuesta}. Concluidos fuera de plazo: {self.fuera_de_plazo}.",
                  f"Pendientes al {formato.fecha_corta(self.al)}: {self.pendientes}, de ellos vencidos: "
                  f"{self.vencidas}."]
        if self.promedio_dias is not None:
            lineas.append(f"Tiempo promedio de respuesta: {_decimal(self.promedio_dias)} días hábiles desde la "
                          "recepción.")
        lineas.append(f"Documentos enviados: {self.enviadas}, sin acuse registrado: {self.sin_acuse}. Solicitudes "
                      f"en espera de respuesta: {self.en_espera}.")
        return lineas


def _decimal(valor: float) -> str:
    return formato.numero(round(valor, 1), 1)


def _mes(dia: date) -> str:
    return f"{dia.year}-{dia.month:02d}"


def _mes_texto(clave: str) -> str:
    anio, mes = clave.split("-")
    return f"{formato.MESES[int(mes) - 1].capitalize()} {anio}"


@dataclass
class DatosBitacora:
    desde: date
    hasta: date
    al: date
    recibidos: list[dict[str, Any]]
    enviados: list[dict[str, Any]]
    estadisticas: Estadisticas


def reunir(cat: Catalogo | Transaccion, desde: Any, hasta: Any, *, al: Any = None) -> DatosBitacora:
    """Everything received and sent between ``desde`` and ``hasta`` (inclusive), with the state at ``al``."""
    d, h = consultas.validar_periodo(desde, hasta)
    r = reg._Revision()
    dia_al = r.fecha(al, "--al") or date.today()
    r.lanzar("La fecha del estatus tiene")
    limite = date.fromordinal(h.toordinal() + 1).isoformat()
    filas_e = cat.todos("SELECT * FROM entradas WHERE recibido >= ? AND recibido < ? ORDER BY recibido, id",
                        (d.isoformat(), limite))
    recibidos = consultas.filas_entradas(cat, filas_e, al=dia_al)
    extra = {f["id"]: f for f in filas_e}
    for fila in recibidos:
        f = extra[fila["id"]]
        fila.update(fecha_documento=reg._fecha(f["fecha_documento"]), remitente_institucion=f["remitente_institucion"],
                    remitente_area=f["remitente_area"], remitente_persona=f["remitente_persona"],
                    observaciones=f["observaciones"], requiere_respuesta=bool(f["requiere_respuesta"]),
                    concluido=reg._fecha(f["concluido"]))
    filas_s = cat.todos("SELECT * FROM salidas WHERE fecha >= ? AND fecha <= ? ORDER BY fecha, id",
                        (d.isoformat(), h.isoformat()))
    enviados = consultas.filas_salidas(cat, filas_s, al=dia_al)
    extra_s = {f["id"]: f for f in filas_s}
    for fila in enviados:
        f = extra_s[fila["id"]]
        fila.update(destinatario_institucion=f["destinatario_institucion"], destinatario_area=f["destinatario_area"],
                    destinatario_persona=f["destinatario_persona"], observaciones=f["observaciones"])
    cal = Calendario.de(reg._raiz(cat))
    return DatosBitacora(d, h, dia_al, recibidos, enviados, _estadisticas(d, h, dia_al, recibidos, enviados, cal))


def _estadisticas(desde: date, hasta: date, al: date, recibidos: list[dict[str, Any]], enviados: list[dict[str, Any]],
                  cal: Calendario) -> Estadisticas:
    e = Estadisticas(desde, hasta, al)
    meses: dict[str, dict[str, Any]] = defaultdict(lambda: {"recibidas": 0, "respondidas": 0, "vencidas": 0,
                                                             "fuera_de_plazo": 0, "dias": []})
    areas: dict[str, dict[str, Any]] = defaultdict(lambda: {"turnos": 0, "atendidos": 0, "vencidos": 0,
                                                             "fuera_de_plazo": 0, "dias": []})
    area_mes: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"turnos": 0, "atendidos": 0, "vencidos": 0, "fuera_de_plazo": 0, "dias": []})
    dias_respuesta: list[int] = []
    for f in recibidos:
        mes = _mes(f["fecha"])
        m = meses[mes]
        m["recibidas"] += 1
        e.recibidas += 1
        if f["estado"] == "concluido":
            if f["respuestas"]:
                e.respondidas += 1
                m["respondidas"] += 1
                respondida = min(x["fecha"] for x in f["respuestas"])
                n = cal.entre(f["fecha"], date.fromisoformat(respondida) if isinstance(respondida, str) else respondida)
                dias_respuesta.append(n)
                m["dias"].append(n)
            else:
                e.concluidas_sin_respuesta += 1
            if f["fuera_de_plazo"]:
                e.fuera_de_plazo += 1
                m["fuera_de_plazo"] += 1
        else:
            e.pendientes += 1
            if f["vencido"]:
                e.vencidas += 1
                m["vencidas"] += 1
        for t in f["turnos"]:
            for destino in (areas[t["area"]], area_mes[(t["area"], mes)]):
                destino["turnos"] += 1
                if t["atendido"]:
                    destino["atendidos"] += 1
                    destino["dias"].append(cal.entre(t["fecha"], t["atendido"]))
                    if t["plazo"] and t["atendido"] > t["plazo"]:
                        destino["fuera_de_plazo"] += 1
                elif t["plazo"] and t["plazo"] < al and f["estado"] != "concluido":
                    destino["vencidos"] += 1
    e.promedio_dias = sum(dias_respuesta) / len(dias_respuesta) if dias_respuesta else None

    def promedio(valores: list[int]) -> float | None:
        return sum(valores) / len(valores) if valores else None

    e.por_mes = [{"mes": k, "mes_nombre": _mes_texto(k), **{c: v for c, v in m.items() if c != "dias"},
                  "promedio_dias": promedio(m["dias"])} for k, m in sorted(meses.items())]
    e.por_area = [{"area": k, **{c: v for c, v in a.items() if c != "dias"}, "promedio_dias": promedio(a["dias"])}
                  for k, a in sorted(areas.items())]
    e.por_area_mes = [{"area": k[0], "mes": k[1], "mes_nombre": _mes_texto(k[1]),
                       **{c: v for c, v in a.items() if c != "dias"}, "promedio_dias": promedio(a["dias"])}
                      for k, a in sorted(area_mes.items())]
    e.enviadas = len(enviados)
    e.en_espera = sum(1 for s in enviados if s["espera_respuesta"] and not s["respondida"])
    e.sin_acuse = sum(1 for s in enviados if not s["acuse_fecha"])
    return e


def estadisticas(cat: Catalogo | Transaccion, desde: Any, hasta: Any, *, al: Any = None) -> Estadisticas:
    return reunir(cat, desde, hasta, al=al).estadisticas


# --- rows as the office writes them ----------------------------------------------------------------------------


def _primera_fecha(valores: list[Any]) -> date | None:
    fechas = [date.fromisoformat(v) if isinstance(v, str) else v for v in valores if v]
    return min(fechas) if fechas else None


def valores_recibido(f: dict[str, Any]) -> dict[str, Any]:
    """One entrada as the cells of the «Recibidos» sheet."""
    recibido = f["recibido"]
    return {
        "folio": f["folio"], "fecha_recepcion": f["fecha"],
        "hora": recibido.strftime("%H:%M") if isinstance(recibido, datetime) else "",
        "medio": f["medio_nombre"], "actividad_sivople": f["actividad_sivople"], "tipo": f["tipo_nombre"],
        "numero": f["numero"], "fecha_documento": f.get("fecha_documento"),
        "remitente_institucion": f.get("remitente_institucion", f["remitente"]),
        "remitente_area": f.get("remitente_area", ""), "remitente_persona": f.get("remitente_persona", ""),
        "asunto": f["asunto"], "plazo": f["plazo"], "areas": f["areas"],
        "fecha_turno": _primera_fecha([t["fecha"] for t in f["turnos"]]),
        "tarjetas": ", ".join(t["tarjeta"] for t in f["turnos"] if t["tarjeta"]),
        "respuesta": f["respuesta"], "fecha_respuesta": _primera_fecha([x["fecha"] for x in f["respuestas"]]),
        "estado": f["estado"], "situacion": f["situacion"], "observaciones": f.get("observaciones", ""),
    }


def valores_enviado(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "folio": s["folio"], "fecha": s["fecha"], "medio": s["medio_nombre"],
        "actividad_sivople": s["actividad_sivople"], "tipo": s["tipo_nombre"], "numero": s["numero"],
        "destinatario_institucion": s.get("destinatario_institucion", s["destinatario"]),
        "destinatario_area": s.get("destinatario_area", ""), "destinatario_persona": s.get("destinatario_persona", ""),
        "asunto": s["asunto"], "responde_a": s["responde_a"], "acuse_fecha": s["acuse_fecha"],
        "espera_respuesta": "sí" if s["espera_respuesta"] else "no", "plazo": s["plazo"],
        "respondida": s["respondida"], "situacion": s["situacion"], "observaciones": s.get("observaciones", ""),
    }


# --- Excel -----------------------------------------------------------------------------------------------------


def construir_xlsx(datos: DatosBitacora, institucion: str) -> bytes:
    """The bitácora as a workbook: «Recibidos», «Enviados» and «Estadísticas». Written with XlsxWriter (a year in
    about two seconds); text is always written as text, never as a formula or a link."""
    import xlsxwriter  # heavy library: imported where used (fast start)

    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    titulo_f = libro.add_format({"bold": True, "font_size": 12})
    encabezado_f = libro.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#5B2C6F",
                                     "text_wrap": True, "valign": "top"})
    fecha_f = libro.add_format({"num_format": "dd/mm/yyyy"})
    vencido_f = libro.add_format({"bg_color": "#F8D7DA"})
    vencido_fecha_f = libro.add_format({"bg_color": "#F8D7DA", "num_format": "dd/mm/yyyy"})

    def hoja(nombre: str, columnas: list[tuple[str, str, int]], filas: list[dict[str, Any]], titulo: str,
             vencidas: list[bool]) -> None:
        ws = libro.add_worksheet(nombre)
        for j, (_, _, ancho) in enumerate(columnas):
            ws.set_column(j, j, ancho)
        ws.write_string(0, 0, titulo, titulo_f)
        for j, (_, texto, _) in enumerate(columnas):
            ws.write_string(1, j, texto, encabezado_f)
        ws.freeze_panes(2, 1)
        if filas:
            ws.autofilter(1, 0, len(filas) + 1, len(columnas) - 1)
        for i, fila in enumerate(filas, start=2):
            vencida = vencidas[i - 2]
            for j, (clave, _, _) in enumerate(columnas):
                valor = fila.get(clave)
                if valor is None or valor == "":
                    if vencida:
                        ws.write_blank(i, j, None, vencido_f)
                    continue
                if isinstance(valor, date):
                    momento = valor if isinstance(valor, datetime) else datetime(valor.year, valor.month, valor.day)
                    ws.write_datetime(i, j, momento, vencido_fecha_f if vencida else fecha_f)
                elif isinstance(valor, bool):
                    ws.write_string(i, j, "sí" if valor else "no", vencido_f if vencida else None)
                elif isinstance(valor, int | float):
                    ws.write_number(i, j, valor, vencido_f if vencida else None)
                else:
                    ws.write_string(i, j, str(valor), vencido_f if vencida else None)

    periodo = f"del {formato.fecha_corta(datos.desde)} al {formato.fecha_corta(datos.hasta)}"
    hoja(HOJA_RECIBIDOS, COLUMNAS_RECIBIDOS, [valores_recibido(f) for f in datos.recibidos],
         f"Bitácora de seguimiento de actividades INE–{institucion}: documentos recibidos {periodo} "
         f"(estatus al {formato.fecha_corta(datos.al)})", [bool(f["vencido"]) for f in datos.recibidos])
    hoja(HOJA_ENVIADOS, COLUMNAS_ENVIADOS, [valores_enviado(s) for s in datos.enviados],
         f"Bitácora de seguimiento de actividades INE–{institucion}: documentos enviados {periodo}",
         [bool(s["vencido"]) for s in datos.enviados])

    e = datos.estadisticas
    ws = libro.add_worksheet(HOJA_ESTADISTICAS)
    for j, ancho in enumerate((22, 14, 14, 14, 16, 18, 18)):
        ws.set_column(j, j, ancho)
    fila = 0

    def escribir(valores: list[Any], formato_celda: Any = None) -> None:
        nonlocal fila
        for j, valor in enumerate(valores):
            if valor is None:
                continue
            if isinstance(valor, str):
                ws.write_string(fila, j, valor, formato_celda)
            else:
                ws.write_number(fila, j, valor, formato_celda)
        fila += 1

    def promedio(valor: float | None) -> float | None:
        return round(valor, 1) if valor is not None else None

    escribir([f"Estadísticas {periodo} (estatus al {formato.fecha_corta(datos.al)})"], titulo_f)
    for linea in e.lineas():
        escribir([linea])
    fila += 1
    escribir(["Por mes de recepción"], titulo_f)
    escribir(["Mes", "Recibidos", "Respondidos", "Vencidos", "Fuera de plazo", "Promedio (días hábiles)"],
             encabezado_f)
    for m in e.por_mes:
        escribir([m["mes_nombre"], m["recibidas"], m["respondidas"], m["vencidas"], m["fuera_de_plazo"],
                  promedio(m["promedio_dias"])])
    fila += 1
    escribir(["Por área turnada"], titulo_f)
    escribir(["Área", "Turnos", "Atendidos", "Vencidos", "Fuera de plazo", "Promedio (días hábiles)"], encabezado_f)
    for a in e.por_area:
        escribir([a["area"], a["turnos"], a["atendidos"], a["vencidos"], a["fuera_de_plazo"],
                  promedio(a["promedio_dias"])])
    fila += 1
    escribir(["Por área y mes"], titulo_f)
    escribir(["Área", "Mes", "Turnos", "Atendidos", "Vencidos", "Fuera de plazo", "Promedio (días hábiles)"],
             encabezado_f)
    for a in e.por_area_mes:
        escribir([a["area"], a["mes_nombre"], a["turnos"], a["atendidos"], a["vencidos"], a["fuera_de_plazo"],
                  promedio(a["promedio_dias"])])
    libro.close()
    return salida.getvalue()


def exportar_xlsx(cat: Catalogo, ruta: Path | str, desde: Any, hasta: Any, *, al: Any = None) -> DatosBitacora:
    """Write the bitácora of the period to ``ruta`` (a working copy: not filed in the archive)."""
    ruta = Path(ruta)
    if ruta.suffix.lower() != ".xlsx":
        raise EntradaInvalida(f"«{ruta.name}»: la bitácora en Excel se guarda con extensión .xlsx.")
    datos = reunir(cat, desde, hasta, al=al)
    atomic_write_bytes(ruta, construir_xlsx(datos, cat.raiz.config.siglas))
    return datos


# --- the Word report issued with folio -------------------------------------------------------------------------


def datos_plantilla(datos: DatosBitacora) -> dict[str, Any]:
    """The fields of the template ``bitacora-correspondencia``."""
    e = datos.estadisticas

    def fecha_corta(valor: Any) -> str:
        return formato.fecha_corta(valor) if valor else ""

    recibidos = []
    for f in datos.recibidos:
        v = valores_recibido(f)
        turno = v["areas"] + (f" {fecha_corta(v['fecha_turno'])}" if v["fecha_turno"] else "")
        respuesta = v["respuesta"] + (f" del {fecha_corta(v['fecha_respuesta'])}" if v["fecha_respuesta"] else "")
        if f["estado"] == "concluido":
            estatus = v["situacion"] + (" (para conocimiento)" if not f["requiere_respuesta"] else "")
        else:
            estatus = f"{v['estado'].capitalize()}. {v['situacion']}"
        recibidos.append({"no": v["folio"], "fecha_recepcion": fecha_corta(f["fecha"]), "numero": v["numero"],
                          "remitente": v["remitente_area"] or v["remitente_institucion"], "asunto": v["asunto"],
                          "area_turnada": turno or "Sin turno", "respuesta": respuesta or "—", "estatus": estatus})
    enviados = []
    for s in datos.enviados:
        v = valores_enviado(s)
        enviados.append({"no": s["folio"], "fecha_envio": fecha_corta(s["fecha"]), "numero": s["numero"],
                         "destinatario": v["destinatario_area"] or v["destinatario_institucion"],
                         "asunto": s["asunto"], "responde_a": s["responde_a"] or "—",
                         "acuse": fecha_corta(s["acuse_fecha"]) or "Sin acuse", "estatus": s["situacion"]})
    por_area = [{"area": a["area"], "turnos": str(a["turnos"]), "atendidos": str(a["atendidos"]),
                 "vencidos": str(a["vencidos"]), "fuera_de_plazo": str(a["fuera_de_plazo"]),
                 "promedio": _decimal(a["promedio_dias"]) if a["promedio_dias"] is not None else "—"}
                for a in e.por_area]
    campos: dict[str, Any] = {"desde": datos.desde.isoformat(), "hasta": datos.hasta.isoformat(),
                              "al": datos.al.isoformat(), "recibidos": recibidos, "resumen": e.lineas()}
    if enviados:
        campos["enviados"] = enviados
    if por_area:
        campos["por_area"] = por_area
    return campos


def emitir(cat: Catalogo, desde: Any, hasta: Any, *, fecha: Any = None, al: Any = None,
           observaciones: list[str] | None = None) -> tuple[documentos.Documento, DatosBitacora]:
    """Issue the bitácora of the period as a Word report with folio, filed in «Vinculación con el INE»."""
    r = reg._Revision()
    dia = r.fecha(fecha, "--fecha") or date.today()
    r.lanzar("La fecha del informe tiene")
    datos = reunir(cat, desde, hasta, al=al if al not in (None, "") else dia)
    if dia < datos.hasta:
        raise EntradaInvalida(f"La bitácora del periodo que termina el {formato.fecha_corta(datos.hasta)} no puede "
                              f"llevar una fecha anterior ({formato.fecha_corta(dia)}); emítala al terminar el periodo "
                              "o acorte el periodo con --hasta.")
    if not datos.recibidos and not datos.enviados:
        raise EntradaInvalida(f"No hay documentos recibidos ni enviados del {formato.fecha_corta(datos.desde)} al "
                              f"{formato.fecha_corta(datos.hasta)}; no se emitió la bitácora.")
    campos = datos_plantilla(datos)
    if observaciones:
        campos["observaciones"] = [o for o in observaciones if o.strip()]
    opciones = op.configuracion(cat.raiz)
    with cat.transaccion("emitir bitácora de correspondencia") as tx:
        preparado, problemas = generacion.preparar(tx, PLANTILLA, datos=campos, fecha=dia, area=opciones.area,
                                                   expediente=reg.expediente_vinculacion(tx, dia), lugar="bitácora")
        if problemas or preparado is None:
            raise EntradaInvalida(f"No se emitió la bitácora: la plantilla «{PLANTILLA}» no se pudo llenar "
                                  f"({len(problemas)} problema(s)):", problemas)
        doc = generacion.emitir_en(tx, preparado)
    return doc, datos
