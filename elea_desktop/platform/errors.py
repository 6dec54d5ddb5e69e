"""What can go wrong when talking to the platform, each with a French message and the CLI's exit code."""

from __future__ import annotations

from elea_desktop.errors import EleaError

# Exit codes of ``moodle connect|sync`` (see the issue): 2 cannot talk to the platform, 3 refused by a rule,
# 4 partly done (the next run completes it).
EXIT_UNREACHABLE = 2
EXIT_RULE = 3
EXIT_PARTIAL = 4


class PlatformError(EleaError):
    """The platform could not be used. ``exit_code`` is what ``moodle`` commands return for it."""

    code = "platform"
    exit_code = EXIT_UNREACHABLE

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: str | None = None,
        exit_code: int | None = None,
    ):
        super().__init__(message, code=code, details=details)
        if exit_code is not None:
            self.exit_code = exit_code


class PlatformUnreachable(PlatformError):
    """Offline, DNS failure, refused connection, time-out, TLS failure, not a Moodle at that address."""

    code = "unreachable"


class TokenRefused(PlatformError):
    """Invalid or expired token, or a function the token may not call."""

    code = "token"


class CallRefused(PlatformError):
    """The platform answered with an exception (HTTP 200 and ``{"exception": …}``): nothing of that call
    was done (one call is one transaction)."""

    code = "refused"
    exit_code = EXIT_PARTIAL

    def __init__(
        self,
        message: str,
        *,
        exception: str,
        errorcode: str,
        platform_message: str,
        function: str,
        code: str | None = None,
    ):
        super().__init__(message, code=code, details=f"{exception}/{errorcode}: {platform_message}")
        self.exception = exception
        self.errorcode = errorcode
        self.platform_message = platform_message
        self.function = function


class UncertainOutcome(PlatformError):
    """The connection broke after a write call was sent: the platform may or may not have done it. The
    next sync reads the platform's state again and completes the work without duplicates."""

    code = "uncertain"
    exit_code = EXIT_PARTIAL


class PasswordRefused(PlatformError):
    """The site's password policy refused a password: nothing more is sent."""

    code = "password_policy"
    exit_code = EXIT_RULE
