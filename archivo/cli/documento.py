"""archivo generar, and archivo documento lista | ver | emitir | cancelar | folios."""

from __future__ import annotations

from pathlib import Path

import click

from archivo import generacion
from archivo import procedimientos as procs
from archivo.archivistica import documentos, folios
from archivo.archivistica import expedientes as exps
from archivo.base.errors import ArchivoError
from archivo.busqueda import escaneos
from archivo.cli import fechas, tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_ficha, imprimir_lista, opcion_formato, progreso


def _fecha(valor: str | None):
    return fechas.de_opcion(valor, "--fecha")


@click.command("generar")
@click.argument("plantilla")
@click.option("--procedimiento", "procedimiento_id", type=tipos.ID, metavar="ID",
              help="Procedimiento en cuyo expediente se archiva el documento.")
@click.option("--persona", "personas", multiple=True, metavar="CLAVE",
              help="Persona(s) del padrón a quienes se refiere (su expediente lo lista).")
@click.option("--datos", "archivo_datos", type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo .yaml o .json con los valores de los campos.")
@click.option("--campo", "campos", multiple=True, metavar="NOMBRE=VALOR", help="Valor de un campo (puede repetirse).")
@click.option("--borrador", is_flag=True, help="Genera un borrador sin folio (se puede volver a generar).")
@click.option("--fecha", metavar="FECHA", help="Fecha del documento (por omisión, hoy).")
@click.option("--area", metavar="SIGLAS", help="Área que emite (define la serie del folio).")
@click.option("--firmante", metavar="CLAVE", help="Firmante de archivo.toml (por omisión, el del área).")
@click.option("--paso", type=tipos.Entero(1, 10_000, "PASO"), help="Paso del procedimiento que cumple (por omisión se deduce de la plantilla).")
@click.option("--sustituye", metavar="FOLIO", help="Folio del documento que este corrige.")
@click.option("--lote", type=click.Path(dir_okay=False, path_type=Path),
              help="Un .csv o .xlsx: un documento por fila (columnas = campos; «persona» = clave).")
@click.option("--personas", "filtro_personas", metavar="FILTRO",
              help="Un documento por persona del padrón: «todas», «activo», «adscripcion=DEOE», «rango=A»…")
@click.option("--repetir", is_flag=True,
              help="Emite aunque ya se haya emitido esta plantilla a la misma persona en el procedimiento.")
@click.option("--ejemplo", is_flag=True,
              help="Llena la plantilla con los ejemplos de su esquema (para verla; úsela con --borrador).")
@pasar_contexto
def generar(ctx: Contexto, plantilla: str, procedimiento_id: int | None, personas: tuple[str, ...],
            archivo_datos: Path | None, campos: tuple[str, ...], borrador: bool, fecha: str | None,
            area: str | None, firmante: str | None, paso: int | None, sustituye: str | None, lote: Path | None,
            filtro_personas: str | None, repetir: bool, ejemplo: bool) -> None:
    """Genera un documento desde PLANTILLA y lo archiva con su folio.

    \b
    Ejemplos:
      archivo generar oficio-notificacion --procedimiento 3 --persona SPEN-0101 --datos notificacion.yaml
      archivo generar oficio --procedimiento 3 --campo asunto="Solicitud de publicación" --borrador
      archivo generar oficio-notificacion --procedimiento 3 --lote resultados.xlsx --borrador   # vista previa
      archivo generar oficio-notificacion --procedimiento 3 --lote resultados.xlsx             # emite el lote
      archivo generar oficio-notificacion --procedimiento 3 --personas activo --datos comunes.yaml
      archivo generar mi-oficio --ejemplo --borrador --persona SPEN-0101
    """
    cat = ctx.catalogo
    datos = generacion.datos_de_ejemplo(generacion.cargar_para_generar(ctx.raiz, plantilla).esquema) if ejemplo else {}
    datos.update(generacion.leer_datos(archivo_datos) if archivo_datos else {})
    datos.update(generacion.campos_de_opciones(campos))
    f = _fecha(fecha)
    if lote or filtro_personas:
        if lote and filtro_personas:
            raise ArchivoError("Use --lote o --personas, no ambos.")
        if sustituye or paso:
            raise ArchivoError("En lote no se usan --sustituye ni --paso.")
        esquema = generacion.cargar_para_generar(ctx.raiz, plantilla).esquema
        if lote:
            solicitudes = generacion.solicitudes_de_archivo(lote, esquema)
            for s in solicitudes:
                s.datos = {**datos, **s.datos}
                s.personas = [*personas, *s.personas]
        else:
            solicitudes = generacion.solicitudes_de_padron(cat, filtro_personas, datos, esquema)
        que = "Generando borradores de" if borrador else "Emitiendo"
        with progreso(f"{que} {len(solicitudes)} documento(s)", len(solicitudes)) as avanzar:
            resultado = generacion.generar_lote(cat, plantilla, solicitudes, procedimiento_id=procedimiento_id,
                                                fecha=f, area=area, firmante=firmante, avanzar=avanzar,
                                                borrador=borrador, repetir=repetir)
        docs = resultado.emitidos
        if borrador:
            exito(f"Se generaron {len(docs)} borrador(es) de «{plantilla}», sin folio: revíselos y, para emitirlos, "
                  "ejecute el mismo comando sin --borrador (cada borrador se reemplaza por su documento con folio), "
                  f"o «archivo documento emitir {' '.join(str(d.id) for d in docs[:3])}{' …' if len(docs) > 3 else ''}».")
        else:
            exito(f"Se emitieron {len(docs)} documento(s) de «{plantilla}»: folios {docs[0].folio} a "
                  f"{docs[-1].folio}.")
        consola.print(f"Carpeta: {ctx.raiz.absoluta(Path(docs[0].ruta).parent.as_posix())}")
        return
    doc = generacion.generar(cat, plantilla, procedimiento_id=procedimiento_id, personas=list(personas),
                             datos=datos, borrador=borrador, fecha=f, area=area, firmante=firmante, paso=paso,
                             sustituye=sustituye, repetir=repetir)
    if doc.estado == "borrador":
        exito(f"Borrador #{doc.id} generado (sin folio). Para emitirlo: archivo documento emitir {doc.id}")
    else:
        exito(f"Documento emitido con folio {doc.folio}.")
        _informar_paso(cat, doc)
    consola.print(f"Archivo: {doc.archivo(ctx.raiz)}")


def _informar_paso(cat, doc) -> None:
    """Say which step of the procedure the document marked, or how to mark one."""
    if doc.procedimiento_id is None:
        return
    proc = procs.obtener(cat, doc.procedimiento_id)
    if doc.paso is not None:
        paso = proc.paso(doc.paso)
        consola.print(f"Paso {paso.cvo} del procedimiento {proc.id} marcado como hecho: {paso.accion}")
    else:
        consola.print(f"No se marcó ningún paso del procedimiento {proc.id}: la plantilla no corresponde a un solo "
                      f"paso de este procedimiento. Para marcar uno: archivo procedimiento avanzar {proc.id} PASO "
                      "(o genere el documento con --paso PASO).")


@click.group("documento")
def grupo() -> None:
    """Documentos emitidos: consultarlos, emitir borradores, cancelarlos y ver el uso de folios."""


@grupo.command("lista")
@click.option("--procedimiento", "procedimiento_id", type=tipos.ID, metavar="ID", help="Solo los de este procedimiento.")
@click.option("--persona", metavar="CLAVE", help="Solo los que se refieren a esta persona.")
@click.option("--tipo", help="oficio, tarjeta-informativa, circular, acuerdo-comision, dictamen, informe…")
@click.option("--estado", type=click.Choice(documentos.ESTADOS), help="Solo en este estado.")
@click.option("--anio", type=tipos.ANIO, help="Solo de este año.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, procedimiento_id: int | None, persona: str | None, tipo: str | None, estado: str | None,
          anio: int | None, formato: str) -> None:
    """Lista los documentos."""
    docs = documentos.lista(ctx.catalogo, procedimiento_id=procedimiento_id, persona=persona, tipo=tipo,
                            estado=estado, anio=anio)
    imprimir_lista([d.como_dict() for d in docs],
                   [("id", "Núm."), ("folio", "Folio"), ("fecha", "Fecha"), ("tipo_nombre", "Tipo"),
                    ("asunto", "Asunto"), ("estado", "Estado"), ("personas", "Personas")], formato,
                   vacio="No hay documentos con esos filtros.")


@grupo.command("ver")
@click.argument("folio")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, folio: str, formato: str) -> None:
    """Muestra un documento (por folio o por número): datos, huellas SHA-256, expediente y correcciones."""
    cat = ctx.catalogo
    doc = documentos.obtener(cat, folio)
    exp = exps.por_id(cat, doc.expediente_id)
    datos = doc.como_dict() | {
        "expediente": exp.numero, "archivo_completo": str(doc.archivo(ctx.raiz)) if doc.ruta else None,
        "sustituye": documentos.obtener(cat, doc.sustituye_a).etiqueta if doc.sustituye_a else None,
        "sustituido_por": [d.etiqueta for d in documentos.sustituido_por(cat, doc.id)]}
    ocr = escaneos.estado(cat, doc.id)  # a scan: its OCR and searchable copy
    extra = [("ocr", "OCR"), ("copia_buscable", "Copia buscable (PDF con texto)"),
             ("sha256_copia", "SHA-256 de la copia buscable")] if ocr else []
    if ocr:
        datos |= {"ocr": ocr.etiqueta, "sha256_copia": ocr.derivado_sha256,
                  "copia_buscable": str(ctx.raiz.absoluta(ocr.derivado)) if ocr.derivado else None}
    imprimir_ficha(datos, [("folio", "Folio"), ("id", "Número"), ("tipo_nombre", "Tipo"), ("estado", "Estado"),
                           ("fecha", "Fecha"), ("asunto", "Asunto"), ("personas", "Personas"),
                           ("procedimiento_id", "Procedimiento"), ("paso", "Paso"), ("expediente", "Expediente"),
                           ("plantilla", "Plantilla"), ("plantilla_sha256", "SHA-256 de la plantilla"),
                           ("datos_sha256", "SHA-256 de los datos"), ("sha256", "SHA-256 del documento"),
                           ("archivo_completo", "Archivo"), *extra, ("datos_ruta", "Datos (JSON)"),
                           ("sustituye", "Corrige a"), ("sustituido_por", "Corregido por"),
                           ("creado", "Creado"), ("creado_por", "Creado por"), ("cancelado", "Cancelado"),
                           ("motivo_cancelacion", "Motivo de cancelación")], formato,
                   titulo=f"Documento {doc.etiqueta}")


@grupo.command("emitir")
@click.argument("borradores", nargs=-1, required=True, metavar="BORRADOR...")
@click.option("--fecha", metavar="FECHA", help="Fecha del documento (por omisión, hoy).")
@click.option("--repetir", is_flag=True,
              help="Emite aunque ya se haya emitido esa plantilla a la misma persona en el procedimiento.")
@pasar_contexto
def emitir(ctx: Contexto, borradores: tuple[str, ...], fecha: str | None, repetir: bool) -> None:
    """Emite uno o varios BORRADORES (su número): cada uno recibe su folio con los mismos datos y el borrador se
    descarta. Se revisan todos antes de emitir ninguno."""
    docs = generacion.emitir_borradores(ctx.catalogo, list(borradores), fecha=_fecha(fecha), repetir=repetir)
    if len(docs) == 1:
        exito(f"Borrador emitido con folio {docs[0].folio}.")
        consola.print(f"Archivo: {docs[0].archivo(ctx.raiz)}")
    else:
        exito(f"Se emitieron {len(docs)} borradores: folios {docs[0].folio} a {docs[-1].folio}.")


@grupo.command("cancelar")
@click.argument("folio")
@click.option("--motivo", required=True, help="Motivo de la cancelación (queda en el historial).")
@pasar_contexto
def cancelar(ctx: Contexto, folio: str, motivo: str) -> None:
    """Cancela un documento emitido. El folio queda registrado como cancelado (nunca se reutiliza) y el archivo
    se conserva. Para corregir un documento, genere otro con --sustituye FOLIO."""
    doc = documentos.cancelar(ctx.catalogo, folio, motivo)
    exito(f"Documento {doc.folio} cancelado: {doc.motivo_cancelacion}. El archivo se conserva.")


@grupo.command("folios")
@click.option("--anio", type=tipos.ANIO, help="Solo este año.")
@opcion_formato
@pasar_contexto
def series_folios(ctx: Contexto, anio: int | None, formato: str) -> None:
    """Muestra cada serie de folios: último número usado, emitidos y cancelados."""
    imprimir_lista(folios.series(ctx.catalogo, anio), [("serie", "Serie"), ("area", "Área"), ("anio", "Año"),
                                                        ("ultimo", "Último consecutivo"), ("emitidos", "Documentos"),
                                                        ("cancelados", "Cancelados")], formato,
                   vacio="Aún no se ha emitido ningún documento con folio.")


comandos = [generar, grupo]
