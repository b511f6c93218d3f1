"""The render cases of docxtpl's own test suite, for checking our compiled renderer against plain docxtpl.

Each case is a template of ``../shared/corpus/docxtpl-templates/`` with the context its driving script in docxtpl's
``tests/`` folder builds (contexts rewritten here from reading those scripts; the images they need are not in the
corpus, so small ones are drawn with Pillow). A case's ``preparar(tpl, imagenes)`` receives either a
``docxtpl.DocxTemplate`` or our ``PlantillaCompilada`` — both answer ``build_url_id``, ``new_subdoc``,
``replace_media``/``replace_pic``/``replace_embedded`` and serve ``InlineImage`` — and returns the context.

37 render cases: 35 templates rendered once, and ``multi_rendering_tpl.docx`` rendered three times with one
template object (as its script does). ``template_error_tpl.docx`` is not a render case: it must fail, the same way.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import InlineImage, Listing, RichText, RichTextParagraph
from jinja2 import Environment

CARPETA = "docxtpl-templates"


def _env() -> Environment:
    return Environment()


def _env_autoescape() -> Environment:
    return Environment(autoescape=True)


def _env_filtros() -> Environment:
    env = Environment()
    env.filters["my_filterA"] = lambda valor, texto: valor + " " + texto
    env.filters["my_filterB"] = lambda valor, numero: valor + numero
    return env


@dataclass
class Caso:
    nombre: str
    plantilla: str
    preparar: Callable[[Any, dict[str, Path]], dict[str, Any]]
    entorno: Callable[[], Environment] = _env
    autoescape: bool = False  # render(..., autoescape=True), as escape_auto.py does
    repeticiones: list[Callable[[Any, dict[str, Path]], dict[str, Any]]] = field(default_factory=list)


def dibujar_imagenes(carpeta: Path) -> dict[str, Path]:
    """The pictures docxtpl's scripts load (python.png, django.png…), drawn here: they are not in the corpus."""
    from PIL import Image, ImageDraw

    carpeta.mkdir(parents=True, exist_ok=True)
    rutas = {}
    for i, nombre in enumerate(("python_logo.png", "python.png", "django.png", "zope.png", "pyramid.png",
                                "bottle.png", "tornado.png", "python_jpeg.jpg")):
        imagen = Image.new("RGB", (120 + 10 * i, 60 + 5 * i), (30 + 25 * i, 90, 200 - 20 * i))
        ImageDraw.Draw(imagen).rectangle((10, 10, 50, 40), fill=(255, 220, 0))
        ruta = carpeta / nombre
        imagen.save(ruta, "JPEG" if nombre.endswith(".jpg") else "PNG")
        rutas[nombre] = ruta
    return rutas


def _richtext(tpl: Any, _img: dict[str, Path]) -> dict[str, Any]:
    rt = RichText("an exemple of ")
    rt.add("a rich text", style="myrichtextstyle")
    rt.add(" with ")
    rt.add("some italic", italic=True)
    rt.add(" and ")
    rt.add("some violet", color="#ff00ff")
    rt.add(" and ")
    rt.add("some striked", strike=True)
    rt.add(" and ")
    rt.add("some small", size=14)
    rt.add(" or ")
    rt.add("big", size=60)
    rt.add(" text.")
    rt.add("\nYou can add an hyperlink, here to ")
    rt.add("google", url_id=tpl.build_url_id("http://google.com"))
    rt.add("\nEt voilà ! ")
    rt.add("\n1st line")
    rt.add("\n2nd line")
    rt.add("\n3rd line")
    rt.add("\n\n<cool>")
    rt.add("\nFonts :\n", underline=True)
    rt.add("Arial\n", font="Arial")
    rt.add("Courier New\n", font="Courier New")
    rt.add("Times New Roman\n", font="Times New Roman")
    rt.add("\n\nHere some")
    rt.add("superscript", superscript=True)
    rt.add(" and some")
    rt.add("subscript", subscript=True)
    return {"example": rt}


def _richtext_parrafo(_tpl: Any, _img: dict[str, Path]) -> dict[str, Any]:
    rtp = RichTextParagraph()
    rtp.add("The rich text paragraph function allows paragraph styles to be added to text",
            parastyle="myrichparastyle")
    rtp.add("Any built in paragraph style can be used", parastyle="IntenseQuote")
    rtp.add("or you can add your own, unlocking all style options", parastyle="createdStyle")
    rtp.add("To use, just create a style in your template word doc with the formatting you want and call it in "
            "the code.", parastyle="normal")
    rtp.add("This allows for the use of")
    rtp.add("custom bullet\apoints", parastyle="SquareBullet")
    rtp.add("Numbered Bullet Points", parastyle="BasicNumbered")
    rtp.add("and Alpha Bullet Points.", parastyle="alphaBracketNumbering")
    rtp.add("You can", parastyle="normal")
    rtp.add("set the", parastyle="centerAlign")
    rtp.add("text alignment", parastyle="rightAlign")
    rtp.add("as well as the spacing between lines of text. Like this for example, this text has very tight spacing "
            "between the lines.\aIt also has no space between paragraphs of the same style.",
            parastyle="TightLineSpacing")
    rtp.add("Unlike this one, which has extra large spacing between lines for when you want to space things out a "
            "bit or just write a little less.", parastyle="WideLineSpacing")
    rtp.add("You can also set the background colour of a line.", parastyle="LineShadingGreen")
    rt = RichText()
    rt.add("This works with ")
    rt.add("Rich ", bold=True)
    rt.add("Text ", italic=True)
    rt.add("Strings", underline="single")
    rt.add(" too.")
    rtp.add(rt, parastyle="SquareBullet")
    return {"example": rtp}


def _subdoc(tpl: Any, _img: dict[str, Path]) -> dict[str, Any]:
    sd = tpl.new_subdoc()
    sd.add_paragraph("This is a sub-document inserted into a bigger one")
    p = sd.add_paragraph("It has been ")
    p.add_run("dynamically").style = "dynamic"
    p.add_run(" generated with python by using ")
    p.add_run("python-docx").italic = True
    p.add_run(" library")
    return {"mysubdoc": sd}


def _cabecera(titulo: str, empresa: str, texto: str) -> Callable[[Any, dict[str, Path]], dict[str, Any]]:
    def preparar(tpl: Any, _img: dict[str, Path]) -> dict[str, Any]:
        sd = tpl.new_subdoc()
        sd.add_paragraph(texto)
        return {"title": titulo, "company_name": empresa, "date": "2016-03-17", "mysubdoc": sd}
    return preparar


def _imagen_en_cabecera(tpl: Any, img: dict[str, Path]) -> dict[str, Any]:
    return {"inline_image": InlineImage(tpl, str(img["django.png"]), height=Mm(10)),
            "images": [InlineImage(tpl, str(img[n]), height=Mm(10)) for n in ("django.png", "python.png",
                                                                              "django.png")]}


def _imagenes(tpl: Any, img: dict[str, Path]) -> dict[str, Any]:
    def marco(nombre: str, desc: str) -> dict[str, Any]:
        return {"image": InlineImage(tpl, str(img[nombre]), height=Mm(10)), "desc": desc}

    return {
        "myimage": InlineImage(tpl, str(img["python_logo.png"]), width=Mm(20)),
        "myimageratio": InlineImage(tpl, str(img["python_jpeg.jpg"]), width=Mm(30), height=Mm(60)),
        "frameworks": [
            marco("django.png", "The web framework for perfectionists with deadlines"),
            marco("zope.png", "Zope is a leading Open Source Application Server and Content Management Framework"),
            marco("pyramid.png", "Pyramid is a lightweight Python web framework aimed at taking small web apps into "
                                 "big web apps."),
            marco("bottle.png", "Bottle is a fast, simple and lightweight WSGI micro web-framework for Python"),
            marco("tornado.png", "Tornado is a Python web framework and asynchronous networking library."),
        ],
    }


def medio_de_cabecera(corpus: Path) -> bytes:
    """The picture inside header_footer_image_tpl.docx (its script calls it dummy_pic_for_header.png)."""
    with zipfile.ZipFile(corpus / CARPETA / "header_footer_image_tpl.docx") as z:
        nombre = next(n for n in z.namelist() if n.startswith("word/media/"))
        return z.read(nombre)


def _reemplazar_medio(tpl: Any, img: dict[str, Path]) -> dict[str, Any]:
    tpl.replace_media(str(img["dummy_pic_for_header.png"]), str(img["python.png"]))
    return {"mycompany": "The World Wide company"}


def _reemplazar_imagen(tpl: Any, img: dict[str, Path]) -> dict[str, Any]:
    tpl.replace_pic("python_logo.png", str(img["python.png"]))
    return {}


def _incrustados(tpl: Any, img: dict[str, Path]) -> dict[str, Any]:
    tpl.replace_embedded(str(img["embedded_dummy.docx"]), str(img["embedded_static_docx.docx"]))
    tpl.replace_embedded(str(img["embedded_dummy2.docx"]), str(img["embedded_embedded_docx.docx"]))
    return {"name": "John Doe"}


def _fijo(contexto: dict[str, Any]) -> Callable[[Any, dict[str, Path]], dict[str, Any]]:
    return lambda _tpl, _img: contexto


def _json(corpus_json: str) -> Callable[[Any, dict[str, Path]], dict[str, Any]]:
    def preparar(_tpl: Any, img: dict[str, Path]) -> dict[str, Any]:
        return json.loads(img[corpus_json].read_text(encoding="utf-8"))
    return preparar


ESCAPE = {
    "myvar": RichText('"less than" must be escaped : <, this can be done with RichText() or R()'),
    "myescvar": 'It can be escaped with a "|e" jinja filter in the template too : < ',
    "nlnp": RichText("Here is a multiple\nlines\nstring\aand some\aother\aparagraphs", color="#ff00ff"),
    "mylisting": Listing("the listing\nwith\nsome\nlines\nand special chars : <>& ..."),
    "page_break": RichText("\f"),
    "new_listing": "\nThis is a new listing\nNow, does not require Listing() Object\nHere is a \t tab\a\n"
                   "Here is a new paragraph\a\nHere is a page break : \f\nThat's it\n",
    "some_html": "HTTP/1.1 200 OK\nServer: Apache-Coyote/1.1\nCache-Control: no-store\nContent-Length: 9866\n\n"
                 "<html>\n<head>\n    <title>Struts Problem Report</title>\n</head>\n<body>\n...\n</body>\n</html>",
}


def _escape_auto(_tpl: Any, _img: dict[str, Path]) -> dict[str, Any]:
    return {
        "myvar": RichText('"less than" must be escaped : <, this can be done with RichText() or R()'),
        "myescvar": 'It can be escaped with a "|e" jinja filter in the template too : < ',
        "nlnp": RichText("Here is a multiple\nlines\nstring\aand some\aother\aparagraphs\aNOTE: the current "
                         "character styling is removed"),
        "mylisting": Listing("the listing\nwith\nsome\nlines\nand special chars : <>&"),
        "autoescape": """<, >, &, ", and '.""",
        "nested_dict": {"nested_dict": {"nested": "<&>"}, "nested_list": ["<", ">"]},
        "autoescape_unicode": "This is a unicode example «éàè» \u2603",
        "iteritems": lambda d: d.items(),
    }


PEDIDO = {"customer_name": "Eric", "items": [
    {"desc": "Python interpreters", "qty": 2, "price": "FREE"},
    {"desc": "Django projects", "qty": 5403, "price": "FREE"},
    {"desc": "Guido", "qty": 1, "price": "100,000,000.00"}],
    "in_europe": True, "is_paid": False, "company_name": "The World Wide company", "total_price": "100,000,000.00"}

CASOS: list[Caso] = [
    Caso("cellbg", "cellbg_tpl.docx", _fijo({"alerts": [
        {"date": "2015-03-10", "desc": RichText("Very critical alert", color="FF0000", bold=True), "type": "CRITICAL",
         "bg": "FF0000"},
        {"date": "2015-03-11", "desc": RichText("Just a warning"), "type": "WARNING", "bg": "FFDD00"},
        {"date": "2015-03-12", "desc": RichText("Information"), "type": "INFO", "bg": "8888FF"},
        {"date": "2015-03-13", "desc": RichText("Debug trace"), "type": "DEBUG", "bg": "FF00FF"}]})),
    Caso("comments", "comments_tpl.docx", _fijo({})),
    Caso("custom_jinja_filters", "custom_jinja_filters_tpl.docx",
         _fijo({"base_value_string": " Hello", "base_value_float": 1.5, "doc_no": "12"}), _env_filtros),
    Caso("doc_properties", "doc_properties_tpl.docx", _fijo({"test": "HelloWorld"})),
    Caso("dynamic_table", "dynamic_table_tpl.docx", _fijo({
        "col_labels": ["fruit", "vegetable", "stone", "thing"],
        "tbl_contents": [{"label": "yellow", "cols": ["banana", "capsicum", "pyrite", "taxi"]},
                         {"label": "red", "cols": ["apple", "tomato", "cinnabar", "doubledecker"]},
                         {"label": "green", "cols": ["guava", "cucumber", "aventurine", "card"]}]})),
    Caso("embedded_embedded_docx", "embedded_embedded_docx_tpl.docx", _fijo({"name": "John Doe"})),
    Caso("embedded", "embedded_main_tpl.docx", _incrustados),
    Caso("escape", "escape_tpl.docx", _fijo(ESCAPE)),
    Caso("escape_auto", "escape_tpl_auto.docx", _escape_auto, autoescape=True),
    Caso("footnotes", "footnotes_tpl.docx", _fijo({"a_jinja_variable": "A Jinja variable!"})),
    Caso("get_undeclared_variables", "get_undeclared_variables.docx", _fijo({
        "name": "John Doe", "age": 25, "email": "john@example.com", "is_student": True, "has_degree": True,
        "degree_field": "Computer Science", "skills": ["Python", "Django", "JavaScript"],
        "projects": [{"name": "Project A", "year": 2023, "description": "A great project"},
                     {"name": "Project B", "year": 2024, "description": "Another great project"}],
        "company_name": "Test Corp", "page_number": 1, "generation_date": "2024-01-15", "author": "Test Author"})),
    Caso("header_footer", "header_footer_tpl.docx",
         _cabecera("Header and footer test", "The World Wide company",
                   "This is a sub-document to check it does not break header and footer")),
    Caso("header_footer_utf8", "header_footer_tpl_utf8.docx",
         _cabecera("헤더와 푸터", "세계적 회사", "This is a sub-document to check it does not break header and footer "
                   "with utf-8 characters inside the template .docx")),
    Caso("header_footer_entities", "header_footer_entities_tpl.docx", _fijo({"title": "Header and footer test"})),
    Caso("header_footer_image", "header_footer_image_tpl.docx", _reemplazar_medio),
    Caso("header_footer_inline_image", "header_footer_inline_image_tpl.docx", _imagen_en_cabecera),
    Caso("horizontal_merge", "horizontal_merge_tpl.docx", _fijo({})),
    Caso("inline_image", "inline_image_tpl.docx", _imagenes, _env_autoescape),
    Caso("less_cells_after_loop", "less_cells_after_loop_tpl.docx", _fijo({})),
    Caso("merge_docx", "merge_docx_master_tpl.docx",
         lambda tpl, img: {"mysubdoc": tpl.new_subdoc(str(img["merge_docx_subdoc.docx"]))}),
    Caso("merge_paragraph", "merge_paragraph_tpl.docx", _fijo({"living_in_town": True})),
    Caso("module_execute", "module_execute_tpl.docx", _json("module_execute.json")),
    Caso("multi_rendering", "multi_rendering_tpl.docx",
         _fijo({"title": "Title ONE", "body": "This is the body for first document"}),
         repeticiones=[_fijo({"title": "Title TWO", "body": "This is the body for second document"}),
                       _fijo({"title": "Title THREE", "body": "This is the body for third document"})]),
    Caso("nested_for", "nested_for_tpl.docx", _fijo({
        "dishes": [{"name": "Pizza", "ingredients": ["bread", "tomato", "ham", "cheese"]},
                   {"name": "Hamburger", "ingredients": ["bread", "chopped steak", "cheese", "sauce"]},
                   {"name": "Apple pie", "ingredients": ["flour", "apples", "suggar", "quince jelly"]}],
        "authors": [{"name": "Saint-Exupery", "books": [{"title": "Le petit prince"}, {"title": "L'aviateur"},
                                                         {"title": "Vol de nuit"}]},
                    {"name": "Barjavel", "books": [{"title": "Ravage"}, {"title": "La nuit des temps"},
                                                   {"title": "Le grand secret"}]}]})),
    Caso("order", "order_tpl.docx", _fijo(PEDIDO)),
    Caso("preserve_spaces", "preserve_spaces_tpl.docx", _fijo({"tag_1": "looking", "tag_2": "too"})),
    Caso("replace_picture", "replace_picture_tpl.docx", _reemplazar_imagen),
    Caso("richtext", "richtext_tpl.docx", _richtext),
    Caso("richtext_and_if", "richtext_and_if_tpl.docx", _fijo({"foobar": RichText("Foobar!", color="ff0000")})),
    Caso("richtext_eastAsia", "richtext_eastAsia_tpl.docx", _fijo({
        "example": RichText("测试TEST", font="eastAsia:Microsoft YaHei"),
        "Chinese": RichText("测试TEST", font="eastAsia:微软雅黑"),
        "simsun": RichText("测试TEST", font="eastAsia:SimSun")})),
    Caso("richtext_paragraph", "richtext_paragraph_tpl.docx", _richtext_parrafo),
    Caso("subdoc", "subdoc_tpl.docx", _subdoc),
    Caso("vertical_merge", "vertical_merge_tpl.docx", _fijo(dict(
        {k: v for k, v in PEDIDO.items() if k in ("items", "total_price")}, category="Book"))),
    Caso("vertical_merge_nested", "vertical_merge_nested_tpl.docx", _fijo({})),
    Caso("word2016", "word2016_tpl.docx", _fijo({
        "test_space": "          ", "test_tabs": 5 * "\t", "test_space_r": RichText("          "),
        "test_tabs_r": RichText(5 * "\t")})),
]


def recursos(corpus: Path, carpeta: Path) -> dict[str, Path]:
    """Everything the cases load besides their template: drawn pictures and the corpus files scripts use."""
    rutas = dibujar_imagenes(carpeta)
    medio = carpeta / "dummy_pic_for_header.png"
    medio.write_bytes(medio_de_cabecera(corpus))
    rutas[medio.name] = medio
    for nombre in ("embedded_dummy.docx", "embedded_dummy2.docx", "embedded_static_docx.docx",
                   "merge_docx_subdoc.docx", "module_execute.json"):
        rutas[nombre] = corpus / CARPETA / nombre
    # embedded.py first renders the template that goes inside the main one
    from docxtpl import DocxTemplate

    interno = DocxTemplate(corpus / CARPETA / "embedded_embedded_docx_tpl.docx")
    interno.render({"name": "John Doe"})
    rutas["embedded_embedded_docx.docx"] = carpeta / "embedded_embedded_docx.docx"
    interno.save(rutas["embedded_embedded_docx.docx"])
    return rutas


def render_docxtpl(caso: Caso, corpus: Path, img: dict[str, Path]) -> list[bytes]:
    """Plain docxtpl, as the case's script runs it (one DocxTemplate; several renders for multi_rendering)."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(corpus / CARPETA / caso.plantilla)
    salidas = []
    for preparar in [caso.preparar, *caso.repeticiones]:
        contexto = preparar(tpl, img)
        tpl.render(contexto, caso.entorno(), autoescape=caso.autoescape)
        salida = io.BytesIO()
        tpl.save(salida)
        salidas.append(salida.getvalue())
    return salidas


def render_compilado(caso: Caso, corpus: Path, img: dict[str, Path]) -> list[bytes]:
    """The same case through ``PlantillaCompilada`` (compiled once, rendered as many times as the script does)."""
    from archivo.plantillas.render import PlantillaCompilada

    env = caso.entorno()
    if caso.autoescape:
        env.autoescape = True
    pc = PlantillaCompilada((corpus / CARPETA / caso.plantilla).read_bytes(), env)
    return [pc.render(preparar(pc, img)) for preparar in [caso.preparar, *caso.repeticiones]]


def partes(datos: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(datos)) as z:
        return {n: z.read(n) for n in z.namelist()}
