"""numpy_buffers: NULL, empty and huge input get the documented answer; ndpointer rejects wrong arrays."""

import ctypes
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

DOUBLE_P = ctypes.POINTER(ctypes.c_double)
INT64_P = ctypes.POINTER(ctypes.c_int64)
F64 = np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED")
F64_W = np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED,WRITEABLE")
I64_W = np.ctypeslib.ndpointer(dtype=np.int64, ndim=1, flags="C_CONTIGUOUS,ALIGNED,WRITEABLE")
F64_2D = np.ctypeslib.ndpointer(dtype=np.float64, ndim=2, flags="C_CONTIGUOUS,ALIGNED")
HUGE = 2**63  # more f64 than any array can hold: the functions refuse it before reading
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
SMALL_FLOATS = st.floats(-1e6, 1e6, allow_nan=False)


@pytest.fixture(scope="module")
def raw() -> ctypes.CDLL:
    """Declared with plain pointers, as `.ctypes.data_as(...)` callers do: NULL can be passed."""
    lib = load_listing("numpy_buffers")
    lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
    lib.sum.restype = ctypes.c_double
    lib.scale_in_place.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
    lib.scale_in_place.restype = ctypes.c_bool
    lib.add_in_place_i64.argtypes = [INT64_P, ctypes.c_size_t, ctypes.c_int64]
    lib.add_in_place_i64.restype = ctypes.c_bool
    lib.row_sums.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_size_t, DOUBLE_P]
    lib.row_sums.restype = ctypes.c_bool
    return lib


@pytest.fixture(scope="module")
def checked() -> SimpleNamespace:
    """The same functions declared with ndpointer (lib["name"] is a separate function object)."""
    lib = load_listing("numpy_buffers")
    declarations = {
        "sum": ([F64, ctypes.c_size_t], ctypes.c_double),
        "scale_in_place": ([F64_W, ctypes.c_size_t, ctypes.c_double], ctypes.c_bool),
        "add_in_place_i64": ([I64_W, ctypes.c_size_t, ctypes.c_int64], ctypes.c_bool),
        "row_sums": ([F64_2D, ctypes.c_size_t, ctypes.c_size_t, F64_W], ctypes.c_bool),
    }
    functions = {}
    for name, (argtypes, restype) in declarations.items():
        functions[name] = lib[name]
        functions[name].argtypes, functions[name].restype = argtypes, restype
    return SimpleNamespace(**functions)


def f64p(a: np.ndarray) -> ctypes._Pointer:
    return a.ctypes.data_as(DOUBLE_P)


# ---------------------------------------------------------------- normal cases and bad input


def test_sum(raw: ctypes.CDLL, checked: SimpleNamespace) -> None:
    a = np.array([1.5, 2.0, 4.25, 10.0])
    assert raw.sum(f64p(a), a.size) == checked.sum(a, a.size) == 17.75
    assert raw.sum(f64p(a), 0) == 0.0
    assert checked.sum(np.empty(0), 0) == 0.0
    assert np.isnan(raw.sum(None, 4))
    assert np.isnan(raw.sum(None, 0))
    assert np.isnan(raw.sum(f64p(a), HUGE))


def test_scale_in_place(raw: ctypes.CDLL, checked: SimpleNamespace) -> None:
    a = np.array([1.0, -2.0, 3.5])
    assert checked.scale_in_place(a, a.size, 2.0)
    assert a.tolist() == [2.0, -4.0, 7.0]
    assert raw.scale_in_place(f64p(a), 0, 10.0)  # nothing to do
    assert not raw.scale_in_place(None, 3, 10.0)
    assert not raw.scale_in_place(f64p(a), HUGE, 10.0)
    assert a.tolist() == [2.0, -4.0, 7.0]


def test_add_in_place_i64(raw: ctypes.CDLL, checked: SimpleNamespace) -> None:
    a = np.array([20, 30, 40, I64_MAX, I64_MIN], dtype=np.int64)
    assert checked.add_in_place_i64(a, 3, 5)
    assert a.tolist() == [25, 35, 45, I64_MAX, I64_MIN]
    b = np.array([I64_MAX, I64_MIN], dtype=np.int64)  # at the limits: saturates, no overflow
    assert checked.add_in_place_i64(b, 2, I64_MAX) and b.tolist() == [I64_MAX, -1]
    assert checked.add_in_place_i64(b, 2, I64_MIN) and b.tolist() == [-1, I64_MIN]
    assert raw.add_in_place_i64(a.ctypes.data_as(INT64_P), 0, 1)
    assert not raw.add_in_place_i64(None, 3, 1)
    assert not raw.add_in_place_i64(a.ctypes.data_as(INT64_P), HUGE, 1)
    assert a.tolist() == [25, 35, 45, I64_MAX, I64_MIN]


def test_row_sums(raw: ctypes.CDLL, checked: SimpleNamespace) -> None:
    m = np.arange(6.0).reshape(2, 3)
    out = np.full(2, -1.0)
    assert checked.row_sums(m, 2, 3, out)
    assert out.tolist() == [3.0, 12.0]
    out[:] = -1.0
    assert checked.row_sums(m, 2, 0, out) and out.tolist() == [0.0, 0.0]  # empty rows sum to 0
    assert checked.row_sums(m, 0, 3, out)  # no rows: nothing written
    out[:] = -1.0
    assert not raw.row_sums(None, 2, 3, f64p(out))
    assert not raw.row_sums(f64p(m), 2, 3, None)
    assert not raw.row_sums(f64p(m), 2**40, 2**40, f64p(out))  # rows * cols overflows
    assert not raw.row_sums(f64p(m), HUGE, 0, f64p(out))  # more rows than any array holds
    assert not raw.row_sums(f64p(m), 1, HUGE, f64p(out))
    assert out.tolist() == [-1.0, -1.0]


def test_ndpointer_rejects_wrong_arrays(checked: SimpleNamespace) -> None:
    good = np.arange(6.0)
    wrong_for_f64 = [good.astype(np.int64), good.astype(np.float32), good[::2], good.reshape(2, 3), [1.0], None]
    for bad in wrong_for_f64:
        with pytest.raises(ctypes.ArgumentError):
            checked.sum(bad, 1)
        with pytest.raises(ctypes.ArgumentError):
            checked.scale_in_place(bad, 1, 2.0)
    ints = np.arange(6)
    for bad in [ints.astype(np.int32), ints.astype(np.float64), ints[::2], ints.reshape(2, 3), None]:
        with pytest.raises(ctypes.ArgumentError):
            checked.add_in_place_i64(bad, 1, 1)
    m, out = good.reshape(2, 3), np.zeros(3)
    for bad in [m.T, m.astype(np.float32), good, np.asfortranarray(m)]:
        with pytest.raises(ctypes.ArgumentError):
            checked.row_sums(bad, 1, 1, out)
    with pytest.raises(ctypes.ArgumentError):
        checked.row_sums(m, 2, 3, out[::2])  # the output must be contiguous too
    assert out.tolist() == [0.0, 0.0, 0.0]


def test_writeable_is_required_for_writes(checked: SimpleNamespace) -> None:
    frozen = np.arange(3.0)
    frozen.flags.writeable = False
    assert checked.sum(frozen, 3) == 3.0  # reading is fine
    with pytest.raises(ctypes.ArgumentError):
        checked.scale_in_place(frozen, 3, 2.0)
    frozen_ints = np.arange(3)
    frozen_ints.flags.writeable = False
    with pytest.raises(ctypes.ArgumentError):
        checked.add_in_place_i64(frozen_ints, 3, 1)
    out = np.zeros(3)
    out.flags.writeable = False
    with pytest.raises(ctypes.ArgumentError):
        checked.row_sums(np.ones((3, 2)), 3, 2, out)
    assert frozen.tolist() == [0.0, 1.0, 2.0] and frozen_ints.tolist() == [0, 1, 2] and out.tolist() == [0.0] * 3


def test_pandas_column_is_read_only_but_data_as_writes_anyway(raw: ctypes.CDLL, checked: SimpleNamespace) -> None:
    pd = pytest.importorskip("pandas")
    people = pd.DataFrame({"age": [20, 30, 40]})
    ages = people["age"].to_numpy()
    assert not ages.flags.writeable
    with pytest.raises(ctypes.ArgumentError):
        checked.add_in_place_i64(ages, ages.size, 5)
    assert raw.add_in_place_i64(ages.ctypes.data_as(INT64_P), ages.size, 5)  # bypasses the flag
    assert people["age"].tolist() == [25, 35, 45]


# ---------------------------------------------------------------- properties over random arrays


def float_arrays(max_side: int = 200):
    return hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=1, max_dims=1, min_side=0, max_side=max_side), elements=SMALL_FLOATS
    )


@given(float_arrays())
def test_sum_adds_in_order(checked: SimpleNamespace, a: np.ndarray) -> None:
    assert checked.sum(a, a.size) == sum(a.tolist())  # the same additions, in the same order


@given(float_arrays(), SMALL_FLOATS)
def test_scale_multiplies_each(checked: SimpleNamespace, a: np.ndarray, factor: float) -> None:
    expected = [v * factor for v in a.tolist()]
    assert checked.scale_in_place(a, a.size, factor)
    assert a.tolist() == expected


@given(hnp.arrays(np.int64, st.integers(0, 200)), st.integers(I64_MIN, I64_MAX))
def test_add_saturates(checked: SimpleNamespace, a: np.ndarray, amount: int) -> None:
    expected = [min(max(v + amount, I64_MIN), I64_MAX) for v in a.tolist()]
    assert checked.add_in_place_i64(a, a.size, amount)
    assert a.tolist() == expected


@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=20), elements=SMALL_FLOATS))
def test_row_sums_match_rows(checked: SimpleNamespace, m: np.ndarray) -> None:
    rows, cols = m.shape
    out = np.full(rows, np.nan)
    assert checked.row_sums(m, rows, cols, out)
    assert out.tolist() == [float(sum(row)) for row in m.tolist()]


@given(float_arrays(), st.integers(2, 5))
def test_strided_views(raw: ctypes.CDLL, checked: SimpleNamespace, base: np.ndarray, step: int) -> None:
    view = base[::step]
    if view.size < 2:  # a view of 0 or 1 elements is contiguous, and correct
        assert checked.sum(view, view.size) == sum(view.tolist())
        return
    with pytest.raises(ctypes.ArgumentError):
        checked.sum(view, view.size)
    # Unchecked, Rust reads the first len(view) consecutive elements: the danger the chapter shows.
    assert raw.sum(f64p(view), len(view)) == sum(base[: len(view)].tolist())


@given(hnp.arrays(hnp.scalar_dtypes(), st.integers(0, 50)))
def test_only_float64_is_accepted(checked: SimpleNamespace, a: np.ndarray) -> None:
    if a.dtype == np.float64:
        checked.sum(a, a.size)
        return
    with pytest.raises(ctypes.ArgumentError):
        checked.sum(a, a.size)


def test_misaligned_arrays_are_refused_both_sides(raw: ctypes.CDLL, checked: SimpleNamespace) -> None:
    """A view one byte into a buffer: ndpointer refuses it, and Rust refuses it through data_as."""
    skewed = np.zeros(17, dtype=np.uint8)[1:].view(np.float64)
    assert not skewed.flags.aligned and skewed.flags.c_contiguous
    with pytest.raises(ctypes.ArgumentError, match="ALIGNED"):
        checked.sum(skewed, skewed.size)
    assert np.isnan(raw.sum(f64p(skewed), skewed.size))
    assert not raw.scale_in_place(f64p(skewed), skewed.size, 2.0)
    assert not raw.row_sums(f64p(skewed), 1, 2, f64p(np.zeros(1)))
    assert not raw.row_sums(f64p(np.zeros(2)), 1, 2, f64p(skewed))
    assert skewed.tobytes() == bytes(16)


def test_an_empty_sum_is_plus_zero(raw: ctypes.CDLL) -> None:
    assert str(raw.sum(f64p(np.zeros(0)), 0)) == "0.0"
