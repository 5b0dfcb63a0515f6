//! Strings across the boundary: `&CStr` in, bytes into the caller's buffer, a `CString` out.

use std::ffi::{CStr, CString, c_char};
use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: borrow
/// An error result: a pointer is NULL, or a length is impossible.
pub const STRINGS_BAD_ARGUMENT: i64 = -1;
/// An error result: the text is not valid UTF-8.
pub const STRINGS_NOT_UTF8: i64 = -2;

/// Borrows a NUL-terminated C string as a `&str`, or returns the error result to give back.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that stays unchanged while the
/// returned `&str` is in use.
unsafe fn borrow_str<'a>(text: *const c_char) -> Result<&'a str, i64> {
    if text.is_null() {
        return Err(STRINGS_BAD_ARGUMENT);
    }
    // SAFETY: checked non-NULL; the caller promises a NUL-terminated string.
    let text: &CStr = unsafe { CStr::from_ptr(text) }; // finds the NUL: C's strlen
    text.to_str().map_err(|_| STRINGS_NOT_UTF8) // checks UTF-8, copies nothing
}

/// Returns the number of characters (Unicode scalar values) of a NUL-terminated UTF-8
/// string, `STRINGS_BAD_ARGUMENT` if `text` is NULL, or `STRINGS_NOT_UTF8`.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that nothing changes during the
/// call. (ctypes releases the GIL for the call, so another Python thread could change a
/// `bytearray` meanwhile: don't.)
///
/// # Panics
/// Never: `to_str` and `chars().count()` do not panic, though rustc cannot prove it. A panic
/// would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn char_count(text: *const c_char) -> i64 {
    // SAFETY: the caller makes borrow_str's promise.
    match unsafe { borrow_str(text) } {
        Ok(text) => text.chars().count() as i64, // at most isize::MAX: it fits
        Err(code) => code,
    }
}
// ANCHOR_END: borrow

// ANCHOR: with_len
/// Like `char_count`, but for the `len` bytes at `bytes`: no NUL is needed, and a NUL byte
/// counts as a character. Returns `STRINGS_BAD_ARGUMENT` if `bytes` is NULL or `len` is
/// above `isize::MAX`, `STRINGS_NOT_UTF8` if the bytes are not UTF-8.
///
/// # Safety
/// `bytes` must be NULL or valid for reading `len` bytes that nothing changes during the call.
///
/// # Panics
/// Never: `from_utf8` and `chars().count()` do not panic, though rustc cannot prove it. A
/// panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn char_count_len(bytes: *const u8, len: usize) -> i64 {
    if bytes.is_null() || len > isize::MAX as usize {
        return STRINGS_BAD_ARGUMENT;
    }
    // SAFETY: checked non-NULL and not too long; the caller promises `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(bytes, len) };
    match std::str::from_utf8(bytes) {
        Ok(text) => text.chars().count() as i64,
        Err(_) => STRINGS_NOT_UTF8,
    }
}
// ANCHOR_END: with_len

// ANCHOR: upper
/// Writes `text` in upper case into `buf` as a NUL-terminated string, if it fits in
/// `buf_len` bytes, and returns its length in bytes without the NUL, as C's `snprintf` does:
/// a result `>= buf_len` means that it did not fit, and only an empty string was written.
/// A NULL `buf` (or `buf_len` 0) writes nothing: a way to ask for the length. Returns
/// `STRINGS_BAD_ARGUMENT` if `text` is NULL, `STRINGS_NOT_UTF8` if it is not UTF-8.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that nothing changes during the
/// call; `buf` must be NULL or valid for writing `buf_len` bytes that nothing else reads or
/// writes during the call.
///
/// # Panics
/// Only if memory runs out, which aborts the process anyway.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn to_upper(text: *const c_char, buf: *mut c_char, buf_len: usize) -> i64 {
    // SAFETY: the caller makes borrow_str's promise.
    let upper: String = match unsafe { borrow_str(text) } {
        Ok(text) => text.to_uppercase(), // may be longer than `text`: "ǰ" becomes "J̌"
        Err(code) => return code,
    };
    if !buf.is_null() && buf_len > 0 {
        // The whole string and its NUL, or else an empty string: never a cut-off character.
        let fits = upper.len() < buf_len;
        let n = if fits { upper.len() } else { 0 };
        // SAFETY: `buf` is valid for `buf_len` bytes and `n + 1 <= buf_len`; `upper` is our
        // own new String, so the two do not overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(upper.as_ptr(), buf.cast::<u8>(), n);
            buf.add(n).write(0);
        }
    }
    upper.len() as i64
}
// ANCHOR_END: upper

// ANCHOR: owned
/// How many strings handed out by `repeat_new` are not freed yet.
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The number of strings from `repeat_new` not yet given back to `string_free`.
#[unsafe(no_mangle)]
pub extern "C" fn live_strings() -> usize {
    LIVE.load(Ordering::SeqCst)
}

/// The longest string `repeat_new` makes: 1 GiB.
pub const MAX_REPEAT_LEN: usize = 1 << 30;

/// Returns `text` repeated `times` times, as a new NUL-terminated string that the caller
/// owns and frees with `string_free`. Returns NULL if `text` is NULL or not UTF-8, if the
/// result would be longer than `MAX_REPEAT_LEN` bytes, or if memory for it cannot be had.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that nothing changes during the
/// call.
///
/// # Panics
/// Never: the memory is asked for with `try_reserve_exact`, which reports a failure instead
/// of aborting; rustc cannot prove the rest panic-free. A panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn repeat_new(text: *const c_char, times: usize) -> *mut c_char {
    // SAFETY: the caller makes borrow_str's promise.
    let Ok(text) = (unsafe { borrow_str(text) }) else {
        return std::ptr::null_mut();
    };
    let len = match text.len().checked_mul(times) {
        Some(len) if len <= MAX_REPEAT_LEN => len,
        _ => return std::ptr::null_mut(), // `str::repeat` would panic on an overflow
    };
    let mut bytes: Vec<u8> = Vec::new();
    if bytes.try_reserve_exact(len + 1).is_err() {
        return std::ptr::null_mut(); // no memory (room for the NUL too): NULL, not an abort
    }
    // Doubling, as `str::repeat` does: about log2(times) copies, not `times` of them.
    if len > 0 {
        bytes.extend_from_slice(text.as_bytes());
        while bytes.len() < len {
            let more = bytes.len().min(len - bytes.len());
            bytes.extend_from_within(..more);
        }
    }
    // CString::new fails on a NUL inside the text: impossible here (the text came from a C
    // string), but the check is cheap and keeps a panic out of this function.
    let Ok(owned) = CString::new(bytes) else {
        return std::ptr::null_mut();
    };
    LIVE.fetch_add(1, Ordering::SeqCst);
    owned.into_raw() // Rust forgets the CString: the caller owns it now
}

/// Frees a string made by `repeat_new`. NULL is accepted and does nothing.
///
/// # Safety
/// `text` must be NULL, or a pointer from `repeat_new` that was not freed before and whose
/// bytes were not changed (`CString::from_raw` finds the length again from the NUL).
///
/// # Panics
/// Never: `CString::from_raw` does not panic, though rustc cannot prove it. A panic would
/// abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn string_free(text: *mut c_char) {
    if text.is_null() {
        return;
    }
    // SAFETY: the caller promises this is the CString that repeat_new gave away.
    drop(unsafe { CString::from_raw(text) });
    LIVE.fetch_sub(1, Ordering::SeqCst);
}
// ANCHOR_END: owned

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
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
        // SAFETY: NUL-terminated literals; `buf` is valid for 8 bytes, or NULL / 0 as documented.
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
            assert!(repeat_new(c"a".as_ptr(), MAX_REPEAT_LEN + 1).is_null());
            // The limit itself, on a 32-bit target, where 1 GiB may not be had (elsewhere, too
            // slow under valgrind and Miri): NULL or the string, never an abort.
            #[cfg(target_pointer_width = "32")]
            {
                let sixty_four =
                    c"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
                string_free(repeat_new(sixty_four.as_ptr(), MAX_REPEAT_LEN / 64));
            }
            string_free(null_mut());
        }
        assert_eq!(live_strings(), live);
    }
}
