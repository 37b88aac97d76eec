"""``curator export pack / packs / notice`` and the partner-facing rules of the contract."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from curator.catalogue import open_catalogue
from curator.cli import main
from curator.consent import people, records
from curator.consent import rule as consent
from curator.export import partners as pt
from curator.export.preflight import preflight
from tests.pack_support import ADULT, CHILD, GUARDIAN, build_library
from tests.privacy import assert_no_personal_data
from tests.test_consent_rule import SETTINGS, day, load, mem_db, ref_cleared, windows, worlds

__all__ = ["mem_db"]  # the fixture, used by the property test


def run(capsys, library, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--library", str(library.root), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_pack_cli_contract(capsys, db, library, make_shoot, tmp_path, monkeypatch):
    w = build_library(db, library, make_shoot, n=3)
    ids = w["ids"]
    out = tmp_path / "out"
    code, text, err = run(capsys, library, "export", "pack", "--images", "-", "--licence",
                          w["licence"], "--out", out, "--long-edge", "social", "--json",
                          stdin="\n".join(map(str, ids)) + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    data = json.loads(text)
    assert set(data) == {"pack", "pack_id", "included", "excluded"}
    assert data["included"] == ids and data["excluded"] == []
    assert os.path.isfile(data["pack"]) and os.path.dirname(data["pack"]) == str(out)
    assert [p.name for p in out.iterdir()] == [os.path.basename(data["pack"])]
    # the log, the trace and removal know who holds the images
    code, text, _ = run(capsys, library, "export", "packs", "--partner", w["partner"], "--json")
    [logged] = json.loads(text)
    assert (logged["pack_id"], logged["images"], logged["licence_version"]) == \
        (data["pack_id"], 3, 1)
    code, text, _ = run(capsys, library, "trace", ids[1], "--json")
    assert [p["public_id"] for p in json.loads(text)["packs"]] == [data["pack_id"]]
    code, text, _ = run(capsys, library, "remove", ids[1], "--dry-run")
    assert "Canolfan Deulu & <Hub>" in text and data["pack_id"] in text
    # the licence was used: an edit makes version 2, the pack keeps version 1
    code, text, _ = run(capsys, library, "licence", "edit", w["licence"], "--attribution",
                        "New credit", "--json")
    assert json.loads(text)["version"] == 2
    code, text, _ = run(capsys, library, "export", "packs", "--json")
    assert json.loads(text)[0]["licence_version"] == 1


def test_pack_user_errors_are_one_line(capsys, db, library, make_shoot, tmp_path):
    w = build_library(db, library, make_shoot, n=3)
    expired = pt.add_licence(db, w["partner"], uses="online",
                             valid_from=date.today() - timedelta(days=60),
                             expires_on=date.today() - timedelta(days=1))
    out = tmp_path / "out"
    base = ["export", "pack", "--out", out]
    for argv, words in (
        (["--images", 1, 99, "--licence", w["licence"]], "no image #99"),
        (["--images", 1, "--licence", 77], "no licence #77"),
        (["--images", 1, "--licence", expired], "expired"),
        (["--images", "x", "--licence", w["licence"]], "not an image id"),
        (["--exhibition", 5, "--licence", w["licence"]], "no exhibition #5"),
        (["--images", 1, "--licence", w["licence"], "--long-edge", "huge"], "long edge"),
    ):
        code, _, err = run(capsys, library, *base, *argv)
        assert code == 1 and words in err and err.count("\n") == 1, (argv, err)
    db.execute("UPDATE licences SET uses = '' WHERE id = ?", [w["naming"]])
    code, _, err = run(capsys, library, *base, "--images", 1, "--licence", w["naming"])
    assert code == 1 and "grants no use" in err
    assert not out.exists() or not any(out.iterdir())
    assert db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0


def test_withdrawn_expired_unguarded_minor_and_unknown_never_leave(capsys, db, library,
                                                                  make_shoot, tmp_path):
    w = build_library(db, library, make_shoot, n=7)
    ids = w["ids"]
    today = date.today()
    all_uses = consent.uses_mask(consent.USES)
    # ids[3]: withdrawn; ids[4]: expires inside the licence window; ids[5]: a minor whose
    # consent records no signer; ids[6]: status unknown
    for image_id, label in ((ids[3], "Withdrawn Person"), (ids[4], "Expiring Person"),
                            (ids[5], "Unsigned Minorchild")):
        db.execute("UPDATE images SET identifiable = NULL WHERE id = ?", [image_id])
        minor = label.startswith("Unsigned")
        pid = people.add_person(db, label, minor=minor)
        if minor:
            db.execute("INSERT INTO consents (person_id, uses, signed_on, created_at) "
                       "VALUES (?, ?, ?, '2024-01-01')",
                       [pid, all_uses, (today - timedelta(days=10)).isoformat()])
        else:
            cid = records.add_consent(
                db, library, uses=all_uses, person_id=pid,
                signed_on=today - timedelta(days=10),
                expires_on=today + timedelta(days=30) if label.startswith("Exp") else None)
            if label.startswith("With"):
                records.withdraw(db, cid, reason=f"{label} moved away")
        people.link(db, [image_id], pid)
    db.execute("UPDATE images SET identifiable = NULL WHERE id = ?", [ids[6]])
    code, text, err = run(capsys, library, "export", "pack", "--images", *ids, "--licence",
                          w["licence"], "--out", tmp_path / "out", "--json")
    assert code == 0, err
    data = json.loads(text)
    assert data["included"] == ids[:3]
    assert [e["image_id"] for e in data["excluded"]] == ids[3:]
    reasons = json.dumps(data["excluded"], ensure_ascii=False)
    for name in ("Withdrawn Person", "Expiring Person", "Unsigned Minorchild", "moved away"):
        assert name not in reasons
    assert "person #" in reasons
    with zipfile.ZipFile(data["pack"]) as zf:
        manifest = json.loads(next(zf.read(n) for n in zf.namelist()
                                   if n.endswith("data/manifest.json")))
    shas = {r[0][:12] for r in db.execute("SELECT sha256 FROM images WHERE id IN (?,?,?,?)",
                                          ids[3:])}
    assert not shas & {f["public_id"] for f in manifest["files"]}
    assert_no_personal_data([data["pack"]], db, library.root)
    # everything excluded: exit 1, the reasons listed, nothing written
    code, text, err = run(capsys, library, "export", "pack", "--images", *ids[3:],
                          "--licence", w["licence"], "--out", tmp_path / "none")
    assert code == 1 and "excluded" in err and "person #" in text
    assert not (tmp_path / "none").exists()
    # a dry run writes nothing
    code, text, _ = run(capsys, library, "export", "pack", "--images", *ids, "--licence",
                        w["licence"], "--out", tmp_path / "dry", "--dry-run", "--json")
    assert code == 0 and json.loads(text)["included"] == ids[:3]
    assert not (tmp_path / "dry").exists()
    assert db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 1


@SETTINGS
@given(w=worlds(), window=windows,
       uses=st.lists(st.sampled_from(pt.LICENCE_USES), min_size=1, unique=True))
def test_preflight_matches_the_reference_rule(mem_db, w, window, uses):
    ids = load(mem_db, w)
    a, b = window
    mem_db.execute("INSERT OR IGNORE INTO partners (id, name, created_at) "
                   "VALUES (1, 'P', '2024-01-01')")
    mem_db.execute("DELETE FROM licences")
    mem_db.execute("INSERT INTO licences (id, partner_id, name, uses, valid_from, expires_on, "
                   "created_at) VALUES (1, 1, 'L', ?, ?, ?, '2024-01-01')",
                   [",".join(uses), day(a).isoformat(), day(b).isoformat()])
    plan = preflight(mem_db, ids, 1, today=day(a))
    expected = [i for i, img in zip(ids, w.images, strict=True)
                if all(ref_cleared(w, img, u, a, b) for u in [*uses, "partners"])]
    assert plan.included == expected
    assert [e["image_id"] for e in plan.excluded] == [i for i in ids if i not in expected]
    for e in plan.excluded:
        assert e["reasons"] and not any(f"Person {n}" in r for r in e["reasons"]
                                        for n in range(1, 6))


def test_a_killed_export_leaves_no_pack_and_no_log_row(db, library, make_shoot, tmp_path):
    from curator.ingest.importer import ImportOptions, run_import

    run_import(library, [make_shoot(16, size=(2400, 1800))], ImportOptions(shoot="Big"))
    ids = [r[0] for r in db.execute("SELECT id FROM images")]
    people.set_identifiable(db, ids, False)
    partner = pt.add_partner(db, "Hub")
    licence = pt.add_licence(db, partner, uses="online", expires_on="2099-01-01")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "curator", "--library", str(library.root), "export", "pack",
           "--images", *map(str, ids), "--licence", str(licence), "--out", str(out),
           "--long-edge", "1800"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if any(out.glob(".curator-pack-*/*/images/*.jpg")):
                break
            assert proc.poll() is None, "the export finished before it could be killed"
            time.sleep(0.02)
        else:
            raise AssertionError("the export never started writing renditions")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its rendition workers
        proc.wait()
    assert not list(out.glob("*.zip"))
    check = open_catalogue(library)
    assert check.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    assert check.execute("SELECT COUNT(*) FROM export_items").fetchone()[0] == 0
    check.close()
    # the next export tidies the dead one's temporary folder and succeeds
    done = subprocess.run(cmd[:-2] + ["--long-edge", "200", "--json"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert [p.suffix for p in out.iterdir()] == [".zip"]


def test_names_in_the_reasons_are_redacted_even_possessive(db, library, make_shoot):
    w = build_library(db, library, make_shoot, n=3)
    records.withdraw(db, 2, reason=f"{GUARDIAN} asked")  # the child's consent
    plan = preflight(db, w["ids"], w["licence"])
    text = json.dumps(plan.to_json(), ensure_ascii=False)
    for name in (ADULT, CHILD, GUARDIAN):
        assert name not in text
    assert f"Person #{w['child']}'s consent" in text


def test_takedown_notices_name_the_files_and_the_pack(capsys, db, library, make_shoot,
                                                     tmp_path):
    w = build_library(db, library, make_shoot, n=3)
    ids = w["ids"]
    code, text, err = run(capsys, library, "export", "pack", "--images", *ids, "--licence",
                          w["licence"], "--out", tmp_path / "out", "--json")
    assert code == 0, err
    pack = json.loads(text)
    adult_consent = 1
    code, text, err = run(capsys, library, "consent", "withdraw", adult_consent, "--reason",
                          f"{ADULT} changed her mind", "--json")
    assert code == 0, err
    assert [p["public_id"] for p in json.loads(text)["packs"]] == [pack["pack_id"]]
    code, text, err = run(capsys, library, "export", "notice", adult_consent, "--out",
                          tmp_path / "notices", "--json")
    assert code == 0, err
    [notice] = json.loads(text)["notices"]
    assert notice["partner"] == "Canolfan Deulu & <Hub>"
    logged = db.execute("SELECT file_name FROM export_items WHERE image_id = ?",
                        [ids[1]]).fetchone()[0]
    assert notice["files"] == [logged]
    letter = Path(notice["path"]).with_suffix(".txt").read_text("utf-8")
    assert pack["pack_id"] in letter and logged in letter
    pdf = subprocess.run(["pdftotext", notice["path"], "-"], capture_output=True, text=True,
                         check=True).stdout
    assert pack["pack_id"] in pdf and logged.split("/")[-1] in pdf
    fonts = subprocess.run(["pdffonts", notice["path"]], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in line for line in fonts), fonts
    assert_no_personal_data([tmp_path / "notices"], db, library.root)
    # a consent nobody's pack holds: no notice, exit 0
    other = records.add_consent(db, library, uses=1, person_id=people.add_person(db, "Nobody"))
    records.withdraw(db, other)
    code, text, _ = run(capsys, library, "export", "notice", other, "--out", tmp_path / "n2")
    assert code == 0 and "No partner" in text
    # a consent still in force: no notice to send, one line
    code, _, err = run(capsys, library, "export", "notice", 2, "--out", tmp_path / "n3")
    assert code == 1 and "has not been withdrawn" in err and not (tmp_path / "n3").exists()
