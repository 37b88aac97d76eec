"""A small library for pack tests: generated photos with untrusted text, people, consents."""

from __future__ import annotations

import json
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path

from curator.consent import people, records
from curator.consent import rule as consent
from curator.export import partners as pt
from curator.ingest.importer import ImportOptions, run_import
from curator.tagging.edits import TagEdit, apply
from curator.tagging.events import save_event

CAPTION = ('Mam a’i babi yn Llŷn — Zażółć gęślą jaźń — أم وطفل في يوم الإطلاق — 母と子 '
           '& <b>bold</b> "quoted"')
TITLE = 'Diwrnod lansio & <Launch> "day" — يوم'
ALT = 'A mother holds her newborn; Łódź & <alt> "text" — 赤ちゃん'
ADULT, CHILD, GUARDIAN = "Aisha Testperson", "Zofia Testchild", "Wilhelmina Guardianname"
TODAY = date.today()


def build_library(db, library, make_shoot, n: int = 4) -> dict:
    """``n`` images; 1 not-needed, 2 an adult with consent, 3 a minor with consent signed by
    a guardian; the rest not-needed. Returns ids and the licence ids."""
    run_import(library, [make_shoot(n, size=(320, 240))], ImportOptions(shoot="Launch"))
    ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id")]
    save_event(db, "Baby Week 2024 — launch day", campaign="Baby Week", year=2024,
               occasion="Launch day")
    apply(db, ids, TagEdit(event="Baby Week 2024 — launch day", caption=CAPTION, title=TITLE,
                           alt_text=ALT, credit="Photo: Siân Jones",
                           add_keywords=["Places|Liverpool", "mamau & babanod", "أمهات"]))
    db.execute("UPDATE images SET creator = ?, copyright = ? ", ["Siân Ffotograffydd",
                                                                 "© 2024 Baby Week Cymru"])
    people.set_identifiable(db, [i for i in ids if i not in ids[1:3]], False)
    adult = people.add_person(db, ADULT, contact="aisha@example.org")
    child = people.add_person(db, CHILD, minor=True, guardian=GUARDIAN,
                              born_on=date(2023, 5, 1))
    signed = TODAY - timedelta(days=30)
    all_uses = consent.uses_mask(consent.USES)
    records.add_consent(db, library, uses=all_uses, person_id=adult, signed_on=signed)
    records.add_consent(db, library, uses=all_uses, person_id=child, signed_on=signed)
    people.link(db, [ids[1]], adult)
    people.link(db, [ids[2]], child)
    partner = pt.add_partner(db, "Canolfan Deulu & <Hub>", contact="Gwen",
                             email="gwen@example.org")
    common = dict(uses="online,print", expires_on=TODAY + timedelta(days=365),
                  valid_from=TODAY, attribution="© Baby Week Cymru / Siân — بإذن",
                  licensor="Baby Week Cymru", licensor_email="hello@babyweek.example",
                  licensor_url="https://babyweek.example/licence?a=1&b=2")
    private = pt.add_licence(db, partner, **common)
    naming = pt.add_licence(db, partner, allow_names=True, allow_ai_training=True, **common)
    return {"ids": ids, "adult": adult, "child": child, "partner": partner,
            "licence": private, "naming": naming}


def unzip(pack: Path, dest: Path) -> Path:
    """Extract a pack; returns the bag folder."""
    with zipfile.ZipFile(pack) as zf:
        zf.extractall(dest)
    [bag] = [p for p in dest.iterdir() if p.is_dir()]
    return bag


def exiftool_json(*paths: Path, args: tuple[str, ...] = ()) -> list[dict]:
    done = subprocess.run(["exiftool", "-j", "-a", "-G1", "-struct", *args, *map(str, paths)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)
