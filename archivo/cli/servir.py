"""archivo servir: the web portal."""

from __future__ import annotations

from pathlib import Path

import click

from archivo import cuentas
from archivo.cli import tipos
from archivo.cli.contexto import Contexto, pasar_contexto
from archivo.cli.salida import aviso, consola
from archivo.web import servidor


@click.command("servir")
@click.option("--puerto", type=tipos.Entero(1, 65535, "NÚMERO"), default=8080, show_default=True, metavar="NÚMERO", help="Puerto donde escucha.")
@click.option("--direccion", default="127.0.0.1", show_default=True, metavar="IP",
              help="127.0.0.1: solo este equipo. 0.0.0.0: toda la red de la oficina (use HTTPS).")
@click.option("--certificado", type=click.Path(dir_okay=False, path_type=Path), metavar="RUTA",
              help="Certificado TLS (PEM) para servir con HTTPS.")
@click.option("--llave", type=click.Path(dir_okay=False, path_type=Path), metavar="RUTA",
              help="Llave privada (PEM) del certificado.")
@pasar_contexto
def servir(ctx: Contexto, puerto: int, direccion: str, certificado: Path | None, llave: Path | None) -> None:
    """Inicia el portal web del archivo para trabajar desde el navegador.

    \b
    Ejemplos:
      archivo servir                                  # solo en este equipo: http://127.0.0.1:8080/
      archivo servir --direccion 0.0.0.0 --certificado cert.pem --llave llave.pem
    """
    if not cuentas.lista(ctx.catalogo, incluir_bajas=False):
        aviso("No hay cuentas de usuario: nadie podrá entrar. Cree una de administración con "
              "«archivo usuarios alta USUARIO --nombre \"Nombre Apellido\" --rol administración».")
    servidor.servir(ctx.raiz, direccion=direccion, puerto=puerto, certificado=certificado, llave=llave,
                    mostrar=consola.print)


comandos = [servir]
