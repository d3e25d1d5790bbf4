"""One version, everywhere: overdue/_version.py, CITATION.cff, the changelog, the footer."""

from pathlib import Path

import yaml

from overdue._version import RELEASE_DATE, __version__

ROOT = Path(__file__).resolve().parents[1]


def test_citation_cff_matches_the_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__
    assert str(cff["date-released"]) == RELEASE_DATE


def test_changelog_has_the_current_release():
    assert f"## v{__version__} — {RELEASE_DATE}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_version_in_every_footer(html_pages):
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text:
            continue
        assert f"版本 v{__version__}" in text, page.name
