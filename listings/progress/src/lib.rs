//! A long call that reports its progress through a callback, and stops when the callback asks.

use std::ffi::{c_int, c_void};

// ANCHOR: progress
/// Called now and then with how far the work is, and the caller's `user_data`; it writes
/// `PROGRESS_GO_ON` to `*answer` to let the work go on. Rust puts `PROGRESS_STOP` there first,
/// so a callback that failed before it could answer (Ctrl+C, a RecursionError) stops the work:
/// a return value would be whatever was left in a register.
pub type Progress =
    Option<extern "C" fn(done: u64, total: u64, user_data: *mut c_void, answer: *mut c_int)>;

/// What a `Progress` callback writes to `*answer` to let the work go on.
pub const PROGRESS_GO_ON: c_int = 0;
/// What Rust writes to `*answer` before each call: anything but `PROGRESS_GO_ON` stops.
pub const PROGRESS_STOP: c_int = 1;
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
/// as `progress` leaves anything but `PROGRESS_GO_ON` in `*answer`.
///
/// # Safety
/// `progress` must be NULL or a function that may be called with `user_data` until
/// `count_primes` returns. It may write one `c_int` to `*answer`, and keep nothing of it.
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
        if let (true, Some(progress)) = (report, progress) {
            let mut answer = PROGRESS_STOP;
            progress(done, n, user_data, &raw mut answer);
            if answer != PROGRESS_GO_ON {
                return PROGRESS_CANCELLED;
            }
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

    extern "C" fn stop_at_half(done: u64, total: u64, _: *mut c_void, answer: *mut c_int) {
        if done * 2 < total {
            // SAFETY: `count_primes` passes a valid pointer to its own `c_int`.
            unsafe { answer.write(PROGRESS_GO_ON) };
        }
    }

    extern "C" fn count_calls(_done: u64, _total: u64, user_data: *mut c_void, answer: *mut c_int) {
        // SAFETY: the tests pass a pointer to a u64 that outlives the call; `count_primes`
        // passes a valid pointer to its own `c_int`.
        unsafe {
            *user_data.cast::<u64>() += 1;
            answer.write(PROGRESS_GO_ON);
        }
    }

    /// A callback that fails before it answers, as a Python one does when Ctrl+C lands first.
    extern "C" fn silent(_done: u64, _total: u64, _: *mut c_void, _answer: *mut c_int) {}

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
            let silent = count_primes(100, Some(silent), 10, std::ptr::null_mut());
            assert_eq!(silent, PROGRESS_CANCELLED);
        }
        assert_eq!(calls, 3 + 3); // 10, 20, 30; then 10, 20 and the end, 25
    }
}
