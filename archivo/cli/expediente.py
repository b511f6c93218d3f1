"""Comandos de expediente (en construcción)."""

import click  # noqa: F401

comandos: list = []
