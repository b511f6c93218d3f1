"""archivo archivistica cuadro | cadido | clasificar | revisar | ver | pendientes | transferir | baja | prestar |
devolver | prestamos | valor-historico | inventario | guia | instrumentos | exportar-personal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from archivo.archivistica import acceso, clasificacion, instrumentos, transferencias, vida
from archivo.archivistica.cadido import ACCESOS, DESTINOS
from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.formato import a_fecha, fecha_corta
from archivo.cli import GrupoOrdenado
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_ficha, imprimir_json, imprimir_lista, opcion_formato


def _fecha(valor: str | None, opcion: str) -> date | None:
    if valor is None:
        return None
    try:
        return a_fecha(valor)
    except ValueError as e:
        raise EntradaInvalida("Fecha inválida:", [Problema(opcion, str(e))]) from None


@click.group("archivistica", cls=GrupoOrdenado)
def grupo() -> None:
    """Gestión documental (Ley General de Archivos): cuadro, CADIDO, transferencias, bajas e inventarios.

    El cuadro general de clasificación y el catálogo de disposición documental (CADIDO) viven en el
    catálogo: cada expediente tiene su serie, y de ella salen sus plazos en el archivo de trámite y en el
    de concentración. «pendientes» dice qué expedientes toca transferir o dar de baja; cada transferencia
    o baja emite su inventario con folio, en Word y en Excel.
    """


# --- cuadro --------------------------------------------------------------------------------------------


@grupo.group("cuadro", cls=GrupoOrdenado)
def cuadro() -> None:
    """Cuadro general de clasificación archivística: fondo, secciones, series y subseries."""


@cuadro.command("ver")
@opcion_formato
@pasar_contexto
def cuadro_ver(ctx: Contexto, formato: str) -> None:
    """Muestra el cuadro con sus códigos y a qué expedientes se asigna cada serie."""
    entradas = clasificacion.ver_cuadro(ctx.catalogo)
    if formato == "json":
        imprimir_json([e.como_dict() for e in entradas])
        return
    sangria = {"fondo": "", "seccion": "  ", "serie": "    ", "subserie": "      "}
    filas = [{"codigo": sangria[e.nivel] + e.codigo, "nivel": e.nivel_nombre, "nombre": e.nombre,
              "area": e.area, "asignaciones": ", ".join(e.asignaciones)} for e in entradas]
    imprimir_lista(filas, [("codigo", "Código"), ("nivel", "Nivel"), ("nombre", "Nombre"), ("area", "Área"),
                           ("asignaciones", "Se asigna a")], formato,
                   titulo=f"Cuadro general de clasificación ({len(entradas)} entradas)")


@cuadro.command("alta")
@click.option("--nivel", required=True, type=click.Choice(["seccion", "serie", "subserie"]),
              help="Sección, serie o subserie.")
@click.option("--codigo", required=True, metavar="CÓDIGO", help="Código único, p. ej. SPEN.02.11.")
@click.option("--nombre", required=True, metavar="TEXTO", help="Nombre de la sección, serie o subserie.")
@click.option("--padre", required=True, metavar="CÓDIGO", help="Código del nivel superior.")
@click.option("--descripcion", default="", metavar="TEXTO", help="Qué documentos reúne.")
@click.option("--area", default="", metavar="SIGLAS", help="Área responsable (para la guía de archivo).")
@click.option("--asignar", multiple=True, metavar="CLAVE",
              help="Expedientes nuevos que recibe: persona, procedimiento:MECANISMO, mecanismo:CLAVE, sesion… "
                   "(se puede repetir).")
@pasar_contexto
def cuadro_alta(ctx: Contexto, nivel: str, codigo: str, nombre: str, padre: str, descripcion: str, area: str,
                asignar: tuple[str, ...]) -> None:
    """Agrega una sección, serie o subserie al cuadro."""
    e = clasificacion.agregar_entrada(ctx.catalogo, nivel=nivel, codigo=codigo, nombre=nombre, padre=padre,
                                      descripcion=descripcion, area=area, asignaciones=asignar)
    exito(f"{e.nivel_nombre} {e.etiqueta} agregada al cuadro, dentro de {e.padre}.")
    if e.es_serie:
        consola.print(f"Defina su CADIDO: archivo archivistica cadido editar {e.codigo} --tramite AÑOS "
                      "--concentracion AÑOS --destino DESTINO --valores VALORES", markup=False)


@cuadro.command("editar")
@click.argument("codigo", metavar="CÓDIGO")
@click.option("--nombre", metavar="TEXTO", help="Nombre nuevo.")
@click.option("--padre", metavar="CÓDIGO", help="Código del nivel superior (para mover la entrada).")
@click.option("--descripcion", metavar="TEXTO", help="Descripción nueva.")
@click.option("--area", metavar="SIGLAS", help="Área responsable.")
@click.option("--asignar", multiple=True, metavar="CLAVE", help="Agrega una asignación (se puede repetir).")
@click.option("--quitar-asignacion", "quitar", multiple=True, metavar="CLAVE", help="Quita una asignación.")
@pasar_contexto
def cuadro_editar(ctx: Contexto, codigo: str, nombre: str | None, padre: str | None, descripcion: str | None,
                  area: str | None, asignar: tuple[str, ...], quitar: tuple[str, ...]) -> None:
    """Cambia una entrada del cuadro (su código no cambia); sus expedientes se actualizan."""
    e = clasificacion.editar_entrada(ctx.catalogo, codigo, nombre=nombre, padre=padre, descripcion=descripcion,
                                     area=area, asignar=asignar, quitar=quitar)
    exito(f"{e.nivel_nombre} {e.etiqueta} actualizada.")


@cuadro.command("baja")
@click.argument("codigo", metavar="CÓDIGO")
@pasar_contexto
def cuadro_baja(ctx: Contexto, codigo: str) -> None:
    """Quita del cuadro una entrada que no clasifica expedientes ni tiene entradas dentro."""
    e = clasificacion.quitar_entrada(ctx.catalogo, codigo)
    exito(f"{e.nivel_nombre} {e.etiqueta} quitada del cuadro.")


@cuadro.command("exportar")
@click.argument("ruta", metavar="RUTA.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reemplazar", is_flag=True, help="Sobrescribe RUTA si ya existe.")
@pasar_contexto
def cuadro_exportar(ctx: Contexto, ruta: Path, reemplazar: bool) -> None:
    """Escribe el cuadro en un libro de Excel para revisarlo o editarlo."""
    n = clasificacion.exportar_cuadro(ctx.catalogo, ruta, reemplazar=reemplazar)
    exito(f"Cuadro de clasificación ({n} entradas) en {ruta}.")


@cuadro.command("importar")
@click.argument("ruta", metavar="RUTA.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@pasar_contexto
def cuadro_importar(ctx: Contexto, ruta: Path) -> None:
    """Carga el cuadro desde Excel: revisa todo antes y, si algo falla, dice hoja, fila y columna."""
    r = clasificacion.importar_cuadro(ctx.catalogo, ruta)
    exito(f"Cuadro importado de {ruta.name}: {len(r.creados)} entrada(s) nueva(s), {len(r.actualizados)} "
          f"actualizada(s), {r.sin_cambios} sin cambios.")
    if r.conservados:
        consola.print(f"Se conservan {len(r.conservados)} entrada(s) que no están en el libro: "
                      f"{', '.join(r.conservados)}.", markup=False)


# --- CADIDO --------------------------------------------------------------------------------------------


@grupo.group("cadido", cls=GrupoOrdenado)
def cadido() -> None:
    """Catálogo de disposición documental: valores, plazos, destino final y acceso de cada serie."""


@cadido.command("ver")
@click.option("--incompletas", is_flag=True, help="Solo las series a las que les falta algo (p. ej. plazos).")
@opcion_formato
@pasar_contexto
def cadido_ver(ctx: Contexto, incompletas: bool, formato: str) -> None:
    """Muestra el CADIDO de cada serie y subserie."""
    lista = clasificacion.ver_cadido(ctx.catalogo)
    if incompletas:
        lista = [d for d in lista if not d.completa]
    if formato == "json":
        imprimir_json([d.como_dict() for d in lista])
        return
    filas = [{"codigo": d.codigo, "nombre": d.nombre, "valores": d.valores_abreviados,
              "tramite": d.plazo_tramite, "concentracion": d.plazo_concentracion, "destino": d.destino_texto,
              "acceso": d.acceso_texto, "estado": "completo" if d.completa else "falta " + ", ".join(d.faltantes())}
             for d in lista]
    imprimir_lista(filas, [("codigo", "Código"), ("nombre", "Serie"), ("valores", "Valores"),
                           ("tramite", "AT (años)"), ("concentracion", "AC (años)"), ("destino", "Destino final"),
                           ("acceso", "Acceso"), ("estado", "Estado")], formato,
                   titulo="Catálogo de disposición documental", vacio="Todas las series tienen su CADIDO completo.")


@cadido.command("editar")
@click.argument("codigo", metavar="CÓDIGO")
@click.option("--valores", metavar="LISTA", help="Valores documentales: administrativo, legal, fiscal (separados "
              "por coma).")
@click.option("--tramite", metavar="AÑOS", help="Años en el archivo de trámite.")
@click.option("--concentracion", metavar="AÑOS", help="Años en el archivo de concentración.")
@click.option("--destino", metavar="DESTINO", help="Destino final: " + ", ".join(DESTINOS.values()) + ".")
@click.option("--acceso", metavar="ACCESO", help="Clasificación de acceso: " + ", ".join(ACCESOS.values()) + ".")
@click.option("--fundamento", metavar="TEXTO", help="Fundamento legal de la clasificación reservada o confidencial.")
@click.option("--reserva", metavar="AÑOS", help="Plazo de reserva (solo información reservada).")
@click.option("--observaciones", metavar="TEXTO", help="Observaciones.")
@pasar_contexto
def cadido_editar(ctx: Contexto, codigo: str, valores: str | None, tramite: str | None, concentracion: str | None,
                  destino: str | None, acceso: str | None, fundamento: str | None, reserva: str | None,
                  observaciones: str | None) -> None:
    """Define o cambia el CADIDO de una serie; sus expedientes se actualizan."""
    d = clasificacion.editar_cadido(ctx.catalogo, codigo, valores=valores, plazo_tramite=tramite,
                                    plazo_concentracion=concentracion, destino=destino, acceso=acceso,
                                    fundamento=fundamento, plazo_reserva=reserva, observaciones=observaciones)
    exito(f"CADIDO de {d.codigo} {d.nombre}: {d.valores_texto}; {d.vigencia_texto}; {d.destino_texto}; "
          f"{d.acceso_texto}.")


@cadido.command("exportar")
@click.argument("ruta", metavar="RUTA.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reemplazar", is_flag=True, help="Sobrescribe RUTA si ya existe.")
@pasar_contexto
def cadido_exportar(ctx: Contexto, ruta: Path, reemplazar: bool) -> None:
    """Escribe el CADIDO en un libro de Excel para revisarlo o editarlo."""
    n = clasificacion.exportar_cadido(ctx.catalogo, ruta, reemplazar=reemplazar)
    exito(f"CADIDO ({n} series y subseries) en {ruta}.")


@cadido.command("importar")
@click.argument("ruta", metavar="RUTA.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@pasar_contexto
def cadido_importar(ctx: Contexto, ruta: Path) -> None:
    """Carga el CADIDO desde Excel: revisa todo antes y, si algo falla, dice hoja, fila y columna."""
    r = clasificacion.importar_cadido(ctx.catalogo, ruta)
    exito(f"CADIDO importado de {ruta.name}: {len(r.actualizadas)} serie(s) actualizada(s), {r.sin_cambios} sin "
          "cambios.")
    if r.sin_renglon:
        consola.print(f"Conservan su CADIDO las series que no están en el libro: {', '.join(r.sin_renglon)}.",
                      markup=False)


# --- classification and state ----------------------------------------------------------------------------


@grupo.command("clasificar")
@click.argument("expediente", metavar="EXPEDIENTE")
@click.option("--serie", required=True, metavar="CÓDIGO", help="Serie o subserie del cuadro.")
@pasar_contexto
def clasificar(ctx: Contexto, expediente: str, serie: str) -> None:
    """Clasifica un expediente en una serie o subserie del cuadro.

    EXPEDIENTE es su número (p. ej. IEA/DEVySPE/SPEN.02.07/2024/0001), «persona:CLAVE» o «procedimiento:ID».
    """
    cat = ctx.catalogo
    with cat.transaccion("clasificar expediente") as tx:
        exp = vida.resolver(tx, expediente)
        entrada = clasificacion.clasificar_en(tx, exp.id, serie)
    exito(f"Expediente {exp.numero} clasificado en {entrada.etiqueta}.")


@grupo.command("revisar")
@opcion_formato
@pasar_contexto
def revisar(ctx: Contexto, formato: str) -> None:
    """Lista lo que falta a la clasificación: expedientes sin serie, series sin plazos, tipos sin serie."""
    obs = clasificacion.revisar(ctx.catalogo)
    if formato == "json":
        imprimir_json([o.como_dict() for o in obs])
    else:
        imprimir_lista([o.como_dict() for o in obs], [("tipo", "Qué"), ("referencia", "Dónde"),
                                                     ("descripcion", "Detalle"), ("sugerencia", "Cómo resolverlo")],
                       formato, titulo=f"Clasificación: {len(obs)} observación(es)",
                       vacio="La clasificación está completa: todo expediente tiene su serie y toda serie sus plazos.")
    if obs:
        raise click.exceptions.Exit(1)


@grupo.command("ver")
@click.argument("expediente", metavar="EXPEDIENTE")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, expediente: str, formato: str) -> None:
    """Muestra la vida archivística de un expediente: serie, plazos, dónde está, préstamos y movimientos.

    EXPEDIENTE es su número (p. ej. IEA/DEVySPE/SPEN.02.07/2024/0001), «persona:CLAVE» o «procedimiento:ID».
    """
    f = vida.ficha(ctx.catalogo, expediente)
    if formato == "json":
        imprimir_json(f.como_dict())
        return
    e = f.expediente
    d = f.disposicion
    datos = e.como_dict() | {
        "cierre": fecha_corta(e.fecha_cierre) if e.fecha_cierre else "abierto",
        "vigencia": d.vigencia_texto if d else "—", "destino": d.destino_texto if d else "—",
        "fin_tramite": fecha_corta(f.fin_tramite) if f.fin_tramite else "—",
        "fin_concentracion": fecha_corta(f.fin_concentracion) if f.fin_concentracion else "—",
        "prestamo": (f"a {f.prestamo.solicitante} ({f.prestamo.area}) desde el {fecha_corta(f.prestamo.fecha)}, "
                     f"devolución el {fecha_corta(f.prestamo.devolucion_prevista)}") if f.prestamo else "no",
        "siguiente": f.siguiente,
    }
    imprimir_ficha(datos, [("numero", "Número"), ("titulo", "Título"), ("serie", "Serie"),
                           ("clasificacion", "Acceso"), ("estado", "Estado"), ("cierre", "Cierre"),
                           ("vigencia", "Vigencia"), ("destino", "Destino final"),
                           ("fin_tramite", "Fin del trámite"), ("fin_concentracion", "Fin de concentración"),
                           ("ubicacion", "Dónde está"), ("prestamo", "En préstamo"), ("siguiente", "Siguiente paso")],
                   formato, titulo="Expediente")
    if f.movimientos:
        consola.print()
        imprimir_lista([m | {"tipo": transferencias.NOMBRES[m["tipo"]], "fecha": fecha_corta(m["fecha"]),
                             "anticipada": m["motivo"] if m["anticipada"] else ""} for m in f.movimientos],
                       [("fecha", "Fecha"), ("tipo", "Movimiento"), ("caja", "Caja"), ("estante", "Estante"),
                        ("inventario", "Inventario"), ("anticipada", "Motivo (anticipada)")], formato,
                       titulo="Movimientos")
    if f.prestamos:
        consola.print()
        imprimir_lista([p.como_dict() for p in f.prestamos],
                       [("fecha", "Préstamo"), ("solicitante", "Solicitante"), ("area", "Área"),
                        ("devolucion_prevista", "Devolución prevista"), ("estado", "Estado")], formato,
                       titulo="Préstamos")


@grupo.command("pendientes")
@click.option("--al", metavar="FECHA", help="Lo que vence hasta esta fecha (por omisión, hoy).")
@opcion_formato
@pasar_contexto
def pendientes(ctx: Contexto, al: str | None, formato: str) -> None:
    """Expedientes que toca transferir o dar de baja, préstamos vencidos y lo que falta clasificar."""
    limite = _fecha(al, "--al") or date.today()
    lista = vida.pendientes(ctx.catalogo, limite)
    if formato == "json":
        imprimir_json([p.como_dict() for p in lista])
        return
    imprimir_lista([p.como_dict() | {"fecha": fecha_corta(p.fecha)} for p in lista],
                   [("fecha", "Desde"), ("accion_texto", "Qué toca"), ("numero", "Expediente"), ("titulo", "Título"),
                    ("serie", "Serie"), ("detalle", "Detalle")], formato,
                   titulo=f"Pendientes al {fecha_corta(limite)} ({len(lista)})",
                   vacio=f"Nada pendiente al {fecha_corta(limite)}.")


# --- movements -----------------------------------------------------------------------------------------


def _traslados(expedientes: tuple[str, ...], caja: str, estante: str) -> list[transferencias.Traslado]:
    salida = []
    for texto in expedientes:
        numero, _, lugar = texto.partition("=")
        propia_caja, _, propio_estante = lugar.partition(",")
        salida.append(transferencias.Traslado(numero.strip(), (propia_caja or caja).strip(),
                                              (propio_estante or estante).strip()))
    return salida


def _informar(mov: transferencias.Movimiento, ctx: Contexto) -> None:
    inst = mov.instrumento
    exito(f"{transferencias.NOMBRES[mov.tipo].capitalize()} de {len(mov.expedientes)} expediente(s) el "
          f"{fecha_corta(mov.fecha)}; inventario {inst.folio}.")
    if mov.anticipados:
        consola.print(f"Antes de su plazo (con el motivo registrado): {', '.join(mov.anticipados)}.", markup=False)
    consola.print(f"Word:  {ctx.raiz.absoluta(inst.ruta)}\nExcel: {ctx.raiz.absoluta(inst.ruta_xlsx)}",
                  markup=False)


@grupo.command("transferir")
@click.argument("expedientes", nargs=-1, required=True, metavar="EXPEDIENTE...")
@click.option("--caja", default="", metavar="CAJA", help="Caja en que quedan (para todos).")
@click.option("--estante", default="", metavar="ESTANTE", help="Estante en que quedan (para todos).")
@click.option("--secundaria", is_flag=True, help="Del archivo de concentración al histórico.")
@click.option("--fecha", metavar="FECHA", help="Fecha de la transferencia (por omisión, hoy).")
@click.option("--motivo", default="", metavar="TEXTO",
              help="Motivo para transferir antes de que termine el plazo (queda registrado).")
@click.option("--recibe", default="", metavar="NOMBRE", help="Quien recibe en el archivo de destino.")
@pasar_contexto
def transferir(ctx: Contexto, expedientes: tuple[str, ...], caja: str, estante: str, secundaria: bool,
               fecha: str | None, motivo: str, recibe: str) -> None:
    """Transfiere expedientes cerrados al archivo de concentración (o al histórico) y emite su inventario.

    EXPEDIENTE es su número (p. ej. IEA/DEVySPE/SPEN.02.07/2024/0001), «persona:CLAVE» o «procedimiento:ID»;
    para darle otra ubicación escriba NÚMERO=CAJA,ESTANTE.
    """
    mov = transferencias.transferir(ctx.catalogo, _traslados(expedientes, caja, estante), secundaria=secundaria,
                                    fecha=_fecha(fecha, "--fecha"), motivo=motivo, recibe=recibe)
    _informar(mov, ctx)


@grupo.command("baja")
@click.argument("expedientes", nargs=-1, required=True, metavar="EXPEDIENTE...")
@click.option("--fecha", metavar="FECHA", help="Fecha del dictamen y del acta (por omisión, hoy).")
@click.option("--metodo", default=transferencias.METODO_BAJA, metavar="TEXTO", show_default=True,
              help="Cómo se eliminan los documentos.")
@click.option("--responsable", default="", metavar="NOMBRE", help="Responsable del archivo de concentración.")
@pasar_contexto
def baja(ctx: Contexto, expedientes: tuple[str, ...], fecha: str | None, metodo: str, responsable: str) -> None:
    """Da de baja expedientes que cumplieron su vigencia y emite el dictamen, inventario y acta de baja.

    EXPEDIENTE es su número (p. ej. IEA/DEVySPE/SPEN.02.07/2024/0001), «persona:CLAVE» o «procedimiento:ID».
    """
    mov = transferencias.dar_de_baja(ctx.catalogo, expedientes, fecha=_fecha(fecha, "--fecha"), metodo=metodo,
                                     responsable=responsable)
    _informar(mov, ctx)


@grupo.command("prestar")
@click.argument("expediente", metavar="EXPEDIENTE")
@click.option("--solicitante", required=True, metavar="NOMBRE", help="Quién recibe el expediente.")
@click.option("--area", required=True, metavar="SIGLAS", help="Área de quien lo recibe.")
@click.option("--devolucion", required=True, metavar="FECHA", help="Fecha en que debe devolverse.")
@click.option("--fecha", metavar="FECHA", help="Fecha del préstamo (por omisión, hoy).")
@click.option("--motivo", default="", metavar="TEXTO", help="Para qué se presta.")
@pasar_contexto
def prestar(ctx: Contexto, expediente: str, solicitante: str, area: str, devolucion: str, fecha: str | None,
            motivo: str) -> None:
    """Registra el préstamo de un expediente (vale de préstamo).

    EXPEDIENTE es su número (p. ej. IEA/DEVySPE/SPEN.02.07/2024/0001), «persona:CLAVE» o «procedimiento:ID».
    """
    p = vida.prestar(ctx.catalogo, expediente, solicitante=solicitante, area=area, devolucion=devolucion,
                     fecha=fecha, motivo=motivo)
    exito(f"Préstamo de {p.numero} a {p.solicitante} ({p.area}) el {fecha_corta(p.fecha)}; debe devolverse el "
          f"{fecha_corta(p.devolucion_prevista)}.")


@grupo.command("devolver")
@click.argument("expediente", metavar="EXPEDIENTE")
@click.option("--fecha", metavar="FECHA", help="Fecha de la devolución (por omisión, hoy).")
@click.option("--observaciones", default="", metavar="TEXTO", help="Estado en que se recibe.")
@pasar_contexto
def devolver(ctx: Contexto, expediente: str, fecha: str | None, observaciones: str) -> None:
    """Registra la devolución de un expediente prestado.

    EXPEDIENTE es su número (p. ej. IEA/DEVySPE/SPEN.02.07/2024/0001), «persona:CLAVE» o «procedimiento:ID».
    """
    p = vida.devolver(ctx.catalogo, expediente, fecha=fecha, observaciones=observaciones)
    exito(f"Devolución de {p.numero} registrada el {fecha_corta(p.devuelto)}.")


@grupo.command("prestamos")
@click.option("--pendientes", is_flag=True, help="Solo los que no se han devuelto.")
@opcion_formato
@pasar_contexto
def prestamos(ctx: Contexto, pendientes: bool, formato: str) -> None:
    """Lista los préstamos de expedientes y su devolución."""
    lista = vida.prestamos(ctx.catalogo, pendientes=pendientes)
    hoy = date.today()
    filas = [p.como_dict(hoy) | {"estado": p.estado + (" (VENCIDO)" if p.vencido(hoy) else "")} for p in lista]
    imprimir_lista(filas, [("numero", "Expediente"), ("solicitante", "Solicitante"), ("area", "Área"),
                           ("fecha", "Préstamo"), ("devolucion_prevista", "Devolución prevista"),
                           ("estado", "Estado")], formato, titulo=f"Préstamos ({len(lista)})",
                   vacio="No hay préstamos registrados.")


@grupo.command("valor-historico")
@click.argument("folio", metavar="FOLIO")
@click.option("--motivo", required=True, metavar="TEXTO", help="Por qué el documento tiene valor histórico.")
@pasar_contexto
def valor_historico(ctx: Contexto, folio: str, motivo: str) -> None:
    """Marca un documento con valor histórico: su expediente ya no se puede dar de baja."""
    r = vida.marcar_valor_historico(ctx.catalogo, folio, motivo)
    exito(f"El documento {r['documento']} tiene valor histórico: {r['motivo']}.")


# --- instruments -------------------------------------------------------------------------------------------


@grupo.command("inventario")
@click.option("--area", required=True, metavar="SIGLAS", help="Área cuyos expedientes se inventarían.")
@click.option("--fecha", metavar="FECHA", help="Fecha del inventario (por omisión, hoy).")
@pasar_contexto
def inventario(ctx: Contexto, area: str, fecha: str | None) -> None:
    """Emite con folio el inventario general de un área, en Word y en Excel."""
    inst = instrumentos.inventario_general(ctx.catalogo, area, fecha=_fecha(fecha, "--fecha"))
    exito(f"Inventario general de {area} con {inst.expedientes} expediente(s): {inst.folio}.")
    consola.print(f"Word:  {ctx.raiz.absoluta(inst.ruta)}\nExcel: {ctx.raiz.absoluta(inst.ruta_xlsx)}",
                  markup=False)


@grupo.command("guia")
@click.option("--fecha", metavar="FECHA", help="Fecha de la guía (por omisión, hoy).")
@click.option("--area", metavar="SIGLAS", help="Área que la emite (por omisión, el Órgano de Enlace).")
@pasar_contexto
def guia(ctx: Contexto, fecha: str | None, area: str | None) -> None:
    """Emite con folio la guía de archivo documental, en Word y en Excel."""
    inst = instrumentos.guia(ctx.catalogo, area=area, fecha=_fecha(fecha, "--fecha"))
    exito(f"Guía de archivo documental con {inst.expedientes} serie(s): {inst.folio}.")
    consola.print(f"Word:  {ctx.raiz.absoluta(inst.ruta)}\nExcel: {ctx.raiz.absoluta(inst.ruta_xlsx)}",
                  markup=False)


@grupo.command("instrumentos")
@click.option("--tipo", type=click.Choice(list(instrumentos.TIPOS)), help="Solo instrumentos de este tipo.")
@opcion_formato
@pasar_contexto
def lista_instrumentos(ctx: Contexto, tipo: str | None, formato: str) -> None:
    """Lista los inventarios, dictámenes de baja y guías emitidos, con su Word y su Excel."""
    lista = instrumentos.lista(ctx.catalogo, tipo)
    imprimir_lista([i.como_dict() | {"fecha": fecha_corta(i.fecha)} for i in lista],
                   [("folio", "Folio"), ("titulo", "Instrumento"), ("fecha", "Fecha"), ("area", "Área"),
                    ("expedientes", "Renglones"), ("ruta", "Word"), ("ruta_xlsx", "Excel")], formato,
                   titulo=f"Instrumentos archivísticos ({len(lista)})", vacio="Aún no se ha emitido ninguno.")


@grupo.command("exportar-personal")
@click.argument("clave", metavar="CLAVE")
@click.option("--solicitud", required=True, metavar="TEXTO",
              help="Número o referencia de la solicitud de acceso (queda en el historial).")
@click.option("--salida", required=True, metavar="RUTA.pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Dónde escribir el PDF (fuera del archivo).")
@pasar_contexto
def exportar_personal(ctx: Contexto, clave: str, solicitud: str, salida: Path) -> None:
    """Exporta el expediente personal de CLAVE en un PDF con su índice, para una solicitud de acceso.

    Reúne todos los documentos del expediente; necesita LibreOffice para los de Word. Queda registrado en el
    historial quién lo exportó, cuándo y para qué solicitud.
    """
    r = acceso.exportar_personal(ctx.catalogo, clave, solicitud=solicitud, salida=salida)
    exito(f"Expediente {r.numero}: {r.documentos} documento(s), {r.paginas} página(s) en {salida}.")


comandos = [grupo]
