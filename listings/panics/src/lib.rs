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
// boundary: may abort (on purpose: this listing shows the abort)
#[unsafe(no_mangle)]
pub extern "C" fn unguarded_divide(a: i64, b: i64) -> i64 {
    divide(a, b)
}
// ANCHOR_END: unguarded

// ANCHOR: guard
/// Success.
pub const PANICS_OK: i32 = 0;
/// A pointer argument was NULL.
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
/// `PANICS_NULL_ARGUMENT` if `out` is NULL.
///
/// # Safety
/// `out` must be NULL or valid for writing one `i64`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn guarded_divide(a: i64, b: i64, out: *mut i64) -> i32 {
    if out.is_null() {
        return PANICS_NULL_ARGUMENT;
    }
    match guard(|| divide(a, b)) {
        Ok(quotient) => {
            // SAFETY: checked non-NULL; the caller promises room for one i64.
            unsafe { out.write(quotient) };
            PANICS_OK
        }
        Err(code) => code,
    }
}
// ANCHOR_END: guarded

/// Copies the message of this thread's last caught panic into `buf` as a NUL-terminated
/// string, cut to fit in `len` bytes; returns the message's full length in bytes. A NULL
/// `buf` (or `len` 0) writes nothing.
///
/// # Safety
/// `buf` must be NULL or valid for writing `len` bytes.
// boundary: may abort (a thread-local RefCell, never borrowed twice; rustc cannot prove it)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn last_panic_message(buf: *mut u8, len: usize) -> usize {
    LAST_PANIC.with_borrow(|message| {
        if !buf.is_null() && len > 0 {
            let n = message.len().min(len - 1);
            // SAFETY: `buf` is valid for `len` bytes and `n + 1 <= len`; no overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(message.as_ptr(), buf, n);
                buf.add(n).write(0);
            }
        }
        message.len()
    })
}

#[cfg(test)]
mod tests;
