"""A calculator's result as HTML: the one renderer of every front end.

The notebook widgets, the Voilà app, the book's build (the default result shown
before any script runs) and the in-browser calculators (which set the HTML that
Pyodide returns) all show this markup, styled by the class names below
(``overdue-*``; ``_ext/livecalc_static/livecalc.css`` and :data:`WIDGET_CSS`).
Everything a reader typed is escaped.
"""

from __future__ import annotations

import hashlib
import html as _html

from .svg import figure_svg

# Tables that fold behind a scroll box when they are long.
LONG_TABLES = ("分段明细", "时间线", "问题清单", "每日次数", "逐月明细")
LONG_ROWS = 12

WIDGET_CSS = """<style>
.overdue-calc .widget-label { white-space: normal; height: auto; line-height: 1.3; overflow: visible; }
.overdue-calc .overdue-help { color: #555; font-size: 0.85em; margin: -2px 0 8px 16.3em; }
@media (max-width: 700px) { .overdue-calc .overdue-help { margin-left: 0; } }
.overdue-calc .overdue-invalid input, .overdue-calc .overdue-invalid textarea,
.overdue-calc .overdue-invalid select { border: 2px solid #b00020; }
.overdue-calc .overdue-message { color: #b00020; border-left: 4px solid #b00020; padding: 4px 8px;
  background: #fdecee; }
.overdue-calc table.overdue-table { border-collapse: collapse; margin: 4px 0 12px 0; font-size: 0.9em; }
.overdue-calc table.overdue-table th, .overdue-calc table.overdue-table td {
  border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
.overdue-calc table.overdue-table caption { text-align: left; font-weight: bold; padding: 4px 0; }
.overdue-calc table.overdue-table td:first-child { white-space: nowrap; }
.overdue-calc .overdue-summary textarea { font-family: inherit; line-height: 1.5; }
.overdue-calc .overdue-warnings { color: #6b4e00; }
.overdue-calc .overdue-scroll { max-height: 24em; overflow: auto; }
</style>"""


def esc(text) -> str:
    return _html.escape("" if text is None else str(text), quote=True)


def error_html(error: dict | None) -> str:
    """The error message of a result that did not compute (empty when there is none)."""
    if not error:
        return ""
    return f'<p class="overdue-message" role="alert">输入有误：{esc(error.get("message_zh"))}</p>'


def warnings_html(result: dict) -> str:
    warnings = result.get("warnings") or []
    if not warnings:
        return ""
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return f'<div class="overdue-warnings"><p><b>提示</b></p><ul>{items}</ul></div>'


def table_html(table: dict) -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.get("columns", []))
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                   for row in table.get("rows", []))
    long = table.get("title", "").startswith(LONG_TABLES) and len(table.get("rows", [])) > LONG_ROWS
    # A scroll box is a region a keyboard user can reach and scroll (axe: scrollable-region-focusable).
    wrap = (f'class="overdue-table-wrap overdue-scroll" tabindex="0" role="region" aria-label="{esc(table.get("title"))}"'
            if long else 'class="overdue-table-wrap"')
    return (f'<div {wrap}><table class="overdue-table"><caption>{esc(table.get("title"))}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def tables_html(result: dict) -> str:
    """Every table that has rows, in the result's order."""
    return "".join(table_html(t) for t in result.get("tables") or [] if t.get("rows"))


def figure_html(result: dict) -> str:
    svg = figure_svg(result.get("figure"))
    return f'<figure class="overdue-figure">{svg}</figure>' if svg else ""


def summary_html(result: dict) -> str:
    summary = result.get("summary") or ""
    if not summary:
        return ""
    return ('<div class="overdue-summary"><p class="overdue-summary-label">摘要（可复制）</p>'
            f'<p class="overdue-summary-text">{esc(summary)}</p>'
            '<button type="button" class="overdue-copy" hidden>复制摘要</button></div>')


def result_html(result: dict) -> str:
    """The whole result: the error or the warnings, the tables, the chart and the summary."""
    if not result.get("ok"):
        return error_html(result.get("error"))
    return warnings_html(result) + tables_html(result) + figure_html(result) + summary_html(result)


# --- Labels of the front ends' own controls (defined here, once) -----------------------

SUMMARY_LABEL_ZH = "可复制的结论"
UPLOAD_LABEL_ZH = "上传 CSV 文件"


def internal_error(exc: BaseException) -> dict:
    """The result shown when a computation fails for a reason that is not the input (a bug)."""
    return {"ok": False, "error": {"field": "", "message_zh": (
        f"计算时发生了内部错误（{type(exc).__name__}）。请检查输入；如问题仍然存在，请报告给本书作者。")}}


def result_text(name: str, fields: list[dict], values: dict, result: dict, figure: str = "") -> str:
    """The inputs and a result as plain text: what a notebook's ``text/plain`` shows, so
    that strict nbval compares every computed value (tables, warnings, a checksum of the
    chart, the summary)."""
    from . import title

    lines = [title(name)[0], "【输入】"]
    for spec in fields:
        value = values.get(spec["name"], "")
        if spec["kind"] == "choice":
            value = dict(spec["choices"]).get(value, value)
        shown = "；".join(x.strip() for x in str(value).splitlines() if x.strip())
        lines.append(f"{spec['label_zh']}：{shown}")
    if not result.get("ok"):
        lines.append("【输入有误】" + (result.get("error") or {}).get("message_zh", ""))
        return "\n".join(lines)
    for table in result["tables"]:
        if table["rows"]:
            lines.append(f"【{table['title']}】" + " | ".join(table["columns"]))
            lines += [" | ".join(row) for row in table["rows"]]
    lines += [f"【提示】{w}" for w in result["warnings"]]
    if figure:
        digest = hashlib.sha256(figure.encode("utf-8")).hexdigest()[:16]
        lines.append(f"【图】SVG {len(figure)} 字节，sha256 {digest}")
    lines.append("【结论】" + result["summary"])
    return "\n".join(lines)
