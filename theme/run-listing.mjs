// The one way a listing's script runs in Pyodide, used by the page's Run button
// (run-worker.js) and by the sweep that decides which scripts get one
// (python/snake_crab/pyodide_sweep.mjs): the listing's folder at /book/listings/<name>, its Rust
// library where the script's loader looks (target/release/lib<name>.so), the script run as
// __main__ from that folder, as `python3 script.py` runs it. Returns the exit status.
const PYTHON = `
import os, runpy, sys, traceback
os.chdir("/book")
sys.argv = [_script]
sys.path[:] = [os.path.dirname(_script)] + [p for p in sys.path if not p.startswith("/book/")]
sys.modules.pop("loader", None)  # each listing's folder has its own loader.py
sys.modules.pop("ctrl_c", None)
_saved = sys.stdout, sys.stderr  # a script that swaps them must not silence the next run
try:
    runpy.run_path(_script, run_name="__main__")  # a fresh __main__ for every run
    _exit = 0
except SystemExit as e:
    _exit = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
except BaseException:
    traceback.print_exc()
    _exit = 1
finally:
    sys.stdout, sys.stderr = _saved
    del _saved
_exit`;

export async function runListing(pyodide, { name, file, files, library, source }) {
    const dir = "/book/listings/" + name;
    pyodide.FS.mkdirTree(dir + "/target/release");
    for (const [relative, bytes] of Object.entries(files)) {
        pyodide.FS.writeFile(`${dir}/${relative}`, bytes);
    }
    if (library) {
        pyodide.FS.writeFile(`${dir}/target/release/lib${name}.so`, library);
    }
    if (source !== undefined) {
        pyodide.FS.writeFile(`${dir}/${file}`, source); // the text in the page, edited or not
    }
    pyodide.globals.set("_script", `${dir}/${file}`);
    return await pyodide.runPythonAsync(PYTHON);
}
