//! The exercise of Callbacks with context: Rust calls Python back for each divisor of a number.

use std::ffi::{c_int, c_void};

/// The callback: called with the caller's `user_data` and one divisor; it writes 0 to `*answer`
/// to go on. Rust puts 1 (stop) there first, so a callback that fails before it answers stops.
pub type VisitDivisor =
    Option<extern "C" fn(user_data: *mut c_void, divisor: u64, answer: *mut c_int)>;

/// Returned instead of a count when the callback is NULL.
pub const DIVISORS_NULL_CALLBACK: i64 = -1;

/// Calls `callback(user_data, d, answer)` for each divisor `d` of `n`, in increasing order,
/// until the callback leaves something other than 0 in `*answer`. Returns how many times it
/// was called, or `DIVISORS_NULL_CALLBACK` (calling nothing) if `callback` is NULL. 0 has no
/// divisors here. It tries every number up to the square root of `n`, with no call between two
/// divisors: for a prime near 2**60, about ten seconds of silence, near 2**64 minutes.
///
/// # Safety
/// `callback` must be NULL or a function that is safe to call with `user_data`, from this
/// thread, during the call; it may write one `c_int` to `*answer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn for_each_divisor(
    n: u64,
    callback: VisitDivisor,
    user_data: *mut c_void,
) -> i64 {
    let Some(callback) = callback else {
        return DIVISORS_NULL_CALLBACK;
    };
    // ANCHOR: solution
    // starter: 0 // your code here: call back for each divisor, smallest first; count the calls
    let mut calls = 0;
    // Divisors come in pairs, d and n / d with d * d <= n: first the small ones going up,
    // then, going back down, the large one of each pair, so that all come in increasing order.
    let mut d: u64 = 1;
    while d.checked_mul(d).is_some_and(|square| square <= n) {
        if n.is_multiple_of(d) {
            calls += 1;
            if !go_on(callback, user_data, d) {
                return calls;
            }
        }
        d += 1;
    }
    while d > 1 {
        d -= 1;
        if let (true, Some(large)) = (n.is_multiple_of(d), n.checked_div(d))
            && large != d
        {
            calls += 1;
            if !go_on(callback, user_data, large) {
                break;
            }
        }
    }
    calls
    // ANCHOR_END: solution
}

/// Calls `callback` with `divisor`; true if it wrote 0 (go on) to the answer Rust set to 1.
fn go_on(
    callback: extern "C" fn(*mut c_void, u64, *mut c_int),
    user_data: *mut c_void,
    divisor: u64,
) -> bool {
    let mut answer: c_int = 1;
    callback(user_data, divisor, &raw mut answer);
    answer == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null_mut;

    extern "C" fn collect(user_data: *mut c_void, divisor: u64, answer: *mut c_int) {
        // SAFETY: the tests pass a `Vec<u64>` as user_data, alive for the call, and
        // `for_each_divisor` a valid pointer to its own `c_int`.
        unsafe {
            (*user_data.cast::<Vec<u64>>()).push(divisor);
            answer.write(c_int::from(divisor == 4)); // stop at 4, to test stopping
        }
    }

    fn divisors(n: u64) -> (i64, Vec<u64>) {
        let mut found: Vec<u64> = Vec::new();
        // SAFETY: `collect` expects a Vec<u64>, which lives until the call returns.
        let calls = unsafe { for_each_divisor(n, Some(collect), (&raw mut found).cast()) };
        (calls, found)
    }

    #[test]
    fn divisors_in_increasing_order() {
        assert_eq!(divisors(36), (4, vec![1, 2, 3, 4])); // the callback stops at 4
        assert_eq!(divisors(15), (4, vec![1, 3, 5, 15]));
        assert_eq!(divisors(1), (1, vec![1]));
        assert_eq!(divisors(0), (0, vec![]));
        assert_eq!(divisors(97), (2, vec![1, 97]));
        // SAFETY: a NULL callback is documented to give DIVISORS_NULL_CALLBACK.
        let calls = unsafe { for_each_divisor(6, None, null_mut()) };
        assert_eq!(calls, DIVISORS_NULL_CALLBACK);
    }
}
