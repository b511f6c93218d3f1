"""Comandos de plantillas (en construcción)."""

import click  # noqa: F401

comandos: list = []
