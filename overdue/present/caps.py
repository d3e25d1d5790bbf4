"""The ``caps`` command of ``python -m overdue``."""

from __future__ import annotations

from ..caps import cap_for, excess_over_cap, liquidated_damages_check
from ..errors import InputError


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    result = cap_for(args.lender, args.contract_date, filing_date=args.filing_date)
    out = result.to_dict()
    given = [x is not None for x in (args.charge, args.principal, args.days)]
    if any(given):
        if not all(given):
            raise InputError(
                "charge",
                "计算超出部分需要同时给出 --charge、--principal 和 --days。",
                "--charge, --principal and --days go together",
            )
        out["excess"] = excess_over_cap(args.charge, args.principal, args.days, result, basis=args.basis)
    if args.damages is not None or args.loss is not None:
        if args.damages is None or args.loss is None:
            raise InputError(
                "damages", "违约金检查需要同时给出 --damages 和 --loss。", "--damages and --loss go together"
            )
        out["liquidated_damages"] = liquidated_damages_check(args.damages, args.loss)
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
    p.add_argument("--basis", help="一年的天数：360 或 365")
    p.add_argument("--damages", help="约定的违约金（元）")
    p.add_argument("--loss", help="实际损失（元）")
    p.set_defaults(run=_run_cli)
