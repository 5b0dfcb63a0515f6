//! The Rust half of the `crabmath` Python package: a plain C library, shipped in a wheel.

/// The mean of the `len` numbers at `values`; NaN if `values` is NULL or misaligned, or if
/// `len` is 0 or too large for any array.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn crabmath_mean(values: *const f64, len: usize) -> f64 {
    let too_long = len > isize::MAX as usize / size_of::<f64>();
    if values.is_null() || !values.is_aligned() || len == 0 || too_long {
        return f64::NAN;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` valid
    // `f64`s there.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    values.iter().sum::<f64>() / len as f64
}

// Tests: the export called from Rust the way Python calls it (`cargo test`; `cargo miri test`
// on nightly looks for undefined behaviour).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_bad_input() {
        let words = [0u64; 3];
        // One byte past an 8-byte boundary, as a view into a byte buffer can start.
        let skewed = words.as_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
        // SAFETY: 3 valid values; NULL, misaligned, empty and huge inputs are refused.
        unsafe {
            assert_eq!(crabmath_mean([1.0, 2.0, 6.0].as_ptr(), 3), 3.0);
            assert!(crabmath_mean(std::ptr::null(), 3).is_nan());
            assert!(crabmath_mean(skewed, 2).is_nan());
            assert!(crabmath_mean(words.as_ptr().cast(), 0).is_nan());
            assert!(crabmath_mean(words.as_ptr().cast(), usize::MAX).is_nan());
        }
    }
}
