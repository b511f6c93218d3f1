"""Benchmark: OCR of scans, archivo's engine against the ``ocrmypdf`` command line.

The page set (made here, kept in a temporary folder):
- synthetic pages: text chosen here (fictitious oficios, acuerdos and actas of an OPLE), typeset with LibreOffice
  (Liberation Serif 12 pt), rasterised at 200 dpi with PDFium and degraded as a scanner would: grey, noise, a
  slight skew (±0.4–1.5°), a little blur; each saved as an image-only PDF (JPEG pages). Their text is known, so the
  character error rate (CER) is measured;
- the corpus's three signed scans (../shared/corpus/pdf, 16 pages with signatures over the text, stamps, skew).

Measured in the same run, on the same files, one after the other:
- baseline: ``ocrmypdf -l spa IN OUT``, one process per file (its defaults: pages of a file in parallel, PDF/A
  when it can);
- archivo: ``ocr.reconocer_lote`` — one process for the batch (one engine start), files side by side and pages in
  parallel, one Tesseract per core, turning/straightening only the pages that do not read;
- a 4-page scan imported into a fresh archive (``acervo.importar``) until a phrase of its page is found by the search
  (the library path of an upload: ready and searchable).

Targets (issue 14): pages per minute ≥ 1.3× the baseline on 2 cores; CER on the synthetic pages ≤ 2 % (median),
equal or better than the baseline's; the 4-page scan searchable ≤ 20 s.

    .venv/bin/python benchmarks/ocr.py [--sinteticas 10] [--rondas 1]

Prints a table and writes benchmarks/resultados/ocr.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.shared import Pt
from pypdf import PdfReader

from archivo import busqueda
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.busqueda import acervo
from archivo.busqueda import ocr as motor
from archivo.demo import TOML_DEMO
from archivo.word import conversion

RESULTADOS = Path(__file__).resolve().parent / "resultados"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pdf"
ESCANEOS = ["mx-pjdgo-acuerdo-10-2020.pdf", "mx-pjdgo-acuerdo-covid19.pdf",
            "mx-pjdgo-acuerdo-notificaciones-electronicas.pdf"]

TEXTOS = [
    ("OFICIO IEA/DEVySPE/{n:03d}/2024",
     "Santa Lucía del Valle, Anáhuac, a {d} de marzo de 2024. Mtra. Rosa Elena Castañeda Villalobos, Directora "
     "Ejecutiva del Servicio Profesional Electoral Nacional del Instituto Nacional Electoral. Presente. Por este "
     "medio, y con fundamento en el artículo 16 de los Lineamientos para la evaluación del desempeño de los "
     "miembros del Servicio Profesional Electoral Nacional del sistema OPLE, me permito remitir los resultados de "
     "la evaluación correspondiente al periodo de septiembre de 2022 a agosto de 2023 de las personas adscritas a "
     "la Dirección Ejecutiva de Organización Electoral. Asimismo, le informo que tres personas obtuvieron una "
     "calificación inferior a siete, por lo que se elaborarán las acciones de mejora que prevé la normativa, con "
     "la participación de sus superiores jerárquicos. Sin otro particular, aprovecho la ocasión para enviarle un "
     "cordial saludo."),
    ("ACUERDO IEA-CSPEN-{n:03d}/2023 DE LA COMISIÓN DE SEGUIMIENTO DEL SERVICIO",
     "Por el que se aprueba el dictamen de procedencia para el otorgamiento de incentivos a los miembros del "
     "Servicio correspondientes al ejercicio 2022. ANTECEDENTES. Primero. El {d} de agosto de 2023 el órgano de "
     "enlace remitió a esta Comisión los dictámenes de procedencia, acompañados de los resultados de la evaluación "
     "del desempeño y de las constancias del Programa de Formación. Segundo. La Dirección Ejecutiva verificó que "
     "las personas propuestas cumplieran los requisitos de permanencia, de calificación mínima y de no haber sido "
     "sancionadas durante el periodo. CONSIDERANDOS. Conforme al artículo 11, fracción I, inciso a), de los "
     "lineamientos, el incentivo se otorga a quienes obtengan una calificación igual o superior a nueve en la "
     "evaluación del desempeño. ACUERDO. Primero. Se aprueban los dictámenes que forman parte de este acuerdo."),
    ("ACTA CIRCUNSTANCIADA DE ENTREGA-RECEPCIÓN NÚMERO {n}",
     "En la ciudad de Santa Lucía del Valle, siendo las diez horas del día {d} de junio de 2024, en las oficinas "
     "de la Coordinación del Servicio Profesional Electoral, ubicadas en avenida de la Democracia número 1450, se "
     "reunieron la persona servidora pública saliente, la persona entrante y dos testigos de asistencia, con el "
     "objeto de llevar a cabo la entrega y recepción de los recursos, expedientes y asuntos en trámite a cargo de "
     "la coordinación. Se hace constar que se entregan cuarenta y dos expedientes del personal del Servicio, el "
     "inventario de bienes muebles y la relación de asuntos pendientes con sus plazos. No habiendo otro asunto "
     "que hacer constar, se cierra la presente acta firmando al margen y al calce quienes en ella intervinieron."),
    ("TARJETA INFORMATIVA IEA/CSPE/TI-{n:03d}/2024",
     "Para: Titular de la Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral. De: Coordinación "
     "del Servicio Profesional Electoral. Fecha: {d} de septiembre de 2024. Asunto: Avance del Mecanismo de "
     "Capacitación. Se informa que, al corte del tercer trimestre, el ochenta y cinco por ciento de las personas "
     "miembros del Servicio acreditó las actividades de capacitación obligatorias, y que once personas solicitaron "
     "la acreditación de actividades externas, cuyas constancias se revisan conforme al procedimiento vigente. "
     "Quedan pendientes las asesorías del módulo de igualdad de género, programadas para la primera semana de "
     "octubre, y la aplicación de la encuesta de satisfacción, que se enviará por correo electrónico."),
    ("CONVOCATORIA DEL CERTAMEN INTERNO {n}/2024",
     "El Instituto Electoral de Anáhuac, con fundamento en el Estatuto del Servicio Profesional Electoral Nacional "
     "y del Personal de la Rama Administrativa, convoca a las personas miembros del Servicio a participar en el "
     "certamen interno para ocupar plazas vacantes de nivel superior. Bases. Primera. Podrán participar quienes "
     "cuenten con titularidad y hayan obtenido un promedio igual o superior a ocho en las tres últimas "
     "evaluaciones del desempeño. Segunda. El registro se realizará del {d} al veinte de octubre de 2024 en el "
     "sistema que disponga la Dirección Ejecutiva. Tercera. Las etapas comprenden la revisión curricular, el "
     "examen de conocimientos técnico-electorales y la entrevista ante la Comisión de Seguimiento del Servicio."),
]


# --- the page set ---------------------------------------------------------------------------------------------

def _docx(ruta: Path, titulo: str, cuerpo: str) -> None:
    d = Document()
    estilo = d.styles["Normal"]
    estilo.font.name = "Liberation Serif"
    estilo.font.size = Pt(12)
    d.add_paragraph(titulo).runs[0].bold = True
    d.add_paragraph(cuerpo)
    d.save(ruta)


def _degradar(imagen, azar: random.Random):
    from PIL import Image, ImageFilter

    gris = imagen.convert("L").point(lambda v: int(v * 0.82 + 30))  # grey paper, grey ink
    ruido = Image.effect_noise(gris.size, 18)
    gris = Image.blend(gris, ruido, 0.12)
    angulo = azar.choice([-1, 1]) * azar.uniform(0.4, 1.5)
    return gris.rotate(angulo, resample=Image.BICUBIC, fillcolor=235).filter(ImageFilter.GaussianBlur(0.5)), angulo


def paginas_sinteticas(carpeta: Path, cuantas: int) -> list[tuple[Path, str]]:
    """``cuantas`` one-page scans and their true text."""
    import img2pdf
    import pypdfium2

    azar = random.Random(14)
    fuentes = []
    verdad = {}
    for n in range(cuantas):
        titulo, cuerpo = TEXTOS[n % len(TEXTOS)]
        titulo, cuerpo = titulo.format(n=n + 1), cuerpo.format(d=n + 3)
        ruta = carpeta / f"sintetica-{n + 1:02d}.docx"
        _docx(ruta, titulo, cuerpo)
        fuentes.append(ruta)
        verdad[ruta.stem] = f"{titulo}\n{cuerpo}"
    pdfs = conversion.convertir_a_pdf(fuentes, carpeta / "pdf")
    salida = []
    for ruta, pdf in zip(fuentes, pdfs, strict=True):
        pagina = pypdfium2.PdfDocument(pdf)[0]
        imagen, _ = _degradar(pagina.render(scale=200 / 72).to_pil(), azar)
        jpg = io.BytesIO()
        imagen.save(jpg, format="JPEG", quality=80, dpi=(200, 200))
        escaneo = carpeta / f"{ruta.stem}.pdf"
        escaneo.write_bytes(img2pdf.convert(jpg.getvalue(), layout_fun=img2pdf.get_fixed_dpi_layout_fun((200, 200))))
        salida.append((escaneo, verdad[ruta.stem]))
    return salida


# --- measures --------------------------------------------------------------------------------------------------

def _normal(texto: str) -> str:
    texto = texto.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'").replace("—", "-")
    return re.sub(r"\s+", " ", texto).strip()


def distancia(a: str, b: str) -> int:
    """Levenshtein distance (characters)."""
    if len(a) < len(b):
        a, b = b, a
    anterior = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        actual = [i]
        for j, cb in enumerate(b, start=1):
            actual.append(min(anterior[j] + 1, actual[j - 1] + 1, anterior[j - 1] + (ca != cb)))
        anterior = actual
    return anterior[-1]


def cer(leido: str, verdad: str) -> float:
    leido, verdad = _normal(leido), _normal(verdad)
    return distancia(leido, verdad) / max(1, len(verdad))


def _paginas(ruta: Path) -> int:
    return len(PdfReader(ruta).pages)


def _texto(ruta: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(ruta).pages)


def _cpu() -> float:
    """CPU seconds of this process and its children (Tesseract, ocrmypdf processes) so far."""
    propio, hijos = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return propio.ru_utime + propio.ru_stime + hijos.ru_utime + hijos.ru_stime


def base(archivos: list[Path], salida: Path) -> tuple[float, float]:
    """The ocrmypdf command line, one process per file; returns (seconds, CPU seconds)."""
    ejecutable = str(Path(sys.executable).with_name("ocrmypdf"))
    inicio, cpu = time.monotonic(), _cpu()
    for a in archivos:
        subprocess.run([ejecutable, "-q", "-l", "spa", str(a), str(salida / a.name)], check=True)
    return time.monotonic() - inicio, _cpu() - cpu


def nuestro(archivos: list[Path], salida: Path) -> tuple[float, float, dict[str, motor.Reconocimiento]]:
    inicio, cpu = time.monotonic(), _cpu()
    tareas = [motor.Tarea(a.name, a, salida / a.name, _paginas(a)) for a in archivos]
    resultados = {}
    for tarea, r in motor.reconocer_lote(tareas):
        if isinstance(r, motor.FalloOCR):
            raise SystemExit(f"OCR falló en {tarea.origen.name}: {r.mensaje}")
        resultados[str(tarea.clave)] = r
    return time.monotonic() - inicio, _cpu() - cpu, resultados


def listo_y_buscable(carpeta: Path) -> float:
    """Seconds from the import of a 4-page signed scan until a phrase of its page is found."""
    raiz = iniciar_archivo(carpeta / "archivo", toml=TOML_DEMO)
    with Catalogo.abrir(raiz, usuario="benchmark") as cat:
        inicio = time.monotonic()
        informe = acervo.importar(cat, [CORPUS / ESCANEOS[0]])
        assert informe.ocr_hechos == 1, informe.archivos[0].linea()
        encontrado = busqueda.buscar(cat, '"sala de Juicio Oral"')
        segundos = time.monotonic() - inicio
        assert encontrado.resultados and encontrado[0].ocr
    return segundos


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--sinteticas", type=int, default=10)
    argumentos.add_argument("--rondas", type=int, default=1)
    args = argumentos.parse_args()
    inst = motor.instalacion()
    if not inst.disponible:
        raise SystemExit(inst.motivo)
    with tempfile.TemporaryDirectory(prefix="archivo-benchmark-ocr-") as tmp:
        tmp = Path(tmp)
        sinteticas = paginas_sinteticas(tmp, args.sinteticas)
        reales = [CORPUS / n for n in ESCANEOS if (CORPUS / n).is_file()]
        archivos = [p for p, _ in sinteticas] + reales
        paginas = sum(_paginas(a) for a in archivos)
        cargas, t_base, t_nuestro, c_base, c_nuestro = [], [], [], [], []
        for ronda in range(args.rondas):
            for quien in (("base", "nuestro") if ronda % 2 == 0 else ("nuestro", "base")):
                carpeta = tmp / f"{quien}-{ronda}"
                carpeta.mkdir()
                cargas.append(os.getloadavg()[0])
                if quien == "base":
                    segundos, cpu = base(archivos, carpeta)
                    t_base.append(segundos)
                    c_base.append(cpu)
                else:
                    segundos, cpu, resultados = nuestro(archivos, carpeta)
                    t_nuestro.append(segundos)
                    c_nuestro.append(cpu)
                print(f"ronda {ronda + 1}, {quien}: {segundos:.1f} s, {cpu:.1f} s de CPU, carga {cargas[-1]:.1f}",
                      flush=True)
        cer_base = [cer(_texto(tmp / "base-0" / p.name), v) for p, v in sinteticas]
        cer_nuestro = [cer(_texto(tmp / "nuestro-0" / p.name), v) for p, v in sinteticas]
        print(f"CER mediana: base {statistics.median(cer_base) * 100:.2f} %, archivo "
              f"{statistics.median(cer_nuestro) * 100:.2f} %", flush=True)
        enderezadas = sum(len(r.enderezadas) for r in resultados.values())
        tipos = sorted({r.tipo_pdf for r in resultados.values()})
        listo = listo_y_buscable(tmp / "listo")
        print(f"4 páginas listas y encontradas: {listo:.1f} s (carga {os.getloadavg()[0]:.1f})", flush=True)
    ppm_base = paginas / statistics.median(t_base) * 60
    ppm_nuestro = paginas / statistics.median(t_nuestro) * 60
    cpu_base = statistics.median(c_base) / paginas
    cpu_nuestro = statistics.median(c_nuestro) / paginas
    filas = [
        ("Base: ocrmypdf -l spa, un proceso por archivo", f"{statistics.median(t_base):.1f} s",
         f"{ppm_base:.1f}", "1.0×", f"{statistics.median(cer_base) * 100:.2f} %"),
        ("archivo: un proceso por lote, páginas en paralelo", f"{statistics.median(t_nuestro):.1f} s",
         f"{ppm_nuestro:.1f}", f"{ppm_nuestro / ppm_base:.2f}×", f"{statistics.median(cer_nuestro) * 100:.2f} %"),
    ]
    print(f"{len(archivos)} archivos, {paginas} páginas ({len(sinteticas)} sintéticas, {paginas - len(sinteticas)} "
          f"de los escaneos firmados del corpus); {os.cpu_count()} núcleos; {inst.descripcion()}")
    print(f"{'Medición':52s} {'tiempo':>9s} {'pág/min':>8s} {'frente a la base':>17s} {'CER mediana':>12s}")
    for f in filas:
        print(f"{f[0]:52s} {f[1]:>9s} {f[2]:>8s} {f[3]:>17s} {f[4]:>12s}")
    print(f"CER por página sintética, base:    {' '.join(f'{c * 100:.2f}' for c in cer_base)}")
    print(f"CER por página sintética, archivo: {' '.join(f'{c * 100:.2f}' for c in cer_nuestro)}")
    print(f"CPU por página: base {cpu_base:.2f} s, archivo {cpu_nuestro:.2f} s ({cpu_base / cpu_nuestro:.2f}× menos "
          "trabajo: la razón que no depende de la carga de otros procesos)")
    print(f"Páginas giradas o enderezadas por archivo: {enderezadas}; copias: {', '.join(tipos)}")
    print(f"Escaneo de 4 páginas importado, listo y encontrado por una frase de su página: {listo:.1f} s")
    print(f"Carga del equipo al medir: {', '.join(f'{c:.1f}' for c in cargas)}")
    RESULTADOS.mkdir(exist_ok=True)
    (RESULTADOS / "ocr.json").write_text(json.dumps({
        "archivos": len(archivos), "paginas": paginas, "sinteticas": len(sinteticas), "nucleos": os.cpu_count(),
        "motor": inst.descripcion(), "segundos_base": t_base, "segundos_archivo": t_nuestro,
        "paginas_minuto_base": ppm_base, "paginas_minuto_archivo": ppm_nuestro, "razon": ppm_nuestro / ppm_base,
        "cpu_base": c_base, "cpu_archivo": c_nuestro, "cpu_por_pagina_base": cpu_base,
        "cpu_por_pagina_archivo": cpu_nuestro,
        "cer_base": cer_base, "cer_archivo": cer_nuestro, "cer_mediana_base": statistics.median(cer_base),
        "cer_mediana_archivo": statistics.median(cer_nuestro), "enderezadas": enderezadas, "tipos_pdf": tipos,
        "segundos_4_paginas_buscable": listo, "carga": cargas, "python": platform.python_version(),
    }, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
