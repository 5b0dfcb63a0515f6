"""Call every export that takes a pointer with what a careless caller passes, in a debug build.

A debug build of a listing's library checks the preconditions of std's unsafe functions
(`slice::from_raw_parts` wants a non-NULL, aligned pointer and at most `isize::MAX` bytes)
and aborts when one is broken; a release build would silently compute nonsense. This check
loads each listing's debug library with cffi, declared from the listing's own C header (the
header is parsed by cffi's C parser, pycparser), and calls each export, in a child process
per export, once per case:

- valid: every pointer to zeroed, aligned memory, every length (`size_t`/`uintptr_t`) 2,
  every parameter of an enum type the enum's first value, every other integer 3, a callback
  that returns 0 or that memory;
- misaligned P: pointer P one byte past an aligned address, for each pointer whose target
  needs alignment (a pointer that a callback returns included);
- NULL P: pointer P NULL;
- huge N: length N one above the longest array of its pointer's target that can exist;
- empty: every length 0 and every pointer misaligned.

The memory behind each pointer is exactly as large as the call says and ends where a page
that may not be touched begins (mmap, then mprotect PROT_NONE), so one value read or written
past the end kills the child. Its size is the product of the lengths that follow the pointer
(`values, rows, cols`: rows x cols values), or, for a pointer no length follows (an `out`),
the largest such product of the call, or one value when the call has no length. A case
passes when the child exits normally: the export may answer with any error value, but it
must not abort, crash, or touch memory outside what it was given. Left out, and
listed: exports documented as DANGER (the book's demonstrations of what goes wrong), and
exports whose `# Safety` section wants a pointer only another function makes (".. from
`f`"): that pointer is made by calling `f` when `f` takes no arguments, otherwise the export
is left out.

"""

import ctypes
import mmap
import re
import subprocess
import sys
from pathlib import Path

import cffi
from pycparser import c_ast

from snake_crab import ROOT, c_header, model, module_command
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)
SECONDS = 35  # its usual time, warm, on 2 cores (orders the checks; see verify.py)
LENGTHS = {"size_t", "uintptr_t"}
DOC_AND_DECL = re.compile(r"/\*\*(?P<doc>(?:(?!\*/).)*)\*/\s*(?P<decl>[^;{}/#]*?\b(?P<name>\w+)\s*\([^;{}]*\);)", re.S)
PRODUCER = re.compile(r"`(\w+)`[^.`]*? from (?:C's )?`(\w+)`")
SAME_AS = re.compile(r"`(\w+)` as for `(\w+)`")


def enum_values(declarations: str) -> dict[str, int]:
    """Each enum of the header, by name, with its first value: the one a valid call sends."""
    found = {}
    for node in c_header.c_declarations(declarations):
        kind = getattr(node, "type", None)
        if isinstance(kind, c_ast.Enum) and kind.name and kind.values and kind.values.enumerators:
            first = kind.values.enumerators[0].value
            found[kind.name] = int(first.value, 0) if isinstance(first, c_ast.Constant) else 0
    return found


def functions(header_text: str, declarations: str) -> dict[str, dict]:
    """Each function the header declares: its parameter names, its doc comment (rustdoc's, as
    cbindgen copies it), whether it is a danger demonstration, and the producers its
    `# Safety` section names for each parameter. `declarations` is the preprocessed header."""
    docs = {
        m["name"]: " ".join(line.strip(" *") for line in m["doc"].splitlines())
        for m in DOC_AND_DECL.finditer(header_text)
    }
    found = {}
    for node in c_header.c_declarations(declarations):
        if isinstance(node, c_ast.Decl) and isinstance(node.type, c_ast.FuncDecl):
            params = node.type.args.params if node.type.args else []
            names = [p.name for p in params if p.name]
            doc = docs.get(node.name, "")
            type_names = [" ".join(getattr(getattr(p.type, "type", None), "names", [])) for p in params]
            found[node.name] = {"params": names, "doc": doc, "type_names": type_names}
    for info in found.values():
        safety = info["doc"].split("# Safety", 1)[1] if "# Safety" in info["doc"] else ""
        info["danger"] = info["doc"].lstrip().startswith("DANGER")
        info["producers"] = dict(PRODUCER.findall(safety))
        for param, other in SAME_AS.findall(safety):
            if param in found.get(other, {}).get("producers", {}):
                info["producers"][param] = found[other]["producers"][param]
    return found


# ---------------------------------------------------------------- the child: one export, every case


def run_export(library: str, header: str, name: str) -> None:
    """Call `name` once per case, printing each case before the call: if the process dies, the
    last line printed says which case killed it."""
    header_text = Path(header).read_text()
    declarations = c_header.preprocessed(header_text)
    info = functions(header_text, declarations)
    ffi = cffi.FFI()
    ffi.cdef(declarations)
    lib = ffi.dlopen(library)
    function = getattr(lib, name)
    kinds = ffi.typeof(function).args
    params = info[name]["params"]
    type_names = info[name]["type_names"]
    enums = enum_values(declarations)
    keep = []  # every mapping, buffer and callback stays alive until the process ends
    page = mmap.PAGESIZE
    mprotect = ctypes.CDLL(None, use_errno=True).mprotect
    mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    mprotect.restype = ctypes.c_int

    def memory(size: int, aligned: bool = True) -> object:
        """`size` zeroed bytes that end where a PROT_NONE page begins (one byte earlier when
        misaligned): any byte past them is out of reach."""
        usable = (size + 1 + page - 1) // page * page
        mapping = mmap.mmap(-1, usable + page)
        keep.append(mapping)
        start = ffi.from_buffer(mapping)
        keep.append(start)
        guard = int(ffi.cast("uintptr_t", start)) + usable
        if mprotect(guard, page, 0) != 0:  # PROT_NONE
            raise OSError(ctypes.get_errno(), "mprotect failed")
        return start + (usable - size - (0 if aligned else 1))

    def opaque(item: object) -> bool:
        """void, a function, or a struct the header does not define: no size to go by."""
        return item.cname == "void" or item.kind == "function" or (item.kind == "struct" and item.fields is None)

    def target_size(kind: object) -> int:
        return 1 if opaque(kind.item) else ffi.sizeof(kind.item)

    def aligns(kind: object) -> bool:
        return not opaque(kind.item) and ffi.alignof(kind.item) > 1

    pointers = [i for i, k in enumerate(kinds) if k.kind == "pointer"]
    callbacks = [i for i, k in enumerate(kinds) if k.kind == "function"]
    lengths = [i for i, k in enumerate(kinds) if k.kind == "primitive" and k.cname in LENGTHS]

    def huge(i: int) -> int:
        before = [p for p in pointers if p < i]
        size = target_size(kinds[before[-1]]) if before else 8
        return (2**63 - 1) // size + 1

    def elements(i: int, case: dict) -> int:
        """How many values the memory behind pointer `i` holds: the product of the lengths that
        follow it, else the largest such product of the call, else 1."""

        def after(p: int) -> int | None:
            count, j = None, p + 1
            while j < len(kinds) and j in lengths:
                value = {"huge": 0, "zero": 0}.get(case.get(j, "valid"), 2)
                count = value if count is None else count * value
                j += 1
            return count

        own = after(i)
        if own is not None:
            return own
        others = [n for p in pointers if (n := after(p)) is not None]
        return max(others, default=1)

    def producer_value(i: int) -> object | None:
        made_by = info[name]["producers"].get(params[i]) if i < len(params) else None
        return getattr(lib, made_by)() if made_by else None

    def arguments(case: dict) -> list:
        args = []
        for i, kind in enumerate(kinds):
            role = case.get(i, "valid")
            if kind.kind == "pointer":
                made = producer_value(i)
                if made is not None and role == "valid":
                    args.append(made)
                elif role == "null":
                    args.append(ffi.NULL)
                elif "huge" in case.values():  # no array is that long: 64 KiB stand in for it
                    args.append(ffi.cast(kind, memory(1 << 16, role != "skewed")))
                else:
                    size = target_size(kind) * elements(i, case)
                    args.append(ffi.cast(kind, memory(size, role != "skewed")))
            elif kind.kind == "function" and role == "null":
                args.append(ffi.NULL)
            elif kind.kind == "function":
                result = kind.result
                if result.kind == "pointer":
                    room = 1 << 16  # what the callback hands out: room for anything asked
                    answer = ffi.NULL if role == "returns null" else ffi.cast(result, memory(room, role != "skewed"))
                else:
                    answer = None if result.cname == "void" else 0
                callback = ffi.callback(kind, lambda *_args, answer=answer: answer)
                keep.append(callback)
                args.append(callback)
            elif kind.kind == "struct":
                args.append(ffi.new(f"{kind.cname} *")[0])
            elif kind.cname in LENGTHS:
                args.append({"huge": huge(i), "zero": 0}.get(role, 2))
            elif kind.cname in ("float", "double"):
                args.append(1.0)
            elif kind.cname in ("bool", "_Bool"):
                args.append(False)
            elif kind.cname == "char":
                args.append(b"\x03")
            elif i < len(type_names) and type_names[i] in enums:
                args.append(enums[type_names[i]])  # a valid variant: any other value is UB
            else:
                args.append(3)
        return args

    def label(i: int) -> str:
        return params[i] if i < len(params) else f"argument {i + 1}"

    cases = [("valid input", {})]
    for i in pointers:
        if aligns(kinds[i]) and info[name]["producers"].get(label(i)) is None:
            cases.append((f"`{label(i)}` misaligned", {i: "skewed"}))
    for i in callbacks:
        if kinds[i].result.kind == "pointer":
            cases.append((f"`{label(i)}` returns NULL", {i: "returns null"}))
            if aligns(kinds[i].result):
                cases.append((f"`{label(i)}` returns a misaligned pointer", {i: "skewed"}))
    cases += [(f"`{label(i)}` NULL", {i: "null"}) for i in pointers + callbacks]
    cases += [(f"`{label(i)}` huge", {i: "huge"}) for i in lengths]
    if lengths:
        empty = {i: "zero" for i in lengths} | {
            i: "skewed" for i in pointers if info[name]["producers"].get(label(i)) is None
        }
        cases.append(("every length 0, every pointer misaligned", empty))
    for what, case in cases:
        print(what, flush=True)
        function(*arguments(case))
    print("done", flush=True)


# ---------------------------------------------------------------- the parent


def listing_exports(folder: Path) -> dict[str, dict]:
    header = folder / f"{folder.name}.h"
    if not header.is_file():
        return {}
    text = header.read_text()
    return functions(text, c_header.preprocessed(text))


def check(listings: Path, debug: Path) -> tuple[list[str], list[str], int]:
    """(problems, notes, cases passed) for every listing under `listings`."""
    problems, notes, passed = [], [], 0
    for folder in [listing.folder for listing in model.listings(listings)]:
        library = debug / f"lib{folder.name}.so"
        exports = listing_exports(folder)
        nullary = {n for n, i in exports.items() if not i["params"]}  # producers that can be called here
        for name, info in sorted(exports.items()):
            if info["danger"]:
                notes.append(f"listings/{folder.name}: {name}: a danger demonstration, not called")
                continue
            unmade = [f"`{p}` from `{f}`" for p, f in info["producers"].items() if f not in nullary]
            if unmade:
                notes.append(f"listings/{folder.name}: {name}: wants {', '.join(unmade)}, not called")
                continue
            command, env = module_command(__name__, "--child", str(library), str(folder / f"{folder.name}.h"), name)
            child = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            lines = child.stdout.splitlines()
            if child.returncode == 0 and lines[-1:] == ["done"]:
                passed += len(lines) - 1
                continue
            last = lines[-1] if lines else "(before the first case)"
            reason = next(
                (line for line in child.stderr.splitlines() if "precondition" in line or "misaligned" in line), ""
            )
            reason = reason or (child.stderr.strip().splitlines() or [f"exit status {child.returncode}"])[-1]
            problems.append(f"listings/{folder.name}: {name}: {last}: died with status {child.returncode}: {reason}")
    return problems, notes, passed


def run(say) -> Report:
    subprocess.run(["cargo", "build", "--workspace", "--quiet"], cwd=ROOT, check=True)
    problems, notes, passed = check(model.LISTINGS, ROOT / "target" / "debug")
    return Report(problems, notes, summary=f"{passed} case(s) passed")


if __name__ == "__main__":  # the child process that calls one export (see check)
    run_export(*sys.argv[sys.argv.index("--child") + 1 :][:3])
