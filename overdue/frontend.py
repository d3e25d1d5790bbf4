"""The one adapter between the engines and every user interface.

Used by :mod:`overdue.widgets` (ipywidgets), the Voilà calculator app and the
in-browser (Pyodide) calculators. Pure Python: only the standard library and
the engines are imported, so it runs wherever the engines run.

It contains no calculation logic. It parses form strings (one string per
field, as a web form or a text widget gives them), calls the engines
(:mod:`overdue.money`, :mod:`overdue.apr`, :mod:`overdue.caps`,
:mod:`overdue.limitation`, :mod:`overdue.timeline`, :mod:`overdue.conduct`,
:mod:`overdue.planning`) and
shapes their results into tables of formatted strings, a copyable Chinese
summary and plain chart data.

* :func:`fields` describes the form of a calculator.
* :func:`compute` never raises for bad input: every :class:`InputError` (and
  every arithmetic overflow an absurd input can cause) becomes
  ``{"ok": False, "error": {...}}`` naming the form field in Chinese.

Rates are typed in percent (``0.05`` for 0.05% a day); the conversion to the
fractions the engines take is exact (``Decimal.scaleb(-2)``). Results do not
depend on the wall clock: the default as-of date of the limitation calculator
is the book's as-of date (:func:`overdue.params.as_of`).
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from decimal import Decimal

from . import caps, law, money, params, rates
from ._version import __version__
from .errors import InputError
from .parse import parse_date, parse_decimal, parse_pair

__all__ = ["CALCULATORS", "fields", "compute"]

CALCULATORS: tuple[str, ...] = ("penalty", "apr", "limitation", "conduct", "plan")

# Sanity range of any date typed into a form (not a legal figure: it only keeps
# absurd years from reaching the engines' day-by-day loops).
_FIRST_YEAR, _LAST_YEAR = 1900, 2199


# --- Forms ------------------------------------------------------------------------


# Defaults: the worked examples of the chapters (invented figures, not Fenqile's terms).
# Chapter 2 (penalty, caps, APR): contract 2024-06-15, 6,000 yuan in 12 monthly
# instalments of 536 (500 principal + 36 fee at 0.6% a month), first two paid on
# time, two partial payments, penalty 0.05% a day, computed to 2025-06-30.
_CH2_INSTALMENTS = tuple(f"{day}:536" for day in (
    "2024-07-15", "2024-08-15", "2024-09-15", "2024-10-15", "2024-11-15", "2024-12-15",
    "2025-01-15", "2025-02-15", "2025-03-15", "2025-04-15", "2025-05-15", "2025-06-15"))
_CH2_PAYMENTS = ("2024-07-15:536", "2024-08-15:536", "2024-11-20:600", "2025-03-05:1000")
# Chapter 3 (timeline, limitation): six instalments of 1,000 yuan, the first two paid,
# one partial payment after the last due date, five collection messages.
_CH3_INSTALMENTS = tuple(f"2025-0{m}-15:1000" for m in range(1, 7))
_CH3_PAYMENTS = ("2025-01-15:1000", "2025-02-14:1000", "2025-08-20:500")
_CH3_CONTACTS = ("2025-03-18", "2025-04-20", "2025-07-10", "2025-12-05", "2026-06-18")
# Chapter 6 (repayment plan): three overdue instalments of 1,000 yuan, penalty 0.05% a day,
# first planned payment 2026-12-10, monthly amounts of 300, 600 and 1,000 compared.
_CH6_INSTALMENTS = ("2026-08-10:1000", "2026-09-10:1000", "2026-10-10:1000")
_CH6_MONTHLY = ("300", "600", "1000")


def _f(name, label_zh, kind, default, help_zh, choices=None) -> dict:
    out = {"name": name, "label_zh": label_zh, "kind": kind, "default": default, "help_zh": help_zh}
    if choices is not None:
        out["choices"] = [list(c) for c in choices]
    return out


def _sample_log() -> str:
    """The synthetic sample contact log shipped in data/ (empty if not shipped)."""
    from .data import data_dir

    path = data_dir() / "sample_contact_log.csv"
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError:
        return ""


def _penalty_fields() -> list[dict]:
    grace_zh = {
        "retroactive": "宽限期内还清免收；逾期超过宽限期的，从到期日次日起算",
        "deferred": "宽限期内一律不计，宽限期届满次日起算",
    }
    return [
        _f("installments", "各期欠款（每行一期：到期日:金额，单位 元）", "lines", "\n".join(_CH2_INSTALMENTS),
           "例如 2025-01-10:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"),
        _f("payments", "还款（每行一笔：日期:金额，单位 元；没有就留空）", "lines", "\n".join(_CH2_PAYMENTS),
           "按时还款和部分还款都填，例如 2024-11-20:600；还款当天仍按还款前的余额计息。"),
        _f("rate_kind", "罚息利率的类型", "choice", "daily", "合同写的是日利率还是年利率。",
           [["daily", "日利率（%/日）"], ["annual", "年利率（%/年）"]]),
        _f("rate", "罚息利率（%）", "rate", "0.05",
           "按百分数填写：日利率万分之五填 0.05；年利率 18% 填 18。"),
        _f("basis", "年利率折算日利率时一年的天数（天，仅年利率使用）", "choice", "",
           "留作默认即按本书采用的惯例（data/parameters.yaml）。",
           [["", "本书惯例"], ["360", "360 天"], ["365", "365 天"]]),
        _f("as_of", "计算日期（含当天，YYYY-MM-DD）", "date", "2025-06-30", "罚息计算到这一天（含）为止。"),
        _f("order", "部分还款的分配顺序", "choice", "561",
           "没有另外约定时适用《民法典》第561条的顺序。",
           [[k, money.ORDER_ZH[k]] for k in money.ORDERS]),
        _f("grace_days", "宽限期（天）", "int", "0", "没有宽限期填 0。"),
        _f("grace_mode", "宽限期的计算方式", "choice", "retroactive", "只在宽限期大于 0 天时有影响。",
           [[k, grace_zh[k]] for k in money.GRACE_MODES]),
        _f("lender", "出借人类型", "choice", "consumer-finance",
           "决定适用哪一种利率上限：民间借贷的 LPR 倍数上限只适用于民间借贷。",
           [[k, caps.LENDER_ZH[k]] for k in caps.LENDERS]),
        _f("contract_date", "借款合同成立日（YYYY-MM-DD）", "date", "2024-06-15",
           "民间借贷的上限按合同成立时的一年期 LPR 计算。"),
    ]


def _apr_fields() -> list[dict]:
    return [
        _f("principal", "借款本金（元）", "amount", "6000", "分期的本金，例如 6000。"),
        _f("months", "期数（月）", "int", "12", "按月还款的期数，例如 12。"),
        _f("monthly_fee_rate", "月费率（%/月）", "rate", "0.6",
           "按百分数填写：每月按原始本金收取 0.6% 的手续费，填 0.6。"),
        _f("upfront_fee", "放款时扣除的费用（元，没有填 0）", "amount", "0",
           "从到手金额中预先扣除的费用；没有就填 0。"),
    ]


def _limitation_fields() -> list[dict]:
    return [
        _f("last_due", "最后一期到期日（YYYY-MM-DD）", "date", "2025-06-15",
           "诉讼时效自最后一期履行期限届满之日起计算；填写了下面的还款计划时以计划为准。"),
        _f("installments", "各期还款计划（可选；每行一期：到期日:金额，单位 元）", "lines",
           "\n".join(_CH3_INSTALMENTS),
           "填写后会列出完整的时间线（逾期阶段、征信、诉讼时效）。"),
        _f("contacts", "催收联系（履行请求到达您）的日期（每行一个 YYYY-MM-DD）", "lines",
           "\n".join(_CH3_CONTACTS),
           "催收要求到达您本人的日期；每一次都可能使诉讼时效中断。"),
        _f("payments", "还款（每行一笔：日期:金额，单位 元；没有就留空）", "lines", "\n".join(_CH3_PAYMENTS),
           "诉讼时效起算后的部分还款是同意履行，会使诉讼时效中断。"),
        _f("acceleration", "贷款人宣布全部提前到期的日期（可选，YYYY-MM-DD）", "date", "",
           "没有就留空。"),
        _f("as_of", "计算基准日（YYYY-MM-DD）", "date", params.as_of().isoformat(),
           "判断是否已经届满的日期；默认是本书的基准日。"),
    ]


def _conduct_fields() -> list[dict]:
    return [
        _f("csv", "联系记录（CSV 文本：上传文件或直接粘贴）", "csv", _sample_log(),
           "第一行是表头：时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要。"),
        _f("borrower_reachable_until", "您本人可以联系上的截止日期（含当天，YYYY-MM-DD，可留空）", "date",
           "2026-03-05", "用于判断联系紧急联系人或第三人是否属于“债务人失联”的例外。"),
    ]


def _plan_fields() -> list[dict]:
    from .planning import DEFAULT_MAX_MONTHS, MAX_MONTHS

    return [
        _f("installments", "逾期未还的各期欠款（每行一期：到期日:金额，单位 元）", "lines",
           "\n".join(_CH6_INSTALMENTS),
           "例如 2026-08-10:1000；金额是该期计收罚息的基数（通常为该期本金加手续费）。"),
        _f("rate", "罚息日利率（%/日）", "rate", "0.05", "按百分数填写：日利率万分之五填 0.05。"),
        _f("start", "第一笔还款日（YYYY-MM-DD）", "date", "2026-12-10",
           "以后每月同一天还款（当月没有这一天的，在当月最后一天）；不能早于最早一期的到期日。"),
        _f("monthly", "每月还款额（元；每行一个或用逗号分隔，可比较几个金额）", "lines",
           "\n".join(_CH6_MONTHLY), "例如 300、600、1000；逐月明细按第一个金额列出。"),
        _f("order", "部分还款的分配顺序", "choice", "561",
           "没有另外约定时适用《民法典》第561条的顺序（先罚息、后本金）。",
           [[k, money.ORDER_ZH[k]] for k in money.ORDERS]),
        _f("max_months", "最多计算的月数（月）", "int", str(DEFAULT_MAX_MONTHS),
           f"超过这个月数仍未还清的，列为“期限内还不清”；最多 {MAX_MONTHS} 个月。"),
    ]


_FIELDS = {
    "penalty": _penalty_fields,
    "apr": _apr_fields,
    "limitation": _limitation_fields,
    "conduct": _conduct_fields,
    "plan": _plan_fields,
}
_CACHE: dict[str, list[dict]] = {}


def _form_of(name: str) -> list[dict]:
    if name not in _FIELDS:
        raise KeyError(f"unknown calculator {name!r}; one of {', '.join(CALCULATORS)}")
    if name not in _CACHE:
        _CACHE[name] = _FIELDS[name]()
    return _CACHE[name]


def fields(name: str) -> list[dict]:
    """The form of calculator ``name``: a list of field dicts (a fresh copy).

    Each has ``name``, ``label_zh`` (with the unit), ``kind`` (``date``,
    ``amount``, ``rate``, ``int``, ``choice``, ``text``, ``lines`` or
    ``csv``), ``default`` (a string: the calculator's worked example),
    ``help_zh`` and, for ``choice``, ``choices`` (``[value, label_zh]`` pairs).
    An unknown name raises :class:`KeyError`.
    """
    return copy.deepcopy(_form_of(name))


# --- Parsing the form (names the form field; no arithmetic) -----------------------


class _Form:
    """The submitted strings of one calculator, with parsers that name the field."""

    def __init__(self, name: str, form: dict):
        self.spec = {f["name"]: f for f in _form_of(name)}
        for key in form or {}:
            if key not in self.spec:
                known = "、".join(self.spec)
                raise InputError(key, f"未知的输入项“{key}”。可用的输入项：{known}。",
                                 f"unknown field {key!r}; known: {', '.join(self.spec)}")
        self.raw = {}
        for key, spec in self.spec.items():
            value = (form or {}).get(key, spec["default"])
            self.raw[key] = "" if value is None else str(value)
        for key, spec in self.spec.items():
            if spec["kind"] == "choice":
                allowed = [c[0] for c in spec["choices"]]
                if self.raw[key].strip() not in allowed:
                    listed = "、".join(f"{v or '（空）'}（{zh}）" for v, zh in spec["choices"])
                    raise InputError(key, f"“{self.raw[key]}”不是可选的值。只能是：{listed}。",
                                     f"{self.raw[key]!r} is not a choice; allowed: {allowed}")

    def text(self, key: str) -> str:
        return self.raw[key].strip()

    def date(self, key: str, *, optional: bool = False) -> _dt.date | None:
        text = self.text(key)
        if not text:
            if optional:
                return None
            raise InputError(key, "不能为空，请填写日期（YYYY-MM-DD）。", "required (YYYY-MM-DD)")
        return _checked_date(parse_date(text, key), key, text)

    def percent(self, key: str, *, below_100: bool) -> Decimal:
        """A rate typed in percent, returned as the exact fraction."""
        text = self.text(key)
        if not text:
            raise InputError(key, "不能为空，请填写一个百分数。", "required (a percentage)")
        number = parse_decimal(text.removesuffix("%").removesuffix("％").strip(), key)
        if number < 0:
            raise InputError(key, f"不能为负数，收到的是 {number}。", f"must not be negative, got {number}")
        if below_100 and number >= 100:
            raise InputError(
                key,
                f"必须小于 100（按百分数填写），收到的是 {number}。例如万分之五填 0.05，0.6% 填 0.6。",
                f"must be below 100 (a percentage), got {number}",
            )
        return number.scaleb(-2)

    def pairs(self, key: str) -> list[tuple[_dt.date, Decimal]]:
        """``DATE:AMOUNT`` per line (a full-width colon or spaces also separate)."""
        out = []
        for number, line in self._lines(key):
            text = re.sub(r"\s*[:：]\s*|\s+", ":", line, count=1)
            try:
                day, amount = parse_pair(text, key)
                _checked_date(day, key, line)
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
            out.append((day, amount))
        return out

    def dates(self, key: str) -> list[_dt.date]:
        out = []
        for number, line in self._lines(key):
            try:
                out.append(_checked_date(parse_date(line, key), key, line))
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
        return out

    def _lines(self, key: str):
        for number, line in enumerate(self.raw[key].splitlines(), start=1):
            if line.strip():
                yield number, line.strip()


def _checked_date(day: _dt.date, key: str, text: str) -> _dt.date:
    if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
        raise InputError(
            key,
            f"日期“{text}”超出本计算器支持的范围（{_FIRST_YEAR}–{_LAST_YEAR} 年）。",
            f"date {text!r} outside {_FIRST_YEAR}-{_LAST_YEAR}",
        )
    return day


# --- Formatting (display only) ----------------------------------------------------


def _yuan(x) -> str:
    value = money.q2(x if isinstance(x, Decimal) else Decimal(x))
    return "0.00" if value == 0 else str(value)


def _pct(fraction, places: int | None = None) -> str:
    """A fraction as a percentage: exact Decimals unrounded, floats to ``places``."""
    if isinstance(fraction, float):
        return f"{fraction * 100:.{places if places is not None else 2}f}%"
    value = (Decimal(fraction) * 100).normalize()
    text = format(value, "f")
    return f"{text}%"


def _cites(ids) -> str:
    return "、".join(law.cite(p) for p in ids) if ids else ""


def _unique(items) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _table(title: str, columns: list[str], rows: list[list]) -> dict:
    return {"title": title, "columns": list(columns), "rows": [[str(c) for c in r] for r in rows]}


def _colophon(provisions) -> str:
    cited = _cites(provisions)
    applied = f"适用的条文：{cited}。" if cited else "本计算只是算术，不涉及具体法条。"
    return (f"{applied}（计算：overdue 引擎 {__version__}；LPR 表核实至 "
            f"{rates.last_confirmed().isoformat()}。）")


# --- Penalty and caps ---------------------------------------------------------------

_PENALTY_ENGINE_FIELDS = {
    "installment": "installments",
    "payment": "payments",
    "daily_rate": "rate",
    "annual_rate": "rate",
    "filing_date": "contract_date",
}


def _owed_series(result) -> dict:
    """Chart data: what is owed (due principal + payable penalty + costs) after each event.

    A running total of the engine's own ledger rows; the last point equals the
    engine's ``total_due`` (checked by the tests). Accrual is linear between two
    points, so one point per ledger row draws the curve exactly.
    """
    owed = Decimal(0)
    dates, values, markers = [], [], []

    def point(day):
        dates.append(day.isoformat())
        values.append(float(owed))

    for row in result.ledger:
        if row.kind == "accrual":
            owed += row.accrued - row.in_grace
            point(row.end)
            continue
        if dates:
            point(row.start)  # just before the event: draws the step as a vertical line
        if row.kind in ("due", "cost"):
            owed += row.base
        elif row.kind == "grace-end":
            number = row.installments[0]
            if result.state.waived[number - 1] == 0:  # held penalty became payable
                owed += row.accrued
        elif row.kind in ("payment", "credit"):
            owed -= row.payment - row.to_credit if row.kind == "payment" else row.payment
        point(row.start)
        if row.kind == "payment":
            markers.append({"date": row.start.isoformat(), "value": float(owed),
                            "label": f"还款 {_yuan(row.payment)} 元"})
    return {
        "kind": "owed",
        "title": "应还金额随时间的变化（已到期本金 + 未还罚息 + 未还费用）",
        "x_label": "日期",
        "y_label": "元",
        "series": [{"label": "应还金额", "dates": dates, "values": values}],
        "markers": markers,
        "as_of": result.as_of.isoformat(),
    }


def _penalty(form: _Form) -> dict:
    installments = form.pairs("installments")
    if not installments:
        raise InputError("installments", "至少需要一期欠款，例如 2025-01-10:1000。",
                         "at least one instalment is required")
    payments = form.pairs("payments")
    as_of = form.date("as_of")
    contract = form.date("contract_date")
    kind = form.text("rate_kind")
    rate = form.percent("rate", below_100=kind == "daily")
    if kind == "daily":
        rate_kw = {"daily_rate": rate}
    else:
        rate_kw = {"annual_rate": rate, "basis": form.text("basis") or None}
    common = dict(as_of=as_of, grace_days=form.text("grace_days") or "0",
                  grace_mode=form.text("grace_mode"), **rate_kw)
    order = form.text("order")

    try:
        result = money.compute_penalty(installments, payments, order=order, **common)
    except InputError as err:
        if err.field not in ("daily_rate", "annual_rate"):
            raise
        # The engine speaks of fractions (0.18); the form takes percent (18).
        raise InputError("rate", f"{_pct(rate)} 超出了可以计算的范围：利率不能为负数，折算的日利率必须小于 100%。"
                         "按百分数填写，例如日利率万分之五填 0.05，年利率 18% 填 18。",
                         f"rate out of range: {err.message_en}") from None
    compared = money.compare_orders(installments, payments, **common)
    out = result.to_dict()
    t = result.totals
    year = result.basis or money.default_basis(as_of)

    # --- the cap that applies, and the excess -----------------------------------
    warnings: list[str] = []
    provisions = list(out["provisions"])
    cap_rows = [["出借人类型", caps.LENDER_ZH[form.text("lender")]],
                ["借款合同成立日", contract.isoformat()]]
    cap_line = "未能确定"
    excess_text = ""
    try:
        cap = caps.cap_for(form.text("lender"), contract)
    except InputError as err:
        cap = None
        cap_rows.append(["适用的上限", "本计算器不涵盖"])
        cap_rows.append(["说明", err.message_zh])
        warnings.append("利率上限：" + err.message_zh)
    if cap is not None:
        provisions += list(cap.provisions)
        warnings += list(cap.warnings)
        # The contract rate annualised, by the caps engine (1 yuan for 1 day).
        check = caps.excess_over_cap(result.daily_rate, 1, 1, cap, basis=year)
        annualised = check["annualised_rate"]
        label = ("司法调减线（年利率）" if cap.regime == "financial-loan-judicial-line"
                 else "适用的利率上限（年利率）")
        if cap.cap_annual_rate is None:
            cap_line = "没有单一的上限数字"
            cap_rows.append([label, cap_line])
        else:
            cap_line = _pct(cap.cap_annual_rate)
            cap_rows.append([label, cap_line])
        cap_rows.append(["合同罚息利率折合年利率", f"{_pct(annualised)}（一年按 {year} 天）"])
        if cap.cap_annual_rate is not None and annualised > cap.cap_annual_rate:
            capped = money.compute_penalty(installments, payments, order=order, **dict(
                common, daily_rate=None, annual_rate=cap.cap_annual_rate, basis=year))
            ct = capped.totals
            cap_rows.append(["按上限利率计算的罚息（元）", _yuan(ct["penalty"])])
            cap_rows.append(["超出上限的罚息（元）", _yuan(t["penalty"] - ct["penalty"])])
            cap_rows.append(["按上限计算的应还总额（元）", _yuan(ct["total_due"])])
            cap_rows.append(["应还总额超出部分（元）", _yuan(t["total_due"] - ct["total_due"])])
            excess_text = (f"合同罚息利率折合年利率 {_pct(annualised)}，高于{label.split('（')[0]} {cap_line}；"
                           f"按该利率计算，罚息应为 {_yuan(ct['penalty'])} 元，"
                           f"超出部分 {_yuan(t['penalty'] - ct['penalty'])} 元。")
        elif cap.cap_annual_rate is not None:
            cap_rows.append(["超出上限的罚息（元）", "0.00（未超过）"])
            excess_text = (f"合同罚息利率折合年利率 {_pct(annualised)}，未超过"
                           f"{label.split('（')[0]} {cap_line}。")
        else:
            excess_text = f"{caps.LENDER_ZH[cap.lender]}的借款没有单一的上限数字，无法计算超出部分。"
        cap_rows.append(["依据", cap.basis])
        warnings.append("利率上限或调减线针对利息、罚息、违约金和其他费用的总和；这里只比较了罚息。"
                        "合同如果还收取利息或其他费用，应当合并计算。")
    provisions = _unique(provisions)

    totals_rows = [
        ["逾期天数（最早一期未还清的）", str(out["overdue_days"])],
        ["罚息合计（元）", _yuan(out["penalty"])],
        ["其中已还罚息（元）", _yuan(out["paid_penalty"])],
        ["未还罚息（元）", _yuan(out["unpaid_penalty"])],
        ["已还本金（元）", _yuan(out["paid_principal"])],
        ["已到期未还本金（元）", _yuan(out["outstanding_principal"])],
        ["应还总额（元）", _yuan(out["total_due"])],
    ]
    if out["pending_penalty"]:
        totals_rows.append(["宽限期内暂不计收的罚息（元）", _yuan(out["pending_penalty"])])
    if out["waived_penalty"]:
        totals_rows.append(["宽限期内还清而免收的罚息（元）", _yuan(out["waived_penalty"])])
    if out["not_yet_due_principal"]:
        totals_rows.append(["尚未到期的本金（元）", _yuan(out["not_yet_due_principal"])])
    if out["credit"]:
        totals_rows.append(["多还的款项（预付款，元）", _yuan(out["credit"])])

    per_inst = [[str(r["installment"]), r["due"], _yuan(r["amount"]), _yuan(r["penalty"]),
                 _yuan(r["paid_penalty"]), _yuan(r["unpaid_penalty"]), _yuan(r["paid_principal"]),
                 _yuan(r["outstanding_principal"])] for r in out["installments"]]
    a, b, d = compared["561"], compared["principal-first"], compared["difference"]
    cmp_rows = [[zh, _yuan(a[k]), _yuan(b[k]), _yuan(d[k])] for k, zh in (
        ("penalty", "罚息合计（元）"), ("paid_penalty", "已还罚息（元）"),
        ("paid_principal", "已还本金（元）"), ("unpaid_penalty", "未还罚息（元）"),
        ("outstanding_principal", "已到期未还本金（元）"), ("total_due", "应还总额（元）"))]
    ledger_rows = []
    for r in result.ledger:
        alloc = "；".join(f"{'' if no is None else f'第{no}期'}{money._COMPONENT_ZH[c]} {_yuan(v)}"
                         for no, c, v in r.allocation)
        ledger_rows.append([
            money._KIND_ZH[r.kind], r.start.isoformat(), r.end.isoformat(),
            str(r.days) if r.kind == "accrual" else "",
            _yuan(r.base) if r.kind in ("accrual", "due", "cost") else "",
            _yuan(r.accrued) if r.kind in ("accrual", "grace-end") else "",
            _yuan(r.payment) if r.payment else "", alloc, r.note])

    rate_zh = (f"日利率 {_pct(result.daily_rate)}" if kind == "daily"
               else f"年利率 {_pct(result.annual_rate)}（一年按 {result.basis} 天）")
    principal_total = sum((amount for _, amount in installments), Decimal(0))
    summary = (
        f"截至 {as_of.isoformat()}，{len(installments)} 期欠款（合计 {_yuan(principal_total)} 元）"
        + (f"、{len(payments)} 笔还款" if payments else "")
        + f"，最早一期未还清的已逾期 {out['overdue_days']} 天。按{rate_zh} 计算罚息，"
        f"部分还款{'按《民法典》第561条的顺序（先费用、再罚息、后本金）' if order == '561' else '按约定的先本金、再罚息、后费用的顺序'}"
        f"分配：罚息共 {_yuan(out['penalty'])} 元，其中未还 {_yuan(out['unpaid_penalty'])} 元；"
        f"应还总额 {_yuan(out['total_due'])} 元。"
        f"按第561条的顺序与按先本金的顺序相比，应还总额相差 {_yuan(d['total_due'])} 元。"
        + excess_text + _colophon(provisions)
    )
    return {
        "tables": [
            _table("计算结果", ["项目", "数值"], totals_rows),
            _table("各期明细", ["期数", "到期日", "金额（元）", "罚息（元）", "已还罚息（元）",
                            "未还罚息（元）", "已还本金（元）", "未还本金（元）"], per_inst),
            _table("两种分配顺序的比较", ["项目", "第561条顺序", "先本金", "差额（第561条 − 先本金）"],
                   cmp_rows),
            _table("利率上限", ["项目", "内容"], cap_rows),
            _table("分段明细", ["类型", "起", "止", "天数", "基数（元）", "罚息（元）", "还款（元）",
                            "分配", "说明"], ledger_rows),
            _table("计算规则", ["说明"], [[n] for n in out["notes"]]),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": _unique(warnings),
        "figure": _owed_series(result),
    }


# --- APR ----------------------------------------------------------------------------


def _apr(form: _Form) -> dict:
    from .apr import true_rate

    rate = form.percent("monthly_fee_rate", below_100=True)
    upfront = form.text("upfront_fee") or "0"
    result = true_rate(form.text("principal"), form.text("months"), monthly_fee_rate=rate,
                       upfront_fee=upfront)
    out = result.to_dict()
    rows = [
        ["每月还款（元）", _yuan(out["payment"]) if out["payment"] is not None else "各月不同，见下表"],
        ["到手金额（元）", _yuan(out["amount_received"])],
        ["手续费合计（元）", _yuan(out["total_fee"])],
        ["还款总额（元）", _yuan(out["total_paid"])],
        ["月内部收益率", _pct(result.irr_monthly, 4)],
        ["名义年化利率（12 × 月内部收益率）", _pct(result.apr_nominal, 2)],
        ["实际年化利率（按月复利）", _pct(result.apr_effective, 2)],
        ["“月费率 × 12”的简单年化", _pct(result.flat_annual_rate, 2)],
    ]
    schedule = [[str(k), _yuan(p), _yuan(f)]
                for k, (p, f) in enumerate(zip(result.payments, result.fees), start=1)]
    summary = (
        f"本金 {_yuan(result.principal)} 元分 {result.months} 期、月费率 {_pct(rate)}"
        + (f"、放款时扣除 {_yuan(result.upfront_fee)} 元" if result.upfront_fee else "")
        + "："
        + (f"每月还款 {_yuan(out['payment'])} 元，" if out["payment"] is not None else "")
        + f"手续费合计 {_yuan(out['total_fee'])} 元。按内部收益率法，月利率 {_pct(result.irr_monthly, 4)}，"
        f"名义年化利率 {_pct(result.apr_nominal, 2)}，实际年化利率（按月复利）{_pct(result.apr_effective, 2)}；"
        f"“月费率 × 12”的简单算法只有 {_pct(result.flat_annual_rate, 2)}，因为本金是逐月归还的，"
        "它低估了实际成本。利率是否合法取决于出借人类型，见罚息与利率上限计算器。"
        + _colophon(out["provisions"])
    )
    return {
        "tables": [
            _table("计算结果", ["项目", "数值"], rows),
            _table("还款计划", ["期数", "当期还款（元）", "其中手续费（元）"], schedule),
            _table("计算规则", ["说明"], [[n] for n in out["notes"]]),
        ],
        "summary": summary,
        "provisions": list(out["provisions"]),
        "warnings": [],
        "figure": None,
    }


# --- Limitation and timeline ----------------------------------------------------------

_EFFECT_ZH = {
    "restarted": "诉讼时效中断，从这一天起重新计算",
    "before_start": "诉讼时效尚未开始计算，不发生中断效果",
    "after_expiry": "发生在诉讼时效届满之后，不使时效重新计算",
}
_STRIP_ZH = {  # short labels for the dated strip
    "instalment_due": "到期",
    "payment": "还款",
    "collection_contact": "催收",
    "demand": "催收",
    "partial_payment": "还款",
    "acceleration": "提前到期",
    "overdue_start": "开始逾期",
    "credit_report_notice": "征信告知",
    "bucket": "逾期阶段",
    "overdue_cleared": "还清",
    "settled": "全部还清",
    "credit_retention_not_started": "",
    "credit_retention_end": "征信记录期满",
    "limitation_start": "时效起算",
    "limitation_end": "时效届满",
    "last_due": "最后一期到期",
}


def _event_row(day, label, basis=(), note="", projected=False) -> list[str]:
    cited = _cites(basis)
    return [day.isoformat(), label, cited or note, "是" if projected else ""]


def _limitation(form: _Form) -> dict:
    from .limitation import limitation
    from .timeline import timeline

    as_of = form.date("as_of")
    installments = form.pairs("installments")
    contacts = form.dates("contacts")
    payments = form.pairs("payments")
    accel = form.date("acceleration", optional=True)
    warnings: list[str] = []
    events: list[dict] = []  # chart data
    rows: list[list[str]] = []

    if installments:
        last_due = max(day for day, _ in installments)
        typed = form.date("last_due", optional=True)
        if typed is not None and typed != last_due:
            warnings.append(f"已按还款计划中最晚的到期日 {last_due.isoformat()} 计算，"
                            f"“最后一期到期日”一栏的 {typed.isoformat()} 没有使用。")
        evs = timeline(installments, payments, contacts, as_of=as_of, acceleration=accel)
        end_ev = next((e for e in evs if e.kind == "limitation_end"), None)
        start_ev = next((e for e in evs if e.kind == "limitation_start"), None)
        for e in evs:
            rows.append(_event_row(e.date, e.label, e.basis, e.basis_note, e.projected))
            if _STRIP_ZH.get(e.kind, e.kind):
                events.append({"date": e.date.isoformat(), "kind": e.kind,
                               "label": _STRIP_ZH.get(e.kind, e.kind), "projected": e.projected})
        if end_ev is None:
            settled = next(e for e in evs if e.kind == "settled")
            summary_rows = [["诉讼时效", f"所录入的各期欠款已于 {settled.date.isoformat()} 全部还清，"
                                     "不再计算诉讼时效"]]
            provisions: list[str] = []
            end = expired = None
            head = f"截至 {as_of.isoformat()}，所录入的各期欠款已于 {settled.date.isoformat()} 全部还清，不再计算诉讼时效。"
        else:
            data = end_ev.data
            end, expired = end_ev.date, data["expired"]
            provisions = list(end_ev.basis)
            warnings += list(end_ev.notes)
            summary_rows = [
                ["最后一期到期日", last_due.isoformat()],
                ["诉讼时效开始计算", start_ev.date.isoformat() if start_ev else ""],
                ["诉讼时效期间的最后一日", end.isoformat()],
                [f"截至 {as_of.isoformat()}", "已届满" if expired else "尚未届满"],
                ["未因休息日顺延时的最后一日", data["unadjusted_end"]],
            ]
            if data["end_if_acceleration_disregarded"]:
                summary_rows.append(["如仍按最后一期到期日起算", data["end_if_acceleration_disregarded"]])
            if data["defence_possibly_waived"]:
                summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
            head = None
    else:
        last_due = form.date("last_due")
        interruptions = [(d, "demand") for d in contacts] + [(d, "partial_payment") for d, _ in payments]
        result = limitation(last_due, interruptions, as_of=as_of, acceleration=accel)
        out = result.to_dict()
        end, expired = result.end, result.expired
        provisions = list(result.provisions)
        warnings += list(result.warnings)
        summary_rows = [
            ["最后一期到期日", last_due.isoformat()],
            ["诉讼时效期间", f"{result.period.years} 年"],
            ["诉讼时效开始计算", result.initial.first_day.isoformat()],
            ["最近一次中断", result.running_from.date.isoformat() if result.running_from else "没有"],
            ["诉讼时效期间的最后一日", out["end"]],
            [f"截至 {as_of.isoformat()}", "已届满" if expired else "尚未届满"],
            ["未因休息日顺延时的最后一日", out["unadjusted_end"]],
        ]
        if out["end_if_acceleration_disregarded"]:
            summary_rows.append(["如仍按最后一期到期日起算", out["end_if_acceleration_disregarded"]])
        if out["defence_possibly_waived"]:
            summary_rows.append(["时效届满后债务人同意履行或还款", "可能已不能再以时效届满为由抗辩"])
        items = [(last_due, 0, "last_due", "最后一期到期", ("civil-code-189",), "")]
        if accel is not None:
            items.append((accel, 1, "acceleration", "贷款人宣布全部借款提前到期", (), "用户输入"))
        items.append((result.initial.first_day, 2, "limitation_start", "诉讼时效开始计算",
                      ("civil-code-188", "civil-code-189", "civil-code-201"), ""))
        for e in result.interruptions:
            items.append((e.date, 3, e.kind, f"{e.label}：{_EFFECT_ZH[e.effect]}；此后最后一日为 "
                          f"{e.end_after.isoformat()}", e.basis, ""))
        items.append((result.end, 4, "limitation_end",
                      f"诉讼时效期间的最后一日（截至 {as_of.isoformat()} {'已届满' if expired else '尚未届满'}）",
                      result.provisions, ""))
        for day, _, kind, label, basis, note in sorted(items, key=lambda x: (x[0], x[1])):
            rows.append(_event_row(day, label, basis, note, day > as_of))
            events.append({"date": day.isoformat(), "kind": kind, "label": _STRIP_ZH.get(kind, kind),
                           "projected": day > as_of})
        head = None

    if head is None:
        status = "已经届满" if expired else "尚未届满"
        head = (f"最后一期于 {last_due.isoformat()} 到期"
                + (f"，共有 {len(contacts)} 次催收联系" if contacts else "")
                + (f"、{len(payments)} 笔还款" if payments else "")
                + f"；诉讼时效期间的最后一日是 {end.isoformat()}，截至 {as_of.isoformat()} {status}。")
    scope = ("本计算只考虑普通诉讼时效的起算、届满和中断，没有考虑中止、最长保护期限和起诉或仲裁引起的中断；"
             "催收能否认定为中断，要看贷款人能否证明履行请求到达了您。")
    summary = head + scope + _colophon(provisions)
    figure = {
        "kind": "timeline",
        "title": "时间线：事件与诉讼时效届满日",
        "events": events,
        "limitation_end": end.isoformat() if end else None,
        "as_of": as_of.isoformat(),
    }
    return {
        "tables": [
            _table("诉讼时效", ["项目", "内容"], summary_rows),
            _table("时间线", ["日期", "事件", "依据", "推算"], rows),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": _unique(warnings),
        "figure": figure,
    }


# --- Conduct ------------------------------------------------------------------------


def _conduct(form: _Form) -> dict:
    from . import conduct

    text = form.raw["csv"]
    if not text.strip():
        raise InputError("csv", "没有联系记录：请上传 CSV 文件，或把记录粘贴到这里。", "the contact log is empty")
    if "\n" not in text:
        text += "\n"  # always CSV text, never a path (read_log reads a path without a newline)
    until = form.date("borrower_reachable_until", optional=True)
    report = conduct.check(conduct.read_log(text), borrower_reachable_until=until)
    out = report.to_dict()
    findings = out["findings"]
    rows = [[f["datetime"], f["rule_zh"], "；".join(f["source"]), f["force_zh"], f["rating"], f["detail"]]
            for f in findings]
    notes = [[n["datetime"], n["rule_zh"], n["detail"]] for n in out["notes"]]
    per_day_columns = conduct.PER_DAY_COLUMNS_ZH
    per_day = [[str(d[k]) for k in per_day_columns] for d in out["per_day"]]
    channels = [[c["name"], str(c["contact"]), " ".join(str(c.get("scope", "")).split()),
                 "是" if c.get("relevant") else ""] for c in out["channels"]]
    provisions = _unique(s for f in findings for s in f["source_ids"])
    ratings = [f["rating"] for f in findings]
    counts = "，".join(f"{r} {ratings.count(r)} 项"
                      for r in (conduct.BREACH_OF_LAW, conduct.BELOW_STANDARD) if r in ratings)
    days = out["per_day"]
    period = f"{days[0]['date']} 至 {days[-1]['date']}，" if days else ""
    summary = (
        f"这份联系记录共 {out['contacts']} 次联系（{period}据本人记录）。对照本书收录的规则，"
        + (f"发现 {len(findings)} 项问题（{counts}）" if findings else "没有发现问题")
        + (f"，另有 {len(notes)} 项情况只作记录、不评级" if notes else "")
        + "。评级只说明依据的强弱，不是违法与否的结论，最终由监管部门、公安机关或法院认定。"
        + _colophon(provisions)
    )
    return {
        "tables": [
            _table("问题清单", ["时间", "问题", "依据", "效力", "评级", "说明"], rows),
            _table("只作记录、不评级的情况", ["时间", "事项", "说明"], notes),
            _table("每日次数", list(per_day_columns.values()), per_day),
            _table("事实摘要（可作为证据说明）", ["摘要"], [[line] for line in out["summary"].splitlines()]),
            _table("投诉渠道", ["渠道", "联系方式", "受理范围", "与本次问题相关"], channels),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": list(out["caveats"]),
        "figure": None,
    }


# --- Repayment plan -------------------------------------------------------------------


def _balance_series(comparison) -> dict:
    """Chart data: what is still owed over time, one line per monthly amount (the engine's points)."""
    series = []
    for monthly, points in comparison.series().items():
        series.append({"label": f"每月还 {_yuan(monthly)} 元",
                       "dates": [d.isoformat() for d, _ in points],
                       "values": [float(money.q2(b)) for _, b in points]})
    return {
        "kind": "balance",
        "title": "剩余欠款随时间的变化（每次还款处竖直下降）",
        "x_label": "日期",
        "y_label": "元",
        "series": series,
        "start": comparison.plans[0].start.isoformat(),
    }


def _plan(form: _Form) -> dict:
    from . import planning

    installments = form.pairs("installments")
    if not installments:
        raise InputError("installments", "至少需要一期逾期欠款，例如 2026-08-10:1000。",
                         "at least one instalment is required")
    amounts = [x.strip() for x in re.split(r"[\n,，、;；]", form.raw["monthly"]) if x.strip()]
    if not amounts:
        raise InputError("monthly", "至少填写一个每月还款额，例如 300。", "at least one monthly amount is required")
    rate = form.percent("rate", below_100=True)
    start = form.date("start")
    order = form.text("order")
    comparison = planning.compare_plans(installments, amounts, start=start, daily_rate=rate, order=order,
                                        max_months=form.text("max_months"))
    out = comparison.to_dict()
    plans = comparison.plans
    first = plans[0]

    rows = []
    for p in plans:
        d = p.to_dict()
        cleared = p.status == "cleared"
        rows.append([_yuan(d["monthly"]), d["status_zh"],
                     str(d["months"]) if cleared else "—",
                     d["cleared_on"] if cleared else "—",
                     _yuan(d["total_paid"]) if cleared else "—",
                     _yuan(d["penalty_during_plan"]) if cleared else "—",
                     _yuan(d["total_penalty"]) if cleared else "—"])
    schedule = [[str(r["number"]), r["date"], _yuan(r["balance_before"]), _yuan(r["accrued"]),
                 _yuan(r["payment"]), _yuan(r["to_penalty"]), _yuan(r["to_principal"]),
                 _yuan(r["balance_after"])] for r in first.to_dict(schedule=True)["schedule"]]
    provisions = list(out["provisions"])
    order_zh = ("部分还款按《民法典》第561条的顺序先抵罚息、后抵本金" if order == "561"
                else "部分还款按约定先抵本金、后抵罚息")
    summary = (
        f"{len(installments)} 期逾期欠款（合计 {_yuan(sum((a for _, a in installments), Decimal(0)))} 元），"
        f"罚息日利率 {_pct(rate)}，{order_zh}。" + comparison.opening_zh()
        + "".join(p.message() for p in plans)
        + "计算假定出借人接受每一笔还款、合同约定的利率和分配顺序不变；"
        "出借人可以拒绝部分履行，变更还款安排需要双方协商一致。"
        + _colophon(provisions)
    )
    warnings = [p.message() for p in plans if p.status != "cleared"]
    return {
        "tables": [
            _table("方案比较", ["每月还款（元）", "结果", "还清所需月数", "最后一笔还款日", "累计还款（元）",
                             "计划期间新增罚息（元）", "罚息合计（元）"], rows),
            _table(f"逐月明细（每月 {_yuan(first.monthly)} 元）",
                   ["期数", "还款日", "还款前欠款（元）", "本月新增罚息（元）", "本月还款（元）",
                    "其中抵罚息（元）", "其中抵本金（元）", "还款后欠款（元）"], schedule),
            _table("计算规则", ["说明"], [[n] for n in out["notes"]]),
        ],
        "summary": summary,
        "provisions": provisions,
        "warnings": _unique(warnings),
        "figure": _balance_series(comparison),
    }


# --- compute ------------------------------------------------------------------------

_RUN = {"penalty": _penalty, "apr": _apr, "limitation": _limitation, "conduct": _conduct, "plan": _plan}
_ENGINE_FIELDS = {
    "penalty": _PENALTY_ENGINE_FIELDS,
    "apr": {"fees": "monthly_fee_rate"},
    "limitation": {
        "installment": "installments",
        "payment": "payments",
        "partial_payment": "payments",
        "contact": "contacts",
        "demand": "contacts",
        "interruption": "contacts",
        "acknowledgment": "contacts",
        "partial_demand": "contacts",
    },
    "conduct": {"path": "csv", "header": "csv", "row": "csv"},
    "plan": {"installment": "installments", "due": "installments", "daily_rate": "rate"},
}


def _error(name: str, field: str, message_zh: str, message_en: str) -> dict:
    spec = {f["name"]: f for f in _form_of(name)}
    key = field.split(" ")[0]  # conduct's "datetime (line 5)" → "datetime"
    key = _ENGINE_FIELDS[name].get(key, key)
    if key not in spec and name == "conduct":
        key = "csv"  # every column error is an error in the log
    label = spec[key]["label_zh"] if key in spec else "输入"
    return {
        "ok": False,
        "error": {"field": key, "message_zh": f"{label}：{message_zh}", "message_en": f"{key}: {message_en}"},
        "tables": [],
        "summary": "",
        "provisions": [],
        "warnings": [],
        "figure": None,
    }


def compute(name: str, form: dict[str, str]) -> dict:
    """Run calculator ``name`` on ``form`` (field name → string; missing fields take
    their defaults). Never raises for bad input; see the module docstring.

    Returns ``{"ok", "error", "tables", "summary", "provisions", "warnings",
    "figure"}``; ``error`` is None or ``{"field", "message_zh", "message_en"}``.
    An unknown calculator name raises :class:`KeyError`.
    """
    _form_of(name)  # KeyError for an unknown calculator
    try:
        out = _RUN[name](_Form(name, form))
    except InputError as err:
        return _error(name, err.field, err.message_zh, err.message_en)
    except (ArithmeticError, ValueError, RecursionError) as err:
        # An absurd number or date (e.g. 1e999999 yuan) overflows an engine's arithmetic
        # (decimal.Overflow, OverflowError, or a NaN that the root finder refuses).
        return _error(name, "form", "输入的数额、天数或日期超出了可以计算的范围，请检查各项输入。",
                      f"input out of the computable range ({type(err).__name__})")
    return {"ok": True, "error": None, **out}
