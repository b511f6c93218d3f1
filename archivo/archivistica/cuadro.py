"""The cuadro general de clasificación archivística: one fondo, its secciones, series and subseries.

Kept in the catalog (tables ``cuadro`` and ``cuadro_asignaciones``), edited entry by entry (``alta``, ``editar``,
``baja``) or through Excel (``exportar_xlsx`` / ``importar_xlsx``: every problem of the workbook at once, nothing
written if there is any). An entry's *asignaciones* say which new expedientes it receives: «persona»,
«procedimiento», «procedimiento:evaluacion-desempeno», «mecanismo:programa-anual-de-trabajo», «sesion»…

Codes are identifiers: they are unique in the cuadro and never change (expediente numbers carry them). Changes
that alter how expedientes read (a name, a parent) are propagated to them by ``clasificacion`` after each edit.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivo.archivistica import libros
from archivo.archivistica.libros import Columna, Revision
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.fsutil import atomic_write_bytes

NIVELES = {"fondo": "Fondo", "seccion": "Sección", "serie": "Serie", "subserie": "Subserie"}
PADRE_DE = {"seccion": "fondo", "serie": "seccion", "subserie": "serie"}
# Expediente types an asignación may name (archivistica.expedientes.TIPOS).
TIPOS_ASIGNABLES = ("persona", "procedimiento", "mecanismo", "sesion", "acervo")
CODIGO_VALIDO = re.compile(r"^[A-Za-z0-9ÁÉÍÓÚÑáéíóúñ][A-Za-z0-9ÁÉÍÓÚÑáéíóúñ.\-_]{0,29}$")
ASIGNACION_VALIDA = re.compile(r"^[a-z]+(:[a-z0-9][a-z0-9\-]*)?$")
SUGERENCIA_CODIGO = "use letras, números, punto, guion o guion bajo (hasta 30), p. ej. SPEN.02.07"

Fuente = Catalogo | Transaccion


@dataclass
class Entrada:
    id: int
    nivel: str
    codigo: str
    nombre: str
    padre_id: int | None
    descripcion: str
    area: str
    creado: str
    modificado: str
    padre: str | None = None  # the parent's code
    asignaciones: list[str] = field(default_factory=list)

    @property
    def nivel_nombre(self) -> str:
        return NIVELES[self.nivel]

    @property
    def es_serie(self) -> bool:
        """Series and subseries hold expedientes and have a CADIDO."""
        return self.nivel in ("serie", "subserie")

    @property
    def etiqueta(self) -> str:
        return f"{self.codigo} {self.nombre}"

    def como_dict(self) -> dict[str, Any]:
        return {"codigo": self.codigo, "nivel": self.nivel, "nivel_nombre": self.nivel_nombre,
                "nombre": self.nombre, "padre": self.padre, "descripcion": self.descripcion, "area": self.area,
                "asignaciones": list(self.asignaciones)}


def clave_natural(codigo: str) -> tuple:
    """«SPEN.02.10» after «SPEN.02.9»: numbers inside codes compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in re.split(r"(\d+)", codigo) if p)


def _leer(fuente: Fuente) -> list[Entrada]:
    filas = fuente.todos("SELECT c.*, p.codigo AS padre FROM cuadro c LEFT JOIN cuadro p ON p.id = c.padre_id")
    asignaciones: dict[int, list[str]] = {}
    for a in fuente.todos("SELECT clave, serie_id FROM cuadro_asignaciones ORDER BY clave"):
        asignaciones.setdefault(a["serie_id"], []).append(a["clave"])
    return [Entrada(f["id"], f["nivel"], f["codigo"], f["nombre"], f["padre_id"], f["descripcion"], f["area"],
                    f["creado"], f["modificado"], f["padre"], asignaciones.get(f["id"], [])) for f in filas]


def lista(fuente: Fuente) -> list[Entrada]:
    """Every entry in tree order: the fondo, then each sección with its series and their subseries."""
    entradas = _leer(fuente)
    hijos: dict[int | None, list[Entrada]] = {}
    for e in entradas:
        hijos.setdefault(e.padre_id, []).append(e)
    ordenadas: list[Entrada] = []

    def recorrer(padre: int | None) -> None:
        for e in sorted(hijos.get(padre, []), key=lambda x: clave_natural(x.codigo)):
            ordenadas.append(e)
            recorrer(e.id)

    recorrer(None)
    return ordenadas


def vacio(fuente: Fuente) -> bool:
    return fuente.uno("SELECT 1 FROM cuadro LIMIT 1") is None


def buscar(fuente: Fuente, codigo: str) -> Entrada | None:
    codigo = str(codigo or "").strip()
    for e in _leer(fuente):
        if e.codigo == codigo:
            return e
    for e in _leer(fuente):  # the same code typed in other case
        if e.codigo.casefold() == codigo.casefold():
            return e
    return None


def obtener(fuente: Fuente, codigo: str) -> Entrada:
    e = buscar(fuente, codigo)
    if e is None:
        raise NoEncontrado(_no_existe(fuente, codigo))
    return e


def _no_existe(fuente: Fuente, codigo: str) -> str:
    codigos = [e.codigo for e in _leer(fuente)]
    parecidos = difflib.get_close_matches(str(codigo), codigos, n=3, cutoff=0.6)
    mensaje = f"No existe «{codigo}» en el cuadro de clasificación."
    if parecidos:
        mensaje += f" ¿Quiso decir {', '.join(parecidos)}?"
    return mensaje + " Vea los códigos con «archivo archivistica cuadro ver»."


def por_id(fuente: Fuente, entrada_id: int) -> Entrada:
    for e in _leer(fuente):
        if e.id == entrada_id:
            return e
    raise NoEncontrado(f"No existe la entrada {entrada_id} del cuadro de clasificación.")


def fondo(fuente: Fuente) -> Entrada | None:
    return next((e for e in _leer(fuente) if e.nivel == "fondo"), None)


def ascendencia(fuente: Fuente, entrada: Entrada) -> list[Entrada]:
    """The chain fondo → … → ``entrada``."""
    por_id_ = {e.id: e for e in _leer(fuente)}
    cadena = [entrada]
    while cadena[0].padre_id is not None and cadena[0].padre_id in por_id_:
        cadena.insert(0, por_id_[cadena[0].padre_id])
    return cadena


def descendientes(fuente: Fuente, entrada_id: int) -> set[int]:
    """The ids of ``entrada_id`` and everything under it."""
    entradas = _leer(fuente)
    ids = {entrada_id}
    cambio = True
    while cambio:
        cambio = False
        for e in entradas:
            if e.padre_id in ids and e.id not in ids:
                ids.add(e.id)
                cambio = True
    return ids


def series(fuente: Fuente) -> list[Entrada]:
    return [e for e in lista(fuente) if e.es_serie]


def serie_de_asignacion(fuente: Fuente, claves: Iterable[str]) -> Entrada | None:
    """The entry of the first asignación key of ``claves`` that has one."""
    for clave in claves:
        fila = fuente.uno("SELECT serie_id FROM cuadro_asignaciones WHERE clave = ?", (clave,))
        if fila:
            return por_id(fuente, fila["serie_id"])
    return None


# --- validation shared by alta, editar and importar ------------------------------------------------


def normalizar_asignacion(texto: str) -> str:
    return re.sub(r"\s*:\s*", ":", str(texto).strip().lower())


def separar_asignaciones(valor: Any) -> list[str]:
    if valor is None:
        return []
    partes = valor if isinstance(valor, list | tuple) else re.split(r"[;,\n]", str(valor))
    return [normalizar_asignacion(p) for p in partes if str(p).strip()]


def problemas_asignacion(clave: str, lugar: str, r: Revision) -> None:
    tipo = clave.split(":")[0]
    if not ASIGNACION_VALIDA.match(clave) or tipo not in TIPOS_ASIGNABLES:
        r.problema(lugar, f"«{clave}» no es una asignación válida",
                   f"escriba un tipo de expediente ({', '.join(TIPOS_ASIGNABLES)}) o tipo:clave, "
                   "p. ej. procedimiento:evaluacion-desempeno")


def leer_nivel(valor: Any) -> str | None:
    n = libros.normalizar(valor)
    for clave, nombre in NIVELES.items():
        if n in (clave, libros.normalizar(nombre)):
            return clave
    return None


def _area_valida(fuente: Fuente, area: str, lugar: str, r: Revision) -> None:
    if not area:
        return
    config = (fuente.catalogo if isinstance(fuente, Transaccion) else fuente).raiz.config
    siglas = [a.siglas for a in config.areas]
    if area not in siglas:
        r.problema(lugar, f"el área «{area}» no está en archivo.toml", f"áreas: {', '.join(siglas)}")


@dataclass
class _Propuesta:
    """An entry as an input proposes it (from the CLI or a row of the workbook)."""

    codigo: str
    nivel: str | None
    nombre: str
    padre: str
    descripcion: str
    area: str
    asignaciones: list[str] | None  # None: leave as they are
    lugar: str
    lugares: dict[str, str] = field(default_factory=dict)
    nivel_texto: str = ""

    def en(self, campo: str) -> str:
        return self.lugares.get(campo, self.lugar)


def _revisar(fuente: Fuente, propuestas: Sequence[_Propuesta], r: Revision) -> None:
    """Check proposed entries against each other and against the catalog (every problem into ``r``)."""
    actuales = {e.codigo: e for e in _leer(fuente)}
    nuevas = {p.codigo: p for p in propuestas if p.codigo}
    vistos: dict[str, str] = {}
    for p in propuestas:
        if not p.codigo:
            r.problema(p.en("codigo"), "falta el código")
        elif not CODIGO_VALIDO.match(p.codigo):
            r.problema(p.en("codigo"), f"«{p.codigo}» no es un código válido", SUGERENCIA_CODIGO)
        elif p.codigo in vistos:
            r.problema(p.en("codigo"), f"el código {p.codigo} está repetido (también en {vistos[p.codigo]})")
        else:
            vistos[p.codigo] = p.lugar
        if p.nivel is None:
            r.problema(p.en("nivel"), f"«{p.nivel_texto}» no es un nivel" if p.nivel_texto else "falta el nivel",
                       "use Fondo, Sección, Serie o Subserie")
        if not p.nombre:
            r.problema(p.en("nombre"), "falta el nombre")
        _area_valida(fuente, p.area, p.en("area"), r)
        if p.nivel == "fondo":
            if p.padre:
                r.problema(p.en("padre"), "el fondo no tiene nivel superior", "deje la celda vacía")
            otros = [c for c, e in actuales.items() if e.nivel == "fondo" and c != p.codigo]
            otros += [c for c, q in nuevas.items() if q.nivel == "fondo" and c != p.codigo]
            if otros:
                r.problema(p.en("nivel"), f"el cuadro tiene un solo fondo y ya está {otros[0]}",
                           "edite el fondo existente en lugar de agregar otro")
        elif p.nivel is not None:
            esperado = PADRE_DE[p.nivel]
            if not p.padre:
                r.problema(p.en("padre"), f"falta el código del nivel superior ({NIVELES[esperado].lower()})")
            else:
                padre_nivel = (nuevas[p.padre].nivel if p.padre in nuevas else
                               actuales[p.padre].nivel if p.padre in actuales else None)
                if p.padre not in nuevas and p.padre not in actuales:
                    r.problema(p.en("padre"), f"no existe «{p.padre}» en el cuadro ni en esta entrada")
                elif padre_nivel != esperado:
                    r.problema(p.en("padre"), f"una {NIVELES[p.nivel].lower()} va dentro de una "
                               f"{NIVELES[esperado].lower()}, y {p.padre} es "
                               f"{NIVELES.get(padre_nivel or '', '?').lower()}")
                elif p.padre == p.codigo:
                    r.problema(p.en("padre"), "una entrada no puede estar dentro de sí misma")
        actual = actuales.get(p.codigo)
        if actual is not None and p.nivel is not None and p.nivel != actual.nivel:
            hijos = fuente.uno("SELECT COUNT(*) FROM cuadro WHERE padre_id = ?", (actual.id,))[0]
            exps = fuente.uno("SELECT COUNT(*) FROM expedientes WHERE serie_id = ?", (actual.id,))[0]
            if hijos or exps or p.nivel not in ("serie", "subserie") or not actual.es_serie:
                r.problema(p.en("nivel"), f"{p.codigo} es {actual.nivel_nombre.lower()}; su nivel no puede "
                           f"cambiar a {NIVELES[p.nivel].lower()}",
                           "dé de alta una entrada nueva con otro código y reclasifique sus expedientes")
        if p.asignaciones:
            if p.nivel is not None and p.nivel not in ("serie", "subserie"):
                r.problema(p.en("asignaciones"), "solo las series y subseries reciben expedientes",
                           "deje la asignación vacía")
            for clave in p.asignaciones:
                problemas_asignacion(clave, p.en("asignaciones"), r)
    # an asignación belongs to one entry
    duenos: dict[str, str] = {}
    for p in propuestas:
        for clave in p.asignaciones or []:
            if clave in duenos and duenos[clave] != p.codigo:
                r.problema(p.en("asignaciones"), f"la asignación «{clave}» ya está en {duenos[clave]}")
            duenos[clave] = p.codigo


def _aplicar(tx: Transaccion, propuestas: Sequence[_Propuesta]) -> tuple[list[str], list[str]]:
    """Write checked proposals (parents first). Returns (created codes, updated codes)."""
    creados: list[str] = []
    actualizados: list[str] = []
    pendientes = list(propuestas)
    orden_nivel = {"fondo": 0, "seccion": 1, "serie": 2, "subserie": 3}
    pendientes.sort(key=lambda p: orden_nivel[p.nivel or "subserie"])
    for p in pendientes:
        actual = buscar(tx, p.codigo)
        padre_id = obtener(tx, p.padre).id if p.padre else None
        nuevo = {"nivel": p.nivel, "nombre": p.nombre, "padre_id": padre_id, "descripcion": p.descripcion,
                 "area": p.area}
        if actual is None:
            cur = tx.execute(
                "INSERT INTO cuadro (nivel, codigo, nombre, padre_id, descripcion, area, creado, modificado) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (p.nivel, p.codigo, p.nombre, padre_id, p.descripcion, p.area, tx.momento, tx.momento))
            entrada_id = int(cur.lastrowid)
            creados.append(p.codigo)
            tx.registrar("cuadro", p.codigo, None, nuevo | {"asignaciones": p.asignaciones or []})
        else:
            entrada_id = actual.id
            antes = {"nivel": actual.nivel, "nombre": actual.nombre, "padre_id": actual.padre_id,
                     "descripcion": actual.descripcion, "area": actual.area}
            cambios = {k: v for k, v in nuevo.items() if antes[k] != v}
            cambia_asignacion = p.asignaciones is not None and sorted(p.asignaciones) != sorted(actual.asignaciones)
            if cambios:
                tx.execute(f"UPDATE cuadro SET {', '.join(f'{k} = ?' for k in cambios)}, modificado = ? "
                           "WHERE id = ?", (*cambios.values(), tx.momento, entrada_id))
            if cambios or cambia_asignacion:
                actualizados.append(p.codigo)
                tx.registrar("cuadro", p.codigo, antes | {"asignaciones": actual.asignaciones},
                             nuevo | {"asignaciones": p.asignaciones if p.asignaciones is not None
                                      else actual.asignaciones})
        if p.asignaciones is not None:
            tx.execute("DELETE FROM cuadro_asignaciones WHERE serie_id = ?", (entrada_id,))
            for clave in p.asignaciones:
                tx.execute("INSERT INTO cuadro_asignaciones (clave, serie_id) VALUES (?, ?) "
                           "ON CONFLICT (clave) DO UPDATE SET serie_id = excluded.serie_id", (clave, entrada_id))
    return creados, actualizados


# --- editing -----------------------------------------------------------------------------------------


def alta(tx: Transaccion, *, nivel: str, codigo: str, nombre: str, padre: str = "", descripcion: str = "",
         area: str = "", asignaciones: Sequence[str] = ()) -> Entrada:
    """Add an entry inside the caller's transaction (``clasificacion.alta`` wraps it for users)."""
    r = Revision()
    n = leer_nivel(nivel)
    p = _Propuesta(str(codigo or "").strip(), n, str(nombre or "").strip(), str(padre or "").strip(),
                   str(descripcion or "").strip(), str(area or "").strip(),
                   [normalizar_asignacion(a) for a in asignaciones], "entrada", nivel_texto=str(nivel or ""))
    if buscar(tx, p.codigo) is not None:
        r.problema("código", f"ya existe {p.codigo} en el cuadro", "use «cuadro editar» para cambiarlo")
    _revisar(tx, [p], r)
    r.lanzar(f"No se agregó {p.codigo or 'la entrada'} al cuadro")
    _aplicar(tx, [p])
    return obtener(tx, p.codigo)


def editar(tx: Transaccion, codigo: str, *, nombre: str | None = None, padre: str | None = None,
           descripcion: str | None = None, area: str | None = None, asignar: Sequence[str] = (),
           quitar: Sequence[str] = ()) -> Entrada:
    """Change an entry (its code stays) inside the caller's transaction."""
    actual = obtener(tx, codigo)
    asignaciones = [a for a in actual.asignaciones if a not in {normalizar_asignacion(q) for q in quitar}]
    for a in asignar:
        if normalizar_asignacion(a) not in asignaciones:
            asignaciones.append(normalizar_asignacion(a))
    r = Revision()
    for q in quitar:
        if normalizar_asignacion(q) not in actual.asignaciones:
            r.problema("--quitar-asignacion", f"{actual.codigo} no tiene la asignación «{q}»",
                       f"tiene: {', '.join(actual.asignaciones) or 'ninguna'}")
    p = _Propuesta(actual.codigo, actual.nivel, actual.nombre if nombre is None else nombre.strip(),
                   (actual.padre or "") if padre is None else padre.strip(),
                   actual.descripcion if descripcion is None else descripcion.strip(),
                   actual.area if area is None else area.strip(), asignaciones, actual.codigo)
    otras = [a for a in asignaciones if a not in actual.asignaciones]
    for a in otras:
        fila = tx.uno("SELECT c.codigo FROM cuadro_asignaciones x JOIN cuadro c ON c.id = x.serie_id "
                      "WHERE x.clave = ?", (a,))
        if fila:
            r.problema("--asignar", f"la asignación «{a}» es de {fila['codigo']}",
                       f"quítela primero: archivo archivistica cuadro editar {fila['codigo']} "
                       f"--quitar-asignacion {a}")
    _revisar(tx, [p], r)
    r.lanzar(f"No se modificó {actual.codigo}")
    _aplicar(tx, [p])
    return obtener(tx, actual.codigo)


def baja(tx: Transaccion, codigo: str) -> Entrada:
    """Remove an entry that nothing uses (no entries under it, no expedientes), with its CADIDO."""
    e = obtener(tx, codigo)
    r = Revision()
    hijos = [f["codigo"] for f in tx.todos("SELECT codigo FROM cuadro WHERE padre_id = ?", (e.id,))]
    if hijos:
        r.problema(e.codigo, f"tiene {len(hijos)} entrada(s) dentro: {', '.join(sorted(hijos, key=clave_natural))}",
                   "muévalas o déles de baja primero")
    usados = tx.uno("SELECT COUNT(*) FROM expedientes WHERE serie_id = ?", (e.id,))[0]
    if usados:
        r.problema(e.codigo, f"clasifica {usados} expediente(s)",
                   "reclasifíquelos con «archivo archivistica clasificar» antes de darla de baja")
    r.lanzar(f"No se dio de baja {e.codigo}")
    tx.execute("DELETE FROM cuadro_asignaciones WHERE serie_id = ?", (e.id,))
    tx.execute("DELETE FROM cadido WHERE serie_id = ?", (e.id,))
    tx.execute("DELETE FROM cuadro WHERE id = ?", (e.id,))
    tx.registrar("cuadro", e.codigo, e.como_dict(), None)
    return e


# --- Excel -------------------------------------------------------------------------------------------

HOJA = "Cuadro de clasificación"
COLUMNAS = (
    Columna("nivel", "Nivel", 11, opciones=tuple(NIVELES.values())),
    Columna("codigo", "Código", 14),
    Columna("nombre", "Nombre", 46),
    Columna("padre", "Código del nivel superior", 16, alias=("padre", "nivel superior", "codigo superior")),
    Columna("descripcion", "Descripción", 60),
    Columna("area", "Área responsable", 14, alias=("area",)),
    Columna("asignaciones", "Se asigna a", 34, alias=("asignacion", "asignaciones", "asignar")),
)
NOTAS = (
    "Nivel: Fondo (uno solo), Sección, Serie o Subserie. Cada sección va dentro del fondo, cada serie dentro de "
    "una sección y cada subserie dentro de una serie (columna «Código del nivel superior»).",
    "Los códigos no cambian: identifican la serie en los números de expediente. Para otro código, agregue un "
    "renglón nuevo y reclasifique los expedientes.",
    "«Se asigna a»: qué expedientes nuevos reciben esa serie, separados por coma: persona, procedimiento, "
    "procedimiento:<mecanismo> (p. ej. procedimiento:evaluacion-desempeno), mecanismo, mecanismo:<clave>, "
    "sesion, acervo.",
    "Al importar, los renglones se comparan por código: se agregan los nuevos y se actualizan los existentes; "
    "lo que no esté en el libro se conserva.",
)


def libro_cuadro(fuente: Fuente):
    libro = libros.nuevo_libro()
    filas = [e.como_dict() | {"nivel": e.nivel_nombre, "asignaciones": ", ".join(e.asignaciones),
                              "padre": e.padre or ""} for e in lista(fuente)]
    config = (fuente.catalogo if isinstance(fuente, Transaccion) else fuente).raiz.config
    libros.escribir_hoja(libro, HOJA, COLUMNAS, filas,
                         titulo=[config.institucion["nombre"], "Cuadro general de clasificación archivística"])
    libros.escribir_leame(libro, NOTAS)
    return libro


def exportar_xlsx(cat: Catalogo, ruta: Path | str, *, reemplazar: bool = False) -> int:
    ruta = _ruta_salida(ruta, reemplazar)
    entradas = lista(cat)
    atomic_write_bytes(ruta, libros.bytes_de(libro_cuadro(cat)))
    return len(entradas)


def _ruta_salida(ruta: Path | str, reemplazar: bool) -> Path:
    ruta = Path(ruta).expanduser()
    if ruta.suffix.lower() != ".xlsx":
        raise EntradaInvalida(f"El archivo de salida «{ruta.name}» debe terminar en .xlsx.")
    if ruta.exists() and not reemplazar:
        raise ArchivoError(f"Ya existe {ruta}; elija otro nombre o use --reemplazar.")
    return ruta


@dataclass
class ResultadoImportacion:
    creados: list[str] = field(default_factory=list)
    actualizados: list[str] = field(default_factory=list)
    sin_cambios: int = 0
    conservados: list[str] = field(default_factory=list)  # in the catalog, not in the workbook

    def como_dict(self) -> dict[str, Any]:
        return {"creados": self.creados, "actualizados": self.actualizados, "sin_cambios": self.sin_cambios,
                "conservados": self.conservados}


def propuestas_de_libro(libro: Any, archivo: str, r: Revision) -> list[_Propuesta]:
    filas = libros.leer_hoja(libro, HOJA, COLUMNAS, ("nivel", "codigo", "nombre"), r, archivo)
    propuestas = []
    for n, d in filas:
        lugares = {k: v[1] for k, v in d.items()}
        nivel_txt = libros.texto(d.get("nivel"))
        nivel = leer_nivel(nivel_txt)
        asignaciones = separar_asignaciones(libros.texto(d.get("asignaciones"))) if "asignaciones" in d else None
        propuestas.append(_Propuesta(
            libros.texto(d.get("codigo")), nivel, libros.texto(d.get("nombre")), libros.texto(d.get("padre")),
            libros.texto(d.get("descripcion")), libros.texto(d.get("area")), asignaciones,
            f"{archivo}, hoja «{HOJA}», fila {n}", lugares, nivel_txt))
    return propuestas


def importar_en(tx: Transaccion, libro: Any, archivo: str) -> ResultadoImportacion:
    """Load the cuadro sheet of ``libro`` inside the caller's transaction (every problem at once)."""
    r = Revision()
    propuestas = propuestas_de_libro(libro, archivo, r)
    if not propuestas and not r.problemas:
        r.problema(archivo, f"la hoja «{HOJA}» no tiene renglones")
    _revisar(tx, propuestas, r)
    r.lanzar(f"No se importó el cuadro de {archivo}; corrija lo siguiente")
    resultado = ResultadoImportacion()
    resultado.creados, resultado.actualizados = _aplicar(tx, propuestas)
    resultado.sin_cambios = len(propuestas) - len(resultado.creados) - len(resultado.actualizados)
    en_libro = {p.codigo for p in propuestas}
    resultado.conservados = [e.codigo for e in lista(tx) if e.codigo not in en_libro]
    return resultado
