"""Correspondencia con el INE (SIVOPLE): the register with filters, an entrada's or salida's thread, the forms to
register an entrada with its files, turn it, record the área's answer, answer it (salida with acuse), what is
pending, the bitácora (Excel download, Word report with folio) and the import of an Excel bitácora.

Every page calls ``archivo.correspondencia`` as the CLI does; uploads are written to a temporary folder with their
original names and imported by the library (into the acervo, text extracted, content checked).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.correspondencia import bitacora, consultas, importacion
from archivo.correspondencia import opciones as op
from archivo.correspondencia import registro as reg
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo, descarga

ETIQUETAS_RECIBIR = {
    "numero": "Número del documento", "tipo": "Tipo", "fecha_documento": "Fecha del documento",
    "recibido": "Fecha de recepción", "hora": "Hora de recepción", "medio": "Medio", "actividad": "Actividad SIVOPLE",
    "remitente": "Institución remitente", "remitente_area": "Área remitente", "remitente_persona": "Quien firma",
    "destinatario": "Dirigido a", "asunto": "Asunto", "anexos": "Anexos", "plazo_dias": "Plazo en días hábiles",
    "plazo": "o fecha límite", "archivos": "Archivos del documento",
}
ETIQUETAS_TURNAR = {"areas": "Áreas", "fecha": "Fecha del turno", "plazo_dias": "Plazo del área en días hábiles",
                    "plazo": "o fecha límite del área", "instrucciones": "Atención que se pide",
                    "para": "Dirigida a", "para_cargo": "Cargo de quien la recibe"}
ETIQUETAS_ATENDER = {"area": "Área", "fecha": "Fecha de la respuesta", "numero": "Número de su oficio",
                     "archivo": "Documento del área"}
ETIQUETAS_RESPONDER = {"folio": "Folio del oficio emitido", "archivo": "o archivo del documento enviado",
                       "numero": "Número del documento enviado", "fecha": "Fecha de envío", "medio": "Medio",
                       "actividad": "Actividad SIVOPLE", "asunto": "Asunto", "acuse": "Acuse de recibo",
                       "fecha_acuse": "Fecha del acuse", "confirmar": "Confirmo"}
ETIQUETAS_ACUSE = {"acuse": "Acuse de recibo", "fecha": "Fecha del acuse"}
ETIQUETAS_CONCLUIR = {"motivo": "Motivo", "fecha": "Fecha"}
ETIQUETAS_BITACORA = {"desde": "Desde", "hasta": "Hasta", "al": "Estatus al"}
MAX_ARCHIVO = 50 * 1024 * 1024


# --- helpers ------------------------------------------------------------------------------------------------


@contextmanager
def _subidos(p: Peticion, nombre: str) -> Iterator[list[Path]]:
    """The files uploaded in field ``nombre``, written to a temporary folder with their original names."""
    with tempfile.TemporaryDirectory(prefix="archivo-subida-") as tmp:
        rutas = []
        for i, subido in enumerate(p.archivos(nombre), start=1):
            base = Path(str(subido.filename).replace("\\", "/")).name.strip() or f"documento-{i}"
            if base.startswith("."):
                base = f"documento{base}"
            destino = Path(tmp) / str(i) / base
            destino.parent.mkdir()
            with open(destino, "wb") as salida:
                shutil.copyfileobj(subido.file, salida)
            rutas.append(destino)
        yield rutas


def _entrada(p: Peticion) -> reg.Entrada:
    return reg.obtener_entrada(p.cat, f"#{p.param('id')}")


def _salida(p: Peticion) -> reg.Salida:
    return reg.obtener_salida(p.cat, f"#{p.param('id')}")


def _areas(p: Peticion) -> list[tuple[str, str]]:
    return [(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas]


def _situacion(p: Peticion, e: reg.Entrada) -> reg.Situacion:
    return reg.situacion_entrada(e, date.today(), op.Calendario.de(p.raiz), op.configuracion(p.raiz).aviso_dias)


def _render_form(p: Peticion, plantilla: str, f: Formulario, **contexto: Any) -> Response:
    return p.render(plantilla, estado=200 if f.valido else 400, f=f, **contexto)


# --- the register -------------------------------------------------------------------------------------------


def _filtros(p: Peticion) -> dict[str, str]:
    return {k: p.query(k) for k in ("texto", "estado", "area", "medio", "desde", "hasta", "vencidas") if p.query(k)}


def registro(p: Peticion) -> Response:
    """The register of entradas, newest first, with filters and pages."""
    filtros = _filtros(p)
    pagina = p.entero("pagina", 1)
    f = Formulario(filtros, {"texto": "Buscar", "estado": "Estado", "area": "Turnada a", "medio": "Medio",
                             "desde": "Recibidas desde", "hasta": "hasta"})
    try:
        resultado = consultas.lista(p.cat, texto=filtros.get("texto"), estado=filtros.get("estado"),
                                    area=filtros.get("area"), medio=filtros.get("medio"), desde=filtros.get("desde"),
                                    hasta=filtros.get("hasta"), vencidas=bool(filtros.get("vencidas")),
                                    pagina=pagina)
    except EntradaInvalida as e:
        f.desde_error(e)
        resultado = consultas.Pagina([], 0, 1, consultas.POR_PAGINA)
    base = {k: v for k, v in filtros.items()}
    return p.render("correspondencia/registro.html", estado=200 if f.valido else 400, f=f, pagina=resultado,
                    estados=[(e, e.capitalize()) for e in op.ESTADOS], areas=_areas(p),
                    medios=list(op.MEDIOS.items()), titulo="Correspondencia con el INE",
                    anterior=f"?{urlencode(dict(base, pagina=resultado.pagina - 1))}" if resultado.pagina > 1 else None,
                    siguiente=(f"?{urlencode(dict(base, pagina=resultado.pagina + 1))}"
                               if resultado.pagina < resultado.paginas else None))


def registro_salidas(p: Peticion) -> Response:
    texto = p.query("texto")
    en_espera = p.query("en_espera") == "1"
    resultado = consultas.lista_salidas(p.cat, texto=texto or None, en_espera=en_espera, pagina=p.entero("pagina", 1))
    base = {k: v for k, v in (("texto", texto), ("en_espera", "1" if en_espera else "")) if v}
    return p.render("correspondencia/salidas.html", pagina=resultado, texto=texto, en_espera=en_espera,
                    titulo="Correspondencia: salidas",
                    anterior=f"?{urlencode(dict(base, pagina=resultado.pagina - 1))}" if resultado.pagina > 1 else None,
                    siguiente=(f"?{urlencode(dict(base, pagina=resultado.pagina + 1))}"
                               if resultado.pagina < resultado.paginas else None))


def lista_pendientes(p: Peticion) -> Response:
    area = p.query("area")
    f = Formulario({"area": area, "al": p.query("al")}, {"area": "Área", "al": "Al"})
    try:
        items = consultas.pendientes(p.cat, al=p.query("al") or None, area=area or None)
    except EntradaInvalida as e:
        f.desde_error(e)
        items = []
    return p.render("correspondencia/pendientes.html", estado=200 if f.valido else 400, f=f, items=items,
                    areas=_areas(p), vencidos=sum(1 for i in items if i["vencido"]),
                    por_vencer=sum(1 for i in items if i["por_vencer"]), titulo="Correspondencia pendiente")


# --- an entrada, a salida -----------------------------------------------------------------------------------


def entrada(p: Peticion) -> Response:
    e = _entrada(p)
    h = consultas.hilo(p.cat, f"#{e.id}")
    return p.render("correspondencia/entrada.html", e=e, h=h, situacion=_situacion(p, e),
                    pendientes_turno=[t for t in e.turnos if t.estado != "atendido"],
                    titulo=f"Entrada {e.folio}")


def salida(p: Peticion) -> Response:
    s = _salida(p)
    h = consultas.hilo(p.cat, f"#{s.id}")
    return p.render("correspondencia/salida.html", s=s, h=h, titulo=f"Salida {s.folio}")


def documento(p: Peticion) -> Response:
    """A file of the register (the entrada's PDF, a tarjeta, the oficio sent, an acuse), by catalog id."""
    documento_id = int(p.param("id"))
    del_registro = p.cat.uno(
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM entrada_documentos WHERE documento_id = :d) OR EXISTS (SELECT 1 FROM "
        "turnos WHERE tarjeta_id = :d OR respuesta_documento_id = :d) OR EXISTS (SELECT 1 FROM salidas WHERE "
        "documento_id = :d OR acuse_documento_id = :d) OR EXISTS (SELECT 1 FROM documentos WHERE id = :d AND "
        "plantilla = 'bitacora-correspondencia')", {"d": documento_id})
    fila = p.cat.uno("SELECT a.ruta, i.nombre_original FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                     "LEFT JOIN importaciones i ON i.documento_id = d.id WHERE d.id = ?", (documento_id,))
    if del_registro is None or fila is None:
        raise NoEncontrado("Ese documento no es de la correspondencia o no tiene archivo.")
    ruta = p.raiz.absoluta(fila["ruta"])
    return archivo(ruta, fila["nombre_original"] or ruta.name, en_linea=ruta.suffix.lower() == ".pdf")


# --- forms --------------------------------------------------------------------------------------------------


def recibir(p: Peticion) -> Response:
    """Register a document received, with its files."""
    valores = {"tipo": "oficio", "medio": "sivople", "remitente": "Instituto Nacional Electoral",
               "recibido": date.today().isoformat(), "plazo_dias": str(op.configuracion(p.raiz).plazo_dias)}
    if p.request.method == "POST":
        valores = p.campos()
    f = Formulario(valores, ETIQUETAS_RECIBIR)
    existente = None
    if p.request.method == "POST":
        try:
            recibido = " ".join(x for x in (p.valor("recibido").strip(), p.valor("hora").strip()) if x)
            with _subidos(p, "archivos") as archivos:
                e = reg.registrar_entrada(
                    p.cat, numero=p.valor("numero"), tipo=p.valor("tipo"), recibido=recibido, medio=p.valor("medio"),
                    actividad_sivople=p.valor("actividad"), remitente_institucion=p.valor("remitente"),
                    remitente_area=p.valor("remitente_area"), remitente_persona=p.valor("remitente_persona"),
                    destinatario=p.valor("destinatario"), asunto=p.valor("asunto"),
                    fecha_documento=p.valor("fecha_documento") or None, anexos=p.valor("anexos"),
                    plazo=p.valor("plazo") or None, plazo_dias=p.valor("plazo_dias") or None,
                    requiere_respuesta=not p.valor("sin_respuesta"), archivos=archivos,
                    abrir_procedimiento=True if p.valor("procedimiento") else None)
        except reg.Duplicado as error:
            f.titulo_error, f.nota_resumen = "Ese documento ya está registrado", "No se registró de nuevo."
            f.error(None, error.mensaje)
            existente = reg.obtener_entrada(p.cat, error.existente)
        except EntradaInvalida as error:
            f.desde_error(error)
        else:
            plazo = f" Plazo: {formato.fecha_larga(e.plazo)}." if e.plazo else ""
            return p.redirigir(f"/correspondencia/entradas/{e.id}", f"Entrada {e.folio} registrada.{plazo}")
    return _render_form(p, "correspondencia/recibir.html", f, tipos=list(op.TIPOS.items()),
                        medios=list(op.MEDIOS.items()), existente=existente, titulo="Registrar una entrada")


def turnar(p: Peticion) -> Response:
    e = _entrada(p)
    opciones = op.configuracion(p.raiz)
    titulares = {a.siglas: op.titular(p.raiz, opciones, a.siglas) for a in p.raiz.config.areas}
    valores = {"fecha": date.today().isoformat()} if p.request.method == "GET" else p.campos()
    f = Formulario(valores, ETIQUETAS_TURNAR)
    elegidas = p.valores("areas")
    if p.request.method == "POST":
        try:
            turnos = reg.turnar(p.cat, f"#{e.id}", elegidas, fecha=p.valor("fecha") or None,
                                plazo=p.valor("plazo") or None, plazo_dias=p.valor("plazo_dias") or None,
                                instrucciones=p.valor("instrucciones"), para=p.valor("para") or None,
                                para_cargo=p.valor("para_cargo") or None, tarjeta=not p.valor("sin_tarjeta"))
        except EntradaInvalida as error:
            f.desde_error(error)
        else:
            tarjetas = ", ".join(f"{t.area} ({t.tarjeta_folio})" if t.tarjeta_folio else t.area for t in turnos)
            return p.redirigir(f"/correspondencia/entradas/{e.id}", f"Entrada {e.folio} turnada a {tarjetas}.")
    ya = {t.area for t in e.turnos}
    return _render_form(p, "correspondencia/turnar.html", f, e=e, elegidas=elegidas,
                        areas=[(a.siglas, a.nombre, titulares[a.siglas]) for a in p.raiz.config.areas
                               if a.siglas not in ya], titulo=f"Turnar la entrada {e.folio}")


def en_atencion(p: Peticion) -> Response:
    e = _entrada(p)
    try:
        t = reg.en_atencion(p.cat, f"#{e.id}", area=p.valor("area") or None)
    except ArchivoError as error:
        p.mensaje(error.mensaje, "error")
        return p.redirigir(f"/correspondencia/entradas/{e.id}")
    return p.redirigir(f"/correspondencia/entradas/{e.id}", f"{t.area} tiene la entrada en atención.")


def atender(p: Peticion) -> Response:
    """The área's answer to its turno."""
    e = _entrada(p)
    abiertos = [t for t in e.turnos if t.estado != "atendido"]
    valores = ({"fecha": date.today().isoformat(), "area": abiertos[0].area if abiertos else ""}
               if p.request.method == "GET" else p.campos())
    f = Formulario(valores, ETIQUETAS_ATENDER)
    if p.request.method == "POST":
        try:
            with _subidos(p, "archivo") as archivos:
                t = reg.atender(p.cat, f"#{e.id}", area=p.valor("area") or None, fecha=p.valor("fecha") or None,
                                numero=p.valor("numero"), archivo=archivos[0] if archivos else None)
        except EntradaInvalida as error:
            f.desde_error(error)
        else:
            return p.redirigir(f"/correspondencia/entradas/{e.id}", f"Respuesta de {t.area} registrada.")
    return _render_form(p, "correspondencia/atender.html", f, e=e, abiertos=abiertos,
                        titulo=f"Respuesta del área a la entrada {e.folio}")


def responder(p: Peticion) -> Response:
    """Answer an entrada: the oficio sent (issued in archivo, by folio; or an external file), with its acuse."""
    e = _entrada(p)
    valores = ({"fecha": date.today().isoformat(), "medio": "sivople" if e.medio == "sivople" else e.medio}
               if p.request.method == "GET" else p.campos())
    f = Formulario(valores, ETIQUETAS_RESPONDER)
    confirmar_asunto = None
    if p.request.method == "POST":
        try:
            with _subidos(p, "archivo") as archivos, _subidos(p, "acuse") as acuses:
                s = reg.registrar_salida(
                    p.cat, responde_a=[f"#{e.id}"], folio=p.valor("folio").strip() or None,
                    archivo=archivos[0] if archivos else None, numero=p.valor("numero").strip() or None,
                    fecha=p.valor("fecha") or None, medio=p.valor("medio") or "sivople",
                    actividad_sivople=p.valor("actividad"), asunto=p.valor("asunto") or None,
                    acuse=acuses[0] if acuses else None, acuse_fecha=p.valor("fecha_acuse") or None,
                    confirmar=bool(p.valor("confirmar")))
        except reg.Duplicado as error:
            f.titulo_error, f.nota_resumen = "Ese documento ya está registrado", "No se registró de nuevo."
            f.error(None, error.mensaje)
        except reg.ConfirmacionRequerida as error:
            f.titulo_error, f.nota_resumen = "Confirme la respuesta", ""
            f.error("confirmar", error.mensaje)
            confirmar_asunto = error.mensaje
        except EntradaInvalida as error:
            f.desde_error(error)
        else:
            return p.redirigir(f"/correspondencia/entradas/{e.id}",
                               f"Salida {s.folio} ({s.numero}) registrada; la entrada {e.folio} quedó concluida.")
    return _render_form(p, "correspondencia/responder.html", f, e=e, medios=list(op.MEDIOS.items()),
                        confirmar_asunto=confirmar_asunto, titulo=f"Responder la entrada {e.folio}")


def concluir(p: Peticion) -> Response:
    e = _entrada(p)
    valores = {"fecha": date.today().isoformat()} if p.request.method == "GET" else p.campos()
    f = Formulario(valores, ETIQUETAS_CONCLUIR)
    if p.request.method == "POST":
        try:
            reg.concluir(p.cat, f"#{e.id}", motivo=p.valor("motivo"), fecha=p.valor("fecha") or None)
        except EntradaInvalida as error:
            f.desde_error(error)
        else:
            return p.redirigir(f"/correspondencia/entradas/{e.id}", f"Entrada {e.folio} concluida.")
    return _render_form(p, "correspondencia/concluir.html", f, e=e, titulo=f"Concluir la entrada {e.folio}")


def _abrir_procedimiento(p: Peticion, referencia: str, destino: str) -> Response:
    try:
        proc = reg.abrir_procedimiento(p.cat, referencia)
    except ArchivoError as error:
        p.mensaje(error.mensaje, "error")
        return p.redirigir(destino)
    return p.redirigir(destino, f"Procedimiento {proc.id} abierto: {proc.tipo_nombre} (avance {proc.avance}).")


def procedimiento_entrada(p: Peticion) -> Response:
    """Open the manual's procedure of an entrada, its steps marked as the register shows them."""
    e = _entrada(p)
    return _abrir_procedimiento(p, e.folio, f"/correspondencia/entradas/{e.id}")


def procedimiento_salida(p: Peticion) -> Response:
    s = _salida(p)
    return _abrir_procedimiento(p, s.folio, f"/correspondencia/salidas/{s.id}")


def acuse(p: Peticion) -> Response:
    s = _salida(p)
    valores = {"fecha": date.today().isoformat()} if p.request.method == "GET" else p.campos()
    f = Formulario(valores, ETIQUETAS_ACUSE)
    if p.request.method == "POST":
        try:
            with _subidos(p, "acuse") as acuses:
                if not acuses:
                    raise EntradaInvalida("No se registró el acuse:", [Problema("acuse", "elija el archivo del "
                                                                                          "acuse (PDF)")])
                reg.registrar_acuse(p.cat, s.folio, acuses[0], fecha=p.valor("fecha") or None)
        except EntradaInvalida as error:
            f.desde_error(error)
        except reg.Duplicado as error:
            f.error(None, error.mensaje)
        else:
            return p.redirigir(f"/correspondencia/salidas/{s.id}", f"Acuse de {s.folio} registrado.")
    return _render_form(p, "correspondencia/acuse.html", f, s=s, titulo=f"Acuse de la salida {s.folio}")


# --- the bitácora and the import ----------------------------------------------------------------------------


def _mes_anterior() -> tuple[date, date]:
    fin = date.today().replace(day=1) - timedelta(days=1)
    return fin.replace(day=1), fin


def bitacora_pagina(p: Peticion) -> Response:
    desde, hasta = _mes_anterior()
    valores = {"desde": p.query("desde") or desde.isoformat(), "hasta": p.query("hasta") or hasta.isoformat(),
               "al": p.query("al")}
    f = Formulario(valores, ETIQUETAS_BITACORA)
    estadisticas = None
    try:
        estadisticas = bitacora.estadisticas(p.cat, valores["desde"], valores["hasta"], al=valores["al"] or None)
    except EntradaInvalida as error:
        f.desde_error(error)
    emitidas = [dict(r) for r in p.cat.todos(
        "SELECT id, folio, fecha, asunto FROM documentos WHERE plantilla = 'bitacora-correspondencia' AND estado = "
        "'emitido' ORDER BY fecha DESC, id DESC LIMIT 12")]
    return p.render("correspondencia/bitacora.html", estado=200 if f.valido else 400, f=f, e=estadisticas,
                    emitidas=emitidas, consulta=urlencode({k: v for k, v in valores.items() if v}),
                    titulo="Bitácora de seguimiento INE–OPLE")


def bitacora_excel(p: Peticion) -> Response:
    datos = bitacora.reunir(p.cat, p.query("desde"), p.query("hasta"), al=p.query("al") or None)
    nombre = f"bitacora-{datos.desde.isoformat()}-a-{datos.hasta.isoformat()}.xlsx"
    return descarga(bitacora.construir_xlsx(datos, p.raiz.config.siglas), nombre)


def bitacora_emitir(p: Peticion) -> Response:
    desde, hasta, al = p.valor("desde"), p.valor("hasta"), p.valor("al")
    consulta = urlencode({k: v for k, v in (("desde", desde), ("hasta", hasta), ("al", al)) if v})
    try:
        doc, datos = bitacora.emitir(p.cat, desde, hasta, al=al or None)
    except EntradaInvalida as error:
        p.mensaje(str(error), "error")
        return p.redirigir(f"/correspondencia/bitacora?{consulta}")
    return p.redirigir(f"/correspondencia/bitacora?{consulta}",
                       f"Bitácora {doc.folio} emitida ({len(datos.recibidos)} recibidos, {len(datos.enviados)} "
                       "enviados) y archivada en el expediente «Vinculación con el INE».")


def importar(p: Peticion) -> Response:
    f = Formulario({}, {"bitacora": "Bitácora en Excel"})
    resultado = None
    if p.request.method == "POST":
        try:
            with _subidos(p, "bitacora") as archivos:
                if not archivos:
                    raise EntradaInvalida("No se importó nada:", [Problema("bitacora", "elija el libro de Excel "
                                                                                           "(.xlsx)")])
                resultado = importacion.importar(p.cat, archivos[0])
        except EntradaInvalida as error:
            f.desde_error(error)
    return _render_form(p, "correspondencia/importar.html", f, resultado=resultado,
                        titulo="Importar una bitácora de Excel")
