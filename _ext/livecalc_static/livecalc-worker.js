/* The in-browser calculators' Python, off the page's main thread (issue 18).
 *
 * A dedicated module worker, started by livecalc.js (one per page, shared by its
 * calculators) from this site's _static/. It loads the Pyodide runtime and the
 * wheels from this site (the URLs the page passes in "init"), imports
 * overdue.present and answers each "compute" with present.render(name, form):
 * the result dict the page shows. Nothing is computed or rendered here in
 * JavaScript, and nothing is fetched from another host.
 *
 * Messages from the page:
 *   {type: "init", indexURL, lockFileURL, packages}
 *   {type: "compute", id, name, form}      form: field name -> string
 *   {type: "run", id, code}                tests: the value of Python code (a string)
 * Messages to the page:
 *   {type: "stage", stage, ...}            1 downloading, 2 importing the engine
 *   {type: "ready", marks}                 marks: ms since the worker started, per stage
 *   {type: "failed", message}              the runtime did not start
 *   {type: "result", id, result, ms}       ms: time of present.render here
 *   {type: "error", id, message}           the computation raised (a bug, never bad input)
 *   {type: "csp", directive, blocked, ...} a policy violation inside the worker
 *
 * The worker computes one message at a time, in the order received; the page
 * sends at most one computation per calculator at a time and drops a result
 * whose id is not the latest it asked for (livecalc.js).
 */

const BOOT = [
  "import json",
  "from overdue import present",
  "def livecalc_compute(name, form_json):",
  "    return json.dumps(present.render(name, json.loads(form_json)), ensure_ascii=False, default=str)",
].join("\n");

let ready = null; // Promise of {pyodide, compute}

self.addEventListener("securitypolicyviolation", (e) => {
  self.postMessage({ type: "csp", directive: e.violatedDirective, blocked: e.blockedURI,
                     source: e.sourceFile, line: e.lineNumber, sample: e.sample });
});

async function boot({ indexURL, lockFileURL, packages }) {
  const t0 = performance.now();
  const marks = {};
  self.postMessage({ type: "stage", stage: 1 });
  const mod = await import(indexURL + "pyodide.mjs");
  const pyodide = await mod.loadPyodide({
    indexURL,
    lockFileURL,
    packageBaseUrl: lockFileURL.slice(0, lockFileURL.lastIndexOf("/") + 1),
    packages,
    stdout: () => {},
    stderr: (msg) => console.warn(msg),
  });
  marks.runtime = performance.now() - t0; // wasm, standard library and wheels loaded
  self.postMessage({ type: "stage", stage: 2 });
  const ns = pyodide.globals.get("dict")();
  pyodide.runPython(BOOT, { globals: ns });
  const fn = ns.get("livecalc_compute");
  marks.engine = performance.now() - t0; // overdue.present imported
  return { pyodide, compute: (name, form) => fn(name, JSON.stringify(form)), marks };
}

function describe(err) {
  return String((err && err.message) || err);
}

self.addEventListener("message", async (event) => {
  const msg = event.data || {};
  if (msg.type === "init") {
    if (!ready) {
      ready = boot(msg);
      ready.then(
        (rt) => self.postMessage({ type: "ready", marks: rt.marks }),
        (err) => {
          ready = null; // a later "init" retries
          self.postMessage({ type: "failed", message: describe(err) });
        });
    }
    return;
  }
  if (msg.type !== "compute" && msg.type !== "run") return;
  let rt;
  try {
    rt = await ready;
  } catch (err) {
    self.postMessage({ type: "error", id: msg.id, message: describe(err) });
    return;
  }
  if (!rt) {
    self.postMessage({ type: "error", id: msg.id, message: "the runtime was not started" });
    return;
  }
  const t0 = performance.now();
  try {
    if (msg.type === "compute") {
      const result = JSON.parse(rt.compute(msg.name, msg.form));
      self.postMessage({ type: "result", id: msg.id, result, ms: performance.now() - t0 });
    } else {
      self.postMessage({ type: "result", id: msg.id, result: String(rt.pyodide.runPython(msg.code)),
                         ms: performance.now() - t0 });
    }
  } catch (err) {
    console.error(err);
    self.postMessage({ type: "error", id: msg.id, message: describe(err) });
  }
});
