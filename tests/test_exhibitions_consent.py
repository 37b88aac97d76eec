"""Exhibitions and consent: clearance over the tour window, withdrawal from a final set.

Consent is recorded through issue 4's CLI (``person add``, ``consent add/link/withdraw``,
``consent not-needed``); clearance itself comes from ``curator.consent.rule``.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from curator.exhibitions import sets as ex
from curator.exhibitions.validation import ExhibitionBlocked, ensure_exportable, validate
from tests.exhibition_support import add_image, cli_json, cli_ok, not_needed, run_cli


@pytest.fixture
def lib(db, library):
    return library


def consent_for(capsys, library, label: str, image_ids, *, signed: str, expires: str | None,
                uses: str = "exhibition,print") -> tuple[int, int]:
    """A person, their consent, linked to ``image_ids``: (person id, consent id)."""
    person = cli_json(capsys, library, "person", "add", label)["id"]
    args = ["consent", "add", "--person", person, "--uses", uses, "--signed", signed]
    if expires:
        args += ["--expires", expires]
    consent_id = cli_json(capsys, library, *args)["id"]
    cli_ok(capsys, library, "consent", "link", *image_ids, "--person", person)
    return person, consent_id


def test_a_tour_whose_third_venue_closes_after_a_consent_expires(capsys, lib, db):
    from curator.consent import rule as consent

    aisha, plain, other = (add_image(db, lib) for _ in range(3))
    not_needed(capsys, lib, plain, other)
    consent_for(capsys, lib, "Aisha", [aisha], signed="2024-11-14", expires="2025-09-30")
    exh = cli_json(capsys, lib, "exhibition", "create", "I See You")["id"]
    cli_ok(capsys, lib, "exhibition", "add", exh, plain, aisha, other, "--print-size", "A3")
    venues = {}
    for name, opens, closes in (("Central Library", "2025-01-10", "2025-03-01"),
                                ("Alder Hey", "2025-03-10", "2025-06-30"),
                                ("Family hub", "2025-07-10", "2025-10-31")):
        venues[name] = cli_json(capsys, lib, "exhibition", "venue-add", exh, "--name", name,
                                "--opens", opens, "--closes", closes)["id"]

    # The core: one blocker, at Aisha's position, with clearance's own reasons.
    report = validate(db, lib, exh)
    assert report.window == (date(2025, 1, 10), date(2025, 10, 31))
    assert [(p.severity, p.position, p.image_id, p.code) for p in report.blockers] == [
        ("blocker", 2, aisha, "not-cleared")]
    reasons = consent.clearance(db, aisha, "exhibition", date(2025, 1, 10),
                                date(2025, 10, 31)).reasons
    assert reasons
    message = report.blockers[0].message
    assert all(r.rstrip(".") in message for r in reasons)
    assert "2025-01-10 to 2025-10-31" in message and "2025-09-30" in message
    assert not report.ok

    # The CLI says the same, and finalizing says which blocker stands.
    data = cli_json(capsys, lib, "exhibition", "validate", exh)
    assert data["ok"] is False
    assert [(p["severity"], p["position"], p["image_id"]) for p in data["problems"]
            if p["severity"] == "blocker"] == [("blocker", 2, aisha)]
    text = cli_ok(capsys, lib, "exhibition", "finalize", exh)
    assert "cannot be exported while these 1 blocker(s) stand" in text
    assert f"#2 (image {aisha})" in text
    with pytest.raises(ExhibitionBlocked, match=rf"Position 2 \(image #{aisha}\)"):
        ensure_exportable(db, lib, exh)
    assert ex.get(db, exh)["status"] == "final"

    # Ending the tour before the consent expires clears it (with a warning about extending).
    cli_ok(capsys, lib, "exhibition", "venue-edit", exh, venues["Family hub"],
           "--closes", "2025-09-15")
    report = ensure_exportable(db, lib, exh, require_final=True)
    assert report.ok
    assert [(p.position, p.code) for p in report.warnings] == [(2, "consent-ending")]
    assert "2025-10-15" in report.warnings[0].message


def test_an_image_without_any_consent_is_a_blocker_and_no_tour_means_today(capsys, lib, db):
    img = add_image(db, lib)
    exh = ex.create(db, "No tour yet")
    ex.add_items(db, exh, [img], print_size="A3")
    today = date(2025, 2, 1)
    report = validate(db, lib, exh, today=today)
    assert report.checked_window == (today, today) and report.window is None
    assert [(p.severity, p.code) for p in report.problems] == [
        ("warning", "no-venues"), ("blocker", "not-cleared")]
    assert "2025-02-01 to 2025-02-01" in report.problems[1].message
    not_needed(capsys, lib, img)
    with pytest.raises(ExhibitionBlocked, match="still a draft"):
        ensure_exportable(db, lib, exh, require_final=True, today=today)
    assert ensure_exportable(db, lib, exh, today=today).ok


def test_a_withdrawn_image_in_a_final_exhibition(capsys, lib, db):
    today = date.today()

    def day(n: int) -> str:
        return (today + timedelta(days=n)).isoformat()

    mother, crowd = add_image(db, lib), add_image(db, lib)
    not_needed(capsys, lib, crowd)
    _, consent_id = consent_for(capsys, lib, "Mother at the launch", [mother],
                                signed=day(-90), expires=None)
    exh = cli_json(capsys, lib, "exhibition", "create", "I See You")["id"]
    cli_ok(capsys, lib, "exhibition", "add", exh, crowd, mother, "--print-size", "A2")
    for name, opens, closes in (("Central Library", -60, -10), ("Alder Hey", -5, 30),
                                ("Family hub", 45, 120)):
        cli_ok(capsys, lib, "exhibition", "venue-add", exh, "--name", name,
               "--opens", day(opens), "--closes", day(closes))
    finalized = cli_json(capsys, lib, "exhibition", "finalize", exh)
    assert finalized["exportable"] is True and finalized["blockers"] == []
    ensure_exportable(db, lib, exh, require_final=True)

    # Withdrawal: the trace names the final exhibition and the venue showing it today.
    trace = cli_json(capsys, lib, "consent", "withdraw", consent_id, "--reason",
                     "asked to be taken down")
    assert trace["images"] == [mother]
    (hit,) = [e for e in trace["exhibitions"] if e["id"] == exh]
    assert hit["status"] == "final"
    assert [v["name"] for v in hit["showing_now"]] == ["Alder Hey"]
    assert [v["name"] for v in hit["venues"]] == ["Central Library", "Alder Hey", "Family hub"]
    # the same trace as a curator reads it, from `curator trace`
    code, text, _ = run_cli(capsys, lib, "trace", mother)
    assert code == 0
    assert f"Alder Hey: {day(-5)} – {day(30)}  ← SHOWING NOW" in text
    assert "Family hub" in text and "(still to come)" in text
    assert "blocker at position 2" in text

    # Validation now blocks it, and export is refused naming the position and the image.
    data = cli_json(capsys, lib, "exhibition", "validate", exh)
    assert data["ok"] is False
    assert [(p["severity"], p["position"], p["image_id"]) for p in data["problems"]
            if p["severity"] == "blocker"] == [("blocker", 2, mother)]
    with pytest.raises(ExhibitionBlocked) as raised:
        ensure_exportable(db, lib, exh)
    assert f"Position 2 (image #{mother})" in str(raised.value)
    assert "\n" not in str(raised.value)
    code, out, err = run_cli(capsys, lib, "exhibition", "finalize", exh)
    assert code == 0 and f"#2 (image {mother})" in out

    # Taking the image out (reopen, remove, finalize again) makes it exportable.
    cli_ok(capsys, lib, "exhibition", "reopen", exh)
    cli_ok(capsys, lib, "exhibition", "remove", exh, mother)
    assert cli_json(capsys, lib, "exhibition", "finalize", exh)["exportable"] is True
