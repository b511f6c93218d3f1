"""Documentos: the list, a document's page (download .docx and .pdf, issue a borrador, cancel, correct), choosing a
template, the **form built from the template's schema** (a field per declared field, the right input for its
type, every problem beside its field), preview as text or PDF, borrador, issue with folio, and batches.

The form's fields keep the schema's names (a schema cannot declare the system variables ``fecha``, ``area``,
``personas``…, which the form uses for the document's own data). Lists send ``nombre.0``, ``nombre.1``…; tables
``nombre.0.columna``. Rows are added and removed by the page's script, or without it by the «Agregar renglón» and
«Quitar» buttons, which send the form back to be shown again with the same input.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from archivo import emision, generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import documentos, folios
from archivo.archivistica import expedientes as exps
from archivo.base import subidas, trabajos
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.formato import a_fecha
from archivo.busqueda import escaneos
from archivo.busqueda.extraccion import texto_docx
from archivo.plantillas import lote as lote_plantillas
from archivo.plantillas.conjunto import cargar
from archivo.plantillas.esquema import Campo, Esquema
from archivo.web import plantillas as plantillas_web
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo, descarga, pagina_error

POR_PAGINA = 50
LIMITE_LOTE = 20 * subidas.MB
CONTROLES = {"procedimiento": "Procedimiento", "personas": "Personas a quienes se refiere", "fecha": "Fecha del documento",
             "area": "Área que emite", "firmante": "Quién firma", "paso_procedimiento": "Paso del procedimiento que cumple"}
_ENTRADA = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\.(\d{1,4})(?:\.([A-Za-z_][A-Za-z0-9_]*))?$")
MAX_FILAS = 200
_TEXTOS_LARGOS = {"cuerpo", "texto", "considerandos", "antecedentes", "fundamento", "motivacion", "observaciones",
                  "puntos", "resolutivos", "materia", "acuerdos", "conclusiones"}


def es_largo(c: Campo) -> bool:
    """A text field people write paragraphs in (a textarea), by its name or the length of its example."""
    ejemplo = c.ejemplo if isinstance(c.ejemplo, str) else ""
    return c.nombre in _TEXTOS_LARGOS or len(ejemplo) > 90 or "\n" in ejemplo


# --- lists ----------------------------------------------------------------------------------------------

def lista(p: Peticion) -> Response:
    filtros = {k: p.query(k) for k in ("tipo", "estado", "anio", "procedimiento", "persona")}
    f = Formulario(filtros)
    argumentos: dict[str, Any] = {"tipo": filtros["tipo"] or None,
                                  "estado": filtros["estado"] if filtros["estado"] in documentos.ESTADOS else None,
                                  "persona": filtros["persona"] or None}
    if filtros["anio"].isdigit():
        argumentos["anio"] = int(filtros["anio"])
    if filtros["procedimiento"].isdigit():
        argumentos["procedimiento_id"] = int(filtros["procedimiento"])
    total = documentos.contar(p.cat, **argumentos)
    paginas = max(1, -(-total // POR_PAGINA))
    pagina = min(p.entero("pagina", 1), paginas)
    docs = documentos.lista(p.cat, **argumentos, limite=POR_PAGINA, desde=(pagina - 1) * POR_PAGINA,
                            recientes_primero=True)
    anios = [str(a) for a in documentos.anios(p.cat)]
    return p.render("documentos/lista.html", f=f, documentos=docs, total=total, pagina=pagina, paginas=paginas,
                    consulta=urlencode({k: v for k, v in filtros.items() if v}), tipos=documentos.tipos_usados(p.cat),
                    estados=[(e, e) for e in documentos.ESTADOS], anios=[(a, a) for a in anios],
                    titulo="Documentos")


def elegir(p: Peticion) -> Response:
    """Choose a template: those serving the procedure's steps first (when coming from a procedure), then all."""
    proc = procs.obtener(p.cat, p.query("procedimiento")) if p.query("procedimiento") else None
    todas = [d for d in plantillas_web.disponibles(p.raiz) if d.generable]
    sugeridas = []
    if proc is not None:
        por_paso = plantillas_web.por_paso(p.raiz, proc.tipo)
        for paso in proc.pasos:
            for d in por_paso.get(paso.cvo, []):
                sugeridas.append({"d": d, "paso": paso})
    extra = {k: p.query(k) for k in ("procedimiento", "persona") if p.query(k)}
    return p.render("documentos/elegir.html", plantillas=todas, sugeridas=sugeridas, proc=proc,
                    consulta=urlencode(extra), titulo="Nuevo documento")


# --- the form built from a schema ------------------------------------------------------------------------

def _filas(p: Peticion, campo: Campo) -> list[Any]:
    """A list's or a table's rows as sent by the form (in their order; empty rows kept for re-display)."""
    filas: dict[int, Any] = {}
    for clave, valor in p.campos().items():
        m = _ENTRADA.match(clave)
        if not m or m.group(1) != campo.nombre:
            continue
        i = int(m.group(2))
        if i >= MAX_FILAS:
            continue
        if campo.tipo == "tabla":
            filas.setdefault(i, {})[m.group(3) or ""] = valor
        else:
            filas[i] = valor
    return [filas[i] for i in sorted(filas)]


def _desde_formulario(p: Peticion, esquema: Esquema) -> tuple[dict[str, Any], dict[str, Any]]:
    """(data for the library, values to show again) from the submitted form."""
    datos: dict[str, Any] = {}
    valores: dict[str, Any] = {}
    for c in esquema.campos:
        if c.tipo == "lista":
            filas = _filas(p, c)
            valores[c.nombre] = filas or [""]
            datos[c.nombre] = [v.strip() for v in filas if v.strip()]
        elif c.tipo == "tabla":
            columnas = [col.nombre for col in c.columnas]
            filas = [{col: str(f.get(col, "")) for col in columnas} for f in _filas(p, c)]
            valores[c.nombre] = filas or [dict.fromkeys(columnas, "")]
            datos[c.nombre] = [f for f in filas if any(v.strip() for v in f.values())]
        else:
            valores[c.nombre] = p.valor(c.nombre)
            datos[c.nombre] = p.valor(c.nombre)
    return datos, valores


def _valores_de_datos(esquema: Esquema, campos: dict[str, Any]) -> dict[str, Any]:
    """Form values from saved data (a borrador reopened, a document corrected) or from the schema's examples."""
    valores: dict[str, Any] = {}
    for c in esquema.campos:
        v = campos.get(c.nombre)
        if c.tipo == "lista":
            valores[c.nombre] = [str(x) for x in v] if isinstance(v, list) and v else [""]
        elif c.tipo == "tabla":
            columnas = [col.nombre for col in c.columnas]
            filas = v if isinstance(v, list) else []
            valores[c.nombre] = [{col: "" if f.get(col) is None else str(f.get(col)) for col in columnas}
                                 for f in filas if isinstance(f, dict)] or [dict.fromkeys(columnas, "")]
        elif c.tipo == "booleano":
            valores[c.nombre] = "" if v is None else ("sí" if str(v).lower() in ("true", "sí", "si", "1") else "no")
        else:
            valores[c.nombre] = "" if v is None else str(v)
    return valores


def _controles(p: Peticion, esquema: Esquema) -> dict[str, Any]:
    personas = [c.strip() for c in p.valores("personas") if c.strip()]
    return {"procedimiento": p.valor("procedimiento"), "personas": personas or [""], "fecha": p.valor("fecha"),
            "area": p.valor("area"), "firmante": p.valor("firmante"),
            "paso_procedimiento": p.valor("paso_procedimiento"), "sustituye": p.valor("sustituye"),
            "repetir": p.valor("repetir") == "1"}


def _argumentos(p: Peticion, controles: dict[str, Any]) -> tuple[dict[str, Any], list[Problema]]:
    """The library's arguments from the form's own fields (procedure, date, área…), and their problems."""
    problemas: list[Problema] = []
    args: dict[str, Any] = {"procedimiento_id": None, "personas": [c for c in controles["personas"] if c],
                            "fecha": None, "area": controles["area"] or None, "firmante": controles["firmante"] or None,
                            "paso": None, "sustituye": controles["sustituye"] or None}
    if controles["procedimiento"]:
        if controles["procedimiento"].isdigit():
            args["procedimiento_id"] = int(controles["procedimiento"])
        else:
            problemas.append(Problema("procedimiento", "elija un procedimiento de la lista"))
    if controles["fecha"]:
        try:
            args["fecha"] = a_fecha(controles["fecha"])
        except ValueError as e:
            problemas.append(Problema("fecha", str(e)))
    if controles["paso_procedimiento"]:
        if controles["paso_procedimiento"].isdigit():
            args["paso"] = int(controles["paso_procedimiento"])
        else:
            problemas.append(Problema("paso_procedimiento", "elija un paso de la lista"))
    return args, problemas


def _contexto_formulario(p: Peticion, plantilla: Any, f: Formulario, controles: dict[str, Any], **extra: Any):
    esquema = plantilla.esquema
    config = p.raiz.config
    abiertos = procs.resumen(p.cat, estado="abierto")
    proc = None
    if controles.get("procedimiento", "").isdigit():
        try:
            proc = procs.obtener(p.cat, int(controles["procedimiento"]))
        except NoEncontrado:
            proc = None
    return {
        "plantilla": plantilla, "esquema": esquema, "f": f, "controles": controles, "etiqueta": plantillas_web.etiqueta,
        "procedimientos": [(str(x["id"]), f"{x['id']}. {x['titulo']} ({x['mecanismo_nombre']})")
                           for x in reversed(abiertos)],
        "proc": proc, "pasos": [(str(x.cvo), f"{x.cvo}. {x.accion[:90]}") for x in proc.pasos] if proc else [],
        "areas": [(a.siglas, f"{a.siglas} — {a.nombre}") for a in config.areas],
        "firmantes": [(x.clave, f"{x.nombre}, {x.cargo}") for x in config.firmantes],
        "tiene_persona": any(c.tipo == "persona" for c in esquema.campos), "es_largo": es_largo,
        **{"titulo": esquema.titulo, **extra}}


def formulario(p: Peticion) -> Response:
    """GET: the empty form (or a borrador reopened, a document to correct). POST: preview, borrador or issue."""
    plantilla = cargar(p.raiz, p.param("plantilla"))
    generacion.exigir_generable(plantilla)  # archival instruments are filled from the catalog
    esquema = plantilla.esquema
    etiquetas = {**CONTROLES, **{c.nombre: plantillas_web.etiqueta(c.nombre) for c in esquema.campos}}
    if p.request.method == "GET":
        return _formulario_inicial(p, plantilla, etiquetas)
    datos, valores = _desde_formulario(p, esquema)
    controles = _controles(p, esquema)
    f = Formulario({**valores, **controles}, etiquetas)
    accion = p.valor("_accion")
    if accion.startswith(("agregar:", "quitar:")):  # rows without JavaScript: show the form again
        cambiar_filas(f, esquema, accion)
        return p.render("documentos/formulario.html", **_contexto_formulario(p, plantilla, f, controles))
    if accion == "emitir" and not p.puede("emision"):
        return pagina_error(p.portal, p.request, 403, "Su cuenta no tiene el rol «emisión»: puede guardar el documento "
                            "como borrador para que alguien con ese rol lo emita.", usuario=p.usuario)
    args, problemas = _argumentos(p, controles)
    if problemas:
        f.problemas(problemas)
    elif accion in ("texto", "pdf"):
        try:
            generacion.validar(p.cat, plantilla.nombre, datos=datos, **args)
        except ArchivoError as e:
            f.desde_error(e)
    if not f.valido:
        f.titulo_error = f"El documento tiene {f.total_problemas} problema(s); no se generó nada"
        return p.render("documentos/formulario.html", estado=400, **_contexto_formulario(p, plantilla, f, controles))
    if accion == "texto":
        docx = generacion.vista_previa(p.cat, plantilla.nombre, datos=datos, **args)
        texto = _texto(docx)
        return p.render("documentos/formulario.html", **_contexto_formulario(p, plantilla, f, controles,
                                                                             vista_previa=texto))
    if accion == "pdf":
        t = trabajos.encolar(p.cat, "vista-previa-pdf", emision.parametros_documento(
            plantilla.nombre, procedimiento_id=args["procedimiento_id"], personas=args["personas"], datos=datos,
            fecha=args["fecha"], area=args["area"], firmante=args["firmante"], sustituye=args["sustituye"]),
            titulo=f"Vista previa en PDF: {esquema.titulo}")
        p.portal.avisar_trabajos()
        return p.redirigir(f"/trabajos/{t.id}")
    borrador = accion != "emitir"
    try:  # generar validates everything first (every problem at once) and writes nothing if there is one
        doc = generacion.generar(p.cat, plantilla.nombre, datos=datos, borrador=borrador,
                                 repetir=bool(controles.get("repetir")), **args)
    except ArchivoError as e:
        f.desde_error(e)
        f.titulo_error = (f"El documento tiene {f.total_problemas} problema(s); no se generó nada"
                          if isinstance(e, EntradaInvalida) else "No se generó el documento")
        return p.render("documentos/formulario.html", estado=400 if isinstance(e, EntradaInvalida) else 409,
                        **_contexto_formulario(p, plantilla, f, controles))
    if borrador:
        return p.redirigir(f"/documentos/{doc.id}", f"Borrador #{doc.id} guardado (sin folio). Revíselo y emítalo "
                           "cuando esté listo.")
    return p.redirigir(f"/documentos/{doc.id}", f"Documento emitido con folio {doc.folio}.")


def _formulario_inicial(p: Peticion, plantilla: Any, etiquetas: dict[str, str]) -> Response:
    esquema = plantilla.esquema
    controles = {"procedimiento": p.query("procedimiento"), "personas": [p.query("persona")] if p.query("persona")
                 else [""], "fecha": date.today().isoformat(), "area": esquema.area, "firmante": "",
                 "paso_procedimiento": p.query("paso"), "sustituye": ""}
    campos: dict[str, Any] = {}
    origen = None
    for parametro in ("borrador", "sustituye"):
        if p.query(parametro):
            doc = documentos.obtener(p.cat, p.query(parametro))
            guardado = generacion.datos_guardados(p.cat, doc)
            if guardado.get("plantilla") != plantilla.nombre:
                raise EntradaInvalida(f"El documento {doc.etiqueta} se hizo con la plantilla «{guardado.get('plantilla')}».")
            campos = guardado.get("campos") or {}
            controles.update(procedimiento=str(guardado.get("procedimiento") or ""),
                             personas=[c for c in guardado.get("personas") or []] or [""],
                             area=guardado.get("area") or esquema.area,
                             firmante=(guardado.get("firmante") or {}).get("clave", ""))
            if parametro == "sustituye":
                if doc.estado not in ("emitido", "cancelado"):
                    raise EntradaInvalida(f"Solo se corrige un documento emitido; {doc.etiqueta} está «{doc.estado}».")
                controles["sustituye"] = doc.folio or str(doc.id)
            origen = doc
    persona_campo = next((c.nombre for c in esquema.campos if c.tipo == "persona"), None)
    if persona_campo and p.query("persona") and not campos:
        campos[persona_campo] = p.query("persona")
        controles["personas"] = [""]
    f = Formulario({**_valores_de_datos(esquema, campos), **controles}, etiquetas)
    return p.render("documentos/formulario.html", **_contexto_formulario(p, plantilla, f, controles, origen=origen))


def cambiar_filas(f: Formulario, esquema: Esquema | None, accion: str) -> None:
    """Add or remove a row of a list, a table or the personas (the «Agregar»/«Quitar» buttons without JavaScript)."""
    partes = accion.split(":")
    nombre = partes[1] if len(partes) > 1 else ""
    if nombre == "personas":
        filas = list(f.valores.get("personas") or [""])
        columnas: list[str] | None = None
    else:
        campo = esquema.campo(nombre) if esquema else None
        if campo is None or campo.tipo not in ("lista", "tabla"):
            return
        filas = list(f.valores.get(nombre) or [])
        columnas = [c.nombre for c in campo.columnas] if campo.tipo == "tabla" else None
    if partes[0] == "agregar" and len(filas) < MAX_FILAS:
        filas.append(dict.fromkeys(columnas, "") if columnas else "")
    elif partes[0] == "quitar" and len(partes) == 3 and partes[2].isdigit() and int(partes[2]) < len(filas):
        del filas[int(partes[2])]
        if not filas:
            filas = [dict.fromkeys(columnas, "") if columnas else ""]
    f.valores[nombre] = filas


def _texto(docx: bytes) -> str:
    with tempfile.TemporaryDirectory(prefix="archivo-vista-") as tmp:
        ruta = Path(tmp) / "vista-previa.docx"
        ruta.write_bytes(docx)
        return texto_docx(ruta).texto


# --- one document ----------------------------------------------------------------------------------------

def ver(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    exp = exps.por_id(p.cat, doc.expediente_id)
    proc = procs.obtener(p.cat, doc.procedimiento_id) if doc.procedimiento_id else None
    sustituye = documentos.obtener(p.cat, doc.sustituye_a) if doc.sustituye_a else None
    personas = [personal.buscar(p.cat, c) for c in doc.personas]
    pdf = emision.ruta_copia_pdf(p.cat, doc) if doc.ruta else None
    puede_pdf = bool(doc.ruta) and Path(doc.ruta).suffix.lower() in (".docx", ".doc", ".odt", ".rtf", ".pdf")
    return p.render("documentos/ver.html", doc=doc, exp=exp, proc=proc, sustituye=sustituye,
                    sustituido_por=documentos.sustituido_por(p.cat, doc.id), personas=[x for x in personas if x],
                    pdf=pdf, puede_pdf=puede_pdf, ocr=escaneos.estado(p.cat, doc.id),
                    titulo=f"Documento {doc.etiqueta}")


def descargar(p: Peticion) -> Response:
    """The document's file, by its catalog id (never a path from the request)."""
    doc = documentos.obtener(p.cat, p.param("id"))
    if not doc.ruta:
        raise NoEncontrado(f"El documento {doc.etiqueta} no tiene archivo.")
    nombre = Path(doc.ruta).name
    return archivo(doc.archivo(p.raiz), nombre)


def pdf(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    ruta = emision.ruta_copia_pdf(p.cat, doc)
    if ruta is None:
        return pagina_error(p.portal, p.request, 404, f"El documento {doc.etiqueta} aún no tiene copia en PDF: "
                            "prepárela desde la página del documento.", usuario=p.usuario)
    return archivo(ruta, Path(doc.ruta or ruta.name).with_suffix(".pdf").name, en_linea=True)


def preparar_pdf(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    if emision.ruta_copia_pdf(p.cat, doc) is not None:
        return p.redirigir(f"/documentos/{doc.id}/pdf")
    t = trabajos.encolar(p.cat, "copia-pdf", {"documento": doc.id}, titulo=f"Copia en PDF de {doc.etiqueta}")
    p.portal.avisar_trabajos()
    return p.redirigir(f"/trabajos/{t.id}")


def emitir_borrador(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    nuevo = generacion.emitir_borrador(p.cat, doc.id)
    return p.redirigir(f"/documentos/{nuevo.id}", f"Borrador emitido con folio {nuevo.folio}.")


def descartar(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    generacion.descartar_borrador(p.cat, doc.id)
    destino = f"/procedimientos/{doc.procedimiento_id}" if doc.procedimiento_id else "/documentos"
    return p.redirigir(destino, f"Se descartó el borrador #{doc.id}.")


def cancelar(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    f = Formulario({}, {"motivo": "Motivo de la cancelación"})
    if p.request.method == "POST":
        f.valores["motivo"] = p.valor("motivo")
        if not f.valores["motivo"].strip():
            f.error("motivo", "Escriba el motivo: queda en el historial y en el documento.")
        else:
            try:
                documentos.cancelar(p.cat, doc.folio or str(doc.id), f.valores["motivo"])
            except ArchivoError as e:
                f.error(None, e.mensaje)
            else:
                return p.redirigir(f"/documentos/{doc.id}", f"Documento {doc.etiqueta} cancelado. Su folio queda "
                                   "registrado como cancelado y el archivo se conserva.")
    return p.render("documentos/cancelar.html", estado=200 if f.valido else 400, doc=doc, f=f,
                    titulo=f"Cancelar {doc.etiqueta}")


def corregir(p: Peticion) -> Response:
    doc = documentos.obtener(p.cat, p.param("id"))
    if not doc.plantilla:
        raise EntradaInvalida(f"El documento {doc.etiqueta} no se hizo con una plantilla; no se puede corregir aquí.")
    return p.redirigir(f"/documentos/nuevo/{doc.plantilla}?{urlencode({'sustituye': doc.id})}")


def folios_usados(p: Peticion) -> Response:
    return p.render("documentos/folios.html", series=folios.series(p.cat), titulo="Series de folios")


# --- batches ----------------------------------------------------------------------------------------------

ETIQUETAS_LOTE = {"origen": "Origen de las filas", "archivo": "Excel del lote", "situacion": "Situación",
                  "adscripcion": "Adscripción", "cargo": "Cargo", "rango": "Rango", **CONTROLES}


def lote(p: Peticion) -> Response:
    """A batch from an uploaded Excel or from padrón filters: every row checked, then a preview as borradores."""
    plantilla = cargar(p.raiz, p.param("plantilla"))
    generacion.exigir_generable(plantilla)  # archival instruments are filled from the catalog
    esquema = plantilla.esquema
    etiquetas = {**ETIQUETAS_LOTE, **{c.nombre: plantillas_web.etiqueta(c.nombre) for c in esquema.campos}}
    controles = {"procedimiento": p.query("procedimiento"), "personas": [""], "fecha": date.today().isoformat(),
                 "area": esquema.area, "firmante": "", "paso_procedimiento": "", "sustituye": ""}
    f = Formulario({**_valores_de_datos(esquema, {}), **controles, "origen": "excel", "situacion": "activo"},
                   etiquetas)
    problemas_filas: list[Problema] = []
    if p.request.method == "POST":
        comunes, valores = _desde_formulario(p, esquema)
        controles = _controles(p, esquema)
        filtros = {k: p.valor(k) for k in ("situacion", "adscripcion", "cargo", "rango")}
        f.valores = {**valores, **controles, **filtros, "origen": p.valor("origen")}
        args, problemas = _argumentos(p, controles)
        f.problemas(problemas)
        comunes = {k: v for k, v in comunes.items() if v not in ("", [], None)}
        solicitudes: list[generacion.Solicitud] = []
        try:
            if f.valores["origen"] == "padron":
                filtro = ",".join(f"{k}={v}" for k, v in filtros.items() if v) or "todas"
                solicitudes = generacion.solicitudes_de_padron(p.cat, filtro, comunes, esquema)
            else:
                solicitudes = _solicitudes_de_excel(p, f, esquema, comunes)
            if solicitudes and f.valido:
                generacion.validar_lote(p.cat, plantilla.nombre, solicitudes, procedimiento_id=args["procedimiento_id"],
                                        fecha=args["fecha"], area=args["area"], firmante=args["firmante"],
                                        repetir=bool(controles.get("repetir")))
        except EntradaInvalida as e:
            f.titulo_error = e.mensaje
            problemas_filas = e.problemas or [Problema("", e.mensaje)]
        if f.valido and not problemas_filas and solicitudes:
            t = trabajos.encolar(p.cat, "borradores-lote", {
                "plantilla": plantilla.nombre, "procedimiento_id": args["procedimiento_id"],
                "fecha": args["fecha"].isoformat() if args["fecha"] else None, "area": args["area"],
                "firmante": args["firmante"], "repetir": bool(controles.get("repetir")),
                "solicitudes": emision.solicitudes_json(solicitudes)},
                titulo=f"Lote de {len(solicitudes)} «{esquema.titulo}» en borrador")
            p.portal.avisar_trabajos()
            return p.redirigir(f"/trabajos/{t.id}")
    contexto = _contexto_formulario(p, plantilla, f, controles, titulo=f"Lote: {esquema.titulo}")
    return p.render("documentos/lote.html", estado=400 if problemas_filas or not f.valido else 200,
                    problemas_filas=problemas_filas, situaciones=[(s, s) for s in personal.SITUACIONES],
                    cargos=personal.valores_de(p.cat, "cargo"), **contexto)


def _solicitudes_de_excel(p: Peticion, f: Formulario, esquema: Esquema,
                          comunes: dict[str, Any]) -> list[generacion.Solicitud]:
    archivos = p.archivos("archivo")
    if not archivos:
        f.error("archivo", "Elija el Excel del lote (.xlsx o .csv), o cambie el origen a «personas del padrón».")
        return []
    subido = archivos[0]
    nombre = subidas.nombre_seguro(subido.filename or "lote.xlsx")[-1]
    with tempfile.TemporaryDirectory(prefix="archivo-lote-") as tmp:
        ruta = Path(tmp) / nombre
        with open(ruta, "wb") as destino:
            while trozo := subido.file.read(1024 * 1024):
                destino.write(trozo)
        _, problemas = subidas.revisar(ruta, nombre, permitidos={"xlsx", "csv"}, max_bytes=LIMITE_LOTE)
        if problemas:
            for pr in problemas:
                f.error("archivo", f"{pr.mensaje} ({pr.sugerencia})" if pr.sugerencia else pr.mensaje)
            return []
        solicitudes = generacion.solicitudes_de_archivo(ruta, esquema)
    for s in solicitudes:
        s.datos = {**comunes, **s.datos}
    return solicitudes


def formato_lote(p: Peticion) -> Response:
    plantilla = cargar(p.raiz, p.param("plantilla"))
    return descarga(lote_plantillas.formato(plantilla.esquema), f"lote-{plantilla.nombre}.xlsx")


def emitir_lote(p: Peticion) -> Response:
    """Issue every borrador of a batch's preview (a job with its progress bar)."""
    origen = trabajos.obtener(p.cat, p.valor("trabajo"))
    if origen.tipo != "borradores-lote" or origen.estado != "terminado":
        raise EntradaInvalida("Ese trabajo no es la vista previa terminada de un lote.")
    ids = [int(i) for i in (origen.resultado or {}).get("borradores", [])]
    pendientes = documentos.solo_borradores(p.cat, ids)
    if not pendientes:
        raise EntradaInvalida("Los borradores de ese lote ya se emitieron o se descartaron.")
    fecha = p.valor("fecha")
    try:
        fecha_doc = a_fecha(fecha).isoformat() if fecha else None
    except ValueError as e:
        raise EntradaInvalida(str(e)) from None
    repetir = bool((origen.parametros or {}).get("repetir"))  # what the user confirmed when checking the batch
    t = trabajos.encolar(p.cat, "emitir-lote", {"borradores": pendientes, "fecha": fecha_doc, "repetir": repetir},
                         titulo=f"Emisión de {len(pendientes)} documento(s) del lote {origen.id}")
    p.portal.avisar_trabajos()
    return p.redirigir(f"/trabajos/{t.id}")
