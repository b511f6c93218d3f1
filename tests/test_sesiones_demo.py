"""The demo's session: at least five points with their documents, and a carpeta whose bookmarks, page numbers
and index are right (the «done when» of issue 6), checked on the files the demo leaves on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from archivo import sesiones
from archivo.archivistica import documentos
from archivo.base.catalogo import Catalogo
from archivo.base.fsutil import sha256_file
from tests.utilidades import marcadores, paginas_del_indice


@pytest.mark.lento
@pytest.mark.libreoffice
def test_demo_sesion_con_carpeta(tmp_path: Path, soffice: str) -> None:
    from archivo.demo import construir

    lineas: list[str] = []
    raiz = construir(tmp_path / "demo", mostrar=lineas.append)
    assert any("Carpeta de la sesión:" in linea for linea in lineas)
    with Catalogo.abrir(raiz, usuario="prueba") as cat:
        [ses] = [s for s in sesiones.lista(cat, organo="comision") if sesiones.carpetas(cat, s.id)]
        puntos = sesiones.orden_del_dia(cat, ses.id)
        todos = sesiones.recorrer(puntos)
        assert len(puntos) >= 5
        documentos_sesion = [d for p in todos for d in p.documentos]
        assert len(documentos_sesion) >= 6
        assert any(d.origen == "importado" and d.ruta.endswith(".pdf") for d in documentos_sesion)
        assert {"informe", "programa", "dictamen", "orden-del-dia"} <= {d.tipo for d in documentos_sesion}
        # nothing is missing: every point has its documents or takes none (the roll call, asuntos generales)
        assert [p.numero for p in todos if p.pendiente] == []
        assert [p.titulo for p in todos if p.sin_documentos] == ["Lista de asistencia y declaración de quórum.",
                                                                 "Asuntos generales."]
        [carpeta] = documentos.lista(cat, tipo="carpeta")
        ruta = carpeta.archivo(raiz)
        assert carpeta.sha256 == sha256_file(ruta)
        assert ruta.parent == cat.raiz.absoluta(
            cat.uno("SELECT ruta FROM expedientes WHERE id = ?", (ses.expediente_id,))["ruta"])

    lector = PdfReader(ruta)
    n = len(lector.pages)
    textos = [p.extract_text() for p in lector.pages]
    assert all(f"Página {i} de {n}" in t for i, t in enumerate(textos, start=1))
    arbol = marcadores(lector)
    assert [t for t, _, _ in arbol] == [f"{p.numero}. {p.titulo}" for p in puntos]  # one bookmark per point
    contenido = ruta.read_bytes()

    def paginas_de_documentos(nodos: list) -> list[int]:
        """Pages of the document bookmarks (the ones that are not «N. point» bookmarks)."""
        paginas = []
        for titulo, pagina, hijos in nodos:
            if re.match(r"\d+(\.\d+)*\. ", titulo):
                paginas += paginas_de_documentos(hijos)
            else:
                paginas.append(pagina)
        return paginas

    # cover and index come before the first document (whose own text may say «ORDEN DEL DÍA»)
    preliminares = min(paginas_de_documentos(arbol)) - 1
    impresas = paginas_del_indice(contenido, range(1, preliminares))
    assert set(impresas) == {p.numero for p in todos}
    for p in todos:
        if p.documentos:
            # the page the index gives is the first page of the point's first document: its folio (or, for the
            # documents without folio, their own heading) is printed there
            pagina = impresas[p.numero]
            primero = p.documentos[0]
            marca = primero.folio or {"orden-del-dia": "Secretaría Técnica: ",
                                      "importado": "INE/DESPEN/2817/2024"}[primero.tipo]
            assert pagina is not None and marca in textos[pagina - 1], f"punto {p.numero}: el índice dice {pagina}"
            assert marca not in textos[pagina - 2], f"punto {p.numero}: su documento empieza antes de la página {pagina}"
        elif any(s.documentos for s in sesiones.recorrer(p.subpuntos)):
            primero_con = next(s for s in sesiones.recorrer(p.subpuntos) if s.documentos)
            assert impresas[p.numero] == impresas[primero_con.numero]  # a point starts where its first sub-point does
        else:
            assert impresas[p.numero] is None
