"""Sessions of the Comisión de Seguimiento del Servicio and of the Consejo General.

- ``opciones``: archivo.toml's ``[sesiones]`` options and the vocabularies (órganos, types, states).
- ``registro``: the sessions themselves (create, reschedule, change state).
- ``calendario``: the deadline to send documents (días hábiles) and the annual calendar of ordinary sessions.
- ``orden_del_dia``: points, sub-points and their documents; the orden del día as a Word document.
- ``carpeta``: the carpeta de sesión (one PDF with index, bookmarks and page numbers); ``archivo.word.carpeta_pdf`` builds it.
"""

from archivo.sesiones.calendario import calendario, fecha_calendario, plazo
from archivo.sesiones.carpeta import (
    TRABAJO_CARPETA,
    armar_carpeta,
    carpetas,
    encolar_carpeta,
    estado_carpeta,
    revisar_carpeta,
    titulo_documento,
    trabajo_de,
)
from archivo.sesiones.opciones import ESTADOS, EXTENSIONES_CARPETA, ORGANOS, TIPOS
from archivo.sesiones.orden_del_dia import (
    adjuntar,
    agregar_punto,
    anidar_punto,
    asegurar_expediente,
    buscar_documentos,
    desadjuntar,
    editar_punto,
    emitir_orden_del_dia,
    marcar_sin_documentos,
    mover_punto,
    obtener_punto,
    orden_del_dia,
    quitar_punto,
    recorrer,
    resolver_documento,
)
from archivo.sesiones.registro import (
    Punto,
    Sesion,
    avisos_fecha,
    cambiar_estado,
    lista,
    nueva,
    obtener,
    reprogramar,
)

__all__ = [
    "ESTADOS",
    "EXTENSIONES_CARPETA",
    "ORGANOS",
    "Punto",
    "Sesion",
    "TIPOS",
    "TRABAJO_CARPETA",
    "adjuntar",
    "agregar_punto",
    "anidar_punto",
    "armar_carpeta",
    "asegurar_expediente",
    "avisos_fecha",
    "buscar_documentos",
    "calendario",
    "cambiar_estado",
    "carpetas",
    "desadjuntar",
    "editar_punto",
    "emitir_orden_del_dia",
    "encolar_carpeta",
    "estado_carpeta",
    "fecha_calendario",
    "lista",
    "marcar_sin_documentos",
    "mover_punto",
    "nueva",
    "obtener",
    "obtener_punto",
    "orden_del_dia",
    "plazo",
    "quitar_punto",
    "recorrer",
    "reprogramar",
    "resolver_documento",
    "revisar_carpeta",
    "titulo_documento",
    "trabajo_de",
]
