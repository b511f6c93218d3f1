"""Padrón del personal del Servicio (MSPEN): alta, edición, baja, importación desde CSV/Excel.

Importing validates every row first and reports every bad row (row number and column) before touching the
catalog; then everything is written in one transaction. Re-importing updates by clave, never duplicates.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from archivo.archivistica import expedientes as exps
from archivo.base import excel
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import atomic_write_bytes
from archivo.base.tablas import Celda, leer_tabla
from archivo.base.valores import a_booleano, a_fecha, a_texto, comparable

SITUACIONES = ("activo", "separación temporal", "separación definitiva")
RANGOS = ("", "A", "B", "C")

# (campo, encabezado en español, requerido, ejemplo)
COLUMNAS: list[tuple[str, str, bool, str]] = [
    ("clave", "Clave SIISPEN", True, "SPEN-0101"),
    ("nombre", "Nombre(s)", True, "María Fernanda"),
    ("primer_apellido", "Primer apellido", True, "López"),
    ("segundo_apellido", "Segundo apellido", False, "Hernández"),
    ("cargo", "Cargo o puesto", True, "Coordinadora de Organización Electoral"),
    ("nivel", "Nivel", False, "Nivel 5"),
    ("rango", "Rango (A/B/C)", False, "A"),
    ("adscripcion", "Adscripción", True, "DEOE"),
    ("titularidad", "Titularidad (sí/no)", False, "sí"),
    ("fecha_titularidad", "Fecha de titularidad", False, "2022-03-15"),
    ("via_ingreso", "Vía de ingreso", False, "Concurso Público 2017"),
    ("fecha_ingreso", "Fecha de ingreso", False, "2017-09-01"),
    ("situacion", "Situación", False, "activo"),
    ("correo", "Correo electrónico", False, "maria.lopez@ejemplo.org.mx"),
]
ENCABEZADOS = {c: e for c, e, _, _ in COLUMNAS}
_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CLAVE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,39}$")


@dataclass
class Persona:
    clave: str
    nombre: str
    primer_apellido: str
    segundo_apellido: str
    cargo: str
    nivel: str
    rango: str
    adscripcion: str
    titularidad: bool
    fecha_titularidad: str | None
    via_ingreso: str
    fecha_ingreso: str | None
    situacion: str
    correo: str
    fecha_baja: str | None = None
    motivo_baja: str | None = None
    alta: str = ""
    modificado: str = ""

    @property
    def nombre_completo(self) -> str:
        return " ".join(p for p in (self.nombre, self.primer_apellido, self.segundo_apellido) if p)

    def como_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["nombre_completo"] = self.nombre_completo
        return d

    def datos_editables(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c, *_ in COLUMNAS}


def _de_fila(fila: Any) -> Persona:
    valores = {f.name: fila[f.name] for f in fields(Persona)}
    valores["titularidad"] = bool(valores["titularidad"])
    return Persona(**valores)


@functools.lru_cache(maxsize=65536)
def _normalizar(texto: str) -> str:
    """Headers and filters compared without accents, case, spaces or punctuation: «Área de adscripción» ->
    «areadeadscripcion»."""
    return comparable(texto).replace(" ", "")


@functools.lru_cache(maxsize=20_000)
def _normalizado(texto: str) -> str:
    """``_normalizar`` remembered: a padrón of 5,000 people searched by name folds the same 5,000 lines on every
    search (25 ms); a line that changes is simply another text."""
    return _normalizar(texto)


_ALIAS = {_normalizar(c): c for c, *_ in COLUMNAS} | {_normalizar(e): c for c, e, *_ in COLUMNAS} | {
    _normalizar("Clave"): "clave", _normalizar("Nombre"): "nombre", _normalizar("Cargo"): "cargo",
    _normalizar("Puesto"): "cargo", _normalizar("Rango"): "rango", _normalizar("Titularidad"): "titularidad",
    _normalizar("Correo"): "correo", _normalizar("Apellido paterno"): "primer_apellido",
    _normalizar("Apellido materno"): "segundo_apellido", _normalizar("Área de adscripción"): "adscripcion",
}


def _situacion(valor: str) -> str:
    n = _normalizar(valor)
    if n in ("", "activo", "activa"):
        return "activo"
    if "temporal" in n:
        return "separación temporal"
    if "definitiva" in n or n in ("baja",):
        return "separación definitiva"
    raise ValueError(f"«{valor}» no es una situación válida; use: {', '.join(SITUACIONES)}")


def _donde(celda: Celda | None, lugar: str, campo: str) -> str:
    """The place of a field's problem: its cell, or «lugar, columna «Encabezado»» (built only for a problem)."""
    return celda.lugar if celda is not None else f"{lugar}, columna «{ENCABEZADOS.get(campo, campo)}»"


def validar(datos: dict[str, Any], lugar: str, *, parcial: bool = False) -> tuple[dict[str, Any], list[Problema]]:
    """Clean one persona's data. Returns (clean values, problems). ``parcial``: only the given fields (editar).

    A value may be a table cell (``leer_padron``): its place is then the cell's own («padron.xlsx, hoja «Padrón»,
    fila 7, columna C («Cargo o puesto»)»).
    """
    limpio: dict[str, Any] = {}
    problemas: list[Problema] = []

    for campo, _encabezado, requerido, ejemplo in COLUMNAS:
        if parcial and campo not in datos:
            continue
        crudo = datos.get(campo)
        celda = crudo if isinstance(crudo, Celda) else None
        if celda is not None:
            crudo = celda.valor
        try:
            texto = crudo if isinstance(crudo, date) else a_texto(crudo)
            if requerido and texto == "":
                problemas.append(Problema(_donde(celda, lugar, campo), "está vacía y es obligatoria",
                                          f"por ejemplo: {ejemplo}"))
                continue
            if campo == "clave":
                if not _CLAVE.match(texto):
                    raise ValueError("solo letras, números, punto, guion, guion bajo o diagonal (hasta 40)")
                limpio[campo] = texto
            elif campo == "rango":
                rango = texto.upper()
                if rango not in RANGOS:
                    raise ValueError(f"«{texto}» no es un rango; use A, B o C (o déjelo vacío)")
                limpio[campo] = rango
            elif campo == "titularidad":
                limpio[campo] = a_booleano(texto) if texto != "" else False
            elif campo in ("fecha_titularidad", "fecha_ingreso"):
                limpio[campo] = (a_fecha(crudo, serial_excel=celda is not None and celda.de_excel).isoformat()
                                 if texto != "" else None)
            elif campo == "situacion":
                limpio[campo] = _situacion(texto)
            elif campo == "correo":
                if texto and not _CORREO.match(texto):
                    raise ValueError(f"«{texto}» no parece un correo electrónico")
                limpio[campo] = texto
            else:
                limpio[campo] = texto
        except ValueError as e:
            problemas.append(Problema(_donde(celda, lugar, campo), str(e)))
    if not parcial and limpio.get("titularidad") and "fecha_titularidad" in limpio \
            and not limpio["fecha_titularidad"]:
        crudo = datos.get("fecha_titularidad")
        donde = crudo.lugar if isinstance(crudo, Celda) else f"{lugar}, columna «{ENCABEZADOS['fecha_titularidad']}»"
        problemas.append(Problema(donde, "falta la fecha de titularidad de una persona con titularidad"))
    return limpio, problemas


# --- reading files ----------------------------------------------------------------------------


def leer_padron(ruta: Path) -> list[tuple[int, dict[str, Celda]]]:
    """Rows of a padrón file as (row number in the sheet, {campo: cell}); header problems raise at once."""
    ruta = Path(ruta)
    tabla = leer_tabla(ruta, formato_esperado="Obtenga uno con las columnas esperadas con «archivo personal formato».")
    mapa, problemas = tabla.columnas(
        lambda encabezado: _ALIAS.get(_normalizar(encabezado)),
        obligatorias=[(c, e) for c, e, requerido, _ in COLUMNAS if requerido],
        sugerencia="quítela o use los encabezados de «archivo personal formato»")
    if problemas:
        raise EntradaInvalida(f"El encabezado de {ruta.name} tiene {len(problemas)} problema(s); no se importó nada:",
                              problemas)
    return [(fila.numero, {campo: fila.celda(i) for campo, i in mapa.items()}) for fila in tabla.filas]


# --- catalog operations -----------------------------------------------------------------------


def obtener(cat: Catalogo | Transaccion, clave: str) -> Persona:
    fila = cat.uno("SELECT * FROM personas WHERE clave = ?", (clave,))
    if fila is None:
        raise NoEncontrado(f"No existe en el padrón la persona con clave «{clave}». "
                           "Consulte las claves con «archivo personal lista».")
    return _de_fila(fila)


def buscar(cat: Catalogo | Transaccion, clave: str) -> Persona | None:
    fila = cat.uno("SELECT * FROM personas WHERE clave = ?", (clave,))
    return _de_fila(fila) if fila else None


def nombres(cat: Catalogo | Transaccion, claves: Iterable[str]) -> dict[str, str]:
    """Full names of these claves (those not in the padrón are absent)."""
    claves = list(claves)
    if not claves:
        return {}
    return {c: n for c, n in cat.todos(
        "SELECT clave, trim(nombre || ' ' || primer_apellido || ' ' || segundo_apellido) FROM personas WHERE clave IN "
        f"({','.join('?' * len(claves))})", claves)}


_ORDEN = "ORDER BY primer_apellido, segundo_apellido, nombre, clave"  # the padrón's order (index personas_orden)


def _rango(rango: str) -> str:
    return "" if _normalizar(rango) in ("sinrango", "ninguno") else rango.strip().upper()


def _filtradas(cat: Catalogo, *, situacion: str | None, adscripcion: str | None, texto: str | None,
               cargo: str | None, rango: str | None) -> list[_Linea]:
    """The padrón's lines that pass every filter, in the padrón's order (the filters of ``lista`` and ``pagina``)."""
    valor_situacion = _situacion(situacion) if situacion else None
    valor_rango = _rango(rango) if rango else None
    buscada = _normalizar(adscripcion) if adscripcion else None
    buscado = _normalizar(cargo) if cargo else None
    t = _normalizar(texto) if texto else None
    return [x for x in _lineas(cat)
            if (valor_situacion is None or x.situacion == valor_situacion)
            and (valor_rango is None or x.rango == valor_rango)
            and (buscada is None or buscada in x.adscripcion) and (buscado is None or buscado in x.cargo)
            and (t is None or t in x.linea)]


def lista(cat: Catalogo, *, situacion: str | None = None, adscripcion: str | None = None,
          texto: str | None = None, cargo: str | None = None, rango: str | None = None) -> list[Persona]:
    """The padrón in alphabetical order, filtered (every text filter ignores accents and case; ``texto`` looks in
    the clave, the full name and the cargo; ``rango`` «sin rango» for those without one)."""
    filas = cat.todos(f"SELECT * FROM personas {_ORDEN}")
    if not (situacion or adscripcion or texto or cargo or rango):
        return [_de_fila(f) for f in filas]
    claves = {x.clave for x in _filtradas(cat, situacion=situacion, adscripcion=adscripcion, texto=texto,
                                          cargo=cargo, rango=rango)}
    return [_de_fila(f) for f in filas if f["clave"] in claves]


def pagina(cat: Catalogo, *, situacion: str | None = None, adscripcion: str | None = None,
           texto: str | None = None, cargo: str | None = None, rango: str | None = None, desde: int = 0,
           limite: int = 50) -> tuple[list[Persona], int]:
    """One page of ``lista`` (same filters and order) and how many people match: the filters run on the padrón's
    lines kept in memory (``_lineas``) and only the page's people are built (a padrón of thousands is listed fifty
    at a time)."""
    if not (adscripcion or cargo or texto):  # only exact filters: SQLite reads just the page's rows
        condiciones, params = [], []
        if situacion:
            condiciones.append("situacion = ?")
            params.append(_situacion(situacion))
        if rango:
            condiciones.append("rango = ?")
            params.append(_rango(rango))
        donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
        total = cat.uno(f"SELECT COUNT(*) FROM personas{donde}", params)[0]
        filas = cat.todos(f"SELECT * FROM personas{donde} {_ORDEN} LIMIT ? OFFSET ?",
                          (*params, limite, max(desde, 0)))
        return [_de_fila(f) for f in filas], total
    filtradas = _filtradas(cat, situacion=situacion, adscripcion=adscripcion, texto=texto, cargo=cargo, rango=rango)
    claves = [x.clave for x in filtradas[desde:desde + limite]]
    if not claves:
        return [], len(filtradas)
    marcas = ",".join("?" * len(claves))
    por_clave = {f["clave"]: _de_fila(f) for f in cat.todos(f"SELECT * FROM personas WHERE clave IN ({marcas})",
                                                           claves)}
    return [por_clave[c] for c in claves], len(filtradas)


class _Linea(NamedTuple):
    clave: str
    situacion: str
    rango: str
    adscripcion: str  # normalised (``_normalizar``), like the next two
    cargo: str
    linea: str  # clave, name and cargo


_padrones: dict[str, tuple[int, list[_Linea]]] = {}  # catalog -> (the padrón's version, its lines in order)
_candado_padrones = threading.Lock()


def _lineas(cat: Catalogo) -> list[_Linea]:
    """Every person of the padrón in its order, with what the filters compare already normalised. A portal
    filters 5,000 people by name many times a minute: the lines are built once and kept until the padrón's
    version (changed by the catalog's triggers on any alta, edición or baja) changes. Inside a transaction the
    catalog is read directly: its changes may still be undone."""
    fila = cat.uno("SELECT version FROM versiones WHERE tabla = 'personas'")
    version = fila[0] if fila is not None else None
    clave_cat = str(cat.raiz.catalogo_path)
    if version is not None and not cat.conn.in_transaction:
        with _candado_padrones:
            guardado = _padrones.get(clave_cat)
        if guardado is not None and guardado[0] == version:
            return guardado[1]
    filas = cat.todos("SELECT clave, situacion, rango, ifnull(adscripcion, '') AS adscripcion, "
                      "ifnull(cargo, '') AS cargo, clave || ' ' || ifnull(nombre, '') || ' ' || "
                      "ifnull(primer_apellido, '') || ' ' || ifnull(segundo_apellido, '') || ' ' || "
                      f"ifnull(cargo, '') AS linea FROM personas {_ORDEN}")
    lineas = [_Linea(f["clave"], f["situacion"], f["rango"], _normalizado(f["adscripcion"]),
                     _normalizado(f["cargo"]), _normalizado(f["linea"])) for f in filas]
    if version is not None and not cat.conn.in_transaction:
        with _candado_padrones:
            _padrones[clave_cat] = (version, lineas)
    return lineas


def valores_de(cat: Catalogo, campo: str) -> list[str]:
    """The distinct values of ``campo`` in the padrón (for filter lists): cargo, adscripcion, nivel, rango…"""
    if campo not in {c for c, *_ in COLUMNAS}:
        raise ValueError(campo)
    return [f[0] for f in cat.todos(f"SELECT DISTINCT {campo} FROM personas WHERE {campo} != '' ORDER BY 1")]


def formato_bytes(sufijo: str = ".xlsx", filas: Iterable[dict[str, Any]] | None = None) -> bytes:
    """The padrón's format with its Spanish headers and one example row (or ``filas``), as .xlsx or .csv bytes."""
    ejemplos = list(filas) if filas is not None else [{c: ej for c, _, _, ej in COLUMNAS}]
    encabezados = [e for _, e, _, _ in COLUMNAS]
    if sufijo == ".csv":
        salida = io.StringIO()
        escritor = csv.writer(salida)
        escritor.writerow(encabezados)
        for f in ejemplos:
            escritor.writerow([f.get(c, "") for c, *_ in COLUMNAS])
        return salida.getvalue().encode("utf-8-sig")
    return _formato_xlsx(encabezados, ejemplos)


def _asegurar_expediente(tx: Transaccion, persona: Persona) -> None:
    exps.asegurar(tx, "persona", persona.clave, f"Expediente personal de {persona.nombre_completo}",
                  nombre_carpeta=persona.nombre_completo)


def _insertar(tx: Transaccion, datos: dict[str, Any]) -> Persona:
    columnas = [c for c, *_ in COLUMNAS]
    valores = [datos.get(c) if datos.get(c) is not None else _vacio(c) for c in columnas]
    tx.execute(
        f"INSERT INTO personas ({', '.join(columnas)}, alta, modificado) "
        f"VALUES ({', '.join('?' * len(columnas))}, ?, ?)",
        (*[int(v) if isinstance(v, bool) else v for v in valores], tx.momento, tx.momento),
    )
    persona = obtener(tx, datos["clave"])
    tx.registrar("persona", persona.clave, None, persona.datos_editables())
    _asegurar_expediente(tx, persona)
    return persona


def _vacio(campo: str) -> Any:
    if campo in ("fecha_titularidad", "fecha_ingreso"):
        return None
    if campo == "titularidad":
        return False
    if campo == "situacion":
        return "activo"
    return ""


def _actualizar(tx: Transaccion, actual: Persona, cambios: dict[str, Any]) -> bool:
    antes = actual.datos_editables()
    diferentes = {c: v for c, v in cambios.items() if c != "clave" and antes.get(c) != v}
    if not diferentes:
        return False
    asignaciones = ", ".join(f"{c} = ?" for c in diferentes)
    tx.execute(f"UPDATE personas SET {asignaciones}, modificado = ? WHERE clave = ?",
               (*[int(v) if isinstance(v, bool) else v for v in diferentes.values()], tx.momento, actual.clave))
    tx.registrar("persona", actual.clave, {c: antes[c] for c in diferentes}, diferentes)
    exp = exps.buscar(tx, "persona", actual.clave)
    if exp is not None:
        exps.marcar_cambio(tx, [exp.id])
    return True


def alta(cat: Catalogo, datos: dict[str, Any]) -> Persona:
    limpio, problemas = validar(datos, "alta")
    if problemas:
        raise EntradaInvalida(f"No se dio de alta a la persona; hay {len(problemas)} problema(s):", problemas)
    with cat.transaccion("alta de persona") as tx:
        if buscar(tx, limpio["clave"]):
            raise ArchivoError(f"Ya existe una persona con la clave {limpio['clave']}; use «archivo personal editar».")
        return _insertar(tx, limpio)


def editar(cat: Catalogo, clave: str, cambios: dict[str, Any]) -> Persona:
    cambios = {k: v for k, v in cambios.items() if v is not None}
    if not cambios:
        raise EntradaInvalida("No indicó ningún dato que cambiar; vea «archivo personal editar --help».")
    if "clave" in cambios:
        raise EntradaInvalida("La clave no se cambia: identifica a la persona y a su expediente.")
    limpio, problemas = validar(cambios, f"persona {clave}", parcial=True)
    if problemas:
        raise EntradaInvalida(f"No se modificó a la persona {clave}; hay {len(problemas)} problema(s):", problemas)
    with cat.transaccion("editar persona") as tx:
        actual = obtener(tx, clave)
        if limpio.get("titularidad") and not (limpio.get("fecha_titularidad") or actual.fecha_titularidad):
            raise EntradaInvalida("Indique también la fecha de titularidad (--fecha-titularidad).")
        _actualizar(tx, actual, limpio)
    return obtener(cat, clave)


def baja(cat: Catalogo, clave: str, *, fecha: date, motivo: str, temporal: bool = False) -> Persona:
    """Separation from the Service: the record and its expediente are kept, with date and motive."""
    if not motivo or not motivo.strip():
        raise EntradaInvalida("Indique el motivo de la separación con --motivo.")
    with cat.transaccion("baja de persona") as tx:
        actual = obtener(tx, clave)
        situacion = "separación temporal" if temporal else "separación definitiva"
        if actual.situacion == situacion:
            raise ArchivoError(f"{actual.nombre_completo} ya está en {situacion} desde el {actual.fecha_baja}.")
        tx.execute("UPDATE personas SET situacion = ?, fecha_baja = ?, motivo_baja = ?, modificado = ? "
                   "WHERE clave = ?", (situacion, fecha.isoformat(), motivo.strip(), tx.momento, clave))
        tx.registrar("persona", clave, {"situacion": actual.situacion},
                     {"situacion": situacion, "fecha_baja": fecha.isoformat(), "motivo_baja": motivo.strip()})
        exp = exps.buscar(tx, "persona", clave)
        if exp is not None:
            exps.marcar_cambio(tx, [exp.id])
    return obtener(cat, clave)


@dataclass
class ResultadoImportacion:
    nuevas: list[str]
    actualizadas: list[str]
    sin_cambios: list[str]


def importar(cat: Catalogo, ruta: Path) -> ResultadoImportacion:
    """Import a padrón (.csv/.xlsx): all rows validated first; nothing is written if any row is bad."""
    ruta = Path(ruta)
    filas = leer_padron(ruta)
    if not filas:
        raise EntradaInvalida(f"{ruta.name}: no hay filas de datos debajo del encabezado; escriba una fila por "
                              "persona.")
    problemas: list[Problema] = []
    limpias: list[dict[str, Any]] = []
    vistas: dict[str, int] = {}
    filas_malas: set[int] = set()
    for n, datos in filas:
        limpio, probs = validar(datos, f"{ruta.name}, fila {n}")
        problemas.extend(probs)
        clave = limpio.get("clave")
        if clave:
            if clave in vistas:
                problemas.append(Problema(datos["clave"].lugar, f"la clave {clave} ya aparece en la fila {vistas[clave]}"))
                probs = [*probs, problemas[-1]]
            vistas.setdefault(clave, n)
        if probs:
            filas_malas.add(n)
        limpias.append(limpio)
    if problemas:
        raise EntradaInvalida(
            f"No se importó nada: {len(problemas)} problema(s) en {len(filas_malas)} fila(s) de {ruta.name}. "
            "Corríjalas y vuelva a importar:", problemas)
    resultado = ResultadoImportacion([], [], [])
    with cat.transaccion(f"importar padrón {ruta.name}") as tx:
        for limpio in limpias:
            actual = buscar(tx, limpio["clave"])
            if actual is None:
                _insertar(tx, limpio)
                resultado.nuevas.append(limpio["clave"])
            elif _actualizar(tx, actual, limpio):
                resultado.actualizadas.append(limpio["clave"])
            else:
                resultado.sin_cambios.append(limpio["clave"])
    return resultado


def escribir_formato(destino: Path, filas: Iterable[dict[str, Any]] | None = None) -> Path:
    """An empty padrón with the expected Spanish headers and one example row (.csv or .xlsx)."""
    destino = Path(destino)
    if destino.exists():
        raise ArchivoError(f"{destino} ya existe; elija otro nombre para no sobrescribirlo.")
    sufijo = destino.suffix.lower()
    if sufijo not in (".csv", ".xlsx"):
        raise EntradaInvalida("El formato se escribe como .csv o .xlsx; p. ej. --salida padron.xlsx")
    atomic_write_bytes(destino, formato_bytes(sufijo, filas), overwrite=False)
    return destino


def _formato_xlsx(encabezados: list[str], ejemplos: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    libro = Workbook()
    hoja = libro.active
    hoja.title = "Padrón"
    excel.agregar_fila(hoja, encabezados)
    for f in ejemplos:
        excel.agregar_fila(hoja, [f.get(c, "") for c, *_ in COLUMNAS])
    for i, (_campo, _e, requerido, _ej) in enumerate(COLUMNAS, start=1):
        celda = hoja.cell(row=1, column=i)
        celda.font = Font(bold=True, color="FFFFFF")
        celda.fill = PatternFill("solid", fgColor="7B1E3C" if requerido else "4F4F4F")
        if requerido:
            celda.comment = Comment("Obligatoria", "archivo")
        hoja.column_dimensions[celda.column_letter].width = max(16, len(encabezados[i - 1]) + 4)
    hoja.freeze_panes = "A2"
    listas = {"rango": '"A,B,C"', "titularidad": '"sí,no"',
              "situacion": '"activo,separación temporal,separación definitiva"'}
    for i, (campo, *_r) in enumerate(COLUMNAS, start=1):
        if campo in listas:
            letra = hoja.cell(row=1, column=i).column_letter
            dv = DataValidation(type="list", formula1=listas[campo], allow_blank=True)
            dv.error = "Elija un valor de la lista."
            hoja.add_data_validation(dv)
            dv.add(f"{letra}2:{letra}2000")
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
