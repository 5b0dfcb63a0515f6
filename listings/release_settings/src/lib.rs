//! A small kernel to build with different release settings and time each build.

// ANCHOR: kernel
/// How many of the `len` bytes at `bytes` equal `wanted`; 0 if `bytes` is NULL.
///
/// # Safety
/// `bytes` must be NULL or point to `len` readable bytes that nothing changes meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn count_byte(bytes: *const u8, len: usize, wanted: u8) -> usize {
    if bytes.is_null() || len > isize::MAX as usize {
        return 0;
    }
    // SAFETY: checked non-NULL and not too long (u8 needs no alignment); the caller promises
    // `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(bytes, len) };
    bytes.iter().filter(|&&b| b == wanted).count()
}
// ANCHOR_END: kernel

// Tests: the export called from Rust the way Python calls it (`cargo test`).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let text = b"abracadabra";
        // SAFETY: `text` holds its length of bytes; NULL is documented.
        unsafe {
            assert_eq!(count_byte(text.as_ptr(), text.len(), b'a'), 5);
            assert_eq!(count_byte(std::ptr::null(), 3, b'a'), 0);
        }
    }
}
