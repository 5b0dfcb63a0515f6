"""`<!-- gen: -->` includes: put the real text of a listing file into a chapter.

A chapter says where a file goes with a marker on a line of its own:

    <!-- gen:hello/src/lib.rs -->            the whole file
    <!-- gen:errors/src/lib.rs:boundary -->  the region between `ANCHOR: boundary`
                                             and `ANCHOR_END: boundary` comment lines

Paths are relative to `listings/`. The marker is followed by the fenced block it produces.
In a Rust region the rest of the file is kept as hidden lines (`# `), as mdBook's
`{{#rustdoc_include}}` does: `mdbook test` compiles the whole file, and the reader's eye
button shows it. Python files are always shown whole, so a copied script runs as shown.

Used three ways:
- as an mdBook preprocessor (book.toml): every build shows the files as they are now, and a
  marker naming a missing file or region fails the build, naming the chapter and line;
- `python3 python/gen.py --write`: writes the same blocks into src/*.md, so the markdown reads
  sensibly in a plain viewer too;
- `python3 python/gen.py --check`: fails when a chapter's block differs from its file.
"""

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "listings"
MARKER = re.compile(r"^<!-- gen:(?P<path>[^\s:]+)(?::(?P<anchor>[\w-]+))? -->$")
ANCHOR_LINE = re.compile(r"^\s*(//|#)\s*ANCHOR(_END)?:\s*(?P<name>[\w-]+)\s*$")
FENCE_LANG = {".rs": "rust", ".py": "python", ".h": "c", ".toml": "toml", ".txt": "text", ".c": "c"}


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


def doctested(path: Path) -> bool:
    """False for a crate whose Cargo.toml has `[package.metadata.book] doctest = false`: its Rust
    needs crates that `mdbook test` does not link (e.g. pyo3), so its blocks are marked `ignore`."""
    manifest = LISTINGS / path.relative_to(LISTINGS).parts[0] / "Cargo.toml"
    if not manifest.is_file():
        return True
    book = tomllib.loads(manifest.read_text()).get("package", {}).get("metadata", {}).get("book", {})
    return book.get("doctest", True) is not False


def block(spec: str, anchor: str | None) -> list[str]:
    """The lines that replace a marker's block: a file name caption and the fenced code."""
    path = LISTINGS / spec
    if not path.is_file():
        hint = " (headers are written by `cargo build`)" if path.suffix == ".h" else ""
        raise GenError(f"no file listings/{spec}{hint}")
    lang = FENCE_LANG.get(path.suffix, "text")
    if lang == "rust" and not doctested(path):
        lang = "rust,ignore"
    elif lang == "rust" and path.name == "build.rs":
        lang = "rust,no_run"  # compiled by `mdbook test`; only cargo runs a build script
    if anchor and not lang.startswith("rust"):
        raise GenError(f"listings/{spec}: only Rust files may be shown in part; show the whole file")
    lines, inside = region(path, anchor)
    if anchor and not any(inside):
        raise GenError(f"region `{anchor}` of listings/{spec} is empty or has no ANCHOR_END")
    body = [
        line if keep else ("#" if not line.strip() else "# " + line) for line, keep in zip(lines, inside, strict=True)
    ]
    if anchor:  # drop the hidden lines at both ends that are only blank
        while body and body[-1] == "#":
            body.pop()
    title = f"listings/{spec}" + (" (excerpt: press the eye button for the whole file)" if anchor else "")
    title = title.replace("__", r"\_\_")  # `__init__.py` must not turn bold in markdown
    return [f'<span class="filename">Filename: {title}</span>', "", f"```{lang}", *body, "```"]


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
            out.extend(block(m["path"], m["anchor"]))
        except GenError as err:
            raise GenError(f"{chapter}:{i}: {err}") from None
        # Skip the previously generated caption and fenced block, if present.
        j = i
        while j < len(src) and not src[j].strip():
            j += 1
        if j < len(src) and src[j].startswith('<span class="filename">'):
            j += 1
            while j < len(src) and not src[j].strip():
                j += 1
        if j < len(src) and src[j].startswith("```"):
            j += 1
            while j < len(src) and not src[j].startswith("```"):
                j += 1
            i = j + 1
    return "\n".join(out)


CMDRUN = re.compile(r"<!-- cmdrun python3 \.\./python/run_listing\.py (?P<spec>\S+) -->")


def shown_runs() -> dict[str, str]:
    """Each listing run a chapter asks for, mapped to the chapter and line that asks."""
    runs = {}
    for chapter in chapters():
        for number, line in enumerate(chapter.read_text().splitlines(), 1):
            for m in CMDRUN.finditer(line):
                runs.setdefault(m["spec"], f"{chapter.relative_to(ROOT)}:{number}")
    return runs


def chapters() -> list[Path]:
    return sorted((ROOT / "src").rglob("*.md"))


def preprocess() -> None:
    """mdBook's preprocessor protocol: `supports <renderer>`, then [context, book] on stdin."""
    if len(sys.argv) > 1 and sys.argv[1] == "supports":
        sys.exit(0)
    _context, book = json.load(sys.stdin)
    errors: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            chapter = item.get("Chapter") if isinstance(item, dict) else None
            if not chapter:
                continue
            try:
                chapter["content"] = expand(chapter["content"], f"src/{chapter['source_path']}")
            except GenError as err:
                errors.append(str(err))
            walk(chapter["sub_items"])

    walk(book["sections"])
    if errors:
        for err in errors:
            print(f"gen: {err}", file=sys.stderr)
        sys.exit(1)
    json.dump(book, sys.stdout)


def sync(write: bool, only: list[str]) -> int:
    """Write (or check) the generated blocks in src/*.md (or only the chapters named); returns the problems."""
    problems = 0
    for path in [ROOT / name for name in only] if only else chapters():
        name = str(path.relative_to(ROOT))
        text = path.read_text()
        try:
            new = expand(text, name)
        except GenError as err:
            print(f"gen: {err}", file=sys.stderr)
            problems += 1
            continue
        if new != text:
            if write:
                path.write_text(new)
                print(f"gen: updated {name}")
            else:
                print(f"gen: {name} is out of date with its listings: run `python3 python/gen.py --write`")
                problems += 1
    return problems


if __name__ == "__main__":
    if sys.argv[1:2] in (["--write"], ["--check"]):
        # `gen.py --write src/hello.md` limits the sync to the chapters named.
        sys.exit(1 if sync(write=sys.argv[1] == "--write", only=sys.argv[2:]) else 0)
    preprocess()
