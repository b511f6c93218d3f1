"""Comandos de general (en construcción)."""

import click  # noqa: F401

comandos: list = []
