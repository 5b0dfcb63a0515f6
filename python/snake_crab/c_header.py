"""A listing's C header as the checks read it: cbindgen's `listings/<name>/<name>.h`, parsed
by pycparser (the C parser under cffi) once gcc's preprocessor has run, into each function's
and struct's types on every data model the book's readers use, and its `#define` constants."""

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pycparser import c_ast, c_parser
from pycparser.c_parser import ParseError

from snake_crab import ROOT

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


def load_header(library: str, listings: Path = LISTINGS) -> Header | None:
    path = listings / library / f"{library}.h"
    return parse_header(path.read_text()) if path.is_file() else None
