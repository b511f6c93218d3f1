"""Escaneos y OCR: upload scans (the page answers at once, OCR runs as a background job), the scans waiting or
failed, and a scan's page: its OCR state («OCR en proceso» until its text is searchable), the original and the
searchable copy to download, and the recognised text to copy. The work is the library's (``busqueda.escaneos``,
``busqueda.acervo``); this module only reads forms and renders."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.responses import Response

from archivo.archivistica import documentos
from archivo.base.errors import ArchivoError
from archivo.busqueda import acervo, escaneos
from archivo.busqueda import ocr as motor
from archivo.web.formularios import Formulario
from archivo.web.nucleo import Peticion, archivo

ETIQUETAS = {"archivos": "Escaneos (PDF, JPG, PNG o TIFF)"}


def lista(p: Peticion) -> Response:
    filas = [f for f in escaneos.lista(p.cat) if f["estado"] != "hecho"]
    hechos = [f for f in escaneos.lista(p.cat, "hecho")][-20:][::-1]
    return p.render("escaneos/lista.html", filas=filas, hechos=hechos, cuentas=escaneos.resumen_estados(p.cat),
                    instalacion=motor.instalacion(), titulo="Escaneos y OCR")


def subir(p: Peticion) -> Response:
    f = Formulario({}, ETIQUETAS)
    if p.request.method == "POST":
        subidos = p.archivos("archivos")
        if not subidos:
            f.error("archivos", "elija al menos un archivo escaneado")
        else:
            with tempfile.TemporaryDirectory(prefix="archivo-subida-") as tmp:
                rutas = []
                for i, u in enumerate(subidos):
                    nombre = Path((u.filename or "").replace("\\", "/")).name or f"escaneo-{i + 1}.pdf"
                    carpeta = Path(tmp) / str(i)  # one folder each: two uploads with the same name do not collide
                    carpeta.mkdir()
                    ruta = carpeta / nombre
                    ruta.write_bytes(u.file.read())
                    rutas.append(ruta)
                # Filed at once; OCR in the background (the page answers now).
                informe = acervo.importar(p.cat, rutas, ocr=False)
            lineas = [a for a in informe.archivos if a.resultado != "importado"]
            for a in lineas:
                f.error("archivos", f"{a.origen.name}: {a.detalle}")
            importados = [a for a in informe.archivos if a.resultado == "importado"]
            esperan = [a.documento_id for a in importados if a.ocr == "pendiente"]
            trabajo = escaneos.encolar(p.cat, esperan) if esperan else None
            if trabajo is not None:
                p.portal.avisar_trabajos()
            if importados and not lineas:
                mensaje = (f"Se archivaron {len(importados)} documento(s); el OCR está en proceso: su texto se podrá "
                           "buscar en cuanto termine." if trabajo else
                           f"Se archivaron {len(importados)} documento(s). {informe.ocr_no_instalado}".strip())
                destino = f"/escaneos/{importados[0].documento_id}" if len(importados) == 1 else "/escaneos"
                return p.redirigir(destino, mensaje)
            if importados:
                f.titulo_error = f"Se archivaron {len(importados)} documento(s), pero no todos"
                f.nota_resumen = "Los archivos señalados no se importaron; los demás sí (OCR en proceso)."
    return p.render("escaneos/subir.html", f=f, titulo="Subir escaneos", limite=p.ruta.limite,
                    instalacion=motor.instalacion())


def _documento(p: Peticion) -> documentos.Documento:
    return escaneos.documento(p.cat, p.param("id"))


def ver(p: Peticion) -> Response:
    doc = _documento(p)
    estado = escaneos.estado(p.cat, doc.id)
    texto = ""
    if estado is not None and estado.derivado:
        try:
            texto = escaneos.texto(p.cat, doc.id)
        except ArchivoError as e:
            texto = f"(No se pudo leer el texto: {e.mensaje})"
    activo = estado is not None and estado.estado in ("pendiente", "en proceso")
    return p.render("escaneos/ver.html", doc=doc, e=estado, texto=texto, activo=activo,
                    nombre=Path(doc.ruta or "").name, titulo=doc.asunto)


def original(p: Peticion) -> Response:
    doc = _documento(p)
    ruta = doc.archivo(p.raiz)
    return archivo(ruta, ruta.name, en_linea=ruta.suffix.lower() == ".pdf")


def copia(p: Peticion) -> Response:
    doc = _documento(p)
    e = escaneos.estado(p.cat, doc.id)
    if e is None or not e.derivado:
        raise ArchivoError(f"El documento {doc.etiqueta} aún no tiene copia buscable (su OCR no ha terminado).")
    ruta = p.raiz.absoluta(e.derivado)
    return archivo(ruta, ruta.name, en_linea=True)


def rehacer(p: Peticion) -> Response:
    doc = escaneos.solicitar_de_nuevo(p.cat, p.param("id"))
    if escaneos.encolar(p.cat, [doc.id]) is None:
        return p.redirigir(f"/escaneos/{doc.id}", motor.instalacion().motivo or "No hay nada que reconocer.")
    p.portal.avisar_trabajos()
    return p.redirigir(f"/escaneos/{doc.id}", "El OCR de este documento se hará de nuevo; está en proceso.")
