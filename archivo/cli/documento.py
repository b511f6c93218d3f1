"""Comandos de documento (en construcción)."""

import click  # noqa: F401

comandos: list = []
