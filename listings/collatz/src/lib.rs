// ANCHOR: exports
//! Collatz chains: the hot loop of a Python program, moved into Rust.

/// Steps from `n` down to 1, or `None` when 64 bits cannot hold the answer.
fn steps(mut n: u64) -> Option<i64> {
    if n == 0 {
        return None; // 0 never reaches 1
    }
    let mut count: i64 = 0;
    while n != 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            n.checked_mul(3)?.checked_add(1)?
        };
        count = count.saturating_add(1);
    }
    Some(count)
}

/// The number of steps the Collatz rule (halve an even number; triple an odd
/// one and add one) takes to bring `n` down to 1. Returns -1 when there is no
/// answer in 64 bits: `n` is 0, or a number on the way exceeds `u64::MAX`.
#[unsafe(no_mangle)]
pub extern "C" fn collatz_steps(n: u64) -> i64 {
    steps(n).unwrap_or(-1)
}

/// The start below `limit` whose chain to 1 is the longest (the smallest such
/// start on a tie), or 0 when `limit` is 0 or 1. Starts whose chain leaves 64
/// bits are skipped. The whole loop runs in Rust: one call from Python, however
/// large `limit` is.
#[unsafe(no_mangle)]
pub extern "C" fn longest_below(limit: u64) -> u64 {
    let (mut best, mut most) = (0, -1);
    for n in 1..limit {
        let count = steps(n).unwrap_or(-1);
        if count > most {
            (best, most) = (n, count);
        }
    }
    best
}

// ANCHOR_END: exports
// Tests: each export called from Rust the way Python calls it. `cargo test`
// runs them.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_of_known_starts() {
        assert_eq!(collatz_steps(1), 0);
        assert_eq!(collatz_steps(2), 1);
        assert_eq!(collatz_steps(27), 111);
        assert_eq!(collatz_steps(1 << 40), 40);
    }

    #[test]
    fn no_answer_in_64_bits() {
        assert_eq!(collatz_steps(0), -1);
        // Odd, so the first step, 3 * n + 1, overflows.
        assert_eq!(collatz_steps(u64::MAX), -1);
    }

    #[test]
    fn longest_chain() {
        assert_eq!(longest_below(0), 0);
        assert_eq!(longest_below(1), 0);
        assert_eq!(longest_below(2), 1);
        assert_eq!(longest_below(10), 9); // 19 steps
        assert_eq!(longest_below(1000), 871); // 178 steps
    }
}
