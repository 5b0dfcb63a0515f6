//! The exercise of Your own project: how high a Collatz chain climbs.

/// The highest number the Collatz chain from `n` reaches on its way to 1 (`n` itself if it
/// only falls). Returns 0 when there is no answer in 64 bits: `n` is 0, or a number on the way
/// exceeds `u64::MAX`.
#[unsafe(no_mangle)]
pub extern "C" fn collatz_peak(n: u64) -> u64 {
    peak(n).unwrap_or(0)
}

fn peak(mut n: u64) -> Option<u64> {
    // ANCHOR: solution
    // starter: n.checked_sub(n) // your code here: None when there is no answer in 64 bits
    if n == 0 {
        return None;
    }
    let mut highest = n;
    while n != 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            n.checked_mul(3)?.checked_add(1)?
        };
        highest = highest.max(n);
    }
    Some(highest)
    // ANCHOR_END: solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peaks() {
        assert_eq!(collatz_peak(1), 1);
        assert_eq!(collatz_peak(6), 16); // 6 3 10 5 16 8 4 2 1
        assert_eq!(collatz_peak(27), 9232);
        assert_eq!(collatz_peak(0), 0);
        assert_eq!(collatz_peak(u64::MAX), 0); // 3n + 1 leaves 64 bits at once
    }
}
