"""The wrapper check finds each kind of Python-side defect it exists for, and passes the book."""

import textwrap
from pathlib import Path

import pytest

from snake_crab.checks import wrappers as wrapper_check

PRELUDE = """
import ctypes
import os
import weakref

lib = load_library("demo")
lib.take.argtypes = [ctypes.c_uint32]
lib.take.restype = ctypes.c_int32
VISIT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_double)
"""


def problems(tmp_path: Path, code: str) -> str:
    path = tmp_path / "listings" / "demo" / "demo.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PRELUDE + textwrap.dedent(code))
    return "\n".join(wrapper_check.check_file(path))


def test_the_book_passes():
    found, checked, skipped = wrapper_check.check_book()
    assert found == []
    assert checked > 50
    assert skipped == ["listings/callbacks/raising.py"]


@pytest.mark.parametrize(
    "code",
    [
        # catches Exception only: KeyboardInterrupt and SystemExit escape
        """
        @VISIT
        def visit(x):
            try:
                print(x)
            except Exception:
                return 1
            return 0
        """,
        # work after the try is outside it
        """
        def visit(x):
            try:
                y = float(x)
            except BaseException:
                return 1
            print(y)
            return 0
        kept = VISIT(visit)
        """,
        "kept = VISIT(lambda x: print(x) or 0)\n",
    ],
)
def test_a_callback_that_lets_an_exception_out_fails(tmp_path: Path, code: str):
    assert "outside a try that catches BaseException" in problems(tmp_path, code)


def test_a_callback_that_catches_everything_passes(tmp_path: Path):
    code = """
    errors = []

    @VISIT
    def visit(x):
        try:
            print(x)
        except BaseException as err:
            errors.append(err)
            return 1
        return 0
    """
    assert problems(tmp_path, code) == ""


def test_a_finalizer_left_on_at_exit_fails(tmp_path: Path):
    code = """
    class Owner:
        def __init__(self, pointer):
            self._free = weakref.finalize(self, lib.release, pointer)
    """
    assert "without `self._free.atexit = False`" in problems(tmp_path, code)
    assert problems(tmp_path, code + "        self._free.atexit = False\n") == ""


def test_a_path_encoded_as_text_fails(tmp_path: Path):
    assert "os.fsencode(path) bytes" in problems(tmp_path, "def size(path):\n    return lib.size(path.encode())\n")


def test_fsencode_without_refusing_nul_fails(tmp_path: Path):
    code = "def size(path):\n    return lib.size(os.fsencode(path))\n"
    assert "without refusing a NUL byte" in problems(tmp_path, code)
    checked = 'def size(path):\n    name = os.fsencode(path)\n    if b"\\0" in name:\n        raise ValueError\n'
    assert problems(tmp_path, checked + "    return lib.size(name)\n") == ""


def test_text_encoded_without_refusing_nul_fails(tmp_path: Path):
    # errors.py's mean_of before issue 34: mean_of("1, 2\0, 90") answered 1.5
    code = "def mean_of(text):\n    return lib.mean_of(text.encode())\n"
    assert "text.encode(...) without refusing a NUL byte" in problems(tmp_path, code)
    checked = (
        'def mean_of(text):\n    if "\\0" in text:\n        raise ValueError\n    return lib.mean_of(text.encode())\n'
    )
    assert problems(tmp_path, checked) == ""
    assert problems(tmp_path, 'print(lib.mean_of("1, 2".encode()))\n') == ""  # a demonstration's literal


def test_an_unchecked_integer_parameter_fails(tmp_path: Path):
    code = "def take(n):\n    return lib.take(n)\n"
    assert "take passes its parameter n to take's integer argument 1 unchecked" in problems(tmp_path, code)
    checked = "def take(n):\n    if not 0 <= n < 2**32:\n        raise OverflowError(n)\n    return lib.take(n)\n"
    assert problems(tmp_path, checked) == ""


def test_a_skip_in_checks_toml_skips(tmp_path: Path):
    listings = tmp_path / "listings"
    path = listings / "demo" / "demo.py"
    path.parent.mkdir(parents=True)
    (path.parent / "Cargo.toml").write_text('[package]\nname = "demo"\n')  # a listing is a crate
    path.write_text(PRELUDE + "kept = VISIT(lambda x: print(x) or 0)\n")
    assert wrapper_check.check_book(listings)[0]
    (path.parent / "checks.toml").write_text('["demo.py"]\nwrapper-check = "skip: on purpose"\n')
    assert wrapper_check.check_book(listings) == ([], 0, ["listings/demo/demo.py"])


LOGISTIC_HEADER = """
/**
 * Runs `steps` steps of the logistic map on each of the `len` values at `values`, in place.
 * Returns the number of parts, or -1, changing nothing, if `values` is NULL or misaligned.
 *
 * # Safety
 * `values` must be NULL or valid for reading and writing `len` initialised `f64`s.
 */
int32_t logistic(double *values, uintptr_t len, double r, uint32_t steps, uintptr_t n_threads);
"""


def test_an_error_value_returned_as_a_result_fails(tmp_path: Path):
    (tmp_path / "listings" / "demo").mkdir(parents=True)
    (tmp_path / "listings" / "demo" / "demo.h").write_text(LOGISTIC_HEADER)
    # threads/parallel.py before issue 34: Rust's -1 for a misaligned array came out as "threads used"
    before = "def logistic(values, r, steps, n):\n    return lib.logistic(values, len(values), r, steps, n)\n"
    assert "logistic returns what logistic returned without looking at it" in problems(tmp_path, before)
    assigned = "def logistic(values, r, steps, n):\n    used = lib.logistic(values, 1, r, steps, n)\n    return used\n"
    assert "documented error value (-1)" in problems(tmp_path, assigned)
    after = assigned.replace("    return used", "    if used < 0:\n        raise ValueError(used)\n    return used")
    assert problems(tmp_path, after) == ""
    on_purpose = before.replace("):\n", '):\n    """The parts used, or -1 if Rust refused the array."""\n', 1)
    assert problems(tmp_path, on_purpose) == ""
