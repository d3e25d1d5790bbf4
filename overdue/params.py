"""Dated legal parameters, OpenFisca style.

A figure that the law changes gets a new dated value in
``data/parameters.yaml``; formulas ask for the value *on* the date in
question, so old contracts keep the rule of their time.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .data import load_yaml
from .errors import InputError


@dataclass(frozen=True)
class Value:
    start: _dt.date
    value: object
    reference: tuple[str, ...]
    note: str = ""


def _as_date(value) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def parameters() -> dict:
    return load_yaml("parameters.yaml")


def entry(name: str) -> dict:
    try:
        return parameters()[name]
    except KeyError:
        raise KeyError(f"unknown parameter {name!r}") from None


def values(name: str) -> list[Value]:
    out = []
    for item in entry(name)["values"]:
        ref = item.get("reference", [])
        ref = (ref,) if isinstance(ref, str) else tuple(ref)
        out.append(Value(_as_date(item["from"]), item["value"], ref, item.get("note", "")))
    return sorted(out, key=lambda v: v.start)


def value_on(name: str, on: _dt.date) -> Value:
    """The value in force on ``on``; an error if the parameter did not exist yet."""
    found = None
    for v in values(name):
        if v.start <= on:
            found = v
    if found is None:
        first = values(name)[0].start
        raise InputError(
            name,
            f"{on.isoformat()} 早于该规则生效之日 {first.isoformat()}，本书不计算此前的规则。",
            f"{on.isoformat()} is before this rule took effect on {first.isoformat()}",
        )
    return found


def get(name: str, on: _dt.date | None = None):
    """The bare value of ``name`` on ``on`` (default: the book's as-of date)."""
    return value_on(name, on or as_of()).value


def as_of() -> _dt.date:
    """The fixed date as of which the book states the law and computes examples."""
    return _as_date(parameters()["as_of_date"]["values"][-1]["value"])
