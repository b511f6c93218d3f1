"""archivo.toml: the schema of every table (declared once in ``ESQUEMA``), its validation and the typed values.

One place validates; every package reads typed values from ``Raiz.config`` (a ``Configuracion``):
``config.institucion``, ``config.areas``, ``config.folios``, ``config.archivistica``, ``config.sesiones``,
``config.comision``… or ``config.tabla("nombre")`` for a table without a typed view.

- ``cargar(ruta)`` / ``cargar_texto(texto)``: read and validate; every problem at once (``EntradaInvalida``).
- ``validar(datos)``: every problem of a dict shaped like archivo.toml (what the portal's form submits).
- ``revisar(ruta)``: every problem of the file, the example values of ``archivo iniciar`` included.
- ``guardar(ruta, datos)``: validate a dict and write it to archivo.toml atomically, keeping the user's comments.
- ``Configuracion.exigir_datos_reales(que)``: refuse what would fix the example institution into the archive.

How to add a table or a key: docs/arquitectura.md, «La configuración (archivo.toml)».
"""

from __future__ import annotations

import copy
import difflib
import re
import string
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.formato import plegar
from archivo.base.fsutil import atomic_write_text

if TYPE_CHECKING:
    from archivo.base.catalogo import Transaccion

ARCHIVO_TOML = "archivo.toml"

# Placeholders a folio format may use.
CAMPOS_FOLIO = {"siglas", "area", "anio", "consecutivo", "organo"}
LARGO_MAXIMO_FOLIO = 100

# Vocabularies of sessions (archivo.sesiones reads them from here: one definition).
ORGANOS_SESION = ("comision", "consejo")
TIPOS_SESION = ("ordinaria", "extraordinaria")
NOMBRES_ORGANO = {
    "comision": "Comisión de Seguimiento del Servicio Profesional Electoral Nacional",
    "consejo": "Consejo General",
}
DIAS_SEMANA = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
FORMATO_PAGINA = "Página {n} de {total}"

# Kinds of expediente (archivistica.expedientes.TIPOS names them for people).
TIPOS_EXPEDIENTE = ("persona", "procedimiento", "mecanismo", "sesion", "acervo")


# --- problems ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemaConfig(Problema):
    """A problem of archivo.toml; ``campo`` names the value for a form: «sesiones.hora», «areas.2.siglas»
    (list elements numbered from 1, as the message says)."""

    campo: str = ""

    def como_dict(self) -> dict[str, str]:
        return {**super().como_dict(), "campo": self.campo}


class Invalido(Exception):
    """A value of the wrong kind: what is wrong and how to write it (raised by the types below)."""

    def __init__(self, mensaje: str, sugerencia: str = "") -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.sugerencia = sugerencia


def describir(valor: Any) -> str:
    """What a TOML value is, as a person reads it («el número 5», «el texto «IEA»», «una lista»)."""
    if isinstance(valor, bool):
        return f"el valor {'true' if valor else 'false'} (verdadero/falso)"
    if isinstance(valor, int | float):
        return f"el número {valor}"
    if isinstance(valor, str):
        corto = valor if len(valor) <= 40 else valor[:37] + "…"
        return f"el texto «{corto}»"
    if isinstance(valor, datetime):
        return "una fecha con hora"
    if isinstance(valor, date):
        return f"la fecha {valor.isoformat()}"
    if isinstance(valor, time):
        return "una hora"
    if isinstance(valor, dict):
        return "una tabla"
    if isinstance(valor, list):
        return "una lista"
    return "un valor de otro tipo"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# --- types of values -----------------------------------------------------------------------------
# Each type has ``nombre`` (how the schema and the docs name it) and ``convertir(valor, clave)``, which returns the
# typed value or raises ``Invalido``. The schema is made of NamedTuples, not dataclasses: every command loads it,
# and a frozen dataclass costs milliseconds to create (benchmarks/arranque.py).


class Texto(NamedTuple):
    """Text between quotes; surrounding spaces are dropped. Control characters are refused (never stripped)."""

    vacio: bool = True                 # may be "" (False: write it, or leave the key out for its default)
    patron: str | None = None          # regular expression the whole text must match
    explicacion: str = ""              # why the pattern failed, e.g. «use letras, números y guiones»
    comprobar: Callable[[str], str | None] | None = None  # extra check: the problem, or None
    ayuda: str = ""                    # how to fix what ``comprobar`` found
    maximo: int = 500
    nombre: str = "texto"

    def convertir(self, valor: Any, clave: str) -> str:
        if not isinstance(valor, str):
            ejemplo = f"{clave} = \"{valor}\"" if isinstance(valor, int | float) and not isinstance(valor, bool) \
                else f"{clave} = \"…\""
            raise Invalido(f"debe ser texto entre comillas, no {describir(valor)}", f"escríbalo así: {ejemplo}")
        if m := _CONTROL.search(valor):
            raise Invalido(f"contiene un carácter de control (código {ord(m.group()):#04x}, posición "
                           f"{m.start() + 1})", "bórrelo: a veces llega al copiar y pegar desde otro programa")
        texto = valor.strip()
        if not texto and not self.vacio:
            raise Invalido("está vacío", f"escriba el valor, o borre la línea de «{clave}» para usar el valor por "
                           "omisión")
        if len(texto) > self.maximo:
            raise Invalido(f"tiene {len(texto)} caracteres; el máximo es {self.maximo}", "abrévielo")
        if texto and self.patron and not re.fullmatch(self.patron, texto):
            raise Invalido(f"«{texto}» tiene caracteres no permitidos", self.explicacion)
        if texto and self.comprobar and (problema := self.comprobar(texto)):
            raise Invalido(problema, self.ayuda)
        return texto


class Entero(NamedTuple):
    """A whole number written without quotes, within [minimo, maximo]."""

    minimo: int = 0
    maximo: int = 1000
    ejemplo: int = 1
    nombre: str = "número entero"

    def convertir(self, valor: Any, clave: str) -> int:
        if isinstance(valor, bool) or not isinstance(valor, int):
            if isinstance(valor, str) and valor.strip().lstrip("-").isdigit():
                sugerencia = f"escriba el número sin comillas: {clave} = {valor.strip()}"
            else:
                sugerencia = f"escriba un número sin comillas, p. ej. {clave} = {self.ejemplo}"
            raise Invalido(f"debe ser un número entero, no {describir(valor)}", sugerencia)
        if not self.minimo <= valor <= self.maximo:
            raise Invalido(f"{valor} está fuera del intervalo permitido", f"use un número de {self.minimo} a {self.maximo}")
        return valor


class Opcion(NamedTuple):
    """One of a few words, written with or without accents and in any case; stored in its listed form."""

    opciones: tuple[str, ...]
    nombre: str = "opción"

    def convertir(self, valor: Any, clave: str) -> str:
        if isinstance(valor, str):
            for opcion in self.opciones:
                if plegar(opcion) == plegar(valor):
                    return opcion
        raise Invalido(f"{describir(valor)} no es una de las opciones",
                       f"use una de: {', '.join(self.opciones)} (entre comillas)")


class Fecha(NamedTuple):
    """A date: "AAAA-MM-DD" between quotes, or a TOML date without quotes. Stored as "AAAA-MM-DD"."""

    nombre: str = "fecha"

    def convertir(self, valor: Any, clave: str) -> str:
        if isinstance(valor, date) and not isinstance(valor, datetime):
            return valor.isoformat()
        if isinstance(valor, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", valor.strip()):
            try:
                return date.fromisoformat(valor.strip()).isoformat()
            except ValueError:
                raise Invalido(f"«{valor.strip()}» no es una fecha que exista", "revise el día y el mes") from None
        raise Invalido(f"{describir(valor)} no es una fecha AAAA-MM-DD", "escríbala así: \"2025-11-02\"")


class Lista(NamedTuple):
    """A list between brackets whose elements are all of one type."""

    elemento: Any
    minimo: int = 0
    sin_repetir: bool = False
    ordenar: bool = False
    titulo: str = ""  # how the docs name it; by default «lista de <elemento>»
    ejemplo: str = "[…]"

    @property
    def nombre(self) -> str:
        return self.titulo or f"lista de {self.elemento.nombre}"

    def convertir(self, valor: Any, clave: str) -> list[Any]:
        if not isinstance(valor, list):
            raise Invalido(f"debe ser una lista entre corchetes, no {describir(valor)}",
                           f"escríbala así: {clave} = {self.ejemplo}")
        resultado = []
        for i, elemento in enumerate(valor, start=1):
            try:
                resultado.append(self.elemento.convertir(elemento, clave))
            except Invalido as e:
                raise Invalido(f"el elemento {i} de la lista: {e.mensaje}",
                               e.sugerencia or f"escríbala así: {clave} = {self.ejemplo}") from None
        if len(resultado) < self.minimo:
            raise Invalido("la lista está vacía" if not resultado else f"la lista necesita al menos {self.minimo}",
                           f"escríbala así: {clave} = {self.ejemplo}")
        if self.sin_repetir:
            repetidos = sorted({str(x) for x in resultado if resultado.count(x) > 1})
            if repetidos:
                raise Invalido(f"se repite: {', '.join(repetidos)}", "escriba cada valor una sola vez")
        return sorted(resultado) if self.ordenar else resultado


class Booleano(NamedTuple):
    """true or false, written without quotes."""

    nombre: str = "verdadero o falso (true/false)"

    def convertir(self, valor: Any, clave: str) -> bool:
        if isinstance(valor, bool):
            return valor
        if isinstance(valor, str) and plegar(valor) in ("true", "false", "si", "no", "verdadero", "falso"):
            sugerido = "true" if plegar(valor) in ("true", "si", "verdadero") else "false"
            raise Invalido(f"debe ser true o false sin comillas, no {describir(valor)}",
                           f"escríbalo así: {clave} = {sugerido}")
        raise Invalido(f"debe ser true o false, no {describir(valor)}", f"escríbalo así: {clave} = true")


class Persona(NamedTuple):
    """A person to whom documents are addressed, as an inline table: { nombre = "…", cargo = "…" }."""

    nombre: str = "tabla { nombre = \"…\", cargo = \"…\" }"

    def convertir(self, valor: Any, clave: str) -> dict[str, str]:
        ejemplo = f"{clave} = {{ nombre = \"Mtra. Ana López Ruiz\", cargo = \"Directora Ejecutiva de …\" }}"
        if not isinstance(valor, dict):
            raise Invalido(f"debe ser una tabla con nombre y cargo, no {describir(valor)}", f"escríbala así: {ejemplo}")
        sobran = [k for k in valor if k not in ("nombre", "cargo")]
        faltan = [k for k in ("nombre", "cargo") if k not in valor]
        if sobran or faltan:
            detalle = "; ".join(x for x in (f"sobra {', '.join(sobran)}" if sobran else "",
                                             f"falta {', '.join(faltan)}" if faltan else "") if x)
            raise Invalido(f"lleva solo nombre y cargo ({detalle})", f"escríbala así: {ejemplo}")
        return {k: Texto(vacio=False).convertir(valor[k], k) for k in ("nombre", "cargo")}


def formato_registro(formato: str) -> str | None:
    """A problem of a registration-number format of the correspondence register ({anio} and {consecutivo} are
    required, {siglas} optional), or None."""
    try:
        campos = {f for _, f, _, _ in string.Formatter().parse(formato) if f is not None}
        muestras = [formato.format(siglas="IEM", anio=a, consecutivo=n) for a in _ANIOS for n in (1, 27, 12345)]
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return "solo puede usar {siglas}, {anio} y {consecutivo} (con formato como {consecutivo:04d})"
    if not {"anio", "consecutivo"} <= campos:
        return "debe incluir {anio} y {consecutivo}"
    if len(set(muestras)) != len(muestras) or _CONTROL.search("".join(muestras)):
        return "dos registros distintos tendrían el mismo número"
    return None


# --- the schema ----------------------------------------------------------------------------------


class Heredado(NamedTuple):
    """A default that is the value of another key («institucion.siglas»)."""

    ruta: str


class Clave(NamedTuple):
    """One key of a table: its type, whether it is required, its default and what it means.

    ``ejemplo``: the placeholder ``archivo iniciar`` writes for it; while the value is still that, the archive
    refuses to issue folios or create expedientes (see ``Configuracion.exigir_datos_reales``).
    """

    nombre: str
    tipo: Any
    descripcion: str
    requerida: bool = False
    defecto: Any = None
    ejemplo: str | None = None
    ayuda: str = ""  # how to fill it in, for the messages (e.g. «p. ej. «IEM»»)


class Tabla(NamedTuple):
    """A table of archivo.toml (``nombre`` with dots for a sub-table, e.g. «sesiones.consejo»).

    ``lista``: written as ``[[nombre]]`` once per element (áreas, firmantes), at least ``minimo`` of them.
    ``libre``: the user chooses the key names (e.g. ``[folios]``: one key per serie), each of this type.
    """

    nombre: str
    descripcion: str
    claves: tuple[Clave, ...] = ()
    subtablas: tuple[Tabla, ...] = ()
    requerida: bool = False
    lista: bool = False
    minimo: int = 0
    libre: Clave | None = None
    sugerencia_falta: str = ""

    @property
    def corto(self) -> str:
        return self.nombre.rsplit(".", 1)[-1]

    def clave(self, nombre: str) -> Clave | None:
        return next((c for c in self.claves if c.nombre == nombre), None)


def _hora(texto: str) -> str | None:
    return None if re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", texto) else f"«{texto}» no es una hora"


def validar_formato_pagina(formato: str) -> str | None:
    """A problem with a page-stamp format (it needs {n} and may use {total}), or None."""
    try:
        muestra = formato.format(n=1, total=2)
        formato.format(n=999, total=1000)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return "solo puede usar {n} (la página) y {total} (el total de páginas)"
    if "{n" not in formato or muestra == formato:
        return "debe incluir {n}, el número de página"
    if _CONTROL.search(muestra):
        return "produce caracteres de control"
    return None


SIGLAS = r"[A-Za-zÁÉÍÓÚÑÜáéíóúñü0-9][A-Za-zÁÉÍÓÚÑÜáéíóúñü0-9\-]*"
_MESES = Lista(Entero(1, 12, ejemplo=3), minimo=1, sin_repetir=True, ordenar=True, titulo="lista de meses (1 a 12)",
               ejemplo="[3, 6, 9, 12]")
_DIA = Opcion(DIAS_SEMANA[:5], nombre="día hábil de la semana")
_ANTICIPACION = Entero(0, 60, ejemplo=3)


def _claves_calendario_sesiones(heredar: bool) -> tuple[Clave, ...]:
    def defecto(clave: str, valor: Any) -> Any:
        return Heredado(f"sesiones.{clave}") if heredar else valor

    return (
        Clave("anticipacion_ordinaria", _ANTICIPACION, "Días hábiles de anticipación para enviar los documentos "
              "de una sesión ordinaria", defecto=defecto("anticipacion_ordinaria", 3)),
        Clave("anticipacion_extraordinaria", _ANTICIPACION, "Días hábiles de anticipación para una sesión "
              "extraordinaria", defecto=defecto("anticipacion_extraordinaria", 1)),
        Clave("meses_ordinarias", _MESES, "Meses de las sesiones ordinarias del calendario anual",
              defecto=defecto("meses_ordinarias", [3, 6, 9, 12])),
        Clave("dia_calendario", _DIA, "Día de la semana de las sesiones del calendario (el último hábil del mes)",
              defecto=defecto("dia_calendario", "jueves")),
    )


def _subtablas_archivistica() -> tuple[Tabla, ...]:
    series = {
        "persona": "SPEN.01 Expedientes del personal del Servicio",
        "procedimiento": "SPEN.02 Mecanismos del Servicio",
        "mecanismo": "SPEN.03 Administración de riesgos",
        "sesion": "SPEN.04 Comisión de Seguimiento del Servicio",
        "acervo": "SPEN.05 Acervo documental",
    }
    clasificacion = {
        "persona": "Confidencial (contiene datos personales)",
        "procedimiento": "Pública, con versión pública de datos personales",
        "mecanismo": "Pública",
        "sesion": "Pública",
        "acervo": "Pública",
    }
    return (
        Tabla("archivistica.series", "Serie documental (código y nombre) de cada tipo de expediente; el código (la "
              "primera palabra) forma parte del número de expediente",
              tuple(Clave(t, Texto(vacio=False, maximo=200), f"Serie de los expedientes de tipo «{t}»", defecto=series[t])
                    for t in TIPOS_EXPEDIENTE)),
        Tabla("archivistica.clasificacion", "Clasificación de acceso de cada tipo de expediente",
              tuple(Clave(t, Texto(vacio=False, maximo=200), f"Clasificación de acceso de los expedientes de tipo «{t}»",
                          defecto=clasificacion[t]) for t in TIPOS_EXPEDIENTE)),
    )


ESQUEMA: tuple[Tabla, ...] = (
    Tabla("institucion", "La institución (el OPLE): aparece en los membretes, carátulas y folios", (
        Clave("nombre", Texto(), "Nombre oficial de la institución", requerida=True,
              ejemplo="Organismo Público Local Electoral",
              ayuda="el nombre oficial de su institución, p. ej. «Instituto Electoral de Michoacán»"),
        Clave("siglas", Texto(patron=SIGLAS, explicacion="use letras, números y guiones, sin espacios", maximo=30),
              "Siglas de la institución (van en los folios)", requerida=True, ejemplo="OPLE",
              ayuda="las siglas de su institución, p. ej. «IEM»: van en cada folio"),
        Clave("entidad", Texto(), "Entidad federativa", defecto=""),
        Clave("ciudad", Texto(), "Ciudad donde se firman los documentos", requerida=True, ejemplo="Ciudad",
              ayuda="la ciudad donde se firman los documentos, p. ej. «Morelia»"),
        Clave("lugar", Texto(), "Lugar de expedición como se escribe en los documentos («Zacatecas, Zac.»); vacío: "
              "«ciudad, entidad»", defecto=""),
        Clave("domicilio", Texto(), "Domicilio para el membrete", defecto=""),
        Clave("telefono", Texto(), "Teléfono para el membrete", defecto=""),
        Clave("sitio_web", Texto(), "Sitio web para el membrete", defecto=""),
        Clave("lema", Texto(), "Lema institucional del año, si lo hay", defecto=""),
    ), requerida=True, sugerencia_falta="agregue [institucion] con nombre, siglas y ciudad"),
    Tabla("organo_enlace", "El Órgano de Enlace con el Servicio Profesional Electoral Nacional", (
        Clave("nombre", Texto(), "Nombre del Órgano de Enlace", requerida=True),
        Clave("siglas", Texto(patron=SIGLAS, explicacion="use letras, números y guiones, sin espacios", maximo=30),
              "Siglas del Órgano de Enlace: una de las [[areas]]; es el área por omisión de documentos y "
              "expedientes", requerida=True),
    ), requerida=True, sugerencia_falta="agregue [organo_enlace] con nombre y siglas"),
    Tabla("areas", "Áreas que emiten documentos (una sección [[areas]] por área)", (
        Clave("siglas", Texto(patron=SIGLAS, explicacion="use letras, números y guiones, sin espacios", maximo=30),
              "Siglas del área (van en los folios)", requerida=True),
        Clave("nombre", Texto(), "Nombre del área", requerida=True),
    ), requerida=True, lista=True, minimo=1,
        sugerencia_falta="agregue una sección [[areas]] con siglas y nombre por cada área"),
    Tabla("roles", "Qué área cumple cada papel que nombran las plantillas (p. ej. coordinacion-servicio = \"CSPE\")",
          libre=Clave("rol", Texto(patron=SIGLAS, explicacion="use las siglas de una de las [[areas]]", maximo=30),
                      "Siglas del área que cumple ese papel")),
    Tabla("firmantes", "Personas que firman los documentos (una sección [[firmantes]] por persona)", (
        Clave("clave", Texto(patron=r"[A-Za-z0-9][A-Za-z0-9_\-]*", explicacion="use letras sin acentos, números, «-» o «_»",
                             maximo=60), "Clave corta con que las plantillas eligen a quien firma", requerida=True),
        Clave("nombre", Texto(), "Nombre de la persona, con su grado (p. ej. «Mtra. Ana López Ruiz»)",
              requerida=True, ejemplo="Nombre de la persona titular",
              ayuda="el nombre de quien firma, con su grado, p. ej. «Mtra. Ana López Ruiz»"),
        Clave("cargo", Texto(), "Cargo como aparece bajo la firma", requerida=True),
        Clave("area", Texto(patron=SIGLAS, explicacion="use las siglas de una de las [[areas]]", maximo=30),
              "Siglas del área de quien firma (firma los documentos de esa área)", defecto=""),
    ), lista=True),
    Tabla("comision", "La Comisión de Seguimiento del Servicio (informes de compromisos y acuerdos, PAT)", (
        Clave("nombre", Texto(vacio=False), "Nombre completo de la Comisión",
              defecto="Comisión de Seguimiento del Servicio Profesional Electoral Nacional"),
        Clave("nombre_corto", Texto(vacio=False), "Cómo se le nombra dentro del texto", defecto="Comisión de Seguimiento"),
        Clave("fundamento_informe", Texto(vacio=False), "Norma que ordena el informe de compromisos y acuerdos",
              defecto="el Reglamento de Comisiones del Consejo General"),
    )),
    Tabla("folios", "Formato del folio de cada serie; campos: {siglas}, {area}, {anio}, {consecutivo}, {organo}",
          requerida=True, libre=Clave("serie", Texto(maximo=LARGO_MAXIMO_FOLIO), "Formato del folio de la serie"),
          sugerencia_falta="agregue [folios] con una línea por serie, p. ej. "
                           "oficio = \"{siglas}/{area}/{consecutivo:03d}/{anio}\""),
    # The cuadro and the CADIDO live in the catalog (archivo archivistica cuadro / cadido). This table is read once,
    # when an archive created before that gets its cuadro: its series, fondo, sección, valores and clasificación
    # are kept there (archivistica.clasificacion.preparar_en). New archives do not write it.
    Tabla("archivistica", "Clasificación archivística que tenía un archivo anterior al cuadro de clasificación en el "
          "catálogo: se conserva al preparar el cuadro (después se edita con «archivo archivistica cuadro» y «cadido»)", (
        Clave("fondo", Texto(vacio=False, maximo=60), "Fondo: la institución (va en el número de cada expediente)",
              defecto=Heredado("institucion.siglas"), ejemplo="OPLE",
              ayuda="el fondo de su archivo, normalmente las siglas de la institución (p. ej. «IEM»); va en el "
                    "número de cada expediente"),
        Clave("seccion", Texto(vacio=False, maximo=200), "Sección del cuadro de clasificación",
              defecto="Servicio Profesional Electoral Nacional"),
        Clave("valores", Texto(vacio=False, maximo=200), "Valores documentales", defecto="Administrativo, legal"),
        Clave("vigencia_anios", Entero(0, 100, ejemplo=5), "Años de conservación en el archivo de trámite", defecto=5),
    ), subtablas=_subtablas_archivistica()),
    Tabla("calendario", "Días inhábiles que declare la institución, además de los oficiales", (
        Clave("dias_inhabiles", Lista(Fecha(), sin_repetir=True, titulo="lista de fechas",
                                      ejemplo="[\"2025-11-02\", \"2025-12-12\"]"),
              "Fechas AAAA-MM-DD entre comillas", defecto=[]),
    )),
    Tabla("sesiones", "Sesiones de la Comisión y del Consejo General: plazos, calendario y carpeta", (
        *_claves_calendario_sesiones(heredar=False),
        Clave("hora", Texto(comprobar=_hora, ayuda="escríbala como 11:00 o 17:30"),
              "Hora por omisión de las sesiones nuevas", defecto=""),
        Clave("lugar", Texto(), "Lugar por omisión de las sesiones nuevas", defecto=""),
        Clave("nombre_comision", Texto(vacio=False), "Nombre de la Comisión en los documentos de sesión",
              defecto=NOMBRES_ORGANO["comision"]),
        Clave("nombre_consejo", Texto(vacio=False), "Nombre del Consejo en los documentos de sesión",
              defecto=NOMBRES_ORGANO["consejo"]),
        Clave("formato_pagina", Texto(vacio=False, comprobar=validar_formato_pagina, ayuda="p. ej. «Página {n} de {total}»"),
              "Número de página de la carpeta de sesión", defecto=FORMATO_PAGINA),
        Clave("procesos_libreoffice", Entero(1, 8, ejemplo=2), "Procesos de LibreOffice al convertir a PDF (por omisión: "
              "automático, según los núcleos y el número de documentos)", defecto=None),
    ), subtablas=(
        Tabla("sesiones.comision", "Plazos y calendario propios de la Comisión (por omisión, los de [sesiones])",
              _claves_calendario_sesiones(heredar=True)),
        Tabla("sesiones.consejo", "Plazos y calendario propios del Consejo General (por omisión, los de "
              "[sesiones])", _claves_calendario_sesiones(heredar=True)),
    )),
    Tabla("correspondencia", "Correspondencia con el INE (SIVOPLE): plazos, números de registro y procedimientos", (
        Clave("area", Texto(patron=SIGLAS, explicacion="use las siglas de una de las [[areas]]", maximo=30),
              "Área que lleva la bitácora y emite su informe (por omisión CV-INE si existe, si no el Órgano de "
              "Enlace)", defecto=""),
        Clave("plazo_dias", Entero(1, 120, ejemplo=5), "Plazo de atención por omisión, en días hábiles desde la "
              "recepción", defecto=5),
        Clave("aviso_dias", Entero(0, 30, ejemplo=2), "«Vence pronto» cuando faltan estos días hábiles o menos",
              defecto=2),
        Clave("folio_entrada", Texto(vacio=False, comprobar=formato_registro, ayuda="p. ej. «E-{consecutivo:04d}/{anio}»",
                                     maximo=LARGO_MAXIMO_FOLIO),
              "Número de registro de las entradas; campos: {siglas}, {anio}, {consecutivo}",
              defecto="E-{consecutivo:04d}/{anio}"),
        Clave("folio_salida", Texto(vacio=False, comprobar=formato_registro, ayuda="p. ej. «S-{consecutivo:04d}/{anio}»",
                                    maximo=LARGO_MAXIMO_FOLIO),
              "Número de registro de las salidas; campos: {siglas}, {anio}, {consecutivo}",
              defecto="S-{consecutivo:04d}/{anio}"),
        Clave("abrir_procedimiento", Booleano(), "Abrir el procedimiento del manual para cada entrada que requiere "
              "respuesta", defecto=False),
    ), subtablas=(
        Tabla("correspondencia.titulares", "A quién se dirigen las tarjetas informativas de cada área (si no es su "
              "firmante en [[firmantes]])",
              libre=Clave("area", Persona(), "Titular del área: { nombre = \"…\", cargo = \"…\" }")),
    )),
)


def tabla_del_esquema(nombre: str) -> Tabla | None:
    """The declared table «nombre» (dots for sub-tables), or None."""
    def buscar(tablas: Sequence[Tabla]) -> Iterator[Tabla]:
        for t in tablas:
            yield t
            yield from buscar(t.subtablas)

    return next((t for t in buscar(ESQUEMA) if t.nombre == nombre), None)


def describir_esquema() -> list[dict[str, Any]]:
    """The schema as data (for the portal's form and the docs): tables, keys, types, defaults, descriptions."""
    def defecto(c: Clave) -> Any:
        if isinstance(c.defecto, Heredado):
            return {"igual_a": c.defecto.ruta}
        return copy.deepcopy(c.defecto)

    def tabla(t: Tabla) -> dict[str, Any]:
        return {
            "nombre": t.nombre, "descripcion": t.descripcion, "requerida": t.requerida, "lista": t.lista,
            "minimo": t.minimo,
            "claves": [{"nombre": c.nombre, "tipo": c.tipo.nombre, "descripcion": c.descripcion,
                        "requerida": c.requerida, "defecto": defecto(c), "ejemplo_de_iniciar": c.ejemplo}
                       for c in t.claves],
            "claves_libres": ({"tipo": t.libre.tipo.nombre, "descripcion": t.libre.descripcion}
                              if t.libre else None),
            "subtablas": [tabla(s) for s in t.subtablas],
        }

    return [tabla(t) for t in ESQUEMA]


# --- validation ----------------------------------------------------------------------------------


class _Revision:
    """Problems of one validation, with their place in the file and their field for a form."""

    def __init__(self) -> None:
        self.problemas: list[ProblemaConfig] = []

    def agregar(self, etiqueta: str, campo: str, clave: str | None, mensaje: str, sugerencia: str = "") -> None:
        if clave is None:
            lugar = f"{ARCHIVO_TOML}, {etiqueta}"
        else:
            lugar = f"{ARCHIVO_TOML}, {etiqueta}{',' if etiqueta.startswith('[[') else ''} {clave}"
        completo = f"{campo}.{clave}" if campo and clave is not None else (campo or (clave or ""))
        self.problemas.append(ProblemaConfig(lugar, mensaje, sugerencia, completo))


def _parecida(nombre: str, opciones: Sequence[str]) -> str | None:
    """The option a misspelt name most likely meant (accents and case aside), or None."""
    plegadas = {plegar(o).replace(" ", "_"): o for o in opciones}
    clave = plegar(nombre).replace(" ", "_")
    if clave in plegadas:
        return plegadas[clave]
    cercanas = difflib.get_close_matches(clave, list(plegadas), n=1, cutoff=0.75)
    return plegadas[cercanas[0]] if cercanas else None


def _donde_va(nombre: str, excepto: str) -> str | None:
    """The table a key belongs to, when it was written in another one («telefono» goes in [institucion])."""
    def recorrer(tablas: Sequence[Tabla]) -> Iterator[Tabla]:
        for t in tablas:
            yield t
            yield from recorrer(t.subtablas)

    for t in recorrer(ESQUEMA):
        if t.nombre != excepto and t.clave(nombre) is not None:
            return f"[[{t.nombre}]]" if t.lista else f"[{t.nombre}]"
    return None


def _resolver(defecto: Any, efectiva: dict[str, Any]) -> Any:
    if isinstance(defecto, Heredado):
        valor: Any = efectiva
        for parte in defecto.ruta.split("."):
            valor = valor.get(parte) if isinstance(valor, dict) else None
        return copy.deepcopy(valor)
    return copy.deepcopy(defecto)


def _en_minuscula(texto: str) -> str:
    return texto[:1].lower() + texto[1:]


def _vacio(valor: Any) -> bool:
    return valor is None or valor == "" or valor == []


def _validar_tabla(t: Tabla, datos: dict[str, Any], etiqueta: str, campo: str, destino: dict[str, Any],
                   efectiva: dict[str, Any], rev: _Revision) -> None:
    """Validate one table (``datos``) into ``destino`` (values with their defaults)."""
    subtablas = {s.corto: s for s in t.subtablas}
    conocidas = [c.nombre for c in t.claves] + list(subtablas)
    desconocidas = [] if t.libre else [k for k in datos if k not in conocidas]
    faltantes = [c.nombre for c in t.claves if c.requerida and c.nombre not in datos]
    explicadas = set()  # required keys missing because they were misspelt: one problem says both
    for k in desconocidas:
        parecida = _parecida(k, conocidas)
        if parecida and parecida in faltantes and parecida not in explicadas:
            explicadas.add(parecida)
            rev.agregar(etiqueta, campo, k, f"clave desconocida, y falta «{parecida}»",
                        f"¿quiso decir «{parecida}»? Corrija el nombre")
        elif parecida:
            rev.agregar(etiqueta, campo, k, "clave desconocida", f"¿quiso decir «{parecida}»?")
        elif (otra := _donde_va(k, t.nombre)) is not None:
            rev.agregar(etiqueta, campo, k, f"clave desconocida en esta tabla; «{k}» va en {otra}",
                        f"muévala a {otra}")
        else:
            rev.agregar(etiqueta, campo, k, "clave desconocida",
                        f"las claves de esta tabla son: {', '.join(conocidas)}; bórrela o corrija su nombre")
    for c in t.claves:
        if c.nombre in datos:
            try:
                valor = c.tipo.convertir(datos[c.nombre], c.nombre)
            except Invalido as e:
                rev.agregar(etiqueta, campo, c.nombre, e.mensaje, e.sugerencia)
                valor = _resolver(c.defecto, efectiva) if c.defecto is not None else ("" if c.requerida else None)
            else:
                if c.requerida and _vacio(valor):
                    rev.agregar(etiqueta, campo, c.nombre, "está vacío",
                                f"escriba {c.ayuda or _en_minuscula(c.descripcion)}")
        else:
            valor = _resolver(c.defecto, efectiva)
            if c.requerida:
                if c.nombre not in explicadas:
                    rev.agregar(etiqueta, campo, None, f"falta «{c.nombre}»",
                                f"agregue {c.nombre} = \"…\" ({c.ayuda or _en_minuscula(c.descripcion)})")
                valor = "" if valor is None else valor
        destino[c.nombre] = valor
    if t.libre is not None:
        for k, v in datos.items():
            if k in subtablas:
                continue
            if not str(k).strip() or _CONTROL.search(str(k)):
                rev.agregar(etiqueta, campo, repr(k), "nombre de clave no válido", "use letras, números y guiones")
                continue
            try:
                destino[k] = t.libre.tipo.convertir(v, k)
            except Invalido as e:
                rev.agregar(etiqueta, campo, k, e.mensaje, e.sugerencia)
    for corto, s in subtablas.items():
        _validar_tabla_en(s, datos.get(corto), destino, efectiva, rev)


def _validar_tabla_en(t: Tabla, valor: Any, destino: dict[str, Any], efectiva: dict[str, Any], rev: _Revision,
                      explicada: bool = False) -> None:
    """Validate table ``t`` whose value in the file is ``valor`` (None: absent) into ``destino[t.corto]``.

    ``explicada``: the table is missing because its name was misspelt, and that problem was already reported."""
    etiqueta = f"[[{t.nombre}]]" if t.lista else f"[{t.nombre}]"
    if t.lista:
        elementos: list[dict[str, Any]] = []
        destino[t.corto] = elementos
        if valor is None:
            valor = []
        if not isinstance(valor, list):
            rev.agregar(etiqueta, t.nombre, None, f"debe ser una lista de secciones [[{t.nombre}]], no "
                        f"{describir(valor)}", t.sugerencia_falta or f"escriba una sección [[{t.nombre}]] por elemento")
            return
        for i, elemento in enumerate(valor, start=1):
            etiqueta_i = f"[[{t.nombre}]] número {i}"
            if not isinstance(elemento, dict):
                claves = " y ".join(c.nombre for c in t.claves if c.requerida)
                rev.agregar(etiqueta_i, f"{t.nombre}.{i}", None, f"debe ser una sección [[{t.nombre}]] con "
                            f"{claves}, no {describir(elemento)}",
                            t.sugerencia_falta or f"escriba [[{t.nombre}]] y debajo sus claves")
                continue
            resultado: dict[str, Any] = {}
            elementos.append(resultado)
            _validar_tabla(t, elemento, etiqueta_i, f"{t.nombre}.{i}", resultado, efectiva, rev)
        if not valor and t.minimo and not explicada:
            rev.agregar(etiqueta, t.nombre, None, "no hay ninguna sección", t.sugerencia_falta)
        return
    resultado = {}
    destino[t.corto] = resultado
    if valor is None:
        if t.requerida and not explicada:
            rev.agregar(etiqueta, t.nombre, None, "falta la tabla", t.sugerencia_falta)
        valor = {}
        ausente = True
    else:
        ausente = False
    if not isinstance(valor, dict):
        rev.agregar(etiqueta, t.nombre, None, f"debe ser la tabla {etiqueta} con sus claves, no {describir(valor)}",
                    f"escriba {etiqueta} en su propia línea y debajo sus claves, una por línea (clave = valor)")
        valor, ausente = {}, True
    revision = _Revision() if ausente else rev  # an absent table: its keys take their defaults, no «falta» each
    _validar_tabla(t, valor, etiqueta, t.nombre, resultado, efectiva, revision)


def _muestras_folio(efectiva: dict[str, Any]) -> dict[str, Any]:
    siglas = efectiva.get("institucion", {}).get("siglas") or "IEM"
    organo = efectiva.get("organo_enlace", {}).get("siglas") or "DEVySPE"
    areas = [a["siglas"] for a in efectiva.get("areas", []) if a.get("siglas")] or ["DEVySPE", "CV-INE"]
    # The first área and the longest one: the others fill {area} the same way (trying all costs start-up time).
    return {"siglas": siglas, "organo": organo, "areas": list(dict.fromkeys([areas[0], max(areas, key=len)]))}


_CONSECUTIVOS = (1, 7, 10, 45, 999, 1000, 12345)
_ANIOS = (2024, 2099)
_DESCRIPCION_CAMPO = {"siglas": "las siglas de la institución", "area": "las siglas del área",
                      "organo": "las siglas del Órgano de Enlace", "anio": "el año", "consecutivo": "el consecutivo"}


def problemas_formato_folio(formato: str, muestras: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """What is wrong with a folio format, tried as generation would use it: [(mensaje, sugerencia)]."""
    ejemplo = "use llaves como en «{siglas}/{area}/{consecutivo:03d}/{anio}»"
    muestras = muestras or _muestras_folio({})
    try:
        partes = list(string.Formatter().parse(formato))
    except ValueError:
        return [("las llaves { } no están bien cerradas", ejemplo)]
    problemas: list[tuple[str, str]] = []
    campos = []
    for _, nombre, especificacion, conversion in partes:
        if nombre is None:
            continue
        if nombre not in CAMPOS_FOLIO:
            problemas.append((f"campo desconocido «{{{nombre}}}»", f"use solo {{{'}, {'.join(sorted(CAMPOS_FOLIO))}}}"))
            continue
        campos.append(nombre)
        if conversion:
            problemas.append((f"«{{{nombre}!{conversion}}}»: no use «!{conversion}»", ejemplo))
        if "{" in (especificacion or ""):
            problemas.append((f"«{{{nombre}:{especificacion}}}»: no use llaves dentro de otras", ejemplo))
    if problemas:
        return problemas
    if "consecutivo" not in campos:
        problemas.append(("el formato no incluye {consecutivo}", "todo folio necesita su número"))
    if "anio" not in campos:
        problemas.append(("el formato no incluye {anio}", "el consecutivo vuelve a 1 cada año: sin el año, los "
                          "folios de un año repetirían los del anterior"))
    if problemas:
        return problemas
    valores = {"siglas": muestras["siglas"], "organo": muestras["organo"], "area": muestras["areas"][0],
               "anio": _ANIOS[0], "consecutivo": 1}
    for _, nombre, especificacion, _ in partes:
        if nombre is None or not especificacion:
            continue
        prueba = [muestras["areas"][0]] if nombre == "area" else [valores[nombre]]
        if nombre == "consecutivo":
            prueba = list(_CONSECUTIVOS)
        elif nombre == "anio":
            prueba = list(_ANIOS)
        for v in prueba:
            try:
                format(v, especificacion)
            except (ValueError, TypeError, OverflowError):
                problemas.append((f"«{{{nombre}:{especificacion}}}»: la especificación «:{especificacion}» no sirve "
                                  f"para {_DESCRIPCION_CAMPO[nombre]}",
                                  "use {consecutivo:03d} (tres cifras con ceros) o {consecutivo} (sin ceros)"))
                break
    if problemas:
        return problemas
    for area in muestras["areas"]:
        for anio in _ANIOS:
            folios = []
            for consecutivo in _CONSECUTIVOS:
                try:
                    folio = formato.format(siglas=muestras["siglas"], area=area, anio=anio, consecutivo=consecutivo,
                                           organo=muestras["organo"])
                except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
                    return [("el formato no se puede aplicar", ejemplo)]
                if not folio.isprintable():
                    return [(f"con el consecutivo {consecutivo} el folio tendría caracteres de control (no "
                             "imprimibles)", "use {consecutivo:03d} (tres cifras con ceros) o {consecutivo}")]
                if not folio.strip():
                    return [("el folio quedaría vacío", ejemplo)]
                if len(folio) > LARGO_MAXIMO_FOLIO:
                    return [(f"el folio tendría {len(folio)} caracteres (máximo {LARGO_MAXIMO_FOLIO})", "abrévielo")]
                folios.append(folio)
            if len(set(folios)) != len(folios):
                return [("dos consecutivos distintos darían el mismo folio", "use {consecutivo} sin recortarlo")]
    return []


def _comprobar_conjunto(efectiva: dict[str, Any], rev: _Revision) -> None:
    """Checks across keys and tables: repeated siglas, firmantes of unknown areas, folio formats, series."""
    areas = efectiva["areas"]
    # An área whose siglas are missing or wrong is reported already: then «not in [[areas]]» would be a guess.
    completas = bool(areas) and all(a.get("siglas") for a in areas)
    vistas: dict[str, int] = {}
    for i, a in enumerate(areas, start=1):
        s = a.get("siglas", "")
        if not s:
            continue
        if s.casefold() in vistas:
            rev.agregar(f"[[areas]] número {i}", f"areas.{i}", "siglas",
                        f"las siglas «{s}» ya son del área número {vistas[s.casefold()]}", "cada área lleva siglas distintas")
        else:
            vistas[s.casefold()] = i
    claves: dict[str, int] = {}
    for i, f in enumerate(efectiva["firmantes"], start=1):
        c = f.get("clave", "")
        if c and c in claves:
            rev.agregar(f"[[firmantes]] número {i}", f"firmantes.{i}", "clave",
                        f"la clave «{c}» ya es del firmante número {claves[c]}", "cada firmante lleva una clave distinta")
        elif c:
            claves[c] = i
        if f.get("area") and completas and f["area"].casefold() not in vistas:
            rev.agregar(f"[[firmantes]] número {i}", f"firmantes.{i}", "area",
                        f"el área «{f['area']}» no está en [[areas]]",
                        f"use una de: {', '.join(a['siglas'] for a in areas if a.get('siglas'))}")
    for rol, siglas in efectiva.get("roles", {}).items():
        if siglas and completas and str(siglas).casefold() not in vistas:
            rev.agregar("[roles]", "roles", rol, f"el área «{siglas}» no está en [[areas]]",
                        f"use una de: {', '.join(a['siglas'] for a in areas if a.get('siglas'))}")
    organo = efectiva["organo_enlace"].get("siglas", "")
    if organo and completas and organo.casefold() not in vistas:
        rev.agregar("[organo_enlace]", "organo_enlace", "siglas",
                    f"«{organo}» no está en [[areas]]; es el área por omisión de documentos y expedientes",
                    f"agregue una sección [[areas]] con siglas = \"{organo}\" o use las siglas de una de las áreas")
    corr = efectiva.get("correspondencia", {})
    siglas_areas = ", ".join(a["siglas"] for a in areas if a.get("siglas"))
    if corr.get("area") and completas and corr["area"].casefold() not in vistas:
        rev.agregar("[correspondencia]", "correspondencia", "area", f"el área «{corr['area']}» no está en [[areas]]",
                    f"use una de: {siglas_areas}")
    for area in corr.get("titulares", {}):
        if completas and str(area).casefold() not in vistas:
            rev.agregar("[correspondencia.titulares]", "correspondencia.titulares", area,
                        f"«{area}» no es un área de [[areas]]", f"use las siglas de una de: {siglas_areas}")
    if corr.get("folio_entrada") and corr.get("folio_entrada") == corr.get("folio_salida"):
        rev.agregar("[correspondencia]", "correspondencia", "folio_salida", "es igual a folio_entrada",
                    "las entradas y las salidas necesitan formatos distintos, p. ej. «S-{consecutivo:04d}/{anio}»")
    muestras = _muestras_folio(efectiva)
    primeros: dict[str, str] = {}
    for serie, formato in efectiva["folios"].items():
        problemas = problemas_formato_folio(formato, muestras)
        for mensaje, sugerencia in problemas:
            rev.agregar("[folios]", "folios", serie, mensaje, sugerencia)
        if problemas:
            continue
        folio = formato.format(siglas=muestras["siglas"], area=muestras["areas"][0], anio=_ANIOS[0], consecutivo=1,
                               organo=muestras["organo"])
        if folio in primeros:
            rev.agregar("[folios]", "folios", serie, f"produce los mismos folios que la serie «{primeros[folio]}» "
                        f"(p. ej. {folio})", "cada serie necesita un formato distinto, p. ej. con un prefijo")
        else:
            primeros[folio] = serie


def validar(datos: Any) -> list[ProblemaConfig]:
    """Every problem of a configuration shaped like archivo.toml (a dict of tables), in the order of the file."""
    return _construir_efectiva(datos)[1]


def _construir_efectiva(datos: Any) -> tuple[dict[str, Any], list[ProblemaConfig]]:
    rev = _Revision()
    efectiva: dict[str, Any] = {}
    datos = _sin_nulos(datos)  # a form's «not set» (TOML has no null)
    if not isinstance(datos, dict):
        rev.agregar("", "", None, "la configuración debe ser un conjunto de tablas", "empiece con [institucion]")
        datos = {}
    nombres = [t.nombre for t in ESQUEMA]
    mal_escritas: dict[str, str] = {}
    for k, v in datos.items():
        if k in nombres:
            continue
        parecida = _parecida(k, nombres)
        requerida = next((t.requerida for t in ESQUEMA if t.nombre == parecida), False)
        if parecida and parecida not in datos and requerida and parecida not in mal_escritas:
            mal_escritas[parecida] = str(k)
        es_tabla = isinstance(v, dict | list)
        etiqueta = f"[{k}]" if es_tabla else str(k)
        if parecida and mal_escritas.get(parecida) == k:
            rev.agregar(etiqueta, str(k), None, f"tabla desconocida, y falta [{parecida}]",
                        f"¿quiso decir [{parecida}]? Corrija el nombre")
            continue
        if parecida:
            rev.agregar(etiqueta, str(k), None, f"{'tabla' if es_tabla else 'clave'} desconocida",
                        f"¿quiso decir [{parecida}]?")
        elif not es_tabla and (otra := _donde_va(str(k), "")) is not None:
            rev.agregar(etiqueta, str(k), None, f"clave fuera de su tabla; va en {otra}",
                        f"escríbala debajo de la línea {otra}")
        else:
            rev.agregar(etiqueta, str(k), None, f"{'tabla' if es_tabla else 'clave'} desconocida",
                        f"las tablas de archivo.toml son: {', '.join(nombres)}; bórrela o corrija su nombre")
    for t in ESQUEMA:
        _validar_tabla_en(t, datos.get(t.nombre), efectiva, efectiva, rev, t.nombre in mal_escritas)
    _comprobar_conjunto(efectiva, rev)
    return efectiva, rev.problemas


# --- the typed configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    siglas: str
    nombre: str


@dataclass(frozen=True)
class Firmante:
    clave: str
    nombre: str
    cargo: str
    area: str = ""


@dataclass(frozen=True)
class Archivistica:
    """Ley General de Archivos classification defaults for carátulas."""

    fondo: str
    seccion: str
    series: dict[str, str]  # expediente type -> serie documental (code and name)
    valores: str  # valores documentales, e.g. "Administrativo, legal"
    vigencia_anios: int
    clasificacion: dict[str, str]  # expediente type -> clasificación de acceso


class ConfigComision(NamedTuple):
    nombre: str
    nombre_corto: str
    fundamento_informe: str


class ConfigSesiones(NamedTuple):
    nombres: dict[str, str]                       # organo -> name printed on documents
    anticipacion: dict[tuple[str, str], int]      # (organo, tipo) -> días hábiles before the session
    meses_ordinarias: dict[str, tuple[int, ...]]  # organo -> months of the annual calendar
    dia_calendario: dict[str, int]                # organo -> weekday (0 = lunes) of calendar sessions
    hora: str
    lugar: str
    formato_pagina: str
    procesos_libreoffice: int | None  # None: as many as word.conversion.procesos_automaticos says


@dataclass
class Configuracion:
    """The validated archivo.toml: typed views of each table and ``efectiva`` (every value, defaults included)."""

    institucion: dict[str, str]
    organo_enlace: dict[str, str]
    areas: list[Area]
    firmantes: list[Firmante]
    folios: dict[str, str]
    archivistica: Archivistica
    comision: ConfigComision
    sesiones: ConfigSesiones
    dias_inhabiles: list[str] = field(default_factory=list)
    efectiva: dict[str, Any] = field(default_factory=dict)
    escrita: dict[str, Any] = field(default_factory=dict)  # what the file says (to tell defaults apart)

    @property
    def siglas(self) -> str:
        return self.institucion["siglas"]

    @property
    def roles(self) -> dict[str, str]:
        """[roles]: the área (siglas) that plays each role the templates name (``plantillas.roles``)."""
        return dict(self.efectiva.get("roles", {}))

    def tabla(self, nombre: str) -> Any:
        """The validated values of a table («sesiones», «sesiones.consejo»), defaults included."""
        valor: Any = self.efectiva
        for parte in nombre.split("."):
            valor = valor[parte]
        return valor

    def area(self, siglas: str) -> Area:
        for a in self.areas:
            if a.siglas.lower() == siglas.lower():
                return a
        disponibles = ", ".join(a.siglas for a in self.areas)
        raise EntradaInvalida(f"No existe el área «{siglas}» en archivo.toml. Áreas registradas: {disponibles}.")

    def firmante(self, clave: str | None = None) -> Firmante:
        if not self.firmantes:
            raise EntradaInvalida("archivo.toml no tiene firmantes: agregue al menos una sección [[firmantes]].")
        if clave is None:
            return self.firmantes[0]
        for f in self.firmantes:
            if f.clave == clave:
                return f
        disponibles = ", ".join(f.clave for f in self.firmantes)
        raise EntradaInvalida(f"No existe el firmante «{clave}» en archivo.toml. Firmantes: {disponibles}.")

    def formato_folio(self, serie: str) -> str:
        try:
            return self.folios[serie]
        except KeyError:
            disponibles = ", ".join(sorted(self.folios))
            raise EntradaInvalida(
                f"archivo.toml no define el formato de folio de la serie «{serie}». "
                f"Agréguelo en la sección [folios]; series definidas: {disponibles}."
            ) from None

    def valores_de_ejemplo(self) -> list[ProblemaConfig]:
        """The values still as ``archivo iniciar`` wrote them (the example institution)."""
        return valores_de_ejemplo(self.efectiva, self.escrita)

    def exigir_datos_reales(self, que: str) -> None:
        """Refuse what ``que`` says («No se puede emitir un folio») while archivo.toml has the example institution."""
        problemas = self.valores_de_ejemplo()
        if problemas:
            raise EntradaInvalida(
                f"{que}: archivo.toml todavía tiene los datos de ejemplo que escribió «archivo iniciar», y lo que se "
                "haga con ellos quedaría para siempre en el archivo (un folio o un número de expediente no se "
                "cambian). Abra archivo.toml (en la carpeta del archivo) con un editor de texto, cambie estos valores "
                "por los de su institución y compruébelo con «archivo configuracion revisar»:", problemas)


def valores_de_ejemplo(efectiva: dict[str, Any], escrita: dict[str, Any] | None = None) -> list[ProblemaConfig]:
    """The keys whose value is still the placeholder of ``TOML_INICIAL`` (declared as ``Clave.ejemplo``).

    With ``escrita`` (what the file says), a key whose default is another key's value (``Heredado``) counts only if
    it is written: otherwise the key it comes from is the one to change (and is reported)."""
    rev = _Revision()

    def revisar(t: Tabla, valores: Any, etiqueta: str, campo: str, escritos: Any) -> None:
        for c in t.claves:
            if c.ejemplo is None or not isinstance(valores, dict):
                continue
            if (escrita is not None and isinstance(c.defecto, Heredado)
                    and not (isinstance(escritos, dict) and c.nombre in escritos)):
                continue
            valor = valores.get(c.nombre)
            if isinstance(valor, str) and plegar(valor) == plegar(c.ejemplo):
                rev.agregar(etiqueta, campo, c.nombre, f"conserva el valor de ejemplo «{valor}»",
                            f"escriba {c.ayuda or _en_minuscula(c.descripcion)}")
        for s in t.subtablas:
            revisar(s, valores.get(s.corto, {}) if isinstance(valores, dict) else {}, f"[{s.nombre}]", s.nombre,
                    escritos.get(s.corto) if isinstance(escritos, dict) else None)

    for t in ESQUEMA:
        valores, escritos = efectiva.get(t.nombre), (escrita or {}).get(t.nombre)
        if t.lista:
            for i, elemento in enumerate(valores or [], start=1):
                escrito = escritos[i - 1] if isinstance(escritos, list) and i <= len(escritos) else None
                revisar(t, elemento, f"[[{t.nombre}]] número {i}", f"{t.nombre}.{i}", escrito)
        else:
            revisar(t, valores or {}, f"[{t.nombre}]", t.nombre, escritos)
    return rev.problemas


def _tipada(efectiva: dict[str, Any], escrita: dict[str, Any]) -> Configuracion:
    arch = efectiva["archivistica"]
    ses = efectiva["sesiones"]
    anticipacion, meses, dias = {}, {}, {}
    for organo in ORGANOS_SESION:
        propia = ses[organo]
        for tipo in TIPOS_SESION:
            anticipacion[(organo, tipo)] = propia[f"anticipacion_{tipo}"]
        meses[organo] = tuple(propia["meses_ordinarias"])
        dias[organo] = DIAS_SEMANA.index(propia["dia_calendario"])
    sesiones = ConfigSesiones(
        nombres={o: ses[f"nombre_{o}"] or NOMBRES_ORGANO[o] for o in ORGANOS_SESION}, anticipacion=anticipacion,
        meses_ordinarias=meses, dia_calendario=dias, hora=ses["hora"], lugar=ses["lugar"],
        formato_pagina=ses["formato_pagina"] or FORMATO_PAGINA, procesos_libreoffice=ses["procesos_libreoffice"],
    )
    com = efectiva["comision"]
    return Configuracion(
        institucion=dict(efectiva["institucion"]),
        organo_enlace=dict(efectiva["organo_enlace"]),
        areas=[Area(a["siglas"], a["nombre"]) for a in efectiva["areas"]],
        firmantes=[Firmante(f["clave"], f["nombre"], f["cargo"], f["area"]) for f in efectiva["firmantes"]],
        folios=dict(efectiva["folios"]),
        archivistica=Archivistica(fondo=arch["fondo"] or efectiva["institucion"]["siglas"], seccion=arch["seccion"],
                                  series=dict(arch["series"]), valores=arch["valores"],
                                  vigencia_anios=arch["vigencia_anios"], clasificacion=dict(arch["clasificacion"])),
        dias_inhabiles=list(efectiva["calendario"]["dias_inhabiles"]),
        comision=ConfigComision(com["nombre"], com["nombre_corto"], com["fundamento_informe"]),
        sesiones=sesiones,
        efectiva=efectiva,
        escrita=escrita,
    )


def construir(datos: dict[str, Any]) -> Configuracion:
    """The typed configuration of a dict shaped like archivo.toml; ``EntradaInvalida`` with every problem."""
    efectiva, problemas = _construir_efectiva(datos)
    if problemas:
        raise EntradaInvalida(f"archivo.toml tiene {len(problemas)} problema(s):", list(problemas))
    return _tipada(efectiva, copy.deepcopy(datos))


# --- reading the file ----------------------------------------------------------------------------

_ERRORES_TOML: list[tuple[str, str, str]] = [
    (r"Invalid value", "valor no válido",
     "ponga el texto entre comillas (nombre = \"Instituto Electoral…\"); los números van sin comillas y las listas "
     "entre corchetes"),
    (r"Invalid statement", "línea no válida",
     "cada línea debe ser clave = valor, el nombre de una tabla entre corchetes ([institucion]) o un comentario que "
     "empiece con #"),
    (r"Unterminated string", "texto sin comilla de cierre",
     "cierre las comillas en la misma línea (para varias líneas use tres comillas: \"\"\"…\"\"\")"),
    (r"Expected '=' after a key", "falta «=» después del nombre de la clave",
     "escriba clave = valor; un nombre con espacios o acentos va entre comillas"),
    (r"Expected '\]' at the end of a table declaration", "falta «]» al cerrar el nombre de la tabla",
     "p. ej. [institucion]"),
    (r"Expected '\]\]' at the end of an array declaration", "falta «]]» al cerrar el nombre de la sección",
     "p. ej. [[areas]]"),
    (r"Expected newline or end of document", "sobra texto después del valor",
     "escriba una sola clave = valor por línea; un comentario empieza con #; el texto va entre comillas"),
    (r"Cannot overwrite a value", "esa clave ya tiene un valor en esta tabla",
     "cada clave se escribe una sola vez; borre la repetida"),
    (r"Cannot declare .* twice", "esa tabla ya apareció antes",
     "junte sus claves en una sola tabla; para varias áreas o firmantes use [[areas]] o [[firmantes]]"),
    (r"Cannot (mutate|redefine)", "esa tabla choca con otra del mismo nombre",
     "no mezcle [nombre] con [[nombre]] ni defina la misma tabla dos veces"),
    (r"Invalid date or datetime", "fecha no válida", "escriba las fechas entre comillas así: \"2025-11-02\""),
    (r"Unclosed array", "lista sin cerrar", "cierre la lista con ] y separe sus elementos con comas"),
    (r"Unclosed inline table", "tabla sin cerrar", "cierre con }"),
    (r"Duplicate inline table key", "clave repetida", "escriba cada clave una sola vez"),
    (r"Unescaped '\\' in a string", "barra invertida «\\» en un texto",
     "escríbala doble (\\\\) o ponga el texto entre comillas simples ('…')"),
    (r"Invalid hex value|Unicode scalar", "secuencia de escape no válida (una barra invertida «\\» dentro de un texto)",
     "escriba la barra doble (\\\\) o ponga el texto entre comillas simples ('…')"),
    (r"Illegal character '\\n'", "texto sin comilla de cierre",
     "cierre las comillas en la misma línea (para varias líneas use tres comillas: \"\"\"…\"\"\")"),
    (r"Illegal character|Found invalid character", "carácter no permitido",
     "bórrelo (a veces llega al copiar y pegar); los textos van entre comillas"),
    (r"Invalid initial character for a key part", "nombre de clave no válido",
     "los nombres de clave llevan letras sin acentos, números, «_» o «-»"),
]


def _error_toml(texto: str, error: tomllib.TOMLDecodeError) -> EntradaInvalida:
    detalle = str(error)
    m = re.search(r"\(at line (\d+), column (\d+)\)$", detalle)
    mensaje, sugerencia = "el texto no sigue las reglas del formato TOML", \
        "compare la línea con las de alrededor: clave = \"texto\", números sin comillas, [tabla]"
    for patron, m_es, s_es in _ERRORES_TOML:
        if re.search(patron, detalle):
            mensaje, sugerencia = m_es, s_es
            break
    if m:
        linea, columna = int(m.group(1)), int(m.group(2))
        lineas = texto.splitlines()
        contenido = lineas[linea - 1].strip() if 0 < linea <= len(lineas) else ""
        lugar = f"{ARCHIVO_TOML}, línea {linea}, columna {columna}"
        if contenido:
            mensaje = f"{mensaje}: «{contenido[:80]}{'…' if len(contenido) > 80 else ''}»"
    else:
        lineas = texto.rstrip().splitlines()
        lugar = f"{ARCHIVO_TOML}, línea {len(lineas)} (la última)" if lineas else ARCHIVO_TOML
        if lineas and lineas[-1].strip():
            mensaje = f"{mensaje}: «{lineas[-1].strip()[:80]}»"
    return EntradaInvalida(f"{ARCHIVO_TOML} tiene un error de escritura y no se puede leer:",
                           [ProblemaConfig(lugar, mensaje, sugerencia)])


def leer_texto(ruta: Path) -> str:
    """The text of archivo.toml: UTF-8 with or without BOM (Notepad writes one), or UTF-16 with its BOM."""
    try:
        crudo = Path(ruta).read_bytes()
    except PermissionError:
        raise EntradaInvalida(f"No hay permiso para leer {ruta}; pida a quien administra el equipo acceso de "
                              "lectura a la carpeta del archivo.") from None
    except OSError as e:
        raise EntradaInvalida(f"No se pudo leer {ruta} ({e.strerror or e}); compruebe que existe y es un "
                              "archivo de texto.") from None
    if crudo.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return crudo.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return crudo.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        linea = crudo[: e.start].count(b"\n") + 1
        raise EntradaInvalida(
            f"{ruta} no está en UTF-8 (un carácter de la línea {linea} no se puede leer). Ábralo con el Bloc de "
            "notas y use «Guardar como» con la codificación UTF-8.") from None


def _parsear(texto: str) -> dict[str, Any]:
    if texto.startswith("\ufeff"):
        texto = texto[1:]
    try:
        return tomllib.loads(texto)
    except tomllib.TOMLDecodeError as e:
        raise _error_toml(texto, e) from None
    except RecursionError:
        raise EntradaInvalida(f"{ARCHIVO_TOML} tiene listas o tablas anidadas a demasiada profundidad.",
                              [ProblemaConfig(ARCHIVO_TOML, "anidación excesiva", "use listas simples")]) from None


def cargar_texto(texto: str) -> Configuracion:
    """Parse and validate the text of an archivo.toml."""
    return construir(_parsear(texto))


def cargar(ruta: Path) -> Configuracion:
    """Read and validate ``archivo.toml``; every problem is reported at once."""
    return cargar_texto(leer_texto(ruta))


def revisar(ruta: Path) -> list[Problema]:
    """Every problem of the file at ``ruta``: unreadable or bad syntax, wrong values, and example values left."""
    try:
        datos = _parsear(leer_texto(ruta))
    except EntradaInvalida as e:
        return e.problemas or [Problema(str(ruta), e.mensaje)]
    efectiva, problemas = _construir_efectiva(datos)
    return [*problemas, *valores_de_ejemplo(efectiva, datos)]


# --- writing it back -----------------------------------------------------------------------------


def como_toml(datos: dict[str, Any]) -> str:
    """A configuration dict as TOML text (tables in the order of the schema)."""
    import tomlkit  # heavy library: imported where used (fast start)

    documento = tomlkit.document()
    orden = [t.nombre for t in ESQUEMA]
    for nombre in sorted(datos, key=lambda k: orden.index(k) if k in orden else len(orden)):
        documento[nombre] = _sin_nulos(datos[nombre])
    return tomlkit.dumps(documento)


def texto_efectivo(config: Configuracion) -> str:
    """The effective configuration as TOML: every table and key, those not written marked «por omisión»."""
    import tomlkit  # heavy library: imported where used (fast start)

    def llenar(destino: Any, t: Tabla, valores: dict[str, Any], escritos: Any) -> None:
        escritos = escritos if isinstance(escritos, dict) else {}
        subtablas = {s.corto for s in t.subtablas}
        nombres = [c.nombre for c in t.claves] + ([k for k in valores if k not in subtablas] if t.libre else [])
        for nombre in dict.fromkeys(nombres):
            valor = valores.get(nombre)
            if valor is None:
                destino.add(tomlkit.comment(f"{nombre}: automático"))
                continue
            item = tomlkit.item(valor)
            if nombre not in escritos:
                item.comment("por omisión")
            destino.add(nombre, item)
        for s in t.subtablas:
            sub = tomlkit.table()
            llenar(sub, s, valores.get(s.corto, {}), escritos.get(s.corto))
            destino.add(s.corto, sub)

    documento = tomlkit.document()
    for t in ESQUEMA:
        valores, escritos = config.efectiva.get(t.nombre), config.escrita.get(t.nombre)
        if t.lista:
            lista = tomlkit.aot()
            for i, elemento in enumerate(valores or []):
                tabla = tomlkit.table()
                escrito = escritos[i] if isinstance(escritos, list) and i < len(escritos) else None
                llenar(tabla, t, elemento, escrito)
                lista.append(tabla)
            if valores:
                documento.add(t.nombre, lista)
            continue
        tabla = tomlkit.table()
        llenar(tabla, t, valores or {}, escritos)
        documento.add(t.nombre, tabla)
    return tomlkit.dumps(documento)


def _sin_nulos(valor: Any) -> Any:
    """TOML has no null: a key whose value is None is left out (its default applies)."""
    if isinstance(valor, dict):
        return {k: _sin_nulos(v) for k, v in valor.items() if v is not None}
    if isinstance(valor, list):
        return [_sin_nulos(v) for v in valor if v is not None]
    return valor


def _fusionar(contenedor: Any, nuevo: dict[str, Any]) -> None:
    """Put ``nuevo`` into a tomlkit table keeping what did not change as it was written (comments included)."""
    import tomlkit  # heavy library: imported where used (fast start)
    from tomlkit.items import AoT, Table

    for clave in [k for k in contenedor if k not in nuevo]:
        del contenedor[clave]
    for clave, valor in nuevo.items():
        actual = contenedor.get(clave)
        if isinstance(valor, dict) and isinstance(actual, Table | dict) and not isinstance(actual, AoT):
            _fusionar(actual, valor)
        elif (isinstance(valor, list) and valor and all(isinstance(v, dict) for v in valor)
              and isinstance(actual, AoT) and len(actual) == len(valor)):
            for tabla, v in zip(actual, valor, strict=True):
                _fusionar(tabla, v)
        elif actual is not None and _desenvolver(actual) == valor:
            continue
        elif isinstance(valor, list) and valor and all(isinstance(v, dict) for v in valor):
            lista = tomlkit.aot()
            for v in valor:
                lista.append(tomlkit.item(v))
            contenedor[clave] = lista
        else:
            contenedor[clave] = valor


def _desenvolver(valor: Any) -> Any:
    return valor.unwrap() if hasattr(valor, "unwrap") else valor


def guardar(ruta: Path, datos: dict[str, Any], *, tx: Transaccion | None = None) -> Configuracion:
    """Validate ``datos`` (shaped like archivo.toml) and write it to ``ruta`` atomically.

    What did not change keeps its place and the comments around it; keys removed from ``datos`` are removed (with
    their comments); changed values are rewritten in place. Nothing is written if there is any problem
    (``EntradaInvalida`` with all of them). With ``tx``, the change goes to the audit log of that transaction.
    Keys whose value is None are left out (their defaults apply).
    """
    import tomlkit  # heavy library: imported where used (fast start)
    from tomlkit.exceptions import TOMLKitError

    datos = _sin_nulos(copy.deepcopy(datos))
    problemas = validar(datos)
    if problemas:
        raise EntradaInvalida(f"La configuración tiene {len(problemas)} problema(s); no se guardó nada:",
                              list(problemas))
    ruta = Path(ruta)
    antes: dict[str, Any] | None = None
    try:
        anterior = leer_texto(ruta) if ruta.exists() else ""
        documento = tomlkit.parse(anterior.lstrip("\ufeff"))
        antes = _construir_efectiva(tomllib.loads(anterior.lstrip("\ufeff")))[0]
    except (EntradaInvalida, tomllib.TOMLDecodeError, TOMLKitError, RecursionError):
        documento = tomlkit.document()  # an unreadable file is replaced whole (its comments with it)
    _fusionar(documento, datos)
    texto = tomlkit.dumps(documento)
    nueva = cargar_texto(texto)  # what will be read back is exactly what was validated
    if nueva.efectiva != _construir_efectiva(datos)[0]:
        texto = como_toml(datos)
        nueva = cargar_texto(texto)
    if tx is not None:
        tx.registrar("configuracion", ARCHIVO_TOML, antes, nueva.efectiva)
    atomic_write_text(ruta, texto, overwrite=True)
    return nueva


TOML_INICIAL = """\
# Configuración del archivo: la institución, su Órgano de Enlace, áreas, firmantes y formatos de folio.
# Edite los valores entre comillas. Las líneas que empiezan con # son comentarios.
# Mientras queden los valores de ejemplo (nombre, siglas y ciudad de la institución y nombre de quien firma),
# archivo no emite folios ni crea expedientes. Compruebe sus cambios con: archivo configuracion revisar

[institucion]
nombre = "Organismo Público Local Electoral"
siglas = "OPLE"
entidad = ""
ciudad = "Ciudad"
# lugar: cómo se escribe el lugar en los documentos («Zacatecas, Zac.»); vacío: «ciudad, entidad»
lugar = ""
domicilio = ""
telefono = ""
sitio_web = ""
lema = ""

[organo_enlace]
nombre = "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"
siglas = "DEVySPE"

[[areas]]
siglas = "DEVySPE"
nombre = "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"

[[areas]]
siglas = "CSPE"
nombre = "Coordinación del Servicio Profesional Electoral"

[[areas]]
siglas = "CV-INE"
nombre = "Coordinación de Vinculación con el Instituto Nacional Electoral"

# Qué área cumple cada papel. Las plantillas no nombran un área por sus siglas sino por su papel (quién emite el
# documento): aquí se dice qué área de [[areas]] lo cumple en esta institución. Si sus áreas se llaman de otro
# modo (p. ej. USPE en lugar de CSPE), cambie las siglas de la derecha. Revíselo con: archivo plantillas verificar
[roles]
direccion = "DEVySPE"               # el Órgano de Enlace: oficios, acuerdos, dictámenes, informes
coordinacion-servicio = "CSPE"      # quien opera los mecanismos del Servicio: notificaciones, listas, dictámenes
vinculacion-ine = "CV-INE"          # la vinculación con el INE: tarjetas informativas, acuses de SIVOPLE

[[firmantes]]
clave = "titular"
nombre = "Nombre de la persona titular"
cargo = "Titular de la Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"
area = "DEVySPE"

# La Comisión de Seguimiento del Servicio (para los informes de compromisos y acuerdos).
[comision]
nombre = "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"
nombre_corto = "Comisión de Seguimiento"
fundamento_informe = "el Reglamento de Comisiones del Consejo General"

# Formatos de folio por serie. Campos: {siglas} (institución), {area}, {anio}, {consecutivo}, {organo}.
# El consecutivo se reinicia cada año y por área; nunca se reutiliza.
[folios]
oficio = "{siglas}/{area}/{consecutivo:03d}/{anio}"
circular = "{siglas}/{area}/CIRC-{consecutivo:03d}/{anio}"
tarjeta-informativa = "{siglas}/{area}/TI-{consecutivo:03d}/{anio}"
acuerdo-comision = "{siglas}-CSPEN-{consecutivo:03d}/{anio}"
acuerdo-consejo = "{siglas}-CG-{consecutivo}/{anio}"
dictamen = "{siglas}/{area}/DICT-{consecutivo:03d}/{anio}"
informe = "{siglas}/{area}/INF-{consecutivo:03d}/{anio}"
instrumento-archivistico = "{siglas}/{area}/IA-{consecutivo:03d}/{anio}"

# Clasificación archivística (Ley General de Archivos): el cuadro general de clasificación y el catálogo de
# disposición documental (CADIDO) se llevan en el catálogo del archivo, con un ejemplo para el SPEN que la
# institución adapta: «archivo archivistica cuadro ver» y «archivo archivistica cadido ver» (también en Excel).
# El fondo es la institución: sus siglas van en el número de cada expediente.

# Sesiones (opcional): días hábiles de anticipación para enviar documentos, calendario anual.
# [sesiones]
# anticipacion_ordinaria = 3
# anticipacion_extraordinaria = 1
# meses_ordinarias = [3, 6, 9, 12]
# dia_calendario = "jueves"

# Días inhábiles que declare la institución, además de los oficiales (AAAA-MM-DD).
[calendario]
dias_inhabiles = []
"""
