//! Memory that C code (or Python through ctypes) frees must come from C's `malloc`.

use libc::size_t; // std::ffi has no size_t
use std::ffi::{CStr, c_char, c_void};
use std::mem::MaybeUninit;

// ANCHOR: repeat
/// Returns `text` repeated `times` times, as a new NUL-terminated string allocated with C's
/// `malloc`: the caller releases it with C's `free`. Returns NULL if `text` is NULL, if the
/// size overflows, or if `malloc` fails.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn repeat_text(text: *const c_char, times: size_t) -> *mut c_char {
    if text.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the caller promises a NUL-terminated string.
    let piece = unsafe { CStr::from_ptr(text) }.to_bytes();
    let Some(size) = piece
        .len()
        .checked_mul(times)
        .and_then(|n| n.checked_add(1))
    else {
        return std::ptr::null_mut();
    };
    // SAFETY: malloc may be called with any size; it returns NULL or `size` writable bytes.
    let out = unsafe { libc::malloc(size) }.cast::<u8>();
    if out.is_null() {
        return std::ptr::null_mut();
    }
    // Fresh `malloc` memory holds whatever was there before, and a `&mut [u8]` over it would
    // claim `size` initialized bytes. `MaybeUninit<u8>` claims nothing: we only write to it.
    // SAFETY: `out` holds `size` bytes that nothing else uses (u8 needs no alignment).
    let buffer = unsafe { std::slice::from_raw_parts_mut(out.cast::<MaybeUninit<u8>>(), size) };
    if let Some((nul, text)) = buffer.split_last_mut() {
        // `text` is `piece.len() * times` bytes long: `piece` over and over fills it exactly.
        for (slot, &byte) in text.iter_mut().zip(piece.iter().cycle()) {
            slot.write(byte);
        }
        nul.write(0);
    }
    out.cast()
}
// ANCHOR_END: repeat

// ANCHOR: adopt
/// Takes ownership of a NUL-terminated string that the caller allocated with C's `malloc`,
/// and returns its length after releasing it with C's `free`. The caller must not use
/// `text` again. NULL is accepted and gives 0 (like `free(NULL)`, it does nothing).
///
/// # Safety
/// `text` must be NULL or a NUL-terminated string from C's `malloc` that nothing else frees.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn adopt_and_measure(text: *mut c_char) -> size_t {
    if text.is_null() {
        return 0;
    }
    // SAFETY: the caller promises a NUL-terminated string.
    let length = unsafe { CStr::from_ptr(text) }.to_bytes().len();
    // SAFETY: the caller gave us ownership of memory from C's malloc; we free it once.
    unsafe { libc::free(text.cast::<c_void>()) };
    length
}
// ANCHOR_END: adopt

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
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
}
