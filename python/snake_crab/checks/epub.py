"""The book as an EPUB (book/snake-crab.epub, which `book.py build` makes with pandoc): valid and whole.

epubcheck (the W3C's EPUB validator, Debian's package) reports no error and no warning, and the
e-book's text holds every chapter's title and every line of every code block and output the
pages show (hidden lines aside), as the pdf check asks of the PDF.
"""

import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from snake_crab import ROOT, offline
from snake_crab.check import Report
from snake_crab.checks import pdf

NEEDS = ("book",)  # the site build writes the EPUB
SECONDS = 20  # its usual time, warm, on 2 cores (orders the checks; see verify.py)
CHAPTER_FILE = re.compile(r"EPUB/text/ch\d+\.xhtml$")  # pandoc's file for each chapter
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (prerequisites.EPUBCHECK)
# For a run of seconds: the quick compiler only and one garbage collector thread, which halve the
# JVM's CPU time (23 -> 12 core-s) and change nothing epubcheck says.
JAVA = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(epub: Path) -> str:
    """The text of every XHTML file in the EPUB, in the order of their names."""
    parser = Text()
    with zipfile.ZipFile(epub) as archive:
        for name in sorted(n for n in archive.namelist() if n.endswith(".xhtml")):
            parser.feed(archive.read(name).decode())
    return "\n".join(parser.parts)


def validity(epub: Path) -> list[str]:
    """epubcheck's errors and warnings, each as it says it."""
    done = subprocess.run([*JAVA, "-jar", str(EPUBCHECK), str(epub)], capture_output=True, text=True)
    said = (done.stdout + done.stderr).splitlines()
    complaints = [line for line in said if re.match(r"(FATAL|ERROR|WARNING)\(", line)]
    if done.returncode != 0 and not complaints:
        complaints = said[-5:]
    return [f"{epub.name}: epubcheck: {line}" for line in complaints]


def problems_of(epub: Path, titles: list[str], blocks: dict[str, list[str]]) -> list[str]:
    if not epub.is_file():
        return [f"{epub.name}: no EPUB; `book.py build` makes it"]
    return validity(epub) + pdf.missing(epub.name, text_of(epub), titles, blocks)


def run(say) -> Report:
    epub = ROOT / "book" / offline.EPUB
    titles, blocks = pdf.shown(ROOT / "book")
    found = problems_of(epub, titles, blocks)
    lines = sum(len(b.splitlines()) for shown in blocks.values() for b in shown)
    chapters, size = 0, 0
    if epub.is_file():
        with zipfile.ZipFile(epub) as archive:
            chapters = sum(bool(CHAPTER_FILE.match(name)) for name in archive.namelist())
        size = epub.stat().st_size // 1024
    return Report(
        found,
        summary=f"{offline.EPUB}: {size} KiB, {chapters} chapter files, epubcheck finds no error or warning; it "
        f"holds the {len(titles)} chapters' titles and {lines} lines of code and output",
    )
