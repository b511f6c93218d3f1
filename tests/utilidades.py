"""Helpers shared by tests: a small real Word template with its schema, and docx text extraction."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from docx import Document

ESQUEMA_PRUEBA = {
    "nombre": "oficio-prueba",
    "titulo": "Oficio de prueba",
    "tipo": "oficio",
    "serie": "oficio",
    "area": "DEVySPE",
    "descripcion": "Oficio mínimo para las pruebas.",
    "pasos": ["concurso-publico:1", "evaluacion-desempeno:11"],
    "campos": [
        {"nombre": "asunto", "tipo": "texto", "requerido": True, "descripcion": "Asunto del oficio",
         "ejemplo": "Notificación"},
        {"nombre": "destinatario", "tipo": "persona", "requerido": True, "descripcion": "Persona destinataria",
         "ejemplo": "SPEN-0001"},
        {"nombre": "cuerpo", "tipo": "texto", "requerido": True, "descripcion": "Texto del oficio",
         "ejemplo": "Por este medio…"},
        {"nombre": "fecha_limite", "tipo": "fecha", "requerido": False, "descripcion": "Fecha límite",
         "ejemplo": "2025-06-30"},
        {"nombre": "monto", "tipo": "moneda", "requerido": False, "descripcion": "Monto", "ejemplo": 1500},
        {"nombre": "copias", "tipo": "lista", "requerido": False, "descripcion": "Con copia para",
         "ejemplo": ["Archivo"]},
        {"nombre": "calificaciones", "tipo": "tabla", "requerido": False, "descripcion": "Tabla de factores",
         "columnas": [{"nombre": "factor", "tipo": "texto"}, {"nombre": "valor", "tipo": "número"}],
         "ejemplo": [{"factor": "Metas", "valor": 9.5}]},
    ],
}


def docx_prueba() -> bytes:
    """A real template using system variables, a persona field, filters, a list loop and a table row loop."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("{{ institucion.nombre }} — {{ area.nombre }}")
    doc.add_paragraph().add_run("Oficio No. {{ folio }}")
    doc.add_paragraph().add_run("ASUNTO: {{ asunto }}")
    doc.add_paragraph().add_run("{{ lugar }}, a {{ fecha|fecha_larga }}.")
    doc.add_paragraph().add_run("{{ destinatario.nombre_completo|mayusculas }}")
    doc.add_paragraph().add_run("{{ destinatario.cargo }} ({{ destinatario.adscripcion_nombre }})")
    doc.add_paragraph().add_run("{{ cuerpo }}")
    doc.add_paragraph().add_run("{% if fecha_limite %}Plazo: {{ fecha_limite|fecha_larga }}.{% endif %}")
    doc.add_paragraph().add_run("{% if monto %}Monto: {{ monto|moneda_completa }}{% endif %}")
    tabla = doc.add_table(rows=3, cols=2)
    tabla.rows[0].cells[0].paragraphs[0].add_run("{%tr for c in calificaciones %}")
    tabla.rows[1].cells[0].paragraphs[0].add_run("{{ c.factor }}")
    tabla.rows[1].cells[1].paragraphs[0].add_run("{{ c.valor|calificacion }}")
    tabla.rows[2].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    doc.add_paragraph().add_run("A T E N T A M E N T E")
    doc.add_paragraph().add_run("{{ firmante.nombre }}")
    doc.add_paragraph().add_run("{{ firmante.cargo }}")
    doc.add_paragraph().add_run("{%p for c in copias %}")
    doc.add_paragraph().add_run("c.c.p. {{ c }}")
    doc.add_paragraph().add_run("{%p endfor %}")
    salida = io.BytesIO()
    doc.save(salida)
    return salida.getvalue()


def instalar_plantilla_prueba(carpeta: Path, esquema: dict | None = None, docx: bytes | None = None) -> str:
    esquema = esquema or ESQUEMA_PRUEBA
    (carpeta / f"{esquema['nombre']}.docx").write_bytes(docx or docx_prueba())
    (carpeta / f"{esquema['nombre']}.yaml").write_text(yaml.safe_dump(esquema, allow_unicode=True), encoding="utf-8")
    return esquema["nombre"]


def texto_docx(ruta_o_bytes: Path | bytes) -> str:
    """All text of a .docx: body paragraphs, tables, headers and footers."""
    fuente = io.BytesIO(ruta_o_bytes) if isinstance(ruta_o_bytes, bytes) else str(ruta_o_bytes)
    doc = Document(fuente)
    partes = [p.text for p in doc.paragraphs]
    for tabla in doc.tables:
        for fila in tabla.rows:
            partes.extend(c.text for c in fila.cells)
    for seccion in doc.sections:
        for marco in (seccion.header, seccion.footer):
            partes.extend(p.text for p in marco.paragraphs)
            for tabla in marco.tables:  # the membrete sets the logo and the names side by side in a table
                for fila in tabla.rows:
                    partes.extend(c.text for c in fila.cells)
    return "\n".join(partes)


PADRON_CSV = '''Clave SIISPEN,Nombre(s),Primer apellido,Segundo apellido,Cargo o puesto,Nivel,Rango (A/B/C),Adscripción,Titularidad (sí/no),Fecha de titularidad,Vía de ingreso,Fecha de ingreso,Situación,Correo electrónico
SPEN-0001,Ana Laura,Pérez,Ruiz,Técnica de Organización Electoral,Nivel 3,A,DEOE,sí,2021-06-30,Concurso Público 2017,2017-09-01,activo,ana.perez@ejemplo.mx
SPEN-0002,José Luis,García,,Coordinador de Educación Cívica,Nivel 7,,DEECyPC,no,,Concurso Público 2020,01/03/2021,activo,jose.garcia@ejemplo.mx
SPEN-0003,María,O'Connor & Hijos <SA>,López,"Jefa de Departamento ""A""",Nivel 5,B,CSPE,sí,2019-06-30,Certamen Interno 2018,2015-08-01,activo,
'''
