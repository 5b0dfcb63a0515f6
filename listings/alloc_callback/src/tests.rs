//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::cell::RefCell;

thread_local! {
    /// The buffers `keep` handed out on this thread, owned here and freed with it.
    static BUFFERS: RefCell<Vec<Vec<u32>>> = const { RefCell::new(Vec::new()) };
}

/// An allocator that keeps each buffer in `BUFFERS`, as Python keeps its NumPy arrays.
extern "C" fn keep(count: usize) -> *mut u32 {
    BUFFERS.with_borrow_mut(|buffers| {
        buffers.push(vec![0; count]);
        buffers
            .last_mut()
            .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr())
    })
}

/// An allocator that always refuses.
extern "C" fn refuse(_count: usize) -> *mut u32 {
    std::ptr::null_mut()
}

fn handed_out() -> Vec<Vec<u32>> {
    BUFFERS.take()
}

#[test]
fn primes_into_our_memory() {
    assert_eq!(primes_below(20, Some(keep)), 8);
    assert_eq!(handed_out(), [vec![2, 3, 5, 7, 11, 13, 17, 19]]);
    assert_eq!(primes_below(2, Some(keep)), 0); // no primes: no allocation
    assert_eq!(primes_below(0, Some(keep)), 0);
    assert!(handed_out().is_empty());
    assert_eq!(primes_below(20, None), -1);
    assert_eq!(primes_below(20, Some(refuse)), -2);
    assert_eq!(primes_below(MAX_N + 1, Some(keep)), -3);
    assert!(handed_out().is_empty());
}

#[test]
fn registered_allocator() {
    set_allocator(None);
    assert_eq!(primes_below_registered(10), -1);
    set_allocator(Some(keep));
    assert_eq!(primes_below_registered(10), 4);
    assert_eq!(handed_out(), [vec![2, 3, 5, 7]]);
    set_allocator(None);
}
