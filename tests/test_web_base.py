"""The portal's base: login and logout, sessions, CSRF, security headers, error pages, jobs' pages."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.web.app import crear_app
from tests.conftest import CONTRASENA_PRUEBA
from tests.test_trabajos import esperar  # also registers the test job types
from tests.utilidades import csrf_de, entrar


def test_sin_sesion_lleva_a_entrar_y_vuelve_a_la_pagina_pedida(cliente) -> None:
    c = cliente()
    r = c.get("/cuenta", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/entrar?siguiente=%2Fcuenta"
    pagina = c.get(r.headers["location"])
    assert "Entrar al archivo" in pagina.text and 'for="campo-usuario"' in pagina.text
    r = c.post("/entrar", data={"_csrf": csrf_de(pagina.text), "usuario": "captura", "contrasena": CONTRASENA_PRUEBA,
                                "siguiente": "/cuenta"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/cuenta"


def test_no_redirige_a_otro_sitio(cliente) -> None:
    c = cliente()
    pagina = c.get("/entrar")
    r = c.post("/entrar", data={"_csrf": csrf_de(pagina.text), "usuario": "consulta", "contrasena": CONTRASENA_PRUEBA,
                                "siguiente": "//malo.example/robar"}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_contrasena_incorrecta_conserva_el_usuario_escrito(cliente) -> None:
    c = cliente()
    pagina = c.get("/entrar")
    r = c.post("/entrar", data={"_csrf": csrf_de(pagina.text), "usuario": "captura", "contrasena": "no es"})
    assert r.status_code == 400
    assert "Usuario o contraseña incorrectos." in r.text and 'value="captura"' in r.text
    assert 'name="contrasena" value=' not in r.text  # a password is never sent back


def test_cookie_de_sesion_httponly_samesite_strict(cliente, portal) -> None:
    c = cliente()
    r = entrar(c, "consulta", CONTRASENA_PRUEBA)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    raiz = portal.state.portal.raiz
    con_tls = TestClient(crear_app(raiz, https=True, trabajos_en_segundo_plano=False), base_url="https://testserver")
    r = entrar(con_tls, "consulta", CONTRASENA_PRUEBA)
    assert "secure" in r.headers["set-cookie"].lower()
    assert con_tls.get("/").headers["strict-transport-security"]


def test_salir_invalida_la_cookie_en_el_servidor(cliente) -> None:
    c = cliente("captura")
    copia = dict(c.cookies)
    pagina = c.get("/")
    r = c.post("/salir", data={"_csrf": csrf_de(pagina.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/entrar"
    otro = cliente()
    otro.cookies.update(copia)  # someone kept a copy of the cookie: it is worthless now
    assert otro.get("/", follow_redirects=False).headers["location"] == "/entrar"


def test_formulario_sin_su_codigo_de_seguridad_se_rechaza(cliente, portal) -> None:
    c = cliente("captura")
    r = c.post("/cuenta", data={"actual": CONTRASENA_PRUEBA, "nueva": "otra frase muy segura",
                                "confirmacion": "otra frase muy segura"})
    assert r.status_code == 403 and "código de seguridad" in r.text
    r = c.post("/cuenta", data={"_csrf": "inventado", "actual": CONTRASENA_PRUEBA, "nueva": "otra frase muy segura",
                                "confirmacion": "otra frase muy segura"})
    assert r.status_code == 403
    with Catalogo.abrir(portal.state.portal.raiz, usuario="prueba") as cat:  # nothing changed
        from archivo import cuentas

        assert cuentas.autenticar(cat, "captura", CONTRASENA_PRUEBA)


def test_cabeceras_de_seguridad(cliente) -> None:
    c = cliente("consulta")
    for ruta in ("/", "/entrar", "/no-existe", "/static/archivo.css"):
        r = c.get(ruta)
        csp = r.headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin" and "server" not in r.headers
    assert c.get("/").headers["cache-control"] == "no-store"
    html = c.get("/").text
    assert "<script>" not in html and " style=" not in html and "onclick" not in html  # nothing inline


def test_paginas_de_error_en_espanol_con_salida(cliente, portal, monkeypatch) -> None:
    c = cliente("consulta")
    r = c.get("/no-existe")
    assert r.status_code == 404 and "La página que busca no existe" in r.text and 'href="/"' in r.text
    r = c.get("/trabajos/999999")
    assert r.status_code == 404 and "No existe el trabajo 999999" in r.text
    r = c.post("/", data={})
    assert r.status_code == 405 and "Esa acción no se puede hacer" in r.text

    def romper(*a, **k):
        raise RuntimeError("detalle técnico que no debe verse")

    monkeypatch.setattr("archivo.web.tablero.pendientes.reunir", romper)
    c = cliente("consulta", raise_server_exceptions=False)
    r = c.get("/")
    assert r.status_code == 500 and "Traceback" not in r.text and "detalle técnico" not in r.text
    referencia = re.search(r"Referencia del error: <strong>([^<]+)</strong>", r.text).group(1)
    registro = (portal.state.portal.raiz.ruta / "portal-errores.log").read_text(encoding="utf-8")
    assert referencia in registro and "detalle técnico que no debe verse" in registro and "Traceback" in registro


def test_trabajo_de_otra_persona_da_403_en_espanol(cliente, portal) -> None:
    with Catalogo.abrir(portal.state.portal.raiz, usuario="admin") as cat:
        t = trabajos.encolar(cat, "prueba-contar", {"n": 1})
    r = cliente("captura").get(f"/trabajos/{t.id}")
    assert r.status_code == 403 and "Este trabajo lo inició otra persona" in r.text
    assert cliente("administracion").get(f"/trabajos/{t.id}").status_code == 200


def test_pagina_de_trabajo_muestra_avance_y_sobrevive_recargas(cliente, portal) -> None:
    raiz = portal.state.portal.raiz
    with Catalogo.abrir(raiz, usuario="captura") as cat:
        t = trabajos.encolar(cat, "prueba-contar", {"n": 4}, titulo="Cuenta de cuatro")
    c = cliente("captura")
    r = c.get(f"/trabajos/{t.id}")
    assert "Cuenta de cuatro" in r.text and "en espera" in r.text and 'data-activo="1"' in r.text
    assert '<meta http-equiv="refresh"' in r.text  # without JavaScript the page reloads itself
    e = trabajos.Ejecutor(raiz, hilos=1, intervalo=0.1)
    e.iniciar()
    try:
        with Catalogo.abrir(raiz, usuario="captura") as cat:
            esperar(cat, t.id)
    finally:
        e.detener()
    fragmento = c.get(f"/trabajos/{t.id}", headers={"X-Fragmento": "1"})
    assert fragmento.text.lstrip().startswith('<div class="trabajo') and "<html" not in fragmento.text
    assert 'value="100"' in fragmento.text and "4 de 4" in fragmento.text and 'data-activo="0"' in fragmento.text
    datos = c.get(f"/trabajos/{t.id}", headers={"Accept": "application/json"}).json()
    assert datos["estado"] == "terminado" and datos["porcentaje"] == 100
    assert f'href="/trabajos/{t.id}"' in c.get("/trabajos").text
