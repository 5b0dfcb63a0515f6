//! Threads on both sides of the boundary: Python threads calling Rust, Rust threads inside a call.

use std::num::NonZero;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError, mpsc};
use std::thread::{self, JoinHandle};

// ANCHOR: spin
/// How many calls of `spin` are running right now.
static RUNNING: AtomicUsize = AtomicUsize::new(0);
/// The most calls of `spin` seen running at the same moment.
static MOST_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Keeps one CPU core busy for `iterations` steps and returns a checksum of the work.
/// Also records how many calls of `spin` run at the same moment (see `most_at_once`).
#[unsafe(no_mangle)]
pub extern "C" fn spin(iterations: u64) -> u64 {
    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    MOST_RUNNING.fetch_max(now, Ordering::SeqCst);
    let mut checksum: u64 = 0;
    for i in 0..iterations {
        // black_box: the optimizer may not skip the work, or compute the result in advance.
        checksum = std::hint::black_box(checksum.rotate_left(5) ^ i);
    }
    RUNNING.fetch_sub(1, Ordering::SeqCst);
    checksum
}

/// The most calls of `spin` that ran at the same moment since the last call; resets it to 0.
#[unsafe(no_mangle)]
pub extern "C" fn most_at_once() -> usize {
    MOST_RUNNING.swap(0, Ordering::SeqCst)
}
// ANCHOR_END: spin

// ANCHOR: parallel
/// The most threads `logistic` starts, whatever the caller asks for.
pub const MAX_THREADS: usize = 64;

/// The longest slice of `f64` Rust allows (its size in bytes must fit in an `isize`).
const MAX_LEN: usize = isize::MAX as usize / size_of::<f64>();

/// `steps` steps of the logistic map `x -> r * x * (1 - x)` on each value of `chunk`.
fn logistic_chunk(chunk: &mut [f64], r: f64, steps: u32) {
    for x in chunk {
        for _ in 0..steps {
            *x = r * *x * (1.0 - *x);
        }
    }
}

/// Runs `steps` steps of the logistic map on each of the `len` values at `values`, in place.
/// The values are split into parts of equal size (the last may be shorter), one thread each:
/// at most `n_threads` parts, or one per CPU core if `n_threads` is 0, and at most
/// `MAX_THREADS`. Returns the number of parts, or -1, changing nothing, if `values` is NULL
/// or misaligned, or `len` is too large for a slice.
///
/// # Safety
/// `values` must be NULL or valid for reading and writing `len` initialised `f64`s (not the
/// uninitialised memory of `np.empty`), and nothing else may read or write them until the
/// call returns.
///
/// # Panics
/// Only if a thread panics (`logistic_chunk` cannot) or memory runs out: `thread::scope`
/// passes the panic on, and it aborts the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logistic(
    values: *mut f64,
    len: usize,
    r: f64,
    steps: u32,
    n_threads: usize,
) -> i32 {
    if values.is_null() || !values.is_aligned() || len > MAX_LEN {
        return -1;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` values
    // that only we use for now.
    let values = unsafe { std::slice::from_raw_parts_mut(values, len) };
    let wanted = match n_threads {
        0 => thread::available_parallelism().map_or(1, NonZero::get),
        n => n,
    };
    let threads = wanted.min(MAX_THREADS).min(len);
    if threads == 0 {
        return 0; // no values: nothing to do
    }
    let part_len = len.div_ceil(threads);
    let mut started = 0;
    // Every thread started in the scope is joined before `scope` returns.
    thread::scope(|scope| {
        for part in values.chunks_mut(part_len) {
            let spawned =
                thread::Builder::new().spawn_scoped(scope, move || logistic_chunk(part, r, steps));
            if spawned.is_err() {
                break; // the system refused a new thread: the loop below does the rest
            }
            started += 1;
        }
    });
    for part in values.chunks_mut(part_len).skip(started) {
        logistic_chunk(part, r, steps);
    }
    i32::try_from(len.div_ceil(part_len)).unwrap_or(i32::MAX)
}
// ANCHOR_END: parallel

// ANCHOR: fill_later
/// A thread `fill_later` started, and the sender that tells it to write.
struct Writer {
    go: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

/// The threads `fill_later` left waiting, until `finish_fills` lets them write.
static WAITING: Mutex<Vec<Writer>> = Mutex::new(Vec::new());

/// DANGEROUS, for the demonstration only: returns at once, leaving a thread running that
/// later writes `value` into the `len` values at `values`. In real code "later" is when some
/// work is done; here it is when the caller calls `finish_fills`, so that a run always shows
/// the same thing. Returns false, starting nothing, if `values` is NULL or misaligned, `len`
/// is too large for a slice, or no thread could be started.
///
/// # Safety
/// `values` must be NULL or stay valid for writing `len` `f64`s until `finish_fills` has
/// returned. That is the bug this function demonstrates: nothing in its call says so.
///
/// # Panics
/// Only if memory runs out, which aborts the process anyway.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fill_later(values: *mut f64, len: usize, value: f64) -> bool {
    if values.is_null() || !values.is_aligned() || len > MAX_LEN {
        return false;
    }
    // A raw pointer may not go to another thread (it is not `Send`), so we smuggle its
    // address as a plain integer: Rust no longer sees any borrow to check.
    let address = values as usize;
    let (go, wait) = mpsc::channel();
    let writer = move || {
        if wait.recv().is_err() {
            return; // the sender is gone: told never to write
        }
        // SAFETY: none. Nothing tells us that the memory is still there: the call returned
        // long ago, and Python may have freed the buffer and reused the memory.
        let values = unsafe { std::slice::from_raw_parts_mut(address as *mut f64, len) };
        values.fill(value);
    };
    let Ok(thread) = thread::Builder::new().spawn(writer) else {
        return false;
    };
    let mut waiting = WAITING.lock().unwrap_or_else(PoisonError::into_inner);
    waiting.push(Writer { go, thread });
    true
}

/// Lets every thread that `fill_later` started write, and waits until each has written.
/// Returns how many did.
///
/// # Panics
/// Only if memory runs out, which aborts the process anyway.
#[unsafe(no_mangle)]
pub extern "C" fn finish_fills() -> usize {
    let writers = std::mem::take(&mut *WAITING.lock().unwrap_or_else(PoisonError::into_inner));
    let mut wrote = 0;
    for writer in writers {
        // A writer always receives: it drops its receiver only after receiving.
        let told = writer.go.send(()).is_ok();
        if writer.thread.join().is_ok() && told {
            wrote += 1;
        }
    }
    wrote
}
// ANCHOR_END: fill_later

// ANCHOR: tally
/// A count that any number of threads may add to at once: an atomic, so no update is lost.
static TALLY: AtomicU64 = AtomicU64::new(0);

/// Adds 1 to the tally `times` times, one addition at a time (so that calls from several
/// threads really do interleave), and returns the tally after its last addition.
#[unsafe(no_mangle)]
pub extern "C" fn tally_up(times: u64) -> u64 {
    let mut now = TALLY.load(Ordering::Relaxed);
    for _ in 0..times {
        now = TALLY.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
    }
    now
}

/// Returns the tally and sets it back to 0.
#[unsafe(no_mangle)]
pub extern "C" fn tally_take() -> u64 {
    TALLY.swap(0, Ordering::Relaxed)
}
// ANCHOR_END: tally

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null_mut;

    fn model(x: f64, r: f64, steps: u32) -> f64 {
        (0..steps).fold(x, |x, _| r * x * (1.0 - x))
    }

    #[test]
    fn logistic_in_parts_equals_one_thread() {
        let start: Vec<f64> = (0..10).map(|i| f64::from(i) / 10.0).collect();
        for n_threads in [0, 1, 3, 10, 1000] {
            let mut values = start.clone();
            // SAFETY: `values` holds 10 f64s that nothing else touches during the call.
            let parts = unsafe { logistic(values.as_mut_ptr(), values.len(), 3.7, 5, n_threads) };
            assert!(
                (1..=10).contains(&parts),
                "{n_threads} threads gave {parts} parts"
            );
            let expected: Vec<f64> = start.iter().map(|&x| model(x, 3.7, 5)).collect();
            assert_eq!(values, expected);
        }
    }

    #[test]
    fn at_most_max_threads_parts() {
        let mut values = vec![0.5; 128];
        for (n_threads, parts) in [(MAX_THREADS, 64), (MAX_THREADS + 1, 64)] {
            // SAFETY: `values` holds 128 f64s that nothing else touches during the call.
            let used = unsafe { logistic(values.as_mut_ptr(), values.len(), 3.7, 1, n_threads) };
            assert_eq!(used, parts);
        }
    }

    #[test]
    fn bad_input() {
        let mut empty: [f64; 0] = [];
        // SAFETY: NULL and a huge length are refused; an empty array is touched by nobody; a NULL
        // `fill_later` starts no thread.
        unsafe {
            assert_eq!(logistic(null_mut(), 3, 3.7, 5, 2), -1);
            assert_eq!(logistic(empty.as_mut_ptr(), usize::MAX, 3.7, 5, 2), -1);
            assert_eq!(logistic(empty.as_mut_ptr(), 0, 3.7, 5, 2), 0);
            assert!(!fill_later(null_mut(), 3, 1.0));
        }
        let mut words = [0u64; 3];
        // One byte past an 8-byte boundary, as a NumPy view can start.
        let skewed = words
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<f64>();
        // SAFETY: a misaligned pointer is refused before anything reads it or starts a thread.
        unsafe {
            assert_eq!(logistic(skewed, 2, 3.7, 5, 2), -1);
            assert!(!fill_later(skewed, 2, 1.0));
        }
        assert_eq!(words, [0; 3]);
    }

    #[test]
    fn spin_counts_calls_at_once() {
        most_at_once();
        assert_eq!(spin(0), 0);
        assert_eq!(spin(3), spin(3));
        assert_eq!(most_at_once(), 1);
    }

    #[test]
    fn a_fill_waits_until_finished() {
        let mut values = [0.0; 4];
        // SAFETY: `values` outlives the writer: `finish_fills` below waits until it has written.
        assert!(unsafe { fill_later(values.as_mut_ptr(), 3, 2.5) });
        assert_eq!(finish_fills(), 1);
        assert_eq!(values, [2.5, 2.5, 2.5, 0.0]);
        assert_eq!(finish_fills(), 0);
    }

    #[test]
    fn tally_from_many_threads_loses_nothing() {
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| tally_up(1000));
            }
        });
        assert_eq!(tally_take(), 4000);
        assert_eq!(tally_take(), 0);
    }
}
