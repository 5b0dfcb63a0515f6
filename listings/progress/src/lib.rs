//! A long call that reports its progress through a callback, and stops when the callback asks.

use std::ffi::{c_int, c_void};

// ANCHOR: progress
/// Called now and then with how far the work is, and the caller's `user_data`; returns
/// `PROGRESS_GO_ON` to go on, anything else to stop the work early.
pub type Progress = Option<extern "C" fn(done: u64, total: u64, user_data: *mut c_void) -> c_int>;

/// What a `Progress` callback returns to let the work go on.
pub const PROGRESS_GO_ON: c_int = 0;
/// Returned by `count_primes` instead of a count when the callback stopped it.
pub const PROGRESS_CANCELLED: i64 = -1;

fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// Counts the primes below `n`, calling `progress` after every `every` numbers (and once at the
/// end) unless it is NULL or `every` is 0. Returns the count, or `PROGRESS_CANCELLED` as soon
/// as `progress` returns anything but `PROGRESS_GO_ON`.
///
/// # Safety
/// `progress` must be NULL or a function that may be called with `user_data` until
/// `count_primes` returns.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn count_primes(
    n: u64,
    progress: Progress,
    every: u64,
    user_data: *mut c_void,
) -> i64 {
    let mut found = 0;
    for i in 0..n {
        found += i64::from(is_prime(i));
        let done = i + 1;
        let report = every != 0 && (done.is_multiple_of(every) || done == n);
        if let (true, Some(progress)) = (report, progress)
            && progress(done, n, user_data) != PROGRESS_GO_ON
        {
            return PROGRESS_CANCELLED;
        }
    }
    found
}
// ANCHOR_END: progress

// Tests: the export called from Rust the way Python calls it (`cargo test`; `cargo miri test`
// on nightly looks for undefined behaviour).
#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn stop_at_half(done: u64, total: u64, _user_data: *mut c_void) -> c_int {
        c_int::from(done * 2 >= total)
    }

    extern "C" fn count_calls(_done: u64, _total: u64, user_data: *mut c_void) -> c_int {
        // SAFETY: the tests pass a pointer to a u64 that outlives the call.
        unsafe { *user_data.cast::<u64>() += 1 };
        PROGRESS_GO_ON
    }

    #[test]
    fn counts_reports_and_stops() {
        let mut calls = 0_u64;
        let user_data = (&raw mut calls).cast::<c_void>();
        // SAFETY: the callbacks are plain functions; `calls` outlives each call.
        unsafe {
            assert_eq!(count_primes(30, None, 10, std::ptr::null_mut()), 10);
            assert_eq!(count_primes(30, Some(count_calls), 10, user_data), 10);
            assert_eq!(count_primes(25, Some(count_calls), 10, user_data), 9);
            assert_eq!(count_primes(30, Some(count_calls), 0, user_data), 10);
            assert_eq!(
                count_primes(100, Some(stop_at_half), 10, std::ptr::null_mut()),
                PROGRESS_CANCELLED
            );
        }
        assert_eq!(calls, 3 + 3); // 10, 20, 30; then 10, 20 and the end, 25
    }
}
