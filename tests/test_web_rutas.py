"""The route × role table: every route of the portal, with every role and without a session.

Each route declares the role it requires (archivo/web/app.py); roles are cumulative. A role that may use the route
gets past the access check (never 403, never sent to the login page); one that may not gets 403; without a session
a GET is sent to the login page. A POST carries the session's CSRF token, so only the role decides. Walking the
application's own route table means a page added without a role, or with the wrong one, fails here.
"""

from __future__ import annotations

import re

import pytest
from starlette.routing import Mount, Route

from archivo import cuentas
from archivo.base import trabajos
from archivo.base.catalogo import Catalogo
from archivo.web.app import RUTAS
from tests.conftest import USUARIOS_PRUEBA
from tests.test_trabajos import _contar  # noqa: F401 - registers the test job types
from tests.utilidades import csrf_de

# Routes that need no session, on purpose.
PUBLICAS = {"/entrar"}
# Routes that end the session: checked last for each role.
CIERRAN_SESION = {"/salir"}


def _ejemplos(raiz, usuario: str) -> dict[str, str]:
    """A real value for every path parameter of the route table, from the fixture archive: «id» means a different
    record under each prefix («/documentos/{id}» a document…). Objects that belong to someone, like a job, belong
    to ``usuario``: only the role is under test here."""
    from archivo import generacion, personal, procedimientos
    from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba

    csv = raiz.ruta.parent / "padron.csv"
    csv.write_text(PADRON_CSV, encoding="utf-8")
    plantilla = instalar_plantilla_prueba(raiz.plantillas)
    with Catalogo.abrir(raiz, usuario=usuario) as cat:
        personal.importar(cat, csv)
        proc = procedimientos.abrir(cat, "concurso publico", "Concurso de prueba", personas=["SPEN-0001"])
        doc = generacion.generar(cat, plantilla, procedimiento_id=proc.id, datos={
            "asunto": "Prueba", "destinatario": "SPEN-0001", "cuerpo": "Texto."})
        trabajo = trabajos.encolar(cat, "prueba-contar", {"n": 1})
        ejemplos = {"trabajos:id": str(trabajo.id), "procedimientos:id": str(proc.id), "documentos:id": str(doc.id),
                    "expedientes:id": str(proc.expediente_id), "clave": "SPEN-0001", "cvo": "1",
                    "plantilla": plantilla, "usuario": "consulta", "nombre": plantilla, "token": "0123456789abcdef",
                    "id": str(trabajo.id)}  # any other «id»: a record that may not exist (404 is past the role check)
        ejemplos.update(_ejemplos_portal2(cat))
    return ejemplos


def _ejemplos_portal2(cat: Catalogo) -> dict[str, str]:
    """Sessions, compromisos, PAT and risks: a session with a point, a risk with an action."""
    from archivo import riesgos, sesiones

    sesion = sesiones.nueva(cat, organo="consejo", tipo="extraordinaria", fecha="2025-05-14")
    sesiones.agregar_punto(cat, sesion.id, "Punto de ejemplo.")
    punto = cat.uno("SELECT MAX(id) FROM sesion_puntos WHERE sesion_id = ?", (sesion.id,))[0]
    riesgo = riesgos.alta(cat, mecanismo="concurso-publico", texto="Riesgo de ejemplo").riesgo
    riesgos.accion(cat, riesgo.codigo, descripcion="Acción de ejemplo", responsable="CSPE",
                   fecha_compromiso="2030-01-31")
    return {"sesiones:id": str(sesion.id), "punto": str(punto), "version": "1", "doc": "1", "codigo": riesgo.codigo,
            "numero": "1", "anio": "2024", "semestre": "1", "actividad": "1"}


def _ruta_concreta(ruta: str, ejemplos: dict[str, str]) -> str:
    prefijo = ruta.strip("/").split("/")[0]

    def valor(m: re.Match) -> str:
        nombre = m.group(1).split(":")[0]
        for clave in (f"{prefijo}:{nombre}", nombre):
            if clave in ejemplos:
                return ejemplos[clave]
        raise AssertionError(f"falta un valor de ejemplo para «{{{nombre}}}» en {ruta}: agréguelo a _ejemplos")

    return re.sub(r"\{([^}]+)\}", valor, ruta)


def test_cada_ruta_de_la_aplicacion_declara_su_rol(portal) -> None:
    declaradas = {r.ruta: r for r in RUTAS}
    for ruta in portal.routes:
        if isinstance(ruta, Mount):
            assert ruta.path == "/static", f"montaje no previsto: {ruta.path}"
            continue
        assert isinstance(ruta, Route)
        r = declaradas.get(ruta.path)
        assert r is not None, f"{ruta.path} no está en la tabla de rutas de archivo/web/app.py"
        assert r.rol in cuentas.ROLES or (r.rol is None and r.ruta in PUBLICAS), f"{r.ruta}: rol {r.rol!r}"
    assert len(declaradas) == len(RUTAS), "una ruta está declarada dos veces"


def _comprobar(c, ruta, metodo, rol, csrf) -> None:
    if metodo == "GET":
        r = c.get(ruta, follow_redirects=False)
    else:
        r = c.post(ruta, data={"_csrf": csrf} if csrf else {}, follow_redirects=False)
    donde = f"{metodo} {ruta} como {rol or 'anónimo'}"
    return r, donde


@pytest.mark.parametrize("rol", [None, *cuentas.ROLES])
def test_ruta_por_rol(portal, cliente, rol) -> None:
    ejemplos = _ejemplos(portal.state.portal.raiz, USUARIOS_PRUEBA.get(rol, "admin"))
    c = cliente(rol)
    csrf = csrf_de(c.get("/cuenta" if rol else "/entrar").text)
    casos = [(r, m) for r in RUTAS for m in r.metodos]
    casos.sort(key=lambda x: x[0].ruta in CIERRAN_SESION)
    revisadas = 0
    for r, metodo in casos:
        ruta = _ruta_concreta(r.ruta, ejemplos)
        respuesta, donde = _comprobar(c, ruta, metodo, rol, csrf)
        if r.rol is None:
            assert respuesta.status_code not in (401, 403), donde
        elif rol is None:
            assert respuesta.status_code in (303, 401), donde
            if respuesta.status_code == 303:
                assert respuesta.headers["location"].startswith("/entrar"), donde
        elif cuentas.tiene_rol(rol, r.rol):
            assert respuesta.status_code != 403, f"{donde}: debía permitirse ({respuesta.text[:300]})"
            assert not respuesta.headers.get("location", "").startswith("/entrar") or r.ruta in CIERRAN_SESION, donde
        else:
            assert respuesta.status_code == 403, f"{donde}: debía dar 403, dio {respuesta.status_code}"
            assert "no permite esta acción" in respuesta.text, donde
        revisadas += 1
    assert revisadas == sum(len(r.metodos) for r in RUTAS)
