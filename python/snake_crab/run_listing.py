"""Run one Python listing and print its real output as a console block for the book.

A chapter asks for a run with mdbook-cmdrun (commands run in src/, so paths start at ../):

    <!-- cmdrun python3 ../python/snake_crab/run_listing.py hello/hello.py -->

This builds the listing's crate, runs the script from the listing's folder (as a reader runs
it in the folder of its download) and prints, with that folder as the prompt:

    ```console
    hello$ cargo build --release
    hello$ python3 hello.py
    Hello from Rust!
    ```

A test file (`test_*.py`) runs with pytest instead: `collatz$ python3 -m pytest -q test_collatz.py`.

mdbook-cmdrun ignores a command's exit status, so this script also records every run in
target/listing-runs/, and `python3 python/book.py verify` fails unless each run exited 0,
wrote nothing to stderr and printed what `listings/hello/hello.output.txt` expects. In that
file `[..]` stands for any text within a line (for numbers that change from run to run).

`--bless` rewrites the expected output from a fresh run instead (keeping `[..]` lines that
still match): `python3 python/book.py bless hello`.

Other Pythons (python/snake_crab/pythons.py's cells; python/snake_crab/checks/matrix.py runs them) may print
something else. Their output lives beside the default in `hello.output.<cell>.txt`, only when
it differs: a cell uses its own file if there is one, else that of the newest older version
the matrix runs (3.15 falls back to 3.14, then 3.13), else the default. `--python CELL` runs
or blesses one cell (`--bless --python 3.14 hello/hello.py`). The page shows the default run
and, under it, each other output with the versions that print it.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from snake_crab import ROOT, model, pythons

LISTINGS = ROOT / "listings"
RUNS = ROOT / "target" / "listing-runs"
TIMEOUT_S = 300


def expected_path(script: Path, cell: pythons.Cell = pythons.HOST) -> Path:
    """The expected output of `script` on `cell`: its own file, an older version's, or the default."""
    for name in fallbacks(cell):
        path = script.with_name(f"{script.stem}.output.{name}.txt")
        if path.is_file():
            return path
    return script.with_name(script.stem + ".output.txt")


def fallbacks(cell: pythons.Cell) -> list[str]:
    """The variant names a cell may use, its own first: 3.15 -> 3.15, 3.14, 3.13."""
    if cell == pythons.HOST:
        return []
    older = [c for c in pythons.CELLS if not c.free_threaded and c != pythons.HOST and c.number <= cell.number]
    older.sort(key=lambda c: c.number, reverse=True)
    return [cell.name, *(c.name for c in older if c.name != cell.name)]


def own_path(script: Path, cell: pythons.Cell) -> Path:
    if cell == pythons.HOST:
        return script.with_name(script.stem + ".output.txt")
    return script.with_name(f"{script.stem}.output.{cell.name}.txt")


PYTEST = ["-m", "pytest", "-q"]  # how a test file runs; the copy-out check reads it from pages


def python_args(script: str) -> list[str]:
    """What follows `python3` to run a listing: the script itself, or pytest for a test file
    (`test_*.py`, a reader's tests of their binding)."""
    return [*PYTEST, script] if Path(script).name.startswith("test_") else [script]


def shown_command(spec: str) -> str:
    """The command line a page shows for a run, in the listing's folder (`hello$ python3 hello.py`):
    the folder of its download, or of the reader's own crate."""
    folder, script = spec.split("/", 1)
    return f"{folder}$ " + " ".join(["python3", *python_args(script)])


def line_matches(pattern: str, line: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.split("[..]"))
    return re.fullmatch(regex, line) is not None


def matches(expected: str, actual: str) -> bool:
    exp, act = expected.splitlines(), actual.splitlines()
    return len(exp) == len(act) and all(line_matches(e, a) for e, a in zip(exp, act, strict=True))


ADDRESS = re.compile(r"\b0x[0-9a-f]{8,16}\b")  # an object's address: new in every run


def blessed(expected: str, actual: str) -> str:
    """The new expected text: the actual lines, but old `[..]` patterns that still match, and
    `[..]` for the addresses in new lines."""
    exp = expected.splitlines()
    lines = [
        exp[i] if i < len(exp) and "[..]" in exp[i] and line_matches(exp[i], line) else ADDRESS.sub("[..]", line)
        for i, line in enumerate(actual.splitlines())
    ]
    return "\n".join(lines) + "\n"


def run(spec: str, cell: pythons.Cell = pythons.HOST, root: Path = ROOT, build: bool = True) -> dict:
    """Build the crate (unless the caller built them all) and run the script (on `cell`, in the
    tree at `root`: the repository, or the version matrix's copy of it); return what happened."""
    script = root / "listings" / spec
    crate = Path(spec).parts[0]
    record = {"listing": spec, "crate": crate, "exit": None, "stdout": "", "stderr": ""}
    if not script.is_file() or script.suffix != ".py":
        record["stderr"] = f"no Python listing listings/{spec}"
        return record
    built = build and subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", crate], cwd=root, capture_output=True, text=True
    )
    if built and built.returncode != 0:
        record.update(exit=built.returncode, stderr="cargo build failed:\n" + built.stderr)
        return record
    env = dict(os.environ, PYTHONUNBUFFERED="1")  # keep Python's and Rust's prints in order
    # A reader's venv holds pytest alone (the pages' `pip install pytest==...`): the .venv's pytest
    # plugins are the harness's (hypothesis's alone costs 0.6 s a run), not loaded for a listing.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # On the book's Python, as the page shows it: from the listing's folder, as a reader runs it.
    host = cell == pythons.HOST
    argv = python_args(script.name if host else str(script.relative_to(root)))
    command = [sys.executable, *argv] if host else pythons.command(cell, argv, root)
    record["cell"] = cell.name
    try:
        done = subprocess.run(
            command,
            cwd=script.parent if host else root,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        record.update(exit=done.returncode, stdout=done.stdout, stderr=done.stderr)
    except subprocess.TimeoutExpired:
        record.update(exit="timeout", stderr=f"no result after {TIMEOUT_S} s")
    return record


def problems(record: dict) -> list[str]:
    """What is wrong with a run: a failure, stderr output, or an unexpected output."""
    found = []
    if record["exit"] != 0:
        found.append(f"exited with status {record['exit']}")
    if record["stderr"]:
        found.append("wrote to stderr:\n" + record["stderr"].rstrip())
    cell = pythons.BY_NAME[record.get("cell", pythons.HOST.name)]
    expected = expected_path(LISTINGS / record["listing"], cell)
    if not expected.is_file():
        found.append(f"has no expected output {expected.relative_to(ROOT)} (create it with --bless)")
    elif record["exit"] == 0 and not matches(expected.read_text(), record["stdout"]):
        found.append(f"printed an output that differs from {expected.relative_to(ROOT)}")
    return found


def console_block(record: dict, found: list[str]) -> str:
    lines = [
        '<div class="run-output" title="Produced by running the listing when this page was built">',
        "",
        "```console",
        # A Python package (pyproject.toml) builds its crate itself: no cargo step to show.
        *(
            []
            if (LISTINGS / record["crate"] / "pyproject.toml").is_file()
            else [f"{record['crate']}$ cargo build --release"]
        ),
        shown_command(record["listing"]),
        *([record["stdout"].rstrip("\n")] if record["stdout"] else []),
        "```",
        "",
        "</div>",
    ]
    lines += other_outputs(LISTINGS / record["listing"])
    if found:
        lines += ["", "```text", f"LISTING FAILED: listings/{record['listing']}", *found, "```"]
    return "\n".join(lines) + "\n"


def versions(cells: list[pythons.Cell]) -> str:
    labels = [c.label for c in cells]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def other_outputs(script: Path) -> list[str]:
    """Under the page's run: what the other Pythons of the matrix print, where it differs."""
    groups: dict[Path, list[pythons.Cell]] = {}
    for cell in model.cells_for(script):
        groups.setdefault(expected_path(script, cell), []).append(cell)
    default = expected_path(script)
    if len(groups) < 2:
        return []
    # mdBook's note box (`> [!NOTE]`): the reader's Python may be one of the others.
    shown = versions(groups.pop(default, [pythons.HOST]))
    lines = ["", "> [!NOTE]", f"> Python {shown} printed this. Other versions print something else:"]
    for path, cells in groups.items():
        lines += [
            "",
            '<div class="run-output run-output-other" title="Checked by running the listing on these versions">',
            "",
            f"Python {versions(cells)}:",
            "",
            "```text",
            path.read_text().rstrip("\n"),
            "```",
            "",
            "</div>",
        ]
    return lines


def bless(spec: str, record: dict, cell: pythons.Cell) -> None:
    """Write the cell's expected output: the default for the host; for another cell its own file
    only when the output differs from what it would fall back to."""
    script = LISTINGS / spec
    own = own_path(script, cell)
    old = expected_path(script, cell).read_text() if expected_path(script, cell).is_file() else ""
    new = blessed(old, record["stdout"])
    if cell != pythons.HOST:
        own.unlink(missing_ok=True)
        inherited = expected_path(script, cell)
        if inherited.is_file() and matches(inherited.read_text(), record["stdout"]):
            return
    own.write_text(new)


def main(argv: list[str]) -> int:
    bless_it = argv[:1] == ["--bless"]
    specs = argv[1:] if bless_it else argv
    cell = pythons.HOST
    if specs[:1] == ["--python"] and len(specs) > 1:
        cell, specs = pythons.BY_NAME[specs[1]], specs[2:]
    if len(specs) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    record = run(specs[0], cell)
    if bless_it and record["exit"] == 0 and not record["stderr"]:
        bless(specs[0], record, cell)
    found = problems(record)
    if cell == pythons.HOST:
        RUNS.mkdir(parents=True, exist_ok=True)
        (RUNS / (specs[0].replace("/", "__") + ".json")).write_text(json.dumps(dict(record, problems=found)))
    if bless_it:
        print(
            f"{'FAILED' if found else 'blessed'}: listings/{specs[0]}"
            + (f" on {cell.name}" if cell != pythons.HOST else "")
        )
        for problem in found:
            print("  " + problem)
    else:
        print(console_block(record, found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
