"""Riesgos in the portal: the register per mecanismo with the matrix's four sections (incomplete rows say what they
lack), alta and edition (NR always computed, shown live), treatment and PTAR actions with their progress and
evidence files, re-evaluation keeping history, the heat maps (inherent and residual) drawn in the page with each
cell's risks as links, what is overdue, the report issued with folio, and the Excel round trip with every problem
of a workbook at once.

Roles: consulta sees and downloads; captura registers and updates risks, actions, evidence and evaluations, and
imports; emisión issues the report (it carries a folio). The pages call ``archivo.riesgos`` as the CLI does.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from starlette.responses import Response

from archivo import mecanismos, riesgos
from archivo.archivistica import documentos
from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.riesgos import reporte
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo, descarga

LIMITE_LIBRO = 10 * 1024 * 1024
LIMITE_EVIDENCIA = riesgos.MAX_EVIDENCIA + 1024 * 1024
NIVELES = [("3", "ALTO (3)"), ("2", "MEDIO (2)"), ("1", "BAJO (1)")]
ESTATUS = [(e, e.capitalize()) for e in riesgos.registro.ESTATUS]
ETIQUETAS_RIESGO = {"mecanismo": "Mecanismo", "riesgo": "Riesgo", "causas": "Causas", "efectos": "Efectos",
                    "area": "Área responsable", "tratamiento": "Opciones de tratamiento",
                    "probabilidad": "Probabilidad", "impacto": "Impacto", "fecha": "Fecha del análisis",
                    "proxima_revision": "Próxima revisión", "nota": "Nota"}
ETIQUETAS_EVALUACION = {"probabilidad": "Probabilidad", "impacto": "Impacto", "fecha": "Fecha",
                        "proxima_revision": "Próxima revisión", "nota": "Nota"}
ETIQUETAS_ACCION = {"descripcion": "Acción", "responsable": "Responsable", "inicio": "Fecha de inicio",
                    "compromiso": "Fecha compromiso", "evidencia": "Evidencia", "avance": "Avance (%)",
                    "estatus": "Estatus", "fecha": "Fecha de la actualización", "nota": "Nota"}


def _mecanismos(p: Peticion) -> list[tuple[str, str]]:
    return [(m.clave, m.nombre) for m in mecanismos.cargar(p.raiz).mecanismos.values()]


def _areas(p: Peticion) -> list[tuple[str, str]]:
    return [(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas]


def _mecanismo_filtro(p: Peticion) -> str | None:
    clave = p.query("mecanismo")
    return clave if clave in mecanismos.cargar(p.raiz).mecanismos else None


def _nombres(p: Peticion) -> dict[str, tuple[str, str]]:
    return {c: (m.etiqueta_matriz, m.nombre) for c, m in mecanismos.cargar(p.raiz).mecanismos.items()}


def _nr(ev: Any) -> dict[str, Any] | None:
    """An evaluation as the page shows it: P, I, NR and its band (for the colour), or None."""
    if ev is None:
        return None
    return {"p": ev.probabilidad, "i": ev.impacto, "nr": ev.nr, "banda": riesgos.registro.nivel_nr(ev.nr)}


# --- the register ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _NR:
    p: int | None
    i: int | None
    nr: int | None
    banda: str  # «alto», «medio», «bajo» (the CSS class) or ""
    texto: str  # «ALTO», …


@dataclass(slots=True)
class _Fila:
    """A row of the register as the page shows it: plain attributes, so 500 rows render fast."""

    codigo: str
    mecanismo: str
    mecanismo_nombre: str
    texto: str
    falta: str
    revision: str | None
    area: str
    inherente: _NR | None
    residual: _NR | None
    tratamiento: str
    acciones: str
    vencidas: int


def _nr_fila(ev: Any) -> _NR | None:
    if ev is None:
        return None
    banda = riesgos.registro.nivel_nr(ev.nr) or ""
    return _NR(ev.probabilidad, ev.impacto, ev.nr, banda.lower(), banda)


def _fila(r: riesgos.Riesgo, hoy: date, nombres: dict[str, tuple[str, str]]) -> _Fila:
    vencidas = sum(1 for a in r.acciones if a.vencida(hoy)) if r.acciones else 0
    acciones = "—"
    if r.acciones:
        promedio = r.avance_promedio
        acciones = str(len(r.acciones)) + (f" · {round(promedio)} %" if promedio is not None else "")
    texto = r.texto if len(r.texto) <= 150 else r.texto[:149].rstrip() + "…"
    return _Fila(r.codigo, r.mecanismo, nombres.get(r.mecanismo, (r.mecanismo, r.mecanismo))[1], texto,
                 "; ".join(r.faltantes), r.proxima_revision if r.revision_vencida(hoy) else None, r.area,
                 _nr_fila(r.inherente), _nr_fila(r.residual), ", ".join(r.tratamiento) or "—", acciones, vencidas)


def registro(p: Peticion, f: Formulario | None = None, estado: int = 200, problemas: list | None = None) -> Response:
    mecanismo = _mecanismo_filtro(p)
    solo_incompletos = p.query("incompletos") == "1"
    todos = riesgos.lista(p.cat, mecanismo=mecanismo)
    hoy = date.today()
    nombres = _nombres(p)
    filas = [_fila(r, hoy, nombres) for r in todos if r.incompleto or not solo_incompletos]
    return p.render("riesgos/registro.html", estado=estado, filas=filas, total=len(todos),
                    incompletos=sum(1 for r in todos if r.incompleto), mecanismo=mecanismo,
                    solo_incompletos=solo_incompletos, mecanismos=_mecanismos(p),
                    pendientes=len(riesgos.registro.pendientes_de(todos, al=hoy)), reportes=reporte.emitidos(p.cat),
                    f=f or Formulario({}, {"libro": "Libro de Excel"}), problemas=problemas or [],
                    titulo="Matrices de riesgo")


def mapa(p: Peticion) -> Response:
    """The heat maps, inherent (section II) and residual (section IV): probability × impact, each cell with its
    risks as links, coloured as in the report."""
    mecanismo = _mecanismo_filtro(p)
    lista = riesgos.lista(p.cat, mecanismo=mecanismo)
    textos = {r.codigo: r.texto or "(sin texto del riesgo)" for r in lista}
    mapas = []
    for tipo, titulo in (("inherente", "Riesgo inherente (sección II)"), ("residual", "Riesgo residual (sección IV)")):
        celdas = reporte.mapa_calor(lista, tipo)
        filas = [{"p": prob, "celdas": [{"i": imp, "nr": prob * imp, "banda": riesgos.registro.nivel_nr(prob * imp),
                                         "codigos": celdas[(prob, imp)]} for imp in (1, 2, 3)]} for prob in (3, 2, 1)]
        mapas.append({"tipo": tipo, "titulo": titulo, "filas": filas,
                      "total": sum(len(v) for v in celdas.values())})
    return p.render("riesgos/mapa.html", mapas=mapas, textos=textos, total=len(lista), mecanismo=mecanismo,
                    mecanismos=_mecanismos(p), colores=reporte.COLORES, leyenda=reporte.LEYENDA,
                    nivel_texto=riesgos.nivel_texto, titulo="Mapas de calor de los riesgos")


def pendientes(p: Peticion) -> Response:
    f = Formulario({"al": p.query("al")}, {"al": "Al día"})
    al = date.today()
    if p.query("al"):
        try:
            al = formato.a_fecha(p.query("al"))
        except ValueError as e:
            f.error("al", str(e))
    mecanismo = _mecanismo_filtro(p)
    lista = riesgos.pendientes(p.cat, al=al, mecanismo=mecanismo)
    return p.render("riesgos/pendientes.html", estado=200 if f.valido else 400, f=f, al=al, lista=lista,
                    mecanismo=mecanismo, mecanismos=_mecanismos(p), nombres=_nombres(p),
                    titulo="Riesgos: acciones y revisiones vencidas")


def excel(p: Peticion) -> Response:
    mecanismo = _mecanismo_filtro(p)
    nombre = f"riesgos-{mecanismo or 'todos'}.xlsx"
    return descarga(riesgos.libro_registro(p.cat, mecanismo=mecanismo), nombre)


def importar(p: Peticion) -> Response:
    f = Formulario({}, {"libro": "Libro de Excel"})
    subidos = p.archivos("libro")
    if not subidos:
        f.error("libro", "elija el libro de Excel (.xlsx) que va a importar")
        return registro(p, f, 400)
    nombre = Path(subidos[0].filename.replace("\\", "/")).name.lstrip(".") or "riesgos.xlsx"
    carpeta = Path(tempfile.mkdtemp(prefix="archivo-riesgos-"))
    try:
        ruta = carpeta / (nombre if nombre.lower().endswith(".xlsx") else f"{nombre}.xlsx")
        with open(ruta, "wb") as salida:
            shutil.copyfileobj(subidos[0].file, salida)
        with open(ruta, "rb") as entrada:
            if entrada.read(4) != b"PK\x03\x04":
                f.error("libro", f"«{nombre}» no es un libro de Excel (.xlsx)")
                return registro(p, f, 400)
        try:
            r = riesgos.importar_xlsx(p.cat, ruta)
        except EntradaInvalida as e:
            f.titulo_error = e.mensaje
            f.nota_resumen = "Corrija el libro y vuelva a subirlo; no se importó nada."
            if not e.problemas:
                f.error("libro", e.mensaje)
            return registro(p, f, 400, e.problemas)
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
    for texto in r.avisos:
        p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
    return p.redirigir("/riesgos", f"{nombre} importado: {len(r.creados)} riesgo(s) nuevo(s), "
                       f"{len(r.actualizados)} actualizado(s), {r.evaluaciones} evaluación(es) y {r.versiones} "
                       "versión(es) de acciones agregadas.")


def emitir_reporte(p: Peticion) -> Response:
    mecanismo = p.valor("mecanismo") or None
    try:
        doc = reporte.emitir(p.cat, mecanismo=mecanismo)
    except ArchivoError as e:
        if isinstance(e, NoEncontrado):
            raise
        f = Formulario({})
        f.error(None, e.mensaje)
        return registro(p, f, 409)
    return p.redirigir("/riesgos#reportes", f"Reporte emitido con el folio {doc.folio}: {doc.asunto}.")


def documento(p: Peticion) -> Response:
    """An issued report or an evidence file, by its document id."""
    doc_id = int(p.param("doc"))
    validos = {d.id for d in reporte.emitidos(p.cat)}
    doc = documentos.obtener(p.cat, doc_id)
    if doc_id not in validos and doc.tipo != "evidencia":
        raise NoEncontrado("Ese documento no es un reporte ni una evidencia de riesgos.")
    ruta = doc.archivo(p.raiz)
    return archivo(ruta, en_linea=ruta.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg"))


# --- one risk -------------------------------------------------------------------------------------------------


def _riesgo(p: Peticion) -> riesgos.Riesgo:
    try:
        return riesgos.obtener(p.cat, p.param("codigo"))
    except NoEncontrado:
        raise NoEncontrado(f"No existe el riesgo «{p.param('codigo')}». Vea los riesgos en «Matrices de riesgo».") \
            from None


def _valores_riesgo(r: riesgos.Riesgo) -> dict[str, Any]:
    return {"riesgo": r.texto, "causas": r.causas, "efectos": r.efectos, "area": r.area,
            "proxima_revision": r.proxima_revision or "", "nota": r.nota}


def _valores_accion(a: Any) -> dict[str, Any]:
    v = a.actual
    return {"descripcion": v.descripcion, "responsable": v.responsable, "inicio": v.fecha_inicio or "",
            "compromiso": v.fecha_compromiso or "", "evidencia": v.evidencia,
            "avance": "" if v.avance is None else str(v.avance), "estatus": v.estatus or "",
            "fecha": date.today().isoformat(), "nota": ""}


def _pagina(p: Peticion, formularios: dict[str, Formulario] | None = None, estado: int = 200) -> Response:
    r = _riesgo(p)
    formularios = dict(formularios or {})
    formularios.setdefault("editar", Formulario(_valores_riesgo(r), ETIQUETAS_RIESGO))
    formularios.setdefault("tratamiento", Formulario({"tratamiento": list(r.tratamiento)}, ETIQUETAS_RIESGO))
    for tipo in ("inherente", "residual"):
        formularios.setdefault(tipo, Formulario({"fecha": date.today().isoformat()}, ETIQUETAS_EVALUACION))
    formularios.setdefault("accion", Formulario({"inicio": date.today().isoformat(), "estatus": "sin iniciar"},
                                                ETIQUETAS_ACCION))
    for a in r.acciones:
        formularios.setdefault(f"accion-{a.numero}", Formulario(_valores_accion(a), ETIQUETAS_ACCION))
        formularios.setdefault(f"evidencia-{a.numero}", Formulario({}, {"evidencia": "Archivo de evidencia"}))
    hoy = date.today()
    return p.render("riesgos/ver.html", estado=estado, r=r, formularios=formularios, niveles=NIVELES,
                    opciones=riesgos.OPCIONES, estatus=ESTATUS, areas=_areas(p), hoy_=hoy,
                    inherente=_nr(r.inherente), residual=_nr(r.residual),
                    nombre_mecanismo=riesgos.nombre_mecanismo(p.raiz, r.mecanismo),
                    etiqueta_mecanismo=riesgos.etiqueta_mecanismo(p.raiz, r.mecanismo),
                    nivel_texto=riesgos.nivel_texto, nivel_nr=riesgos.registro.nivel_nr,
                    limite_evidencia=riesgos.MAX_EVIDENCIA, titulo=f"Riesgo {r.codigo}")


def ver(p: Peticion) -> Response:
    return _pagina(p)


def _accion_riesgo(p: Peticion, nombre: str, etiquetas: dict[str, str], hacer, ancla: str = "") -> Response:
    """Run a change of the risk page; bad input re-shows the page with each problem beside its field."""
    r = _riesgo(p)
    f = Formulario(p.campos() | {"tratamiento": p.valores("tratamiento")}, etiquetas)
    try:
        resultado = hacer(r, f)
    except EntradaInvalida as e:
        f.desde_error(e)
        return _pagina(p, {nombre: f}, 400)
    for texto in getattr(resultado, "avisos", []) or []:
        p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
    mensaje = resultado if isinstance(resultado, str) else None
    return p.redirigir(f"/riesgos/{r.codigo}{ancla}", mensaje or "Guardado.")


def editar(p: Peticion) -> Response:
    def hacer(r: riesgos.Riesgo, f: Formulario) -> Any:
        actuales = _valores_riesgo(r)
        nuevos = {k: p.valor(k) for k in actuales}
        cambios = {k: v for k, v in nuevos.items() if v.strip() != str(actuales[k] or "").strip()}
        if not cambios:
            return "No cambió nada."
        hecho = riesgos.editar(p.cat, r.codigo, texto=cambios.get("riesgo"), causas=cambios.get("causas"),
                               efectos=cambios.get("efectos"), area=cambios.get("area"),
                               proxima_revision=cambios.get("proxima_revision"), nota=cambios.get("nota"))
        for texto in hecho.avisos:
            p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
        return "Sección I guardada."
    return _accion_riesgo(p, "editar", ETIQUETAS_RIESGO, hacer, "#identificacion")


def tratamiento(p: Peticion) -> Response:
    def hacer(r: riesgos.Riesgo, f: Formulario) -> Any:
        hecho = riesgos.tratar(p.cat, r.codigo, p.valores("tratamiento"))
        return f"Tratamiento: {', '.join(hecho.riesgo.tratamiento)}."
    return _accion_riesgo(p, "tratamiento", ETIQUETAS_RIESGO, hacer, "#tratamiento")


def evaluar(p: Peticion) -> Response:
    tipo = "residual" if p.valor("tipo") == "residual" else "inherente"

    def hacer(r: riesgos.Riesgo, f: Formulario) -> Any:
        hecho = riesgos.evaluar(p.cat, r.codigo, probabilidad=p.valor("probabilidad"), impacto=p.valor("impacto"),
                                tipo=tipo, fecha=p.valor("fecha") or None, nota=p.valor("nota"),
                                proxima_revision=p.valor("proxima_revision") or None)
        for texto in hecho.avisos:
            p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
        ev = hecho.riesgo.residual if tipo == "residual" else hecho.riesgo.inherente
        que = "Revaloración (sección IV)" if tipo == "residual" else "Análisis (sección II)"
        return f"{que} registrada: NR {ev.nr} ({riesgos.registro.nivel_nr(ev.nr)}). Las anteriores se conservan."
    return _accion_riesgo(p, tipo, ETIQUETAS_EVALUACION, hacer, "#analisis" if tipo == "inherente" else "#revaloracion")


def nueva_accion(p: Peticion) -> Response:
    def hacer(r: riesgos.Riesgo, f: Formulario) -> Any:
        hecho = riesgos.accion(p.cat, r.codigo, descripcion=p.valor("descripcion"),
                               responsable=p.valor("responsable"), fecha_inicio=p.valor("inicio") or None,
                               fecha_compromiso=p.valor("compromiso"), evidencia=p.valor("evidencia") or None,
                               avance=p.valor("avance") or None, estatus=p.valor("estatus") or None,
                               nota=p.valor("nota"))
        for texto in hecho.avisos:
            p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
        return f"Acción A{hecho.accion.numero} registrada."
    return _accion_riesgo(p, "accion", ETIQUETAS_ACCION, hacer, "#acciones")


def actualizar_accion(p: Peticion) -> Response:
    numero = int(p.param("numero"))

    def hacer(r: riesgos.Riesgo, f: Formulario) -> Any:
        a = next((x for x in r.acciones if x.numero == numero), None)
        if a is None:
            raise NoEncontrado(f"El riesgo {r.codigo} no tiene la acción {numero}.")
        actuales = _valores_accion(a)
        cambios = {k: p.valor(k) for k in ("descripcion", "responsable", "inicio", "compromiso", "evidencia",
                                           "avance", "estatus")
                   if p.valor(k).strip() != str(actuales[k]).strip()}
        if not cambios and not p.valor("nota").strip():
            return "No cambió nada."
        hecho = riesgos.accion(p.cat, r.codigo, numero=numero, descripcion=cambios.get("descripcion"),
                               responsable=cambios.get("responsable"), fecha_inicio=cambios.get("inicio"),
                               fecha_compromiso=cambios.get("compromiso"), evidencia=cambios.get("evidencia"),
                               avance=cambios.get("avance"), estatus=cambios.get("estatus"), nota=p.valor("nota"),
                               fecha=p.valor("fecha") or None)
        for texto in hecho.avisos:
            p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
        v = hecho.accion.actual
        return (f"Acción A{numero}: {v.estatus}, {v.avance} % (versión {v.version}; las anteriores se "
                "conservan).")
    return _accion_riesgo(p, f"accion-{numero}", ETIQUETAS_ACCION, hacer, f"#accion-{numero}")


def evidencia(p: Peticion) -> Response:
    numero = int(p.param("numero"))

    def hacer(r: riesgos.Riesgo, f: Formulario) -> Any:
        subidos = p.archivos("evidencia")
        if not subidos:
            raise EntradaInvalida("No se agregó la evidencia:", [Problema(
                "evidencia", "elija el archivo de la evidencia")])
        datos = subidos[0].file.read(riesgos.MAX_EVIDENCIA + 1)
        hecho = riesgos.adjuntar_evidencia(p.cat, r.codigo, numero, subidos[0].filename or "evidencia", datos)
        return f"Evidencia agregada a la acción A{numero}: {hecho.accion.evidencias[-1].nombre}."
    return _accion_riesgo(p, f"evidencia-{numero}", {"evidencia": "Archivo de evidencia"}, hacer, f"#accion-{numero}")


def nuevo(p: Peticion) -> Response:
    valores = {"mecanismo": p.query("mecanismo"), "fecha": date.today().isoformat()}
    f = Formulario(valores | (p.campos() | {"tratamiento": p.valores("tratamiento")} if p.request.method == "POST"
                              else {}), ETIQUETAS_RIESGO)
    if p.request.method == "POST":
        try:
            hecho = riesgos.alta(p.cat, mecanismo=p.valor("mecanismo"), texto=p.valor("riesgo"),
                                 causas=p.valor("causas"), efectos=p.valor("efectos"), area=p.valor("area"),
                                 tratamiento=p.valores("tratamiento"), probabilidad=p.valor("probabilidad") or None,
                                 impacto=p.valor("impacto") or None, fecha=p.valor("fecha") or None,
                                 proxima_revision=p.valor("proxima_revision") or None, nota=p.valor("nota"))
        except EntradaInvalida as e:
            f.desde_error(e)
        else:
            for texto in hecho.avisos:
                p.mensaje(texto[:1].upper() + texto[1:] + ".", "aviso")
            r = hecho.riesgo
            nr = f"; NR {r.nr_inherente} ({riesgos.registro.nivel_nr(r.nr_inherente)})" if r.nr_inherente else ""
            return p.redirigir(f"/riesgos/{r.codigo}", f"Riesgo {r.codigo} registrado{nr}.")
    return p.render("riesgos/nuevo.html", estado=200 if f.valido else 400, f=f, mecanismos=_mecanismos(p),
                    areas=_areas(p), niveles=NIVELES, opciones=riesgos.OPCIONES, titulo="Nuevo riesgo")
