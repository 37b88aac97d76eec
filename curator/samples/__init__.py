"""Generated pictures (never real people) and the newcomer's sample library."""
