"""Caps on interest and charges, by lender type and contract date, with their basis.

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

Also :func:`excess_over_cap` (how much of a charge exceeds a cap over a
period) and :func:`liquidated_damages_check` (the 30% guide of
《合同编通则解释》第65条, text unverified in data).

No figure is typed into this module: multiples, lines and guides come from
``data/parameters.yaml`` and LPRs from ``data/lpr.csv``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from . import law, params, rates
from .errors import InputError
from .kernel import (
    PRECISION,
    ZERO,
    default_day_count,
    parse_amount,
    parse_date,
    parse_day_count,
    parse_decimal,
    parse_int,
    q2,
)

LENDERS = ("private", "bank", "consumer-finance", "small-loan")
LENDER_ZH = {
    "private": "民间借贷的出借人",
    "bank": "银行",
    "consumer-finance": "消费金融公司",
    "small-loan": "小额贷款公司等地方金融组织",
}
ONE_DAY = _dt.timedelta(days=1)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _pct(fraction: Decimal) -> str:
    """0.24 → '24%', 0.1380 → '13.8%'."""
    text = format((fraction * 100).normalize(), "f")
    return f"{text}%"


def lpr_first_publication() -> _dt.date:
    return params.get("lpr_first_publication")


def private_cap_start() -> _dt.date:
    """The date from which the current private-lending cap multiple applies."""
    return params.values("private_lending_cap_multiple")[0].start


def _unverified_warnings(ids) -> list[str]:
    out = []
    for pid in ids:
        if law.is_unverified(pid):
            out.append(
                f"{law.cite(pid)}的原文未能从官方来源核实（data/provisions.yaml 标为 unverified），"
                "以下说明依据转引的文字。"
            )
    return out


@dataclass(frozen=True)
class CapResult:
    lender: str
    contract_date: _dt.date
    cap_annual_rate: Decimal | None
    regime: str
    basis: str
    provisions: tuple
    lpr: Decimal | None = None  # percent
    lpr_date: _dt.date | None = None
    multiple: Decimal | None = None
    segments: tuple = ()
    warnings: tuple = field(default=())

    def to_dict(self) -> dict:
        return {
            "lender": self.lender,
            "contract_date": self.contract_date.isoformat(),
            "cap_annual_rate": self.cap_annual_rate,
            "basis": self.basis,
            "provisions": list(self.provisions),
            "regime": self.regime,
            "lpr": self.lpr,
            "lpr_date": self.lpr_date.isoformat() if self.lpr_date else None,
            "multiple": self.multiple,
            "segments": [dict(s) for s in self.segments],
            "warnings": list(self.warnings),
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


def _lpr_warning(day: _dt.date) -> list[str]:
    last = rates.last_confirmed()
    if day > last:
        return [
            f"{day.isoformat()} 晚于 LPR 表最后核实的日期 {last.isoformat()}；"
            "按表中最后一个利率计算，请核对当日实际公布的 LPR。"
        ]
    return []


def cap_for(lender, contract_date, *, filing_date=None) -> CapResult:
    """The annual cap for ``lender`` on a contract formed on ``contract_date``.

    ``filing_date`` (the date the suit is filed) is used for the transition
    rule of private lending and for the financial-loan line.
    """
    lender = _lender(lender)
    contract = parse_date(contract_date, "contract_date")
    filing = parse_date(filing_date, "filing_date") if filing_date is not None else None
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
        multiple = _dec(params.get("private_lending_cap_multiple", on=contract))
        lpr = rates.lpr_on(contract, "1y", field="contract_date")
        row = rates.row_on(contract, field="contract_date")
        with localcontext(prec=PRECISION):
            cap = multiple * lpr / 100
        basis = (
            f"民间借贷：约定的利率（含逾期利率，以及逾期利息、违约金和其他费用的总计）不得超过合同成立时"
            f"一年期贷款市场报价利率（LPR）的{multiple}倍。合同成立于 {contract.isoformat()}，当时适用的是 "
            f"{row.date.isoformat()} 公布的一年期 LPR {lpr}%，上限为年利率 {_pct(cap)}"
            "（《民间借贷规定》第25、28、29条）。只适用于民间借贷，不适用于持牌金融机构。"
        )
        return CapResult(
            "private", contract, cap, "private-lending", basis,
            ("private-lending-25", "private-lending-28", "private-lending-29"),
            lpr=lpr, lpr_date=row.date, multiple=multiple,
            warnings=tuple(_lpr_warning(contract)),
        )
    # Transition: formed between the first LPR publication and the new rule.
    before_end = new_rule - ONE_DAY
    later = {
        "from": new_rule.isoformat(),
        "to": None,
        "cap_annual_rate": None,
        "lpr": None,
        "lpr_date": None,
        "basis": "自该日起至借款返还之日的利息，适用起诉时《民间借贷规定》的利率保护标准，"
        "即起诉时一年期 LPR 的倍数；需要起诉日（filing_date）才能算出。",
    }
    warnings = []
    if filing is not None:
        if filing < new_rule:
            raise InputError(
                "filing_date",
                f"起诉日 {filing.isoformat()} 早于 {new_rule.isoformat()}。第31条的过渡规则只适用于"
                f"{new_rule.isoformat()} 之后新受理的一审案件；此前受理的案件适用当时的司法解释，本计算器不涵盖。",
                f"filing date before {new_rule.isoformat()}: the transition rule of "
                "private-lending-31 does not apply; out of scope",
            )
        multiple = _dec(params.get("private_lending_cap_multiple", on=filing))
        lpr = rates.lpr_on(filing, "1y", field="filing_date")
        row = rates.row_on(filing, field="filing_date")
        with localcontext(prec=PRECISION):
            later_cap = multiple * lpr / 100
        later.update(
            cap_annual_rate=later_cap,
            lpr=lpr,
            lpr_date=row.date.isoformat(),
            multiple=multiple,
            basis=f"自该日起至借款返还之日的利息，适用起诉时的利率保护标准：起诉日 {filing.isoformat()} "
            f"适用 {row.date.isoformat()} 公布的一年期 LPR {lpr}%，{multiple}倍即年利率 {_pct(later_cap)}。",
        )
        warnings += _lpr_warning(filing)
    segments = (
        {
            "from": contract.isoformat(),
            "to": before_end.isoformat(),
            "cap_annual_rate": None,
            "lpr": None,
            "lpr_date": None,
            "basis": "合同成立至该日的利息，当事人可以请求适用当时的司法解释计算。"
            "当时的规则不是 LPR 的倍数，本书的数据没有收录，本计算器不给出数字。",
        },
        later,
    )
    basis = (
        f"过渡期的民间借贷合同（成立于 {first.isoformat()} 至 {before_end.isoformat()} 之间）："
        f"依《民间借贷规定》第31条，{new_rule.isoformat()} 之后新受理的一审案件，"
        f"合同成立到 {before_end.isoformat()} 的利息可以请求适用当时的司法解释；"
        f"{new_rule.isoformat()} 到借款返还之日的利息，适用起诉时本规定的利率保护标准。"
        "因此没有单一的上限数字，见 segments。"
    )
    return CapResult(
        "private", contract, None, "private-lending-transition", basis,
        ("private-lending-31", "private-lending-25", "private-lending-28", "private-lending-29"),
        segments=segments, warnings=tuple(warnings),
    )


def _financial(lender: str, contract: _dt.date, filing: _dt.date | None) -> CapResult:
    on = filing or params.as_of()
    try:
        value = params.value_on("financial_loan_judicial_line", on)
    except InputError as err:
        raise InputError("filing_date" if filing else "contract_date", err.message_zh,
                         err.message_en) from None
    line = _dec(value.value)
    ids = ("spc-fin-opinion-2017-2", "private-lending-1")
    when = f"起诉日 {filing.isoformat()}" if filing else f"本书基准日 {on.isoformat()}"
    basis = (
        f"{LENDER_ZH[lender]}发放的贷款是金融借款，不适用民间借贷的 LPR 倍数上限（《民间借贷规定》第1条第2款）。"
        f"法律和司法解释没有为金融借款规定利率上限数字。年利率 {_pct(line)} 是最高人民法院"
        "《关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第二点中的司法调减线："
        f"借款人以利息、复利、罚息、违约金和其他费用过高为由，请求对总计超过年利率 {_pct(line)} 的部分"
        "予以调减的，应予支持。这是借款人可以主张的调减线，出自司法政策性文件，不是司法解释，"
        f"也不是贷款人可以收取 {_pct(line)} 的许可。"
        f"（按{when}的数值{'；该文件的原文未能核实' if law.is_unverified(ids[0]) else ''}。）"
    )
    return CapResult(
        lender, contract, line, "financial-loan-judicial-line", basis, ids,
        warnings=tuple(_unverified_warnings(ids)),
    )


def _small_loan(contract: _dt.date) -> CapResult:
    ids = ("spc-reply-2020-27", "private-lending-1")
    effective = law.provision(ids[0]).get("effective", "")
    basis = (
        "小额贷款公司、融资担保公司、典当行、融资租赁公司、商业保理公司、地方资产管理公司等地方金融组织，"
        "属于经金融监管部门批准设立的金融机构，其因从事相关金融业务引发的纠纷，不适用新的民间借贷司法解释"
        f"（法释〔2020〕27号批复，自 {effective} 起施行），因此不适用民间借贷的 LPR 倍数上限。"
        "法律和司法解释没有为它们规定固定的利率上限数字。审判实践做法不一，本计算器不给出数字。"
    )
    return CapResult(
        "small-loan", contract, None, "no-fixed-figure", basis, ids,
        warnings=tuple(_unverified_warnings(ids)),
    )


def _cap_value(cap):
    if isinstance(cap, CapResult):
        return cap.cap_annual_rate
    if cap is None:
        return None
    rate = parse_decimal(cap, "cap")
    if rate < 0:
        raise InputError("cap", f"上限不能为负数，收到的是 {rate}。", f"cap must not be negative, got {rate}")
    return rate


def excess_over_cap(charge, principal, days, cap, *, basis=None) -> dict:
    """How much of ``charge`` (interest, penalty and fees together, in yuan,
    for ``principal`` over ``days`` days) exceeds an annual ``cap``.

    ``cap`` is a fraction, a :class:`CapResult`, or ``None`` where the law
    fixes no figure (then nothing is computed, and the answer says why).
    ``basis`` is the day-count year, 360 or 365 (default: the convention in
    ``data/parameters.yaml``).
    """
    charge = parse_decimal(charge, "charge")
    if charge < 0:
        raise InputError("charge", f"费用不能为负数，收到的是 {charge}。", f"charge must not be negative, got {charge}")
    principal = parse_amount(principal, "principal")
    days = parse_int(days, "days", minimum=1)
    year = parse_day_count(basis, "basis") if basis is not None else default_day_count(params.as_of())
    rate = _cap_value(cap)
    with localcontext(prec=PRECISION):
        annualised = charge / principal * year / days
        out = {
            "charge": q2(charge),
            "principal": q2(principal),
            "days": days,
            "basis": year,
            "annualised_rate": annualised,
            "cap_annual_rate": rate,
        }
        if rate is None:
            out.update(
                allowed=None,
                excess=None,
                note="法律没有规定固定的上限数字，无法计算超出部分。",
            )
            return out
        allowed = principal * rate * days / year
        excess = charge - allowed if charge > allowed else ZERO
    out.update(
        allowed=q2(allowed),
        excess=q2(excess),
        note=f"上限金额 = 本金 × 年利率上限 × 天数 ÷ {year}；超出部分 = 实收费用 − 上限金额（不超出时为 0）。",
    )
    return out


def liquidated_damages_check(agreed, loss, *, on=None) -> dict:
    """The 30% guide for liquidated damages (违约金) against the loss.

    Reads the guide (``liquidated_damages_guide``) in force on ``on``
    (default: the book's as-of date). "超过造成的损失的百分之三十" is read, as
    usual, as: agreed damages > loss × (1 + guide). Meeting the guide is only
    a presumption ("一般可以认定"): the court still weighs the contract, the
    parties' fault and performance, and it applies only when the party in
    breach asks for a reduction. The article's text is unverified in data.
    """
    agreed = parse_amount(agreed, "agreed")
    loss = parse_amount(loss, "loss")
    day = parse_date(on, "on") if on is not None else params.as_of()
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
        "basis": (
            f"约定的违约金超过造成的损失的{_pct(guide)}的，人民法院一般可以认定为过分高于造成的损失"
            f"（《合同编通则解释》第65条；按通常理解，即违约金高于损失的 {1 + guide} 倍）。"
            "这只是一般认定：需违约方请求调减（《民法典》第585条），法院还要综合合同履行情况、过错程度等因素衡量；"
            "恶意违约的一方请求减少的，一般不予支持。"
        ),
        "provisions": list(ids),
        "warnings": _unverified_warnings(ids),
    }
