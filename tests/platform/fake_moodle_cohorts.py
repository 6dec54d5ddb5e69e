"""The fake Moodle's cohort functions (``core_cohort_*``), as Moodle 4.5.6 answers them."""

from __future__ import annotations

from tests.platform.fake_moodle_form import invalid


class CohortFunctions:
    """Mixed into ``FakeMoodle``: ``self.cohorts``, ``self.members``, ``self.users``."""

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
                raise invalid("record already exists: idnumber=" + item.get("idnumber", ""))
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
        # The warnings carry no item id, only these messages (cohort/externallib.php, 4.5.6).
        warnings = []
        for member in params.get("members") or []:
            ctype, utype = member.get("cohorttype", {}), member.get("usertype", {})
            if "type" not in ctype or "type" not in utype:
                raise invalid("Missing required key in single structure: cohorttype")
            # no usertype idnumber in 4.5.6, whatever the reference says
            bad = [(name, kind["type"]) for name, kind, allowed in (
                ("cohortype", ctype, ("id", "idnumber")), ("usertype", utype, ("id", "username")),
            ) if kind["type"] not in allowed]  # fmt: skip
            if bad:
                name, kind = bad[0]
                warnings.append({"warningcode": "1", "message": f"invalid parameter: {name}={kind}"})
                continue
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
            if cohort is None:
                warnings.append(
                    {"warningcode": "2", "message": f"cohort {ctype['type']}={ctype['value']} not exists"}
                )
            elif user is None:
                warnings.append(
                    {"warningcode": "2", "message": f"user {utype['type']}={utype['value']} not exists"}
                )
            elif (cohort["id"], user["id"]) in self.members:
                warnings.append(
                    {"warningcode": "3", "message": f"record already exists: cohort({ctype['type']}="
                     f"{ctype['value']} {utype['type']}={utype['value']})"}  # fmt: skip
                )
            else:
                self.members.add((cohort["id"], user["id"]))
        return {"warnings": warnings}

    def ws_core_cohort_delete_cohort_members(self, params):
        for member in params.get("members") or []:
            if "cohortid" not in member or "userid" not in member:
                raise invalid("Missing required key in single structure: cohortid")
            self.members.discard((int(member["cohortid"]), int(member["userid"])))
        return None
