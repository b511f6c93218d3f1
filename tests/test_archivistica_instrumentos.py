"""The instruments issued with folio as Word and Excel: each is opened and its rows checked against the catalog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import cadido, cuadro, instrumentos, transferencias, vida
from archivo.archivistica import expedientes as exps
from archivo.archivistica.integridad import verificar
from archivo.archivistica.transferencias import Traslado
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.errors import EntradaInvalida
from archivo.base.formato import fecha_corta
from archivo.plantillas import estado as estado_plantillas
from tests.conftest import TOML_PRUEBA
from tests.utilidades import PADRON_CSV, instalar_plantilla_prueba
from tests.utilidades_archivistica import ENCABEZADOS, filas_xlsx, procedimiento, tabla_docx, texto_docx


@pytest.fixture
def sin_libreoffice(monkeypatch, tmp_path: Path) -> None:
    """Word pages stay «por contar» (keeps these tests fast; counting is tested with LibreOffice below)."""
    monkeypatch.setenv("PATH", str(tmp_path / "sin-programas"))
    monkeypatch.delenv("ARCHIVO_SOFFICE", raising=False)


def _esperado(cat: Catalogo, exp: exps.Expediente, n: int, paginas: int) -> list[str]:
    """An inventory row as the catalog says it should read."""
    e = exps.por_id(cat, exp.id)
    d = cadido.de_serie(cat, e.serie_id)
    docs = exps.documentos_de(cat, e)
    extremas = f"{fecha_corta(min(x['fecha'] for x in docs))} – {fecha_corta(max(x['fecha'] for x in docs))}"
    return [str(n), cuadro.por_id(cat, e.serie_id).codigo, e.numero, e.titulo, extremas, str(paginas),
            d.valores_abreviados, d.vigencia_texto, e.ubicacion]


def test_inventario_de_transferencia_primaria(cat: Catalogo, sin_libreoffice) -> None:
    a = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27), paginas=3)
    b = procedimiento(cat, "concurso-publico", "Concurso 2015", date(2015, 6, 1), date(2016, 3, 31), paginas=5)
    mov = transferencias.transferir(cat, [Traslado(a.numero, "1", "A-1"), Traslado(b.numero, "2", "A-1")],
                                    fecha=date(2019, 1, 15), motivo="Falta de espacio", recibe="Lic. Marcela Soto")
    inst = mov.instrumento
    assert (inst.tipo, inst.folio, inst.expedientes) == ("primaria", "IEP/DEVySPE/IA-001/2019", 2)
    docx = cat.raiz.absoluta(inst.ruta)
    xlsx = cat.raiz.absoluta(inst.ruta_xlsx)
    assert docx.with_suffix(".xlsx") == xlsx and docx.parent.name == "gestion-documental"

    filas = tabla_docx(docx)
    assert [f[:9] for f in filas] == [_esperado(cat, a, 1, 3), _esperado(cat, b, 2, 5)]
    assert filas[0][8] == "Archivo de concentración, caja 1, estante A-1"
    assert filas[0][9] == "Pública" and filas[1][9] == "Pública; Transferencia anticipada: Falta de espacio"
    texto = texto_docx(docx)
    for parte in ("INVENTARIO DE TRANSFERENCIA PRIMARIA", "No. IEP/DEVySPE/IA-001/2019", "15 de enero de 2019",
                  "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral (DEVySPE)",
                  "caja 1, estante A-1; caja 2, estante A-1", "2 expediente(s), 8 foja(s)", "Lic. Marcela Soto",
                  "IEP Instituto Electoral de Prueba"):
        assert parte in texto, parte

    titulo, tabla, notas = filas_xlsx(xlsx)
    assert titulo[:4] == ["Instituto Electoral de Prueba", "Inventario de transferencia primaria",
                          "No. IEP/DEVySPE/IA-001/2019",
                          "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral (DEVySPE)"]
    assert tabla[0] == ENCABEZADOS
    assert [[str(v) for v in f] for f in tabla[1:]] == filas
    assert notas == []
    # issued like any document: folio, SHA-256 of both files, nothing unaccounted for
    assert [i.folio for i in instrumentos.lista(cat)] == ["IEP/DEVySPE/IA-001/2019"]
    assert verificar(cat) == []


def test_inventario_general_y_guia(cat: Catalogo, tmp_path: Path, sin_libreoffice) -> None:
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    a = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27), paginas=3)
    b = procedimiento(cat, "incentivos", "Incentivos 2023", date(2024, 3, 1), paginas=2)
    transferencias.transferir(cat, [Traslado(a.numero, "1", "A-1")], fecha=date(2019, 1, 15))
    hoy = date.today()  # the padrón's expedientes open today
    vida.prestar(cat, b.numero, solicitante="Ana Pérez", area="CSPE", devolucion=hoy, fecha=date(2024, 12, 2))
    inst = instrumentos.inventario_general(cat, "DEVySPE")
    docx = cat.raiz.absoluta(inst.ruta)
    filas = tabla_docx(docx)
    esperados = instrumentos.ordenar(cat, [e for e in exps.lista(cat) if e.area == "DEVySPE" and e.fase != "baja"])
    assert [f[2] for f in filas] == [e.numero for e in esperados]
    assert [f[0] for f in filas] == [str(i) for i in range(1, len(esperados) + 1)]
    por_numero = {f[2]: f for f in filas}
    assert por_numero[a.numero][:9] == _esperado(cat, a, int(por_numero[a.numero][0]), 3)
    assert por_numero[b.numero][9] == ("Pública; Expediente abierto; En préstamo a Ana Pérez (CSPE) desde el "
                                       "02/12/2024")
    persona = exps.obtener(cat, "persona", "SPEN-0001")
    assert por_numero[persona.numero][1] == "SPEN.01"
    assert por_numero[persona.numero][9].startswith("Confidencial: contiene datos personales")
    texto = texto_docx(docx)
    assert "contienen datos personales" in texto and "INVENTARIO GENERAL DE EXPEDIENTES" in texto
    titulo, tabla, notas = filas_xlsx(cat.raiz.absoluta(inst.ruta_xlsx))
    assert [[str(v) for v in f] for f in tabla[1:]] == filas
    assert notas and "contienen datos personales" in notas[0]

    guia = instrumentos.guia(cat)
    filas = tabla_docx(cat.raiz.absoluta(guia.ruta), "Código")
    codigos = [f[0] for f in filas]
    con_expedientes = sorted({cuadro.por_id(cat, e.serie_id).codigo for e in exps.lista(cat) if e.fase != "baja"},
                             key=cuadro.clave_natural)
    assert codigos == con_expedientes
    incentivos = next(f for f in filas if f[0] == "SPEN.02.09")
    assert incentivos[1] == "Incentivos" and incentivos[3] == "2 expediente(s); 5 foja(s)"
    assert incentivos[4] == "2015 – 2024"
    assert incentivos[5] == "Archivo de trámite (1); Archivo de concentración (1): caja 1"
    assert incentivos[6] == "Coordinación del Servicio Profesional Electoral (CSPE)"
    personal_ = next(f for f in filas if f[0] == "SPEN.01")
    assert personal_[3].startswith("3 expediente(s)")
    _, tabla, _ = filas_xlsx(cat.raiz.absoluta(guia.ruta_xlsx), "Código")
    assert [[str(v) for v in f] for f in tabla[1:]] == filas


def test_baja_con_dictamen_inventario_y_acta(cat: Catalogo, sin_libreoffice) -> None:
    a = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27), paginas=4)
    transferencias.transferir(cat, [Traslado(a.numero, "1", "A-1")], fecha=date(2019, 1, 15))
    mov = transferencias.dar_de_baja(cat, [a.numero], fecha=date(2026, 1, 20), responsable="Lic. Marcela Soto")
    docx = cat.raiz.absoluta(mov.instrumento.ruta)
    texto = texto_docx(docx)
    for parte in ("DICTAMEN DE BAJA DOCUMENTAL", "CONSIDERANDOS", "INVENTARIO DE BAJA DOCUMENTAL",
                  "ACTA DE BAJA DOCUMENTAL", "la serie SPEN.02.09 Incentivos tienen valores administrativo, legal, "
                  "fiscal o contable y una vigencia de 10 años (3 en el archivo de trámite y 7 en el de "
                  "concentración)", "20 de enero de 2026", "1 expediente(s), con 4 foja(s)",
                  "ÓRGANO INTERNO DE CONTROL", "Lic. Marcela Soto", "trituración del papel"):
        assert parte in texto, parte
    filas = tabla_docx(docx)
    # where it was when it was given de baja
    assert filas[0][:9] == _esperado(cat, a, 1, 4)[:8] + ["Archivo de concentración, caja 1, estante A-1"]
    assert exps.por_id(cat, a.id).ubicacion == "Dado de baja, caja 1, estante A-1"
    _, tabla, _ = filas_xlsx(cat.raiz.absoluta(mov.instrumento.ruta_xlsx))
    assert [[str(v) for v in f] for f in tabla[1:]] == filas


def test_generar_rechaza_las_plantillas_de_instrumentos(cat: Catalogo) -> None:
    proc = procs.abrir(cat, "incentivos", "Incentivos 2024")
    with pytest.raises(EntradaInvalida, match="es un instrumento archivístico"):
        generacion.generar(cat, "inventario-general", procedimiento_id=proc.id, datos={})


def test_sin_folio_de_instrumentos_dice_que_agregar(tmp_path: Path) -> None:
    toml = TOML_PRUEBA.replace('instrumento-archivistico = "{siglas}/{area}/IA-{consecutivo:03d}/{anio}"\n', "")
    raiz = iniciar_archivo(tmp_path / "a", toml=toml)
    with Catalogo.abrir(raiz, "prueba") as cat:
        exp = procedimiento(cat, "incentivos", "Incentivos 2014", date(2015, 3, 2), date(2015, 11, 27))
        with pytest.raises(EntradaInvalida) as e:
            transferencias.transferir(cat, [Traslado(exp.numero, "1", "A")], fecha=date(2019, 1, 15))
        assert 'instrumento-archivistico = "{siglas}/{area}/IA-{consecutivo:03d}/{anio}"' in str(e.value)
        assert exps.por_id(cat, exp.id).fase == "tramite"


def test_la_oficina_edita_la_plantilla(cat: Catalogo, sin_libreoffice) -> None:
    (ruta,) = estado_plantillas.copiar(cat, "inventario-general")  # the archive's own copy, to edit in Word
    doc = Document(ruta)
    doc.add_paragraph("Revisó: Archivo de Concentración del {{ institucion.siglas }}.")
    doc.save(ruta)
    procedimiento(cat, "incentivos", "Incentivos 2024", date(2024, 3, 1))
    inst = instrumentos.inventario_general(cat, "DEVySPE", fecha=date(2026, 1, 5))
    assert "Revisó: Archivo de Concentración del IEP." in texto_docx(cat.raiz.absoluta(inst.ruta))
    doc.add_paragraph("{{ dato_inventado }}")
    doc.save(ruta)
    antes = cat.uno("SELECT COUNT(*) FROM documentos")[0]
    with pytest.raises(EntradaInvalida, match="usa variables que su esquema no declara: dato_inventado"):
        instrumentos.inventario_general(cat, "DEVySPE", fecha=date(2026, 1, 6))
    assert cat.uno("SELECT COUNT(*) FROM documentos")[0] == antes
    # without its own copy the archive uses the shipped template
    ruta.unlink()
    assert instrumentos.inventario_general(cat, "DEVySPE", fecha=date(2026, 1, 7)).folio == "IEP/DEVySPE/IA-002/2026"


@pytest.mark.libreoffice
def test_las_fojas_de_word_se_cuentan_al_emitir(cat: Catalogo, tmp_path: Path, soffice: str) -> None:
    instalar_plantilla_prueba(cat.raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    proc = procs.abrir(cat, "incentivos", "Incentivos 2018", fecha=date(2018, 3, 1))
    generacion.generar(cat, "oficio-prueba", procedimiento_id=proc.id, fecha=date(2018, 6, 1),
                       datos={"asunto": "Aviso", "destinatario": "SPEN-0001", "cuerpo": "Texto."})
    exp = exps.por_id(cat, proc.expediente_id)
    with cat.transaccion("prueba") as tx:  # closed without counting, as an archive that had no LibreOffice
        tx.execute("UPDATE expedientes SET estado = 'cerrado', fecha_cierre = '2018-12-14' WHERE id = ?", (exp.id,))
    mov = transferencias.transferir(cat, [Traslado(exp.numero, "1", "A")], fecha=date(2022, 1, 10))
    filas = tabla_docx(cat.raiz.absoluta(mov.instrumento.ruta))
    assert filas[0][5] == "1"  # the oficio's page, counted with LibreOffice before issuing
