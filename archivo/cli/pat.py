"""Comandos de pat (en construcción)."""

import click  # noqa: F401

comandos: list = []
