"""archivo pat importar | formato | lista | avance | documento | informe-semestral."""

from __future__ import annotations

from pathlib import Path

import click

from archivo import pat
from archivo.base.errors import EntradaInvalida
from archivo.cli import tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_lista, opcion_formato

COLUMNAS = [("id", "Id"), ("area", "Área"), ("mecanismo", "Mecanismo"), ("numero", "No."),
            ("actividad", "Actividad"), ("meses_texto", "Meses")]
COLUMNAS_AVANCE = [("id", "Id"), ("mecanismo", "Mecanismo"), ("numero", "No."), ("actividad", "Actividad"),
                   ("meses_semestre", "Meses del semestre"), ("estatus", "Estatus"), ("porcentaje", "%"),
                   ("avance", "Avance")]

opcion_anio = click.option("--anio", type=tipos.ANIO, metavar="AÑO", help="Año del programa (por omisión, el más reciente).")
opcion_semestre = click.option("--semestre", type=click.IntRange(1, 2), required=True, metavar="1|2",
                               help="1 (enero a junio) o 2 (julio a diciembre).")


def _corto(texto: str, n: int = 80) -> str:
    return texto if len(texto) <= n else texto[: n - 1] + "…"


def _anio(ctx: Contexto, anio: int | None) -> int:
    return anio if anio is not None else pat.obtener(ctx.catalogo).anio


@click.group("pat")
def grupo_pat() -> None:
    """Programa Anual de Trabajo: actividades por área y mecanismo, cronograma, avance semestral e informes."""


@grupo_pat.command("importar")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--anio", type=tipos.ANIO, metavar="AÑO", help="Año del programa (obligatorio si el Excel no lo indica).")
@pasar_contexto
def importar(ctx: Contexto, archivo: Path, anio: int | None) -> None:
    """Importa el programa desde un .xlsx (Excel) o un .yaml.

    Revisa todas las filas antes de importar: si hay problemas los muestra todos (fila y columna) y no importa
    nada. Volver a importar el mismo año actualiza las actividades (por mecanismo y número) y conserva su avance.
    """
    r = pat.importar(ctx.catalogo, archivo, anio=anio)
    exito(f"Programa {r.anio} importado de {archivo.name}: {r.total} actividades ({r.nuevas} nueva(s), "
          f"{r.actualizadas} actualizada(s), {r.sin_cambios} sin cambios, {r.eliminadas} eliminada(s)).")


@grupo_pat.command("formato")
@click.option("--salida", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo de Excel a crear, p. ej. pat.xlsx.")
@click.option("--anio", type=tipos.ANIO, metavar="AÑO", help="Año del programa (por omisión, el actual).")
def formato_pat(salida: Path, anio: int | None) -> None:
    """Escribe un Excel con las columnas esperadas y dos filas de ejemplo, para llenar el programa."""
    pat.escribir_formato(salida, anio)
    exito(f"Formato escrito en {salida}. Marque con «x» los meses de cada actividad y borre los ejemplos.")


@grupo_pat.command("lista")
@opcion_anio
@click.option("--mecanismo", metavar="MECANISMO", help="Solo las actividades de este mecanismo (parte del nombre).")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, anio: int | None, mecanismo: str | None, formato: str) -> None:
    """Lista las actividades del programa con sus meses."""
    prog = pat.obtener(ctx.catalogo, anio)
    filas = [a.como_dict() for a in prog.actividades
             if not mecanismo or mecanismo.lower() in a.mecanismo.lower()]
    if formato == "tabla":
        for f in filas:
            f["actividad"] = _corto(f["actividad"])
    imprimir_lista(filas, COLUMNAS, formato, titulo=f"{prog.nombre_corto}: {len(filas)} de {prog.total} actividades",
                   vacio="No hay actividades con ese filtro.")


@grupo_pat.command("avance")
@opcion_anio
@opcion_semestre
@click.option("--actividad", "actividad_id", type=tipos.ID, metavar="ID",
              help="Registra el avance de esta actividad (el Id que muestra «archivo pat lista»).")
@click.option("--estatus", type=click.Choice(pat.ESTATUS), help="Estatus de la actividad en el semestre.")
@click.option("--avance", "texto", metavar="TEXTO", help="Qué se hizo en el semestre.")
@click.option("--porcentaje", metavar="PORCENTAJE",
              help="Porcentaje de avance (0 a 100, también «80 %»; concluida = 100).")
@click.option("--fecha", metavar="FECHA", help="Fecha del registro (por omisión, hoy).")
@opcion_formato
@pasar_contexto
def avance(ctx: Contexto, anio: int | None, semestre: int, actividad_id: int | None, estatus: str | None,
           texto: str | None, porcentaje: int | None, fecha: str | None, formato: str) -> None:
    """Muestra el avance del semestre o, con --actividad, lo registra.

    Sin --actividad muestra las actividades programadas en el semestre con su último avance. Con --actividad
    agrega un registro (el historial se conserva) y muestra el semestre.
    """
    anio = _anio(ctx, anio)
    if actividad_id is not None:
        if not estatus or not texto:
            raise EntradaInvalida("Para registrar el avance indique --estatus y --avance (y, si aplica, --porcentaje).")
        nuevo = pat.registrar_avance(ctx.catalogo, anio, actividad_id, semestre, avance=texto, estatus=estatus,
                                     porcentaje=porcentaje, fecha=fecha)
        if formato == "tabla":
            exito(f"Avance de la actividad {actividad_id} registrado: {nuevo.estatus}, {nuevo.porcentaje} %.")
    elif any(v is not None for v in (estatus, texto, porcentaje, fecha)):
        raise EntradaInvalida("Indique con --actividad ID a qué actividad corresponde el avance.")
    prog, filas = pat.avance_semestral(ctx.catalogo, anio, semestre)
    datos = [f.como_dict() for f in filas]
    if formato == "tabla":
        for d in datos:
            d["actividad"] = _corto(d["actividad"], 60)
            d["avance"] = _corto(d["avance"], 60)
    imprimir_lista(datos, COLUMNAS_AVANCE, formato,
                   titulo=f"{prog.nombre_corto}, {pat.NOMBRE_SEMESTRE[semestre]} semestre: {len(filas)} actividades",
                   vacio="No hay actividades programadas en el semestre.")


@grupo_pat.command("documento")
@opcion_anio
@click.option("--fecha", metavar="FECHA", help="Fecha del documento (por omisión, hoy).")
@click.option("--sesion", "sesion_id", type=tipos.ID, metavar="ID",
              help="Sesión en que se presenta: el documento se guarda en su expediente.")
@click.option("--area", metavar="SIGLAS",
              help="Área que emite el folio (por omisión, el Órgano de Enlace).")
@pasar_contexto
def documento(ctx: Contexto, anio: int | None, fecha: str | None, sesion_id: int | None, area: str | None) -> None:
    """Emite el Programa Anual de Trabajo en Word, con folio: glosario, síntesis y cronograma por mecanismo."""
    doc = pat.emitir_documento(ctx.catalogo, _anio(ctx, anio), fecha=fecha, sesion_id=sesion_id, area=area)
    exito(f"Programa emitido con folio {doc.folio}: {doc.asunto}.")
    consola.print(f"Archivo: {ctx.raiz.ruta / doc.ruta}", markup=False)


@grupo_pat.command("informe-semestral")
@opcion_anio
@opcion_semestre
@click.option("--fecha", metavar="FECHA", help="Fecha del informe (por omisión, hoy).")
@click.option("--sesion", "sesion_id", type=tipos.ID, metavar="ID",
              help="Sesión en que se presenta: el informe se guarda en su expediente.")
@click.option("--area", metavar="SIGLAS",
              help="Área que emite el folio (por omisión, el Órgano de Enlace).")
@pasar_contexto
def informe_semestral(ctx: Contexto, anio: int | None, semestre: int, fecha: str | None, sesion_id: int | None,
                      area: str | None) -> None:
    """Emite el informe de avance del semestre, con folio: resumen por mecanismo y avance de cada actividad."""
    doc = pat.emitir_informe_semestral(ctx.catalogo, _anio(ctx, anio), semestre, fecha=fecha, sesion_id=sesion_id,
                                       area=area)
    exito(f"Informe emitido con folio {doc.folio}: {doc.asunto}.")
    consola.print(f"Archivo: {ctx.raiz.ruta / doc.ruta}", markup=False)


comandos = [grupo_pat]
