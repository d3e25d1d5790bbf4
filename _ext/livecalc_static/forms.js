/* Form helpers of the in-browser calculators (issue 22): the contact log's row editor.
 *
 * The conduct calculator has ONE input, the CSV text of its textarea, and ONE reader of
 * it, overdue.conduct.log.read_log (Python, in the worker). This editor only splits that
 * text into rows and cells and joins them back (RFC 4180 quoting, the same text as
 * overdue.present.forms.log_text writes); it never judges a cell. Every add, edit or
 * delete rewrites the whole textarea and dispatches an "input" event, so the page
 * recomputes and read_log names the line and the column of anything wrong.
 *
 * Everything the editor shows comes from the page: the columns (name, Chinese label,
 * accepted header names, kind, choices) from the textarea's data-columns attribute
 * (the field dict of overdue.present.fields("conduct")), and the words of its buttons
 * from data-editor-words (overdue.present.html.LOG_EDITOR_WORDS). This file holds no
 * vocabulary of its own. A textarea without both attributes gets no editor.
 *
 * The editor sits inside the calculator's fieldset, so it is disabled exactly when the
 * form is (before the page script enables it, or when the live version is unavailable).
 * It re-reads the textarea before every change, and after every "input" or
 * "livecalc-update" event on it, so that a pasted or imported log is never overwritten
 * by an older copy.
 */
(() => {
  "use strict";

  // ------------------------------------------------------------ split and join
  /* CSV text -> {comments, header: [names], rows: [{name: cell}]} or {error}.
   * Comment lines (#) before the header are kept; later ones are skipped, as read_log
   * skips them. */
  function splitLog(text, columns) {
    const names = new Map();
    for (const col of columns) {
      for (const alias of [col.label_zh, ...(col.aliases || [])]) names.set(String(alias).toLowerCase(), col.name);
    }
    const lines = String(text || "").replace(/^\ufeff/, "").split(/(?<=\n)/);
    const comments = [];
    let i = 0;
    while (i < lines.length && lines[i].trimStart().startsWith("#")) {
      comments.push(lines[i].replace(/\r?\n$/, ""));
      i += 1;
    }
    const body = lines.slice(i).map((l) => (l.trimStart().startsWith("#") ? "\n" : l)).join("");
    const records = tokenize(body);
    let header = null;
    const rows = [];
    for (const cells of records) {
      if (!cells.some((c) => c.trim())) continue;
      if (!header) {
        header = [];
        for (const cell of cells) {
          const key = names.get(cell.trim().toLowerCase());
          if (!key || header.includes(key)) return { error: "header" };
          header.push(key);
        }
        continue;
      }
      if (cells.length > header.length) return { error: "row" };
      const row = {};
      header.forEach((key, k) => { row[key] = k < cells.length ? cells[k] : ""; });
      rows.push(row);
    }
    return { comments, header: header || columns.map((c) => c.name), rows };
  }

  /* RFC 4180 records (Python's csv.reader with the default dialect). */
  function tokenize(text) {
    const records = [];
    let cells = [];
    let cell = "";
    let quoted = false;
    let any = false;
    for (let k = 0; k < text.length; k += 1) {
      const ch = text[k];
      if (quoted) {
        if (ch === '"' && text[k + 1] === '"') { cell += '"'; k += 1; }
        else if (ch === '"') quoted = false;
        else cell += ch;
        continue;
      }
      if (ch === '"' && cell === "") { quoted = true; any = true; }
      else if (ch === ",") { cells.push(cell); cell = ""; any = true; }
      else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[k + 1] === "\n") k += 1;
        cells.push(cell);
        records.push(cells);
        cells = []; cell = ""; any = false;
      } else { cell += ch; any = true; }
    }
    if (any || cell) { cells.push(cell); records.push(cells); }
    return records;
  }

  function quote(cell) {
    const text = String(cell == null ? "" : cell);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  /* Rows -> CSV text: the comments, the Chinese header of every column, one line a row. */
  function joinLog(rows, comments, columns) {
    const out = (comments || []).map((c) => `${c}\n`);
    out.push(columns.map((c) => quote(c.label_zh)).join(",") + "\n");
    for (const row of rows) out.push(columns.map((c) => quote(row[c.name] || "")).join(",") + "\n");
    return out.join("");
  }

  // ------------------------------------------------------------------ the editor
  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function fill(template, n) {
    return String(template || "").replace("{n}", String(n));
  }

  function attach(textarea) {
    let columns;
    let words;
    try {
      columns = JSON.parse(textarea.dataset.columns);
      words = JSON.parse(textarea.dataset.editorWords);
    } catch {
      return;
    }
    if (!Array.isArray(columns) || !columns.length || !words) return;
    const base = textarea.id || "livecalc-log";
    const list = el("ol", { class: "livecalc-log-rows" });
    const cells = new Map();
    const grid = el("div", { class: "livecalc-log-cells" });
    for (const col of columns) {
      const id = `${base}-col-${col.name}`;
      let input;
      if (col.kind === "choice") {
        input = el("select", { id }, (col.choices || []).map(([value, label]) =>
          el("option", { value, text: label || words.empty || value })));
      } else {
        input = el("input", { id, type: "text", autocomplete: "off", spellcheck: "false" });
        if (col.kind === "datetime") input.setAttribute("placeholder", "YYYY-MM-DD HH:MM");
      }
      cells.set(col.name, input);
      grid.append(el("div", { class: "livecalc-log-cell" }, [el("label", { for: id, text: col.label_zh }), input]));
    }
    const add = el("button", { type: "button", class: "livecalc-log-add", text: words.add });
    const save = el("button", { type: "button", class: "livecalc-log-save", text: words.save });
    save.hidden = true;
    const exportLink = el("a", { class: "livecalc-log-export", download: "contact_log.csv", text: words.export });
    const note = el("p", { class: "livecalc-log-note", role: "status" });
    note.hidden = true;
    const editor = el("div", { class: "livecalc-log-editor", role: "group", "aria-label": words.rows }, [
      el("p", { class: "livecalc-log-title", text: words.rows }), list, grid,
      el("div", { class: "livecalc-log-actions" }, [add, save, exportLink]), note,
    ]);
    textarea.insertAdjacentElement("afterend", editor);

    let state = { comments: [], rows: [] };
    let editing = -1;
    let drawn = null; // the text the list shows

    const read = () => {
      const parsed = splitLog(textarea.value, columns);
      const ok = !parsed.error;
      note.hidden = ok;
      note.textContent = ok ? "" : words.unreadable || "";
      add.disabled = !ok;
      save.disabled = !ok;
      state = ok ? parsed : { comments: [], rows: [] };
      return ok;
    };
    const draw = () => {
      list.replaceChildren(...state.rows.map((row, k) => {
        const shown = columns.slice(0, 4).map((c) => row[c.name] || "").filter(Boolean).join(" ");
        const summary = row.summary ? ` ${row.summary}` : "";
        const edit = el("button", { type: "button", class: "livecalc-log-edit", text: words.edit,
                                    "aria-label": fill(words.edit_n, k + 1), "data-row": String(k) });
        const del = el("button", { type: "button", class: "livecalc-log-delete", text: words.delete,
                                   "aria-label": fill(words.delete_n, k + 1), "data-row": String(k) });
        return el("li", {}, [el("span", { class: "livecalc-log-row-text", text: shown + summary }), edit, del]);
      }));
      exportLink.setAttribute("href", "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + textarea.value));
      drawn = textarea.value;
    };
    const refresh = () => { read(); draw(); };
    const write = (rows) => {
      textarea.value = joinLog(rows, state.comments, columns);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      refresh();
    };
    const current = () => {
      const row = {};
      for (const [name, input] of cells) row[name] = input.value;
      return row;
    };
    const show = (row) => {
      for (const [name, input] of cells) {
        const value = row[name] || "";
        if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
          input.append(el("option", { value, text: value })); // as typed: read_log will say what is wrong
        }
        input.value = value;
      }
    };

    add.addEventListener("click", () => {
      if (!read()) return;
      write([...state.rows, current()]);
    });
    save.addEventListener("click", () => {
      if (!read() || editing < 0 || editing >= state.rows.length) return;
      const rows = state.rows.slice();
      rows[editing] = current();
      editing = -1;
      save.hidden = true;
      write(rows);
    });
    list.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-row]");
      if (!button) return;
      if (textarea.value !== drawn) { refresh(); return; } // the list was stale: show the text as it is now
      if (!read()) return;
      const k = Number(button.dataset.row);
      if (k >= state.rows.length) return;
      if (button.classList.contains("livecalc-log-edit")) {
        editing = k;
        show(state.rows[k]);
        save.hidden = false;
        cells.values().next().value.focus();
      } else {
        editing = -1;
        save.hidden = true;
        write(state.rows.filter((_, j) => j !== k));
      }
    });
    textarea.addEventListener("input", refresh);
    textarea.addEventListener("livecalc-update", refresh);
    editor.addEventListener("focusin", () => { if (textarea.value !== drawn) refresh(); });
    refresh();
  }

  const init = () => document.querySelectorAll(".livecalc textarea[data-columns]").forEach(attach);
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }
  if (typeof module !== "undefined" && module.exports) module.exports = { splitLog, joinLog };
})();
