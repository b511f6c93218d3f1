"""Comandos de compromisos (en construcción)."""

import click  # noqa: F401

comandos: list = []
