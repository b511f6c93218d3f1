"""Office documents → PDF with LibreOffice headless, one ``soffice`` process per batch.

LibreOffice is a real component of the program (installed by .ci/run: ``libreoffice-writer-nogui`` plus the
metric-compatible fonts). Facts this module is built around:

- Starting ``soffice`` costs about a second; converting one more document in the same process costs a tenth of
  that. So a whole batch goes to one process: ``soffice --convert-to pdf --outdir OUT a.docx b.docx …``; a large
  batch on a multi-core machine is split into a few such processes running side by side (one per core, at most
  4, at least 5 documents each), since one process converts on a single core.
- Two processes sharing a user profile interfere and fail silently, so every run gets its own profile in a
  temporary folder (``-env:UserInstallation=file:///…``), removed afterwards.
- ``soffice`` exits 0 even when a file of the batch could not be loaded; the only reliable signal is the
  expected output. Every expected PDF is checked and a missing one is reported by the input's name.
- A file with a ``.docx`` name that is not a Word document is silently imported as plain text, so inputs are
  checked before LibreOffice sees them.
- A hung process is killed (its whole process group) after a timeout that grows with the batch.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from archivo.base.errors import ArchivoError, EntradaInvalida, Problema
from archivo.base.fsutil import slug

ENV_SOFFICE = "ARCHIVO_SOFFICE"

# Formats LibreOffice Writer opens (the Writer-only package is what .ci/run installs).
EXTENSIONES = {".docx", ".doc", ".odt", ".rtf"}

# Timeout: a fixed start-up allowance plus a per-document one (generous: a slow CI machine must not fail).
TIEMPO_ARRANQUE_S = 60.0
TIEMPO_POR_DOCUMENTO_S = 15.0

INSTALACION = (
    "Instale LibreOffice (Debian/Ubuntu: «sudo apt-get install libreoffice-writer-nogui fonts-liberation "
    "fonts-crosextra-carlito fonts-crosextra-caladea fonts-dejavu-core») o indique la ruta del programa "
    f"soffice en la variable {ENV_SOFFICE}."
)


class ErrorConversion(ArchivoError):
    """LibreOffice is missing, failed, timed out, or could not convert some file of the batch."""


def localizar_soffice(soffice: str | os.PathLike[str] | None = None) -> str:
    """The LibreOffice executable: ``soffice`` argument, ``$ARCHIVO_SOFFICE``, or ``soffice``/``libreoffice`` on PATH."""
    candidato = soffice or os.environ.get(ENV_SOFFICE)
    if candidato:
        ruta = Path(candidato).expanduser()
        if ruta.is_file() and os.access(ruta, os.X_OK):
            return str(ruta)
        encontrado = shutil.which(str(candidato))
        if encontrado:
            return encontrado
        raise ErrorConversion(f"No se encontró LibreOffice en «{candidato}». {INSTALACION}")
    for nombre in ("soffice", "libreoffice"):
        encontrado = shutil.which(nombre)
        if encontrado:
            return encontrado
    raise ErrorConversion(
        "No se encontró LibreOffice (el programa soffice), que se necesita para convertir documentos de Word "
        f"a PDF. {INSTALACION}"
    )


def _problemas_de_entrada(archivos: Sequence[Path]) -> list[Problema]:
    problemas: list[Problema] = []
    for archivo in archivos:
        lugar = str(archivo)
        if not archivo.is_file():
            problemas.append(Problema(lugar, "el archivo no existe", "revise la ruta"))
            continue
        extension = archivo.suffix.lower()
        if extension not in EXTENSIONES:
            problemas.append(Problema(lugar, f"no se puede convertir a PDF un archivo «{extension or 'sin extensión'}»",
                                      f"use {', '.join(sorted(EXTENSIONES))}"))
            continue
        if extension == ".docx":
            with open(archivo, "rb") as f:
                cifrado = f.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            if cifrado:  # OLE container: Word's encrypted .docx (or an old .doc renamed)
                problemas.append(Problema(lugar, "está protegido con contraseña (o es un .doc antiguo con "
                                                 "extensión .docx)", "quite la contraseña en Word y guárdelo como .docx"))
                continue
            try:
                with zipfile.ZipFile(archivo) as z:
                    if "word/document.xml" not in z.namelist():
                        problemas.append(Problema(lugar, "no es un documento de Word (le falta word/document.xml)",
                                                  "ábralo en Word y guárdelo de nuevo como .docx"))
            except (zipfile.BadZipFile, OSError):
                problemas.append(Problema(lugar, "no es un documento de Word válido (el archivo está dañado o "
                                                 "tiene otra extensión)", "ábralo en Word y guárdelo de nuevo como .docx"))
    return problemas


def _vincular(origen: Path, destino: Path) -> None:
    """Put ``origen`` in the staging folder under a collision-free name (a link when possible)."""
    try:
        destino.symlink_to(origen.resolve())
    except OSError:
        shutil.copyfile(origen, destino)


def _ejecutar(soffice: str, entradas: list[Path], salida: Path, perfil: Path, tiempo_limite: float) -> tuple[int, str]:
    """Run one soffice process over ``entradas``; return (exit code, stderr). Kills the group on timeout."""
    orden = [
        soffice, f"-env:UserInstallation={perfil.as_uri()}", "--headless", "--invisible", "--nologo",
        "--nodefault", "--nolockcheck", "--norestore", "--convert-to", "pdf", "--outdir", str(salida),
        *[str(e) for e in entradas],
    ]
    try:
        proceso = subprocess.Popen(orden, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    except OSError as e:
        raise ErrorConversion(f"No se pudo ejecutar LibreOffice ({soffice}): {e.strerror}. {INSTALACION}") from None
    try:
        _, err = proceso.communicate(timeout=tiempo_limite)
    except subprocess.TimeoutExpired:
        # soffice is a launcher: the real work happens in a child; kill the whole session.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proceso.pid, signal.SIGKILL)
        proceso.communicate()
        raise ErrorConversion(
            f"LibreOffice no terminó de convertir {len(entradas)} documento(s) en {tiempo_limite:.0f} s y se "
            "detuvo. Revise que los documentos abran en Word o LibreOffice y vuelva a intentar."
        ) from None
    return proceso.returncode, err.decode("utf-8", "replace")


# Documents per process below which a second process is not worth its start-up (about a second).
DOCUMENTOS_POR_PROCESO = 5
MAX_PROCESOS_AUTOMATICOS = 4


def procesos_automaticos(documentos: int) -> int:
    """How many soffice processes for a batch: one per core, at most 4, and one per 5 documents at least."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCESOS_AUTOMATICOS, documentos // DOCUMENTOS_POR_PROCESO))


def _lotes(n: int, procesos: int) -> list[range]:
    procesos = max(1, min(procesos, n))
    tam, resto = divmod(n, procesos)
    lotes, inicio = [], 0
    for i in range(procesos):
        fin = inicio + tam + (1 if i < resto else 0)
        lotes.append(range(inicio, fin))
        inicio = fin
    return lotes


def convertir_a_pdf(archivos: Sequence[Path | str], carpeta_salida: Path | str, *, soffice: str | None = None,
                    tiempo_limite: float | None = None, procesos: int | None = 1) -> list[Path]:
    """Convert every file to PDF in one LibreOffice run and return the PDFs, in the same order.

    ``carpeta_salida`` receives ``NNN-<name>.pdf`` files (numbered, so two inputs with the same name do not
    collide). ``procesos`` > 1 splits the batch over that many simultaneous soffice processes, each with its
    own profile (on 2 cores, 20 documents convert in about 60 % of the time of one process); ``None`` chooses
    with ``procesos_automaticos``. Raises ``EntradaInvalida`` (every bad input named) before starting LibreOffice, and
    ``ErrorConversion`` naming each file LibreOffice could not convert; on error no PDF is left behind.
    """
    rutas = [Path(a) for a in archivos]
    salida_final = Path(carpeta_salida)
    if not rutas:
        return []
    problemas = _problemas_de_entrada(rutas)
    if problemas:
        raise EntradaInvalida(f"No se pueden convertir {len(problemas)} de {len(rutas)} documento(s):", problemas)
    programa = localizar_soffice(soffice)
    salida_final.mkdir(parents=True, exist_ok=True)
    lotes = _lotes(len(rutas), procesos_automaticos(len(rutas)) if procesos is None else procesos)

    with tempfile.TemporaryDirectory(prefix="archivo-libreoffice-") as tmp:
        base = Path(tmp)
        entrada_dir, salida_dir = base / "entrada", base / "salida"
        entrada_dir.mkdir()
        salida_dir.mkdir()
        preparadas = []
        for i, ruta in enumerate(rutas):
            destino = entrada_dir / f"{i:04d}{ruta.suffix.lower()}"
            _vincular(ruta, destino)
            preparadas.append(destino)

        resultados: list[tuple[int, str]] = []
        if len(lotes) == 1:
            limite = tiempo_limite or TIEMPO_ARRANQUE_S + TIEMPO_POR_DOCUMENTO_S * len(rutas)
            resultados.append(_ejecutar(programa, preparadas, salida_dir, base / "perfil-1", limite))
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(len(lotes)) as grupo:
                futuros = [
                    grupo.submit(_ejecutar, programa, [preparadas[i] for i in lote], salida_dir,
                                 base / f"perfil-{n}",
                                 tiempo_limite or TIEMPO_ARRANQUE_S + TIEMPO_POR_DOCUMENTO_S * len(lote))
                    for n, lote in enumerate(lotes, start=1)
                ]
                resultados = [f.result() for f in futuros]

        fallidos: list[Problema] = []
        generados: list[Path] = []
        for i, ruta in enumerate(rutas):
            pdf = salida_dir / f"{i:04d}.pdf"
            if not _es_pdf(pdf):
                fallidos.append(Problema(str(ruta), "LibreOffice no pudo convertirlo a PDF",
                                         "ábralo en Word o LibreOffice para comprobar que no esté dañado ni "
                                         "protegido con contraseña"))
            generados.append(pdf)
        if fallidos:
            codigos = {codigo for codigo, _ in resultados}
            detalle = " ".join(err.strip().splitlines()[-1] for _, err in resultados if err.strip())
            mensaje = f"LibreOffice no convirtió {len(fallidos)} de {len(rutas)} documento(s)"
            if codigos - {0}:
                mensaje += f" (terminó con código {', '.join(str(c) for c in sorted(codigos - {0}))})"
            if detalle and len(fallidos) == len(rutas):
                mensaje += f"; mensaje de LibreOffice: {detalle}"
            raise ErrorConversion(mensaje + ":", fallidos)

        finales = []
        for i, (ruta, pdf) in enumerate(zip(rutas, generados, strict=True), start=1):
            destino = salida_final / f"{i:03d}-{slug(ruta.stem, max_length=50)}.pdf"
            shutil.move(pdf, destino)
            finales.append(destino)
    return finales


def _es_pdf(ruta: Path) -> bool:
    try:
        with open(ruta, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False

