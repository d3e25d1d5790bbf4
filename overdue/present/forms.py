"""The calculators' forms: one specification of each field, and one parser.

A form is a list of field dicts (``name``, ``label_zh`` with the unit, ``kind``,
``default``, ``help_zh`` and, for a choice, ``choices``). Every front end builds
its inputs from it, so the notebook widgets, the Voilà app and the in-browser
calculators show the same fields, defaults and help, and an error names the same
field everywhere. Defaults are the chapters' worked examples
(``data/worked_examples.yaml``).

The input domain (issue 18) is part of the specification: a field dict also
carries the bounds its reader enforces, from :mod:`overdue.kernel` (the one place
they are defined), and its ``help_zh`` ends with them in words:

* ``date``: ``min``, ``max`` (ISO dates, inclusive);
* ``amount``: ``min``, ``max`` (yuan, inclusive) and ``decimals`` (2);
* ``rate`` (typed in percent): ``min``, ``below`` (exclusive) and ``decimals``;
* ``int``: ``min``, ``max``;
* ``lines`` and ``csv``: ``max_lines`` and ``item``, the domain of one line
  (``{"date": {...}, "amount": {...}}``); ``csv`` also ``max_bytes``.

:class:`Form` reads the submitted strings (one per field, as a web form or a
text widget gives them). Each reader names its field, so that an
:class:`~overdue.errors.InputError` is shown next to the right input. A field
without bounds (the limitation calculator's, for now) is read in the kernel's
calendar range.

Numbers are plain decimals: full-width digits (１０００) are read as ASCII, and
exponent notation (1e3), thousands separators and units are refused with a
message that says what to type (:func:`overdue.kernel.parse_decimal`).

Forms a borrower can fill (issue 22), defined here once for every front end:

* the schedule builder (:func:`schedule_fields`, :func:`apply_builder`,
  :func:`instalment_schedule`, :func:`monthly_payments`): the instalment lines from
  借款本金 / 分期期数 / 首期到期日 / 每期应还, and the repayment lines from "每月还 X 元，
  从某日起", returned to the front ends as ``form_updates`` (the rules and the
  protocol: the comment above :data:`SCHEDULE_MODE_ZH`); the command line's options
  for the same builder (:func:`add_schedule_options`, :func:`cli_installments`,
  :func:`cli_payments`);
* the contact log's columns (:func:`log_columns`, in the ``csv`` field dict as
  ``columns``) and the split/join of its CSV for the row editors
  (:func:`log_rows`, :func:`log_text`), which leave every judgement of a cell to
  :func:`overdue.conduct.log.read_log`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import ROUND_DOWN, Decimal

from ..data import data_dir, load_yaml
from ..errors import InputError
from ..kernel import (CALENDAR, CENT, MAX_INSTALLMENTS, MAX_LOG_BYTES, MAX_LOG_CONTACTS, MAX_PAYMENTS,
                      RATE_DECIMALS, DateRange, amount_domain, loan_dates, parse_amount, parse_date,
                      parse_decimal, parse_int, parse_pair, places)

KINDS = ("date", "amount", "rate", "int", "choice", "text", "lines", "csv")


# --- The domain of a field (bounds from overdue.kernel), and its words ----------------


def date_domain() -> dict:
    """A loan's date (:func:`overdue.kernel.loan_dates`)."""
    return loan_dates().to_dict()


def rate_domain() -> dict:
    """A rate typed in percent: 0 ≤ rate < 100, at most RATE_DECIMALS − 2 decimal places."""
    return {"min": "0", "below": "100", "decimals": RATE_DECIMALS - 2}


def int_domain(minimum: int, maximum: int) -> dict:
    return {"min": minimum, "max": maximum}


def lines_domain(max_lines: int, *, date: bool = True, amount: bool = True) -> dict:
    """One item a line, at most ``max_lines``: each a date, an amount, or ``DATE:AMOUNT``."""
    item = {}
    if date:
        item["date"] = date_domain()
    if amount:
        item["amount"] = amount_domain()
    return {"max_lines": max_lines, "item": item}


def csv_domain() -> dict:
    """A contact log (:mod:`overdue.conduct.log`): contacts, bytes, the days of its times,
    and its ``columns`` (:func:`log_columns`), from which the row editors are built."""
    return {"max_lines": MAX_LOG_CONTACTS, "max_bytes": MAX_LOG_BYTES, "item": {"date": date_domain()},
            "columns": log_columns()}


def _yuan_bound(text: str) -> str:
    return f"{Decimal(text):,f}"


def domain_zh(kind: str, domain: dict) -> str:
    """The sentence that ends a field's help: its domain in words."""
    parts = []
    if "max_lines" in domain:
        parts.append(f"最多 {domain['max_lines']} {'条' if kind == 'csv' else '行'}")
    item = domain.get("item", domain if kind in ("date", "amount") else {})
    dates = item.get("date") if "item" in domain else (domain if kind == "date" else None)
    money = item.get("amount") if "item" in domain else (domain if kind == "amount" else None)
    if dates:
        parts.append(f"日期在 {dates['min']} 至 {dates['max']} 之间")
    if money:
        low = "不小于 0" if money["min"] == "0" else "大于 0"
        parts.append(f"金额{low}、不超过 {_yuan_bound(money['max'])} 元，最多 {money['decimals']} 位小数")
    if kind == "rate":
        below = f"、小于 {domain['below']}" if "below" in domain else ""
        parts.append(f"不小于 {domain['min']}{below}，最多 {domain['decimals']} 位小数")
    if kind == "int":
        parts.append(f"填 {domain['min']} 至 {domain['max']} 的整数")
    if "max_bytes" in domain:
        parts.append(f"文件不超过 {domain['max_bytes'] // 1000} KB")
    return ("可填范围：" + "；".join(parts) + "。") if parts else ""


@functools.lru_cache(maxsize=None)
def _examples() -> dict:
    return load_yaml("worked_examples.yaml")


def example(name: str) -> dict:
    """One worked example of ``data/worked_examples.yaml`` (a fresh copy)."""
    return dict(_examples()[name])


def as_text(value) -> str:
    """A worked-example value as a form string: a list becomes one item a line."""
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def percent_text(fraction) -> str:
    """A rate fraction of the examples (``"0.0005"``) as the percent a form takes (``"0.05"``)."""
    return format(Decimal(str(fraction)).scaleb(2).normalize(), "f")


def field(name, label_zh, kind, default, help_zh, choices=None, domain: dict | None = None) -> dict:
    """One field of a form; ``domain`` (see the module docstring) is merged into the
    dict and worded at the end of ``help_zh``."""
    assert kind in KINDS, kind
    out = {"name": name, "label_zh": label_zh, "kind": kind, "default": as_text(default),
           "help_zh": help_zh}
    if choices is not None:
        out["choices"] = [list(c) for c in choices]
    if domain:
        out.update(domain)
        words = domain_zh(kind, domain)
        if words:
            out["help_zh"] = f"{help_zh}{words}"
    return out


def sample_log() -> str:
    """The synthetic sample contact log shipped in data/ (empty if not shipped)."""
    path = data_dir() / "sample_contact_log.csv"
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError:
        return ""


def checked_date(day: _dt.date, key: str, text: str, within: DateRange = CALENDAR) -> _dt.date:
    """``day`` (read from ``text``) if it lies in ``within`` (default: the kernel's calendar
    sanity range, 1900–2199), else the kernel's per-field error."""
    parse_date(day, key, within)
    return day


class Form:
    """The submitted strings of one calculator, with readers that name the field.

    Unknown field names and values outside a choice are errors; a missing
    field takes its default.
    """

    def __init__(self, spec: list[dict], form: dict | None):
        self.spec = {f["name"]: f for f in spec}
        for key in form or {}:
            if key not in self.spec:
                known = "、".join(self.spec)
                raise InputError(key, f"未知的输入项“{key}”。可用的输入项：{known}。",
                                 f"unknown field {key!r}; known: {', '.join(self.spec)}")
        self.raw = {}
        for key, f in self.spec.items():
            value = (form or {}).get(key, f["default"])
            self.raw[key] = "" if value is None else str(value)
        for key, f in self.spec.items():
            if f["kind"] == "choice":
                allowed = [c[0] for c in f["choices"]]
                if self.raw[key].strip() not in allowed:
                    listed = "、".join(f"{v or '（空）'}（{zh}）" for v, zh in f["choices"])
                    raise InputError(key, f"“{self.raw[key]}”不是可选的值。只能是：{listed}。",
                                     f"{self.raw[key]!r} is not a choice; allowed: {allowed}")

    def text(self, key: str) -> str:
        return self.raw[key].strip()

    def _dates(self, key: str) -> DateRange:
        """The date range of field ``key`` (of its lines' dates), from the specification."""
        spec = self.spec[key]
        bounds = spec.get("item", {}).get("date") if "item" in spec else spec
        if bounds and "min" in bounds and "max" in bounds:
            full = loan_dates()
            if (bounds["min"], bounds["max"]) == (full.first.isoformat(), full.last.isoformat()):
                return full  # the loan domain, with its reason
            return DateRange(_dt.date.fromisoformat(bounds["min"]), _dt.date.fromisoformat(bounds["max"]))
        return CALENDAR

    def date(self, key: str, *, optional: bool = False) -> _dt.date | None:
        text = self.text(key)
        if not text:
            if optional:
                return None
            raise InputError(key, "不能为空，请填写日期（YYYY-MM-DD）。", "required (YYYY-MM-DD)")
        return parse_date(text, key, self._dates(key))

    def percent(self, key: str, *, below_100: bool) -> Decimal:
        """A rate typed in percent, returned as the exact fraction (``Decimal.scaleb(-2)``).

        At least 0, below 100 when ``below_100``, with at most the specification's
        ``decimals`` decimal places (so that the fraction has at most RATE_DECIMALS).
        """
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
        decimals = self.spec[key].get("decimals", RATE_DECIMALS - 2)
        if not places(number, decimals):
            raise InputError(
                key,
                f"按百分数填写时最多 {decimals} 位小数，收到的是 {number}。例如万分之五填 0.05。",
                f"at most {decimals} decimal places in percent, got {number}",
            )
        return number.scaleb(-2)

    def pairs(self, key: str) -> list[tuple[_dt.date, Decimal]]:
        """``DATE:AMOUNT`` per line (a full-width colon or blanks also separate)."""
        out = []
        dates = self._dates(key)
        for number, line in self._lines(key):
            try:
                day, amount = parse_pair(line, key, dates)
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
            out.append((day, amount))
        return out

    def dates(self, key: str) -> list[_dt.date]:
        out = []
        dates = self._dates(key)
        for number, line in self._lines(key):
            try:
                out.append(parse_date(line, key, dates))
            except InputError as err:
                raise InputError(key, f"第 {number} 行：{err.message_zh}",
                                 f"line {number}: {err.message_en}") from None
        return out

    def items(self, key: str, separators: str = r"[\n,，、;；]") -> list[str]:
        """The non-blank items of field ``key`` split at ``separators`` (one value each)."""
        found = [x.strip() for x in re.split(separators, self.raw[key]) if x.strip()]
        return self._counted(key, found)

    def amount(self, key: str, *, optional: bool = False) -> Decimal | None:
        """An amount in yuan (:func:`overdue.kernel.parse_amount`: greater than 0, whole fen)."""
        text = self.text(key)
        if not text:
            if optional:
                return None
            raise InputError(key, "不能为空，请填写金额（元）。", "required (an amount in yuan)")
        return parse_amount(text, key)

    def integer(self, key: str, *, optional: bool = False) -> int | None:
        """A whole number in the specification's ``min``..``max`` (:func:`overdue.kernel.parse_int`)."""
        text = self.text(key)
        if not text:
            if optional:
                return None
            raise InputError(key, "不能为空，请填写一个整数。", "required (a whole number)")
        spec = self.spec[key]
        return parse_int(text, key, minimum=int(spec.get("min", 0)), maximum=spec.get("max"))

    def _counted(self, key: str, items: list) -> list:
        limit = self.spec[key].get("max_lines")
        if limit is not None and len(items) > limit:
            raise InputError(key, f"最多 {limit} 项，收到的是 {len(items)} 项。",
                             f"at most {limit} entries, got {len(items)}")
        return items

    def _lines(self, key: str):
        lines = [(number, line.strip()) for number, line in enumerate(self.raw[key].splitlines(), start=1)
                 if line.strip()]
        limit = self.spec[key].get("max_lines")
        if limit is not None and len(lines) > limit:
            raise InputError(key, f"最多 {limit} 行，收到的是 {len(lines)} 行。",
                             f"at most {limit} lines, got {len(lines)}")
        return lines


def decode_upload(data: bytes, filename: str = "") -> str:
    """An uploaded contact log as text: UTF-8 (with or without a BOM), lines ending in \\n."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("csv", f"上传的文件“{filename}”不是 UTF-8 编码。请在表格软件中另存为“CSV UTF-8”后再上传。",
                         f"the uploaded file {filename!r} is not UTF-8") from None
    return text.replace("\r\n", "\n")


# --- Schedules from what a borrower knows (issue 22) ------------------------------------
#
# A borrower knows the amount borrowed, the number of instalments, the first due date and
# the amount on the bill, not one "到期日:金额" line per instalment. The builder fields below
# make the lines from those; the calculators then read the lines as before (the line form
# stays for exact cases). The protocol, for every front end:
#
# * the reader fills the builder fields and sets ``schedule_mode`` to ``builder``;
# * ``compute`` builds the lines (:func:`apply_builder`), computes on them and returns,
#   with the result, ``form_updates``: the generated text of the line fields and
#   ``schedule_mode`` back at ``lines``;
# * the front end writes ``form_updates`` into its inputs, so that the reader sees the
#   lines and can edit them (one instalment paid early, say); the next computation reads
#   the edited lines. The result of the building run equals that of the lines it wrote.
#
# The rules, stated in the fields' help:
#
# * due dates: instalment k (k = 0, 1, …) falls k months after the first due date, on the
#   same day of the month, or on the month's last day when the month is shorter
#   (2025-01-31 → 2025-02-28 → 2025-03-31: counted from the first date, never from the
#   clamped one), by :func:`overdue.planning.payment_dates` (dateutil's relativedelta), the
#   same monthly dates as the repayment plans. No shift for holidays.
# * amounts: only 每期应还 → every instalment that amount; only 借款本金 → the principal split
#   into equal shares cut down to the fen, the last instalment carrying what is left (1,000
#   in 3 → 333.33, 333.33, 333.34); both → the earlier instalments the amount per
#   instalment and the last the remainder, accepted only when the amount per instalment is
#   the principal divided by the number, rounded to the fen in some direction
#   (|principal − n × amount| < n × 0.01 yuan). Any other pair is refused, not adjusted: an
#   amount that includes a fee (500 principal + 36 fee = 536) does not add up to the
#   principal, and the reader is told to leave 借款本金 blank.

SCHEDULE_MODE_ZH = {
    "lines": "按下面逐行填写的各期计算",
    "builder": "按上面的期数、首期到期日和金额生成各期（生成后可逐行修改）",
}
INSTALMENT_BUILDER = ("principal", "count", "first_due", "per_installment")
PAYMENT_BUILDER = ("paid_monthly", "paid_from", "paid_count")
DUE_DATES_ZH = ("第二期起每月与首期同一天到期；当月没有这一天的（例如 31 日），在当月最后一天到期，"
                "以后各期仍按首期的日子（2025-01-31、2025-02-28、2025-03-31）；不因节假日顺延。")


def schedule_fields(*, payments: bool, what_zh: str = "各期欠款") -> list[dict]:
    """The builder fields of a calculator: the instalments (and, with ``payments``, the
    monthly repayments), then ``schedule_mode``. Defaults are blank: the worked example
    stays in the line fields."""
    out = [
        field("principal", "借款本金（元，可留空）", "amount", "",
              "只填借款本金时，按期数均分：前面各期舍去到分，最后一期是余下的金额（例如 1,000 元分 3 期："
              "333.33、333.33、333.34）。同时填每期应还时，最后一期是借款本金减去前面各期之和；每期应还"
              "含手续费（与本金之和对不上）时，请把本栏留空。", domain=amount_domain()),
        field("count", "分期期数（期）", "int", "", "账单上的总期数。",
              domain=int_domain(1, MAX_INSTALLMENTS)),
        field("first_due", "首期到期日（YYYY-MM-DD）", "date", "", DUE_DATES_ZH, domain=date_domain()),
        field("per_installment", "每期应还（元，可留空）", "amount", "",
              "账单上每期应还的金额（通常为本金加手续费），是该期计收罚息的基数。",
              domain=amount_domain()),
    ]
    if payments:
        out += [
            field("paid_monthly", "已按月还款：每月还款额（元，可留空）", "amount", "",
                  "每月还 X 元、从某日起还了几个月的，填这三栏，生成下面的还款；没有就留空。",
                  domain=amount_domain()),
            field("paid_from", "已按月还款：第一笔还款日（YYYY-MM-DD）", "date", "",
                  "以后每月同一天还款，当月没有这一天的，在当月最后一天。", domain=date_domain()),
            field("paid_count", "已按月还款：还了几个月（笔）", "int", "", "按月还款的笔数。",
                  domain=int_domain(1, MAX_PAYMENTS)),
        ]
    made = "下面的各期欠款和还款" if payments else f"下面的{what_zh}"
    out.append(field("schedule_mode", "各期的填法", "choice", "lines",
                     f"选“生成”后，按上面几栏写出{made}，本栏随即回到“逐行填写”，您可以逐行修改"
                     "（例如某一期已提前还清）。",
                     [[k, v] for k, v in SCHEDULE_MODE_ZH.items()]))
    return out


def amount_text(amount: Decimal) -> str:
    """An amount as a line of a form takes it: ``1000``, ``333.34``."""
    whole = amount.to_integral_value()
    return format(whole if amount == whole else amount.quantize(CENT), "f")


def pairs_text(pairs) -> str:
    """``DATE:AMOUNT`` lines (the line fields' notation) of (date, amount) pairs."""
    return "\n".join(f"{day.isoformat()}:{amount_text(amount)}" for day, amount in pairs)


def _monthly_dates(first: _dt.date, count: int, key: str) -> list[_dt.date]:
    from ..planning import payment_dates  # the one definition of monthly dates

    days = payment_dates(first, count)
    last = loan_dates().last
    if days[-1] > last:
        raise InputError(
            key, f"第 {count} 期（笔）的日期 {days[-1].isoformat()} 晚于可以计算的最后日期 {last.isoformat()}，"
                 "请减少期数或提前首期日期。",
            f"the date of number {count} ({days[-1].isoformat()}) is after {last.isoformat()}")
    return days


def instalment_schedule(first_due: _dt.date, count: int, principal: Decimal | None = None,
                        per_installment: Decimal | None = None) -> list[tuple[_dt.date, Decimal]]:
    """The instalments of a loan from what the bill says (the rules: this section's comment).

    Errors name the builder field (``principal``, ``count``, ``first_due``, ``per_installment``).
    """
    days = _monthly_dates(first_due, count, "count")
    n = Decimal(count)
    if principal is None and per_installment is None:
        raise InputError("per_installment", "请填写每期应还，或者填写借款本金（按期数均分）。",
                         "give the amount per instalment, or the principal (split equally)")
    if principal is None:
        return [(day, per_installment) for day in days]
    if per_installment is None:
        share = (principal / n).quantize(CENT, rounding=ROUND_DOWN)
        if share <= 0:
            raise InputError("principal", f"借款本金 {amount_text(principal)} 元不够分成 {count} 期（每期至少 0.01 元）。",
                             f"principal {principal} cannot be split into {count} instalments of at least 0.01")
        amounts = [share] * (count - 1) + [principal - share * (n - 1)]
        return list(zip(days, amounts))
    last = principal - per_installment * (n - 1)
    if abs(principal - per_installment * n) >= n * CENT or last <= 0:
        total = per_installment * n
        raise InputError(
            "per_installment",
            f"{count} 期 × 每期 {amount_text(per_installment)} 元 = {amount_text(total)} 元，"
            f"与借款本金 {amount_text(principal)} 元对不上。每期应还含手续费时，请把借款本金留空；"
            "借款本金不能均分时，可以只填借款本金。",
            f"{count} x {per_installment} = {total} does not match the principal {principal}; "
            "leave the principal blank when the instalment includes a fee")
    return [(day, per_installment) for day in days[:-1]] + [(days[-1], last)]


def monthly_payments(first: _dt.date, count: int, amount: Decimal) -> list[tuple[_dt.date, Decimal]]:
    """``count`` repayments of ``amount`` a month from ``first`` ("每月还 X 元，从某日起")."""
    return [(day, amount) for day in _monthly_dates(first, count, "paid_count")]


def _required(form: Form, keys: tuple[str, ...]) -> None:
    for key in keys:
        if not form.text(key):
            label = form.spec[key]["label_zh"]
            raise InputError(key, f"生成各期时必须填写“{label}”。", f"required to build the schedule: {key}")


def apply_builder(form: Form, *, installments: str = "installments", payments: str | None = "payments") -> dict:
    """When the reader asked to build (``schedule_mode`` = ``builder``): the generated
    lines, written into ``form`` (so that the calculator reads them) and returned as the
    result's ``form_updates`` (with ``schedule_mode`` back at ``lines``). Otherwise ``{}``.

    The instalment lines are built when one of the instalment builder fields is filled,
    the repayment lines when one of the repayment fields is; a field left as it was keeps
    its lines. When not building, every filled builder field is still read by its reader
    (a bad value is an error on that field, never ignored); completeness and the
    agreement of 借款本金 with 每期应还 are checked when building."""
    if form.text("schedule_mode") != "builder":
        readers = {"date": form.date, "amount": form.amount, "int": form.integer}
        for key in INSTALMENT_BUILDER + PAYMENT_BUILDER:
            if key in form.spec and form.text(key):
                readers[form.spec[key]["kind"]](key)
        return {}
    updates: dict[str, str] = {}
    if any(form.text(k) for k in INSTALMENT_BUILDER):
        _required(form, ("count", "first_due"))
        built = instalment_schedule(form.date("first_due"), form.integer("count"),
                                    form.amount("principal", optional=True),
                                    form.amount("per_installment", optional=True))
        updates[installments] = pairs_text(built)
    if payments and any(form.text(k) for k in PAYMENT_BUILDER if k in form.spec):
        _required(form, PAYMENT_BUILDER)
        built = monthly_payments(form.date("paid_from"), form.integer("paid_count"), form.amount("paid_monthly"))
        updates[payments] = pairs_text(built)
    if not updates:
        raise InputError("count", "要生成各期，请先填写分期期数、首期到期日和每期应还（或借款本金）。",
                         "fill in the number of instalments, the first due date and the amount to build")
    form.raw.update(updates)
    return {**updates, "schedule_mode": "lines"}


# --- The command line's schedule options (the same builder) ------------------------------


def add_schedule_options(p, *, payments: bool, amounts: bool = True) -> None:
    """The builder's options of a command: an alternative to repeated ``--installment``
    (and ``--payment``); without ``amounts``, only the due dates (``limitation``)."""
    p.add_argument("--first-due", metavar="DATE", dest="first_due",
                   help="代替逐个 --installment：首期到期日（以后每月同一天，当月没有这一天的为当月最后一天）")
    p.add_argument("--installment-count", metavar="N", dest="installment_count", help="分期期数（与 --first-due 一起用）")
    if amounts:
        p.add_argument("--per-installment", metavar="AMOUNT", dest="per_installment",
                       help="每期应还（元）；与 --principal 一起用时最后一期是余下的金额")
        p.add_argument("--principal", metavar="AMOUNT", help="借款本金（元）；只给本金时按期数均分，最后一期是余下的金额")
    if payments:
        p.add_argument("--monthly-payment", metavar="AMOUNT", dest="monthly_payment",
                       help="代替逐个 --payment：每月还款额（元），与 --payments-from、--payment-count 一起用")
        p.add_argument("--payments-from", metavar="DATE", dest="payments_from", help="按月还款的第一笔还款日")
        p.add_argument("--payment-count", metavar="N", dest="payment_count", help="按月还款的笔数")


_CLI_OPTIONS = {"principal": "--principal", "count": "--installment-count", "first_due": "--first-due",
                "per_installment": "--per-installment", "paid_monthly": "--monthly-payment",
                "paid_from": "--payments-from", "paid_count": "--payment-count"}


def _cli_form(args, keys) -> Form:
    attrs = {"principal": "principal", "count": "installment_count", "first_due": "first_due",
             "per_installment": "per_installment", "paid_monthly": "monthly_payment",
             "paid_from": "payments_from", "paid_count": "payment_count"}
    spec = [f for f in schedule_fields(payments=True) if f["name"] in keys]
    return Form(spec, {k: getattr(args, attrs[k], None) or "" for k in keys})


def cli_installments(args, explicit) -> list:
    """The instalments of a command: its ``--installment`` lines, or the builder's (as
    ``DATE:AMOUNT`` strings). Both, or neither, is an error naming the options."""
    keys = INSTALMENT_BUILDER
    form = _cli_form(args, keys)
    if not any(form.text(k) for k in keys):
        if not explicit:
            raise InputError("installment",
                             "请用 --installment 日期:金额 逐期给出各期，或用 --first-due、--installment-count 和 "
                             "--per-installment（或 --principal）生成。",
                             "give --installment DATE:AMOUNT, or --first-due, --installment-count and "
                             "--per-installment (or --principal)")
        return list(explicit)
    if explicit:
        raise InputError("installment", "--installment 与 --first-due 等生成各期的选项只能用一种。",
                         "use either --installment or the schedule options (--first-due …), not both")
    try:
        _required(form, ("count", "first_due"))
        built = instalment_schedule(form.date("first_due"), form.integer("count"),
                                    form.amount("principal", optional=True),
                                    form.amount("per_installment", optional=True))
    except InputError as err:
        raise InputError(_CLI_OPTIONS.get(err.field, err.field), err.message_zh, err.message_en) from None
    return pairs_text(built).splitlines()


def cli_due_dates(args) -> list[_dt.date]:
    """The due dates of ``--first-due`` and ``--installment-count`` (a command that needs no
    amounts: ``limitation``)."""
    form = _cli_form(args, ("count", "first_due"))
    try:
        _required(form, ("count", "first_due"))
        return _monthly_dates(form.date("first_due"), form.integer("count"), "count")
    except InputError as err:
        raise InputError(_CLI_OPTIONS.get(err.field, err.field), err.message_zh, err.message_en) from None


def cli_payments(args, explicit) -> list:
    """The repayments of a command: its ``--payment`` lines, or the monthly ones built
    from ``--monthly-payment``, ``--payments-from`` and ``--payment-count``."""
    keys = PAYMENT_BUILDER
    form = _cli_form(args, keys)
    if not any(form.text(k) for k in keys):
        return list(explicit or ())
    if explicit:
        raise InputError("payment", "--payment 与 --monthly-payment 等生成还款的选项只能用一种。",
                         "use either --payment or --monthly-payment …, not both")
    try:
        _required(form, keys)
        built = monthly_payments(form.date("paid_from"), form.integer("paid_count"), form.amount("paid_monthly"))
    except InputError as err:
        raise InputError(_CLI_OPTIONS.get(err.field, err.field), err.message_zh, err.message_en) from None
    return pairs_text(built).splitlines()


# --- The contact log's columns, for the row editors (issue 22) ----------------------------
#
# The conduct calculator keeps ONE input, the CSV text, and ONE parser of it,
# :func:`overdue.conduct.log.read_log`. The row editors of the front ends (widgets,
# _ext/livecalc_static/forms.js) only split the CSV into cells and join cells back into CSV
# text (RFC 4180 quoting); what a cell means, and whether it is valid, is read by
# read_log when the calculator computes, and its error names the line and the column.
# The columns (names, Chinese labels, accepted header aliases, choices) come from the
# reader's own vocabulary.

YES_NO = ("是", "否")  # the log's words for yes and no (read_log also accepts yes/no)


def log_columns() -> list[dict]:
    """The columns of a contact log: ``name`` (the English header), ``label_zh`` (the
    Chinese header the editors write), ``aliases`` (other headers read_log accepts),
    ``kind`` (``datetime``, ``choice`` or ``text``), ``required`` and, for a choice,
    ``choices`` (``[value, label_zh]``, the blank choice first where a blank is allowed)."""
    from ..conduct.log import CHANNELS, COLUMNS, CONTACTED

    choices = {"channel": [[c, c] for c in CHANNELS], "contacted": [[c, c] for c in CONTACTED]}
    for key in ("debt_disclosed", "answered", "stop_requested"):
        choices[key] = [["", "（空）"]] + [[w, w] for w in YES_NO]
    out = []
    for col in COLUMNS:
        kind = "datetime" if col.key == "datetime" else ("choice" if col.key in choices else "text")
        item = {"name": col.key, "label_zh": col.zh, "aliases": [col.key, *col.aliases], "kind": kind,
                "required": col.required}
        if kind == "choice":
            item["choices"] = choices[col.key]
        out.append(item)
    return out


def log_rows(text: str) -> tuple[list[str], list[dict], list[str]]:
    """A contact log split into cells, for a row editor: (the column names of its header,
    one dict a row keyed by column name, the comment lines before the header).

    Only splits: no cell is checked here (read_log does that). A header cell that is not
    a column name, or a row with more cells than the header, is refused (InputError on
    ``csv``), since the editor could not show it; edit such a log as text."""
    import csv

    names = {}
    for col in log_columns():
        for alias in (col["label_zh"], *col["aliases"]):
            names[alias.lower()] = col["name"]
    comments, header, rows = [], None, []
    lines = [line for line in text.removeprefix("\ufeff").splitlines(keepends=True)]
    body = []
    for line in lines:
        if header is None and not body and line.lstrip().startswith("#"):
            comments.append(line.rstrip("\r\n"))
            continue
        body.append("\n" if line.lstrip().startswith("#") else line)
    for number, cells in enumerate(csv.reader(body), start=len(comments) + 1):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = []
            for cell in cells:
                key = names.get(cell.strip().lower())
                if key is None or key in header:
                    raise InputError("csv", f"表头的列名“{cell.strip()}”无法识别或重复，逐条编辑不可用；请直接修改文本。",
                                     f"header cell {cell.strip()!r} unknown or repeated; edit the text instead")
                header.append(key)
            continue
        if len(cells) > len(header):
            raise InputError("csv", f"有一行有 {len(cells)} 列，多于表头的 {len(header)} 列；逐条编辑不可用，请直接修改文本。",
                             f"a row has {len(cells)} cells, more than the header's {len(header)}")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return header or [c["name"] for c in log_columns()], rows, comments


def log_text(rows: list[dict], comments: list[str] = ()) -> str:
    """Rows (dicts keyed by column name) as the CSV text of a contact log: the comment
    lines, the header of every column in Chinese, one line a row (quoted where needed)."""
    import csv
    import io

    columns = log_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c["label_zh"] for c in columns])
    for row in rows:
        writer.writerow([str(row.get(c["name"], "") or "") for c in columns])
    head = "".join(f"{c}\n" for c in comments)
    return head + buffer.getvalue()
