"""A touring exhibition with dated consents, a partner's licence and a child turning 18.

The scenario (every date exact; ``today`` is 2025-01-01):

- image A shows Aisha, a minor born 2007-09-15 (her mother signed, no end date);
- image B shows Ben, whose consent (exhibition, online, partners) ends 2025-06-01;
- image C shows nobody (not-needed);
- exhibition "I See You" (A, B, C) tours Open Eye Gallery 2025-03-01 → 2025-05-15 and
  Street Level 2025-05-20 → 2025-09-30;
- Liverpool Echo holds B and C (a logged pack) under an online licence 2025-01-01 →
  2025-12-31.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from curator.connection import transaction
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.exhibitions import sets as exhibitions
from curator.export import partners
from curator.export.log import ExportedFile, record_export
from tests.exhibition_support import add_image

TODAY = date(2025, 1, 1)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@dataclass
class Tour:
    a: int
    b: int
    c: int
    aisha: int
    ben: int
    ben_consent: int
    exhibition: int
    open_eye: int
    street_level: int
    echo: int
    licence: int


def touring_library(db, library, *, caption: str = "I See You") -> Tour:
    a, b, c = (add_image(db, library) for _ in range(3))
    aisha = people.add_person(db, "Aisha", minor=True, guardian="Mariam",
                              born_on=date(2007, 9, 15))
    people.link(db, [a], aisha)
    records.add_consent(db, library, uses=uses_mask(["exhibition", "online", "partners"]),
                        person_id=aisha, signed_on=date(2024, 6, 1), signed_by="Mariam")
    ben = people.add_person(db, "Ben")
    people.link(db, [b], ben)
    ben_consent = records.add_consent(
        db, library, uses=uses_mask(["exhibition", "online", "partners"]), person_id=ben,
        signed_on=date(2024, 1, 10), expires_on=date(2025, 6, 1))
    people.set_identifiable(db, [c], False)
    exh = exhibitions.create(db, caption)
    exhibitions.add_items(db, exh, [a, b, c])
    open_eye = exhibitions.add_venue(db, exh, "Open Eye Gallery", date(2025, 3, 1),
                                     date(2025, 5, 15))
    street = exhibitions.add_venue(db, exh, "Street Level", date(2025, 5, 20),
                                   date(2025, 9, 30))
    echo = partners.add_partner(db, "Liverpool Echo")
    licence = partners.add_licence(db, echo, uses=("online",), valid_from=date(2025, 1, 1),
                                   expires_on=date(2025, 12, 31), name="Web use 2025")
    with transaction(db):
        record_export(db, kind="pack", public_id="pack-test-1", partner_id=echo,
                      licence_id=licence, files=[ExportedFile(b), ExportedFile(c)])
    return Tour(a, b, c, aisha, ben, ben_consent, exh, open_eye, street, echo, licence)
