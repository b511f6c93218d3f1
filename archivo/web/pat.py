"""Programa Anual de Trabajo in the portal: the year's cronograma grid (Ene–Dic) by mecanismo, edited by marking
months (a form per mecanismo without JavaScript; each click saved at once with it), its Excel (export, and import
with every problem in a table), the semestral progress of each activity, and the PAT document and the informe
semestral issued with folio.

Roles: consulta sees and downloads; captura edits months, imports and records progress; emisión issues the
documents (they carry folios). The pages call ``archivo.pat`` as the CLI does.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from starlette.responses import JSONResponse, Response

from archivo import pat
from archivo.archivistica import documentos
from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.pat.programa import Actividad
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo, descarga

LIMITE_LIBRO = 10 * 1024 * 1024
ETIQUETAS_AVANCE = {"semestre": "Semestre", "fecha": "Fecha del avance", "avance": "Avance",
                    "estatus": "Estatus", "porcentaje": "Porcentaje de avance"}
NOMBRES_SEMESTRE = {1: "Primer semestre (enero a junio)", 2: "Segundo semestre (julio a diciembre)"}


def _anio(p: Peticion) -> int:
    anio = int(p.param("anio"))
    if anio not in pat.anios(p.cat):
        disponibles = ", ".join(str(a) for a in pat.anios(p.cat)) or "ninguno todavía"
        raise NoEncontrado(f"No hay Programa Anual de Trabajo del {anio} (programas registrados: {disponibles}). "
                           "Impórtelo desde la página del Programa Anual de Trabajo.")
    return anio


def _semestre_actual() -> int:
    return 1 if date.today().month <= 6 else 2


# --- the cronograma ------------------------------------------------------------------------------------------


def inicio(p: Peticion, f: Formulario | None = None, estado: int = 200, problemas: list | None = None) -> Response:
    """The latest programme, or how to import the first one."""
    anios = pat.anios(p.cat)
    if anios and f is None:
        return p.redirigir(f"/pat/{anios[-1]}")
    return p.render("pat/sin_programa.html", estado=estado, f=f or Formulario({}, {"libro": "Libro de Excel"}),
                    problemas=problemas or [], anio=date.today().year, titulo="Programa Anual de Trabajo")


def programa(p: Peticion, f: Formulario | None = None, estado: int = 200, problemas: list | None = None,
             cronograma: Formulario | None = None, anio: int | None = None) -> Response:
    anio = anio or _anio(p)
    prog = pat.obtener(p.cat, anio)
    ultimos = {a.id: None for a in prog.actividades}
    for semestre in (1, 2):
        _, filas = pat.avance_semestral(p.cat, anio, semestre)
        for fila in filas:
            if fila.avance is not None:
                ultimos[fila.actividad.id] = fila.avance
    return p.render("pat/programa.html", estado=estado, prog=prog, anios=pat.anios(p.cat), meses=pat.MESES_CORTOS,
                    ultimos=ultimos, emitidos=pat.emitidos(p.cat, anio), semestre=_semestre_actual(),
                    f=f or Formulario({}, {"libro": "Libro de Excel"}), problemas=problemas or [],
                    cronograma=cronograma or Formulario({}), titulo=prog.titulo)


def cronograma(p: Peticion) -> Response:
    """Save the months of the activities of one form (a mecanismo's table, or one row sent by the script)."""
    anio = _anio(p)
    cambios = {int(i): [int(m) for m in p.valores(f"meses_{i}") if m.isdigit()]
               for i in p.valores("actividades") if i.isdigit()}
    json_pedido = p.request.headers.get("accept", "").startswith("application/json")
    try:
        cambiadas = pat.cambiar_meses(p.cat, anio, cambios)
    except EntradaInvalida as e:
        if json_pedido:
            return JSONResponse({"error": e.mensaje, "problemas": [x.como_dict() for x in e.problemas]},
                                status_code=400)
        f = Formulario({})
        f.titulo_error = e.mensaje
        f.generales.extend(f"{x.lugar}: {x.mensaje}" + (f" ({x.sugerencia})" if x.sugerencia else "")
                           for x in e.problemas)
        return programa(p, cronograma=f, estado=400)
    if json_pedido:
        return JSONResponse({"mensaje": "Guardado.", "actividades": {a.id: pat.meses_texto(a.meses)
                                                                     for a in cambiadas}})
    return p.redirigir(f"/pat/{anio}", f"Cronograma guardado ({len(cambiadas)} actividad(es)).")


def excel(p: Peticion) -> Response:
    anio = _anio(p)
    return descarga(pat.exportar_xlsx(p.cat, anio), f"programa-anual-de-trabajo-{anio}.xlsx")


def formato_excel(p: Peticion) -> Response:
    return descarga(pat.libro_formato(date.today().year), "formato-programa-anual-de-trabajo.xlsx")


def importar(p: Peticion) -> Response:
    f = Formulario({"anio": p.valor("anio")}, {"libro": "Libro de Excel", "anio": "Año"})
    subidos = p.archivos("libro")
    anios = pat.anios(p.cat)

    def de_vuelta(problemas: list | None = None) -> Response:
        """The page the import form was on, with the problems."""
        volver = int(p.valor("volver")) if p.valor("volver").isdigit() else None
        if anios:
            return programa(p, f=f, estado=400, problemas=problemas, anio=volver if volver in anios else anios[-1])
        return inicio(p, f, 400, problemas)

    if not subidos:
        f.error("libro", "elija el libro de Excel (.xlsx) que va a importar")
        return de_vuelta()
    nombre = Path(subidos[0].filename.replace("\\", "/")).name.lstrip(".") or "programa.xlsx"
    carpeta = Path(tempfile.mkdtemp(prefix="archivo-pat-"))
    try:
        ruta = carpeta / nombre
        with open(ruta, "wb") as salida:
            shutil.copyfileobj(subidos[0].file, salida)
        with open(ruta, "rb") as entrada:
            if entrada.read(4) != b"PK\x03\x04":
                f.error("libro", f"«{nombre}» no es un libro de Excel (.xlsx)")
                return de_vuelta()
        if ruta.suffix.lower() not in (".xlsx", ".xlsm"):
            ruta = ruta.rename(ruta.with_suffix(".xlsx"))
        anio = int(p.valor("anio")) if p.valor("anio").isdigit() else None
        try:
            r = pat.importar(p.cat, ruta, anio=anio)
        except EntradaInvalida as e:
            f.titulo_error = e.mensaje
            f.nota_resumen = "Corrija el libro y vuelva a subirlo; no se importó nada."
            if not e.problemas:
                f.error("libro", e.mensaje)
            return de_vuelta(e.problemas)
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
    return p.redirigir(f"/pat/{r.anio}", f"Programa {r.anio} importado de {nombre}: {r.total} actividades "
                       f"({r.nuevas} nueva(s), {r.actualizadas} actualizada(s), {r.sin_cambios} sin cambios, "
                       f"{r.eliminadas} eliminada(s)).")


# --- progress --------------------------------------------------------------------------------------------------


def semestre(p: Peticion) -> Response:
    anio = _anio(p)
    s = int(p.param("semestre"))
    if s not in (1, 2):
        raise NoEncontrado("El semestre es 1 (enero a junio) o 2 (julio a diciembre).")
    prog, filas = pat.avance_semestral(p.cat, anio, s)
    conteo: dict[str, int] = {}
    for fila in filas:
        conteo[fila.estatus] = conteo.get(fila.estatus, 0) + 1
    return p.render("pat/semestre.html", prog=prog, filas=filas, semestre=s, nombre=NOMBRES_SEMESTRE[s],
                    conteo=conteo, meses_texto=pat.meses_texto, f=Formulario({}),
                    titulo=f"{prog.nombre_corto}: {NOMBRES_SEMESTRE[s].lower()}")


def _actividad(p: Peticion, anio: int) -> Actividad:
    actividad_id = int(p.param("actividad"))
    for a in pat.obtener(p.cat, anio).actividades:
        if a.id == actividad_id:
            return a
    raise NoEncontrado(f"La actividad {actividad_id} no es del programa {anio}.")


def _campo(mensaje: str) -> str | None:
    m = mensaje.lower()
    for prefijo, campo in (("estatus", "estatus"), ("porcentaje", "porcentaje"), ("una actividad concluida",
                           "porcentaje"), ("falta la descripción", "avance"), ("fecha", "fecha"),
                           ("la fecha", "fecha")):
        if m.startswith(prefijo):
            return campo
    return None


def actividad(p: Peticion, f: Formulario | None = None, estado: int = 200) -> Response:
    anio = _anio(p)
    a = _actividad(p, anio)
    s = int(p.query("semestre")) if p.query("semestre") in ("1", "2") else _semestre_actual()
    historial = pat.historial_avance(p.cat, a.id)
    ultimo = next((x for sem, x in reversed(historial) if sem == s), None)
    f = f or Formulario({"semestre": str(s), "fecha": date.today().isoformat(),
                         "estatus": ultimo.estatus if ultimo else "en proceso",
                         "porcentaje": str(ultimo.porcentaje) if ultimo else "",
                         "avance": ultimo.avance if ultimo else ""}, ETIQUETAS_AVANCE)
    return p.render("pat/actividad.html", estado=estado, anio=anio, a=a, historial=list(reversed(historial)), f=f,
                    estatus=[(e, e.capitalize()) for e in pat.ESTATUS], semestres=list(NOMBRES_SEMESTRE.items()),
                    meses_texto=pat.meses_texto, titulo=f"Actividad {a.numero} de {a.mecanismo}")


def registrar_avance(p: Peticion) -> Response:
    anio = _anio(p)
    a = _actividad(p, anio)
    f = Formulario(p.campos(), ETIQUETAS_AVANCE)
    s = int(p.valor("semestre")) if p.valor("semestre") in ("1", "2") else 0
    if not s:
        f.error("semestre", "elija el semestre")
        return actividad(p, f, 400)
    try:
        nuevo = pat.registrar_avance(p.cat, anio, a.id, s, avance=p.valor("avance"), estatus=p.valor("estatus"),
                                     porcentaje=p.valor("porcentaje"), fecha=p.valor("fecha") or None)
    except EntradaInvalida as e:
        f.titulo_error = e.mensaje
        for x in e.problemas:
            texto = x.mensaje + (f" ({x.sugerencia})" if x.sugerencia else "")
            f.error(_campo(x.mensaje), texto[:1].upper() + texto[1:])
        if not e.problemas:
            f.error(None, e.mensaje)
        return actividad(p, f, 400)
    return p.redirigir(f"/pat/{anio}/semestre/{s}", f"Avance de la actividad {a.numero} ({a.mecanismo}): "
                       f"{nuevo.estatus}, {nuevo.porcentaje} % al {formato.fecha_larga(nuevo.fecha)}.")


# --- documents ---------------------------------------------------------------------------------------------------


def emitir_documento(p: Peticion) -> Response:
    anio = _anio(p)
    try:
        doc = pat.emitir_documento(p.cat, anio, area=p.raiz.config.organo_enlace["siglas"])
    except ArchivoError as e:
        if isinstance(e, NoEncontrado):
            raise
        f = Formulario({})
        f.error(None, e.mensaje)
        return programa(p, f=f, estado=409)
    return p.redirigir(f"/pat/{anio}#documentos", f"{doc.asunto}: emitido con el folio {doc.folio}.")


def emitir_informe(p: Peticion) -> Response:
    anio = _anio(p)
    s = int(p.param("semestre"))
    try:
        doc = pat.emitir_informe_semestral(p.cat, anio, s, area=p.raiz.config.organo_enlace["siglas"])
    except EntradaInvalida as e:
        raise NoEncontrado(e.mensaje) from None
    return p.redirigir(f"/pat/{anio}#documentos", f"{doc.asunto}: emitido con el folio {doc.folio}.")


def documento(p: Peticion) -> Response:
    doc_id = int(p.param("doc"))
    if doc_id not in {d.id for anio in pat.anios(p.cat) for d in pat.emitidos(p.cat, anio)}:
        raise NoEncontrado("Ese documento no es del Programa Anual de Trabajo.")
    return archivo(documentos.obtener(p.cat, doc_id).archivo(p.raiz))
