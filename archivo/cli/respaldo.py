"""archivo respaldo crear | verificar | restaurar | lista, and archivo recuperar."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from archivo import busqueda, respaldo
from archivo.archivistica import integridad
from archivo.base.errors import ArchivoError
from archivo.base.raiz import Raiz
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import aviso, consola, exito, imprimir_json, imprimir_lista, opcion_formato, progreso


@click.group("respaldo")
def grupo() -> None:
    """Respaldos del archivo: crearlos (mientras otros trabajan), comprobarlos y restaurarlos.

    \b
    Ejemplos:
      archivo respaldo crear /media/respaldos/archivo
      archivo respaldo verificar /media/respaldos/archivo
      archivo respaldo lista /media/respaldos/archivo
      archivo respaldo restaurar /media/respaldos/archivo /srv/archivo-restaurado
    """


@grupo.command("crear")
@click.argument("destino", type=click.Path(file_okay=False, path_type=Path))
@opcion_formato
@pasar_contexto
def crear(ctx: Contexto, destino: Path, formato: str) -> None:
    """Crea un respaldo en la carpeta DESTINO (otro disco o una carpeta de red).

    Copia el catálogo de forma consistente aunque otras personas sigan trabajando, y cada archivo una sola vez por
    su contenido: el segundo respaldo en el mismo DESTINO solo copia lo nuevo. Deja un manifiesto con el SHA-256
    de cada archivo.
    """
    cat = ctx.catalogo
    with progreso("Respaldando", integridad.total_archivos(cat)) as avanzar:
        informe = respaldo.crear(cat, destino, avanzar=avanzar)
    if formato == "json":
        imprimir_json(informe.como_dict())
        return
    exito(informe.resumen())
    consola.print(f"Carpeta del respaldo: {escape(str(informe.carpeta))}")
    for ruta in informe.faltantes:
        aviso(f"el catálogo registra {escape(ruta)}, pero no está en el disco: no se pudo respaldar")
    for ruta in informe.alterados:
        aviso(f"{escape(ruta)} cambió desde que se registró (SHA-256 distinto): se respaldó como está")
    if informe.no_incluidos:
        aviso(f"{len(informe.no_incluidos)} archivo(s) de los expedientes que el catálogo no conoce no se "
              "respaldaron (vea «archivo verificar»): " + escape(", ".join(informe.no_incluidos[:5]))
              + ("…" if len(informe.no_incluidos) > 5 else ""))
    for texto in informe.avisos:
        aviso(escape(texto))


@grupo.command("verificar")
@click.argument("destino", type=click.Path(file_okay=False, path_type=Path))
@click.option("--respaldo", "nombre", metavar="NOMBRE", help="Solo este respaldo (por omisión, todos).")
@opcion_formato
def verificar(destino: Path, nombre: str | None, formato: str) -> None:
    """Comprueba los respaldos de DESTINO: vuelve a calcular el SHA-256 de cada archivo y revisa cada catálogo.

    Termina con código distinto de cero si algo falta o cambió.
    """
    with progreso("Verificando respaldos", respaldo.total_archivos(destino, nombre)) as avanzar:
        revisados, hallazgos = respaldo.verificar(destino, nombre=nombre, avanzar=avanzar)
    if formato == "json":
        imprimir_json({"respaldos": revisados, "hallazgos": [h.como_dict() for h in hallazgos]})
    elif not hallazgos:
        exito(f"{len(revisados)} respaldo(s) completo(s) en {destino}: cada archivo coincide con su SHA-256.")
    else:
        imprimir_lista([h.como_dict() for h in hallazgos],
                       [("respaldo", "Respaldo"), ("ruta", "Archivo"), ("detalle", "Problema")], formato)
    if hallazgos:
        raise ArchivoError(f"Los respaldos de {destino} tienen {len(hallazgos)} problema(s); no use para restaurar "
                           "uno que los tenga (elija otro con --respaldo NOMBRE).")


@grupo.command("lista")
@click.argument("destino", type=click.Path(file_okay=False, path_type=Path))
@opcion_formato
def lista(destino: Path, formato: str) -> None:
    """Lista los respaldos de DESTINO, del más reciente al más antiguo."""
    imprimir_lista(respaldo.lista(destino), [("nombre", "Respaldo"), ("creado", "Creado"),
                                             ("institucion", "Institución"), ("documentos", "Documentos"),
                                             ("archivos", "Archivos"), ("estado", "Estado")], formato,
                   vacio=f"No hay respaldos en {destino}.")


@grupo.command("restaurar")
@click.argument("destino", type=click.Path(file_okay=False, path_type=Path))
@click.argument("raiz", type=click.Path(file_okay=False, path_type=Path))
@click.option("--respaldo", "nombre", metavar="NOMBRE", help="Qué respaldo restaurar (por omisión, el más reciente).")
@click.pass_context
def restaurar(click_ctx: click.Context, destino: Path, raiz: Path, nombre: str | None) -> None:
    """Restaura un respaldo de DESTINO en la carpeta RAIZ (nueva o vacía).

    Comprueba el SHA-256 de cada archivo al copiarlo, verifica el archivo restaurado como «archivo verificar» y
    reconstruye su índice de búsqueda. Nunca escribe sobre un archivo existente: si algo falla, no deja nada.
    """
    opciones = click_ctx.find_root().obj
    usuario = getattr(opciones, "usuario", None)
    with progreso("Restaurando", None) as avanzar:
        informe = respaldo.restaurar(destino, raiz, nombre=nombre, usuario=usuario, avanzar=avanzar,
                                     reindexar=lambda cat: busqueda.reindexar(cat))
    exito(f"Respaldo «{informe.nombre}» restaurado en {informe.raiz}: {informe.documentos} documento(s) y "
          f"{informe.archivos} archivo(s); la verificación no encontró problemas.")
    for s in informe.series:
        consola.print(f"  {s['serie']} {s['area']} {s['anio']}: último consecutivo {s['ultimo']}")
    for texto in informe.avisos:
        aviso(escape(texto))
    consola.print(f"Úselo con: archivo --raiz {escape(str(informe.raiz))} …")


@click.command("recuperar")
@opcion_formato
@click.pass_context
def recuperar(click_ctx: click.Context, formato: str) -> None:
    """Reconstruye un catálogo perdido o dañado desde los documentos emitidos (si no hay respaldo).

    Recupera la numeración de folios (el siguiente continúa la serie y ninguno se repite), los documentos, sus
    expedientes, los procedimientos y las personas nombradas en ellos, desde el .datos.json junto a cada
    documento. Lista lo que no pudo recuperar. El catálogo perdido no se borra: queda al lado con otro nombre.
    """
    opciones = click_ctx.find_root().obj
    raiz = Raiz.localizar(getattr(opciones, "raiz", None))
    with progreso("Recuperando", None) as avanzar:
        informe = respaldo.recuperar(raiz, getattr(opciones, "usuario", None),
                                     reindexar=lambda cat: busqueda.reindexar(cat), avanzar=avanzar)
    if formato == "json":
        imprimir_json(informe.como_dict())
        return
    exito(informe.resumen())
    if informe.anterior:
        consola.print(f"El catálogo anterior se conservó en {escape(str(informe.anterior))}.")
    if informe.series:
        consola.print("Folios recuperados (el siguiente de cada serie continúa después del último):")
        for s in informe.series:
            consola.print(f"  {escape(str(s['serie']))} {escape(str(s['area']))} {s['anio']}: último consecutivo "
                          f"{s['ultimo']} ({s['emitidos']} documento(s))")
    consola.print("[bold]No se pudo recuperar:[/bold]")
    for texto in informe.no_recuperado:
        consola.print(f"  • {escape(texto)}", soft_wrap=True)
    for texto in informe.avisos:
        aviso(escape(texto))


comandos = [grupo, recuperar]
