"""Demo: the fojas (pages) of every Word document counted with LibreOffice, so every carátula states its pages."""

from __future__ import annotations

from archivo.archivistica import expedientes as exps
from archivo.base.catalogo import Catalogo
from archivo.base.raiz import Raiz
from archivo.word import conversion


def poblar(raiz: Raiz, cat: Catalogo, informe: list[str]) -> None:
    try:
        contados = exps.contar_fojas(cat)
    except conversion.ErrorConversion:
        informe.append("Fojas: sin LibreOffice, las carátulas dicen cuántos documentos de Word faltan por contar "
                       "(«archivo expediente fojas» los cuenta cuando se instale).")
        return
    informe.append(f"Fojas contadas en {contados} documentos de Word: cada carátula dice su número de páginas.")
