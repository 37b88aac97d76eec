"""Finding images: filters compiled to SQL, sidebar counts, the rows the CLI and GUI list."""
