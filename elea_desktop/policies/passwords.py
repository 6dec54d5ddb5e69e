"""Password policy: initial passwords that pupils can read, type, and that resist guessing.

Why 11 characters, about 54 bits, by default (CNIL délibération n° 2022-100 of 21 July 2022)
--------------------------------------------------------------------------------------------
The CNIL recommendation sets the entropy a password needs according to what else protects the account: 80
bits for a password alone (case 1), **50 bits when the platform restricts access after failed attempts**
(case 2: delay, lock-out, captcha), 13 bits for hardware that blocks after 3 attempts (case 3). Éléa is a
Moodle platform, and Moodle locks an account out after a configurable number of failed logins, so case 2
applies.

The default here is 11 characters drawn uniformly (``secrets``) from 31 unambiguous symbols, lowercase
letters without ``i l o`` and digits ``2-9`` (no ``0 o O 1 l I i``), with at least 2 digits and 1 letter,
and with a short list of rude words excluded. The exact count of such passwords gives **≈ 54.2 bits**
(``PasswordPolicy().entropy_bits``), above the 50 bits of case 2 that the settings show right below the
figure. Ten characters (≈ 49.2 bits) sat just under it: one character more is the price of meeting the
recommendation the window itself quotes, for *initial* passwords that pupils change at their first login.

The settings show the figure for every choice (8 to 20 characters), and the upper-case and symbol options
exist so that a Moodle password policy (digit, lower case, upper case, non-alphanumeric character) can be met.

How the figure is computed
--------------------------
Every candidate is drawn uniformly from the whole alphabet (with the symbol option: uniformly among strings
with one symbol after the first character), then rejected and drawn again *as a whole* until it meets the
rules (minimum digits, one letter, one upper-case letter if asked, exactly one symbol if asked, never a
symbol first, no rude word). Rejection sampling keeps the result uniform over the accepted set, so the
entropy is exactly ``log2`` of the number of accepted strings, which :func:`count_passwords` computes by
dynamic programming.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import asdict, dataclass
from functools import lru_cache

MIN_LENGTH = 8
MAX_LENGTH = 20

LOWERCASE = "abcdefghjkmnpqrstuvwxyz"  # no i, l, o
UPPERCASE = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O
DIGITS = "23456789"  # no 0, 1
# One of these when the symbol option is on. Easy to type on a French keyboard, unambiguous in print, and
# safe in a CSV cell (no comma, semicolon, quote, backslash or space). A symbol is never placed first,
# because a cell that starts with = + @ is read as a formula by spreadsheets.
SYMBOLS = "!#%*+=?@"

# Substrings a pupil should never find in the password printed for them. Matched case-insensitively. Only
# words that can occur with the alphabets above are useful (no i, l, o in lower case; no I, O in upper case).
DENY_LIST: tuple[str, ...] = (
    "merde",
    "pute",
    "tepu",
    "caca",
    "cul",
    "encu",
    "fdp",
    "ntm",
    "pd",
    "sexe",
    "sex",
    "fuck",
    "teub",
    "chatte",
    "batard",
    "suce",
)


@dataclass(frozen=True)
class PasswordPolicy:
    length: int = 11  # ≈ 54.2 bits: above the CNIL's 50 (see the module docstring)
    uppercase: bool = False
    symbol: bool = False
    min_digits: int = 2

    def validate(self) -> None:
        """Raise ``ValueError`` with a French message when the policy cannot be used."""
        if not isinstance(self.length, int) or isinstance(self.length, bool):
            raise ValueError("La longueur du mot de passe doit être un nombre entier.")
        if not MIN_LENGTH <= self.length <= MAX_LENGTH:
            raise ValueError(
                f"La longueur du mot de passe doit être comprise entre {MIN_LENGTH} et {MAX_LENGTH} "
                f"caractères (valeur demandée : {self.length})."
            )
        if not isinstance(self.uppercase, bool) or not isinstance(self.symbol, bool):
            raise ValueError("Les options « majuscules » et « symbole » doivent valoir oui ou non.")
        if not isinstance(self.min_digits, int) or isinstance(self.min_digits, bool) or self.min_digits < 0:
            raise ValueError("Le nombre minimal de chiffres doit être un nombre entier positif ou nul.")
        # One lower-case letter is always required, plus one upper-case letter and one symbol when asked.
        room = self.length - 1 - int(self.uppercase) - int(self.symbol)
        if self.min_digits > room:
            raise ValueError(
                f"Un mot de passe de {self.length} caractères ne peut pas contenir {self.min_digits} "
                f"chiffres en plus des lettres et du symbole demandés : choisissez au plus {room} chiffres."
            )

    @property
    def alphabet(self) -> str:
        return LOWERCASE + (UPPERCASE if self.uppercase else "") + DIGITS + (SYMBOLS if self.symbol else "")

    @property
    def entropy_bits(self) -> float:
        """``log2`` of the number of passwords this policy can produce, all equally likely."""
        self.validate()
        return math.log2(_policy_count(self))

    def describe(self) -> str:
        """One French line for the settings: « 10 caractères (minuscules et chiffres, …) — 49,2 bits »."""
        kinds = ["minuscules"]
        if self.uppercase:
            kinds.append("majuscules")
        kinds.append("chiffres")
        if self.symbol:
            kinds.append("un symbole")
        listed = ", ".join(kinds[:-1]) + " et " + kinds[-1]
        bits = f"{self.entropy_bits:.1f}".replace(".", ",")
        return f"{self.length} caractères ({listed}, sans caractères ambigus) — {bits} bits"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> PasswordPolicy:
        """Read settings saved by :meth:`to_dict`; missing keys take defaults, unknown ones are ignored."""
        if not isinstance(data, dict):
            raise ValueError("Les réglages de mot de passe enregistrés sont illisibles.")
        known = {name: data[name] for name in ("length", "uppercase", "symbol", "min_digits") if name in data}
        policy = cls(**known)
        policy.validate()
        return policy


# What a new establishment gets (and what the settings offer): one upper-case letter and one symbol on top of
# the readable base, so that the passwords pass Moodle's default policy, which the platform's web services
# enforce (a creation with a weaker password is refused). 11 characters: ≈ 62.9 bits.
DEFAULT_POLICY = PasswordPolicy(uppercase=True, symbol=True)


def _is_acceptable(
    candidate: str, *, min_digits: int, need_upper: bool, one_symbol: bool, deny: tuple[str, ...]
) -> bool:
    """The rules, in one place: the generator and the exact count both obey them."""
    digits = sum(map(str.isdigit, candidate))
    lowers = sum(map(str.islower, candidate))
    uppers = sum(map(str.isupper, candidate))
    symbols = len(candidate) - digits - lowers - uppers
    if digits < min_digits or lowers < 1 or (need_upper and uppers < 1):
        return False
    if symbols != (1 if one_symbol else 0) or (one_symbol and not candidate[0].isalnum()):
        return False
    folded = candidate.lower()
    return not any(word in folded for word in deny)


def count_passwords(
    length: int,
    *,
    lower: str,
    upper: str,
    digits: str,
    symbols: str,
    min_digits: int,
    deny: tuple[str, ...] = DENY_LIST,
) -> int:
    """Exactly how many strings of ``length`` characters meet the rules of :func:`_is_acceptable`.

    ``upper``/``symbols`` empty means the option is off. Dynamic programming over positions; the state is
    (node of an Aho-Corasick automaton of the deny list, digits so far capped at ``min_digits``, a lower-case
    letter seen, an upper-case letter seen, symbols so far).
    """
    need_upper = bool(upper)
    one_symbol = bool(symbols)
    alphabet = lower + upper + digits + symbols
    goto, bad = _automaton(tuple(word.lower() for word in deny), {c.lower() for c in alphabet})
    # Per automaton node, characters are grouped by (next node, kind) with their multiplicity: most letters
    # lead to the same few nodes, which keeps the computation fast enough for a settings dialog.
    kinds = [
        (char.lower(), "d" if char in digits else "l" if char in lower else "u" if char in upper else "s")
        for char in alphabet
    ]
    moves: list[dict[tuple[int, str], int]] = []
    for node in range(len(goto)):
        grouped: dict[tuple[int, str], int] = {}
        for folded, kind in kinds:
            target = goto[node].get(folded, 0)
            if not bad[target]:
                grouped[(target, kind)] = grouped.get((target, kind), 0) + 1
        moves.append(grouped)
    states: dict[tuple[int, int, bool, bool, int], int] = {(0, 0, False, False, 0): 1}
    for position in range(length):
        following: dict[tuple[int, int, bool, bool, int], int] = {}
        for (node, n_digits, seen_lower, seen_upper, n_symbols), ways in states.items():
            for (target, kind), multiplicity in moves[node].items():
                if kind == "s" and (position == 0 or n_symbols == 1):
                    continue
                key = (
                    target,
                    min(min_digits, n_digits + (kind == "d")),
                    seen_lower or kind == "l",
                    seen_upper or kind == "u",
                    n_symbols + (kind == "s"),
                )
                following[key] = following.get(key, 0) + ways * multiplicity
        states = following
    return sum(
        ways
        for (_, n_digits, seen_lower, seen_upper, n_symbols), ways in states.items()
        if n_digits >= min_digits
        and seen_lower
        and (seen_upper or not need_upper)
        and n_symbols == (1 if one_symbol else 0)
    )


def _automaton(words: tuple[str, ...], chars: set[str]) -> tuple[list[dict[str, int]], list[bool]]:
    """Aho-Corasick goto function (complete over ``chars``) and the nodes where a deny word has been read."""
    children: list[dict[str, int]] = [{}]
    bad = [False]
    for word in words:
        node = 0
        for char in word:
            if char not in children[node]:
                children.append({})
                bad.append(False)
                children[node][char] = len(children) - 1
            node = children[node][char]
        bad[node] = True
    goto: list[dict[str, int]] = [{} for _ in children]
    fail = [0] * len(children)
    order = [0]
    for node in order:  # breadth first: a node's failure link is resolved before its children
        for char in chars:
            child = children[node].get(char)
            if child is None:
                goto[node][char] = goto[fail[node]][char] if node else 0
            else:
                fail[child] = goto[fail[node]][char] if node else 0
                bad[child] = bad[child] or bad[fail[child]]
                goto[node][char] = child
                order.append(child)
    return goto, bad


@lru_cache(maxsize=64)
def _policy_count(policy: PasswordPolicy) -> int:
    return count_passwords(
        policy.length,
        lower=LOWERCASE,
        upper=UPPERCASE if policy.uppercase else "",
        digits=DIGITS,
        symbols=SYMBOLS if policy.symbol else "",
        min_digits=policy.min_digits,
    )


def _draw(alphabet: str, length: int) -> str:
    """``length`` characters, each uniform over ``alphabet``, from one batch of OS randomness.

    Bytes at or above the largest multiple of the alphabet size are discarded, so that ``byte % size`` has no
    bias; it is the same guarantee as ``secrets.choice`` with one system call per password instead of one per
    character (an import generates thousands).
    """
    table = _byte_table(alphabet)
    drawn = b""
    while len(drawn) < length:
        drawn += secrets.token_bytes(2 * length).translate(table).replace(b"\0", b"")
    return drawn[:length].decode("ascii")


@lru_cache(maxsize=16)
def _byte_table(alphabet: str) -> bytes:
    """Byte ``b`` maps to ``alphabet[b % size]``, or to NUL (discarded) when it would bias the result."""
    size = len(alphabet)
    limit = 256 - 256 % size
    return bytes(ord(alphabet[b % size]) if b < limit else 0 for b in range(256))


def generate_password(policy: PasswordPolicy = PasswordPolicy()) -> str:  # noqa: B008 (frozen, so shared safely)
    """A new random password meeting ``policy``, uniform over all the passwords the policy allows."""
    policy.validate()
    alphabet = policy.alphabet
    letters_and_digits = LOWERCASE + (UPPERCASE if policy.uppercase else "") + DIGITS
    while True:
        if policy.symbol:
            # Drawn directly with its one symbol, somewhere after the first character: every string of that
            # shape is equally likely, so rejection still ends uniform over the accepted set, with far fewer
            # rejections than drawing the symbol like any other character.
            body = _draw(letters_and_digits, policy.length - 1)
            where, which = divmod(secrets.randbelow((policy.length - 1) * len(SYMBOLS)), len(SYMBOLS))
            candidate = body[: where + 1] + SYMBOLS[which] + body[where + 1 :]
        else:
            candidate = _draw(alphabet, policy.length)
        if _is_acceptable(
            candidate,
            min_digits=policy.min_digits,
            need_upper=policy.uppercase,
            one_symbol=policy.symbol,
            deny=DENY_LIST,
        ):
            return candidate


# Moodle's default password policy (passwordpolicy on, 8 characters, 1 digit, 1 lower case, 1 upper case,
# 1 non-alphanumeric character). Web services enforce it: a creation or update carrying a password that
# fails it is refused as a whole, so the passwords the sync sends are checked against it first.
MOODLE_DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    ("length", "au moins 8 caractères"),
    ("digit", "au moins 1 chiffre"),
    ("lower", "au moins 1 minuscule"),
    ("upper", "au moins 1 majuscule"),
    ("symbol", "au moins 1 caractère non alphanumérique (symbole)"),
)


def moodle_default_failures(password: str) -> list[str]:
    """The rules of Moodle's default policy that ``password`` breaks, in French (empty: it passes)."""
    broken = {
        "length": len(password) < 8,
        "digit": not any(ch.isdigit() for ch in password),
        "lower": not any(ch.islower() for ch in password),
        "upper": not any(ch.isupper() for ch in password),
        "symbol": all(ch.isalnum() for ch in password),
    }
    return [text for key, text in MOODLE_DEFAULT_RULES if broken[key]]


def meets_moodle_default(policy: PasswordPolicy) -> bool:
    """Every password of ``policy`` passes Moodle's default policy."""
    return policy.length >= 8 and policy.min_digits >= 1 and policy.uppercase and policy.symbol


MOODLE_POLICY_ADVICE = (
    "Dans Éléa Desktop, ouvrez Réglages et cochez « Au moins une majuscule » et « Un symbole » (ou, en "
    "ligne de commande : « settings set --uppercase --symbol »), puis donnez de nouveaux mots de passe aux "
    "comptes concernés (importation en mode « nouveaux mots de passe » ou « Nouveau mot de passe… »). "
    "L'administrateur de la plateforme peut aussi assouplir la politique (Administration du site > "
    "Sécurité > Règles de sécurité du site)."
)
