"""The catalog of mecanismos and procedure steps transcribed from the DEVySPE procedures manual (seed 004)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from archivo.base.errors import EntradaInvalida, NoEncontrado
from archivo.base.raiz import Raiz
from archivo.mecanismos import CatalogoMecanismos, Paso, cargar

PASOS_POR_TIPO = {
    "concurso-publico": 10,
    "certamen-interno": 17,
    "cambios-adscripcion": 5,
    "encargos-despacho": 10,
    "reingreso-reincorporacion": 5,
    "profesionalizacion": 12,
    "evaluacion-desempeno": 11,
    "titularidad-promocion": 7,
    "incentivos": 7,
    "permanencia-disciplina": 2,
    "notificacion-areas": 8,
    "notificacion-ine": 6,
}

MECANISMOS = {
    "concurso-publico": ("CONCURSO", "Carrera Profesional Electoral", ("concurso-publico",)),
    "certamen-interno": ("ASCENSO", "Carrera Profesional Electoral", ("certamen-interno",)),
    "cambios-adscripcion": (
        "CAMBIO DE ADSCRIPCIÓN Y ROTACIÓN",
        "Carrera Profesional Electoral",
        ("cambios-adscripcion",),
    ),
    "encargos-despacho": ("ENCARGOS DE DESPACHO", "Carrera Profesional Electoral", ("encargos-despacho",)),
    "reingreso-reincorporacion": (
        "REINGRESO Y REINCORPORACIÓN",
        "Carrera Profesional Electoral",
        ("reingreso-reincorporacion",),
    ),
    "programa-formacion": ("PROGRAMA DE FORMACIÓN", "Profesionalización", ("profesionalizacion",)),
    "capacitacion": ("MECANISMO DE CAPACITACIÓN", "Profesionalización", ("profesionalizacion",)),
    "evaluacion-desempeno": ("EVALUACIÓN DEL DESEMPEÑO", "Profesionalización", ("evaluacion-desempeno",)),
    "titularidad-promocion": (
        "TITULARIDAD Y PROMOCIÓN",
        "Planeación del Servicio",
        ("titularidad-promocion",),
    ),
    "incentivos": ("INCENTIVOS", "Planeación del Servicio", ("incentivos",)),
    "permanencia-disciplina": (
        "PERMANENCIA Y DISCIPLINA",
        "Planeación del Servicio",
        ("permanencia-disciplina",),
    ),
    "vinculacion-ine": ("VINCULACIÓN CON EL INE", "Vinculación", ("notificacion-areas", "notificacion-ine")),
}


@pytest.fixture(scope="module")
def catalogo() -> CatalogoMecanismos:
    return cargar()


def test_el_yaml_incluido_se_lee_como_recurso_del_paquete() -> None:
    recurso = resources.files("archivo") / "datos" / "mecanismos.yaml"
    datos = yaml.safe_load(recurso.read_text(encoding="utf-8"))
    assert [p["clave"] for p in datos["procedimientos"]] == list(PASOS_POR_TIPO)
    assert [m["clave"] for m in datos["mecanismos"]] == list(MECANISMOS)


def test_el_catalogo_incluido_se_guarda_en_cache(raiz: Raiz) -> None:
    # Without its own mecanismos.yaml an archive root uses the shipped catalog, the same object every time.
    assert cargar() is cargar()
    assert cargar(raiz) is cargar()


def test_cada_mecanismo_con_su_etiqueta_grupo_y_procedimientos(catalogo: CatalogoMecanismos) -> None:
    assert list(catalogo.mecanismos) == list(MECANISMOS)
    for clave, (etiqueta, grupo, tipos) in MECANISMOS.items():
        m = catalogo.mecanismos[clave]
        assert (m.etiqueta_matriz, m.grupo, m.procedimientos) == (etiqueta, grupo, tipos), clave
        assert m.descripcion and m.nombre
        assert [t.clave for t in catalogo.tipos_de(clave)] == list(tipos)


def test_pasos_por_procedimiento_como_en_el_manual(catalogo: CatalogoMecanismos) -> None:
    assert {clave: len(t.pasos) for clave, t in catalogo.tipos.items()} == PASOS_POR_TIPO
    for clave, t in catalogo.tipos.items():
        cvos = [p.cvo for p in t.pasos]
        assert cvos == sorted(cvos), clave
        esperados = (
            [c for c in range(1, 13) if c != 7]
            if clave == "evaluacion-desempeno"
            else list(range(1, len(cvos) + 1))
        )
        assert cvos == esperados, clave
        assert t.fuente.startswith("Manual de Procedimientos de la DEVySPE 2023, sección ")


def test_evaluacion_del_desempeno_conserva_el_hueco_del_cvo_7(catalogo: CatalogoMecanismos) -> None:
    t = catalogo.tipo("evaluacion-desempeno")
    assert t.nota is not None and "7" in t.nota
    with pytest.raises(NoEncontrado, match="no tiene el paso 7"):
        catalogo.paso("evaluacion-desempeno", 7)
    assert catalogo.paso("evaluacion-desempeno", 8).accion.startswith(
        "Recabar o solicitar al personal evaluador"
    )


def test_textos_exactos_de_pasos(catalogo: CatalogoMecanismos) -> None:
    assert catalogo.paso("certamen-interno", 9) == Paso(
        cvo=9,
        accion="Organizar las entrevistas que realizará el Comité Dictaminador, y publicar el calendario.",
        responsable="CSPE DEVySPE",
        insumos=("Lista de resultados de la evaluación",),
        salidas=("Calendario de entrevistas aprobado mediante Acuerdo de la Comisión",),
    )
    assert catalogo.paso("concurso-publico", 4) == Paso(
        cvo=4,
        accion=(
            "Publicar las listas de las personas que serán convocadas a la etapa del cotejo documental y "
            "verificación del cumplimiento de requisitos; así como llevar a cabo dicha etapa del Concurso Público."
        ),
        responsable="CSPE Funcionariado designado para llevar a cabo dicha etapa",
        insumos=("Lista", "Oficios de designación"),
        salidas=(
            "Oficio para solicitar la publicación de las listas",
            "Oficios a las personas funcionarias que llevarán a cabo el cotejo documental en el IEM",
        ),
    )
    paso = catalogo.paso("notificacion-areas", 2)
    assert paso.responsable == "CV-INE TV-INE"
    assert paso.insumos == ("Oficio", "Circular", "Consulta", "Acuerdo", "Resolución", "Formatos")
    assert paso.salidas == ("Tarjeta informativa",)
    # «N/A» in the manual is an empty list.
    assert catalogo.paso("notificacion-ine", 3).salidas == ()
    assert catalogo.paso("encargos-despacho", 4).insumos == ("Oficio", "Expediente")


def test_pasos_partidos_por_el_salto_de_pagina_se_unen(catalogo: CatalogoMecanismos) -> None:
    titularidad = catalogo.paso("titularidad-promocion", 5)
    assert titularidad.accion == (
        "Presentar al Órgano Superior de Dirección, el proyecto de acuerdo del otorgamiento de la titularidad "
        "y para el otorgamiento de la promoción en rango, así como los documentos que se sometan a la "
        "consideración, previo conocimiento de la Comisión del Servicio."
    )
    assert titularidad.salidas == (
        "Oficio dirigido a la Secretaría del IEM, para someter a consideración del Consejo General",
    )
    permanencia = catalogo.paso("permanencia-disciplina", 1)
    assert permanencia.accion.endswith(
        "Así como proporcionar información y la documentación sobre cualquier situación que afecte la "
        "permanencia del personal del Servicio, respecto a sanciones y medidas cautelares."
    )
    # The «Oficio de remisión» after the page break belongs to step 3 of incentivos, not to a new step.
    assert catalogo.paso("incentivos", 3).salidas == (
        "Propuesta de nuevo programa de incentivos de ser el caso",
        "Oficio de remisión",
    )


def test_busqueda_flexible(catalogo: CatalogoMecanismos) -> None:
    assert catalogo.mecanismo("Concurso Público").clave == "concurso-publico"
    assert catalogo.mecanismo("evaluacion del desempeno").clave == "evaluacion-desempeno"
    assert catalogo.mecanismo("  EVALUACIÓN DEL DESEMPEÑO ").clave == "evaluacion-desempeno"
    assert catalogo.mecanismo("ascenso").clave == "certamen-interno"
    assert catalogo.mecanismo("vinculacion con el ine").clave == "vinculacion-ine"
    assert catalogo.tipo("evaluacion del desempeno").clave == "evaluacion-desempeno"
    assert catalogo.tipo("De la evaluación al desempeño").clave == "evaluacion-desempeno"
    assert catalogo.tipo("Mecanismo de Capacitación").clave == "profesionalizacion"
    assert catalogo.tipo("titularidad").clave == "titularidad-promocion"
    assert catalogo.paso("Encargaturas de despacho", 10).responsable == "Secretaría Ejecutiva"
    assert [t.clave for t in catalogo.tipos_de("Vinculación con el INE")] == [
        "notificacion-areas",
        "notificacion-ine",
    ]


def test_busqueda_sin_resultado_lista_las_claves(catalogo: CatalogoMecanismos) -> None:
    with pytest.raises(NoEncontrado) as e:
        catalogo.mecanismo("jubilación")
    assert "No existe el mecanismo «jubilación»" in e.value.mensaje
    assert all(clave in e.value.mensaje for clave in MECANISMOS)
    with pytest.raises(NoEncontrado) as e:
        catalogo.tipo("Vinculación con el INE")
    assert "notificacion-areas" in e.value.mensaje and "notificacion-ine" in e.value.mensaje
    with pytest.raises(NoEncontrado, match="Claves válidas: concurso-publico"):
        catalogo.tipo("xyz")


def test_el_catalogo_no_se_puede_modificar(catalogo: CatalogoMecanismos) -> None:
    with pytest.raises(TypeError):
        catalogo.mecanismos["nuevo"] = catalogo.mecanismos["incentivos"]  # type: ignore[index]


def _copia_incluida() -> dict:
    return yaml.safe_load(
        (resources.files("archivo") / "datos" / "mecanismos.yaml").read_text(encoding="utf-8")
    )


def test_una_institucion_puede_adaptar_el_manual(raiz: Raiz) -> None:
    datos = _copia_incluida()
    datos["procedimientos"][0]["pasos"][0]["accion"] = (
        "Informar a la DESPEN las plazas vacantes (versión local)."
    )
    (raiz.ruta / "mecanismos.yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    propio = cargar(raiz)
    assert propio.paso("concurso-publico", 1).accion.endswith("(versión local).")
    assert (
        cargar().paso("concurso-publico", 1).accion.startswith("Informar a la DESPEN las plazas vacantes del")
    )


def test_un_yaml_propio_con_errores_los_reporta_todos(raiz: Raiz) -> None:
    datos = _copia_incluida()
    concurso = datos["procedimientos"][0]
    concurso["pasos"][1]["cvo"] = 1  # duplicate
    concurso["pasos"][2]["accion"] = "   "  # empty
    concurso["pasos"][3]["salidas"] = ["N/A"]
    concurso["pasos"][4]["acción"] = "campo con acento"  # unknown field
    datos["mecanismos"][0]["procedimientos"] = ["concurso-publico", "concurso-abierto"]  # unknown key
    datos["mecanismos"][1]["grupo"] = "Carrera"
    del datos["mecanismos"][2]["descripcion"]
    ruta = raiz.ruta / "mecanismos.yaml"
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")

    with pytest.raises(EntradaInvalida) as e:
        cargar(raiz)
    problemas = [str(p) for p in e.value.problemas]
    assert str(ruta) in e.value.mensaje
    esperados = [
        ("procedimiento «concurso-publico», paso con cvo 1", "el cvo 1 está repetido"),
        ("procedimiento «concurso-publico», paso con cvo 3", "«accion» debe ser un texto no vacío"),
        ("procedimiento «concurso-publico», paso con cvo 4", "es «N/A»"),
        ("procedimiento «concurso-publico», paso con cvo 5", "campo desconocido «acción»"),
        ("mecanismo «concurso-publico»", "el tipo de procedimiento «concurso-abierto» no está definido"),
        ("mecanismo «certamen-interno»", "el grupo «Carrera» no existe"),
        ("mecanismo «cambios-adscripcion»", "falta el campo «descripcion»"),
    ]
    for lugar, mensaje in esperados:
        assert any(lugar in p and mensaje in p for p in problemas), (lugar, mensaje, problemas)
    assert len(problemas) == len(esperados)


def test_un_yaml_propio_ilegible_dice_la_linea(raiz: Raiz) -> None:
    (raiz.ruta / "mecanismos.yaml").write_text("procedimientos:\n  - clave: [sin cerrar\n", encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        cargar(raiz)
    assert len(e.value.problemas) == 1
    assert e.value.problemas[0].lugar.endswith("mecanismos.yaml, línea 3, columna 1")
    assert e.value.problemas[0].mensaje.startswith("no es YAML válido")


def test_un_yaml_propio_vacio(raiz: Raiz) -> None:
    (raiz.ruta / "mecanismos.yaml").write_text("procedimientos: []\n", encoding="utf-8")
    with pytest.raises(EntradaInvalida) as e:
        cargar(raiz)
    mensajes = [p.mensaje for p in e.value.problemas]
    assert mensajes == [
        "falta la lista «procedimientos» o está vacía",
        "falta la lista «mecanismos» o está vacía",
    ]


def _sin_formato(texto: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"</?b>|\*\*", "", texto))


# Typos of the manual corrected in the catalog: corrected text -> as the manual writes it.
CORRECCIONES = {"Oficio de gestión ante la DESPEN": "Oficio de gestión antes la DESPEN"}


@pytest.mark.corpus
def test_el_hueco_del_cvo_7_es_el_del_manual(corpus: Path, catalogo: CatalogoMecanismos) -> None:
    """Seed 004's table «De la evaluación al desempeño» numbers 1–6 and 8–12: the gap is the manual's, not a
    transcription error, and the catalog keeps the manual's numbers."""
    semilla = (corpus.parent / "seeds" / "004_a11a5be39bc47ffa.txt").read_text(encoding="utf-8")
    inicio = semilla.index("De la evaluación al desempeño")
    fin = semilla.index("## De la Planeación del Servicio", inicio)
    cvos = [int(m.group(1)) for m in re.finditer(r"^(\d+)\t", semilla[inicio:fin], re.MULTILINE)]
    assert cvos == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert [p.cvo for p in catalogo.tipo("evaluacion-desempeno").pasos] == cvos


def test_salidas_sin_erratas(catalogo: CatalogoMecanismos) -> None:
    salidas = [s for t in catalogo.tipos.values() for p in t.pasos for s in p.salidas]
    assert "Oficio de gestión ante la DESPEN" in salidas
    assert not [s for s in salidas if "antes la" in s]


@pytest.mark.corpus
def test_todo_texto_esta_en_el_manual(corpus: Path, catalogo: CatalogoMecanismos) -> None:
    """Faithful transcription: every text of the catalog occurs in seed 004 (joined pieces, piece by piece), save
    the manual's typos corrected here (CORRECCIONES)."""
    semilla = corpus.parent / "seeds" / "004_a11a5be39bc47ffa.txt"
    manual = _sin_formato(semilla.read_text(encoding="utf-8"))
    # Steps whose action the page break cut in two: (tipo, cvo) -> the last words before the break.
    partidos = {
        ("titularidad-promocion", 5): "el proyecto de acuerdo del",
        ("permanencia-disciplina", 1): "cualquier situación que afecte la permanencia",
    }
    for t in catalogo.tipos.values():
        assert t.nombre in manual, t.clave
        for p in t.pasos:
            corte = partidos.get((t.clave, p.cvo))
            if corte:
                antes, _, despues = p.accion.rpartition(corte)
                assert antes + corte in manual and despues.strip() in manual, (t.clave, p.cvo)
            else:
                assert p.accion in manual, (t.clave, p.cvo)
            for documento in (*p.insumos, *p.salidas):
                assert CORRECCIONES.get(documento, documento) in manual, (t.clave, p.cvo, documento)
    for m in catalogo.mecanismos.values():
        assert _sin_formato(m.descripcion) in manual, m.clave
        assert m.etiqueta_matriz in manual or m.clave == "vinculacion-ine", m.clave
