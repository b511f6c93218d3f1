"""Demo: the compromisos y acuerdos of seed 001 with their informes, and the PAT SPEN 2024 of seed 000.

The ledger and the programme are the seeds' own data (archivo/datos/compromisos_seed001.yaml and pat_2024.yaml,
whose headers say what was assumed). On top of them the demo records some progress — labelled as the demo's own —
to show the history, the carry-over of an open item into the next informe, and the semestral report.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from archivo import compromisos, pat
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz

# Progress of the first semester of the PAT SPEN 2024 (demo data: taken from what seed 001 reports where it can,
# e.g. the Catálogo de Cargos y Puestos approved by INE/JGE38/2024; the rest is plausible, not real).
AVANCES_PAT = [
    ("Planeación y Evaluación del SPEN", 1, "concluida", 100,
     "La Junta aprobó el Programa Anual de Trabajo del SPEN 2024."),
    ("Planeación y Evaluación del SPEN", 2, "concluida", 100,
     "La Comisión del Servicio envió a la Junta el Informe de los resultados de la evaluación del SPEN respecto al "
     "ejercicio 2023, que lo dio por recibido en su sesión ordinaria del 25 de marzo de 2024."),
    ("Planeación y Evaluación del SPEN", 7, "concluida", 100,
     "La Junta aprobó la actualización del Catálogo de Cargos y Puestos del SPEN mediante el Acuerdo "
     "INE/JGE38/2024."),
    ("Evaluación del desempeño", 2, "concluida", 100,
     "La Junta aprobó la incorporación de una meta colectiva (INE/JGE39/2024) y la incorporación y modificación de "
     "metas del sistema INE (INE/JGE57/2024)."),
    ("Selección e ingreso", 2, "en proceso", 80,
     "La Junta designó a las personas ganadoras por lista de reserva para cargos y puestos distintos de Vocalía "
     "Ejecutiva mediante el Acuerdo INE/JGE55/2024; continúan las designaciones pendientes."),
    ("Formación", 5, "concluida", 100,
     "La Comisión del Servicio dio por recibido el informe el 13 de marzo de 2024; las observaciones de las "
     "Consejeras se atendieron el 17 de abril de 2024."),
    ("Capacitación", 1, "en proceso", 60,
     "Se integró el expediente de contratación de la plataforma del Centro Virtual INE (dato de demostración)."),
    ("Permanencia y registro SPEN", 1, "concluida", 100,
     "Se realizó el cómputo anual del periodo efectivo para la permanencia (dato de demostración)."),
]


def _ruta_datos(nombre: str) -> Path:
    return Path(str(resources.files("archivo") / "datos" / nombre))


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    # In the order of the year: the PAT in January, the informes of June and September, the semestral in July.
    res = pat.importar(cat, _ruta_datos("pat_2024.yaml"))
    prog = pat.obtener(cat, res.anio)
    documento = pat.emitir_documento(cat, prog.anio, fecha=date(2024, 1, 25))

    datos_compromisos = _ruta_datos("compromisos_seed001.yaml")
    creados = compromisos.importar(cat, datos_compromisos)
    conf = yaml.safe_load(datos_compromisos.read_text(encoding="utf-8"))["informe"]
    opciones = {
        "glosario": [(g["termino"], g["definicion"]) for g in conf["glosario"]],
        "fundamento": conf["fundamento"], "comision_nombre": conf["comision_nombre"],
        "comision_corta": conf["comision_corta"],
    }
    primero, d1 = compromisos.emitir_informe(cat, conf["corte"], fecha=conf["fecha"],
                                             sesion_informe=conf["sesion_informe"], punto=conf["punto"], **opciones)

    indice = {(a.mecanismo, a.numero): a for a in prog.actividades}
    for mecanismo, numero, estatus, porcentaje, texto in AVANCES_PAT:
        pat.registrar_avance(cat, prog.anio, indice[(mecanismo, numero)].id, 1, avance=texto, estatus=estatus,
                             porcentaje=porcentaje, fecha=date(2024, 6, 28))
    semestral = pat.emitir_informe_semestral(cat, prog.anio, 1, fecha=date(2024, 7, 15))

    # Progress recorded after the first informe (demo data): the item still open carries into the next informe.
    abierto = next(c for c in creados if c.estado.estatus == "en curso")
    compromisos.actualizar(
        cat, abierto.id, fecha=date(2024, 9, 6), porcentaje=90,
        avance="Se concluyó el análisis de las bases de información y se integró la propuesta de modificaciones a "
               "los lineamientos del certamen interno, que está en revisión (avance de demostración).")
    segundo, d2 = compromisos.emitir_informe(cat, "2024-09-13", fecha="2024-09-16",
                                             sesion_informe="ordinaria 2024-09-25", punto="3", **opciones)

    por_mecanismo = ", ".join(str(len(m.actividades)) for m in prog.mecanismos)
    informe.append(
        f"Programa Anual de Trabajo: el {prog.nombre_corto} con sus {prog.total} actividades ({por_mecanismo} por "
        f"mecanismo) y su cronograma, emitido como {documento.folio} en {documento.ruta}. Los meses de cada "
        "actividad son un supuesto de la demostración (el documento original perdió el sombreado).")
    informe.append(
        f"Compromisos y acuerdos: los {len(creados)} del informe de la DESPEN de junio de 2024, con su historial, "
        f"y su informe {primero.folio} en {primero.ruta}: «{d1.frase_totales()}»")
    informe.append(
        f"Avance del primer semestre de 2024 en {len(AVANCES_PAT)} actividades del programa y su informe semestral "
        f"{semestral.folio} en {semestral.ruta}. Vea «archivo pat avance --anio 2024 --semestre 1».")
    informe.append(
        f"Informe siguiente de compromisos {segundo.folio} (corte al 13 de septiembre de 2024): solo pasa a él el "
        f"compromiso que seguía en curso. «{d2.frase_totales()}» En {segundo.ruta}.")
