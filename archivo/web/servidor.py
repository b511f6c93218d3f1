"""Serving the portal with uvicorn (``archivo servir``)."""

from __future__ import annotations

import contextlib
import ctypes
import ipaddress
from collections.abc import Callable
from pathlib import Path

import uvicorn

from archivo.base.errors import EntradaInvalida, Problema
from archivo.base.raiz import Raiz
from archivo.web.app import crear_app

AVISO_HTTPS = (
    "Aviso: el portal quedará disponible para toda la red de la oficina SIN CIFRAR (HTTP): las contraseñas y los "
    "documentos viajarían legibles por la red. Sírvalo con HTTPS: indique --certificado y --llave (un certificado "
    "de su institución), o póngalo detrás de un proxy inverso con HTTPS (nginx, Caddy, IIS)."
)


def es_solo_local(direccion: str) -> bool:
    try:
        return ipaddress.ip_address(direccion).is_loopback
    except ValueError:
        return direccion == "localhost"


def validar(direccion: str, puerto: int, certificado: Path | None, llave: Path | None) -> None:
    problemas = []
    if not (1 <= puerto <= 65535):
        problemas.append(Problema("--puerto", f"{puerto} no es un puerto válido", "use un número de 1 a 65535, "
                                  "p. ej. 8080"))
    if direccion != "localhost":
        try:
            ipaddress.ip_address(direccion)
        except ValueError:
            problemas.append(Problema("--direccion", f"«{direccion}» no es una dirección IP",
                                      "use 127.0.0.1 (solo este equipo) o 0.0.0.0 (toda la red)"))
    if (certificado is None) != (llave is None):
        problemas.append(Problema("--certificado/--llave", "se necesitan los dos: el certificado y su llave privada"))
    for nombre, ruta in (("--certificado", certificado), ("--llave", llave)):
        if ruta is not None and not ruta.is_file():
            problemas.append(Problema(nombre, f"no existe el archivo {ruta}"))
    if problemas:
        raise EntradaInvalida("No se inició el portal:", problemas)


def _limitar_arenas() -> None:
    """glibc gives each thread its own malloc arena (up to eight per core) and keeps in it what was freed: with a
    pool of worker threads the server's memory grew well beyond what it used. Two arenas suffice (M_ARENA_MAX)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)


def servir(raiz: Raiz, *, direccion: str = "127.0.0.1", puerto: int = 8080, certificado: Path | None = None,
           llave: Path | None = None, mostrar: Callable[[str], None] = print) -> None:
    """Start the portal and block until Ctrl+C."""
    validar(direccion, puerto, certificado, llave)
    _limitar_arenas()
    https = certificado is not None
    app = crear_app(raiz, https=https)
    esquema = "https" if https else "http"
    anfitrion = "127.0.0.1" if direccion in ("0.0.0.0", "::") else direccion
    mostrar(f"Portal del archivo {raiz.ruta}")
    mostrar(f"Abra en su navegador: {esquema}://{anfitrion}:{puerto}/")
    if not es_solo_local(direccion):
        mostrar(f"En la red de la oficina: {esquema}://<dirección de este equipo>:{puerto}/")
        if not https:
            mostrar(AVISO_HTTPS)
    mostrar("Para detenerlo: Ctrl+C.")
    uvicorn.run(app, host=direccion, port=puerto, ssl_certfile=str(certificado) if certificado else None,
                ssl_keyfile=str(llave) if llave else None, log_level="warning", access_log=False,
                server_header=False, date_header=True)
