//! Every folder beside this file is one listing of the book: a Rust `cdylib` crate
//! (`Cargo.toml`, `src/lib.rs`) and the Python scripts that load it with `ctypes`.
//!
//! This file is only the library target of the workspace's root package, whose build
//! script (`../build.rs`) writes each listing's C header, `<listing>/<listing>.h`, with cbindgen.
