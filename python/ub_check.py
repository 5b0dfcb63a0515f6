"""Run the listings' Rust unit tests where undefined behaviour shows: debug UB checks + valgrind.

The unit tests (`src/tests.rs` of a listing) call its `extern "C"` functions with the pointers
and lengths Python would pass, NULL and empty ones included. They run:

- in a debug build, where the standard library checks the preconditions of its unsafe
  functions (a NULL or misaligned pointer given to `slice::from_raw_parts`, overlapping
  `copy_nonoverlapping`, ...) and aborts when one is broken;
- under valgrind's memcheck, which reports reads and writes outside any allocation, use of
  freed memory and definitely-lost blocks.

Miri would catch more (aliasing rules, reads of uninitialized memory in Rust's own sense), but
it needs the nightly toolchain, which the machines this book is checked on cannot install.

`python3 python/ub_check.py` checks the whole workspace; `--manifest-path PATH` another one.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VALGRIND = [
    "valgrind",
    "--quiet",
    "--error-exitcode=99",
    "--leak-check=full",
    "--show-leak-kinds=definite",
    "--errors-for-leak-kinds=definite",
]


def test_binaries(manifest: Path) -> list[tuple[str, str]]:
    """Build the unit tests (debug profile) and return (crate name, executable) pairs."""
    done = subprocess.run(
        [
            "cargo",
            "test",
            "--workspace",
            "--lib",
            "--no-run",
            "--message-format=json",
            "--manifest-path",
            str(manifest),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"ub check: building the unit tests failed:\n{done.stderr}")
    found = []
    for line in done.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            found.append((message["target"]["name"], message["executable"]))
    return sorted(found)


def run(manifest: Path) -> list[str]:
    """Run each crate's unit tests under valgrind; returns the failures, each with its output."""
    failures = []
    for name, exe in test_binaries(manifest):
        done = subprocess.run([*VALGRIND, exe, "--test-threads=1", "-q"], capture_output=True, text=True)
        counted = next((line for line in done.stdout.splitlines() if line.startswith("test result")), "")
        if done.returncode == 0:
            print(f"  ok    {name}: {counted.removeprefix('test result: ')}", flush=True)
        else:
            why = {99: "valgrind found errors"}.get(done.returncode, f"exit code {done.returncode}")
            print(f"  FAIL  {name}: {why}", flush=True)
            failures.append(f"{name} ({why}):\n{done.stdout[-3000:]}{done.stderr[:6000]}")
    return failures


def main(argv: list[str]) -> int:
    manifest = Path(argv[1]) if argv[:1] == ["--manifest-path"] else ROOT / "Cargo.toml"
    failures = run(manifest)
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"ub check: {len(failures)} crate(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
