"""The exercise: Rust calls a Python function for each divisor; an exception stops it and
is raised again in Python after the call."""

import ctypes
from collections.abc import Callable

from ctrl_c import HeldCtrlC
from loader import load_library

# void (*)(void *user_data, uint64_t divisor, int *answer): 0 in *answer goes on; Rust put 1 there.
VISIT_DIVISOR = ctypes.CFUNCTYPE(
    None, ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_int)
)
lib = load_library("callbacks_divisors")
lib.for_each_divisor.argtypes = [ctypes.c_uint64, VISIT_DIVISOR, ctypes.c_void_p]
lib.for_each_divisor.restype = ctypes.c_int64


class Visit:
    """The context of one call: the Python function, the exception it raised, if any, and
    whether Ctrl+C was pressed during the call."""

    def __init__(self, function: Callable[[int], object], ctrl_c: HeldCtrlC) -> None:
        self.function = function
        self.error: BaseException | None = None
        self.ctrl_c = ctrl_c


@VISIT_DIVISOR
def visit(user_data: int, divisor: int, answer: ctypes.Array) -> None:
    # ANCHOR: solution
    # starter: pass  # your code here: call the context's function; 0 in answer[0] goes on
    context = None
    try:
        context = ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value
        if not context.ctrl_c.pressed and context.function(divisor) is not False:
            answer[0] = 0  # go on; returning False (or Ctrl+C) leaves Rust's 1: stop
    except BaseException as err:  # nothing may reach Rust: keep it, stop, raise it after the call
        if context is not None:
            context.error = err
    # ANCHOR_END: solution


def for_each_divisor(n: int, function: Callable[[int], object]) -> int:
    """Calls function(d) for each divisor d of n, smallest first, until it returns False;
    returns how many calls were made. An exception in `function` is raised here, and so is
    Ctrl+C pressed during the call (seen at the next divisor Rust finds)."""
    # ANCHOR: solution
    if not 0 <= n < 2**64:
        raise ValueError(f"n must fit in 64 bits unsigned, got {n}")
    with HeldCtrlC() as ctrl_c:
        context = Visit(function, ctrl_c)
        slot = ctypes.py_object(context)
        user_data = ctypes.cast(ctypes.pointer(slot), ctypes.c_void_p)
        calls = lib.for_each_divisor(n, visit, user_data)
    if context.error is not None:
        raise context.error
    if calls < 0:  # DIVISORS_NULL_CALLBACK: cannot happen with `visit`, but a code is no count
        raise ValueError(f"for_each_divisor failed with error code {calls}")
    return calls
    # ANCHOR_END: solution


if __name__ == "__main__":
    found: list[int] = []
    print("divisors of 36:", for_each_divisor(36, found.append), "calls |", found)
    small: list[int] = []
    calls = for_each_divisor(1_000_000, lambda d: small.append(d) if d < 10 else False)
    print("divisors of 1000000 below 10:", small, f"({calls} calls, the last one said stop)")
    try:
        for_each_divisor(12, lambda d: 1 / (d - 3))
    except ZeroDivisionError as err:
        print("an exception in the callback, raised after the call:", repr(err))
    try:
        for_each_divisor(-1, print)
    except ValueError as err:
        print("ValueError:", err)
