import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from archivo import personal
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.raiz import Raiz
from tests.utilidades import PADRON_CSV


def test_importar_csv(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    r = personal.importar(cat, f)
    assert sorted(r.nuevas) == ["SPEN-0001", "SPEN-0002", "SPEN-0003"]
    p = personal.obtener(cat, "SPEN-0002")
    assert p.fecha_ingreso == "2021-03-01" and p.titularidad is False and p.rango == ""
    assert personal.obtener(cat, "SPEN-0003").primer_apellido == "O'Connor & Hijos <SA>"
    exp = exps.obtener(cat, "persona", "SPEN-0001")
    assert exp.carpeta(raiz).is_dir()
    assert (exp.carpeta(raiz) / exps.CARATULA).is_file()


def test_csv_con_tres_filas_malas_reporta_las_tres_y_no_importa_nada(cat: Catalogo, tmp_path: Path) -> None:
    lineas = PADRON_CSV.strip().splitlines()
    malas = [
        "SPEN-0004,,Sin Nombre,,Técnico,Nivel 3,,DEOE,no,,,,activo,",            # falta nombre
        "SPEN-0005,Luis,Ríos,,Técnico,Nivel 3,Z,DEOE,no,,,31/02/2020,activo,",  # rango y fecha inválidos
        "SPEN-0001,Repetida,Clave,,Técnico,Nivel 3,,DEOE,quizá,,,,jubilado,x@",  # clave repetida y más
    ]
    f = tmp_path / "padron.csv"
    f.write_text("\n".join(lineas + malas) + "\n", encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        personal.importar(cat, f)
    texto = str(e.value)
    assert "en 3 fila(s)" in texto
    for fila in ("fila 5", "fila 6", "fila 7"):
        assert fila in texto
    # every problem in the one form of the input layer: file, row, column letter and header
    assert "padron.csv, fila 5, columna B («Nombre(s)»): está vacía" in texto
    assert "padron.csv, fila 6, columna G («Rango (A/B/C)»)" in texto
    assert "padron.csv, fila 6, columna L («Fecha de ingreso»)" in texto and "ya aparece en la fila 2" in texto
    assert "padron.csv, fila 7, columna M («Situación»)" in texto
    assert "padron.csv, fila 7, columna N («Correo electrónico»)" in texto
    assert cat.uno("SELECT COUNT(*) FROM personas")[0] == 0
    assert cat.uno("SELECT COUNT(*) FROM expedientes")[0] == 0


def test_reimportar_actualiza_sin_duplicar(cat: Catalogo, tmp_path: Path) -> None:
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    f.write_text(PADRON_CSV.replace("Coordinador de Educación Cívica", "Coordinador de Participación Ciudadana"),
                 encoding="utf-8")
    r = personal.importar(cat, f)
    assert r.nuevas == [] and r.actualizadas == ["SPEN-0002"] and len(r.sin_cambios) == 2
    assert cat.uno("SELECT COUNT(*) FROM personas")[0] == 3
    assert cat.uno("SELECT COUNT(*) FROM expedientes WHERE tipo = 'persona'")[0] == 3
    cambio = cat.uno("SELECT antes, despues FROM historial WHERE entidad = 'persona' AND clave = 'SPEN-0002' "
                     "AND antes IS NOT NULL")
    assert "Educación Cívica" in cambio["antes"] and "Participación Ciudadana" in cambio["despues"]


def test_importar_xlsx_con_fechas_de_excel(cat: Catalogo, tmp_path: Path) -> None:
    libro = Workbook()
    hoja = libro.active
    hoja.append(["Clave", "Nombre", "Apellido paterno", "Apellido materno", "Puesto", "Adscripción",
                 "Titularidad", "Fecha de titularidad", "Fecha de ingreso"])
    hoja.append(["SPEN-0100", "Sofía", "Luna", "Tapia", "Técnica de Educación Cívica", "DEECyPC", "Sí",
                 date(2022, 6, 30), date(2018, 9, 1)])
    f = tmp_path / "padron.xlsx"
    libro.save(f)
    personal.importar(cat, f)
    p = personal.obtener(cat, "SPEN-0100")
    assert (p.nombre_completo, p.titularidad, p.fecha_titularidad, p.fecha_ingreso) == (
        "Sofía Luna Tapia", True, "2022-06-30", "2018-09-01")


def test_encabezado_desconocido_y_faltante(cat: Catalogo, tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("Clave,Nombre,Color favorito\nX1,Ana,azul\n", encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        personal.importar(cat, f)
    texto = str(e.value)
    assert "columna desconocida «Color favorito»" in texto and "faltan columnas obligatorias" in texto


def test_formato_csv_y_xlsx(tmp_path: Path) -> None:
    personal.escribir_formato(tmp_path / "f.csv")
    with open(tmp_path / "f.csv", encoding="utf-8-sig") as fh:
        filas = list(csv.reader(fh))
    assert filas[0][0] == "Clave SIISPEN" and len(filas) == 2
    personal.escribir_formato(tmp_path / "f.xlsx")
    hoja = load_workbook(tmp_path / "f.xlsx").active
    assert hoja["A1"].value == "Clave SIISPEN" and hoja["B2"].value == "María Fernanda"
    with pytest.raises(ArchivoError, match="ya existe"):
        personal.escribir_formato(tmp_path / "f.xlsx")


def test_el_formato_se_vuelve_a_importar(cat: Catalogo, tmp_path: Path) -> None:
    personal.escribir_formato(tmp_path / "f.xlsx")
    r = personal.importar(cat, tmp_path / "f.xlsx")
    assert r.nuevas == ["SPEN-0101"]


def test_alta_editar_baja(raiz: Raiz, cat: Catalogo) -> None:
    datos = {"clave": "SPEN-9", "nombre": "Raúl", "primer_apellido": "Tapia", "cargo": "Técnico",
             "adscripcion": "DEOE"}
    personal.alta(cat, datos)
    with pytest.raises(ArchivoError, match="Ya existe"):
        personal.alta(cat, datos)
    p = personal.editar(cat, "SPEN-9", {"rango": "b", "nivel": "Nivel 3"})
    assert p.rango == "B"
    with pytest.raises(EntradaInvalida, match="fecha de titularidad"):
        personal.editar(cat, "SPEN-9", {"titularidad": "sí"})
    p = personal.baja(cat, "SPEN-9", fecha=date(2025, 1, 31), motivo="Renuncia")
    assert (p.situacion, p.fecha_baja, p.motivo_baja) == ("separación definitiva", "2025-01-31", "Renuncia")
    assert exps.obtener(cat, "persona", "SPEN-9").carpeta(raiz).is_dir()
    assert [x.clave for x in personal.lista(cat, situacion="activo")] == []


def test_cli_personal(cli, tmp_path: Path) -> None:
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    r = cli("personal", "importar", f)
    assert r.codigo == 0 and "3 alta(s)" in r.salida
    r = cli("personal", "lista", "--formato", "json")
    import json

    datos = json.loads(r.salida)
    assert [d["clave"] for d in datos] == ["SPEN-0002", "SPEN-0003", "SPEN-0001"]
    r = cli("personal", "ver", "SPEN-0001")
    assert "Ana Laura Pérez Ruiz" in r.salida
    r = cli("personal", "baja", "SPEN-0001", "--fecha", "31/01/2025", "--motivo", "Renuncia")
    assert r.codigo == 0 and "se conserva" in r.salida
    r = cli("personal", "ver", "NO-EXISTE")
    assert r.codigo == 1 and "No existe en el padrón" in r.errores and "Traceback" not in r.todo
    r = cli("personal", "formato", "--salida", tmp_path / "nuevo.xlsx")
    assert r.codigo == 0 and (tmp_path / "nuevo.xlsx").is_file()


def test_pagina_filtra_como_lista_y_construye_solo_la_pagina(cat, tmp_path) -> None:
    from archivo import personal as padron

    csv = tmp_path / "padron.csv"
    csv.write_text(PADRON_CSV, encoding="utf-8")
    padron.importar(cat, csv)
    for filtros in ({}, {"texto": "perez"}, {"texto": "ruiztecnica"}, {"rango": "B"}, {"rango": "sin rango"},
                    {"adscripcion": "deoe"}, {"cargo": "coordinador"}, {"situacion": "activo", "texto": "lopez"}):
        completa = [p.clave for p in padron.lista(cat, **filtros)]
        personas, total = padron.pagina(cat, **filtros, desde=0, limite=2)
        assert total == len(completa) and [p.clave for p in personas] == completa[:2], filtros
    personas, total = padron.pagina(cat, desde=2, limite=2)
    assert total == 3 and [p.clave for p in personas] == [p.clave for p in padron.lista(cat)][2:]


def test_la_busqueda_del_padron_ve_cada_cambio_al_instante(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> None:
    """The portal keeps the padrón's names in memory: every alta, edición or baja — from this connection, from
    another process, inside an undone transaction or by a restored catalog — is seen by the next search."""
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    assert personal.pagina(cat, texto="zuñiga")[1] == 0  # the lines are now kept
    personal.alta(cat, {"clave": "SPEN-77", "nombre": "Ana", "primer_apellido": "Zúñiga", "segundo_apellido": "Paz",
                        "cargo": "Técnica de Organización Electoral", "adscripcion": "DEOE"})
    assert [p.clave for p in personal.pagina(cat, texto="zuniga")[0]] == ["SPEN-77"]
    with Catalogo.abrir(raiz, usuario="otro proceso") as otro:
        personal.editar(otro, "SPEN-77", {"primer_apellido": "Quiñones"})
    assert personal.pagina(cat, texto="zuniga")[1] == 0
    assert [p.clave for p in personal.pagina(cat, texto="quinones")[0]] == ["SPEN-77"]
    antes = cat.uno("SELECT version FROM versiones WHERE tabla = 'personas'")[0]
    personal.baja(cat, "SPEN-77", fecha=date(2025, 1, 31), motivo="Renuncia")
    assert cat.uno("SELECT version FROM versiones WHERE tabla = 'personas'")[0] != antes
    assert personal.pagina(cat, texto="quinones", situacion="activo")[1] == 0
    assert personal.pagina(cat, texto="quinones", situacion="separación definitiva")[1] == 1
    # an undone change is never remembered
    with pytest.raises(RuntimeError), cat.transaccion("cambio que se deshace") as tx:
        tx.execute("UPDATE personas SET primer_apellido = 'Ibarra' WHERE clave = 'SPEN-77'")
        assert [p.clave for p in personal.pagina(cat, texto="ibarra")[0]] == ["SPEN-77"]
        raise RuntimeError("se deshace")
    assert personal.pagina(cat, texto="ibarra")[1] == 0
    assert personal.pagina(cat, texto="quinones")[1] == 1
