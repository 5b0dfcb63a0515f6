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
        // The lock is held during the call, so `logs_init` cannot return, and its caller
        // cannot free the old sink, while a record is still on its way there.
        let sink = SINK.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(sink) = *sink {
            sink(level, target.as_ptr(), message.as_ptr());
        }
    }

    fn flush(&self) {}
}

static LOGGER: ToPython = ToPython;

/// Sends this library's `log` records to `sink` (NULL: drops them from now on). Returns 0,
/// or -1 if another logger was installed first into this library's copy of `log` (it takes
/// one logger; each library built with `log` carries a copy of its own). If a record is on
/// its way to the old sink, in any thread, this waits until that call has returned: once
/// `logs_init` returns, the old sink is never called again and may be freed.
///
/// # Safety
/// `sink` must be NULL or a function of this type that stays alive until `logs_init` has
/// replaced it and returned. It is called from whichever thread logs, Rust's own included,
/// and must not call `logs_init` or any function of this library that logs: that would wait
/// for itself.
///
/// # Panics
/// Only if memory runs out while formatting a record, which aborts the process anyway.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn logs_init(sink: Sink) -> c_int {
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

    /// Both tests install a sink into the one logger: one at a time.
    static TESTS: Mutex<()> = Mutex::new(());

    #[test]
    fn records_arrive_in_order() {
        let _one_sink_at_a_time = TESTS.lock().unwrap();
        // SAFETY: `collect` lives as long as the program and calls nothing of this library.
        assert_eq!(unsafe { logs_init(Some(collect)) }, 0);
        assert_eq!(work(3), 3);
        let seen = SEEN.lock().unwrap().clone();
        assert_eq!(seen.first(), Some(&(20, "starting 3 steps".to_owned())));
        assert_eq!(seen.last(), Some(&(30, "done: 3 steps".to_owned())));
        assert!(seen.contains(&(10, "helper thread counting to 3".to_owned())));
        // SAFETY: NULL is always allowed.
        assert_eq!(unsafe { logs_init(None) }, 0);
    }

    use std::sync::mpsc::{Receiver, Sender, channel};

    /// Tells the test that a record arrived, then waits until the test lets it return.
    static STARTED: Mutex<Option<Sender<()>>> = Mutex::new(None);
    static GO_ON: Mutex<Option<Receiver<()>>> = Mutex::new(None);

    extern "C" fn slow(_level: c_int, _target: *const c_char, _message: *const c_char) {
        if let Some(started) = STARTED.lock().unwrap().take() {
            started.send(()).unwrap();
            GO_ON.lock().unwrap().take().unwrap().recv().unwrap();
        }
    }

    #[test]
    fn the_sink_cannot_be_replaced_while_a_record_is_on_its_way() {
        let _one_sink_at_a_time = TESTS.lock().unwrap();
        let (started, arrived) = channel();
        let (let_go, go_on) = channel();
        *STARTED.lock().unwrap() = Some(started);
        *GO_ON.lock().unwrap() = Some(go_on);
        // SAFETY: `slow` lives as long as the program and calls nothing of this library.
        assert_eq!(unsafe { logs_init(Some(slow)) }, 0);
        thread::scope(|s| {
            let logging = s.spawn(|| log::info!("one record"));
            arrived.recv().unwrap(); // the record is inside `slow` now
            // What `logs_init` needs to replace the sink is taken until the record is done.
            assert!(SINK.try_write().is_err());
            let_go.send(()).unwrap();
            logging.join().unwrap();
        });
        assert!(SINK.try_write().is_ok());
        // SAFETY: NULL is always allowed.
        assert_eq!(unsafe { logs_init(None) }, 0);
    }
}
