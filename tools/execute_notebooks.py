"""Re-execute every notebook in place (``make execute``).

Stores widget state (so the saved notebook has its widgets' models) and
strips the per-cell execution timestamps that nbclient writes, so that a
re-run with no change leaves git clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def strip_timestamps(nb) -> None:
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("execution", None)


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    strip_timestamps(nb)
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
