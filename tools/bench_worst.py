"""The worst case inside the input domain (issue 18 §3). Prints figures and writes a plot; asserts nothing.

* Scaling curves, in CPython: the time of a whole calculator (``overdue.present.render``:
  parsing, every engine run, tables, chart and HTML, as a reader waits for it) against
  the number of instalments, of payments, of days and of plan months, each up to its
  domain limit (``overdue.kernel``, ``overdue.planning``); and of contacts in a contact
  log, of APR months and of LPR-interest payments.
* The ratio of the naive day-by-day loop (``penalty_interest.compute_penalty_daily``)
  to the interval engine (``compute_penalty``) at 36 instalments × 3 years and at the
  domain limit (360 instalments, 1,000 payments, every day of the date domain).
* The slowest input a fuzzer finds: hypothesis, steered by ``target()`` towards slow
  inputs, draws forms of every calculator inside the domain (the strategies of
  tests/test_fuzz.py, and larger loans up to the limits).
* The plot of the curves: ``_build/bench/worst.svg`` (matplotlib, log-log).

Every time is the best of a few runs on this machine. The budget is 1 s per input
(issue 18); a line ends with ``OVER 1 s`` where it is exceeded.

Run: ``.venv/bin/python tools/bench_worst.py [--repeat N] [--search N] [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateutil.relativedelta import relativedelta  # noqa: E402

from overdue import kernel, planning, present  # noqa: E402
from overdue.apr import MAX_MONTHS as APR_MONTHS  # noqa: E402
from overdue.lpr_interest import lpr_interest  # noqa: E402
from overdue.penalty_interest import compute_penalty, compute_penalty_daily  # noqa: E402

OUT = ROOT / "_build" / "bench"
BUDGET = 1.0  # seconds, per accepted input (issue 18)
DATES = kernel.loan_dates()
FIRST_DUE = DATES.first + dt.timedelta(days=9)  # 2013-01-10


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def lines(items) -> str:
    return "\n".join(f"{d.isoformat()}:{a}" for d, a in items)


def spread(first: dt.date, last: dt.date, n: int) -> list[dt.date]:
    """``n`` dates spread evenly over ``first..last``."""
    span = (last - first).days
    return [first + dt.timedelta(days=(k * span) // max(n, 1)) for k in range(n)]


def penalty_case(n: int, payments: int, as_of: dt.date, *, amount="5000.00", pay="123.45") -> dict:
    """A penalty form: ``n`` instalments (monthly while they fit, else spread over the years
    before ``as_of``), ``payments`` small payments spread over the whole period, a private
    lender above the cap (so the calculator runs the engine three times: the contract's
    rate, the other allocation order and the cap rate)."""
    monthly = [FIRST_DUE + relativedelta(months=k) for k in range(n)]
    dues = monthly if n and monthly[-1] < as_of else spread(FIRST_DUE, as_of - dt.timedelta(days=1), n)
    pays = [(d, pay) for d in spread(FIRST_DUE, as_of, payments)]
    return {"installments": lines((d, amount) for d in dues), "payments": lines(pays),
            "as_of": as_of.isoformat(), "rate_kind": "daily", "rate": "0.05", "lender": "private",
            "contract_date": "2021-01-01"}


def plan_case(n: int, months: int, amounts=("300",), amount="5000.00") -> dict:
    """The issue's case: ``n`` monthly instalments of 5,000 yuan from 2023-01-10, 300 a month
    from 2026-11-28 (oldest first: each payment clears the oldest instalment's penalty, so
    the ``never`` test does not stop it), at most ``months`` months."""
    start = dt.date(2023, 1, 10)
    dues = [start + relativedelta(months=k) for k in range(n)]
    if dues[-1] > dt.date(2026, 11, 28):
        dues = spread(kernel.FIRST_DATE, dt.date(2026, 11, 27), n)
    return {"installments": lines((d, amount) for d in dues), "rate": "0.05", "start": "2026-11-28",
            "monthly": ", ".join(amounts), "max_months": str(months)}


def contact_log(rows: int) -> str:
    """A log of ``rows`` contacts, one a day or more, to many people, with stop requests
    and wording to match (the rules' work grows with contacts × days × people)."""
    head = "时间,渠道,联系对象,是否透露欠款,是否接通,号码,是否要求停止,催收方,摘要"
    who = ["本人", "紧急联系人", "单位/同事", "通讯录联系人", "其他第三人"]
    out = [head]
    for k in range(rows):
        day = dt.date(2025, 3, 1) + dt.timedelta(days=k % 1000)  # stays inside the date domain
        out.append(f"{day} {(k * 7) % 24:02d}:{(k * 13) % 60:02d},{['电话', '短信', '即时通讯'][k % 3]},"
                   f"{who[k % 5]},{'是' if k % 2 else '否'},{'是' if k % 3 else '否'},1{k:05d},"
                   f"{'是' if k % 4 == 0 else '否'},某催收公司,再不还就爆通讯录 告诉你家人 你等着坐牢吧")
    return "\n".join(out) + "\n"


def render_time(name: str, form: dict, repeat: int) -> float:
    result = present.render(name, form)
    if not result["ok"]:
        raise SystemExit(f"bench input refused: {name}: {result['error']}")
    return best_of(lambda: present.render(name, form), repeat)


def flag(t: float) -> str:
    return "  OVER 1 s" if t > BUDGET else ""


def curves(repeat: int, quick: bool) -> dict:
    """name → (x label, [(x, seconds)])."""
    last = DATES.last
    out = {}
    xs = [1, 12, 36, 120, kernel.MAX_INSTALLMENTS]
    out["penalty: instalments (36 payments, as-of at the domain's end)"] = ("instalments", [
        (n, render_time("penalty", penalty_case(n, 36, last), repeat)) for n in xs])
    xs = [0, 10, 100, 300, kernel.MAX_PAYMENTS]
    out["penalty: payments (36 instalments)"] = ("payments", [
        (p, render_time("penalty", penalty_case(36, p, last), repeat)) for p in xs])
    xs = [365, 3 * 365, 10 * 365, (last - FIRST_DUE).days]
    out["penalty: days (36 instalments, 36 payments)"] = ("days from the first due date", [
        (d, render_time("penalty", penalty_case(36, 36, FIRST_DUE + dt.timedelta(days=d)), repeat)) for d in xs])
    def daily(d):  # the naive reference on the same input (the engine alone)
        f = penalty_case(36, 36, FIRST_DUE + dt.timedelta(days=d))
        return best_of(lambda: compute_penalty_daily(f["installments"].splitlines(), f["payments"].splitlines(),
                                                     daily_rate="0.0005", as_of=f["as_of"]), 1)

    out["naive daily loop (engine alone): days (36 instalments, 36 payments)"] = (
        "days from the first due date", [(d, daily(d)) for d in xs])
    out["penalty: instalments and payments at their limits"] = ("instalments (= payments / 2.8)", [
        (n, render_time("penalty", penalty_case(n, round(n * kernel.MAX_PAYMENTS / kernel.MAX_INSTALLMENTS), last),
                        repeat)) for n in [36, 120, kernel.MAX_INSTALLMENTS]])
    xs = [12, 60, 120, 300, planning.MAX_MONTHS]
    out["plan: months (36 × 5,000 yuan, 300 a month)"] = ("plan months", [
        (m, render_time("plan", plan_case(36, m), repeat)) for m in xs])
    ten = tuple(str(300 + 10 * k) for k in range(planning.MAX_PLANS))
    out[f"plan: months, {planning.MAX_PLANS} amounts, {kernel.MAX_INSTALLMENTS} instalments"] = ("plan months", [
        (m, render_time("plan", plan_case(kernel.MAX_INSTALLMENTS, m, ten, "500.00"), max(1, repeat // 2)))
        for m in ([12, 120, planning.MAX_MONTHS] if not quick else [12, planning.MAX_MONTHS])])
    xs = [10, 100, 250, kernel.MAX_LOG_CONTACTS]
    out["conduct: contacts in the log"] = ("contacts", [
        (r, render_time("conduct", {"csv": contact_log(r), "borrower_reachable_until": "2025-06-01"}, repeat))
        for r in xs])
    xs = [1, 12, 120, APR_MONTHS]
    out["apr: months"] = ("months", [
        (m, render_time("apr", {"months": str(m), "monthly_fee_rate": "0.6"}, repeat)) for m in xs])
    xs = [0, 100, kernel.MAX_PAYMENTS]
    out["lpr-interest (engine): payments, 2019-08-20 .. the domain's end"] = ("payments", [
        (p, best_of(lambda p=p: lpr_interest(
            "1000000", "2019-08-20", last.isoformat(), "4",
            payments=[f"{d}:1.00" for d in spread(dt.date(2019, 8, 21), last, p)]), repeat)) for p in xs])
    return out


def ratios(repeat: int) -> list[tuple[str, float, float]]:
    """(case, interval engine seconds, naive daily loop seconds)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import bench_engine  # the 36 × 3 years scenario of make bench

    insts, pays, as_of = bench_engine.scenario()
    out = []
    kw = dict(daily_rate="0.0005", as_of=as_of)
    out.append(("36 instalments, 12 payments, 3 years (tools/bench_engine.py)",
                best_of(lambda: compute_penalty(insts, pays, **kw), repeat * 3),
                best_of(lambda: compute_penalty_daily(insts, pays, **kw), repeat)))
    last = DATES.last
    dues = spread(kernel.FIRST_DATE, last - dt.timedelta(days=1), kernel.MAX_INSTALLMENTS)
    insts = [(d, "5000.00") for d in dues]
    pays = [(d, "123.45") for d in spread(kernel.FIRST_DATE, last, kernel.MAX_PAYMENTS)]
    kw = dict(daily_rate="0.0005", as_of=last)
    days = (last - kernel.FIRST_DATE).days
    out.append((f"the domain limit: {kernel.MAX_INSTALLMENTS} instalments, {kernel.MAX_PAYMENTS} payments, "
                f"{days} days", best_of(lambda: compute_penalty(insts, pays, **kw), repeat),
                best_of(lambda: compute_penalty_daily(insts, pays, **kw), 1)))
    return out


def _load_fuzz():
    spec = importlib.util.spec_from_file_location("test_fuzz", ROOT / "tests" / "test_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["test_fuzz"] = module
    spec.loader.exec_module(module)
    return module


def slowest(examples: int) -> list[tuple[str, float, dict]]:
    """(calculator, seconds, form) of the slowest accepted input found, per calculator."""
    from hypothesis import HealthCheck, Phase, given, settings, target
    from hypothesis import strategies as st

    fuzz = _load_fuzz()
    last = DATES.last

    @st.composite
    def big_penalty(draw):
        n = draw(st.integers(1, kernel.MAX_INSTALLMENTS))
        p = draw(st.integers(0, kernel.MAX_PAYMENTS))
        form = penalty_case(n, p, draw(st.dates(dt.date(2020, 1, 1), last)))
        form.update(order=draw(st.sampled_from(["561", "principal-first"])),
                    grace_days=str(draw(st.integers(0, kernel.MAX_GRACE_DAYS))),
                    rate_kind="annual", rate=draw(st.sampled_from(["18", "36", "365"])),
                    lender=draw(st.sampled_from(["private", "bank"])))
        return form

    @st.composite
    def big_plan(draw):
        n = draw(st.integers(1, kernel.MAX_INSTALLMENTS))
        k = draw(st.integers(1, planning.MAX_PLANS))
        amounts = tuple(str(draw(st.integers(1, 20000))) for _ in range(k))
        form = plan_case(n, draw(st.integers(1, planning.MAX_MONTHS)), amounts, draw(st.sampled_from(
            ["100.00", "500.00", "5000.00"])))
        form["order"] = draw(st.sampled_from(["561", "principal-first"]))
        return form

    searches = {
        "penalty": st.one_of(fuzz.penalty_forms(), big_penalty()),
        "plan": st.one_of(fuzz.plan_forms(), big_plan()),
        "conduct": st.one_of(fuzz.valid_logs(), st.integers(1, kernel.MAX_LOG_CONTACTS).map(
            lambda r: {"csv": contact_log(r)})),
        "limitation": fuzz.limitation_forms(),
        "apr": st.fixed_dictionaries({"months": st.integers(1, APR_MONTHS).map(str),
                                      "principal": fuzz.amounts(), "monthly_fee_rate": fuzz.percents(),
                                      "upfront_fee": fuzz.amounts(zero=True)}),
    }
    def searcher(name, strategy, worst):
        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.target])
        @given(strategy)
        def search(form):
            start = time.perf_counter()
            result = present.render(name, form)
            elapsed = time.perf_counter() - start
            if result["ok"]:
                target(elapsed, label=name)
                if elapsed > worst[0]:
                    worst[:] = [elapsed, form]

        return search

    found = []
    for name, strategy in searches.items():
        worst = [0.0, None]
        searcher(name, strategy, worst)()
        if worst[1] is not None:
            again = best_of(lambda: present.render(name, worst[1]), 3)  # the same input, timed again
            found.append((name, again, worst[1]))
    return found


def describe(form: dict) -> str:
    parts = []
    for key, value in form.items():
        text = str(value)
        count = len([x for x in text.splitlines() if x.strip()])
        parts.append(f"{key}=<{count} lines>" if count > 3 else f"{key}={text[:40]!r}")
    return ", ".join(parts)


def plot(curves_: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6))
    for label, (_, points) in curves_.items():
        xs = [max(x, 1) for x, _ in points]
        ax.plot(xs, [t * 1000 for _, t in points], marker="o", label=label)
    ax.axhline(BUDGET * 1000, color="red", linestyle="--", label="budget: 1 s")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("size of the input (instalments, payments, days, months, contacts)")
    ax.set_ylabel("ms (best of a few runs, CPython)")
    ax.set_title("Worst cases inside the input domain (tools/bench_worst.py)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each input (best is kept)")
    parser.add_argument("--search", type=int, default=60, help="fuzzer examples per calculator")
    parser.add_argument("--quick", action="store_true", help="fewer points (a smoke run)")
    args = parser.parse_args(argv)

    print(f"Input domain: dates {DATES.first}..{DATES.last}, at most {kernel.MAX_INSTALLMENTS} instalments, "
          f"{kernel.MAX_PAYMENTS} payments, {planning.MAX_MONTHS} plan months × {planning.MAX_PLANS} amounts, "
          f"{kernel.MAX_LOG_CONTACTS} contacts. Budget: {BUDGET:.0f} s per input.")
    print("\nScaling (a whole calculator, present.render; the LPR line is the engine alone):")
    found = curves(args.repeat, args.quick)
    worst = 0.0
    for label, (xlabel, points) in found.items():
        print(f"  {label}")
        for x, t in points:
            worst = max(worst, t)
            print(f"    {xlabel} = {x:>6}: {t * 1000:8.1f} ms{flag(t)}")

    print("\nThe interval engine against the naive daily loop (compute_penalty_daily):")
    for case, fast, naive in ratios(args.repeat):
        print(f"  {case}: interval {fast * 1000:.1f} ms, daily {naive * 1000:.1f} ms, ratio {naive / fast:.0f}×")

    print(f"\nThe slowest accepted input the fuzzer found ({args.search} examples per calculator, "
          "steered by hypothesis.target):")
    for name, t, form in slowest(args.search):
        worst = max(worst, t)
        print(f"  {name}: {t * 1000:.1f} ms{flag(t)}: {describe(form)}")

    path = OUT / "worst.svg"
    plot(found, path)
    print(f"\nWorst time inside the domain: {worst * 1000:.0f} ms ({'within' if worst <= BUDGET else 'OVER'} "
          f"the {BUDGET:.0f} s budget). Plot: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
