//! Small functions for the troubleshooting appendix: each one is the setting of a mistake.

use std::ffi::{CStr, c_char};

/// The number of bytes of a NUL-terminated string, or -1 for NULL.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that nothing changes meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn byte_len(text: *const c_char) -> i64 {
    if text.is_null() {
        return -1;
    }
    // SAFETY: checked non-NULL; the caller promises a NUL-terminated string.
    unsafe { CStr::from_ptr(text) }.to_bytes().len() as i64
}

/// A pointer to a static `f64`, 2.5: an address like any other, far above 4 GiB.
#[unsafe(no_mangle)]
pub extern "C" fn some_address() -> *const f64 {
    static VALUE: f64 = 2.5;
    &VALUE
}

/// Forgot `#[unsafe(no_mangle)]` and `extern "C"`: the library has no symbol by this name.
pub fn forgot_no_mangle() -> i32 {
    7
}

/// Version 1 of this library (the appendix rebuilds it as version 2).
#[unsafe(no_mangle)]
pub extern "C" fn version() -> u32 {
    1
}

/// Divides; panics when `b` is 0, which aborts the process.
///
/// # Panics
/// When `b` is 0 or the quotient overflows: a panic cannot unwind out of `extern "C"`, so the
/// process aborts. This listing shows it.
#[unsafe(no_mangle)]
pub extern "C" fn divide(a: i32, b: i32) -> i32 {
    a / b
}

// Tests: each export called from Rust the way Python calls it (`cargo test`).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_export() {
        // SAFETY: a NUL-terminated literal, and NULL, which is documented.
        unsafe {
            assert_eq!(byte_len(c"crab".as_ptr()), 4);
            assert_eq!(byte_len(std::ptr::null()), -1);
        }
        // SAFETY: some_address points to a static f64.
        assert_eq!(unsafe { *some_address() }, 2.5);
        assert_eq!((forgot_no_mangle(), version(), divide(7, 2)), (7, 1, 3));
    }
}
