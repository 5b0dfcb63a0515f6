"""The copy-out check: every listing, copied from the rendered pages as a reader would, builds and
runs outside this repository and prints what the page shows.

    python3 python/copyout_check.py            # every listing of the built book (book/)
    python3 python/copyout_check.py hello      # some listings

From the built HTML, never from listings/:
1. every code block captioned `Filename: listings/<name>/<path>` is taken whole, hidden lines
   included (what the copy button gives once the eye button shows them), and written to
   <name>/<path> in a folder outside this repository (COPIES);
2. each listing is built there as its own crate, `cargo build --release`, with its own target/,
   and its tests (the hidden end of its `lib.rs`) run with `cargo test`;
3. each run a page shows (`$ python3 listings/<name>/<script>`, or `-m pytest -q` for a test
   file) is repeated from that folder,
   with a virtual environment holding only the packages that page tells the reader to install
   (its `pip install ...` lines), and its output compared with the listing's expected output,
   which the book check compares with the page itself.
It fails naming the page, the listing and the step: manifest, build, test, run or output.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
import run_listing  # noqa: E402

# Outside the repository, so that neither cargo nor the loader can find the repository's
# workspace or target/; kept between runs, so a warm run rebuilds only what changed.
# One folder per checkout, so that copies of the book (the tests make some) do not share it.
COPIES = Path(tempfile.gettempdir()) / f"snake-crab-copy-out-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"
CAPTION = re.compile(r"^Filename: listings/(?P<name>[\w-]+)/(?P<path>\S+)")
# A shown run, as run_listing.shown_command writes it.
PYTEST = re.escape(" ".join(run_listing.PYTEST))
RUN = re.compile(rf"^\$ python3 (?:{PYTEST} )?listings/(?P<name>[\w-]+)/(?P<script>\S+\.py)$", re.MULTILINE)
PIP = re.compile(r"^(?:\$ )?pip install (?P<packages>.+)$", re.MULTILINE)


@dataclass
class Page:
    """What a reader can take from one page: captioned files, shown runs, pip install lines."""

    name: str
    files: dict[tuple[str, str], str] = field(default_factory=dict)  # (listing, path) -> text
    runs: list[tuple[str, str]] = field(default_factory=list)  # (listing, script)
    packages: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    """Collects each <pre><code> block's text (hidden lines too) and the caption before it."""

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.caption: str | None = None
        self.in_caption = False
        self.in_code = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and "filename" in classes:
            self.in_caption, self.text = True, []
        elif tag == "code" and not self.in_caption:
            self.in_code, self.text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.in_caption:
            self.in_caption = False
            self.caption = "".join(self.text)
        elif tag == "code" and self.in_code:
            self.in_code = False
            self.block("".join(self.text))

    def handle_data(self, data: str) -> None:
        if self.in_caption or self.in_code:
            self.text.append(data)

    def block(self, text: str) -> None:
        caption, self.caption = self.caption, None
        if caption and (m := CAPTION.match(caption)):
            self.page.files.setdefault((m["name"], m["path"]), text)
        self.page.runs += [(m["name"], m["script"]) for m in RUN.finditer(text)]
        for m in PIP.finditer(text.replace("\\\n", " ")):  # a command continued with a backslash
            self.page.packages += m["packages"].split()


def read_book(book: Path) -> list[Page]:
    pages = []
    for file in sorted(book.glob("*.html")):
        if file.name in ("print.html", "index.html", "404.html", "toc.html"):
            continue  # print.html repeats every page; index.html is the Introduction again
        page = Page(file.name)
        PageParser(page).feed(file.read_text())
        pages.append(page)
    return pages


def reader_venv(packages: list[str], copies: Path) -> Path:
    """A virtual environment with exactly `packages` (none: the standard library only), reused."""
    key = hashlib.sha256(" ".join(sorted(packages)).encode()).hexdigest()[:12]
    folder = copies / "venvs" / key
    python = folder / "bin" / "python"
    if not (folder / "done").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        venv.create(folder, with_pip=bool(packages))
        if packages:
            done = subprocess.run(
                [python, "-m", "pip", "install", "--quiet", *packages], capture_output=True, text=True
            )
            if done.returncode != 0:
                raise RuntimeError(f"pip install {' '.join(packages)} failed:\n{done.stderr[-2000:]}")
        (folder / "done").write_text(" ".join(packages))
    return python


def write_copy(listing: str, files: dict[str, str], copies: Path) -> Path:
    """The listing's folder as a reader would make it: exactly the files the pages show."""
    folder = copies / "crates" / listing
    wanted = {folder / path: text for path, text in files.items()}
    if folder.is_dir():  # keep target/ (warm builds); drop files no page shows any more
        for old in folder.rglob("*"):
            if old.is_file() and "target" not in old.relative_to(folder).parts and old not in wanted:
                old.unlink()
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text() != text:
            path.write_text(text)
    return folder


def build(listing: str, folder: Path) -> str | None:
    """`cargo build --release` and `cargo test` in the copy; the failure, or None."""
    if not (folder / "Cargo.toml").is_file():
        return "manifest: no page shows its Cargo.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO_TARGET")}
    done = subprocess.run(
        ["cargo", "build", "--release", "--quiet"], cwd=folder, capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        return f"build: `cargo build --release` failed:\n{done.stderr[-2500:]}"
    done = subprocess.run(["cargo", "test", "--quiet"], cwd=folder, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return f"test: `cargo test` failed:\n{(done.stdout + done.stderr)[-2500:]}"
    return None


def run_script(listing: str, script: str, folder: Path, python: Path) -> str | None:
    """Run one shown script from the copy; the failure, or None."""
    if not (folder / script).is_file():
        return f"run: no page shows {script} whole"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"  # Python's and Rust's prints in order, as in the book's runs
    done = subprocess.run(
        [python, *run_listing.python_args(script)], cwd=folder, capture_output=True, text=True, env=env, timeout=600
    )
    if done.returncode != 0:
        return f"run: {script} exited {done.returncode}:\n{(done.stdout + done.stderr)[-2500:]}"
    if done.stderr:
        return f"run: {script} wrote to stderr:\n{done.stderr[-2500:]}"
    expected = run_listing.expected_path(ROOT / "listings" / listing / script)
    if not run_listing.matches(expected.read_text(), done.stdout):
        return f"output: {script} printed something else than the page shows:\n{done.stdout[-2500:]}"
    return None


def check(book: Path, only: list[str], copies: Path = COPIES) -> tuple[list[str], int, int, int, int]:
    """(problems, listings ok, listings, runs ok, runs)."""
    pages = read_book(book)
    files: dict[str, dict[str, str]] = {}
    home: dict[str, str] = {}
    for page in pages:
        for (listing, path), text in page.files.items():
            files.setdefault(listing, {}).setdefault(path, text)
            home.setdefault(listing, page.name)
    listings = sorted(n for n in files if not only or n in only)
    runs = [(page, listing, script) for page in pages for listing, script in page.runs if listing in listings]
    problems: dict[str, list[str]] = {}

    def build_one(listing: str) -> None:
        folder = write_copy(listing, files[listing], copies)
        failure = build(listing, folder)
        if failure is None:
            # A file the build writes (a header from build.rs) must come out as the page shows it.
            rewritten = [path for path, text in files[listing].items() if (folder / path).read_text() != text]
            if rewritten:
                failure = f"build: `cargo build` rewrote {', '.join(rewritten)}: the page shows another version"
        if failure is not None:
            problems.setdefault(listing, []).append(f"{home[listing]}: listings/{listing}: {failure}")

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(build_one, listings))

    def run_one(item: tuple[Page, str, str]) -> bool:
        page, listing, script = item
        if listing in problems:
            return False
        failure = run_script(listing, script, copies / "crates" / listing, reader_venv(page.packages, copies))
        if failure is not None:
            problems.setdefault(listing, []).append(f"{page.name}: listings/{listing}/{script}: {failure}")
        return failure is None

    for page in {id(p): p for p, _, _ in runs}.values():
        reader_venv(page.packages, copies)  # one at a time: pip's cache is shared
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs_ok = sum(pool.map(run_one, runs))
    flat = [p for listing in listings for p in problems.get(listing, [])]
    return flat, len(listings) - len(problems), len(listings), runs_ok, len(runs)


def main(argv: list[str]) -> int:
    book = ROOT / "book"
    if not (book / "print.html").is_file():
        print("copy-out check: no built book in book/ (run the book check first)")
        return 2
    start = time.monotonic()
    problems, ok, total, runs_ok, runs = check(book, argv)
    for problem in problems:
        print(f"FAIL {problem}")
    print(
        f"copy-out check: {ok}/{total} listings, {runs_ok}/{runs} runs, copied from the pages into {COPIES}, "
        f"in {time.monotonic() - start:.0f} s"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
