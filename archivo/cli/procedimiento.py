"""Comandos de procedimiento (en construcción)."""

import click  # noqa: F401

comandos: list = []
