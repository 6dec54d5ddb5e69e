"""A faithful fake Moodle 4.5 web-service server (REST, JSON), in a thread, for the sync's tests.

Built from ../shared/reference/moodle-web-services.md: errors with HTTP 200 and ``{"exception": …}``,
one call = one transaction, the default password policy enforced at creation and update, no ``suspended``
at creation, PHP's ``max_input_vars`` truncation (the call then fails on a missing key), warning codes of
the cohort and user functions. Fault injection: drop the connection after the platform acted, refuse
connections, expire the token.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from elea_desktop.platform.api import FUNCTIONS

# The functions the sync needs; a test removes one to play a token that lacks it.
ALL_FUNCTIONS = FUNCTIONS
CREATE_KEYS = {
    "username",
    "password",
    "firstname",
    "lastname",
    "email",
    "idnumber",
    "auth",
    "lang",
    "preferences",
    "createpassword",
}
POLICY_HTML = (
    "<div>Passwords must have at least 1 upper case letter(s).</div>"
    "<div>The password must have at least 1 special character(s) such as *, -, or #.</div>"
)


class MoodleError(Exception):
    def __init__(self, exception: str, errorcode: str, message: str) -> None:
        super().__init__(message)
        self.body = {"exception": exception, "errorcode": errorcode, "message": message}


def invalid(message: str) -> MoodleError:
    return MoodleError(
        "invalid_parameter_exception", "invalidparameter", f"Invalid parameter value detected ({message})"
    )


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


def passes_policy(password: str) -> bool:
    return (
        len(password) >= 8
        and any(c.isdigit() for c in password)
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(not c.isalnum() for c in password)
    )


class FakeMoodle:
    def __init__(
        self,
        *,
        max_input_vars: int = 1000,
        token: str = "secret-token-0123456789abcdef",
        langs=("en",),
        policy: bool = True,
        latency: float = 0.0,
    ) -> None:
        self.max_input_vars = max_input_vars
        self.token = token
        self.functions = set(ALL_FUNCTIONS)
        self.token_expired = False
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
        return [
            f
            for f, _ in self.calls
            if f
            not in (
                "core_webservice_get_site_info",
                "core_user_get_users_by_field",
                "core_cohort_search_cohorts",
                "core_cohort_get_cohort_members",
            )
        ]

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
                if token != self.token:
                    raise MoodleError("moodle_exception", "invalidtoken", "Invalid token - token not found")
                if self.token_expired:
                    raise MoodleError(
                        "moodle_exception", "invalidtimedtoken", "Invalid token - token expired"
                    )
                if function not in self.functions:
                    raise MoodleError(
                        "webservice_access_exception", "accessexception", "Access control exception"
                    )
                handler = getattr(self, "ws_" + function)
                result = handler(params)
            except MoodleError as error:
                return False, error.body
            write = function not in (
                "core_webservice_get_site_info",
                "core_user_get_users_by_field",
                "core_cohort_search_cohorts",
                "core_cohort_get_cohort_members",
            )
            if write:
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

    @staticmethod
    def _public(user: dict) -> dict:
        return {k: v for k, v in user.items() if k not in ("password", "preferences")} | {
            "fullname": f"{user['firstname']} {user['lastname']}",
            "suspended": bool(user["suspended"]),
            "lang": user.get("lang", "en"),
        }

    def ws_core_user_get_users_by_field(self, params):
        field = params.get("field")
        if field not in ("id", "idnumber", "username", "email"):
            raise invalid("field")
        values = set(params.get("values", []))
        return [
            self._public(u) for u in self.users.values() if str(u.get(field)) in values and u[field] != ""
        ]

    def ws_core_user_create_users(self, params):
        users = params.get("users")
        if not isinstance(users, list) or not users:
            raise invalid("Missing required key in single structure: users")
        taken_names = {u["username"] for u in self.users.values()}
        taken_mails = {u["email"].lower() for u in self.users.values()}
        new = []
        for item in users:
            for key in ("username", "firstname", "lastname", "email"):
                if key not in item:
                    raise invalid(f"Missing required key in single structure: {key}")
            unexpected = set(item) - CREATE_KEYS
            if unexpected:
                raise invalid(
                    f"Unexpected keys ({', '.join(sorted(unexpected))}) detected in parameter array users"
                )
            if item["username"] != item["username"].lower() or item["username"] in taken_names:
                raise invalid("Username already exists: " + item["username"])
            if "@" not in item["email"] or item["email"].lower() in taken_mails:
                raise invalid("Email address is invalid or already exists: " + item["email"])
            if item.get("lang") and item["lang"] not in self.langs:
                raise invalid("lang")
            if max(len(item["username"]), len(item["firstname"]), len(item["lastname"])) > 100:
                raise MoodleError("dml_write_exception", "dmlwriteexception", "Error writing to database")
            if self.policy and not passes_policy(item.get("password", "")):
                raise MoodleError("moodle_exception", POLICY_HTML, "error/" + POLICY_HTML)
            taken_names.add(item["username"])
            taken_mails.add(item["email"].lower())
            new.append(item)
        answer = []
        for item in new:  # all validated: the transaction commits
            user = {"auth": "manual", "idnumber": "", "suspended": 0, **copy.deepcopy(item)}
            user["preferences"] = {p["type"]: p["value"] for p in item.get("preferences", [])}
            user["id"] = self._next_user
            self._next_user += 1
            self.users[user["id"]] = user
            answer.append({"id": user["id"], "username": user["username"]})
        return answer

    def ws_core_user_update_users(self, params):
        users = params.get("users") or []
        warnings, changes = [], []
        for item in users:
            if "id" not in item:
                raise invalid("Missing required key in single structure: id")
            user = self.users.get(int(item["id"]))
            if user is None:
                warnings.append(
                    {
                        "item": "user",
                        "itemid": int(item["id"]),
                        "warningcode": "invaliduserid",
                        "message": "Invalid user ID",
                    }
                )
                continue
            if "password" in item and self.policy and not passes_policy(item["password"]):
                raise MoodleError(
                    "core\\exception\\invalid_response_exception",
                    "invalidresponse",
                    "Invalid response value detected",
                )
            changes.append((user, item))
        for user, item in changes:
            for key, value in item.items():
                if key == "preferences":
                    user["preferences"].update({p["type"]: p["value"] for p in value})
                elif key == "suspended":
                    user["suspended"] = int(value)
                elif key != "id":
                    user[key] = value
        return {"warnings": warnings}

    def ws_core_cohort_search_cohorts(self, params):
        query = params.get("query", "")
        start, limit = int(params.get("limitfrom", 0)), int(params.get("limitnum", 25))
        found = [
            c
            for c in sorted(self.cohorts.values(), key=lambda c: c["id"])
            if query.lower() in (c["name"] + c["idnumber"]).lower()
        ]
        page = found[start : start + limit] if limit else found[start:]
        return {"cohorts": [dict(c, description="", descriptionformat=1, theme="") for c in page]}

    def ws_core_cohort_create_cohorts(self, params):
        items = params.get("cohorts") or []
        taken = {c["idnumber"] for c in self.cohorts.values()}
        for item in items:
            if "name" not in item or "categorytype" not in item:
                raise invalid("Missing required key in single structure: name")
            if item.get("idnumber") in taken:
                raise invalid("Duplicate idnumber")
            taken.add(item.get("idnumber"))
        return [
            dict(self.cohorts[self.add_cohort(i.get("idnumber", ""), i["name"])], description="")
            for i in items
        ]

    def ws_core_cohort_get_cohort_members(self, params):
        ids = [int(i) for i in params.get("cohortids", [])]
        return [
            {"cohortid": i, "userids": sorted(u for c, u in self.members if c == i)}
            for i in ids
            if i in self.cohorts
        ]

    def ws_core_cohort_add_cohort_members(self, params):
        warnings = []
        for member in params.get("members") or []:
            ctype, utype = member.get("cohorttype", {}), member.get("usertype", {})
            if "type" not in ctype or "type" not in utype:
                raise invalid("Missing required key in single structure: cohorttype")
            cohort = (
                self.cohorts.get(int(ctype["value"]))
                if ctype["type"] == "id"
                else self.cohort_by_idnumber(ctype["value"])
            )
            user = (
                self.users.get(int(utype["value"]))
                if utype["type"] == "id"
                else self.user_by(utype["type"], utype["value"])
            )
            if cohort is None or user is None:
                warnings.append({"warningcode": "2", "message": "Cohort or user not found"})
            elif (cohort["id"], user["id"]) in self.members:
                warnings.append({"warningcode": "3", "message": "User already a member"})
            else:
                self.members.add((cohort["id"], user["id"]))
        return {"warnings": warnings}

    def ws_core_cohort_delete_cohort_members(self, params):
        for member in params.get("members") or []:
            if "cohortid" not in member or "userid" not in member:
                raise invalid("Missing required key in single structure: cohortid")
            self.members.discard((int(member["cohortid"]), int(member["userid"])))
        return None
