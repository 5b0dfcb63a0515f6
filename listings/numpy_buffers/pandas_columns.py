"""A pandas column is a NumPy array: what Rust's in-place writes do to it, and the honest way."""

import ctypes

import numpy as np
import pandas as pd
from loader import load_library

lib = load_library("numpy_buffers")
lib.add_in_place_i64.argtypes = [ctypes.POINTER(ctypes.c_int64), ctypes.c_size_t, ctypes.c_int64]
lib.add_in_place_i64.restype = ctypes.c_bool
# The same function with checks, for the second half (lib["name"] is a new function object).
add_checked = lib["add_in_place_i64"]
add_checked.argtypes = [
    np.ctypeslib.ndpointer(dtype=np.int64, ndim=1, flags="C_CONTIGUOUS,ALIGNED,WRITEABLE"),
    ctypes.c_size_t,
    ctypes.c_int64,
]
add_checked.restype = ctypes.c_bool

people = pd.DataFrame({"name": ["Alice", "Bob", "Charlie"], "age": [20, 30, 40]})
before = people[["name", "age"]]  # meant as a snapshot: pandas treats it as a separate frame
young = people[people["age"] < 40]  # a row selection: a copy
print("pandas", pd.__version__, "| numpy", np.__version__)

ages = people["age"].to_numpy()  # no copy: the column's own memory (.values gives the same)
print("ages:", ages, "| dtype:", ages.dtype, "| writeable:", ages.flags.writeable)
try:
    ages[0] = 21
except ValueError as err:
    print("ages[0] = 21 -> ValueError:", err)

# ctypes does not look at the flag: Rust writes through the pointer anyway.
lib.add_in_place_i64(ages.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)), ages.size, 5)
print("after Rust added 5 through the read-only array's pointer:")
print("  people:", people["age"].tolist())
for name, frame in (("before", before), ("young", young)):
    shared = np.shares_memory(frame["age"].to_numpy(), ages)
    print(f"  {name + ':':7} {frame['age'].tolist()} | shares the memory: {shared}")

# Asking for a writeable array in argtypes turns the same call into an error.
try:
    add_checked(people["age"].to_numpy(), len(people), 5)
except ctypes.ArgumentError as err:
    print(f"add_checked(people['age'].to_numpy()) -> ctypes.ArgumentError:\n    {err}")

# The honest way: Rust works on an array of our own, then pandas gets the result.
people = pd.DataFrame({"name": ["Alice", "Bob", "Charlie"], "age": [20, 30, 40]})
before = people[["name", "age"]]
ages = people["age"].to_numpy(dtype=np.int64, copy=True)  # our own, writeable
add_checked(ages, ages.size, 5)
people["age"] = ages  # pandas replaces the column (copying the array): other frames keep theirs
print("the honest way:")
print("  people:", people["age"].tolist())
shared = np.shares_memory(before["age"].to_numpy(), people["age"].to_numpy())
print("  before:", before["age"].tolist(), "| shares the memory:", shared)
