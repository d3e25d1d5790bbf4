"""Re-execute every notebook in place (``make execute``).

Stores widget state (so the saved notebook has its widgets' models) and
strips the per-cell execution timestamps that nbclient writes, so that a
re-run with no change leaves git clean.
"""

from __future__ import annotations

import re
import sys
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def strip_timestamps(nb) -> None:
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("execution", None)


def stable_widget_ids(nb, name: str):
    """Replace ipywidgets' random model ids with ids derived from the notebook
    name and the order in which the models were created, so that re-executing
    an unchanged notebook gives a byte-identical file (nbval ignores the ids;
    git would not)."""
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    ids = list(state.get("state", {}))
    if not ids:
        return nb
    mapping = {old: uuid.uuid5(uuid.NAMESPACE_URL, f"overdue:{name}:{i}").hex for i, old in enumerate(ids)}
    text = nbformat.writes(nb)
    text = re.sub(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])", lambda m: mapping.get(m.group(0), m.group(0)), text)
    return nbformat.reads(text, as_version=4)


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    strip_timestamps(nb)
    nb = stable_widget_ids(nb, path.name)
    nbformat.write(nb, path)
    print(f"executed {path}")


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [Path("book")]
    for root in roots:
        paths = [root] if root.suffix == ".ipynb" else sorted(root.rglob("*.ipynb"))
        for path in paths:
            if ".ipynb_checkpoints" not in path.parts:
                execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
