"""A section reading the directory must define its hooks: a missing one fails when the class is defined,
not on a worker the first time a user opens the section."""

from __future__ import annotations

import pytest

from ui.sections.loading import REQUIRED, DirectorySection


def _section_class(without: str) -> type:
    body = {"nav_label": "Essai", "load_work": lambda self: None, "show_state": lambda self, state: None}
    del body[without]
    return type("Incomplete", (DirectorySection,), body)


@pytest.mark.parametrize("hook", REQUIRED)
def test_a_section_missing_a_hook_is_refused_when_defined(hook):
    with pytest.raises(TypeError, match=rf"Incomplete must define {hook} "):
        _section_class(without=hook)


def test_every_missing_hook_is_named():
    with pytest.raises(TypeError, match="must define load_work, show_state"):
        type("Bare", (DirectorySection,), {"nav_label": "Nu"})

