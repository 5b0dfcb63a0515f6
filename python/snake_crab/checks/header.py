"""Check every ctypes declaration in the book's listings against the listing's C header.

cbindgen writes `listings/<name>/<name>.h` from the Rust source (see build.rs); the Python
listings declare the same functions again by hand, with `argtypes`, `restype` and
`ctypes.Structure` classes. This check reads both and reports where they disagree:

- a function declared or called in Python that the header does not have;
- a different number of arguments;
- an argument, result or struct field whose size or kind (signed, unsigned, float, bool,
  pointer, struct, function pointer) differs from the C type, on any of the data models of
  64-bit Linux and macOS, 64-bit Windows and 32-bit systems (`ctypes.c_long` for `int64_t` is
  right here and wrong on Windows);
- a struct whose layout differs: fields in count, names, sizes or kinds, bit fields, a
  `_pack_` or `_align_`, a Union for a struct, `_fields_` set twice (in the class body or
  after it: both are read), fields inherited from another class;
- a function called with no `argtypes` (ctypes then guesses C ints), on the library object it
  is called through: each load (`load_library(...)`, `CDLL(...)`) is a new object with nothing
  declared, whatever another load of the same file declared; an alias (`other = lib`) shares;
- a library variable or type alias that the declarations use, bound more than once;
- an error code copied into Python (`NAME = -1`) that differs from the header's `#define`.

Nothing is imported or run: the Python files are parsed with `ast`, the headers with
pycparser (the C parser under cffi) once the preprocessor lines are out. A loop over a tuple
of types (`for cls in (A, B): lib.f.restype = cls`) checks each; a library loaded again from
another's file (`ctypes.PyDLL(lib._name)`) is checked against that library's header. A listing that
mis-declares on purpose is named in its folder's `checks.toml` (never in the reader's file):

    ["drift.py"]
    header-check = "skip: this listing mis-declares on purpose"

Patterns this check does not understand are reported as notes ("not checked"), never as a
crash. `python3 python/book.py verify --only header` checks the whole book and exits 1 on any mismatch.
"""

import ast
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pycparser import c_ast, c_parser
from pycparser.c_parser import ParseError

from snake_crab import ROOT, model
from snake_crab.check import Report

PER_LISTING = True
SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


LISTINGS = ROOT / "listings"

# ---------------------------------------------------------------- types

# A type is a tuple: ("void",), ("int", sizes, signed), ("float", size), ("bool", size),
# ("ptr", target), ("struct", name), ("func", result, (args...)), ("array", item, count),
# ("unknown", why). For pointers `target` is None when it is void (any pointer matches).
# An integer's `sizes` are its sizes in bytes on each data model the book's readers use, so
# that a type right here but wrong elsewhere (ctypes.c_long for int64_t: 4 bytes on Windows)
# is a mismatch on this machine too.
MODELS = ("64-bit Linux and macOS", "64-bit Windows", "32-bit systems")
POINTER = (8, 8, 4)
LONG = (8, 4, 4)


def fixed(size: int) -> tuple[int, int, int]:
    return (size, size, size)


C_SCALARS = {
    "void": ("void",),
    "bool": ("bool", 1),
    "_Bool": ("bool", 1),
    "float": ("float", 4),
    "double": ("float", 8),
    "char": ("int", fixed(1), True),
    "signed char": ("int", fixed(1), True),
    "unsigned char": ("int", fixed(1), False),
    "short": ("int", fixed(2), True),
    "unsigned short": ("int", fixed(2), False),
    "int": ("int", fixed(4), True),
    "signed": ("int", fixed(4), True),
    "unsigned int": ("int", fixed(4), False),
    "unsigned": ("int", fixed(4), False),
    "long": ("int", LONG, True),
    "unsigned long": ("int", LONG, False),
    "long long": ("int", fixed(8), True),
    "unsigned long long": ("int", fixed(8), False),
    "size_t": ("int", POINTER, False),
    "uintptr_t": ("int", POINTER, False),
    "intptr_t": ("int", POINTER, True),
    "ptrdiff_t": ("int", POINTER, True),
    "ssize_t": ("int", POINTER, True),
    **{f"int{b}_t": ("int", fixed(b // 8), True) for b in (8, 16, 32, 64)},
    **{f"uint{b}_t": ("int", fixed(b // 8), False) for b in (8, 16, 32, 64)},
}


# NumPy dtypes, by the name after `np.` (or a dtype string), as C types; for ndpointer(dtype=...).
NUMPY_DTYPES = {
    "float64": ("float", 8),
    "double": ("float", 8),
    "float32": ("float", 4),
    "bool": ("bool", 1),
    "bool_": ("bool", 1),
    **{f"int{b}": ("int", fixed(b // 8), True) for b in (8, 16, 32, 64)},
    **{f"uint{b}": ("int", fixed(b // 8), False) for b in (8, 16, 32, 64)},
}


def show(t: tuple) -> str:
    """A type as a reader would write it."""
    kind = t[0]
    if kind == "int":
        sizes = t[1]
        if len(set(sizes)) == 1:
            return f"{'' if t[2] else 'u'}int{sizes[0] * 8}"
        return f"{'' if t[2] else 'u'}int of {'/'.join(map(str, sizes))} bytes ({', '.join(MODELS)})"
    if kind == "float":
        return {4: "float", 8: "double"}.get(t[1], f"float{t[1] * 8}")
    if kind == "bool":
        return "bool"
    if kind == "ptr":
        return "void *" if t[1] is None else f"{show(t[1])} *"
    if kind == "struct":
        return f"struct {t[1]}"
    if kind == "func":
        return f"function pointer {show(t[1])} (*)({', '.join(map(show, t[2]))})"
    if kind == "array":
        return f"{show(t[1])}[{t[2]}]"
    return kind if kind != "unknown" else f"<{t[1]}>"


# ---------------------------------------------------------------- the header


@dataclass
class Header:
    functions: dict[str, tuple[tuple, list[tuple]]] = field(default_factory=dict)  # name -> (result, args)
    structs: dict[str, list[tuple[str, tuple]] | None] = field(default_factory=dict)  # None: opaque
    aliases: dict[str, tuple] = field(default_factory=dict)
    defines: dict[str, int] = field(default_factory=dict)  # `#define NAME -1`: cbindgen's constants
    bitfields: dict[str, dict[str, int]] = field(default_factory=dict)  # struct -> field -> bits
    unions: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a header no C compiler would accept


# pycparser reads C, not the preprocessor: the standard names cbindgen uses are declared for it
# (their sizes come from C_SCALARS, by name, never from these typedefs).
PRELUDE_TYPES = ["bool", "size_t", "uintptr_t", "intptr_t", "ptrdiff_t", "ssize_t"] + [
    f"{u}int{b}_t" for u in ("", "u") for b in (8, 16, 32, 64)
]
DEFINE = re.compile(r"^\s*#\s*define\s+(\w+)\s+\(?\s*(?:\(\w+\)\s*)?(-?(?:0x[0-9a-fA-F]+|\d+))\s*\)?\s*$", re.M)


def preprocessed(text: str) -> str:
    """The header as a C compiler sees it, without its #includes: run through the C
    preprocessor (gcc -E), so that `#if` branches (cbindgen writes a C23 branch for enums with
    a fixed type) are chosen as a C11 compiler would, and comments are gone. The standard
    headers stay out: pycparser cannot read glibc's, and the names they give are known here."""
    own = "\n".join(line for line in text.splitlines() if not re.match(r"\s*#\s*include\b", line))
    done = subprocess.run(["gcc", "-E", "-P", "-std=c11", "-x", "c", "-"], input=own, capture_output=True, text=True)
    if done.returncode != 0:
        raise ValueError(f"gcc -E failed: {done.stderr.strip()[:300]}")
    return done.stdout


def c_declarations(preprocessed_text: str) -> list[c_ast.Node]:
    """The top-level declarations of preprocessed header text, parsed by pycparser (the standard
    names it cannot know are declared first, and left out of the result). Raises ParseError
    for text that is not C."""
    prelude = "".join(f"typedef int {name};\n" for name in PRELUDE_TYPES)
    return c_parser.CParser().parse(prelude + preprocessed_text).ext[len(PRELUDE_TYPES) :]


def parse_header(text: str) -> Header:
    """The functions, structs, typedefs and integer #defines of a C header, read by pycparser
    (the C parser under cffi) after the C preprocessor."""
    header = Header()
    header.defines = {name: int(value, 0) for name, value in DEFINE.findall(text)}
    try:
        nodes = c_declarations(preprocessed(text))
    except (ParseError, ValueError) as err:
        header.errors.append(f"not valid C, so no C program could use it ({err})")
        return header
    for node in nodes:
        try:
            read_c_declaration(node, header)
        except (ValueError, KeyError, AttributeError, TypeError) as err:  # never crash on a header
            header.notes.append(f"header declaration not understood ({err}): {type(node).__name__}")
    return header


def read_c_declaration(node: c_ast.Node, header: Header) -> None:
    if isinstance(node, c_ast.Typedef):
        inner = node.type.type if isinstance(node.type, c_ast.TypeDecl) else None
        if isinstance(inner, (c_ast.Struct, c_ast.Union)):
            read_c_struct(inner, header, also=node.name)
            return
        if isinstance(inner, c_ast.Enum):
            header.aliases[node.name] = C_SCALARS["int"]
            return
        header.aliases[node.name] = c_type(node.type, header)
    elif isinstance(node, c_ast.Decl) and isinstance(node.type, c_ast.FuncDecl):
        params = node.type.args.params if node.type.args else []
        args = [c_type(p.type, header) for p in params if not isinstance(p, c_ast.EllipsisParam)]
        if args == [("void",)]:
            args = []
        header.functions[node.name] = (c_type(node.type.type, header), args)
    elif isinstance(node, c_ast.Decl) and isinstance(node.type, (c_ast.Struct, c_ast.Union)):
        read_c_struct(node.type, header)


def read_c_struct(node: c_ast.Struct | c_ast.Union, header: Header, also: str | None = None) -> None:
    names = {node.name, also} - {None}
    if isinstance(node, c_ast.Union):
        header.unions |= names
    if node.decls is None:  # an opaque type: only pointers to it cross the boundary
        for name in names:
            header.structs.setdefault(name, None)
        return
    fields = [(d.name, c_type(d.type, header)) for d in node.decls]
    bits = {d.name: int(d.bitsize.value, 0) for d in node.decls if d.bitsize is not None}
    for name in names:
        header.structs[name] = fields
        if bits:
            header.bitfields[name] = bits


def c_type(node: c_ast.Node, header: Header) -> tuple:
    """A pycparser type node as a type tuple."""
    if isinstance(node, c_ast.PtrDecl):
        if isinstance(node.type, c_ast.FuncDecl):
            return c_type(node.type, header)  # a function pointer
        target = c_type(node.type, header)
        return ("ptr", None if target == ("void",) else target)
    if isinstance(node, c_ast.FuncDecl):
        params = node.args.params if node.args else []
        args = tuple(c_type(p.type, header) for p in params)
        return ("func", c_type(node.type, header), () if args == (("void",),) else args)
    if isinstance(node, c_ast.ArrayDecl):
        count = int(node.dim.value, 0) if isinstance(node.dim, c_ast.Constant) else 0
        return ("array", c_type(node.type, header), count)
    if isinstance(node, (c_ast.TypeDecl, c_ast.Typename)):
        return c_type(node.type, header)
    if isinstance(node, (c_ast.Struct, c_ast.Union)):
        if node.decls is not None:
            read_c_struct(node, header)
        return ("struct", node.name)
    if isinstance(node, c_ast.Enum):
        return C_SCALARS["int"]
    if isinstance(node, c_ast.IdentifierType):
        words = [w for w in node.names if w not in ("signed",)] or ["int"]
        if len(words) > 1 and "int" in words and words != ["unsigned", "int"]:
            words.remove("int")  # `long int` is `long`, `unsigned long int` is `unsigned long`
        if node.names[:1] == ["signed"] and words == ["char"]:
            words = ["signed", "char"]
        name = " ".join(words)
        if name in C_SCALARS:
            return C_SCALARS[name]
        if name in header.aliases:
            return header.aliases[name]
        if name in header.structs:
            return ("struct", name)
        return ("unknown", f"C type {name!r}")
    return ("unknown", f"C declaration {type(node).__name__}")


# ---------------------------------------------------------------- the Python listing

# ctypes' simple types by name, with their sizes on each data model (not this machine's alone:
# here ctypes.c_int64 *is* ctypes.c_long, which is 4 bytes on Windows).
CTYPES_NAMES = {
    "c_bool": ("bool", 1),
    "c_float": ("float", 4),
    "c_double": ("float", 8),
    "c_char": ("int", fixed(1), True),
    "c_byte": ("int", fixed(1), True),
    "c_ubyte": ("int", fixed(1), False),
    "c_short": ("int", fixed(2), True),
    "c_ushort": ("int", fixed(2), False),
    "c_int": ("int", fixed(4), True),
    "c_uint": ("int", fixed(4), False),
    "c_long": ("int", LONG, True),
    "c_ulong": ("int", LONG, False),
    "c_longlong": ("int", fixed(8), True),
    "c_ulonglong": ("int", fixed(8), False),
    "c_size_t": ("int", POINTER, False),
    "c_ssize_t": ("int", POINTER, True),
    **{f"c_int{b}": ("int", fixed(b // 8), True) for b in (8, 16, 32, 64)},
    **{f"c_uint{b}": ("int", fixed(b // 8), False) for b in (8, 16, 32, 64)},
    "c_wchar": ("int", (4, 2, 4), True),
    "c_char_p": ("ptr", ("int", fixed(1), True)),
    "c_wchar_p": ("ptr", ("int", (4, 2, 4), True)),
    "c_void_p": ("ptr", None),
}


@dataclass
class Declaration:
    library: str
    function: str
    what: str  # "argtypes" or "restype"
    node: ast.expr
    line: int
    handle: str = ""  # the library object it is declared on (see Listing.handles)


@dataclass
class Listing:
    """What a Python listing declares: its functions' argtypes/restype and its Structure classes."""

    path: Path
    declarations: list[Declaration] = field(default_factory=list)
    structs: dict[str, list[tuple[str, ast.expr]] | None] = field(default_factory=dict)
    names: dict[str, ast.expr] = field(default_factory=dict)  # module-level `NAME = <expr>`
    notes: list[str] = field(default_factory=list)
    # Per Structure class: "pack"/"align" (line of `_pack_`/`_align_`), "bits" (field -> bits),
    # "union" (a ctypes.Union), "base" (a Structure class it inherits fields from), "twice".
    layout: dict[str, dict] = field(default_factory=dict)
    calls: list[tuple[str, str, int, str]] = field(default_factory=list)  # (library, function, line, handle)
    bindings: dict[str, list[int]] = field(default_factory=dict)  # name -> lines that bind it
    libraries: dict[str, str] = field(default_factory=dict)  # variable -> listing name
    # variable -> the library object it holds: each load is a new object whose functions have no
    # argtypes/restype yet, whatever another load of the same file declared; an alias shares it.
    handles: dict[str, str] = field(default_factory=dict)
    # Libraries that are not a listing's (the C library, or one loaded by a path the check
    # cannot follow): every call through them must still be declared.
    foreign: set[str] = field(default_factory=set)  # variable (`libc`, `self._lib`)
    foreign_declared: set[tuple[str, str]] = field(default_factory=set)  # (variable, function)
    foreign_calls: list[tuple[str, str, int]] = field(default_factory=list)  # (variable, function, line)
    constants: dict[str, tuple[int, int]] = field(default_factory=dict)  # NAME -> (value, line)


def string_arg(call: ast.expr) -> str | None:
    """`load_library("name")` -> "name"."""
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "load_library"
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    ):
        return call.args[0].value
    return None


def read_fields(value: ast.expr, listing: Listing, layout: dict) -> list[tuple[str, ast.expr]] | None:
    """A `_fields_` list as (name, type expression) pairs; bit fields go to layout["bits"]."""
    if not isinstance(value, (ast.List, ast.Tuple)):
        listing.notes.append(f"line {value.lineno}: `_fields_ = {ast.unparse(value)[:40]}` not understood: not checked")
        return None
    fields = []
    for f in value.elts:
        if isinstance(f, ast.Tuple) and len(f.elts) in (2, 3) and isinstance(f.elts[0], ast.Constant):
            fields.append((f.elts[0].value, f.elts[1]))
            if len(f.elts) == 3 and isinstance(f.elts[2], ast.Constant):
                layout.setdefault("bits", {})[f.elts[0].value] = f.elts[2].value
        else:
            listing.notes.append(f"line {f.lineno}: a _fields_ entry not understood: not checked")
    return fields


def bound_names(node: ast.AST) -> list[str]:
    """The names an assignment-like statement binds."""
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        targets = [node.optional_vars]
    elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return [node.name]
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        # `import ctypes.util` binds `ctypes` to the module `import ctypes` bound: not a rebinding.
        return [a.asname or a.name for a in node.names if a.asname or "." not in a.name]
    names, targets = [], list(targets)
    while targets:  # `a = ...`, `a, b = ...`, `*a, b = ...`; not `lib.f.argtypes = ...`
        target = targets.pop()
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            targets += target.elts
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
    return names


def int_constant(expr: ast.expr) -> int | None:
    if isinstance(expr, ast.Constant) and type(expr.value) is int:
        return expr.value
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        inner = int_constant(expr.operand)
        return None if inner is None else -inner
    return None


def read_listing(path: Path, source: str | None = None) -> Listing:
    """Collect the declarations of a Python file without running it."""
    source = path.read_text() if source is None else source
    listing = Listing(path)
    tree = ast.parse(source, filename=str(path))
    libraries = listing.libraries  # variable -> listing name
    functions: dict[str, tuple[str, str]] = {}  # variable -> (library, function)
    function_handles: dict[str, str] = {}  # variable -> the library object of that function
    loops: dict[str, list[ast.expr]] = {}  # `for cls in (A, B):` -> cls: [A, B]
    for node in ast.walk(tree):
        for name in bound_names(node):
            listing.bindings.setdefault(name, []).append(getattr(node, "lineno", 0))
        if (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, (ast.Tuple, ast.List))
        ):
            loops[node.target.id] = list(node.iter.elts)
        if isinstance(node, ast.ClassDef):
            layout = listing.layout.setdefault(node.name, {})
            bases = [ast.unparse(b).removeprefix("ctypes.") for b in node.bases]
            layout["union"] = "Union" in bases
            layout["base"] = next((b for b in bases if b not in ("Structure", "Union", "LittleEndianStructure")), None)
            fields = None
            for item in node.body:
                targets = [t.id for t in getattr(item, "targets", []) if isinstance(t, ast.Name)]
                if "_fields_" in targets:
                    fields = read_fields(item.value, listing, layout)
                for special in ("_pack_", "_align_"):
                    if special in targets:
                        layout[special.strip("_")] = item.lineno
            listing.structs[node.name] = fields
    for node in ast.walk(tree):
        # `Point._fields_ = [...]` after the class: ctypes takes it as long as the class is unused.
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute)
            and node.targets[0].attr in ("_fields_", "_pack_", "_align_")
            and isinstance(node.targets[0].value, ast.Name)
            and node.targets[0].value.id in listing.structs
        ):
            cls, attr = node.targets[0].value.id, node.targets[0].attr
            layout = listing.layout[cls]
            if attr != "_fields_":
                layout[attr.strip("_")] = node.lineno
            elif listing.structs[cls] is not None:
                layout["twice"] = node.lineno
            else:
                listing.structs[cls] = read_fields(node.value, listing, layout)
    find_libraries(tree, listing)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Tuple)
            and isinstance(node.value, ast.Tuple)
        ):
            for t, v in zip(node.targets[0].elts, node.value.elts, strict=False):
                if isinstance(t, ast.Name) and (value := int_constant(v)) is not None:
                    listing.constants.setdefault(t.id, (value, node.lineno))
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name):
            listing.names.setdefault(target.id, value)
            if (constant := int_constant(value)) is not None:
                listing.constants.setdefault(target.id, (constant, node.lineno))
            if (f := function_of(value, libraries)) is not None:
                functions[target.id] = f
                function_handles[target.id] = handle_of(value, listing.handles)
            continue
        if isinstance(target, ast.Attribute) and target.attr in ("argtypes", "restype"):
            f = function_of(target.value, libraries)
            handle = handle_of(target.value, listing.handles)
            if f is None and isinstance(target.value, ast.Name):
                f = functions.get(target.value.id)
                handle = function_handles.get(target.value.id, "")
            if (g := function_of(target.value, {k: k for k in listing.foreign})) is not None:
                if target.attr == "argtypes":
                    listing.foreign_declared.add(g)
                continue
            if f is None:
                if not is_foreign(target.value, tree):
                    listing.notes.append(
                        f"line {node.lineno}: `{ast.unparse(target)}` is on a library not loaded with "
                        "load_library(...): not checked"
                    )
                continue
            values = [value]
            if isinstance(value, ast.Name) and value.id in loops and value.id not in listing.names:
                values = loops[value.id]  # one declaration per value the loop gives it
            for v in values:
                listing.declarations.append(Declaration(f[0], f[1], target.attr, v, node.lineno, handle))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = function_of(node.func, libraries)
            handle = handle_of(node.func, listing.handles)
            if f is None and isinstance(node.func, ast.Name):
                f = functions.get(node.func.id)
                handle = function_handles.get(node.func.id, "")
            if f is not None:
                listing.calls.append((*f, node.lineno, handle))
            elif (g := function_of(node.func, {k: k for k in listing.foreign})) is not None:
                listing.foreign_calls.append((*g, node.lineno))
    return listing


LOADERS = ("CDLL", "PyDLL", "cdll.LoadLibrary", "pydll.LoadLibrary", "WinDLL", "OleDLL")


def find_libraries(tree: ast.Module, listing: Listing) -> None:
    """Every name or attribute (`lib`, `self._lib`) bound to a loaded library, however it is
    called: `load_library("x")`, `ctypes.CDLL(lib._name)` (the listing's library again), an
    alias of another, or any other ctypes loader (a foreign library). Repeated until nothing
    new is found, so the order of the assignments does not matter."""
    while True:
        before = (dict(listing.libraries), set(listing.foreign))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                pairs = [(node.target, node.value)]
            else:
                continue
            for target, value in pairs:
                if not isinstance(target, (ast.Name, ast.Attribute)):
                    continue
                key, source = ast.unparse(target), ast.unparse(value)
                if (name := string_arg(value)) is not None or (name := reopened(value, listing.libraries)):
                    listing.libraries[key] = name
                    listing.handles[key] = f"{key} (line {node.lineno})"  # a new library object
                elif source in listing.libraries:
                    listing.libraries[key] = listing.libraries[source]
                    listing.handles[key] = listing.handles.get(source, source)  # the same object
                elif source in listing.foreign or (
                    isinstance(value, ast.Call) and ast.unparse(value.func).removeprefix("ctypes.") in LOADERS
                ):
                    listing.foreign.add(key)
        if (dict(listing.libraries), set(listing.foreign)) == before:
            return


def reopened(call: ast.expr, libraries: dict[str, str]) -> str | None:
    """`ctypes.PyDLL(lib._name)`: the same library file as `lib`, loaded again."""
    if (
        isinstance(call, ast.Call)
        and ast.unparse(call.func).removeprefix("ctypes.") in LOADERS
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Attribute)
        and call.args[0].attr == "_name"
    ):
        return libraries.get(ast.unparse(call.args[0].value))
    return None


def handle_of(expr: ast.expr, handles: dict[str, str]) -> str:
    """The library object of `lib.add`, `lib["add"]` or `getattr(lib, "add")` ("" if none)."""
    if isinstance(expr, (ast.Attribute, ast.Subscript)):
        return handles.get(ast.unparse(expr.value), "")
    if isinstance(expr, ast.Call) and ast.unparse(expr.func) == "getattr" and expr.args:
        return handles.get(ast.unparse(expr.args[0]), "")
    return ""


def function_of(expr: ast.expr, libraries: dict[str, str]) -> tuple[str, str] | None:
    """`lib.add`, `lib["add"]` or `getattr(lib, "add")`, where lib (or `self._lib`) was loaded
    with load_library -> (library, "add")."""
    if isinstance(expr, ast.Attribute) and ast.unparse(expr.value) in libraries and not expr.attr.startswith("_"):
        return libraries[ast.unparse(expr.value)], expr.attr
    if (
        isinstance(expr, ast.Subscript)
        and ast.unparse(expr.value) in libraries
        and isinstance(expr.slice, ast.Constant)
        and isinstance(expr.slice.value, str)
    ):
        return libraries[ast.unparse(expr.value)], expr.slice.value
    if (
        isinstance(expr, ast.Call)
        and ast.unparse(expr.func) == "getattr"
        and len(expr.args) >= 2
        and ast.unparse(expr.args[0]) in libraries
        and isinstance(expr.args[1], ast.Constant)
        and isinstance(expr.args[1].value, str)
    ):
        return libraries[ast.unparse(expr.args[0])], expr.args[1].value
    return None


def is_foreign(expr: ast.expr, tree: ast.Module) -> bool:
    """`libc.free`: a library opened with ctypes.CDLL(...) directly (the C library, not a listing)."""
    while isinstance(expr, (ast.Attribute, ast.Subscript)):
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets):
            call = node.value
            if isinstance(call, ast.Call) and ast.unparse(call.func) in (
                "ctypes.CDLL",
                "CDLL",
                "ctypes.cdll.LoadLibrary",
            ):
                return True
    return False


def py_type(expr: ast.expr, listing: Listing, depth: int = 0) -> tuple:
    """The type a ctypes expression stands for: `ctypes.c_int64`, `POINTER(Point)`, an alias..."""
    if depth > 20:
        return ("unknown", "alias loop")
    if isinstance(expr, ast.Constant) and expr.value is None:
        return ("void",)
    name = None
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "ctypes":
        name = expr.attr
    elif isinstance(expr, ast.Name):
        if expr.id in listing.structs:
            return ("struct", expr.id)
        if expr.id in listing.names:
            return py_type(listing.names[expr.id], listing, depth + 1)
        name = expr.id
    if name is not None:
        if name in CTYPES_NAMES:
            return CTYPES_NAMES[name]
        return ("unknown", f"`{ast.unparse(expr)}`")
    if isinstance(expr, ast.Call) and ast.unparse(expr.func).endswith("ctypeslib.ndpointer"):
        # NumPy's checked array argument: a pointer to its dtype's items (any pointer if no dtype).
        dtype = next((k.value for k in expr.keywords if k.arg == "dtype"), expr.args[0] if expr.args else None)
        if dtype is None:
            return ("ptr", None)
        item = NUMPY_DTYPES.get(ast.unparse(dtype).split(".")[-1].strip("'\""))
        return ("ptr", item) if item else ("unknown", f"`{ast.unparse(expr)}`")
    if isinstance(expr, ast.Call) and expr.args:
        func = ast.unparse(expr.func).removeprefix("ctypes.")
        if func == "POINTER" and len(expr.args) == 1:
            target = py_type(expr.args[0], listing, depth + 1)
            return ("ptr", target)
        if func in ("CFUNCTYPE", "PYFUNCTYPE"):
            result, *args = (py_type(a, listing, depth + 1) for a in expr.args)
            return ("func", result, tuple(args))
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult) and isinstance(expr.right, ast.Constant):
        return ("array", py_type(expr.left, listing, depth + 1), expr.right.value)
    return ("unknown", f"`{ast.unparse(expr)}`")


# ---------------------------------------------------------------- comparing


class Comparison:
    """Compares Python types with C types, following structs on both sides."""

    def __init__(self, listing: Listing, header: Header):
        self.listing, self.header = listing, header
        self.compared: dict[tuple[str, str], str | None] = {}

    def mismatch(self, py: tuple, c: tuple) -> str | None:
        """None if `py` may stand for `c`; otherwise why not."""
        if py[0] == "unknown":
            return None  # reported as a note by the caller
        if c[0] == "unknown":
            return None
        if py[0] == "ptr" and c[0] == "ptr":
            if py[1] is None or c[1] is None:  # c_void_p, or a void * in C: any pointer
                return None
            if py[1][0] == "int" and c[1][0] == "int" and py[1][1] == c[1][1] == fixed(1):
                return None  # c_char_p / POINTER(c_uint8) for char * / uint8_t *
            inner = self.mismatch(py[1], c[1])
            return None if inner is None else f"{show(py)} for {show(c)}: {inner}"
        if py[0] == "struct" and c[0] == "struct":
            return self.struct_mismatch(py[1], c[1])
        if py[0] == "func" and c[0] == "func":
            if len(py[2]) != len(c[2]):
                return f"a callback of {len(py[2])} arguments for one of {len(c[2])}"
            for i, (p, q) in enumerate(zip((py[1], *py[2]), (c[1], *c[2]), strict=True)):
                if (why := self.mismatch(p, q)) is not None:
                    return f"callback {'result' if i == 0 else f'argument {i}'}: {why}"
            return None
        if py[0] == "func" and c[0] == "ptr" and c[1] is None:
            return None
        if py[0] == "array" and c[0] == "array":
            if py[2] != c[2]:
                return f"{show(py)} for {show(c)}"
            return self.mismatch(py[1], c[1])
        if py[0] == c[0] == "int" and py[2] == c[2] and py[1] != c[1]:
            where = [m for m, a, b in zip(MODELS, py[1], c[1], strict=True) if a != b]
            if py[1][0] == c[1][0]:  # right here, wrong elsewhere
                return f"{show(py)} for {show(c)}: a different size on {' and '.join(where)}"
        if py[0] == c[0] and py[0] in ("int", "float", "bool"):
            same = py[1] == c[1] and (py[0] != "int" or py[2] == c[2])
            return None if same else f"{show(py)} for {show(c)}"
        if py[0] == c[0] == "void":
            return None
        return f"{show(py)} for {show(c)}"

    def struct_mismatch(self, py_name: str, c_name: str) -> str | None:
        key = (py_name, c_name)
        if key not in self.compared:
            self.compared[key] = None  # a struct that contains a pointer to itself
            self.compared[key] = self._struct_mismatch(py_name, c_name)
        return self.compared[key]

    def _struct_mismatch(self, py_name: str, c_name: str) -> str | None:
        py_fields = self.listing.structs.get(py_name)
        if c_name not in self.header.structs:
            return f"struct {c_name} is not in the header"
        c_fields = self.header.structs[c_name]
        layout = self.listing.layout.get(py_name, {})
        if (layout.get("union", False)) != (c_name in self.header.unions):
            kinds = ("a ctypes.Union", "a struct") if layout.get("union") else ("a ctypes.Structure", "a union")
            return f"class {py_name} is {kinds[0]}, {c_name} is {kinds[1]} in the header"
        if py_fields is None or c_fields is None:
            return None  # an opaque type on either side: nothing to compare
        for special, why in (("pack", "moves its fields"), ("align", "changes its alignment")):
            if special in layout:
                return (
                    f"class {py_name} sets _{special}_ (line {layout[special]}), which {why}; "
                    f"the header's {c_name} has C's own layout"
                )
        if layout.get("twice"):
            return f"class {py_name} gets _fields_ twice (again at line {layout['twice']}): ctypes keeps the first"
        if layout.get("base"):
            return (
                f"class {py_name} inherits from {layout['base']}: ctypes puts the base's fields first; "
                "declare every field in one class, as the header does"
            )
        c_bits, py_bits = self.header.bitfields.get(c_name, {}), layout.get("bits", {})
        if c_bits != py_bits:
            return f"class {py_name} has bit fields {py_bits or 'none'}, struct {c_name} has {c_bits or 'none'}"
        if len(py_fields) != len(c_fields):
            return f"class {py_name} has {len(py_fields)} fields, struct {c_name} has {len(c_fields)}"
        for (pn, pt), (cn, ct) in zip(py_fields, c_fields, strict=True):
            if pn != cn:
                return f"class {py_name} field {pn!r} where struct {c_name} has {cn!r}"
            if (why := self.mismatch(py_type(pt, self.listing), ct)) is not None:
                return f"class {py_name} field {pn!r}: {why}"
        return None


def check_listing(listing: Listing, headers: dict[str, Header | None]) -> tuple[list[str], list[str]]:
    """(problems, notes) for one parsed listing; `headers` maps a library name to its header."""
    where = Path(*listing.path.parts[-3:])  # listings/<name>/<script>.py
    problems, notes = [], [f"{where}: {n}" for n in listing.notes]
    declared_restype = {(d.library, d.function) for d in listing.declarations if d.what == "restype"}
    comparisons: dict[str, Comparison] = {}
    for d in listing.declarations:
        at = f"{where}:{d.line}: {d.function}.{d.what}"
        header = headers.get(d.library)
        if header is None:
            problems.append(f"{at}: no header listings/{d.library}/{d.library}.h (run `cargo build --release`)")
            continue
        if d.function not in header.functions:
            problems.append(f"{at}: {d.library}.h declares no function {d.function!r}")
            continue
        cmp = comparisons.setdefault(d.library, Comparison(listing, header))
        c_result, c_args = header.functions[d.function]
        if d.what == "restype":
            pairs = [("result", d.node, c_result)]
        elif isinstance(d.node, (ast.List, ast.Tuple)):
            if len(d.node.elts) != len(c_args):
                problems.append(f"{at}: {len(d.node.elts)} arguments, the header says {len(c_args)}")
                continue
            pairs = [(f"argument {i}", e, c) for i, (e, c) in enumerate(zip(d.node.elts, c_args, strict=True), 1)]
            if (d.library, d.function) not in declared_restype and c_result not in (C_SCALARS["int"], ("void",)):
                problems.append(f"{at}: no restype, so ctypes reads a C int; the header returns {show(c_result)}")
        else:
            notes.append(f"{at}: `{ast.unparse(d.node)}` is not a list: not checked")
            continue
        for what, expr, c in pairs:
            py = py_type(expr, listing)
            if py[0] == "unknown":
                notes.append(f"{at}: cannot tell the C type of {py[1]} ({what}): not checked")
            elif (why := cmp.mismatch(py, c)) is not None:
                detail = "" if why == f"{show(py)} for {show(c)}" else f" ({why})"
                problems.append(f"{at}: {what} is {show(py)}, the header says {show(c)}{detail}")
    # Declarations belong to a library object: keyed by it, not by the library's name.
    declared = {(d.handle, d.function) for d in listing.declarations}
    declared_args = {(d.handle, d.function) for d in listing.declarations if d.what == "argtypes"}
    declared_elsewhere = {d.function: d.handle for d in listing.declarations}
    for library, function, line, handle in listing.calls:
        header = headers.get(library)
        if header is None or function not in header.functions:
            if header is not None:
                problems.append(f"{where}:{line}: calls {function}, which {library}.h does not declare")
            continue
        c_result, c_args = header.functions[function]
        if (handle, function) not in declared:
            other = declared_elsewhere.get(function)
            also = f" (declared on {other}, another load: each load is a new object)" if other else ""
            problems.append(
                f"{where}:{line}: calls {function} with no argtypes or restype{also}: ctypes guesses C ints, "
                f"the header says {show(c_result)} {function}({', '.join(map(show, c_args))})"
            )
        elif (handle, function) not in declared_args and c_args:
            problems.append(
                f"{where}:{line}: calls {function} with a restype but no argtypes: ctypes guesses the arguments"
            )
    for variable, function, line in listing.foreign_calls:
        if (variable, function) not in listing.foreign_declared:
            problems.append(f"{where}:{line}: calls {variable}.{function} with no argtypes: ctypes guesses C ints")
    problems += rebound(listing, where)
    for name, (value, line) in listing.constants.items():
        for library in sorted(set(listing.libraries.values())):
            header = headers.get(library)
            if header is not None and name in header.defines and header.defines[name] != value:
                problems.append(
                    f"{where}:{line}: {name} = {value}, but {library}.h defines it as {header.defines[name]}"
                )
    # Structure classes named like a header struct are compared even when no declaration uses them.
    for name in listing.structs:
        for library, header in headers.items():
            if header is not None and name in header.structs and library in {d.library for d in listing.declarations}:
                if why := comparisons.setdefault(library, Comparison(listing, header)).struct_mismatch(name, name):
                    problems.append(f"{where}: class {name}: {why}")
    return problems, notes


def rebound(listing: Listing, where: Path) -> list[str]:
    """Names the declarations depend on (a library variable, a type alias) bound more than once:
    which binding a declaration meant depends on the order the code runs in."""
    used: set[str] = set(listing.libraries)
    todo = [d.node for d in listing.declarations]
    while todo:
        for node in ast.walk(todo.pop()):
            if isinstance(node, ast.Name) and node.id not in used:
                used.add(node.id)
                if node.id in listing.names:
                    todo.append(listing.names[node.id])
    problems = []
    for name in sorted(used):
        lines = sorted(set(listing.bindings.get(name, [])))
        if len(lines) > 1:
            problems.append(
                f"{where}:{lines[1]}: {name} is bound again (lines {', '.join(map(str, lines))}); "
                "the declarations that use it may mean either"
            )
    return problems


def load_header(library: str, listings: Path = LISTINGS) -> Header | None:
    path = listings / library / f"{library}.h"
    return parse_header(path.read_text()) if path.is_file() else None


def check_book(listings: Path = LISTINGS) -> tuple[list[str], list[str], int]:
    """(problems, notes, files checked) for every Python file under listings/<name>/."""
    problems, notes, checked = [], [], 0
    headers: dict[str, Header | None] = {}
    for path in [p for listing in model.listings(listings) for p in sorted(listing.folder.glob("*.py"))]:
        source = path.read_text()
        where = path.relative_to(listings.parent)
        if (setting := model.check_setting(path, "header-check")) is not None:
            notes.append(f"{where}: {setting} (its folder's checks.toml)")
            continue
        try:
            listing = read_listing(path, source)
        except SyntaxError as err:
            problems.append(f"{where}: not valid Python: {err}")
            continue
        except Exception as err:  # as above
            notes.append(f"{where}: not checked, the check failed on it: {type(err).__name__}: {err}")
            continue
        for library in sorted({d.library for d in listing.declarations} | set(listing.libraries.values())):
            if library not in headers:
                headers[library] = load_header(library, listings)
                if headers[library] is not None:
                    notes += [f"listings/{library}/{library}.h: {n}" for n in headers[library].notes]
                    problems += [f"listings/{library}/{library}.h: {e}" for e in headers[library].errors]
        try:
            found, more = check_listing(listing, headers)
        except Exception as err:  # a pattern this check does not follow: say so, do not stop the others
            notes.append(f"{where}: not checked, the check failed on it: {type(err).__name__}: {err}")
            continue
        problems += found
        notes += more
        checked += 1
    return problems, notes, checked


def run(say) -> Report:
    problems, notes, checked = check_book(LISTINGS)
    return Report(problems, notes, summary=f"{checked} files' declarations match their headers")
