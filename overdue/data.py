"""Loading the facts in ``data/``: the single source of truth.

Chapters and engines read figures from here; none is typed into code.

The data folder is found in this order:

1. ``$OVERDUE_DATA``;
2. ``data/`` beside the package in a source checkout;
3. ``overdue/_data/`` inside an installed wheel (the build copies the data
   there, converted to JSON, for the in-browser calculators, where PyYAML
   is not available).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent

# In the JSON twins (tools/build_live.py), a YAML date is {"$date": "YYYY-MM-DD"}.
JSON_DATE_KEY = "$date"


def _revive_dates(obj: dict):
    if len(obj) == 1 and JSON_DATE_KEY in obj:
        return datetime.date.fromisoformat(obj[JSON_DATE_KEY])
    return obj


def data_dir() -> Path:
    env = os.environ.get("OVERDUE_DATA")
    if env:
        return Path(env)
    checkout = _PKG.parent / "data"
    if (checkout / "parameters.yaml").exists():
        return checkout
    return _PKG / "_data"


def _read_text(name: str) -> str:
    return (data_dir() / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def load_yaml(name: str):
    """A YAML file from the data folder, or its JSON twin in a wheel."""
    path = data_dir() / name
    json_twin = path.with_suffix(".json")
    if not path.exists() and json_twin.exists():
        return json.loads(json_twin.read_text(encoding="utf-8"), object_hook=_revive_dates)
    import yaml  # only needed in a checkout

    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict, ...]:
    """A CSV file as a tuple of row dicts. Lines starting with ``#`` are comments."""
    text = _read_text(name)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines))))


def csv_comments(name: str) -> list[str]:
    """The ``#`` comment lines of a CSV file (its metadata), without the ``#``."""
    return [
        line.lstrip()[1:].strip()
        for line in _read_text(name).splitlines()
        if line.lstrip().startswith("#")
    ]
