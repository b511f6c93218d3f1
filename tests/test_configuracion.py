"""archivo.toml: one module validates every table, reports every problem with its place, and keeps the example
institution of ``archivo iniciar`` out of folios and expediente numbers."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from archivo import personal
from archivo import procedimientos as procs
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base import configuracion as conf
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.configuracion import TOML_INICIAL, cargar_texto, validar
from archivo.base.errors import EntradaInvalida
from archivo.base.raiz import Raiz
from archivo.demo import TOML_DEMO
from tests.utilidades import TOML_PRUEBA, invocar

PRUEBA = tomllib.loads(TOML_PRUEBA)


def problemas_de(texto: str) -> list[str]:
    with pytest.raises(EntradaInvalida) as e:
        cargar_texto(texto)
    return [str(p) for p in e.value.problemas]


def con(datos: dict, ruta: str, valor: object) -> dict:
    """A copy of ``datos`` with ``valor`` at ``ruta`` («sesiones.hora», «areas.1.siglas», 0-based lists)."""
    copia = copy.deepcopy(datos)
    *partes, ultima = ruta.split(".")
    destino = copia
    for p in partes:
        destino = destino[int(p)] if isinstance(destino, list) else destino.setdefault(p, {})
    if isinstance(destino, list):
        destino[int(ultima)] = valor
    else:
        destino[ultima] = valor
    return copia


# --- the schema: every table validated, defaults, typed values ---------------------------------------


def test_la_configuracion_de_prueba_y_la_inicial_son_validas() -> None:
    assert validar(PRUEBA) == []
    config = cargar_texto(TOML_INICIAL)
    assert {"oficio", "acuerdo-comision", "dictamen", "informe"} <= set(config.folios)
    assert config.sesiones.anticipacion[("consejo", "ordinaria")] == 3
    assert config.comision.nombre_corto == "Comisión de Seguimiento"


def test_valores_por_omision_y_herencia_de_sesiones() -> None:
    datos = con(PRUEBA, "sesiones", {"anticipacion_ordinaria": 5, "dia_calendario": "Miércoles",
                                     "consejo": {"anticipacion_extraordinaria": 2, "meses_ordinarias": [12, 2]}})
    config = conf.construir(datos)
    s = config.sesiones
    assert s.anticipacion == {("comision", "ordinaria"): 5, ("comision", "extraordinaria"): 1,
                              ("consejo", "ordinaria"): 5, ("consejo", "extraordinaria"): 2}
    assert s.meses_ordinarias == {"comision": (3, 6, 9, 12), "consejo": (2, 12)}
    assert s.dia_calendario == {"comision": 2, "consejo": 2}  # «Miércoles» → miércoles, inherited
    assert s.procesos_libreoffice is None and s.formato_pagina == "Página {n} de {total}"
    # [archivistica] of the test TOML has no valores: the default; fondo written
    assert config.archivistica.valores == "Administrativo, legal" and config.archivistica.fondo == "IEP"
    assert config.tabla("sesiones.consejo")["anticipacion_extraordinaria"] == 2
    sin_fondo = copy.deepcopy(PRUEBA)
    del sin_fondo["archivistica"]["fondo"]
    assert conf.construir(sin_fondo).archivistica.fondo == "IEP"  # the institution's siglas


def test_comision_tipada_con_sus_valores_por_omision() -> None:
    config = conf.construir(PRUEBA)  # no [comision] table
    assert config.comision.nombre == "Comisión de Seguimiento del Servicio Profesional Electoral Nacional"
    assert config.comision.fundamento_informe == "el Reglamento de Comisiones del Consejo General"
    problemas = validar(con(PRUEBA, "comision", {"nombre": "  ", "nombre_corto": 3}))
    assert [(p.lugar, p.mensaje) for p in problemas] == [
        ("archivo.toml, [comision] nombre", "está vacío"),
        ("archivo.toml, [comision] nombre_corto", "debe ser texto entre comillas, no el número 3")]


# --- unknown keys, misspelt keys, wrong types --------------------------------------------------------


def _todas_las_tablas() -> list[conf.Tabla]:
    def recorrer(tablas):
        for t in tablas:
            yield t
            yield from recorrer(t.subtablas)
    return [t for t in recorrer(conf.ESQUEMA) if t.claves]


@pytest.mark.parametrize("tabla", _todas_las_tablas(), ids=lambda t: t.nombre)
def test_una_clave_mal_escrita_en_cualquier_tabla_se_informa_con_sugerencia(tabla: conf.Tabla) -> None:
    clave = max(tabla.claves, key=lambda c: len(c.nombre))
    mal = clave.nombre[:-2] + clave.nombre[-1]  # «anticipacion_ordinaria» → «anticipacion_ordinara»
    ruta = tabla.nombre + (".0" if tabla.lista else "")
    actual = copy.deepcopy(PRUEBA)
    destino = actual
    for p in ruta.split("."):
        destino = destino[int(p)] if isinstance(destino, list) else destino.setdefault(p, {})
    valor = destino.pop(clave.nombre, None)
    destino[mal] = valor if valor is not None else (clave.defecto if not isinstance(clave.defecto, conf.Heredado)
                                                    else "X")
    problemas = validar(actual)
    assert len(problemas) == 1, problemas
    p = problemas[0]
    esperado = f"[[{tabla.nombre}]] número 1, {mal}" if tabla.lista else f"[{tabla.nombre}] {mal}"
    assert p.lugar == f"archivo.toml, {esperado}"
    assert f"¿quiso decir «{clave.nombre}»?" in p.sugerencia
    assert p.campo.endswith(mal)


def test_anticipacion_mal_escrita_ya_no_se_ignora() -> None:
    (p,) = problemas_de(TOML_PRUEBA + "\n[sesiones]\nanticipacion_ordinara = 5\n")
    assert p == ("archivo.toml, [sesiones] anticipacion_ordinara: clave desconocida "
                 "(¿quiso decir «anticipacion_ordinaria»?)")


def test_una_clave_obligatoria_mal_escrita_dice_cual_es() -> None:
    (p,) = problemas_de(TOML_PRUEBA.replace('siglas = "IEP"', 'sigals = "IEP"'))
    assert p == "archivo.toml, [institucion] sigals: clave desconocida, y falta «siglas» (¿quiso decir «siglas»? " \
                "Corrija el nombre)"
    (p,) = problemas_de(TOML_PRUEBA.replace("[institucion]", "[instituicion]"))
    assert "[instituicion]: tabla desconocida, y falta [institucion]" in p and "¿quiso decir [institucion]?" in p


def test_una_clave_en_la_tabla_equivocada_dice_donde_va() -> None:
    (p,) = problemas_de(TOML_PRUEBA.replace('[organo_enlace]\n', '[organo_enlace]\ntelefono = "443 555 0100"\n'))
    assert p == "archivo.toml, [organo_enlace] telefono: clave desconocida en esta tabla; «telefono» va en " \
                "[institucion] (muévala a [institucion])"
    (p,) = problemas_de('lema = "Sufragio efectivo"\n' + TOML_PRUEBA)
    assert p.startswith("archivo.toml, lema: clave fuera de su tabla; va en [institucion]")


def test_claves_y_tablas_desconocidas_sin_parecido_listan_las_validas() -> None:
    problemas = problemas_de(TOML_PRUEBA + '\n[portal]\npuerto = 80\n\n[sesiones]\ncolor = "azul"\n')
    assert problemas[0].startswith("archivo.toml, [portal]: tabla desconocida (las tablas de archivo.toml son: "
                                   "institucion, organo_enlace, areas")
    assert problemas[1].startswith("archivo.toml, [sesiones] color: clave desconocida (las claves de esta tabla "
                                   "son: anticipacion_ordinaria")


@pytest.mark.parametrize(("cambio", "lugar", "mensaje"), [
    (('[institucion]\nnombre = "Instituto Electoral de Prueba"', 'institucion = "IEA"\n[x]\nnombre = "I"'),
     "archivo.toml, [institucion]", "debe ser la tabla [institucion] con sus claves, no el texto «IEA»"),
    (("[[areas]]", "[[area]]"), None, None),
    (('[archivistica]\nfondo = "IEP"', '[archivistica]\nfondo = "IEP"\nvigencia_anios = "cinco"'),
     "archivo.toml, [archivistica] vigencia_anios", "debe ser un número entero, no el texto «cinco»"),
    (('[archivistica]\nfondo = "IEP"', '[archivistica]\nfondo = "IEP"\nvigencia_anios = "5"'),
     "archivo.toml, [archivistica] vigencia_anios", "debe ser un número entero, no el texto «5»"),
    (('dias_inhabiles = ["2024-11-04"]', 'dias_inhabiles = ["2025-02-30"]'),
     "archivo.toml, [calendario] dias_inhabiles", "el elemento 1 de la lista: «2025-02-30» no es una fecha que exista"),
    (('dias_inhabiles = ["2024-11-04"]', 'dias_inhabiles = "2024-11-04"'),
     "archivo.toml, [calendario] dias_inhabiles", "debe ser una lista entre corchetes, no el texto «2024-11-04»"),
    (('ciudad = "Ciudad Prueba"', 'ciudad = "Ciudad\\u0000Prueba"'),
     "archivo.toml, [institucion] ciudad", "contiene un carácter de control (código 0x00, posición 7)"),
    (('siglas = "IEP"', 'siglas = "I E P"'), "archivo.toml, [institucion] siglas", "«I E P» tiene caracteres no "
                                                                                   "permitidos"),
])
def test_tipos_equivocados_dicen_el_tipo_esperado(cambio, lugar, mensaje) -> None:
    antes, despues = cambio
    assert antes in TOML_PRUEBA
    with pytest.raises(EntradaInvalida) as e:
        cargar_texto(TOML_PRUEBA.replace(antes, despues, 1))
    if lugar is None:  # [[area]]: the misspelt list of tables
        assert any("¿quiso decir [areas]?" in str(p) for p in e.value.problemas)
        return
    assert (lugar, mensaje) in [(p.lugar, p.mensaje) for p in e.value.problemas], e.value.problemas


@pytest.mark.parametrize(("valor", "mensaje"), [
    ("x", "[[areas]]: debe ser una lista de secciones [[areas]], no el texto «x»"),
    ([1, 2], "[[areas]] número 1: debe ser una sección [[areas]] con siglas y nombre, no el número 1"),
    ([], "[[areas]]: no hay ninguna sección"),
])
def test_areas_de_tipo_equivocado(valor, mensaje) -> None:
    problemas = [str(p) for p in validar(con(PRUEBA, "areas", valor))]
    assert any(p.startswith(f"archivo.toml, {mensaje}") for p in problemas), problemas


def test_todos_los_problemas_a_la_vez_en_el_orden_del_archivo() -> None:
    malo = (TOML_PRUEBA.replace('siglas = "IEP"', 'siglas = ""')
            .replace('oficio = "{siglas}/{area}/{consecutivo:03d}/{anio}"', 'oficio = "{siglas}/{area}/{anio}"')
            .replace('dias_inhabiles = ["2024-11-04"]', 'dias_inhabiles = ["4 de noviembre"]')
            + '\n[sesiones]\nanticipacion_ordinaria = "tres"\nhora = "once"\n')
    lugares = [p.split(":")[0] for p in problemas_de(malo)]
    assert lugares == ["archivo.toml, [institucion] siglas", "archivo.toml, [calendario] dias_inhabiles",
                       "archivo.toml, [sesiones] anticipacion_ordinaria", "archivo.toml, [sesiones] hora",
                       "archivo.toml, [folios] oficio"]


def test_coherencia_entre_tablas() -> None:
    datos = copy.deepcopy(PRUEBA)
    datos["areas"].append({"siglas": "cspe", "nombre": "Otra"})
    datos["firmantes"].append({"clave": "titular", "nombre": "Lic. B", "cargo": "C", "area": "DEOX"})
    datos["organo_enlace"]["siglas"] = "UTSPEN"
    mensajes = {p.campo: p.mensaje for p in validar(datos)}
    assert mensajes == {
        "areas.4.siglas": "las siglas «cspe» ya son del área número 2",
        "firmantes.2.clave": "la clave «titular» ya es del firmante número 1",
        "firmantes.2.area": "el área «DEOX» no está en [[areas]]",
        "organo_enlace.siglas": "«UTSPEN» no está en [[areas]]; es el área por omisión de documentos y expedientes",
    }


# --- folio formats, tried as generation would use them -------------------------------------------


@pytest.mark.parametrize(("formato", "mensaje"), [
    ("{siglas}/{area}/{consecutivo:c}/{anio}", "con el consecutivo 1 el folio tendría caracteres de control"),
    ("{siglas}/{area}/{consecutivo:%Y}/{anio}", "«{consecutivo:%Y}»: la especificación «:%Y» no sirve para el "
                                                 "consecutivo"),
    ("{siglas}/{anio:s}/{consecutivo}", "«{anio:s}»: la especificación «:s» no sirve para el año"),
    ("{siglas}/{area}/{consecutivo:03d}", "el formato no incluye {anio}"),
    ("{siglas}/{area}/{anio}", "el formato no incluye {consecutivo}"),
    ("{folio}/{consecutivo}/{anio}", "campo desconocido «{folio}»"),
    ("{0}/{consecutivo}/{anio}", "campo desconocido «{0}»"),
    ("{siglas.upper}/{consecutivo}/{anio}", "campo desconocido «{siglas.upper}»"),
    ("{siglas!r}/{consecutivo}/{anio}", "«{siglas!r}»: no use «!r»"),
    ("{siglas/{consecutivo}/{anio}", "las llaves { } no están bien cerradas"),
    ("{siglas}/{consecutivo:>200}/{anio}", "el folio tendría 209 caracteres (máximo 100)"),
    ("{siglas}/{consecutivo:.0s}/{anio}", "«{consecutivo:.0s}»: la especificación «:.0s» no sirve para el consecutivo"),
])
def test_formato_de_folio_que_fallaria_al_generar(formato: str, mensaje: str) -> None:
    problemas = validar(con(PRUEBA, "folios.oficio", formato))
    assert [p.lugar for p in problemas] == ["archivo.toml, [folios] oficio"], problemas
    assert problemas[0].mensaje.startswith(mensaje), problemas[0].mensaje


def test_dos_series_que_darian_el_mismo_folio() -> None:
    problemas = validar(con(PRUEBA, "folios.circular", "{siglas}/{area}/{consecutivo:03d}/{anio}"))
    assert [(p.lugar, p.mensaje) for p in problemas] == [
        ("archivo.toml, [folios] circular", "produce los mismos folios que la serie «oficio» (p. ej. "
                                           "IEP/DEVySPE/001/2024)")]


@pytest.mark.parametrize("formato", ["{siglas}/{area}/{consecutivo:03d}/{anio}", "{siglas}-CG-{consecutivo}/{anio}",
                                     "{organo}/{consecutivo:04d}/{anio:04d}", "{siglas}/{area}/{consecutivo:,}/{anio}"])
def test_formatos_de_folio_validos(formato: str) -> None:
    datos = con(PRUEBA, "folios", {"oficio": formato})
    assert validar(datos) == []


# --- reading the file: BOM, encodings, syntax errors in Spanish -----------------------------------------


def test_acepta_bom_de_utf8_y_utf16(tmp_path: Path) -> None:
    raiz = iniciar_archivo(tmp_path / "a", toml=TOML_PRUEBA)
    raiz.archivo_toml.write_bytes(TOML_PRUEBA.encode("utf-8-sig"))  # what Notepad writes
    assert Raiz(raiz.ruta).config.siglas == "IEP"
    raiz.archivo_toml.write_bytes(TOML_PRUEBA.encode("utf-16"))  # Notepad's «Unicode»
    assert Raiz(raiz.ruta).config.institucion["domicilio"] == "Av. Siempre Viva 742, Centro"


def test_archivo_en_otra_codificacion_dice_la_linea(tmp_path: Path) -> None:
    raiz = iniciar_archivo(tmp_path / "a", toml=TOML_PRUEBA)
    raiz.archivo_toml.write_bytes(TOML_PRUEBA.encode("cp1252"))
    with pytest.raises(EntradaInvalida, match=r"no está en UTF-8 \(un carácter de la línea 9 no se puede leer\)"):
        _ = Raiz(raiz.ruta).config


@pytest.mark.parametrize(("texto", "lugar", "mensaje", "sugerencia"), [
    ('[institucion]\nnombre = Instituto Electoral\n', "línea 2, columna 10", "valor no válido: «nombre = Instituto "
     "Electoral»", "ponga el texto entre comillas"),
    ('[institucion]\nnombre = "Instituto\n', "línea 2, columna 20", "texto sin comilla de cierre",
     "cierre las comillas"),
    ('[institucion\nnombre = "x"\n', "línea 1, columna 13", "falta «]» al cerrar el nombre de la tabla",
     "[institucion]"),
    ('[institucion]\nnombre = "x"\nnombre = "y"\n', "línea 3, columna 13", "esa clave ya tiene un valor",
     "borre la repetida"),
    ('[institucion]\n[institucion]\n', "línea 2, columna 13", "esa tabla ya apareció antes", "junte sus claves"),
    ('[calendario]\ndias_inhabiles = [2025-02-30]\n', "línea 2, columna 19", "fecha no válida", "\"2025-11-02\""),
    ('[institucion]\nnombre = "a" b\n', "línea 2, columna 14", "sobra texto después del valor", "entre comillas"),
    ('[institucion]\nnombre "x"\n', "línea 2, columna 8", "falta «=» después del nombre de la clave", "clave = valor"),
    ('[calendario]\ndias_inhabiles = ["2025-01-01"\n', "línea 2 (la última)", "lista sin cerrar", "cierre la lista"),
    ('[institucion]\nnombre = "C:\\Users"\n', "línea 2, columna 15", "secuencia de escape no válida",
     "escriba la barra doble"),
])
def test_errores_de_escritura_en_espanol_con_linea_y_columna(texto, lugar, mensaje, sugerencia) -> None:
    with pytest.raises(EntradaInvalida) as e:
        cargar_texto(texto)
    assert "error de escritura" in e.value.mensaje
    (p,) = e.value.problemas
    assert p.lugar.startswith(f"archivo.toml, {lugar}"), p
    assert p.mensaje.startswith(mensaje) and sugerencia in p.sugerencia, p
    assert not re.search(r"Invalid|Expected|Cannot|Unterminated|Unclosed|line \d", str(e.value))


def test_la_configuracion_se_vuelve_a_leer_cuando_cambia(raiz: Raiz) -> None:
    assert raiz.config.siglas == "IEP"
    raiz.archivo_toml.write_text(TOML_PRUEBA.replace('siglas = "IEP"', 'siglas = "IEPX"'), encoding="utf-8")
    assert raiz.config.siglas == "IEPX"


# --- the example institution of `archivo iniciar` ---------------------------------------------------


def test_el_esquema_conoce_los_valores_de_ejemplo_de_iniciar() -> None:
    inicial = tomllib.loads(TOML_INICIAL)
    problemas = cargar_texto(TOML_INICIAL).valores_de_ejemplo()
    assert [p.campo for p in problemas] == ["institucion.nombre", "institucion.siglas", "institucion.ciudad",
                                            "firmantes.1.nombre"]
    assert "archivistica" not in inicial  # the cuadro lives in the catalog (archivo archivistica cuadro)
    for p in problemas:  # each names the value and what to write instead
        assert "conserva el valor de ejemplo" in p.mensaje and "p. ej." in p.sugerencia
    assert inicial["institucion"]["siglas"] == "OPLE"
    assert cargar_texto(TOML_PRUEBA).valores_de_ejemplo() == []


def test_el_fondo_de_ejemplo_escrito_por_un_iniciar_anterior_cuenta(tmp_path: Path) -> None:
    """Archives created before the cuadro lived in the catalog have `fondo = "OPLE"` written in archivo.toml: it
    would go into every expediente number, so it counts as example data even with a real institution."""
    viejo = TOML_PRUEBA.replace('fondo = "IEP"', 'fondo = "OPLE"')
    (p,) = cargar_texto(viejo).valores_de_ejemplo()
    assert p.campo == "archivistica.fondo" and p.mensaje == "conserva el valor de ejemplo «OPLE»"
    raiz = iniciar_archivo(tmp_path / "viejo", toml=TOML_PRUEBA)
    raiz.archivo_toml.write_text(viejo, encoding="utf-8")
    r = invocar(["--raiz", raiz.ruta, "procedimiento", "abrir", "incentivos", "Incentivos 2025"])
    assert r.codigo == 1 and "[archivistica] fondo: conserva el valor de ejemplo «OPLE»" in r.errores
    # not written, the fondo is the institution's siglas: only [institucion] siglas is reported, once
    sin_tabla = tomllib.loads(TOML_INICIAL)
    assert "archivistica" not in sin_tabla
    assert [p.campo for p in conf.construir(sin_tabla).valores_de_ejemplo()].count("institucion.siglas") == 1
    assert "archivistica.fondo" not in [p.campo for p in conf.construir(sin_tabla).valores_de_ejemplo()]


@pytest.fixture
def inicial(tmp_path: Path) -> Raiz:
    """An archive exactly as `archivo iniciar` leaves it."""
    return iniciar_archivo(tmp_path / "nuevo")


def test_con_la_institucion_de_ejemplo_no_se_crean_expedientes(inicial: Raiz) -> None:
    r = invocar(["--raiz", inicial.ruta, "personal", "alta", "--clave", "SPEN-0150", "--nombre", "Ana Laura",
                 "--primer-apellido", "Ruiz", "--cargo", "Técnica", "--adscripcion", "DEVySPE"])
    assert r.codigo == 1 and "Traceback" not in r.todo
    assert "No se puede crear el expediente «Expediente personal de Ana Laura Ruiz»" in r.errores
    assert "archivo.toml, [institucion] nombre: conserva el valor de ejemplo «Organismo Público Local " \
           "Electoral»" in r.errores
    assert "[institucion] siglas: conserva el valor de ejemplo «OPLE»" in r.errores
    assert "archivo configuracion revisar" in r.errores
    with Catalogo.abrir(inicial, "prueba") as cat:
        assert cat.uno("SELECT COUNT(*) FROM personas")[0] == 0  # nothing half-written
        assert cat.uno("SELECT COUNT(*) FROM expedientes")[0] == 0
    assert not any((inicial.expedientes).rglob("*"))
    # once the institution is real, the same command works and the number carries the real fondo
    texto = (inicial.archivo_toml.read_text(encoding="utf-8")
             .replace('"Organismo Público Local Electoral"', '"Instituto Electoral de Michoacán"')
             .replace('siglas = "OPLE"', 'siglas = "IEM"').replace('ciudad = "Ciudad"', 'ciudad = "Morelia"')
             .replace('"Nombre de la persona titular"', '"Mtra. Ana López Ruiz"'))
    inicial.archivo_toml.write_text(texto, encoding="utf-8")
    r = invocar(["--raiz", inicial.ruta, "personal", "alta", "--clave", "SPEN-0150", "--nombre", "Ana Laura",
                 "--primer-apellido", "Ruiz", "--cargo", "Técnica", "--adscripcion", "DEVySPE"])
    assert r.codigo == 0, r.todo
    with Catalogo.abrir(inicial, "prueba") as cat:
        exp = exps.obtener(cat, "persona", "SPEN-0150")
    assert exp.numero.startswith("IEM/DEVySPE/SPEN.01/") and exp.fondo == "IEM"


def test_con_la_institucion_de_ejemplo_no_se_emite_un_folio(raiz: Raiz, tmp_path: Path) -> None:
    with Catalogo.abrir(raiz, "prueba") as cat:
        proc = procs.abrir(cat, "incentivos", "Incentivos 2025")
    raiz.archivo_toml.write_text(TOML_INICIAL, encoding="utf-8")  # the example institution, back
    with Catalogo.abrir(Raiz(raiz.ruta), "prueba") as cat:
        exp = exps.obtener(cat, "procedimiento", str(proc.id))
        with pytest.raises(EntradaInvalida) as e:
            documentos.emitir(cat, tipo="oficio", asunto="Aviso", expediente=exp, serie="oficio",
                              construir=lambda folio: f"Oficio {folio}".encode(), extension=".txt",
                              fecha=date(2025, 3, 3))
        assert e.value.mensaje.startswith("No se puede emitir un folio: archivo.toml todavía tiene los datos de "
                                          "ejemplo")
        assert {p.campo for p in e.value.problemas} == {"institucion.nombre", "institucion.siglas",
                                                        "institucion.ciudad", "firmantes.1.nombre"}
        assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0
        # a draft carries no folio: it may be written with the example data
        borrador = documentos.emitir(cat, tipo="oficio", asunto="Aviso", expediente=exp, serie="oficio",
                                     construir=lambda folio: b"Borrador", extension=".txt", estado="borrador")
        assert borrador.folio is None
    assert not [p for p in exp.carpeta(raiz).iterdir() if p.suffix == ".txt"]


def test_la_demo_y_la_prueba_no_son_la_institucion_de_ejemplo() -> None:


    assert cargar_texto(TOML_DEMO).valores_de_ejemplo() == []


# --- archivo configuracion revisar | ver, archivo verificar ----------------------------------------


def test_revisar_configuracion_completa(cli) -> None:
    r = cli("configuracion", "revisar")
    assert r.codigo == 0 and "La configuración está completa" in r.salida


def test_revisar_lista_cada_problema_y_termina_con_error(inicial: Raiz) -> None:
    r = invocar(["--raiz", inicial.ruta, "configuracion", "revisar"])
    assert r.codigo == 1
    assert r.salida.count("conserva el valor de ejemplo") == 4
    assert "archivo.toml tiene 4 problema(s)" in r.errores
    inicial.archivo_toml.write_text(TOML_PRUEBA + "\n[sesiones]\nanticipacion_ordinara = 5\nhora = 11\n",
                                    encoding="utf-8")
    r = invocar(["--raiz", inicial.ruta, "configuracion", "revisar", "--formato", "json"])
    assert r.codigo == 1
    assert json.loads(r.salida) == [
        {"lugar": "archivo.toml, [sesiones] anticipacion_ordinara", "mensaje": "clave desconocida",
         "sugerencia": "¿quiso decir «anticipacion_ordinaria»?", "campo": "sesiones.anticipacion_ordinara"},
        {"lugar": "archivo.toml, [sesiones] hora", "mensaje": "debe ser texto entre comillas, no el número 11",
         "sugerencia": "escríbalo así: hora = \"11\"", "campo": "sesiones.hora"}]
    inicial.archivo_toml.write_text("[institucion\n", encoding="utf-8")
    r = invocar(["--raiz", inicial.ruta, "configuracion", "revisar"])
    assert r.codigo == 1 and "línea 1, columna 13: falta «]»" in r.salida and "Traceback" not in r.todo


def test_cualquier_comando_con_la_configuracion_mal_escrita_da_todos_los_problemas(cli, raiz: Raiz) -> None:
    raiz.archivo_toml.write_text(TOML_PRUEBA.replace("[[areas]]", "[[area]]", 1) + "\n[sesiones]\nhora = 11\n",
                                 encoding="utf-8")
    r = cli("procedimiento", "abrir", "incentivos", "Incentivos 2025")
    assert r.codigo == 1 and "Traceback" not in r.todo and "Error inesperado" not in r.todo
    assert "[area]: tabla desconocida" in r.errores and "[sesiones] hora" in r.errores


def test_verificar_incluye_la_configuracion(cli, raiz: Raiz) -> None:
    assert cli("verificar").codigo == 0
    raiz.archivo_toml.write_text(TOML_PRUEBA + "\n[sesiones]\nanticipacion_ordinara = 5\n", encoding="utf-8")
    r = cli("verificar", "--formato", "json")
    assert r.codigo == 1
    assert json.loads(r.salida) == [{"categoria": "configuracion", "descripcion": "Problema de configuración "
                                     "(archivo.toml)", "ruta": "archivo.toml, [sesiones] anticipacion_ordinara",
                                     "detalle": "clave desconocida (¿quiso decir «anticipacion_ordinaria»?)"}]


def test_ver_muestra_los_valores_por_omision(cli) -> None:
    r = cli("configuracion", "ver")
    assert r.codigo == 0
    assert 'siglas = "IEP"\n' in r.salida
    assert "anticipacion_ordinaria = 3 # por omisión" in r.salida
    assert "# procesos_libreoffice: automático" in r.salida
    tomllib.loads(r.salida)  # what it prints is valid TOML
    datos = json.loads(cli("configuracion", "ver", "--formato", "json").salida)
    assert datos["sesiones"]["consejo"]["anticipacion_ordinaria"] == 3
    assert datos["calendario"]["dias_inhabiles"] == ["2024-11-04"]
    assert validar(datos) == []  # the effective configuration is itself valid


# --- for the portal: validate a dict, write it back keeping comments --------------------------------


def test_validar_un_formulario_da_el_campo_de_cada_problema() -> None:
    datos = con(con(PRUEBA, "areas.1.siglas", "C S"), "sesiones.meses_ordinarias", [3, 13])
    assert [(p.campo, p.mensaje) for p in validar(datos)] == [
        ("areas.2.siglas", "«C S» tiene caracteres no permitidos"),
        ("sesiones.meses_ordinarias", "el elemento 2 de la lista: 13 está fuera del intervalo permitido")]
    assert validar("no es una tabla")[0].mensaje == "la configuración debe ser un conjunto de tablas"


def test_guardar_conserva_comentarios_y_cambia_solo_lo_pedido(tmp_path: Path) -> None:
    ruta = tmp_path / "archivo.toml"
    texto = "# Mi institución\n" + TOML_PRUEBA.replace('ciudad = "Ciudad Prueba"',
                                                        'ciudad = "Ciudad Prueba"  # la sede')
    ruta.write_text(texto, encoding="utf-8")
    datos = con(con(PRUEBA, "institucion.ciudad", "Morelia"), "sesiones", {"anticipacion_ordinaria": 4})
    config = conf.guardar(ruta, datos)
    nuevo = ruta.read_text(encoding="utf-8")
    assert nuevo.startswith("# Mi institución\n")
    assert 'ciudad = "Morelia"  # la sede' in nuevo
    assert "[sesiones]\nanticipacion_ordinaria = 4" in nuevo
    assert config.sesiones.anticipacion[("comision", "ordinaria")] == 4
    assert conf.cargar(ruta).efectiva == config.efectiva
    # removing an area removes it from the file
    datos["areas"] = datos["areas"][:2]
    conf.guardar(ruta, datos)
    assert "DEOE" not in ruta.read_text(encoding="utf-8")
    assert "# Mi institución" in ruta.read_text(encoding="utf-8")


def test_guardar_no_escribe_nada_si_hay_un_problema(tmp_path: Path) -> None:
    ruta = tmp_path / "archivo.toml"
    ruta.write_text(TOML_PRUEBA, encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        conf.guardar(ruta, con(PRUEBA, "archivistica.vigencia_anios", "cinco"))
    assert "no se guardó nada" in e.value.mensaje
    assert e.value.problemas[0].campo == "archivistica.vigencia_anios"
    assert ruta.read_text(encoding="utf-8") == TOML_PRUEBA
    assert [p.name for p in tmp_path.iterdir()] == ["archivo.toml"]  # no temporary left behind


def test_guardar_queda_en_el_historial(raiz: Raiz, cat: Catalogo) -> None:
    with cat.transaccion("editar configuración") as tx:
        conf.guardar(raiz.archivo_toml, con(PRUEBA, "institucion.telefono", "443 555 0100"), tx=tx)
    fila = cat.uno("SELECT * FROM historial WHERE entidad = 'configuracion'")
    assert fila["accion"] == "editar configuración" and fila["usuario"] == "prueba"
    assert json.loads(fila["antes"])["institucion"]["telefono"] == ""
    assert json.loads(fila["despues"])["institucion"]["telefono"] == "443 555 0100"
    assert raiz.config.institucion["telefono"] == "443 555 0100"


def test_describir_esquema_para_el_formulario() -> None:
    esquema = {t["nombre"]: t for t in conf.describir_esquema()}
    assert list(esquema)[:3] == ["institucion", "organo_enlace", "areas"]
    siglas = next(c for c in esquema["institucion"]["claves"] if c["nombre"] == "siglas")
    assert siglas["requerida"] and siglas["tipo"] == "texto" and siglas["ejemplo_de_iniciar"] == "OPLE"
    fondo = next(c for c in esquema["archivistica"]["claves"] if c["nombre"] == "fondo")
    assert fondo["defecto"] == {"igual_a": "institucion.siglas"}
    assert esquema["folios"]["claves_libres"]["tipo"] == "texto"
    assert [s["nombre"] for s in esquema["sesiones"]["subtablas"]] == ["sesiones.comision", "sesiones.consejo"]
    json.dumps(esquema, ensure_ascii=False)


def test_persona_sin_datos_del_ejemplo_se_importa(cat: Catalogo) -> None:
    """The fixture's institution is real-looking: nothing is refused."""
    p = personal.alta(cat, {"clave": "SPEN-0001", "nombre": "Ana", "primer_apellido": "Ruiz", "cargo": "Técnica",
                            "adscripcion": "DEVySPE"})
    assert p.clave == "SPEN-0001"


def test_con_la_institucion_de_ejemplo_no_se_importa_nada(inicial: Raiz, tmp_path: Path) -> None:
    """The acervo's expedientes carry the fondo: an import is refused before any file is read or recognised."""
    (tmp_path / "acuerdo.txt").write_text("ACUERDO IEM-CG-24/2014 del Consejo General.", encoding="utf-8")
    r = invocar(["--raiz", inicial.ruta, "importar", tmp_path / "acuerdo.txt"])
    assert r.codigo == 1 and "Traceback" not in r.todo
    assert "No se puede importar al acervo" in r.errores and "archivo configuracion revisar" in r.errores
    with Catalogo.abrir(inicial, "prueba") as cat:
        assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == 0
    assert not any(inicial.acervo.rglob("*"))
