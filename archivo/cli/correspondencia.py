"""archivo correspondencia recibir | turnar | en-atencion | atender | enviar | acuse | concluir | vincular |
procedimiento | lista | ver | pendientes | bitacora | estadisticas | importar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from archivo import generacion
from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.formato import fecha_corta
from archivo.cli import tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import (
    consola,
    exito,
    imprimir_ficha,
    imprimir_json,
    imprimir_lista,
    opcion_formato,
)
from archivo.correspondencia import bitacora, consultas, importacion
from archivo.correspondencia import opciones as op
from archivo.correspondencia import registro as reg

# How the library names a field -> the option that gives it on the command line.
OPCIONES = {"número": "--numero", "asunto": "--asunto", "remitente": "--remitente", "tipo": "--tipo",
            "medio": "--medio", "recibido": "--recibido", "fecha del documento": "--fecha-documento",
            "plazo": "--plazo/--plazo-dias", "responde a": "--responde-a", "mismo asunto que": "--mismo-asunto",
            "área": "--area", "fecha del turno": "--fecha", "plazo del turno": "--plazo/--plazo-dias",
            "para": "--para", "fecha": "--fecha", "motivo": "--motivo", "fecha de envío": "--fecha",
            "destinatario": "--destinatario", "plazo de respuesta": "--plazo/--plazo-dias",
            "fecha del acuse": "--fecha-acuse", "documento": "--folio/--plantilla/--archivo", "desde": "--desde",
            "hasta": "--hasta", "al": "--al", "estado": "--estado", "página": "--pagina"}


@contextmanager
def _opciones_en_lugares() -> Iterator[None]:
    """Problems name the command line's options (the library names fields)."""
    try:
        yield
    except EntradaInvalida as e:
        problemas = []
        for p in e.problemas:
            lugar = OPCIONES.get(p.lugar, p.lugar)
            problemas.append(Problema(lugar, p.mensaje, p.sugerencia))
        raise EntradaInvalida(e.mensaje, problemas) from None
    except reg.Duplicado as e:
        click.echo(click.style("Ya registrado: ", fg="red", bold=True) + e.mensaje, err=True)
        ctx = click.get_current_context().find_root().obj
        if isinstance(ctx, Contexto):
            consola.print()
            _mostrar(ctx, e.existente, "tabla")
        raise click.exceptions.Exit(1) from None


def _momento(valor: Any) -> str:
    if isinstance(valor, datetime):
        return valor.strftime("%d/%m/%Y %H:%M")
    if isinstance(valor, date):
        return fecha_corta(valor)
    return "" if valor is None else str(valor)


def _fecha(valor: Any) -> str:
    return fecha_corta(valor) if valor else ""


@click.group("correspondencia")
def grupo() -> None:
    """Correspondencia con el INE (SIVOPLE): entradas, turnos con tarjeta, salidas con acuse, plazos y bitácora.

    Cada documento recibido se registra con su número y su plazo en días hábiles, se turna a las áreas con una
    tarjeta informativa con folio, y su respuesta se registra como salida con su acuse; la bitácora de un periodo
    se obtiene en Excel o como informe de Word con folio.
    """


def _opcion_plazo(f):
    f = click.option("--plazo-dias", metavar="N", help="Plazo en días hábiles contados desde la recepción (sin el "
                     "día de la recepción; descuenta feriados oficiales y los inhábiles de archivo.toml).")(f)
    return click.option("--plazo", metavar="FECHA", help="Fecha límite de atención (2024-08-12 o 12/08/2024).")(f)


@grupo.command("recibir")
@click.argument("archivos", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--numero", required=True, metavar="TEXTO", help="Número del documento tal como está escrito "
              "(INE/DESPEN/2817/2024).")
@click.option("--tipo", default="oficio", show_default=True, metavar="TIPO",
              help=f"Tipo de documento: {', '.join(op.TIPOS.values())}.")
@click.option("--recibido", required=True, metavar="FECHA [HORA]", help="Fecha y hora de recepción: "
              "«2024-08-05 10:32» o «05/08/2024 10:32».")
@click.option("--medio", default="sivople", show_default=True, metavar="MEDIO",
              help=f"Medio de recepción: {', '.join(op.MEDIOS.values())}.")
@click.option("--actividad", metavar="TEXTO", default="", help="Número de la actividad en el SIVOPLE.")
@click.option("--remitente", required=True, metavar="TEXTO", help="Institución remitente (Instituto Nacional "
              "Electoral).")
@click.option("--remitente-area", metavar="TEXTO", default="", help="Área remitente (DESPEN, UTVOPL…).")
@click.option("--remitente-persona", metavar="TEXTO", default="", help="Persona que firma el documento.")
@click.option("--destinatario", metavar="TEXTO", default="", help="A quién va dirigido (si no es el Órgano de "
              "Enlace).")
@click.option("--asunto", required=True, metavar="TEXTO", help="De qué trata, en una oración.")
@click.option("--fecha-documento", metavar="FECHA", help="Fecha del documento.")
@click.option("--anexos", metavar="TEXTO", default="", help="Anexos que lo acompañan.")
@_opcion_plazo
@click.option("--sin-respuesta", is_flag=True, help="Para conocimiento: no requiere respuesta (se concluye al "
              "turnarlo).")
@click.option("--responde-a", metavar="SALIDA", help="La salida (solicitud del Instituto) que este documento "
              "responde.")
@click.option("--mismo-asunto", metavar="REGISTRO", help="Entrada o salida del mismo asunto (un recordatorio, un "
              "alcance).")
@click.option("--procedimiento/--sin-procedimiento", "procedimiento", default=None,
              help="Abrir (o no) el procedimiento del manual «Notificación a las áreas…» para esta entrada (por "
                   "omisión, lo que diga [correspondencia] abrir_procedimiento).")
@click.option("--observaciones", metavar="TEXTO", default="", help="Observaciones para la bitácora.")
@pasar_contexto
def recibir(ctx: Contexto, archivos: tuple[Path, ...], numero: str, tipo: str, recibido: str, medio: str,
            actividad: str, remitente: str, remitente_area: str, remitente_persona: str, destinatario: str,
            asunto: str, fecha_documento: str | None, anexos: str, plazo: str | None, plazo_dias: str | None,
            sin_respuesta: bool, responde_a: str | None, mismo_asunto: str | None, procedimiento: bool | None,
            observaciones: str) -> None:
    """Registra un documento recibido (entrada), con sus archivos (PDF, DOCX), su plazo y su folio de registro.

    Los archivos se importan al acervo como cualquier importación (texto extraído y buscable). Un número ya
    registrado del mismo remitente, o un archivo ya registrado, muestra la entrada existente y no registra nada.
    """
    with _opciones_en_lugares():
        e = reg.registrar_entrada(
            ctx.catalogo, numero=numero, tipo=tipo, recibido=recibido, medio=medio, actividad_sivople=actividad,
            remitente_institucion=remitente, remitente_area=remitente_area, remitente_persona=remitente_persona,
            destinatario=destinatario, asunto=asunto, fecha_documento=fecha_documento, anexos=anexos, plazo=plazo,
            plazo_dias=plazo_dias, requiere_respuesta=not sin_respuesta, archivos=archivos, responde_a=responde_a,
            mismo_asunto=mismo_asunto, abrir_procedimiento=procedimiento, observaciones=observaciones)
    plazo_texto = (f"plazo: {fecha_corta(e.plazo)}" + (f" ({e.plazo_dias} días hábiles)" if e.plazo_dias else "")
                   if e.plazo else "sin plazo")
    exito(f"Entrada {e.folio} registrada: {e.tipo_nombre.lower()} {e.numero} de {e.remitente}; {plazo_texto}.")
    for d in e.documentos:
        consola.print(f"  Archivo en el acervo: {ctx.raiz.ruta / d['ruta']}", markup=False)
    if e.procedimiento_id:
        consola.print(f"  Procedimiento {e.procedimiento_id} abierto (archivo procedimiento ver {e.procedimiento_id}).",
                      markup=False)
    consola.print(f"Siguiente paso: archivo correspondencia turnar {e.folio} --area SIGLAS", markup=False)


@grupo.command("turnar")
@click.argument("entrada")
@click.option("--area", "areas", multiple=True, required=True, metavar="SIGLAS",
              help="Área a la que se turna (se puede repetir); una de las de archivo.toml.")
@click.option("--fecha", metavar="FECHA", help="Fecha del turno (por omisión, hoy).")
@click.option("--plazo", metavar="FECHA", help="Plazo del área (por omisión, el de la entrada).")
@click.option("--plazo-dias", metavar="N", help="Plazo del área en días hábiles desde el turno.")
@click.option("--instrucciones", metavar="TEXTO", default="",
              help="Atención que se pide al área (una acción por renglón o separadas por «;»).")
@click.option("--sintesis", metavar="TEXTO", help="Síntesis para la tarjeta (por omisión, el asunto).")
@click.option("--para", metavar="NOMBRE", help="A quién se dirige la tarjeta (por omisión, el titular del área "
              "en archivo.toml).")
@click.option("--para-cargo", metavar="CARGO", help="Cargo de quien recibe la tarjeta.")
@click.option("--sin-tarjeta", is_flag=True, help="Registrar el turno sin emitir tarjeta informativa.")
@pasar_contexto
def turnar(ctx: Contexto, entrada: str, areas: tuple[str, ...], fecha: str | None, plazo: str | None,
           plazo_dias: str | None, instrucciones: str, sintesis: str | None, para: str | None,
           para_cargo: str | None, sin_tarjeta: bool) -> None:
    """Turna una ENTRADA a una o varias áreas y emite la tarjeta informativa de cada una, con folio."""
    with _opciones_en_lugares():
        turnos = reg.turnar(ctx.catalogo, entrada, list(areas), fecha=fecha, plazo=plazo, plazo_dias=plazo_dias,
                            instrucciones=instrucciones, para=para, para_cargo=para_cargo, sintesis=sintesis,
                            tarjeta=not sin_tarjeta)
    for t in turnos:
        exito(f"Turnada a {t.area_nombre} ({t.area})" + (f" con la tarjeta {t.tarjeta_folio}" if t.tarjeta_folio
                                                         else "") + (f"; plazo {fecha_corta(t.plazo)}" if t.plazo
                                                                     else "") + ".")


@grupo.command("en-atencion")
@click.argument("entrada")
@click.option("--area", metavar="SIGLAS", help="El área (si la entrada se turnó a varias).")
@click.option("--fecha", metavar="FECHA", help="Desde cuándo (por omisión, hoy).")
@pasar_contexto
def en_atencion(ctx: Contexto, entrada: str, area: str | None, fecha: str | None) -> None:
    """Registra que el área está atendiendo la ENTRADA turnada."""
    with _opciones_en_lugares():
        t = reg.en_atencion(ctx.catalogo, entrada, area=area, fecha=fecha)
    exito(f"{t.area}: en atención desde el {fecha_corta(t.en_atencion)}.")


@grupo.command("atender")
@click.argument("entrada")
@click.option("--area", metavar="SIGLAS", help="El área que responde (si la entrada se turnó a varias).")
@click.option("--fecha", metavar="FECHA", help="Fecha en que el área respondió (por omisión, hoy).")
@click.option("--numero", metavar="TEXTO", default="", help="Número del oficio con que respondió el área.")
@click.option("--archivo", type=click.Path(dir_okay=False, path_type=Path), help="El documento del área (PDF, DOCX).")
@pasar_contexto
def atender(ctx: Contexto, entrada: str, area: str | None, fecha: str | None, numero: str,
            archivo: Path | None) -> None:
    """Registra la respuesta de un área a la ENTRADA turnada (su turno queda atendido)."""
    with _opciones_en_lugares():
        t = reg.atender(ctx.catalogo, entrada, area=area, fecha=fecha, numero=numero, archivo=archivo)
    e = reg.obtener_entrada(ctx.catalogo, entrada)
    exito(f"{t.area} respondió el {fecha_corta(t.atendido)}" + (f" con {t.respuesta_numero}" if t.respuesta_numero
                                                                else "") + f". La entrada {e.folio} está {e.estado}.")
    if e.estado == "atendido":
        consola.print(f"Siguiente paso: archivo correspondencia enviar --responde-a {e.folio} --plantilla oficio "
                      "--datos oficio.yaml (o --folio FOLIO de un oficio ya emitido)", markup=False)


@grupo.command("enviar")
@click.option("--responde-a", "responde_a", multiple=True, metavar="ENTRADA",
              help="Entrada que esta salida responde (se puede repetir); la concluye.")
@click.option("--folio", metavar="FOLIO", help="Oficio ya emitido en archivo que se envía.")
@click.option("--plantilla", metavar="NOMBRE", help="Emitir ahora el oficio desde esta plantilla (con --datos o "
              "--campo).")
@click.option("--datos", type=click.Path(dir_okay=False, path_type=Path), help="YAML o JSON con los campos de la "
              "plantilla.")
@click.option("--campo", "campos", multiple=True, metavar="NOMBRE=VALOR", help="Un campo de la plantilla.")
@click.option("--archivo", type=click.Path(dir_okay=False, path_type=Path),
              help="Documento externo que se envía (PDF, DOCX), con --numero.")
@click.option("--numero", metavar="TEXTO", help="Número del documento externo, tal como está escrito.")
@click.option("--tipo", default="oficio", show_default=True, metavar="TIPO", help="Tipo de documento.")
@click.option("--fecha", metavar="FECHA", help="Fecha de envío (por omisión, hoy).")
@click.option("--medio", default="sivople", show_default=True, metavar="MEDIO", help="Medio de envío.")
@click.option("--actividad", metavar="TEXTO", default="", help="Número de la actividad en el SIVOPLE.")
@click.option("--destinatario", metavar="TEXTO", help="Institución destinataria (por omisión, el remitente de la "
              "entrada que responde).")
@click.option("--destinatario-area", metavar="TEXTO", help="Área destinataria (DESPEN, UTVOPL…).")
@click.option("--destinatario-persona", metavar="TEXTO", help="Persona a quien se dirige.")
@click.option("--asunto", metavar="TEXTO", help="Asunto (por omisión, el del oficio).")
@click.option("--anexos", metavar="TEXTO", default="", help="Anexos que se envían.")
@click.option("--espera-respuesta", is_flag=True, help="Es una solicitud que espera respuesta (una entrada).")
@click.option("--plazo", metavar="FECHA", help="Fecha en que debe llegar la respuesta.")
@click.option("--plazo-dias", metavar="N", help="Días hábiles para la respuesta, desde el envío.")
@click.option("--acuse", type=click.Path(dir_okay=False, path_type=Path), help="El acuse de recibo (PDF).")
@click.option("--fecha-acuse", metavar="FECHA", help="Fecha del acuse (por omisión, la del envío).")
@click.option("--mismo-asunto", metavar="REGISTRO", help="Entrada o salida del mismo asunto.")
@click.option("--confirmar", is_flag=True, help="Confirma que responde a entradas de asuntos distintos.")
@click.option("--procedimiento/--sin-procedimiento", "procedimiento", default=None,
              help="Abrir (o no) el procedimiento «Notificación al INE…» para esta salida.")
@click.option("--area", metavar="SIGLAS", help="Área que emite el oficio (con --plantilla).")
@click.option("--firmante", metavar="CLAVE", help="Quien firma el oficio (con --plantilla).")
@click.option("--observaciones", metavar="TEXTO", default="", help="Observaciones para la bitácora.")
@pasar_contexto
def enviar(ctx: Contexto, responde_a: tuple[str, ...], folio: str | None, plantilla: str | None,
           datos: Path | None, campos: tuple[str, ...], archivo: Path | None, numero: str | None, tipo: str,
           fecha: str | None, medio: str, actividad: str, destinatario: str | None, destinatario_area: str | None,
           destinatario_persona: str | None, asunto: str | None, anexos: str, espera_respuesta: bool,
           plazo: str | None, plazo_dias: str | None, acuse: Path | None, fecha_acuse: str | None,
           mismo_asunto: str | None, confirmar: bool, procedimiento: bool | None, area: str | None,
           firmante: str | None, observaciones: str) -> None:
    """Registra un documento enviado (salida) en un solo paso: un oficio ya emitido (--folio), uno que se emite
    ahora desde una plantilla (--plantilla), o uno externo (--archivo con --numero).

    Si responde a entradas (--responde-a), las concluye. Con --espera-respuesta queda pendiente hasta que llegue la
    respuesta (una entrada registrada con --responde-a SALIDA).
    """
    valores = None
    if plantilla:
        valores = generacion.leer_datos(datos) if datos else {}
        valores.update(generacion.campos_de_opciones(campos))
    elif datos or campos:
        raise EntradaInvalida("--datos y --campo se usan con --plantilla.")
    with _opciones_en_lugares():
        s = reg.registrar_salida(
            ctx.catalogo, responde_a=responde_a, folio=folio, plantilla=plantilla, datos=valores, archivo=archivo,
            numero=numero, tipo=tipo, fecha=fecha, medio=medio, actividad_sivople=actividad,
            destinatario_institucion=destinatario, destinatario_area=destinatario_area,
            destinatario_persona=destinatario_persona, asunto=asunto, anexos=anexos,
            espera_respuesta=espera_respuesta, plazo=plazo, plazo_dias=plazo_dias, acuse=acuse,
            acuse_fecha=fecha_acuse, confirmar=confirmar, mismo_asunto=mismo_asunto,
            abrir_procedimiento=procedimiento, area=area, firmante=firmante, observaciones=observaciones)
    exito(f"Salida {s.folio} registrada: {s.tipo_nombre.lower()} {s.numero} a {s.destinatario} "
          f"({s.medio_nombre}, {fecha_corta(s.fecha)}).")
    for e in s.responde_a:
        consola.print(f"  Concluye la entrada {e['folio']} ({e['numero']}).", markup=False)
    if s.documento and s.documento.get("ruta"):
        consola.print(f"  Documento: {ctx.raiz.ruta / s.documento['ruta']}", markup=False)
    if not s.acuse_fecha:
        consola.print(f"Cuando tenga el acuse: archivo correspondencia acuse {s.folio} ACUSE.pdf", markup=False)


@grupo.command("acuse")
@click.argument("salida")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--fecha", metavar="FECHA", help="Fecha del acuse (por omisión, hoy).")
@pasar_contexto
def acuse(ctx: Contexto, salida: str, archivo: Path, fecha: str | None) -> None:
    """Agrega a la SALIDA su acuse de recibo (ARCHIVO) y su fecha."""
    with _opciones_en_lugares():
        s = reg.registrar_acuse(ctx.catalogo, salida, archivo, fecha=fecha)
    exito(f"Acuse de {s.folio} ({s.numero}) del {fecha_corta(s.acuse_fecha)} registrado.")


@grupo.command("concluir")
@click.argument("entrada")
@click.option("--motivo", required=True, metavar="TEXTO", help="Por qué se concluye sin salida.")
@click.option("--fecha", metavar="FECHA", help="Fecha (por omisión, hoy).")
@pasar_contexto
def concluir(ctx: Contexto, entrada: str, motivo: str, fecha: str | None) -> None:
    """Concluye una ENTRADA sin salida (para conocimiento, atendida por otra vía…), con su motivo."""
    with _opciones_en_lugares():
        e = reg.concluir(ctx.catalogo, entrada, motivo=motivo, fecha=fecha)
    exito(f"Entrada {e.folio} concluida el {fecha_corta(e.concluido)}: {e.motivo_conclusion}")


@grupo.command("vincular")
@click.argument("salida")
@click.argument("entrada")
@click.option("--confirmar", is_flag=True, help="Confirma el vínculo aunque sean de asuntos distintos.")
@pasar_contexto
def vincular(ctx: Contexto, salida: str, entrada: str, confirmar: bool) -> None:
    """Registra que la SALIDA responde a la ENTRADA (la concluye)."""
    with _opciones_en_lugares():
        s = reg.vincular(ctx.catalogo, salida, entrada, confirmar=confirmar)
    exito(f"La salida {s.folio} responde ahora a: {', '.join(e['folio'] for e in s.responde_a)}.")


@grupo.command("procedimiento")
@click.argument("registro")
@pasar_contexto
def procedimiento(ctx: Contexto, registro: str) -> None:
    """Abre el procedimiento del manual de una entrada o salida (REGISTRO) y marca los pasos ya hechos."""
    with _opciones_en_lugares():
        p = reg.abrir_procedimiento(ctx.catalogo, registro)
    exito(f"Procedimiento {p.id} abierto: {p.tipo_nombre}, avance {p.avance} (archivo procedimiento ver {p.id}).")


COLUMNAS_ENTRADAS = [("folio", "Registro"), ("recibido_texto", "Recepción"), ("numero", "Número"),
                     ("remitente_corto", "Remitente"), ("asunto_corto", "Asunto"), ("areas", "Turnada a"),
                     ("estado", "Estado"), ("situacion", "Plazo"), ("respuesta", "Respuesta")]
COLUMNAS_SALIDAS = [("folio", "Registro"), ("fecha_texto", "Envío"), ("numero", "Número"),
                    ("destinatario_corto", "Destinatario"), ("asunto_corto", "Asunto"),
                    ("responde_a", "Responde a"),
                    ("situacion", "Situación")]


def _corto(texto: str, n: int = 70) -> str:
    return texto if len(texto) <= n else texto[: n - 1] + "…"


@grupo.command("lista")
@click.option("--salidas", is_flag=True, help="El registro de salidas (por omisión, el de entradas).")
@click.option("--desde", metavar="FECHA", help="Recibidas (o enviadas) desde esta fecha.")
@click.option("--hasta", metavar="FECHA", help="… hasta esta fecha.")
@click.option("--estado", metavar="ESTADO", help=f"Estado: {', '.join(op.ESTADOS)}, o «pendiente».")
@click.option("--area", metavar="SIGLAS", help="Turnadas a esta área.")
@click.option("--medio", metavar="MEDIO", help="Medio de recepción o envío.")
@click.option("--tipo", metavar="TIPO", help="Tipo de documento.")
@click.option("--texto", metavar="PALABRAS", help="Palabras en el número, remitente o asunto.")
@click.option("--vencidas", is_flag=True, help="Solo las vencidas.")
@click.option("--en-espera", is_flag=True, help="Con --salidas: las que esperan respuesta.")
@click.option("--al", metavar="FECHA", help="Fecha a la que se calculan los plazos (por omisión, hoy).")
@click.option("--pagina", type=tipos.Entero(1, 1_000_000), default=1, show_default=True, metavar="N", help="Página del registro.")
@click.option("--por-pagina", type=tipos.Entero(1, 10_000), default=consultas.POR_PAGINA, show_default=True, metavar="N",
              help="Registros por página.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, salidas: bool, desde: str | None, hasta: str | None, estado: str | None, area: str | None,
          medio: str | None, tipo: str | None, texto: str | None, vencidas: bool, en_espera: bool, al: str | None,
          pagina: int, por_pagina: int, formato: str) -> None:
    """El registro de entradas (o de salidas), de lo más reciente a lo más antiguo, con filtros."""
    with _opciones_en_lugares():
        if salidas:
            p = consultas.lista_salidas(ctx.catalogo, desde=desde, hasta=hasta, medio=medio, texto=texto,
                                        en_espera=en_espera, al=al, pagina=pagina, por_pagina=por_pagina)
        else:
            p = consultas.lista(ctx.catalogo, desde=desde, hasta=hasta, estado=estado, area=area, medio=medio,
                                tipo=tipo, texto=texto, vencidas=vencidas, al=al, pagina=pagina,
                                por_pagina=por_pagina)
    if formato == "json":
        imprimir_json({"total": p.total, "pagina": p.pagina, "paginas": p.paginas, "filas": p.filas})
        return
    for f in p.filas:
        f["asunto_corto"] = _corto(f["asunto"])
        f["recibido_texto"] = _momento(f.get("recibido"))
        f["fecha_texto"] = _fecha(f.get("fecha"))
    clase = "salidas" if salidas else "entradas"
    imprimir_lista(p.filas, COLUMNAS_SALIDAS if salidas else COLUMNAS_ENTRADAS, formato,
                   titulo=f"Registro de {clase}: {p.total} (página {p.pagina} de {p.paginas})",
                   vacio=f"No hay {clase} con esos filtros.")


def _mostrar(ctx: Contexto, referencia: str, formato: str) -> None:
    registro = reg.obtener(ctx.catalogo, referencia)
    h = consultas.hilo(ctx.catalogo, referencia)
    if formato == "json":
        imprimir_json({"registro": registro.como_dict(), "hilo": h.como_dict()})
        return
    opciones = op.configuracion(ctx.raiz)
    cal = op.Calendario.de(ctx.raiz)
    if isinstance(registro, reg.Entrada):
        e = registro
        datos = e.como_dict()
        datos.update(recibido=_momento(e.recibido), fecha_documento=_fecha(e.fecha_documento),
                     plazo=_fecha(e.plazo) + (f" ({e.plazo_dias} días hábiles)" if e.plazo_dias else ""),
                     situacion=reg.situacion_entrada(e, date.today(), cal, opciones.aviso_dias).texto,
                     archivos=", ".join(d["ruta"] or "" for d in e.documentos),
                     respuestas_texto=", ".join(f"{s['folio']} ({s['numero']})" for s in e.respuestas))
        imprimir_ficha(datos, [("folio", "Registro"), ("numero", "Número"), ("tipo_nombre", "Tipo"),
                               ("fecha_documento", "Fecha del documento"), ("recibido", "Recibido"),
                               ("medio_nombre", "Medio"), ("actividad_sivople", "Actividad SIVOPLE"),
                               ("remitente", "Remitente"), ("destinatario", "Destinatario"), ("asunto", "Asunto"),
                               ("anexos", "Anexos"), ("plazo", "Plazo"), ("estado", "Estado"),
                               ("situacion", "Situación"), ("respuestas_texto", "Respondida con"),
                               ("motivo_conclusion", "Conclusión"), ("archivos", "Archivos"),
                               ("procedimiento_id", "Procedimiento")], formato, titulo=f"Entrada {e.folio}")
        if e.turnos:
            consola.print()
            imprimir_lista([{"area": f"{t.area_nombre} ({t.area})", "fecha": _fecha(t.fecha),
                             "tarjeta": t.tarjeta_folio or "", "plazo": _fecha(t.plazo), "estado": t.estado,
                             "respuesta": " ".join(x for x in (t.respuesta_numero, _fecha(t.atendido)) if x)}
                            for t in e.turnos],
                           [("area", "Área"), ("fecha", "Turno"), ("tarjeta", "Tarjeta"), ("plazo", "Plazo"),
                            ("estado", "Estado"), ("respuesta", "Respuesta del área")], formato, titulo="Turnos")
    else:
        s = registro
        datos = s.como_dict()
        datos.update(fecha=_fecha(s.fecha), acuse_texto=_fecha(s.acuse_fecha) or "sin acuse",
                     responde_texto=", ".join(f"{x['folio']} ({x['numero']})" for x in s.responde_a),
                     espera=("sí" + (f", a más tardar el {_fecha(s.plazo_respuesta)}" if s.plazo_respuesta else "")
                             + (f"; respondida el {_fecha(s.respondida)}" if s.respondida else ""))
                     if s.espera_respuesta else "no",
                     documento_texto=(s.documento or {}).get("ruta") or "")
        imprimir_ficha(datos, [("folio", "Registro"), ("numero", "Número"), ("tipo_nombre", "Tipo"),
                               ("fecha", "Enviada"), ("medio_nombre", "Medio"), ("actividad_sivople",
                                                                                 "Actividad SIVOPLE"),
                               ("destinatario", "Destinatario"), ("asunto", "Asunto"), ("anexos", "Anexos"),
                               ("responde_texto", "Responde a"), ("acuse_texto", "Acuse"),
                               ("espera", "Espera respuesta"), ("documento_texto", "Documento"),
                               ("procedimiento_id", "Procedimiento")], formato, titulo=f"Salida {s.folio}")
    consola.print()
    imprimir_lista([{"fecha": _fecha(ev.fecha), "registro": ev.folio, "texto": ev.texto,
                     "documento": ev.documento or ""} for ev in h.eventos],
                   [("fecha", "Fecha"), ("registro", "Registro"), ("texto", "Qué pasó"), ("documento", "Documento")],
                   formato, titulo=f"Hilo del asunto #{h.asunto_id}: {h.titulo}")


@grupo.command("ver")
@click.argument("registro")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, registro: str, formato: str) -> None:
    """Muestra una entrada o salida (REGISTRO: folio de registro, número del documento o #id) y todo el hilo de su
    asunto: recepción, turnos con sus tarjetas, respuestas de las áreas, salidas y acuses."""
    with _opciones_en_lugares():
        _mostrar(ctx, registro, formato)


@grupo.command("pendientes")
@click.option("--al", metavar="FECHA", help="Fecha a la que se calculan los plazos (por omisión, hoy).")
@click.option("--area", metavar="SIGLAS", help="Solo lo turnado a esta área y aún no atendido.")
@opcion_formato
@pasar_contexto
def pendientes(ctx: Contexto, al: str | None, area: str | None, formato: str) -> None:
    """Lo pendiente: entradas sin concluir y solicitudes sin respuesta, lo vencido primero, con «vence en N días
    hábiles»."""
    with _opciones_en_lugares():
        items = consultas.pendientes(ctx.catalogo, al=al, area=area)
    if formato == "json":
        imprimir_json(items)
        return
    filas = [{"folio": i["folio"], "fecha": _fecha(i.get("fecha")), "numero": i["numero"],
              "quien": i.get("remitente_corto") or i.get("destinatario_corto") or "",
              "asunto": _corto(i["asunto"], 60),
              "areas": i.get("areas", ""), "estado": i["estado"],
              "situacion": ("⚠ " if i["vencido"] else "") + i["situacion"]} for i in items]
    vencidos = sum(1 for i in items if i["vencido"])
    por_vencer = sum(1 for i in items if i["por_vencer"])
    imprimir_lista(filas, [("folio", "Registro"), ("fecha", "Fecha"), ("numero", "Número"),
                           ("quien", "Remitente / destinatario"), ("asunto", "Asunto"), ("areas", "Turnada a"),
                           ("estado", "Estado"), ("situacion", "Plazo")], formato,
                   titulo=f"Pendientes: {len(items)} (vencidos: {vencidos}; vencen pronto: {por_vencer})",
                   vacio="No hay nada pendiente.")


@grupo.command("bitacora")
@click.option("--desde", required=True, metavar="FECHA", help="Primer día del periodo.")
@click.option("--hasta", required=True, metavar="FECHA", help="Último día del periodo.")
@click.option("--excel", type=click.Path(dir_okay=False, path_type=Path),
              help="Guardar la bitácora en este Excel (.xlsx) en lugar de emitir el informe de Word.")
@click.option("--fecha", metavar="FECHA", help="Fecha del informe de Word (por omisión, hoy).")
@click.option("--al", metavar="FECHA", help="Fecha del estatus de cada documento (por omisión, la del informe).")
@click.option("--observacion", "observaciones", multiple=True, metavar="TEXTO",
              help="Observación para el informe (se puede repetir).")
@pasar_contexto
def bitacora_cmd(ctx: Contexto, desde: str, hasta: str, excel: Path | None, fecha: str | None, al: str | None,
                 observaciones: tuple[str, ...]) -> None:
    """La bitácora de seguimiento INE–OPLE de un periodo: informe de Word con folio archivado en el expediente
    «Vinculación con el INE», o un Excel con --excel (recibidos, enviados y estadísticas)."""
    with _opciones_en_lugares():
        if excel:
            datos = bitacora.exportar_xlsx(ctx.catalogo, excel, desde, hasta, al=al)
            exito(f"Bitácora en Excel: {excel} ({len(datos.recibidos)} recibido(s), {len(datos.enviados)} "
                  "enviado(s)). No se archiva: es una copia de trabajo.")
            return
        doc, datos = bitacora.emitir(ctx.catalogo, desde, hasta, fecha=fecha, al=al,
                                     observaciones=list(observaciones))
    exito(f"Bitácora {doc.folio} emitida: {len(datos.recibidos)} recibido(s), {len(datos.enviados)} enviado(s).")
    consola.print(f"Archivo: {ctx.raiz.ruta / doc.ruta}", markup=False)



@grupo.command("estadisticas")
@click.option("--desde", required=True, metavar="FECHA", help="Primer día del periodo.")
@click.option("--hasta", required=True, metavar="FECHA", help="Último día del periodo.")
@click.option("--al", metavar="FECHA", help="Fecha a la que se calculan los vencidos (por omisión, hoy).")
@opcion_formato
@pasar_contexto
def estadisticas(ctx: Contexto, desde: str, hasta: str, al: str | None, formato: str) -> None:
    """Recibidos, respondidos y vencidos por mes y por área, y el tiempo promedio de respuesta en días hábiles."""
    with _opciones_en_lugares():
        e = bitacora.estadisticas(ctx.catalogo, desde, hasta, al=al)
    if formato == "json":
        imprimir_json(e.como_dict())
        return
    for linea in e.lineas():
        consola.print(linea, markup=False)

    def promedio(valor: float | None) -> str:
        return f"{valor:.1f}" if valor is not None else "—"

    consola.print()
    imprimir_lista([dict(m, promedio=promedio(m["promedio_dias"])) for m in e.por_mes],
                   [("mes_nombre", "Mes"), ("recibidas", "Recibidos"), ("respondidas", "Respondidos"),
                    ("vencidas", "Vencidos"), ("fuera_de_plazo", "Fuera de plazo"), ("promedio", "Días hábiles")],
                   formato, titulo="Por mes de recepción", vacio="Sin documentos en el periodo.")
    consola.print()
    imprimir_lista([dict(a, promedio=promedio(a["promedio_dias"])) for a in e.por_area_mes],
                   [("area", "Área"), ("mes_nombre", "Mes"), ("turnos", "Turnos"), ("atendidos", "Atendidos"),
                    ("vencidos", "Vencidos"), ("fuera_de_plazo", "Fuera de plazo"), ("promedio", "Días hábiles")],
                   formato, titulo="Por área y mes", vacio="Sin turnos en el periodo.")


@grupo.command("importar")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@pasar_contexto
def importar(ctx: Contexto, archivo: Path) -> None:
    """Importa una bitácora en Excel (columnas por nombre); revisa todo antes de importar y, si se repite,
    actualiza por número sin duplicar."""
    r = importacion.importar(ctx.catalogo, archivo)
    exito(f"{archivo.name} importado. {r.resumen()}")


comandos = [grupo]
