"""Scanning a folder: which files are candidates, and which sidecar goes with which picture."""

from __future__ import annotations

from curator.ingest.scanning import scan


def test_sidecars_pair_in_both_forms_and_any_case_full_name_first(tmp_path):
    names = ["A.JPG", "A.JPG.xmp", "a.xmp",  # both forms: the full-name form wins
             "B.jpg", "b.XMP",  # base-name form, other case
             "C.tif", "c.tif.XMP", "C.TIF.xmp",  # two spellings: the first in sorted order
             "D.png",  # no sidecar
             "E.xmp"]  # a sidecar whose picture is not here
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    found = scan([tmp_path])
    pairs = {c.path.name: c.sidecar.name if c.sidecar else None for c in found.candidates}
    assert pairs == {"A.JPG": "A.JPG.xmp", "B.jpg": "b.XMP", "C.tif": "C.TIF.xmp",
                     "D.png": None}
    assert [s["path"] for s in found.skipped] == [str(tmp_path / "E.xmp")]


def test_a_large_folder_pairs_every_sidecar(tmp_path):
    for i in range(3000):
        (tmp_path / f"IMG_{i:04d}.JPG").write_bytes(b"x")
        if i % 2:
            (tmp_path / f"IMG_{i:04d}.xmp").write_bytes(b"x")
    found = scan([tmp_path])
    assert len(found.candidates) == 3000 and not found.skipped
    assert sum(1 for c in found.candidates if c.sidecar) == 1500
    assert all(c.sidecar is None or c.sidecar.stem == c.path.stem for c in found.candidates)
