"""A faithful fake Moodle 4.5 web-service server (REST, JSON), in a thread, for the sync's tests.

Built from ../shared/reference/moodle-web-services.md and checked against the real Moodle 4.5.6 of
tests/integration: errors with HTTP 200 and ``{"exception": …}``, one call = one transaction, the default
password policy enforced at creation and update, no ``suspended`` at creation, PHP's ``max_input_vars``
truncation (the call then fails on a missing key), warning codes of the cohort and user functions, an
expired token refused as an access exception and then deleted, HTTP 403 with an empty body when web
services are off, e-mail addresses hidden from a token without ``moodle/site:viewuseridentity``. Fault
injection: drop the connection after the platform acted, refuse connections.
The functions themselves are in fake_moodle_users.py and fake_moodle_cohorts.py.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from elea_desktop.platform.api import FUNCTIONS
from tests.platform.fake_moodle_cohorts import CohortFunctions
from tests.platform.fake_moodle_form import MoodleError, access_denied, parse_form
from tests.platform.fake_moodle_users import UserFunctions

# The functions the sync needs; a test removes one to play a token that lacks it.
ALL_FUNCTIONS = FUNCTIONS
READS = (
    "core_webservice_get_site_info",
    "core_user_get_users_by_field",
    "core_cohort_search_cohorts",
    "core_cohort_get_cohort_members",
)


class FakeMoodle(UserFunctions, CohortFunctions):
    def __init__(
        self,
        *,
        max_input_vars: int = 1000,
        token: str = "secret-token-0123456789abcdef",
        langs=("en",),
        policy: bool = True,
        latency: float = 0.0,
        hide_emails: bool = False,
    ) -> None:
        self.max_input_vars = max_input_vars
        self.token = token
        self.functions = set(ALL_FUNCTIONS)
        self.token_expired = False  # the next call is refused, and the token deleted (as Moodle does)
        self.token_deleted = False
        self.ws_enabled = True  # False: web services or REST switched off (HTTP 403, empty body)
        self.hide_emails = hide_emails
        self.langs = set(langs)
        self.policy = policy
        self.latency = latency
        self.users: dict[int, dict] = {
            2: {
                "id": 2,
                "username": "admin",
                "firstname": "Admin",
                "lastname": "User",
                "email": "admin@example.invalid",
                "idnumber": "",
                "auth": "manual",
                "suspended": 0,
                "password": "Admin#1234",
                "preferences": {},
            }
        }
        self.cohorts: dict[int, dict] = {}
        self.members: set[tuple[int, int]] = set()
        self._next_user = 3
        self._next_cohort = 1
        self.lock = threading.Lock()
        self.calls: list[tuple[str, int]] = []  # (function, fields received)
        self.server_seconds = 0.0
        self.drop_after_write: int | None = None  # drop the connection after the Nth write call acted
        self.refuse = False
        self.writes = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --------------------------------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self) -> FakeMoodle:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ----------------------------------------------------------------------------------------- helpers

    def add_user(self, **fields) -> int:
        user = {
            "auth": "manual",
            "suspended": 0,
            "idnumber": "",
            "password": "X",
            "preferences": {},
            "email": f"{fields['username']}@example.invalid",
            **fields,
        }
        user["id"] = self._next_user
        self._next_user += 1
        self.users[user["id"]] = user
        return user["id"]

    def add_cohort(self, idnumber: str, name: str) -> int:
        cohort_id = self._next_cohort
        self._next_cohort += 1
        self.cohorts[cohort_id] = {"id": cohort_id, "idnumber": idnumber, "name": name, "visible": 1}
        return cohort_id

    def user_by(self, field: str, value: str) -> dict | None:
        return next((u for u in self.users.values() if str(u.get(field)) == value), None)

    def cohort_by_idnumber(self, idnumber: str) -> dict | None:
        return next((c for c in self.cohorts.values() if c["idnumber"] == idnumber), None)

    def members_of(self, idnumber: str) -> set[str]:
        cohort = self.cohort_by_idnumber(idnumber)
        return {self.users[u]["username"] for c, u in self.members if cohort and c == cohort["id"]}

    def snapshot(self):
        """Everything that matters for equality between two runs (ids excluded)."""
        users = sorted(
            (u["username"], u["firstname"], u["lastname"], u["email"], u["idnumber"], int(u["suspended"]))
            for u in self.users.values()
        )
        members = sorted((self.cohorts[c]["idnumber"], self.users[u]["username"]) for c, u in self.members)
        cohorts = sorted((c["idnumber"], c["name"]) for c in self.cohorts.values())
        return users, cohorts, members

    def write_calls(self) -> list[str]:
        return [f for f, _ in self.calls if f not in READS]

    # --------------------------------------------------------------------------------------------- HTTP

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                if fake.refuse:
                    self.connection.close()
                    return
                if self.path.rstrip("/") != "/webservice/rest/server.php":
                    self.send_error(404)
                    return
                if not fake.ws_enabled:  # webservice/rest/server.php: 403 and nothing else
                    self.send_response(403)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("ascii")
                started = time.perf_counter()
                drop, answer = fake.handle(urllib.parse.parse_qsl(body, keep_blank_values=True))
                fake.server_seconds += time.perf_counter() - started
                if fake.latency:
                    time.sleep(fake.latency)
                if drop:  # the platform acted, the answer never reaches the client
                    self.connection.shutdown(2)
                    self.connection.close()
                    return
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def handle(self, pairs: list[tuple[str, str]]):
        pairs = pairs[: self.max_input_vars]  # PHP silently drops the rest
        params = parse_form(pairs)
        function = params.pop("wsfunction", "")
        token = params.pop("wstoken", "")
        params.pop("moodlewsrestformat", None)
        with self.lock:
            self.calls.append((function, len(pairs)))
            try:
                if token != self.token or self.token_deleted:
                    raise MoodleError(
                        "core\\exception\\moodle_exception", "invalidtoken", "Invalid token - token not found"
                    )
                if self.token_expired:  # webservice/lib.php: the expired token is deleted, then refused
                    self.token_deleted = True
                    raise access_denied()
                if function not in self.functions:
                    raise access_denied()
                handler = getattr(self, "ws_" + function)
                result = handler(params)
            except MoodleError as error:
                return False, error.body
            if function not in READS:
                self.writes += 1
                if self.drop_after_write is not None and self.writes == self.drop_after_write:
                    return True, None
            return False, result

    # ------------------------------------------------------------------------------------- functions

    def ws_core_webservice_get_site_info(self, params):
        return {
            "sitename": "Éléa de test",
            "release": "4.5.6 (Build: 20250811)",
            "version": "2024100706",
            "userid": 2,
            "username": "admin",
            "functions": [{"name": f, "version": "1"} for f in sorted(self.functions)],
        }
