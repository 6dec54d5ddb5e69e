"""Step by step import of the SIECLE export: the four pages of the seed procedure."""
