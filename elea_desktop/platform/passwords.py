"""Passwords for the sync: read from the credential batches, made anew when a batch was purged, and the
French explanation when the platform's password policy refuses one."""

from __future__ import annotations

from elea_desktop.directory import batches as batch_store
from elea_desktop.platform.client import _plain
from elea_desktop.platform.errors import CallRefused, PasswordRefused
from elea_desktop.platform.state import LocalAccount
from elea_desktop.policies.passwords import MOODLE_POLICY_ADVICE, generate_password, moodle_default_failures


class PasswordSource:
    def __init__(self, directory) -> None:
        self.directory = directory
        self.new_batch: int | None = None
        self._fresh: dict[int, int] = {}

    def ensure_for(self, creates: list[LocalAccount]) -> int | None:
        """A new batch (origin ``reset``) for the accounts to create whose password is no longer held."""
        lacking = [a for a in creates if a.held_batch is None]
        if not lacking:
            return None
        policy = self.directory.settings().password_policy
        with self.directory.transaction() as conn:
            batch_id = batch_store.create_batch(conn, "reset", None, self.directory.now())
            batch_store.add_entries(
                conn,
                self.directory.vault,
                batch_id,
                [(a.id, a.uid, generate_password(policy)) for a in lacking],
            )
        self.new_batch = batch_id
        self._fresh = {a.id: batch_id for a in lacking}
        return batch_id

    def batch_of(self, account: LocalAccount) -> int:
        return self._fresh.get(account.id) or account.held_batch

    def read(self, wanted: list[tuple[LocalAccount, int]]) -> dict[int, str]:
        """account id → password of the given batch (decrypted only for what is sent now)."""
        found: dict[int, str] = {}
        conn = self.directory.connection
        vault = self.directory.vault
        for account, batch_id in wanted:
            row = conn.execute(
                "SELECT secret FROM batch_entries WHERE batch_id = ? AND account_id = ?",
                (batch_id, account.id),
            ).fetchone()
            if row is None or row[0] is None:
                continue
            found[account.id] = vault.decrypt(
                row[0], aad=batch_store.entry_aad(batch_id, account.uid)
            ).decode()
        return found


def _mentions_password(error: CallRefused) -> bool:
    text = f"{error.errorcode} {error.platform_message}".lower()
    return any(word in text for word in ("password", "mot de passe", "mots de passe"))


def policy_refusal(error: CallRefused, sent: list[tuple[str, str]]) -> PasswordRefused | None:
    """A ``PasswordRefused`` when ``error`` is the site's password policy refusing one of ``sent``
    (username, password), else None."""
    weak = [(username, moodle_default_failures(password)) for username, password in sent]
    weak = [(username, rules) for username, rules in weak if rules]
    by_policy = _mentions_password(error) or (error.exception == "invalid_response_exception" and sent)
    if not by_policy:
        return None
    rules = sorted({rule for _, rules in weak for rule in rules}) if weak else []
    what = (
        f"les mots de passe d'Éléa Desktop n'ont pas {', '.join(rules)}"
        if rules
        else "la plateforme applique une politique plus exigeante que celle de Moodle par défaut"
    )
    names = ", ".join(username for username, _ in weak[:5]) if weak else ""
    platform_text = ""
    if _mentions_password(error):  # Moodle's own policy text; an update's refusal says nothing useful
        platform_text = _plain(error.errorcode if "<" in error.errorcode else error.platform_message)
    message = (
        "La plateforme refuse des mots de passe : sa politique de mots de passe exige plus que ce que "
        f"génère Éléa Desktop ({what}"
        + (f" ; par exemple pour {names}" if names else "")
        + "). "
        + (f"Règle de la plateforme : « {platform_text} ». " if platform_text else "")
        + "L'envoi s'est arrêté avant d'envoyer autre chose ; rien de cet appel n'a été pris en compte. "
        + MOODLE_POLICY_ADVICE
    )
    return PasswordRefused(message, details=error.details)
