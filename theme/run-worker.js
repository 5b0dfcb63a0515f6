// The Web Worker behind the Run buttons (theme/run.js): Pyodide, loaded on the first Run, runs
// a listing's script with that listing's Rust library, built for wasm32-unknown-emscripten
// (python/wasm.py). The same steps as python/pyodide_sweep.mjs, which decides which scripts
// get a button. A worker, so that a script that never ends can be stopped: the page
// terminates the worker and starts a new one.
let pyodide = null;
let current = null; // the id of the run in progress

function post(message) {
    postMessage(Object.assign({ id: current }, message));
}

async function fetchBytes(url) {
    const response = await fetch(url);
    if (!response.ok) {
        throw new Error(`${url}: HTTP ${response.status}`);
    }
    return new Uint8Array(await response.arrayBuffer());
}

async function boot(base) {
    post({ type: "status", text: "Loading Python (CPython 3.14 in WebAssembly, about 6 MB)…" });
    const start = performance.now();
    // A module worker: this Pyodide's runtime is an ES module (pyodide.asm.mjs).
    const { loadPyodide } = await import(base + "pyodide/pyodide.mjs");
    pyodide = await loadPyodide({ indexURL: base + "pyodide/" });
    pyodide.setStdout({ batched: (text) => post({ type: "out", stream: "stdout", text }) });
    pyodide.setStderr({ batched: (text) => post({ type: "out", stream: "stderr", text }) });
    // After an abort nothing else settles: say so, and let the page start a new worker.
    pyodide._api.on_fatal = (error) => post({ type: "fatal", text: String(error).split("\n")[0] });
    return performance.now() - start;
}

async function run({ base, script, source }) {
    const loadMs = pyodide ? 0 : await boot(base);
    const [name, file] = script.split("/");
    const dir = "/book/listings/" + name;
    pyodide.FS.mkdirTree(dir + "/target/release");
    const files = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}wasm/listings/${name}/files.json`)));
    for (const f of files) {
        pyodide.FS.writeFile(`${dir}/${f}`, await fetchBytes(`${base}wasm/listings/${name}/${f}`));
    }
    pyodide.FS.writeFile(`${dir}/target/release/lib${name}.so`, await fetchBytes(`${base}wasm/lib${name}.so`));
    pyodide.FS.writeFile(`${dir}/${file}`, source); // the text in the page, edited or not
    post({ type: "status", text: "" });
    const start = performance.now();
    pyodide.globals.set("_script", `${dir}/${file}`);
    const exit = await pyodide.runPythonAsync(`
import os, runpy, sys, traceback
os.chdir("/book")
sys.argv = [_script]
sys.path[:] = [os.path.dirname(_script)] + [p for p in sys.path if not p.startswith("/book/")]
sys.modules.pop("loader", None)  # each listing's folder has its own loader.py
try:
    runpy.run_path(_script, run_name="__main__")
    _exit = 0
except SystemExit as e:
    _exit = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
except BaseException:
    traceback.print_exc()
    _exit = 1
_exit`);
    post({ type: "done", exit, ms: performance.now() - start, loadMs });
}

onmessage = async (event) => {
    current = event.data.id;
    try {
        await run(event.data);
    } catch (error) {
        post({ type: "out", stream: "stderr", text: String(error) });
        post({ type: "done", exit: 1, ms: 0, loadMs: 0 });
    }
};
