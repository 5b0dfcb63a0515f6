"""Run Python listings under valgrind; fail on invalid memory access or on memory our libraries leak.

    python3 python/book.py verify --only memcheck                    # every listing
    python3 python/book.py verify --only memcheck --listing hello    # one listing's scripts

Each script runs under `valgrind --leak-check=full --xml=yes` with PYTHONMALLOC=malloc, so that
Python's own allocator does not hide blocks. A listing fails when valgrind reports an invalid
read, write or free anywhere, a *definitely lost* block with a frame in one of our libraries
(target/release/lib*.so), or a use of an uninitialised value (a jump on it, a system call
given it, a pointer made of it) where the innermost frame outside the C library is in one of
our libraries. CPython's own noise (uninitialised values in its integer code, its
still-reachable memory) is not counted: its innermost frames are CPython's.

A script may be named in its folder's `checks.toml` (the checks' file, never the reader's):
    memcheck = "expect leak: <reason>"   the run MUST show a lost block from our library (definitely
                                         lost, or possibly: valgrind calls a block possibly lost
                                         when a stale value points inside it, as one in 16 runs of
                                         freeing/leak.py measured)
Such a listing leaks many small blocks rather than a few big ones: valgrind calls a block only
"possibly lost" when any word in memory happens to hold an address inside it, and a stale
address landing inside one of twenty 10 MB blocks depends on the run's memory layout (seen:
some runs had all twenty possibly lost); of 2000 blocks of 100 kB, about 97% are definitely lost.
    memcheck = "skip: <reason>"          not run at all
Timing loops run once: each script runs with `timeit.repeat` and `timeit.timeit` made to do one
repetition of one call (RUN_ONCE below), so every code path still runs under valgrind but the
thousands of repetitions that only measure speed do not (they made these listings 50x slower).
A reader's test file (`test_*.py`, run by pytest) is left out unless named: the script beside it
calls the same functions, and pytest under valgrind costs two minutes and reports glibc's
vectorised `wmemcmp` reads (seen: `__wmemcmp_avx2_movbe`), which are not ours.
The scripts that no checks.toml names run in a few valgrind'd Pythons (one per core), one after
the other, each as its own __main__ with its folder's loader (RUN_MANY): Python's start-up under
valgrind (about 4 s) and its imports (numpy's costs about 30 s) are paid once per run, not once
per script or folder. When a run finds anything, each of its scripts runs again alone, so the
problem is named by its script.
Danger listings run their dangerous part in a child process; valgrind does not follow children
(no --trace-children), so only the parent, which must be clean, is checked.
"""

import functools
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from snake_crab import ROOT, model, run_listing
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)
SECONDS = 60  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

LISTINGS = ROOT / "listings"
SUPPRESSIONS = Path(__file__).with_name("valgrind.supp")  # known false alarms outside our code
OUR_LIBS = str(ROOT / "target" / "release")
INVALID = {"InvalidRead", "InvalidWrite", "InvalidFree", "MismatchedFree", "InvalidJump"}
UNINIT = {"UninitValue", "UninitCondition", "SyscallParam"}
C_LIBRARY = re.compile(r"/(libc\.so|libm\.so|ld-linux[^/]*\.so|vgpreload_[^/]*\.so)[^/]*$")
TIMEOUT_S = 600
WORKERS = os.cpu_count() or 2  # valgrind runs at once: the shared runs are one per core
# timeit's loops cut to one call (the listings' timing loops: see the module's docstring).
TIMEIT_ONCE = """
import timeit
def once(stmt="pass", setup="pass", timer=timeit.default_timer, repeat=5, number=1, globals=None):
    return real_repeat(stmt, setup, timer, repeat=1, number=1, globals=globals)
def once_timeit(stmt="pass", setup="pass", timer=timeit.default_timer, number=1, globals=None):
    return real_repeat(stmt, setup, timer, repeat=1, number=1, globals=globals)[0]
real_repeat, timeit.repeat, timeit.timeit = timeit.repeat, once, once_timeit
"""
# Runs the script named by argv[1] as `python script` would (or `-m pytest ...`, for a test file).
RUN_ONCE = (
    TIMEIT_ONCE
    + """
import runpy, sys
sys.argv = sys.argv[1:]
if sys.argv[0] == "-m":  # -m pytest -q test_file.py
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.path[0] = sys.argv[0].rpartition("/")[0]
    runpy.run_path(sys.argv[0], run_name="__main__")
"""
)


ALL_RAN = "memcheck: every script ran\n"
# Runs each script named in argv in turn, as `python script` would, in one process: a fresh
# __main__ each, its folder first on sys.path and its own loader, timeit's loops cut as above.
RUN_MANY = (
    TIMEIT_ONCE
    + f"ALL_RAN = {ALL_RAN!r}\n"
    + """
import os, runpy, sys, traceback
failed = 0
for script in sys.argv[1:]:
    sys.argv, sys.path[0] = [script], os.path.dirname(script)
    for helper in ("loader", "ctrl_c"):
        sys.modules.pop(helper, None)
    saved = sys.stdout, sys.stderr
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        failed += e.code not in (None, 0)
    except BaseException:
        traceback.print_exc()
        failed += 1
    finally:
        sys.stdout, sys.stderr = saved
sys.__stderr__.write(ALL_RAN)  # a script that left early (os._exit) takes this line with it
sys.exit(1 if failed else 0)
"""
)


def findings(xml_text: str) -> tuple[list[str], list[str], list[str]]:
    """(invalid accesses anywhere and uses of uninitialised values in our libraries, definite
    leaks from our libraries, possible leaks from our libraries), each as a one-line summary."""
    invalid, leaks, possible = [], [], []
    for error in ET.fromstring(xml_text).iter("error"):
        kind = error.findtext("kind", "")
        frames = error.findall("stack/frame")
        ours = [f for f in frames if (f.findtext("obj") or "").startswith(OUR_LIBS)]
        where = ours[0] if ours else (frames[0] if frames else None)
        place = "?" if where is None else f"{where.findtext('fn', '?')} ({Path(where.findtext('obj', '?')).name})"
        text = error.findtext("what") or error.findtext("xwhat/text") or kind
        innermost = next((f for f in frames if not C_LIBRARY.search(f.findtext("obj") or "")), None)
        if kind in INVALID:
            invalid.append(f"{text} at {place}")
        elif kind in UNINIT and innermost is not None and (innermost.findtext("obj") or "").startswith(OUR_LIBS):
            invalid.append(f"{text} at {place}")
        elif kind == "Leak_DefinitelyLost" and ours:
            leaks.append(f"{text} at {place}")
        elif kind == "Leak_PossiblyLost" and ours:
            possible.append(f"{text} at {place}")
    return invalid, leaks, possible


@functools.cache
def expected_cost(spec: str) -> int:
    """About how many seconds a script takes under valgrind: what it imports, then its size."""
    text = (LISTINGS / spec).read_text()
    return (
        3
        + 25 * ("import pandas" in text)
        + 10 * ("import numpy" in text)
        + 3 * ("subprocess" in text)
        + len(text) // 2000
    )


def valgrind(argv: list[str]) -> tuple[int, tuple[list[str], list[str], list[str]] | None, str]:
    """Run `python *argv` under valgrind: (exit status, its findings or None, why there are none
    or else what it wrote to stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        xml_file = Path(tmp) / "valgrind.xml"
        cmd = [
            "valgrind",
            "--leak-check=full",
            f"--suppressions={SUPPRESSIONS}",
            "--xml=yes",
            f"--xml-file={xml_file}",
            "--log-file=/dev/null",
        ]
        env = dict(os.environ, PYTHONMALLOC="malloc", PYTHONUNBUFFERED="1")
        try:
            done = subprocess.run(
                [*cmd, sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, timeout=TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            return -1, None, f"no result under valgrind after {TIMEOUT_S} s"
        if not xml_file.is_file():
            return (
                done.returncode,
                None,
                f"valgrind wrote no report (exit {done.returncode}): {done.stderr.decode()[-500:]}",
            )
        return done.returncode, findings(xml_file.read_text()), done.stderr.decode(errors="replace")


def check(spec: str) -> list[str]:
    """Run one listing under valgrind; return its problems (empty when it passes)."""
    script = LISTINGS / spec
    setting = model.check_setting(script, "memcheck") or ""
    if setting.startswith("skip"):
        return []
    status, found, why = valgrind(["-c", RUN_ONCE, *run_listing.python_args(str(script))])
    if found is None:
        return [why]
    invalid, leaks, possible = found
    problems = [f"exited {status} under valgrind"] if status != 0 else []
    problems += [f"invalid access: {x}" for x in invalid]
    if setting.startswith("expect leak"):
        if not leaks and not possible:
            problems.append("is named `expect leak` in its checks.toml but valgrind found no leak from our library")
    else:
        problems += [f"leak: {x}" for x in leaks]
    return problems


def check_together(specs: list[str]) -> tuple[dict[str, list[str]], float, int]:
    """Run scripts in one valgrind'd Python; when that finds anything, each again alone.
    (problems by script, seconds, valgrind runs)."""
    start = time.monotonic()
    if len(specs) > 1:
        status, found, stderr = valgrind(["-c", RUN_MANY, *(str(LISTINGS / spec) for spec in specs)])
        if status == 0 and found is not None and found[0] == found[1] == [] and stderr.endswith(ALL_RAN):
            return {spec: [] for spec in specs}, time.monotonic() - start, 1
    alone = {spec: check(spec) for spec in specs}
    return alone, time.monotonic() - start, len(specs) + (len(specs) > 1)


def units(specs: list[str], runs: int = WORKERS) -> list[list[str]]:
    """The valgrind runs: the plain scripts shared among `runs` runs of about equal cost (a
    folder's scripts in one run, in order), and each script its checks.toml names alone."""
    folders: dict[str, list[str]] = {}
    alone = []
    for spec in specs:
        script = LISTINGS / spec
        if model.check_setting(script, "memcheck") or run_listing.python_args(str(script)) != [str(script)]:
            alone.append([spec])
        else:
            folders.setdefault(spec.split("/")[0], []).append(spec)
    shared: list[list[str]] = [[] for _ in range(min(runs, len(folders)))]
    cost = [0] * len(shared)
    for folder in sorted(folders.values(), key=lambda f: -sum(map(expected_cost, f))):
        cheapest = cost.index(min(cost))
        shared[cheapest] += folder
        cost[cheapest] += sum(map(expected_cost, folder))
    return [*shared, *alone]


def run(say) -> Report:
    specs = [s for s in model.script_specs() if not s.split("/")[-1].startswith("test_")]
    problems, runs = [], 0
    # Longest first, so that no core sits idle at the end waiting for one slow run: under
    # valgrind, importing pandas costs about 25 s and numpy about 10 s, far more than the rest.
    todo = sorted(units(specs), key=lambda unit: sum(map(expected_cost, unit)), reverse=True)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for found, seconds, count in pool.map(check_together, todo):
            runs += count
            if not any(found.values()):
                say(f"ok   listings/{', '.join(found)} ({seconds:.1f} s)")
                continue
            for spec, problem_list in found.items():
                say(f"{'FAIL' if problem_list else 'ok  '} listings/{spec}")
                problems += [f"listings/{spec}: {problem}" for problem in problem_list]
    return Report(problems, summary=f"{len(specs)} scripts under valgrind, in {runs} runs")
