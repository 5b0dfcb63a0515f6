//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;
use std::ptr::{null, null_mut};

#[test]
fn create_use_free() {
    let stats = stats_new();
    let values = [4.0, 8.0];
    // SAFETY: `stats` is a live handle until stats_free, freed once; `values` holds 2 f64s;
    // NULL values with length 0 are documented to be fine, and a huge length is refused
    // before anything is read.
    unsafe {
        assert_eq!(stats_count(stats), 0);
        assert!(stats_mean(stats).is_nan() && stats_min(stats).is_nan());
        assert_eq!(stats_push(stats, 0.0), STATS_OK);
        assert!(stats_variance(stats).is_nan());
        assert_eq!(
            stats_push_many(stats, values.as_ptr(), values.len()),
            STATS_OK
        );
        assert_eq!(stats_push_many(stats, null(), 0), STATS_OK);
        assert_eq!(stats_push_many(stats, null(), 2), STATS_NULL_VALUES);
        assert_eq!(
            stats_push_many(stats, values.as_ptr(), usize::MAX),
            STATS_TOO_LONG
        );
        assert_eq!(stats_count(stats), 3);
        assert_eq!(stats_mean(stats), 4.0);
        assert_eq!(stats_variance(stats), 16.0);
        assert_eq!((stats_min(stats), stats_max(stats)), (0.0, 8.0));
        stats_free(stats);
    }
}

#[test]
fn null_handle() {
    // SAFETY: a NULL handle is documented to give an error value, and to be freed as a no-op.
    unsafe {
        assert_eq!(stats_push(null_mut(), 1.0), STATS_NULL_HANDLE);
        assert_eq!(
            stats_push_many(null_mut(), [1.0].as_ptr(), 1),
            STATS_NULL_HANDLE
        );
        assert_eq!(stats_count(null()), -1);
        assert!(stats_mean(null()).is_nan() && stats_variance(null()).is_nan());
        assert!(stats_min(null()).is_nan() && stats_max(null()).is_nan());
        stats_free(null_mut());
    }
}
