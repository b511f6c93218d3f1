"""Configuración (administración): archivo.toml as a form built from the configuration module's declared schema
(``configuracion.describir_esquema``), validated by the same module (every problem at once, beside its field,
nothing saved until all are fixed) and written back with ``configuracion.guardar`` (comments kept, audited).

Field names: ``tabla.clave`` («institucion.siglas», «sesiones.comision.dia_calendario»); list tables
``tabla.N.clave`` («areas.0.siglas», from 0 in the form, from 1 in the module's messages); free-key tables (the
folio series) ``folios.N._clave`` and ``folios.N._valor``. Tables the form does not show (another package's) are kept
as they are in the file.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from starlette.responses import Response

from archivo.base import configuracion
from archivo.base.errors import EntradaInvalida
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion

_LISTA = re.compile(r"[,;\n]+")


def _es_lista(clave: dict[str, Any]) -> bool:
    return clave["tipo"].startswith("lista")


def _es_entero(clave: dict[str, Any]) -> bool:
    return clave["tipo"].startswith("número entero")


def _es_booleano(clave: dict[str, Any]) -> bool:
    return clave["tipo"].startswith("verdadero o falso")


def _tablas() -> list[dict[str, Any]]:
    """The declared tables, sub-tables flattened after their table."""
    salida = []

    def agregar(t: dict[str, Any]) -> None:
        salida.append(t)
        for s in t["subtablas"]:
            agregar(s)

    for t in configuracion.describir_esquema():
        agregar(t)
    return salida


def _obtener(datos: dict[str, Any], ruta: str) -> Any:
    valor: Any = datos
    for parte in ruta.split("."):
        if not isinstance(valor, dict):
            return None
        valor = valor.get(parte)
    return valor


def _poner(datos: dict[str, Any], ruta: str, valor: Any) -> None:
    partes = ruta.split(".")
    destino = datos
    for parte in partes[:-1]:
        destino = destino.setdefault(parte, {})
    destino[partes[-1]] = valor


def _texto(valor: Any) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):  # as TOML writes it (the form's «Sí»/«No» options carry these values)
        return "true" if valor else "false"
    if isinstance(valor, list):
        return "\n".join(str(v) for v in valor)
    return str(valor)


def _defecto(clave: dict[str, Any]) -> str:
    d = clave["defecto"]
    if isinstance(d, dict) and "igual_a" in d:
        return f"igual que «{d['igual_a']}»"
    if d in (None, "", []):
        return ""
    return _texto(d).replace("\n", ", ")


def _valores_del_archivo(escrita: dict[str, Any], tablas: list[dict[str, Any]]) -> dict[str, Any]:
    valores: dict[str, Any] = {}
    for t in tablas:
        contenido = _obtener(escrita, t["nombre"])
        if t["lista"]:
            filas = contenido if isinstance(contenido, list) else []
            valores[t["nombre"]] = [{c["nombre"]: _texto(f.get(c["nombre"])) for c in t["claves"]}
                                    for f in filas if isinstance(f, dict)] or [{c["nombre"]: "" for c in t["claves"]}]
        elif t["claves_libres"]:
            pares = contenido if isinstance(contenido, dict) else {}
            valores[t["nombre"]] = [{"_clave": k, "_valor": _texto(v)} for k, v in pares.items()
                                    if not isinstance(v, dict)] or [{"_clave": "", "_valor": ""}]
        else:
            for c in t["claves"]:
                valores[f"{t['nombre']}.{c['nombre']}"] = _texto((contenido or {}).get(c["nombre"])
                                                                 if isinstance(contenido, dict) else None)
    return valores


def _filas_del_formulario(p: Peticion, tabla: str) -> list[dict[str, str]]:
    patron = re.compile(rf"^{re.escape(tabla)}\.(\d+)\.([A-Za-z_]+)$")
    filas: dict[int, dict[str, str]] = {}
    for clave, valor in p.campos().items():
        m = patron.match(clave)
        if m and int(m.group(1)) < 200:
            filas.setdefault(int(m.group(1)), {})[m.group(2)] = valor
    return [filas[i] for i in sorted(filas)]


def _convertir(clave: dict[str, Any], texto: str) -> Any:
    """The form's text as the TOML value the schema expects (a wrong one stays text: validation names it)."""
    texto = texto.strip()
    if _es_lista(clave):
        partes = [x.strip() for x in _LISTA.split(texto) if x.strip()]
        return [int(x) if x.isdigit() else x for x in partes]
    if _es_entero(clave) and re.fullmatch(r"-?\d+", texto):
        return int(texto)
    if _es_booleano(clave) and texto in ("true", "false"):
        return texto == "true"
    return texto


def _datos_del_formulario(p: Peticion, tablas: list[dict[str, Any]], escrita: dict[str, Any]
                          ) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the whole archivo.toml as a dict, values to show again): the form's tables over what the file has."""
    datos = copy.deepcopy(escrita)
    valores: dict[str, Any] = {}
    for t in tablas:
        nombre = t["nombre"]
        if t["lista"]:
            filas = _filas_del_formulario(p, nombre)
            valores[nombre] = filas or [{c["nombre"]: "" for c in t["claves"]}]
            lista = []
            for fila in filas:
                if not any(v.strip() for v in fila.values()):
                    continue
                lista.append({c["nombre"]: _convertir(c, fila.get(c["nombre"], "")) for c in t["claves"]
                              if fila.get(c["nombre"], "").strip() or c["requerida"]})
            _poner(datos, nombre, lista)
        elif t["claves_libres"]:
            filas = _filas_del_formulario(p, nombre)
            valores[nombre] = filas or [{"_clave": "", "_valor": ""}]
            anterior = _obtener(datos, nombre)
            subtablas = {k: v for k, v in (anterior or {}).items() if isinstance(v, dict)}
            _poner(datos, nombre, {**{f["_clave"].strip(): f.get("_valor", "").strip() for f in filas
                                      if f.get("_clave", "").strip() or f.get("_valor", "").strip()}, **subtablas})
        else:
            actual = _obtener(datos, nombre)
            tabla = dict(actual) if isinstance(actual, dict) else {}
            for c in t["claves"]:
                campo = f"{nombre}.{c['nombre']}"
                texto = p.valor(campo)
                valores[campo] = texto
                if texto.strip():
                    tabla[c["nombre"]] = _convertir(c, texto)
                else:
                    tabla.pop(c["nombre"], None)  # empty: the default applies (or «falta» if required)
            if tabla or t["requerida"] or isinstance(actual, dict):
                _poner(datos, nombre, tabla)
    return datos, valores


def _campo_formulario(campo: str) -> str:
    """The module's «areas.2.siglas» (lists from 1) as the form's «areas.1.siglas» (from 0)."""
    return re.sub(r"\.(\d+)(\.|$)", lambda m: f".{int(m.group(1)) - 1}{m.group(2)}", campo)


def configurar(p: Peticion) -> Response:
    tablas = _tablas()
    config = p.raiz.config
    etiquetas = {f"{t['nombre']}.{c['nombre']}": c["descripcion"] for t in tablas for c in t["claves"]}
    f = Formulario(_valores_del_archivo(config.escrita, tablas), etiquetas)
    if p.request.method == "POST":
        datos, valores = _datos_del_formulario(p, tablas, config.escrita)
        f.valores = valores
        accion = p.valor("_accion")
        if accion.startswith(("agregar:", "quitar:")):
            _filas_tabla(f, tablas, accion)
        else:
            problemas = configuracion.validar(datos)
            for pr in problemas:
                campo = _campo_formulario(getattr(pr, "campo", "") or "")
                falta = re.search(r"falta «([^»]+)»", pr.mensaje)
                if falta and f"{campo}.{falta.group(1)}" in f.valores:  # a required key missing from its table
                    campo = f"{campo}.{falta.group(1)}"
                texto = pr.mensaje + (f" ({pr.sugerencia})" if pr.sugerencia else "")
                if campo and (campo in f.valores or campo.rsplit(".", 1)[0] in f.valores or
                              re.match(r"^[a-z_.]+\.\d+\.[A-Za-z_]+$", campo)):
                    f.error(campo, texto[:1].upper() + texto[1:])
                else:
                    f.error(None, f"{pr.lugar}: {texto}")
            if problemas:
                f.titulo_error = f"La configuración tiene {len(problemas)} problema(s); no se guardó nada"
            else:
                try:
                    with p.cat.transaccion("cambiar la configuración") as tx:
                        configuracion.guardar(p.raiz.archivo_toml, datos, tx=tx)
                except EntradaInvalida as e:
                    f.desde_error(e)
                else:
                    p.raiz._config = None  # the portal reads the new archivo.toml from now on
                    return p.redirigir("/configuracion", "Configuración guardada en archivo.toml; los cambios se "
                                       "aplican desde ahora.")
    return p.render("configuracion.html", estado=200 if f.valido else 400, f=f, tablas=tablas,
                    defecto=_defecto, es_lista=_es_lista, es_booleano=_es_booleano, ejemplos=config.valores_de_ejemplo(),
                    titulo="Configuración del archivo")


def _filas_tabla(f: Formulario, tablas: list[dict[str, Any]], accion: str) -> None:
    partes = accion.split(":")
    tabla = next((t for t in tablas if t["nombre"] == (partes[1] if len(partes) > 1 else "")), None)
    if tabla is None:
        return
    vacia = {"_clave": "", "_valor": ""} if tabla["claves_libres"] else {c["nombre"]: "" for c in tabla["claves"]}
    filas = list(f.valores.get(tabla["nombre"]) or [])
    if partes[0] == "agregar":
        filas.append(vacia)
    elif len(partes) == 3 and partes[2].isdigit() and int(partes[2]) < len(filas):
        del filas[int(partes[2])]
    f.valores[tabla["nombre"]] = filas or [vacia]

