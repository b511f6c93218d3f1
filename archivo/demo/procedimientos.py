"""Demo procedures and their documents: every template of the set is issued at least once, from the examples
its schema declares (persona fields filled from the demo padrón); plus a batch of notifications of evaluation
results from an Excel file, a borrador, a cancellation and its correction, and a closed expediente."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import documentos, instrumentos
from archivo.archivistica import expedientes as exps
from archivo.base import excel
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.plantillas.conjunto import cargar, rutas_plantillas

# procedure type -> (mecanismo, title, date it opened)
PROCEDIMIENTOS = {
    "concurso-publico": ("concurso-publico", "Concurso Público 2024 para ocupar plazas vacantes del Servicio",
                         date(2024, 1, 15)),
    "certamen-interno": ("certamen-interno", "Certamen Interno 2024", date(2024, 2, 5)),
    "cambios-adscripcion": ("cambios-adscripcion", "Cambios de adscripción a petición de persona interesada 2024",
                            date(2024, 2, 19)),
    "encargos-despacho": ("encargos-despacho", "Encargo de despacho de la Coordinación de Organización Electoral",
                          date(2024, 3, 4)),
    "reingreso-reincorporacion": ("reingreso-reincorporacion", "Solicitudes de reingreso y reincorporación 2024",
                                  date(2024, 3, 11)),
    "profesionalizacion": ("programa-formacion", "Programa de Formación: periodo formativo 2024/1",
                           date(2024, 1, 22)),
    "evaluacion-desempeno": ("evaluacion-desempeno", "Evaluación del desempeño septiembre 2023 a agosto 2024",
                             date(2024, 4, 1)),
    "titularidad-promocion": ("titularidad-promocion", "Otorgamiento de titularidad y promoción en rango 2024",
                              date(2024, 5, 6)),
    "incentivos": ("incentivos", "Incentivos del ejercicio valorado 2023", date(2024, 5, 13)),
    "permanencia-disciplina": ("permanencia-disciplina", "Avisos de separación del Servicio 2024",
                               date(2024, 4, 8)),
    "notificacion-areas": ("vinculacion-ine", "Notificación a las áreas de documentos del INE (SIVOPLE) 2024",
                           date(2024, 1, 8)),
    "notificacion-ine": ("vinculacion-ine", "Notificación al INE de acuerdos del Consejo General 2024",
                         date(2024, 1, 10)),
}


def _activas(cat: Catalogo) -> list[personal.Persona]:
    return personal.lista(cat, situacion="activo")


def _datos_de_ejemplo(esquema, personas: list[str], usadas: int) -> dict[str, Any]:
    datos: dict[str, Any] = {}
    n = usadas
    for campo in esquema.campos:
        if campo.tipo == "persona":
            datos[campo.nombre] = personas[n % len(personas)]
            n += 1
        elif campo.tipo == "imagen":
            continue  # an example names a file the demo does not have (one oficio below gets a real signature)
        elif campo.ejemplo is not None:
            datos[campo.nombre] = campo.ejemplo
    return datos


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    activas = [p.clave for p in _activas(cat)]
    abiertos: dict[str, procs.Procedimiento] = {}
    for tipo, (mecanismo, titulo, fecha) in PROCEDIMIENTOS.items():
        abiertos[tipo] = procs.abrir(cat, mecanismo, titulo, tipo=tipo, fecha=fecha)
    fechas = {tipo: datos[2] for tipo, datos in PROCEDIMIENTOS.items()}

    emitidos: list[documentos.Documento] = []
    usos: dict[str, int] = {}
    for n, ruta in enumerate(rutas_plantillas(raiz, sistema=False)):
        plantilla = cargar(raiz, ruta.stem)
        if plantilla.esquema.tipo in instrumentos.TIPOS_DOCUMENTO:
            continue  # the archival instruments are issued by the demo's archivistica part, from the catalog
        tipos = [p.split(":")[0] for p in plantilla.esquema.pasos if p.split(":")[0] in abiertos]
        # spread the documents over the procedures each template serves, so every expediente gets some
        tipo = min(tipos, key=lambda t: (usos.get(t, 0), tipos.index(t))) if tipos else "notificacion-areas"
        usos[tipo] = usos.get(tipo, 0) + 1
        proc = abiertos[tipo]
        fechas[tipo] += timedelta(days=7)
        datos = _datos_de_ejemplo(plantilla.esquema, activas, n * 2)
        # on the date its examples describe: an acuse after the receipt it records, a dictamen after its antecedentes
        emitidos.append(generacion.generar(cat, plantilla.nombre, procedimiento_id=proc.id, datos=datos,
                                           fecha=plantilla.esquema.fecha_ejemplo or fechas[tipo]))
    # An oficio sent electronically, with the scanned signature (a field of type «imagen»).
    oficio = cargar(raiz, "oficio").esquema
    firma = _firma_escaneada(raiz.ruta / "entrada" / "firma-titular.png")
    firmado = generacion.generar(cat, "oficio", procedimiento_id=abiertos["notificacion-ine"].id,
                                 datos=dict(_datos_de_ejemplo(oficio, activas, 0), firma_digitalizada=str(firma),
                                            asunto="Remisión electrónica del Acuerdo de designación"),
                                 fecha=oficio.fecha_ejemplo, repetir=True)
    emitidos.append(firmado)
    informe.append(f"Procedimientos: {len(abiertos)} abiertos de {len({m for m, _, _ in PROCEDIMIENTOS.values()})} "
                   "mecanismos, con sus pasos; se emitió un documento de cada una de las "
                   f"{len(emitidos)} plantillas (folios {emitidos[0].folio} … ), archivados en "
                   "expedientes/procedimientos/ y listados en el expediente de cada persona.")

    # A batch: the evaluation results notified to every active MSPEN, from an Excel file.
    evaluacion = abiertos["evaluacion-desempeno"]
    esquema = cargar(raiz, "oficio-notificacion").esquema
    entrada = raiz.ruta / "entrada"
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Resultados"
    columnas = [c.nombre for c in esquema.campos]
    excel.agregar_fila(hoja, columnas)
    campo_persona = next(c.nombre for c in esquema.campos if c.tipo == "persona")
    ejemplo = {c.nombre: c.ejemplo for c in esquema.campos}
    for i, clave in enumerate(activas):
        fila = dict(ejemplo)
        fila[campo_persona] = clave
        if "calificacion" in fila:
            fila["calificacion"] = str(Decimal("7.250") + Decimal(i * 37 % 270) / 100)
        excel.agregar_fila(hoja, [_celda(fila.get(c)) for c in columnas])
    lote = entrada / "resultados-evaluacion-2023-2024.xlsx"
    libro.save(lote)
    solicitudes = generacion.solicitudes_de_archivo(lote, esquema)
    # after the dictamen general of 30 October 2024 that the notifications cite
    resultado = generacion.generar_lote(cat, "oficio-notificacion", solicitudes, procedimiento_id=evaluacion.id,
                                        fecha=date(2024, 11, 6), repetir=True)
    informe.append(f"Lote: {len(resultado.emitidos)} oficios de notificación de resultados de la evaluación del "
                   f"desempeño, uno por persona, desde {lote.relative_to(raiz.ruta)} (folios "
                   f"{resultado.emitidos[0].folio} a {resultado.emitidos[-1].folio}).")

    # A cancellation and the correction that replaces it; a borrador; steps advanced by hand; a closed expediente.
    cancelado = resultado.emitidos[0]
    documentos.cancelar(cat, cancelado.folio, "Se notificó con un periodo de evaluación equivocado")
    guardado = solicitudes[0]
    correccion = generacion.generar(cat, "oficio-notificacion", procedimiento_id=evaluacion.id,
                                    datos=guardado.datos, sustituye=cancelado.folio, fecha=date(2024, 11, 8))
    tarjeta = cargar(raiz, "tarjeta-informativa").esquema
    borrador = generacion.generar(cat, "tarjeta-informativa", procedimiento_id=abiertos["notificacion-areas"].id,
                                  datos=_datos_de_ejemplo(tarjeta, activas, 0), borrador=True,
                                  fecha=tarjeta.fecha_ejemplo)
    for tipo, pasos in (("concurso-publico", (1, 2, 3)), ("evaluacion-desempeno", (1, 2, 4)),
                        ("notificacion-areas", (1, 3))):
        for cvo in pasos:
            if procs.obtener(cat, abiertos[tipo].id).paso(cvo).estado != "hecho":
                procs.avanzar(cat, abiertos[tipo].id, cvo, nota="Registrado en la demostración")
    cambios = abiertos["cambios-adscripcion"]
    procs.concluir(cat, cambios.id, forzar=True)
    exps.cerrar(cat, cambios.expediente_id, date(2025, 3, 14))  # after its last document
    informe.append(f"Correcciones: el oficio {cancelado.folio} quedó cancelado (con su motivo) y lo sustituye "
                   f"{correccion.folio}; hay un borrador sin folio (#{borrador.id}) de tarjeta informativa, y el "
                   f"expediente de «{cambios.titulo}» está cerrado.")


def _firma_escaneada(ruta: Path) -> Path:
    """A fictitious scanned signature (a PNG), for the demo's electronically sent oficio."""
    from PIL import Image, ImageDraw  # heavy library: imported where used (fast start)

    ruta.parent.mkdir(parents=True, exist_ok=True)
    imagen = Image.new("RGB", (600, 220), "white")
    trazo = ImageDraw.Draw(imagen)
    puntos = [(40 + x * 5, 120 + int(45 * ((x % 23) / 11 - 1) * (1 if x % 46 < 23 else -1))) for x in range(0, 105)]
    trazo.line(puntos, fill=(20, 30, 90), width=6, joint="curve")
    trazo.line([(60, 180), (540, 170)], fill=(20, 30, 90), width=4)
    imagen.save(ruta, "PNG")
    return ruta


def _celda(valor: Any) -> Any:
    """A value as an Excel cell: lists joined with «;», tables as JSON (how a batch file carries them)."""
    if isinstance(valor, list) and valor and isinstance(valor[0], dict):
        return json.dumps(valor, ensure_ascii=False)
    if isinstance(valor, list):
        return "; ".join(str(v) for v in valor)
    return valor
