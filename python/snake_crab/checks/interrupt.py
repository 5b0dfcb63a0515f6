"""The interrupt check: Ctrl+C pressed while Rust runs a call that calls back into Python.

Every wrapper in the listings that hands Rust a Python callback runs once in a child process
with a real SIGINT sent while Rust works, and must end with the wrapper raising
KeyboardInterrupt: no "Exception ignored" from ctypes, nothing on stderr, no crash, no hang.

When the signal lands matters, and is ordered, not timed. The child's main thread keeps the GIL
while it runs Python (a switch interval far longer than any case), so a helper thread, woken by
`arm()`, can take the GIL and send SIGINT only once the main thread has let go of it: inside
the foreign call, while Rust works. The signal is then pending when Rust next calls back, and
CPython raises KeyboardInterrupt at that callback's first instruction: before its `try`.
`arm()` runs before the call and in each call of the reader's function (the `user` below), so
the signal arrives between callbacks, once per arming, up to REPEATS times. So that a call never
ends before the first signal is sent (the helper may lose the GIL to Rust's own threads calling
back), `user` also waits, the first time, until it has been: that signal then lands in Python,
which a sound wrapper holds back just the same.

    python3 python/book.py verify --only interrupt        # every case; exit 1 on any failure

A script that passes a ctypes callback (CFUNCTYPE) to Rust needs a case in CASES or, for a
demonstration that breaks the rules on purpose, `interrupt-check = "skip: reason"` in its
folder's checks.toml.
"""

import subprocess
import sys
import time
from pathlib import Path

from snake_crab import model
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)
SECONDS = 5  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

REPEATS = 3  # SIGINTs per case at most: a second Ctrl+C must be held back as the first was
TIMEOUT_S = 60  # a call that runs on after Ctrl+C lost the interrupt

# script -> the call, in the script's own namespace; `user` is a reader's function (it arms the
# next SIGINT and asks to go on). Each call would run far longer than the check without Ctrl+C.
CASES = {
    "alloc_callback/alloc_callback.py": "primes_below(100_000_000)",
    "callbacks/callbacks.py": "for_each([1.0] * 300_000, user)",
    "callbacks/carry.py": "for_each([1.0] * 300_000, user)",
    "callbacks_divisors/divisors.py": "for_each_divisor(897_612_484_786_617_600, user)",
    "logs/logs.py": "hook_logging() or work(3)",  # each record Python's logging keeps calls user
    "progress/progress.py": "count_primes(10**12, user, 10_000)",
}

CHILD = r"""
import contextlib, io, os, runpy, signal, sys, threading
script, call, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, os.path.dirname(script))
sys.argv = [script]
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, whatever the parent ignores
with contextlib.redirect_stdout(io.StringIO()):  # the script's own demonstration, unseen
    names = runpy.run_path(script, run_name="listing")
sys.setswitchinterval(1000.0)  # the main thread lets go of the GIL only outside Python
armed, sent, finished = threading.Semaphore(0), threading.Event(), False

def send():
    for _ in range(repeats):
        armed.acquire()  # then the GIL: only once the main thread is in Rust (or waits in user)
        if finished:
            return
        os.kill(os.getpid(), signal.SIGINT)
        sent.set()

def arm():
    armed.release()

def user(*args):
    arm()
    sent.wait()  # at once, but the first time: the call must not end before a signal is sent
    return True

def hook_logging():
    import logging
    class Hook(logging.Handler):
        def emit(self, record):
            user()
    logging.getLogger().addHandler(Hook())

sender = threading.Thread(target=send)
sender.start()
names["user"], names["hook_logging"] = user, hook_logging
arm()
try:
    result = eval(compile(call, "<call>", "eval"), names)  # (eval of a str marks a KeyboardInterrupt unhandled)
    outcome = f"returned {result!r}"[:200]
except BaseException as err:
    outcome = f"raised {type(err).__name__}"
signal.signal(signal.SIGINT, signal.SIG_IGN)  # a SIGINT still on its way changes nothing now
finished = True
for _ in range(repeats):
    arm()  # let the sender see `finished` and end
sender.join()
print(outcome, flush=True)
"""


def run_case(script: Path, call: str, python: str = sys.executable) -> str | None:
    """Run `call` from `script` with SIGINT sent while Rust works; a problem, or None."""
    try:
        done = subprocess.run(
            [python, "-c", CHILD, str(script), call, str(REPEATS)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return f"{call}: still running {TIMEOUT_S} s after Ctrl+C: the interrupt was lost"
    said = done.stdout.strip()
    if done.returncode != 0:
        return f"{call}: exit code {done.returncode} (a crash?)\n{done.stderr.strip()}"
    if done.stderr:
        return f"{call}: wrote to stderr (a callback failed before its try?):\n{done.stderr.strip()}"
    if said != "raised KeyboardInterrupt":
        return f"{call}: {said or 'printed nothing'}, not KeyboardInterrupt: the interrupt was lost"
    return None


def scripts_with_callbacks(listings: Path) -> list[Path]:
    return [p for p in model.scripts(listings) if "CFUNCTYPE(" in p.read_text()]


def check(listings: Path, cases: dict[str, str] = CASES, say=print) -> tuple[list[str], int]:
    """Problems, and how many cases ran."""
    problems, ran = [], 0
    for script in scripts_with_callbacks(listings):
        spec = script.relative_to(listings).as_posix()
        setting = model.check_setting(script, "interrupt-check")
        if spec not in cases:
            if not (setting or "").startswith("skip:"):
                problems.append(f"listings/{spec}: passes a callback to Rust, but has no case in interrupt_check.CASES")
            continue
        started = time.monotonic()
        problem = run_case(script, cases[spec])
        ran += 1
        say(f"{'FAIL' if problem else 'ok'} {spec}: {cases[spec]} ({time.monotonic() - started:.1f} s)")
        if problem:
            problems.append(f"listings/{spec}: {problem}")
    return problems, ran


def run(say) -> Report:
    problems, ran = check(model.LISTINGS, say=say)
    return Report(problems, summary=f"{ran} calls with Ctrl+C while Rust works")
