"""Transfers and bajas: each moves expedientes and issues its inventory with folio, in one transaction.

- transferencia primaria: closed expedientes of one unidad administrativa go from its archivo de trámite to the
  archivo de concentración, each with its ubicación topográfica (caja, estante). An expediente whose plazo in
  trámite has not ended moves only with an explicit reason, recorded with it and printed in the inventory.
- transferencia secundaria: from concentración to the archivo histórico, for series of conservación permanente
  (or muestreo), or expedientes with documents of historical value.
- baja documental: from concentración, once the vigencia ended, for series whose destino is baja (or muestreo);
  refused for expedientes with documents of historical value. Its instrument carries the dictamen and the acta.

Every problem of every expediente is reported at once; nothing moves and no folio is used if there is any.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from archivo.archivistica import cadido, clasificacion, cuadro, instrumentos, vida
from archivo.archivistica import expedientes as exps
from archivo.archivistica.instrumentos import Instrumento
from archivo.archivistica.libros import Revision
from archivo.base.catalogo import Catalogo, Transaccion
from archivo.base.errors import NoEncontrado
from archivo.base.formato import fecha_larga

NOMBRES = {"primaria": "transferencia primaria", "secundaria": "transferencia secundaria",
           "baja": "baja documental"}
METODO_BAJA = "trituración del papel y su entrega para reciclaje"


@dataclass
class Traslado:
    """One expediente to move and where it will be (caja and estante; none for a baja)."""

    expediente: str
    caja: str = ""
    estante: str = ""


@dataclass
class Movimiento:
    id: int
    tipo: str
    fecha: str
    expedientes: list[str]
    anticipados: list[str]
    instrumento: Instrumento

    def como_dict(self) -> dict[str, Any]:
        return {"id": self.id, "tipo": self.tipo, "fecha": self.fecha, "expedientes": self.expedientes,
                "anticipados": self.anticipados, "instrumento": self.instrumento.como_dict()}


def _revisar(tx: Transaccion, tipo: str, traslados: Sequence[Traslado], fecha: date, motivo: str,
             r: Revision) -> list[tuple[exps.Expediente, Traslado, bool]]:
    """Check every expediente for the movement; returns (expediente, traslado, early) for those that exist."""
    if not traslados:
        r.problema("expedientes", "no se indicó ningún expediente")
    vistos: set[int] = set()
    salida = []
    for t in traslados:
        try:
            exp = vida.resolver(tx, t.expediente)
        except NoEncontrado as e:
            r.problema(str(t.expediente), e.mensaje)
            continue
        lugar = exp.numero
        if exp.id in vistos:
            r.problema(lugar, "está repetido en la lista")
            continue
        vistos.add(exp.id)
        if tipo != "baja":
            if not t.caja.strip():
                r.problema(lugar, "falta la caja en que queda", "indique --caja")
            if not t.estante.strip():
                r.problema(lugar, "falta el estante en que queda", "indique --estante")
        if exp.fecha_cierre and fecha.isoformat() < exp.fecha_cierre:
            r.problema(lugar, f"la fecha {fecha.isoformat()} es anterior a su cierre ({exp.fecha_cierre})")
        elif exp.fecha_fase and exp.fase != "tramite" and fecha.isoformat() < exp.fecha_fase:
            r.problema(lugar, f"la fecha {fecha.isoformat()} es anterior a su ingreso al "
                       f"{exps.FASES[exp.fase].lower()} ({exp.fecha_fase})")
        origen = "tramite" if tipo == "primaria" else "concentracion"
        if exp.fase != origen:
            r.problema(lugar, f"está en {exp.ubicacion.lower() if exp.fase != 'baja' else 'baja documental'}; "
                       f"la {NOMBRES[tipo]} es de expedientes del {exps.FASES[origen].lower()}")
            continue
        if exp.estado != "cerrado":
            r.problema(lugar, "está abierto", f"ciérrelo antes: archivo expediente cerrar --numero {exp.numero} "
                       "--fecha FECHA")
            continue
        if exp.serie_id is None:
            r.problema(lugar, "no está clasificado en una serie del cuadro",
                       f"archivo archivistica clasificar {exp.numero} --serie CÓDIGO")
            continue
        d = cadido.de_serie(tx, exp.serie_id)
        if d is None or not d.completa:
            r.problema(lugar, f"la serie {d.codigo if d else ''} no tiene {', '.join(d.faltantes() if d else [])} "
                       "en el CADIDO; sin plazos no se puede transferir ni dar de baja",
                       f"archivo archivistica cadido editar {d.codigo if d else 'CÓDIGO'} --tramite AÑOS "
                       "--concentracion AÑOS --destino DESTINO --valores VALORES")
            continue
        prestamo = vida.prestamo_abierto(tx, exp.id)
        if prestamo is not None:
            r.problema(lugar, f"está prestado a {prestamo.solicitante} ({prestamo.area}) desde el {prestamo.fecha}",
                       "registre su devolución antes de moverlo")
        fin_tramite, fin_concentracion = vida.plazos(exp, d)
        fin = fin_tramite if tipo == "primaria" else fin_concentracion
        anticipado = fecha < fin
        historicos = vida.valor_historico(tx, exp)
        if tipo == "primaria" and anticipado and not motivo.strip():
            r.problema(lugar, f"su plazo en el archivo de trámite termina el {fecha_larga(fin)}",
                       "para transferirlo antes indique el motivo con --motivo (queda registrado)")
        if tipo == "baja":
            if anticipado:
                r.problema(lugar, f"su vigencia documental termina el {fecha_larga(fin)}; no se puede dar de baja "
                           "antes")
            if d.destino == "conservacion":
                r.problema(lugar, f"la serie {d.codigo} es de conservación permanente en el CADIDO",
                           "transfiéralo al archivo histórico (transferencia secundaria)")
            for h in historicos:
                r.problema(lugar, f"el documento {h['folio'] or '#' + str(h['documento_id'])} tiene valor histórico "
                           f"({h['motivo']})", "transfiéralo al archivo histórico (transferencia secundaria)")
        if tipo == "secundaria":
            if anticipado and not motivo.strip():
                r.problema(lugar, f"su plazo en el archivo de concentración termina el {fecha_larga(fin)}",
                           "para transferirlo antes indique el motivo con --motivo (queda registrado)")
            if d.destino == "baja" and not historicos:
                r.problema(lugar, f"el destino final de la serie {d.codigo} es la baja documental y no tiene "
                           "documentos de valor histórico",
                           "dé de baja el expediente, o marque sus documentos de valor histórico con "
                           "«archivo archivistica valor-historico FOLIO --motivo …»")
        salida.append((exp, t, anticipado))
    areas = sorted({exp.area for exp, _, _ in salida})
    if len(areas) > 1:
        r.problema("expedientes", f"son de varias unidades administrativas ({', '.join(areas)}); cada inventario "
                   "es de una", "haga un movimiento por área")
    return salida


def mover(cat: Catalogo, tipo: str, traslados: Sequence[Traslado], *, fecha: Any = None, motivo: str = "",
          recibe: str = "", metodo: str = METODO_BAJA) -> Movimiento:
    """Transfer (``primaria``, ``secundaria``) or give de baja (``baja``) expedientes and issue the inventory."""
    if tipo not in NOMBRES:
        raise ValueError(tipo)
    r = Revision()
    f = vida.fecha_de(fecha, "fecha", r) or date.today()
    motivo = (motivo or "").strip()
    instrumentos.exigir_folio(cat.raiz)
    clasificacion.preparar(cat)
    conocidos = []
    for t in traslados:
        with contextlib.suppress(NoEncontrado):
            conocidos.append(vida.resolver(cat, t.expediente))
    conteo = instrumentos.contar_fojas(cat, conocidos)
    with cat.transaccion(NOMBRES[tipo]) as tx:
        revisados = _revisar(tx, tipo, traslados, f, motivo, r)
        r.lanzar(f"No se hizo la {NOMBRES[tipo]}")
        cur = tx.execute("INSERT INTO movimientos (tipo, fecha, registrado, registrado_por) VALUES (?, ?, ?, ?)",
                         (tipo, f.isoformat(), tx.momento, cat.usuario))
        movimiento_id = int(cur.lastrowid)
        destino = {"primaria": "concentracion", "secundaria": "historico", "baja": "baja"}[tipo]
        movidos: list[exps.Expediente] = []
        antes = {exp.id: exp for exp, _, _ in revisados}  # a baja inventories where they were
        anticipados: list[str] = []
        notas: dict[int, list[str]] = {}
        for orden, (exp, t, anticipado) in enumerate(revisados, start=1):
            caja = exp.caja if tipo == "baja" else (t.caja.strip() or None)
            estante = exp.estante if tipo == "baja" else (t.estante.strip() or None)
            anotar = anticipado and tipo != "baja"
            tx.execute("INSERT INTO movimiento_expedientes (movimiento_id, expediente_id, orden, caja, estante, "
                       "anticipada, motivo) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (movimiento_id, exp.id, orden, caja, estante, int(anotar), motivo if anotar else ""))
            tx.execute("UPDATE expedientes SET fase = ?, fecha_fase = ?, caja = ?, estante = ? WHERE id = ?",
                       (destino, f.isoformat(), caja, estante, exp.id))
            tx.registrar("expediente", exp.numero, {"fase": exp.fase, "caja": exp.caja, "estante": exp.estante},
                         {"fase": destino, "fecha": f.isoformat(), "caja": caja, "estante": estante,
                          "motivo": motivo if anotar else None}, accion=NOMBRES[tipo])
            if anotar:
                anticipados.append(exp.numero)
                notas[exp.id] = [f"Transferencia anticipada: {motivo}"]
            movidos.append(exps.por_id(tx, exp.id))
        exps.marcar_cambio(tx, [e.id for e in movidos])
        if tipo == "baja":
            movidos = instrumentos.ordenar(tx, movidos)
        filas = [instrumentos.fila_inventario(tx, antes[e.id] if tipo == "baja" else e, i, conteo[e.id],
                                              observaciones=notas.get(e.id, ()))
                 for i, e in enumerate(movidos, start=1)]
        suma = instrumentos.totales(filas)
        area = movidos[0].area
        raiz = cat.raiz
        series = sorted({cuadro.por_id(tx, e.serie_id).etiqueta for e in movidos}, key=cuadro.clave_natural)
        ubicaciones = sorted({", ".join(x for x in (f"caja {e.caja}" if e.caja else "",
                                                     f"estante {e.estante}" if e.estante else "") if x)
                              for e in movidos}, key=cuadro.clave_natural)
        campos: dict[str, Any] = {"fondo": instrumentos.fondo_texto(tx),
                                  "unidad_administrativa": instrumentos.unidad(raiz, area),
                                  "expedientes": [x.datos for x in filas],
                                  "total_expedientes": suma["total_expedientes"],
                                  "total_fojas": suma["total_fojas"],
                                  "nota_datos_personales": suma["nota_datos_personales"]}
        encabezado = [f"Fondo: {campos['fondo']}", f"Unidad administrativa: {campos['unidad_administrativa']}"]
        if tipo in ("primaria", "secundaria"):
            campos |= {"fecha_transferencia": f, "cajas": "; ".join(ubicaciones),
                       "recibe": recibe.strip() or ("Responsable del Archivo de Concentración" if tipo == "primaria"
                                                    else "Responsable del Archivo Histórico")}
            encabezado.append(f"Fecha de transferencia: {fecha_larga(f)}")
            encabezado.append(f"Ubicación: {campos['cajas']}")
        if tipo == "secundaria":
            campos["series"] = "; ".join(series)
        if tipo == "baja":
            campos |= {"series": "; ".join(series), "fechas_extremas": suma["fechas_extremas"],
                       "considerandos": _considerandos(tx, movidos), "metodo": metodo.strip() or METODO_BAJA,
                       "responsable_concentracion": recibe.strip() or "Responsable del Archivo de Concentración",
                       "organo_control": "Titular del Órgano Interno de Control"}
            encabezado.append(f"Series: {campos['series']}")
        notas_excel = [suma["nota_datos_personales"]] if suma["nota_datos_personales"] else []
        inst = instrumentos.emitir_en(tx, tipo, area=area, fecha=f, campos=campos, filas=[x.datos for x in filas],
                                      encabezado_excel=encabezado, notas_excel=notas_excel)
        tx.execute("UPDATE movimientos SET instrumento_id = ? WHERE id = ?", (inst.id, movimiento_id))
        return Movimiento(movimiento_id, tipo, f.isoformat(), [e.numero for e in movidos], anticipados, inst)


def _considerandos(tx: Transaccion, movidos: Sequence[exps.Expediente]) -> list[str]:
    """The dictamen's reasoning from the CADIDO of each serie involved."""
    por_serie: dict[int, list[exps.Expediente]] = {}
    for e in movidos:
        por_serie.setdefault(e.serie_id, []).append(e)
    textos = [
        "Que la Ley General de Archivos dispone que los sujetos obligados conserven sus documentos por los plazos "
        "que establece su Catálogo de Disposición Documental y que, concluida su vigencia, se determine su destino "
        "final mediante el dictamen correspondiente.",
    ]
    for serie_id, grupo in sorted(por_serie.items(), key=lambda x: cuadro.clave_natural(
            cuadro.por_id(tx, x[0]).codigo)):
        d = cadido.de_serie(tx, serie_id)
        textos.append(
            f"Que los {len(grupo)} expediente(s) de la serie {d.codigo} {d.nombre} tienen valores "
            f"{d.valores_texto.lower()} y una vigencia de {d.vigencia} años ({d.plazo_tramite} en el archivo de "
            f"trámite y {d.plazo_concentracion} en el de concentración), cumplida por todos, y su destino final en "
            f"el Catálogo es {d.destino_texto.lower()}.")
    textos.append("Que ninguno de los expedientes tiene documentos valorados con valor histórico ni está en "
                  "préstamo.")
    return textos


def transferir(cat: Catalogo, traslados: Sequence[Traslado], *, secundaria: bool = False, fecha: Any = None,
               motivo: str = "", recibe: str = "") -> Movimiento:
    return mover(cat, "secundaria" if secundaria else "primaria", traslados, fecha=fecha, motivo=motivo,
                 recibe=recibe)


def dar_de_baja(cat: Catalogo, expedientes: Sequence[str], *, fecha: Any = None, metodo: str = METODO_BAJA,
                responsable: str = "") -> Movimiento:
    return mover(cat, "baja", [Traslado(e) for e in expedientes], fecha=fecha, metodo=metodo, recibe=responsable)


def movimientos(cat: Catalogo) -> list[dict[str, Any]]:
    filas = cat.todos("SELECT m.id, m.tipo, m.fecha, m.registrado_por, d.folio AS inventario, "
                      "COUNT(x.expediente_id) AS expedientes FROM movimientos m "
                      "LEFT JOIN movimiento_expedientes x ON x.movimiento_id = m.id "
                      "LEFT JOIN instrumentos i ON i.id = m.instrumento_id "
                      "LEFT JOIN documentos d ON d.id = i.documento_id GROUP BY m.id ORDER BY m.fecha, m.id")
    return [dict(f) | {"tipo_nombre": NOMBRES[f["tipo"]]} for f in filas]
