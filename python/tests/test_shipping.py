"""shipping: crabmath_mean gives NaN for NULL or empty input instead of reading memory."""

import ctypes
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import load_listing

ROOT = Path(__file__).resolve().parents[2]


def test_null_and_empty_give_nan():
    lib = load_listing("shipping")
    lib.crabmath_mean.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
    lib.crabmath_mean.restype = ctypes.c_double
    assert math.isnan(lib.crabmath_mean(None, 5))
    values = (ctypes.c_double * 2)(1.0, 2.0)
    assert math.isnan(lib.crabmath_mean(values, 0))
    assert lib.crabmath_mean(values, 2) == 1.5


def test_the_package_works_from_a_zip(tmp_path):
    """Imported from a zip, the loader gets a temporary copy of the library: the copy must stay
    on disk for as long as the library is loaded, not vanish when loading is done."""
    archive = tmp_path / "crabmath.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(ROOT / "listings" / "shipping" / "crabmath" / "__init__.py", "crabmath/__init__.py")
        zipped.write(ROOT / "target" / "release" / "libshipping.so", "crabmath/_native.abi3.so")
    code = "import crabmath, os; print(crabmath.mean([1, 2, 6]), os.path.exists(crabmath._lib._name))"
    env = dict(os.environ, PYTHONPATH=str(archive))
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.stdout.split() == ["3.0", "True"], done.stderr
