#!/bin/sh
# Instala archivo en .venv/ (y LibreOffice y Tesseract, si se ejecuta como root en Debian/Ubuntu).
# Uso: sh instalar.sh
set -eu
cd "$(dirname "$0")"

PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    echo "archivo necesita Python 3.11 o posterior; «$PY» no lo es o no existe." >&2
    exit 1
fi

PAQUETES_SISTEMA="libreoffice-writer-nogui fonts-liberation fonts-crosextra-carlito fonts-crosextra-caladea fonts-dejavu-core"
# OCR de escaneos: Tesseract con el idioma español, Ghostscript (PDF/A) y unpaper.
PAQUETES_OCR="tesseract-ocr tesseract-ocr-spa ghostscript unpaper"
FALTA_OCR=""
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx spa \
        || ! command -v gs >/dev/null 2>&1; then
    FALTA_OCR="$PAQUETES_OCR"
fi
if ! command -v soffice >/dev/null 2>&1 || [ -n "$FALTA_OCR" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Instalando LibreOffice (carpeta de sesión en PDF) y Tesseract (OCR de escaneos)…"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends $PAQUETES_SISTEMA $PAQUETES_OCR >/dev/null
    else
        if ! command -v soffice >/dev/null 2>&1; then
            echo "Aviso: falta LibreOffice, necesario para la carpeta de sesión en PDF. Instálelo con:" >&2
            echo "  sudo apt-get install --no-install-recommends $PAQUETES_SISTEMA" >&2
        fi
        if [ -n "$FALTA_OCR" ]; then
            echo "Aviso: falta el OCR (Tesseract con español): los escaneos se importarán sin texto hasta" >&2
            echo "instalarlo y ejecutar «archivo ocr». Instálelo con:" >&2
            echo "  sudo apt-get install --no-install-recommends $PAQUETES_OCR" >&2
        fi
    fi
fi

if [ ! -x .venv/bin/python ]; then
    if ! "$PY" -m venv .venv 2>/dev/null; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
            rm -rf .venv
            "$PY" -m venv .venv
        else
            echo "No se pudo crear el entorno virtual; instale python3-venv (sudo apt-get install python3-venv)." >&2
            exit 1
        fi
    fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
echo "archivo instalado en $(pwd)/.venv. Ejecute: .venv/bin/archivo --help"
