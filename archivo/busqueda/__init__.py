"""Search: the Spanish full-text index (Whoosh) over every document, its query language and the acervo import.

The catalog is the source of truth; the index in ``indices/whoosh/`` is derived data that can always be rebuilt
(``reindexar``). Modules, from the user's words to the disk:

- ``consulta``: the query language of ``archivo buscar`` (``interpretar`` -> a small tree -> Whoosh).
- ``analisis``: the Spanish analyzer (accents, plurals, identifiers such as ``INE/CG682/2023``).
- ``motor``: the index schema and the engine (``Motor`` writes, ``Buscador`` ranks, filters, similar documents).
- ``evaluador``: ranking straight from the posting blocks; ``fragmentos``: highlighted fragments.
- ``indice``: the archive's index (one writer at a time, generations switched atomically) and catalog -> index.
- ``extraccion``: text and metadata of PDF/DOCX/TXT files (and image pages); ``acervo``: the import of past
  documents; ``ocr``: the OCR engine (OCRmyPDF over Tesseract); ``escaneos``: OCR of the archive's scans.
"""

from archivo.base.catalogo import TAREA_INDEXAR, registrar_tarea
from archivo.busqueda.consulta import (
    PESO_TITULO,
    PUNTOS_NUMERO_PROPIO,
    Frase,
    No,
    O,
    Palabra,
    Y,
    consulta_whoosh,
    interpretar,
)
from archivo.busqueda.evaluador import Evaluador
from archivo.busqueda.fragmentos import MARCA_INICIO
from archivo.busqueda.indice import (
    FACETAS,
    IndexadorEnSegundoPlano,
    IndiceArchivo,
    buscar,
    buscar_pagina,
    indexar_pendientes,
    reindexar,
    similares,
)
from archivo.busqueda.motor import Buscador, Filtros, Motor, Resultado, TextoEspanol

registrar_tarea(TAREA_INDEXAR, indexar_pendientes)

__all__ = [
    "FACETAS", "Buscador", "Evaluador", "Filtros", "IndexadorEnSegundoPlano", "Frase", "IndiceArchivo", "MARCA_INICIO", "Motor", "No", "O",
    "PESO_TITULO", "PUNTOS_NUMERO_PROPIO", "Palabra", "Resultado", "TextoEspanol", "Y", "buscar", "buscar_pagina",
    "consulta_whoosh", "indexar_pendientes", "interpretar", "reindexar", "similares",
]
