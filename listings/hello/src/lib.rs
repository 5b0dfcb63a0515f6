//! The smallest Rust library Python can call.

/// Prints a greeting. `extern "C"` gives it the C calling convention, and
/// `#[unsafe(no_mangle)]` keeps its symbol name `hello`, so `ctypes` can find it.
///
/// # Panics
/// If standard output cannot be written (`println!` panics then), which aborts the process.
#[unsafe(no_mangle)]
pub extern "C" fn hello() {
    println!("Hello from Rust!");
}
