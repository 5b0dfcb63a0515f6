//! A panic must not cross `extern "C"`: catch it, and turn it into an error code.

use std::cell::{Cell, RefCell};
use std::panic;
use std::sync::Once;

// ANCHOR: unguarded
/// Plain Rust: panics when `b` is 0, or on `i64::MIN / -1` (the quotient does not fit).
fn divide(a: i64, b: i64) -> i64 {
    a / b
}

/// DANGEROUS, for the demonstration only: a panic in `divide` cannot unwind out of an
/// `extern "C"` function, so instead the whole process aborts.
///
/// # Panics
/// When `b` is 0 or the quotient overflows, which aborts the process: what this demonstration
/// shows.
#[unsafe(no_mangle)]
pub extern "C" fn unguarded_divide(a: i64, b: i64) -> i64 {
    divide(a, b)
}
// ANCHOR_END: unguarded

// ANCHOR: guard
/// Success.
pub const PANICS_OK: i32 = 0;
/// A pointer argument was NULL or not aligned for its type.
pub const PANICS_NULL_ARGUMENT: i32 = 1;
/// The Rust code panicked; `last_panic_message` says why.
pub const PANICS_PANICKED: i32 = 2;

thread_local! {
    /// True while this thread runs code inside `guard`.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The message of the last panic caught on this thread.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `f`, catching a panic instead of letting it unwind into C. A panic inside is not
/// printed to stderr: the hook records its message for `last_panic_message`.
fn guard<T>(f: impl FnOnce() -> T + panic::UnwindSafe) -> Result<T, i32> {
    static INSTALL_HOOK: Once = Once::new();
    INSTALL_HOOK.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.get() {
                let message = info.payload_as_str().unwrap_or("(no message)");
                let place = info
                    .location()
                    .map(|l| format!(" at {l}"))
                    .unwrap_or_default();
                LAST_PANIC.with_borrow_mut(|last| *last = format!("{message}{place}"));
            } else {
                default_hook(info); // a panic outside `guard`: report it as usual
            }
        }));
    });
    GUARDED.set(true);
    let result = panic::catch_unwind(f);
    GUARDED.set(false);
    result.map_err(|_payload| PANICS_PANICKED)
}
// ANCHOR_END: guard

// ANCHOR: guarded
/// Writes `a / b` to `*out` and returns `PANICS_OK`; returns `PANICS_PANICKED` (with a
/// message for `last_panic_message`) where `unguarded_divide` aborts, and
/// `PANICS_NULL_ARGUMENT` if `out` is NULL or misaligned.
///
/// # Safety
/// `out` must be NULL or valid for writing one `i64`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn guarded_divide(a: i64, b: i64, out: *mut i64) -> i32 {
    if out.is_null() || !out.is_aligned() {
        return PANICS_NULL_ARGUMENT;
    }
    match guard(|| divide(a, b)) {
        Ok(quotient) => {
            // SAFETY: checked non-NULL and aligned; the caller promises room for one i64.
            unsafe { out.write(quotient) };
            PANICS_OK
        }
        Err(code) => code,
    }
}
// ANCHOR_END: guarded

/// Copies the message of this thread's last caught panic into `buf` as a NUL-terminated
/// string, cut to fit in `len` bytes between two characters (so it stays valid UTF-8);
/// returns the message's full length in bytes. A NULL `buf` (or `len` 0) writes nothing.
///
/// # Safety
/// `buf` must be NULL or valid for writing `len` bytes.
///
/// # Panics
/// Never: the thread-local message is never borrowed twice, though rustc cannot prove it. A
/// panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn last_panic_message(buf: *mut u8, len: usize) -> usize {
    LAST_PANIC.with_borrow(|message| {
        if !buf.is_null() && len > 0 {
            // The largest cut that fits and does not split a character (0 always qualifies).
            let n = (0..len.min(message.len() + 1))
                .rev()
                .find(|&n| message.is_char_boundary(n))
                .unwrap_or(0);
            // SAFETY: `buf` is valid for `len` bytes and `n + 1 <= len`; no overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(message.as_ptr(), buf, n);
                buf.add(n).write(0);
            }
        }
        message.len()
    })
}

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;

    fn message(len: usize) -> (usize, Vec<u8>) {
        let mut buf = vec![0xAA_u8; len];
        // SAFETY: `buf` is valid for `len` bytes.
        let full = unsafe { last_panic_message(buf.as_mut_ptr(), len) };
        (full, buf)
    }

    #[test]
    fn divide_or_report_the_panic() {
        let mut out = 0;
        // SAFETY: `out` is valid for one i64, or NULL where documented.
        unsafe {
            assert_eq!(guarded_divide(7, 2, &mut out), PANICS_OK);
            assert_eq!(out, 3);
            assert_eq!(guarded_divide(7, 0, &mut out), PANICS_PANICKED);
            assert_eq!(guarded_divide(i64::MIN, -1, &mut out), PANICS_PANICKED);
            assert_eq!(
                guarded_divide(7, 2, std::ptr::null_mut()),
                PANICS_NULL_ARGUMENT
            );
        }
        assert_eq!(out, 3);
        let mut words = [0u64; 2];
        let skewed = words
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<i64>();
        // SAFETY: a misaligned `out` is documented to be refused before any write.
        let code = unsafe { guarded_divide(7, 2, skewed) };
        assert_eq!((code, words), (PANICS_NULL_ARGUMENT, [0; 2]));
        // Only a divisor that cannot panic: a panic here would abort the test binary.
        assert_eq!(unguarded_divide(-9, 3), -3);
    }

    #[test]
    fn message_is_cut_to_fit_with_a_nul() {
        // SAFETY: `out` is valid for one i64.
        assert_eq!(unsafe { guarded_divide(1, 0, &mut 0) }, PANICS_PANICKED);
        let (full, whole) = message(200);
        let text = std::str::from_utf8(whole.split(|&b| b == 0).next().unwrap()).unwrap();
        assert_eq!(text.len(), full);
        assert!(text.starts_with("attempt to divide by zero at "), "{text}");
        let (same, cut) = message(5);
        assert_eq!((same, &cut[..]), (full, &b"atte\0"[..]));
        // SAFETY: NULL is documented to write nothing.
        assert_eq!(unsafe { last_panic_message(std::ptr::null_mut(), 9) }, full);
        assert_eq!(message(0).0, full);
    }
}
