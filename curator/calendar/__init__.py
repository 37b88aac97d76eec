"""The consent calendar: what drops out, where and when (``entries.py``), as iCalendar (``ics.py``)."""
