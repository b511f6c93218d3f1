"""archivo buscar, archivo reindexar, archivo importar, archivo ocr."""

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
from archivo.busqueda import escaneos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import aviso, consola, exito, imprimir_json, imprimir_lista, opcion_formato, progreso


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
        detalles = [x for x in (r.tipo, fecha, r.estado if r.estado not in (None, "emitido", "importado") else None,
                                "texto reconocido por OCR" if r.ocr else None) if x]
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
@click.option("--sin-ocr", is_flag=True,
              help="No reconocer ahora el texto de los escaneos: quedan en espera para «archivo ocr».")
@opcion_formato
@pasar_contexto
def importar(ctx: Contexto, rutas: tuple[Path, ...], tipo: str | None, mecanismo: str | None, sin_ocr: bool,
             formato: str) -> None:
    """Importa documentos anteriores (PDF, DOCX, TXT e imágenes escaneadas) al acervo para poder buscarlos.

    Acepta archivos y carpetas (con sus subcarpetas). Cada archivo se copia sin cambios a
    acervo/AÑO/ con su nombre original; se registra su huella SHA-256, se extraen su texto, su
    número (INE/CG682/2023…), su fecha y su título, y se indexa. Los archivos cuyo contenido ya
    está en el archivo se omiten, así que repetir la importación no cambia nada. Un archivo con
    problemas (PDF con contraseña, dañado…) no detiene a los demás: el informe final dice qué pasó
    con cada uno.

    Los escaneos (PDF con páginas sin texto; imágenes JPG, PNG o TIFF, también de varias páginas)
    pasan por OCR: al lado del original, que no se modifica, queda una copia en PDF buscable.

    \b
    Ejemplos:
      archivo importar ~/Documentos/acuerdos-2023
      archivo importar acuerdo.pdf dictamen.docx --mecanismo incentivos
      archivo importar ~/Escaneos --sin-ocr        # el OCR después, con «archivo ocr»
    """
    with _avisos():
        informe = importacion.importar(ctx.catalogo, list(rutas), tipo=tipo, mecanismo=mecanismo, progreso=progreso,
                                       ocr=not sin_ocr)
    if formato == "json":
        imprimir_json([a.como_dict() for a in informe.archivos])
    else:
        for a in informe.archivos:
            estilo = {"importado": "green", "duplicado": "cyan", "omitido": "dim"}.get(a.resultado, "red")
            consola.print(f"[{estilo}]•[/{estilo}] {escape(a.linea())}", soft_wrap=True)
        consola.print("")
        consola.print(informe.resumen())
    if informe.ocr_no_instalado and informe.ocr_pendientes and formato == "json":
        aviso(escape(informe.ocr_no_instalado))
    if informe.rechazados:
        raise ArchivoError(f"{informe.rechazados} archivo(s) no se importaron; arriba se indica el motivo de cada "
                           "uno y cómo corregirlo. Los demás sí se importaron.")


@click.command("ocr")
@click.option("--rehacer", metavar="ID|FOLIO", help="Reconoce de nuevo este documento (número, folio o número propio).")
@click.option("--fallidos", is_flag=True, help="También reintenta los documentos cuyo OCR falló.")
@click.option("--estado", "ver_estado", is_flag=True,
              help="Solo muestra los documentos en espera, en proceso y fallidos (con su motivo).")
@click.option("--texto", metavar="ID|FOLIO", help="Muestra el texto reconocido de un documento (para copiarlo).")
@opcion_formato
@pasar_contexto
def ocr(ctx: Contexto, rehacer: str | None, fallidos: bool, ver_estado: bool, texto: str | None,
        formato: str) -> None:
    """Reconoce el texto (OCR) de los documentos escaneados en espera, para poder buscarlos.

    Procesa los escaneos importados con --sin-ocr, los que esperaban porque el OCR no estaba
    instalado y los que quedaron a medias (p. ej. si se apagó el equipo). De cada uno deja, al lado
    del original (que no se modifica), una copia en PDF buscable, registrada con su SHA-256; el texto
    queda en el índice de búsqueda y se detectan su número, fecha y título. Usa un núcleo del
    procesador por página. Necesita Tesseract con el idioma español (Debian/Ubuntu: sudo apt-get
    install tesseract-ocr tesseract-ocr-spa ghostscript unpaper).

    \b
    Ejemplos:
      archivo ocr
      archivo ocr --estado
      archivo ocr --fallidos
      archivo ocr --rehacer 12
      archivo ocr --texto 12 > acuerdo.txt
    """
    cat = ctx.catalogo
    if sum(bool(x) for x in (rehacer, ver_estado, texto)) > 1:
        raise EntradaInvalida("Use solo una de --rehacer, --estado y --texto.")
    if texto:
        click.echo(escaneos.texto(cat, texto))
        return
    if ver_estado:
        filas = [f for f in escaneos.lista(cat) if f["estado"] != "hecho"]
        cuentas = escaneos.resumen_estados(cat)
        imprimir_lista(filas, [("documento", "Documento"), ("nombre", "Archivo"), ("etiqueta", "Estado"),
                               ("paginas", "Páginas"), ("intentos", "Intentos"), ("actualizado", "Actualizado")],
                       formato, vacio="Ningún documento espera OCR ni tiene el OCR fallido.")
        if formato != "json":
            consola.print(f"En espera: {cuentas['pendiente']} · en proceso: {cuentas['en proceso']} · fallidos: "
                          f"{cuentas['fallido']} · con OCR: {cuentas['hecho']}.")
        return
    with _avisos():
        if rehacer:
            informe = escaneos.rehacer(cat, rehacer, progreso=progreso)
        else:
            informe = escaneos.procesar(cat, fallidos=fallidos, progreso=progreso)
    if informe.no_instalado:
        raise ArchivoError(informe.no_instalado)
    if formato == "json":
        imprimir_json([d.como_dict() for d in informe.documentos])
    else:
        for d in informe.documentos:
            estilo = "green" if d.estado == "hecho" else "red"
            consola.print(f"[{estilo}]•[/{estilo}] {escape(d.linea())}", soft_wrap=True)
        if informe.documentos:
            consola.print("")
        consola.print(informe.resumen())
    if informe.fallidos:
        raise ArchivoError(f"El OCR de {informe.fallidos} documento(s) falló; arriba se indica el motivo de cada uno. "
                           "Los originales quedaron archivados sin cambios.")


comandos = [buscar, reindexar, importar, ocr]
