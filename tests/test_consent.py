"""People, consent records, links, withdrawal and the audit log (the core, no CLI)."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date

import pytest

from curator import audit
from curator.consent import people, records
from curator.consent import rule as consent
from curator.errors import InvalidInput, NotFound
from curator.trace import withdraw_and_trace
from tests.rows import add_images

D = date.fromisoformat
EXH_ONLINE = consent.parse_uses("exhibition,online")


def test_a_minors_consent_needs_who_signed_it(db, library):
    child = people.add_person(db, "Baby Tomasz", minor=True)
    with pytest.raises(InvalidInput, match="is a minor: .*parent or guardian"):
        records.add_consent(db, library, person_id=child, uses=EXH_ONLINE)
    assert db.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 0
    cid = records.add_consent(db, library, person_id=child, uses=EXH_ONLINE,
                               signed_by="Maria Kowalska")
    assert records.get_consent(db, cid)["signed_by"] == "Maria Kowalska"
    # the guardian recorded on the person signs by default
    other = people.add_person(db, "Baby Ola", minor=True, guardian="Ewa Nowak")
    cid = records.add_consent(db, library, person_id=other, uses=EXH_ONLINE)
    assert records.get_consent(db, cid)["signed_by"] == "Ewa Nowak"


def test_a_minor_without_a_signature_never_clears(db, library):
    (img,) = add_images(db, 1)
    adult = people.add_person(db, "Grown Up")
    cid = records.add_consent(db, library, person_id=adult, uses=EXH_ONLINE,
                               signed_on=D("2024-11-14"))
    people.link(db, [img], adult)
    assert consent.clearance(db, img, "online", D("2025-01-01"), D("2025-01-31")).cleared
    people.update_person(db, adult, is_minor=True)  # it turns out they were 16
    db.execute("UPDATE consents SET signed_by = NULL WHERE id = ?", [cid])
    result = consent.clearance(db, img, "online", D("2025-01-01"), D("2025-01-31"))
    assert not result.cleared
    assert "Grown Up is a minor" in result.reasons[0]


def test_do_not_publish_refuses_whatever_is_signed(db, library):
    imgs = add_images(db, 2)
    aisha = people.add_person(db, "Aisha Rahman")
    refuser = people.add_person(db, "Never Shown", do_not_publish=True)
    for p in (aisha, refuser):
        records.add_consent(db, library, person_id=p, uses=31, signed_on=D("2024-01-01"))
    people.link(db, imgs, aisha)
    people.link(db, imgs[:1], refuser)
    statuses = consent.statuses(db, imgs, D("2025-01-01"))
    assert statuses == {imgs[0]: "refused", imgs[1]: "granted"}
    for use in consent.USES:
        result = consent.clearance(db, imgs[0], use, D("2025-01-01"), D("2025-01-01"))
        assert not result.cleared and "asked not to be published" in result.reasons[0]
    assert consent.cleared_image_ids(db, None, "print", D("2025-01-01"),
                                     D("2025-01-01")) == {imgs[1]}


def test_group_release_covers_the_shoot_where_nobody_is_linked(db, library):
    imgs = add_images(db, 3, shoot="Launch day")
    records.add_consent(db, library, shoot="Launch day", uses=EXH_ONLINE,
                         signed_on=D("2024-11-14"), expires_on=D("2025-11-14"))
    jo = people.add_person(db, "Jo Linked")
    people.link(db, imgs[:1], jo)   # a linked person needs their own consent
    window = (D("2025-01-01"), D("2025-12-31"))
    result = consent.clearance(db, imgs[1], "online", *window)
    assert result.reasons == ["The group release for 'Launch day' (form #1) expires "
                              "2025-11-14, before the window ends (2025-12-31)."]
    assert consent.clearance(db, imgs[1], "online", D("2025-01-01"), D("2025-11-13")).cleared
    assert not consent.clearance(db, imgs[0], "online", D("2025-01-01"),
                                 D("2025-01-02")).cleared
    assert records.covered_images(db, 1) == imgs[1:]
    with pytest.raises(NotFound, match="no shoot called 'Nope'"):
        records.add_consent(db, library, shoot="Nope", uses=1)


def test_reasons_name_the_person_the_form_and_the_use(db, library):
    (img,) = add_images(db, 1)
    aisha = people.add_person(db, "Aisha")
    cid = records.add_consent(db, library, person_id=aisha,
                               uses=consent.parse_uses("exhibition,print"),
                               signed_on=D("2024-11-14"))
    people.link(db, [img], aisha)
    result = consent.clearance(db, img, "online", D("2025-01-01"), D("2025-01-01"))
    assert result.reasons == [f"Aisha's consent (form #{cid}) does not include online use "
                              "(it grants exhibition, print)."]
    late = consent.clearance(db, img, "print", D("2024-11-01"), D("2024-11-30"))
    assert "was signed on 2024-11-14, after the window starts (2024-11-01)" in late.reasons[0]


def test_not_needed_and_unknown(db, library):
    imgs = add_images(db, 2)
    people.set_identifiable(db, imgs[:1], False)
    assert consent.statuses(db, imgs) == {imgs[0]: "not-needed", imgs[1]: "unknown"}
    assert consent.clearance(db, imgs[0], "press", D("2030-01-01"), D("2031-01-01")).cleared
    unknown = consent.clearance(db, imgs[1], "press", D("2030-01-01"), D("2031-01-01"))
    assert "has no consent information" in unknown.reasons[0]
    p = people.add_person(db, "Linked Later")
    people.link(db, imgs[:1], p)   # linking someone: the image shows people after all
    assert consent.statuses(db, imgs[:1]) == {imgs[0]: "pending"}
    with pytest.raises(InvalidInput, match="have people linked"):
        people.set_identifiable(db, imgs[:1], False)
    people.unlink(db, imgs[:1], p)
    assert consent.statuses(db, imgs[:1]) == {imgs[0]: "pending"}   # still shows people
    people.set_identifiable(db, imgs[:1], False)
    assert consent.statuses(db, imgs[:1]) == {imgs[0]: "not-needed"}


def test_withdrawal_takes_effect_and_is_validated(db, library):
    imgs = add_images(db, 2)
    p = people.add_person(db, "Withdrawing Mum")
    cid = records.add_consent(db, library, person_id=p, uses=31, signed_on=D("2024-11-14"))
    people.link(db, imgs, p)
    with pytest.raises(InvalidInput, match="cannot be dated in the future"):
        records.withdraw(db, cid, D("2025-03-02"), today=D("2025-03-01"))
    with pytest.raises(InvalidInput, match="cannot be withdrawn before"):
        records.withdraw(db, cid, D("2024-01-01"), today=D("2025-03-01"))
    traced = withdraw_and_trace(db, cid, D("2025-03-01"), "moved away", today=D("2025-03-01"))
    assert traced["images"] == imgs and traced["packs"] == [] and traced["consent_id"] == cid
    assert isinstance(traced["exhibitions"], list)
    # windows ending before the withdrawal still clear; any later one does not
    assert consent.clearance(db, imgs[0], "print", D("2025-01-01"), D("2025-02-28")).cleared
    after = consent.clearance(db, imgs[0], "print", D("2025-01-01"), D("2025-03-01"))
    assert after.reasons == [f"Withdrawing Mum's consent (form #{cid}) was withdrawn on "
                             "2025-03-01 (moved away)."]
    with pytest.raises(InvalidInput, match="already withdrawn"):
        records.withdraw(db, cid, today=D("2025-04-01"))
    with pytest.raises(NotFound):
        records.withdraw(db, 999)


def test_withdrawal_trace_lists_exhibitions_holding_the_images(db, library):
    imgs = add_images(db, 2)
    p = people.add_person(db, "Traced Person")
    cid = records.add_consent(db, library, person_id=p, uses=31, signed_on=D("2024-01-01"))
    people.link(db, imgs[:1], p)
    now = "2025-01-01T00:00:00+00:00"
    exh = db["exhibitions"].insert({"title": "I See You", "status": "final",
                                    "created_at": now, "changed_at": now}).last_pk
    db["exhibition_items"].insert({"exhibition_id": exh, "image_id": imgs[0], "position": 1})
    db["exhibition_venues"].insert({"exhibition_id": exh, "name": "Central Library",
                                    "opens_on": "2025-02-01", "closes_on": "2025-03-31",
                                    "created_at": now})
    (found,) = withdraw_and_trace(db, cid, D("2025-01-10"), today=D("2025-01-10"))["exhibitions"]
    assert found["id"] == exh and found["title"] == "I See You"
    assert [(v["name"], v["opens"], v["closes"]) for v in found["venues"]] == \
        [("Central Library", "2025-02-01", "2025-03-31")]


def test_form_scan_is_copied_read_only_with_its_hash(db, library, tmp_path):
    scan = tmp_path / "form-14.pdf"
    scan.write_bytes(b"%PDF-1.4 signed by hand " + os.urandom(256))
    p = people.add_person(db, "Form Signer")
    cid = records.add_consent(db, library, person_id=p, uses=1, form=scan)
    row = records.get_consent(db, cid)
    stored = library.root / row["form_path"]
    assert stored.parent == library.consent_forms and stored.read_bytes() == scan.read_bytes()
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert row["form_sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    with pytest.raises(NotFound, match="does not exist"):
        records.add_consent(db, library, person_id=p, uses=1, form=tmp_path / "missing.pdf")
    bad = tmp_path / "notes.txt"
    bad.write_text("x")
    with pytest.raises(InvalidInput, match="not a scan"):
        records.add_consent(db, library, person_id=p, uses=1, form=bad)


def test_expiry_must_follow_signing_and_uses_are_a_closed_vocabulary(db, library):
    p = people.add_person(db, "Date Checker")
    with pytest.raises(InvalidInput, match="on or before the day it is signed"):
        records.add_consent(db, library, person_id=p, uses=1, signed_on=D("2025-01-01"),
                             expires_on=D("2025-01-01"))
    with pytest.raises(InvalidInput, match="'social' is not a use"):
        consent.parse_uses("exhibition,social")
    with pytest.raises(InvalidInput, match="ends .* before it starts"):
        consent.check_window(D("2025-02-01"), D("2025-01-01"))


def test_every_clearance_relevant_change_is_audited(db, library):
    (img,) = add_images(db, 1)
    p = people.add_person(db, "Audited Person", contact="07700 900000")
    cid = records.add_consent(db, library, person_id=p, uses=EXH_ONLINE,
                               signed_on=D("2024-11-14"))
    people.link(db, [img], p)
    people.update_person(db, p, do_not_publish=True)
    records.withdraw(db, cid, D("2025-01-01"), "changed her mind", today=D("2025-01-02"))
    log = audit.entries(db)
    seen = [(e["action"], e["entity"], e["field"], e["before"], e["after"]) for e in log]
    assert ("person.edit", "person", "do_not_publish", 0, 1) in seen
    assert ("consent.link", "image", "person", None, p) in seen
    assert ("consent.link", "image", "identifiable", None, 1) in seen
    assert ("consent.add", "consent", "uses", None, ["exhibition", "online"]) in seen
    assert ("consent.withdraw", "consent", "withdrawn_on", None, "2025-01-01") in seen
    assert all(e["at"] and e["actor"] for e in log)
    assert [e["entity_id"] for e in audit.entries(db, "image", img)] == [img, img]


def test_link_is_one_transaction_and_names_unknown_ids(db):
    imgs = add_images(db, 2)
    p = people.add_person(db, "Batch Person")
    with pytest.raises(NotFound, match="no image #999"):
        people.link(db, [*imgs, 999], p)
    assert db.execute("SELECT COUNT(*) FROM image_people").fetchone()[0] == 0
    with pytest.raises(NotFound, match="no person #77"):
        people.link(db, imgs, 77)
    assert people.link(db, imgs, p) == imgs and people.link(db, imgs, p) == []


def test_derived_rows_never_outlive_a_change_made_behind_their_back(db, library):
    from curator.consent import cache as consent_cache
    from curator.search.query import ImageFilter, find_image_ids

    imgs = add_images(db, 2)
    p = people.add_person(db, "Direct Edit")
    cid = records.add_consent(db, library, person_id=p, uses=31, signed_on=D("2024-01-01"))
    people.link(db, imgs, p)
    assert db.execute("SELECT COUNT(*) FROM consent_dirty").fetchone()[0] == 0
    granted = ImageFilter(consent=["granted"], today=D("2025-01-01"))
    assert find_image_ids(db, granted) == imgs
    # a change straight in SQL (another tool, a repair) marks the images dirty …
    db.execute("UPDATE consents SET withdrawn_on = '2024-06-01' WHERE id = ?", [cid])
    assert db.execute("SELECT COUNT(*) FROM consent_dirty").fetchone()[0] == 2
    # … so they are evaluated live until the derived rows are rebuilt
    assert find_image_ids(db, granted) == []
    assert consent.cleared_image_ids(db, None, "print", D("2025-01-01"), D("2025-01-01")) == set()
    assert consent_cache.refresh(db) == 2
    assert find_image_ids(db, ImageFilter(consent=["withdrawn"], today=D("2025-01-01"))) == imgs
    db.execute("UPDATE people SET do_not_publish = 1 WHERE id = ?", [p])
    assert find_image_ids(db, ImageFilter(consent=["refused"], today=D("2025-01-01"))) == imgs
    db.execute("DELETE FROM image_people WHERE image_id = ?", [imgs[0]])
    assert consent.statuses(db, imgs[:1]) == {imgs[0]: "pending"}
    assert find_image_ids(db, ImageFilter(consent=["pending"])) == imgs[:1]


def test_a_catalogue_with_links_migrates_with_its_derived_rows(library):
    from curator.catalogue import MIGRATIONS, migrate, open_catalogue
    from curator.connection import connect

    library.root.mkdir(parents=True)
    db = connect(library.catalogue_path)
    step = next(n for n, f in enumerate(MIGRATIONS, 1) if f.__name__ == "_step_consent_cache")
    migrate(db, upto=step - 1)
    (img,) = add_images(db, 1)
    db.execute("INSERT INTO people (id, label, created_at) VALUES (1, 'Before', 'x')")
    db.execute("INSERT INTO consents (person_id, uses, signed_on, created_at) "
               "VALUES (1, 1, '2024-01-01', 'x')")
    db.execute("INSERT INTO image_people (image_id, person_id) VALUES (?, 1)", [img])
    db.close()
    db = open_catalogue(library)
    try:
        assert db.execute("SELECT COUNT(*) FROM consent_dirty").fetchone()[0] == 0
        assert db.execute("SELECT use_bit, from_day, until_day FROM consent_windows "
                          "WHERE image_id = ?", [img]).fetchall() == \
            [(1, "2024-01-01", "9999-12-31")]
    finally:
        db.close()
