"""The validity check finds safe exports whose parameters have invalid bit patterns."""

import subprocess
from pathlib import Path

from snake_crab.checks import validity as validity_check

SOURCE = """
use std::num::NonZeroU32;
#[repr(u32)]
pub enum Color { Red = 1, Green = 2 }
#[repr(C)]
pub struct Pair { pub small: u8, pub big: f64 }
#[unsafe(no_mangle)]
pub extern "C" fn take_bool(x: bool) -> u8 { x as u8 + 1 }
#[unsafe(no_mangle)]
pub extern "C" fn take_ref(x: Option<&f64>) -> f64 { x.copied().unwrap_or(0.0) }
#[unsafe(no_mangle)]
pub extern "C" fn take_color(x: Color) -> u32 { x as u32 }
#[unsafe(no_mangle)]
pub extern "C" fn take_fn(f: extern "C" fn() -> u32) -> u32 { f() }
#[unsafe(no_mangle)]
pub extern "C" fn take_nonzero(x: NonZeroU32) -> u32 { x.get() }
#[unsafe(no_mangle)]
pub extern "C" fn take_plain(x: u8, p: *const f64, pair: Pair, f: Option<extern "C" fn() -> u32>) -> f64 {
    x as f64 + pair.big + if p.is_null() { 0.0 } else { 1.0 } + f.map_or(0, |f| f()) as f64
}
/// # Safety
/// `x` must be 0 or 1.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn take_bool_unsafely(x: bool) -> u8 { x as u8 + 2 }
"""


def ir_of(tmp_path: Path) -> tuple[str, list[str]]:
    crate = tmp_path / "crate"
    (crate / "src").mkdir(parents=True)
    (crate / "src" / "lib.rs").write_text(SOURCE)
    ir = tmp_path / "lib.ll"
    subprocess.run(
        [
            "rustc",
            "--edition",
            "2024",
            "--crate-type",
            "cdylib",
            "-C",
            "opt-level=3",
            "--emit=llvm-ir",
            "-o",
            str(ir),
            str(crate / "src" / "lib.rs"),
        ],
        check=True,
    )
    return ir.read_text(), validity_check.safe_exports(crate)


def test_only_safe_exports_are_read(tmp_path: Path):
    _, safe = ir_of(tmp_path)
    assert "take_bool_unsafely" not in safe
    assert {"take_bool", "take_ref", "take_color", "take_fn", "take_nonzero", "take_plain"} <= set(safe)


def test_each_kind_of_invalid_value_is_found_and_plain_ones_pass(tmp_path: Path):
    ir, safe = ir_of(tmp_path)
    problems = "\n".join(validity_check.check_ir(ir, safe, "scratch"))
    assert "safe export take_bool: parameter 1 must be a bool: only 0 or 1" in problems
    assert "safe export take_ref: parameter 1 must be a pointer to 8 live bytes (a reference)" in problems
    assert "take_ref: parameter 1 must be a pointer aligned to 8 bytes" in problems
    assert "safe export take_color: parameter 1 must be one of the values in [1, 3)" in problems
    assert "safe export take_fn: parameter 1 must be a pointer that is never NULL" in problems
    assert "safe export take_nonzero: parameter 1 must be one of the values in [1, 0), wrapping" in problems
    assert "take_plain" not in problems
    assert "take_bool_unsafely" not in problems


KEPT = """
pub type Sink = Option<extern "C" fn(level: i32)>;
static SINK: std::sync::RwLock<Sink> = std::sync::RwLock::new(None);

pub fn store(sink: Sink) {
    *SINK.write().unwrap_or_else(|p| p.into_inner()) = sink;
}

pub fn send(level: i32) {
    %s
}
"""
COPIED = """let sink = *SINK.read().unwrap_or_else(|p| p.into_inner());
    if let Some(sink) = sink {
        sink(level);
    }"""
HELD = """let sink = SINK.read().unwrap_or_else(|p| p.into_inner());
    if let Some(sink) = *sink {
        sink(level);
    }"""


def test_a_callback_copied_out_of_its_lock_is_found(tmp_path: Path):
    crate = tmp_path / "listings" / "kept"
    (crate / "src").mkdir(parents=True)
    (crate / "src" / "lib.rs").write_text(KEPT % COPIED)
    found = validity_check.callbacks_copied_out_of_locks(crate)
    assert len(found) == 1 and "the callback in SINK is copied out of its lock" in found[0], found
    (crate / "src" / "lib.rs").write_text(KEPT % HELD)
    assert validity_check.callbacks_copied_out_of_locks(crate) == []
