"""The valgrind check must catch a leak and an out-of-bounds write in a copy of the book."""

import subprocess
import sys

from conftest import book_py

from snake_crab.checks import memcheck as module

LEAK = """
/// Leaks a buffer on purpose (test only).
#[unsafe(no_mangle)]
pub extern "C" fn leak_on_purpose() {
    std::mem::forget(std::hint::black_box(vec![7u8; 4096]));
}

/// Writes one element past the end of a buffer on purpose (test only).
#[unsafe(no_mangle)]
pub extern "C" fn write_past_end() {
    let mut v = vec![0u64; 4];
    let p = std::hint::black_box(v.as_mut_ptr());
    // SAFETY: none: this is the bug the memory check must catch.
    unsafe { p.add(4).write(1) };
    drop(std::hint::black_box(v));
}
"""


UNINIT = """
/// Branches on memory nobody wrote on purpose (test only).
#[unsafe(no_mangle)]
pub extern "C" fn branch_on_uninit() -> i32 {
    let v: Vec<u64> = Vec::with_capacity(4);
    let p = std::hint::black_box(v.as_ptr());
    // SAFETY: none: reading memory never written is the bug the memory check must catch.
    let x = unsafe { p.read_volatile() };
    if x == 12345 {
        println!("never printed, but the jump depends on the value");
    }
    0
}
"""


def memcheck(copy, spec: str) -> subprocess.CompletedProcess:
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "hello"], cwd=copy.path, check=True)
    return book_py(copy.path, "verify", "--only", "memcheck", "--listing", spec.split("/")[0])


def test_a_folders_scripts_run_together_and_each_defect_is_named_by_its_script(book_copy):
    # Clean, a folder's two scripts share one valgrind run, and pass.
    second = "from loader import load_library\n\nload_library('hello').hello()\n"
    (book_copy.path / "listings/hello/second.py").write_text(second)
    done = memcheck(book_copy, "hello/hello.py")
    assert done.returncode == 0, done.stdout
    assert "PASS memcheck" in done.stdout and "2 scripts under valgrind, in 1 runs" in done.stdout
    # Then one defect per script, all in one copy: the shared run finds something, so each script
    # runs again alone and is named with what is its own (hello.py stays clean).
    book_copy.append("listings/hello/src/lib.rs", LEAK + UNINIT)
    head = "from loader import load_library\n\nlib = load_library('hello')\n"
    scripts = {
        "second.py": "lib.leak_on_purpose()\n",
        "past_end.py": "lib.write_past_end()\n",
        "uninit.py": "lib.branch_on_uninit()\n",
        # A timing loop runs once under valgrind, and what it leaks is still found: one block, not 5000.
        "timing.py": "import timeit\nprint(timeit.repeat(lib.leak_on_purpose, number=1000, repeat=5))\n",
        "quiet.py": "lib.hello()\n",  # named below as leaking, but it does not
    }
    for name, body in scripts.items():
        (book_copy.path / "listings/hello" / name).write_text(head + body)
    book_copy.append("listings/hello/checks.toml", '["quiet.py"]\nmemcheck = "expect leak: but it does not"\n')
    done = memcheck(book_copy, "hello/hello.py")
    out = done.stdout
    assert done.returncode == 1, out
    assert "ok   listings/hello/hello.py" in out
    for name in scripts:
        assert f"FAIL listings/hello/{name}" in out
    assert "listings/hello/second.py: leak: 4,096 bytes in 1 blocks are definitely lost" in out
    assert "listings/hello/past_end.py: invalid access: Invalid write of size 8" in out
    assert (
        "listings/hello/uninit.py: invalid access: Conditional jump or move depends on uninitialised value(s) "
        "at branch_on_uninit" in out
    )
    assert "listings/hello/timing.py: leak: 4,096 bytes in 1 blocks are definitely lost" in out
    assert "listings/hello/quiet.py: is named `expect leak` in its checks.toml but valgrind found no leak" in out
    # The five plain scripts together, then each alone; quiet.py, named in checks.toml, alone.
    assert "6 scripts under valgrind, in 7 runs" in out


def test_a_block_valgrind_calls_possibly_lost_still_counts_for_an_expected_leak():
    # 1 run in 16 of freeing/leak.py: a stale value pointed inside every leaked block
    obj = module.OUR_LIBS + "/libfreeing.so"
    xml = f"""<valgrindoutput><error><kind>Leak_PossiblyLost</kind>
    <xwhat><text>8,000,000 bytes in 20 blocks are possibly lost</text></xwhat>
    <stack><frame><fn>malloc</fn><obj>/usr/libexec/valgrind/vgpreload_memcheck.so</obj></frame>
    <frame><fn>squares_new</fn><obj>{obj}</obj></frame></stack></error></valgrindoutput>"""
    invalid, leaks, possible = module.findings(xml)
    assert (invalid, leaks) == ([], []) and possible == [
        "8,000,000 bytes in 20 blocks are possibly lost at squares_new (libfreeing.so)"
    ]


def test_a_shared_run_that_a_script_leaves_early_is_not_trusted(tmp_path, monkeypatch):
    # A script that leaves the shared run (os._exit) takes the runs after it with it: the run's
    # last line is missing, so check_together runs each script alone. RUN_MANY runs here without
    # valgrind (what it prints is the same); valgrind's verdict is stubbed: nothing found.
    first, second = tmp_path / "first.py", tmp_path / "second.py"
    first.write_text("import os\nprint('first')\nos._exit(0)\n")
    second.write_text("print('second')\n")
    done = subprocess.run([sys.executable, "-c", module.RUN_MANY, first, second], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "first\n" and module.ALL_RAN not in done.stderr
    whole = subprocess.run([sys.executable, "-c", module.RUN_MANY, second], capture_output=True, text=True)
    assert whole.stdout == "second\n" and whole.stderr.endswith(module.ALL_RAN)

    alone = []
    monkeypatch.setattr(module, "check", lambda spec: alone.append(spec) or [])
    for stderr, runs in ((done.stderr, 3), (whole.stderr, 1)):
        alone.clear()
        monkeypatch.setattr(module, "valgrind", lambda argv, stderr=stderr: (0, ([], [], []), stderr))
        found, _seconds, count = module.check_together(["x/first.py", "x/second.py"])
        assert found == {"x/first.py": [], "x/second.py": []} and count == runs
        assert alone == (["x/first.py", "x/second.py"] if runs == 3 else [])
