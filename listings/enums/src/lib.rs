//! Enums and bit flags across the boundary: plain integers on the wire, checked on arrival.

// ANCHOR: shape
/// The shapes `area` knows. `#[repr(u32)]` fixes each variant's number, and the header
/// lists them, but a `Shape` may only ever hold one of these values.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Circle = 1,
    Square = 2,
    Triangle = 3,
}

/// The number was no `Shape`.
pub const ENUMS_NOT_A_SHAPE: i32 = -1;
/// `out` was NULL or misaligned.
pub const ENUMS_BAD_OUT: i32 = -2;

impl TryFrom<u32> for Shape {
    type Error = i32;

    fn try_from(value: u32) -> Result<Self, i32> {
        match value {
            1 => Ok(Shape::Circle),
            2 => Ok(Shape::Square),
            3 => Ok(Shape::Triangle),
            _ => Err(ENUMS_NOT_A_SHAPE),
        }
    }
}

/// Writes the area of `shape` with side (or radius) `size` to `*out` and returns 0, or an
/// error code: `shape` arrives as a plain `u32` and becomes a `Shape` only after the check.
///
/// # Safety
/// `out` must be NULL or valid for writing one `f64`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn area(shape: u32, size: f64, out: *mut f64) -> i32 {
    let Ok(shape) = Shape::try_from(shape) else {
        return ENUMS_NOT_A_SHAPE;
    };
    if out.is_null() || !out.is_aligned() {
        return ENUMS_BAD_OUT;
    }
    let value = match shape {
        Shape::Circle => std::f64::consts::PI * size * size,
        Shape::Square => size * size,
        Shape::Triangle => 3.0_f64.sqrt() / 4.0 * size * size,
    };
    // SAFETY: checked non-NULL and aligned; the caller promises room for one f64.
    unsafe { out.write(value) };
    0
}
/// The shape with the most sides. Returning an enum is safe: Rust only ever makes valid ones.
#[unsafe(no_mangle)]
pub extern "C" fn most_sides() -> Shape {
    Shape::Square
}
// ANCHOR_END: shape

// ANCHOR: flags
/// Bit flags: each option is one bit of a `u32`, and any combination is a valid value.
pub const STYLE_BOLD: u32 = 1 << 0;
pub const STYLE_ITALIC: u32 = 1 << 1;
pub const STYLE_CODE: u32 = 1 << 2;
/// Every bit this version knows: a caller's other bits are refused, not ignored.
pub const STYLE_ALL: u32 = STYLE_BOLD | STYLE_ITALIC | STYLE_CODE;

/// How many Markdown characters `style` puts around a word (`**word**` adds 4, `_word_` 2,
/// `` `word` `` 2), or -1 if `style` has a bit this library does not know.
#[unsafe(no_mangle)]
pub extern "C" fn markup_len(style: u32) -> i32 {
    if style & !STYLE_ALL != 0 {
        return -1;
    }
    [(STYLE_BOLD, 4), (STYLE_ITALIC, 2), (STYLE_CODE, 2)]
        .iter()
        .filter(|(flag, _)| style & flag != 0)
        .map(|(_, len)| len)
        .sum()
}
// ANCHOR_END: flags

// ANCHOR: union
/// The two things a `Number` can hold, in the same 8 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub union Payload {
    pub as_int: i64,
    pub as_float: f64,
}

/// `Number::kind` when `payload.as_int` was written.
pub const NUMBER_INT: u32 = 1;
/// `Number::kind` when `payload.as_float` was written.
pub const NUMBER_FLOAT: u32 = 2;

/// A tagged union, C's way of saying "an i64 or an f64": `kind` says which field of
/// `payload` was written, and only that one may be read.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Number {
    pub kind: u32,
    pub payload: Payload,
}

/// `*number` as an `f64`: the float, or the integer converted (rounded above 2**53). NaN if
/// `number` is NULL or misaligned, or if `kind` is neither `NUMBER_INT` nor `NUMBER_FLOAT`.
///
/// # Safety
/// `number` must be NULL or point to a `Number` whose `kind` names the field that was written.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn number_as_f64(number: *const Number) -> f64 {
    if !number.is_aligned() {
        return f64::NAN;
    }
    // SAFETY: checked aligned; the caller promises NULL or a valid Number.
    let Some(number) = (unsafe { number.as_ref() }) else {
        return f64::NAN;
    };
    match number.kind {
        // SAFETY: the tag says which field was written, as the caller promises.
        NUMBER_INT => (unsafe { number.payload.as_int }) as f64,
        // SAFETY: as above.
        NUMBER_FLOAT => unsafe { number.payload.as_float },
        _ => f64::NAN,
    }
}
// ANCHOR_END: union

// Tests: each export called from Rust the way Python calls it (`cargo test`; `cargo miri test`
// on nightly looks for undefined behaviour).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_and_bad_shapes() {
        let mut out = 0.0;
        // SAFETY: `out` is valid for one f64; a bad number and NULL are refused first.
        unsafe {
            assert_eq!(area(2, 3.0, &mut out), 0);
            assert_eq!(out, 9.0);
            assert_eq!(area(0, 3.0, &mut out), ENUMS_NOT_A_SHAPE);
            assert_eq!(area(4, 3.0, &mut out), ENUMS_NOT_A_SHAPE);
            assert_eq!(area(1, 3.0, std::ptr::null_mut()), ENUMS_BAD_OUT);
        }
        assert_eq!(out, 9.0);
    }

    #[test]
    fn tagged_union() {
        let int = Number {
            kind: NUMBER_INT,
            payload: Payload { as_int: -3 },
        };
        let float = Number {
            kind: NUMBER_FLOAT,
            payload: Payload { as_float: 0.5 },
        };
        let bad = Number {
            kind: 7,
            payload: Payload { as_int: 1 },
        };
        // SAFETY: each tag names the field written; NULL and a bad tag are documented.
        unsafe {
            assert_eq!(number_as_f64(&int), -3.0);
            assert_eq!(number_as_f64(&float), 0.5);
            assert!(number_as_f64(&bad).is_nan());
            assert!(number_as_f64(std::ptr::null()).is_nan());
        }
    }

    #[test]
    fn flags() {
        assert_eq!(markup_len(0), 0);
        assert_eq!(markup_len(STYLE_BOLD | STYLE_ITALIC), 6);
        assert_eq!(markup_len(STYLE_ALL), 8);
        assert_eq!(most_sides(), Shape::Square);
        assert_eq!(markup_len(1 << 3), -1);
    }
}
