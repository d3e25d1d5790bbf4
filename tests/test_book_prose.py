"""The prose of the book types no figure of the law and retypes no statute.

A legal figure (the private-lending cap of 四倍 LPR, the 24% line, the quiet
hours, the call limits, the limitation and retention periods, …) reaches a page
only through a MyST substitution that ``_ext/lawbook.py`` makes from
``data/parameters.yaml``; a statute's text reaches a page only through the
``{provision}`` directive or the ``{law}`` role, which render
``data/provisions.yaml``. Prose may paraphrase a provision and cite it.

The hunts are data-driven: every parameter in ``data/parameters.yaml`` and
every verified provision in ``data/provisions.yaml`` is covered as soon as it is
added. Quotations of the article (block quotes, and inline “…” quotes of words
found in ``data/article.txt``) are left alone, as are code, roles, labels,
substitutions and dates.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from overdue import law, params

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "_ext"))
import lawbook  # noqa: E402

# A run of this many consecutive characters of a provision's text, found in
# prose, is a retyped statute (paraphrases that merely share a phrase are shorter).
STATUTE_RUN = 20


# ------------------------------------------------------------------ the chapters
@dataclass(frozen=True)
class Line:
    where: str   # "book/ch1-principles.md:64" or "book/ch2-initial-measures.ipynb cell 6, line 11"
    text: str


def prose_lines(path: Path) -> list[Line]:
    """The reader-facing lines of a chapter: a Markdown file, or a notebook's Markdown cells."""
    rel = path.relative_to(ROOT).as_posix()
    if path.suffix == ".md":
        return [Line(f"{rel}:{i}", t) for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            for i, t in enumerate("".join(cell["source"]).splitlines(), 1):
                out.append(Line(f"{rel} cell {n}, line {i}", t))
    return out


def chapters() -> list[Path]:
    return sorted(p for p in BOOK.glob("*") if p.suffix in (".md", ".ipynb"))


FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\S*)")
# A fence whose info string is a directive holds prose ({admonition}, …); these hold none.
NOT_PROSE_DIRECTIVES = ("{code", "{code-cell", "{literalinclude", "{eval-rst", "{raw")


def without_code_blocks(lines: list[Line]) -> list[Line]:
    """The lines outside code blocks; the content of directives such as
    ``{admonition}`` is prose and stays."""
    out, open_fences = [], []  # (fence, is_code), innermost last
    for line in lines:
        m = FENCE.match(line.text)
        if open_fences and open_fences[-1][1]:  # inside code: only its closing fence matters
            if m and m.group(1).startswith(open_fences[-1][0]) and not m.group(2):
                open_fences.pop()
            continue
        if m:
            fence, info = m.groups()
            if not info and open_fences and fence.startswith(open_fences[-1][0]):
                open_fences.pop()  # the end of a directive
            else:
                open_fences.append((fence, not info.startswith("{") or info.startswith(NOT_PROSE_DIRECTIVES)))
            continue  # a fence line: a directive's name and argument, not prose
        out.append(line)
    return out


MARKUP = [
    re.compile(r"\{\{[^}]*\}\}"),                    # substitutions
    re.compile(r"\{[a-z][\w:-]*\}`[^`]*`"),          # roles: {law}`…`, {ref}`…`, {glue:text}`…`
    re.compile(r"`[^`]*`"),                          # inline code
    re.compile(r"^\s*\([\w-]+\)=\s*$"),              # labels
    re.compile(r"^\s*:[\w-]+:.*$"),                  # directive options
    re.compile(r"\]\([^)]*\)"),                      # link targets
    re.compile(r"<!--.*?-->"),                       # comments
    re.compile(r"https?://\S+"),
]
DATES = [
    re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"),
]


def article_words() -> str:
    return _squeeze((ROOT / "data" / "article.txt").read_text(encoding="utf-8"))


def _squeeze(text: str) -> str:
    """The text without spaces, every punctuation mark as "·": the article's
    half-width commas then match the book's full-width ones, and a run of
    characters keeps its length."""
    return re.sub(r"[^\w\s]|_", "·", re.sub(r"\s+", "", text))


QUOTE = re.compile(r"“([^”]*)”")


def cleaned(line: str, article: str) -> str:
    """The line without the parts where a typed figure is allowed."""
    if line.lstrip().startswith(">"):
        return ""  # a block quote: the article or a commenter, verbatim
    for pattern in MARKUP + DATES:
        line = pattern.sub(" ", line)

    def unless_article(m: re.Match) -> str:  # “…” quoting the article's own words
        words = _squeeze(m.group(1)).strip("·")
        return " " if words and words in article else m.group(0)

    return QUOTE.sub(unless_article, line)


# ---------------------------------------------------------------- typed figures
ZH_NUM = "零一二三四五六七八九十百千两〇"


def typed_pattern(form: str) -> re.Pattern:
    """A tolerant pattern for a figure typed by hand: any spacing, full-width
    colon or percent sign, an optional leading zero (08:00), an English plural
    or a hyphen (three-year); never inside a longer number (2023 年, 十三年)."""
    out = []
    for tok in re.findall(r"\d+|[A-Za-z]+|\s+|.", form):
        if tok.isdigit():
            out.append(rf"0*{tok}(?!\d)")
        elif tok.isalpha() and tok.isascii():
            out.append(re.escape(tok.rstrip("s")) + "s?" if tok.endswith("s") else re.escape(tok))
        elif tok.isspace():
            out.append(r"[\s-]*")
        elif tok in ":：":
            out.append(r"\s*[:：]\s*")
        elif tok in "%％":
            out.append(r"\s*[%％]")
        elif tok in "–-—":
            out.append(r"\s*[–—-]\s*")
        else:
            out.append(re.escape(tok))
    head = r"(?<![\d.])" if form[0].isdigit() else rf"(?<![{ZH_NUM}])" if form[0] in ZH_NUM else r"\b"
    tail = rf"(?![{ZH_NUM}])" if form[-1] in ZH_NUM else r"\b" if form[-1].isascii() and form[-1].isalpha() else ""
    return re.compile(head + "".join(out) + tail, re.I)


def figure_hunts() -> list[tuple[str, str, re.Pattern]]:
    """(parameter, substitution to use, pattern) for every typed form of every parameter."""
    out = []
    for name, figs in lawbook.figures().items():
        for f in figs:
            for form in f.typed:
                out.append((name, f.name, typed_pattern(form)))
    return out


def typed_figures(lines: list[Line], article: str) -> list[str]:
    hunts = figure_hunts()
    offences = []
    for line in without_code_blocks(lines):
        text = cleaned(line.text, article)
        found: dict[tuple[int, str], list[str]] = {}  # two instruments may share a figure (22:00)
        for name, sub, pattern in hunts:
            for m in pattern.finditer(text):
                found.setdefault((m.start(), m.group(0)), []).append(f"{{{{ {sub} }}}} ({name})")
        for (_, typed), subs in sorted(found.items()):
            offences.append(f"{line.where}: “{typed}” is typed; write " + " or ".join(subs))
    return offences


def test_every_parameter_can_be_written_in_prose():
    # A new parameter is covered as soon as it is added: lawbook.py must know how
    # to write it (else the build fails), and every non-date figure has a typed
    # form that the hunt below looks for.
    forms = lawbook.figures()
    for name, entry in params.parameters().items():
        assert name in forms, name
        if entry["unit"] != "date":
            assert any(f.typed for f in forms[name]), f"{name}: no typed form to hunt"


def test_the_substitutions_say_what_the_data_says():
    # data/parameters.yaml on the as-of date 2026-11-28: cap multiple 4 (since
    # 2020-08-20), judicial line 0.24, limitation 3 years, retention 5 years,
    # liquidated-damages guide 0.30, GB/T quiet hours 22:00–08:00 and 3 connected
    # calls a day, CBA 2026 quiet hours 22:00–08:00 and 6 attempts per number.
    s = lawbook.substitutions()
    assert (s["private_lending_cap_multiple"], s["private_lending_cap_multiple_zh"]) == ("4", "四倍")
    assert s["private_lending_cap_multiple_en"] == "four times"
    assert s["private_lending_cap_multiple_since"] == "2020-08-20"
    assert (s["financial_loan_judicial_line"], s["financial_loan_judicial_line_zh"]) == ("24%", "百分之二十四")
    assert (s["limitation_period_years"], s["limitation_period_years_zh"]) == ("3", "三年")
    assert (s["credit_record_retention_years"], s["credit_record_retention_years_zh"]) == ("5", "五年")
    assert (s["liquidated_damages_guide"], s["liquidated_damages_guide_zh"]) == ("30%", "百分之三十")
    assert s["collection_quiet_hours_gbt_45251_start"] == "22:00"
    assert s["collection_quiet_hours_gbt_45251_end"] == "8:00"    # 08:00, written 次日 8:00
    assert s["collection_quiet_hours_cba_2026_end"] == "8:00"
    assert s["collection_daily_connected_calls_gbt_45251"] == "3"
    assert s["collection_daily_attempts_same_number_cba_2026"] == "6"
    assert s["lpr_first_publication_zh"] == "2019年8月20日"
    assert s["overdue_buckets"] == "M1 逾期 1–30 天，M2 逾期 31–60 天，M3 逾期 61–90 天，M3+ 逾期超过 90 天"


@pytest.mark.parametrize("n, counter, zh", [
    (3, False, "三"), (2, False, "二"), (2, True, "两"), (10, False, "十"), (11, False, "十一"),
    (24, False, "二十四"), (30, False, "三十"), (105, False, "一百零五"), (110, False, "一百一十"),
    (365, False, "三百六十五"), (1005, False, "一千零五"),
])
def test_chinese_numerals_are_generated_from_the_number(n, counter, zh):
    assert lawbook.zh_numeral(n, counter=counter) == zh


def test_the_hunt_finds_a_typed_figure_and_spares_quotations():
    article = _squeeze("（a made-up article）平台晚上22点以后不打电话。")
    lines = [
        Line("x.md:1", "借款人可以请求调减总计超过年利率 24% 的部分。"),                 # typed: offence
        Line("x.md:2", "以合同成立时一年期 LPR 的四倍为限，2020-08-20 之前另有规则。"),   # typed: offence
        Line("x.md:3", "不在每日 22 点至次日 08：00 催收；诉讼时效是三年。"),             # three offences
        Line("x.md:4", "借款人可以请求调减总计超过年利率 {{ financial_loan_judicial_line }} 的部分。"),
        Line("x.md:5", "> 逾期 24% 的罚息 [a block quote of the article]"),
        Line("x.md:6", "2023 年发布，第十三年，0.24% 的费率，124% 的比例，{law}`civil-code-188`。"),
        Line("x.md:7", "原文说“平台晚上22点以后不打电话”。"),                            # the article's words
        Line("x.md:8", "本书说“夜里22点以后别打电话”。"),                                # not the article's: offence
    ]
    found = typed_figures(lines, article)
    assert [f.split(": ")[0] for f in found] == ["x.md:1", "x.md:2", "x.md:3", "x.md:3", "x.md:3", "x.md:8"], found
    assert "{{ financial_loan_judicial_line }}" in found[0]


def test_no_legal_figure_is_typed_in_a_chapter():
    article = article_words()
    offences = [o for path in chapters() for o in typed_figures(prose_lines(path), article)]
    assert not offences, "legal figures typed in prose:\n" + "\n".join(offences)


# --------------------------------------------------------------- retyped statutes
def verified_texts() -> dict[str, str]:
    return {pid: _squeeze(p["text"]) for pid, p in law.provisions().items()
            if p.get("status") != "unverified" and p.get("text")}


def _runs(texts: dict[str, str]) -> dict[str, str]:
    out = {}
    for pid, text in texts.items():
        for i in range(len(text) - STATUTE_RUN + 1):
            out.setdefault(text[i:i + STATUTE_RUN], pid)
    return out


def rendered(line: str, subs: dict[str, str]) -> str:
    """What the reader sees of the line's words: substitutions filled in,
    citations and code dropped (a {law} role shows a citation, not the text)."""
    line = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: subs.get(m.group(1), ""), line)
    for pattern in MARKUP[1:]:
        line = pattern.sub(" ", line)
    return re.sub(r"[*_]", "", line)  # emphasis: **特定义务人** reads as 特定义务人


def retyped_statutes(lines: list[Line], texts: dict[str, str], article: str) -> list[str]:
    runs, subs = _runs(texts), lawbook.substitutions()
    offences = []
    for line in without_code_blocks(lines):
        words = _squeeze(rendered(line.text, subs))
        hits: dict[str, tuple[int, int]] = {}
        for i in range(len(words) - STATUTE_RUN + 1):
            pid = runs.get(words[i:i + STATUTE_RUN])
            if pid:
                start, _ = hits.get(pid, (i, i))
                hits[pid] = (start, i + STATUTE_RUN)
        for pid, (a, b) in hits.items():
            if words[a:b] in article:
                continue  # the article's own words, quoted
            offences.append(f"{line.where}: retypes {pid}: “{words[a:b]}”; paraphrase it with "
                            f"{{law}}`{pid}`, or show it with ```{{provision}} {pid}```")
    return offences


def test_the_statute_hunt_finds_a_retyped_article_and_spares_a_paraphrase():
    # 民法典第188条 begins: 向人民法院请求保护民事权利的诉讼时效期间为三年。
    article = article_words()
    texts = {"civil-code-188": _squeeze(law.text("civil-code-188"))}
    retyped = Line("x.md:1", "- 向人民法院请求保护民事权利的诉讼时效期间为三年 {law}`civil-code-188`。")
    split = Line("x.md:2", "- 向人民法院请求保护**民事权利**的诉讼时效期间为"
                           "{{ limitation_period_years_zh }} {law}`civil-code-188`。")
    paraphrase = Line("x.md:3", "- 普通诉讼时效期间是{{ limitation_period_years_zh }} {law}`civil-code-188`。")
    found = retyped_statutes([retyped, split, paraphrase], texts, article)
    assert [f.split(": ")[0] for f in found] == ["x.md:1", "x.md:2"], found


def test_no_statute_is_retyped_in_prose():
    texts, article = verified_texts(), article_words()
    offences = [o for path in chapters() for o in retyped_statutes(prose_lines(path), texts, article)]
    assert not offences, "statute text retyped in prose:\n" + "\n".join(offences)
