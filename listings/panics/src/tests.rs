//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

fn message(len: usize) -> (usize, Vec<u8>) {
    let mut buf = vec![0xAA_u8; len];
    // SAFETY: `buf` is valid for `len` bytes.
    let full = unsafe { last_panic_message(buf.as_mut_ptr(), len) };
    (full, buf)
}

#[test]
fn divide_or_report_the_panic() {
    let mut out = 0;
    // SAFETY: `out` is valid for one i64, or NULL where documented.
    unsafe {
        assert_eq!(guarded_divide(7, 2, &mut out), PANICS_OK);
        assert_eq!(out, 3);
        assert_eq!(guarded_divide(7, 0, &mut out), PANICS_PANICKED);
        assert_eq!(guarded_divide(i64::MIN, -1, &mut out), PANICS_PANICKED);
        assert_eq!(
            guarded_divide(7, 2, std::ptr::null_mut()),
            PANICS_NULL_ARGUMENT
        );
    }
    assert_eq!(out, 3);
    // Only a divisor that cannot panic: a panic here would abort the test binary.
    assert_eq!(unguarded_divide(-9, 3), -3);
}

#[test]
fn message_is_cut_to_fit_with_a_nul() {
    // SAFETY: `out` is valid for one i64.
    assert_eq!(unsafe { guarded_divide(1, 0, &mut 0) }, PANICS_PANICKED);
    let (full, whole) = message(200);
    let text = std::str::from_utf8(whole.split(|&b| b == 0).next().unwrap()).unwrap();
    assert_eq!(text.len(), full);
    assert!(text.starts_with("attempt to divide by zero at "), "{text}");
    let (same, cut) = message(5);
    assert_eq!((same, &cut[..]), (full, &b"atte\0"[..]));
    // SAFETY: NULL is documented to write nothing.
    assert_eq!(unsafe { last_panic_message(std::ptr::null_mut(), 9) }, full);
    assert_eq!(message(0).0, full);
}
