//! Structs shared with Python: `#[repr(C)]` on the Rust side, `ctypes.Structure` on the other.

// ANCHOR: types
/// A point in the plane. `#[repr(C)]` lays the fields out in order, as a C compiler would;
/// without it Rust may reorder them.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned rectangle: two `Point`s nested inside, stored inline.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}
// ANCHOR_END: types

// ANCHOR: by_value
/// The rectangle with corners `a` and `b`, in any order. Structs in and out by value.
#[unsafe(no_mangle)]
pub extern "C" fn rect_from_corners(a: Point, b: Point) -> Rect {
    Rect {
        min: Point {
            x: a.x.min(b.x),
            y: a.y.min(b.y),
        },
        max: Point {
            x: a.x.max(b.x),
            y: a.y.max(b.y),
        },
    }
}

/// The area of `*rect`, read through a pointer; NaN if `rect` is NULL or misaligned.
///
/// # Safety
/// `rect` must be NULL or point to a valid `Rect`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rect_area(rect: *const Rect) -> f64 {
    if !rect.is_aligned() {
        return f64::NAN; // `as_ref` needs an aligned pointer, as every reference does
    }
    // SAFETY: checked aligned; the caller promises NULL or a valid Rect; `as_ref` turns NULL
    // into None.
    match unsafe { rect.as_ref() } {
        Some(r) => (r.max.x - r.min.x) * (r.max.y - r.min.y),
        None => f64::NAN,
    }
}
// ANCHOR_END: by_value

// ANCHOR: fill
/// Writes into `*out` the smallest rectangle holding the `len` points at `points`.
/// Returns false, and leaves `*out` alone, if `points` or `out` is NULL or misaligned, or if
/// `len` is 0 or too large for any array.
///
/// # Safety
/// `points` must be NULL or point to `len` valid `Point`s; `out` must be NULL or point to
/// memory for one `Rect`, not overlapping the points.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bounding_rect(points: *const Point, len: usize, out: *mut Rect) -> bool {
    if points.is_null() || out.is_null() || !points.is_aligned() || !out.is_aligned() {
        return false;
    }
    if len == 0 || len > isize::MAX as usize / size_of::<Point>() {
        return false;
    }
    // SAFETY: checked non-NULL, aligned and not too long; the caller promises `len` valid
    // points.
    let points = unsafe { std::slice::from_raw_parts(points, len) };
    let mut rect = Rect {
        min: points[0],
        max: points[0],
    };
    for p in &points[1..] {
        rect.min.x = rect.min.x.min(p.x);
        rect.min.y = rect.min.y.min(p.y);
        rect.max.x = rect.max.x.max(p.x);
        rect.max.y = rect.max.y.max(p.y);
    }
    // SAFETY: checked non-NULL and aligned; the caller promises room for one Rect.
    unsafe { out.write(rect) };
    true
}
// ANCHOR_END: fill

// ANCHOR: reading
/// A sensor reading: 4 + 4 + 8 bytes, no padding.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub sensor: u32,
    pub celsius: f32,
    pub timestamp: u64,
}

/// A reading, returned by value.
#[unsafe(no_mangle)]
pub extern "C" fn reading_new(sensor: u32, celsius: f32, timestamp: u64) -> Reading {
    Reading {
        sensor,
        celsius,
        timestamp,
    }
}
// ANCHOR_END: reading

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
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

    #[test]
    fn misaligned_and_too_long_are_refused() {
        let mut words = [0u64; 9];
        // One byte past an 8-byte boundary: a struct in a packed buffer can sit there.
        let skewed = words.as_mut_ptr().cast::<u8>().wrapping_add(1);
        let points = [Point { x: 1.0, y: 5.0 }];
        let mut out = rect_from_corners(points[0], points[0]);
        // SAFETY: misaligned pointers and a huge length are refused before anything is read.
        unsafe {
            assert!(rect_area(skewed.cast()).is_nan());
            assert!(!bounding_rect(skewed.cast(), 1, &mut out));
            assert!(!bounding_rect(points.as_ptr(), 1, skewed.cast()));
            assert!(!bounding_rect(points.as_ptr(), usize::MAX, &mut out));
        }
        assert_eq!(words, [0; 9]);
    }
}
