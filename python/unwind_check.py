"""Check that no panic can unwind out of a listing's `extern "C"` function unannounced.

Since Rust 1.81 a panic that reaches an `extern "C"` function's boundary aborts the whole
Python process. rustc knows which functions might let one through: in each of those it
places a landing pad that calls `core::panicking::panic_cannot_unwind`. A function without
that call was proven by the compiler unable to unwind. So, for every function a listing's
library exports, this check reads the machine code of the release build (objdump) and:

- no `panic_cannot_unwind` call: the function cannot panic across the boundary. Passes.
- a call, and the Rust body runs through `catch_unwind` (directly or through a function of
  the same crate that calls it): wrapped. Passes if some test in python/tests whose name
  contains "panic" calls it, so the wrapper is seen turning a real panic into an error.
- a call, and the line above `fn` says `// boundary: may abort (reason)`: an announced abort
  (a listing that demonstrates the abort, or a panic only on a failure that aborts anyway,
  such as a full disk on stdout). Passes, and is listed.
- otherwise: fails, naming the function and the file.

`python3 python/unwind_check.py` checks every listing built in target/release (x86-64 and
aarch64 Linux: it needs binutils' objdump, nm and readelf).
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "listings"
RELEASE = ROOT / "target" / "release"
TESTS = ROOT / "python" / "tests"
SHIM = "panic_cannot_unwind"
MARKER = re.compile(r"^\s*// boundary: may abort \((.+)\)\s*$")
EXPORT = re.compile(r'^pub (?:unsafe )?extern "C" fn (\w+)', re.MULTILINE)


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def calls_by_function(library: Path, names: set[str]) -> dict[str, set[str]]:
    """For each exported function in `names`: the symbols it calls or jumps to."""
    symbols: dict[int, str] = {}
    for line in tool("nm", "--defined-only", "--demangle", str(library)).splitlines():
        parts = line.split(maxsplit=2)
        if len(parts) == 3:
            symbols.setdefault(int(parts[0], 16), parts[2])
    # Calls inside a shared library often go through the GOT: `call *x(%rip) # <slot>`.
    slots: dict[int, str] = {}
    for line in tool("readelf", "-rW", str(library)).splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2].endswith("_RELATIVE"):
            slots[int(parts[0], 16)] = symbols.get(int(parts[3], 16), "?")
    calls: dict[str, set[str]] = {}
    current = None
    for line in tool("objdump", "-d", "--no-show-raw-insn", "--demangle", str(library)).splitlines():
        head = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if head:
            current = head.group(1) if head.group(1) in names else None
            if current:
                calls[current] = set()
            continue
        if current is None or not re.search(r"\b(call|jmp|bl|b)\b", line):
            continue
        slot = re.search(r"# ([0-9a-f]+) <", line)
        if slot and int(slot.group(1), 16) in slots:
            calls[current].add(slots[int(slot.group(1), 16)])
        direct = re.search(r"\s[0-9a-f]+ <([^>+]+)", line)
        if direct:
            calls[current].add(direct.group(1))
    return calls


def panic_sources(symbols: set[str]) -> str:
    """The callees that look like ways to panic, by their last name: a hint for the reader."""
    names = set()
    for symbol in symbols:
        name = re.sub(r"::h[0-9a-f]{16}$", "", symbol.split("@")[0]).split("::")[-1]
        if SHIM not in name and re.search(r"panic|unwrap|expect|handle_(alloc_)?error|_fail|_print", name):
            names.add(name)
    return ", ".join(sorted(names)) or "a callee rustc cannot prove panic-free"


def function_body(source: str, name: str) -> tuple[str, list[str]]:
    """The text of `fn name` up to its closing brace, and the comment/attribute lines above it."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(rf"\bfn {name}\b", line))
    end = next((i for i in range(start, len(lines)) if lines[i] == "}"), len(lines) - 1)
    above = []
    for line in reversed(lines[:start]):
        if not line.strip().startswith(("//", "#[")):
            break
        above.append(line)
    return "\n".join(lines[start : end + 1]), above


def panic_tests() -> str:
    """The source of every test function whose name mentions panic."""
    text = []
    for path in sorted(TESTS.glob("test_*.py")):
        chunks = re.split(r"(?m)^(?=def |class |@)", path.read_text())
        text += [c for c in chunks if re.match(r"def test_\w*panic", c)]
    return "\n".join(text)


def check(listing: Path, tested: str) -> list[str]:
    """Problems of one listing (an empty list when it passes); prints a line per function."""
    sources = {p: p.read_text() for p in sorted((listing / "src").glob("*.rs"))}
    exported = {name: path for path, text in sources.items() for name in EXPORT.findall(text)}
    if not exported:
        return []
    library = RELEASE / f"lib{listing.name.replace('-', '_')}.so"
    if not library.is_file():
        return [f"{library.relative_to(ROOT)} is not built: run `cargo build --release`"]
    guards = {
        m.group(1)
        for text in sources.values()
        for m in re.finditer(r"\bfn (\w+)[^{]*\{(?:(?!\n\}).)*catch_unwind", text, re.DOTALL)
    }
    problems = []
    calls = calls_by_function(library, set(exported))
    for name, path in sorted(exported.items()):
        where = f"{path.relative_to(ROOT)}: {name}"
        if name not in calls:
            problems.append(f"{where}: exported in the source but not found in {library.name}")
            continue
        if not any(SHIM in symbol for symbol in calls[name]):
            print(f"  cannot unwind   {where}")
            continue
        body, above = function_body(sources[path], name)
        marker = next((m.group(1) for line in above if (m := MARKER.match(line))), None)
        wrapped = "catch_unwind" in body or any(re.search(rf"\b{g}\(", body) for g in guards - {name})
        if wrapped and re.search(rf"\b{name}\b", tested):
            print(f"  wrapped         {where}")
        elif wrapped:
            problems.append(f"{where}: wrapped in catch_unwind, but no test_*panic* in python/tests calls it")
        elif marker:
            print(f"  may abort       {where} ({marker})")
        else:
            problems.append(
                f"{where}: a panic inside would abort the process (rustc placed {SHIM} in it; "
                f"it calls {panic_sources(calls[name])}); "
                "wrap the body in std::panic::catch_unwind, or announce it with "
                "`// boundary: may abort (reason)` above the fn"
            )
    return problems


def main() -> int:
    tested = panic_tests()
    problems = []
    for listing in sorted(p.parent for p in LISTINGS.glob("*/Cargo.toml")):
        problems += check(listing, tested)
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"unwind check: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
