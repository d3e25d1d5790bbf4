"""The single place where the book's and the engine's version is set.

The book's footer, every citation box, the engine's summaries and
CITATION.cff (checked by a test) all take the version from here.
"""

__version__ = "0.2.0"
RELEASE_DATE = "2026-12-01"
TITLE = "分期乐逾期催收：一篇网文的逐条法律注释"
AUTHOR = "逾期催收注释本编写组"
