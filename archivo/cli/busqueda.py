"""archivo buscar, archivo reindexar, archivo importar."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import click
from rich.markup import escape

from archivo import busqueda
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.busqueda import acervo as importacion
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import aviso, consola, exito, imprimir_json, opcion_formato, progreso


class _AvisosEnPantalla(logging.Handler):
    """Library warnings (index busy, a file that could not be read) shown as «Aviso:» lines."""

    def emit(self, record: logging.LogRecord) -> None:
        aviso(escape(record.getMessage()))


@contextlib.contextmanager
def _avisos() -> Iterator[None]:
    registro = logging.getLogger("archivo")
    manejador = _AvisosEnPantalla(logging.WARNING)
    registro.addHandler(manejador)
    propagar = registro.propagate
    registro.propagate = False
    try:
        yield
    finally:
        registro.removeHandler(manejador)
        registro.propagate = propagar


def _resaltar(fragmento: str) -> str:
    """``**palabra**`` -> bold on screen (the rest escaped so a «[» in a document is not markup)."""
    partes = fragmento.split(busqueda.MARCA_INICIO)
    salida = []
    for i, parte in enumerate(partes):
        salida.append(f"[bold yellow]{escape(parte)}[/bold yellow]" if i % 2 else escape(parte))
    return "".join(salida)


def _imprimir(resultados: list[busqueda.Resultado], formato: str, vacio: str) -> None:
    if formato == "json":
        imprimir_json([r.como_dict() for r in resultados])
        return
    if not resultados:
        consola.print(vacio)
        return
    for n, r in enumerate(resultados, start=1):
        numero = r.folio or r.numero
        fecha = f"{r.fecha[8:10]}/{r.fecha[5:7]}/{r.fecha[:4]}" if r.fecha and len(r.fecha) >= 10 else (r.fecha or "")
        detalles = [x for x in (r.tipo, fecha, r.estado if r.estado not in (None, "emitido", "importado") else None)
                    if x]
        puntos = f" · puntuación {r.puntuacion:g}" if r.puntuacion else ""
        cabeza = f"{escape(numero)}[/bold] (#{r.id})" if numero else f"#{r.id}[/bold]"
        consola.print(f"[bold]{n}. {cabeza} · {escape(' · '.join(detalles))}{puntos}")
        consola.print(f"   {escape(r.titulo)}")
        ruta = r.ruta or "(sin archivo)"
        if r.nombre_original and Path(ruta).name != r.nombre_original:
            ruta += f"  (original: {r.nombre_original})"
        consola.print(f"   [dim]{escape(ruta)}[/dim]")
        for f in r.fragmentos:
            consola.print(f"   «{_resaltar(f)}»", soft_wrap=True)
        consola.print("")


@click.command("buscar")
@click.argument("consulta", required=False, default="")
@click.option("--tipo", metavar="TIPO", help="Solo de este tipo: oficio, acuerdo-consejo, dictamen, importado…")
@click.option("--mecanismo", metavar="MECANISMO", help="Solo de este mecanismo (clave o nombre: «incentivos»).")
@click.option("--persona", metavar="CLAVE",
              help="Solo los de esta persona del padrón: vinculados a ella o que la nombran en el texto.")
@click.option("--area", metavar="SIGLAS", help="Solo de esta área (DEVySPE, CSPE…).")
@click.option("--desde", metavar="FECHA", help="Desde esta fecha (2024-01-31 o 31/01/2024).")
@click.option("--hasta", metavar="FECHA", help="Hasta esta fecha, incluida.")
@click.option("--origen", metavar="ORIGEN", help="«generado» (emitidos aquí) o «importado» (acervo).")
@click.option("--estado", metavar="ESTADO", help="emitido, cancelado o importado.")
@click.option("--limite", metavar="N", default="20", show_default=True, help="Cuántos resultados mostrar.")
@click.option("--similares", metavar="FOLIO", help="En vez de una consulta: documentos parecidos a este.")
@opcion_formato
@pasar_contexto
def buscar(ctx: Contexto, consulta: str, tipo: str | None, mecanismo: str | None, persona: str | None,
           area: str | None, desde: str | None, hasta: str | None, origen: str | None, estado: str | None,
           limite: str, similares: str | None, formato: str) -> None:
    """Busca documentos por palabras, frases, número de acuerdo o folio, persona y fechas.

    Las palabras se encuentran con o sin acentos, en mayúsculas o minúsculas, en singular o plural
    («dictamenes» encuentra «dictámenes»). Todas deben aparecer. Las palabras muy comunes (de, la,
    que…) se ignoran salvo entre comillas.

    \b
    Consulta:
      "frase exacta"           entre comillas, palabra por palabra
      INE/CG682/2023           un número de acuerdo u oficio, completo; su documento sale primero
      fracción I, inciso a     se buscan como frase
      Y  O  NO                 (o AND OR NOT), en mayúsculas; paréntesis para agrupar

    \b
    Ejemplos:
      archivo buscar "designación de encargados de despacho"
      archivo buscar INE/CG682/2023
      archivo buscar 'dictamen Y (incentivos O titularidad) NO "rango C"' --desde 2023-01-01
      archivo buscar evaluación --persona SPEN-0101 --formato json
      archivo buscar --tipo acuerdo-consejo --desde 01/01/2024 --hasta 31/12/2024
      archivo buscar --similares IEA/DEVySPE/045/2024
    """
    if not limite.strip().isdigit():
        raise EntradaInvalida(f"--limite debe ser un número entero de resultados, no «{limite}» (p. ej. --limite 50).")
    cat = ctx.catalogo
    with _avisos():
        if similares:
            if consulta.strip():
                raise EntradaInvalida("Use una consulta o --similares, no ambas: --similares ya busca por el "
                                      "contenido del documento indicado.")
            resultado = busqueda.similares(cat, similares, limite=int(limite), tipo=tipo, mecanismo=mecanismo,
                                           persona=persona, area=area, desde=desde, hasta=hasta, origen=origen)
            vacio = f"No se encontraron documentos parecidos a «{similares}»."
        else:
            resultado = busqueda.buscar(cat, consulta, tipo=tipo, mecanismo=mecanismo, persona=persona, area=area,
                                        desde=desde, hasta=hasta, origen=origen, estado=estado, limite=int(limite))
            vacio = (f"No se encontraron documentos para «{consulta}»" if consulta.strip()
                     else "No hay documentos con esos filtros") + (
                ". Pruebe con menos palabras o sin filtros." if consulta.strip() else ".")
    for texto in resultado.avisos:
        aviso(escape(texto))
    if resultado.ignoradas and formato != "json":
        aviso("se ignoraron palabras muy comunes: " + ", ".join(dict.fromkeys(resultado.ignoradas))
              + " (escriba una frase entre comillas para buscarlas tal cual)")
    _imprimir(resultado.resultados, formato, vacio)


@click.command("reindexar")
@click.option("--optimizar", is_flag=True,
              help="Une el índice en un solo segmento: tarda más (unos 3 minutos por cada 100 000 documentos) "
                   "y las búsquedas más pesadas quedan más rápidas. Útil en archivos muy grandes.")
@pasar_contexto
def reindexar(ctx: Contexto, optimizar: bool) -> None:
    """Reconstruye el índice de búsqueda desde el catálogo y los archivos.

    El índice es un dato derivado: se arma en una carpeta nueva y reemplaza al anterior solo al
    terminar, así que interrumpirlo no deja el índice a medias. Úselo si la búsqueda se comporta
    de forma extraña o después de restaurar un respaldo del catálogo.
    """
    with _avisos():
        informe = busqueda.reindexar(ctx.catalogo, progreso=progreso, optimizar=optimizar)
    for p in informe.problemas:
        aviso(escape(str(p)))
    exito(f"Índice de búsqueda reconstruido: {informe.documentos} documento(s) en {informe.segundos:.1f} s.")


@click.command("importar")
@click.argument("rutas", nargs=-1, required=True, metavar="RUTA...",
                type=click.Path(path_type=Path))
@click.option("--tipo", metavar="TIPO",
              help="Tipo de todos los documentos (por omisión se deduce del título: acuerdo, dictamen, oficio…).")
@click.option("--mecanismo", metavar="MECANISMO", help="Mecanismo al que pertenecen (clave o nombre).")
@opcion_formato
@pasar_contexto
def importar(ctx: Contexto, rutas: tuple[Path, ...], tipo: str | None, mecanismo: str | None, formato: str) -> None:
    """Importa documentos anteriores (PDF, DOCX, TXT) al acervo para poder buscarlos.

    Acepta archivos y carpetas (con sus subcarpetas). Cada archivo se copia sin cambios a
    acervo/AÑO/ con su nombre original; se registra su huella SHA-256, se extraen su texto, su
    número (INE/CG682/2023…), su fecha y su título, y se indexa. Los archivos cuyo contenido ya
    está en el archivo se omiten, así que repetir la importación no cambia nada. Un archivo con
    problemas (PDF con contraseña, dañado…) no detiene a los demás: el informe final dice qué pasó
    con cada uno.

    \b
    Ejemplos:
      archivo importar ~/Documentos/acuerdos-2023
      archivo importar acuerdo.pdf dictamen.docx --mecanismo incentivos
    """
    with _avisos():
        informe = importacion.importar(ctx.catalogo, list(rutas), tipo=tipo, mecanismo=mecanismo, progreso=progreso)
    if formato == "json":
        imprimir_json([a.como_dict() for a in informe.archivos])
    else:
        for a in informe.archivos:
            estilo = {"importado": "green", "duplicado": "cyan", "omitido": "dim"}.get(a.resultado, "red")
            consola.print(f"[{estilo}]•[/{estilo}] {escape(a.linea())}", soft_wrap=True)
        consola.print("")
        consola.print(informe.resumen())
    if informe.rechazados:
        raise ArchivoError(f"{informe.rechazados} archivo(s) no se importaron; arriba se indica el motivo de cada "
                           "uno y cómo corregirlo. Los demás sí se importaron.")


comandos = [buscar, reindexar, importar]
