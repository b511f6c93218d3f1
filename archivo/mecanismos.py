"""The mecanismos of the SPEN and the steps of their procedures, kept as data.

The shipped catalog (``archivo/datos/mecanismos.yaml``) transcribes the DEVySPE procedures manual 2023
(sections 2.5 and 1.6). An institution may adapt it by placing its own ``mecanismos.yaml`` at the archive
root; ``cargar(raiz)`` then uses that file instead. Every problem of the file is reported at once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from archivo.base.errors import EntradaInvalida, NoEncontrado, Problema
from archivo.base.lectura import cargar_yaml, decodificar
from archivo.base.raiz import Raiz
from archivo.base.valores import comparable

ARCHIVO_MECANISMOS = "mecanismos.yaml"
GRUPOS = ("Carrera Profesional Electoral", "Profesionalización", "Planeación del Servicio", "Vinculación")

_CLAVE_VALIDA = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words ignored in the second, looser lookup pass ("evaluacion desempeno" = "De la evaluación al desempeño").
_VACIAS = frozenset(
    {"de", "del", "la", "las", "el", "los", "lo", "y", "e", "o", "u", "a", "al", "en", "con", "por", "para"}
)
# A typed text this long or longer may be the beginning of a name («titularidad» -> «titularidad-promocion»).
_PREFIJO_MINIMO = 4


@dataclass(frozen=True)
class Paso:
    cvo: int
    accion: str
    responsable: str
    insumos: tuple[str, ...]
    salidas: tuple[str, ...]


@dataclass(frozen=True)
class TipoProcedimiento:
    clave: str
    nombre: str
    fuente: str
    nota: str | None
    pasos: tuple[Paso, ...]


@dataclass(frozen=True)
class Mecanismo:
    clave: str
    nombre: str
    etiqueta_matriz: str
    grupo: str
    descripcion: str
    procedimientos: tuple[str, ...]


def _normalizar(texto: str, sin_vacias: bool = False) -> str:
    """Lower-case, accent-free words: «Evaluación del Desempeño» -> «evaluacion del desempeno»."""
    palabras = comparable(texto).split()
    if sin_vacias:
        palabras = [p for p in palabras if p not in _VACIAS]
    return " ".join(palabras)


class _Indice:
    """Maps the loosely typed names of an entry (key, name, aliases) to its key.

    Passes, first hit wins: exact normalized text; the same without filler words; the beginning of a name.
    """

    def __init__(self) -> None:
        self._exacto: dict[str, set[str]] = {}
        self._flojo: dict[str, set[str]] = {}

    def agregar(self, clave: str, nombres: Iterable[str]) -> None:
        for nombre in nombres:
            self._exacto.setdefault(_normalizar(nombre), set()).add(clave)
            self._flojo.setdefault(_normalizar(nombre, sin_vacias=True), set()).add(clave)

    def buscar(self, texto: str) -> set[str]:
        for indice, flojo in ((self._exacto, False), (self._flojo, True)):
            encontrados = indice.get(_normalizar(texto, sin_vacias=flojo))
            if encontrados:
                return encontrados
        inicio = _normalizar(texto)
        if len(inicio) < _PREFIJO_MINIMO:
            return set()
        return {c for nombre, claves in self._exacto.items() if nombre.startswith(inicio) for c in claves}


class CatalogoMecanismos:
    """The mecanismos and procedure types, with lookup by key or by name typed loosely."""

    def __init__(self, mecanismos: Mapping[str, Mecanismo], tipos: Mapping[str, TipoProcedimiento]) -> None:
        self.mecanismos: Mapping[str, Mecanismo] = MappingProxyType(dict(mecanismos))
        self.tipos: Mapping[str, TipoProcedimiento] = MappingProxyType(dict(tipos))
        self._indice_mecanismos = _Indice()
        for m in self.mecanismos.values():
            self._indice_mecanismos.agregar(m.clave, (m.clave, m.nombre, m.etiqueta_matriz))
        self._indice_tipos = _Indice()
        for t in self.tipos.values():
            self._indice_tipos.agregar(t.clave, (t.clave, t.nombre))
        # A mecanismo with a single procedure type also names that type («Concurso Público»).
        for m in self.mecanismos.values():
            if len(m.procedimientos) == 1:
                self._indice_tipos.agregar(m.procedimientos[0], (m.clave, m.nombre, m.etiqueta_matriz))

    def mecanismo(self, texto: str) -> Mecanismo:
        """The mecanismo named by ``texto``: its key, name or risk-matrix label, any case or accents."""
        clave = _resolver(texto, self._indice_mecanismos, self.mecanismos, "mecanismo", lambda m: m.nombre)
        return self.mecanismos[clave]

    def tipo(self, texto: str) -> TipoProcedimiento:
        """The procedure type named by ``texto``: its key or name, or a mecanismo that has only that type."""
        try:
            clave = _resolver(
                texto, self._indice_tipos, self.tipos, "tipo de procedimiento", lambda t: t.nombre
            )
        except NoEncontrado:
            claves = self._indice_mecanismos.buscar(texto)
            if len(claves) != 1:
                raise
            m = self.mecanismos[next(iter(claves))]
            opciones = ", ".join(f"{c} ({self.tipos[c].nombre})" for c in m.procedimientos)
            raise NoEncontrado(
                f"El mecanismo «{m.nombre}» tiene varios tipos de procedimiento: {opciones}. Escriba la clave."
            ) from None
        return self.tipos[clave]

    def tipos_de(self, clave_mecanismo: str) -> list[TipoProcedimiento]:
        """The procedure types of a mecanismo (key or name), in the catalog's order."""
        return [self.tipos[c] for c in self.mecanismo(clave_mecanismo).procedimientos]

    def paso(self, tipo: str, cvo: int) -> Paso:
        """Step ``cvo`` of the procedure type ``tipo`` (key or name)."""
        t = self.tipo(tipo)
        for p in t.pasos:
            if p.cvo == cvo:
                return p
        existentes = ", ".join(str(p.cvo) for p in t.pasos)
        raise NoEncontrado(
            f"El procedimiento «{t.nombre}» ({t.clave}) no tiene el paso {cvo}. Pasos existentes: {existentes}."
        )


def _resolver(
    texto: str,
    indice: _Indice,
    entradas: Mapping[str, Any],
    que: str,
    nombre_de: Callable[[Any], str],
) -> str:
    encontrados = indice.buscar(texto)
    if len(encontrados) == 1:
        return next(iter(encontrados))
    if encontrados:
        opciones = ", ".join(f"{c} ({nombre_de(entradas[c])})" for c in entradas if c in encontrados)
        raise NoEncontrado(f"«{texto}» puede ser más de un {que}: {opciones}. Escriba la clave.")
    validas = ", ".join(entradas)
    raise NoEncontrado(f"No existe el {que} «{texto}». Claves válidas: {validas}.")


# --- loading and validation -------------------------------------------------------------------------


def cargar(raiz: Raiz | None = None) -> CatalogoMecanismos:
    """The catalog of the archive root ``raiz`` (its own ``mecanismos.yaml`` if any), else the shipped one."""
    if raiz is not None:
        propio = raiz.ruta / ARCHIVO_MECANISMOS
        if propio.is_file():
            return _cargar_archivo(propio)
    return _incluido()


@functools.cache
def _incluido() -> CatalogoMecanismos:
    recurso = resources.files("archivo") / "datos" / ARCHIVO_MECANISMOS
    return _desde_texto(recurso.read_bytes(), f"archivo/datos/{ARCHIVO_MECANISMOS} (incluido en el programa)")


def _cargar_archivo(ruta: Path) -> CatalogoMecanismos:
    try:
        datos = ruta.read_bytes()
    except OSError as e:
        raise EntradaInvalida(f"No se pudo leer {ruta}: {e.strerror or e}.") from None
    return _desde_texto(datos, str(ruta))


def _desde_texto(datos: bytes, origen: str) -> CatalogoMecanismos:
    mensaje = f"El catálogo de mecanismos {origen} tiene errores; corríjalos y vuelva a intentarlo."
    try:
        contenido = cargar_yaml(decodificar(datos, origen)[0], origen)
    except EntradaInvalida as e:
        raise EntradaInvalida(mensaje, [Problema(p.lugar, f"no es YAML válido: {p.mensaje}", p.sugerencia)
                                        for p in e.problemas] or [Problema(origen, e.mensaje)]) from None
    problemas: list[Problema] = []
    catalogo = _validar(contenido, origen, problemas)
    if problemas or catalogo is None:
        raise EntradaInvalida(mensaje, problemas)
    return catalogo


class _Revisor:
    """Reads fields of a YAML mapping and records a Problema for each one that is wrong."""

    def __init__(self, problemas: list[Problema]) -> None:
        self.problemas = problemas

    def problema(self, lugar: str, mensaje: str, sugerencia: str = "") -> None:
        self.problemas.append(Problema(lugar, mensaje, sugerencia))

    def mapa(self, valor: Any, lugar: str) -> dict[str, Any] | None:
        if not isinstance(valor, dict):
            self.problema(lugar, "debe ser un bloque de campos «nombre: valor»")
            return None
        return valor

    def campos(self, mapa: dict[str, Any], lugar: str, permitidos: tuple[str, ...]) -> None:
        for campo in mapa:
            if campo not in permitidos:
                self.problema(
                    lugar, f"campo desconocido «{campo}»", "campos válidos: " + ", ".join(permitidos)
                )

    def texto(self, mapa: dict[str, Any], campo: str, lugar: str, obligatorio: bool = True) -> str | None:
        valor = mapa.get(campo)
        if valor is None:
            if obligatorio:
                self.problema(lugar, f"falta el campo «{campo}»")
            return None
        if not isinstance(valor, str) or not valor.strip():
            self.problema(lugar, f"el campo «{campo}» debe ser un texto no vacío")
            return None
        return valor.strip()

    def clave(self, mapa: dict[str, Any], lugar: str) -> str | None:
        clave = self.texto(mapa, "clave", lugar)
        if clave is not None and not _CLAVE_VALIDA.match(clave):
            self.problema(
                lugar,
                f"la clave «{clave}» no es válida",
                "use minúsculas sin acentos, cifras y guiones: encargos-despacho",
            )
            return None
        return clave

    def lista_textos(
        self, mapa: dict[str, Any], campo: str, lugar: str, obligatorio: bool
    ) -> tuple[str, ...]:
        valor = mapa.get(campo)
        if valor is None:
            if obligatorio:
                self.problema(lugar, f"falta el campo «{campo}»")
            return ()
        if not isinstance(valor, list):
            self.problema(lugar, f"el campo «{campo}» debe ser una lista («- …» en cada renglón)")
            return ()
        resultado: list[str] = []
        for i, elemento in enumerate(valor, start=1):
            if not isinstance(elemento, str) or not elemento.strip():
                self.problema(lugar, f"el elemento {i} de «{campo}» debe ser un texto no vacío")
            elif elemento.strip().upper() == "N/A":
                self.problema(
                    lugar,
                    f"el elemento {i} de «{campo}» es «N/A»",
                    f"si no hay documentos escriba «{campo}: []»",
                )
            else:
                resultado.append(elemento.strip())
        return tuple(resultado)


def _validar(contenido: Any, origen: str, problemas: list[Problema]) -> CatalogoMecanismos | None:
    r = _Revisor(problemas)
    documento = r.mapa(contenido, origen)
    if documento is None:
        return None
    r.campos(documento, origen, ("procedimientos", "mecanismos"))
    declarados: set[str] = set()
    tipos = _validar_tipos(r, documento.get("procedimientos"), origen, declarados)
    mecanismos = _validar_mecanismos(r, documento.get("mecanismos"), origen, declarados)
    return CatalogoMecanismos(mecanismos, tipos)


def _validar_tipos(
    r: _Revisor, lista: Any, origen: str, declarados: set[str]
) -> dict[str, TipoProcedimiento]:
    """The valid procedure types; ``declarados`` receives every key written, valid entry or not."""
    tipos: dict[str, TipoProcedimiento] = {}
    if not isinstance(lista, list) or not lista:
        r.problema(origen, "falta la lista «procedimientos» o está vacía")
        return tipos
    for i, bruto in enumerate(lista, start=1):
        lugar = f"{origen}, procedimientos, elemento {i}"
        d = r.mapa(bruto, lugar)
        if d is None:
            continue
        clave = r.clave(d, lugar)
        if clave is not None:
            lugar = f"{origen}, procedimiento «{clave}»"
            if clave in declarados:
                r.problema(lugar, "la clave está repetida", "cada procedimiento necesita una clave distinta")
            declarados.add(clave)
        r.campos(d, lugar, ("clave", "nombre", "fuente", "nota", "pasos"))
        nombre = r.texto(d, "nombre", lugar)
        fuente = r.texto(d, "fuente", lugar)
        nota = r.texto(d, "nota", lugar, obligatorio=False)
        pasos = _validar_pasos(r, d.get("pasos"), lugar)
        if clave is not None and clave not in tipos and nombre is not None and fuente is not None:
            tipos[clave] = TipoProcedimiento(clave, nombre, fuente, nota, pasos)
    return tipos


def _validar_pasos(r: _Revisor, lista: Any, lugar_tipo: str) -> tuple[Paso, ...]:
    if not isinstance(lista, list) or not lista:
        r.problema(lugar_tipo, "falta la lista «pasos» o está vacía")
        return ()
    pasos: list[Paso] = []
    vistos: set[int] = set()
    for i, bruto in enumerate(lista, start=1):
        lugar = f"{lugar_tipo}, paso {i}"
        d = r.mapa(bruto, lugar)
        if d is None:
            continue
        cvo = d.get("cvo")
        if isinstance(cvo, bool) or not isinstance(cvo, int) or cvo < 1:
            r.problema(
                lugar,
                "el campo «cvo» debe ser un número entero positivo" if "cvo" in d else "falta el campo «cvo»",
            )
            cvo = None
        else:
            lugar = f"{lugar_tipo}, paso con cvo {cvo}"
            if cvo in vistos:
                r.problema(lugar, f"el cvo {cvo} está repetido", "cada paso necesita un consecutivo distinto")
            vistos.add(cvo)
        r.campos(d, lugar, ("cvo", "accion", "responsable", "insumos", "salidas"))
        accion = r.texto(d, "accion", lugar)
        responsable = r.texto(d, "responsable", lugar)
        insumos = r.lista_textos(d, "insumos", lugar, obligatorio=False)
        salidas = r.lista_textos(d, "salidas", lugar, obligatorio=False)
        if cvo is not None and accion is not None and responsable is not None:
            pasos.append(Paso(cvo, accion, responsable, insumos, salidas))
    return tuple(pasos)


def _validar_mecanismos(r: _Revisor, lista: Any, origen: str, declarados: set[str]) -> dict[str, Mecanismo]:
    mecanismos: dict[str, Mecanismo] = {}
    if not isinstance(lista, list) or not lista:
        r.problema(origen, "falta la lista «mecanismos» o está vacía")
        return mecanismos
    campos = ("clave", "nombre", "etiqueta_matriz", "grupo", "descripcion", "procedimientos")
    vistos: set[str] = set()
    for i, bruto in enumerate(lista, start=1):
        lugar = f"{origen}, mecanismos, elemento {i}"
        d = r.mapa(bruto, lugar)
        if d is None:
            continue
        clave = r.clave(d, lugar)
        if clave is not None:
            lugar = f"{origen}, mecanismo «{clave}»"
            if clave in vistos:
                r.problema(lugar, "la clave está repetida", "cada mecanismo necesita una clave distinta")
            vistos.add(clave)
        r.campos(d, lugar, campos)
        nombre = r.texto(d, "nombre", lugar)
        etiqueta = r.texto(d, "etiqueta_matriz", lugar)
        descripcion = r.texto(d, "descripcion", lugar)
        grupo = r.texto(d, "grupo", lugar)
        if grupo is not None and grupo not in GRUPOS:
            r.problema(lugar, f"el grupo «{grupo}» no existe", "grupos válidos: " + ", ".join(GRUPOS))
            grupo = None
        procedimientos = r.lista_textos(d, "procedimientos", lugar, obligatorio=True)
        if "procedimientos" in d and isinstance(d["procedimientos"], list) and not d["procedimientos"]:
            r.problema(
                lugar, "la lista «procedimientos» está vacía", "indique al menos un tipo de procedimiento"
            )
        for p in procedimientos:
            if p not in declarados:
                r.problema(
                    lugar,
                    f"el tipo de procedimiento «{p}» no está definido en la lista «procedimientos» del archivo",
                    "claves definidas: " + ", ".join(sorted(declarados)),
                )
        if len(set(procedimientos)) != len(procedimientos):
            r.problema(lugar, "la lista «procedimientos» repite una clave")
        if (
            clave
            and clave not in mecanismos
            and clave in vistos
            and nombre
            and etiqueta
            and descripcion
            and grupo
        ):
            mecanismos[clave] = Mecanismo(clave, nombre, etiqueta, grupo, descripcion, procedimientos)
    return mecanismos
