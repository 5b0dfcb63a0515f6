//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

use super::*;

#[test]
fn bounding_rect_fills_out() {
    let points = [Point { x: 1.0, y: 5.0 }, Point { x: -2.0, y: 0.0 }];
    let mut out = Rect {
        min: Point { x: 9.0, y: 9.0 },
        max: Point { x: 9.0, y: 9.0 },
    };
    // SAFETY: `points` holds 2 points and `out` is a valid Rect.
    assert!(unsafe { bounding_rect(points.as_ptr(), points.len(), &mut out) });
    assert_eq!((out.min.x, out.max.y), (-2.0, 5.0));
    // SAFETY: `out` is a valid Rect.
    assert_eq!(unsafe { rect_area(&out) }, 15.0);
}

#[test]
fn bad_input_leaves_out_alone() {
    let points = [Point { x: 1.0, y: 5.0 }];
    let mut out = rect_from_corners(Point { x: 0.0, y: 0.0 }, Point { x: 1.0, y: 1.0 });
    let before = out;
    // SAFETY: NULL pointers and a zero length are documented to return false.
    unsafe {
        assert!(!bounding_rect(std::ptr::null(), 1, &mut out));
        assert!(!bounding_rect(points.as_ptr(), 0, &mut out));
        assert!(!bounding_rect(points.as_ptr(), 1, std::ptr::null_mut()));
        assert!(rect_area(std::ptr::null()).is_nan());
    }
    assert_eq!(out, before);
}
