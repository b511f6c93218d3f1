"""What the portal's session pages need from the library: points that take no documents (and what is still
missing), moving a point in and out of a level, documents found by an imported acuerdo's own number, and the
carpeta built as a background job with its progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from archivo import sesiones
from archivo.base import historial, trabajos
from archivo.base.catalogo import Catalogo
from archivo.base.errors import EntradaInvalida, NoEncontrado
from archivo.busqueda import acervo
from tests.utilidades import marcadores, pdf


@pytest.fixture
def sesion(cat: Catalogo) -> sesiones.Sesion:
    s = sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", hora="11:00")
    sesiones.agregar_punto(cat, s.id, "Lista de asistencia y declaración de quórum.", sin_documentos=True)
    sesiones.agregar_punto(cat, s.id, "Informes.")
    sesiones.agregar_punto(cat, s.id, "Comunicaciones.")
    return s


def _numeros(cat: Catalogo, s: sesiones.Sesion) -> list[tuple[str, str]]:
    return [(p.numero, p.titulo) for p in sesiones.recorrer(sesiones.orden_del_dia(cat, s.id))]


def test_lo_que_falta_excluye_los_puntos_sin_documentos(cat: Catalogo, sesion, tmp_path: Path) -> None:
    puntos = sesiones.recorrer(sesiones.orden_del_dia(cat, sesion.id))
    assert [(p.numero, p.sin_documentos, p.pendiente) for p in puntos] == [
        ("1", True, False), ("2", False, True), ("3", False, True)]
    sesiones.adjuntar(cat, sesion.id, "3", pdfs=[pdf(tmp_path / "oficio.pdf", "OFICIO")])
    sesiones.agregar_punto(cat, sesion.id, "Informe del PAT.", dentro_de="2")
    puntos = sesiones.recorrer(sesiones.orden_del_dia(cat, sesion.id))
    # 2 has a sub-point now (which is the one waiting), 3 has its PDF
    assert [p.numero for p in puntos if p.pendiente] == ["2.1"]
    sesiones.marcar_sin_documentos(cat, sesion.id, "2.1")
    assert not any(p.pendiente for p in sesiones.recorrer(sesiones.orden_del_dia(cat, sesion.id)))
    sesiones.marcar_sin_documentos(cat, sesion.id, "2.1", False)
    assert [p.numero for p in sesiones.recorrer(sesiones.orden_del_dia(cat, sesion.id)) if p.pendiente] == ["2.1"]
    # the change reads in words in the audit log
    ultimo = historial.consultar(cat, entidad="sesion").registros[0]
    assert ultimo.lineas == ["No lleva documentos: sí → no"]


def test_anidar_y_sacar_un_punto_con_sus_subpuntos(cat: Catalogo, sesion) -> None:
    sesiones.agregar_punto(cat, sesion.id, "Oficio de la DESPEN.", dentro_de="3")
    assert sesiones.anidar_punto(cat, sesion.id, "3", "adentro") == "2.1"
    assert _numeros(cat, sesion) == [("1", "Lista de asistencia y declaración de quórum."), ("2", "Informes."),
                                     ("2.1", "Comunicaciones."), ("2.1.1", "Oficio de la DESPEN.")]
    # three levels at most: 2.2 (with its sub-point) cannot go inside 2.1, a point of the second level
    sesiones.agregar_punto(cat, sesion.id, "Informe del PAT.", dentro_de="2")
    sesiones.agregar_punto(cat, sesion.id, "Anexo.", dentro_de="2.2")
    with pytest.raises(EntradaInvalida, match="hasta 3 niveles"):
        sesiones.anidar_punto(cat, sesion.id, "2.2", "adentro")
    sesiones.quitar_punto(cat, sesion.id, "2.2")
    with pytest.raises(EntradaInvalida, match="es el primero de su nivel"):
        sesiones.anidar_punto(cat, sesion.id, "1", "adentro")
    with pytest.raises(EntradaInvalida, match="ya está en el primer nivel"):
        sesiones.anidar_punto(cat, sesion.id, "2", "afuera")
    assert sesiones.anidar_punto(cat, sesion.id, "2.1", "afuera") == "3"
    assert _numeros(cat, sesion)[2:] == [("3", "Comunicaciones."), ("3.1", "Oficio de la DESPEN.")]
    assert sesiones.anidar_punto(cat, sesion.id, "3.1", "afuera") == "4"
    assert [n for n, _ in _numeros(cat, sesion)] == ["1", "2", "3", "4"]


def test_adjuntar_un_acuerdo_importado_por_su_propio_numero(cat: Catalogo, sesion, tmp_path: Path) -> None:
    texto = tmp_path / "acuerdo-consejo.txt"
    texto.write_text("ACUERDO IEM-CG-24/2014 DEL CONSEJO GENERAL DEL INSTITUTO ELECTORAL DE MICHOACÁN, POR EL QUE "
                     "SE APRUEBA EL PROGRAMA ANUAL DE TRABAJO. Morelia, Michoacán, a 15 de mayo de 2014.",
                     encoding="utf-8")
    informe = acervo.importar(cat, [texto])
    importado = informe.archivos[0]
    assert importado.numero == "IEM-CG-24/2014"
    doc = sesiones.resolver_documento(cat, "iem-cg-24/2014 ")
    assert doc.id == importado.documento_id and doc.folio is None
    # the carpeta takes Word and PDF only: a .txt is refused with its reason, beside the number typed
    with pytest.raises(EntradaInvalida) as e:
        sesiones.adjuntar(cat, sesion.id, "2", ["IEM-CG-24/2014"])
    assert e.value.problemas[0].lugar == "IEM-CG-24/2014" and "no puede ir en la carpeta" in e.value.problemas[0].mensaje
    with pytest.raises(NoEncontrado, match="IEM-CG-99/2014"):
        sesiones.resolver_documento(cat, "IEM-CG-99/2014")
    acuerdo = tmp_path / "acuerdo.pdf"
    pdf(acuerdo, "ACUERDO IEM-CG-25/2014 DEL CONSEJO GENERAL")
    acervo.importar(cat, [acuerdo])
    r = sesiones.adjuntar(cat, sesion.id, "2", ["IEM-CG-25/2014"])
    assert [d.asunto for d in r.adjuntados] == [sesiones.resolver_documento(cat, "IEM-CG-25/2014").asunto]


def test_carpeta_como_trabajo_con_avance_y_version(cat: Catalogo, sesion, tmp_path: Path) -> None:
    sesiones.adjuntar(cat, sesion.id, "2", pdfs=[pdf(tmp_path / "informe.pdf", "INFORME", 2)])
    sesiones.adjuntar(cat, sesion.id, "3", pdfs=[pdf(tmp_path / "oficio.pdf", "OFICIO", 2)])
    t = sesiones.encolar_carpeta(cat, sesion.id)
    # asking again while it waits gives the same job, not a second build
    assert sesiones.encolar_carpeta(cat, sesion.id).id == t.id
    assert sesiones.trabajo_de(cat, sesion.id, activo=True).id == t.id
    assert trabajos.reclamar(cat, t.id)
    fin = trabajos.ejecutar(cat.raiz, t.id)
    assert fin.estado == "terminado", fin.mensaje
    assert (fin.hechos, fin.total, fin.porcentaje) == (5, 5, 100)
    assert fin.resultado["version"] == 1 and fin.mensaje.startswith("Carpeta lista: versión 1")
    assert sesiones.trabajo_de(cat, sesion.id, activo=True) is None
    (carpeta,) = sesiones.carpetas(cat, sesion.id)
    assert carpeta["documento_id"] == fin.resultado["documento"]
    lector = PdfReader(cat.raiz.absoluta(carpeta["ruta"]))
    assert [t for t, _, _ in marcadores(lector)] == ["1. Lista de asistencia y declaración de quórum.",
                                                     "2. Informes.", "3. Comunicaciones."]
    n = len(lector.pages)
    assert f"Página {n} de {n}" in lector.pages[-1].extract_text()
    # run again after an interruption (same job, nothing changed): the carpeta already filed is its result
    with cat.transaccion("simular interrupción") as tx:
        tx.execute("UPDATE trabajos SET estado = 'pendiente' WHERE id = ?", (t.id,))
    assert trabajos.reclamar(cat, t.id)
    assert trabajos.ejecutar(cat.raiz, t.id).resultado["version"] == 1
    assert len(sesiones.carpetas(cat, sesion.id)) == 1
    # a new request builds a new version, even if the latest one (built by someone else) is up to date
    nuevo = sesiones.encolar_carpeta(cat, sesion.id)
    assert nuevo.id != t.id and nuevo.parametros["version_previa"] == 1
    assert trabajos.reclamar(cat, nuevo.id)
    assert trabajos.ejecutar(cat.raiz, nuevo.id).resultado["version"] == 2
    assert [c["version"] for c in sesiones.carpetas(cat, sesion.id)] == [1, 2]


def test_carpeta_con_problemas_se_informa_al_pedirla(cat: Catalogo, sesion, tmp_path: Path) -> None:
    vacia = sesiones.nueva(cat, organo="consejo", tipo="extraordinaria", fecha="2025-04-10")
    with pytest.raises(EntradaInvalida, match="no tiene orden del día"):
        sesiones.encolar_carpeta(cat, vacia.id)
    r = sesiones.adjuntar(cat, sesion.id, "2", pdfs=[pdf(tmp_path / "informe.pdf", "INFORME")])
    cat.raiz.absoluta(r.adjuntados[0].ruta).write_bytes(b"%PDF-1.4 alterado")
    with pytest.raises(EntradaInvalida) as e:
        sesiones.encolar_carpeta(cat, sesion.id)
    assert "fue alterado" in e.value.problemas[0].mensaje and e.value.problemas[0].lugar.startswith("punto 2")
    assert cat.uno("SELECT COUNT(*) FROM trabajos")[0] == 0


def test_buscar_en_un_archivo_sin_documentos_no_falla(cat: Catalogo) -> None:
    # a new archive has an empty index: a search answers «nothing found», it does not fail
    candidatos, _ = sesiones.buscar_documentos(cat, "informe")
    assert candidatos == []


def test_numero_de_sesion_escrito_en_un_formulario(cat: Catalogo) -> None:
    with pytest.raises(EntradaInvalida) as e:
        sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", numero="9" * 30)
    assert "no es un número de sesión posible" in e.value.problemas[0].mensaje
    with pytest.raises(EntradaInvalida, match="«tres» no es un número de sesión"):
        sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", numero="tres")
    assert sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-03-27", numero=" 2 ").numero == 2
    assert sesiones.nueva(cat, organo="comision", tipo="ordinaria", fecha="2025-06-26", numero="").numero == 3
