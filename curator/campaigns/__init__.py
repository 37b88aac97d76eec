"""Campaigns: the awareness weeks behind the archive — theme, dates, day topics, hashtags,
logo and link — and the events that belong to them (see ``docs/kits.md``)."""
