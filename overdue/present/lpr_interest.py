"""The ``lpr_interest`` command of ``python -m overdue``."""

from __future__ import annotations

from ..lpr_interest import lpr_interest


# --- Command line (python -m overdue) ------------------------------------------


def _run_cli(args) -> dict:
    return lpr_interest(
        args.principal,
        args.start,
        args.end,
        args.multiple,
        tenor=args.tenor,
        basis=args.basis,
        count=args.count,
        fixed_at=args.fixed_at,
        payments=args.payment or (),
    ).to_dict()


def register_cli(subparsers) -> None:
    p = subparsers.add_parser(
        "lpr-interest",
        help="按 LPR 倍数计算利息（遇 LPR 调整和还款分段）",
        description="以本金为基数，按一年期或五年期以上 LPR 的倍数计息；浮动利率遇 LPR 调整分段，"
        "也可固定为某日的 LPR。",
    )
    p.add_argument("--principal", required=True, help="本金（元）")
    p.add_argument("--start", required=True, help="起算日 YYYY-MM-DD")
    p.add_argument("--end", required=True, help="截止日 YYYY-MM-DD")
    p.add_argument("--multiple", required=True, help="LPR 的倍数，例如 1、1.3、1.5、4")
    p.add_argument("--tenor", default="1y", help="1y（一年期，默认）或 5y（五年期以上）")
    p.add_argument("--basis", help="一年的天数：365（默认）或 360")
    p.add_argument("--count", default="no-tail", help="no-tail（算头不算尾，默认）或 both（两头都算）")
    p.add_argument("--fixed-at", help="固定利率：取该日适用的 LPR")
    p.add_argument("--payment", action="append", metavar="DATE:AMOUNT", help="一笔还款（归还本金），可重复")
    p.set_defaults(run=_run_cli)
