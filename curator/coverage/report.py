"""The coverage report: each bucket's share of the set against its share of the cleared
archive, whether it is over- or under-represented, and the cleared images that could fill
a gap.

The measure (explained to curators in ``docs/coverage.md``): with *n* images in the set and
*N* in the cleared archive, a bucket holding *s* of the set and *c* of the archive has

- set share *s / n* and archive share *c / N*;
- **expected** *e = n · c / N*: what the set would hold if it mirrored the cleared archive;
- a judgement: ``under`` when *s ≤ e − m*, ``over`` when *s ≥ e + m*, else ``in line``,
  with the margin *m = max(1, e / 4)* — at least one whole image and a quarter of what is
  expected, so one photo more or less in a small bucket is not called a gap.

An image with several places counts once in each (so place shares may add up to more
than 100%); along every other dimension an image is in exactly one bucket.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils

from curator.coverage.facts import BucketKey, buckets, check_dimension
from curator.coverage.scope import CoverageScope, cleared_archive

UNDER, OVER, IN_LINE = "under", "over", "in line"


@dataclass
class Bucket:
    key: str | None               # None: the "not recorded" bucket
    label: str
    in_set: int
    in_archive: int               # cleared images in this bucket (set images included)
    set_share: float
    archive_share: float
    expected: float
    judgement: str
    available_ids: list[int] = field(default_factory=list)  # cleared, not in the set

    @property
    def available(self) -> int:
        return len(self.available_ids)

    def summary(self, set_total: int) -> str:
        """"Sefton: 0 of 40 photos (6.0 expected); 23 more cleared photos exist"."""
        one = self.available == 1
        more = (f"{self.available} more cleared photo{'' if one else 's'} "
                f"exist{'s' if one else ''}" if self.available else "no other cleared photos")
        return (f"{self.label}: {self.in_set} of {set_total} photos "
                f"({self.expected:.1f} expected); {more}")

    def to_json(self, set_total: int) -> dict:
        return {"key": self.key, "label": self.label, "in_set": self.in_set,
                "in_archive": self.in_archive, "set_share": round(self.set_share, 4),
                "archive_share": round(self.archive_share, 4),
                "expected": round(self.expected, 2), "judgement": self.judgement,
                "available": self.available, "available_ids": list(self.available_ids),
                "summary": self.summary(set_total)}


@dataclass
class CoverageReport:
    scope: CoverageScope
    by: str
    set_total: int
    archive_total: int
    buckets: list[Bucket]

    def to_json(self) -> dict:
        return {"set": self.scope.to_json(), "by": self.by, "set_total": self.set_total,
                "archive_total": self.archive_total,
                "buckets": [b.to_json(self.set_total) for b in self.buckets]}


def judge(in_set: int, expected: float) -> str:
    margin = max(1.0, expected / 4)
    if in_set <= expected - margin:
        return UNDER
    if in_set >= expected + margin:
        return OVER
    return IN_LINE


def distribution(groups: dict[int, list[BucketKey]]) -> tuple[dict[str | None, int],
                                                               dict[str | None, str]]:
    """key → how many images fall in it; key → its label (the first spelling, sorted)."""
    counts: dict[str | None, int] = {}
    labels: dict[str | None, str] = {}
    for keys in groups.values():
        for k in {b.key: b for b in keys}.values():
            counts[k.key] = counts.get(k.key, 0) + 1
            labels[k.key] = min(labels.get(k.key, k.label), k.label)
    return counts, labels


def coverage(db: sqlite_utils.Database, scope: CoverageScope, by: str = "place",
             archive: set[int] | None = None) -> CoverageReport:
    """The report of ``scope`` along ``by``; ``archive`` (the cleared ids) may be passed
    in when it is already known (the GUI asks for several dimensions of one set)."""
    by = check_dimension(by)
    cleared = cleared_archive(db, scope) if archive is None else archive
    in_set = set(scope.image_ids)
    set_groups = buckets(db, list(scope.image_ids), by)
    archive_groups = buckets(db, sorted(cleared), by)
    set_counts, labels = distribution(set_groups)
    archive_counts, archive_labels = distribution(archive_groups)
    for key, label in archive_labels.items():
        labels[key] = min(labels.get(key, label), label)
    available: dict[str | None, list[int]] = {}
    for image_id in sorted(cleared - in_set):
        for key in dict.fromkeys(b.key for b in archive_groups[image_id]):
            available.setdefault(key, []).append(image_id)

    n, total = len(set_groups), len(archive_groups)
    out = []
    for key in set(set_counts) | set(archive_counts):
        s, c = set_counts.get(key, 0), archive_counts.get(key, 0)
        expected = n * c / total if total else 0.0
        out.append(Bucket(key, labels[key], s, c, s / n if n else 0.0,
                          c / total if total else 0.0, expected, judge(s, expected),
                          available.get(key, [])))
    out.sort(key=_order(by))
    return CoverageReport(scope, by, n, total, out)


def _order(by: str):
    def key(b: Bucket) -> tuple:
        if by == "year":
            return (b.key is None, int(b.key) if b.key is not None else 0)
        return (b.key is None, -(b.in_set + b.in_archive), b.label.casefold())
    return key


def gaps(report: CoverageReport) -> list[Bucket]:
    """The under-represented buckets that cleared images could fill, biggest gap first.

    The *not recorded* bucket is never a gap: photos with no place are a reason to record
    places, not something an exhibition should show more of."""
    return sorted((b for b in report.buckets
                   if b.judgement == UNDER and b.available and b.key is not None),
                  key=lambda b: b.in_set - b.expected)


__all__: Sequence[str] = ("Bucket", "CoverageReport", "coverage", "gaps", "judge",
                          "UNDER", "OVER", "IN_LINE")
