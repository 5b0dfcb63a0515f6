"""Build every listing for Windows and check it for macOS, from this Linux machine.

- x86_64-pc-windows-gnu: `cargo build --release`, linked by mingw-w64 into real `.dll` files;
  each DLL's export table must name exactly the functions that the Linux `.so` exports (both
  read by snake_crab/libraries.py), so a reader on Windows loads the same API.
- aarch64-apple-darwin and x86_64-apple-darwin: `cargo check` (type and borrow checking for
  the target, no linker needed).
- i686-unknown-linux-gnu: every listing's unit tests built and run as a 32-bit program
  (`cargo test`), where `usize` is 32 bits as in the browser's WebAssembly: an index or size
  computed in `usize` that overflows there fails its test here. So that each documented limit
  runs there, every `pub const MAX_*` of a listing is used in its tests both exactly and as
  `MAX_* + 1` (a limit too costly to reach on 64-bit under valgrind and Miri goes in a test
  marked `#[cfg(target_pointer_width = "32")]`).

The Windows and macOS builds do not run here: there is no Windows or macOS to run them on.
A PyO3 module (listings/alternatives/alternatives_pyo3) is checked (`cargo check`, with
PYO3_CROSS_PYTHON_VERSION, since PyO3's build script cannot ask the target's Python) but not
linked: a Windows extension module links against python3.dll.

It needs the targets and mingw-w64: book.py installs them.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

from snake_crab import ROOT, libraries, model, prerequisites
from snake_crab.check import Failed, Report

NEEDS = ("build",)  # compares each DLL with the .so build made
SECONDS = 155  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

LISTINGS = ROOT / "listings"
TARGET_DIR = ROOT / "target" / "cross"
WINDOWS = "x86_64-pc-windows-gnu"
I686 = "i686-unknown-linux-gnu"
# Python extension modules: on Windows they link against python3.dll, which is not here.
NOT_LINKED = [crate.name for crate in model.crates() if not crate.c_library]


def cargo(*args: str) -> None:
    env = dict(os.environ, PYO3_CROSS_PYTHON_VERSION=f"{sys.version_info.major}.{sys.version_info.minor}")
    done = subprocess.run(
        ["cargo", *args, "--quiet", "--target-dir", str(TARGET_DIR)], cwd=ROOT, env=env, text=True, capture_output=True
    )
    if done.returncode != 0:
        raise Failed(f"cargo {' '.join(args)}:\n{done.stderr[-4000:]}")


def limit_problems(lib_rs: str, name: str) -> list[str]:
    """Each public limit (`pub const MAX_*`) used in the tests exactly and once past it."""
    tests = lib_rs.partition("#[cfg(test)]")[2]
    problems = []
    for limit in re.findall(r"^pub const (MAX_\w+)\b", lib_rs, re.MULTILINE):
        past = re.findall(rf"\b{limit}\s*\+\s*1\b", tests)
        uses = re.findall(rf"\b{limit}\b", tests)
        if not past or len(uses) <= len(past):
            problems.append(
                f"listings/{name}/src/lib.rs: the tests must call with {limit} itself and with {limit} + 1 "
                "(they run on 32-bit here)"
            )
    return problems


def compare(linux: Path, windows: Path) -> list[str]:
    """Problems, if the two libraries do not export the same functions."""
    if not windows.is_file():
        return [f"{windows.relative_to(ROOT)} was not built"]
    ours, theirs = libraries.read(linux).exports, libraries.read(windows).exports
    problems = []
    if ours - theirs:
        problems.append(
            f"{windows.name} lacks {', '.join(sorted(ours - theirs))}, which lib{linux.stem[3:]}.so exports"
        )
    if theirs - ours:
        problems.append(f"{windows.name} also exports {', '.join(sorted(theirs - ours))}")
    return problems


def run(say) -> Report:
    # The root package is no listing (its build script writes the headers): none of it is built here.
    listings = ["--workspace", "--exclude", "snake-crab"]
    excluded = [arg for name in NOT_LINKED for arg in ("--exclude", name)]
    cargo("build", "--release", *listings, *excluded, "--target", WINDOWS)
    apple = [t for t in prerequisites.CROSS_TARGETS if "apple" in t]
    cargo("check", *listings, *(f"--target={t}" for t in apple))
    # 32-bit: the listings' own tests (PyO3's module has none to run there).
    cargo("test", *listings, *excluded, f"--target={I686}")
    cargo("check", *(arg for name in NOT_LINKED for arg in ("-p", name)), f"--target={WINDOWS}")
    problems, compared = [], 0
    for listing in model.listings():
        problems += limit_problems(listing.lib_rs.read_text(), listing.name)
        if not listing.c_library:
            continue
        name = listing.name
        problems += compare(
            ROOT / "target" / "release" / f"lib{name}.so", TARGET_DIR / WINDOWS / "release" / f"{name}.dll"
        )
        compared += 1
    return Report(
        problems,
        summary=f"{compared} DLLs export what the .so files do; {len(apple)} macOS targets checked; "
        "the listings' tests pass on 32-bit Linux",
    )
