"""boundary_check: an export that builds a slice from a misaligned, NULL or huge argument fails it."""

import subprocess

import pytest
from conftest import scratch_crate

from snake_crab import c_header
from snake_crab.checks import boundary as boundary_check

LIB_RS = """
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn checked_sum(values: *const f64, len: usize) -> f64 {
    if values.is_null() || !values.is_aligned() || len > isize::MAX as usize / 8 {
        return f64::NAN;
    }
    // SAFETY: checked; the caller promises `len` values.
    unsafe { std::slice::from_raw_parts(values, len) }.iter().fold(0.0, |t, x| t + x)
}

/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unaligned_sum(values: *const f64, len: usize) -> f64 {
    if values.is_null() || len > isize::MAX as usize / 8 {
        return f64::NAN;
    }
    // SAFETY: NOT checked for alignment: the defect this check exists to catch.
    unsafe { std::slice::from_raw_parts(values, len) }.iter().fold(0.0, |t, x| t + x)
}

/// # Safety
/// `values` must be NULL or point to `len` valid bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn unbounded_len(values: *const u8, len: usize) -> usize {
    if values.is_null() {
        return 0;
    }
    // SAFETY: NOT checked for size: a length above isize::MAX reaches from_raw_parts.
    unsafe { std::slice::from_raw_parts(values, len) }.len()
}

/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn one_too_many(values: *const f64, len: usize) -> f64 {
    if values.is_null() || !values.is_aligned() || len > isize::MAX as usize / 8 - 1 {
        return f64::NAN;
    }
    // SAFETY: NOT right: reads one value past the `len` it was given.
    unsafe { std::slice::from_raw_parts(values, len + 1) }.iter().fold(0.0, |t, x| t + x)
}

/// DANGER, for a demonstration: reads whatever `values` points to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn danger(values: *const f64) -> f64 {
    // SAFETY: none.
    unsafe { *values }
}
"""

HEADER = """#include <stdint.h>

/**
 * # Safety
 * `values` must be NULL or point to `len` valid `f64`s.
 */
double checked_sum(const double *values, uintptr_t len);

/**
 * # Safety
 * `values` must be NULL or point to `len` valid `f64`s.
 */
double unaligned_sum(const double *values, uintptr_t len);

/**
 * # Safety
 * `values` must be NULL or point to `len` valid bytes.
 */
uintptr_t unbounded_len(const uint8_t *values, uintptr_t len);

/**
 * # Safety
 * `values` must be NULL or point to `len` valid `f64`s.
 */
double one_too_many(const double *values, uintptr_t len);

/**
 * DANGER, for a demonstration: reads whatever `values` points to.
 */
double danger(const double *values);
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str], int]:
    root = tmp_path_factory.mktemp("boundary")
    crate = scratch_crate(root / "listings" / "demo", LIB_RS, '\n[lib]\ncrate-type = ["cdylib"]\n\n[workspace]\n')
    (crate / "demo.h").write_text(HEADER)
    subprocess.run(["cargo", "build", "--quiet", "--target-dir", str(root / "target")], cwd=crate, check=True)
    return boundary_check.check(root / "listings", root / "target" / "debug")


def test_a_missing_alignment_check_fails_naming_export_and_case(result) -> None:
    problems, _notes, _passed = result
    unaligned = [p for p in problems if ": unaligned_sum:" in p]
    assert len(unaligned) == 1, problems
    assert "`values` misaligned" in unaligned[0]
    assert "requires the pointer to be aligned" in unaligned[0]


def test_a_missing_size_check_fails(result) -> None:
    problems, _notes, _passed = result
    assert [p for p in problems if ": unbounded_len: `len` huge:" in p], problems


def test_a_checked_export_passes_and_a_danger_demo_is_listed(result) -> None:
    problems, notes, passed = result
    assert not [p for p in problems if "checked_sum" in p], problems
    assert len(problems) == 3, problems
    assert notes == ["listings/demo: danger: a danger demonstration, not called"]
    assert passed >= 5  # checked_sum's cases: valid, misaligned, NULL, huge, empty


def test_the_header_is_read_by_a_c_parser() -> None:
    found = boundary_check.functions(HEADER, c_header.preprocessed(HEADER))
    assert found["unbounded_len"]["params"] == ["values", "len"]
    assert found["danger"]["danger"] and not found["checked_sum"]["danger"]


def test_a_read_past_the_memory_given_fails(result) -> None:
    problems, _notes, _passed = result
    over = [p for p in problems if ": one_too_many:" in p]
    assert len(over) == 1, problems
    assert "valid input: died with status -11" in over[0]
