"""Checks of the facts in data/: provisions, parameters, the LPR table, the
claims ledger. These keep the single source of truth honest."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from overdue import claims, law, params, rates
from overdue.data import load_yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"

ROLE = re.compile(r"\{law\}`([^`]+)`")
DIRECTIVE = re.compile(r"```\{provision\}\s+(\S+)")
CLAIM_DIRECTIVE = re.compile(r"```\{claim\}\s+(\S+)")
CLAIM_LABEL = re.compile(r"^\((claim-[0-9c]+-\d+)\)=\s*$", re.M)

REQUIRED = (
    "civil-code-188 civil-code-189 civil-code-192 civil-code-195 civil-code-201 civil-code-203 "
    "civil-code-465 civil-code-496 civil-code-497 civil-code-509 civil-code-561 civil-code-577 "
    "civil-code-584 civil-code-585 civil-code-667 civil-code-670 civil-code-674 civil-code-675 "
    "civil-code-676 civil-code-680 civil-code-1024 civil-code-1032 civil-code-1033 civil-code-1034 "
    "civil-code-1035 civil-code-1038 civil-code-1165 civil-code-1183 "
    "pipl-6 pipl-10 pipl-13 pipl-14 pipl-15 pipl-16 pipl-21 pipl-23 pipl-25 pipl-28 pipl-29 pipl-69 "
    "private-lending-1 private-lending-25 private-lending-28 private-lending-29 private-lending-31 "
    "contract-interp-65 limitation-interp-8 limitation-interp-9 limitation-interp-14 limitation-interp-19 "
    "criminal-law-246 criminal-law-253-1 criminal-law-293 criminal-law-293-1 credit-reg-15 credit-reg-16 "
    "psap-2025-50 spc-fin-opinion-2017-2 spc-reply-2020-27"
).split()


def _book_texts():
    """Every chapter's source text: Markdown files and notebook cells."""
    import json

    for path in sorted(BOOK.rglob("*")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        if path.suffix == ".md":
            yield path, path.read_text(encoding="utf-8")
        elif path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf-8"))
            yield path, "\n".join("".join(c["source"]) for c in nb["cells"])


def cited_ids() -> dict[str, set]:
    out: dict[str, set] = {}
    for path, text in _book_texts():
        for pid in ROLE.findall(text) + DIRECTIVE.findall(text):
            out.setdefault(pid, set()).add(path.name)
    for row in claims.load():  # the claim boxes cite the ledger's provisions
        for pid in row["provisions"]:
            out.setdefault(pid, set()).add("data/claims.csv")
    return out


# ------------------------------------------------------------------ provisions
def test_required_provisions_are_present():
    missing = [p for p in REQUIRED if p not in law.provisions()]
    assert not missing, missing


def test_ids_follow_the_scheme_and_name_a_known_law():
    for pid, entry in law.provisions().items():
        assert law.ID_RE.match(pid), pid
        key, art = law.split_id(pid)
        whole = law.laws()[key].get("whole", False)
        if whole:
            assert art == "" and entry["article"] == "全文", pid
        else:
            assert re.fullmatch(r"\d+(-\d+)?", art), pid
            assert entry["article"].startswith("第"), pid


def test_texts_are_clean_and_complete():
    for pid, e in law.provisions().items():
        for key in ("id", "law", "article", "text", "source", "status"):
            assert key in e, (pid, key)
        assert e["status"] in ("in-force", "superseded", "unverified"), pid
        assert e["source"].strip(), pid
        text = e["text"]
        if e["status"] == "unverified":
            assert text == "" or e.get("note"), pid
            continue
        assert text.strip(), f"{pid}: empty text but status {e['status']}"
        assert not re.match(r"^\s*第[零一二三四五六七八九十百千]+条", text), f"{pid}: heading left in text"
        for bad in ("**", "##", "<", ">", "\t", "  "):
            assert bad not in text, f"{pid}: leftover markup {bad!r}"
        assert not re.search(r"[\u4e00-\u9fff][,;:][\u4e00-\u9fff]", text), f"{pid}: ASCII punctuation"
        if e.get("effective"):
            dt.date.fromisoformat(str(e["effective"]))


def test_every_cited_id_exists():
    unknown = {pid: files for pid, files in cited_ids().items() if pid not in law.provisions()}
    assert not unknown, unknown


def test_every_provision_is_cited_or_kept_as_background_on_purpose():
    cited = cited_ids()
    idle = [pid for pid, e in law.provisions().items() if pid not in cited and not e.get("background")]
    assert not idle, f"neither cited nor marked background: {idle}"


def test_unverified_entries_are_marked_wherever_cited():
    # The role adds 〔未核实〕 by itself; a chapter must not hide it by quoting the
    # unverified text as if verbatim. Check that no chapter pastes a `reported` text.
    for path, text in _book_texts():
        for pid, e in law.provisions().items():
            if e["status"] == "unverified" and e.get("reported"):
                first = e["reported"].splitlines()[0][:30]
                assert first not in text, f"{path.name} quotes unverified {pid} as text"
    assert law.cite("gbt-45251-2025")  # the role's label is built from cite()


def test_superseded_provisions_are_not_relied_on_as_current():
    for path, text in _book_texts():
        for pid in ROLE.findall(text):
            if law.provisions().get(pid, {}).get("status") == "superseded":
                assert "2026年1月1日之前" in text or "2026-01-01 之前" in text or "此前" in text, (
                    f"{path.name} cites superseded {pid} without saying it applies only to earlier conduct")


# ------------------------------------------------------------------ parameters
def test_every_parameter_names_its_basis_and_force():
    known = set(law.provisions()) | _bib_keys() | {"book-method", "pbc-lpr-reform-2019"}
    for name, entry in params.parameters().items():
        assert entry.get("description"), name
        assert entry.get("force") in law.FORCE_ZH, (name, entry.get("force"))
        for v in entry["values"]:
            refs = v["reference"] if isinstance(v["reference"], list) else [v["reference"]]
            assert refs, name
            for ref in refs:
                assert ref in known, (name, ref)


def _bib_keys() -> set:
    text = (BOOK / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\{([^,]+),", text))


def test_parameters_are_dated_in_order():
    for name in params.parameters():
        starts = [v.start for v in params.values(name)]
        assert starts == sorted(starts) and len(set(starts)) == len(starts), name


def test_as_of_date_is_fixed_in_data():
    assert params.as_of() == dt.date(2026, 11, 28)


# ------------------------------------------------------------------------- LPR
def test_lpr_dates_increase_and_rates_are_plausible():
    rows = rates.table()
    assert rows[0].date == dt.date(2019, 8, 20)
    assert rows[0].rates == {"1y": Decimal("4.25"), "5y": Decimal("4.85")}
    for a, b in zip(rows, rows[1:]):
        assert a.date < b.date
        assert a.rates != b.rates, f"{b.date}: row without a change"
        for t in ("1y", "5y"):
            assert abs(b.rates[t] - a.rates[t]) <= Decimal("0.5"), (b.date, t)
    for r in rows:
        assert Decimal("1") < r.rates["1y"] < r.rates["5y"] < Decimal("6"), r.date
        assert r.source.startswith("http"), r.date


def test_lpr_staleness_is_reported():
    """Warn (not fail) when the table was last confirmed > 45 days before the as-of date."""
    gap = (params.as_of() - rates.last_confirmed()).days
    if gap > 45:
        warnings.warn(f"LPR table last confirmed {rates.last_confirmed()}, {gap} days before the "
                      f"as-of date {params.as_of()}: confirm the newer publications", UserWarning)
    assert rates.last_confirmed() >= rates.table()[-1].date


# ---------------------------------------------------------------------- claims
def test_ledger_rows_are_complete_and_on_the_scale():
    rows = claims.load()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert re.fullmatch(r"claim-[0-9c]-\d+", r["id"]), r["id"]
        assert r["id"].split("-")[1] == r["section"], r["id"]
        assert r["verdict"] in claims.VERDICTS, r
        assert r["quote"].strip() and r["note"].strip(), r["id"]
        assert r["provisions"], f"{r['id']}: no cited basis"
        for pid in r["provisions"]:
            assert pid in law.provisions(), (r["id"], pid)


def test_ledger_quotes_are_verbatim_from_the_article():
    text = re.sub(r"\s+", "", (ROOT / "data" / "article.txt").read_text(encoding="utf-8"))
    for r in claims.load():
        assert re.sub(r"\s+", "", r["quote"]) in text, r["id"]


def test_the_article_copy_is_the_seed():
    seed = ROOT.parent / "shared" / "seed" / "article.txt"
    if seed.exists():  # beside a developer's checkout and CI's clone
        assert (ROOT / "data" / "article.txt").read_bytes() == seed.read_bytes()


def test_chapters_and_ledger_agree():
    in_chapters: dict[str, str] = {}
    boxes = set()
    for path, text in _book_texts():
        for cid in CLAIM_LABEL.findall(text):
            assert cid not in in_chapters, f"{cid} labelled twice"
            in_chapters[cid] = path.name
        boxes |= set(CLAIM_DIRECTIVE.findall(text))
    ledger = {r["id"] for r in claims.load()}
    assert set(in_chapters) == ledger, (set(in_chapters) ^ ledger)
    assert boxes == ledger, boxes ^ ledger


def test_every_part_of_the_article_has_a_claim():
    sections = {r["section"] for r in claims.load()}
    expected = set(claims.SECTION_ZH)
    missing = expected - sections
    if missing:
        pytest.fail(f"parts of the article without a claim: {sorted(missing)}")
