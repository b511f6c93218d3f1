"""Compromisos y acuerdos in the portal, in-process: the ledger with its filters, an item's history, the update
and alta forms with each problem beside its field, and the informe shown (totals sentence) before it is issued with
folio and downloaded."""

from __future__ import annotations

import re

import pytest

from archivo import compromisos, sesiones
from archivo.base.catalogo import Catalogo
from tests.utilidades import csrf_de, texto_docx


def _campo_con_error(html: str, campo: str) -> str:
    bloque = re.search(rf'<div class="campo[^"]*con-error[^"]*">\s*<label for="campo-{campo}".*?</div>', html, re.S)
    assert bloque, f"el campo {campo} no muestra su problema"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", bloque.group(0))).lower()


@pytest.fixture
def registro(portal) -> dict[str, compromisos.Compromiso]:
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        a = compromisos.alta(cat, texto="Revisar el mecanismo de certamen interno.", area="Subdirección de Ascenso",
                             sesion_fecha="2023-10-09", sesion_tipo="extraordinaria", sesion_numero=3,
                             fecha="2023-10-09")
        b = compromisos.alta(cat, texto="Presentar el calendario de la evaluación del desempeño.",
                             area="Dirección Jurídica", sesion_fecha="2024-03-13", sesion_tipo="ordinaria",
                             sesion_numero=1, fecha="2024-03-13")
    return {"a": a, "b": b}


def test_registro_con_filtros_y_el_historial_de_un_compromiso(cliente, registro) -> None:
    c = cliente("consulta")
    r = c.get("/compromisos")
    assert r.status_code == 200 and "Revisar el mecanismo de certamen interno." in r.text
    assert "Nuevo compromiso" not in r.text and "Informe para la sesión" not in r.text
    r = c.get("/compromisos", params={"area": "subdireccion de ascenso"})  # accents and case aside
    assert "Revisar el mecanismo" in r.text and "Presentar el calendario" not in r.text
    r = c.get("/compromisos", params={"sesion": "2024-03-13/ordinaria/1"})
    assert "Presentar el calendario" in r.text and "Revisar el mecanismo" not in r.text
    assert "Primera sesión ordinaria, 13 de marzo de 2024" in r.text  # the session filter, in words
    r = c.get("/compromisos", params={"estatus": "concluido"})
    assert "Ningún compromiso coincide con estos filtros." in r.text
    r = c.get(f"/compromisos/{registro['a'].id}")
    assert "Tercera sesión extraordinaria, lunes 9 de octubre de 2023" in r.text
    assert "Registrar su avance" not in r.text
    assert c.get("/compromisos/999").status_code == 404


def test_actualizar_con_errores_y_despues_con_su_acuerdo(portal, cliente, registro) -> None:
    a = registro["a"]
    c = cliente("captura")
    pagina = c.get(f"/compromisos/{a.id}")
    csrf = csrf_de(pagina.text)
    r = c.post(f"/compromisos/{a.id}/actualizar", data={
        "_csrf": csrf, "fecha": "2023-01-01", "avance": "Se aprobó.", "estatus": "concluido", "porcentaje": "80",
        "acuerdos": "INE/JGE55/2024 liga-rota"})
    assert r.status_code == 400
    assert "anterior a la última actualización" in _campo_con_error(r.text, "fecha")
    assert "debe tener 100 % de avance" in _campo_con_error(r.text, "porcentaje")
    assert "no es una liga" in _campo_con_error(r.text, "acuerdos")
    assert "INE/JGE55/2024 liga-rota</textarea>" in r.text  # the input is kept
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert len(compromisos.obtener(cat, a.id).historial) == 1  # nothing half-saved
    r = c.post(f"/compromisos/{a.id}/actualizar", data={
        "_csrf": csrf, "fecha": "2024-05-02", "avance": "La Junta lo aprobó mediante el Acuerdo INE/JGE55/2024.",
        "estatus": "concluido", "porcentaje": "100",
        "acuerdos": "INE/JGE55/2024 https://repositoriodocumental.ine.mx/xmlui/handle/123456789/170000"})
    assert r.status_code == 200 and f"Compromiso {a.id}: concluido, 100 % al 2 de mayo de 2024" in r.text
    assert 'href="https://repositoriodocumental.ine.mx/xmlui/handle/123456789/170000"' in r.text
    assert "Historial (2 registros; nada se borra)" in r.text
    assert cliente("consulta").post(f"/compromisos/{a.id}/actualizar", data={"_csrf": csrf}).status_code == 403


def test_alta_con_la_sesion_del_archivo(portal, cliente) -> None:
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
    c = cliente("captura")
    pagina = c.get("/compromisos/nuevo")
    r = c.post("/compromisos/nuevo", data={"_csrf": csrf_de(pagina.text), "texto": "", "area": "",
                                           "sesion": "", "sesion_fecha": "", "estatus": "en curso",
                                           "porcentaje": "150"})
    assert r.status_code == 400
    assert "falta el texto" in _campo_con_error(r.text, "texto")
    assert "falta el área" in _campo_con_error(r.text, "area")
    assert "falta «fecha de la sesión»" in _campo_con_error(r.text, "sesion_fecha")
    assert "porcentaje «150» no válido" in _campo_con_error(r.text, "porcentaje")
    r = c.post("/compromisos/nuevo", data={"_csrf": csrf_de(pagina.text), "texto": "Informar del avance del PAT.",
                                           "area": "CSPE", "sesion": str(s.id), "estatus": "en curso",
                                           "porcentaje": "0"})
    assert "registrado (Primera sesión ordinaria del 27 de marzo de 2025)" in r.text
    assert f'href="/sesiones/{s.id}"' in r.text


def test_informe_con_la_frase_de_totales_antes_de_emitir(portal, cliente, registro) -> None:
    with Catalogo.abrir(portal.state.portal.raiz, "prueba") as cat:
        compromisos.actualizar(cat, registro["a"].id, fecha="2024-05-02", estatus="concluido", avance="Aprobado.")
    assert cliente("captura").get("/compromisos/informe").status_code == 403
    c = cliente("emision")
    r = c.get("/compromisos/informe", params={"corte": "2024-05-24", "sesion_informe": "ordinaria 2024-06-17",
                                              "punto": "3", "fecha": "2024-05-30"})
    assert r.status_code == 200
    frase = ("De los 2 compromisos y acuerdos que se generaron en las sesiones de la Comisión de Seguimiento, con "
             "corte al 24 de mayo de 2024, 1 de ellos está cumplido y 1 en proceso de cumplimiento.")
    assert frase in r.text and "Emitir el informe con folio" in r.text
    assert "Sesión Ordinaria: 17 de junio de 2024 · Punto 3" in r.text
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        assert compromisos.informes(cat) == []  # the preview issues nothing
    # a corte after the informe's date: beside the field
    r = c.get("/compromisos/informe", params={"corte": "2024-06-30", "fecha": "2024-05-30"})
    assert r.status_code == 400 and "es posterior a la fecha del informe" in _campo_con_error(r.text, "corte")
    r = c.post("/compromisos/informe", data={"_csrf": csrf_de(c.get("/compromisos").text), "corte": "2024-05-24",
                                             "sesion_informe": "ordinaria 2024-06-17", "punto": "3",
                                             "fecha": "2024-05-30", "area": "DEVySPE"})
    assert r.status_code == 200
    assert re.search(r"Informe IEP/DEVySPE/INF-\d{3}/2024 emitido: De los 2 compromisos", r.text)
    with Catalogo.abrir(portal.state.portal.raiz) as cat:
        (emitido,) = compromisos.informes(cat)
    assert (emitido.total, emitido.concluidos) == (2, 1)
    docx = c.get(f"/compromisos/informes/{emitido.documento_id}")
    texto = texto_docx(docx.content)
    assert frase in texto and emitido.folio in texto
    assert c.get("/compromisos/informes/999").status_code == 404
