"""Rust log records in Python's logging, from the calling thread and from a Rust thread."""

import ctypes
import logging
import sys
import threading

from ctrl_c import HeldCtrlC
from loader import load_library

# What Rust calls for each record: level, target and message, the strings valid only during
# the call (ctypes copies a c_char_p result into bytes, so they are safe to keep).
SINK = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p)


@SINK
def to_logging(level: int, target: bytes, message: bytes) -> None:
    """Runs in whichever thread logged, Rust's own included; it must never raise into Rust."""
    try:
        where = "" if threading.current_thread() is threading.main_thread() else " [a Rust thread]"
        # Rust's `logs::helper` becomes Python's `logs.helper`: a child of the `logs` logger.
        name = target.decode().replace("::", ".")
        logging.getLogger(name).log(level, message.decode(errors="replace") + where)
    except BaseException as err:  # nothing may cross into Rust, not even KeyboardInterrupt
        print(f"to_logging failed: {err!r}", file=sys.stderr)


lib = load_library("logs")
lib.logs_init.argtypes = [SINK]
lib.logs_init.restype = ctypes.c_int
lib.work.argtypes = [ctypes.c_uint32]
lib.work.restype = ctypes.c_uint32


def work(steps: int) -> int:
    """Rust's `work`, logging as it goes. Ctrl+C pressed meanwhile is raised after the call:
    raised inside to_logging, it would come before the `try` and be lost."""
    if not 0 <= steps < 2**32:  # c_uint32 would keep only the low 32 bits
        raise OverflowError(f"steps = {steps} does not fit a uint32_t")
    with HeldCtrlC():
        return lib.work(steps)


logging.basicConfig(
    level=logging.DEBUG, format="%(levelname)-7s %(name)-11s %(message)s", stream=sys.stdout
)
print("logs_init ->", lib.logs_init(to_logging))  # to_logging is module-level: it stays alive
print("work(3) ->", work(3))

# Python's configuration decides what is kept, as for any other logger (children included).
logging.getLogger("logs").setLevel(logging.WARNING)
print("work(2) ->", work(2))
