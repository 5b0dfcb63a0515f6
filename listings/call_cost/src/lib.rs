//! Small functions for measuring what a call through ctypes costs.

use std::mem::MaybeUninit;

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
/// The longest slice of `f64` Rust allows (its size in bytes must fit in an `isize`).
const MAX_LEN: usize = isize::MAX as usize / size_of::<f64>();

/// Writes `start, start + step, start + 2 * step, ...` into the `len` values at `out`.
/// Returns false, writing nothing, if `out` is NULL or misaligned, or `len` is too large for
/// any array.
///
/// # Safety
/// `out` must be NULL or valid for writing `len` `f64`s (initialised or not: they are only
/// written) that nothing else uses meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ramp(out: *mut f64, len: usize, start: f64, step: f64) -> bool {
    if out.is_null() || !out.is_aligned() || len > MAX_LEN {
        return false;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` writable
    // values.
    // `MaybeUninit`: the memory may be uninitialised (`np.empty`), which a `&mut [f64]` may
    // not be.
    let out = unsafe { std::slice::from_raw_parts_mut(out.cast::<MaybeUninit<f64>>(), len) };
    for (i, x) in out.iter_mut().enumerate() {
        x.write(start + step * i as f64);
    }
    true
}

/// The sum of the `len` values at `values`: 0.0 if `values` is NULL or `len` is 0, NaN if
/// `values` is misaligned or `len` is too large for any array.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sum(values: *const f64, len: usize) -> f64 {
    if values.is_null() {
        return 0.0;
    }
    if !values.is_aligned() || len > MAX_LEN {
        return f64::NAN;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` values.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    // Not `.sum()`: for f64 it starts from -0.0, so an empty array would give -0.0.
    values.iter().fold(0.0, |total, x| total + x)
}
// ANCHOR_END: buffers

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_then_sum() {
        let mut values = [0.0; 4];
        // SAFETY: `values` holds 4 writable f64s.
        unsafe {
            assert!(ramp(values.as_mut_ptr(), values.len(), 1.0, 0.5));
            assert_eq!(values, [1.0, 1.5, 2.0, 2.5]);
            assert_eq!(sum(values.as_ptr(), values.len()), 7.0);
        }
    }

    #[test]
    fn ramp_into_memory_never_written() {
        let mut out = [MaybeUninit::<f64>::uninit(); 3]; // what np.empty hands over
        // SAFETY: room for 3 values, uninitialised as the contract allows.
        assert!(unsafe { ramp(out.as_mut_ptr().cast(), 3, 0.0, 2.0) });
        // SAFETY: ramp returned true, so it wrote all three.
        assert_eq!(out.map(|v| unsafe { v.assume_init() }), [0.0, 2.0, 4.0]);
    }

    #[test]
    fn null_and_empty() {
        // SAFETY: NULL is documented to give false / 0; an empty slice may use a dangling pointer.
        unsafe {
            assert!(!ramp(std::ptr::null_mut(), 3, 0.0, 1.0));
            assert_eq!(sum(std::ptr::null(), 3), 0.0);
            assert!(sum(std::ptr::NonNull::dangling().as_ptr(), 0).is_sign_positive());
        }
    }

    #[test]
    fn misaligned_and_too_long() {
        let mut words = [0u64; 3];
        // One byte past an 8-byte boundary, as a view into a byte buffer can start.
        let skewed = words
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<f64>();
        // SAFETY: misaligned pointers and huge lengths are refused before anything is read.
        unsafe {
            assert!(!ramp(skewed, 2, 1.0, 1.0));
            assert!(sum(skewed, 2).is_nan());
            assert!(!ramp(words.as_mut_ptr().cast(), usize::MAX, 1.0, 1.0));
            assert!(sum(words.as_ptr().cast(), usize::MAX).is_nan());
        }
        assert_eq!(words, [0; 3]);
    }
}
