// The Web Worker behind the Run buttons (theme/run.js): Pyodide, loaded on the first Run, runs
// a listing's script with that listing's Rust library, built for wasm32-unknown-emscripten
// (python/snake_crab/wasm.py), through run-listing.mjs, the same code the sweep that decides
// which scripts get a button runs (python/snake_crab/pyodide_sweep.mjs). A worker, so that a script that never ends can be stopped: the page
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
    const { runListing } = await import(base + "wasm/run-listing.mjs");
    const [name, file] = script.split("/");
    const listed = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}wasm/listings/${name}/files.json`)));
    const files = {};
    for (const f of listed) {
        files[f] = await fetchBytes(`${base}wasm/listings/${name}/${f}`);
    }
    const library = await fetchBytes(`${base}wasm/lib${name}.so`);
    post({ type: "status", text: "" });
    const start = performance.now();
    const exit = await runListing(pyodide, { name, file, files, library, source });
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
