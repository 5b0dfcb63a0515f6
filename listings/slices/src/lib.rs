//! Arrays and slices: a pointer and a length from Python become a Rust slice, after checks.

use std::mem::MaybeUninit;
use std::slice;

// ANCHOR: boundary
/// Returned instead of a count when an argument is wrong.
pub const SLICES_ERROR: isize = -1;

/// The `len` values at `ptr` as a slice, or None if `ptr` is NULL or misaligned, or `len` is
/// too big for any allocation. A length of 0 gives an empty slice whatever `ptr` is:
/// `from_raw_parts` wants a non-NULL, aligned pointer even then, and Python may pass NULL,
/// or any address at all, for an empty array.
///
/// # Safety
/// If `len` is not 0, `ptr` must be NULL or point to `len` values that nothing changes
/// while the slice lives.
unsafe fn input<'a, T>(ptr: *const T, len: usize) -> Option<&'a [T]> {
    if len == 0 {
        return Some(&[]);
    }
    if ptr.is_null() || !ptr.is_aligned() || len > isize::MAX as usize / size_of::<T>().max(1) {
        return None;
    }
    // SAFETY: non-NULL, aligned and at most isize::MAX bytes, as `from_raw_parts` requires;
    // the caller promises `len` valid values behind `ptr`.
    Some(unsafe { slice::from_raw_parts(ptr, len) })
}

/// Like `input`, for a slice that Rust writes to.
///
/// # Safety
/// If `len` is not 0, `ptr` must be NULL or point to `len` values that nothing else reads
/// or writes while the slice lives.
unsafe fn output<'a, T>(ptr: *mut T, len: usize) -> Option<&'a mut [T]> {
    if len == 0 {
        return Some(&mut []);
    }
    if ptr.is_null() || !ptr.is_aligned() || len > isize::MAX as usize / size_of::<T>().max(1) {
        return None;
    }
    // SAFETY: as in `input`; the caller also promises that nothing else uses the values.
    Some(unsafe { slice::from_raw_parts_mut(ptr, len) })
}

/// Like `output`, for memory that Rust only writes and never reads, such as a fresh
/// `np.empty` array: its values may be uninitialised, which a `&mut [T]` may not be, so the
/// slice is of `MaybeUninit<T>`, written with `.write(...)`.
///
/// # Safety
/// If `len` is not 0, `ptr` must be NULL or point to room for `len` values (initialised or
/// not) that nothing else reads or writes while the slice lives.
unsafe fn output_uninit<'a, T>(ptr: *mut T, len: usize) -> Option<&'a mut [MaybeUninit<T>]> {
    // SAFETY: `MaybeUninit<T>` has `T`'s size and alignment, and needs no initialisation.
    unsafe { output(ptr.cast::<MaybeUninit<T>>(), len) }
}
// ANCHOR_END: boundary

// ANCHOR: sum
/// The sum of the `len` values at `values`: 0 for an empty array (even when `values` is
/// NULL), NaN if `values` is NULL or misaligned and `len` is not 0.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sum_f64(values: *const f64, len: usize) -> f64 {
    // SAFETY: what `input` needs is what our own caller promises.
    match unsafe { input(values, len) } {
        Some(values) => values.iter().fold(0.0, |total, x| total + x),
        None => f64::NAN,
    }
}
// ANCHOR_END: sum

// ANCHOR: cumulative
/// Writes the running totals of the `len` values at `values` into `out`: `out[i]` becomes
/// `values[0] + ... + values[i]`; the rest of `out`, if it is longer, is left alone.
/// Returns the number of values written, or `SLICES_ERROR`, writing nothing, if a pointer is
/// NULL or misaligned (with a length above 0), if `out_len` is less than `len`, or if the
/// two arrays share memory.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s, and `out` NULL or point to room for
/// `out_len` `f64`s, which may be uninitialised.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cumulative_sum(
    values: *const f64,
    len: usize,
    out: *mut f64,
    out_len: usize,
) -> isize {
    if out_len < len || overlap(values, len, out, out_len) {
        return SLICES_ERROR;
    }
    // SAFETY: our caller's promises, and the two do not overlap (checked above).
    let (Some(values), Some(out)) = (unsafe { input(values, len) }, unsafe {
        output_uninit(out, out_len)
    }) else {
        return SLICES_ERROR;
    };
    let mut total = 0.0;
    for (slot, x) in out.iter_mut().zip(values) {
        total += x;
        slot.write(total);
    }
    isize::try_from(values.len()).unwrap_or(SLICES_ERROR)
}

/// Whether the `a_len` values at `a` and the `b_len` values at `b` share any byte.
fn overlap<T>(a: *const T, a_len: usize, b: *const T, b_len: usize) -> bool {
    let size = size_of::<T>();
    let a_end = a.addr().saturating_add(a_len.saturating_mul(size));
    let b_end = b.addr().saturating_add(b_len.saturating_mul(size));
    a_len > 0 && b_len > 0 && a.addr() < b_end && b.addr() < a_end
}
// ANCHOR_END: cumulative

// ANCHOR: scale
/// Multiplies each of the `len` values at `values` by `factor`, in place. Returns false,
/// changing nothing, if `values` is NULL or misaligned and `len` is not 0.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s that nothing else uses meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn scale_in_place(values: *mut f64, len: usize, factor: f64) -> bool {
    // SAFETY: what `output` needs is what our own caller promises.
    let Some(values) = (unsafe { output(values, len) }) else {
        return false;
    };
    for x in values {
        *x *= factor;
    }
    true
}
// ANCHOR_END: scale

// ANCHOR: unchecked
/// DANGER, kept for the book's demonstration: the running totals of `len` values, written to
/// `out`, which this function simply trusts to have room for `len` values too. It has no
/// way to check: a pointer says nothing about the size of the memory behind it.
///
/// # Safety
/// `values` and `out` must each point to `len` valid `f64`s, not overlapping.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cumulative_sum_unchecked(values: *const f64, out: *mut f64, len: usize) {
    let mut total = 0.0;
    for i in 0..len {
        // SAFETY: nothing is checked: the caller promises `len` values behind each pointer.
        unsafe {
            total += *values.add(i);
            *out.add(i) = total;
        }
    }
}
// ANCHOR_END: unchecked

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    #[test]
    fn sum_and_bad_input() {
        let values = [1.0, 2.5, 4.0];
        // A misaligned pointer into `values`: built, never read.
        let misaligned = values.as_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
        // SAFETY: `values` holds 3 f64s; NULL, misaligned and huge lengths are documented to give
        // NaN without reading; a zero length reads nothing, whatever the pointer.
        unsafe {
            assert_eq!(sum_f64(values.as_ptr(), values.len()), 7.5);
            assert_eq!(sum_f64(null(), 0), 0.0);
            assert!(sum_f64(null(), 3).is_nan());
            assert!(sum_f64(misaligned, 1).is_nan());
            assert!(sum_f64(values.as_ptr(), usize::MAX).is_nan());
        }
    }

    #[test]
    fn cumulative_sums() {
        let values = [1.0, 2.0, 3.0];
        let mut out = [9.0; 4];
        // SAFETY: `values` holds 3 f64s, `out` 4 writable ones; the same pointers are used in the
        // checked calls: the correct lengths for the unchecked one.
        unsafe {
            assert_eq!(cumulative_sum(values.as_ptr(), 3, out.as_mut_ptr(), 4), 3);
            assert_eq!(out, [1.0, 3.0, 6.0, 9.0]);
            assert_eq!(
                cumulative_sum(values.as_ptr(), 3, out.as_mut_ptr(), 2),
                SLICES_ERROR
            );
            assert_eq!(cumulative_sum(null(), 3, out.as_mut_ptr(), 4), SLICES_ERROR);
            assert_eq!(
                cumulative_sum(values.as_ptr(), 3, null_mut(), 4),
                SLICES_ERROR
            );
            assert_eq!(cumulative_sum(null(), 0, null_mut(), 0), 0);
            let shared = out.as_mut_ptr();
            assert_eq!(cumulative_sum(shared, 2, shared.add(1), 3), SLICES_ERROR);
            assert_eq!(out, [1.0, 3.0, 6.0, 9.0]);
            cumulative_sum_unchecked(values.as_ptr(), out.as_mut_ptr(), 3);
        }
        assert_eq!(out, [1.0, 3.0, 6.0, 9.0]);
    }

    #[test]
    fn cumulative_sum_into_memory_never_written() {
        let values = [1.0, 2.0, 3.0];
        let mut out = [MaybeUninit::<f64>::uninit(); 3]; // what np.empty hands over
        // SAFETY: 3 values, and room for 3, uninitialised as the contract allows.
        let written = unsafe { cumulative_sum(values.as_ptr(), 3, out.as_mut_ptr().cast(), 3) };
        assert_eq!(written, 3);
        // SAFETY: cumulative_sum wrote 3 values.
        assert_eq!(out.map(|v| unsafe { v.assume_init() }), [1.0, 3.0, 6.0]);
    }

    #[test]
    fn scale_values_in_place() {
        let mut values = [1.0, -2.0];
        // SAFETY: `values` holds 2 writable f64s; NULL is documented to give false (true if empty).
        unsafe {
            assert!(scale_in_place(values.as_mut_ptr(), values.len(), 3.0));
            assert!(scale_in_place(null_mut(), 0, 3.0));
            assert!(!scale_in_place(null_mut(), 2, 3.0));
        }
        assert_eq!(values, [3.0, -6.0]);
    }
}
