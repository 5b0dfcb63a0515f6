"""Every check of the book, in order; prints a PASS/FAIL line per check and `N passed, N failed`.

Run it through `python3 python/book.py verify`, which installs the pinned tools first and passes
these on: `--list` prints every check, what it does and its last time here; `--only NAME[,NAME]`
runs some checks (in the same order and lanes); `--listing NAME[,NAME]` runs the checks that look
at listings one by one (PER_LISTING, or those of --only) on those listings only;
`--bless [LISTING ...]` regenerates the expected outputs of every listing, or of the named ones,
and the chapters.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "listings"
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "python"))

import book  # noqa: E402
import downloads  # noqa: E402
import gen  # noqa: E402
import header_check  # noqa: E402
import model  # noqa: E402
import run_listing  # noqa: E402
import wheel_check  # noqa: E402
import wrapper_check  # noqa: E402

# Run directly (`python3 python/verify.py --only book`), find the pinned tools as book.py does.
os.environ.update(book.environment())


class Failed(Exception):
    """A check failed; the message names the culprit."""


def sh(*cmd: str | Path, **kwargs) -> subprocess.CompletedProcess:
    """Run a command from the repository root; raise Failed with its output if it fails."""
    done = subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise Failed(f"`{' '.join(map(str, cmd))}` exited {done.returncode}:\n{done.stdout}{done.stderr}".rstrip())
    return done


# ---------------------------------------------------------------- the checks


def check_layout() -> None:
    """Each listing is one cdylib crate named like its folder, with src/lib.rs and expected outputs,
    and a Cargo.toml complete on its own: the root's edition, rust-version and lints, nothing inherited."""
    problems = []
    root = tomllib.loads((ROOT / "Cargo.toml").read_text())
    policy = {"edition": root["package"]["edition"], "rust-version": root["package"]["rust-version"]}
    for listing in model.listings():
        folder = listing.folder
        text, manifest, name = (folder / "Cargo.toml").read_text(), listing.manifest, listing.name
        if re.search(r"^\s*[\w.-]*\.workspace\s*=|^\s*workspace\s*=\s*true", text, re.MULTILINE):
            problems.append(f"listings/{name}/Cargo.toml inherits from the workspace: a copied listing cannot build")
        for key, wanted in policy.items():
            if manifest["package"].get(key) != wanted:
                problems.append(f"listings/{name}/Cargo.toml: {key} must be {wanted!r}, as in the root Cargo.toml")
        if manifest.get("lints") != root["lints"]:
            problems.append(f"listings/{name}/Cargo.toml: [lints] must be the root Cargo.toml's {root['lints']}")
        if manifest["package"]["name"] != name:
            problems.append(f"listings/{name}/Cargo.toml: package name must be {name!r}")
        if manifest.get("lib", {}).get("crate-type") != ["cdylib"]:
            problems.append(f'listings/{name}/Cargo.toml: needs [lib] crate-type = ["cdylib"]')
        if not listing.lib_rs.is_file():
            problems.append(f"listings/{name}: no src/lib.rs")
        # Every line a page may show fits the book's column (100): caught here, in a second, rather
        # than by the browser check minutes later (cargo fmt and ruff leave comments as they are).
        for path in [listing.lib_rs, listing.header, *listing.python_files]:
            lines = path.read_text().splitlines() if path.is_file() else []
            for number, line in enumerate(lines, 1):
                if len(line) > 100:
                    where = path.relative_to(ROOT)
                    problems.append(f"{where}:{number}: {len(line)} columns; a page shows at most 100")
    helpers = {Path(name).stem: (LISTINGS / name).read_text() for name in model.HELPERS}
    wrong_copies: set[Path] = set()
    for spec in model.script_specs():
        if not run_listing.expected_path(LISTINGS / spec).is_file():
            problems.append(f"listings/{spec}: no expected output (run `python3 python/book.py bless`)")
        script = LISTINGS / spec
        if "def load_library" in script.read_text():
            problems.append(f"listings/{spec}: defines its own load_library; import it from loader.py")
        for name, text in helpers.items():
            copy = script.parent / f"{name}.py"
            if f"from {name} import" not in script.read_text() or copy in wrong_copies:
                continue
            if not copy.is_file() or copy.read_text() != text:
                wrong_copies.add(copy)
                problems.append(f"listings/{script.parent.name}/{name}.py must be the same as listings/{name}.py")
    if problems:
        raise Failed("\n".join(problems))


def check_fmt() -> None:
    """cargo fmt --check: every listing as rustfmt writes it."""
    sh("cargo", "fmt", "--all", "--check")


def check_clippy() -> None:
    """cargo clippy over every listing and its tests, every warning an error."""
    sh("cargo", "clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings")


def check_build() -> None:
    """Build every listing (and, through build.rs, every header)."""
    sh("cargo", "build", "--release", "--workspace", "--quiet")
    missing = [f"listings/{x.name}/{x.name}.h" for x in model.listings() if not x.header.is_file()]
    if missing:
        raise Failed("build.rs wrote no header: " + ", ".join(missing))


def check_msrv() -> None:
    """Every listing builds with exactly the oldest Rust the book supports (Cargo.toml's rust-version)."""
    msrv = book.prerequisites.MSRV  # read from Cargo.toml once, where the set-up installs it
    print(f"  msrv: cargo +{msrv} build --workspace (into target/msrv)", flush=True)
    sh("cargo", f"+{msrv}", "build", "--workspace", "--quiet", "--target-dir", ROOT / "target" / "msrv")


def check_header() -> None:
    """Every ctypes declaration in the listings matches the C header (python/header_check.py)."""
    problems, notes, _checked = header_check.check_book(LISTINGS)
    for note in notes:
        print(f"  note: {note}", flush=True)
    if problems:
        raise Failed("\n".join(problems))


def run_script(
    script: str,
    show: Callable[[str], str | None] = lambda line: None,
    failure: Callable[[str], str] = lambda output: output,
) -> None:
    """Run python/<script> from the root; print `show(line)` for each line it allows, and raise
    Failed with `failure(stdout + stderr)` if the script fails."""
    done = subprocess.run([sys.executable, ROOT / "python" / script], cwd=ROOT, text=True, capture_output=True)
    for line in done.stdout.splitlines():
        if (shown := show(line)) is not None:
            print(shown, flush=True)
    if done.returncode != 0:
        raise Failed(failure(done.stdout + done.stderr))


def check_unwind() -> None:
    """No panic can unwind out of an extern "C" function unannounced (python/unwind_check.py)."""
    run_script(
        "unwind_check.py",
        failure=lambda out: "\n".join(line for line in out.splitlines() if line.startswith(("FAIL", "unwind"))),
    )


def check_validity() -> None:
    """No safe export takes a value with invalid bit patterns, as LLVM sees its parameters
    (python/validity_check.py)."""
    run_script("validity_check.py", show=lambda line: line if line.startswith(("FAIL", "validity")) else None)


def check_wrappers() -> None:
    """The Python wrappers: callbacks catch BaseException, finalizers stay off at exit, paths and
    text cross without NUL, documented error values become exceptions, integers are range-checked
    (python/wrapper_check.py)."""
    problems, checked, skipped = wrapper_check.check_book(LISTINGS)
    for path in skipped:
        print(f"  note: {path}: skipped (its folder's checks.toml)", flush=True)
    if problems:
        raise Failed("\n".join(problems))
    print(f"  wrappers: {checked} files follow the rules", flush=True)


def check_interrupt() -> None:
    """Ctrl+C while Rust runs a call that calls back: every such wrapper raises KeyboardInterrupt
    after the call, with no "Exception ignored" (python/interrupt_check.py)."""
    run_script("interrupt_check.py", show=lambda line: line if line.startswith(("  ", "FAIL", "interrupt")) else None)


def check_boundary() -> None:
    """Every export that takes a pointer, called with misaligned, NULL, huge and empty input in a
    debug build, does not abort (python/boundary_check.py)."""
    run_script("boundary_check.py", show=lambda line: line if line.startswith(("FAIL", "boundary")) else None)


def check_ub() -> None:
    """The listings' Rust unit tests in a debug build (UB checks on) under valgrind (python/ub_check.py)."""
    run_script(
        "ub_check.py", show=lambda line: line if line.startswith(("  FAIL", "  skip")) or "miri" in line else None
    )


def check_wheel() -> None:
    """The crabmath sdist and wheel build, the wheel is repaired to a manylinux tag that fits its
    libraries (python/wheel_check.py), installs into a new venv with --no-index and works."""
    print("  wheel: build listings/shipping, install it into a temporary venv, call it", flush=True)
    wheelhouse = ROOT / "target" / "wheelhouse"  # this check's own: the book's runs keep none
    shutil.rmtree(wheelhouse, ignore_errors=True)
    script = LISTINGS / "shipping" / "ship.py"
    done = subprocess.run(
        [sys.executable, script, "--wheelhouse", wheelhouse], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0 or not run_listing.matches(run_listing.expected_path(script).read_text(), done.stdout):
        raise Failed(f"listings/shipping/ship.py --wheelhouse: exit {done.returncode}\n{done.stdout}{done.stderr}")
    wheels = sorted(wheelhouse.glob("*.whl"))
    found = [p for wheel in wheels for p in wheel_check.problems(wheel)] if wheels else ["ship.py made no wheel"]
    if found:
        raise Failed("\n".join(found))
    print(f"  wheel: {wheels[0].name}, {wheels[0].stat().st_size // 1024} KiB, fits its tag", flush=True)


def check_ruff() -> None:
    """ruff format --check and ruff check over the listings' Python and python/."""
    sh(sys.executable, "-m", "ruff", "format", "--check", "listings", "python")
    sh(sys.executable, "-m", "ruff", "check", "listings", "python")


def check_gen() -> None:
    """The chapters' generated blocks match the listing files (`gen.py --write` fixes), and the
    pictures match what python/pictures.py draws from its measurements (running it fixes)."""
    sh(sys.executable, ROOT / "python" / "gen.py", "--check")
    sh(sys.executable, ROOT / "python" / "pictures.py", "--check")


def check_quiz() -> None:
    """Every chapter ends with its quiz, and every answer about what a listing does is one its
    recorded run prints (python/quiz_check.py)."""
    run_script("quiz_check.py", show=lambda line: "  " + line if line.startswith(("FAIL", "quiz")) else None)


def check_book() -> None:
    """mdbook build with no warning; every listing ran in it, succeeded and printed what is expected."""
    shutil.rmtree(run_listing.RUNS, ignore_errors=True)
    built = sh("mdbook", "build")
    noise = [line for line in built.stderr.splitlines() if "[WARN]" in line or "[ERROR]" in line]
    if noise:
        raise Failed("mdbook build warned:\n" + "\n".join(noise))
    problems = []
    shown = model.shown_runs()
    for spec in model.script_specs():
        if spec not in shown:
            problems.append(f"listings/{spec}: no chapter shows its run (add a cmdrun line for it)")
    for spec, where in shown.items():
        log = run_listing.RUNS / (spec.replace("/", "__") + ".json")
        if not log.is_file():
            problems.append(f"{where}: listings/{spec} did not run during mdbook build")
            continue
        for problem in json.loads(log.read_text())["problems"]:
            problems.append(f"{where}: listings/{spec} {problem}")
    if problems:
        raise Failed("\n".join(problems))
    # Each listing as a download, and its files for the captions' "whole file" links.
    print(f"  downloads: {downloads.write(BOOK)} listings, each a zip and its files in book/listings/", flush=True)
    # The site's Run buttons: the listings built for the browser, and which scripts get one.
    done = subprocess.run(
        [sys.executable, ROOT / "python" / "wasm.py", ROOT / "book"], cwd=ROOT, capture_output=True, text=True
    )
    for line in done.stdout.splitlines():
        print("  " + line, flush=True)
    if done.returncode != 0:
        raise Failed(f"python/wasm.py exited {done.returncode}:\n{done.stderr[-3000:]}")
    # Readers must never see the building machine: no file of the site may hold its paths.
    if found := machine_paths(BOOK):
        raise Failed("\n".join(found))
    print(f"  no path of this machine in {sum(1 for p in BOOK.rglob('*') if p.is_file())} files of book/", flush=True)


def machine_paths(site: Path) -> list[str]:
    """Each file of the built site (and each file inside its archives) that holds this clone's
    path or the tool cache's; a reader would see where and how the book was built."""
    paths = [str(ROOT).encode(), str(book.TOOLS.parents[1]).encode()]
    found = []
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        contents = {"": file.read_bytes()}
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as archive:
                contents = {f" ({name})": archive.read(name) for name in archive.namelist()}
        for inside, data in contents.items():
            for path in paths:
                if path in data:
                    found.append(f"{file.relative_to(site.parent)}{inside} shows this machine's path {path.decode()}")
    return found


def check_matrix() -> None:
    """Every listing on Python 3.13, 3.14 and 3.15, and the threads, callbacks and NumPy ones on
    free-threaded 3.13t, print what their page shows for that version (python/matrix_check.py)."""
    run_script(
        "matrix_check.py",
        show=lambda line: "  " + line if line.startswith(("matrix", "  ")) else None,
        failure=lambda out: "\n".join(line for line in out.splitlines() if line.startswith(("FAIL", "matrix"))),
    )


def check_copyout() -> None:
    """Every listing copied from the built pages builds and runs outside the repository (python/copyout_check.py)."""
    run_script("copyout_check.py", show=lambda line: "  " + line if line.startswith("copy-out") else None)


def check_browser() -> None:
    """The built book in headless Chromium: pages, links, images, outputs, search (python/browser_check.py)."""
    run_script("browser_check.py", failure=lambda out: out[-6000:])


def check_memcheck() -> None:
    """Every listing under valgrind: no invalid access, no leak from our libraries (python/memcheck.py)."""
    run_script("memcheck.py", show=lambda line: "  " + line if "FAIL" in line or line.startswith("    ") else None)


def check_mdbook_test() -> None:
    """`mdbook test`, exactly as a reader types it in a clone: rustdoc compiles every Rust block
    that uses only the standard library (an excerpt carries, hidden, the items it names); a block
    that uses a crates.io dependency is marked `ignore`, and cargo compiles it with its crate."""
    sh("mdbook", "test")
    fences = [
        line for chapter in model.chapters() for line in chapter.read_text().splitlines() if line.startswith("```rust")
    ]
    ignored = sum("ignore" in line for line in fences)
    print(f"  mdbook test: {len(fences) - ignored} Rust blocks compiled, {ignored} left to cargo", flush=True)


def check_bench() -> None:
    """The benchmark harness end to end in quick mode, into target/ (never over src/benchmarks/)."""
    sh(sys.executable, ROOT / "python" / "bench.py", "--quick", "--no-build", "--out", ROOT / "target" / "bench-quick")


def check_cross() -> None:
    """Every listing built for Windows (its DLL exports what the .so does) and checked for macOS
    (python/cross_check.py)."""
    run_script("cross_check.py", show=lambda line: "  " + line if line.startswith(("FAIL", "cross")) else None)


def check_pytest() -> None:
    """python/tests: the listings' exports with bad and generated input, and each check fed its defect."""
    sh(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "python/tests")


CHECKS: dict[str, Callable[[], None]] = {
    "layout": check_layout,
    "fmt": check_fmt,
    "clippy": check_clippy,
    "build": check_build,
    "msrv": check_msrv,
    "header": check_header,
    "unwind": check_unwind,
    "validity": check_validity,
    "wrappers": check_wrappers,
    "boundary": check_boundary,
    "interrupt": check_interrupt,
    "ub": check_ub,
    "wheel": check_wheel,
    "ruff": check_ruff,
    "gen": check_gen,
    "quiz": check_quiz,
    "book": check_book,
    "copyout": check_copyout,
    "matrix": check_matrix,
    "browser": check_browser,
    "memcheck": check_memcheck,
    "mdbook-test": check_mdbook_test,
    "bench": check_bench,
    "cross": check_cross,
    "pytest": check_pytest,
}


def bless(listings: list[str]) -> int:
    """Re-run every listing (or the named ones), rewrite its expected output, then rewrite the
    chapters' blocks."""
    specs = model.script_specs()
    unknown = [n for n in listings if not any(s.startswith(f"{n}/") for s in specs)]
    if unknown:
        print(f"verify: no listing {', '.join(unknown)} (a folder of listings/ with scripts)", file=sys.stderr)
        return 1
    failed = 0
    for spec in specs:
        if not listings or spec.split("/")[0] in listings:
            failed += run_listing.main(["--bless", spec])
    return failed + gen.sync(write=True, only=[])


# The checks that look at each listing on its own, so `--listing NAME` can narrow them to it. The
# others build or read the whole book (pages, downloads, quizzes, the workspace) and run on all.
PER_LISTING = ["layout", "header", "wrappers", "interrupt", "unwind", "validity", "boundary", "memcheck", "matrix"]


# Each check's last time and verdict here, for `--list` (target/ is this clone's own).
TIMES = ROOT / "target" / "verify-times.json"


def record_time(name: str, seconds: float, passed: bool) -> None:
    with LOCK:
        times = json.loads(TIMES.read_text()) if TIMES.is_file() else {}
        times[name] = {"seconds": round(seconds, 1), "passed": passed}
        TIMES.parent.mkdir(exist_ok=True)
        TIMES.write_text(json.dumps(times, indent=1, sort_keys=True))


def list_checks() -> int:
    """Each check in the order verify runs it, what it does, and its last time here."""
    times = json.loads(TIMES.read_text()) if TIMES.is_file() else {}
    for name in FIRST + [n for lane in LANES for n in lane]:
        doc = (CHECKS[name].__doc__ or "").split("\n\n")[0]
        what = " ".join(doc.split()) or name
        last = times.get(name)
        when = f"{last['seconds']:.0f} s, {'passed' if last['passed'] else 'failed'}" if last else "not run here"
        print(f"{name:12} {when:18} {what}")
    return 0


# The first checks run one after the other (later ones need the build); then two lanes run side
# by side: memcheck (the longest: valgrind over every listing) in one, the rest in the other, in
# dependency order (browser needs book's output). Measured on 2 cores: lanes take the warm total
# from about 9 to about 5 minutes.
FIRST = ["layout", "fmt", "clippy", "build"]
LANES = [
    [
        "header",
        "wrappers",
        "unwind",
        "validity",
        "boundary",
        "interrupt",
        "ub",
        "wheel",
        "ruff",
        "gen",
        "quiz",
        "book",
        "browser",
        "mdbook-test",
        "bench",
        "msrv",
        "cross",
        "pytest",
    ],
    ["memcheck", "copyout", "matrix"],
]
assert sorted(FIRST + [n for lane in LANES for n in lane]) == sorted(CHECKS)
# A check that reads what another writes waits for it, wherever the two run (copyout reads the
# book/ that book builds, in the other lane).
NEEDS = {"copyout": "book", "browser": "book"}
FINISHED = {name: threading.Event() for name in CHECKS}


class LaneOutput(io.TextIOBase):
    """sys.stdout while lanes run: each lane's thread writes to its own buffer, the rest to the terminal."""

    def __init__(self, terminal):
        self.terminal = terminal
        self.buffers: dict[int, io.StringIO] = {}

    def write(self, text: str) -> int:
        return self.buffers.get(threading.get_ident(), self.terminal).write(text)

    def flush(self) -> None:
        self.terminal.flush()


def run_check(name: str, results: dict[str, bool], out: LaneOutput | None = None) -> None:
    """Run one check and print its PASS/FAIL line with its time (and its output, all at once)."""
    if out is None:
        print(f"verify: {name} ...", flush=True)
    else:  # the start at once, so a long check shows progress; its output when it ends
        with LOCK:
            print(f"verify: {name} ...", file=out.terminal, flush=True)
        out.buffers[threading.get_ident()] = io.StringIO()
    if (needed := NEEDS.get(name)) and needed in SELECTED:
        FINISHED[needed].wait()
    start = time.monotonic()
    try:
        CHECKS[name]()
    except Failed as err:
        results[name] = False
        print(f"FAIL {name} ({time.monotonic() - start:.1f} s)\n{err}\n", flush=True)
    except Exception as err:  # a crash in a check fails it, and must not leave the other lane waiting
        results[name] = False
        print(f"FAIL {name} ({time.monotonic() - start:.1f} s)\ncrashed: {err!r}\n", flush=True)
    else:
        results[name] = True
        print(f"PASS {name} ({time.monotonic() - start:.1f} s)", flush=True)
    record_time(name, time.monotonic() - start, results[name])
    if out is not None:
        with LOCK:
            out.terminal.write(out.buffers.pop(threading.get_ident()).getvalue())
            out.terminal.flush()
    FINISHED[name].set()


LOCK = threading.Lock()
SELECTED: set[str] = set()  # the checks this run runs (a need outside them is not waited for)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--bless"]:
        return 1 if bless(argv[1:]) else 0
    if argv == ["--list"]:
        return list_checks()
    serial = "--serial" in argv  # one check at a time, output as it comes (for debugging a check)
    argv = [a for a in argv if a != "--serial"]
    names = list(CHECKS)
    if "--listing" in argv[:-1]:
        at = argv.index("--listing")
        wanted, argv = argv[at + 1].split(","), argv[:at] + argv[at + 2 :]
        unknown = [n for n in wanted if n not in model.names()]
        if unknown:
            print(f"verify: no listing {', '.join(unknown)}; known: {', '.join(model.names())}", file=sys.stderr)
            return 2
        os.environ[model.NARROWED_TO] = ",".join(wanted)  # the model, here and in every check's process
        names = PER_LISTING
        if argv[:1] == ["--only"] and len(argv) == 2 and (whole := set(argv[1].split(",")) - set(PER_LISTING)):
            print(f"verify: {', '.join(sorted(whole))} run on the whole book, not --listing", file=sys.stderr)
            return 2
    if argv[:1] == ["--only"] and len(argv) == 2:
        names = argv[1].split(",")
        unknown = [n for n in names if n not in CHECKS]
        if unknown:
            print(f"verify: unknown check {', '.join(unknown)}; known: {', '.join(CHECKS)}", file=sys.stderr)
            return 2
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2
    SELECTED.update(names)
    results: dict[str, bool] = {}
    began = time.monotonic()
    for name in [n for n in FIRST if n in names]:
        run_check(name, results)
    lanes = [[n for n in lane if n in names] for lane in LANES]
    lanes = [lane for lane in lanes if lane]
    if serial or len(lanes) < 2:
        for name in [n for lane in lanes for n in lane]:
            run_check(name, results)
    else:
        out = LaneOutput(sys.stdout)
        sys.stdout = out
        try:
            threads = [
                threading.Thread(target=lambda lane=lane: [run_check(n, results, out) for n in lane]) for lane in lanes
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            sys.stdout = out.terminal
    passed = sum(results.values())
    failed = len(results) - passed
    print(f"verify: {passed} passed, {failed} failed in {time.monotonic() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
