"""Run it in the page: the listings' Rust built for the browser, and which scripts may run there.

A page's Run button runs the script it shows in Pyodide (CPython 3.14 compiled to WebAssembly,
pinned in package.json), in a Web Worker (theme/run-worker.js), with that listing's own Rust
crate compiled for `wasm32-unknown-emscripten`. This module makes what the built site needs:

1. every listing built for wasm32-unknown-emscripten into target/wasm (listings/shipping/wasm_ld.py is
   the linker: no Emscripten SDK); the libraries are kept in the machine's cache under the hash
   of everything that makes them (BUILT), so another clone, or a build after a chapter changed,
   takes them from there (and step 3's runs likewise, SWEPT);
2. into book/: Pyodide's files (book/pyodide/), each library (book/wasm/lib<name>.so) and the
   files of each listing folder its scripts read (book/wasm/listings/<name>/: scripts, header);
3. which scripts get a button, measured: each script runs in Pyodide under Node
   (python/snake_crab/pyodide_sweep.mjs, the same steps as the worker), and gets Run only if it exits 0,
   writes nothing to stderr and prints what its page shows for Python 3.14. The others get a
   one-line reason instead, from what went wrong (a child process, a thread, a package Pyodide
   lacks here, an abort, or another output). A test file runs with pytest, whose wheels
   (pytest_wheels) the site serves. mark_pages writes each verdict into its page (a button, or
   the reason), and under each exercise's starter a Check panel where its tests run; book/wasm/
   runs.json keeps the verdicts, with times, for people, not run.js.

The site builder (site.py) runs it after `mdbook build`.
"""

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from snake_crab import ROOT, downloads, model, pythons, run_listing

LISTINGS = ROOT / "listings"
TARGET = ROOT / "target" / "wasm"
TRIPLE = "wasm32-unknown-emscripten"
WASM_LD = LISTINGS / "wasm_ld.py"  # the linker Shipping gives readers (shipping/wasm_ld.py links here)
PYODIDE = ROOT / "node_modules" / "pyodide"
BROWSER_PYTHON = pythons.BY_NAME["3.14"]  # Pyodide 314.0.8 is CPython 3.14.2
# Crates that are not a ctypes library: PyO3's module needs CPython's own build for the browser.
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]

# What went wrong, as a reader should read it: (text in the run's error, the reason shown).
REASONS = [
    ("does not support processes", "starts a child process, which a browser cannot"),
    ("can't start new thread", "starts threads, which this page's Python cannot"),
    ("stack switching", "waits for a thread, which this page's Python cannot"),
    ('loadPackage("numpy")', "needs NumPy, which this page does not load"),
    ('loadPackage("pandas")', "needs pandas, which this page does not load"),
    ('loadPackage("cffi")', "needs cffi, which this page does not load"),
    ("the helper thread failed", "starts a Rust thread, which this page's WebAssembly cannot"),
    ("/proc/", "reads /proc, which a browser does not have"),
    ("runtime aborted", "aborts the WebAssembly runtime, on purpose"),
]


def pytest_wheels() -> list[Path]:
    """pytest (the readers' pin, downloads.PINS) and what it needs, as pure-Python wheels from
    PyPI: the page's Python runs the exercises' tests with them. Kept in the machine's cache,
    one folder per pytest version."""
    pin = downloads.PINS["pytest"]
    folder = pythons.CACHE / "wheels" / pin.replace("==", "-")
    if not (folder / "done").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        command = ["pip", "download", "--quiet", "--only-binary=:all:", "--implementation", "py", "--abi", "none"]
        command += ["--platform", "any", "--python-version", "3.14", "--dest", folder, pin]
        subprocess.run([str(c) for c in [sys.executable, "-m", *command]], check=True)
        (folder / "done").write_text(pin)
    return sorted(folder.glob("*.whl"))


# Built libraries, by the hash of their inputs (inputs_key), and each sweep's records, by the hash
# of what it ran (sweep): the newest KEPT of each stay in the machine's cache.
BUILT = pythons.CACHE / "wasm-libraries"
SWEPT = pythons.CACHE / "wasm-sweeps"
KEPT = 10
SWEEP_JS = Path(__file__).with_name("pyodide_sweep.mjs")


def inputs(folder: Path) -> list[Path]:
    """Every file under `folder` but what builds and runs leave there (model.LEFTOVERS)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not model.LEFTOVERS & set(p.relative_to(ROOT).parts))


def content_key(files: list[Path], *more: str) -> str:
    """A hash of these files (each named by its path in the repository) and of `more`."""
    digest = hashlib.sha256("\0".join(more).encode())
    for path in files:
        digest.update(f"\0{path.relative_to(ROOT)}\0".encode() + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()[:16]


def inputs_key(crates: list[str]) -> str:
    """A hash of what the browser's libraries are made from: the toolchain, the linker, the
    workspace's manifests and lock, each crate's files but its scripts (.py) and their outputs
    (.txt), and the flags cargo reads."""
    versions = [
        subprocess.run(c, capture_output=True, text=True, check=True).stdout
        for c in (["rustc", "-vV"], ["cargo", "-V"])
    ]
    files = [WASM_LD, ROOT / "Cargo.toml", ROOT / "Cargo.lock", ROOT / ".cargo" / "config.toml"]
    for crate in crates:
        # its Rust, manifests and headers; not its scripts and their outputs
        files += [p for p in inputs(LISTINGS / crate) if p.suffix not in (".py", ".txt")]
    flags = sorted((k, v) for k, v in os.environ.items() if k.startswith(("CARGO_", "RUSTFLAGS", "RUSTC")))
    return content_key(files, *versions, repr([(k, v) for k, v in flags if k != "RUSTC_WRAPPER"]))


def build() -> tuple[list[str], Path]:
    """Every listing for the browser, built only when BUILT does not hold them yet; the crates,
    and BUILT's folder that holds each one's <crate>.wasm."""
    crates = [listing.name for listing in model.listings() if listing.c_library]  # not PyO3's module
    kept = BUILT / inputs_key(crates)
    if (kept / "done").is_file():
        os.utime(kept)  # newest used: kept longest
        return crates, kept
    env = dict(os.environ, CARGO_TARGET_WASM32_UNKNOWN_EMSCRIPTEN_LINKER=str(WASM_LD))
    not_built = sorted(set(model.names()) - set(crates))
    command = ["cargo", "build", "--quiet", "--release", "--lib", "--target", TRIPLE, "--target-dir", TARGET]
    command += ["--workspace", "--exclude", "snake-crab", *(f"--exclude={c}" for c in not_built)]
    subprocess.run([str(c) for c in command], cwd=ROOT, env=env, check=True)
    partial = kept.with_name(f"{kept.name}.{os.getpid()}")
    partial.mkdir(parents=True, exist_ok=True)
    for crate in crates:
        shutil.copy2(TARGET / TRIPLE / "release" / f"{crate}.wasm", partial / f"{crate}.wasm")
    (partial / "done").write_text(" ".join(crates))
    try:
        partial.rename(kept)  # whole, or not there: another build may be reading BUILT
    except OSError:  # another build kept the same ones first
        shutil.rmtree(partial, ignore_errors=True)
    pythons.keep(BUILT, KEPT)
    return crates, kept


def copy_site(book: Path, crates: list[str], libraries: Path) -> None:
    """Pyodide, the libraries (from `libraries`, build's folder) and the listings' files, into the built site."""
    (book / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE / name, book / "pyodide" / name)
    wasm = book / "wasm"
    shutil.rmtree(wasm, ignore_errors=True)
    (wasm / "listings").mkdir(parents=True)
    for crate in crates:
        shutil.copy2(libraries / f"{crate}.wasm", wasm / f"lib{crate}.so")
    for listing in model.listings():
        files = sorted(p for p in [*listing.python_files, listing.header] if p.parent == listing.folder)
        if files:
            (wasm / "listings" / listing.name).mkdir()
            for path in files:
                shutil.copy2(path, wasm / "listings" / listing.name / path.name)
            names = json.dumps([p.name for p in files])
            (wasm / "listings" / listing.name / "files.json").write_text(names)
    (wasm / "wheels").mkdir()
    wheels = pytest_wheels()
    for wheel in wheels:
        shutil.copy2(wheel, wasm / "wheels" / wheel.name)
    (wasm / "wheels" / "wheels.json").write_text(json.dumps([w.name for w in wheels]))
    for runner in ("run-worker.js", "run-listing.mjs"):  # the Run button's worker, and the runner it shares
        shutil.copy2(ROOT / "theme" / runner, wasm / runner)
    # The panels' editor: CodeMirror (package.json pins it) bundled into one file of the site.
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    bundle = [esbuild, ROOT / "theme" / "editor.mjs", "--bundle", "--format=esm", "--minify", "--log-level=warning"]
    subprocess.run([str(c) for c in [*bundle, f"--outfile={wasm / 'editor.js'}"]], cwd=ROOT, check=True)


# A Python listing's block in a built page: its caption, then the code.
LISTING_BLOCK = re.compile(
    r'(<p><span class="filename" data-listing="(?P<name>[\w-]+)" data-path="(?P<path>[\w-]+\.py)">.*?</span></p>\s*'
    r'<pre><code class="language-python">.*?</code></pre>)',
    re.S,
)


# An exercise's module as its starter has it (gen's `:starter` block): the reader completes it
# in the page, and Check runs the exercise's tests against it.
STARTER_BLOCK = re.compile(
    r'(<p><span class="filename" data-listing="(?P<name>[\w-]+)-start" data-path="(?P<path>[\w-]+\.py)" '
    r'data-check="(?P<test>test_[\w-]+\.py)">.*?</span></p>\s*<pre><code class="language-python">.*?</code></pre>)',
    re.S,
)


def mark_pages(book: Path, verdicts: dict[str, dict]) -> int:
    """Under each Python listing of every page: a Run panel, or the reason there is none; under
    each exercise's starter, a Check panel where its tests run in the page. Returns the number
    of panels."""
    panels = 0
    for page in sorted(book.glob("*.html")):
        if page.name == "print.html":
            continue
        text = page.read_text()

        def check(m: re.Match) -> str:
            nonlocal panels
            spec = f"{m['name']}/{m['test']}"
            verdict = verdicts.get(spec, {"runs": False, "reason": "has no tests that run"})
            if verdict["runs"]:
                panels += 1
                return m[1] + f'\n<div class="run-panel" data-script="{spec}" data-edits="{m["path"]}"></div>'
            reason = html.escape(verdict["reason"])
            return (
                m[1] + f'\n<p class="run-reason">Not checkable in the page: its tests {reason}. Run them at home.</p>'
            )

        text = STARTER_BLOCK.sub(check, text)

        def mark(m: re.Match) -> str:
            nonlocal panels
            spec = f"{m['name']}/{m['path']}"
            verdict = verdicts.get(spec)
            if verdict is None:
                return m[1]  # not a script that runs (a helper, setup.py)
            if verdict["runs"]:
                panels += 1
                return m[1] + f'\n<div class="run-panel" data-script="{spec}"></div>'
            reason = html.escape(verdict["reason"])
            return m[1] + f'\n<p class="run-reason">Not runnable in the page: it {reason}. Run it on your machine.</p>'

        page.write_text(LISTING_BLOCK.sub(mark, text))
    return panels


def verdict(spec: str, record: dict) -> dict:
    """Whether a script may have a Run button, from its run in Pyodide, and why not."""
    expected = run_listing.expected_path(LISTINGS / spec, BROWSER_PYTHON).read_text()
    found = {"ms": record["ms"]}
    if record["exit"] == 0 and not record["stderr"] and run_listing.matches(expected, record["stdout"]):
        return found | {"runs": True}
    text = record["stderr"] + record["stdout"]
    reason = next((why for clue, why in REASONS if clue in text), None)
    if reason is None:
        reason = "prints something else in the browser (a 32-bit WebAssembly machine without threads)"
    return found | {"runs": False, "reason": reason}


def sweep(book: Path, specs: list[str], libraries: str) -> dict[str, dict]:
    """Each script's verdict, from its run in Pyodide under Node; the runs' records are kept in
    SWEPT under the hash of all they depend on (the libraries' key, every file of listings/, the
    runner, Pyodide's pin and pytest's), so the same inputs are not run again."""
    files = [ROOT / "package-lock.json", ROOT / "theme" / "run-listing.mjs", SWEEP_JS, *inputs(LISTINGS)]
    kept = SWEPT / f"{content_key(files, libraries, downloads.PINS['pytest'], *specs)}.json"
    if not kept.is_file():
        out = TARGET / "sweep.json"
        command = ["node", SWEEP_JS, LISTINGS, book / "wasm", out, *specs]
        done = subprocess.run([str(c) for c in command], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"pyodide_sweep.mjs exited {done.returncode}:\n{done.stderr[-3000:]}")
        SWEPT.mkdir(parents=True, exist_ok=True)
        partial = shutil.copy2(out, kept.with_suffix(f".{os.getpid()}"))
        Path(partial).replace(kept)  # whole, or not there
        pythons.keep(SWEPT, KEPT)
    os.utime(kept)
    records = json.loads(kept.read_text())
    return {spec: verdict(spec, records[spec]) for spec in specs}


def write(book: Path, say, sweep_again: bool = True) -> None:
    """Build the listings for the browser into `book`, and give a Run button to each script that
    runs in Pyodide as on its page; `say` gets one line of figures and one per script left out.
    With sweep_again=False (a chapter changed, no listing did), the last sweep's verdicts stand."""
    if not PYODIDE.is_dir():
        raise RuntimeError("wasm: node_modules/pyodide is missing: run `npm ci` (book.py's set-up does)")
    start = time.monotonic()
    crates, libraries = build()
    copy_site(book, crates, libraries)
    built = time.monotonic()
    TARGET.mkdir(parents=True, exist_ok=True)  # a new clone whose libraries came from BUILT has none
    last = TARGET / "verdicts.json"
    if sweep_again or not last.is_file():
        last.write_text(json.dumps(sweep(book, model.script_specs(), libraries.name), indent=1, sort_keys=True))
    verdicts = json.loads(last.read_text())
    (book / "wasm" / "runs.json").write_text(json.dumps(verdicts, indent=1, sort_keys=True))
    panels = mark_pages(book, verdicts)
    runnable = [s for s, v in verdicts.items() if v["runs"]]
    say(
        f"wasm: {len(crates)} libraries built for the browser ({built - start:.0f} s); "
        f"{len(runnable)} of {len(verdicts)} scripts run in the page, {panels} Run buttons "
        f"({time.monotonic() - built:.0f} s)"
    )
    for spec, v in sorted(verdicts.items()):
        if not v["runs"]:
            say(f"  no Run button: listings/{spec}: {v['reason']}")
