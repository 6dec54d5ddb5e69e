"""What an STS-web export says about the staff, as immutable plain data (no account knowledge here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from elea_desktop import person_names
from elea_desktop.siecle.model import Notice

KIND = "staff"
# Who gets an account unless the establishment chose otherwise (setting ``staff_functions``).
DEFAULT_FUNCTIONS = ("ENS", "EDU", "DOC", "DIR")
# The STS-web FONCTION codes, in words (slips, Réglages, reports). Unknown codes are shown as they are.
FUNCTION_LABELS = {
    "ENS": "Enseignant",
    "EDU": "CPE",
    "DOC": "Professeur documentaliste",
    "DIR": "Direction",
    "ADF": "Administration",
    "SUR": "Surveillance (AED)",
    "ORI": "Orientation (Psy-EN)",
    "MDS": "Médico-social",
    "LAB": "Laboratoire",
    "OUV": "Agent technique",
}


def function_label(code: str | None) -> str:
    if not code:
        return "Sans fonction"
    return FUNCTION_LABELS.get(code, f"Fonction {code}")


@dataclass(frozen=True)
class StaffNotice(Notice):
    """A warning about one INDIVIDU: carries its STS ``ID`` instead of a pupil's ELEVE_ID."""

    individu_id: str | None = None

    def as_dict(self) -> dict:
        data = super().as_dict()
        if self.individu_id is not None:
            data["individu_id"] = self.individu_id
        return data


class StaffMember(NamedTuple):
    sts_id: str  # INDIVIDU@ID
    family_name: str  # NOM_PATRONYMIQUE, else NOM_USAGE
    first_name: str
    usage_name: str | None = None  # NOM_USAGE when it differs from the family name
    birth_date: date | None = None
    function: str | None = None  # FONCTION code (ENS, EDU…), None when absent
    type: str | None = None  # INDIVIDU@TYPE: "epp" (national), "local"…
    civility: str | None = None
    sex: str | None = None

    last_name = person_names.last_name
    display_name = person_names.display_name


def normalise_functions(codes: Iterable[str]) -> tuple[str, ...]:
    """Upper-case, de-duplicated, in the given order."""
    seen: list[str] = []
    for code in codes:
        code = code.strip().upper()
        if code and code not in seen:
            seen.append(code)
    return tuple(seen)


@dataclass(frozen=True)
class StaffExport:
    uai: str | None
    school_year: int | None  # start year: 2025 for 2025-2026
    exported_at: datetime | None  # HORODATAGE when the file has one
    staff: tuple[StaffMember, ...]
    warnings: tuple[Notice, ...] = ()
    digest: str = ""
    source_name: str = ""

    kind = KIND

    @property
    def staff_total(self) -> int:
        return len(self.staff)

    def functions(self) -> dict[str, int]:
        """How many INDIVIDUs per FONCTION code (those without one are not counted)."""
        counts = Counter(m.function for m in self.staff if m.function)
        return dict(sorted(counts.items()))

    def selected(self, functions: Iterable[str]) -> tuple[StaffMember, ...]:
        """Those who get an account: their FONCTION is one of ``functions``."""
        wanted = set(normalise_functions(functions))
        return tuple(m for m in self.staff if m.function in wanted)

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}" if self.school_year else "inconnue"
