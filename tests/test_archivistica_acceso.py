"""Export of a person's expediente for an access request: one PDF with its índice, logged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import acceso
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba
from tests.utilidades_archivistica import archivar_pdf


def _persona_con_documentos(cat: Catalogo, tmp_path: Path) -> exps.Expediente:
    instalar_plantilla_prueba(cat.raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    proc = procs.abrir(cat, "evaluacion-desempeno", "Evaluación 2023-2024", personas=["SPEN-0001"])
    generacion.generar(cat, "oficio-prueba", procedimiento_id=proc.id, fecha=date(2024, 9, 5),
                       datos={"asunto": "Resultado de la evaluación", "destinatario": "SPEN-0001",
                              "cuerpo": "Su calificación final es de 9.125."})
    exp = exps.obtener(cat, "persona", "SPEN-0001")
    archivar_pdf(cat, exp, date(2017, 9, 1), 3, "Nombramiento")
    return exp


@pytest.mark.libreoffice
def test_exportar_expediente_personal_para_solicitud(cat: Catalogo, tmp_path: Path, soffice: str) -> None:
    exp = _persona_con_documentos(cat, tmp_path)
    salida = tmp_path / "entrega" / "SPEN-0001.pdf"
    r = acceso.exportar_personal(cat, "SPEN-0001", solicitud="Solicitud 0123/2025", salida=salida, soffice=soffice)
    assert (r.numero, r.documentos) == (exp.numero, 2)
    pdf = PdfReader(salida)
    assert len(pdf.pages) == r.paginas
    portada, indice = pdf.pages[0].extract_text(), pdf.pages[1].extract_text()
    assert "Expediente personal de Ana Laura Pérez Ruiz" in portada and "Solicitud 0123/2025" in portada
    assert "datos personales confidenciales" in portada
    assert "ÍNDICE DEL EXPEDIENTE" in indice and "Nombramiento" in indice and "IEP/DEVySPE/" in indice
    assert "Resultado de la evaluación" in indice
    marcadores = [m.title for m in pdf.outline if not isinstance(m, list)]
    assert marcadores[0] == "1. Oficio sin folio del 01/09/2017" and marcadores[1].startswith("2. Oficio IEP/")
    assert all(f"de {len(pdf.pages)}" in p.extract_text() for p in pdf.pages)
    assert "Su calificación final es de 9.125." in "".join(p.extract_text() for p in pdf.pages)
    evento = cat.uno("SELECT usuario, despues FROM historial WHERE accion = 'exportar expediente para solicitud "
                     "de acceso'")
    datos = json.loads(evento["despues"])
    assert evento["usuario"] == "prueba" and datos["solicitud"] == "Solicitud 0123/2025"
    assert datos["sha256"] == r.sha256 and len(datos["documentos"]) == 2
    # nothing was added to the expediente
    assert len(exps.documentos_de(cat, exp)) == 2


def test_exportar_rechaza_salida_dentro_del_archivo_y_sin_solicitud(cat: Catalogo, tmp_path: Path) -> None:
    _persona_con_documentos(cat, tmp_path)
    with pytest.raises(EntradaInvalida) as e:
        acceso.exportar_personal(cat, "SPEN-0001", solicitud="S-1", salida=cat.raiz.ruta / "copia.docx")
    textos = [str(p) for p in e.value.problemas]
    assert any("debe terminar en .pdf" in t for t in textos) and any("está dentro del archivo" in t for t in textos)
    with pytest.raises(EntradaInvalida, match="solicitud de acceso"):
        acceso.exportar_personal(cat, "SPEN-0001", solicitud=" ", salida=tmp_path / "x.pdf")
    with pytest.raises(ArchivoError, match="No existe el expediente"):
        acceso.exportar_personal(cat, "SPEN-9999", solicitud="S-1", salida=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert cat.uno("SELECT COUNT(*) FROM historial WHERE accion LIKE 'exportar expediente%'")[0] == 0
