"""Consent: the one clearance rule, its derived cache, consent records, people."""
