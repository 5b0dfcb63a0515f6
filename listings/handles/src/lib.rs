//! An opaque handle: a Rust object that Python holds by its address and uses through functions.

// ANCHOR: codes
/// Success.
pub const STATS_OK: i32 = 0;
/// The handle was NULL.
pub const STATS_NULL_HANDLE: i32 = -1;
/// `values` was NULL although `len` was not 0.
pub const STATS_NULL_VALUES: i32 = -2;
/// `len` is too large to be the length of an array of `f64` in memory.
pub const STATS_TOO_LONG: i32 = -3;
/// `values` is not a multiple of 8, the alignment of an `f64`, so it cannot be read as one.
pub const STATS_MISALIGNED: i32 = -4;
// ANCHOR_END: codes

// ANCHOR: object
/// Count, mean, variance, minimum and maximum of a stream of numbers, updated one value at
/// a time (Welford's method). Not `#[repr(C)]`: C and Python never see its fields.
pub struct RunningStats {
    count: u64,
    mean: f64,
    m2: f64, // the sum of squared distances from the mean
    min: f64,
    max: f64,
}

impl RunningStats {
    fn push(&mut self, x: f64) {
        self.count = self.count.saturating_add(1);
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }
}
// ANCHOR_END: object

// ANCHOR: lifecycle
/// Creates an empty `RunningStats` on the heap and hands its address to the caller, who
/// owns it from now on and must give it back to `stats_free`.
///
/// # Panics
/// Only if memory runs out, which aborts the process anyway.
#[unsafe(no_mangle)]
pub extern "C" fn stats_new() -> *mut RunningStats {
    let stats = RunningStats {
        count: 0,
        mean: 0.0,
        m2: 0.0,
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
    };
    Box::into_raw(Box::new(stats))
}

/// Frees a `RunningStats` made by `stats_new`. NULL is accepted and does nothing.
///
/// # Safety
/// `stats` must be NULL or a handle from `stats_new` that was not freed before. The handle
/// must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_free(stats: *mut RunningStats) {
    if !stats.is_null() {
        // SAFETY: the caller promises this is the Box that stats_new gave away, still alive.
        drop(unsafe { Box::from_raw(stats) });
    }
}
// ANCHOR_END: lifecycle

// ANCHOR: push
/// Adds one value. Returns `STATS_OK`, or `STATS_NULL_HANDLE`.
///
/// # Safety
/// `stats` must be NULL or a live handle from `stats_new`, used by no other thread meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_push(stats: *mut RunningStats, x: f64) -> i32 {
    // SAFETY: the caller promises NULL or a live handle; `as_mut` turns NULL into None.
    let Some(stats) = (unsafe { stats.as_mut() }) else {
        return STATS_NULL_HANDLE;
    };
    stats.push(x);
    STATS_OK
}

/// Adds `len` values. `values` may be anything, even NULL, when `len` is 0. Returns
/// `STATS_OK` or an error code, and adds nothing on error.
///
/// # Safety
/// `stats` as for `stats_push`; `values` must be NULL or point to `len` valid `f64`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_push_many(
    stats: *mut RunningStats,
    values: *const f64,
    len: usize,
) -> i32 {
    // SAFETY: the caller promises NULL or a live handle.
    let Some(stats) = (unsafe { stats.as_mut() }) else {
        return STATS_NULL_HANDLE;
    };
    if len > isize::MAX as usize / size_of::<f64>() {
        return STATS_TOO_LONG; // no array in memory is that long
    }
    if len == 0 {
        return STATS_OK; // nothing to read: any pointer will do, even NULL
    }
    if values.is_null() {
        return STATS_NULL_VALUES;
    }
    if !values.is_aligned() {
        return STATS_MISALIGNED;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` valid
    // values.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    values.iter().for_each(|&x| stats.push(x));
    STATS_OK
}
// ANCHOR_END: push

// ANCHOR: getters
/// The number of values added, or -1 if `stats` is NULL.
///
/// # Safety
/// `stats` must be NULL or a live handle from `stats_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_count(stats: *const RunningStats) -> i64 {
    // SAFETY: the caller promises NULL or a live handle.
    unsafe { stats.as_ref() }.map_or(-1, |s| i64::try_from(s.count).unwrap_or(i64::MAX))
}

/// One figure of `stats`, or NaN if there is no `stats` or it holds fewer than `at_least` values.
fn figure(stats: Option<&RunningStats>, at_least: u64, f: fn(&RunningStats) -> f64) -> f64 {
    match stats {
        Some(s) if s.count >= at_least => f(s),
        _ => f64::NAN,
    }
}

/// The mean, or NaN if `stats` is NULL or empty.
///
/// # Safety
/// `stats` must be NULL or a live handle from `stats_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_mean(stats: *const RunningStats) -> f64 {
    // SAFETY: the caller promises NULL or a live handle.
    figure(unsafe { stats.as_ref() }, 1, |s| s.mean)
}
// ANCHOR_END: getters

/// The sample variance (divided by count - 1), or NaN if `stats` is NULL or holds fewer
/// than 2 values.
///
/// # Safety
/// `stats` must be NULL or a live handle from `stats_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_variance(stats: *const RunningStats) -> f64 {
    // SAFETY: the caller promises NULL or a live handle.
    figure(unsafe { stats.as_ref() }, 2, |s| {
        s.m2 / (s.count - 1) as f64
    })
}

/// The smallest value, or NaN if `stats` is NULL or empty.
///
/// # Safety
/// `stats` must be NULL or a live handle from `stats_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_min(stats: *const RunningStats) -> f64 {
    // SAFETY: the caller promises NULL or a live handle.
    figure(unsafe { stats.as_ref() }, 1, |s| s.min)
}

/// The largest value, or NaN if `stats` is NULL or empty.
///
/// # Safety
/// `stats` must be NULL or a live handle from `stats_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_max(stats: *const RunningStats) -> f64 {
    // SAFETY: the caller promises NULL or a live handle.
    figure(unsafe { stats.as_ref() }, 1, |s| s.max)
}

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    #[test]
    fn create_use_free() {
        let stats = stats_new();
        let values = [4.0, 8.0];
        // SAFETY: `stats` is a live handle until stats_free, freed once; `values` holds 2 f64s;
        // NULL values with length 0 are documented to be fine, and a huge length is refused
        // before anything is read.
        unsafe {
            assert_eq!(stats_count(stats), 0);
            assert!(stats_mean(stats).is_nan() && stats_min(stats).is_nan());
            assert_eq!(stats_push(stats, 0.0), STATS_OK);
            assert!(stats_variance(stats).is_nan());
            assert_eq!(
                stats_push_many(stats, values.as_ptr(), values.len()),
                STATS_OK
            );
            assert_eq!(stats_push_many(stats, null(), 0), STATS_OK);
            assert_eq!(stats_push_many(stats, null(), 2), STATS_NULL_VALUES);
            assert_eq!(
                stats_push_many(stats, values.as_ptr(), usize::MAX),
                STATS_TOO_LONG
            );
            let words = [0u64; 2];
            // One byte past an 8-byte boundary, as a view into a byte buffer can start.
            let skewed = words.as_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
            assert_eq!(stats_push_many(stats, skewed, 1), STATS_MISALIGNED);
            assert_eq!(stats_count(stats), 3);
            assert_eq!(stats_mean(stats), 4.0);
            assert_eq!(stats_variance(stats), 16.0);
            assert_eq!((stats_min(stats), stats_max(stats)), (0.0, 8.0));
            stats_free(stats);
        }
    }

    #[test]
    fn null_handle() {
        // SAFETY: a NULL handle is documented to give an error value, and to be freed as a no-op.
        unsafe {
            assert_eq!(stats_push(null_mut(), 1.0), STATS_NULL_HANDLE);
            assert_eq!(
                stats_push_many(null_mut(), [1.0].as_ptr(), 1),
                STATS_NULL_HANDLE
            );
            assert_eq!(stats_count(null()), -1);
            assert!(stats_mean(null()).is_nan() && stats_variance(null()).is_nan());
            assert!(stats_min(null()).is_nan() && stats_max(null()).is_nan());
            stats_free(null_mut());
        }
    }
}
