"""``python -m overdue``: absurd input gives exit code 2 and a bilingual message, never a traceback.

The cases are the ones a new user found (issue 18): amounts of 1e308 yuan overflow the
exact decimal arithmetic, and a last due date of 9999-12-31 has no year 10002 to end in.
"""

from __future__ import annotations

import pytest

from overdue.present import cli


@pytest.mark.parametrize("argv", [
    ["apr", "--principal", "1e308", "--months", "12", "--monthly-fee-rate", "0.006"],
    ["penalty", "--installment", "2025-01-10:1e308", "--daily-rate", "0.0005", "--as-of", "2025-03-01"],
    ["limitation", "--last-due", "9999-12-31"],
])
def test_an_absurd_input_is_a_clear_error_not_a_traceback(argv, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "超出了可以计算的范围" in err and "out of the computable range" in err
    assert "Traceback" not in err


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
