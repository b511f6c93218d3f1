"""Comandos de personal (en construcción)."""

import click  # noqa: F401

comandos: list = []
