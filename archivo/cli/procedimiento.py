"""archivo procedimiento abrir | lista | ver | avanzar | concluir, and archivo mecanismos."""

from __future__ import annotations

import click

from archivo import mecanismos as mec
from archivo import procedimientos as procs
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.cli import fechas, tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import consola, exito, imprimir_ficha, imprimir_lista, opcion_formato

_MARCA = {"pendiente": "[ ] pendiente", "en curso": "[~] en curso", "hecho": "[x] hecho"}


@click.group("procedimiento")
def grupo() -> None:
    """Procedimientos de cada mecanismo: abrirlos, seguir sus pasos y concluirlos."""


@grupo.command("abrir")
@click.argument("mecanismo")
@click.argument("titulo")
@click.option("--tipo", help="Tipo de procedimiento, si el mecanismo tiene varios (vea «archivo mecanismos»).")
@click.option("--persona", "personas", multiple=True, metavar="CLAVE",
              help="Persona del padrón a la que se refiere (puede repetirse).")
@click.option("--area", help="Área responsable del expediente (siglas). Por omisión, el Órgano de Enlace.")
@click.option("--fecha", metavar="FECHA", help="Fecha de inicio, si el procedimiento empezó antes (por omisión, hoy).")
@pasar_contexto
def abrir(ctx: Contexto, mecanismo: str, titulo: str, tipo: str | None, personas: tuple[str, ...],
          area: str | None, fecha: str | None) -> None:
    """Abre un procedimiento de MECANISMO con su expediente y la lista de sus pasos.

    Ejemplo: archivo procedimiento abrir "concurso publico" "Concurso Público 2025" --persona SPEN-0101
    """
    inicio = fechas.de_opcion(fecha, "--fecha")
    p = procs.abrir(ctx.catalogo, mecanismo, titulo, tipo=tipo, personas=list(personas), area=area, fecha=inicio)
    exp = exps.por_id(ctx.catalogo, p.expediente_id)
    exito(f"Procedimiento {p.id} abierto: {p.mecanismo_nombre} — {p.titulo} ({len(p.pasos)} pasos).")
    consola.print(f"Expediente {exp.numero} en {exp.carpeta(ctx.raiz)}")


@grupo.command("lista")
@click.option("--mecanismo", help="Solo los de este mecanismo.")
@click.option("--estado", type=click.Choice(["abierto", "concluido"]), help="Solo abiertos o concluidos.")
@click.option("--persona", metavar="CLAVE", help="Solo los que se refieren a esta persona.")
@opcion_formato
@pasar_contexto
def lista(ctx: Contexto, mecanismo: str | None, estado: str | None, persona: str | None, formato: str) -> None:
    """Lista los procedimientos con su avance."""
    ps = procs.lista(ctx.catalogo, mecanismo=mecanismo, estado=estado, persona=persona)
    filas = [p.como_dict() | {"pasos": None, "abierto": p.abierto[:10]} if formato == "tabla" else p.como_dict()
             for p in ps]
    imprimir_lista(filas, [("id", "ID"), ("mecanismo_nombre", "Mecanismo"), ("titulo", "Título"),
                           ("estado", "Estado"), ("avance", "Pasos hechos"), ("abierto", "Abierto")], formato,
                   vacio="No hay procedimientos. Abra uno con «archivo procedimiento abrir».")


@grupo.command("ver")
@click.argument("id_procedimiento", metavar="ID")
@opcion_formato
@pasar_contexto
def ver(ctx: Contexto, id_procedimiento: str, formato: str) -> None:
    """Muestra un procedimiento: cada paso como pendiente / en curso / hecho, con fechas, y sus documentos."""
    cat = ctx.catalogo
    p = procs.obtener(cat, id_procedimiento)
    docs = documentos.lista(cat, procedimiento_id=p.id)
    exp = exps.por_id(cat, p.expediente_id)
    datos = p.como_dict() | {"expediente": exp.numero, "carpeta": str(exp.carpeta(ctx.raiz)),
                             "documentos": [d.como_dict() for d in docs]}
    if formato == "json":
        imprimir_ficha(datos, [], formato)
        return
    imprimir_ficha(datos, [("mecanismo_nombre", "Mecanismo"), ("tipo_nombre", "Procedimiento"),
                           ("estado", "Estado"), ("avance", "Pasos hechos"), ("personas", "Personas"),
                           ("expediente", "Expediente"), ("carpeta", "Carpeta")], formato,
                   titulo=f"Procedimiento {p.id}: {p.titulo}")
    consola.print()
    filas = []
    for paso in p.pasos:
        cuando = paso.hecho or paso.iniciado or ""
        quien = paso.hecho_por or paso.iniciado_por or ""
        filas.append({"cvo": paso.cvo, "estado": _MARCA[paso.estado], "accion": paso.accion,
                      "responsable": paso.responsable, "salidas": "; ".join(paso.salidas) or "—",
                      "cuando": f"{cuando[:10]} {quien}".strip(), "nota": paso.nota or ""})
    imprimir_lista(filas, [("cvo", "Cvo."), ("estado", "Estado"), ("accion", "Acción"),
                           ("responsable", "Responsable"), ("salidas", "Salida"), ("cuando", "Fecha y quién"),
                           ("nota", "Nota")], formato, titulo="Pasos")
    consola.print()
    imprimir_lista([d.como_dict() for d in docs], [("folio", "Folio"), ("fecha", "Fecha"),
                                                   ("tipo_nombre", "Tipo"), ("asunto", "Asunto"),
                                                   ("paso", "Paso"), ("estado", "Estado")], formato,
                   titulo="Documentos", vacio="Aún no tiene documentos.")


@grupo.command("avanzar")
@click.argument("id_procedimiento", metavar="ID")
@click.argument("paso", type=tipos.Entero(1, 10_000, "PASO"))
@click.option("--estado", type=click.Choice(["hecho", "en curso", "pendiente"]), default="hecho",
              show_default=True, help="Nuevo estado del paso.")
@click.option("--nota", help="Observación para el registro (p. ej. el número de oficio recibido).")
@pasar_contexto
def avanzar(ctx: Contexto, id_procedimiento: str, paso: int, estado: str, nota: str | None) -> None:
    """Registra el avance de un PASO (por omisión: hecho), con quién y cuándo."""
    p = procs.avanzar(ctx.catalogo, id_procedimiento, paso, estado=estado, nota=nota)
    exito(f"Paso {paso} del procedimiento {p.id}: {estado}. Avance: {p.avance} pasos hechos.")


@grupo.command("concluir")
@click.argument("id_procedimiento", metavar="ID")
@click.option("--forzar", is_flag=True, help="Concluir aunque haya pasos sin hacer.")
@pasar_contexto
def concluir(ctx: Contexto, id_procedimiento: str, forzar: bool) -> None:
    """Concluye un procedimiento (ya no admite cambios en sus pasos)."""
    p = procs.concluir(ctx.catalogo, id_procedimiento, forzar=forzar)
    exito(f"Procedimiento {p.id} concluido.")


@click.command("mecanismos")
@click.argument("mecanismo", required=False)
@opcion_formato
@pasar_contexto
def mecanismos(ctx: Contexto, mecanismo: str | None, formato: str) -> None:
    """Lista los mecanismos del Servicio o, con MECANISMO, los pasos de sus procedimientos según el manual."""
    catalogo = mec.cargar(ctx.raiz)
    if mecanismo is None:
        filas = [{"clave": m.clave, "nombre": m.nombre, "grupo": m.grupo,
                  "procedimientos": list(m.procedimientos)} for m in catalogo.mecanismos.values()]
        imprimir_lista(filas, [("clave", "Clave"), ("nombre", "Mecanismo"), ("grupo", "Grupo"),
                               ("procedimientos", "Tipos de procedimiento")], formato)
        return
    m = catalogo.mecanismo(mecanismo)
    tipos = catalogo.tipos_de(m.clave)
    if formato == "json":
        imprimir_ficha({"clave": m.clave, "nombre": m.nombre, "grupo": m.grupo, "descripcion": m.descripcion,
                        "procedimientos": [{"clave": t.clave, "nombre": t.nombre, "fuente": t.fuente,
                                            "pasos": [p.__dict__ for p in t.pasos]} for t in tipos]}, [], formato)
        return
    consola.print(f"[bold]{m.nombre}[/bold] ({m.clave})\n{m.descripcion}\n")
    for t in tipos:
        filas = [{"cvo": p.cvo, "accion": p.accion, "responsable": p.responsable,
                  "insumos": "; ".join(p.insumos), "salidas": "; ".join(p.salidas) or "—"} for p in t.pasos]
        imprimir_lista(filas, [("cvo", "Cvo."), ("accion", "Acción"), ("responsable", "Responsable"),
                               ("insumos", "Insumos"), ("salidas", "Salida")], formato,
                       titulo=f"{t.nombre} ({t.clave}) — {t.fuente}")


comandos = [grupo, mecanismos]
