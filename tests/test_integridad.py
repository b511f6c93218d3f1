import json
from pathlib import Path

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica.integridad import verificar
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba


def _archivo_con_documentos(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> list:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    procs.abrir(cat, "incentivos", "Incentivos 2025")
    datos = {"asunto": "A", "destinatario": "SPEN-0001", "cuerpo": "x"}
    return [generacion.generar(cat, "oficio-prueba", procedimiento_id=1, datos=datos, repetir=True) for _ in range(3)]


def test_archivo_sano_sin_hallazgos(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    _archivo_con_documentos(raiz, cat, tmp_path)
    assert verificar(cat) == []


def test_detecta_faltante_alterado_y_huerfano(raiz: Raiz, cat: Catalogo, tmp_path: Path, cli) -> None:
    docs = _archivo_con_documentos(raiz, cat, tmp_path)
    docs[0].archivo(raiz).unlink()
    with open(docs[1].archivo(raiz), "ab") as f:
        f.write(b"alterado")
    carpeta = docs[2].archivo(raiz).parent
    (carpeta / "intruso.docx").write_bytes(b"no registrado")
    hallazgos = {(h.categoria, Path(h.ruta).name) for h in verificar(cat)}
    assert hallazgos == {("faltante", Path(docs[0].ruta).name), ("alterado", Path(docs[1].ruta).name),
                         ("huerfano", "intruso.docx")}
    r = cli("verificar", "--formato", "json")
    assert r.codigo == 1 and "3 problema(s)" in r.errores
    assert {h["categoria"] for h in json.loads(r.salida)} == {"faltante", "alterado", "huerfano"}


def test_caratula_desactualizada_se_regenera_y_no_es_hallazgo(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    _archivo_con_documentos(raiz, cat, tmp_path)
    with cat.transaccion("simular caída") as tx:
        tx.execute("UPDATE expedientes SET caratula_vigente = 0")
    assert verificar(cat) == []
    assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE caratula_vigente = 0")[0] == 0
