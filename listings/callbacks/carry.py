"""Carry a callback's exception out through Rust, and raise it again in the caller."""

import ctypes
import traceback
from collections.abc import Callable

from loader import load_library

# The callback's C type, as in the header: int (*)(void *user_data, double item).
VISIT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_double)
VISIT_CONTINUE = 0

lib = load_library("callbacks")
lib.for_each.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, VISIT, ctypes.c_void_p]
lib.for_each.restype = ctypes.c_int64
VISIT_STOP = 1  # any value but VISIT_CONTINUE stops the loop
FOR_EACH_STOPPED = -4


class Context:
    """What the callback needs: the Python function to call, and room for its exception."""

    def __init__(self, function: Callable[[float], object]) -> None:
        self.function = function
        self.error: BaseException | None = None


@VISIT
def visit(user_data: int, item: float) -> int:
    context: Context | None = None
    try:
        context = ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value
        context.function(item)
    except BaseException as err:  # everything: nothing may escape into Rust
        if context is not None:
            context.error = err
        return VISIT_STOP
    return VISIT_CONTINUE


def for_each(values: list[float], function: Callable[[float], object]) -> int:
    """Has Rust call function(x) for each value; an exception in function is raised here."""
    array = (ctypes.c_double * len(values))(*values)
    context = Context(function)
    slot = ctypes.py_object(context)
    result = lib.for_each(
        array, len(array), visit, ctypes.cast(ctypes.pointer(slot), ctypes.c_void_p)
    )
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
