//! Errors across the boundary: a return code says what kind, a message says what happened.

use std::cell::RefCell;
use std::ffi::{CStr, c_char};

// ANCHOR: codes
/// Success.
pub const ERRORS_OK: i32 = 0;
/// A pointer argument was NULL (or, for `out`, not aligned for an `f64`).
pub const ERRORS_NULL_ARGUMENT: i32 = 1;
/// The text is not valid UTF-8.
pub const ERRORS_NOT_UTF8: i32 = 2;
/// A field of the text is not a number.
pub const ERRORS_NOT_A_NUMBER: i32 = 3;
/// The text holds no numbers at all.
pub const ERRORS_EMPTY: i32 = 4;

thread_local! {
    /// The message of the last error on this thread (each thread has its own).
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records `message` as this thread's last error and returns `code`, for `return fail(...)`.
fn fail(code: i32, message: String) -> i32 {
    LAST_ERROR.with_borrow_mut(|last| *last = message);
    code
}
// ANCHOR_END: codes

// ANCHOR: mean
/// Parses comma-separated numbers, such as "1.5, 2, 4", and writes their mean to `*out`.
/// Returns `ERRORS_OK`, or an error code with a message for `last_error_message`.
///
/// # Safety
/// `text` must be NULL or a NUL-terminated string; `out` NULL or valid for one `f64`.
///
/// # Panics
/// Never: `format!` and the thread-local message cannot fail here, though rustc cannot prove
/// it. A panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mean_of(text: *const c_char, out: *mut f64) -> i32 {
    if text.is_null() || out.is_null() {
        return fail(ERRORS_NULL_ARGUMENT, "text and out must not be NULL".into());
    }
    if !out.is_aligned() {
        return fail(ERRORS_NULL_ARGUMENT, "out is not aligned for an f64".into());
    }
    // SAFETY: checked non-NULL; the caller promises a NUL-terminated string.
    let Ok(text) = unsafe { CStr::from_ptr(text) }.to_str() else {
        return fail(ERRORS_NOT_UTF8, "the text is not valid UTF-8".into());
    };
    let mut sum = 0.0;
    let mut count = 0;
    for field in text.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        match field.parse::<f64>() {
            Ok(x) => {
                sum += x;
                count += 1;
            }
            Err(err) => return fail(ERRORS_NOT_A_NUMBER, format!("{field:?}: {err}")),
        }
    }
    if count == 0 {
        return fail(ERRORS_EMPTY, "no numbers in the text".into());
    }
    // SAFETY: checked non-NULL and aligned; the caller promises room for one f64.
    unsafe { out.write(sum / count as f64) };
    ERRORS_OK
}
// ANCHOR_END: mean

// ANCHOR: message
/// Copies this thread's last error message into `buf` as a NUL-terminated string, cut to fit
/// in `len` bytes, and returns the message's full length in bytes (without the NUL). The cut
/// falls between two characters, so what is written is always valid UTF-8. Call it with a
/// NULL `buf` (or `len` 0) to learn the length and write nothing.
///
/// # Safety
/// `buf` must be NULL or valid for writing `len` bytes.
///
/// # Panics
/// Never: the thread-local message is never borrowed twice, though rustc cannot prove it. A
/// panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn last_error_message(buf: *mut c_char, len: usize) -> usize {
    LAST_ERROR.with_borrow(|message| {
        if !buf.is_null() && len > 0 {
            let n = char_boundary_at_most(message, len - 1);
            // SAFETY: `buf` is valid for `len` bytes and `n + 1 <= len`; the message is ours,
            // so the two do not overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), n);
                buf.add(n).write(0);
            }
        }
        message.len()
    })
}

/// The largest `n <= max` at which `text` can be cut without splitting a character.
fn char_boundary_at_most(text: &str, max: usize) -> usize {
    // 0 is always a boundary, so this finds one; a UTF-8 character is at most 4 bytes long.
    (0..=max.min(text.len()))
        .rev()
        .find(|&n| text.is_char_boundary(n))
        .unwrap_or(0)
}
// ANCHOR_END: message

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
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

    #[test]
    fn a_cut_never_splits_a_character() {
        // SAFETY: a NUL-terminated literal and a valid `out`.
        unsafe { mean_of(c"Ã©tÃ©".as_ptr(), &mut 0.0) }; // "été" is not a number
        let (full, _) = message(0);
        for len in 1..=full + 1 {
            let (_, buf) = message(len);
            let written = buf.split(|&b| b == 0).next().unwrap_or_default();
            assert!(std::str::from_utf8(written).is_ok(), "{len}: {written:?}");
        }
        let (_, buf) = message(3); // room for `"` and 1 byte: not half of the é
        assert_eq!(buf, b"\"\0\xAA");
    }

    #[test]
    fn misaligned_out_is_refused() {
        let mut words = [0u64; 2];
        let skewed = words
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<f64>();
        // SAFETY: a NUL-terminated literal; a misaligned `out` is refused before any write.
        let code = unsafe { mean_of(c"1, 2".as_ptr(), skewed) };
        assert_eq!((code, words), (ERRORS_NULL_ARGUMENT, [0; 2]));
    }
}
