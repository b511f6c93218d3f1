"""Import: a file whose name is not UTF-8, or two long names that collide, fail (or pass) alone; the rest is
imported."""

import json
import os
from pathlib import Path

from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz


def test_nombres_problematicos_no_detienen_la_importacion(raiz: Raiz, cat: Catalogo, cli, tmp_path: Path) -> None:
    origen = tmp_path / "anteriores"
    (origen / "sub").mkdir(parents=True)
    malo = os.fsencode(origen) + b"/acuerdo-\xe9.txt"  # Latin-1 «é»: not a UTF-8 name
    with open(malo, "wb") as f:
        f.write(b"ACUERDO del Consejo General del 17 de junio de 2024 sobre la designacion.")
    largo = "dictamen-" + "x" * 236 + ".txt"  # 249 bytes: a second one beside it needs «-2»
    (origen / largo).write_text("DICTAMEN uno del 3 de marzo de 2024.", encoding="utf-8")
    (origen / "sub" / largo).write_text("DICTAMEN otro del 4 de marzo de 2024.", encoding="utf-8")
    (origen / "bueno.txt").write_text("OFICIO bueno del 5 de marzo de 2024.", encoding="utf-8")

    r = cli("importar", origen, "--formato", "json")
    assert r.codigo == 1 and "Error inesperado" not in r.todo, r.todo
    assert "1 archivo(s) no se importaron" in r.errores and "Los demás sí se importaron" in r.errores
    informe = {Path(a["origen"]).name: a for a in json.loads(r.salida)}
    assert informe["acuerdo-\\xe9.txt"]["resultado"] == "rechazado"
    assert "no son texto UTF-8" in informe["acuerdo-\\xe9.txt"]["detalle"]
    assert informe["bueno.txt"]["resultado"] == "importado"
    largos = [a for a in json.loads(r.salida) if Path(a["origen"]).name == largo]
    assert [a["resultado"] for a in largos] == ["importado", "importado"]
    rutas = [Path(a["ruta"]).name for a in largos]
    assert len(set(rutas)) == 2 and all(len(n.encode()) <= 255 - len(".datos.json") for n in rutas)
    r = cli("verificar")
    assert r.codigo == 0, r.todo
    r = cli("importar", origen)  # on screen too, and a second run finds the three as duplicates
    assert r.codigo == 1 and "acuerdo-\\xe9.txt" in r.salida and r.salida.count("duplicado (no se importó") == 3, r.todo
