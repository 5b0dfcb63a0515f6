"""The whole book as one PDF, book/snake-crab.pdf: the site's print page (print.html), printed by
Chromium as a reader's browser prints it, with what a printed page needs: each chapter starts
on a new page, each quiz becomes its questions, then their answers (a printed quiz cannot be
clicked), and each exercise's folded solution is open. Code blocks wrap at the margin, so no
line is cut. `book.py build` writes it after the site; the pdf check reads it."""

import time
from pathlib import Path

from snake_crab import chromium
from snake_crab.check import Say

NAME = "snake-crab.pdf"
# mdBook's print.html prints itself once loaded; the PDF is printed here instead.
NO_PRINT_DIALOG = "window.print = () => {};"
# Each quiz (mdbook-quiz's placeholder holds its questions as JSON) as a numbered list of
# questions, the choices in a fixed order that does not give the answer away, then the answers.
PRINTABLE_QUIZZES_JS = r"""() => {
  for (const fold of document.querySelectorAll('details')) fold.open = true;  // exercises' solutions
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


def write(book: Path, say: Say) -> Path:
    """Print book/print.html into book/snake-crab.pdf (A4); returns its path."""
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
            quizzes = page.evaluate(PRINTABLE_QUIZZES_JS)
            page.add_style_tag(content=PRINT_CSS)
            page.emulate_media(media="print")
            page.pdf(path=str(out), format="A4", print_background=True, margin=MARGIN)
        finally:
            browser.close()
    say(
        f"pdf: {out.relative_to(book.parent)}, {out.stat().st_size // 1024} KiB, {quizzes} quizzes printed "
        f"with their answers ({time.monotonic() - started:.0f} s)"
    )
    return out
