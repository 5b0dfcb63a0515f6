//! Memory that Rust allocates and Python owns: one free function per owned type.

use std::sync::atomic::{AtomicUsize, Ordering};

// ANCHOR: counter
/// How many values handed out by this library are not freed yet.
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// The number of allocations handed out and not yet freed: lets Python watch the frees.
#[unsafe(no_mangle)]
pub extern "C" fn live_allocations() -> usize {
    LIVE.load(Ordering::SeqCst)
}
// ANCHOR_END: counter

/// The longest slice `squares_new` makes: 2**28 values, 2 GiB of `f64`. On a 32-bit target
/// (i686, wasm32) no allocation may pass `isize::MAX` bytes, so there it is one value less.
pub const MAX_LEN: usize = {
    let largest = isize::MAX as usize / size_of::<f64>();
    if largest < 1 << 28 { largest } else { 1 << 28 }
};

// ANCHOR: slice
/// Returns the squares 0, 1, 4, ... of the first `n` integers as a boxed slice, and writes
/// its length to `*out_len`. Free it with `squares_free`. Returns NULL if `out_len` is NULL
/// or misaligned, if `n` is above `MAX_LEN`, or if memory for `n` values cannot be had.
///
/// # Safety
/// `out_len` must be NULL or point to memory for one `usize`.
///
/// # Panics
/// Never: the memory is asked for with `try_reserve_exact`, which reports a failure instead
/// of aborting. (rustc keeps a panic path for `into_boxed_slice`, which an exact reservation
/// never takes.) A panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn squares_new(n: usize, out_len: *mut usize) -> *mut f64 {
    if out_len.is_null() || !out_len.is_aligned() || n > MAX_LEN {
        return std::ptr::null_mut();
    }
    let mut squares: Vec<f64> = Vec::new();
    if squares.try_reserve_exact(n).is_err() {
        return std::ptr::null_mut(); // no memory for n values: NULL, not an abort
    }
    squares.extend((0..n).map(|i| (i as f64) * (i as f64)));
    // A boxed slice has no spare capacity: its pointer and length are all there is to free.
    let squares: Box<[f64]> = squares.into_boxed_slice();
    // SAFETY: checked non-NULL and aligned; the caller promises room for one usize.
    unsafe { out_len.write(squares.len()) };
    LIVE.fetch_add(1, Ordering::SeqCst);
    Box::into_raw(squares).cast::<f64>() // Rust forgets it: now the caller owns it
}

/// Frees a slice made by `squares_new`. NULL is accepted and does nothing.
///
/// # Safety
/// `ptr` must be NULL, or a pointer from `squares_new` with the length it reported, not
/// freed before. The slice must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn squares_free(ptr: *mut f64, len: usize) {
    if ptr.is_null() {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(ptr, len);
    // SAFETY: the caller promises this is the Box<[f64]> that squares_new gave away.
    drop(unsafe { Box::from_raw(slice) });
    LIVE.fetch_sub(1, Ordering::SeqCst);
}
// ANCHOR_END: slice

// ANCHOR: boxed
/// A summary of some values.
#[repr(C)]
pub struct Stats {
    pub count: usize,
    pub mean: f64,
    pub max: f64,
}

/// Summarizes `len` values in a `Stats` on the heap; free it with `stats_free`. Returns NULL
/// if `values` is NULL or misaligned, or `len` is 0 or too large for any array.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s.
///
/// # Panics
/// Only if memory runs out, which aborts the process anyway.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_new(values: *const f64, len: usize) -> *mut Stats {
    let too_long = len > isize::MAX as usize / size_of::<f64>();
    if values.is_null() || !values.is_aligned() || len == 0 || too_long {
        return std::ptr::null_mut();
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` values.
    let values = unsafe { std::slice::from_raw_parts(values, len) };
    let stats = Stats {
        count: len,
        mean: values.iter().sum::<f64>() / len as f64,
        max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    };
    LIVE.fetch_add(1, Ordering::SeqCst);
    Box::into_raw(Box::new(stats))
}

/// Frees a `Stats` made by `stats_new`. NULL is accepted and does nothing.
///
/// # Safety
/// `stats` must be NULL or a pointer from `stats_new`, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn stats_free(stats: *mut Stats) {
    if stats.is_null() {
        return;
    }
    // SAFETY: the caller promises this is the Box that stats_new gave away.
    drop(unsafe { Box::from_raw(stats) });
    LIVE.fetch_sub(1, Ordering::SeqCst);
}
// ANCHOR_END: boxed

// ANCHOR: dangling
/// DANGEROUS, for the use-after-free demonstration only: returns a pointer to `n` squares
/// that are freed before the function returns. Reading through it is undefined behaviour.
///
/// # Panics
/// For a huge `n` (capacity overflow), which aborts the process: a danger demonstration.
#[unsafe(no_mangle)]
pub extern "C" fn dangling_squares(n: usize) -> *const f64 {
    let squares: Vec<f64> = (0..n).map(|i| (i as f64) * (i as f64)).collect();
    let ptr = std::hint::black_box(&squares).as_ptr(); // keep the writes: someone "uses" them
    ptr // `squares` is dropped here, and its memory freed: `ptr` dangles
}
// ANCHOR_END: dangling

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squares_round_trip() {
        let mut len = 0;
        // SAFETY: `len` is a valid place for one usize.
        let ptr = unsafe { squares_new(5, &mut len) };
        assert_eq!(len, 5);
        // SAFETY: squares_new returned `len` initialized values.
        let values = unsafe { std::slice::from_raw_parts(ptr, len) };
        assert_eq!(values, [0.0, 1.0, 4.0, 9.0, 16.0]);
        // SAFETY: the pointer and length squares_new gave, freed once.
        unsafe { squares_free(ptr, len) };
    }

    /// The limit itself, on a 32-bit target, where 2 GiB is more than any allocation may be
    /// (elsewhere it is 2 GiB to fill, too slow under valgrind and Miri): NULL or the slice,
    /// never an abort.
    #[test]
    #[cfg(target_pointer_width = "32")]
    fn squares_at_the_limit() {
        let mut len = 0;
        // SAFETY: `len` is a valid place for one usize; a non-NULL result is freed once.
        unsafe {
            let ptr = squares_new(MAX_LEN, &mut len);
            if !ptr.is_null() {
                assert_eq!(len, MAX_LEN);
                squares_free(ptr, len);
            }
        }
    }

    #[test]
    fn squares_bad_input() {
        let mut len = 7;
        // SAFETY: NULL out_len and an oversized n are documented to give NULL.
        unsafe {
            assert!(squares_new(3, std::ptr::null_mut()).is_null());
            assert!(squares_new(MAX_LEN + 1, &mut len).is_null());
            squares_free(std::ptr::null_mut(), 3);
        }
        assert_eq!(len, 7);
        let mut empty = 9;
        // SAFETY: `empty` is valid; a zero-length boxed slice is freed like any other.
        unsafe {
            let ptr = squares_new(0, &mut empty);
            assert_eq!(empty, 0);
            squares_free(ptr, empty);
        }
    }

    #[test]
    fn stats_round_trip_and_bad_input() {
        let values = [1.0, 4.0, 10.0, 1.0];
        // SAFETY: `values` holds 4 f64s; NULL and len 0 are documented to give NULL.
        unsafe {
            let stats = stats_new(values.as_ptr(), values.len());
            assert_eq!(
                ((*stats).count, (*stats).mean, (*stats).max),
                (4, 4.0, 10.0)
            );
            stats_free(stats);
            assert!(stats_new(std::ptr::null(), 4).is_null());
            assert!(stats_new(values.as_ptr(), 0).is_null());
            stats_free(std::ptr::null_mut());
        }
    }

    #[test]
    fn misaligned_pointers_are_refused() {
        let mut words = [0u64; 3];
        // One byte past an 8-byte boundary, as a view into a byte buffer can start.
        let skewed = words.as_mut_ptr().cast::<u8>().wrapping_add(1);
        // SAFETY: misaligned pointers are documented to give NULL before anything is touched.
        unsafe {
            assert!(squares_new(3, skewed.cast()).is_null());
            assert!(stats_new(skewed.cast(), 2).is_null());
            assert!(stats_new(words.as_ptr().cast(), usize::MAX).is_null());
        }
        assert_eq!(words, [0; 3]);
    }
}
