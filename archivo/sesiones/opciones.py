"""Options of archivo.toml's optional ``[sesiones]`` table and the fixed vocabularies of sessions (órganos,
types, states).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.raiz import Raiz
from archivo.word import carpeta_pdf, conversion

ORGANOS = ("comision", "consejo")
NOMBRES_ORGANO = {
    "comision": "Comisión de Seguimiento del Servicio Profesional Electoral Nacional",
    "consejo": "Consejo General",
}
NOMBRES_CORTOS = {"comision": "Comisión", "consejo": "Consejo General"}
TIPOS = ("ordinaria", "extraordinaria")
ESTADOS = ("programada", "celebrada", "cancelada")
DIAS_SEMANA = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
EXTENSIONES_CARPETA = {".pdf"} | conversion.EXTENSIONES
MAX_NIVELES = 3  # 1, 1.1, 1.1.1
MAX_TITULO_PUNTO = 500

# Defaults of the [sesiones] table (see the README section «Sesiones»).
ANTICIPACION = {"ordinaria": 3, "extraordinaria": 1}
MESES_ORDINARIAS = (3, 6, 9, 12)
DIA_CALENDARIO = "jueves"

NUMERO_PUNTO = re.compile(r"^\d+(\.\d+)*$")
HORA = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


# --- configuration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigSesiones:
    nombres: dict[str, str]                       # organo -> name printed on documents
    anticipacion: dict[tuple[str, str], int]      # (organo, tipo) -> días hábiles before the session
    meses_ordinarias: dict[str, tuple[int, ...]]  # organo -> months of the annual calendar
    dia_calendario: dict[str, int]                # organo -> weekday (0 = lunes) of calendar sessions
    hora: str
    lugar: str
    formato_pagina: str
    procesos_libreoffice: int | None  # None: as many as conversion.procesos_automaticos says


def configuracion(raiz: Raiz) -> ConfigSesiones:
    """The optional ``[sesiones]`` table of archivo.toml, validated (every problem at once).

    Keys (all optional): ``anticipacion_ordinaria`` (3), ``anticipacion_extraordinaria`` (1),
    ``meses_ordinarias`` ([3, 6, 9, 12]), ``dia_calendario`` ("jueves": the last hábil one of the month),
    ``hora`` and ``lugar`` (defaults for new sessions), ``nombre_comision``, ``nombre_consejo``,
    ``formato_pagina`` ("Página {n} de {total}"), ``procesos_libreoffice`` (automatic: one per core up to 4, one per 5 documents at least). The anticipation, months and
    weekday can be set per órgano in ``[sesiones.comision]`` / ``[sesiones.consejo]``.
    """
    datos = raiz.config.datos.get("sesiones", {})
    problemas: list[Problema] = []
    lugar = "archivo.toml, [sesiones]"
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{lugar} debe ser una tabla: escriba [sesiones] y debajo sus claves.")

    def entero(tabla: dict, clave: str, defecto: int, donde: str, minimo: int = 0, maximo: int = 60) -> int:
        valor = tabla.get(clave, defecto)
        if isinstance(valor, bool) or not isinstance(valor, int) or not minimo <= valor <= maximo:
            problemas.append(Problema(f"{donde} {clave}", f"«{valor}» no es un número entero de {minimo} a {maximo}"))
            return defecto
        return valor

    def texto(tabla: dict, clave: str, defecto: str, donde: str) -> str:
        valor = tabla.get(clave, defecto)
        if not isinstance(valor, str):
            problemas.append(Problema(f"{donde} {clave}", "debe ser texto entre comillas"))
            return defecto
        return valor.strip()

    def meses(tabla: dict, defecto: tuple[int, ...], donde: str) -> tuple[int, ...]:
        valor = tabla.get("meses_ordinarias", list(defecto))
        if (not isinstance(valor, list) or not valor
                or not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in valor)
                or len(set(valor)) != len(valor)):
            problemas.append(Problema(f"{donde} meses_ordinarias", f"«{valor}» no es una lista de meses",
                                      "escriba los números de mes sin repetir, p. ej. [3, 6, 9, 12]"))
            return defecto
        return tuple(sorted(valor))

    def dia(tabla: dict, defecto: int, donde: str) -> int:
        valor = tabla.get("dia_calendario", DIAS_SEMANA[defecto])
        normal = str(valor).strip().lower().replace("miercoles", "miércoles").replace("sabado", "sábado")
        if normal not in DIAS_SEMANA[:5]:
            problemas.append(Problema(f"{donde} dia_calendario", f"«{valor}» no es un día hábil de la semana",
                                      "use lunes, martes, miércoles, jueves o viernes"))
            return defecto
        return DIAS_SEMANA.index(normal)

    base_ant = {t: entero(datos, f"anticipacion_{t}", ANTICIPACION[t], lugar) for t in TIPOS}
    base_meses = meses(datos, MESES_ORDINARIAS, lugar)
    base_dia = dia(datos, DIAS_SEMANA.index(DIA_CALENDARIO), lugar)
    anticipacion, meses_por, dia_por = {}, {}, {}
    for organo in ORGANOS:
        tabla = datos.get(organo, {})
        donde = f"archivo.toml, [sesiones.{organo}]"
        if not isinstance(tabla, dict):
            problemas.append(Problema(donde, "debe ser una tabla"))
            tabla = {}
        for t in TIPOS:
            anticipacion[(organo, t)] = entero(tabla, f"anticipacion_{t}", base_ant[t], donde)
        meses_por[organo] = meses(tabla, base_meses, donde)
        dia_por[organo] = dia(tabla, base_dia, donde)
    nombres = {o: texto(datos, f"nombre_{o}", NOMBRES_ORGANO[o], lugar) or NOMBRES_ORGANO[o] for o in ORGANOS}
    hora = texto(datos, "hora", "", lugar)
    if hora and not HORA.match(hora):
        problemas.append(Problema(f"{lugar} hora", f"«{hora}» no es una hora", "escríbala como 11:00 o 17:30"))
    formato_pagina = texto(datos, "formato_pagina", carpeta_pdf.FORMATO_PAGINA, lugar)
    problema = carpeta_pdf.validar_formato_pagina(formato_pagina)
    if problema:
        problemas.append(Problema(f"{lugar} formato_pagina", problema, "p. ej. «Página {n} de {total}»"))
    procesos = (entero(datos, "procesos_libreoffice", 1, lugar, minimo=1, maximo=8)
                if "procesos_libreoffice" in datos else None)
    if problemas:
        raise EntradaInvalida(f"La sección [sesiones] de archivo.toml tiene {len(problemas)} problema(s):", problemas)
    return ConfigSesiones(nombres, anticipacion, meses_por, dia_por, hora, texto(datos, "lugar", "", lugar),
                          formato_pagina, procesos)


# --- records -------------------------------------------------------------------------------------

