//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

#[test]
fn ramp_then_sum() {
    let mut values = [0.0; 4];
    // SAFETY: `values` holds 4 writable f64s.
    unsafe {
        assert!(ramp(values.as_mut_ptr(), values.len(), 1.0, 0.5));
        assert_eq!(values, [1.0, 1.5, 2.0, 2.5]);
        assert_eq!(sum(values.as_ptr(), values.len()), 7.0);
    }
}

#[test]
fn null_and_empty() {
    // SAFETY: NULL is documented to give false / 0; an empty slice may use a dangling pointer.
    unsafe {
        assert!(!ramp(std::ptr::null_mut(), 3, 0.0, 1.0));
        assert_eq!(sum(std::ptr::null(), 3), 0.0);
        assert_eq!(sum(std::ptr::NonNull::dangling().as_ptr(), 0), 0.0);
    }
}
