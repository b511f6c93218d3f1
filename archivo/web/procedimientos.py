"""Procedimientos: the list, opening one (mecanismo, title, personas), its steps as a checklist with who and when,
the document each step produces one click away, advancing steps and concluding."""

from __future__ import annotations

from datetime import date

from starlette.responses import Response

from archivo import mecanismos as mec
from archivo import personal
from archivo import procedimientos as procs
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.formato import a_fecha
from archivo.web import plantillas as plantillas_web
from archivo.web.documentos import cambiar_filas
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion

ETIQUETAS = {"tipo": "Mecanismo y tipo de procedimiento", "titulo": "Título", "personas": "Personas",
             "fecha": "Fecha de inicio", "area": "Área responsable"}
MARCAS = {"pendiente": "☐", "en curso": "◐", "hecho": "☑"}


def _opciones_tipo(p: Peticion) -> list[tuple[str, str]]:
    catalogo = mec.cargar(p.raiz)
    opciones = []
    for m in catalogo.mecanismos.values():
        for clave in m.procedimientos:
            t = catalogo.tipos[clave]
            texto = m.nombre if len(m.procedimientos) == 1 else f"{m.nombre}: {t.nombre}"
            opciones.append((f"{m.clave}:{t.clave}", texto))
    return opciones


def lista(p: Peticion) -> Response:
    estado = p.query("estado") if p.query("estado") in ("abierto", "concluido") else ""
    mecanismo = p.query("mecanismo")
    f = Formulario({"estado": estado, "mecanismo": mecanismo})
    try:
        filas = procs.resumen(p.cat, mecanismo=mecanismo or None, estado=estado or None)
    except ArchivoError as e:
        f.error("mecanismo", e.mensaje)
        filas = []
    catalogo = mec.cargar(p.raiz)
    mecanismos = [(m.clave, m.nombre) for m in catalogo.mecanismos.values()]
    return p.render("procedimientos/lista.html", f=f, procedimientos=list(reversed(filas)), mecanismos=mecanismos,
                    titulo="Procedimientos")


def ver(p: Peticion) -> Response:
    proc = procs.obtener(p.cat, p.param("id"))
    docs = documentos.lista(p.cat, procedimiento_id=proc.id)
    por_paso: dict[int, list[documentos.Documento]] = {}
    for d in docs:
        if d.paso is not None:
            por_paso.setdefault(d.paso, []).append(d)
    exp = exps.por_id(p.cat, proc.expediente_id) if proc.expediente_id else None
    plantillas_paso = plantillas_web.por_paso(p.raiz, proc.tipo)
    personas = personal.nombres(p.cat, proc.personas)
    return p.render("procedimientos/ver.html", proc=proc, documentos=docs, por_paso=por_paso, exp=exp,
                    plantillas_paso=plantillas_paso, personas=personas, marcas=MARCAS,
                    titulo=f"Procedimiento {proc.id}: {proc.titulo}")


def nuevo(p: Peticion) -> Response:
    f = Formulario({"fecha": date.today().isoformat(), "personas": [""]}, ETIQUETAS)
    if p.request.method == "POST":
        personas = [c.strip() for c in p.valores("personas") if c.strip()]
        f.valores = {"tipo": p.valor("tipo"), "titulo": p.valor("titulo"), "fecha": p.valor("fecha"),
                     "area": p.valor("area"), "personas": personas or [""]}
        accion = p.valor("_accion")
        if accion.startswith(("agregar:personas", "quitar:personas:")):  # rows without JavaScript
            f.valores["personas"] = [c for c in p.valores("personas")] or [""]
            cambiar_filas(f, None, accion)
            return p.render("procedimientos/nuevo.html", f=f, tipos=_opciones_tipo(p), areas=_areas(p),
                            titulo="Abrir un procedimiento")
        problemas = []
        mecanismo, _, tipo = f.valores["tipo"].partition(":")
        if not mecanismo:
            problemas.append(Problema("tipo", "elija el mecanismo y el tipo de procedimiento"))
        if not f.valores["titulo"].strip():
            problemas.append(Problema("titulo", "falta el título", "p. ej. Concurso Público 2025"))
        fecha = None
        try:
            fecha = a_fecha(f.valores["fecha"]) if f.valores["fecha"] else None
        except ValueError as e:
            problemas.append(Problema("fecha", str(e)))
        conocidas = personal.nombres(p.cat, personas)
        faltan = [c for c in personas if c not in conocidas]
        if faltan:
            problemas.append(Problema("personas", f"no existen en el padrón: {', '.join(faltan)}",
                                      "escriba la clave tal como aparece en el padrón"))
        if problemas:
            f.problemas(problemas)
        else:
            try:
                proc = procs.abrir(p.cat, mecanismo, f.valores["titulo"], tipo=tipo or None, personas=personas,
                                   fecha=fecha, area=f.valores["area"] or None)
            except EntradaInvalida as e:
                f.desde_error(e)
            except ArchivoError as e:
                f.error(None, e.mensaje)
            else:
                return p.redirigir(f"/procedimientos/{proc.id}", f"Procedimiento {proc.id} abierto: "
                                   f"{proc.mecanismo_nombre} — {proc.titulo} ({len(proc.pasos)} pasos).")
    return p.render("procedimientos/nuevo.html", estado=200 if f.valido else 400, f=f, tipos=_opciones_tipo(p),
                    areas=_areas(p), titulo="Abrir un procedimiento")


def _areas(p: Peticion) -> list[tuple[str, str]]:
    return [(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas]


def avanzar(p: Peticion) -> Response:
    proc_id = p.param("id")
    cvo = int(p.param("cvo"))
    estado = p.valor("estado")
    if estado not in procs.ESTADOS_PASO:
        raise EntradaInvalida(f"«{estado}» no es un estado de paso; use: {', '.join(procs.ESTADOS_PASO)}.")
    try:
        proc = procs.avanzar(p.cat, proc_id, cvo, estado=estado, nota=p.valor("nota").strip() or None)
    except ArchivoError as e:
        p.mensaje(e.mensaje, "aviso")
        return p.redirigir(f"/procedimientos/{proc_id}#paso-{cvo}")
    return p.redirigir(f"/procedimientos/{proc.id}#paso-{cvo}", f"Paso {cvo}: {estado}. Avance: {proc.avance} "
                       "pasos hechos.")


def concluir(p: Peticion) -> Response:
    proc_id = p.param("id")
    try:
        proc = procs.concluir(p.cat, proc_id, forzar=p.valor("forzar") == "1")
    except ArchivoError as e:
        p.mensaje(e.mensaje, "aviso")
        return p.redirigir(f"/procedimientos/{proc_id}")
    return p.redirigir(f"/procedimientos/{proc.id}", f"Procedimiento {proc.id} concluido.")
