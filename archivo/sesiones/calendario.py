"""Options of archivo.toml's ``[sesiones]`` table, the deadline for sending a session's documents (N días
hábiles before it, ``plazo``) and the annual calendar of ordinary sessions (seed 002 §4: March, June, September,
December) (``calendario``).
"""

from __future__ import annotations

import calendar as _calendario
from dataclasses import dataclass
from datetime import date
from typing import Any

from archivo.base import formato
from archivo.base.catalogo import Catalogo
from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.raiz import Raiz

# --- deadline and calendar ------------------------------------------------------------------------
from archivo.sesiones.opciones import ORGANOS
from archivo.sesiones.registro import Sesion, insertar, lista, nombre_sesion


@dataclass
class Plazo:
    """The deadline for sending a session's documents: ``dias`` días hábiles before the session."""

    fecha_sesion: date
    dias: int
    fecha_limite: date
    restantes: int | None  # días hábiles from today to the deadline; negative when it has passed

    @property
    def texto(self) -> str:
        unidad = "día hábil" if self.dias == 1 else "días hábiles"
        base = f"a más tardar el {formato.fecha_con_dia(self.fecha_limite)} ({self.dias} {unidad} antes de la sesión)"
        if self.restantes is None:
            return base
        if self.restantes > 0:
            return base + (f"; falta {self.restantes} día hábil" if self.restantes == 1
                           else f"; faltan {self.restantes} días hábiles")
        if self.restantes == 0:
            return base + "; vence hoy"
        vencido = -self.restantes
        return base + f"; venció hace {vencido} {'día hábil' if vencido == 1 else 'días hábiles'}"

    def como_dict(self) -> dict[str, Any]:
        return {"fecha_sesion": self.fecha_sesion.isoformat(), "dias_habiles": self.dias,
                "fecha_limite": self.fecha_limite.isoformat(), "dias_habiles_restantes": self.restantes,
                "texto": self.texto}


def plazo(raiz: Raiz, ses: Sesion, *, hoy: date | None = None) -> Plazo:
    """Deadline for sending the documents of ``ses`` (institution's inhábiles and Mexican holidays excluded).

    ``restantes`` is computed only for a programada session (counted from ``hoy``, default today).
    """
    dias = raiz.config.sesiones.anticipacion[(ses.organo, ses.tipo)]
    inhabiles = tuple(raiz.config.dias_inhabiles)
    fecha_sesion = formato.a_fecha(ses.fecha)
    limite = formato.sumar_dias_habiles(fecha_sesion, -dias, inhabiles)
    restantes = None
    if ses.estado == "programada":
        restantes = formato.dias_habiles_entre(hoy or date.today(), limite, inhabiles)
    return Plazo(fecha_sesion, dias, limite, restantes)


def fecha_calendario(anio: int, mes: int, dia_semana: int, inhabiles: tuple[str, ...] = ()) -> date:
    """The last ``dia_semana`` (0 = lunes) of the month that is a día hábil; the last día hábil if none is."""
    ultimo = _calendario.monthrange(anio, mes)[1]
    dias = [date(anio, mes, d) for d in range(ultimo, 0, -1)]
    for d in dias:
        if d.weekday() == dia_semana and formato.es_habil(d, inhabiles):
            return d
    for d in dias:
        if formato.es_habil(d, inhabiles):
            return d
    return dias[0]


@dataclass
class FilaCalendario:
    mes: int
    fecha: date
    numero: int
    nombre: str
    sesion_id: int | None
    situacion: str  # "nueva" (created now), "propuesta" (preview) or "existente"

    def como_dict(self) -> dict[str, Any]:
        return {"mes": self.mes, "mes_nombre": formato.MESES[self.mes - 1], "fecha": self.fecha.isoformat(),
                "numero": self.numero, "nombre": self.nombre, "sesion_id": self.sesion_id,
                "situacion": self.situacion}


def calendario(cat: Catalogo, anio: int, organo: str, *, crear: bool = True) -> list[FilaCalendario]:
    """The year's ordinary sessions of ``organo``: one per configured month (default March, June, September,
    December) on the last configured weekday hábil of the month.

    Months that already have an ordinary session keep it. New sessions are numbered by their place in the
    year among all the ordinary sessions; if that number is taken, nothing is created and every clash is
    reported. With ``crear=False`` nothing is written (a preview).
    """
    if organo not in ORGANOS:
        raise EntradaInvalida(f"«{organo}» no es un órgano; use comision o consejo.")
    if not 2000 <= anio <= 2100:
        raise EntradaInvalida(f"El año {anio} está fuera de rango.")
    config = cat.raiz.config.sesiones
    inhabiles = tuple(cat.raiz.config.dias_inhabiles)
    existentes = lista(cat, anio=anio, organo=organo, tipo="ordinaria")
    por_mes = {}
    for s in existentes:
        por_mes.setdefault(formato.a_fecha(s.fecha).month, s)
    propuestas = [(m, fecha_calendario(anio, m, config.dia_calendario[organo], inhabiles))
                  for m in config.meses_ordinarias[organo] if m not in por_mes]
    orden = sorted([(formato.a_fecha(s.fecha), "existente", s) for s in existentes]
                   + [(f, "propuesta", m) for m, f in propuestas], key=lambda x: x[0])
    numeros_usados = {s.numero: s for s in existentes}
    filas: list[FilaCalendario] = []
    problemas: list[Problema] = []
    for posicion, (fecha, clase, objeto) in enumerate(orden, start=1):
        if clase == "propuesta":
            ocupada = numeros_usados.get(posicion)
            if ocupada:
                problemas.append(Problema(
                    f"{formato.MESES[objeto - 1]} de {anio}",
                    f"le correspondería ser la {nombre_sesion(posicion, 'ordinaria', anio).lower()}, pero ese número "
                    f"ya lo tiene la sesión {ocupada.id} del {formato.fecha_larga(ocupada.fecha)}",
                    f"regístrela a mano con «archivo sesion nueva --organo {organo} --tipo ordinaria --fecha "
                    f"{fecha.isoformat()} --numero N»"))
            filas.append(FilaCalendario(objeto, fecha, posicion, nombre_sesion(posicion, "ordinaria", anio), None,
                                        "propuesta"))
    for mes, s in por_mes.items():
        filas.append(FilaCalendario(mes, formato.a_fecha(s.fecha), s.numero, s.nombre, s.id, "existente"))
    filas.sort(key=lambda f: (f.fecha, f.numero))
    if problemas:
        raise EntradaInvalida(f"No se generó el calendario de {anio}: {len(problemas)} sesión(es) no caben en la "
                              "numeración actual:", problemas)
    if crear and any(f.situacion == "propuesta" for f in filas):
        with cat.transaccion("generar calendario de sesiones") as tx:
            for f in filas:
                if f.situacion == "propuesta":
                    ses = insertar(tx, organo, "ordinaria", f.fecha, f.numero, config.hora, config.lugar,
                                    "calendario")
                    f.sesion_id, f.situacion = ses.id, "nueva"
    return filas


