/* The in-browser calculators (issue 10): a thin page component around the book's
 * own Python engine.
 *
 * The page already shows each calculator's form and its default result, computed
 * when the book was built (_ext/livecalc.py). "启动计算器" starts a dedicated Web
 * Worker (livecalc-worker.js, from this site's _static/: data-worker) that loads
 * the Pyodide runtime and the wheels from this site (data-runtime, data-lock:
 * relative URLs into _static/live/) and imports overdue.present; on every input
 * the page sends the form to the worker, which calls present.render(name, form),
 * and shows the HTML it returns (tables, warnings, chart, summary: the same
 * markup as the notebook widgets), with the engine's own error message next to
 * the field it names. There is no calculation and no rendering here, and nothing
 * is fetched from another host.
 *
 * Python never runs on the page's main thread (issue 18): the page stays
 * responsive while the runtime loads and while it computes. Each request carries
 * an id; a calculator has at most one request in the worker at a time, and a
 * result whose id is not the latest the calculator asked for (the reader changed
 * the inputs meanwhile) is never painted: the latest form is sent instead. A
 * computation that takes more than BUSY_MS shows "计算中…" (aria-busy, the status
 * line), until its result or its error is shown.
 *
 * A result dict may carry ``form_updates`` (field name -> new string value): the
 * page writes those values into the named inputs, without another computation,
 * and fires a "livecalc-update" event (bubbling, not "input") on each input it
 * changed, for the form helpers of forms.js.
 *
 * The runtime starts loading as soon as the reader shows interest: the first
 * focus on a calculator's field or button (keyboard or pointer) starts the
 * worker, the download, compilation and start-up in the background, so that by
 * the time the reader clicks "启动计算器" much of it is done. Nothing of the
 * runtime is fetched before that. The server sends the files pre-compressed
 * (brotli or gzip) and the wasm as application/wasm, which Pyodide compiles while
 * it downloads (WebAssembly.instantiateStreaming); the runtime and wheel folders
 * are versioned, so the browser keeps them without asking again.
 *
 * One worker per page, shared by its calculators. For tests and benchmarks the
 * root element carries data-state (static | loading | ready | error | unavailable;
 * error: the runtime did not start), data-renders and data-failures (counters of
 * results shown and of computations that raised: a bug, never bad input),
 * data-stale (results dropped because the inputs had changed), data-first-ms
 * (click to first result), data-last-ms (the last request sent to its result
 * shown) and data-compute-ms (of which present.render in the worker);
 * root.livecalcRuntime.runPython(code) is a Promise of the value of Python code
 * run in the worker.
 *
 * A letter (overdue/present/html.py: letter_html, the letter_* calculators) comes
 * with three actions. Download needs no script: the link's data: URL holds the text.
 * Copy puts the same text on the clipboard (the paragraphs and line breaks of the
 * download). Print prints that letter alone: a copy of its text goes into a sheet
 * at the end of <body> (hidden on screen), <html> gets PRINT_CLASS, and print.css
 * then hides everything but the sheet (navigation, sidebars, header and footer, the
 * form, the other calculators); window.print(), and on "afterprint" the sheet and
 * the class go. The document's title is the letter's while it prints (the browser
 * prints the title in its header and offers it as the PDF's name). These actions
 * are wired for every letter on the page, before the runtime is started too (the
 * worked example) and where it is unavailable. Nothing is sent or stored.
 */
(() => {
  "use strict";

  const STAGES = 4;
  const BUSY_MS = 200;
  const STAGE_TEXT = {
    1: (root) => `正在下载 Python 运行环境（约 ${root.dataset.downloadMb || "?"} MB；之后由浏览器缓存提供）…`,
    2: () => "正在载入计算引擎…",
    3: () => "正在计算…",
  };
  const runtimes = new Map(); // key -> {promise, stage, listeners, worker, ...}

  function absolute(rel) {
    return new URL(rel, document.baseURI).href;
  }

  /* The page's one worker for this runtime: started on first use, shared by the
   * page's calculators. rt.promise resolves to {compute(name, form), runPython(code)},
   * each returning a Promise of {result, ms}; it rejects when the runtime does not start. */
  function runtimeFor(root) {
    const indexURL = absolute(root.dataset.runtime);
    const lockFileURL = absolute(root.dataset.lock);
    const packages = (root.dataset.packages || "overdue").split(/\s+/).filter(Boolean);
    const key = `${indexURL} ${lockFileURL}`;
    let rt = runtimes.get(key);
    if (rt) return rt;
    rt = { stage: 0, root, listeners: new Set(), pending: new Map(), nextId: 0, worker: null };
    const stage = (n) => {
      rt.stage = n;
      rt.listeners.forEach((fn) => fn(n));
    };
    const call = (message) => new Promise((resolve, reject) => {
      const id = ++rt.nextId;
      rt.pending.set(id, { resolve, reject });
      rt.worker.postMessage({ ...message, id });
    });
    rt.promise = new Promise((resolve, reject) => {
      performance.mark("livecalc:start");
      stage(1);
      let worker;
      try {
        worker = new Worker(absolute(root.dataset.worker), { type: "module", name: "livecalc" });
      } catch (err) { // file://, or a browser without module workers
        reject(err);
        return;
      }
      rt.worker = worker;
      worker.addEventListener("error", (e) => { // the script did not load, or threw outside a computation
        const err = new Error(e.message || "计算器的后台线程出错");
        reject(err); // (nothing, once started)
        rt.pending.forEach((waiting) => waiting.reject(err));
        rt.pending.clear();
      });
      worker.addEventListener("message", (event) => {
        const msg = event.data || {};
        if (msg.type === "stage") {
          if (msg.stage === 2) performance.mark("livecalc:runtime"); // wasm, standard library and wheels loaded
          stage(msg.stage);
        } else if (msg.type === "ready") {
          performance.mark("livecalc:engine"); // overdue.present imported
          stage(3);
          resolve({
            compute: (name, form) => call({ type: "compute", name, form }),
            runPython: (code) => call({ type: "run", code }).then((r) => r.result),
            worker,
          });
        } else if (msg.type === "failed") {
          reject(new Error(msg.message));
        } else if (msg.type === "result" || msg.type === "error") {
          const waiting = rt.pending.get(msg.id);
          if (!waiting) return;
          rt.pending.delete(msg.id);
          if (msg.type === "result") waiting.resolve({ result: msg.result, ms: msg.ms });
          else waiting.reject(new Error(msg.message));
        } else if (msg.type === "csp") {
          console.error(`livecalc worker: Content-Security-Policy violation: ${msg.directive} blocked `
            + `${msg.blocked || "inline code"} (${msg.source}:${msg.line})`);
        }
      });
      worker.postMessage({ type: "init", indexURL, lockFileURL, packages });
    });
    rt.promise.catch(() => { // a later click retries, with a new worker
      runtimes.delete(key);
      if (rt.worker) rt.worker.terminate();
    });
    runtimes.set(key, rt);
    return rt;
  }

  // ------------------------------------------------------------------ showing
  /* The HTML comes from overdue.present.html (Python), which escapes every input. */
  function showOutput(output, result) {
    output.innerHTML = result.html || "";
    output.querySelectorAll(".overdue-copy, .overdue-letter [data-overdue-action]").forEach((b) => { b.hidden = false; });
    output.dataset.source = "browser";
    output.classList.remove("livecalc-stale");
  }

  function showFieldError(root, result) {
    root.querySelectorAll("[data-error-for]").forEach((slot) => {
      slot.hidden = true;
      slot.textContent = "";
    });
    root.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
    if (result.ok || !result.error) return;
    const field = String(result.error.field || "");
    const slot = [...root.querySelectorAll("[data-error-for]")].find((s) => s.dataset.errorFor === field);
    if (!slot) return; // the message is shown above the results in any case
    slot.textContent = result.error.message_zh || "";
    slot.hidden = false;
    const input = [...root.querySelectorAll("[data-name]")].find((i) => i.dataset.name === field);
    if (input) input.setAttribute("aria-invalid", "true");
  }

  /* result.form_updates: field name -> new value, written into the named inputs
   * (setting .value fires no "input" event, so no computation follows). */
  function applyFormUpdates(root, result) {
    const updates = result.form_updates;
    if (!updates || typeof updates !== "object") return;
    for (const [field, value] of Object.entries(updates)) {
      const input = [...root.querySelectorAll("[data-name]")].find((i) => i.dataset.name === field);
      if (!input || input.value === String(value)) continue;
      input.value = String(value);
      input.dispatchEvent(new CustomEvent("livecalc-update", { bubbles: true, detail: { field } }));
    }
  }

  // ---------------------------------------------------------------- one calculator
  function setup(root) {
    if (root.dataset.state === "unavailable" || !root.dataset.runtime) return;
    const name = root.dataset.calculator;
    const form = root.querySelector("form.livecalc-form");
    const fieldset = form.querySelector("fieldset");
    const button = root.querySelector(".livecalc-start");
    const progress = root.querySelector(".livecalc-progress");
    const status = root.querySelector(".livecalc-status");
    const output = root.querySelector(".livecalc-output");
    let runtime = null;
    let scheduled = false;
    let lastStatus = "";
    // Generations of the form: bumped on every input; the one in the worker (0: none)
    // and the one shown. A result is painted only if it is of the latest generation.
    let generation = 0;
    let inFlight = 0;
    let sentAt = 0;
    let busyTimer = null;
    let onFirstResult = null;

    const setStatus = (text) => {
      if (text !== lastStatus) status.textContent = lastStatus = text;
    };
    const readForm = () => {
      const values = {};
      form.querySelectorAll("[data-name]").forEach((input) => {
        values[input.dataset.name] = input.value;
      });
      return values;
    };
    const setBusy = (busy) => {
      clearTimeout(busyTimer);
      busyTimer = null;
      if (busy) {
        root.setAttribute("aria-busy", "true");
        output.classList.add("livecalc-busy");
        setStatus("计算中…（计算在后台进行，您可以继续修改输入）");
      } else {
        root.removeAttribute("aria-busy");
        output.classList.remove("livecalc-busy");
      }
    };
    const counter = (key) => { root.dataset[key] = String(Number(root.dataset[key] || 0) + 1); };
    const shown = () => { // a result or an error is on the page
      sentAt = 0;
      if (onFirstResult) {
        onFirstResult();
        onFirstResult = null;
      }
    };
    const send = () => {
      const mine = inFlight = generation;
      if (!busyTimer && !root.hasAttribute("aria-busy")) busyTimer = setTimeout(() => setBusy(true), BUSY_MS);
      const t0 = sentAt = sentAt || performance.now();
      runtime.compute(name, readForm()).then(({ result, ms }) => {
        inFlight = 0;
        if (mine !== generation) { // the inputs changed meanwhile: this result is stale
          performance.mark("livecalc:stale");
          counter("stale");
          send();
          return;
        }
        performance.mark("livecalc:paint"); // the main thread's work on a result starts here
        showOutput(output, result);
        showFieldError(root, result);
        applyFormUpdates(root, result);
        setBusy(false);
        root.dataset.computeMs = ms.toFixed(1);
        root.dataset.lastMs = (performance.now() - t0).toFixed(1);
        counter("renders");
        setStatus(result.ok ? "计算器已启动：修改上面的输入，结果随即更新（计算只在您的浏览器中进行）。"
          : `输入有误：${result.error ? result.error.message_zh : ""}`);
        shown();
      }, (err) => {
        inFlight = 0;
        if (mine !== generation) {
          send();
          return;
        }
        console.error(err);
        setBusy(false);
        counter("failures");
        setStatus(`计算出错（程序错误，不是您的输入有误）：${String(err.message || err).split("\n").slice(-2).join(" ")}`);
        shown();
      });
    };
    const dispatch = () => {
      scheduled = false;
      if (!inFlight) send(); // else: sent when the one in the worker returns
    };
    const schedule = () => {
      if (!runtime) {
        output.classList.add("livecalc-stale");
        setStatus("您修改了输入；下面仍是示例输入的结果。点击「启动计算器」按您的输入计算。");
        return;
      }
      generation += 1;
      if (!scheduled) {
        scheduled = true;
        setTimeout(dispatch, 0);
      }
    };

    const start = async () => {
      if (runtime) return;
      const t0 = performance.now();
      button.disabled = true;
      progress.hidden = false;
      root.dataset.state = "loading";
      root.setAttribute("aria-busy", "true");
      const rt = runtimeFor(root);
      const onStage = (n) => {
        progress.value = n;
        setStatus(STAGE_TEXT[n] ? STAGE_TEXT[n](root) : "");
      };
      onStage(rt.stage);
      rt.listeners.add(onStage);
      let ready;
      try {
        ready = await rt.promise;
      } catch (err) {
        console.error(err);
        root.dataset.state = "error";
        button.disabled = false;
        button.textContent = "重试";
        progress.hidden = true;
        setStatus(location.protocol === "file:"
          ? "启动失败：浏览器不允许从本地文件（file://）加载计算器的运行环境。请通过网页服务器打开本书"
            + "（例如在 _build/html 目录中运行 python -m http.server，再访问 http://localhost:8000/）。"
          : `启动失败：${String(err.message || err).slice(0, 200)}。请检查网络后重试；下面仍是示例输入的结果。`);
        return;
      } finally {
        rt.listeners.delete(onStage);
        root.removeAttribute("aria-busy");
      }
      runtime = ready;
      root.livecalcRuntime = ready; // for tests: root.livecalcRuntime.runPython(code)
      const first = new Promise((resolve) => { onFirstResult = resolve; });
      generation += 1;
      send();
      await first;
      progress.value = STAGES;
      progress.hidden = true;
      button.hidden = true;
      root.dataset.firstMs = (performance.now() - t0).toFixed(0);
      performance.mark("livecalc:first-result");
      root.dataset.state = "ready";
    };

    // The reader's first focus on this calculator: start loading the runtime.
    const warm = () => {
      root.removeEventListener("focusin", warm);
      if (!runtime) runtimeFor(root);
    };
    root.addEventListener("focusin", warm);

    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("input", (e) => {
      if (e.target.matches("[data-name]")) schedule();
    });
    form.addEventListener("change", (e) => {
      if (e.target.matches("select[data-name]")) schedule();
    });
    form.querySelectorAll("input[type=file][data-file-for]").forEach((picker) => {
      picker.addEventListener("change", async () => {
        const file = picker.files && picker.files[0];
        if (!file) return;
        const bytes = await file.arrayBuffer();
        let text;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        } catch {
          text = new TextDecoder("gb18030").decode(bytes); // CSV saved by Excel in Chinese Windows
        }
        const target = [...form.querySelectorAll("[data-name]")].find((i) => i.dataset.name === picker.dataset.fileFor);
        target.value = text;
        target.dispatchEvent(new CustomEvent("livecalc-update", { bubbles: true, detail: { field: target.dataset.name } }));
        schedule();
      });
    });
    root.addEventListener("click", async (e) => {
      const copy = e.target.closest(".overdue-copy");
      if (!copy) return;
      const text = copy.parentElement.querySelector(".overdue-summary-text").textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        const range = document.createRange();
        range.selectNodeContents(copy.parentElement.querySelector(".overdue-summary-text"));
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        document.execCommand("copy");
      }
      copy.textContent = "已复制";
      setTimeout(() => { copy.textContent = "复制摘要"; }, 1500);
    });
    button.addEventListener("click", start);

    root.querySelectorAll(".overdue-copy").forEach((b) => { b.hidden = false; });
    fieldset.disabled = false;
    button.hidden = false;
  }

  // ------------------------------------------------------------------ letters
  const PRINT_CLASS = "overdue-printing-letter";
  const SHEET_CLASS = "overdue-letter-sheet";
  const DATA_PREFIX = "data:text/plain;charset=utf-8,";

  /* The letter's text as the download has it: the link's data: URL, else the shown
   * paragraphs (<p>) and line breaks (<br>). */
  function letterText(letter) {
    const link = letter.querySelector("a.overdue-letter-download");
    const href = link ? link.getAttribute("href") || "" : "";
    if (href.startsWith(DATA_PREFIX)) {
      try {
        return decodeURIComponent(href.slice(DATA_PREFIX.length));
      } catch { /* not percent-encoded as letter_html writes it: read the page */ }
    }
    const lines = (p) => [...p.childNodes].map((n) => (n.nodeName === "BR" ? "\n" : n.textContent)).join("");
    return [...letter.querySelectorAll(".overdue-letter-text > p")].map(lines).join("\n\n");
  }

  const saidTimers = new WeakMap();
  function say(button, text, label) {
    clearTimeout(saidTimers.get(button));
    button.textContent = text;
    saidTimers.set(button, setTimeout(() => { button.textContent = label; }, 2500));
  }

  async function copyLetter(letter, button) {
    const label = button.dataset.label || (button.dataset.label = button.textContent);
    const text = letterText(letter);
    try {
      await navigator.clipboard.writeText(text);
      say(button, "已复制全文", label);
    } catch {
      // No clipboard access (an http:// page, a browser that refuses): select the text,
      // so that the reader can copy it by hand, and try the old way.
      const range = document.createRange();
      range.selectNodeContents(letter.querySelector(".overdue-letter-text"));
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      let copied = false;
      try {
        copied = document.execCommand("copy");
      } catch { /* copied stays false */ }
      say(button, copied ? "已复制全文" : "无法自动复制：全文已选中，请按 Ctrl+C（手机上长按）复制", label);
    }
  }

  let printing = null; // {title}: the page's title while a letter prints
  function endLetterPrint() {
    document.documentElement.classList.remove(PRINT_CLASS);
    document.querySelectorAll(`.${SHEET_CLASS}`).forEach((s) => s.remove());
    if (printing) document.title = printing.title;
    printing = null;
  }

  function printLetter(letter) {
    endLetterPrint();
    const sheet = document.createElement("div");
    sheet.className = SHEET_CLASS;
    sheet.append(letter.querySelector(".overdue-letter-text").cloneNode(true));
    document.body.append(sheet);
    printing = { title: document.title };
    const title = letter.querySelector(".overdue-letter-title");
    if (title) document.title = title.textContent;
    document.documentElement.classList.add(PRINT_CLASS);
    window.addEventListener("afterprint", endLetterPrint, { once: true });
    window.print();
  }

  function setupLetters() {
    document.querySelectorAll(".overdue-letter [data-overdue-action]").forEach((b) => { b.hidden = false; });
    document.addEventListener("click", (e) => {
      const button = e.target.closest(".overdue-letter [data-overdue-action]");
      if (!button) return;
      const letter = button.closest(".overdue-letter");
      if (button.dataset.overdueAction === "copy") copyLetter(letter, button);
      else if (button.dataset.overdueAction === "print") printLetter(letter);
    });
  }

  const init = () => {
    setupLetters();
    document.querySelectorAll(".livecalc[data-calculator]").forEach(setup);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
