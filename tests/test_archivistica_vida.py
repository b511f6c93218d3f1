"""The life of an expediente: closing, what is due by the CADIDO's plazos across years, transfers, bajas and
préstamos, with every problem reported at once and nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest

from archivo.archivistica import clasificacion, documentos, instrumentos, transferencias, vida
from archivo.archivistica import expedientes as exps
from archivo.archivistica.transferencias import Traslado
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida
from tests.utilidades_archivistica import archivar_pdf, procedimiento


def _cuenta(cat: Catalogo) -> tuple[int, int, int, int]:
    return tuple(cat.uno(f"SELECT COUNT(*) FROM {t}")[0] for t in ("documentos", "archivos", "movimientos",
                                                                  "instrumentos"))


def test_cerrar_con_documentos_posteriores_los_lista_todos(cat: Catalogo) -> None:
    exp = procedimiento(cat, "incentivos", "Incentivos 2023", date(2024, 3, 1))
    archivar_pdf(cat, exp, date(2024, 5, 2), 1, "Segundo")
    archivar_pdf(cat, exp, date(2024, 6, 3), 1, "Tercero")
    with pytest.raises(EntradaInvalida) as e:
        exps.cerrar(cat, exp.id, date(2024, 4, 30))
    assert "ciérrelo el 2024-06-03 o después" in e.value.mensaje
    assert [p.mensaje for p in e.value.problemas] == [
        "está fechado el 2024-05-02, después de la fecha de cierre 2024-04-30",
        "está fechado el 2024-06-03, después de la fecha de cierre 2024-04-30"]
    assert exps.por_id(cat, exp.id).estado == "abierto"
    assert exps.cerrar(cat, exp.id, date(2024, 6, 3)).fecha_cierre == "2024-06-03"


def test_pendientes_por_fecha_a_lo_largo_de_los_anios(cat: Catalogo) -> None:
    # SPEN.02.09 incentivos: 3 + 7 (baja); SPEN.02.04 encargos: 2 + 5 (baja); SPEN.02.01 concurso: 3 + 7
    incentivos = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
    encargos = procedimiento(cat, "encargos-despacho", "Encargos 2019", date(2019, 3, 1), date(2019, 12, 15))
    concurso = procedimiento(cat, "concurso-publico", "Concurso 2020", date(2020, 6, 1), date(2021, 3, 31))
    procedimiento(cat, "incentivos", "Incentivos 2024", date(2024, 3, 1))  # open: never due

    assert vida.pendientes(cat, "2018-11-26") == []
    al_2018 = vida.pendientes(cat, "2018-11-27")
    assert [(p.fecha, p.accion, p.numero) for p in al_2018] == [(date(2018, 11, 27), "primaria", incentivos.numero)]
    todos = vida.pendientes(cat, "2040-01-01")
    assert [(p.fecha, p.accion, p.numero) for p in todos] == [
        (date(2018, 11, 27), "primaria", incentivos.numero),
        (date(2021, 12, 15), "primaria", encargos.numero),
        (date(2024, 3, 31), "primaria", concurso.numero)]
    assert todos[0].detalle == "Cerrado el 27/11/2015; 3 año(s) en trámite" and todos[0].serie == "SPEN.02.09"

    transferencias.transferir(cat, [Traslado(incentivos.numero, "1", "A"), Traslado(encargos.numero, "1", "A")],
                              fecha=date(2022, 1, 10))
    vida.prestar(cat, concurso.numero, solicitante="Ana Pérez", area="CSPE", fecha="2024-01-08",
                 devolucion="2024-01-22")
    todos = vida.pendientes(cat, "2040-01-01")
    assert [(p.fecha, p.accion, p.numero) for p in todos] == [
        (date(2024, 1, 22), "devolucion", concurso.numero),
        (date(2024, 3, 31), "primaria", concurso.numero),
        (date(2025, 11, 27), "baja", incentivos.numero),       # 2015 + 3 + 7
        (date(2026, 12, 15), "baja", encargos.numero)]         # 2019 + 2 + 5
    assert todos[2].detalle == "Vigencia de 10 años cumplida; caja 1, estante A"
    assert [p.accion for p in vida.pendientes(cat, "2025-12-31")] == ["devolucion", "primaria", "baja"]

    # an expediente without serie, and a closed one whose serie has no plazos, are listed too
    with cat.transaccion("prueba") as tx:
        suelto = exps.asegurar(tx, "mecanismo", "sin-serie", "Expediente sin serie", fecha=date(2023, 2, 1))
        tx.execute("UPDATE expedientes SET serie_id = NULL WHERE id = ?", (suelto.id,))
    clasificacion.agregar_entrada(cat, nivel="subserie", codigo="SPEN.02.11", nombre="Nueva", padre="SPEN.02",
                                  asignaciones=["procedimiento:capacitacion"])
    sin_plazos = procedimiento(cat, "capacitacion", "Capacitación 2022", date(2022, 2, 1), date(2022, 11, 30))
    acciones = {(p.accion, p.numero) for p in vida.pendientes(cat, "2023-12-31")}
    assert ("clasificar", suelto.numero) in acciones and ("valorar", sin_plazos.numero) in acciones


def test_transferencia_con_problemas_no_cambia_nada(cat: Catalogo) -> None:
    abierto = procedimiento(cat, "incentivos", "Incentivos abierto", date(2015, 3, 2))
    reciente = procedimiento(cat, "incentivos", "Incentivos 2024", date(2024, 3, 1), date(2024, 11, 29))
    prestado = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
    vida.prestar(cat, prestado.numero, solicitante="Luis Ruiz", area="CSPE", fecha="2026-01-05",
                 devolucion="2026-01-20")
    antes = _cuenta(cat)
    with pytest.raises(EntradaInvalida) as e:
        transferencias.transferir(cat, [Traslado(abierto.numero, "1", "A"), Traslado(reciente.numero, "1", ""),
                                        Traslado(prestado.numero, "1", "A"), Traslado("IEP/NO/EXISTE/1", "1", "A")],
                                  fecha=date(2026, 2, 2))
    textos = [str(p) for p in e.value.problemas]
    for esperado in (f"{abierto.numero}: está abierto", f"{reciente.numero}: falta el estante",
                     f"{reciente.numero}: su plazo en el archivo de trámite termina el 29 de noviembre de 2027",
                     f"{prestado.numero}: está prestado a Luis Ruiz (CSPE)",
                     "IEP/NO/EXISTE/1: No existe el expediente con número"):
        assert any(t.startswith(esperado) for t in textos), (esperado, textos)
    assert _cuenta(cat) == antes  # no folio used, no file, no movement
    assert {exps.por_id(cat, x.id).fase for x in (abierto, reciente, prestado)} == {"tramite"}


def test_transferencia_anticipada_con_motivo_y_ubicacion(cat: Catalogo) -> None:
    reciente = procedimiento(cat, "incentivos", "Incentivos 2024", date(2024, 3, 1), date(2024, 11, 29))
    mov = transferencias.transferir(cat, [Traslado(reciente.numero, "7", "B")],
                                    fecha=date(2025, 1, 15), motivo="Remodelación de la oficina")
    assert mov.anticipados == [reciente.numero] and mov.instrumento.folio == "IEP/DEVySPE/IA-001/2025"
    fila = cat.uno("SELECT caja, estante, anticipada, motivo FROM movimiento_expedientes")
    assert tuple(fila) == ("7", "B", 1, "Remodelación de la oficina")
    cambio = cat.uno("SELECT despues FROM historial WHERE accion = 'transferencia primaria' AND clave = ?",
                     (reciente.numero,))
    assert "Remodelación de la oficina" in cambio["despues"]
    exp = exps.por_id(cat, reciente.id)
    assert (exp.fase, exp.ubicacion, exp.fecha_fase) == (
        "concentracion", "Archivo de concentración, caja 7, estante B", "2025-01-15")
    # a transferred expediente accepts no documents, and says where it is
    with pytest.raises(ArchivoError, match="Archivo de concentración, caja 7, estante B desde el 2025-01-15"):
        archivar_pdf(cat, exp, date(2025, 2, 1), 1)
    ficha = vida.ficha(cat, exp.numero)
    assert ficha.movimientos[0]["inventario"] == mov.instrumento.folio
    assert ficha.siguiente == "Baja documental a partir del 29 de noviembre de 2034"
    # the same expediente cannot be transferred twice, nor before its closing date
    with pytest.raises(EntradaInvalida, match="la transferencia primaria es de expedientes del archivo de trámite"):
        transferencias.transferir(cat, [Traslado(reciente.numero, "1", "A")], fecha=date(2025, 2, 1))
    otro = procedimiento(cat, "incentivos", "Incentivos 2025", date(2025, 3, 1), date(2025, 6, 30))
    with pytest.raises(EntradaInvalida, match="es anterior a su cierre"):
        transferencias.transferir(cat, [Traslado(otro.numero, "1", "A")], fecha=date(2025, 5, 1), motivo="x")


def test_baja_y_transferencia_secundaria_segun_el_cadido(cat: Catalogo) -> None:
    incentivos = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
    historico = procedimiento(cat, "incentivos", "Incentivos 2013", date(2014, 3, 3), date(2014, 11, 28))
    concurso = procedimiento(cat, "concurso-publico", "Concurso 2015", date(2015, 6, 1), date(2015, 12, 18))
    otro = procedimiento(cat, "incentivos", "Incentivos 2012", date(2013, 3, 4), date(2013, 11, 29))
    documento = exps.documentos_de(cat, historico)[0]
    vida.marcar_valor_historico(cat, f"#{documento['id']}", "Primer programa de incentivos")
    transferencias.transferir(cat, [Traslado(x.numero, "4", "C") for x in (incentivos, historico, concurso, otro)],
                              fecha=date(2019, 1, 15))
    antes = _cuenta(cat)
    with pytest.raises(EntradaInvalida) as e:
        transferencias.dar_de_baja(cat, [incentivos.numero, historico.numero, concurso.numero],
                                   fecha=date(2025, 6, 1))
    textos = [str(p) for p in e.value.problemas]
    for esperado in (f"{incentivos.numero}: su vigencia documental termina el 27 de noviembre de 2025",
                     f"{historico.numero}: el documento #{documento['id']} tiene valor histórico",
                     f"{concurso.numero}: la serie SPEN.02.01 es de conservación permanente"):
        assert any(t.startswith(esperado) for t in textos), (esperado, textos)
    assert _cuenta(cat) == antes

    baja = transferencias.dar_de_baja(cat, [incentivos.numero], fecha=date(2026, 1, 20))
    assert exps.por_id(cat, incentivos.id).fase == "baja" and baja.instrumento.tipo == "baja"
    with pytest.raises(ArchivoError, match="Dado de baja"):
        archivar_pdf(cat, exps.por_id(cat, incentivos.id), date(2026, 2, 1), 1)
    with pytest.raises(EntradaInvalida, match="fue dado de baja el 2026-01-20"):
        vida.prestar(cat, incentivos.numero, solicitante="X", area="CSPE", devolucion="2026-03-01",
                     fecha="2026-02-01")

    # secundaria: conservación series and documents of historical value go; a baja serie does not
    with pytest.raises(EntradaInvalida, match="el destino final de la serie SPEN.02.09 es la baja documental"):
        transferencias.transferir(cat, [Traslado(otro.numero, "H", "1")], secundaria=True)
    sec = transferencias.transferir(cat, [Traslado(historico.numero, "H-1", "1"), Traslado(concurso.numero, "H-1", "1")],
                                    secundaria=True, fecha=date(2026, 1, 21))
    assert sec.anticipados == [] and sec.instrumento.tipo == "secundaria"
    assert {exps.por_id(cat, x.id).fase for x in (historico, concurso)} == {"historico"}
    assert vida.ficha(cat, concurso.numero).siguiente == "Conservación permanente en el archivo histórico"


def test_prestamos_y_su_devolucion(cat: Catalogo) -> None:
    exp = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
    with pytest.raises(EntradaInvalida) as e:
        vida.prestar(cat, exp.numero, solicitante=" ", area="NADA", devolucion="2026-01-01", fecha="2026-02-01")
    textos = [str(p) for p in e.value.problemas]
    assert any("falta el nombre de quien recibe" in t for t in textos)
    assert any("el área «NADA» no está en archivo.toml" in t for t in textos)
    assert any("es anterior al préstamo" in t for t in textos)
    p = vida.prestar(cat, exp.numero, solicitante="Ana Pérez", area="CSPE", devolucion="2026-02-15",
                     fecha="2026-02-01", motivo="Consulta")
    assert (p.estado, p.vencido(date(2026, 2, 16)), p.vencido(date(2026, 2, 15))) == ("prestado", True, False)
    with pytest.raises(EntradaInvalida, match="está prestado a Ana Pérez"):
        vida.prestar(cat, exp.numero, solicitante="Otra", area="CSPE", devolucion="2026-03-01", fecha="2026-02-02")
    with pytest.raises(EntradaInvalida, match="es anterior al préstamo"):
        vida.devolver(cat, exp.numero, fecha="2026-01-31")
    d = vida.devolver(cat, exp.numero, fecha="2026-02-10", observaciones="Completo")
    assert (d.devuelto, d.recibido_por, d.observaciones) == ("2026-02-10", "prueba", "Completo")
    with pytest.raises(ArchivoError, match="no está prestado"):
        vida.devolver(cat, exp.numero)
    assert [x.estado for x in vida.prestamos(cat)] == ["devuelto el 10/02/2026"]
    assert vida.prestamos(cat, pendientes=True) == []
    # the instruments say it while it is lent
    vida.prestar(cat, exp.numero, solicitante="Luis Ruiz", area="CSPE", devolucion="2026-03-20", fecha="2026-03-02")
    conteo = instrumentos.contar_fojas(cat, [exp])
    fila = instrumentos.fila_inventario(cat, exp, 1, conteo[exp.id])
    assert "En préstamo a Luis Ruiz (CSPE) desde el 02/03/2026" in fila.datos["observaciones"]


def test_documento_de_otro_expediente_no_cuenta_como_valor_historico(cat: Catalogo) -> None:
    a = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
    b = procedimiento(cat, "incentivos", "Incentivos 2013", date(2014, 3, 3), date(2014, 11, 28))
    doc = documentos.obtener(cat, f"#{exps.documentos_de(cat, b)[0]['id']}")
    vida.marcar_valor_historico(cat, f"#{doc.id}", "Muestra")
    with pytest.raises(ArchivoError, match="ya tiene valor histórico"):
        vida.marcar_valor_historico(cat, f"#{doc.id}", "Otra vez")
    with pytest.raises(EntradaInvalida, match="--motivo"):
        vida.marcar_valor_historico(cat, f"#{doc.id}", " ")
    assert vida.valor_historico(cat, a) == [] and len(vida.valor_historico(cat, b)) == 1
