"""Gestión documental in the portal: what is due, the cuadro and the CADIDO (view, edit, Excel), an expediente's
archival life and its actions (classify, close, transfer with ubicación, lend and return, baja), the instruments
issued (Word and Excel) and the export of a personal expediente for an access request.

Roles: consulta sees everything; captura records préstamos; emisión classifies, closes, transfers, gives de baja and
issues instruments (they carry folios); administración edits the cuadro and the CADIDO and exports personal data.
The pages call ``archivo.archivistica`` exactly as the CLI does.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from starlette.responses import Response

from archivo.archivistica import (
    acceso,
    cadido,
    clasificacion,
    cuadro,
    instrumentos,
    libros,
    transferencias,
    vida,
)
from archivo.archivistica import expedientes as exps
from archivo.archivistica.cadido import ACCESOS, DESTINOS, VALORES
from archivo.archivistica.transferencias import Traslado
from archivo.base import trabajos
from archivo.base.errors import ArchivoError, EntradaInvalida, NoEncontrado, Problema
from archivo.base.formato import a_fecha
from archivo.base.valores import a_id
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo, descarga, pagina_error

LIMITE_LIBRO = 5 * 1024 * 1024  # an Excel of the cuadro or the CADIDO

ETIQUETAS_ENTRADA = {"nivel": "Nivel", "codigo": "Código", "nombre": "Nombre", "padre": "Código del nivel superior",
                     "descripcion": "Descripción", "area": "Área responsable", "asignaciones": "Se asigna a"}
ETIQUETAS_CADIDO = {"valores": "Valores documentales", "plazo_tramite": "Años en el archivo de trámite",
                    "plazo_concentracion": "Años en el archivo de concentración", "destino": "Destino final",
                    "acceso": "Clasificación de acceso", "fundamento": "Fundamento de la clasificación",
                    "plazo_reserva": "Plazo de reserva (años)", "observaciones": "Observaciones"}
# The CLI's option names in the library's problems → this form's fields.
OPCIONES_CADIDO = {"--valores": "valores", "--tramite": "plazo_tramite", "--concentracion": "plazo_concentracion",
                   "--destino": "destino", "--acceso": "acceso", "--fundamento": "fundamento",
                   "--reserva": "plazo_reserva"}
ETIQUETAS_ACCIONES = {"serie": "Serie o subserie", "fecha_cierre": "Fecha de cierre", "solicitante": "Solicitante",
                      "area": "Área", "devolucion": "Fecha de devolución", "fecha_prestamo": "Fecha del préstamo",
                      "motivo_prestamo": "Motivo", "fecha_devuelto": "Fecha en que se devuelve",
                      "observaciones": "Observaciones", "solicitud": "Solicitud de acceso"}
ETIQUETAS_MOVIMIENTO = {"fecha": "Fecha", "motivo": "Motivo (si es antes de su plazo)", "recibe": "Quién recibe",
                        "caja": "Caja", "estante": "Estante"}
NOMBRES_MOVIMIENTO = {"primaria": "Transferencia primaria (al archivo de concentración)",
                      "secundaria": "Transferencia secundaria (al archivo histórico)",
                      "baja": "Baja documental"}


def _fecha(texto: str, campo: str, f: Formulario) -> date | None:
    if not texto.strip():
        return None
    try:
        return a_fecha(texto)
    except ValueError as e:
        f.error(campo, str(e))
        return None


# --- overview ---------------------------------------------------------------------------------------------


def inicio(p: Peticion) -> Response:
    """What is due (to a date), how many expedientes are in each archive, and the ways in."""
    f = Formulario({"al": p.query("al")}, {"al": "Hasta la fecha"})
    al = _fecha(p.query("al"), "al", f) or date.today()
    lista = vida.pendientes(p.cat, al)
    ids = {x.numero: exps.por_numero(p.cat, x.numero).id for x in lista}
    fases = {fila[0]: fila[1] for fila in p.cat.todos("SELECT fase, COUNT(*) FROM expedientes GROUP BY fase")}
    abiertos = p.cat.uno("SELECT COUNT(*) FROM expedientes WHERE estado = 'abierto'")[0]
    q = p.query("q")
    encontrados = []
    if q:
        patron = f"%{q}%"
        encontrados = [exps._de_fila(x) for x in p.cat.todos(
            "SELECT * FROM expedientes WHERE numero LIKE ? OR titulo LIKE ? OR referencia = ? ORDER BY numero "
            "LIMIT 51", (patron, patron, q))]
    return p.render("archivistica/inicio.html", estado=200 if f.valido else 400, f=f, al=al, pendientes=lista,
                    ids=ids, fases=fases, abiertos=abiertos, nombres_fase=exps.FASES, q=q,
                    encontrados=encontrados, revision=clasificacion.revisar(p.cat), titulo="Gestión documental")


def prestamos(p: Peticion) -> Response:
    lista = vida.prestamos(p.cat, pendientes=p.query("pendientes") == "1")
    return p.render("archivistica/prestamos.html", prestamos=lista, hoy_=date.today(),
                    solo_pendientes=p.query("pendientes") == "1", titulo="Préstamos de expedientes")


# --- cuadro ------------------------------------------------------------------------------------------------


def _libro_subido(p: Peticion, f: Formulario) -> Path | None:
    """The uploaded workbook in a temporary file (checked as a zip by content, not by its name)."""
    subidos = p.archivos("libro")
    if not subidos:
        f.error("libro", "elija el libro de Excel (.xlsx) que va a importar")
        return None
    datos = subidos[0].file.read()
    if not datos.startswith(b"PK\x03\x04"):
        f.error("libro", f"«{subidos[0].filename}» no es un libro de Excel (.xlsx)")
        return None
    destino = Path(tempfile.mkdtemp(prefix="archivo-libro-")) / "libro.xlsx"
    destino.write_bytes(datos)
    return destino


def cuadro_ver(p: Peticion, f: Formulario | None = None, estado: int = 200) -> Response:
    entradas = clasificacion.ver_cuadro(p.cat)
    usos = {fila[0]: fila[1] for fila in p.cat.todos(
        "SELECT serie_id, COUNT(*) FROM expedientes WHERE serie_id IS NOT NULL GROUP BY serie_id")}
    return p.render("archivistica/cuadro.html", estado=estado, entradas=entradas, usos=usos,
                    f=f or Formulario({}, {"libro": "Libro de Excel"}), titulo="Cuadro general de clasificación")


def cuadro_excel(p: Peticion) -> Response:
    clasificacion.preparar(p.cat)
    return descarga(libros.bytes_de(cuadro.libro_cuadro(p.cat)), "cuadro-de-clasificacion.xlsx")


def cuadro_importar(p: Peticion) -> Response:
    f = Formulario({}, {"libro": "Libro de Excel"})
    ruta = _libro_subido(p, f)
    if ruta is None:
        return cuadro_ver(p, f, 400)
    try:
        r = clasificacion.importar_cuadro(p.cat, ruta)
    except EntradaInvalida as e:
        f.generales.extend(str(x) for x in e.problemas)
        f.titulo_error = e.mensaje
        return cuadro_ver(p, f, 400)
    finally:
        ruta.unlink(missing_ok=True)
        ruta.parent.rmdir()
    return p.redirigir("/archivistica/cuadro", f"Cuadro importado: {len(r.creados)} entrada(s) nueva(s), "
                       f"{len(r.actualizados)} actualizada(s), {r.sin_cambios} sin cambios.")


def _opciones_padre(p: Peticion, nivel: str | None) -> list[tuple[str, str]]:
    entradas = clasificacion.ver_cuadro(p.cat)
    padres = {"seccion": ("fondo",), "serie": ("seccion",), "subserie": ("serie",)}.get(nivel or "",
                                                                                     ("fondo", "seccion", "serie"))
    return [(e.codigo, f"{e.codigo} {e.nombre}") for e in entradas if e.nivel in padres]


def entrada_nueva(p: Peticion) -> Response:
    f = Formulario(p.campos() if p.request.method == "POST" else {"nivel": p.query("nivel") or "serie",
                                                                   "padre": p.query("padre")}, ETIQUETAS_ENTRADA)
    if p.request.method == "POST":
        try:
            e = clasificacion.agregar_entrada(
                p.cat, nivel=p.valor("nivel"), codigo=p.valor("codigo"), nombre=p.valor("nombre"),
                padre=p.valor("padre"), descripcion=p.valor("descripcion"), area=p.valor("area"),
                asignaciones=cuadro.separar_asignaciones(p.valor("asignaciones")))
        except EntradaInvalida as e:
            f.desde_error(e)
        else:
            destino = f"/archivistica/cadido/{e.id}" if e.es_serie else "/archivistica/cuadro"
            return p.redirigir(destino, f"{e.nivel_nombre} {e.etiqueta} agregada al cuadro."
                               + (" Defina ahora su CADIDO." if e.es_serie else ""))
    return p.render("archivistica/entrada.html", estado=200 if f.valido else 400, f=f, entrada=None,
                    padres=_opciones_padre(p, None), areas=_areas(p), titulo="Nueva entrada del cuadro")


def _entrada(p: Peticion) -> cuadro.Entrada:
    clasificacion.preparar(p.cat)
    return cuadro.por_id(p.cat, int(p.param("id")))


def _areas(p: Peticion) -> list[tuple[str, str]]:
    return [(a.siglas, f"{a.siglas} — {a.nombre}") for a in p.raiz.config.areas]


def entrada_editar(p: Peticion) -> Response:
    e = _entrada(p)
    valores = {"codigo": e.codigo, "nivel": e.nivel, "nombre": e.nombre, "padre": e.padre or "",
               "descripcion": e.descripcion, "area": e.area, "asignaciones": ", ".join(e.asignaciones)}
    f = Formulario(valores | (p.campos() if p.request.method == "POST" else {}), ETIQUETAS_ENTRADA)
    if p.request.method == "POST":
        nuevas = cuadro.separar_asignaciones(p.valor("asignaciones"))
        try:
            e = clasificacion.editar_entrada(
                p.cat, e.codigo, nombre=p.valor("nombre"), padre=p.valor("padre") if e.nivel != "fondo" else None,
                descripcion=p.valor("descripcion"), area=p.valor("area"),
                asignar=[a for a in nuevas if a not in e.asignaciones],
                quitar=[a for a in e.asignaciones if a not in nuevas])
        except EntradaInvalida as err:
            f.desde_error(err)
        else:
            return p.redirigir("/archivistica/cuadro", f"{e.nivel_nombre} {e.etiqueta} actualizada.")
    usos = p.cat.uno("SELECT COUNT(*) FROM expedientes WHERE serie_id = ?", (e.id,))[0]
    return p.render("archivistica/entrada.html", estado=200 if f.valido else 400, f=f, entrada=e, usos=usos,
                    padres=_opciones_padre(p, e.nivel), areas=_areas(p), titulo=f"{e.nivel_nombre} {e.codigo}")


def entrada_baja(p: Peticion) -> Response:
    e = _entrada(p)
    try:
        clasificacion.quitar_entrada(p.cat, e.codigo)
    except EntradaInvalida as err:
        return pagina_error(p.portal, p.request, 400, err.mensaje, problemas=err.problemas, usuario=p.usuario)
    return p.redirigir("/archivistica/cuadro", f"{e.nivel_nombre} {e.etiqueta} quitada del cuadro.")


# --- CADIDO ------------------------------------------------------------------------------------------------


def cadido_ver(p: Peticion, f: Formulario | None = None, estado: int = 200) -> Response:
    return p.render("archivistica/cadido.html", estado=estado, lista=clasificacion.ver_cadido(p.cat),
                    f=f or Formulario({}, {"libro": "Libro de Excel"}), titulo="Catálogo de disposición documental")


def cadido_excel(p: Peticion) -> Response:
    clasificacion.preparar(p.cat)
    return descarga(libros.bytes_de(cadido.libro_cadido(p.cat)), "cadido.xlsx")


def cadido_importar(p: Peticion) -> Response:
    f = Formulario({}, {"libro": "Libro de Excel"})
    ruta = _libro_subido(p, f)
    if ruta is None:
        return cadido_ver(p, f, 400)
    try:
        r = clasificacion.importar_cadido(p.cat, ruta)
    except EntradaInvalida as e:
        f.generales.extend(str(x) for x in e.problemas)
        f.titulo_error = e.mensaje
        return cadido_ver(p, f, 400)
    finally:
        ruta.unlink(missing_ok=True)
        ruta.parent.rmdir()
    return p.redirigir("/archivistica/cadido", f"CADIDO importado: {len(r.actualizadas)} serie(s) actualizada(s), "
                       f"{r.sin_cambios} sin cambios.")


def cadido_editar(p: Peticion) -> Response:
    e = _entrada(p)
    d = cadido.obtener(p.cat, e.codigo)
    valores: dict[str, Any] = {"valores": list(d.valores), "plazo_tramite": d.plazo_tramite or "",
                               "plazo_concentracion": d.plazo_concentracion or "", "destino": d.destino or "",
                               "acceso": d.acceso, "fundamento": d.fundamento, "plazo_reserva": d.plazo_reserva or "",
                               "observaciones": d.observaciones}
    if d.plazo_tramite == 0:
        valores["plazo_tramite"] = "0"
    if d.plazo_concentracion == 0:
        valores["plazo_concentracion"] = "0"
    f = Formulario(valores, ETIQUETAS_CADIDO)
    if p.request.method == "POST":
        f.valores = p.campos() | {"valores": p.valores("valores")}
        try:
            d = clasificacion.editar_cadido(
                p.cat, e.codigo, valores=p.valores("valores"), plazo_tramite=p.valor("plazo_tramite"),
                plazo_concentracion=p.valor("plazo_concentracion"), destino=p.valor("destino"),
                acceso=p.valor("acceso"), fundamento=p.valor("fundamento"), plazo_reserva=p.valor("plazo_reserva"),
                observaciones=p.valor("observaciones"))
        except EntradaInvalida as err:
            f.titulo_error = err.mensaje
            for x in err.problemas:
                lugar = next((campo for opcion, campo in OPCIONES_CADIDO.items() if opcion in x.lugar), x.lugar)
                f.problema(Problema(lugar, x.mensaje, x.sugerencia))
        else:
            return p.redirigir("/archivistica/cadido", f"CADIDO de {d.codigo}: {d.valores_texto}; {d.vigencia_texto}; "
                               f"{d.destino_texto}; {d.acceso_texto}.")
    return p.render("archivistica/cadido_editar.html", estado=200 if f.valido else 400, f=f, entrada=e, d=d,
                    opciones_valores=list(VALORES.items()), destinos=list(DESTINOS.items()),
                    accesos=list(ACCESOS.items()), titulo=f"CADIDO de {e.codigo}")


# --- an expediente -----------------------------------------------------------------------------------------


def _series(p: Peticion) -> list[tuple[str, str]]:
    return [(e.codigo, f"{e.codigo} {e.nombre}") for e in cuadro.series(p.cat)]


def _ficha(p: Peticion, formularios: dict[str, Formulario] | None = None, estado: int = 200) -> Response:
    f = vida.ficha(p.cat, int(p.param("id")))
    e = f.expediente
    formularios = formularios or {}
    vacios = {"clasificar": {"serie": f.serie.codigo if f.serie else ""},
              "cerrar": {"fecha_cierre": date.today().isoformat()},
              "prestar": {"fecha_prestamo": date.today().isoformat()},
              "devolver": {"fecha_devuelto": date.today().isoformat()},
              "mover": {"fecha": date.today().isoformat()}, "exportar": {}}
    for nombre, valores in vacios.items():
        formularios.setdefault(nombre, Formulario(valores, ETIQUETAS_ACCIONES | ETIQUETAS_MOVIMIENTO))
    movimiento = {"tramite": "primaria", "concentracion": "baja"}.get(e.fase)
    if e.fase == "concentracion" and f.disposicion is not None and f.disposicion.destino == "conservacion":
        movimiento = "secundaria"
    documentos = exps.documentos_de(p.cat, e)
    return p.render("archivistica/expediente.html", estado=estado, ficha=f, e=e, d=f.disposicion,
                    formularios=formularios, series=_series(p), areas=_areas(p), movimiento=movimiento,
                    nombres_movimiento=NOMBRES_MOVIMIENTO, documentos=documentos, nombres_fase=exps.FASES,
                    titulo=f"Expediente {e.numero}")


def expediente(p: Peticion) -> Response:
    return _ficha(p)


def _accion(p: Peticion, nombre: str, hacer, mensaje) -> Response:
    """Run an action of the expediente page; on bad input, the page again with the problems beside the fields."""
    e = vida.resolver(p.cat, int(p.param("id")))
    f = Formulario(p.campos(), ETIQUETAS_ACCIONES)
    try:
        resultado = hacer(e, f)
    except EntradaInvalida as err:
        f.desde_error(err)
        return _ficha(p, {nombre: f}, 400)
    except ArchivoError as err:
        if isinstance(err, NoEncontrado):
            raise
        f.error(None, err.mensaje)
        f.titulo_error = "No se pudo completar"
        return _ficha(p, {nombre: f}, 409)
    if isinstance(resultado, Response):
        return resultado
    return p.redirigir(f"/archivistica/expedientes/{e.id}", mensaje(resultado))


def clasificar(p: Peticion) -> Response:
    def hacer(e: exps.Expediente, f: Formulario) -> Any:
        if not p.valor("serie"):
            raise EntradaInvalida("No se clasificó el expediente:", [Problema("serie", "elija una serie")])
        with p.cat.transaccion("clasificar expediente") as tx:
            try:
                return clasificacion.clasificar_en(tx, e.id, p.valor("serie"))
            except NoEncontrado as err:
                raise EntradaInvalida("No se clasificó el expediente:", [Problema("serie", err.mensaje)]) from None
    return _accion(p, "clasificar", hacer, lambda entrada: f"Expediente clasificado en {entrada.etiqueta}.")


def cerrar(p: Peticion) -> Response:
    def hacer(e: exps.Expediente, f: Formulario) -> Any:
        try:
            fecha = a_fecha(p.valor("fecha_cierre")) if p.valor("fecha_cierre").strip() else None
        except ValueError as err:
            raise EntradaInvalida("No se cerró el expediente:", [Problema("fecha_cierre", str(err))]) from None
        try:
            return exps.cerrar(p.cat, e.id, fecha)
        except EntradaInvalida as err:  # documents dated after it: all of them, beside the date
            raise EntradaInvalida(err.mensaje, [Problema("fecha_cierre", f"{x.lugar} {x.mensaje}", x.sugerencia)
                                                for x in err.problemas]) from None
    return _accion(p, "cerrar", hacer, lambda exp: f"Expediente cerrado el {exp.fecha_cierre}; su carátula dice su "
                   "fecha de cierre y sus fojas.")


def prestar(p: Peticion) -> Response:
    def hacer(e: exps.Expediente, f: Formulario) -> Any:
        try:
            return vida.prestar(p.cat, e.id, solicitante=p.valor("solicitante"), area=p.valor("area"),
                                devolucion=p.valor("devolucion"), fecha=p.valor("fecha_prestamo") or None,
                                motivo=p.valor("motivo_prestamo"))
        except EntradaInvalida as err:
            renombres = {"fecha de devolución": "devolucion", "fecha del préstamo": "fecha_prestamo",
                         "área": "area", e.numero: None}
            raise EntradaInvalida(err.mensaje, [Problema(renombres.get(x.lugar, x.lugar) or "", x.mensaje,
                                                         x.sugerencia) for x in err.problemas]) from None
    return _accion(p, "prestar", hacer, lambda x: f"Préstamo registrado: debe devolverse el "
                   f"{date.fromisoformat(x.devolucion_prevista):%d/%m/%Y}.")


def devolver(p: Peticion) -> Response:
    def hacer(e: exps.Expediente, f: Formulario) -> Any:
        try:
            return vida.devolver(p.cat, e.id, fecha=p.valor("fecha_devuelto") or None,
                                 observaciones=p.valor("observaciones"))
        except EntradaInvalida as err:
            raise EntradaInvalida(err.mensaje, [Problema("fecha_devuelto", x.mensaje, x.sugerencia)
                                                for x in err.problemas]) from None
    return _accion(p, "devolver", hacer, lambda x: "Devolución registrada.")


def exportar(p: Peticion) -> Response:
    def hacer(e: exps.Expediente, f: Formulario) -> Any:
        if e.tipo != "persona":
            raise EntradaInvalida("Solo los expedientes personales se exportan para una solicitud de acceso.")
        solicitud = p.valor("solicitud").strip()
        if not solicitud:
            raise EntradaInvalida("No se exportó el expediente:", [Problema(
                "solicitud", "escriba el número o la referencia de la solicitud de acceso que se atiende")])
        t = trabajos.encolar(p.cat, acceso.TRABAJO_EXPORTAR, {"clave": e.referencia, "solicitud": solicitud},
                             titulo=f"Expediente personal {e.referencia} para {solicitud}")
        p.portal.avisar_trabajos()
        return p.redirigir(f"/trabajos/{t.id}", "Se está armando el PDF del expediente; queda registrado en el "
                           "historial.")
    return _accion(p, "exportar", hacer, lambda x: "")


# --- transfers and bajas ---------------------------------------------------------------------------------


def _candidatos(p: Peticion, tipo: str) -> list[dict[str, Any]]:
    fase = "tramite" if tipo == "primaria" else "concentracion"
    salida = []
    for fila in p.cat.todos("SELECT * FROM expedientes WHERE fase = ? AND estado = 'cerrado' ORDER BY numero",
                            (fase,)):
        e = exps._de_fila(fila)
        d = cadido.de_serie(p.cat, e.serie_id)
        fin_tramite, fin_concentracion = vida.plazos(e, d)
        fin = fin_tramite if tipo == "primaria" else fin_concentracion
        if tipo == "secundaria" and d is not None and d.destino == "baja":
            continue
        if tipo == "baja" and d is not None and d.destino == "conservacion":
            continue
        salida.append({"e": e, "fin": fin, "vencido": fin is not None and fin <= date.today()})
    salida.sort(key=lambda x: (x["fin"] is None, x["fin"] or date.max, x["e"].numero))
    return salida


def _mover(p: Peticion, tipo: str, ids: list[int], f: Formulario) -> Response | None:
    """Do the movement; on problems put each beside its row's field and return None."""
    traslados = [Traslado(str(i), p.valor(f"caja_{i}") or p.valor("caja"), p.valor(f"estante_{i}")
                          or p.valor("estante")) for i in ids]
    if not ids:
        f.error(None, "marque al menos un expediente")
        return None
    fecha = _fecha(p.valor("fecha"), "fecha", f)
    if not f.valido:
        return None
    try:
        mov = transferencias.mover(p.cat, tipo, traslados, fecha=fecha, motivo=p.valor("motivo"),
                                   recibe=p.valor("recibe"))
    except EntradaInvalida as err:
        f.titulo_error = err.mensaje
        por_numero = {}
        for i in ids:
            try:
                por_numero[exps.por_id(p.cat, i).numero] = i
            except NoEncontrado:
                continue
        for numero, i in por_numero.items():
            f.etiquetas |= {f"caja_{i}": f"Caja de {numero}", f"estante_{i}": f"Estante de {numero}",
                            f"fila_{i}": numero}
        for x in err.problemas:
            i = por_numero.get(x.lugar)
            sugerencia = x.sugerencia
            for opcion, campo in (("indique --caja", ""), ("indique --estante", ""),
                                  ("con --motivo", "en «Motivo»")):
                sugerencia = sugerencia.replace(opcion, campo).strip()
            texto = x.mensaje[:1].upper() + x.mensaje[1:] + (f" ({sugerencia})" if sugerencia else "")
            if i is None:
                f.error(None, f"{x.lugar}: {texto}")
            elif "caja" in x.mensaje:
                f.error(f"caja_{i}", texto)
            elif "estante" in x.mensaje:
                f.error(f"estante_{i}", texto)
            elif "--motivo" in x.sugerencia:
                f.error("motivo", f"{x.lugar}: {texto}")
                f.error(f"fila_{i}", texto)
            else:
                f.error(f"fila_{i}", texto)
        return None
    return p.redirigir(f"/archivistica/instrumentos/{mov.instrumento.id}",
                       f"{transferencias.NOMBRES[tipo].capitalize()} de {len(mov.expedientes)} expediente(s); "
                       f"inventario {mov.instrumento.folio}.")


def movimiento(p: Peticion) -> Response:
    """A transfer or a baja of several expedientes (GET: the candidates; POST: do it and show the inventory)."""
    tipo = p.query("tipo") or p.valor("tipo") or "primaria"
    if tipo not in NOMBRES_MOVIMIENTO:
        tipo = "primaria"
    f = Formulario(p.campos() if p.request.method == "POST" else {"fecha": date.today().isoformat()},
                   ETIQUETAS_MOVIMIENTO)
    marcados = {n for x in p.valores("expedientes") if (n := a_id(x)) is not None}
    if p.request.method == "POST":
        respuesta = _mover(p, tipo, sorted(marcados), f)
        if respuesta is not None:
            return respuesta
    elif (n := a_id(p.query("expediente"))) is not None:
        marcados = {n}
    return p.render("archivistica/movimiento.html", estado=200 if f.valido else 400, f=f, tipo=tipo,
                    nombres=NOMBRES_MOVIMIENTO, candidatos=_candidatos(p, tipo), marcados=marcados,
                    titulo=NOMBRES_MOVIMIENTO[tipo])


# --- instruments ---------------------------------------------------------------------------------------------


def instrumentos_lista(p: Peticion, f: Formulario | None = None, estado: int = 200) -> Response:
    return p.render("archivistica/instrumentos.html", estado=estado, lista=list(reversed(instrumentos.lista(p.cat))),
                    f=f or Formulario({"area": p.raiz.config.organo_enlace["siglas"]}, {"area": "Área"}),
                    areas=_areas(p), titulo="Instrumentos archivísticos")


def emitir_inventario(p: Peticion) -> Response:
    f = Formulario(p.campos(), {"area": "Área"})
    try:
        inst = instrumentos.inventario_general(p.cat, p.valor("area"))
    except EntradaInvalida as e:
        f.desde_error(e)
        return instrumentos_lista(p, f, 400)
    return p.redirigir(f"/archivistica/instrumentos/{inst.id}", f"Inventario general emitido: {inst.folio}.")


def emitir_guia(p: Peticion) -> Response:
    f = Formulario(p.campos(), {"area": "Área"})
    try:
        inst = instrumentos.guia(p.cat, area=p.valor("area") or None)
    except EntradaInvalida as e:
        f.desde_error(e)
        return instrumentos_lista(p, f, 400)
    return p.redirigir(f"/archivistica/instrumentos/{inst.id}", f"Guía de archivo documental emitida: {inst.folio}.")


def _instrumento(p: Peticion) -> instrumentos.Instrumento:
    return instrumentos.obtener(p.cat, int(p.param("id")))


def instrumento(p: Peticion) -> Response:
    """An issued instrument: its rows (as issued, from the data kept beside it) and its Word and Excel."""
    inst = _instrumento(p)
    fila = p.cat.uno("SELECT j.ruta FROM documentos d JOIN archivos j ON j.id = d.datos_archivo_id WHERE d.id = ?",
                     (inst.documento_id,))
    campos = json.loads(p.raiz.absoluta(fila["ruta"]).read_text(encoding="utf-8"))["campos"] if fila else {}
    return p.render("archivistica/instrumento.html", inst=inst, campos=campos, titulo=f"{inst.titulo} {inst.folio}")


def instrumento_word(p: Peticion) -> Response:
    inst = _instrumento(p)
    return archivo(p.raiz.absoluta(inst.ruta))


def instrumento_excel(p: Peticion) -> Response:
    inst = _instrumento(p)
    return archivo(p.raiz.absoluta(inst.ruta_xlsx))
