"""archivo sesion nueva | lista | ver | plazo | calendario | reprogramar | estado | punto … | adjuntar |
desadjuntar | orden-del-dia | carpeta."""

from __future__ import annotations

import click

from archivo import sesiones as ses_mod
from archivo.archivistica import expedientes as exps
from archivo.base import formato as fmt
from archivo.base.errors import EntradaInvalida, Problema
from archivo.cli import GrupoOrdenado, tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import (
    aviso,
    consola,
    consola_err,
    exito,
    imprimir_ficha,
    imprimir_json,
    imprimir_lista,
    opcion_formato,
    progreso,
)


@click.group("sesion", cls=GrupoOrdenado)
def grupo_sesion() -> None:
    """Sesiones de la Comisión de Seguimiento y del Consejo General: orden del día, plazos, calendario y carpeta.

    \b
    Flujo habitual:
      archivo sesion nueva --organo comision --tipo ordinaria --fecha 2025-03-27
      archivo sesion punto agregar 1 "Lista de asistencia y declaración de quórum"
      archivo sesion adjuntar 1 2 --folio IEM/DEVySPE/045/2025
      archivo sesion carpeta 1
    """


def _fecha_opcion(valor: str, opcion: str):
    try:
        return fmt.a_fecha(valor)
    except ValueError as e:
        raise EntradaInvalida(f"{opcion}: {e}") from None


def _fecha_texto(valor: str, hora: str = "") -> str:
    texto = fmt.fecha_con_dia(valor)
    return f"{texto}, {hora} horas" if hora else texto


@grupo_sesion.command("nueva")
@click.option("--organo", required=True, type=click.Choice(list(ses_mod.ORGANOS)),
              help="comision (Comisión de Seguimiento del Servicio) o consejo (Consejo General).")
@click.option("--tipo", required=True, type=click.Choice(list(ses_mod.TIPOS)), help="Tipo de sesión.")
@click.option("--fecha", required=True, metavar="FECHA", help="Fecha de la sesión: 2025-03-27 o 27/03/2025.")
@click.option("--numero", type=tipos.Entero(1, 1000), metavar="N",
              help="Número de la sesión en su año (1 = Primera). Por omisión, el siguiente del órgano y tipo.")
@click.option("--hora", metavar="HH:MM", help="Hora de la sesión, p. ej. 11:00.")
@click.option("--lugar", metavar="TEXTO", help="Lugar o modalidad (presencial, virtual…).")
@pasar_contexto
def nueva(ctx: Contexto, organo: str, tipo: str, fecha: str, numero: int | None, hora: str | None,
          lugar: str | None) -> None:
    """Registra una sesión.

    Ejemplo: archivo sesion nueva --organo comision --tipo extraordinaria --fecha 2025-04-29 --hora 12:00
    """
    s = ses_mod.nueva(ctx.catalogo, organo=organo, tipo=tipo, fecha=fecha, numero=numero, hora=hora, lugar=lugar)
    exito(f"Sesión {s.id}: {s.nombre} — {s.organo_nombre}, {_fecha_texto(s.fecha, s.hora)}.")
    for texto in ses_mod.avisos_fecha(ctx.raiz, fmt.a_fecha(s.fecha)):
        aviso(texto)
    consola.print(f"Envío de documentos: {ses_mod.plazo(ctx.raiz, s).texto}.", markup=False)
    consola.print(f"Siguiente paso: archivo sesion punto agregar {s.id} \"Lista de asistencia y declaración de "
                  "quórum\"", markup=False)


def _fila(ctx: Contexto, s: ses_mod.Sesion) -> dict:
    puntos = ses_mod.recorrer(ses_mod.orden_del_dia(ctx.catalogo, s.id))
    p = ses_mod.plazo(ctx.raiz, s)
    return s.como_dict() | {
        "puntos": len(puntos), "documentos": sum(len(x.documentos) for x in puntos),
        "plazo_envio": p.fecha_limite.isoformat(), "dias_habiles_restantes": p.restantes,
    }


@grupo_sesion.command("lista")
@click.option("--anio", type=tipos.ANIO, metavar="AÑO", help="Solo las sesiones de este año.")
@click.option("--organo", type=click.Choice(list(ses_mod.ORGANOS)), help="Solo las de este órgano.")
@click.option("--tipo", type=click.Choice(list(ses_mod.TIPOS)), help="Solo ordinarias o extraordinarias.")
@click.option("--estado", type=click.Choice(list(ses_mod.ESTADOS)), help="Solo las de este estado.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, anio: int | None, organo: str | None, tipo: str | None, estado: str | None,
          formato: str) -> None:
    """Lista las sesiones con su fecha, su orden del día y el plazo para enviar los documentos."""
    filas = [_fila(ctx, s) for s in ses_mod.lista(ctx.catalogo, anio=anio, organo=organo, tipo=tipo, estado=estado)]
    imprimir_lista(filas, [("id", "ID"), ("nombre", "Sesión"), ("organo_corto", "Órgano"), ("fecha", "Fecha"),
                           ("hora", "Hora"), ("estado", "Estado"), ("puntos", "Puntos"),
                           ("documentos", "Documentos"), ("plazo_envio", "Enviar a más tardar")], formato,
                   vacio="No hay sesiones. Registre una con «archivo sesion nueva» o genere el calendario con "
                         "«archivo sesion calendario --anio AAAA --organo comision».")


def _imprimir_punto(p: ses_mod.Punto) -> None:
    sangria = "    " * p.nivel
    nota = " (no lleva documentos)" if p.sin_documentos else (" (faltan sus documentos)" if p.pendiente else "")
    consola.print(f"{sangria}{p.numero}. {p.titulo}{nota}", markup=False, style="bold" if p.nivel == 0 else None)
    for d in p.documentos:
        estado = "" if d.estado in ("emitido", "importado") else f" [{d.estado}]"
        consola.print(f"{sangria}      · {d.folio or '#' + str(d.id)} — {d.asunto}{estado}", markup=False)
    for s in p.subpuntos:
        _imprimir_punto(s)


@grupo_sesion.command("ver")
@click.argument("sesion_id", metavar="ID")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, sesion_id: str, formato: str) -> None:
    """Muestra una sesión: datos, plazo de envío de documentos, orden del día con sus documentos y carpeta."""
    cat = ctx.catalogo
    s = ses_mod.obtener(cat, sesion_id)
    puntos = ses_mod.orden_del_dia(cat, s.id)
    p = ses_mod.plazo(ctx.raiz, s)
    carpeta = ses_mod.estado_carpeta(cat, s, puntos)
    expediente = None
    if s.expediente_id:
        expediente = exps.por_id(cat, s.expediente_id).numero
    if formato == "json":
        imprimir_json(s.como_dict() | {"plazo": p.como_dict(), "expediente": expediente,
                                       "orden_del_dia": [x.como_dict() for x in puntos],
                                       "carpeta": carpeta, "carpetas": ses_mod.carpetas(cat, s.id)})
        return
    if carpeta is None:
        texto_carpeta = f"todavía no se arma («archivo sesion carpeta {s.id}»)"
    else:
        texto_carpeta = (f"versión {carpeta['version']}, {carpeta['paginas']} páginas, {carpeta['ruta']} — "
                         + ("al día" if carpeta["al_dia"] else
                            f"DESACTUALIZADA: el orden del día cambió; vuelva a armarla con «archivo sesion carpeta {s.id}»"))
    datos = {"organo": s.organo_nombre, "cuando": _fecha_texto(s.fecha, s.hora), "lugar": s.lugar,
             "estado": s.estado, "expediente": expediente or "se abre al archivar el primer documento",
             "plazo": p.texto, "carpeta": texto_carpeta}
    imprimir_ficha(datos, [("organo", "Órgano"), ("cuando", "Fecha"), ("lugar", "Lugar"), ("estado", "Estado"),
                           ("plazo", "Envío de documentos"), ("expediente", "Expediente"), ("carpeta", "Carpeta")],
                   formato, titulo=f"Sesión {s.id}: {s.nombre}")
    consola.print()
    consola.print("[bold]Orden del día[/bold]")
    if not puntos:
        consola.print(f"Sin puntos todavía. Agréguelos con «archivo sesion punto agregar {s.id} \"TÍTULO\"».",
                      markup=False)
    for x in puntos:
        _imprimir_punto(x)


@grupo_sesion.command("plazo")
@click.argument("sesion_id", metavar="ID")
@opcion_formato
@pasar_contexto
def plazo(ctx: Contexto, sesion_id: str, formato: str) -> None:
    """Calcula la fecha límite para enviar los documentos de la sesión, en días hábiles.

    Cuenta hacia atrás desde la fecha de la sesión los días hábiles de anticipación de archivo.toml
    ([sesiones] anticipacion_ordinaria = 3, anticipacion_extraordinaria = 1 por omisión), sin contar sábados,
    domingos, días feriados oficiales ni los días inhábiles de la institución.
    """
    s = ses_mod.obtener(ctx.catalogo, sesion_id)
    p = ses_mod.plazo(ctx.raiz, s)
    if formato == "json":
        imprimir_json(p.como_dict() | {"sesion": s.id, "nombre": s.nombre})
        return
    consola.print(f"{s.nombre} — {s.organo_nombre}, {_fecha_texto(s.fecha, s.hora)}.", markup=False)
    consola.print(f"Los documentos deben enviarse {p.texto}.", markup=False)


@grupo_sesion.command("calendario")
@click.option("--anio", required=True, type=tipos.ANIO, metavar="AÑO", help="Año del calendario.")
@click.option("--organo", default="comision", show_default=True, type=click.Choice(list(ses_mod.ORGANOS)),
              help="Órgano de las sesiones.")
@click.option("--vista-previa", is_flag=True, help="Solo muestra las fechas propuestas; no registra nada.")
@opcion_formato
@pasar_contexto
def calendario(ctx: Contexto, anio: int, organo: str, vista_previa: bool, formato: str) -> None:
    """Genera el calendario anual de sesiones ordinarias (marzo, junio, septiembre y diciembre).

    Cada sesión queda el último jueves hábil de su mes (configurable en archivo.toml, [sesiones]
    meses_ordinarias y dia_calendario). Los meses que ya tienen su sesión ordinaria se respetan. Para
    mover una fecha: archivo sesion reprogramar ID --fecha FECHA
    """
    filas = ses_mod.calendario(ctx.catalogo, anio, organo, crear=not vista_previa)
    datos = [f.como_dict() | {"fecha_texto": fmt.fecha_con_dia(f.fecha)} for f in filas]
    if formato == "json":
        imprimir_json(datos)
        return
    situaciones = {"nueva": "registrada ahora", "existente": "ya estaba registrada", "propuesta": "propuesta"}
    for d in datos:
        d["situacion_texto"] = situaciones[d["situacion"]]
        d["mes_nombre"] = d["mes_nombre"].capitalize()
    nombre = ctx.raiz.config.sesiones.nombres[organo]
    imprimir_lista(datos, [("nombre", "Sesión"), ("mes_nombre", "Mes"), ("fecha_texto", "Fecha"),
                           ("sesion_id", "ID"), ("situacion_texto", "Situación")], formato,
                   titulo=f"Sesiones ordinarias {anio} — {nombre}")
    nuevas = sum(1 for f in filas if f.situacion == "nueva")
    if vista_previa:
        consola.print("Vista previa: no se registró nada. Quite --vista-previa para registrarlas.")
    elif nuevas:
        exito(f"{nuevas} sesión(es) registrada(s). Para mover una fecha: archivo sesion reprogramar ID --fecha FECHA")
    else:
        consola.print(f"El calendario de {anio} ya estaba completo; no se registró nada.")


@grupo_sesion.command("reprogramar")
@click.argument("sesion_id", metavar="ID")
@click.option("--fecha", metavar="FECHA", help="Nueva fecha (del mismo año).")
@click.option("--hora", metavar="HH:MM", help="Nueva hora.")
@click.option("--lugar", metavar="TEXTO", help="Nuevo lugar o modalidad.")
@pasar_contexto
def reprogramar(ctx: Contexto, sesion_id: str, fecha: str | None, hora: str | None, lugar: str | None) -> None:
    """Cambia la fecha, la hora o el lugar de una sesión (p. ej. una del calendario)."""
    s = ses_mod.reprogramar(ctx.catalogo, sesion_id, fecha=fecha, hora=hora, lugar=lugar)
    exito(f"{s.nombre}: {_fecha_texto(s.fecha, s.hora)}{', ' + s.lugar if s.lugar else ''}.")
    for texto in ses_mod.avisos_fecha(ctx.raiz, fmt.a_fecha(s.fecha)):
        aviso(texto)
    consola.print(f"Envío de documentos: {ses_mod.plazo(ctx.raiz, s).texto}.", markup=False)


@grupo_sesion.command("estado")
@click.argument("sesion_id", metavar="ID")
@click.argument("estado", type=click.Choice(list(ses_mod.ESTADOS)))
@pasar_contexto
def estado(ctx: Contexto, sesion_id: str, estado: str) -> None:
    """Marca una sesión como programada, celebrada o cancelada.

    Una sesión celebrada o cancelada conserva su orden del día tal como quedó.
    """
    s = ses_mod.cambiar_estado(ctx.catalogo, sesion_id, estado)
    exito(f"{s.nombre} (sesión {s.id}): {s.estado}.")


# --- orden del día -------------------------------------------------------------------------------


@grupo_sesion.group("punto", cls=GrupoOrdenado)
def grupo_punto() -> None:
    """Puntos del orden del día: numerados (1, 2, 2.1…) según su lugar."""


@grupo_punto.command("agregar")
@click.argument("sesion_id", metavar="ID")
@click.argument("titulo")
@click.option("--dentro-de", metavar="N", help="Agrega un subpunto del punto N (p. ej. --dentro-de 3 crea el 3.1).")
@click.option("--posicion", type=tipos.Entero(1, 10_000), metavar="P", help="Lugar entre sus hermanos (1 = primero). Por omisión, al final.")
@click.option("--sin-documentos", is_flag=True,
              help="El punto no lleva documentos (lista de asistencia, asuntos generales): no se reporta como faltante.")
@pasar_contexto
def punto_agregar(ctx: Contexto, sesion_id: str, titulo: str, dentro_de: str | None, posicion: int | None,
                  sin_documentos: bool) -> None:
    """Agrega un punto (o subpunto) al orden del día de la sesión ID.

    Ejemplo: archivo sesion punto agregar 1 "Informe de compromisos y acuerdos" --dentro-de 3
    """
    numero = ses_mod.agregar_punto(ctx.catalogo, sesion_id, titulo, dentro_de=dentro_de, posicion=posicion,
                                   sin_documentos=sin_documentos)
    exito(f"Punto {numero}: {' '.join(titulo.split())}")


@grupo_punto.command("editar")
@click.argument("sesion_id", metavar="ID")
@click.argument("numero", metavar="N")
@click.argument("titulo")
@pasar_contexto
def punto_editar(ctx: Contexto, sesion_id: str, numero: str, titulo: str) -> None:
    """Cambia el título del punto N."""
    ses_mod.editar_punto(ctx.catalogo, sesion_id, numero, titulo)
    exito(f"Punto {numero}: {' '.join(titulo.split())}")


@grupo_punto.command("mover")
@click.argument("sesion_id", metavar="ID")
@click.argument("numero", metavar="N")
@click.option("--posicion", required=True, type=tipos.Entero(1, 10_000), metavar="P", help="Nuevo lugar entre sus hermanos (1 = primero).")
@pasar_contexto
def punto_mover(ctx: Contexto, sesion_id: str, numero: str, posicion: int) -> None:
    """Mueve el punto N (con sus subpuntos y documentos); los demás se renumeran."""
    nuevo = ses_mod.mover_punto(ctx.catalogo, sesion_id, numero, posicion)
    exito(f"El punto {numero} ahora es el {nuevo}.")


@grupo_punto.command("quitar")
@click.argument("sesion_id", metavar="ID")
@click.argument("numero", metavar="N")
@click.option("--si", is_flag=True, help="No pide confirmación.")
@pasar_contexto
def punto_quitar(ctx: Contexto, sesion_id: str, numero: str, si: bool) -> None:
    """Quita el punto N con sus subpuntos. Sus documentos siguen en el archivo; solo dejan de estar en el punto."""
    p = ses_mod.obtener_punto(ctx.catalogo, sesion_id, numero)
    contenido = ses_mod.recorrer([p])
    docs = sum(len(x.documentos) for x in contenido)
    if (len(contenido) > 1 or docs) and not si:
        click.confirm(f"El punto {p.numero} tiene {len(contenido) - 1} subpunto(s) y {docs} documento(s). "
                      "¿Quitarlo?", abort=True)
    ses_mod.quitar_punto(ctx.catalogo, sesion_id, p.numero)
    exito(f"Se quitó el punto {p.numero} («{p.titulo}»); los siguientes se renumeraron.")


def _elegidos(texto: str, total: int) -> list[int]:
    elegidos = []
    problemas = []
    for parte in texto.replace(" ", "").split(","):
        if not parte:
            continue
        if not parte.isdigit() or not 1 <= int(parte) <= total:
            problemas.append(Problema(parte, f"no es un número de la lista (1 a {total})"))
        elif int(parte) not in elegidos:
            elegidos.append(int(parte))
    if problemas:
        raise EntradaInvalida("La elección no es válida:", problemas)
    return elegidos


@grupo_sesion.command("adjuntar")
@click.argument("sesion_id", metavar="ID")
@click.argument("numero", metavar="N")
@click.option("--folio", "folios", multiple=True, metavar="FOLIO",
              help="Documento del archivo por su folio o su número (#12). Puede repetirse.")
@click.option("--buscar", "consulta", metavar="CONSULTA",
              help="Busca en el archivo y muestra los resultados para elegir cuáles adjuntar.")
@click.option("--primero", is_flag=True, help="Con --buscar: adjunta el primer resultado sin preguntar.")
@click.option("--elegir", metavar="1,3", help="Con --buscar: adjunta estos resultados sin preguntar.")
@click.option("--limite", type=tipos.Entero(1, 1000), default=5, show_default=True, help="Con --buscar: cuántos resultados mostrar.")
@click.option("--pdf", "pdfs", multiple=True, type=click.Path(dir_okay=False), metavar="RUTA",
              help="Archivo PDF que se copia al expediente de la sesión y se adjunta. Puede repetirse.")
@click.option("--asunto", metavar="TEXTO", help="Con un solo --pdf: su asunto (por omisión, el nombre del archivo).")
@pasar_contexto
def adjuntar(ctx: Contexto, sesion_id: str, numero: str, folios: tuple[str, ...], consulta: str | None,
             primero: bool, elegir: str | None, limite: int, pdfs: tuple[str, ...], asunto: str | None) -> None:
    """Adjunta documentos al punto N: por folio, por búsqueda o importando un PDF.

    \b
    Ejemplos:
      archivo sesion adjuntar 1 3.1 --folio IEM/DEVySPE/INF-004/2025
      archivo sesion adjuntar 1 4 --buscar "dictamen titularidad" --primero
      archivo sesion adjuntar 1 5 --pdf ~/Descargas/acuerdo-INE-CG546-2024.pdf
    """
    if (primero or elegir) and not consulta:
        raise EntradaInvalida("--primero y --elegir se usan con --buscar.")
    if primero and elegir:
        raise EntradaInvalida("Use --primero o --elegir, no ambos.")
    referencias: list[str] = list(folios)
    if consulta:
        candidatos, avisos = ses_mod.buscar_documentos(ctx.catalogo, consulta, limite=limite)
        for texto in avisos:
            aviso(texto)
        if not candidatos:
            raise EntradaInvalida(f"La búsqueda «{consulta}» no encontró documentos que puedan ir en la carpeta "
                                  "(Word o PDF, no cancelados).")
        filas = [{"n": i, "folio": c.documento.folio or f"#{c.documento.id}", "fecha": c.documento.fecha,
                  "tipo": c.documento.tipo, "asunto": c.documento.asunto,
                  "fragmento": (c.fragmentos[0] if c.fragmentos else "")[:160]}
                 for i, c in enumerate(candidatos, start=1)]
        if primero:
            elegidos = [1]
        else:
            imprimir_lista(filas, [("n", "N"), ("folio", "Folio"), ("fecha", "Fecha"), ("tipo", "Tipo"),
                                   ("asunto", "Asunto"), ("fragmento", "Fragmento")], "tabla",
                           titulo=f"Resultados de «{consulta}»")
            if elegir is None:
                elegir = click.prompt("Números de los documentos que adjunto (p. ej. 1,3; vacío: ninguno)",
                                      default="", show_default=False)
            elegidos = _elegidos(elegir, len(candidatos))
        referencias += [f"#{candidatos[i - 1].documento.id}" for i in elegidos]
        if not elegidos and not folios and not pdfs:
            consola.print("No se adjuntó nada.")
            return
    resultado = ses_mod.adjuntar(ctx.catalogo, sesion_id, numero, referencias, pdfs=list(pdfs), asunto=asunto)
    for d in resultado.adjuntados:
        exito(f"Punto {numero}: {d.folio or '#' + str(d.id)} — {d.asunto}")
    for nota in resultado.omitidos:
        aviso(f"No se adjuntó de nuevo: {nota}.")


@grupo_sesion.command("desadjuntar")
@click.argument("sesion_id", metavar="ID")
@click.argument("numero", metavar="N")
@click.argument("documento", metavar="FOLIO")
@pasar_contexto
def desadjuntar(ctx: Contexto, sesion_id: str, numero: str, documento: str) -> None:
    """Quita un documento (folio o #número) del punto N; el documento sigue en el archivo."""
    d = ses_mod.desadjuntar(ctx.catalogo, sesion_id, numero, documento)
    exito(f"{d.folio or '#' + str(d.id)} ya no está en el punto {numero}.")


@grupo_sesion.command("orden-del-dia")
@click.argument("sesion_id", metavar="ID")
@pasar_contexto
def orden_del_dia(ctx: Contexto, sesion_id: str) -> None:
    """Genera el orden del día en Word y lo archiva en el expediente de la sesión (una versión nueva cada vez)."""
    d = ses_mod.emitir_orden_del_dia(ctx.catalogo, sesion_id)
    exito(f"Orden del día archivado: {ctx.raiz.ruta / d.ruta}")


@grupo_sesion.command("carpeta")
@click.argument("sesion_id", metavar="ID")
@pasar_contexto
def carpeta(ctx: Contexto, sesion_id: str) -> None:
    """Arma la carpeta de la sesión: un PDF con portada, orden del día con páginas, todos los documentos
    en orden, marcadores por punto y números de página; la archiva en el expediente de la sesión.

    Los documentos de Word se convierten con LibreOffice (debe estar instalado). Volver a armarla archiva
    una versión nueva; las anteriores se conservan.
    """
    pasos = ["convert", "unir", "numerar"]
    with progreso("Armando la carpeta", len(pasos)) as avanzar:
        def avisar(mensaje: str) -> None:
            consola_err.print(mensaje, markup=False)
            avanzar()

        r = ses_mod.armar_carpeta(ctx.catalogo, sesion_id, avisar=avisar)
    c = r.carpeta
    puntos = sum(1 for e in c.indice if e.tipo == "punto")
    documentos_n = sum(1 for e in c.indice if e.tipo == "documento")
    exito(f"Carpeta versión {r.version}: {c.paginas} páginas, {puntos} puntos, {documentos_n} documentos "
          f"({c.segundos_total:.1f} s).")
    consola.print(f"Archivo: {ctx.raiz.ruta / r.documento.ruta}", markup=False)
    consola.print(f"SHA-256: {r.documento.sha256}", markup=False)


comandos = [grupo_sesion]
