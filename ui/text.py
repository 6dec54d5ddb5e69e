"""French wording helpers: « 1 compte créé », « 30 comptes créés » — never « compte(s) créé(s) »."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(3, "compte créé", "comptes créés")`` → « 3 comptes créés » (0 and 1 take the singular)."""
    words = singular if abs(count) < 2 else (plural_form or _default_plural(singular))
    return f"{count} {words}"


def _default_plural(words: str) -> str:
    return " ".join(w if w.endswith(("s", "x")) else w + "s" for w in words.split(" "))


def nbsp(text: str) -> str:
    """French typography: no line break just inside « guillemets » or before : ; ! ?"""
    text = text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    for mark in (":", ";", "!", "?"):
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text
