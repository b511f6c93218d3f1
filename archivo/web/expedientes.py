"""Expedientes: the list by type, an expediente with its documents in order, its carátula and índice to download,
and closing it (role emisión)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response

from archivo.archivistica import expedientes as exps
from archivo.base.errors import ArchivoError, NoEncontrado, Problema
from archivo.base.formato import a_fecha
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo

POR_PAGINA = 50


def lista(p: Peticion) -> Response:
    tipo = p.query("tipo") if p.query("tipo") in exps.TIPOS else ""
    q = p.query("q")
    total, _ = exps.pagina(p.cat, tipo=tipo or None, texto=q, limite=0)
    paginas = max(1, -(-total // POR_PAGINA))
    pagina = min(p.entero("pagina", 1), paginas)
    _, filas = exps.pagina(p.cat, tipo=tipo or None, texto=q, limite=POR_PAGINA, desde=(pagina - 1) * POR_PAGINA)
    return p.render("expedientes/lista.html", expedientes=filas, tipo=tipo, q=q,
                    tipos=exps.TIPOS, cuentas=exps.cuentas_por_tipo(p.cat), total=total, pagina=pagina, paginas=paginas,
                    consulta=urlencode({k: v for k, v in (("tipo", tipo), ("q", q)) if v}), titulo="Expedientes")


def ver(p: Peticion) -> Response:
    exp = exps.por_id(p.cat, int(p.param("id")))
    docs = exps.documentos_de(p.cat, exp)
    f = Formulario({"fecha": ""}, {"fecha": "Fecha de cierre"})
    enlace = None
    if exp.tipo == "persona":
        enlace = (f"/personal/{exp.referencia}", "Ficha de la persona")
    elif exp.tipo == "procedimiento":
        enlace = (f"/procedimientos/{exp.referencia}", "Página del procedimiento")
    return p.render("expedientes/ver.html", exp=exp, documentos=docs, f=f, enlace=enlace,
                    nombre_tipo=exps.TIPOS.get(exp.tipo, exp.tipo), nombres_tipo=exps.NOMBRES_TIPO,
                    titulo=f"Expediente {exp.numero}")


def _derivado(p: Peticion, nombre: str) -> Response:
    exp = exps.por_id(p.cat, int(p.param("id")))
    ruta = exps.derivado_listo(p.cat, p.raiz, exp, nombre)
    if ruta is None:
        raise NoEncontrado(f"El expediente {exp.numero} aún no tiene su {nombre.removesuffix('.docx')}; se genera "
                           "después de su primer cambio. Vuelva a intentarlo en un momento.")
    return archivo(ruta, f"{nombre.removesuffix('.docx')}-{exp.numero.replace('/', '-')}.docx")


def caratula(p: Peticion) -> Response:
    return _derivado(p, exps.CARATULA)


def indice(p: Peticion) -> Response:
    return _derivado(p, exps.INDICE)


def cerrar(p: Peticion) -> Response:
    exp = exps.por_id(p.cat, int(p.param("id")))
    texto = p.valor("fecha").strip()
    try:
        fecha = a_fecha(texto) if texto else None
    except ValueError as e:
        f = Formulario({"fecha": texto}, {"fecha": "Fecha de cierre"}).problemas([Problema("fecha", str(e))])
        return p.render("expedientes/ver.html", estado=400, exp=exp, documentos=exps.documentos_de(p.cat, exp), f=f,
                        enlace=None, nombre_tipo=exps.TIPOS.get(exp.tipo, exp.tipo), nombres_tipo=exps.NOMBRES_TIPO,
                        titulo=f"Expediente {exp.numero}")
    try:
        cerrado = exps.cerrar(p.cat, exp.id, fecha)
    except ArchivoError as e:
        p.mensaje(e.mensaje, "aviso")
        return p.redirigir(f"/expedientes/{exp.id}")
    return p.redirigir(f"/expedientes/{exp.id}", f"Expediente {cerrado.numero} cerrado el "
                       f"{cerrado.fecha_cierre}; ya no admite documentos nuevos y su carátula se actualizó.")
