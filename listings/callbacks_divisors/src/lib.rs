//! Exercise solution (Callbacks with context): Rust calls Python back for each divisor of a number.

use std::ffi::{c_int, c_void};

/// The callback: called with the caller's `user_data` and one divisor; returns 0 to go on,
/// anything else to stop.
pub type VisitDivisor = Option<extern "C" fn(user_data: *mut c_void, divisor: u64) -> c_int>;

/// Returned instead of a count when the callback is NULL.
pub const DIVISORS_NULL_CALLBACK: i64 = -1;

/// Calls `callback(user_data, d)` for each divisor `d` of `n`, in increasing order, until the
/// callback returns something other than 0. Returns how many times it was called, or
/// `DIVISORS_NULL_CALLBACK` (calling nothing) if `callback` is NULL. 0 has no divisors here.
/// It tries every number up to the square root of `n`: about a second for `n` near 2**60.
///
/// # Safety
/// `callback` must be NULL or a function that is safe to call with `user_data`, from this
/// thread, during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn for_each_divisor(
    n: u64,
    callback: VisitDivisor,
    user_data: *mut c_void,
) -> i64 {
    let Some(callback) = callback else {
        return DIVISORS_NULL_CALLBACK;
    };
    let mut calls = 0;
    // Divisors come in pairs, d and n / d with d * d <= n: first the small ones going up,
    // then, going back down, the large one of each pair, so that all come in increasing order.
    let mut d: u64 = 1;
    while d.checked_mul(d).is_some_and(|square| square <= n) {
        if n.is_multiple_of(d) {
            calls += 1;
            if callback(user_data, d) != 0 {
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
            if callback(user_data, large) != 0 {
                break;
            }
        }
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null_mut;

    extern "C" fn collect(user_data: *mut c_void, divisor: u64) -> c_int {
        // SAFETY: the tests pass a `Vec<u64>` as user_data, alive for the call.
        let found = unsafe { &mut *user_data.cast::<Vec<u64>>() };
        found.push(divisor);
        c_int::from(divisor == 4) // stop at 4, to test stopping
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
