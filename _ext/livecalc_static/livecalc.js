/* The in-browser calculators (issue 10): a thin page component around the book's
 * own Python engine.
 *
 * The page already shows each calculator's form and its default result, computed
 * when the book was built (_ext/livecalc.py). "启动计算器" loads the Pyodide
 * runtime and the wheels from this site (data-runtime, data-lock: relative URLs
 * into _static/live/), imports overdue.present and, on every input, calls
 * present.render(name, form) and shows the HTML it returns (tables, warnings,
 * chart, summary: the same markup as the notebook widgets), with the engine's
 * own error message next to the field it names. There is no calculation and no
 * rendering here, and nothing is fetched from another host.
 *
 * The runtime starts loading as soon as the reader shows interest: the first
 * focus on a calculator's field or button (keyboard or pointer) starts the
 * download, compilation and start-up in the background, so that by the time
 * the reader clicks "启动计算器" much of it is done. Nothing of the runtime is
 * fetched before that. The server sends the files pre-compressed (brotli or
 * gzip) and the wasm as application/wasm, which Pyodide compiles while it
 * downloads (WebAssembly.instantiateStreaming); the runtime and wheel folders
 * are versioned, so the browser keeps them without asking again.
 *
 * One runtime per page, shared by its calculators. For tests and benchmarks the
 * root element carries data-state (static | loading | ready | error | unavailable;
 * error: the runtime did not start), data-renders and data-failures (counters of
 * results shown and of computations that raised: a bug, never bad input),
 * data-first-ms (click to first result) and data-last-ms (the last compute + render).
 */
(() => {
  "use strict";

  const BOOT = [
    "import json",
    "from overdue import present",
    "def livecalc_compute(name, form_json):",
    "    return json.dumps(present.render(name, json.loads(form_json)), ensure_ascii=False, default=str)",
  ].join("\n");

  const STAGES = 4;
  const runtimes = new Map(); // key -> {promise, stage, text, listeners}

  function absolute(rel) {
    return new URL(rel, document.baseURI).href;
  }

  function runtimeFor(root) {
    const indexURL = absolute(root.dataset.runtime);
    const lockFileURL = absolute(root.dataset.lock);
    const packages = (root.dataset.packages || "overdue").split(/\s+/).filter(Boolean);
    const key = `${indexURL} ${lockFileURL}`;
    let rt = runtimes.get(key);
    if (rt) return rt;
    rt = { stage: 0, text: "", listeners: new Set() };
    const stage = (n, text) => {
      rt.stage = n;
      rt.text = text;
      rt.listeners.forEach((fn) => fn(n, text));
    };
    rt.promise = (async () => {
      performance.mark("livecalc:start");
      stage(1, `正在下载 Python 运行环境（约 ${root.dataset.downloadMb || "?"} MB；之后由浏览器缓存提供）…`);
      const mod = await import(indexURL + "pyodide.mjs");
      const pyodide = await mod.loadPyodide({
        indexURL,
        lockFileURL,
        packageBaseUrl: lockFileURL.slice(0, lockFileURL.lastIndexOf("/") + 1),
        packages,
        stdout: () => {},
        stderr: (msg) => console.warn(msg),
      });
      performance.mark("livecalc:runtime");  // wasm, standard library and wheels loaded
      stage(2, "正在载入计算引擎…");
      const ns = pyodide.globals.get("dict")();
      pyodide.runPython(BOOT, { globals: ns });
      const fn = ns.get("livecalc_compute");
      performance.mark("livecalc:engine");  // overdue.present imported
      stage(3, "正在计算…");
      return {
        pyodide,
        compute(name, form) {
          return JSON.parse(fn(name, JSON.stringify(form)));
        },
      };
    })();
    rt.promise.catch(() => runtimes.delete(key)); // a later click retries
    runtimes.set(key, rt);
    return rt;
  }

  // ------------------------------------------------------------------ showing
  /* The HTML comes from overdue.present.html (Python), which escapes every input. */
  function showOutput(output, result) {
    output.innerHTML = result.html || "";
    output.querySelectorAll(".overdue-copy").forEach((b) => { b.hidden = false; });
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
    const recompute = () => {
      scheduled = false;
      const t0 = performance.now();
      let result;
      try {
        result = runtime.compute(name, readForm());
      } catch (err) {
        console.error(err);
        setStatus(`计算出错（程序错误，不是您的输入有误）：${String(err.message || err).split("\n").slice(-2).join(" ")}`);
        root.dataset.failures = String(Number(root.dataset.failures || 0) + 1);
        return;
      }
      showOutput(output, result);
      showFieldError(root, result);
      root.dataset.lastMs = (performance.now() - t0).toFixed(1);
      root.dataset.renders = String(Number(root.dataset.renders || 0) + 1);
      setStatus(result.ok ? "计算器已启动：修改上面的输入，结果随即更新（计算只在您的浏览器中进行）。"
        : `输入有误：${result.error ? result.error.message_zh : ""}`);
    };
    const schedule = () => {
      if (!runtime) {
        output.classList.add("livecalc-stale");
        setStatus("您修改了输入；下面仍是示例输入的结果。点击「启动计算器」按您的输入计算。");
        return;
      }
      if (!scheduled) {
        scheduled = true;
        setTimeout(recompute, 0);
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
      const onStage = (n, text) => {
        progress.value = n;
        setStatus(text);
      };
      onStage(rt.stage, rt.text);
      rt.listeners.add(onStage);
      try {
        runtime = await rt.promise;
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
      root.livecalcRuntime = runtime; // for tests: root.livecalcRuntime.pyodide
      recompute();
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

  const init = () => document.querySelectorAll(".livecalc[data-calculator]").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
