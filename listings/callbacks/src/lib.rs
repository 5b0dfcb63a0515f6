//! Rust calls back into Python once per value, passing back a context pointer that Python chose.

use std::ffi::{c_int, c_void};
use std::sync::mpsc::Sender;
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;

// ANCHOR: visit
/// What a callback writes to `*answer` to go on to the next value.
pub const VISIT_CONTINUE: c_int = 0;
/// What Rust writes to `*answer` before each call: any value but `VISIT_CONTINUE` stops.
pub const VISIT_STOP: c_int = 1;

/// A function Rust calls once per value. `user_data` is the caller's own pointer, passed back
/// untouched: Rust never reads it. The callback answers through `answer`, not by returning:
/// a Python callback can fail before its first line (Ctrl+C lands there), and then returns
/// whatever a register held, while `*answer` keeps the `VISIT_STOP` that Rust wrote.
/// `Option` lets the caller pass NULL, which Rust sees as `None`.
pub type Visit = Option<extern "C" fn(user_data: *mut c_void, item: f64, answer: *mut c_int)>;
// ANCHOR_END: visit

// ANCHOR: for_each
/// The callback was NULL.
pub const FOR_EACH_NULL_CALLBACK: i64 = -1;
/// `values` was NULL although `len` was not 0.
pub const FOR_EACH_NULL_VALUES: i64 = -2;
/// `len` is too large to be the length of an array of `f64` in memory.
pub const FOR_EACH_TOO_LONG: i64 = -3;
/// The callback left something other than `VISIT_CONTINUE` in `*answer`: the loop stopped.
pub const FOR_EACH_STOPPED: i64 = -4;
/// `values` is not a multiple of 8, the alignment of an `f64`, so it cannot be read as one.
pub const FOR_EACH_MISALIGNED: i64 = -5;

/// Calls `callback(user_data, x, answer)` for each of the `len` values, in order, and returns how
/// many it visited, or one of the error codes above. `values` may be anything, even NULL,
/// when `len` is 0.
///
/// Each value is read just before its call, so the callback may change values it has not
/// been given yet: the loop sees the change.
///
/// # Safety
/// `values` must be NULL or point to `len` valid `f64`s, which no other thread writes during
/// the call. `callback` must be NULL or a function that may be called with `user_data` until
/// `for_each` returns (and not after), which may write one `c_int` to `*answer`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn for_each(
    values: *const f64,
    len: usize,
    callback: Visit,
    user_data: *mut c_void,
) -> i64 {
    let Some(callback) = callback else {
        return FOR_EACH_NULL_CALLBACK;
    };
    if len > isize::MAX as usize / size_of::<f64>() {
        return FOR_EACH_TOO_LONG; // no array in memory is that long
    }
    if len == 0 {
        return 0; // nothing to visit: any pointer will do, even NULL
    }
    if values.is_null() {
        return FOR_EACH_NULL_VALUES;
    }
    if !values.is_aligned() {
        return FOR_EACH_MISALIGNED;
    }
    // No `&[f64]` here: a slice promises Rust that nobody writes the values while it lives,
    // and the callback runs Python code that may write this very array. So each value is
    // read through the pointer, one at a time, between calls.
    for i in 0..len {
        // SAFETY: checked non-NULL and aligned, and `i < len`; the caller promises `len` valid
        // values that no other thread writes meanwhile.
        let x = unsafe { values.add(i).read() };
        let mut answer = VISIT_STOP;
        callback(user_data, x, &raw mut answer);
        if answer != VISIT_CONTINUE {
            return FOR_EACH_STOPPED;
        }
    }
    len as i64 // at most isize::MAX / 8: it fits
}
// ANCHOR_END: for_each

// ANCHOR: call_later
/// The late calls `call_later` started and `run_late_calls` has not yet let run: for each, a
/// way to tell its thread to go on, and the thread to wait for.
static LATE_CALLS: Mutex<Vec<(Sender<()>, JoinHandle<()>)>> = Mutex::new(Vec::new());

/// DANGEROUS, for the demonstration of a late callback only: returns at once, and calls
/// `callback(user_data, 0.0, answer)` from a new thread later, when `run_late_calls` says so
/// (by then the caller may have freed both). Returns 0, or -1 if `callback` is NULL, -2 if no
/// thread could be started.
///
/// # Safety
/// `callback` must be NULL or a function that may be called with `user_data`, from another
/// thread, until `run_late_calls` has returned: the demonstration shows what happens when
/// the caller breaks that promise.
///
/// # Panics
/// Only if memory runs out when starting the thread, which aborts the process anyway.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn call_later(callback: Visit, user_data: *mut c_void) -> i32 {
    let Some(callback) = callback else {
        return -1;
    };
    let user_data = user_data as usize; // a raw pointer may not cross threads; a number may
    let (go, wait_for_go) = std::sync::mpsc::channel();
    let late = move || {
        if wait_for_go.recv().is_ok() {
            let mut answer = VISIT_STOP; // no loop to stop: the answer is not read
            callback(user_data as *mut c_void, 0.0, &raw mut answer);
        }
    };
    match std::thread::Builder::new().spawn(late) {
        Ok(thread) => {
            let mut pending = LATE_CALLS.lock().unwrap_or_else(PoisonError::into_inner);
            pending.push((go, thread));
            0
        }
        Err(_) => -2,
    }
}

/// Lets every late call started by `call_later` happen now, one after the other, and returns
/// once each has returned: how many ran. No timing is involved, so a demonstration built on it
/// shows the same outcome on every run.
///
/// # Panics
/// Never in practice: only if the lock's own memory were corrupted. A panic would abort the
/// process.
#[unsafe(no_mangle)]
pub extern "C" fn run_late_calls() -> usize {
    let pending = std::mem::take(&mut *LATE_CALLS.lock().unwrap_or_else(PoisonError::into_inner));
    let mut ran = 0;
    for (go, thread) in pending {
        if go.send(()).is_ok() && thread.join().is_ok() {
            ran += 1;
        }
    }
    ran
}
// ANCHOR_END: call_later

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::{null, null_mut};

    /// What the callback adds up; it stops the loop once `total` reaches `limit`.
    struct Tally {
        seen: Vec<f64>,
        total: f64,
        limit: f64,
    }

    extern "C" fn tally(user_data: *mut c_void, item: f64, answer: *mut c_int) {
        // SAFETY: every caller below passes a pointer to a live `Tally` that nothing else uses.
        let tally = unsafe { &mut *user_data.cast::<Tally>() };
        tally.seen.push(item);
        tally.total += item;
        if tally.total < tally.limit {
            // SAFETY: `for_each` passes a valid pointer to its own `c_int`.
            unsafe { answer.write(VISIT_CONTINUE) };
        }
    }

    extern "C" fn tally_nothing(_user_data: *mut c_void, _item: f64, answer: *mut c_int) {
        // SAFETY: `for_each` passes a valid pointer to its own `c_int`.
        unsafe { answer.write(VISIT_CONTINUE) };
    }

    fn run(values: &[f64], limit: f64) -> (i64, Tally) {
        let mut data = Tally {
            seen: Vec::new(),
            total: 0.0,
            limit,
        };
        let user_data = (&raw mut data).cast::<c_void>();
        // SAFETY: `values` holds its length of f64s; `data` outlives the call.
        let result = unsafe { for_each(values.as_ptr(), values.len(), Some(tally), user_data) };
        (result, data)
    }

    #[test]
    fn visits_each_value_or_stops() {
        let (visited, data) = run(&[1.0, 2.0, 3.0], 100.0);
        assert_eq!(
            (visited, data.seen, data.total),
            (3, vec![1.0, 2.0, 3.0], 6.0)
        );
        let (stopped, data) = run(&[1.0, 2.0, 3.0], 3.0);
        assert_eq!((stopped, data.seen), (FOR_EACH_STOPPED, vec![1.0, 2.0]));
        assert_eq!(run(&[], 1.0).0, 0);
    }

    #[test]
    fn bad_input() {
        let values = [1.0];
        // SAFETY: NULL callback or values, and a huge length, are documented to be refused before
        // anything is read or called; NULL values with length 0 visit nothing.
        unsafe {
            assert_eq!(
                for_each(values.as_ptr(), 1, None, null_mut()),
                FOR_EACH_NULL_CALLBACK
            );
            assert_eq!(for_each(null(), 0, Some(tally), null_mut()), 0);
            assert_eq!(
                for_each(null(), 2, Some(tally), null_mut()),
                FOR_EACH_NULL_VALUES
            );
            let huge = for_each(values.as_ptr(), usize::MAX, Some(tally), null_mut());
            assert_eq!(huge, FOR_EACH_TOO_LONG);
            let words = [0u64; 2];
            // One byte past an 8-byte boundary, as a view into a byte buffer can start.
            let skewed = words.as_ptr().cast::<u8>().wrapping_add(1).cast::<f64>();
            let misaligned = for_each(skewed, 1, Some(tally), null_mut());
            assert_eq!(misaligned, FOR_EACH_MISALIGNED);
        }
        // SAFETY: NULL, then a callback that lives for the whole program and ignores its user
        // data: both may be called late.
        unsafe {
            assert_eq!(call_later(None, null_mut()), -1);
            assert_eq!(call_later(Some(tally_nothing), null_mut()), 0);
        }
        assert_eq!(run_late_calls(), 1);
        assert_eq!(run_late_calls(), 0);
    }
}
