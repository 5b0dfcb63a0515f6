"""Generated input for the exported functions of the first chapters' listings (hypothesis).

Every case gets the right answer or the documented error value, and the process survives.
The later chapters' listings have their properties in their own test files.
"""

import ctypes
import math

import pytest
from conftest import load_listing
from hypothesis import given, settings
from hypothesis import strategies as st

I64 = st.integers(-(2**63), 2**63 - 1)
FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12, max_value=1e12)
SETTINGS = settings(max_examples=200, deadline=None)


def wrap_i64(n: int) -> int:
    return (n + 2**63) % 2**64 - 2**63


@pytest.fixture(scope="module")
def primitives() -> ctypes.CDLL:
    lib = load_listing("primitives")
    lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
    lib.add.restype = ctypes.c_int64
    lib.is_even.argtypes = [ctypes.c_uint32]
    lib.is_even.restype = ctypes.c_bool
    return lib


@SETTINGS
@given(a=I64, b=I64, n=st.integers(0, 2**32 - 1))
def test_primitives(primitives: ctypes.CDLL, a: int, b: int, n: int) -> None:
    assert primitives.add(a, b) == wrap_i64(a + b)
    assert primitives.is_even(n) == (n % 2 == 0)


@pytest.fixture(scope="module")
def call_cost() -> ctypes.CDLL:
    lib = load_listing("call_cost")
    lib.ramp.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.c_double, ctypes.c_double]
    lib.ramp.restype = ctypes.c_bool
    lib.sum.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
    lib.sum.restype = ctypes.c_double
    return lib


@SETTINGS
@given(values=st.lists(FLOATS, max_size=300), start=FLOATS, step=FLOATS)
def test_ramp_and_sum(call_cost: ctypes.CDLL, values: list[float], start: float, step: float) -> None:
    buffer = (ctypes.c_double * len(values))(*values)
    assert call_cost.sum(buffer, len(values)) == pytest.approx(math.fsum(values), rel=1e-9, abs=1e-3)
    assert call_cost.ramp(buffer, len(values), start, step)
    assert list(buffer) == [start + step * i for i in range(len(values))]
    assert call_cost.sum(None, len(values)) == 0.0


class Point(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


class Rect(ctypes.Structure):
    _fields_ = [("min", Point), ("max", Point)]


@pytest.fixture(scope="module")
def structs() -> ctypes.CDLL:
    lib = load_listing("structs")
    lib.bounding_rect.argtypes = [ctypes.POINTER(Point), ctypes.c_size_t, ctypes.POINTER(Rect)]
    lib.bounding_rect.restype = ctypes.c_bool
    return lib


@SETTINGS
@given(points=st.lists(st.tuples(FLOATS, FLOATS), max_size=100))
def test_bounding_rect(structs: ctypes.CDLL, points: list[tuple[float, float]]) -> None:
    array = (Point * len(points))(*[Point(x, y) for x, y in points])
    out = Rect(Point(7, 7), Point(7, 7))
    ok = structs.bounding_rect(array, len(points), ctypes.byref(out))
    assert ok == bool(points)
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        assert (out.min.x, out.min.y, out.max.x, out.max.y) == (min(xs), min(ys), max(xs), max(ys))
    else:
        assert (out.min.x, out.max.y) == (7, 7)


@pytest.fixture(scope="module")
def freeing() -> ctypes.CDLL:
    lib = load_listing("freeing")
    lib.squares_new.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
    lib.squares_new.restype = ctypes.POINTER(ctypes.c_double)
    lib.squares_free.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
    lib.squares_free.restype = None
    lib.live_allocations.argtypes = []
    lib.live_allocations.restype = ctypes.c_size_t
    return lib


@SETTINGS
@given(n=st.one_of(st.integers(0, 2000), st.integers(2**28 + 1, 2**64 - 1)))
def test_squares(freeing: ctypes.CDLL, n: int) -> None:
    before = freeing.live_allocations()
    length = ctypes.c_size_t(12345)
    ptr = freeing.squares_new(n, ctypes.byref(length))
    if n > 2**28:  # above MAX_LEN: NULL, and nothing allocated
        assert not ptr and length.value == 12345
        return
    assert length.value == n
    assert ptr[:n] == [float(i * i) for i in range(n)]
    freeing.squares_free(ptr, n)
    assert freeing.live_allocations() == before


@pytest.fixture(scope="module")
def errors() -> ctypes.CDLL:
    lib = load_listing("errors")
    lib.mean_of.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_double)]
    lib.mean_of.restype = ctypes.c_int32
    lib.last_error_message.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.last_error_message.restype = ctypes.c_size_t
    return lib


NUMBER_TEXT = st.lists(st.one_of(FLOATS.map(repr), st.sampled_from(["", " ", "x", "1e400", "nan"])), max_size=8).map(
    ",".join
)


@SETTINGS
@given(text=st.one_of(NUMBER_TEXT.map(str.encode), st.binary(max_size=40).map(lambda b: b.replace(b"\0", b""))))
def test_mean_of_any_text(errors: ctypes.CDLL, text: bytes) -> None:
    out = ctypes.c_double(-1.0)
    code = errors.mean_of(text, ctypes.byref(out))
    try:
        fields = [f.strip() for f in text.decode().split(",") if f.strip()]
    except UnicodeDecodeError:
        assert code == 2  # ERRORS_NOT_UTF8
        return
    try:
        numbers = [float(f) for f in fields]
    except ValueError:
        numbers = None
    if numbers is None:
        assert code in (2, 3)  # Rust and Python disagree on a few spellings: still an error code
    elif not numbers:
        assert code == 4
    elif code == 0:
        assert out.value == pytest.approx(math.fsum(numbers) / len(numbers), nan_ok=True, rel=1e-9, abs=1e-3)
    # Whatever the code, the message fits any buffer: cut, NUL-terminated, never overrun.
    full = errors.last_error_message(None, 0)
    for size in (1, 2, full + 1):
        buffer = ctypes.create_string_buffer(b"\xaa" * (size + 4), size + 4)
        assert errors.last_error_message(buffer, size) == full
        assert buffer.raw[min(full, size - 1)] == 0 and buffer.raw[size:] == b"\xaa" * 4


@pytest.fixture(scope="module")
def c_allocator() -> ctypes.CDLL:
    lib = load_listing("c_allocator")
    lib.repeat_text.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.repeat_text.restype = ctypes.c_void_p
    lib.adopt_and_measure.argtypes = [ctypes.c_void_p]
    lib.adopt_and_measure.restype = ctypes.c_size_t
    return lib


@SETTINGS
@given(text=st.binary(max_size=30).map(lambda b: b.replace(b"\0", b"")), times=st.integers(0, 50))
def test_repeat_then_adopt(c_allocator: ctypes.CDLL, text: bytes, times: int) -> None:
    ptr = c_allocator.repeat_text(text, times)
    assert ctypes.string_at(ptr) == text * times
    assert c_allocator.adopt_and_measure(ptr) == len(text) * times


@pytest.fixture(scope="module")
def panics() -> ctypes.CDLL:
    lib = load_listing("panics")
    lib.guarded_divide.argtypes = [ctypes.c_int64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]
    lib.guarded_divide.restype = ctypes.c_int32
    return lib


@settings(max_examples=100, deadline=None)
@given(a=I64, b=st.one_of(I64, st.sampled_from([0, -1])))
def test_guarded_divide_panics_become_codes(panics: ctypes.CDLL, a: int, b: int) -> None:
    out = ctypes.c_int64(0)
    code = panics.guarded_divide(a, b, ctypes.byref(out))
    if b == 0 or (a == -(2**63) and b == -1):
        assert code == 2  # PANICS_PANICKED: the panic was caught
    else:
        assert code == 0 and out.value == int(a / b) if abs(a) < 2**52 else code == 0
