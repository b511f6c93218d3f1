"""«archivo archivistica …»: the commands a user runs, their output and their errors (exit code, no traceback)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from tests.utilidades_archivistica import procedimiento


@pytest.fixture
def sin_libreoffice(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    monkeypatch.delenv("ARCHIVO_SOFFICE", raising=False)


def test_cuadro_y_cadido_desde_la_linea_de_comandos(cli, tmp_path: Path) -> None:
    r = cli("archivistica", "cuadro", "ver", "--formato", "json")
    assert r.codigo == 0
    codigos = [e["codigo"] for e in json.loads(r.salida)]
    assert codigos[:2] == ["IEP", "AR"] and "SPEN.02.07" in codigos
    r = cli("archivistica", "cuadro", "alta", "--nivel", "serie", "--codigo", "SPEN.07", "--nombre",
            "Estadística del Servicio", "--padre", "SPEN", "--asignar", "mecanismo:estadistica")
    assert r.codigo == 0 and "Defina su CADIDO: archivo archivistica cadido editar SPEN.07" in r.salida
    r = cli("archivistica", "cadido", "editar", "SPEN.07", "--tramite", "x", "--destino", "quemar")
    assert r.codigo == 1 and "Traceback" not in r.todo
    assert "--tramite: «x» no es un número de años" in r.errores and "--destino: «quemar»" in r.errores
    assert "--concentracion: falta el plazo de conservación en el archivo de concentración" in r.errores
    r = cli("archivistica", "revisar")
    assert r.codigo == 1 and "SPEN.07" in r.salida and "serie sin plazos" in r.salida
    r = cli("archivistica", "cadido", "editar", "SPEN.07", "--tramite", "2", "--concentracion", "3", "--destino",
            "baja documental", "--valores", "administrativo")
    assert r.codigo == 0 and "AT 2 + AC 3 = 5 años; Baja documental; Pública" in r.salida
    r = cli("archivistica", "revisar")
    assert r.codigo == 0 and "La clasificación está completa" in r.salida
    ruta = tmp_path / "cadido.xlsx"
    assert cli("archivistica", "cadido", "exportar", ruta).codigo == 0
    r = cli("archivistica", "cadido", "exportar", ruta)
    assert r.codigo == 1 and "--reemplazar" in r.errores
    r = cli("archivistica", "cadido", "importar", ruta)
    assert r.codigo == 0 and "0 serie(s) actualizada(s), 19 sin cambios" in r.salida
    r = cli("archivistica", "cuadro", "baja", "SPEN")
    assert r.codigo == 1 and "tiene 7 entrada(s) dentro" in r.errores


def test_pendientes_transferir_prestar_e_instrumentos(cli, cat: Catalogo, sin_libreoffice) -> None:
    a = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
    b = procedimiento(cat, "incentivos", "Incentivos 2016", date(2017, 3, 1), date(2017, 11, 30))
    r = cli("archivistica", "pendientes", "--al", "2020-12-31", "--formato", "json")
    assert [(p["fecha"], p["accion"], p["numero"]) for p in json.loads(r.salida)] == [
        ("2018-11-27", "primaria", a.numero), ("2020-11-30", "primaria", b.numero)]
    r = cli("archivistica", "pendientes", "--al", "31/12/2019")
    assert r.codigo == 0 and a.numero in r.salida and b.numero not in r.salida and "Pendientes al 31/12/2019" in r.salida
    r = cli("archivistica", "pendientes", "--al", "ayer")
    assert r.codigo == 1 and "--al" in r.errores

    r = cli("archivistica", "transferir", a.numero, f"{b.numero}=9,C-3", "--caja", "1", "--estante", "A",
            "--fecha", "2019-01-15")
    assert r.codigo == 1 and f"{b.numero}: su plazo en el archivo de trámite termina el 30 de noviembre de 2020" \
        in r.errores and "--motivo" in r.errores
    r = cli("archivistica", "transferir", a.numero, f"{b.numero}=9,C-3", "--caja", "1", "--estante", "A",
            "--fecha", "2019-01-15", "--motivo", "Mudanza")
    assert r.codigo == 0, r.todo
    assert "Transferencia primaria de 2 expediente(s) el 15/01/2019; inventario IEP/DEVySPE/IA-001/2019" in r.salida
    assert "Antes de su plazo (con el motivo registrado): " + b.numero in r.salida
    assert exps.por_id(cat, b.id).ubicacion == "Archivo de concentración, caja 9, estante C-3"

    r = cli("archivistica", "prestar", a.numero, "--solicitante", "Ana Pérez", "--area", "CSPE", "--devolucion",
            "2020-02-14", "--fecha", "2020-02-03")
    assert r.codigo == 0 and "debe devolverse el 14/02/2020" in r.salida
    r = cli("archivistica", "ver", a.numero, "--formato", "json")
    ficha = json.loads(r.salida)
    assert ficha["fase"] == "concentracion" and ficha["prestamo"]["solicitante"] == "Ana Pérez"
    assert ficha["fin_concentracion"] == "2025-11-27" and ficha["movimientos"][0]["inventario"] == \
        "IEP/DEVySPE/IA-001/2019"
    r = cli("archivistica", "devolver", a.numero, "--fecha", "2020-02-10")
    assert r.codigo == 0 and "Devolución de" in r.salida
    r = cli("archivistica", "prestamos", "--formato", "json")
    assert json.loads(r.salida)[0]["devuelto"] == "2020-02-10"
    r = cli("archivistica", "baja", a.numero, "--fecha", "2026-01-20")
    assert r.codigo == 0 and "Baja documental de 1 expediente(s)" in r.salida and "Excel: " in r.salida
    r = cli("archivistica", "inventario", "--area", "DEVySPE", "--fecha", "2026-02-01")
    assert r.codigo == 0 and "Inventario general de DEVySPE con 2 expediente(s)" in r.salida
    r = cli("archivistica", "instrumentos", "--formato", "json")
    assert [i["tipo"] for i in json.loads(r.salida)] == ["primaria", "baja", "general"]
    r = cli("archivistica", "ver", "persona:NO-EXISTE")
    assert r.codigo == 1 and "No existe el expediente" in r.errores


def test_clasificar_por_la_linea_de_comandos(cli, cat: Catalogo) -> None:
    exp = procedimiento(cat, "incentivos", "Incentivos 2024", date(2024, 3, 1))
    r = cli("archivistica", "clasificar", "procedimiento:1", "--serie", "SPEN.02.08")
    assert r.codigo == 0 and f"Expediente {exp.numero} clasificado en SPEN.02.08" in r.salida
    r = cli("archivistica", "clasificar", exp.numero, "--serie", "SPEN.02.8")
    assert r.codigo == 1 and "¿Quiso decir SPEN.02.08" in r.errores
