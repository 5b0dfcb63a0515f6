//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build, valgrind and Miri by `python/ub_check.py`.

use super::*;
use std::ptr::null_mut;

fn model(x: f64, r: f64, steps: u32) -> f64 {
    (0..steps).fold(x, |x, _| r * x * (1.0 - x))
}

#[test]
fn logistic_in_parts_equals_one_thread() {
    let start: Vec<f64> = (0..10).map(|i| f64::from(i) / 10.0).collect();
    for n_threads in [0, 1, 3, 10, 1000] {
        let mut values = start.clone();
        // SAFETY: `values` holds 10 f64s that nothing else touches during the call.
        let parts = unsafe { logistic(values.as_mut_ptr(), values.len(), 3.7, 5, n_threads) };
        assert!(
            (1..=10).contains(&parts),
            "{n_threads} threads gave {parts} parts"
        );
        let expected: Vec<f64> = start.iter().map(|&x| model(x, 3.7, 5)).collect();
        assert_eq!(values, expected);
    }
}

#[test]
fn bad_input() {
    let mut empty: [f64; 0] = [];
    // SAFETY: NULL and a huge length are refused; an empty array is touched by nobody; a NULL
    // `fill_later` starts no thread.
    unsafe {
        assert_eq!(logistic(null_mut(), 3, 3.7, 5, 2), -1);
        assert_eq!(logistic(empty.as_mut_ptr(), usize::MAX, 3.7, 5, 2), -1);
        assert_eq!(logistic(empty.as_mut_ptr(), 0, 3.7, 5, 2), 0);
        assert!(!fill_later(null_mut(), 3, 1.0, 0));
    }
}

#[test]
fn spin_counts_calls_at_once() {
    most_at_once();
    assert_eq!(spin(0), 0);
    assert_eq!(spin(3), spin(3));
    assert_eq!(most_at_once(), 1);
}
