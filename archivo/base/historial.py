"""The audit log read back: who changed what and when, each change told in words (``antes → después``).

Every transaction records its changes with ``Transaccion.registrar(entidad, clave, antes, despues)`` (catalogo.py):
JSON snapshots of what changed. ``consultar`` filters them (dates, user, entity) page by page; ``describir`` turns a
record into Spanish lines a lawyer reads without knowing JSON — «Probabilidad: MEDIO (2) → BAJO (1)», dates as
«30 de junio de 2025», yes/no, lists joined —; ``titulo`` names what the record is about («Riesgo R-CP-02»).

A package that records values worth a better reading registers them once, where its data lives::

    historial.registrar_entidad("riesgo", "Riesgo", etiquetas={"nr": "NR"},
                                valores={"probabilidad": nivel_texto})

Labels and names default to the key itself made readable (``proxima_revision`` → «Proxima revision»), so a
package added later still reads well before it registers anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from archivo.base import formato
from archivo.base.errors import EntradaInvalida, Problema

# Entering and leaving the portal: many rows a day, hidden unless asked for (failed attempts always show).
ACCESOS = ("iniciar sesión", "cerrar sesión", "sesión vencida", "actividad de sesión")
MAX_TEXTO = 240  # characters of one value shown in a line (the full value stays in the catalog)
POR_PAGINA = 50

# What each entity is called (the audit log stores the short key).
NOMBRES_ENTIDAD: dict[str, str] = {
    "archivo": "Archivo", "documento": "Documento", "expediente": "Expediente", "persona": "Persona del padrón",
    "procedimiento": "Procedimiento", "paso": "Paso de un procedimiento", "usuario": "Cuenta de usuario",
    "trabajo": "Trabajo en segundo plano", "configuracion": "Configuración", "cuadro": "Cuadro de clasificación",
    "cadido": "Catálogo de disposición documental", "prestamo": "Préstamo de expediente",
    "instrumento": "Instrumento archivístico", "importacion": "Importación", "sesion": "Sesión",
    "riesgo": "Riesgo", "evaluacion de riesgo": "Evaluación de riesgo", "accion de riesgo": "Acción de riesgo",
    "compromiso": "Compromiso", "informe de compromisos": "Informe de compromisos y acuerdos",
    "actividad del PAT": "Actividad del Programa Anual de Trabajo",
    "programa anual de trabajo": "Programa Anual de Trabajo", "avance del PAT": "Avance del Programa Anual de Trabajo",
}

# Labels of the keys most records share; a package adds its own with ``registrar_entidad``.
ETIQUETAS: dict[str, str] = {
    "estado": "Estado", "fecha": "Fecha", "titulo": "Título", "punto": "Punto", "documento": "Documento",
    "tipo": "Tipo", "avance": "Avance", "estatus": "Estatus", "porcentaje": "Porcentaje de avance",
    "acuerdos": "Acuerdos", "texto": "Texto", "area": "Área", "nombre": "Nombre", "rol": "Rol", "activo": "Activa",
    "resultado": "Resultado", "motivo": "Motivo", "numero": "Número", "folio": "Folio", "asunto": "Asunto",
    "ruta": "Archivo", "version": "Versión", "paginas": "Páginas", "carpeta": "Carpeta", "hora": "Hora",
    "lugar": "Lugar", "organo": "Órgano", "fase": "Fase", "caja": "Caja", "estante": "Estante", "serie": "Serie",
    "mensaje": "Mensaje", "descripcion": "Descripción", "responsable": "Responsable", "nota": "Nota",
    "evidencia": "Evidencia", "mecanismo": "Mecanismo", "clave": "Clave", "situacion": "Situación",
    "cargo": "Cargo", "adscripcion": "Adscripción", "rango": "Rango", "origen": "Origen", "hasta": "Hasta",
    "desde": "Desde", "fallos": "Intentos fallidos", "sha256": "Huella SHA-256", "meses": "Meses",
    "actividad": "Actividad", "semestre": "Semestre", "corte": "Corte", "totales": "Totales",
    "compromisos": "Compromisos", "subpuntos": "Subpuntos", "documentos": "Documentos",
    "fecha_cierre": "Fecha de cierre", "fecha_inicio": "Fecha de inicio", "fecha_compromiso": "Fecha compromiso",
    "proxima_revision": "Próxima revisión", "solicitante": "Solicitante", "devuelto": "Devuelto",
    "sesion": "Sesión", "anio": "Año", "contraseña": "Contraseña", "por": "Por", "cancelar": "Cancelación pedida",
    "sin_documentos": "No lleva documentos", "institucion": "Institución", "expediente": "Expediente",
    "seccion": "Sección", "subserie": "Subserie", "ubicacion": "Ubicación", "fondo": "Fondo", "valores": "Valores",
    "referencia": "Referencia", "vigencia_anios": "Vigencia (años)", "fecha_apertura": "Fecha de apertura",
    "fecha_fase": "Fecha de la fase", "fojas": "Fojas", "codigo": "Código", "observaciones": "Observaciones",
}
# Bookkeeping the record itself already says (who and when): not repeated in its lines.
OMITIDAS = {"registrado", "registrado_por", "registrada", "registrada_por", "creado", "creado_por", "creada",
            "creada_por", "modificado", "id"}

_ISO_FECHA = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENTO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class _Entidad:
    nombre: str
    etiquetas: dict[str, str] = field(default_factory=dict)
    valores: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    omitir: set[str] = field(default_factory=set)


_ENTIDADES: dict[str, _Entidad] = {}


def registrar_entidad(entidad: str, nombre: str | None = None, *, etiquetas: Mapping[str, str] | None = None,
                      valores: Mapping[str, Callable[[Any], str]] | None = None,
                      omitir: set[str] | frozenset[str] = frozenset()) -> None:
    """How the records of ``entidad`` read: its name, labels of its keys, how to show some values, and keys not
    worth a line (internal ids, a second spelling of a value already shown)."""
    actual = _ENTIDADES.setdefault(entidad, _Entidad(nombre or NOMBRES_ENTIDAD.get(entidad, entidad)))
    if nombre:
        actual.nombre = nombre
    actual.etiquetas.update(etiquetas or {})
    actual.valores.update(valores or {})
    actual.omitir.update(omitir)


def _omitida(entidad: str, clave: str) -> bool:
    propia = _ENTIDADES.get(entidad)
    return clave in OMITIDAS or (propia is not None and clave in propia.omitir)


def nombre_entidad(entidad: str) -> str:
    if entidad in _ENTIDADES:
        return _ENTIDADES[entidad].nombre
    return NOMBRES_ENTIDAD.get(entidad) or entidad[:1].upper() + entidad[1:]


def etiqueta(entidad: str, clave: str) -> str:
    propia = _ENTIDADES.get(entidad)
    if propia and clave in propia.etiquetas:
        return propia.etiquetas[clave]
    if clave in ETIQUETAS:
        return ETIQUETAS[clave]
    if clave.endswith("_id") and len(clave) > 3:  # serie_id: the catalog's own number of what is named beside it
        return f"{etiqueta(entidad, clave[:-3])} (número interno)"
    texto = clave.replace("_", " ").strip()
    return texto[:1].upper() + texto[1:]


# --- values in words ---------------------------------------------------------------------------------------


def _corto(texto: str) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= MAX_TEXTO else texto[: MAX_TEXTO - 1] + "…"


def valor_en_palabras(valor: Any, entidad: str = "", clave: str = "") -> str:
    """A stored value as a person reads it: dates in Spanish, yes/no, lists and small records in words."""
    propia = _ENTIDADES.get(entidad)
    if propia and clave in propia.valores and valor is not None:
        try:
            return _corto(str(propia.valores[clave](valor)))
        except (TypeError, ValueError, KeyError):
            pass  # an unexpected shape: shown as it is
    if valor is None or valor == "" or valor == [] or valor == {}:
        return "(vacío)"
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    if isinstance(valor, int | float):
        return formato.numero(valor) if isinstance(valor, float) else str(valor)
    if isinstance(valor, str):
        if _ISO_FECHA.match(valor):
            try:
                return formato.fecha_larga(valor)
            except ValueError:
                return valor
        if _ISO_MOMENTO.match(valor):
            try:
                momento = datetime.fromisoformat(valor)
                return f"{formato.fecha_larga(momento.date())}, {momento:%H:%M}"
            except ValueError:
                return _corto(valor)
        if clave == "sha256" and re.fullmatch(r"[0-9a-f]{64}", valor):
            return valor[:12] + "…"
        return _corto(valor)
    if isinstance(valor, list):
        return _corto(", ".join(valor_en_palabras(v, entidad, clave) for v in valor))
    if isinstance(valor, dict):
        partes = [f"{etiqueta(entidad, k).lower()} {valor_en_palabras(v, entidad, k)}"
                  for k, v in valor.items() if not _omitida(entidad, k) and v not in (None, "", [], {})]
        return _corto("; ".join(partes)) or "(vacío)"
    return _corto(str(valor))


# --- the records -------------------------------------------------------------------------------------------


@dataclass
class Registro:
    """One change of the audit log."""

    id: int
    momento: str
    usuario: str
    accion: str
    entidad: str
    clave: str | None
    antes: Any
    despues: Any

    @property
    def fecha(self) -> date:
        return datetime.fromisoformat(self.momento).date()

    @property
    def titulo(self) -> str:
        """What the change is about: «Riesgo R-CP-02»."""
        return f"{nombre_entidad(self.entidad)} {self.clave}" if self.clave else nombre_entidad(self.entidad)

    @property
    def lineas(self) -> list[str]:
        return describir(self)

    def como_dict(self) -> dict[str, Any]:
        return {"id": self.id, "momento": self.momento, "usuario": self.usuario, "accion": self.accion,
                "entidad": self.entidad, "clave": self.clave, "antes": self.antes, "despues": self.despues,
                "titulo": self.titulo, "cambios": self.lineas}


def describir(r: Registro) -> list[str]:
    """The change in words, one line per value: «Estado: programada → celebrada»; a record created or removed
    lists what it held («Título: Informes.»), never JSON."""
    antes, despues = r.antes, r.despues
    if not isinstance(antes, dict) and not isinstance(despues, dict):
        if antes is None and despues is None:
            return []
        if antes is None:
            return [f"Quedó: {valor_en_palabras(despues, r.entidad)}"]
        if despues is None:
            return [f"Se quitó: {valor_en_palabras(antes, r.entidad)}"]
        return [f"{valor_en_palabras(antes, r.entidad)} → {valor_en_palabras(despues, r.entidad)}"]
    if antes is None or not isinstance(antes, dict):
        return [f"{etiqueta(r.entidad, k)}: {valor_en_palabras(v, r.entidad, k)}"
                for k, v in despues.items() if not _omitida(r.entidad, k) and v not in (None, "", [], {})]
    if despues is None or not isinstance(despues, dict):
        return [f"Se quitó — {etiqueta(r.entidad, k).lower()}: {valor_en_palabras(v, r.entidad, k)}"
                for k, v in antes.items() if not _omitida(r.entidad, k) and v not in (None, "", [], {})]
    lineas = []
    for k, nuevo in despues.items():
        if _omitida(r.entidad, k):
            continue
        if k in antes:
            if antes[k] == nuevo:
                continue
            lineas.append(f"{etiqueta(r.entidad, k)}: {valor_en_palabras(antes[k], r.entidad, k)} → "
                          f"{valor_en_palabras(nuevo, r.entidad, k)}")
        elif nuevo not in (None, "", [], {}):  # a value the snapshot before did not hold: context of the change
            lineas.append(f"{etiqueta(r.entidad, k)}: {valor_en_palabras(nuevo, r.entidad, k)}")
    return lineas or ["Sin cambios en los valores (se registró la acción)."]


def _de_fila(f: Any) -> Registro:
    return Registro(f["id"], f["momento"], f["usuario"], f["accion"], f["entidad"], f["clave"],
                    json.loads(f["antes"]) if f["antes"] else None, json.loads(f["despues"]) if f["despues"] else None)


@dataclass
class Consulta:
    registros: list[Registro]
    pagina: int
    hay_mas: bool


def _fecha(valor: Any, lugar: str, problemas: list[Problema]) -> date | None:
    if valor in (None, ""):
        return None
    if isinstance(valor, date):
        return valor
    try:
        return formato.a_fecha(valor)
    except ValueError as e:
        problemas.append(Problema(lugar, str(e)))
        return None


def consultar(cat: Any, *, desde: Any = None, hasta: Any = None, usuario: str | None = None,
              entidad: str | None = None, clave: str | None = None, pagina: int = 1,
              por_pagina: int = POR_PAGINA, sin_accesos: bool = False) -> Consulta:
    """Changes, newest first, filtered by dates (inclusive), user, entity (``riesgo`` also brings its
    evaluations and actions when ``clave`` is given) and key; ``sin_accesos`` leaves out entering and leaving
    the portal (``ACCESOS``). Bad dates: every problem at once."""
    problemas: list[Problema] = []
    d = _fecha(desde, "desde", problemas)
    h = _fecha(hasta, "hasta", problemas)
    if d and h and d > h:
        problemas.append(Problema("hasta", f"es anterior a «desde» ({formato.fecha_larga(d)})",
                                  "elija una fecha igual o posterior"))
    if problemas:
        raise EntradaInvalida("No se pudo consultar el historial:", problemas)
    condiciones, params = [], []
    if d:
        condiciones.append("momento >= ?")
        params.append(d.isoformat())
    if h:
        condiciones.append("substr(momento, 1, 10) <= ?")
        params.append(h.isoformat())
    if usuario:
        condiciones.append("usuario = ?")
        params.append(usuario.strip())
    if entidad:
        condiciones.append("entidad = ?")
        params.append(entidad)
    if clave:
        # «R-CP-02» also matches its evaluations (R-CP-02#3) and actions (R-CP-02/A1)
        condiciones.append("(clave = ? OR clave LIKE ? OR clave LIKE ?)")
        params += [clave, f"{clave}#%", f"{clave}/%"]
    if sin_accesos:
        condiciones.append(f"accion NOT IN ({', '.join('?' * len(ACCESOS))})")
        params += list(ACCESOS)
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    pagina = max(1, pagina)
    filas = cat.todos(f"SELECT * FROM historial{donde} ORDER BY id DESC LIMIT ? OFFSET ?",
                      (*params, por_pagina + 1, (pagina - 1) * por_pagina))
    return Consulta([_de_fila(f) for f in filas[:por_pagina]], pagina, len(filas) > por_pagina)


def entidades(cat: Any) -> list[tuple[str, str]]:
    """(entidad, its name) of every kind of record in the log, by name (for a filter)."""
    return sorted(((f[0], nombre_entidad(f[0])) for f in cat.todos("SELECT DISTINCT entidad FROM historial")),
                  key=lambda x: formato.plegar(x[1]))


def usuarios(cat: Any) -> list[str]:
    return [f[0] for f in cat.todos("SELECT DISTINCT usuario FROM historial ORDER BY usuario")]
