"""The account directory: one SQLite database in the data folder."""
