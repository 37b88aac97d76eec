"""Helpers for the exhibition tests: catalogue rows for images, with real files behind them."""

from __future__ import annotations

import hashlib
import itertools

from curator.library import Library

_counter = itertools.count(1)


def add_image(db, library: Library, *, width: int = 6000, height: int = 4000,
              caption: str | None = "A mother and her baby at the launch",
              alt_text: str | None = "A woman holds a sleeping baby", with_file: bool = True,
              year: int = 2024) -> int:
    """Insert an image row (step-1 columns, plus alt_text when the catalogue has it).

    The original is a small real file in the library unless ``with_file`` is false.
    """
    n = next(_counter)
    content = f"test original {n} {width}x{height}".encode()
    rel = f"originals/{year}/tests/IMG_{n:05d}.JPG"
    row = {
        "sha256": hashlib.sha256(content).hexdigest(), "file_name": f"IMG_{n:05d}.JPG",
        "format": "JPEG", "file_size": len(content), "width": width, "height": height,
        "year": year, "year_source": "manual", "caption": caption, "original_path": rel,
        "imported_at": "2024-11-20T10:00:00+00:00",
    }
    if "alt_text" in db["images"].columns_dict:
        row["alt_text"] = alt_text
    if with_file:
        path = library.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return db["images"].insert(row).last_pk


def run_cli(capsys, library: Library, *args: str) -> tuple[int, str, str]:
    """``curator --library LIB ARGS…`` in-process: (exit status, stdout, stderr)."""
    from curator.cli import main

    capsys.readouterr()
    try:
        rc = main(["--library", str(library.root), *map(str, args)])
    except SystemExit as exc:  # argparse usage errors
        rc = int(exc.code or 0)
    out, err = capsys.readouterr()
    return rc, out, err


def cli_json(capsys, library: Library, *args: str):
    """Run a ``--json`` command that must succeed; its parsed output."""
    import json

    rc, out, err = run_cli(capsys, library, *args, "--json")
    assert rc == 0, f"curator {' '.join(map(str, args))} failed ({rc}): {err}"
    return json.loads(out)


def cli_ok(capsys, library: Library, *args: str) -> str:
    """Run a command that must succeed; its stdout."""
    rc, out, err = run_cli(capsys, library, *args)
    assert rc == 0, f"curator {' '.join(map(str, args))} failed ({rc}): {err}"
    return out


def not_needed(capsys, library: Library, *image_ids: int) -> None:
    """Mark images as showing no identifiable person (issue 4's CLI)."""
    cli_ok(capsys, library, "consent", "not-needed", *image_ids)
