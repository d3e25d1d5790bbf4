"""Command line: ``python -m overdue <command> …``, JSON on stdout.

The sub-commands live in the presentation layer, beside the calculator they
belong to (``register_cli`` functions of :mod:`overdue.present`'s modules);
the handler each sets as ``run`` takes the parsed arguments and returns a
JSON-serialisable object. Money and rates are printed as decimal strings
(``"1234.50"``, ``"0.0005"``), never as binary floats.

Bad input exits with code 2 and a short error in Chinese and English that
names the field, on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from decimal import Decimal

from .._version import __version__
from ..errors import InputError

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
)


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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m overdue",
        description="分期乐逾期注释本的计算引擎（penalty interest, APR, caps, limitation, conduct）。",
    )
    parser.add_argument("--version", action="version", version=f"overdue {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module, register in COMMANDS:
        getattr(importlib.import_module(f"overdue.present.{module}"), register)(sub)
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
        # An absurd number or date overflows an engine's arithmetic (the same net as
        # overdue.present.compute): a clear error, never a traceback.
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
