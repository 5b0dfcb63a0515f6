//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::ptr::{null, null_mut};

#[test]
fn sum_and_bad_input() {
    let values = [1.0, 2.5, 4.0];
    // A misaligned pointer into `values`: built, never read.
    let misaligned = values.as_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
    // SAFETY: `values` holds 3 f64s; NULL, misaligned and huge lengths are documented to give
    // NaN without reading; a zero length reads nothing, whatever the pointer.
    unsafe {
        assert_eq!(sum_f64(values.as_ptr(), values.len()), 7.5);
        assert_eq!(sum_f64(null(), 0), 0.0);
        assert!(sum_f64(null(), 3).is_nan());
        assert!(sum_f64(misaligned, 1).is_nan());
        assert!(sum_f64(values.as_ptr(), usize::MAX).is_nan());
    }
}

#[test]
fn cumulative_sums() {
    let values = [1.0, 2.0, 3.0];
    let mut out = [9.0; 4];
    // SAFETY: `values` holds 3 f64s, `out` 4 writable ones; the same pointers are used in the
    // checked calls: the correct lengths for the unchecked one.
    unsafe {
        assert_eq!(cumulative_sum(values.as_ptr(), 3, out.as_mut_ptr(), 4), 3);
        assert_eq!(out, [1.0, 3.0, 6.0, 9.0]);
        assert_eq!(
            cumulative_sum(values.as_ptr(), 3, out.as_mut_ptr(), 2),
            SLICES_ERROR
        );
        assert_eq!(cumulative_sum(null(), 3, out.as_mut_ptr(), 4), SLICES_ERROR);
        assert_eq!(
            cumulative_sum(values.as_ptr(), 3, null_mut(), 4),
            SLICES_ERROR
        );
        assert_eq!(cumulative_sum(null(), 0, null_mut(), 0), 0);
        let shared = out.as_mut_ptr();
        assert_eq!(cumulative_sum(shared, 2, shared.add(1), 3), SLICES_ERROR);
        assert_eq!(out, [1.0, 3.0, 6.0, 9.0]);
        cumulative_sum_unchecked(values.as_ptr(), out.as_mut_ptr(), 3);
    }
    assert_eq!(out, [1.0, 3.0, 6.0, 9.0]);
}

#[test]
fn scale_values_in_place() {
    let mut values = [1.0, -2.0];
    // SAFETY: `values` holds 2 writable f64s; NULL is documented to give false (true if empty).
    unsafe {
        assert!(scale_in_place(values.as_mut_ptr(), values.len(), 3.0));
        assert!(scale_in_place(null_mut(), 0, 3.0));
        assert!(!scale_in_place(null_mut(), 2, 3.0));
    }
    assert_eq!(values, [3.0, -6.0]);
}
