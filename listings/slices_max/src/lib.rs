//! The exercise of Arrays and slices: the index of the largest value of a Python array.

use std::slice;

/// Returned instead of an index when there is no answer.
pub const NO_INDEX: isize = -1;

/// The index of the largest of the `len` values at `values`, the first one if several tie.
/// NaN is never the largest. Returns `NO_INDEX` for an empty array, an array of NaNs only,
/// or a NULL or misaligned `values` (with `len` above 0).
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s that nothing changes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn max_index(values: *const f64, len: usize) -> isize {
    // ANCHOR: solution
    // starter: NO_INDEX // your code here: the index of the largest value
    if len == 0
        || values.is_null()
        || !values.is_aligned()
        || len > isize::MAX as usize / size_of::<f64>()
    {
        return NO_INDEX;
    }
    // SAFETY: non-NULL, aligned, at most isize::MAX bytes; the caller promises `len` values.
    let values = unsafe { slice::from_raw_parts(values, len) };
    let mut best: Option<(usize, f64)> = None;
    for (i, &x) in values.iter().enumerate() {
        if !x.is_nan() && best.is_none_or(|(_, top)| x > top) {
            best = Some((i, x));
        }
    }
    best.and_then(|(i, _)| isize::try_from(i).ok())
        .unwrap_or(NO_INDEX)
    // ANCHOR_END: solution
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null;

    #[test]
    fn finds_the_first_largest_and_skips_nan() {
        let values = [1.0, f64::NAN, 7.5, -2.0, 7.5];
        // SAFETY: `values` holds 5 f64s; NULL and empty are documented to give NO_INDEX.
        unsafe {
            assert_eq!(max_index(values.as_ptr(), values.len()), 2);
            assert_eq!(max_index(values.as_ptr(), 2), 0);
            assert_eq!(max_index(values[1..].as_ptr(), 1), NO_INDEX);
            assert_eq!(max_index(null(), 3), NO_INDEX);
            assert_eq!(max_index(values.as_ptr(), 0), NO_INDEX);
        }
    }
}
