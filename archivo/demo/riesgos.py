"""Demo risk register: the Manual's two matrices as they are, plus three complete fictitious risks.

The fictitious risks have causes, effects, an analysis, treatment, PTAR actions at different % de avance (one of
them overdue, one with its progress history) and a re-evaluation. Dates are relative to the demo's «today»
(``FECHA_DEMO``, a few days before the demo session of September 2024, so the reports fit in its carpeta); as of that
date some actions and a review are overdue. Then the report is issued with folio: one for all mecanismos and one for
the Concurso Público.
"""

from __future__ import annotations

from datetime import date, timedelta

from archivo import riesgos
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.riesgos import reporte as riesgos_reporte

FECHA_DEMO = date(2024, 9, 13)


def _dias(n: int) -> date:
    return FECHA_DEMO + timedelta(days=n)


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    base = riesgos.cargar_base(cat)
    incompletos = [r.codigo for r in riesgos.lista(cat) if r.codigo in base.creados and r.incompleto]

    cp = riesgos.alta(
        cat, mecanismo="concurso-publico",
        texto="Que las personas ganadoras del Concurso Público no acepten el ofrecimiento de la plaza en el plazo",
        causas="Ofrecimientos notificados tarde; plazas en municipios alejados de la residencia de las personas",
        efectos="Plazas vacantes por más tiempo y nuevos ofrecimientos a la lista de reserva",
        area="CSPE", tratamiento=["REDUCIR"], probabilidad="MEDIO", impacto="ALTO", fecha=_dias(-120),
    ).riesgo.codigo
    riesgos.accion(cat, cp, descripcion="Notificar los ofrecimientos el mismo día de la publicación de resultados",
                   responsable="CSPE", fecha_inicio=_dias(-110), fecha_compromiso=_dias(-60),
                   evidencia="Oficios de ofrecimiento con acuse", avance=30, fecha=_dias(-90))
    riesgos.accion(cat, cp, numero=1, avance=100, evidencia="Oficios de ofrecimiento con acuse del mismo día",
                   fecha=_dias(-62))
    riesgos.accion(cat, cp, descripcion="Integrar y mantener actualizada la lista de reserva por cargo",
                   responsable="CSPE", fecha_inicio=_dias(-100), fecha_compromiso=_dias(-20), avance=40,
                   fecha=_dias(-30))
    riesgos.revaluar(cat, cp, probabilidad="BAJO", impacto="ALTO", fecha=_dias(-15),
                     nota="Tras notificar en el día, ninguna persona rechazó por falta de tiempo.",
                     proxima_revision=_dias(75))

    ed = riesgos.alta(
        cat, mecanismo="evaluacion-desempeno",
        texto="Que las metas individuales y colectivas se capturen fuera del plazo en el sistema del INE",
        causas="Carga de trabajo del proceso electoral; cambios de personas evaluadoras",
        efectos="Evaluaciones incompletas y observaciones de la DESPEN",
        area="CSPE", tratamiento=["REDUCIR", "COMPARTIR"], probabilidad="ALTO", impacto="MEDIO",
        fecha=_dias(-150), proxima_revision=_dias(-10),
    ).riesgo.codigo
    riesgos.accion(cat, ed, descripcion="Calendario interno de captura con recordatorios semanales a las áreas",
                   responsable="CSPE", fecha_inicio=_dias(-140), fecha_compromiso=_dias(40), avance=25,
                   fecha=_dias(-120))
    riesgos.accion(cat, ed, numero=1, avance=75, evidencia="Correos de recordatorio y bitácora de captura",
                   fecha=_dias(-20))
    riesgos.accion(cat, ed, descripcion="Asesoría a las personas evaluadoras nuevas sobre la captura de metas",
                   responsable="DEVySPE", fecha_inicio=_dias(-5), fecha_compromiso=_dias(60), fecha=_dias(-5))

    vi = riesgos.alta(
        cat, mecanismo="vinculacion-ine",
        texto="Que se pierda la trazabilidad de los oficios enviados al INE por el SIVOPLE",
        causas="Registro manual en varias bitácoras", efectos="Solicitudes del INE sin respuesta en tiempo",
        area="CV-INE", tratamiento=["EVITAR"], probabilidad="MEDIO", impacto="MEDIO", fecha=_dias(-60),
    ).riesgo.codigo
    riesgos.accion(cat, vi, descripcion="Bitácora única IEM-INE con folio, fecha de envío y acuse",
                   responsable="CV-INE", fecha_inicio=_dias(-30), fecha_compromiso=_dias(30), avance=50,
                   evidencia="Bitácora compartida", fecha=_dias(-7))
    riesgos.revaluar(cat, vi, probabilidad="BAJO", impacto="MEDIO", fecha=_dias(-7), proxima_revision=_dias(90))

    todos = riesgos_reporte.emitir(cat, fecha=FECHA_DEMO)
    concurso = riesgos_reporte.emitir(cat, mecanismo="concurso-publico", fecha=FECHA_DEMO)
    vencidos = riesgos.pendientes(cat, al=FECHA_DEMO)

    informe.append(
        f"Riesgos: {len(base.creados)} renglones de las matrices del Manual (secciones 1.7 y 2.7) tal como están, "
        f"{len(incompletos)} marcados como incompletos; y 3 riesgos ficticios completos ({cp}, {ed}, {vi}) con "
        f"acciones PTAR con avances de 0 a 100 %, una vencida, y revaloración. Pendientes al "
        f"{FECHA_DEMO.strftime('%d/%m/%Y')}: {len(vencidos)}. Vea «archivo riesgos lista», «archivo riesgos ver "
        "R-CP-02» y «archivo riesgos pendientes --al 2024-09-13»."
    )
    informe.append(f"Matriz de riesgos emitida con folio {todos.folio} en {todos.ruta} (todos los mecanismos) y "
                   f"{concurso.folio} en {concurso.ruta} (Concurso Público): matriz por secciones, mapas de calor, "
                   "seguimiento de acciones e incompletos.")
