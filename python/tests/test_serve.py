"""`book.py serve`: a saved chapter builds the site again, and the open pages reload."""

import subprocess
import threading
import urllib.request

from snake_crab import site


def test_a_saved_chapter_rebuilds_and_the_open_page_hears_of_it(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    chapter = tmp_path / "src" / "hello.md"
    chapter.write_text("# Hello\n")
    book = tmp_path / "book"
    book.mkdir()
    (book / "hello.html").write_text("<html><body><p>Hello</p></body></html>")
    builds: list[bool] = []
    monkeypatch.setattr(site, "ROOT", tmp_path)
    monkeypatch.setattr(site, "BOOK", book)
    monkeypatch.setattr(
        site, "build", lambda say, listings_changed=True, offline_copies=True: builds.append(listings_changed) or []
    )
    monkeypatch.setattr(site.webbrowser, "open", lambda url: None)
    said: list[str] = []
    serving, stop = threading.Event(), threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if line.startswith("serving"):
            serving.set()

    server = threading.Thread(target=site.serve, args=("127.0.0.1", say, 0, stop))
    server.start()
    try:
        assert serving.wait(30)
        base = said[0].split(" at ")[1].split(" ")[0]
        page = urllib.request.urlopen(f"{base}/hello.html", timeout=30).read().decode()
        assert "/__snake_crab_reload?built=" in page and "<p>Hello</p>" in page
        built = page.split("})(")[1].split(")")[0]
        answer: list[int] = []
        waiting = threading.Thread(
            target=lambda: answer.append(
                urllib.request.urlopen(f"{base}/__snake_crab_reload?built={built}", timeout=60).status
            )
        )
        waiting.start()  # the open page, waiting to hear of a newer site
        chapter.write_text("# Hello again\n")
        waiting.join(60)
        assert answer == [200] and builds == [False]  # a chapter only: the Run buttons stand
        assert f"}})({int(built) + 1});" in urllib.request.urlopen(f"{base}/hello.html", timeout=30).read().decode()
    finally:
        stop.set()
        server.join(30)


def test_mdbooks_warnings_are_found_in_either_log_format(tmp_path) -> None:
    """mdBook 0.5 exits 0 after a missing include; its log says so, and the build must fail."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "SUMMARY.md").write_text("# Summary\n\n- [A](a.md)\n")
    (tmp_path / "src" / "a.md").write_text("# A\n\n{{#include nothing.rs}}\n")
    (tmp_path / "book.toml").write_text('[book]\ntitle = "t"\n')
    done = subprocess.run(["mdbook", "build"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and site.warnings_of(done.stderr), done.stderr
    quiz = "2026-12-07 17:13:27 [WARN] (mdbook_quiz): a quiz without questions"
    assert site.warnings_of(quiz) == [quiz]
    assert site.warnings_of(" INFO Book building has started\n INFO HTML book written") == []
