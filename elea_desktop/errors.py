"""One error type per layer, each carrying a French message meant for the user."""

from __future__ import annotations


class EleaError(Exception):
    """Base error: ``message`` is French, complete, and says what to do."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None, details: str | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return self.message


class ExportError(EleaError):
    """The SIECLE file is refused (unreadable, hostile, wrong kind of export)."""

    code = "export_refused"


class SafetyRefusal(EleaError):
    """An import would be unsafe; ``overridable`` refusals can be confirmed by the user.

    ``message`` suits every interface; ``cli_hint`` says how to answer on the command line (the window
    answers with its own buttons, so it never shows command-line options).
    """

    code = "safety"

    def __init__(self, message: str, *, code: str, overridable: bool, details: str | None = None,
                 cli_hint: str | None = None):
        super().__init__(message, code=code, details=details)
        self.overridable = overridable
        self.cli_hint = cli_hint


class ImportCancelled(EleaError):
    """The user cancelled before the commit: nothing was written."""

    code = "cancelled"

    def __init__(self, message: str = "Importation annulée : aucune modification n'a été enregistrée."):
        super().__init__(message)


class DirectoryError(EleaError):
    """The account directory cannot be used (locked, corrupt, newer schema, unknown account…)."""

    code = "directory"


class VaultError(EleaError):
    """Credentials cannot be encrypted or decrypted (key missing, keyring locked…)."""

    code = "vault"


class OutputError(EleaError):
    """A PDF or CSV could not be written."""

    code = "output"
