"""Sessions of the Comisión de Seguimiento del Servicio and of the Consejo General: the records.

A session has an órgano, a type (ordinaria / extraordinaria), a number within its year ("Primera sesión ordinaria
de 2025"), a date and a state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from archivo.archivistica import documentos
from archivo.base import formato, historial
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.raiz import Raiz
from archivo.base.valores import a_id

# --- records -------------------------------------------------------------------------------------
from archivo.sesiones.opciones import (
    DIAS_SEMANA,
    ESTADOS,
    HORA,
    NOMBRES_CORTOS,
    ORGANOS,
    TIPOS,
)


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
    sin_documentos: bool = False  # marked as a point that takes no documents (lista de asistencia…)

    @property
    def pendiente(self) -> bool:
        """Still waiting for its documents: none attached, no sub-points carrying them, not marked as one
        that takes none."""
        return not self.sin_documentos and not self.documentos and not self.subpuntos

    def como_dict(self) -> dict[str, Any]:
        datos = {"numero": self.numero, "titulo": self.titulo,
                 "documentos": [_documento_breve(d) for d in self.documentos],
                 "subpuntos": [s.como_dict() for s in self.subpuntos]}
        if self.sin_documentos:
            datos["sin_documentos"] = True
        return datos


def _documento_breve(d: documentos.Documento) -> dict[str, Any]:
    return {"id": d.id, "folio": d.folio, "tipo": d.tipo, "estado": d.estado, "fecha": d.fecha,
            "asunto": d.asunto, "ruta": d.ruta, "sha256": d.sha256}


def nombre_sesion(numero: int, tipo: str, anio: int) -> str:
    ordinal = formato.ordinal_femenino(numero)
    return f"{ordinal[:1].upper()}{ordinal[1:]} sesión {tipo} de {anio}"


def _cat_de(cat: Catalogo | Transaccion) -> Catalogo:
    return cat.catalogo if isinstance(cat, Transaccion) else cat


def _de_fila(cat: Catalogo | Transaccion, fila: Any) -> Sesion:
    nombres = _cat_de(cat).raiz.config.sesiones.nombres
    return Sesion(**dict(fila), organo_nombre=nombres[fila["organo"]])


def obtener(cat: Catalogo | Transaccion, sesion_id: int | str) -> Sesion:
    ident = a_id(sesion_id)
    fila = cat.uno("SELECT * FROM sesiones WHERE id = ?", (ident,)) if ident is not None else None
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


MAX_NUMERO_SESION = 999  # sessions are numbered within their year


def nueva(cat: Catalogo, *, organo: str, tipo: str, fecha: Any, numero: int | str | None = None,
          hora: str | None = None, lugar: str | None = None) -> Sesion:
    """Register a session. ``numero`` (a number, or its text as typed in a form) defaults to the next one of that
    órgano, type and year."""
    config = cat.raiz.config.sesiones
    problemas: list[Problema] = []
    if isinstance(numero, str):
        texto = numero.strip()
        numero = int(texto) if texto.isdigit() else None
        if texto and numero is None:
            problemas.append(Problema("--numero", f"«{texto}» no es un número de sesión",
                                      "escríbalo con cifras (1 para la primera del año) o déjelo vacío"))
    if organo not in ORGANOS:
        problemas.append(Problema("--organo", f"«{organo}» no es un órgano", "use comision o consejo"))
    if tipo not in TIPOS:
        problemas.append(Problema("--tipo", f"«{tipo}» no es un tipo de sesión", "use ordinaria o extraordinaria"))
    dia = _fecha(fecha, "--fecha", problemas)
    hora = config.hora if hora is None else hora.strip()
    if hora and not HORA.match(hora):
        problemas.append(Problema("--hora", f"«{hora}» no es una hora", "escríbala como 11:00 o 17:30"))
    if numero is not None and numero < 1:
        problemas.append(Problema("--numero", "el número de sesión empieza en 1"))
    elif numero is not None and numero > MAX_NUMERO_SESION:
        problemas.append(Problema("--numero", f"«{numero}» no es un número de sesión posible",
                                  "las sesiones se numeran dentro de su año: 1, 2, 3…"))
    if problemas:
        raise EntradaInvalida("No se registró la sesión:", problemas)
    assert dia is not None
    with cat.transaccion("registrar sesión") as tx:
        return insertar(tx, organo, tipo, dia, numero, hora, config.lugar if lugar is None else lugar.strip(),
                         "manual")


def insertar(tx: Transaccion, organo: str, tipo: str, dia: date, numero: int | None, hora: str, lugar: str,
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


def exigir_programada(ses: Sesion) -> None:
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
    if hora is not None and hora.strip() and not HORA.match(hora.strip()):
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




historial.registrar_entidad("sesion", "Sesión", etiquetas={"organo_nombre": "Órgano", "nombre": "Sesión"},
                            omitir={"organo", "organo_corto", "anio", "numero", "expediente_id"})
