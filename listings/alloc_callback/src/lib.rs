//! Rust finds a result whose size only it knows, and asks Python for the memory to hold it.

use std::sync::Mutex;

/// An allocator Python passes in: writes to `*out` a pointer to room for `count` `u32` values,
/// or leaves the NULL that Rust put there. Its answer comes through `out`, not as a return
/// value: a callback that fails before its first line (Ctrl+C, a RecursionError) returns
/// whatever was in a register, while `*out` stays exactly what Rust wrote.
/// `Option` lets the caller pass NULL for "no allocator", which Rust sees as `None`.
// ANCHOR: alloc_type
pub type AllocU32 = Option<extern "C" fn(count: usize, out: *mut *mut u32)>;
// ANCHOR_END: alloc_type

/// The largest `n` accepted: the sieve needs `n` bytes of scratch memory.
pub const MAX_N: u32 = 100_000_000;

/// The primes below `n`, by the sieve of Eratosthenes.
fn primes(n: u32) -> Vec<u32> {
    let n = n as usize;
    let mut composite = vec![false; n];
    let mut found = Vec::new();
    for i in 2..n {
        if !composite[i] {
            found.push(i as u32);
            // saturating: on a 32-bit target i * i overflows for i above 65535, where the
            // range is empty anyway (i * i >= n).
            for multiple in (i.saturating_mul(i)..n).step_by(i) {
                composite[multiple] = true;
            }
        }
    }
    found
}

// ANCHOR: primes_below
/// Copies `values` into memory from `alloc`; returns how many, or a negative error code.
///
/// # Safety
/// As for `primes_below`'s `alloc`.
unsafe fn hand_over(values: &[u32], alloc: AllocU32) -> i64 {
    let Some(alloc) = alloc else {
        return -1; // no allocator
    };
    if values.is_empty() {
        return 0; // nothing to store: no need to ask for memory
    }
    let mut buffer: *mut u32 = std::ptr::null_mut();
    alloc(values.len(), &raw mut buffer); // a callback that failed leaves it NULL
    if buffer.is_null() {
        return -2; // the allocator refused, or failed
    }
    if !buffer.is_aligned() {
        return -4; // not room for u32 values: a wrong allocator, caught before any write
    }
    // SAFETY: checked non-NULL and aligned; our caller promises that `alloc` gives room for
    // `values.len()` u32 values that nothing else uses while we write. (`values.len()` is at
    // most MAX_N, so the slice is far below isize::MAX bytes.)
    let out = unsafe { std::slice::from_raw_parts_mut(buffer, values.len()) };
    out.copy_from_slice(values);
    values.len() as i64
}

/// Finds the primes below `n`, asks `alloc` for room for exactly that many, and writes them
/// there. Returns the number of primes, -1 if `alloc` is NULL, -2 if `alloc` left `*out`
/// NULL, -3 if `n` is above `MAX_N`, -4 if `alloc` gave a pointer not aligned for `u32`.
///
/// # Safety
/// `alloc` must be NULL, or a function that writes to `*out` nothing, NULL, or a pointer to
/// room for `count` `u32` values (initialized or not), which nothing else reads or writes
/// until `primes_below` returns. Rust writes there: nothing can check the size of that room.
///
/// # Panics
/// Never for `n <= MAX_N`: the sieve's vector and indexes stay in bounds, though rustc cannot
/// prove it. A panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn primes_below(n: u32, alloc: AllocU32) -> i64 {
    if n > MAX_N {
        return -3;
    }
    // SAFETY: what `hand_over` needs of `alloc` is what our own caller promises.
    unsafe { hand_over(&primes(n), alloc) }
}
// ANCHOR_END: primes_below

// ANCHOR: registered
/// The allocator registered by `set_allocator`, kept between calls.
static ALLOCATOR: Mutex<AllocU32> = Mutex::new(None);

/// Remembers `alloc` for later calls of `primes_below_registered` (NULL forgets it). Rust
/// keeps only the function pointer. If a `primes_below_registered` is running, this waits
/// until it has finished with the old allocator: once it returns, nothing calls that
/// allocator again, and the caller may free it.
///
/// # Panics
/// Never: a poisoned lock is recovered, not unwrapped, though rustc keeps a landing pad for
/// the lock. A panic would abort the process.
#[unsafe(no_mangle)]
pub extern "C" fn set_allocator(alloc: AllocU32) {
    *ALLOCATOR
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = alloc;
}

/// Like `primes_below`, with the allocator given to `set_allocator`.
/// Returns -1 if none is registered.
///
/// # Safety
/// The registered allocator, if any, must still be alive (not freed since `set_allocator`
/// got it) and keep `primes_below`'s contract for `alloc`. It must not call `set_allocator`
/// or `primes_below_registered` itself: the registration is locked while it runs.
///
/// # Panics
/// Never for `n <= MAX_N`, as `primes_below`, and a poisoned lock is recovered. A panic would
/// abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn primes_below_registered(n: u32) -> i64 {
    if n > MAX_N {
        return -3;
    }
    let found = primes(n);
    // Held until the allocator is done, so `set_allocator` cannot swap it out mid-call.
    let alloc = ALLOCATOR
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // SAFETY: our caller promises that the registered allocator is alive and keeps the
    // contract; the lock keeps it registered until we are done.
    unsafe { hand_over(&found, *alloc) }
}
// ANCHOR_END: registered

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    thread_local! {
        /// The buffers `keep` handed out on this thread, owned here and freed with it.
        static BUFFERS: RefCell<Vec<Vec<u32>>> = const { RefCell::new(Vec::new()) };
    }

    /// An allocator that keeps each buffer in `BUFFERS`, as Python keeps its NumPy arrays.
    extern "C" fn keep(count: usize, out: *mut *mut u32) {
        BUFFERS.with_borrow_mut(|buffers| {
            buffers.push(vec![0; count]);
            if let Some(buffer) = buffers.last_mut() {
                // SAFETY: Rust passes a valid, aligned pointer to its own `*mut u32`.
                unsafe { out.write(buffer.as_mut_ptr()) };
            }
        });
    }

    /// An allocator that always refuses: it leaves `*out` as it was.
    extern "C" fn refuse(_count: usize, _out: *mut *mut u32) {}

    /// A wrong allocator: room for u32 values one byte past where they may start.
    extern "C" fn skewed(count: usize, out: *mut *mut u32) {
        BUFFERS.with_borrow_mut(|buffers| {
            buffers.push(vec![0; count + 1]);
            if let Some(buffer) = buffers.last_mut() {
                let skewed = buffer.as_mut_ptr().cast::<u8>().wrapping_add(1).cast();
                // SAFETY: Rust passes a valid, aligned pointer to its own `*mut u32`.
                unsafe { out.write(skewed) };
            }
        });
    }

    fn handed_out() -> Vec<Vec<u32>> {
        BUFFERS.take()
    }

    #[test]
    fn primes_into_our_memory() {
        // SAFETY: `keep`, `refuse` and `skewed` give NULL or room for `count` values that
        // only Rust uses (`skewed` misaligned, which is refused before any write).
        unsafe {
            assert_eq!(primes_below(20, Some(keep)), 8);
            assert_eq!(handed_out(), [vec![2, 3, 5, 7, 11, 13, 17, 19]]);
            assert_eq!(primes_below(2, Some(keep)), 0); // no primes: no allocation
            assert_eq!(primes_below(0, Some(keep)), 0);
            assert!(handed_out().is_empty());
            assert_eq!(primes_below(20, None), -1);
            assert_eq!(primes_below(20, Some(refuse)), -2);
            assert_eq!(primes_below(MAX_N + 1, Some(keep)), -3);
            assert!(handed_out().is_empty());
            assert_eq!(primes_below(20, Some(skewed)), -4);
            assert_eq!(handed_out(), [vec![0; 9]]);
        }
    }

    /// The limit itself, on a 32-bit target (elsewhere a 100 MB sieve is too slow under
    /// valgrind and Miri): the sieve's sizes and indexes must not overflow a 32-bit `usize`.
    #[test]
    #[cfg(target_pointer_width = "32")]
    fn primes_below_the_limit() {
        // SAFETY: `keep` returns room for `count` values that only Rust uses.
        assert_eq!(unsafe { primes_below(MAX_N, Some(keep)) }, 5_761_455);
        assert_eq!(handed_out().len(), 1);
    }

    #[test]
    fn registered_allocator() {
        // SAFETY: `keep` lives as long as the program and keeps the allocator contract.
        unsafe {
            set_allocator(None);
            assert_eq!(primes_below_registered(10), -1);
            set_allocator(Some(keep));
            assert_eq!(primes_below_registered(10), 4);
            assert_eq!(primes_below_registered(MAX_N + 1), -3);
            assert_eq!(handed_out(), [vec![2, 3, 5, 7]]);
            set_allocator(None);
        }
    }
}
