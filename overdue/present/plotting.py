"""Matplotlib set-up for the chapters: a CJK font from PyPI and byte-stable SVG.

Call ``setup()`` once (the widgets and chapters do). Figures then render
Chinese with Noto Sans SC (OFL-1.1, from the ``pylopdf-fonts-zh-cn`` wheel),
emit no missing-glyph warnings, and produce identical SVG on every run, so
strict nbval can compare them.
"""

from __future__ import annotations

_DONE = False


def setup() -> None:
    global _DONE
    if _DONE:
        return
    import matplotlib
    from matplotlib import font_manager
    from pylopdf_fonts_zh_cn import sans_path

    path = str(sans_path())
    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [name],
        "axes.unicode_minus": False,
        "svg.hashsalt": "overdue",
        "svg.fonttype": "path",
    })
    try:  # in IPython: inline SVG without a date stamp
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", metadata={"Date": None})
    except Exception:  # pragma: no cover - outside IPython
        pass
    _DONE = True
