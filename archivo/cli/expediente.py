"""archivo expediente ver | lista | cerrar | caratula."""

from __future__ import annotations

import click

from archivo import procedimientos as procs
from archivo.archivistica import expedientes as exps
from archivo.archivistica import fojas
from archivo.base.errors import ArchivoError
from archivo.cli import fechas
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_ficha, imprimir_lista, opcion_formato, progreso


@click.group("expediente")
def grupo() -> None:
    """Expedientes: uno por persona del Servicio y uno por procedimiento (más los de riesgos y sesiones)."""


def _elegir(ctx: Contexto, persona: str | None, procedimiento: str | None, numero: str | None) -> exps.Expediente:
    elegidos = [x for x in (persona, procedimiento, numero) if x]
    if len(elegidos) != 1:
        raise ArchivoError("Indique uno: --persona CLAVE, --procedimiento ID o --numero NÚMERO.")
    cat = ctx.catalogo
    if persona:
        return exps.obtener(cat, "persona", persona)
    if procedimiento:
        p = procs.obtener(cat, procedimiento)
        return exps.por_id(cat, p.expediente_id)
    return exps.por_numero(cat, numero)


_opciones = [
    click.option("--persona", metavar="CLAVE", help="El expediente personal de esta persona."),
    click.option("--procedimiento", metavar="ID", help="El expediente de este procedimiento."),
    click.option("--numero", metavar="NÚMERO", help="Un expediente por su número (p. ej. IEA/DEVySPE/SPEN.02/2025/0001)."),
]


def _con_opciones(f):
    for o in reversed(_opciones):
        f = o(f)
    return f


@grupo.command("ver")
@_con_opciones
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, persona: str | None, procedimiento: str | None, numero: str | None, formato: str) -> None:
    """Muestra un expediente: sus datos de archivo y sus documentos en orden."""
    exp = _elegir(ctx, persona, procedimiento, numero)
    docs = exps.documentos_de(ctx.catalogo, exp)
    datos = exp.como_dict() | {"carpeta": str(exp.carpeta(ctx.raiz)), "documentos": docs}
    if formato == "json":
        imprimir_ficha(datos, [], formato)
        return
    imprimir_ficha(datos, [("numero", "Número"), ("titulo", "Título"), ("serie", "Serie"),
                           ("fecha_apertura", "Apertura"), ("fecha_cierre", "Cierre"), ("estado", "Estado"),
                           ("ubicacion", "Dónde está"), ("clasificacion", "Clasificación"), ("carpeta", "Carpeta")],
                   formato, titulo="Expediente")
    consola.print()
    imprimir_lista(docs, [("folio", "Folio"), ("fecha", "Fecha"), ("tipo", "Tipo"), ("asunto", "Asunto"),
                          ("estado", "Estado"), ("ruta", "Archivo")], formato, titulo=f"Documentos ({len(docs)})",
                   vacio="El expediente aún no tiene documentos.")
    consola.print(f"Carátula: {exp.carpeta(ctx.raiz) / exps.CARATULA}\nÍndice: {exp.carpeta(ctx.raiz) / exps.INDICE}")


@grupo.command("lista")
@click.option("--tipo", type=click.Choice(list(exps.TIPOS)), help="Solo expedientes de este tipo.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, tipo: str | None, formato: str) -> None:
    """Lista los expedientes del archivo."""
    filas = [e.como_dict() for e in exps.lista(ctx.catalogo, tipo)]
    imprimir_lista(filas, [("numero", "Número"), ("tipo", "Tipo"), ("titulo", "Título"),
                           ("fecha_apertura", "Apertura"), ("estado", "Estado"), ("fase_nombre", "Archivo")], formato)


@grupo.command("cerrar")
@_con_opciones
@click.option("--fecha", metavar="FECHA", help="Fecha de cierre (por omisión, hoy).")
@pasar_contexto
def cerrar(ctx: Contexto, persona: str | None, procedimiento: str | None, numero: str | None,
           fecha: str | None) -> None:
    """Cierra un expediente: fija su fecha de cierre y ya no admite documentos nuevos."""
    exp = _elegir(ctx, persona, procedimiento, numero)
    f = fechas.de_opcion(fecha, "--fecha")
    cerrado = exps.cerrar(ctx.catalogo, exp.id, f)
    exito(f"Expediente {cerrado.numero} cerrado el {cerrado.fecha_cierre}; su carátula se actualizó.")


@grupo.command("fojas")
@_con_opciones
@pasar_contexto
def fojas_(ctx: Contexto, persona: str | None, procedimiento: str | None, numero: str | None) -> None:
    """Cuenta las fojas (páginas) de los documentos de Word con LibreOffice y actualiza las carátulas.

    Sin --persona, --procedimiento ni --numero cuenta los de todo el archivo. Cada documento se cuenta una sola
    vez (un documento emitido no cambia); los PDF se cuentan al actualizar la carátula.
    """
    cat = ctx.catalogo
    docs = None
    if persona or procedimiento or numero:
        docs = exps.documentos_de(cat, _elegir(ctx, persona, procedimiento, numero))
    faltan = len(fojas.pendientes(cat, docs))
    if not faltan:
        exito("Las fojas de todos los documentos ya están contadas.")
        return
    with progreso("Contando fojas", faltan) as avanzar:
        anterior = [0]

        def avance(hechos: int, total: int) -> None:
            avanzar(hechos - anterior[0])
            anterior[0] = hechos

        contados = exps.contar_fojas(cat, docs, progreso=avance)
    exito(f"Se contaron las fojas de {contados} documento(s) de Word y se actualizaron sus carátulas.")


comandos = [grupo]
