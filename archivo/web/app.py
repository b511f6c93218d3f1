"""The portal's application: the route table — every route declares the role it requires — and the app factory.

Roles are cumulative (``archivo.cuentas``): a route for «consulta» is open to every logged-in user, one for
«emision» to emisión and administración. ``None`` marks the few public routes (the login page). The route × role
test (tests/test_web_rutas.py) walks this whole table with every role and without a session, so a page cannot be
added without declaring who may use it.

To add a page: write ``pagina(p: Peticion) -> Response`` in the module of its area, add a ``Ruta`` below (and an
``Enlace`` in ``NAVEGACION`` if it is a new area), and give the route × role test a sample value for any new path
parameter.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archivo import cuentas as cuentas_lib
from archivo import respaldo  # noqa: F401 - registers the tablero's «Resguardo del archivo»
from archivo.archivistica import expedientes as expedientes_lib
from archivo.base.catalogo import (
    TAREA_INDEXAR,
    Catalogo,
    TareaEnSegundoPlano,
    comprobar_catalogo,
    registrar_tarea,
    tarea_registrada,
)
from archivo.base.raiz import Raiz
from archivo.base.trabajos import Ejecutor
from archivo.busqueda import IndexadorEnSegundoPlano
from archivo.web import (
    archivistica,
    busqueda,
    compromisos,
    configuracion,
    correspondencia,
    cuentas,
    documentos,
    escaneos,
    expedientes,
    historial,
    importacion,
    integridad,
    pat,
    personal,
    plantillas,
    procedimientos,
    riesgos,
    sesiones,
    tablero,
    trabajos,
)
from archivo.web.nucleo import COOKIE_SESION, Enlace, Portal, Ruta, manejador, pagina_error

CARPETA_PORTAL = ".portal"  # under the archive root: the secret that signs cookies
REGISTRO_ERRORES = "portal-errores.log"  # in the archive root: unexpected errors, with their reference

MB = 1024 * 1024
HILOS_PETICIONES = 8  # requests served at once (the rest wait their turn for a few milliseconds)

RUTAS: list[Ruta] = [
    # Acceso y cuenta propia
    Ruta("/entrar", cuentas.entrar, None, ("GET", "POST")),
    Ruta("/salir", cuentas.salir, "consulta", ("POST",)),
    Ruta("/cuenta", cuentas.cuenta, "consulta", ("GET", "POST")),
    # Tablero
    Ruta("/", tablero.inicio, "consulta"),
    # Padrón
    Ruta("/personal", personal.lista, "consulta"),
    Ruta("/personal/buscar", personal.buscar, "consulta"),
    Ruta("/personal/formato.xlsx", personal.formato, "consulta"),
    Ruta("/personal/nueva", personal.alta, "captura", ("GET", "POST")),
    Ruta("/personal/importar", personal.importar, "captura", ("GET", "POST"), limite=25 * MB, archivos=1),
    Ruta("/personal/{clave}", personal.ficha, "consulta"),
    Ruta("/personal/{clave}/editar", personal.editar, "captura", ("GET", "POST")),
    Ruta("/personal/{clave}/baja", personal.baja, "captura", ("GET", "POST")),
    # Procedimientos
    Ruta("/procedimientos", procedimientos.lista, "consulta"),
    Ruta("/procedimientos/nuevo", procedimientos.nuevo, "captura", ("GET", "POST")),
    Ruta("/procedimientos/{id:int}", procedimientos.ver, "consulta"),
    Ruta("/procedimientos/{id:int}/pasos/{cvo:int}", procedimientos.avanzar, "captura", ("POST",)),
    Ruta("/procedimientos/{id:int}/concluir", procedimientos.concluir, "emision", ("POST",)),
    # Documentos
    Ruta("/documentos", documentos.lista, "consulta"),
    Ruta("/documentos/folios", documentos.folios_usados, "consulta"),
    Ruta("/documentos/nuevo", documentos.elegir, "captura"),
    Ruta("/documentos/nuevo/{plantilla}", documentos.formulario, "captura", ("GET", "POST"), limite=30 * MB),
    Ruta("/documentos/lote/emitir", documentos.emitir_lote, "emision", ("POST",)),
    Ruta("/documentos/lote/{plantilla}", documentos.lote, "captura", ("GET", "POST"), limite=25 * MB, archivos=1),
    Ruta("/documentos/lote/{plantilla}/formato.xlsx", documentos.formato_lote, "captura"),
    Ruta("/documentos/{id:int}", documentos.ver, "consulta"),
    Ruta("/documentos/{id:int}/archivo", documentos.descargar, "consulta"),
    Ruta("/documentos/{id:int}/pdf", documentos.pdf, "consulta"),
    Ruta("/documentos/{id:int}/preparar-pdf", documentos.preparar_pdf, "consulta", ("POST",)),
    Ruta("/documentos/{id:int}/emitir", documentos.emitir_borrador, "emision", ("POST",)),
    Ruta("/documentos/{id:int}/descartar", documentos.descartar, "captura", ("POST",)),
    Ruta("/documentos/{id:int}/cancelar", documentos.cancelar, "emision", ("GET", "POST")),
    Ruta("/documentos/{id:int}/corregir", documentos.corregir, "emision"),
    # Expedientes
    Ruta("/expedientes", expedientes.lista, "consulta"),
    Ruta("/expedientes/{id:int}", expedientes.ver, "consulta"),
    Ruta("/expedientes/{id:int}/caratula", expedientes.caratula, "consulta"),
    Ruta("/expedientes/{id:int}/indice", expedientes.indice, "consulta"),
    Ruta("/expedientes/{id:int}/cerrar", expedientes.cerrar, "emision", ("POST",)),
    # Búsqueda
    Ruta("/buscar", busqueda.buscar, "consulta"),
    # Importar
    Ruta("/importar", importacion.importar, "captura", ("GET", "POST"), limite=importacion.MAX_ENVIO,
         archivos=importacion.MAX_ARCHIVOS),
    # Trabajos en segundo plano
    Ruta("/trabajos", trabajos.lista, "consulta"),
    Ruta("/trabajos/{id:int}", trabajos.ver, "consulta"),
    Ruta("/trabajos/{id:int}/archivo", trabajos.archivo_producido, "consulta"),
    Ruta("/trabajos/{id:int}/cancelar", trabajos.cancelar, "consulta", ("POST",)),
    # Cuentas y configuración (administración)
    Ruta("/cuentas", cuentas.usuarios, "administracion", ("GET", "POST")),
    Ruta("/cuentas/{usuario}", cuentas.usuario, "administracion", ("GET", "POST")),
    Ruta("/configuracion", configuracion.configurar, "administracion", ("GET", "POST")),
    Ruta("/plantillas", plantillas.lista, "administracion"),
    Ruta("/plantillas/subir", plantillas.subir, "administracion", ("POST",), limite=25 * MB, archivos=2),
    Ruta("/plantillas/nueva/{token}", plantillas.nueva, "administracion", ("GET", "POST")),
    Ruta("/plantillas/{nombre}", plantillas.ver, "administracion"),
    Ruta("/plantillas/{nombre}/descargar", plantillas.descargar, "administracion"),
    Ruta("/plantillas/{nombre}/esquema", plantillas.esquema, "administracion", ("GET", "POST")),
    # Escaneos y OCR
    Ruta("/escaneos", escaneos.lista, "consulta"),
    Ruta("/escaneos/subir", escaneos.subir, "captura", ("GET", "POST"), limite=200 * MB, archivos=50),
    Ruta("/escaneos/{id:int}", escaneos.ver, "consulta"),
    Ruta("/escaneos/{id:int}/original", escaneos.original, "consulta"),
    Ruta("/escaneos/{id:int}/copia", escaneos.copia, "consulta"),
    Ruta("/escaneos/{id:int}/rehacer", escaneos.rehacer, "captura", ("POST",)),
    # Correspondencia con el INE (SIVOPLE)
    Ruta("/correspondencia", correspondencia.registro, "consulta"),
    Ruta("/correspondencia/salidas", correspondencia.registro_salidas, "consulta"),
    Ruta("/correspondencia/pendientes", correspondencia.lista_pendientes, "consulta"),
    Ruta("/correspondencia/recibir", correspondencia.recibir, "captura", ("GET", "POST"), limite=50 * MB, archivos=10),
    Ruta("/correspondencia/entradas/{id:int}", correspondencia.entrada, "consulta"),
    Ruta("/correspondencia/entradas/{id:int}/turnar", correspondencia.turnar, "emision", ("GET", "POST")),
    Ruta("/correspondencia/entradas/{id:int}/atencion", correspondencia.en_atencion, "captura", ("POST",)),
    Ruta("/correspondencia/entradas/{id:int}/atender", correspondencia.atender, "captura", ("GET", "POST"),
         limite=50 * MB, archivos=1),
    Ruta("/correspondencia/entradas/{id:int}/responder", correspondencia.responder, "captura", ("GET", "POST"),
         limite=50 * MB, archivos=2),
    Ruta("/correspondencia/entradas/{id:int}/concluir", correspondencia.concluir, "captura", ("GET", "POST")),
    Ruta("/correspondencia/entradas/{id:int}/procedimiento", correspondencia.procedimiento_entrada, "captura",
         ("POST",)),
    Ruta("/correspondencia/salidas/{id:int}", correspondencia.salida, "consulta"),
    Ruta("/correspondencia/salidas/{id:int}/acuse", correspondencia.acuse, "captura", ("GET", "POST"),
         limite=50 * MB, archivos=1),
    Ruta("/correspondencia/salidas/{id:int}/procedimiento", correspondencia.procedimiento_salida, "captura",
         ("POST",)),
    Ruta("/correspondencia/documentos/{id:int}", correspondencia.documento, "consulta"),
    Ruta("/correspondencia/bitacora", correspondencia.bitacora_pagina, "consulta"),
    Ruta("/correspondencia/bitacora.xlsx", correspondencia.bitacora_excel, "consulta"),
    Ruta("/correspondencia/bitacora/emitir", correspondencia.bitacora_emitir, "emision", ("POST",)),
    Ruta("/correspondencia/importar", correspondencia.importar, "captura", ("GET", "POST"), limite=25 * MB,
         archivos=1),
    # Gestión documental (Ley General de Archivos)
    Ruta("/archivistica", archivistica.inicio, "consulta"),
    Ruta("/archivistica/cuadro", archivistica.cuadro_ver, "consulta"),
    Ruta("/archivistica/cuadro.xlsx", archivistica.cuadro_excel, "consulta"),
    Ruta("/archivistica/cuadro/importar", archivistica.cuadro_importar, "administracion", ("POST",),
         limite=archivistica.LIMITE_LIBRO, archivos=1),
    Ruta("/archivistica/cuadro/nueva", archivistica.entrada_nueva, "administracion", ("GET", "POST")),
    Ruta("/archivistica/cuadro/{id:int}", archivistica.entrada_editar, "administracion", ("GET", "POST")),
    Ruta("/archivistica/cuadro/{id:int}/baja", archivistica.entrada_baja, "administracion", ("POST",)),
    Ruta("/archivistica/cadido", archivistica.cadido_ver, "consulta"),
    Ruta("/archivistica/cadido.xlsx", archivistica.cadido_excel, "consulta"),
    Ruta("/archivistica/cadido/importar", archivistica.cadido_importar, "administracion", ("POST",),
         limite=archivistica.LIMITE_LIBRO, archivos=1),
    Ruta("/archivistica/cadido/{id:int}", archivistica.cadido_editar, "administracion", ("GET", "POST")),
    Ruta("/archivistica/expedientes/{id:int}", archivistica.expediente, "consulta"),
    Ruta("/archivistica/expedientes/{id:int}/clasificar", archivistica.clasificar, "emision", ("POST",)),
    Ruta("/archivistica/expedientes/{id:int}/cerrar", archivistica.cerrar, "emision", ("POST",)),
    Ruta("/archivistica/expedientes/{id:int}/prestar", archivistica.prestar, "captura", ("POST",)),
    Ruta("/archivistica/expedientes/{id:int}/devolver", archivistica.devolver, "captura", ("POST",)),
    Ruta("/archivistica/expedientes/{id:int}/exportar", archivistica.exportar, "administracion", ("POST",)),
    Ruta("/archivistica/movimientos", archivistica.movimiento, "emision", ("GET", "POST")),
    Ruta("/archivistica/instrumentos", archivistica.instrumentos_lista, "consulta"),
    Ruta("/archivistica/instrumentos/inventario", archivistica.emitir_inventario, "emision", ("POST",)),
    Ruta("/archivistica/instrumentos/guia", archivistica.emitir_guia, "emision", ("POST",)),
    Ruta("/archivistica/instrumentos/{id:int}", archivistica.instrumento, "consulta"),
    Ruta("/archivistica/instrumentos/{id:int}/word", archivistica.instrumento_word, "consulta"),
    Ruta("/archivistica/instrumentos/{id:int}/excel", archivistica.instrumento_excel, "consulta"),
    Ruta("/archivistica/prestamos", archivistica.prestamos, "consulta"),
    # Sesiones: calendario, orden del día, carpeta
    Ruta("/sesiones", sesiones.lista, "consulta"),
    Ruta("/sesiones/calendario", sesiones.calendario, "captura", ("POST",)),
    Ruta("/sesiones/nueva", sesiones.nueva, "captura", ("GET", "POST")),
    Ruta("/sesiones/{id:int}", sesiones.ver, "consulta"),
    Ruta("/sesiones/{id:int}/puntos", sesiones.agregar_punto, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/puntos/{punto:int}", sesiones.punto, "consulta", ("GET",)),
    Ruta("/sesiones/{id:int}/puntos/{punto:int}/editar", sesiones.punto, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/puntos/{punto:int}/mover", sesiones.mover_punto, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/puntos/{punto:int}/quitar", sesiones.quitar_punto, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/puntos/{punto:int}/adjuntar", sesiones.adjuntar, "captura", ("POST",),
         limite=sesiones.LIMITE_PDF, archivos=sesiones.MAX_PDFS + 1),
    Ruta("/sesiones/{id:int}/puntos/{punto:int}/desadjuntar", sesiones.desadjuntar, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/orden-del-dia", sesiones.emitir_orden, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/carpeta", sesiones.armar_carpeta, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/carpeta/avance", sesiones.avance_carpeta, "consulta"),
    Ruta("/sesiones/{id:int}/carpetas/{version:int}", sesiones.carpeta, "consulta"),
    Ruta("/sesiones/{id:int}/documentos/{doc:int}", sesiones.documento, "consulta"),
    Ruta("/sesiones/{id:int}/reprogramar", sesiones.reprogramar, "captura", ("POST",)),
    Ruta("/sesiones/{id:int}/estado", sesiones.cambiar_estado, "emision", ("POST",)),
    # Compromisos y acuerdos de la Comisión
    Ruta("/compromisos", compromisos.lista, "consulta"),
    Ruta("/compromisos/nuevo", compromisos.nuevo, "captura", ("GET", "POST")),
    Ruta("/compromisos/informe", compromisos.informe, "emision", ("GET", "POST")),
    Ruta("/compromisos/informes/{doc:int}", compromisos.informe_archivo, "consulta"),
    Ruta("/compromisos/{id:int}", compromisos.ver, "consulta"),
    Ruta("/compromisos/{id:int}/actualizar", compromisos.actualizar, "captura", ("POST",)),
    # Programa Anual de Trabajo
    Ruta("/pat", pat.inicio, "consulta"),
    Ruta("/pat/formato.xlsx", pat.formato_excel, "consulta"),
    Ruta("/pat/importar", pat.importar, "captura", ("POST",), limite=pat.LIMITE_LIBRO, archivos=1),
    Ruta("/pat/documentos/{doc:int}", pat.documento, "consulta"),
    Ruta("/pat/{anio:int}", pat.programa, "consulta"),
    Ruta("/pat/{anio:int}/excel", pat.excel, "consulta"),
    Ruta("/pat/{anio:int}/cronograma", pat.cronograma, "captura", ("POST",)),
    Ruta("/pat/{anio:int}/semestre/{semestre:int}", pat.semestre, "consulta"),
    Ruta("/pat/{anio:int}/semestre/{semestre:int}/informe", pat.emitir_informe, "emision", ("POST",)),
    Ruta("/pat/{anio:int}/actividades/{actividad:int}", pat.actividad, "consulta"),
    Ruta("/pat/{anio:int}/actividades/{actividad:int}/avance", pat.registrar_avance, "captura", ("POST",)),
    Ruta("/pat/{anio:int}/documento", pat.emitir_documento, "emision", ("POST",)),
    # Matrices de riesgo (fixed paths first: «/riesgos/{codigo}» takes any name)
    Ruta("/riesgos", riesgos.registro, "consulta"),
    Ruta("/riesgos/mapa", riesgos.mapa, "consulta"),
    Ruta("/riesgos/pendientes", riesgos.pendientes, "consulta"),
    Ruta("/riesgos/registro.xlsx", riesgos.excel, "consulta"),
    Ruta("/riesgos/importar", riesgos.importar, "captura", ("POST",), limite=riesgos.LIMITE_LIBRO, archivos=1),
    Ruta("/riesgos/reporte", riesgos.emitir_reporte, "emision", ("POST",)),
    Ruta("/riesgos/nuevo", riesgos.nuevo, "captura", ("GET", "POST")),
    Ruta("/riesgos/documentos/{doc:int}", riesgos.documento, "consulta"),
    Ruta("/riesgos/{codigo}", riesgos.ver, "consulta"),
    Ruta("/riesgos/{codigo}/editar", riesgos.editar, "captura", ("POST",)),
    Ruta("/riesgos/{codigo}/tratamiento", riesgos.tratamiento, "captura", ("POST",)),
    Ruta("/riesgos/{codigo}/evaluacion", riesgos.evaluar, "captura", ("POST",)),
    Ruta("/riesgos/{codigo}/acciones", riesgos.nueva_accion, "captura", ("POST",)),
    Ruta("/riesgos/{codigo}/acciones/{numero:int}", riesgos.actualizar_accion, "captura", ("POST",)),
    Ruta("/riesgos/{codigo}/acciones/{numero:int}/evidencia", riesgos.evidencia, "captura", ("POST",),
         limite=riesgos.LIMITE_EVIDENCIA, archivos=1),
    # Historial (emisión y administración) e integridad (administración)
    Ruta("/historial", historial.lista, "emision"),
    Ruta("/integridad", integridad.inicio, "administracion"),
    Ruta("/integridad/avance", integridad.avance, "administracion"),
    Ruta("/integridad/verificar", integridad.verificar, "administracion", ("POST",)),
]

NAVEGACION: list[Enlace] = [
    Enlace("Tablero", "/", "consulta"),
    Enlace("Padrón", "/personal", "consulta", "/personal"),
    Enlace("Procedimientos", "/procedimientos", "consulta", "/procedimientos"),
    Enlace("Documentos", "/documentos", "consulta", "/documentos"),
    Enlace("Expedientes", "/expedientes", "consulta", "/expedientes"),
    Enlace("Búsqueda", "/buscar", "consulta", "/buscar"),
    Enlace("Escaneos", "/escaneos", "consulta", prefijo="/escaneos"),
    Enlace("Correspondencia", "/correspondencia", "consulta", "/correspondencia"),
    Enlace("Archivo", "/archivistica", "consulta", prefijo="/archivistica"),
    Enlace("Sesiones", "/sesiones", "consulta", prefijo="/sesiones"),
    Enlace("Compromisos", "/compromisos", "consulta", prefijo="/compromisos"),
    Enlace("PAT", "/pat", "consulta", prefijo="/pat"),
    Enlace("Riesgos", "/riesgos", "consulta", prefijo="/riesgos"),
    Enlace("Importar", "/importar", "captura", "/importar"),
    Enlace("Historial", "/historial", "emision", prefijo="/historial"),
    Enlace("Cuentas", "/cuentas", "administracion", "/cuentas"),
    Enlace("Configuración", "/configuracion", "administracion", "/configuracion"),
    Enlace("Plantillas", "/plantillas", "administracion", "/plantillas"),
    Enlace("Integridad", "/integridad", "administracion", prefijo="/integridad"),
]


class CabecerasSeguridad:
    """Security headers on every response: a CSP without inline scripts or styles, no framing, no sniffing, no
    referrer to other sites, no caching of pages (files and static assets excepted), HSTS when served over TLS."""

    CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        estatico = scope.get("path", "").startswith("/static/")

        async def enviar(mensaje: Message) -> None:
            if mensaje["type"] == "http.response.start":
                cabeceras = [(k, v) for k, v in mensaje.get("headers", []) if k.lower() != b"server"]
                cabeceras += [
                    (b"content-security-policy", self.CSP.encode()),
                    (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if not estatico:
                    cabeceras.append((b"cache-control", b"no-store"))
                if self.https:
                    cabeceras.append((b"strict-transport-security", b"max-age=31536000"))
                mensaje["headers"] = cabeceras
            await send(mensaje)

        await self.app(scope, receive, enviar)


def _secreto(raiz: Raiz) -> str:
    """The key that signs the session cookies: created once per archive, readable only by its owner."""
    carpeta = raiz.ruta / CARPETA_PORTAL
    carpeta.mkdir(exist_ok=True)
    ruta = carpeta / "secreto"
    if not ruta.is_file():
        fd = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return ruta.read_text().strip()


def _registro_de_errores(raiz: Raiz) -> Path:
    """Unexpected errors (with their traceback and reference) go to portal-errores.log in the archive root."""
    ruta = raiz.ruta / REGISTRO_ERRORES
    logger = logging.getLogger("archivo")
    if not any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) == ruta for h in logger.handlers):
        manejador_archivo = logging.handlers.RotatingFileHandler(ruta, maxBytes=2 * MB, backupCount=5,
                                                                 encoding="utf-8")
        manejador_archivo.setLevel(logging.WARNING)
        manejador_archivo.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(manejador_archivo)
    return ruta


def crear_app(raiz: Raiz, *, https: bool = False, trabajos_en_segundo_plano: bool = True,
              hilos_trabajos: int | None = None) -> Starlette:
    """The portal for ``raiz``. ``trabajos_en_segundo_plano=False`` leaves jobs queued (tests run them)."""
    comprobar_catalogo(raiz, rapida=True)  # SQLite's quick check: damage found is on the tablero, writes refused
    with Catalogo.abrir(raiz, usuario="sistema"):  # apply pending migrations once, before any request
        pass
    raiz.config  # noqa: B018 - a broken archivo.toml is reported at start, not on the first page
    ejecutor = Ejecutor(raiz, hilos=hilos_trabajos) if trabajos_en_segundo_plano else None
    # Documents issued from a page are indexed by a thread of their own: the request does not wait for the index.
    indexador = IndexadorEnSegundoPlano(raiz) if trabajos_en_segundo_plano else None
    # Likewise the carátulas and índices of the expedientes a request changed (derived files, marked stale).
    caratulas = (TareaEnSegundoPlano(raiz, expedientes_lib.TAREA_CARATULAS, expedientes_lib.regenerar_pendientes)
                 if trabajos_en_segundo_plano else None)
    portal = Portal(raiz, navegacion=NAVEGACION, https=https, ejecutor=ejecutor,
                    registro_errores=_registro_de_errores(raiz))
    portal.indexador = indexador

    rutas: list[Route | Mount] = [Route(r.ruta, manejador(r, portal), methods=list(r.metodos)) for r in RUTAS]
    rutas.append(Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"))
    portal.rutas = RUTAS

    async def no_encontrado(request: Request, exc: Exception) -> Response:
        return pagina_error(portal, request, 404, "La página que busca no existe. Revise la dirección o vuelva al "
                            "tablero.")

    async def metodo_no_valido(request: Request, exc: Exception) -> Response:
        return pagina_error(portal, request, 405, "Esa acción no se puede hacer desde esta dirección. Vuelva a la "
                            "página anterior y use sus botones.")

    async def error_interno(request: Request, exc: Exception) -> Response:
        return pagina_error(portal, request, 500, "Ocurrió un error inesperado. Si se repite, avise a quien "
                            "administra el sistema.")

    @contextlib.asynccontextmanager
    async def ciclo(app: Starlette) -> AsyncIterator[None]:
        # A few worker threads are enough on an office machine (the interpreter runs one at a time) and keep the
        # memory of per-thread connections and allocator arenas small.
        anyio.to_thread.current_default_thread_limiter().total_tokens = HILOS_PETICIONES
        anterior = tarea_registrada(TAREA_INDEXAR)
        anterior_caratulas = tarea_registrada(expedientes_lib.TAREA_CARATULAS)
        if indexador is not None:
            indexador.iniciar()
            registrar_tarea(TAREA_INDEXAR, indexador.avisar)
        if caratulas is not None:
            caratulas.iniciar()
            registrar_tarea(expedientes_lib.TAREA_CARATULAS, caratulas.avisar)
        if ejecutor is not None:
            ejecutor.iniciar()
        try:
            yield
        finally:
            if ejecutor is not None:
                ejecutor.detener()
            if indexador is not None:
                if anterior is not None:
                    registrar_tarea(TAREA_INDEXAR, anterior)
                indexador.detener()
            if caratulas is not None:
                if anterior_caratulas is not None:
                    registrar_tarea(expedientes_lib.TAREA_CARATULAS, anterior_caratulas)
                caratulas.detener()

    app = Starlette(
        routes=rutas,
        middleware=[
            Middleware(CabecerasSeguridad, https=https),
            Middleware(SessionMiddleware, secret_key=_secreto(raiz), session_cookie=COOKIE_SESION,
                       max_age=cuentas_lib.DURACION_HORAS * 3600, same_site="strict", https_only=https),
        ],
        exception_handlers={404: no_encontrado, 405: metodo_no_valido, 500: error_interno},
        lifespan=ciclo,
    )
    app.state.portal = portal
    return app
