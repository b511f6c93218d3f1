"""Procedures: one run of a mecanismo (a Concurso Público, an encargo de despacho…), with its expediente and the
checklist of its steps as the procedures manual lays them out (a snapshot taken when it is opened)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archivo import mecanismos as mec
from archivo.archivistica import expedientes as exps
from archivo.base import pendientes
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.formato import dias_habiles_entre
from archivo.base.valores import a_id

ESTADOS_PASO = ("pendiente", "en curso", "hecho")


@dataclass
class PasoProcedimiento:
    cvo: int
    accion: str
    responsable: str
    insumos: list[str]
    salidas: list[str]
    estado: str
    iniciado: str | None
    iniciado_por: str | None
    hecho: str | None
    hecho_por: str | None
    nota: str | None

    def como_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Procedimiento:
    id: int
    mecanismo: str
    mecanismo_nombre: str
    tipo: str
    tipo_nombre: str
    titulo: str
    estado: str
    abierto: str
    abierto_por: str
    concluido: str | None
    expediente_id: int | None
    personas: list[str] = field(default_factory=list)
    pasos: list[PasoProcedimiento] = field(default_factory=list)

    @property
    def avance(self) -> str:
        hechos = sum(1 for p in self.pasos if p.estado == "hecho")
        return f"{hechos}/{len(self.pasos)}"

    def paso(self, cvo: int) -> PasoProcedimiento:
        for p in self.pasos:
            if p.cvo == cvo:
                return p
        existentes = ", ".join(str(p.cvo) for p in self.pasos)
        raise NoEncontrado(f"El procedimiento {self.id} no tiene el paso {cvo}. Pasos: {existentes}.")

    def como_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "pasos"}
        d["avance"] = self.avance
        d["pasos"] = [p.como_dict() for p in self.pasos]
        return d


def _cargar(cat: Catalogo | Transaccion, fila: Any) -> Procedimiento:
    catalogo = mec.cargar(cat.catalogo.raiz if isinstance(cat, Transaccion) else cat.raiz)
    try:
        mecanismo_nombre = catalogo.mecanismos[fila["mecanismo"]].nombre
    except KeyError:
        mecanismo_nombre = fila["mecanismo"]
    try:
        tipo_nombre = catalogo.tipos[fila["tipo"]].nombre
    except KeyError:
        tipo_nombre = fila["tipo"]
    pasos = [
        PasoProcedimiento(p["cvo"], p["accion"], p["responsable"], json.loads(p["insumos"]), json.loads(p["salidas"]),
                          p["estado"], p["iniciado"], p["iniciado_por"], p["hecho"], p["hecho_por"], p["nota"])
        for p in cat.todos("SELECT * FROM pasos WHERE procedimiento_id = ? ORDER BY cvo", (fila["id"],))
    ]
    personas = [r[0] for r in cat.todos(
        "SELECT persona_clave FROM procedimiento_personas WHERE procedimiento_id = ? ORDER BY persona_clave",
        (fila["id"],))]
    return Procedimiento(fila["id"], fila["mecanismo"], mecanismo_nombre, fila["tipo"], tipo_nombre, fila["titulo"],
                         fila["estado"], fila["abierto"], fila["abierto_por"], fila["concluido"],
                         fila["expediente_id"], personas, pasos)


def obtener(cat: Catalogo | Transaccion, procedimiento_id: int | str) -> Procedimiento:
    pid = a_id(procedimiento_id)
    if pid is None and not str(procedimiento_id).strip().lstrip("#").isdecimal():
        raise EntradaInvalida(f"«{procedimiento_id}» no es un número de procedimiento.")
    fila = cat.uno("SELECT * FROM procedimientos WHERE id = ?", (pid,)) if pid is not None else None
    if fila is None:
        raise NoEncontrado(f"No existe el procedimiento {pid or procedimiento_id}. "
                           "Consulte «archivo procedimiento lista».")
    return _cargar(cat, fila)


def lista(cat: Catalogo, *, mecanismo: str | None = None, estado: str | None = None,
          persona: str | None = None) -> list[Procedimiento]:
    condiciones, params = [], []
    if mecanismo:
        condiciones.append("mecanismo = ?")
        params.append(mec.cargar(cat.raiz).mecanismo(mecanismo).clave)
    if estado:
        condiciones.append("estado = ?")
        params.append(estado)
    if persona:
        condiciones.append("id IN (SELECT procedimiento_id FROM procedimiento_personas WHERE persona_clave = ?)")
        params.append(persona)
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    return [_cargar(cat, f) for f in cat.todos(f"SELECT * FROM procedimientos{donde} ORDER BY id", params)]


def resumen(cat: Catalogo, *, mecanismo: str | None = None, estado: str | None = None) -> list[dict[str, Any]]:
    """The procedures without their steps (one query, for lists): id, titulo, mecanismo and tipo with their names,
    estado, abierto, and avance «hechos/total»."""
    catalogo = mec.cargar(cat.raiz)
    condiciones, params = [], []
    if mecanismo:
        condiciones.append("p.mecanismo = ?")
        params.append(catalogo.mecanismo(mecanismo).clave)
    if estado:
        condiciones.append("p.estado = ?")
        params.append(estado)
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    filas = cat.todos(
        "SELECT p.id, p.mecanismo, p.tipo, p.titulo, p.estado, p.abierto, p.concluido, "
        "(SELECT COUNT(*) FROM pasos s WHERE s.procedimiento_id = p.id AND s.estado = 'hecho') AS hechos, "
        f"(SELECT COUNT(*) FROM pasos s WHERE s.procedimiento_id = p.id) AS pasos FROM procedimientos p{donde} "
        "ORDER BY p.id", params)
    salida = []
    for f in filas:
        m = catalogo.mecanismos.get(f["mecanismo"])
        t = catalogo.tipos.get(f["tipo"])
        salida.append(dict(f) | {"mecanismo_nombre": m.nombre if m else f["mecanismo"],
                                 "tipo_nombre": t.nombre if t else f["tipo"], "avance": f"{f['hechos']}/{f['pasos']}"})
    return salida


def resolver_tipo(catalogo: mec.CatalogoMecanismos, mecanismo: str,
                  tipo: str | None) -> tuple[mec.Mecanismo, mec.TipoProcedimiento]:
    """The (mecanismo, procedure type) a user means by ``mecanismo`` and an optional ``tipo``."""
    m = catalogo.mecanismo(mecanismo)
    if tipo:
        t = catalogo.tipo(tipo)
        if t.clave not in m.procedimientos:
            opciones = ", ".join(m.procedimientos)
            raise EntradaInvalida(f"El mecanismo «{m.nombre}» no tiene el tipo de procedimiento «{t.clave}»; "
                                  f"tipos: {opciones}.")
        return m, t
    if len(m.procedimientos) != 1:
        opciones = "; ".join(f"{c} ({catalogo.tipos[c].nombre})" for c in m.procedimientos)
        raise EntradaInvalida(f"El mecanismo «{m.nombre}» tiene varios tipos de procedimiento; indique uno con "
                              f"--tipo: {opciones}.")
    return m, catalogo.tipos[m.procedimientos[0]]


def abrir(cat: Catalogo, mecanismo: str, titulo: str, *, tipo: str | None = None,
          personas: list[str] | None = None, fecha: date | None = None, area: str | None = None) -> Procedimiento:
    """Open a procedure with its expediente and its checklist of steps."""
    with cat.transaccion("abrir procedimiento") as tx:
        proc = abrir_en(tx, mecanismo, titulo, tipo=tipo, personas=personas, fecha=fecha, area=area)
    return obtener(cat, proc.id)


def abrir_en(tx: Transaccion, mecanismo: str, titulo: str, *, tipo: str | None = None,
             personas: list[str] | None = None, fecha: date | None = None, area: str | None = None) -> Procedimiento:
    """``abrir`` inside the caller's transaction (a capability that opens a procedure as part of its action)."""
    titulo = (titulo or "").strip()
    if not titulo:
        raise EntradaInvalida("El procedimiento necesita un título, p. ej. \"Concurso Público 2025\".")
    cat = tx.catalogo
    catalogo = mec.cargar(cat.raiz)
    m, t = resolver_tipo(catalogo, mecanismo, tipo)
    personas = list(dict.fromkeys(personas or []))
    faltan = [p for p in personas if not tx.uno("SELECT 1 FROM personas WHERE clave = ?", (p,))]
    if faltan:
        raise NoEncontrado(f"No existen en el padrón: {', '.join(faltan)}.")
    cur = tx.execute("INSERT INTO procedimientos (mecanismo, tipo, titulo, abierto, abierto_por) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (m.clave, t.clave, titulo, fecha.isoformat() if fecha else tx.momento, cat.usuario))
    pid = int(cur.lastrowid)
    tx.conn.executemany(
        "INSERT INTO pasos (procedimiento_id, cvo, accion, responsable, insumos, salidas) VALUES (?, ?, ?, ?, ?, ?)",
        [(pid, p.cvo, p.accion, p.responsable, json.dumps(list(p.insumos), ensure_ascii=False),
          json.dumps(list(p.salidas), ensure_ascii=False)) for p in t.pasos])
    tx.conn.executemany("INSERT INTO procedimiento_personas (procedimiento_id, persona_clave) VALUES (?, ?)",
                        [(pid, p) for p in personas])
    exp = exps.asegurar(tx, "procedimiento", str(pid), f"{m.nombre}: {titulo}", fecha=fecha, area=area,
                        nombre_carpeta=titulo, mecanismo=m.clave)
    tx.execute("UPDATE procedimientos SET expediente_id = ? WHERE id = ?", (exp.id, pid))
    tx.registrar("procedimiento", pid, None, {"mecanismo": m.clave, "tipo": t.clave, "titulo": titulo,
                                              "personas": personas, "expediente": exp.numero})
    return obtener(tx, pid)


def marcar_paso_hecho(tx: Transaccion, procedimiento_id: int, cvo: int, *, nota: str | None = None) -> bool:
    """Mark a step hecho inside the caller's transaction. Returns False if it already was."""
    fila = tx.uno("SELECT estado FROM pasos WHERE procedimiento_id = ? AND cvo = ?", (procedimiento_id, cvo))
    if fila is None:
        raise NoEncontrado(f"El procedimiento {procedimiento_id} no tiene el paso {cvo}.")
    if fila["estado"] == "hecho":
        return False
    tx.execute("UPDATE pasos SET estado = 'hecho', hecho = ?, hecho_por = ?, nota = COALESCE(?, nota), "
               "iniciado = COALESCE(iniciado, ?), iniciado_por = COALESCE(iniciado_por, ?) "
               "WHERE procedimiento_id = ? AND cvo = ?",
               (tx.momento, tx.catalogo.usuario, nota, tx.momento, tx.catalogo.usuario, procedimiento_id, cvo))
    tx.registrar("paso", f"{procedimiento_id}:{cvo}", {"estado": fila["estado"]}, {"estado": "hecho", "nota": nota},
                 accion=tx.accion)
    return True


def avanzar(cat: Catalogo, procedimiento_id: int | str, cvo: int, *, estado: str = "hecho",
            nota: str | None = None) -> Procedimiento:
    """Record a step as en curso or hecho (with who and when), or reopen it as pendiente."""
    if estado not in ESTADOS_PASO:
        raise EntradaInvalida(f"Estado «{estado}» inválido; use: {', '.join(ESTADOS_PASO)}.")
    with cat.transaccion("avanzar paso") as tx:
        proc = obtener(tx, procedimiento_id)
        if proc.estado == "concluido":
            raise ArchivoError(f"El procedimiento {proc.id} está concluido; no se modifican sus pasos.")
        paso = proc.paso(cvo)
        if paso.estado == estado:
            raise ArchivoError(f"El paso {cvo} ya está «{estado}».")
        if estado == "hecho":
            marcar_paso_hecho(tx, proc.id, cvo, nota=nota)
        elif estado == "en curso":
            tx.execute("UPDATE pasos SET estado = 'en curso', iniciado = ?, iniciado_por = ?, hecho = NULL, "
                       "hecho_por = NULL, nota = COALESCE(?, nota) WHERE procedimiento_id = ? AND cvo = ?",
                       (tx.momento, cat.usuario, nota, proc.id, cvo))
            tx.registrar("paso", f"{proc.id}:{cvo}", {"estado": paso.estado}, {"estado": estado, "nota": nota})
        else:
            tx.execute("UPDATE pasos SET estado = 'pendiente', iniciado = NULL, iniciado_por = NULL, hecho = NULL, "
                       "hecho_por = NULL, nota = COALESCE(?, nota) WHERE procedimiento_id = ? AND cvo = ?",
                       (nota, proc.id, cvo))
            tx.registrar("paso", f"{proc.id}:{cvo}", {"estado": paso.estado}, {"estado": estado, "nota": nota})
    return obtener(cat, procedimiento_id)


def concluir(cat: Catalogo, procedimiento_id: int | str, *, forzar: bool = False) -> Procedimiento:
    with cat.transaccion("concluir procedimiento") as tx:
        concluir_en(tx, procedimiento_id, forzar=forzar)
    return obtener(cat, procedimiento_id)


def concluir_en(tx: Transaccion, procedimiento_id: int | str, *, forzar: bool = False) -> None:
    """``concluir`` inside the caller's transaction."""
    proc = obtener(tx, procedimiento_id)
    if proc.estado == "concluido":
        raise ArchivoError(f"El procedimiento {proc.id} ya está concluido.")
    pendientes = [str(p.cvo) for p in proc.pasos if p.estado != "hecho"]
    if pendientes and not forzar:
        raise ArchivoError(f"Faltan pasos por concluir: {', '.join(pendientes)}. "
                           "Márquelos como hechos o use --forzar para concluir de todos modos.")
    tx.execute("UPDATE procedimientos SET estado = 'concluido', concluido = ? WHERE id = ?", (tx.momento, proc.id))
    tx.registrar("procedimiento", proc.id, {"estado": proc.estado},
                 {"estado": "concluido", "pasos_pendientes": pendientes})


def paso_para_plantilla(proc: Procedimiento, pasos_plantilla: list[str]) -> int | None:
    """The step a template's output serves in this procedure, only when the template declares exactly one step of
    this procedure's type (and the procedure has it). Otherwise None: nothing is marked by itself, the user says
    which step with ``--paso``."""
    candidatos = {int(p.split(":")[1]) for p in pasos_plantilla if p.split(":")[0] == proc.tipo}
    existentes = {p.cvo for p in proc.pasos}
    coinciden = candidatos & existentes
    return next(iter(coinciden)) if len(coinciden) == 1 else None


# --- what needs attention (the portal's tablero) ------------------------------------------------------------

def _pasos_pendientes(cat: Catalogo, hoy: date) -> list[pendientes.Pendiente]:
    """Of each open procedure: the steps en curso (with how long) and, if none, the next pending step."""
    salida = []
    inhabiles = tuple(cat.raiz.config.dias_inhabiles)
    filas = cat.todos(
        "SELECT p.id, p.titulo, s.cvo, s.accion, s.estado, s.iniciado FROM procedimientos p "
        "JOIN pasos s ON s.procedimiento_id = p.id WHERE p.estado = 'abierto' AND s.estado != 'hecho' "
        "ORDER BY p.id, s.cvo")
    por_proc: dict[int, list[Any]] = {}
    for f in filas:
        por_proc.setdefault(f["id"], []).append(f)
    for pid, pasos in por_proc.items():
        en_curso = [f for f in pasos if f["estado"] == "en curso"]
        for f in en_curso or pasos[:1]:
            if f["estado"] == "en curso" and f["iniciado"]:
                dias = dias_habiles_entre(f["iniciado"][:10], hoy, inhabiles)
                detalle = f"en curso desde hace {dias} día{'s' if dias != 1 else ''} hábil{'es' if dias != 1 else ''}"
            else:
                detalle = "siguiente paso pendiente"
            salida.append(pendientes.Pendiente(
                f"{f['titulo']}: paso {f['cvo']}. {f['accion']}", "procedimiento", str(pid),
                f["iniciado"][:10] if f["iniciado"] else None, False, detalle))
    return salida


pendientes.registrar(pendientes.Seccion(
    "pasos", "Pasos de procedimientos en curso y siguientes", _pasos_pendientes, orden=10,
    vacio="No hay procedimientos abiertos con pasos pendientes."))
