"""Generating documents from the archive's Word templates: one at a time, as borradores, or in batches.

Flow: the input (``--datos``, ``--campo``, a CSV/Excel row) is validated against the template's schema — every
problem of every row reported before anything is issued —, the context is built (system variables, persona records
from the padrón, typed values), the template (compiled once per process) renders strictly (an undeclared or missing
variable is an error, never a blank), and ``documentos.emitir_en`` files the result with its folio.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from archivo import personal, procedimientos
from archivo.archivistica import documentos, instrumentos
from archivo.archivistica import expedientes as exps
from archivo.base import formato
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.lectura import leer_datos as leer_archivo_datos
from archivo.base.raiz import Raiz
from archivo.base.tablas import leer_tabla
from archivo.base.valores import (
    ValorInvalido,
    a_booleano,
    a_decimal,
    a_fecha,
    problema_texto,
    revisar_texto,
)
from archivo.plantillas import compilacion, roles
from archivo.plantillas.conjunto import Plantilla, cargar
from archivo.plantillas.esquema import ANCHO_IMAGEN_CM, MOMENTOS, Campo, Esquema, SumaPonderada
from archivo.plantillas.render import PlantillaCompilada

TAMANO_LOTE = 500  # documents per transaction in a batch: a crash rolls back at most one chunk


# --- compiled templates -------------------------------------------------------------------------


def compilada(raiz: Raiz, plantilla: Plantilla) -> PlantillaCompilada:
    """The compiled template with the membrete (cached by the content of both), its variables checked."""
    return compilacion.compilar(raiz, plantilla, tuple(raiz.config.dias_inhabiles))


# --- input data ---------------------------------------------------------------------------------


def leer_datos(ruta: Path) -> dict[str, Any]:
    """Field values from a .yaml/.yml/.json file (a mapping of field name to value).

    Any text encoding is read (``archivo.base.lectura``); a syntax error is reported in Spanish with its line,
    column and fix (an unquoted colon in a value: «ponga el texto entre comillas»).
    """
    ruta = Path(ruta)
    datos = leer_archivo_datos(ruta)
    if datos is None:
        return {}
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{ruta.name} debe contener pares «campo: valor», no una lista ni un valor suelto.")
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
        return [revisar_texto(str(v)).strip() for v in valor if str(v).strip()]
    texto = revisar_texto(str(valor))
    partes = re.split(r"\n|;", texto) if ("\n" in texto or ";" in texto) else [texto]
    return [p.strip() for p in partes if p.strip()]


def _valor_columna(tipo: str, valor: Any) -> Any:
    if valor is None or valor == "":
        return ""  # an empty cell, never the word "None" in the document
    _revisar_valor(valor)
    if tipo == "fecha":
        return a_fecha(valor)
    if tipo in ("número", "numero", "moneda"):
        return a_decimal(valor)
    if tipo == "booleano":
        return a_booleano(valor)
    return str(valor) if not isinstance(valor, str) else valor


def _revisar_valor(valor: Any) -> None:
    """Texts with control characters and numbers that are not numbers (NaN, infinity) never reach a document."""
    if isinstance(valor, float) and not math.isfinite(valor):
        raise ValorInvalido(f"«{valor}» no es un número", "escriba una cantidad con cifras, p. ej. 9.125")
    if isinstance(valor, str):
        error = problema_texto(valor)
        if error is not None:
            raise error
    elif isinstance(valor, bytes):
        raise ValorInvalido("es un valor binario (!!binary), no un texto", "escriba el texto tal cual")


def persona_contexto(p: personal.Persona, config) -> dict[str, Any]:
    d = p.como_dict()
    try:
        d["adscripcion_nombre"] = config.area(p.adscripcion).nombre
    except ArchivoError:
        d["adscripcion_nombre"] = p.adscripcion
    return d


class _Padron:
    """Persona lookups: the whole padrón in one query for a batch (``completo``), or each persona when first asked
    for (one document: reading a padrón of thousands for it cost more than the rest of the document)."""

    def __init__(self, cat: Catalogo | Transaccion, *, completo: bool = False) -> None:
        self.cat = cat
        self.completo = completo
        self.personas: dict[str, personal.Persona | None] = {}
        if completo:
            self.personas = {p.clave: p for p in (personal._de_fila(f) for f in cat.todos("SELECT * FROM personas"))}

    def get(self, clave: str) -> personal.Persona | None:
        clave = str(clave).strip()
        if clave not in self.personas and not self.completo:
            self.personas[clave] = personal.buscar(self.cat, clave)
        return self.personas.get(clave)


def preparar_campos(esquema: Esquema, datos: dict[str, Any], padron: _Padron, config, lugar: str,
                    raiz: Raiz | None = None, lugares: dict[str, str] | None = None,
                    excel: bool = False) -> tuple[dict[str, Any], list[str], list[Problema]]:
    """Typed template values, persona claves referenced, and every problem (with its place: ``lugares`` gives
    the place of a field's own value, e.g. its cell in a batch file; ``excel``: the values come from a workbook,
    whose numbers may be dates that lost their format). ``raiz`` reads the saved copy of an ``imagen`` field."""
    lugares = lugares or {}
    problemas: list[Problema] = []
    valores: dict[str, Any] = {}
    claves: list[str] = []
    declarados = {c.nombre: c for c in esquema.campos}
    calculados = {r.total for r in esquema.reglas}  # computed by a rule when left empty
    for nombre in datos:
        if nombre not in declarados:
            problemas.append(Problema(f"{lugar}, campo «{nombre}»",
                                      f"el campo «{nombre}» no existe en la plantilla «{esquema.nombre}»",
                                      f"campos válidos: {', '.join(declarados) or 'ninguno'}"))
    for campo in esquema.campos:
        crudo = datos.get(campo.nombre)
        vacio = _en_blanco(crudo)
        donde = lugares.get(campo.nombre, f"{lugar}, campo «{campo.nombre}»")
        if vacio:
            if campo.requerido and campo.nombre not in calculados:
                problemas.append(Problema(donde, f"falta el campo obligatorio «{campo.nombre}» ({campo.descripcion})",
                                          f"p. ej. {_ejemplo(campo.ejemplo)}" if campo.ejemplo is not None else ""))
            valores[campo.nombre] = _vacio(campo)
            continue
        try:
            valor = _convertir(campo, crudo, padron, config, raiz, excel=excel)
        except (ValueError, ArithmeticError) as e:
            problemas.append(Problema(donde, f"campo «{campo.nombre}»: {e}"))
            continue
        if campo.tipo == "persona":
            claves.append(valor["clave"])
        valores[campo.nombre] = valor
    for regla in esquema.reglas:
        problemas.extend(_suma_ponderada(regla, valores, esquema, lugar))
    return valores, claves, problemas


_MILESIMA = Decimal("0.001")


def _suma_ponderada(regla: SumaPonderada, valores: dict[str, Any], esquema: Esquema, lugar: str) -> list[Problema]:
    """Compute or check a weighted sum (a dictamen's factors and final grade); fills what was left empty."""
    filas = valores.get(regla.tabla) or []
    if not filas:
        return []
    problemas: list[Problema] = []
    suma, pesos = Decimal(0), Decimal(0)
    for i, fila in enumerate(filas, start=1):
        ponderacion, calificacion = fila.get(regla.ponderacion), fila.get(regla.calificacion)
        if not isinstance(ponderacion, Decimal) or not isinstance(calificacion, Decimal):
            problemas.append(Problema(lugar, f"{regla.tabla}, fila {i}: faltan la ponderación o la calificación",
                                      "escriba ambas como números"))
            continue
        calculado = (ponderacion * calificacion / 100).quantize(_MILESIMA)
        dado = fila.get(regla.resultado)
        if isinstance(dado, Decimal):
            if abs(dado - calculado) >= Decimal("0.0005"):
                problemas.append(Problema(
                    lugar, f"{regla.tabla}, fila {i}: el resultado {dado} no es {ponderacion} × {calificacion} ÷ 100 "
                           f"= {calculado}", "corrija el resultado o déjelo vacío para que se calcule"))
        else:
            fila[regla.resultado] = calculado
        suma += calculado
        pesos += ponderacion
    if problemas:
        return problemas
    if pesos != 100:
        problemas.append(Problema(lugar, f"las ponderaciones de {regla.tabla} suman {pesos} %, no 100 %",
                                  "revise la ponderación de cada factor"))
    total = valores.get(regla.total)
    suma = suma.quantize(_MILESIMA)
    campo = esquema.campo(regla.total)
    if isinstance(total, Decimal):
        if abs(total - suma) >= Decimal("0.0005"):
            problemas.append(Problema(
                lugar, f"«{regla.total}» es {total}, pero la suma de los resultados ponderados de {regla.tabla} es "
                       f"{suma}", f"corrija {campo.descripcion.lower() if campo else regla.total} o déjelo vacío "
                                  "para que se calcule"))
    else:
        valores[regla.total] = suma
    return problemas
def _en_blanco(crudo: Any) -> bool:
    """Nothing written: None, blanks, or a list/table whose every renglón is blank (a form's empty rows)."""
    if crudo is None:
        return True
    if isinstance(crudo, str):
        return not crudo.strip()
    if isinstance(crudo, dict):
        return all(_en_blanco(v) for v in crudo.values())
    if isinstance(crudo, list | tuple):
        return all(_en_blanco(v) for v in crudo)
    return False


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


@dataclass(frozen=True)
class Imagen:
    """The picture of an ``imagen`` field: its bytes (PNG or JPEG) and its width in the document.

    At issue time it is filed in the expediente (``imagenes/``, by SHA-256) and the document's saved data point to
    that copy, so a borrador issued later, or a correction, uses the same picture."""

    datos: bytes
    extension: str
    ancho_cm: float

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.datos).hexdigest()


TAMANO_MAXIMO_IMAGEN = 10 * 1024 * 1024


def _imagen(campo: Campo, crudo: Any, raiz: Raiz | None) -> Imagen:
    """An imagen field's value: a path to a PNG or JPEG file, or (saved data) the archive's copy of it."""
    if isinstance(crudo, dict) and crudo.get("imagen"):
        if raiz is None:
            raise ValueError("la imagen guardada no se puede leer fuera del archivo")
        ruta = raiz.absoluta(str(crudo["imagen"]))
    else:
        ruta = Path(str(crudo)).expanduser()
    if not ruta.is_file():
        raise ValueError(f"no existe la imagen {ruta}")
    if ruta.stat().st_size > TAMANO_MAXIMO_IMAGEN:
        raise ValueError(f"la imagen {ruta.name} pesa más de 10 MB; redúzcala")
    datos = ruta.read_bytes()
    if datos.startswith(b"\x89PNG\r\n\x1a\n"):
        extension = ".png"
    elif datos.startswith(b"\xff\xd8\xff"):
        extension = ".jpg"
    else:
        raise ValueError(f"{ruta.name} no es una imagen PNG ni JPEG")
    # heavy library: imported where used (fast start)
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as ImagenDocx

    try:
        ImagenDocx.from_blob(datos)
    except (UnrecognizedImageError, ValueError, IndexError, struct.error):
        raise ValueError(f"la imagen {ruta.name} está dañada: no se pueden leer sus medidas") from None
    return Imagen(datos, extension, campo.ancho_cm or ANCHO_IMAGEN_CM)


def _convertir(campo: Campo, crudo: Any, padron: _Padron, config, raiz: Raiz | None = None, *,
               excel: bool = False) -> Any:
    tipo = campo.tipo
    if tipo == "imagen":
        return _imagen(campo, crudo, raiz)
    if tipo not in ("lista", "tabla"):
        _revisar_valor(crudo)
    if tipo == "texto":
        if isinstance(crudo, float) and crudo.is_integer():
            crudo = int(crudo)
        return str(crudo).strip() if not isinstance(crudo, str) else crudo.strip()
    if tipo == "fecha":
        return a_fecha(crudo, serial_excel=excel)
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
            except (json.JSONDecodeError, RecursionError):
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
            "expediente": exps.contexto(self.expediente),
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
    return compilacion.lugar_de_expedicion(config)


def _render(pc: PlantillaCompilada, nombre: str, contexto: dict[str, Any]) -> bytes:
    return compilacion.renderizar(pc, nombre, contexto)


# --- issuing ------------------------------------------------------------------------------------


@dataclass
class Solicitud:
    """One document to generate (a row of a batch, or the single document of `archivo generar`)."""

    datos: dict[str, Any]
    personas: list[str] = field(default_factory=list)
    lugar: str = "datos del documento"
    lugares: dict[str, str] = field(default_factory=dict)  # the place of each field's value (its cell)
    excel: bool = False  # values read from a workbook


def _preparar(cat: Catalogo | Transaccion, plantilla: Plantilla, solicitud: Solicitud, padron: _Padron, *,
              procedimiento_id: int | None, fecha: date | None, area: str | None, firmante: str | None,
              paso: int | None, sustituye: str | None,
              expediente: exps.Expediente | None = None) -> tuple[Encargo | None, list[Problema]]:
    raiz = (cat.catalogo if isinstance(cat, Transaccion) else cat).raiz
    config = raiz.config
    esquema = plantilla.esquema
    campos, claves_campos, problemas = preparar_campos(esquema, solicitud.datos, padron, config, solicitud.lugar,
                                                       raiz, solicitud.lugares, solicitud.excel)
    personas = list(dict.fromkeys([*solicitud.personas, *claves_campos]))
    for clave in solicitud.personas:
        if padron.get(clave) is None:
            problemas.append(Problema(solicitud.lugar, f"no existe en el padrón la persona «{clave}»"))
    proc = procedimientos.obtener(cat, procedimiento_id) if procedimiento_id is not None else None
    if proc is not None:
        expediente = exps.por_id(cat, proc.expediente_id)
        if proc.estado == "concluido":
            problemas.append(Problema(solicitud.lugar, f"el procedimiento {proc.id} está concluido"))
    elif expediente is not None:
        pass  # the caller files it in an expediente of its own (e.g. the correspondence register's)
    elif personas:
        expediente = exps.buscar(cat, "persona", personas[0])
        if expediente is None:
            problemas.append(Problema(solicitud.lugar, f"la persona {personas[0]} no tiene expediente"))
            return None, problemas
    else:
        problemas.append(Problema(solicitud.lugar, "no se sabe en qué expediente archivarlo",
                                  "indique --procedimiento ID o al menos una --persona CLAVE"))
        return None, problemas
    # --area (siglas or a role) or the template's role ([roles] of archivo.toml says which área plays it)
    resolucion = roles.resolver(config, area or esquema.area or "direccion")
    if resolucion.siglas is None:
        problemas.append(Problema(solicitud.lugar, f"la plantilla «{plantilla.nombre}» emite como «{resolucion.rol}»: "
                                  f"{resolucion.mensaje}", resolucion.sugerencia))
    area = resolucion.siglas or ""
    doc_sustituido = None
    if sustituye:
        try:
            doc_sustituido = documentos.obtener(cat, sustituye)
        except NoEncontrado as e:
            problemas.append(Problema(solicitud.lugar, str(e)))
    fecha = fecha or date.today()
    for campo in esquema.campos:  # a receipt after the acuse that records it, a deadline before the document…
        valor = campos.get(campo.nombre)
        if campo.momento and isinstance(valor, date) and (
                (campo.momento == "anterior" and valor > fecha) or (campo.momento == "posterior" and valor < fecha)):
            problemas.append(Problema(solicitud.lugar, f"«{campo.nombre}» ({formato.fecha_larga(valor)}) "
                                      f"{MOMENTOS[campo.momento]} ({formato.fecha_larga(fecha)})",
                                      "revise las dos fechas (--fecha da la del documento)"))
    if paso is None and proc is not None:
        paso = procedimientos.paso_para_plantilla(proc, esquema.pasos)
    elif paso is not None and proc is not None and paso not in {p.cvo for p in proc.pasos}:
        problemas.append(Problema(solicitud.lugar, f"el procedimiento {proc.id} no tiene el paso {paso}"))
    if problemas:
        return None, problemas
    return Encargo(plantilla, expediente, proc, campos, dict(solicitud.datos), personas, fecha, area,
                   _firmante(config, firmante, area), paso, doc_sustituido, _lugar(config)), []


def _guardar_imagenes(tx: Transaccion, encargo: Encargo) -> None:
    """File each picture of the document's imagen fields in its expediente (once per content) and point the
    saved data to that copy."""
    raiz = tx.catalogo.raiz
    for nombre, valor in encargo.campos.items():
        if not isinstance(valor, Imagen):
            continue
        ruta = encargo.expediente.carpeta(raiz) / "imagenes" / f"{valor.sha256[:16]}{valor.extension}"
        rel = raiz.relativa(ruta)
        if not tx.uno("SELECT 1 FROM archivos WHERE ruta = ?", (rel,)):
            ruta.parent.mkdir(exist_ok=True)
            tx.escribir_archivo(ruta, valor.datos, tipo="imagen")
        encargo.crudos[nombre] = {"imagen": rel, "sha256": valor.sha256}


def _con_imagenes(pc: PlantillaCompilada, contexto: dict[str, Any]) -> dict[str, Any]:
    """Imagen values as docxtpl InlineImages of this template (the renderer then writes the package whole)."""
    if not any(isinstance(v, Imagen) for v in contexto.values()):
        return contexto
    from docx.shared import Cm  # heavy library: imported where used (fast start)
    from docxtpl import InlineImage

    return {k: InlineImage(pc, io.BytesIO(v.datos), width=Cm(v.ancho_cm)) if isinstance(v, Imagen) else v
            for k, v in contexto.items()}
def validar(cat: Catalogo, nombre_plantilla: str, *, procedimiento_id: int | None = None,
            personas: Sequence[str] = (), datos: dict[str, Any] | None = None, fecha: date | None = None,
            area: str | None = None, firmante: str | None = None, paso: int | None = None,
            sustituye: str | None = None) -> Encargo:
    """Check everything a document needs (every problem at once, each naming its field); nothing is written."""
    plantilla = cargar_para_generar(cat.raiz, nombre_plantilla)
    encargo, problemas = _preparar(cat, plantilla, Solicitud(datos or {}, list(personas)), _Padron(cat),
                                   procedimiento_id=procedimiento_id, fecha=fecha, area=area, firmante=firmante,
                                   paso=paso, sustituye=sustituye)
    if problemas:
        raise EntradaInvalida(f"El documento tiene {len(problemas)} problema(s):", problemas)
    assert encargo is not None
    return encargo


def vista_previa(cat: Catalogo, nombre_plantilla: str, **argumentos: Any) -> bytes:
    """The .docx the document would be, as a borrador («SIN FOLIO — BORRADOR»): validated, rendered, not filed."""
    encargo = validar(cat, nombre_plantilla, **argumentos)
    pc = compilada(cat.raiz, encargo.plantilla)
    return _render(pc, encargo.plantilla.nombre, _con_imagenes(pc, encargo.contexto(cat, _Padron(cat), None)))


def datos_guardados(cat: Catalogo, doc: documentos.Documento) -> dict[str, Any]:
    """The data a generated document was made from (its ``.datos.json``): to reopen a borrador or correct it."""
    if not doc.datos_ruta:
        raise ArchivoError(f"El documento {doc.etiqueta} no conserva sus datos (no se generó desde una plantilla).")
    return json.loads(cat.raiz.absoluta(doc.datos_ruta).read_text(encoding="utf-8"))


def descartar_borrador(cat: Catalogo, folio_o_id: str | int) -> documentos.Documento:
    """Remove a borrador (its row now, its files after commit); an issued document is never removed."""
    with cat.transaccion("descartar borrador") as tx:
        doc = documentos.obtener(tx, folio_o_id)
        _descartar_borrador(tx, doc)
    return doc


def _emitir(tx: Transaccion, encargo: Encargo, pc: PlantillaCompilada, padron: _Padron, *,
            borrador: bool) -> documentos.Documento:
    esquema = encargo.plantilla.esquema
    _guardar_imagenes(tx, encargo)

    def construir(folio: str | None) -> bytes:
        return _render(pc, encargo.plantilla.nombre, _con_imagenes(pc, encargo.contexto(tx, padron, folio)))

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


def _ya_emitidos(cat: Catalogo | Transaccion, plantilla: str, procedimiento_id: int | None,
                 personas: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """persona -> [(folio, fecha)] of the documents of ``plantilla`` already issued to her in the procedure."""
    personas = list(personas)
    if procedimiento_id is None or not personas:
        return {}
    marcas = ",".join("?" * len(personas))
    filas = cat.todos(
        "SELECT dp.persona_clave AS clave, d.folio, d.fecha FROM documentos d JOIN documento_personas dp "
        f"ON dp.documento_id = d.id WHERE d.plantilla = ? AND d.procedimiento_id = ? AND d.estado = 'emitido' "
        f"AND dp.persona_clave IN ({marcas}) ORDER BY d.fecha, d.id", (plantilla, procedimiento_id, *personas))
    salida: dict[str, list[tuple[str, str]]] = {}
    for f in filas:
        salida.setdefault(f["clave"], []).append((f["folio"], f["fecha"]))
    return salida


def _repetidos(cat: Catalogo | Transaccion, encargos: Sequence[Encargo], lugares: Sequence[str]) -> list[Problema]:
    """An issue that repeats one already made: the same template to the same persona in the same procedure (before,
    or twice in this batch). Each is a problem unless ``--repetir`` says it is on purpose."""
    problemas: list[Problema] = []
    vistos: dict[tuple[int, str], str] = {}
    previos_por: dict[tuple[str, int | None], dict[str, list[tuple[str, str]]]] = {}
    for encargo, lugar in zip(encargos, lugares, strict=True):
        proc = encargo.procedimiento
        if proc is None or encargo.sustituye is not None:  # a correction says which document it replaces
            continue
        clave_previos = (encargo.plantilla.nombre, proc.id)
        if clave_previos not in previos_por:
            todas = {p for e in encargos for p in e.personas}
            previos_por[clave_previos] = _ya_emitidos(cat, encargo.plantilla.nombre, proc.id, todas)
        previos = previos_por[clave_previos]
        for persona in encargo.personas:
            anteriores = previos.get(persona, [])
            if anteriores:
                folio, cuando = anteriores[-1]
                problemas.append(Problema(
                    lugar, f"«{encargo.plantilla.nombre}» ya se emitió a {persona} en el procedimiento {proc.id}: "
                           f"folio {folio} del {formato.fecha_larga(cuando)}",
                    f"si corresponde otro, agregue --repetir (en el portal: marque «Emitirlo aunque…»); para corregir ese, "
                    f"emita una corrección (--sustituye {folio})"))
            if (proc.id, persona) in vistos:
                problemas.append(Problema(
                    lugar, f"{persona} ya tiene un documento en este lote ({vistos[(proc.id, persona)]})",
                    "quite la fila repetida o, si son dos documentos distintos, agregue --repetir (en el portal: "
                    "marque «Emitirlos aunque…»)"))
            else:
                vistos[(proc.id, persona)] = lugar
    return problemas


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


def cargar_para_generar(raiz: Raiz, nombre: str) -> Plantilla:
    """A template people generate documents from (a system one — carátula, informe frames — is refused)."""
    plantilla = cargar(raiz, nombre)
    exigir_generable(plantilla)
    return plantilla


def exigir_generable(plantilla: Plantilla) -> None:
    """Archival instruments are filled from the catalog by «archivo archivistica», system templates by the
    program: neither is generated with typed data."""
    if plantilla.esquema.tipo in instrumentos.TIPOS_DOCUMENTO:  # archival instruments: rows from the catalog
        raise EntradaInvalida(
            f"La plantilla «{plantilla.nombre}» es un instrumento archivístico: sus renglones salen del catálogo. "
            "Emítalo con «archivo archivistica inventario», «transferir», «baja» o «guia».")
    if plantilla.esquema.sistema:
        raise ArchivoError(f"«{plantilla.nombre}» ({plantilla.esquema.titulo}) la llena el programa; no se genera con "
                           "«archivo generar». Edítela en Word para cambiar su texto o su diseño.")


def generar(cat: Catalogo, nombre_plantilla: str, *, procedimiento_id: int | None = None,
            personas: Sequence[str] = (), datos: dict[str, Any] | None = None, borrador: bool = False,
            fecha: date | None = None, area: str | None = None, firmante: str | None = None,
            paso: int | None = None, sustituye: str | None = None, repetir: bool = False) -> documentos.Documento:
    """Generate one document: a borrador (no folio; regenerating replaces it) or an issued one.

    Issuing the same template again to the same persona in the same procedure is refused unless ``repetir``
    (a correction names the document it replaces with ``sustituye``)."""
    plantilla = cargar_para_generar(cat.raiz, nombre_plantilla)
    pc = compilada(cat.raiz, plantilla)
    padron = _Padron(cat)
    solicitud = Solicitud(datos or {}, list(personas))
    encargo, problemas = _preparar(cat, plantilla, solicitud, padron,
                                   procedimiento_id=procedimiento_id, fecha=fecha, area=area, firmante=firmante,
                                   paso=paso, sustituye=sustituye)
    if encargo is not None and not borrador and not repetir:
        problemas += _repetidos(cat, [encargo], [solicitud.lugar])
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


def _encargo_de_borrador(cat: Catalogo, doc: documentos.Documento, padron: _Padron, fecha: date | None,
                         ) -> tuple[Plantilla, Encargo | None, list[Problema]]:
    if doc.estado != "borrador":
        raise ArchivoError(f"El documento {doc.etiqueta} no es un borrador (está «{doc.estado}»).")
    if not doc.datos_ruta:
        raise ArchivoError(f"El borrador {doc.etiqueta} no conserva sus datos; genérelo de nuevo.")
    guardado = json.loads(cat.raiz.absoluta(doc.datos_ruta).read_text(encoding="utf-8"))
    plantilla = cargar_para_generar(cat.raiz, guardado["plantilla"])
    encargo, problemas = _preparar(
        cat, plantilla, Solicitud(guardado["campos"], guardado["personas"], f"borrador {doc.etiqueta}"), padron,
        procedimiento_id=guardado.get("procedimiento"), fecha=fecha or date.today(), area=guardado.get("area"),
        firmante=guardado.get("firmante", {}).get("clave"), paso=None, sustituye=guardado.get("sustituye"))
    return plantilla, encargo, problemas


def emitir_borradores(cat: Catalogo, folios_o_ids: Sequence[str | int], *, fecha: date | None = None,
                      repetir: bool = False, al_emitir: Callable[[documentos.Documento], None] | None = None,
                      tamano: int = TAMANO_LOTE) -> list[documentos.Documento]:
    """Issue borradores with their saved data (e.g. a batch previewed with ``borrador=True``): every one is checked
    first — nothing is issued if any has a problem —, then each gets its folio and its borrador is discarded, in
    transactions of ``tamano``. Borradores no longer waiting (issued by an interrupted run) are skipped;
    ``al_emitir(doc)`` runs inside the transaction of each one issued."""
    padron = _Padron(cat, completo=len(folios_o_ids) > 20)
    preparados: list[tuple[documentos.Documento, Plantilla, Encargo]] = []
    problemas: list[Problema] = []
    for ref in dict.fromkeys(folios_o_ids):
        doc = documentos.obtener(cat, ref)
        if doc.estado != "borrador" and len(folios_o_ids) > 1:
            continue
        plantilla, encargo, probs = _encargo_de_borrador(cat, doc, padron, fecha)
        problemas += probs
        if encargo is not None:
            preparados.append((doc, plantilla, encargo))
    if not problemas and not repetir:
        problemas += _repetidos(cat, [e for _, _, e in preparados], [f"borrador {d.etiqueta}" for d, _, _ in preparados])
    if problemas:
        raise EntradaInvalida(f"No se emitió ningún borrador; hay {len(problemas)} problema(s):", problemas)
    emitidos = []
    for inicio in range(0, len(preparados), tamano):
        with cat.transaccion("emitir borradores" if len(preparados) > 1 else "emitir borrador") as tx:
            for doc, plantilla, encargo in preparados[inicio:inicio + tamano]:
                emitido = _emitir(tx, encargo, compilada(cat.raiz, plantilla), padron, borrador=False)
                _descartar_borrador(tx, documentos.obtener(tx, doc.id))
                emitidos.append(emitido)
                if al_emitir:
                    al_emitir(emitido)
    return emitidos


def emitir_borrador(cat: Catalogo, folio_o_id: str | int, *, fecha: date | None = None,
                    repetir: bool = False) -> documentos.Documento:
    """Issue a borrador with its saved data: it gets its folio and the borrador is discarded."""
    return emitir_borradores(cat, [folio_o_id], fecha=fecha, repetir=repetir)[0]


def datos_de_ejemplo(esquema: Esquema) -> dict[str, Any]:
    """The schema's examples as the data of a document (``archivo generar NOMBRE --ejemplo``): a preview of a
    template while it is being written. A persona field takes its example clave, which must be in the padrón."""
    return {c.nombre: c.ejemplo for c in esquema.campos
            if c.ejemplo is not None and c.tipo not in ("bloque", "imagen")}  # an imagen's example names no file


@dataclass
class Preparado:
    """A document checked against its template and ready to be issued inside the caller's transaction
    (``emitir_en``): for capabilities whose user action issues a document together with other changes."""

    encargo: Encargo
    compilada: PlantillaCompilada
    padron: _Padron


def preparar(cat: Catalogo | Transaccion, nombre_plantilla: str, *, datos: dict[str, Any],
             personas: Sequence[str] = (), procedimiento_id: int | None = None,
             expediente: exps.Expediente | None = None, fecha: date | None = None, area: str | None = None,
             firmante: str | None = None, paso: int | None = None,
             lugar: str = "datos del documento") -> tuple[Preparado | None, list[Problema]]:
    """Check one document's data against its template (every problem, each with ``lugar``) without issuing it.

    It is filed in the procedure's expediente, else in ``expediente``, else in the first persona's."""
    raiz = (cat.catalogo if isinstance(cat, Transaccion) else cat).raiz
    plantilla = cargar(raiz, nombre_plantilla)
    pc = compilada(raiz, plantilla)
    padron = _Padron(cat)
    encargo, problemas = _preparar(cat, plantilla, Solicitud(datos, list(personas), lugar), padron,
                                   procedimiento_id=procedimiento_id, fecha=fecha, area=area, firmante=firmante,
                                   paso=paso, sustituye=None, expediente=expediente)
    return (Preparado(encargo, pc, padron) if encargo is not None and not problemas else None), problemas


def emitir_en(tx: Transaccion, preparado: Preparado) -> documentos.Documento:
    """Issue a ``preparar``-ed document with its folio inside the caller's transaction (its step marked hecho)."""
    return _emitir(tx, preparado.encargo, preparado.compilada, preparado.padron, borrador=False)


# --- batches ------------------------------------------------------------------------------------


@dataclass
class ResultadoLote:
    emitidos: list[documentos.Documento]
    total: int


def solicitudes_de_archivo(ruta: Path, esquema: Esquema) -> list[Solicitud]:
    """Rows of a CSV/Excel batch file: columns are field names (or their descriptions); «persona»/«clave» columns
    name the padrón persona(s) of each row. Each value keeps its cell as its place."""
    ruta = Path(ruta)
    tabla = leer_tabla(ruta, formato_esperado="El lote se da en .csv o .xlsx, con una columna por campo.")
    alias = {_normal(c.nombre): c.nombre for c in esquema.campos} | {_normal(c.descripcion): c.nombre
                                                                      for c in esquema.campos}
    nombres = {c.nombre for c in esquema.campos}
    columnas_persona = {_normal(x) for x in ("persona", "clave", "clave siispen", "personas")}

    def resolver(encabezado: str) -> str | None:
        n = _normal(encabezado)
        if n in columnas_persona:
            return f"__persona__{n}"
        return encabezado if encabezado in nombres else alias.get(n)

    mapa, problemas = tabla.columnas(resolver, sugerencia=f"use los nombres de campo de «archivo plantillas ver "
                                                          f"{esquema.nombre}»")
    if problemas:
        raise EntradaInvalida(f"El encabezado de {ruta.name} tiene problemas; no se emitió nada:", problemas)
    tabla.exigir_filas()
    solicitudes = []
    for fila in tabla.filas:
        datos: dict[str, Any] = {}
        lugares: dict[str, str] = {}
        personas: list[str] = []
        for campo, i in mapa.items():
            celda = fila.celda(i)
            if campo.startswith("__persona__"):
                personas.extend(_lista(celda.valor) if not celda.vacia else [])
            elif celda.valor not in (None, ""):
                datos[campo] = celda.valor
                lugares[campo] = celda.lugar
            else:
                lugares[campo] = celda.lugar
        solicitudes.append(Solicitud(datos, personas, fila.lugar, lugares, excel=tabla.hoja is not None))
    return solicitudes


def _normal(texto: str) -> str:
    return personal._normalizar(texto)


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
                 tamano: int = TAMANO_LOTE, borrador: bool = False, repetir: bool = False) -> ResultadoLote:
    """Issue one document per request, each with its own folio. Every bad row is reported before anything is
    issued; then documents are issued in transactions of ``tamano`` (search index and carátulas per chunk).

    ``borrador``: preview the batch as borradores (no folios); issuing the batch later replaces each borrador by
    its issued document. A row that repeats a document already issued (same template, persona and procedure) or
    another row of the batch is a problem unless ``repetir``."""
    plantilla = cargar_para_generar(cat.raiz, nombre_plantilla)
    pc = compilada(cat.raiz, plantilla)
    padron = _Padron(cat, completo=len(solicitudes) > 20)
    encargos, problemas, malas = _revisar_lote(cat, plantilla, solicitudes, padron, procedimiento_id=procedimiento_id,
                                               fecha=fecha, area=area, firmante=firmante,
                                               repetir=repetir or borrador)
    if problemas:
        que = "se generó ningún borrador" if borrador else "se emitió ningún documento"
        raise EntradaInvalida(f"No {que}: {len(problemas)} problema(s) en {len(malas)} fila(s):", problemas)
    emitidos: list[documentos.Documento] = []
    hechos_ids: set[int] = set()
    accion = f"generar borradores de {plantilla.nombre}" if borrador else f"emitir lote de {plantilla.nombre}"
    for inicio in range(0, len(encargos), tamano):
        with cat.transaccion(accion) as tx:
            for e in encargos[inicio:inicio + tamano]:
                # the batch's preview, replaced by what is generated now (never a borrador made by this run)
                previos = [d for d in _borradores_previos(tx, e) if d.id not in hechos_ids]
                doc = _emitir(tx, e, pc, padron, borrador=borrador)
                for previo in previos:
                    _descartar_borrador(tx, previo)
                hechos_ids.add(doc.id)
                emitidos.append(doc)
                if avanzar:
                    avanzar(1)
    return ResultadoLote(emitidos, len(encargos))


def validar_lote(cat: Catalogo, nombre_plantilla: str, solicitudes: list[Solicitud], *,
                 procedimiento_id: int | None = None, fecha: date | None = None, area: str | None = None,
                 firmante: str | None = None, repetir: bool = False) -> list[Encargo]:
    """Check every row of a batch; ``EntradaInvalida`` with every problem of every row (nothing is written).
    A row that repeats a document already issued, or another row, is a problem unless ``repetir``."""
    if not solicitudes:
        raise EntradaInvalida("El lote no tiene filas.")
    plantilla = cargar_para_generar(cat.raiz, nombre_plantilla)
    padron = _Padron(cat, completo=len(solicitudes) > 20)
    encargos, problemas, filas_malas = _revisar_lote(cat, plantilla, solicitudes, padron,
                                                     procedimiento_id=procedimiento_id, fecha=fecha, area=area,
                                                     firmante=firmante, repetir=repetir)
    if problemas:
        raise EntradaInvalida(f"No se generó nada: {len(problemas)} problema(s) en {len(filas_malas)} fila(s):",
                              problemas)
    return encargos


def _revisar_lote(cat: Catalogo, plantilla: Plantilla, solicitudes: list[Solicitud], padron: _Padron, *,
                  procedimiento_id: int | None, fecha: date | None, area: str | None, firmante: str | None,
                  repetir: bool) -> tuple[list[Encargo], list[Problema], set[str]]:
    """Every row of a batch checked: (encargos of the good rows, every problem, the places of the bad rows). Rows
    that repeat a document already issued, or another row, are checked only when the rest is clean and not
    ``repetir``."""
    encargos: list[Encargo] = []
    problemas: list[Problema] = []
    malas: set[str] = set()
    for s in solicitudes:
        encargo, probs = _preparar(cat, plantilla, s, padron, procedimiento_id=procedimiento_id, fecha=fecha,
                                   area=area, firmante=firmante, paso=None, sustituye=None)
        problemas.extend(probs)
        if probs:
            malas.add(s.lugar)
        elif encargo:
            encargos.append(encargo)
    if not problemas and not repetir:
        repetidos = _repetidos(cat, encargos, [s.lugar for s in solicitudes])
        problemas += repetidos
        malas.update(p.lugar for p in repetidos)
    return encargos, problemas, malas


def generar_borradores(cat: Catalogo, nombre_plantilla: str, solicitudes: list[Solicitud], *,
                       procedimiento_id: int | None = None, fecha: date | None = None, area: str | None = None,
                       firmante: str | None = None,
                       al_generar: Callable[[documentos.Documento], None] | None = None,
                       omitir: int = 0, propios: Sequence[int] = (), tamano: int = TAMANO_LOTE,
                       repetir: bool = False) -> list[documentos.Documento]:
    """A batch's preview: one borrador per row, to read before issuing them all. Every bad row is reported before
    anything is written. A borrador of an earlier preview (same template, procedure and personas) is replaced,
    never one of this batch (two rows for the same persona with ``repetir``). ``al_generar(doc)`` runs inside each
    chunk's transaction; ``omitir``: rows already done by an interrupted run (a job resuming), whose borradores
    are ``propios``."""
    encargos = validar_lote(cat, nombre_plantilla, solicitudes, procedimiento_id=procedimiento_id, fecha=fecha,
                            area=area, firmante=firmante, repetir=repetir)
    de_este_lote = set(propios)
    pc = compilada(cat.raiz, encargos[0].plantilla) if encargos else None
    padron = _Padron(cat, completo=len(encargos) > 20)
    hechos: list[documentos.Documento] = []
    pendientes = encargos[omitir:]
    for inicio in range(0, len(pendientes), tamano):
        with cat.transaccion(f"generar lote en borrador de {nombre_plantilla}") as tx:
            for e in pendientes[inicio:inicio + tamano]:
                previos = [d for d in _borradores_previos(tx, e) if d.id not in de_este_lote]
                doc = _emitir(tx, e, pc, padron, borrador=True)
                for previo in previos:
                    _descartar_borrador(tx, previo)
                de_este_lote.add(doc.id)
                hechos.append(doc)
                if al_generar:
                    al_generar(doc)
    return hechos


