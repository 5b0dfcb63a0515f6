"""callbacks: Rust calls back with the caller's user_data; NULL and bad lengths get error codes, never a call."""

import ctypes
import threading

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

VISIT = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int))
CONTINUE, STOP = 0, 1
NULL_CALLBACK, NULL_VALUES, TOO_LONG, STOPPED, MISALIGNED = -1, -2, -3, -4, -5
MAX_LEN = (2**63 - 1) // 8  # isize::MAX / size_of::<f64>() on a 64-bit platform


def answering(function) -> VISIT:
    """A C callback that writes what `function(user_data, item)` returns into Rust's answer slot."""

    def callback(user_data: int | None, item: float, answer) -> None:
        answer[0] = function(user_data, item)

    return VISIT(callback)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("callbacks")
    lib.for_each.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, VISIT, ctypes.c_void_p]
    lib.for_each.restype = ctypes.c_int64
    lib.call_later.argtypes = [VISIT, ctypes.c_void_p]
    lib.call_later.restype = ctypes.c_int32
    lib.run_late_calls.argtypes = []
    lib.run_late_calls.restype = ctypes.c_size_t
    return lib


def doubles(values: list[float]) -> ctypes.Array:
    return (ctypes.c_double * len(values))(*values)


class Recorder:
    """A callback that records (user_data, item) and stops at the item numbered `stop_at`."""

    def __init__(self, stop_at: int | None = None, stop_code: int = STOP) -> None:
        self.calls: list[tuple[int | None, float]] = []
        self.stop_at, self.stop_code = stop_at, stop_code
        self.c_function = answering(self)  # kept as long as the recorder

    def __call__(self, user_data: int | None, item: float) -> int:
        self.calls.append((user_data, item))
        return self.stop_code if len(self.calls) - 1 == self.stop_at else CONTINUE


def test_visits_in_order_with_user_data_untouched(lib: ctypes.CDLL) -> None:
    recorder = Recorder()
    assert lib.for_each(doubles([1.5, -2.0, 3.25]), 3, recorder.c_function, 0xDEADBEEF) == 3
    assert recorder.calls == [(0xDEADBEEF, 1.5), (0xDEADBEEF, -2.0), (0xDEADBEEF, 3.25)]


def test_null_user_data_is_passed_as_null(lib: ctypes.CDLL) -> None:
    recorder = Recorder()
    assert lib.for_each(doubles([7.0]), 1, recorder.c_function, None) == 1
    assert recorder.calls == [(None, 7.0)]


def test_user_data_can_carry_a_python_object(lib: ctypes.CDLL) -> None:
    @answering
    def append(user_data: int, item: float) -> int:
        ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value.append(item)
        return CONTINUE

    collected: list[float] = []
    slot = ctypes.py_object(collected)
    assert lib.for_each(doubles([1, 2]), 2, append, ctypes.cast(ctypes.pointer(slot), ctypes.c_void_p)) == 2
    assert collected == [1.0, 2.0]


@pytest.mark.parametrize("stop_code", [1, -1, 7, 2**31 - 1])
def test_any_nonzero_result_stops(lib: ctypes.CDLL, stop_code: int) -> None:
    recorder = Recorder(stop_at=1, stop_code=stop_code)
    assert lib.for_each(doubles([1, 2, 3]), 3, recorder.c_function, None) == STOPPED
    assert [item for _, item in recorder.calls] == [1.0, 2.0]


def test_a_callback_that_never_answers_stops(lib: ctypes.CDLL) -> None:
    # As a Python callback does when Ctrl+C lands before its first line: the slot keeps Rust's stop.
    calls = []
    silent = VISIT(lambda user_data, item, answer: calls.append(item))
    assert lib.for_each(doubles([1, 2, 3]), 3, silent, None) == STOPPED
    assert calls == [1.0]


def test_empty_input_makes_no_call(lib: ctypes.CDLL) -> None:
    recorder = Recorder()
    assert lib.for_each(doubles([1.0]), 0, recorder.c_function, None) == 0
    assert lib.for_each(None, 0, recorder.c_function, None) == 0
    assert recorder.calls == []


def test_null_callback(lib: ctypes.CDLL) -> None:
    assert lib.for_each(doubles([1.0]), 1, VISIT(), None) == NULL_CALLBACK
    assert lib.for_each(None, 5, VISIT(), None) == NULL_CALLBACK  # checked first
    with pytest.raises(ctypes.ArgumentError):
        lib.for_each(doubles([1.0]), 1, None, None)  # ctypes wants VISIT() for NULL, not None


@pytest.mark.parametrize(
    ("values", "length", "expected"),
    [
        (None, 3, NULL_VALUES),
        (None, MAX_LEN, NULL_VALUES),
        (None, MAX_LEN + 1, TOO_LONG),
        ("array", 2**64 - 1, TOO_LONG),
    ],
)
def test_bad_lengths_make_no_call(lib: ctypes.CDLL, values, length: int, expected: int) -> None:
    recorder = Recorder()
    pointer = doubles([1.0, 2.0]) if values == "array" else None
    assert lib.for_each(pointer, length, recorder.c_function, None) == expected
    assert recorder.calls == []


def test_wrong_types_are_refused_by_ctypes(lib: ctypes.CDLL) -> None:
    recorder = Recorder()
    with pytest.raises(ctypes.ArgumentError):
        lib.for_each((ctypes.c_float * 2)(1, 2), 2, recorder.c_function, None)  # float32, not double
    with pytest.raises(ctypes.ArgumentError):
        lib.for_each(doubles([1.0]), 1, recorder, None)  # a Python function, not a C function pointer
    with pytest.raises(ctypes.ArgumentError):  # a callback of another C type
        lib.for_each(doubles([1.0]), 1, ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_double)(lambda x: 0), None)
    assert recorder.calls == []


def test_exception_is_carried_out_through_the_context(lib: ctypes.CDLL) -> None:
    class Context:
        error: BaseException | None = None

    @answering
    def visit(user_data: int, item: float) -> int:
        context = ctypes.cast(user_data, ctypes.POINTER(ctypes.py_object)).contents.value
        try:
            if item < 0:
                raise KeyError(item)
        except BaseException as err:
            context.error = err
            return STOP
        return CONTINUE

    context = Context()
    slot = ctypes.py_object(context)
    result = lib.for_each(doubles([1, -2, 3]), 3, visit, ctypes.cast(ctypes.pointer(slot), ctypes.c_void_p))
    assert result == STOPPED
    assert isinstance(context.error, KeyError) and context.error.args == (-2.0,)


def test_call_later_calls_once_from_another_thread(lib: ctypes.CDLL) -> None:
    calls = []

    @answering
    def late(user_data: int, item: float) -> int:
        calls.append((user_data, item, threading.get_ident()))
        return CONTINUE

    assert lib.call_later(late, 42) == 0
    assert calls == []  # not before run_late_calls says so
    assert lib.run_late_calls() == 1  # returns once the call has happened; `late` is alive
    assert lib.run_late_calls() == 0
    assert len(calls) == 1
    assert calls[0][:2] == (42, 0.0) and calls[0][2] != threading.get_ident()


def test_call_later_null_callback(lib: ctypes.CDLL) -> None:
    assert lib.call_later(VISIT(), None) == -1
    with pytest.raises(ctypes.ArgumentError):
        lib.call_later(None, None)


values_strategy = st.lists(st.floats(allow_nan=False), max_size=100)


@given(values=values_strategy)
def test_visits_every_value_in_order(lib: ctypes.CDLL, values: list[float]) -> None:
    recorder = Recorder()
    assert lib.for_each(doubles(values), len(values), recorder.c_function, 12345) == len(values)
    assert recorder.calls == [(12345, x) for x in values]


@given(values=values_strategy.filter(bool), data=st.data())
def test_stops_exactly_where_asked(lib: ctypes.CDLL, values: list[float], data: st.DataObject) -> None:
    stop_at = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    recorder = Recorder(stop_at=stop_at)
    assert lib.for_each(doubles(values), len(values), recorder.c_function, None) == STOPPED
    assert [item for _, item in recorder.calls] == values[: stop_at + 1]
