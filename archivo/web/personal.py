"""Padrón: the list with filters and accent-insensitive search, a person's ficha with their expediente, alta,
edición and baja forms (the library's validation), the Excel import with every problem in a table, the format."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.responses import JSONResponse, Response

from archivo import personal
from archivo import procedimientos as procs
from archivo.archivistica import expedientes as exps
from archivo.base import subidas
from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.formato import a_fecha
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, descarga

POR_PAGINA = 50
LIMITE_PADRON = 20 * subidas.MB
ETIQUETAS = {c: e for c, e, _, _ in personal.COLUMNAS}
SITUACIONES = [(s, s[:1].upper() + s[1:]) for s in personal.SITUACIONES]


def _opciones_areas(p: Peticion) -> list[tuple[str, str]]:
    return [(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas]


def lista(p: Peticion) -> Response:
    filtros = {k: p.query(k) for k in ("q", "situacion", "adscripcion", "cargo", "rango")}
    f = Formulario(filtros)
    pagina = p.entero("pagina", 1)
    argumentos = {"situacion": filtros["situacion"] or None, "adscripcion": filtros["adscripcion"] or None,
                  "texto": filtros["q"] or None, "cargo": filtros["cargo"] or None, "rango": filtros["rango"] or None}
    try:
        visibles, total = personal.pagina(p.cat, **argumentos, desde=(pagina - 1) * POR_PAGINA, limite=POR_PAGINA)
        paginas = max(1, -(-total // POR_PAGINA))
        if pagina > paginas:
            pagina = paginas
            visibles, total = personal.pagina(p.cat, **argumentos, desde=(pagina - 1) * POR_PAGINA,
                                              limite=POR_PAGINA)
    except ValueError as e:
        f.error("situacion", str(e))
        visibles, total, paginas = [], 0, 1
    consulta = urlencode({k: v for k, v in filtros.items() if v})
    return p.render("personal/lista.html", fragmento="personal/_resultados.html", f=f, personas=visibles,
                    total=total, pagina=pagina, paginas=paginas, consulta=consulta, situaciones=SITUACIONES,
                    areas=_opciones_areas(p), cargos=personal.valores_de(p.cat, "cargo"), titulo="Padrón")


def buscar(p: Peticion) -> Response:
    """The persona picker's suggestions (JSON): up to 10 people whose clave, name or cargo match."""
    q = p.query("q")
    personas = personal.pagina(p.cat, texto=q, limite=10)[0] if len(q) >= 2 else []
    return JSONResponse([{"clave": x.clave, "nombre": x.nombre_completo, "cargo": x.cargo,
                          "adscripcion": x.adscripcion, "situacion": x.situacion} for x in personas])


def ficha(p: Peticion) -> Response:
    persona = personal.obtener(p.cat, p.param("clave"))
    exp = exps.buscar(p.cat, "persona", persona.clave)
    docs = exps.documentos_de(p.cat, exp) if exp else []
    procedimientos = procs.lista(p.cat, persona=persona.clave)
    evaluaciones = [d for d in docs if (d.get("plantilla") or "").startswith("dictamen-evaluacion")]
    evaluaciones += [d for d in docs if d not in evaluaciones and d.get("procedimiento_id") in
                     {x.id for x in procedimientos if x.mecanismo.startswith("evaluacion")}]
    return p.render("personal/ficha.html", persona=persona, exp=exp, documentos=docs,
                    procedimientos=procedimientos, evaluaciones=evaluaciones,
                    area=_nombre_area(p, persona.adscripcion), titulo=persona.nombre_completo)


def _nombre_area(p: Peticion, siglas: str) -> str:
    return next((a.nombre for a in p.raiz.config.areas if a.siglas.lower() == siglas.lower()), "")


def _valores_formulario(p: Peticion) -> dict[str, Any]:
    return {c: p.valor(c) for c, *_ in personal.COLUMNAS}


def _render_formulario(p: Peticion, f: Formulario, *, persona: personal.Persona | None) -> Response:
    return p.render("personal/formulario.html", estado=200 if f.valido else 400, f=f, persona=persona,
                    situaciones=SITUACIONES, areas=_opciones_areas(p), columnas=personal.COLUMNAS,
                    titulo=f"Editar a {persona.nombre_completo}" if persona else "Alta en el padrón")


def alta(p: Peticion) -> Response:
    f = Formulario({"situacion": "activo"}, ETIQUETAS)
    if p.request.method == "POST":
        f.valores = _valores_formulario(p)
        try:
            nueva = personal.alta(p.cat, {k: v for k, v in f.valores.items() if v != ""})
        except EntradaInvalida as e:
            f.desde_error(e)
        else:
            return p.redirigir(f"/personal/{nueva.clave}", f"Alta de {nueva.nombre_completo} ({nueva.clave}); su "
                               "expediente quedó abierto.")
    return _render_formulario(p, f, persona=None)


def editar(p: Peticion) -> Response:
    persona = personal.obtener(p.cat, p.param("clave"))
    valores = {k: ("sí" if v is True else "no" if v is False else (v or "")) for k, v in
               persona.datos_editables().items()}
    f = Formulario(valores, ETIQUETAS)
    if p.request.method == "POST":
        f.valores = _valores_formulario(p) | {"clave": persona.clave}
        cambios = {k: v for k, v in f.valores.items() if k != "clave"}
        try:
            personal.editar(p.cat, persona.clave, cambios)
        except EntradaInvalida as e:
            f.desde_error(e)
        else:
            return p.redirigir(f"/personal/{persona.clave}", f"Datos de {persona.nombre_completo} actualizados.")
    return _render_formulario(p, f, persona=persona)


def baja(p: Peticion) -> Response:
    persona = personal.obtener(p.cat, p.param("clave"))
    f = Formulario({"fecha": date.today().isoformat(), "tipo": "definitiva"},
                   {"fecha": "Fecha de la separación", "motivo": "Motivo", "tipo": "Tipo de separación"})
    if p.request.method == "POST":
        f.valores = {"fecha": p.valor("fecha"), "motivo": p.valor("motivo"), "tipo": p.valor("tipo")}
        problemas = []
        fecha = None
        try:
            fecha = a_fecha(f.valores["fecha"])
        except ValueError as e:
            problemas.append(Problema("fecha", str(e)))
        if not f.valores["motivo"].strip():
            problemas.append(Problema("motivo", "falta el motivo de la separación", "p. ej. Renuncia"))
        if problemas:
            f.problemas(problemas)
        else:
            try:
                persona = personal.baja(p.cat, persona.clave, fecha=fecha, motivo=f.valores["motivo"],
                                        temporal=f.valores["tipo"] == "temporal")
            except EntradaInvalida as e:
                f.desde_error(e)
            else:
                return p.redirigir(f"/personal/{persona.clave}", f"{persona.nombre_completo}: {persona.situacion} "
                                   "registrada. Su registro y su expediente se conservan.")
    return p.render("personal/baja.html", estado=200 if f.valido else 400, f=f, persona=persona,
                    titulo=f"Separación de {persona.nombre_completo}")


# «padron.xlsx, hoja «Padrón», fila 7, columna C («Cargo»)» (the input layer's cells), or «…, columna «Cargo»».
_LUGAR = re.compile(r"^(?P<archivo>[^,]+)(?:, hoja «?(?P<hoja>[^,»]+)»?)?(?:, fila (?P<fila>\d+))?"
                    r"(?:, columna (?:(?P<letra>[A-Z]{1,3}) \(«(?P<encabezado>.+)»\)|«(?P<columna>[^»]+)»|"
                    r"(?P<sola>[A-Z]{1,3})\b))?")


def tabla_de_problemas(problemas: list[Problema]) -> list[dict[str, str]]:
    """Problems of a spreadsheet as rows (hoja, fila, columna, problema, qué hacer) for a table."""
    filas = []
    for pr in problemas:
        m = _LUGAR.match(pr.lugar or "")
        partes = m.groupdict() if m else {}
        if partes.get("encabezado"):
            columna = f"{partes['encabezado']} (columna {partes['letra']})"
        else:
            columna = partes.get("columna") or (f"columna {partes['sola']}" if partes.get("sola") else "")
        filas.append({"hoja": partes.get("hoja") or "", "fila": partes.get("fila") or "", "columna": columna, "problema": pr.mensaje, "sugerencia": pr.sugerencia,
                      "lugar": pr.lugar})
    return filas


def importar(p: Peticion) -> Response:
    """Upload a padrón (.xlsx or .csv): every problem in a table, nothing imported until all are fixed."""
    contexto: dict[str, Any] = {"titulo": "Importar el padrón", "problemas": [], "resultado": None, "mensaje": ""}
    if p.request.method == "POST":
        archivos = p.archivos("archivo")
        if not archivos:
            contexto["mensaje"] = "Elija el archivo del padrón (.xlsx o .csv) antes de enviar."
        else:
            subido = archivos[0]
            nombre = subidas.nombre_seguro(subido.filename or "padron.xlsx")[-1]
            with tempfile.TemporaryDirectory(prefix="archivo-padron-") as tmp:
                ruta = Path(tmp) / nombre
                with open(ruta, "wb") as destino:
                    while trozo := subido.file.read(1024 * 1024):
                        destino.write(trozo)
                tipo, problemas = subidas.revisar(ruta, nombre, permitidos={"xlsx", "csv", "txt"},
                                                  max_bytes=LIMITE_PADRON)
                if not problemas and tipo == "txt" and ruta.suffix.lower() != ".csv":
                    problemas = [Problema(nombre, "es un texto, pero no termina en .csv",
                                          "guárdelo desde Excel como «CSV UTF-8» o súbalo como .xlsx")]
                if problemas:
                    contexto["mensaje"] = "No se importó nada:"
                    contexto["problemas"] = tabla_de_problemas(problemas)
                else:
                    try:
                        r = personal.importar(p.cat, ruta)
                    except EntradaInvalida as e:
                        contexto["mensaje"] = e.mensaje
                        contexto["problemas"] = tabla_de_problemas(e.problemas) or tabla_de_problemas(
                            [Problema(nombre, e.mensaje)])
                    else:
                        return p.redirigir("/personal", f"Padrón importado de {nombre}: {len(r.nuevas)} alta(s), "
                                           f"{len(r.actualizadas)} actualización(es), {len(r.sin_cambios)} sin "
                                           "cambios.")
    estado = 400 if contexto["problemas"] or contexto["mensaje"] else 200
    return p.render("personal/importar.html", estado=estado, **contexto)


def formato(p: Peticion) -> Response:
    return descarga(personal.formato_bytes(".xlsx"), "padron-formato.xlsx")

