//! The same `add` as a Python extension module, written with PyO3.

use pyo3::prelude::*;

/// `import alternatives_pyo3` runs the module initialiser PyO3 generates from this.
#[pymodule]
mod alternatives_pyo3 {
    use pyo3::prelude::*;

    /// Adds two 64-bit integers, wrapping on overflow. PyO3 converts the Python ints
    /// (raising OverflowError if one does not fit in an i64) and the result.
    #[pyfunction]
    fn add(a: i64, b: i64) -> i64 {
        a.wrapping_add(b)
    }
}
