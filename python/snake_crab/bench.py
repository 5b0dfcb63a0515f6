"""The book's benchmarks: Python against Rust through ctypes, measured side by side in one process.

    python3 python/book.py bench                      # the full run: writes src/benchmarks/
    python3 python/book.py bench --quick --out DIR    # small sizes, a few seconds: writes DIR

Builds the libraries it needs first (cargo, release profile), then times each case at several
sizes: every way of doing the same work is run in turn, several times, and the median time
of each is kept. Prints the medians and the ratios, a progress line per case on stderr, and
writes one SVG plot per case and `table.md` (the tables the Benchmarks chapter includes).
"""

import argparse
import ctypes
import datetime
import importlib
import importlib.util
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from array import array
from dataclasses import dataclass, field
from importlib import machinery
from pathlib import Path

import cffi
import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from snake_crab import ROOT

RELEASE = ROOT / "target" / "release"
CRATES = ["bench", "call_cost", "alternatives", "alternatives_pyo3"]
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
TIMES = "\N{MULTIPLICATION SIGN}"


@dataclass
class Mode:
    """How much to measure: the sizes of each case, the runs per way, the shortest run."""

    sizes: dict[str, list[int]]
    repeats: int
    min_time: float  # seconds: a run repeats the work until it takes at least this long


FULL = Mode(
    sizes={
        "pi": [10**k for k in range(1, 8)],
        "shuffle": [10**k for k in range(1, 7)],
        "convert": [10**k for k in range(1, 7)],
        "squares": [10**k for k in range(2, 8)],
    },
    repeats=7,
    min_time=0.02,
)
QUICK = Mode(
    sizes={"pi": [10, 1000], "shuffle": [10, 1000], "convert": [10, 1000], "squares": [100, 10_000]},
    repeats=3,
    min_time=0.002,
)


@dataclass
class Case:
    """One benchmark: for each size, a few ways to do the same work, and their median times."""

    name: str
    title: str
    size_label: str
    ways: list[str]
    baseline: str  # the way the ratios compare to
    times: dict[int, dict[str, float]] = field(default_factory=dict)  # size -> way -> seconds


# ---------------------------------------------------------------- the libraries


def load(name: str) -> ctypes.CDLL:
    return ctypes.CDLL(str(RELEASE / f"lib{name}.so"))


def build() -> None:
    """Build the crates the benchmarks call, and (root package) the headers cffi compiles against."""
    for crates in (CRATES, ["snake-crab"]):
        packages = [arg for crate in crates for arg in ("-p", crate)]
        subprocess.run(["cargo", "build", "--release", "--quiet", *packages], cwd=ROOT, check=True)


def declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    lib.pi_leibniz.argtypes = [ctypes.c_uint64]
    lib.pi_leibniz.restype = ctypes.c_double
    lib.shuffle_f64.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_uint64]
    lib.shuffle_f64.restype = ctypes.c_bool
    lib.squares.argtypes = [DOUBLE_P, DOUBLE_P, ctypes.c_size_t]
    lib.squares.restype = ctypes.c_bool
    return lib


# ---------------------------------------------------------------- timing


def extension(name: str, path: Path):
    """Import the extension module `name` from the file at `path` (no sys.path change)."""
    spec = importlib.util.spec_from_file_location(name, path, loader=machinery.ExtensionFileLoader(name, str(path)))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_times(ways: dict[str, tuple[str, dict]], mode: Mode) -> dict[str, float]:
    """The median time of one execution of each way's statement, the ways taking turns."""
    timers, numbers = {}, {}
    for way, (statement, names) in ways.items():
        timers[way] = timer = timeit.Timer(statement, globals=names)
        number = 1
        while (took := timer.timeit(number)) < mode.min_time:  # calibrate: how many per run
            number = max(number * 2, math.ceil(number * mode.min_time / max(took, 1e-9) * 1.1))
        numbers[way] = number
    runs: dict[str, list[float]] = {way: [] for way in ways}
    for _ in range(mode.repeats):
        for way, timer in timers.items():
            runs[way].append(timer.timeit(numbers[way]) / numbers[way])
    return {way: statistics.median(values) for way, values in runs.items()}


def show_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def show_ratio(ratio: float) -> str:
    """2 significant digits, never in exponent form: 0.53, 7.5, 51, 370."""
    return f"{ratio:.2g}" if ratio < 10 else f"{float(f'{ratio:.2g}'):,.0f}"


def progress(case: str, size: int, times: dict[str, float]) -> None:
    shown = ", ".join(f"{way} {show_time(t)}" for way, t in times.items())
    print(f"bench: {case} n={size:,}: {shown}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the cases


def pi_python(terms: int) -> float:
    """4 * (1 - 1/3 + 1/5 - 1/7 + ...), one term at a time."""
    total, sign = 0.0, 1.0
    for k in range(terms):
        total += sign / (2 * k + 1)
        sign = -sign
    return 4.0 * total


def pi_numpy(terms: int) -> float:
    """The same sum with whole-array operations: 1/1, 1/3, 1/5, ... then (even terms) - (odd terms)."""
    inverse = np.arange(1, 2 * terms, 2, dtype=np.float64)
    np.divide(1.0, inverse, out=inverse)
    return 4.0 * float(inverse[0::2].sum() - inverse[1::2].sum())


def bench_pi(lib: ctypes.CDLL, mode: Mode) -> Case:
    case = Case("pi", "Pi by the Leibniz series", "terms", ["pure Python", "NumPy", "Rust (ctypes)"], "pure Python")
    for n in mode.sizes["pi"]:
        results = [pi_python(n), pi_numpy(n), lib.pi_leibniz(n)]
        assert all(math.isclose(r, results[0], rel_tol=1e-9) for r in results), results
        ways = {
            "pure Python": ("f(n)", {"f": pi_python, "n": n}),
            "NumPy": ("f(n)", {"f": pi_numpy, "n": n}),
            "Rust (ctypes)": ("f(n)", {"f": lib.pi_leibniz, "n": n}),
        }
        case.times[n] = median_times(ways, mode)
        progress(case.name, n, case.times[n])
    return case


def shuffle_rust(lib: ctypes.CDLL, values: list[float], seed: int) -> list[float]:
    """List to C doubles, shuffle them in Rust, back to a list."""
    buffer = array("d", values)
    lib.shuffle_f64((ctypes.c_double * len(buffer)).from_buffer(buffer), len(buffer), seed)
    return buffer.tolist()


def shuffle_numpy(rng: np.random.Generator, values: list[float]) -> list[float]:
    """List to a NumPy array, shuffle it, back to a list."""
    data = np.array(values, dtype=np.float64)
    rng.shuffle(data)
    return data.tolist()


def bench_shuffle(lib: ctypes.CDLL, mode: Mode) -> Case:
    ways = [
        "random.shuffle",
        "NumPy, list in and out",
        "Rust, list in and out",
        "NumPy, array only",
        "Rust, buffer only",
    ]
    case = Case("shuffle", "Random permutation", "values", ways, "random.shuffle")
    rng, python_rng = np.random.default_rng(1), random.Random(1)
    for n in mode.sizes["shuffle"]:
        values = [float(i) for i in range(n)]
        buffer, data = array("d", values), np.array(values)
        c_buffer = (ctypes.c_double * n).from_buffer(buffer)
        for shuffled in (shuffle_rust(lib, values, 7), shuffle_numpy(rng, values)):
            assert sorted(shuffled) == values
        assert n < 10 or shuffle_rust(lib, values, 7) != values
        ways = {
            "random.shuffle": ("shuffle(values)", {"shuffle": python_rng.shuffle, "values": values[:]}),
            "NumPy, list in and out": ("f(rng, values)", {"f": shuffle_numpy, "rng": rng, "values": values}),
            "Rust, list in and out": ("f(lib, values, 7)", {"f": shuffle_rust, "lib": lib, "values": values}),
            "NumPy, array only": ("shuffle(data)", {"shuffle": rng.shuffle, "data": data}),
            "Rust, buffer only": ("f(p, n, 7)", {"f": lib.shuffle_f64, "p": c_buffer, "n": n}),
        }
        case.times[n] = median_times(ways, mode)
        progress(case.name, n, case.times[n])
    return case


def bench_convert(mode: Mode) -> Case:
    ways = ["(c_double * n)(*xs)", "array + from_buffer", "np.array(xs)"]
    case = Case("convert", "Converting a list to a C buffer", "values", ways, "(c_double * n)(*xs)")
    for n in mode.sizes["convert"]:
        xs = [i * 0.5 for i in range(n)]
        names = {"xs": xs, "n": n, "c_double": ctypes.c_double, "array": array, "np": np}
        assert list((ctypes.c_double * n)(*xs)) == list((ctypes.c_double * n).from_buffer(array("d", xs))) == xs
        assert np.array(xs).tolist() == xs
        ways = {
            "(c_double * n)(*xs)": ("(c_double * n)(*xs)", names),
            "array + from_buffer": ("(c_double * n).from_buffer(array('d', xs))", names),
            "np.array(xs)": ("np.array(xs, dtype=np.float64)", names),
        }
        case.times[n] = median_times(ways, mode)
        progress(case.name, n, case.times[n])
    return case


def bench_squares(lib: ctypes.CDLL, mode: Mode) -> Case:
    ways = ["Rust (ctypes)", "np.square", "np.copyto (copy only)"]
    case = Case("squares", "Squares of a float64 array", "values", ways, "np.square")
    for n in mode.sizes["squares"]:
        a, b = np.linspace(-1.0, 1.0, n), np.empty(n)
        pa, pb = a.ctypes.data_as(DOUBLE_P), b.ctypes.data_as(DOUBLE_P)  # made once, reused
        assert lib.squares(pa, pb, n) and np.array_equal(b, a * a)
        ways = {
            "Rust (ctypes)": ("f(pa, pb, n)", {"f": lib.squares, "pa": pa, "pb": pb, "n": n}),
            "np.square": ("f(a, out=b)", {"f": np.square, "a": a, "b": b}),
            "np.copyto (copy only)": ("f(b, a)", {"f": np.copyto, "a": a, "b": b}),
        }
        case.times[n] = median_times(ways, mode)
        progress(case.name, n, case.times[n])
    return case


def gigabytes_per_second(n: int, seconds: float) -> float:
    """Bytes read plus bytes written, per second: n float64 in, n out."""
    return 16 * n / seconds / 1e9


def load_call_targets(temp: Path) -> dict[str, tuple[str, dict]]:
    """The same tiny calls through each way: listings/call_cost's noop, listings/alternatives' add."""
    call_cost, alternatives = load("call_cost"), load("alternatives")
    bare_noop, declared_noop = call_cost["noop"], call_cost["noop"]
    declared_noop.argtypes, declared_noop.restype = [], None
    add = alternatives["add"]
    add.argtypes, add.restype = [ctypes.c_int64, ctypes.c_int64], ctypes.c_int64
    declaration = "int64_t add(int64_t a, int64_t b);"
    ffi = cffi.FFI()
    ffi.cdef(declaration)
    abi = ffi.dlopen(str(RELEASE / "libalternatives.so"))
    builder = cffi.FFI()  # API mode: a C extension module, compiled against the header
    builder.cdef(declaration)
    builder.set_source(
        "_bench_cffi",
        '#include "alternatives.h"',
        include_dirs=[str(ROOT / "listings" / "alternatives")],
        library_dirs=[str(RELEASE)],
        libraries=["alternatives"],
        extra_link_args=[f"-Wl,-rpath,{RELEASE}"],
    )
    built = Path(builder.compile(tmpdir=str(temp)))
    api, pyo3 = extension("_bench_cffi", built).lib, extension("alternatives_pyo3", RELEASE / "libalternatives_pyo3.so")

    def python_noop() -> None:
        pass

    def python_add(a: int, b: int) -> int:
        return a + b

    adds = {"ctypes add, declared": add, "cffi ABI add": abi.add, "cffi API add": api.add, "PyO3 add": pyo3.add}
    assert all(f(2**40, 2) == 2**40 + 2 for f in adds.values())
    return {
        "Python no-op": ("f()", {"f": python_noop}),
        "ctypes no-op, no argtypes": ("f()", {"f": bare_noop}),
        "ctypes no-op, declared": ("f()", {"f": declared_noop}),
        "Python add": ("f(1, 2)", {"f": python_add}),
        **{way: ("f(1, 2)", {"f": f}) for way, f in adds.items()},
    }


def bench_call(mode: Mode) -> Case:
    with tempfile.TemporaryDirectory() as temp:
        targets = load_call_targets(Path(temp))
    case = Case("call", "The cost of one call", "calls", list(targets), "Python no-op")
    case.times[1] = median_times(targets, mode)
    progress(case.name, 1, case.times[1])
    return case


# ---------------------------------------------------------------- output


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = models[0] if models else cpu
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=True).stdout.split()[1]
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()}; Python {platform.python_version()}, "
        f"NumPy {np.__version__}, rustc {rustc}; run on {datetime.date.today().isoformat()}"
    )


def speed(ratio: float) -> str:
    if 0.95 <= ratio <= 1.05:
        return f"as fast (within 5 %: {ratio:.2f} {TIMES})"
    return f"{show_ratio(ratio)} {TIMES} faster" if ratio >= 1 else f"{show_ratio(1 / ratio)} {TIMES} slower"


def grid(case: Case) -> list[list[list[str]]]:
    """The case's results as rows of cells, each cell a few short lines: a row per way, a column
    per size; each cell the median time, and for the other ways the speed-up over the baseline."""
    if case.name == "call":
        times = case.times[1]
        rows = [[["way"], ["time per call"], [f"{TIMES} the Python no-op"]]]
        return rows + [[[way], [show_time(t)], [show_ratio(t / times[case.baseline])]] for way, t in times.items()]
    sizes = list(case.times)
    rows = [[[f"{case.size_label} →"], *([f"{n:,}"] for n in sizes)]]
    for way in case.ways:
        row = [[way]]
        for n in sizes:
            t = case.times[n][way]
            cell = [f"{gigabytes_per_second(n, t):.3g} GB/s" if case.name == "squares" else show_time(t)]
            if way != case.baseline:
                cell.append(f"{show_ratio(case.times[n][case.baseline] / t)} {TIMES}")
            row.append(cell)
        rows.append(row)
    return rows


def legend(case: Case) -> str:
    """What the cells mean, and the speed-ups at the smallest and the largest size, in words."""
    if case.name == "call":
        return "Each time is for one call; the last column divides it by the Python no-op's."
    what = "bandwidth (bytes read + written per second, from the median time)" if case.name == "squares" else "time"
    words = [f"Each cell: the median {what}; for each way but {case.baseline}, its speed-up (above 1: faster)."]
    for n in (min(case.times), max(case.times)):
        times = case.times[n]
        others = [f"{way} {speed(times[case.baseline] / times[way])}" for way in case.ways if way != case.baseline]
        words.append(f"At {n:,} {case.size_label}, against {case.baseline}: {', '.join(others)}.")
    return " ".join(words)


def markdown(case: Case) -> list[str]:
    rows = grid(case)
    lines = ["| " + " | ".join("<br>".join(cell) for cell in row) + " |" for row in rows]
    lines.insert(1, "|:--|" + "--:|" * (len(rows[0]) - 1))
    return lines


def write_table(cases: list[Case], mode: Mode, out: Path, seconds: float) -> None:
    lines = [
        "<!-- Written by python/snake_crab/bench.py: do not edit. Regenerate with `python3 python/book.py bench`. -->",
        "",
        "<!-- ANCHOR: machine -->",
        f"Measured on: {machine()}. Each time is the median of {mode.repeats} runs;"
        f" measuring everything took {seconds:.0f} s.",
        "<!-- ANCHOR_END: machine -->",
    ]
    for case in cases:
        lines += ["", f"<!-- ANCHOR: {case.name} -->", *markdown(case), "", legend(case)]
        lines += [f"<!-- ANCHOR_END: {case.name} -->"]
    (out / "table.md").write_text("\n".join(lines) + "\n")


def style(way: str) -> dict:
    """The same colour for a tool in every plot (Python blue, NumPy orange, Rust green), dashed
    when the data is already in a buffer; the plain copy, a ceiling, dotted grey."""
    if "copy" in way:
        return {"color": "C7", "linestyle": ":", "marker": "o"}
    colour = "C2" if way.startswith("Rust") else "C1" if way.startswith(("NumPy", "np.")) else "C0"
    if way.startswith("array"):
        colour = "C4"
    return {"color": colour, "linestyle": "--" if "only" in way else "-", "marker": "o"}


def plot(case: Case, out: Path) -> None:
    """One SVG per case: time (or GB/s for squares) against size on log axes; bars for calls."""
    fig = Figure(figsize=(7.5, 4.2), layout="constrained")
    ax = fig.subplots()
    if case.name == "call":
        times = case.times[1]
        names = list(times)[::-1]
        colours = [
            style(w.replace("ctypes", "Rust").replace("cffi", "Rust").replace("PyO3", "Rust"))["color"] for w in names
        ]
        bars = ax.barh(names, [times[w] * 1e9 for w in names], color=colours)
        ax.bar_label(bars, labels=[show_time(times[w]) for w in names], padding=3)
        ax.set_xlabel("nanoseconds per call (shorter is faster)")
        ax.margins(x=0.12)
    else:
        sizes = list(case.times)
        for way in case.ways:
            if case.name == "squares":
                values = [gigabytes_per_second(n, case.times[n][way]) for n in sizes]
            else:
                values = [case.times[n][way] for n in sizes]
            ax.plot(sizes, values, label=way, **style(way))
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
        if case.name == "squares":
            ax.set_ylabel("GB/s read + written (higher is faster)")
            ax.set_ylim(bottom=0)
        else:
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: show_time(y)))
            ax.set_ylabel("time per call (lower is faster)")
        ax.set_xlabel(f"{case.size_label} (log scale)")
        ax.legend()
    ax.grid(True, which="major", alpha=0.3)
    ax.set_title(case.title)
    fig.savefig(out / f"{case.name}.svg", metadata={"Date": None})


def report(case: Case) -> None:
    """The medians and ratios on stdout, as aligned plain text."""
    rows = [[" ".join(cell) for cell in row] for row in grid(case)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"\n{case.title}")
    for row in rows:
        print(
            "  "
            + "  ".join(
                text.ljust(w) if i == 0 else text.rjust(w) for i, (text, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(legend(case))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs: checks the harness")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "benchmarks", help="where to write the outputs")
    parser.add_argument("--no-build", action="store_true", help="use the libraries in target/release as they are")
    args = parser.parse_args(argv)
    if args.quick and args.out.resolve() == (ROOT / "src" / "benchmarks").resolve():
        parser.error("--quick needs --out DIR: the book's outputs come from full runs only")
    mode = QUICK if args.quick else FULL
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "snake-crab"  # the same ids in every run: a stable diff
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: small files, searchable
    if not args.no_build:
        build()
    lib = declare(load("bench"))
    start = time.monotonic()
    cases = [bench_call(mode), bench_pi(lib, mode), bench_shuffle(lib, mode), bench_convert(mode)]
    cases.append(bench_squares(lib, mode))
    args.out.mkdir(parents=True, exist_ok=True)
    for case in cases:
        report(case)
        plot(case, args.out)
    write_table(cases, mode, args.out, time.monotonic() - start)
    print(f"\nwrote {', '.join(f'{c.name}.svg' for c in cases)} and table.md to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
