"""Caps on interest and charges, by lender type and contract date, with their reasons.

Scope and dates
---------------
* ``private`` — private lending (民间借贷) only: contracts between natural
  persons, legal persons and other organisations that are not licensed
  lenders. Contracts formed on or after the date the current cap multiple took
  effect (``private_lending_cap_multiple`` in ``data/parameters.yaml``,
  2020-08-20): the multiple × the one-year LPR in force when the contract was
  formed (《民间借贷规定》第25、28、29条). Contracts formed from the first LPR
  publication (2019-08-20) up to that date: the transition rule of 第31条 — a
  structured answer with two periods, no invented figure. Earlier contracts:
  refused (:class:`InputError`), because the rule is not an LPR multiple.
* ``bank`` / ``consumer-finance`` — loans by licensed financial institutions,
  to which the private-lending rules do not apply (第1条第2款). The figure is
  the judicial adjustment line (``financial_loan_judicial_line``) of a
  judicial-policy document (法发〔2017〕22号 point 2; its text is unverified in
  ``data/provisions.yaml``): a line above which a *borrower may ask* the court
  to reduce the combined interest, compound interest, penalty, liquidated
  damages and fees. It is not a judicial interpretation, and not a rate a
  lender is entitled to. Because it is applied at adjudication, the value used
  is the one in force on the filing date when given, else on the book's as-of
  date.
* ``small-loan`` — small-loan companies and the other local financial
  organisations that 法释〔2020〕27号 takes out of the private-lending rules.
  The law fixes no figure: ``cap_annual_rate`` is ``None``.

Also :func:`penalty_above_cap` (the one definition of the penalty above a
cap: the penalty engine re-run at the cap rate), :func:`excess_over_cap` (how
much of a total charge collected over a period exceeds a cap, linearly) and
:func:`liquidated_damages_check` (the 30% guide of 《合同编通则解释》第65条).
Whether a provision's text is verified is recorded in ``data/provisions.yaml``;
a ``provision-unverified`` warning says when it is not.

The results are figures, rule codes (``regime``), provision ids, the dated
parameters read and warning codes; the Chinese explanation of each is built by
:mod:`overdue.present.caps`.

No figure is typed into this module: multiples, lines and guides come from
``data/parameters.yaml`` and LPRs from ``data/lpr.csv``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from . import law, params, penalty_interest, rates
from .errors import InputError
from .kernel import (
    MAX_DAYS,
    PRECISION,
    ZERO,
    check_rate_places,
    default_day_count_used,
    parameter_used,
    parse_amount,
    parse_day_count,
    parse_int,
    parse_decimal,
    parse_loan_date,
    q2,
)

#: An annual cap given as a fraction is below this (1000% a year): far above any cap in
#: the law, and below the day-count year, so that the cap's daily rate is under 100%.
CAP_BELOW = 10

LENDERS = ("private", "bank", "consumer-finance", "small-loan")
ONE_DAY = _dt.timedelta(days=1)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def lpr_first_publication() -> _dt.date:
    """The date the reformed LPR was first published (a historical fact: the
    parameter's one value, whatever the date of the question)."""
    return params.values("lpr_first_publication")[0].value


def private_cap_start() -> _dt.date:
    """The date from which the current private-lending cap multiple applies."""
    return params.values("private_lending_cap_multiple")[0].start


def _unverified(ids) -> list[dict]:
    """``provision-unverified`` warnings for the provisions whose text data marks unverified."""
    return [{"code": "provision-unverified", "provision": pid} for pid in ids if law.is_unverified(pid)]


def _lpr_warning(day: _dt.date) -> list[dict]:
    """``lpr-beyond-confirmed``: ``on`` is after the last date the LPR table was confirmed."""
    last = rates.last_confirmed()
    if day > last:
        return [{"code": "lpr-beyond-confirmed", "on": day.isoformat(), "last_confirmed": last.isoformat()}]
    return []


@dataclass(frozen=True)
class CapResult:
    """The cap that applies, and why, in structure.

    ``regime`` is the rule applied: ``private-lending`` (a multiple of the
    one-year LPR at formation), ``private-lending-transition`` (第31条: two
    periods, see ``segments``), ``financial-loan-judicial-line`` (a line the
    borrower may invoke, not a cap) or ``no-fixed-figure``. ``provisions`` are
    provision ids; ``parameters`` the dated figures read
    (:func:`overdue.kernel.parameter_used`); ``warnings`` codes
    (``provision-unverified``, ``lpr-beyond-confirmed``). The explanation for a
    reader is built from these by :func:`overdue.present.caps.explanation_zh`.
    """

    lender: str
    contract_date: _dt.date
    cap_annual_rate: Decimal | None
    regime: str
    provisions: tuple
    lpr: Decimal | None = None  # percent
    lpr_date: _dt.date | None = None
    multiple: Decimal | None = None
    segments: tuple = ()
    warnings: tuple = field(default=())
    parameters: tuple = ()
    filing_date: _dt.date | None = None

    def to_dict(self) -> dict:
        return {
            "lender": self.lender,
            "contract_date": self.contract_date.isoformat(),
            "filing_date": self.filing_date.isoformat() if self.filing_date else None,
            "cap_annual_rate": self.cap_annual_rate,
            "regime": self.regime,
            "provisions": list(self.provisions),
            "lpr": self.lpr,
            "lpr_date": self.lpr_date.isoformat() if self.lpr_date else None,
            "multiple": self.multiple,
            "segments": [dict(s) for s in self.segments],
            "parameters": [dict(p) for p in self.parameters],
            "warnings": [dict(w) for w in self.warnings],
        }


def _lender(value) -> str:
    text = str(value).strip()
    if text not in LENDERS:
        raise InputError(
            "lender",
            f"未知的出借人类型“{text}”。只能是：private（民间借贷）、bank（银行）、"
            "consumer-finance（消费金融公司）、small-loan（小额贷款公司等地方金融组织）。",
            f"unknown lender type {text!r}; allowed: {', '.join(LENDERS)}",
        )
    return text


def cap_for(lender, contract_date, *, filing_date=None) -> CapResult:
    """The annual cap for ``lender`` on a contract formed on ``contract_date``.

    ``filing_date`` (the date the suit is filed) is used for the transition
    rule of private lending and for the financial-loan line.
    """
    lender = _lender(lender)
    contract = parse_loan_date(contract_date, "contract_date")
    filing = parse_loan_date(filing_date, "filing_date") if filing_date is not None else None
    if filing is not None and filing < contract:
        raise InputError(
            "filing_date",
            f"起诉日 {filing.isoformat()} 早于合同成立日 {contract.isoformat()}。",
            f"filing date {filing.isoformat()} is before the contract date {contract.isoformat()}",
        )
    if lender == "private":
        return _private(contract, filing)
    if lender in ("bank", "consumer-finance"):
        return _financial(lender, contract, filing)
    return _small_loan(contract)


def _multiple_and_lpr(day: _dt.date, field_name: str) -> tuple:
    """(multiple, one-year LPR in percent, its publication row, the cap, parameters read), on ``day``."""
    # ``day`` is the date the law names: the contract date (第25条 "合同成立时") or, for the
    # transition rule, the filing date (第31条 "起诉时"); the callers pass it.
    multiple = _dec(params.get("private_lending_cap_multiple", on=day))
    lpr = rates.lpr_on(day, "1y", field=field_name)
    row = rates.row_on(day, field=field_name)
    with localcontext(prec=PRECISION):
        cap = multiple * lpr / 100
    used = (parameter_used("private_lending_cap_multiple", day, multiple),
            parameter_used("lpr_1y", day, lpr, published=row.date.isoformat()))
    return multiple, lpr, row, cap, used


def _private(contract: _dt.date, filing: _dt.date | None) -> CapResult:
    first = lpr_first_publication()
    new_rule = private_cap_start()
    if contract < first:
        raise InputError(
            "contract_date",
            f"合同成立于 {contract.isoformat()}，早于 {first.isoformat()} 首次公布 LPR 之日。"
            f"此前成立的民间借贷合同不按“合同成立时一年期 LPR 的倍数”计算上限：依《民间借贷规定》第31条，"
            f"{(new_rule - ONE_DAY).isoformat()} 以前的利息适用当时的司法解释，此后的利息适用起诉时的"
            "利率保护标准。那是贷款基准利率时代的规则，本计算器不涵盖，也不给出数字。",
            f"contract formed {contract.isoformat()}, before the first LPR publication on "
            f"{first.isoformat()}: the cap is not an LPR multiple (benchmark-rate era; see "
            "private-lending-31); out of scope",
        )
    if contract >= new_rule:
        # 第25条: the multiple and the one-year LPR "合同成立时" — both read on the contract date.
        multiple, lpr, row, cap, used = _multiple_and_lpr(contract, "contract_date")
        return CapResult(
            "private", contract, cap, "private-lending",
            ("private-lending-25", "private-lending-28", "private-lending-29"),
            lpr=lpr, lpr_date=row.date, multiple=multiple,
            warnings=tuple(_lpr_warning(contract)), parameters=used, filing_date=filing,
        )
    # Transition (第31条): formed between the first LPR publication and the new rule.
    before_end = new_rule - ONE_DAY
    later = {
        "from": new_rule.isoformat(),
        "to": None,
        "cap_annual_rate": None,
        "lpr": None,
        "lpr_date": None,
        "rule": "standard-at-filing",  # needs the filing date for a figure
    }
    warnings = []
    used: tuple = ()
    if filing is not None:
        if filing < new_rule:
            raise InputError(
                "filing_date",
                f"起诉日 {filing.isoformat()} 早于 {new_rule.isoformat()}。第31条的过渡规则只适用于"
                f"{new_rule.isoformat()} 之后新受理的一审案件；此前受理的案件适用当时的司法解释，本计算器不涵盖。",
                f"filing date before {new_rule.isoformat()}: the transition rule of "
                "private-lending-31 does not apply; out of scope",
            )
        # 第31条: from the new rule on, "起诉时" the standard of this interpretation — read on the filing date.
        multiple, lpr, row, later_cap, used = _multiple_and_lpr(filing, "filing_date")
        later.update(cap_annual_rate=later_cap, lpr=lpr, lpr_date=row.date.isoformat(),
                     multiple=multiple, filing_date=filing.isoformat())
        warnings += _lpr_warning(filing)
    segments = (
        {
            "from": contract.isoformat(),
            "to": before_end.isoformat(),
            "cap_annual_rate": None,
            "lpr": None,
            "lpr_date": None,
            "rule": "then-current-interpretation",  # not an LPR multiple; no figure in data
        },
        later,
    )
    return CapResult(
        "private", contract, None, "private-lending-transition",
        ("private-lending-31", "private-lending-25", "private-lending-28", "private-lending-29"),
        segments=segments, warnings=tuple(warnings), parameters=used, filing_date=filing,
    )


def _financial(lender: str, contract: _dt.date, filing: _dt.date | None) -> CapResult:
    # The line is a judicial-policy figure a court applies when it adjudicates a
    # borrower's request to reduce: read on the filing date when given; without
    # one, on the book's as-of date (the day the book states the law), and the
    # parameter record says which ("read_on").
    on = filing or params.as_of()
    try:
        value = params.value_on("financial_loan_judicial_line", on)
    except InputError as err:
        raise InputError("filing_date" if filing else "contract_date", err.message_zh,
                         err.message_en) from None
    line = _dec(value.value)
    ids = ("spc-fin-opinion-2017-2", "private-lending-1")
    used = (parameter_used("financial_loan_judicial_line", on, line,
                           read_on="filing_date" if filing else "as_of_date"),)
    return CapResult(
        lender, contract, line, "financial-loan-judicial-line", ids,
        warnings=tuple(_unverified(ids)), parameters=used, filing_date=filing,
    )


def _small_loan(contract: _dt.date) -> CapResult:
    ids = ("spc-reply-2020-27", "private-lending-1")
    return CapResult("small-loan", contract, None, "no-fixed-figure", ids, warnings=tuple(_unverified(ids)))


# --- Regulators' own limits (bind the licensed lender; not a court's rule) ---------

#: Parameters of data/parameters.yaml that are a regulator's limit on a kind of lender's
#: business, with the lender and the business they bind.
REGULATORY_LIMITS = (
    ("internet_assisted_loan_cost_cap", "bank", "internet-assisted"),
)


@dataclass(frozen=True)
class RegulatoryLimit:
    """A regulator's limit on a lender's business, read on the contract date.

    ``rate`` is None when the limit was not yet in force on that date (``since`` says
    when it began). It binds the lender and is enforced by its regulator; it changes
    neither the court's review nor the borrower's own claims (the chapters say so).
    """

    parameter: str
    lender: str
    business: str
    contract_date: _dt.date
    rate: Decimal | None
    since: _dt.date
    force: str
    provisions: tuple[str, ...]
    unverified: bool

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "lender": self.lender, "business": self.business,
                "contract_date": self.contract_date.isoformat(), "rate": self.rate,
                "since": self.since.isoformat(), "force": self.force, "provisions": list(self.provisions),
                "unverified": self.unverified}


def regulatory_limits(contract_date) -> list[RegulatoryLimit]:
    """The regulators' limits of :data:`REGULATORY_LIMITS`, each read on ``contract_date``."""
    contract = parse_loan_date(contract_date, "contract_date")
    out = []
    for name, lender, business in REGULATORY_LIMITS:
        first = params.values(name)[0]
        try:
            value = params.value_on(name, contract)
        except InputError:  # not yet in force on the contract date
            value = None
        ref = tuple((value or first).reference)
        out.append(RegulatoryLimit(
            name, lender, business, contract, _dec(value.value) if value else None,
            (value or first).start, params.entry(name)["force"], ref,
            any(law.is_unverified(pid) for pid in ref)))
    return out


def _cap_value(cap):
    if isinstance(cap, CapResult):
        return cap.cap_annual_rate
    if cap is None:
        return None
    rate = parse_decimal(cap, "cap")
    if rate < 0 or rate >= CAP_BELOW:
        raise InputError("cap", f"年利率上限必须不小于 0 且小于 {CAP_BELOW}（按小数填写，例如 24% 写成 0.24），"
                         f"收到的是 {rate}。", f"cap must be ≥ 0 and < {CAP_BELOW}, got {rate}")
    return check_rate_places(rate, "cap")


# --- Penalty above the cap (the one definition) ----------------------------------


@dataclass(frozen=True)
class PenaltyAboveCap:
    """How much of a computed penalty lies above a cap; see :func:`penalty_above_cap`.

    ``outcome`` is ``above-cap``, ``within-cap`` or ``no-figure`` (the law fixes
    no single figure: nothing above it can be computed). Amounts are exact;
    ``to_dict`` rounds them to the cent.
    """

    outcome: str
    cap_annual_rate: Decimal | None
    day_count: int
    annualised_rate: Decimal  # the contract's daily rate × day_count
    penalty: Decimal
    total_due: Decimal
    penalty_at_cap: Decimal | None = None
    total_due_at_cap: Decimal | None = None
    excess: Decimal | None = None  # penalty − penalty at the cap rate, never negative
    excess_total_due: Decimal | None = None
    regime: str | None = None
    provisions: tuple = ()
    parameters: tuple = ()

    def to_dict(self) -> dict:
        def money(x):
            return None if x is None else q2(x)

        return {
            "outcome": self.outcome,
            "cap_annual_rate": self.cap_annual_rate,
            "day_count": self.day_count,
            "annualised_rate": self.annualised_rate,
            "penalty": q2(self.penalty),
            "total_due": q2(self.total_due),
            "penalty_at_cap": money(self.penalty_at_cap),
            "total_due_at_cap": money(self.total_due_at_cap),
            "excess": money(self.excess),
            "excess_total_due": money(self.excess_total_due),
            "regime": self.regime,
            "provisions": list(self.provisions),
            "parameters": [dict(p) for p in self.parameters],
        }


def penalty_above_cap(result, cap, *, day_count=None, at_cap: bool = False) -> PenaltyAboveCap:
    """The penalty of ``result`` above an annual ``cap``: THE definition used by
    the calculator and by chapter 二.

    ``result`` is a :class:`~overdue.penalty_interest.PenaltyResult` (computed
    at the contract's rate). The penalty engine is run again on the same
    instalments, payments, costs, grace terms, allocation order and as-of date,
    at the cap's daily rate (cap ÷ ``day_count``), and
    ``excess = penalty − penalty at the cap rate``. This is exact with partial
    payments: under the 561 order a payment that went to penalty above the cap
    goes, at the cap rate, to principal, and later penalty falls with it — a
    linear share of the total would not see that.

    ``day_count``: the contract's own year when its rate was annual (``result.
    day_count``); else the given one; else the ``day_count_basis`` convention
    read on the first day of the penalty period (the day after the first due
    date), as the penalty engine reads it.

    Within the cap nothing is above it: when the contract's daily rate is not
    above the cap's, ``excess`` is 0 without a second run (the penalty can only
    grow with the rate — more penalty absorbs more of each payment, so the base
    falls no faster; a property test checks this). Pass ``at_cap=True`` to have
    ``penalty_at_cap`` anyway (for a table that shows what the cap would allow).
    ``cap`` is a :class:`CapResult`, a fraction, or ``None`` (no figure:
    outcome ``no-figure``). One run at most, besides the caller's own.

    Compare :func:`excess_over_cap`, which answers another question: how much of
    a *total charge* already collected over a period exceeds the cap, linearly.
    """
    rate = _cap_value(cap)
    if result.day_count is not None:
        year, used = result.day_count, ()
    elif day_count is not None:
        year, used = parse_day_count(day_count, "day_count"), ()
    else:
        # The convention on the first day of the penalty period (civil-code-201).
        year, record = default_day_count_used(result.installments[0].due + ONE_DAY)
        used = (record,)
    totals = result.totals
    with localcontext(prec=PRECISION):
        annualised = result.daily_rate * year
    common = dict(
        cap_annual_rate=rate, day_count=year, annualised_rate=annualised,
        penalty=totals["penalty"], total_due=totals["total_due"],
        regime=cap.regime if isinstance(cap, CapResult) else None,
        provisions=tuple(cap.provisions) if isinstance(cap, CapResult) else (),
        parameters=used,
    )
    if rate is None:
        return PenaltyAboveCap("no-figure", **common)
    above = annualised > rate
    if not above and not at_cap:
        return PenaltyAboveCap("within-cap", excess=ZERO, excess_total_due=ZERO, **common)
    capped = penalty_interest.recompute(result, daily_rate=None, annual_rate=rate, day_count=year).totals
    if above:
        with localcontext(prec=PRECISION):
            excess = totals["penalty"] - capped["penalty"]
            excess_due = totals["total_due"] - capped["total_due"]
    else:
        excess = excess_due = ZERO
    return PenaltyAboveCap(
        "above-cap" if above else "within-cap",
        penalty_at_cap=capped["penalty"], total_due_at_cap=capped["total_due"],
        excess=excess, excess_total_due=excess_due, **common,
    )


def excess_over_cap(charge, principal, days, cap, *, day_count=None, start=None) -> dict:
    """How much of ``charge`` (interest, penalty and fees together, in yuan,
    already collected for ``principal`` over ``days`` days) exceeds an annual
    ``cap``: ``allowed = principal × cap × days ÷ day_count``, ``excess =
    charge − allowed`` (0 when not above). The ``cap`` command answers this.

    This is not the penalty above the cap of a loan in instalments with partial
    payments: that is :func:`penalty_above_cap`, which re-runs the penalty
    engine at the cap rate (the calculator and chapter 二 use it). Here the
    charge is a given sum and the base a constant principal.

    ``cap`` is a fraction, a :class:`CapResult`, or ``None`` where the law
    fixes no figure (then nothing is computed; ``outcome`` says so).
    ``day_count`` is the day-count year, 360 or 365; by default the convention
    of ``data/parameters.yaml`` read on ``start`` (the first day of the period)
    or, without it, on the contract date of a :class:`CapResult`. A bare
    fraction without ``day_count`` or ``start`` is an error (no date to read on).
    """
    charge = parse_amount(charge, "charge", zero=True)
    principal = parse_amount(principal, "principal")
    days = parse_int(days, "days", minimum=1, maximum=MAX_DAYS)
    rate = _cap_value(cap)
    used: list = []
    if day_count is not None:
        year = parse_day_count(day_count, "day_count")
    else:
        if start is not None:
            on = parse_loan_date(start, "start")
        elif isinstance(cap, CapResult):
            on = cap.contract_date  # the period of a loan's charges begins with the contract
        else:
            raise InputError(
                "day_count",
                "请给出一年的天数（360 或 365），或给出计算期间的起始日，以便按当日的惯例取值。",
                "give day_count (360 or 365), or the start of the period to read the convention on",
            )
        year, record = default_day_count_used(on)
        used.append(record)
    with localcontext(prec=PRECISION):
        annualised = charge / principal * year / days
        out = {
            "charge": q2(charge),
            "principal": q2(principal),
            "days": days,
            "day_count": year,
            "annualised_rate": annualised,
            "cap_annual_rate": rate,
            "parameters": used,
        }
        if rate is None:
            out.update(allowed=None, excess=None, outcome="no-figure")
            return out
        allowed = principal * rate * days / year
        excess = charge - allowed if charge > allowed else ZERO
    out.update(allowed=q2(allowed), excess=q2(excess), outcome="above-cap" if excess > 0 else "within-cap")
    return out


def liquidated_damages_check(agreed, loss, *, on=None) -> dict:
    """The 30% guide for liquidated damages (违约金) against the loss.

    Reads the guide (``liquidated_damages_guide``) in force on ``on``: a rule
    of adjudication, read on the date the court weighs the reduction (default:
    the book's as-of date, the day as of which the book states the law; the
    record in ``parameters`` says which). "超过造成损失的百分之三十" is read, as usual, as:
    agreed damages > loss × (1 + guide). Meeting the guide is only a
    presumption ("一般可以认定"): the court still weighs the contract, the
    parties' fault and performance, and it applies only when the party in
    breach asks for a reduction (:func:`overdue.present.caps.damages_explanation_zh`
    says so). ``warnings`` flags a cited provision whose text data marks unverified.
    """
    agreed = parse_amount(agreed, "agreed")
    loss = parse_amount(loss, "loss")
    # A rule of adjudication: on the date the reduction is weighed, else the book's as-of date.
    day = parse_loan_date(on, "on") if on is not None else params.as_of()
    try:
        guide = _dec(params.get("liquidated_damages_guide", on=day))
    except InputError as err:
        raise InputError("on", err.message_zh, err.message_en) from None
    threshold = loss * (1 + guide)
    ids = ("contract-interp-65", "civil-code-585")
    return {
        "agreed": q2(agreed),
        "loss": q2(loss),
        "guide": guide,
        "threshold": q2(threshold),
        "presumed_excessive": agreed > threshold,
        "excess_over_threshold": q2(agreed - threshold) if agreed > threshold else q2(ZERO),
        "parameters": [parameter_used("liquidated_damages_guide", day, guide,
                                      read_on="on" if on is not None else "as_of_date")],
        "provisions": list(ids),
        "warnings": _unverified(ids),
    }
