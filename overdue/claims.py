"""The claims ledger (``data/claims.csv``): one row per claim of the article.

Columns: ``id``, ``section``, ``quote``, ``verdict``, ``provisions``
(space-separated provision ids), ``note``.
"""

from __future__ import annotations

from collections import Counter

from .data import load_csv

# The one fixed verdict scale, defined on the front page.
VERDICTS = ("准确", "基本准确但不完整", "有误导", "错误", "无法核实")

# The parts of the article, in order: the introduction, sections 一–七, comments.
SECTION_ZH = {
    "0": "导言",
    "1": "一、基本原则",
    "2": "二、初始催收措施",
    "3": "三、进一步催收措施",
    "4": "四、可能联系的对象范围",
    "5": "五、给联系人打电话是否违法",
    "6": "六、如何应对",
    "7": "七、总结",
    "c": "读者评论",
}


def load() -> list[dict]:
    rows = []
    for r in load_csv("claims.csv"):
        row = dict(r)
        row["provisions"] = row.get("provisions", "").split()
        rows.append(row)
    return rows


def by_id() -> dict:
    return {r["id"]: r for r in load()}


def verdict_counts() -> dict:
    counts = {s: Counter() for s in SECTION_ZH}
    for r in load():
        counts[r["section"]][r["verdict"]] += 1
    return {s: c for s, c in counts.items() if c}
