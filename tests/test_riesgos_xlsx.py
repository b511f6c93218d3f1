"""Excel: export → import round-trips the register without loss (history and actions included)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from archivo import riesgos
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.errors import EntradaInvalida
from tests.utilidades import TOML_PRUEBA


def _dias(n: int) -> date:
    return date.today() + timedelta(days=n)  # read when called: a suite may run past midnight


def _registro(cat: Catalogo) -> None:
    riesgos.cargar_base(cat)
    cp = riesgos.alta(cat, mecanismo="concurso-publico", texto="Que no acepten la plaza", causas="Aviso tardío",
                      efectos="Vacantes", area="CSPE", tratamiento=["REDUCIR", "COMPARTIR"], probabilidad=2,
                      impacto=3, fecha=_dias(-60), nota="Riesgo de prueba").riesgo.codigo
    riesgos.evaluar(cat, cp, probabilidad=3, impacto=3, fecha=_dias(-40), nota="reanálisis")
    riesgos.revaluar(cat, cp, probabilidad=1, impacto=3, fecha=_dias(-5), proxima_revision=_dias(60))
    riesgos.accion(cat, cp, descripcion="Notificar el mismo día", responsable="CSPE", fecha_inicio=_dias(-50),
                   fecha_compromiso=_dias(-10), evidencia="Oficios", avance=20, fecha=_dias(-45))
    riesgos.accion(cat, cp, numero=1, avance=70, evidencia="Oficios con acuse", fecha=_dias(-20), nota="avance")
    riesgos.accion(cat, cp, descripcion="Lista de reserva", responsable="DEVySPE", fecha_compromiso=_dias(30))
    riesgos.accion(cat, "R-VI-01", numero=1, responsable="CV-INE", avance=50)  # a seed action gets a version 2


def _volcado(cat: Catalogo) -> list[dict]:
    salida = []
    for r in riesgos.lista(cat):
        d = r.como_dict(date.today())
        d.pop("modificado")
        salida.append(d)
    return salida


def _otro_archivo(tmp_path: Path, nombre: str) -> Catalogo:
    return Catalogo.abrir(iniciar_archivo(tmp_path / nombre, toml=TOML_PRUEBA), usuario="otra-persona")


def test_exportar_importar_sin_perdida(cat, tmp_path):
    _registro(cat)
    libro = tmp_path / "registro.xlsx"
    assert riesgos.exportar_xlsx(cat, libro) == 14
    destino = _otro_archivo(tmp_path, "destino")
    res = riesgos.importar_xlsx(destino, libro)
    assert len(res.creados) == 14 and res.evaluaciones == 28 and res.versiones == 7
    original, importado = _volcado(cat), _volcado(destino)
    assert importado == original  # every field, every evaluation, every version, who and when
    cp = riesgos.obtener(destino, "R-CP-02")
    assert [e.nr for e in cp.evaluaciones] == [6, 9, 3]
    assert [(v.version, v.avance, v.evidencia) for v in cp.acciones[0].versiones] == [
        (1, 20, "Oficios"), (2, 70, "Oficios con acuse")]
    assert cp.evaluaciones[0].registrada_por == "prueba"  # kept from the file, not the importer's name

    # exporting the imported register gives the same workbook (the cover sheet's date aside)
    segundo = tmp_path / "segundo.xlsx"
    riesgos.exportar_xlsx(destino, segundo)
    for hoja in (riesgos.HOJA_RIESGOS, riesgos.HOJA_EVALUACIONES, riesgos.HOJA_ACCIONES):
        a = list(load_workbook(libro)[hoja].iter_rows(values_only=True))
        b = list(load_workbook(segundo)[hoja].iter_rows(values_only=True))
        assert a == b, hoja
    destino.cerrar()


def test_reimportar_no_duplica(cat, tmp_path):
    _registro(cat)
    libro = tmp_path / "registro.xlsx"
    riesgos.exportar_xlsx(cat, libro)
    antes = _volcado(cat)
    res = riesgos.importar_xlsx(cat, libro)
    assert (res.creados, res.actualizados, res.evaluaciones, res.versiones) == ([], [], 0, 0)
    assert _volcado(cat) == antes


def test_renglones_nuevos_en_excel_se_agregan(cat, tmp_path):
    _registro(cat)
    libro_ruta = tmp_path / "registro.xlsx"
    riesgos.exportar_xlsx(cat, libro_ruta)
    libro = load_workbook(libro_ruta)
    ev = libro[riesgos.HOJA_EVALUACIONES]
    ev.append(["R-CP-02", None, "residual", _dias(-1), "BAJO", "MEDIO", None, "desde Excel"])
    acc = libro[riesgos.HOJA_ACCIONES]
    ultima = [c.value for c in acc[acc.max_row]]
    nueva = list(ultima)
    nueva[2] = None  # versión vacía = nueva versión de la misma acción
    nueva[3] = _dias(-1)
    nueva[9] = 90
    nueva[10] = None
    acc.append(nueva)
    hoja = libro[riesgos.HOJA_RIESGOS]
    hoja.append([None, "Incentivos", "Riesgo agregado en Excel", "", "", "CSPE", "reducir"])
    libro.save(libro_ruta)
    res = riesgos.importar_xlsx(cat, libro_ruta)
    assert res.evaluaciones == 1 and res.versiones == 1 and res.creados == ["R-IN-02"]
    cp = riesgos.obtener(cat, "R-CP-02")
    assert cp.residual.nr == 2 and cp.residual.nota == "desde Excel" and len(cp.evaluaciones) == 4
    codigo, numero = ultima[0], ultima[1]
    accion = next(a for a in riesgos.obtener(cat, codigo).acciones if a.numero == numero)
    assert (accion.actual.avance, accion.actual.estatus) == (90, "en proceso")
    assert riesgos.obtener(cat, "R-IN-02").tratamiento == ("REDUCIR",)


def test_importar_reporta_todos_los_problemas_con_hoja_fila_columna(cat, tmp_path):
    _registro(cat)
    libro_ruta = tmp_path / "registro.xlsx"
    riesgos.exportar_xlsx(cat, libro_ruta)
    libro = load_workbook(libro_ruta)
    libro[riesgos.HOJA_RIESGOS]["B3"] = "mecanismo inventado"
    libro[riesgos.HOJA_RIESGOS]["G4"] = "MITIGAR"
    ev = libro[riesgos.HOJA_EVALUACIONES]
    ev.append(["R-CP-02", None, "otro", "30/02/2025", "7", "ALTO"])
    ev["E2"] = "ALTO"  # R-CP-01 (seed: BAJO), a registered evaluation changed: not allowed
    acc = libro[riesgos.HOJA_ACCIONES]
    acc.append(["R-CP-02", None, None, None, "Acción mala", "CSPE", "2025-05-01", "2025-04-01", "", 150, "casi"])
    acc.append(["R-ZZ-01", None, None, None, "Sin riesgo", "CSPE"])
    libro.save(libro_ruta)
    antes = _volcado(cat)
    with pytest.raises(EntradaInvalida) as e:
        riesgos.importar_xlsx(cat, libro_ruta)
    texto = str(e.value)
    esperados = [
        "hoja «Riesgos», fila 3, columna B («Mecanismo»)",
        "hoja «Riesgos», fila 4, columna G («Tratamiento»)",
        f"hoja «Evaluaciones», fila {ev.max_row}, columna D («Fecha»)",
        f"hoja «Evaluaciones», fila {ev.max_row}, columna E («Probabilidad»)",
        f"hoja «Acciones», fila {acc.max_row - 1}, columna J («% de avance»)",
        f"hoja «Acciones», fila {acc.max_row - 1}, columna K («Estatus»)",
        f"hoja «Acciones», fila {acc.max_row - 1}, columna H («Fecha compromiso»)",
    ]
    for lugar in esperados:
        assert lugar in texto, lugar
    assert "«otro» no es un tipo de evaluación" in texto
    assert "anterior a la de inicio" in texto
    # and, in the same report, the checks against the register
    mensajes = [p.mensaje for p in e.value.problemas]
    assert any("la evaluación 1 del riesgo R-CP-01 ya está registrada con otros valores" in m for m in mensajes)
    assert any("el riesgo R-ZZ-01 no existe" in m for m in mensajes)
    assert len(e.value.problemas) == 10
    assert _volcado(cat) == antes


def test_importar_encabezados_desconocidos_y_faltantes(cat, tmp_path):
    from openpyxl import Workbook

    libro = Workbook()
    hoja = libro.active
    hoja.title = riesgos.HOJA_RIESGOS
    hoja.append(["ID", "Riesgo", "Color favorito"])
    hoja.append(["", "x", "azul"])
    ruta = tmp_path / "malo.xlsx"
    libro.save(ruta)
    with pytest.raises(EntradaInvalida) as e:
        riesgos.importar_xlsx(cat, ruta)
    texto = str(e.value)
    assert "malo.xlsx, hoja «Riesgos», fila 1, columna C: columna desconocida «Color favorito»" in texto
    assert "malo.xlsx, hoja «Riesgos», fila 1: falta la columna «Mecanismo»" in texto


def test_archivo_que_no_es_excel(cat, tmp_path):
    ruta = tmp_path / "no.xlsx"
    ruta.write_text("hola", encoding="utf-8")
    with pytest.raises(EntradaInvalida, match="no es un libro de Excel"):
        riesgos.importar_xlsx(cat, ruta)


def test_exportar_no_sobrescribe(cat, tmp_path):
    ruta = tmp_path / "r.xlsx"
    ruta.write_bytes(b"previo")
    with pytest.raises(Exception, match="Ya existe"):
        riesgos.exportar_xlsx(cat, ruta)
    assert ruta.read_bytes() == b"previo"
