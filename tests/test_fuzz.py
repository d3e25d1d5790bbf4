"""Property-based fuzzing of every front end's parser (issue 18): any input gives a result or a field error.

Three doors into the engines are fuzzed with hypothesis:

* the form dictionaries of every calculator, through ``overdue.present.compute``
  (what the notebook widgets, the Voilà app and the in-browser calculators call);
* the command line, ``python -m overdue <command> …``, for every sub-command
  (through ``overdue.present.cli.main``);
* contact logs (CSV text and files: encodings, byte-order marks, blank lines, odd
  separators, quotes, huge logs), through ``present.compute("conduct", …)`` and
  ``overdue.conduct.read_log``.

The property is the same everywhere: the input yields either a result, or an error
that names a field with a message in Chinese and in English. Never another exception,
and never the last-resort "out of the computable range" net of ``present.compute``
and the CLI: every field has a stated domain (``overdue.kernel``), and the readers
refuse everything outside it before an engine's arithmetic sees it.

The values are drawn near the edges of each field's domain as the form
specification states it (``min``, ``max``, ``below``, ``decimals``, ``max_lines``),
just outside them, in plausible shapes (coherent loans, payments and dates) and as
junk (any text, full-width digits, exponents, separators, huge numbers).

Budget: ``make test`` runs a small deterministic budget (``derandomize``: the same
examples every run, so CI does not flake; a few seconds a property). ``OVERDUE_FUZZ=1``
(``make fuzz``) runs a larger random one; ``OVERDUE_FUZZ_EXAMPLES=N`` sets the number
of examples. Timings are not asserted here: tools/bench_worst.py measures them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue import conduct, present
from overdue.errors import InputError
from overdue.kernel import MAX_LOG_CONTACTS, loan_dates
from overdue.present import cli

FUZZ = os.environ.get("OVERDUE_FUZZ", "") not in ("", "0")
EXAMPLES = int(os.environ.get("OVERDUE_FUZZ_EXAMPLES", "1500" if FUZZ else "40"))
BUDGET = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not FUZZ,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

NET_EN = "computable range"  # the last-resort net's English message: never expected

DATES = loan_dates()
FIRST, LAST = DATES.first, DATES.last
DAY = dt.timedelta(days=1)

# --- Values ---------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")

junk = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "abc", "一万", "明天", "NaN", "nan", "Infinity", "-inf", "sNaN", "1e3", "1E+3",
                     "1e999999", "1e-999999", "1,000", "1_000", "1 000", "٣", "１ ０", "0x10", "+-1", "--1", ".",
                     "5.", ".5", "1/2", "10元", "5%%", "0.05％", "\x00", "\u200b1", "1\u200b", "𝟏", "Ⅻ",
                     "9" * 400, "0." + "0" * 300 + "1", "-0", "+0", "00012", "1" * 30 + ".5"]),
)


def _full_width(text: str) -> str:
    return text.translate(FULL_WIDTH)


def dates_near(first: dt.date = FIRST, last: dt.date = LAST):
    """Dates inside ``first..last``, on its edges and just outside, as text (sometimes full-width)."""
    inside = st.dates(first, last)
    edges = st.sampled_from([first, last, first - DAY, last + DAY, dt.date(1900, 1, 1), dt.date(2199, 12, 31),
                             dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2020, 2, 29)])
    text = st.one_of(inside, inside, edges).map(dt.date.isoformat)
    return st.one_of(text, text, text.map(_full_width),
                     st.sampled_from(["2025-02-30", "2025-13-01", "2025/01/10", "20250110", "2025-1-5",
                                      "2025-01-10T00:00", "0000-01-01", "10000-01-01"]),
                     junk)


def amounts(max_value: Decimal = Decimal("1000000000000"), zero: bool = False):
    """Amounts in yuan: whole fen up to the ceiling, its edges, more decimals, junk."""
    cents = st.integers(0 if zero else 1, int(max_value * 100)).map(lambda c: format(Decimal(c) / 100, "f"))
    small = st.integers(0 if zero else 1, 1_000_000).map(lambda c: format(Decimal(c) / 100, "f"))
    edges = st.sampled_from([format(max_value, "f"), format(max_value + Decimal("0.01"), "f"), "0", "0.00",
                             "0.01", "-0.01", "-1", "1000.005", "0.001", "1000.000", "1e12", "999999999999.99"])
    return st.one_of(small, small, cents, edges, small.map(_full_width), junk)


def percents():
    """Rates typed in percent: below 100 with up to 10 decimals, the edges, more decimals, junk."""
    plain = st.one_of(*[st.decimals(0, Decimal("99.9999999999"), places=p, allow_nan=False, allow_infinity=False)
                        for p in (0, 2, 4, 10)]).map(lambda d: format(d, "f"))
    edges = st.sampled_from(["0", "0.05", "0.05%", "0.05％", "99.9999999999", "100", "100.0", "36499", "36500",
                             "36000", "-0.05", "0.00000000001", "0.0000000001", "1e-2", "18", "24", "36"])
    return st.one_of(plain, plain, edges, plain.map(_full_width), junk)


def fractions():
    """Rates as the engines take them (fractions), for the command line."""
    plain = st.decimals(0, 1, places=6, allow_nan=False, allow_infinity=False).map(lambda d: format(d, "f"))
    edges = st.sampled_from(["0", "0.0005", "0.18", "0.24", "0.999999999999", "1", "364.99", "365", "360",
                             "-0.0001", "0.0000000000001", "5e-4", "0.0005000"])
    return st.one_of(plain, plain, edges, junk)


def ints(minimum: int, maximum: int):
    inside = st.integers(minimum, maximum).map(str)
    edges = st.sampled_from([str(minimum), str(maximum), str(minimum - 1), str(maximum + 1), "2.5", "1.0",
                             "99999999999999", "-99999999999999", str(10 ** 400)])
    return st.one_of(inside, inside, edges, inside.map(_full_width), junk)


def separator():
    return st.sampled_from([":", ":", "：", " ", "  ", " : ", "\t", "::", ""])


@st.composite
def pair_lines(draw, max_lines: int, first: dt.date = FIRST, last: dt.date = LAST):
    """``DATE:AMOUNT`` lines (blank lines, odd separators, sometimes too many lines)."""
    n = draw(st.one_of(st.integers(0, 6), st.integers(0, 40), st.just(max_lines + 1)))
    if n > 40:  # just over the limit: identical lines are enough (refused before any parsing)
        return "\n".join(["2025-01-10:1000"] * n)
    lines = []
    for _ in range(n):
        lines.append(draw(dates_near(first, last)) + draw(separator()) + draw(amounts()))
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", " ", "\t", "\r"])))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@st.composite
def date_lines(draw, max_lines: int = 50):
    n = draw(st.integers(0, 8))
    return "\n".join(draw(dates_near()) for _ in range(n))


# --- Coherent loans (deep coverage: mostly results, not errors) -------------------------


@st.composite
def loan(draw, max_installments: int = 24):
    """A plausible loan inside the domain: instalments, payments between, an as-of date after."""
    first = draw(st.dates(FIRST, LAST - dt.timedelta(days=800)))
    n = draw(st.integers(1, max_installments))
    step = draw(st.sampled_from([1, 7, 30, 31]))
    dues = [first + dt.timedelta(days=step * k) for k in range(n)]
    amount = draw(st.integers(1, 10_000_000)).__truediv__(100)
    insts = [(d, f"{amount:.2f}") for d in dues]
    as_of = min(LAST, dues[-1] + dt.timedelta(days=draw(st.integers(0, 2000))))
    span = (as_of - first).days
    pays = [(first + dt.timedelta(days=draw(st.integers(0, span))), f"{draw(st.integers(1, 500_000)) / 100:.2f}")
            for _ in range(draw(st.integers(0, 12)))]
    return insts, sorted(pays), as_of


def _lines(items) -> str:
    return "\n".join(f"{d.isoformat()}:{a}" for d, a in items)


@st.composite
def penalty_forms(draw):
    insts, pays, as_of = draw(loan())
    form = {"installments": _lines(insts), "payments": _lines(pays), "as_of": as_of.isoformat()}
    kind = draw(st.sampled_from(["daily", "annual"]))
    form["rate_kind"] = kind
    form["rate"] = draw(st.sampled_from(["0.05", "0.1", "0", "0.033", "99.99"] if kind == "daily"
                                        else ["18", "24", "36", "1000", "36499.99"]))
    form["day_count"] = draw(st.sampled_from(["", "360", "365"]))
    form["order"] = draw(st.sampled_from(["561", "principal-first"]))
    form["grace_days"] = draw(st.sampled_from(["0", "3", "15", "365"]))
    form["grace_mode"] = draw(st.sampled_from(["retroactive", "deferred"]))
    form["lender"] = draw(st.sampled_from(["private", "bank", "consumer-finance", "small-loan"]))
    form["contract_date"] = draw(st.dates(FIRST, LAST)).isoformat()
    return form


@st.composite
def plan_forms(draw):
    insts, pays, _ = draw(loan(max_installments=36))
    start = draw(st.dates(insts[0][0], min(LAST, insts[-1][0] + dt.timedelta(days=1000))))
    monthly = draw(st.lists(st.sampled_from(["10", "60", "300", "600", "1000", "5000", "123.45", "0.01",
                                             "1000000000000"]), min_size=1, max_size=4))
    return {"installments": _lines(insts), "rate": draw(st.sampled_from(["0.05", "0.1", "0.02", "0"])),
            "start": start.isoformat(), "monthly": draw(st.sampled_from([", ", "\n", "、"])).join(monthly),
            "order": draw(st.sampled_from(["561", "principal-first"])),
            "max_months": draw(st.sampled_from(["1", "12", "120", "600"]))}


@st.composite
def limitation_forms(draw):
    insts, pays, as_of = draw(loan(max_installments=12))
    form = {"as_of": as_of.isoformat(), "contacts": "\n".join(
        draw(st.dates(insts[0][0], as_of)).isoformat() for _ in range(draw(st.integers(0, 5))))}
    if draw(st.booleans()):
        form.update(installments=_lines(insts), payments=_lines(pays), last_due="")
    else:
        form.update(installments="", payments=_lines(pays), last_due=insts[-1][0].isoformat())
    if draw(st.booleans()):
        form["acceleration"] = draw(st.dates(insts[0][0], as_of)).isoformat()
    return form


# --- Contact logs ---------------------------------------------------------------------

HEADERS = [
    "时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要",
    "datetime,channel,contacted,debt_disclosed,answered,number,stop_requested,sender,summary",
    "联系时间,联系渠道,对象,透露欠款,接通,号码或代号,要求停止,来电或发送方,内容摘要",
    "时间,渠道,联系对象,是否透露欠款",
    "渠道,时间,联系对象,是否透露欠款,是否接通",
    "时间,渠道,联系对象,是否透露欠款,是否接通,时间",
    "时间;渠道;联系对象;是否透露欠款;是否接通",
    "时间\t渠道\t联系对象\t是否透露欠款\t是否接通",
    "时间，渠道，联系对象，是否透露欠款，是否接通",
    "",
    "hello",
]
CHANNELS = ["电话", "短信", "APP推送", "即时通讯", "上门", "信函", "phone", "sms", "PHONE", "微信", ""]
CONTACTED = ["本人", "紧急联系人", "通讯录联系人", "单位/同事", "其他第三人", "self", "workplace", "邻居", ""]
YES_NO = ["是", "否", "yes", "no", "", "Y", "是的"]
WORDS = ["未接通", "再不还就爆通讯录", "你等着坐牢吧", "我们是法院的", "告诉你家人", "请按时还款",
         "含,逗号", '含"引号"', "<b>&amp;</b>", "\u200b", "x" * 300]


@st.composite
def contact_rows(draw):
    when = draw(st.one_of(
        st.datetimes(dt.datetime(FIRST.year, 1, 1), dt.datetime(LAST.year, LAST.month, LAST.day, 23, 59)).map(
            lambda t: t.strftime("%Y-%m-%d %H:%M")),
        st.sampled_from(["2026-03-02 8点", "昨天", "2026-02-30 10:00", "2026-03-02 24:00", "2012-12-31 10:00",
                         "2036-11-29 10:00", "２０２６-０３-０２ １０:００", "2026-03-02T10:00:30", "9999-12-31 23:59",
                         "0001-01-01 00:00", ""]),
    ))
    cells = [when, draw(st.sampled_from(CHANNELS)), draw(st.sampled_from(CONTACTED)), draw(st.sampled_from(YES_NO)),
             draw(st.sampled_from(YES_NO)), draw(st.sampled_from(["138****0001", "同事A", "", "010-1234"])),
             draw(st.sampled_from(YES_NO)), draw(st.sampled_from(["某催收公司", ""])), draw(st.sampled_from(WORDS))]
    cells = cells[:draw(st.integers(3, 10))]
    quoted = [f'"{c.replace(chr(34), chr(34) * 2)}"' if ("," in c or '"' in c) and draw(st.booleans()) else c
              for c in cells]
    return ",".join(quoted)


@st.composite
def contact_logs(draw):
    """CSV text: a header, rows, comments, blank lines, a BOM, Windows line ends, a NUL, a huge log."""
    header = draw(st.sampled_from(HEADERS))
    rows = draw(st.lists(contact_rows(), max_size=12))
    if draw(st.integers(0, 9)) == 0:  # more contacts than a log may hold
        rows = rows[:1] * (MAX_LOG_CONTACTS + 1) if rows else rows
    lines = [header] + rows
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# 注释", "  ", ",,,,", "\x00",
                                                                           '"未闭合的引号'])))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines) + draw(st.sampled_from(["", "\n"]))
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@st.composite
def valid_logs(draw):
    """A well-formed log (mostly reports): valid rows only, over a few days."""
    first = draw(st.dates(FIRST, LAST - dt.timedelta(days=60)))
    rows = []
    for _ in range(draw(st.integers(1, 40))):
        when = dt.datetime.combine(first + dt.timedelta(days=draw(st.integers(0, 60))),
                                   dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59))))
        channel = draw(st.sampled_from(CHANNELS[:6]))
        contacted = draw(st.sampled_from(CONTACTED[:5]))
        rows.append(",".join([when.strftime("%Y-%m-%d %H:%M"), channel, contacted,
                              draw(st.sampled_from(["是", "否"])), draw(st.sampled_from(["是", "否"])),
                              draw(st.sampled_from(["138****0001", "同事A", ""])), draw(st.sampled_from(["是", "否", ""])),
                              "某催收公司", draw(st.sampled_from(WORDS[:6]))]))
    return {"csv": HEADERS[0] + "\n" + "\n".join(rows) + "\n",
            "borrower_reachable_until": draw(st.one_of(st.just(""), st.dates(first, LAST).map(dt.date.isoformat)))}


# --- The property -----------------------------------------------------------------------


def _assert_result_or_field_error(name: str, form: dict, result: dict) -> None:
    assert set(result) >= {"ok", "error", "tables", "summary", "provisions", "warnings", "figure"}
    if result["ok"]:
        assert result["error"] is None and result["summary"]
        return
    err = result["error"]
    names = {f["name"] for f in present.fields(name)}
    assert err["field"] in names or err["field"] in form, err
    assert err["message_zh"] and err["message_en"], err
    assert NET_EN not in err["message_en"], f"the last-resort net was reached for {form!r}: {err}"


def _generic_form(draw, name: str) -> dict:
    """Any subset of the calculator's fields, each drawn from its kind and stated domain."""
    form = {}
    for f in present.fields(name):
        if not draw(st.booleans()):
            continue
        kind = f["kind"]
        if kind == "date":
            value = draw(dates_near())
        elif kind == "amount":
            value = draw(amounts(zero=f.get("min") == "0"))
        elif kind == "rate":
            value = draw(percents())
        elif kind == "int":
            value = draw(ints(int(f.get("min", 0)), int(f.get("max", 1000))))
        elif kind == "choice":
            value = draw(st.one_of(st.sampled_from([c[0] for c in f["choices"]]), junk))
        elif kind == "csv":
            value = draw(contact_logs())
        elif kind == "lines" and "amount" not in f.get("item", {"amount": 1}):
            value = draw(date_lines())
        elif kind == "lines" and "date" not in f.get("item", {"date": 1}):
            value = draw(st.lists(amounts(), max_size=int(f.get("max_lines", 10)) + 1).map(", ".join))
        else:
            value = draw(pair_lines(int(f.get("max_lines", 50))))
        form[f["name"]] = value
    return form


COHERENT = {"penalty": penalty_forms(), "plan": plan_forms(), "limitation": limitation_forms(),
            "conduct": valid_logs()}


@pytest.mark.parametrize("name", present.CALCULATORS)
@BUDGET
@given(data=st.data())
def test_every_form_gives_a_result_or_a_field_error(name, data):
    if name in COHERENT and data.draw(st.booleans()):
        form = data.draw(COHERENT[name])
        if data.draw(st.booleans()):  # one field replaced by anything its kind allows
            form.update(_generic_form(data.draw, name))
    else:
        form = _generic_form(data.draw, name)
    result = present.compute(name, form)
    _assert_result_or_field_error(name, form, result)


# --- The command line ---------------------------------------------------------------------


def _options(draw, spec: list[tuple[str, object]]) -> list[str]:
    argv = []
    for option, values in spec:
        for _ in range(draw(st.integers(0, 2)) if option.startswith("*") else int(draw(st.booleans()))):
            argv += [option.lstrip("*"), draw(values)]
    return argv


def _pair():
    return st.tuples(dates_near(), separator(), amounts()).map("".join)


CHOICES = {
    "order": st.sampled_from(["561", "principal-first", "lifo"]),
    "across": st.sampled_from(["oldest-first", "by-kind", "newest"]),
    "grace": st.sampled_from(["retroactive", "deferred", "never"]),
    "day_count": st.sampled_from(["360", "365", "366", "0", "abc"]),
    "tenor": st.sampled_from(["1y", "5y", "10y"]),
    "count": st.sampled_from(["no-tail", "both", "neither"]),
    "lender": st.sampled_from(["private", "bank", "consumer-finance", "small-loan", "pawnshop"]),
}

# The schedule builder's options (issue 22): an alternative to repeated --installment/--payment.
SCHEDULE_PAYMENT_OPTIONS = [("--monthly-payment", amounts()), ("--payments-from", dates_near()),
                            ("--payment-count", ints(1, 1000))]
SCHEDULE_DATE_OPTIONS = [("--first-due", dates_near()), ("--installment-count", ints(1, 360))] + SCHEDULE_PAYMENT_OPTIONS
SCHEDULE_OPTIONS = SCHEDULE_DATE_OPTIONS + [("--per-installment", amounts()), ("--principal", amounts())]

COMMANDS = {
    "penalty": [("*--installment", _pair()), ("*--payment", _pair()), ("*--cost", _pair()),
                ("--daily-rate", fractions()), ("--annual-rate", fractions()), ("--day-count", CHOICES["day_count"]),
                ("--as-of", dates_near()), ("--order", CHOICES["order"]), ("--across", CHOICES["across"]),
                ("--grace-days", ints(0, 365)), ("--grace-mode", CHOICES["grace"])] + SCHEDULE_OPTIONS,
    "apr": [("--principal", amounts()), ("--months", ints(1, 600)), ("--monthly-fee-rate", fractions()),
            ("*--fee", amounts(zero=True)), ("--upfront-fee", amounts(zero=True))],
    "cap": [("--lender", CHOICES["lender"]), ("--contract-date", dates_near()), ("--filing-date", dates_near()),
            ("--charge", amounts(zero=True)), ("--principal", amounts()), ("--days", ints(1, 10_000)),
            ("--day-count", CHOICES["day_count"]), ("--damages", amounts()), ("--loss", amounts())],
    "lpr-interest": [("--principal", amounts()), ("--start", dates_near()), ("--end", dates_near()),
                     ("--multiple", st.one_of(st.sampled_from(["1", "1.5", "4", "10", "10.01", "0", "-1"]), junk)),
                     ("--tenor", CHOICES["tenor"]), ("--day-count", CHOICES["day_count"]),
                     ("--count", CHOICES["count"]), ("--fixed-at", dates_near()), ("*--payment", _pair())],
    "limitation": [("--last-due", dates_near()), ("*--interruption", dates_near()), ("*--demand", dates_near()),
                   ("*--acknowledgment", dates_near()), ("*--partial-payment", dates_near()),
                   ("--acceleration", dates_near()), ("--as-of", dates_near())] + SCHEDULE_DATE_OPTIONS,
    "timeline": [("*--installment", _pair()), ("*--payment", _pair()), ("*--contact", dates_near()),
                 ("--acceleration", dates_near()), ("--as-of", dates_near())] + SCHEDULE_OPTIONS,
    "plan": [("*--installment", _pair()), ("*--monthly", amounts()), ("--start", dates_near()),
             ("--daily-rate", fractions()), ("--annual-rate", fractions()), ("--day-count", CHOICES["day_count"]),
             ("*--payment", _pair()), ("--order", CHOICES["order"]), ("--across", CHOICES["across"]),
             ("--max-months", ints(1, 600))] + SCHEDULE_OPTIONS,
}
FLAGS = {"penalty": ["--ledger", "--compare"], "plan": ["--schedule"]}


@st.composite
def coherent_argv(draw, command: str) -> list[str]:
    """A plausible command line (mostly results), for the money commands."""
    insts, pays, as_of = draw(loan(max_installments=12))
    inst = [x for d, a in insts for x in ("--installment", f"{d}:{a}")]
    if command == "penalty":
        pay = [x for d, a in pays for x in ("--payment", f"{d}:{a}")]
        return ["penalty", *inst, *pay, "--daily-rate", draw(st.sampled_from(["0.0005", "0.001", "0"])),
                "--as-of", as_of.isoformat(), "--across", draw(CHOICES["across"]), "--ledger", "--compare"]
    start = draw(st.dates(insts[0][0], min(LAST, insts[-1][0] + dt.timedelta(days=400))))
    return ["plan", *inst, "--monthly", draw(st.sampled_from(["50", "300", "1000"])), "--start", start.isoformat(),
            "--daily-rate", "0.0005", "--across", draw(CHOICES["across"]),
            "--max-months", draw(st.sampled_from(["12", "600"])), "--schedule"]


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:  # argparse's own usage errors
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _assert_cli(argv, code, out, err) -> None:
    assert code in (0, 2), (argv, code, err)
    if code == 2:
        assert "错误" in err and "error" in err, (argv, err)
        assert NET_EN not in err, f"the last-resort net was reached for {argv!r}: {err}"
    else:
        assert out.strip(), argv


@pytest.mark.parametrize("command", sorted(COMMANDS) + ["conduct"])
@BUDGET
@given(data=st.data())
def test_every_command_line_exits_0_or_2_with_a_field_error(command, data):
    if command == "conduct":
        text = data.draw(contact_logs())
        encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "log.csv"
            path.write_bytes(text.encode(encoding, "replace"))
            target = data.draw(st.sampled_from([str(path), str(path), tmp, str(Path(tmp) / "missing.csv")]))
            argv = ["conduct", target] + _options(data.draw, [("--borrower-reachable-until", dates_near())])
            code, out, err = _run_cli(argv)
    else:
        if command in ("penalty", "plan") and data.draw(st.booleans()):
            argv = data.draw(coherent_argv(command))
        else:
            argv = [command] + _options(data.draw, COMMANDS[command])
            argv += [f for f in FLAGS.get(command, []) if data.draw(st.booleans())]
        code, out, err = _run_cli(argv)
    _assert_cli(argv, code, out, err)


# --- Contact logs, directly -------------------------------------------------------------------


@BUDGET
@given(contact_logs(), st.one_of(st.just(""), dates_near()))
def test_every_contact_log_gives_a_report_or_a_field_error(text, until):
    form = {"csv": text, "borrower_reachable_until": until}
    _assert_result_or_field_error("conduct", form, present.compute("conduct", form))
    try:
        contacts = conduct.read_log(text if "\n" in text else text + "\n")
    except InputError as err:
        assert err.field and err.message_zh and err.message_en
    else:
        assert len(contacts) <= MAX_LOG_CONTACTS


@BUDGET
@given(contact_logs(), st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16", "latin-1"]))
def test_every_contact_log_file_is_read_or_refused_with_a_field_error(text, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_bytes(text.encode(encoding, "replace"))
        try:
            conduct.read_log(path)
        except InputError as err:
            assert err.field and err.message_zh and err.message_en


# --- The schedule builder (issue 22) ---------------------------------------------------------


@st.composite
def builder_forms(draw, name: str):
    """A form that asks to build: the builder fields near their domains' edges, sometimes blank."""
    maybe = lambda values: st.one_of(st.just(""), values)  # noqa: E731
    form = {"schedule_mode": "builder",
            "count": draw(maybe(st.one_of(ints(1, 360), st.integers(1, 24).map(str)))),
            "first_due": draw(maybe(dates_near())),
            "principal": draw(maybe(amounts())),
            "per_installment": draw(maybe(amounts()))}
    if name != "plan":
        form |= {"paid_monthly": draw(maybe(amounts())), "paid_from": draw(maybe(dates_near())),
                 "paid_count": draw(maybe(st.one_of(ints(1, 1000), st.integers(1, 12).map(str))))}
    return form


@pytest.mark.parametrize("name", ["penalty", "plan", "limitation"])
@BUDGET
@given(data=st.data())
def test_every_builder_form_gives_a_result_or_a_field_error_and_its_lines_give_the_same_result(name, data):
    form = data.draw(builder_forms(name))
    result = present.compute(name, form)
    _assert_result_or_field_error(name, form, result)
    if result["ok"]:
        updates = result["form_updates"]
        assert updates["schedule_mode"] == "lines"
        again = present.compute(name, {**form, **updates})  # what a front end sends next
        assert again["ok"] and again["summary"] == result["summary"] and again["tables"] == result["tables"]


@BUDGET
@given(st.dates(FIRST, LAST), st.integers(1, 360),
       st.one_of(st.none(), st.integers(1, 10 ** 9).map(lambda c: Decimal(c) / 100)),
       st.one_of(st.none(), st.integers(1, 10 ** 7).map(lambda c: Decimal(c) / 100)))
def test_the_builder_gives_monthly_dates_and_amounts_that_add_up_or_a_field_error(first, count, principal, per):
    from overdue.present.forms import instalment_schedule

    try:
        built = instalment_schedule(first, count, principal, per)
    except InputError as err:
        assert err.field in ("principal", "count", "per_installment") and err.message_zh and err.message_en
        return
    days = [d for d, _ in built]
    assert len(built) == count and days[0] == first and days == sorted(set(days))
    # The same day of the month, or, in a shorter month, its last day.
    assert all(d.day == first.day or (d.day < first.day and (d + DAY).day == 1) for d in days)
    assert all(a > 0 and a == a.quantize(Decimal("0.01")) for _, a in built)
    if principal is not None:
        assert sum(a for _, a in built) == principal  # the last carries the remainder
    if per is not None:
        assert all(a == per for _, a in built[:-1])


# --- The letter command -----------------------------------------------------------------------


def _letter_value(draw, field_name: str, how: str):
    """A value for one option of ``letter``: what its form field's kind allows, or anything."""
    from overdue import present as _present

    kinds = {f["name"]: f for n in _present.CALCULATORS if n.startswith("letter_") for f in _present.fields(n)}
    spec = kinds.get(field_name, {"kind": "text"})
    if draw(st.integers(0, 4)) == 0:  # anything at all
        return draw(st.text(max_size=30))
    if spec["kind"] == "date":
        return draw(dates_near())
    if spec["kind"] in ("amount", "rate"):
        return draw(st.one_of(amounts(), fractions()))
    if spec["kind"] == "choice":
        return draw(st.sampled_from([c[0] for c in spec["choices"]] + ["x"]))
    if spec["kind"] == "lines":
        return draw(st.one_of(_pair(), dates_near()))
    return draw(st.text(alphabet="张三李四【】0123456789-:：, \n", max_size=20))


@pytest.mark.parametrize("kind", sorted(__import__("overdue.letters", fromlist=["KINDS"]).KINDS))
@BUDGET
@given(data=st.data())
def test_every_letter_command_line_exits_0_or_2_with_a_field_error(kind, data):
    from overdue.present.letters import CLI_OPTIONS

    argv = ["letter", kind]
    options = sorted(o for o, (_, how, _h) in CLI_OPTIONS.items() if how != "path")
    for option in data.draw(st.lists(st.sampled_from(options), max_size=6, unique=True)):
        field_name, how, _ = CLI_OPTIONS[option]
        if how == "flag":
            argv.append(option)
            continue
        for _ in range(data.draw(st.integers(1, 2)) if how == "append" else 1):
            argv += [option, _letter_value(data.draw, field_name, how)]
    if data.draw(st.booleans()):
        argv += ["--format", "text"]
    code, out, err = _run_cli(argv)
    _assert_cli(argv, code, out, err)
