"""Import of an office's existing Excel bitácora into the register.

Columns are found by their header, accents and case ignored, with the names offices use («No.», «Fecha de
recepción», «Número del documento», «Remitente», «Asunto», «Área turnada», «Fecha de turno», «Respuesta», «Fecha de
respuesta», «Estatus»… and the ones ``bitacora.construir_xlsx`` writes, so an exported bitácora imports back). The
received documents are read from the sheet «Recibidos» (or «Entradas», «Bitácora», else the first sheet), the sent
ones from «Enviados»/«Salidas» if there is one. Every problem of the workbook is reported at once with its sheet,
row and column, and nothing is imported until it is clean; the import is one transaction. Importing again updates
each entrada found by its number and remitente (and each salida by its number): nothing is duplicated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from archivo.base import formato
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.tablas import Libro
from archivo.base.valores import comparable
from archivo.correspondencia import opciones as op
from archivo.correspondencia import registro as reg
from archivo.correspondencia.opciones import Calendario


def _clave(texto: Any) -> str:
    """A header compared loosely, without what goes between parentheses: «Fecha (dd/mm/aaaa)» -> «fecha»."""
    return comparable(re.sub(r"\(.*?\)", " ", str(texto or "")))


def _alias(*nombres: str) -> set[str]:
    return {_clave(n) for n in nombres}


ENCABEZADOS_RECIBIDOS: dict[str, set[str]] = {
    "folio_origen": _alias("No.", "No", "Núm.", "Consecutivo", "Número consecutivo", "Folio de entrada",
                           "No. de registro", "Registro", "Folio"),
    "fecha_recepcion": _alias("Fecha de recepción", "Fecha recepción", "Recepción", "Fecha de recibido", "Recibido",
                              "Fecha de entrada", "Fecha"),
    "hora": _alias("Hora", "Hora de recepción"),
    "medio": _alias("Medio", "Medio de recepción", "Vía", "Vía de recepción"),
    "actividad_sivople": _alias("Actividad SIVOPLE", "Actividad", "No. de actividad", "Número de actividad",
                                "Folio SIVOPLE", "SIVOPLE"),
    "tipo": _alias("Tipo", "Tipo de documento"),
    "numero": _alias("Número del documento", "Número de documento", "No. de documento", "No. del documento",
                     "Número de oficio", "No. de oficio", "Oficio", "Documento", "Número"),
    "fecha_documento": _alias("Fecha del documento", "Fecha de documento", "Fecha del oficio"),
    "remitente_institucion": _alias("Remitente", "Institución remitente", "Institución", "Emisor", "De"),
    "remitente_area": _alias("Área remitente", "Área que remite", "Área del remitente", "Área emisora"),
    "remitente_persona": _alias("Persona remitente", "Firmante", "Quien firma", "Suscribe"),
    "asunto": _alias("Asunto", "Síntesis", "Descripción", "Síntesis del asunto"),
    "plazo": _alias("Plazo", "Fecha límite", "Fecha límite de atención", "Plazo de atención", "Vencimiento",
                    "Fecha de vencimiento"),
    "areas": _alias("Área turnada", "Áreas turnadas", "Turnado a", "Área responsable", "Área"),
    "fecha_turno": _alias("Fecha de turno", "Fecha turno", "Turno"),
    "tarjetas": _alias("Tarjeta informativa", "Tarjeta", "No. de tarjeta"),
    "respuesta": _alias("Respuesta", "Folio de respuesta", "Oficio de respuesta", "Respuesta y su folio",
                        "No. de respuesta"),
    "fecha_respuesta": _alias("Fecha de respuesta", "Fecha respuesta", "Respondido"),
    "estado": _alias("Estatus", "Estado", "Status", "Situación del trámite"),
    "observaciones": _alias("Observaciones", "Notas", "Comentarios"),
}
ENCABEZADOS_ENVIADOS: dict[str, set[str]] = {
    "folio_origen": ENCABEZADOS_RECIBIDOS["folio_origen"],
    "fecha": _alias("Fecha de envío", "Fecha envío", "Envío", "Enviado", "Fecha"),
    "medio": ENCABEZADOS_RECIBIDOS["medio"],
    "actividad_sivople": ENCABEZADOS_RECIBIDOS["actividad_sivople"],
    "tipo": ENCABEZADOS_RECIBIDOS["tipo"],
    "numero": ENCABEZADOS_RECIBIDOS["numero"] | _alias("Folio del oficio", "Número o folio"),
    "destinatario_institucion": _alias("Destinatario", "Institución destinataria", "Para", "Dirigido a"),
    "destinatario_area": _alias("Área destinataria", "Área del destinatario"),
    "destinatario_persona": _alias("Persona destinataria"),
    "asunto": ENCABEZADOS_RECIBIDOS["asunto"],
    "responde_a": _alias("Responde a", "En respuesta a", "Respuesta a"),
    "acuse_fecha": _alias("Fecha del acuse", "Acuse", "Fecha de acuse"),
    "espera_respuesta": _alias("Espera respuesta", "Requiere respuesta"),
    "plazo": _alias("Plazo de respuesta", "Plazo"),
    "respondida": _alias("Respondida", "Fecha de respuesta"),
    "observaciones": ENCABEZADOS_RECIBIDOS["observaciones"],
}
OBLIGATORIAS_RECIBIDOS = ("fecha_recepcion", "numero", "remitente_institucion", "asunto")
OBLIGATORIAS_ENVIADOS = ("fecha", "numero", "destinatario_institucion", "asunto")
NOMBRES = {"fecha_recepcion": "Fecha de recepción", "numero": "Número del documento", "remitente_institucion":
           "Remitente", "asunto": "Asunto", "fecha": "Fecha de envío", "destinatario_institucion": "Destinatario"}
HOJAS_RECIBIDOS = ("recibidos", "entradas", "bitacora", "recibidas")
HOJAS_ENVIADOS = ("enviados", "salidas", "enviadas")
IGNORADAS = _alias("Situación (calculada)", "Situación")

# What offices write in «Estatus», as the register's states («concluido» closes the entrada).
ESTATUS = {
    "recibido": "recibido", "nuevo": "recibido", "turnado": "turnado", "en atencion": "en atención",
    "en tramite": "en atención", "en proceso": "en atención", "pendiente": "en atención", "atendido": "atendido",
    "concluido": "concluido", "cerrado": "concluido", "respondido": "concluido", "contestado": "concluido",
    "archivado": "concluido", "para conocimiento": "concluido", "conocimiento": "concluido", "finalizado": "concluido",
}


@dataclass
class ResultadoImportacion:
    entradas_nuevas: int = 0
    entradas_actualizadas: int = 0
    entradas_sin_cambios: int = 0
    salidas_nuevas: int = 0
    salidas_actualizadas: int = 0
    turnos_nuevos: int = 0
    columnas_ignoradas: list[str] = field(default_factory=list)

    def resumen(self) -> str:
        texto = (f"Entradas: {self.entradas_nuevas} nueva(s), {self.entradas_actualizadas} actualizada(s), "
                 f"{self.entradas_sin_cambios} sin cambios. Turnos nuevos: {self.turnos_nuevos}. Salidas: "
                 f"{self.salidas_nuevas} nueva(s), {self.salidas_actualizadas} actualizada(s).")
        if self.columnas_ignoradas:
            texto += f" Columnas no reconocidas (se ignoraron): {', '.join(self.columnas_ignoradas)}."
        return texto


@dataclass
class _Celda:
    valor: Any
    lugar: str


@dataclass
class _Fila:
    numero: int
    celdas: dict[str, _Celda]

    def valor(self, clave: str) -> Any:
        celda = self.celdas.get(clave)
        if celda is None:
            return None
        v = celda.valor
        if isinstance(v, str):
            v = v.strip()
            return v or None
        return v

    def texto(self, clave: str) -> str:
        v = self.valor(clave)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    def lugar(self, clave: str) -> str:
        celda = self.celdas.get(clave)
        return celda.lugar if celda else f"fila {self.numero}"


def _leer_hoja(libro: Libro, nombre: str, encabezados: dict[str, set[str]], obligatorias: tuple[str, ...],
               r: reg._Revision, ignoradas: list[str]) -> list[_Fila]:
    """The rows of a bitácora sheet, read by the input layer (every value with its place)."""

    def es_encabezado(valores: list[Any]) -> bool:
        # the header row: the first of the first ten with at least three known headers (a title may come before)
        return sum(1 for v in valores if _clave(v) and any(_clave(v) in a for a in encabezados.values())) >= 3

    esperados = ", ".join(f"«{NOMBRES[c]}»" for c in obligatorias)
    try:
        tabla = libro.tabla(nombre, encabezado=es_encabezado,
                            que_encabezado=f"(la bitácora necesita las columnas {esperados})")
    except EntradaInvalida as e:
        r.problemas.extend(e.problemas or [Problema(f"{libro.nombre}, hoja «{nombre}»", e.mensaje)])
        return []
    posiciones: dict[int, str] = {}
    vistas: dict[str, str] = {}
    for j, enc in enumerate(tabla.encabezados):
        clave = _clave(enc)
        if not clave or clave in IGNORADAS:
            continue
        campo = next((c for c, a in encabezados.items() if clave in a), None)
        if campo is None:
            ignoradas.append(f"«{enc}» (hoja «{nombre}»)")
            continue
        if campo in vistas:
            r.problema(tabla.lugar(tabla.fila_encabezado, j + 1), f"la columna «{enc}» repite a «{vistas[campo]}»",
                       "deje una sola")
            continue
        vistas[campo] = enc
        posiciones[j] = campo
    for campo in obligatorias:
        if campo not in vistas:
            r.problema(tabla.lugar(tabla.fila_encabezado), f"falta la columna «{NOMBRES[campo]}»")
    salida = []
    for fila in tabla.filas:
        celdas = {}
        for j, campo in posiciones.items():
            celda = fila.celda(j)
            celdas[campo] = _Celda(celda.valor, celda.lugar)
        salida.append(_Fila(fila.numero, celdas))
    return salida


def _fecha(r: reg._Revision, fila: _Fila, clave: str) -> date | None:
    valor = fila.valor(clave)
    if valor is None:
        return None
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    try:
        return formato.a_fecha(valor, serial_excel=True)  # a number here is a date cell that lost its format
    except ValueError as e:
        r.problema(fila.lugar(clave), str(e))
        return None


def _hora(r: reg._Revision, fila: _Fila) -> time | None:
    valor = fila.valor("hora")
    if valor is None:
        return None
    if isinstance(valor, datetime):
        return valor.time()
    if isinstance(valor, time):
        return valor
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:h|hrs?|horas)?", str(valor).strip(), re.IGNORECASE)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        r.problema(fila.lugar("hora"), f"«{valor}» no es una hora", "escríbala como 10:32 (24 horas)")
        return None
    return time(int(m[1]), int(m[2]))


def _areas(r: reg._Revision, fila: _Fila, siglas: list[str]) -> list[str]:
    texto = fila.texto("areas")
    if not texto:
        return []
    encontradas = []
    for parte in re.split(r"\s*(?:,|;|/|\by\b|\n)\s*", texto):
        if not parte.strip():
            continue
        real = next((s for s in siglas if s.lower() == parte.strip().lower()), None)
        if real is None:
            r.problema(fila.lugar("areas"), f"«{parte.strip()}» no es un área de archivo.toml",
                       f"áreas registradas: {', '.join(siglas)}")
        elif real not in encontradas:
            encontradas.append(real)
    return encontradas


@dataclass
class _Entrada:
    fila: _Fila
    datos: dict[str, Any]
    areas: list[str]
    fecha_turno: date | None
    respuesta: str
    fecha_respuesta: date | None
    estado: str | None


@dataclass
class _Salida:
    fila: _Fila | None
    datos: dict[str, Any]
    responde_a: list[str]


def _revisar_recibidos(filas: list[_Fila], r: reg._Revision, cal: Calendario, siglas: list[str]) -> list[_Entrada]:
    hoy = datetime.now()
    vistos: dict[tuple[str, str], int] = {}
    salida = []
    for f in filas:
        numero = f.texto("numero")
        remitente = f.texto("remitente_institucion")
        asunto = f.texto("asunto")
        for clave, texto in (("numero", numero), ("remitente_institucion", remitente), ("asunto", asunto)):
            if not texto:
                r.problema(f.lugar(clave), f"falta «{NOMBRES[clave]}»")
        recibido = _fecha(r, f, "fecha_recepcion")
        if recibido is None and f.valor("fecha_recepcion") is None:
            r.problema(f.lugar("fecha_recepcion"), "falta la fecha de recepción")
        hora = _hora(r, f)
        fecha_doc = _fecha(r, f, "fecha_documento")
        momento: datetime | date | None = recibido
        if recibido is not None:
            momento = datetime.combine(recibido, hora) if hora else recibido
            if recibido > hoy.date() or (isinstance(momento, datetime) and momento > hoy):
                r.problema(f.lugar("fecha_recepcion"), f"la recepción ({formato.fecha_corta(recibido)}) está en el "
                                                       "futuro")
            if fecha_doc is not None and fecha_doc > recibido:
                r.problema(f.lugar("fecha_recepcion"), f"es anterior a la fecha del documento "
                                                       f"({formato.fecha_corta(fecha_doc)})")
        medio = "sivople"
        if f.texto("medio"):
            medio = op.medio(f.texto("medio")) or ""
            if not medio:
                r.problema(f.lugar("medio"), f"«{f.texto('medio')}» no es un medio",
                           f"use: {', '.join(op.MEDIOS.values())}")
        tipo = "oficio"
        if f.texto("tipo"):
            tipo = op.tipo(f.texto("tipo")) or ""
            if not tipo:
                r.problema(f.lugar("tipo"), f"«{f.texto('tipo')}» no es un tipo de documento",
                           f"use: {', '.join(op.TIPOS.values())}")
        plazo = plazo_dias = None
        valor_plazo = f.valor("plazo")
        if valor_plazo is not None and recibido is not None:
            if isinstance(valor_plazo, int | float) and not isinstance(valor_plazo, bool) and valor_plazo < 400:
                plazo_dias = int(valor_plazo)  # «5»: días hábiles from receipt
                plazo = cal.sumar(recibido, plazo_dias)
            else:
                plazo = _fecha(r, f, "plazo")
                if plazo is not None and plazo < recibido:
                    r.problema(f.lugar("plazo"), f"el plazo ({formato.fecha_corta(plazo)}) es anterior a la "
                                                 f"recepción ({formato.fecha_corta(recibido)})")
        areas = _areas(r, f, siglas)
        fecha_turno = _fecha(r, f, "fecha_turno")
        if fecha_turno is not None:
            if not f.texto("areas"):
                r.problema(f.lugar("fecha_turno"), "hay fecha de turno pero no el área turnada")
            if recibido is not None and fecha_turno < recibido:
                r.problema(f.lugar("fecha_turno"), f"es anterior a la recepción ({formato.fecha_corta(recibido)})")
            if fecha_turno > hoy.date():
                r.problema(f.lugar("fecha_turno"), f"({formato.fecha_corta(fecha_turno)}) está en el futuro")
        respuesta = f.texto("respuesta")
        if respuesta in ("-", "—", "N/A", "n/a", "NA"):
            respuesta = ""
        fecha_respuesta = _fecha(r, f, "fecha_respuesta")
        if respuesta and fecha_respuesta is None and f.valor("fecha_respuesta") is None:
            r.problema(f.lugar("fecha_respuesta") if "fecha_respuesta" in f.celdas else f.lugar("respuesta"),
                       f"falta la fecha de la respuesta {respuesta}")
        if fecha_respuesta is not None:
            if recibido is not None and fecha_respuesta < recibido:
                r.problema(f.lugar("fecha_respuesta"), f"es anterior a la recepción ({formato.fecha_corta(recibido)})")
            if fecha_respuesta > hoy.date():
                r.problema(f.lugar("fecha_respuesta"), f"({formato.fecha_corta(fecha_respuesta)}) está en el futuro")
        estado = None
        if f.texto("estado"):
            estado = ESTATUS.get(_clave(f.texto("estado"))) or op.estado(f.texto("estado"))
            if estado is None:
                r.problema(f.lugar("estado"), f"«{f.texto('estado')}» no es un estatus",
                           f"use: {', '.join(op.ESTADOS)}")
        if numero and remitente:
            clave = (reg.normalizar_numero(numero), reg.normalizar_nombre(remitente))
            if clave in vistos:
                r.problema(f.lugar("numero"), f"el documento {numero} de {remitente} ya está en la fila {vistos[clave]}",
                           "deje una sola fila por documento")
            else:
                vistos[clave] = f.numero
        datos = {"numero": numero, "tipo": tipo, "fecha_documento": fecha_doc, "recibido": momento, "medio": medio,
                 "actividad_sivople": f.texto("actividad_sivople"), "remitente_institucion": remitente,
                 "remitente_area": f.texto("remitente_area"), "remitente_persona": f.texto("remitente_persona"),
                 "asunto": asunto, "plazo": plazo, "plazo_dias": plazo_dias, "observaciones": f.texto("observaciones"),
                 "folio_origen": f.texto("folio_origen")}
        salida.append(_Entrada(f, datos, areas, fecha_turno or (recibido if areas else None), respuesta,
                               fecha_respuesta, estado))
    return salida


def _revisar_enviados(filas: list[_Fila], r: reg._Revision, cal: Calendario) -> list[_Salida]:
    hoy = date.today()
    vistos: dict[str, int] = {}
    salida = []
    for f in filas:
        numero = f.texto("numero")
        for clave in ("numero", "destinatario_institucion", "asunto"):
            if not f.texto(clave):
                r.problema(f.lugar(clave), f"falta «{NOMBRES[clave]}»")
        fecha = _fecha(r, f, "fecha")
        if fecha is None and f.valor("fecha") is None:
            r.problema(f.lugar("fecha"), "falta la fecha de envío")
        if fecha is not None and fecha > hoy:
            r.problema(f.lugar("fecha"), f"({formato.fecha_corta(fecha)}) está en el futuro")
        medio = "sivople"
        if f.texto("medio"):
            medio = op.medio(f.texto("medio")) or ""
            if not medio:
                r.problema(f.lugar("medio"), f"«{f.texto('medio')}» no es un medio",
                           f"use: {', '.join(op.MEDIOS.values())}")
        tipo = op.tipo(f.texto("tipo")) if f.texto("tipo") else "oficio"
        if tipo is None:
            r.problema(f.lugar("tipo"), f"«{f.texto('tipo')}» no es un tipo de documento",
                       f"use: {', '.join(op.TIPOS.values())}")
        acuse = _fecha(r, f, "acuse_fecha")
        if acuse is not None and fecha is not None and acuse < fecha:
            r.problema(f.lugar("acuse_fecha"), f"es anterior al envío ({formato.fecha_corta(fecha)})")
        espera = False
        if f.texto("espera_respuesta"):
            try:
                espera = formato.a_booleano(f.texto("espera_respuesta"))
            except ValueError as e:
                r.problema(f.lugar("espera_respuesta"), str(e), "escriba sí o no")
        plazo = None
        if f.valor("plazo") is not None and fecha is not None:
            valor = f.valor("plazo")
            if isinstance(valor, int | float) and not isinstance(valor, bool) and valor < 400:
                plazo = cal.sumar(fecha, int(valor))
            else:
                plazo = _fecha(r, f, "plazo")
                if plazo is not None and plazo < fecha:
                    r.problema(f.lugar("plazo"), f"es anterior al envío ({formato.fecha_corta(fecha)})")
        respondida = _fecha(r, f, "respondida")
        if numero:
            clave = reg.normalizar_numero(numero)
            if clave in vistos:
                r.problema(f.lugar("numero"), f"el documento {numero} ya está en la fila {vistos[clave]}",
                           "deje una sola fila por documento")
            vistos.setdefault(clave, f.numero)
        responde = [x.strip() for x in re.split(r"[,;\n]", f.texto("responde_a")) if x.strip() and x.strip() != "—"]
        datos = {"numero": numero, "fecha": fecha, "medio": medio, "tipo": tipo or "oficio",
                 "actividad_sivople": f.texto("actividad_sivople"),
                 "destinatario_institucion": f.texto("destinatario_institucion"),
                 "destinatario_area": f.texto("destinatario_area"),
                 "destinatario_persona": f.texto("destinatario_persona"), "asunto": f.texto("asunto"),
                 "acuse_fecha": acuse, "espera_respuesta": espera, "plazo_respuesta": plazo, "respondida": respondida,
                 "observaciones": f.texto("observaciones"), "folio_origen": f.texto("folio_origen")}
        salida.append(_Salida(f, datos, responde))
    return salida


def _hojas(libro: Libro) -> tuple[str, str | None]:
    por_clave = {_clave(n): n for n in libro.hojas}
    recibidos = next((por_clave[c] for c in HOJAS_RECIBIDOS if c in por_clave), libro.hojas[0])
    enviados = next((por_clave[c] for c in HOJAS_ENVIADOS if c in por_clave), None)
    if enviados == recibidos:
        enviados = None
    return recibidos, enviados


def importar(cat: Catalogo, ruta: Path | str) -> ResultadoImportacion:
    """Import (or update) the register from an Excel bitácora; see the module docstring."""
    ruta = Path(ruta)
    if ruta.suffix.lower() not in (".xlsx", ".xlsm"):
        if not ruta.is_file():
            raise EntradaInvalida(f"No existe el archivo {ruta}.")
        raise EntradaInvalida(f"{ruta.name}: la bitácora se importa desde un libro de Excel (.xlsx); si la tiene en "
                              "otro formato, ábrala en Excel y guárdela como .xlsx.")
    raiz = cat.raiz
    siglas = [a.siglas for a in raiz.config.areas]
    cal = Calendario.de(raiz)
    r = reg._Revision()
    resultado = ResultadoImportacion()
    with Libro(ruta) as libro:
        hoja_r, hoja_e = _hojas(libro)
        filas_r = _leer_hoja(libro, hoja_r, ENCABEZADOS_RECIBIDOS, OBLIGATORIAS_RECIBIDOS, r,
                             resultado.columnas_ignoradas)
        filas_e = (_leer_hoja(libro, hoja_e, ENCABEZADOS_ENVIADOS, OBLIGATORIAS_ENVIADOS, r,
                              resultado.columnas_ignoradas) if hoja_e is not None else [])
    r.lanzar(f"No se importó {ruta.name}; corrija lo siguiente,")
    entradas = _revisar_recibidos(filas_r, r, cal, siglas)
    salidas = _revisar_enviados(filas_e, r, cal)
    if not entradas and not salidas:
        r.problema(f"{ruta.name}, hoja «{hoja_r}»", "no hay filas de documentos",
                   "agregue una fila por documento recibido")
    # «Responde a» must name an entrada of the file or of the register
    por_folio_archivo = {e.datos["folio_origen"]: e for e in entradas if e.datos["folio_origen"]}
    por_numero_archivo = {reg.normalizar_numero(e.datos["numero"]): e for e in entradas if e.datos["numero"]}
    for s in salidas:
        for ref in s.responde_a:
            referencia = re.sub(r"\s*\(.*\)\s*$", "", ref)
            if (referencia in por_folio_archivo or reg.normalizar_numero(referencia) in por_numero_archivo
                    or cat.uno("SELECT 1 FROM entradas WHERE folio = ? OR numero_normal = ?",
                               (referencia, reg.normalizar_numero(referencia)))):
                continue
            assert s.fila is not None
            r.problema(s.fila.lugar("responde_a"), f"«{ref}» no es una entrada de esta bitácora ni del registro",
                       "escriba el número del documento recibido o su folio de registro")
    r.lanzar(f"No se importó {ruta.name}; corrija lo siguiente,")
    _guardar(cat, entradas, salidas, resultado)
    return resultado


def _guardar(cat: Catalogo, entradas: list[_Entrada], salidas: list[_Salida], resultado: ResultadoImportacion) -> None:
    opciones = op.configuracion(cat.raiz)
    with cat.transaccion("importar bitácora de correspondencia") as tx:
        existentes = {(f["numero_normal"], f["remitente_normal"]): f for f in tx.todos("SELECT * FROM entradas")}
        salidas_existentes = {f["numero_normal"]: f["id"] for f in tx.todos("SELECT id, numero_normal FROM salidas")}
        consecutivos: dict[tuple[str, int], int] = {}

        def siguiente(tabla: str, formato_folio: str, anio: int) -> tuple[int, str]:
            clave = (tabla, anio)
            if clave not in consecutivos:
                consecutivos[clave] = tx.uno(f"SELECT COALESCE(MAX(consecutivo), 0) FROM {tabla} WHERE anio = ?",
                                             (anio,))[0]
            consecutivos[clave] += 1
            return consecutivos[clave], op.formatear_folio(formato_folio, cat.raiz.config.siglas, anio,
                                                           consecutivos[clave])

        # 1. Salidas of the «Enviados» sheet (the answers of the «Recibidos» sheet link to them).
        ids_salida: dict[str, int] = {}
        for s in salidas:
            ids_salida[reg.normalizar_numero(s.datos["numero"])] = _guardar_salida(
                tx, s, salidas_existentes, siguiente, opciones, resultado)
        # 2. Entradas, their turnos, their answers.
        entrada_ids: dict[str, int] = {}
        for e in entradas:
            entrada_id = _guardar_entrada(tx, e, existentes, siguiente, opciones, resultado)
            entrada_ids[reg.normalizar_numero(e.datos["numero"])] = entrada_id
            if e.datos["folio_origen"]:
                entrada_ids.setdefault(e.datos["folio_origen"], entrada_id)
            if e.respuesta:
                clave = reg.normalizar_numero(e.respuesta)
                salida_id = ids_salida.get(clave) or salidas_existentes.get(clave)
                if salida_id is None:
                    datos = {"numero": e.respuesta, "fecha": e.fecha_respuesta, "medio": e.datos["medio"],
                             "tipo": "oficio", "actividad_sivople": "",
                             "destinatario_institucion": e.datos["remitente_institucion"],
                             "destinatario_area": e.datos["remitente_area"],
                             "destinatario_persona": e.datos["remitente_persona"],
                             "asunto": f"Respuesta a {op.TIPOS[e.datos['tipo']].lower()} {e.datos['numero']}",
                             "acuse_fecha": None, "espera_respuesta": False, "plazo_respuesta": None,
                             "respondida": None, "observaciones": "", "folio_origen": ""}
                    salida_id = _guardar_salida(tx, _Salida(None, datos, []), salidas_existentes, siguiente, opciones,
                                                resultado, asunto_id=_asunto_de(tx, entrada_id))
                    ids_salida[clave] = salida_id
                _responder(tx, salida_id, entrada_id, e.fecha_respuesta)
            _estado_final(tx, entrada_id, e)
        # 3. «Responde a» of the «Enviados» sheet.
        for s in salidas:
            salida_id = ids_salida[reg.normalizar_numero(s.datos["numero"])]
            for ref in s.responde_a:
                referencia = re.sub(r"\s*\(.*\)\s*$", "", ref)
                entrada_id = entrada_ids.get(referencia) or entrada_ids.get(reg.normalizar_numero(referencia))
                if entrada_id is None:
                    fila = tx.uno("SELECT id FROM entradas WHERE folio = ? OR numero_normal = ? ORDER BY id LIMIT 1",
                                  (referencia, reg.normalizar_numero(referencia)))
                    entrada_id = fila[0]
                _responder(tx, salida_id, entrada_id, s.datos["fecha"])


def _asunto_de(tx: Transaccion, entrada_id: int) -> int:
    return tx.uno("SELECT asunto_id FROM entradas WHERE id = ?", (entrada_id,))[0]


_CAMPOS_ENTRADA = ("numero", "tipo", "fecha_documento", "recibido", "medio", "actividad_sivople",
                   "remitente_institucion", "remitente_area", "remitente_persona", "asunto", "plazo", "plazo_dias",
                   "observaciones", "folio_origen")


def _valor_sql(valor: Any) -> Any:
    if isinstance(valor, datetime):
        return valor.strftime("%Y-%m-%dT%H:%M")
    if isinstance(valor, date):
        return valor.isoformat()
    return valor


def _guardar_entrada(tx: Transaccion, e: _Entrada, existentes: dict, siguiente, opciones: op.ConfigCorrespondencia,
                     resultado: ResultadoImportacion) -> int:
    d = e.datos
    numero_normal, remitente_normal = reg.normalizar_numero(d["numero"]), reg.normalizar_nombre(
        d["remitente_institucion"])
    valores = {c: _valor_sql(d[c]) for c in _CAMPOS_ENTRADA}
    previa = existentes.get((numero_normal, remitente_normal))
    if previa is None:
        recibido = d["recibido"]
        anio = recibido.year
        consecutivo, folio = siguiente("entradas", opciones.folio_entrada, anio)
        asunto_id = int(tx.execute("INSERT INTO asuntos (titulo, creado) VALUES (?, ?)",
                                   (d["asunto"], tx.momento)).lastrowid)
        cur = tx.execute(
            "INSERT INTO entradas (folio, anio, consecutivo, folio_origen, numero, numero_normal, tipo, fecha_documento, "
            "recibido, medio, actividad_sivople, remitente_institucion, remitente_area, remitente_persona, "
            "remitente_normal, asunto, plazo, plazo_dias, asunto_id, observaciones, registrado, registrado_por) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (folio, anio, consecutivo, valores["folio_origen"], valores["numero"], numero_normal, valores["tipo"],
             valores["fecha_documento"], valores["recibido"], valores["medio"], valores["actividad_sivople"],
             valores["remitente_institucion"], valores["remitente_area"], valores["remitente_persona"],
             remitente_normal, valores["asunto"], valores["plazo"], valores["plazo_dias"], asunto_id,
             valores["observaciones"], tx.momento, tx.catalogo.usuario))
        entrada_id = int(cur.lastrowid)
        resultado.entradas_nuevas += 1
        tx.registrar("entrada", folio, None, dict(valores, origen="bitácora importada"))
        existentes[(numero_normal, remitente_normal)] = {"id": entrada_id, "folio": folio, **valores}
    else:
        entrada_id = previa["id"]
        cambios = {c: v for c, v in valores.items() if previa[c] != v and not (c == "folio_origen" and not v)}
        if cambios:
            asignaciones = ", ".join(f"{c} = ?" for c in cambios)
            tx.execute(f"UPDATE entradas SET {asignaciones} WHERE id = ?", [*cambios.values(), entrada_id])
            tx.registrar("entrada", previa["folio"], {c: previa[c] for c in cambios}, dict(cambios,
                                                                                         origen="bitácora importada"))
            resultado.entradas_actualizadas += 1
        else:
            resultado.entradas_sin_cambios += 1
    turnadas = {f["area"]: f for f in tx.todos("SELECT id, area, fecha, estado FROM turnos WHERE entrada_id = ?",
                                                 (entrada_id,))}
    for area in e.areas:
        if area in turnadas:
            continue
        tx.execute("INSERT INTO turnos (entrada_id, area, fecha, plazo, registrado, registrado_por) "
                   "VALUES (?, ?, ?, ?, ?, ?)", (entrada_id, area, e.fecha_turno.isoformat(), valores["plazo"],
                                                 tx.momento, tx.catalogo.usuario))
        resultado.turnos_nuevos += 1
    return entrada_id


def _guardar_salida(tx: Transaccion, s: _Salida, existentes: dict[str, int], siguiente,
                    opciones: op.ConfigCorrespondencia, resultado: ResultadoImportacion,
                    asunto_id: int | None = None) -> int:
    d = s.datos
    numero_normal = reg.normalizar_numero(d["numero"])
    campos = ("numero", "tipo", "fecha", "medio", "actividad_sivople", "destinatario_institucion",
              "destinatario_area", "destinatario_persona", "asunto", "acuse_fecha", "espera_respuesta",
              "plazo_respuesta", "respondida", "observaciones", "folio_origen")
    valores = {c: _valor_sql(d[c]) for c in campos}
    valores["espera_respuesta"] = int(bool(valores["espera_respuesta"]))
    salida_id = existentes.get(numero_normal)
    if salida_id is None:
        fecha: date = d["fecha"]
        consecutivo, folio = siguiente("salidas", opciones.folio_salida, fecha.year)
        if asunto_id is None:
            asunto_id = int(tx.execute("INSERT INTO asuntos (titulo, creado) VALUES (?, ?)",
                                       (d["asunto"], tx.momento)).lastrowid)
        cur = tx.execute(
            "INSERT INTO salidas (folio, anio, consecutivo, numero_normal, asunto_id, registrado, registrado_por, "
            f"{', '.join(campos)}) VALUES ({', '.join('?' * (7 + len(campos)))})",
            (folio, fecha.year, consecutivo, numero_normal, asunto_id, tx.momento, tx.catalogo.usuario,
             *valores.values()))
        salida_id = int(cur.lastrowid)
        existentes[numero_normal] = salida_id
        resultado.salidas_nuevas += 1
        tx.registrar("salida", folio, None, dict(valores, origen="bitácora importada"))
        return salida_id
    previa = tx.uno("SELECT * FROM salidas WHERE id = ?", (salida_id,))
    if s.fila is None:  # an answer named in «Recibidos» that is already registered: left as it is
        return salida_id
    cambios = {c: v for c, v in valores.items() if previa[c] != v and not (c == "folio_origen" and not v)}
    if cambios:
        tx.execute(f"UPDATE salidas SET {', '.join(f'{c} = ?' for c in cambios)} WHERE id = ?",
                   [*cambios.values(), salida_id])
        tx.registrar("salida", previa["folio"], {c: previa[c] for c in cambios}, dict(cambios,
                                                                                    origen="bitácora importada"))
        resultado.salidas_actualizadas += 1
    return salida_id


def _responder(tx: Transaccion, salida_id: int, entrada_id: int, fecha: date | None) -> None:
    if tx.uno("SELECT 1 FROM respuestas WHERE salida_id = ? AND entrada_id = ?", (salida_id, entrada_id)):
        return
    tx.execute("INSERT INTO respuestas (salida_id, entrada_id) VALUES (?, ?)", (salida_id, entrada_id))
    if fecha is None:
        fecha = date.fromisoformat(tx.uno("SELECT fecha FROM salidas WHERE id = ?", (salida_id,))[0])
    numero = tx.uno("SELECT numero FROM salidas WHERE id = ?", (salida_id,))[0]
    tx.execute("UPDATE entradas SET concluido = COALESCE(concluido, ?), motivo_conclusion = CASE WHEN concluido IS NULL "
               "THEN ? ELSE motivo_conclusion END WHERE id = ?", (fecha.isoformat(), f"Respondida con {numero}.",
                                                                  entrada_id))


def _estado_final(tx: Transaccion, entrada_id: int, e: _Entrada) -> None:
    """The state the bitácora says, where the facts do not already decide it."""
    if e.estado in ("en atención", "atendido"):
        nuevo = "atendido" if e.estado == "atendido" else "en atención"
        columna = "atendido" if nuevo == "atendido" else "en_atencion"
        tx.execute(f"UPDATE turnos SET estado = ?, {columna} = COALESCE({columna}, fecha) WHERE entrada_id = ? "
                   "AND estado != 'atendido'", (nuevo, entrada_id))
    if e.estado == "concluido":
        dia = e.fecha_respuesta or e.fecha_turno or reg._dia(e.datos["recibido"])
        tx.execute("UPDATE entradas SET concluido = COALESCE(concluido, ?), motivo_conclusion = CASE WHEN concluido IS "
                   "NULL THEN 'Concluido según la bitácora importada.' ELSE motivo_conclusion END WHERE id = ?",
                   (dia.isoformat(), entrada_id))
    reg._recalcular(tx, entrada_id)

