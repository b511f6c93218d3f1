"""Templates an office owns: layered lookup and copies (estado, actualizar), areas by role, draft schemas, batch
workbooks, batches previewed as borradores and repeated issues, the imagen field, the place line and the
signature that keeps its last paragraph."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from archivo import generacion, personal
from archivo import procedimientos as procs
from archivo.archivistica import documentos
from archivo.base.catalogo import Catalogo, iniciar_archivo
from archivo.base.errors import ArchivoError, EntradaInvalida
from archivo.base.raiz import Raiz
from archivo.plantillas import compilacion, conjunto
from archivo.plantillas import estado as estado_plantillas
from archivo.plantillas.esquema import cargar_esquema
from archivo.word.paquete import relaciones_sin_resolver
from tests.utilidades import PADRON_CSV, REPO, TOML_PRUEBA, invocar, texto_docx

INCLUIDAS = REPO / "plantillas"


@pytest.fixture
def listo(raiz: Raiz, cat: Catalogo, tmp_path: Path) -> Catalogo:
    padron = tmp_path / "padron.csv"
    padron.write_text(PADRON_CSV, encoding="utf-8")
    personal.importar(cat, padron)
    procs.abrir(cat, "concurso-publico", "Concurso Público 2025", fecha=date(2025, 1, 6))
    return cat


def _ejemplo(esquema, persona: str = "SPEN-0001") -> dict:
    datos = generacion.datos_de_ejemplo(esquema)
    for c in esquema.campos:
        if c.tipo == "persona":
            datos[c.nombre] = persona
    return datos


# --- layered lookup: editing a shipped template in Word -------------------------------------------------

def test_editar_una_plantilla_incluida_como_lo_haria_word(raiz: Raiz, listo: Catalogo, cli) -> None:
    """Copy a shipped template, edit it with python-docx (Word rewrites the package the same way): the archive
    uses the copy, it still verifies and generates, and «plantillas estado» reports it as edited."""
    assert cli("plantillas", "estado").codigo == 0
    r = cli("plantillas", "copiar", "oficio")
    assert r.codigo == 0 and (raiz.plantillas / "oficio.docx").is_file()
    assert not (raiz.plantillas / "oficio.yaml").exists()  # the schema stays the shipped one
    assert [e.estado for e in estado_plantillas.estado(raiz)] == [estado_plantillas.SIN_CAMBIOS]
    doc = Document(raiz.plantillas / "oficio.docx")
    doc.add_paragraph("Cláusula agregada por la oficina: este oficio se emite en {{ lugar }}.")
    doc.save(raiz.plantillas / "oficio.docx")
    (e,) = estado_plantillas.estado(raiz)
    assert (e.archivo, e.estado) == ("oficio.docx", estado_plantillas.EDITADA)
    r = cli("plantillas", "estado")
    assert "oficio.docx" in r.salida and "editada" in r.salida
    plantilla = conjunto.cargar(raiz, "oficio")
    assert plantilla.origen == "archivo" and plantilla.esquema.ruta == INCLUIDAS / "oficio.yaml"
    assert cli("plantillas", "verificar", "oficio").codigo == 0
    emitido = generacion.generar(listo, "oficio", procedimiento_id=1, datos=_ejemplo(plantilla.esquema),
                                 fecha=date(2025, 2, 3))
    texto = texto_docx(emitido.archivo(raiz))
    assert "Cláusula agregada por la oficina: este oficio se emite en Ciudad Prueba, Estado de Prueba." in texto
    assert emitido.plantilla_sha256 == hashlib.sha256((raiz.plantillas / "oficio.docx").read_bytes()).hexdigest()
    # copying again never overwrites the office's file
    r = cli("plantillas", "copiar", "oficio")
    assert r.codigo == 1 and "no se sobrescribe" in r.errores


def test_versiones_conocidas_incluyen_cada_archivo_incluido() -> None:
    """plantillas/versiones.json must know the SHA-256 of every shipped file (else an office's unedited copy of
    it would look edited). After editing a shipped template: python scripts/versiones_plantillas.py"""
    conocidas = json.loads((INCLUIDAS / "versiones.json").read_text(encoding="utf-8"))["archivos"]
    for ruta in sorted(INCLUIDAS.iterdir()):
        if ruta.suffix in (".docx", ".yaml"):
            sha = hashlib.sha256(ruta.read_bytes()).hexdigest()
            assert sha in conocidas.get(ruta.name, []), (
                f"{ruta.name}: su SHA-256 no está en plantillas/versiones.json; ejecute scripts/versiones_plantillas.py")


def _juego_nuevo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A «newer archivo»: the shipped set with oficio.docx and circular.docx changed, versiones.json updated."""
    nuevo = tmp_path / "juego-v2"
    shutil.copytree(INCLUIDAS, nuevo)
    versiones = json.loads((nuevo / "versiones.json").read_text(encoding="utf-8"))
    for nombre in ("oficio.docx", "circular.docx"):
        doc = Document(nuevo / nombre)
        doc.add_paragraph("Texto que trae la versión nueva de archivo.")
        doc.save(nuevo / nombre)
        versiones["archivos"][nombre].append(hashlib.sha256((nuevo / nombre).read_bytes()).hexdigest())
    (nuevo / "versiones.json").write_text(json.dumps(versiones), encoding="utf-8")
    estado_plantillas._versiones.cache_clear()
    for modulo in (estado_plantillas, conjunto):
        monkeypatch.setattr(modulo, "plantillas_incluidas", lambda: nuevo)
    return nuevo


def test_actualizar_pone_al_dia_las_no_editadas_y_conserva_las_editadas(raiz: Raiz, cat: Catalogo,
                                                                       tmp_path: Path, monkeypatch) -> None:
    for nombre in ("oficio", "circular", "lista"):
        estado_plantillas.copiar(cat, nombre)  # copies of this version of archivo
    editada = Document(raiz.plantillas / "circular.docx")
    editada.add_paragraph("Nota propia de la oficina.")
    editada.save(raiz.plantillas / "circular.docx")
    suya = (raiz.plantillas / "circular.docx").read_bytes()
    nuevo = _juego_nuevo(tmp_path, monkeypatch)
    try:
        estados = {e.archivo: e.estado for e in estado_plantillas.estado(raiz)}
        assert estados == {"oficio.docx": estado_plantillas.ANTERIOR, "circular.docx": estado_plantillas.EDITADA,
                           "lista.docx": estado_plantillas.SIN_CAMBIOS}
        cambios = {c.archivo: c for c in estado_plantillas.actualizar(cat)}
        assert cambios["oficio.docx"].accion == "actualizada"
        assert (raiz.plantillas / "oficio.docx").read_bytes() == (nuevo / "oficio.docx").read_bytes()
        assert cambios["circular.docx"].accion == "sin tocar"
        assert (raiz.plantillas / "circular.docx").read_bytes() == suya  # never without --forzar
        guardada = raiz.ruta / cambios["oficio.docx"].anterior
        assert guardada.parent == raiz.plantillas / "anteriores" and guardada.is_file()
        # with --forzar the edited one is replaced too, and kept
        r = invocar(["--raiz", str(raiz.ruta), "plantillas", "actualizar", "--forzar"])
        assert r.codigo == 0 and "circular.docx reemplazada" in r.salida
        assert (raiz.plantillas / "circular.docx").read_bytes() == (nuevo / "circular.docx").read_bytes()
        anteriores = list((raiz.plantillas / "anteriores").glob("circular-*.docx"))
        assert [p.read_bytes() for p in anteriores] == [suya]
        assert {e.estado for e in estado_plantillas.estado(raiz)} == {estado_plantillas.SIN_CAMBIOS}
        historial = [f["accion"] for f in cat.todos("SELECT accion FROM historial WHERE entidad = 'plantilla'")]
        assert {"copiar plantilla", "actualizada", "reemplazada"} <= set(historial)
    finally:
        estado_plantillas._versiones.cache_clear()


# --- areas by role -----------------------------------------------------------------------------------------

TOML_OTRAS_AREAS = TOML_PRUEBA.replace('siglas = "CSPE"\nnombre = "Coordinación del Servicio Profesional Electoral"',
                                       'siglas = "USPE"\nnombre = "Unidad del Servicio Profesional Electoral"') \
    .replace('siglas = "DEOE"\nnombre = "Dirección Ejecutiva de Organización Electoral"',
             'siglas = "DEOEPP"\nnombre = "Dirección Ejecutiva de Organización Electoral y Partidos Políticos"')


def test_con_otras_areas_cada_plantilla_se_verifica_y_se_genera(tmp_path: Path) -> None:
    """An office whose areas are USPE and DEOEPP: without the role map the check says which line to add (and
    generation refuses with the same words); with it every shipped template verifies and generates."""
    sin_mapa = TOML_OTRAS_AREAS.replace('coordinacion-servicio = "CSPE"\n', "")
    raiz = iniciar_archivo(tmp_path / "sin-mapa", toml=sin_mapa)
    r = invocar(["--raiz", str(raiz.ruta), "plantillas", "verificar"])
    assert r.codigo == 1 and "se pueden usar" not in r.salida
    assert 'coordinacion-servicio = "SIGLAS"' in r.salida and "USPE" in r.salida
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        procs.abrir(cat, "concurso-publico", "Concurso Público 2025")
        esquema = conjunto.cargar(raiz, "lista").esquema
        with pytest.raises(EntradaInvalida, match="coordinacion-servicio") as e:
            generacion.generar(cat, "lista", procedimiento_id=1, datos=_ejemplo(esquema), fecha=date(2025, 3, 14))
        assert 'coordinacion-servicio = \\"SIGLAS\\"' in str(e.value) or 'coordinacion-servicio = "SIGLAS"' in str(e.value)

    con_mapa = TOML_OTRAS_AREAS.replace('coordinacion-servicio = "CSPE"', 'coordinacion-servicio = "USPE"')
    raiz = iniciar_archivo(tmp_path / "con-mapa", toml=con_mapa)
    r = invocar(["--raiz", str(raiz.ruta), "plantillas", "verificar"])
    assert r.codigo == 0, r.todo
    assert "se pueden usar" in r.salida
    padron = tmp_path / "padron.csv"
    padron.write_text(PADRON_CSV.replace(",CSPE,", ",USPE,").replace(",DEOE,", ",DEOEPP,"), encoding="utf-8")
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        personal.importar(cat, padron)
        proc = procs.abrir(cat, "concurso-publico", "Concurso Público 2025", fecha=date(2024, 1, 8))
        for ruta in conjunto.rutas_plantillas(raiz, sistema=False):
            plantilla = conjunto.cargar(raiz, ruta.stem)
            doc = generacion.generar(cat, plantilla.nombre, procedimiento_id=proc.id, datos=_ejemplo(plantilla.esquema),
                                     fecha=plantilla.esquema.fecha_ejemplo, repetir=True)
            assert doc.folio and relaciones_sin_resolver(doc.archivo(raiz).read_bytes()) == []
            if plantilla.esquema.area == "coordinacion-servicio":
                assert "/USPE/" in doc.folio, doc.folio


# --- schemas without writing YAML -------------------------------------------------------------------------

def test_esquema_de_una_plantilla_nueva_y_generar_con_sus_ejemplos(raiz: Raiz, listo: Catalogo, cli) -> None:
    docx = raiz.plantillas / "aviso-vacaciones.docx"
    doc = Document()
    for texto in ("Oficio No. {{ folio }}", "{{ lugar }}, a {{ fecha|fecha_larga }}.",
                  "{{ destinatario.nombre_completo|mayusculas }}", "{{ destinatario.cargo }}",
                  "Le comunico que su periodo vacacional inicia el {{ inicio|fecha_larga }} y concluye el "
                  "{{ fin|fecha_larga }}, con un pago de {{ prima|moneda_completa }}.",
                  "{%p for actividad in pendientes %}", "{{ actividad }}", "{%p endfor %}",
                  "{% if urgente %}URGENTE{% endif %}", "{{ observaciones|default('') }}"):
        doc.add_paragraph(texto)
    tabla = doc.add_table(rows=3, cols=2)
    tabla.rows[0].cells[0].text = "{%tr for d in dias %}"
    tabla.rows[1].cells[0].text = "{{ d.dia|fecha_corta }}"
    tabla.rows[1].cells[1].text = "{{ d.motivo }}"
    tabla.rows[2].cells[0].text = "{%tr endfor %}"
    doc.save(docx)
    r = cli("plantillas", "esquema", docx)
    assert r.codigo == 0, r.todo
    esquema = cargar_esquema(docx.with_suffix(".yaml"))  # the draft validates as it is
    tipos = {c.nombre: (c.tipo, c.requerido) for c in esquema.campos}
    assert tipos == {"destinatario": ("persona", True), "inicio": ("fecha", True), "fin": ("fecha", True),
                     "prima": ("moneda", True), "pendientes": ("lista", True), "urgente": ("booleano", True),
                     "observaciones": ("texto", False), "dias": ("tabla", True)}
    assert [(k.nombre, k.tipo) for k in esquema.campo("dias").columnas] == [("dia", "fecha"), ("motivo", "texto")]
    assert all(c.descripcion.startswith("COMPLETE:") for c in esquema.campos)
    texto = docx.with_suffix(".yaml").read_text(encoding="utf-8")
    assert "# prima: moneda porque se usa con |moneda_completa" in texto
    # never over an existing schema
    r = cli("plantillas", "esquema", docx)
    assert r.codigo == 1 and "no se sobrescribe" in r.errores
    # the office fills its examples; «generar --ejemplo» then takes them
    datos = yaml.safe_load(texto)
    for campo in datos["campos"]:
        campo["descripcion"] = f"Dato «{campo['nombre']}» del aviso de vacaciones."
    datos["campos"][[c["nombre"] for c in datos["campos"]].index("destinatario")]["ejemplo"] = "SPEN-0001"
    docx.with_suffix(".yaml").write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    assert cli("plantillas", "verificar", "aviso-vacaciones").codigo == 0
    r = cli("generar", "aviso-vacaciones", "--ejemplo", "--borrador", "--procedimiento", "1", "--fecha", "2025-01-10")
    assert r.codigo == 0, r.todo
    borrador = documentos.lista(listo, estado="borrador")[0]
    contenido = texto_docx(borrador.archivo(raiz))
    assert "ANA LAURA PÉREZ RUIZ" in contenido and "15 de enero de 2025" in contenido
    assert "$1,500.00 (mil quinientos pesos 00/100 M.N.)" in contenido and "URGENTE" in contenido


def test_ver_lista_variables_del_sistema_y_datos_de_la_persona(cli) -> None:
    r = cli("plantillas", "ver", "oficio-notificacion")
    assert r.codigo == 0
    for esperado in ("institucion.domicilio", "firmante.cargo", "expediente.serie", "lugar",
                     "destinatario.nombre_completo", "destinatario.adscripcion_nombre"):
        assert esperado in r.salida, esperado
    datos = json.loads(cli("plantillas", "ver", "oficio-notificacion", "--formato", "json").salida)
    assert "cargo" in datos["variables_sistema"]["firmante"]["atributos"]
    assert datos["atributos_persona"]["rango"].startswith("Rango")


def test_formato_de_lote_y_lote_en_borradores(raiz: Raiz, listo: Catalogo, cli, tmp_path: Path) -> None:
    destino = tmp_path / "lote.xlsx"
    r = cli("plantillas", "formato", "oficio-notificacion", "--salida", destino)
    assert r.codigo == 0, r.todo
    libro = load_workbook(destino)
    assert libro.sheetnames == ["Lote", "Ejemplo", "Instrucciones"]
    esquema = conjunto.cargar(raiz, "oficio-notificacion").esquema
    encabezados = [c.value for c in libro["Lote"][1]]
    assert encabezados == [c.nombre for c in esquema.campos]
    assert libro["Lote"].max_row == 1  # no example row that would become a document
    nota = libro["Lote"].cell(row=1, column=1).comment.text
    assert esquema.campos[0].descripcion in nota and "Obligatorio" in nota
    # the office fills two rows (copied from «Ejemplo»), previews them as borradores, then issues them
    hoja = libro["Lote"]
    ejemplo = [c.value for c in libro["Ejemplo"][2]]
    for clave in ("SPEN-0001", "SPEN-0002"):
        hoja.append([clave if n == "destinatario" else v for n, v in zip(encabezados, ejemplo, strict=True)])
    libro.save(destino)
    r = cli("generar", "oficio-notificacion", "--procedimiento", "1", "--lote", destino, "--borrador",
            "--fecha", "2024-11-06")
    assert r.codigo == 0, r.todo
    borradores = documentos.lista(listo, estado="borrador")
    assert len(borradores) == 2 and all(d.folio is None for d in borradores)
    assert "BORRADOR" in texto_docx(borradores[0].archivo(raiz))
    r = cli("generar", "oficio-notificacion", "--procedimiento", "1", "--lote", destino, "--fecha", "2024-11-06")
    assert r.codigo == 0, r.todo
    assert documentos.lista(listo, estado="borrador") == []  # each borrador replaced by its issued document
    assert len(documentos.lista(listo, estado="emitido")) == 2
    # the same batch again: refused (same template, persona and procedure) unless --repetir
    r = cli("generar", "oficio-notificacion", "--procedimiento", "1", "--lote", destino, "--fecha", "2024-11-07")
    assert r.codigo == 1 and "ya se emitió a SPEN-0001" in r.errores and "--repetir" in r.errores
    assert len(documentos.lista(listo, estado="emitido")) == 2
    r = cli("generar", "oficio-notificacion", "--procedimiento", "1", "--lote", destino, "--fecha", "2024-11-07",
            "--repetir")
    assert r.codigo == 0 and len(documentos.lista(listo, estado="emitido")) == 4


def test_borradores_se_emiten_juntos(raiz: Raiz, listo: Catalogo, cli) -> None:
    esquema = conjunto.cargar(raiz, "oficio-notificacion").esquema
    solicitudes = [generacion.Solicitud(_ejemplo(esquema, clave), [], f"fila {i}")
                   for i, clave in enumerate(("SPEN-0001", "SPEN-0002", "SPEN-0001"), start=2)]
    with pytest.raises(EntradaInvalida, match="ya tiene un documento en este lote"):  # a row repeated in the batch
        generacion.generar_lote(listo, "oficio-notificacion", solicitudes, procedimiento_id=1,
                                fecha=date(2024, 11, 6))
    previa = generacion.generar_lote(listo, "oficio-notificacion", solicitudes[:2], procedimiento_id=1,
                                     fecha=date(2024, 11, 6), borrador=True)
    r = cli("documento", "emitir", *[str(d.id) for d in previa.emitidos], "--fecha", "2024-11-06")
    assert r.codigo == 0 and "Se emitieron 2 borradores" in r.salida
    assert [d.estado for d in documentos.lista(listo, procedimiento_id=1)] == ["emitido", "emitido"]


# --- what the documents say -------------------------------------------------------------------------------

def test_fechas_del_documento_y_de_sus_campos(raiz: Raiz, listo: Catalogo) -> None:
    """An acuse cannot be dated before the receipt it records; a deadline cannot precede its document."""
    esquema = conjunto.cargar(raiz, "acuse-recibo").esquema
    with pytest.raises(EntradaInvalida, match="no puede ser posterior a la fecha del documento"):
        generacion.generar(listo, "acuse-recibo", procedimiento_id=1, datos=_ejemplo(esquema), fecha=date(2024, 3, 18))
    doc = generacion.generar(listo, "acuse-recibo", procedimiento_id=1, datos=_ejemplo(esquema),
                             fecha=esquema.fecha_ejemplo)
    assert "10 de octubre de 2024" in texto_docx(doc.archivo(raiz))


def test_lugar_de_expedicion_configurable(tmp_path: Path) -> None:
    toml = TOML_PRUEBA.replace('ciudad = "Ciudad Prueba"', 'ciudad = "Zacatecas"') \
        .replace('entidad = "Estado de Prueba"', 'entidad = "Zacatecas"')
    raiz = iniciar_archivo(tmp_path / "sin-lugar", toml=toml)
    assert compilacion.lugar_de_expedicion(raiz.config) == "Zacatecas, Zacatecas"
    raiz = iniciar_archivo(tmp_path / "con-lugar", toml=toml.replace('ciudad = "Zacatecas"',
                                                                     'ciudad = "Zacatecas"\nlugar = "Zacatecas, Zac."'))
    assert compilacion.lugar_de_expedicion(raiz.config) == "Zacatecas, Zac."
    assert "lugar" in (REPO / "README.md").read_text(encoding="utf-8")


def test_dictamen_de_evaluacion_calcula_o_comprueba_la_calificacion_final(raiz: Raiz, listo: Catalogo) -> None:
    esquema = conjunto.cargar(raiz, "dictamen-evaluacion").esquema
    datos = _ejemplo(esquema)
    mal = dict(datos, calificacion_final=9.2)
    with pytest.raises(EntradaInvalida, match=r"es 9\.2, pero la suma de los resultados ponderados de factores es "
                                              r"9\.125"):
        generacion.generar(listo, "dictamen-evaluacion", procedimiento_id=1, datos=mal, fecha=esquema.fecha_ejemplo)
    factores = [dict(f, resultado=None) for f in datos["factores"]]
    calculado = dict(datos, factores=factores)
    del calculado["calificacion_final"]
    doc = generacion.generar(listo, "dictamen-evaluacion", procedimiento_id=1, datos=calculado,
                             fecha=esquema.fecha_ejemplo)
    texto = texto_docx(doc.archivo(raiz))
    assert "una calificación final de 9.125" in texto and "3.800" in texto
    pesos = dict(calculado, factores=[dict(f, ponderacion=50) for f in factores])
    with pytest.raises(EntradaInvalida, match="suman 150 %"):
        generacion.generar(listo, "dictamen-evaluacion", procedimiento_id=1, datos=pesos, fecha=esquema.fecha_ejemplo,
                           repetir=True)


def test_firma_escaneada(raiz: Raiz, listo: Catalogo, tmp_path: Path) -> None:
    """The oficio's «firma_digitalizada» (type imagen): the picture goes in the document and in the expediente;
    the next oficio without it has no picture; a file that is not an image is refused."""
    firma = tmp_path / "firma.png"
    Image.new("RGB", (300, 110), (20, 30, 90)).save(firma)
    esquema = conjunto.cargar(raiz, "oficio").esquema
    datos = dict(_ejemplo(esquema), firma_digitalizada=str(firma))
    con = generacion.generar(listo, "oficio", procedimiento_id=1, datos=datos, fecha=date(2025, 2, 3))
    paquete = con.archivo(raiz).read_bytes()
    assert relaciones_sin_resolver(paquete) == []
    assert len(Document(io.BytesIO(paquete)).inline_shapes) == 1
    guardada = json.loads(raiz.absoluta(con.datos_ruta).read_text(encoding="utf-8"))["campos"]["firma_digitalizada"]
    assert raiz.absoluta(guardada["imagen"]).read_bytes() == firma.read_bytes()
    sin = generacion.generar(listo, "oficio", procedimiento_id=1, datos=_ejemplo(esquema), fecha=date(2025, 2, 3),
                             repetir=True)
    assert len(Document(sin.archivo(raiz)).inline_shapes) == 0
    falsa = tmp_path / "firma-falsa.png"
    falsa.write_text("no es una imagen")
    with pytest.raises(EntradaInvalida, match="no es una imagen PNG ni JPEG"):
        generacion.generar(listo, "oficio", procedimiento_id=1, datos=dict(datos, firma_digitalizada=str(falsa)),
                           repetir=True)
    with pytest.raises(ArchivoError, match="la llena el programa"):
        generacion.generar(listo, "caratula", procedimiento_id=1, datos={})


@pytest.mark.libreoffice
def test_la_firma_queda_en_la_pagina_de_su_ultimo_parrafo(raiz: Raiz, soffice: str, tmp_path: Path) -> None:
    """Bodies of growing length: whatever page the signature falls on, the closing paragraph is on it too."""
    from pypdf import PdfReader

    from archivo.word.conversion import convertir_a_pdf

    plantilla = conjunto.cargar(raiz, "oficio")
    pc = compilacion.compilar(raiz, plantilla)
    contexto = dict(compilacion.contexto_sistema(raiz, fecha=date(2024, 11, 4), folio="IEP/DEVySPE/045/2024"),
                    **{c.nombre: c.ejemplo for c in plantilla.esquema.campos if c.tipo != "imagen"})
    contexto["destinatario_nombre"] = contexto.get("destinatario_nombre", "Lic. Arturo Benítez Salgado")
    parrafo = ("Con fundamento en lo dispuesto por el Estatuto del Servicio Profesional Electoral Nacional y del "
               "Personal de la Rama Administrativa, me permito informarle lo siguiente respecto del procedimiento.")
    archivos = []
    for n in range(4, 11):
        ruta = tmp_path / f"oficio-{n:02d}.docx"
        ruta.write_bytes(pc.render(dict(contexto, cuerpo=[parrafo] * n)))
        archivos.append(ruta)
    paginas_firma = set()
    for pdf in convertir_a_pdf(archivos, tmp_path / "pdf", soffice=soffice, procesos=1):
        paginas = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(pdf).pages]
        i = next(k for k, t in enumerate(paginas) if "A T E N T A M E N T E" in t)
        paginas_firma.add(i)
        assert "Sin otro particular" in paginas[i], f"{pdf.name}: la firma quedó sola en la página {i + 1}"
    assert paginas_firma == {0, 1}  # the lengths tried put the signature on the first page and on the second


# --- carátulas refreshed by two processes at once ---------------------------------------------------------------


def test_caratula_rehecha_si_otro_proceso_archiva_mientras_se_llena(raiz: Raiz, listo: Catalogo,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process files a document (and refreshes the carátula) after this one read the expediente and before
    it wrote: this one renders again, so the last índice written lists both documents and the catalog records the
    file that is on disk."""
    from archivo.archivistica import expedientes as exps
    from archivo.archivistica import integridad

    esquema = conjunto.cargar(raiz, "oficio").esquema
    datos = _ejemplo(esquema)
    primero = generacion.generar(listo, "oficio", procedimiento_id=1, datos=datos, fecha=esquema.fecha_ejemplo)
    exp = exps.por_id(listo, primero.expediente_id)
    otro = Catalogo.abrir(raiz, usuario="otro")
    leer = exps.documentos_de
    emitidos = []

    def documentos_de(cat, e):
        docs = leer(cat, e)
        if not emitidos and e.id == exp.id:  # right after this process read the expediente
            emitidos.append(generacion.generar(otro, "oficio", procedimiento_id=1, datos=datos,
                                               fecha=esquema.fecha_ejemplo, repetir=True))
        return docs

    monkeypatch.setattr(exps, "documentos_de", documentos_de)
    try:
        exps.regenerar(listo, exp)
    finally:
        otro.cerrar()
    indice = texto_docx(exp.carpeta(raiz) / exps.INDICE)
    assert primero.folio in indice and emitidos[0].folio in indice
    assert [h for h in integridad.verificar(listo) if h.tipo == "alterado"] == []
    assert listo.uno("SELECT caratula_vigente FROM expedientes WHERE id = ?", (exp.id,))[0] == 1
