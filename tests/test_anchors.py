"""Anchors that never break: every page and anchor in data/anchors.lock must
still exist in the built book, or be redirected and recorded in the changelog."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import anchors  # noqa: E402


def _redirects() -> dict:
    path = ROOT / "data" / "redirects.yaml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def test_lock_is_not_empty():
    assert len(anchors.read_lock()) > 50


def test_no_published_anchor_disappears(built_book):
    html_dir, _ = built_book
    present = anchors.found(html_dir)
    redirects = _redirects()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    broken = []
    for entry in anchors.read_lock():
        if entry in present:
            continue
        target = redirects.get(entry)
        if target and target in present and entry in changelog:
            continue
        broken.append(entry)
    assert not broken, (
        "published anchors vanished (add a redirect in data/redirects.yaml and a CHANGELOG.md entry):\n"
        + "\n".join(broken))


def test_redirect_pages_exist_for_moved_pages(built_book):
    html_dir, _ = built_book
    for old, new in _redirects().items():
        if "#" not in old:
            page = html_dir / old
            assert page.exists() and new.split("#")[0].split("/")[-1] in page.read_text(encoding="utf-8"), old
