"""Historial and integridad in the portal, in-process: the audit log in words with its filters and Spanish dates,
only for emisión and administración; «verificar» run as a job from the page, its findings with what to do, and
its line on the tablero."""

from __future__ import annotations

import re

from archivo import riesgos, sesiones
from archivo.archivistica import integridad
from archivo.base import historial, trabajos
from archivo.base.catalogo import Catalogo
from tests.utilidades import csrf_de, pdf


def _texto(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_historial_en_palabras_con_filtros(portal, cliente) -> None:
    with Catalogo.abrir(portal.state.portal.raiz, "laura") as cat:
        riesgos.alta(cat, mecanismo="concurso-publico", texto="Que no acepten la plaza", probabilidad="MEDIO",
                     impacto="ALTO")
        riesgos.revaluar(cat, "R-CP-01", probabilidad="BAJO", impacto="ALTO")
    with Catalogo.abrir(portal.state.portal.raiz, "pedro") as cat:
        s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
        sesiones.cambiar_estado(cat, s.id, "celebrada")
    assert cliente("captura").get("/historial").status_code == 403
    c = cliente("emision")
    r = c.get("/historial")
    texto = _texto(r.text)
    assert r.status_code == 200
    assert "Estado: programada → celebrada" in texto
    assert "Probabilidad: BAJO (1)" in texto and "Tipo: revaloración (sección IV)" in texto
    assert "Fecha: 27 de marzo de 2025" in texto  # dates in Spanish, never JSON
    assert '{"' not in r.text and "&#34;" not in r.text
    assert 'href="/riesgos/R-CP-01">Evaluación de riesgo R-CP-01#2</a>' in r.text
    r = c.get("/historial", params={"entidad": "usuario"})  # the accounts of the fixture: roles in words
    assert "Rol: administración" in _texto(r.text) and "Rol: emisión" in _texto(r.text)
    assert historial.etiqueta("expediente", "serie_id") == "Serie (número interno)"
    assert historial.etiqueta("expediente", "vigencia_anios") == "Vigencia (años)"
    r = c.get("/historial", params={"usuario": "pedro"})
    assert "Sesión 1" in r.text and "R-CP-01" not in r.text
    r = c.get("/historial", params={"clave": "R-CP-01"})
    assert "Riesgo R-CP-01" in r.text and "Evaluación de riesgo R-CP-01#2" in r.text and "Sesión 1" not in r.text
    r = c.get("/historial", params={"entidad": "sesion"})
    assert "Sesión 1" in r.text and "R-CP-01" not in r.text
    r = c.get("/historial", params={"desde": "2030-01-01"})
    assert "No hay cambios registrados con esos filtros." in r.text
    r = c.get("/historial", params={"desde": "ayer", "hasta": "2020-13-01"})
    assert r.status_code == 400
    for campo in ("desde", "hasta"):
        assert re.search(rf'<div class="campo con-error">\s*<label for="campo-{campo}"', r.text), campo


def test_verificar_desde_la_pagina_con_que_hacer(portal, cliente, tmp_path) -> None:
    raiz = portal.state.portal.raiz
    with Catalogo.abrir(raiz, "prueba") as cat:
        s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27")
        sesiones.agregar_punto(cat, s.id, "Informes.")
        r = sesiones.adjuntar(cat, s.id, "1", pdfs=[pdf(tmp_path / "oficio.pdf", "OFICIO")])
    ruta = raiz.absoluta(r.adjuntados[0].ruta)
    ruta.write_bytes(ruta.read_bytes() + b"\n% alterado")
    (ruta.parent / "suelto.txt").write_text("nadie me registró", encoding="utf-8")
    assert cliente("emision").get("/integridad").status_code == 403
    c = cliente("administracion")
    pagina = c.get("/integridad")
    assert "todavía no se ha verificado" in pagina.text
    assert "El archivo no se ha verificado desde el portal" in c.get("/").text  # on the tablero
    r = c.post("/integridad/verificar", data={"_csrf": csrf_de(pagina.text)})
    assert 'data-activo="1"' in r.text and "Verificar ahora" not in r.text
    with Catalogo.abrir(raiz) as cat:
        t = integridad_trabajo(cat)
        assert trabajos.reclamar(cat, t)
    fin = trabajos.ejecutar(raiz, t)
    assert fin.estado == "terminado" and fin.hechos == fin.total
    r = c.get("/integridad")
    texto = _texto(r.text)
    assert "Archivo cuyo contenido cambió (SHA-256 distinto)" in texto and "Restaure del respaldo" in texto
    assert "Archivo que el catálogo no conoce" in texto and "suelto.txt" in texto
    assert re.search(r"Se verificaron \d+ archivos: 2 hallazgos\.", texto)
    assert "Verificar ahora" in r.text
    tablero = _texto(c.get("/").text)
    assert "Integridad del archivo" in tablero and "Archivo cuyo contenido cambió" in tablero


def integridad_trabajo(cat: Catalogo) -> int:
    return cat.uno("SELECT id FROM trabajos WHERE tipo = 'verificar' ORDER BY id DESC")[0]


def test_entradas_al_portal_solo_si_se_piden(cliente) -> None:
    c = cliente("administracion")
    assert "sesión iniciada" not in c.get("/historial").text
    assert "Resultado: sesión iniciada" in c.get("/historial", params={"accesos": "1"}).text


def test_cada_tipo_de_hallazgo_dice_que_hacer() -> None:
    assert set(integridad.QUE_HACER) == set(integridad.CATEGORIAS)
    assert "archivo respaldo restaurar" in integridad.QUE_HACER["catalogo"]
