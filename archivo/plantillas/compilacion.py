"""Templates ready to render: the .docx with the archive's membrete applied, compiled once per content.

``compilar(raiz, plantilla)`` is what every document of the archive is built with — the documents people generate
(``generacion``) and the ones the program fills by itself (carátula, índice, orden del día, the frames of the
reports). The compiled template is cached by the SHA-256 of the template and of the membrete: editing either in
Word takes effect on the next document, without restarting anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import sha256_file
from archivo.base.raiz import Raiz
from archivo.plantillas import firma
from archivo.plantillas.conjunto import Plantilla, buscar, cargar, entorno_jinja, ruta_esquema, ruta_membrete
from archivo.plantillas.esquema import VARIABLES_SISTEMA
from archivo.plantillas.limites import ConstruccionNoPermitida
from archivo.plantillas.render import PlantillaCompilada, RelacionRota
from archivo.word.membrete import aplicar_membrete

_compiladas: dict[tuple[str, str, str, tuple[str, ...]], PlantillaCompilada] = {}
_huellas: dict[tuple[str, int, int], str] = {}
_del_sistema: dict[tuple[str, str], tuple[tuple[Any, ...], Plantilla]] = {}


def _sha256(ruta: Path) -> str:
    """SHA-256 of a template file, remembered while the file's size and modification time stay the same."""
    estado = ruta.stat()
    clave = (str(ruta), estado.st_mtime_ns, estado.st_size)
    if clave not in _huellas:
        _huellas[clave] = sha256_file(ruta)
    return _huellas[clave]


def fuente(raiz: Raiz, plantilla: Plantilla) -> bytes:
    """The template's .docx as it is rendered: with the membrete, unless its schema says ``membrete: false``."""
    datos = plantilla.docx.read_bytes()
    if not plantilla.esquema.membrete:
        return datos
    return aplicar_membrete(datos, ruta_membrete(raiz).read_bytes())


def sha256_membrete(raiz: Raiz, plantilla: Plantilla) -> str:
    return _sha256(ruta_membrete(raiz)) if plantilla.esquema.membrete else ""


def compilar(raiz: Raiz, plantilla: Plantilla, inhabiles: tuple[str, ...] = ()) -> PlantillaCompilada:
    """The compiled template (cached by content), after checking its variables against the schema."""
    clave = (str(plantilla.docx), _sha256(plantilla.docx), sha256_membrete(raiz, plantilla), inhabiles)
    if clave in _compiladas:
        return _compiladas[clave]
    try:
        datos = fuente(raiz, plantilla)
        pc = PlantillaCompilada(datos, entorno_jinja(inhabiles))
    except ConstruccionNoPermitida as e:
        raise EntradaInvalida(f"La plantilla «{plantilla.nombre}» no se puede usar: {e.message}") from None
    except TemplateSyntaxError:
        raise EntradaInvalida(
            f"La plantilla «{plantilla.nombre}» (o el membrete) tiene un error de escritura en una de sus etiquetas. "
            f"Revísela con «archivo plantillas verificar {plantilla.nombre}»: dice en qué párrafo y cómo "
            "corregirlo.") from None
    except Exception:  # a damaged .docx: python-docx/lxml raise many kinds
        raise EntradaInvalida(
            f"No se pudo leer la plantilla «{plantilla.nombre}» o el membrete: el archivo .docx está dañado o no es "
            f"un documento de Word. Revísela con «archivo plantillas verificar {plantilla.nombre}».") from None
    ids_firma = firma.ids_de_estilo(pc.estilos)
    pc.ajustar = lambda _pc, cuerpo: firma.unir_con_firma(ids_firma, cuerpo)  # the signature keeps its text
    no_declaradas = sorted(pc.variables() - plantilla.esquema.nombres - set(VARIABLES_SISTEMA))
    if no_declaradas:
        raise EntradaInvalida(
            f"La plantilla «{plantilla.nombre}» usa variables que su esquema no declara: "
            f"{', '.join(no_declaradas)}. Declárelas en {plantilla.nombre}.yaml o corrija la plantilla.")
    _compiladas[clave] = pc
    return pc


def renderizar(pc: PlantillaCompilada, nombre: str, contexto: Mapping[str, Any]) -> bytes:
    """Render, turning Jinja's errors into a Spanish message that names the template and how to check it."""
    try:
        return pc.render(contexto)
    except UndefinedError as e:
        raise EntradaInvalida(f"La plantilla «{nombre}» usa un dato que no existe: {e.message}. "
                              f"Revise el esquema y la plantilla con «archivo plantillas verificar {nombre}».") from None
    except RelacionRota as e:
        raise EntradaInvalida(f"La plantilla «{nombre}» no se pudo llenar sin dañar el documento: {e}") from None
    except TemplateError as e:
        raise EntradaInvalida(f"La plantilla «{nombre}» no se pudo llenar: {e}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # lxml/docxtpl: the XML came out broken
        raise EntradaInvalida(
            f"La plantilla «{nombre}» produjo un documento de Word que no es válido (una etiqueta partida o mal "
            f"colocada en una tabla, un campo o un hipervínculo). Revísela con «archivo plantillas verificar "
            f"{nombre}».") from None


def lugar_de_expedicion(config: Any) -> str:
    """The place line of documents: ``[institucion] lugar`` of archivo.toml if given, else «ciudad, entidad»."""
    inst = config.institucion
    propio = str(inst.get("lugar") or "").strip()
    if propio:
        return propio
    return f"{inst['ciudad']}, {inst['entidad']}" if inst.get("entidad") else inst["ciudad"]


def contexto_sistema(raiz: Raiz, *, area: str | None = None, fecha: date | None = None, folio: str | None = None,
                     expediente: Mapping[str, Any] | None = None, firmante: str | None = None) -> dict[str, Any]:
    """The system variables of a document the program builds (``esquema.VARIABLES_SISTEMA``), from archivo.toml.

    ``area`` (siglas) defaults to the Órgano de Enlace; an área that archivo.toml no longer lists is shown by its
    siglas. ``folio`` None means a document without folio (carátula, índice, orden del día).
    """
    config = raiz.config
    siglas = area or config.organo_enlace["siglas"]
    try:
        registrada = config.area(siglas)
        area_ctx = {"siglas": registrada.siglas, "nombre": registrada.nombre}
    except ArchivoError:
        area_ctx = {"siglas": siglas, "nombre": siglas}
    if firmante:
        f = config.firmante(firmante)
    else:
        f = next((x for x in config.firmantes if x.area == siglas), None) or (
            config.firmantes[0] if config.firmantes else None)
    return {
        "institucion": config.institucion, "organo_enlace": config.organo_enlace, "area": area_ctx,
        "folio": folio or "", "es_borrador": False, "fecha": fecha or date.today(),
        "lugar": lugar_de_expedicion(config),
        "firmante": {"clave": f.clave, "nombre": f.nombre, "cargo": f.cargo} if f else
        {"clave": "", "nombre": "", "cargo": ""},
        "procedimiento": None, "expediente": dict(expediente) if expediente else {"numero": "", "titulo": ""},
        "personas": [], "persona": None, "sustituye": None,
    }


def _plantilla(raiz: Raiz, nombre: str) -> Plantilla:
    """``cargar``, remembered while the .docx and its schema stay the same files with the same size and time (a
    batch rewrites the carátula and the índice of every expediente it touches)."""
    encontrado = buscar(raiz, f"{nombre}.docx")
    if encontrado is None:
        return cargar(raiz, nombre)  # its usual error
    docx = encontrado[1]
    yaml = ruta_esquema(raiz, docx)
    try:
        huella = tuple((str(r), e.st_mtime_ns, e.st_size) for r, e in ((docx, docx.stat()), (yaml, yaml.stat())))
    except OSError:
        return cargar(raiz, nombre)
    clave = (str(raiz.ruta), nombre)
    recordada = _del_sistema.get(clave)
    if recordada is not None and recordada[0] == huella:
        return recordada[1]
    plantilla = cargar(raiz, nombre)
    _del_sistema[clave] = (huella, plantilla)
    return plantilla


def documento(raiz: Raiz, nombre: str, contexto: Mapping[str, Any], inhabiles: tuple[str, ...] = ()) -> bytes:
    """A document from template ``nombre`` (layered lookup, membrete applied): what the program builds itself."""
    plantilla = _plantilla(raiz, nombre)
    return renderizar(compilar(raiz, plantilla, inhabiles), nombre, contexto)
