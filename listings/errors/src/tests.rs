//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

fn message(len: usize) -> (usize, Vec<u8>) {
    let mut buf = vec![0xAA_u8; len];
    // SAFETY: `buf` is valid for `len` bytes.
    let full = unsafe { last_error_message(buf.as_mut_ptr().cast(), len) };
    (full, buf)
}

#[test]
fn mean_and_errors() {
    let mut out = 0.0;
    // SAFETY: NUL-terminated literals and a valid `out`, or NULL where documented.
    unsafe {
        assert_eq!(mean_of(c"1.5, 2, 4".as_ptr(), &mut out), ERRORS_OK);
        assert_eq!(out, 2.5);
        assert_eq!(mean_of(std::ptr::null(), &mut out), ERRORS_NULL_ARGUMENT);
        assert_eq!(mean_of(c"1, x".as_ptr(), &mut out), ERRORS_NOT_A_NUMBER);
        assert_eq!(mean_of(c"\xff".as_ptr(), &mut out), ERRORS_NOT_UTF8);
        assert_eq!(
            mean_of(c" , ".as_ptr(), std::ptr::null_mut()),
            ERRORS_NULL_ARGUMENT
        );
    }
}

#[test]
fn message_is_cut_to_fit_with_a_nul() {
    // SAFETY: a NUL-terminated literal and a valid `out`.
    unsafe { mean_of(c"".as_ptr(), &mut 0.0) };
    let (full, _) = message(0);
    let (same, buf) = message(5);
    assert_eq!((full, same), ("no numbers in the text".len(), full));
    assert_eq!(buf, b"no n\0");
    // SAFETY: NULL is documented to write nothing.
    assert_eq!(unsafe { last_error_message(std::ptr::null_mut(), 9) }, full);
}
