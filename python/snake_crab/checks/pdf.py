"""The book as a PDF (book/snake-crab.pdf, which `book.py build` prints from print.html): whole.

Its text (poppler's pdftotext) must hold every chapter's title, and every line of every code
block and output the pages show (hidden lines aside), compared without spaces and line breaks,
since a long line wraps at the margin (emoji aside: they print as pictures); a character the
fonts lack prints as an empty box, which pdftotext reads as nothing, so that line is missing.
And no word may lie outside its page (pdftotext's bounding boxes), as a line cut at the margin
would. Its links work: each link inside the book names a destination the PDF has, and each
link out is a well-formed http(s) address of another host (not the local server it was printed
from).
"""

import html
import re
import subprocess
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

from snake_crab import ROOT, model, offline
from snake_crab.check import Report

NEEDS = ("book",)  # the site build writes the PDF
SECONDS = 15  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


class ShownCode(HTMLParser):
    """The text a reader sees in each <pre><code> block of a page (mdBook's hidden lines left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.depth = 0  # inside <pre>
        self.boring = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "pre":
            self.depth += 1
            self.text = []
        elif tag == "span" and self.depth and (self.boring or "boring" in classes):
            self.boring += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.boring:
            self.boring -= 1
        elif tag == "pre" and self.depth:
            self.depth -= 1
            self.blocks.append("".join(self.text))

    def handle_data(self, data: str) -> None:
        if self.depth and not self.boring:
            self.text.append(data)


# Emoji print as colour pictures, which pdftotext cannot read back as text: left out of both sides.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")


# mdBook's smart punctuation curls the prose's quotes (a title's, not a code block's).
CURLED = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def squeezed(text: str) -> str:
    return EMOJI.sub("", re.sub(r"\s+", "", text)).translate(CURLED)


def words_outside(pdf_file: Path) -> list[str]:
    """Words whose box leaves their page, from `pdftotext -bbox` (page sizes in points)."""
    done = subprocess.run(["pdftotext", "-bbox", str(pdf_file), "-"], capture_output=True, text=True, check=True)
    outside, width, height = [], 0.0, 0.0
    for line in done.stdout.splitlines():
        page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if page:
            width, height = float(page[1]), float(page[2])
        word = re.search(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)</word>', line)
        if word and (float(word[1]) < 0 or float(word[3]) > width + 0.5 or float(word[4]) > height + 0.5):
            outside.append(html.unescape(word[5]))
    return outside


def well_formed(url: str) -> bool:
    """An address a reader's browser can open: http(s), a host with a dot, no spaces."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not re.search(r"\s", url) and bool(parts.netloc)


def broken_links(pdf_file: Path) -> list[str]:
    """Links of the PDF (Chromium writes them as plain objects) that lead nowhere: an internal
    link whose named destination the PDF lacks, or a link out that is malformed or local."""
    data = pdf_file.read_bytes()
    names = set()
    for table in re.findall(rb"/Dests (\d+) 0 R", data):
        body = re.search(rb"\n" + table + rb" 0 obj\s*<<(.*?)>>\s*endobj", data, re.S)
        names |= set(re.findall(rb"/([^\s/<>\[\]()]+) \[", body[1])) if body else set()
    found = [
        f"link to #{name.decode()} leads nowhere"
        for name in set(re.findall(rb"/Dest /([^\s/<>\[\]()]+)", data)) - names
    ]
    for url in sorted({u.decode("latin-1") for u in re.findall(rb"/URI \(([^)]*)\)", data)}):
        host = urllib.parse.urlsplit(url).hostname or ""
        if not well_formed(url) or host in ("localhost", "127.0.0.1"):
            found.append(f"link to {url} leads nowhere a reader can go")
    return sorted(f"{pdf_file.name}: {problem}" for problem in found)


def missing(name: str, text: str, titles: list[str], blocks: dict[str, list[str]]) -> list[str]:
    """What an offline copy's text lacks: chapter titles, lines of the pages' code blocks (page ->
    blocks). The EPUB's check asks the same."""
    text = squeezed(text)
    found = [f"{name}: no chapter titled {title!r}" for title in titles if squeezed(title) not in text]
    for page, shown in blocks.items():
        lines = [line for block in shown for line in block.splitlines() if squeezed(line) not in text]
        if lines:
            found.append(f"{name}: {len(lines)} line(s) of {page}'s code blocks missing, first {lines[0]!r}")
    return found


def problems_of(pdf_file: Path, titles: list[str], blocks: dict[str, list[str]]) -> list[str]:
    """What the PDF lacks: titles, lines of the pages' code blocks (page -> blocks), words cut off."""
    if not pdf_file.is_file():
        return [f"{pdf_file.name}: no PDF; `book.py build` prints it"]
    done = subprocess.run(["pdftotext", "-layout", str(pdf_file), "-"], capture_output=True, text=True, check=True)
    found = missing(pdf_file.name, done.stdout, titles, blocks)
    cut = words_outside(pdf_file)
    if cut:
        found.append(f"{pdf_file.name}: {len(cut)} word(s) run past the page, first {cut[0]!r}")
    return found + broken_links(pdf_file)


def shown(book: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The chapters' titles (SUMMARY.md), and the code blocks each page of the site shows."""
    titles = re.findall(r"^\s*-?\s*\[([^]]+)\]\([a-z_]+\.md\)", (ROOT / "src" / "SUMMARY.md").read_text(), re.M)
    blocks = {}
    for chapter in model.chapters():
        page = book / chapter.with_suffix(".html").name
        if chapter.name != "SUMMARY.md" and page.is_file():
            parser = ShownCode()
            parser.feed(page.read_text())
            blocks[page.name] = parser.blocks
    return titles, blocks


def run(say) -> Report:
    book = ROOT / "book"
    titles, blocks = shown(book)
    lines = sum(len(b.splitlines()) for shown in blocks.values() for b in shown)
    found = problems_of(book / offline.NAME, titles, blocks)
    pages = subprocess.run(["pdfinfo", str(book / offline.NAME)], capture_output=True, text=True).stdout
    count = re.search(r"^Pages:\s+(\d+)", pages, re.M)
    return Report(
        found,
        summary=f"{offline.NAME}: {count[1] if count else '?'} pages holding the {len(titles)} chapters' titles and "
        f"{lines} lines of code and output, none past the page",
    )
