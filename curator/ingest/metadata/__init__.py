"""Reading photo metadata (EXIF, IPTC IIM, XMP and XMP sidecars) for the importer.

The entry point is :func:`curator.ingest.metadata.read.read_metadata`; it never decodes pixels
and never raises on bad metadata.
"""
