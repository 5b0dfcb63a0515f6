"""Carry a callback's exception out through Rust, and raise it again in the caller."""

import ctypes
import traceback
from collections.abc import Callable

from ctrl_c import HeldCtrlC
from loader import load_library

# The callback's C type, as in the header: void (*)(void *user_data, double item, int *answer).
VISIT = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int))
VISIT_CONTINUE = 0  # written to *answer to go on; Rust put a stop there before the call

lib = load_library("callbacks")
lib.for_each.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, VISIT, ctypes.c_void_p]
lib.for_each.restype = ctypes.c_int64
FOR_EACH_STOPPED = -4


class Context:
    """What the callback needs: the Python function to call, room for its exception, and
    whether Ctrl+C was pressed during the call."""

    def __init__(self, function: Callable[[float], object], ctrl_c: HeldCtrlC) -> None:
        self.function = function
        self.error: BaseException | None = None
        self.ctrl_c = ctrl_c


@VISIT
def visit(user_data: int, item: float, answer: ctypes.Array) -> None:
    context: Context | None = None
    try:
        context = ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value
        if context.ctrl_c.pressed:
            return  # Ctrl+C: stop Rust; it is raised after the call
        context.function(item)
        answer[0] = VISIT_CONTINUE
    except BaseException as err:  # everything: nothing may escape into Rust
        if context is not None:
            context.error = err


def for_each(values: list[float], function: Callable[[float], object]) -> int:
    """Has Rust call function(x) for each value; an exception in function is raised here, and
    so is Ctrl+C pressed during the call."""
    array = (ctypes.c_double * len(values))(*values)
    with HeldCtrlC() as ctrl_c:  # Ctrl+C stops Rust at the next value and is raised here
        context = Context(function, ctrl_c)
        slot = ctypes.py_object(context)
        user_data = ctypes.cast(ctypes.pointer(slot), ctypes.c_void_p)
        result = lib.for_each(array, len(array), visit, user_data)
    if result == FOR_EACH_STOPPED and context.error is not None:
        raise context.error  # the original exception, with its original traceback
    if result < 0:
        raise ValueError(f"for_each failed with error code {result}")
    return result


def check_positive(x: float) -> None:
    print("  checking", x)
    if x <= 0:
        raise ValueError(f"{x} is not positive")


print("visited:", for_each([1.0, 2.0], check_positive))
try:
    for_each([1.0, -2.0, 3.0], check_positive)
except ValueError as err:
    print("caught in the caller: ValueError:", err)
    last = traceback.extract_tb(err.__traceback__)[-1]
    print(f"  raised in {last.name}(), at: {last.line}")
