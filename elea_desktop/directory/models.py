"""Plain data read from the directory (no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from elea_desktop import person_names
from elea_desktop.policies.passwords import DEFAULT_POLICY, PasswordPolicy
from elea_desktop.policies.usernames import DEFAULT_PATTERN, PATTERNS
from elea_desktop.sts.model import DEFAULT_FUNCTIONS

ACTIVE = "active"
SUSPENDED = "suspended"
ORIGIN_SIECLE = "siecle"
ORIGIN_MANUAL = "manual"
ROLE_STUDENT = "student"
ROLE_STAFF = "staff"
ROLES = (ROLE_STUDENT, ROLE_STAFF)

# A credential batch is purged this many days after its creation, or as soon as it is marked distributed.
BATCH_RETENTION_DAYS = 30


@dataclass(frozen=True)
class DeclaredUai:
    """One establishment of the directory: the bound UAI, or one declared beside it (cité scolaire)."""

    uai: str
    name: str | None
    primary: bool

    @property
    def label(self) -> str:
        return self.name or self.uai

    def as_json(self) -> dict:
        return {"uai": self.uai, "name": self.name, "primary": self.primary}


@dataclass(frozen=True)
class Establishment:
    """The establishment and its settings. ``uai`` is None until the first import binds it."""

    uai: str | None
    name: str | None = None
    platform_url: str | None = None
    username_pattern: str = DEFAULT_PATTERN
    password_policy: PasswordPolicy = DEFAULT_POLICY
    email_domain: str | None = None  # None: ``username@<uai>.invalid`` in the Moodle CSV
    sheet_per_page: int = 10  # slips per A4 page: 8, 10 or 12
    sheet_qr: bool = False  # QR code of the platform address on each slip
    sheet_roster: bool = False  # a class list for the teacher after each class
    sheet_single: str = "slip"  # a print of one slip: "slip" (top of the page) or "letter" (whole page)
    moodle_lang: str | None = None  # None: no ``lang`` column in the Moodle CSV
    # Cité scolaire: the UAIs declared beside ``uai`` (collège + lycée), each with its own name.
    other_uais: tuple[DeclaredUai, ...] = ()
    staff_functions: tuple[str, ...] = DEFAULT_FUNCTIONS  # STS FONCTION codes that get a staff account
    forget_after_years: int = 1  # school years a leaver's account is kept before it may be anonymised

    @property
    def label(self) -> str:
        return self.name or self.uai or "établissement"

    @property
    def uais(self) -> tuple[DeclaredUai, ...]:
        """Every establishment of the directory, the bound one first (empty until a UAI is known)."""
        if not self.uai:
            return ()
        return (DeclaredUai(self.uai, self.name, True), *self.other_uais)

    @property
    def declared_uais(self) -> frozenset[str]:
        return frozenset(entry.uai.upper() for entry in self.uais)

    @property
    def is_cite(self) -> bool:
        return bool(self.other_uais)

    def name_of(self, uai: str | None) -> str | None:
        """The name printed for ``uai``'s pupils (None when that establishment has no name)."""
        for entry in self.uais:
            if uai and entry.uai.upper() == uai.upper():
                return entry.name
        return None

    def label_of(self, uai: str | None) -> str:
        """``uai``'s name, else the UAI itself, else the directory's label."""
        return self.name_of(uai) or uai or self.label

    @property
    def default_email_domain(self) -> str | None:
        """The domain used while ``email_domain`` is None: ``<uai>.invalid`` (never delivers mail).

        None until the first import binds the UAI.
        """
        return f"{self.uai.strip().lower()}.invalid" if self.uai else None

    def as_json(self) -> dict:
        """The flat shape printed by ``settings --json``."""
        policy = self.password_policy
        return {
            "uai": self.uai,
            "name": self.name,
            "platform_url": self.platform_url,
            "username_pattern": self.username_pattern,
            "username_pattern_label": PATTERNS.get(self.username_pattern, self.username_pattern),
            "password_length": policy.length,
            "password_uppercase": policy.uppercase,
            "password_symbol": policy.symbol,
            "password_min_digits": policy.min_digits,
            "password_description": policy.describe(),
            "password_entropy_bits": round(policy.entropy_bits, 2),
            "email_domain": self.email_domain,
            "email_domain_default": self.default_email_domain,
            "sheet_per_page": self.sheet_per_page,
            "sheet_qr": self.sheet_qr,
            "sheet_roster": self.sheet_roster,
            "sheet_single": self.sheet_single,
            "moodle_lang": self.moodle_lang,
            "uais": [entry.as_json() for entry in self.uais],
            "staff_functions": ",".join(self.staff_functions),  # flat, as typed: ENS,EDU,DOC,DIR
            "forget_after_years": self.forget_after_years,
        }


# Not frozen: a frozen dataclass's __init__ costs one object.__setattr__ per field, which shows when a
# 5,000-account directory is read for each import. Treat instances as read-only all the same.
@dataclass(slots=True)
class Account:
    id: int
    uid: str  # stable opaque identifier, Moodle ``idnumber``
    origin: str
    eleve_id: str | None
    ine: str | None
    elenoet: str | None
    family_name: str
    usage_name: str | None
    first_name: str
    birth_date: date | None
    class_code: str | None
    cohort_id: int | None
    username: str
    status: str
    protected: bool
    created_at: datetime
    updated_at: datetime
    uai: str | None = None  # the establishment the pupil belongs to (cités scolaires have several)
    role: str = ROLE_STUDENT
    sts_id: str | None = None  # STS-web INDIVIDU@ID (staff only)
    function: str | None = None  # STS-web FONCTION code (staff only)
    forgotten_at: datetime | None = None  # anonymised (forget-leavers): names and identifiers erased

    last_name = person_names.last_name

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    def as_json(self) -> dict:
        """The shape printed by ``accounts --json``."""
        return {
            "username": self.username,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "class": self.class_code,
            "status": self.status,
            "protected": self.protected,
            "eleve_id": self.eleve_id,
            "ine": self.ine,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "uai": self.uai,
            "role": self.role,
            **({"function": self.function} if self.role == ROLE_STAFF else {}),
            # Only on anonymised accounts, like ``function`` on staff ones: the other keys stay as they were.
            **({"forgotten_at": self.forgotten_at.isoformat()} if self.forgotten_at else {}),
        }


@dataclass(frozen=True)
class BatchInfo:
    id: int
    created_at: datetime
    origin: str  # "import" or "reset"
    import_id: int | None
    size: int
    age_days: int
    distributed: bool
    purged: bool

    @property
    def held(self) -> bool:
        """Passwords can still be re-exported."""
        return not self.purged

    def as_json(self) -> dict:
        return {
            "batch_id": self.id,
            "created_at": self.created_at.isoformat(),
            "origin": self.origin,
            "import_id": self.import_id,
            "size": self.size,
            "age_days": self.age_days,
            "distributed": self.distributed,
            "purged": self.purged,
        }


@dataclass(frozen=True)
class ImportRecord:
    """One row of the import history."""

    id: int
    imported_at: datetime
    digest: str
    source_name: str | None
    uai: str
    school_year: int
    exported_at: datetime | None
    mode: str
    counts: dict
    warnings: list
