"""The cuadro general de clasificación and the CADIDO: the example, the migration of an older archive, editing and
the Excel round trip with every problem reported at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from archivo import personal
from archivo.archivistica import cadido, clasificacion, cuadro
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.errors import EntradaInvalida
from tests.conftest import TOML_PRUEBA
from tests.utilidades import PADRON_CSV
from tests.utilidades_archivistica import procedimiento, texto_docx


def _padron(cat: Catalogo, tmp_path: Path) -> None:
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)


def test_cada_expediente_nuevo_recibe_su_serie(cat: Catalogo, tmp_path: Path) -> None:
    _padron(cat, tmp_path)
    evaluacion = procedimiento(cat, "evaluacion-desempeno", "Evaluación 2023-2024", date(2024, 3, 1))
    formacion = procedimiento(cat, "capacitacion", "Capacitación 2024", date(2024, 3, 1))
    otra = procedimiento(cat, "evaluacion-desempeno", "Evaluación 2024-2025", date(2024, 9, 1))
    persona = exps.obtener(cat, "persona", "SPEN-0001")

    fondo = cuadro.fondo(cat)
    assert (fondo.codigo, fondo.nombre) == ("IEP", "Instituto Electoral de Prueba")
    assert cuadro.por_id(cat, evaluacion.serie_id).codigo == "SPEN.02.07"  # the subserie of its mecanismo
    assert cuadro.por_id(cat, formacion.serie_id).codigo == "SPEN.02.06"
    assert cuadro.por_id(cat, persona.serie_id).codigo == "SPEN.01"
    # numbered by serie: fondo / área / código / año / consecutivo
    assert evaluacion.numero == "IEP/DEVySPE/SPEN.02.07/2024/0001"
    assert otra.numero == "IEP/DEVySPE/SPEN.02.07/2024/0002"
    assert evaluacion.serie.startswith("SPEN.02.07 Evaluación del desempeño (subserie de SPEN.02")
    assert evaluacion.seccion == "SPEN Servicio Profesional Electoral Nacional" and evaluacion.fondo == "IEP"
    assert (evaluacion.valores, evaluacion.vigencia_anios, evaluacion.clasificacion) == (
        "Administrativo, legal", 10, "Pública")
    # expedientes de personal: confidencial, and the carátula says so
    assert persona.datos_personales == 1
    assert persona.clasificacion.startswith("Confidencial (contiene datos personales). Fundamento: Artículo 116")
    assert "Confidencial (contiene datos personales)" in texto_docx(persona.carpeta(cat.raiz) / exps.CARATULA)
    # every serie of the example has a complete CADIDO; nothing is left to classify
    assert all(d.completa for d in cadido.lista(cat))
    assert clasificacion.revisar(cat) == []


TOML_ANTERIOR = TOML_PRUEBA.replace(
    'persona = "SPEN.01 Expedientes del personal del Servicio"',
    'persona = "SPEN.01 Personal del Servicio (nombre propio)"').replace(
    'mecanismo = "SPEN.03 Administración de riesgos"', 'mecanismo = "RIE.01 Riesgos institucionales"').replace(
    'sesion = "SPEN.04 Comisión de Seguimiento del Servicio"', 'sesion = "Sesiones de la Comisión"')


def test_un_archivo_anterior_conserva_su_clasificacion(tmp_path: Path) -> None:
    """Expedientes created before the cuadro lived in the catalog (classification from archivo.toml)."""
    raiz = iniciar_archivo(tmp_path / "anterior", toml=TOML_ANTERIOR)
    with Catalogo.abrir(raiz, "prueba") as cat:
        assert cuadro.vacio(cat)
        with cat.transaccion("datos anteriores") as tx:  # rows as the previous version wrote them
            tx.execute("INSERT INTO procedimientos (id, mecanismo, tipo, titulo, abierto, abierto_por) "
                       "VALUES (7, 'evaluacion-desempeno', 'evaluacion-desempeno', 'Evaluación 2022', "
                       "'2022-03-01', 'x')")
            for tipo, ref, numero, serie in (
                    ("persona", "SPEN-0009", "VIEJO/DEVySPE/SPEN.01/2022/0001",
                     "SPEN.01 Personal del Servicio (nombre propio)"),
                    ("procedimiento", "7", "VIEJO/DEVySPE/SPEN.02/2022/0001", "SPEN.02 Mecanismos del Servicio"),
                    ("mecanismo", "incentivos", "VIEJO/DEVySPE/RIE.01/2022/0001", "RIE.01 Riesgos institucionales"),
                    ("sesion", "1", "VIEJO/DEVySPE/SESIONES/2022/0001", "Sesiones de la Comisión")):
                tx.execute("INSERT INTO expedientes (tipo, referencia, numero, titulo, ruta, area, fondo, seccion, "
                           "serie, valores, vigencia_anios, clasificacion, fecha_apertura) VALUES (?, ?, ?, ?, ?, "
                           "'DEVySPE', 'VIEJO', 'Servicio Profesional Electoral Nacional', ?, 'Administrativo, "
                           "legal', 5, 'Pública', '2022-03-01')",
                           (tipo, ref, numero, f"Expediente {ref}", f"expedientes/x/{tipo}-{ref}", serie))
        clasificacion.preparar(cat)

        assert cuadro.fondo(cat).codigo == "VIEJO"  # the fondo its expedientes already carry
        assert cuadro.obtener(cat, "SPEN.01").nombre == "Personal del Servicio (nombre propio)"
        rie = cuadro.obtener(cat, "RIE.01")
        assert rie.nivel == "serie" and rie.padre == "RIE" and "mecanismo" in rie.asignaciones
        assert cuadro.obtener(cat, "RIE").nombre == "Servicio Profesional Electoral Nacional"
        por_tipo = {e.tipo: e for e in exps.lista(cat)}
        assert cuadro.por_id(cat, por_tipo["persona"].serie_id).codigo == "SPEN.01"
        # the procedure stays in its serie, in the subserie of its mecanismo
        assert cuadro.por_id(cat, por_tipo["procedimiento"].serie_id).codigo == "SPEN.02.07"
        assert cuadro.por_id(cat, por_tipo["mecanismo"].serie_id).codigo == "RIE.01"
        assert por_tipo["sesion"].serie_id is None and por_tipo["sesion"].serie == "Sin clasificar"
        assert por_tipo["persona"].numero == "VIEJO/DEVySPE/SPEN.01/2022/0001"  # numbers never change
        observaciones = {(o.tipo, o.referencia) for o in clasificacion.revisar(cat)}
        assert ("sin clasificar", "VIEJO/DEVySPE/SESIONES/2022/0001") in observaciones
        assert ("serie sin plazos", "RIE.01") in observaciones  # valued in years total only: never guessed
        assert ("tipo sin serie", "sesion") not in observaciones  # the example's sesion serie still applies
        evento = cat.uno("SELECT despues FROM historial WHERE accion = 'preparar cuadro de clasificación' "
                         "AND entidad = 'cuadro'")
        assert '"expedientes_clasificados": 3' in evento["despues"]
        assert '"expedientes_sin_clasificar": 1' in evento["despues"]


def test_cuadro_en_excel_ida_y_vuelta(cat: Catalogo, tmp_path: Path) -> None:
    riesgos = exps.por_id(cat, _expediente_mecanismo(cat))
    ruta = tmp_path / "cuadro.xlsx"
    assert clasificacion.exportar_cuadro(cat, ruta) == len(cuadro.lista(cat))
    libro = load_workbook(ruta)
    hoja = libro["Cuadro de clasificación"]
    filas = {f[1].value: f for f in hoja.iter_rows(min_row=4) if f[1].value}
    assert filas["SPEN.02.06"][6].value == "procedimiento:capacitacion, procedimiento:programa-formacion"
    filas["SPEN.03"][2].value = "Administración de riesgos institucionales"
    filas["SPEN.02.06"][6].value = "procedimiento:programa-formacion"
    hoja.append(["Subserie", "SPEN.02.11", "Capacitación complementaria", "SPEN.02", "Cursos y talleres.", "CSPE",
                 "procedimiento:capacitacion"])
    libro.save(ruta)

    r = clasificacion.importar_cuadro(cat, ruta)
    assert r.creados == ["SPEN.02.11"] and sorted(r.actualizados) == ["SPEN.02.06", "SPEN.03"]
    assert exps.por_id(cat, riesgos.id).serie == "SPEN.03 Administración de riesgos institucionales"
    nuevo = procedimiento(cat, "capacitacion", "Capacitación 2025", date(2025, 2, 3))
    assert cuadro.por_id(cat, nuevo.serie_id).codigo == "SPEN.02.11"
    assert ("serie sin plazos", "SPEN.02.11") in {(o.tipo, o.referencia) for o in clasificacion.revisar(cat)}


def _expediente_mecanismo(cat: Catalogo) -> int:
    with cat.transaccion("prueba") as tx:
        return exps.asegurar(tx, "mecanismo", "incentivos", "Administración de riesgos: Incentivos").id


def test_cuadro_con_errores_se_informan_todos_y_no_cambia_nada(cat: Catalogo, tmp_path: Path) -> None:
    ruta = tmp_path / "cuadro.xlsx"
    clasificacion.exportar_cuadro(cat, ruta)
    antes = [e.como_dict() for e in cuadro.lista(cat)]
    libro = load_workbook(ruta)
    hoja = libro["Cuadro de clasificación"]
    hoja.append(["Nivel raro", "X.1", "Serie", "SPEN", "", "", ""])
    hoja.append(["Serie", "SPEN.01", "Repetida", "SPEN", "", "", ""])
    hoja.append(["Serie", "SPEN.01", "Otra vez", "SPEN", "", "", ""])
    hoja.append(["Subserie", "SPEN.09.1", "Sin padre", "NO-EXISTE", "", "", ""])
    hoja.append(["Subserie", "SPEN.09.2", "Bajo una sección", "SPEN", "", "", ""])
    hoja.append(["Fondo", "OTRO", "Segundo fondo", "", "", "", ""])
    hoja.append(["Serie", "SPEN.09", "Asignación mala", "SPEN", "", "XX", "oficina:algo"])
    hoja.append(["Serie", "código con espacios", "", "SPEN", "", "", ""])
    libro.save(ruta)
    with pytest.raises(EntradaInvalida) as e:
        clasificacion.importar_cuadro(cat, ruta)
    textos = [str(p) for p in e.value.problemas]
    esperados = ["«Nivel raro» no es un nivel", "el código SPEN.01 está repetido", "no existe «NO-EXISTE»",
                 "una subserie va dentro de una serie", "el cuadro tiene un solo fondo", "«oficina:algo» no es una",
                 "el área «XX» no está en archivo.toml", "no es un código válido", "falta el nombre"]
    for esperado in esperados:
        assert any(esperado in t for t in textos), (esperado, textos)
    assert all("fila" in p.lugar for p in e.value.problemas)
    assert any("columna A («Nivel»)" in p.lugar for p in e.value.problemas)
    assert [x.como_dict() for x in cuadro.lista(cat)] == antes


def test_cadido_editar_actualiza_expedientes_y_caratulas(cat: Catalogo) -> None:
    exp = procedimiento(cat, "incentivos", "Incentivos 2023", date(2024, 3, 1))
    d = clasificacion.editar_cadido(cat, "SPEN.02.09", plazo_tramite="4", plazo_concentracion=8,
                                    valores="administrativo, legal", acceso="reservada",
                                    fundamento="Artículo 113, fracción IX", plazo_reserva="2")
    assert (d.vigencia, d.acceso_texto) == (12, "Reservada por 2 años")
    actual = exps.por_id(cat, exp.id)
    assert actual.vigencia_anios == 12 and actual.valores == "Administrativo, legal"
    assert actual.clasificacion == "Reservada por 2 años. Fundamento: Artículo 113, fracción IX"
    caratula = texto_docx(actual.carpeta(cat.raiz) / exps.CARATULA)
    assert "12 años" in caratula and "Reservada por 2 años" in caratula
    # changing the access of a reservada serie drops its plazo de reserva
    d = clasificacion.editar_cadido(cat, "SPEN.02.09", acceso="pública")
    assert d.acceso == "publica" and d.plazo_reserva is None


def test_cadido_con_errores_se_informan_todos(cat: Catalogo) -> None:
    with pytest.raises(EntradaInvalida) as e:
        clasificacion.editar_cadido(cat, "SPEN.03", plazo_tramite="tres", plazo_concentracion="-1",
                                    destino="quemar", valores="moral", acceso="confidencial", plazo_reserva="2")
    textos = [str(p) for p in e.value.problemas]
    for esperado in ("--tramite: «tres» no es un número", "--concentracion: -1 no es un plazo",
                     "--destino: «quemar» no es un destino", "--valores: «moral» no es un valor",
                     "--fundamento: la información confidencial necesita su fundamento",
                     "--reserva: la información confidencial no tiene plazo de reserva"):
        assert any(esperado in t for t in textos), (esperado, textos)
    assert cadido.obtener(cat, "SPEN.03").vigencia == 5  # unchanged


def test_cadido_en_excel_sin_plazos_y_demas_errores(cat: Catalogo, tmp_path: Path) -> None:
    ruta = tmp_path / "cadido.xlsx"
    clasificacion.exportar_cadido(cat, ruta)
    antes = [d.como_dict() for d in cadido.lista(cat)]
    libro = load_workbook(ruta)
    hoja = libro["CADIDO"]
    filas = {f[0].value: f for f in hoja.iter_rows(min_row=4) if f[0].value}
    filas["SPEN.03"][5].value = None   # trámite
    filas["SPEN.03"][6].value = None   # concentración
    filas["SPEN.04"][9].value = "Reservada"
    filas["SPEN.04"][11].value = None
    filas["SPEN.01"][11].value = 3  # a plazo de reserva on confidential information
    filas["SPEN.05"][2].value = filas["SPEN.05"][3].value = None  # no valores
    hoja.append(["NO.EXISTE", "Serie fantasma", "X", "", "", 1, 1, "", "Baja documental", "Pública"])
    hoja.append(["SPEN", "Una sección", "X", "", "", 1, 1, "", "Baja documental", "Pública"])
    libro.save(ruta)
    with pytest.raises(EntradaInvalida) as e:
        clasificacion.importar_cadido(cat, ruta)
    textos = [str(p) for p in e.value.problemas]
    for esperado in ("falta el plazo de conservación en el archivo de trámite",
                     "falta el plazo de conservación en el archivo de concentración",
                     "la información reservada necesita su fundamento", "falta el plazo de reserva",
                     "la información confidencial no tiene plazo de reserva", "falta al menos un valor documental",
                     "la serie NO.EXISTE no existe en el cuadro", "SPEN es sección"):
        assert any(esperado in t for t in textos), (esperado, textos)
    assert any("columna F («Trámite (años)»)" in p.lugar for p in e.value.problemas)
    assert [d.como_dict() for d in cadido.lista(cat)] == antes

    # the same workbook, corrected, imports; series not in it keep their CADIDO
    libro = load_workbook(ruta)
    hoja = libro["CADIDO"]
    for fila in list(hoja.iter_rows(min_row=4)):
        if fila[0].value in ("NO.EXISTE", "SPEN"):
            hoja.delete_rows(fila[0].row)
    filas = {f[0].value: f for f in hoja.iter_rows(min_row=4) if f[0].value}
    filas["SPEN.03"][5].value, filas["SPEN.03"][6].value = 1, 4
    filas["SPEN.04"][10].value, filas["SPEN.04"][11].value = "Artículo 113, fracción VIII", 5
    filas["SPEN.01"][11].value = None
    filas["SPEN.05"][2].value = "X"
    hoja.delete_rows(filas["AR.01"][0].row)
    libro.save(ruta)
    r = clasificacion.importar_cadido(cat, ruta)
    assert sorted(r.actualizadas) == ["SPEN.03", "SPEN.04", "SPEN.05"] and r.sin_renglon == ["AR.01"]
    assert cadido.obtener(cat, "SPEN.03").vigencia_texto == "AT 1 + AC 4 = 5 años"
    assert cadido.obtener(cat, "AR.01").completa


def test_editar_y_dar_de_baja_entradas(cat: Catalogo) -> None:
    exp = procedimiento(cat, "incentivos", "Incentivos 2023", date(2024, 3, 1))
    nueva = clasificacion.agregar_entrada(cat, nivel="serie", codigo="SPEN.07", nombre="Estadística del Servicio",
                                          padre="SPEN", asignaciones=["mecanismo:estadistica"])
    assert nueva.padre == "SPEN" and nueva.asignaciones == ["mecanismo:estadistica"]
    with pytest.raises(EntradaInvalida, match="ya existe SPEN.07"):
        clasificacion.agregar_entrada(cat, nivel="serie", codigo="SPEN.07", nombre="Otra", padre="SPEN")
    with pytest.raises(EntradaInvalida) as e:
        clasificacion.editar_entrada(cat, "SPEN.07", asignar=["persona"], quitar=["sesion"])
    textos = [str(p) for p in e.value.problemas]
    assert any("la asignación «persona» es de SPEN.01" in t for t in textos)
    assert any("SPEN.07 no tiene la asignación «sesion»" in t for t in textos)
    clasificacion.editar_entrada(cat, "SPEN.02.09", nombre="Incentivos al personal del Servicio")
    assert exps.por_id(cat, exp.id).serie.startswith("SPEN.02.09 Incentivos al personal del Servicio")
    with pytest.raises(EntradaInvalida) as e:
        clasificacion.quitar_entrada(cat, "SPEN.02.09")
    assert "clasifica 1 expediente(s)" in str(e.value)
    with pytest.raises(EntradaInvalida, match="tiene 10 entrada"):
        clasificacion.quitar_entrada(cat, "SPEN.02")
    clasificacion.quitar_entrada(cat, "SPEN.07")
    assert cuadro.buscar(cat, "SPEN.07") is None
    # reclassify by hand
    with cat.transaccion("clasificar") as tx:
        clasificacion.clasificar_en(tx, exp.id, "SPEN.02.08")
    assert exps.por_id(cat, exp.id).serie.startswith("SPEN.02.08 Titularidad")
    with cat.transaccion("clasificar") as tx, pytest.raises(EntradaInvalida, match="es sección"):
        clasificacion.clasificar_en(tx, exp.id, "SPEN")
