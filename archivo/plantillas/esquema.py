"""Template schemas: the sidecar ``NOMBRE.yaml`` beside each ``NOMBRE.docx`` in ``plantillas/``.

A schema declares the document type, its folio series, default área, the mecanismo steps it serves and
every field the template uses (name, type, required, Spanish description, example). Variables the system
always provides (``VARIABLES_SISTEMA``) are not declared in schemas.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.fsutil import atomic_write_text
from archivo.base.lectura import leer_yaml

TIPOS_CAMPO = {
    "texto": "Texto libre",
    "fecha": "Fecha (AAAA-MM-DD o DD/MM/AAAA)",
    "número": "Número",
    "moneda": "Cantidad en pesos",
    "persona": "Clave de una persona del padrón",
    "lista": "Lista de textos",
    "tabla": "Tabla (lista de filas con columnas)",
    "booleano": "Sí o no",
    "imagen": "Imagen PNG o JPEG (firma escaneada, fotografía, logotipo)",
    "bloque": "Contenido que arma el programa (tablas de datos, anexos); solo en plantillas del sistema",
}
# Accept the unaccented spelling people type.
_ALIAS_TIPO = {"numero": "número"}
ANCHO_IMAGEN_CM = 4.0  # an imagen field's width when its schema does not say
# A date field's «momento»: a past event the document records (a receipt, a request) or a deadline it sets.
MOMENTOS = {"anterior": "no puede ser posterior a la fecha del documento",
            "posterior": "no puede ser anterior a la fecha del documento"}

# What every template receives without declaring it.
# What a persona record offers a template (``generacion.persona_contexto``): the padrón's fields and two derived
# ones. ``tests/test_plantillas_conjunto.py`` checks it against ``personal.Persona``.
CLAVES_PERSONA = (
    "clave", "nombre", "primer_apellido", "segundo_apellido", "cargo", "nivel", "rango", "adscripcion",
    "titularidad", "fecha_titularidad", "via_ingreso", "fecha_ingreso", "situacion", "correo", "fecha_baja",
    "motivo_baja", "alta", "modificado", "nombre_completo", "adscripcion_nombre",
)

VARIABLES_SISTEMA: dict[str, str] = {
    "institucion": "La institución (nombre, siglas, entidad, ciudad, domicilio, telefono, sitio_web, lema)",
    "organo_enlace": "El Órgano de Enlace (nombre, siglas)",
    "area": "El área que emite (siglas, nombre)",
    "folio": "El folio del documento («SIN FOLIO — BORRADOR» en un borrador)",
    "es_borrador": "Verdadero si el documento es un borrador",
    "fecha": "La fecha del documento",
    "lugar": "Lugar de expedición, como lo indica archivo.toml (p. ej. «Zacatecas, Zac.»)",
    "firmante": "Quien firma (nombre, cargo)",
    "procedimiento": "El procedimiento (id, titulo, mecanismo, mecanismo_nombre, tipo, tipo_nombre), si lo hay",
    "expediente": "El expediente donde se archiva (numero, titulo, fondo, seccion, serie, fecha_apertura…)",
    "personas": "Las personas del padrón a las que se refiere el documento (lista)",
    "persona": "La primera (o única) persona a la que se refiere el documento",
    "sustituye": "El folio del documento que este corrige, si lo hay",
}

# The attributes of the system variables that are records, as a template writes them (``{{ firmante.cargo }}``).
ATRIBUTOS_SISTEMA: dict[str, dict[str, str]] = {
    "institucion": {"nombre": "Nombre de la institución", "siglas": "Siglas", "entidad": "Entidad federativa",
                    "ciudad": "Ciudad", "domicilio": "Domicilio", "telefono": "Teléfono",
                    "sitio_web": "Sitio web", "lema": "Lema"},
    "organo_enlace": {"nombre": "Nombre del Órgano de Enlace", "siglas": "Siglas"},
    "area": {"siglas": "Siglas del área que emite", "nombre": "Nombre del área"},
    "firmante": {"nombre": "Nombre de quien firma, con su grado", "cargo": "Cargo de quien firma"},
    "procedimiento": {"id": "Número del procedimiento", "titulo": "Título", "mecanismo": "Clave del mecanismo",
                      "mecanismo_nombre": "Nombre del mecanismo", "tipo": "Clave del tipo de procedimiento",
                      "tipo_nombre": "Nombre del tipo de procedimiento"},
    "expediente": {"numero": "Número del expediente", "titulo": "Título", "tipo_nombre": "Tipo de expediente",
                   "fondo": "Fondo", "seccion": "Sección", "serie": "Serie documental",
                   "fecha_apertura": "Fecha de apertura", "fecha_cierre": "Fecha de cierre (vacía si está abierto)",
                   "valores": "Valores documentales", "vigencia_anios": "Vigencia documental en años",
                   "clasificacion": "Clasificación de acceso", "estado": "abierto o cerrado"},
}

# What a persona field (and ``persona``/``personas``) offers a template, with its meaning.
DESCRIPCION_PERSONA: dict[str, str] = {
    "clave": "Clave en el padrón (SIISPEN)", "nombre": "Nombre(s)", "primer_apellido": "Primer apellido",
    "segundo_apellido": "Segundo apellido", "nombre_completo": "Nombre completo",
    "cargo": "Cargo o puesto", "nivel": "Nivel", "rango": "Rango (A, B o C)", "adscripcion": "Siglas del área de "
    "adscripción", "adscripcion_nombre": "Nombre del área de adscripción", "titularidad": "Tiene titularidad (sí o "
    "no)", "fecha_titularidad": "Fecha de la titularidad", "via_ingreso": "Vía de ingreso",
    "fecha_ingreso": "Fecha de ingreso", "situacion": "activo, separación temporal o separación definitiva",
    "correo": "Correo electrónico", "fecha_baja": "Fecha de la baja, si la hubo", "motivo_baja": "Motivo de la baja",
    "alta": "Cuándo se registró en el padrón", "modificado": "Cuándo cambió por última vez",
}

# Example values of the system variables: the preview of a template and the tests render with them.
PERSONA_EJEMPLO: dict[str, Any] = {
    "clave": "SPEN-0001", "nombre": "María Fernanda", "primer_apellido": "Torres", "segundo_apellido": "Villaseñor",
    "nombre_completo": "María Fernanda Torres Villaseñor", "cargo": "Coordinadora de Organización Electoral",
    "nivel": "3", "rango": "A", "adscripcion": "DEOE",
    "adscripcion_nombre": "Dirección Ejecutiva de Organización Electoral", "titularidad": True,
    "fecha_titularidad": "2021-06-30", "via_ingreso": "Concurso Público", "fecha_ingreso": "2017-11-01",
    "situacion": "activo", "correo": "maria.torres@iea.mx", "fecha_baja": None, "motivo_baja": None,
    "alta": "2024-01-08T10:00:00", "modificado": "2024-01-08T10:00:00",
}


def ejemplos_sistema() -> dict[str, Any]:
    """A plausible value of every system variable (a fictitious institution), for previews and checks."""
    return {
        "institucion": {"nombre": "Instituto Electoral de Anáhuac", "siglas": "IEA", "entidad": "Anáhuac",
                        "ciudad": "Ciudad Anáhuac", "domicilio": "Av. de la Reforma 120, Centro, C.P. 58000",
                        "telefono": "443 322 1400", "sitio_web": "www.iea.mx",
                        "lema": "Certeza y legalidad para Anáhuac"},
        "organo_enlace": {"nombre": "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral",
                          "siglas": "DEVySPE"},
        "area": {"siglas": "CSPE", "nombre": "Coordinación del Servicio Profesional Electoral"},
        "folio": "IEA/DEVySPE/045/2024", "es_borrador": False, "fecha": date(2024, 11, 4),
        "lugar": "Ciudad Anáhuac, Anáhuac",
        "firmante": {"clave": "titular", "nombre": "Mtra. Lorena Estefanía Ruiz Cárdenas",
                     "cargo": "Directora Ejecutiva de Vinculación y Servicio Profesional Electoral"},
        "procedimiento": None,
        "expediente": {"numero": "IEA/DEVySPE/SPEN.02/2024/0007", "titulo": "Evaluación del desempeño 2023-2024",
                       "tipo_nombre": "Procedimiento", "fondo": "IEA", "seccion": "Servicio Profesional Electoral "
                       "Nacional", "serie": "SPEN.02 Mecanismos del Servicio", "fecha_apertura": "2024-04-01",
                       "fecha_cierre": None, "valores": "Administrativo, legal", "vigencia_anios": 5,
                       "clasificacion": "Pública, con versión pública de datos personales", "estado": "abierto"},
        "personas": [dict(PERSONA_EJEMPLO)], "persona": dict(PERSONA_EJEMPLO), "sustituye": None,
    }


NOMBRE_VALIDO = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVADAS = {"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if", "else",
               "for", "loop", "self", "range", "lipsum", "dict", "cycler", "joiner", "namespace"}


@dataclass(frozen=True)
class Columna:
    nombre: str
    tipo: str = "texto"
    descripcion: str = ""


@dataclass(frozen=True)
class Campo:
    nombre: str
    tipo: str
    requerido: bool
    descripcion: str
    ejemplo: Any = None
    columnas: tuple[Columna, ...] = ()
    ancho_cm: float | None = None  # imagen: width in the document (the height follows the picture's proportions)
    momento: str | None = None  # fecha: «anterior» (on or before the document's date) or «posterior» (on or after)

    def como_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"nombre": self.nombre, "tipo": self.tipo, "requerido": self.requerido,
                             "descripcion": self.descripcion, "ejemplo": self.ejemplo}
        if self.columnas:
            d["columnas"] = [{"nombre": c.nombre, "tipo": c.tipo, "descripcion": c.descripcion} for c in self.columnas]
        if self.tipo == "imagen":
            d["ancho_cm"] = self.ancho_cm
        if self.momento:
            d["momento"] = self.momento
        return d


@dataclass(frozen=True)
class SumaPonderada:
    """Rule ``suma_ponderada`` of a schema: in table ``tabla``, each row's ``resultado`` is ``ponderacion`` ×
    ``calificacion`` ÷ 100, the weights add up to 100 and field ``total`` is the sum of the results (e.g. the final
    grade of a dictamen de evaluación and its factors). A result or total left empty is computed; one given is
    checked, and generation refuses a document whose numbers do not add up."""

    tabla: str
    ponderacion: str
    calificacion: str
    resultado: str
    total: str

    def como_dict(self) -> dict[str, Any]:
        return {"suma_ponderada": {"tabla": self.tabla, "ponderacion": self.ponderacion,
                                   "calificacion": self.calificacion, "resultado": self.resultado,
                                   "total": self.total}}


def _reglas(crudas: Any, campos: list[Campo], lugar: str) -> tuple[list[SumaPonderada], list[Problema]]:
    if crudas in (None, []):
        return [], []
    if not isinstance(crudas, list):
        return [], [Problema(lugar, "«reglas» debe ser una lista", "p. ej. - suma_ponderada: {tabla: factores, …}")]
    por_nombre = {c.nombre: c for c in campos}
    reglas, problemas = [], []
    for i, r in enumerate(crudas, start=1):
        donde = f"{lugar}, regla {i}"
        datos = r.get("suma_ponderada") if isinstance(r, dict) else None
        claves = ("tabla", "ponderacion", "calificacion", "resultado", "total")
        if not isinstance(datos, dict) or set(datos) != set(claves):
            problemas.append(Problema(donde, "regla desconocida", "use suma_ponderada con tabla, ponderacion, "
                                      "calificacion, resultado y total"))
            continue
        tabla = por_nombre.get(str(datos["tabla"]))
        if tabla is None or tabla.tipo != "tabla":
            problemas.append(Problema(donde, f"«{datos['tabla']}» no es un campo tabla del esquema"))
            continue
        columnas = {c.nombre for c in tabla.columnas}
        for clave in ("ponderacion", "calificacion", "resultado"):
            if datos[clave] not in columnas:
                problemas.append(Problema(donde, f"la tabla «{tabla.nombre}» no tiene la columna «{datos[clave]}»"))
        total = por_nombre.get(str(datos["total"]))
        if total is None or total.tipo != "número":
            problemas.append(Problema(donde, f"«{datos['total']}» no es un campo número del esquema"))
        if not problemas:
            reglas.append(SumaPonderada(*(str(datos[k]) for k in claves)))
    return reglas, problemas


@dataclass
class Esquema:
    nombre: str
    titulo: str
    tipo: str  # document type: oficio, tarjeta-informativa, circular, acuerdo-comision, dictamen, informe…
    serie: str  # folio series, a key of [folios] in archivo.toml
    area: str  # default issuing área (siglas)
    descripcion: str
    pasos: list[str]  # "tipo-de-procedimiento:cvo" this template's output serves
    campos: list[Campo]
    ruta: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    sistema: bool = False  # filled by the program itself (carátula, índice, orden del día, report frames)
    membrete: bool = True  # built with the archive's membrete.docx (page, header, footer, styles)
    reglas: list[SumaPonderada] = field(default_factory=list)  # checks (and computations) across fields
    fecha_ejemplo: date | None = None  # the date of the document the examples describe (previews, the demo)

    def campo(self, nombre: str) -> Campo | None:
        return next((c for c in self.campos if c.nombre == nombre), None)

    @property
    def nombres(self) -> set[str]:
        return {c.nombre for c in self.campos}

    def como_dict(self) -> dict[str, Any]:
        return {"nombre": self.nombre, "titulo": self.titulo, "tipo": self.tipo, "serie": self.serie,
                "area": self.area, "descripcion": self.descripcion, "pasos": self.pasos,
                "campos": [c.como_dict() for c in self.campos], "sistema": self.sistema,
                "reglas": [r.como_dict() for r in self.reglas],
                "fecha_ejemplo": self.fecha_ejemplo.isoformat() if self.fecha_ejemplo else None}


def _problemas_campo(i: int, c: Any, lugar: str) -> tuple[Campo | None, list[Problema]]:
    problemas: list[Problema] = []
    donde = f"{lugar}, campo {i}"
    if not isinstance(c, dict):
        return None, [Problema(donde, "cada campo debe ser un bloque con nombre, tipo, requerido, descripcion")]
    nombre = str(c.get("nombre", "")).strip()
    if nombre:
        donde = f"{lugar}, campo «{nombre}»"
    if not nombre:
        problemas.append(Problema(donde, "falta «nombre»"))
    elif not NOMBRE_VALIDO.match(nombre):
        problemas.append(Problema(donde, "el nombre no es válido en una plantilla",
                                  "use letras sin acentos, números y guion bajo; p. ej. fecha_notificacion"))
    elif nombre in VARIABLES_SISTEMA:
        problemas.append(Problema(donde, f"«{nombre}» es una variable del sistema; no la declare"))
    elif nombre in _RESERVADAS:
        problemas.append(Problema(donde, f"«{nombre}» es una palabra reservada de las plantillas",
                                  f"use otro nombre, p. ej. {nombre}_documento"))
    tipo = _ALIAS_TIPO.get(str(c.get("tipo", "")).strip(), str(c.get("tipo", "")).strip())
    if tipo not in TIPOS_CAMPO:
        problemas.append(Problema(donde, f"tipo «{c.get('tipo', '')}» desconocido",
                                  f"use uno de: {', '.join(TIPOS_CAMPO)}"))
    requerido = c.get("requerido", True)
    if not isinstance(requerido, bool):
        problemas.append(Problema(donde, "«requerido» debe ser true o false"))
        requerido = True
    descripcion = str(c.get("descripcion", "")).strip()
    if not descripcion:
        problemas.append(Problema(donde, "falta «descripcion» (qué debe escribir quien llena el campo)"))
    columnas: list[Columna] = []
    if tipo == "tabla":
        crudas = c.get("columnas") or []
        if not crudas:
            problemas.append(Problema(donde, "un campo tabla debe declarar sus «columnas»"))
        for col in crudas:
            if not isinstance(col, dict) or not NOMBRE_VALIDO.match(str(col.get("nombre", ""))):
                problemas.append(Problema(donde, f"columna inválida: {col!r}", "cada columna necesita un nombre válido"))
                continue
            columnas.append(Columna(str(col["nombre"]), str(col.get("tipo", "texto")), str(col.get("descripcion", ""))))
    ancho: float | None = None
    if tipo == "imagen":
        crudo = c.get("ancho_cm", ANCHO_IMAGEN_CM)
        if isinstance(crudo, bool) or not isinstance(crudo, int | float) or not 0.5 <= crudo <= 20:
            problemas.append(Problema(donde, f"«ancho_cm» debe ser un número de 0.5 a 20 (centímetros), no «{crudo}»"))
        else:
            ancho = float(crudo)
    momento = c.get("momento")
    if momento is not None and (tipo != "fecha" or momento not in MOMENTOS):
        problemas.append(Problema(donde, f"«momento: {momento}» no sirve aquí",
                                  "solo un campo fecha lo lleva: anterior o posterior (a la fecha del documento)"))
    if problemas:
        return None, problemas
    return Campo(nombre, tipo, requerido, descripcion, c.get("ejemplo"), tuple(columnas), ancho, momento), []


_cargados: dict[tuple[str, int, int], Esquema] = {}


def cargar_esquema(path: Path) -> Esquema:
    """Load and validate a schema file; every problem is reported at once. Remembered while the file is unchanged
    (same size and modification time): carátulas and batches load the same schema many times."""
    try:
        estado = path.stat()
    except OSError:
        estado = None
    clave = (str(path), estado.st_mtime_ns, estado.st_size) if estado else None
    if clave is not None and clave in _cargados:
        return copy.deepcopy(_cargados[clave])
    esquema = _cargar_esquema(path)
    if clave is not None:
        _cargados[clave] = copy.deepcopy(esquema)
    return esquema


def _cargar_esquema(path: Path) -> Esquema:
    lugar = path.name
    if not path.exists():
        raise EntradaInvalida(
            f"Falta el esquema {path.name} junto a la plantilla; cada plantilla .docx necesita su .yaml.")
    return esquema_desde_datos(leer_yaml(path), lugar, path.stem, ruta=path)


def esquema_desde_datos(datos: Any, lugar: str, nombre_esperado: str, *, ruta: Path | None = None) -> Esquema:
    """Validate a schema given as data (what a YAML file holds, or what the portal's schema form submits)."""
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{lugar} debe contener un bloque con nombre, titulo, tipo, serie y campos.")
    problemas: list[Problema] = []
    banderas: dict[str, bool] = {}
    for clave, omision in (("sistema", False), ("membrete", True)):
        valor = datos.get(clave, omision)
        if not isinstance(valor, bool):
            problemas.append(Problema(lugar, f"«{clave}» debe ser true o false"))
            valor = omision
        banderas[clave] = valor
    for clave in ("titulo", "tipo") if banderas["sistema"] else ("titulo", "tipo", "serie"):
        if not str(datos.get(clave, "")).strip():
            problemas.append(Problema(lugar, f"falta «{clave}»"))
    nombre = str(datos.get("nombre") or nombre_esperado)
    if nombre != nombre_esperado:
        problemas.append(Problema(lugar, f"«nombre: {nombre}» no coincide con el archivo {nombre_esperado}.yaml"))
    pasos = datos.get("pasos") or []
    for p in pasos:
        if not re.fullmatch(r"[a-z0-9\-]+:\d+", str(p)):
            problemas.append(Problema(lugar, f"paso «{p}» inválido", "escríbalo como tipo-de-procedimiento:número"))
    campos: list[Campo] = []
    vistos: set[str] = set()
    for i, c in enumerate(datos.get("campos") or [], start=1):
        campo, probs = _problemas_campo(i, c, lugar)
        problemas.extend(probs)
        if campo:
            if campo.nombre in vistos:
                problemas.append(Problema(f"{lugar}, campo «{campo.nombre}»", "declarado dos veces"))
            vistos.add(campo.nombre)
            campos.append(campo)
    reglas, problemas_reglas = _reglas(datos.get("reglas"), campos, lugar)
    problemas.extend(problemas_reglas)
    fecha_ejemplo = datos.get("fecha_ejemplo")
    if fecha_ejemplo is not None and not isinstance(fecha_ejemplo, date):
        problemas.append(Problema(lugar, f"«fecha_ejemplo: {fecha_ejemplo}» no es una fecha AAAA-MM-DD"))
        fecha_ejemplo = None
    if not banderas["sistema"]:
        for campo in campos:
            if campo.tipo == "bloque":
                problemas.append(Problema(f"{lugar}, campo «{campo.nombre}»", "el tipo «bloque» lo llena el programa",
                                          "úselo solo en plantillas del sistema (sistema: true)"))
    if problemas:
        raise EntradaInvalida(f"El esquema {lugar} tiene {len(problemas)} problema(s):", problemas)
    conocidas = {"nombre", "titulo", "tipo", "serie", "area", "descripcion", "pasos", "campos", "sistema", "membrete",
                 "reglas", "fecha_ejemplo"}
    return Esquema(nombre=nombre, titulo=str(datos["titulo"]).strip(), tipo=str(datos["tipo"]).strip(),
                   serie=str(datos.get("serie") or "").strip(), area=str(datos.get("area") or "").strip(),
                   descripcion=str(datos.get("descripcion") or "").strip(), pasos=[str(p) for p in pasos],
                   campos=campos, ruta=ruta, extra={k: v for k, v in datos.items() if k not in conocidas},
                   sistema=banderas["sistema"], membrete=banderas["membrete"], reglas=reglas,
                   fecha_ejemplo=fecha_ejemplo)


def escribir_esquema(ruta: Path, datos: dict[str, Any]) -> Esquema:
    """Validate ``datos`` and write it as the schema ``ruta`` (NOMBRE.yaml) atomically; nothing is written if it has
    any problem. The YAML keeps the key order people read: nombre, titulo, tipo, serie, area, descripcion, pasos,
    campos."""
    import yaml  # heavy library: imported where used (fast start)

    ruta = Path(ruta)
    esquema = esquema_desde_datos(datos, ruta.name, ruta.stem, ruta=ruta)
    orden = ["nombre", "titulo", "tipo", "serie", "area", "descripcion", "pasos", "campos"]
    ordenado = {k: datos[k] for k in orden if k in datos} | {k: v for k, v in datos.items() if k not in orden}
    texto = ("# Esquema de la plantilla " + ruta.stem + ".docx: qué campos llena quien redacta el documento.\n"
             + yaml.safe_dump(ordenado, allow_unicode=True, sort_keys=False, width=110))
    atomic_write_text(ruta, texto)
    return esquema
