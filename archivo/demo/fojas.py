"""Demo: the fojas (pages) of every Word document counted with LibreOffice, so every carátula states its pages."""

from __future__ import annotations

from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.word import conversion


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    try:
        exps.contar_fojas(cat)
    except conversion.ErrorConversion:
        informe.append("Fojas: sin LibreOffice, las carátulas dicen cuántos documentos de Word faltan por contar "
                       "(«archivo expediente fojas» los cuenta cuando se instale).")
        return
    informe.append("Fojas: las páginas de cada documento de Word se contaron con LibreOffice (una sola vez); cada "
                   "carátula dice su número de fojas.")
