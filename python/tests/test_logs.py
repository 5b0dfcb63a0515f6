"""logs: logs_init routes every record, from any thread, to the sink; NULL stops them."""

import ctypes

from conftest import load_listing

SINK = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p)


def test_records_from_both_threads_then_none() -> None:
    lib = load_listing("logs")
    lib.logs_init.argtypes, lib.logs_init.restype = [SINK], ctypes.c_int
    lib.work.argtypes, lib.work.restype = [ctypes.c_uint32], ctypes.c_uint32
    seen = []
    sink = SINK(lambda level, target, message: seen.append((level, target, message)))
    assert lib.logs_init(sink) == 0
    assert lib.work(4) == 4
    assert seen == [
        (20, b"logs", b"starting 4 steps"),
        (10, b"logs::helper", b"helper thread counting to 4"),
        (20, b"logs", b"helper's sum: 6"),
        (30, b"logs", b"done: 4 steps"),
    ]
    assert lib.logs_init(SINK()) == 0  # NULL: records are dropped from now on
    assert lib.work(1) == 1 and len(seen) == 4
