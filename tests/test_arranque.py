"""Start-up: what `archivo buscar` loads on a real archive (the timings are in benchmarks/arranque.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz


def test_buscar_en_un_archivo_real_no_carga_lo_que_no_usa(raiz: Raiz, cat: Catalogo) -> None:
    with cat.transaccion("prueba") as tx:
        exp = exps.asegurar(tx, "mecanismo", "incentivos", "Incentivos")
        documentos.emitir_en(tx, tipo="oficio", asunto="Designación de encargados de despacho", expediente=exp,
                             serie="oficio", construir=lambda folio: f"Oficio {folio}: designación".encode(),
                             extension=".txt")
    codigo = (
        "import sys, io, contextlib\n"
        "from archivo.cli import main\n"
        "salida = io.StringIO()\n"
        "try:\n"
        f"    with contextlib.redirect_stdout(salida):\n        main(['--raiz', {str(raiz.ruta)!r}, 'buscar', 'designacion'])\n"
        "except SystemExit:\n    pass\n"
        "print(__import__('json').dumps([salida.getvalue(), sorted(sys.modules)]))\n"
    )
    r = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True)
    impreso, cargados = json.loads(r.stdout.strip().splitlines()[-1])
    assert "IEP/DEVySPE/001/" in impreso  # it did search and print the document
    for modulo in ("yaml", "rich.progress", "rich.table", "docx", "docxtpl", "openpyxl", "reportlab", "pypdf",
                   "babel", "holidays", "num2words", "tomlkit"):
        assert modulo not in cargados, modulo
