"""Password policy: alphabet, rules, exact entropy, validation, and properties of generated values."""

from __future__ import annotations

import itertools
import math
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elea_desktop.policies import passwords
from elea_desktop.policies.passwords import (
    DENY_LIST,
    DIGITS,
    LOWERCASE,
    SYMBOLS,
    UPPERCASE,
    PasswordPolicy,
    count_passwords,
    generate_password,
)

LOOK_ALIKES = set("0oO1lIi")
UNSAFE_IN_CSV_OR_SHELL = set(",;'\"\\ \t`$")


def test_default_alphabet_has_31_unambiguous_symbols():
    policy = PasswordPolicy()
    assert (policy.length, policy.uppercase, policy.symbol, policy.min_digits) == (11, False, False, 2)
    assert policy.alphabet == "abcdefghjkmnpqrstuvwxyz23456789"
    assert len(set(policy.alphabet)) == 31
    assert not LOOK_ALIKES & set(policy.alphabet)


def test_option_alphabets():
    assert set(PasswordPolicy(uppercase=True).alphabet) == set(LOWERCASE + DIGITS + UPPERCASE)
    assert set(UPPERCASE) == set(string.ascii_uppercase) - {"I", "O"}
    assert set(PasswordPolicy(symbol=True).alphabet) == set(LOWERCASE + DIGITS + SYMBOLS)
    assert not set(SYMBOLS) & (UNSAFE_IN_CSV_OR_SHELL | set(string.ascii_letters + string.digits))
    assert len(PasswordPolicy(uppercase=True, symbol=True).alphabet) == 31 + 24 + len(SYMBOLS)


def test_default_generation_meets_the_rules():
    for _ in range(500):
        value = generate_password()
        assert len(value) == 11
        assert set(value) <= set(LOWERCASE + DIGITS)
        assert sum(c.isdigit() for c in value) >= 2
        assert any(c.islower() for c in value)


def test_every_character_and_position_is_used():
    # A broken draw (e.g. a modulo bias or a stuck index) would leave symbols unused at some position.
    values = [generate_password() for _ in range(3000)]
    assert set("".join(values)) == set(LOWERCASE + DIGITS)
    for position in (0, 9):
        assert len({v[position] for v in values}) == 31


def test_draw_discards_the_bytes_that_would_bias_the_modulo(monkeypatch):
    # 256 = 8 * 31 + 8: bytes 248..255 would make the first 8 symbols more likely, so they are skipped.
    chunks = iter([bytes([248, 255, 0, 30, 31, 247, 249, 62]), bytes([1, 2, 3, 4, 5, 6, 7, 8])])
    monkeypatch.setattr(passwords.secrets, "token_bytes", lambda n: next(chunks))
    alphabet = PasswordPolicy().alphabet
    expected = [alphabet[b % 31] for b in (0, 30, 31, 247, 62, 1, 2, 3)]
    assert passwords._draw(alphabet, 8) == "".join(expected)


def test_uppercase_option_always_gives_upper_and_lower_case():
    policy = PasswordPolicy(uppercase=True)
    for _ in range(300):
        value = generate_password(policy)
        assert any(c in UPPERCASE for c in value)
        assert any(c in LOWERCASE for c in value)
        assert sum(c.isdigit() for c in value) >= 2
        assert not LOOK_ALIKES & set(value)


def test_symbol_option_gives_exactly_one_symbol_never_first():
    policy = PasswordPolicy(symbol=True)
    seen, positions = set(), set()
    for _ in range(500):
        value = generate_password(policy)
        symbols = [c for c in value if c in SYMBOLS]
        assert len(symbols) == 1
        assert value[0] not in SYMBOLS  # a CSV cell starting with = + @ is a spreadsheet formula
        seen.update(symbols)
        positions.add(next(i for i, c in enumerate(value) if c in SYMBOLS))
    assert seen == set(SYMBOLS)
    assert positions == set(range(1, 11))


def test_moodle_default_policy_can_be_met():
    # Moodle's default: 8 characters, 1 digit, 1 lower, 1 upper, 1 non-alphanumeric.
    value = generate_password(PasswordPolicy(length=8, uppercase=True, symbol=True, min_digits=1))
    assert len(value) == 8
    assert any(c.isdigit() for c in value)
    assert any(c.islower() for c in value)
    assert any(c.isupper() for c in value)
    assert any(not c.isalnum() for c in value)


def test_rude_words_are_regenerated(monkeypatch):
    draws = iter(["merde2345a", "zz34cacazz", "abcdef2345"])
    monkeypatch.setattr(passwords, "_draw", lambda alphabet, length: next(draws))
    assert generate_password() == "abcdef2345"


def test_deny_list_is_matched_case_insensitively(monkeypatch):
    draws = iter(["xCuL3456yz", "xCaB3456yz"])
    monkeypatch.setattr(passwords, "_draw", lambda alphabet, length: next(draws))
    assert generate_password(PasswordPolicy(uppercase=True)) == "xCaB3456yz"


def test_deny_list_is_small_lowercase_data():
    assert 5 <= len(DENY_LIST) <= 40
    assert all(word == word.lower() and word.isalpha() for word in DENY_LIST)


@pytest.mark.parametrize("length", [8, 9, 10, 15, 20])
def test_lengths_within_bounds(length):
    assert len(generate_password(PasswordPolicy(length=length))) == length


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (PasswordPolicy(length=7), "entre 8 et 20"),
        (PasswordPolicy(length=21), "entre 8 et 20"),
        (PasswordPolicy(length="10"), "nombre entier"),
        (PasswordPolicy(min_digits=-1), "positif ou nul"),
        (PasswordPolicy(length=8, min_digits=8), "au plus 7 chiffres"),
        (PasswordPolicy(length=8, uppercase=True, symbol=True, min_digits=6), "au plus 5 chiffres"),
        (PasswordPolicy(uppercase="oui"), "oui ou non"),
    ],
)
def test_validate_refuses_unusable_policies_in_french(policy, message):
    with pytest.raises(ValueError, match=message):
        policy.validate()
    with pytest.raises(ValueError):
        generate_password(policy)


def test_a_policy_with_every_rule_at_its_limit_still_generates():
    policy = PasswordPolicy(length=8, uppercase=True, symbol=True, min_digits=5)
    policy.validate()
    value = generate_password(policy)
    assert sum(c.isdigit() for c in value) >= 5


def test_to_dict_from_dict_round_trip():
    policy = PasswordPolicy(length=12, uppercase=True, symbol=True, min_digits=3)
    data = policy.to_dict()
    assert data == {"length": 12, "uppercase": True, "symbol": True, "min_digits": 3}
    assert PasswordPolicy.from_dict(data) == policy
    assert PasswordPolicy.from_dict({}) == PasswordPolicy()
    assert PasswordPolicy.from_dict({"length": 11, "future_option": 1}) == PasswordPolicy(length=11)
    with pytest.raises(ValueError, match="entre 8 et 20"):
        PasswordPolicy.from_dict({"length": 4})
    with pytest.raises(ValueError):
        PasswordPolicy.from_dict(["length", 10])


# ------------------------------------------------------------------------------------------------- entropy


def _closed_form_default(length: int) -> int:
    """31 symbols, >= 2 digits, >= 1 letter, ignoring the deny list (inclusion-exclusion)."""
    return 31**length - 23**length - length * 8 * 23 ** (length - 1) - 8**length


def test_default_entropy_figure():
    assert PasswordPolicy().length == 11
    assert PasswordPolicy().entropy_bits == pytest.approx(54.2, abs=0.05)  # above the CNIL's 50 bits
    bits = PasswordPolicy(length=10).entropy_bits
    assert 48.9 <= bits <= 49.5
    assert bits == pytest.approx(49.16, abs=0.01)
    # The deny list removes a little, and only a little, from the closed form.
    assert bits < math.log2(_closed_form_default(10))
    assert bits > math.log2(_closed_form_default(10)) - 0.05


def test_eleven_characters_exceed_the_cnil_fifty_bits():
    assert PasswordPolicy(length=11).entropy_bits > 50
    assert PasswordPolicy(length=10).entropy_bits < 50


def test_options_raise_entropy():
    base = PasswordPolicy().entropy_bits
    assert PasswordPolicy(uppercase=True).entropy_bits > base + 7
    assert PasswordPolicy(symbol=True).entropy_bits > base
    assert PasswordPolicy(min_digits=0).entropy_bits > base
    bits = [PasswordPolicy(length=n).entropy_bits for n in range(8, 21)]
    assert bits == sorted(bits)


def test_count_without_deny_list_matches_the_closed_form():
    for length in (8, 10, 14):
        counted = count_passwords(
            length, lower=LOWERCASE, upper="", digits=DIGITS, symbols="", min_digits=2, deny=()
        )
        assert counted == _closed_form_default(length)


def _accepts(value, *, lower, upper, digits, symbols, min_digits, deny):
    return (
        sum(c in digits for c in value) >= min_digits
        and any(c in lower for c in value)
        and (not upper or any(c in upper for c in value))
        and sum(c in symbols for c in value) == (1 if symbols else 0)
        and value[0] not in symbols
        and not any(word in value.lower() for word in deny)
    )


@pytest.mark.parametrize(
    "case",
    [
        dict(lower="ab", upper="", digits="2", symbols="", min_digits=2, deny=()),
        dict(lower="ab", upper="", digits="23", symbols="", min_digits=1, deny=("ab", "b2")),
        dict(lower="abc", upper="AB", digits="2", symbols="", min_digits=1, deny=("ca", "ab", "bca")),
        dict(lower="ab", upper="B", digits="2", symbols="!=", min_digits=1, deny=("ba",)),
        dict(lower="abc", upper="C", digits="23", symbols="#", min_digits=2, deny=("cc", "abc", "bcb")),
    ],
)
@pytest.mark.parametrize("length", [1, 2, 4, 6])
def test_exact_count_matches_brute_force(case, length):
    alphabet = case["lower"] + case["upper"] + case["digits"] + case["symbols"]
    brute = sum(_accepts("".join(v), **case) for v in itertools.product(alphabet, repeat=length))
    assert count_passwords(length, **case) == brute


def test_exact_count_uses_the_generator_rules():
    # The generator's own acceptance test agrees with the brute-force rules above on a tiny space.
    case = dict(lower="ab", upper="B", digits="2", symbols="=", min_digits=1, deny=("ba",))
    alphabet = "abB2="
    for value in map("".join, itertools.product(alphabet, repeat=5)):
        assert passwords._is_acceptable(
            value, min_digits=1, need_upper=True, one_symbol=True, deny=case["deny"]
        ) == _accepts(value, **case)


def test_describe_in_french_with_the_entropy():
    assert PasswordPolicy().describe() == (
        "11 caractères (minuscules et chiffres, sans caractères ambigus) — 54,2 bits"
    )
    text = PasswordPolicy(length=12, uppercase=True, symbol=True).describe()
    assert text.startswith("12 caractères (minuscules, majuscules, chiffres et un symbole")
    assert text.endswith(" bits") and "," in text.rsplit("—", 1)[1]


# ---------------------------------------------------------------------------------------------- properties

policies = st.builds(
    PasswordPolicy,
    length=st.integers(8, 20),
    uppercase=st.booleans(),
    symbol=st.booleans(),
    min_digits=st.integers(0, 4),
)


@settings(max_examples=200)
@given(policy=policies)
def test_generated_values_meet_their_policy(policy):
    value = generate_password(policy)
    assert len(value) == policy.length
    assert set(value) <= set(policy.alphabet)
    assert sum(c.isdigit() for c in value) >= policy.min_digits
    assert any(c.islower() for c in value)
    if policy.uppercase:
        assert any(c.isupper() for c in value)
    assert sum(c in SYMBOLS for c in value) == (1 if policy.symbol else 0)
    assert value[0].isalnum()
    assert not any(word in value.lower() for word in DENY_LIST)
    assert not LOOK_ALIKES & set(value)


@settings(max_examples=50, deadline=None)
@given(policy=policies)
def test_entropy_is_below_the_unconstrained_bound(policy):
    bits = policy.entropy_bits
    assert 0 < bits < policy.length * math.log2(len(policy.alphabet))
