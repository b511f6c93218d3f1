"""`archivo plantillas verificar`: every problem of a .docx at once, with its place, on real Word files.

The fixtures are built here with python-docx (plus raw WordprocessingML where Word's own structures are
needed: runs split by proofing marks, hyperlinks, fields, footnotes) so each test shows the document it checks.
Where the checker claims something about rendering, the test renders the same file with docxtpl to prove it.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docxtpl import DocxTemplate

from archivo.base.errors import NoEncontrado
from archivo.plantillas.conjunto import entorno_jinja
from archivo.plantillas.esquema import VARIABLES_SISTEMA
from archivo.plantillas.verificacion import (
    InformeVerificacion,
    listar_plantillas,
    verificar_docx,
    verificar_plantilla,
    verificar_plantillas,
)
from tests.utilidades import ESQUEMA_PRUEBA, REPO, docx_prueba

# ------------------------------------------------------------------------------------------- building docx


class Xml(str):
    """Raw content of a paragraph (runs and whatever Word puts between them)."""


class Tabla(list):
    """Rows of cell texts."""


def r(texto: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(texto)}</w:t></w:r>'


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NOTAS = {
    "footnotes": ("footnote", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
    "endnotes": ("endnote", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
}


def _xml_notas(raiz: str, textos: list[str]) -> bytes:
    etiqueta = _NOTAS[raiz][0]
    notas = [f'<w:{etiqueta} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{etiqueta}>',
             f'<w:{etiqueta} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
             f'</w:p></w:{etiqueta}>']
    for i, texto in enumerate(textos, start=1):
        notas.append(f'<w:{etiqueta} w:id="{i}"><w:p>{r(texto)}</w:p></w:{etiqueta}>')
    return f'<w:{raiz} xmlns:w="{_W}">{"".join(notas)}</w:{raiz}>'.encode()


def crear_docx(ruta: Path, cuerpo: list = (), *, encabezado: str | None = None, pie: str | None = None,
               notas_pie: list[str] = (), notas_finales: list[str] = (), titulo: str | None = None) -> Path:
    """A real .docx: str items are paragraphs, Xml items raw paragraph content, Tabla items tables."""
    doc = Document()
    cuerpo_xml = doc.element.body
    for item in cuerpo:
        if isinstance(item, Xml):
            cuerpo_xml.insert(len(cuerpo_xml) - 1, parse_xml(f'<w:p {nsdecls("w", "r")}>{item}</w:p>'))
        elif isinstance(item, Tabla):
            tabla = doc.add_table(rows=len(item), cols=max(len(f) for f in item))
            for fila, textos in zip(tabla.rows, item, strict=False):
                for celda, texto in zip(fila.cells, textos, strict=False):
                    celda.paragraphs[0].add_run(texto)
        else:
            doc.add_paragraph(item)
    if encabezado is not None:
        doc.sections[0].header.paragraphs[0].add_run(encabezado)
    if pie is not None:
        doc.sections[0].footer.paragraphs[0].add_run(pie)
    if titulo is not None:
        doc.core_properties.title = titulo
    buffer = io.BytesIO()
    doc.save(buffer)
    datos = buffer.getvalue()
    extra = {k: v for k, v in (("footnotes", notas_pie), ("endnotes", notas_finales)) if v}
    if extra:
        datos = _agregar_notas(datos, extra)
    ruta.write_bytes(datos)
    return ruta


def _agregar_notas(datos: bytes, notas: dict[str, list[str]]) -> bytes:
    entrada = zipfile.ZipFile(io.BytesIO(datos))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for info in entrada.infolist():
            contenido = entrada.read(info.filename)
            if info.filename == "[Content_Types].xml":
                tipos = "".join(f'<Override PartName="/word/{n}.xml" ContentType="{_NOTAS[n][1]}"/>' for n in notas)
                contenido = contenido.replace(b"</Types>", tipos.encode() + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                rels = "".join(
                    f'<Relationship Id="rIdNota{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/{n}" Target="{n}.xml"/>' for i, n in enumerate(notas))
                contenido = contenido.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            z.writestr(info, contenido)
        for nombre, textos in notas.items():
            z.writestr(f"word/{nombre}.xml", _xml_notas(nombre, textos))
    return salida.getvalue()


def escribir_esquema(ruta_docx: Path, campos: list[dict], **cabecera) -> Path:
    datos = {"nombre": ruta_docx.stem, "titulo": "Plantilla de prueba", "tipo": "oficio", "serie": "oficio",
             "area": "DEVySPE", "descripcion": "Prueba", "pasos": [], "campos": campos, **cabecera}
    ruta = ruta_docx.with_suffix(".yaml")
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True), encoding="utf-8")
    return ruta


def campo(nombre: str, tipo: str = "texto", **extra) -> dict:
    return {"nombre": nombre, "tipo": tipo, "requerido": True, "descripcion": f"El dato {nombre}",
            "ejemplo": "x", **extra}


def de_tipo(informe: InformeVerificacion, tipo: str) -> list:
    return [p for p in informe.problemas if p.tipo == tipo]


def renderizar(ruta: Path, contexto: dict) -> Document:
    """Render with docxtpl exactly as the program does (its Jinja environment) and reopen the result."""
    tpl = DocxTemplate(str(ruta))
    tpl.render(contexto, jinja_env=entorno_jinja())
    salida = io.BytesIO()
    tpl.save(salida)
    salida.seek(0)
    return Document(salida)


# ------------------------------------------------------------------------------------------ correct input


def test_plantilla_correcta_no_tiene_problemas_y_se_genera(tmp_path):
    ruta = tmp_path / "oficio-prueba.docx"
    ruta.write_bytes(docx_prueba())
    (tmp_path / "oficio-prueba.yaml").write_text(yaml.safe_dump(ESQUEMA_PRUEBA, allow_unicode=True),
                                                 encoding="utf-8")
    informe = verificar_docx(ruta)
    assert informe.problemas == []
    assert informe.correcta
    assert informe.esquema == tmp_path / "oficio-prueba.yaml"
    # Every declared field and the system variables it uses, with the loop variables left out.
    assert set(informe.variables) == {"institucion", "area", "folio", "asunto", "lugar", "fecha", "destinatario",
                                      "cuerpo", "fecha_limite", "monto", "calificaciones", "firmante", "copias"}


def test_runs_partidos_por_word_no_son_error_y_docxtpl_los_une(tmp_path):
    # Word splits a tag into runs with spell-check marks and bookmarks in between: docxtpl joins them.
    ruta = crear_docx(tmp_path / "runs.docx", [
        Xml(r("Destinatario: {{ nom") + '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="1" w:name="b"/>'
            + r("bre", "<w:rPr><w:b/></w:rPr>") + '<w:bookmarkEnd w:id="1"/><w:proofErr w:type="spellEnd"/>'
            + r(" }} fin")),
        Xml(r("Folio {") + r("{ folio }", "<w:rPr><w:i/></w:rPr>") + r("}")),
    ])
    escribir_esquema(ruta, [campo("nombre")])
    informe = verificar_docx(ruta)
    assert informe.problemas == []
    doc = renderizar(ruta, {"nombre": "Ana Pérez", "folio": "IEP/DEVySPE/001/2025"})
    assert [p.text for p in doc.paragraphs] == ["Destinatario: Ana Pérez fin", "Folio IEP/DEVySPE/001/2025"]


# ---------------------------------------------------------------------------------------------- syntax


def test_varios_errores_de_sintaxis_se_informan_todos_con_su_parrafo(tmp_path):
    ruta = crear_docx(tmp_path / "sintaxis.docx", [
        "Oficio {{ folio }}",                                    # 1 fine
        "Destinatario: {{ nombre completo }}",                   # 2 name with a space
        "Monto: {{ monto|moneda( }}",                            # 3 unbalanced parenthesis
        "{% if es_borrador %}BORRADOR{% endif %}{% endif %}",    # 4 stray endif
        "{% for c in copias %}",                                 # 5 never closed
        "c.c.p. {{ c }}",
        "{% if x = 1 %}sí{% endif %}",                           # 7 '=' instead of '=='
    ])
    informe = verificar_docx(ruta)
    sintaxis = {p.lugar: p for p in de_tipo(informe, "sintaxis")}
    assert set(sintaxis) == {"cuerpo, párrafo 2", "cuerpo, párrafo 3", "cuerpo, párrafo 4", "cuerpo, párrafo 5",
                             "cuerpo, párrafo 7"}
    assert "nombre_completo" in sintaxis["cuerpo, párrafo 2"].sugerencia
    assert "{{ nombre completo }}" in sintaxis["cuerpo, párrafo 2"].contexto
    assert "cierra un bloque que nunca se abrió" in sintaxis["cuerpo, párrafo 4"].mensaje
    assert sintaxis["cuerpo, párrafo 4"].contexto.endswith("{% endif %}{% endif %}")
    assert "no se cierra" in sintaxis["cuerpo, párrafo 5"].mensaje
    assert "{% endfor %}" in sintaxis["cuerpo, párrafo 5"].mensaje
    assert "=" in sintaxis["cuerpo, párrafo 7"].mensaje
    assert all(p.severidad == "error" for p in sintaxis.values())
    # docxtpl indeed refuses this file.
    with pytest.raises(Exception):  # noqa: B017 - any Jinja error: the point is that it does not render
        renderizar(ruta, {})


def test_bloque_mal_anidado_dice_cual_esta_abierto(tmp_path):
    ruta = crear_docx(tmp_path / "anidado.docx", [
        "{% for p in personas %}",
        "{% if p.titularidad %}Titular{% endfor %}",
        "{% endif %}",
    ])
    informe = verificar_docx(ruta)
    errores = de_tipo(informe, "sintaxis")
    assert errores[0].lugar == "cuerpo, párrafo 2"
    assert "«if»" in errores[0].mensaje and "{% endif %}" in errores[0].mensaje


def test_comillas_tipograficas_son_aviso_porque_el_programa_las_corrige(tmp_path):
    ruta = crear_docx(tmp_path / "comillas.docx", ["Asunto: {{ asunto|default(“Sin asunto”) }}",
                                                    "{% if area.siglas == ‘CSPE’ %}Coordinación{% endif %}"])
    escribir_esquema(ruta, [campo("asunto")])
    informe = verificar_docx(ruta)
    avisos = de_tipo(informe, "comillas")
    assert [a.lugar for a in avisos] == ["cuerpo, párrafo 1", "cuerpo, párrafo 2"]
    assert all(a.severidad == "aviso" for a in avisos)
    assert informe.errores == []
    doc = renderizar(ruta, {"area": {"siglas": "CSPE"}})
    assert [p.text for p in doc.paragraphs] == ["Asunto: Sin asunto", "Coordinación"]


def test_raya_de_word_en_lugar_de_guion(tmp_path):
    ruta = crear_docx(tmp_path / "raya.docx", ["Plazo: {{ dias – 1 }} días"])
    (p,) = de_tipo(verificar_docx(ruta), "sintaxis")
    assert "raya" in p.mensaje and "–" in p.mensaje


# ------------------------------------------------------------------------------------------ broken tags


def test_etiqueta_partida_en_dos_parrafos_y_lo_que_hace_docxtpl(tmp_path):
    ruta = crear_docx(tmp_path / "partida.docx", [
        Xml('<w:pPr><w:jc w:val="center"/></w:pPr>' + r("Nombre: {{ nom")),
        Xml('<w:pPr><w:jc w:val="right"/></w:pPr>' + r("bre }} (firma)")),
        "Otro párrafo",
    ])
    escribir_esquema(ruta, [campo("nombre")])
    informe = verificar_docx(ruta)
    (p,) = de_tipo(informe, "etiqueta-partida")
    assert p.lugar == "cuerpo, párrafo 1"
    assert "continúa en cuerpo, párrafo 2" in p.mensaje
    assert p.contexto == "Nombre: {{ nom"
    # The stray «}}» of paragraph 2 is the same problem, not a second one.
    assert not [x for x in informe.problemas if x.lugar == "cuerpo, párrafo 2"]
    # What the error prevents: docxtpl silently merges both paragraphs (the second one's format is lost).
    doc = renderizar(ruta, {"nombre": "Ana"})
    assert [x.text for x in doc.paragraphs] == ["Nombre: Ana (firma)", "Otro párrafo"]


def test_etiqueta_que_nunca_se_cierra(tmp_path):
    ruta = crear_docx(tmp_path / "abierta.docx", ["Folio: {{ folio", "Texto sin llaves", "Un «}}» suelto"])
    informe = verificar_docx(ruta)
    problemas = de_tipo(informe, "etiqueta-partida")
    assert problemas[0].lugar == "cuerpo, párrafo 1"
    assert "no se cierra con «}}»" in problemas[0].mensaje


def test_cierre_suelto(tmp_path):
    ruta = crear_docx(tmp_path / "suelto.docx", ["Texto", "Un cierre }} sin apertura"])
    (p,) = de_tipo(verificar_docx(ruta), "etiqueta-partida")
    assert p.lugar == "cuerpo, párrafo 2" and "sobra «}}»" in p.mensaje


def test_llaves_de_apertura_separadas(tmp_path):
    ruta = crear_docx(tmp_path / "separadas.docx", ["Hola { {nombre}}", "{ % if a %}sí{% endif %}",
                                                     "En prosa, la forma { { no es una etiqueta."])
    problemas = de_tipo(verificar_docx(ruta), "etiqueta-partida")
    assert [(p.lugar, p.sugerencia) for p in problemas] == [("cuerpo, párrafo 1", "borre el espacio: «{{»"),
                                                            ("cuerpo, párrafo 2", "borre el espacio: «{%»")]


def test_etiqueta_que_cruza_un_hipervinculo(tmp_path):
    ruta = crear_docx(tmp_path / "vinculo.docx", [
        Xml(r("Correo: ") + '<w:hyperlink w:anchor="x"><w:r><w:t>{{</w:t></w:r></w:hyperlink>'
            + r("correo}}") + r(" fin")),
    ])
    escribir_esquema(ruta, [campo("correo")])
    (p,) = de_tipo(verificar_docx(ruta), "etiqueta-partida")
    assert p.lugar == "cuerpo, párrafo 1"
    assert "hipervínculo" in p.mensaje
    # docxtpl joins the fragments and the text after the tag ends up inside the hyperlink.
    doc = renderizar(ruta, {"correo": "ana@ejemplo.mx"})
    vinculo = doc.paragraphs[0]._p.find(f"{{{_W}}}hyperlink")
    assert "fin" in "".join(t.text for t in vinculo.iter(f"{{{_W}}}t"))


def test_etiqueta_con_un_campo_de_word_dentro(tmp_path):
    ruta = crear_docx(tmp_path / "campo.docx", [
        Xml(r("Página {{ nom") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("1")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r("bre }}")),
    ])
    problemas = de_tipo(verificar_docx(ruta), "etiqueta-partida")
    assert any("campo de Word" in p.mensaje and p.lugar == "cuerpo, párrafo 1" for p in problemas)


def test_etiqueta_en_texto_eliminado_con_control_de_cambios(tmp_path):
    ruta = crear_docx(tmp_path / "cambios.docx", [
        Xml(r("Nombre: ") + '<w:del w:id="9" w:author="Ana" w:date="2025-01-01T00:00:00Z"><w:r>'
            '<w:delText>{{ nombre_viejo }}</w:delText></w:r></w:del>' + r("{{ nombre }}")),
    ])
    escribir_esquema(ruta, [campo("nombre")])
    informe = verificar_docx(ruta)
    (p,) = de_tipo(informe, "texto-oculto")
    assert p.lugar == "cuerpo, párrafo 1" and "control de cambios" in p.mensaje
    # Jinja does read it: the deleted name counts as used and is not in the schema.
    assert any("nombre_viejo" in x.mensaje for x in de_tipo(informe, "variable-no-declarada"))


# --------------------------------------------------------------------------------------------- names


def test_nombres_con_guion_error_con_la_correccion_y_sin_ruido(tmp_path):
    ruta = crear_docx(tmp_path / "guiones.docx", [
        "{{firma-pro-coordinador}}",
        Tabla([["{{ nombre-pro-coordinador }}", "{{ total - descuento }}"]]),
    ])
    escribir_esquema(ruta, [campo("firma_pro_coordinador"), campo("total", "número"), campo("descuento", "número")])
    informe = verificar_docx(ruta)
    invalidos = de_tipo(informe, "nombre-invalido")
    assert [(p.lugar, p.sugerencia.split(" (")[0]) for p in invalidos] == [
        ("cuerpo, párrafo 1", "use firma_pro_coordinador"),
        ("tabla 1, fila 1, celda 1", "use nombre_pro_coordinador"),
    ]
    assert "resta" in invalidos[0].mensaje
    # «firma», «pro», «coordinador» are not reported as undeclared variables; «total - descuento» is fine.
    assert de_tipo(informe, "variable-no-declarada") == []
    assert "firma-pro-coordinador" in informe.variables


def test_nombres_con_acentos(tmp_path):
    ruta = crear_docx(tmp_path / "acentos.docx", ["Radicado {{ Número_radicado }}"])
    (p,) = de_tipo(verificar_docx(ruta), "nombre-invalido")
    assert "Numero_radicado" in p.sugerencia


# ---------------------------------------------------------------------------------- other placeholders


def test_marcadores_de_otros_sistemas(tmp_path):
    ruta = crear_docx(tmp_path / "ajenos.docx", [
        "Lugar: {LUGAR_ENTREGA}",                             # 1 single braces
        "Monto: ${MONTO}",                                     # 2 ${…}
        "Ahorro: ${{ ahorro }} MXN",                           # 3 $ glued to a Jinja tag: aviso
        "{#filas}{grupo}",                                     # 4 docxtemplater loop + single brace
        "{/filas}",                                            # 5
        "{^mostrar}",                                          # 6
        "Trabajador: [NOMBRE DEL TRABAJADOR]",                 # 7 brackets
        "Estimado «Nombre_Completo»:",                         # 8 mail-merge display
        Xml(r("Para: ") + '<w:fldSimple w:instr=" MERGEFIELD Destinatario \\* MERGEFORMAT "><w:r><w:t>'
            '«Destinatario»</w:t></w:r></w:fldSimple>'),      # 9 a real MERGEFIELD
    ])
    informe = verificar_docx(ruta)
    ajenos = [(p.lugar, p.severidad) for p in de_tipo(informe, "marcador-ajeno")]
    assert ("cuerpo, párrafo 1", "error") in ajenos
    assert ("cuerpo, párrafo 2", "error") in ajenos
    assert ("cuerpo, párrafo 3", "aviso") in ajenos
    assert ajenos.count(("cuerpo, párrafo 4", "error")) == 2
    assert ("cuerpo, párrafo 5", "error") in ajenos
    assert ("cuerpo, párrafo 6", "error") in ajenos
    assert ("cuerpo, párrafo 7", "aviso") in ajenos
    assert ("cuerpo, párrafo 8", "aviso") in ajenos
    assert ("cuerpo, párrafo 9", "error") in ajenos
    por_lugar = {p.lugar: p for p in de_tipo(informe, "marcador-ajeno")}
    assert "{{ LUGAR_ENTREGA }}" in por_lugar["cuerpo, párrafo 1"].sugerencia
    assert "docxtemplater" in por_lugar["cuerpo, párrafo 5"].mensaje
    assert "{% if not mostrar %}" in por_lugar["cuerpo, párrafo 6"].sugerencia
    assert "Destinatario" in por_lugar["cuerpo, párrafo 9"].mensaje
    assert "|moneda" in por_lugar["cuerpo, párrafo 3"].sugerencia


def test_texto_juridico_normal_no_da_falsos_positivos(tmp_path):
    ruta = crear_docx(tmp_path / "juridico.docx", [
        "El artículo dice «los miembros del Servicio» [sic] y continúa (…) [...] […].",
        "Conforme a los [Artículos 3 y 53 del Estatuto], en lo sucesivo «EL INSTITUTO».",
        "Fracciones [I], [II] y [IV]; nota [1]; usted[es]; la persona [titular].",
        "Pagó $1,500.00 (mil quinientos pesos 00/100 M.N.) el día 3 (tres) de junio; el conjunto {1, 2}.",
        "Literal docxtpl: {_{ no es etiqueta }_} y {_% tampoco %_}.",
    ])
    escribir_esquema(ruta, [])
    informe = verificar_docx(ruta)
    assert [p for p in informe.problemas if p.tipo != "sin-etiquetas"] == []


def test_corchetes_en_minusculas_solo_si_el_documento_ya_usa_corchetes(tmp_path):
    ruta = crear_docx(tmp_path / "contrato.docx", ["Nombre: [nombre]", "NSS: [numero_seguro_social]"])
    lugares = [p.lugar for p in de_tipo(verificar_docx(ruta), "marcador-ajeno")]
    assert lugares == ["cuerpo, párrafo 1", "cuerpo, párrafo 2"]
    solo = crear_docx(tmp_path / "solo.docx", ["La persona [titular] firmará."])
    assert de_tipo(verificar_docx(solo), "marcador-ajeno") == []


# -------------------------------------------------------------------------------- filters and variables


def test_filtro_desconocido_con_sugerencia(tmp_path):
    ruta = crear_docx(tmp_path / "filtros.docx", ["{{ fecha|fecha_larg }}", "{{ monto|pesos }}",
                                                  "{% if fecha is habil %}x{% endif %}"])
    escribir_esquema(ruta, [campo("monto", "moneda")])
    informe = verificar_docx(ruta)
    filtros = de_tipo(informe, "filtro-desconocido")
    assert [(p.lugar, p.mensaje) for p in filtros] == [
        ("cuerpo, párrafo 1", "el filtro «fecha_larg» no existe"),
        ("cuerpo, párrafo 2", "el filtro «pesos» no existe"),
        ("cuerpo, párrafo 3", "la prueba «is habil» no existe"),
    ]
    assert filtros[0].sugerencia == "¿quiso decir «fecha_larga»?"
    assert "moneda_letras" in filtros[1].sugerencia
    # The unknown filter does not stop the variable analysis.
    assert "monto" in informe.variables


def test_variables_contra_el_esquema(tmp_path):
    ruta = crear_docx(tmp_path / "variables.docx", [
        "{{ folio }} — {{ fecha|fecha_larga }} — {{ institucion.siglas }}",   # system variables
        "Asunto: {{ asunto }}",
        "{% for c in copias %}{{ c }} ({{ loop.index }}){% endfor %}",       # loop variables are not inputs
        "Calificación: {{ calificacion_final|calificacion }}",                # undeclared: error
        "Destinatario: {{ destinatari }}",                                     # typo of a declared one
    ], encabezado="{{ area.nombre }} {{ encabezado_extra }}")
    escribir_esquema(ruta, [campo("asunto"), campo("copias", "lista"), campo("destinatario"),
                            campo("anexos", "lista")])
    informe = verificar_docx(ruta)
    no_declaradas = {p.mensaje.split("«")[1].split("»")[0]: p for p in de_tipo(informe, "variable-no-declarada")}
    assert set(no_declaradas) == {"calificacion_final", "destinatari", "encabezado_extra"}
    assert no_declaradas["calificacion_final"].lugar == "cuerpo, párrafo 4"
    assert no_declaradas["destinatari"].sugerencia == "¿quiso decir «destinatario»?"
    assert no_declaradas["encabezado_extra"].lugar == "encabezado (header1.xml), párrafo 1"
    assert all(p.severidad == "error" for p in no_declaradas.values())
    sin_usar = de_tipo(informe, "campo-sin-usar")
    assert [(p.lugar, p.severidad) for p in sin_usar] == [("variables.yaml, campo «destinatario»", "aviso"),
                                                          ("variables.yaml, campo «anexos»", "aviso")]
    assert "c" not in informe.variables and "loop" not in informe.variables


def test_columnas_de_tabla_datos_de_persona_y_fechas_sin_formato(tmp_path):
    ruta = crear_docx(tmp_path / "datos.docx", [
        "{{ evaluado.nombre_completo }} {{ evaluado.curp }}",
        "{% for f in factores %}{{ f.factor }}: {{ f.valr }} {{ f.fecha }}{% endfor %}",
        "Notificada el {{ fecha_notificacion }}; monto {{ monto }}; hoy {{ fecha }}.",
    ])
    escribir_esquema(ruta, [
        campo("evaluado", "persona"), campo("fecha_notificacion", "fecha"), campo("monto", "moneda"),
        campo("factores", "tabla", columnas=[{"nombre": "factor"}, {"nombre": "valor", "tipo": "número"},
                                            {"nombre": "fecha", "tipo": "fecha"}]),
    ])
    informe = verificar_docx(ruta)
    inexistentes = [(p.lugar, p.mensaje, p.sugerencia) for p in de_tipo(informe, "dato-inexistente")]
    assert inexistentes[0][:2] == ("cuerpo, párrafo 1", "«evaluado.curp»: la persona no tiene el dato «curp»")
    assert inexistentes[1] == ("cuerpo, párrafo 2", "«f.valr»: la tabla «factores» no tiene la columna «valr»",
                               "¿quiso decir «f.valor»?")
    assert len(inexistentes) == 2
    sin_formato = {p.mensaje.split("»")[0].strip("«{} ") for p in de_tipo(informe, "sin-formato")}
    assert sin_formato == {"f.fecha", "fecha_notificacion", "monto", "fecha"}
    assert all(p.severidad == "aviso" for p in de_tipo(informe, "sin-formato"))


def test_sin_esquema_lista_las_variables_y_avisa(tmp_path):
    ruta = crear_docx(tmp_path / "libre.docx", ["{{ ciudad }}, {{ fecha }}", "{{ nombre }}"])
    informe = verificar_docx(ruta)
    assert informe.esquema is None
    assert informe.variables == ["ciudad", "fecha", "nombre"]
    (p,) = informe.problemas
    assert p.tipo == "sin-esquema" and p.severidad == "aviso" and "libre.yaml" in p.mensaje


def test_esquema_invalido_se_informa_y_el_docx_se_revisa_igual(tmp_path):
    ruta = crear_docx(tmp_path / "malo.docx", ["{{ fecha-limite }}"])
    escribir_esquema(ruta, [{"nombre": "fecha limite", "tipo": "fechas", "descripcion": ""}])
    informe = verificar_docx(ruta)
    esquema = de_tipo(informe, "esquema-invalido")
    assert {p.lugar for p in esquema} == {"malo.yaml, campo «fecha limite»"}
    assert len(esquema) == 3  # invalid name, unknown type, missing description
    assert de_tipo(informe, "nombre-invalido")


# ----------------------------------------------------------------------------- places and special parts


def test_lugares_en_tablas_encabezado_pie_y_notas(tmp_path):
    ruta = crear_docx(tmp_path / "lugares.docx", [
        "Primer párrafo",
        Tabla([["Factor", "Valor"], ["Metas", "{{ valor|numero( }}"]]),
        "Tercer párrafo {{ sin_cerrar",
    ], encabezado="{{ encabezado_x | }}", pie="Página {{ pie-de-pagina }}",
        notas_pie=["Nota normal", "Véase {{ acuerdo }} y {{ mal| }}"], notas_finales=["{{ nota_final }}"],
        titulo="{{ titulo_documento }}")
    informe = verificar_docx(ruta)
    lugares = {p.lugar for p in informe.errores}
    assert lugares == {"tabla 1, fila 2, celda 2", "cuerpo, párrafo 2", "encabezado (header1.xml), párrafo 1",
                       "pie de página (footer1.xml), párrafo 1", "nota al pie 2", "nota final 1"}
    (final,) = [p for p in informe.errores if p.lugar == "nota final 1"]
    assert final.tipo == "no-se-procesa"
    # The title is rendered by docxtpl too: its variable counts.
    assert "titulo_documento" in informe.variables and "acuerdo" in informe.variables
    assert "nota_final" not in informe.variables


def test_etiquetas_de_tabla_fuera_de_tabla_y_parrafo_que_se_pierde(tmp_path):
    ruta = crear_docx(tmp_path / "docxtpl.docx", [
        "{%tr for f in filas %}",
        "{{ f }}",
        "{%tr endfor %}",
        "Texto antes {%p if mostrar %} y después",
        "Se muestra",
        "{%p endif %}",
        "{% vm %}",
    ])
    informe = verificar_docx(ruta)
    fuera = [p.lugar for p in de_tipo(informe, "fuera-de-tabla")]
    assert fuera == ["cuerpo, párrafo 1", "cuerpo, párrafo 3", "cuerpo, párrafo 7"]
    (perdido,) = de_tipo(informe, "texto-perdido")
    assert perdido.lugar == "cuerpo, párrafo 4" and "Texto antes" in perdido.mensaje
    # docxtpl indeed drops that text.
    limpio = crear_docx(tmp_path / "p.docx", ["Texto antes {%p if mostrar %} y después", "Se muestra",
                                              "{%p endif %}"])
    assert [p.text for p in renderizar(limpio, {"mostrar": True}).paragraphs] == ["Se muestra"]


def test_fila_de_tabla_que_se_repite_bien_escrita(tmp_path):
    ruta = crear_docx(tmp_path / "filas.docx", [
        Tabla([["{%tr for f in filas %}", ""], ["{{ f.a }}", "{{ f.b }}"], ["{%tr endfor %}", ""]]),
    ])
    escribir_esquema(ruta, [campo("filas", "tabla", columnas=[{"nombre": "a"}, {"nombre": "b"}])])
    assert verificar_docx(ruta).problemas == []
    doc = renderizar(ruta, {"filas": [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]})
    assert [[c.text for c in f.cells] for f in doc.tables[0].rows] == [["1", "2"], ["3", "4"]]


# ------------------------------------------------------------------------------------- not a template


@pytest.mark.parametrize(("contenido", "esperado"), [
    (b"", "vacío"),
    (b"Esto es texto plano, no un documento de Word.", "no es un paquete ZIP"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003"),
    (b"%PDF-1.7\n%...", "es un PDF"),
])
def test_archivos_que_no_son_docx(tmp_path, contenido, esperado):
    ruta = tmp_path / "falso.docx"
    ruta.write_bytes(contenido)
    informe = verificar_docx(ruta)
    (p,) = informe.problemas
    assert p.severidad == "error" and p.tipo == "no-es-docx" and esperado in p.mensaje and p.sugerencia


def test_zip_que_no_es_documento_de_word(tmp_path):
    ruta = tmp_path / "otro.docx"
    with zipfile.ZipFile(ruta, "w") as z:
        z.writestr("hola.txt", "hola")
    (p,) = verificar_docx(ruta).problemas
    assert "word/document.xml" in p.mensaje


def test_paquete_que_python_docx_no_abre_se_revisa_igual(tmp_path):
    base = crear_docx(tmp_path / "base.docx", ["{{ firma-director }}"], encabezado="{{ folio }}")
    ruta = tmp_path / "roto.docx"
    with zipfile.ZipFile(base) as entrada, zipfile.ZipFile(ruta, "w") as salida:
        for info in entrada.infolist():
            datos = entrada.read(info.filename)
            if info.filename == "word/_rels/header1.xml.rels" or info.filename == "word/_rels/document.xml.rels":
                datos = datos.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.'
                                      b'openxmlformats.org/officeDocument/2006/relationships/image" '
                                      b'Target="NULL"/></Relationships>')
            salida.writestr(info, datos)
    with pytest.raises(KeyError):
        Document(str(ruta))
    informe = verificar_docx(ruta)
    (p,) = de_tipo(informe, "python-docx")
    assert p.mensaje.startswith("python-docx no puede abrir este archivo: ")
    assert "«NULL», que no existe dentro del archivo" in p.mensaje
    assert "Guardar como" in p.sugerencia
    assert de_tipo(informe, "nombre-invalido")[0].lugar == "cuerpo, párrafo 1"
    assert "folio" in informe.variables


def test_archivo_inexistente(tmp_path):
    with pytest.raises(NoEncontrado):
        verificar_docx(tmp_path / "no-existe.docx")


# --------------------------------------------------------------------------------------- archive API


def _plantilla_en_archivo(raiz, nombre: str, cuerpo: list, campos: list[dict]) -> Path:
    ruta = crear_docx(raiz.plantillas / f"{nombre}.docx", cuerpo)
    escribir_esquema(ruta, campos)
    return ruta


def test_verificar_plantillas_del_archivo(raiz):
    _plantilla_en_archivo(raiz, "zz-con-error", ["{{ no_declarada }}"], [])
    (raiz.plantillas / "zz-huerfano.yaml").write_text("nombre: zz-huerfano\n", encoding="utf-8")
    crear_docx(raiz.plantillas / "zz-sin-esquema.docx", ["{{ asunto }}"])
    informes = {i.archivo.name: i for i in verificar_plantillas(raiz)}
    assert not informes["zz-con-error.docx"].correcta
    assert informes["zz-huerfano.docx"].problemas[0].tipo == "sin-docx"
    # In an archive a template without schema cannot be used: error (for a loose file it is an aviso).
    (sin,) = informes["zz-sin-esquema.docx"].problemas
    assert (sin.tipo, sin.severidad) == ("sin-esquema", "error")
    # The shipped set that every new archive receives passes with no errors.
    enviadas = [i for n, i in informes.items() if not n.startswith("zz-")]
    assert len(enviadas) == len(list((REPO / "plantillas").glob("*.docx")))
    assert enviadas and all(i.correcta for i in enviadas)
    assert verificar_plantilla(raiz, "zz-con-error").errores[0].tipo == "variable-no-declarada"
    with pytest.raises(NoEncontrado, match="zz-con-error"):
        verificar_plantilla(raiz, "no-existe")


def test_plantillas_del_repositorio_no_tienen_errores():
    """The institution's template set (plantillas/ at the repo root) must pass the check with zero errors."""
    archivos = sorted(p for p in (REPO / "plantillas").glob("*.docx") if p.stem != "membrete")
    assert archivos, "el repositorio debe traer su juego de plantillas en plantillas/"
    fallas = {}
    for ruta in archivos:
        informe = verificar_docx(ruta)
        if informe.errores or informe.esquema is None:
            fallas[ruta.name] = [str(p) for p in informe.errores] or ["sin esquema"]
    assert fallas == {}
    # the membrete has no schema: its tags may use only the system variables
    membrete = verificar_docx(REPO / "plantillas" / "membrete.docx", buscar_esquema=False)
    assert membrete.errores == [] and set(membrete.variables) <= set(VARIABLES_SISTEMA)


def test_listar_plantillas_marca_el_esquema_invalido(raiz):
    _plantilla_en_archivo(raiz, "zz-valida", ["{{ asunto }}"], [campo("asunto")])
    _plantilla_en_archivo(raiz, "zz-invalida", ["{{ asunto }}"], [{"nombre": "asunto", "tipo": "raro"}])
    crear_docx(raiz.plantillas / "zz-sin-esquema.docx", ["x"])
    filas = {f["nombre"]: f for f in listar_plantillas(raiz)}
    assert filas["zz-valida"]["estado"] == "correcta" and filas["zz-valida"]["campos"] == 1
    assert filas["zz-invalida"]["estado"].startswith("esquema inválido (2 problemas)")
    assert filas["zz-invalida"]["titulo"] == "Plantilla de prueba"
    assert filas["zz-sin-esquema"]["estado"] == "sin esquema"


# ------------------------------------------------------------------------------------------------- CLI


def test_cli_verificar_ruta_json_y_codigo_de_salida(cli, tmp_path):
    ruta = crear_docx(tmp_path / "cli.docx", ["{{ firma-pro }}", "{{ asunto|default(“x”) }}"])
    escribir_esquema(ruta, [campo("asunto"), campo("sobrante")])
    r = cli("plantillas", "verificar", ruta, "--formato", "json")
    assert r.codigo == 1
    datos = json.loads(r.salida)
    assert set(datos) == {"archivo", "esquema", "errores", "avisos", "variables", "problemas"}
    assert datos["archivo"] == str(ruta) and datos["esquema"] == str(ruta.with_suffix(".yaml"))
    assert datos["errores"] == 1 and datos["avisos"] == 2
    assert set(datos["problemas"][0]) >= {"severidad", "lugar", "mensaje", "sugerencia", "contexto"}
    assert datos["problemas"][0]["severidad"] == "error"
    assert datos["variables"] == ["asunto", "firma-pro"]


def test_cli_verificar_texto_legible_y_solo_avisos_sale_con_cero(cli, tmp_path):
    ruta = crear_docx(tmp_path / "avisos.docx", ["{{ asunto|default(“x”) }}"])
    r = cli("plantillas", "verificar", ruta)
    assert r.codigo == 0
    assert "Avisos (2):" in r.salida and "Errores" not in r.salida
    assert "cuerpo, párrafo 1" in r.salida and "Texto: «{{ asunto|default(“x”) }}»" in r.salida
    assert "sin errores, 2 avisos" in r.salida
    assert "Traceback" not in r.todo


def test_cli_verificar_errores_agrupados(cli, tmp_path):
    ruta = crear_docx(tmp_path / "errores.docx", ["{LUGAR}", "{{ a }", "{% endif %}"])
    r = cli("plantillas", "verificar", ruta)
    assert r.codigo == 1
    assert re.search(r"Errores \(3\):", r.salida)
    assert "Resultado: 3 errores y 1 aviso." in r.salida


def test_cli_verificar_no_docx_ni_existente(cli, tmp_path):
    falso = tmp_path / "falso.docx"
    falso.write_text("no soy un docx", encoding="utf-8")
    r = cli("plantillas", "verificar", falso)
    assert r.codigo == 1 and "no es un documento de Word .docx" in r.salida and "Traceback" not in r.todo
    r = cli("plantillas", "verificar", tmp_path / "no-existe.docx")
    assert r.codigo == 1 and "No existe el archivo" in r.errores


def test_cli_verificar_todas_y_por_nombre(cli, raiz):
    r = cli("plantillas", "verificar")
    assert r.codigo == 0, r.todo
    assert "Resumen" in r.salida and "oficio.docx" in r.salida
    _plantilla_en_archivo(raiz, "zz-rota", ["{{ x", "{{ y }}"], [campo("y")])
    r = cli("plantillas", "verificar", "--formato", "json")
    assert r.codigo == 1
    datos = json.loads(r.salida)
    assert datos["errores"] == 1
    assert [p["archivo"].endswith("zz-rota.docx") for p in datos["plantillas"] if p["errores"]] == [True]
    r = cli("plantillas", "verificar", "zz-rota")
    assert r.codigo == 1 and "cuerpo, párrafo 1" in r.salida
    r = cli("plantillas", "verificar", "no-existe")
    assert r.codigo == 1 and "No existe la plantilla «no-existe»" in r.errores


def test_cli_lista_y_ver(cli, raiz):
    _plantilla_en_archivo(raiz, "zz-invalida", ["{{ a }}"], [{"nombre": "a", "tipo": "raro"}])
    r = cli("plantillas", "lista", "--formato", "json")
    assert r.codigo == 0
    filas = {f["nombre"]: f for f in json.loads(r.salida)}
    assert filas["oficio"]["tipo"] == "oficio" and filas["oficio"]["campos"] > 0 and filas["oficio"]["pasos"]
    assert filas["zz-invalida"]["estado"].startswith("esquema inválido")
    r = cli("plantillas", "lista")
    assert r.codigo == 0 and "oficio" in r.salida and "zz-invalida" in r.todo

    r = cli("plantillas", "ver", "oficio", "--formato", "json")
    assert r.codigo == 0
    datos = json.loads(r.salida)
    assert datos["nombre"] == "oficio" and datos["archivo"].endswith("oficio.docx")
    primero = datos["campos"][0]
    assert set(primero) >= {"nombre", "tipo", "requerido", "descripcion", "ejemplo"}
    r = cli("plantillas", "ver", "oficio")
    assert r.codigo == 0
    assert "Serie de folio" in r.salida and primero["nombre"] in r.salida and "Requerido" in r.salida
    r = cli("plantillas", "ver", "zz-invalida")
    assert r.codigo == 1 and "tipo «raro» desconocido" in r.errores
    r = cli("plantillas", "ver", "no-existe")
    assert r.codigo == 1 and "No existe la plantilla" in r.errores


# ---------------------------------------------------------------------------------------------- corpus

# What the shared corpus is known to contain (see SOURCES.txt in each folder).
CONOCIDOS = {
    "docxtpl-templates": {
        "custom_jinja_filters_tpl.docx": [("filtro-desconocido", "my_filterB"), ("filtro-desconocido", "my_filterA"),
                                          ("comillas", "comillas tipográficas")],
        "template_error_tpl.docx": [("sintaxis", "{% endif %}")],
    },
    "docx-es": {
        "co-cormacarena-resolucion-pfmn-hyphen-vars.docx": [("nombre-invalido", "Jinja lo lee como una resta")],
        "co-cormacarena-requerimiento-arboles-aislados.docx": [("nombre-invalido", "firma-coor-subgestion")],
        "mx-uas-oficio-descuento-inasistencia.docx": [("marcador-ajeno", "{#blocks}"),
                                                      ("marcador-ajeno", "{^mostrarHorario}"),
                                                      ("marcador-ajeno", "{oficio}")],
        "co-cormacarena-auto-inicio-pfmn.docx": [("sintaxis", "{{Correo{txtTramEMailTercero}}"),
                                                 ("marcador-ajeno", "{DOC1_PASO2_txtNumero}"),
                                                 ("nombre-invalido", "firma-pro-coordinador"),
                                                 ("nombre-invalido", "Número_radicado_soporte_pago")],
        "mx-revisaria-matriz-bee.docx": [("marcador-ajeno", "${{AHORRO_OPERATIVO}}")],
        "mx-revisaria-acta-entrega-recepcion.docx": [("marcador-ajeno", "{LUGAR_ENTREGA}")],
        "mx-revisaria-panorama-industria.docx": [("marcador-ajeno", "{SECTOR_INDUSTRIA}")],
        "mx-revisaria-plantilla-contrato.docx": [("marcador-ajeno", "{CLIENTE_DOMICILIO}")],
        "mx-contrato-individual-trabajo-brackets.docx": [("marcador-ajeno", "[numero_de_seguro_social]")],
        "mx-opdm-tlalnepantla-oficio-0296-2025.docx": [("python-docx", "barra invertida")],
        "co-cormacarena-resolucion-cesion-derechos.docx": [("python-docx", "«NULL»"),
                                                           ("etiqueta-partida", "hipervínculo"),
                                                           ("nombre-invalido", "firma-pro-coordinador")],
    },
}
# Exactly these files have errors (everything else is a usable Jinja template, perhaps with avisos).
CON_ERRORES = {
    "docxtpl-templates": {"custom_jinja_filters_tpl.docx", "template_error_tpl.docx"},
    "docx-es": {f"co-cormacarena-{n}.docx" for n in (
        "auto-inicio-pfmn", "concepto-tecnico-ocupacion-cauce", "oficio-requerimiento-dpa",
        "requerimiento-arboles-aislados", "res-aprovechamiento-forestal", "res-desistimiento-fijas",
        "res-determinantes-ambientales", "resolucion-cesion-derechos", "resolucion-otorga-licencia",
        "resolucion-pfmn-hyphen-vars")} | {
        "mx-opdm-tlalnepantla-oficio-0296-2025.docx", "mx-revisaria-acta-entrega-recepcion.docx",
        "mx-revisaria-panorama-industria.docx", "mx-revisaria-plantilla-contrato.docx",
        "mx-uas-oficio-descuento-inasistencia.docx"},
}


@pytest.mark.corpus
@pytest.mark.parametrize("carpeta", ["docxtpl-templates", "docx-es"])
def test_corpus_completo_sin_excepciones_y_los_defectuosos_nombrados(corpus, carpeta):
    archivos = sorted((corpus / carpeta).glob("*.docx"))
    assert len(archivos) >= 26
    informes = {ruta.name: verificar_docx(ruta) for ruta in archivos}
    for nombre, esperados in CONOCIDOS[carpeta].items():
        informe = informes[nombre]
        for tipo, texto in esperados:
            assert any(p.tipo == tipo and texto in (p.mensaje + p.contexto + p.sugerencia)
                       for p in informe.problemas), (nombre, tipo, texto)
    # No false positives: the clean files (docxtpl's own examples, the Chilean and notarial templates…) pass.
    assert {n for n, i in informes.items() if i.errores} == CON_ERRORES[carpeta]
    for informe in informes.values():
        for p in informe.problemas:
            assert p.severidad in ("error", "aviso") and p.lugar and p.mensaje
