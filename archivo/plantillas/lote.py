"""The Excel a batch of a template needs (``archivo plantillas formato NOMBRE --salida lote.xlsx``).

Sheet «Lote»: one column per field, named as ``generar --lote`` reads it (the field's name), each header with a
note that gives its description, type, whether it is required and an example; a «persona» column when the
template has no persona field (the documents are filed in each persona's expediente). Nothing else: every row
written there becomes a document. Sheet «Ejemplo»: the same columns with the schema's examples, to copy from.
Sheet «Instrucciones»: how each kind of value is written (dates, amounts, lists with «;», tables as rows…).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from archivo.base import excel
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import atomic_write_bytes
from archivo.plantillas.esquema import TIPOS_CAMPO, Esquema

COMO_SE_ESCRIBE = {
    "texto": "Tal cual.",
    "fecha": "AAAA-MM-DD o DD/MM/AAAA (o una celda con formato de fecha).",
    "número": "Con punto decimal: 9.125.",
    "moneda": "La cantidad sin signo de pesos: 12500.00.",
    "persona": "La clave de la persona en el padrón (SPEN-0101).",
    "lista": "Los elementos separados por «;» (punto y coma).",
    "tabla": "Las filas como JSON: [{\"columna\": \"valor\"}, …] (vea la hoja «Ejemplo»).",
    "booleano": "sí o no.",
    "imagen": "La ruta de un archivo PNG o JPEG (p. ej. C:\\Firmas\\firma.png).",
}


def valor_de_celda(tipo: str, valor: Any) -> Any:
    """An example value as an Excel cell holds it (how ``generar --lote`` reads it back)."""
    if valor is None:
        return None
    if tipo == "lista" and isinstance(valor, list):
        return "; ".join(str(v) for v in valor)
    if tipo == "tabla" and isinstance(valor, list):
        return json.dumps(valor, ensure_ascii=False)
    if tipo == "booleano" and isinstance(valor, bool):
        return "sí" if valor else "no"
    return valor


def columnas(esquema: Esquema) -> list[tuple[str, str, str]]:
    """(header, tipo, note) of each column of the batch file, in order."""
    salida = []
    for c in esquema.campos:
        if c.tipo == "bloque":
            continue
        nota = [c.descripcion, f"Tipo: {TIPOS_CAMPO[c.tipo].lower()}. {COMO_SE_ESCRIBE[c.tipo]}",
                "Obligatorio." if c.requerido else "Opcional: puede quedar vacío."]
        if c.columnas:
            nota.append("Columnas: " + ", ".join(f"{k.nombre} ({k.descripcion or k.tipo})" for k in c.columnas) + ".")
        if c.ejemplo is not None:
            ejemplo = valor_de_celda(c.tipo, c.ejemplo)
            texto = str(ejemplo)
            nota.append(f"Ejemplo: {texto[:200]}{'…' if len(texto) > 200 else ''}")
        salida.append((c.nombre, c.tipo, "\n".join(nota)))
    if not any(c.tipo == "persona" for c in esquema.campos):
        salida.append(("persona", "persona", "Clave(s) del padrón de la(s) persona(s) a quien(es) se refiere el "
                       "documento, separadas por «;». Si no hay procedimiento, el documento se archiva en el "
                       "expediente de la primera. Opcional si indica --procedimiento."))
    return salida


def escribir_formato(esquema: Esquema, destino: Path | str) -> Path:
    """Write the batch workbook of ``esquema`` to ``destino`` (.xlsx); never over an existing file."""
    destino = Path(destino)
    if destino.suffix.lower() != ".xlsx":
        raise EntradaInvalida(f"El formato del lote se escribe como .xlsx; p. ej. --salida {esquema.nombre}-lote.xlsx")
    if destino.exists():
        raise ArchivoError(f"{destino} ya existe; elija otro nombre para no sobrescribirlo.")
    atomic_write_bytes(destino, formato(esquema), overwrite=False)
    return destino


def formato(esquema: Esquema) -> bytes:
    """The batch workbook of ``esquema`` (sheets «Lote», «Ejemplo», «Instrucciones»), as the bytes of an .xlsx:
    what the CLI writes and the portal offers for download. User text is always stored as text."""
    from openpyxl import Workbook  # heavy library: imported where used (fast start)
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    if esquema.sistema:
        raise ArchivoError(f"«{esquema.nombre}» la llena el programa; no se genera por lotes.")
    cols = columnas(esquema)
    libro = Workbook()
    lote = libro.active
    lote.title = "Lote"
    encabezado = Font(bold=True, color="FFFFFF")
    relleno = PatternFill("solid", fgColor="1F3864")
    for j, (nombre, _tipo, nota) in enumerate(cols, start=1):
        celda = excel.celda(lote, 1, j, nombre)
        celda.font = encabezado
        celda.fill = relleno
        celda.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        celda.comment = Comment(nota, "archivo", width=360, height=220)
        lote.column_dimensions[celda.column_letter].width = max(14, min(45, len(nombre) + 6))
    lote.freeze_panes = "A2"

    ejemplo = libro.create_sheet("Ejemplo")
    campos = {c.nombre: c for c in esquema.campos}
    for j, (nombre, tipo, _nota) in enumerate(cols, start=1):
        excel.celda(ejemplo, 1, j, nombre).font = Font(bold=True)
        valor = valor_de_celda(tipo, campos[nombre].ejemplo) if nombre in campos else "SPEN-0101"
        excel.celda(ejemplo, 2, j, valor)
        ejemplo.column_dimensions[ejemplo.cell(row=1, column=j).column_letter].width = 30

    instrucciones = libro.create_sheet("Instrucciones")
    lineas = [
        f"Lote de «{esquema.titulo}» (plantilla {esquema.nombre}).",
        "Escriba un documento por fila en la hoja «Lote», a partir de la fila 2; cada fila es un documento.",
        "Los encabezados son los nombres de los campos: no los cambie. Cada encabezado tiene una nota con lo que va "
        "en la columna (pase el ratón por encima).",
        f"Revise el lote como borradores: archivo generar {esquema.nombre} --procedimiento ID --lote ARCHIVO.xlsx "
        "--borrador",
        f"Y emítalo: archivo generar {esquema.nombre} --procedimiento ID --lote ARCHIVO.xlsx",
        "En el portal: Documentos › Nuevo documento › la plantilla › «¿Muchos documentos iguales? Hágalos en "
        "lote», suba este archivo, revise los borradores y emítalos.",
        "",
        "Campo | Tipo | Obligatorio | Descripción | Cómo se escribe",
    ]
    for c in esquema.campos:
        if c.tipo != "bloque":
            lineas.append(f"{c.nombre} | {c.tipo} | {'sí' if c.requerido else 'no'} | {c.descripcion} | "
                          f"{COMO_SE_ESCRIBE[c.tipo]}")
    for i, linea in enumerate(lineas, start=1):
        excel.celda(instrucciones, i, 1, linea)
    instrucciones.column_dimensions["A"].width = 140
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
