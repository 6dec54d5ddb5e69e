"""What a sync did (or would do): the counts of the issue's JSON, conflicts, warnings, the error if any."""

from __future__ import annotations

from dataclasses import dataclass, field

from elea_desktop.platform.errors import EXIT_PARTIAL, EXIT_RULE, PlatformError
from elea_desktop.platform.planner import Conflict, Plan


class SyncCancelled(PlatformError):
    code = "cancelled"
    exit_code = EXIT_PARTIAL


@dataclass(frozen=True)
class SyncProgress:
    stage: str
    done: int
    total: int
    counts: dict


@dataclass
class SyncReport:
    dry_run: bool = False
    users_created: int = 0
    users_updated: int = 0
    users_suspended: int = 0
    users_reactivated: int = 0
    passwords_sent: int = 0
    cohorts_created: int = 0
    memberships_added: int = 0
    memberships_removed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    batch_id: int | None = None
    # Dry run: accounts to create whose password was purged; the sync gives them one in a new batch (the
    # window warns that their sheets are to print). Not in ``as_json``: the CLI's keys are the issue's.
    passwords_regenerated: int = 0
    calls: int = 0
    error: PlatformError | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return self.error.exit_code
        return EXIT_RULE if self.conflicts else 0

    def as_json(self) -> dict:
        data = {
            key: getattr(self, key)
            for key in (
                "users_created",
                "users_updated",
                "users_suspended",
                "users_reactivated",
                "passwords_sent",
                "cohorts_created",
                "memberships_added",
                "memberships_removed",
            )
        }
        data.update(
            conflicts=[c.as_json() for c in self.conflicts],
            warnings=list(self.warnings),
            batch_id=self.batch_id,
            dry_run=self.dry_run,
            calls=self.calls,
            error=None if self.error is None else {"code": self.error.code, "message": self.error.message},
        )
        return data


def preview(plan: Plan) -> SyncReport:
    """What a sync would do: the counts of a dry run."""
    return SyncReport(
        dry_run=True,
        users_created=len(plan.creates),
        users_updated=len(plan.of_kind("update")),
        users_suspended=len(plan.of_kind("suspend")),
        users_reactivated=len(plan.of_kind("reactivate")),
        passwords_sent=len(plan.creates) + sum(1 for u in plan.updates if u.password_batch is not None),
        cohorts_created=len(plan.cohorts_to_create),
        memberships_added=len(plan.memberships_to_add),
        memberships_removed=len(plan.memberships_to_remove),
        conflicts=list(plan.conflicts),
        passwords_regenerated=sum(1 for account in plan.creates if account.held_batch is None),
    )
