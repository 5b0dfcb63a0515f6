"""A long Rust call: a progress callback, cooperative cancellation, and asyncio.to_thread."""

import asyncio
import ctypes
import threading
from collections.abc import Callable

from loader import load_library

PROGRESS = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_void_p)
PROGRESS_GO_ON, PROGRESS_STOP = 0, 1  # the callback's answers: 0 goes on, anything else stops
PROGRESS_CANCELLED = -1

lib = load_library("progress")
lib.count_primes.argtypes = [ctypes.c_uint64, PROGRESS, ctypes.c_uint64, ctypes.c_void_p]
lib.count_primes.restype = ctypes.c_int64


def count_primes(n: int, on_progress: Callable[[int, int], bool], every: int) -> int:
    """Counts the primes below n; on_progress(done, total) is called now and then and returns
    True to go on. An exception in it stops the work and is raised here, whatever it is."""
    errors: list[BaseException] = []

    @PROGRESS
    def report(done: int, total: int, _user_data: int) -> int:
        try:
            return PROGRESS_GO_ON if on_progress(done, total) else PROGRESS_STOP
        except BaseException as err:  # nothing may escape into Rust, not even Ctrl+C
            errors.append(err)
            return PROGRESS_STOP

    if not (0 <= n < 2**64 and 0 <= every < 2**64):  # ctypes would cut them
        raise OverflowError(f"n = {n} and every = {every} must fit a uint64_t")
    found = lib.count_primes(n, report, every, None)
    if errors:
        raise errors[0]
    return found


# 1. Progress: Rust calls back every 25,000 numbers; Python prints how far it is.
def show(done: int, total: int) -> bool:
    print(f"  {done:>7,} of {total:,} ({done / total:.0%})")
    return True


print("primes below 100,000:", count_primes(100_000, show, 25_000))


def stop_at_half(done: int, total: int) -> bool:
    if done >= total // 2:
        raise KeyboardInterrupt  # as if the reader pressed Ctrl+C while Rust counted
    return True


try:
    count_primes(100_000, stop_at_half, 25_000)
except KeyboardInterrupt:
    print("KeyboardInterrupt in the callback: Rust stopped, and Python raised it after the call")


# 2. In an asyncio program: the call runs in a worker thread (ctypes lets go of the GIL while
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
