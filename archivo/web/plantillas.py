"""Plantillas in the portal: the archive's template set for the document pages (which template serves which step,
the Spanish label of each field), and the administration pages (list, check, upload, schema form)."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.responses import Response

from archivo.archivistica import instrumentos
from archivo.archivistica.expedientes import NOMBRES_TIPO
from archivo.base import subidas
from archivo.base.errors import EntradaInvalida, NoEncontrado, Problema
from archivo.base.raiz import Raiz
from archivo.plantillas import verificacion
from archivo.plantillas.conjunto import NOMBRE_PLANTILLA, instalar, ruta_esquema, rutas_plantillas
from archivo.plantillas.esquema import (
    TIPOS_CAMPO,
    VARIABLES_SISTEMA,
    Esquema,
    cargar_esquema,
    escribir_esquema,
)
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo


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

    @property
    def generable(self) -> bool:
        """Whether people fill it in «Nuevo documento» (archival instruments are filled from the catalog; the
        system templates — carátula, índice, report frames — by the program)."""
        return self.esquema is None or (self.esquema.tipo not in instrumentos.TIPOS_DOCUMENTO
                                        and not self.esquema.sistema)


_cache: dict[str, tuple[tuple, list[Disponible]]] = {}
_candado = threading.Lock()


def disponibles(raiz: Raiz) -> list[Disponible]:
    """The archive's templates with their schemas, read again only when a file changes (name, size, time)."""
    rutas = rutas_plantillas(raiz)
    esquemas = {r: ruta_esquema(raiz, r) for r in rutas}  # an edited copy without its own uses the shipped schema
    firma = tuple((str(r), r.stat().st_mtime_ns, str(esquemas[r]), esquemas[r].stat().st_mtime_ns
                   if esquemas[r].is_file() else 0) for r in rutas)
    clave = str(raiz.ruta)
    with _candado:
        guardado = _cache.get(clave)
        if guardado and guardado[0] == firma:
            return guardado[1]
    salida = []
    for docx in rutas:
        try:
            salida.append(Disponible(docx.stem, docx, cargar_esquema(esquemas[docx])))
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
    "votacion": "votación", "recepcion": "recepción", "desempeno": "desempeño", "sintesis": "síntesis",
    "retribucion": "retribución", "ubicacion": "ubicación", "presentacion": "presentación",
    "introduccion": "introducción", "formacion": "formación", "ponderacion": "ponderación",
    "separacion": "separación", "transferencia": "transferencia", "ine": "INE", "sivople": "SIVOPLE",
    "despen": "DESPEN", "devyspe": "DEVySPE", "spen": "SPEN", "mspen": "MSPEN",
}


def etiqueta(nombre_campo: str) -> str:
    """«fecha_notificacion» → «Fecha notificación»: a readable label for a field name."""
    palabras = [_ACENTOS.get(p.lower(), p.lower()) for p in nombre_campo.split("_") if p]
    texto = " ".join(palabras) or nombre_campo
    return texto[:1].upper() + texto[1:]


# --- administration pages -------------------------------------------------------------------------------

MAX_PLANTILLA = 20 * subidas.MB
ETIQUETAS_ESQUEMA = {"nombre": "Nombre de la plantilla", "titulo": "Título", "tipo": "Tipo de documento",
                     "serie": "Serie de folio", "area": "Área que la emite", "descripcion": "Descripción",
                     "pasos": "Pasos que atiende"}
CARPETA_NUEVAS = "plantillas-nuevas"  # under .portal/: an uploaded .docx waiting for its schema


def lista(p: Peticion) -> Response:
    filas = verificacion.listar_plantillas(p.raiz)
    f = Formulario({}, {"archivo": "Plantilla de Word (.docx)", "esquema": "Esquema (.yaml, opcional)",
                        "nombre": "Nombre de la plantilla"})
    return p.render("plantillas/lista.html", filas=filas, f=f, titulo="Plantillas")


def _disponible(p: Peticion) -> Disponible:
    nombre = p.param("nombre")
    d = next((x for x in disponibles(p.raiz) if x.nombre == nombre), None)
    if d is None:
        raise NoEncontrado(f"No existe la plantilla «{nombre}».")
    return d


def ver(p: Peticion) -> Response:
    d = _disponible(p)
    informe = verificacion.verificar_plantilla(p.raiz, d.nombre)
    return p.render("plantillas/ver.html", d=d, informe=informe, etiqueta=etiqueta, tipos=TIPOS_CAMPO,
                    titulo=f"Plantilla {d.nombre}")


def descargar(p: Peticion) -> Response:
    d = _disponible(p)  # only a template of the archive's set, by its name: never a path from the request
    return archivo(d.docx, d.docx.name)


def _opciones(p: Peticion) -> dict[str, Any]:
    config = p.raiz.config
    return {"tipos_campo": list(TIPOS_CAMPO.items()),
            "tipos_documento": [(k, v) for k, v in NOMBRES_TIPO.items() if k not in ("carpeta", "importado")],
            "series": [(s, s) for s in sorted(config.folios)],
            "areas": [(a.siglas, f"{a.siglas} — {a.nombre}") for a in config.areas]}


def _campos_formulario(p: Peticion) -> list[dict[str, str]]:
    patron = re.compile(r"^campos\.(\d+)\.([a-z_]+)$")
    filas: dict[int, dict[str, str]] = {}
    for clave, valor in p.campos().items():
        m = patron.match(clave)
        if m and int(m.group(1)) < 300:
            filas.setdefault(int(m.group(1)), {})[m.group(2)] = valor
    return [filas[i] for i in sorted(filas)]


def _ejemplo(tipo: str, texto: str) -> Any:
    texto = texto.strip()
    if not texto:
        return None
    if tipo == "lista":
        return [x.strip() for x in texto.split(";") if x.strip()]
    if tipo == "tabla":
        try:
            return json.loads(texto)
        except json.JSONDecodeError:
            return None
    return texto


def _datos_esquema(p: Peticion) -> tuple[dict[str, Any], dict[str, Any]]:
    """(schema data for the library, values to show again) from the schema form."""
    valores: dict[str, Any] = {k: p.valor(k) for k in ("titulo", "tipo", "serie", "area", "descripcion", "pasos")}
    filas = _campos_formulario(p)
    valores["campos"] = filas or [{}]
    campos = []
    for fila in filas:
        if not any(v.strip() for v in fila.values()):
            continue
        campo: dict[str, Any] = {"nombre": fila.get("nombre", "").strip(), "tipo": fila.get("tipo", "texto"),
                                 "requerido": fila.get("requerido", "sí") == "sí",
                                 "descripcion": fila.get("descripcion", "").strip()}
        ejemplo = _ejemplo(campo["tipo"], fila.get("ejemplo", ""))
        if ejemplo is not None:
            campo["ejemplo"] = ejemplo
        if campo["tipo"] == "tabla":
            columnas = []
            for parte in fila.get("columnas", "").split(","):
                nombre, _, tipo = parte.strip().partition(":")
                if nombre.strip():
                    columnas.append({"nombre": nombre.strip(), "tipo": tipo.strip() or "texto"})
            campo["columnas"] = columnas
        campos.append(campo)
    datos = {"titulo": valores["titulo"].strip(), "tipo": valores["tipo"].strip(), "serie": valores["serie"].strip(),
             "area": valores["area"].strip(), "descripcion": valores["descripcion"].strip(),
             "pasos": [x.strip() for x in re.split(r"[\s,;]+", valores["pasos"]) if x.strip()], "campos": campos}
    return datos, valores


def _valores_esquema(e: Esquema | None, variables: list[str] | None = None) -> dict[str, Any]:
    if e is None:
        return {"titulo": "", "tipo": "oficio", "serie": "oficio", "area": "", "descripcion": "", "pasos": "",
                "campos": [{"nombre": v, "tipo": "texto", "requerido": "sí", "descripcion": "", "ejemplo": "",
                            "columnas": ""} for v in variables or []] or [{}]}
    filas = []
    for c in e.campos:
        ejemplo = c.ejemplo
        if isinstance(ejemplo, list) and c.tipo == "lista":
            ejemplo = "; ".join(str(x) for x in ejemplo)
        elif c.tipo == "tabla" and ejemplo is not None:
            ejemplo = json.dumps(ejemplo, ensure_ascii=False, default=str)
        filas.append({"nombre": c.nombre, "tipo": c.tipo, "requerido": "sí" if c.requerido else "no",
                      "descripcion": c.descripcion, "ejemplo": "" if ejemplo is None else str(ejemplo),
                      "columnas": ", ".join(f"{x.nombre}:{x.tipo}" for x in c.columnas)})
    return {"titulo": e.titulo, "tipo": e.tipo, "serie": e.serie, "area": e.area, "descripcion": e.descripcion,
            "pasos": "\n".join(e.pasos), "campos": filas or [{}]}


def _problemas_esquema(f: Formulario, e: EntradaInvalida) -> None:
    """The schema's problems beside the form's fields: «campo «asunto»» names a row, «falta «titulo»» a field."""
    filas = [x.get("nombre", "") for x in f.valores.get("campos", [])]
    for pr in e.problemas or [Problema("", e.mensaje)]:
        texto = pr.mensaje + (f" ({pr.sugerencia})" if pr.sugerencia else "")
        falta = re.match(r"falta «(titulo|tipo|serie)»", pr.mensaje)
        fila = re.search(r"campo «([^»]+)»", pr.lugar or "")
        numero = re.search(r"campo (\d+)$", pr.lugar or "")
        if falta:
            f.error(falta.group(1), "Falta este dato.")
        elif fila and fila.group(1) in filas:
            f.error(f"campos.{filas.index(fila.group(1))}", texto[:1].upper() + texto[1:])
        elif numero:
            f.error(f"campos.{int(numero.group(1)) - 1}", texto[:1].upper() + texto[1:])
        elif "paso" in pr.mensaje:
            f.error("pasos", texto[:1].upper() + texto[1:])
        else:
            f.error(None, f"{pr.lugar}: {texto}" if pr.lugar else texto)


def _filas_campos(f: Formulario, accion: str) -> bool:
    partes = accion.split(":")
    if len(partes) < 2 or partes[1] != "campos":
        return False
    filas = list(f.valores.get("campos") or [])
    if partes[0] == "agregar":
        filas.append({"tipo": "texto", "requerido": "sí"})
    elif len(partes) == 3 and partes[2].isdigit() and int(partes[2]) < len(filas):
        del filas[int(partes[2])]
    f.valores["campos"] = filas or [{}]
    return True


def esquema(p: Peticion) -> Response:
    """The schema of an existing template, as a form: header and one row per field."""
    d = _disponible(p)
    f = Formulario(_valores_esquema(d.esquema), ETIQUETAS_ESQUEMA)
    if d.esquema is None:
        f.valores = _valores_esquema(None, verificacion.verificar_plantilla(p.raiz, d.nombre).variables)
    if p.request.method == "POST":
        datos, f.valores = _datos_esquema(p)
        if not _filas_campos(f, p.valor("_accion")):
            antes = d.esquema.como_dict() if d.esquema else None
            try:
                with p.cat.transaccion("cambiar esquema de plantilla") as tx:
                    nuevo = escribir_esquema(p.raiz.plantillas / f"{d.nombre}.yaml",  # the archive's own: never the shipped set
                                             dict(datos, nombre=d.nombre))
                    tx.registrar("plantilla", d.nombre, antes, nuevo.como_dict())
            except EntradaInvalida as e:
                _problemas_esquema(f, e)
                f.titulo_error = "El esquema tiene problemas; no se guardó nada"
            else:
                return p.redirigir(f"/plantillas/{d.nombre}", "Esquema guardado; revise el resultado de la "
                                   "verificación.")
    return p.render("plantillas/esquema.html", estado=200 if f.valido else 400, f=f, d=d, nueva=None,
                    **_opciones(p), titulo=f"Esquema de {d.nombre}")


def subir(p: Peticion) -> Response:
    """Upload a new .docx: checked (content, zip bomb, the template check); with its schema it is added at once,
    without one the schema is drafted from its variables and completed in the form."""
    f = Formulario({"nombre": p.valor("nombre")}, {"archivo": "Plantilla de Word (.docx)", "nombre": "Nombre",
                                                   "esquema": "Esquema (.yaml, opcional)"})
    nombre = p.valor("nombre").strip().lower()
    docx = p.archivos("archivo")
    if not docx:
        f.error("archivo", "Elija el archivo .docx de la plantilla.")
    if not NOMBRE_PLANTILLA.match(nombre):
        f.error("nombre", "Escriba un nombre en minúsculas sin acentos, con números o guiones (p. ej. oficio-comision).")
    elif (p.raiz.plantillas / f"{nombre}.docx").exists():
        f.error("nombre", f"Ya existe la plantilla «{nombre}»; elija otro nombre.")
    if not f.valido:
        return p.render("plantillas/lista.html", estado=400, filas=verificacion.listar_plantillas(p.raiz), f=f,
                        titulo="Plantillas")
    base = p.raiz.ruta / ".portal" / CARPETA_NUEVAS
    if base.is_dir():  # uploads never completed (a week old) are removed
        for vieja in base.iterdir():
            if vieja.is_dir() and time.time() - vieja.stat().st_mtime > 7 * 86400:
                shutil.rmtree(vieja, ignore_errors=True)
    token = secrets.token_hex(8)
    carpeta = base / token
    carpeta.mkdir(parents=True)
    ruta = carpeta / f"{nombre}.docx"
    with open(ruta, "wb") as salida:
        shutil.copyfileobj(docx[0].file, salida, 1024 * 1024)
    _, problemas = subidas.revisar(ruta, docx[0].filename or ruta.name, permitidos={"docx"}, max_bytes=MAX_PLANTILLA)
    yaml_subido = p.archivos("esquema")
    if yaml_subido and not problemas:
        destino = carpeta / f"{nombre}.yaml"
        with open(destino, "wb") as salida:
            shutil.copyfileobj(yaml_subido[0].file, salida, 1024 * 1024)
        problemas += subidas.revisar(destino, yaml_subido[0].filename or destino.name, permitidos={"txt"},
                                     max_bytes=subidas.MB)[1]
    if problemas:
        shutil.rmtree(carpeta, ignore_errors=True)
        for pr in problemas:
            f.error("archivo", f"{pr.mensaje} ({pr.sugerencia})" if pr.sugerencia else pr.mensaje)
        return p.render("plantillas/lista.html", estado=400, filas=verificacion.listar_plantillas(p.raiz), f=f,
                        titulo="Plantillas")
    return p.redirigir(f"/plantillas/nueva/{token}")


def _nueva(p: Peticion) -> tuple[Path, Path]:
    token = p.param("token")
    if not re.fullmatch(r"[0-9a-f]{16}", token):
        raise NoEncontrado("No existe esa plantilla por agregar.")
    carpeta = p.raiz.ruta / ".portal" / CARPETA_NUEVAS / token
    docx = next(iter(sorted(carpeta.glob("*.docx"))), None) if carpeta.is_dir() else None
    if docx is None:
        raise NoEncontrado("Esa plantilla por agregar ya no está: súbala de nuevo.")
    return carpeta, docx


def nueva(p: Peticion) -> Response:
    """A new template's check result and its schema form; saving adds both to the archive's set."""
    carpeta, docx = _nueva(p)
    informe = verificacion.verificar_docx(docx)
    esquema_subido = None
    if docx.with_suffix(".yaml").is_file():
        try:
            esquema_subido = cargar_esquema(docx.with_suffix(".yaml"))
        except EntradaInvalida:
            esquema_subido = None
    sistema = set(VARIABLES_SISTEMA)
    variables = [v for v in informe.variables if v not in sistema]
    f = Formulario(_valores_esquema(esquema_subido, variables), ETIQUETAS_ESQUEMA)
    if p.request.method == "POST":
        datos, f.valores = _datos_esquema(p)
        if not _filas_campos(f, p.valor("_accion")):
            if informe.errores:
                f.error(None, f"La plantilla tiene {len(informe.errores)} error(es) (abajo): corríjalos en Word y "
                              "súbala de nuevo.")
            else:
                try:
                    with p.cat.transaccion("agregar plantilla") as tx:
                        nueva_plantilla = instalar(p.raiz, docx.stem, docx.read_bytes(), datos)
                        tx.registrar("plantilla", docx.stem, None, nueva_plantilla.esquema.como_dict())
                except EntradaInvalida as e:
                    _problemas_esquema(f, e)
                    f.titulo_error = "El esquema tiene problemas; no se agregó la plantilla"
                else:
                    shutil.rmtree(carpeta, ignore_errors=True)
                    return p.redirigir(f"/plantillas/{docx.stem}", f"Plantilla «{docx.stem}» agregada al archivo.")
    return p.render("plantillas/esquema.html", estado=200 if f.valido else 400, f=f, d=None, nueva=docx.stem,
                    informe=informe, **_opciones(p), titulo=f"Nueva plantilla: {docx.stem}")
