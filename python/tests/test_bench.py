"""bench: the kernels give right answers and refuse bad input; the harness's quick mode writes
well-formed plots and a table with every case. No timing is asserted: timings vary."""

import ctypes
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, load_listing
from hypothesis import given
from hypothesis import strategies as st

from snake_crab import bench

DOUBLE_P = ctypes.POINTER(ctypes.c_double)
BENCH = [str(ROOT / "python" / "book.py"), "bench"]  # in a verification: set up already
CASES = ["call", "pi", "shuffle", "convert", "squares"]
TOO_LONG = 2**62  # more f64s than any slice can hold: refused before any memory is touched
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e150, max_value=1e150)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    return bench.declare(load_listing("bench"))  # the declarations the benchmarks use


def leibniz(terms: int) -> float:
    return 4.0 * math.fsum((-1.0) ** k / (2 * k + 1) for k in range(terms))


# ---------------------------------------------------------------- pi_leibniz


def test_pi(lib: ctypes.CDLL) -> None:
    assert lib.pi_leibniz(0) == 0.0
    assert lib.pi_leibniz(1) == 4.0
    assert lib.pi_leibniz(2) == pytest.approx(4.0 * (1 - 1 / 3))
    # The series converges slowly: after n terms the error is close to 1/n, in turn above and below.
    assert math.pi - lib.pi_leibniz(1_000_000) == pytest.approx(1e-6, rel=1e-5)
    assert math.pi - lib.pi_leibniz(1_000_001) == pytest.approx(-1 / 1_000_001, rel=1e-5)


@given(st.integers(min_value=0, max_value=3000))
def test_pi_matches_python(lib: ctypes.CDLL, terms: int) -> None:
    assert lib.pi_leibniz(terms) == pytest.approx(leibniz(terms), rel=1e-12, abs=1e-12)


# ---------------------------------------------------------------- shuffle_f64


def test_shuffle(lib: ctypes.CDLL) -> None:
    values = [float(i) for i in range(100)]
    first, second, other = ((ctypes.c_double * 100)(*values) for _ in range(3))
    assert lib.shuffle_f64(first, 100, 7) and lib.shuffle_f64(second, 100, 7) and lib.shuffle_f64(other, 100, 8)
    assert sorted(first) == values
    assert list(first) != values  # 100! orders: staying sorted would be a bug
    assert list(first) == list(second)  # the same seed, the same order
    assert list(first) != list(other)


def test_shuffle_bad_input(lib: ctypes.CDLL) -> None:
    assert not lib.shuffle_f64(None, 10, 1)
    assert not lib.shuffle_f64(None, 0, 1)
    one = (ctypes.c_double * 1)(42.0)
    assert not lib.shuffle_f64(one, TOO_LONG, 1)
    two = (ctypes.c_double * 2)(1.0, 2.0)
    assert not lib.shuffle_f64(ctypes.cast(ctypes.addressof(two) + 1, DOUBLE_P), 1, 1)  # misaligned
    assert lib.shuffle_f64(one, 0, 1)  # nothing to shuffle
    assert lib.shuffle_f64(one, 1, 1)
    assert one[0] == 42.0


@given(st.lists(finite, max_size=300), st.integers(min_value=0, max_value=2**64 - 1))
def test_shuffle_is_a_permutation(lib: ctypes.CDLL, values: list[float], seed: int) -> None:
    buffer = (ctypes.c_double * len(values))(*values)
    assert lib.shuffle_f64(buffer, len(values), seed)
    assert sorted(buffer) == sorted(values)


# ---------------------------------------------------------------- squares


def test_squares(lib: ctypes.CDLL) -> None:
    values = (ctypes.c_double * 4)(-3.0, -0.5, 0.0, 2.0)
    out = (ctypes.c_double * 4)()
    assert lib.squares(values, out, 4)
    assert list(out) == [9.0, 0.25, 0.0, 4.0]


def test_squares_bad_input(lib: ctypes.CDLL) -> None:
    values = (ctypes.c_double * 4)(1.0, 2.0, 3.0, 4.0)
    out = (ctypes.c_double * 4)(-1.0, -1.0, -1.0, -1.0)
    assert not lib.squares(None, out, 4)
    assert not lib.squares(values, None, 4)
    assert not lib.squares(None, None, 0)
    assert not lib.squares(values, out, TOO_LONG)
    assert not lib.squares(ctypes.cast(ctypes.addressof(values) + 1, DOUBLE_P), out, 1)  # misaligned
    assert not lib.squares(values, ctypes.cast(ctypes.addressof(out) + 4, DOUBLE_P), 1)
    assert not lib.squares(values, values, 4)  # in place: the buffers overlap
    shifted = ctypes.cast(ctypes.addressof(values) + 8, DOUBLE_P)
    assert not lib.squares(values, shifted, 3)  # overlapping by two values
    assert lib.squares(values, out, 0)  # nothing to do
    assert list(out) == [-1.0] * 4
    assert list(values) == [1.0, 2.0, 3.0, 4.0]


@given(st.lists(finite, max_size=300))
def test_squares_match_python(lib: ctypes.CDLL, values: list[float]) -> None:
    n = len(values)
    out = (ctypes.c_double * n)()
    assert lib.squares((ctypes.c_double * n)(*values), out, n)
    assert list(out) == [x * x for x in values]


# ---------------------------------------------------------------- the harness


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, *BENCH, "--quick", "--no-build", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, SNAKE_CRAB_INSTALLED="1"),
    )
    return done, out


def test_quick_run_succeeds(quick_run: tuple[subprocess.CompletedProcess, Path]) -> None:
    done, out = quick_run
    assert done.returncode == 0, done.stderr
    for case in CASES:
        assert f"bench: {case} n=" in done.stderr  # a progress line per case
    assert "speed-up" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{c}.svg" for c in CASES), "table.md"])


def test_quick_run_plots_are_svg(quick_run: tuple[subprocess.CompletedProcess, Path]) -> None:
    _done, out = quick_run
    for case in CASES:
        text = (out / f"{case}.svg").read_text()
        root = ET.fromstring(text)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
        assert "faster" in texts  # the axis label says which way is better
        assert "<dc:date>" not in text  # no date: a re-run changes only what was measured


def test_quick_run_table(quick_run: tuple[subprocess.CompletedProcess, Path]) -> None:
    _done, out = quick_run
    table = (out / "table.md").read_text()
    assert re.search(r"Measured on: .+, \d+ cores, .*Python 3\.\d+.*NumPy .*rustc \d+\.\d+", table)
    for case in ["machine", *CASES]:
        assert table.count(f"<!-- ANCHOR: {case} -->") == 1
        assert table.count(f"<!-- ANCHOR_END: {case} -->") == 1
    for case in CASES:
        region = table.split(f"<!-- ANCHOR: {case} -->")[1].split("<!-- ANCHOR_END")[0]
        rows = [line for line in region.splitlines() if line.startswith("|")]
        assert len(rows) >= 4, case
        columns = {row.count("|") for row in rows}
        assert len(columns) == 1, f"{case}: rows with different numbers of cells"
        assert re.fullmatch(r"\|:--\|(--:\|)+", rows[1]), case
    assert "nan" not in table and "inf " not in table


def test_quick_refuses_the_books_folder() -> None:
    done = subprocess.run(
        [sys.executable, *BENCH, "--quick", "--no-build"],
        capture_output=True,
        text=True,
        env=dict(os.environ, SNAKE_CRAB_INSTALLED="1"),
    )
    assert done.returncode == 2
    assert "--out" in done.stderr
