"""The book's pictures: SVG files drawn from measured facts, never by hand.

    python3 python/book.py pictures      # write src/pictures/*.svg (the gen check fails when one is stale)

- strides.svg: a NumPy view with a step, as NumPy reads it (from its real strides) and as
  Rust reads it given the pointer and the length (Arrays: "Danger: a strided view");
- padding.svg: the bytes of `Pair { small: u8, big: f64 }`, from ctypes' real field offsets
  and sizes (which the cheat-sheet listing checks against Rust's);
- ownership.svg: who allocates, who frees, for the two directions memory crosses.
Each is drawn on its own white background with dark text, so that it reads the same in all
five of mdBook's themes; the page gives each an `alt` text that says what it shows.
"""

import ctypes
from html import escape

from snake_crab import ROOT

OUT = ROOT / "src" / "pictures"
INK, MUTED, PAPER = "#1b1b1b", "#4a4a4a", "#ffffff"
GREEN, GREEN_EDGE = "#d3ecd9", "#1f6b35"
RED, RED_EDGE = "#f7d6d0", "#a3271b"
PLAIN, PLAIN_EDGE = "#f0f0f0", "#6b6b6b"
FONT = 'font-family="DejaVu Sans, Verdana, sans-serif"'


def svg(width: int, height: int, title: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" {FONT}>',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width}" height="{height}" fill="{PAPER}"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def text(x: float, y: float, words: str, size: int = 13, anchor: str = "start", color: str = INK) -> str:
    return f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" fill="{color}">{escape(words)}</text>'


def box(x: float, y: float, w: float, h: float, fill: str, edge: str) -> str:
    return f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="{fill}" stroke="{edge}" stroke-width="1.5"/>'


def strides() -> str:
    import numpy as np

    x = np.arange(10.0)
    view = x[::2]
    item = x.itemsize
    read = len(view)  # Rust reads this many elements in a row from the view's first
    step = view.strides[0] // item
    cell, left = 52, 20
    body = [
        text(left, 24, f"x = np.arange(10.0): 10 float64s in a row, {item} bytes each", 14),
        text(left, 46, f"evens = x[::2]: a view, strides ({view.strides[0]},), the same memory", 14),
    ]
    rows = [
        ("what NumPy reads for evens", lambda i: i % step == 0 and i // step < len(view), GREEN, GREEN_EDGE),
        (f"what Rust reads, given the pointer and len(evens) = {read}", lambda i: i < read, RED, RED_EDGE),
    ]
    for r, (label, used, fill, edge) in enumerate(rows):
        top = 76 + r * 96
        body.append(text(left, top, label, 13, color=MUTED))
        for i in range(len(x)):
            on = used(i)
            body.append(box(left + i * cell, top + 10, cell - 4, 40, fill if on else PLAIN, edge if on else PLAIN_EDGE))
            body.append(text(left + i * cell + (cell - 4) / 2, top + 36, f"x[{i}]", 13, "middle"))
            body.append(text(left + i * cell + (cell - 4) / 2, top + 66, f"+{i * item}", 11, "middle", MUTED))
    title = (
        f"A view with a step of {step}: NumPy reads x[0], x[{step}] and so on, while Rust, "
        f"given the pointer and the length, reads the first {read} elements in a row"
    )
    return svg(left * 2 + len(x) * cell, 250, title, body)


def padding() -> str:
    class Pair(ctypes.Structure):
        _fields_ = [("small", ctypes.c_uint8), ("big", ctypes.c_double)]

    size = ctypes.sizeof(Pair)
    fields = [(name, getattr(Pair, name).offset, getattr(Pair, name).size) for name, _ in Pair._fields_]
    owner = {b: name for name, offset, width in fields for b in range(offset, offset + width)}
    cell, left = 40, 20
    body = [
        text(left, 24, f"#[repr(C)] struct Pair {{ small: u8, big: f64 }}: {size} bytes", 14),
        text(left, 44, "ctypes.sizeof(Pair) and each field's offset and size, as measured", 12, color=MUTED),
    ]
    for b in range(size):
        name = owner.get(b)
        fill, edge = (
            (GREEN, GREEN_EDGE) if name == "small" else (PLAIN, PLAIN_EDGE) if name is None else (RED, RED_EDGE)
        )
        body.append(box(left + b * cell, 92, cell - 3, 40, fill, edge))
        body.append(text(left + b * cell + (cell - 3) / 2, 150, str(b), 11, "middle", MUTED))
    gaps = [b for b in range(size) if b not in owner]
    align = ctypes.alignment(ctypes.c_double)
    spans = [(name, offset, width) for name, offset, width in fields]
    if gaps:
        spans.append((f"padding, {len(gaps)} bytes", gaps[0], len(gaps)))
    for label, offset, width in spans:
        start, end = left + offset * cell, left + (offset + width) * cell - 3
        body.append(text((start + end) / 2, 74, label, 13, "middle"))
        body.append(
            f'<path d="M{start:g} 86 l0 -4 l{end - start:g} 0 l0 4" fill="none" stroke="{INK}" stroke-width="1.5"/>'
        )
    if gaps:
        body.append(
            text(
                left,
                176,
                f"big starts at offset {fields[1][1]}, a multiple of its alignment, {align}",
                12,
                color=MUTED,
            )
        )
    title = f"Pair takes {size} bytes: small at 0, {len(gaps)} bytes of padding, big at {fields[1][1]}"
    return svg(left * 2 + size * cell, 192, title, body)


def ownership() -> str:
    left, width = 20, 760
    lanes = [
        (
            "Python allocates: a ctypes array, bytearray or NumPy array",
            [
                "Python makes the buffer",
                "Rust borrows it during the call, keeps nothing",
                "Python's garbage collector frees it",
            ],
            GREEN,
            GREEN_EDGE,
        ),
        (
            "Rust allocates: a Box, Vec or CString handed out as a pointer",
            [
                "Rust makes it, returns the pointer",
                "Python holds the pointer, reads through it",
                "Python calls Rust's free function, once",
            ],
            RED,
            RED_EDGE,
        ),
    ]
    body = [text(left, 24, "Whoever allocates, frees: each allocator frees only its own memory", 14)]
    for r, (label, steps, fill, edge) in enumerate(lanes):
        top = 50 + r * 110
        body.append(text(left, top + 4, label, 13, color=MUTED))
        step_w = (width - 2 * 24) / 3
        for i, step in enumerate(steps):
            x = left + i * (step_w + 24)
            body.append(box(x, top + 14, step_w, 56, fill, edge))
            words = step.split(", ")
            for k, part in enumerate(words):
                line = part if k == len(words) - 1 else part + ","
                body.append(text(x + step_w / 2, top + 46 + 16 * k - 8 * (len(words) - 1), line, 12, "middle"))
            if i < 2:
                arrow_x = x + step_w + 3
                body.append(
                    f'<path d="M{arrow_x:g} {top + 42} l16 0 m-6 -6 l6 6 l-6 6" '
                    f'fill="none" stroke="{INK}" stroke-width="2"/>'
                )
    title = (
        "Memory Python allocates is borrowed by Rust and freed by Python; memory Rust allocates "
        "is held by Python and freed by calling Rust's free function"
    )
    return svg(left * 2 + width, 250, title, body)


PICTURES = {"strides.svg": strides, "padding.svg": padding, "ownership.svg": ownership}


def draw(write: bool) -> list[str]:
    """Write every picture that is missing or out of date (write=True), or name each one (False)."""
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    for name, drawing in PICTURES.items():
        path = OUT / name
        drawn = drawing()
        if path.is_file() and path.read_text() == drawn:
            continue
        if write:
            path.write_text(drawn)
            print(f"pictures: wrote src/pictures/{name}")
        else:
            stale.append(f"src/pictures/{name} is out of date: run `python3 python/book.py pictures`")
    return stale


def stale() -> list[str]:
    return draw(write=False)
