"""Generating documents from the archive's Word templates: one at a time, as borradores, or in batches.

Flow: the input (``--datos``, ``--campo``, a CSV/Excel row) is validated against the template's schema — every
problem of every row reported before anything is issued —, the context is built (system variables, persona records
from the padrón, typed values), the template (compiled once per process) renders strictly (an undeclared or missing
variable is an error, never a blank), and ``documentos.emitir_en`` files the result with its folio.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from archivo import personal, procedimientos
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.formato import a_booleano, a_decimal, a_fecha
from archivo.base.raiz import Raiz
from archivo.plantillas import compilacion
from archivo.plantillas.conjunto import Plantilla, cargar
from archivo.plantillas.esquema import Campo, Esquema
from archivo.plantillas.render import PlantillaCompilada

TAMANO_LOTE = 500  # documents per transaction in a batch: a crash rolls back at most one chunk


# --- compiled templates -------------------------------------------------------------------------


def compilada(raiz: Raiz, plantilla: Plantilla) -> PlantillaCompilada:
    """The compiled template with the membrete (cached by the content of both), its variables checked."""
    return compilacion.compilar(raiz, plantilla, tuple(raiz.config.dias_inhabiles))


# --- input data ---------------------------------------------------------------------------------


def leer_datos(ruta: Path) -> dict[str, Any]:
    """Field values from a .yaml/.yml/.json file (a mapping of field name to value)."""
    ruta = Path(ruta)
    if not ruta.is_file():
        raise EntradaInvalida(f"No existe el archivo de datos {ruta}.")
    texto = ruta.read_text(encoding="utf-8")
    try:
        datos = json.loads(texto) if ruta.suffix.lower() == ".json" else yaml.safe_load(texto)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        formato = "JSON" if ruta.suffix.lower() == ".json" else "YAML"
        raise EntradaInvalida(f"{ruta.name} no es {formato} válido: {e}") from None
    if datos is None:
        return {}
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{ruta.name} debe contener pares «campo: valor», no una lista.")
    return datos


def campos_de_opciones(pares: Iterable[str]) -> dict[str, Any]:
    """``--campo nombre=valor`` options into a dict; a malformed one is an error naming it."""
    datos: dict[str, Any] = {}
    malos = []
    for par in pares:
        if "=" not in par:
            malos.append(par)
            continue
        nombre, valor = par.split("=", 1)
        datos[nombre.strip()] = valor
    if malos:
        raise EntradaInvalida("Cada --campo se escribe nombre=valor; revise: " + ", ".join(f"«{m}»" for m in malos))
    return datos


def _lista(valor: Any) -> list[str]:
    if isinstance(valor, list | tuple):
        return [str(v).strip() for v in valor if str(v).strip()]
    texto = str(valor)
    partes = re.split(r"\n|;", texto) if ("\n" in texto or ";" in texto) else [texto]
    return [p.strip() for p in partes if p.strip()]


def _valor_columna(tipo: str, valor: Any) -> Any:
    if valor is None or valor == "":
        return ""  # an empty cell, never the word "None" in the document
    if tipo == "fecha":
        return a_fecha(valor)
    if tipo in ("número", "numero", "moneda"):
        return a_decimal(valor)
    if tipo == "booleano":
        return a_booleano(valor)
    return str(valor) if not isinstance(valor, str) else valor


def persona_contexto(p: personal.Persona, config) -> dict[str, Any]:
    d = p.como_dict()
    try:
        d["adscripcion_nombre"] = config.area(p.adscripcion).nombre
    except ArchivoError:
        d["adscripcion_nombre"] = p.adscripcion
    return d


class _Padron:
    """Persona lookups for a whole batch with one query."""

    def __init__(self, cat: Catalogo | Transaccion) -> None:
        self.personas = {p.clave: p for p in (personal._de_fila(f) for f in cat.todos("SELECT * FROM personas"))}

    def get(self, clave: str) -> personal.Persona | None:
        return self.personas.get(str(clave).strip())


def preparar_campos(esquema: Esquema, datos: dict[str, Any], padron: _Padron, config,
                    lugar: str) -> tuple[dict[str, Any], list[str], list[Problema]]:
    """Typed template values, persona claves referenced, and every problem (with its place)."""
    problemas: list[Problema] = []
    valores: dict[str, Any] = {}
    claves: list[str] = []
    declarados = {c.nombre: c for c in esquema.campos}
    for nombre in datos:
        if nombre not in declarados:
            problemas.append(Problema(lugar, f"el campo «{nombre}» no existe en la plantilla «{esquema.nombre}»",
                                      f"campos válidos: {', '.join(declarados) or 'ninguno'}"))
    for campo in esquema.campos:
        crudo = datos.get(campo.nombre)
        vacio = crudo is None or (isinstance(crudo, str) and not crudo.strip()) or (
            isinstance(crudo, list | tuple) and not crudo)
        if vacio:
            if campo.requerido:
                problemas.append(Problema(lugar, f"falta el campo obligatorio «{campo.nombre}» ({campo.descripcion})",
                                          f"p. ej. {_ejemplo(campo.ejemplo)}" if campo.ejemplo is not None else ""))
            valores[campo.nombre] = _vacio(campo)
            continue
        try:
            valor = _convertir(campo, crudo, padron, config)
        except (ValueError, ArithmeticError) as e:
            problemas.append(Problema(lugar, f"campo «{campo.nombre}»: {e}"))
            continue
        if campo.tipo == "persona":
            claves.append(valor["clave"])
        valores[campo.nombre] = valor
    return valores, claves, problemas


def _ejemplo(valor: Any) -> str:
    """An example value as people read it: «texto», «a; b» for a list, «n fila(s)» for a table."""
    if isinstance(valor, list) and valor and isinstance(valor[0], dict):
        return f"una tabla de {len(valor)} fila(s) (vea «archivo plantillas ver»)"
    if isinstance(valor, list):
        return "«" + "; ".join(str(v) for v in valor)[:80] + "»"
    texto = str(valor)
    return f"«{texto[:80]}{'…' if len(texto) > 80 else ''}»"


def _vacio(campo: Campo) -> Any:
    return {"lista": [], "tabla": [], "booleano": False}.get(campo.tipo)


def _convertir(campo: Campo, crudo: Any, padron: _Padron, config) -> Any:
    tipo = campo.tipo
    if tipo == "texto":
        return str(crudo).strip() if not isinstance(crudo, str) else crudo.strip()
    if tipo == "fecha":
        return a_fecha(crudo)
    if tipo in ("número", "moneda"):
        return a_decimal(crudo)
    if tipo == "booleano":
        return a_booleano(crudo)
    if tipo == "lista":
        return _lista(crudo)
    if tipo == "persona":
        p = padron.get(str(crudo))
        if p is None:
            raise ValueError(f"no existe en el padrón la clave «{crudo}»")
        return persona_contexto(p, config)
    if tipo == "tabla":
        if isinstance(crudo, str):
            try:
                crudo = json.loads(crudo)
            except json.JSONDecodeError:
                raise ValueError("una tabla se da como lista de filas en YAML/JSON (--datos)") from None
        if not isinstance(crudo, list) or not all(isinstance(f, dict) for f in crudo):
            raise ValueError("una tabla es una lista de filas, cada una con sus columnas")
        columnas = {c.nombre: c for c in campo.columnas}
        filas = []
        for i, fila in enumerate(crudo, start=1):
            desconocidas = [k for k in fila if k not in columnas]
            if desconocidas:
                raise ValueError(f"fila {i}: columnas desconocidas {', '.join(desconocidas)}; "
                                 f"columnas: {', '.join(columnas)}")
            try:
                filas.append({n: _valor_columna(c.tipo, fila.get(n, "")) for n, c in columnas.items()})
            except ValueError as e:
                raise ValueError(f"fila {i}: {e}") from None
        return filas
    raise ValueError(f"tipo de campo desconocido «{tipo}»")


def _json_seguro(valor: Any) -> Any:
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, Decimal):
        return str(valor)
    if isinstance(valor, dict):
        return {k: _json_seguro(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_json_seguro(v) for v in valor]
    return valor


# --- context ------------------------------------------------------------------------------------


@dataclass
class Encargo:
    """Everything one document needs besides its folio."""

    plantilla: Plantilla
    expediente: exps.Expediente
    procedimiento: procedimientos.Procedimiento | None
    campos: dict[str, Any]
    crudos: dict[str, Any]
    personas: list[str]
    fecha: date
    area: str
    firmante: dict[str, str]
    paso: int | None = None
    sustituye: documentos.Documento | None = None
    lugar: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def contexto(self, cat: Catalogo | Transaccion, padron: _Padron, folio: str | None) -> dict[str, Any]:
        config = (cat.catalogo if isinstance(cat, Transaccion) else cat).raiz.config
        area = config.area(self.area)
        proc = self.procedimiento
        personas_ctx = [persona_contexto(padron.get(c), config) for c in self.personas if padron.get(c)]
        ctx = {
            "institucion": config.institucion, "organo_enlace": config.organo_enlace,
            "area": {"siglas": area.siglas, "nombre": area.nombre},
            "folio": folio or "SIN FOLIO — BORRADOR", "es_borrador": folio is None,
            "fecha": self.fecha, "lugar": self.lugar, "firmante": self.firmante,
            "procedimiento": None if proc is None else {
                "id": proc.id, "titulo": proc.titulo, "mecanismo": proc.mecanismo,
                "mecanismo_nombre": proc.mecanismo_nombre, "tipo": proc.tipo, "tipo_nombre": proc.tipo_nombre},
            "expediente": {"numero": self.expediente.numero, "titulo": self.expediente.titulo},
            "personas": personas_ctx, "persona": personas_ctx[0] if personas_ctx else None,
            "sustituye": self.sustituye.folio if self.sustituye else None,
        }
        ctx.update(self.campos)
        return ctx

    def datos_json(self) -> dict[str, Any]:
        return {
            "plantilla": self.plantilla.nombre, "campos": _json_seguro(self.crudos), "personas": self.personas,
            "procedimiento": self.procedimiento.id if self.procedimiento else None,
            "fecha": self.fecha.isoformat(), "area": self.area, "firmante": self.firmante,
            "sustituye": self.sustituye.folio if self.sustituye else None,
        }


def _asunto(esquema: Esquema, campos: dict[str, Any]) -> str:
    for nombre in ("asunto", "titulo", "titulo_acuerdo", "materia"):
        valor = campos.get(nombre)
        if isinstance(valor, str) and valor.strip():
            return valor.strip()
    return esquema.titulo


def _firmante(config, clave: str | None, area: str) -> dict[str, str]:
    if clave:
        f = config.firmante(clave)
    else:
        f = next((x for x in config.firmantes if x.area == area), None) or config.firmante()
    return {"clave": f.clave, "nombre": f.nombre, "cargo": f.cargo}


def _lugar(config) -> str:
    inst = config.institucion
    return f"{inst['ciudad']}, {inst['entidad']}" if inst.get("entidad") else inst["ciudad"]


def _render(pc: PlantillaCompilada, nombre: str, contexto: dict[str, Any]) -> bytes:
    return compilacion.renderizar(pc, nombre, contexto)


# --- issuing ------------------------------------------------------------------------------------


@dataclass
class Solicitud:
    """One document to generate (a row of a batch, or the single document of `archivo generar`)."""

    datos: dict[str, Any]
    personas: list[str] = field(default_factory=list)
    lugar: str = "datos del documento"


def _preparar(cat: Catalogo | Transaccion, plantilla: Plantilla, solicitud: Solicitud, padron: _Padron, *,
              procedimiento_id: int | None, fecha: date | None, area: str | None, firmante: str | None,
              paso: int | None, sustituye: str | None) -> tuple[Encargo | None, list[Problema]]:
    raiz = (cat.catalogo if isinstance(cat, Transaccion) else cat).raiz
    config = raiz.config
    esquema = plantilla.esquema
    campos, claves_campos, problemas = preparar_campos(esquema, solicitud.datos, padron, config, solicitud.lugar)
    personas = list(dict.fromkeys([*solicitud.personas, *claves_campos]))
    for clave in solicitud.personas:
        if padron.get(clave) is None:
            problemas.append(Problema(solicitud.lugar, f"no existe en el padrón la persona «{clave}»"))
    proc = procedimientos.obtener(cat, procedimiento_id) if procedimiento_id is not None else None
    if proc is not None:
        expediente = exps.por_id(cat, proc.expediente_id)
        if proc.estado == "concluido":
            problemas.append(Problema(solicitud.lugar, f"el procedimiento {proc.id} está concluido"))
    elif personas:
        expediente = exps.buscar(cat, "persona", personas[0])
        if expediente is None:
            problemas.append(Problema(solicitud.lugar, f"la persona {personas[0]} no tiene expediente"))
            return None, problemas
    else:
        problemas.append(Problema(solicitud.lugar, "no se sabe en qué expediente archivarlo",
                                  "indique --procedimiento ID o al menos una --persona CLAVE"))
        return None, problemas
    area = area or esquema.area or config.organo_enlace["siglas"]
    try:
        config.area(area)
    except ArchivoError as e:
        problemas.append(Problema(solicitud.lugar, str(e)))
    doc_sustituido = None
    if sustituye:
        try:
            doc_sustituido = documentos.obtener(cat, sustituye)
        except NoEncontrado as e:
            problemas.append(Problema(solicitud.lugar, str(e)))
    if paso is None and proc is not None:
        paso = procedimientos.paso_para_plantilla(proc, esquema.pasos)
    elif paso is not None and proc is not None and paso not in {p.cvo for p in proc.pasos}:
        problemas.append(Problema(solicitud.lugar, f"el procedimiento {proc.id} no tiene el paso {paso}"))
    if problemas:
        return None, problemas
    return Encargo(plantilla, expediente, proc, campos, dict(solicitud.datos), personas, fecha or date.today(), area,
                   _firmante(config, firmante, area), paso, doc_sustituido, _lugar(config)), []


def _emitir(tx: Transaccion, encargo: Encargo, pc: PlantillaCompilada, padron: _Padron, *,
            borrador: bool) -> documentos.Documento:
    esquema = encargo.plantilla.esquema

    def construir(folio: str | None) -> bytes:
        return _render(pc, encargo.plantilla.nombre, encargo.contexto(tx, padron, folio))

    doc = documentos.emitir_en(
        tx, tipo=esquema.tipo, asunto=_asunto(esquema, encargo.campos), expediente=encargo.expediente,
        construir=construir, serie=None if borrador else esquema.serie, area=encargo.area, fecha=encargo.fecha,
        personas=encargo.personas, procedimiento_id=encargo.procedimiento.id if encargo.procedimiento else None,
        paso=None if borrador else encargo.paso, plantilla=encargo.plantilla.nombre,
        plantilla_sha256=encargo.plantilla.sha256, datos=encargo.datos_json(),
        sustituye_a=encargo.sustituye.id if encargo.sustituye else None,
        nombre_archivo=f"borrador-{encargo.plantilla.nombre}.docx" if borrador else None,
        estado="borrador" if borrador else "emitido")
    if not borrador and encargo.procedimiento is not None and encargo.paso is not None:
        # the step this document serves: named with --paso, or the one step its template declares
        procedimientos.marcar_paso_hecho(tx, encargo.procedimiento.id, encargo.paso,
                                         nota=f"Documento {doc.folio or doc.id}")
    return doc


def _borradores_previos(tx: Transaccion, encargo: Encargo) -> list[documentos.Documento]:
    """Borradores of the same template, procedure and personas: regenerating replaces them."""
    previos = []
    for doc in documentos.lista(tx, expediente_id=encargo.expediente.id, estado="borrador"):
        if doc.plantilla == encargo.plantilla.nombre and sorted(doc.personas) == sorted(encargo.personas) and \
                doc.procedimiento_id == (encargo.procedimiento.id if encargo.procedimiento else None):
            previos.append(doc)
    return previos


def _descartar_borrador(tx: Transaccion, doc: documentos.Documento) -> None:
    """Remove a borrador (never an issued document): its rows now, its files after commit."""
    if doc.estado != "borrador":
        raise ArchivoError(f"El documento {doc.etiqueta} no es un borrador.")
    raiz = tx.catalogo.raiz
    fila = tx.uno("SELECT archivo_id, datos_archivo_id FROM documentos WHERE id = ?", (doc.id,))
    tx.execute("DELETE FROM documento_personas WHERE documento_id = ?", (doc.id,))
    tx.execute("DELETE FROM indice_pendientes WHERE documento_id = ?", (doc.id,))
    tx.execute("DELETE FROM documentos WHERE id = ?", (doc.id,))
    rutas = []
    for archivo_id in (fila["archivo_id"], fila["datos_archivo_id"]):
        if archivo_id is not None:
            r = tx.uno("SELECT ruta FROM archivos WHERE id = ?", (archivo_id,))
            tx.execute("DELETE FROM archivos WHERE id = ?", (archivo_id,))
            if r:
                rutas.append(raiz.absoluta(r["ruta"]))
    tx.registrar("documento", doc.etiqueta, {"estado": "borrador", "ruta": doc.ruta}, None,
                 accion="descartar borrador")

    def borrar() -> None:
        for ruta in rutas:
            ruta.unlink(missing_ok=True)

    tx.al_confirmar(borrar)


def generar(cat: Catalogo, nombre_plantilla: str, *, procedimiento_id: int | None = None,
            personas: Sequence[str] = (), datos: dict[str, Any] | None = None, borrador: bool = False,
            fecha: date | None = None, area: str | None = None, firmante: str | None = None,
            paso: int | None = None, sustituye: str | None = None) -> documentos.Documento:
    """Generate one document: a borrador (no folio; regenerating replaces it) or an issued one."""
    plantilla = cargar(cat.raiz, nombre_plantilla)
    pc = compilada(cat.raiz, plantilla)
    padron = _Padron(cat)
    encargo, problemas = _preparar(cat, plantilla, Solicitud(datos or {}, list(personas)), padron,
                                   procedimiento_id=procedimiento_id, fecha=fecha, area=area, firmante=firmante,
                                   paso=paso, sustituye=sustituye)
    if problemas:
        raise EntradaInvalida(f"No se generó el documento; hay {len(problemas)} problema(s):", problemas)
    assert encargo is not None
    accion = "generar borrador" if borrador else "emitir documento"
    with cat.transaccion(accion) as tx:
        previos = _borradores_previos(tx, encargo)
        doc = _emitir(tx, encargo, pc, padron, borrador=borrador)
        for previo in previos:
            _descartar_borrador(tx, previo)
    return doc


def emitir_borrador(cat: Catalogo, folio_o_id: str | int, *, fecha: date | None = None) -> documentos.Documento:
    """Issue a borrador with its saved data: it gets its folio and the borrador is discarded."""
    doc = documentos.obtener(cat, folio_o_id)
    if doc.estado != "borrador":
        raise ArchivoError(f"El documento {doc.etiqueta} no es un borrador (está «{doc.estado}»).")
    if not doc.datos_ruta:
        raise ArchivoError(f"El borrador {doc.etiqueta} no conserva sus datos; genérelo de nuevo.")
    guardado = json.loads(cat.raiz.absoluta(doc.datos_ruta).read_text(encoding="utf-8"))
    plantilla = cargar(cat.raiz, guardado["plantilla"])
    pc = compilada(cat.raiz, plantilla)
    padron = _Padron(cat)
    encargo, problemas = _preparar(
        cat, plantilla, Solicitud(guardado["campos"], guardado["personas"], f"borrador {doc.etiqueta}"), padron,
        procedimiento_id=guardado.get("procedimiento"), fecha=fecha or date.today(), area=guardado.get("area"),
        firmante=guardado.get("firmante", {}).get("clave"), paso=None, sustituye=guardado.get("sustituye"))
    if problemas:
        raise EntradaInvalida(f"No se emitió el borrador; hay {len(problemas)} problema(s):", problemas)
    assert encargo is not None
    with cat.transaccion("emitir borrador") as tx:
        nuevo = _emitir(tx, encargo, pc, padron, borrador=False)
        _descartar_borrador(tx, documentos.obtener(tx, doc.id))
    return nuevo


# --- batches ------------------------------------------------------------------------------------


@dataclass
class ResultadoLote:
    emitidos: list[documentos.Documento]
    total: int


def solicitudes_de_archivo(ruta: Path, esquema: Esquema) -> list[Solicitud]:
    """Rows of a CSV/Excel batch file: columns are field names (or their descriptions); «persona»/«clave» columns
    name the padrón persona(s) of each row."""
    filas = _leer_tabla(Path(ruta))
    if not filas:
        raise EntradaInvalida(f"{Path(ruta).name} no tiene filas de datos.")
    encabezados = filas[0][1]
    nombres = {c.nombre: c.nombre for c in esquema.campos}
    alias = {_normal(c.nombre): c.nombre for c in esquema.campos} | {_normal(c.descripcion): c.nombre
                                                                      for c in esquema.campos}
    columnas_persona = {_normal(x) for x in ("persona", "clave", "clave siispen", "personas")}
    mapa, problemas = {}, []
    for i, e in enumerate(encabezados):
        if not str(e or "").strip():
            continue
        n = _normal(str(e))
        if n in columnas_persona:
            mapa[i] = "__persona__"
        elif str(e) in nombres or n in alias:
            mapa[i] = nombres.get(str(e)) or alias[n]
        else:
            problemas.append(Problema(f"{Path(ruta).name}, fila 1", f"columna desconocida «{e}»",
                                      f"use los nombres de campo de «archivo plantillas ver {esquema.nombre}»"))
    if problemas:
        raise EntradaInvalida(f"El encabezado de {Path(ruta).name} tiene problemas; no se emitió nada:", problemas)
    solicitudes = []
    for n, valores in filas[1:]:
        datos: dict[str, Any] = {}
        personas: list[str] = []
        for i, campo in mapa.items():
            valor = valores[i] if i < len(valores) else None
            if campo == "__persona__":
                personas.extend(_lista(valor) if valor not in (None, "") else [])
            elif valor not in (None, ""):
                datos[campo] = valor
        solicitudes.append(Solicitud(datos, personas, f"{Path(ruta).name}, fila {n}"))
    return solicitudes


def _normal(texto: str) -> str:
    return personal._normalizar(texto)


def _leer_tabla(ruta: Path) -> list[tuple[int, list[Any]]]:
    if not ruta.is_file():
        raise EntradaInvalida(f"No existe el archivo {ruta}.")
    sufijo = ruta.suffix.lower()
    if sufijo == ".csv":
        encabezados, filas = personal._leer_csv(ruta)
    elif sufijo in (".xlsx", ".xlsm"):
        encabezados, filas = personal._leer_xlsx(ruta)
    else:
        raise EntradaInvalida(f"{ruta.name}: el lote se da en .csv o .xlsx.")
    salida = [(1, list(encabezados))]
    for n, fila in enumerate(filas, start=2):
        if all(v in (None, "") or str(v).strip() == "" for v in fila):
            continue
        salida.append((n, list(fila)))
    return salida


def solicitudes_de_padron(cat: Catalogo, filtro: str, datos_comunes: dict[str, Any],
                          esquema: Esquema) -> list[Solicitud]:
    """One request per persona matching ``filtro``: «todas», «activo», «adscripcion=DEOE», «rango=A», «cargo=…»,
    several joined with «,». The persona fills the template's first persona field (if it has one)."""
    personas = personal.lista(cat)
    condiciones = [c.strip() for c in filtro.split(",") if c.strip()]
    for cond in condiciones:
        if cond.lower() in ("todas", "todos"):
            continue
        if "=" not in cond:
            cond = f"situacion={cond}"
        campo, valor = (x.strip() for x in cond.split("=", 1))
        campo = personal._ALIAS.get(personal._normalizar(campo))
        if campo is None:
            raise EntradaInvalida(f"Filtro «{cond}» inválido: use campo=valor con campos del padrón "
                                  "(situacion, adscripcion, cargo, rango, nivel, titularidad).")
        if campo == "situacion":
            valor = personal._situacion(valor)
        if campo == "titularidad":
            personas = [p for p in personas if p.titularidad == a_booleano(valor)]
        else:
            personas = [p for p in personas
                        if personal._normalizar(str(getattr(p, campo) or "")) == personal._normalizar(valor)]
    if not personas:
        raise EntradaInvalida(f"Ninguna persona del padrón cumple el filtro «{filtro}».")
    campo_persona = next((c.nombre for c in esquema.campos if c.tipo == "persona"), None)
    solicitudes = []
    for p in personas:
        datos = dict(datos_comunes)
        if campo_persona:
            datos[campo_persona] = p.clave
        solicitudes.append(Solicitud(datos, [] if campo_persona else [p.clave], f"persona {p.clave}"))
    return solicitudes


def generar_lote(cat: Catalogo, nombre_plantilla: str, solicitudes: list[Solicitud], *,
                 procedimiento_id: int | None = None, fecha: date | None = None, area: str | None = None,
                 firmante: str | None = None, avanzar: Callable[[int], None] | None = None,
                 tamano: int = TAMANO_LOTE) -> ResultadoLote:
    """Issue one document per request, each with its own folio. Every bad row is reported before anything is
    issued; then documents are issued in transactions of ``tamano`` (search index and carátulas per chunk)."""
    plantilla = cargar(cat.raiz, nombre_plantilla)
    pc = compilada(cat.raiz, plantilla)
    padron = _Padron(cat)
    encargos: list[Encargo] = []
    problemas: list[Problema] = []
    for s in solicitudes:
        encargo, probs = _preparar(cat, plantilla, s, padron, procedimiento_id=procedimiento_id, fecha=fecha,
                                   area=area, firmante=firmante, paso=None, sustituye=None)
        problemas.extend(probs)
        if encargo:
            encargos.append(encargo)
    if problemas:
        filas = len({p.lugar for p in problemas})
        raise EntradaInvalida(f"No se emitió ningún documento: {len(problemas)} problema(s) en {filas} fila(s):",
                              problemas)
    emitidos: list[documentos.Documento] = []
    for inicio in range(0, len(encargos), tamano):
        with cat.transaccion(f"emitir lote de {plantilla.nombre}") as tx:
            for e in encargos[inicio:inicio + tamano]:
                doc = _emitir(tx, e, pc, padron, borrador=False)
                emitidos.append(doc)
                if avanzar:
                    avanzar(1)
    return ResultadoLote(emitidos, len(encargos))
