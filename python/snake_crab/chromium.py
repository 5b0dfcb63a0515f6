"""Debian's Chromium as the book drives it, through Playwright: the PDF and EPUB (offline.py) and the browser
check both launch it this way, on the built site served from a local port."""

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from snake_crab import prerequisites

PATH = prerequisites.CHROMIUM  # Debian's, which the set-up installs
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No host but this machine's: the book must work offline. Not Playwright's route(), which
    # turns the HTTP cache off: every page would fetch and compile Pyodide again, as no reader's does.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def launch(pw, timeout_ms: float | None = None):
    """A headless Chromium from Playwright `pw` (a sync_playwright instance)."""
    return pw.chromium.launch(executable_path=str(PATH), headless=True, args=ARGS, timeout=timeout_ms)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # the callers print their own lines
        pass


@contextlib.contextmanager
def serve(book: Path) -> Iterator[str]:
    """Serve `book` on a free localhost port in a thread; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(book)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
