"""Sessions of the Comisión de Seguimiento del Servicio and of the Consejo General.

A session has an órgano, a type (ordinaria / extraordinaria), a number within its year ("Primera sesión ordinaria
de 2025"), a date, and an orden del día of numbered points with sub-points (1, 2, 2.1…), each with the archive
documents that go with it: attached by folio, found by search, or imported PDFs (copied into the session's
expediente). From that the module derives:

- the deadline for sending the documents: N días hábiles before the session (``plazo``);
- the annual calendar of ordinary sessions (seed 002 §4: March, June, September, December) (``calendario``);
- the orden del día as a Word document (``emitir_orden_del_dia``);
- the carpeta de sesión, one PDF filed in the session's expediente with its SHA-256 (``armar_carpeta``).

Options live in archivo.toml's optional ``[sesiones]`` table (``configuracion`` documents each one).
"""

from __future__ import annotations

import calendar as _calendario
import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archivo import carpeta as carpeta_pdf
from archivo import conversion, documentos, formato
from archivo import expedientes as exps
from archivo.catalogo import Catalogo, Transaccion
from archivo.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.fsutil import sha256_file, slug
from archivo.raiz import Raiz

ORGANOS = ("comision", "consejo")
NOMBRES_ORGANO = {
    "comision": "Comisión de Seguimiento del Servicio Profesional Electoral Nacional",
    "consejo": "Consejo General",
}
NOMBRES_CORTOS = {"comision": "Comisión", "consejo": "Consejo General"}
TIPOS = ("ordinaria", "extraordinaria")
ESTADOS = ("programada", "celebrada", "cancelada")
DIAS_SEMANA = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
EXTENSIONES_CARPETA = {".pdf"} | conversion.EXTENSIONES
MAX_NIVELES = 3  # 1, 1.1, 1.1.1
MAX_TITULO_PUNTO = 500

# Defaults of the [sesiones] table (see the README section «Sesiones»).
ANTICIPACION = {"ordinaria": 3, "extraordinaria": 1}
MESES_ORDINARIAS = (3, 6, 9, 12)
DIA_CALENDARIO = "jueves"

_NUMERO_PUNTO = re.compile(r"^\d+(\.\d+)*$")
_HORA = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")


# --- configuration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigSesiones:
    nombres: dict[str, str]                       # organo -> name printed on documents
    anticipacion: dict[tuple[str, str], int]      # (organo, tipo) -> días hábiles before the session
    meses_ordinarias: dict[str, tuple[int, ...]]  # organo -> months of the annual calendar
    dia_calendario: dict[str, int]                # organo -> weekday (0 = lunes) of calendar sessions
    hora: str
    lugar: str
    formato_pagina: str
    procesos_libreoffice: int | None  # None: as many as conversion.procesos_automaticos says


def configuracion(raiz: Raiz) -> ConfigSesiones:
    """The optional ``[sesiones]`` table of archivo.toml, validated (every problem at once).

    Keys (all optional): ``anticipacion_ordinaria`` (3), ``anticipacion_extraordinaria`` (1),
    ``meses_ordinarias`` ([3, 6, 9, 12]), ``dia_calendario`` ("jueves": the last hábil one of the month),
    ``hora`` and ``lugar`` (defaults for new sessions), ``nombre_comision``, ``nombre_consejo``,
    ``formato_pagina`` ("Página {n} de {total}"), ``procesos_libreoffice`` (automatic: one per core up to 4, one per 5 documents at least). The anticipation, months and
    weekday can be set per órgano in ``[sesiones.comision]`` / ``[sesiones.consejo]``.
    """
    datos = raiz.config.datos.get("sesiones", {})
    problemas: list[Problema] = []
    lugar = "archivo.toml, [sesiones]"
    if not isinstance(datos, dict):
        raise EntradaInvalida(f"{lugar} debe ser una tabla: escriba [sesiones] y debajo sus claves.")

    def entero(tabla: dict, clave: str, defecto: int, donde: str, minimo: int = 0, maximo: int = 60) -> int:
        valor = tabla.get(clave, defecto)
        if isinstance(valor, bool) or not isinstance(valor, int) or not minimo <= valor <= maximo:
            problemas.append(Problema(f"{donde} {clave}", f"«{valor}» no es un número entero de {minimo} a {maximo}"))
            return defecto
        return valor

    def texto(tabla: dict, clave: str, defecto: str, donde: str) -> str:
        valor = tabla.get(clave, defecto)
        if not isinstance(valor, str):
            problemas.append(Problema(f"{donde} {clave}", "debe ser texto entre comillas"))
            return defecto
        return valor.strip()

    def meses(tabla: dict, defecto: tuple[int, ...], donde: str) -> tuple[int, ...]:
        valor = tabla.get("meses_ordinarias", list(defecto))
        if (not isinstance(valor, list) or not valor
                or not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in valor)
                or len(set(valor)) != len(valor)):
            problemas.append(Problema(f"{donde} meses_ordinarias", f"«{valor}» no es una lista de meses",
                                      "escriba los números de mes sin repetir, p. ej. [3, 6, 9, 12]"))
            return defecto
        return tuple(sorted(valor))

    def dia(tabla: dict, defecto: int, donde: str) -> int:
        valor = tabla.get("dia_calendario", DIAS_SEMANA[defecto])
        normal = str(valor).strip().lower().replace("miercoles", "miércoles").replace("sabado", "sábado")
        if normal not in DIAS_SEMANA[:5]:
            problemas.append(Problema(f"{donde} dia_calendario", f"«{valor}» no es un día hábil de la semana",
                                      "use lunes, martes, miércoles, jueves o viernes"))
            return defecto
        return DIAS_SEMANA.index(normal)

    base_ant = {t: entero(datos, f"anticipacion_{t}", ANTICIPACION[t], lugar) for t in TIPOS}
    base_meses = meses(datos, MESES_ORDINARIAS, lugar)
    base_dia = dia(datos, DIAS_SEMANA.index(DIA_CALENDARIO), lugar)
    anticipacion, meses_por, dia_por = {}, {}, {}
    for organo in ORGANOS:
        tabla = datos.get(organo, {})
        donde = f"archivo.toml, [sesiones.{organo}]"
        if not isinstance(tabla, dict):
            problemas.append(Problema(donde, "debe ser una tabla"))
            tabla = {}
        for t in TIPOS:
            anticipacion[(organo, t)] = entero(tabla, f"anticipacion_{t}", base_ant[t], donde)
        meses_por[organo] = meses(tabla, base_meses, donde)
        dia_por[organo] = dia(tabla, base_dia, donde)
    nombres = {o: texto(datos, f"nombre_{o}", NOMBRES_ORGANO[o], lugar) or NOMBRES_ORGANO[o] for o in ORGANOS}
    hora = texto(datos, "hora", "", lugar)
    if hora and not _HORA.match(hora):
        problemas.append(Problema(f"{lugar} hora", f"«{hora}» no es una hora", "escríbala como 11:00 o 17:30"))
    formato_pagina = texto(datos, "formato_pagina", carpeta_pdf.FORMATO_PAGINA, lugar)
    problema = carpeta_pdf.validar_formato_pagina(formato_pagina)
    if problema:
        problemas.append(Problema(f"{lugar} formato_pagina", problema, "p. ej. «Página {n} de {total}»"))
    procesos = (entero(datos, "procesos_libreoffice", 1, lugar, minimo=1, maximo=8)
                if "procesos_libreoffice" in datos else None)
    if problemas:
        raise EntradaInvalida(f"La sección [sesiones] de archivo.toml tiene {len(problemas)} problema(s):", problemas)
    return ConfigSesiones(nombres, anticipacion, meses_por, dia_por, hora, texto(datos, "lugar", "", lugar),
                          formato_pagina, procesos)


# --- records -------------------------------------------------------------------------------------


@dataclass
class Sesion:
    id: int
    organo: str
    tipo: str
    numero: int
    anio: int
    fecha: str
    hora: str
    lugar: str
    estado: str
    origen: str
    expediente_id: int | None
    creada: str
    creada_por: str
    organo_nombre: str = ""

    @property
    def nombre(self) -> str:
        """«Primera sesión ordinaria de 2025»."""
        return nombre_sesion(self.numero, self.tipo, self.anio)

    @property
    def titulo(self) -> str:
        """The name with the órgano, for expedientes and documents."""
        return f"{self.nombre} — {self.organo_nombre}"

    def como_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["nombre"] = self.nombre
        d["organo_corto"] = NOMBRES_CORTOS[self.organo]
        return d


@dataclass
class Punto:
    id: int
    numero: str          # as printed: "2", "2.1"
    titulo: str
    nivel: int           # 0 for a top-level point
    orden: int
    padre_id: int | None
    documentos: list[documentos.Documento] = field(default_factory=list)
    subpuntos: list[Punto] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        return {"numero": self.numero, "titulo": self.titulo,
                "documentos": [_documento_breve(d) for d in self.documentos],
                "subpuntos": [s.como_dict() for s in self.subpuntos]}


def _documento_breve(d: documentos.Documento) -> dict[str, Any]:
    return {"id": d.id, "folio": d.folio, "tipo": d.tipo, "estado": d.estado, "fecha": d.fecha,
            "asunto": d.asunto, "ruta": d.ruta, "sha256": d.sha256}


def nombre_sesion(numero: int, tipo: str, anio: int) -> str:
    ordinal = formato.ordinal_femenino(numero)
    return f"{ordinal[:1].upper()}{ordinal[1:]} sesión {tipo} de {anio}"


def _cat_de(cat: Catalogo | Transaccion) -> Catalogo:
    return cat.catalogo if isinstance(cat, Transaccion) else cat


def _de_fila(cat: Catalogo | Transaccion, fila: Any) -> Sesion:
    nombres = configuracion(_cat_de(cat).raiz).nombres
    return Sesion(**dict(fila), organo_nombre=nombres[fila["organo"]])


def obtener(cat: Catalogo | Transaccion, sesion_id: int | str) -> Sesion:
    texto = str(sesion_id).strip().lstrip("#")
    fila = cat.uno("SELECT * FROM sesiones WHERE id = ?", (int(texto),)) if texto.isdigit() else None
    if fila is None:
        raise NoEncontrado(f"No existe la sesión «{sesion_id}». Vea los números con «archivo sesion lista».")
    return _de_fila(cat, fila)


def lista(cat: Catalogo | Transaccion, *, anio: int | None = None, organo: str | None = None,
          tipo: str | None = None, estado: str | None = None) -> list[Sesion]:
    condiciones, params = [], []
    for columna, valor in (("anio", anio), ("organo", organo), ("tipo", tipo), ("estado", estado)):
        if valor is not None:
            condiciones.append(f"{columna} = ?")
            params.append(valor)
    donde = f" WHERE {' AND '.join(condiciones)}" if condiciones else ""
    return [_de_fila(cat, f) for f in cat.todos(f"SELECT * FROM sesiones{donde} ORDER BY fecha, id", params)]


def _fecha(valor: Any, lugar: str, problemas: list[Problema]) -> date | None:
    try:
        return formato.a_fecha(valor)
    except ValueError as e:
        problemas.append(Problema(lugar, str(e)))
        return None


def avisos_fecha(raiz: Raiz, fecha: date) -> list[str]:
    """Warnings (not errors: sessions may be held on any day) about a session date."""
    inhabiles = tuple(raiz.config.dias_inhabiles)
    if formato.es_habil(fecha, inhabiles):
        return []
    motivo = "es " + DIAS_SEMANA[fecha.weekday()] if fecha.weekday() >= 5 else "es día inhábil"
    return [f"El {formato.fecha_larga(fecha)} {motivo}; revise la fecha de la sesión."]


def nueva(cat: Catalogo, *, organo: str, tipo: str, fecha: Any, numero: int | None = None,
          hora: str | None = None, lugar: str | None = None) -> Sesion:
    """Register a session. ``numero`` defaults to the next one of that órgano, type and year."""
    config = configuracion(cat.raiz)
    problemas: list[Problema] = []
    if organo not in ORGANOS:
        problemas.append(Problema("--organo", f"«{organo}» no es un órgano", "use comision o consejo"))
    if tipo not in TIPOS:
        problemas.append(Problema("--tipo", f"«{tipo}» no es un tipo de sesión", "use ordinaria o extraordinaria"))
    dia = _fecha(fecha, "--fecha", problemas)
    hora = config.hora if hora is None else hora.strip()
    if hora and not _HORA.match(hora):
        problemas.append(Problema("--hora", f"«{hora}» no es una hora", "escríbala como 11:00 o 17:30"))
    if numero is not None and numero < 1:
        problemas.append(Problema("--numero", "el número de sesión empieza en 1"))
    if problemas:
        raise EntradaInvalida("No se registró la sesión:", problemas)
    assert dia is not None
    with cat.transaccion("registrar sesión") as tx:
        return _insertar(tx, organo, tipo, dia, numero, hora, config.lugar if lugar is None else lugar.strip(),
                         "manual")


def _insertar(tx: Transaccion, organo: str, tipo: str, dia: date, numero: int | None, hora: str, lugar: str,
              origen: str) -> Sesion:
    if numero is None:
        numero = tx.uno("SELECT COALESCE(MAX(numero), 0) + 1 FROM sesiones WHERE organo = ? AND tipo = ? "
                        "AND anio = ?", (organo, tipo, dia.year))[0]
    else:
        previa = tx.uno("SELECT id, fecha FROM sesiones WHERE organo = ? AND tipo = ? AND anio = ? AND numero = ?",
                        (organo, tipo, dia.year, numero))
        if previa:
            raise EntradaInvalida(
                f"Ya existe la {nombre_sesion(numero, tipo, dia.year).lower()} del órgano «{NOMBRES_CORTOS[organo]}» "
                f"(sesión {previa['id']}, {formato.fecha_larga(previa['fecha'])}). Omita --numero para usar el "
                "siguiente o elija otro."
            )
    cur = tx.execute(
        "INSERT INTO sesiones (organo, tipo, numero, anio, fecha, hora, lugar, origen, creada, creada_por) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (organo, tipo, numero, dia.year, dia.isoformat(), hora, lugar, origen, tx.momento, tx.catalogo.usuario))
    ses = obtener(tx, int(cur.lastrowid))
    tx.registrar("sesion", ses.id, None, ses.como_dict())
    return ses


def _exigir_programada(ses: Sesion) -> None:
    if ses.estado != "programada":
        raise ArchivoError(
            f"La {ses.nombre.lower()} (sesión {ses.id}) está {ses.estado}; su orden del día ya no se modifica. "
            f"Si necesita cambiarlo, márquela antes como programada: archivo sesion estado {ses.id} programada"
        )


def reprogramar(cat: Catalogo, sesion_id: int | str, *, fecha: Any = None, hora: str | None = None,
                lugar: str | None = None) -> Sesion:
    """Move a session to another date (same year: the number belongs to the year), hour or place."""
    problemas: list[Problema] = []
    dia = _fecha(fecha, "--fecha", problemas) if fecha is not None else None
    if hora is not None and hora.strip() and not _HORA.match(hora.strip()):
        problemas.append(Problema("--hora", f"«{hora}» no es una hora", "escríbala como 11:00 o 17:30"))
    if problemas:
        raise EntradaInvalida("No se reprogramó la sesión:", problemas)
    if dia is None and hora is None and lugar is None:
        raise EntradaInvalida("Indique qué cambia: --fecha, --hora o --lugar.")
    with cat.transaccion("reprogramar sesión") as tx:
        ses = obtener(tx, sesion_id)
        if dia is not None and dia.year != ses.anio:
            raise EntradaInvalida(
                f"La {ses.nombre.lower()} no puede pasar a {dia.year}: su número corresponde a {ses.anio}. "
                f"Registre una sesión nueva en {dia.year} y cancele esta con «archivo sesion estado {ses.id} cancelada»."
            )
        cambios = {"fecha": dia.isoformat() if dia else ses.fecha,
                   "hora": ses.hora if hora is None else hora.strip(),
                   "lugar": ses.lugar if lugar is None else lugar.strip()}
        tx.execute("UPDATE sesiones SET fecha = ?, hora = ?, lugar = ? WHERE id = ?",
                   (cambios["fecha"], cambios["hora"], cambios["lugar"], ses.id))
        tx.registrar("sesion", ses.id, {k: getattr(ses, k) for k in cambios}, cambios)
    return obtener(cat, ses.id)


def cambiar_estado(cat: Catalogo, sesion_id: int | str, estado: str) -> Sesion:
    if estado not in ESTADOS:
        raise EntradaInvalida(f"«{estado}» no es un estado de sesión; use {', '.join(ESTADOS)}.")
    with cat.transaccion("cambiar estado de sesión") as tx:
        ses = obtener(tx, sesion_id)
        if ses.estado != estado:
            tx.execute("UPDATE sesiones SET estado = ? WHERE id = ?", (estado, ses.id))
            tx.registrar("sesion", ses.id, {"estado": ses.estado}, {"estado": estado})
    return obtener(cat, ses.id)


# --- deadline and calendar ------------------------------------------------------------------------


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
    dias = configuracion(raiz).anticipacion[(ses.organo, ses.tipo)]
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
    config = configuracion(cat.raiz)
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
                    ses = _insertar(tx, organo, "ordinaria", f.fecha, f.numero, config.hora, config.lugar,
                                    "calendario")
                    f.sesion_id, f.situacion = ses.id, "nueva"
    return filas


# --- orden del día -------------------------------------------------------------------------------


def orden_del_dia(cat: Catalogo | Transaccion, sesion_id: int) -> list[Punto]:
    """The points of a session as a tree, numbered as printed, each with its documents in order."""
    filas = cat.todos("SELECT * FROM sesion_puntos WHERE sesion_id = ? ORDER BY orden, id", (sesion_id,))
    adjuntos: dict[int, list[int]] = {}
    for f in cat.todos("SELECT pd.punto_id, pd.documento_id FROM punto_documentos pd JOIN sesion_puntos p "
                       "ON p.id = pd.punto_id WHERE p.sesion_id = ? ORDER BY pd.orden", (sesion_id,)):
        adjuntos.setdefault(f["punto_id"], []).append(f["documento_id"])
    hijos: dict[int | None, list[Any]] = {}
    for f in filas:
        hijos.setdefault(f["padre_id"], []).append(f)

    def construir(padre: int | None, prefijo: str, nivel: int) -> list[Punto]:
        puntos = []
        for i, f in enumerate(hijos.get(padre, []), start=1):
            numero = f"{prefijo}{i}"
            p = Punto(f["id"], numero, f["titulo"], nivel, f["orden"], f["padre_id"],
                      [documentos.obtener(cat, d) for d in adjuntos.get(f["id"], [])])
            p.subpuntos = construir(f["id"], f"{numero}.", nivel + 1)
            puntos.append(p)
        return puntos

    return construir(None, "", 0)


def recorrer(puntos: Sequence[Punto]) -> list[Punto]:
    """Every point in print order (a point, then its sub-points)."""
    todos: list[Punto] = []
    for p in puntos:
        todos.append(p)
        todos.extend(recorrer(p.subpuntos))
    return todos


def _punto(puntos: list[Punto], numero: str, ses: Sesion) -> Punto:
    numero = str(numero).strip().rstrip(".")
    if not _NUMERO_PUNTO.match(numero):
        raise EntradaInvalida(f"«{numero}» no es un número de punto; escríbalo como 3 o 2.1.")
    for p in recorrer(puntos):
        if p.numero == numero:
            return p
    existentes = ", ".join(p.numero for p in recorrer(puntos)) or "ninguno todavía"
    raise NoEncontrado(f"La {ses.nombre.lower()} no tiene el punto {numero}. Puntos: {existentes}.")


def obtener_punto(cat: Catalogo | Transaccion, sesion_id: int | str, numero: str) -> Punto:
    """Point ``numero`` ("2.1") of a session, with its documents and sub-points."""
    ses = obtener(cat, sesion_id)
    return _punto(orden_del_dia(cat, ses.id), numero, ses)


def _hermanos(tx: Transaccion, sesion_id: int, padre_id: int | None) -> list[int]:
    return [f["id"] for f in tx.todos(
        "SELECT id FROM sesion_puntos WHERE sesion_id = ? AND padre_id IS ? ORDER BY orden, id",
        (sesion_id, padre_id))]


def _reordenar(tx: Transaccion, ids: list[int]) -> None:
    for i, punto_id in enumerate(ids, start=1):
        tx.execute("UPDATE sesion_puntos SET orden = ? WHERE id = ?", (i, punto_id))


def _numero_de(tx: Transaccion, sesion_id: int, punto_id: int) -> str:
    for p in recorrer(orden_del_dia(tx, sesion_id)):
        if p.id == punto_id:
            return p.numero
    raise NoEncontrado(f"El punto {punto_id} no existe.")


def _titulo_punto(titulo: str) -> str:
    titulo = " ".join((titulo or "").split())
    if not titulo:
        raise EntradaInvalida("El punto necesita un título.")
    if len(titulo) > MAX_TITULO_PUNTO:
        raise EntradaInvalida(f"El título del punto tiene {len(titulo)} caracteres; el máximo es {MAX_TITULO_PUNTO}. "
                              "Resúmalo: el texto completo va en el documento del punto.")
    return titulo


def agregar_punto(cat: Catalogo, sesion_id: int | str, titulo: str, *, dentro_de: str | None = None,
                  posicion: int | None = None) -> str:
    """Add a point (or a sub-point of ``dentro_de``) at ``posicion`` (default: last). Returns its number."""
    titulo = _titulo_punto(titulo)
    with cat.transaccion("agregar punto al orden del día") as tx:
        ses = obtener(tx, sesion_id)
        _exigir_programada(ses)
        padre = _punto(orden_del_dia(tx, ses.id), dentro_de, ses) if dentro_de else None
        if padre is not None and padre.nivel + 1 >= MAX_NIVELES:
            raise EntradaInvalida(f"El orden del día admite hasta {MAX_NIVELES} niveles (p. ej. 2.1.1); el punto "
                                  f"{padre.numero} ya está en el último.")
        hermanos = _hermanos(tx, ses.id, padre.id if padre else None)
        if posicion is not None and not 1 <= posicion <= len(hermanos) + 1:
            raise EntradaInvalida(f"La posición {posicion} no existe: use de 1 a {len(hermanos) + 1}.")
        cur = tx.execute("INSERT INTO sesion_puntos (sesion_id, padre_id, orden, titulo) VALUES (?, ?, ?, ?)",
                         (ses.id, padre.id if padre else None, len(hermanos) + 1, titulo))
        nuevo = int(cur.lastrowid)
        hermanos.insert((posicion or len(hermanos) + 1) - 1, nuevo)
        _reordenar(tx, hermanos)
        numero = _numero_de(tx, ses.id, nuevo)
        tx.registrar("sesion", ses.id, None, {"punto": numero, "titulo": titulo})
    return numero


def editar_punto(cat: Catalogo, sesion_id: int | str, numero: str, titulo: str) -> None:
    titulo = _titulo_punto(titulo)
    with cat.transaccion("editar punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        _exigir_programada(ses)
        p = _punto(orden_del_dia(tx, ses.id), numero, ses)
        tx.execute("UPDATE sesion_puntos SET titulo = ? WHERE id = ?", (titulo, p.id))
        tx.registrar("sesion", ses.id, {"punto": p.numero, "titulo": p.titulo}, {"punto": p.numero, "titulo": titulo})


def mover_punto(cat: Catalogo, sesion_id: int | str, numero: str, posicion: int) -> str:
    """Move a point among its siblings (its sub-points and documents go with it). Returns its new number."""
    with cat.transaccion("mover punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        _exigir_programada(ses)
        p = _punto(orden_del_dia(tx, ses.id), numero, ses)
        hermanos = _hermanos(tx, ses.id, p.padre_id)
        if not 1 <= posicion <= len(hermanos):
            raise EntradaInvalida(f"La posición {posicion} no existe: use de 1 a {len(hermanos)}.")
        hermanos.remove(p.id)
        hermanos.insert(posicion - 1, p.id)
        _reordenar(tx, hermanos)
        nuevo = _numero_de(tx, ses.id, p.id)
        tx.registrar("sesion", ses.id, {"punto": p.numero}, {"punto": nuevo, "titulo": p.titulo})
    return nuevo


def quitar_punto(cat: Catalogo, sesion_id: int | str, numero: str) -> Punto:
    """Remove a point with its sub-points (their documents stay in the archive; only the link goes)."""
    with cat.transaccion("quitar punto del orden del día") as tx:
        ses = obtener(tx, sesion_id)
        _exigir_programada(ses)
        p = _punto(orden_del_dia(tx, ses.id), numero, ses)
        quitados = recorrer([p])
        for q in reversed(quitados):
            tx.execute("DELETE FROM punto_documentos WHERE punto_id = ?", (q.id,))
            tx.execute("DELETE FROM sesion_puntos WHERE id = ?", (q.id,))
        _reordenar(tx, _hermanos(tx, ses.id, p.padre_id))
        tx.registrar("sesion", ses.id, p.como_dict(), None)
    return p


# --- documents of the points ---------------------------------------------------------------------


@dataclass
class Adjuntos:
    adjuntados: list[documentos.Documento]
    omitidos: list[str]  # Spanish notes: already attached, etc.


def _problemas_documento(doc: documentos.Documento, lugar: str) -> list[Problema]:
    problemas = []
    if doc.estado == "cancelado":
        problemas.append(Problema(lugar, f"el documento {doc.etiqueta} está cancelado",
                                  "adjunte el documento que lo sustituye"))
    if not doc.ruta:
        problemas.append(Problema(lugar, f"el documento {doc.etiqueta} no tiene archivo"))
    elif Path(doc.ruta).suffix.lower() not in EXTENSIONES_CARPETA:
        problemas.append(Problema(lugar, f"el documento {doc.etiqueta} es un archivo {Path(doc.ruta).suffix}, que "
                                         "no puede ir en la carpeta", "la carpeta admite Word (.docx) y PDF"))
    return problemas


def _adjuntar_en(tx: Transaccion, ses: Sesion, punto: Punto, docs: Sequence[documentos.Documento]) -> Adjuntos:
    en_sesion = {d.id: p.numero for p in recorrer(orden_del_dia(tx, ses.id)) for d in p.documentos}
    siguiente = tx.uno("SELECT COALESCE(MAX(orden), 0) + 1 FROM punto_documentos WHERE punto_id = ?",
                       (punto.id,))[0]
    resultado = Adjuntos([], [])
    for doc in docs:
        if doc.id in en_sesion:
            resultado.omitidos.append(f"{doc.etiqueta} ya estaba en el punto {en_sesion[doc.id]}")
            continue
        tx.execute("INSERT INTO punto_documentos (punto_id, documento_id, orden, agregado, agregado_por) "
                   "VALUES (?, ?, ?, ?, ?)", (punto.id, doc.id, siguiente, tx.momento, tx.catalogo.usuario))
        en_sesion[doc.id] = punto.numero
        siguiente += 1
        resultado.adjuntados.append(doc)
        tx.registrar("sesion", ses.id, None, {"punto": punto.numero, "documento": doc.etiqueta})
    return resultado


def adjuntar(cat: Catalogo, sesion_id: int | str, numero: str, referencias: Sequence[str | int] = (), *,
             pdfs: Sequence[Path | str] = (), asunto: str | None = None, fecha: date | None = None) -> Adjuntos:
    """Attach documents to point ``numero``, in order: archive documents (folio or number) and PDF files.

    A PDF is copied into the session's expediente and registered (SHA-256) as an imported document; one that is
    already in the archive (same SHA-256) is attached instead of copied again. Everything is checked first —
    unknown or cancelled documents, PDFs that are encrypted, damaged or not PDFs — and all problems are reported
    at once; then everything is attached in one transaction, or nothing is.
    """
    rutas = [Path(r) for r in pdfs]
    if not referencias and not rutas:
        raise EntradaInvalida("Indique al menos un documento (--folio, --buscar o --pdf).")
    if asunto and len(rutas) != 1:
        raise EntradaInvalida("--asunto se usa con un solo PDF; con varios, cada uno toma el nombre de su archivo.")
    problemas = [p for p in (revisar_pdf(r) for r in rutas) if p]
    contenidos = [] if problemas else [r.read_bytes() for r in rutas]
    with cat.transaccion("adjuntar documentos a un punto") as tx:
        ses = obtener(tx, sesion_id)
        _exigir_programada(ses)
        punto = _punto(orden_del_dia(tx, ses.id), numero, ses)
        docs = []
        for ref in referencias:
            try:
                doc = documentos.obtener(tx, ref)
            except NoEncontrado:
                problemas.append(Problema(str(ref), "no existe ese documento",
                                          "use el folio completo o el número de «archivo documento lista»"))
                continue
            problemas += _problemas_documento(doc, str(ref))
            docs.append(doc)
        if problemas:
            raise EntradaInvalida(f"No se adjuntó nada al punto {punto.numero}: {len(problemas)} problema(s):",
                                  problemas)
        if rutas:
            exp = asegurar_expediente(tx, ses)
        for ruta, datos in zip(rutas, contenidos, strict=True):
            digest = hashlib.sha256(datos).hexdigest()
            previo = tx.uno("SELECT d.id FROM documentos d JOIN archivos a ON a.id = d.archivo_id "
                            "WHERE a.sha256 = ? AND d.estado != 'cancelado' ORDER BY d.id LIMIT 1", (digest,))
            if previo:
                docs.append(documentos.obtener(tx, previo["id"]))
                continue
            docs.append(documentos.emitir_en(
                tx, tipo="importado", asunto=asunto or _asunto_de_archivo(ruta), expediente=exp,
                construir=lambda _folio, datos=datos: datos, serie=None, extension=".pdf", fecha=fecha,
                nombre_archivo=ruta.name, estado="importado", origen="importado"))
        return _adjuntar_en(tx, ses, punto, docs)


def desadjuntar(cat: Catalogo, sesion_id: int | str, numero: str, referencia: str | int) -> documentos.Documento:
    """Detach a document from a point (the document itself stays in the archive)."""
    with cat.transaccion("quitar documento de un punto") as tx:
        ses = obtener(tx, sesion_id)
        _exigir_programada(ses)
        punto = _punto(orden_del_dia(tx, ses.id), numero, ses)
        doc = documentos.obtener(tx, referencia)
        if doc.id not in {d.id for d in punto.documentos}:
            raise NoEncontrado(f"El documento {doc.etiqueta} no está en el punto {punto.numero}.")
        tx.execute("DELETE FROM punto_documentos WHERE punto_id = ? AND documento_id = ?", (punto.id, doc.id))
        restantes = [d.id for d in punto.documentos if d.id != doc.id]
        for i, doc_id in enumerate(restantes, start=1):
            tx.execute("UPDATE punto_documentos SET orden = ? WHERE punto_id = ? AND documento_id = ?",
                       (i, punto.id, doc_id))
        tx.registrar("sesion", ses.id, {"punto": punto.numero, "documento": doc.etiqueta}, None)
    return doc


@dataclass
class Candidato:
    """A document the search found for a point, with the fragments that matched (to help choose)."""

    documento: documentos.Documento
    puntuacion: float
    fragmentos: list[str]


def buscar_documentos(cat: Catalogo, consulta: str, *, limite: int = 5) -> tuple[list[Candidato], list[str]]:
    """Documents that could go in a point, found with the archive's search (best first), and the search's notes
    for the user (e.g. that the index was rebuilt).

    Left out: cancelled documents, carpetas, and files the carpeta cannot hold (only Word and PDF).
    """
    from archivo import busqueda

    if not consulta.strip():
        raise EntradaInvalida("La búsqueda está vacía; escriba las palabras o el folio que busca.")
    candidatos: list[Candidato] = []
    encontrados = busqueda.buscar(cat, consulta, limite=limite * 3)
    for r in encontrados:
        try:
            doc = documentos.obtener(cat, r.id)
        except NoEncontrado:  # the index may lag behind the catalog by a document
            continue
        if (doc.estado == "cancelado" or doc.tipo == "carpeta" or not doc.ruta
                or Path(doc.ruta).suffix.lower() not in EXTENSIONES_CARPETA):
            continue
        candidatos.append(Candidato(doc, r.puntuacion, list(r.fragmentos)))
        if len(candidatos) == limite:
            break
    return candidatos, list(encontrados.avisos)


def revisar_pdf(ruta: Path) -> Problema | None:
    """Why a PDF cannot be imported into a session (missing, not a PDF, damaged, encrypted, empty), or None."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    lugar = str(ruta)
    if not ruta.is_file():
        return Problema(lugar, "el archivo no existe", "revise la ruta")
    if ruta.suffix.lower() != ".pdf":
        return Problema(lugar, "no es un PDF", "convierta el archivo a PDF o adjúntelo por folio si ya está en el archivo")
    with open(ruta, "rb") as f:
        inicio = f.read(1024)
    if b"%PDF-" not in inicio:
        return Problema(lugar, "el archivo tiene extensión .pdf pero no es un PDF", "ábralo y guárdelo de nuevo como PDF")
    try:
        lector = PdfReader(ruta, strict=False)
        if lector.is_encrypted and not lector.decrypt(""):
            return Problema(lugar, "el PDF está protegido con contraseña",
                            "pida una versión sin contraseña: la carpeta no puede incluirlo")
        if len(lector.pages) == 0:
            return Problema(lugar, "el PDF no tiene páginas")
        for pagina in lector.pages:
            _ = pagina.mediabox
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        return Problema(lugar, f"el PDF está dañado y no se puede leer ({type(e).__name__})",
                        "ábralo y guárdelo de nuevo como PDF")
    return None


def _asunto_de_archivo(ruta: Path) -> str:
    texto = re.sub(r"[_]+", " ", ruta.stem).strip()
    return texto[:1].upper() + texto[1:] if texto else ruta.name


def asegurar_expediente(tx: Transaccion, ses: Sesion) -> exps.Expediente:
    """The session's expediente, created (with the session's title) the first time something is filed in it."""
    exp = exps.asegurar(tx, "sesion", str(ses.id), ses.titulo,
                        fecha=min(date.today(), formato.a_fecha(ses.fecha)),
                        nombre_carpeta=f"{ses.organo} {ses.nombre}")
    if ses.expediente_id != exp.id:
        tx.execute("UPDATE sesiones SET expediente_id = ? WHERE id = ?", (exp.id, ses.id))
        ses.expediente_id = exp.id
    return exp


_expediente = asegurar_expediente  # the name compromisos.expediente_sesion calls


# --- orden del día document ----------------------------------------------------------------------


def _docx_orden_del_dia(raiz: Raiz, ses: Sesion, puntos: list[Punto]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    config = raiz.config
    doc = Document()
    seccion = doc.sections[0]
    seccion.page_width, seccion.page_height = Cm(21.59), Cm(27.94)
    for lado in ("left_margin", "right_margin"):
        setattr(seccion, lado, Cm(2.5))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    def centrado(texto: str, tamano: float, negrita: bool = False, espacio: float = 4) -> None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(espacio)
        r = p.add_run(texto)
        r.bold = negrita
        r.font.size = Pt(tamano)

    centrado(config.institucion["nombre"], 13, True)
    centrado(ses.organo_nombre, 11, True, 18)
    centrado("ORDEN DEL DÍA", 14, True, 6)
    centrado(ses.nombre, 12, True)
    cuando = formato.fecha_con_dia(ses.fecha)
    cuando = cuando[:1].upper() + cuando[1:]
    if ses.hora:
        cuando += f", {ses.hora} horas"
    centrado(cuando, 11)
    if ses.lugar:
        centrado(ses.lugar, 11)
    doc.add_paragraph()
    for p in recorrer(puntos):
        parrafo = doc.add_paragraph()
        formato_p = parrafo.paragraph_format
        sangria = Cm(1.2 * p.nivel)
        formato_p.left_indent = sangria + Cm(1.2)
        formato_p.first_line_indent = Cm(-1.2)
        formato_p.space_after = Pt(6)
        parrafo.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        numero = parrafo.add_run(f"{p.numero}.\t")
        numero.bold = p.nivel == 0
        titulo = parrafo.add_run(p.titulo)
        titulo.bold = p.nivel == 0
        formato_p.tab_stops.add_tab_stop(sangria + Cm(1.2))
    doc.add_paragraph()
    pie = doc.add_paragraph()
    pie.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = pie.add_run(f"Secretaría Técnica: {config.organo_enlace['nombre']}")
    r.italic = True
    r.font.size = Pt(9)
    salida = io.BytesIO()
    doc.save(salida)
    return salida.getvalue()


def emitir_orden_del_dia(cat: Catalogo, sesion_id: int | str, *, fecha: date | None = None) -> documentos.Documento:
    """The orden del día as a Word document, filed (without folio) in the session's expediente.

    Issuing it again files a new version that names the previous one (never overwrites it).
    """
    with cat.transaccion("emitir orden del día") as tx:
        ses = obtener(tx, sesion_id)
        puntos = orden_del_dia(tx, ses.id)
        if not puntos:
            raise EntradaInvalida(f"La {ses.nombre.lower()} no tiene puntos en su orden del día; agréguelos con "
                                  f"«archivo sesion punto agregar {ses.id} \"TÍTULO\"».")
        exp = asegurar_expediente(tx, ses)
        previo = tx.uno("SELECT id FROM documentos WHERE expediente_id = ? AND tipo = 'orden-del-dia' "
                        "AND estado != 'cancelado' ORDER BY id DESC LIMIT 1", (exp.id,))
        contenido = _docx_orden_del_dia(cat.raiz, ses, puntos)
        return documentos.emitir_en(
            tx, tipo="orden-del-dia", asunto=f"Orden del día de la {ses.nombre.lower()} ({ses.organo_nombre})",
            expediente=exp, construir=lambda _folio: contenido, serie=None, fecha=fecha,
            nombre_archivo=f"orden-del-dia-{slug(ses.nombre)}.docx",
            sustituye_a=previo["id"] if previo else None,
            datos={"sesion": ses.id, "puntos": [p.como_dict() for p in puntos]})


# --- carpeta -------------------------------------------------------------------------------------


@dataclass
class ResultadoCarpeta:
    documento: documentos.Documento
    version: int
    carpeta: carpeta_pdf.Carpeta


def huella(ses: Sesion, puntos: Sequence[Punto]) -> str:
    """Fingerprint of what a carpeta shows: the session's data, the points and their documents' files."""
    def arbol(ps: Sequence[Punto]) -> list:
        return [[p.numero, p.titulo, [[d.id, d.sha256, d.estado, d.folio, d.asunto] for d in p.documentos],
                 arbol(p.subpuntos)] for p in ps]

    datos = [ses.organo_nombre, ses.nombre, ses.fecha, ses.hora, ses.lugar, arbol(puntos)]
    return hashlib.sha256(json.dumps(datos, ensure_ascii=False).encode("utf-8")).hexdigest()


def titulo_documento(doc: documentos.Documento) -> str:
    return f"{doc.folio} — {doc.asunto}" if doc.folio else doc.asunto


def carpetas(cat: Catalogo | Transaccion, sesion_id: int) -> list[dict[str, Any]]:
    """The carpetas built for a session, oldest first (version, pages, file, SHA-256, date)."""
    filas = cat.todos(
        "SELECT c.version, c.paginas, c.huella, c.creada, c.creada_por, c.documento_id, a.ruta, a.sha256 "
        "FROM sesion_carpetas c JOIN documentos d ON d.id = c.documento_id LEFT JOIN archivos a "
        "ON a.id = d.archivo_id WHERE c.sesion_id = ? ORDER BY c.version", (sesion_id,))
    return [dict(f) for f in filas]


def armar_carpeta(cat: Catalogo, sesion_id: int | str, *, soffice: str | None = None,
                  avisar: Callable[[str], None] | None = None, fecha: date | None = None) -> ResultadoCarpeta:
    """Build the carpeta PDF of a session and file it in the session's expediente (a new version each time).

    Every attached document is checked first (cancelled, missing or altered file, format) and all problems are
    reported at once. The slow part (LibreOffice, merging) runs outside any transaction; if the orden del día
    changes meanwhile, nothing is filed and the user is asked to run it again.
    """
    raiz = cat.raiz
    config = configuracion(raiz)
    ses = obtener(cat, sesion_id)
    puntos = orden_del_dia(cat, ses.id)
    if not puntos:
        raise EntradaInvalida(f"La {ses.nombre.lower()} no tiene orden del día; agregue sus puntos con "
                              f"«archivo sesion punto agregar {ses.id} \"TÍTULO\"».")
    problemas: list[Problema] = []

    def a_carpeta(p: Punto) -> carpeta_pdf.PuntoCarpeta:
        docs = []
        for d in p.documentos:
            lugar = f"punto {p.numero}, {d.etiqueta}"
            encontrados = _problemas_documento(d, lugar)
            if not encontrados and d.ruta:
                ruta = d.archivo(raiz)
                if not ruta.is_file():
                    encontrados.append(Problema(lugar, f"falta el archivo {d.ruta}",
                                                "revise el archivo con «archivo verificar»"))
                elif d.sha256 and sha256_file(ruta) != d.sha256:
                    encontrados.append(Problema(lugar, f"el archivo {d.ruta} fue alterado (su SHA-256 no coincide "
                                                       "con el registrado)", "revise el archivo con «archivo verificar»"))
                else:
                    docs.append(carpeta_pdf.DocumentoCarpeta(titulo_documento(d), ruta))
            problemas.extend(encontrados)
        return carpeta_pdf.PuntoCarpeta(p.numero, p.titulo, docs, [a_carpeta(s) for s in p.subpuntos])

    arbol = [a_carpeta(p) for p in puntos]
    if problemas:
        raise EntradaInvalida(f"No se armó la carpeta: {len(problemas)} documento(s) con problemas:", problemas)
    dia_sesion = formato.fecha_con_dia(ses.fecha)
    portada = carpeta_pdf.Portada(
        institucion=raiz.config.institucion["nombre"], organo=ses.organo_nombre, sesion=ses.nombre,
        fecha=dia_sesion[:1].upper() + dia_sesion[1:], hora=f"{ses.hora} horas" if ses.hora else "", lugar=ses.lugar,
        secretaria=f"Secretaría Técnica — {raiz.config.organo_enlace['nombre']}")
    huella_inicial = huella(ses, puntos)
    resultado = carpeta_pdf.armar(arbol, portada, soffice=soffice, formato_pagina=config.formato_pagina,
                                  procesos=config.procesos_libreoffice, avisar=avisar)

    with cat.transaccion("armar carpeta de sesión") as tx:
        actual = obtener(tx, ses.id)
        if huella(actual, orden_del_dia(tx, ses.id)) != huella_inicial:
            raise ArchivoError("El orden del día o sus documentos cambiaron mientras se armaba la carpeta; no se "
                               "archivó. Vuelva a ejecutar el comando.")
        exp = asegurar_expediente(tx, actual)
        previa = tx.uno("SELECT documento_id, version FROM sesion_carpetas WHERE sesion_id = ? "
                        "ORDER BY version DESC LIMIT 1", (ses.id,))
        version = previa["version"] + 1 if previa else 1
        doc = documentos.emitir_en(
            tx, tipo="carpeta", asunto=f"Carpeta de la {ses.nombre.lower()} ({ses.organo_nombre}), versión {version}",
            expediente=exp, construir=lambda _folio: resultado.contenido, serie=None, extension=".pdf", fecha=fecha,
            nombre_archivo=f"carpeta-{slug(ses.nombre)}-v{version}.pdf",
            sustituye_a=previa["documento_id"] if previa else None,
            indexar=False)  # its text is its documents' text: indexing it would duplicate every search hit
        tx.execute("INSERT INTO sesion_carpetas (sesion_id, documento_id, version, paginas, huella, creada, "
                   "creada_por) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (ses.id, doc.id, version, resultado.paginas, huella_inicial, tx.momento, cat.usuario))
        tx.registrar("sesion", ses.id, None, {"carpeta": doc.ruta, "version": version, "paginas": resultado.paginas,
                                               "sha256": doc.sha256})
    return ResultadoCarpeta(doc, version, resultado)


def estado_carpeta(cat: Catalogo, ses: Sesion, puntos: Sequence[Punto]) -> dict[str, Any] | None:
    """The latest carpeta and whether it still matches the orden del día (``al_dia``)."""
    todas = carpetas(cat, ses.id)
    if not todas:
        return None
    ultima = todas[-1]
    return ultima | {"al_dia": ultima["huella"] == huella(ses, puntos), "versiones": len(todas)}
