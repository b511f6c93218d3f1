"""Classification of expedientes: every expediente carries its serie of the cuadro, and reads as the cuadro and the
CADIDO say (fondo, sección, serie, valores, vigencia, clasificación de acceso).

- ``preparar_en``: the first time an archive needs its cuadro, it gets the example SPEN cuadro and CADIDO
  (``archivo/datos/cuadro_spen.yaml``) with the institution as fondo; an archive that already had expedientes keeps
  the classification its ``archivo.toml`` gave them (``[archivistica]``: series per type, fondo, sección, valores,
  clasificación), and what cannot be classified stays listed by ``revisar``.
- ``serie_para``: the serie a new expediente gets (the most specific asignación of the cuadro).
- ``sincronizar``: after any change of the cuadro or the CADIDO, the expedientes it touches are rewritten to match
  (and their carátulas regenerated after commit).
- The user actions on the cuadro and the CADIDO (one transaction each) live here because they must resynchronize
  the expedientes; ``cuadro`` and ``cadido`` hold the entries, their rules and their Excel forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from archivo.archivistica import cadido, cuadro, libros
from archivo.archivistica.cadido import Disposicion
from archivo.archivistica.cuadro import Entrada
from archivo.archivistica.libros import Revision
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida, NoEncontrado
from archivo.base.valores import a_id

# Post-commit work that regenerates stale carátulas (``expedientes`` registers it).
TAREA_CARATULAS = "caratulas"
SIN_CLASIFICAR = "Sin clasificar"

Fuente = Catalogo | Transaccion


# --- the example cuadro -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def ejemplo() -> dict[str, Any]:
    """The shipped example cuadro with its CADIDO (``archivo/datos/cuadro_spen.yaml``)."""
    import yaml  # heavy library: imported where used (fast start)

    texto = resources.files("archivo.datos").joinpath("cuadro_spen.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(texto)


def _entradas_ejemplo() -> list[tuple[str, dict[str, Any], str]]:
    """(nivel, data, parent code) of every entry of the example below the fondo, parents first."""
    salida = []
    for s in ejemplo()["secciones"]:
        salida.append(("seccion", s, ""))
        for serie in s.get("series", []):
            salida.append(("serie", serie, s["codigo"]))
            for sub in serie.get("subseries", []):
                salida.append(("subserie", sub, serie["codigo"]))
    return salida


def _disposicion_ejemplo(entrada: Entrada, datos: dict[str, Any]) -> Disposicion:
    r = Revision()
    d = Disposicion(entrada.id, entrada.codigo, entrada.nombre, entrada.nivel)
    d.valores = cadido.leer_valores(datos.get("valores", []), entrada.codigo, r)
    d.plazo_tramite, d.plazo_concentracion = datos.get("tramite"), datos.get("concentracion")
    d.destino = datos.get("destino")
    d.acceso = datos.get("acceso", "publica")
    d.fundamento = " ".join(str(datos.get("fundamento", "")).split())
    d.plazo_reserva = datos.get("reserva")
    d.observaciones = " ".join(str(datos.get("observaciones", "")).split())
    cadido.revisar(d, r)
    if r.problemas:  # the shipped file is checked by the tests; say plainly if it was edited badly
        raise EntradaInvalida("El cuadro de ejemplo incluido con el programa tiene errores:", r.problemas)
    return d


def _insertar(tx: Transaccion, nivel: str, codigo: str, nombre: str, padre_id: int | None, descripcion: str = "",
              area: str = "") -> Entrada:
    tx.execute("INSERT INTO cuadro (nivel, codigo, nombre, padre_id, descripcion, area, creado, modificado) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (nivel, codigo, " ".join(nombre.split()), padre_id, " ".join(descripcion.split()), area, tx.momento,
                tx.momento))
    return cuadro.obtener(tx, codigo)


def _codigo_de(texto: str) -> tuple[str, str]:
    """«SPEN.01 Expedientes del personal» → (SPEN.01, Expedientes del personal); («», texto) without a code."""
    partes = str(texto or "").strip().split(None, 1)
    if partes and cuadro.CODIGO_VALIDO.match(partes[0]) and any(ch.isdigit() or ch == "." for ch in partes[0]):
        return partes[0], (partes[1] if len(partes) > 1 else partes[0])
    return "", str(texto or "").strip()


def _acceso_de_texto(texto: str) -> str:
    n = libros.normalizar(texto)
    for clave in ("confidencial", "reservada"):
        if n.startswith(clave[:6]):
            return clave
    return "publica"


def preparar_en(tx: Transaccion) -> bool:
    """Give the archive its cuadro the first time it is needed (inside the caller's transaction).

    Returns True when it did something. See the module docstring for what an existing archive keeps.
    """
    if not cuadro.vacio(tx):
        return False
    raiz = tx.catalogo.raiz
    config = raiz.config
    # The fondo and the cuadro's names come from archivo.toml: never from the example institution.
    config.exigir_datos_reales("No se puede preparar el cuadro de clasificación")
    arch = config.archivistica
    siglas_areas = {a.siglas for a in config.areas}
    area_defecto = config.organo_enlace["siglas"]

    def area(siglas: str | None) -> str:
        return siglas if siglas in siglas_areas else (area_defecto if area_defecto in siglas_areas else "")

    previo = tx.uno("SELECT fondo, COUNT(*) AS n FROM expedientes GROUP BY fondo ORDER BY n DESC LIMIT 1")
    codigo_fondo = (previo["fondo"] if previo else "") or arch.fondo or config.siglas
    if not cuadro.CODIGO_VALIDO.match(codigo_fondo):
        codigo_fondo = "FONDO"
    fondo = _insertar(tx, "fondo", codigo_fondo, config.institucion["nombre"], None,
                      "Documentos producidos y recibidos por la institución.", area(area_defecto))
    creados: dict[str, Entrada] = {fondo.codigo: fondo}
    datos_de: dict[str, dict[str, Any]] = {}
    for nivel, datos, padre in _entradas_ejemplo():
        padre_id = creados[padre].id if padre else fondo.id
        e = _insertar(tx, nivel, datos["codigo"], datos["nombre"], padre_id, datos.get("descripcion", ""),
                      area(datos.get("area") or (creados[padre].area if padre else area_defecto)))
        creados[e.codigo] = e
        datos_de[e.codigo] = datos
    asignaciones: dict[str, str] = {}
    for codigo, datos in datos_de.items():
        for clave in datos.get("asignar", []):
            asignaciones[cuadro.normalizar_asignacion(clave)] = codigo
    # An archive created before the cuadro lived in the catalog: archivo.toml said which serie each type had.
    migradas: list[str] = []
    for tipo, texto in arch.series.items():
        codigo, nombre = _codigo_de(texto)
        if not codigo or tipo not in cuadro.TIPOS_ASIGNABLES:
            continue
        if codigo in creados:
            if creados[codigo].nombre != nombre and creados[codigo].es_serie:
                tx.execute("UPDATE cuadro SET nombre = ? WHERE id = ?", (nombre, creados[codigo].id))
        else:
            prefijo = codigo.split(".")[0]
            seccion = creados.get(prefijo) if prefijo in creados and creados[prefijo].nivel == "seccion" else None
            if seccion is None:
                codigo_seccion = prefijo if prefijo != codigo and prefijo not in creados else f"{codigo}-S"
                seccion = _insertar(tx, "seccion", codigo_seccion, arch.seccion or "Sección sin nombre", fondo.id,
                                    area=area(area_defecto))
                creados[seccion.codigo] = seccion
            creados[codigo] = _insertar(tx, "serie", codigo, nombre, seccion.id, area=area(area_defecto))
            d = Disposicion(creados[codigo].id, codigo, nombre, "serie")
            d.valores = cadido.leer_valores(arch.valores, codigo, Revision())  # best effort: it was free text
            d.acceso = _acceso_de_texto(arch.clasificacion.get(tipo, ""))
            d.fundamento = arch.clasificacion.get(tipo, "") if d.acceso != "publica" else ""
            d.observaciones = (f"Serie tomada de archivo.toml (vigencia total registrada: {arch.vigencia_anios} "
                               "años). Falta dividirla en plazos de trámite y de concentración.")
            _guardar_sin_revisar(tx, d)
            migradas.append(codigo)
        asignaciones[tipo] = codigo
    for clave, codigo in asignaciones.items():
        tx.execute("INSERT INTO cuadro_asignaciones (clave, serie_id) VALUES (?, ?)", (clave, creados[codigo].id))
    for codigo, datos in datos_de.items():
        if datos.get("cadido"):
            cadido.guardar(tx, _disposicion_ejemplo(creados[codigo], datos["cadido"]))
    existentes = tx.todos("SELECT id, tipo, referencia, serie FROM expedientes WHERE serie_id IS NULL")
    clasificados = 0
    for fila in existentes:
        codigo, _ = _codigo_de(fila["serie"])
        entrada = creados.get(codigo)
        if entrada is None or not entrada.es_serie:
            continue
        especifica = serie_para(tx, fila["tipo"], fila["referencia"], _mecanismo(tx, fila["tipo"], fila["referencia"]))
        if especifica is not None and especifica.id in cuadro.descendientes(tx, entrada.id):
            entrada = especifica
        tx.execute("UPDATE expedientes SET serie_id = ? WHERE id = ?", (entrada.id, fila["id"]))
        clasificados += 1
    tx.registrar("cuadro", fondo.codigo, None, {
        "accion": "cuadro de clasificación y CADIDO de ejemplo", "entradas": len(creados),
        "series_de_archivo_toml": migradas, "expedientes_clasificados": clasificados,
        "expedientes_sin_clasificar": len(existentes) - clasificados}, accion="preparar cuadro de clasificación")
    if existentes:
        sincronizar(tx, [f["id"] for f in existentes])
    return True


def _guardar_sin_revisar(tx: Transaccion, d: Disposicion) -> None:
    """A migrated serie's CADIDO as far as it is known (its plazos stay empty until the office values them)."""
    tx.execute("INSERT INTO cadido (serie_id, administrativo, legal, fiscal, acceso, fundamento, observaciones, "
               "modificado) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (d.serie_id, int("administrativo" in d.valores), int("legal" in d.valores),
                int("fiscal" in d.valores), d.acceso, d.fundamento, d.observaciones, tx.momento))


def _mecanismo(fuente: Fuente, tipo: str, referencia: str) -> str | None:
    """The mecanismo of a procedure's expediente (only to place migrated expedientes in their subserie)."""
    ident = a_id(referencia) if tipo == "procedimiento" else None
    if ident is None:
        return None
    fila = fuente.uno("SELECT mecanismo FROM procedimientos WHERE id = ?", (ident,))
    return fila["mecanismo"] if fila else None


def preparar(cat: Catalogo) -> None:
    """``preparar_en`` in its own transaction, only when the archive has no cuadro yet."""
    if cuadro.vacio(cat):
        with cat.transaccion("preparar cuadro de clasificación") as tx:
            preparar_en(tx)


def serie_para(fuente: Fuente, tipo: str, referencia: str, mecanismo: str | None = None) -> Entrada | None:
    """The serie a new expediente of ``tipo`` gets: «tipo:referencia», then «tipo:mecanismo», then «tipo»."""
    claves = [f"{tipo}:{referencia}"] + ([f"{tipo}:{mecanismo}"] if mecanismo else []) + [tipo]
    entrada = cuadro.serie_de_asignacion(fuente, claves)
    return entrada if entrada is not None and entrada.es_serie else None


# --- how an expediente reads ---------------------------------------------------------------------------


def acceso_efectivo(d: Disposicion | None, datos_personales: bool) -> str:
    """Personal data are confidential by law: an expediente that holds them is never less than confidencial."""
    acceso = d.acceso if d is not None and d.registrada else "publica"
    if datos_personales and acceso == "publica":
        return "confidencial"
    return acceso


def texto_acceso(d: Disposicion | None, datos_personales: bool) -> str:
    acceso = acceso_efectivo(d, datos_personales)
    texto = cadido.ACCESOS[acceso]
    if acceso == "reservada" and d is not None and d.plazo_reserva:
        texto = d.acceso_texto
    if datos_personales and acceso == "confidencial":
        texto += " (contiene datos personales)"
    fundamento = d.fundamento if d is not None and d.acceso == acceso else ""
    if acceso != "publica" and fundamento:
        texto += f". Fundamento: {fundamento}"
    return texto


def textos(fuente: Fuente, serie_id: int | None, datos_personales: bool) -> dict[str, Any]:
    """The classification columns of an expediente of ``serie_id`` (None: not classified)."""
    f = cuadro.fondo(fuente)
    if serie_id is None:
        return {"fondo": f.codigo if f else "", "seccion": "", "serie": SIN_CLASIFICAR, "valores": "",
                "vigencia_anios": 0, "clasificacion": texto_acceso(None, datos_personales)}
    entrada = cuadro.por_id(fuente, serie_id)
    cadena = cuadro.ascendencia(fuente, entrada)
    seccion = next((e for e in cadena if e.nivel == "seccion"), None)
    serie = entrada.etiqueta
    if entrada.nivel == "subserie" and len(cadena) >= 2:
        serie = f"{entrada.etiqueta} (subserie de {cadena[-2].etiqueta})"
    d = cadido.de_serie(fuente, serie_id)
    return {"fondo": cadena[0].codigo, "seccion": seccion.etiqueta if seccion else "", "serie": serie,
            "valores": d.valores_texto if d else "", "vigencia_anios": (d.vigencia or 0) if d else 0,
            "clasificacion": texto_acceso(d, datos_personales)}


COLUMNAS_TEXTO = ("fondo", "seccion", "serie", "valores", "vigencia_anios", "clasificacion")


def marcar(tx: Transaccion, ids: Sequence[int]) -> None:
    """Mark carátulas stale and have them regenerated after commit."""
    if not ids:
        return
    marcas = ",".join("?" * len(ids))
    tx.execute(f"UPDATE expedientes SET caratula_vigente = 0 WHERE id IN ({marcas})", list(ids))
    tx.programar(TAREA_CARATULAS)


def sincronizar(tx: Transaccion, ids: Iterable[int] | None = None) -> list[int]:
    """Rewrite the classification columns of expedientes (``ids``, or all) that no longer match the cuadro and
    the CADIDO. Returns the ids that changed (their carátulas are regenerated after commit)."""
    if ids is None:
        filas = tx.todos("SELECT * FROM expedientes")
    else:
        lista_ids = list(dict.fromkeys(ids))
        filas = []
        for inicio in range(0, len(lista_ids), 500):
            parte = lista_ids[inicio:inicio + 500]
            filas += tx.todos(f"SELECT * FROM expedientes WHERE id IN ({','.join('?' * len(parte))})", parte)
    cache: dict[tuple[int | None, bool], dict[str, Any]] = {}
    cambiados = []
    for fila in filas:
        clave = (fila["serie_id"], bool(fila["datos_personales"]))
        if clave not in cache:
            cache[clave] = textos(tx, *clave)
        nuevos = cache[clave]
        if any(fila[c] != nuevos[c] for c in COLUMNAS_TEXTO):
            tx.execute(f"UPDATE expedientes SET {', '.join(f'{c} = ?' for c in COLUMNAS_TEXTO)} WHERE id = ?",
                       (*(nuevos[c] for c in COLUMNAS_TEXTO), fila["id"]))
            cambiados.append(fila["id"])
    marcar(tx, cambiados)
    return cambiados


def _expedientes_bajo(tx: Transaccion, entrada_ids: Iterable[int]) -> list[int]:
    ids: set[int] = set()
    for e in entrada_ids:
        ids |= cuadro.descendientes(tx, e)
    if not ids:
        return []
    return [f[0] for f in tx.todos(f"SELECT id FROM expedientes WHERE serie_id IN ({','.join('?' * len(ids))})",
                                   list(ids))]


# --- user actions on the cuadro and the CADIDO -------------------------------------------------------


def agregar_entrada(cat: Catalogo, **datos: Any) -> Entrada:
    preparar(cat)
    with cat.transaccion("agregar al cuadro de clasificación") as tx:
        return cuadro.alta(tx, **datos)


def editar_entrada(cat: Catalogo, codigo: str, **cambios: Any) -> Entrada:
    preparar(cat)
    with cat.transaccion("editar el cuadro de clasificación") as tx:
        entrada = cuadro.editar(tx, codigo, **cambios)
        sincronizar(tx, _expedientes_bajo(tx, [entrada.id]))
        return entrada


def quitar_entrada(cat: Catalogo, codigo: str) -> Entrada:
    preparar(cat)
    with cat.transaccion("dar de baja del cuadro de clasificación") as tx:
        return cuadro.baja(tx, codigo)


def importar_cuadro(cat: Catalogo, ruta: Path | str) -> cuadro.ResultadoImportacion:
    libro = libros.abrir(ruta)
    preparar(cat)
    with cat.transaccion(f"importar cuadro de clasificación de {Path(ruta).name}") as tx:
        resultado = cuadro.importar_en(tx, libro, Path(ruta).name)
        cambiadas = [cuadro.obtener(tx, c).id for c in resultado.actualizados]
        sincronizar(tx, _expedientes_bajo(tx, cambiadas))
    return resultado


def exportar_cuadro(cat: Catalogo, ruta: Path | str, *, reemplazar: bool = False) -> int:
    preparar(cat)
    return cuadro.exportar_xlsx(cat, ruta, reemplazar=reemplazar)


def editar_cadido(cat: Catalogo, codigo: str, **cambios: Any) -> Disposicion:
    preparar(cat)
    with cat.transaccion("editar el CADIDO") as tx:
        d = cadido.editar(tx, codigo, **cambios)
        sincronizar(tx, _expedientes_bajo(tx, [d.serie_id]))
        return d


def importar_cadido(cat: Catalogo, ruta: Path | str) -> cadido.ResultadoImportacion:
    libro = libros.abrir(ruta)
    preparar(cat)
    with cat.transaccion(f"importar CADIDO de {Path(ruta).name}") as tx:
        resultado = cadido.importar_en(tx, libro, Path(ruta).name)
        cambiadas = [cuadro.obtener(tx, c).id for c in resultado.actualizadas]
        sincronizar(tx, _expedientes_bajo(tx, cambiadas))
    return resultado


def exportar_cadido(cat: Catalogo, ruta: Path | str, *, reemplazar: bool = False) -> int:
    preparar(cat)
    return cadido.exportar_xlsx(cat, ruta, reemplazar=reemplazar)


def ver_cuadro(cat: Catalogo) -> list[Entrada]:
    preparar(cat)
    return cuadro.lista(cat)


def ver_cadido(cat: Catalogo) -> list[Disposicion]:
    preparar(cat)
    return cadido.lista(cat)


# --- classifying expedientes -----------------------------------------------------------------------


def clasificar_en(tx: Transaccion, expediente_id: int, codigo: str) -> Entrada:
    """Put an expediente in serie ``codigo`` inside the caller's transaction."""
    preparar_en(tx)
    entrada = cuadro.obtener(tx, codigo)
    if not entrada.es_serie:
        raise EntradaInvalida(f"{entrada.codigo} es {entrada.nivel_nombre.lower()}; un expediente se clasifica en "
                              "una serie o subserie.")
    fila = tx.uno("SELECT numero, serie_id, serie FROM expedientes WHERE id = ?", (expediente_id,))
    if fila is None:
        raise NoEncontrado(f"No existe el expediente {expediente_id}.")
    if fila["serie_id"] != entrada.id:
        tx.execute("UPDATE expedientes SET serie_id = ? WHERE id = ?", (entrada.id, expediente_id))
        tx.registrar("expediente", fila["numero"], {"serie": fila["serie"]}, {"serie": entrada.etiqueta},
                     accion="clasificar expediente")
        sincronizar(tx, [expediente_id])
        marcar(tx, [expediente_id])
    return entrada


@dataclass
class Observacion:
    """Something of the classification that needs the office's attention."""

    tipo: str       # «sin clasificar», «serie sin plazos», «tipo sin serie»
    referencia: str
    descripcion: str
    sugerencia: str

    def como_dict(self) -> dict[str, str]:
        return {"tipo": self.tipo, "referencia": self.referencia, "descripcion": self.descripcion,
                "sugerencia": self.sugerencia}


def revisar(cat: Catalogo) -> list[Observacion]:
    """Expedientes without serie, series without plazos that hold expedientes, and types no serie receives."""
    preparar(cat)
    salida: list[Observacion] = []
    for f in cat.todos("SELECT numero, titulo FROM expedientes WHERE serie_id IS NULL ORDER BY numero"):
        salida.append(Observacion("sin clasificar", f["numero"], f["titulo"],
                                  f"archivo archivistica clasificar {f['numero']} --serie CÓDIGO"))
    usos = {f["serie_id"]: f["n"] for f in cat.todos(
        "SELECT serie_id, COUNT(*) AS n FROM expedientes WHERE serie_id IS NOT NULL GROUP BY serie_id")}
    for d in cadido.lista(cat):
        if not d.completa:
            n = usos.get(d.serie_id, 0)
            salida.append(Observacion(
                "serie sin plazos", d.codigo,
                f"{d.nombre}: falta {', '.join(d.faltantes())}" + (f" ({n} expediente(s))" if n else ""),
                f"archivo archivistica cadido editar {d.codigo} --tramite AÑOS --concentracion AÑOS "
                "--destino DESTINO --valores VALORES"))
    asignadas = {f[0] for f in cat.todos("SELECT clave FROM cuadro_asignaciones")}
    for tipo in cuadro.TIPOS_ASIGNABLES:
        if tipo not in asignadas:
            salida.append(Observacion("tipo sin serie", tipo,
                                      f"los expedientes nuevos de tipo «{tipo}» quedarán sin clasificar",
                                      f"archivo archivistica cuadro editar CÓDIGO --asignar {tipo}"))
    return salida
