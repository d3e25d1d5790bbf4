"""Law lookup: the same citations in notebooks as in the built book.

``cite("civil-code-676")`` gives ``《民法典》第676条``; ``text(...)`` gives the
verbatim article from ``data/provisions.yaml``.
"""

from __future__ import annotations

import functools
import re

from .data import load_yaml

# The kinds of rule. The book keeps four groups apart: statute, judicial
# interpretation and 行政法规 (law, judicial-interpretation, regulation); the
# financial regulators' own rules (departmental-rule = 部门规章,
# regulatory-document = 规范性文件), which bind the licensed lenders they
# supervise; the courts' policy documents (judicial-policy); and recommended
# standards and self-regulation, which are not law.
FORCE_ZH = {
    "law": "法律",
    "judicial-interpretation": "司法解释",
    "judicial-policy": "司法政策性文件（非司法解释）",
    "regulation": "行政法规",
    "departmental-rule": "部门规章（金融监管）",
    "regulatory-document": "监管规范性文件（非法律、非规章）",
    "national-standard-recommended": "推荐性国家标准（非强制）",
    "self-regulation": "行业自律规范（非法律）",
    "convention": "行业惯例或计算惯例（非法律）",
    "unverified": "未能核实",
}

STATUS_ZH = {"in-force": "现行有效", "superseded": "已被取代", "unverified": "未核实"}

ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@functools.lru_cache(maxsize=None)
def laws() -> dict:
    return load_yaml("laws.yaml")


@functools.lru_cache(maxsize=None)
def provisions() -> dict:
    return {p["id"]: p for p in load_yaml("provisions.yaml")}


def split_id(pid: str) -> tuple[str, str]:
    """``criminal-law-293-1`` → (``criminal-law``, ``293-1``); whole documents → (key, "")."""
    keys = sorted(laws(), key=len, reverse=True)
    for key in keys:
        if pid == key:
            return key, ""
        if pid.startswith(key + "-"):
            return key, pid[len(key) + 1 :]
    raise KeyError(f"no law key matches provision id {pid!r}")


def provision(pid: str) -> dict:
    try:
        return provisions()[pid]
    except KeyError:
        raise KeyError(f"unknown provision id {pid!r}; see data/provisions.yaml") from None


def cite(pid: str) -> str:
    """The conventional short citation, e.g. 《刑法》第293条之一."""
    provision(pid)  # unknown ids fail here
    key, art = split_id(pid)
    law = laws()[key]
    if not art:
        return law["short"]
    parts = art.split("-")
    number = f"第{parts[0]}{law.get('unit', '条')}"
    if len(parts) == 2:
        number += "之" + "零一二三四五六七八九"[int(parts[1])]
    return law["short"] + number


def text(pid: str) -> str:
    """The verbatim text of the provision (without its 第…条 heading)."""
    return provision(pid)["text"]


def force(pid: str) -> str:
    key, _ = split_id(pid)
    return laws()[key]["force"]


def is_unverified(pid: str) -> bool:
    return provision(pid).get("status") == "unverified"


def anchor(pid: str) -> str:
    """The stable HTML anchor of a provision in the appendix."""
    return f"prov-{pid}"
