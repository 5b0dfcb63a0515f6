"""Open every page of the built book in headless Chromium and fail on what a reader would run into.

    python3 python/book.py verify --only book,browser     # the book's own site
    python -m snake_crab.checks.browser BOOK_DIR [--screenshots DIR] [--external-links]   # any site

Serves BOOK_DIR (default book/) on 127.0.0.1 and opens print.html, then every page its sidebar
lists (the book's SUMMARY), in Debian's Chromium (/usr/bin/chromium) driven by Playwright.
A page fails when it has
- a console error, an uncaught exception or a failed request (HTTP >= 400, or any request
  to another host: the book must work offline);
- a link into the book or an image whose file does not exist, or whose `#anchor` is no id on
  the target page;
- an empty code block, or a run-output block (python/snake_crab/run_listing.py) with no output code block,
  or a run that shows `LISTING FAILED`;
- a code block that scrolls sideways at the default width (a line over MAX_COLUMNS), or, at a
  phone's width (PHONE), a page that scrolls sideways;
- any violation of axe-core's WCAG 2 A/AA rules (axe-core 4, bundled by axe-playwright-python),
  in any of mdBook's five themes, each chosen in the page as a reader chooses it;
- a Run button (python/snake_crab/wasm.py, theme/run.js) whose run, pressed as a reader presses it, does
  not exit 0 or prints other than what the page shows for Python 3.14 (Pyodide's). On the
  Errors page the check also edits the script, to see the edit run, then makes it abort, to
  see the abort reported and the next run work again. Each page's line gives how long the
  first run took to be ready (Pyodide loading) and the slowest later run.
- a chapter quiz (mdbook-quiz, quizzes/), taken as a reader takes it, answering every question
  right but the second, that does not score N-1 of N, or does not show each answer's context
  with links that resolve. On the Primitives page (QUIZ_PAGE) the quiz must also pass axe's
  rules, started and in review, in every theme, and keep its review across a reload.
mdBook's search must find "argtypes", and print.html must render every chapter's title.

Each page is saved as a full-page PNG in --screenshots (default screenshots/): light theme for
all, and the "navy" and "ayu" themes too for a few (DARK_PAGES). Links to other hosts are only counted,
unless --external-links sends each a HEAD request (the network is closed here).
Exit status: 0 clean, 1 problems found (each named with its page), 2 could not run.
"""

import argparse
import concurrent.futures
import contextlib
import functools
import json
import os
import queue
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from snake_crab import ROOT, chromium, model, pythons, run_listing
from snake_crab.check import Report
from snake_crab.checks.pdf import well_formed

NEEDS = ("book",)
SECONDS = 190  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

VIEWPORT = {"width": 1280, "height": 900}  # wide enough for mdBook to show the sidebar
PHONE = {"width": 390, "height": 844}  # a phone held upright, in CSS pixels (iPhone 12 to 16)
# At phone width every page is loaded and must not scroll sideways; on this one axe runs in each
# theme, every Run is pressed and the quiz taken.
PHONE_PAGE = "hello.html"
# The page's width, and the element that reaches furthest right when it is wider than the window.
PAGE_WIDTH_JS = """() => {
  // mdBook's .content scrolls itself (overflow-y: auto makes its x overflow scroll too).
  const content = document.querySelector('.content') || document.documentElement;
  const inside = content.scrollWidth - content.clientWidth;  // how far .content scrolls sideways
  const width = Math.max(document.documentElement.scrollWidth, window.innerWidth + inside);
  let widest = null, right = 0;
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; widest = el; }
  }
  const cls = widest && widest.className ? '.' + String(widest.className).split(' ')[0] : '';
  const name = widest ? widest.tagName.toLowerCase() + cls : '';
  return {width, window: window.innerWidth, widest: name, right: Math.round(right)};
}"""
TIMEOUT_MS = 30_000
# A bound for a hung launch, not a race: a normal start takes about a second, a cold one a few.
LAUNCH_TIMEOUT_MS = 600_000
SEARCH_TERM = "argtypes"
RUN_TIMEOUT_MS = 180_000  # a bound for a hung run: Pyodide loads in about 6 s here, but over 60 s was seen at load 7.6
BROWSER_PYTHON = pythons.BY_NAME["3.14"]  # Pyodide's CPython: the output each Run must print
# Where an edit and an abort are tried: the Errors page, on the script whose library panics.
INTERACTIVE_PAGE, INTERACTIVE_SCRIPT = "errors.html", "panics/panics.py"
# A reader's visit: the first Run on each page in turn, in one browser; Python starts from scratch
# on the first page only, and later pages start it from the snapshot that page saved.
VISIT = ("hello.html", "primitives.html", "structs.html")
TWO_PANEL_PAGE = "strings.html"  # two panels pressed at once, stopped and reset: a page with two or more
# Appended to that script: a call whose panic reaches `extern "C"`, which aborts.
ABORTING_LINES = """
lib.unguarded_divide.argtypes = [ctypes.c_int64, ctypes.c_int64]
lib.unguarded_divide.restype = ctypes.c_int64
lib.unguarded_divide(1, 0)
"""
# Where the quiz is also checked by axe and across a reload (every page's quiz is taken).
QUIZ_PAGE = "primitives.html"
THEMES = ("light", "rust", "coal", "navy", "ayu")  # mdBook's five; each page is checked in each
SHOT_THEMES = ("navy", "ayu")  # screenshots of DARK_PAGES in these too
DARK_PAGES = ("hello.html", "numpy.html", "freeing.html")
WORKERS = min(2, os.cpu_count() or 1)  # browsers checking pages at once
SMALL_SITE = 4  # pages, at most, that the first browser checks alone (the tests' sites)
MAX_COLUMNS = 100  # what a code block shows without scrolling (theme/snake-crab.css, listings/ruff.toml)
# axe-core's rules for WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A highlighted token's colours follow from its classes, the theme and its block, so axe sees the
# first token of each kind in each kind of block and skips the repeats: the contrast rule costs
# time per element, and a page holds thousands of tokens.
MARK_REPEATS_JS = """() => {
    const seen = new Set();
    for (const token of document.querySelectorAll('pre code span[class]')) {
        let kind = token.className, up = token.parentElement;
        for (; up && up.tagName !== 'PRE'; up = up.parentElement) kind += ' < ' + up.className;
        kind += ' < ' + (up && up.closest('.run-output') ? 'run' : 'listing');
        if (seen.has(kind)) token.setAttribute('data-axe-repeat', ''); else seen.add(kind);
    }
}"""
# The colour rules look at the text of each element, and an element drawn exactly like an
# earlier one in the same theme (the same computed colours, font and decoration, over the same
# backgrounds all the way up) passes or fails as that one does: each subtree whose visible text is
# all such repeats is skipped by them (data-axe-same, marked again after each theme change; only
# the outermost, since axe compares every element with the list). The other rules see it all.
MARK_SAME_JS = """() => {
    for (const el of document.querySelectorAll('[data-axe-same]')) el.removeAttribute('data-axe-same');
    const LOOK = ['color', 'font-size', 'font-weight', 'opacity', 'text-shadow', 'text-decoration-line',
        'border-bottom-style', 'border-bottom-width', 'background-color', 'background-image', 'filter',
        'mix-blend-mode', '-webkit-text-fill-color', 'visibility'];
    const looks = new Map(), seen = new Set();
    const look = el => {
        if (!looks.has(el)) {
            const style = getComputedStyle(el);
            const up = el.parentElement ? look(el.parentElement) : '';
            looks.set(el, LOOK.map(name => style.getPropertyValue(name)).join('|') + ' < ' + up);
        }
        return looks.get(el);
    };
    const visit = el => {  // whether every element with text in el's subtree is a repeat
        let same = true;
        for (const child of el.children) same = visit(child) && same;
        if (Array.from(el.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) {
            const kind = el.tagName + ' ' + look(el);
            // Text not drawn (a closed <details>) is no example for the text that is.
            if (!seen.has(kind)) { same = false; if (el.checkVisibility({visibilityProperty: true})) seen.add(kind); }
        }
        if (same) el.setAttribute('data-axe-same', '');
        return same;
    };
    for (const child of document.body.children) visit(child);
    for (const inner of document.querySelectorAll('[data-axe-same] [data-axe-same]')) {
        inner.removeAttribute('data-axe-same');
    }
}"""
# axe inside `within` (the page, or its quiz), leaving out what matches `skip`.
AXE_JS = """([within, skip, options]) => axe.run({include: [[within]], exclude: [[skip]]},
    Object.assign({resultTypes: ['violations']}, options))"""
AXE_COLOUR = ["color-contrast", "link-in-text-block"]
# In the first theme every rule, the colour ones apart; in each theme the colour ones.
AXE_OTHER_RULES = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": {r: {"enabled": False} for r in AXE_COLOUR}}
AXE_COLOUR_RULES = {"runOnly": {"type": "rule", "values": AXE_COLOUR}}
# mdBook switches themes in the page (book.js set_theme); two frames later the styles apply.
SET_THEME_JS = """theme => new Promise(done => {
    document.getElementById('mdbook-theme-' + theme).click();
    requestAnimationFrame(() => requestAnimationFrame(done));
})"""

# What a page shows, gathered in the page after it loaded.
PAGE_FACTS_JS = """() => {
    const main = document.querySelector('main');
    const links = Array.from(document.querySelectorAll('a[href]')).map(a => ({
        href: a.getAttribute('href'), url: a.href, text: a.textContent.trim().slice(0, 60)}));
    const images = Array.from(document.querySelectorAll('img')).map(img => ({
        src: img.getAttribute('src'), url: img.src, loaded: img.complete && img.naturalWidth > 0}));
    const blocks = [];
    let section = '(top)';
    let runs = 0;
    for (const el of main ? main.querySelectorAll('h1, h2, h3, h4, h5, h6, pre, div.run-output') : []) {
        if (/^H[1-6]$/.test(el.tagName)) { section = el.textContent.trim(); continue; }
        if (el.matches('div.run-output')) {
            runs += 1;
            blocks.push({kind: 'run', section, index: runs, hasCode: !!el.querySelector('pre code')});
            continue;
        }
        const code = el.querySelector(':scope > code');  // not the outer <pre> of a playground
        if (!code) continue;
        const lang = Array.from(code.classList).find(c => c.startsWith('language-')) || 'no language';
        // Without the hidden lines, as a reader sees it; a folded exercise's block has no
        // innerText until it is opened, but is laid out all the same, so its text counts.
        const shown = (code.innerText || code.textContent).split('\\n');
        const longest = shown.reduce((a, b) => (b.length > a.length ? b : a), '');
        blocks.push({kind: 'code', section, lang, run: el.closest('div.run-output') ? runs : 0,
                     text: code.textContent, scrolls: code.scrollWidth > code.clientWidth, longest});
    }
    return {links, images, blocks, title: (main && main.querySelector('h1') || {}).textContent || '',
            text: main ? main.innerText.trim().length : 0};
}"""


class _Anchors(HTMLParser):
    """The ids (what a `#fragment` can name) and the links to pages of an HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.pages: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)
            if tag == "a" and name == "href" and value and value.endswith(".html"):
                self.pages.append(value)


@functools.cache
def anchors(file: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(file.read_text(errors="replace"))
    return parser


def ids_of(file: Path) -> set[str]:
    """Every anchor a `#fragment` can name in an HTML file (mdBook writes its ids in static HTML)."""
    return anchors(file).ids


def toc_pages(book: Path) -> list[str]:
    """The chapter pages of toc.html (mdBook's no-JavaScript copy of the sidebar), in order."""
    toc = book / "toc.html"
    return list(dict.fromkeys(anchors(toc).pages)) if toc.is_file() else []


def axe_node(node: dict) -> str:
    """One element axe-core found, with the first line of what to fix (contrast figures and all)."""
    summary = [line.strip() for line in node.get("failureSummary", "").splitlines()[1:] if line.strip()]
    return f"{' '.join(node['target'])}: {summary[0] if summary else node.get('html', '')[:80]}"


class Checker:
    def __init__(self, book: Path, base: str, shots: Path, axe_script: str) -> None:
        self.book, self.base, self.shots, self.axe_script = book, base, shots, axe_script
        self.problems: list[tuple[str, str]] = []
        self.current: list[str] = []  # problems of the page being checked (browser events land here)
        self.external_urls: dict[str, list[str]] = {}  # external link -> pages that have it
        self.screenshots = 0
        self.aborting = False  # while the check makes a script abort on purpose: its errors are expected

    # --- browser events -------------------------------------------------------------------
    def watch(self, page) -> None:
        def on_console(msg) -> None:
            # "Failed to load resource" repeats a failed request, which on_response/on_failed name.
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") and not self.aborting:
                where = msg.location.get("url", "") if isinstance(msg.location, dict) else ""
                at = f" (at {where})" if where and where.split("#")[0] != page.url.split("#")[0] else ""
                self.current.append(f"console error: {msg.text}{at}")

        def on_response(response) -> None:
            if response.status >= 400:
                self.current.append(f"HTTP {response.status} for {response.url}")

        def on_request(request) -> None:
            # Chromium resolves no other host (chromium.ARGS): such a request fails, and is named here.
            if not request.url.startswith((self.base, "data:", "blob:")):
                self.current.append(f"loads a resource from another host: {request.url} (the book must work offline)")

        def on_failed(request) -> None:
            # ERR_ABORTED: cancelled by the browser itself, as when the checker moves on while a
            # theme's stylesheet reloads; a missing file is an HTTP 404, another host on_request's.
            if "ERR_ABORTED" not in (request.failure or "") and request.url.startswith(self.base):
                self.current.append(f"request failed: {request.url} ({request.failure})")

        page.on("console", on_console)
        page.on("pageerror", lambda err: None if self.aborting else self.current.append(f"uncaught exception: {err}"))
        page.on("request", on_request)
        page.on("response", on_response)
        page.on("requestfailed", on_failed)

    # --- one page ---------------------------------------------------------------------------
    def load(self, page, path: str) -> dict:
        page.goto(self.base + path, wait_until="load")
        with contextlib.suppress(Exception):  # only waits for late requests; never a problem itself
            page.wait_for_load_state("networkidle", timeout=5_000)
        page.evaluate("document.fonts.ready.then(() => true)")
        return page.evaluate(PAGE_FACTS_JS)

    def check_link(self, page_path: str, link: dict) -> str | None:
        url = urllib.parse.urlsplit(link["url"])
        if url.scheme in ("mailto", "javascript", "data", "tel"):
            return None
        if link["url"].startswith(self.base):
            target = self.book / urllib.parse.unquote(url.path).lstrip("/")
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            try:
                target.resolve().relative_to(self.book.resolve())
            except ValueError:
                return f"link {link['href']!r} leaves the book"
            name = target.relative_to(self.book).as_posix()
            if not target.is_file():
                return f"broken link {link['href']!r} ({link['text']!r}): no file {name} in the book"
            fragment = urllib.parse.unquote(url.fragment)
            if fragment and target.suffix == ".html" and fragment not in ids_of(target):
                return f"broken link {link['href']!r} ({link['text']!r}): no id #{fragment} on {name}"
            return None
        if url.scheme in ("http", "https"):
            self.external_urls.setdefault(link["url"], []).append(page_path)
            return None if well_formed(link["url"]) else f"link {link['href']!r} ({link['text']!r}) is no address"
        return f"link {link['href']!r} ({link['text']!r}) points outside the web ({url.scheme}:)"

    def check_facts(self, page_path: str, facts: dict, blocks: bool = True) -> list[str]:
        found = [
            p for link in {x["url"]: x for x in facts["links"]}.values() if (p := self.check_link(page_path, link))
        ]
        if not blocks:
            return found
        for image in facts["images"]:
            problem = self.check_link(page_path, {"url": image["url"], "href": image["src"], "text": "image"})
            if problem:
                found.append(problem.replace("broken link", "missing image", 1))
            elif not image["loaded"]:
                found.append(f"image {image['src']!r} did not load")
        for n, block in enumerate(b for b in facts["blocks"] if b["kind"] == "code"):
            where = f"in section {block['section']!r}"
            if block["run"] and not block["text"].strip():
                found.append(f"run-output block #{block['run']} {where} has an empty code block")
            elif not block["text"].strip():
                found.append(f"empty code block #{n + 1} ({block['lang']}) {where}")
            elif block["text"].startswith("LISTING FAILED"):
                found.append(f"{block['text'].splitlines()[0]} {where}")
            if block["scrolls"]:
                line = block["longest"]
                found.append(
                    f"code block #{n + 1} ({block['lang']}) {where} scrolls sideways at {VIEWPORT['width']} px: "
                    f"its longest line has {len(line)} columns ({line[:40].strip()!r}...); "
                    f"the book's width fits {MAX_COLUMNS}"
                )
        for block in facts["blocks"]:
            if block["kind"] == "run" and not block["hasCode"]:
                found.append(f"run-output block #{block['index']} in section {block['section']!r} has no code block")
        return found

    def screenshot(self, page, path: str, theme: str, full_page: bool = True) -> None:
        name = path.removesuffix(".html").replace("/", "__")
        file = self.shots / f"{name}{'' if theme == 'light' else '.' + theme}.png"
        page.screenshot(path=str(file), full_page=full_page)
        self.screenshots += 1

    def accessibility(self, page, path: str, within: str = "html", what: str = "") -> None:
        """axe-core's WCAG 2 A/AA rules on the page (or, within ".quiz-placeholder", its quiz) in
        each theme, chosen as a reader chooses it."""
        page.evaluate(self.axe_script)
        page.evaluate(MARK_REPEATS_JS)
        for theme in THEMES:
            page.evaluate(SET_THEME_JS, theme)
            if not page.evaluate(f"document.documentElement.classList.contains('{theme}')"):
                self.current.append(f"the {theme} theme did not apply")
                continue
            page.evaluate(MARK_SAME_JS)
            runs = [("[data-axe-repeat]", AXE_OTHER_RULES)] if theme == THEMES[0] else []
            for skip, options in [*runs, ("[data-axe-same]", AXE_COLOUR_RULES)]:
                for rule in page.evaluate(AXE_JS, [within, skip, options])["violations"]:
                    nodes = rule["nodes"]
                    shown = "; ".join(axe_node(node) for node in nodes[:3])
                    more = f" (and {len(nodes) - 3} more)" if len(nodes) > 3 else ""
                    self.current.append(
                        f"axe {rule['id']}{what} in the {theme} theme, {len(nodes)} element(s): {shown}{more}"
                    )
            if path in DARK_PAGES and theme in SHOT_THEMES and within == "html" and not what:
                self.screenshot(page, path, theme)
        page.evaluate("localStorage.removeItem('mdbook-theme')")  # the next page opens in the default

    def take_quiz(self, page, path: str) -> str:
        """Take the page's quiz as a reader does, every answer right but the second (the answers
        come from the quiz the page holds): a choice clicked, a value typed; returns a note for the
        page's line."""
        quiz = page.locator(".quiz-placeholder")
        if not quiz.count():
            return ""
        full = path == QUIZ_PAGE
        questions = json.loads(quiz.get_attribute("data-quiz-questions"))["questions"]
        quiz.locator("button.start").click()
        if full:
            self.accessibility(page, path, ".quiz-placeholder", " (quiz, first question)")
        for n, question in enumerate(questions):
            counter = quiz.locator(".counter").inner_text()
            if counter != f"Question {n + 1} / {len(questions)}":
                self.current.append(f"quiz: question {n + 1} shows the counter {counter!r}")
                return ""
            right = question["answer"]["answer"]
            if question["type"] == "ShortAnswer":  # typed, key by key, as a reader types it
                quiz.get_by_placeholder("Write your answer here...").click()
                page.keyboard.type(right if n != 1 else "not sure")
                quiz.locator("input[type=submit]").click()
                continue
            choices = quiz.locator(".choice input")
            values = [choices.nth(i).get_attribute("value") for i in range(choices.count())]
            wanted = right if n != 1 else next((v for v in values if v != right), None)
            if right not in values:
                self.current.append(f"quiz: question {n + 1} does not offer its answer {right!r}: {values}")
                return ""
            if wanted is None:
                self.current.append(f"quiz: question {n + 1} offers only its answer, so it cannot be answered wrong")
                return ""
            input_id = choices.nth(values.index(wanted)).get_attribute("id")
            quiz.locator(f'label[for="{input_id}"]').click()  # as a reader clicks the choice's text
            quiz.locator("input[type=submit]").click()
        score = f"You answered {len(questions) - 1}/{len(questions)} questions correctly."
        quiz.get_by_text("Answer Review").wait_for()
        if score not in quiz.inner_text():
            self.current.append(f"quiz: the review does not say {score!r}: {quiz.inner_text()[:200]!r}")
        quiz.get_by_role("button", name="see the correct answers").first.click()
        contexts = quiz.locator(".context")
        if contexts.count() != len(questions):
            self.current.append(f"quiz: {contexts.count()} contexts shown for {len(questions)} questions")
        links = quiz.locator(".context a[href]")
        for i in range(links.count()):
            link = links.nth(i)
            info = {"href": link.get_attribute("href"), "url": link.evaluate("a => a.href"), "text": link.inner_text()}
            if problem := self.check_link(path, info):
                self.current.append(f"quiz: {problem}")
        if not full:
            page.evaluate("localStorage.clear()")
            return f", quiz of {len(questions)} taken"
        self.accessibility(page, path, ".quiz-placeholder", " (quiz, answers)")
        quiz.scroll_into_view_if_needed()
        self.screenshot(page, path.replace(".html", ".quiz.html"), "light", full_page=False)
        page.reload(wait_until="load")
        quiz.get_by_text("Answer Review").wait_for()  # answers kept in the page's storage
        if score not in quiz.inner_text():
            self.current.append(f"quiz: after a reload the review does not say {score!r}")
        page.evaluate("localStorage.clear()")
        return f", quiz of {len(questions)} taken, checked by axe and across a reload"

    @staticmethod
    def press(panel, name: str) -> None:
        """Press a panel's button as a reader does: the pointer goes down and up where the button
        is. Raises when the click did not reach it (the page moved under the pointer in between)."""
        button = panel.locator("button", has_text=name)
        button.evaluate(
            "b => { b.pressed = false; b.addEventListener('click', () => { b.pressed = true; }, { once: true }); }"
        )
        button.click()
        if not button.evaluate("b => b.pressed"):
            raise RuntimeError(f"pressing {name} did not click it: the page moved under the pointer")

    def press_run(self, panel, name: str = "Run") -> dict:
        """Press a panel's Run (or Check) and wait until the run is over: its exit, output and times."""
        self.press(panel, name)
        panel.page.wait_for_function(
            "p => p.dataset.state === 'done'", arg=panel.element_handle(), timeout=RUN_TIMEOUT_MS
        )
        return {
            "exit": panel.get_attribute("data-exit"),
            "output": panel.locator(".run-result").inner_text(),
            "ready_ms": int(panel.get_attribute("data-ready-ms") or 0),
            "run_ms": int(panel.get_attribute("data-run-ms") or 0),
            "python": panel.get_attribute("data-python"),  # how its Python started: scratch, snapshot, loaded
        }

    def compare(self, spec: str, result: dict) -> None:
        """A run in the page against the listing's expected output for Pyodide's Python."""
        expected = run_listing.expected_path(ROOT / "listings" / spec, BROWSER_PYTHON)
        if result["exit"] != "0":
            self.current.append(f"Run under listings/{spec}: exited {result['exit']}:\n{result['output']}")
        elif not run_listing.matches(expected.read_text(), result["output"]):
            self.current.append(
                f"Run under listings/{spec}: printed other than {expected.relative_to(ROOT)}:\n{result['output']}"
            )

    def run_buttons(self, page, path: str) -> str:
        """Press every Run button of the page; returns what to print about their times."""
        panels = page.locator(".run-panel[data-script]")
        times, checked = [], 0
        for i in range(panels.count()):
            panel = panels.nth(i)
            spec = panel.get_attribute("data-script")
            if panel.get_attribute("data-edits"):
                checked += self.check_exercise(panel)
                continue
            # An exercise's solution is folded in a <details>: open it, as a reader does first.
            panel.evaluate("p => { const fold = p.closest('details'); if (fold) fold.open = true; }")
            try:
                result = self.press_run(panel)
            except Exception as err:
                self.current.append(f"Run under listings/{spec}: no result: {str(err).splitlines()[0]}")
                continue
            times.append(result)
            self.compare(spec, result)
        if path == INTERACTIVE_PAGE:
            self.edit_and_abort(page.locator(f'.run-panel[data-script="{INTERACTIVE_SCRIPT}"]'))
        if path == TWO_PANEL_PAGE:
            try:
                self.two_panels(page)
            except Exception as err:  # a panel that never ends, or a button that never comes back
                message = str(err).splitlines()[0]
                self.current.append(f"two panels: {'a run did not end: ' if 'Timeout' in message else ''}{message}")
        exercise = (
            f", exercise checked in the page: starter failed, solution passed ({checked} Check)" if checked else ""
        )
        if not times:
            return exercise
        first, later = times[0]["ready_ms"] + times[0]["run_ms"], [t["run_ms"] for t in times[1:]]
        slowest = f", later runs at most {max(later)} ms" if later else ""
        ready = f"first ready in {times[0]['ready_ms'] / 1000:.1f} s ({first} ms in all)"
        return f", {len(times)} Run: {ready}{slowest}{exercise}"

    def check_exercise(self, panel) -> bool:
        """An exercise's Check panel, used as a reader uses it: Check on the starter as it is must
        fail its tests; then the reader pastes a solution (the listing's own module) over it, and
        Check must pass them, printing what the tests print on the reader's machine."""
        spec, module = panel.get_attribute("data-script"), panel.get_attribute("data-edits")
        name = spec.split("/")[0]
        try:
            first = self.press_run(panel, "Check")
            if first["exit"] != "1" or " failed" not in first["output"]:
                self.current.append(f"Check of {name}/{module}: the starter did not fail its tests:\n{first['output']}")
            editor = panel.locator("xpath=preceding-sibling::pre[1]").locator(".cm-content")
            editor.click()
            panel.page.keyboard.press("Control+a")
            solution = model.without_anchors((ROOT / "listings" / name / module).read_text())
            panel.page.keyboard.insert_text(solution)  # pasted, as a reader pastes their answer
            before = len(self.current)
            self.compare(spec, self.press_run(panel, "Check"))
            return len(self.current) == before and first["exit"] == "1"
        except Exception as err:
            self.current.append(f"Check of {name}/{module}: no result: {str(err).splitlines()[0]}")
            return False

    def visit(self, page, paths: tuple[str, ...]) -> None:
        """A reader moves from page to page, pressing the first Run on each, then again: Python
        starts from scratch once per visit, and the later pages start it from its snapshot."""
        self.current = []
        firsts, again = [], []
        for n, path in enumerate(paths):
            self.load(page, path)
            panel = page.locator(".run-panel[data-script]").first
            try:
                first, second = self.press_run(panel), self.press_run(panel)
            except Exception as err:
                self.current.append(f"{path}: a Run did not end: {str(err).splitlines()[0]}")
                break
            for result in (first, second):  # a Python started from the snapshot prints the same
                self.compare(panel.get_attribute("data-script"), result)
            if n > 0 and first["python"] != "snapshot":
                self.current.append(f"{path}: Python started again from scratch, not from the first page's snapshot")
            firsts.append(f"{first['python']} {(first['ready_ms'] + first['run_ms']) / 1000:.1f} s")
            again.append(second["ready_ms"] + second["run_ms"])
        times = f"(first Run on each page: {', '.join(firsts)}; a second Run at most {max(again, default=0)} ms)"
        self.report(f"visit {' > '.join(paths)}", times)

    def edit_and_abort(self, panel) -> None:
        """A reader types into the editor with real key presses (the book's own shortcuts, s and
        / for search and the arrows for the next chapter, must not see them), leaves it with
        Escape and Tab, and runs the edit;
        an abort is reported, and after Reset the listing runs again."""
        page = panel.page
        editor = panel.locator("xpath=preceding-sibling::pre[1]").locator(".cm-content")
        where = page.url
        editor.click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        page.keyboard.type("print('edited in the pge: s/')")  # a typo, mended below with the arrows
        for key in ["ArrowLeft"] * 8:
            page.keyboard.press(key)
        page.keyboard.type("a")
        for key in ["ArrowRight"] * 8 + ["Tab", "Shift+Tab"]:  # Tab indents the line, Shift+Tab undoes it
            page.keyboard.press(key)
        if page.locator("#mdbook-searchbar").is_visible() or page.url != where:
            self.current.append(
                "typing in the editor reached the book's shortcuts (search opened, or the page changed)"
            )
            return
        page.keyboard.press("Escape")  # then Tab leaves the editor: the keyboard is never trapped
        page.keyboard.press("Tab")
        if page.evaluate("() => Boolean(document.activeElement.closest('pre.run-editor'))"):
            self.current.append("the editor keeps the keyboard: Escape, then Tab, did not leave it (WCAG 2.1.2)")
        result = self.press_run(panel)
        if not result["output"].rstrip().endswith("edited in the page: s/"):
            self.current.append(f"a script typed into the editor did not run as typed: {result['output']!r}")
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(self.original(panel) + ABORTING_LINES)  # pasted, as a reader pastes
        self.aborting = True  # Pyodide reports the abort on the console, as it should
        try:
            result = self.press_run(panel)
        finally:
            self.aborting = False
        if result["exit"] != "aborted" or "Errors and panics" not in result["output"]:
            self.current.append(f"an abort was not reported as one: exit {result['exit']}, {result['output']!r}")
        self.press(panel, "Reset")
        result = self.press_run(panel)
        if result["exit"] != "0" or "edited in the page" in result["output"]:
            self.current.append(f"after an abort and Reset, Run did not run the listing again: {result['output']!r}")

    @staticmethod
    def original(panel) -> str:
        return (ROOT / "listings" / panel.get_attribute("data-script")).read_text().rstrip("\n")

    def two_panels(self, page) -> None:
        """Two panels pressed at once each show their own run; Stop and Reset act on their own
        panel only, whether its run is under way or waiting. Stops at the first problem: each step
        starts from where the one before left the panels."""
        first, second = page.locator(".run-panel[data-script]").nth(0), page.locator(".run-panel[data-script]").nth(1)

        def expected(panel) -> str:
            spec = panel.get_attribute("data-script")
            return run_listing.expected_path(ROOT / "listings" / spec, BROWSER_PYTHON).read_text()

        def done(panel) -> dict:
            page.wait_for_function(
                "p => p.dataset.state === 'done'", arg=panel.element_handle(), timeout=RUN_TIMEOUT_MS
            )
            return {"exit": panel.get_attribute("data-exit"), "output": panel.locator(".run-result").inner_text()}

        def own_output(label: str, panel) -> bool:
            result = done(panel)
            if result["exit"] != "0" or not run_listing.matches(expected(panel), result["output"]):
                self.current.append(f"two panels: {label}: exit {result['exit']}, printed {result['output']!r}")
                return False
            return True

        self.press(first, "Run")
        self.press(second, "Run")
        if not (own_output("both pressed, the first", first) and own_output("both pressed, the second", second)):
            return
        # The first made to run until stopped (typed, as a reader types), so that what follows
        # happens while it runs whatever the machine's speed: a listing's own run ends in ms.
        first.locator("xpath=preceding-sibling::pre[1]").locator(".cm-content").click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")
        for _ in range(3):  # the editor indents the new line like the block above it: back to column 0
            page.keyboard.press("Shift+Tab")
        page.keyboard.type("while True: pass")
        self.press(first, "Run")
        page.wait_for_function("p => p.dataset.state === 'running'", arg=first.element_handle(), timeout=RUN_TIMEOUT_MS)
        self.press(second, "Run")
        if second.get_attribute("data-state") != "waiting":
            self.current.append(
                f"two panels: the second did not wait for the first: {second.get_attribute('data-state')}"
            )
            return
        self.press(second, "Stop")  # the second waits for the first: stop it
        if (stopped := done(second))["exit"] != "stopped" or first.get_attribute("data-state") != "running":
            self.current.append(f"two panels: Stop under the second did not stop it alone: {stopped}")
            return
        self.press(first, "Reset")  # mid-run
        if done(first)["exit"] != "reset" or first.locator(".run-result").is_visible():
            self.current.append("two panels: Reset during a run did not end it and clear its panel")
            return
        self.press(second, "Run")
        if own_output("the second, after Reset stopped the first", second):
            self.press(first, "Run")
            own_output("the first, after Reset put its listing back", first)

    def check_page(self, page, path: str) -> dict:
        self.current = []
        facts = self.load(page, path)
        self.current += self.check_facts(path, facts)
        facts["runs_note"] = self.run_buttons(page, path)
        self.screenshot(page, path, "light")
        self.accessibility(page, path)
        facts["runs_note"] += self.take_quiz(page, path)
        return facts

    # --- the whole book -------------------------------------------------------------------------
    def report(self, label: str, what: str, counter: str = "") -> None:
        """One progress line for `label` (a page), then its problems, which are kept for the summary."""
        unique = list(dict.fromkeys(self.current))
        self.problems += [(label, p) for p in unique]
        lines = [f"{'ok  ' if not unique else 'FAIL'}  {counter}{label}  {what}"]
        print("\n".join(lines + [f"        - {problem}" for problem in unique]), flush=True)  # one write: workers

    def phone(self, page, pages: list[str]) -> None:
        """The book on a phone: no page scrolls sideways (code blocks scroll inside themselves);
        on PHONE_PAGE, axe in each theme, every Run pressed and the quiz taken."""
        self.current = []
        for path in pages:
            self.load(page, path)
            measured = page.evaluate(PAGE_WIDTH_JS)
            if measured["width"] > measured["window"]:
                self.current.append(
                    f"{path} scrolls sideways at {PHONE['width']} px: the page is {measured['width']} px wide "
                    f"({measured['widest']} reaches {measured['right']} px)"
                )
        note = ""
        if PHONE_PAGE in pages:  # the book's own site (the tests' small sites have no such page)
            self.load(page, PHONE_PAGE)
            self.accessibility(page, PHONE_PAGE, what=f" at {PHONE['width']} px")
            note = (
                f"; {PHONE_PAGE}: axe in 5 themes"
                + self.run_buttons(page, PHONE_PAGE)
                + self.take_quiz(page, PHONE_PAGE)
            )
        self.report(f"phone width ({PHONE['width']} px)", f"({len(pages)} pages{note})")

    def search(self, page, path: str) -> None:
        self.current = []
        self.load(page, path)
        page.keyboard.press("s")
        try:
            page.wait_for_selector("#mdbook-searchbar", state="visible", timeout=3_000)
        except Exception:
            page.click("#mdbook-search-toggle")
            page.wait_for_selector("#mdbook-searchbar", state="visible", timeout=5_000)
        page.locator("#mdbook-searchbar").press_sequentially(SEARCH_TERM, delay=20)  # mdBook searches on keyup
        try:
            page.wait_for_function("document.querySelectorAll('#mdbook-searchresults li').length > 0", timeout=10_000)
        except Exception:
            header = page.locator("#mdbook-searchresults-header").inner_text()
            self.current.append(f"search for {SEARCH_TERM!r} returned no results ({header.strip()!r})")
        count = page.evaluate("document.querySelectorAll('#mdbook-searchresults li').length")
        self.report(f"search {SEARCH_TERM!r}", f"({count} results)")

    def overview(self, page) -> tuple[list[str], set[str]]:
        """print.html: all chapters on one page; its sidebar (built by toc.js) lists the pages."""
        self.current = []
        facts = self.load(page, "print.html")
        hrefs = page.evaluate(
            "Array.from(document.querySelectorAll('#mdbook-sidebar a[href]')).map(a => a.href)"
            ".filter(h => h.split('#')[0].endsWith('.html'))"
        )
        pages = list(dict.fromkeys(h.removeprefix(self.base).split("#")[0] for h in hrefs if h.startswith(self.base)))
        if not pages:
            self.current.append("the sidebar lists no pages (toc.js did not run?); using toc.html")
            pages = toc_pages(self.book)
        if facts["text"] == 0:
            self.current.append("print.html shows no content")
        printed_titles = set(page.evaluate("Array.from(document.querySelectorAll('main h1')).map(h => h.textContent)"))
        self.current += self.check_facts("print.html", facts, blocks=False)  # the chapters check those
        self.screenshot(page, "print.html", "light", full_page=False)  # the whole book: too tall a PNG
        self.report("print.html", f"({len(pages)} pages in the sidebar)")
        return pages, printed_titles

    def check_listed(self, page, n: int, total: int, path: str, printed_titles: set[str]) -> None:
        """Page n of the sidebar's `total`: its checks, and its chapter in print.html."""
        started = time.monotonic()
        try:
            facts = self.check_page(page, path)
        except Exception as err:  # a timeout or a crash of this page: name it, go on with the rest
            self.current.append(f"could not be checked: {type(err).__name__}: {str(err).splitlines()[0]}")
            self.report(path, "", f"[{n:2}/{total}] ")
            return
        if facts["title"] and facts["title"] not in printed_titles:
            self.current.append(f"print.html lacks this chapter (no <h1> {facts['title']!r} there)")
        runs = sum(b["kind"] == "run" for b in facts["blocks"])
        code = sum(b["kind"] == "code" for b in facts["blocks"])
        counts = f"({len(facts['links'])} links, {code} code blocks, {runs} runs{facts.get('runs_note', '')}, "
        counts += f"{time.monotonic() - started:.1f} s)"
        self.report(path, counts, f"[{n:2}/{total}] ")

    def absorb(self, other: "Checker") -> None:
        """Take in what a worker's checker found."""
        self.problems += other.problems
        self.screenshots += other.screenshots
        for url, pages in other.external_urls.items():
            self.external_urls.setdefault(url, []).extend(pages)

    def check_external(self) -> None:
        for url, found_on in self.external_urls.items():
            pages = [p for p in found_on if p != "print.html"] or found_on  # blame a chapter
            request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "snake-crab-browser-check"})
            try:
                with urllib.request.urlopen(request, timeout=15):
                    pass
            except urllib.error.HTTPError as err:
                if err.code not in (403, 405, 429):  # some servers refuse HEAD or robots
                    self.problems.append((pages[0], f"external link {url}: HTTP {err.code}"))
            except (urllib.error.URLError, OSError) as err:
                self.problems.append((pages[0], f"external link {url}: {err}"))


@contextlib.contextmanager
def open_page(pw, checker: "Checker", announce: bool = False, viewport: dict = VIEWPORT) -> Iterator:
    """A page in a new Chromium whose events and requests `checker` watches; closed afterwards."""
    # launch() returns once Chromium answers on its pipe; launch_persistent_context() also
    # waits for a first page to load, which on a cold, loaded machine raced its 180 s timeout.
    started = time.monotonic()
    browser = chromium.launch(pw, timeout_ms=LAUNCH_TIMEOUT_MS)
    if announce:
        print(f"browser_check: Chromium {browser.version} started in {time.monotonic() - started:.1f} s", flush=True)
    try:
        # A new context is a fresh, in-memory profile: no cookies, storage or cache from earlier runs.
        phone = viewport["width"] < 600  # a phone's browser: touch, and the page's own viewport tag
        context = browser.new_context(
            viewport=viewport, color_scheme="light", service_workers="block", is_mobile=phone, has_touch=phone
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        checker.watch(page)
        yield page
    finally:
        browser.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("book", nargs="?", type=Path, default=ROOT / "book", help="the built book (default: book/)")
    parser.add_argument("--screenshots", type=Path, default=ROOT / "screenshots", help="where the PNGs go")
    parser.add_argument("--external-links", action="store_true", help="also HEAD every link to another host")
    args = parser.parse_args(argv)
    if not (args.book / "print.html").is_file():  # a usage error, not a finding
        print(f"browser check: {args.book} has no print.html: build the book first (python3 python/book.py build)")
        return 2
    report = check_site(args.book.resolve(), args.screenshots, args.external_links)
    print(f"\nbrowser check: {report.summary}")
    if report.problems:
        print(f"{len(report.problems)} problem(s):")
        for problem in report.problems:
            print(f"  {problem}")
        return 1
    print("no problems")
    return 0


def run(say) -> Report:
    return check_site(ROOT / "book", ROOT / "screenshots", external_links=False)


def check_site(book: Path, screenshots: Path, external_links: bool) -> Report:
    """Every page of the built site at `book`, as a reader's browser shows it."""
    if not (book / "print.html").is_file():
        return Report([f"{book} has no print.html: build the book first (python3 python/book.py build)"])
    if not chromium.PATH.is_file():
        return Report([f"{chromium.PATH} is missing: apt-get install -y chromium"])
    try:
        from axe_playwright_python.sync_playwright import Axe
        from playwright.sync_api import sync_playwright
    except ImportError:
        return Report(["Playwright or axe is missing: .venv/bin/pip install -r python/requirements.txt"])
    screenshots.mkdir(parents=True, exist_ok=True)

    axe_script = Axe().axe_script
    with chromium.serve(book) as base, sync_playwright() as pw:
        checker = Checker(book, base, screenshots, axe_script)
        with open_page(pw, checker, announce=True) as page:
            pages, printed_titles = checker.overview(page)
            # The pages are checked by WORKERS browsers at once, each in its own thread (a
            # Playwright instance serves one thread): axe-core's contrast rule keeps a core busy.
            todo: queue.SimpleQueue = queue.SimpleQueue()
            for n, path in enumerate(pages, 1):
                todo.put((n, path))

            def work() -> Checker:
                mine = Checker(book, base, screenshots, axe_script)
                with sync_playwright() as own, open_page(own, mine) as own_page:
                    while True:
                        try:
                            n, path = todo.get_nowait()
                        except queue.Empty:
                            return mine
                        mine.check_listed(own_page, n, len(pages), path, printed_titles)

            if len(pages) <= SMALL_SITE:  # the browser already open checks a few pages sooner than two new ones
                for n, path in enumerate(pages, 1):
                    checker.check_listed(page, n, len(pages), path, printed_titles)
            else:
                with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
                    for worker in [pool.submit(work) for _ in range(WORKERS)]:
                        checker.absorb(worker.result())
            checker.search(page, pages[0] if pages else "index.html")
        if set(VISIT) <= set(pages):
            with open_page(pw, checker) as fresh:  # a new browser: nothing saved by the pages above
                checker.visit(fresh, VISIT)
        if pages:
            with open_page(pw, checker, viewport=PHONE) as phone:
                checker.phone(phone, pages)
        order = {path: n for n, path in enumerate(["print.html", *pages])}
        checker.problems.sort(key=lambda problem: order.get(problem[0], len(order)))
    if external_links:
        checker.check_external()

    externals = len(checker.external_urls)
    # The links out, each well formed (a malformed one is a problem above); with no network, only
    # --external-links asks each host. Listed for a person to follow.
    listed = [
        f"link out: {url} (from {', '.join(sorted(set(pages)))})"
        for url, pages in sorted(checker.external_urls.items())
    ]
    return Report(
        [f"{label}: {problem}" for label, problem in checker.problems],
        notes=listed,
        summary=f"{len(pages)} pages, print.html and search; {checker.screenshots} screenshots in "
        f"{screenshots}; {externals} external links, each well formed, {'checked' if external_links else 'not asked'}",
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
