"""Importar: upload past documents (PDF, DOCX, TXT; whole folders too, by drag and drop) into the acervo. Each file
is checked by its content (never by its extension) and its size before it is kept; the import itself runs as a
background job with a progress bar, and ends with the per-file report (imported, duplicate, encrypted, damaged,
without text)."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

from starlette.responses import Response

from archivo import mecanismos as mec
from archivo.base import subidas, trabajos
from archivo.base.errors import ArchivoError
from archivo.base.fsutil import safe_join
from archivo.busqueda import acervo
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion

MAX_ARCHIVO = 100 * subidas.MB
MAX_ENVIO = 1024 * subidas.MB
MAX_ARCHIVOS = 5000
PERMITIDOS = {"pdf", "docx", "txt"}
EXTENSIONES = {".pdf", ".docx", ".txt"}


def _contexto(p: Peticion, f: Formulario) -> dict[str, Any]:
    return {"f": f, "tipos": [(t, t) for t in acervo.TIPOS],
            "mecanismos": [(m.clave, m.nombre) for m in mec.cargar(p.raiz).mecanismos.values()],
            "max_archivo": MAX_ARCHIVO, "max_envio": MAX_ENVIO, "titulo": "Importar documentos",
            "recientes": trabajos.lista(p.cat, usuario=p.usuario.usuario, tipo_="importar-acervo", limite=5)}


def importar(p: Peticion) -> Response:
    f = Formulario({}, {"archivos": "Archivos o carpetas", "tipo": "Tipo", "mecanismo": "Mecanismo"})
    if p.request.method == "GET":
        return p.render("importacion/importar.html", **_contexto(p, f))
    f.valores = {"tipo": p.valor("tipo"), "mecanismo": p.valor("mecanismo")}
    subidos = p.archivos("archivos")
    if not subidos:
        f.error("archivos", "Elija o arrastre al menos un archivo o una carpeta.")
    try:
        tipo, mecanismo = acervo.validar_opciones(p.cat, tipo=f.valores["tipo"] or None,
                                                  mecanismo=f.valores["mecanismo"] or None)
    except ArchivoError as e:
        f.desde_error(e)
    if not f.valido:
        return p.render("importacion/importar.html", estado=400, **_contexto(p, f))
    base = p.raiz.ruta / trabajos.CARPETA
    nombre_carpeta = f"subida-{secrets.token_hex(8)}"
    entrada = base / nombre_carpeta / "entrada"
    entrada.mkdir(parents=True)
    apartados: list[dict[str, str]] = []
    try:
        for subido in subidos:
            relativo = "/".join(subidas.nombre_seguro(subido.filename or "archivo"))
            nombre = Path((subido.filename or "archivo").replace("\\", "/")).name
            if nombre.startswith((".", "~$")):
                apartados.append({"origen": relativo, "resultado": "omitido",
                                  "detalle": "archivo oculto o temporal (p. ej. de Word abierto)"})
                continue
            destino = safe_join(entrada, *relativo.split("/"))
            while destino.exists():  # two uploads with the same path: keep both
                destino = destino.with_name(f"{destino.stem}-otro{destino.suffix}")
            destino.parent.mkdir(parents=True, exist_ok=True)
            with open(destino, "wb") as salida:
                shutil.copyfileobj(subido.file, salida, 1024 * 1024)
            tipo_real, problemas = subidas.revisar(destino, relativo, permitidos=PERMITIDOS, max_bytes=MAX_ARCHIVO)
            if problemas:
                destino.unlink()
                otro = tipo_real not in PERMITIDOS and Path(nombre).suffix.lower() not in EXTENSIONES
                apartados.append({"origen": relativo, "resultado": "omitido" if otro else "rechazado",
                                  "detalle": "no es PDF, DOCX ni TXT" if otro else
                                  f"{problemas[0].mensaje} ({problemas[0].sugerencia})"})
        t = trabajos.encolar(p.cat, "importar-acervo", {
            "carpeta": f"{nombre_carpeta}/entrada", "tipo": tipo, "mecanismo": mecanismo, "rechazados": apartados},
            titulo=f"Importación de {len(subidos)} archivo(s) al acervo")
    except BaseException:
        shutil.rmtree(entrada.parent, ignore_errors=True)
        raise
    p.portal.avisar_trabajos()
    return p.redirigir(f"/trabajos/{t.id}")
