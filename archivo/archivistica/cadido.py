"""The catálogo de disposición documental (CADIDO): for each serie or subserie of the cuadro, its valores
documentales, how many years its expedientes stay in the archivo de trámite and in concentración, its destino final
and its clasificación de acceso (with fundamento and, when reservada, plazo de reserva).

A serie without plazos cannot be given any: entering or importing one is an error that says what to fill in.
Series migrated from an older archive may have no plazos yet; ``clasificacion.revisar`` lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivo.archivistica import cuadro, libros
from archivo.archivistica.libros import Columna, Revision
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import EntradaInvalida
from archivo.base.fsutil import atomic_write_bytes

VALORES = {"administrativo": "Administrativo", "legal": "Legal", "fiscal": "Fiscal o contable"}
ABREVIATURAS = {"administrativo": "A", "legal": "L", "fiscal": "F/C"}
DESTINOS = {"baja": "Baja documental", "conservacion": "Conservación (archivo histórico)", "muestreo": "Muestreo"}
ACCESOS = {"publica": "Pública", "reservada": "Reservada", "confidencial": "Confidencial"}
PLAZO_MAXIMO = 100
RESERVA_MAXIMA = 10  # five years, extendable once for five more (Ley General de Transparencia)

_SINONIMOS_VALOR = {"a": "administrativo", "administrativo": "administrativo", "administrativa": "administrativo",
                    "l": "legal", "legal": "legal", "juridico": "legal", "f": "fiscal", "fiscal": "fiscal",
                    "c": "fiscal", "contable": "fiscal", "f c": "fiscal", "fiscal o contable": "fiscal",
                    "fiscal contable": "fiscal"}
_SINONIMOS_DESTINO = {"baja": "baja", "baja documental": "baja", "eliminacion": "baja",
                      "conservacion": "conservacion", "conservacion permanente": "conservacion",
                      "historico": "conservacion", "archivo historico": "conservacion",
                      "conservacion archivo historico": "conservacion", "transferencia secundaria": "conservacion",
                      "muestreo": "muestreo", "muestra": "muestreo"}
_SINONIMOS_ACCESO = {"publica": "publica", "publico": "publica", "reservada": "reservada",
                     "reservado": "reservada", "confidencial": "confidencial"}

Fuente = Catalogo | Transaccion


@dataclass
class Disposicion:
    serie_id: int
    codigo: str
    nombre: str
    nivel: str
    valores: tuple[str, ...] = ()
    plazo_tramite: int | None = None
    plazo_concentracion: int | None = None
    destino: str | None = None
    acceso: str = "publica"
    fundamento: str = ""
    plazo_reserva: int | None = None
    observaciones: str = ""
    registrada: bool = False

    @property
    def completa(self) -> bool:
        return not self.faltantes()

    def faltantes(self) -> list[str]:
        faltan = []
        if not self.valores:
            faltan.append("valores documentales")
        if self.plazo_tramite is None:
            faltan.append("plazo en archivo de trámite")
        if self.plazo_concentracion is None:
            faltan.append("plazo en archivo de concentración")
        if self.destino is None:
            faltan.append("destino final")
        return faltan

    @property
    def vigencia(self) -> int | None:
        if self.plazo_tramite is None or self.plazo_concentracion is None:
            return None
        return self.plazo_tramite + self.plazo_concentracion

    @property
    def valores_texto(self) -> str:
        texto = ", ".join(VALORES[v] for v in self.valores)
        return texto[:1] + texto[1:].lower() if texto else ""

    @property
    def valores_abreviados(self) -> str:
        return ", ".join(ABREVIATURAS[v] for v in self.valores)

    @property
    def vigencia_texto(self) -> str:
        """«AT 3 + AC 7 = 10 años» (archivo de trámite, archivo de concentración)."""
        if self.vigencia is None:
            return "Sin plazos en el CADIDO"
        return f"AT {self.plazo_tramite} + AC {self.plazo_concentracion} = {self.vigencia} años"

    @property
    def destino_texto(self) -> str:
        return DESTINOS.get(self.destino or "", "Sin destino final")

    @property
    def acceso_texto(self) -> str:
        texto = ACCESOS[self.acceso]
        if self.acceso == "reservada" and self.plazo_reserva:
            texto += f" por {self.plazo_reserva} año{'s' if self.plazo_reserva != 1 else ''}"
        return texto

    def como_dict(self) -> dict[str, Any]:
        return {"codigo": self.codigo, "nombre": self.nombre, "nivel": self.nivel, "valores": list(self.valores),
                "valores_texto": self.valores_texto, "plazo_tramite": self.plazo_tramite,
                "plazo_concentracion": self.plazo_concentracion, "vigencia": self.vigencia,
                "destino": self.destino, "destino_texto": self.destino_texto, "acceso": self.acceso,
                "acceso_texto": self.acceso_texto, "fundamento": self.fundamento,
                "plazo_reserva": self.plazo_reserva, "observaciones": self.observaciones,
                "completa": self.completa, "faltantes": self.faltantes()}


def _de(entrada: cuadro.Entrada, fila: Any | None) -> Disposicion:
    d = Disposicion(entrada.id, entrada.codigo, entrada.nombre, entrada.nivel)
    if fila is None:
        return d
    d.valores = tuple(v for v in VALORES if fila[v])
    d.plazo_tramite, d.plazo_concentracion = fila["plazo_tramite"], fila["plazo_concentracion"]
    d.destino, d.acceso, d.fundamento = fila["destino"], fila["acceso"], fila["fundamento"]
    d.plazo_reserva, d.observaciones, d.registrada = fila["plazo_reserva"], fila["observaciones"], True
    return d


def lista(fuente: Fuente) -> list[Disposicion]:
    """One per serie and subserie of the cuadro, in its order (empty when not yet valued)."""
    filas = {f["serie_id"]: f for f in fuente.todos("SELECT * FROM cadido")}
    return [_de(e, filas.get(e.id)) for e in cuadro.series(fuente)]


def de_serie(fuente: Fuente, serie_id: int | None) -> Disposicion | None:
    if serie_id is None:
        return None
    entrada = cuadro.por_id(fuente, serie_id)
    return _de(entrada, fuente.uno("SELECT * FROM cadido WHERE serie_id = ?", (serie_id,)))


def obtener(fuente: Fuente, codigo: str) -> Disposicion:
    entrada = cuadro.obtener(fuente, codigo)
    if not entrada.es_serie:
        raise EntradaInvalida(f"{entrada.codigo} es {entrada.nivel_nombre.lower()}; el CADIDO se define por serie "
                              "o subserie.")
    return _de(entrada, fuente.uno("SELECT * FROM cadido WHERE serie_id = ?", (entrada.id,)))


# --- reading values as people write them ---------------------------------------------------------------


def leer_valores(valor: Any, lugar: str, r: Revision) -> tuple[str, ...]:
    if isinstance(valor, list | tuple):
        partes = [str(v) for v in valor]
    else:
        partes = [p for p in str(valor or "").replace(";", ",").replace(" y ", ",").split(",")]
    leidos: list[str] = []
    for parte in partes:
        n = libros.normalizar(parte)
        if not n:
            continue
        clave = _SINONIMOS_VALOR.get(n)
        if clave is None:
            r.problema(lugar, f"«{parte.strip()}» no es un valor documental",
                       "use administrativo, legal o fiscal (fiscal o contable)")
        elif clave not in leidos:
            leidos.append(clave)
    return tuple(v for v in VALORES if v in leidos)


def leer_plazo(valor: Any, lugar: str, r: Revision, que: str, *, maximo: int = PLAZO_MAXIMO) -> int | None:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    try:
        numero = float(str(valor).strip().lower().removesuffix("años").removesuffix("año").strip())
        if not numero.is_integer():
            raise ValueError
        n = int(numero)
    except (TypeError, ValueError):
        r.problema(lugar, f"«{valor}» no es un número de años", f"escriba el {que} como número entero, p. ej. 3")
        return None
    if not 0 <= n <= maximo:
        r.problema(lugar, f"{n} no es un {que} válido", f"escriba de 0 a {maximo} años")
        return None
    return n


def _opcion(valor: Any, sinonimos: dict[str, str], opciones: dict[str, str], lugar: str, r: Revision,
            que: str) -> str | None:
    n = libros.normalizar(valor)
    if not n:
        return None
    clave = sinonimos.get(n)
    if clave is None:
        r.problema(lugar, f"«{valor}» no es {que}", "use " + ", ".join(opciones.values()))
    return clave


def leer_destino(valor: Any, lugar: str, r: Revision) -> str | None:
    return _opcion(valor, _SINONIMOS_DESTINO, DESTINOS, lugar, r, "un destino final")


def leer_acceso(valor: Any, lugar: str, r: Revision) -> str | None:
    return _opcion(valor, _SINONIMOS_ACCESO, ACCESOS, lugar, r, "una clasificación de acceso")


def revisar(d: Disposicion, r: Revision, lugares: dict[str, str] | None = None) -> None:
    """The rules of a CADIDO entry (every broken one into ``r``)."""
    lugares = lugares or {}

    def en(campo: str) -> str:
        return lugares.get(campo, f"CADIDO de {d.codigo}")

    if not d.valores:
        r.problema(en("valores"), "falta al menos un valor documental",
                   "marque administrativo, legal o fiscal (fiscal o contable)")
    if d.plazo_tramite is None:
        r.problema(en("plazo_tramite"), "falta el plazo de conservación en el archivo de trámite (años)",
                   "p. ej. 3")
    if d.plazo_concentracion is None:
        r.problema(en("plazo_concentracion"), "falta el plazo de conservación en el archivo de concentración (años)",
                   "p. ej. 7")
    if d.vigencia == 0:
        r.problema(en("plazo_tramite"), "la vigencia total es de 0 años", "un expediente se conserva al menos un año")
    if d.destino is None:
        r.problema(en("destino"), "falta el destino final", "use " + ", ".join(DESTINOS.values()))
    if d.acceso in ("reservada", "confidencial") and not d.fundamento.strip():
        ejemplo = ("Artículo 116 de la Ley General de Transparencia y Acceso a la Información Pública"
                   if d.acceso == "confidencial" else "Artículo 113, fracción IX, de la Ley General de Transparencia "
                   "y Acceso a la Información Pública")
        r.problema(en("fundamento"), f"la información {ACCESOS[d.acceso].lower()} necesita su fundamento legal",
                   f"p. ej. «{ejemplo}»")
    if d.acceso == "reservada":
        if d.plazo_reserva is None:
            r.problema(en("plazo_reserva"), "falta el plazo de reserva (años)",
                       f"la reserva dura hasta 5 años (ampliable hasta {RESERVA_MAXIMA})")
        elif not 1 <= d.plazo_reserva <= RESERVA_MAXIMA:
            r.problema(en("plazo_reserva"), f"un plazo de reserva de {d.plazo_reserva} años no es válido",
                       f"escriba de 1 a {RESERVA_MAXIMA} años")
    elif d.plazo_reserva is not None:
        r.problema(en("plazo_reserva"), f"la información {ACCESOS[d.acceso].lower()} no tiene plazo de reserva",
                   "deje el plazo de reserva vacío")


def guardar(tx: Transaccion, d: Disposicion) -> bool:
    """Write a checked entry; returns False when nothing changed."""
    anterior = de_serie(tx, d.serie_id)
    claves = ("valores", "plazo_tramite", "plazo_concentracion", "destino", "acceso", "fundamento",
              "plazo_reserva", "observaciones")
    if anterior is not None and anterior.registrada and all(getattr(anterior, k) == getattr(d, k) for k in claves):
        return False
    tx.execute(
        "INSERT INTO cadido (serie_id, administrativo, legal, fiscal, plazo_tramite, plazo_concentracion, destino, "
        "acceso, fundamento, plazo_reserva, observaciones, modificado) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (serie_id) DO UPDATE SET administrativo = excluded.administrativo, legal = excluded.legal, "
        "fiscal = excluded.fiscal, plazo_tramite = excluded.plazo_tramite, "
        "plazo_concentracion = excluded.plazo_concentracion, destino = excluded.destino, acceso = excluded.acceso, "
        "fundamento = excluded.fundamento, plazo_reserva = excluded.plazo_reserva, "
        "observaciones = excluded.observaciones, modificado = excluded.modificado",
        (d.serie_id, int("administrativo" in d.valores), int("legal" in d.valores), int("fiscal" in d.valores),
         d.plazo_tramite, d.plazo_concentracion, d.destino, d.acceso, d.fundamento.strip(), d.plazo_reserva,
         d.observaciones.strip(), tx.momento))
    tx.registrar("cadido", d.codigo, anterior.como_dict() if anterior and anterior.registrada else None,
                 d.como_dict())
    return True


def editar(tx: Transaccion, codigo: str, *, valores: Any = None, plazo_tramite: Any = None,
           plazo_concentracion: Any = None, destino: Any = None, acceso: Any = None, fundamento: str | None = None,
           plazo_reserva: Any = None, observaciones: str | None = None) -> Disposicion:
    """Change the CADIDO of a serie inside the caller's transaction: omitted values stay (an empty text clears
    the plazo de reserva); the result must satisfy every rule."""
    d = obtener(tx, codigo)
    r = Revision()
    if valores is not None:
        d.valores = leer_valores(valores, "--valores", r)
    if plazo_tramite is not None:
        d.plazo_tramite = leer_plazo(plazo_tramite, "--tramite", r, "plazo en trámite")
    if plazo_concentracion is not None:
        d.plazo_concentracion = leer_plazo(plazo_concentracion, "--concentracion", r, "plazo en concentración")
    if destino is not None:
        d.destino = leer_destino(destino, "--destino", r)
    if acceso is not None:
        d.acceso = leer_acceso(acceso, "--acceso", r) or d.acceso
        if d.acceso != "reservada" and plazo_reserva is None:
            d.plazo_reserva = None
    if fundamento is not None:
        d.fundamento = fundamento.strip()
    if plazo_reserva is not None:
        d.plazo_reserva = leer_plazo(plazo_reserva, "--reserva", r, "plazo de reserva", maximo=RESERVA_MAXIMA)
    if observaciones is not None:
        d.observaciones = observaciones.strip()
    lugares = {"valores": "--valores", "plazo_tramite": "--tramite", "plazo_concentracion": "--concentracion",
               "destino": "--destino", "fundamento": "--fundamento", "plazo_reserva": "--reserva"}
    reglas = Revision()
    revisar(d, reglas, lugares)
    con_error = {p.lugar for p in r.problemas}  # a value that did not read is not also «missing»
    r.problemas += [p for p in reglas.problemas if p.lugar not in con_error]
    r.lanzar(f"No se modificó el CADIDO de {d.codigo}")
    guardar(tx, d)
    return obtener(tx, d.codigo)


# --- Excel -------------------------------------------------------------------------------------------

HOJA = "CADIDO"
MARCA = "X"
COLUMNAS = (
    Columna("codigo", "Código", 13),
    Columna("nombre", "Serie o subserie", 40),
    Columna("administrativo", "Administrativo", 9, opciones=(MARCA,)),
    Columna("legal", "Legal", 9, opciones=(MARCA,)),
    Columna("fiscal", "Fiscal o contable", 9, opciones=(MARCA,), alias=("fiscal", "contable")),
    Columna("plazo_tramite", "Trámite (años)", 9, alias=("tramite", "archivo de tramite", "plazo en tramite")),
    Columna("plazo_concentracion", "Concentración (años)", 11,
            alias=("concentracion", "archivo de concentracion", "plazo en concentracion")),
    Columna("vigencia", "Vigencia total (años)", 9),
    Columna("destino", "Destino final", 16, opciones=("Baja documental", "Conservación", "Muestreo")),
    Columna("acceso", "Clasificación de acceso", 14, opciones=tuple(ACCESOS.values()), alias=("acceso",)),
    Columna("fundamento", "Fundamento de la clasificación", 40, alias=("fundamento", "fundamento legal")),
    Columna("plazo_reserva", "Plazo de reserva (años)", 10, alias=("reserva", "plazo de reserva")),
    Columna("observaciones", "Observaciones", 40),
)
OBLIGATORIAS = ("codigo", "plazo_tramite", "plazo_concentracion", "destino")
NOTAS = (
    "Valores documentales: marque con X. Plazos en años: trámite (en la oficina) y concentración; la vigencia "
    "total es su suma y no se captura.",
    "Destino final: Baja documental, Conservación (transferencia al archivo histórico) o Muestreo.",
    "Clasificación de acceso: Pública, Reservada (con fundamento y plazo de reserva) o Confidencial (con "
    "fundamento; no tiene plazo).",
    "Al importar, cada renglón define completo el CADIDO de su serie; las series que no estén en el libro "
    "conservan el suyo.",
)


def libro_cadido(fuente: Fuente):
    libro = libros.nuevo_libro()
    filas = []
    for d in lista(fuente):
        filas.append({"codigo": d.codigo, "nombre": d.nombre,
                      **{v: MARCA if v in d.valores else "" for v in VALORES},
                      "plazo_tramite": d.plazo_tramite, "plazo_concentracion": d.plazo_concentracion,
                      "vigencia": d.vigencia, "destino": {"baja": "Baja documental", "conservacion": "Conservación",
                                                          "muestreo": "Muestreo"}.get(d.destino or "", ""),
                      "acceso": ACCESOS[d.acceso] if d.registrada else "", "fundamento": d.fundamento,
                      "plazo_reserva": d.plazo_reserva, "observaciones": d.observaciones})
    config = (fuente.catalogo if isinstance(fuente, Transaccion) else fuente).raiz.config
    libros.escribir_hoja(libro, HOJA, COLUMNAS, filas,
                         titulo=[config.institucion["nombre"], "Catálogo de disposición documental"])
    libros.escribir_leame(libro, NOTAS)
    return libro


def exportar_xlsx(cat: Catalogo, ruta: Path | str, *, reemplazar: bool = False) -> int:
    ruta = cuadro._ruta_salida(ruta, reemplazar)
    atomic_write_bytes(ruta, libros.bytes_de(libro_cadido(cat)))
    return len(lista(cat))


@dataclass
class ResultadoImportacion:
    actualizadas: list[str] = field(default_factory=list)
    sin_cambios: int = 0
    sin_renglon: list[str] = field(default_factory=list)  # series of the cuadro not in the workbook

    def como_dict(self) -> dict[str, Any]:
        return {"actualizadas": self.actualizadas, "sin_cambios": self.sin_cambios, "sin_renglon": self.sin_renglon}


def _marcado(dato: libros.Dato | None) -> bool:
    texto = libros.normalizar(libros.texto(dato))
    return texto not in ("", "no", "0", "false", "falso")


def importar_en(tx: Transaccion, libro: Any, archivo: str) -> ResultadoImportacion:
    """Load the CADIDO sheet of ``libro`` inside the caller's transaction (every problem at once)."""
    r = Revision()
    filas = libros.leer_hoja(libro, HOJA, COLUMNAS, OBLIGATORIAS, r, archivo)
    if not filas and not r.problemas:
        r.problema(archivo, f"la hoja «{HOJA}» no tiene renglones")
    nuevas: list[Disposicion] = []
    vistos: dict[str, str] = {}
    for n, d in filas:
        lugar = f"{archivo}, hoja «{HOJA}», fila {n}"
        lugares = {k: v[1] for k, v in d.items()}
        codigo = libros.texto(d.get("codigo"))
        if not codigo:
            r.problema(lugares.get("codigo", lugar), "falta el código de la serie")
            continue
        if codigo in vistos:
            r.problema(lugares["codigo"], f"la serie {codigo} está repetida (también en {vistos[codigo]})")
            continue
        vistos[codigo] = lugar
        entrada = cuadro.buscar(tx, codigo)
        if entrada is None:
            r.problema(lugares["codigo"], f"la serie {codigo} no existe en el cuadro de clasificación",
                       "agréguela primero al cuadro («archivo archivistica cuadro importar» o «cuadro alta»)")
            continue
        if not entrada.es_serie:
            r.problema(lugares["codigo"], f"{codigo} es {entrada.nivel_nombre.lower()}; el CADIDO es por serie o "
                       "subserie", "quite el renglón")
            continue
        disp = Disposicion(entrada.id, entrada.codigo, entrada.nombre, entrada.nivel)
        disp.valores = tuple(v for v in VALORES if _marcado(d.get(v)))
        disp.plazo_tramite = leer_plazo(d.get("plazo_tramite", (None, ""))[0], lugares.get("plazo_tramite", lugar),
                                        r, "plazo en trámite")
        disp.plazo_concentracion = leer_plazo(d.get("plazo_concentracion", (None, ""))[0],
                                              lugares.get("plazo_concentracion", lugar), r, "plazo en concentración")
        disp.destino = leer_destino(libros.texto(d.get("destino")), lugares.get("destino", lugar), r)
        disp.acceso = leer_acceso(libros.texto(d.get("acceso")), lugares.get("acceso", lugar), r) or "publica"
        disp.fundamento = libros.texto(d.get("fundamento"))
        disp.plazo_reserva = leer_plazo(d.get("plazo_reserva", (None, ""))[0], lugares.get("plazo_reserva", lugar),
                                        r, "plazo de reserva", maximo=RESERVA_MAXIMA)
        disp.observaciones = libros.texto(d.get("observaciones"))
        if not any(v in d for v in VALORES):
            lugares["valores"] = lugar + " (columnas de valores documentales)"
        else:
            lugares["valores"] = next(d[v][1] for v in VALORES if v in d)
        revisar(disp, r, {k: lugares.get(k, lugar) for k in
                          ("valores", "plazo_tramite", "plazo_concentracion", "destino", "fundamento",
                           "plazo_reserva")})
        nuevas.append(disp)
    r.lanzar(f"No se importó el CADIDO de {archivo}; corrija lo siguiente")
    resultado = ResultadoImportacion()
    for disp in nuevas:
        if guardar(tx, disp):
            resultado.actualizadas.append(disp.codigo)
        else:
            resultado.sin_cambios += 1
    resultado.sin_renglon = [s.codigo for s in cuadro.series(tx) if s.codigo not in vistos]
    return resultado


def series_sin_plazos(fuente: Fuente) -> Sequence[Disposicion]:
    return [d for d in lista(fuente) if not d.completa]
