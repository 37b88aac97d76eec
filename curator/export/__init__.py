"""Export: what leaves the library — licensed packs, print layouts — and the log of it."""
