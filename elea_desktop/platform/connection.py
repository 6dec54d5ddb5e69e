"""The platform connection: address, token check, and the token kept like the batch key.

The token goes to the operating system's credential store (``keyring``, service ``elea-desktop``, entry
``platform-token-<random id>``); without a usable store it goes to ``platform.token`` in the data folder,
readable by the owner only, and the user is told once. It is never written to the database, a log, a
backup or a command line. The database keeps the address, where the token lives and what the last check
said (site name, release, missing functions).
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass

from elea_desktop.credentials.keyring_backend import delete_entry, read_entry, store_entry
from elea_desktop.credentials.private_files import replace_file
from elea_desktop.platform.api import (
    DEFAULT_FIELD_BUDGET,
    MAX_FIELD_BUDGET,
    MIN_FIELD_BUDGET,
    PlatformApi,
    SiteInfo,
)
from elea_desktop.platform.client import MoodleClient, normalise_url
from elea_desktop.platform.errors import PlatformError, TokenRefused

TOKEN_FILE = "platform.token"  # noqa: S105 (a file name)
KEYRING = "keyring"
FILE = "file"

FALLBACK_WARNING = (
    "Aucun gestionnaire d'identifiants sécurisé n'est disponible sur ce poste : le jeton d'accès à la "
    f"plateforme est enregistré dans le fichier « {TOKEN_FILE} » du dossier de données, lisible par votre "
    "seul compte. Ne copiez pas ce dossier sur un support partagé."
)


@dataclass(frozen=True)
class Connection:
    url: str
    token_ref: str
    token_location: str
    field_budget: int
    site_name: str | None
    release: str | None
    site_user: str | None
    missing_functions: tuple[str, ...]
    checked_at: str

    def as_json(self) -> dict:
        return {
            "url": self.url,
            "site_name": self.site_name,
            "release": self.release,
            "site_user": self.site_user,
            "missing_functions": list(self.missing_functions),
            "field_budget": self.field_budget,
            "token_storage": self.token_location,
        }


def not_connected() -> PlatformError:
    return PlatformError(
        "Aucune plateforme n'est connectée : renseignez l'adresse d'Éléa et le jeton d'accès dans Réglages > "
        "Plateforme Éléa (ou « moodle connect ADRESSE »).",
        code="not_connected",
    )


def check_budget(value: int) -> int:
    if not isinstance(value, int) or not MIN_FIELD_BUDGET <= value <= MAX_FIELD_BUDGET:
        raise PlatformError(
            f"Le nombre de champs par appel doit être compris entre {MIN_FIELD_BUDGET} et {MAX_FIELD_BUDGET} "
            f"(réglage « max_input_vars » de PHP sur la plateforme, {DEFAULT_FIELD_BUDGET} par défaut).",
            code="bad_setting",
        )
    return value


def load(directory) -> Connection | None:
    row = directory.connection.execute(
        "SELECT url, token_ref, token_location, field_budget, site_name, release, site_user, "
        "missing_functions, checked_at FROM platform_connection WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    return Connection(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], tuple(json.loads(row[7])), row[8]
    )


def read_token(directory, connection: Connection) -> str:
    if connection.token_location == FILE:
        try:
            token = (directory.data_dir / TOKEN_FILE).read_text("ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            token = ""
    else:
        token = read_entry(f"platform-token-{connection.token_ref}") or ""
    if not token:
        raise TokenRefused(
            "Le jeton d'accès à la plateforme a disparu du gestionnaire d'identifiants de ce poste : "
            "saisissez-le à nouveau dans Réglages > Plateforme Éléa.",
            code="token_lost",
        )
    return token


def check(url: str, token: str, *, client_factory=MoodleClient) -> SiteInfo:
    """Site info for ``url`` + ``token``; ``TokenRefused`` naming the functions the token may not call."""
    token = (token or "").strip()
    if not token or any(ch.isspace() for ch in token):
        raise TokenRefused(
            "Le jeton d'accès est vide ou contient des espaces : copiez-le à nouveau depuis la "
            "plateforme (Administration du site > Serveur > Services web > Gérer les jetons).",
            code="token_invalid",
        )
    info = PlatformApi(client_factory(url, token)).site_info()
    if info.missing_functions:
        raise TokenRefused(
            "Le jeton est valable, mais le service web ne permet pas ces fonctions : "
            f"{', '.join(info.missing_functions)}. L'administrateur de la plateforme doit les ajouter au "
            "service (voir le README, section « Plateforme Éléa »).",
            code="missing_functions",
            details=",".join(info.missing_functions),
        )
    return info


def connect(
    directory, url: str, token: str, *, field_budget: int | None = None, client_factory=MoodleClient
) -> tuple[Connection, SiteInfo, list[str]]:
    """Check, then keep the token; returns the connection, the site and French warnings to show."""
    url = normalise_url(url)
    previous = load(directory)
    budget = check_budget(
        field_budget
        if field_budget is not None
        else (previous.field_budget if previous else DEFAULT_FIELD_BUDGET)
    )
    info = check(url, token, client_factory=client_factory)
    token = token.strip()
    ref = secrets.token_hex(8)
    warnings: list[str] = []
    location = KEYRING if store_entry(f"platform-token-{ref}", token) else FILE
    if location == FILE:
        replace_file(directory.data_dir / TOKEN_FILE, token.encode("ascii"), private=True)
        warnings.append(FALLBACK_WARNING)
    with directory.transaction() as conn:
        conn.execute("DELETE FROM platform_connection")
        conn.execute(
            "INSERT INTO platform_connection (id, url, token_ref, token_location, field_budget, site_name, "
            "release, site_user, missing_functions, checked_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, '[]', ?)",
            (
                url,
                ref,
                location,
                budget,
                info.sitename,
                info.release,
                info.username,
                directory.now().isoformat(),
            ),
        )
        if previous is not None and previous.url != url:
            from elea_desktop.platform.journal import Journal

            Journal(directory).forget_platform()
        settings = directory.settings()
        if not settings.platform_url:
            conn.execute("UPDATE establishment SET platform_url = ? WHERE id = 1", (url,))
    if previous is not None:
        _drop_token(directory, previous, keep_file=location == FILE)
    return load(directory), info, warnings


def record_check(directory, info: SiteInfo) -> None:
    with directory.transaction() as conn:
        conn.execute(
            "UPDATE platform_connection SET site_name = ?, release = ?, site_user = ?, "
            "missing_functions = ?, checked_at = ? WHERE id = 1",
            (
                info.sitename,
                info.release,
                info.username,
                json.dumps(info.missing_functions),
                directory.now().isoformat(),
            ),
        )


def set_budget(directory, budget: int) -> None:
    check_budget(budget)
    if load(directory) is None:
        raise not_connected()
    with directory.transaction() as conn:
        conn.execute("UPDATE platform_connection SET field_budget = ? WHERE id = 1", (budget,))


def _drop_token(directory, connection: Connection, *, keep_file: bool = False) -> None:
    if connection.token_location == KEYRING:
        delete_entry(f"platform-token-{connection.token_ref}")  # the row that pointed to it is gone
    elif not keep_file:
        with contextlib.suppress(FileNotFoundError):
            (directory.data_dir / TOKEN_FILE).unlink()


def disconnect(directory) -> bool:
    """Forget the token (and the address); the directory's accounts are not touched. False if none."""
    connection = load(directory)
    if connection is None:
        return False
    with directory.transaction() as conn:
        conn.execute("DELETE FROM platform_connection")
    _drop_token(directory, connection)
    return True


def open_api(directory, *, client_factory=MoodleClient) -> tuple[Connection, PlatformApi]:
    connection = load(directory)
    if connection is None:
        raise not_connected()
    token = read_token(directory, connection)
    return connection, PlatformApi(client_factory(connection.url, token), connection.field_budget)
