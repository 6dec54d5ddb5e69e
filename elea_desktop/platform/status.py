"""What is not on the platform yet, computed offline from the mirror, and the connection's state."""

from __future__ import annotations

from elea_desktop.platform import connection as platform_connection
from elea_desktop.platform.errors import PlatformError
from elea_desktop.platform.planner import Plan, make_plan
from elea_desktop.platform.state import read_accounts, read_mirror

PENDING_KEYS = (
    "users_to_create",
    "users_to_update",
    "users_to_suspend",
    "users_to_reactivate",
    "memberships_to_add",
    "memberships_to_remove",
)


def local_plan(directory) -> Plan:
    """The sync's plan against what the platform held at the last sync (no network)."""
    settings = directory.establishment()
    if settings is None:
        return Plan()
    accounts = read_accounts(directory.connection, settings, directory.now())
    return make_plan(accounts, read_mirror(directory.connection))


def pending(directory) -> dict:
    return local_plan(directory).pending()


def has_unsent_changes(directory) -> bool:
    """For the window's status area: something the platform does not have yet (False when not connected)."""
    if platform_connection.load(directory) is None:
        return False
    return any(pending(directory).values())


def status(directory, *, check: bool = True, client_factory=None) -> dict:
    """``moodle status``'s document; ``check`` asks the platform (site info) with the kept token."""
    conn = platform_connection.load(directory)
    data = {
        "url": conn.url if conn else None,
        "connected": False,
        "site_name": conn.site_name if conn else None,
        "release": conn.release if conn else None,
        "missing_functions": list(conn.missing_functions) if conn else [],
        "pending": pending(directory),
        "error": None,
    }
    if conn is None or not check:
        return data
    kwargs = {"client_factory": client_factory} if client_factory is not None else {}
    try:
        _conn, api = platform_connection.open_api(directory, **kwargs)
        info = api.site_info()
        platform_connection.record_check(directory, info)
    except PlatformError as error:
        data["error"] = {"code": error.code, "message": error.message}
        return data
    data.update(
        connected=not info.missing_functions,
        site_name=info.sitename,
        release=info.release,
        missing_functions=info.missing_functions,
    )
    return data
