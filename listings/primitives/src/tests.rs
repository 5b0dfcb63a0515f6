//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

#[test]
fn add_wraps_instead_of_panicking() {
    assert_eq!(add(2, 40), 42);
    assert_eq!(add(-5, 3), -2);
    assert_eq!(add(i64::MAX, 1), i64::MIN);
    assert_eq!(add(i64::MIN, -1), i64::MAX);
}

#[test]
fn scale_and_parity() {
    assert_eq!(scale(1.5, 4.0), 6.0);
    assert!(scale(f64::NAN, 2.0).is_nan());
    assert!(is_even(0) && is_even(u32::MAX - 1));
    assert!(!is_even(7) && !is_even(u32::MAX));
}
