"""Plantillas in the portal: the archive's template set for the document pages (which template serves which step,
the Spanish label of each field), and the administration pages (list, check, upload, schema form)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from archivo.base.errors import EntradaInvalida
from archivo.base.raiz import Raiz
from archivo.plantillas.conjunto import rutas_plantillas
from archivo.plantillas.esquema import Esquema, cargar_esquema


@dataclass
class Disponible:
    """A template of the archive and its schema (or why the schema cannot be used)."""

    nombre: str
    docx: Path
    esquema: Esquema | None
    problemas: list[str] = field(default_factory=list)

    @property
    def titulo(self) -> str:
        return self.esquema.titulo if self.esquema else self.nombre


_cache: dict[str, tuple[tuple, list[Disponible]]] = {}
_candado = threading.Lock()


def disponibles(raiz: Raiz) -> list[Disponible]:
    """The archive's templates with their schemas, read again only when a file changes (name, size, time)."""
    rutas = rutas_plantillas(raiz)
    firma = tuple((r.name, r.stat().st_mtime_ns, r.with_suffix(".yaml").stat().st_mtime_ns
                   if r.with_suffix(".yaml").is_file() else 0) for r in rutas)
    clave = str(raiz.ruta)
    with _candado:
        guardado = _cache.get(clave)
        if guardado and guardado[0] == firma:
            return guardado[1]
    salida = []
    for docx in rutas:
        try:
            salida.append(Disponible(docx.stem, docx, cargar_esquema(docx.with_suffix(".yaml"))))
        except EntradaInvalida as e:
            salida.append(Disponible(docx.stem, docx, None, [str(x) for x in e.problemas] or [e.mensaje]))
    with _candado:
        _cache[clave] = (firma, salida)
    return salida


def por_paso(raiz: Raiz, tipo_procedimiento: str) -> dict[int, list[Disponible]]:
    """The templates whose schema says they serve each step (``tipo:cvo``) of a procedure type."""
    salida: dict[int, list[Disponible]] = {}
    for d in disponibles(raiz):
        if d.esquema is None:
            continue
        for paso in d.esquema.pasos:
            tipo, _, cvo = paso.partition(":")
            if tipo == tipo_procedimiento and cvo.isdigit():
                salida.setdefault(int(cvo), []).append(d)
    return salida


# Words of field names written without accents in templates, as a person reads them in a label.
_ACENTOS = {
    "adscripcion": "adscripción", "aprobacion": "aprobación", "area": "área", "calificacion": "calificación",
    "codigo": "código", "comision": "comisión", "conclusion": "conclusión", "descripcion": "descripción",
    "designacion": "designación", "dias": "días", "direccion": "dirección", "evaluacion": "evaluación",
    "fundamentacion": "fundamentación", "informacion": "información", "justificacion": "justificación",
    "limite": "límite", "motivacion": "motivación", "notificacion": "notificación", "numero": "número",
    "observacion": "observación", "observaciones": "observaciones", "organo": "órgano", "pagina": "página",
    "periodo": "periodo", "promocion": "promoción", "publicacion": "publicación", "razon": "razón",
    "relacion": "relación", "resolucion": "resolución", "sesion": "sesión", "situacion": "situación",
    "titulo": "título", "ultimo": "último", "vigencia": "vigencia", "anio": "año", "ano": "año",
    "articulo": "artículo", "tecnico": "técnico", "titular": "titular", "via": "vía", "vinculacion": "vinculación",
    "electoral": "electoral", "region": "región", "telefono": "teléfono", "genero": "género",
    "ccp": "con copia para", "cp": "código postal", "num": "núm.", "dictamen": "dictamen", "mision": "misión",
    "proposito": "propósito", "metodo": "método", "indice": "índice", "credito": "crédito", "analisis": "análisis",
}


def etiqueta(nombre_campo: str) -> str:
    """«fecha_notificacion» → «Fecha notificación»: a readable label for a field name."""
    palabras = [_ACENTOS.get(p.lower(), p.lower()) for p in nombre_campo.split("_") if p]
    texto = " ".join(palabras) or nombre_campo
    return texto[:1].upper() + texto[1:]
