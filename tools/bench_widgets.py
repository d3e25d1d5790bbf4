"""Benchmark of a widget recompute (issue 8 §2). Prints figures; asserts nothing.

The largest default scenario: the penalty calculator with 36 monthly
instalments and 12 partial payments. One recompute is what a reader triggers by
changing an input: the observe callback parses the form, runs the engines
(the penalty under the chosen order, both orders for the comparison, the cap
and the penalty at the cap rate), shapes the tables, draws the SVG figure and
writes the widgets' values. Inputs alternate between the daily rate and the
as-of date so that every recompute sees a real change.

Run: ``.venv/bin/python tools/bench_widgets.py [--n N]``. Wall-clock time is
what the reader waits; CPU time is shown as well, because a busy shared
machine inflates the wall clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST_DUE = dt.date(2023, 1, 10)


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


def scenario_form() -> dict[str, str]:
    """36 instalments, 12 late partial payments (the same loan as tools/bench_engine.py)."""
    inst = [f"{add_months(FIRST_DUE, k)}:1072.00" for k in range(36)]
    pays = [f"{add_months(FIRST_DUE, 3 * k) + dt.timedelta(days=17)}:{Decimal('1500.00') + 37 * k}"
            for k in range(12)]
    return {
        "installments": "\n".join(inst),
        "payments": "\n".join(pays),
        "as_of": add_months(FIRST_DUE, 36).isoformat(),
        "lender": "private",
        "contract_date": "2022-12-10",
    }


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(round(q * (len(sorted_values) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of recomputes")
    args = parser.parse_args(argv)

    from overdue.widgets import penalty_calculator

    calc = penalty_calculator().calculator
    form = scenario_form()
    for key, value in form.items():
        calc.inputs[key].value = value
    if calc.message.value:
        print("scenario rejected:", calc.message.value)
        return 1
    last = dt.date.fromisoformat(form["as_of"])
    walls, cpus = [], []
    for k in range(args.n + 10):
        if k % 2:
            name, value = "rate", f"{Decimal('0.05') + Decimal(k % 7) / 1000}"
        else:
            name, value = "as_of", (last - dt.timedelta(days=k % 9)).isoformat()
        if calc.inputs[name].value == value:
            value = value + "0" if name == "rate" else (last + dt.timedelta(days=1)).isoformat()
        w0, c0 = time.perf_counter(), time.process_time()
        calc.inputs[name].value = value
        w1, c1 = time.perf_counter(), time.process_time()
        assert not calc.message.value, calc.message.value
        if k >= 10:  # warm-up
            walls.append((w1 - w0) * 1000)
            cpus.append((c1 - c0) * 1000)
    walls.sort()
    cpus.sort()
    rows = calc.result["tables"][4]["rows"]
    print(f"scenario: 36 instalments, 12 partial payments, {len(rows)} ledger rows; "
          f"figure {len(calc.figure.value)} bytes of SVG")
    print(f"widget recompute (engine + frontend + widget update), n={len(walls)}: "
          f"median {statistics.median(walls):.2f} ms, 95th percentile {percentile(walls, 0.95):.2f} ms "
          f"(wall clock)")
    print(f"  CPU time: median {statistics.median(cpus):.2f} ms, 95th percentile "
          f"{percentile(cpus, 0.95):.2f} ms; budget 50 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
