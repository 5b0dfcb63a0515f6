//! NumPy arrays seen from Rust: the address of the first element and a count, nothing more.

/// The longest slice of `f64` or `i64` that can exist: `from_raw_parts` needs
/// `len * 8 <= isize::MAX`. A longer `len` is a caller's bug, answered with an error value.
const MAX_LEN: usize = isize::MAX as usize / 8;

use std::mem::MaybeUninit;

// ANCHOR: one_d
/// The sum of the `len` values at `values`: 0.0 if `len` is 0, NaN if `values` is NULL or
/// misaligned (a NumPy array need not be aligned), or `len` is above what any array can hold.
///
/// # Safety
/// `values` must be NULL or point to `len` consecutive, initialized `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sum(values: *const f64, len: usize) -> f64 {
    if values.is_null() || !values.is_aligned() || len > MAX_LEN {
        return f64::NAN;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` values.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    // Not `.sum()`: for f64 it starts from -0.0, so an empty array would give -0.0.
    values.iter().fold(0.0, |total, v| total + v)
}

/// Multiplies each of the `len` values at `values` by `factor`, in place. Returns false, and
/// changes nothing, if `values` is NULL or misaligned, or `len` is above what any array can hold.
///
/// # Safety
/// `values` must be NULL or point to `len` consecutive `f64`s that nothing else reads or
/// writes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn scale_in_place(values: *mut f64, len: usize, factor: f64) -> bool {
    if values.is_null() || !values.is_aligned() || len > MAX_LEN {
        return false;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` values we
    // may write.
    let values = unsafe { std::slice::from_raw_parts_mut(values, len) };
    for v in values {
        *v *= factor;
    }
    true
}
// ANCHOR_END: one_d

// ANCHOR: integers
/// Adds `amount` to each of the `len` integers at `values`, in place, stopping at the `i64`
/// limits instead of overflowing. Returns false, and changes nothing, if `values` is NULL or
/// misaligned, or `len` is above what any array can hold.
///
/// # Safety
/// `values` must be NULL or point to `len` consecutive `i64`s that nothing else reads or
/// writes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn add_in_place_i64(values: *mut i64, len: usize, amount: i64) -> bool {
    if values.is_null() || !values.is_aligned() || len > MAX_LEN {
        return false;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` values we
    // may write.
    let values = unsafe { std::slice::from_raw_parts_mut(values, len) };
    for v in values {
        *v = v.saturating_add(amount);
    }
    true
}
// ANCHOR_END: integers

// ANCHOR: two_d
/// Writes into `out[r]` the sum of row `r` of a `rows` x `cols` matrix stored in C order:
/// row after row, so element (r, c) is at index `r * cols + c`. Returns false, and writes
/// nothing, if a pointer is NULL or misaligned, or `rows * cols` is above what any array can
/// hold.
///
/// # Safety
/// `values` must be NULL or point to `rows * cols` consecutive `f64`s; `out` must be NULL or
/// point to room for `rows` `f64`s, not overlapping `values` (the room need not be initialized:
/// `np.empty` is fine).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn row_sums(
    values: *const f64,
    rows: usize,
    cols: usize,
    out: *mut f64,
) -> bool {
    let Some(len) = rows.checked_mul(cols) else {
        return false;
    };
    if values.is_null() || out.is_null() || !values.is_aligned() || !out.is_aligned() {
        return false;
    }
    if len > MAX_LEN || rows > MAX_LEN {
        return false;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `rows * cols`
    // values.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    // `np.empty` memory holds whatever was there before: a `&mut [f64]` over it would claim
    // `rows` valid floats. `MaybeUninit<f64>` claims nothing; we only ever write to it.
    // SAFETY: checked non-NULL and aligned (MaybeUninit<f64> has f64's layout); the caller
    // promises room for `rows` values, apart from `values`.
    let out = unsafe { std::slice::from_raw_parts_mut(out.cast::<MaybeUninit<f64>>(), rows) };
    if cols == 0 {
        out.fill(MaybeUninit::new(0.0)); // `chunks_exact(0)` would panic: an empty row sums to 0
    } else {
        for (slot, row) in out.iter_mut().zip(values.chunks_exact(cols)) {
            slot.write(row.iter().fold(0.0, |total, v| total + v));
        }
    }
    true
}
// ANCHOR_END: two_d

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    #[test]
    fn one_d_and_integers() {
        let mut values = [1.0, 2.5, -4.0];
        let mut ints = [i64::MAX - 1, 0, i64::MIN];
        // SAFETY: the arrays hold 3 values each; NULL and huge lengths are documented to refuse.
        unsafe {
            assert_eq!(sum(values.as_ptr(), 3), -0.5);
            assert!(scale_in_place(values.as_mut_ptr(), 3, 2.0));
            assert!(add_in_place_i64(ints.as_mut_ptr(), 3, 5));
            assert!(sum(null(), 3).is_nan());
            assert!(sum(values.as_ptr(), usize::MAX).is_nan());
            assert!(!scale_in_place(null_mut(), 3, 2.0));
            assert!(!add_in_place_i64(ints.as_mut_ptr(), usize::MAX, 1));
        }
        assert_eq!(values, [2.0, 5.0, -8.0]);
        assert_eq!(ints, [i64::MAX, 5, i64::MIN + 5]);
    }

    #[test]
    fn row_sums_into_memory_never_written() {
        let matrix = [1.0, 2.0, 3.0, 4.0]; // 2 x 2
        let mut out = [MaybeUninit::<f64>::uninit(); 2]; // what np.empty hands over
        // SAFETY: 4 values and room for 2, uninitialized as the contract allows.
        assert!(unsafe { row_sums(matrix.as_ptr(), 2, 2, out.as_mut_ptr().cast()) });
        // SAFETY: row_sums returned true, so it wrote both.
        assert_eq!(out.map(|v| unsafe { v.assume_init() }), [3.0, 7.0]);
    }

    #[test]
    fn empty_is_plus_zero_and_misaligned_is_refused() {
        let mut words = [0u64; 4];
        // One byte past an 8-byte boundary: what `np.frombuffer(data, offset=1)` can give.
        let skewed = words.as_mut_ptr().cast::<u8>().wrapping_add(1);
        let mut out = [0.0; 2];
        // SAFETY: an empty array, and misaligned pointers, which are documented to refuse.
        unsafe {
            assert!(sum(words.as_ptr().cast(), 0).is_sign_positive());
            assert!(sum(skewed.cast(), 2).is_nan());
            assert!(!scale_in_place(skewed.cast(), 2, 2.0));
            assert!(!add_in_place_i64(skewed.cast(), 2, 1));
            assert!(!row_sums(skewed.cast(), 1, 2, out.as_mut_ptr()));
            assert!(!row_sums(words.as_ptr().cast(), 1, 2, skewed.cast()));
        }
        assert_eq!(words, [0; 4]);
    }

    #[test]
    fn row_sums_in_c_order() {
        let matrix = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]; // 2 x 3
        let mut out = [9.0; 2];
        // SAFETY: 6 values and room for 2; NULL, overflowing shapes and 0 columns as documented.
        unsafe {
            assert!(row_sums(matrix.as_ptr(), 2, 3, out.as_mut_ptr()));
            assert_eq!(out, [3.0, 12.0]);
            assert!(row_sums(matrix.as_ptr(), 2, 0, out.as_mut_ptr()));
            assert_eq!(out, [0.0, 0.0]);
            assert!(!row_sums(null(), 2, 3, out.as_mut_ptr()));
            assert!(!row_sums(matrix.as_ptr(), usize::MAX, 2, out.as_mut_ptr()));
            assert!(!row_sums(matrix.as_ptr(), 2, 3, null_mut()));
        }
    }
}
