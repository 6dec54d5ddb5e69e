"""Planning and applying an import of a SIECLE export into the account directory."""
