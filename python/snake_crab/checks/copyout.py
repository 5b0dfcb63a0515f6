"""The copy-out check: every listing, taken from the built site as a reader takes it (its
download, and the blocks a page shows), builds and runs outside this repository and prints
what the page shows.

    python3 python/book.py verify --only book,copyout                  # every listing
    python3 python/book.py verify --only copyout --listing hello        # one (book/ built before)

From the built site, never from listings/:
1. every listing's archive (book/listings/<name>.zip, which each caption links) is unpacked
   into a folder outside this repository (FOLDERS), each alone in a folder of its own, as a
   reader downloads it;
2. every code block a page captions `Filename: <name>/<path>` must be what the reader copies of
   that file: a whole file equals the archive's, an excerpt's visible lines (what the copy
   button copies) appear in the archive's file in the same order;
3. each listing is built there as its own crate, `cargo build --release`, with its own target/,
   and its tests run with `cargo test`;
4. each run a page shows (`hello$ python3 hello.py`, or `-m pytest -q` for a test file) is
   repeated in that folder, with a virtual environment holding only the packages that page
   tells the reader to install (its `pip install ...` lines), and its output compared with the
   listing's expected output, which the book check compares with the page itself; the
   archive's README.txt must name exactly the runs the pages show;
5. Shipping's recipe for your own crate (the `sh` blocks of its sections "Your own crate as a
   wheel" and "Wheels for every platform") runs in a copy of the built collatz download, with
   shipping's beside it; its installed wheel must answer `collatz.steps(27)`, and it leaves the
   wheels for every platform in dist/, which the wheel check reads.
It fails naming the page, the listing and the step: archive, page, manifest, build, test, run
or output.
"""

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from snake_crab import ROOT, model, pythons, run_listing
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("book",)
SECONDS = 360  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

# Outside the repository, so that neither cargo nor the loader can find the repository's
# workspace or target/. The reader's folders are kept in the machine's cache, one per listing
# and archive (its files' hash), with the target/ their build made: every clone whose download
# is the same builds in the same folder, and cargo rebuilds only what changed. The newest
# KEPT of each listing stay. The recipe's folder is one per checkout: the wheel check reads it.
VENVS = pythons.CACHE / "reader-venvs"  # one per set of pinned packages and Python version
FOLDERS = pythons.CACHE / "reader-folders"
KEPT = 3
COPIES = Path(tempfile.gettempdir()) / f"snake-crab-copy-out-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]}"
# A shown run, as run_listing.shown_command writes it.
PYTEST = re.escape(" ".join(run_listing.PYTEST))
RUN = re.compile(rf"^(?P<name>[\w-]+)\$ python3 (?:{PYTEST} )?(?P<script>\S+\.py)$", re.MULTILINE)
README_RUN = re.compile(rf"^    python3 (?:{PYTEST} )?(?P<script>\S+\.py)$", re.MULTILINE)
PIP = re.compile(r"^(?:\$ )?pip install (?P<packages>.+)$", re.MULTILINE)


@dataclass
class Page:
    """What a reader can take from one page: captioned files, shown runs, pip install lines."""

    name: str
    # (listing, path, excerpt?) -> the text the copy button gives (hidden lines left out)
    files: dict[tuple[str, str, bool], list[str]] = field(default_factory=dict)
    downloads: set[str] = field(default_factory=set)  # the archives its captions link
    runs: list[tuple[str, str]] = field(default_factory=list)  # (listing, script)
    packages: list[str] = field(default_factory=list)
    # heading id -> the `sh` blocks under it (Shipping's recipe for your own crate)
    commands: dict[str, list[str]] = field(default_factory=dict)


class PageParser(HTMLParser):
    """Collects each <pre><code> block's visible text and the caption before it."""

    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.caption: tuple[str, str, bool] | None = None
        self.in_caption = False
        self.in_code = False
        self.boring = 0  # depth inside <span class="boring">: lines mdBook hides
        self.text: list[str] = []
        self.heading = ""
        self.shell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "span" and "filename" in classes:
            self.in_caption, self.text = True, []
            self.caption = (values.get("data-listing") or "", values.get("data-path") or "", False)
        elif tag == "a" and self.in_caption and "download" in values:
            self.page.downloads.add(values.get("href") or "")
        elif tag in ("h1", "h2", "h3"):
            self.heading = values.get("id") or ""
        elif tag == "code" and not self.in_caption:
            self.in_code, self.text, self.boring = True, [], 0
            self.shell = "language-sh" in classes
        elif tag == "span" and self.in_code and (self.boring or "boring" in classes):
            self.boring += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.in_caption:
            self.in_caption = False
            listing, path, _ = self.caption or ("", "", False)
            self.caption = (listing, path, "(excerpt)" in "".join(self.text))
        elif tag == "span" and self.in_code and self.boring:
            self.boring -= 1
        elif tag == "code" and self.in_code:
            self.in_code = False
            self.block("".join(self.text))

    def handle_data(self, data: str) -> None:
        if self.in_caption or (self.in_code and not self.boring):
            self.text.append(data)

    def block(self, text: str) -> None:
        caption, self.caption = self.caption, None
        if caption and caption[0]:
            self.page.files.setdefault(caption, text.splitlines())
        self.page.runs += [(m["name"], m["script"]) for m in RUN.finditer(text)]
        if self.shell:
            self.page.commands.setdefault(self.heading, []).append(text)
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


def reader_venv(packages: list[str]) -> Path:
    """A virtual environment with exactly `packages` (none: the standard library only). The
    pages pin every package, so one made for these pins on this Python never changes: it is kept
    in the machine's cache (pythons.CACHE), made once for every clone."""
    key = hashlib.sha256(" ".join([sys.version, *sorted(packages)]).encode()).hexdigest()[:12]
    folder = VENVS / key
    python = folder / "bin" / "python"
    VENVS.mkdir(parents=True, exist_ok=True)
    with open(VENVS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another verification may be making the same one
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


def unpack(archive: Path, folders: Path) -> Path:
    """The download's folder as a reader gets it: the archive from the site, unpacked alone, in a
    folder of its own named by the hash of the archive's files (so that a script that needs
    another download beside it fails here as it would for a reader), over the target/ of an
    earlier build of the same files, which cargo rebuilds only where it must. NAME.zip holds
    NAME/, and so does an exercise's starter, NAME-start.zip."""
    with zipfile.ZipFile(archive) as zipped:
        files = {name: zipped.read(name) for name in zipped.namelist()}
    key = hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()[:12]
    folder = folders / archive.stem / key / archive.stem.removesuffix("-start")
    wanted = {folder.parent / name: data for name, data in files.items() if not name.endswith("/")}
    if folder.is_dir():  # keep target/; drop what a run left (__pycache__, .pytest_cache)
        for old in folder.rglob("*"):
            if old.is_file() and "target" not in old.relative_to(folder).parts and old not in wanted:
                old.unlink()
    for path, data in wanted.items():
        if not path.is_relative_to(folder):
            raise RuntimeError(f"archive: {path.relative_to(folder.parent)} is outside {folder.name}/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    os.utime(folder.parent)  # the newest used: kept longest
    return folder


@contextlib.contextmanager
def locked(folders: Path, name: str) -> Iterator[None]:
    """The folders of one download (`name`, the archive's stem) for this process alone: another
    verification may be building the same files. Afterwards the newest KEPT of them stay."""
    (folders / name).mkdir(parents=True, exist_ok=True)
    with open(folders / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
        pythons.keep(folders / name, KEPT)


def copied(page: Page, listing: str, folder: Path) -> list[str]:
    """Each block a page shows of the listing against the downloaded file; the differences."""
    found = []
    for (name, path, part), lines in page.files.items():
        if name != listing:
            continue
        file = folder / path
        if not file.is_file():
            found.append(f"page: shows {listing}/{path}, which the download lacks")
            continue
        real = file.read_text().splitlines()
        if not part and lines != real:
            found.append(f"page: the block of {listing}/{path} differs from the downloaded file")
        elif part and not is_subsequence(lines, real):
            found.append(f"page: the excerpt of {listing}/{path} is not a part of the downloaded file")
    shows = any(name == listing for name, _, _ in page.files)
    if shows and not any(href.endswith(f"listings/{listing}.zip") for href in page.downloads):
        found.append(f"page: no caption links listings/{listing}.zip")
    return found


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    lines = iter(whole)
    return all(any(line == other for other in lines) for line in part)


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


RECIPE = ("shipping.html", ["your-own-crate-as-a-wheel", "wheels-for-every-platform"])  # page, sections
RECIPE_RESULT = re.compile(r"^collatz\.steps\(27\) = \d+\nloaded from the venv: True$", re.MULTILINE)


def recipe_folder(copies: Path = COPIES) -> Path:
    """Where the recipe ran: the reader's collatz folder, its wheels in dist/ (the wheel check's)."""
    return copies / "recipe" / "collatz"


def recipe(pages: list[Page], built: dict[str, Path], copies: Path) -> str | None:
    """Shipping's recipe for your own crate, as its page shows it (the `sh` block of each section
    in RECIPE, in order), run in a copy of the built collatz download (built["collatz"]) with the
    shipping download beside it; the failure, or None."""
    page = next((p for p in pages if p.name == RECIPE[0]), None)
    blocks = [page.commands.get(section, []) if page else [] for section in RECIPE[1]]
    if any(len(shown) != 1 for shown in blocks):
        return f"recipe: each of {RECIPE[0]}#{', #'.join(RECIPE[1])} must show one sh block"
    work = recipe_folder(copies).parent
    shutil.rmtree(work, ignore_errors=True)
    for listing in ("collatz", "shipping"):  # as unpacked and built by the reader (with target/)
        shutil.copytree(built[listing], work / listing, symlinks=True)
    # The venv the recipe's page and Your own project's (pytest) tell the reader to make.
    told = [pkg for p in pages if p.name in (RECIPE[0], "own_project.html") for pkg in p.packages]
    python = reader_venv(sorted(set(told)))
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", "\n".join(shown[0] for shown in blocks)],
        cwd=recipe_folder(copies),
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    if done.returncode != 0:
        return f"recipe: exited {done.returncode}:\n{(done.stdout + done.stderr)[-2500:]}"
    if not RECIPE_RESULT.search(done.stdout):
        return f"recipe: the installed wheel did not answer collatz.steps(27):\n{done.stdout[-2500:]}"
    return None


def check(
    book: Path, only: list[str], copies: Path = COPIES, folders: Path = FOLDERS
) -> tuple[list[str], int, int, int, int]:
    """(problems, listings ok, listings, runs ok, runs); the reader's folders in `folders`, the
    recipe's in `copies`."""
    pages = read_book(book)
    # Each listing's archive; an exercise's starter (NAME-start.zip) is the exercises check's.
    archives = sorted(p.stem for p in (book / "listings").glob("*.zip") if not p.stem.endswith("-start"))
    listings = [n for n in archives if not only or n in only]
    runs = [(page, listing, script) for page in pages for listing, script in page.runs if listing in listings]
    problems: dict[str, list[str]] = {}
    shown = {listing for page in pages for (listing, _, _) in page.files}
    for listing in sorted(shown - set(archives)):
        if listing.endswith("-start") and (book / "listings" / f"{listing}.zip").is_file():
            continue  # an exercise's starter, shown to be completed in the page: compared below
        if not only or listing in only:
            problems.setdefault(listing, []).append(f"listings/{listing}: archive: the site has no {listing}.zip")
    # A starter's module on a page (gen's `:starter` block) is what its starter download holds.
    for page in pages:
        for (name, path, _), lines in page.files.items():
            listing = name.removesuffix("-start")
            if name == listing or (only and listing not in only) or not (book / "listings" / f"{name}.zip").is_file():
                continue
            with zipfile.ZipFile(book / "listings" / f"{name}.zip") as starter:
                real = starter.read(f"{listing}/{path}").decode().splitlines()
            if lines != real:
                problems.setdefault(name, []).append(f"{page.name}: the starter's {path} differs from {name}.zip's")

    built: dict[str, Path] = {}

    def build_one(listing: str) -> None:
        with locked(folders, listing):
            try:
                built[listing] = folder = unpack(book / "listings" / f"{listing}.zip", folders)
            except (OSError, RuntimeError, zipfile.BadZipFile) as err:
                problems.setdefault(listing, []).append(f"listings/{listing}: archive: {err}")
                return
            check_folder(listing, folder)

    def check_folder(listing: str, folder: Path) -> None:
        """The folder against the pages, then its build and tests."""
        found = [f"{page.name}: listings/{listing}: {f}" for page in pages for f in copied(page, listing, folder)]
        found += [
            f"listings/{listing}: archive: {path.relative_to(folder)} holds an ANCHOR line, a marker of the book's"
            for path in sorted(folder.rglob("*"))
            if path.is_file()
            and "target" not in path.relative_to(folder).parts
            and path.suffix in (".rs", ".py")
            and any(model.ANCHOR_LINE.match(line) for line in path.read_text().splitlines())
        ]
        readme = (folder / "README.txt").read_text() if (folder / "README.txt").is_file() else ""
        told = sorted(m["script"] for m in README_RUN.finditer(readme))
        wanted = sorted({script for _, name, script in runs if name == listing})
        if told != wanted:
            found.append(f"listings/{listing}: archive: README.txt runs {told}, the pages show {wanted}")
        failure = build(listing, folder)
        if failure is None:
            # A file the build writes (a header from build.rs) must come out as downloaded.
            with zipfile.ZipFile(book / "listings" / f"{listing}.zip") as archive:
                rewritten = [
                    name.split("/", 1)[1]
                    for name in archive.namelist()
                    if (folder.parent / name).read_bytes() != archive.read(name)
                ]
            if rewritten:
                failure = f"build: `cargo build` rewrote {', '.join(rewritten)}: the download has another version"
        if failure is not None:
            found.append(f"listings/{listing}: {failure}")
        if found:
            problems.setdefault(listing, []).extend(found)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(build_one, listings))

    def run_one(item: tuple[Page, str, str]) -> bool:
        page, listing, script = item
        if listing in problems:
            return False
        failure = run_script(listing, script, built[listing], reader_venv(page.packages))
        if failure is not None:
            problems.setdefault(listing, []).append(f"{page.name}: listings/{listing}/{script}: {failure}")
        return failure is None

    for page in {id(p): p for p, _, _ in runs}.values():
        reader_venv(page.packages)  # one at a time: pip's cache is shared
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs_ok = sum(pool.map(run_one, runs))
    if {"collatz", "shipping"} <= set(listings) and not {"collatz", "shipping"} & set(problems):
        failure = recipe(pages, built, copies)
        if failure is not None:
            problems.setdefault("shipping", []).append(f"{RECIPE[0]}: {failure}")
    flat = [p for listing in sorted(problems) for p in problems[listing]]
    return flat, len(listings) - len(set(problems) & set(listings)), len(listings), runs_ok, len(runs)


def run(say) -> Report:
    book = ROOT / "book"
    narrowed = model.names() if model.narrowed() else []
    problems, ok, total, runs_ok, runs = check(book, narrowed)
    return Report(
        problems, summary=f"{ok}/{total} listings, {runs_ok}/{runs} runs, downloaded from the site into {FOLDERS}"
    )
