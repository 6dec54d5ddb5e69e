"""How a person's names read, alike for a SIECLE pupil, an STS-web staff member and a directory account.

The three records differ, but the name in use must follow one rule everywhere: a pupil matched, listed
and printed under two different names would look like two people. Each record takes these properties
as class attributes (a named tuple cannot inherit from a mixin).
"""

from __future__ import annotations


def _last_name(person) -> str:
    return person.usage_name or person.family_name


def _display_name(person) -> str:
    return f"{person.first_name} {person.last_name.upper()}"


last_name = property(_last_name, doc="The name in use: NOM_USAGE when present, else the family name.")
display_name = property(_display_name, doc="First name then the name in use in capitals, as listed.")
