"""Demo of gestión documental: the cuadro and CADIDO of the demo's series, expedientes in every state of their
life, and one of each instrument issued with folio (Word and Excel).

Past procedures of the fictitious institute (2014 to 2021) are opened with their dates, get a scanned PDF each
(so their fojas are real page counts), are closed, and then live their archival life: transferred to
concentración in 2019 and 2022 (one of them early, with its reason), one given de baja in 2026 when its vigencia
ended, one transferred to the archivo histórico, one lent and returned, one lent and not yet returned, and two
still waiting for their transfer (they appear in «pendientes»). Last, the inventario general of the Órgano de
Enlace and the guía de archivo documental; the cuadro and the CADIDO are also exported to Excel in entrada/.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from archivo import procedimientos as procs
from archivo.archivistica import clasificacion, documentos, instrumentos, transferencias, vida
from archivo.archivistica import expedientes as exps
from archivo.archivistica.transferencias import Traslado
from archivo.base.catalogo import Catalogo
from archivo.base.formato import fecha_corta, fecha_larga
from archivo.base.raiz import Raiz

AVISO = "Documento ficticio del archivo de demostración; no corresponde a ningún acto real."


@dataclass(frozen=True)
class Pasado:
    clave: str
    mecanismo: str
    titulo: str
    apertura: date
    cierre: date
    documento: str  # the scanned document filed in it
    paginas: int


PASADOS = [
    Pasado("incentivos-2014", "incentivos", "Incentivos del ejercicio valorado 2014", date(2015, 3, 2),
           date(2015, 11, 27), "Dictámenes de otorgamiento de incentivos del ejercicio valorado 2014", 6),
    Pasado("concurso-2015", "concurso-publico", "Concurso Público 2015 para ocupar plazas vacantes del Servicio",
           date(2015, 6, 1), date(2016, 3, 31), "Lista de personas ganadoras del Concurso Público 2015", 4),
    Pasado("evaluacion-2017", "evaluacion-desempeno", "Evaluación del desempeño septiembre 2017 a agosto 2018",
           date(2018, 9, 3), date(2019, 2, 28), "Dictamen de resultados de la evaluación del desempeño 2017-2018",
           9),
    Pasado("titularidad-2018", "titularidad-promocion", "Otorgamiento de titularidad 2018", date(2018, 5, 7),
           date(2018, 12, 14), "Dictámenes de otorgamiento de titularidad 2018", 5),
    Pasado("cambios-2019", "cambios-adscripcion", "Cambios de adscripción 2019", date(2019, 2, 4),
           date(2019, 10, 31), "Acuerdo de cambios de adscripción 2019", 3),
    Pasado("encargos-2021", "encargos-despacho", "Encargos de despacho 2021", date(2021, 3, 1), date(2021, 12, 15),
           "Oficios de designación de encargos de despacho 2021", 2),
]


def _pdf(titulo: str, fecha: date, paginas: int) -> bytes:
    """A fictitious scanned document: a title page and its following pages, each with its number."""
    salida = io.BytesIO()
    c = Canvas(salida, pagesize=letter)
    c.setTitle(titulo)
    ancho, alto = letter
    for n in range(1, paginas + 1):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, alto - 72, "INSTITUTO ELECTORAL DE ANÁHUAC")
        c.setFont("Helvetica", 10)
        c.drawString(72, alto - 92, titulo)
        c.drawString(72, alto - 108, f"Santa Lucía del Valle, Anáhuac, a {fecha_larga(fecha)}.")
        c.drawString(72, alto - 140, f"Foja {n} de {paginas}.")
        c.setFont("Helvetica-Oblique", 8)
        c.drawString(72, 54, AVISO)
        c.showPage()
    c.save()
    return salida.getvalue()


def _pasado(cat: Catalogo, p: Pasado) -> exps.Expediente:
    proc = procs.abrir(cat, p.mecanismo, p.titulo, fecha=p.apertura)
    exp = exps.por_id(cat, proc.expediente_id)
    fecha_doc = p.cierre.replace(day=max(1, p.cierre.day - 10))
    documentos.emitir(cat, "archivar documento anterior", tipo="dictamen" if "ictamen" in p.documento else "oficio",
                      asunto=p.documento, expediente=exp, construir=lambda _f: _pdf(p.documento, fecha_doc, p.paginas),
                      serie=None, fecha=fecha_doc, procedimiento_id=proc.id, extension=".pdf",
                      nombre_archivo=f"{p.clave}-escaneo.pdf", estado="importado", origen="importado")
    procs.concluir(cat, proc.id, forzar=True)
    return exps.cerrar(cat, exp.id, p.cierre)


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    clasificacion.preparar(cat)
    entrada = raiz.ruta / "entrada"
    entrada.mkdir(exist_ok=True)
    clasificacion.exportar_cuadro(cat, entrada / "cuadro-de-clasificacion.xlsx", reemplazar=True)
    clasificacion.exportar_cadido(cat, entrada / "cadido.xlsx", reemplazar=True)
    series = len(clasificacion.ver_cadido(cat))
    informe.append(f"Gestión documental: cuadro general de clasificación y CADIDO de ejemplo del SPEN ({series} series "
                   "y subseries con plazos, destino final y acceso), también en entrada/cuadro-de-clasificacion.xlsx "
                   "y entrada/cadido.xlsx.")

    e = {p.clave: _pasado(cat, p) for p in PASADOS}
    # A document of the evaluation valued as historical: that expediente will go to the archivo histórico.
    evaluacion = exps.documentos_de(cat, e["evaluacion-2017"])[0]
    vida.marcar_valor_historico(cat, f"#{evaluacion['id']}", "Primer ciclo de evaluación con los Lineamientos "
                                "vigentes; se conserva como muestra del ciclo trianual")

    primaria_2019 = transferencias.transferir(cat, [
        Traslado(e["incentivos-2014"].numero, "1", "A-1"),
        Traslado(e["concurso-2015"].numero, "2", "A-1"),
    ], fecha=date(2019, 1, 15), motivo="El archivo de trámite de la DEVySPE se reubicó y no tenía espacio para "
                                       "conservarlo hasta el término de su plazo", recibe="Lic. Marcela Ibáñez Soto")
    primaria_2022 = transferencias.transferir(cat, [
        Traslado(e["titularidad-2018"].numero, "3", "A-2"),
        Traslado(e["evaluacion-2017"].numero, "3", "A-2"),
    ], fecha=date(2022, 5, 10), recibe="Lic. Marcela Ibáñez Soto")
    vida.prestar(cat, e["evaluacion-2017"].numero, solicitante="Mtra. Claudia Patricia Reyes Luna", area="CSPE",
                 fecha="2026-03-02", devolucion="2026-03-16", motivo="Consulta para el informe del ciclo trianual")
    vida.devolver(cat, e["evaluacion-2017"].numero, fecha="2026-03-13", observaciones="Completo, sin faltantes")
    baja = transferencias.dar_de_baja(cat, [e["incentivos-2014"].numero], fecha=date(2026, 1, 20),
                                      responsable="Lic. Marcela Ibáñez Soto")
    secundaria = transferencias.transferir(cat, [Traslado(e["concurso-2015"].numero, "H-1", "H-1")],
                                           secundaria=True, fecha=date(2026, 4, 20),
                                           recibe="Mtro. Julián Carvajal Pineda")
    prestamo = vida.prestar(cat, e["titularidad-2018"].numero, solicitante="Lic. Andrés Villaseñor Quiroga",
                            area="CSPE", fecha="2026-05-04", devolucion="2026-05-18",
                            motivo="Atención de un recurso de inconformidad")
    general = instrumentos.inventario_general(cat, raiz.config.organo_enlace["siglas"])
    guia = instrumentos.guia(cat)

    informe.append(
        f"Vida de los expedientes: abiertos y cerrados del trámite; transferidos a concentración con su caja y "
        f"estante ({primaria_2019.instrumento.folio} de 2019, con una transferencia anticipada y su motivo, y "
        f"{primaria_2022.instrumento.folio} de 2022); «{PASADOS[0].titulo}» dado de baja "
        f"({baja.instrumento.folio}: dictamen, inventario y acta); «{PASADOS[1].titulo}» en el archivo histórico "
        f"({secundaria.instrumento.folio}); «{PASADOS[2].titulo}» prestado y devuelto; «{PASADOS[3].titulo}» "
        f"prestado desde el {fecha_corta(prestamo.fecha)} sin devolver; «{PASADOS[4].titulo}» y "
        f"«{PASADOS[5].titulo}» en espera de su transferencia primaria.")
    informe.append(f"Instrumentos con folio, en Word y Excel (expedientes/mecanismos/gestion-documental/): inventario "
                   f"general de la DEVySPE ({general.folio}), guía de archivo documental ({guia.folio}) y los "
                   f"inventarios de las transferencias y de la baja. Vea «archivo archivistica pendientes» e "
                   f"«archivo archivistica instrumentos».")
