"""Portal accounts: roles, argon2id hashes, lockout, sessions, and ``archivo usuarios``."""

from __future__ import annotations

import json

import pytest

from archivo import cuentas
from archivo.base.errors import ArchivoError, EntradaInvalida

CLAVE = "una frase larga y segura"


def test_alta_guarda_solo_el_hash_argon2id(cat) -> None:
    u = cuentas.alta(cat, "Laura.Mendez", "Laura  Méndez Ortiz", "Emisión", CLAVE)
    assert (u.usuario, u.nombre, u.rol, u.nombre_rol) == ("laura.mendez", "Laura Méndez Ortiz", "emision", "emisión")
    fila = cat.uno("SELECT hash FROM usuarios WHERE usuario = 'laura.mendez'")
    assert fila["hash"].startswith("$argon2id$") and CLAVE not in fila["hash"]
    registro = cat.uno("SELECT * FROM historial WHERE entidad = 'usuario' AND accion = 'alta de usuario'")
    assert registro["usuario"] == "prueba" and json.loads(registro["despues"])["rol"] == "emision"
    assert CLAVE not in json.dumps([dict(f) for f in cat.todos("SELECT * FROM historial")])


def test_roles_acumulativos() -> None:
    assert cuentas.tiene_rol("administracion", "consulta") and cuentas.tiene_rol("emision", "captura")
    assert not cuentas.tiene_rol("captura", "emision") and not cuentas.tiene_rol("consulta", "captura")


def test_alta_reporta_todos_los_problemas_a_la_vez(cat) -> None:
    with pytest.raises(EntradaInvalida) as e:
        cuentas.alta(cat, "Ana María!", "", "jefa", "corta")
    lugares = {p.lugar for p in e.value.problemas}
    assert lugares == {"usuario", "nombre", "rol", "contrasena"}
    assert "consulta, captura, emisión, administración" in str(e.value)
    assert cat.uno("SELECT COUNT(*) FROM usuarios")[0] == 0


def test_bloqueo_tras_intentos_fallidos_y_desbloqueo_con_contrasena_nueva(cat) -> None:
    cuentas.alta(cat, "pedro", "Pedro Ruiz", "consulta", CLAVE)
    for _ in range(cuentas.MAX_FALLOS - 1):
        with pytest.raises(cuentas.AccesoDenegado, match="incorrectos"):
            cuentas.autenticar(cat, "pedro", "no es")
    with pytest.raises(cuentas.AccesoDenegado, match="bloqueada"):
        cuentas.autenticar(cat, "pedro", "tampoco")
    # locked: even the right password is refused, with the reason
    with pytest.raises(cuentas.AccesoDenegado, match="bloqueada por 5 intentos"):
        cuentas.autenticar(cat, "pedro", CLAVE)
    assert cat.uno("SELECT COUNT(*) FROM historial WHERE accion = 'bloquear cuenta'")[0] == 1
    cuentas.cambiar_contrasena(cat, "pedro", "otra frase muy segura")
    assert cuentas.autenticar(cat, "pedro", "otra frase muy segura").usuario == "pedro"


def test_usuario_inexistente_y_baja_no_entran_con_el_mismo_mensaje(cat) -> None:
    cuentas.alta(cat, "admin", "Administración", "administracion", CLAVE)
    cuentas.alta(cat, "sofia", "Sofía", "captura", CLAVE)
    cuentas.baja(cat, "sofia")
    mensajes = set()
    for usuario in ("nadie", "sofia"):
        with pytest.raises(cuentas.AccesoDenegado) as e:
            cuentas.autenticar(cat, usuario, CLAVE)
        mensajes.add(e.value.mensaje)
    assert mensajes == {"Usuario o contraseña incorrectos."}


def test_sesiones_se_cierran_al_salir_al_cambiar_contrasena_y_al_dar_de_baja(cat) -> None:
    cuentas.alta(cat, "admin", "Administración", "administracion", CLAVE)
    cuentas.alta(cat, "rosa", "Rosa", "captura", CLAVE)
    s, token = cuentas.iniciar_sesion(cat, "rosa", CLAVE, direccion="10.0.0.5")
    assert cuentas.sesion(cat, token).usuario.usuario == "rosa"
    assert cat.uno("SELECT COUNT(*) FROM sesiones_web WHERE id = ?", (token,))[0] == 0  # only its hash is kept
    assert cuentas.cerrar_sesion(cat, token)
    assert cuentas.sesion(cat, token) is None
    _, token = cuentas.iniciar_sesion(cat, "rosa", CLAVE)
    cuentas.cambiar_contrasena(cat, "rosa", "nueva frase muy segura")
    assert cuentas.sesion(cat, token) is None
    _, token = cuentas.iniciar_sesion(cat, "rosa", "nueva frase muy segura")
    cuentas.baja(cat, "rosa")
    assert cuentas.sesion(cat, token) is None


def test_sesion_vence_por_inactividad(cat) -> None:
    cuentas.alta(cat, "rosa", "Rosa", "captura", CLAVE)
    _, token = cuentas.iniciar_sesion(cat, "rosa", CLAVE)
    with cat.transaccion("prueba") as tx:
        tx.execute("UPDATE sesiones_web SET ultima = '2000-01-01T00:00:00+00:00'")
    assert cuentas.sesion(cat, token) is None
    assert cat.uno("SELECT COUNT(*) FROM sesiones_web")[0] == 0


def test_cambiar_la_propia_exige_la_actual(cat) -> None:
    cuentas.alta(cat, "rosa", "Rosa", "captura", CLAVE)
    with pytest.raises(EntradaInvalida) as e:
        cuentas.cambiar_contrasena(cat, "rosa", "rosa12345678", actual="equivocada")
    assert [p.lugar for p in e.value.problemas] == ["actual", "nueva"]
    assert cuentas.autenticar(cat, "rosa", CLAVE)


def test_no_se_queda_sin_administracion(cat) -> None:
    cuentas.alta(cat, "admin", "Administración", "administracion", CLAVE)
    with pytest.raises(ArchivoError, match="única cuenta activa de administración"):
        cuentas.baja(cat, "admin")
    with pytest.raises(ArchivoError, match="única cuenta activa de administración"):
        cuentas.cambiar_rol(cat, "admin", "consulta")


def test_cli_usuarios_alta_lista_rol_contrasena_baja(cli) -> None:
    r = cli("usuarios", "alta", "Marta", "--nombre", "Marta Ruiz", "--rol", "administración", entrada=f"{CLAVE}\n{CLAVE}\n")
    assert r.codigo == 0, r.todo
    assert "Cuenta «marta» creada" in r.salida and CLAVE not in r.todo
    r = cli("usuarios", "alta", "luis", "--nombre", "Luis", "--rol", "captura", "--contrasena-stdin",
            entrada=f"{CLAVE}\n")
    assert r.codigo == 0, r.todo
    r = cli("usuarios", "rol", "luis", "Emision")
    assert r.codigo == 0 and "emisión" in r.salida
    r = cli("usuarios", "contrasena", "luis", "--contrasena-stdin", entrada="corta\n")
    assert r.codigo == 1 and "al menos 10 caracteres" in r.errores
    r = cli("usuarios", "baja", "luis")
    assert r.codigo == 0
    r = cli("usuarios", "lista", "--formato", "json")
    filas = {f["usuario"]: f for f in json.loads(r.salida)}
    assert filas["luis"]["activo"] is False and filas["marta"]["nombre_rol"] == "administración"
    assert "hash" not in filas["marta"]


def test_cli_rol_invalido_antes_de_pedir_contrasena(cli) -> None:
    r = cli("usuarios", "alta", "ana", "--nombre", "Ana", "--rol", "jefa")
    assert r.codigo == 1 and "no es un rol" in r.errores and "Contraseña" not in r.salida
