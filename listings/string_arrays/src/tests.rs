//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::ptr::null;

#[test]
fn words_in_an_argv_array() {
    let argv = [
        c"two words".as_ptr(),
        c"".as_ptr(),
        c" one ".as_ptr(),
        null(),
    ];
    let bad = [c"ok".as_ptr(), c"\xff".as_ptr(), null()];
    let only_end = [null::<c_char>()];
    // A misaligned pointer into `argv`: built, never read.
    let misaligned = argv
        .as_ptr()
        .cast::<u8>()
        .wrapping_add(1)
        .cast::<*const c_char>();
    // SAFETY: each array ends with NULL and holds NUL-terminated strings; NULL and misaligned
    // arrays are documented to be refused before anything is read.
    unsafe {
        assert_eq!(count_words(argv.as_ptr()), 3);
        assert_eq!(count_words(only_end.as_ptr()), 0);
        assert_eq!(count_words(bad.as_ptr()), STRING_ARRAYS_NOT_UTF8);
        assert_eq!(count_words(null()), STRING_ARRAYS_BAD_ARRAY);
        assert_eq!(count_words(misaligned), STRING_ARRAYS_BAD_ARRAY);
    }
}

#[test]
fn longest_in_a_counted_array() {
    let items = [c"ab".as_ptr(), null(), c"été".as_ptr(), c"xyz".as_ptr()];
    let missing = [null::<c_char>(); 2];
    let bad = [c"ok".as_ptr(), c"\xff".as_ptr()];
    // SAFETY: each array holds its length of NULL or NUL-terminated strings; a NULL array with
    // length 0 is documented to be fine, with a length above 0 to be refused.
    unsafe {
        assert_eq!(longest(items.as_ptr(), items.len()), 2); // "été" before "xyz": a tie
        assert_eq!(longest(items.as_ptr(), 2), 0);
        assert_eq!(longest(missing.as_ptr(), 2), STRING_ARRAYS_NONE);
        assert_eq!(longest(null(), 0), STRING_ARRAYS_NONE);
        assert_eq!(longest(null(), 2), STRING_ARRAYS_BAD_ARRAY);
        assert_eq!(longest(items.as_ptr(), usize::MAX), STRING_ARRAYS_BAD_ARRAY);
        assert_eq!(longest(bad.as_ptr(), 2), STRING_ARRAYS_NOT_UTF8);
    }
}
