"""No safe export takes a value that has invalid bit patterns.

A safe `pub extern "C" fn` promises that no argument a caller sends can make it misbehave. Some
Rust types make promises of their own before the first line of the body runs: a `bool` is 0 or
1, a reference is aligned and points to a live value, an enum holds one of its variants, a
function pointer is not NULL, a `NonZero` is not zero. rustc passes those promises on to LLVM as
attributes of the function's parameters, and the optimiser relies on them. Python's `ctypes`
can send any bits at all, so a safe export must take none of these: it takes a plain integer or
a raw pointer and checks it, or it is an `unsafe extern "C" fn` whose `# Safety` section says
what the caller must send.

This check reads what the compiler concluded rather than the source's types (a type alias, a
struct around a reference, or a generic cannot hide a promise): every listing is built in
release mode with `--emit=llvm-ir` into target/validity, and each safe export's parameters in
the LLVM IR are searched for the attributes that carry a promise: `range(...)`, `nonnull`,
`dereferenceable`, `dereferenceable_or_null`, `align N` (outside `byval`/`sret`, which only say
how C passes a struct) and an `i1` (a `bool`). Which exports are safe is read from the source:
`pub extern "C" fn` under `#[unsafe(no_mangle)]`.

One more rule is read from the source, about callbacks that Rust keeps: a callback stored in
a `static` behind a lock (`Mutex`/`RwLock`) is called while the lock is held, never copied out
of it first (`let f = *SINK.read()...; f(...)`). Otherwise the function that replaces it
could return, and its caller free the old callback, while a call to it is still on its way.

`python3 python/book.py verify --only validity` checks every listing and exits 1 on any finding.
"""

import os
import re
import subprocess
from pathlib import Path

from snake_crab import ROOT, model, prerequisites
from snake_crab.check import Report

PER_LISTING = True
SECONDS = 35  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


LISTINGS = ROOT / "listings"

SAFE_EXPORT = re.compile(r"#\[unsafe\(no_mangle\)\]\s*(?:#\[[^\]]*\]\s*)*pub\s+extern\s+\"C(?:-unwind)?\"\s+fn\s+(\w+)")
DEFINE = re.compile(r"^define\s[^@]*@\"?([\w.$]+)\"?\((.*)\)[^()]*\{\s*$", re.MULTILINE)
# Each attribute that makes a promise about the bits, and what it means to a reader.
PROMISES = [
    (
        re.compile(r"\brange\((i\d+) (-?\d+), (-?\d+)\)"),
        "one of the values in [{1}, {2}), wrapping around (an enum, a NonZero or a char)",
    ),
    (re.compile(r"\bdereferenceable(?:_or_null)?\((\d+)\)"), "a pointer to {0} live bytes (a reference)"),
    (re.compile(r"\bnonnull\b"), "a pointer that is never NULL"),
    (re.compile(r"\balign (\d+)\b"), "a pointer aligned to {0} bytes"),
    (re.compile(r"^i1\b"), "a bool: only 0 or 1"),
]


def safe_exports(crate: Path) -> list[str]:
    """The names of the safe `pub extern "C" fn`s of a listing's source."""
    names = []
    for source in sorted((crate / "src").rglob("*.rs")):
        names += SAFE_EXPORT.findall(source.read_text())
    return names


CALLBACK_ALIAS = re.compile(r"type\s+(\w+)\s*=\s*Option<\s*(?:unsafe\s+)?extern\s+\"C")
LOCKED_STATIC = re.compile(r"static\s+(\w+)\s*:\s*(?:std::sync::)?(?:Mutex|RwLock)<(.+?)>\s*=")


def callbacks_copied_out_of_locks(crate: Path) -> list[str]:
    """Statics holding a callback behind a lock whose value is copied out of the guard."""
    problems = []
    for source in sorted((crate / "src").rglob("*.rs")):
        text = source.read_text()
        aliases = set(CALLBACK_ALIAS.findall(text))
        for name, kind in LOCKED_STATIC.findall(text):
            if 'extern "C" fn' not in kind and not any(re.search(rf"\b{a}\b", kind) for a in aliases):
                continue
            # `let f = *NAME.read()...`: the value leaves the guard, which is dropped at the `;`.
            # (`*NAME.lock()... = new;` at the start of a statement stores, and is fine.)
            for match in re.finditer(rf"(?<![=!<>])=\s*\*\s*{name}\s*\.\s*(?:read|lock|write)\s*\(", text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(
                    f"{source.relative_to(crate.parent.parent)}:{line}: the callback in {name} is copied out "
                    "of its lock: call it while the guard is held, so that replacing it waits for calls "
                    "on their way"
                )
    return problems


def split_parameters(text: str) -> list[str]:
    """`i32 noundef %x, ptr align 8 %y` -> the two parameters, minding nested brackets."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def promises(parameter: str) -> list[str]:
    """What an IR parameter's attributes promise about the bits a caller may send."""
    if re.search(r"\b(byval|sret)\b", parameter):
        return []  # a struct passed by value or returned through memory: C's own convention
    found = []
    for pattern, meaning in PROMISES:
        if match := pattern.search(parameter):
            found.append(meaning.format(*match.groups()) + f" (`{match.group(0)}`)")
    return found


def check_ir(ir: str, safe: list[str], crate: str) -> list[str]:
    """Findings for the safe exports of one crate's LLVM IR."""
    defined = {name: params for name, params in DEFINE.findall(ir)}
    problems = []
    for name in safe:
        if name not in defined:
            continue  # folded into an identical function under another name, or not emitted
        for index, parameter in enumerate(split_parameters(defined[name]), 1):
            for promise in promises(parameter):
                problems.append(
                    f"listings/{crate}: safe export {name}: parameter {index} must be {promise}, "
                    "which a C caller need not send: take a plain integer or a raw pointer and "
                    'check it, or make it `unsafe extern "C" fn` with a # Safety section'
                )
    return problems


def build_ir(crates: list[str], target: Path) -> Path:
    """Build the crates with their LLVM IR beside them; returns the folder holding the `.ll` files.
    The host named as --target keeps RUSTFLAGS off build scripts and their dependencies (cbindgen
    and its own), which then come from sccache instead of being compiled again for their IR."""
    env = dict(os.environ, RUSTFLAGS="--emit=llvm-ir,link")
    host = prerequisites.host_triple()
    command = ["cargo", "build", "--quiet", "--release", "--lib", "--target-dir", str(target)]
    command += ["--target", host, "--workspace"]
    listed = {*model.names(), "snake-crab"}
    for crate in sorted(listed - set(crates)):
        command += ["--exclude", crate]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return target / host / "release" / "deps"


def check_book(listings: Path = LISTINGS, target: Path = ROOT / "target" / "validity") -> tuple[list[str], int]:
    # PyO3's module exports are generated by PyO3, not written in the book: not ours to check.
    crates = [listing.name for listing in model.listings(listings) if listing.c_library]
    deps = build_ir(crates, target)
    problems, checked = [], 0
    for crate in crates:
        safe = safe_exports(listings / crate)
        ir_file = deps / f"{crate}.ll"
        if not ir_file.is_file():
            problems.append(f"listings/{crate}: no LLVM IR at {ir_file.relative_to(ROOT)}")
            continue
        problems += check_ir(ir_file.read_text(), safe, crate)
        problems += callbacks_copied_out_of_locks(listings / crate)
        checked += len(safe)
    return problems, checked


def run(say) -> Report:
    problems, checked = check_book()
    return Report(problems, summary=f"{checked} safe exports and every kept callback read")
