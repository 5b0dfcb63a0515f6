// Runs listing scripts in Pyodide under Node, each with its listing's Rust library built for
// wasm32-unknown-emscripten, exactly as a page's Run button does in the browser (theme/run-worker.js):
// the listing's folder in Pyodide's file system at /book/listings/<name>, the library where the
// script's own loader looks (target/release/lib<name>.so), the script run as __main__.
//
//   node python/pyodide_sweep.mjs LISTINGS_DIR SITE_WASM_DIR OUT.json SPEC...
//
// Writes {spec: {exit, stdout, stderr, ms, fatal}} to OUT.json. python/wasm.py reads it.
import { loadPyodide } from "pyodide";
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

const results = {};
for (const spec of specs) {
  if (!py || fatal) await boot();
  const [name, file] = spec.split("/");
  const dir = "/book/listings/" + name;
  py.FS.mkdirTree(dir + "/target/release");
  for (const f of fs.readdirSync(path.join(wasmDir, "listings", name))) {
    py.FS.writeFile(dir + "/" + f, fs.readFileSync(path.join(wasmDir, "listings", name, f)));
  }
  const module = path.join(wasmDir, `lib${name}.so`);
  if (fs.existsSync(module)) py.FS.writeFile(`${dir}/target/release/lib${name}.so`, fs.readFileSync(module));
  out = "";
  err = "";
  const start = Date.now();
  let exit = 0;
  const code = [
    "import os, runpy, sys",
    'os.chdir("/book")',
    `sys.argv = [${JSON.stringify(dir + "/" + file)}]`,
    "sys.path.insert(0, os.path.dirname(sys.argv[0]))  # as `python3 script.py` does: loader.py",
    'sys.modules.pop("loader", None)',
    "try:",
    '    runpy.run_path(sys.argv[0], run_name="__main__")',
    "    _exit = 0",
    "except SystemExit as e:",
    "    _exit = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)",
    "_exit",
  ].join("\n");
  try {
    const settled = new Promise((_, reject) => {
      onFatal = (e) => reject(new Error("the WebAssembly runtime aborted: " + String(e).split("\n")[0]));
    });
    exit = await Promise.race([py.runPythonAsync(code), settled]);
  } catch (e) {
    exit = 1;
    err += String(e.message || e).split("\n").slice(-3).join("\n") + "\n";
  }
  results[spec] = { exit, stdout: out, stderr: err, ms: Date.now() - start, fatal };
}
fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
process.exit(0);
