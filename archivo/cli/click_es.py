"""Spanish for click's own messages (usage errors, help headings), which users read too.

click marks its strings with gettext; we replace the ``_``/``ngettext`` it imported in each module.
"""

from __future__ import annotations

import importlib

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
    "{value} is not in the range {range}.": "{value} no está en el intervalo {range}.",
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
