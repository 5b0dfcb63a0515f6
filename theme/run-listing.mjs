// The one way a listing's script runs in Pyodide, used by the page's Run and Check buttons
// (run-worker.js) and by the sweep that decides which scripts get one
// (python/snake_crab/pyodide_sweep.mjs): the listing's folder at /book/listings/<name>, its Rust
// library where the script's loader looks (target/release/lib<name>.so), the script run as
// __main__ from that folder, as `python3 script.py` runs it; a test file (`test_*.py`) runs with
// pytest instead, as `python3 -m pytest -q test_x.py` runs it, with pytest's wheels (served by
// the site) loaded first. `edits` replaces files of the folder with the reader's text: the script
// itself under Run, the module an exercise's tests import under Check. Returns the exit status.
const PYTHON = `
import os, runpy, sys, traceback
os.chdir("/book")
sys.argv = [_script]
sys.path[:] = [os.path.dirname(_script)] + [p for p in sys.path if not p.startswith("/book/")]
sys.dont_write_bytecode = True
for _name in [n for n, m in sys.modules.items() if (getattr(m, "__file__", None) or "").startswith("/book/")]:
    del sys.modules[_name]  # each listing's loader.py, and a module the reader just edited
_saved = sys.stdout, sys.stderr  # a script that swaps them must not silence the next run
try:
    if os.path.basename(_script).startswith("test_"):
        os.chdir(os.path.dirname(_script))  # as \`python3 -m pytest -q test_x.py\` runs in the folder
        import contextlib, io, pytest
        _said = io.StringIO()  # whole lines: the page's output shows a line per write
        with contextlib.redirect_stdout(_said):
            _exit = int(pytest.main(["-q", "-p", "no:cacheprovider", os.path.basename(_script)]))
        sys.stdout.write(_said.getvalue())
    else:
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

export async function runListing(pyodide, { name, file, files, library, edits = {}, wheels = [] }) {
    const dir = "/book/listings/" + name;
    pyodide.FS.mkdirTree(dir + "/target/release");
    for (const [relative, bytes] of Object.entries(files)) {
        pyodide.FS.writeFile(`${dir}/${relative}`, bytes);
    }
    if (library) {
        pyodide.FS.writeFile(`${dir}/target/release/lib${name}.so`, library);
    }
    for (const [relative, text] of Object.entries(edits)) {
        pyodide.FS.writeFile(`${dir}/${relative}`, text); // the text in the page, edited or not
    }
    if (file.startsWith("test_")) {
        // pytest and what it needs; loaded once per Python, saying nothing on the script's stdout
        await pyodide.loadPackage(wheels, { messageCallback: () => {} });
    }
    pyodide.globals.set("_script", `${dir}/${file}`);
    return await pyodide.runPythonAsync(PYTHON);
}
