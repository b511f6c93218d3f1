"""archivo personal lista | ver | alta | editar | baja | importar | formato."""

from __future__ import annotations

from pathlib import Path

import click

from archivo import personal
from archivo.archivistica import expedientes as exps
from archivo.base.errors import ArchivoError
from archivo.cli import fechas
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_ficha, imprimir_lista, opcion_formato

COLUMNAS_LISTA = [("clave", "Clave"), ("nombre_completo", "Nombre"), ("cargo", "Cargo o puesto"),
                  ("nivel", "Nivel"), ("rango", "Rango"), ("adscripcion", "Adscripción"),
                  ("situacion", "Situación")]
ETIQUETAS = [("clave", "Clave SIISPEN"), ("nombre_completo", "Nombre"), ("cargo", "Cargo o puesto"),
             ("nivel", "Nivel"), ("rango", "Rango"), ("adscripcion", "Adscripción"), ("titularidad", "Titularidad"),
             ("fecha_titularidad", "Fecha de titularidad"), ("via_ingreso", "Vía de ingreso"),
             ("fecha_ingreso", "Fecha de ingreso"), ("situacion", "Situación"), ("fecha_baja", "Fecha de separación"),
             ("motivo_baja", "Motivo de separación"), ("correo", "Correo"), ("expediente", "Expediente"),
             ("carpeta", "Carpeta")]


@click.group("personal")
def grupo() -> None:
    """Padrón del personal del Servicio (MSPEN): altas, cambios, bajas e importación desde Excel o CSV."""


@grupo.command("lista")
@click.option("--situacion", help="activo, «separación temporal» o «separación definitiva».")
@click.option("--adscripcion", help="Filtra por área de adscripción (siglas o parte del nombre).")
@click.option("--buscar", "texto", help="Filtra por clave, nombre o cargo.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, situacion: str | None, adscripcion: str | None, texto: str | None, formato: str) -> None:
    """Lista el padrón."""
    try:
        personas = personal.lista(ctx.catalogo, situacion=situacion, adscripcion=adscripcion, texto=texto)
    except ValueError as e:
        raise ArchivoError(str(e)) from None
    imprimir_lista([p.como_dict() for p in personas], COLUMNAS_LISTA, formato,
                   titulo=f"Padrón del personal del Servicio ({len(personas)})",
                   vacio="No hay personas con esos filtros. Importe el padrón con «archivo personal importar».")


@grupo.command("ver")
@click.argument("clave")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, clave: str, formato: str) -> None:
    """Muestra la ficha de una persona y los documentos de su expediente."""
    cat = ctx.catalogo
    p = personal.obtener(cat, clave)
    datos = p.como_dict()
    exp = exps.buscar(cat, "persona", clave)
    docs = exps.documentos_de(cat, exp) if exp else []
    datos["expediente"] = exp.numero if exp else None
    datos["carpeta"] = str(exp.carpeta(ctx.raiz)) if exp else None
    datos["documentos"] = docs
    imprimir_ficha(datos, ETIQUETAS, formato, titulo=p.nombre_completo)
    if formato == "tabla":
        consola.print()
        imprimir_lista(docs, [("folio", "Folio"), ("fecha", "Fecha"), ("tipo", "Tipo"), ("asunto", "Asunto"),
                              ("estado", "Estado")], formato, titulo="Documentos del expediente",
                       vacio="Su expediente aún no tiene documentos.")


def _opciones_persona(obligatorias: bool):
    def decorar(f):
        opciones = [
            click.option("--nombre", required=obligatorias, help="Nombre(s)."),
            click.option("--primer-apellido", required=obligatorias, help="Primer apellido."),
            click.option("--segundo-apellido", help="Segundo apellido."),
            click.option("--cargo", required=obligatorias, help="Cargo o puesto del Servicio."),
            click.option("--nivel", help="Nivel del cargo o puesto."),
            click.option("--rango", help="Rango: A, B o C."),
            click.option("--adscripcion", required=obligatorias, help="Área de adscripción (siglas o nombre)."),
            click.option("--titularidad", help="sí o no."),
            click.option("--fecha-titularidad", metavar="FECHA", help="Fecha en que obtuvo la titularidad."),
            click.option("--via-ingreso", help="Vía de ingreso, p. ej. «Concurso Público 2017»."),
            click.option("--fecha-ingreso", metavar="FECHA", help="Fecha de ingreso al Servicio."),
            click.option("--situacion", help="activo, «separación temporal» o «separación definitiva»."),
            click.option("--correo", help="Correo electrónico institucional."),
        ]
        for opcion in reversed(opciones):
            f = opcion(f)
        return f

    return decorar


@grupo.command("alta")
@click.option("--clave", required=True, help="Clave SIISPEN (número de empleado en el Servicio).")
@_opciones_persona(obligatorias=True)
@pasar_contexto
def alta(ctx: Contexto, **datos: str | None) -> None:
    """Da de alta a una persona en el padrón y abre su expediente."""
    p = personal.alta(ctx.catalogo, {k: v for k, v in datos.items() if v is not None})
    exito(f"Alta de {p.nombre_completo} ({p.clave}); su expediente quedó abierto.")


@grupo.command("editar")
@click.argument("clave")
@_opciones_persona(obligatorias=False)
@pasar_contexto
def editar(ctx: Contexto, clave: str, **cambios: str | None) -> None:
    """Corrige o actualiza datos de una persona (solo los que indique)."""
    p = personal.editar(ctx.catalogo, clave, cambios)
    exito(f"Datos de {p.nombre_completo} ({p.clave}) actualizados.")


@grupo.command("baja")
@click.argument("clave")
@click.option("--fecha", required=True, metavar="FECHA", help="Fecha de la separación.")
@click.option("--motivo", required=True, help="Motivo de la separación (p. ej. «Renuncia»).")
@click.option("--temporal", is_flag=True, help="Separación temporal (por omisión, definitiva).")
@pasar_contexto
def baja(ctx: Contexto, clave: str, fecha: str, motivo: str, temporal: bool) -> None:
    """Registra la separación del Servicio. Conserva el registro y el expediente."""
    f = fechas.de_opcion(fecha, "--fecha")
    p = personal.baja(ctx.catalogo, clave, fecha=f, motivo=motivo, temporal=temporal)
    exito(f"{p.nombre_completo} ({p.clave}): {p.situacion} desde el {p.fecha_baja}. Su expediente se conserva.")


@grupo.command("importar")
@click.argument("archivo", type=click.Path(dir_okay=False, path_type=Path))
@pasar_contexto
def importar(ctx: Contexto, archivo: Path) -> None:
    """Importa el padrón desde un .csv o un .xlsx (Excel).

    Revisa todas las filas antes de importar: si alguna tiene problemas los muestra todos (fila y columna) y no
    importa nada. Volver a importar actualiza a las personas existentes por su clave; nunca las duplica.
    """
    r = personal.importar(ctx.catalogo, archivo)
    exito(f"Padrón importado de {archivo.name}: {len(r.nuevas)} alta(s), {len(r.actualizadas)} actualización(es), "
          f"{len(r.sin_cambios)} sin cambios.")


@grupo.command("formato")
@click.option("--salida", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo a crear: padron.xlsx o padron.csv.")
def formato_padron(salida: Path) -> None:
    """Escribe un padrón vacío con las columnas esperadas y una fila de ejemplo, para llenarlo en Excel."""
    personal.escribir_formato(salida)
    exito(f"Formato escrito en {salida}. Las columnas en color guinda son obligatorias; borre la fila de ejemplo.")


comandos = [grupo]
