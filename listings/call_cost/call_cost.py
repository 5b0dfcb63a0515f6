"""What one call costs on your machine: a Python function, and a Rust no-op through ctypes."""

import ctypes
import timeit

from loader import load_library

lib = load_library("call_cost")

# lib["name"] makes a new function object each time, so each can have its own declarations.
bare_noop = lib["noop"]  # no argtypes, no restype: ctypes guesses (and reads a C int result)
declared_noop = lib["noop"]
declared_noop.argtypes = []
declared_noop.restype = None
bare_identity = lib["identity"]
declared_identity = lib["identity"]
declared_identity.argtypes = [ctypes.c_int32]
declared_identity.restype = ctypes.c_int32


def python_noop() -> None:
    pass


def python_identity(x: int) -> int:
    return x


def ns_per_call(statement: str, **names: object) -> float:
    """The best of 5 runs of 100,000 executions of `statement`, in nanoseconds per run."""
    number = 100_000
    return min(timeit.repeat(statement, globals=names, number=number, repeat=5)) / number * 1e9


python = ns_per_call("f()", f=python_noop)
print(f"Python no-op function:       {python:.0f} ns")
for name, statement, function in [
    ("Python identity function", "f(7)", python_identity),
    ("ctypes no-op, undeclared", "f()", bare_noop),
    ("ctypes no-op, declared", "f()", declared_noop),
    ("ctypes identity, undeclared", "f(7)", bare_identity),
    ("ctypes identity, declared", "f(7)", declared_identity),
]:
    cost = ns_per_call(statement, f=function)
    print(f"{name + ':':28} {cost:.0f} ns = {cost / python:.1f} x the Python no-op")
