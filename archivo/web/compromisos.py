"""Compromisos y acuerdos de la Comisión in the portal: the ledger with filters (estatus, área, sesión), an item
with its whole history and the acuerdos that fulfilled it (their link, and the archive's document when it holds
it), the update and alta forms, and the informe for a session: its totals sentence and rows shown before it is
issued with folio, then downloadable.

Roles: consulta sees and downloads; captura registers items and their progress; emisión issues the informe (it
carries a folio). The pages call ``archivo.compromisos`` as the CLI does.
"""

from __future__ import annotations

from datetime import date

from starlette.responses import Response

from archivo import compromisos, sesiones
from archivo.archivistica import documentos
from archivo.base import formato
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo

ETIQUETAS_ESTADO = {"fecha": "Fecha del avance", "avance": "Avance o cumplimiento", "estatus": "Estatus",
                    "porcentaje": "Porcentaje de avance", "acuerdos": "Acuerdos que lo cumplieron"}
ETIQUETAS_ALTA = {"texto": "Compromiso o acuerdo", "area": "Área responsable", "sesion": "Sesión de este archivo",
                  "sesion_fecha": "Fecha de la sesión", "sesion_tipo": "Tipo de sesión",
                  "sesion_numero": "Número de la sesión en su año"} | ETIQUETAS_ESTADO
ETIQUETAS_INFORME = {"corte": "Fecha de corte", "fecha": "Fecha del informe", "sesion": "Sesión en que se presenta",
                     "sesion_informe": "O bien, la sesión escrita", "punto": "Punto del orden del día",
                     "area": "Área que emite el folio"}
NOMBRES_ESTATUS = {"en curso": "En curso", "concluido": "Concluido"}


def _campo(mensaje: str) -> str | None:
    """The form field a problem of ``compromisos`` is about (its places name the item, not the field)."""
    m = mensaje.lower()
    for prefijo, campo in (("estatus", "estatus"), ("porcentaje", "porcentaje"), ("un compromiso concluido",
                           "porcentaje"), ("acuerdo", "acuerdos"), ("falta el texto", "texto"),
                           ("falta el área", "area"), ("tipo de sesión", "sesion_tipo"),
                           ("número de sesión", "sesion_numero"), ("la sesión", "sesion"),
                           ("«fecha de la sesión»", "sesion_fecha"), ("falta «fecha de la sesión»", "sesion_fecha"),
                           ("la fecha del avance", "fecha"), ("«fecha del avance»", "fecha"), ("la fecha", "fecha"),
                           ("«fecha»", "fecha")):
        if m.startswith(prefijo):
            return campo
    return None


def _colocar(f: Formulario, e: EntradaInvalida) -> Formulario:
    f.titulo_error = e.mensaje
    for pr in e.problemas:
        texto = pr.mensaje + (f" ({pr.sugerencia})" if pr.sugerencia else "")
        f.error(_campo(pr.mensaje), texto[:1].upper() + texto[1:])
    if not e.problemas:
        f.error(None, e.mensaje)
    return f


def _acuerdos(texto: str) -> list[str]:
    return [linea.strip() for linea in texto.splitlines() if linea.strip()]


def _sesiones_comision(p: Peticion) -> list[tuple[str, str]]:
    return [(str(s.id), f"{s.nombre} — {formato.fecha_larga(s.fecha)}")
            for s in reversed(sesiones.lista(p.cat, organo="comision"))]


# --- the ledger ----------------------------------------------------------------------------------------------


def lista(p: Peticion) -> Response:
    filtros = {"estatus": p.query("estatus"), "area": p.query("area"), "sesion": p.query("sesion")}
    items = compromisos.lista(p.cat, estatus=filtros["estatus"] or None, area=filtros["area"] or None,
                              sesion=filtros["sesion"] or None)
    todos = compromisos.lista(p.cat)
    return p.render("compromisos/lista.html", items=items, filtros=filtros, total=len(todos),
                    concluidos=sum(1 for c in todos if c.estado.estatus == "concluido"),
                    sesiones=compromisos.sesiones_de_origen(p.cat), areas=compromisos.areas(p.cat),
                    estatus=list(NOMBRES_ESTATUS.items()), informes=compromisos.informes(p.cat),
                    clave_sesion=compromisos.clave_sesion, titulo="Compromisos y acuerdos")


def _compromiso(p: Peticion) -> compromisos.Compromiso:
    try:
        return compromisos.obtener(p.cat, p.param("id"))
    except NoEncontrado:
        raise NoEncontrado(f"No existe el compromiso {p.param('id')}. Vea la lista de compromisos y acuerdos.") \
            from None


def _pagina(p: Peticion, f: Formulario | None = None, estado: int = 200) -> Response:
    c = _compromiso(p)
    e = c.estado
    f = f or Formulario({"fecha": date.today().isoformat(), "avance": e.avance, "estatus": e.estatus,
                         "porcentaje": str(e.porcentaje), "acuerdos": ""}, ETIQUETAS_ESTADO)
    todos_acuerdos = {a.acuerdo: a for x in c.historial for a in x.acuerdos}
    en_archivo = compromisos.documentos_de_acuerdos(p.cat, todos_acuerdos.values())
    return p.render("compromisos/ver.html", estado=estado, c=c, f=f, en_archivo=en_archivo,
                    estatus=list(NOMBRES_ESTATUS.items()), historial=list(reversed(c.historial)),
                    titulo=f"Compromiso {c.id}")


def ver(p: Peticion) -> Response:
    return _pagina(p)


def actualizar(p: Peticion) -> Response:
    c = _compromiso(p)
    f = Formulario(p.campos(), ETIQUETAS_ESTADO)
    try:
        nuevo = compromisos.actualizar(p.cat, c.id, fecha=p.valor("fecha") or None, avance=p.valor("avance"),
                                       estatus=p.valor("estatus") or None, porcentaje=p.valor("porcentaje"),
                                       acuerdos=_acuerdos(p.valor("acuerdos")))
    except EntradaInvalida as e:
        return _pagina(p, _colocar(f, e), 400)
    return p.redirigir(f"/compromisos/{c.id}", f"Compromiso {c.id}: {nuevo.estado.estatus}, "
                       f"{nuevo.estado.porcentaje} % al {formato.fecha_larga(nuevo.estado.fecha)}. "
                       "Lo anterior queda en su historial.")


def nuevo(p: Peticion) -> Response:
    valores = {"estatus": "en curso", "porcentaje": "0", "sesion_tipo": "ordinaria"}
    f = Formulario(valores | (p.campos() if p.request.method == "POST" else {}), ETIQUETAS_ALTA)
    if p.request.method == "POST":
        sesion_id = int(p.valor("sesion")) if p.valor("sesion").isdigit() else None
        try:
            with p.cat.transaccion("alta de compromiso") as tx:
                c = compromisos.alta_en(
                    tx, texto=p.valor("texto"), area=p.valor("area"), sesion_id=sesion_id,
                    sesion_fecha=p.valor("sesion_fecha") or None, sesion_tipo=p.valor("sesion_tipo") or None,
                    sesion_numero=p.valor("sesion_numero") or None, avance=p.valor("avance"),
                    estatus=p.valor("estatus") or "en curso", porcentaje=p.valor("porcentaje"),
                    acuerdos=_acuerdos(p.valor("acuerdos")), fecha=p.valor("fecha") or None)
        except EntradaInvalida as e:
            _colocar(f, e)
        except NoEncontrado as e:
            f.error("sesion", e.mensaje)
        else:
            return p.redirigir(f"/compromisos/{c.id}", f"Compromiso {c.id} registrado ({c.sesion} del "
                               f"{formato.fecha_larga(c.sesion_fecha)}).")
    return p.render("compromisos/nuevo.html", estado=200 if f.valido else 400, f=f,
                    sesiones=_sesiones_comision(p), areas=compromisos.areas(p.cat),
                    estatus=list(NOMBRES_ESTATUS.items()), tipos=[(t, t.capitalize()) for t in
                                                                   compromisos.TIPOS_SESION],
                    titulo="Nuevo compromiso o acuerdo")


# --- the informe ---------------------------------------------------------------------------------------------


def _fecha(f: Formulario, campo: str, texto: str, defecto: date | None = None) -> date | None:
    if not texto.strip():
        if defecto is None:
            f.error(campo, "escriba la fecha")
        return defecto
    try:
        return formato.a_fecha(texto)
    except ValueError as e:
        f.error(campo, str(e)[:1].upper() + str(e)[1:])
        return None


def informe(p: Peticion) -> Response:
    """The informe for a session: GET shows the form and, once a corte is given, the totals sentence and the rows
    it will report; POST issues it with folio."""
    datos = p.campos() if p.request.method == "POST" else dict(p.request.query_params)
    datos.pop("_csrf", None)
    valores = {"corte": date.today().isoformat(), "fecha": date.today().isoformat(),
               "area": p.raiz.config.organo_enlace["siglas"]} | {k: v for k, v in datos.items() if v}
    f = Formulario(valores, ETIQUETAS_INFORME)
    previa = None
    if datos.get("corte"):
        corte = _fecha(f, "corte", datos.get("corte", ""))
        fecha = _fecha(f, "fecha", datos.get("fecha", ""), date.today())
        if corte and fecha and corte > fecha:
            f.error("corte", f"es posterior a la fecha del informe ({formato.fecha_larga(fecha)})")
        sesion_id = int(datos["sesion"]) if str(datos.get("sesion", "")).isdigit() else None
        if f.valido:
            try:
                texto_sesion = compromisos.sesion_informe_texto(p.cat, datos.get("sesion_informe") or None, sesion_id)
                previa = compromisos.datos_informe(p.cat, corte, fecha=fecha, sesion_informe=texto_sesion,
                                                   punto=datos.get("punto") or None)
            except EntradaInvalida as e:
                f.error("sesion_informe", e.mensaje)
            except NoEncontrado as e:
                f.error("sesion", e.mensaje)
        if p.request.method == "POST" and previa is not None and f.valido:
            try:
                doc, d = compromisos.emitir_informe(
                    p.cat, corte, fecha=fecha, sesion_informe=datos.get("sesion_informe") or None,
                    sesion_id=sesion_id, punto=datos.get("punto") or None, area=datos.get("area") or None)
            except EntradaInvalida as e:
                _colocar(f, e)
            except ArchivoError as e:
                if isinstance(e, NoEncontrado):
                    raise
                f.error(None, e.mensaje)
            else:
                return p.redirigir("/compromisos#informes", f"Informe {doc.folio} emitido: {d.frase_totales()}")
    elif p.request.method == "POST":
        f.error("corte", "escriba la fecha de corte")
    return p.render("compromisos/informe.html", estado=200 if f.valido else 400, f=f, previa=previa,
                    sesiones=_sesiones_comision(p),
                    areas=[(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas],
                    titulo="Informe de compromisos y acuerdos")


def informe_archivo(p: Peticion) -> Response:
    """An issued informe (Word), by its document id."""
    doc_id = int(p.param("doc"))
    if doc_id not in {i.documento_id for i in compromisos.informes(p.cat)}:
        raise NoEncontrado("Ese documento no es un informe de compromisos y acuerdos.")
    return archivo(documentos.obtener(p.cat, doc_id).archivo(p.raiz))
