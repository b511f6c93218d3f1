"""Record the SHA-256 of the shipped templates in ``plantillas/versiones.json`` (run after editing one).

``archivo plantillas estado`` tells an office's unedited copy of an older shipped template (it updates) from one
the office edited (it keeps) by looking its SHA-256 up in this file, which lists every version archivo ever
shipped of each file. Hashes are only ever added. ``tests/test_plantillas_archivo.py`` fails when a shipped file's
current hash is missing and says to run::

    .venv/bin/python scripts/versiones_plantillas.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CARPETA = Path(__file__).resolve().parent.parent / "plantillas"
VERSIONES = CARPETA / "versiones.json"
DESCRIPCION = ("SHA-256 de cada versión de cada archivo del juego de plantillas que archivo ha incluido. "
               "Se agregan con scripts/versiones_plantillas.py; nunca se quitan.")


def main() -> None:
    datos = json.loads(VERSIONES.read_text(encoding="utf-8")) if VERSIONES.is_file() else {}
    archivos: dict[str, set[str]] = {k: set(v) for k, v in datos.get("archivos", {}).items()}
    nuevos = 0
    for ruta in sorted(CARPETA.iterdir()):
        if ruta.suffix in (".docx", ".yaml"):
            sha = hashlib.sha256(ruta.read_bytes()).hexdigest()
            if sha not in archivos.setdefault(ruta.name, set()):
                archivos[ruta.name].add(sha)
                nuevos += 1
    salida = {"descripcion": DESCRIPCION, "archivos": {k: sorted(v) for k, v in sorted(archivos.items())}}
    VERSIONES.write_text(json.dumps(salida, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{nuevos} huella(s) nueva(s) en {VERSIONES.name}")


if __name__ == "__main__":
    main()
