"""The fake Moodle's user functions (``core_user_*``), as Moodle 4.5.6 answers them."""

from __future__ import annotations

import copy

from tests.platform.fake_moodle_form import MoodleError, invalid

CREATE_KEYS = {
    "username", "password", "firstname", "lastname", "email", "idnumber", "auth", "lang", "preferences",
    "createpassword",
}  # fmt: skip
POLICY_HTML = (
    "<div>Passwords must have at least 1 upper case letter(s).</div>"
    "<div>The password must have at least 1 special character(s) such as *, -, or #.</div>"
)


def passes_policy(password: str) -> bool:
    return (
        len(password) >= 8
        and any(c.isdigit() for c in password)
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and any(not c.isalnum() for c in password)
    )


class UserFunctions:
    """Mixed into ``FakeMoodle``: ``self.users``, ``self.policy``, ``self.langs``, ``self.hide_emails``."""

    def _public(self, user: dict) -> dict:
        public = {k: v for k, v in user.items() if k not in ("password", "preferences")} | {
            "fullname": f"{user['firstname']} {user['lastname']}",
            "suspended": bool(user["suspended"]),
            "lang": user.get("lang", "en"),
        }
        if self.hide_emails:  # a token's account without moodle/site:viewuseridentity
            public.pop("email")
        return public

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
                # As seen on 4.5.6: the policy's HTML is the errorcode, "error/" + it the message.
                raise MoodleError("core\\exception\\moodle_exception", POLICY_HTML, "error/" + POLICY_HTML)
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
                    {"item": "user", "itemid": int(item["id"]), "warningcode": "invaliduserid",
                     "message": "Invalid user ID"}  # fmt: skip
                )
                continue
            if "password" in item and self.policy and not passes_policy(item["password"]):
                raise MoodleError(
                    "core\\exception\\invalid_response_exception", "invalidresponse",
                    "Invalid response value detected",
                )  # fmt: skip
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
