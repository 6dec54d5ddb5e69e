"""The nine web-service functions the sync uses, and nothing else, with batches sized by POST fields.

PHP drops every POST field past ``max_input_vars`` (default 1,000) without a word and Moodle then fails the
call on a missing key: each batch is packed so that its call stays within ``budget`` fields, the three
fields every call carries included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from elea_desktop.platform.client import BASE_FIELDS, MoodleClient, flatten

FUNCTIONS = (
    "core_webservice_get_site_info",
    "core_user_get_users_by_field",
    "core_user_create_users",
    "core_user_update_users",
    "core_cohort_search_cohorts",
    "core_cohort_create_cohorts",
    "core_cohort_get_cohort_members",
    "core_cohort_add_cohort_members",
    "core_cohort_delete_cohort_members",
)
DEFAULT_FIELD_BUDGET = 1000
MIN_FIELD_BUDGET = 100
MAX_FIELD_BUDGET = 100_000
SEARCH_PAGE = 200

T = TypeVar("T")


@dataclass(frozen=True)
class SiteInfo:
    sitename: str
    release: str
    version: str
    username: str
    userid: int
    functions: frozenset[str]

    @property
    def missing_functions(self) -> list[str]:
        return [name for name in FUNCTIONS if name not in self.functions]


@dataclass(frozen=True)
class RemoteUser:
    id: int
    username: str
    firstname: str
    lastname: str
    email: str | None  # None: the platform hides it from the token's account (see state.fill_hidden_emails)
    idnumber: str
    suspended: bool
    auth: str = "manual"

    @classmethod
    def from_json(cls, data: dict) -> RemoteUser:
        return cls(
            id=int(data["id"]),
            username=str(data.get("username", "")),
            firstname=str(data.get("firstname", "")),
            lastname=str(data.get("lastname", "")),
            email=str(data["email"]) if "email" in data else None,
            idnumber=str(data.get("idnumber") or ""),
            suspended=bool(data.get("suspended", False)),
            auth=str(data.get("auth", "manual")),
        )


@dataclass(frozen=True)
class RemoteCohort:
    id: int
    idnumber: str
    name: str


def batches(
    items: Sequence[T], fields_of: Callable[[T], int], budget: int, fixed: int = 0
) -> Iterator[list[T]]:
    """Greedy packing: each batch's ``BASE_FIELDS + fixed + Σ fields`` stays within ``budget``."""
    room = budget - BASE_FIELDS - fixed
    batch: list[T] = []
    used = 0
    for item in items:
        size = fields_of(item)
        if size > room:
            raise ValueError(f"one item needs {size} fields, more than the budget of {budget}")
        if batch and used + size > room:
            yield batch
            batch, used = [], 0
        batch.append(item)
        used += size
    if batch:
        yield batch


def count_fields(item: dict) -> int:
    return len(flatten(item))


class PlatformApi:
    """Typed calls over a ``MoodleClient``; ``budget`` is the platform's ``max_input_vars``."""

    def __init__(self, client: MoodleClient, budget: int = DEFAULT_FIELD_BUDGET) -> None:
        self.client = client
        self.budget = budget

    def site_info(self) -> SiteInfo:
        data = self.client.call("core_webservice_get_site_info")
        return SiteInfo(
            sitename=str(data.get("sitename", "")),
            release=str(data.get("release", "")),
            version=str(data.get("version", "")),
            username=str(data.get("username", "")),
            userid=int(data.get("userid", 0)),
            functions=frozenset(f.get("name", "") for f in data.get("functions", []) or []),
        )

    def users_by_field(self, field: str, values: Iterable[str]) -> list[RemoteUser]:
        found: list[RemoteUser] = []
        for batch in batches(list(values), lambda _v: 1, self.budget, fixed=1):
            data = self.client.call("core_user_get_users_by_field", {"field": field, "values": batch})
            found.extend(RemoteUser.from_json(user) for user in data or [])
        return found

    def create_users(self, users: list[dict]) -> list[dict]:
        """One call (the caller sizes it with :func:`batches`): Moodle creates all of it or none."""
        return self.client.call("core_user_create_users", {"users": users}, write=True) or []

    def update_users(self, users: list[dict]) -> list[dict]:
        """Returns Moodle's warnings (``invaliduserid`` …): skipped users are not an exception."""
        data = self.client.call("core_user_update_users", {"users": users}, write=True)
        return list((data or {}).get("warnings", []) or [])

    def search_cohorts(self, query: str) -> list[RemoteCohort]:
        """Every cohort of the site whose name, idnumber or description contains ``query``."""
        found: dict[int, RemoteCohort] = {}
        start = 0
        while True:
            data = self.client.call(
                "core_cohort_search_cohorts",
                {
                    "query": query,
                    "context": {"contextlevel": "system", "instanceid": 0},
                    "includes": "all",
                    "limitfrom": start,
                    "limitnum": SEARCH_PAGE,
                },
            )
            page = (data or {}).get("cohorts", []) or []
            for cohort in page:
                found[int(cohort["id"])] = RemoteCohort(
                    int(cohort["id"]), str(cohort.get("idnumber") or ""), str(cohort.get("name", ""))
                )
            if len(page) < SEARCH_PAGE:
                return list(found.values())
            start += SEARCH_PAGE

    @staticmethod
    def cohort_item(idnumber: str, name: str) -> dict:
        return {
            "categorytype": {"type": "system", "value": ""},
            "name": name,
            "idnumber": idnumber,
            "visible": 1,
        }

    def create_cohorts(self, items: list[dict]) -> list[RemoteCohort]:
        """One call of :meth:`cohort_item` dicts (system context, visible)."""
        data = self.client.call("core_cohort_create_cohorts", {"cohorts": items}, write=True)
        return [
            RemoteCohort(int(c["id"]), str(c.get("idnumber") or ""), str(c.get("name", "")))
            for c in data or []
        ]

    def cohort_members(self, cohort_ids: Iterable[int]) -> dict[int, set[int]]:
        members: dict[int, set[int]] = {}
        for batch in batches(list(cohort_ids), lambda _v: 1, self.budget):
            data = self.client.call("core_cohort_get_cohort_members", {"cohortids": batch})
            for entry in data or []:
                members[int(entry["cohortid"])] = {int(u) for u in entry.get("userids", []) or []}
        return members

    def add_members(self, pairs: list[tuple[int, int]]) -> list[dict]:
        """``(cohort id, user id)`` pairs, one call; returns the warnings (3 = already a member)."""
        members = [
            {"cohorttype": {"type": "id", "value": cohort}, "usertype": {"type": "id", "value": user}}
            for cohort, user in pairs
        ]
        data = self.client.call("core_cohort_add_cohort_members", {"members": members}, write=True)
        return list((data or {}).get("warnings", []) or [])

    def delete_members(self, pairs: list[tuple[int, int]]) -> None:
        members = [{"cohortid": cohort, "userid": user} for cohort, user in pairs]
        self.client.call("core_cohort_delete_cohort_members", {"members": members}, write=True)


MEMBER_ADD_FIELDS = 4
MEMBER_DELETE_FIELDS = 2
