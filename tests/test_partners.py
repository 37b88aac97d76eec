"""Partners and licences: the CLI contract, validation, and versioning once a pack used one."""

from __future__ import annotations

import json
from datetime import date, timedelta

from curator.cli import main
from curator.connection import transaction
from curator.export import partners as pt
from curator.export.log import record_export


def run(capsys, library, *argv):
    code = main(["--library", str(library.root), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def ok_json(capsys, library, *argv):
    code, out, err = run(capsys, library, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_partner_and_licence_cli_contract(capsys, library):
    pid = ok_json(capsys, library, "partner", "add", "Ysgol Gymraeg & <Co>", "--contact",
                  "Siân", "--email", "hub@example.org")["id"]
    assert ok_json(capsys, library, "partner", "list")[0]["name"] == "Ysgol Gymraeg & <Co>"
    lid = ok_json(capsys, library, "licence", "add", "--partner", pid, "--uses",
                  "online,print", "--expires", "2030-06-30", "--from", "2025-01-01",
                  "--attribution", "© Baby Week / Ffotograffydd")["id"]
    [lic] = ok_json(capsys, library, "licence", "list", "--partner", pid)
    assert lic["id"] == lid and lic["uses"] == ["print", "online"]
    assert (lic["valid_from"], lic["expires_on"]) == ("2025-01-01", "2030-06-30")
    assert lic["allow_names"] is False and lic["allow_ai_training"] is False
    assert "You may not" in lic["terms"]  # the bundled template
    # defaults flipped by the flags
    lid2 = ok_json(capsys, library, "licence", "add", "--partner", pid, "--uses", "press",
                   "--expires", "2030-01-01", "--allow-names", "--allow-ai-training")["id"]
    lic2 = pt.licence_of(_db(library), lid2)
    assert lic2.allow_names and lic2.allow_ai_training


def _db(library):
    from curator.catalogue import open_catalogue

    return open_catalogue(library)


def test_licence_user_errors_are_one_line(capsys, library):
    pid = ok_json(capsys, library, "partner", "add", "Hub")["id"]
    for argv, words in (
        (["--uses", "", "--expires", "2030-01-01"], "at least one use"),
        (["--uses", "online,tv", "--expires", "2030-01-01"], "'tv' is not a use"),
        (["--uses", "partners", "--expires", "2030-01-01"], "implied"),
        (["--uses", "online", "--expires", "2030-13-01"], "YYYY-MM-DD"),
        (["--uses", "online", "--expires", "2024-01-01", "--from", "2025-01-01"], "before"),
    ):
        code, out, err = run(capsys, library, "licence", "add", "--partner", pid, *argv)
        assert code == 1 and words in err and err.count("\n") == 1, (argv, err)
    code, _, err = run(capsys, library, "licence", "add", "--partner", 99, "--uses", "online",
                       "--expires", "2030-01-01")
    assert code == 1 and "no partner #99" in err
    code, _, err = run(capsys, library, "partner", "add", "hub")
    assert code == 1 and "already" in err
    code, _, err = run(capsys, library, "partner", "add", "X", "--email", "not an address")
    assert code == 1 and "e-mail" in err


def test_a_used_licence_is_never_changed_in_place(db):
    pid = pt.add_partner(db, "Family Hub")
    lid = pt.add_licence(db, pid, uses="online", expires_on=date.today() + timedelta(days=90))
    # not used yet: edited in place
    assert pt.edit_licence(db, lid, attribution="Credit A") == lid
    with transaction(db):
        record_export(db, kind="pack", public_id="P-x", files=[], partner_id=pid,
                      licence_id=lid)
    new = pt.edit_licence(db, lid, attribution="Credit B", uses="online,print")
    assert new != lid
    old, cur = pt.licence_of(db, lid), pt.licence_of(db, new)
    assert (old.attribution, old.uses, old.superseded_by) == ("Credit A", ("online",), new)
    assert (cur.attribution, cur.uses, cur.version, cur.supersedes_id) == \
        ("Credit B", ("print", "online"), 2, lid)
    assert [lic.id for lic in pt.list_licences(db, pid)] == [new]
    assert {lic.id for lic in pt.list_licences(db, pid, all_versions=True)} == {lid, new}
