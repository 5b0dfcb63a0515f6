//! One function per type a Python caller passes: each gives its argument back (or reads it),
//! so the cheat-sheet listing can send a value through Rust and see it come back.

use std::ffi::{CStr, c_char, c_void};
use std::ptr::NonNull;

// ANCHOR: layout
/// How Rust lays out one type: what `size_of` and `align_of` say, and the type's name.
#[repr(C)]
pub struct Layout {
    pub name: *const c_char,
    pub size: usize,
    pub align: usize,
}

/// A C struct with padding: 1 byte, then 7 unused, then 8.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Pair {
    pub small: u8,
    pub big: f64,
}

/// A fixed-size array inside a struct: stored inline, 3 `f64`s in a row.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Vec3 {
    pub xyz: [f64; 3],
}

/// A C-compatible enum: a `u32` on the wire, whose only valid values are the variants.
#[repr(u32)]
#[derive(Clone, Copy)]
pub enum Color {
    Red = 1,
    Green = 2,
}

/// Two views of the same 4 bytes.
#[repr(C)]
#[derive(Clone, Copy)]
pub union Bits {
    pub as_int: u32,
    pub as_float: f32,
}

/// An opaque type: C sees only its name (cbindgen writes `typedef struct Counter Counter;`),
/// Python a `c_void_p`. Only Rust's functions make one, read it and free it.
pub struct Counter {
    pub count: u64,
}

/// A callback: a C function pointer, or NULL (`None`).
pub type Unary = Option<extern "C" fn(f64) -> f64>;

fn layout<T>(name: &'static CStr) -> Layout {
    Layout {
        name: name.as_ptr(),
        size: size_of::<T>(),
        align: align_of::<T>(),
    }
}

/// The layout of type number `index`, in the order of the cheat-sheet's rows; a layout with a
/// NULL name past the last.
#[unsafe(no_mangle)]
pub extern "C" fn layout_of(index: u32) -> Layout {
    match index {
        0 => layout::<i8>(c"i8"),
        1 => layout::<i16>(c"i16"),
        2 => layout::<i32>(c"i32"),
        3 => layout::<i64>(c"i64"),
        4 => layout::<u8>(c"u8"),
        5 => layout::<u16>(c"u16"),
        6 => layout::<u32>(c"u32"),
        7 => layout::<u64>(c"u64"),
        8 => layout::<usize>(c"usize"),
        9 => layout::<isize>(c"isize"),
        10 => layout::<f32>(c"f32"),
        11 => layout::<f64>(c"f64"),
        12 => layout::<bool>(c"bool"),
        13 => layout::<c_char>(c"c_char"),
        14 => layout::<*const f64>(c"*const f64"),
        15 => layout::<Option<&f64>>(c"Option<&f64>"),
        16 => layout::<Option<NonNull<f64>>>(c"Option<NonNull<f64>>"),
        17 => layout::<Unary>(c"Option<extern \"C\" fn(f64) -> f64>"),
        18 => layout::<Pair>(c"Pair: #[repr(C)] struct"),
        19 => layout::<Color>(c"Color: #[repr(u32)] enum"),
        20 => layout::<Bits>(c"Bits: #[repr(C)] union"),
        21 => layout::<Vec3>(c"Vec3: [f64; 3] in a struct"),
        22 => layout::<*const c_char>(c"*const c_char: a C string"),
        23 => layout::<*mut c_void>(c"*mut c_void: any address"),
        24 => layout::<*mut Counter>(c"*mut Counter: a handle"),
        25 => layout::<*const f64>(c"*const f64 + usize: a slice"),
        26 => layout::<*const f64>(c"*const f64 + usize, from NumPy"),
        _ => Layout {
            name: std::ptr::null(),
            size: 0,
            align: 0,
        },
    }
}
// ANCHOR_END: layout

// ANCHOR: echo
#[unsafe(no_mangle)]
pub extern "C" fn echo_i8(x: i8) -> i8 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_i16(x: i16) -> i16 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_i32(x: i32) -> i32 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_i64(x: i64) -> i64 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_u8(x: u8) -> u8 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_u16(x: u16) -> u16 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_u32(x: u32) -> u32 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_u64(x: u64) -> u64 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_usize(x: usize) -> usize {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_isize(x: isize) -> isize {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_f32(x: f32) -> f32 {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_f64(x: f64) -> f64 {
    x
}
/// # Safety
/// `x` must be 0 or 1: a `bool` has no other values, so Rust may assume any other byte never
/// arrives (`ctypes.c_bool` only ever sends 0 or 1).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn echo_bool(x: bool) -> bool {
    x
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_c_char(x: c_char) -> c_char {
    x
}
/// Gives the pointer back unread: a raw pointer is only an address.
#[unsafe(no_mangle)]
pub extern "C" fn echo_ptr(x: *const f64) -> *const f64 {
    x
}
/// Reads the value, or NaN for NULL: `Option<&f64>` is a pointer that may be NULL.
///
/// # Safety
/// `x` must be NULL or point to an `f64`, aligned, that nothing writes during the call: a
/// reference promises all of that before the body runs, so Rust cannot check it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn echo_opt_ref(x: Option<&f64>) -> f64 {
    x.copied().unwrap_or(f64::NAN)
}
/// Gives the pointer back: `Option<NonNull<f64>>` is a pointer that may be NULL, unread.
#[unsafe(no_mangle)]
pub extern "C" fn echo_opt_nonnull(x: Option<NonNull<f64>>) -> Option<NonNull<f64>> {
    x
}
/// Calls the callback with `x`, or gives NaN for NULL.
///
/// # Safety
/// `f` must be NULL or a function of this type that stays alive during the call: Rust calls
/// whatever address it is given.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn echo_fn(f: Unary, x: f64) -> f64 {
    f.map_or(f64::NAN, |f| f(x))
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_pair(x: Pair) -> Pair {
    x
}
/// Gives back the discriminant of `x`.
///
/// # Safety
/// `x` must be 1 or 2, a variant of `Color`: Rust may assume no other value arrives.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn echo_color(x: Color) -> u32 {
    x as u32
}
/// Gives back the bytes as an integer, whichever view was written; 0 for NULL. By pointer:
/// libffi, under both ctypes and cffi, has no way to describe a union passed by value.
///
/// # Safety
/// `x` must be NULL or point to a `Bits`, aligned, that nothing writes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn echo_bits(x: Option<&Bits>) -> u32 {
    // SAFETY: both fields are 4 bytes of plain data: every bit pattern is a valid u32.
    x.map_or(0, |bits| unsafe { bits.as_int })
}
#[unsafe(no_mangle)]
pub extern "C" fn echo_vec3(x: Vec3) -> Vec3 {
    x
}
/// Gives the pointer back unread; Python's `c_char_p` result copies the string it points to.
#[unsafe(no_mangle)]
pub extern "C" fn echo_str(x: *const c_char) -> *const c_char {
    x
}
/// Gives the address back unread: a `void *` says nothing of what it points to.
#[unsafe(no_mangle)]
pub extern "C" fn echo_void(x: *mut c_void) -> *mut c_void {
    x
}
/// Gives the handle back unread: only the functions that own a `Counter` look inside.
#[unsafe(no_mangle)]
pub extern "C" fn echo_handle(x: *mut Counter) -> *mut Counter {
    x
}
/// The sum of the `len` numbers at `values`: a slice crosses as a pointer and a length. NaN if
/// `values` is NULL or misaligned, or `len` is too large for any array; 0 for `len` 0.
///
/// # Safety
/// `values` must be NULL or point to `len` `f64`s that nothing writes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sum_slice(values: *const f64, len: usize) -> f64 {
    if len == 0 {
        return 0.0;
    }
    if values.is_null() || !values.is_aligned() || len > isize::MAX as usize / size_of::<f64>() {
        return f64::NAN;
    }
    // SAFETY: not NULL, aligned, and `len` elements long, as the caller promises above.
    unsafe { std::slice::from_raw_parts(values, len) }
        .iter()
        .sum()
}
// ANCHOR_END: echo

// Tests: each export called from Rust the way Python calls it (`cargo test`; Miri runs them).
#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn twice(x: f64) -> f64 {
        2.0 * x
    }

    #[test]
    fn every_layout_has_a_name_until_the_end() {
        let named = (0..).take_while(|&i| !layout_of(i).name.is_null()).count();
        assert_eq!(named, 27);
        assert!((0..27).all(|i| layout_of(i).size > 0 && layout_of(i).align > 0));
        assert_eq!(layout_of(27).size, 0);
    }

    #[test]
    fn values_come_back() {
        assert_eq!(echo_i8(i8::MIN), i8::MIN);
        assert_eq!(echo_u64(u64::MAX), u64::MAX);
        assert_eq!(echo_usize(usize::MAX), usize::MAX);
        assert_eq!(echo_isize(isize::MIN), isize::MIN);
        assert_eq!(echo_f32(0.1), 0.1);
        assert_eq!(echo_c_char(65), 65);
        let kept = 2.5;
        assert_eq!(echo_ptr(&kept), &raw const kept);
        assert_eq!(
            echo_opt_nonnull(NonNull::new(&raw const kept as *mut f64)),
            NonNull::new(&raw const kept as *mut f64)
        );
        assert_eq!(echo_str(c"hi".as_ptr()), c"hi".as_ptr());
        let mut counter = Counter { count: 0 };
        assert_eq!(echo_handle(&raw mut counter), &raw mut counter);
        assert_eq!(
            echo_void((&raw mut counter).cast()),
            (&raw mut counter).cast()
        );
        let pair = echo_pair(Pair { small: 7, big: 2.5 });
        assert_eq!((pair.small, pair.big), (7, 2.5));
        assert_eq!(
            echo_vec3(Vec3 {
                xyz: [1.0, 2.0, 3.0]
            })
            .xyz,
            [1.0, 2.0, 3.0]
        );
        // SAFETY: each argument is a valid value of its type, as each `# Safety` asks.
        unsafe {
            assert!(echo_bool(true));
            assert_eq!(echo_opt_ref(Some(&kept)), 2.5);
            assert!(echo_opt_ref(None).is_nan());
            assert_eq!(echo_fn(Some(twice), 1.5), 3.0);
            assert!(echo_fn(None, 1.5).is_nan());
            assert_eq!(echo_color(Color::Green), 2);
            assert_eq!(echo_bits(Some(&Bits { as_float: 1.0 })), 0x3f80_0000);
            assert_eq!(echo_bits(None), 0);
            assert_eq!(sum_slice([1.0, 2.5].as_ptr(), 2), 3.5);
            assert_eq!(sum_slice(std::ptr::null(), 0), 0.0);
            assert!(sum_slice(std::ptr::null(), 1).is_nan());
            assert!(sum_slice([1.0].as_ptr().cast::<u8>().wrapping_add(1).cast(), 1).is_nan());
            assert!(sum_slice([1.0].as_ptr(), usize::MAX).is_nan());
        }
    }
}
