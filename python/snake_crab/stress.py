"""Hunt flakes: run checks again and again while another process keeps one core busy.

    python3 -m snake_crab.stress                        # book and memcheck, 5 times, in this checkout
    python3 -m snake_crab.stress --runs 10 --checks book,memcheck,browser
    python3 -m snake_crab.stress --fresh-clones 3       # the README's verification on 3 fresh clones

A flaky check is a broken check: on a machine whose other core is busy, timing-dependent output,
a leak that valgrind sees only sometimes, or a browser that starts too slowly shows up here.
Prints one line per run (what failed, how long it took) and a summary; exits 1 if any run failed.
The fresh-clone mode clones this checkout's HEAD into a temporary folder each time (so .venv is
installed from nothing, as for a new contributor; the machine's cache of tools and Pythons
outside the clone is reused) and prints each run's total time and
its three slowest checks.
"""

import argparse
import contextlib
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from snake_crab import ROOT

# Spins until its parent (this script) is gone, even if this script is killed before it can stop it.
BUSY = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass\n"
RESULT = re.compile(r"^(?P<verdict>PASS|FAIL) (?P<name>\S+) \((?P<seconds>[\d.]+) s\)(:.*)?$", re.MULTILINE)


@contextlib.contextmanager
def one_core_busy() -> Iterator[None]:
    """A second process spinning on one core for as long as the block runs."""
    spinner = subprocess.Popen([sys.executable, "-c", BUSY])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def summarize(output: str) -> tuple[list[str], list[tuple[float, str]]]:
    """(failed checks, [(seconds, check)] slowest first) from a verify.py output."""
    results = [(m["verdict"], m["name"], float(m["seconds"])) for m in RESULT.finditer(output)]
    failed = [name for verdict, name, _ in results if verdict == "FAIL"]
    return failed, sorted(((s, n) for _, n, s in results), reverse=True)


def run(command: list[str], cwd: Path, log: Path) -> tuple[int, str, float]:
    start = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    output = done.stdout + done.stderr
    log.write_text(output)
    return done.returncode, output, time.monotonic() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="how many times (default 5)")
    parser.add_argument("--checks", default="book,memcheck", help="verify.py checks to repeat (default book,memcheck)")
    parser.add_argument(
        "--fresh-clones", type=int, metavar="N", help="instead: N runs of book.py verify on fresh clones"
    )
    args = parser.parse_args(argv)
    if (args.fresh_clones or args.runs) < 1:
        parser.error("the number of runs must be at least 1")
    logs = ROOT / "target" / "stress"
    logs.mkdir(parents=True, exist_ok=True)
    runs = args.fresh_clones or args.runs
    what = "book.py verify on a fresh clone" if args.fresh_clones else f"verify.py --only {args.checks}"
    print(f"stress: {runs} runs of {what}, one core kept busy; logs in {logs}", flush=True)
    bad = 0
    with one_core_busy():
        for number in range(1, runs + 1):
            log = logs / f"run{number}.log"
            if args.fresh_clones:
                with tempfile.TemporaryDirectory(prefix="stress-clone-") as temp:
                    clone = Path(temp) / "book"
                    subprocess.run(["git", "clone", "--quiet", ROOT, clone], check=True)
                    code, output, seconds = run([sys.executable, "python/book.py", "verify"], clone, log)
            else:
                command = [sys.executable, "python/book.py", "verify", "--only", args.checks]
                code, output, seconds = run(command, ROOT, log)
            failed, slowest = summarize(output)
            bad += code != 0
            verdict = "ok  " if code == 0 else f"FAIL ({', '.join(failed) or f'exit {code}'})"
            top = ", ".join(f"{name} {s:.0f} s" for s, name in slowest[:3])
            print(f"stress: run {number}: {verdict} in {seconds:.0f} s; slowest: {top}", flush=True)
    print(f"stress: {runs - bad} of {runs} runs passed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
