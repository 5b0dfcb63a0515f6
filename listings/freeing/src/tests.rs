//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

#[test]
fn squares_round_trip() {
    let mut len = 0;
    // SAFETY: `len` is a valid place for one usize.
    let ptr = unsafe { squares_new(5, &mut len) };
    assert_eq!(len, 5);
    // SAFETY: squares_new returned `len` initialized values.
    let values = unsafe { std::slice::from_raw_parts(ptr, len) };
    assert_eq!(values, [0.0, 1.0, 4.0, 9.0, 16.0]);
    // SAFETY: the pointer and length squares_new gave, freed once.
    unsafe { squares_free(ptr, len) };
}

#[test]
fn squares_bad_input() {
    let mut len = 7;
    // SAFETY: NULL out_len and an oversized n are documented to give NULL.
    unsafe {
        assert!(squares_new(3, std::ptr::null_mut()).is_null());
        assert!(squares_new(MAX_LEN + 1, &mut len).is_null());
        squares_free(std::ptr::null_mut(), 3);
    }
    assert_eq!(len, 7);
    let mut empty = 9;
    // SAFETY: `empty` is valid; a zero-length boxed slice is freed like any other.
    unsafe {
        let ptr = squares_new(0, &mut empty);
        assert_eq!(empty, 0);
        squares_free(ptr, empty);
    }
}

#[test]
fn stats_round_trip_and_bad_input() {
    let values = [1.0, 4.0, 10.0, 1.0];
    // SAFETY: `values` holds 4 f64s; NULL and len 0 are documented to give NULL.
    unsafe {
        let stats = stats_new(values.as_ptr(), values.len());
        assert_eq!(
            ((*stats).count, (*stats).mean, (*stats).max),
            (4, 4.0, 10.0)
        );
        stats_free(stats);
        assert!(stats_new(std::ptr::null(), 4).is_null());
        assert!(stats_new(values.as_ptr(), 0).is_null());
        stats_free(std::ptr::null_mut());
    }
}
