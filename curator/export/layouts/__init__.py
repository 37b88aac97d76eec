"""Print-ready PDFs of an exhibition: panels, wall labels, a catalogue.

The entry point is :func:`curator.export.layouts.job.export_layout`; ``panels``, ``labels``
and ``catalogue`` each build one kind, on ``common`` (page boxes, crop marks, atomic write)
and ``pictures`` (pixels at 300 ppi of the printed size).
"""

KINDS = ("panels", "labels", "catalogue")
FITS = ("crop", "fit")
