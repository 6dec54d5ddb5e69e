"""How the import engine reports progress: plain data through a plain callback."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

STAGE_CLASSES = "classes"
STAGE_USERS = "users"


@dataclass(frozen=True)
class ImportProgress:
    stage: str  # STAGE_CLASSES then STAGE_USERS
    done: int
    total: int
    # running counts: classes stage {"classes_created", "classes_total"}; users stage
    # {"created", "updated", "unchanged", "reactivated", "protected", "suspended"}
    counts: Mapping[str, int] = field(default_factory=dict)
    label: str | None = None  # the class code or username just handled


ProgressCallback = Callable[[ImportProgress], None]
CancelCheck = Callable[[], bool]
