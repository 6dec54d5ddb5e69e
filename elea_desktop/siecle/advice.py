"""What the reader tells the user to do about a file it cannot use (French, shared by its modules)."""

HOW_TO_EXPORT = (
    "Il faut l'export « Élèves sans adresse » : dans SIECLE, Exportations › En XML › Élèves sans adresse."
)
REDOWNLOAD = "Téléchargez de nouveau l'export depuis SIECLE, sans l'ouvrir ni le modifier."
