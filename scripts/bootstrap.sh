#!/usr/bin/env bash
# Prepare this machine for Curator: system tools, then a virtualenv in .venv.
# Idempotent and quick when nothing changed (a stamp records the installed pyproject).
set -euo pipefail
cd "$(dirname "$0")/.."

want_dev=${1:-}

# --- system packages -------------------------------------------------------
# tool-or-library : Debian package
need=()
command -v exiftool  >/dev/null 2>&1 || need+=(libimage-exiftool-perl)
command -v pdftoppm  >/dev/null 2>&1 || need+=(poppler-utils)
command -v vipsthumbnail >/dev/null 2>&1 || need+=(libvips-tools)
# The tests validate the desktop entry and AppStream metainfo with the reference validators.
if [ "$want_dev" = dev ]; then
  command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
  command -v appstreamcli >/dev/null 2>&1 || need+=(appstream)
fi
# Qt's xcb/offscreen platform plugins need these shared libraries.
libs=$(ldconfig -p 2>/dev/null || true)
for lib in libEGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libGL.so.1 libxkbcommon-x11.so.0 \
           libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1; do
  if ! grep -qF "$lib" <<<"$libs"; then
    case $lib in
      libEGL.so.1) need+=(libegl1) ;;
      libGL.so.1) need+=(libgl1) ;;
      libxkbcommon.so.0) need+=(libxkbcommon0) ;;
      libxkbcommon-x11.so.0) need+=(libxkbcommon-x11-0) ;;
      libfontconfig.so.1) need+=(libfontconfig1) ;;
      libdbus-1.so.3) need+=(libdbus-1-3) ;;
      libxcb-cursor.so.0) need+=(libxcb-cursor0) ;;
      libxcb-icccm.so.4) need+=(libxcb-icccm4) ;;
      libxcb-keysyms.so.1) need+=(libxcb-keysyms1) ;;
    esac
  fi
done
[ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)

if [ ${#need[@]} -gt 0 ]; then
  echo "curator: installing system packages: ${need[*]}"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "curator: please install these system packages, then run this command again: ${need[*]}" >&2
    echo "         (Debian/Ubuntu: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# --- python ----------------------------------------------------------------
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "curator: Python 3.11 or newer is needed (found: $("$PY" --version 2>&1))." >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extra=""; [ "$want_dev" = dev ] && extra="[dev]"
stamp=".venv/.installed$extra-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "curator: installing Python packages into .venv (first run only)…"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import curator, PIL, pillow_heif, sqlite_utils, reportlab, PySide6" \
    || { echo "curator: the Python packages did not install; see the messages above." >&2; exit 1; }
  touch "$stamp"
fi
