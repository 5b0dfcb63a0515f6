//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::ptr::{null, null_mut};

#[test]
fn counting_characters() {
    let bytes = b"a\0\xc3\xa9";
    // SAFETY: NUL-terminated literals, `bytes` valid for its length, or NULL where documented;
    // a huge length is refused before anything is read.
    unsafe {
        assert_eq!(char_count(c"héllo".as_ptr()), 5);
        assert_eq!(char_count(c"".as_ptr()), 0);
        assert_eq!(char_count(null()), STRINGS_BAD_ARGUMENT);
        assert_eq!(char_count(c"\xff".as_ptr()), STRINGS_NOT_UTF8);
        assert_eq!(char_count_len(bytes.as_ptr(), bytes.len()), 3);
        assert_eq!(char_count_len(bytes.as_ptr(), 0), 0);
        assert_eq!(char_count_len(bytes.as_ptr(), 3), STRINGS_NOT_UTF8);
        assert_eq!(char_count_len(null(), 0), STRINGS_BAD_ARGUMENT);
        assert_eq!(
            char_count_len(bytes.as_ptr(), usize::MAX),
            STRINGS_BAD_ARGUMENT
        );
    }
}

#[test]
fn upper_case_into_a_buffer() {
    let mut buf = [b'x' as c_char; 8];
    // SAFETY: NUL-terminated literals; `buf` is valid for 8 bytes, or NULL / 0 where documented.
    unsafe {
        assert_eq!(to_upper(c"héllo".as_ptr(), buf.as_mut_ptr(), 8), 6);
        assert_eq!(CStr::from_ptr(buf.as_ptr()).to_bytes(), "HÉLLO".as_bytes());
        assert_eq!(to_upper(c"héllo".as_ptr(), buf.as_mut_ptr(), 6), 6);
        assert_eq!(buf[0], 0); // too small: an empty string
        assert_eq!(to_upper(c"abc".as_ptr(), null_mut(), 8), 3);
        assert_eq!(to_upper(c"abc".as_ptr(), buf.as_mut_ptr(), 0), 3);
        assert_eq!(to_upper(null(), buf.as_mut_ptr(), 8), STRINGS_BAD_ARGUMENT);
        assert_eq!(
            to_upper(c"\xff".as_ptr(), buf.as_mut_ptr(), 8),
            STRINGS_NOT_UTF8
        );
    }
}

#[test]
fn repeat_then_free() {
    let live = live_strings();
    // SAFETY: NUL-terminated literals or NULL; each non-NULL result is freed once.
    unsafe {
        let text = repeat_new(c"ab".as_ptr(), 3);
        assert_eq!(CStr::from_ptr(text).to_bytes(), b"ababab");
        assert_eq!(live_strings(), live + 1);
        string_free(text);
        let empty = repeat_new(c"ab".as_ptr(), 0);
        assert_eq!(CStr::from_ptr(empty).to_bytes(), b"");
        string_free(empty);
        assert!(repeat_new(null(), 3).is_null());
        assert!(repeat_new(c"\xff".as_ptr(), 3).is_null());
        assert!(repeat_new(c"ab".as_ptr(), usize::MAX).is_null());
        string_free(null_mut());
    }
    assert_eq!(live_strings(), live);
}
