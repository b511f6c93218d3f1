from pathlib import Path

import pytest

from archivo.base.catalogo import iniciar_archivo
from archivo.base.configuracion import TOML_INICIAL, cargar_texto
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.raiz import Raiz
from tests.utilidades import TOML_PRUEBA, invocar


def test_iniciar_crea_la_estructura(tmp_path: Path) -> None:
    raiz = iniciar_archivo(tmp_path / "nuevo", toml=TOML_PRUEBA)
    for carpeta in ("plantillas", "expedientes", "indices", "acervo"):
        assert (raiz.ruta / carpeta).is_dir()
    assert raiz.catalogo_path.is_file()
    assert raiz.config.siglas == "IEP"
    assert raiz.config.area("cspe").nombre == "Coordinación del Servicio Profesional Electoral"


def test_iniciar_no_sobrescribe(tmp_path: Path) -> None:
    iniciar_archivo(tmp_path / "a", toml=TOML_PRUEBA)
    with pytest.raises(ArchivoError, match="ya contiene un archivo"):
        iniciar_archivo(tmp_path / "a", toml=TOML_PRUEBA)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notas.txt").write_text("mías")
    with pytest.raises(ArchivoError, match="no está vacía"):
        iniciar_archivo(tmp_path / "b")
    assert (tmp_path / "b" / "notas.txt").read_text() == "mías"


def test_toml_inicial_es_valido() -> None:
    config = cargar_texto(TOML_INICIAL)
    assert {"oficio", "acuerdo-comision", "dictamen", "informe"} <= set(config.folios)


def test_toml_con_varios_problemas_los_reporta_todos() -> None:
    malo = TOML_PRUEBA.replace('siglas = "IEP"', 'siglas = ""').replace(
        'oficio = "{siglas}/{area}/{consecutivo:03d}/{anio}"', 'oficio = "{siglas}/{area}/{anio}"').replace(
        'dias_inhabiles = ["2024-11-04"]', 'dias_inhabiles = ["4 de noviembre"]')
    with pytest.raises(EntradaInvalida) as e:
        cargar_texto(malo)
    lugares = " | ".join(str(p) for p in e.value.problemas)
    assert "[institucion] siglas: está vacío" in lugares
    assert "[folios] oficio" in lugares and "{consecutivo}" in lugares
    assert "dias_inhabiles" in lugares
    assert len(e.value.problemas) == 3


def test_localizar_por_variable_y_por_carpeta_superior(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raiz = iniciar_archivo(tmp_path / "arch", toml=TOML_PRUEBA)
    sub = raiz.expedientes / "x"
    sub.mkdir()
    monkeypatch.chdir(sub)
    monkeypatch.delenv("ARCHIVO_RAIZ", raising=False)
    assert Raiz.localizar().ruta == raiz.ruta
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArchivoError, match="No se encontró un archivo"):
        Raiz.localizar()
    monkeypatch.setenv("ARCHIVO_RAIZ", str(raiz.ruta))
    assert Raiz.localizar().ruta == raiz.ruta


def test_cli_iniciar_y_errores_sin_traza(tmp_path: Path) -> None:
    r = invocar(["iniciar", tmp_path / "nuevo"])
    assert r.codigo == 0, r.todo
    assert "Archivo creado" in r.salida
    r = invocar(["iniciar", tmp_path / "nuevo"])
    assert r.codigo == 1
    assert "ya contiene un archivo" in r.errores
    assert "Traceback" not in r.todo
    r = invocar(["--raiz", tmp_path / "no-existe", "personal", "lista"])
    assert r.codigo == 1 and "no es un archivo" in r.errores
    r = invocar(["comando-inexistente"])
    assert r.codigo == 2 and "No existe el comando" in r.errores


def test_raiz_en_cualquier_lugar_del_comando(tmp_path: Path) -> None:
    raiz = iniciar_archivo(tmp_path / "arch", toml=TOML_PRUEBA)
    for args in (["personal", "lista", "--raiz", raiz.ruta, "--formato", "json"],
                 ["personal", "lista", f"--raiz={raiz.ruta}", "--formato", "json"],
                 ["--raiz", raiz.ruta, "personal", "lista", "--formato", "json"]):
        r = invocar(args)
        assert r.codigo == 0 and r.salida.strip() == "[]", r.todo
    r = invocar(["--raiz", raiz.ruta, "historial", "--usuario", "nadie", "--formato", "json"])
    assert r.codigo == 0 and r.salida.strip() == "[]"  # --usuario after historial stays its filter
