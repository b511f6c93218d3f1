"""The fixed vocabularies of sessions (órganos, types, states) and the limits of an orden del día.

The options of archivo.toml's ``[sesiones]`` table are validated with the rest of the configuration
(``archivo.base.configuracion``); read them typed from ``raiz.config.sesiones`` (a ``ConfigSesiones``).
"""

from __future__ import annotations

import re

from archivo.base.configuracion import DIAS_SEMANA, NOMBRES_ORGANO, ORGANOS_SESION, TIPOS_SESION
from archivo.word import conversion

ORGANOS = ORGANOS_SESION
TIPOS = TIPOS_SESION
NOMBRES_CORTOS = {"comision": "Comisión", "consejo": "Consejo General"}
ESTADOS = ("programada", "celebrada", "cancelada")
EXTENSIONES_CARPETA = {".pdf"} | conversion.EXTENSIONES
MAX_NIVELES = 3  # 1, 1.1, 1.1.1
MAX_TITULO_PUNTO = 500

NUMERO_PUNTO = re.compile(r"^\d+(\.\d+)*$")
HORA = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")

__all__ = ["DIAS_SEMANA", "ESTADOS", "EXTENSIONES_CARPETA", "HORA", "MAX_NIVELES", "MAX_TITULO_PUNTO",
           "NOMBRES_CORTOS", "NOMBRES_ORGANO", "NUMERO_PUNTO", "ORGANOS", "TIPOS"]
