"""Without the Moodle tree the real-platform tests say why in one line (a skip, or a failure under CI)."""

from __future__ import annotations

from tests.integration import moodle_site


def test_a_missing_tree_is_a_one_line_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(moodle_site, "TARBALL", tmp_path / "moodle-4.5.6.tar.xz")
    reason = moodle_site.missing_requirements()
    assert reason is not None and "moodle-4.5.6.tar.xz absent" in reason and "\n" not in reason


def test_the_site_is_set_up_with_the_readme_capabilities():
    capabilities = moodle_site.readme_capabilities()
    assert "webservice/rest:use" in capabilities and "moodle/site:viewuseridentity" in capabilities
    assert len(capabilities) == len(set(capabilities)) == 9
