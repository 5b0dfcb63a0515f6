//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build, valgrind and Miri by `python/ub_check.py`.

use super::*;
use std::ptr::{null, null_mut};

#[test]
fn one_d_and_integers() {
    let mut values = [1.0, 2.5, -4.0];
    let mut ints = [i64::MAX - 1, 0, i64::MIN];
    // SAFETY: the arrays hold 3 values each; NULL and huge lengths are documented to refuse.
    unsafe {
        assert_eq!(sum(values.as_ptr(), 3), -0.5);
        assert!(scale_in_place(values.as_mut_ptr(), 3, 2.0));
        assert!(add_in_place_i64(ints.as_mut_ptr(), 3, 5));
        assert!(sum(null(), 3).is_nan());
        assert!(sum(values.as_ptr(), usize::MAX).is_nan());
        assert!(!scale_in_place(null_mut(), 3, 2.0));
        assert!(!add_in_place_i64(ints.as_mut_ptr(), usize::MAX, 1));
    }
    assert_eq!(values, [2.0, 5.0, -8.0]);
    assert_eq!(ints, [i64::MAX, 5, i64::MIN + 5]);
}

#[test]
fn row_sums_in_c_order() {
    let matrix = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]; // 2 x 3
    let mut out = [9.0; 2];
    // SAFETY: 6 values and room for 2; NULL, overflowing shapes and 0 columns as documented.
    unsafe {
        assert!(row_sums(matrix.as_ptr(), 2, 3, out.as_mut_ptr()));
        assert_eq!(out, [3.0, 12.0]);
        assert!(row_sums(matrix.as_ptr(), 2, 0, out.as_mut_ptr()));
        assert_eq!(out, [0.0, 0.0]);
        assert!(!row_sums(null(), 2, 3, out.as_mut_ptr()));
        assert!(!row_sums(matrix.as_ptr(), usize::MAX, 2, out.as_mut_ptr()));
        assert!(!row_sums(matrix.as_ptr(), 2, 3, null_mut()));
    }
}
