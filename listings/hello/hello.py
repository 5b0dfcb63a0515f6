"""Load the `hello` Rust library and call its one function."""

from loader import load_library

lib = load_library("hello")
lib.hello.argtypes = []  # takes no arguments
lib.hello.restype = None  # returns nothing (ctypes assumes a C int otherwise)

lib.hello()
