"""Install Curator into the user's desktop menu (Linux and other freedesktop desktops).

``curator-gui --install-desktop-entry`` writes, under ``$XDG_DATA_HOME`` (default
``~/.local/share``): the desktop entry ``applications/<id>.desktop`` (its Exec is this
installation's ``curator-gui``; it accepts folders, so a file manager offers "Open with
Curator" on a folder, which starts an import of it), the AppStream metainfo
``metainfo/<id>.metainfo.xml`` and the icon in every size under ``icons/hicolor/``.
``--uninstall-desktop-entry`` removes exactly those files. No root, no system folders.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from curator.about import APP_ID
from curator.resources import resource_path
from ui.identity import ICON_SIZES


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # The spec: a relative or empty value is ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def _exec_line() -> tuple[str, str]:
    """(Exec, TryExec) that start this installation's desktop app."""
    script = Path(sys.executable).parent / "curator-gui"
    if script.is_file() and os.access(script, os.X_OK):
        return _quote(str(script)), str(script)
    return f"{_quote(sys.executable)} -m ui.app", sys.executable


def _quote(arg: str) -> str:
    # Desktop-entry Exec quoting: double quotes, with \ " ` $ escaped (spec, "The Exec key").
    if arg and all(c.isalnum() or c in "/._-+" for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '\\"`$' else c for c in arg)
    return f'"{escaped}"'


def installed_files(base: Path | None = None) -> list[Path]:
    base = base or data_home()
    files = [base / "applications" / f"{APP_ID}.desktop",
             base / "metainfo" / f"{APP_ID}.metainfo.xml",
             base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"]
    files += [base / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png"
              for s in ICON_SIZES]
    return files


def install(base: Path | None = None) -> list[Path]:
    base = base or data_home()
    exec_line, try_exec = _exec_line()
    entry = resource_path("desktop", f"{APP_ID}.desktop").read_text(encoding="utf-8")
    entry = entry.replace("@EXEC@", exec_line).replace("@TRYEXEC@", try_exec)
    desktop, metainfo, svg, *pngs = installed_files(base)
    _write(desktop, entry.encode())
    _write(metainfo, resource_path("desktop", f"{APP_ID}.metainfo.xml").read_bytes())
    _write(svg, resource_path("icons", "curator.svg").read_bytes())
    for size, png in zip(ICON_SIZES, pngs, strict=True):
        _write(png, resource_path("icons", f"curator-{size}.png").read_bytes())
    _refresh_caches(base)
    return [desktop, metainfo, svg, *pngs]


def uninstall(base: Path | None = None) -> list[Path]:
    base = base or data_home()
    removed = []
    for path in installed_files(base):
        if path.is_file():
            path.unlink()
            removed.append(path)
    _refresh_caches(base)
    return removed


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_bytes(data)
    temp.replace(path)


def _refresh_caches(base: Path) -> None:
    """Menus pick the entry up sooner when the caches are refreshed (optional tools)."""
    for command in (["update-desktop-database", "-q", str(base / "applications")],
                    ["gtk-update-icon-cache", "-q", "-t", str(base / "icons" / "hicolor")]):
        if shutil.which(command[0]):
            subprocess.run(command, capture_output=True, timeout=30, check=False)


def describe(paths: list[Path]) -> str:
    return "\n".join(shlex.quote(str(p)) for p in paths)
