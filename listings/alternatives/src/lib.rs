//! One small function, for ctypes and cffi alike: both call it through the C ABI.

/// Adds two 64-bit integers, wrapping on overflow.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}
