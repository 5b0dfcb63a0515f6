"""DANGER: Rust calls a Python callback from its own thread, after the call has returned."""

import ctypes
import subprocess
import sys

from loader import load_library

VISIT = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int))

lib = load_library("callbacks")
lib.call_later.argtypes = [VISIT, ctypes.c_void_p]
lib.call_later.restype = ctypes.c_int32
lib.run_late_calls.argtypes = []
lib.run_late_calls.restype = ctypes.c_size_t


@VISIT
def kept_visit(user_data: int, item: float, answer: ctypes.Array) -> None:
    try:
        print("  the late callback runs, on a thread Python did not start", flush=True)
    except BaseException:  # nothing may escape into Rust
        pass


def start_with_temporaries() -> None:
    """Like any wrapper: makes a callback and a context, passes them, returns; both die then."""

    def visit(user_data: int, item: float, answer: ctypes.Array) -> None:
        try:
            context = ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value
            print("  the late callback got", context, flush=True)
        except BaseException:  # nothing may escape into Rust
            pass

    slot = ctypes.py_object(["a context"])
    lib.call_later(VISIT(visit), ctypes.cast(ctypes.pointer(slot), ctypes.c_void_p))


if sys.argv[1:] == ["everything-kept"]:
    lib.call_later(kept_visit, None)  # kept_visit lives as long as the module
    print("call_later returned", flush=True)
    lib.run_late_calls()  # now Rust's thread calls back, and this waits until it has
    print("done", flush=True)
    sys.exit(0)
if sys.argv[1:] == ["temporaries-gone"]:
    start_with_temporaries()
    print("start_with_temporaries returned", flush=True)
    lib.run_late_calls()
    print("done", flush=True)
    sys.exit(0)
if sys.argv[1:] == ["exit-first"]:
    lib.call_later(kept_visit, None)
    print("the program ends before the callback is let run", flush=True)
    sys.exit(0)

for case in ["everything-kept", "temporaries-gone", "exit-first"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode} | stderr: {child.stderr.strip() or '(nothing)'}")
    for line in child.stdout.splitlines():
        print("  stdout:", line)
