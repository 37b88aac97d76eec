"""Describing images: batch tag edits, their undo, events."""
