"""The book to read offline: book/snake-crab.pdf and book/snake-crab.epub, both made from the
site's print page (print.html), opened in Chromium as a reader's browser opens it and readied
for a page that cannot be clicked: each quiz becomes its questions, then their answers, and each
exercise's folded solution is open.

- The PDF is Chromium's print of that page, each chapter on a new page, code blocks wrapping
  at the margin so that no line is cut.
- The EPUB is pandoc's (Debian's) from the same page's HTML: one file per chapter, a table of
  contents, the pictures inside. Hidden lines stay out, as on the page; a link to a download
  (a listing's zip, the PDF) keeps its text but not its target, which an e-book does not hold.

`book.py build` writes both after the site; the pdf and epub checks read them back.
"""

import re
import subprocess
import tempfile
import time
import tomllib
from pathlib import Path

from snake_crab import ROOT, chromium
from snake_crab.check import Say

NAME = "snake-crab.pdf"
EPUB = "snake-crab.epub"
NAMES = (NAME, EPUB)
# mdBook's print.html prints itself once loaded; the PDF is printed here instead.
NO_PRINT_DIALOG = "window.print = () => {};"
# Each quiz (mdbook-quiz's placeholder holds its questions as JSON) as a numbered list of
# questions, the choices in a fixed order that does not give the answer away, then the answers.
PRINTABLE_JS = r"""() => {
  for (const fold of document.querySelectorAll('details')) fold.open = true;  // exercises' solutions
  // A link to a download (a listing's zip, the PDF) keeps its text but not its target: an offline
  // copy holds the chapters, not the site's files (the PDF would point at this build's server).
  for (const link of document.querySelectorAll('main a[href]')) {
    const href = link.getAttribute('href');
    if (!href.startsWith('#') && !/^https?:/.test(href)) link.replaceWith(...link.childNodes);
  }
  const esc = s => String(s).replace(/[&<>]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;'}[c]));
  // The quiz's Markdown, as much as a question uses: code spans, and links shown as their text.
  const md = s => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  let count = 0;
  for (const holder of document.querySelectorAll('.quiz-placeholder')) {
    const questions = JSON.parse(holder.dataset.quizQuestions).questions;
    const asked = questions.map((q, i) => {
      const choices = q.type === 'MultipleChoice'
        ? '<ul>' + [q.answer.answer, ...q.prompt.distractors].sort().map(c => `<li>${md(c)}</li>`).join('') + '</ul>'
        : '<p><em>Answer with a value.</em></p>';
      return `<li><p>${md(q.prompt.prompt)}</p>${choices}</li>`;
    }).join('');
    const answers = questions
      .map(q => `<li><strong>${md(q.answer.answer)}</strong><br>${md(q.context || '')}</li>`).join('');
    const printed = document.createElement('section');
    printed.className = 'printed-quiz';
    printed.innerHTML = `<ol>${asked}</ol><p><strong>Answers</strong></p><ol>${answers}</ol>`;
    holder.replaceWith(printed);
    count += 1;
  }
  return count;
}"""
PRINT_CSS = """
main h1 { break-before: page; }
main h1:first-of-type { break-before: auto; }
pre, pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }
.run-panel button, .run-panel .run-status { display: none !important; }
"""
MARGIN = {"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}


# The page's main text as the EPUB shows it: hidden lines and the Run panels' buttons out, and a
# heading's link to itself (the page's, drawn as a link by an e-reader) as its text.
EPUB_HTML_JS = r"""() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('.boring, .run-panel button, .run-panel .run-status, .buttons').forEach(e => e.remove());
  main.querySelectorAll('a.header').forEach(link => link.replaceWith(...link.childNodes));
  // A note or warning box's icon is an inline SVG without a namespace, which EPUB refuses; its
  // title says Note or Warning in words.
  main.querySelectorAll('.blockquote-tag-title svg').forEach(icon => icon.remove());
  return main.innerHTML;
}"""


def write(book: Path, say: Say) -> list[Path]:
    """Print book/print.html into book/snake-crab.pdf (A4) and make book/snake-crab.epub."""
    from playwright.sync_api import sync_playwright  # in .venv, which book.py runs this from

    started = time.monotonic()
    out = book / NAME
    with chromium.serve(book) as base, sync_playwright() as pw:
        browser = chromium.launch(pw)
        try:
            page = browser.new_page()
            page.add_init_script(NO_PRINT_DIALOG)
            # No Run panels: their editor draws only the lines in view, and a page has no Run.
            page.route("**/wasm/editor.js", lambda route: route.abort())
            page.goto(base + "print.html", wait_until="load")
            quizzes = page.evaluate(PRINTABLE_JS)
            text = page.evaluate(EPUB_HTML_JS)
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            page.pdf(path=str(out), format="A4", print_background=True, margin=MARGIN)
        finally:
            browser.close()
    say(
        f"pdf: {out.relative_to(book.parent)}, {out.stat().st_size // 1024} KiB, {quizzes} quizzes printed "
        f"with their answers ({time.monotonic() - started:.0f} s)"
    )
    started = time.monotonic()
    epub = write_epub(book, text)
    say(
        f"epub: {epub.relative_to(book.parent)}, {epub.stat().st_size // 1024} KiB ({time.monotonic() - started:.0f} s)"
    )
    return [out, epub]


DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*")


def write_epub(book: Path, text: str) -> Path:
    """book/snake-crab.epub from the print page's prepared main text, with pandoc."""
    settings = tomllib.loads((ROOT / "book.toml").read_text())["book"]
    out = book / EPUB
    with tempfile.TemporaryDirectory(prefix="snake-crab-epub-") as temp:
        # The pictures, copied without a DOCTYPE: matplotlib's names SVG 1.1's DTD, an external
        # identifier EPUB 3 does not allow (and a reader would fetch).
        for src in sorted(set(re.findall(r'<img[^>]* src="([^"#?:]+)"', text))):
            copy = Path(temp) / src
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(DOCTYPE.sub("", (book / src).read_text()))
        page = Path(temp) / "book.html"
        page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{text}</body></html>")
        subprocess.run(
            [
                "pandoc", str(page), "--from=html", "--to=epub3", f"--output={out}",
                "--epub-chapter-level=1", "--toc", "--toc-depth=2", f"--resource-path={temp}",
                f"--metadata=title:{settings['title']}", f"--metadata=lang:{settings['language']}",
                *(f"--metadata=author:{author}" for author in settings["authors"]),
            ],
            check=True,
        )  # fmt: skip
    return out
