"""Areas by role: a template names the role of the área that issues it, archivo.toml says which área plays it.

A schema's ``area:`` is a role (``direccion``, ``coordinacion-servicio``, ``vinculacion-ine``, or one the office
invents for its own templates); ``[roles]`` of archivo.toml maps each role to the siglas of one of its
``[[areas]]``. So the same shipped templates work in an office whose areas are USPE and DEOEPP: only the map
changes. ``resolver`` is the one place that decides, for generation and for ``plantillas verificar`` alike:

1. the role in ``[roles]``;
2. a value that already is the siglas of an área (a template of the office that names its área directly);
3. ``direccion`` without an entry: the Órgano de Enlace;
4. a known role without an entry: its usual siglas (CSPE, CV-INE), if the archive has that área — archives created
   before ``[roles]`` existed keep working, and ``plantillas verificar`` says which line makes it explicit;
5. otherwise the role is unresolved, and the message gives the line to add.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archivo.base.errors import EntradaInvalida

# The roles of the shipped templates: what they mean and the siglas they had before [roles] existed.
ROLES: dict[str, tuple[str, str | None]] = {
    "direccion": ("El Órgano de Enlace: oficios, acuerdos, dictámenes e informes que firma su titular", None),
    "coordinacion-servicio": ("Quien opera los mecanismos del Servicio: notificaciones, listas, dictámenes", "CSPE"),
    "vinculacion-ine": ("La vinculación con el INE: tarjetas informativas y lo que se recibe o envía por SIVOPLE",
                        "CV-INE"),
}


@dataclass(frozen=True)
class Resolucion:
    """Which área plays a role, and how that was decided (``roles``, ``area``, ``omision``), or why not."""

    rol: str
    siglas: str | None
    como: str
    mensaje: str = ""
    sugerencia: str = ""

    @property
    def resuelta(self) -> bool:
        return self.siglas is not None


def _areas(config: Any) -> str:
    return ", ".join(a.siglas for a in config.areas)


def _existe(config: Any, siglas: str) -> str | None:
    return next((a.siglas for a in config.areas if a.siglas.casefold() == siglas.casefold()), None)


def resolver(config: Any, rol: str) -> Resolucion:
    """The área (siglas) of ``rol`` in this archive's configuration; see the module's docstring for the order."""
    rol = (rol or "direccion").strip()
    mapa = config.roles
    propio = next((v for k, v in mapa.items() if k.casefold() == rol.casefold()), None)
    if propio:
        siglas = _existe(config, propio)
        if siglas:
            return Resolucion(rol, siglas, "roles")
        return Resolucion(rol, None, "roles", f"[roles] dice que «{rol}» es el área «{propio}», que no está en "
                          "[[areas]]", f"corrija esa línea de archivo.toml; áreas: {_areas(config)}")
    siglas = _existe(config, rol)
    if siglas:
        return Resolucion(rol, siglas, "area")
    if rol == "direccion":
        return Resolucion(rol, config.organo_enlace["siglas"], "omision")
    usual = ROLES.get(rol, ("", None))[1]
    if usual and _existe(config, usual):
        return Resolucion(rol, _existe(config, usual), "omision")
    return Resolucion(rol, None, "falta", f"archivo.toml no dice qué área cumple el papel «{rol}»",
                      f"agregue en la tabla [roles] de archivo.toml la línea: {rol} = \"SIGLAS\", con las siglas de "
                      f"una de sus áreas ({_areas(config)})")


def linea(resolucion: Resolucion) -> str:
    """The [roles] line that makes a resolution explicit (for verificar's advice)."""
    return f"{resolucion.rol} = \"{resolucion.siglas or 'SIGLAS'}\""


def area_de(config: Any, rol: str, *, plantilla: str = "") -> str:
    """The siglas of the área that plays ``rol``; ``EntradaInvalida`` naming the line to add if none does."""
    r = resolver(config, rol)
    if r.siglas is None:
        de = f"La plantilla «{plantilla}» emite como «{r.rol}»: " if plantilla else ""
        raise EntradaInvalida(f"{de}{r.mensaje}. Qué hacer: {r.sugerencia}.")
    return r.siglas
