"""``python -m overdue``: absurd input gives exit code 2 and a bilingual message naming the field, never a traceback.

The cases are the ones a new user found (issue 18): amounts of 1e308 yuan, and a last due
date of 9999-12-31, which has no year 10002 to end in. They used to reach the engines'
arithmetic and were caught only by a last-resort "out of the computable range" net. Now
every option has a stated domain (overdue.kernel) and the reader of that option refuses
them first, naming it: exponent notation is refused with a message that says what to
type, and a date must lie in its range.
"""

from __future__ import annotations

import pytest

from overdue.present import cli


@pytest.mark.parametrize("argv,field,words_zh", [
    # 1e308: exponent notation is not read; the message says to write plain digits.
    (["apr", "--principal", "1e308", "--months", "12", "--monthly-fee-rate", "0.006"],
     "principal", "不要用科学计数法"),
    (["penalty", "--installment", "2025-01-10:1e308", "--daily-rate", "0.0005", "--as-of", "2025-03-01"],
     "installment", "不要用科学计数法"),
    (["lpr-interest", "--principal", "1e308", "--start", "2020-01-01", "--end", "2021-01-01", "--multiple", "4"],
     "principal", "不要用科学计数法"),
    # The same amount in plain digits is above the ceiling of ¥1,000,000,000,000.
    (["apr", "--principal", "1" + "0" * 308, "--months", "12", "--monthly-fee-rate", "0.006"],
     "principal", "不能超过 1,000,000,000,000 元"),
    # 9999-12-31 is after the limitation engine's last date, ten years after the book's
    # as-of date 2026-11-28: 2036-11-28.
    (["limitation", "--last-due", "9999-12-31"], "last_due", "1900-01-01 至 2036-11-28"),
    # A loan's dates run from 2013-01-01 to ten years after the book's as-of date 2026-11-28.
    (["penalty", "--installment", "0001-01-01:1000", "--daily-rate", "0.0005", "--as-of", "2025-03-01"],
     "installment", "2013-01-01 至 2036-11-28"),
    (["penalty", "--installment", "2025-01-10:1000", "--daily-rate", "0.0005", "--as-of", "9999-12-31"],
     "as_of", "2013-01-01 至 2036-11-28"),
])
def test_an_absurd_input_is_a_field_error_not_a_traceback(argv, field, words_zh, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert f"错误（{field}）" in err and f"error ({field})" in err
    assert words_zh in err
    assert "computable range" not in err and "Traceback" not in err


def test_a_field_error_names_the_field(capsys):
    # 2025-02-30 does not exist: the error names --last-due's field and says why.
    assert cli.main(["limitation", "--last-due", "2025-02-30"]) == 2
    err = capsys.readouterr().err
    assert "last_due" in err and "日期不存在" in err


def test_money_is_printed_as_decimal_strings(capsys):
    # 1,000 yuan, 50 days overdue (2025-01-11 .. 2025-03-01) at 0.05% a day:
    # 1000 × 0.0005 × 50 = 25.00 yuan of penalty; 1,025.00 due in all.
    assert cli.main(["penalty", "--installment", "2025-01-10:1000", "--daily-rate", "0.0005",
                     "--as-of", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert '"penalty": "25.00"' in out and '"total_due": "1025.00"' in out


def test_full_width_digits_are_read_as_the_same_numbers(capsys):
    # １０００ and ２０２５－０１－１０, as typed with a Chinese input method: the same 25.00 as above.
    assert cli.main(["penalty", "--installment", "２０２５－０１－１０:１０００", "--daily-rate", "０.０００５",
                     "--as-of", "2025-03-01"]) == 0
    assert '"penalty": "25.00"' in capsys.readouterr().out


def test_the_help_states_the_domain(capsys):
    with pytest.raises(SystemExit):
        cli.main(["penalty", "--help"])
    out = capsys.readouterr().out
    assert "2013-01-01" in out and "2036-11-28" in out and "1,000,000,000,000" in out and "1e3" in out
