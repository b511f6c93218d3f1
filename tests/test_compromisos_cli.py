"""`archivo compromisos …` through the real entry point (the `cli` fixture)."""

from __future__ import annotations

import json

from docx import Document

from archivo.word.informe import notas_al_pie


def _alta(cli, *extra):
    return cli("compromisos", "alta", "--texto", "Revisar el mecanismo de certamen interno.",
               "--area", "Subdirección de Ascenso", "--sesion-fecha", "2023-10-09", "--sesion-tipo", "extraordinaria",
               "--sesion-numero", "3", *extra)


def test_alta_actualizar_lista_ver_e_informe(cli, raiz):
    r = _alta(cli)
    assert r.codigo == 0, r.todo
    assert "Compromiso 1 registrado (Tercera sesión extraordinaria del 09/10/2023, en curso, 0 %)" in r.salida
    r = cli("compromisos", "actualizar", "1", "--fecha", "2024-05-02", "--estatus", "concluido",
            "--avance", "La Junta lo aprobó mediante el Acuerdo INE/JGE55/2024.",
            "--acuerdo", "INE/JGE55/2024 https://repositoriodocumental.ine.mx/jge55.pdf")
    assert r.codigo == 0, r.todo
    assert "concluido, 100 %" in r.salida and "2 registro(s)" in r.salida

    r = cli("compromisos", "lista", "--formato", "json")
    assert r.codigo == 0, r.todo
    (item,) = json.loads(r.salida)
    assert (item["estatus"], item["porcentaje"], item["sesion"]) == ("concluido", 100, "Tercera sesión extraordinaria")
    assert item["acuerdos"] == [{"acuerdo": "INE/JGE55/2024", "liga": "https://repositoriodocumental.ine.mx/jge55.pdf"}]

    r = cli("compromisos", "ver", "1", "--formato", "json")
    historial = json.loads(r.salida)["historial"]
    assert [h["porcentaje"] for h in historial] == [0, 100]

    r = cli("compromisos", "informe", "--corte", "2024-05-24", "--fecha", "2024-06-10",
            "--sesion-informe", "ordinaria 2024-06-17", "--punto", "2")
    assert r.codigo == 0, r.todo
    assert "Informe IEP/DEVySPE/INF-001/2024 emitido" in r.salida
    assert ("El único compromiso o acuerdo que se generó en la sesión de la Comisión de Seguimiento, con corte al "
            "24 de mayo de 2024, está cumplido.") in r.salida
    (ruta,) = (raiz.ruta / "expedientes" / "mecanismos" / "comision-seguimiento").glob("*inf-001-2024.docx")
    parrafos = [p.text for p in Document(ruta).paragraphs]
    assert "Sesión Ordinaria: 17 de junio de 2024." in parrafos
    assert list(notas_al_pie(ruta.read_bytes()).values()) == [
        "Acuerdo INE/JGE55/2024. Consultable en la liga: https://repositoriodocumental.ine.mx/jge55.pdf"]


def test_errores_en_espanol_sin_traza(cli):
    r = cli("compromisos", "alta", "--texto", "Algo.", "--area", "DJ")
    assert r.codigo == 1
    assert "Indique la sesión" in r.errores and "Traceback" not in r.todo

    r = _alta(cli, "--porcentaje", "130", "--acuerdo", "INE/JGE1/2024 no-es-liga")
    assert r.codigo == 1
    assert "porcentaje «130» no válido" in r.errores and "no es una liga" in r.errores
    assert "Traceback" not in r.todo

    r = cli("compromisos", "actualizar", "7", "--porcentaje", "10")
    assert r.codigo == 1 and "No existe el compromiso «7»" in r.errores

    r = cli("compromisos", "informe", "--corte", "30/02/2024")
    assert r.codigo == 1 and "no es una fecha válida" in r.errores
    assert json.loads(cli("compromisos", "lista", "--formato", "json").salida) == []


def test_informe_con_glosario_de_archivo(cli, raiz, tmp_path):
    glosario = tmp_path / "glosario.yaml"
    glosario.write_text("glosario:\n  - {termino: CSPEN, definicion: Comisión del Servicio.}\n", encoding="utf-8")
    assert _alta(cli).codigo == 0
    r = cli("compromisos", "informe", "--corte", "2024-05-24", "--fecha", "2024-05-27", "--glosario", glosario)
    assert r.codigo == 0, r.todo
    (ruta,) = (raiz.ruta / "expedientes" / "mecanismos" / "comision-seguimiento").glob("*inf-*.docx")
    w = Document(ruta)
    assert [[c.text for c in f.cells] for f in w.tables[0].rows] == [["CSPEN:", "Comisión del Servicio."]]
    malo = tmp_path / "malo.yaml"
    malo.write_text("glosario:\n  - {termino: CSPEN}\n", encoding="utf-8")
    r = cli("compromisos", "informe", "--corte", "2024-05-24", "--glosario", malo)
    assert r.codigo == 1 and "término 1: falta «termino» o «definicion»" in r.errores
