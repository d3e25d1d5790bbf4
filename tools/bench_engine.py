"""Benchmark of the penalty engine (issue 4 §6). Prints figures; asserts nothing about speed.

A loan of 36 monthly instalments with 12 partial payments over three years:

* the interval engine (``overdue.penalty_interest.compute_penalty``) against the naive
  day-by-day reference (``compute_penalty_daily``, written separately: its own state and
  allocation, nothing of the engine's computation), both times and the ratio;
* one recompute as a widget would trigger it (a slider moves the as-of date,
  the engine recomputes and the result is turned into the dict the widget
  shows): the median and the 95th percentile over many recomputes.

Run: ``.venv/bin/python tools/bench_engine.py [--repeat N] [--widget N]``.
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

from overdue.penalty_interest import compute_penalty, compute_penalty_daily  # noqa: E402

FIRST_DUE = dt.date(2023, 1, 10)


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)


def scenario():
    installments = [(add_months(FIRST_DUE, k), Decimal("1072.00")) for k in range(36)]
    # A partial payment every quarter, late and short: 12 payments over three years.
    payments = [
        (add_months(FIRST_DUE, 3 * k) + dt.timedelta(days=17), Decimal("1500.00") + 37 * k)
        for k in range(12)
    ]
    as_of = add_months(FIRST_DUE, 36)
    return installments, payments, as_of


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each engine (best is kept)")
    parser.add_argument("--widget", type=int, default=200, help="number of widget recomputes")
    args = parser.parse_args(argv)

    installments, payments, as_of = scenario()
    kw = dict(daily_rate="0.0005", as_of=as_of, order="561")

    fast = compute_penalty(installments, payments, **kw)
    slow = compute_penalty_daily(installments, payments, **kw)
    same = fast.totals == slow.totals

    t_fast = best_of(lambda: compute_penalty(installments, payments, **kw), args.repeat)
    t_slow = best_of(lambda: compute_penalty_daily(installments, payments, **kw), args.repeat)

    # Widget: a slider moves the as-of date across the three years; each move recomputes
    # the ledger and builds the dict the widget renders.
    span = (as_of - payments[-1][0]).days
    samples = []
    for k in range(args.widget):
        day = payments[-1][0] + dt.timedelta(days=k % (span + 1))
        start = time.perf_counter()
        compute_penalty(installments, payments, **dict(kw, as_of=day)).to_dict(ledger=True)
        samples.append(time.perf_counter() - start)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]

    days = (as_of - installments[0][0]).days
    print(f"scenario: {len(installments)} instalments, {len(payments)} partial payments, "
          f"{days} days ({installments[0][0]} .. {as_of})")
    print(f"ledger rows (interval engine): {len(fast.ledger)}; penalty {fast.to_dict()['penalty']} yuan; "
          f"engines agree exactly: {same}")
    print(f"interval engine : {t_fast * 1000:9.2f} ms  (best of {args.repeat})")
    print(f"naive daily loop: {t_slow * 1000:9.2f} ms  (best of {args.repeat})")
    print(f"ratio naive / interval: {t_slow / t_fast:.1f}x")
    print(f"widget recompute (engine + to_dict with ledger), n={len(samples)}: "
          f"median {median * 1000:.2f} ms, 95th percentile {p95 * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
