"""Cuentas del portal: the people who log in, their role, their password (argon2id) and their browser sessions.

Roles are **cumulative**: each includes everything of the ones before it.

- ``consulta``: read and search everything (padrón, expedientes, documents, procedures) and download files.
- ``captura``: also the padrón (altas, edición, importación), procedures and their steps, borradores, batches as
  borradores and imports of past documents.
- ``emision``: also issue and cancel folios (documents, corrections, batches) and close expedientes and procedures.
- ``administracion``: also users, configuration and templates.

A user is never deleted: ``baja`` deactivates the account and ends its sessions, keeping the row for the audit log.
After ``MAX_FALLOS`` consecutive failed logins the account is locked for ``BLOQUEO_MINUTOS``; an administrator
can unlock it sooner by setting a new password. Sessions are rows of ``sesiones_web``: the browser keeps a random
token (only its SHA-256 is stored), a session ends after ``INACTIVIDAD_MINUTOS`` without activity or
``DURACION_HORAS`` after login, and logging out, a new password or a baja delete it on the server.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import threading
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from archivo.base import historial
from archivo.base.catalogo import Catalogo, Transaccion, ahora
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema

ROLES = ("consulta", "captura", "emision", "administracion")
NOMBRES_ROL = {"consulta": "consulta", "captura": "captura", "emision": "emisión",
               "administracion": "administración"}
DESCRIPCION_ROL = {
    "consulta": "Consulta y búsqueda de todo el archivo; descarga de documentos.",
    "captura": "Además: padrón, procedimientos y sus pasos, borradores, lotes en borrador e importaciones.",
    "emision": "Además: emitir y cancelar folios, correcciones, lotes, y cerrar expedientes y procedimientos.",
    "administracion": "Además: cuentas de usuario, configuración y plantillas.",
}
MAX_FALLOS = 5
BLOQUEO_MINUTOS = 15
INACTIVIDAD_MINUTOS = 120
DURACION_HORAS = 12
REFRESCO_SEGUNDOS = 60  # last activity is written at most this often (a write per page view would contend)
LONGITUD_MINIMA = 10
_USUARIO = re.compile(r"^[a-z0-9][a-z0-9._\-]{1,39}$")

# argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane): about a tenth of a second per login
# on a two-core office machine. The library's default profile (64 MiB, 4 lanes) took most of a second there, and a
# login is paid by the server for every attempt. Hashes made with other parameters are upgraded at the next login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Each hash takes 19 MiB: at most one per core at a time, so twenty people logging in at once queue for a moment
# instead of taking 400 MB (and more than one per core would not finish sooner).
_hashes_a_la_vez = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))


@functools.cache
def _hash_ficticio() -> str:
    """Compared against when the user does not exist, so the answer takes as long as for a real account."""
    return _hash(secrets.token_hex(16))


class AccesoDenegado(ArchivoError):
    """Wrong user or password, a locked or deactivated account: the login is refused."""


@dataclass
class Usuario:
    usuario: str
    nombre: str
    rol: str
    activo: bool
    fallos: int
    bloqueado_hasta: str | None
    ultimo_acceso: str | None
    creado: str
    modificado: str

    @property
    def nombre_rol(self) -> str:
        return NOMBRES_ROL[self.rol]

    def puede(self, rol: str) -> bool:
        """Whether this user's role includes ``rol`` (roles are cumulative)."""
        return self.activo and tiene_rol(self.rol, rol)

    def bloqueado(self, momento: datetime | None = None) -> bool:
        if not self.bloqueado_hasta:
            return False
        return datetime.fromisoformat(self.bloqueado_hasta) > (momento or _ahora())

    def como_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["nombre_rol"] = self.nombre_rol
        d["bloqueado"] = self.bloqueado()
        return d


@dataclass
class SesionWeb:
    """An open browser session: who, and the token every form that changes something must carry."""

    usuario: Usuario
    csrf: str
    creada: str
    expira: str


def _ahora() -> datetime:
    return datetime.fromisoformat(ahora())


def tiene_rol(rol_usuario: str, rol_requerido: str) -> bool:
    return ROLES.index(rol_usuario) >= ROLES.index(rol_requerido)


def normalizar_rol(texto: str) -> str:
    """«Emisión», «emision», «ADMINISTRACIÓN» -> the stored key; anything else is an error naming the roles."""
    plano = (texto or "").strip().lower().translate(str.maketrans("áéíóú", "aeiou"))
    if plano in ROLES:
        return plano
    raise EntradaInvalida(f"«{texto}» no es un rol.", [Problema(
        "rol", f"«{texto}» no es un rol", f"use uno de: {', '.join(NOMBRES_ROL.values())}")])


def _de_fila(fila: Any) -> Usuario:
    return Usuario(fila["usuario"], fila["nombre"], fila["rol"], bool(fila["activo"]), fila["fallos"],
                   fila["bloqueado_hasta"], fila["ultimo_acceso"], fila["creado"], fila["modificado"])


def buscar(cat: Catalogo | Transaccion, usuario: str) -> Usuario | None:
    fila = cat.uno("SELECT * FROM usuarios WHERE usuario = ?", ((usuario or "").strip().lower(),))
    return _de_fila(fila) if fila else None


def obtener(cat: Catalogo | Transaccion, usuario: str) -> Usuario:
    u = buscar(cat, usuario)
    if u is None:
        raise NoEncontrado(f"No existe la cuenta «{usuario}». Consulte las cuentas con «archivo usuarios lista».")
    return u


def lista(cat: Catalogo, *, incluir_bajas: bool = True) -> list[Usuario]:
    filas = cat.todos("SELECT * FROM usuarios ORDER BY activo DESC, usuario")
    return [u for u in map(_de_fila, filas) if incluir_bajas or u.activo]


def hay_administracion(cat: Catalogo) -> bool:
    return cat.uno("SELECT 1 FROM usuarios WHERE rol = 'administracion' AND activo = 1") is not None


def problemas_contrasena(contrasena: str, usuario: str = "", lugar: str = "contrasena") -> list[Problema]:
    problemas = []
    if len(contrasena or "") < LONGITUD_MINIMA:
        problemas.append(Problema(lugar, f"la contraseña debe tener al menos {LONGITUD_MINIMA} caracteres",
                                  "use una frase de varias palabras, fácil de recordar y difícil de adivinar"))
    elif usuario and usuario.lower() in contrasena.lower():
        problemas.append(Problema(lugar, "la contraseña no debe contener el nombre de usuario"))
    elif len(set(contrasena)) < 4:
        problemas.append(Problema(lugar, "la contraseña repite casi siempre el mismo carácter"))
    return problemas


def problemas_alta(usuario: str, nombre: str, rol: str, contrasena: str) -> list[Problema]:
    """Every problem of a new account's data (empty: it can be created, unless the user name is taken)."""
    try:
        _validar_alta(usuario, nombre, rol, contrasena)
    except EntradaInvalida as e:
        return e.problemas
    return []


def _validar_alta(usuario: str, nombre: str, rol: str, contrasena: str) -> tuple[str, str, str]:
    problemas: list[Problema] = []
    usuario = (usuario or "").strip().lower()
    if not _USUARIO.match(usuario):
        problemas.append(Problema("usuario", f"«{usuario}» no es un nombre de usuario válido",
                                  "de 2 a 40 letras minúsculas sin acentos, números, punto, guion o guion bajo; "
                                  "p. ej. laura.mendez"))
    nombre = " ".join((nombre or "").split())
    if not nombre:
        problemas.append(Problema("nombre", "falta el nombre de la persona", "p. ej. Laura Méndez Ortiz"))
    try:
        rol = normalizar_rol(rol)
    except EntradaInvalida as e:
        problemas.extend(e.problemas)
    problemas.extend(problemas_contrasena(contrasena, usuario))
    if problemas:
        raise EntradaInvalida(f"No se creó la cuenta; hay {len(problemas)} problema(s):", problemas)
    return usuario, nombre, rol


def alta(cat: Catalogo, usuario: str, nombre: str, rol: str, contrasena: str) -> Usuario:
    """Create an account (the password is stored only as its argon2id hash)."""
    usuario, nombre, rol = _validar_alta(usuario, nombre, rol, contrasena)
    hash_ = _hash(contrasena)
    with cat.transaccion("alta de usuario") as tx:
        if buscar(tx, usuario):
            raise EntradaInvalida(f"Ya existe la cuenta «{usuario}».", [Problema(
                "usuario", f"ya existe la cuenta «{usuario}»", "elija otro nombre de usuario")])
        tx.execute("INSERT INTO usuarios (usuario, nombre, rol, hash, creado, modificado) VALUES (?, ?, ?, ?, ?, ?)",
                   (usuario, nombre, rol, hash_, tx.momento, tx.momento))
        tx.registrar("usuario", usuario, None, {"nombre": nombre, "rol": rol, "activo": True})
        return obtener(tx, usuario)


def _cerrar_sesiones(tx: Transaccion, usuario: str) -> int:
    return tx.execute("DELETE FROM sesiones_web WHERE usuario = ?", (usuario,)).rowcount


def cambiar_rol(cat: Catalogo, usuario: str, rol: str) -> Usuario:
    rol = normalizar_rol(rol)
    with cat.transaccion("cambiar rol de usuario") as tx:
        actual = obtener(tx, usuario)
        if actual.rol == rol:
            return actual
        if actual.rol == "administracion" and actual.activo:
            _exigir_otra_administracion(tx, actual.usuario, "quitarle el rol de administración")
        tx.execute("UPDATE usuarios SET rol = ?, modificado = ? WHERE usuario = ?", (rol, tx.momento, actual.usuario))
        tx.registrar("usuario", actual.usuario, {"rol": actual.rol}, {"rol": rol})
        _cerrar_sesiones(tx, actual.usuario)  # the new role applies from the next login
        return obtener(tx, usuario)


def _exigir_otra_administracion(tx: Transaccion, usuario: str, que: str) -> None:
    otra = tx.uno("SELECT 1 FROM usuarios WHERE rol = 'administracion' AND activo = 1 AND usuario != ?", (usuario,))
    if otra is None:
        raise ArchivoError(f"No se puede {que} a «{usuario}»: es la única cuenta activa de administración. "
                           "Cree antes otra cuenta de administración.")


def baja(cat: Catalogo, usuario: str) -> Usuario:
    """Deactivate an account: it can no longer log in and its open sessions end. The row stays (audit)."""
    with cat.transaccion("baja de usuario") as tx:
        actual = obtener(tx, usuario)
        if not actual.activo:
            raise ArchivoError(f"La cuenta «{actual.usuario}» ya estaba dada de baja.")
        if actual.rol == "administracion":
            _exigir_otra_administracion(tx, actual.usuario, "dar de baja")
        tx.execute("UPDATE usuarios SET activo = 0, modificado = ? WHERE usuario = ?", (tx.momento, actual.usuario))
        tx.registrar("usuario", actual.usuario, {"activo": True}, {"activo": False})
        _cerrar_sesiones(tx, actual.usuario)
        return obtener(tx, usuario)


def reactivar(cat: Catalogo, usuario: str) -> Usuario:
    with cat.transaccion("reactivar usuario") as tx:
        actual = obtener(tx, usuario)
        if actual.activo:
            raise ArchivoError(f"La cuenta «{actual.usuario}» ya está activa.")
        tx.execute("UPDATE usuarios SET activo = 1, fallos = 0, bloqueado_hasta = NULL, modificado = ? "
                   "WHERE usuario = ?", (tx.momento, actual.usuario))
        tx.registrar("usuario", actual.usuario, {"activo": False}, {"activo": True})
        return obtener(tx, usuario)


def cambiar_contrasena(cat: Catalogo, usuario: str, nueva: str, *, actual: str | None = None) -> Usuario:
    """Set a new password (and unlock the account). With ``actual`` the current password must match (a user
    changing their own); without it, an administrator resets it. Every open session of the account ends."""
    u = obtener(cat, usuario)
    problemas = problemas_contrasena(nueva, u.usuario, "nueva")
    if actual is not None:
        fila = cat.uno("SELECT hash FROM usuarios WHERE usuario = ?", (u.usuario,))
        if not _verificar(fila["hash"], actual):
            problemas.insert(0, Problema("actual", "la contraseña actual no es correcta"))
        elif actual == nueva:
            problemas.append(Problema("nueva", "la contraseña nueva es igual a la actual"))
    if problemas:
        raise EntradaInvalida(f"No se cambió la contraseña; hay {len(problemas)} problema(s):", problemas)
    hash_ = _hash(nueva)
    with cat.transaccion("cambiar contraseña") as tx:
        tx.execute("UPDATE usuarios SET hash = ?, fallos = 0, bloqueado_hasta = NULL, modificado = ? "
                   "WHERE usuario = ?", (hash_, tx.momento, u.usuario))
        tx.registrar("usuario", u.usuario, None, {"contraseña": "cambiada", "por": cat.usuario})
        _cerrar_sesiones(tx, u.usuario)
        return obtener(tx, u.usuario)


def _verificar(hash_: str, contrasena: str) -> bool:
    try:
        with _hashes_a_la_vez:
            return _hasher.verify(hash_, contrasena)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _hash(contrasena: str) -> str:
    with _hashes_a_la_vez:
        return _hasher.hash(contrasena)


def autenticar(cat: Catalogo, usuario: str, contrasena: str) -> Usuario:
    """The account if the password is right; ``AccesoDenegado`` otherwise (failures counted, lockout applied)."""
    nombre = (usuario or "").strip().lower()[:60]
    fila = cat.uno("SELECT * FROM usuarios WHERE usuario = ?", (nombre,)) if nombre else None
    if fila is None:
        _verificar(_hash_ficticio(), contrasena or "")  # same cost as a real account
        with cat.transaccion("acceso fallido") as tx:
            tx.registrar("usuario", nombre or "(vacío)", None, {"resultado": "usuario inexistente"})
        raise AccesoDenegado("Usuario o contraseña incorrectos.")
    u = _de_fila(fila)
    momento = _ahora()
    if not u.activo:
        _verificar(_hash_ficticio(), contrasena or "")
        with cat.transaccion("acceso fallido") as tx:
            tx.registrar("usuario", u.usuario, None, {"resultado": "cuenta dada de baja"})
        raise AccesoDenegado("Usuario o contraseña incorrectos.")
    if u.bloqueado(momento):
        hasta = datetime.fromisoformat(u.bloqueado_hasta or "")
        raise AccesoDenegado(f"La cuenta está bloqueada por {MAX_FALLOS} intentos fallidos seguidos hasta las "
                             f"{hasta:%H:%M}. Espere o pida a administración que le asigne una contraseña nueva.")
    if not _verificar(fila["hash"], contrasena or ""):
        fallos = u.fallos + 1
        with cat.transaccion("acceso fallido") as tx:
            if fallos >= MAX_FALLOS:
                hasta = (momento + timedelta(minutes=BLOQUEO_MINUTOS)).isoformat(timespec="seconds")
                tx.execute("UPDATE usuarios SET fallos = 0, bloqueado_hasta = ? WHERE usuario = ?", (hasta, u.usuario))
                tx.registrar("usuario", u.usuario, None, {"resultado": "cuenta bloqueada", "hasta": hasta},
                             accion="bloquear cuenta")
            else:
                tx.execute("UPDATE usuarios SET fallos = ? WHERE usuario = ?", (fallos, u.usuario))
                tx.registrar("usuario", u.usuario, None, {"resultado": "contraseña incorrecta", "fallos": fallos})
        if fallos >= MAX_FALLOS:
            raise AccesoDenegado(f"Usuario o contraseña incorrectos. Tras {MAX_FALLOS} intentos fallidos la cuenta "
                                 f"quedó bloqueada {BLOQUEO_MINUTOS} minutos.")
        raise AccesoDenegado("Usuario o contraseña incorrectos.")
    if _hasher.check_needs_rehash(fila["hash"]):
        with cat.transaccion("actualizar hash de contraseña") as tx:
            tx.execute("UPDATE usuarios SET hash = ? WHERE usuario = ?", (_hash(contrasena), u.usuario))
    return u


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def iniciar_sesion(cat: Catalogo, usuario: str, contrasena: str, *, direccion: str = "") -> tuple[SesionWeb, str]:
    """Log in: returns the session and the token the browser keeps (never stored in clear)."""
    u = autenticar(cat, usuario, contrasena)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    momento = _ahora()
    expira = (momento + timedelta(hours=DURACION_HORAS)).isoformat(timespec="seconds")
    with cat.transaccion("iniciar sesión") as tx:
        tx.execute("DELETE FROM sesiones_web WHERE expira < ?", (momento.isoformat(timespec="seconds"),))
        tx.execute("INSERT INTO sesiones_web (id, usuario, creada, ultima, expira, direccion, csrf) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", (_sha(token), u.usuario, tx.momento, tx.momento, expira,
                                                    direccion[:100], csrf))
        tx.execute("UPDATE usuarios SET fallos = 0, bloqueado_hasta = NULL, ultimo_acceso = ? WHERE usuario = ?",
                   (tx.momento, u.usuario))
        tx.registrar("usuario", u.usuario, None, {"resultado": "sesión iniciada", "desde": direccion[:100]})
        u = obtener(tx, u.usuario)
    return SesionWeb(u, csrf, momento.isoformat(timespec="seconds"), expira), token


def sesion(cat: Catalogo, token: str | None) -> SesionWeb | None:
    """The open session of this token, or None (unknown, expired, idle too long, or the account is gone)."""
    if not token:
        return None
    fila = cat.uno("SELECT s.id AS sid, s.creada AS s_creada, s.ultima AS s_ultima, s.expira AS s_expira, "
                   "s.csrf AS s_csrf, u.* FROM sesiones_web s JOIN usuarios u ON u.usuario = s.usuario "
                   "WHERE s.id = ?", (_sha(token),))
    if fila is None:
        return None
    momento = _ahora()
    ultima = datetime.fromisoformat(fila["s_ultima"])
    vencida = datetime.fromisoformat(fila["s_expira"]) <= momento or \
        momento - ultima > timedelta(minutes=INACTIVIDAD_MINUTOS) or not fila["activo"]
    if vencida:
        with cat.transaccion("sesión vencida") as tx:
            tx.execute("DELETE FROM sesiones_web WHERE id = ?", (fila["sid"],))
        return None
    if (momento - ultima).total_seconds() > REFRESCO_SEGUNDOS:
        with cat.transaccion("actividad de sesión") as tx:
            tx.execute("UPDATE sesiones_web SET ultima = ? WHERE id = ?", (tx.momento, fila["sid"]))
    return SesionWeb(_de_fila(fila), fila["s_csrf"], fila["s_creada"], fila["s_expira"])


def cerrar_sesion(cat: Catalogo, token: str | None) -> bool:
    """Log out: the session ends on the server (its cookie is worthless from now on)."""
    if not token:
        return False
    with cat.transaccion("cerrar sesión") as tx:
        fila = tx.uno("SELECT usuario FROM sesiones_web WHERE id = ?", (_sha(token),))
        if fila is None:
            return False
        tx.execute("DELETE FROM sesiones_web WHERE id = ?", (_sha(token),))
        tx.registrar("usuario", fila["usuario"], None, {"resultado": "sesión cerrada"})
    return True


def sesiones_abiertas(cat: Catalogo, usuario: str | None = None) -> list[dict[str, Any]]:
    momento = ahora()
    if usuario:
        filas = cat.todos("SELECT usuario, creada, ultima, expira, direccion FROM sesiones_web "
                          "WHERE usuario = ? AND expira > ? ORDER BY ultima DESC", (usuario, momento))
    else:
        filas = cat.todos("SELECT usuario, creada, ultima, expira, direccion FROM sesiones_web WHERE expira > ? "
                          "ORDER BY ultima DESC", (momento,))
    return [dict(f) for f in filas]


historial.registrar_entidad("usuario", valores={"rol": lambda rol: NOMBRES_ROL.get(rol, rol)})
