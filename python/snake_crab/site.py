"""The site builder: `mdbook build` (every listing runs inside it, through cmdrun), then each
listing as a download (downloads.py), the Run buttons (wasm.py) and the PDF and EPUB (offline.py). `book.py build` and
`serve` call it; the book check calls it and then checks what it made."""

import http.server
import os
import re
import shutil
import subprocess
import threading
import webbrowser

from snake_crab import ROOT, downloads, model, offline, run_listing, wasm
from snake_crab.check import Say

BOOK = ROOT / "book"


# A warning or error in mdBook's log: mdBook 0.5 writes ` WARN text` and `ERROR text`, the
# preprocessors built on 0.4's library (mdbook-quiz's log) `[WARN] (name): text`. mdBook exits 0
# after many of them (a missing {{#include}}, a broken link), so the log is read.
NOISE = re.compile(r"^(?:\S+ \S+ )?\[?(WARN|ERROR)\b")


def warnings_of(log: str) -> list[str]:
    return [line for line in log.splitlines() if NOISE.match(line.strip())]


def build(say: Say, listings_changed: bool = True, offline_copies: bool = True) -> list[str]:
    """Write the whole site to book/; the problems (mdBook's warnings, a failed step), or none.
    When only chapters changed (`serve` after an edit), the browser's runs are not measured again.
    Without offline_copies (`serve` after a save) the PDF and EPUB of the last build are kept,
    not made again (about 15 s)."""
    shutil.rmtree(run_listing.RUNS, ignore_errors=True)  # each run of this build logs afresh
    kept = {} if offline_copies else {n: (BOOK / n).read_bytes() for n in offline.NAMES if (BOOK / n).is_file()}
    done = subprocess.run(["mdbook", "build"], cwd=ROOT, capture_output=True, text=True)
    for name, data in kept.items():  # mdBook emptied book/
        (BOOK / name).write_bytes(data)
    if done.returncode != 0:
        return [f"`mdbook build` exited {done.returncode}:\n{done.stdout}{done.stderr}".rstrip()]
    noise = warnings_of(done.stderr)
    if noise:
        return ["mdbook build warned:\n" + "\n".join(noise)]
    say(f"downloads: {downloads.write(BOOK)} listings, each a zip and its files in book/listings/")
    try:
        wasm.write(BOOK, say, sweep_again=listings_changed)
    except (RuntimeError, subprocess.CalledProcessError) as err:
        return [str(err)]
    if offline_copies:
        offline.write(BOOK, say)
    return []


# What a save can change: a chapter, a quiz or the theme (the pages), or a listing (its runs,
# its download and its Run button too).
PAGES = ["src", "quizzes", "theme", "book.toml"]
WATCHED = [*PAGES, "listings"]
# Each served page asks the server, in the background, to answer once the site is newer than
# the page; then it reloads itself (what `mdbook serve` does with a websocket).
RELOAD = b"""<script>
(async function wait(built) {
  try { await fetch("/__snake_crab_reload?built=" + built); location.reload(); }
  catch (e) { setTimeout(() => wait(built), 2000); }
})(%d);
</script></body>"""


def snapshot(names: list[str]) -> dict[str, float]:
    files = {}
    for name in names:
        top = ROOT / name
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and not model.LEFTOVERS & set(path.relative_to(ROOT).parts):
                files[str(path)] = path.stat().st_mtime
    return files


def serve(bind: str, say: Say, port: int = 3000, stop: threading.Event | None = None) -> int:
    """Serve book/ on bind:port; after each save, build again and reload the open pages. Runs
    until Ctrl+C (or until `stop` is set: the tests' way)."""
    stop = stop or threading.Event()

    built = threading.Condition()
    state = {"built": 1}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(BOOK), **kwargs)

        def log_message(self, *args) -> None:  # quiet, as mdbook serve
            pass

        def do_GET(self) -> None:
            if self.path.startswith("/__snake_crab_reload?built="):
                seen = int(self.path.rpartition("=")[2] or 0)
                with built:
                    built.wait_for(lambda: state["built"] != seen, timeout=600)
                self.send_response(200 if state["built"] != seen else 204)
                self.end_headers()
                return
            path = self.translate_path(self.path)
            if path.endswith("/"):
                path += "index.html"
            if not path.endswith(".html") or not os.path.isfile(path):
                return super().do_GET()
            with open(path, "rb") as file:
                page = file.read().replace(b"</body>", RELOAD % state["built"], 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(page)

    server = http.server.ThreadingHTTPServer((bind, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = "localhost" if bind == "127.0.0.1" else bind
    port = server.server_address[1]  # the one the system chose, for port 0
    # The files as they are before the reader is told to save: a save right after is a change.
    pages, listings = snapshot(PAGES), snapshot(["listings"])
    say(
        f"serving book/ at http://{host}:{port} (Ctrl-C stops); saving a chapter or listing rebuilds it "
        "(but for the PDF and EPUB: `book.py build` makes those again)"
    )
    webbrowser.open(f"http://{host}:{port}/")
    try:
        while not stop.wait(0.5):  # a poll of file times, twice a second: a server's loop, not a check
            new_pages, new_listings = snapshot(PAGES), snapshot(["listings"])
            if new_pages == pages and new_listings == listings:
                continue
            changed = new_listings != listings
            pages, listings = new_pages, new_listings
            say(f"a {'listing' if changed else 'page'} changed: building again")
            if changed:
                subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
            for problem in build(say, listings_changed=changed, offline_copies=False):
                say(problem)
            with built:
                state["built"] += 1
                built.notify_all()
            say("built: the open pages reload")
    except KeyboardInterrupt:
        pass
    server.shutdown()
    return 0
