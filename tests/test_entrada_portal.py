"""The input layer's rule in the portal's forms: a control character is refused naming its field, never stripped."""

from __future__ import annotations

from archivo import cuentas
from archivo.base.catalogo import Catalogo
from tests.conftest import CONTRASENA_PRUEBA
from tests.utilidades import csrf_de


def test_caracter_de_control_en_un_formulario(cliente, portal) -> None:
    c = cliente("captura")
    pagina = c.get("/cuenta")
    nueva = "otra frase\x00 muy segura"
    r = c.post("/cuenta", data={"_csrf": csrf_de(pagina.text), "actual": CONTRASENA_PRUEBA, "nueva": nueva,
                                "confirmacion": nueva})
    assert r.status_code == 400
    assert "contiene el carácter de control U+0000" in r.text and "no se guardó nada" in r.text
    assert "Traceback" not in r.text and "Error inesperado" not in r.text
    with Catalogo.abrir(portal.state.portal.raiz, usuario="prueba") as cat:  # the password did not change
        assert cuentas.autenticar(cat, "captura", CONTRASENA_PRUEBA)
