//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

#[test]
fn repeat_then_adopt() {
    // SAFETY: a NUL-terminated literal; the result comes from malloc and is adopted once.
    unsafe {
        let text = repeat_text(c"ab".as_ptr(), 3);
        assert_eq!(CStr::from_ptr(text).to_bytes(), b"ababab");
        assert_eq!(adopt_and_measure(text), 6);
    }
}

#[test]
fn bad_input() {
    // SAFETY: NULL and an overflowing size are documented to give NULL; the empty result is
    // a valid malloc'd string.
    unsafe {
        assert!(repeat_text(std::ptr::null(), 3).is_null());
        assert!(repeat_text(c"ab".as_ptr(), usize::MAX).is_null());
        assert_eq!(adopt_and_measure(repeat_text(c"".as_ptr(), 5)), 0);
        assert_eq!(adopt_and_measure(repeat_text(c"ab".as_ptr(), 0)), 0);
        assert_eq!(adopt_and_measure(std::ptr::null_mut()), 0);
    }
}
