// The Web Worker behind the Run and Check buttons (theme/run.js): Pyodide, loaded on the first
// Run, runs a listing's script (or an exercise's tests) with that listing's Rust library, built for wasm32-unknown-emscripten
// (python/snake_crab/wasm.py), through run-listing.mjs, the same code the sweep that decides
// which scripts get a button runs (python/snake_crab/pyodide_sweep.mjs). A worker, so that a
// script that never ends can be stopped: the page terminates the worker and starts a new one.
//
// Python once per visit: each page has its own worker (a page can only stop a worker it owns),
// so the first Run on a page starts Python. The first page's worker starts it from scratch and
// saves a memory snapshot of the freshly started interpreter in the site's Cache Storage; the
// workers of later pages start from that snapshot, which skips Python's own start-up.
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

const SNAPSHOTS = "snake-crab-python"; // the Cache Storage name, the same for every page of the site

async function savedSnapshot(key) {
    try {
        const response = await (await caches.open(SNAPSHOTS)).match(key);
        return response ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch {
        return null; // no Cache Storage (a file:// page, a private window): start from scratch
    }
}

async function saveSnapshot(key, bytes) {
    try {
        await (await caches.open(SNAPSHOTS)).put(key, new Response(bytes));
    } catch {
        // Without the cache, later pages start Python from scratch, as this one did.
    }
}

async function boot(base) {
    post({ type: "status", text: "Starting Python…" });
    const start = performance.now();
    // A module worker: this Pyodide's runtime is an ES module (pyodide.asm.mjs).
    const { loadPyodide, version } = await import(base + "pyodide/pyodide.mjs");
    const indexURL = base + "pyodide/";
    const key = `${indexURL}python-${version}.snapshot`;
    const saved = await savedSnapshot(key);
    if (!saved) {
        post({ type: "status", text: "Loading Python (CPython 3.14 in WebAssembly, about 6 MB)…" });
    }
    let started = "snapshot";
    if (saved) {
        try {
            pyodide = await loadPyodide({ indexURL, _loadSnapshot: saved });
        } catch {
            pyodide = null; // made by another build: start afresh and save a new one
        }
    }
    if (!pyodide) {
        started = "scratch";
        pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
        pyodide.runPython("import ctypes, runpy, traceback"); // what every run imports, in the snapshot too
        await saveSnapshot(key, pyodide.makeMemorySnapshot()); // before this page adds anything
    }
    pyodide.setStdout({ batched: (text) => post({ type: "out", stream: "stdout", text }) });
    pyodide.setStderr({ batched: (text) => post({ type: "out", stream: "stderr", text }) });
    // After an abort nothing else settles: say so, and let the page start a new worker.
    pyodide._api.on_fatal = (error) => post({ type: "fatal", text: String(error).split("\n")[0] });
    return { loadMs: performance.now() - start, started };
}

async function run({ base, script, edits }) {
    const { loadMs, started } = pyodide ? { loadMs: 0, started: "loaded" } : await boot(base);
    const { runListing } = await import(base + "wasm/run-listing.mjs");
    const [name, file] = script.split("/");
    // A test file runs with pytest, whose wheels the site serves (python/snake_crab/wasm.py).
    let wheels = [];
    if (file.startsWith("test_")) {
        const names = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}wasm/wheels/wheels.json`)));
        wheels = names.map((wheel) => `${base}wasm/wheels/${wheel}`);
        post({ type: "status", text: "Loading pytest…" });
    }
    const listed = JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}wasm/listings/${name}/files.json`)));
    const files = {};
    for (const f of listed) {
        files[f] = await fetchBytes(`${base}wasm/listings/${name}/${f}`);
    }
    const library = await fetchBytes(`${base}wasm/lib${name}.so`);
    post({ type: "status", text: "" });
    const start = performance.now();
    const exit = await runListing(pyodide, { name, file, files, library, edits, wheels });
    post({ type: "done", exit, ms: performance.now() - start, loadMs, started });
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
