"""Engines for the annotated notebook on Fenqile's overdue-debt collection.

Pure calculation and law lookup (standard library plus small pure-Python
packages), so that the same code runs in notebooks, on the command line, in
the local calculator app and in the reader's browser (Pyodide).
"""

from ._version import __version__

__all__ = ["__version__"]
