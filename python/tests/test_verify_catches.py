"""The verification must be able to fail: each test breaks a copy of the book and expects
the check to fail with a message naming the culprit."""

import inspect
import os
import re
import subprocess
import threading
import types
import venv

from conftest import ROOT, book_py

from snake_crab import run_listing, verify


def test_each_broken_run_fails_the_book_check_and_each_broken_download_the_copyout_check(book_copy):
    # (The book as it is passes both: their own runs.) One copy, one site build, for both checks.
    # The book check: each defect in a run of its own.
    book_copy.append("listings/structs/wrong_fields.py", "raise SystemExit(1)\n")  # exits 1
    book_copy.edit("listings/hello/src/lib.rs", "Hello from Rust!", "Hello from Crab!")  # prints another output
    book_copy.append("listings/structs_circle/circles.py", "import sys\nprint('oops', file=sys.stderr)\n")
    (book_copy.path / "listings/hello/unshown.py").write_text("print('hi')\n")  # no chapter shows it
    (book_copy.path / "listings/hello/unshown.output.txt").write_text("hi\n")
    # A page that shows where the book was built.
    book_copy.append("listings/structs/structs.py", "from pathlib import Path\n\nprint(Path(__file__).resolve())\n")
    book_copy.append("listings/structs/structs.output.txt", "[..]/structs.py\n")
    # The copy-out check (these change no run in the repository): hello's manifest inherits from
    # the workspace, so it builds here but not in a reader's folder; and every folder's loader.py
    # links to listings/loader.py, whose folder's parent is the repository: its target/ is found,
    # but a reader's crate has no such folder (seen on structs, which builds).
    book_copy.edit("listings/hello/Cargo.toml", 'edition = "2024"', "edition.workspace = true")
    book_copy.edit("Cargo.toml", 'resolver = "3"', 'resolver = "3"\n[workspace.package]\nedition = "2024"')
    book_copy.edit("listings/loader.py", "for d in (here, *here.parents)]", "for d in (here.parent,)]")
    done = book_copy.verify("book")
    out = done.stdout
    assert done.returncode == 1
    assert re.search(r"src/structs\.md:\d+: listings/structs/wrong_fields\.py exited with status 1", out)
    differs = r"listings/hello/hello\.py printed an output that differs from listings/hello/hello\.output\.txt"
    assert re.search(r"src/hello\.md:\d+: " + differs, out)
    assert re.search(r"src/structs\.md:\d+: listings/structs_circle/circles\.py wrote to stderr:\noops", out)
    assert "listings/hello/unshown.py: no chapter shows its run" in out
    assert "structs.html shows this machine's path" in out and "hello.html shows this machine's path" not in out
    # The site is built all the same: the copy-out check reads it.
    done = book_copy.verify("copyout")
    assert done.returncode == 1
    assert "listings/hello: build: `cargo build --release` failed" in done.stdout
    assert "workspace" in done.stdout  # cargo's own reason
    assert "structs.html: listings/structs/structs.py: run: structs.py exited 1" in done.stdout
    assert "libstructs.so is not built" in done.stdout


def test_gen_marker_naming_a_missing_file_fails(book_copy):
    book_copy.append("src/hello.md", "\n<!-- gen:hello/src/missing.rs -->\n")
    lines = (book_copy.path / "src/hello.md").read_text().count("\n")
    for check in ("gen", "book"):
        done = book_copy.verify(check)
        assert done.returncode == 1, check
        assert f"src/hello.md:{lines}: no file listings/hello/src/missing.rs" in done.stdout, check


def test_gen_marker_naming_a_missing_region_fails(book_copy):
    book_copy.append("src/hello.md", "\n<!-- gen:hello/src/lib.rs:nowhere -->\n")
    done = book_copy.verify("gen")
    assert done.returncode == 1
    assert "src/hello.md:" in done.stdout
    assert "no `ANCHOR: nowhere` in listings/hello/src/lib.rs" in done.stdout


def test_stale_chapter_block_fails(book_copy):
    book_copy.edit("listings/hello/src/lib.rs", "Prints a greeting.", "Prints a friendly greeting.")
    done = book_copy.verify("gen")
    assert done.returncode == 1
    assert "src/hello.md is out of date with its listings" in done.stdout


def test_wildcards_match_within_a_line_only():
    assert run_listing.matches("took [..] ns\n", "took 12.5 ns\n")
    assert not run_listing.matches("took [..] ns\n", "took 12.5 us\n")
    assert not run_listing.matches("a\n", "a\nb\n")
    assert run_listing.blessed("took [..] ns\nold\n", "took 3 ns\nnew\n") == "took [..] ns\nnew\n"


def test_manifest_inheriting_from_the_workspace_fails(book_copy):
    book_copy.edit("listings/hello/Cargo.toml", 'edition = "2024"', "edition.workspace = true")
    done = book_copy.verify("layout")
    assert done.returncode == 1
    assert "listings/hello/Cargo.toml inherits from the workspace" in done.stdout
    assert "listings/hello/Cargo.toml: edition must be '2024'" in done.stdout


def test_manifest_dropping_a_lint_or_the_rust_version_or_code_needing_newer_rust_fails(book_copy):
    book_copy.edit("listings/hello/Cargo.toml", 'missing_safety_doc = "deny"\n', "")
    book_copy.edit("listings/hello/Cargo.toml", 'rust-version = "1.91"', 'rust-version = "1.90"')
    # RwLockWriteGuard::downgrade is from Rust 1.92: the msrv check's cargo +1.91 must refuse it.
    book_copy.append(
        "listings/hello/src/lib.rs",
        "\npub fn downgraded(lock: &std::sync::RwLock<i32>) -> i32 {\n"
        "    *std::sync::RwLockWriteGuard::downgrade(lock.write().unwrap())\n}\n",
    )
    done = book_py(book_copy.path, "verify", "--only", "layout,msrv", "--listing", "hello")
    assert done.returncode == 1
    assert "listings/hello/Cargo.toml: [lints] must be the root Cargo.toml's" in done.stdout
    assert "listings/hello/Cargo.toml: rust-version must be '1.91'" in done.stdout
    assert "FAIL msrv" in done.stdout and "use of unstable library feature `rwlock_downgrade`" in done.stdout


def test_a_download_that_holds_this_machines_path_is_found(tmp_path):
    import zipfile

    from snake_crab import ROOT
    from snake_crab.checks import book

    site = tmp_path / "book"
    (site / "listings").mkdir(parents=True)
    (site / "hello.html").write_text("<p>clean</p>")
    with zipfile.ZipFile(site / "listings" / "hello.zip", "w") as archive:
        archive.writestr("hello/README.txt", f"built in {ROOT}/listings/hello\n")
    assert book.machine_paths(site) == [f"book/listings/hello.zip (hello/README.txt) shows this machine's path {ROOT}"]


def test_a_quiz_answer_its_run_no_longer_prints_fails(book_copy):
    # The Structs quiz says a struct declared with swapped fields reads the sensor as 1101791232;
    # a recorded output that says otherwise (as after a change to the listing, blessed) must
    # fail the quiz check.
    book_copy.edit("listings/structs/wrong_fields.output.txt", "sensor=1101791232", "sensor=7")
    done = book_copy.verify("quiz")
    assert done.returncode == 1, done.stdout
    assert "quizzes/structs.toml: question " in done.stdout
    assert "the run no longer proves it" in done.stdout


def test_verify_lists_every_check_once(tmp_path):
    # As a contributor types it: the machine's python3, which lacks the .venv's packages
    # (auditwheel, cffi), so book.py must set up before it imports the checks.
    venv.create(tmp_path / "bare", with_pip=False)
    env = {k: v for k, v in os.environ.items() if k not in ("SNAKE_CRAB_INSTALLED", "VIRTUAL_ENV", "PYTHONPATH")}
    bare = tmp_path / "bare" / "bin" / "python"
    done = subprocess.run(
        [bare, ROOT / "python" / "book.py", "verify", "--list"], capture_output=True, text=True, env=env
    )
    names = [line.split()[0] for line in done.stdout.splitlines()]
    assert done.returncode == 0 and sorted(names) == sorted(verify.registry()), done.stdout


def test_blessing_a_listing_that_does_not_exist_fails():
    done = book_py(ROOT, "bless", "no_such_listing")
    assert done.returncode == 2 and "no listing no_such_listing" in done.stderr


def test_a_listing_line_wider_than_the_page_fails(book_copy):
    # callbacks/src/lib.rs once had a 102-column doc comment, found only by the browser check
    book_copy.edit("listings/hello/src/lib.rs", "//!", "//! " + "x" * 100 + "\n//!")
    done = book_copy.verify("layout")
    assert done.returncode == 1
    assert "listings/hello/src/lib.rs:1: 104 columns; a page shows at most 100" in done.stdout


def test_listing_narrows_the_per_listing_checks_and_refuses_the_others():
    done = book_py(ROOT, "verify", "--listing", "hello", "--only", "wrappers")
    assert done.returncode == 0 and "PASS wrappers" in done.stdout and "2 files follow the rules" in done.stdout
    done = book_py(ROOT, "verify", "--listing", "hello", "--only", "book")
    assert done.returncode == 2 and "book run on the whole book" in done.stderr
    done = book_py(ROOT, "verify", "--listing", "no_such_listing")
    assert done.returncode == 2 and "no listing no_such_listing" in done.stderr


def fake_checks(**bodies) -> dict[str, "verify.Check"]:
    """Checks made here: name -> (run, NEEDS, SECONDS)."""
    found = {}
    for name, (run, needs, seconds) in bodies.items():
        module = types.ModuleType(name)
        module.run, module.NEEDS, module.SECONDS = run, needs, seconds
        found[name] = verify.Check(name, module)
    return found


def test_the_cheap_checks_go_first_then_the_longest_chain(monkeypatch):
    monkeypatch.setattr(verify, "last_times", dict)
    ok = lambda say: verify.Report()  # noqa: E731
    checks = fake_checks(
        long=(ok, (), 300), site=(ok, (), 90), reads_site=(ok, ("site",), 400), rule=(ok, (), 1), other=(ok, (), 5)
    )
    assert verify.order(checks) == ["rule", "other", "site", "reads_site", "long"]


def test_a_check_whose_need_failed_fails_without_running_and_a_crash_fails_only_itself(monkeypatch, capsys):
    monkeypatch.setattr(verify, "last_times", dict)
    monkeypatch.setattr(verify, "record_time", lambda *args: None)
    ran = []

    def crash(say):
        raise RuntimeError("boom")

    checks = fake_checks(
        broken=(lambda say: verify.Report(["listings/x: wrong"]), (), 1),
        after=(lambda say: ran.append("after") or verify.Report(), ("broken",), 1),
        crashes=(crash, (), 1),
        fine=(lambda say: ran.append("fine") or verify.Report(summary="all good"), (), 1),
    )
    run = verify.Run(checks)
    workers = [threading.Thread(target=run.work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    out = capsys.readouterr().out
    assert run.passed == {"broken": False, "after": False, "crashes": False, "fine": True}
    assert ran == ["fine"]
    assert "not run: it needs broken, which failed" in out
    assert "crashed: RuntimeError('boom')" in out
    assert "listings/x: wrong" in out and "PASS fine" in out and "all good" in out


def test_every_check_that_reads_a_header_waits_for_the_build_that_writes_it():
    # A fresh clone has no headers: build.rs writes them. header, gen and mdbook-test once ran first and failed.
    from snake_crab import c_header, gen

    readers = {c_header.__name__, gen.__name__}
    for name, check in verify.registry().items():
        source = inspect.getsource(check.module)
        reads = any(f"import {m.rpartition('.')[2]}" in source or f"{m} import" in source for m in readers)
        reads = reads or ".header" in source or '"mdbook"' in source  # mdBook runs gen, which shows headers
        if reads and name != "build":
            assert "build" in check.needs, f"{name} reads a header but does not need the build"
