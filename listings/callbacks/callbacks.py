"""Rust calls a Python function for each value, passing back a context pointer that Python chose."""

import ctypes
import traceback
from collections.abc import Callable

from ctrl_c import HeldCtrlC
from loader import load_library

# The callback's C type, as in the header: void (*)(void *user_data, double item, int *answer).
VISIT = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int))
VISIT_CONTINUE = 0  # written to *answer to go on; Rust put VISIT_STOP there before the call

lib = load_library("callbacks")
lib.for_each.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, VISIT, ctypes.c_void_p]
lib.for_each.restype = ctypes.c_int64


@VISIT
def visit(user_data: int, item: float, answer: ctypes.Array) -> None:
    """The one C callback for every call: the context, found through user_data, does the work."""
    try:
        context = ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value
        context(item)
        answer[0] = VISIT_CONTINUE
    except BaseException:  # no exception may reach Rust: print it, and stop (see "carry" below)
        traceback.print_exc()


def for_each(values: list[float], context: Callable[[float], object]) -> int:
    """Has Rust call context(x) for each value; returns how many values Rust visited."""
    array = (ctypes.c_double * len(values))(*values)
    slot = ctypes.py_object(context)  # a C-sized slot holding a reference to the context
    user_data = ctypes.cast(
        ctypes.pointer(slot), ctypes.c_void_p
    )  # the slot's address, as a void *
    with HeldCtrlC():  # Ctrl+C pressed while Rust runs is raised after the call, not in visit
        visited = lib.for_each(array, len(array), visit, user_data)
    if visited < 0:  # an error code: here FOR_EACH_STOPPED, after visit printed why
        raise RuntimeError(f"for_each failed with error code {visited}")
    return visited


class Largest:
    """A context with state of its own: the largest value seen so far."""

    def __init__(self) -> None:
        self.value = float("-inf")

    def __call__(self, x: float) -> None:
        self.value = max(self.value, x)


values = [1.5, 4.0, 2.5]
collected: list[float] = []
print("visited:", for_each(values, collected.append), "| collected:", collected)
largest = Largest()
print("visited:", for_each(values, largest), "| largest:", largest.value)
print("visited:", for_each([], largest), "| (an empty list: no call at all)")

# Bad input gets the documented error codes, and no callback runs.
array = (ctypes.c_double * 3)(*values)
print(
    "NULL callback ->", lib.for_each(array, 3, VISIT(), None)
)  # VISIT() is a NULL function pointer
try:
    lib.for_each(array, 3, None, None)
except ctypes.ArgumentError as err:
    print(f"None as the callback is refused: ctypes.ArgumentError:\n    {err}")
print("NULL values, len 3 ->", lib.for_each(None, 3, visit, None))
SIZE_MAX = ctypes.c_size_t(-1).value  # the largest size_t: 2**64 - 1 here, 2**32 - 1 on 32-bit
print("len SIZE_MAX ->", lib.for_each(array, SIZE_MAX, visit, None))
