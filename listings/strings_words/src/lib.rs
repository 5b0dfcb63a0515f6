//! The exercise of Strings: count the words of a Python string, in Rust.

use std::ffi::{CStr, c_char};

/// Returned instead of a count when the text is NULL or not UTF-8.
pub const WORDS_ERROR: i64 = -1;

/// The number of words in the NUL-terminated UTF-8 `text`: runs of characters between
/// Unicode whitespace. Returns `WORDS_ERROR` if `text` is NULL or not valid UTF-8.
///
/// # Safety
/// `text` must be NULL or point to a NUL-terminated string that nothing changes during the call.
///
/// # Panics
/// Never: `to_str` and `split_whitespace` do not panic, though rustc cannot prove it. A panic
/// would abort the process.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn word_count(text: *const c_char) -> i64 {
    // ANCHOR: solution
    // starter: 0 // your code here: the number of words, or WORDS_ERROR
    if text.is_null() {
        return WORDS_ERROR;
    }
    // SAFETY: not NULL, and the caller promises a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(text) };
    match text.to_str() {
        Ok(text) => i64::try_from(text.split_whitespace().count()).unwrap_or(WORDS_ERROR),
        Err(_) => WORDS_ERROR,
    }
    // ANCHOR_END: solution
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr::null;

    #[test]
    fn counts_words_and_refuses_bad_input() {
        // SAFETY: C string literals are NUL-terminated; NULL is documented to give WORDS_ERROR.
        unsafe {
            assert_eq!(word_count(c"  snake\tand crab\u{3000}ünd  ".as_ptr()), 4);
            assert_eq!(word_count(c"".as_ptr()), 0);
            assert_eq!(word_count(c"\xff bad".as_ptr()), WORDS_ERROR);
            assert_eq!(word_count(null()), WORDS_ERROR);
        }
    }
}
