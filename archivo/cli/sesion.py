"""Comandos de sesion (en construcción)."""

import click  # noqa: F401

comandos: list = []
