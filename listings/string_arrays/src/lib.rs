//! Arrays of strings: a NULL-terminated array (argv style) and a (pointer, length) pair.

use std::ffi::{CStr, c_char};
use std::slice;

// ANCHOR: codes
/// There is no string at all: the array is empty, or holds only NULL elements.
pub const STRING_ARRAYS_NONE: isize = -1;
/// The array pointer is NULL or misaligned (for a counted array: with a length above 0).
pub const STRING_ARRAYS_BAD_ARRAY: isize = -2;
/// An element is not valid UTF-8.
pub const STRING_ARRAYS_NOT_UTF8: isize = -3;

/// The NUL-terminated string at `ptr` as a `&str`, or `STRING_ARRAYS_NOT_UTF8`.
///
/// # Safety
/// `ptr` must point to a NUL-terminated string that stays unchanged for `'a`.
unsafe fn text<'a>(ptr: *const c_char) -> Result<&'a str, isize> {
    // SAFETY: the caller promises a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map_err(|_| STRING_ARRAYS_NOT_UTF8)
}
// ANCHOR_END: codes

// ANCHOR: argv
/// Counts the whitespace-separated words in all the strings of `argv`, an array of strings
/// ended by a NULL element, like C's `argv`. Returns the count, `STRING_ARRAYS_BAD_ARRAY` if
/// `argv` is NULL or misaligned, or `STRING_ARRAYS_NOT_UTF8` if any string is not UTF-8.
///
/// # Safety
/// `argv` must be NULL or point to pointers to NUL-terminated strings, followed by a NULL
/// pointer. Nothing else tells this function where the array ends. Nothing may change the
/// array or the strings during the call.
///
/// # Panics
/// Never: `CStr::to_str` does not panic, though rustc cannot prove it. A panic would abort the
/// process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn count_words(argv: *const *const c_char) -> isize {
    if argv.is_null() || !argv.is_aligned() {
        return STRING_ARRAYS_BAD_ARRAY;
    }
    let mut words: usize = 0;
    let mut next = argv;
    loop {
        // SAFETY: `next` is within the array: we stop at the NULL the caller promises.
        let ptr = unsafe { next.read() };
        if ptr.is_null() {
            break;
        }
        // SAFETY: a non-NULL element is a NUL-terminated string, as the caller promises.
        match unsafe { text(ptr) } {
            Ok(s) => words = words.saturating_add(s.split_whitespace().count()),
            Err(code) => return code,
        }
        // SAFETY: `ptr` was not the terminator, so the array goes on at least one more element.
        next = unsafe { next.add(1) };
    }
    isize::try_from(words).unwrap_or(isize::MAX)
}
// ANCHOR_END: argv

// ANCHOR: counted
/// The index of the longest of the `len` strings at `items`, in characters (the first one
/// on a tie). A NULL element is a missing value, and is skipped. Returns the index,
/// `STRING_ARRAYS_NONE` if there is no string, `STRING_ARRAYS_BAD_ARRAY` if `items` is NULL
/// or misaligned and `len` is not 0, or `STRING_ARRAYS_NOT_UTF8` if a string is not UTF-8.
///
/// # Safety
/// `items` must be NULL or point to `len` pointers, each NULL or to a NUL-terminated string;
/// nothing may change them during the call.
///
/// # Panics
/// Never: `CStr::to_str` and `chars().count()` do not panic, though rustc cannot prove it. A
/// panic would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn longest(items: *const *const c_char, len: usize) -> isize {
    if len == 0 {
        return STRING_ARRAYS_NONE; // `items` may be NULL: never give it to from_raw_parts
    }
    let too_long = len > isize::MAX as usize / size_of::<*const c_char>();
    if items.is_null() || !items.is_aligned() || too_long {
        return STRING_ARRAYS_BAD_ARRAY;
    }
    // SAFETY: non-NULL, aligned, not too long; the caller promises `len` elements.
    let items = unsafe { slice::from_raw_parts(items, len) };
    let mut best: Option<(usize, usize)> = None; // (index, characters)
    for (index, &ptr) in items.iter().enumerate() {
        if ptr.is_null() {
            continue;
        }
        // SAFETY: a non-NULL element is a NUL-terminated string, as the caller promises.
        let chars = match unsafe { text(ptr) } {
            Ok(s) => s.chars().count(),
            Err(code) => return code,
        };
        if best.is_none_or(|(_, most)| chars > most) {
            best = Some((index, chars));
        }
    }
    best.map_or(STRING_ARRAYS_NONE, |(index, _)| {
        isize::try_from(index).unwrap_or(STRING_ARRAYS_NONE)
    })
}
// ANCHOR_END: counted

// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null;

    #[test]
    fn words_in_an_argv_array() {
        let argv = [
            c"two words".as_ptr(),
            c"".as_ptr(),
            c" one ".as_ptr(),
            null(),
        ];
        let bad = [c"ok".as_ptr(), c"\xff".as_ptr(), null()];
        let only_end = [null::<c_char>()];
        // A misaligned pointer into `argv`: built, never read.
        let misaligned = argv
            .as_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<*const c_char>();
        // SAFETY: each array ends with NULL and holds NUL-terminated strings; NULL and misaligned
        // arrays are documented to be refused before anything is read.
        unsafe {
            assert_eq!(count_words(argv.as_ptr()), 3);
            assert_eq!(count_words(only_end.as_ptr()), 0);
            assert_eq!(count_words(bad.as_ptr()), STRING_ARRAYS_NOT_UTF8);
            assert_eq!(count_words(null()), STRING_ARRAYS_BAD_ARRAY);
            assert_eq!(count_words(misaligned), STRING_ARRAYS_BAD_ARRAY);
        }
    }

    #[test]
    fn longest_in_a_counted_array() {
        let items = [c"ab".as_ptr(), null(), c"été".as_ptr(), c"xyz".as_ptr()];
        let missing = [null::<c_char>(); 2];
        let bad = [c"ok".as_ptr(), c"\xff".as_ptr()];
        // SAFETY: each array holds its length of NULL or NUL-terminated strings; a NULL array with
        // length 0 is documented to be fine, with a length above 0 to be refused.
        unsafe {
            assert_eq!(longest(items.as_ptr(), items.len()), 2); // "été" before "xyz": a tie
            assert_eq!(longest(items.as_ptr(), 2), 0);
            assert_eq!(longest(missing.as_ptr(), 2), STRING_ARRAYS_NONE);
            assert_eq!(longest(null(), 0), STRING_ARRAYS_NONE);
            assert_eq!(longest(null(), 2), STRING_ARRAYS_BAD_ARRAY);
            assert_eq!(longest(items.as_ptr(), usize::MAX), STRING_ARRAYS_BAD_ARRAY);
            assert_eq!(longest(bad.as_ptr(), 2), STRING_ARRAYS_NOT_UTF8);
        }
    }
}
