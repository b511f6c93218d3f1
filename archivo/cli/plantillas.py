"""``archivo plantillas``: the template set (lista, ver) and the template checker (verificar)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from archivo.base.errors import NoEncontrado
from archivo.cli import GrupoOrdenado, salida
from archivo.cli.contexto import pasar_contexto
from archivo.plantillas import conjunto as plantillas
from archivo.plantillas import verificacion as verificacion_plantillas
from archivo.plantillas.verificacion import ERROR, InformeVerificacion


@click.group(name="plantillas", cls=GrupoOrdenado)
def grupo_plantillas() -> None:
    """Plantillas de Word: cuáles hay, qué campos piden y si están bien escritas."""


@grupo_plantillas.command("lista")
@salida.opcion_formato
@pasar_contexto
def lista(ctx, formato: str) -> None:
    """Lista las plantillas del archivo con su tipo, serie de folio, campos y estado del esquema."""
    filas = verificacion_plantillas.listar_plantillas(ctx.raiz)
    if formato == "tabla":
        filas = [{**f, "pasos": _pasos_breves(f["pasos"])} for f in filas]
    salida.imprimir_lista(
        filas,
        [("nombre", "Nombre"), ("titulo", "Título"), ("tipo", "Tipo"), ("serie", "Serie"), ("area", "Área"),
         ("campos", "Campos"), ("pasos", "Pasos que atiende"), ("estado", "Estado")],
        formato, titulo="Plantillas", vacio=f"No hay plantillas en {ctx.raiz.plantillas}.",
    )
    if formato == "tabla":
        for fila in filas:
            for problema in fila["problemas"]:
                salida.aviso(f"{fila['nombre']}: {problema}")


def _pasos_breves(pasos: list[str]) -> str:
    """«concurso-publico:6», «concurso-publico:9» → «concurso-publico 6, 9» (one group per procedure type)."""
    grupos: dict[str, list[str]] = {}
    for paso in pasos:
        tipo, _, numero = paso.partition(":")
        grupos.setdefault(tipo, []).append(numero)
    return "; ".join(f"{tipo} {', '.join(numeros)}" for tipo, numeros in grupos.items())


@grupo_plantillas.command("ver")
@click.argument("nombre")
@salida.opcion_formato
@pasar_contexto
def ver(ctx, nombre: str, formato: str) -> None:
    """Muestra el esquema de la plantilla NOMBRE: sus datos generales y los campos que hay que llenar."""
    plantilla = plantillas.cargar(ctx.raiz, nombre)
    esquema = plantilla.esquema
    datos = esquema.como_dict()
    datos["archivo"] = str(plantilla.docx)
    datos["esquema"] = str(esquema.ruta) if esquema.ruta else None
    if formato == "json":
        salida.imprimir_json(datos)
        return
    salida.imprimir_ficha(
        datos,
        [("nombre", "Nombre"), ("titulo", "Título"), ("tipo", "Tipo"), ("serie", "Serie de folio"),
         ("area", "Área"), ("descripcion", "Descripción"), ("pasos", "Pasos"), ("archivo", "Archivo")],
        formato, titulo=f"Plantilla {esquema.nombre}",
    )
    click.echo("")
    filas = []
    for campo in esquema.campos:
        descripcion = campo.descripcion
        if campo.columnas:
            descripcion += " Columnas: " + ", ".join(c.nombre for c in campo.columnas) + "."
        filas.append({"nombre": campo.nombre, "tipo": campo.tipo, "requerido": campo.requerido,
                      "descripcion": descripcion, "ejemplo": _ejemplo_breve(campo.ejemplo)})
    salida.imprimir_lista(
        filas, [("nombre", "Campo"), ("tipo", "Tipo"), ("requerido", "Requerido"), ("descripcion", "Descripción"),
                ("ejemplo", "Ejemplo")],
        formato, titulo="Campos", vacio="Esta plantilla no declara campos: solo usa los datos del sistema.",
    )


def _ejemplo_breve(valor: object, largo: int = 70) -> str:
    """An example fit for a table cell: lists and tables show their first element and how many more."""
    if valor is None:
        return ""
    if isinstance(valor, list):
        if not valor:
            return ""
        primero = valor[0]
        if isinstance(primero, dict):
            primero = "; ".join(f"{k}: {v}" for k, v in primero.items())
        resto = f" (y {len(valor) - 1} más)" if len(valor) > 1 else ""
        return _ejemplo_breve(primero, largo - len(resto)) + resto
    texto = " ".join(str(valor).split())
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


@grupo_plantillas.command("verificar")
@click.argument("plantilla", required=False, metavar="[NOMBRE|RUTA.docx]")
@salida.opcion_formato
@pasar_contexto
def verificar(ctx, plantilla: str | None, formato: str) -> None:
    """Revisa una plantilla y muestra todos sus problemas a la vez, con el lugar y el texto de cada uno.

    Sin argumento revisa todas las plantillas del archivo. Acepta el nombre de una plantilla del archivo,
    la ruta de cualquier .docx (con su esquema .yaml al lado, si lo tiene) o una carpeta. Termina con un
    código distinto de cero si hay al menos un error; los avisos no impiden usar la plantilla.
    """
    if plantilla is None:
        informes = verificacion_plantillas.verificar_plantillas(ctx.raiz)
        _imprimir_varios(informes, formato, vacio=f"No hay plantillas en {ctx.raiz.plantillas}.")
    else:
        ruta = _como_ruta(plantilla)
        if ruta is not None and ruta.is_dir():
            informes = verificacion_plantillas.verificar_carpeta(ruta)
            _imprimir_varios(informes, formato, vacio=f"No hay archivos .docx en {ruta}.")
        else:
            if ruta is None:
                informes = [verificacion_plantillas.verificar_plantilla(ctx.raiz, plantilla)]
            else:
                informes = [verificacion_plantillas.verificar_docx(ruta)]
            if formato == "json":
                salida.imprimir_json(informes[0].como_dict())
            else:
                _imprimir_informe(informes[0])
    if any(i.errores for i in informes):
        # sys.exit, not ctx.exit: archivo.cli.main runs click with standalone_mode=False, which drops ctx.exit codes.
        sys.exit(1)


def _como_ruta(argumento: str) -> Path | None:
    """A path if the argument looks like one (or exists); None if it is a template name of the archive."""
    ruta = Path(argumento).expanduser()
    if ruta.exists():
        return ruta
    if "/" in argumento or os.sep in argumento:
        raise NoEncontrado(f"No existe el archivo {ruta}.")
    return None  # «oficio» or «oficio.docx»: a template of the archive


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _imprimir_informe(informe: InformeVerificacion, *, encabezado: bool = True) -> None:
    if encabezado:
        click.echo(click.style(f"Plantilla: {informe.archivo}", bold=True))
        click.echo(f"Esquema: {informe.esquema if informe.esquema else 'no tiene'}")
        if informe.variables:
            click.echo(f"Variables que usa ({len(informe.variables)}): {', '.join(informe.variables)}")
    for severidad, titulo, color, marca in ((ERROR, "Errores", "red", "✗"), ("aviso", "Avisos", "yellow", "!")):
        problemas = [p for p in informe.problemas if p.severidad == severidad]
        if not problemas:
            continue
        click.echo("")
        click.echo(click.style(f"{titulo} ({len(problemas)}):", fg=color, bold=True))
        for p in problemas:
            click.echo(click.style(f"  {marca} ", fg=color) + f"{p.lugar}: {p.mensaje}")
            if p.contexto:
                click.echo(f"      Texto: «{p.contexto}»")
            if p.sugerencia:
                click.echo(f"      Qué hacer: {p.sugerencia}")
    click.echo("")
    errores, avisos = len(informe.errores), len(informe.avisos)
    if errores:
        click.echo(click.style(f"Resultado: {_plural(errores, 'error', 'errores')} y "
                               f"{_plural(avisos, 'aviso', 'avisos')}. Corrija los errores antes de usar la "
                               "plantilla.", fg="red", bold=True))
    elif avisos:
        click.echo(click.style(f"Resultado: sin errores, {_plural(avisos, 'aviso', 'avisos')}. La plantilla se "
                               "puede usar.", fg="yellow", bold=True))
    else:
        click.echo(click.style("Resultado: sin problemas. La plantilla está lista.", fg="green", bold=True))


def _imprimir_varios(informes: list[InformeVerificacion], formato: str, *, vacio: str) -> None:
    if formato == "json":
        salida.imprimir_json({"plantillas": [i.como_dict() for i in informes],
                              "errores": sum(len(i.errores) for i in informes),
                              "avisos": sum(len(i.avisos) for i in informes)})
        return
    if not informes:
        click.echo(vacio)
        return
    for informe in informes:
        if informe.problemas:
            _imprimir_informe(informe)
            click.echo("")
    filas = [{"plantilla": i.archivo.name, "errores": len(i.errores), "avisos": len(i.avisos),
              "estado": "con errores" if i.errores else ("con avisos" if i.avisos else "correcta")}
             for i in informes]
    salida.imprimir_lista(filas, [("plantilla", "Plantilla"), ("errores", "Errores"), ("avisos", "Avisos"),
                                  ("estado", "Estado")], "tabla", titulo="Resumen")
    con_errores = sum(1 for i in informes if i.errores)
    total = len(informes)
    if con_errores:
        click.echo(click.style(f"{_plural(con_errores, 'plantilla tiene', 'plantillas tienen')} errores "
                               f"(de {total}).", fg="red", bold=True))
    else:
        click.echo(click.style(f"Las {total} plantillas se pueden usar." if total > 1 else
                               "La plantilla se puede usar.", fg="green", bold=True))


comandos = [grupo_plantillas]
