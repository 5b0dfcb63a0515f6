// Runs listing scripts in Pyodide under Node, each with its listing's Rust library built for
// wasm32-unknown-emscripten, with the code a page's Run button runs (theme/run-listing.mjs).
//
//   node python/snake_crab/pyodide_sweep.mjs LISTINGS_DIR SITE_WASM_DIR OUT.json SPEC...
//
// Writes {spec: {exit, stdout, stderr, ms, fatal}} to OUT.json. python/snake_crab/wasm.py reads it.
import { loadPyodide } from "pyodide";
import { runListing } from "../../theme/run-listing.mjs";
import fs from "node:fs";
import path from "node:path";

const [, , listingsDir, wasmDir, outFile, ...specs] = process.argv;
let out = "";
let err = "";
let py = null;
let fatal = false;
let onFatal = null;
// After an abort Pyodide's promise never settles: its fatal-error hook ends the run instead.
const fail = (e) => {
  fatal = true;
  if (onFatal) onFatal(e);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

async function boot() {
  py = await loadPyodide({ stdout: (s) => (out += s + "\n"), stderr: (s) => (err += s + "\n") });
  py._api.on_fatal = fail;
  fatal = false;
}

// pytest's wheels, which the site serves for the tests (a test file runs with pytest).
const wheelsDir = path.join(wasmDir, "wheels");
const wheels = JSON.parse(fs.readFileSync(path.join(wheelsDir, "wheels.json"))).map((w) => path.join(wheelsDir, w));
const results = {};
for (const spec of specs) {
  if (!py || fatal) await boot();
  const [name, file] = spec.split("/");
  const folder = path.join(wasmDir, "listings", name);
  const files = {};
  for (const f of fs.readdirSync(folder)) files[f] = fs.readFileSync(path.join(folder, f));
  const module = path.join(wasmDir, `lib${name}.so`);
  const library = fs.existsSync(module) ? fs.readFileSync(module) : null;
  out = "";
  err = "";
  const start = Date.now();
  let exit = 0;
  try {
    const settled = new Promise((_, reject) => {
      onFatal = (e) => reject(new Error("the WebAssembly runtime aborted: " + String(e).split("\n")[0]));
    });
    exit = await Promise.race([runListing(py, { name, file, files, library, wheels }), settled]);
  } catch (e) {
    exit = 1;
    err += String(e.message || e).split("\n").slice(-3).join("\n") + "\n";
  }
  results[spec] = { exit, stdout: out, stderr: err, ms: Date.now() - start, fatal };
}
fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
process.exit(0);
