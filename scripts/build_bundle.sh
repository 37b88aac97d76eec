#!/usr/bin/env bash
# `make bundle`: dist/Curator/ — a one-folder PyInstaller bundle of the wheel (needs no Python
# on the machine it runs on). Builds the wheel, installs it with PyInstaller into a private
# venv (build/bundle-venv), then runs packaging/curator.spec there.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/bundle-wheel
.venv/bin/python -m build --wheel --no-isolation --outdir build/bundle-wheel . >/dev/null
[ -x build/bundle-venv/bin/python ] || .venv/bin/python -m venv build/bundle-venv
build/bundle-venv/bin/python -m pip install -q --disable-pip-version-check \
  "$(ls build/bundle-wheel/curator-*.whl)[bundle]"
# The same version number as last time: pip would keep the old build without this.
build/bundle-venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall \
  --no-deps build/bundle-wheel/curator-*.whl
cd packaging
../build/bundle-venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath ../dist --workpath ../build/pyinstaller curator.spec
echo "curator: bundle in dist/Curator/ ($(du -sh ../dist/Curator | cut -f1))"
