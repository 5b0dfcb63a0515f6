// ANCHOR: exports
//! Numbers and booleans in, numbers and booleans out.

/// Adds two 64-bit integers, wrapping on overflow instead of panicking.
#[unsafe(no_mangle)]
pub extern "C" fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// Multiplies a double by a factor.
#[unsafe(no_mangle)]
pub extern "C" fn scale(x: f64, factor: f64) -> f64 {
    x * factor
}

/// Tells whether `n` is even. Rust's `bool` has the size and meaning of C's `bool`.
#[unsafe(no_mangle)]
pub extern "C" fn is_even(n: u32) -> bool {
    n.is_multiple_of(2)
}

// ANCHOR_END: exports
// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_wraps_instead_of_panicking() {
        assert_eq!(add(2, 40), 42);
        assert_eq!(add(-5, 3), -2);
        assert_eq!(add(i64::MAX, 1), i64::MIN);
        assert_eq!(add(i64::MIN, -1), i64::MAX);
    }

    #[test]
    fn scale_and_parity() {
        assert_eq!(scale(1.5, 4.0), 6.0);
        assert!(scale(f64::NAN, 2.0).is_nan());
        assert!(is_even(0) && is_even(u32::MAX - 1));
        assert!(!is_even(7) && !is_even(u32::MAX));
    }
}
