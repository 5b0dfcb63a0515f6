//! The Rust half of the `crabmath` Python package: a plain C library, shipped in a wheel.

/// The mean of the `len` numbers at `values`; NaN if `values` is NULL or `len` is 0.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn crabmath_mean(values: *const f64, len: usize) -> f64 {
    if values.is_null() || len == 0 {
        return f64::NAN;
    }
    // SAFETY: `values` is not NULL, and the caller promises `len` valid `f64`s there.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    values.iter().sum::<f64>() / len as f64
}
