"""panics: a panicking input gets an error code and a message, not an abort, and nothing on stderr."""

import ctypes
import subprocess
import sys

import pytest
from conftest import I64, ROOT, load_listing
from hypothesis import given, settings
from hypothesis import strategies as st

OK, NULL_ARGUMENT, PANICKED = range(3)  # as in panics.h


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("panics")
    lib.unguarded_divide.argtypes = [ctypes.c_int64, ctypes.c_int64]
    lib.unguarded_divide.restype = ctypes.c_int64
    lib.guarded_divide.argtypes = [ctypes.c_int64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]
    lib.guarded_divide.restype = ctypes.c_int32
    lib.last_panic_message.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.last_panic_message.restype = ctypes.c_size_t
    return lib


def message(lib: ctypes.CDLL) -> str:
    buffer = ctypes.create_string_buffer(lib.last_panic_message(None, 0) + 1)
    lib.last_panic_message(buffer, len(buffer))
    return buffer.value.decode()


def test_guarded_divide(lib: ctypes.CDLL) -> None:
    out = ctypes.c_int64()
    assert lib.guarded_divide(-7, 2, ctypes.byref(out)) == OK
    assert out.value == -3


@pytest.mark.parametrize(("a", "b", "words"), [(7, 0, "divide by zero"), (-(2**63), -1, "overflow")])
def test_guarded_divide_panics_quietly(
    lib: ctypes.CDLL, capfd: pytest.CaptureFixture, a: int, b: int, words: str
) -> None:
    out = ctypes.c_int64(42)
    assert lib.guarded_divide(a, b, ctypes.byref(out)) == PANICKED
    assert words in message(lib)
    assert out.value == 42
    assert capfd.readouterr().err == ""  # the hook kept the panic off stderr


def test_guarded_divide_null(lib: ctypes.CDLL) -> None:
    assert lib.guarded_divide(7, 0, None) == NULL_ARGUMENT


def test_message_buffer(lib: ctypes.CDLL) -> None:
    lib.guarded_divide(7, 0, ctypes.byref(ctypes.c_int64()))
    small = ctypes.create_string_buffer(b"xxxxxx")
    assert lib.last_panic_message(small, 0) == len(message(lib))
    assert small.raw == b"xxxxxx\0"
    lib.last_panic_message(small, 4)
    assert small.value == b"att"


def test_unguarded_divide_aborts_only_on_bad_input(lib: ctypes.CDLL) -> None:
    # Documented as dangerous: fine on good input; on a panicking input it aborts, so that
    # is checked in a child process.
    assert lib.unguarded_divide(7, 2) == 3
    path = ROOT / "target" / "release" / "libpanics.so"
    code = (
        f"import ctypes; lib = ctypes.CDLL({str(path)!r}); "
        "lib.unguarded_divide.argtypes = [ctypes.c_int64] * 2; lib.unguarded_divide(7, 0)"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert child.returncode == -6
    assert "panic in a function that cannot unwind" in child.stderr


@settings(max_examples=100, deadline=None)
@given(a=I64, b=st.one_of(I64, st.sampled_from([0, -1])))
def test_guarded_divide_panics_become_codes(lib: ctypes.CDLL, a: int, b: int) -> None:
    out = ctypes.c_int64(0)
    code = lib.guarded_divide(a, b, ctypes.byref(out))
    if b == 0 or (a == -(2**63) and b == -1):
        assert code == PANICKED  # the panic was caught
    else:
        quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # Rust's `/` truncates toward 0
        assert code == OK and out.value == quotient
