"""Coverage of a set (an exhibition, a pack, any images) by place, event, year, photographer
and shoot, against the archive cleared for the set's use — see ``docs/coverage.md``."""
