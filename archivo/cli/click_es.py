"""Spanish for click's own messages (usage errors, help headings), which users read too, and for what click would
otherwise show in English: metavars (TEXT, INTEGER, PATH…), number ranges (x>=1), and choices that only match with
their exact accents and case.

click marks its strings with gettext; we replace the ``_``/``ngettext`` it imported in each module.
``en_espanol(comando)`` (applied to every command as it loads) gives each parameter a Spanish metavar and turns every
``click.Choice`` into ``Eleccion``, which accepts a choice with or without accents and in any case.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from archivo.base.formato import plegar

_TEXTOS = {
    "%(prog)s, version %(version)s": "%(prog)s, versión %(version)s",
    "Aborted!": "Cancelado.",
    "Argument {name!r} takes {nargs} values.": "El argumento {name!r} lleva {nargs} valores.",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    "Commands": "Comandos",
    "Confirm the action without prompting.": "Confirma la acción sin preguntar.",
    "Could not open file {filename!r}: {message}": "No se pudo abrir el archivo {filename!r}: {message}",
    "Do you want to continue?": "¿Desea continuar?",
    "Error: The two entered values do not match.": "Error: los dos valores no coinciden.",
    "Error: invalid input": "Error: entrada inválida",
    "Error: {message}": "Error: {message}",
    "Invalid value for {param_hint}: {message}": "Valor inválido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor inválido: {message}",
    "Missing argument": "Falta el argumento",
    "Missing command.": "Falta el comando.",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    "Options": "Opciones",
    "Positional arguments": "Argumentos",
    "Repeat for confirmation": "Repita para confirmar",
    "Show the version and exit.": "Muestra la versión y termina.",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "Usage:": "Uso:",
    "argument": "argumento",
    "option": "opción",
    "parameter": "parámetro",
    "default: {default}": "predeterminado: {default}",
    "env var: {var}": "variable de entorno: {var}",
    "required": "obligatorio",
    "directory": "carpeta",
    "file": "archivo",
    "path": "ruta",
    "{name} {filename!r} does not exist.": "{name} {filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} es una carpeta.",
    "{name} {filename!r} is a file.": "{name} {filename!r} es un archivo.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} no se puede escribir.",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "integer": "número entero",
    "float": "número",
    "{value} is not in the range {range}.": "{value} está fuera del intervalo permitido: {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} no es un valor sí/no válido. Valores reconocidos: {states}",
    "Value must be an iterable.": "El valor debe ser una lista.",
    "Press any key to continue...": "Pulse una tecla para continuar…",
}

_PLURALES = {
    "Got unexpected extra argument ({args})": ("Argumento de más: ({args})", "Argumentos de más: ({args})"),
    "Did you mean {possibility}?": ("¿Quiso decir {possibility}?", "(¿Quiso decir alguno de: {possibilities}?)"),
    "Option {name!r} requires an argument.": ("La opción {name!r} requiere un valor.",
                                              "La opción {name!r} requiere {nargs} valores."),
    "{value!r} is not {choice}.": ("{value!r} no es {choice}.", "{value!r} no es uno de {choices}."),
    "{value!r} does not match the format {format}.": ("{value!r} no tiene el formato {format}.",
                                                      "{value!r} no tiene ninguno de los formatos {formats}."),
    "Takes {nargs} values but 1 was given.": ("Lleva {nargs} valores pero se dio 1.",
                                              "Lleva {nargs} valores pero se dieron {len}."),
}


def traducir(mensaje: str) -> str:
    """The Spanish of one of click's messages (the message itself if it has none)."""
    return _TEXTOS.get(mensaje, mensaje)


_ = traducir


def _n(singular: str, plural: str, n: int) -> str:
    par = _PLURALES.get(singular)
    if par is None:
        return singular if n == 1 else plural
    return par[0] if n == 1 else par[1]


def _rango(self: Any) -> str:
    """A number range as a person reads it: «1 o más», «de 1 a 8», «hasta 100» (click: «x>=1», «1<=x<=8»)."""
    minimo = None if self.min is None else (f"más de {self.min}" if self.min_open else f"{self.min} o más")
    maximo = None if self.max is None else (f"menos de {self.max}" if self.max_open else f"hasta {self.max}")
    if minimo and maximo:
        if not self.min_open and not self.max_open:
            return f"de {self.min} a {self.max}"
        return f"{minimo} y {maximo}"
    return minimo or maximo or "cualquier número"


def instalar() -> None:
    for nombre in ("core", "exceptions", "formatting", "decorators", "parser", "types", "termui", "utils"):
        try:
            modulo = importlib.import_module(f"click.{nombre}")
        except ImportError:
            continue
        if hasattr(modulo, "_"):
            modulo._ = _
        if hasattr(modulo, "ngettext"):
            modulo.ngettext = _n
    rangos = getattr(click.types, "_NumberRangeBase", None)
    if rangos is not None and hasattr(rangos, "_describe_range"):
        rangos._describe_range = _rango


class Eleccion(click.Choice):
    """A choice accepted with or without accents, in any case and with extra spaces («comisión», «En Curso»);
    the command receives it as listed."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            for opcion in self.choices:
                if isinstance(opcion, str) and plegar(opcion) == plegar(value):
                    return opcion
        return super().convert(value, param, ctx)


# Metavars: by the parameter's name when it says what the value is, else by its type. Never click's English.
METAVAR_POR_NOMBRE = {
    "anio": "AÑO", "clave": "CLAVE", "persona": "CLAVE", "folio": "FOLIO", "sustituye": "FOLIO",
    "fecha": "FECHA", "desde": "FECHA", "hasta": "FECHA", "al": "FECHA", "corte": "FECHA",
    "mecanismo": "MECANISMO", "tipo": "TIPO", "procedimiento": "ID", "sesion": "ID", "actividad": "ID",
    "correo": "CORREO", "limite": "N", "porcentaje": "PORCENTAJE", "paso": "PASO", "numero": "NÚMERO",
    "area": "ÁREA", "adscripcion": "ÁREA", "situacion": "SITUACIÓN", "entidad": "ENTIDAD", "rango": "RANGO",
    "nivel": "NIVEL", "titularidad": "SÍ/NO", "salida": "ARCHIVO", "hora": "HH:MM", "titulo": "TÍTULO",
}
# Arguments keep their (Spanish) name in capitals; these need their accent.
ACENTOS = {"TITULO": "TÍTULO", "NUMERO": "NÚMERO", "OPCION": "OPCIÓN", "ANIO": "AÑO", "SITUACION": "SITUACIÓN"}


def _metavar_de_tipo(tipo: click.ParamType) -> str | None:
    if isinstance(tipo, click.Choice):
        return None  # click lists the choices: [tabla|json]
    if isinstance(tipo, click.Path):
        if tipo.dir_okay and not tipo.file_okay:
            return "CARPETA"
        return "ARCHIVO" if tipo.file_okay and not tipo.dir_okay else "RUTA"
    if isinstance(tipo, click.File):
        return "ARCHIVO"
    if isinstance(tipo, click.DateTime):
        return "FECHA"
    if isinstance(tipo, click.types.IntParamType | click.types.FloatParamType):
        return "NÚMERO"
    if isinstance(tipo, click.types.BoolParamType):
        return "SÍ/NO"
    if isinstance(tipo, click.types.UUIDParameterType):
        return "ID"
    if isinstance(tipo, click.types.StringParamType):
        return "TEXTO"
    return None


def _metavar(param: click.Parameter) -> str | None:
    """The Spanish metavar of a parameter that has none (None: keep click's, e.g. the list of choices)."""
    if isinstance(param, click.Argument):
        nombre = (param.name or "").upper()
        if nombre not in ACENTOS or isinstance(param.type, click.Choice):
            return None
        var = ACENTOS[nombre]
        if not param.required:
            var = f"[{var}]"
        return f"{var}..." if param.nargs != 1 else var
    if isinstance(param, click.Option) and (param.is_flag or param.count):
        return None
    if isinstance(param.type, click.Choice):
        return None
    por_nombre = METAVAR_POR_NOMBRE.get(param.name or "")
    simple = isinstance(param.type, click.types.StringParamType | click.types.IntParamType)
    return por_nombre if por_nombre and simple else _metavar_de_tipo(param.type)


def en_espanol(comando: click.Command) -> None:
    """Spanish metavars and accent-insensitive choices for ``comando`` and its subcommands."""
    comando.options_metavar = "[OPCIONES]"
    for param in comando.params:
        tipo = param.type
        if isinstance(tipo, click.Choice) and not isinstance(tipo, Eleccion):
            param.type = Eleccion(tipo.choices, case_sensitive=tipo.case_sensitive)
        if param.metavar is None:
            param.metavar = _metavar(param)
    if isinstance(comando, click.Group):
        comando.subcommand_metavar = "COMANDO [ARGUMENTOS]..."
        for sub in comando.commands.values():
            en_espanol(sub)
