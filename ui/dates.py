"""Dates between the core (``datetime.date``) and Qt's date pickers (``QDate``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_of(edit: QDateEdit) -> date:
    """The date a picker shows."""
    q = edit.date()
    return date(q.year(), q.month(), q.day())
