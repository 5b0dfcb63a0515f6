//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::ptr::{null, null_mut};

/// What the callback adds up; it stops the loop once `total` reaches `limit`.
struct Tally {
    seen: Vec<f64>,
    total: f64,
    limit: f64,
}

extern "C" fn tally(user_data: *mut c_void, item: f64) -> c_int {
    // SAFETY: every caller below passes a pointer to a live `Tally` that nothing else uses.
    let tally = unsafe { &mut *user_data.cast::<Tally>() };
    tally.seen.push(item);
    tally.total += item;
    if tally.total < tally.limit {
        VISIT_CONTINUE
    } else {
        1
    }
}

extern "C" fn tally_nothing(_user_data: *mut c_void, _item: f64) -> c_int {
    VISIT_CONTINUE
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
    }
    assert_eq!(call_later(None, null_mut()), -1);
    // A callback that lives for the whole program, with no user data: safe to call late.
    assert_eq!(call_later(Some(tally_nothing), null_mut()), 0);
    assert_eq!(run_late_calls(), 1);
    assert_eq!(run_late_calls(), 0);
}
