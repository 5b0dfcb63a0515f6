"""`<!-- gen: -->` includes: put the real text of a listing file into a chapter.

A chapter says where a file goes with a marker on a line of its own:

    <!-- gen:hello/src/lib.rs -->            the whole file
    <!-- gen:errors/src/lib.rs:boundary -->  the region between `ANCHOR: boundary`
                                             and `ANCHOR_END: boundary` comment lines
    <!-- gen:hello/README.txt -->             the README of the listing's download
    <!-- gen:primitives/checked.py:starter -->  an exercise's module as its starter has it
                                             (model.starter), for the reader to complete

Paths are relative to `listings/`. The marker is followed by the fenced block it produces.
In a Rust region the rest of the file is kept as hidden lines (`# `), as mdBook's
`{{#rustdoc_include}}` does: `mdbook test` compiles the whole file, and the reader's eye
button shows it. Python files are always shown whole, so a copied script runs as shown.

Used three ways:
- as an mdBook preprocessor (book.toml): every build shows the files as they are now, and a
  marker naming a missing file or region fails the build, naming the chapter and line;
- `python3 python/book.py gen --write`: writes the same blocks into src/*.md, so the markdown
  reads sensibly in a plain viewer too;
- the gen check (`book.py verify --only gen`): fails when a chapter's block differs from its file.
"""

import json
import re
import sys
import tomllib
from pathlib import Path

from snake_crab import ROOT, downloads, model

LISTINGS = ROOT / "listings"
MARKER = re.compile(r"^<!-- gen:(?P<path>[^\s:]+)(?::(?P<anchor>[\w-]+))? -->$")
ANCHOR_LINE = model.ANCHOR_LINE
FENCE_LANG = {".rs": "rust", ".py": "python", ".h": "c", ".toml": "toml", ".txt": "text", ".c": "c", ".yml": "yaml"}


class GenError(Exception):
    """A marker that points nowhere."""


def region(path: Path, anchor: str | None) -> tuple[list[str], list[bool]]:
    """The file's lines without anchor comments, and whether each lies in the region."""
    lines, inside, depth, found = [], [], 0, anchor is None
    for line in path.read_text().splitlines():
        m = ANCHOR_LINE.match(line)
        if m:
            if m["name"] == anchor:
                found = True
                depth += -1 if m.group(2) else 1
            continue
        lines.append(line)
        inside.append(anchor is None or depth > 0)
    if not found:
        raise GenError(f"no `ANCHOR: {anchor}` in listings/{path.relative_to(LISTINGS)}")
    return lines, inside


def dependencies(path: Path) -> set[str]:
    """The crates the Cargo.toml of the crate holding `path` depends on (build dependencies too),
    as Rust names them: the nearest manifest above the file, inside its listing."""
    manifest = next((f / "Cargo.toml" for f in path.parents if (f / "Cargo.toml").is_file()), None)
    if manifest is None or not manifest.is_relative_to(LISTINGS):
        return set()
    table = tomllib.loads(manifest.read_text())
    names = {*table.get("dependencies", {}), *table.get("build-dependencies", {})}
    return {name.replace("-", "_") for name in names}


ITEM_NAME = re.compile(
    r"^(?:pub(?:\([^)]*\))? )?(?:(?:const|unsafe|extern \"C\"|async) )*"
    r"(?:fn|const|static(?: mut)?|struct|enum|union|type|trait|mod|macro_rules!) (?P<name>\w+)"
)
IMPL_OF = re.compile(r"^(?:unsafe )?impl(?:<[^>]*>)? (?:[\w:<>, ]+ for )?(?P<name>\w+)")
WORD = re.compile(r"[A-Za-z_]\w*")


def items(lines: list[str]) -> list[tuple[int, int, str]]:
    """The file's top-level items as (first line, end line, kind): doc comments and attributes
    belong to the item below them; kind is "use", "test" (a #[cfg(test)] module), "inner"
    (`//!`, `#![...]`) or "item". Braces are counted per line, which the listings' style allows."""
    found, start, depth = [], None, 0
    for number, line in enumerate(lines):
        if depth == 0 and start is None:
            if not line.strip():
                continue
            start = number
        depth += line.count("{") - line.count("}")
        stripped = line.strip()
        if depth == 0 and not stripped.startswith(("///", "#[", "//")) and (stripped.endswith(("}", ";"))):
            head = [s for s in lines[start : number + 1] if not s.lstrip().startswith(("///", "//", "#["))]
            first = head[0] if head else ""
            text = "\n".join(lines[start : number + 1])
            kind = "use" if first.startswith(("use ", "pub use ")) else "test" if "#[cfg(test)]" in text else "item"
            found.append((start, number + 1, kind))
            start = None
        elif depth == 0 and stripped.startswith(("//!", "#![")):
            found.append((start, number + 1, "inner"))
            start = None
    return found


def defined(item: list[str]) -> set[str]:
    """The names a top-level item defines (an impl: its type's; a `thread_local!`: its statics)."""
    body = [s for s in item if not s.lstrip().startswith(("///", "//", "#["))]
    first = body[0].strip() if body else ""
    if re.match(r"\w+!\s*[{(]", first) and not first.startswith("macro_rules!"):
        return set(re.findall(r"\bstatic (\w+)", "\n".join(body)))
    m = ITEM_NAME.match(first) or IMPL_OF.match(first)
    return {m["name"]} if m else set()


def excerpt(lines: list[str], inside: list[bool]) -> list[str]:
    """An excerpt as a reader needs it: the file's `use` lines that it uses and the region, shown;
    the other items the region names (constants, helpers, the types of its impls), hidden, so
    `mdbook test` compiles the block alone; everything else of the file left out."""
    chunks = items(lines)
    shown = [line for line, keep in zip(lines, inside, strict=True) if keep]
    names = set(WORD.findall("\n".join(shown)))
    needed: set[int] = set()
    changed = True
    while changed:  # add the items the region (and what was added) names, until nothing new
        changed = False
        for index, (start, end, kind) in enumerate(chunks):
            if index in needed or kind != "item" or all(inside[start:end]):
                continue
            if defined(lines[start:end]) & names:
                needed.add(index)
                names |= set(WORD.findall("\n".join(lines[start:end])))
                changed = True
    role = ["" for _ in lines]  # per line: "show", "hide" or "" (left out)
    for index, (start, end, kind) in enumerate(chunks):
        if kind == "use":
            imported = set(WORD.findall(" ".join(lines[start:end]).split("::", 1)[-1])) - {"self", "as", "crate"}
            if imported & names:
                role[start:end] = ["show"] * (end - start)
        elif kind == "item" and index in needed:
            role[start:end] = ["hide"] * (end - start)
    out: list[str] = []
    for number, line in enumerate(lines):
        if inside[number]:
            if out and not out[-1].startswith("#") and out[-1] and not any(inside[:number]) and line.strip():
                out.append("")  # between the `use` lines and the region
            out.append(line)
        elif role[number] == "show":
            out.append(line)
        elif role[number] == "hide":
            out.append("# " + line if line.strip() else "#")
    return out


def caption(spec: str, anchor: str | None, depth: int) -> str:
    """The caption above a listing's block: its path in the reader's folder, and links to the
    whole file and the listing's download (python/snake_crab/downloads.py puts both in the site)."""
    name, _, inner = spec.partition("/")
    up = "../" * depth
    shown = spec.replace("__", r"\_\_")  # `__init__.py` must not turn bold in markdown
    links = [f'<a href="{up}listings/{spec}">whole file</a>'] if anchor else []
    links.append(f'<a href="{up}listings/{name}.zip" download>download {name}.zip</a>')
    path = LISTINGS / spec
    # A script that shows a crash or a leak says so first in its docstring; the fast path skips it.
    danger = path.suffix == ".py" and path.is_file() and path.read_text().startswith('"""DANGER:')
    return (
        f'<span class="filename" data-listing="{name}" data-path="{inner}">'
        f"{'<strong>Danger demo</strong> · ' if danger else ''}"
        f"Filename: {shown}{' (excerpt)' if anchor else ''} · {' · '.join(links)}</span>"
    )


STARTER = "starter"  # the anchor that asks for a module as an exercise's starter has it


def starter_block(spec: str, depth: int) -> list[str]:
    """An exercise's module as its starter has it, where the reader completes it in the page
    (a Check panel runs the tests beside it: python/snake_crab/wasm.py). Its caption names the
    starter's download, and the test file that checks it."""
    path = LISTINGS / spec
    name, _, inner = spec.partition("/")
    test = path.with_name(f"test_{path.name}")
    if path.suffix != ".py" or not test.is_file():
        raise GenError(f"listings/{spec}: a starter is a Python module with its tests beside it ({test.name})")
    source = path.read_text()
    if not model.marks_solution(source):
        raise GenError(f"listings/{spec}: marks no `solution` region, so its starter is the solution")
    text = model.starter(source, path.suffix)
    caption = (
        f'<span class="filename" data-listing="{name}-start" data-path="{inner}" data-check="{test.name}">'
        f"Filename: {name}/{inner} (your starting point) · "
        f'<a href="{"../" * depth}listings/{name}-start.zip" download>download {name}-start.zip</a></span>'
    )
    return [caption, "", "```python", *text.splitlines(), "```"]


def block(spec: str, anchor: str | None, depth: int = 0) -> list[str]:
    """The lines that replace a marker's block: a caption and the fenced code."""
    if anchor == STARTER:
        return starter_block(spec, depth)
    path = LISTINGS / spec
    name, _, inner = spec.partition("/")
    if inner == "README.txt" and (LISTINGS / name / "Cargo.toml").is_file():
        text = downloads.files_of(name)["README.txt"].decode()  # the README each download carries
        return [caption(spec, None, depth), "", "```text", *text.splitlines(), "```"]
    if not path.is_file():
        hint = " (headers are written by `cargo build`)" if path.suffix == ".h" else ""
        raise GenError(f"no file listings/{spec}{hint}")
    lang = FENCE_LANG.get(path.suffix, "text")
    if anchor and not lang.startswith("rust"):
        raise GenError(f"listings/{spec}: only Rust files may be shown in part; show the whole file")
    lines, inside = region(path, anchor)
    if anchor and not any(inside):
        raise GenError(f"region `{anchor}` of listings/{spec} is empty or has no ANCHOR_END")
    body = excerpt(lines, inside) if anchor else lines
    if lang == "rust":
        # `mdbook test` links no crates.io dependency (mdBook 0.4 cannot pass --extern): a block
        # that uses one is compiled by cargo with its crate instead (appendix: mdbook test).
        used = [dep for dep in sorted(dependencies(path)) if re.search(rf"\b{dep}::|\buse {dep}\b", "\n".join(body))]
        if used:
            lang = "rust,ignore"
        elif path.name == "build.rs":
            lang = "rust,no_run"  # compiled by `mdbook test`; only cargo runs a build script
    return [caption(spec, anchor, depth), "", f"```{lang}", *body, "```"]


def expand(markdown: str, chapter: str) -> str:
    """Replace each marker's following block (if any) by the block made from its file."""
    src = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(src):
        line = src[i]
        out.append(line)
        i += 1
        m = MARKER.match(line.strip())
        if not m:
            continue
        try:
            out.extend(block(m["path"], m["anchor"], chapter.count("/") - 1))
        except GenError as err:
            raise GenError(f"{chapter}:{i}: {err}") from None
        # Skip the previously generated caption and fenced block, if present.
        j = i
        while j < len(src) and not src[j].strip():
            j += 1
        if j < len(src) and src[j].startswith('<span class="filename"'):
            j += 1
            while j < len(src) and not src[j].strip():
                j += 1
        if j < len(src) and src[j].startswith("```"):
            j += 1
            while j < len(src) and not src[j].startswith("```"):
                j += 1
            i = j + 1
    return "\n".join(out)


REPOSITORY = re.compile(r"<!-- repository: (?P<text>.*?) -->")


def preprocess(argv: list[str]) -> int:
    """mdBook's preprocessor protocol: `supports <renderer>`, then [context, book] on stdin."""
    if argv[:1] == ["supports"]:
        return 0
    context, book = json.load(sys.stdin)
    # The publisher's one setting for where the book's source lives (book.toml): the marker
    # `<!-- repository: TEXT with {url} -->` becomes TEXT when it is set, and nothing otherwise.
    url = context["config"].get("output", {}).get("html", {}).get("git-repository-url", "")
    errors: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            chapter = item.get("Chapter") if isinstance(item, dict) else None
            if not chapter:
                continue
            try:
                content = expand(chapter["content"], f"src/{chapter['source_path']}")
                chapter["content"] = REPOSITORY.sub(lambda m: m["text"].replace("{url}", url) if url else "", content)
            except GenError as err:
                errors.append(str(err))
            walk(chapter["sub_items"])

    walk(book["items"])
    if errors:
        for err in errors:
            print(f"gen: {err}", file=sys.stderr)
        return 1
    json.dump(book, sys.stdout)
    return 0


def sync(write: bool, only: list[str]) -> list[str]:
    """Write (or check) the generated blocks in src/*.md (or only the chapters named); the problems."""
    problems = []
    for path in [ROOT / name for name in only] if only else model.chapters():
        name = str(path.relative_to(ROOT))
        text = path.read_text()
        try:
            new = expand(text, name)
        except GenError as err:
            problems.append(f"gen: {err}")
            continue
        if new != text:
            if write:
                path.write_text(new)
                print(f"gen: updated {name}")
            else:
                problems.append(f"{name} is out of date with its listings: run `python3 python/book.py gen --write`")
    return problems


def stale() -> list[str]:
    return sync(write=False, only=[])
