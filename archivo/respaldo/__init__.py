"""Keeping the archive safe: backups that restore (``copia``) and the rebuilding of a lost catalog
(``recuperacion``).

``crear``/``verificar``/``restaurar``/``lista`` work on a backup destination; ``ultimo`` tells how old the last
backup is (``archivo verificar`` and the portal's tablero show it); ``recuperar`` rebuilds the catalog from the
``.datos.json`` beside each issued document when there is no backup.
"""

from archivo.respaldo.copia import (
    HallazgoRespaldo,
    InformeRespaldo,
    InformeRestauracion,
    UltimoRespaldo,
    crear,
    lista,
    restaurar,
    total_archivos,
    ultimo,
    verificar,
)
from archivo.respaldo.recuperacion import InformeRecuperacion, motivo, recuperar

__all__ = [
    "HallazgoRespaldo", "InformeRecuperacion", "InformeRespaldo", "InformeRestauracion", "UltimoRespaldo", "crear",
    "lista", "motivo", "recuperar", "restaurar", "total_archivos", "ultimo", "verificar",
]
