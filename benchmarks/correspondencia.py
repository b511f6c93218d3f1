"""Benchmark of the correspondence register (issue «Correspondencia: la bitácora de seguimiento INE–OPLE»).

Builds an archive with 20,000 entradas and their salidas over two years (2023 and 2024), loaded the way an office
would bring its history in: two Excel bitácoras of 10,000 rows each imported with ``archivo correspondencia
importar``; about 3 % of the entradas stay open (some overdue). Then measures, in the same run:

  1. ``pendientes`` (what the CLI prints and the portal's tablero shows), p50/p95 of 30 runs;
  2. the register page (50 rows, newest first) with no filter and with the portal's filters, p50/p95;
  3. the Excel bitácora of a year (10,000 entradas and their salidas) against plain openpyxl writing the same rows
     (write-only): the floor of any Excel export;
  4. importing a 5,000-row Excel bitácora (into a fresh archive and into the big one) against plain openpyxl
     reading the same file (read-only): the floor of any import.
The issue sets targets only (≤ 150 ms p95, ≤ 5 s, ≤ 10 s); the openpyxl floors give the ratios.

    .venv/bin/python benchmarks/correspondencia.py [--entradas 20000] [--repeticiones 30]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook, load_workbook

from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.correspondencia import bitacora, consultas, importacion
from archivo.correspondencia.opciones import Calendario
from archivo.demo import TOML_DEMO

RESULTADOS = Path(__file__).resolve().parent / "resultados"
AREAS = ["CSPE", "DEOE", "DEECyPC", "DEAPyPP", "SE", "UTCE"]
REMITENTES = [("Dirección Ejecutiva del Servicio Profesional Electoral Nacional", "DESPEN"),
              ("Unidad Técnica de Vinculación con los Organismos Públicos Locales", "UTVOPL"),
              ("Dirección Ejecutiva de Organización Electoral", "DEOE"),
              ("Dirección Ejecutiva de Capacitación Electoral y Educación Cívica", "DECEyEC"),
              ("Dirección Ejecutiva de Administración", "DEA"), ("Unidad Técnica de lo Contencioso Electoral", "UTCE")]
ASUNTOS = ["Solicita información del personal del Servicio adscrito al Instituto",
           "Remite el calendario de actividades de la evaluación del desempeño",
           "Consulta sobre la integración de los consejos distritales",
           "Solicita la validación de los resultados preliminares",
           "Circular sobre la actualización del directorio de enlaces en el SIVOPLE",
           "Notifica el acuerdo del Consejo General sobre los lineamientos de incentivos",
           "Solicita el programa de actividades de educación cívica del semestre",
           "Solicita los avisos de separación del personal del Servicio"]
ENCABEZADOS = ["No.", "Fecha de recepción", "Hora", "Medio", "Actividad SIVOPLE", "Tipo", "Número del documento",
               "Fecha del documento", "Remitente", "Área remitente", "Asunto", "Plazo", "Área turnada",
               "Fecha de turno", "Respuesta", "Fecha de respuesta", "Estatus", "Observaciones"]


def _filas(anio: int, n: int, cal: Calendario, azar: random.Random, abiertas_desde: date) -> list[list]:
    """``n`` rows of a year's bitácora, dated on días hábiles, as an office keeps it."""
    habiles = [d for d in (date(anio, 1, 1) + timedelta(days=i) for i in range(366)) if d.year == anio
               and cal.es_habil(d)]
    filas = []
    for i in range(n):
        dia = habiles[i * len(habiles) // n]
        area_rem, siglas = REMITENTES[i % len(REMITENTES)]
        plazo = cal.sumar(dia, azar.choice((3, 5, 5, 10)))
        turno = AREAS[(i * 7) % len(AREAS)]
        abierta = (dia >= abiertas_desde and azar.random() < 0.35) or azar.random() < 0.01
        respuesta = fecha_respuesta = estatus = None
        if not abierta:
            fecha_respuesta = cal.sumar(dia, azar.choice((2, 3, 4, 6, 8)))
            respuesta = f"IEA/DEVySPE/{i + 1:05d}/{anio}"
            estatus = "Concluido"
        else:
            estatus = azar.choice(("Turnado", "En trámite", "Atendido"))
        hora = f"{9 + i % 9:02d}:{(i * 13) % 60:02d}"
        filas.append([i + 1, dia, hora, "SIVOPLE", f"IEA/{anio}/{i + 1:05d}", "Oficio",
                      f"INE/{siglas}/{i + 1:05d}/{anio}", dia - timedelta(days=1), "Instituto Nacional Electoral",
                      area_rem, f"{ASUNTOS[i % len(ASUNTOS)]} ({i + 1}).", plazo, turno, dia, respuesta,
                      fecha_respuesta, estatus, ""])
    return filas


def _libro(ruta: Path, filas: list[list]) -> None:
    """A workbook as Excel writes it (with its <dimension>, which openpyxl's write-only mode omits)."""
    libro = Workbook()
    hoja = libro.active
    hoja.title = "Recibidos"
    hoja.append(ENCABEZADOS)
    for f in filas:
        hoja.append(f)
    libro.save(ruta)


def _medir(funcion, repeticiones: int) -> dict[str, float]:
    """Wall-clock p50/p95 (what the targets are about) and the median CPU time of the process (what other work
    on a shared machine does not inflate)."""
    tiempos, cpu = [], []
    for _ in range(repeticiones):
        inicio, inicio_cpu = time.perf_counter(), time.process_time()
        funcion()
        tiempos.append((time.perf_counter() - inicio) * 1000)
        cpu.append((time.process_time() - inicio_cpu) * 1000)
    tiempos.sort()
    return {"p50_ms": statistics.median(tiempos), "p95_ms": tiempos[max(0, round(0.95 * len(tiempos)) - 1)],
            "max_ms": tiempos[-1], "cpu_p50_ms": statistics.median(cpu)}


def _una_vez(funcion) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result) of one run."""
    inicio, inicio_cpu = time.perf_counter(), time.process_time()
    resultado = funcion()
    return time.perf_counter() - inicio, time.process_time() - inicio_cpu, resultado


def _floor_escritura(datos: bitacora.DatosBitacora, ruta: Path) -> None:
    """Plain openpyxl (write-only) writing the same cells, no styles: the library the project's other Excel
    files use, as the baseline of an Excel export."""
    libro = Workbook(write_only=True)
    for nombre, columnas, filas in (("Recibidos", bitacora.COLUMNAS_RECIBIDOS,
                                     [bitacora.valores_recibido(f) for f in datos.recibidos]),
                                    ("Enviados", bitacora.COLUMNAS_ENVIADOS,
                                     [bitacora.valores_enviado(s) for s in datos.enviados])):
        hoja = libro.create_sheet(nombre)
        hoja.append([e for _, e, _ in columnas])
        for f in filas:
            hoja.append([f.get(c) for c, _, _ in columnas])
    libro.save(ruta)


def _floor_lectura(ruta: Path) -> None:
    """Plain openpyxl (read-only) reading every cell: the floor of an import."""
    libro = load_workbook(ruta, read_only=True, data_only=True)
    n = sum(1 for _ in libro.worksheets[0].iter_rows(values_only=True))
    libro.close()
    assert n > 0


def _paginas_del_portal(raiz, repeticiones: int) -> dict[str, dict[str, float]]:
    """GET the register pages as a logged-in user, through the whole application (Starlette's TestClient)."""
    import re

    from starlette.testclient import TestClient

    from archivo import cuentas
    from archivo.web.app import crear_app

    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        cuentas.alta(cat, "medicion", "Persona que mide", "consulta", "una frase para medir el portal")
    app = crear_app(raiz, trabajos_en_segundo_plano=False)
    medidas = {}
    with TestClient(app, base_url="http://testserver") as c:
        pagina = c.get("/entrar").text
        csrf = re.search(r'name="_csrf" value="([^"]+)"', pagina).group(1)
        r = c.post("/entrar", data={"_csrf": csrf, "usuario": "medicion",
                                    "contrasena": "una frase para medir el portal"}, follow_redirects=False)
        assert r.status_code == 303, r.text[:500]
        for nombre, url in (("página del registro", "/correspondencia"),
                            ("registro filtrado (pendientes de un área)", "/correspondencia?estado=pendiente&area=DEOE"),
                            ("página de pendientes", "/correspondencia/pendientes"),
                            ("tablero (con su sección)", "/")):
            def pedir(url=url) -> None:
                respuesta = c.get(url)
                assert respuesta.status_code == 200, respuesta.text[:300]

            medidas[nombre] = _medir(pedir, repeticiones)
    return medidas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entradas", type=int, default=20000)
    parser.add_argument("--repeticiones", type=int, default=30)
    args = parser.parse_args()
    azar = random.Random(15)
    por_anio = args.entradas // 2
    al = date(2024, 12, 31)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raiz = iniciar_archivo(tmp / "archivo", toml=TOML_DEMO)
        cat = Catalogo.abrir(raiz, usuario="benchmark")
        cal = Calendario.de(raiz)
        carga = {}
        for anio in (2023, 2024):
            ruta = tmp / f"bitacora-{anio}.xlsx"
            _libro(ruta, _filas(anio, por_anio, cal, azar, date(anio, 11, 15)))
            inicio = time.perf_counter()
            r = importacion.importar(cat, ruta)
            carga[anio] = time.perf_counter() - inicio
            assert r.entradas_nuevas == por_anio, r.resumen()
        entradas = cat.uno("SELECT COUNT(*) FROM entradas")[0]
        salidas = cat.uno("SELECT COUNT(*) FROM salidas")[0]
        turnos = cat.uno("SELECT COUNT(*) FROM turnos")[0]
        abiertas = len(consultas.pendientes(cat, al=al))
        vencidas = sum(1 for p in consultas.pendientes(cat, al=al) if p["vencido"])

        # 1. pendientes
        pendientes = _medir(lambda: consultas.pendientes(cat, al=al), args.repeticiones)
        pendientes_area = _medir(lambda: consultas.pendientes(cat, al=al, area="DEOE"), args.repeticiones)
        # 2. the register page
        paginas = {
            "sin filtro": lambda: consultas.lista(cat, al=al),
            "página 100": lambda: consultas.lista(cat, al=al, pagina=100),
            "pendientes": lambda: consultas.lista(cat, estado="pendiente", al=al),
            "vencidas de un área": lambda: consultas.lista(cat, area="DEOE", vencidas=True, al=al),
            "texto «DESPEN evaluación»": lambda: consultas.lista(cat, texto="DESPEN evaluación", al=al),
            "un mes": lambda: consultas.lista(cat, desde="2024-08-01", hasta="2024-08-31", al=al),
            "salidas": lambda: consultas.lista_salidas(cat, al=al),
        }
        registro = {nombre: _medir(f, args.repeticiones) for nombre, f in paginas.items()}
        # the same pages through the portal (in-process HTTP: routing, session, role check, rendering)
        portal = _paginas_del_portal(raiz, args.repeticiones)
        # 3. the Excel bitácora of a year, and its floor
        excel_anio, excel_cpu, datos = _una_vez(lambda: bitacora.exportar_xlsx(
            cat, tmp / "bitacora-2024.xlsx", "2024-01-01", "2024-12-31", al=al))
        piso_escritura, piso_escritura_cpu, _ = _una_vez(lambda: _floor_escritura(datos, tmp / "piso.xlsx"))
        # a month in Word (informative: issued with folio)
        word_mes, word_cpu, (doc, mes) = _una_vez(lambda: bitacora.emitir(cat, "2024-08-01", "2024-08-31",
                                                                          fecha="2024-09-02", al=al))
        # 4. importing 5,000 rows: into a fresh archive and into the big one; and the floor
        ruta5k = tmp / "bitacora-5000.xlsx"
        _libro(ruta5k, _filas(2022, 5000, cal, azar, date(2022, 11, 15)))
        piso_lectura, piso_lectura_cpu, _ = _una_vez(lambda: _floor_lectura(ruta5k))
        fresco = Catalogo.abrir(iniciar_archivo(tmp / "fresco", toml=TOML_DEMO), usuario="benchmark")
        import_fresco, import_fresco_cpu, _ = _una_vez(lambda: importacion.importar(fresco, ruta5k))
        reimport, reimport_cpu, _ = _una_vez(lambda: importacion.importar(fresco, ruta5k))
        fresco.cerrar()
        import_grande, import_grande_cpu, _ = _una_vez(lambda: importacion.importar(cat, ruta5k))
        cat.cerrar()

    resultado = {
        "maquina": {"procesador": platform.processor() or platform.machine(), "python": platform.python_version(),
                    "nucleos": os.cpu_count(), "carga": os.getloadavg()},
        "fecha": datetime.now().isoformat(timespec="seconds"),
        "archivo": {"entradas": entradas, "salidas": salidas, "turnos": turnos, "pendientes": abiertas,
                    "vencidas": vencidas, "importacion_10000_filas_s": carga},
        "pendientes": pendientes, "pendientes_de_un_area": pendientes_area, "registro": registro,
        "portal": portal,
        "bitacora_excel_anio_s": excel_anio, "bitacora_excel_anio_cpu_s": excel_cpu,
        "openpyxl_escritura_mismas_filas_s": piso_escritura, "openpyxl_escritura_cpu_s": piso_escritura_cpu,
        "filas_del_anio": {"recibidos": len(datos.recibidos), "enviados": len(datos.enviados)},
        "bitacora_word_mes_s": word_mes, "bitacora_word_mes_cpu_s": word_cpu,
        "filas_del_mes": len(mes.recibidos) + len(mes.enviados),
        "importar_5000_archivo_nuevo_s": import_fresco, "importar_5000_archivo_nuevo_cpu_s": import_fresco_cpu,
        "reimportar_5000_s": reimport, "reimportar_5000_cpu_s": reimport_cpu,
        "importar_5000_archivo_grande_s": import_grande, "importar_5000_archivo_grande_cpu_s": import_grande_cpu,
        "openpyxl_lectura_5000_s": piso_lectura, "openpyxl_lectura_5000_cpu_s": piso_lectura_cpu,
    }
    RESULTADOS.mkdir(exist_ok=True)
    (RESULTADOS / "correspondencia.json").write_text(json.dumps(resultado, indent=2, ensure_ascii=False,
                                                                default=str))
    print(f"Archivo: {entradas} entradas, {salidas} salidas, {turnos} turnos; {abiertas} pendientes al "
          f"{al:%d/%m/%Y} ({vencidas} vencidas). Carga de la máquina: {os.getloadavg()[0]:.1f}.")
    print(f"{'Medición':<46}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'meta':>9}")

    def fila_ms(nombre: str, m: dict[str, float]) -> None:
        print(f"{nombre:<46}{m['p50_ms']:>9.1f}{m['p95_ms']:>9.1f}{m['cpu_p50_ms']:>9.1f}{'≤ 150':>9}")

    fila_ms("pendientes", pendientes)
    fila_ms("pendientes de un área", pendientes_area)
    for nombre, m in registro.items():
        fila_ms("registro, " + nombre, m)
    for nombre, m in portal.items():
        fila_ms("portal, " + nombre, m)
    print(f"{'Medición':<46}{'s':>9}{'CPU s':>9}{'base s':>9}{'vs base':>9}{'meta':>9}")

    def fila_s(nombre: str, s: float, cpu: float, base: float | None, meta: str) -> None:
        extra = f"{base:>9.2f}{s / base:>8.1f}x" if base else " " * 18
        print(f"{nombre:<46}{s:>9.2f}{cpu:>9.2f}{extra}{meta:>9}")

    fila_s("bitácora de un año en Excel", excel_anio, excel_cpu, piso_escritura, "≤ 5 s")
    fila_s("importar 5,000 filas (archivo nuevo)", import_fresco, import_fresco_cpu, piso_lectura, "≤ 10 s")
    fila_s("importar 5,000 filas (archivo de 20,000)", import_grande, import_grande_cpu, piso_lectura, "≤ 10 s")
    fila_s("reimportar las mismas 5,000 (sin cambios)", reimport, reimport_cpu, piso_lectura, "")
    fila_s(f"bitácora de un mes en Word ({len(mes.recibidos) + len(mes.enviados)} filas)", word_mes, word_cpu,
           None, "")
    print(f"Bases: openpyxl sin estilos escribiendo las mismas celdas ({piso_escritura_cpu:.2f} s CPU) y leyendo el "
          f"mismo libro ({piso_lectura_cpu:.2f} s CPU).")

if __name__ == "__main__":
    main()
