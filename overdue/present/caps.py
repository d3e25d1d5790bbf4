"""Caps on interest and charges, in words: the explanation of each cap, its
warnings, the liquidated-damages guide, the notebooks' tables and the ``cap``
command of ``python -m overdue``. Engine: :mod:`overdue.caps`.

The engine returns the rule applied (``regime``, a segment's ``rule``), the
provision ids, the dated parameters it read and warning codes; every Chinese
sentence about a cap is built here from those, once.
"""

from __future__ import annotations

from .. import caps, law
from ..caps import cap_for, excess_over_cap, liquidated_damages_check
from ..errors import InputError
from .fmt import cites, pct, yuan

LENDER_ZH = {
    "private": "民间借贷的出借人",
    "bank": "银行",
    "consumer-finance": "消费金融公司",
    "small-loan": "小额贷款公司等地方金融组织",
}
REGIME_NATURE_ZH = {  # what kind of figure each regime gives
    "private-lending": "司法解释规定的上限：超过部分法院不予支持",
    "private-lending-transition": "司法解释的过渡规则：分两段适用，没有单一数字",
    "financial-loan-judicial-line": "司法政策性文件中的调减线：借款人可以请求调减超过部分",
    "no-fixed-figure": "法律和司法解释没有固定数字",
}


def _param(cap, name: str) -> dict:
    return next(p for p in cap.parameters if p["name"] == name)


def explanation_zh(cap) -> str:
    """Why this cap (or line, or no figure) applies, for a reader: from the
    :class:`~overdue.caps.CapResult`'s regime, figures and parameters."""
    if cap.regime == "private-lending":
        return (
            f"民间借贷：约定的利率（含逾期利率，以及逾期利息、违约金和其他费用的总计）不得超过合同成立时"
            f"一年期贷款市场报价利率（LPR）的{cap.multiple}倍。合同成立于 {cap.contract_date.isoformat()}，当时适用的是 "
            f"{cap.lpr_date.isoformat()} 公布的一年期 LPR {cap.lpr}%，上限为年利率 {pct(cap.cap_annual_rate)}"
            "（《民间借贷规定》第25、28、29条）。只适用于民间借贷，不适用于持牌金融机构。"
        )
    if cap.regime == "private-lending-transition":
        first = caps.lpr_first_publication().isoformat()
        before_end = cap.segments[0]["to"]
        new_rule = cap.segments[1]["from"]
        return (
            f"过渡期的民间借贷合同（成立于 {first} 至 {before_end} 之间）："
            f"依《民间借贷规定》第31条，{new_rule} 之后新受理的一审案件，"
            f"合同成立到 {before_end} 的利息可以请求适用当时的司法解释；"
            f"{new_rule} 到借款返还之日的利息，适用起诉时本规定的利率保护标准。"
            "因此没有单一的上限数字，见 segments。"
        )
    if cap.regime == "financial-loan-judicial-line":
        line = pct(cap.cap_annual_rate)
        read = _param(cap, "financial_loan_judicial_line")
        when = (f"起诉日 {read['on']}" if read["read_on"] == "filing_date" else f"本书基准日 {read['on']}")
        unverified = "；该文件的原文未能核实" if law.is_unverified("spc-fin-opinion-2017-2") else ""
        return (
            f"{LENDER_ZH[cap.lender]}发放的贷款是金融借款，不适用民间借贷的 LPR 倍数上限（《民间借贷规定》第1条第2款）。"
            f"法律和司法解释没有为金融借款规定利率上限数字。年利率 {line} 是最高人民法院"
            "《关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第二点中的司法调减线："
            f"借款人以利息、复利、罚息、违约金和其他费用过高为由，请求对总计超过年利率 {line} 的部分"
            "予以调减的，应予支持。这是借款人可以主张的调减线，出自司法政策性文件，不是司法解释，"
            f"也不是贷款人可以收取 {line} 的许可。"
            f"（按{when}的数值{unverified}。）"
        )
    if cap.regime == "no-fixed-figure":
        effective = law.provision("spc-reply-2020-27").get("effective", "")
        return (
            "小额贷款公司、融资担保公司、典当行、融资租赁公司、商业保理公司、地方资产管理公司等地方金融组织，"
            "属于经金融监管部门批准设立的金融机构，其因从事相关金融业务引发的纠纷，不适用新的民间借贷司法解释"
            f"（法释〔2020〕27号批复，自 {effective} 起施行），因此不适用民间借贷的 LPR 倍数上限。"
            "法律和司法解释没有为它们规定固定的利率上限数字。审判实践做法不一，本计算器不给出数字。"
        )
    raise KeyError(f"no wording for regime {cap.regime!r}")


def segment_zh(segment: dict) -> str:
    """One period of a transition contract (``CapResult.segments``)."""
    if segment["rule"] == "then-current-interpretation":
        return ("合同成立至该日的利息，当事人可以请求适用当时的司法解释。"
                "当时的规则不是 LPR 的倍数，本书的数据没有收录，本计算器不给出数字。")
    if segment["cap_annual_rate"] is None:
        return ("自该日起至借款返还之日的利息，适用起诉时《民间借贷规定》的利率保护标准，"
                "即起诉时一年期 LPR 的倍数；需要起诉日（filing_date）才能算出。")
    return (f"自该日起至借款返还之日的利息，适用起诉时的利率保护标准：起诉日 {segment['filing_date']} "
            f"适用 {segment['lpr_date']} 公布的一年期 LPR {segment['lpr']}%，{segment['multiple']}倍即年利率 "
            f"{pct(segment['cap_annual_rate'])}。")


def warnings_zh(warnings) -> list[str]:
    """The caps engine's warning codes, in Chinese."""
    out = []
    for w in warnings:
        if w["code"] == "provision-unverified":
            out.append(f"{law.cite(w['provision'])}的原文未能从官方来源核实（data/provisions.yaml 标为 unverified），"
                       "以下说明依据转引的文字。")
        elif w["code"] == "lpr-beyond-confirmed":
            out.append(f"{w['on']} 晚于 LPR 表最后核实的日期 {w['last_confirmed']}；"
                       "按表中最后一个利率计算，请核对当日实际公布的 LPR。")
        else:
            raise KeyError(f"no wording for warning {w['code']!r}")
    return out


def damages_explanation_zh(check: dict) -> str:
    """The 30% guide (``liquidated_damages_check``'s dict), in words."""
    guide = check["guide"]
    return (
        f"约定的违约金超过造成损失的{pct(guide)}的，人民法院一般可以认定为过分高于造成的损失"
        f"（《合同编通则解释》第65条；按通常理解，即违约金高于损失的 {1 + guide} 倍）。"
        "这只是一般认定：需违约方请求调减（《民法典》第585条），法院还要综合合同履行情况、过错程度等因素衡量；"
        "恶意违约的一方请求减少的，一般不予支持。"
    )


def excess_note_zh(check: dict) -> str:
    """How ``excess_over_cap`` computed (or why it could not)."""
    if check["outcome"] == "no-figure":
        return "法律没有规定固定的上限数字，无法计算超出部分。"
    return (f"上限金额 = 本金 × 年利率上限 × 天数 ÷ {check['day_count']}；"
            "超出部分 = 实收费用 − 上限金额（不超出时为 0）。")


# --- pandas views for the notebooks ----------------------------------------------


def caps_frame(results):
    """One row per :class:`~overdue.caps.CapResult`: the lender, the figure, its nature, the provisions."""
    import pandas as pd

    return pd.DataFrame([
        {"出借人": LENDER_ZH[c.lender], "年利率上限或调减线": pct(c.cap_annual_rate, 1),
         "性质": REGIME_NATURE_ZH[c.regime], "依据": cites(c.provisions)}
        for c in results
    ])


BUSINESS_ZH = {"internet-assisted": "与平台合作的互联网助贷"}


def regulatory_frame(limits):
    """One row per :class:`~overdue.caps.RegulatoryLimit`: whom it binds, the figure on the
    contract date, its force and its source (reported documents say so)."""
    import pandas as pd

    from .. import law

    rows = []
    for r in limits:
        figure = (f"年化 {pct(r.rate, 0)}" if r.rate is not None
                  else f"合同成立日 {r.contract_date.isoformat()} 尚未施行（{r.since.isoformat()} 起）")
        source = cites(r.provisions) + ("（据报道，原文未核实）" if r.unverified else "")
        rows.append({"约束谁": f"{LENDER_ZH[r.lender]}：{BUSINESS_ZH[r.business]}", "综合融资成本上限": figure,
                     "性质": law.FORCE_ZH[r.force],
                     "依据": source})
    return pd.DataFrame(rows)


def above_cap_frame(pairs):
    """One row per (CapResult, :func:`~overdue.caps.penalty_above_cap` check): the
    contract's rate annualised, the figure, the penalty at the cap rate and the excess."""
    import pandas as pd

    rows = []
    for cap, check in pairs:
        rows.append({
            "出借人": LENDER_ZH[cap.lender],
            "合同罚息折合年利率": pct(check.annualised_rate, 2),
            "年利率上限或调减线": pct(check.cap_annual_rate, 1),
            "上限内金额（元）": yuan(check.penalty_at_cap) if check.penalty_at_cap is not None else "—",
            "超出部分（元）": yuan(check.excess) if check.excess is not None else "无法计算",
        })
    return pd.DataFrame(rows)


def damages_frame(checks: dict, *, label: str = "示例假设"):
    """One row per named ``liquidated_damages_check`` dict (name → check)."""
    import pandas as pd

    rows = []
    for name, check in checks.items():
        rows.append({
            label: name,
            "假设的损失（元）": yuan(check["loss"]),
            f"损失×(1+{pct(check['guide'])})（元）": yuan(check["threshold"]),
            "合同罚息（元）": yuan(check["agreed"]),
            "一般可认定过分高于损失": "是" if check["presumed_excessive"] else "否",
        })
    return pd.DataFrame(rows)


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    result = cap_for(args.lender, args.contract_date, filing_date=args.filing_date)
    out = result.to_dict()
    out["explanation_zh"] = explanation_zh(result)
    if result.segments:
        for seg in out["segments"]:
            seg["explanation_zh"] = segment_zh(seg)
    out["warnings_zh"] = warnings_zh(result.warnings)
    given = [x is not None for x in (args.charge, args.principal, args.days)]
    if any(given):
        if not all(given):
            raise InputError(
                "charge",
                "计算超出部分需要同时给出 --charge、--principal 和 --days。",
                "--charge, --principal and --days go together",
            )
        excess = excess_over_cap(args.charge, args.principal, args.days, result, day_count=args.day_count)
        out["excess"] = excess | {"note_zh": excess_note_zh(excess)}
    if args.damages is not None or args.loss is not None:
        if args.damages is None or args.loss is None:
            raise InputError(
                "damages", "违约金检查需要同时给出 --damages 和 --loss。", "--damages and --loss go together"
            )
        check = liquidated_damages_check(args.damages, args.loss)
        out["liquidated_damages"] = check | {"explanation_zh": damages_explanation_zh(check),
                                             "warnings_zh": warnings_zh(check["warnings"])}
    return out


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "cap",
        help="按出借人类型和合同成立日给出利率上限及其依据",
        description="利率上限及其法律依据；可同时计算一笔费用超出上限的部分。",
    )
    p.add_argument("--lender", required=True, help="private | bank | consumer-finance | small-loan")
    p.add_argument("--contract-date", required=True, help="合同成立日 YYYY-MM-DD")
    p.add_argument("--filing-date", help="起诉日 YYYY-MM-DD（过渡期民间借贷、金融借款调减线用）")
    p.add_argument("--charge", help="实收的利息、罚息和费用合计（元）")
    p.add_argument("--principal", help="本金（元）")
    p.add_argument("--days", help="占用天数")
    p.add_argument("--day-count", help="一年的天数：360 或 365（默认按合同成立日的本书惯例）")
    p.add_argument("--damages", help="约定的违约金（元）")
    p.add_argument("--loss", help="实际损失（元）")
    p.set_defaults(run=_run_cli)
