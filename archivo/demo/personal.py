"""Demo padrón: about 40 fictitious MSPEN of the fictitious Instituto Electoral de Anáhuac.

Names are random combinations of common Spanish given names and surnames (deterministic seed); no real person.
The padrón is written as an Excel file and imported through the same path staff use.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from archivo import personal
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz

NOMBRES_F = ["María Fernanda", "Ana Laura", "Guadalupe", "Claudia Patricia", "Verónica", "Alejandra", "Rosa Isela",
             "Daniela", "Mónica", "Karla Ivonne", "Leticia", "Sofía", "Gabriela", "Itzel", "Norma Angélica",
             "Adriana", "Brenda Yazmín", "Elena", "Marisol", "Ximena"]
NOMBRES_M = ["José Luis", "Juan Carlos", "Miguel Ángel", "Francisco Javier", "Alejandro", "Jorge Armando",
             "Roberto", "Eduardo", "Héctor Manuel", "Luis Fernando", "Ricardo", "Óscar", "Arturo", "Mauricio",
             "Sergio Iván", "Raúl", "Emiliano", "Diego", "Fernando", "Rodrigo"]
APELLIDOS = ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
             "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz", "Torres", "Gutiérrez",
             "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Castillo", "Romero", "Álvarez", "Chávez", "Rivera", "Juárez",
             "Medina", "Domínguez", "Vargas", "Herrera", "Castro", "Guzmán", "Velázquez", "Rojas", "Contreras",
             "Salazar", "Luna", "Ortega", "Estrada", "Bautista", "Cervantes", "Zavala", "Tapia"]

# (cargo femenino, cargo masculino, nivel, adscripción, cuántas plazas)
PLAZAS = [
    ("Coordinadora de Organización Electoral", "Coordinador de Organización Electoral", "Nivel 7", "DEOE", 2),
    ("Jefa de Departamento de Organización Electoral", "Jefe de Departamento de Organización Electoral",
     "Nivel 5", "DEOE", 3),
    ("Técnica de Organización Electoral", "Técnico de Organización Electoral", "Nivel 3", "DEOE", 9),
    ("Coordinadora de Educación Cívica", "Coordinador de Educación Cívica", "Nivel 7", "DEECyPC", 1),
    ("Coordinadora de Participación Ciudadana", "Coordinador de Participación Ciudadana", "Nivel 7", "DEECyPC", 1),
    ("Jefa de Departamento de Educación Cívica", "Jefe de Departamento de Educación Cívica", "Nivel 5",
     "DEECyPC", 2),
    ("Jefa de Departamento de Participación Ciudadana", "Jefe de Departamento de Participación Ciudadana",
     "Nivel 5", "DEECyPC", 2),
    ("Técnica de Educación Cívica", "Técnico de Educación Cívica", "Nivel 3", "DEECyPC", 6),
    ("Técnica de Participación Ciudadana", "Técnico de Participación Ciudadana", "Nivel 3", "DEECyPC", 4),
    ("Coordinadora de Prerrogativas y Partidos Políticos", "Coordinador de Prerrogativas y Partidos Políticos",
     "Nivel 7", "DEAPyPP", 1),
    ("Técnica de Prerrogativas y Partidos Políticos", "Técnico de Prerrogativas y Partidos Políticos", "Nivel 3",
     "DEAPyPP", 3),
    ("Coordinadora de lo Contencioso Electoral", "Coordinador de lo Contencioso Electoral", "Nivel 7", "UTCE", 1),
    ("Técnica de lo Contencioso Electoral", "Técnico de lo Contencioso Electoral", "Nivel 3", "UTCE", 3),
    ("Técnica de Vinculación con el INE", "Técnico de Vinculación con el INE", "Nivel 3", "CV-INE", 2),
]
VIAS = [("Concurso Público 2017", date(2017, 9, 1)), ("Concurso Público 2020", date(2021, 3, 1)),
        ("Concurso Público 2022-2023", date(2023, 8, 1)), ("Certamen Interno 2022", date(2022, 10, 1)),
        ("Incorporación por Concurso Público 2016 (OPLE)", date(2016, 8, 1))]


def personas_demo(semilla: int = 2025) -> list[dict]:
    azar = random.Random(semilla)
    filas = []
    n = 1
    usados: set[str] = set()
    for cargo_f, cargo_m, nivel, area, plazas in PLAZAS:
        for _ in range(plazas):
            mujer = azar.random() < 0.55
            while True:
                nombre = azar.choice(NOMBRES_F if mujer else NOMBRES_M)
                ap1, ap2 = azar.sample(APELLIDOS, 2)
                if (nombre, ap1, ap2) not in usados:
                    usados.add((nombre, ap1, ap2))
                    break
            via, ingreso = azar.choice(VIAS)
            ingreso = ingreso + timedelta(days=azar.randint(0, 40))
            antiguedad = 2024 - ingreso.year
            titular = antiguedad >= 3 and azar.random() < 0.75
            rango = azar.choice(["A", "A", "B", "C"]) if titular and antiguedad >= 6 else ("A" if titular else "")
            usuario = f"{nombre.split()[0]}.{ap1}".lower()
            for a, b in (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ñ", "n")):
                usuario = usuario.replace(a, b)
            filas.append({
                "clave": f"SPEN-{n:04d}", "nombre": nombre, "primer_apellido": ap1, "segundo_apellido": ap2,
                "cargo": cargo_f if mujer else cargo_m, "nivel": nivel, "rango": rango, "adscripcion": area,
                "titularidad": "sí" if titular else "no",
                "fecha_titularidad": date(ingreso.year + 3, 6, 30).isoformat() if titular else "",
                "via_ingreso": via, "fecha_ingreso": ingreso.isoformat(), "situacion": "activo",
                "correo": f"{usuario}@iea-anahuac.example.mx",
            })
            n += 1
    return filas


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    entrada = raiz.ruta / "entrada"
    entrada.mkdir(exist_ok=True)
    padron = entrada / "padron-demo.xlsx"
    personal.escribir_formato(padron, personas_demo())
    resultado = personal.importar(cat, padron)
    personal.baja(cat, "SPEN-0015", fecha=date(2024, 3, 31), motivo="Renuncia voluntaria")
    personal.baja(cat, "SPEN-0027", fecha=date(2024, 5, 15), motivo="Licencia sin goce de sueldo por seis meses",
                  temporal=True)
    informe.append(f"Padrón: {len(resultado.nuevas)} personas ficticias del Servicio importadas de {padron.name} "
                   f"(una con separación definitiva y una temporal), cada una con su expediente en "
                   f"expedientes/personal/.")
