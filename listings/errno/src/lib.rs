//! C's way of reporting a failure: a result of -1, and the reason in the thread's `errno`.

use std::ffi::c_char;
use std::mem::MaybeUninit;

// ANCHOR: file_size
/// `path` was NULL: no `errno` is set for this one.
pub const ERRNO_NULL_PATH: i64 = -2;

/// The size in bytes of the file at `path`, or -1 with C's `errno` saying why, set by C's
/// `stat` itself (`ENOENT` when there is no such file, `EACCES` when a folder on the way may
/// not be searched, ...).
///
/// # Safety
/// `path` must be NULL or point to a NUL-terminated string that nothing changes meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn file_size(path: *const c_char) -> i64 {
    if path.is_null() {
        return ERRNO_NULL_PATH;
    }
    let mut status = MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `path` is a NUL-terminated string (the caller's promise) and `status` has room
    // for one `stat`, which `stat` fills when it returns 0.
    if unsafe { libc::stat(path, status.as_mut_ptr()) } != 0 {
        return -1; // errno is already set, by stat
    }
    // SAFETY: stat returned 0, so it wrote the whole struct.
    let size = unsafe { status.assume_init() }.st_size;
    // `off_t` is 64 bits here and 32 on 32-bit Linux (where stat fails with EOVERFLOW for a
    // file above 2 GiB): widen it where it is narrower.
    #[allow(clippy::useless_conversion)]
    i64::from(size)
}
// ANCHOR_END: file_size

// Tests: the export called from Rust the way Python calls it (`cargo test`).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_errors() {
        // SAFETY: NUL-terminated literals, and NULL, which is documented.
        unsafe {
            assert!(file_size(c"Cargo.toml".as_ptr()) > 0);
            assert_eq!(file_size(c"/no/such/file".as_ptr()), -1);
            assert_eq!(
                std::io::Error::last_os_error().raw_os_error(),
                Some(libc::ENOENT)
            );
            assert_eq!(file_size(std::ptr::null()), ERRNO_NULL_PATH);
        }
    }
}
