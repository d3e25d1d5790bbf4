"""The calculator app in a real browser: it loads offline, computes, and recomputes.

Starts Voilà (tools/run_app.sh), opens the page in headless Chromium, waits for
the widgets, changes inputs and sees the results change. Every request and
WebSocket is recorded; any to a host other than 127.0.0.1 is aborted and fails
the test.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from overdue import present

TIMEOUT = 120_000  # ms: kernel start and the first execution on a busy machine


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def _value(result: dict, label: str) -> str:
    return next(r[1] for r in result["tables"][0]["rows"] if r[0] == label)


def _exact(text: str):
    return re.compile("^" + re.escape(text) + "$")


def test_app_computes_offline_and_recomputes_on_input(browser, app_url):
    # The expected figures come from the same front end the app runs (the worked example of ch. 2).
    default = present.compute("penalty", {})
    doubled = present.compute("penalty", {"rate": "0.1"})
    later = present.compute("penalty", {"rate": "0.1", "as_of": "2025-07-10"})
    total = "应还总额（元）"
    assert _value(default, total) != _value(doubled, total) != _value(later, total)
    end = present.compute("limitation", {})["figure"]["limitation_end"]
    after_end = (dt.date.fromisoformat(end) + dt.timedelta(days=2)).isoformat()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    seen, foreign, sockets = [], [], []

    def route(r):
        seen.append(r.request.url)
        if _local(r.request.url):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("websocket", lambda ws: sockets.append(ws.url))
    try:
        page.goto(app_url, wait_until="domcontentloaded", timeout=TIMEOUT)

        # The widgets have rendered and computed the worked example.
        penalty = page.locator(".overdue-calc").filter(has_text="罚息与利率上限计算器")
        expect(penalty.locator("td", has_text=_exact(_value(default, total))).first).to_be_visible(
            timeout=TIMEOUT)
        expect(page.locator(".overdue-calc")).to_have_count(len(present.CALCULATORS), timeout=TIMEOUT)
        expect(penalty.locator("svg[role=img]")).to_be_visible()

        # Change the daily rate: 0.05% → 0.1%.
        rate = penalty.get_by_label("罚息利率（%）", exact=True)
        rate.fill("0.1")
        rate.press("Enter")
        expect(penalty.locator("td", has_text=_exact(_value(doubled, total))).first).to_be_visible(
            timeout=30_000)
        expect(penalty.locator("td", has_text=_exact(_value(default, total)))).to_have_count(0)
        summary = penalty.locator("textarea").last
        expect(summary).to_have_value(doubled["summary"])

        # Change the as-of date.
        as_of = penalty.get_by_label("计算日期（含当天，YYYY-MM-DD）", exact=True)
        as_of.fill("2025-07-10")
        as_of.press("Enter")
        expect(summary).to_have_value(later["summary"], timeout=30_000)

        # Bad input: an inline Chinese message, no traceback.
        rate.fill("abc")
        rate.press("Enter")
        alert = penalty.locator("[role=alert]")
        expect(alert).to_contain_text("罚息利率（%）", timeout=30_000)
        expect(alert).not_to_contain_text("Traceback")

        # The limitation calculator: move the as-of date past the end of the period.
        limitation = page.locator(".overdue-calc").filter(has_text="诉讼时效与时间线计算器")
        expect(limitation.locator("td", has_text="尚未届满").first).to_be_visible()
        base = limitation.get_by_label("计算基准日（YYYY-MM-DD）", exact=True)
        base.fill(after_end)
        base.press("Enter")
        expect(limitation.locator("td", has_text="已届满").first).to_be_visible(timeout=30_000)

        page.wait_for_load_state("networkidle")
    finally:
        context.close()

    assert seen, "no request recorded"
    assert not foreign, "requests to other hosts: " + ", ".join(foreign)
    assert sockets and all(urlsplit(u).hostname == "127.0.0.1" for u in sockets), sockets
