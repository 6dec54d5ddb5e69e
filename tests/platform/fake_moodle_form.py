"""The fake Moodle's plumbing: PHP's bracket form parsed back, and Moodle's exceptions as JSON bodies."""

from __future__ import annotations

import re


class MoodleError(Exception):
    """An exception the fake answers with HTTP 200 and ``{"exception", "errorcode", "message"}``."""

    def __init__(self, exception: str, errorcode: str, message: str) -> None:
        super().__init__(message)
        self.body = {"exception": exception, "errorcode": errorcode, "message": message}


def invalid(message: str) -> MoodleError:
    # Moodle 4.5.6 names it with its namespace and keeps the detail out of the message (debuginfo only).
    return MoodleError(
        "core\\exception\\invalid_parameter_exception", "invalidparameter",
        f"Invalid parameter value detected ({message})",
    )  # fmt: skip


def access_denied() -> MoodleError:
    # Seen on 4.5.6 for a function outside the token's service and for an expired token alike.
    return MoodleError("webservice_access_exception", "accessexception", "Access control exception")


def parse_form(pairs: list[tuple[str, str]]) -> dict:
    root: dict = {}
    for key, value in pairs:
        parts = [key.split("[", 1)[0], *re.findall(r"\[([^\]]*)\]", key)]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    converted = {k: _listify(v) for k, v in node.items()}
    if converted and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted
