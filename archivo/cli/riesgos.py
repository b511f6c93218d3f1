"""Comandos de riesgos (en construcción)."""

import click  # noqa: F401

comandos: list = []
