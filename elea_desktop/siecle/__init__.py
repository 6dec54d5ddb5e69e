"""Reading the SIECLE « Élèves sans adresse » export."""
