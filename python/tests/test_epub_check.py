"""epub: an EPUB that epubcheck faults, or that lacks a chapter's title or a shown line, fails."""

import subprocess
from pathlib import Path

from snake_crab import offline
from snake_crab.checks import epub as epub_check

# A picture as matplotlib writes one: its DOCTYPE names SVG 1.1's DTD, which EPUB 3 refuses.
SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>
"""
TEXT = '<h1>Hello world</h1><pre><code>lib.hello()  # 🦀</code></pre><img src="pictures/p.svg" alt="a square">'
SHOWN = {"hello.html": ["lib.hello()  # 🦀"]}


def site(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    (book / "pictures").mkdir(parents=True)
    (book / "pictures" / "p.svg").write_text(SVG)
    return book


def test_the_books_way_is_valid_and_a_missing_title_or_line_fails(tmp_path: Path) -> None:
    book = site(tmp_path)
    made = offline.write_epub(book, TEXT)  # epubcheck finds nothing: the only problems are these two
    found = epub_check.problems_of(
        made, ["Hello world", "Structs"], {"hello.html": [*SHOWN["hello.html"], "lib.add(2, 3)"]}
    )
    assert found == [
        "snake-crab.epub: no chapter titled 'Structs'",
        "snake-crab.epub: 1 line(s) of hello.html's code blocks missing, first 'lib.add(2, 3)'",
    ]


def test_epubchecks_errors_fail_it(tmp_path: Path) -> None:
    """The same page made by pandoc with the picture as it is: epubcheck refuses its DOCTYPE."""
    book = site(tmp_path)
    (book / "page.html").write_text(f"<html><head><title>t</title></head><body>{TEXT}</body></html>")
    out = book / "bad.epub"
    subprocess.run(["pandoc", "page.html", "-o", out.name, "--metadata=lang:en"], cwd=book, check=True)
    found = epub_check.problems_of(out, ["Hello world"], SHOWN)
    assert found and all(p.startswith("bad.epub: epubcheck: ERROR(") for p in found)
    assert any("OPF-073" in p for p in found)


def test_no_epub_fails(tmp_path: Path) -> None:
    assert epub_check.problems_of(tmp_path / "snake-crab.epub", [], {}) == [
        "snake-crab.epub: no EPUB; `book.py build` makes it"
    ]
