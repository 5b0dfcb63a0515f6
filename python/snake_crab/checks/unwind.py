"""Check that no panic can unwind out of a listing's `extern "C"` function unannounced.

Since Rust 1.81 a panic that reaches an `extern "C"` function's boundary aborts the whole
Python process. rustc knows which functions might let one through: in each of those it
places a landing pad that calls `core::panicking::panic_cannot_unwind`. A function without
that call was proven by the compiler unable to unwind. So, for every function a listing's
library exports, this check reads the machine code of the release build (objdump) and:

- no `panic_cannot_unwind` call: the function cannot panic across the boundary. Passes.
- a call, and the machine code catches panics (it calls std's catch_unwind `cleanup`, the
  code that runs when `catch_unwind` has caught one, itself or through a function of the
  same library): wrapped. A `catch_unwind` that is only in a comment, or in code that never
  runs, does not count. Passes if some test in python/tests whose name contains "panic"
  calls it (`lib.name(...)` or `lib["name"](...)`: its name in a string or a comment does not
  count), so the wrapper is seen turning a real panic into an error.
- a call, and the function's doc comment has a rustdoc `# Panics` section: an announced abort
  (a listing that demonstrates the abort, or a panic only on a failure that aborts anyway,
  such as a full disk on stdout); the section says when. Passes, and is listed with its
  first sentence. This comes before the wrapped case:
  std catches panics of its own too (`thread::scope` catches a thread's panic to re-raise it
  after joining), and such a catch is no wrapper.
- otherwise: fails, naming the function and the file.

`python3 python/book.py verify --only unwind` checks every listing built in target/release (x86-64 and
aarch64 Linux: it needs binutils' objdump, nm and readelf).
"""

import ast
import re
import subprocess
from collections import Counter
from pathlib import Path

from snake_crab import ROOT, model
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)
SECONDS = 15  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

LISTINGS = ROOT / "listings"
RELEASE = ROOT / "target" / "release"
TESTS = ROOT / "python" / "tests"
SHIM = "panic_cannot_unwind"
# What catch_unwind leaves in the machine code: the call that takes a caught panic's payload.
CATCH = re.compile(r"(?:catch_unwind|panicking::try)::cleanup|__rust_panic_cleanup")
STD = ("std::", "core::", "alloc::", "<std::", "<core::", "<alloc::", "__rust")
PANICS = "# Panics"
EXPORT = re.compile(r'^pub (?:unsafe )?extern "C" fn (\w+)', re.MULTILINE)


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def calls_by_function(library: Path) -> dict[str, set[str]]:
    """For each function of the library: the symbols it calls or jumps to."""
    symbols: dict[int, str] = {}
    aliases: dict[int, list[str]] = {}  # every name defined at an address
    for line in tool("nm", "--defined-only", "--demangle", str(library)).splitlines():
        parts = line.split(maxsplit=2)
        if len(parts) == 3:
            symbols.setdefault(int(parts[0], 16), parts[2])
            aliases.setdefault(int(parts[0], 16), []).append(parts[2])
    # Calls inside a shared library often go through the GOT: `call *x(%rip) # <slot>`.
    slots: dict[int, str] = {}
    for line in tool("readelf", "-rW", str(library)).splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[2].endswith("_RELATIVE"):
            slots[int(parts[0], 16)] = symbols.get(int(parts[3], 16), "?")
    calls: dict[str, set[str]] = {}
    current = None
    for line in tool("objdump", "-d", "--no-show-raw-insn", "--demangle", str(library)).splitlines():
        head = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
        if head:
            # Functions with identical machine code (`echo_i8` and `echo_u8`) share one body,
            # which objdump lists under one of their names: the others get the same calls.
            current = head.group(2)
            calls[current] = set()
            for alias in aliases.get(int(head.group(1), 16), []):
                calls.setdefault(alias, calls[current])
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


def catches(calls: dict[str, set[str]], name: str) -> bool:
    """Whether the machine code of `name`, or of a function of the library it calls (not std's),
    catches a panic."""
    seen, todo = set(), [name]
    while todo:
        function = todo.pop()
        if function in seen:
            continue
        seen.add(function)
        for callee in calls.get(function, ()):
            if CATCH.search(callee):
                return True
            if callee in calls and not callee.startswith(STD):
                todo.append(callee)
    return False


def panics_section(above: list[str]) -> str | None:
    """The first sentence of the `# Panics` section in the doc comment above a function (the
    lines come nearest first), or None if it has none."""
    doc = [line.strip().removeprefix("///").strip() for line in reversed(above) if line.strip().startswith("///")]
    if PANICS not in doc:
        return None
    section = []
    for line in doc[doc.index(PANICS) + 1 :]:
        if not line or line.startswith("# "):
            break
        section.append(line)
    text = " ".join(section)
    return text.split(". ")[0].rstrip(".") if text else "no reason given"


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


def panic_tests() -> set[str]:
    """The names that test functions named *panic* call, as `x.name(...)` or `x["name"](...)`
    (read with `ast`: a name in a string or a comment is not a call)."""
    called = set()
    for path in sorted(TESTS.glob("test_*.py")):
        for test in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(test, ast.FunctionDef) and re.match(r"test_\w*panic", test.name)):
                continue
            for call in (node.func for node in ast.walk(test) if isinstance(node, ast.Call)):
                if isinstance(call, ast.Attribute):
                    called.add(call.attr)
                elif isinstance(call, ast.Subscript) and isinstance(call.slice, ast.Constant):
                    called.add(str(call.slice.value))
    return called


def check(listing: Path, tested: set[str], kinds: Counter | None = None) -> list[str]:
    """Problems of one listing (an empty list when it passes); counts each export's kind in `kinds`."""
    kinds = Counter() if kinds is None else kinds
    sources = {p: p.read_text() for p in sorted((listing / "src").glob("*.rs"))}
    exported = {name: path for path, text in sources.items() for name in EXPORT.findall(text)}
    if not exported:
        return []
    library = RELEASE / f"lib{listing.name.replace('-', '_')}.so"
    if not library.is_file():
        return [f"{library.relative_to(ROOT)} is not built: run `cargo build --release`"]
    problems = []
    calls = calls_by_function(library)
    for name, path in sorted(exported.items()):
        where = f"{path.relative_to(ROOT)}: {name}"
        if name not in calls:
            problems.append(f"{where}: exported in the source but not found in {library.name}")
            continue
        if not any(SHIM in symbol for symbol in calls[name]):
            kinds["cannot unwind"] += 1
            continue
        _body, above = function_body(sources[path], name)
        marker = panics_section(above)
        # An announced abort comes first: std's own catches (thread::scope's, which re-raises) are not
        # wrappers that turn a panic into an error.
        wrapped = catches(calls, name)
        if marker:
            kinds["may abort, as documented"] += 1
        elif wrapped and name in tested:
            kinds["catch the panic"] += 1
        elif wrapped:
            problems.append(f"{where}: wrapped in catch_unwind, but no test_*panic* in python/tests calls it")
        else:
            problems.append(
                f"{where}: a panic inside would abort the process (rustc placed {SHIM} in it; "
                f"it calls {panic_sources(calls[name])}); "
                "wrap the body in std::panic::catch_unwind, or say when it panics (and so aborts) "
                "in a `# Panics` section of its doc comment"
            )
    return problems


def run(say) -> Report:
    tested = panic_tests()
    kinds: Counter = Counter()
    problems = [p for listing in model.listings() for p in check(listing.folder, tested, kinds)]
    return Report(problems, summary="exports: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
