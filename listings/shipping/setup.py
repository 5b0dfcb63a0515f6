"""The one thing pyproject.toml cannot say: the wheel's tag.

A ctypes library uses no part of Python's C API, so one wheel serves every Python 3 on a
platform: its tag is py3-none-<platform>, not cp311-cp311-<platform>."""

from setuptools import setup
from setuptools.command.bdist_wheel import bdist_wheel


class AnyPython3(bdist_wheel):
    def get_tag(self) -> tuple[str, str, str]:
        _python, _abi, platform = super().get_tag()
        return "py3", "none", platform


setup(cmdclass={"bdist_wheel": AnyPython3})
