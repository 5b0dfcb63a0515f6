"""DANGER: an argv-style array without its NULL terminator: Rust reads on past its end."""

import ctypes
import subprocess
import sys

from loader import load_library

lib = load_library("string_arrays")
lib.count_words.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
lib.count_words.restype = ctypes.c_ssize_t


class Memory(ctypes.Structure):
    # Two strings with no slot for the NULL, and other strings right after them in memory.
    _fields_ = [("words", ctypes.c_char_p * 2), ("after", ctypes.c_char_p * 2)]


WORDS = ["hello", "world"]

if sys.argv[1:] == ["neighbour"]:
    memory = Memory(
        words=(ctypes.c_char_p * 2)(*[w.encode() for w in WORDS]),
        after=(ctypes.c_char_p * 2)(b"three more words", None),
    )
    print(lib.count_words(memory.words))
    sys.exit(0)
if sys.argv[1:] == ["heap"]:
    many = WORDS * 3  # an array of 6 strings on the heap, and no NULL after them
    print(lib.count_words((ctypes.c_char_p * len(many))(*[w.encode() for w in many])))
    sys.exit(0)

for case, expected in [("neighbour", 2), ("heap", 6)]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    printed = child.stdout.strip() or "nothing"
    print(f"{case}: {expected} words expected; exit code {child.returncode}, printed {printed}")

# The fix: one more slot, set to None (NULL). The argv() helper of string_arrays.py does it.
terminated = (ctypes.c_char_p * (len(WORDS) + 1))(*[w.encode() for w in WORDS], None)
print("with the NULL:", lib.count_words(terminated))
