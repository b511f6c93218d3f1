"""Demo: one portal account per role, with known demo passwords (printed at the end of «archivo demo»)."""

from __future__ import annotations

from archivo import cuentas
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz

# (usuario, nombre, rol, contraseña): FICTITIOUS people; the passwords are public, for the demo only.
CUENTAS_DEMO = [
    ("consulta", "Rosa Elena Bautista (consulta)", "consulta", "leer-archivo-2024"),
    ("captura", "Jorge Alberto Medina (captura)", "captura", "registrar-2024-demo"),
    ("emision", "Andrés Villaseñor Quiroga (emisión)", "emision", "folios-2024-demo"),
    ("admin", "Lucía Fernanda Ortega (administración)", "administracion", "configurar-2024-demo"),
]


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    for usuario, nombre, rol, contrasena in CUENTAS_DEMO:
        cuentas.alta(cat, usuario, nombre, rol, contrasena)
    informe.append(f"{len(CUENTAS_DEMO)} cuentas del portal web, una por rol (consulta, captura, emisión y "
                   "administración).")
