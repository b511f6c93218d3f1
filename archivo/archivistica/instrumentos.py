"""The instruments of control y consulta archivísticos, each issued with folio as Word and as Excel.

- inventario general por área, inventario de transferencia primaria, inventario de baja documental (with the
  dictamen de valoración and the acta de baja), inventario de transferencia secundaria, guía de archivo documental.
- Word: from the archive's templates (``plantillas/inventario-*.docx`` and ``guia-archivo.docx``, with their
  schemas), which the office may edit like any template; the shipped set is used when an older archive lacks them.
  The rows come from the catalog, never from the user: ``archivo generar`` refuses these templates.
- Excel: the same rows with the same columns, written beside the Word document with the same name (``.xlsx``) and
  registered with its SHA-256.

Inventory columns (LGA practice): no. consecutivo, código de clasificación, número y título del expediente, fechas
extremas, número de fojas, valores documentales, vigencia, ubicación, observaciones. Expedientes with personal data
say so in their observaciones and the inventory carries the corresponding note.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from archivo.archivistica import cadido, clasificacion, cuadro, documentos, fojas, libros, vida
from archivo.archivistica import expedientes as exps
from archivo.archivistica.libros import Columna
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado
from archivo.base.formato import fecha_corta, fecha_larga
from archivo.base.raiz import Raiz
from archivo.base.valores import a_id
from archivo.plantillas import compilacion, conjunto
from archivo.plantillas.conjunto import Plantilla
from archivo.plantillas.render import PlantillaCompilada
from archivo.word import conversion

Fuente = Catalogo | Transaccion

# kind -> (template, title)
TIPOS = {
    "general": ("inventario-general", "Inventario general por área"),
    "primaria": ("inventario-transferencia-primaria", "Inventario de transferencia primaria"),
    "baja": ("inventario-baja", "Dictamen, inventario y acta de baja documental"),
    "secundaria": ("inventario-transferencia-secundaria", "Inventario de transferencia secundaria"),
    "guia": ("guia-archivo", "Guía de archivo documental"),
}
# Document types of the instrument templates (their schemas' «tipo»): only this module fills them.
TIPOS_DOCUMENTO = ("inventario", "guia-archivo")
SERIE_FOLIO = "instrumento-archivistico"
FORMATO_FOLIO = "{siglas}/{area}/IA-{consecutivo:03d}/{anio}"
EXPEDIENTE = ("mecanismo", "gestion-documental", "Gestión documental: instrumentos de control y consulta archivísticos")
NOTA_DATOS_PERSONALES = ("Los expedientes señalados como confidenciales contienen datos personales: su consulta y "
                         "reproducción se sujetan a la legislación de transparencia y de protección de datos "
                         "personales.")

COLUMNAS_INVENTARIO = (
    Columna("consecutivo", "No.", 6),
    Columna("codigo", "Código de clasificación", 14),
    Columna("numero", "Número de expediente", 30),
    Columna("titulo", "Título del expediente", 50),
    Columna("fechas_extremas", "Fechas extremas", 22),
    Columna("fojas", "Fojas", 8),
    Columna("valores", "Valores documentales", 11),
    Columna("vigencia", "Vigencia", 20),
    Columna("ubicacion", "Ubicación", 32),
    Columna("observaciones", "Observaciones", 40),
)
COLUMNAS_GUIA = (
    Columna("codigo", "Código", 12),
    Columna("serie", "Serie documental", 40),
    Columna("descripcion", "Descripción", 60),
    Columna("volumen", "Volumen", 24),
    Columna("fechas_extremas", "Fechas extremas", 14),
    Columna("ubicacion", "Ubicación", 40),
    Columna("responsable", "Responsable", 40),
)


# --- rows ----------------------------------------------------------------------------------------------


def contar_fojas(cat: Catalogo, expedientes: Sequence[exps.Expediente]) -> dict[int, fojas.Fojas]:
    """The fojas of each expediente, counted before an instrument is issued (outside its transaction): Word
    documents not yet paginated are counted with LibreOffice where it is installed; without it the inventory says
    how many are still to be counted."""
    docs = {e.id: exps.documentos_de(cat, e) for e in expedientes}
    with contextlib.suppress(conversion.ErrorConversion):
        exps.contar_fojas(cat, [d for lista_docs in docs.values() for d in lista_docs])
    return {i: fojas.contar(cat, lista_docs) for i, lista_docs in docs.items()}


def suma_fojas(partes: Sequence[fojas.Fojas]) -> fojas.Fojas:
    return fojas.Fojas(sum(f.paginas for f in partes), sum(f.por_contar for f in partes),
                       sum(f.ilegibles for f in partes))


def fechas_extremas(exp: exps.Expediente, docs: Sequence[dict[str, Any]]) -> tuple[date, date]:
    """Dates of the oldest and newest document (the opening and closing dates without documents)."""
    fechas = sorted(d["fecha"][:10] for d in docs)
    inicio = fechas[0] if fechas else exp.fecha_apertura
    fin = fechas[-1] if fechas else (exp.fecha_cierre or exp.fecha_apertura)
    return date.fromisoformat(inicio), date.fromisoformat(fin)


@dataclass
class Fila:
    """One expediente in an inventory, with what the totals need."""

    expediente: exps.Expediente
    datos: dict[str, Any]
    fojas: fojas.Fojas
    inicio: date
    fin: date
    confidencial: bool


def fila_inventario(fuente: Fuente, exp: exps.Expediente, consecutivo: int, contadas: fojas.Fojas, *,
                    observaciones: Sequence[str] = ()) -> Fila:
    """An expediente's row (``contadas``: its fojas, from ``contar_fojas``)."""
    docs = exps.documentos_de(fuente, exp)
    inicio, fin = fechas_extremas(exp, docs)
    d = cadido.de_serie(fuente, exp.serie_id)
    serie = cuadro.por_id(fuente, exp.serie_id) if exp.serie_id else None
    acceso = clasificacion.acceso_efectivo(d, bool(exp.datos_personales))
    notas: list[str] = []
    if acceso == "confidencial":
        notas.append("Confidencial: contiene datos personales" if exp.datos_personales else "Confidencial")
    elif acceso == "reservada":
        notas.append(d.acceso_texto if d else "Reservada")
    else:
        notas.append("Pública")
    if exp.estado == "abierto":
        notas.append("Expediente abierto")
    prestamo = vida.prestamo_abierto(fuente, exp.id)
    if prestamo is not None:
        notas.append(f"En préstamo a {prestamo.solicitante} ({prestamo.area}) desde el {fecha_corta(prestamo.fecha)}")
    if vida.valor_historico(fuente, exp):
        notas.append("Con documentos de valor histórico")
    notas.extend(observaciones)
    datos = {
        "consecutivo": consecutivo, "codigo": serie.codigo if serie else clasificacion.SIN_CLASIFICAR,
        "numero": exp.numero, "titulo": exp.titulo,
        "fechas_extremas": f"{fecha_corta(inicio)} – {fecha_corta(fin)}", "fojas": contadas.texto(),
        "valores": d.valores_abreviados if d and d.valores else "—",
        "vigencia": d.vigencia_texto if d else "Sin serie del cuadro", "ubicacion": exp.ubicacion,
        "observaciones": "; ".join(notas),
    }
    return Fila(exp, datos, contadas, inicio, fin, acceso == "confidencial" and bool(exp.datos_personales))


def totales(filas: Sequence[Fila]) -> dict[str, Any]:
    inicio = min((f.inicio for f in filas), default=None)
    fin = max((f.fin for f in filas), default=None)
    return {"total_expedientes": len(filas), "total_fojas": suma_fojas([f.fojas for f in filas]).texto(),
            "fechas_extremas": f"{fecha_corta(inicio)} – {fecha_corta(fin)}" if inicio else "",
            "nota_datos_personales": NOTA_DATOS_PERSONALES if any(f.confidencial for f in filas) else ""}


def ordenar(fuente: Fuente, expedientes: Sequence[exps.Expediente]) -> list[exps.Expediente]:
    """In classification order: by serie code, then number."""
    codigos = {e.id: e.codigo for e in cuadro.lista(fuente)}
    return sorted(expedientes, key=lambda x: (cuadro.clave_natural(codigos.get(x.serie_id, "~")),
                                              cuadro.clave_natural(x.numero)))


# --- issuing -------------------------------------------------------------------------------------------


@dataclass
class Instrumento:
    id: int
    tipo: str
    folio: str
    documento_id: int
    ruta: str        # the Word document
    ruta_xlsx: str   # its Excel
    area: str
    fecha: str
    expedientes: int
    emitido: str
    emitido_por: str

    @property
    def titulo(self) -> str:
        return TIPOS[self.tipo][1]

    def como_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__} | {"titulo": self.titulo}


_SELECT = ("SELECT i.*, d.folio, a.ruta, x.ruta AS ruta_xlsx FROM instrumentos i "
           "JOIN documentos d ON d.id = i.documento_id JOIN archivos a ON a.id = d.archivo_id "
           "JOIN archivos x ON x.id = i.xlsx_id")


def _de_fila(f: Any) -> Instrumento:
    return Instrumento(f["id"], f["tipo"], f["folio"], f["documento_id"], f["ruta"], f["ruta_xlsx"], f["area"],
                       f["fecha"], f["expedientes"], f["emitido"], f["emitido_por"])


def lista(fuente: Fuente, tipo: str | None = None) -> list[Instrumento]:
    if tipo:
        filas = fuente.todos(f"{_SELECT} WHERE i.tipo = ? ORDER BY i.fecha, i.id", (tipo,))
    else:
        filas = fuente.todos(f"{_SELECT} ORDER BY i.fecha, i.id")
    return [_de_fila(f) for f in filas]


def obtener(fuente: Fuente, folio_o_id: str | int) -> Instrumento:
    texto = str(folio_o_id).strip()
    fila = fuente.uno(f"{_SELECT} WHERE d.folio = ?", (texto,))
    if fila is None and (ident := a_id(texto)) is not None:
        fila = fuente.uno(f"{_SELECT} WHERE i.id = ?", (ident,))
    if fila is None:
        raise NoEncontrado(f"No existe el instrumento «{texto}». Vea los emitidos con «archivo archivistica "
                           "instrumentos».")
    return _de_fila(fila)


def plantilla(raiz: Raiz, nombre: str) -> Plantilla:
    """The archive's template (its edited copy in plantillas/), else the shipped one."""
    return conjunto.cargar(raiz, nombre)


def _compilar(raiz: Raiz, p: Plantilla) -> PlantillaCompilada:
    """Compiled with the membrete, as every document of the archive (its variables checked against the schema)."""
    return compilacion.compilar(raiz, p, tuple(raiz.config.dias_inhabiles))


def _firmante(raiz: Raiz, area: str) -> dict[str, str]:
    config = raiz.config
    f = next((x for x in config.firmantes if x.area == area), None) or config.firmante()
    return {"clave": f.clave, "nombre": f.nombre, "cargo": f.cargo}


def exigir_folio(raiz: Raiz) -> None:
    if SERIE_FOLIO not in raiz.config.folios:
        raise EntradaInvalida(
            f"archivo.toml no define el folio de los instrumentos archivísticos. Agregue en la sección [folios] "
            f"la línea: {SERIE_FOLIO} = \"{FORMATO_FOLIO}\"")


def _libro(raiz: Raiz, tipo: str, folio: str, area_nombre: str, fecha: date, encabezado: Sequence[str],
           columnas: Sequence[Columna], filas: Sequence[dict[str, Any]], notas: Sequence[str]) -> bytes:
    libro = libros.nuevo_libro()
    titulo = [raiz.config.institucion["nombre"], TIPOS[tipo][1], f"No. {folio}", area_nombre,
              f"Fecha: {fecha_larga(fecha)}", *encabezado]
    libros.escribir_hoja(libro, "Guía" if tipo == "guia" else "Inventario", columnas, filas, titulo=titulo,
                         notas=notas)
    return libros.bytes_de(libro)


def emitir_en(tx: Transaccion, tipo: str, *, area: str, fecha: date, campos: dict[str, Any],
              filas: Sequence[dict[str, Any]], encabezado_excel: Sequence[str] = (),
              notas_excel: Sequence[str] = ()) -> Instrumento:
    """Issue instrument ``tipo`` with folio inside the caller's transaction: Word from its template, Excel beside."""
    raiz = tx.catalogo.raiz
    config = raiz.config
    exigir_folio(raiz)
    area_cfg = config.area(area)
    nombre, titulo = TIPOS[tipo]
    p = plantilla(raiz, nombre)
    pc = _compilar(raiz, p)
    expediente = exps.asegurar(tx, *EXPEDIENTE, area=area, fecha=fecha)
    contexto_base = compilacion.contexto_sistema(raiz, area=area_cfg.siglas, fecha=fecha,
                                                 expediente=exps.contexto(expediente))
    contexto_base["firmante"] = _firmante(raiz, area)
    faltan = [c.nombre for c in p.esquema.campos if c.requerido and c.nombre not in campos]
    if faltan:  # an edited schema asks for data the program does not have
        raise EntradaInvalida(f"El esquema {nombre}.yaml pide datos que el programa no tiene: {', '.join(faltan)}. "
                              "Restablezca el esquema incluido con el programa.")

    def construir(folio: str | None) -> bytes:
        try:
            return compilacion.renderizar(pc, nombre, contexto_base | {"folio": folio} | campos)
        except EntradaInvalida:
            raise
        except Exception as e:  # an edited template that fails to fill: say which and how to check it
            raise EntradaInvalida(f"La plantilla «{nombre}» no se pudo llenar ({type(e).__name__}: {e}). "
                                  f"Revísela con «archivo plantillas verificar {nombre}».") from None

    doc = documentos.emitir_en(
        tx, tipo=p.esquema.tipo, asunto=f"{titulo}: {campos.get('unidad_administrativa') or area_cfg.nombre}",
        expediente=expediente, construir=construir, serie=SERIE_FOLIO, area=area, fecha=fecha, plantilla=nombre,
        plantilla_sha256=p.sha256, datos={"instrumento": tipo, "campos": _json(campos)})
    ruta_docx = raiz.absoluta(doc.ruta)
    xlsx = _libro(raiz, tipo, doc.folio, f"{area_cfg.nombre} ({area_cfg.siglas})", fecha, encabezado_excel,
                  COLUMNAS_GUIA if tipo == "guia" else COLUMNAS_INVENTARIO, filas, notas_excel)
    xlsx_id = tx.escribir_archivo(ruta_docx.with_suffix(".xlsx"), xlsx, tipo="instrumento")
    cur = tx.execute("INSERT INTO instrumentos (tipo, documento_id, xlsx_id, area, fecha, expedientes, emitido, "
                     "emitido_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (tipo, doc.id, xlsx_id, area, fecha.isoformat(), len(filas), tx.momento, tx.catalogo.usuario))
    tx.registrar("instrumento", doc.folio, None, {"tipo": titulo, "area": area, "fecha": fecha.isoformat(),
                                                  "renglones": len(filas)})
    return obtener(tx, int(cur.lastrowid))


def _json(valor: Any) -> Any:
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, dict):
        return {k: _json(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_json(v) for v in valor]
    return valor


def fondo_texto(fuente: Fuente) -> str:
    f = cuadro.fondo(fuente)
    return f.etiqueta if f else ""


def unidad(raiz: Raiz, area: str) -> str:
    a = raiz.config.area(area)
    return f"{a.nombre} ({a.siglas})"


# --- inventario general and guía (issued on request) ------------------------------------------------------


def inventario_general(cat: Catalogo, area: str, *, fecha: date | None = None) -> Instrumento:
    """The inventory of every expediente of ``area`` that has not been given de baja, in classification order."""
    fecha = fecha or date.today()
    raiz = cat.raiz
    raiz.config.area(area)
    exigir_folio(raiz)
    clasificacion.preparar(cat)

    def del_area(fuente: Fuente) -> list[exps.Expediente]:
        return ordenar(fuente, [exps._de_fila(f) for f in fuente.todos(
            "SELECT * FROM expedientes WHERE area = ? AND fase != 'baja' AND fecha_apertura <= ?",
            (area, fecha.isoformat()))])

    conteo = contar_fojas(cat, del_area(cat))
    with cat.transaccion("emitir inventario general") as tx:
        expedientes = del_area(tx)
        if not expedientes:
            raise EntradaInvalida(f"El área {area} no tiene expedientes que inventariar al {fecha.isoformat()}.")
        filas = [fila_inventario(tx, e, i, conteo[e.id]) for i, e in enumerate(expedientes, start=1)]
        suma = totales(filas)
        abiertos = sum(1 for e in expedientes if e.estado == "abierto")
        campos = {"fondo": fondo_texto(tx), "unidad_administrativa": unidad(raiz, area),
                  "corte": f"{len(expedientes)} expediente(s) no dados de baja al {fecha_larga(fecha)}: "
                           f"{abiertos} abierto(s) y {len(expedientes) - abiertos} cerrado(s)",
                  "expedientes": [f.datos for f in filas]} | suma
        return emitir_en(tx, "general", area=area, fecha=fecha, campos=campos, filas=[f.datos for f in filas],
                         encabezado_excel=[f"Fondo: {campos['fondo']}", f"Comprende: {campos['corte']}"],
                         notas_excel=[suma["nota_datos_personales"]] if suma["nota_datos_personales"] else [])


def _descritos(fuente: Fuente, al: date) -> list[exps.Expediente]:
    return [exps._de_fila(f) for f in fuente.todos(
        "SELECT * FROM expedientes WHERE serie_id IS NOT NULL AND fase != 'baja' AND fecha_apertura <= ? ORDER BY id",
        (al.isoformat(),))]


def filas_guia(fuente: Fuente, al: date, conteo: dict[int, fojas.Fojas]) -> list[dict[str, Any]]:
    """One row per serie or subserie with expedientes (``conteo``: their fojas, from ``contar_fojas``)."""
    raiz = (fuente.catalogo if isinstance(fuente, Transaccion) else fuente).raiz
    config = raiz.config
    todos = _descritos(fuente, al)
    salida = []
    for serie in cuadro.series(fuente):
        expedientes = [e for e in todos if e.serie_id == serie.id]
        if not expedientes:
            continue
        anios: list[int] = []
        for e in expedientes:
            inicio, fin = fechas_extremas(e, exps.documentos_de(fuente, e))
            anios += [inicio.year, fin.year]
        total = suma_fojas([conteo[e.id] for e in expedientes])
        partes = []
        for fase in ("tramite", "concentracion", "historico"):
            en_fase = [e for e in expedientes if e.fase == fase]
            if not en_fase:
                continue
            texto = f"{exps.FASES[fase]} ({len(en_fase)})"
            cajas = sorted({e.caja for e in en_fase if e.caja}, key=cuadro.clave_natural)
            if cajas:
                texto += f": caja{'s' if len(cajas) > 1 else ''} {', '.join(cajas)}"
            partes.append(texto)
        try:
            area = config.area(serie.area) if serie.area else None
        except ArchivoError:
            area = None
        salida.append({
            "codigo": serie.codigo, "serie": serie.nombre, "descripcion": serie.descripcion or "—",
            "volumen": f"{len(expedientes)} expediente(s); {total.texto()} foja(s)",
            "fechas_extremas": f"{min(anios)} – {max(anios)}" if min(anios) != max(anios) else str(min(anios)),
            "ubicacion": "; ".join(partes),
            "responsable": f"{area.nombre} ({area.siglas})" if area else (serie.area or "—"),
        })
    return salida


def guia(cat: Catalogo, *, area: str | None = None, fecha: date | None = None) -> Instrumento:
    """The guía de archivo documental: every serie with expedientes, its volume, dates, location, responsible."""
    fecha = fecha or date.today()
    raiz = cat.raiz
    area = area or raiz.config.organo_enlace["siglas"]
    raiz.config.area(area)
    exigir_folio(raiz)
    clasificacion.preparar(cat)
    conteo = contar_fojas(cat, _descritos(cat, fecha))
    with cat.transaccion("emitir guía de archivo documental") as tx:
        filas = filas_guia(tx, fecha, conteo)
        if not filas:
            raise EntradaInvalida("El archivo aún no tiene expedientes clasificados que describir en la guía.")
        total = sum(int(f["volumen"].split()[0]) for f in filas)
        campos = {"fondo": fondo_texto(tx), "total_series": len(filas), "total_expedientes": total, "series": filas}
        return emitir_en(tx, "guia", area=area, fecha=fecha, campos=campos, filas=filas,
                         encabezado_excel=[f"Fondo: {campos['fondo']}",
                                           f"{len(filas)} serie(s) con {total} expediente(s)"])
