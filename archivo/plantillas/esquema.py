"""Template schemas: the sidecar ``NOMBRE.yaml`` beside each ``NOMBRE.docx`` in ``plantillas/``.

A schema declares the document type, its folio series, default área, the mecanismo steps it serves and
every field the template uses (name, type, required, Spanish description, example). Variables the system
always provides (``VARIABLES_SISTEMA``) are not declared in schemas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from archivo.base.errors import EntradaInvalida, Problema

TIPOS_CAMPO = {
    "texto": "Texto libre",
    "fecha": "Fecha (AAAA-MM-DD o DD/MM/AAAA)",
    "número": "Número",
    "moneda": "Cantidad en pesos",
    "persona": "Clave de una persona del padrón",
    "lista": "Lista de textos",
    "tabla": "Tabla (lista de filas con columnas)",
    "booleano": "Sí o no",
}
# Accept the unaccented spelling people type.
_ALIAS_TIPO = {"numero": "número"}

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
    "lugar": "Lugar de expedición (ciudad, entidad)",
    "firmante": "Quien firma (nombre, cargo)",
    "procedimiento": "El procedimiento (id, titulo, mecanismo, mecanismo_nombre), si lo hay",
    "expediente": "El expediente donde se archiva (numero, titulo)",
    "personas": "Las personas del padrón a las que se refiere el documento (lista)",
    "persona": "La primera (o única) persona a la que se refiere el documento",
    "sustituye": "El folio del documento que este corrige, si lo hay",
}

NOMBRE_VALIDO = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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

    def como_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"nombre": self.nombre, "tipo": self.tipo, "requerido": self.requerido,
                             "descripcion": self.descripcion, "ejemplo": self.ejemplo}
        if self.columnas:
            d["columnas"] = [{"nombre": c.nombre, "tipo": c.tipo, "descripcion": c.descripcion} for c in self.columnas]
        return d


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

    def campo(self, nombre: str) -> Campo | None:
        return next((c for c in self.campos if c.nombre == nombre), None)

    @property
    def nombres(self) -> set[str]:
        return {c.nombre for c in self.campos}

    def como_dict(self) -> dict[str, Any]:
        return {"nombre": self.nombre, "titulo": self.titulo, "tipo": self.tipo, "serie": self.serie,
                "area": self.area, "descripcion": self.descripcion, "pasos": self.pasos,
                "campos": [c.como_dict() for c in self.campos]}


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
    if problemas:
        return None, problemas
    return Campo(nombre, tipo, requerido, descripcion, c.get("ejemplo"), tuple(columnas)), []


def cargar_esquema(path: Path) -> Esquema:
    """Load and validate a schema file; every problem is reported at once."""
    lugar = path.name
    try:
        datos = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EntradaInvalida(
            f"Falta el esquema {path.name} junto a la plantilla; cada plantilla .docx necesita su .yaml."
        ) from None
    except yaml.YAMLError as e:
        raise EntradaInvalida(f"{lugar} no es YAML válido: {e}") from None
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
    nombre = str(datos.get("nombre") or path.stem)
    if nombre != path.stem:
        problemas.append(Problema(lugar, f"«nombre: {nombre}» no coincide con el archivo {path.stem}.yaml"))
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
    if problemas:
        raise EntradaInvalida(f"El esquema {lugar} tiene {len(problemas)} problema(s):", problemas)
    conocidas = {"nombre", "titulo", "tipo", "serie", "area", "descripcion", "pasos", "campos", "sistema", "membrete"}
    return Esquema(nombre=nombre, titulo=str(datos["titulo"]).strip(), tipo=str(datos["tipo"]).strip(),
                   serie=str(datos.get("serie") or "").strip(), area=str(datos.get("area") or "").strip(),
                   descripcion=str(datos.get("descripcion") or "").strip(), pasos=[str(p) for p in pasos],
                   campos=campos, ruta=path, extra={k: v for k, v in datos.items() if k not in conocidas},
                   sistema=banderas["sistema"], membrete=banderas["membrete"])
