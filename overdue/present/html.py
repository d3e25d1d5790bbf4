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

# A table of more rows than this folds behind a summary line (<details>: its title and
# its number of rows), whatever its title (the ledgers, the timeline, the findings, a
# schedule of 360 instalments), and scrolls in its own box when opened.
LONG_ROWS = 12
# A table of at least this many columns is shown on a phone (under 600 px: the media
# query of WIDGET_CSS and of livecalc.css) as one card per row, each cell after its
# column's name (the cells' data-label); a two-column table (项目 | 数值) stays a table.
CARD_COLUMNS = 3

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
.overdue-calc .overdue-fold > summary { cursor: pointer; font-weight: bold; padding: 4px 0; }
@media (max-width: 600px) {
  .overdue-calc table.overdue-cards, .overdue-calc table.overdue-cards tbody,
  .overdue-calc table.overdue-cards tr, .overdue-calc table.overdue-cards td {
    display: block; width: 100%; box-sizing: border-box; }
  .overdue-calc table.overdue-cards caption { display: block; }
  .overdue-calc table.overdue-cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
  .overdue-calc table.overdue-cards tr { border: 1px solid #ccc; border-radius: 4px; margin: 0 0 6px 0;
    padding: 2px 6px; }
  .overdue-calc table.overdue-cards td, .overdue-calc table.overdue-cards td:first-child {
    border: 0; padding: 1px 0; white-space: normal; overflow-wrap: anywhere; }
  .overdue-calc table.overdue-cards td:empty { display: none; }
  .overdue-calc table.overdue-cards td[data-label]::before { content: attr(data-label) "："; font-weight: bold; }
  .overdue-calc .overdue-table-wrap { max-width: 100%; overflow-x: auto; }
}
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
    """One table. A table of :data:`CARD_COLUMNS` or more columns (``overdue-cards``) is
    drawn on a phone as one card per row: every cell carries its column's name
    (``data-label``), shown before the cell; a table of more than :data:`LONG_ROWS` rows
    folds behind a summary line (``overdue-fold``)."""
    columns = table.get("columns", [])
    rows = table.get("rows", [])
    title = table.get("title", "")
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    cards = len(columns) >= CARD_COLUMNS
    labels = [f' data-label="{esc(c)}"' if cards else "" for c in columns]
    body = "".join("<tr>" + "".join(f"<td{labels[i] if i < len(labels) else ''}>{esc(c)}</td>"
                                    for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    long = len(rows) > LONG_ROWS
    # A scroll box is a region a keyboard user can reach and scroll (axe: scrollable-region-focusable).
    wrap = (f'class="overdue-table-wrap overdue-scroll" tabindex="0" role="region" aria-label="{esc(title)}"'
            if long else 'class="overdue-table-wrap"')
    classes = "overdue-table overdue-cards" if cards else "overdue-table"
    out = (f'<div {wrap}><table class="{classes}"><caption>{esc(title)}</caption>'
           f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
    if long:
        out = (f'<details class="overdue-fold"><summary>{esc(title)}（共 {len(rows)} 行，点击展开）</summary>'
               f"{out}</details>")
    return out


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
    return (warnings_html(result) + letter_html(result) + tables_html(result) + figure_html(result)
            + summary_html(result))


# --- Labels of the front ends' own controls (defined here, once) -----------------------

SUMMARY_LABEL_ZH = "可复制的结论"
UPLOAD_LABEL_ZH = "上传 CSV 文件"
# The contact log's row editor (widgets, and the live book's forms.js through data attributes).
ROWS_LABEL_ZH = "逐条记录"
ROW_ADD_ZH = "添加一条"
ROW_SAVE_ZH = "保存修改"
ROW_DELETE_ZH = "删除所选"
ROW_EDIT_ZH = "修改"
EXPORT_LABEL_ZH = "下载 CSV 文件"
ROW_DELETE_ONE_ZH = "删除"
LOG_EDITOR_WORDS = {"rows": ROWS_LABEL_ZH, "add": ROW_ADD_ZH, "save": ROW_SAVE_ZH, "delete": ROW_DELETE_ONE_ZH,
                    "edit": ROW_EDIT_ZH, "edit_n": "修改第 {n} 条", "delete_n": "删除第 {n} 条",
                    "export": EXPORT_LABEL_ZH, "empty": "（空）",
                    "unreadable": "这份记录的表头或某一行无法逐条显示（列名无法识别、重复，或列数多于表头），"
                                  "请直接修改上面的文本。"}


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


# --- A letter (overdue.present.letters): the text, and download, copy and print ----------


def letter_html(result: dict) -> str:
    """A drafted letter (``result["document"]``), empty for the other calculators.

    The text is shown as written (line breaks kept), with a download link that works
    without network and without script: the text itself is in the link's ``data:`` URL
    (``download="<calculator>.txt"``). The copy and print buttons are marked
    ``data-overdue-action`` and ``hidden``: the front end that wires them shows them
    (the live book's livecalc.js), so that no dead button is shown where no script runs
    (the notebook, the Voilà app); nothing is sent anywhere. The placeholders still
    unfilled (``document["placeholders"]``) are marked in the text (``<mark
    class="overdue-letter-hole">``) and its dates kept on one line (``overdue-nowrap``);
    the text copied, printed or downloaded is the same.
    """
    import re
    from urllib.parse import quote

    doc = result.get("document")
    if not doc:
        return ""
    text = doc.get("text", "")
    href = "data:text/plain;charset=utf-8," + quote(text, safe="")
    hole_marks = [esc(p.get("mark")) for p in doc.get("placeholders") or [] if p.get("mark")]

    def line_html(line: str) -> str:
        # A date never breaks at its hyphens ("2026-03-" / "04"), on screen or in print.
        out = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", r'<span class="overdue-nowrap">\g<0></span>', esc(line))
        for mark in hole_marks:  # 【…】 marks: no markup inside them, so the replacements never nest
            out = out.replace(mark, f'<mark class="overdue-letter-hole">{mark}</mark>')
        return out

    # Paragraphs and line breaks as markup (no style attribute: the site's CSP allows none).
    body = "".join("<p>" + "<br>".join(line_html(line) for line in block.split("\n")) + "</p>"
                   for block in text.strip("\n").split("\n\n"))
    marks = "".join(f"<li>{esc(p.get('mark'))}</li>" for p in doc.get("placeholders") or [])
    holes = (f'<div class="overdue-letter-placeholders"><p>发送前请填写或删去：</p><ul>{marks}</ul></div>'
             if marks else "")
    return (f'<section class="overdue-letter" aria-label="{esc(doc.get("title"))}">'
            f'<h3 class="overdue-letter-title">{esc(doc.get("title"))}</h3>{holes}'
            f'<div class="overdue-letter-text">{body}</div>'
            '<p class="overdue-letter-actions">'
            f'<a class="overdue-letter-download" download="{esc(doc.get("filename", "letter.txt"))}" '
            f'href="{esc(href)}">下载文本文件（.txt）</a> '
            '<button type="button" class="overdue-letter-copy" data-overdue-action="copy" hidden>复制全文</button> '
            '<button type="button" class="overdue-letter-print" data-overdue-action="print" hidden>打印</button>'
            "</p></section>")
