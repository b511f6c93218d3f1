"""Programa Anual de Trabajo (PAT): activities by área and mecanismo with their months, progress per semester.

A programme is imported from YAML or Excel (``importar``: every row validated, every problem reported with its row
and column, nothing written if there is any), re-importing the same year updates it in place (activities keep their
progress). Progress is recorded per activity and semester (append-only history). Two documents come out of it:

- the PAT itself (``construir_documento``, seed 000's layout): glossary, introduction with the summary table of
  activities per área and mecanismo and their total, marco normativo and priority activities when given, and the
  cronograma per mecanismo (No., Actividad, Ene..Dic with the programmed months shaded), in landscape;
- the semestral progress report (``construir_informe_semestral``): per activity, the months programmed in the
  semester, the avance, the estatus and the % de avance, with a summary per mecanismo.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH

from archivo.archivistica import documentos, expedientes
from archivo.base import excel, formato, historial
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.fsutil import atomic_write_bytes
from archivo.base.lectura import leer_yaml
from archivo.base.raiz import Raiz
from archivo.base.tablas import Celda, Libro
from archivo.base.valores import ValorInvalido, a_entero, a_id, a_porcentaje, plegar
from archivo.compromisos import expediente_sesion
from archivo.plantillas import compilacion
from archivo.word import marco
from archivo.word.informe import (
    GRIS_ENCABEZADO,
    DocumentoWord,
    Negrita,
    escribir,
    relleno,
    repetir_como_encabezado,
    sombrear,
)

MESES_CORTOS = formato.MESES_CORTOS
ESTATUS = ("sin iniciar", "en proceso", "concluida", "cancelada")
SERIE = "informe"
EXPEDIENTE = ("mecanismo", "programa-anual-de-trabajo", "Programa Anual de Trabajo del Servicio")
COLOR_MES = "5B9BD5"  # fill of a programmed month in the cronograma
SEMESTRES = {1: (1, 6), 2: (7, 12)}
NOMBRE_SEMESTRE = {1: "primer", 2: "segundo"}

# Month names as people write them (accents folded, lower case) -> number.
_NOMBRES_MES: dict[str, int] = {}
for _i, (_largo, _corto) in enumerate(zip(formato.MESES, MESES_CORTOS, strict=True), start=1):
    _NOMBRES_MES[_largo] = _i
    _NOMBRES_MES[_corto.lower()] = _i
_NOMBRES_MES.update({"sept": 9, "setiembre": 9, "set": 9})
_MARCAS = {"x", "si", "s", "1", "✓", "✔", "•", "■", "●", "*"}
_VACIAS = {"", "no", "0", "-", "—"}


def _normalizar(texto: Any) -> str:
    """Headers, month names and marks compared loosely: «Sep.» -> «sep», «Ene – Mar» -> «ene - mar»."""
    t = plegar(texto if texto is not None else "").replace("–", "-").replace("—", "-")
    return " ".join(t.replace(".", " ").split())


def leer_meses(valor: Any) -> list[int]:
    """'Sep-Oct', 'enero a marzo, mayo', [9, 10], ['sep', 'nov'], 'todo el año' -> sorted month numbers."""
    if valor is None:
        return []
    if isinstance(valor, int) and not isinstance(valor, bool):
        elementos: list[Any] = [valor]
    elif isinstance(valor, list | tuple):
        elementos = list(valor)
    else:
        texto = _normalizar(valor)
        if texto in ("todo el ano", "todo el año", "anual", "permanente"):
            return list(range(1, 13))
        elementos = [p for p in re.split(r"\s*(?:,|;|\by\b)\s*", texto) if p]
    meses: set[int] = set()
    for e in elementos:
        if isinstance(e, int) and not isinstance(e, bool):
            if not 1 <= e <= 12:
                raise ValueError(f"el mes {e} no existe (use 1 a 12)")
            meses.add(e)
            continue
        texto = _normalizar(e)
        rango = re.split(r"\s*(?:-|\ba\b)\s*", texto)
        if len(rango) == 2 and all(rango):
            inicio, fin = _mes(rango[0]), _mes(rango[1])
            if fin < inicio:
                raise ValueError(f"el periodo «{e}» termina antes de empezar")
            meses.update(range(inicio, fin + 1))
        elif len(rango) == 1:
            meses.add(_mes(rango[0]))
        else:
            raise ValueError(f"no se entiende «{e}»")
    return sorted(meses)


def _mes(texto: str) -> int:
    t = _normalizar(texto)
    if t.isdigit() and 1 <= int(t) <= 12:
        return int(t)
    if t in _NOMBRES_MES:
        return _NOMBRES_MES[t]
    raise ValueError(f"«{texto}» no es un mes; escriba ene, feb, … dic o un periodo como «sep-oct»")


def meses_texto(meses: list[int] | tuple[int, ...]) -> str:
    """[1, 2, 3, 5] -> 'Ene–Mar, May'."""
    partes, orden = [], sorted(set(meses))
    i = 0
    while i < len(orden):
        j = i
        while j + 1 < len(orden) and orden[j + 1] == orden[j] + 1:
            j += 1
        a, b = MESES_CORTOS[orden[i] - 1], MESES_CORTOS[orden[j] - 1]
        partes.append(a if i == j else f"{a}–{b}")
        i = j + 1
    return ", ".join(partes)


# --- the model --------------------------------------------------------------------------------------


@dataclass
class Actividad:
    id: int | None
    numero: int
    actividad: str
    meses: list[int]
    nota: str = ""
    mecanismo: str = ""
    area: str = ""

    def en_semestre(self, semestre: int) -> list[int]:
        a, b = SEMESTRES[semestre]
        return [m for m in self.meses if a <= m <= b]

    def como_dict(self) -> dict[str, Any]:
        return {"id": self.id, "area": self.area, "mecanismo": self.mecanismo, "numero": self.numero,
                "actividad": self.actividad, "meses": self.meses, "meses_texto": meses_texto(self.meses),
                "nota": self.nota}


@dataclass
class Mecanismo:
    area: str
    nombre: str
    titulo_cronograma: str
    nota: str = ""
    actividades: list[Actividad] = field(default_factory=list)


@dataclass
class Programa:
    anio: int
    titulo: str
    nombre_corto: str
    glosario: list[tuple[str, str]] = field(default_factory=list)
    introduccion: list[str] = field(default_factory=list)
    marco_normativo: list[str] = field(default_factory=list)
    prioritarias: list[tuple[str, str]] = field(default_factory=list)
    mecanismos: list[Mecanismo] = field(default_factory=list)
    # Read from Excel: the workbook holds activities and months only, so re-importing keeps the texts (glosario,
    # introducción…) and each mecanismo's cronograma title and note already stored.
    solo_actividades: bool = False

    @property
    def actividades(self) -> list[Actividad]:
        return [a for m in self.mecanismos for a in m.actividades]

    @property
    def total(self) -> int:
        return len(self.actividades)

    def por_area(self) -> list[tuple[str, list[Mecanismo]]]:
        areas: dict[str, list[Mecanismo]] = {}
        for m in self.mecanismos:
            areas.setdefault(m.area, []).append(m)
        return list(areas.items())

    def textos(self) -> dict[str, Any]:
        return {"glosario": [list(g) for g in self.glosario], "introduccion": self.introduccion,
                "marco_normativo": self.marco_normativo, "prioritarias": [list(p) for p in self.prioritarias]}


# --- reading an input file (YAML or Excel) ----------------------------------------------------------


def leer(ruta: Path | str, *, anio: int | None = None) -> Programa:
    """Read and validate a PAT file; every problem (with its place) is reported at once."""
    ruta = Path(ruta)
    if not ruta.is_file():
        raise EntradaInvalida(f"No existe el archivo {ruta}.")
    sufijo = ruta.suffix.lower()
    if sufijo in (".yaml", ".yml"):
        return _leer_yaml(ruta, anio)
    if sufijo in (".xlsx", ".xlsm"):
        return _leer_xlsx(ruta, anio)
    raise EntradaInvalida(f"{ruta.name}: use un archivo .yaml o .xlsx (Excel). "
                          "Obtenga un Excel con las columnas esperadas con «archivo pat formato».")


def _anio(valor: Any, lugar: str, problemas: list[Problema]) -> int | None:
    try:
        a = int(str(valor).strip())
        if 2000 <= a <= 2100:
            return a
    except (TypeError, ValueError):
        pass
    problemas.append(Problema(lugar, f"el año «{valor if valor is not None else ''}» no es válido",
                              "escriba el año del programa con cuatro cifras, p. ej. 2024"))
    return None


def _texto(valor: Any) -> str:
    return " ".join(str(valor).split()) if valor is not None else ""


def _lista_textos(valor: Any, lugar: str, problemas: list[Problema]) -> list[str]:
    if valor in (None, ""):
        return []
    if isinstance(valor, str):
        return [p.strip() for p in valor.split("\n\n") if p.strip()]
    if isinstance(valor, list) and all(isinstance(v, str) for v in valor):
        return [" ".join(v.split()) for v in valor]
    problemas.append(Problema(lugar, "debe ser una lista de párrafos (textos)"))
    return []


def _pares(valor: Any, lugar: str, claves: tuple[str, str], problemas: list[Problema]) -> list[tuple[str, str]]:
    if valor in (None, ""):
        return []
    salida = []
    if not isinstance(valor, list):
        problemas.append(Problema(lugar, f"debe ser una lista de elementos con «{claves[0]}» y «{claves[1]}»"))
        return []
    for i, e in enumerate(valor, start=1):
        if isinstance(e, dict) and e.get(claves[0]) and e.get(claves[1]):
            salida.append((_texto(e[claves[0]]), _texto(e[claves[1]])))
        else:
            problemas.append(Problema(f"{lugar} {i}", f"faltan «{claves[0]}» o «{claves[1]}»"))
    return salida


def _leer_yaml(ruta: Path, anio: int | None) -> Programa:
    nombre = ruta.name
    datos = leer_yaml(ruta)
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{nombre}: el archivo debe empezar con «anio:», «titulo:» y «mecanismos:».")
    problemas: list[Problema] = []
    a = _anio(datos.get("anio", anio), f"{nombre}, campo «anio»", problemas)
    if anio is not None and a is not None and a != anio:
        problemas.append(Problema(f"{nombre}, campo «anio»", f"el archivo es del {a} y se pidió el {anio}",
                                  "corrija --anio o el archivo"))
    prog = Programa(
        anio=a or 0,
        titulo=_texto(datos.get("titulo")) or f"Programa Anual de Trabajo {a or ''}".strip(),
        nombre_corto=_texto(datos.get("nombre_corto")) or f"PAT {a or ''}".strip(),
        glosario=_pares(datos.get("glosario"), f"{nombre}, glosario, término", ("termino", "definicion"), problemas),
        introduccion=_lista_textos(datos.get("introduccion"), f"{nombre}, introduccion", problemas),
        marco_normativo=_lista_textos(datos.get("marco_normativo"), f"{nombre}, marco_normativo", problemas),
        prioritarias=_pares(datos.get("prioritarias"), f"{nombre}, prioritarias, elemento", ("titulo", "texto"),
                            problemas),
    )
    mecanismos = datos.get("mecanismos")
    if not isinstance(mecanismos, list) or not mecanismos:
        problemas.append(Problema(nombre, "falta la lista «mecanismos:» con sus actividades"))
        mecanismos = []
    for i, m in enumerate(mecanismos, start=1):
        lugar = f"{nombre}, mecanismo {i}"
        if not isinstance(m, dict):
            problemas.append(Problema(lugar, "cada mecanismo debe tener «area», «mecanismo» y «actividades»"))
            continue
        nombre_m = _texto(m.get("mecanismo"))
        if nombre_m:
            lugar = f"{lugar} («{nombre_m}»)"
        area = _texto(m.get("area"))
        if not area:
            problemas.append(Problema(lugar, "falta «area»"))
        if not nombre_m:
            problemas.append(Problema(lugar, "falta «mecanismo» (su nombre)"))
        mec = Mecanismo(area=area, nombre=nombre_m,
                        titulo_cronograma=_texto(m.get("titulo_cronograma")) or nombre_m.upper(),
                        nota=_texto(m.get("nota")))
        actividades = m.get("actividades")
        if not isinstance(actividades, list) or not actividades:
            problemas.append(Problema(lugar, "no tiene «actividades»"))
            actividades = []
        for j, act in enumerate(actividades, start=1):
            lugar_a = f"{lugar}, actividad {j}"
            if not isinstance(act, dict):
                problemas.append(Problema(lugar_a, "cada actividad debe tener «actividad» y «meses»"))
                continue
            mec.actividades.append(_actividad(act.get("numero", j), act.get("actividad"), act.get("meses"),
                                              act.get("nota"), lugar_a, problemas, campo=lambda c: f"campo «{c}»"))
        prog.mecanismos.append(mec)
    _validar_conjunto(prog, nombre, problemas)
    if problemas:
        raise EntradaInvalida(f"{nombre} tiene {len(problemas)} problema(s); no se importó nada:", problemas)
    return prog


def _actividad(numero: Any, texto: Any, meses: Any, nota: Any, lugar: str, problemas: list[Problema],
               campo, *, exigir_meses: bool = True, lugar_completo: bool = False) -> Actividad:
    def donde(c: str) -> str:
        return campo(c) if lugar_completo else f"{lugar}, {campo(c)}"

    try:
        n = a_entero(str(numero).strip().rstrip(".") if isinstance(numero, str) else numero, minimo=1)
    except ValorInvalido:
        problemas.append(Problema(donde("No."), f"«{numero}» no es un número de actividad", "use 1, 2, 3…"))
        n = 0
    actividad = _texto(texto)
    if not actividad:
        problemas.append(Problema(donde("actividad"), "falta el texto de la actividad"))
    try:
        lista_meses = leer_meses(meses)
    except ValueError as e:
        problemas.append(Problema(donde("meses"), str(e)))
        lista_meses = []
    else:
        if not lista_meses and exigir_meses:
            problemas.append(Problema(donde("meses"), "la actividad no tiene meses programados",
                                      "indique al menos un mes, p. ej. «sep-oct»"))
    return Actividad(id=None, numero=n, actividad=actividad, meses=lista_meses, nota=_texto(nota))


def _validar_conjunto(prog: Programa, nombre: str, problemas: list[Problema],
                      lugares: dict[int, str] | None = None) -> None:
    """Checks across rows: a mecanismo under two áreas, repeated numbers, an empty programme."""
    vistos: dict[str, str] = {}
    for m in prog.mecanismos:
        clave = m.nombre.lower()
        if clave in vistos and vistos[clave] != m.area:
            problemas.append(Problema(f"{nombre}, mecanismo «{m.nombre}»",
                                      f"aparece en dos áreas («{vistos[clave]}» y «{m.area}»)",
                                      "un mecanismo pertenece a una sola área"))
        vistos.setdefault(clave, m.area)
        numeros: dict[int, int] = {}
        for a in m.actividades:
            if a.numero and a.numero in numeros:
                lugar = (lugares or {}).get(id(a), f"{nombre}, mecanismo «{m.nombre}»")
                problemas.append(Problema(lugar, f"el número de actividad {a.numero} se repite en «{m.nombre}»",
                                          "cada actividad de un mecanismo lleva un número distinto"))
            numeros[a.numero] = numeros.get(a.numero, 0) + 1
    nombres = [m.nombre.lower() for m in prog.mecanismos]
    for repetido in {n for n in nombres if nombres.count(n) > 1 and n}:
        problemas.append(Problema(f"{nombre}", f"el mecanismo «{repetido}» aparece más de una vez",
                                  "junte sus actividades en un solo mecanismo"))
    if not any(m.actividades for m in prog.mecanismos) and not problemas:
        problemas.append(Problema(nombre, "el programa no tiene actividades"))


# Excel: one row per activity. Headers (any case, with or without accents):
_COLUMNAS_XLSX = {
    "area": "area", "mecanismo": "mecanismo", "mecanismo, proceso y sistema de ascenso": "mecanismo",
    "mecanismo o proceso": "mecanismo", "no": "numero", "num": "numero", "numero": "numero",
    "actividad": "actividad", "meses": "meses", "nota": "nota", "nota al pie": "nota",
}


def _leer_xlsx(ruta: Path, anio: int | None) -> Programa:
    nombre = ruta.name
    problemas: list[Problema] = []
    datos_programa: dict[str, Any] = {}
    with Libro(ruta) as libro:
        if libro.tiene("Programa"):
            for fila in libro.tabla("Programa", encabezado=False).filas:
                if not fila.celda(0).vacia:
                    datos_programa[_normalizar(fila.celda(0).valor)] = fila.celda(1).valor
        tabla = libro.tabla("Actividades" if libro.tiene("Actividades") else None,
                            encabezado=lambda valores: any(_normalizar(v) == "actividad" for v in valores),
                            que_encabezado="(con la columna «Actividad»); use el formato de «archivo pat formato»",
                            estilos=True)  # a month is marked by shading its cell too
    columnas: dict[str, int] = {}
    meses_col: dict[int, int] = {}
    fila_enc = tabla.fila_encabezado
    for i, encabezado in enumerate(tabla.encabezados):
        t = _normalizar(encabezado)
        if not t:
            continue
        lugar_enc = tabla.lugar(fila_enc, i + 1)
        if t in _COLUMNAS_XLSX:
            campo = _COLUMNAS_XLSX[t]
            if campo in columnas:
                problemas.append(Problema(lugar_enc, f"la columna «{encabezado}» está repetida"))
            columnas[campo] = i
        elif t in _NOMBRES_MES:
            meses_col[i] = _NOMBRES_MES[t]
        else:
            problemas.append(Problema(lugar_enc, f"columna desconocida «{encabezado}»",
                                      "quítela o use los encabezados de «archivo pat formato»"))
    for requerida in ("area", "mecanismo", "actividad"):
        if requerida not in columnas:
            problemas.append(Problema(tabla.lugar(fila_enc), f"falta la columna «{requerida.capitalize()}»"))
    if not meses_col and "meses" not in columnas:
        problemas.append(Problema(tabla.lugar(fila_enc), "faltan las columnas de los meses (Ene … Dic)",
                                  "o una columna «Meses» con periodos como «sep-oct»"))
    a = _anio(anio if anio is not None else datos_programa.get("anio", datos_programa.get("ano")),
              f"{nombre}, año del programa (hoja «Programa» o --anio)", problemas)
    if problemas:
        raise EntradaInvalida(f"El encabezado de {nombre} tiene {len(problemas)} problema(s); no se importó nada:",
                              problemas)
    prog = Programa(anio=a or 0, titulo=_texto(datos_programa.get("titulo")) or f"Programa Anual de Trabajo {a}",
                    nombre_corto=_texto(datos_programa.get("nombre corto")) or f"PAT {a}", solo_actividades=True)
    area_actual = mecanismo_actual = ""
    lugares: dict[int, str] = {}  # id(actividad) -> its row, for problems found across rows
    por_nombre: dict[str, Mecanismo] = {}
    for fila in tabla.filas:
        lugar = fila.lugar

        def celda(campo: str, fila=fila) -> Celda:
            i = columnas.get(campo)
            return fila.celda(i) if i is not None else Celda(tabla, fila.numero, 0, None)

        # Blank área or mecanismo means "as above" (merged cells read as blank).
        area_actual = _texto(celda("area").valor) or area_actual
        mecanismo_actual = _texto(celda("mecanismo").valor) or mecanismo_actual
        if not area_actual:
            problemas.append(Problema(celda("area").lugar, "falta el área"))
        if not mecanismo_actual:
            problemas.append(Problema(celda("mecanismo").lugar, "falta el mecanismo"))
        mec = por_nombre.get(mecanismo_actual.lower())
        if mec is None:
            mec = Mecanismo(area=area_actual, nombre=mecanismo_actual, titulo_cronograma=mecanismo_actual.upper())
            por_nombre[mecanismo_actual.lower()] = mec
            prog.mecanismos.append(mec)
        elif mec.area != area_actual:
            problemas.append(Problema(celda("area").lugar,
                                      f"el mecanismo «{mec.nombre}» ya apareció en el área «{mec.area}»",
                                      "un mecanismo pertenece a una sola área"))
        meses: list[int] = []
        desconocidos = []
        for i, mes in meses_col.items():
            c = fila.celda(i)
            marcado = _marcado(c)
            if marcado is None:
                desconocidos.append(c)
            elif marcado:
                meses.append(mes)
        for c in desconocidos:
            problemas.append(Problema(c.lugar, f"valor «{c.valor}» no reconocido en un mes",
                                      "marque el mes con «x» o sombree la celda, y deje vacíos los demás"))
        valor_meses: Any = sorted(meses)
        if "meses" in columnas and not celda("meses").vacia:
            valor_meses = sorted(set(meses) | set(_meses_o_problema(celda("meses").valor, celda("meses").lugar,
                                                                    problemas)))
        numero = celda("numero").valor
        if numero in (None, ""):
            numero = len(mec.actividades) + 1

        def nombre_columna(c: str, celda=celda, fila=fila) -> str:
            clave = {"No.": "numero", "actividad": "actividad", "meses": "meses"}[c]
            if clave in columnas:
                return celda(clave).lugar
            return f"{fila.lugar}, columnas de los meses"
        # An unreadable mark was already reported: do not also report "no months".
        act = _actividad(numero, celda("actividad").valor, valor_meses or None, celda("nota").valor, lugar,
                         problemas, campo=nombre_columna, exigir_meses=not desconocidos, lugar_completo=True)
        act.area, act.mecanismo = mec.area, mec.nombre
        lugares[id(act)] = lugar
        mec.actividades.append(act)
    _validar_conjunto(prog, nombre, problemas, lugares)
    if problemas:
        raise EntradaInvalida(f"{nombre} tiene {len(problemas)} problema(s); no se importó nada:", problemas)
    return prog


def _meses_o_problema(valor: Any, lugar: str, problemas: list[Problema]) -> list[int]:
    try:
        return leer_meses(valor)
    except ValueError as e:
        problemas.append(Problema(lugar, str(e)))
        return []


def _marcado(celda: Celda) -> bool | None:
    """A month cell is marked with a value (x, ✓, 1…) or by shading it; None when the value is not understood."""
    valor = celda.valor
    texto = _normalizar(valor) if valor is not None else ""
    if texto in _MARCAS or str(valor).strip() in _MARCAS:
        return True
    if texto not in _VACIAS:
        return None
    fondo = celda.relleno
    if fondo is None or fondo.fill_type != "solid":
        return False
    color = fondo.fgColor
    if color.type == "rgb":
        return str(color.rgb).upper() not in ("FFFFFFFF", "00FFFFFF", "00000000")
    if color.type == "theme":  # theme colour 0 without tint is the page background (white)
        return bool(color.theme or color.tint)
    if color.type == "indexed":  # 9 is white, 64 the system foreground default
        return color.indexed not in (9, 64)
    return False


# --- catalog ----------------------------------------------------------------------------------------


@dataclass
class ResultadoImportacion:
    anio: int
    nuevas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    eliminadas: int = 0

    @property
    def total(self) -> int:
        return self.nuevas + self.actualizadas + self.sin_cambios


def importar(cat: Catalogo, ruta: Path | str, *, anio: int | None = None) -> ResultadoImportacion:
    """Import (or update) a year's programme from a file. Activities are matched by (mecanismo, número)."""
    prog = leer(ruta, anio=anio)
    return guardar(cat, prog, origen=Path(ruta).name)


def guardar(cat: Catalogo, prog: Programa, *, origen: str) -> ResultadoImportacion:
    with cat.transaccion(f"importar programa anual de trabajo {prog.anio}") as tx:
        return _guardar_en(tx, prog, origen)


def _guardar_en(tx: Transaccion, prog: Programa, origen: str) -> ResultadoImportacion:
    res = ResultadoImportacion(prog.anio)
    textos = json.dumps(prog.textos(), ensure_ascii=False)
    previo = tx.uno("SELECT * FROM pat_programas WHERE anio = ?", (prog.anio,))
    if previo is not None and prog.solo_actividades:
        textos = previo["textos"]
    if previo is None:
        tx.execute("INSERT INTO pat_programas (anio, titulo, nombre_corto, textos, origen, importado, importado_por) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (prog.anio, prog.titulo, prog.nombre_corto, textos, origen, tx.momento, tx.catalogo.usuario))
    else:
        tx.execute("UPDATE pat_programas SET titulo = ?, nombre_corto = ?, textos = ?, origen = ?, importado = ?, "
                   "importado_por = ? WHERE anio = ?",
                   (prog.titulo, prog.nombre_corto, textos, origen, tx.momento, tx.catalogo.usuario, prog.anio))
    existentes = {(f["mecanismo"].lower(), f["numero"]): f for f in tx.todos(
        "SELECT a.*, m.nombre AS mecanismo FROM pat_actividades a JOIN pat_mecanismos m ON m.id = a.mecanismo_id "
        "WHERE m.anio = ?", (prog.anio,))}
    mecs = {f["nombre"].lower(): f for f in tx.todos("SELECT * FROM pat_mecanismos WHERE anio = ?", (prog.anio,))}
    usados: set[tuple[str, int]] = set()
    problemas: list[Problema] = []
    for orden, m in enumerate(prog.mecanismos, start=1):
        fila_m = mecs.get(m.nombre.lower())
        if fila_m is None:
            mec_id = int(tx.execute(
                "INSERT INTO pat_mecanismos (anio, orden, area, nombre, titulo_cronograma, nota) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (prog.anio, orden, m.area, m.nombre, m.titulo_cronograma, m.nota)).lastrowid)
        else:
            mec_id = fila_m["id"]
            titulo, nota = ((fila_m["titulo_cronograma"], fila_m["nota"]) if prog.solo_actividades
                            else (m.titulo_cronograma, m.nota))
            tx.execute("UPDATE pat_mecanismos SET orden = ?, area = ?, nombre = ?, titulo_cronograma = ?, nota = ? "
                       "WHERE id = ?", (orden, m.area, m.nombre, titulo, nota, mec_id))
        for a in m.actividades:
            clave = (m.nombre.lower(), a.numero)
            usados.add(clave)
            meses = json.dumps(a.meses)
            actual = existentes.get(clave)
            if actual is None:
                tx.execute("INSERT INTO pat_actividades (mecanismo_id, numero, actividad, meses, nota) "
                           "VALUES (?, ?, ?, ?, ?)", (mec_id, a.numero, a.actividad, meses, a.nota))
                res.nuevas += 1
            elif (actual["actividad"], actual["meses"], actual["nota"]) != (a.actividad, meses, a.nota):
                tx.execute("UPDATE pat_actividades SET actividad = ?, meses = ?, nota = ? WHERE id = ?",
                           (a.actividad, meses, a.nota, actual["id"]))
                tx.registrar("actividad del PAT", actual["id"],
                             {"actividad": actual["actividad"], "meses": json.loads(actual["meses"])},
                             {"actividad": a.actividad, "meses": a.meses})
                res.actualizadas += 1
            else:
                res.sin_cambios += 1
    for clave, fila in existentes.items():
        if clave in usados:
            continue
        if tx.uno("SELECT 1 FROM pat_avances WHERE actividad_id = ?", (fila["id"],)):
            problemas.append(Problema(f"actividad {fila['numero']} de «{fila['mecanismo']}»",
                                      "ya tiene avance registrado y no está en el archivo",
                                      "inclúyala en el archivo: una actividad con avance no se elimina"))
            continue
        tx.execute("DELETE FROM pat_actividades WHERE id = ?", (fila["id"],))
        res.eliminadas += 1
    if problemas:
        raise EntradaInvalida(f"No se actualizó el programa {prog.anio}: {len(problemas)} problema(s).", problemas)
    tx.execute("DELETE FROM pat_mecanismos WHERE anio = ? AND id NOT IN (SELECT mecanismo_id FROM pat_actividades)",
               (prog.anio,))
    tx.registrar("programa anual de trabajo", prog.anio, None if previo is None else {"origen": previo["origen"]},
                 {"origen": origen, "actividades": prog.total, "nuevas": res.nuevas,
                  "actualizadas": res.actualizadas, "eliminadas": res.eliminadas})
    return res


def anios(cat: Catalogo | Transaccion) -> list[int]:
    return [f[0] for f in cat.todos("SELECT anio FROM pat_programas ORDER BY anio")]


def obtener(cat: Catalogo | Transaccion, anio: int | None = None) -> Programa:
    """The programme of a year (by default, the latest one imported)."""
    if anio is None:
        disponibles = anios(cat)
        if not disponibles:
            raise NoEncontrado("No hay ningún Programa Anual de Trabajo. Impórtelo con «archivo pat importar F.xlsx».")
        anio = disponibles[-1]
    fila = cat.uno("SELECT * FROM pat_programas WHERE anio = ?", (anio,))
    if fila is None:
        disponibles = ", ".join(str(a) for a in anios(cat)) or "ninguno"
        raise NoEncontrado(f"No hay Programa Anual de Trabajo del {anio} (programas registrados: {disponibles}). "
                           "Impórtelo con «archivo pat importar F.xlsx --anio AÑO».")
    textos = json.loads(fila["textos"])
    prog = Programa(anio=fila["anio"], titulo=fila["titulo"], nombre_corto=fila["nombre_corto"],
                    glosario=[tuple(g) for g in textos.get("glosario", [])],
                    introduccion=textos.get("introduccion", []), marco_normativo=textos.get("marco_normativo", []),
                    prioritarias=[tuple(p) for p in textos.get("prioritarias", [])])
    mecs: dict[int, Mecanismo] = {}
    for m in cat.todos("SELECT * FROM pat_mecanismos WHERE anio = ? ORDER BY orden, id", (anio,)):
        mec = Mecanismo(area=m["area"], nombre=m["nombre"], titulo_cronograma=m["titulo_cronograma"], nota=m["nota"])
        mecs[m["id"]] = mec
        prog.mecanismos.append(mec)
    for a in cat.todos("SELECT a.* FROM pat_actividades a JOIN pat_mecanismos m ON m.id = a.mecanismo_id "
                       "WHERE m.anio = ? ORDER BY m.orden, a.numero", (anio,)):
        mec = mecs[a["mecanismo_id"]]
        mec.actividades.append(Actividad(id=a["id"], numero=a["numero"], actividad=a["actividad"],
                                         meses=json.loads(a["meses"]), nota=a["nota"], mecanismo=mec.nombre,
                                         area=mec.area))
    return prog


def cambiar_meses(cat: Catalogo, anio: int, cambios: dict[int, Any]) -> list[Actividad]:
    """Set the programmed months of several activities of the year at once (the cronograma edited in the portal):
    ``{actividad_id: months}`` with months as numbers, names («sep») or text («enero a marzo»). Every activity
    keeps at least one month; every problem is reported at once and nothing changes if there is any."""
    problemas: list[Problema] = []
    nuevos: dict[int, list[int]] = {}
    with cat.transaccion(f"cambiar el cronograma del programa {anio}") as tx:
        filas = {f["id"]: f for f in tx.todos(
            "SELECT a.*, m.nombre AS mecanismo FROM pat_actividades a JOIN pat_mecanismos m "
            "ON m.id = a.mecanismo_id WHERE m.anio = ?", (anio,))}
        if not filas and not tx.uno("SELECT 1 FROM pat_programas WHERE anio = ?", (anio,)):
            raise NoEncontrado(f"No hay Programa Anual de Trabajo del {anio}.")
        for actividad_id, meses in cambios.items():
            fila = filas.get(int(actividad_id))
            if fila is None:
                problemas.append(Problema(f"actividad {actividad_id}", f"no es una actividad del programa {anio}"))
                continue
            lugar = f"actividad {fila['numero']} de «{fila['mecanismo']}»"
            try:
                lista_meses = leer_meses(list(meses) if isinstance(meses, list | tuple | set) else meses)
            except ValueError as e:
                problemas.append(Problema(lugar, str(e)))
                continue
            if not lista_meses:
                problemas.append(Problema(lugar, "quedaría sin meses programados",
                                          "marque al menos un mes; si ya no se hará, márquela «cancelada» en su avance"))
                continue
            nuevos[fila["id"]] = lista_meses
        if problemas:
            raise EntradaInvalida(f"No se cambió el cronograma del programa {anio}:", problemas)
        for actividad_id, lista_meses in nuevos.items():
            antes = json.loads(filas[actividad_id]["meses"])
            if antes == lista_meses:
                continue
            tx.execute("UPDATE pat_actividades SET meses = ? WHERE id = ?", (json.dumps(lista_meses), actividad_id))
            tx.registrar("actividad del PAT", actividad_id, {"meses": antes}, {"meses": lista_meses})
        prog = obtener(tx, anio)
    return [a for a in prog.actividades if a.id in nuevos]


# --- progress ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Avance:
    fecha: date
    avance: str
    estatus: str
    porcentaje: int
    registrado: str
    registrado_por: str

    def como_dict(self) -> dict[str, Any]:
        return {"fecha": self.fecha.isoformat(), "avance": self.avance, "estatus": self.estatus,
                "porcentaje": self.porcentaje, "registrado": self.registrado, "registrado_por": self.registrado_por}


def _semestre(valor: Any) -> int:
    try:
        s = int(valor)
    except (TypeError, ValueError):
        s = 0
    if s not in SEMESTRES:
        raise EntradaInvalida(f"El semestre «{valor}» no es válido: use 1 (enero a junio) o 2 (julio a diciembre).")
    return s


def registrar_avance(cat: Catalogo, anio: int, actividad_id: int, semestre: int, *, avance: str,
                     estatus: str, porcentaje: Any = None, fecha: Any = None) -> Avance:
    """Append the progress of an activity in a semester (the latest record of the semester is its state)."""
    semestre = _semestre(semestre)
    with cat.transaccion("registrar avance del programa anual de trabajo") as tx:
        fila = tx.uno("SELECT a.*, m.anio, m.nombre AS mecanismo FROM pat_actividades a "
                      "JOIN pat_mecanismos m ON m.id = a.mecanismo_id WHERE a.id = ?", (a_id(actividad_id) or 0,))
        if fila is None or fila["anio"] != anio:
            raise NoEncontrado(f"No existe la actividad {actividad_id} en el programa {anio}. "
                               f"Consulte los números con «archivo pat lista --anio {anio}».")
        lugar = f"actividad {actividad_id} ({fila['mecanismo']}, {fila['numero']})"
        problemas: list[Problema] = []
        est = " ".join(str(estatus or "").lower().split()).rstrip(".")
        if est not in ESTATUS:
            problemas.append(Problema(lugar, f"estatus «{estatus}» no válido", f"use {', '.join(ESTATUS)}"))
        if porcentaje in (None, ""):
            porcentaje = 100 if est == "concluida" else 0
        try:
            pct = a_porcentaje(porcentaje)
        except ValorInvalido as e:
            problemas.append(Problema(lugar, f"porcentaje «{porcentaje}» no válido", e.sugerencia))
            pct = 0
        if est == "concluida" and pct != 100:
            problemas.append(Problema(lugar, f"una actividad concluida tiene 100 % de avance (se indicó {pct} %)"))
        if not str(avance or "").strip():
            problemas.append(Problema(lugar, "falta la descripción del avance", "describa lo realizado con --avance"))
        try:
            f = formato.a_fecha(fecha) if fecha not in (None, "") else date.today()
        except ValueError as e:
            problemas.append(Problema(lugar, f"fecha: {e}"))
            f = date.today()
        if f.year < anio or (f.year == anio and f.month < SEMESTRES[semestre][0]):
            problemas.append(Problema(lugar, f"la fecha {formato.fecha_corta(f)} es anterior al semestre "
                                             f"{semestre} de {anio}"))
        if problemas:
            raise EntradaInvalida("No se registró el avance:", problemas)
        texto = " ".join(str(avance).split())
        tx.execute("INSERT INTO pat_avances (actividad_id, semestre, fecha, avance, estatus, porcentaje, registrado, "
                   "registrado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (actividad_id, semestre, f.isoformat(), texto, est, pct, tx.momento, cat.usuario))
        nuevo = Avance(f, texto, est, pct, tx.momento, cat.usuario)
        tx.registrar("avance del PAT", f"{anio}/{actividad_id}/S{semestre}", None, nuevo.como_dict())
    return nuevo


def historial_avance(cat: Catalogo | Transaccion, actividad_id: int) -> list[tuple[int, Avance]]:
    return [(f["semestre"], Avance(date.fromisoformat(f["fecha"]), f["avance"], f["estatus"], f["porcentaje"],
                                   f["registrado"], f["registrado_por"]))
            for f in cat.todos("SELECT * FROM pat_avances WHERE actividad_id = ? ORDER BY semestre, fecha, id",
                               (actividad_id,))]


@dataclass
class FilaSemestre:
    actividad: Actividad
    meses: list[int]  # programmed months within the semester
    avance: Avance | None

    @property
    def estatus(self) -> str:
        return self.avance.estatus if self.avance else "sin avance registrado"

    def como_dict(self) -> dict[str, Any]:
        return {**self.actividad.como_dict(), "meses_semestre": meses_texto(self.meses) or "No programada",
                "avance": self.avance.avance if self.avance else "", "estatus": self.estatus,
                "porcentaje": self.avance.porcentaje if self.avance else None,
                "fecha_avance": self.avance.fecha.isoformat() if self.avance else None}


def avance_semestral(cat: Catalogo | Transaccion, anio: int, semestre: int) -> tuple[Programa, list[FilaSemestre]]:
    """Activities programmed in the semester (or with progress recorded for it), with their latest progress."""
    semestre = _semestre(semestre)
    prog = obtener(cat, anio)
    ultimos: dict[int, Avance] = {}
    for f in cat.todos("SELECT v.* FROM pat_avances v JOIN pat_actividades a ON a.id = v.actividad_id "
                       "JOIN pat_mecanismos m ON m.id = a.mecanismo_id WHERE m.anio = ? AND v.semestre = ? "
                       "ORDER BY v.fecha, v.id", (anio, semestre)):
        ultimos[f["actividad_id"]] = Avance(date.fromisoformat(f["fecha"]), f["avance"], f["estatus"],
                                            f["porcentaje"], f["registrado"], f["registrado_por"])
    filas = []
    for a in prog.actividades:
        meses = a.en_semestre(semestre)
        if meses or a.id in ultimos:
            filas.append(FilaSemestre(a, meses, ultimos.get(a.id)))
    return prog, filas


# --- documents --------------------------------------------------------------------------------------


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def frase_total(prog: Programa) -> list[Any]:
    n = prog.total
    cosa = "actividad que los mecanismos del Servicio implementarán" if n == 1 else \
        "actividades que los mecanismos del Servicio implementarán"
    return [f"Con base en lo anterior, el {prog.nombre_corto} integra ", Negrita(str(n)),
            f" {cosa} durante el ejercicio, lo cual se muestra en la siguiente tabla:"]


def construir_documento(raiz: Raiz, prog: Programa, folio: str | None, *, fecha: date | None = None,
                        area: str | None = None) -> bytes:
    """The PAT as a .docx in seed 000's layout: the ``programa-anual`` frame (the office edits its wording in
    Word) with the síntesis and the cronogramas built from the activities."""
    numero = 1
    titulos: dict[str, str] = {}
    for clave, titulo, presente in (("introduccion", "Introducción", True),
                                    ("marco", "Marco normativo", bool(prog.marco_normativo)),
                                    ("prioritarias", "Actividades prioritarias o estratégicas", bool(prog.prioritarias)),
                                    ("cronograma", f"Cronograma del {prog.nombre_corto}", True)):
        titulos[clave] = f"{formato.romano(numero)}. {titulo}" if presente else ""
        numero += 1 if presente else 0
    contexto = compilacion.contexto_sistema(raiz, area=area, fecha=fecha, folio=folio)
    contexto.update({
        "titulo": prog.titulo.upper().rstrip(".") + ".", "nombre_corto": prog.nombre_corto, "anio": prog.anio,
        "total": prog.total, "glosario": [{"termino": t, "significado": d} for t, d in prog.glosario],
        "introduccion": list(prog.introduccion), "marco_normativo": list(prog.marco_normativo),
        "prioritarias": [{"titulo": t, "texto": x} for t, x in prog.prioritarias],
        "titulo_introduccion": titulos["introduccion"], "titulo_marco": titulos["marco"],
        "titulo_prioritarias": titulos["prioritarias"], "titulo_cronograma": titulos["cronograma"],
        "frase_total": marco.marcador("frase_total"), "sintesis": marco.marcador("sintesis"),
        "cronograma": marco.marcador("cronograma"),
    })
    datos = compilacion.documento(raiz, "programa-anual", contexto, tuple(raiz.config.dias_inhabiles))

    def cronograma(insercion: marco.Insercion) -> None:
        w = DocumentoWord.en(insercion)
        for m in prog.mecanismos:
            _tabla_cronograma(w, prog.anio, m)

    return marco.rellenar(datos, {
        "frase_total": lambda i: DocumentoWord.en(i).parrafo(*frase_total(prog)),
        "sintesis": lambda i: _tabla_sintesis(DocumentoWord.en(i), prog),
        "cronograma": cronograma,
    })


def _tabla_sintesis(w: DocumentoWord, prog: Programa) -> None:
    t = w.tabla(["Área", "Mecanismo, proceso y sistema de ascenso", "Número de actividades"], [], [4.5, 8.5, 3.5])
    for area, mecanismos in prog.por_area():
        primera = None
        for m in mecanismos:
            fila = w.fila(t, [area if primera is None else "", m.nombre, str(len(m.actividades))])
            fila.cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            if primera is None:
                primera = fila.cells[0]
                escribir(primera, area, negrita=True)
            else:
                escribir(primera.merge(fila.cells[0]), area, negrita=True)
    total = w.fila(t, ["Total de actividades", "", str(prog.total)], negrita=True)
    escribir(total.cells[0].merge(total.cells[1]), "Total de actividades", negrita=True)
    total.cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for c in total.cells:
        sombrear(c, GRIS_ENCABEZADO)


def _tabla_cronograma(w: DocumentoWord, anio: int, m: Mecanismo) -> None:
    anchos = [1.0, 9.4] + [1.05] * 12
    t = w.tabla([], [], anchos)
    centro = WD_ALIGN_PARAGRAPH.CENTER
    titulo = w.fila(t, [m.titulo_cronograma] + [""] * 13, negrita=True, tam=9)
    celda_titulo = titulo.cells[0].merge(titulo.cells[13])
    escribir(celda_titulo, m.titulo_cronograma, negrita=True, tam=9, alineacion=centro)
    sombrear(celda_titulo, GRIS_ENCABEZADO)
    if m.nota:
        w.nota_al_pie(celda_titulo.paragraphs[0], m.nota)
    cab1 = w.fila(t, ["No", "Actividad", f"Ejercicio {anio}"] + [""] * 11, negrita=True, alineacion=centro, tam=8)
    cab2 = w.fila(t, ["", ""] + MESES_CORTOS, negrita=True, alineacion=centro, tam=8)
    escribir(cab1.cells[2].merge(cab1.cells[13]), f"Ejercicio {anio}", negrita=True, tam=8, alineacion=centro)
    escribir(cab1.cells[0].merge(cab2.cells[0]), "No", negrita=True, tam=8, alineacion=centro)
    escribir(cab1.cells[1].merge(cab2.cells[1]), "Actividad", negrita=True, tam=8, alineacion=centro)
    for fila in (titulo, cab1, cab2):
        repetir_como_encabezado(fila)
    for c in list(cab1.cells) + list(cab2.cells):
        sombrear(c, GRIS_ENCABEZADO)
    for a in m.actividades:
        fila = w.fila(t, [str(a.numero), a.actividad] + [""] * 12, tam=8)
        fila.cells[0].paragraphs[0].alignment = centro
        if a.nota:
            w.nota_al_pie(fila.cells[1].paragraphs[0], a.nota, tam=8)
        for mes in a.meses:
            sombrear(fila.cells[1 + mes], COLOR_MES)


def celdas_sombreadas(data: bytes) -> dict[tuple[str, int], list[int]]:
    """Read back a cronograma: (mecanismo title, activity number) -> shaded months. For checks and tests."""
    from docx import Document


    doc = Document(io.BytesIO(data))
    salida: dict[tuple[str, int], list[int]] = {}
    for t in doc.tables:
        if len(t.columns) != 14:
            continue
        titulo = t.rows[0].cells[0].text.strip()
        for fila in t.rows[3:]:
            celdas = fila.cells
            numero = celdas[0].text.strip()
            if numero.isdigit():
                salida[(titulo, int(numero))] = [mes for mes in range(1, 13) if relleno(celdas[1 + mes]) == COLOR_MES]
    return salida


def construir_informe_semestral(raiz: Raiz, prog: Programa, semestre: int, filas: list[FilaSemestre],
                                folio: str | None, *, fecha: date | None = None, comision: str = "",
                                area: str | None = None) -> bytes:
    """The semestral progress report of the PAT: the ``informe-semestral-pat`` frame with the summary and the
    progress of each activity built from the ledger."""
    a, b = SEMESTRES[semestre]
    periodo = f"{formato.MESES[a - 1]} a {formato.MESES[b - 1]} de {prog.anio}"
    contexto = compilacion.contexto_sistema(raiz, area=area, fecha=fecha, folio=folio)
    contexto.update({
        "titulo": f"INFORME SOBRE EL AVANCE EN LA EJECUCIÓN DEL {prog.titulo.upper().rstrip('.')}: "
                  f"{NOMBRE_SEMESTRE[semestre].upper()} SEMESTRE ({periodo.upper()}).",
        "nombre_corto": prog.nombre_corto, "semestre_nombre": NOMBRE_SEMESTRE[semestre], "periodo": periodo,
        "comision": comision, "actividades": len(filas),
        "resumen": marco.marcador("resumen"), "avance": marco.marcador("avance"),
    })
    datos = compilacion.documento(raiz, "informe-semestral-pat", contexto, tuple(raiz.config.dias_inhabiles))
    conteo = {e: len([f for f in filas if f.estatus == e]) for e in (*ESTATUS, "sin avance registrado")}

    def resumen(insercion: marco.Insercion) -> None:
        w = DocumentoWord.en(insercion)
        w.parrafo(*_frase_semestre(len(filas), conteo))
        tabla = w.tabla(["Área", "Mecanismo", "Actividades del semestre", "Concluidas", "En proceso", "Sin iniciar",
                         "Sin avance registrado"], [], [3.0, 4.3, 2.0, 1.9, 1.7, 1.6, 2.0], tam=8)
        centro = WD_ALIGN_PARAGRAPH.CENTER
        for area_pat, mecanismos in prog.por_area():
            primera = None
            for m in mecanismos:
                de_m = [f for f in filas if f.actividad.mecanismo == m.nombre]
                if not de_m:
                    continue
                cuenta = [len([f for f in de_m if f.estatus == e]) for e in
                          ("concluida", "en proceso", "sin iniciar", "sin avance registrado")]
                fila = w.fila(tabla, [area_pat, m.nombre, str(len(de_m)), *map(str, cuenta)], tam=8)
                for c in fila.cells[2:]:
                    c.paragraphs[0].alignment = centro
                if primera is None:
                    primera = fila.cells[0]
                else:
                    escribir(primera.merge(fila.cells[0]), area_pat, tam=8)
        total = w.fila(tabla, ["Total", "", str(len(filas)), str(conteo["concluida"]), str(conteo["en proceso"]),
                               str(conteo["sin iniciar"]), str(conteo["sin avance registrado"])], tam=8, negrita=True)
        escribir(total.cells[0].merge(total.cells[1]), "Total", negrita=True, tam=8)
        for c in total.cells[2:]:
            c.paragraphs[0].alignment = centro

    def avance(insercion: marco.Insercion) -> None:
        w = DocumentoWord.en(insercion)
        for m in prog.mecanismos:
            de_m = [f for f in filas if f.actividad.mecanismo == m.nombre]
            if not de_m:
                continue
            w.parrafo(Negrita(m.titulo_cronograma), alineacion=WD_ALIGN_PARAGRAPH.LEFT)
            w.tabla(["No.", "Actividad", "Meses programados en el semestre", "Avance", "Estatus", "% de avance"],
                    [[str(f.actividad.numero), f.actividad.actividad, meses_texto(f.meses) or "No programada",
                      f.avance.avance if f.avance else "Sin avance registrado.",
                      f.estatus.capitalize(), f"{f.avance.porcentaje}%" if f.avance else "—"] for f in de_m],
                    [1.0, 7.6, 2.6, 7.8, 2.2, 1.7], tam=8)

    return marco.rellenar(datos, {"resumen": resumen, "avance": avance})


def _frase_semestre(total: int, conteo: dict[str, int]) -> list[Any]:
    if total == 0:
        return ["En el semestre no hay actividades programadas."]
    partes = []
    for clave, singular, plural in (("concluida", "está concluida", "están concluidas"),
                                    ("en proceso", "está en proceso", "están en proceso"),
                                    ("sin iniciar", "no ha iniciado", "no han iniciado"),
                                    ("cancelada", "fue cancelada", "fueron canceladas"),
                                    ("sin avance registrado", "no tiene avance registrado",
                                     "no tienen avance registrado")):
        n = conteo.get(clave, 0)
        if n:
            partes.append(f"{n} {singular if n == 1 else plural}")
    lista = partes[0] if len(partes) == 1 else f"{', '.join(partes[:-1])} y {partes[-1]}"
    inicio = "De la actividad programada" if total == 1 else f"De las {total} actividades programadas"
    return [inicio, " en el semestre, ", lista, "."]


# --- issuing ----------------------------------------------------------------------------------------


def _expediente(tx: Transaccion, sesion_id: int | None, fecha: date):
    if sesion_id is not None:
        return expediente_sesion(tx, sesion_id)
    return expedientes.asegurar(tx, *EXPEDIENTE, fecha=fecha)


def emitir_documento(cat: Catalogo, anio: int, *, fecha: Any = None, sesion_id: int | None = None,
                     area: str | None = None):
    """Issue the PAT document of the year (folio of serie «informe»)."""
    fecha_f = _fecha_emision(fecha)
    with cat.transaccion(f"emitir programa anual de trabajo {anio}") as tx:
        prog = obtener(tx, anio)
        doc = documentos.emitir_en(
            tx, tipo="programa", serie=SERIE, area=area, fecha=fecha_f, expediente=_expediente(tx, sesion_id, fecha_f),
            asunto=f"{prog.titulo} ({prog.total} actividades)",
            construir=lambda folio: construir_documento(cat.raiz, prog, folio, fecha=fecha_f, area=area),
            datos={"anio": prog.anio, "titulo": prog.titulo, "total": prog.total,
                   "mecanismos": [{"area": m.area, "mecanismo": m.nombre,
                                   "actividades": [a.como_dict() for a in m.actividades]} for m in prog.mecanismos]})
        tx.execute("INSERT INTO pat_documentos (documento_id, anio, tipo) VALUES (?, ?, 'programa')", (doc.id, anio))
        return doc


def emitir_informe_semestral(cat: Catalogo, anio: int, semestre: int, *, fecha: Any = None,
                             sesion_id: int | None = None, area: str | None = None):
    """Issue the semestral progress report (folio of serie «informe»)."""
    semestre = _semestre(semestre)
    fecha_f = _fecha_emision(fecha)
    with cat.transaccion(f"emitir informe semestral del programa {anio}") as tx:
        prog, filas = avance_semestral(tx, anio, semestre)
        config = cat.raiz.config
        comision = config.comision.nombre
        doc = documentos.emitir_en(
            tx, tipo="informe", serie=SERIE, area=area, fecha=fecha_f, expediente=_expediente(tx, sesion_id, fecha_f),
            asunto=f"Informe de avance del {prog.nombre_corto}, {NOMBRE_SEMESTRE[semestre]} semestre de {anio}",
            construir=lambda folio: construir_informe_semestral(
                cat.raiz, prog, semestre, filas, folio, fecha=fecha_f, comision=comision, area=area),
            datos={"anio": anio, "semestre": semestre, "filas": [f.como_dict() for f in filas]})
        tx.execute("INSERT INTO pat_documentos (documento_id, anio, tipo, semestre) VALUES (?, ?, "
                   "'informe semestral', ?)", (doc.id, anio, semestre))
        return doc


def emitidos(cat: Catalogo | Transaccion, anio: int) -> list[documentos.Documento]:
    """The documents issued from the year's programme (the PAT and its informes semestrales), newest first."""
    return [documentos.obtener(cat, f[0]) for f in cat.todos(
        "SELECT documento_id FROM pat_documentos WHERE anio = ? ORDER BY documento_id DESC", (anio,))]


def _fecha_emision(fecha: Any) -> date:
    try:
        return formato.a_fecha(fecha) if fecha not in (None, "") else date.today()
    except ValueError as e:
        raise EntradaInvalida(f"Fecha no válida: {e}") from None


# --- the Excel format for staff ---------------------------------------------------------------------


def escribir_formato(destino: Path | str, anio: int | None = None) -> Path:
    """An Excel file with the expected columns, the months Ene..Dic, and two example rows."""
    destino = Path(destino)
    if destino.suffix.lower() != ".xlsx":
        raise EntradaInvalida("El formato del programa se escribe como .xlsx; p. ej. --salida pat.xlsx")
    if destino.exists():
        raise ArchivoError(f"{destino} ya existe; elija otro nombre para no sobrescribirlo.")
    atomic_write_bytes(destino, libro_formato(anio), overwrite=False)
    return destino


def libro_formato(anio: int | None = None) -> bytes:
    """The empty format (two example rows) as the bytes of an .xlsx."""
    anio = anio or date.today().year
    ejemplo = Programa(anio, f"Programa Anual de Trabajo {anio}", f"PAT {anio}", mecanismos=[Mecanismo(
        "Profesionalización", "Evaluación del desempeño", "", actividades=[
            Actividad(None, 1, "Aplicación de la evaluación anual del desempeño.", [9, 10]),
            Actividad(None, 2, "Aprobación del dictamen general de resultados.", [12])])])
    return _libro(ejemplo)


def exportar_xlsx(cat: Catalogo | Transaccion, anio: int) -> bytes:
    """The year's programme as the same workbook «importar» reads (months marked with «x» and shaded): edit it in
    Excel and import it again; activities keep their progress."""
    return _libro(obtener(cat, anio))


def _libro(prog: Programa) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    libro = Workbook()
    hoja = libro.active
    hoja.title = "Actividades"
    excel.agregar_fila(hoja, ["Área", "Mecanismo", "No.", "Actividad", *MESES_CORTOS, "Nota"])
    sombra = PatternFill("solid", fgColor=COLOR_MES)
    for m in prog.mecanismos:
        for i, a in enumerate(m.actividades):
            excel.agregar_fila(hoja, [m.area if i == 0 else "", m.nombre if i == 0 else "", a.numero, a.actividad,
                               *["x" if mes in a.meses else None for mes in range(1, 13)], a.nota])
            for mes in a.meses:
                celda = hoja.cell(row=hoja.max_row, column=4 + mes)
                celda.fill = sombra
                celda.alignment = Alignment(horizontal="center")
            hoja.cell(row=hoja.max_row, column=4).alignment = Alignment(wrap_text=True, vertical="top")
    for celda in hoja[1]:
        celda.font = Font(bold=True, color="FFFFFF")
        celda.fill = PatternFill("solid", fgColor="1F3864")
        celda.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for letra, ancho in (("A", 24), ("B", 30), ("C", 6), ("D", 60)):
        hoja.column_dimensions[letra].width = ancho
    hoja.freeze_panes = "E2"
    datos = libro.create_sheet("Programa")
    for fila in (("Año", prog.anio), ("Título", prog.titulo), ("Nombre corto", prog.nombre_corto)):
        excel.agregar_fila(datos, list(fila))
    datos.column_dimensions["A"].width = 16
    datos.column_dimensions["B"].width = 60
    instrucciones = libro.create_sheet("Instrucciones")
    for linea in (
        "Una fila por actividad. Marque con «x» (o sombree la celda) los meses en que se realiza.",
        "Si el área o el mecanismo se dejan vacíos, se toman los de la fila anterior (celdas combinadas).",
        "El número (No.) es el de la actividad dentro de su mecanismo; si se omite, se numeran en orden.",
        "La hoja «Programa» lleva el año, el título y el nombre corto (p. ej. «PAT SPEN 2024»).",
        "Importe el archivo con: archivo pat importar ARCHIVO.xlsx",
    ):
        excel.agregar_fila(instrucciones, [linea])
    instrucciones.column_dimensions["A"].width = 110
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


historial.registrar_entidad("actividad del PAT", valores={"meses": lambda m: meses_texto(m) or "ninguno"})
