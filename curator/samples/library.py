"""A small demo library for a newcomer: generated pictures, never real people.

::

    report = build_sample_library(Library(Path("~/Curator sample")), count=24,
                                  progress=lambda done, total, msg: ...,
                                  cancel=stop_event.is_set)

The pictures come from :func:`curator.samples.photos.make_photo` (colour fields and shapes with
real EXIF). They are written to a temporary folder, one sub-folder per shoot, each
picture with an XMP sidecar carrying its caption and keywords the way a photographer's
tool would, and imported with :func:`curator.ingest.importer.run_import` — so the sample
library is made by exactly the path a real shoot takes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from curator.catalogue import open_catalogue
from curator.errors import Cancelled
from curator.ingest.importer import ImportOptions, ImportReport, run_import
from curator.library import Library
from curator.samples.photos import make_photo

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class SampleShoot:
    """One shoot of the sample library."""

    title: str
    event: str
    photographer: str
    starts: datetime
    keywords: tuple[str, ...]
    captions: tuple[str, ...]


SAMPLE_SHOOTS: tuple[SampleShoot, ...] = (
    SampleShoot(
        title="Launch day portraits",
        event="Baby Week 2023 — launch day, Central Library",
        photographer="Sam Okafor",
        starts=datetime(2023, 11, 13, 10, 0),
        keywords=("Baby Week", "Places|Liverpool|Central Library", "launch"),
        captions=(
            "Families arriving for the Baby Week launch",
            "The reading corner before the speeches",
            "Balloons over the library atrium",
            "Story time on the carpet",
        ),
    ),
    SampleShoot(
        title="Family picnic",
        event="Baby Week 2024 — family picnic, Sefton Park",
        photographer="Priya Natarajan",
        starts=datetime(2024, 6, 8, 11, 30),
        keywords=("Baby Week", "Places|Liverpool|Sefton Park", "outdoors"),
        captions=(
            "Picnic blankets under the trees",
            "A game of peekaboo by the lake",
            "Lunch shared on the grass",
        ),
    ),
    SampleShoot(
        title="Stay and play, Bootle",
        event="Baby Week 2024 — stay and play, Bootle family hub",
        photographer="Jo Fairclough",
        starts=datetime(2024, 6, 10, 10, 0),
        keywords=("Baby Week", "Places|Sefton|Bootle", "stay and play"),
        captions=(
            "Building a tower on the play mat",
            "A dad and his toddler at the sand tray",
            "Singing time in a circle",
        ),
    ),
    SampleShoot(
        title="I See You workshop",
        event="Infant Mental Health Week 2024 — 'I See You' workshop",
        photographer="Sam Okafor",
        starts=datetime(2024, 6, 12, 14, 0),
        keywords=("Infant Mental Health Week", "theme|I See You", "workshop"),
        captions=(
            "Hands and colours at the sensory table",
            "Looking at each other: the 'I See You' exercise",
            "The workshop circle at the end of the day",
        ),
    ),
)


@dataclass
class SampleReport:
    """What :func:`build_sample_library` did: one import report per shoot."""

    imports: list[ImportReport] = field(default_factory=list)
    cancelled: bool = False

    @property
    def imported(self) -> int:
        return sum(len(r.imported) for r in self.imports)

    def summary(self) -> str:
        head = f"The sample library holds {self.imported} generated picture(s)"
        head += f" from {len(self.imports)} shoot(s)."
        if self.cancelled:
            head += " It was cancelled before it was complete; build it again to finish."
        return head


def _sidecar(caption: str, keywords: tuple[str, ...], credit: str) -> str:
    flat = sorted({part for k in keywords for part in [k.split("|")[-1]]})
    items = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in flat)
    hier = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in keywords if "|" in k)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"\n'
        '    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">\n'
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(caption)}'
        "</rdf:li></rdf:Alt></dc:description>\n"
        f"   <dc:creator><rdf:Seq><rdf:li>{escape(credit)}</rdf:li></rdf:Seq></dc:creator>\n"
        f"   <photoshop:Credit>{escape(credit)}</photoshop:Credit>\n"
        f"   <dc:subject><rdf:Bag>{items}</rdf:Bag></dc:subject>\n"
        f"   <lr:hierarchicalSubject><rdf:Bag>{hier}</rdf:Bag></lr:hierarchicalSubject>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
    )


def _split(count: int, parts: int) -> list[int]:
    base, extra = divmod(count, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def build_sample_library(
    library: Library,
    count: int = 24,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    *,
    size: tuple[int, int] = (1200, 900),
) -> SampleReport:
    """Generate ``count`` pictures across the sample shoots and import them into ``library``.

    :param progress: called as ``(done, total, message)``; generating and importing each
        picture count as one step each, so ``total`` is ``2 * count``.
    :param cancel: polled between pictures; when it returns True the work stops and the
        report says it was cancelled (what was imported stays).
    :raises LibraryBusy: another import holds the library.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    shoots = SAMPLE_SHOOTS
    per_shoot = _split(count, len(shoots))
    total = 2 * count
    done = 0
    report = SampleReport()

    def cancelled() -> bool:
        return bool(cancel and cancel())

    with tempfile.TemporaryDirectory(prefix="curator-sample-") as tmp:
        folders: list[tuple[SampleShoot, Path]] = []
        seed = 0
        for shoot, n in zip(shoots, per_shoot, strict=True):
            if n == 0:
                continue
            folder = Path(tmp) / shoot.title
            for i in range(n):
                if cancelled():
                    report.cancelled = True
                    return report
                name = f"IMG_{seed + 1:04d}.JPG"
                dims = size if i % 3 else (size[1], size[0])  # a portrait every third
                make_photo(
                    folder / name, dims, seed=1000 + seed,
                    captured=shoot.starts + timedelta(minutes=7 * i),
                    make="Curator", model="Sample Camera", quality=85,
                )
                caption = shoot.captions[i % len(shoot.captions)]
                (folder / f"IMG_{seed + 1:04d}.xmp").write_text(
                    _sidecar(caption, shoot.keywords, shoot.photographer), encoding="utf-8")
                seed += 1
                done += 1
                if progress:
                    progress(done, total, f"Generating {name}")
            folders.append((shoot, folder))

        for shoot, folder in folders:
            if cancelled():
                report.cancelled = True
                break
            base = done

            def step(d: int, _t: int, current: str, base: int = base) -> None:
                if progress:
                    progress(base + d, total, f"Importing {Path(current).name}" if current
                             else "Importing")

            rep = run_import(
                library, [folder],
                ImportOptions(shoot=shoot.title, photographer=shoot.photographer,
                              event=shoot.event),
                progress=step, cancel=cancel,
            )
            report.imports.append(rep)
            done = base + len(list(folder.glob("*.JPG")))
            if rep.cancelled:
                report.cancelled = True
                break
    if progress:
        progress(min(done, total), total, "Done")
    return report


def ensure_sample_library(
    library: Library,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> SampleReport | None:
    """Build the sample library unless ``library`` already holds pictures (then None)."""
    if library.exists():
        db = open_catalogue(library)
        try:
            if db.execute("SELECT EXISTS (SELECT 1 FROM images)").fetchone()[0]:
                return None
        finally:
            db.close()
    return build_sample_library(library, progress=progress, cancel=cancel)


__all__ = ["SAMPLE_SHOOTS", "SampleReport", "build_sample_library", "ensure_sample_library",
           "Cancelled"]
