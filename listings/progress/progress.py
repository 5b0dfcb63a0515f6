"""A long Rust call: a progress callback, cooperative cancellation, and asyncio.to_thread."""

import asyncio
import ctypes
import signal
import subprocess
import sys
import threading
from collections.abc import Callable

from ctrl_c import HeldCtrlC
from loader import load_library

# void (*)(uint64_t done, uint64_t total, void *user_data, int *answer): the callback answers
# through `answer`, where Rust put PROGRESS_STOP first; PROGRESS_GO_ON lets the work go on.
PROGRESS = ctypes.CFUNCTYPE(
    None, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
)
PROGRESS_GO_ON = 0
PROGRESS_CANCELLED = -1

lib = load_library("progress")
lib.count_primes.argtypes = [ctypes.c_uint64, PROGRESS, ctypes.c_uint64, ctypes.c_void_p]
lib.count_primes.restype = ctypes.c_int64


def count_primes(n: int, on_progress: Callable[[int, int], bool], every: int) -> int:
    """Counts the primes below n; on_progress(done, total) is called now and then and returns
    True to go on (or False: the result is then PROGRESS_CANCELLED). An exception in it stops
    the work and is raised here, whatever it is; so is Ctrl+C, pressed during the call."""
    errors: list[BaseException] = []

    @PROGRESS
    def report(done: int, total: int, _user_data: int, answer: ctypes.Array) -> None:
        try:
            if not ctrl_c.pressed and on_progress(done, total):
                answer[0] = PROGRESS_GO_ON  # anything else, or nothing written, stops Rust
        except BaseException as err:  # nothing may escape into Rust
            errors.append(err)

    if not (0 <= n < 2**64 and 0 <= every < 2**64):  # ctypes would cut them
        raise OverflowError(f"n = {n} and every = {every} must fit a uint64_t")
    with HeldCtrlC() as ctrl_c:  # Ctrl+C stops Rust at its next report, and is raised after
        found = lib.count_primes(n, report, every, None)
    if errors:
        raise errors[0]
    return found


# The child of section 2 below: it counts until Ctrl+C.
def started(done: int, total: int) -> bool:
    if done == 1_000_000:
        print("child: Rust is counting", flush=True)
    return True


if sys.argv[1:] == ["child"]:
    signal.signal(
        signal.SIGINT, signal.default_int_handler
    )  # as in a terminal, even if ignored here
    try:
        count_primes(10**12, started, 1_000_000)
    except KeyboardInterrupt:
        print("child: Rust stopped at its next report; KeyboardInterrupt was raised after it")
    sys.exit(0)


# 1. Progress: Rust calls back every 25,000 numbers; Python prints how far it is.
def show(done: int, total: int) -> bool:
    print(f"  {done:>7,} of {total:,} ({done / total:.0%})")
    return True


print("primes below 100,000:", count_primes(100_000, show, 25_000))


def stop_at_half(done: int, total: int) -> bool:
    if done >= total // 2:
        raise TimeoutError("half is enough")
    return True


try:
    count_primes(100_000, stop_at_half, 25_000)
except TimeoutError as err:
    print(f"TimeoutError in the callback ({err}): Rust stopped, Python raised it after the call")


# 2. Ctrl+C, for real: a child process counts the primes below 10**12 (hours of work), and this
#    one presses Ctrl+C (sends SIGINT) once the child says Rust has started.
if sys.platform != "win32":  # Windows has no SIGINT to send to one process: press Ctrl+C there
    child = subprocess.Popen([sys.executable, __file__, "child"], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    print(child.stdout.readline(), end="")  # the child's first report: Rust is at work
    child.send_signal(signal.SIGINT)
    print(child.stdout.read(), end="")
    print("child's exit code:", child.wait())


# 3. In an asyncio program: the call runs in a worker thread (ctypes lets go of the GIL while
#    Rust counts), the event loop stays free, and a cancel request reaches Rust through the
#    callback's answer. Python cannot stop a thread: Rust stops itself when it is asked to.
async def main() -> None:
    loop = asyncio.get_running_loop()
    first_report, cancel, decided = asyncio.Event(), threading.Event(), threading.Event()

    def on_progress(done: int, total: int) -> bool:
        if not decided.is_set():  # the first report: let the event loop decide, then go on
            loop.call_soon_threadsafe(first_report.set)
            decided.wait()
        return not cancel.is_set()

    work = asyncio.create_task(asyncio.to_thread(count_primes, 10_000_000, on_progress, 10_000))
    await first_report.wait()  # Rust is counting, in its thread; the event loop is not blocked
    print("the event loop is free while Rust counts; asking Rust to stop")
    cancel.set()
    decided.set()
    result = await work
    print("count_primes ->", result, "(PROGRESS_CANCELLED)" if result == PROGRESS_CANCELLED else "")


asyncio.run(main())
