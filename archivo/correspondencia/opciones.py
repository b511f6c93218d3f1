"""Vocabularies of the correspondence register, the optional ``[correspondencia]`` table of archivo.toml and the
días hábiles arithmetic of its deadlines (official holidays and the institution's inhábiles, as elsewhere)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from archivo.base import formato
from archivo.base.errors import ArchivoError
from archivo.base.raiz import Raiz

MEDIOS = {
    "sivople": "SIVOPLE",
    "correo": "Correo electrónico",
    "oficialia": "Oficialía de partes",
    "mensajeria": "Mensajería",
}
TIPOS = {
    "oficio": "Oficio",
    "circular": "Circular",
    "consulta": "Consulta",
    "acuerdo": "Acuerdo",
    "resolucion": "Resolución",
    "formato": "Formato",
    "correo": "Correo electrónico",
    "otro": "Otro",
}
ESTADOS = ("recibido", "turnado", "en atención", "atendido", "concluido")
ESTADOS_TURNO = ("turnado", "en atención", "atendido")
# How an entrada's type is filed in the acervo (documentos.tipo); the others are detected from the file.
TIPO_ACERVO = {"oficio": "oficio", "circular": "circular", "acuerdo": "acuerdo", "resolucion": "resolucion"}

MECANISMO = "vinculacion-ine"  # the mecanismo whose expediente holds the bitácora (and tarjetas without procedure)
TIPO_PROC_ENTRADA = "notificacion-areas"  # «Notificación a las áreas del Instituto …» (seed 004, §1.6)
TIPO_PROC_SALIDA = "notificacion-ine"  # «Notificación al INE, de los acuerdos … y de las solicitudes …»



def plegar(texto: Any) -> str:
    """Lower case without accents and with single spaces: how names and headers are compared."""
    return formato.plegar(str(texto or ""))


def _clave_vocabulario(texto: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "", plegar(texto))


def _resolver(valor: Any, vocabulario: dict[str, str]) -> str | None:
    """The key of ``vocabulario`` a user means («Oficialía de partes», «SIVOPLE», «resolución»), or None."""
    buscado = _clave_vocabulario(valor)
    if not buscado:
        return None
    for clave, nombre in vocabulario.items():
        if buscado in (_clave_vocabulario(clave), _clave_vocabulario(nombre)):
            return clave
    # the beginning of a word is enough when it names one entry only («oficialia», «mensaje»)
    candidatos = [c for c, n in vocabulario.items()
                  if _clave_vocabulario(n).startswith(buscado) or _clave_vocabulario(c).startswith(buscado)]
    return candidatos[0] if len(buscado) >= 3 and len(candidatos) == 1 else None


def medio(valor: Any) -> str | None:
    return _resolver(valor, MEDIOS)


def tipo(valor: Any) -> str | None:
    return _resolver(valor, TIPOS)


def estado(valor: Any) -> str | None:
    buscado = _clave_vocabulario(valor)
    for e in ESTADOS:
        if _clave_vocabulario(e) == buscado:
            return e
    return None


@dataclass(frozen=True)
class Titular:
    nombre: str
    cargo: str


@dataclass(frozen=True)
class ConfigCorrespondencia:
    area: str                      # área that keeps the register and issues the bitácora
    plazo_dias: int                # default plazo de atención, in días hábiles from receipt
    aviso_dias: int                # «vence pronto»: this many días hábiles or fewer left
    folio_entrada: str
    folio_salida: str
    abrir_procedimiento: bool      # open the manual's procedure for every entrada that needs an answer
    titulares: dict[str, Titular] = field(default_factory=dict)  # área -> to whom its tarjetas are addressed


def configuracion(raiz: Raiz) -> ConfigCorrespondencia:
    """The ``[correspondencia]`` table of archivo.toml (declared and validated in ``archivo.base.configuracion``).

    Keys: ``area`` (the área that keeps the bitácora; by default CV-INE if it exists, else the Órgano de Enlace),
    ``plazo_dias`` (5), ``aviso_dias`` (2), ``folio_entrada`` ("E-{consecutivo:04d}/{anio}"), ``folio_salida``
    ("S-{consecutivo:04d}/{anio}"), ``abrir_procedimiento`` (false) and ``[correspondencia.titulares]``:
    ``SIGLAS = { nombre = "…", cargo = "…" }`` for the persons the tarjetas of each área are addressed to.
    """
    config = raiz.config
    tabla = config.tabla("correspondencia")
    siglas = {a.siglas.casefold(): a.siglas for a in config.areas}
    area = siglas.get(tabla["area"].casefold()) if tabla["area"] else None
    if area is None:
        area = "CV-INE" if "cv-ine" in siglas else config.organo_enlace["siglas"]
    titulares = {siglas.get(str(k).casefold(), str(k)): Titular(v["nombre"], v["cargo"])
                 for k, v in tabla["titulares"].items()}
    return ConfigCorrespondencia(area, tabla["plazo_dias"], tabla["aviso_dias"], tabla["folio_entrada"],
                                 tabla["folio_salida"], tabla["abrir_procedimiento"], titulares)


def titular(raiz: Raiz, opciones: ConfigCorrespondencia, area: str) -> Titular | None:
    """To whom a tarjeta for ``area`` is addressed: [correspondencia.titulares], else the área's firmante."""
    if area in opciones.titulares:
        return opciones.titulares[area]
    for f in raiz.config.firmantes:
        if f.area == area:
            return Titular(f.nombre, f.cargo)
    return None


def formatear_folio(formato_folio: str, siglas: str, anio: int, consecutivo: int) -> str:
    try:
        return formato_folio.format(siglas=siglas, anio=anio, consecutivo=consecutivo)
    except (ValueError, KeyError, IndexError) as e:  # validated at load; kept for a hand-edited value
        raise ArchivoError(f"El formato de folio «{formato_folio}» no se puede aplicar: {e}.") from None


# --- días hábiles -----------------------------------------------------------------------------


class Calendario:
    """Días hábiles with the institution's inhábiles: ``formato.es_habil`` per day, counted through per-year
    prefix sums so that a list of thousands of deadlines is computed in milliseconds."""

    def __init__(self, inhabiles: tuple[str, ...] = ()) -> None:
        self.inhabiles = tuple(inhabiles)
        self._acumulado: dict[int, list[int]] = {}

    @classmethod
    def de(cls, raiz: Raiz) -> Calendario:
        """The calendar of ``raiz``'s inhábiles, shared by every call (its per-year sums are built once)."""
        return _calendario(tuple(raiz.config.dias_inhabiles))

    def _anio(self, anio: int) -> list[int]:
        """acumulado[i] = días hábiles from January 1st through day i (0-based) of ``anio``."""
        if anio not in self._acumulado:
            dia, fin, total, cuenta = date(anio, 1, 1), date(anio, 12, 31), [], 0
            while dia <= fin:
                cuenta += formato.es_habil(dia, self.inhabiles)
                total.append(cuenta)
                dia += timedelta(days=1)
            self._acumulado[anio] = total
        return self._acumulado[anio]

    def _hasta(self, dia: date) -> int:
        """Días hábiles from January 1st of its year through ``dia``."""
        return self._anio(dia.year)[dia.timetuple().tm_yday - 1]

    def es_habil(self, dia: date) -> bool:
        return formato.es_habil(dia, self.inhabiles)

    def entre(self, inicio: date, fin: date) -> int:
        """Días hábiles after ``inicio`` up to and including ``fin`` (negative when ``fin`` is before):
        the same as ``formato.dias_habiles_entre``."""
        if fin < inicio:
            return -self.entre(fin, inicio)
        if inicio.year == fin.year:
            return self._hasta(fin) - self._hasta(inicio)
        total = self._anio(inicio.year)[-1] - self._hasta(inicio)
        for anio in range(inicio.year + 1, fin.year):
            total += self._anio(anio)[-1]
        return total + self._hasta(fin)

    def sumar(self, inicio: date, dias: int) -> date:
        return formato.sumar_dias_habiles(inicio, dias, self.inhabiles)


@functools.lru_cache(maxsize=8)
def _calendario(inhabiles: tuple[str, ...]) -> Calendario:
    return Calendario(inhabiles)
