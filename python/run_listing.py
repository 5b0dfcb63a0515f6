"""Run one Python listing and print its real output as a console block for the book.

A chapter asks for a run with mdbook-cmdrun (commands run in src/, so paths start at ../):

    <!-- cmdrun python3 ../python/run_listing.py hello/hello.py -->

This builds the listing's crate, runs the script from the repository root and prints:

    ```console
    $ cargo build --release -p hello
    $ python3 listings/hello/hello.py
    Hello from Rust!
    ```

A test file (`test_*.py`) runs with pytest instead: `$ python3 -m pytest -q listings/...`.

mdbook-cmdrun ignores a command's exit status, so this script also records every run in
target/listing-runs/, and `python3 python/book.py verify` fails unless each run exited 0,
wrote nothing to stderr and printed what `listings/hello/hello.output.txt` expects. In that
file `[..]` stands for any text within a line (for numbers that change from run to run).

`--bless` rewrites the expected output from a fresh run instead (keeping `[..]` lines that
still match): `python3 python/run_listing.py --bless hello/hello.py`.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "listings"
RUNS = ROOT / "target" / "listing-runs"
TIMEOUT_S = 300


def is_script(path: Path) -> bool:
    """Whether a Python file in a listing folder is a listing that runs: not a helper (`_*.py`),
    not a package's build configuration (`setup.py`, run by the build, never by itself)."""
    return not path.name.startswith("_") and path.name != "setup.py"


def expected_path(script: Path) -> Path:
    return script.with_name(script.stem + ".output.txt")


PYTEST = ["-m", "pytest", "-q"]  # how a test file runs; the copy-out check reads it from pages


def python_args(script: str) -> list[str]:
    """What follows `python3` to run a listing: the script itself, or pytest for a test file
    (`test_*.py`, a reader's tests of their binding)."""
    return [*PYTEST, script] if Path(script).name.startswith("test_") else [script]


def shown_command(spec: str) -> str:
    """The command line a page shows for a run, from the repository root."""
    return " ".join(["python3", *python_args(f"listings/{spec}")])


def line_matches(pattern: str, line: str) -> bool:
    regex = ".*".join(re.escape(part) for part in pattern.split("[..]"))
    return re.fullmatch(regex, line) is not None


def matches(expected: str, actual: str) -> bool:
    exp, act = expected.splitlines(), actual.splitlines()
    return len(exp) == len(act) and all(line_matches(e, a) for e, a in zip(exp, act, strict=True))


def blessed(expected: str, actual: str) -> str:
    """The new expected text: the actual lines, but old `[..]` patterns that still match."""
    exp = expected.splitlines()
    lines = [
        exp[i] if i < len(exp) and "[..]" in exp[i] and line_matches(exp[i], line) else line
        for i, line in enumerate(actual.splitlines())
    ]
    return "\n".join(lines) + "\n"


def run(spec: str) -> dict:
    """Build the crate and run the script; return what happened."""
    script = LISTINGS / spec
    crate = Path(spec).parts[0]
    record = {"listing": spec, "crate": crate, "exit": None, "stdout": "", "stderr": ""}
    if not script.is_file() or script.suffix != ".py":
        record["stderr"] = f"no Python listing listings/{spec}"
        return record
    build = subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", crate], cwd=ROOT, capture_output=True, text=True
    )
    if build.returncode != 0:
        record.update(exit=build.returncode, stderr="cargo build failed:\n" + build.stderr)
        return record
    env = dict(os.environ, PYTHONUNBUFFERED="1")  # keep Python's and Rust's prints in order
    try:
        done = subprocess.run(
            [sys.executable, *python_args(str(script.relative_to(ROOT)))],
            cwd=ROOT,
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
    expected = expected_path(LISTINGS / record["listing"])
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
        f"$ cargo build --release -p {record['crate']}",
        f"$ {shown_command(record['listing'])}",
        *([record["stdout"].rstrip("\n")] if record["stdout"] else []),
        "```",
        "",
        "</div>",
    ]
    if found:
        lines += ["", "```text", f"LISTING FAILED: listings/{record['listing']}", *found, "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    bless = argv[:1] == ["--bless"]
    specs = argv[1:] if bless else argv
    if len(specs) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    record = run(specs[0])
    if bless and record["exit"] == 0 and not record["stderr"]:
        path = expected_path(LISTINGS / specs[0])
        old = path.read_text() if path.is_file() else ""
        path.write_text(blessed(old, record["stdout"]))
    found = problems(record)
    RUNS.mkdir(parents=True, exist_ok=True)
    (RUNS / (specs[0].replace("/", "__") + ".json")).write_text(json.dumps(dict(record, problems=found)))
    if bless:
        print(f"{'FAILED' if found else 'blessed'}: listings/{specs[0]}")
        for problem in found:
            print("  " + problem)
    else:
        print(console_block(record, found))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
