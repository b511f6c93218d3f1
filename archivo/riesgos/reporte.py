"""The risk-matrix report: the matrix in the seed's layout, heat maps, PTAR follow-up and what is missing.

``construir_docx`` builds a landscape Word document from ``reunir``'s data and a folio: the matrix with the four
sections of seed 004 as column groups (I identificación; II análisis: P, I, NR; III tratamiento: the five options,
actions, fecha de inicio; IV revaloración: P, I, NR), the 3×3 heat maps (inherent and residual side by side, cells
shaded by level with the count and ids of the risks in them), the action follow-up with % de avance, pending work,
warnings, incomplete rows and the evaluation history. ``emitir`` files it as an informe with folio in the
mecanismo's expediente (indexed like any document). ``construir_xlsx`` is the same report as a workbook.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.shared import Cm, RGBColor

from archivo import mecanismos as catalogo_mecanismos
from archivo.archivistica import documentos, expedientes
from archivo.base import excel
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.formato import fecha_corta, fecha_larga
from archivo.base.fsutil import atomic_write_bytes
from archivo.base.raiz import Raiz
from archivo.plantillas import compilacion
from archivo.riesgos.registro import (
    NIVELES,
    OPCIONES,
    Pendiente,
    Riesgo,
    lista,
    nivel_nr,
    nivel_texto,
    pendientes,
)
from archivo.word import marco, tablas
from archivo.word.informe import sombrear as _sombrear

SECCIONES = (
    "SECCIÓN I IDENTIFICACIÓN DE LOS RIESGOS",
    "SECCIÓN II ANÁLISIS DE LOS RIESGOS",
    "SECCIÓN III TRATAMIENTO DE LOS RIESGOS",
    "SECCIÓN IV REVALORACIÓN DEL NIVEL DE RIESGO",
)
COLORES = {"ALTO": "E06666", "MEDIO": "FFD966", "BAJO": "93C47D"}
GRIS, GRIS_CLARO, SIN_DATO = "D9D9D9", "F2F2F2", "—"
REFERENCIA_GENERAL = "todos"
TITULO_GENERAL = "todos los mecanismos"
LEYENDA = ("NR = probabilidad × impacto, con ALTO = 3, MEDIO = 2 y BAJO = 1; se calcula siempre, nunca se captura. "
           "Nivel del riesgo: NR de 6 a 9, ALTO (rojo); de 3 a 4, MEDIO (amarillo); de 1 a 2, BAJO (verde).")


@dataclass
class DatosReporte:
    """Everything the report shows, read in one go (inside the transaction that files it)."""

    fecha: date
    mecanismo: str | None  # clave, or None for all
    titulo: str  # mecanismo name or «todos los mecanismos»
    riesgos: list[Riesgo]
    nombres: dict[str, tuple[str, str]]  # clave -> (etiqueta_matriz, nombre)
    pendientes: list[Pendiente]

    def como_dict(self) -> dict[str, Any]:
        return {"fecha": self.fecha.isoformat(), "mecanismo": self.mecanismo or REFERENCIA_GENERAL, "titulo": self.titulo,
                "riesgos": [r.como_dict(self.fecha) for r in self.riesgos],
                "pendientes": [p.como_dict() for p in self.pendientes]}


def reunir(fuente: Catalogo | Transaccion, *, mecanismo: str | None = None, fecha: date | None = None) -> DatosReporte:
    raiz = fuente.catalogo.raiz if isinstance(fuente, Transaccion) else fuente.raiz
    fecha = fecha or date.today()
    cm = catalogo_mecanismos.cargar(raiz)
    clave = cm.mecanismo(mecanismo).clave if mecanismo else None
    riesgos = lista(fuente, mecanismo=clave)
    if not riesgos:
        donde = f"del mecanismo «{cm.mecanismos[clave].nombre}»" if clave else "en este archivo"
        raise ArchivoError(f"No hay riesgos registrados {donde}. Registre uno con «archivo riesgos alta» o cargue "
                           "las matrices del Manual con «archivo riesgos cargar-base».")
    nombres = {c: (m.etiqueta_matriz, m.nombre) for c, m in cm.mecanismos.items()}
    for r in riesgos:
        nombres.setdefault(r.mecanismo, (r.mecanismo.upper(), r.mecanismo))
    return DatosReporte(fecha, clave, nombres[clave][1] if clave else TITULO_GENERAL, riesgos, nombres,
                        pendientes(fuente, al=fecha, mecanismo=clave))


def mapa_calor(riesgos: Sequence[Riesgo], tipo: str) -> dict[tuple[int, int], list[str]]:
    """(probabilidad, impacto) -> ids of the risks whose latest ``tipo`` evaluation falls there."""
    celdas: dict[tuple[int, int], list[str]] = {(p, i): [] for p in NIVELES for i in NIVELES}
    for r in riesgos:
        ev = r.inherente if tipo == "inherente" else r.residual
        if ev is not None and ev.nr is not None:
            assert ev.probabilidad is not None and ev.impacto is not None
            celdas[(ev.probabilidad, ev.impacto)].append(r.codigo)
    return celdas


def fecha_inicio_texto(r: Riesgo) -> str:
    """The earliest start of the actions, and the annotated start when the matrix wrote one that is not a date."""
    fechas = sorted(a.actual.fecha_inicio for a in r.acciones if a.actual.fecha_inicio)
    if fechas and r.inicio_anotado:
        return f"{fecha_corta(fechas[0])} (anotada: {r.inicio_anotado})"
    if fechas:
        return fecha_corta(fechas[0])
    return r.inicio_anotado or SIN_DATO


def _texto_accion(a: Any) -> str:
    v = a.actual
    partes = [p for p in (v.responsable,
                          f"compromiso {fecha_corta(v.fecha_compromiso)}" if v.fecha_compromiso else "",
                          avance_texto(v.avance) if v.avance is not None else "") if p]
    return f"A{a.numero}. {v.descripcion}" + (f" ({'; '.join(partes)})" if partes else "")


def avance_texto(avance: int | None) -> str:
    return "sin dato" if avance is None else f"{avance} %"


def _estatus(a: Any, al: date) -> str:
    texto = a.actual.estatus or "sin dato"
    return f"{texto} (vencida)" if a.vencida(al) else texto


def resumen(datos: DatosReporte) -> str:
    rs = datos.riesgos
    base = sum(r.origen == "matriz base" for r in rs)
    incompletos = sum(r.incompleto for r in rs)
    revalorados = sum(r.nr_residual is not None for r in rs)
    acciones = [a for r in rs for a in r.acciones]
    vencidas = sum(a.vencida(datos.fecha) for a in acciones)
    avances = [a.actual.avance for a in acciones if a.actual.avance is not None and a.actual.estatus != "cancelada"]
    texto = (f"Riesgos registrados: {len(rs)}"
             + (f" ({base} de la matriz del Manual de Procedimientos 2023)" if base else "")
             + f". Incompletos: {incompletos}. Con revaloración: {revalorados}. "
             f"Acciones de tratamiento: {len(acciones)}, vencidas: {vencidas}")
    if avances:
        texto += f"; avance promedio {round(sum(avances) / len(avances))} %"
    return texto + "."


# --- the document --------------------------------------------------------------------------------------

# Matrix columns: I (ID, riesgo, causas, efectos, área) | II (P, I, NR) | III (5 options, acciones, inicio) | IV.
ANCHOS_MATRIZ = (1.75, 3.1, 1.9, 1.9, 1.1, 1.3, 1.3, 0.9, 0.65, 0.65, 0.65, 0.65, 0.65, 3.4, 1.5, 1.3, 1.3, 0.9)
GRUPOS = ((0, 4), (5, 7), (8, 14), (15, 17))


def _celdas_nivel(celdas: list[Any], inicio: int, ev: Any, *, falta: str, comparar: int | None = None) -> None:
    if ev is None:
        for j in range(3):
            tablas.escribir(celdas[inicio + j], falta, centro=True)
        return
    tablas.escribir(celdas[inicio], nivel_texto(ev.probabilidad) or falta, centro=True)
    tablas.escribir(celdas[inicio + 1], nivel_texto(ev.impacto) or falta, centro=True)
    if ev.nr is None:
        tablas.escribir(celdas[inicio + 2], falta, centro=True, cursiva=True)
        return
    tablas.escribir(celdas[inicio + 2], str(ev.nr), centro=True, negrita=True, tam=9)
    _sombrear(celdas[inicio + 2], COLORES[nivel_nr(ev.nr)])
    if comparar is not None and ev.nr > comparar:
        tablas.escribir(celdas[inicio + 2], "mayor que II", centro=True, tam=5.5, nuevo=True)


def _matriz(doc: Any, datos: DatosReporte) -> None:
    tabla = tablas.tabla(doc, 2, ANCHOS_MATRIZ)
    cab, sub = tabla.rows
    for (a, b), titulo in zip(GRUPOS, SECCIONES, strict=True):
        celda = cab.cells[a].merge(cab.cells[b])
        tablas.escribir(celda, titulo, negrita=True, centro=True, tam=7)
        _sombrear(celda, GRIS)
    encabezados = ("ID", "RIESGO", "CAUSAS", "EFECTOS", "ÁREA", "PROBABILIDAD", "IMPACTO", "NR = P × I",
                   *OPCIONES, "ACCIONES PARA REDUCIR LOS RIESGOS", "FECHA DE INICIO", "PROBABILIDAD", "IMPACTO",
                   "NR = P × I")
    for j, texto in enumerate(encabezados):
        celda = sub.cells[j]
        tablas.escribir(celda, texto, negrita=True, centro=True, tam=5.5 if j > 4 else 6.5)
        _sombrear(celda, GRIS_CLARO)
        celda.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        if 5 <= j <= 12 or j >= 15:  # narrow columns: the heading reads bottom to top, as in the Manual
            tablas.vertical(celda)
    tablas.fila_encabezado(cab)
    tablas.fila_encabezado(sub)
    sub.height = Cm(1.9)
    mecanismo_actual = None
    for r in datos.riesgos:
        if r.mecanismo != mecanismo_actual:
            mecanismo_actual = r.mecanismo
            celda = tablas.fila(tabla, unir=(0, len(ANCHOS_MATRIZ) - 1))[0]
            etiqueta, nombre = datos.nombres[r.mecanismo]
            tablas.escribir(celda, f"{etiqueta} — {nombre}", negrita=True, tam=7)
            _sombrear(celda, GRIS_CLARO)
        c = tablas.fila(tabla, centrar=True)
        tablas.escribir(c[0], r.codigo, negrita=True)
        if r.incompleto:
            tablas.escribir(c[0], "INCOMPLETO", negrita=True, tam=5.5, color=RGBColor(0xC0, 0x00, 0x00), nuevo=True)
        if r.texto:
            tablas.escribir(c[1], r.texto)
        else:
            tablas.escribir(c[1], "(sin texto del riesgo)", cursiva=True)
        tablas.escribir(c[2], r.causas or SIN_DATO)
        tablas.escribir(c[3], r.efectos or SIN_DATO)
        tablas.escribir(c[4], r.area or SIN_DATO, centro=True)
        _celdas_nivel(c, 5, r.inherente, falta="falta")
        for j, opcion in enumerate(OPCIONES):
            if opcion in r.tratamiento:
                tablas.escribir(c[8 + j], "X", negrita=True, centro=True, tam=8)
        if r.acciones:
            for k, a in enumerate(r.acciones):
                tablas.escribir(c[13], _texto_accion(a), tam=6.5, nuevo=k > 0)
        else:
            tablas.escribir(c[13], SIN_DATO)
        tablas.escribir(c[14], fecha_inicio_texto(r), centro=True, tam=6.5)
        _celdas_nivel(c, 15, r.residual, falta=SIN_DATO, comparar=r.nr_inherente)


ANCHOS_MAPA = (2.3, 2.7, 2.7, 2.7, 0.6, 2.3, 2.7, 2.7, 2.7)


def _mapas(doc: Any, datos: DatosReporte) -> None:
    tabla = tablas.tabla(doc, 5, ANCHOS_MAPA)
    filas = tabla.rows
    for inicio, titulo in ((0, "RIESGO INHERENTE (SECCIÓN II)"), (5, "RIESGO RESIDUAL (SECCIÓN IV)")):
        celda = filas[0].cells[inicio].merge(filas[0].cells[inicio + 3])
        tablas.escribir(celda, titulo, negrita=True, centro=True, tam=8)
        _sombrear(celda, GRIS)
        mapa = mapa_calor(datos.riesgos, "inherente" if inicio == 0 else "residual")
        for k, p in enumerate((3, 2, 1), start=1):
            tablas.escribir(filas[k].cells[inicio], f"PROBABILIDAD {nivel_texto(p)}", negrita=True, tam=7)
            _sombrear(filas[k].cells[inicio], GRIS_CLARO)
            filas[k].cells[inicio].vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            for j, i in enumerate((1, 2, 3), start=1):
                celda = filas[k].cells[inicio + j]
                ids = mapa[(p, i)]
                tablas.escribir(celda, str(len(ids)), negrita=True, centro=True, tam=14)
                tablas.escribir(celda, ", ".join(ids) if ids else " ", centro=True, tam=6.5, nuevo=True)
                tablas.escribir(celda, f"NR {p * i}", centro=True, tam=5.5, cursiva=True, nuevo=True)
                _sombrear(celda, COLORES[nivel_nr(p * i)])
                celda.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            filas[k].height = Cm(1.8)
        tablas.escribir(filas[4].cells[inicio], "IMPACTO →", negrita=True, tam=7, centro=True)
        for j, i in enumerate((1, 2, 3), start=1):
            tablas.escribir(filas[4].cells[inicio + j], f"IMPACTO {nivel_texto(i)}", negrita=True, centro=True, tam=7)
            _sombrear(filas[4].cells[inicio + j], GRIS_CLARO)
    for k, fila in enumerate(filas):
        tablas.sin_partir(fila)
        if k < len(filas) - 1:  # the two maps stay on one page
            for celda in fila.cells:
                for parrafo in celda.paragraphs:
                    parrafo.paragraph_format.keep_with_next = True


def _ptar(doc: Any, datos: DatosReporte) -> None:
    acciones = [(r, a) for r in datos.riesgos for a in r.acciones]
    if not acciones:
        doc.add_paragraph("No hay acciones de tratamiento registradas.")
        return
    anchos = (1.6, 0.9, 5.6, 2.6, 1.8, 1.9, 4.4, 1.6, 2.6)
    tabla = tablas.tabla(doc, 1, anchos)
    for j, texto in enumerate(("RIESGO", "No.", "ACCIÓN", "RESPONSABLE", "FECHA DE INICIO", "FECHA COMPROMISO",
                               "EVIDENCIA", "% DE AVANCE", "ESTATUS")):
        tablas.escribir(tabla.rows[0].cells[j], texto, negrita=True, centro=True, tam=6.5)
        _sombrear(tabla.rows[0].cells[j], GRIS)
    tablas.fila_encabezado(tabla.rows[0])
    for r, a in acciones:
        v = a.actual
        c = tablas.fila(tabla)
        valores = (r.codigo, f"A{a.numero}", v.descripcion, v.responsable or SIN_DATO,
                   fecha_corta(v.fecha_inicio) if v.fecha_inicio else SIN_DATO,
                   fecha_corta(v.fecha_compromiso) if v.fecha_compromiso else SIN_DATO,
                   v.evidencia or SIN_DATO, avance_texto(v.avance), _estatus(a, datos.fecha))
        for j, texto in enumerate(valores):
            tablas.escribir(c[j], texto, tam=7, centro=j in (1, 4, 5, 7), negrita=j == 7)
        if a.vencida(datos.fecha):
            _sombrear(c[8], "F4CCCC")
        if len(a.versiones) > 1:
            historia = "; ".join(f"v{x.version} {fecha_corta(x.fecha) if x.fecha else 'sin fecha'}: {avance_texto(x.avance)}"
                                 for x in a.versiones[:-1])
            tablas.escribir(c[2], f"Avances anteriores: {historia}", tam=5.5, cursiva=True, nuevo=True)
    avances = [a.actual.avance for _, a in acciones if a.actual.avance is not None and a.actual.estatus != "cancelada"]
    if avances:
        c = tablas.fila(tabla, unir=(0, 6))
        tablas.escribir(c[0], f"Avance promedio de {len(avances)} acción(es) con avance registrado", negrita=True, tam=7)
        tablas.escribir(c[7], f"{round(sum(avances) / len(avances))} %", negrita=True, centro=True, tam=7)


def _pendientes(doc: Any, datos: DatosReporte) -> None:
    if not datos.pendientes:
        doc.add_paragraph(f"No hay acciones ni revisiones vencidas al {fecha_larga(datos.fecha)}.")
        return
    tabla = tablas.tabla(doc, 1, (3.0, 1.6, 8.0, 3.0, 2.4, 2.0))
    for j, texto in enumerate(("TIPO", "RIESGO", "DESCRIPCIÓN", "RESPONSABLE", "VENCIMIENTO", "DÍAS DE ATRASO")):
        tablas.escribir(tabla.rows[0].cells[j], texto, negrita=True, centro=True, tam=6.5)
        _sombrear(tabla.rows[0].cells[j], GRIS)
    tablas.fila_encabezado(tabla.rows[0])
    for p in datos.pendientes:
        c = tablas.fila(tabla)
        for j, texto in enumerate((p.tipo, p.riesgo, p.descripcion, p.responsable or SIN_DATO,
                                   fecha_corta(p.vencimiento), str(p.dias_atraso))):
            tablas.escribir(c[j], texto, tam=7, centro=j in (4, 5))


def _incompletos(doc: Any, datos: DatosReporte) -> None:
    incompletos = [r for r in datos.riesgos if r.incompleto]
    if not incompletos:
        doc.add_paragraph("Todos los riesgos tienen texto y NR calculado.")
        return
    doc.add_paragraph(f"{len(incompletos)} renglón(es) no tienen el texto del riesgo o no tienen NR en el análisis. "
                      "No se completaron con supuestos: falta capturarlos.")
    tabla = tablas.tabla(doc, 1, (1.6, 4.5, 6.0, 8.0))
    for j, texto in enumerate(("RIESGO", "MECANISMO", "TEXTO DEL RIESGO", "FALTA")):
        tablas.escribir(tabla.rows[0].cells[j], texto, negrita=True, centro=True, tam=6.5)
        _sombrear(tabla.rows[0].cells[j], GRIS)
    tablas.fila_encabezado(tabla.rows[0])
    for r in incompletos:
        c = tablas.fila(tabla)
        for j, texto in enumerate((r.codigo, datos.nombres[r.mecanismo][1], r.texto or "(sin texto del riesgo)",
                                   "; ".join(r.faltantes))):
            tablas.escribir(c[j], texto, tam=7, cursiva=j == 2 and not r.texto)


def _historial(doc: Any, datos: DatosReporte) -> None:
    tabla = tablas.tabla(doc, 1, (1.6, 0.9, 2.0, 2.0, 2.0, 2.0, 1.0, 12.0))
    for j, texto in enumerate(("RIESGO", "No.", "TIPO", "FECHA", "PROBABILIDAD", "IMPACTO", "NR", "NOTA")):
        tablas.escribir(tabla.rows[0].cells[j], texto, negrita=True, centro=True, tam=6.5)
        _sombrear(tabla.rows[0].cells[j], GRIS)
    tablas.fila_encabezado(tabla.rows[0])
    for r in datos.riesgos:
        for e in r.evaluaciones:
            c = tablas.fila(tabla)
            valores = (r.codigo, str(e.numero), "análisis (II)" if e.tipo == "inherente" else "revaloración (IV)",
                       fecha_corta(e.fecha) if e.fecha else "sin fecha", nivel_texto(e.probabilidad) or "falta",
                       nivel_texto(e.impacto) or "falta", str(e.nr) if e.nr is not None else "falta", e.nota)
            for j, texto in enumerate(valores):
                tablas.escribir(c[j], texto, tam=6.5, centro=j in (1, 3, 4, 5, 6))
            if e.nr is not None:
                _sombrear(c[6], COLORES[nivel_nr(e.nr)])


def construir_docx(raiz: Raiz, datos: DatosReporte, folio: str | None) -> bytes:
    """The report as a landscape Word document (bytes) — the ``reporte-riesgos`` frame (the office edits its
    wording in Word) with the matrix, heat maps and follow-up built from the register. ``folio`` None = draft."""
    sin_mapa = [r.codigo for r in datos.riesgos if r.nr_inherente is None]
    nota_mapa = "Cada celda indica cuántos riesgos tienen esa probabilidad e impacto, y cuáles. " + LEYENDA
    if sin_mapa:
        nota_mapa += f" Sin NR en el análisis, fuera del mapa inherente: {', '.join(sin_mapa)}."
    if datos.mecanismo:
        etiqueta, nombre = datos.nombres[datos.mecanismo]
        titulo = f"{nombre} ({etiqueta})"
    else:
        titulo = "Todos los mecanismos del Servicio y la vinculación con el INE"
    contexto = compilacion.contexto_sistema(raiz, fecha=datos.fecha, folio=folio)
    contexto.update({
        "es_borrador": folio is None, "titulo_mecanismo": titulo, "resumen": resumen(datos), "leyenda": LEYENDA,
        "nota_mapa": nota_mapa, **{b: marco.marcador(b) for b in BLOQUES},
    })
    documento = compilacion.documento(raiz, "reporte-riesgos", contexto, tuple(raiz.config.dias_inhabiles))

    def incompletos(doc: Any) -> None:
        _incompletos(doc, datos)
        avisos = [(r.codigo, a) for r in datos.riesgos for a in r.avisos]
        if avisos:
            doc.add_paragraph("Avisos (incoherencias que requieren revisión):").runs[0].bold = True
            for codigo, aviso in avisos:
                doc.add_paragraph(f"{codigo}: {aviso}.", style="List Bullet")
        notas = [(r.codigo, r.nota) for r in datos.riesgos if r.nota]
        if notas:
            doc.add_paragraph("Notas de los renglones:").runs[0].bold = True
            for codigo, texto in notas:
                doc.add_paragraph(f"{codigo}: {texto}", style="List Bullet")

    return marco.rellenar(documento, {
        "matriz": lambda doc: _matriz(doc, datos), "mapas": lambda doc: _mapas(doc, datos),
        "ptar": lambda doc: _ptar(doc, datos), "pendientes": lambda doc: _pendientes(doc, datos),
        "incompletos": incompletos, "historial": lambda doc: _historial(doc, datos),
    })


BLOQUES = ("matriz", "mapas", "ptar", "pendientes", "incompletos", "historial")


# --- filing -----------------------------------------------------------------------------------------


ASUNTO = "Matriz de administración de riesgos: "  # + the mecanismo's name (or «todos los mecanismos»)


def emitidos(cat: Catalogo | Transaccion) -> list[documentos.Documento]:
    """The risk reports issued (with folio), newest first."""
    return [documentos.obtener(cat, f[0]) for f in cat.todos(
        "SELECT id FROM documentos WHERE tipo = 'informe' AND folio IS NOT NULL AND substr(asunto, 1, ?) = ? "
        "ORDER BY id DESC", (len(ASUNTO), ASUNTO))]


def emitir(cat: Catalogo, *, mecanismo: str | None = None, fecha: date | None = None) -> Any:
    """Issue the report as an informe with folio in the mecanismo's expediente (or the «todos» one)."""
    raiz = cat.raiz
    fecha = fecha or date.today()
    cm = catalogo_mecanismos.cargar(raiz)
    if mecanismo:
        m = cm.mecanismo(mecanismo)
        referencia, nombre = m.clave, m.nombre
    else:
        referencia, nombre = REFERENCIA_GENERAL, TITULO_GENERAL
    with cat.transaccion("emitir matriz de riesgos") as tx:
        datos = reunir(tx, mecanismo=None if referencia == REFERENCIA_GENERAL else referencia, fecha=fecha)
        expediente = expedientes.asegurar(tx, "mecanismo", referencia, f"Administración de riesgos: {nombre}")
        doc = documentos.emitir_en(
            tx, tipo="informe", asunto=f"{ASUNTO}{nombre}", expediente=expediente,
            construir=lambda folio: construir_docx(raiz, datos, folio), serie="informe",
            area=raiz.config.organo_enlace["siglas"], fecha=fecha, datos=datos.como_dict(),
        )
    return doc


# --- the same report as a workbook ------------------------------------------------------------------------


def construir_xlsx(datos: DatosReporte) -> bytes:
    """Matrix (seed layout, merged section headers), heat maps, PTAR follow-up and incomplete rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    fino = Side(style="thin", color="808080")
    borde = Border(left=fino, right=fino, top=fino, bottom=fino)
    negrita = Font(bold=True)
    envolver = Alignment(wrap_text=True, vertical="center")
    centro = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def relleno(color: str) -> PatternFill:
        return PatternFill("solid", fgColor=color)

    def poner(hoja: Any, fila: int, col: int, valor: Any, *, fuerte: bool = False, color: str | None = None,
              centrado: bool = False) -> Any:
        celda = excel.celda(hoja, fila, col, valor)
        celda.border = borde
        celda.alignment = centro if centrado else envolver
        if fuerte:
            celda.font = negrita
        if color:
            celda.fill = relleno(color)
        return celda

    libro = Workbook()
    hoja = libro.active
    hoja.title = "Matriz"
    excel.celda(hoja, 1, 1, f"Matriz de administración de riesgos: {datos.titulo}, "
                            f"{fecha_larga(datos.fecha)}.").font = Font(bold=True, size=12)
    for (a, b), titulo in zip(GRUPOS, SECCIONES, strict=True):
        hoja.merge_cells(start_row=3, start_column=a + 1, end_row=3, end_column=b + 1)
        poner(hoja, 3, a + 1, titulo, fuerte=True, color=GRIS, centrado=True)
    encabezados = ("ID", "Riesgo", "Causas", "Efectos", "Área", "Probabilidad", "Impacto", "NR = P × I", *OPCIONES,
                   "Acciones para reducir los riesgos", "Fecha de inicio", "Probabilidad", "Impacto", "NR = P × I")
    for j, texto in enumerate(encabezados, start=1):
        poner(hoja, 4, j, texto, fuerte=True, color=GRIS_CLARO, centrado=True)
    for j, ancho in enumerate((11, 40, 25, 25, 9, 12, 12, 8, 5, 5, 5, 5, 5, 45, 14, 12, 12, 8), start=1):
        hoja.column_dimensions[get_column_letter(j)].width = ancho
    fila = 5
    for r in datos.riesgos:
        ii, iv = r.inherente, r.residual
        valores = [r.codigo + ("\nINCOMPLETO" if r.incompleto else ""), r.texto or "(sin texto del riesgo)",
                   r.causas, r.efectos, r.area,
                   nivel_texto(ii.probabilidad) if ii else "", nivel_texto(ii.impacto) if ii else "",
                   r.nr_inherente if r.nr_inherente is not None else "falta",
                   *["X" if o in r.tratamiento else "" for o in OPCIONES],
                   "\n".join(_texto_accion(a) for a in r.acciones), fecha_inicio_texto(r),
                   nivel_texto(iv.probabilidad) if iv else "", nivel_texto(iv.impacto) if iv else "",
                   r.nr_residual if r.nr_residual is not None else ""]
        for j, valor in enumerate(valores, start=1):
            color = None
            if j in (8, 18) and isinstance(valor, int):
                color = COLORES[nivel_nr(valor)]
            poner(hoja, fila, j, valor, centrado=j not in (2, 3, 4, 14), color=color, fuerte=j == 1)
        fila += 1
    hoja.freeze_panes = "B5"

    mapa = libro.create_sheet("Mapa de calor")
    for inicio, tipo, titulo in ((1, "inherente", "Riesgo inherente (sección II)"),
                                 (6, "residual", "Riesgo residual (sección IV)")):
        mapa.merge_cells(start_row=1, start_column=inicio, end_row=1, end_column=inicio + 3)
        poner(mapa, 1, inicio, titulo, fuerte=True, color=GRIS, centrado=True)
        celdas = mapa_calor(datos.riesgos, tipo)
        for k, p in enumerate((3, 2, 1), start=2):
            poner(mapa, k, inicio, f"Probabilidad {nivel_texto(p)}", fuerte=True, color=GRIS_CLARO)
            for j, i in enumerate((1, 2, 3), start=1):
                ids = celdas[(p, i)]
                poner(mapa, k, inicio + j, f"{len(ids)}\n{', '.join(ids)}", centrado=True,
                      color=COLORES[nivel_nr(p * i)])
            mapa.row_dimensions[k].height = 60
        for j, i in enumerate((1, 2, 3), start=1):
            poner(mapa, 5, inicio + j, f"Impacto {nivel_texto(i)}", fuerte=True, color=GRIS_CLARO, centrado=True)
    for j in range(1, 10):
        mapa.column_dimensions[get_column_letter(j)].width = 3 if j == 5 else 22
    mapa.cell(row=7, column=1, value=LEYENDA)

    ptar = libro.create_sheet("Seguimiento PTAR")
    titulos = ("Riesgo", "No.", "Acción", "Responsable", "Fecha de inicio", "Fecha compromiso", "Evidencia",
               "% de avance", "Estatus")
    for j, texto in enumerate(titulos, start=1):
        poner(ptar, 1, j, texto, fuerte=True, color=GRIS, centrado=True)
    for j, ancho in enumerate((11, 6, 45, 18, 12, 12, 35, 10, 18), start=1):
        ptar.column_dimensions[get_column_letter(j)].width = ancho
    fila = 2
    for r in datos.riesgos:
        for a in r.acciones:
            v = a.actual
            valores = (r.codigo, f"A{a.numero}", v.descripcion, v.responsable,
                       fecha_corta(v.fecha_inicio) if v.fecha_inicio else "",
                       fecha_corta(v.fecha_compromiso) if v.fecha_compromiso else "", v.evidencia,
                       avance_texto(v.avance), _estatus(a, datos.fecha))
            for j, valor in enumerate(valores, start=1):
                poner(ptar, fila, j, valor, centrado=j in (2, 5, 6, 8),
                      color="F4CCCC" if j == 9 and a.vencida(datos.fecha) else None)
            fila += 1

    inc = libro.create_sheet("Incompletos")
    for j, texto in enumerate(("Riesgo", "Mecanismo", "Texto del riesgo", "Falta"), start=1):
        poner(inc, 1, j, texto, fuerte=True, color=GRIS, centrado=True)
    for j, ancho in enumerate((11, 35, 45, 60), start=1):
        inc.column_dimensions[get_column_letter(j)].width = ancho
    for k, r in enumerate([r for r in datos.riesgos if r.incompleto], start=2):
        for j, valor in enumerate((r.codigo, datos.nombres[r.mecanismo][1], r.texto or "(sin texto del riesgo)",
                                   "; ".join(r.faltantes)), start=1):
            poner(inc, k, j, valor)

    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def exportar_xlsx(cat: Catalogo, ruta: Path | str, *, mecanismo: str | None = None, fecha: date | None = None,
                  reemplazar: bool = False) -> Path:
    """Write the report as a workbook at ``ruta`` (not filed: it is a working copy, the .docx is the record)."""
    ruta = Path(ruta)
    if ruta.suffix.lower() != ".xlsx":
        raise EntradaInvalida(f"El archivo de salida «{ruta.name}» debe terminar en .xlsx.")
    if ruta.exists() and not reemplazar:
        raise ArchivoError(f"Ya existe {ruta}; elija otro nombre o use --reemplazar.")
    atomic_write_bytes(ruta, construir_xlsx(reunir(cat, mecanismo=mecanismo, fecha=fecha)))
    return ruta
