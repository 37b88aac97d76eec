"""Ingest: finding a shoot's files, reading them once, metadata, derivatives, the importer."""
