"""Command line: ``python -m overdue <command> …``, JSON on stdout.

The sub-commands live in the presentation layer, beside the calculator they
belong to (``register_cli`` functions of :mod:`overdue.present`'s modules);
the handler each sets as ``run`` takes the parsed arguments and returns a
JSON-serialisable object. Money and rates are printed as decimal strings
(``"1234.50"``, ``"0.0005"``), never as binary floats.

Bad input exits with code 2 and a short error in Chinese and English that
names the field, on stderr. Every option has the same stated domain as the
calculators' form fields (:mod:`overdue.kernel`, "The input domain"): dates
from 2013-01-01 to ten years after the book's as-of date, amounts up to ¥1
trillion in whole fen, plain decimal numbers (full-width digits are read;
``1e3`` is refused), bounded counts. ``python -m overdue --help`` says so.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from decimal import Decimal

from .._version import __version__
from ..errors import InputError
from ..kernel import MAX_AMOUNT, MAX_INSTALLMENTS, MAX_PAYMENTS, RATE_DECIMALS, loan_dates

# (module of overdue.present, its register function), in the order shown by --help.
COMMANDS = (
    ("penalty", "register_cli"),
    ("apr", "register_cli"),
    ("caps", "register_cli"),
    ("lpr_interest", "register_cli"),
    ("limitation", "register_limitation_cli"),
    ("limitation", "register_timeline_cli"),
    ("conduct", "register_cli"),
    ("plan", "register_cli"),
    ("letters", "register_cli"),
)


# The commands whose every input lies in the domain of overdue.kernel (the limitation and
# timeline commands read their dates in the kernel's calendar range).
DOMAIN_COMMANDS = ("penalty", "apr", "cap", "lpr-interest", "conduct", "plan")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own usage errors: still exit 2, bilingual
        self.print_usage(sys.stderr)
        sys.stderr.write(f"错误：命令行参数有误（{message}）\nerror: {message}\n")
        raise SystemExit(2)


def _default(obj):
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def domain_help_zh() -> str:
    """The input domain in words, for ``--help`` (from :mod:`overdue.kernel`)."""
    dates = loan_dates()
    return (
        f"输入范围：借款的日期（到期日、还款日、计算日期、合同成立日等）在 {dates.first.isoformat()} 至 "
        f"{dates.last.isoformat()} 之间（{dates.why_zh}）；金额大于 0、不超过 {MAX_AMOUNT:,f} 元，最多两位小数；"
        f"利率按小数填写，最多 {RATE_DECIMALS} 位小数；最多 {MAX_INSTALLMENTS} 期分期、{MAX_PAYMENTS} 笔还款。"
        "数字只写阿拉伯数字和小数点（全角数字也可以），不用科学计数法（1e3）或千位分隔符。超出范围的输入报错（退出码 2），不会被改动。"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m overdue",
        description="分期乐逾期注释本的计算引擎（penalty interest, APR, caps, limitation, conduct）。",
        epilog=domain_help_zh(),
    )
    parser.add_argument("--version", action="version", version=f"overdue {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module, register in COMMANDS:
        getattr(importlib.import_module(f"overdue.present.{module}"), register)(sub)
    for name, command in sub.choices.items():
        if name in DOMAIN_COMMANDS and not command.epilog:
            command.epilog = parser.epilog
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.run(args)
    except InputError as err:
        sys.stderr.write(
            f"错误（{err.field}）：{err.message_zh}\nerror ({err.field}): {err.message_en}\n"
        )
        return 2
    except (ArithmeticError, ValueError, RecursionError) as err:
        # The last net, as in overdue.present.compute: never reached inside the stated
        # domain (tests/test_fuzz.py), still never a traceback.
        sys.stderr.write(
            "错误：输入的数额、天数或日期超出了可以计算的范围，请检查各项输入。\n"
            f"error: input out of the computable range ({type(err).__name__})\n"
        )
        return 2
    try:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=_default)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader closed the pipe (e.g. `| head`): not an error of ours
        sys.stdout = None
    return 0
