"""The risk-matrix register: one matrix per mecanismo (and one for vinculación con el INE), as in seed 004.

A risk row has the matrix's four sections: I identification (the risk, causes, effects, owner área);
II analysis (probabilidad × impacto = NR, the inherent risk); III treatment (EVITAR, REDUCIR, COMPARTIR,
TRANSFERIR, ASUMIR, several at once, and PTAR-style actions with % de avance); IV re-evaluation (the residual
risk). Evaluations are an append-only history (the catalog refuses UPDATE/DELETE on them) and NR is a generated
column: it is never typed. Every update of an action is kept as a new version.

Risks are identified as users see them, ``R-CP-01``: a prefix per mecanismo and a number within it.
The seed's own matrices (``archivo/datos/matriz_riesgos_base.yaml``) load with ``cargar_base``; the register
goes to and comes from Excel with ``exportar_xlsx`` / ``importar_xlsx`` without loss.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from archivo import mecanismos as catalogo_mecanismos
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base import excel, historial
from archivo.base import pendientes as pendientes_base
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.formato import fecha_corta
from archivo.base.fsutil import atomic_write_bytes
from archivo.base.raiz import Raiz
from archivo.base.tablas import Libro, Tabla
from archivo.base.valores import ValorInvalido, a_entero, a_fecha, a_porcentaje, plegar, sin_acentos

NIVELES = {3: "ALTO", 2: "MEDIO", 1: "BAJO"}
OPCIONES = ("EVITAR", "REDUCIR", "COMPARTIR", "TRANSFERIR", "ASUMIR")
TIPOS_EVALUACION = ("inherente", "residual")
ESTATUS = ("sin iniciar", "en proceso", "concluida", "cancelada")
ORIGENES = ("captura", "matriz base", "importación")
SUGERENCIA_NIVEL = "use ALTO (3), MEDIO (2) o BAJO (1)"

# Prefix of the risk ids of each shipped mecanismo (R-CP-01). Other mecanismos get their initials.
PREFIJOS = {
    "concurso-publico": "CP",
    "certamen-interno": "CI",
    "cambios-adscripcion": "CA",
    "encargos-despacho": "ED",
    "reingreso-reincorporacion": "RR",
    "programa-formacion": "PF",
    "capacitacion": "MC",
    "evaluacion-desempeno": "EV",
    "titularidad-promocion": "TP",
    "incentivos": "IN",
    "permanencia-disciplina": "PD",
    "vinculacion-ine": "VI",
}

_CODIGO = re.compile(r"^R-([A-Z]{1,6})-(\d{1,4})$")


# --- levels, options and other values --------------------------------------------------------------


def _vacio(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


_NIVEL = re.compile(r"^(alto|medio|bajo)?\s*(?:\(?\s*(\d+)(?:\.0+)?\s*\)?)?$")


def leer_nivel(valor: Any) -> int:
    """ALTO/alto/Alto (3)/3/3.0 -> 3, MEDIO -> 2, BAJO -> 1. Raises ValueError with a Spanish message."""
    if isinstance(valor, bool):
        raise ValueError(f"«{valor}» no es un nivel")
    if isinstance(valor, int):
        n = valor
    elif isinstance(valor, float) and valor.is_integer():
        n = int(valor)
    else:
        texto = plegar(valor).strip()
        m = _NIVEL.match(texto)
        if not texto or m is None:
            raise ValueError(f"«{valor}» no es un nivel")
        palabra, cifra = m.groups()
        por_palabra = {"alto": 3, "medio": 2, "bajo": 1}.get(palabra or "")
        por_cifra = int(cifra) if cifra else None
        if por_palabra and por_cifra is not None and por_palabra != por_cifra:
            raise ValueError(f"«{valor}» contradice el nivel: {palabra.upper()} es {por_palabra}")
        n = por_palabra or por_cifra
    if n not in NIVELES:
        raise ValueError(f"«{valor}» no es un nivel: solo hay 1, 2 y 3")
    return n


def nivel_texto(n: int | None) -> str:
    """3 -> 'ALTO (3)'; None -> ''."""
    return f"{NIVELES[n]} ({n})" if n else ""


def nivel_nr(nr: int | None) -> str | None:
    """Band of an NR for the heat map: 1-2 BAJO, 3-4 MEDIO, 6-9 ALTO."""
    if nr is None:
        return None
    if nr <= 2:
        return "BAJO"
    return "MEDIO" if nr <= 4 else "ALTO"


def leer_opcion(valor: str) -> str:
    texto = sin_acentos(valor).strip().upper()
    if texto in OPCIONES:
        return texto
    raise ValueError(f"«{valor}» no es una opción de tratamiento")


def separar_opciones(valores: Iterable[Any]) -> list[str]:
    """'REDUCIR, compartir' and ['EVITAR', 'ASUMIR'] alike -> list of the raw items."""
    salida: list[str] = []
    for v in valores:
        if v is None:
            continue
        salida.extend(p.strip() for p in re.split(r"[,;/]|\by\b", str(v)) if p.strip())
    return salida


def normalizar_codigo(texto: str) -> str | None:
    """'r-cp-1' -> 'R-CP-01'; None when the text is not a risk id."""
    m = _CODIGO.match(str(texto).strip().upper())
    return f"R-{m[1]}-{int(m[2]):02d}" if m else None


# --- the records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluacion:
    """One evaluation of a risk: inherent (section II) or residual (section IV)."""

    numero: int
    tipo: str
    fecha: str | None
    probabilidad: int | None
    impacto: int | None
    nr_anotado: int | None = None
    nota: str = ""
    registrada: str = ""
    registrada_por: str = ""

    @property
    def nr(self) -> int | None:
        if self.probabilidad is None or self.impacto is None:
            return None
        return self.probabilidad * self.impacto

    def como_dict(self) -> dict[str, Any]:
        return {**asdict(self), "nr": self.nr}


@dataclass(frozen=True)
class VersionAccion:
    version: int
    fecha: str | None
    descripcion: str
    responsable: str
    fecha_inicio: str | None
    fecha_compromiso: str | None
    evidencia: str
    avance: int | None
    estatus: str | None
    nota: str = ""
    registrada: str = ""
    registrada_por: str = ""


@dataclass(frozen=True)
class Evidencia:
    """A file given as evidence of an action (a document of the mecanismo's expediente)."""

    documento_id: int
    nombre: str
    version: int  # the version of the action that recorded it
    agregada: str
    agregada_por: str


@dataclass
class Accion:
    """An action to reduce a risk (PTAR): its current state is its last version."""

    numero: int
    versiones: list[VersionAccion]
    evidencias: list[Evidencia] = field(default_factory=list)

    @property
    def actual(self) -> VersionAccion:
        return self.versiones[-1]

    def vencida(self, al: date) -> bool:
        v = self.actual
        return (v.fecha_compromiso is not None and v.fecha_compromiso < al.isoformat()
                and v.estatus not in ("concluida", "cancelada"))

    def como_dict(self, al: date | None = None) -> dict[str, Any]:
        datos = {"numero": self.numero, **asdict(self.actual)}
        datos.pop("version")
        datos["versiones"] = [asdict(v) for v in self.versiones]
        datos["vencida"] = self.vencida(al or date.today())
        return datos


@dataclass
class Riesgo:
    id: int
    codigo: str
    mecanismo: str
    texto: str
    causas: str
    efectos: str
    area: str
    inicio_anotado: str
    proxima_revision: str | None
    origen: str
    clave_base: str | None
    nota: str
    creado: str
    creado_por: str
    modificado: str
    tratamiento: tuple[str, ...] = ()
    evaluaciones: list[Evaluacion] = field(default_factory=list)
    acciones: list[Accion] = field(default_factory=list)

    def _ultima(self, tipo: str) -> Evaluacion | None:
        return next((e for e in reversed(self.evaluaciones) if e.tipo == tipo), None)

    @property
    def inherente(self) -> Evaluacion | None:
        """Latest analysis (section II)."""
        return self._ultima("inherente")

    @property
    def residual(self) -> Evaluacion | None:
        """Latest re-evaluation (section IV)."""
        return self._ultima("residual")

    @property
    def nr_inherente(self) -> int | None:
        return self.inherente.nr if self.inherente else None

    @property
    def nr_residual(self) -> int | None:
        return self.residual.nr if self.residual else None

    @property
    def faltantes(self) -> list[str]:
        """What the row lacks to be complete: the risk text and a computable NR (section II)."""
        falta = []
        if not self.texto.strip():
            falta.append("texto del riesgo")
        ev = self.inherente
        if ev is None:
            falta.append("análisis (probabilidad e impacto)")
        elif ev.nr is None:
            partes = [n for n, v in (("probabilidad", ev.probabilidad), ("impacto", ev.impacto)) if v is None]
            falta.append(f"NR del análisis (sin {' ni '.join(partes)})")
        return falta

    @property
    def incompleto(self) -> bool:
        return bool(self.faltantes)

    @property
    def avisos(self) -> list[str]:
        """Inconsistencies worth a person's attention (never silently accepted)."""
        avisos = []
        ni, nr = self.nr_inherente, self.nr_residual
        if ni is not None and nr is not None and nr > ni:
            avisos.append(f"el NR residual ({nr}) es mayor que el NR inherente ({ni}): el tratamiento no redujo "
                          "el riesgo; revise la revaloración o las acciones")
        for ev, seccion in ((self.inherente, "II"), (self.residual, "IV")):
            if ev is not None and ev.nr_anotado is not None and ev.nr is not None and ev.nr != ev.nr_anotado:
                avisos.append(f"la matriz original anota NR {ev.nr_anotado} en la sección {seccion}, pero "
                              f"{ev.probabilidad} × {ev.impacto} = {ev.nr}; se usa el calculado")
        return avisos

    def revision_vencida(self, al: date) -> bool:
        return self.proxima_revision is not None and self.proxima_revision < al.isoformat()

    @property
    def avance_promedio(self) -> float | None:
        valores = [a.actual.avance for a in self.acciones
                   if a.actual.avance is not None and a.actual.estatus != "cancelada"]
        return sum(valores) / len(valores) if valores else None

    def como_dict(self, al: date | None = None) -> dict[str, Any]:
        return {
            "id": self.codigo, "mecanismo": self.mecanismo, "riesgo": self.texto, "causas": self.causas,
            "efectos": self.efectos, "area": self.area, "tratamiento": list(self.tratamiento),
            "inicio_anotado": self.inicio_anotado, "proxima_revision": self.proxima_revision,
            "origen": self.origen, "clave_base": self.clave_base, "nota": self.nota,
            "nr_inherente": self.nr_inherente, "nr_residual": self.nr_residual,
            "incompleto": self.incompleto, "faltantes": self.faltantes, "avisos": self.avisos,
            "evaluaciones": [e.como_dict() for e in self.evaluaciones],
            "acciones": [a.como_dict(al) for a in self.acciones],
            "creado": self.creado, "creado_por": self.creado_por, "modificado": self.modificado,
        }


@dataclass
class Resultado:
    """What a change produced: the risk as it is now and the warnings to show."""

    riesgo: Riesgo
    avisos: list[str] = field(default_factory=list)


# --- validation: every problem of an input at once -------------------------------------------------


class _Revision:
    def __init__(self, *, excel: bool = False) -> None:
        self.problemas: list[Problema] = []
        self.excel = excel  # values read from a workbook: a number in a date column is a date without format

    def problema(self, lugar: str, mensaje: str, sugerencia: str = "") -> None:
        self.problemas.append(Problema(lugar, mensaje, sugerencia))

    def lanzar(self, mensaje: str) -> None:
        if self.problemas:
            raise EntradaInvalida(mensaje, self.problemas)

    def nivel(self, valor: Any, lugar: str, *, obligatorio: bool = False) -> int | None:
        if _vacio(valor):
            if obligatorio:
                self.problema(lugar, "falta el nivel", SUGERENCIA_NIVEL)
            return None
        try:
            return leer_nivel(valor)
        except ValueError as e:
            self.problema(lugar, str(e), SUGERENCIA_NIVEL)
            return None

    def fecha(self, valor: Any, lugar: str, *, obligatorio: bool = False, hasta: date | None = None) -> date | None:
        if _vacio(valor):
            if obligatorio:
                self.problema(lugar, "falta la fecha", "escríbala como 2025-06-17 o 17/06/2025")
            return None
        try:
            fecha = a_fecha(valor, serial_excel=self.excel)
        except (ValueError, TypeError) as e:
            self.problema(lugar, str(e))
            return None
        if hasta is not None and fecha > hasta:
            self.problema(lugar, f"la fecha {fecha_corta(fecha)} es posterior a hoy",
                          "registre lo que ya ocurrió; las fechas futuras van en --proxima-revision")
            return None
        return fecha

    def opciones(self, valores: Iterable[Any], lugar: str) -> tuple[str, ...]:
        elegidas: set[str] = set()
        for v in separar_opciones(valores):
            try:
                elegidas.add(leer_opcion(v))
            except ValueError as e:
                self.problema(lugar, str(e), "opciones válidas: " + ", ".join(OPCIONES))
        return tuple(o for o in OPCIONES if o in elegidas)

    def avance(self, valor: Any, lugar: str) -> int | None:
        if _vacio(valor):
            return None
        try:
            return a_porcentaje(valor)
        except ValorInvalido as e:
            self.problema(lugar, e.mensaje, e.sugerencia)
            return None

    def estatus(self, valor: Any, lugar: str) -> str | None:
        if _vacio(valor):
            return None
        texto = plegar(valor).strip()
        if texto in ESTATUS:
            return texto
        self.problema(lugar, f"«{valor}» no es un estatus", "estatus válidos: " + ", ".join(ESTATUS))
        return None

    def mecanismo(self, raiz: Raiz, valor: Any, lugar: str) -> str | None:
        if _vacio(valor):
            self.problema(lugar, "falta el mecanismo", "use su clave, p. ej. concurso-publico")
            return None
        try:
            return catalogo_mecanismos.cargar(raiz).mecanismo(str(valor)).clave
        except NoEncontrado as e:
            self.problema(lugar, e.mensaje)
            return None


def _normalizar_area(raiz: Raiz, area: str, avisos: list[str]) -> str:
    area = (area or "").strip()
    if not area:
        return ""
    for a in raiz.config.areas:
        if area.casefold() in (a.siglas.casefold(), a.nombre.casefold()):
            return a.siglas
    avisos.append(f"el área «{area}» no está registrada en archivo.toml; se guardó tal como se escribió")
    return area


def _validar_version(r: _Revision, v: dict[str, Any], lugares: dict[str, str]) -> None:
    """Coherence of one action state: dates in order, estatus matching % de avance."""
    inicio, compromiso = v.get("fecha_inicio"), v.get("fecha_compromiso")
    if inicio and compromiso and compromiso < inicio:
        r.problema(lugares["fecha_compromiso"],
                   f"la fecha compromiso ({fecha_corta(compromiso)}) es anterior a la de inicio "
                   f"({fecha_corta(inicio)})")
    if v.get("estatus") == "concluida" and v.get("avance") is not None and v["avance"] < 100:
        r.problema(lugares["avance"], f"una acción concluida tiene 100 % de avance, no {v['avance']} %",
                   "corrija el avance o el estatus")
    if v.get("estatus") == "sin iniciar" and v.get("avance"):
        r.problema(lugares["estatus"], f"una acción «sin iniciar» no puede tener {v['avance']} % de avance")


def _estatus_por_avance(avance: int | None, anterior: str | None = None) -> str | None:
    if anterior == "cancelada":
        return anterior
    if avance is None:
        return anterior
    if avance >= 100:
        return "concluida"
    return "en proceso" if avance > 0 else "sin iniciar"


# --- reading the register --------------------------------------------------------------------------

Fuente = Catalogo | Transaccion


def _orden_mecanismos(raiz: Raiz) -> dict[str, int]:
    return {clave: i for i, clave in enumerate(catalogo_mecanismos.cargar(raiz).mecanismos)}


def _leer(fuente: Fuente, condicion: str = "1", params: Sequence[Any] = ()) -> list[Riesgo]:
    filas = fuente.todos(f"SELECT * FROM riesgos WHERE {condicion}", params)
    if not filas:
        return []
    por_id: dict[int, Riesgo] = {}
    for f in filas:
        por_id[f["id"]] = Riesgo(
            id=f["id"], codigo=f["codigo"], mecanismo=f["mecanismo"], texto=f["texto"], causas=f["causas"],
            efectos=f["efectos"], area=f["area"], inicio_anotado=f["inicio_anotado"],
            proxima_revision=f["proxima_revision"], origen=f["origen"], clave_base=f["clave_base"],
            nota=f["nota"], creado=f["creado"], creado_por=f["creado_por"], modificado=f["modificado"],
        )
    sub = f"SELECT id FROM riesgos WHERE {condicion}"
    tratamientos: dict[int, set[str]] = {}
    for f in fuente.todos(f"SELECT riesgo_id, opcion FROM riesgo_tratamientos WHERE riesgo_id IN ({sub})", params):
        tratamientos.setdefault(f["riesgo_id"], set()).add(f["opcion"])
    for rid, opciones in tratamientos.items():
        por_id[rid].tratamiento = tuple(o for o in OPCIONES if o in opciones)
    for f in fuente.todos(f"SELECT * FROM riesgo_evaluaciones WHERE riesgo_id IN ({sub}) ORDER BY riesgo_id, numero",
                          params):
        por_id[f["riesgo_id"]].evaluaciones.append(Evaluacion(
            numero=f["numero"], tipo=f["tipo"], fecha=f["fecha"], probabilidad=f["probabilidad"],
            impacto=f["impacto"], nr_anotado=f["nr_anotado"], nota=f["nota"], registrada=f["registrada"],
            registrada_por=f["registrada_por"],
        ))
    acciones: dict[int, Accion] = {}
    for f in fuente.todos(
        "SELECT a.riesgo_id, a.numero AS accion, v.* FROM riesgo_acciones a "
        "JOIN riesgo_accion_versiones v ON v.accion_id = a.id "
        f"WHERE a.riesgo_id IN ({sub}) ORDER BY a.riesgo_id, a.numero, v.version",
        params,
    ):
        version = VersionAccion(
            version=f["version"], fecha=f["fecha"], descripcion=f["descripcion"], responsable=f["responsable"],
            fecha_inicio=f["fecha_inicio"], fecha_compromiso=f["fecha_compromiso"], evidencia=f["evidencia"],
            avance=f["avance"], estatus=f["estatus"], nota=f["nota"], registrada=f["registrada"],
            registrada_por=f["registrada_por"],
        )
        accion = acciones.get(f["accion_id"])
        if accion is None:
            accion = acciones[f["accion_id"]] = Accion(f["accion"], [])
            por_id[f["riesgo_id"]].acciones.append(accion)
        accion.versiones.append(version)
    for f in fuente.todos(
        "SELECT e.*, a.numero AS accion, a.riesgo_id FROM riesgo_evidencias e JOIN riesgo_acciones a "
        f"ON a.id = e.accion_id WHERE a.riesgo_id IN ({sub}) ORDER BY e.id", params,
    ):
        if f["accion_id"] in acciones:
            acciones[f["accion_id"]].evidencias.append(Evidencia(f["documento_id"], f["nombre"], f["version"],
                                                                f["agregada"], f["agregada_por"]))
    orden = _orden_mecanismos(fuente.catalogo.raiz if isinstance(fuente, Transaccion) else fuente.raiz)
    return sorted(por_id.values(),
                  key=lambda r: (orden.get(r.mecanismo, len(orden)), r.mecanismo, _numero_codigo(r.codigo)))


def _numero_codigo(codigo: str) -> int:
    m = _CODIGO.match(codigo)
    return int(m[2]) if m else 0


def lista(fuente: Fuente, *, mecanismo: str | None = None) -> list[Riesgo]:
    """Every risk (of one mecanismo: its key, name or matrix label), ordered by mecanismo and number."""
    if mecanismo is None:
        return _leer(fuente)
    raiz = fuente.catalogo.raiz if isinstance(fuente, Transaccion) else fuente.raiz
    clave = catalogo_mecanismos.cargar(raiz).mecanismo(mecanismo).clave
    return _leer(fuente, "mecanismo = ?", (clave,))


def buscar(fuente: Fuente, codigo: str) -> Riesgo | None:
    normal = normalizar_codigo(codigo)
    if normal is None:
        return None
    encontrados = _leer(fuente, "codigo = ?", (normal,))
    return encontrados[0] if encontrados else None


def obtener(fuente: Fuente, codigo: str) -> Riesgo:
    riesgo = buscar(fuente, codigo)
    if riesgo is None:
        raise NoEncontrado(_mensaje_no_existe(codigo))
    return riesgo


def _mensaje_no_existe(codigo: str) -> str:
    if normalizar_codigo(codigo) is None:
        return (f"«{codigo}» no es un identificador de riesgo: se escriben como R-CP-01 (véalos con "
                "«archivo riesgos lista»).")
    return f"No existe el riesgo {normalizar_codigo(codigo)}. Véalos con «archivo riesgos lista»."


def nombre_mecanismo(raiz: Raiz, clave: str) -> str:
    m = catalogo_mecanismos.cargar(raiz).mecanismos.get(clave)
    return m.nombre if m else clave


def etiqueta_mecanismo(raiz: Raiz, clave: str) -> str:
    m = catalogo_mecanismos.cargar(raiz).mecanismos.get(clave)
    return m.etiqueta_matriz if m else clave.upper()


# --- writing: helpers used inside one transaction ----------------------------------------------------


def _prefijo(tx: Transaccion, mecanismo: str) -> str:
    fila = tx.uno("SELECT prefijo FROM riesgos WHERE mecanismo = ? LIMIT 1", (mecanismo,))
    if fila:
        return fila[0]
    ocupados = {f[0] for f in tx.todos("SELECT DISTINCT prefijo FROM riesgos")}
    ocupados |= {p for clave, p in PREFIJOS.items() if clave != mecanismo}
    if mecanismo in PREFIJOS:
        base = PREFIJOS[mecanismo]
    else:
        partes = [p for p in mecanismo.split("-") if p]
        base = "".join(p[0] for p in partes).upper() if len(partes) > 1 else mecanismo[:2].upper()
    base = re.sub(r"[^A-Z]", "", base) or "X"
    candidato, extra = base, 0
    letras = re.sub(r"[^A-Z]", "", mecanismo.upper())
    while candidato in ocupados:
        extra += 1
        candidato = (base + letras[extra:extra + 1]) if extra < len(letras) else f"{base}{chr(64 + extra % 26)}"
        candidato = candidato[:6]
    return candidato


def _insertar_riesgo(tx: Transaccion, *, mecanismo: str, codigo: str | None = None, texto: str = "",
                     causas: str = "", efectos: str = "", area: str = "", inicio_anotado: str = "",
                     proxima_revision: str | None = None, origen: str = "captura", clave_base: str | None = None,
                     nota: str = "", creado: str | None = None, creado_por: str | None = None,
                     tratamiento: Sequence[str] = ()) -> tuple[int, str]:
    if codigo is None:
        prefijo = _prefijo(tx, mecanismo)
        numero = (tx.uno("SELECT MAX(numero) FROM riesgos WHERE prefijo = ?", (prefijo,))[0] or 0) + 1
        codigo = f"R-{prefijo}-{numero:02d}"
    else:
        m = _CODIGO.match(codigo)
        assert m is not None
        prefijo, numero = m[1], int(m[2])
    cur = tx.execute(
        "INSERT INTO riesgos (codigo, prefijo, numero, mecanismo, texto, causas, efectos, area, inicio_anotado, "
        "proxima_revision, origen, clave_base, nota, creado, creado_por, modificado) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (codigo, prefijo, numero, mecanismo, texto, causas, efectos, area, inicio_anotado, proxima_revision,
         origen, clave_base, nota, creado or tx.momento, creado_por or tx.catalogo.usuario, tx.momento),
    )
    riesgo_id = int(cur.lastrowid)
    for opcion in tratamiento:
        tx.execute("INSERT INTO riesgo_tratamientos (riesgo_id, opcion) VALUES (?, ?)", (riesgo_id, opcion))
    return riesgo_id, codigo


def _insertar_evaluacion(tx: Transaccion, riesgo_id: int, *, tipo: str, fecha: str | None,
                         probabilidad: int | None, impacto: int | None, nr_anotado: int | None = None,
                         nota: str = "", numero: int | None = None, registrada: str | None = None,
                         registrada_por: str | None = None) -> int:
    if numero is None:
        numero = (tx.uno("SELECT MAX(numero) FROM riesgo_evaluaciones WHERE riesgo_id = ?", (riesgo_id,))[0]
                  or 0) + 1
    tx.execute(
        "INSERT INTO riesgo_evaluaciones (riesgo_id, numero, tipo, fecha, probabilidad, impacto, nr_anotado, nota, "
        "registrada, registrada_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (riesgo_id, numero, tipo, fecha, probabilidad, impacto, nr_anotado, nota, registrada or tx.momento,
         registrada_por or tx.catalogo.usuario),
    )
    return numero


def _insertar_version(tx: Transaccion, accion_id: int, v: dict[str, Any]) -> int:
    version = v.get("version") or (
        tx.uno("SELECT MAX(version) FROM riesgo_accion_versiones WHERE accion_id = ?", (accion_id,))[0] or 0) + 1
    tx.execute(
        "INSERT INTO riesgo_accion_versiones (accion_id, version, fecha, descripcion, responsable, fecha_inicio, "
        "fecha_compromiso, evidencia, avance, estatus, nota, registrada, registrada_por) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (accion_id, version, _iso(v.get("fecha")), v["descripcion"], v.get("responsable") or "",
         _iso(v.get("fecha_inicio")), _iso(v.get("fecha_compromiso")), v.get("evidencia") or "",
         v.get("avance"), v.get("estatus"), v.get("nota") or "", v.get("registrada") or tx.momento,
         v.get("registrada_por") or tx.catalogo.usuario),
    )
    return version


def _nueva_accion(tx: Transaccion, riesgo_id: int, numero: int | None = None) -> tuple[int, int]:
    if numero is None:
        numero = (tx.uno("SELECT MAX(numero) FROM riesgo_acciones WHERE riesgo_id = ?", (riesgo_id,))[0] or 0) + 1
    cur = tx.execute("INSERT INTO riesgo_acciones (riesgo_id, numero) VALUES (?, ?)", (riesgo_id, numero))
    return int(cur.lastrowid), numero


def _iso(valor: Any) -> str | None:
    if valor is None or valor == "":
        return None
    if isinstance(valor, datetime):
        return valor.date().isoformat()
    if isinstance(valor, date):
        return valor.isoformat()
    return str(valor)


def _tocar(tx: Transaccion, riesgo_id: int) -> None:
    tx.execute("UPDATE riesgos SET modificado = ? WHERE id = ?", (tx.momento, riesgo_id))


def _resumen(riesgo: Riesgo) -> dict[str, Any]:
    """What the audit log keeps of a risk (section I and treatment)."""
    return {"mecanismo": riesgo.mecanismo, "riesgo": riesgo.texto, "causas": riesgo.causas,
            "efectos": riesgo.efectos, "area": riesgo.area, "tratamiento": list(riesgo.tratamiento),
            "inicio_anotado": riesgo.inicio_anotado, "proxima_revision": riesgo.proxima_revision,
            "nota": riesgo.nota}


# --- the operations --------------------------------------------------------------------------------


def alta(cat: Catalogo, *, mecanismo: str, texto: str, causas: str = "", efectos: str = "", area: str = "",
         tratamiento: Sequence[str] = (), probabilidad: Any = None, impacto: Any = None, fecha: Any = None,
         proxima_revision: Any = None, nota: str = "") -> Resultado:
    """Register a new risk (section I), optionally with its treatment options and first analysis."""
    hoy = date.today()
    r = _Revision()
    clave = r.mecanismo(cat.raiz, mecanismo, "mecanismo")
    if _vacio(texto):
        r.problema("riesgo", "falta el texto del riesgo", "descríbalo en una frase")
    opciones = r.opciones(tratamiento, "tratamiento")
    p = r.nivel(probabilidad, "probabilidad")
    i = r.nivel(impacto, "impacto")
    if _vacio(probabilidad) != _vacio(impacto):
        falta = "impacto" if _vacio(impacto) else "probabilidad"
        r.problema(falta, f"falta el {falta}: el análisis necesita probabilidad e impacto juntos")
    fecha_ev = r.fecha(fecha, "fecha", hasta=hoy) or hoy
    revision = r.fecha(proxima_revision, "proxima-revision")
    r.lanzar("No se registró el riesgo; corrija lo siguiente:")
    avisos: list[str] = []
    area = _normalizar_area(cat.raiz, area, avisos)
    assert clave is not None
    with cat.transaccion("alta de riesgo") as tx:
        rid, codigo = _insertar_riesgo(tx, mecanismo=clave, texto=texto.strip(), causas=causas.strip(),
                                       efectos=efectos.strip(), area=area, nota=nota.strip(),
                                       proxima_revision=_iso(revision), tratamiento=opciones)
        if p is not None and i is not None:
            _insertar_evaluacion(tx, rid, tipo="inherente", fecha=fecha_ev.isoformat(), probabilidad=p, impacto=i)
        riesgo = obtener(tx, codigo)
        tx.registrar("riesgo", codigo, None, {**_resumen(riesgo), "nr_inherente": riesgo.nr_inherente})
    return Resultado(riesgo, avisos + riesgo.avisos)


def editar(cat: Catalogo, codigo: str, *, texto: str | None = None, causas: str | None = None,
           efectos: str | None = None, area: str | None = None, inicio_anotado: str | None = None,
           proxima_revision: Any = None, nota: str | None = None) -> Resultado:
    """Change section I fields, the annotated start or the next review date (the audit log keeps the old ones)."""
    r = _Revision()
    riesgo = buscar(cat, codigo)
    if riesgo is None:
        r.problema("ID", _mensaje_no_existe(codigo))
    if texto is not None and _vacio(texto):
        r.problema("riesgo", "el texto del riesgo no puede quedar vacío")
    revision = r.fecha(proxima_revision, "proxima-revision")
    cambios = {k: v.strip() for k, v in (("texto", texto), ("causas", causas), ("efectos", efectos),
                                           ("inicio_anotado", inicio_anotado), ("nota", nota)) if v is not None}
    if not cambios and area is None and revision is None and not r.problemas:
        r.problema("", "no se indicó ningún cambio", "use --riesgo, --causas, --efectos, --area, "
                   "--inicio, --proxima-revision o --nota")
    r.lanzar("No se modificó el riesgo; corrija lo siguiente:")
    assert riesgo is not None
    avisos: list[str] = []
    if area is not None:
        cambios["area"] = _normalizar_area(cat.raiz, area, avisos)
    if revision is not None:
        cambios["proxima_revision"] = revision.isoformat()
    with cat.transaccion("editar riesgo") as tx:
        antes = _resumen(riesgo)
        asignaciones = ", ".join(f"{k} = ?" for k in cambios)
        tx.execute(f"UPDATE riesgos SET {asignaciones}, modificado = ? WHERE id = ?",
                   (*cambios.values(), tx.momento, riesgo.id))
        nuevo = obtener(tx, riesgo.codigo)
        tx.registrar("riesgo", riesgo.codigo, antes, _resumen(nuevo))
    return Resultado(nuevo, avisos + nuevo.avisos)


def evaluar(cat: Catalogo, codigo: str, *, probabilidad: Any, impacto: Any, tipo: str = "inherente",
            fecha: Any = None, nota: str = "", proxima_revision: Any = None) -> Resultado:
    """Add an evaluation (never replaces one): inherent = section II, residual = section IV (re-evaluation)."""
    if tipo not in TIPOS_EVALUACION:
        raise ValueError(tipo)
    hoy = date.today()
    r = _Revision()
    riesgo = buscar(cat, codigo)
    if riesgo is None:
        r.problema("ID", _mensaje_no_existe(codigo))
    p = r.nivel(probabilidad, "probabilidad", obligatorio=True)
    i = r.nivel(impacto, "impacto", obligatorio=True)
    fecha_ev = r.fecha(fecha, "fecha", hasta=hoy) or hoy
    revision = r.fecha(proxima_revision, "proxima-revision")
    if riesgo is not None and revision is not None and revision <= fecha_ev:
        r.problema("proxima-revision", "la próxima revisión debe ser posterior a la fecha de la evaluación")
    que = "la revaloración" if tipo == "residual" else "la evaluación"
    r.lanzar(f"No se registró {que}; corrija lo siguiente:")
    assert riesgo is not None
    avisos: list[str] = []
    with cat.transaccion("revaloración de riesgo" if tipo == "residual" else "evaluación de riesgo") as tx:
        numero = _insertar_evaluacion(tx, riesgo.id, tipo=tipo, fecha=fecha_ev.isoformat(), probabilidad=p,
                                      impacto=i, nota=nota.strip())
        if revision is not None:
            tx.execute("UPDATE riesgos SET proxima_revision = ? WHERE id = ?", (revision.isoformat(), riesgo.id))
        elif riesgo.proxima_revision is not None:
            # the review that was due is this evaluation; the next one has to be scheduled again
            tx.execute("UPDATE riesgos SET proxima_revision = NULL WHERE id = ?", (riesgo.id,))
            avisos.append(f"se dio por hecha la revisión programada para el {fecha_corta(riesgo.proxima_revision)}; "
                          "programe la siguiente con --proxima-revision")
        _tocar(tx, riesgo.id)
        nuevo = obtener(tx, riesgo.codigo)
        tx.registrar("evaluacion de riesgo", f"{riesgo.codigo}#{numero}", None,
                     {"tipo": tipo, "fecha": fecha_ev.isoformat(), "probabilidad": p, "impacto": i,
                      "nr": p * i if p and i else None, "proxima_revision": nuevo.proxima_revision})
    if tipo == "residual" and nuevo.nr_inherente is None:
        avisos.append("no hay un análisis (sección II) con NR para comparar la revaloración")
    return Resultado(nuevo, avisos + nuevo.avisos)


def revaluar(cat: Catalogo, codigo: str, **datos: Any) -> Resultado:
    """Section IV: the residual risk after treatment. Adds a row; the previous evaluations remain."""
    return evaluar(cat, codigo, tipo="residual", **datos)


def tratar(cat: Catalogo, codigo: str, opciones: Sequence[str], *, inicio_anotado: str | None = None) -> Resultado:
    """Set the treatment options (section III): any of the five, several at once."""
    r = _Revision()
    riesgo = buscar(cat, codigo)
    if riesgo is None:
        r.problema("ID", _mensaje_no_existe(codigo))
    elegidas = r.opciones(opciones, "tratamiento")
    if not separar_opciones(opciones):
        r.problema("tratamiento", "falta al menos una opción", "opciones válidas: " + ", ".join(OPCIONES))
    r.lanzar("No se registró el tratamiento; corrija lo siguiente:")
    assert riesgo is not None
    with cat.transaccion("tratamiento de riesgo") as tx:
        antes = _resumen(riesgo)
        tx.execute("DELETE FROM riesgo_tratamientos WHERE riesgo_id = ?", (riesgo.id,))
        for o in elegidas:
            tx.execute("INSERT INTO riesgo_tratamientos (riesgo_id, opcion) VALUES (?, ?)", (riesgo.id, o))
        if inicio_anotado is not None:
            tx.execute("UPDATE riesgos SET inicio_anotado = ? WHERE id = ?", (inicio_anotado.strip(), riesgo.id))
        _tocar(tx, riesgo.id)
        nuevo = obtener(tx, riesgo.codigo)
        tx.registrar("riesgo", riesgo.codigo, antes, _resumen(nuevo))
    return Resultado(nuevo, nuevo.avisos)


@dataclass
class ResultadoAccion:
    riesgo: Riesgo
    accion: Accion
    avisos: list[str] = field(default_factory=list)


def accion(cat: Catalogo, codigo: str, *, numero: int | None = None, descripcion: str | None = None,
           responsable: str | None = None, fecha_inicio: Any = None, fecha_compromiso: Any = None,
           evidencia: str | None = None, avance: Any = None, estatus: str | None = None, nota: str = "",
           fecha: Any = None) -> ResultadoAccion:
    """Add an action (``numero`` None) or record an update of action ``numero`` (a new version; none is lost).

    A new action needs descripción, responsable and fecha compromiso (inicio defaults to ``fecha``, today).
    """
    hoy = date.today()
    r = _Revision()
    riesgo = buscar(cat, codigo)
    if riesgo is None:
        r.problema("ID", _mensaje_no_existe(codigo))
    anterior: Accion | None = None
    if riesgo is not None and numero is not None:
        anterior = next((a for a in riesgo.acciones if a.numero == numero), None)
        if anterior is None:
            existentes = ", ".join(str(a.numero) for a in riesgo.acciones) or "ninguna"
            r.problema("numero", f"el riesgo {riesgo.codigo} no tiene la acción {numero}",
                       f"acciones registradas: {existentes}; omita --numero para agregar una")
    corte = r.fecha(fecha, "fecha", hasta=hoy) or hoy
    inicio = r.fecha(fecha_inicio, "inicio")
    compromiso = r.fecha(fecha_compromiso, "compromiso")
    pct = r.avance(avance, "avance")
    est = r.estatus(estatus, "estatus")
    if numero is None:
        if _vacio(descripcion):
            r.problema("descripcion", "falta la descripción de la acción")
        if _vacio(responsable):
            r.problema("responsable", "falta quién es responsable de la acción", "p. ej. CSPE o un nombre")
        if _vacio(fecha_compromiso):
            r.problema("compromiso", "falta la fecha compromiso", "escríbala como 2025-06-30 o 30/06/2025")
    else:
        for campo, valor in (("descripcion", descripcion), ("responsable", responsable)):
            if valor is not None and _vacio(valor):
                r.problema(campo, f"la {'descripción' if campo == 'descripcion' else 'persona responsable'} "
                           "no puede quedar vacía")
        if all(v is None for v in (descripcion, responsable, fecha_inicio, fecha_compromiso, evidencia, avance,
                                   estatus)) and not nota.strip():
            r.problema("", "no se indicó ningún cambio de la acción",
                       "use --avance, --estatus, --evidencia, --compromiso, --responsable, --descripcion o --nota")
    previa = anterior.actual if anterior else None
    nueva: dict[str, Any] = {
        "fecha": corte,
        "descripcion": (descripcion.strip() if descripcion is not None else previa.descripcion if previa else ""),
        "responsable": (responsable.strip() if responsable is not None else previa.responsable if previa else ""),
        "fecha_inicio": _iso(inicio) if inicio else (previa.fecha_inicio if previa else corte.isoformat()),
        "fecha_compromiso": _iso(compromiso) if compromiso else (previa.fecha_compromiso if previa else None),
        "evidencia": (evidencia.strip() if evidencia is not None else previa.evidencia if previa else ""),
        "avance": pct if pct is not None else (previa.avance if previa else 0),
        "nota": nota.strip(),
    }
    if est == "concluida" and pct is None:
        nueva["avance"] = 100
    nueva["estatus"] = est or _estatus_por_avance(nueva["avance"], previa.estatus if previa else None) or "sin iniciar"
    # the resulting state must be coherent too: reported together with the problems above
    _validar_version(r, nueva, {"fecha_compromiso": "compromiso", "avance": "avance", "estatus": "estatus"})
    r.lanzar("No se registró la acción; corrija lo siguiente:" if numero is None
             else "No se actualizó la acción; corrija lo siguiente:")
    assert riesgo is not None
    avisos: list[str] = []
    if previa and previa.avance is not None and nueva["avance"] is not None and nueva["avance"] < previa.avance:
        avisos.append(f"el avance baja de {previa.avance} % a {nueva['avance']} %; quedan ambos en el historial")
    with cat.transaccion("acción de riesgo" if numero is None else "actualización de acción de riesgo") as tx:
        if anterior is None:
            accion_id, numero = _nueva_accion(tx, riesgo.id)
        else:
            accion_id = tx.uno("SELECT id FROM riesgo_acciones WHERE riesgo_id = ? AND numero = ?",
                               (riesgo.id, numero))[0]
        version = _insertar_version(tx, accion_id, nueva)
        _tocar(tx, riesgo.id)
        nuevo = obtener(tx, riesgo.codigo)
        tx.registrar("accion de riesgo", f"{riesgo.codigo}/A{numero}",
                     asdict(previa) if previa else None, {**{k: _iso(v) if isinstance(v, date) else v
                                                             for k, v in nueva.items()}, "version": version})
    hecha = next(a for a in nuevo.acciones if a.numero == numero)
    if hecha.vencida(hoy):
        avisos.append(f"la acción está vencida: su fecha compromiso fue el {fecha_corta(hecha.actual.fecha_compromiso)}")
    return ResultadoAccion(nuevo, hecha, avisos)


# Evidence files: what an office keeps as proof of an action (scans, oficios, spreadsheets, photos).
TIPOS_EVIDENCIA = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "png": ".png", "jpeg": ".jpg"}
MAX_EVIDENCIA = 25 * 1024 * 1024


def tipo_evidencia(datos: bytes) -> str | None:
    """What an evidence file is, by its content (never by its name): pdf, docx, xlsx, png, jpeg, or None."""
    import zipfile

    if datos.startswith(b"%PDF-") or b"%PDF-" in datos[:1024]:
        return "pdf"
    if datos.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if datos.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if datos.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(datos)) as z:
                entradas = z.infolist()
                nombres = {e.filename for e in entradas}
                # a real Word or Excel file unpacks to a few times its size; refuse a «zip bomb»
                if sum(e.file_size for e in entradas) > 100 * max(len(datos), 1024 * 1024):
                    return None
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in nombres:
            return "docx"
        if "xl/workbook.xml" in nombres:
            return "xlsx"
    return None


def adjuntar_evidencia(cat: Catalogo, codigo: str, numero: int, nombre: str, datos: bytes, *,
                       descripcion: str = "") -> ResultadoAccion:
    """File ``datos`` (PDF, Word, Excel, PNG or JPEG, checked by content) as evidence of action ``numero`` of the
    risk: a document of the mecanismo's expediente, kept byte for byte, and a new version of the action whose
    evidencia names it (the earlier versions stay)."""
    r = _Revision()
    riesgo = buscar(cat, codigo)
    if riesgo is None:
        r.problema("ID", _mensaje_no_existe(codigo))
    anterior = next((a for a in riesgo.acciones if a.numero == numero), None) if riesgo else None
    if riesgo is not None and anterior is None:
        r.problema("numero", f"el riesgo {riesgo.codigo} no tiene la acción {numero}")
    limpio = Path(str(nombre).replace("\\", "/")).name.lstrip(".").strip()[:150] or "evidencia"
    tipo = tipo_evidencia(datos) if datos else None
    if not datos:
        r.problema("evidencia", f"«{limpio}» está vacío", "elija el archivo de la evidencia")
    elif len(datos) > MAX_EVIDENCIA:
        r.problema("evidencia", f"«{limpio}» pesa {len(datos) // (1024 * 1024)} MB; el límite es "
                   f"{MAX_EVIDENCIA // (1024 * 1024)} MB", "envíe un PDF comprimido o divídalo")
    elif tipo is None:
        r.problema("evidencia", f"«{limpio}» no es un PDF, un documento de Word o de Excel ni una imagen PNG o JPEG",
                   "guárdelo en uno de esos formatos")
    r.lanzar("No se agregó la evidencia; corrija lo siguiente:")
    assert riesgo is not None and anterior is not None and tipo is not None
    extension = TIPOS_EVIDENCIA[tipo]
    if Path(limpio).suffix.lower() not in ({extension, ".jpeg"} if tipo == "jpeg" else {extension}):
        limpio = f"{Path(limpio).stem or 'evidencia'}{extension}"
    previa = anterior.actual
    texto = descripcion.strip() or f"archivo «{limpio}»"
    with cat.transaccion("evidencia de acción de riesgo") as tx:
        expediente = exps.asegurar(tx, "mecanismo", riesgo.mecanismo,
                                   f"Administración de riesgos: {nombre_mecanismo(cat.raiz, riesgo.mecanismo)}")
        doc = documentos.emitir_en(
            tx, tipo="evidencia", asunto=f"Evidencia de la acción A{numero} del riesgo {riesgo.codigo}: {limpio}",
            expediente=expediente, construir=lambda _folio: datos, serie=None, extension=extension,
            nombre_archivo=limpio, estado="importado", origen="importado")
        accion_id = tx.uno("SELECT id FROM riesgo_acciones WHERE riesgo_id = ? AND numero = ?",
                           (riesgo.id, numero))[0]
        nueva = {**asdict(previa), "version": None, "fecha": date.today().isoformat(), "registrada": None,
                 "registrada_por": None, "nota": "",
                 "evidencia": f"{previa.evidencia}; {texto}" if previa.evidencia else texto}
        version = _insertar_version(tx, accion_id, nueva)
        tx.execute("INSERT INTO riesgo_evidencias (accion_id, version, documento_id, nombre, agregada, "
                   "agregada_por) VALUES (?, ?, ?, ?, ?, ?)",
                   (accion_id, version, doc.id, limpio, tx.momento, tx.catalogo.usuario))
        _tocar(tx, riesgo.id)
        nuevo = obtener(tx, riesgo.codigo)
        tx.registrar("accion de riesgo", f"{riesgo.codigo}/A{numero}", {"evidencia": previa.evidencia},
                     {"evidencia": nueva["evidencia"], "archivo": limpio, "version": version})
    return ResultadoAccion(nuevo, next(a for a in nuevo.acciones if a.numero == numero))


# --- pending work ----------------------------------------------------------------------------------


@dataclass
class Pendiente:
    tipo: str  # 'acción vencida' | 'revisión vencida'
    riesgo: str
    mecanismo: str
    descripcion: str
    vencimiento: str
    dias_atraso: int
    responsable: str = ""
    avance: int | None = None
    estatus: str | None = None

    def como_dict(self) -> dict[str, Any]:
        return asdict(self)


def pendientes(fuente: Fuente, *, al: Any = None, mecanismo: str | None = None) -> list[Pendiente]:
    """Overdue actions (fecha compromiso passed, not concluded or cancelled) and overdue reviews, as of ``al``."""
    return pendientes_de(lista(fuente, mecanismo=mecanismo), al=al)


def pendientes_de(riesgos: Sequence[Riesgo], *, al: Any = None) -> list[Pendiente]:
    """``pendientes`` of risks already read (a page that shows the register too reads it once)."""
    corte = a_fecha(al) if al is not None else date.today()
    salida: list[Pendiente] = []
    for r in riesgos:
        if r.revision_vencida(corte):
            assert r.proxima_revision is not None
            salida.append(Pendiente("revisión vencida", r.codigo, r.mecanismo,
                                    r.texto or "(sin texto del riesgo)", r.proxima_revision,
                                    (corte - date.fromisoformat(r.proxima_revision)).days, r.area))
        for a in r.acciones:
            if a.vencida(corte):
                v = a.actual
                assert v.fecha_compromiso is not None
                salida.append(Pendiente("acción vencida", f"{r.codigo}", r.mecanismo, f"A{a.numero}. {v.descripcion}",
                                        v.fecha_compromiso, (corte - date.fromisoformat(v.fecha_compromiso)).days,
                                        v.responsable, v.avance, v.estatus))
    salida.sort(key=lambda p: (-p.dias_atraso, p.riesgo))
    return salida


# --- the seed's matrices ---------------------------------------------------------------------------

BASE = "matriz_riesgos_base.yaml"


@dataclass(frozen=True)
class FilaBase:
    clave: str
    seccion: str
    titulo: str
    area: str
    mecanismo: str
    riesgo: str | None
    analisis: dict[str, int | None]
    revaloracion: dict[str, int | None] | None
    impacto_deducido: tuple[str, ...]
    tratamiento: tuple[str, ...]
    acciones: tuple[str, ...]
    inicio: str | None
    nota: str
    celdas: dict[int, str]


@functools.cache
def matriz_base() -> tuple[str, tuple[FilaBase, ...]]:
    """(fuente, rows) of the shipped transcription of seed 004's matrices, validated."""
    origen = f"archivo/datos/{BASE}"
    datos = yaml.safe_load((resources.files("archivo") / "datos" / BASE).read_text(encoding="utf-8"))
    r = _Revision()
    filas: list[FilaBase] = []
    vistas: set[str] = set()
    for m in datos.get("matrices", []):
        for i, f in enumerate(m.get("filas", []), start=1):
            lugar = f"{origen}, matriz {m.get('seccion')}, fila {i}"
            clave = str(f.get("clave", ""))
            if not clave or clave in vistas:
                r.problema(lugar, "clave vacía o repetida")
            vistas.add(clave)
            evaluaciones: dict[str, dict[str, int | None] | None] = {}
            for seccion in ("analisis", "revaloracion"):
                bruto = f.get(seccion)
                if bruto is None:
                    evaluaciones[seccion] = None
                    continue
                evaluaciones[seccion] = {
                    "probabilidad": r.nivel(bruto.get("probabilidad"), f"{lugar}, {seccion}"),
                    "impacto": r.nivel(bruto.get("impacto"), f"{lugar}, {seccion}"),
                    "nr": bruto.get("nr"),
                }
            deducido = tuple(f.get("impacto_deducido") or ())
            for seccion in deducido:
                ev = evaluaciones.get(seccion)
                if not ev or ev["impacto"] is not None or not ev["probabilidad"] or not ev["nr"] \
                        or ev["nr"] % ev["probabilidad"] or ev["nr"] // ev["probabilidad"] not in NIVELES:
                    r.problema(lugar, f"el impacto de «{seccion}» no se puede deducir del NR anotado")
            tratamiento = r.opciones(f.get("tratamiento") or (), lugar)
            filas.append(FilaBase(
                clave=clave, seccion=str(m["seccion"]), titulo=str(m["titulo"]), area=str(m["area"]),
                mecanismo=str(f["mecanismo"]), riesgo=f.get("riesgo"),
                analisis=evaluaciones["analisis"] or {}, revaloracion=evaluaciones["revaloracion"],
                impacto_deducido=deducido, tratamiento=tratamiento,
                acciones=tuple(str(a) for a in f.get("acciones") or ()), inicio=f.get("inicio"),
                nota=" ".join(str(f.get("nota") or "").split()), celdas={int(k): str(v) for k, v in f["celdas"].items()},
            ))
    r.lanzar(f"{origen} tiene errores (es parte del programa: repórtelo):")
    return str(datos["fuente"]), tuple(filas)


@dataclass
class ResultadoBase:
    creados: list[str] = field(default_factory=list)
    existentes: list[str] = field(default_factory=list)


def cargar_base(cat: Catalogo) -> ResultadoBase:
    """Load the seed's two matrices as this archive's starting register. Running it again adds nothing."""
    fuente, filas = matriz_base()
    resultado = ResultadoBase()
    with cat.transaccion("cargar matriz de riesgos base") as tx:
        ya = {f[0]: f[1] for f in tx.todos("SELECT clave_base, codigo FROM riesgos WHERE clave_base IS NOT NULL")}
        for fila in filas:
            if fila.clave in ya:
                resultado.existentes.append(ya[fila.clave])
                continue
            rid, codigo = _insertar_riesgo(
                tx, mecanismo=fila.mecanismo, texto=fila.riesgo or "", area=fila.area,
                inicio_anotado=fila.inicio or "", origen="matriz base", clave_base=fila.clave, nota=fila.nota,
                tratamiento=fila.tratamiento,
            )
            origen_texto = f"Transcrita de la matriz {fila.seccion} del {fuente} (sin fecha de evaluación)."
            for seccion, tipo in (("analisis", "inherente"), ("revaloracion", "residual")):
                ev = fila.analisis if seccion == "analisis" else fila.revaloracion
                if not ev or all(v is None for v in ev.values()):
                    continue
                impacto, nota = ev["impacto"], origen_texto
                if seccion in fila.impacto_deducido:
                    assert ev["probabilidad"] and ev["nr"]
                    impacto = ev["nr"] // ev["probabilidad"]
                    nota += (f" Impacto {nivel_texto(impacto)} deducido del NR anotado: "
                             + ("la sección II del formato no tiene columnas de impacto y " if tipo == "inherente"
                                else "la matriz no marca el impacto y ")
                             + f"NR {ev['nr']} = probabilidad {ev['probabilidad']} × impacto {impacto}.")
                _insertar_evaluacion(tx, rid, tipo=tipo, fecha=None, probabilidad=ev["probabilidad"],
                                     impacto=impacto, nr_anotado=ev["nr"], nota=nota)
            for texto in fila.acciones:
                accion_id, _ = _nueva_accion(tx, rid)
                _insertar_version(tx, accion_id, {
                    "descripcion": texto, "avance": None, "estatus": None,
                    "nota": f"Transcrita de la matriz {fila.seccion}; la matriz no indica responsable, fechas, "
                            "evidencia ni avance.",
                })
            tx.registrar("riesgo", codigo, None, {"clave_base": fila.clave, "mecanismo": fila.mecanismo,
                                                 "riesgo": fila.riesgo, "origen": "matriz base"})
            resultado.creados.append(codigo)
    return resultado


# --- Excel: export and import without loss ----------------------------------------------------------

HOJA_RIESGOS, HOJA_EVALUACIONES, HOJA_ACCIONES, HOJA_LEAME = "Riesgos", "Evaluaciones", "Acciones", "Léame"
CALCULADO = "(calculado)"

COLUMNAS_RIESGOS = [
    ("codigo", "ID", 11), ("mecanismo", "Mecanismo", 22), ("texto", "Riesgo", 45), ("causas", "Causas", 30),
    ("efectos", "Efectos", 30), ("area", "Área", 10), ("tratamiento", "Tratamiento", 22),
    ("inicio_anotado", "Fecha de inicio anotada", 22), ("proxima_revision", "Próxima revisión", 14),
    ("origen", "Origen", 12), ("clave_base", "Renglón de la matriz base", 16), ("nota", "Nota", 40),
    ("creado", "Alta", 24), ("creado_por", "Alta por", 12),
    ("nr_inherente", f"NR inherente {CALCULADO}", 12), ("nr_residual", f"NR residual {CALCULADO}", 12),
    ("estado", f"Estado {CALCULADO}", 30),
]
COLUMNAS_EVALUACIONES = [
    ("codigo", "ID del riesgo", 11), ("numero", "No.", 5), ("tipo", "Tipo", 11), ("fecha", "Fecha", 12),
    ("probabilidad", "Probabilidad", 12), ("impacto", "Impacto", 12), ("nr_anotado", "NR anotado", 10),
    ("nota", "Nota", 50), ("registrada", "Registrada", 24), ("registrada_por", "Registrada por", 12),
    ("nr", f"NR {CALCULADO}", 10),
]
COLUMNAS_ACCIONES = [
    ("codigo", "ID del riesgo", 11), ("numero", "Acción", 7), ("version", "Versión", 7),
    ("fecha", "Fecha de actualización", 14), ("descripcion", "Descripción", 45), ("responsable", "Responsable", 18),
    ("fecha_inicio", "Fecha de inicio", 12), ("fecha_compromiso", "Fecha compromiso", 12),
    ("evidencia", "Evidencia", 30), ("avance", "% de avance", 10), ("estatus", "Estatus", 12),
    ("nota", "Nota", 40), ("registrada", "Registrada", 24), ("registrada_por", "Registrada por", 12),
]
_COLUMNAS = {HOJA_RIESGOS: COLUMNAS_RIESGOS, HOJA_EVALUACIONES: COLUMNAS_EVALUACIONES,
             HOJA_ACCIONES: COLUMNAS_ACCIONES}
_FECHAS = {"proxima_revision", "fecha", "fecha_inicio", "fecha_compromiso"}
_OBLIGATORIAS = {
    HOJA_RIESGOS: ("codigo", "mecanismo", "texto"),
    HOJA_EVALUACIONES: ("codigo", "tipo", "probabilidad", "impacto"),
    HOJA_ACCIONES: ("codigo", "numero", "descripcion"),
}

LEAME = [
    "Registro de riesgos exportado por «archivo riesgos exportar». Se vuelve a cargar con «archivo riesgos importar».",
    "Hoja Riesgos: un renglón por riesgo (secciones I y III). ID vacío = riesgo nuevo (se le asigna uno).",
    "Tratamiento: una o varias de EVITAR, REDUCIR, COMPARTIR, TRANSFERIR, ASUMIR, separadas por comas.",
    "Hoja Evaluaciones: historial de análisis (inherente, sección II) y revaloraciones (residual, sección IV).",
    "Probabilidad e impacto: ALTO (3), MEDIO (2) o BAJO (1). El NR se calcula siempre (P × I): no se escribe.",
    "Las evaluaciones registradas no se modifican: para una nueva agregue un renglón con el No. vacío.",
    "Hoja Acciones: cada renglón es una versión de una acción (PTAR). Para registrar un avance copie el último "
    "renglón de la acción, deje vacía la Versión y cambie el % de avance, el estatus o la evidencia.",
    "Acción vacía = acción nueva. Estatus: sin iniciar, en proceso, concluida o cancelada.",
    "Las columnas marcadas «(calculado)» son informativas: al importar se ignoran.",
]


def _libro_registro(riesgos: list[Riesgo], al: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    libro = Workbook()
    hojas = {HOJA_RIESGOS: libro.active}
    hojas[HOJA_RIESGOS].title = HOJA_RIESGOS
    for nombre in (HOJA_EVALUACIONES, HOJA_ACCIONES):
        hojas[nombre] = libro.create_sheet(nombre)
    renglones: dict[str, list[dict[str, Any]]] = {HOJA_RIESGOS: [], HOJA_EVALUACIONES: [], HOJA_ACCIONES: []}
    for r in riesgos:
        estado = "INCOMPLETO: falta " + "; ".join(r.faltantes) if r.incompleto else "completo"
        renglones[HOJA_RIESGOS].append({**vars(r), "tratamiento": ", ".join(r.tratamiento),
                                        "nr_inherente": r.nr_inherente, "nr_residual": r.nr_residual,
                                        "estado": estado})
        for e in r.evaluaciones:
            renglones[HOJA_EVALUACIONES].append({**e.como_dict(), "codigo": r.codigo,
                                                 "probabilidad": nivel_texto(e.probabilidad),
                                                 "impacto": nivel_texto(e.impacto)})
        for a in r.acciones:
            for v in a.versiones:
                renglones[HOJA_ACCIONES].append({**asdict(v), "codigo": r.codigo, "numero": a.numero})
    negrita, gris = Font(bold=True), PatternFill("solid", fgColor="D9D9D9")
    envolver = Alignment(vertical="top", wrap_text=True)
    for nombre, hoja in hojas.items():
        columnas = _COLUMNAS[nombre]
        for j, (_, encabezado, ancho) in enumerate(columnas, start=1):
            celda = excel.celda(hoja, 1, j, encabezado)
            celda.font, celda.fill = negrita, gris
            hoja.column_dimensions[celda.column_letter].width = ancho
        for i, datos in enumerate(renglones[nombre], start=2):
            for j, (clave, _, _) in enumerate(columnas, start=1):
                valor = datos.get(clave)
                if clave in _FECHAS and valor:
                    valor = date.fromisoformat(valor)
                celda = excel.celda(hoja, i, j, "" if valor is None else valor)
                if isinstance(valor, date):
                    celda.number_format = "dd/mm/yyyy"
                if isinstance(valor, str) and len(valor) > 30:
                    celda.alignment = envolver
        hoja.freeze_panes = "B2"
    niveles = DataValidation(type="list", formula1='"ALTO (3),MEDIO (2),BAJO (1)"', allow_blank=True)
    tipos = DataValidation(type="list", formula1='"inherente,residual"', allow_blank=True)
    estatus = DataValidation(type="list", formula1='"' + ",".join(ESTATUS) + '"', allow_blank=True)
    hojas[HOJA_EVALUACIONES].add_data_validation(niveles)
    hojas[HOJA_EVALUACIONES].add_data_validation(tipos)
    hojas[HOJA_ACCIONES].add_data_validation(estatus)
    niveles.add("E2:F5000")
    tipos.add("C2:C5000")
    estatus.add("K2:K5000")
    leame = libro.create_sheet(HOJA_LEAME)
    leame.column_dimensions["A"].width = 120
    leame.cell(row=1, column=1, value=f"Exportado el {fecha_corta(al)}.").font = negrita
    for i, linea in enumerate(LEAME, start=2):
        leame.cell(row=i, column=1, value=linea).alignment = Alignment(wrap_text=True)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def libro_registro(cat: Catalogo, *, mecanismo: str | None = None) -> bytes:
    """The register (risks, every evaluation, every action version) as the bytes of an Excel workbook."""
    return _libro_registro(lista(cat, mecanismo=mecanismo), date.today())


def exportar_xlsx(cat: Catalogo, ruta: Path | str, *, mecanismo: str | None = None,
                  reemplazar: bool = False) -> int:
    """Write the register (risks, every evaluation, every action version) to an Excel workbook."""
    ruta = Path(ruta)
    if ruta.suffix.lower() != ".xlsx":
        raise EntradaInvalida(f"El archivo de salida «{ruta.name}» debe terminar en .xlsx.")
    if ruta.exists() and not reemplazar:
        raise ArchivoError(f"Ya existe {ruta}; elija otro nombre o use --reemplazar.")
    riesgos = lista(cat, mecanismo=mecanismo)
    atomic_write_bytes(ruta, _libro_registro(riesgos, date.today()))
    return len(riesgos)


@dataclass
class ResultadoImportacion:
    creados: list[str] = field(default_factory=list)
    actualizados: list[str] = field(default_factory=list)
    evaluaciones: int = 0
    versiones: int = 0
    avisos: list[str] = field(default_factory=list)


def _normalizar_encabezado(texto: Any) -> str:
    return " ".join(plegar(texto or "").split())


def _leer_hoja(libro: Libro, nombre: str, r: _Revision) -> list[tuple[int, dict[str, tuple[Any, str]]]]:
    """Rows of a sheet as {key: (value, place)}; unknown and missing headers are problems.

    A number in a cell formatted as percentage is taken as Excel shows it (0.9 shows 90 %: 90).
    """
    try:
        tabla: Tabla = libro.tabla(nombre, estilos=True)  # a «% de avance» cell may be formatted as %
    except EntradaInvalida as e:
        r.problemas.extend(e.problemas or [Problema(f"{libro.nombre}, hoja «{nombre}»", e.mensaje)])
        return []
    columnas = {_normalizar_encabezado(enc): clave for clave, enc, _ in _COLUMNAS[nombre]}
    validas = ", ".join(f"«{e}»" for c, e, _ in _COLUMNAS[nombre] if not e.endswith(CALCULADO))
    encabezados = {c: e for c, e, _ in _COLUMNAS[nombre]}
    posiciones, problemas = tabla.columnas(
        lambda enc: columnas.get(_normalizar_encabezado(enc)),
        obligatorias=[(c, encabezados[c]) for c in _OBLIGATORIAS[nombre]],
        ignorar=lambda enc: _normalizar_encabezado(enc).endswith(CALCULADO),
        sugerencia=f"encabezados válidos: {validas}")
    r.problemas.extend(problemas)
    salida = []
    for fila in tabla.filas:
        datos = {}
        for clave, j in posiciones.items():
            celda = fila.celda(j)
            valor = celda.valor
            if isinstance(valor, str):
                valor = valor.strip()
            elif celda.es_porcentaje and isinstance(valor, int | float) and not isinstance(valor, bool):
                valor = round(valor * 100, 6)
            datos[clave] = (valor, celda.lugar)
        salida.append((fila.numero, datos))
    return salida


def _entero(r: _Revision, dato: tuple[Any, str] | None, que: str) -> int | None:
    if dato is None or _vacio(dato[0]):
        return None
    valor, lugar = dato
    try:
        return a_entero(valor, minimo=1)
    except ValorInvalido:
        r.problema(lugar, f"«{valor}» no es un número de {que} válido", "escriba un entero positivo")
        return None


def _texto(dato: tuple[Any, str] | None) -> str:
    if dato is None or dato[0] is None:
        return ""
    valor = dato[0]
    if isinstance(valor, float) and valor.is_integer():
        valor = int(valor)
    return str(valor).strip()


def _marca_tiempo(dato: tuple[Any, str] | None) -> str | None:
    if dato is None or _vacio(dato[0]):
        return None
    valor = dato[0]
    return valor.isoformat() if isinstance(valor, datetime) else str(valor)


def importar_xlsx(cat: Catalogo, ruta: Path | str) -> ResultadoImportacion:
    """Load a workbook written by ``exportar_xlsx`` (or filled in by hand with the same columns).

    New risks, evaluations and action versions are added; risks already registered get their section I and
    treatment updated. A registered evaluation or action version that differs is a problem (they are never
    modified). Every problem of the workbook is reported at once, with sheet, row and column; nothing is
    written if there is any.
    """
    ruta = Path(ruta)
    r = _Revision(excel=True)
    hojas: dict[str, list[tuple[int, dict[str, tuple[Any, str]]]]] = {}
    with Libro(ruta) as libro:
        for nombre in (HOJA_RIESGOS, HOJA_EVALUACIONES, HOJA_ACCIONES):
            if libro.tiene(nombre):
                hojas[nombre] = _leer_hoja(libro, nombre, r)
            elif nombre == HOJA_RIESGOS:
                falta = libro.falta_hoja(HOJA_RIESGOS)
                r.problema(falta.lugar, falta.mensaje,
                           f"{falta.sugerencia}; use un libro creado con «archivo riesgos exportar»")
            else:
                hojas[nombre] = []
    r.lanzar(f"No se importó {ruta.name}; corrija lo siguiente:")
    hoy = date.today()
    raiz = cat.raiz
    resultado = ResultadoImportacion()

    # 1. Parse every row (problems collected, nothing written yet).
    riesgos_archivo: list[dict[str, Any]] = []
    vistos: dict[str, str] = {}
    for _, d in hojas[HOJA_RIESGOS]:
        lugar_id = d["codigo"][1] if "codigo" in d else ""
        codigo_txt = _texto(d.get("codigo"))
        codigo = normalizar_codigo(codigo_txt) if codigo_txt else None
        if codigo_txt and codigo is None:
            r.problema(lugar_id, f"«{codigo_txt}» no es un identificador de riesgo", "se escriben como R-CP-01")
        if codigo and codigo in vistos:
            r.problema(lugar_id, f"el riesgo {codigo} está repetido (también en {vistos[codigo]})")
        if codigo:
            vistos[codigo] = lugar_id
        mecanismo = r.mecanismo(raiz, _texto(d.get("mecanismo")), d["mecanismo"][1]) if "mecanismo" in d else None
        origen = _texto(d.get("origen")) or "importación"
        if origen not in ORIGENES:
            r.problema(d["origen"][1], f"«{origen}» no es un origen válido", "use: " + ", ".join(ORIGENES))
        tratamiento = r.opciones([_texto(d.get("tratamiento"))], d["tratamiento"][1]) if "tratamiento" in d else ()
        revision = r.fecha(d["proxima_revision"][0], d["proxima_revision"][1]) if "proxima_revision" in d else None
        if not _texto(d.get("texto")) and origen != "matriz base":
            r.problema(d["texto"][1] if "texto" in d else lugar_id, "falta el texto del riesgo")
        riesgos_archivo.append({
            "codigo": codigo, "lugar": lugar_id, "mecanismo": mecanismo, "texto": _texto(d.get("texto")),
            "causas": _texto(d.get("causas")), "efectos": _texto(d.get("efectos")), "area": _texto(d.get("area")),
            "tratamiento": tratamiento, "inicio_anotado": _texto(d.get("inicio_anotado")),
            "proxima_revision": _iso(revision), "origen": origen, "clave_base": _texto(d.get("clave_base")) or None,
            "nota": _texto(d.get("nota")), "creado": _marca_tiempo(d.get("creado")),
            "creado_por": _texto(d.get("creado_por")) or None,
        })

    evaluaciones: dict[str, list[dict[str, Any]]] = {}
    for _, d in hojas[HOJA_EVALUACIONES]:
        codigo_txt = _texto(d.get("codigo"))
        codigo = normalizar_codigo(codigo_txt)
        if codigo is None:
            r.problema(d["codigo"][1], f"«{codigo_txt}» no es un identificador de riesgo" if codigo_txt
                       else "falta el ID del riesgo", "se escriben como R-CP-01")
        tipo = plegar(_texto(d.get("tipo")))
        if tipo not in TIPOS_EVALUACION:
            r.problema(d["tipo"][1], f"«{_texto(d.get('tipo'))}» no es un tipo de evaluación",
                       "use «inherente» (sección II) o «residual» (sección IV)")
        p = r.nivel(d["probabilidad"][0], d["probabilidad"][1])
        i = r.nivel(d["impacto"][0], d["impacto"][1])
        nr_anotado = _entero(r, d.get("nr_anotado"), "NR")
        if nr_anotado is not None and nr_anotado > 9:
            r.problema(d["nr_anotado"][1], f"un NR va de 1 a 9, no {nr_anotado}")
        if p is None and i is None and nr_anotado is None and _vacio(d["probabilidad"][0]) \
                and _vacio(d["impacto"][0]):
            r.problema(d["probabilidad"][1], "la evaluación no tiene probabilidad ni impacto", SUGERENCIA_NIVEL)
        fecha = r.fecha(d["fecha"][0], d["fecha"][1], hasta=hoy) if "fecha" in d else None
        if codigo:
            evaluaciones.setdefault(codigo, []).append({
                "numero": _entero(r, d.get("numero"), "evaluación"), "tipo": tipo, "fecha": _iso(fecha),
                "probabilidad": p, "impacto": i, "nr_anotado": nr_anotado, "nota": _texto(d.get("nota")),
                "registrada": _marca_tiempo(d.get("registrada")),
                "registrada_por": _texto(d.get("registrada_por")) or None, "lugar": d["codigo"][1],
            })

    versiones: dict[str, list[dict[str, Any]]] = {}
    for _, d in hojas[HOJA_ACCIONES]:
        codigo_txt = _texto(d.get("codigo"))
        codigo = normalizar_codigo(codigo_txt)
        if codigo is None:
            r.problema(d["codigo"][1], f"«{codigo_txt}» no es un identificador de riesgo" if codigo_txt
                       else "falta el ID del riesgo", "se escriben como R-CP-01")
        lugares = {k: d[k][1] if k in d else d["codigo"][1] for k in
                   ("fecha_compromiso", "avance", "estatus", "descripcion", "fecha_inicio", "fecha")}
        v = {
            "numero": _entero(r, d.get("numero"), "acción"), "version": _entero(r, d.get("version"), "versión"),
            "fecha": r.fecha(d["fecha"][0], lugares["fecha"], hasta=hoy) if "fecha" in d else None,
            "descripcion": _texto(d.get("descripcion")), "responsable": _texto(d.get("responsable")),
            "fecha_inicio": r.fecha(d["fecha_inicio"][0], lugares["fecha_inicio"]) if "fecha_inicio" in d else None,
            "fecha_compromiso": (r.fecha(d["fecha_compromiso"][0], lugares["fecha_compromiso"])
                                 if "fecha_compromiso" in d else None),
            "evidencia": _texto(d.get("evidencia")),
            "avance": r.avance(d["avance"][0], lugares["avance"]) if "avance" in d else None,
            "estatus": r.estatus(d["estatus"][0], lugares["estatus"]) if "estatus" in d else None,
            "nota": _texto(d.get("nota")), "registrada": _marca_tiempo(d.get("registrada")),
            "registrada_por": _texto(d.get("registrada_por")) or None, "lugar": d["codigo"][1],
        }
        if not v["descripcion"]:
            r.problema(lugares["descripcion"], "falta la descripción de la acción")
        if v["estatus"] is None and v["avance"] is not None:
            v["estatus"] = _estatus_por_avance(v["avance"])
        _validar_version(r, {k: _iso(x) if isinstance(x, date) else x for k, x in v.items()}, lugares)
        if codigo:
            versiones.setdefault(codigo, []).append(v)

    # 2. Check against the register (problems join those of step 1) and write, in one transaction.
    with cat.transaccion(f"importar riesgos de {ruta.name}") as tx:
        actuales = {x.codigo: x for x in _leer(tx)}
        en_archivo = {x["codigo"] for x in riesgos_archivo if x["codigo"]}
        bases = {f[0]: f[1] for f in tx.todos("SELECT clave_base, codigo FROM riesgos WHERE clave_base IS NOT NULL")}
        for x in riesgos_archivo:
            actual = actuales.get(x["codigo"]) if x["codigo"] else None
            if actual is not None and x["mecanismo"] and actual.mecanismo != x["mecanismo"]:
                r.problema(x["lugar"], f"{actual.codigo} es del mecanismo {actual.mecanismo}, no de {x['mecanismo']}")
            if actual is None and x["codigo"] and x["mecanismo"]:
                prefijo = _CODIGO.match(x["codigo"])[1]
                esperado = _prefijo(tx, x["mecanismo"])
                if prefijo != esperado:
                    r.problema(x["lugar"], f"los riesgos de {x['mecanismo']} se identifican como R-{esperado}-NN, "
                               f"no {x['codigo']}", "deje el ID vacío para que se asigne uno")
            if x["clave_base"] and x["clave_base"] in bases and bases[x["clave_base"]] != x["codigo"]:
                r.problema(x["lugar"], f"el renglón «{x['clave_base']}» de la matriz base ya está registrado como "
                           f"{bases[x['clave_base']]}")
        for codigo, lista_ev in list(evaluaciones.items()) + list(versiones.items()):
            if codigo not in actuales and codigo not in en_archivo:
                r.problema(lista_ev[0]["lugar"], f"el riesgo {codigo} no existe ni está en la hoja «{HOJA_RIESGOS}»")
        _revisar_historial(r, actuales, evaluaciones, versiones)
        r.lanzar(f"No se importó {ruta.name}; corrija lo siguiente:")

        ids: dict[str, int] = {c: x.id for c, x in actuales.items()}
        cambiados: set[str] = set()
        for x in riesgos_archivo:
            actual = actuales.get(x["codigo"]) if x["codigo"] else None
            avisos_area: list[str] = []
            area = _normalizar_area(raiz, x["area"], avisos_area)
            if actual is None or actual.area != area:
                resultado.avisos.extend(a for a in avisos_area if a not in resultado.avisos)
            if actual is None:
                rid, codigo = _insertar_riesgo(
                    tx, mecanismo=x["mecanismo"], codigo=x["codigo"], texto=x["texto"], causas=x["causas"],
                    efectos=x["efectos"], area=area, inicio_anotado=x["inicio_anotado"],
                    proxima_revision=x["proxima_revision"], origen=x["origen"], clave_base=x["clave_base"],
                    nota=x["nota"], creado=x["creado"], creado_por=x["creado_por"], tratamiento=x["tratamiento"],
                )
                ids[codigo] = rid
                resultado.creados.append(codigo)
                tx.registrar("riesgo", codigo, None, {k: v for k, v in x.items() if k != "lugar"})
                continue
            nuevos = {"texto": x["texto"], "causas": x["causas"], "efectos": x["efectos"], "area": area,
                      "inicio_anotado": x["inicio_anotado"], "proxima_revision": x["proxima_revision"],
                      "nota": x["nota"]}
            antes = _resumen(actual)
            cambia = {k: v for k, v in nuevos.items() if getattr(actual, k) != v}
            if cambia:
                tx.execute(f"UPDATE riesgos SET {', '.join(f'{k} = ?' for k in cambia)} WHERE id = ?",
                           (*cambia.values(), actual.id))
            if tuple(x["tratamiento"]) != actual.tratamiento:
                cambia["tratamiento"] = x["tratamiento"]
                tx.execute("DELETE FROM riesgo_tratamientos WHERE riesgo_id = ?", (actual.id,))
                for o in x["tratamiento"]:
                    tx.execute("INSERT INTO riesgo_tratamientos (riesgo_id, opcion) VALUES (?, ?)", (actual.id, o))
            if cambia:
                _tocar(tx, actual.id)
                resultado.actualizados.append(actual.codigo)
                tx.registrar("riesgo", actual.codigo, antes, {**antes, **cambia})
        for codigo, lista_ev in evaluaciones.items():
            existentes = {e.numero for e in actuales[codigo].evaluaciones} if codigo in actuales else set()
            for ev in sorted(lista_ev, key=lambda e: (e["numero"] is None, e["numero"] or 0)):
                if ev["numero"] in existentes:
                    continue
                numero = _insertar_evaluacion(tx, ids[codigo], tipo=ev["tipo"], fecha=ev["fecha"],
                                              probabilidad=ev["probabilidad"], impacto=ev["impacto"],
                                              nr_anotado=ev["nr_anotado"], nota=ev["nota"], numero=ev["numero"],
                                              registrada=ev["registrada"], registrada_por=ev["registrada_por"])
                resultado.evaluaciones += 1
                cambiados.add(codigo)
                tx.registrar("evaluacion de riesgo", f"{codigo}#{numero}", None,
                             {k: v for k, v in ev.items() if k != "lugar"})
        for codigo, lista_v in versiones.items():
            acciones_ids = {f["numero"]: f["id"] for f in tx.todos(
                "SELECT id, numero FROM riesgo_acciones WHERE riesgo_id = ?", (ids[codigo],))}
            existentes = {(a.numero, v.version) for a in actuales[codigo].acciones for v in a.versiones} \
                if codigo in actuales else set()
            for v in sorted(lista_v, key=lambda v: (v["numero"] is None, v["numero"] or 0,
                                                      v["version"] is None, v["version"] or 0)):
                if (v["numero"], v["version"]) in existentes:
                    continue
                if v["numero"] is None or v["numero"] not in acciones_ids:
                    accion_id, numero = _nueva_accion(tx, ids[codigo], v["numero"])
                    acciones_ids[numero] = accion_id
                else:
                    accion_id, numero = acciones_ids[v["numero"]], v["numero"]
                version = _insertar_version(tx, accion_id, v)
                resultado.versiones += 1
                cambiados.add(codigo)
                tx.registrar("accion de riesgo", f"{codigo}/A{numero}", None,
                             {k: _iso(x) if isinstance(x, date) else x for k, x in v.items() if k != "lugar"}
                             | {"version": version})
        cambiados |= set(resultado.creados) | set(resultado.actualizados)
        for x in _leer(tx):
            if x.codigo in cambiados:
                resultado.avisos.extend(f"{x.codigo}: {a}" for a in x.avisos)
    return resultado


def _revisar_historial(r: _Revision, actuales: dict[str, Riesgo], evaluaciones: dict[str, list[dict[str, Any]]],
                       versiones: dict[str, list[dict[str, Any]]]) -> None:
    """Registered evaluations and action versions may appear in the file only unchanged."""
    for codigo, lista_ev in evaluaciones.items():
        registradas = {e.numero: e for e in actuales[codigo].evaluaciones} if codigo in actuales else {}
        vistos: set[int] = set()
        for ev in lista_ev:
            n = ev["numero"]
            if n is None:
                continue
            if n in vistos:
                r.problema(ev["lugar"], f"la evaluación {n} del riesgo {codigo} está repetida")
            vistos.add(n)
            previa = registradas.get(n)
            if previa is None:
                if registradas and n <= max(registradas):
                    r.problema(ev["lugar"], f"el riesgo {codigo} no tiene evaluación {n} y no se puede intercalar",
                               "deje el No. vacío para agregarla al final")
                continue
            propia = (previa.tipo, previa.fecha, previa.probabilidad, previa.impacto, previa.nr_anotado, previa.nota)
            nueva = (ev["tipo"], ev["fecha"], ev["probabilidad"], ev["impacto"], ev["nr_anotado"], ev["nota"])
            if propia != nueva:
                r.problema(ev["lugar"], f"la evaluación {n} del riesgo {codigo} ya está registrada con otros valores; "
                           "las evaluaciones no se modifican", "agregue un renglón nuevo con el No. vacío")
    for codigo, lista_v in versiones.items():
        registradas_v = {(a.numero, v.version): v for a in actuales[codigo].acciones for v in a.versiones} \
            if codigo in actuales else {}
        vistas: set[tuple[int, int]] = set()
        for v in lista_v:
            clave = (v["numero"], v["version"])
            if v["version"] is not None and v["numero"] is None:
                r.problema(v["lugar"], "una versión numerada necesita el número de su acción")
                continue
            if None in clave:
                continue
            if clave in vistas:
                r.problema(v["lugar"], f"la versión {clave[1]} de la acción {clave[0]} de {codigo} está repetida")
            vistas.add(clave)
            previa = registradas_v.get(clave)
            if previa is None:
                continue
            propia = (previa.fecha, previa.descripcion, previa.responsable, previa.fecha_inicio,
                      previa.fecha_compromiso, previa.evidencia, previa.avance, previa.estatus, previa.nota)
            nueva = (_iso(v["fecha"]), v["descripcion"], v["responsable"], _iso(v["fecha_inicio"]),
                     _iso(v["fecha_compromiso"]), v["evidencia"], v["avance"], v["estatus"], v["nota"])
            if propia != nueva:
                r.problema(v["lugar"], f"la versión {clave[1]} de la acción {clave[0]} de {codigo} ya está registrada "
                           "con otros valores; las versiones no se modifican",
                           "copie el renglón, deje la Versión vacía y cambie lo que avanzó")


# --- the audit log in words ------------------------------------------------------------------------------------

def _nombre_mecanismo_historial(clave: str) -> str:
    m = catalogo_mecanismos.cargar().mecanismos.get(clave)
    return m.nombre if m else clave


historial.registrar_entidad("riesgo", "Riesgo", valores={"mecanismo": _nombre_mecanismo_historial},
                            etiquetas={"riesgo": "Riesgo", "causas": "Causas",
                                                           "efectos": "Efectos", "tratamiento": "Tratamiento",
                                                           "nr_inherente": "NR inherente",
                                                           "inicio_anotado": "Inicio anotado"})
historial.registrar_entidad("evaluacion de riesgo", "Evaluación de riesgo", etiquetas={"nr": "NR"},
                            valores={"probabilidad": nivel_texto, "impacto": nivel_texto,
                                     "tipo": lambda t: {"inherente": "análisis (sección II)",
                                                        "residual": "revaloración (sección IV)"}.get(t, t)})
historial.registrar_entidad("accion de riesgo", "Acción de riesgo", etiquetas={"archivo": "Archivo de evidencia"},
                            valores={"avance": lambda v: f"{v} %"})


# --- what needs attention (the portal's tablero) ------------------------------------------------------------

def _pendientes_tablero(cat: Catalogo, hoy: date) -> list[pendientes_base.Pendiente]:
    return [pendientes_base.Pendiente(
        f"{p.riesgo}: {p.tipo} — {p.descripcion}", "riesgo", p.riesgo, p.vencimiento, True,
        f"venció hace {p.dias_atraso} día{'s' if p.dias_atraso != 1 else ''}" + (f" · {p.responsable}" if p.responsable
                                                                                    else ""))
        for p in pendientes(cat, al=hoy)]


pendientes_base.registrar(pendientes_base.Seccion(
    "riesgos", "Riesgos: acciones y revisiones vencidas", _pendientes_tablero, orden=30,
    vacio="No hay acciones ni revisiones de riesgos vencidas."))
