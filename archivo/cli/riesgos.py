"""archivo riesgos lista | ver | alta | editar | evaluar | revaluar | tratar | accion | pendientes | cargar-base |
importar | exportar | reporte."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from archivo import mecanismos, riesgos
from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.formato import a_fecha, fecha_corta
from archivo.cli import tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import (
    aviso,
    consola,
    exito,
    imprimir_ficha,
    imprimir_json,
    imprimir_lista,
    opcion_formato,
)
from archivo.riesgos import reporte as riesgos_reporte

NIVEL = "ALTO, MEDIO o BAJO (o 3, 2, 1)."


@contextmanager
def _lugares_de_opciones(**renombres: str) -> Iterator[None]:
    """The library names fields (probabilidad, proxima-revision…); on the command line they are options."""
    try:
        yield
    except EntradaInvalida as e:
        problemas = []
        for p in e.problemas:
            lugar = p.lugar
            if lugar in renombres:
                lugar = renombres[lugar]
            elif lugar and lugar != "ID" and " " not in lugar:
                lugar = f"--{lugar}"
            problemas.append(Problema(lugar, p.mensaje, p.sugerencia))
        raise EntradaInvalida(e.mensaje, problemas) from None


def _avisos(lista: list[str]) -> None:
    for texto in lista:
        aviso(texto[:1].upper() + texto[1:] + ".")


def _fecha(valor: str | None, opcion: str) -> date | None:
    if valor is None:
        return None
    try:
        return a_fecha(valor)
    except ValueError as e:
        raise EntradaInvalida("Fecha inválida:", [Problema(opcion, str(e))]) from None


def _estado(r: riesgos.Riesgo) -> str:
    return "INCOMPLETO: falta " + "; ".join(r.faltantes) if r.incompleto else "completo"


def _fila(r: riesgos.Riesgo, ctx: Contexto) -> dict[str, Any]:
    acciones = len(r.acciones)
    promedio = r.avance_promedio
    return {
        "id": r.codigo, "mecanismo": riesgos.etiqueta_mecanismo(ctx.raiz, r.mecanismo),
        "riesgo": (r.texto[:60] + "…" if len(r.texto) > 60 else r.texto) or "(sin texto del riesgo)",
        "nr_inherente": r.nr_inherente if r.nr_inherente is not None else "falta",
        "nr_residual": r.nr_residual if r.nr_residual is not None else "—",
        "tratamiento": ", ".join(r.tratamiento) or "—",
        "acciones": f"{acciones} ({round(promedio)} %)" if promedio is not None else str(acciones),
        "revision": fecha_corta(r.proxima_revision) if r.proxima_revision else "",
        "estado": _estado(r) + (" · con aviso" if r.avisos else ""),
    }


COLUMNAS_LISTA = [("id", "ID"), ("mecanismo", "Mecanismo"), ("riesgo", "Riesgo"), ("nr_inherente", "NR II"),
                  ("nr_residual", "NR IV"), ("tratamiento", "Tratamiento"), ("acciones", "Acciones (avance)"),
                  ("revision", "Próx. revisión"), ("estado", "Estado")]


@click.group("riesgos")
def grupo_riesgos() -> None:
    """Matrices de riesgo por mecanismo: análisis, tratamiento, acciones (PTAR), revaloración y reportes.

    Cada riesgo tiene las cuatro secciones de la matriz del Manual: I identificación, II análisis
    (probabilidad × impacto = NR, que siempre se calcula), III tratamiento y acciones, IV revaloración.
    Los riesgos se identifican como R-CP-01 (prefijo del mecanismo y número).
    """


@grupo_riesgos.command("lista")
@click.option("--mecanismo", metavar="MECANISMO",
              help="Clave, nombre o etiqueta del mecanismo (p. ej. concurso-publico).")
@click.option("--incompletos", is_flag=True, help="Solo los renglones sin texto del riesgo o sin NR.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, mecanismo: str | None, incompletos: bool, formato: str) -> None:
    """Lista los riesgos con su NR inherente (II) y residual (IV) y lo que les falta."""
    rs = riesgos.lista(ctx.catalogo, mecanismo=mecanismo)
    if incompletos:
        rs = [r for r in rs if r.incompleto]
    if formato == "json":
        imprimir_json([r.como_dict() for r in rs])
        return
    n_inc = sum(r.incompleto for r in rs)
    imprimir_lista([_fila(r, ctx) for r in rs], COLUMNAS_LISTA, formato,
                   titulo=f"Matriz de riesgos ({len(rs)} riesgos, {n_inc} incompletos)",
                   vacio="No hay riesgos registrados. Cargue las matrices del Manual con «archivo riesgos "
                         "cargar-base» o registre uno con «archivo riesgos alta».")


ETIQUETAS_VER = [("id", "ID"), ("mecanismo", "Mecanismo"), ("area", "Área dueña"), ("riesgo", "I. Riesgo"),
                 ("causas", "   Causas"), ("efectos", "   Efectos"), ("analisis", "II. Análisis"),
                 ("tratamiento", "III. Tratamiento"), ("inicio", "   Fecha de inicio"),
                 ("revaloracion", "IV. Revaloración"), ("proxima_revision", "Próxima revisión"),
                 ("estado", "Estado"), ("origen", "Origen"), ("nota", "Nota")]


def _evaluacion_texto(ev: riesgos.Evaluacion | None) -> str:
    if ev is None:
        return "—"
    nr = ev.nr if ev.nr is not None else "falta"
    fecha = fecha_corta(ev.fecha) if ev.fecha else "sin fecha"
    return (f"P {riesgos.nivel_texto(ev.probabilidad) or 'falta'} × I {riesgos.nivel_texto(ev.impacto) or 'falta'}"
            f" = NR {nr} ({fecha})")


@grupo_riesgos.command("ver")
@click.argument("id_riesgo", metavar="ID")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, id_riesgo: str, formato: str) -> None:
    """Muestra un riesgo: sus cuatro secciones, el historial de evaluaciones y sus acciones."""
    r = riesgos.obtener(ctx.catalogo, id_riesgo)
    if formato == "json":
        imprimir_json(r.como_dict())
        return
    datos = {
        "id": r.codigo, "mecanismo": f"{riesgos.nombre_mecanismo(ctx.raiz, r.mecanismo)} ({r.mecanismo})",
        "area": r.area or "—", "riesgo": r.texto or "(sin texto del riesgo)", "causas": r.causas or "—",
        "efectos": r.efectos or "—", "analisis": _evaluacion_texto(r.inherente),
        "tratamiento": ", ".join(r.tratamiento) or "—",
        "inicio": riesgos_reporte.fecha_inicio_texto(r), "revaloracion": _evaluacion_texto(r.residual),
        "proxima_revision": fecha_corta(r.proxima_revision) if r.proxima_revision else "sin programar",
        "estado": _estado(r), "origen": r.origen + (f" (renglón {r.clave_base})" if r.clave_base else ""),
        "nota": r.nota or "",
    }
    imprimir_ficha(datos, ETIQUETAS_VER, formato, titulo=f"Riesgo {r.codigo}")
    _avisos(r.avisos)
    consola.print()
    filas = [{"numero": e.numero, "tipo": "análisis (II)" if e.tipo == "inherente" else "revaloración (IV)",
              "fecha": fecha_corta(e.fecha) if e.fecha else "sin fecha",
              "p": riesgos.nivel_texto(e.probabilidad) or "falta", "i": riesgos.nivel_texto(e.impacto) or "falta",
              "nr": e.nr if e.nr is not None else "falta", "nota": e.nota} for e in r.evaluaciones]
    imprimir_lista(filas, [("numero", "No."), ("tipo", "Tipo"), ("fecha", "Fecha"), ("p", "Probabilidad"),
                           ("i", "Impacto"), ("nr", "NR"), ("nota", "Nota")], formato,
                   titulo="Historial de evaluaciones", vacio="Sin evaluaciones: registre una con «archivo riesgos "
                                                             f"evaluar {r.codigo}».")
    consola.print()
    hoy = date.today()
    filas = []
    for a in r.acciones:
        for v in a.versiones:
            filas.append({
                "accion": f"A{a.numero}" if v is a.versiones[0] else "", "version": v.version,
                "fecha": fecha_corta(v.fecha) if v.fecha else "sin fecha", "descripcion": v.descripcion,
                "responsable": v.responsable or "—",
                "compromiso": fecha_corta(v.fecha_compromiso) if v.fecha_compromiso else "—",
                "evidencia": v.evidencia or "—", "avance": riesgos_reporte.avance_texto(v.avance),
                "estatus": (v.estatus or "sin dato") + (" (vencida)" if v is a.actual and a.vencida(hoy) else ""),
            })
    imprimir_lista(filas, [("accion", "Acción"), ("version", "Versión"), ("fecha", "Actualizada"),
                           ("descripcion", "Descripción"), ("responsable", "Responsable"),
                           ("compromiso", "Compromiso"), ("evidencia", "Evidencia"), ("avance", "% de avance"),
                           ("estatus", "Estatus")], formato, titulo="Acciones (cada actualización se conserva)",
                   vacio=f"Sin acciones: agregue una con «archivo riesgos accion {r.codigo} --descripcion …».")


def _opciones_evaluacion(f: Callable[..., Any]) -> Callable[..., Any]:
    for opcion in reversed([
        click.option("--probabilidad", metavar="NIVEL", help=f"Probabilidad: {NIVEL}"),
        click.option("--impacto", metavar="NIVEL", help=f"Impacto: {NIVEL}"),
        click.option("--fecha", metavar="FECHA", help="Fecha de la evaluación (por omisión, hoy)."),
        click.option("--proxima-revision", metavar="FECHA", help="Cuándo volver a revisar el riesgo."),
        click.option("--nota", metavar="TEXTO", default="", help="Observación de la evaluación."),
    ]):
        f = opcion(f)
    return f


@grupo_riesgos.command("alta")
@click.option("--mecanismo", metavar="MECANISMO",
              help="Clave, nombre o etiqueta del mecanismo (p. ej. concurso-publico).")
@click.option("--riesgo", "texto", metavar="TEXTO", default="", help="Sección I: el riesgo, en una frase.")
@click.option("--causas", metavar="TEXTO", default="", help="Causas del riesgo.")
@click.option("--efectos", metavar="TEXTO", default="", help="Efectos si se materializa.")
@click.option("--area", metavar="SIGLAS", default="", help="Área dueña del riesgo (siglas, p. ej. CSPE).")
@click.option("--tratamiento", multiple=True, metavar="OPCIÓN",
              help="EVITAR, REDUCIR, COMPARTIR, TRANSFERIR o ASUMIR (repítala o sepárelas con comas).")
@_opciones_evaluacion
@pasar_contexto
def alta(ctx: Contexto, mecanismo: str | None, texto: str, causas: str, efectos: str, area: str,
         tratamiento: tuple[str, ...], probabilidad: str | None, impacto: str | None, fecha: str | None,
         proxima_revision: str | None, nota: str) -> None:
    """Registra un riesgo nuevo (y, si indica probabilidad e impacto, su análisis)."""
    with _lugares_de_opciones():
        res = riesgos.alta(ctx.catalogo, mecanismo=mecanismo or "", texto=texto, causas=causas, efectos=efectos,
                           area=area, tratamiento=tratamiento, probabilidad=probabilidad, impacto=impacto,
                           fecha=fecha, proxima_revision=proxima_revision, nota=nota)
    r = res.riesgo
    nr = f"; NR inherente {r.nr_inherente}" if r.nr_inherente is not None else ""
    exito(f"Riesgo {r.codigo} registrado en {riesgos.nombre_mecanismo(ctx.raiz, r.mecanismo)}{nr}.")
    _avisos(res.avisos)


@grupo_riesgos.command("editar")
@click.argument("id_riesgo", metavar="ID")
@click.option("--riesgo", "texto", metavar="TEXTO", help="Sección I: el riesgo, en una frase.")
@click.option("--causas", metavar="TEXTO", help="Causas del riesgo.")
@click.option("--efectos", metavar="TEXTO", help="Efectos si se materializa.")
@click.option("--area", metavar="SIGLAS", help="Área dueña del riesgo.")
@click.option("--inicio", "inicio_anotado", metavar="TEXTO",
              help="Fecha de inicio tal como la escribe la matriz, si no es una fecha (p. ej. «2022-2025»).")
@click.option("--proxima-revision", metavar="FECHA", help="Cuándo volver a revisar el riesgo.")
@click.option("--nota", metavar="TEXTO", help="Observación del renglón.")
@pasar_contexto
def editar(ctx: Contexto, id_riesgo: str, **cambios: str | None) -> None:
    """Corrige o completa la sección I de un riesgo (el historial conserva lo anterior)."""
    with _lugares_de_opciones(inicio_anotado="--inicio"):
        res = riesgos.editar(ctx.catalogo, id_riesgo, **cambios)
    exito(f"Riesgo {res.riesgo.codigo} actualizado ({_estado(res.riesgo)}).")
    _avisos(res.avisos)


def _evaluar(ctx: Contexto, id_riesgo: str, tipo: str, **datos: Any) -> None:
    with _lugares_de_opciones():
        res = riesgos.evaluar(ctx.catalogo, id_riesgo, tipo=tipo, **datos)
    r = res.riesgo
    ev = r.inherente if tipo == "inherente" else r.residual
    assert ev is not None
    que = "Análisis" if tipo == "inherente" else "Revaloración"
    registrado = "registrado" if tipo == "inherente" else "registrada"
    exito(f"{que} de {r.codigo} {registrado} (evaluación {ev.numero}): {_evaluacion_texto(ev)}. "
          f"Las evaluaciones anteriores se conservan.")
    _avisos(res.avisos)


@grupo_riesgos.command("evaluar")
@click.argument("id_riesgo", metavar="ID")
@_opciones_evaluacion
@pasar_contexto
def evaluar(ctx: Contexto, id_riesgo: str, **datos: Any) -> None:
    """Sección II: registra un análisis (probabilidad e impacto); el NR se calcula. No borra los anteriores."""
    _evaluar(ctx, id_riesgo, "inherente", **datos)


@grupo_riesgos.command("revaluar")
@click.argument("id_riesgo", metavar="ID")
@_opciones_evaluacion
@pasar_contexto
def revaluar(ctx: Contexto, id_riesgo: str, **datos: Any) -> None:
    """Sección IV: revaloración tras el tratamiento (riesgo residual). Se agrega al historial."""
    _evaluar(ctx, id_riesgo, "residual", **datos)


@grupo_riesgos.command("tratar")
@click.argument("id_riesgo", metavar="ID")
@click.argument("opciones", nargs=-1, metavar="OPCIÓN...")
@click.option("--inicio", "inicio_anotado", metavar="TEXTO",
              help="Fecha de inicio anotada, si no es una fecha (p. ej. «2025» o «durante el proceso»).")
@pasar_contexto
def tratar(ctx: Contexto, id_riesgo: str, opciones: tuple[str, ...], inicio_anotado: str | None) -> None:
    """Sección III: fija las opciones de tratamiento (una o varias de EVITAR, REDUCIR, COMPARTIR, TRANSFERIR,
    ASUMIR). Ejemplo: archivo riesgos tratar R-CP-01 REDUCIR COMPARTIR"""
    with _lugares_de_opciones(tratamiento="OPCIÓN"):
        res = riesgos.tratar(ctx.catalogo, id_riesgo, opciones, inicio_anotado=inicio_anotado)
    exito(f"Tratamiento de {res.riesgo.codigo}: {', '.join(res.riesgo.tratamiento)}.")
    _avisos(res.avisos)


@grupo_riesgos.command("accion")
@click.argument("id_riesgo", metavar="ID")
@click.option("--numero", type=tipos.Entero(1, 10_000), metavar="N", help="Número de la acción a actualizar (omítalo para agregar una).")
@click.option("--descripcion", metavar="TEXTO", help="Qué se hará para reducir el riesgo.")
@click.option("--responsable", metavar="TEXTO", help="Área o persona responsable.")
@click.option("--inicio", metavar="FECHA", help="Fecha de inicio (por omisión, la de hoy).")
@click.option("--compromiso", metavar="FECHA", help="Fecha compromiso (de término).")
@click.option("--evidencia", metavar="TEXTO", help="Evidencia o medio de verificación (oficio, minuta, liga…).")
@click.option("--avance", metavar="PORCENTAJE", help="Porcentaje de avance, de 0 a 100.")
@click.option("--estatus", metavar="ESTATUS",
              help="sin iniciar, en proceso, concluida o cancelada (por omisión, según el avance).")
@click.option("--nota", metavar="TEXTO", default="", help="Observación de esta actualización.")
@click.option("--fecha", metavar="FECHA", help="Fecha de corte de la actualización (por omisión, hoy).")
@pasar_contexto
def accion(ctx: Contexto, id_riesgo: str, numero: int | None, descripcion: str | None, responsable: str | None,
           inicio: str | None, compromiso: str | None, evidencia: str | None, avance: str | None,
           estatus: str | None, nota: str, fecha: str | None) -> None:
    """Sección III: agrega una acción (PTAR) o registra su avance. Cada actualización queda en el historial.

    Ejemplos: archivo riesgos accion R-CP-01 --descripcion "Revisión doble" --responsable CSPE --compromiso
    2025-06-30; archivo riesgos accion R-CP-01 --numero 1 --avance 60 --evidencia "Minuta 3/2025"
    """
    with _lugares_de_opciones():
        res = riesgos.accion(ctx.catalogo, id_riesgo, numero=numero, descripcion=descripcion,
                             responsable=responsable, fecha_inicio=inicio, fecha_compromiso=compromiso,
                             evidencia=evidencia, avance=avance, estatus=estatus, nota=nota, fecha=fecha)
    v = res.accion.actual
    que = "registrada" if len(res.accion.versiones) == 1 else f"actualizada (versión {v.version})"
    exito(f"Acción A{res.accion.numero} de {res.riesgo.codigo} {que}: {riesgos_reporte.avance_texto(v.avance)}, "
          f"{v.estatus or 'sin dato'}.")
    _avisos(res.avisos)


@grupo_riesgos.command("pendientes")
@click.option("--al", metavar="FECHA", help="Fecha de corte (por omisión, hoy).")
@click.option("--mecanismo", metavar="MECANISMO", help="Solo los de un mecanismo.")
@opcion_formato
@pasar_contexto
def pendientes_cmd(ctx: Contexto, al: str | None, mecanismo: str | None, formato: str) -> None:
    """Lista las acciones vencidas (fecha compromiso pasada y no concluidas) y las revisiones vencidas."""
    corte = _fecha(al, "--al") or date.today()
    ps = riesgos.pendientes(ctx.catalogo, al=corte, mecanismo=mecanismo)
    filas = [{**p.como_dict(), "vence": fecha_corta(p.vencimiento),
              "avance_txt": riesgos_reporte.avance_texto(p.avance) if p.tipo == "acción vencida" else ""} for p in ps]
    if formato == "json":
        imprimir_json([p.como_dict() for p in ps])
        return
    imprimir_lista(filas, [("tipo", "Tipo"), ("riesgo", "Riesgo"), ("descripcion", "Descripción"),
                           ("responsable", "Responsable"), ("vence", "Venció"), ("dias_atraso", "Días de atraso"),
                           ("avance_txt", "% de avance")], formato,
                   titulo=f"Pendientes al {fecha_corta(corte)} ({len(ps)})",
                   vacio=f"No hay acciones ni revisiones vencidas al {fecha_corta(corte)}.")


@grupo_riesgos.command("cargar-base")
@pasar_contexto
def cargar_base(ctx: Contexto) -> None:
    """Carga las matrices de riesgo del Manual de Procedimientos 2023 (secciones 1.7 y 2.7) como registro
    inicial, tal como están: los renglones sin texto del riesgo o sin NR quedan marcados como incompletos.
    Ejecutarlo otra vez no duplica nada."""
    res = riesgos.cargar_base(ctx.catalogo)
    if res.creados:
        incompletos = [r.codigo for r in riesgos.lista(ctx.catalogo) if r.codigo in res.creados and r.incompleto]
        exito(f"Se cargaron {len(res.creados)} riesgos de la matriz base: {', '.join(res.creados)}.")
        if incompletos:
            aviso(f"{len(incompletos)} están incompletos (sin texto del riesgo o sin NR): {', '.join(incompletos)}. "
                  "Véalos con «archivo riesgos lista --incompletos» y complételos con «archivo riesgos editar» "
                  "y «archivo riesgos evaluar».")
    if res.existentes:
        consola.print(f"Ya estaban cargados {len(res.existentes)} renglones de la matriz base; no se duplicaron.")


@grupo_riesgos.command("exportar")
@click.argument("archivo_xlsx", metavar="ARCHIVO.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--mecanismo", metavar="MECANISMO", help="Solo los riesgos de un mecanismo.")
@click.option("--reemplazar", is_flag=True, help="Sobrescribe el archivo si ya existe.")
@pasar_contexto
def exportar(ctx: Contexto, archivo_xlsx: Path, mecanismo: str | None, reemplazar: bool) -> None:
    """Exporta el registro a Excel: riesgos, todas las evaluaciones y todas las versiones de las acciones."""
    n = riesgos.exportar_xlsx(ctx.catalogo, archivo_xlsx, mecanismo=mecanismo, reemplazar=reemplazar)
    exito(f"Se exportaron {n} riesgos a {archivo_xlsx}. Vuelva a cargarlo con «archivo riesgos importar».")


@grupo_riesgos.command("importar")
@click.argument("archivo_xlsx", metavar="ARCHIVO.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@pasar_contexto
def importar(ctx: Contexto, archivo_xlsx: Path) -> None:
    """Importa un libro de Excel con las hojas Riesgos, Evaluaciones y Acciones (como las de «exportar»).

    Agrega riesgos, evaluaciones y versiones de acciones nuevas y actualiza la sección I de los existentes.
    Si hay problemas los informa todos (hoja, fila y columna) y no importa nada.
    """
    res = riesgos.importar_xlsx(ctx.catalogo, archivo_xlsx)
    exito(f"Importado {archivo_xlsx.name}: {len(res.creados)} riesgos nuevos, {len(res.actualizados)} "
          f"actualizados, {res.evaluaciones} evaluaciones y {res.versiones} versiones de acciones agregadas.")
    _avisos(res.avisos)


@grupo_riesgos.command("reporte")
@click.option("--mecanismo", metavar="MECANISMO", help="Solo un mecanismo (por omisión, todos).")
@click.option("--formato", type=click.Choice(["docx", "xlsx"]), default="docx", show_default=True,
              help="docx: informe con folio archivado en el expediente del mecanismo; xlsx: libro de trabajo.")
@click.option("--salida", type=click.Path(dir_okay=False, path_type=Path), metavar="ARCHIVO.xlsx",
              help="Con --formato xlsx: dónde escribir el libro (por omisión, en la carpeta actual).")
@click.option("--fecha", metavar="FECHA", help="Fecha del informe (por omisión, hoy); los vencimientos se cuentan a esa fecha.")
@click.option("--reemplazar", is_flag=True, help="Con --formato xlsx: sobrescribe el archivo si ya existe.")
@pasar_contexto
def reporte(ctx: Contexto, mecanismo: str | None, formato: str, salida: Path | None, fecha: str | None,
            reemplazar: bool) -> None:
    """Emite la matriz de riesgos: matriz por secciones, mapas de calor, seguimiento de acciones e incompletos."""
    dia = _fecha(fecha, "--fecha")
    if formato == "xlsx":
        if salida is None:
            sufijo = mecanismo and mecanismos.cargar(ctx.raiz).mecanismo(mecanismo).clave
            salida = Path(f"matriz-riesgos-{sufijo or 'todos'}-{(dia or date.today()).isoformat()}.xlsx")
        ruta = riesgos_reporte.exportar_xlsx(ctx.catalogo, salida, mecanismo=mecanismo, fecha=dia,
                                             reemplazar=reemplazar)
        exito(f"Libro de la matriz de riesgos escrito en {ruta} (copia de trabajo; no se archiva).")
        return
    if salida is not None:
        raise EntradaInvalida("--salida solo se usa con --formato xlsx: el informe .docx se archiva en el "
                              "expediente del mecanismo.")
    doc = riesgos_reporte.emitir(ctx.catalogo, mecanismo=mecanismo, fecha=dia)
    exito(f"Informe {doc.folio} emitido: {doc.asunto}.")
    consola.print(f"Archivo: {ctx.raiz.ruta / doc.ruta}", markup=False)


comandos = [grupo_riesgos]
