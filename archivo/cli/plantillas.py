"""``archivo plantillas``: the template set (lista, ver, estado, copiar, actualizar), the template checker
(verificar), draft schemas (esquema) and batch workbooks (formato)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from archivo.base.errors import NoEncontrado
from archivo.cli import GrupoOrdenado, salida
from archivo.cli.contexto import pasar_contexto
from archivo.plantillas import borrador as borrador_esquema
from archivo.plantillas import conjunto as plantillas
from archivo.plantillas import estado as estado_plantillas
from archivo.plantillas import lote as lote_plantillas
from archivo.plantillas import verificacion as verificacion_plantillas
from archivo.plantillas.esquema import ATRIBUTOS_SISTEMA, DESCRIPCION_PERSONA, VARIABLES_SISTEMA
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
        [("nombre", "Nombre"), ("titulo", "Título"), ("tipo", "Tipo"), ("serie", "Serie"), ("area", "Área (papel)"),
         ("campos", "Campos"), ("pasos", "Pasos que atiende"), ("origen", "De"), ("estado", "Estado")],
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
        datos["variables_sistema"] = {n: {"descripcion": d, "atributos": ATRIBUTOS_SISTEMA.get(n, {})}
                                      for n, d in VARIABLES_SISTEMA.items()}
        datos["atributos_persona"] = DESCRIPCION_PERSONA
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
    click.echo("")
    salida.imprimir_lista(_filas_sistema(), [("variable", "Variable"), ("descripcion", "Qué es")], formato,
                          titulo="Variables del sistema (las llena archivo; no se declaran)")
    personas = [c.nombre for c in esquema.campos if c.tipo == "persona"]
    click.echo("")
    salida.imprimir_lista(
        [{"atributo": f"{(personas or ['persona'])[0]}.{k}", "descripcion": v} for k, v in DESCRIPCION_PERSONA.items()],
        [("atributo", "Atributo"), ("descripcion", "Qué es")], formato,
        titulo=f"Datos de una persona del padrón ({', '.join(personas or ['persona', 'personas[…]'])})")


def _filas_sistema() -> list[dict[str, str]]:
    filas = []
    for nombre, descripcion in VARIABLES_SISTEMA.items():
        atributos = ATRIBUTOS_SISTEMA.get(nombre)
        if atributos:
            for atributo, que in atributos.items():
                filas.append({"variable": f"{nombre}.{atributo}", "descripcion": que})
        else:
            filas.append({"variable": nombre, "descripcion": descripcion})
    return filas


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
    try:
        if ruta.exists():
            return ruta
    except OSError:  # a name too long for the file system: not a path, maybe (not) a template name
        pass
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


@grupo_plantillas.command("estado")
@salida.opcion_formato
@pasar_contexto
def estado(ctx, formato: str) -> None:
    """Compara por SHA-256 las plantillas de la carpeta plantillas/ del archivo con las incluidas en archivo: cuáles
    editó la oficina, cuáles están sin cambios y cuáles cambió una versión nueva de archivo."""
    filas = [e.como_dict() for e in estado_plantillas.estado(ctx.raiz)]
    salida.imprimir_lista(filas, [("archivo", "Archivo"), ("estado", "Estado"), ("descripcion", "Qué significa")],
                          formato, titulo=f"Plantillas propias del archivo ({ctx.raiz.plantillas})",
                          vacio="El archivo usa todas las plantillas tal como vienen con archivo (no tiene copias "
                                "propias en plantillas/). Para editar una: archivo plantillas copiar NOMBRE")
    if formato == "tabla" and any(f["estado"] == estado_plantillas.ANTERIOR for f in filas):
        click.echo("")
        click.echo("Para poner al día las que no ha editado: archivo plantillas actualizar")


@grupo_plantillas.command("actualizar")
@click.option("--forzar", is_flag=True,
              help="Reemplaza también las editadas por la oficina (la suya se guarda en plantillas/anteriores/).")
@pasar_contexto
def actualizar(ctx, forzar: bool) -> None:
    """Pone al día las copias de plantillas incluidas que la oficina no editó. Las editadas solo con --forzar;
    cada archivo reemplazado se guarda en plantillas/anteriores/."""
    cambios = estado_plantillas.actualizar(ctx.catalogo, forzar=forzar)
    if not cambios:
        click.echo("No hay nada que actualizar: las copias del archivo están al día o son propias.")
        return
    for c in cambios:
        if c.accion == "sin tocar":
            salida.aviso(f"{c.archivo}: {c.detalle}.")
        else:
            salida.exito(f"{c.archivo} {c.accion}: {c.detalle}; la anterior quedó en {c.anterior}.")


@grupo_plantillas.command("copiar")
@click.argument("nombre")
@click.option("--con-esquema", is_flag=True, help="Copia también su esquema .yaml (para agregar o cambiar campos).")
@pasar_contexto
def copiar(ctx, nombre: str, con_esquema: bool) -> None:
    """Copia la plantilla incluida NOMBRE (o el membrete) a la carpeta plantillas/ del archivo para editarla en
    Word. Desde entonces el archivo usa su copia."""
    for ruta in estado_plantillas.copiar(ctx.catalogo, nombre, con_esquema=con_esquema):
        salida.exito(f"Copiada: {ruta}")
    click.echo("Edítela en Word y guárdela con el mismo nombre; revísela con «archivo plantillas verificar "
               f"{nombre.removesuffix('.docx')}».")


@grupo_plantillas.command("esquema")
@click.argument("docx", type=click.Path(dir_okay=False, path_type=Path), metavar="RUTA.docx")
@click.option("--salida", "destino", type=click.Path(dir_okay=False, path_type=Path), metavar="RUTA.yaml",
              help="Dónde escribir el esquema (por omisión, junto a la plantilla con el mismo nombre).")
@pasar_contexto
def esquema(ctx, docx: Path, destino: Path | None) -> None:
    """Escribe el borrador del esquema de una plantilla nueva: cada variable que usa, con su tipo deducido, si es
    obligatoria, una descripción por completar y un ejemplo. Nunca sobrescribe un esquema existente."""
    ruta, usos = borrador_esquema.escribir_borrador(docx, destino)
    salida.imprimir_lista(
        [{"campo": u.nombre, "tipo": u.tipo(), "requerido": not u.con_omision, "por_que": u.razon()} for u in usos],
        [("campo", "Campo"), ("tipo", "Tipo"), ("requerido", "Requerido"), ("por_que", "Por qué")], "tabla",
        titulo=f"Borrador del esquema: {ruta}", vacio="La plantilla no usa variables propias (solo las del sistema).")
    click.echo("")
    click.echo("Complete cada «COMPLETE:» del esquema y cambie los ejemplos por valores reales. Después: archivo "
               f"plantillas verificar {docx}")


@grupo_plantillas.command("formato")
@click.argument("nombre")
@click.option("--salida", "destino", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="LOTE.xlsx", help="El Excel que se escribe (no debe existir).")
@pasar_contexto
def formato_lote(ctx, nombre: str, destino: Path) -> None:
    """Escribe el Excel para un lote de la plantilla NOMBRE: una columna por campo con su descripción y ejemplo."""
    plantilla = plantillas.cargar(ctx.raiz, nombre)
    ruta = lote_plantillas.escribir_formato(plantilla.esquema, destino)
    salida.exito(f"Formato del lote escrito en {ruta}: una fila por documento en la hoja «Lote».")
    click.echo(f"Revíselo como borradores: archivo generar {plantilla.nombre} --procedimiento ID --lote {ruta} "
               "--borrador")


comandos = [grupo_plantillas]
