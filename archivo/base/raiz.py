"""The archive root: a folder with ``archivo.toml``, the catalog, templates, expedientes and the index.

``Raiz.localizar`` finds it (``--raiz``, ``ARCHIVO_RAIZ``, or the current directory and its parents);
``Raiz.preparar`` lays out a new one (``catalogo.iniciar_archivo`` completes it). ``Configuracion`` is the validated content of ``archivo.toml``.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.fsutil import atomic_write_text, safe_join

ARCHIVO_TOML = "archivo.toml"
CATALOGO = "catalogo.sqlite"
ENV_RAIZ = "ARCHIVO_RAIZ"

# Placeholders a folio format may use.
CAMPOS_FOLIO = {"siglas", "area", "anio", "consecutivo", "organo"}


@dataclass(frozen=True)
class Area:
    siglas: str
    nombre: str


@dataclass(frozen=True)
class Firmante:
    clave: str
    nombre: str
    cargo: str
    area: str = ""


@dataclass(frozen=True)
class Archivistica:
    """Ley General de Archivos classification defaults for carátulas."""

    fondo: str
    seccion: str
    series: dict[str, str]  # expediente type -> serie documental (code and name)
    valores: str  # valores documentales, e.g. "Administrativo, legal"
    vigencia_anios: int
    clasificacion: dict[str, str]  # expediente type -> clasificación de acceso


@dataclass
class Configuracion:
    institucion: dict[str, str]
    organo_enlace: dict[str, str]
    areas: list[Area]
    firmantes: list[Firmante]
    folios: dict[str, str]
    archivistica: Archivistica
    dias_inhabiles: list[str] = field(default_factory=list)
    datos: dict[str, Any] = field(default_factory=dict)  # the raw TOML, for templates

    @property
    def siglas(self) -> str:
        return self.institucion["siglas"]

    def area(self, siglas: str) -> Area:
        for a in self.areas:
            if a.siglas.lower() == siglas.lower():
                return a
        disponibles = ", ".join(a.siglas for a in self.areas)
        raise EntradaInvalida(f"No existe el área «{siglas}» en archivo.toml. Áreas registradas: {disponibles}.")

    def firmante(self, clave: str | None = None) -> Firmante:
        if not self.firmantes:
            raise EntradaInvalida("archivo.toml no tiene firmantes: agregue al menos una sección [[firmantes]].")
        if clave is None:
            return self.firmantes[0]
        for f in self.firmantes:
            if f.clave == clave:
                return f
        disponibles = ", ".join(f.clave for f in self.firmantes)
        raise EntradaInvalida(f"No existe el firmante «{clave}» en archivo.toml. Firmantes: {disponibles}.")

    def formato_folio(self, serie: str) -> str:
        try:
            return self.folios[serie]
        except KeyError:
            disponibles = ", ".join(sorted(self.folios))
            raise EntradaInvalida(
                f"archivo.toml no define el formato de folio de la serie «{serie}». "
                f"Agréguelo en la sección [folios]; series definidas: {disponibles}."
            ) from None


def _validar_formato_folio(nombre: str, formato: str) -> list[Problema]:
    lugar = f"archivo.toml, [folios] {nombre}"
    problemas: list[Problema] = []
    try:
        campos = [f for _, f, _, _ in string.Formatter().parse(formato) if f is not None]
    except ValueError as e:
        return [Problema(lugar, f"formato inválido: {e}", "use llaves como en «{siglas}/{area}/{consecutivo:03d}/{anio}»")]
    if "consecutivo" not in campos:
        problemas.append(Problema(lugar, "el formato no incluye {consecutivo}", "todo folio necesita su número"))
    desconocidos = [c for c in campos if c not in CAMPOS_FOLIO]
    if desconocidos:
        problemas.append(
            Problema(lugar, f"campos desconocidos: {', '.join(desconocidos)}",
                     f"use solo {', '.join(sorted(CAMPOS_FOLIO))}")
        )
    if not problemas:
        try:
            formato.format(siglas="X", area="A", anio=2024, consecutivo=1, organo="O")
        except (ValueError, KeyError, IndexError) as e:
            problemas.append(Problema(lugar, f"el formato no se puede aplicar: {e}"))
    return problemas


def _texto(d: dict, clave: str, lugar: str, problemas: list[Problema], requerido: bool = True) -> str:
    valor = d.get(clave, "")
    if not isinstance(valor, str):
        problemas.append(Problema(lugar, f"«{clave}» debe ser texto entre comillas"))
        return ""
    if requerido and not valor.strip():
        problemas.append(Problema(lugar, f"falta «{clave}»"))
    return valor.strip()


def cargar_configuracion(path: Path) -> Configuracion:
    """Read and validate ``archivo.toml``; every problem is reported at once."""
    try:
        datos = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise EntradaInvalida(f"{path} no es un TOML válido: {e}. Revise comillas y corchetes.") from None
    except UnicodeDecodeError:
        raise EntradaInvalida(f"{path} no está en UTF-8; guárdelo con codificación UTF-8.") from None
    problemas: list[Problema] = []

    inst = datos.get("institucion", {})
    institucion = {
        k: _texto(inst, k, "archivo.toml, [institucion]", problemas, requerido=k in ("nombre", "siglas", "ciudad"))
        for k in ("nombre", "siglas", "entidad", "ciudad", "domicilio", "telefono", "sitio_web", "lema")
    }
    oe = datos.get("organo_enlace", {})
    organo = {
        k: _texto(oe, k, "archivo.toml, [organo_enlace]", problemas, requerido=k in ("nombre", "siglas"))
        for k in ("nombre", "siglas")
    }

    areas: list[Area] = []
    for i, a in enumerate(datos.get("areas", []), start=1):
        lugar = f"archivo.toml, área {i}"
        areas.append(Area(_texto(a, "siglas", lugar, problemas), _texto(a, "nombre", lugar, problemas)))
    if not areas:
        problemas.append(Problema("archivo.toml", "no hay áreas", "agregue secciones [[areas]] con siglas y nombre"))
    siglas_areas = [a.siglas for a in areas]
    for s in {s for s in siglas_areas if siglas_areas.count(s) > 1}:
        problemas.append(Problema("archivo.toml, [[areas]]", f"las siglas «{s}» se repiten"))
    for a in areas:
        if a.siglas and not re.fullmatch(r"[A-Za-zÁÉÍÓÚÑáéíóúñ0-9][A-Za-zÁÉÍÓÚÑáéíóúñ0-9\-]*", a.siglas):
            problemas.append(Problema(f"archivo.toml, área {a.siglas}", "siglas con caracteres no permitidos",
                                      "use letras, números y guiones"))

    firmantes: list[Firmante] = []
    for i, f in enumerate(datos.get("firmantes", []), start=1):
        lugar = f"archivo.toml, firmante {i}"
        firmantes.append(Firmante(_texto(f, "clave", lugar, problemas), _texto(f, "nombre", lugar, problemas),
                                  _texto(f, "cargo", lugar, problemas), _texto(f, "area", lugar, problemas, False)))

    folios = datos.get("folios", {})
    if not isinstance(folios, dict) or not folios:
        problemas.append(Problema("archivo.toml, [folios]", "no hay formatos de folio"))
        folios = {}
    for nombre, formato in folios.items():
        if not isinstance(formato, str):
            problemas.append(Problema(f"archivo.toml, [folios] {nombre}", "el formato debe ser texto"))
            continue
        problemas.extend(_validar_formato_folio(nombre, formato))

    arch = datos.get("archivistica", {})
    archivistica = Archivistica(
        fondo=str(arch.get("fondo", institucion.get("siglas", ""))),
        seccion=str(arch.get("seccion", "")),
        series={str(k): str(v) for k, v in arch.get("series", {}).items()},
        valores=str(arch.get("valores", "Administrativo, legal")),
        vigencia_anios=int(arch.get("vigencia_anios", 5)),
        clasificacion={str(k): str(v) for k, v in arch.get("clasificacion", {}).items()},
    )
    inhabiles = datos.get("calendario", {}).get("dias_inhabiles", [])
    for d in inhabiles:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d)):
            problemas.append(Problema("archivo.toml, [calendario] dias_inhabiles", f"«{d}» no es una fecha AAAA-MM-DD"))

    if problemas:
        raise EntradaInvalida(f"archivo.toml tiene {len(problemas)} problema(s):", problemas)
    return Configuracion(institucion, organo, areas, firmantes, {k: str(v) for k, v in folios.items()},
                         archivistica, [str(d) for d in inhabiles], datos)


def plantillas_incluidas() -> Path:
    """The template set shipped with the program (wheel: archivo/_plantillas; checkout: ./plantillas)."""
    paquete = Path(__file__).resolve().parent.parent  # archivo/
    for candidato in (paquete / "_plantillas", paquete.parent / "plantillas"):
        if candidato.is_dir():
            return candidato
    raise ArchivoError("No se encontró el juego de plantillas incluido con el programa; reinstale archivo.")


class Raiz:
    """An archive root on disk."""

    def __init__(self, ruta: Path) -> None:
        self.ruta = Path(ruta).resolve()
        self._config: Configuracion | None = None

    # --- layout -------------------------------------------------------------------------------
    @property
    def archivo_toml(self) -> Path:
        return self.ruta / ARCHIVO_TOML

    @property
    def catalogo_path(self) -> Path:
        return self.ruta / CATALOGO

    @property
    def plantillas(self) -> Path:
        return self.ruta / "plantillas"

    @property
    def expedientes(self) -> Path:
        return self.ruta / "expedientes"

    @property
    def indices(self) -> Path:
        return self.ruta / "indices"

    @property
    def acervo(self) -> Path:
        return self.ruta / "acervo"

    @property
    def diario(self) -> Path:
        """Write-ahead journal of files being written inside catalog transactions."""
        return self.ruta / ".diario"

    @property
    def config(self) -> Configuracion:
        if self._config is None:
            self._config = cargar_configuracion(self.archivo_toml)
        return self._config

    def relativa(self, path: Path) -> str:
        """Path relative to the root, with forward slashes (how the catalog stores paths)."""
        return Path(path).resolve().relative_to(self.ruta).as_posix()

    def absoluta(self, relativa: str) -> Path:
        return safe_join(self.ruta, *relativa.split("/"))

    # --- discovery and creation ---------------------------------------------------------------
    @staticmethod
    def es_raiz(ruta: Path) -> bool:
        return (Path(ruta) / ARCHIVO_TOML).is_file()

    @classmethod
    def localizar(cls, ruta: Path | str | None = None) -> Raiz:
        if ruta is None and os.environ.get(ENV_RAIZ):
            ruta = os.environ[ENV_RAIZ]
        if ruta is not None:
            ruta = Path(ruta).expanduser()
            if not cls.es_raiz(ruta):
                raise ArchivoError(
                    f"«{ruta}» no es un archivo: no contiene {ARCHIVO_TOML}. "
                    f"Cree uno con «archivo iniciar {ruta}» o indique otra ruta con --raiz."
                )
            return cls(ruta)
        actual = Path.cwd().resolve()
        for carpeta in (actual, *actual.parents):
            if cls.es_raiz(carpeta):
                return cls(carpeta)
        raise ArchivoError(
            "No se encontró un archivo en esta carpeta ni en sus carpetas superiores. "
            "Indique uno con --raiz RUTA (o la variable ARCHIVO_RAIZ), o cree uno con «archivo iniciar RUTA»."
        )

    @classmethod
    def preparar(cls, ruta: Path | str, *, toml: str | None = None) -> Raiz:
        """Create the folders and ``archivo.toml`` of a new archive root (``catalogo.iniciar_archivo`` then creates
        its catalog). Refuses to touch a folder that already holds one or has files."""
        ruta = Path(ruta).expanduser()
        if cls.es_raiz(ruta):
            raise ArchivoError(f"«{ruta}» ya contiene un archivo ({ARCHIVO_TOML}); no se sobrescribe.")
        if ruta.exists() and not ruta.is_dir():
            raise ArchivoError(f"«{ruta}» existe y no es una carpeta.")
        if ruta.is_dir() and any(ruta.iterdir()):
            raise ArchivoError(
                f"La carpeta «{ruta}» no está vacía; elija una carpeta nueva o vacía para no mezclar archivos."
            )
        ruta.mkdir(parents=True, exist_ok=True)
        raiz = cls(ruta)
        texto = toml if toml is not None else TOML_INICIAL
        cargar_configuracion_texto(texto)  # validate before writing anything
        for carpeta in (raiz.expedientes, raiz.indices, raiz.acervo, raiz.diario):
            carpeta.mkdir(parents=True, exist_ok=True)
        raiz.plantillas.mkdir()
        atomic_write_text(raiz.plantillas / "LEEME.txt", LEEME_PLANTILLAS, overwrite=False)
        atomic_write_text(raiz.archivo_toml, texto, overwrite=False)
        return raiz


def cargar_configuracion_texto(texto: str) -> Configuracion:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / ARCHIVO_TOML
        p.write_text(texto, encoding="utf-8")
        return cargar_configuracion(p)


LEEME_PLANTILLAS = """\
Plantillas propias de este archivo.

archivo usa las plantillas de Word que trae incluidas (vea «archivo plantillas lista»). Una plantilla que ponga en
esta carpeta con el mismo nombre que una incluida la sustituye en este archivo; una con otro nombre se agrega.

- Para cambiar una plantilla incluida: «archivo plantillas copiar NOMBRE» deja aquí NOMBRE.docx; ábrala en Word,
  edítela y guárdela. «archivo plantillas estado» muestra cuáles ha editado y cuáles cambió una versión nueva de
  archivo; «archivo plantillas actualizar» pone al día las que no ha editado.
- El encabezado, el pie, el logotipo, el papel, los márgenes y los estilos de todos los documentos están en
  membrete.docx: «archivo plantillas copiar membrete» y edítelo.
- Una plantilla nueva necesita su esquema NOMBRE.yaml: «archivo plantillas esquema NOMBRE.docx» escribe un
  borrador con cada variable que usa. Revísela con «archivo plantillas verificar NOMBRE».
"""


TOML_INICIAL = """\
# Configuración del archivo: la institución, su Órgano de Enlace, áreas, firmantes y formatos de folio.
# Edite los valores entre comillas. Las líneas que empiezan con # son comentarios.

[institucion]
nombre = "Organismo Público Local Electoral"
siglas = "OPLE"
entidad = ""
ciudad = "Ciudad"
domicilio = ""
telefono = ""
sitio_web = ""
lema = ""

[organo_enlace]
nombre = "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"
siglas = "DEVySPE"

[[areas]]
siglas = "DEVySPE"
nombre = "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"

[[areas]]
siglas = "CSPE"
nombre = "Coordinación del Servicio Profesional Electoral"

[[areas]]
siglas = "CV-INE"
nombre = "Coordinación de Vinculación con el Instituto Nacional Electoral"

[[firmantes]]
clave = "titular"
nombre = "Nombre de la persona titular"
cargo = "Titular de la Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"
area = "DEVySPE"

# La Comisión de Seguimiento del Servicio (para los informes de compromisos y acuerdos).
[comision]
nombre = "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"
nombre_corto = "Comisión de Seguimiento"
fundamento_informe = "el Reglamento de Comisiones del Consejo General"

# Formatos de folio por serie. Campos: {siglas} (institución), {area}, {anio}, {consecutivo}, {organo}.
# El consecutivo se reinicia cada año y por área; nunca se reutiliza.
[folios]
oficio = "{siglas}/{area}/{consecutivo:03d}/{anio}"
circular = "{siglas}/{area}/CIRC-{consecutivo:03d}/{anio}"
tarjeta-informativa = "{siglas}/{area}/TI-{consecutivo:03d}/{anio}"
acuerdo-comision = "{siglas}-CSPEN-{consecutivo:03d}/{anio}"
acuerdo-consejo = "{siglas}-CG-{consecutivo}/{anio}"
dictamen = "{siglas}/{area}/DICT-{consecutivo:03d}/{anio}"
informe = "{siglas}/{area}/INF-{consecutivo:03d}/{anio}"

# Clasificación archivística (Ley General de Archivos) para las carátulas de los expedientes.
[archivistica]
fondo = "OPLE"
seccion = "Servicio Profesional Electoral Nacional"
valores = "Administrativo, legal"
vigencia_anios = 5

[archivistica.series]
persona = "SPEN.01 Expedientes del personal del Servicio"
procedimiento = "SPEN.02 Mecanismos del Servicio"
mecanismo = "SPEN.03 Administración de riesgos"
sesion = "SPEN.04 Comisión de Seguimiento del Servicio"
acervo = "SPEN.05 Acervo documental"

[archivistica.clasificacion]
persona = "Confidencial (contiene datos personales)"
procedimiento = "Pública, con versión pública de datos personales"
mecanismo = "Pública"
sesion = "Pública"
acervo = "Pública"

# Sesiones (opcional): días hábiles de anticipación para enviar documentos, calendario anual.
# [sesiones]
# anticipacion_ordinaria = 3
# anticipacion_extraordinaria = 1
# meses_ordinarias = [3, 6, 9, 12]
# dia_calendario = "jueves"

# Días inhábiles que declare la institución, además de los oficiales (AAAA-MM-DD).
[calendario]
dias_inhabiles = []
"""
