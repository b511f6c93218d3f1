"""Generating documents from a real Word template: strict data, folios, filing, borradores, batches."""

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import documentos
from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.fsutil import sha256_file
from archivo.base.raiz import Raiz
from tests.utilidades import ESQUEMA_PRUEBA, PADRON_CSV, instalar_plantilla_prueba, texto_docx


@pytest.fixture
def listo(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Catalogo:
    instalar_plantilla_prueba(raiz.plantillas)
    f = tmp_path / "padron.csv"
    f.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, f)
    procs.abrir(cat, "concurso-publico", "Concurso Público 2025", personas=["SPEN-0001"])
    return cat


DATOS = {"asunto": "Notificación de resultados", "destinatario": "SPEN-0001",
         "cuerpo": "Se le notifica el resultado.", "fecha_limite": "15/07/2025", "monto": "12345.6",
         "copias": ["Archivo", "Minutario"], "calificaciones": [{"factor": "Metas", "valor": 9.5},
                                                               {"factor": "Competencias", "valor": "8.25"}]}


def test_emitir_llena_los_datos_en_su_lugar(raiz: Raiz, listo: Catalogo) -> None:
    doc = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, fecha=date(2025, 6, 17))
    assert doc.folio == "IEP/DEVySPE/001/2025" and doc.estado == "emitido"
    texto = texto_docx(doc.archivo(raiz))
    assert "Oficio No. IEP/DEVySPE/001/2025" in texto
    assert "Ciudad Prueba, Estado de Prueba, a 17 de junio de 2025." in texto
    assert "ANA LAURA PÉREZ RUIZ" in texto
    assert "Técnica de Organización Electoral (Dirección Ejecutiva de Organización Electoral)" in texto
    assert "Plazo: 15 de julio de 2025." in texto
    assert "Monto: $12,345.60 (doce mil trescientos cuarenta y cinco pesos 60/100 M.N.)" in texto
    assert "Metas\n9.500" in texto and "Competencias\n8.250" in texto
    assert "c.c.p. Archivo" in texto and "c.c.p. Minutario" in texto
    assert "Mtra. Ana Prueba Ejemplo" in texto
    # the membrete: the institution and the issuing área in the header, the domicile and page in the footer
    assert "Instituto Electoral de Prueba\nDirección Ejecutiva de Vinculación" in texto
    assert "Av. Siempre Viva 742, Centro" in texto and "IEP/DEVySPE/001/2025\nPágina 1 de 1" in texto
    # filed in the procedure's expediente, listed in the persona's, hashes recorded, data kept beside
    assert doc.personas == ["SPEN-0001"]
    exp_proc = exps.por_id(listo, doc.expediente_id)
    assert Path(doc.ruta).parent.as_posix() == exp_proc.ruta
    exp_persona = exps.obtener(listo, "persona", "SPEN-0001")
    assert [d["folio"] for d in exps.documentos_de(listo, exp_persona)] == [doc.folio]
    assert sha256_file(doc.archivo(raiz)) == doc.sha256
    guardado = json.loads(raiz.absoluta(doc.datos_ruta).read_text(encoding="utf-8"))
    assert guardado["campos"]["destinatario"] == "SPEN-0001" and guardado["plantilla"] == "oficio-prueba"
    assert doc.plantilla_sha256 == sha256_file(raiz.plantillas / "oficio-prueba.docx")
    # the template serves concurso-publico:1, so issuing it marks step 1 hecho
    assert procs.obtener(listo, 1).paso(1).estado == "hecho" and doc.paso == 1
    # carátula and índice list it
    assert doc.folio in texto_docx(exp_proc.carpeta(raiz) / exps.INDICE)
    caratula = texto_docx(exp_persona.carpeta(raiz) / exps.CARATULA)
    assert "Número de documentos\n1" in caratula and exp_persona.numero in caratula


def test_faltantes_y_no_declarados_se_listan_todos(listo: Catalogo) -> None:
    with pytest.raises(EntradaInvalida) as e:
        generacion.generar(listo, "oficio-prueba", procedimiento_id=1,
                           datos={"destinatario": "NO-EXISTE", "inventado": "x", "fecha_limite": "31/02/2025"})
    texto = str(e.value)
    assert "falta el campo obligatorio «asunto»" in texto and "falta el campo obligatorio «cuerpo»" in texto
    assert "«inventado» no existe" in texto and "no existe en el padrón la clave «NO-EXISTE»" in texto
    assert "fecha_limite" in texto
    assert len(e.value.problemas) == 5
    assert listo.uno("SELECT COUNT(*) FROM documentos")[0] == 0


def test_variable_no_declarada_en_el_esquema(raiz: Raiz, listo: Catalogo) -> None:
    esquema = dict(ESQUEMA_PRUEBA, nombre="sin-declarar",
                   campos=[c for c in ESQUEMA_PRUEBA["campos"] if c["nombre"] != "cuerpo"])
    instalar_plantilla_prueba(raiz.plantillas, esquema)
    with pytest.raises(EntradaInvalida, match="usa variables que su esquema no declara: cuerpo"):
        generacion.generar(listo, "sin-declarar", procedimiento_id=1, datos=DATOS)


def test_caracteres_especiales_se_escapan(raiz: Raiz, listo: Catalogo, soffice: str, tmp_path: Path) -> None:
    datos = dict(DATOS, asunto='Pago a "Proveedores & Cía" <urgente> \'ya\'')
    doc = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=datos)
    ruta = doc.archivo(raiz)
    assert zipfile.ZipFile(ruta).testzip() is None
    assert 'ASUNTO: Pago a "Proveedores & Cía" <urgente> \'ya\'' in texto_docx(ruta)
    assert "O'Connor & Hijos <SA>" not in texto_docx(ruta)
    from archivo.word.conversion import convertir_a_pdf

    pdf = convertir_a_pdf([ruta], tmp_path / "pdf")[0]
    from pypdf import PdfReader

    assert "Proveedores & Cía" in "".join(p.extract_text() for p in PdfReader(pdf).pages)


def test_folios_consecutivos_y_cancelacion(raiz: Raiz, listo: Catalogo) -> None:
    # the same template to the same persona in the same procedure again: only on purpose (--repetir)
    folios = [generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=n > 0,
                                 fecha=date(2025, 1, 10)).folio for n in range(3)]
    assert folios == ["IEP/DEVySPE/001/2025", "IEP/DEVySPE/002/2025", "IEP/DEVySPE/003/2025"]
    otra_area = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, area="CSPE",
                                   fecha=date(2025, 1, 10), repetir=True)
    assert otra_area.folio == "IEP/CSPE/001/2025"
    cancelado = documentos.cancelar(listo, folios[1], "Error en el destinatario")
    assert cancelado.estado == "cancelado" and cancelado.archivo(raiz).is_file()
    siguiente = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, fecha=date(2025, 1, 10),
                                   repetir=True)
    assert siguiente.folio == "IEP/DEVySPE/004/2025"  # a cancelled folio is never reused
    nuevo_anio = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, fecha=date(2026, 1, 5),
                                    repetir=True)
    assert nuevo_anio.folio == "IEP/DEVySPE/001/2026"
    correccion = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS,
                                    sustituye=folios[1])
    assert correccion.sustituye_a == cancelado.id
    with pytest.raises(ArchivoError, match="ya estaba cancelado"):
        documentos.cancelar(listo, folios[1], "otra vez")


def test_borrador_se_regenera_y_se_emite(raiz: Raiz, listo: Catalogo) -> None:
    b1 = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, borrador=True)
    assert b1.folio is None and "SIN FOLIO — BORRADOR" in texto_docx(b1.archivo(raiz))
    ruta1 = b1.archivo(raiz)
    b2 = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=dict(DATOS, asunto="Corregido"),
                            borrador=True)
    assert not ruta1.exists() and b2.archivo(raiz).is_file()
    assert listo.uno("SELECT COUNT(*) FROM documentos WHERE estado = 'borrador'")[0] == 1
    assert procs.obtener(listo, 1).paso(1).estado == "pendiente"  # a borrador does not complete a step
    doc = generacion.emitir_borrador(listo, b2.id, fecha=date(2026, 2, 3))
    assert doc.folio == "IEP/DEVySPE/001/2026" and doc.fecha == "2026-02-03"
    assert "ASUNTO: Corregido" in texto_docx(doc.archivo(raiz))
    assert not b2.archivo(raiz).exists()
    assert listo.uno("SELECT COUNT(*) FROM documentos WHERE estado = 'borrador'")[0] == 0


def test_lote_desde_excel_reporta_todas_las_filas_malas(raiz: Raiz, listo: Catalogo, tmp_path: Path) -> None:
    libro = Workbook()
    hoja = libro.active
    hoja.append(["destinatario", "asunto", "cuerpo", "fecha_limite"])
    hoja.append(["SPEN-0001", "Resultados", "Texto", "2025-07-01"])
    hoja.append(["SPEN-0099", "Resultados", "Texto", "2025-07-01"])
    hoja.append(["SPEN-0002", "", "Texto", "no es fecha"])
    libro.save(tmp_path / "lote.xlsx")
    solicitudes = generacion.solicitudes_de_archivo(tmp_path / "lote.xlsx",
                                                     generacion.cargar(raiz, "oficio-prueba").esquema)
    with pytest.raises(EntradaInvalida) as e:
        generacion.generar_lote(listo, "oficio-prueba", solicitudes, procedimiento_id=1)
    texto = str(e.value)
    # each problem at its cell, in the input layer's one form
    assert "lote.xlsx, hoja «Sheet», fila 3, columna A («destinatario»): campo «destinatario»" in texto
    assert "lote.xlsx, hoja «Sheet», fila 4, columna B («asunto»): falta el campo obligatorio «asunto»" in texto
    assert "lote.xlsx, hoja «Sheet», fila 4, columna D («fecha_limite»)" in texto and "fila 2" not in texto
    assert "en 2 fila(s)" in texto
    assert listo.uno("SELECT COUNT(*) FROM documentos")[0] == 0


def test_lote_por_padron(raiz: Raiz, listo: Catalogo) -> None:
    esquema = generacion.cargar(raiz, "oficio-prueba").esquema
    solicitudes = generacion.solicitudes_de_padron(listo, "activo", {"asunto": "Aviso", "cuerpo": "Texto"}, esquema)
    resultado = generacion.generar_lote(listo, "oficio-prueba", solicitudes, procedimiento_id=1, tamano=2,
                                        fecha=date(2026, 1, 14))
    assert [d.folio for d in resultado.emitidos] == ["IEP/DEVySPE/001/2026", "IEP/DEVySPE/002/2026",
                                                     "IEP/DEVySPE/003/2026"]
    nombres = {texto_docx(d.archivo(raiz)).split("\n")[3] for d in resultado.emitidos}
    assert len(nombres) == 3
    for d in resultado.emitidos:
        exp = exps.obtener(listo, "persona", d.personas[0])
        assert d.folio in texto_docx(exp.carpeta(raiz) / exps.INDICE)


def test_cli_generar_y_documento(cli, raiz: Raiz, listo: Catalogo, tmp_path: Path) -> None:
    datos = tmp_path / "d.yaml"
    datos.write_text("asunto: Invitación\ncuerpo: |\n  Primer párrafo.\n  Segunda línea.\ncopias:\n  - Archivo\n",
                     encoding="utf-8")
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--datos", datos, "--campo",
            "destinatario=SPEN-0002", "--fecha", "2025-03-03")
    assert r.codigo == 0, r.todo
    assert "IEP/DEVySPE/001/2025" in r.salida and "Paso 1" in r.salida
    r = cli("documento", "lista", "--formato", "json")
    lista = json.loads(r.salida)
    assert lista[0]["folio"] == "IEP/DEVySPE/001/2025" and lista[0]["personas"] == ["SPEN-0002"]
    r = cli("documento", "ver", "IEP/DEVySPE/001/2025")
    assert "SHA-256 del documento" in r.salida
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--campo", "sin_igual")
    assert r.codigo == 1 and "nombre=valor" in r.errores and "Traceback" not in r.todo
    r = cli("generar", "no-existe", "--procedimiento", "1")
    assert r.codigo == 1 and "Plantillas disponibles" in r.errores
    r = cli("documento", "cancelar", "IEP/DEVySPE/001/2025", "--motivo", "Duplicado")
    assert r.codigo == 0 and "se conserva" in r.salida
    r = cli("documento", "folios", "--formato", "json")
    assert json.loads(r.salida)[0]["cancelados"] == 1
    lote = tmp_path / "lote.csv"
    lote.write_text("persona,asunto,cuerpo\nSPEN-0001,Aviso,Uno\nSPEN-0003,Aviso,Dos\n", encoding="utf-8")
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--lote", lote)
    assert r.codigo == 1 and "destinatario" in r.errores  # the persona field is required in this template
    lote.write_text("destinatario,asunto,cuerpo\nSPEN-0001,Aviso,Uno\nSPEN-0003,Aviso,Dos\n", encoding="utf-8")
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--lote", lote)
    assert r.codigo == 0 and "Se emitieron 2 documento(s)" in r.salida


def test_expediente_cerrado_no_admite_documentos(raiz: Raiz, listo: Catalogo, cli) -> None:
    generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, fecha=date(2025, 5, 1))
    r = cli("expediente", "cerrar", "--procedimiento", "1", "--fecha", "2025-04-01")
    assert r.codigo == 1 and "después de la fecha de cierre 2025-04-01" in r.errores
    assert "ciérrelo el 2025-05-01 o después" in r.errores
    r = cli("expediente", "cerrar", "--procedimiento", "1", "--fecha", "2025-06-30")
    assert r.codigo == 0
    exp = exps.por_id(listo, procs.obtener(listo, 1).expediente_id)
    assert "30 de junio de 2025" in texto_docx(exp.carpeta(raiz) / exps.CARATULA)
    with pytest.raises(ArchivoError, match="está cerrado"):
        generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, repetir=True)


def test_paso_solo_se_marca_si_la_plantilla_declara_uno_de_ese_procedimiento(raiz: Raiz, listo: Catalogo,
                                                                            cli) -> None:
    """A document marks a step only on purpose: --paso, or the one step its template declares for this type."""
    esquema = dict(ESQUEMA_PRUEBA, pasos=["concurso-publico:1", "concurso-publico:2"])
    instalar_plantilla_prueba(raiz.plantillas, esquema=esquema)
    doc = generacion.generar(listo, "oficio-prueba", procedimiento_id=1, datos=DATOS, fecha=date(2025, 6, 17))
    proc = procs.obtener(listo, 1)
    assert doc.paso is None and all(p.estado == "pendiente" for p in proc.pasos)
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--campo", "asunto=Aviso", "--campo",
            "cuerpo=Texto", "--campo", "destinatario=SPEN-0001", "--fecha", "2025-06-18", "--repetir")
    assert r.codigo == 0, r.todo
    assert "No se marcó ningún paso del procedimiento 1" in r.salida
    assert "archivo procedimiento avanzar 1 PASO" in r.salida
    # named with --paso: that step is marked and the output names it with its action
    r = cli("generar", "oficio-prueba", "--procedimiento", "1", "--paso", "2", "--campo", "asunto=Aviso",
            "--campo", "cuerpo=Texto", "--campo", "destinatario=SPEN-0001", "--fecha", "2025-06-19", "--repetir")
    assert r.codigo == 0, r.todo
    paso2 = procs.obtener(listo, 1).paso(2)
    assert paso2.estado == "hecho" and f"Paso 2 del procedimiento 1 marcado como hecho: {paso2.accion}" in r.salida
    assert procs.obtener(listo, 1).paso(1).estado == "pendiente"


def test_lista_y_tabla_obligatorias_con_renglones_en_blanco_faltan(raiz: Raiz, listo: Catalogo) -> None:
    """A form sends its empty rows: a required list or table whose every renglón is blank is missing, not empty."""
    campos = [dict(c, requerido=True) if c["nombre"] in ("copias", "calificaciones") else c
              for c in ESQUEMA_PRUEBA["campos"]]
    instalar_plantilla_prueba(raiz.plantillas, dict(ESQUEMA_PRUEBA, nombre="con-listas", campos=campos))
    datos = dict(DATOS, copias=["", "   "], calificaciones=[{"factor": "", "valor": " "}])
    with pytest.raises(EntradaInvalida) as e:
        generacion.generar(listo, "con-listas", procedimiento_id=1, datos=datos)
    texto = str(e.value)
    assert "falta el campo obligatorio «copias»" in texto
    assert "falta el campo obligatorio «calificaciones»" in texto
    assert listo.uno("SELECT COUNT(*) FROM documentos")[0] == 0
    doc = generacion.generar(listo, "con-listas", procedimiento_id=1, datos=dict(DATOS, copias=["", "Archivo"]))
    assert "c.c.p. Archivo" in texto_docx(doc.archivo(raiz))
