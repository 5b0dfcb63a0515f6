//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::ptr::{null, null_mut};

#[test]
fn pi() {
    assert_eq!(pi_leibniz(0), 0.0);
    assert_eq!(pi_leibniz(1), 4.0);
    assert!(
        (pi_leibniz(9)
            - 4.0
                * (1.0 - 1.0 / 3.0 + 1.0 / 5.0 - 1.0 / 7.0 + 1.0 / 9.0 - 1.0 / 11.0 + 1.0 / 13.0
                    - 1.0 / 15.0
                    + 1.0 / 17.0))
            .abs()
            < 1e-12
    );
    // Miri interprets every instruction: a million terms would take minutes there.
    let terms = if cfg!(miri) { 10_000 } else { 1_000_000 };
    assert!((pi_leibniz(terms) - std::f64::consts::PI).abs() < 1.01 / terms as f64);
}

#[test]
fn shuffle_and_bad_input() {
    let mut values: Vec<f64> = (0..50).map(f64::from).collect();
    let mut again = values.clone();
    let misaligned = values
        .as_mut_ptr()
        .cast::<u8>()
        .wrapping_add(1)
        .cast::<f64>();
    // SAFETY: `values` and `again` hold 50 f64s; NULL, misaligned and huge lengths are
    // documented to give false without touching memory; a zero length touches nothing.
    unsafe {
        assert!(shuffle_f64(values.as_mut_ptr(), 50, 3));
        assert!(shuffle_f64(again.as_mut_ptr(), 50, 3));
        assert!(shuffle_f64(values.as_mut_ptr(), 0, 3));
        assert!(!shuffle_f64(null_mut(), 0, 3));
        assert!(!shuffle_f64(null_mut(), 50, 3));
        assert!(!shuffle_f64(misaligned, 1, 3));
        assert!(!shuffle_f64(values.as_mut_ptr(), usize::MAX, 3));
    }
    assert_eq!(values, again);
    assert_ne!(values, (0..50).map(f64::from).collect::<Vec<_>>());
    values.sort_by(f64::total_cmp);
    assert_eq!(values, (0..50).map(f64::from).collect::<Vec<_>>());
}

#[test]
fn squares_and_bad_input() {
    let values = [-3.0, 0.5, 2.0];
    let mut out = [9.0; 3];
    let misaligned = out.as_mut_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
    // SAFETY: `values` holds 3 f64s and `out` 3 writable ones; NULL, misaligned, overlapping
    // and huge lengths are documented to give false without touching memory.
    unsafe {
        assert!(!squares(null(), out.as_mut_ptr(), 3));
        assert!(!squares(values.as_ptr(), null_mut(), 3));
        assert!(!squares(values.as_ptr(), misaligned, 1));
        assert!(!squares(values.as_ptr(), out.as_mut_ptr(), usize::MAX));
        assert!(!squares(out.as_ptr(), out.as_mut_ptr().wrapping_add(1), 2));
        assert!(squares(values.as_ptr(), out.as_mut_ptr(), 0));
        assert_eq!(out, [9.0; 3]);
        assert!(squares(values.as_ptr(), out.as_mut_ptr(), 3));
    }
    assert_eq!(out, [9.0, 0.25, 4.0]);
}
