//! The exercise of Structs: a circle, made of a nested point and a radius, shared with Python.

/// A point in the plane.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A circle: its centre, stored inline, then its radius.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Circle {
    pub center: Point,
    pub radius: f64,
}

/// Returned by `circle_contains` when `circle` is NULL or misaligned.
pub const CIRCLE_BAD_POINTER: i32 = -1;

/// A circle with the given centre and radius, returned by value. A negative radius is taken
/// as its absolute value.
#[unsafe(no_mangle)]
pub extern "C" fn circle_new(center: Point, radius: f64) -> Circle {
    // ANCHOR: solution
    // starter: Circle { center, radius: f64::NAN } // your code here
    Circle {
        center,
        radius: radius.abs(),
    }
    // ANCHOR_END: solution
}

/// 1 if `point` lies inside `*circle` or on its edge, 0 if not, `CIRCLE_BAD_POINTER` if
/// `circle` is NULL or misaligned. NaN anywhere gives 0.
///
/// # Safety
/// `circle` must be NULL, misaligned (both refused), or point to a valid `Circle` that nothing
/// changes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn circle_contains(circle: *const Circle, point: Point) -> i32 {
    // ANCHOR: solution
    // starter: CIRCLE_BAD_POINTER // your code here: 1 inside or on the edge, 0 outside
    if !circle.is_aligned() {
        return CIRCLE_BAD_POINTER;
    }
    // SAFETY: aligned, and the caller promises NULL or a valid Circle (`as_ref` checks NULL).
    let Some(circle) = (unsafe { circle.as_ref() }) else {
        return CIRCLE_BAD_POINTER;
    };
    let (dx, dy) = (point.x - circle.center.x, point.y - circle.center.y);
    i32::from(dx.hypot(dy) <= circle.radius)
    // ANCHOR_END: solution
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null;

    #[test]
    fn inside_on_the_edge_and_outside() {
        let circle = circle_new(Point { x: 1.0, y: 1.0 }, -2.0);
        assert_eq!(circle.radius, 2.0);
        // SAFETY: `circle` is a valid Circle; NULL is documented to give CIRCLE_BAD_POINTER.
        unsafe {
            assert_eq!(circle_contains(&circle, Point { x: 1.5, y: 0.5 }), 1);
            assert_eq!(circle_contains(&circle, Point { x: 3.0, y: 1.0 }), 1);
            assert_eq!(circle_contains(&circle, Point { x: 3.0, y: 3.0 }), 0);
            assert_eq!(
                circle_contains(
                    &circle,
                    Point {
                        x: f64::NAN,
                        y: 1.0
                    }
                ),
                0
            );
            assert_eq!(
                circle_contains(null(), Point { x: 0.0, y: 0.0 }),
                CIRCLE_BAD_POINTER
            );
        }
    }
}
