"""Sesiones in the portal: the year's calendar by órgano with the deadline to send documents, a session with its
orden del día editor (add, edit, nest, reorder with buttons or by dragging, remove, mark the points that take no
documents), the documents of each point (attached by folio, by an imported acuerdo's own number, found by search
or uploaded as PDF), the orden del día in Word, the carpeta PDF built in the background with its progress and
every version kept, and the session's state.

Roles: consulta sees everything and downloads; captura registers sessions and prepares the orden del día and the
carpeta (no folio is issued); emisión changes a session's state (celebrada, cancelada). The pages call
``archivo.sesiones`` exactly as the CLI does.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from starlette.responses import Response

from archivo import sesiones
from archivo.archivistica import documentos
from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.sesiones.opciones import DIAS_SEMANA, MAX_NIVELES
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo, pagina_error

LIMITE_PDF = 60 * 1024 * 1024  # the PDFs uploaded to a point at once
MAX_PDFS = 10

ETIQUETAS_SESION = {"organo": "Órgano", "tipo": "Tipo de sesión", "fecha": "Fecha", "hora": "Hora",
                    "lugar": "Lugar o modalidad", "numero": "Número en el año"}
ETIQUETAS_PUNTO = {"titulo": "Título del punto", "dentro_de": "Dentro del punto",
                   "sin_documentos": "Este punto no lleva documentos"}
ETIQUETAS_ADJUNTAR = {"referencias": "Folios o números", "documentos": "Documentos encontrados", "pdf": "PDF",
                      "asunto": "Asunto del PDF", "q": "Buscar en el archivo"}
ETIQUETAS_REPROGRAMAR = {"fecha": "Fecha", "hora": "Hora", "lugar": "Lugar o modalidad"}
NOMBRES_ESTADO = {"programada": "Programada", "celebrada": "Celebrada", "cancelada": "Cancelada"}
ORGANOS_CORTOS = {"comision": "Comisión de Seguimiento", "consejo": "Consejo General"}


def _opciones_organo(p: Peticion) -> list[tuple[str, str]]:
    return list(p.raiz.config.sesiones.nombres.items())


def _anio(p: Peticion) -> int:
    return p.entero("anio", date.today().year, minimo=2000, maximo=2100)


def _a_campo(e: EntradaInvalida, campo: str) -> EntradaInvalida:
    """A library message without a place (e.g. «El punto necesita un título.») goes beside ``campo``."""
    if e.problemas:
        return e
    return EntradaInvalida("No se guardó:", [Problema(campo, e.mensaje)])


# --- the calendar ------------------------------------------------------------------------------------------


def restantes(plazo: Any) -> str:
    """«faltan 3 días hábiles», «vence hoy», «venció hace 2 días hábiles» (empty if the session is not
    programada)."""
    n = plazo.restantes
    if n is None:
        return ""
    if n == 0:
        return "vence hoy"
    dias = "día hábil" if abs(n) == 1 else "días hábiles"
    return f"falta{'' if n == 1 else 'n'} {n} {dias}" if n > 0 else f"venció hace {-n} {dias}"


def _resumen_sesion(p: Peticion, s: sesiones.Sesion) -> dict[str, Any]:
    arbol = sesiones.orden_del_dia(p.cat, s.id)
    puntos = sesiones.recorrer(arbol)
    plazo = sesiones.plazo(p.raiz, s)
    return {"s": s, "plazo": plazo, "restantes": restantes(plazo), "puntos": len(puntos),
            "documentos": sum(len(x.documentos) for x in puntos),
            "pendientes": [x.numero for x in puntos if x.pendiente],
            "carpeta": sesiones.estado_carpeta(p.cat, s, arbol) if puntos else None}


def lista(p: Peticion, f: Formulario | None = None, estado: int = 200, anio: int | None = None,
          organo: str | None = None) -> Response:
    """The year's sessions by órgano (with the ordinary ones the calendar proposes for months still empty)."""
    anio = anio or _anio(p)
    organo = organo if organo is not None else p.query("organo")
    organo = organo if organo in sesiones.ORGANOS else ""
    organos = [organo] if organo else list(sesiones.ORGANOS)
    grupos = []
    for o in organos:
        filas = [_resumen_sesion(p, s) for s in sesiones.lista(p.cat, anio=anio, organo=o)]
        propuestas, problemas = [], []
        try:
            propuestas = [x for x in sesiones.calendario(p.cat, anio, o, crear=False) if x.situacion == "propuesta"]
        except EntradaInvalida as e:
            problemas = e.problemas
        config = p.raiz.config.sesiones
        meses = [formato.MESES[m - 1] for m in config.meses_ordinarias[o]]
        grupos.append({"organo": o, "nombre": config.nombres[o], "filas": filas, "propuestas": propuestas,
                       "problemas": problemas, "dia": DIAS_SEMANA[config.dia_calendario[o]],
                       "meses": ", ".join(meses[:-1]) + (" y " if len(meses) > 1 else "") + meses[-1] if meses else ""})
    return p.render("sesiones/lista.html", estado=estado, anio=anio, organo=organo, grupos=grupos,
                    organos=_opciones_organo(p), f=f or Formulario({}), titulo=f"Sesiones de {anio}")


def calendario(p: Peticion) -> Response:
    """Register the ordinary sessions the calendar proposes for a year and órgano."""
    try:
        anio = int(p.valor("anio"))
    except ValueError:
        anio = date.today().year
    organo = p.valor("organo")
    f = Formulario({})
    try:
        filas = sesiones.calendario(p.cat, anio, organo)
    except EntradaInvalida as e:
        f.desde_error(e)
        return lista(p, f, 400, anio=anio, organo=organo)
    nuevas = [x for x in filas if x.situacion == "nueva"]
    texto = (f"Se registraron {len(nuevas)} sesión(es) ordinaria(s) de {anio}: "
             + ", ".join(formato.fecha_larga(x.fecha) for x in nuevas) + "." if nuevas
             else f"El calendario de {anio} ya estaba completo; no se registró nada.")
    return p.redirigir(f"/sesiones?anio={anio}&organo={organo}", texto)


def nueva(p: Peticion) -> Response:
    config = p.raiz.config.sesiones
    valores = {"organo": "comision", "tipo": "ordinaria", "hora": config.hora, "lugar": config.lugar}
    if p.request.method == "GET" and p.query("fecha"):
        valores["fecha"] = p.query("fecha")
    f = Formulario(valores | (p.campos() if p.request.method == "POST" else {}), ETIQUETAS_SESION)
    if p.request.method == "POST":
        try:
            s = sesiones.nueva(p.cat, organo=p.valor("organo"), tipo=p.valor("tipo"), fecha=p.valor("fecha"),
                               numero=p.valor("numero"), hora=p.valor("hora"), lugar=p.valor("lugar"))
        except EntradaInvalida as e:
            f.desde_error(_a_campo(e, "numero"))
        else:
            for aviso in sesiones.avisos_fecha(p.raiz, formato.a_fecha(s.fecha)):
                p.mensaje(aviso, "aviso")
            return p.redirigir(f"/sesiones/{s.id}", f"Se registró la {s.nombre.lower()} "
                               f"({s.organo_nombre}). Agregue ahora los puntos de su orden del día.")
    return p.render("sesiones/nueva.html", estado=200 if f.valido else 400, f=f, organos=_opciones_organo(p),
                    tipos=[(t, t.capitalize()) for t in sesiones.TIPOS], titulo="Nueva sesión")


# --- a session ---------------------------------------------------------------------------------------------


def _sesion(p: Peticion) -> sesiones.Sesion:
    try:
        return sesiones.obtener(p.cat, p.param("id"))
    except NoEncontrado:
        raise NoEncontrado(f"No existe la sesión {p.param('id')}. Vea las sesiones registradas en la página "
                           "«Sesiones».") from None


def _documentos_de_sesion(p: Peticion, s: sesiones.Sesion) -> list[documentos.Documento]:
    if not s.expediente_id:
        return []
    return documentos.lista(p.cat, expediente_id=s.expediente_id, tipo="orden-del-dia")


def _problemas_por_documento(p: Peticion, puntos: list[sesiones.Punto]) -> dict[int, list[str]]:
    """What would stop the carpeta, per attached document (cancelled, missing file, format; an altered file is
    found when the carpeta is asked for, which re-hashes every file)."""
    salida: dict[int, list[str]] = {}
    try:
        sesiones.revisar_carpeta(p.cat, _sesion(p), puntos, huellas=False)
    except EntradaInvalida as e:
        for pr in e.problemas:
            for x in sesiones.recorrer(puntos):
                for d in x.documentos:
                    if pr.lugar == f"punto {x.numero}, {d.etiqueta}":
                        salida.setdefault(d.id, []).append(pr.mensaje + (f" ({pr.sugerencia})" if pr.sugerencia
                                                                          else ""))
    return salida


def _pagina(p: Peticion, formularios: dict[str, Formulario] | None = None, estado: int = 200) -> Response:
    s = _sesion(p)
    puntos = sesiones.orden_del_dia(p.cat, s.id)
    todos = sesiones.recorrer(puntos)
    formularios = dict(formularios or {})
    formularios.setdefault("punto", Formulario({}, ETIQUETAS_PUNTO))
    formularios.setdefault("reprogramar", Formulario({"fecha": s.fecha, "hora": s.hora, "lugar": s.lugar},
                                                     ETIQUETAS_REPROGRAMAR))
    formularios.setdefault("estado", Formulario({"estado": s.estado}, {"estado": "Estado"}))
    formularios.setdefault("carpeta", Formulario({}))
    formularios.setdefault("orden", Formulario({}))
    return p.render(
        "sesiones/ver.html", estado=estado, s=s, puntos=puntos, plazo=sesiones.plazo(p.raiz, s),
        restantes=restantes(sesiones.plazo(p.raiz, s)), **_contexto_carpeta(p, s, puntos),
        pendientes=[x for x in todos if x.pendiente], problemas=_problemas_por_documento(p, puntos) if todos else {},
        ordenes=list(reversed(_documentos_de_sesion(p, s))), formularios=formularios, nombres_estado=NOMBRES_ESTADO,
        editable=s.estado == "programada", dentro_de=[(x.numero, f"{x.numero}. {x.titulo}") for x in todos
                                                       if x.nivel + 1 < MAX_NIVELES],
        titulo=f"{s.nombre} — {ORGANOS_CORTOS[s.organo]}")


def ver(p: Peticion) -> Response:
    return _pagina(p)


def _accion(p: Peticion, nombre: str, hacer, etiquetas: dict[str, str] | None = None, destino: str = "") -> Response:
    """Run an action of the session page; bad input re-shows the page with the problems beside the fields."""
    s = _sesion(p)
    f = Formulario(p.campos(), etiquetas or {})
    try:
        mensaje = hacer(s, f)
    except EntradaInvalida as e:
        f.desde_error(e)
        return _pagina(p, {nombre: f}, 400)
    except NoEncontrado:
        raise
    except ArchivoError as e:
        f.titulo_error = "No se pudo completar"
        f.nota_resumen = ""
        f.error(None, e.mensaje)
        return _pagina(p, {nombre: f}, 409)
    if isinstance(mensaje, Response):
        return mensaje
    return p.redirigir(f"/sesiones/{s.id}{destino}", mensaje)


def agregar_punto(p: Peticion) -> Response:
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        try:
            numero = sesiones.agregar_punto(p.cat, s.id, p.valor("titulo"), dentro_de=p.valor("dentro_de") or None,
                                            sin_documentos=p.valor("sin_documentos") == "1")
        except EntradaInvalida as e:
            campo = "dentro_de" if "niveles" in e.mensaje else "titulo"
            raise _a_campo(e, campo) from None
        except NoEncontrado as e:
            raise EntradaInvalida("No se agregó el punto:", [Problema("dentro_de", e.mensaje)]) from None
        return f"Punto {numero} agregado."
    return _accion(p, "punto", hacer, ETIQUETAS_PUNTO, "#orden-del-dia")


def _punto(p: Peticion, s: sesiones.Sesion) -> sesiones.Punto:
    """The point of the URL, by its id (its printed number changes when points move)."""
    punto_id = int(p.param("punto"))
    for x in sesiones.recorrer(sesiones.orden_del_dia(p.cat, s.id)):
        if x.id == punto_id:
            return x
    raise NoEncontrado("Ese punto ya no está en el orden del día (quizá alguien lo quitó). Vuelva a la sesión.")


def mover_punto(p: Peticion) -> Response:
    """Up, down, in (sub-point of the previous one), out, or to a position (dragging)."""
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        x = _punto(p, s)
        direccion = p.valor("direccion")
        if direccion in ("adentro", "afuera"):
            nuevo = sesiones.anidar_punto(p.cat, s.id, x.numero, direccion)
        else:
            hermanos = [y for y in sesiones.recorrer(sesiones.orden_del_dia(p.cat, s.id)) if y.padre_id == x.padre_id]
            lugar = [y.id for y in hermanos].index(x.id) + 1
            if direccion == "arriba":
                destino = lugar - 1
            elif direccion == "abajo":
                destino = lugar + 1
            else:
                try:
                    destino = int(p.valor("posicion"))
                except ValueError:
                    raise EntradaInvalida("No se movió el punto: falta la posición.") from None
            if not 1 <= destino <= len(hermanos):
                raise EntradaInvalida(f"El punto {x.numero} ya está {'al principio' if destino < 1 else 'al final'} "
                                      "de su nivel.")
            nuevo = sesiones.mover_punto(p.cat, s.id, x.numero, destino)
        return f"El punto {x.numero} ahora es el {nuevo}." if nuevo != x.numero else f"El punto {x.numero} no cambió."
    return _accion(p, "orden", hacer, destino="#orden-del-dia")


def quitar_punto(p: Peticion) -> Response:
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        x = _punto(p, s)
        sesiones.quitar_punto(p.cat, s.id, x.numero)
        return (f"Se quitó el punto {x.numero} («{x.titulo}»); los siguientes se renumeraron. Sus documentos siguen "
                "en el archivo.")
    return _accion(p, "orden", hacer, destino="#orden-del-dia")


def emitir_orden(p: Peticion) -> Response:
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        doc = sesiones.emitir_orden_del_dia(p.cat, s.id)
        return f"Orden del día generado en Word ({doc.asunto}); descárguelo en «Documentos de la sesión»."
    return _accion(p, "orden", hacer, destino="#documentos-sesion")


def armar_carpeta(p: Peticion) -> Response:
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        t = sesiones.encolar_carpeta(p.cat, s.id)
        p.portal.avisar_trabajos()
        return (f"Se está armando la carpeta (trabajo {t.id}). Puede seguir trabajando o cerrar esta página: el "
                "avance se guarda.")
    return _accion(p, "carpeta", hacer, destino="#carpeta")


def _contexto_carpeta(p: Peticion, s: sesiones.Sesion, puntos: list[sesiones.Punto]) -> dict[str, Any]:
    todos = sesiones.recorrer(puntos)
    return {"carpetas": list(reversed(sesiones.carpetas(p.cat, s.id))), "todos": todos,
            "carpeta": sesiones.estado_carpeta(p.cat, s, puntos) if todos else None,
            "trabajo": sesiones.trabajo_de(p.cat, s.id)}


def avance_carpeta(p: Peticion) -> Response:
    """The carpeta part of the session page (progress, versions, button), which the script refreshes while a build
    runs; for anyone who sees the session."""
    s = _sesion(p)
    return p.render("sesiones/_carpeta.html", s=s, **_contexto_carpeta(p, s, sesiones.orden_del_dia(p.cat, s.id)))


def reprogramar(p: Peticion) -> Response:
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        nuevo = sesiones.reprogramar(p.cat, s.id, fecha=p.valor("fecha") or None, hora=p.valor("hora"),
                                     lugar=p.valor("lugar"))
        for aviso in sesiones.avisos_fecha(p.raiz, formato.a_fecha(nuevo.fecha)):
            p.mensaje(aviso, "aviso")
        return f"{nuevo.nombre}: {formato.fecha_con_dia(nuevo.fecha)}{', ' + nuevo.hora + ' horas' if nuevo.hora else ''}."
    return _accion(p, "reprogramar", hacer, ETIQUETAS_REPROGRAMAR)


def cambiar_estado(p: Peticion) -> Response:
    def hacer(s: sesiones.Sesion, f: Formulario) -> str:
        try:
            nuevo = sesiones.cambiar_estado(p.cat, s.id, p.valor("estado"))
        except EntradaInvalida as e:
            raise _a_campo(e, "estado") from None
        return f"La {nuevo.nombre.lower()} quedó {nuevo.estado}."
    return _accion(p, "estado", hacer, {"estado": "Estado"})


def _pertenece(p: Peticion, s: sesiones.Sesion, doc: documentos.Documento) -> bool:
    if s.expediente_id and doc.expediente_id == s.expediente_id:
        return True
    return any(d.id == doc.id for x in sesiones.recorrer(sesiones.orden_del_dia(p.cat, s.id)) for d in x.documentos)


def documento(p: Peticion) -> Response:
    """A document of the session (attached to a point or filed in its expediente): PDFs open in the browser."""
    s = _sesion(p)
    doc = documentos.obtener(p.cat, int(p.param("doc")))
    if not _pertenece(p, s, doc):
        raise NoEncontrado("Ese documento no es de esta sesión.")
    ruta = doc.archivo(p.raiz)
    return archivo(ruta, en_linea=ruta.suffix.lower() == ".pdf" and p.query("descargar") != "1")


def carpeta(p: Peticion) -> Response:
    """A version of the carpeta: shown in the browser, or downloaded with ?descargar=1."""
    s = _sesion(p)
    version = int(p.param("version"))
    fila = next((c for c in sesiones.carpetas(p.cat, s.id) if c["version"] == version), None)
    if fila is None or not fila["ruta"]:
        raise NoEncontrado(f"La {s.nombre.lower()} no tiene la versión {version} de su carpeta.")
    return archivo(p.raiz.absoluta(fila["ruta"]), en_linea=p.query("descargar") != "1")


# --- a point and its documents -----------------------------------------------------------------------------


def _pagina_punto(p: Peticion, formularios: dict[str, Formulario] | None = None, estado: int = 200) -> Response:
    s = _sesion(p)
    x = _punto(p, s)
    formularios = dict(formularios or {})
    formularios.setdefault("editar", Formulario({"titulo": x.titulo, "sin_documentos": "1" if x.sin_documentos
                                                 else ""}, ETIQUETAS_PUNTO))
    formularios.setdefault("adjuntar", Formulario({}, ETIQUETAS_ADJUNTAR))
    q = p.query("q")
    buscar = Formulario({"q": q}, ETIQUETAS_ADJUNTAR)
    candidatos, avisos = [], []
    if q:
        try:
            candidatos, avisos = sesiones.buscar_documentos(p.cat, q, limite=20)
        except EntradaInvalida as e:
            buscar.desde_error(_a_campo(e, "q"))
    en_sesion = {d.id: y.numero for y in sesiones.recorrer(sesiones.orden_del_dia(p.cat, s.id)) for d in y.documentos}
    return p.render("sesiones/punto.html", estado=estado, s=s, x=x, formularios=formularios, q=q, buscar=buscar,
                    candidatos=candidatos, avisos=avisos, en_sesion=en_sesion,
                    problemas=_problemas_por_documento(p, sesiones.orden_del_dia(p.cat, s.id)),
                    editable=s.estado == "programada", limite_pdf=LIMITE_PDF,
                    titulo=f"Punto {x.numero} — {s.nombre}")


def punto(p: Peticion) -> Response:
    """A point: its title, whether it takes documents, and its documents (GET: the page; POST: save)."""
    if p.request.method == "GET":
        return _pagina_punto(p)
    s = _sesion(p)
    x = _punto(p, s)
    f = Formulario(p.campos(), ETIQUETAS_PUNTO)
    try:
        sesiones.editar_punto(p.cat, s.id, x.numero, p.valor("titulo"), sin_documentos=p.valor("sin_documentos") == "1")
    except EntradaInvalida as e:
        f.desde_error(_a_campo(e, "titulo"))
        return _pagina_punto(p, {"editar": f}, 400)
    except ArchivoError as e:
        if isinstance(e, NoEncontrado):
            raise
        f.error(None, e.mensaje)
        return _pagina_punto(p, {"editar": f}, 409)
    return p.redirigir(f"/sesiones/{s.id}/puntos/{x.id}", f"Punto {x.numero} guardado.")


def _nombre_subido(nombre: str) -> str:
    """The uploaded file's own name (last component, never hidden), to file it under."""
    limpio = Path(nombre.replace("\\", "/")).name.lstrip(".").strip()
    return limpio[:180] or "documento.pdf"


def adjuntar(p: Peticion) -> Response:
    """Attach to a point: folios or numbers typed, documents marked in the search, or uploaded PDFs."""
    s = _sesion(p)
    x = _punto(p, s)
    referencias = [r.strip() for linea in p.valor("referencias").splitlines() for r in linea.split(",") if r.strip()]
    referencias += [f"#{i}" for i in p.valores("documentos") if i.isdigit()]
    subidos = p.archivos("pdf")
    f = Formulario({"referencias": p.valor("referencias"), "asunto": p.valor("asunto")}, ETIQUETAS_ADJUNTAR)
    if not referencias and not subidos:
        campo = "documentos" if p.valor("origen") == "busqueda" else ("pdf" if p.valor("origen") == "pdf"
                                                                       else "referencias")
        f.error(campo, {"documentos": "marque al menos un documento de los encontrados",
                        "pdf": "elija el PDF que va a subir",
                        "referencias": "escriba al menos un folio o número"}[campo])
        return _pagina_punto(p, {"adjuntar": f}, 400)
    if len(subidos) > MAX_PDFS:
        f.error("pdf", f"envíe a lo más {MAX_PDFS} PDF a la vez")
        return _pagina_punto(p, {"adjuntar": f}, 400)
    carpeta = Path(tempfile.mkdtemp(prefix="archivo-punto-"))
    try:
        rutas = []
        for i, subido in enumerate(subidos):
            destino = carpeta / str(i) / _nombre_subido(subido.filename or "documento.pdf")
            destino.parent.mkdir()
            with open(destino, "wb") as salida:
                shutil.copyfileobj(subido.file, salida)
            rutas.append(destino)
        try:
            r = sesiones.adjuntar(p.cat, s.id, x.numero, referencias, pdfs=rutas,
                                  asunto=p.valor("asunto").strip() or None if len(rutas) == 1 else None)
        except EntradaInvalida as e:
            f.titulo_error = e.mensaje
            for pr in e.problemas:
                texto = pr.mensaje + (f" ({pr.sugerencia})" if pr.sugerencia else "")
                en_pdf = any(pr.lugar == str(ruta) for ruta in rutas)
                lugar = Path(pr.lugar).name if en_pdf else pr.lugar
                campo = "pdf" if en_pdf else ("documentos" if pr.lugar.startswith("#") and not p.valor("referencias")
                                               else "referencias")
                f.error(campo, f"{lugar}: {texto}" if lugar else texto)
            if not e.problemas:
                f.error("referencias" if referencias else "pdf", e.mensaje)
            return _pagina_punto(p, {"adjuntar": f}, 400)
        except ArchivoError as e:
            if isinstance(e, NoEncontrado):
                raise
            f.error(None, e.mensaje)
            return _pagina_punto(p, {"adjuntar": f}, 409)
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
    mensaje = f"Se adjuntaron {len(r.adjuntados)} documento(s) al punto {x.numero}: " + "; ".join(
        f"{d.etiqueta} {d.asunto}" for d in r.adjuntados) + "."
    if r.omitidos:
        p.mensaje("No se repitieron: " + "; ".join(r.omitidos) + ".", "aviso")
    return p.redirigir(f"/sesiones/{s.id}/puntos/{x.id}", mensaje if r.adjuntados else None)


def desadjuntar(p: Peticion) -> Response:
    s = _sesion(p)
    x = _punto(p, s)
    try:
        doc = sesiones.desadjuntar(p.cat, s.id, x.numero, f"#{int(p.valor('documento') or 0)}")
    except ArchivoError as e:
        if isinstance(e, NoEncontrado):
            return pagina_error(p.portal, p.request, 404, e.mensaje, usuario=p.usuario)
        f = Formulario({})
        f.error(None, e.mensaje)
        return _pagina_punto(p, {"adjuntar": f}, 409)
    return p.redirigir(f"/sesiones/{s.id}/puntos/{x.id}", f"Se quitó {doc.etiqueta} del punto {x.numero}; el "
                       "documento sigue en el archivo.")
