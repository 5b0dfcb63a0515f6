//! The Rust side of the benchmarks: pi, a shuffle and squares.

use std::mem::MaybeUninit;

/// The largest length whose `f64`s fit in one Rust slice (`isize::MAX` bytes).
const MAX_LEN: usize = isize::MAX as usize / size_of::<f64>();

// ANCHOR: pi
/// Pi from the first `terms` terms of the Leibniz series, 4 * (1 - 1/3 + 1/5 - 1/7 + ...).
/// Eight partial sums side by side let the compiler use SIMD; 0 terms give 0.
#[unsafe(no_mangle)]
pub extern "C" fn pi_leibniz(terms: u64) -> f64 {
    let (mut plus, mut minus) = ([0.0_f64; 4], [0.0_f64; 4]);
    let mut denominator = 1.0; // 2k + 1 for the first term k of each group of eight
    for _ in 0..terms / 8 {
        for (lane, (plus, minus)) in plus.iter_mut().zip(&mut minus).enumerate() {
            let first = denominator + 4.0 * lane as f64; // +1/first - 1/(first + 2)
            *plus += 1.0 / first;
            *minus += 1.0 / (first + 2.0);
        }
        denominator += 16.0;
    }
    let mut rest = 0.0; // the last terms % 8 terms, one at a time
    for lane in 0..terms % 8 {
        let sign = if lane % 2 == 0 { 1.0 } else { -1.0 };
        rest += sign / (denominator + 2.0 * lane as f64);
    }
    4.0 * (plus.iter().sum::<f64>() - minus.iter().sum::<f64>() + rest)
}
// ANCHOR_END: pi

// ANCHOR: shuffle
/// SplitMix64: a tiny, fast pseudo-random generator (not for cryptography).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..bound`, by Lemire's multiply-and-reject: the high half of
    /// `random * bound`, retried in the rare case that the low half shows bias.
    fn below(&mut self, bound: u64) -> u64 {
        let mut product = u128::from(self.next()) * u128::from(bound);
        if (product as u64) < bound {
            let threshold = bound.wrapping_neg() % bound; // 2^64 mod bound; bound > 0 here
            while (product as u64) < threshold {
                product = u128::from(self.next()) * u128::from(bound);
            }
        }
        (product >> 64) as u64
    }
}

/// Shuffles the `len` values at `values` in place (Fisher-Yates); the same `seed` gives the
/// same order. Returns false, changing nothing, if `values` is NULL or misaligned, or `len`
/// is too large.
///
/// # Safety
/// `values` must be NULL or valid for reading and writing `len` initialised `f64`s (not the
/// uninitialised memory of `np.empty`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn shuffle_f64(values: *mut f64, len: usize, seed: u64) -> bool {
    if values.is_null() || !values.is_aligned() || len > MAX_LEN {
        return false;
    }
    // SAFETY: checked non-NULL, aligned and length; the caller promises `len` valid values.
    let values = unsafe { std::slice::from_raw_parts_mut(values, len) };
    let mut rng = SplitMix64(seed);
    for i in (1..len).rev() {
        let j = rng.below(i as u64 + 1) as usize; // 0 <= j <= i
        // Swap values[j] and values[i] without indexing: no bounds check that could panic.
        if let Some((head, [last, ..])) = values.split_at_mut_checked(i)
            && let Some(other) = head.get_mut(j)
        {
            std::mem::swap(other, last);
        }
    }
    true
}
// ANCHOR_END: shuffle

// ANCHOR: squares
/// Writes the square of each of the `len` values at `input` to `out`. Returns false, writing
/// nothing, if a pointer is NULL or misaligned, `len` is too large or the buffers overlap.
///
/// # Safety
/// `input` must be NULL or point to `len` valid `f64`s, `out` NULL or valid for writing `len`
/// `f64`s (initialised or not: a fresh `np.empty` is fine).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn squares(input: *const f64, out: *mut f64, len: usize) -> bool {
    if input.is_null() || out.is_null() || !input.is_aligned() || !out.is_aligned() || len > MAX_LEN
    {
        return false;
    }
    let (start, end) = (input as usize, input as usize + len * size_of::<f64>());
    let (out_start, out_end) = (out as usize, out as usize + len * size_of::<f64>());
    if len > 0 && start < out_end && out_start < end {
        return false; // Rust may not read a slice while writing to it
    }
    // SAFETY: checked non-NULL, aligned, length and no overlap; the caller promises valid buffers.
    let (input, out) = unsafe {
        (
            std::slice::from_raw_parts(input, len),
            std::slice::from_raw_parts_mut(out.cast::<MaybeUninit<f64>>(), len),
        )
    };
    // Iterators without indexing: no bounds checks, so the loop compiles to SIMD code.
    for (square, x) in out.iter_mut().zip(input) {
        square.write(x * x);
    }
    true
}
// ANCHOR_END: squares

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    #[test]
    fn pi() {
        assert_eq!(pi_leibniz(0), 0.0);
        assert_eq!(pi_leibniz(1), 4.0);
        assert!(
            (pi_leibniz(9)
                - 4.0
                    * (1.0 - 1.0 / 3.0 + 1.0 / 5.0 - 1.0 / 7.0 + 1.0 / 9.0 - 1.0 / 11.0
                        + 1.0 / 13.0
                        - 1.0 / 15.0
                        + 1.0 / 17.0))
                .abs()
                < 1e-12
        );
        // Miri interprets every instruction: a million terms would take minutes there.
        let terms = if cfg!(miri) { 10_000 } else { 1_000_000 };
        assert!((pi_leibniz(terms) - std::f64::consts::PI).abs() < 1.01 / terms as f64);
    }

    #[test]
    fn shuffle_and_bad_input() {
        let mut values: Vec<f64> = (0..50).map(f64::from).collect();
        let mut again = values.clone();
        let misaligned = values
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<f64>();
        // SAFETY: `values` and `again` hold 50 f64s; NULL, misaligned and huge lengths are
        // documented to give false without touching memory; a zero length touches nothing.
        unsafe {
            assert!(shuffle_f64(values.as_mut_ptr(), 50, 3));
            assert!(shuffle_f64(again.as_mut_ptr(), 50, 3));
            assert!(shuffle_f64(values.as_mut_ptr(), 0, 3));
            assert!(!shuffle_f64(null_mut(), 0, 3));
            assert!(!shuffle_f64(null_mut(), 50, 3));
            assert!(!shuffle_f64(misaligned, 1, 3));
            assert!(!shuffle_f64(values.as_mut_ptr(), usize::MAX, 3));
        }
        assert_eq!(values, again);
        assert_ne!(values, (0..50).map(f64::from).collect::<Vec<_>>());
        values.sort_by(f64::total_cmp);
        assert_eq!(values, (0..50).map(f64::from).collect::<Vec<_>>());
    }

    #[test]
    fn squares_into_memory_never_written() {
        let input = [1.0, 2.0, 3.0];
        let mut out = [MaybeUninit::<f64>::uninit(); 3]; // what np.empty hands over
        // SAFETY: 3 values, and room for 3, uninitialised as the contract allows.
        assert!(unsafe { squares(input.as_ptr(), out.as_mut_ptr().cast(), 3) });
        // SAFETY: squares returned true, so it wrote all three.
        assert_eq!(out.map(|v| unsafe { v.assume_init() }), [1.0, 4.0, 9.0]);
    }

    #[test]
    fn squares_and_bad_input() {
        let values = [-3.0, 0.5, 2.0];
        let mut out = [9.0; 3];
        let misaligned = out.as_mut_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
        // SAFETY: `values` holds 3 f64s and `out` 3 writable ones; NULL, misaligned, overlapping
        // and huge lengths are documented to give false without touching memory.
        unsafe {
            assert!(!squares(null(), out.as_mut_ptr(), 3));
            assert!(!squares(values.as_ptr(), null_mut(), 3));
            assert!(!squares(values.as_ptr(), misaligned, 1));
            assert!(!squares(values.as_ptr(), out.as_mut_ptr(), usize::MAX));
            assert!(!squares(out.as_ptr(), out.as_mut_ptr().wrapping_add(1), 2));
            assert!(squares(values.as_ptr(), out.as_mut_ptr(), 0));
            assert_eq!(out, [9.0; 3]);
            assert!(squares(values.as_ptr(), out.as_mut_ptr(), 3));
        }
        assert_eq!(out, [9.0, 0.25, 4.0]);
    }
}
