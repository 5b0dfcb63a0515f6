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

#[cfg(test)]
mod tests;
