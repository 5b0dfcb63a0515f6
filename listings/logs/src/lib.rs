//! Rust's `log` records, sent to Python's `logging`: from the calling thread or any other.

use std::ffi::{CString, c_char, c_int};
use std::sync::RwLock;
use std::thread;

// ANCHOR: bridge
/// Receives one record: its level (Python's numbers: 10 DEBUG ... 40 ERROR), its target (the
/// Rust module path, or what `target:` says) and its message, both NUL-terminated and valid
/// only during the call.
pub type Sink = Option<extern "C" fn(level: c_int, target: *const c_char, message: *const c_char)>;

/// Where records go: the function that `logs_init` was given.
static SINK: RwLock<Sink> = RwLock::new(None);

struct ToPython;

impl log::Log for ToPython {
    fn enabled(&self, _metadata: &log::Metadata) -> bool {
        true // Python's logging decides what to keep
    }

    fn log(&self, record: &log::Record) {
        let level = match record.level() {
            log::Level::Error => 40,
            log::Level::Warn => 30,
            log::Level::Info => 20,
            log::Level::Debug | log::Level::Trace => 10,
        };
        // A message with a NUL byte in it loses it: C strings end at the first one.
        let text = |s: String| CString::new(s.replace('\0', "")).unwrap_or_default();
        let (target, message) = (
            text(record.target().to_owned()),
            text(record.args().to_string()),
        );
        let sink = *SINK.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(sink) = sink {
            sink(level, target.as_ptr(), message.as_ptr());
        }
    }

    fn flush(&self) {}
}

static LOGGER: ToPython = ToPython;

/// Sends this library's `log` records to `sink` (NULL: drops them from now on). Returns 0,
/// or -1 if another logger was installed first (`log` allows one per program).
///
/// # Panics
/// Only if memory runs out while formatting a record, which aborts the process anyway.
#[unsafe(no_mangle)]
pub extern "C" fn logs_init(sink: Sink) -> c_int {
    *SINK
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = sink;
    match log::set_logger(&LOGGER) {
        Ok(()) => {
            log::set_max_level(log::LevelFilter::Trace);
            0
        }
        Err(_) if std::ptr::addr_eq(log::logger(), &LOGGER) => 0, // ours already
        Err(_) => -1,
    }
}
// ANCHOR_END: bridge

// ANCHOR: work
/// Does some "work" that logs as it goes, part of it in a thread of its own, and returns when
/// the thread is done; returns `steps`.
///
/// # Panics
/// Only if the thread cannot be started or memory runs out, which aborts the process.
#[unsafe(no_mangle)]
pub extern "C" fn work(steps: u32) -> u32 {
    log::info!("starting {steps} steps");
    let helper = thread::Builder::new().name("helper".into()).spawn(move || {
        log::debug!(target: "logs::helper", "helper thread counting to {steps}");
        (0..steps).sum::<u32>()
    });
    match helper.map(|h| h.join()) {
        Ok(Ok(sum)) => log::info!("helper's sum: {sum}"),
        _ => log::error!("the helper thread failed"),
    }
    log::warn!("done: {steps} steps");
    steps
}
// ANCHOR_END: work

// Tests: each export called from Rust the way Python calls it (`cargo test`).
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    static SEEN: Mutex<Vec<(c_int, String)>> = Mutex::new(Vec::new());

    extern "C" fn collect(level: c_int, _target: *const c_char, message: *const c_char) {
        // SAFETY: the logger passes a NUL-terminated string, valid during the call.
        let message = unsafe { std::ffi::CStr::from_ptr(message) }
            .to_string_lossy()
            .into_owned();
        SEEN.lock().unwrap().push((level, message));
    }

    #[test]
    fn records_arrive_in_order() {
        assert_eq!(logs_init(Some(collect)), 0);
        assert_eq!(work(3), 3);
        let seen = SEEN.lock().unwrap().clone();
        assert_eq!(seen.first(), Some(&(20, "starting 3 steps".to_owned())));
        assert_eq!(seen.last(), Some(&(30, "done: 3 steps".to_owned())));
        assert!(seen.contains(&(10, "helper thread counting to 3".to_owned())));
        assert_eq!(logs_init(None), 0);
    }
}
