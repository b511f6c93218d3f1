"""``archivo recuperar``: rebuild what can be rebuilt of a lost or damaged catalog from the archive's own files.

Every document issued with data keeps, in the ``.datos.json`` beside it, what the catalog knew of it when it was
issued (``documentos.CLAVE_REGISTRO``): its folio with its series, área, year and consecutive number, type, date,
subject, expediente, procedure and the personas it names. From those files this module rebuilds, in a new catalog:
the folio numbering (so the next folio continues the sequence and none is issued twice), the documents with their
files and SHA-256, their expedientes (same numbers), the procedures with their steps (a step is marked hecho when a
document served it) and the personas named in documents. Files with no ``.datos.json`` (past documents of the acervo,
PDFs received for a session, session binders) are registered where they are as imported documents. Older archives,
whose ``.datos.json`` predates that record, still get their folios back from the file names.

What a catalog holds and no file repeats (the change history, cancellations, risk matrices, sessions and their
orden del día, compromisos, the Programa Anual de Trabajo, personas never named in a document) cannot be rebuilt:
the report lists it. The damaged or emptied catalog is never deleted: it is kept beside the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from archivo import mecanismos as mec
from archivo import procedimientos as procs
from archivo.archivistica import clasificacion, documentos
from archivo.archivistica import expedientes as exps
from archivo.archivistica import folios as fol
from archivo.base.catalogo import MARCA_DANO, Catalogo, Transaccion, ahora
from archivo.base.errors import ArchivoError, EntradaInvalida, error_de_disco
from archivo.base.fsutil import sha256_file, slug
from archivo.base.raiz import CATALOGO, Raiz
from archivo.busqueda import acervo
from archivo.busqueda.extraccion import ArchivoIlegible

_CARPETAS_TIPO = {"personal": "persona", "procedimientos": "procedimiento", "mecanismos": "mecanismo",
                  "sesiones": "sesion"}
_NOMBRE_FECHADO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})_(.+)$")
_MESES = {m: i for i, m in enumerate(("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                      "septiembre", "octubre", "noviembre", "diciembre"), start=1)}
_COLUMNAS_PERSONA = ("clave", "nombre", "primer_apellido", "segundo_apellido", "cargo", "nivel", "rango",
                     "adscripcion", "titularidad", "fecha_titularidad", "via_ingreso", "fecha_ingreso", "situacion",
                     "correo", "fecha_baja", "motivo_baja", "alta", "modificado")
_COLUMNAS_EXPEDIENTE = ("tipo", "referencia", "numero", "titulo", "ruta", "area", "fondo", "seccion", "serie",
                        "valores", "vigencia_anios", "clasificacion", "fecha_apertura", "fecha_cierre", "estado")


@dataclass
class InformeRecuperacion:
    motivo: str  # why the catalog had to be rebuilt
    anterior: Path | None  # where the lost catalog was kept (None: there was no file)
    documentos: int = 0
    con_folio: int = 0
    importados: int = 0
    expedientes: int = 0
    procedimientos: int = 0
    personas: int = 0
    series: list[dict[str, Any]] = field(default_factory=list)
    no_recuperado: list[str] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)

    def resumen(self) -> str:
        return (f"Catálogo reconstruido ({self.motivo}): {self.documentos} documento(s), {self.con_folio} de ellos "
                f"con folio, {self.importados} registrado(s) como importados; {self.expedientes} expediente(s), "
                f"{self.procedimientos} procedimiento(s) y {self.personas} persona(s).")

    def como_dict(self) -> dict[str, Any]:
        return {"motivo": self.motivo, "anterior": str(self.anterior) if self.anterior else None,
                "documentos": self.documentos, "con_folio": self.con_folio, "importados": self.importados,
                "expedientes": self.expedientes, "procedimientos": self.procedimientos, "personas": self.personas,
                "series": self.series, "no_recuperado": self.no_recuperado, "avisos": self.avisos}


@dataclass
class _Doc:
    """One document found on disk with its ``.datos.json``."""

    archivo: Path
    datos_ruta: Path
    folio: str | None
    serie: str | None
    area: str | None
    anio: int | None
    consecutivo: int | None
    tipo: str
    estado: str
    origen: str
    fecha: str
    asunto: str
    plantilla: str | None
    paso: int | None
    sustituye: str | None
    creado: str
    creado_por: str
    expediente: dict[str, Any] | None
    procedimiento: dict[str, Any] | None
    personas: list[dict[str, Any]]
    claves_personas: list[str]


# --- diagnosis ------------------------------------------------------------------------------------------------

def motivo(raiz: Raiz) -> str | None:
    """Why the catalog of ``raiz`` needs rebuilding («falta», «está vacío»…), or None if it is sound."""
    ruta = raiz.catalogo_path
    if not ruta.exists():
        return "faltaba el catálogo"
    if ruta.stat().st_size == 0:
        return "el catálogo estaba vacío"
    try:
        conn = sqlite3.connect(f"{ruta.absolute().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = '_migraciones'").fetchone()[0] == 0:
                return "el catálogo estaba en blanco"
            if [f[0] for f in conn.execute("PRAGMA integrity_check").fetchall()] != ["ok"]:
                return "el catálogo estaba dañado"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return "el catálogo estaba dañado"
    return None


def _apartar(raiz: Raiz) -> Path | None:
    """Move the lost catalog (and its -wal/-shm) aside, never deleting it: catalogo.sqlite.perdido-FECHA."""
    ruta = raiz.catalogo_path
    if not ruta.exists():
        for sufijo in ("-wal", "-shm"):
            Path(f"{ruta}{sufijo}").unlink(missing_ok=True)
        return None
    marca = datetime.now().strftime("%Y%m%d-%H%M%S")
    destino = ruta.with_name(f"{CATALOGO}.perdido-{marca}")
    n = 2
    while destino.exists():
        destino = ruta.with_name(f"{CATALOGO}.perdido-{marca}-{n}")
        n += 1
    os.rename(ruta, destino)
    for sufijo in ("-wal", "-shm"):
        auxiliar = Path(f"{ruta}{sufijo}")
        if auxiliar.exists():
            os.rename(auxiliar, Path(f"{destino}{sufijo}"))
    return destino


# --- reading the files ----------------------------------------------------------------------------------------

def _archivo_de(datos_ruta: Path) -> Path | None:
    """The document a ``NOMBRE.datos.json`` belongs to: ``NOMBRE.<ext>`` beside it."""
    tronco = datos_ruta.name[: -len(".datos.json")]
    candidatos = [p for p in datos_ruta.parent.iterdir()
                  if p.is_file() and p.name.startswith(tronco + ".") and p.name != datos_ruta.name
                  and p.suffix and p.name == tronco + p.suffix]
    return candidatos[0] if len(candidatos) == 1 else None


def _folio_del_nombre(raiz: Raiz, nombre: str, fecha: str | None,
                      area_datos: str | None = None) -> tuple[str, str, str, int, int] | None:
    """(folio, serie, área, año, consecutivo) from a file name «AAAA-MM-DD_<slug del folio>.ext», by trying every
    series and área of archivo.toml (the área the data names first: a format without {area} fits every área);
    None if none or more than one fits."""
    m = _NOMBRE_FECHADO.match(Path(nombre).name)
    if not m:
        return None
    tronco = m.group(4)
    tronco = tronco[: -len(".datos.json")] if tronco.endswith(".datos.json") else tronco.rsplit(".", 1)[0]
    anio = int(fecha[:4]) if fecha else int(m.group(1))
    config = raiz.config
    numeros = {int(n) for n in re.findall(r"\d+", tronco)}
    encontrados = set()
    for serie in config.folios:
        for area in config.areas:
            for n in numeros:
                folio = fol.formatear(config, serie, area.siglas, anio, n)
                if slug(folio, max_length=80) == tronco:
                    encontrados.add((folio, serie, area.siglas, anio, n))
    if len(encontrados) > 1 and area_datos:
        encontrados = {e for e in encontrados if e[2] == area_datos}
    return encontrados.pop() if len(encontrados) == 1 else None


def _leer(raiz: Raiz, datos_ruta: Path, informe: InformeRecuperacion) -> _Doc | None:
    rel = raiz.relativa(datos_ruta)
    try:
        datos = json.loads(datos_ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as e:
        informe.no_recuperado.append(f"{rel}: no se pudo leer ({type(e).__name__}); su documento queda fuera")
        return None
    if not isinstance(datos, dict):
        informe.no_recuperado.append(f"{rel}: no tiene el formato esperado; su documento queda fuera")
        return None
    archivo = _archivo_de(datos_ruta)
    if archivo is None:
        informe.no_recuperado.append(f"{rel}: no está el documento al que pertenece")
        return None
    registro = datos.get(documentos.CLAVE_REGISTRO)
    if isinstance(registro, dict) and registro.get("version") == 1:
        return _Doc(
            archivo=archivo, datos_ruta=datos_ruta, folio=registro.get("folio"), serie=registro.get("serie"),
            area=registro.get("area"), anio=registro.get("anio"), consecutivo=registro.get("consecutivo"),
            tipo=registro.get("tipo") or "oficio", estado=registro.get("estado") or "emitido",
            origen=registro.get("origen") or "generado", fecha=registro.get("fecha") or _fecha_de(archivo),
            asunto=registro.get("asunto") or archivo.stem, plantilla=registro.get("plantilla"),
            paso=registro.get("paso"), sustituye=registro.get("sustituye"),
            creado=registro.get("creado") or _momento_de(archivo), creado_por=registro.get("creado_por") or "",
            expediente=registro.get("expediente"), procedimiento=registro.get("procedimiento"),
            personas=[p for p in registro.get("personas") or [] if isinstance(p, dict) and p.get("clave")],
            claves_personas=[p["clave"] for p in registro.get("personas") or [] if isinstance(p, dict)
                             and p.get("clave")])
    # A .datos.json written before the record existed: the folio from the file name, the rest from the data.
    fecha = str(datos.get("fecha") or _fecha_de(archivo))
    es_borrador = archivo.parent.name == "borradores"
    area_datos = datos.get("area") if isinstance(datos.get("area"), str) else None
    hallado = None if es_borrador else _folio_del_nombre(raiz, archivo.name, fecha, area_datos)
    if hallado is None and not es_borrador and _NOMBRE_FECHADO.match(archivo.name):
        informe.avisos.append(f"{raiz.relativa(archivo)}: su folio no se pudo deducir del nombre; se registra sin "
                              "folio")
    folio, serie, area, anio, consecutivo = hallado if hallado else (None, None, None, None, None)
    campos = datos.get("campos") if isinstance(datos.get("campos"), dict) else {}
    asunto = next((str(campos[k]) for k in ("asunto", "titulo", "titulo_acuerdo", "materia")
                   if isinstance(campos.get(k), str) and campos[k].strip()), archivo.stem)
    proc = datos.get("procedimiento")
    return _Doc(archivo=archivo, datos_ruta=datos_ruta, folio=folio, serie=serie, area=area, anio=anio,
                consecutivo=consecutivo, tipo=serie or "oficio", estado="borrador" if es_borrador else "emitido",
                origen="generado", fecha=fecha[:10], asunto=asunto, plantilla=datos.get("plantilla"), paso=None,
                sustituye=datos.get("sustituye"), creado=_momento_de(archivo), creado_por="",
                expediente=None, procedimiento={"id": proc} if isinstance(proc, int) else None, personas=[],
                claves_personas=[c for c in datos.get("personas") or [] if isinstance(c, str)])


def _fecha_de(archivo: Path) -> str:
    m = _NOMBRE_FECHADO.match(archivo.name)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return date.fromtimestamp(archivo.stat().st_mtime).isoformat()


def _momento_de(archivo: Path) -> str:
    return datetime.fromtimestamp(archivo.stat().st_mtime).astimezone().isoformat(timespec="seconds")


def _fecha_larga(texto: str) -> str | None:
    """«17 de junio de 2024» -> 2024-06-17 (as the carátula writes dates)."""
    m = re.search(r"(\d{1,2}) de ([a-záéíóú]+) de (\d{4})", texto.lower())
    if not m or m.group(2) not in _MESES:
        return None
    try:
        return date(int(m.group(3)), _MESES[m.group(2)], int(m.group(1))).isoformat()
    except ValueError:
        return None


# --- rebuilding ----------------------------------------------------------------------------------------------

def recuperar(raiz: Raiz, usuario: str | None = None, *, reindexar: Callable[[Catalogo], Any] | None = None,
              avanzar: Callable[[int], None] | None = None) -> InformeRecuperacion:
    """Rebuild the catalog of ``raiz`` from its files (see the module docstring). Refuses a sound catalog."""
    razon = motivo(raiz)
    if razon is None:
        raise EntradaInvalida(
            f"El catálogo {raiz.catalogo_path} está en buen estado: «archivo recuperar» solo se usa cuando se perdió "
            "o se dañó. Si busca documentos que no aparecen, ejecute «archivo verificar».")
    try:
        anterior = _apartar(raiz)
    except OSError as e:
        raise error_de_disco(e, "apartar el catálogo dañado") or ArchivoError(
            f"No se pudo apartar el catálogo {raiz.catalogo_path}: {e.strerror}.") from None
    informe = InformeRecuperacion(razon, anterior)
    try:
        with Catalogo.abrir(raiz, usuario or "recuperación", crear=True) as cat:
            with cat.transaccion("recuperar catálogo") as tx:
                _reconstruir(tx, raiz, informe, avanzar)
                tx.registrar("archivo", raiz.config.siglas, None, {
                    "recuperado": razon, "catalogo_anterior": str(anterior) if anterior else None,
                    "documentos": informe.documentos, "no_recuperado": len(informe.no_recuperado)})
            informe.series = fol.series(cat)
            (raiz.ruta / MARCA_DANO).unlink(missing_ok=True)
            exps.regenerar_pendientes(cat)
            if reindexar is not None:
                try:
                    reindexar(cat)
                except ArchivoError as e:
                    informe.avisos.append(f"el índice de búsqueda no se pudo reconstruir ({e.mensaje}); ejecute "
                                          "«archivo reindexar»")
    except BaseException:
        # Put things back as they were: the new catalog goes, the old one returns to its place.
        for sufijo in ("", "-wal", "-shm"):
            Path(f"{raiz.catalogo_path}{sufijo}").unlink(missing_ok=True)
        if anterior is not None:
            with contextlib.suppress(OSError):
                os.rename(anterior, raiz.catalogo_path)
                for sufijo in ("-wal", "-shm"):
                    if Path(f"{anterior}{sufijo}").exists():
                        os.rename(Path(f"{anterior}{sufijo}"), Path(f"{raiz.catalogo_path}{sufijo}"))
        raise
    informe.no_recuperado[:0] = [
        "el historial de cambios (quién hizo qué y cuándo) anterior a la pérdida",
        "las cancelaciones de folios: un documento cancelado aparece como emitido; vuelva a cancelarlo con "
        "«archivo documento cancelar FOLIO --motivo …»",
        "las matrices de riesgo, las sesiones con su orden del día, los compromisos y el Programa Anual de "
        "Trabajo (sus documentos emitidos sí se recuperaron); vuelva a importarlos",
        "el cuadro de clasificación y el CADIDO propios de la oficina (se aplicó el de ejemplo con las series de "
        "archivo.toml; si los había editado, impórtelos de nuevo de su Excel), los préstamos, las transferencias "
        "y las bajas registradas",
        "los números internos (#) de los documentos pueden cambiar; los folios no",
    ]
    return informe


def _reconstruir(tx: Transaccion, raiz: Raiz, informe: InformeRecuperacion,
                 avanzar: Callable[[int], None] | None) -> None:
    docs: list[_Doc] = []
    con_datos: set[Path] = set()
    for base in (raiz.expedientes, raiz.acervo):
        if not base.is_dir():
            continue
        for datos_ruta in sorted(base.rglob("*.datos.json")):
            doc = _leer(raiz, datos_ruta, informe)
            if doc is not None:
                docs.append(doc)
                con_datos.update((doc.archivo, doc.datos_ruta))
            else:
                con_datos.add(datos_ruta)
    docs.sort(key=lambda d: (d.creado, d.fecha, str(d.archivo)))

    # Personas: the latest record of each one named in a document.
    personas: dict[str, dict[str, Any]] = {}
    for d in docs:
        for p in d.personas:
            personas[p["clave"]] = p
    for p in personas.values():
        fila = {c: p.get(c) for c in _COLUMNAS_PERSONA}
        fila["alta"] = fila["alta"] or ahora()
        fila["modificado"] = fila["modificado"] or fila["alta"]
        for c in ("segundo_apellido", "nivel", "rango", "via_ingreso", "correo"):
            fila[c] = fila[c] or ""
        fila["titularidad"] = int(fila["titularidad"] or 0)
        fila["situacion"] = fila["situacion"] or "activo"
        try:
            tx.execute(f"INSERT INTO personas ({', '.join(fila)}) VALUES ({', '.join('?' * len(fila))})",
                       tuple(fila.values()))
        except sqlite3.IntegrityError as e:
            informe.no_recuperado.append(f"persona {p['clave']}: sus datos no son válidos ({e})")
            continue
        informe.personas += 1

    expedientes = _reconstruir_expedientes(tx, raiz, docs, personas, informe)
    procedimientos = _reconstruir_procedimientos(tx, raiz, docs, expedientes, informe)

    # Documents with their data, in the order they were issued.
    por_folio: dict[str, int] = {}
    sustituciones: list[tuple[int, str]] = []
    sin_datos: dict[str, int] = {}
    for d in docs:
        carpeta = raiz.relativa(d.archivo.parent.parent if d.estado == "borrador" else d.archivo.parent)
        exp_id = expedientes.get(carpeta)
        if exp_id is None:
            informe.no_recuperado.append(f"{raiz.relativa(d.archivo)}: no se supo a qué expediente pertenece")
            continue
        if d.folio and (d.folio in por_folio or tx.uno("SELECT 1 FROM documentos WHERE serie = ? AND area = ? AND "
                                                       "anio = ? AND consecutivo = ?",
                                                       (d.serie, d.area, d.anio, d.consecutivo))):
            informe.no_recuperado.append(f"{raiz.relativa(d.archivo)}: su folio {d.folio} ya lo tiene otro documento")
            continue
        proc_id = d.procedimiento.get("id") if d.procedimiento else None
        if proc_id not in procedimientos:
            proc_id = None
        archivo_id = tx.registrar_archivo_existente(d.archivo, tipo="borrador" if d.estado == "borrador"
                                                    else "documento")
        datos_id = tx.registrar_archivo_existente(d.datos_ruta, tipo="datos")
        cur = tx.execute(
            "INSERT INTO documentos (folio, serie, area, anio, consecutivo, tipo, estado, origen, fecha, asunto, "
            "expediente_id, procedimiento_id, paso, plantilla, plantilla_sha256, datos_sha256, archivo_id, "
            "datos_archivo_id, creado, creado_por) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?)",
            (d.folio, d.serie if d.folio else None, d.area if d.folio else None, d.anio if d.folio else None,
             d.consecutivo if d.folio else None, d.tipo, d.estado, d.origen, d.fecha, d.asunto, exp_id, proc_id,
             d.paso, d.plantilla, None, sha256_file(d.datos_ruta), archivo_id, datos_id, d.creado,
             d.creado_por or "desconocido"))
        doc_id = int(cur.lastrowid)
        if d.folio:
            por_folio[d.folio] = doc_id
            informe.con_folio += 1
        if d.sustituye:
            sustituciones.append((doc_id, d.sustituye))
        for clave in dict.fromkeys(d.claves_personas):
            if clave in personas:
                tx.execute("INSERT OR IGNORE INTO documento_personas (documento_id, persona_clave) VALUES (?, ?)",
                           (doc_id, clave))
            else:
                sin_datos[clave] = sin_datos.get(clave, 0) + 1
        if proc_id is not None and d.paso is not None and d.estado == "emitido":
            with contextlib.suppress(ArchivoError):
                tx.execute("UPDATE pasos SET estado = 'hecho', hecho = ?, hecho_por = ?, nota = ? "
                           "WHERE procedimiento_id = ? AND cvo = ? AND estado != 'hecho'",
                           (d.creado, d.creado_por or "desconocido", f"Documento {d.folio or doc_id} (recuperado)",
                            proc_id, d.paso))
        informe.documentos += 1
        if avanzar:
            avanzar(1)
    if sin_datos:
        claves = sorted(sin_datos)
        informe.no_recuperado.append(
            f"{len(claves)} persona(s) nombradas en documentos sin sus datos ({', '.join(claves[:8])}"
            f"{'…' if len(claves) > 8 else ''}): sus documentos no quedan ligados a ellas hasta que vuelva a "
            "importar el padrón")
    for doc_id, folio in sustituciones:
        if folio in por_folio:
            tx.execute("UPDATE documentos SET sustituye_a = ? WHERE id = ?", (por_folio[folio], doc_id))

    # Files with no .datos.json: registered where they are as imported documents.
    for carpeta_rel, exp_id in sorted(expedientes.items()):
        carpeta = raiz.absoluta(carpeta_rel)
        exp = exps.por_id(tx, exp_id)
        for ruta in sorted(carpeta.rglob("*")):
            if not ruta.is_file() or ruta in con_datos or ruta.name in (exps.CARATULA, exps.INDICE):
                continue
            if ruta.name.startswith((".", "~$")):
                informe.no_recuperado.append(f"{raiz.relativa(ruta)}: archivo oculto o temporal, no se registró")
                continue
            try:
                acervo.reincorporar(tx, ruta, exp)
            except ArchivoIlegible as e:
                informe.no_recuperado.append(f"{raiz.relativa(ruta)}: no se registró ({e.mensaje})")
                continue
            informe.importados += 1
            informe.documentos += 1
    # The cuadro de clasificación lived in the lost catalog: the example one (with archivo.toml's series) again,
    # and every expediente placed in its serie by the serie its record or carátula named.
    clasificacion.preparar_en(tx)
    tx.execute("UPDATE expedientes SET caratula_vigente = 0")


def _reconstruir_expedientes(tx: Transaccion, raiz: Raiz, docs: list[_Doc], personas: dict[str, dict[str, Any]],
                             informe: InformeRecuperacion) -> dict[str, int]:
    """Every expediente folder -> its new row id (same number, title and dates as before where known)."""
    conocidos: dict[str, dict[str, Any]] = {}
    for d in docs:
        if d.expediente and d.expediente.get("ruta"):
            conocidos[d.expediente["ruta"]] = d.expediente  # the latest record wins (docs are in issue order)
    carpetas: list[tuple[str, Path]] = []
    for nombre, tipo in _CARPETAS_TIPO.items():
        base = raiz.expedientes / nombre
        if base.is_dir():
            carpetas += [(tipo, c) for c in sorted(base.iterdir()) if c.is_dir() and not c.name.startswith(".")]
    if raiz.acervo.is_dir():
        carpetas += [("acervo", c) for c in sorted(raiz.acervo.iterdir()) if c.is_dir() and not c.name.startswith(".")]
    # A persona's folder is named after her clave and name: found for every persona a document names.
    carpetas_personas = {}
    for p in personas.values():
        nombre = " ".join(x for x in (p.get("nombre"), p.get("primer_apellido"), p.get("segundo_apellido")) if x)
        carpetas_personas[slug(f"{p['clave']} {nombre}", max_length=80)] = (p["clave"], nombre)
    por_ruta: dict[str, int] = {}
    sin_dueno: dict[str, list[str]] = {}
    config = raiz.config
    arch = config.archivistica
    for tipo, carpeta in carpetas:
        rel = raiz.relativa(carpeta)
        datos = conocidos.get(rel)
        caratula = exps.leer_caratula(carpeta)
        if datos is None and tipo == "persona":
            dueno = carpetas_personas.get(carpeta.name.split("--")[0])
            if dueno is None:  # a document filed here names its persona first; her clave begins the folder's name
                claves = {c for d in docs if d.archivo.parent == carpeta for c in d.claves_personas[:1]}
                dueno = next(((c, "") for c in claves if carpeta.name.startswith(slug(c) + "-")), None)
            if dueno is not None:
                datos = _expediente_sin_registro(tipo, carpeta, caratula, config) or {}
                datos.update(referencia=dueno[0], titulo=datos.get("titulo") or f"Expediente personal de {dueno[1]}")
        elif datos is None:
            datos = _expediente_sin_registro(tipo, carpeta, caratula, config)
        if (not datos or not datos.get("referencia")) and any(d.archivo.parent in (carpeta, carpeta / "borradores")
                                                               for d in docs):
            # Documents are filed here: the expediente is kept (their folios must count) under its folder's name.
            datos = _expediente_sin_registro(tipo, carpeta, caratula, config) or {}
            datos["referencia"] = f"recuperado:{rel}"
            informe.avisos.append(f"{rel}: no se supo a quién o a qué pertenece este expediente; se registró con la "
                                  f"referencia provisional «{datos['referencia']}» para conservar sus documentos")
        if not datos or not datos.get("referencia"):
            if any(carpeta.iterdir()):
                sin_dueno.setdefault(tipo, []).append(rel)
            continue
        fila = {c: datos.get(c) for c in _COLUMNAS_EXPEDIENTE}
        fila.update(tipo=tipo, ruta=rel, estado=fila["estado"] or "abierto")
        fila["fondo"] = fila["fondo"] or arch.fondo
        fila["seccion"] = fila["seccion"] or arch.seccion
        fila["serie"] = fila["serie"] or arch.series.get(tipo, exps.TIPOS[tipo])
        fila["valores"] = fila["valores"] or arch.valores
        fila["vigencia_anios"] = fila["vigencia_anios"] or arch.vigencia_anios
        fila["clasificacion"] = fila["clasificacion"] or arch.clasificacion.get(tipo, "Pública")
        fila["area"] = fila["area"] or config.organo_enlace["siglas"]
        if not fila["numero"] or tx.uno("SELECT 1 FROM expedientes WHERE numero = ?", (fila["numero"],)):
            fila["numero"] = f"{fila['fondo']}/{fila['area']}/RECUPERADO/{len(por_ruta) + 1:04d}"
            informe.avisos.append(f"{rel}: su número de expediente no se conocía; quedó como {fila['numero']}")
        if tx.uno("SELECT 1 FROM expedientes WHERE tipo = ? AND referencia = ?", (tipo, fila["referencia"])):
            informe.no_recuperado.append(f"{rel}: otro expediente ya tiene la referencia «{fila['referencia']}»")
            continue
        id_anterior = datos.get("id")
        if isinstance(id_anterior, int) and not tx.uno("SELECT 1 FROM expedientes WHERE id = ?", (id_anterior,)):
            fila["id"] = id_anterior
        tx.execute(f"INSERT INTO expedientes ({', '.join(fila)}) VALUES ({', '.join('?' * len(fila))})",
                   tuple(fila.values()))
        por_ruta[rel] = int(tx.uno("SELECT id FROM expedientes WHERE ruta = ?", (rel,))[0])
        informe.expedientes += 1
    for tipo, rutas in sin_dueno.items():
        que = {"persona": "expediente(s) personal(es) de personas no nombradas en ningún documento con datos: "
                          "vuelva a importar el padrón («archivo personal importar») y se abrirán de nuevo",
               }.get(tipo, f"expediente(s) de tipo «{exps.TIPOS[tipo].lower()}» sin documentos con datos: no se "
                           "sabe a qué pertenecen")
        informe.no_recuperado.append(f"{len(rutas)} {que} ({', '.join(rutas[:3])}{'…' if len(rutas) > 3 else ''})")
    return por_ruta


def _expediente_sin_registro(tipo: str, carpeta: Path, caratula: dict[str, str], config) -> dict[str, Any] | None:
    """What the folder name and the carátula say of an expediente whose documents carry no record."""
    referencia = None
    if tipo == "acervo" and carpeta.name.isdigit():
        referencia = carpeta.name
    elif tipo in ("procedimiento", "sesion"):  # «AAAA-<id>-<título>»
        m = re.match(r"^\d{4}-0*(\d+)-", carpeta.name)
        referencia = m.group(1) if m else None
    elif tipo == "mecanismo":
        referencia = carpeta.name
    if referencia is None and tipo != "persona":
        return None
    datos: dict[str, Any] = {"referencia": referencia}
    if caratula:
        area = re.search(r"\(([^()]+)\)\s*$", caratula.get("Unidad administrativa (área)", ""))
        vigencia = re.match(r"(\d+)", caratula.get("Vigencia documental", ""))
        cierre = caratula.get("Fecha de cierre", "")
        datos.update(numero=caratula.get("Número de expediente"), titulo=caratula.get("Título del expediente"),
                     fondo=caratula.get("Fondo"), seccion=caratula.get("Sección"), serie=caratula.get("Serie"),
                     valores=caratula.get("Valores documentales"),
                     vigencia_anios=int(vigencia.group(1)) if vigencia else None,
                     clasificacion=caratula.get("Clasificación de acceso"), area=area.group(1) if area else None,
                     fecha_apertura=_fecha_larga(caratula.get("Fecha de apertura", "")),
                     fecha_cierre=_fecha_larga(cierre) if cierre and cierre != "Abierto" else None,
                     estado="cerrado" if cierre and cierre != "Abierto" else "abierto")
    if tipo == "acervo":
        datos["titulo"] = datos.get("titulo") or f"Acervo documental {referencia}"
        datos["fecha_apertura"] = datos.get("fecha_apertura") or f"{referencia}-01-01"
    datos["titulo"] = datos.get("titulo") or carpeta.name
    datos["fecha_apertura"] = datos.get("fecha_apertura") or date.fromtimestamp(carpeta.stat().st_mtime).isoformat()
    return datos


def _reconstruir_procedimientos(tx: Transaccion, raiz: Raiz, docs: list[_Doc], expedientes: dict[str, int],
                                informe: InformeRecuperacion) -> set[int]:
    """Procedures with their original id and their steps from the manual: what their documents recorded, else what
    their expediente's title says («Mecanismo: título»)."""
    registros: dict[int, dict[str, Any]] = {}
    for d in docs:
        if d.procedimiento and isinstance(d.procedimiento.get("id"), int):
            registros[d.procedimiento["id"]] = {**registros.get(d.procedimiento["id"], {}), **d.procedimiento}
    catalogo = mec.cargar(raiz)
    hechos: set[int] = set()
    perdidos: list[str] = []
    for fila in tx.todos("SELECT id, referencia, titulo, fecha_apertura FROM expedientes WHERE tipo = 'procedimiento' "
                         "ORDER BY CAST(referencia AS INTEGER)"):
        if not fila["referencia"].isdigit():
            continue
        pid = int(fila["referencia"])
        p = registros.get(pid, {})
        try:
            if p.get("mecanismo") and p.get("tipo"):
                _, t = procs.resolver_tipo(catalogo, p["mecanismo"], p["tipo"])
                m_clave, titulo = p["mecanismo"], p.get("titulo") or fila["titulo"]
            else:
                nombre_m, _, titulo = fila["titulo"].partition(": ")
                m, t = procs.resolver_tipo(catalogo, nombre_m, None)
                m_clave, titulo = m.clave, titulo or fila["titulo"]
        except ArchivoError:
            perdidos.append(str(pid))
            continue
        tx.execute("INSERT INTO procedimientos (id, mecanismo, tipo, titulo, estado, abierto, abierto_por, "
                   "expediente_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (pid, m_clave, t.clave, titulo,
                    p.get("estado") if p.get("estado") in ("abierto", "concluido") else "abierto",
                    p.get("abierto") or fila["fecha_apertura"], p.get("abierto_por") or "desconocido", fila["id"]))
        tx.conn.executemany(
            "INSERT INTO pasos (procedimiento_id, cvo, accion, responsable, insumos, salidas) VALUES (?, ?, ?, ?, ?, ?)",
            [(pid, s.cvo, s.accion, s.responsable, json.dumps(list(s.insumos), ensure_ascii=False),
              json.dumps(list(s.salidas), ensure_ascii=False)) for s in t.pasos])
        hechos.add(pid)
        informe.procedimientos += 1
    if perdidos:
        informe.no_recuperado.append(f"{len(perdidos)} procedimiento(s) ({', '.join(perdidos)}) cuyo mecanismo no se "
                                     "pudo saber: sus documentos se recuperaron en su expediente")
    if hechos:
        informe.no_recuperado.append("el avance de los pasos de los procedimientos, sus personas y su conclusión: "
                                     "solo quedan hechos los pasos que cumplió un documento emitido")
    return hechos
