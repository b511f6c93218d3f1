import json

import pytest

from archivo import mecanismos as mec
from archivo import personal
from archivo import procedimientos as procs
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.raiz import Raiz


@pytest.fixture
def con_persona(cat: Catalogo) -> Catalogo:
    personal.alta(cat, {"clave": "SPEN-1", "nombre": "Ana", "primer_apellido": "Ruiz", "cargo": "Técnica",
                        "adscripcion": "DEOE"})
    return cat


def test_todos_los_mecanismos_se_abren_y_avanzan(raiz: Raiz, con_persona: Catalogo) -> None:
    cat = con_persona
    catalogo = mec.cargar(raiz)
    abiertos = 0
    for m in catalogo.mecanismos.values():
        for tipo in m.procedimientos:
            p = procs.abrir(cat, m.clave, f"Prueba {m.nombre}", tipo=tipo, personas=["SPEN-1"])
            assert [x.cvo for x in p.pasos] == [x.cvo for x in catalogo.tipos[tipo].pasos]
            assert all(x.estado == "pendiente" for x in p.pasos)
            primero, ultimo = p.pasos[0].cvo, p.pasos[-1].cvo
            procs.avanzar(cat, p.id, primero, estado="en curso")
            p = procs.avanzar(cat, p.id, primero, nota="Oficio recibido")
            p = procs.avanzar(cat, p.id, ultimo)
            assert p.paso(primero).estado == "hecho" and p.paso(primero).hecho_por == "prueba"
            assert p.paso(primero).nota == "Oficio recibido"
            assert p.avance == f"{2 if primero != ultimo else 1}/{len(p.pasos)}"
            exp = exps.por_id(cat, p.expediente_id)
            assert exp.carpeta(raiz).is_dir() and exp.tipo == "procedimiento"
            abiertos += 1
    assert abiertos == sum(len(m.procedimientos) for m in catalogo.mecanismos.values())


def test_mecanismo_con_varios_tipos_pide_tipo(con_persona: Catalogo) -> None:
    with pytest.raises(EntradaInvalida, match="--tipo"):
        procs.abrir(con_persona, "vinculacion-ine", "Notificaciones 2025")
    p = procs.abrir(con_persona, "Vinculación con el INE", "Notificaciones 2025", tipo="notificacion-ine")
    assert p.tipo == "notificacion-ine" and len(p.pasos) == 6


def test_errores_de_avance(con_persona: Catalogo) -> None:
    p = procs.abrir(con_persona, "evaluacion-desempeno", "Evaluación 2024-2025")
    with pytest.raises(ArchivoError, match="no tiene el paso 7"):
        procs.avanzar(con_persona, p.id, 7)
    procs.avanzar(con_persona, p.id, 1)
    with pytest.raises(ArchivoError, match="ya está «hecho»"):
        procs.avanzar(con_persona, p.id, 1)
    with pytest.raises(ArchivoError, match="Faltan pasos"):
        procs.concluir(con_persona, p.id)
    procs.concluir(con_persona, p.id, forzar=True)
    with pytest.raises(ArchivoError, match="concluido"):
        procs.avanzar(con_persona, p.id, 2)


def test_cli_procedimiento(cli, con_persona: Catalogo) -> None:
    r = cli("procedimiento", "abrir", "concurso publico", "Concurso Público 2025", "--persona", "SPEN-1")
    assert r.codigo == 0, r.todo
    assert "Procedimiento 1 abierto" in r.salida
    r = cli("procedimiento", "avanzar", "1", "2")
    assert r.codigo == 0 and "1/10" in r.salida
    r = cli("procedimiento", "ver", "1")
    assert "[x] hecho" in r.salida and "[ ] pendiente" in r.salida
    datos = json.loads(cli("procedimiento", "ver", "1", "--formato", "json").salida)
    assert datos["pasos"][1]["estado"] == "hecho" and datos["pasos"][1]["hecho_por"] == "prueba"
    assert len(json.loads(cli("procedimiento", "lista", "--formato", "json").salida)) == 1
    r = cli("procedimiento", "abrir", "mecanismo inventado", "X")
    assert r.codigo == 1 and "Traceback" not in r.todo
    r = cli("expediente", "ver", "--procedimiento", "1")
    assert r.codigo == 0 and "Concurso Público 2025" in r.salida
    r = cli("mecanismos", "titularidad")
    assert r.codigo == 0 and "Titularidad" in r.salida


def test_historial_cli(cli, con_persona: Catalogo) -> None:
    cli("procedimiento", "abrir", "incentivos", "Incentivos 2025")
    datos = json.loads(cli("historial", "--formato", "json").salida)
    acciones = {d["accion"] for d in datos}
    assert {"alta de persona", "abrir procedimiento"} <= acciones
    solo = json.loads(cli("historial", "--entidad", "procedimiento", "--formato", "json").salida)
    assert solo and all(d["entidad"] == "procedimiento" for d in solo)
    assert json.loads(cli("historial", "--usuario", "nadie", "--formato", "json").salida) == []
