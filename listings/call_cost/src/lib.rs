//! Small functions for measuring what a call through ctypes costs.

// ANCHOR: noop
/// Does nothing: calling it measures the cost of the call alone.
#[unsafe(no_mangle)]
pub extern "C" fn noop() {}

/// Returns its argument: the cost of the call plus converting one integer each way.
#[unsafe(no_mangle)]
pub extern "C" fn identity(x: i32) -> i32 {
    x
}
// ANCHOR_END: noop

// ANCHOR: buffers
/// Writes `start, start + step, start + 2 * step, ...` into the `len` values at `out`.
/// Returns false, writing nothing, if `out` is NULL.
///
/// # Safety
/// `out` must be NULL or valid for writing `len` `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ramp(out: *mut f64, len: usize, start: f64, step: f64) -> bool {
    if out.is_null() {
        return false;
    }
    // SAFETY: checked non-NULL; the caller promises `len` writable values.
    let out = unsafe { std::slice::from_raw_parts_mut(out, len) };
    for (i, x) in out.iter_mut().enumerate() {
        *x = start + step * i as f64;
    }
    true
}

/// The sum of the `len` values at `values`; 0 if `values` is NULL.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sum(values: *const f64, len: usize) -> f64 {
    if values.is_null() {
        return 0.0;
    }
    // SAFETY: checked non-NULL; the caller promises `len` valid values.
    unsafe { std::slice::from_raw_parts(values, len) }
        .iter()
        .sum()
}
// ANCHOR_END: buffers

#[cfg(test)]
mod tests;
