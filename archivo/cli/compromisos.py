"""archivo compromisos alta | actualizar | lista | ver | importar | informe."""

from __future__ import annotations

from pathlib import Path

import click

from archivo import compromisos
from archivo.base.errors import EntradaInvalida
from archivo.cli import tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_ficha, imprimir_lista, opcion_formato

COLUMNAS = [("id", "No."), ("sesion_fecha", "Fecha de sesión"), ("sesion", "Sesión"), ("texto", "Compromiso"),
            ("area", "Área responsable"), ("estatus", "Estatus"), ("porcentaje", "%"),
            ("actualizado", "Actualizado")]
ETIQUETAS = [("id", "Número"), ("sesion", "Sesión"), ("sesion_fecha", "Fecha de la sesión"),
             ("texto", "Acuerdo/compromiso"), ("area", "Área responsable"), ("avance", "Avance/cumplimiento"),
             ("estatus", "Estatus"), ("porcentaje", "% de avance"), ("acuerdos_texto", "Acuerdos"),
             ("actualizado", "Última actualización")]

_AYUDA_ACUERDO = ("Acuerdo que le dio cumplimiento; opcionalmente, separada por un espacio, la liga que citará la "
                  "nota al pie: --acuerdo \"INE/JGE38/2024 https://…\". Puede repetirse.")


@click.group("compromisos")
def grupo_compromisos() -> None:
    """Compromisos y acuerdos de la Comisión: registro, seguimiento con historial e informe para la sesión."""


@grupo_compromisos.command("alta")
@click.option("--texto", metavar="TEXTO", required=True,
              help="El compromiso o acuerdo, como se asentó en la sesión.")
@click.option("--area", metavar="ÁREA", required=True, help="Área responsable de cumplirlo.")
@click.option("--sesion-fecha", metavar="FECHA", help="Fecha de la sesión en que se generó (2024-03-13).")
@click.option("--sesion-tipo", type=click.Choice(compromisos.TIPOS_SESION), help="Tipo de sesión.")
@click.option("--sesion-numero", type=tipos.Entero(1, 1000), metavar="N",
              help="Número ordinal de la sesión en el año: 3 para la «Tercera sesión extraordinaria».")
@click.option("--sesion", "sesion_id", type=tipos.ID, metavar="ID",
              help="La sesión, si está registrada en este archivo (toma de ella fecha, tipo y número).")
@click.option("--avance", metavar="TEXTO", default="", help="Avance inicial (por omisión, vacío).")
@click.option("--estatus", type=click.Choice(compromisos.ESTATUS), default="en curso", show_default=True,
              help="Estatus inicial del compromiso.")
@click.option("--porcentaje", metavar="PORCENTAJE", help="Porcentaje de avance (0 a 100; también «80 %»).")
@click.option("--acuerdo", "acuerdos", multiple=True, metavar="ACUERDO [LIGA]", help=_AYUDA_ACUERDO)
@click.option("--fecha", metavar="FECHA", help="Fecha del estado inicial (por omisión, la de la sesión).")
@pasar_contexto
def alta(ctx: Contexto, texto: str, area: str, sesion_fecha: str | None, sesion_tipo: str | None,
         sesion_numero: int | None, sesion_id: int | None, avance: str, estatus: str, porcentaje: int | None,
         acuerdos: tuple[str, ...], fecha: str | None) -> None:
    """Registra un compromiso o acuerdo generado en una sesión de la Comisión.

    La sesión se indica con --sesion-fecha, --sesion-tipo y --sesion-numero (puede no estar en este archivo), o
    con --sesion ID si está registrada en él.
    """
    if sesion_id is None and not (sesion_fecha and sesion_tipo and sesion_numero):
        raise EntradaInvalida("Indique la sesión: --sesion-fecha, --sesion-tipo y --sesion-numero, o --sesion ID.")
    c = compromisos.alta(ctx.catalogo, texto=texto, area=area, sesion_fecha=sesion_fecha, sesion_tipo=sesion_tipo,
                         sesion_numero=sesion_numero, sesion_id=sesion_id, avance=avance, estatus=estatus,
                         porcentaje=porcentaje, acuerdos=acuerdos, fecha=fecha)
    exito(f"Compromiso {c.id} registrado ({c.sesion} del {c.sesion_fecha.strftime('%d/%m/%Y')}, "
          f"{c.estado.estatus}, {c.estado.porcentaje} %).")


@grupo_compromisos.command("actualizar")
@click.argument("numero", type=tipos.ID, metavar="NÚMERO")
@click.option("--avance", metavar="TEXTO",
              help="Avance o cumplimiento (sustituye al anterior; el anterior queda en el historial).")
@click.option("--estatus", type=click.Choice(compromisos.ESTATUS), help="Nuevo estatus del compromiso.")
@click.option("--porcentaje", metavar="PORCENTAJE",
              help="Porcentaje de avance (0 a 100, también «80 %»; concluido = 100).")
@click.option("--acuerdo", "acuerdos", multiple=True, metavar="ACUERDO [LIGA]", help=_AYUDA_ACUERDO)
@click.option("--fecha", metavar="FECHA", help="Fecha en que vale este estado (por omisión, hoy).")
@pasar_contexto
def actualizar(ctx: Contexto, numero: int, avance: str | None, estatus: str | None, porcentaje: int | None,
               acuerdos: tuple[str, ...], fecha: str | None) -> None:
    """Registra el avance de un compromiso. El historial se conserva: cada actualización se agrega."""
    c = compromisos.actualizar(ctx.catalogo, numero, fecha=fecha, avance=avance, estatus=estatus,
                               porcentaje=porcentaje, acuerdos=acuerdos)
    exito(f"Compromiso {c.id}: {c.estado.estatus}, {c.estado.porcentaje} % al "
          f"{c.estado.fecha.strftime('%d/%m/%Y')} ({len(c.historial)} registro(s) en su historial).")


@grupo_compromisos.command("lista")
@click.option("--estatus", type=click.Choice(compromisos.ESTATUS), help="Solo los de este estatus.")
@click.option("--area", metavar="ÁREA", help="Solo los de esta área responsable (parte del nombre).")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, estatus: str | None, area: str | None, formato: str) -> None:
    """Lista los compromisos y acuerdos con su estado actual."""
    items = compromisos.lista(ctx.catalogo, estatus=estatus, area=area)
    filas = [c.como_dict() for c in items]
    if formato == "tabla":
        for f in filas:
            f["texto"] = f["texto"] if len(f["texto"]) <= 90 else f["texto"][:87] + "…"
    imprimir_lista(filas, COLUMNAS, formato, titulo=f"Compromisos y acuerdos ({len(items)})",
                   vacio="No hay compromisos registrados. Regístrelos con «archivo compromisos alta».")


@grupo_compromisos.command("ver")
@click.argument("numero", type=tipos.ID, metavar="NÚMERO")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, numero: int, formato: str) -> None:
    """Muestra un compromiso con todo su historial."""
    c = compromisos.obtener(ctx.catalogo, numero)
    datos = c.como_dict()
    datos["acuerdos_texto"] = ", ".join(a["acuerdo"] for a in datos["acuerdos"])
    datos["historial"] = [e.como_dict() for e in c.historial]
    imprimir_ficha(datos, ETIQUETAS, formato, titulo=f"Compromiso {c.id}")
    if formato == "tabla":
        consola.print()
        imprimir_lista([dict(e, acuerdos=", ".join(a["acuerdo"] for a in e["acuerdos"])) for e in datos["historial"]],
                       [("fecha", "Fecha"), ("estatus", "Estatus"), ("porcentaje", "%"), ("avance", "Avance"),
                        ("acuerdos", "Acuerdos"), ("registrado_por", "Registró")], formato, titulo="Historial")


@grupo_compromisos.command("importar")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@pasar_contexto
def importar(ctx: Contexto, archivo: Path) -> None:
    """Importa compromisos (con su historial) desde un YAML; revisa todo antes de importar."""
    creados = compromisos.importar(ctx.catalogo, archivo)
    exito(f"{len(creados)} compromiso(s) importado(s) de {archivo.name}.")


@grupo_compromisos.command("informe")
@click.option("--corte", required=True, metavar="FECHA", help="Fecha de corte: el estado de cada compromiso a ese día.")
@click.option("--fecha", metavar="FECHA", help="Fecha del informe (por omisión, hoy).")
@click.option("--sesion-informe", metavar="TIPO FECHA",
              help="Sesión en que se presenta, p. ej. «ordinaria 2024-06-17» (si no está registrada aquí).")
@click.option("--sesion", "sesion_id", type=tipos.ID, metavar="ID",
              help="Sesión de este archivo en que se presenta; el informe se guarda en su expediente.")
@click.option("--punto", metavar="N", help="Punto del orden del día en que se presenta.")
@click.option("--glosario", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML con el glosario (lista de «termino» y «definicion»); por omisión, uno básico.")
@click.option("--fundamento", metavar="TEXTO",
              help="Artículos que fundan el informe (p. ej. «el artículo 18 del Reglamento de Comisiones del "
                   "Consejo General»).")
@click.option("--area", metavar="SIGLAS",
              help="Área que emite el folio (por omisión, el Órgano de Enlace).")
@pasar_contexto
def informe(ctx: Contexto, corte: str, fecha: str | None, sesion_informe: str | None, sesion_id: int | None,
            punto: str | None, glosario: Path | None, fundamento: str | None, area: str | None) -> None:
    """Emite el informe de seguimiento y cumplimiento de compromisos y acuerdos, con folio.

    Incluye los compromisos generados hasta el corte, salvo los que un informe anterior ya reportó como
    concluidos: los que siguen en curso pasan al siguiente informe.
    """
    terminos = compromisos.leer_glosario(glosario) if glosario else None
    doc, d = compromisos.emitir_informe(ctx.catalogo, corte, fecha=fecha, sesion_informe=sesion_informe,
                                        sesion_id=sesion_id, punto=punto, glosario=terminos, fundamento=fundamento,
                                        area=area)
    exito(f"Informe {doc.folio} emitido: {d.frase_totales()}")
    consola.print(f"Archivo: {ctx.raiz.ruta / doc.ruta}", markup=False)


comandos = [grupo_compromisos]
