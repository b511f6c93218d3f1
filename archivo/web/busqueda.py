"""Búsqueda: one box with the CLI's query language, filters as facets with counts, highlighted fragments, pages,
«similares», and results as one types (the same page returns only its results part to the page's script)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response

from archivo import busqueda
from archivo import mecanismos as mec
from archivo.archivistica import expedientes as exps
from archivo.archivistica.expedientes import NOMBRES_TIPO
from archivo.base.errors import EntradaInvalida
from archivo.busqueda.motor import valor_filtro
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion

POR_PAGINA = 20
ESPERA_INDICE_S = 0.5  # right after an issue the index is being updated: wait this long, then search what it has
FILTROS = ("tipo", "mecanismo", "persona", "area", "origen", "desde", "hasta")
ETIQUETAS = {"q": "Qué buscar", "tipo": "Tipo", "mecanismo": "Mecanismo", "persona": "Persona (clave)",
             "area": "Área", "origen": "Origen", "desde": "Desde", "hasta": "Hasta"}
NOMBRES_FACETA = {"tipo": "Tipo de documento", "mecanismo": "Mecanismo", "area": "Área", "origen": "Origen",
                  "anio": "Año"}
NOMBRES_ORIGEN = {"generado": "Emitidos en el archivo", "importado": "Importados (acervo)"}


def _nombres_valores(p: Peticion) -> dict[str, dict[str, str]]:
    """How each indexed (folded) facet value is shown and filtered: (folded value) -> (text, filter value)."""
    catalogo = mec.cargar(p.raiz)
    return {
        "tipo": {valor_filtro(k): v for k, v in NOMBRES_TIPO.items()},
        # the mechanisms of the catalog, and the expedientes «por mecanismo» other packages keep (comisión, gestión
        # documental), named by their expediente's title before the colon
        "mecanismo": {**{valor_filtro(e.referencia): e.titulo.split(":")[0] for e in exps.lista(p.cat, "mecanismo")},
                      **{valor_filtro(m.clave): m.nombre for m in catalogo.mecanismos.values()}},
        "area": {valor_filtro(a.siglas): a.siglas for a in p.raiz.config.areas},
        "origen": NOMBRES_ORIGEN,
    }


def _facetas(p: Peticion, resultado: busqueda.indice.Busqueda, valores: dict[str, str]) -> list[dict]:
    nombres = _nombres_valores(p)
    catalogo = mec.cargar(p.raiz)
    salida = []
    for campo, cuentas in resultado.facetas.items():
        opciones = []
        for valor, n in cuentas[:12]:
            if campo == "anio":
                texto, filtro = valor, {"desde": f"{valor}-01-01", "hasta": f"{valor}-12-31"}
                actual = valores.get("desde") == f"{valor}-01-01" and valores.get("hasta") == f"{valor}-12-31"
            else:
                texto = nombres.get(campo, {}).get(valor) or valor.replace("-", " ").capitalize()
                filtro_valor = valor
                if campo == "mecanismo":
                    filtro_valor = next((m.clave for m in catalogo.mecanismos.values() if valor_filtro(m.clave) == valor),
                                        valor)
                elif campo == "area":
                    filtro_valor = texto
                filtro = {campo: filtro_valor}
                actual = valor_filtro(valores.get(campo, "")) == valor
            consulta = {k: v for k, v in valores.items() if v and k not in filtro}
            if not actual:
                consulta.update(filtro)
            salida_url = "/buscar?" + urlencode(consulta)
            opciones.append({"texto": texto, "cuenta": n, "url": salida_url, "actual": actual})
        if opciones:
            salida.append({"nombre": NOMBRES_FACETA.get(campo, campo), "opciones": opciones})
    return salida


def buscar(p: Peticion) -> Response:
    valores = {"q": p.query("q"), **{k: p.query(k) for k in FILTROS}}
    f = Formulario(valores, ETIQUETAS)
    similares = p.query("similares")
    pagina = p.entero("pagina", 1, maximo=500)
    resultado = None
    referencia = None
    if similares:
        try:
            resultado = busqueda.similares(p.cat, similares, limite=POR_PAGINA)
            referencia = similares
        except EntradaInvalida as e:
            f.desde_error(e)
    elif valores["q"] or any(valores[k] for k in FILTROS):
        try:
            resultado = busqueda.buscar_pagina(
                p.cat, valores["q"], pagina=pagina, por_pagina=POR_PAGINA, tipo=valores["tipo"] or None,
                mecanismo=valores["mecanismo"] or None, persona=valores["persona"] or None,
                area=valores["area"] or None, desde=valores["desde"] or None, hasta=valores["hasta"] or None,
                origen=valores["origen"] or None, espera=ESPERA_INDICE_S,
                solo_propios=p.portal.indexador is not None)
        except EntradaInvalida as e:
            f.desde_error(e)
    total = resultado.total if resultado is not None and resultado.total is not None else (
        len(resultado) if resultado is not None else 0)
    paginas = max(1, -(-total // POR_PAGINA))
    consulta = urlencode({k: v for k, v in valores.items() if v})
    areas = [(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas]
    tipos = [(k, v) for k, v in NOMBRES_TIPO.items()]
    mecanismos = [(m.clave, m.nombre) for m in mec.cargar(p.raiz).mecanismos.values()]
    return p.render("busqueda/buscar.html", fragmento="busqueda/_resultados.html", f=f, resultado=resultado,
                    total=total, pagina=min(pagina, paginas), paginas=paginas, consulta=consulta,
                    facetas=_facetas(p, resultado, valores) if resultado is not None and resultado.facetas else [],
                    referencia=referencia, areas=areas, tipos=tipos, mecanismos=mecanismos,
                    nombres_tipo=NOMBRES_TIPO,
                    titulo=f"Búsqueda: {valores['q']}" if valores["q"] else "Búsqueda")
