"""The archive root: a folder with ``archivo.toml``, the catalog, templates, expedientes and the index.

``Raiz.localizar`` finds it (``--raiz``, ``ARCHIVO_RAIZ``, or the current directory and its parents);
``Raiz.preparar`` lays out a new one (``catalogo.iniciar_archivo`` completes it). ``Raiz.config`` is the validated
content of ``archivo.toml`` (``archivo.base.configuracion``), read again when the file changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from archivo.base.configuracion import ARCHIVO_TOML, TOML_INICIAL, Configuracion, cargar, cargar_texto
from archivo.base.errors import ArchivoError
from archivo.base.fsutil import atomic_write_text, safe_join

CATALOGO = "catalogo.sqlite"
ENV_RAIZ = "ARCHIVO_RAIZ"

LEEME_PLANTILLAS = """\
Plantillas propias de este archivo.

archivo usa las plantillas de Word que trae incluidas (vea «archivo plantillas lista»). Una plantilla que ponga en
esta carpeta con el mismo nombre que una incluida la sustituye en este archivo; una con otro nombre se agrega.

- Para cambiar una plantilla incluida: «archivo plantillas copiar NOMBRE» deja aquí NOMBRE.docx; ábrala en Word,
  edítela y guárdela. «archivo plantillas estado» muestra cuáles ha editado y cuáles cambió una versión nueva de
  archivo; «archivo plantillas actualizar» pone al día las que no ha editado.
- El encabezado, el pie, el logotipo, el papel, los márgenes y los estilos de todos los documentos están en
  membrete.docx: «archivo plantillas copiar membrete» y edítelo.
- Una plantilla nueva necesita su esquema NOMBRE.yaml: «archivo plantillas esquema NOMBRE.docx» escribe un
  borrador con cada variable que usa. Revísela con «archivo plantillas verificar NOMBRE».
"""


def plantillas_incluidas() -> Path:
    """The template set shipped with the program (wheel: archivo/_plantillas; checkout: ./plantillas)."""
    paquete = Path(__file__).resolve().parent.parent  # archivo/
    for candidato in (paquete / "_plantillas", paquete.parent / "plantillas"):
        if candidato.is_dir():
            return candidato
    raise ArchivoError("No se encontró el juego de plantillas incluido con el programa; reinstale archivo.")


class Raiz:
    """An archive root on disk."""

    def __init__(self, ruta: Path) -> None:
        self.ruta = Path(ruta).resolve()
        self._config: Configuracion | None = None
        self._marca_config: tuple[int, int, int] | None = None

    # --- layout -------------------------------------------------------------------------------
    @property
    def archivo_toml(self) -> Path:
        return self.ruta / ARCHIVO_TOML

    @property
    def catalogo_path(self) -> Path:
        return self.ruta / CATALOGO

    @property
    def plantillas(self) -> Path:
        return self.ruta / "plantillas"

    @property
    def expedientes(self) -> Path:
        return self.ruta / "expedientes"

    @property
    def indices(self) -> Path:
        return self.ruta / "indices"

    @property
    def acervo(self) -> Path:
        return self.ruta / "acervo"

    @property
    def diario(self) -> Path:
        """Write-ahead journal of files being written inside catalog transactions."""
        return self.ruta / ".diario"

    @property
    def config(self) -> Configuracion:
        """The validated archivo.toml; read again when the file changed (the portal runs for days)."""
        try:
            st = self.archivo_toml.stat()
            marca: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            marca = None
        if self._config is None or marca != self._marca_config:
            self._config = cargar(self.archivo_toml)
            self._marca_config = marca
        return self._config

    def relativa(self, path: Path) -> str:
        """Path relative to the root, with forward slashes (how the catalog stores paths)."""
        return Path(path).resolve().relative_to(self.ruta).as_posix()

    def absoluta(self, relativa: str) -> Path:
        return safe_join(self.ruta, *relativa.split("/"))

    # --- discovery and creation ---------------------------------------------------------------
    @staticmethod
    def es_raiz(ruta: Path) -> bool:
        return (Path(ruta) / ARCHIVO_TOML).is_file()

    @classmethod
    def localizar(cls, ruta: Path | str | None = None) -> Raiz:
        if ruta is None and os.environ.get(ENV_RAIZ):
            ruta = os.environ[ENV_RAIZ]
        if ruta is not None:
            ruta = Path(ruta).expanduser()
            if not cls.es_raiz(ruta):
                raise ArchivoError(
                    f"«{ruta}» no es un archivo: no contiene {ARCHIVO_TOML}. "
                    f"Cree uno con «archivo iniciar {ruta}» o indique otra ruta con --raiz."
                )
            return cls(ruta)
        actual = Path.cwd().resolve()
        for carpeta in (actual, *actual.parents):
            if cls.es_raiz(carpeta):
                return cls(carpeta)
        raise ArchivoError(
            "No se encontró un archivo en esta carpeta ni en sus carpetas superiores. "
            "Indique uno con --raiz RUTA (o la variable ARCHIVO_RAIZ), o cree uno con «archivo iniciar RUTA»."
        )

    @classmethod
    def preparar(cls, ruta: Path | str, *, toml: str | None = None) -> Raiz:
        """Create the folders and ``archivo.toml`` of a new archive root (``catalogo.iniciar_archivo`` then creates
        its catalog). Refuses to touch a folder that already holds one or has files."""
        ruta = Path(ruta).expanduser()
        if cls.es_raiz(ruta):
            raise ArchivoError(f"«{ruta}» ya contiene un archivo ({ARCHIVO_TOML}); no se sobrescribe.")
        if ruta.exists() and not ruta.is_dir():
            raise ArchivoError(f"«{ruta}» existe y no es una carpeta.")
        if ruta.is_dir() and any(ruta.iterdir()):
            raise ArchivoError(
                f"La carpeta «{ruta}» no está vacía; elija una carpeta nueva o vacía para no mezclar archivos."
            )
        texto = toml if toml is not None else TOML_INICIAL
        cargar_texto(texto)  # validate before writing anything
        ruta.mkdir(parents=True, exist_ok=True)
        raiz = cls(ruta)
        for carpeta in (raiz.expedientes, raiz.indices, raiz.acervo, raiz.diario):
            carpeta.mkdir(parents=True, exist_ok=True)
        raiz.plantillas.mkdir()
        atomic_write_text(raiz.plantillas / "LEEME.txt", LEEME_PLANTILLAS, overwrite=False)
        atomic_write_text(raiz.archivo_toml, texto, overwrite=False)
        return raiz
