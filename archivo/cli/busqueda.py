"""Comandos de busqueda (en construcción)."""

import click  # noqa: F401

comandos: list = []
