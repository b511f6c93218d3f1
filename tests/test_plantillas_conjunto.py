"""The shipped template set (plantillas/*.docx + *.yaml, edited in Word): schemas, rendering, escaping, PDF,
coverage of the steps.

Every template is rendered as the archive renders it — with the shipped membrete applied, compiled, in the real
Jinja environment (``entorno_jinja``: sandboxed, autoescaped, StrictUndefined) — from a context built out of its
own schema's examples, then opened with python-docx (and, in one batch, converted to PDF with LibreOffice). No
package may have a relationship that does not resolve.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import shutil
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2.exceptions import UndefinedError

from archivo import mecanismos
from archivo.base import formato
from archivo.base.configuracion import TOML_INICIAL
from archivo.plantillas import conjunto as modulo_plantillas
from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.esquema import (
    TIPOS_CAMPO,
    VARIABLES_SISTEMA,
    Esquema,
    cargar_esquema,
    ejemplos_sistema,
)
from archivo.plantillas.render import PlantillaCompilada
from archivo.plantillas.roles import ROLES, area_de
from archivo.plantillas.verificacion import verificar_docx
from archivo.word.marco import marcador, rellenar
from archivo.word.membrete import aplicar_membrete
from archivo.word.paquete import relaciones_sin_resolver

REPO = Path(__file__).resolve().parent.parent
CARPETA = REPO / "plantillas"
MEMBRETE = CARPETA / "membrete.docx"
NOMBRES = sorted(p.stem for p in CARPETA.glob("*.docx") if p.stem != "membrete")
# the templates the program fills by itself (carátula, índice, orden del día, frames of the reports)
SISTEMA = sorted(n for n in NOMBRES if cargar_esquema(CARPETA / f"{n}.yaml").sistema)
DOCUMENTOS = sorted(set(NOMBRES) - set(SISTEMA))
ESPERADAS_SISTEMA = {"caratula", "indice", "orden-del-dia", "informe-compromisos", "programa-anual",
                     "informe-semestral-pat", "reporte-riesgos", "portada-carpeta", "guia-archivo",
                     "inventario-baja", "inventario-general", "inventario-transferencia-primaria",
                     "inventario-transferencia-secundaria", "bitacora-correspondencia"}
ESPERADAS = {
    "oficio", "oficio-notificacion", "oficio-despen", "tarjeta-informativa", "circular", "acuerdo-comision",
    "acuerdo-consejo", "dictamen-procedencia-reingreso", "dictamen-cambio-adscripcion", "dictamen-evaluacion",
    "dictamen-titularidad", "dictamen-incentivos", "informe", "lista",
}
TIPOS_DOCUMENTO = {"oficio", "tarjeta-informativa", "circular", "acuerdo-comision", "acuerdo-consejo", "dictamen",
                   "informe", "lista", "inventario", "guia-archivo"}
# Archival instruments: filled from the catalog by «archivo archivistica», they serve no procedure step.
INSTRUMENTOS = {"inventario", "guia-archivo"}
CONFIG_INICIAL = tomllib.loads(TOML_INICIAL)

FECHA = datetime.date(2024, 11, 4)
FECHA_LARGA = "4 de noviembre de 2024"
FOLIO = "IEA/DEVySPE/045/2024"
PERSONA = {
    "clave": "SPEN-0001", "nombre": "María Fernanda", "primer_apellido": "Torres", "segundo_apellido": "Villaseñor",
    "nombre_completo": "María Fernanda Torres Villaseñor", "cargo": "Coordinadora de Organización Electoral",
    "nivel": "3", "rango": "A", "adscripcion": "DEOE",
    "adscripcion_nombre": "Dirección Ejecutiva de Organización Electoral", "titularidad": True,
    "fecha_titularidad": "2021-06-30", "via_ingreso": "Concurso Público", "fecha_ingreso": "2017-11-01",
    "situacion": "activo", "correo": "maria.torres@iea.mx",
}
INSTITUCION = {
    "nombre": "Instituto Electoral de Anáhuac", "siglas": "IEA", "entidad": "Anáhuac", "ciudad": "Ciudad Anáhuac",
    "domicilio": "Av. de la Reforma 120, Centro, C.P. 58000", "telefono": "443 322 1400", "sitio_web": "www.iea.mx",
    "lema": "Certeza y legalidad para Anáhuac",
}
ORGANO = {"nombre": "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral", "siglas": "DEVySPE"}
FIRMANTE = {"nombre": "Mtra. Lorena Estefanía Ruiz Cárdenas",
            "cargo": "Directora Ejecutiva de Vinculación y Servicio Profesional Electoral"}
PELIGROSO = 'Ríos & Cía. <b>"uno"</b> > dos'
# tabla fields whose rows the template writes as paragraphs (apartados), not as table rows.
TABLAS_COMO_PARRAFOS = {("informe", "secciones")}


# --- helpers --------------------------------------------------------------------------------------

def esquema(nombre: str) -> Esquema:
    return cargar_esquema(CARPETA / f"{nombre}.yaml")


def contexto(esq: Esquema, **cambios: Any) -> dict[str, Any]:
    """System variables (as documentos would pass them) plus every declared field from its example; a «bloque»
    (built by the program) is its frame marker, filled by ``renderizar`` with its example text."""
    ctx = ejemplos_sistema()
    assert ctx["institucion"] == INSTITUCION and ctx["organo_enlace"] == ORGANO and ctx["folio"] == FOLIO
    assert ctx["fecha"] == FECHA and {k: ctx["firmante"][k] for k in FIRMANTE} == FIRMANTE
    for campo in esq.campos:
        if campo.tipo == "persona":
            ctx[campo.nombre] = dict(PERSONA)
        elif campo.tipo == "bloque":
            ctx[campo.nombre] = marcador(campo.nombre)
        elif campo.tipo == "imagen":
            ctx[campo.nombre] = None  # a picture needs a file: test_plantillas_archivo issues one
        else:
            ctx[campo.nombre] = copy.deepcopy(campo.ejemplo)
    ctx.update(cambios)
    return ctx


_COMPILADAS: dict[str, PlantillaCompilada] = {}


def renderizar(nombre: str, ctx: dict[str, Any]) -> bytes:
    """As the archive renders it: membrete applied, compiled once, rendered; every relationship resolves."""
    if nombre not in _COMPILADAS:
        fuente = aplicar_membrete((CARPETA / f"{nombre}.docx").read_bytes(), MEMBRETE.read_bytes())
        _COMPILADAS[nombre] = PlantillaCompilada(fuente, entorno_jinja())
    datos = _COMPILADAS[nombre].render(ctx)
    bloques = {c.nombre: c.ejemplo for c in esquema(nombre).campos if c.tipo == "bloque"}
    if bloques:  # what the program builds there: here, a paragraph with the example text
        datos = rellenar(datos, {n: (lambda texto: lambda ins: ins.add_paragraph(texto))(t) for n, t in bloques.items()})
    assert relaciones_sin_resolver(datos) == [], nombre
    return datos


def _texto_parrafo(p) -> str:
    partes = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        partes.append(el.text or "" if el.tag == qn("w:t") else ("\t" if el.tag == qn("w:tab") else "\n"))
    return "".join(partes)


def parrafos(doc) -> list[str]:
    """Every paragraph of the body in reading order, tables included."""
    return [_texto_parrafo(p) for p in doc.element.body.iter(qn("w:p"))]


def texto_cuerpo(doc) -> str:
    return "\n".join(parrafos(doc))


def texto_marco(doc) -> str:
    """Header and footer text (the membrete's tables included)."""
    seccion = doc.sections[0]
    return "\n".join(_texto_parrafo(p) for parte in (seccion.header, seccion.footer)
                     for p in parte._element.iter(qn("w:p")))


def abrir(datos: bytes):
    return Document(io.BytesIO(datos))


def textos_de(valor: Any) -> list[str]:
    """The plain strings inside an example value (lists and table rows included)."""
    if isinstance(valor, str):
        return [valor] if valor.strip() else []
    if isinstance(valor, list):
        return [t for v in valor for t in textos_de(v)]
    if isinstance(valor, dict):
        return [t for v in valor.values() for t in textos_de(v)]
    return []


def aparece(valor: str, texto: str) -> bool:
    return valor in texto or valor.upper() in texto or valor.capitalize() in texto


# --- the set and its schemas ----------------------------------------------------------------------

def test_conjunto_completo_y_pares():
    assert set(NOMBRES) >= ESPERADAS, f"faltan plantillas: {sorted(ESPERADAS - set(NOMBRES))}"
    for nombre in NOMBRES:
        assert (CARPETA / f"{nombre}.yaml").is_file(), f"{nombre}.docx no tiene esquema"
    assert sorted(p.stem for p in CARPETA.glob("*.yaml")) == NOMBRES
    assert MEMBRETE.is_file()
    assert set(SISTEMA) == ESPERADAS_SISTEMA


@pytest.mark.parametrize("nombre", NOMBRES)
def test_esquema_valido_y_ejemplos_realistas(nombre):
    esq = esquema(nombre)
    if esq.sistema:  # filled by the program; those issued with folio (instruments, the bitácora) have a serie
        assert esq.tipo and esq.titulo and esq.descripcion
        assert not esq.serie or (esq.tipo in TIPOS_DOCUMENTO and esq.serie in CONFIG_INICIAL["folios"])
        assert not esq.pasos or esq.serie, "solo un documento con folio atiende un paso del procedimiento"
        assert not esq.area or esq.area in ROLES
    else:
        assert esq.tipo in TIPOS_DOCUMENTO
        assert esq.serie in CONFIG_INICIAL["folios"], f"serie «{esq.serie}» no está en [folios] de archivo.toml"
        assert esq.area in ROLES and esq.area in CONFIG_INICIAL["roles"]  # a role, mapped by `iniciar`
        assert esq.titulo and esq.descripcion and (esq.pasos or esq.tipo in INSTRUMENTOS)
    assert not esq.extra
    for campo in esq.campos:
        lugar = f"{nombre}.{campo.nombre}"
        assert campo.tipo in TIPOS_CAMPO, lugar
        assert len(campo.descripcion) > 15, lugar
        ejemplo = campo.ejemplo
        assert ejemplo is not None and ejemplo != "" and ejemplo != [], f"{lugar}: falta el ejemplo"
        if campo.tipo == "persona":
            assert re.fullmatch(r"SPEN-\d{4}", ejemplo), lugar
        elif campo.tipo == "fecha":
            assert datetime.date(2024, 1, 1) <= formato.a_fecha(ejemplo) <= datetime.date(2025, 12, 31), lugar
        elif campo.tipo in ("número", "moneda"):
            assert isinstance(ejemplo, int | float) and not isinstance(ejemplo, bool), lugar
        elif campo.tipo == "booleano":
            assert isinstance(ejemplo, bool), lugar
        elif campo.tipo == "bloque":
            assert esq.sistema and isinstance(ejemplo, str), lugar
        elif campo.tipo == "imagen":
            assert not campo.requerido and str(ejemplo).endswith((".png", ".jpg")), lugar
        elif campo.tipo == "lista":
            assert isinstance(ejemplo, list) and all(isinstance(x, str) and x for x in ejemplo), lugar
            # in a CSV/Excel cell a list is written with «;» between items: an item must not contain one
            assert not any(";" in x for x in ejemplo), f"{lugar}: un elemento contiene «;»"
        elif campo.tipo == "tabla":
            columnas = {c.nombre for c in campo.columnas}
            assert isinstance(ejemplo, list) and ejemplo, lugar
            for fila in ejemplo:
                assert set(fila) == columnas, f"{lugar}: la fila {fila} no tiene las columnas {columnas}"
            for columna in campo.columnas:
                if columna.nombre == "calificacion":
                    for fila in ejemplo:
                        assert 7.0 <= fila["calificacion"] <= 10.0, lugar
        else:
            assert isinstance(ejemplo, str), lugar
        if campo.tipo == "número" and "calificacion" in campo.nombre:
            assert 7.0 <= ejemplo <= 10.0 and round(ejemplo, 3) == ejemplo, lugar


_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")
_FECHA_ESCRITA = re.compile(r"(\d{1,2}) de (" + "|".join(_MESES) + r") de (\d{4})")
# Examples that may name dates after the document's: a period still running (the encargos of an informe).
FECHAS_FUTURAS = {("informe", "datos")}


def _fechas_escritas(valor: Any) -> list[datetime.date]:
    return [datetime.date(int(a), _MESES.index(m) + 1, int(d))
            for t in textos_de(valor) for d, m, a in _FECHA_ESCRITA.findall(t)]


@pytest.mark.parametrize("nombre", DOCUMENTOS)
def test_ejemplos_coherentes_con_la_fecha_del_documento(nombre):
    """The examples describe one document on one date (``fecha_ejemplo``): what they record happened before it
    (a receipt, a request, the antecedentes), what they set comes after (effects, deadlines). The demo issues
    each template's document on that date."""
    esq = esquema(nombre)
    assert esq.fecha_ejemplo is not None, f"{nombre}.yaml: falta fecha_ejemplo"
    for campo in esq.campos:
        lugar = f"{nombre}.{campo.nombre}"
        if campo.tipo == "fecha" and campo.momento:
            valor = formato.a_fecha(campo.ejemplo)
            assert (valor <= esq.fecha_ejemplo) if campo.momento == "anterior" else (valor >= esq.fecha_ejemplo), lugar
        if campo.momento == "posterior" or (nombre, campo.nombre) in FECHAS_FUTURAS:
            continue
        for escrita in _fechas_escritas(campo.ejemplo):
            assert escrita <= esq.fecha_ejemplo, f"{lugar}: menciona el {escrita}, después de {esq.fecha_ejemplo}"


@pytest.mark.parametrize("nombre", NOMBRES)
def test_toda_variable_usada_esta_declarada_y_todo_campo_se_usa(nombre):
    esq = esquema(nombre)
    plantilla = DocxTemplate(CARPETA / f"{nombre}.docx")
    usadas = plantilla.get_undeclared_template_variables(entorno_jinja())
    declaradas = esq.nombres
    if esq.sistema:  # the program offers these data; the template may leave some out
        assert usadas - set(VARIABLES_SISTEMA) <= declaradas, sorted(usadas - set(VARIABLES_SISTEMA) - declaradas)
        return
    assert usadas - set(VARIABLES_SISTEMA) == declaradas, (
        f"sin declarar: {sorted(usadas - set(VARIABLES_SISTEMA) - declaradas)}; "
        f"declaradas sin usar: {sorted(declaradas - usadas)}")


@pytest.mark.parametrize("nombre", NOMBRES)
def test_verificacion_de_plantillas_sin_errores(nombre):
    informe = verificar_docx(CARPETA / f"{nombre}.docx", CARPETA / f"{nombre}.yaml")
    assert informe.errores == [], "\n".join(str(p) for p in informe.errores)
    assert informe.avisos == [], "\n".join(str(p) for p in informe.avisos)


# --- rendering ------------------------------------------------------------------------------------

@pytest.mark.parametrize("nombre", DOCUMENTOS)
def test_renderiza_con_los_ejemplos_y_los_datos_llegan(nombre):
    esq = esquema(nombre)
    doc = abrir(renderizar(nombre, contexto(esq)))
    cuerpo = texto_cuerpo(doc)
    marco = texto_marco(doc)
    assert FOLIO in cuerpo
    assert FECHA_LARGA in cuerpo
    for restos in ("{{", "}}", "{%", "%}", "None", "Undefined"):
        assert restos not in cuerpo + marco, f"{nombre}: quedó «{restos}» en el documento"
    # membrete and pie come from the context
    assert INSTITUCION["nombre"] in marco and ORGANO["nombre"] in marco and "Coordinación del Servicio" in marco
    assert INSTITUCION["lema"] in marco and INSTITUCION["domicilio"] in marco and "Tel. 443 322 1400" in marco
    assert "Página" in marco and "BORRADOR" not in marco
    for campo in esq.campos:
        if campo.tipo == "persona":
            assert aparece(PERSONA["nombre_completo"], cuerpo), f"{nombre}: falta el nombre de {campo.nombre}"
        elif campo.tipo in ("texto", "lista") or (campo.tipo == "tabla" and (nombre, campo.nombre)
                                                   in TABLAS_COMO_PARRAFOS):
            for valor in textos_de(campo.ejemplo):
                assert aparece(valor, cuerpo), f"{nombre}: no aparece «{valor}» de {campo.nombre}"
        elif campo.tipo == "tabla":
            _verificar_tabla(doc, nombre, campo)


def _verificar_tabla(doc, nombre: str, campo) -> None:
    """The table holding the field's rows has exactly one row per example row (+ header, + optional total)."""
    primera = next(v for v in campo.ejemplo[0].values() if isinstance(v, str) and v)
    tablas = [t for t in doc.tables if any(c.text == primera for f in t.rows for c in f.cells)]
    assert len(tablas) == 1, f"{nombre}: no se encontró la tabla de {campo.nombre}"
    tabla = tablas[0]
    texto = "\n".join(c.text for f in tabla.rows for c in f.cells)
    for fila in campo.ejemplo:
        for valor in textos_de(fila):
            assert valor in texto, f"{nombre}: la celda «{valor}» no está en la tabla de {campo.nombre}"
    assert len(tabla.rows) in (len(campo.ejemplo) + 1, len(campo.ejemplo) + 2), (
        f"{nombre}: {len(tabla.rows)} filas para {len(campo.ejemplo)} registros")


@pytest.mark.parametrize("nombre", DOCUMENTOS)
def test_falta_un_campo_requerido_y_falla(nombre):
    esq = esquema(nombre)
    requeridos = [c for c in esq.campos if c.requerido and c.tipo != "bloque"]
    assert requeridos
    for campo in requeridos:
        ctx = contexto(esq)
        del ctx[campo.nombre]
        with pytest.raises(UndefinedError):
            renderizar(nombre, ctx)


@pytest.mark.parametrize("nombre", SISTEMA)
def test_plantillas_del_sistema_con_sus_ejemplos(nombre):
    """A system template renders from its schema's examples (a block gets its example text), with the membrete."""
    esq = esquema(nombre)
    doc = abrir(renderizar(nombre, contexto(esq)))
    cuerpo, marco = texto_cuerpo(doc), texto_marco(doc)
    for restos in ("{{", "}}", "{%", "%}", "None", "Undefined", "⟦"):
        assert restos not in cuerpo + marco, f"{nombre}: quedó «{restos}» en el documento"
    assert INSTITUCION["nombre"] in marco and INSTITUCION["domicilio"] in marco
    for campo in esq.campos:
        if campo.tipo in ("texto", "bloque") and campo.nombre != "titulo_marco":
            assert aparece(campo.ejemplo, cuerpo), f"{nombre}: no aparece «{campo.ejemplo}» de {campo.nombre}"


@pytest.mark.parametrize("nombre", DOCUMENTOS)
@pytest.mark.parametrize("vacio", ["ausente", None, ""])
def test_campos_opcionales_pueden_faltar(nombre, vacio):
    esq = esquema(nombre)
    ctx = contexto(esq)
    for campo in esq.campos:
        if not campo.requerido:
            if vacio == "ausente":
                del ctx[campo.nombre]
            else:
                ctx[campo.nombre] = vacio
    doc = abrir(renderizar(nombre, ctx))
    cuerpo = texto_cuerpo(doc)
    assert FOLIO in cuerpo
    assert "None" not in cuerpo and "{{" not in cuerpo and "{%" not in cuerpo
    assert "c.c.p." not in cuerpo


@pytest.mark.parametrize("nombre", NOMBRES)
def test_caracteres_especiales_se_escapan(nombre):
    esq = esquema(nombre)
    cambios: dict[str, Any] = {}
    for campo in esq.campos:
        if campo.tipo == "texto":
            cambios[campo.nombre] = PELIGROSO
        elif campo.tipo == "lista":
            cambios[campo.nombre] = [PELIGROSO, "segundo & último"]
        elif campo.tipo == "tabla":
            cambios[campo.nombre] = [{c.nombre: (PELIGROSO if c.tipo == "texto" else fila[c.nombre])
                                      for c in campo.columnas} for fila in campo.ejemplo]
    persona = dict(PERSONA, nombre_completo="Ana <María> & \"Pérez\"", cargo="Jefa & <Líder>")
    ctx = contexto(esq, **cambios)
    for campo in esq.campos:
        if campo.tipo == "persona":
            ctx[campo.nombre] = persona
    datos = renderizar(nombre, ctx)
    doc = abrir(datos)  # a broken XML part would not open
    cuerpo = texto_cuerpo(doc)
    if any(c.tipo in ("texto", "lista", "tabla") for c in esq.campos):
        assert PELIGROSO in cuerpo or PELIGROSO.upper() in cuerpo
    if any(c.tipo == "persona" for c in esq.campos):
        assert "Ana <María> & \"Pérez\"" in cuerpo or "ANA <MARÍA> & \"PÉREZ\"" in cuerpo


@pytest.mark.parametrize("nombre", ["oficio", "acuerdo-comision", "dictamen-evaluacion"])
def test_borrador_y_sustitucion_en_el_membrete(nombre):
    esq = esquema(nombre)
    ctx = contexto(esq, es_borrador=True, folio="SIN FOLIO — BORRADOR", sustituye="IEA/DEVySPE/031/2024",
                   area={"siglas": "DEVySPE", "nombre": ORGANO["nombre"]},
                   institucion=dict(INSTITUCION, lema="", telefono="", sitio_web=""))
    doc = abrir(renderizar(nombre, ctx))
    marco = texto_marco(doc)
    assert "BORRADOR" in marco and "sustituye al folio IEA/DEVySPE/031/2024" in marco
    assert marco.count(ORGANO["nombre"]) == 1  # the área line is not repeated when it is the Órgano de Enlace
    assert "«" not in marco and "Tel." not in marco and INSTITUCION["domicilio"] in marco


# --- where the data lands -------------------------------------------------------------------------

def _bloque_destinatario(lineas: list[str]) -> list[str]:
    fin = lineas.index("P R E S E N T E")
    return lineas[max(0, fin - 4):fin]


def test_oficio_destinatario_asunto_y_copias():
    esq = esquema("oficio")
    ccp = esq.campo("ccp").ejemplo
    doc = abrir(renderizar("oficio", contexto(esq)))
    lineas = parrafos(doc)
    bloque = _bloque_destinatario(lineas)
    assert "LIC. ARTURO BENÍTEZ SALGADO" in bloque and "Secretario Ejecutivo" in bloque
    assert f"Oficio No. {FOLIO}" in lineas
    assert any(linea.startswith("ASUNTO: Se remite el Proyecto") for linea in lineas)
    assert f"Ciudad Anáhuac, Anáhuac, a {FECHA_LARGA}." in lineas
    assert "A T E N T A M E N T E" in lineas and FIRMANTE["nombre"] in lineas
    inicio = next(i for i, linea in enumerate(lineas) if linea.startswith("c.c.p.\t"))
    assert lineas[inicio:] == ["c.c.p.\t" + ccp[0], "\t" + ccp[1], "\t" + ccp[2], "LERC/jmv"]
    assert lineas.index("Anexos:") < inicio


def test_notificacion_a_persona_del_servicio():
    esq = esquema("oficio-notificacion")
    doc = abrir(renderizar("oficio-notificacion", contexto(esq)))
    lineas = parrafos(doc)
    bloque = _bloque_destinatario(lineas)
    assert bloque[0] == "MARÍA FERNANDA TORRES VILLASEÑOR"
    assert "Coordinadora de Organización Electoral" in bloque
    assert "Dirección Ejecutiva de Organización Electoral" in bloque
    cuerpo = texto_cuerpo(doc)
    assert "Con fundamento en lo dispuesto por el Estatuto del Servicio Profesional Electoral Nacional" in cuerpo
    assert "correspondiente al periodo septiembre 2023 a agosto 2024." in cuerpo
    assert "la calificación final que usted obtuvo es de 9.125." in cuerpo
    assert "un plazo de diez (10) días hábiles" in cuerpo


def test_oficio_a_la_despen():
    esq = esquema("oficio-despen")
    doc = abrir(renderizar("oficio-despen", contexto(esq)))
    bloque = _bloque_destinatario(parrafos(doc))
    assert bloque[-3:] == ["MTRA. MARIANA SOLÍS ARREOLA",
                           "Directora Ejecutiva del Servicio Profesional Electoral Nacional",
                           "Instituto Nacional Electoral"]
    assert "se remiten a través del Sistema de Vinculación" in texto_cuerpo(doc)
    sin_sivople = abrir(renderizar("oficio-despen", contexto(esq, por_sivople=False)))
    assert "SIVOPLE" not in texto_cuerpo(sin_sivople)


def test_tarjeta_informativa_con_y_sin_documento_del_ine():
    esq = esquema("tarjeta-informativa")
    doc = abrir(renderizar("tarjeta-informativa", contexto(esq)))
    cuerpo = texto_cuerpo(doc)
    assert "TARJETA INFORMATIVA" in cuerpo and f"No. {FOLIO}" in cuerpo
    ficha = doc.tables[0]
    assert [f.cells[0].text for f in ficha.rows] == ["PARA:", "DE:", "ASUNTO:", "FECHA:"]
    assert "Mtro. Raúl Quintero Lagunas" in ficha.rows[0].cells[1].text
    assert FIRMANTE["nombre"] in ficha.rows[1].cells[1].text
    assert "el 17 de febrero de 2025 se recibió a través del Sistema de Vinculación" in cuerpo
    documento = doc.tables[1]
    assert documento.rows[1].cells[1].text == "INE/DESPEN/045/2025"
    assert "14 de febrero de 2025" in documento.rows[2].cells[1].text
    interna = contexto(esq)
    for campo in ("numero_documento_ine", "tipo_documento_ine", "fecha_documento_ine", "emisor_documento_ine",
                  "fecha_recepcion", "actividad_sivople"):
        del interna[campo]
    doc = abrir(renderizar("tarjeta-informativa", interna))
    assert "se recibió a través del Sistema de Vinculación" not in texto_cuerpo(doc) and len(doc.tables) == 1
    assert "Por este medio me permito informarle lo siguiente:" in texto_cuerpo(doc)
    assert "Se adjunta el documento" not in texto_cuerpo(doc)


@pytest.mark.parametrize("nombre, emisor", [("acuerdo-comision", "la Comisión de Seguimiento del Servicio"),
                                            ("acuerdo-consejo", "el Consejo General del Instituto Electoral")])
def test_acuerdo_estructura(nombre, emisor):
    esq = esquema(nombre)
    ctx = contexto(esq)
    doc = abrir(renderizar(nombre, ctx))
    lineas = parrafos(doc)
    assert lineas[0] == f"ACUERDO {FOLIO}"
    assert lineas[1].startswith("ACUERDO DE") and " POR EL QUE SE " in lineas[1]
    assert ctx["objeto"].upper() in lineas[1]
    secciones = [linea for linea in lineas if linea in ("GLOSARIO", "ANTECEDENTES", "CONSIDERANDOS", "PUNTOS DE ACUERDO",
                                            "TRANSITORIOS")]
    assert secciones == ["GLOSARIO", "ANTECEDENTES", "CONSIDERANDOS", "PUNTOS DE ACUERDO", "TRANSITORIOS"]
    romanos = [linea.split("\t")[0] for linea in lineas if re.match(r"^[IVX]+\.\t", linea)]
    assert romanos == [f"{formato.romano(i)}." for i in range(1, len(ctx["antecedentes"]) + 1)]
    inicio = lineas.index("PUNTOS DE ACUERDO")
    puntos = lineas[inicio + 1: inicio + 1 + len(ctx["puntos"])]
    assert [p.split(" ")[0] for p in puntos] == ["PRIMERO.", "SEGUNDO.", "TERCERO."]
    assert puntos[0].endswith(ctx["puntos"][0])
    aprobacion = next(linea for linea in lineas if linea.startswith("Así lo aprobó por "))
    assert emisor in aprobacion and f"celebrada el {FECHA_LARGA}." in aprobacion
    ordinal = formato.ordinal_femenino(ctx["numero_sesion"])
    assert f"en su {ordinal} sesión {ctx['tipo_sesion']}" in aprobacion
    firmas = doc.tables[-1]
    assert ctx["presidencia_nombre"] in firmas.rows[0].cells[0].text
    sin_numero = contexto(esq)
    del sin_numero["numero_sesion"], sin_numero["glosario"], sin_numero["transitorios"]
    lineas = parrafos(abrir(renderizar(nombre, sin_numero)))
    assert "GLOSARIO" not in lineas and "TRANSITORIOS" not in lineas
    assert f"en sesión {ctx['tipo_sesion']} celebrada" in next(linea for linea in lineas if linea.startswith("Así lo aprobó"))


def test_firmas_de_la_comision_y_del_consejo():
    comision = abrir(renderizar("acuerdo-comision", contexto(esquema("acuerdo-comision"))))
    celdas = [c.text for c in comision.tables[-1].rows[0].cells]
    assert celdas[0].startswith("PRESIDENCIA DE LA COMISIÓN") and "Dra. Sofía Ramírez Olvera" in celdas[0]
    assert celdas[1].startswith("SECRETARÍA TÉCNICA") and FIRMANTE["nombre"] in celdas[1]
    consejo = abrir(renderizar("acuerdo-consejo", contexto(esquema("acuerdo-consejo"))))
    celdas = [c.text for c in consejo.tables[-1].rows[0].cells]
    assert celdas[0].startswith("CONSEJERA PRESIDENTA") and "Mtra. Gabriela Montes de Oca Ibarra" in celdas[0]
    assert celdas[1].startswith("SECRETARIO EJECUTIVO") and "Lic. Arturo Benítez Salgado" in celdas[1]


def test_dictamen_de_evaluacion_y_acciones_de_mejora():
    esq = esquema("dictamen-evaluacion")
    doc = abrir(renderizar("dictamen-evaluacion", contexto(esq)))
    cuerpo = texto_cuerpo(doc)
    assert "una calificación final de 9.125, que corresponde al nivel de desempeño «Altamente competente»" in cuerpo
    tabla = next(t for t in doc.tables if t.rows[0].cells[0].text == "Factor")
    assert [c.text for c in tabla.rows[1].cells] == ["Metas individuales", "40 %", "9.500", "3.800"]
    assert [c.text for c in tabla.rows[-1].cells][::3] == ["Calificación final", "9.125"]
    assert "La calificación obtenida es aprobatoria." in cuerpo
    baja = abrir(renderizar("dictamen-evaluacion", contexto(esq, calificacion_final=6.85)))
    assert "inferior a 7.000, la persona evaluada deberá acreditar las acciones de mejora" in texto_cuerpo(baja)


def test_dictamen_de_procedencia_procedente_e_improcedente():
    esq = esquema("dictamen-procedencia-reingreso")
    doc = abrir(renderizar("dictamen-procedencia-reingreso", contexto(esq)))
    cuerpo = texto_cuerpo(doc)
    assert "DICTAMEN DE PROCEDENCIA DE LA SOLICITUD DE REINCORPORACIÓN" in cuerpo
    assert "SEGUNDO. Preséntese el presente Dictamen a la Comisión" in cuerpo
    assert "PRIMERO. Es PROCEDENTE la solicitud de reincorporación" in cuerpo
    requisitos = next(t for t in doc.tables if t.rows[0].cells[1].text == "Requisito")
    assert [f.cells[2].text for f in requisitos.rows[1:]] == ["Sí"] * 4
    no = contexto(esq, procedente=False)
    no["requisitos"][1]["cumple"] = False
    doc = abrir(renderizar("dictamen-procedencia-reingreso", no))
    cuerpo = texto_cuerpo(doc)
    assert "Es IMPROCEDENTE la solicitud" in cuerpo and "Infórmese a la DESPEN los motivos" in cuerpo
    requisitos = next(t for t in doc.tables if t.rows[0].cells[1].text == "Requisito")
    assert requisitos.rows[2].cells[2].text == "No"


def test_dictamen_de_cambio_de_adscripcion_compara_actual_y_propuesta():
    esq = esquema("dictamen-cambio-adscripcion")
    doc = abrir(renderizar("dictamen-cambio-adscripcion", contexto(esq)))
    comparacion = next(t for t in doc.tables if t.rows[0].cells[1].text == "Situación actual")
    assert [c.text for c in comparacion.rows[1].cells] == [
        "Cargo o puesto", PERSONA["cargo"], "Técnica / Técnico de Educación Cívica"]
    assert comparacion.rows[2].cells[1].text == PERSONA["adscripcion_nombre"]
    sin_cargo = contexto(esq, movimiento="cambio de adscripción")
    del sin_cargo["cargo_destino"]
    doc = abrir(renderizar("dictamen-cambio-adscripcion", sin_cargo))
    comparacion = next(t for t in doc.tables if t.rows[0].cells[1].text == "Situación actual")
    assert comparacion.rows[1].cells[2].text == PERSONA["cargo"]  # same cargo when it is a cambio de adscripción
    assert "DICTAMEN DE PROCEDENCIA DE CAMBIO DE ADSCRIPCIÓN" in texto_cuerpo(doc)


def test_dictamen_de_titularidad_o_promocion():
    esq = esquema("dictamen-titularidad")
    doc = abrir(renderizar("dictamen-titularidad", contexto(esq)))
    cuerpo = texto_cuerpo(doc)
    assert "OTORGAMIENTO DE LA PROMOCIÓN EN RANGO" in cuerpo
    assert "Se otorga la promoción en rango a María Fernanda Torres Villaseñor" in cuerpo
    assert "en el rango B del nivel" in cuerpo
    assert "$12,500.00 (doce mil quinientos pesos 00/100 M.N.)" in cuerpo
    evaluaciones = next(t for t in doc.tables if t.rows[0].cells[0].text == "Periodo")
    assert [c.text for c in evaluaciones.rows[-1].cells] == ["Promedio", "9.430"]
    titularidad = contexto(esq, tipo_otorgamiento="titularidad")
    del titularidad["rango_otorgado"], titularidad["retribucion"]
    cuerpo = texto_cuerpo(abrir(renderizar("dictamen-titularidad", titularidad)))
    assert "OTORGAMIENTO DE LA TITULARIDAD" in cuerpo and "en el rango A del nivel" in cuerpo
    assert "retribución" not in cuerpo


def test_dictamen_de_incentivos_monto_con_letra():
    esq = esquema("dictamen-incentivos")
    cuerpo = texto_cuerpo(abrir(renderizar("dictamen-incentivos", contexto(esq))))
    assert "El monto del incentivo es de $18,500.00 (dieciocho mil quinientos pesos 00/100 M.N.)" in cuerpo
    assert "Puntaje\n9.477" in cuerpo


def test_informe_y_lista_con_encabezados_propios():
    informe = abrir(renderizar("informe", contexto(esquema("informe"))))
    datos = next(t for t in informe.tables if t.rows[0].cells[0].text == "No.")
    assert [c.text for c in datos.rows[0].cells] == ["No.", "Cargo o puesto", "Adscripción", "Periodo", "Situación"]
    assert [f.cells[0].text for f in datos.rows[1:]] == ["1", "2", "3"]
    ctx = contexto(esquema("informe"))
    del ctx["encabezados"]
    datos = next(t for t in abrir(renderizar("informe", ctx)).tables if t.rows[0].cells[0].text == "No.")
    assert [c.text for c in datos.rows[0].cells][1:] == ["Concepto", "Descripción", "Referencia", "Situación"]
    lista = abrir(renderizar("lista", contexto(esquema("lista"))))
    registros = lista.tables[0]
    assert len(registros.rows) == 4 and registros.rows[0].cells[4].text == "Calificación"
    assert [c.text for c in registros.rows[1].cells][:5] == [
        "1", "CI-2025-004", "Adriana Beltrán Osorio", "Técnica / Técnico de Organización Electoral", "9.215"]


def test_acuse_de_recibo():
    esq = esquema("acuse-recibo")
    cuerpo = texto_cuerpo(abrir(renderizar("acuse-recibo", contexto(esq))))
    assert ("Se hace constar que el 10 de octubre de 2024, a las 13:45 horas, se recibió en la Coordinación del "
            "Servicio Profesional Electoral el oficio IEA/DEAPyPP/311/2024") in cuerpo
    assert "constante de 3 fojas útiles" in cuerpo
    una = abrir(renderizar("acuse-recibo", contexto(esq, fojas=1)))
    assert "constante de 1 foja útil," in texto_cuerpo(una)


# --- an archive uses the shipped set without copying it; institutions add their own -----------------

def test_un_archivo_nuevo_usa_el_conjunto_incluido_sin_copiarlo(raiz):
    assert sorted(p.name for p in raiz.plantillas.iterdir()) == ["LEEME.txt"]
    nombres = [p.stem for p in modulo_plantillas.rutas_plantillas(raiz)]
    assert set(NOMBRES) <= set(nombres)
    assert [p.stem for p in modulo_plantillas.rutas_plantillas(raiz, sistema=False)] == DOCUMENTOS
    for nombre in NOMBRES:
        plantilla = modulo_plantillas.cargar(raiz, nombre)
        assert plantilla.esquema.nombre == nombre and plantilla.origen == "incluida"
        assert plantilla.docx == CARPETA / f"{nombre}.docx"
        if nombre in DOCUMENTOS:
            assert raiz.config.formato_folio(plantilla.esquema.serie)
            raiz.config.area(area_de(raiz.config, plantilla.esquema.area))
    assert modulo_plantillas.ruta_membrete(raiz) == MEMBRETE
    # adding a template is dropping a .docx and its schema in
    shutil.copy(CARPETA / "oficio.docx", raiz.plantillas / "oficio-propio.docx")
    texto = (CARPETA / "oficio.yaml").read_text(encoding="utf-8").replace("nombre: oficio\n", "nombre: oficio-propio\n")
    (raiz.plantillas / "oficio-propio.yaml").write_text(texto, encoding="utf-8")
    assert modulo_plantillas.cargar(raiz, "oficio-propio").esquema.tipo == "oficio"


# --- coverage of the procedures' steps -----------------------------------------------------------

def test_cada_paso_con_salida_tiene_plantilla_y_cada_paso_existe():
    catalogo = mecanismos.cargar()
    existentes = {f"{t.clave}:{p.cvo}" for t in catalogo.tipos.values() for p in t.pasos}
    con_salida = {f"{t.clave}:{p.cvo}" for t in catalogo.tipos.values() for p in t.pasos if p.salidas}
    servidos: set[str] = set()
    for nombre in NOMBRES:
        pasos = esquema(nombre).pasos
        desconocidos = set(pasos) - existentes
        assert not desconocidos, f"{nombre}.yaml nombra pasos que no existen: {sorted(desconocidos)}"
        assert len(pasos) == len(set(pasos)), f"{nombre}.yaml repite pasos"
        servidos |= set(pasos)
    sin_plantilla = con_salida - servidos
    assert not sin_plantilla, f"pasos con salida documental sin plantilla: {sorted(sin_plantilla)}"


# --- LibreOffice ---------------------------------------------------------------------------------

@pytest.mark.libreoffice
def test_libreoffice_abre_cada_plantilla_incluida(soffice, tmp_path):
    """Every shipped template, rendered from its examples with the membrete, converted in one LibreOffice batch:
    each PDF shows the folio, the date, the letterhead and the page numbers; two are read closer."""
    from pypdf import PdfReader

    from archivo.word.conversion import convertir_a_pdf

    especificos = {
        "oficio-notificacion": ["MARÍA FERNANDA TORRES VILLASEÑOR", "9.125"],
        "acuerdo-comision": ["ACUERDO DE LA COMISIÓN DE SEGUIMIENTO", "PUNTOS DE ACUERDO", "SEGUNDO.",
                             "Dra. Sofía Ramírez Olvera", FIRMANTE["nombre"]],
    }
    archivos = []
    for nombre in NOMBRES:
        destino = tmp_path / f"{nombre}.docx"
        destino.write_bytes(renderizar(nombre, contexto(esquema(nombre))))
        archivos.append(destino)
    pdfs = convertir_a_pdf(archivos, tmp_path / "pdf", soffice=soffice, procesos=1)
    for nombre, pdf in zip(NOMBRES, pdfs, strict=True):
        lector = PdfReader(pdf)
        texto = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in lector.pages))
        total = len(lector.pages)
        propios = [FOLIO, FECHA_LARGA] if nombre in DOCUMENTOS else [
            c.ejemplo for c in esquema(nombre).campos if c.tipo == "texto" and len(c.ejemplo) < 60][:2]
        for esperado in [*propios, INSTITUCION["nombre"], INSTITUCION["domicilio"], f"Página 1 de {total}",
                         f"Página {total} de {total}", *especificos.get(nombre, [])]:
            assert aparece(esperado, texto), f"{nombre}.pdf no contiene «{esperado}»"


def test_claves_persona_de_las_plantillas_coinciden_con_el_padron():
    """The template check knows a persona's keys without importing the padrón: both lists must agree."""
    from dataclasses import fields

    from archivo.personal import Persona
    from archivo.plantillas.esquema import CLAVES_PERSONA

    assert set(CLAVES_PERSONA) == {f.name for f in fields(Persona)} | {"nombre_completo", "adscripcion_nombre"}


@pytest.mark.parametrize("nombre", NOMBRES)
def test_identico_a_docxtpl_con_el_membrete(nombre):
    """Each shipped template with the membrete, rendered from its examples: every part byte-identical to what plain
    docxtpl saves, with the rendered body spliced into ``word/document.xml`` (moving it in costs lxml more than the
    render) — the second render too."""
    fuente = aplicar_membrete((CARPETA / f"{nombre}.docx").read_bytes(), MEMBRETE.read_bytes())
    ctx = contexto(esquema(nombre))
    plano = DocxTemplate(io.BytesIO(fuente))
    plano.render(copy.deepcopy(ctx), entorno_jinja(), autoescape=True)
    salida = io.BytesIO()
    plano.save(salida)
    pc = PlantillaCompilada(fuente, entorno_jinja())
    for _ in range(2):
        rapido = pc.render(copy.deepcopy(ctx))
        assert pc._raiz.body is pc._cuerpo_plantilla, "el cuerpo se movió al documento en vez de unirse"
        assert _partes(rapido) == _partes(salida.getvalue())


def _partes(datos: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        return {n: z.read(n) for n in z.namelist()}
