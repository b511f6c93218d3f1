"""The Programa Anual de Trabajo: activities by mecanismo, cronograma, semestral progress and its documents."""

from archivo.pat.programa import (
    COLOR_MES,
    ESTATUS,
    MESES_CORTOS,
    NOMBRE_SEMESTRE,
    avance_semestral,
    celdas_sombreadas,
    construir_documento,
    emitir_documento,
    emitir_informe_semestral,
    escribir_formato,
    historial_avance,
    importar,
    leer_meses,
    meses_texto,
    obtener,
    registrar_avance,
)

__all__ = [
    "avance_semestral",
    "celdas_sombreadas",
    "COLOR_MES",
    "construir_documento",
    "emitir_documento",
    "emitir_informe_semestral",
    "escribir_formato",
    "ESTATUS",
    "historial_avance",
    "importar",
    "leer_meses",
    "MESES_CORTOS",
    "meses_texto",
    "NOMBRE_SEMESTRE",
    "obtener",
    "registrar_avance",
]
