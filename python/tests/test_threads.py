"""threads: spin and its counter, logistic on any number of threads (equal to NumPy), fill_later.

No timing is asserted here: the timings belong to the listings' output.
"""

import ctypes
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

DOUBLE_P = ctypes.POINTER(ctypes.c_double)
MAX_THREADS = 64
MAX_LEN = (2**63 - 1) // 8  # isize::MAX / size_of::<f64>() on a 64-bit platform


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("threads")
    lib.spin.argtypes = [ctypes.c_uint64]
    lib.spin.restype = ctypes.c_uint64
    lib.most_at_once.argtypes = []
    lib.most_at_once.restype = ctypes.c_size_t
    lib.logistic.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double, ctypes.c_uint32, ctypes.c_size_t]
    lib.logistic.restype = ctypes.c_int32
    lib.fill_later.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
    lib.fill_later.restype = ctypes.c_bool
    lib.tally_up.argtypes = [ctypes.c_uint64]
    lib.tally_up.restype = ctypes.c_uint64
    lib.tally_take.argtypes = []
    lib.tally_take.restype = ctypes.c_uint64
    lib.finish_fills.argtypes = []
    lib.finish_fills.restype = ctypes.c_size_t
    return lib


@pytest.fixture(scope="module")
def gil_spin(lib: ctypes.CDLL):
    """spin from the same file loaded as a PyDLL: the GIL stays held during the call."""
    function = ctypes.PyDLL(lib._name).spin
    function.argtypes = [ctypes.c_uint64]
    function.restype = ctypes.c_uint64
    return function


# ---------------------------------------------------------------- spin and most_at_once


def spin_model(iterations: int) -> int:
    checksum, mask = 0, 2**64 - 1
    for i in range(iterations):
        checksum = (((checksum << 5) | (checksum >> 59)) & mask) ^ i
    return checksum


def test_spin(lib: ctypes.CDLL) -> None:
    assert lib.spin(0) == 0
    assert lib.spin(1) == 0
    assert lib.spin(1000) == spin_model(1000)


@given(st.integers(min_value=0, max_value=3000))
def test_spin_matches_model(lib: ctypes.CDLL, iterations: int) -> None:
    assert lib.spin(iterations) == spin_model(iterations)


def test_most_at_once_resets(lib: ctypes.CDLL) -> None:
    lib.most_at_once()
    assert lib.most_at_once() == 0
    lib.spin(10)
    assert lib.most_at_once() == 1
    assert lib.most_at_once() == 0


def long_spin_iterations(lib: ctypes.CDLL) -> int:
    """Enough iterations for one call to last a good while (0.2 s) on this machine."""
    n = 1 << 20
    while True:
        start = time.perf_counter()
        lib.spin(n)
        elapsed = time.perf_counter() - start
        if elapsed > 0.02:
            return int(n * 0.2 / elapsed)
        n *= 2


def most_at_once_with_two_threads(lib: ctypes.CDLL, spin, n: int) -> int:
    lib.most_at_once()
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert len(set(pool.map(spin, [n, n]))) == 1
    return lib.most_at_once()


def test_cdll_calls_overlap_pydll_calls_do_not(lib: ctypes.CDLL, gil_spin) -> None:
    n = long_spin_iterations(lib)
    # The second thread only has to start its call within 0.2 s: try again if it was late.
    assert max(most_at_once_with_two_threads(lib, lib.spin, n) for _ in range(3)) == 2
    assert most_at_once_with_two_threads(lib, gil_spin, n) == 1  # the GIL keeps them apart


# ---------------------------------------------------------------- logistic


def logistic(lib: ctypes.CDLL, values: np.ndarray, r: float, steps: int, n_threads: int) -> int:
    """The listing's wrapper: refuses arrays that are not writable, C-contiguous float64."""
    if values.dtype != np.float64 or not values.flags.c_contiguous or not values.flags.writeable:
        raise TypeError("values must be a writable, C-contiguous float64 array")
    return lib.logistic(values.ctypes.data_as(DOUBLE_P), values.size, r, steps, n_threads)


def numpy_logistic(values: np.ndarray, r: float, steps: int) -> np.ndarray:
    with np.errstate(all="ignore"):
        for _ in range(steps):
            values = r * values * (1 - values)
    return values


def expected_parts(length: int, n_threads: int, cores: int) -> int:
    threads = min(n_threads or cores, MAX_THREADS, length)
    if threads == 0:
        return 0
    part = -(-length // threads)
    return -(-length // part)


@pytest.fixture(scope="module")
def cores(lib: ctypes.CDLL) -> int:
    """What n_threads=0 means here, as Rust sees it: the parts of a long array."""
    return logistic(lib, np.zeros(10_000), 3.0, 0, 0)


@pytest.mark.parametrize("n_threads", [0, 1, 2, 3, 7, 10, 11, 1000, 2**64 - 1])
def test_logistic_matches_numpy(lib: ctypes.CDLL, cores: int, n_threads: int) -> None:
    start = np.random.default_rng(seed=n_threads % 1000).random(10)
    values = start.copy()
    assert logistic(lib, values, 3.7, 50, n_threads) == expected_parts(10, n_threads, cores)
    assert np.array_equal(values, numpy_logistic(start, 3.7, 50))


def test_logistic_parts(lib: ctypes.CDLL, cores: int) -> None:
    assert 1 <= cores <= MAX_THREADS
    assert logistic(lib, np.zeros(9), 3.0, 1, 4) == 3  # parts of 3: the 4th thread has nothing to do
    assert logistic(lib, np.zeros(1024), 3.0, 1, 10**6) == MAX_THREADS  # parts of 16
    assert logistic(lib, np.zeros(1000), 3.0, 1, 10**6) == 63  # parts of 16: the last has 8


def test_logistic_bad_input(lib: ctypes.CDLL) -> None:
    assert lib.logistic(None, 10, 3.0, 5, 2) == -1
    assert lib.logistic(None, 0, 3.0, 5, 0) == -1
    one = np.array([0.5])
    assert lib.logistic(one.ctypes.data_as(DOUBLE_P), MAX_LEN + 1, 3.0, 5, 2) == -1
    assert lib.logistic(one.ctypes.data_as(DOUBLE_P), 2**64 - 1, 3.0, 5, 0) == -1
    for n_threads in [0, 1, 5]:
        assert lib.logistic(one.ctypes.data_as(DOUBLE_P), 0, 3.0, 5, n_threads) == 0  # zero length
    assert one.tolist() == [0.5]  # untouched by all of the above
    assert logistic(lib, np.zeros(0), 3.0, 5, 2) == 0
    assert logistic(lib, one, 3.0, 0, 2) == 1 and one.tolist() == [0.5]  # zero steps


@pytest.mark.parametrize(
    "values",
    [np.zeros(4, dtype=np.float32), np.zeros(8)[::2], np.zeros((4, 4)).T, np.arange(4.0).astype(np.int64)],
)
def test_logistic_wrong_arrays(lib: ctypes.CDLL, values: np.ndarray) -> None:
    with pytest.raises(TypeError):
        logistic(lib, values, 3.0, 5, 2)
    with pytest.raises(ctypes.ArgumentError):
        lib.logistic(values, values.size, 3.0, 5, 2)  # argtypes refuse an array as a pointer


def test_logistic_read_only(lib: ctypes.CDLL) -> None:
    values = np.zeros(4)
    values.flags.writeable = False
    with pytest.raises(TypeError):
        logistic(lib, values, 3.0, 5, 2)


@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=300),
    st.floats(min_value=-4.0, max_value=4.0),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=100),
)
def test_logistic_property(lib: ctypes.CDLL, cores: int, items: list, r: float, steps: int, n_threads: int) -> None:
    start = np.array(items, dtype=np.float64)
    values = start.copy()
    assert logistic(lib, values, r, steps, n_threads) == expected_parts(len(items), n_threads, cores)
    np.testing.assert_array_equal(values, numpy_logistic(start, r, steps))  # NaN counts as equal to NaN


# ---------------------------------------------------------------- fill_later


def test_fill_later(lib: ctypes.CDLL) -> None:
    values = np.zeros(100)
    assert lib.fill_later(values.ctypes.data_as(DOUBLE_P), 100, 2.5)
    assert lib.finish_fills() == 1
    assert values.tolist() == [2.5] * 100
    assert lib.finish_fills() == 0  # nothing left waiting


def test_fill_later_bad_input(lib: ctypes.CDLL) -> None:
    assert not lib.fill_later(None, 10, 1.0)
    assert not lib.fill_later(None, 0, 1.0)
    one = np.array([0.5])
    assert not lib.fill_later(one.ctypes.data_as(DOUBLE_P), MAX_LEN + 1, 1.0)
    assert not lib.fill_later(ctypes.cast(one.ctypes.data + 1, DOUBLE_P), 1, 1.0)  # misaligned
    assert lib.finish_fills() == 0  # none of them started a thread
    assert lib.fill_later(one.ctypes.data_as(DOUBLE_P), 0, 1.0)  # zero length: writes nothing
    assert lib.finish_fills() == 1
    assert one.tolist() == [0.5]


@given(st.integers(min_value=0, max_value=200), st.floats(allow_nan=False))
def test_fill_later_property(lib: ctypes.CDLL, length: int, value: float) -> None:
    values = np.full(length + 1, -1.0)  # one more value than Rust is told about
    assert lib.fill_later(values.ctypes.data_as(DOUBLE_P), length, value)
    assert lib.finish_fills() == 1
    assert (values[:length] == value).all()
    assert values[length] == -1.0


def test_tally_from_python_threads_loses_nothing(lib: ctypes.CDLL) -> None:
    lib.tally_take()
    threads = [threading.Thread(target=lib.tally_up, args=(10_000,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert lib.tally_take() == 40_000
    assert lib.tally_take() == 0
