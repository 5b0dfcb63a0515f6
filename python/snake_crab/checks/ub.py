"""Run the listings' Rust unit tests where undefined behaviour shows: debug UB checks + valgrind.

The unit tests (the `#[cfg(test)] mod tests` at the end of a listing's `lib.rs`, inline so
that a reader's copy of the file has them) call its `extern "C"` functions with the pointers
and lengths Python would pass, NULL and empty ones included. They run:

- in a debug build, where the standard library checks the preconditions of its unsafe
  functions (a NULL or misaligned pointer given to `slice::from_raw_parts`, overlapping
  `copy_nonoverlapping`, ...) and aborts when one is broken;
- under valgrind's memcheck, which reports reads and writes outside any allocation, use of
  freed memory and definitely-lost blocks.

- under Miri, from its pinned nightly toolchain (`python3 python/book.py verify` installs it;
  by hand: `rustup toolchain install nightly-2026-05-20 --profile minimal --component
  miri,rust-src`). Miri interprets the tests and reports what the two above cannot see, such
  as a broken aliasing rule or a read of uninitialized memory. Without Miri the check fails.

"""

import json
import os
import subprocess
from pathlib import Path

from snake_crab import ROOT, model, prerequisites
from snake_crab.check import Failed, Report

NEEDS = ("build",)
SECONDS = 170  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

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
        raise Failed(f"building the unit tests failed:\n{done.stderr}")
    found = []
    for line in done.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            found.append((message["target"]["name"], message["executable"]))
    return sorted(found)


def run_tests(manifest: Path, say) -> list[str]:
    """Run each crate's unit tests under valgrind; returns the failures, each with its output."""
    failures = []
    for name, exe in test_binaries(manifest):
        listed = subprocess.run([exe, "--list", "--format=terse"], capture_output=True, text=True).stdout
        if not any(line.endswith(": test") for line in listed.splitlines()):
            say(f"ok    {name}: no unit tests")  # nothing of ours would run under valgrind
            continue
        done = subprocess.run([*VALGRIND, exe, "--test-threads=1", "-q"], capture_output=True, text=True)
        counted = next((line for line in done.stdout.splitlines() if line.startswith("test result")), "")
        if done.returncode == 0:
            say(f"ok    {name}: {counted.removeprefix('test result: ')}")
        else:
            why = {99: "valgrind found errors"}.get(done.returncode, f"exit code {done.returncode}")
            say(f"FAIL  {name}: {why}")
            failures.append(f"{name} ({why}):\n{done.stdout[-3000:]}{done.stderr[:6000]}")
    return failures


MIRI_TOOLCHAIN = f"+{prerequisites.MIRI_TOOLCHAIN}"  # pinned there, with the reason
# Crates whose tests Miri does not run: PyO3's module links against libpython; the root package
# has no tests, only a build script whose dependencies (cbindgen) Miri would compile for nothing.
MIRI_EXCLUDE = [*(crate.name for crate in model.crates() if not crate.c_library), "snake-crab"]


def miri_available() -> bool:
    return prerequisites.MIRI.present()  # the same probe the set-up uses


def run_miri(manifest: Path, exclude: list[str], say) -> list[str]:
    """Run the unit tests under Miri; returns the failures (Miri missing is one)."""
    if not miri_available():
        say("FAIL  miri: not installed")
        return [
            f"miri: no {MIRI_TOOLCHAIN[1:]} toolchain with Miri here; `python3 python/book.py verify` installs it, "
            f"or: rustup toolchain install {MIRI_TOOLCHAIN[1:]} --profile minimal --component miri,rust-src"
        ]
    cmd = ["cargo", MIRI_TOOLCHAIN, "miri", "test", "--workspace", "--lib", "--manifest-path", str(manifest)]
    cmd += [arg for name in exclude for arg in ("--exclude", name)]
    # Isolation off: listings/errno's test calls C's `stat` on a real path, which an isolated
    # Miri refuses as unsupported. Isolation keeps runs reproducible, it finds no more UB.
    env = dict(os.environ, MIRIFLAGS=(os.environ.get("MIRIFLAGS", "") + " -Zmiri-disable-isolation").strip())
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    passed = sum(1 for line in done.stdout.splitlines() if line.startswith("test result: ok"))
    if done.returncode == 0:
        say(f"ok    miri: {passed} crates' tests")
        return []
    say("FAIL  miri")
    return [f"miri (exit code {done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-6000:]}"]


def run(say) -> Report:
    manifest = ROOT / "Cargo.toml"
    failures = run_tests(manifest, say) + run_miri(manifest, MIRI_EXCLUDE, say)
    return Report(failures, summary=f"{len(model.listings())} crates' unit tests under valgrind and Miri")
